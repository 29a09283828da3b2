"""Run a function over a stream of work items in worker processes, results in input order.

At most ``window`` items are in flight, so memory stays bounded however long the stream;
the workers are forked from the caller and inherit its loaded model. Workers ignore SIGINT:
Ctrl-C reaches only the parent, which stops them.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import deque
from typing import Any, Callable, Iterable, Iterator

_TASK: Callable[[Any], Any] | None = None


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_task(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


def available_workers(jobs: int) -> int:
    """Worker processes for ``jobs`` (0: one per available core; 1: none)."""
    if jobs == 0:
        try:
            jobs = len(os.sched_getaffinity(0))
        except AttributeError:
            jobs = os.cpu_count() or 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(jobs, 1)


class OrderedPool:
    """``map`` over an iterable in ``workers`` forked processes, yielding results in order."""

    def __init__(self, task: Callable[[Any], Any], workers: int, window: int | None = None) -> None:
        global _TASK
        _TASK = task
        gc.freeze()  # objects made so far (the model) stay shared with the workers, not copied
        self._pool = multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts)
        self._window = window or workers + 1

    def map(self, items: Iterable[Any]) -> Iterator[Any]:
        pending: deque = deque()
        for item in items:
            pending.append(self._pool.apply_async(_run_task, (item,)))
            if len(pending) >= self._window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def close(self) -> None:
        """Stop the workers (also mid-stream, e.g. after an interrupt)."""
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> "OrderedPool":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
