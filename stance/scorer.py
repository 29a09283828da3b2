"""Score passages with a trained model's arrays using numpy alone.

A fitted model is linear: each block's vector is (term counts x idf), scaled by one over the
square root of the number of in-vocabulary terms (``sqrt`` blocks) or left as it is
(``none`` blocks, binary cues). The weight arrays already hold idf x coefficient, one column
per output (the stance logits, then one logit per topic). So a passage's logits are sums of
weight rows, which is all this module computes: no scikit-learn at label time.

Word and character terms never cross whitespace (see :mod:`stance.features`), so the scorer
caches each whitespace-separated chunk's summed rows; only word bigrams that span two chunks
are looked up per passage. Real text repeats its words, so most chunks are cache hits.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Sequence

import numpy as np

from stance.features import ChunkInfo, chunk_analysis, chunk_char_terms, chunk_tokens, cue_terms

_CACHE_LIMIT = 16_000


def _segment_sum(values: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Row sums of ``values`` grouped by the non-decreasing ``owner`` index, for n groups."""
    out = np.zeros((n, values.shape[1]))
    if len(owner):
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        out[owner[starts]] = np.add.reduceat(values, starts, axis=0)
    return out


def decode_terms(packed: np.ndarray) -> list[str]:
    """Terms stored as one UTF-8 byte array joined by newlines."""
    return packed.tobytes().decode("utf-8").split("\n") if packed.size else []


def encode_terms(terms: Sequence[str]) -> np.ndarray:
    """The inverse of :func:`decode_terms` (terms never contain a newline)."""
    return np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)


class Block:
    """One feature block's vocabulary and weights (with a trailing count column)."""

    def __init__(self, name: str, terms: list[str], weights: np.ndarray, scaling: str) -> None:
        self.name = name
        self.scaling = scaling
        self.index = {term: row for row, term in enumerate(terms)}
        self.terms = terms
        self.rows = weights  # one column per output, then a column of ones that counts terms

    def scale(self, part: np.ndarray) -> np.ndarray:
        """Logit contributions from summed rows (the last column counts the terms)."""
        if self.scaling == "sqrt":
            return part[:, :-1] / np.sqrt(np.maximum(part[:, -1:], 1.0))
        return part[:, :-1]


class Scorer:
    """Logits of passages for every output of a model (stance labels, then topics)."""

    def __init__(self, arrays: Mapping[str, Any], blocks: Sequence[str], scaling: dict[str, str]) -> None:
        self.bias = np.asarray(arrays["bias"], dtype=np.float64)
        self.n_outputs = len(self.bias)
        self.blocks = {
            name: Block(name, decode_terms(arrays[f"{name}.terms"]),
                        np.asarray(arrays[f"{name}.weights"], dtype=np.float64).reshape(-1, len(self.bias) + 1),
                        scaling[name])
            for name in blocks
        }
        for block in self.blocks.values():
            if block.rows.shape[1] != self.n_outputs + 1 or block.rows.shape[0] != len(block.terms):
                raise ValueError(f"block {block.name!r}: weights do not match the vocabulary")
        self._word = self.blocks.get("word")
        self._char = self.blocks.get("char")
        self._reset_cache()

    def _reset_cache(self) -> None:
        self._chunk_row: dict[str, int] = {}
        self._first: list[str] = []
        self._last: list[str] = []
        self._info: list[ChunkInfo] = []
        width = self.n_outputs + 1
        self._chunk_word = np.zeros((1024, width if self._word is not None else 0))
        self._chunk_char = np.zeros((1024, width if self._char is not None else 0))

    def _add_chunks(self, chunks: Sequence[str]) -> None:
        """Compute and cache the summed word and char rows of new chunks, all at once."""
        start = len(self._first)
        needed = start + len(chunks)
        if needed > len(self._chunk_word):
            size = max(needed, 2 * len(self._chunk_word))
            for name in ("_chunk_word", "_chunk_char"):
                grown = np.zeros((size, getattr(self, name).shape[1]))
                grown[:start] = getattr(self, name)[:start]
                setattr(self, name, grown)
        word_get = self._word.index.get if self._word is not None else None
        char_get = self._char.index.get if self._char is not None else None
        word_rows: list[int] = []
        word_owner: list[int] = []
        char_rows: list[int] = []
        char_owner: list[int] = []
        for k, chunk in enumerate(chunks):
            tokens, char_terms, info = chunk_analysis(chunk, char_get is not None)
            if word_get is not None:
                terms = tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])] if len(tokens) > 1 else tokens
                found = [j for j in map(word_get, terms) if j is not None]
                word_rows += found
                word_owner += [k] * len(found)
            if char_get is not None:
                found = [j for j in map(char_get, char_terms) if j is not None]
                char_rows += found
                char_owner += [k] * len(found)
            self._first.append(tokens[0])
            self._last.append(tokens[-1])
            self._info.append(info)
            self._chunk_row[chunk] = start + k
        if word_get is not None:
            self._chunk_word[start:needed] = _segment_sum(
                self._word.rows[word_rows], np.asarray(word_owner, dtype=np.intp), len(chunks))
        if char_get is not None:
            self._chunk_char[start:needed] = _segment_sum(
                self._char.rows[char_rows], np.asarray(char_owner, dtype=np.intp), len(chunks))

    def _chunk_rows(self, texts: Sequence[str]) -> list[list[int]]:
        """Cache rows of every chunk of every text, adding the chunks not seen before.

        The cache is only ever emptied at the start of :meth:`logits`, so rows handed out
        here stay valid for the rest of that call.
        """
        index = self._chunk_row
        split = [text.split() for text in texts]
        missing = list(dict.fromkeys(c for chunks in split for c in chunks if c not in index))
        if missing:
            self._add_chunks(missing)
        return [[index[c] for c in chunks] for chunks in split]

    def _parts(self, texts: Sequence[str]) -> tuple[list[list[int]], np.ndarray | None, np.ndarray | None]:
        """Per-passage chunk rows and the unscaled word and char parts of every passage."""
        n = len(texts)
        rows_per_text = self._chunk_rows(texts)
        owner = np.repeat(np.arange(n, dtype=np.intp), [len(rows) for rows in rows_per_text])
        flat = np.fromiter((r for rows in rows_per_text for r in rows), dtype=np.intp, count=len(owner))
        word = char = None
        if self._word is not None:
            word_get = self._word.index.get
            last, first = self._last, self._first
            pair_rows: list[int] = []
            pair_owner: list[int] = []
            for i, rows in enumerate(rows_per_text):
                if len(rows) > 1:
                    found = [j for j in map(word_get, [f"{last[a]} {first[b]}" for a, b in zip(rows, rows[1:])])
                             if j is not None]
                    pair_rows += found
                    pair_owner += [i] * len(found)
            word = _segment_sum(self._chunk_word[flat], owner, n)
            word += _segment_sum(self._word.rows[pair_rows], np.asarray(pair_owner, dtype=np.intp), n)
        if self._char is not None:
            char = _segment_sum(self._chunk_char[flat], owner, n)
        return rows_per_text, word, char

    @staticmethod
    def _term_sum(block: Block, terms_per_text: Sequence[Sequence[str]], n: int) -> np.ndarray:
        get = block.index.get
        rows: list[int] = []
        owner: list[int] = []
        for i, terms in enumerate(terms_per_text):
            found = [j for j in map(get, terms) if j is not None]
            rows += found
            owner += [i] * len(found)
        return _segment_sum(block.rows[rows], np.asarray(owner, dtype=np.intp), n)

    def logits(self, texts: Sequence[str], contexts: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """An (n, outputs) array of logits; ``contexts`` gives each passage's context terms."""
        if len(self._first) > _CACHE_LIMIT:
            self._reset_cache()
        n = len(texts)
        rows_per_text, word, char = self._parts(texts)
        logits = np.tile(self.bias, (n, 1))
        if word is not None:
            logits += self._word.scale(word)
        if char is not None:
            logits += self._char.scale(char)
        cue_block = self.blocks.get("cue")
        if cue_block is not None:
            info = self._info
            cues = [cue_terms(text, [info[r] for r in rows]) for text, rows in zip(texts, rows_per_text)]
            logits += cue_block.scale(self._term_sum(cue_block, cues, n))
        context_block = self.blocks.get("context")
        if context_block is not None and contexts is not None:
            unique = [list(dict.fromkeys(terms)) for terms in contexts]
            logits += context_block.scale(self._term_sum(context_block, unique, n))
        return logits

    def contributions(self, text: str, context: Sequence[str] = ()) -> list[tuple[str, np.ndarray]]:
        """Each term's contribution to every logit, grouped by the term a reader sees.

        Word n-grams count as themselves; a chunk's character n-grams count towards the
        chunk's word; cues and context terms appear in angle brackets.
        """
        out: dict[str, np.ndarray] = {}

        def add(term: str, value: np.ndarray) -> None:
            out[term] = out[term] + value if term in out else value

        chunks = text.split()
        if self._word is not None:
            tokens = [t for c in chunks for t in chunk_tokens(c)]
            terms = tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]
            found = [(t, j) for t, j in zip(terms, map(self._word.index.get, terms)) if j is not None]
            norm = np.sqrt(max(len(found), 1))
            for term, j in found:
                add(term, self._word.rows[j, :-1] / norm)
        if self._char is not None:
            per_chunk = [[j for j in map(self._char.index.get, chunk_char_terms(c)) if j is not None]
                         for c in chunks]
            norm = np.sqrt(max(sum(map(len, per_chunk)), 1))
            for chunk, found in zip(chunks, per_chunk):
                if found:
                    shown = " ".join(chunk_tokens(chunk)[:3])
                    add(shown, self._char.rows[found, :-1].sum(axis=0) / norm)
        for name, terms in (("cue", cue_terms(text)), ("context", context)):
            block = self.blocks.get(name)
            if block is None:
                continue
            for term in set(terms):
                j = block.index.get(term)
                if j is not None:
                    add(f"<{term}>", block.rows[j, :-1])
        return list(out.items())


class DocumentTopicScorer:
    """Topic logits of whole documents, from the document-level weights of a model.

    Word and char counts of a document are collected passage by passage (:meth:`add`),
    bounded by its distinct chunks, and scored once at the end (:meth:`logits`): idf x
    weights summed over the terms, scaled by 1/sqrt of the document's term count.
    """

    def __init__(self, arrays: Mapping[str, Any], scorer: Scorer) -> None:
        self._scorer = scorer
        self._arrays = arrays
        self.bias = np.asarray(arrays["document.bias"], dtype=np.float64)
        self._loaded: dict[str, np.ndarray] | None = None

    @property
    def _weights(self) -> dict[str, np.ndarray]:
        """The document weights, read on first use (most runs never need them)."""
        if self._loaded is None:
            loaded = {name: np.asarray(self._arrays[f"document.{name}.weights"], dtype=np.float64)
                      for name in ("word", "char") if f"document.{name}.weights" in self._arrays}
            for name, weights in loaded.items():
                if weights.shape != (len(self._scorer.blocks[name].terms), len(self.bias)):
                    raise ValueError(f"document weights of block {name!r} do not match its vocabulary")
            self._loaded = loaded
        return self._loaded

    def new_counts(self) -> dict[str, Counter]:
        """Empty counters for one document."""
        return {"chunks": Counter(), "pairs": Counter()}

    def add(self, counts: dict[str, Counter], texts: Sequence[str]) -> None:
        """Count the chunks (and chunk-spanning word pairs) of passages of the document."""
        word = self._scorer.blocks.get("word")
        for text in texts:
            chunks = text.split()
            counts["chunks"].update(chunks)
            if word is not None and len(chunks) > 1:
                tokens = [chunk_tokens(c) for c in chunks]
                pairs = (word.index.get(f"{a[-1]} {b[0]}") for a, b in zip(tokens, tokens[1:]))
                counts["pairs"].update(j for j in pairs if j is not None)

    def logits(self, counts: dict[str, Counter]) -> np.ndarray:
        """Topic logits of the document counted in ``counts``."""
        sums = {name: np.zeros(len(self.bias)) for name in self._weights}
        totals = dict.fromkeys(self._weights, 0)
        word, char = self._scorer.blocks.get("word"), self._scorer.blocks.get("char")
        for chunk, n in counts["chunks"].items():
            tokens, char_terms, _ = chunk_analysis(chunk)
            if "word" in sums and word is not None:
                terms = tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]
                rows = [j for j in map(word.index.get, terms) if j is not None]
                sums["word"] += n * self._weights["word"][rows].sum(axis=0)
                totals["word"] += n * len(rows)
            if "char" in sums and char is not None:
                rows = [j for j in map(char.index.get, char_terms) if j is not None]
                sums["char"] += n * self._weights["char"][rows].sum(axis=0)
                totals["char"] += n * len(rows)
        if "word" in sums and counts["pairs"]:
            rows, n = zip(*counts["pairs"].items())
            sums["word"] += (self._weights["word"][list(rows)] * np.array(n)[:, None]).sum(axis=0)
            totals["word"] += sum(n)
        logits = self.bias.copy()
        for name in sums:
            logits += sums[name] / np.sqrt(max(totals[name], 1))
        return logits
