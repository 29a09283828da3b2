"""Evaluate a model on the public datasets in ``../shared/corpora`` (none used in training).

Each set's rows already carry our labels (mapped as its README says); rows whose label is
null are skipped. Every passage is scored on its own, as ``Model.predict`` does. Prints one
table: set, n, macro-F1 over the labels the set has, per-label F1 and recall. Exits 0 with
a note when ``../shared`` is absent.

Usage: python scripts/evaluate_external.py [--model DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys

import stance
from stance.evaluation import stance_report

from _shared import passages, shared_dir

SETS = ("disclaimers-wild", "checkthat-subjectivity-en", "claimbuster", "ibm-argq-30k")


def evaluate(model: stance.Model, name: str) -> dict | None:
    rows = [r for r in passages(name) if r.get("label") in model.labels]
    if not rows:
        return None
    predicted = model.predict_proba([r["text"] for r in rows]).argmax(axis=1)
    truth = [model.labels.index(r["label"]) for r in rows]
    return {"set": name, **stance_report(truth, predicted, model.labels)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model directory (default: shipped model)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    if shared_dir() is None:
        print("skipped: ../shared/corpora not found (set STANCE_SHARED to its parent)")
        return 0
    model = stance.load(args.model)
    results = [r for r in (evaluate(model, name) for name in SETS) if r]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    header = f"{'set':<28} {'n':>6} {'macro-F1':>9}"
    for label in model.labels:
        header += f" {label[:13] + ' F1':>16} {'R':>6}"
    print(header)
    for r in results:
        line = f"{r['set']:<28} {r['n']:>6} {r['macro_f1']:>9.3f}"
        for label in model.labels:
            row = r["per_label"][label]
            if label in r["labels_present"]:
                line += f" {row['f1']:>16.3f} {row['recall']:>6.3f}"
            else:
                line += f" {'-':>16} {'-':>6}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
