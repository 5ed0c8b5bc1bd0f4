"""The `playbook` command line: thin adapters over the library functions (generator/build.py),
grouped in generator/commands/ by what they work on."""

from __future__ import annotations

import gc
import signal
from typing import Any

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
