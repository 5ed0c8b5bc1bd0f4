"""The `playbook` command line: thin adapters over the library functions (generator/build.py),
grouped in generator/commands/ by what they work on."""

from __future__ import annotations

import contextlib
import gc
import signal
from typing import Any


def _keep_freed_memory() -> None:
    """Have the C allocator keep what is freed for reuse instead of handing it back to the
    system at once (glibc's mallopt; elsewhere nothing): a command lives seconds, and a build
    frees and takes again tens of MB of pages, each first touched at a page fault (a tenth of
    the faults and about 0.1 s of a 3,000-partner rebuild). What the build holds at its peak
    is unchanged."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        mallopt = ctypes.CDLL(None).mallopt
        for option in (-3, -1):  # M_MMAP_THRESHOLD, M_TRIM_THRESHOLD
            mallopt(option, 1 << 30)


_keep_freed_memory()

# The command's modules, and the models and templates they set up, live as long as the process:
# the cycle collector is paused while they load and they are frozen out of its sight after
# (its passes over them cost a 3,000-partner rebuild about 0.05 s).
_COLLECTING = gc.isenabled()
gc.disable()
from .commands import assess, plans, publishing  # noqa: E402
from .commands.base import cli, err, out  # noqa: E402

gc.freeze()
if _COLLECTING:
    gc.enable()

__all__ = ["assess", "cli", "err", "main", "out", "plans", "publishing"]


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point. SIGTERM stops a command like Ctrl-C: the build cleans up
    (no staging folder, no PDF worker left) and the previous site stays."""
    signal.signal(signal.SIGTERM, _interrupt)
    return cli.main(args=argv, prog_name="playbook")
