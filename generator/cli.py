"""The `playbook` command line: thin adapters over the library functions (generator/build.py),
grouped in generator/commands/ by what they work on."""

from __future__ import annotations

import signal
from typing import Any

from .commands import assess, plans, publishing
from .commands.base import cli, err, out

__all__ = ["assess", "cli", "err", "main", "out", "plans", "publishing"]


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point. SIGTERM stops a command like Ctrl-C: the build cleans up
    (no staging folder, no PDF worker left) and the previous site stays."""
    signal.signal(signal.SIGTERM, _interrupt)
    return cli.main(args=argv, prog_name="playbook")
