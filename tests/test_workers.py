"""Independent jobs on every core (privacy_terms.utils.workers): the same results, in order."""

from __future__ import annotations

import os

from privacy_terms.utils import workers


def square_and_process(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_many_jobs_run_in_workers_and_keep_their_order() -> None:
    jobs = [(n,) for n in range(workers.PARALLEL_FROM + 5)]
    results = workers.run_all(square_and_process, jobs)
    assert [value for value, _ in results] == [n * n for n in range(len(jobs))]
    if workers.can_fork() and (os.cpu_count() or 1) > 1:
        assert os.getpid() not in {pid for _, pid in results}


def test_a_few_jobs_run_here() -> None:
    results = workers.run_all(square_and_process, [(2,), (3,)])
    assert results == [(4, os.getpid()), (9, os.getpid())]
