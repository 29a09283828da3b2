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
from typing import NamedTuple, Sequence

BLOCKS: tuple[str, ...] = ("word", "char", "cue", "context")

_DIGITS = str.maketrans("0123456789", "0000000000")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
CHAR_NGRAM_RANGE = (2, 5)


def _normalise(chunk: str) -> str:
    """Lower-cased, digits folded to ``0`` (letters-only chunks skip the folding)."""
    return chunk.lower() if chunk.isalpha() else chunk.lower().translate(_DIGITS)


def _tokens(chunk: str, normal: str) -> list[str]:
    # A letters-only chunk is one token; the regex would say the same for almost all
    # of them, and training and labelling both go through here, so they always agree.
    return [normal] if chunk.isalpha() else _TOKEN.findall(normal)


def chunk_tokens(chunk: str) -> list[str]:
    """Word tokens of one whitespace-free chunk, lower-cased, digits folded to ``0``."""
    return _tokens(chunk, _normalise(chunk))


def text_tokens(text: str) -> list[str]:
    """Word tokens of ``text``: those of its whitespace-separated chunks, in order."""
    return [token for chunk in text.split() for token in chunk_tokens(chunk)]


def word_terms(text: str) -> list[str]:
    """Word unigrams and bigrams of ``text``."""
    tokens = text_tokens(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def chunk_char_terms(chunk: str) -> list[str]:
    """Character n-grams of one whitespace-free chunk, padded with a space on each side."""
    return _char_terms(_normalise(chunk))


def _char_terms(normal: str) -> list[str]:
    padded = f" {normal} "
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
_OPENING_QUOTES = "\"“„«‘'"
_OPENERS = "\"'“‘(«[ "
_ANY_QUOTE = re.compile(r"[\"“”„«»]")
_CLOSING_QUOTES = "\"”»’'"
_CLOSERS = "\"'”’»)]}"
_ENDINGS = ".!?:;,…-"
_CHUNK_PATTERNS = re.compile(
    r"(?P<money>[$€£¥]\d|\d(?:bn|m|k)\b)"
    r"|(?P<percent>\d%)"
    r"|(?P<year>(?<!\d)(?:1[89]|20)\d\d(?!\d))"
    r"|(?P<time>(?<!\d)\d{1,2}[:.]\d\d(?!\d)|^[ap]\.?m\b)"
    r"|(?P<link>https?://|www\.|\.(?:com|org|net|gov)\b|@\w+\.\w)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_CHUNK_CUES = {"money": "num:money", "percent": "num:percent", "year": "num:year",
               "time": "num:time", "link": "link"}
_WORD_CUES = {
    word: cue
    for cue, words in {
        "p:first_singular": "i i'm i’m me my mine myself i've i’ve i'd i’d i'll i’ll",
        "p:first_plural": "we our us ours ourselves we're we’re we've we’ve we'll we’ll let's let’s",
        "p:second": "you your yours yourself you're you’re you'll you’ll you've you’ve u",
        "m:obligation": "should must ought shouldn't shouldn’t mustn't mustn’t need needs",
        "m:hedge": "may might could perhaps possibly",
        "m:future": "will would won't won’t going",
        "attribution": "said says told according stated announced reported added wrote claimed argued",
        "num:money": "million billion trillion bn dollars euros pounds",
        "num:percent": "percent cent",
        "num:date": "january february march april june july august september october november "
                    "december jan feb aug sept oct nov dec monday tuesday wednesday thursday "
                    "friday saturday sunday",
    }.items()
    for word in words.split()
}
_CUE_ORDER = ("num:money", "num:percent", "num:year", "num:time", "num:date", "link", "num:any",
              "p:first_singular", "p:first_plural", "p:second", "m:obligation", "m:hedge",
              "m:future", "attribution")


class ChunkInfo(NamedTuple):
    """What the cue block needs from one whitespace-separated chunk (cacheable per chunk)."""

    words: int
    first_word: str | None
    capitalised: bool
    cues: tuple[str, ...]


def chunk_info(chunk: str, tokens: list[str] | None = None) -> ChunkInfo:
    """The cue-relevant summary of one chunk (``tokens``: its :func:`chunk_tokens`).

    Word cues (person, modality, attribution, money and date words) and the patterns of
    numbers, times and links are all read inside the chunk, so they can be cached.
    """
    tokens = chunk_tokens(chunk) if tokens is None else tokens
    if chunk.isalpha():
        cue = _WORD_CUES.get(tokens[0])
        return ChunkInfo(1, tokens[0], chunk[0].isupper(), (cue,) if cue else ())
    words = [t for t in tokens if t[0].isalnum()]
    found = {c for c in map(_WORD_CUES.get, tokens) if c is not None}
    found.update(_CHUNK_CUES[m.lastgroup] for m in _CHUNK_PATTERNS.finditer(chunk))
    if _DIGIT.search(chunk):
        found.add("num:any")
    cues = tuple(cue for cue in _CUE_ORDER if cue in found)
    return ChunkInfo(len(words), words[0] if words else None, chunk[:1].isupper(), cues)


def chunk_analysis(chunk: str, chars: bool = True) -> tuple[list[str], list[str], ChunkInfo]:
    """Word tokens, character n-grams (if ``chars``) and cue summary of one chunk."""
    normal = _normalise(chunk)
    tokens = _tokens(chunk, normal)
    return tokens, _char_terms(normal) if chars else [], chunk_info(chunk, tokens)


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


def _closes_with_quote(text: str) -> bool:
    """True when a closing quote is followed by at most two non-word characters."""
    tail = text.rstrip()[-3:]
    for i in range(len(tail) - 1, -1, -1):
        if tail[i] in _CLOSING_QUOTES:
            return not any(c.isalnum() or c == "_" for c in tail[i + 1 :])
    return False


def prefix_cues(text: str) -> list[str]:
    """Cues from how a passage opens: a ``Label:`` prefix or a byline."""
    cues = []
    match = _PREFIX.match(text) if ":" in text[:48] else None
    if match:
        cues += ["pfx:any", "pfx:" + " ".join(match.group(1).lower().split())]
    if text[:1] in "bBtTwWrR" and _BYLINE.match(text):
        cues.append("pfx:byline")
    return cues


def cue_terms(text: str, chunks: Sequence[ChunkInfo] | None = None) -> list[str]:
    """The cue block: one term per cue present in ``text``.

    ``chunks`` (the :func:`chunk_info` of each chunk of ``text``) may be passed in by a
    caller that caches them; the result is the same.
    """
    if chunks is None:
        chunks = [chunk_info(chunk) for chunk in text.split()]
    cues = prefix_cues(text)
    n_words = capitalised = 0
    first = None
    present: set[str] = set()
    for c in chunks:
        n_words += c.words
        capitalised += c.capitalised
        if first is None:
            first = c.first_word
        if c.cues:
            present.update(c.cues)
    if first is not None:
        cues.append("first:" + first)
    cues.append(_length_bucket(n_words))
    longest = max((len(m.group(1).split()) for m in _QUOTED.finditer(text)), default=0) \
        if _ANY_QUOTE.search(text) else 0
    if longest:
        cues.append("q:long" if longest >= 5 else "q:short")
    if text[:1] in _OPENING_QUOTES:
        cues.append("q:opens")
    if _closes_with_quote(text):
        cues.append("q:closes")
    cues.append("end:" + ending(text))
    if n_words >= 2 and text.isupper():
        cues.append("case:upper")
    elif text.lstrip(_OPENERS)[:1].islower():
        cues.append("case:lower_start")
    if n_words >= 3 and capitalised >= 0.7 * n_words:
        cues.append("case:title")
    cues.extend(cue for cue in _CUE_ORDER if cue in present)
    return list(dict.fromkeys(cues))


_FIRST_WORD = re.compile(r"\w+")


def neighbour_cues(text: str) -> list[str]:
    """What a passage tells its neighbours: its prefix, first word and final punctuation."""
    cues = prefix_cues(text)
    first = _FIRST_WORD.search(text, 0, 60)
    if first:
        cues.append("first:" + first.group().lower().translate(_DIGITS))
    cues.append("end:" + ending(text))
    return cues


def contexts(texts: Sequence[str], *, first_index: int = 0, previous: str | None = None,
             following: str | None = None) -> list[list[str]]:
    """The context block of consecutive passages of one document.

    ``previous`` and ``following`` are the passages just before and after ``texts`` (None
    at the document's edges); ``first_index`` is the position of ``texts[0]`` in it.
    """
    cues = [neighbour_cues(text) for text in texts]
    before = neighbour_cues(previous) if previous is not None else None
    after = neighbour_cues(following) if following is not None else None
    result = []
    for i in range(len(texts)):
        terms = ["ctx:first"] if first_index + i == 0 else []
        prev_cues = cues[i - 1] if i else before
        next_cues = cues[i + 1] if i + 1 < len(texts) else after
        if prev_cues is not None:
            terms += ["ctx:prev:" + cue for cue in prev_cues]
        if next_cues is not None:
            terms += ["ctx:next:" + cue for cue in next_cues]
        result.append(terms)
    return result


def document_contexts(texts: Sequence[str]) -> list[list[str]]:
    """The context block of every passage of a whole document, in order."""
    return contexts(texts)
