"""Independent jobs on every core: many files to load or check, each on its own.

Workers are forked, so they share what this process already holds (never copied) and need
nothing to be importable again. Forking is only done from a single-threaded process: `mkdocs
serve` runs a server thread, and a fork taken while another thread holds a lock can hang the
child. Where forking is not possible, or the jobs are few, they run here, one after another.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

R = TypeVar("R")

PARALLEL_FROM = 100
"""Below this many jobs, starting worker processes costs more than it saves."""
MAX_WORKERS = 4


def can_fork() -> bool:
    """Return True where worker processes may be forked from this process now."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def run_all(function: Callable[..., R], jobs: Sequence[tuple[Any, ...]]) -> list[R]:
    """Return `function(*job)` for every job, in order: on every core when there are many."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(jobs) < PARALLEL_FROM or workers < 2 or not can_fork():
        return [function(*job) for job in jobs]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(function, *zip(*jobs, strict=True), chunksize=32))
