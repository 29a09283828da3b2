"""Read and validate labelled passages: the project corpus (JSON Lines) and evaluation data.

Corpus records are JSON objects, one per line:
``{"id", "text", "label", "topics", "genre"}`` plus an optional ``"doc"`` (passages of one
document share it and appear in document order). Evaluation data may also be CSV with
``text,label`` columns (and optionally ``topics``, ids joined by ``;``). Every problem is
reported as a :class:`~stance.errors.CorpusError` naming the file and line.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from stance.errors import CorpusError
from stance.taxonomy import LABELS, topics_by_id

CORPUS_FIELDS = ("id", "text", "label", "topics", "genre")


@dataclass(frozen=True)
class Record:
    """One labelled passage. ``where`` is ``file:line`` for error messages."""

    id: str
    text: str
    label: str | None
    topics: tuple[str, ...]
    genre: str
    doc: str | None
    where: str


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CorpusError(f"{path}: is a directory") from None
    except OSError as error:
        raise CorpusError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CorpusError(
            f"{path}:{line}: not UTF-8 (byte offset {error.start}); save the file as UTF-8"
        ) from None


def data_files(paths: Iterable[Path | str]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.jsonl") if p.is_file())
            if not found:
                raise CorpusError(f"{path}: directory has no .jsonl files")
            files.extend(found)
        else:
            files.append(path)
    return files


def _string(value: Any, field: str, where: str, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str):
        raise CorpusError(f"{where}: field {field!r} must be a string, got {type(value).__name__}")
    if not empty_ok and not value.strip():
        raise CorpusError(f"{where}: field {field!r} is empty")
    return value


def _label(value: Any, where: str, *, null_ok: bool) -> str | None:
    if value is None and null_ok:
        return None
    if value not in LABELS:
        raise CorpusError(f"{where}: unknown label {value!r}; expected one of {', '.join(LABELS)}")
    return value


def _topics(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(";") if part.strip()]
    if not isinstance(value, list):
        raise CorpusError(f"{where}: field 'topics' must be a list of topic ids")
    known = topics_by_id()
    for topic in value:
        if topic not in known:
            raise CorpusError(f"{where}: unknown topic {topic!r}; see topics.tsv for the ids")
    return tuple(dict.fromkeys(value))


def _json_objects(path: Path) -> Iterator[tuple[str, dict]]:
    for number, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            message = getattr(error, "msg", "too deeply nested")
            raise CorpusError(f"{where}: invalid JSON ({message})") from None
        if not isinstance(obj, dict):
            raise CorpusError(f"{where}: expected a JSON object, got {type(obj).__name__}")
        yield where, obj


def _corpus_record(where: str, obj: dict) -> Record:
    missing = [field for field in CORPUS_FIELDS if field not in obj]
    if missing:
        raise CorpusError(f"{where}: missing field(s) {', '.join(missing)}")
    doc = obj.get("doc")
    if doc is not None:
        doc = _string(doc, "doc", where)
    return Record(
        id=_string(obj["id"], "id", where),
        text=_string(obj["text"], "text", where),
        label=_label(obj["label"], where, null_ok=False),
        topics=_topics(obj["topics"], where),
        genre=_string(obj["genre"], "genre", where),
        doc=doc,
        where=where,
    )


def load_corpus(paths: Iterable[Path | str]) -> list[Record]:
    """All records of the corpus files (``.jsonl``; directories are searched recursively).

    Raises :class:`CorpusError` on the first bad record or a duplicate id.
    """
    records: list[Record] = []
    seen: dict[str, str] = {}
    for path in data_files(paths):
        for where, obj in _json_objects(path):
            record = _corpus_record(where, obj)
            if record.id in seen:
                raise CorpusError(f"{where}: duplicate id {record.id!r} (first at {seen[record.id]})")
            seen[record.id] = where
            records.append(record)
    if not records:
        raise CorpusError("the corpus is empty")
    return records


def _example_record(where: str, obj: dict, index: int) -> Record:
    if "text" not in obj:
        raise CorpusError(f"{where}: missing field 'text'")
    return Record(
        id=str(obj.get("id", index)),
        text=_string(obj["text"], "text", where),
        label=_label(obj.get("label"), where, null_ok=True),
        topics=_topics(obj["topics"], where) if obj.get("topics") is not None else (),
        genre=str(obj.get("genre") or ""),
        doc=None,
        where=where,
    )


def _csv_rows(path: Path) -> Iterator[tuple[str, dict]]:
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    try:
        if reader.fieldnames is None or "text" not in reader.fieldnames:
            raise CorpusError(f"{path}:1: CSV header must have a 'text' column (and 'label')")
        for row in reader:
            if None in row:
                raise CorpusError(f"{path}:{reader.line_num}: more fields than the header")
            yield f"{path}:{reader.line_num}", {k: (v or None) for k, v in row.items()}
    except csv.Error as error:
        raise CorpusError(f"{path}:{reader.line_num}: malformed CSV ({error})") from None


def load_examples(path: Path | str) -> tuple[list[Record], bool]:
    """Evaluation data (JSON Lines, or CSV by its ``.csv`` suffix) and whether it has topics.

    ``label`` may be null (the passage then counts only for topics); ``topics`` is optional.
    """
    path = Path(path)
    rows = _csv_rows(path) if path.suffix.lower() == ".csv" else _json_objects(path)
    records, has_topics = [], False
    for index, (where, obj) in enumerate(rows):
        has_topics = has_topics or "topics" in obj
        records.append(_example_record(where, obj, index))
    if not records:
        raise CorpusError(f"{path}: no records")
    return records, has_topics
