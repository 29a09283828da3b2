"""The command line: output formats and their contract, errors, exit codes, every option wired."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from stance.cli import main
from tests.conftest import EXAMPLE

FIELDS = {"source", "index", "start", "end", "text", "label", "score", "scores", "topics"}


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def model_args(quick_model_dir) -> list[str]:
    return ["--model", str(quick_model_dir)]


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_jsonl_contract_on_the_example(model_args) -> None:
    result = run("label", *model_args, "--format", "jsonl", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    rows = jsonl(result.stdout)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert [r["index"] for r in rows] == list(range(len(rows))) and len(rows) >= 15
    for row in rows:
        assert set(row) == FIELDS
        assert row["source"] == str(EXAMPLE)
        assert text[row["start"]:row["end"]] == row["text"]
        assert row["label"] in row["scores"] and row["score"] == row["scores"][row["label"]]
        assert abs(sum(row["scores"].values()) - 1) < 1e-3
        for topic in row["topics"]:
            assert set(topic) == {"id", "code", "name", "score"} and topic["code"].startswith("medtop:")


def test_unit_line_gives_one_object_per_non_empty_line(model_args, tmp_path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"First line. Two sentences here.\r\n\r\n  second  \n\nthird\n")
    rows = jsonl(run("label", *model_args, "--format", "jsonl", "--unit", "line", str(path)).stdout)
    assert [r["text"] for r in rows] == ["First line. Two sentences here.", "second", "third"]
    text = path.read_bytes().decode()
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)


def test_csv_has_a_column_per_label_and_topics(model_args) -> None:
    result = run("label", *model_args, "--format", "csv", str(EXAMPLE))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["source", "index", "start", "end", "text", "label", "score",
                             "p_factual_claim", "p_advocacy", "p_disclaimer", "topics"]
    assert len(rows) == len(jsonl(run("label", *model_args, "--format", "jsonl", str(EXAMPLE)).stdout))


def test_table_is_readable(model_args) -> None:
    output = run("label", *model_args, "--format", "table", str(EXAMPLE)).stdout
    assert output.splitlines()[0].split() == ["#", "label", "score", "topics", "text"]
    assert f"== {EXAMPLE}" in output


def test_stdin_is_read_with_dash_and_without_paths(model_args) -> None:
    for args in (["-"], []):
        rows = jsonl(run("label", *model_args, "--format", "jsonl", *args, input="Vote today. It rained.").stdout)
        assert [r["source"] for r in rows] == ["-", "-"]


def test_threshold_marks_uncertain_passages(model_args) -> None:
    rows = jsonl(run("label", *model_args, "--format", "jsonl", "--threshold", "0.9999", str(EXAMPLE)).stdout)
    uncertain = [r for r in rows if r["label"] == "uncertain"]
    assert uncertain and all(max(r["scores"].values()) < 0.9999 for r in uncertain)
    assert all(r["score"] >= 0.9999 for r in rows if r["label"] != "uncertain")


def test_explain_adds_evidence_terms(model_args) -> None:
    rows = jsonl(run("label", *model_args, "--format", "jsonl", "--explain", "3", str(EXAMPLE)).stdout)
    assert all(len(r["evidence"]) <= 3 for r in rows)
    assert any(r["evidence"] for r in rows)
    for row in rows:
        weights = [w for _, w in row["evidence"]]
        assert weights == sorted(weights, reverse=True) and all(w > 0 for w in weights)


def test_document_level_summary(model_args, tmp_path) -> None:
    rows = jsonl(run("label", *model_args, "--format", "jsonl", "--level", "document", str(EXAMPLE)).stdout)
    assert len(rows) == 1
    summary = rows[0]
    assert summary["source"] == str(EXAMPLE)
    passages = jsonl(run("label", *model_args, "--format", "jsonl", str(EXAMPLE)).stdout)
    assert summary["passages"] == len(passages) == sum(summary["labels"].values())
    assert summary["topics"], "a news article should have a document topic"


def test_one_bad_input_does_not_stop_the_others(model_args, tmp_path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le café est fermé.".encode("latin-1"))
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    result = run("label", *model_args, "--format", "jsonl", str(tmp_path / "missing.txt"), str(binary),
                 str(EXAMPLE), str(latin), str(empty_dir))
    assert result.exit_code == 1
    assert {r["source"] for r in jsonl(result.stdout)} == {str(EXAMPLE)}
    errors = result.stderr.strip().splitlines()
    assert errors == [
        f"stance: {tmp_path / 'missing.txt'}: no such file or directory",
        f"stance: {binary}: binary file (not text); give a text file",
        f"stance: {latin}: not valid utf-8 at byte offset 6; use --encoding to name the file's encoding",
        f"stance: {empty_dir}: directory has no text files (.txt, .text, .md, .markdown, .rst)",
    ]
    assert "Traceback" not in result.output


def test_encoding_option_reads_latin1(model_args, tmp_path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le café est fermé.".encode("latin-1"))
    rows = jsonl(run("label", *model_args, "--format", "jsonl", "--encoding", "latin-1", str(latin)).stdout)
    assert rows[0]["text"] == "Le café est fermé."


def test_empty_file_is_not_a_failure(model_args, tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("label", *model_args, "--format", "jsonl", str(empty))
    assert result.exit_code == 0 and result.stdout == ""
    assert "no text to label" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--threshold", "1.5"], "1.5 is not in the range"),
    (["--unit", "word"], "'word' is not one of"),
    (["--encoding", "klingon"], "unknown encoding 'klingon'"),
    (["--explain", "-1"], "-1 is not in the range"),
])
def test_usage_errors_exit_2(model_args, args, message) -> None:
    result = run("label", *model_args, *args, str(EXAMPLE))
    assert result.exit_code == 2 and message in result.stderr


def test_bad_model_is_one_line_exit_1(tmp_path) -> None:
    result = run("label", "--model", str(tmp_path / "nope"), str(EXAMPLE))
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("stance: ") and len(result.stderr.strip().splitlines()) == 1


def test_evaluate_reports_stance_and_topics(model_args, tmp_path) -> None:
    data = tmp_path / "eval.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in [
        {"text": "Sign the petition and tell the council to act.", "label": "advocacy", "topics": ["politics"]},
        {"text": "The council met on Tuesday.", "label": "factual_claim", "topics": ["politics"]},
        {"text": "This is not legal advice.", "label": "disclaimer", "topics": []},
    ]), encoding="utf-8")
    result = run("evaluate", *model_args, "--format", "json", str(data))
    report = json.loads(result.stdout)
    assert report["n"] == 3 and report["stance"]["n"] == 3
    assert set(report["stance"]["per_label"]) == {"factual_claim", "advocacy", "disclaimer"}
    assert "micro_f1" in report["topics"]
    text = run("evaluate", *model_args, str(data)).stdout
    assert "macro-F1" in text and "confusion" in text and "topic micro-F1" in text


def test_evaluate_reads_csv(model_args, tmp_path) -> None:
    data = tmp_path / "eval.csv"
    data.write_text("text,label\nVote yes on Friday!,advocacy\nThe bridge opened in 1932.,factual_claim\n")
    report = json.loads(run("evaluate", *model_args, "--format", "json", str(data)).stdout)
    assert report["stance"]["n"] == 2 and "topics" not in report


def test_evaluate_bad_data_is_one_line(model_args, tmp_path) -> None:
    data = tmp_path / "eval.jsonl"
    data.write_text('{"text": "x", "label": "maybe"}\n')
    result = run("evaluate", *model_args, str(data))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"stance: {data}:1: unknown label 'maybe'; expected one of factual_claim, advocacy, disclaimer"


def test_train_writes_a_model_and_reports(tmp_path, corpus_records) -> None:
    small = tmp_path / "corpus.jsonl"
    picked = [r for r in corpus_records if r.id.startswith(("news-", "note-", "opin-"))][:900]
    small.write_text("\n".join(json.dumps({"id": r.id, "text": r.text, "label": r.label, "topics": list(r.topics),
                                           "genre": r.genre, "doc": r.doc}) for r in picked), encoding="utf-8")
    out = tmp_path / "model"
    result = run("train", "--corpus", str(small), "--out", str(out), "--cv", "2", "--seed", "3", "--task", "stance")
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.stdout and "disclaimer" in result.stdout
    card = json.loads((out / "card.json").read_text())
    assert card["seed"] == 3 and card["cv_folds"] == 2 and card["task"] == "stance" and card["topics"] == []
    assert card["corpus"]["passages"] == len(picked)
    rows = jsonl(run("label", "--model", str(out), "--format", "jsonl", str(EXAMPLE)).stdout)
    assert rows and all(r["topics"] == [] for r in rows)


def test_train_reports_bad_corpus_with_file_and_line(tmp_path) -> None:
    bad = tmp_path / "corpus.jsonl"
    bad.write_text('{"id": "a", "text": "x", "label": "advocacy", "topics": [], "genre": "g"}\n{oops\n')
    result = run("train", "--corpus", str(bad), "--out", str(tmp_path / "m"))
    assert result.exit_code == 1 and f"{bad}:2: invalid JSON" in result.stderr
    assert not (tmp_path / "m").exists()


def test_train_refuses_too_few_examples(tmp_path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    rows = [{"id": f"x{i}", "text": f"Passage number {i}.", "label": ["advocacy", "factual_claim"][i % 2],
             "topics": [], "genre": "g", "doc": f"d{i}"} for i in range(20)]
    rows.append({"id": "d", "text": "Not advice.", "label": "disclaimer", "topics": [], "genre": "g"})
    corpus.write_text("\n".join(json.dumps(r) for r in rows))
    result = run("train", "--corpus", str(corpus), "--out", str(tmp_path / "m"), "--cv", "3")
    assert result.exit_code == 1
    assert "label 'disclaimer' has 1 example(s)" in result.stderr and "need at least 3" in result.stderr


def test_every_command_has_help_with_exit_codes() -> None:
    for command in ([], ["label"], ["train"], ["evaluate"]):
        output = run(*command, "--help").stdout
        assert "Exit codes: 0" in output and "130 interrupted" in output
