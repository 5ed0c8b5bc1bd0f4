"""The `playbook` command line: thin adapters over the library functions."""

from __future__ import annotations

import datetime as dt
import json
import signal
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click
from jinja2 import TemplateError, TemplateSyntaxError
from rich.console import Console
from rich.markup import escape

from . import __version__
from .build import Loaded, load, plan_partner
from .domain import PartnerType, Tier
from .errors import PlaybookError, ValidationFailed
from .inputs.loading import ASSESSMENTS_DIR, Portfolio

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
    for warning in portfolio.warnings:
        err.print(
            f"[bold]{escape(warning.location)}:[/bold] [yellow]{escape(warning.detail)}[/yellow]"
        )


@cli.command()
@click.argument("slug")
@click.option("--name", help="The partner's name, for a new partner.")
@click.option(
    "--date",
    "date_",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Assessment date, YYYY-MM-DD.  [default: today]",
)
@click.option(
    "--type",
    "partner_type",
    type=click.Choice([t.value for t in PartnerType]),
    default="VAR",
    show_default=True,
)
@click.option(
    "--tier", type=click.Choice([t.value for t in Tier]), default="Registered", show_default=True
)
@click.option("--currency", default="EUR", show_default=True, help="ISO currency code.")
@click.option("--manager", default="Your name", show_default=True, help="Partner manager.")
@_fail_cleanly
def new(
    slug: str,
    name: str | None,
    date_: dt.datetime | None,
    partner_type: str,
    tier: str,
    currency: str,
    manager: str,
) -> None:
    """Create assessments/SLUG/DATE.yaml to fill in; never overwrites.

    For a new partner, a commented template explaining every field. For a partner with earlier
    assessments, a copy of the newest one with the new date, ready to update.
    """
    from .inputs.scaffold import new_assessment

    date = (date_ or dt.datetime.now()).date()
    target, source = new_assessment(
        _root() / ASSESSMENTS_DIR,
        slug,
        name=name,
        date=date,
        partner_type=PartnerType(partner_type),
        tier=Tier(tier),
        currency=currency,
        manager=manager,
    )
    what = f"copied from {source.name}" if source else "fill in the empty fields"
    out.print(f"[green]created[/green] {escape(str(target))} ({what})")
    out.print(f"next: edit it, then run  playbook validate {escape(str(target.parent))}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_fail_cleanly
def validate(paths: tuple[Path, ...]) -> None:
    """Check assessments (default: all under assessments/); exit 1 on any error."""
    portfolio = _load(paths).portfolio
    _print_warnings(portfolio)
    out.print(
        f"[green]ok[/green] {len(portfolio.partners)} partners, "
        f"{portfolio.assessment_count} assessments valid"
    )


@cli.command()
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema is out of date.")
@_fail_cleanly
def schema(check: bool) -> None:
    """Write the assessment JSON Schema that editors use (assessments/assessment.schema.json)."""
    from .inputs.schema import SCHEMA_FILE, schema_is_current, write_schema

    if check:
        if not schema_is_current(_root()):
            err.print(f"[red]error[/red] {SCHEMA_FILE} is out of date; run: playbook schema")
            sys.exit(1)
        out.print(f"[green]ok[/green] {SCHEMA_FILE} is current")
        return
    path = write_schema(_root())
    out.print(f"[green]wrote[/green] {escape(str(path))}")


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


@cli.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object for integrations.")
@AS_OF
@_fail_cleanly
def plan(slug: str, as_json: bool, as_of: dt.datetime | None) -> None:
    """Compute SLUG's plan and print its key figures."""
    from .render.export import plan_to_json
    from .render.terminal import print_summary

    loaded = _load()
    result = plan_partner(loaded, slug, _day(as_of))
    if as_json:
        click.echo(json.dumps(plan_to_json(result, loaded.playbook), indent=2, allow_nan=False))
        return
    _print_warnings(loaded.portfolio)
    print_summary(out, result, loaded.playbook)


def _progress_bar() -> Callable[[int, int], Callable[[int], None]] | None:
    """A progress bar for long work on a terminal; nothing when output is not a TTY."""
    if not out.is_terminal:
        return None
    from rich.progress import Progress

    def start(total: int, done: int) -> Callable[[int], None]:
        bar = Progress(console=out, transient=True)
        bar.start()
        task = bar.add_task("Rendering PDFs", total=total, completed=done)

        def advance(step: int) -> None:
            bar.advance(task, step)
            if bar.finished:
                bar.stop()

        return advance

    return start


@cli.command()
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site.  [default: site/]",
)
@click.option("--paper", type=PAPER, default="a4", show_default=True, help="PDF paper size.")
@click.option(
    "--pdf/--no-pdf",
    default=True,
    show_default=True,
    help="Render the PDFs; --no-pdf only reuses those already made (a quick site build).",
)
@AS_OF
@_fail_cleanly
def build(site_dir: Path | None, paper: str, pdf: bool, as_of: dt.datetime | None) -> None:
    """Validate every assessment, compute every plan, then build the site atomically.

    Unchanged partners are reused from the last build (.playbook-cache/); delete that folder
    to force a full build.
    """
    from .build import build as build_all

    report = build_all(
        _root(),
        site_dir=site_dir,
        paper=paper,
        pdf=pdf,
        as_of=_day(as_of),
        progress=_progress_bar(),
        on_loaded=_print_warnings,
    )
    total = report.partners
    out.print(
        f"[green]built[/green] {total} partners into {escape(str(report.site))} "
        f"({report.rendered} rendered, {total - report.rendered} unchanged; "
        f"{report.pdfs_rendered} of {report.pdfs} PDFs rendered)"
        + ("" if pdf else "; PDFs not rendered (--no-pdf)")
    )
    _theme_notice_once()


THEME_NOTICE = (
    "note: the site's theme, Material for MkDocs, reaches end of life on 5 May 2027 (security "
    "fixes until then); CONTRIBUTING.md says what this project will do. Shown once."
)


def _theme_notice_once() -> None:
    """The theme's end-of-life notice, once per project instead of at every mkdocs start."""
    from pydantic import TypeAdapter

    from .publish.buildcache import BuildCache

    cache, adapter = BuildCache.for_project(_root()), TypeAdapter(dict[str, bool])
    shown = cache.read("notices.json", adapter) or {}
    if not shown.get("theme_end_of_life"):
        err.print(f"[yellow]{escape(THEME_NOTICE)}[/yellow]")
        cache.write("notices.json", adapter, {**shown, "theme_end_of_life": True})


@cli.command()
@click.argument("slug")
@click.option(
    "--kind",
    type=click.Choice(["plan", "coaching", "both"]),
    default="plan",
    show_default=True,
    help="The shared plan, the internal coaching guide, or both.",
)
@click.option("--paper", type=PAPER, default="a4", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="The PDF file (a folder with --kind both).  [default: ./SLUG-KIND.pdf]",
)
@AS_OF
@_fail_cleanly
def pdf(slug: str, kind: str, paper: str, output: Path | None, as_of: dt.datetime | None) -> None:
    """Export SLUG's business-development plan and/or coaching guide as PDF."""
    from .publish.pdf import render_pdf
    from .render.pages import environment, partner_content, pdf_path, print_documents

    loaded = _load()
    plan_ = plan_partner(loaded, slug, _day(as_of))
    env = environment(_root(), html_output=True)
    pages = partner_content(plan_, loaded.playbook, env).html
    prints = print_documents(plan_, loaded.playbook, env, pages)
    kinds = ["plan", "coaching"] if kind == "both" else [kind]
    for one in kinds:
        name = f"{slug}-{one}.pdf"
        target = (output or Path()) / name if kind == "both" else (output or Path(name))
        render_pdf(prints[pdf_path(slug, one)], target, paper)
        out.print(f"[green]wrote[/green] {escape(str(target))}")


@cli.command()
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    help="The folder to write the two files into.  [default: the current folder]",
)
@click.option("--paper", type=PAPER, default="a4", show_default=True, help="PDF paper size.")
@AS_OF
@_fail_cleanly
def share(slug: str, output: Path, paper: str, as_of: dt.datetime | None) -> None:
    """Write SLUG's partner bundle: the plan as one self-contained page, and its PDF.

    The page has no menus, no search and no link to the rest of the site (which is internal):
    show it on screen in a meeting or send it to the partner with the PDF.
    """
    from .build import share_bundle

    page, pdf = share_bundle(_load(), _root(), slug, output, paper, _day(as_of))
    out.print(f"[green]wrote[/green] {escape(str(page))} and {escape(str(pdf))}")


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point. SIGTERM stops a command like Ctrl-C: the build cleans up
    (no staging folder, no PDF worker left) and the previous site stays."""
    signal.signal(signal.SIGTERM, _interrupt)
    return cli.main(args=argv, prog_name="playbook")
