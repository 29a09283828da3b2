"""The ``stance label`` job: every input in turn, streamed through the model to a writer.

A failing input (missing, binary, undecodable) is reported and skipped; the others are
still labelled, and the job's status says that some failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from stance.errors import InputError
from stance.model import DocumentSummary, load
from stance.pipeline import label_chunks
from stance.reader import expand, read_chunks
from stance.writers import WRITERS


@dataclass
class LabelJob:
    """Everything ``stance label`` was asked to do."""

    paths: list[str] = field(default_factory=list)
    output_format: str = "jsonl"
    unit: str = "sentence"
    level: str = "passage"
    model_path: str | None = None
    threshold: float = 0.0
    explain: int = 0
    encoding: str = "utf-8"
    jobs: int = 0


def run_label_job(job: LabelJob, write: Callable[[str], None], warn: Callable[[str], None]) -> int:
    """Label every input of ``job``; returns 0 if all were labelled, 1 if some failed."""
    model = load(job.model_path)
    writer = WRITERS[job.output_format]()
    write(writer.header(model.labels, job.level, bool(job.explain)))
    failures = 0
    for source in expand(job.paths):
        if isinstance(source, InputError):
            warn(str(source))
            failures += 1
            continue
        summary = DocumentSummary(model, source.name) if job.level == "document" else None
        count = 0
        try:
            batches = label_chunks(model, read_chunks(source, job.encoding), unit=job.unit,
                                   source=source.name, threshold=job.threshold, explain=job.explain)
            for batch in batches:
                count += len(batch)
                if summary is not None:
                    summary.add(batch)
                else:
                    write(writer.passages(batch))
        except InputError as error:
            warn(str(error))
            failures += 1
            continue
        if summary is not None:
            write(writer.document(summary.finish()))
        if count == 0:
            warn(f"{source.name}: no text to label")
    return 1 if failures else 0
