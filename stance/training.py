"""Fit the stance and topic models with scikit-learn, choose features by cross-validation,
calibrate, and export the result as plain arrays (see :mod:`stance.model_io`).

The fitted scikit-learn objects are kept in :class:`FittedModel` so that tests can check
that stance's own scorer reproduces their probabilities exactly.
"""

from __future__ import annotations

import hashlib
import platform
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, NamedTuple, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import FeatureUnion

from stance import __version__
from stance.corpus import Record
from stance.errors import TrainingError
from stance.evaluation import expected_calibration_error, stance_report, topic_report
from stance.features import BLOCKS, char_terms, cue_terms, document_contexts, word_terms
from stance.scorer import encode_terms
from stance.taxonomy import LABELS, topics

TASKS = ("all", "stance", "topic")
DEFAULT_GRID_BLOCKS: tuple[tuple[str, ...], ...] = (  # cheapest to label with first
    ("word",),
    ("word", "cue"),
    ("word", "cue", "context"),
    ("word", "char", "cue", "context"),
)
TOLERANCE = 0.003  # the cheapest feature set within this macro-F1 of the best one wins
DEFAULT_GRID_C: tuple[float, ...] = (1.0, 4.0)
TOPIC_GRID_C: tuple[float, ...] = (16.0,)
BLOCK_SETTINGS = {  # scaling, binary, use_idf
    "word": ("sqrt", False, True),
    "char": ("sqrt", False, True),
    "cue": ("none", True, False),
    "context": ("none", True, False),
}
MIN_DF = 2
DOCUMENT_BLOCKS = ("word", "char")
DOCUMENT_TOPIC_SHARE = 0.3  # a document is about a topic if this share of its tagged passages are
CONTEXT_DROPOUT = 3  # one passage in three is trained without its context


class Item(NamedTuple):
    """A training or scoring input: the passage text and its context terms."""

    text: str
    context: tuple[str, ...] = ()


def _item_word(item: Item) -> list[str]:
    return word_terms(item.text)


def _item_char(item: Item) -> list[str]:
    return char_terms(item.text)


def _item_cue(item: Item) -> list[str]:
    return cue_terms(item.text)


def _item_context(item: Item) -> list[str]:
    return list(item.context)


ANALYZERS: dict[str, Callable[[Item], list[str]]] = {
    "word": _item_word, "char": _item_char, "cue": _item_cue, "context": _item_context,
}


class TermBlock(TransformerMixin, BaseEstimator):
    """TF-IDF of one feature block, rows scaled by 1/sqrt(number of in-vocabulary terms).

    The scaling (instead of l2 normalisation) keeps a passage's vector a plain sum over its
    terms, which stance's scorer exploits; it normalises for length much as l2 does.
    """

    def __init__(self, block: str = "word", min_df: int = MIN_DF) -> None:
        self.block = block
        self.min_df = min_df

    def fit(self, items: Sequence[Item], y: Any = None) -> "TermBlock":
        if self.block not in ANALYZERS:
            raise ValueError(f"unknown feature block {self.block!r}; choose from {', '.join(BLOCKS)}")
        scaling, binary, use_idf = BLOCK_SETTINGS[self.block]
        min_df = self.min_df if self.block in ("word", "char") else 1
        self.counter_ = CountVectorizer(analyzer=ANALYZERS[self.block], min_df=min_df,
                                        binary=binary, dtype=np.float64)
        counts = self.counter_.fit_transform(items)
        n = counts.shape[0]
        if use_idf:
            df = np.bincount(counts.indices, minlength=counts.shape[1])
            self.idf_ = np.log((1.0 + n) / (1.0 + df)) + 1.0
        else:
            self.idf_ = np.ones(counts.shape[1])
        self.scaling_ = scaling
        return self

    def transform(self, items: Sequence[Item]):
        from scipy import sparse

        counts = self.counter_.transform(items)
        weighted = counts @ sparse.diags(self.idf_)
        if self.scaling_ == "sqrt":
            totals = np.asarray(counts.sum(axis=1)).ravel()
            weighted = sparse.diags(1.0 / np.sqrt(np.maximum(totals, 1.0))) @ weighted
        return sparse.csr_matrix(weighted)

    def terms(self) -> list[str]:
        """Vocabulary in column order."""
        return list(self.counter_.get_feature_names_out())


def make_features(blocks: Sequence[str]) -> FeatureUnion:
    """The feature union for a set of blocks."""
    return FeatureUnion([(block, TermBlock(block)) for block in blocks])


@dataclass
class FittedModel:
    """The fitted scikit-learn parts and the card describing them."""

    features: FeatureUnion
    stance: LogisticRegression | None
    topic_models: list[LogisticRegression]
    topic_ids: list[str]
    card: dict[str, Any] = field(default_factory=dict)
    document_models: list[LogisticRegression] = field(default_factory=list)

    def document_matrix(self, documents: Sequence[Sequence[str]]):
        """Document vectors: each document's summed word and char counts, weighted like a
        passage's (idf, then 1/sqrt of the document's in-vocabulary term count)."""
        from scipy import sparse

        matrices = []
        for name, block in self.features.transformer_list:
            if name not in DOCUMENT_BLOCKS:
                continue
            rows = []
            for passages in documents:
                counts = block.counter_.transform([Item(text) for text in passages])
                rows.append(sparse.csr_matrix(counts.sum(axis=0)))
            counts = sparse.vstack(rows).tocsr()
            totals = np.asarray(counts.sum(axis=1)).ravel()
            matrices.append(sparse.diags(1.0 / np.sqrt(np.maximum(totals, 1.0))) @ counts @ sparse.diags(block.idf_))
        return sparse.hstack(matrices).tocsr()

    def document_topic_proba(self, documents: Sequence[Sequence[str]]) -> np.ndarray:
        """Document-level topic probabilities, computed by scikit-learn."""
        X = self.document_matrix(documents)
        return np.column_stack([m.predict_proba(X)[:, 1] for m in self.document_models])

    def stance_proba(self, items: Sequence[Item]) -> np.ndarray:
        """Label probabilities in ``LABELS`` order, computed by scikit-learn."""
        X = self.features.transform(items)
        proba = self.stance.predict_proba(X)
        order = [list(self.stance.classes_).index(k) for k in range(len(LABELS))]
        return proba[:, order]

    def topic_proba(self, items: Sequence[Item]) -> np.ndarray:
        X = self.features.transform(items)
        return np.column_stack([m.predict_proba(X)[:, 1] for m in self.topic_models]) \
            if self.topic_models else np.zeros((len(items), 0))

    def arrays(self) -> dict[str, np.ndarray]:
        """Weights with idf folded in, one column per output, and the biases."""
        coefs, biases = [], []
        if self.stance is not None:
            order = [list(self.stance.classes_).index(k) for k in range(len(LABELS))]
            coefs.append(self.stance.coef_[order])
            biases.append(self.stance.intercept_[order])
        for model in self.topic_models:
            coefs.append(model.coef_)
            biases.append(model.intercept_)
        coef = np.vstack(coefs)
        arrays = {"bias": np.concatenate(biases).astype(np.float64)}
        offset = 0
        for name, block in self.features.transformer_list:
            width = len(block.idf_)
            weights = (coef[:, offset : offset + width] * block.idf_).T
            arrays[f"{name}.terms"] = encode_terms(block.terms())
            arrays[f"{name}.weights"] = np.hstack([weights, np.ones((width, 1))])  # last: term count
            offset += width
        if self.document_models:
            coef = np.vstack([m.coef_ for m in self.document_models])
            arrays["document.bias"] = np.concatenate([m.intercept_ for m in self.document_models])
            offset = 0
            for name, block in self.features.transformer_list:
                if name in DOCUMENT_BLOCKS:
                    width = len(block.idf_)
                    arrays[f"document.{name}.weights"] = np.ascontiguousarray(
                        (coef[:, offset : offset + width] * block.idf_).T, dtype=np.float64)
                    offset += width
        return arrays


def corpus_items(records: Sequence[Record], *, dropout: bool = True) -> list[Item]:
    """Items with context from each record's document (records keep document order)."""
    documents: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        documents[record.doc or f"\0{record.id}"].append(i)
    contexts: list[tuple[str, ...]] = [()] * len(records)
    for members in documents.values():
        for i, terms in zip(members, document_contexts([records[i].text for i in members])):
            dropped = dropout and zlib.crc32(records[i].id.encode("utf-8")) % CONTEXT_DROPOUT == 0
            contexts[i] = () if dropped else tuple(terms)
    return [Item(r.text, c) for r, c in zip(records, contexts)]


def corpus_fingerprint(files: Sequence[Path], root: Path | None = None) -> dict[str, Any]:
    """SHA-256 over the corpus files (names relative to ``root`` and contents)."""
    digest = hashlib.sha256()
    names = []
    for path in sorted(files):
        name = str(path.relative_to(root)) if root and path.is_relative_to(root) else path.name
        names.append(name)
        digest.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return {"files": names, "sha256": digest.hexdigest()}


def _check_counts(records: Sequence[Record], cv: int, task: str) -> None:
    if task in ("all", "stance"):
        counts = Counter(r.label for r in records)
        for label in LABELS:
            if counts[label] < cv:
                first = next((r.where for r in records if r.label == label), "the corpus")
                raise TrainingError(
                    f"label {label!r} has {counts[label]} example(s) (first at {first}); "
                    f"need at least {cv} for {cv}-fold cross-validation"
                )
        docs = {r.doc or r.id for r in records}
        if len(docs) < cv:
            raise TrainingError(f"the corpus has {len(docs)} document(s); need at least {cv} for --cv {cv}")
    if task in ("all", "topic"):
        counts = Counter(t for r in records for t in r.topics)
        for topic in topics():
            if 0 < counts[topic.id] < cv:
                first = next(r.where for r in records if topic.id in r.topics)
                raise TrainingError(
                    f"topic {topic.id!r} has {counts[topic.id]} example(s) (first at {first}); "
                    f"need at least {cv}, or none"
                )


def _stance_model(C: float, seed: int) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)


def _topic_model(C: float, seed: int) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=3000, random_state=seed)


def _folds(items, labels, groups, cv: int, seed: int):
    splitter = StratifiedGroupKFold(n_splits=cv, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(items)), labels, groups))


def _fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature that minimises the log-loss of out-of-fold logits."""
    def nll(t: float) -> float:
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(y)), y].mean())

    grid = np.exp(np.linspace(np.log(0.25), np.log(4.0), 161))
    return float(grid[np.argmin([nll(t) for t in grid])])


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    best, best_f1 = 0.5, -1.0
    for threshold in np.round(np.arange(0.05, 0.96, 0.025), 3):
        predicted = p >= threshold
        tp = float(np.sum(predicted & y))
        f1 = 2 * tp / max(float(predicted.sum() + y.sum()), 1.0)
        if f1 > best_f1 + 1e-12:
            best, best_f1 = float(threshold), f1
    return best


def train(records: Sequence[Record], *, cv: int = 5, seed: int = 0, task: str = "all",
          grid_blocks: Sequence[Sequence[str]] = DEFAULT_GRID_BLOCKS,
          grid_c: Sequence[float] = DEFAULT_GRID_C, topic_grid_c: Sequence[float] = TOPIC_GRID_C,
          corpus_info: dict[str, Any] | None = None, cross_validate: bool = True,
          progress: Callable[[str], None] = lambda message: None) -> FittedModel:
    """Choose features and regularisation by grouped cross-validation, then fit on all data.

    Folds keep each document whole (``StratifiedGroupKFold`` over ``doc``), so a passage is
    never scored by a model that saw its neighbours. Returns the fitted model and its card.
    ``cross_validate=False`` skips the search (first grid entries, no calibration, topic
    thresholds 0.5): for quick fits in tests, never for a model that is shipped.
    """
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    if cv < 2:
        raise ValueError(f"--cv must be at least 2, got {cv}")
    _check_counts(records, cv, task)
    items = corpus_items(records)
    y = np.array([LABELS.index(r.label) for r in records])
    groups = np.array([r.doc or r.id for r in records])
    folds = _folds(items, y, groups, cv, seed)
    topic_ids = [t.id for t in topics() if any(t.id in r.topics for r in records)] \
        if task in ("all", "topic") else []
    Y = np.array([[t in r.topics for t in topic_ids] for r in records], dtype=bool).reshape(len(records), -1)

    block_folds: dict[str, list[tuple[Any, Any]]] = {}

    def features_for(blocks: tuple[str, ...]):
        """Per-fold (train, test) matrices; each block is fitted once per fold."""
        from scipy import sparse

        for block in blocks:
            if block not in block_folds:
                progress(f"features {block}: {cv} folds")
                block_folds[block] = []
                for train_idx, test_idx in folds:
                    vectorizer = TermBlock(block)
                    X_train = vectorizer.fit_transform([items[i] for i in train_idx])
                    block_folds[block].append((X_train, vectorizer.transform([items[i] for i in test_idx])))
        return [tuple(sparse.hstack([block_folds[b][f][part] for b in blocks]).tocsr() for part in (0, 1))
                for f in range(len(folds))]

    card: dict[str, Any] = {"seed": seed, "task": task, "cv_folds": cv if cross_validate else None}
    blocks = tuple(grid_blocks[-1])
    stance_model = None
    if not cross_validate:
        blocks = tuple(grid_blocks[0])
        if task in ("all", "stance"):
            card["stance"] = {"C": grid_c[0], "class_weight": "balanced", "temperature": 1.0}
    elif task in ("all", "stance"):
        grid, results = [], []
        for candidate in map(tuple, grid_blocks):
            matrices = features_for(candidate)
            for C in grid_c:
                logits = np.zeros((len(items), len(LABELS)))
                for (train_idx, test_idx), (X_train, X_test) in zip(folds, matrices):
                    model = _stance_model(C, seed).fit(X_train, y[train_idx])
                    order = [list(model.classes_).index(i) for i in range(len(LABELS))]
                    logits[test_idx] = model.decision_function(X_test)[:, order]
                macro = stance_report(y, logits.argmax(axis=1))["macro_f1"]
                grid.append({"blocks": list(candidate), "C": C, "macro_f1": round(macro, 4)})
                progress(f"stance {'+'.join(candidate)} C={C}: macro-F1 {macro:.4f}")
                results.append((macro, candidate, C, logits))
        top = max(r[0] for r in results)
        _, blocks, C, logits = next(r for r in results if r[0] >= top - TOLERANCE)
        temperature = _fit_temperature(logits, y)
        before, after = _softmax(logits), _softmax(logits / temperature)
        card["stance"] = {
            "C": C, "class_weight": "balanced", "temperature": temperature, "grid": grid,
            "selection": f"cheapest feature set within {TOLERANCE} macro-F1 of the best",
            "cv": {**stance_report(y, logits.argmax(axis=1)),
                   "ece_uncalibrated": round(expected_calibration_error(before, y), 4),
                   "ece": round(expected_calibration_error(after, y), 4)},
        }

    topic_card: dict[str, Any] = {}
    topic_C = topic_grid_c[0]
    thresholds: dict[str, float] = {t: 0.5 for t in topic_ids}
    if not cross_validate:
        topic_card = {"C": topic_C, "thresholds": thresholds}
    elif topic_ids:
        matrices = features_for(blocks)
        best_topic = None
        for C in topic_grid_c:
            proba = np.zeros(Y.shape)
            for (train_idx, test_idx), (X_train, X_test) in zip(folds, matrices):
                for k in range(len(topic_ids)):
                    if Y[train_idx, k].any():
                        model = _topic_model(C, seed).fit(X_train, Y[train_idx, k])
                        proba[test_idx, k] = model.predict_proba(X_test)[:, 1]
            chosen = {t: _best_threshold(Y[:, k], proba[:, k]) for k, t in enumerate(topic_ids)}
            predicted = proba >= np.array([chosen[t] for t in topic_ids])
            report = topic_report(Y, predicted, topic_ids)
            progress(f"topics C={C}: micro-F1 {report['micro_f1']:.4f}")
            if best_topic is None or report["micro_f1"] > best_topic[0]:
                best_topic = (report["micro_f1"], C, chosen, report)
        _, topic_C, thresholds, report = best_topic
        topic_card = {"C": topic_C, "thresholds": thresholds, "cv": report}

    progress(f"final fit on {len(items)} passages with {'+'.join(blocks)}")
    features = make_features(blocks)
    X = features.fit_transform(items)
    if task in ("all", "stance"):
        stance_model = _stance_model(card["stance"]["C"], seed).fit(X, y)
        stance_model.coef_ /= card["stance"]["temperature"]
        stance_model.intercept_ /= card["stance"]["temperature"]
    topic_models = [_topic_model(topic_C, seed).fit(X, Y[:, k]) for k in range(len(topic_ids))]
    fitted = FittedModel(features, stance_model, topic_models, topic_ids, card)
    if topic_ids and any(b in blocks for b in DOCUMENT_BLOCKS):
        progress("document topics")
        card["document_topic"] = _fit_document_topics(fitted, records, topic_ids, topic_C, seed,
                                                      cross_validate, cv)

    import nltk
    import scipy
    import sklearn

    card.update({
        "labels": list(LABELS) if stance_model is not None else [],
        "topics": topic_ids,
        "topic": topic_card,
        "features": {
            "blocks": list(blocks),
            "scaling": {b: BLOCK_SETTINGS[b][0] for b in blocks},
            "min_df": MIN_DF,
            "char_ngram_range": [2, 5],
            "context_dropout": f"1 in {CONTEXT_DROPOUT}",
            "vocabulary": {name: len(block.idf_) for name, block in features.transformer_list},
        },
        "corpus": {
            **(corpus_info or {}),
            "passages": len(records),
            "documents": len(set(groups)),
            "labels": dict(Counter(r.label for r in records)),
            "genres": len({r.genre for r in records}),
        },
        "library_versions": {
            "stance": __version__, "python": platform.python_version(), "numpy": np.__version__,
            "scipy": scipy.__version__, "scikit-learn": sklearn.__version__, "nltk": nltk.__version__,
        },
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    })
    return fitted


def corpus_documents(records: Sequence[Record]) -> tuple[list[list[str]], list[set[str]]]:
    """The corpus's documents (passage texts) and their topics.

    A document is about a topic when at least ``DOCUMENT_TOPIC_SHARE`` of its topic-tagged
    passages carry it (and always about its most frequent topic).
    """
    documents: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        documents[record.doc or f"\0{record.id}"].append(record)
    texts, labels = [], []
    for members in documents.values():
        counts = Counter(t for r in members for t in r.topics)
        tagged = sum(1 for r in members if r.topics)
        chosen = {t for t, c in counts.items() if c >= DOCUMENT_TOPIC_SHARE * tagged}
        if counts:
            chosen.add(counts.most_common(1)[0][0])
        texts.append([r.text for r in members])
        labels.append(chosen)
    return texts, labels


def _fit_document_topics(fitted: FittedModel, records: Sequence[Record], topic_ids: list[str],
                         C: float, seed: int, cross_validate: bool, cv: int) -> dict[str, Any]:
    """Fit one logistic regression per topic on whole documents; thresholds by CV."""
    from sklearn.model_selection import KFold

    texts, labels = corpus_documents(records)
    X = fitted.document_matrix(texts)
    Y = np.array([[t in chosen for t in topic_ids] for chosen in labels], dtype=bool)
    card: dict[str, Any] = {"C": C, "documents": len(texts), "topic_share": DOCUMENT_TOPIC_SHARE,
                            "thresholds": {t: 0.5 for t in topic_ids}}
    if cross_validate:
        proba = np.zeros(Y.shape)
        for train_idx, test_idx in KFold(cv, shuffle=True, random_state=seed).split(X):
            for k in range(len(topic_ids)):
                if Y[train_idx, k].any():
                    model = _topic_model(C, seed).fit(X[train_idx], Y[train_idx, k])
                    proba[test_idx, k] = model.predict_proba(X[test_idx])[:, 1]
        card["thresholds"] = {t: _best_threshold(Y[:, k], proba[:, k]) for k, t in enumerate(topic_ids)}
        predicted = proba >= np.array([card["thresholds"][t] for t in topic_ids])
        card["cv"] = topic_report(Y, predicted, topic_ids)
        top = proba.argmax(axis=1)
        has = Y.any(axis=1)
        card["cv"]["top1_accuracy"] = round(float(np.mean(Y[has, top[has]])), 4)
    fitted.document_models = [_topic_model(C, seed).fit(X, Y[:, k]) for k in range(len(topic_ids))]
    return card


def train_from_paths(corpus_paths: Sequence[Path], out: Path, *, cv: int = 5, seed: int = 0,
                     task: str = "all", progress: Callable[[str], None] = lambda m: None) -> dict[str, Any]:
    """Load the corpus, train, and write the model to ``out`` (atomically); returns the card."""
    from stance.corpus import data_files, load_corpus
    from stance.model_io import write_model

    files = data_files(corpus_paths)
    records = load_corpus(files)
    roots = [Path(p) for p in corpus_paths if Path(p).is_dir()]
    info = corpus_fingerprint(files, roots[0].parent if len(roots) == 1 else None)
    fitted = train(records, cv=cv, seed=seed, task=task, corpus_info=info, progress=progress)
    write_model(out, fitted.card, fitted.arrays())
    return fitted.card
