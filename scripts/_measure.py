"""Measuring whole processes: wall time and the peak resident memory of a process tree."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path


def _tree_rss_kib(pid: int) -> int:
    """Proportional resident memory (PSS) of ``pid`` and its descendants, in KiB.

    PSS shares each page among the processes that map it, so forked workers that share the
    model's pages are not counted twice (summing RSS would). Linux /proc only.
    """
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(child) for child in children)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_measured(args: list[str], stdout_path: str | os.PathLike = os.devnull,
                 stdin_path: str | os.PathLike | None = None) -> dict:
    """Run ``args``; return wall seconds, peak tree PSS (MiB) and time to first output byte."""
    first_output: list[float] = []
    with open(stdout_path, "wb") as out:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stdin=stdin)
        peak = 0

        def sample() -> None:
            nonlocal peak
            while process.poll() is None:
                peak = max(peak, _tree_rss_kib(process.pid))
                if not first_output and stdout_path != os.devnull and os.path.getsize(stdout_path) > 0:
                    first_output.append(time.perf_counter() - start)
                time.sleep(0.01)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        elapsed = time.perf_counter() - start
        sampler.join()
        if stdin_path:
            stdin.close()
    if code != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} exited with {code}")
    return {"seconds": elapsed, "peak_mib": peak / 1024, "first_output_s": first_output[0] if first_output else None}
