"""Long work on every core: partner pages and PDFs, in forked worker processes.

Workers are forked, so they start with the parent's loaded model, portfolio and templates
(nothing is pickled but each job and its result). They die with the parent however it ends
(even ``kill -9``), so none lives on holding the output pipe open, and a failure, Ctrl-C or
SIGTERM in the parent stops them all at once.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

J = TypeVar("J")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """In each worker: end when the build process ends. Linux only; elsewhere a no-op."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def cores() -> int:
    """The cores this process may use (a CI runner's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def in_parallel(
    work: Callable[[J], R],
    jobs: Sequence[J],
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    chunksize: int = 1,
) -> Iterator[R]:
    """``work(job)`` for every job, results in the jobs' order: in this process when there is
    one worker or one job, else on ``workers`` forked processes (default: every core).
    ``work`` must be a module-level function; what it needs besides the job it finds in the
    module state the parent set before calling (the workers are forked from it)."""
    count = min(workers or cores(), len(jobs))
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for job in jobs:
            yield work(job)
            if progress:
                progress(1)
        return
    pool = ProcessPoolExecutor(
        max_workers=count,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        for result in pool.map(work, jobs, chunksize=chunksize):
            yield result
            if progress:
                progress(1)
    except BaseException:  # Ctrl-C, SIGTERM or a failed job: stop every worker now
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
