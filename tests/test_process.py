"""Whole-process behaviour: lazy imports, Ctrl-C, closed pipes, large inputs in workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time


from tests.conftest import EXAMPLE

STANCE = [sys.executable, "-m", "stance"]


def test_installed_command_labels_from_any_directory(tmp_path) -> None:
    """The console script of the installed package finds the shipped model from anywhere."""
    import shutil

    command = shutil.which("stance", path=os.path.dirname(sys.executable)) or shutil.which("stance")
    result = subprocess.run([command, "label", "--format", "jsonl", str(EXAMPLE)], capture_output=True,
                            text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) >= 15 and {r["label"] for r in rows} == {"factual_claim", "advocacy", "disclaimer"}


def test_labelling_does_not_import_training_libraries(tmp_path) -> None:
    code = (
        "import sys, stance.cli\n"
        "from stance.labeling import LabelJob, run_label_job\n"
        f"run_label_job(LabelJob(paths=[{str(EXAMPLE)!r}]), lambda s: None, print)\n"
        "heavy = [m for m in ('sklearn', 'scipy', 'nltk.collocations', 'nltk.chunk', 'joblib') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_punkt_import_leaves_nltk_importable_normally() -> None:
    code = ("import stance; stance.segment('One. Two.')\n"
            "import nltk, nltk.tokenize\n"
            "print(hasattr(nltk, 'word_tokenize'), hasattr(nltk.tokenize, 'sent_tokenize'))\n")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=os.path.dirname(EXAMPLE)).stdout
    assert output.split() == ["True", "True"]


def big_input(lines: int) -> bytes:
    base = EXAMPLE.read_text(encoding="utf-8").splitlines()
    return ("\n".join(f"{base[i % len(base)]} ({i})" for i in range(lines)) + "\n").encode()


def test_interrupt_leaves_only_whole_rows_and_exits_130(quick_model_dir, tmp_path) -> None:
    out = tmp_path / "out.jsonl"
    with open(out, "wb") as sink:
        process = subprocess.Popen(STANCE + ["label", "--model", str(quick_model_dir), "--format", "jsonl",
                                             "--unit", "line", "-"], stdin=subprocess.PIPE, stdout=sink,
                                   stderr=subprocess.PIPE)
        process.stdin.write(big_input(30_000))
        process.stdin.flush()
        deadline = time.time() + 60
        while out.stat().st_size == 0 and time.time() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"Traceback" not in stderr and b"interrupted" in stderr
    data = out.read_bytes()
    assert data.endswith(b"\n")
    assert all(json.loads(line)["text"] for line in data.splitlines())


def test_closed_pipe_ends_quietly(quick_model_dir, tmp_path) -> None:
    source = tmp_path / "big.txt"
    source.write_bytes(big_input(20_000))
    labeller = subprocess.Popen(STANCE + ["label", "--model", str(quick_model_dir), "--format", "jsonl",
                                          "--unit", "line", str(source)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    head = subprocess.Popen(["head", "-n", "2"], stdin=labeller.stdout, stdout=subprocess.PIPE)
    labeller.stdout.close()
    first_two = head.communicate(timeout=120)[0]
    stderr = labeller.stderr.read()
    labeller.wait(timeout=120)
    assert len(first_two.splitlines()) == 2
    assert stderr == b"" and labeller.returncode == 141


def test_worker_processes_keep_order_and_match_a_single_process(quick_model_dir, tmp_path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(big_input(9_000))
    args = STANCE + ["label", "--model", str(quick_model_dir), "--format", "jsonl", "--unit", "line", str(path)]
    single = subprocess.run(args + ["--jobs", "1"], capture_output=True, check=True).stdout
    parallel = subprocess.run(args + ["--jobs", "2"], capture_output=True, check=True).stdout
    assert parallel == single
    assert len(single.splitlines()) == 9_000
