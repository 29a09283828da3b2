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

from typing import Any, Sequence

import numpy as np

from stance.features import chunk_char_terms, chunk_tokens, cue_terms

_CACHE_LIMIT = 100_000


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
        ones = np.ones((weights.shape[0], 1))
        self.rows = np.hstack([weights, ones]) if len(terms) else np.zeros((0, weights.shape[1] + 1))

    def scale(self, part: np.ndarray) -> np.ndarray:
        """Logit contributions from summed rows (the last column counts the terms)."""
        if self.scaling == "sqrt":
            return part[:, :-1] / np.sqrt(np.maximum(part[:, -1:], 1.0))
        return part[:, :-1]


class Scorer:
    """Logits of passages for every output of a model (stance labels, then topics)."""

    def __init__(self, arrays: dict[str, Any], blocks: Sequence[str], scaling: dict[str, str]) -> None:
        self.bias = np.asarray(arrays["bias"], dtype=np.float64)
        self.n_outputs = len(self.bias)
        self.blocks = {
            name: Block(name, decode_terms(arrays[f"{name}.terms"]),
                        np.asarray(arrays[f"{name}.weights"], dtype=np.float64), scaling[name])
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
        width = self.n_outputs + 1
        self._chunk_word = np.zeros((1024, width))
        self._chunk_char = np.zeros((1024, width))

    def _add_chunk(self, chunk: str) -> int:
        row = len(self._first)
        if row == len(self._chunk_word):
            self._chunk_word = np.vstack([self._chunk_word, np.zeros_like(self._chunk_word)])
            self._chunk_char = np.vstack([self._chunk_char, np.zeros_like(self._chunk_char)])
        tokens = chunk_tokens(chunk)
        if self._word is not None:
            terms = tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]
            found = [j for j in map(self._word.index.get, terms) if j is not None]
            self._chunk_word[row] = self._word.rows[found].sum(axis=0)
        if self._char is not None:
            found = [j for j in map(self._char.index.get, chunk_char_terms(chunk)) if j is not None]
            self._chunk_char[row] = self._char.rows[found].sum(axis=0)
        self._first.append(tokens[0])
        self._last.append(tokens[-1])
        self._chunk_row[chunk] = row
        return row

    def logits(self, texts: Sequence[str], contexts: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """An (n, outputs) array of logits; ``contexts`` gives each passage's context terms."""
        if len(self._first) > _CACHE_LIMIT:
            self._reset_cache()
        n = len(texts)
        chunk_rows: list[int] = []
        chunk_owner: list[int] = []
        pair_rows: list[int] = []
        pair_owner: list[int] = []
        cue_rows: list[int] = []
        cue_owner: list[int] = []
        lookup = self._chunk_row.get
        word_index = self._word.index.get if self._word is not None else None
        cue_block = self.blocks.get("cue")
        for i, text in enumerate(texts):
            chunks = text.split()
            rows = [lookup(chunk) for chunk in chunks]
            if None in rows:
                rows = [self._add_chunk(c) if r is None else r for r, c in zip(rows, chunks)]
            chunk_rows.extend(rows)
            chunk_owner.extend([i] * len(rows))
            if word_index is not None and len(rows) > 1:
                last, first = self._last, self._first
                for a, b in zip(rows, rows[1:]):
                    j = word_index(f"{last[a]} {first[b]}")
                    if j is not None:
                        pair_rows.append(j)
                        pair_owner.append(i)
            if cue_block is not None:
                for term in set(cue_terms(text)):
                    j = cue_block.index.get(term)
                    if j is not None:
                        cue_rows.append(j)
                        cue_owner.append(i)
        logits = np.tile(self.bias, (n, 1))
        owner = np.asarray(chunk_owner, dtype=np.intp)
        rows_array = np.asarray(chunk_rows, dtype=np.intp)
        if self._word is not None:
            part = _segment_sum(self._chunk_word[rows_array], owner, n)
            part += _segment_sum(self._word.rows[pair_rows], np.asarray(pair_owner, dtype=np.intp), n)
            logits += self._word.scale(part)
        if self._char is not None:
            logits += self._char.scale(_segment_sum(self._chunk_char[rows_array], owner, n))
        if cue_block is not None:
            part = _segment_sum(cue_block.rows[cue_rows], np.asarray(cue_owner, dtype=np.intp), n)
            logits += cue_block.scale(part)
        context_block = self.blocks.get("context")
        if context_block is not None and contexts is not None:
            rows, owners = [], []
            for i, terms in enumerate(contexts):
                for term in set(terms):
                    j = context_block.index.get(term)
                    if j is not None:
                        rows.append(j)
                        owners.append(i)
            part = _segment_sum(context_block.rows[rows], np.asarray(owners, dtype=np.intp), n)
            logits += context_block.scale(part)
        return logits

    def document_parts(self, texts: Sequence[str]) -> np.ndarray:
        """Summed, unscaled word and char rows of passages: a (2, outputs + 1) array.

        Adding these over every passage of a document and then :meth:`document_logits`
        scores the document as one text, while the passages stream past.
        """
        parts = np.zeros((2, self.n_outputs + 1))
        for i, text in enumerate(texts):
            rows = [self._chunk_row.get(c) for c in text.split()]
            rows = [self._add_chunk(c) if r is None else r for r, c in zip(rows, text.split())]
            if self._word is not None:
                parts[0] += self._chunk_word[rows].sum(axis=0)
                if len(rows) > 1:
                    found = [self._word.index.get(f"{self._last[a]} {self._first[b]}")
                             for a, b in zip(rows, rows[1:])]
                    parts[0] += self._word.rows[[j for j in found if j is not None]].sum(axis=0)
            if self._char is not None:
                parts[1] += self._chunk_char[rows].sum(axis=0)
        return parts

    def document_logits(self, parts: np.ndarray) -> np.ndarray:
        """Logits of a whole document from its summed word and char parts (no cues)."""
        logits = self.bias.copy()
        for block, part in ((self._word, parts[0]), (self._char, parts[1])):
            if block is not None:
                logits += block.scale(part[None, :])[0]
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
