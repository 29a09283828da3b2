"""The ``stance`` command: a thin layer over the library that parses options, calls one
library function per input and prints rows. Data goes to stdout, messages to stderr.

Exit codes (also in ``stance --help`` and the README):
0 every input labelled · 1 some inputs failed · 2 usage error · 130 interrupted ·
141 output pipe closed (e.g. ``| head``).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any, Callable

import click

from stance.errors import StanceError

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_PIPE_CLOSED = 0, 1, 2, 130, 141
EXIT_CODES_HELP = (
    "Exit codes: 0 all inputs labelled; 1 some inputs failed (each named on stderr); "
    "2 usage error; 130 interrupted (Ctrl-C); 141 output pipe closed."
)


def _error(message: str) -> None:
    click.echo(f"stance: {message}", err=True)


class _Output:
    """Writes whole rows to stdout; Ctrl-C during a write waits until the rows are out."""

    def __init__(self) -> None:
        self._writing = False
        self._interrupted = False
        signal.signal(signal.SIGINT, self._on_interrupt)

    def _on_interrupt(self, signum: int, frame: Any) -> None:
        if self._writing:
            self._interrupted = True
        else:
            raise KeyboardInterrupt

    def write(self, text: str) -> None:
        if not text:
            return
        self._writing = True
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        finally:
            self._writing = False
        if self._interrupted:
            raise KeyboardInterrupt


def _run(body: Callable[[], int]) -> None:
    """Run a command body, turning interrupts and closed pipes into their exit codes."""
    try:
        code = body()
    except KeyboardInterrupt:
        _error("interrupted")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_PIPE_CLOSED
    except StanceError as error:
        _error(str(error))
        code = EXIT_SOME_FAILED
    except Exception as error:  # a bug: say so in one line rather than dump a traceback
        _error(f"internal error ({type(error).__name__}: {error}); please report it")
        code = EXIT_SOME_FAILED
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(package_name="stance")
def main() -> None:
    """Label passages of news and web articles: factual_claim, advocacy or disclaimer,
    with IPTC Media Topics."""


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "output_format", type=click.Choice(["table", "jsonl", "csv"]),
              help="Output format (default: table on a terminal, jsonl otherwise).")
@click.option("--unit", type=click.Choice(["sentence", "paragraph", "line"]), default="sentence",
              show_default=True, help="What counts as one passage.")
@click.option("--level", type=click.Choice(["passage", "document"]), default="passage",
              show_default=True, help="One record per passage, or one summary per input.")
@click.option("--model", "model_path", type=str, help="Model directory (default: the shipped model).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
              help="Label 'uncertain' when the top probability is below this.")
@click.option("--explain", type=click.IntRange(0, 50), default=0, show_default=True,
              help="Add the K terms that pushed hardest towards each label.")
@click.option("--encoding", default="utf-8", show_default=True,
              help="Encoding of inputs without a byte-order mark.")
@click.option("--jobs", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Worker processes for large inputs (0: one per core, 1: none).")
def label(paths: tuple[str, ...], output_format: str | None, unit: str, level: str,
          model_path: str | None, threshold: float, explain: int, encoding: str, jobs: int) -> None:
    """Label the passages of PATHS (files or directories of text files; '-' or none: stdin)."""
    from stance.labeling import LabelJob, run_label_job
    from stance.reader import check_encoding

    try:
        encoding = check_encoding(encoding)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--encoding") from None
    if output_format is None:
        output_format = "table" if sys.stdout.isatty() else "jsonl"
    job = LabelJob(paths=list(paths), output_format=output_format, unit=unit, level=level,
                   model_path=model_path, threshold=threshold, explain=explain,
                   encoding=encoding, jobs=jobs)
    _run(lambda: run_label_job(job, _Output().write, _error))


@main.command(epilog=EXIT_CODES_HELP)
@click.option("--corpus", "corpus_paths", multiple=True, type=click.Path(path_type=Path),
              help="Corpus file or directory (repeatable; default: ./corpora).")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("models/default"),
              show_default=True, help="Model directory to write.")
@click.option("--cv", type=click.IntRange(2, 20), default=5, show_default=True,
              help="Cross-validation folds for choosing features and thresholds.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--task", type=click.Choice(["all", "stance", "topic"]), default="all",
              show_default=True, help="Which models to fit.")
def train(corpus_paths: tuple[Path, ...], out: Path, cv: int, seed: int, task: str) -> None:
    """Fit the stance and topic models on the corpus and write them to --out."""
    from stance.reports import format_training_report
    from stance.training import train_from_paths

    def body() -> int:
        card = train_from_paths(list(corpus_paths) or [Path("corpora")], out, cv=cv, seed=seed,
                                task=task, progress=lambda m: click.echo(m, err=True))
        click.echo(format_training_report(card))
        click.echo(f"model written to {out}", err=True)
        return EXIT_OK

    _run(body)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("data", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--model", "model_path", type=str, help="Model directory (default: the shipped model).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def evaluate(data: Path, model_path: str | None, output_format: str) -> None:
    """Score a model on labelled DATA (corpus JSON Lines, or CSV with text,label)."""
    import json

    import stance
    from stance.evaluation import evaluate_file
    from stance.reports import format_evaluation

    def body() -> int:
        report = evaluate_file(stance.load(model_path), data)
        click.echo(json.dumps(report, indent=2) if output_format == "json" else format_evaluation(report))
        return EXIT_OK

    _run(body)
