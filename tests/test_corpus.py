"""The corpus loader's validation, and the project corpus itself against the issues' bars."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.corpus import load_corpus, load_examples
from stance.errors import CorpusError
from stance.taxonomy import LABELS, topics

GOOD = {"id": "a1", "text": "Sign the petition.", "label": "advocacy", "topics": ["politics"],
        "genre": "petition", "doc": "d1"}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("record, message", [
    ({**GOOD, "label": "opinion"}, "unknown label 'opinion'"),
    ({**GOOD, "text": "   "}, "field 'text' is empty"),
    ({**GOOD, "topics": ["sports"]}, "unknown topic 'sports'"),
    ({k: v for k, v in GOOD.items() if k != "genre"}, "missing field(s) genre"),
    ({**GOOD, "topics": "politics;economy", "label": 3}, "unknown label 3"),
    ({**GOOD, "id": 7}, "field 'id' must be a string"),
])
def test_bad_record_is_reported_with_file_and_line(tmp_path, record, message) -> None:
    path = write_lines(tmp_path / "c.jsonl", [json.dumps(GOOD), json.dumps(record)])
    with pytest.raises(CorpusError) as caught:
        load_corpus([path])
    assert str(caught.value).startswith(f"{path}:2: ")
    assert message in str(caught.value)


def test_invalid_json_names_the_line(tmp_path) -> None:
    path = write_lines(tmp_path / "c.jsonl", [json.dumps(GOOD), "", '{"id": "x", "text": '])
    with pytest.raises(CorpusError, match=r"c\.jsonl:3: invalid JSON"):
        load_corpus([path])


def test_duplicate_id_names_both_places(tmp_path) -> None:
    path = write_lines(tmp_path / "c.jsonl", [json.dumps(GOOD), json.dumps({**GOOD, "text": "Other."})])
    with pytest.raises(CorpusError, match=r"c\.jsonl:2: duplicate id 'a1' \(first at .*c\.jsonl:1\)"):
        load_corpus([path])


def test_non_utf8_names_line_and_byte(tmp_path) -> None:
    path = tmp_path / "c.jsonl"
    first = json.dumps(GOOD).encode() + b"\n"
    path.write_bytes(first + b'{"id": "caf\xe9"}\n')
    offset = len(first) + len(b'{"id": "caf')
    with pytest.raises(CorpusError, match=rf"c\.jsonl:2: not UTF-8 \(byte offset {offset}\)"):
        load_corpus([path])


def test_missing_file_and_empty_directory(tmp_path) -> None:
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus([tmp_path / "nope.jsonl"])
    with pytest.raises(CorpusError, match="directory has no .jsonl files"):
        load_corpus([tmp_path])


def test_examples_from_csv_with_topics(tmp_path) -> None:
    path = tmp_path / "eval.csv"
    path.write_text('text,label,topics\n"Vote today, friends.",advocacy,politics\nIt rained.,,weather;\n',
                    encoding="utf-8")
    records, has_topics = load_examples(path)
    assert has_topics
    assert [(r.text, r.label, r.topics) for r in records] == [
        ("Vote today, friends.", "advocacy", ("politics",)), ("It rained.", None, ("weather",))]


def test_csv_without_text_column_is_rejected(tmp_path) -> None:
    path = tmp_path / "eval.csv"
    path.write_text("sentence,label\nx,advocacy\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="must have a 'text' column"):
        load_examples(path)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["c.jsonl", "c.csv"]))
def test_loaders_raise_only_corpus_errors_on_arbitrary_bytes(tmp_path_factory, data, name) -> None:
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    for load in (lambda: load_corpus([path]), lambda: load_examples(path)):
        try:
            load()
        except CorpusError:
            pass


def test_project_corpus_meets_the_bars(corpus_records) -> None:
    """Issues 2-4: size, labels, genres, topic coverage and topics on non-disclaimers."""
    labels = Counter(r.label for r in corpus_records)
    assert len(corpus_records) >= 6000
    assert all(labels[label] >= 1500 for label in LABELS), labels
    assert len({r.genre for r in corpus_records}) >= 25
    per_topic = Counter(t for r in corpus_records for t in r.topics)
    assert all(per_topic[t.id] >= 80 for t in topics()), per_topic
    untagged = [r for r in corpus_records if r.label != "disclaimer" and not r.topics]
    assert len(untagged) < 0.2 * len(corpus_records)


def test_documents_are_contiguous(corpus_records) -> None:
    """Passages of one document sit together, in order, so context features are right."""
    seen, previous = set(), None
    for record in corpus_records:
        if record.doc != previous:
            assert record.doc not in seen, f"{record.where}: document {record.doc} is split"
            seen.add(previous)
            previous = record.doc
