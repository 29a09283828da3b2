"""Peak memory and time to first output of ``stance label`` on a large (default 100 MB) input.

Builds the input from the project corpus (paragraphs of documents, repeated), runs
``stance label --format jsonl`` on it as a whole process, samples the resident memory of
the process and its workers, and reports peak MiB, total time and when output began.
Usage: python scripts/memory_large_input.py [--mb 100] [--unit sentence] [--model DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from _measure import run_measured
from _shared import ROOT


def build_input(path: Path, megabytes: int) -> None:
    from stance.corpus import load_corpus

    docs: dict[str, list[str]] = {}
    for record in load_corpus([ROOT / "corpora"]):
        docs.setdefault(record.doc or record.id, []).append(record.text)
    block = "\n\n".join(" ".join(passages) for passages in docs.values()).encode("utf-8")
    with open(path, "wb") as out:
        written = 0
        while written < megabytes * 1_000_000:
            out.write(block + b"\n\n")
            written += len(block) + 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--unit", default="sentence")
    parser.add_argument("--model", help="model directory (default: shipped model)")
    args = parser.parse_args()
    stance_cmd = shutil.which("stance", path=str(Path(sys.executable).parent)) or shutil.which("stance")
    work = Path(tempfile.mkdtemp(prefix="stance-mem-"))
    source = work / "big.txt"
    build_input(source, args.mb)
    size_mb = source.stat().st_size / 1e6
    model_args = ["--model", args.model] if args.model else []
    result = run_measured([stance_cmd, "label", *model_args, "--format", "jsonl", "--unit", args.unit, str(source)],
                          stdout_path=work / "out.jsonl")
    rows = sum(1 for _ in open(work / "out.jsonl", encoding="utf-8"))
    print(f"input {size_mb:.0f} MB, {rows:,} passages ({args.unit}): {result['seconds']:.1f} s, "
          f"peak memory {result['peak_mib']:.0f} MiB (target < 300), "
          f"first output after {result['first_output_s']:.2f} s")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
