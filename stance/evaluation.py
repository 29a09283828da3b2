"""Metrics for stance labels and topics, in plain numpy (no scikit-learn needed)."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from stance.taxonomy import LABELS


def _prf(tp: float, n_predicted: float, n_true: float) -> dict[str, float]:
    precision = tp / n_predicted if n_predicted else 0.0
    recall = tp / n_true if n_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "support": int(n_true)}


def stance_report(y_true: Sequence[int], y_pred: Sequence[int],
                  labels: Sequence[str] = LABELS) -> dict[str, Any]:
    """Accuracy, per-label precision/recall/F1, macro-F1 and the confusion matrix.

    ``y_true`` and ``y_pred`` are indices into ``labels``; a prediction of -1 (abstained)
    counts as wrong. Macro-F1 averages over the labels present in ``y_true``.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    confusion = np.zeros((len(labels), len(labels) + 1), dtype=int)
    for t, p in zip(y_true, y_pred):
        confusion[t, p if p >= 0 else len(labels)] += 1
    per_label = {}
    for k, label in enumerate(labels):
        per_label[label] = _prf(confusion[k, k], confusion[:, k].sum(), confusion[k].sum())
    present = [label for k, label in enumerate(labels) if confusion[k].sum()]
    macro = float(np.mean([per_label[label]["f1"] for label in present])) if present else 0.0
    report = {
        "n": int(len(y_true)),
        "accuracy": round(float(np.mean(y_true == y_pred)) if len(y_true) else 0.0, 4),
        "macro_f1": round(macro, 4),
        "per_label": per_label,
        "labels_present": present,
        "confusion": {"labels": list(labels), "matrix": confusion[:, : len(labels)].tolist()},
    }
    if confusion[:, -1].any():
        report["abstained"] = int(confusion[:, -1].sum())
    return report


def topic_report(Y_true: np.ndarray, Y_pred: np.ndarray, topic_ids: Sequence[str]) -> dict[str, Any]:
    """Micro- and macro-F1 over topics and per-topic precision/recall/F1 (multi-label)."""
    Y_true, Y_pred = np.asarray(Y_true, dtype=bool), np.asarray(Y_pred, dtype=bool)
    per_topic = {}
    for k, topic in enumerate(topic_ids):
        tp = float(np.sum(Y_true[:, k] & Y_pred[:, k]))
        per_topic[topic] = _prf(tp, Y_pred[:, k].sum(), Y_true[:, k].sum())
    tp = float(np.sum(Y_true & Y_pred))
    micro = _prf(tp, Y_pred.sum(), Y_true.sum())
    present = [t for k, t in enumerate(topic_ids) if Y_true[:, k].any()]
    macro = float(np.mean([per_topic[t]["f1"] for t in present])) if present else 0.0
    return {"micro_f1": micro["f1"], "micro_precision": micro["precision"],
            "micro_recall": micro["recall"], "macro_f1": round(macro, 4), "per_topic": per_topic}


def expected_calibration_error(proba: np.ndarray, y_true: Sequence[int], bins: int = 10) -> float:
    """Expected calibration error of the top-label probability, with equal-width bins."""
    proba = np.asarray(proba)
    confidence = proba.max(axis=1)
    correct = proba.argmax(axis=1) == np.asarray(y_true)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            error += mask.mean() * abs(confidence[mask].mean() - correct[mask].mean())
    return float(error)


def evaluate_records(model: Any, records: Sequence[Any], has_topics: bool) -> dict[str, Any]:
    """Stance and (when the data has topics) topic metrics of ``model`` on labelled records.

    Each record's text is scored on its own, as :meth:`stance.Model.predict` does.
    """
    texts = [r.text for r in records]
    stance_p, topic_p = model._probabilities(texts, None)
    report: dict[str, Any] = {"n": len(records)}
    labelled = [i for i, r in enumerate(records) if r.label is not None]
    if labelled and len(model.labels):
        y_true = [model.labels.index(records[i].label) for i in labelled]
        y_pred = stance_p[labelled].argmax(axis=1)
        report["stance"] = stance_report(y_true, y_pred, model.labels)
        report["stance"]["ece"] = round(expected_calibration_error(stance_p[labelled], y_true), 4)
    if has_topics and len(model.topics):
        ids = [t.id for t in model.topics]
        unknown = sorted({t for r in records for t in r.topics} - set(ids))
        Y_true = np.array([[t in r.topics for t in ids] for r in records], dtype=bool)
        Y_pred = topic_p >= model._thresholds
        report["topics"] = topic_report(Y_true, Y_pred, ids)
        if unknown:
            report["topics"]["not_in_model"] = unknown
    return report


def evaluate_file(model: Any, path: Any) -> dict[str, Any]:
    """:func:`evaluate_records` on a JSON Lines or CSV file (see :func:`stance.corpus.load_examples`)."""
    from stance.corpus import load_examples

    records, has_topics = load_examples(path)
    return {"data": str(path), **evaluate_records(model, records, has_topics)}
