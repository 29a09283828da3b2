"""Flag corpus passages whose cross-validated prediction confidently disagrees with their label.

Each passage is scored by a model that never saw its document (grouped K-fold, the shipped
model's features and C). Passages whose predicted label has probability >= --confidence
and differs from the gold label are written, most confident first, as TSV for review.
Usage: python scripts/audit_labels.py [--confidence 0.9] [--out audit.tsv]
"""

from __future__ import annotations

import argparse
import csv
import sys

import numpy as np

from _shared import ROOT


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--confidence", type=float, default=0.9)
    parser.add_argument("--cv", type=int, default=5)
    parser.add_argument("--out", default="audit.tsv")
    args = parser.parse_args()

    import stance
    from stance.corpus import load_corpus
    from stance.training import _folds, _stance_model, corpus_items, make_features

    card = stance.load().card
    blocks, C = card["features"]["blocks"], card["stance"]["C"]
    records = load_corpus([ROOT / "corpora"])
    items = corpus_items(records)
    y = np.array([stance.LABELS.index(r.label) for r in records])
    groups = np.array([r.doc or r.id for r in records])
    proba = np.zeros((len(records), len(stance.LABELS)))
    for train_idx, test_idx in _folds(items, y, groups, args.cv, card["seed"]):
        features = make_features(blocks)
        X_train = features.fit_transform([items[i] for i in train_idx])
        model = _stance_model(C, card["seed"]).fit(X_train, y[train_idx])
        proba[test_idx] = model.predict_proba(features.transform([items[i] for i in test_idx]))
    predicted = proba.argmax(axis=1)
    flagged = [i for i in range(len(records))
               if predicted[i] != y[i] and proba[i, predicted[i]] >= args.confidence]
    flagged.sort(key=lambda i: -proba[i, predicted[i]])
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t")
        writer.writerow(["where", "id", "label", "predicted", "confidence", "text"])
        for i in flagged:
            r = records[i]
            writer.writerow([r.where, r.id, r.label, stance.LABELS[predicted[i]],
                             f"{proba[i, predicted[i]]:.3f}", r.text])
    print(f"{len(flagged)} of {len(records)} passages flagged (confidence >= {args.confidence}); see {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
