"""Output formats: one registry of writers, each turning labelled passages (or document
summaries) into text rows. Every call returns whole rows, so output is never cut mid-row."""

from __future__ import annotations

import csv
import io
import json
import shutil
from json.encoder import encode_basestring
from typing import Any, Sequence

from stance.model import DocumentSummary, Passage
from stance.taxonomy import LABELS


def _number(value: float | None) -> str:
    """A probability as JSON, rounded to 4 decimals (``null`` when there is none)."""
    if value is None or value != value:
        return "null"
    return repr(round(value, 4))


def _label(label: str | None) -> str:
    return "null" if label is None else f'"{label}"'


class JsonlWriter:
    """One JSON object per line: the JSON Lines contract in the README."""

    def header(self, labels: Sequence[str], level: str, explain: bool) -> str:
        return ""

    def passages(self, passages: Sequence[Passage]) -> str:
        rows = []
        for p in passages:
            scores = ", ".join([f'"{k}": {_number(v)}' for k, v in p.scores.items()])
            topics = ", ".join([
                f'{{"id": "{t.id}", "code": "{t.code}", "name": "{t.name}", "score": {_number(t.score)}}}'
                for t in p.topics])
            row = (f'{{"source": {encode_basestring(p.source)}, "index": {p.index}, '
                   f'"start": {p.start}, "end": {p.end}, "text": {encode_basestring(p.text)}, '
                   f'"label": {_label(p.label)}, "score": {_number(p.score)}, "scores": {{{scores}}}, '
                   f'"topics": [{topics}]')
            if p.evidence is not None:
                evidence = ", ".join(f"[{encode_basestring(term)}, {weight}]" for term, weight in p.evidence)
                row += f', "evidence": [{evidence}]'
            rows.append(row + "}\n")
        return "".join(rows)

    def document(self, summary: DocumentSummary) -> str:
        data = summary.to_dict()
        for topic in data["topics"]:
            topic["score"] = round(topic["score"], 4)
        return json.dumps(data, ensure_ascii=False) + "\n"


class CsvWriter:
    """Comma-separated rows with a header; one probability column per label."""

    def __init__(self) -> None:
        self._labels: Sequence[str] = LABELS
        self._explain = False

    def _rows(self, rows: list[list[Any]]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue()

    def header(self, labels: Sequence[str], level: str, explain: bool) -> str:
        self._labels, self._explain = labels, explain
        if level == "document":
            return self._rows([["source", "passages", *[f"n_{l}" for l in labels], "n_uncertain", "topics"]])
        columns = ["source", "index", "start", "end", "text", "label", "score",
                   *[f"p_{label}" for label in labels], "topics"]
        return self._rows([columns + (["evidence"] if explain else [])])

    def passages(self, passages: Sequence[Passage]) -> str:
        rows = []
        for p in passages:
            row = [p.source, p.index, p.start, p.end, p.text, p.label or "",
                   "" if p.score is None else _number(p.score),
                   *[_number(p.scores[label]) for label in self._labels],
                   ";".join(t.id for t in p.topics)]
            if self._explain:
                row.append("; ".join(f"{term} ({weight:+.3f})" for term, weight in p.evidence or []))
            rows.append(row)
        return self._rows(rows)

    def document(self, summary: DocumentSummary) -> str:
        data = summary.to_dict()
        counts = [summary.labels.get(label, 0) for label in self._labels]
        return self._rows([[data["source"], data["passages"], *counts,
                            summary.labels.get("uncertain", 0), ";".join(t["id"] for t in data["topics"])]])


class TableWriter:
    """An aligned table for reading in a terminal; text is cut to the terminal width."""

    def __init__(self) -> None:
        self._width = shutil.get_terminal_size((120, 24)).columns
        self._explain = False

    def header(self, labels: Sequence[str], level: str, explain: bool) -> str:
        self._explain = explain
        if level == "document":
            return f"{'source':<28} {'passages':>8}  {'labels':<44} topics\n"
        return f"{'#':>4}  {'label':<13} {'score':>5}  {'topics':<26} text\n"

    def passages(self, passages: Sequence[Passage]) -> str:
        lines = []
        room = max(self._width - 54, 20)
        last_source = None
        for p in passages:
            if p.index == 0 and p.source != last_source:
                lines.append(f"== {p.source}")
            last_source = p.source
            topics = ", ".join(t.id for t in p.topics[:2])
            text = " ".join(p.text.split())
            text = text if len(text) <= room else text[: room - 1] + "…"
            score = "    -" if p.score is None else f"{p.score:5.2f}"
            lines.append(f"{p.index:>4}  {p.label or '-':<13} {score}  {topics[:26]:<26} {text}")
            if self._explain and p.evidence:
                lines.append(" " * 6 + "because: " + ", ".join(f"{t} ({w:+.2f})" for t, w in p.evidence))
        return "".join(line + "\n" for line in lines)

    def document(self, summary: DocumentSummary) -> str:
        data = summary.to_dict()
        labels = ", ".join(f"{k} {v}" for k, v in data["labels"].items())
        topics = ", ".join(f"{t['id']} {t['score']:.2f}" for t in data["topics"][:3])
        return f"{data['source'][:28]:<28} {data['passages']:>8}  {labels:<44} {topics}\n"


WRITERS = {"table": TableWriter, "jsonl": JsonlWriter, "csv": CsvWriter}
"""Output formats by name."""
