"""The public model: load a trained model and label texts, passages or whole documents."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from stance.errors import ModelError
from stance.features import document_contexts
from stance.model_io import default_model_path, read_card, read_weights
from stance.scorer import DocumentTopicScorer, Scorer
from stance.segment import Segmenter, Span
from stance.taxonomy import LABELS, UNCERTAIN, Topic, topics_by_id


@dataclass(frozen=True)
class TopicScore:
    """A topic assigned to a passage or document, with the model's probability for it."""

    id: str
    code: str
    name: str
    score: float


@dataclass
class Passage:
    """One labelled passage; the fields are those of the JSON Lines output."""

    source: str
    index: int
    start: int
    end: int
    text: str
    label: str | None
    score: float | None
    scores: dict[str, float]
    topics: list[TopicScore] = field(default_factory=list)
    evidence: list[tuple[str, float]] | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``evidence`` only when it was asked for)."""
        data = asdict(self)
        if self.evidence is None:
            del data["evidence"]
        else:
            data["evidence"] = [list(item) for item in self.evidence]
        return data


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * logits))


class Model:
    """A trained stance + topic model. Use :func:`load` to get one."""

    def __init__(self, card: dict[str, Any], scorer: Scorer,
                 documents: DocumentTopicScorer | None = None) -> None:
        self.card = card
        self._scorer = scorer
        self._documents = documents
        self.labels: tuple[str, ...] = tuple(card["labels"])
        known = topics_by_id()
        self.topics: tuple[Topic, ...] = tuple(known[t] for t in card.get("topics", []))
        self._thresholds = np.array([card["topic"]["thresholds"][t.id] for t in self.topics]) \
            if self.topics else np.zeros(0)
        if len(self.labels) + len(self.topics) != scorer.n_outputs:
            raise ModelError(f"{card['_directory']}: card and weights disagree on the outputs; retrain")

    @property
    def path(self) -> Path:
        """The directory the model was loaded from."""
        return Path(self.card["_directory"])

    # -- passages -------------------------------------------------------------------------
    def _probabilities(self, texts: Sequence[str], contexts: Sequence[Sequence[str]] | None):
        logits = self._scorer.logits(texts, contexts)
        n_labels = len(self.labels)
        return _softmax(logits[:, :n_labels]), _sigmoid(logits[:, n_labels:])

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities of each label (columns in :attr:`labels` order) for standalone texts."""
        return self._probabilities(list(texts), None)[0]

    def predict(self, texts: Sequence[str]) -> list[str]:
        """The most probable label of each standalone text."""
        proba = self.predict_proba(texts)
        return [self.labels[i] for i in proba.argmax(axis=1)]

    def predict_topics(self, texts: Sequence[str]) -> list[list[TopicScore]]:
        """The topics of each standalone text above their thresholds, best first."""
        return self._topic_lists(self._probabilities(list(texts), None)[1])

    def _topic_lists(self, probabilities: np.ndarray) -> list[list[TopicScore]]:
        """Each row's topics at or above their thresholds, best first."""
        lists: list[list[TopicScore]] = [[] for _ in range(len(probabilities))]
        if not len(self.topics):
            return lists
        rows, columns = np.nonzero(probabilities >= self._thresholds)
        order = np.lexsort((-probabilities[rows, columns], rows))
        topics = self.topics
        for row, column, score in zip(rows[order].tolist(), columns[order].tolist(),
                                      probabilities[rows[order], columns[order]].tolist()):
            topic = topics[column]
            lists[row].append(TopicScore(topic.id, topic.code, topic.name, score))
        return lists

    def label_spans(self, spans: Sequence[Span], *, source: str = "-", first_index: int = 0,
                    contexts: Sequence[Sequence[str]] | None = None,
                    threshold: float = 0.0, explain: int = 0) -> list[Passage]:
        """Label already segmented passages of one document, in order.

        ``contexts`` defaults to the context terms of ``spans`` as one whole document.
        """
        texts = [span.text for span in spans]
        if contexts is None:
            contexts = document_contexts(texts)
        stance_p, topic_p = self._probabilities(texts, contexts)
        topic_lists = self._topic_lists(topic_p)
        labels = self.labels
        stance_rows = stance_p.tolist()
        passages = []
        for i, span in enumerate(spans):
            row = stance_rows[i]
            if labels:
                score: float | None = max(row)
                best = row.index(score)
                label: str | None = labels[best] if score >= threshold else UNCERTAIN
            else:  # a topic-only model (trained with --task topic)
                best, score, label = 0, None, None
            passage = Passage(source, first_index + i, span.start, span.end, span.text, label,
                              score, dict(zip(labels, row)), topic_lists[i])
            if explain and self.labels:
                passage.evidence = self.explain(span.text, self.labels[best], explain, contexts[i])
            passages.append(passage)
        return passages

    def label(self, text: str, unit: str = "sentence", *, source: str = "-",
              threshold: float = 0.0, explain: int = 0) -> list[Passage]:
        """Segment ``text`` into passages of ``unit`` and label each one.

        A passage whose top probability is below ``threshold`` gets the label ``uncertain``
        (its ``scores`` still say what the model thought). ``explain=K`` adds the K terms
        that pushed hardest towards the label.
        """
        check_threshold(threshold)
        spans = Segmenter(unit).segment(text)
        return self.label_spans(spans, source=source, threshold=threshold, explain=explain)

    def explain(self, text: str, label: str, k: int = 5,
                context: Sequence[str] = ()) -> list[tuple[str, float]]:
        """The ``k`` terms of ``text`` that pushed hardest towards ``label``.

        A term's weight is its contribution to the label's logit minus its average
        contribution to all labels' logits: positive weights favour ``label``.
        """
        column = self.labels.index(label)
        n_labels = len(self.labels)
        weighted = []
        for term, values in self._scorer.contributions(text, context):
            stance_values = values[:n_labels]
            weighted.append((term, float(stance_values[column] - stance_values.mean())))
        weighted.sort(key=lambda item: -item[1])
        return [(term, round(weight, 4)) for term, weight in weighted[:k] if weight > 0]

    # -- documents ------------------------------------------------------------------------
    def summarize(self, text: str, unit: str = "sentence", *, source: str = "-",
                  threshold: float = 0.0) -> "DocumentSummary":
        """One summary record for a whole text: label counts, document topics, and shares."""
        check_threshold(threshold)
        summary = DocumentSummary(self, source)
        summary.add(self.label(text, unit, source=source, threshold=threshold))
        return summary.finish()

    def document_topic_scores(self, texts: Iterable[str]) -> dict[str, float]:
        """Probability of every topic for the document made of the passages ``texts``."""
        if self._documents is None:
            return {}
        counts = self._documents.new_counts()
        self._documents.add(counts, list(texts))
        return self._document_scores(counts)

    def _document_scores(self, counts: dict) -> dict[str, float]:
        """Topic probabilities of a document from its counted words."""
        probabilities = _sigmoid(self._documents.logits(counts)[None, :])[0]
        return {t.id: float(p) for t, p in zip(self.topics, probabilities)}

    def document_topics(self, texts: Iterable[str]) -> list[TopicScore]:
        """Topics of the document made of the passages ``texts``, above their thresholds."""
        scores = self.document_topic_scores(texts)
        return self._document_topic_list(scores)

    def _document_topic_list(self, scores: dict[str, float]) -> list[TopicScore]:
        thresholds = self.card.get("document_topic", {}).get("thresholds", {})
        chosen = [t for t in self.topics if scores.get(t.id, 0.0) >= thresholds.get(t.id, 0.5)]
        chosen.sort(key=lambda t: -scores[t.id])
        return [TopicScore(t.id, t.code, t.name, scores[t.id]) for t in chosen]


class DocumentSummary:
    """Accumulates labelled passages of one source into a document-level record.

    Memory grows with the document's distinct words, not its length; the document topics
    are computed from the whole text's words, not from a vote of the passages' topics.
    """

    def __init__(self, model: Model, source: str) -> None:
        self._model = model
        self.source = source
        self.passages = 0
        self.labels = {label: 0 for label in (*model.labels, UNCERTAIN)}
        self._by_topic: dict[str, dict[str, int]] = {}
        documents = model._documents
        self._counts = documents.new_counts() if documents is not None else None
        self.topics: list[TopicScore] = []

    def add(self, passages: Sequence[Passage]) -> None:
        """Count a batch of labelled passages (in document order)."""
        if self._counts is not None:
            self._model._documents.add(self._counts, [p.text for p in passages])
        for passage in passages:
            self.passages += 1
            if passage.label is not None:
                self.labels[passage.label] += 1
            for topic in passage.topics:
                counts = self._by_topic.setdefault(topic.id, dict.fromkeys(self.labels, 0))
                if passage.label is not None:
                    counts[passage.label] += 1

    def finish(self) -> "DocumentSummary":
        """Compute the document topics from everything added."""
        if self._counts is not None and self.passages:
            scores = self._model._document_scores(self._counts)
            self.topics = self._model._document_topic_list(scores)
        return self

    def to_dict(self) -> dict[str, Any]:
        """The ``--level document`` record."""
        if self.labels[UNCERTAIN] == 0:
            labels = {k: v for k, v in self.labels.items() if k != UNCERTAIN}
        else:
            labels = dict(self.labels)
        shares = {}
        for topic_id, counts in sorted(self._by_topic.items(), key=lambda kv: -sum(kv[1].values())):
            total = sum(counts.values())
            shares[topic_id] = {"passages": total,
                                **{k: round(v / total, 4) for k, v in counts.items() if k in labels}}
        return {
            "source": self.source,
            "passages": self.passages,
            "labels": labels,
            "topics": [asdict(t) for t in self.topics],
            "label_share_by_topic": shares,
        }


def check_threshold(threshold: float) -> float:
    """Return ``threshold`` if it is a probability, else raise ``ValueError``."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    return threshold


def load(path: str | Path | None = None) -> Model:
    """Load a model directory (default: the model shipped with stance).

    Only JSON and numeric arrays are read; pickles are refused, so loading runs no code.
    Raises :class:`~stance.errors.ModelError` with advice when the model cannot be used.
    """
    card = read_card(Path(path) if path is not None else default_model_path())
    arrays = read_weights(card)
    try:
        features = card["features"]
        scorer = Scorer(arrays, features["blocks"], features["scaling"])
        documents = DocumentTopicScorer(arrays, scorer) if "document.bias" in arrays else None
        if tuple(card["labels"]) not in (LABELS, ()):
            raise ValueError(f"unexpected labels {card['labels']}")
        return Model(card, scorer, documents)
    except (KeyError, ValueError, TypeError, IndexError) as error:
        raise ModelError(f"{card['_directory']}: inconsistent model ({error}); retrain with 'stance train'") from None
