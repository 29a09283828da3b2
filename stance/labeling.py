"""The ``stance label`` job: every input in turn, streamed through the model to a writer.

A failing input (missing, binary, undecodable) is reported and skipped; the others are
still labelled, and the job's status says that some failed. Inputs of more than one batch
are labelled by worker processes (``jobs``), with output kept in input order.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from stance.errors import InputError
from stance.model import DocumentSummary, Model, load
from stance.parallel import OrderedPool, available_workers
from stance.pipeline import Batch, iter_batches, label_batch
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


class _Rows:
    """Turns batches into output rows, in worker processes once an input is large."""

    def __init__(self, model: Model, job: LabelJob, writer: object) -> None:
        self._task = lambda batch: writer.passages(  # type: ignore[attr-defined]
            label_batch(model, batch, threshold=job.threshold, explain=job.explain))
        self._workers = available_workers(job.jobs)
        self._pool: OrderedPool | None = None

    def __call__(self, batches: Iterable[Batch]) -> Iterator[str]:
        batches = iter(batches)
        head = list(itertools.islice(batches, 2))
        if len(head) < 2 or self._workers < 2:
            yield from map(self._task, itertools.chain(head, batches))
            return
        if self._pool is None:
            self._pool = OrderedPool(self._task, self._workers)
        yield from self._pool.map(itertools.chain(head, batches))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()


def run_label_job(job: LabelJob, write: Callable[[str], None], warn: Callable[[str], None]) -> int:
    """Label every input of ``job``; returns 0 if all were labelled, 1 if some failed."""
    model = load(job.model_path)
    writer = WRITERS[job.output_format]()
    write(writer.header(model.labels, job.level, bool(job.explain)))
    rows = _Rows(model, job, writer)
    failures = 0
    try:
        for source in expand(job.paths):
            if isinstance(source, InputError):
                warn(str(source))
                failures += 1
                continue
            try:
                batches = iter_batches(read_chunks(source, job.encoding), unit=job.unit,
                                       source=source.name)
                if job.level == "document":
                    summary = DocumentSummary(model, source.name)
                    for batch in batches:
                        summary.add(label_batch(model, batch, threshold=job.threshold))
                    write(writer.document(summary.finish()))
                    empty = summary.passages == 0
                else:
                    empty = True
                    for text in rows(batches):
                        empty = False
                        write(text)
            except InputError as error:
                warn(str(error))
                failures += 1
                continue
            if empty:
                warn(f"{source.name}: no text to label")
    finally:
        rows.close()
    return 1 if failures else 0
