"""Segmentation: golden cases for each rule, and invariants on arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.segment import UNITS, Segmenter, segment


def texts(text: str, unit: str = "sentence") -> list[str]:
    return [span.text for span in segment(text, unit)]


GOLDEN = [
    ("abbreviations",
     "The U.S. Senate met Dr. Smith of Acme Inc. on Jan. 5. It voted on bill No. 12.",
     ["The U.S. Senate met Dr. Smith of Acme Inc. on Jan. 5.", "It voted on bill No. 12."]),
    ("decimals and money",
     "The deal is worth $4.5 million. Shares rose 3.2% to 14.75 euros.",
     ["The deal is worth $4.5 million.", "Shares rose 3.2% to 14.75 euros."]),
    ("closing curly quotes",
     "“We will not stop,” she said. “This is our world.” The crowd cheered.",
     ["“We will not stop,” she said.", "“This is our world.”", "The crowd cheered."]),
    ("closing straight quotes",
     'He called it "a win." Then he left.',
     ['He called it "a win."', "Then he left."]),
    ("headline and byline",
     "Storm cuts power to 200,000 homes\nBy Jane Doe, Staff Reporter\n\nThe storm hit at dawn.",
     ["Storm cuts power to 200,000 homes", "By Jane Doe, Staff Reporter", "The storm hit at dawn."]),
    ("list items",
     "Key points:\n- Rents rose 8%\n- Wages rose 3%\n* Nobody was surprised",
     ["Key points:", "- Rents rose 8%", "- Wages rose 3%", "* Nobody was surprised"]),
    ("numbered list",
     "1. Preheat the oven\n2. Mix the flour and butter\n3) Bake for 20 minutes",
     ["1. Preheat the oven", "2. Mix the flour and butter", "3) Bake for 20 minutes"]),
    ("disclaimer prefix on its own line",
     "Disclaimer:\nNothing here is tax advice. Consult a professional.",
     ["Disclaimer:\nNothing here is tax advice.", "Consult a professional."]),
    ("disclaimer prefix inline",
     "Disclaimer: nothing in this newsletter is tax advice. Prices may change.",
     ["Disclaimer: nothing in this newsletter is tax advice.", "Prices may change."]),
    ("hard-wrapped prose",
     "The council voted on Tuesday to approve the new\nsea wall, which will cost more than the city had\nplanned and will take three years to build.\nWork starts in May.",
     ["The council voted on Tuesday to approve the new\nsea wall, which will cost more than the city had\n"
      "planned and will take three years to build.", "Work starts in May."]),
    ("wrapped line continues lower-case",
     "Residents who live near the\nharbour were divided.",
     ["Residents who live near the\nharbour were divided."]),
]


@pytest.mark.parametrize("name, text, expected", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_sentences(name: str, text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_paragraph_unit_splits_on_blank_lines() -> None:
    text = "First para line one.\nLine two.\n\n  \nSecond para.\r\n\r\nThird."
    assert texts(text, "paragraph") == ["First para line one.\nLine two.", "Second para.", "Third."]


def test_line_unit_keeps_every_non_empty_line() -> None:
    text = "a b\r\n\r\n  c  \rd\n\n"
    assert texts(text, "line") == ["a b", "c", "d"]


def test_offsets_index_crlf_text_exactly() -> None:
    text = "Title line\r\n\r\nFirst sentence here. Second one!\r\nThird line"
    for unit in UNITS:
        for span in segment(text, unit):
            assert text[span.start:span.end] == span.text


def test_unknown_unit_is_rejected_with_its_name() -> None:
    with pytest.raises(ValueError, match="'word'"):
        Segmenter("word")


def test_empty_and_blank_texts_have_no_passages() -> None:
    for unit in UNITS:
        assert segment("", unit) == []
        assert segment(" \n\t\r\n ", unit) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400), st.sampled_from(UNITS))
def test_invariants_hold_on_arbitrary_unicode(text: str, unit: str) -> None:
    spans = segment(text, unit)
    previous_end = 0
    for span in spans:
        assert text[span.start:span.end] == span.text
        assert span.text == span.text.strip() and span.text
        assert span.start >= previous_end
        previous_end = span.end


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Dr.", "U.S.", "$4.5", "said.", "“Yes.”", "\n", "\r\n", "- item",
                                 "Note:", "😀", "שלום.", "e\u0301", " ", "No.", "\u0000"]), max_size=60))
def test_invariants_hold_on_tricky_tokens(parts: list[str]) -> None:
    text = " ".join(parts)
    for unit in UNITS:
        for span in segment(text, unit):
            assert text[span.start:span.end] == span.text
