"""The command line's shared parts: the `playbook` group, its consoles, the clean handling of
errors users can fix, and the options several commands take."""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click
from jinja2 import TemplateError, TemplateSyntaxError
from rich.console import Console
from rich.markup import escape

from .. import __version__
from ..build import Loaded, load
from ..errors import PlaybookError, ValidationFailed
from ..inputs.loading import Portfolio

P = ParamSpec("P")
R = TypeVar("R")

out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def _fail_cleanly(func: Callable[P, R]) -> Callable[P, R]:
    """Print a PlaybookError as the user should see it and exit 1; other errors keep tracebacks."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except ValidationFailed as exc:
            for diagnostic in exc.diagnostics:
                style = "yellow" if diagnostic.message.startswith("warning:") else "red"
                err.print(
                    f"[bold]{escape(diagnostic.location)}:[/bold] "
                    f"[{style}]{escape(diagnostic.detail)}[/{style}]"
                )
            err.print(f"[red bold]{exc.args[0]}[/red bold]")
            sys.exit(1)
        except PlaybookError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            sys.exit(1)
        except (TemplateError, OSError) as exc:
            where, message = _located(exc)
            err.print(f"[bold]{escape(where)}:[/bold] [red]{escape(message)}[/red]")
            sys.exit(1)

    return wrapper


def _located(exc: TemplateError | OSError) -> tuple[str, str]:
    """Where a template or file-system error happened, and what it was, in a user's words."""
    if isinstance(exc, OSError):
        name = exc.filename or "file system"
        return str(name), exc.strerror or str(exc)
    if isinstance(exc, TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}", f"template error: {exc.message}"
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if f.filename.endswith((".j2", ".html"))]
    where = f"{inside[-1].filename}:{inside[-1].lineno}" if inside else "template"
    return where, f"template error: {exc}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
@click.option(
    "-C",
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="Project folder holding assessments/ and content/.",
)
@click.pass_context
def cli(ctx: click.Context, directory: Path) -> None:
    """Partner Playbook: turn partner assessments into plans and coaching guides."""
    ctx.obj = directory


def _root() -> Path:
    root: Path = click.get_current_context().find_root().obj
    return root


def _load(paths: tuple[Path, ...] = ()) -> Loaded:
    return load(_root(), paths)


def _print_warnings(portfolio: Portfolio) -> None:
    if portfolio.warnings and err.color_system is None:  # not a terminal: plain lines, at once
        err.file.write("".join(f"{w.location}: {w.detail}\n" for w in portfolio.warnings))
        return
    lines = [
        f"[bold]{escape(warning.location)}:[/bold] [yellow]{escape(warning.detail)}[/yellow]"
        for warning in portfolio.warnings
    ]
    if lines:
        err.print("\n".join(lines))  # one call: a programme can have thousands


PAPER = click.Choice(["a4", "letter"])
AS_OF = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The day the documents are read, YYYY-MM-DD: decides the stale-assessment and "
    "past-meeting notices.  [default: today]",
)


def _day(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else value.date()


def _progress_bar() -> Callable[[str, int], Callable[[int], None]] | None:
    """A progress bar for long work on a terminal; nothing when output is not a TTY."""
    if not out.is_terminal:
        return None
    from rich.progress import Progress

    def start(label: str, total: int) -> Callable[[int], None]:
        bar = Progress(console=out, transient=True)
        bar.start()
        task = bar.add_task(label, total=total)

        def advance(step: int) -> None:
            bar.advance(task, step)
            if bar.finished:
                bar.stop()

        return advance

    return start
