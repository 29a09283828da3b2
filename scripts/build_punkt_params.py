"""Build ``stance/data/punkt_en.json``: the English Punkt parameters that stance ships.

Punkt learns abbreviations, collocations, sentence starters and orthographic context from
raw text. We train it on the project's own corpus (documents re-joined into running text)
and add the hand-kept abbreviation list in ``scripts/punkt_abbreviations.txt`` (U.S., Dr.,
Inc., Jan., No., ...), so the shipped parameters need no download and contain no pickle.

Usage: python scripts/build_punkt_params.py [--corpus corpora] [--out stance/data/punkt_en.json]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from nltk.tokenize.punkt import PunktTrainer

from stance.corpus import load_corpus

HERE = Path(__file__).resolve().parent


def running_text(corpus_dir: Path) -> str:
    """The corpus as running text: each document's passages joined by spaces."""
    documents: dict[str, list[str]] = defaultdict(list)
    for record in load_corpus([corpus_dir]):
        documents[record.doc or record.id].append(record.text)
    return "\n\n".join(" ".join(passages) for passages in documents.values())


def build(corpus_dir: Path) -> dict:
    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = False
    trainer.train(running_text(corpus_dir), finalize=True)
    params = trainer.get_params()
    hand = (HERE / "punkt_abbreviations.txt").read_text(encoding="utf-8").split()
    return {
        "abbrev_types": sorted(set(params.abbrev_types) | set(hand)),
        "collocations": sorted([list(pair) for pair in params.collocations]),
        "sent_starters": sorted(params.sent_starters),
        "ortho_context": dict(sorted(params.ortho_context.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parent / "corpora")
    parser.add_argument("--out", type=Path, default=HERE.parent / "stance/data/punkt_en.json")
    args = parser.parse_args()
    data = build(args.corpus)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['abbrev_types'])} abbreviations, "
          f"{len(data['ortho_context'])} word types with orthographic context")


if __name__ == "__main__":
    main()
