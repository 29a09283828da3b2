"""The shipped model is what ``stance train`` builds from ``corpora/`` with the README's
settings. Slow (a full training run with cross-validation, about a quarter of an hour)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

import stance
from stance.cli import main
from stance.training import corpus_items
from tests.conftest import CORPUS


@pytest.mark.slow
def test_stance_train_rebuilds_the_shipped_model(tmp_path, corpus_records, shipped_model) -> None:
    out = tmp_path / "model"
    result = CliRunner().invoke(main, ["train", "--corpus", str(CORPUS), "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rebuilt = stance.load(out)
    for key in ("labels", "topics", "features", "stance", "topic", "seed"):
        assert rebuilt.card[key] == shipped_model.card[key], key
    assert rebuilt.card["corpus"]["sha256"] == shipped_model.card["corpus"]["sha256"], \
        "corpora/ changed since the shipped model was trained: run 'stance train'"
    items = corpus_items(corpus_records)
    texts, contexts = [i.text for i in items], [i.context for i in items]
    ours, theirs = rebuilt._probabilities(texts, contexts), shipped_model._probabilities(texts, contexts)
    for a, b in zip(ours, theirs):
        assert np.abs(a - b).max() < 1e-9
    assert json.loads((out / "card.json").read_text())["weights"]["sha256"] == \
        shipped_model.card["weights"]["sha256"]
