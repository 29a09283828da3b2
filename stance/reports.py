"""Plain-text reports of training and evaluation results, for people to read."""

from __future__ import annotations

from typing import Any


def _label_table(report: dict[str, Any], title: str) -> list[str]:
    lines = [f"{title:<20} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}"]
    for name, row in report.items():
        lines.append(f"{name:<20} {row['precision']:>9.3f} {row['recall']:>7.3f} "
                     f"{row['f1']:>7.3f} {row['support']:>8}")
    return lines


def format_stance(report: dict[str, Any]) -> list[str]:
    """Accuracy, macro-F1, the per-label table and the confusion matrix."""
    lines = [f"accuracy {report['accuracy']:.3f}   macro-F1 {report['macro_f1']:.3f}   n {report['n']}"]
    if "ece" in report:
        lines[0] += f"   ECE {report['ece']:.3f}"
    lines += _label_table(report["per_label"], "label")
    labels = report["confusion"]["labels"]
    lines.append("confusion (rows: true, columns: predicted)")
    lines.append(" " * 20 + "".join(f"{label[:13]:>14}" for label in labels))
    for label, row in zip(labels, report["confusion"]["matrix"]):
        lines.append(f"{label:<20}" + "".join(f"{v:>14}" for v in row))
    return lines


def format_topics(report: dict[str, Any]) -> list[str]:
    """Micro/macro-F1 and the per-topic table."""
    lines = [f"topic micro-F1 {report['micro_f1']:.3f} (P {report['micro_precision']:.3f}, "
             f"R {report['micro_recall']:.3f})   macro-F1 {report['macro_f1']:.3f}"]
    return lines + _label_table(report["per_topic"], "topic")


def format_evaluation(report: dict[str, Any]) -> str:
    """The ``stance evaluate`` text report."""
    lines = [f"data: {report['data']} ({report['n']} passages)"]
    if "stance" in report:
        lines += ["", "stance"] + format_stance(report["stance"])
    if "topics" in report:
        lines += ["", "topics"] + format_topics(report["topics"])
    return "\n".join(lines)


def format_training_report(card: dict[str, Any]) -> str:
    """Cross-validated figures of a freshly trained model, from its card."""
    corpus = card["corpus"]
    folds = card.get("cv_folds")
    lines = [f"corpus: {corpus['passages']} passages, {corpus['documents']} documents, "
             f"{corpus['genres']} genres; "
             + (f"{folds}-fold cross-validation by document" if folds else "no cross-validation")]
    if card.get("stance", {}).get("cv"):
        stance = card["stance"]
        lines += ["", f"stance: features {'+'.join(card['features']['blocks'])}, C={stance['C']}, "
                  f"temperature {stance['temperature']:.3f}, "
                  f"ECE {stance['cv']['ece_uncalibrated']:.3f} -> {stance['cv']['ece']:.3f}"]
        lines += format_stance(stance["cv"])
    if card.get("topic", {}).get("cv"):
        lines += ["", f"topics: C={card['topic']['C']}"] + format_topics(card["topic"]["cv"])
    return "\n".join(lines)
