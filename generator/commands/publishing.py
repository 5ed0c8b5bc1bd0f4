"""Commands that publish: the site with its PDFs, a PDF, the partner's bundle and calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.markup import escape

from ..build import plan_partner
from ..errors import UserError
from .base import (
    AS_OF,
    PAPER,
    _day,
    _fail_cleanly,
    _load,
    _print_warnings,
    _progress_bar,
    _root,
    cli,
    err,
    out,
)


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
@click.option(
    "--shard",
    metavar="I/N",
    default=None,
    help="Only render shard I of N of the partners' pages and PDFs into .playbook-cache/ "
    "(no site): one job of a CI matrix. See CONTRIBUTING.md, 'Builds split across runners'.",
)
@click.option(
    "--assemble",
    is_flag=True,
    help="Build the site from a cache that every shard's .playbook-cache/ was copied into, "
    "rendering nothing; a partner or PDF missing from it is an error.",
)
@AS_OF
@_fail_cleanly
def build(
    site_dir: Path | None,
    paper: str,
    pdf: bool,
    shard: str | None,
    assemble: bool,
    as_of: dt.datetime | None,
) -> None:
    """Validate every assessment, compute every plan, then build the site atomically.

    Unchanged partners are reused from the last build (.playbook-cache/); delete that folder
    to force a full build.
    """
    from ..build import build as build_all

    if shard is not None:
        if assemble or site_dir:
            raise UserError("--shard renders into the cache only: no --assemble or --site-dir")
        _build_shard(shard, paper, pdf, as_of)
        return
    report = build_all(
        _root(),
        site_dir=site_dir,
        paper=paper,
        pdf=pdf,
        as_of=_day(as_of),
        progress=_progress_bar(),
        on_loaded=_print_warnings,
        assemble=assemble,
    )
    total = report.partners
    out.print(
        f"[green]built[/green] {total} partners into {escape(str(report.site))} "
        f"({report.rendered} rendered, {total - report.rendered} unchanged; "
        f"{report.pdfs_rendered} of {report.pdfs} PDFs rendered)"
        + ("" if pdf else "; PDFs not rendered (--no-pdf)")
        + ("; unchanged files reused from the last site" if report.patched else "")
    )
    _theme_notice_once()


def _build_shard(text: str, paper: str, pdf: bool, as_of: dt.datetime | None) -> None:
    from ..build import build_shard
    from ..publish.shards import Shard

    report = build_shard(
        _root(),
        Shard.parse(text),
        paper=paper,
        pdf=pdf,
        as_of=_day(as_of),
        progress=_progress_bar(),
        on_loaded=_print_warnings,
    )
    taken = report.taken
    out.print(
        f"[green]shard {report.shard.index}/{report.shard.count}[/green]: {taken} of "
        f"{report.partners} partners into {escape(str(report.record.parent.parent))} "
        f"({report.rendered} rendered, {taken - report.rendered} unchanged; "
        f"{report.pdfs_rendered} of {report.pdfs} PDFs rendered)"
        + ("" if pdf else "; PDFs not rendered (--no-pdf)")
    )


THEME_NOTICE = (
    "note: the site's theme, Material for MkDocs, reaches end of life on 5 May 2027 (security "
    "fixes until then); CONTRIBUTING.md says what this project will do. Shown once."
)


def _theme_notice_once() -> None:
    """The theme's end-of-life notice, once per project instead of at every mkdocs start."""
    from pydantic import TypeAdapter

    from ..publish.buildcache import BuildCache

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
    from ..publish.pdf import render_pdf
    from ..render.pages import environment, partner_content, pdf_path, print_documents

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
    from ..build import share_bundle

    page, pdf = share_bundle(_load(), _root(), slug, output, paper, _day(as_of))
    out.print(f"[green]wrote[/green] {escape(str(page))} and {escape(str(pdf))}")


@cli.command()
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The calendar file to write.  [default: ./SLUG-cadence.ics]",
)
@AS_OF
@_fail_cleanly
def calendar(slug: str, output: Path | None, as_of: dt.datetime | None) -> None:
    """Write SLUG's cadence as an iCalendar file, to attach to a meeting invite.

    The reviews recur from their first date to the plan's end; the quarterly reviews, the
    milestones and the plan refresh are dated. Events are all-day unless the assessment gives
    assessment.meeting_time and assessment.time_zone. Importing an updated file moves the
    events instead of doubling them.
    """
    from ..build import calendar_file

    target = output or Path(f"{slug}-cadence.ics")
    written = calendar_file(_load(), _root(), slug, target, _day(as_of))
    out.print(f"[green]wrote[/green] {escape(str(written))}")
