"""Document-level topic accuracy on ``../shared/corpora/bbc-news`` (not used in training).

Each article is segmented into sentences and scored as one document
(``Model.document_topic_scores``); it counts as correct when its top-scoring topic among all
of the model's topics is the one its README maps the BBC class to. Prints accuracy overall
and per class. Exits 0 with a note when ``../shared`` is absent.

Usage: python scripts/evaluate_bbc.py [--model DIR]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import stance

from _shared import passages, shared_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model directory (default: shipped model)")
    args = parser.parse_args()
    if shared_dir() is None:
        print("skipped: ../shared/corpora not found (set STANCE_SHARED to its parent)")
        return 0
    model = stance.load(args.model)
    segmenter = stance.Segmenter("sentence")
    total, correct = Counter(), Counter()
    confusion: Counter = Counter()
    for row in passages("bbc-news"):
        expected = row["topics"][0]
        scores = model.document_topic_scores(s.text for s in segmenter.segment(row["text"]))
        top = max(scores, key=scores.get)
        total[expected] += 1
        correct[expected] += top == expected
        if top != expected:
            confusion[(expected, top)] += 1
    n = sum(total.values())
    print(f"bbc-news document top-1 topic accuracy: {sum(correct.values()) / n:.3f} (n={n})")
    for topic in sorted(total):
        print(f"  {topic:<20} {correct[topic] / total[topic]:.3f}  (n={total[topic]})")
    print("most common confusions: " + ", ".join(f"{a}->{b} {c}" for (a, b), c in confusion.most_common(5)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
