"""Long work on every core: partner pages and PDFs, in forked worker processes.

Workers are forked, so they start with the parent's loaded model, portfolio and templates
(nothing is pickled but each job and its result). They die with the parent however it ends
(even ``kill -9``), so none lives on holding the output pipe open, and a failure, Ctrl-C or
SIGTERM in the parent stops them all at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1
_OPEN_MAX = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024


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
    from concurrent.futures import ProcessPoolExecutor  # a one-partner rebuild needs no pool

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


class Background(Generic[R]):
    """``work(*args)`` on another core while this process goes on: in a forked process that
    dies with this one (a thread where processes cannot be forked). ``result()`` waits for it
    and raises what it raised."""

    def __init__(self, work: Callable[..., R], *args: Any) -> None:
        self._outcome: tuple[bool, Any] | None = None
        self._process: Any = None
        self._thread: threading.Thread | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_in_background, args=(os.getpid(), send, work, args), daemon=True
            )
            self._process.start()
            send.close()
        else:
            self._thread = threading.Thread(target=self._here, args=(work, args), daemon=True)
            self._thread.start()

    def _here(self, work: Callable[..., R], args: tuple[Any, ...]) -> None:
        try:
            self._outcome = (True, work(*args))
        except BaseException as failure:
            self._outcome = (False, failure)

    def result(self) -> R:
        if self._outcome is None and self._thread is not None:
            self._thread.join()
        elif self._outcome is None:
            try:
                self._outcome = self._receive.recv()
            except EOFError:
                self._outcome = (False, RuntimeError("the background process ended early"))
            self._process.join()
        assert self._outcome is not None
        done: bool = self._outcome[0]
        value: Any = self._outcome[1]
        if not done:
            raise value if isinstance(value, BaseException) else RuntimeError(str(value))
        return value  # type: ignore[no-any-return]


def _in_background(
    parent: int, send: Connection | None, work: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    _die_with_parent(parent)
    # Only the pipe stays open: an inherited descriptor (the build lock above all) must not
    # outlive the build in a child that may still be working after it.
    keep = send.fileno() if send is not None else 2
    os.closerange(3, keep)
    os.closerange(keep + 1, _OPEN_MAX)
    try:
        outcome: tuple[bool, Any] = (True, work(*args))
    except BaseException as failure:
        outcome = (False, failure)
    if send is not None:
        with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
            try:
                send.send(outcome)
            except Exception as unsent:  # cannot be pickled: say what it was
                send.send((False, repr(unsent if outcome[0] else outcome[1])))


def detached(work: Callable[..., Any], *args: Any) -> None:
    """``work(*args)`` on another core, not waited for: it may be cut short when this process
    ends (for work the next run finishes, like deleting old files). In this process where
    processes cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        work(*args)
        return
    context = multiprocessing.get_context("fork")
    context.Process(
        target=_in_background, args=(os.getpid(), None, work, args), daemon=True
    ).start()
