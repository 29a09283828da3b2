"""Held-out evaluation on the project corpus: train on 80% of the documents, score the rest.

The split is by document (seeded), so no held-out passage has a neighbour in training. The
model uses the shipped model's feature blocks and regularisation; its calibration and
topic thresholds are chosen by cross-validation inside the training part only. Prints
stance accuracy / macro-F1 / per-label F1 and topic micro- and macro-F1 on the held-out part.
Usage: python scripts/holdout.py [--test-share 0.2] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from _shared import ROOT


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import stance
    from sklearn.model_selection import GroupShuffleSplit

    from stance.corpus import load_corpus
    from stance.evaluation import stance_report, topic_report
    from stance.model_io import write_model
    from stance.reports import format_stance, format_topics
    from stance.training import corpus_items, train

    shipped = stance.load().card
    records = load_corpus([ROOT / "corpora"])
    groups = [r.doc or r.id for r in records]
    split = GroupShuffleSplit(n_splits=1, test_size=args.test_share, random_state=args.seed)
    train_idx, test_idx = next(split.split(records, groups=groups))
    fitted = train([records[i] for i in train_idx], seed=args.seed,
                   grid_blocks=[tuple(shipped["features"]["blocks"])], grid_c=[shipped["stance"]["C"]],
                   topic_grid_c=[shipped["topic"]["C"]])
    import tempfile

    model = stance.load(write_model(tempfile.mkdtemp(), fitted.card, fitted.arrays()))
    held = [records[i] for i in test_idx]
    items = corpus_items(held, dropout=False)
    stance_p, topic_p = model._probabilities([i.text for i in items], [i.context for i in items])
    y = [stance.LABELS.index(r.label) for r in held]
    report = {"train_passages": len(train_idx), "test_passages": len(test_idx),
              "stance": stance_report(y, stance_p.argmax(axis=1))}
    ids = [t.id for t in model.topics]
    Y = np.array([[t in r.topics for t in ids] for r in held], dtype=bool)
    report["topics"] = topic_report(Y, topic_p >= model._thresholds, ids)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"held-out: {len(test_idx)} passages from {args.test_share:.0%} of the documents "
          f"(trained on {len(train_idx)})")
    print("\n".join(format_stance(report["stance"])))
    print("\n".join(format_topics(report["topics"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
