"""Label text that arrives in chunks: bounded memory, output before the input ends.

The text is cut at safe places (a blank line; for ``line`` units any line break), each
piece is segmented with offsets into the whole text, and passages are grouped in batches.
A passage's context (its neighbours) is known once its successor has been segmented, so
each batch carries the passages just before and after it. A single stretch longer than
``max_buffer`` characters without a safe place is cut at its last line break, else at its
last whitespace, so time and memory stay linear in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from stance.features import contexts
from stance.model import Model, Passage
from stance.segment import Segmenter, Span

_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r(?!\n)|\n)[^\S\r\n]*(?:\r\n|\r(?!\n)|\n)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WHITESPACE = re.compile(r"\s")
MAX_BUFFER = 1 << 20
BATCH = 2048


def _last_end(pattern: re.Pattern, text: str, start: int) -> int:
    end = 0
    for match in pattern.finditer(text, start):
        end = match.end()
    return end


def iter_spans(chunks: Iterable[str], segmenter: Segmenter,
               max_buffer: int = MAX_BUFFER) -> Iterator[list[Span]]:
    """Spans of the text made of ``chunks``, with offsets into that whole text."""
    safe = _LINE_BREAK if segmenter.unit == "line" else _PARAGRAPH_BREAK
    buffer, base, scanned = "", 0, 0
    for chunk in chunks:
        buffer += chunk
        cut = _last_end(safe, buffer, max(scanned - 4, 0))
        scanned = len(buffer)
        if not cut and len(buffer) > max_buffer:
            cut = _last_end(_LINE_BREAK, buffer, 0)
            if not cut:
                match = None
                for match in _WHITESPACE.finditer(buffer, len(buffer) - len(chunk) // 2):
                    pass
                cut = match.end() if match else len(buffer)
        if cut:
            yield _shifted(segmenter.segment(buffer, 0, cut), base)
            buffer, base = buffer[cut:], base + cut
            scanned = len(buffer)
    if buffer:
        yield _shifted(segmenter.segment(buffer), base)


def _shifted(spans: list[Span], base: int) -> list[Span]:
    if not base:
        return spans
    return [Span(s.start + base, s.end + base, s.text) for s in spans]


@dataclass(frozen=True)
class Batch:
    """Consecutive passages of one source, with the passages just before and after them."""

    source: str
    first_index: int
    spans: list[Span]
    previous: str | None
    following: str | None


def iter_batches(chunks: Iterable[str], *, unit: str = "sentence", source: str = "-",
                 batch_size: int = BATCH) -> Iterator[Batch]:
    """Batches of the passages of the text made of ``chunks``, in document order."""
    pending: list[Span] = []
    previous: str | None = None
    index = 0
    for spans in iter_spans(chunks, Segmenter(unit)):
        pending.extend(spans)
        while len(pending) > batch_size:
            batch, pending = pending[:batch_size], pending[batch_size:]
            yield Batch(source, index, batch, previous, pending[0].text)
            previous, index = batch[-1].text, index + len(batch)
    if pending:
        yield Batch(source, index, pending, previous, None)


def label_batch(model: Model, batch: Batch, *, threshold: float = 0.0, explain: int = 0) -> list[Passage]:
    """Label one batch of passages."""
    texts = [span.text for span in batch.spans]
    terms = contexts(texts, first_index=batch.first_index, previous=batch.previous,
                     following=batch.following)
    return model.label_spans(batch.spans, source=batch.source, first_index=batch.first_index,
                             contexts=terms, threshold=threshold, explain=explain)


def label_chunks(model: Model, chunks: Iterable[str], *, unit: str = "sentence",
                 source: str = "-", threshold: float = 0.0, explain: int = 0,
                 batch_size: int = BATCH) -> Iterator[list[Passage]]:
    """Labelled passages of the text made of ``chunks``, in batches, in document order."""
    for batch in iter_batches(chunks, unit=unit, source=source, batch_size=batch_size):
        yield label_batch(model, batch, threshold=threshold, explain=explain)
