"""Streaming segmentation gives the same passages as segmenting the whole text at once."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.pipeline import iter_batches, iter_spans
from stance.segment import UNITS, Segmenter


def chunked(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


ARTICLE = ("Storm cuts power\r\nBy A. Writer\r\n\r\nThe U.S. team won. Fans cheered!\r\n\r\n"
           "- item one\r\n- item two\r\n\r\nDisclaimer: not advice. Read more.\r\n") * 40


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("size", [1, 7, 100, 10_000])
def test_streamed_spans_equal_whole_text_spans(unit: str, size: int) -> None:
    segmenter = Segmenter(unit)
    streamed = [s for spans in iter_spans(chunked(ARTICLE, size), segmenter) for s in spans]
    assert streamed == segmenter.segment(ARTICLE)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab. \n\r\t\"“”-:"), max_size=300), st.integers(1, 50),
       st.sampled_from(UNITS))
def test_streamed_offsets_index_the_whole_text(text: str, size: int, unit: str) -> None:
    for spans in iter_spans(chunked(text, size), Segmenter(unit), max_buffer=64):
        for span in spans:
            assert text[span.start:span.end] == span.text


def test_a_long_line_without_breaks_is_cut_and_kept_whole() -> None:
    text = ("word " * 600_000).strip()  # about 3 MB, no sentence end, no line break
    spans = [s for spans in iter_spans(chunked(text, 1 << 20), Segmenter("sentence")) for s in spans]
    assert "".join(s.text for s in spans).replace(" ", "") == text.replace(" ", "")
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_batches_carry_their_neighbours() -> None:
    text = "\n".join(f"Line {i}." for i in range(10))
    batches = list(iter_batches([text], unit="line", batch_size=4))
    assert [b.first_index for b in batches] == [0, 4, 8]
    assert batches[1].previous == "Line 3." and batches[1].following == "Line 8."
    assert batches[0].previous is None and batches[-1].following is None
