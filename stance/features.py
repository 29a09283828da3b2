"""The terms a passage is described by: word n-grams, character n-grams, cues and context.

Every function here is a plain module-level function of a string, so that training
(scikit-learn, with these as analyzers) and labelling (stance's own scorer) see exactly the
same terms. Four blocks:

- ``word``: lower-cased word and punctuation tokens (digits folded to ``0``), 1- and 2-grams.
- ``char``: character 2- to 5-grams inside each whitespace-separated chunk (padded with
  spaces, lower-cased, digits folded): robust to spelling, inflection and unseen words.
- ``cue``: what the label often hinges on: a ``Note:``-style prefix, quotation, modal verbs,
  first and second person, numbers, money and dates, casing, final punctuation, length.
- ``context``: cues of the neighbouring passages in the same document (a sentence after a
  ``Correction:`` line is part of the correction) and the position in the document.

Word tokens never cross whitespace, so the word and char terms of a text are the
concatenation of those of its whitespace-separated chunks: the scorer caches per chunk.
"""

from __future__ import annotations

import re
from typing import Sequence

BLOCKS: tuple[str, ...] = ("word", "char", "cue", "context")

_DIGITS = str.maketrans("0123456789", "0000000000")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
CHAR_NGRAM_RANGE = (2, 5)


def chunk_tokens(chunk: str) -> list[str]:
    """Word tokens of one whitespace-free chunk, lower-cased, digits folded to ``0``."""
    return _TOKEN.findall(chunk.lower().translate(_DIGITS))


def text_tokens(text: str) -> list[str]:
    """Word tokens of ``text``: those of its whitespace-separated chunks, in order."""
    return [token for chunk in text.split() for token in chunk_tokens(chunk)]


def word_terms(text: str) -> list[str]:
    """Word unigrams and bigrams of ``text``."""
    tokens = text_tokens(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def chunk_char_terms(chunk: str) -> list[str]:
    """Character n-grams of one whitespace-free chunk, padded with a space on each side."""
    padded = f" {chunk.lower().translate(_DIGITS)} "
    low, high = CHAR_NGRAM_RANGE
    size = len(padded)
    terms = []
    for n in range(low, min(high, size) + 1):
        terms.extend(padded[i : i + n] for i in range(size - n + 1))
    return terms


def char_terms(text: str) -> list[str]:
    """Character n-grams of every whitespace-separated chunk of ``text``."""
    terms: list[str] = []
    for chunk in text.split():
        terms.extend(chunk_char_terms(chunk))
    return terms


_PREFIX = re.compile(r"^\W{0,3}((?:[A-Za-z][\w'’.-]*\s?){1,3}):(?:\s|$)")
_BYLINE = re.compile(r"^(?:by|text by|words by|reporting by|written by)\s+[A-Z]", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]{1,400})[\"“”„«»]")
_OPENS_WITH_QUOTE = re.compile(r"^[\"“„«‘']")
_CLOSES_WITH_QUOTE = re.compile(r"[\"”»’']\W{0,2}$")
_CLOSERS = "\"'”’»)]}"
_ENDINGS = ".!?:;,…-"
_MONEY = re.compile(r"[$€£¥]\s?\d|\d\s?(?:million|billion|bn|m|k|trillion|dollars|euros|pounds)\b",
                    re.IGNORECASE)
_PERCENT = re.compile(r"\d\s?(?:%|per ?cent|percent)", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MONTH = re.compile(r"\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|"
                    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|"
                    r"wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d\b|\b[ap]\.?m\b", re.IGNORECASE)
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|gov)\b|@\w+\.\w", re.IGNORECASE)
_WORDS = {
    "p:first_singular": {"i", "i'm", "i’m", "me", "my", "mine", "myself", "i've", "i’ve", "i'd",
                         "i’d", "i'll", "i’ll"},
    "p:first_plural": {"we", "our", "us", "ours", "ourselves", "we're", "we’re", "we've", "we’ve",
                       "we'll", "we’ll", "let's", "let’s"},
    "p:second": {"you", "your", "yours", "yourself", "you're", "you’re", "you'll", "you’ll",
                 "you've", "you’ve", "u"},
    "m:obligation": {"should", "must", "ought", "shouldn't", "shouldn’t", "mustn't", "mustn’t",
                     "need", "needs", "have to", "has to"},
    "m:hedge": {"may", "might", "could", "perhaps", "possibly"},
    "m:future": {"will", "would", "won't", "won’t", "going"},
    "attribution": {"said", "says", "told", "according", "stated", "announced", "reported",
                    "added", "wrote", "claimed", "argued"},
}


def _length_bucket(n_words: int) -> str:
    for limit, name in ((3, "1-3"), (7, "4-7"), (15, "8-15"), (30, "16-30")):
        if n_words <= limit:
            return f"len:{name}"
    return "len:31+"


def ending(text: str) -> str:
    """The punctuation mark that ends ``text`` (looking through closing quotes), or ``none``."""
    stripped = text.rstrip()
    core = stripped.rstrip(_CLOSERS)
    if core and core[-1] in _ENDINGS:
        return core[-1]
    if stripped != core:
        return "quote"
    return "none"


def prefix_cues(text: str) -> list[str]:
    """Cues from how a passage opens: a ``Label:`` prefix or a byline."""
    cues = []
    match = _PREFIX.match(text)
    if match:
        cues += ["pfx:any", "pfx:" + " ".join(match.group(1).lower().split())]
    if _BYLINE.match(text):
        cues.append("pfx:byline")
    return cues


def cue_terms(text: str) -> list[str]:
    """The cue block: one term per cue present in ``text``."""
    cues = prefix_cues(text)
    tokens = text_tokens(text)
    words = [t for t in tokens if t[0].isalnum()]
    if words:
        cues.append("first:" + words[0])
    cues.append(_length_bucket(len(words)))
    quoted = [m.group(1) for m in _QUOTED.finditer(text)]
    if quoted:
        cues.append("q:long" if max(len(q.split()) for q in quoted) >= 5 else "q:short")
    if _OPENS_WITH_QUOTE.match(text):
        cues.append("q:opens")
    if _CLOSES_WITH_QUOTE.search(text):
        cues.append("q:closes")
    cues.append("end:" + ending(text))
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 4 and not any(c.islower() for c in letters):
        cues.append("case:upper")
    elif letters and text.lstrip("\"'“‘(«[ ")[:1].islower():
        cues.append("case:lower_start")
    capitalised = sum(1 for w in text.split() if w[:1].isupper())
    if len(words) >= 3 and capitalised >= 0.7 * len(words):
        cues.append("case:title")
    for pattern, name in ((_MONEY, "num:money"), (_PERCENT, "num:percent"), (_YEAR, "num:year"),
                          (_MONTH, "num:date"), (_CLOCK, "num:time"), (_URL, "link")):
        if pattern.search(text):
            cues.append(name)
    if any(c.isdigit() for c in text):
        cues.append("num:any")
    token_set = set(tokens) | {f"{a} {b}" for a, b in zip(tokens, tokens[1:])}
    cues.extend(name for name, vocabulary in _WORDS.items() if token_set & vocabulary)
    return cues


def context_terms(previous: str | None, following: str | None, index: int) -> list[str]:
    """The context block of a passage from its neighbours in the same document.

    ``previous`` / ``following`` are the neighbouring passages' texts (None at the edges or
    when the passage stands alone); ``index`` is its 0-based position in the document.
    """
    terms = ["ctx:first"] if index == 0 else []
    for side, neighbour in (("prev", previous), ("next", following)):
        if neighbour is None:
            continue
        terms.extend(f"ctx:{side}:{cue}" for cue in prefix_cues(neighbour))
        words = text_tokens(neighbour[:60])
        if words:
            terms.append(f"ctx:{side}:first:{words[0]}")
        terms.append(f"ctx:{side}:end:" + ending(neighbour))
    return terms


def document_contexts(texts: Sequence[str]) -> list[list[str]]:
    """The context block of every passage of one document, in order."""
    n = len(texts)
    return [
        context_terms(texts[i - 1] if i else None, texts[i + 1] if i + 1 < n else None, i)
        for i in range(n)
    ]
