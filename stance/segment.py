"""Split text into passages that know their character offsets in the original text.

Units: ``sentence`` (default; Punkt with shipped English parameters, plus layout rules so
that headings, bylines and list items without final punctuation stand alone), ``paragraph``
(blank-line separated blocks) and ``line`` (every non-empty line). Every passage is trimmed
and ``text[start:end] == passage.text`` holds; passages come in order and never overlap.
Line breaks are ``\\r\\n``, ``\\r`` or ``\\n``, counted exactly as they appear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

UNITS: tuple[str, ...] = ("sentence", "paragraph", "line")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NON_SPACE_RUN = re.compile(r"\S(?:.*\S)?", re.DOTALL)
_LIST_ITEM = re.compile(r"(?:[-*+•·▪◦‣–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*$")
_ENDS_CONTINUED = re.compile(r"[:;,\-–—(/&]$")
_WRAPPED_LINE_MIN = 50


@dataclass(frozen=True)
class Span:
    """A trimmed passage of a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def check_unit(unit: str) -> str:
    """Return ``unit`` if it is a known unit, else raise ``ValueError`` naming it."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; choose one of {', '.join(UNITS)}")
    return unit


def _trimmed(text: str, start: int, end: int) -> Span | None:
    match = _NON_SPACE_RUN.search(text, start, end)
    if match is None:
        return None
    return Span(match.start(), match.end(), match.group())


def _lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of every line between ``start`` and ``end``, line breaks excluded."""
    end = len(text) if end is None else end
    position = start
    for match in _LINE_BREAK.finditer(text, start, end):
        yield position, match.start()
        position = match.end()
    if position < end:
        yield position, end


def _paragraphs(text: str, start: int, end: int) -> Iterator[list[tuple[int, int]]]:
    """Runs of consecutive non-blank lines, each as the trimmed (start, end) of its lines."""
    block: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text, start, end):
        span = _trimmed(text, line_start, line_end)
        if span is None:
            if block:
                yield block
                block = []
        else:
            block.append((span.start, span.end))
    if block:
        yield block


def _is_wrapped_prose(text: str, block: list[tuple[int, int]]) -> bool:
    """True for hard-wrapped running text, where line ends are not passage ends."""
    if len(block) < 3:
        return False
    long_lines = sum(1 for s, e in block[:-1] if e - s >= _WRAPPED_LINE_MIN)
    return long_lines * 3 >= (len(block) - 1) * 2


def _line_groups(text: str, block: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Group a paragraph's lines into stretches that Punkt may split further.

    A line ends its group when it is a list item, when the next line is one, or when it
    lacks final punctuation and the next line starts like a new passage (a heading,
    byline or caption above body text). Wrapped prose keeps its lines together.
    """
    wrapped = _is_wrapped_prose(text, block)
    group_start = block[0][0]
    for (start, end), (next_start, _) in zip(block, block[1:]):
        line, next_first = text[start:end], text[next_start]
        if _LIST_ITEM.match(text, next_start) or _LIST_ITEM.match(line):
            breaks = True
        elif wrapped or _ENDS_SENTENCE.search(line) or _ENDS_CONTINUED.search(line):
            breaks = False
        else:
            breaks = not next_first.islower()
        if breaks:
            yield group_start, end
            group_start = next_start
    yield group_start, block[-1][1]


class Segmenter:
    """Split texts into passages of one unit: ``Segmenter("sentence").segment(text)``."""

    def __init__(self, unit: str = "sentence") -> None:
        self.unit = check_unit(unit)

    def segment(self, text: str, start: int = 0, end: int | None = None) -> list[Span]:
        """Passages of ``text[start:end]``, with offsets into ``text``."""
        return list(self.iter_spans(text, start, end))

    def iter_spans(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
        """Like :meth:`segment`, lazily."""
        end = len(text) if end is None else end
        if self.unit == "line":
            for line_start, line_end in _lines(text, start, end):
                span = _trimmed(text, line_start, line_end)
                if span is not None:
                    yield span
            return
        for block in _paragraphs(text, start, end):
            if self.unit == "paragraph":
                yield Span(block[0][0], block[-1][1], text[block[0][0] : block[-1][1]])
                continue
            for group_start, group_end in _line_groups(text, block):
                yield from _sentences(text, group_start, group_end)


def _sentences(text: str, start: int, end: int) -> Iterator[Span]:
    """Punkt's sentences of ``text[start:end]``; a list marker stays with its item."""
    from stance._punkt import sentence_tokenizer

    marker = _LIST_ITEM.match(text, start, end)
    body = marker.end() if marker else start
    first = True
    for sentence_start, sentence_end in sentence_tokenizer().span_tokenize(text[body:end]):
        span = _trimmed(text, start if first else body + sentence_start, body + sentence_end)
        first = False
        if span is not None:
            yield span


def segment(text: str, unit: str = "sentence") -> list[Span]:
    """Passages of ``text`` for ``unit`` (see :class:`Segmenter`)."""
    return Segmenter(unit).segment(text)
