"""The library API, on the shipped model: loading, labelling, documents, explanations."""

from __future__ import annotations

import numpy as np
import pytest

import stance
from tests.conftest import EXAMPLE

CLEAR = [
    ("Sign the petition and tell the council to end the contract.", "advocacy"),
    ("Cities should stop sharing residents' data with federal agencies.", "advocacy"),
    ("The county signed a $12 million contract with the vendor in 2019.", "factual_claim"),
    ("Protesters blocked the entrance for about forty minutes before police cleared it.", "factual_claim"),
    ("Disclaimer: nothing in this newsletter is tax advice.", "disclaimer"),
    ("An earlier version of this story misstated the date of the hearing.", "disclaimer"),
    ("Past performance is no guarantee of future results.", "disclaimer"),
]


def test_shipped_model_loads_from_the_installed_package(shipped_model) -> None:
    assert shipped_model.labels == stance.LABELS
    assert len(shipped_model.topics) == 17
    assert shipped_model.card["corpus"]["passages"] >= 6000


@pytest.mark.parametrize("text, label", CLEAR)
def test_clear_examples_from_the_label_spec(shipped_model, text, label) -> None:
    assert shipped_model.predict([text]) == [label]


def test_predict_proba_rows_sum_to_one(shipped_model) -> None:
    proba = shipped_model.predict_proba([t for t, _ in CLEAR])
    assert proba.shape == (len(CLEAR), 3)
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_label_gives_passages_with_offsets_and_topics(shipped_model) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    passages = shipped_model.label(text)
    assert [p.index for p in passages] == list(range(len(passages)))
    assert all(text[p.start:p.end] == p.text for p in passages)
    labels = {p.label for p in passages}
    assert labels == {"factual_claim", "advocacy", "disclaimer"}
    by_text = {p.text: p for p in passages}
    assert by_text["By Lena Okafor, Staff Reporter"].label == "disclaimer"
    assert by_text["Photo: Daniel Mercer / Port Calloway Gazette"].label == "disclaimer"
    assert any(t.id == "politics" for p in passages for t in p.topics)


def test_summarize_reports_the_document(shipped_model) -> None:
    summary = shipped_model.summarize(EXAMPLE.read_text(encoding="utf-8"), source="x").to_dict()
    assert summary["source"] == "x" and summary["passages"] == sum(summary["labels"].values())
    assert summary["topics"] and summary["topics"][0]["id"] in {"politics", "environment", "disaster"}


def test_predict_topics_on_clear_subjects(shipped_model) -> None:
    topics = shipped_model.predict_topics([
        "The striker scored twice as United beat City 3-1 in the derby.",
        "The central bank raised interest rates to 5.25% to curb inflation.",
        "Heavy rain and gales are forecast for the weekend, with a yellow warning in place.",
    ])
    assert [t[0].id if t else None for t in topics] == ["sport", "economy", "weather"]


def test_explain_names_the_terms_behind_a_label(shipped_model) -> None:
    evidence = shipped_model.explain("Disclaimer: this is not financial advice.", "disclaimer", k=4)
    assert 0 < len(evidence) <= 4
    assert any("disclaimer" in term or "advice" in term for term, _ in evidence)


def test_threshold_validation() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        stance.load().label("Hello.", threshold=2)
