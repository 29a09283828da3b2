"""Speed and memory of ``stance label``, each next to a plain baseline measured in the same run.

(a) Cold start: ``stance label`` on a 20-sentence article vs ``python -c "import numpy,
    scipy.sparse"``, whole processes, alternating, median of several runs each.
(b) Throughput: ``stance label --unit line --format jsonl`` on >= 50,000 passages (written
    to a file), whole process, vs the in-process ``.predict`` rate of a plain
    ``Pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression())`` fitted on the
    same corpus and applied to the same passages.
(c) Peak resident memory of (b), summed over the process and its workers.

Passages come from ../shared/corpora (text nobody here wrote) when present, else from the
project corpus, repeated. Usage: python scripts/bench.py [--runs 7] [--model DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _measure import run_measured
from _shared import ROOT, passages, shared_dir

EXTERNAL_SETS = ("ibm-argq-30k", "claimbuster", "checkthat-subjectivity-en", "disclaimers-wild", "bbc-news")


def bench_passages(minimum: int) -> tuple[list[str], str]:
    from stance.corpus import load_corpus
    from stance.segment import segment

    found: list[str] = []
    if shared_dir() is not None:
        for name in EXTERNAL_SETS:
            for row in passages(name):
                units = [s.text for s in segment(row["text"])] if name == "bbc-news" else [row["text"]]
                found.extend(" ".join(u.split()) for u in units if u.strip())
        if len(found) >= minimum:
            return found, "../shared/corpora (ibm-argq, claimbuster, checkthat, disclaimers-wild, bbc-news sentences)"
    corpus = [" ".join(r.text.split()) for r in load_corpus([ROOT / "corpora"])]
    return (corpus * (minimum // len(corpus) + 1))[:minimum], "project corpus, repeated"


def article(sentences: int = 20) -> str:
    from stance.corpus import load_corpus

    docs: dict[str, list[str]] = {}
    for record in load_corpus([ROOT / "corpora" / "news"]):
        docs.setdefault(record.doc, []).append(record.text)
    longest = max(docs.values(), key=len)
    return "\n\n".join((longest * 3)[:sentences]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--passages", type=int, default=50_000)
    parser.add_argument("--model", help="model directory (default: shipped model)")
    args = parser.parse_args()
    stance_cmd = shutil.which("stance", path=str(Path(sys.executable).parent)) or shutil.which("stance")
    if stance_cmd is None:
        print("stance is not installed in this environment", file=sys.stderr)
        return 1
    model_args = ["--model", args.model] if args.model else []
    work = Path(tempfile.mkdtemp(prefix="stance-bench-"))
    (work / "article.txt").write_text(article(), encoding="utf-8")
    lines, origin = bench_passages(args.passages)
    (work / "passages.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # (a) cold start, alternating
    ours, base = [], []
    label_article = [stance_cmd, "label", *model_args, "--format", "jsonl", str(work / "article.txt")]
    import_baseline = [sys.executable, "-c", "import numpy, scipy.sparse"]
    run_measured(label_article), run_measured(import_baseline)  # warm the file cache
    for _ in range(args.runs):
        ours.append(run_measured(label_article)["seconds"])
        base.append(run_measured(import_baseline)["seconds"])
    cold, baseline_cold = statistics.median(ours), statistics.median(base)

    # (b) throughput, whole process vs in-process baseline predict, alternating
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from stance.corpus import load_corpus

    records = load_corpus([ROOT / "corpora"])
    plain = Pipeline([("tfidf", TfidfVectorizer(ngram_range=(1, 2))), ("lr", LogisticRegression())])
    plain.fit([r.text for r in records], [r.label for r in records])
    label_lines = [stance_cmd, "label", *model_args, "--unit", "line", "--format", "jsonl", str(work / "passages.txt")]
    ours_rate, base_rate, peaks = [], [], []
    for _ in range(3):
        result = run_measured(label_lines, stdout_path=work / "out.jsonl")
        ours_rate.append(len(lines) / result["seconds"])
        peaks.append(result["peak_mib"])
        start = time.perf_counter()
        plain.predict(lines)
        base_rate.append(len(lines) / (time.perf_counter() - start))
    written = sum(1 for _ in open(work / "out.jsonl", encoding="utf-8"))
    assert written == len(lines), f"expected {len(lines)} rows, got {written}"
    rate, baseline_rate = statistics.median(ours_rate), statistics.median(base_rate)

    report = {
        "passages": len(lines), "passages_from": origin,
        "cold_start_s": round(cold, 3), "baseline_import_s": round(baseline_cold, 3),
        "cold_start_ratio": round(cold / baseline_cold, 2),
        "throughput_per_s": round(rate), "baseline_predict_per_s": round(baseline_rate),
        "throughput_ratio": round(rate / baseline_rate, 2),
        "peak_memory_mib": round(max(peaks), 1),
    }
    print(f"(a) cold start: stance label {cold:.3f} s vs import numpy, scipy.sparse {baseline_cold:.3f} s "
          f"-> ratio {report['cold_start_ratio']} (target <= 1.75)")
    print(f"(b) throughput: {rate:,.0f} passages/s (whole process) vs plain pipeline .predict "
          f"{baseline_rate:,.0f}/s in-process -> ratio {report['throughput_ratio']} (target >= 1.0)")
    print(f"(c) peak memory of (b): {report['peak_memory_mib']} MiB (target <= 200)")
    print(json.dumps(report))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
