"""`playbook import`: a CRM opportunity export into a new dated assessment per partner.

For each partner the export covers, the partner's newest assessment is copied to
``assessments/<slug>/<date>.yaml`` with the figures the export provides replaced, the date set,
the next meeting cleared and an ``imported:`` record of the source. Every row of every partner is
read and every new file validated before the first is written: any problem, or any file that
exists already, and nothing is written at all. Files are written atomically and never over
another.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator, Sequence
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...errors import Diagnostic, UserError, ValidationFailed
from ..discovery import shown
from ..fields import MAX_DATE, MIN_DATE
from ..loading import ASSESSMENTS_DIR, load_portfolio
from ..playbook import load_playbook
from .csvfile import MAX_PROBLEMS, Row, Table, read_table
from .deals import Layout, RowReader, duplicate_ids, layout
from .figures import compute
from .mapping import Mapping, load_mapping, load_presets
from .partners import Partners, Source, unknown_partners
from .report import Change, describe, provenance, summary
from .writer import rewrite


@dataclass(frozen=True)
class ImportRequest:
    """What `playbook import` was asked: the export, the date and how to read it."""

    file: Path
    day: dt.date
    today: dt.date
    partner: str | None = None
    partner_column: str | None = None
    mapping: str | None = None
    dry_run: bool = False

    @classmethod
    def of(
        cls, file: Path, day: dt.datetime | None, dry_run: bool, names: MappingType[str, str | None]
    ) -> ImportRequest:
        """The request from the command line's options (``names``: partner, partner_column,
        mapping); the date defaults to today."""
        today = dt.date.today()
        return cls(
            file,
            day.date() if day else today,
            today,
            partner=names.get("partner"),
            partner_column=names.get("partner_column"),
            mapping=names.get("mapping"),
            dry_run=dry_run,
        )


@dataclass
class Outcome:
    """What to show: warnings (for stderr), then the diff and the files written (stdout)."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[bool, str]]:
        """Each line to show, after whether it is a warning."""
        yield from ((True, line) for line in self.warnings)
        yield from ((False, line) for line in self.lines)


def import_export(root: Path, request: ImportRequest) -> Outcome:
    """Import ``request.file`` into the project at ``root``; UserError or ValidationFailed
    (and nothing written) on any problem."""
    _check(request)
    mapping_name, mapping, table = _mapping_and_table(root, request)
    column = None if request.partner else request.partner_column or mapping.partner_column
    if request.partner is None and column is None:
        raise UserError(
            f"the mapping {mapping_name!r} names no partner column: give --partner SLUG (every "
            "row is that partner's) or --partner-column NAME (the column naming the partner)"
        )
    where, problems = layout(table, mapping, column)
    problems += duplicate_ids(table, where, table.rows)
    if problems:
        raise ValidationFailed(problems)
    outcome = Outcome()
    partners = Partners(root / ASSESSMENTS_DIR)
    groups = _groups(table, where, partners, request.partner, outcome.warnings)
    changes = _changes(table, mapping, mapping_name, where, partners, groups, request)
    outcome.warnings += _validated(root, changes)
    for change in changes:
        outcome.lines += describe(change, len(table.rows), table.name, mapping_name)
    if table.footer:
        outcome.lines.append(f"({table.footer} footer lines at the end of the export ignored)")
    if not request.dry_run:
        for change in changes:
            _write(change)
    outcome.lines += summary(changes, dry_run=request.dry_run)
    return outcome


def _check(request: ImportRequest) -> None:
    if request.partner is not None and request.partner_column is not None:
        raise UserError("give --partner or --partner-column, not both")
    if not MIN_DATE <= request.day <= MAX_DATE:
        raise UserError(f"--date must be from {MIN_DATE} to {MAX_DATE}, got {request.day}")
    if not request.file.is_file():
        raise UserError(f"{request.file}: no such file")


def _expected(mapping: Mapping, partner_column: str | None) -> list[str]:
    names = [c for c in mapping.columns.model_dump().values() if c]
    return [*names, partner_column] if partner_column else names


def _required(mapping: Mapping) -> set[str]:
    return {c for r, c in mapping.columns.model_dump().items() if c and r not in mapping.optional}


def _mapping_and_table(root: Path, request: ImportRequest) -> tuple[str, Mapping, Table]:
    """The mapping asked for, or the one preset whose columns the header has."""
    if request.mapping is not None:
        name, mapping = load_mapping(root, request.mapping)
        expected = _expected(mapping, request.partner_column or mapping.partner_column)
        return name, mapping, read_table(request.file, mapping.delimiter, expected)
    presets = load_presets(root)
    every = [c for m in presets.values() for c in _expected(m, request.partner_column)]
    table = read_table(request.file, "auto", every)
    # The preset whose columns the header has; else the one it has most of, whose missing
    # columns are then reported one by one.
    score = {name: len(_required(m) & set(table.header)) for name, m in presets.items()}
    best = max(score.values(), default=0)
    fits = [name for name, found in score.items() if found == best and best > 0]
    if len(fits) != 1:
        why = "several presets fit" if fits else "no preset fits its header"
        raise UserError(
            f"{table.shown}: {why} ({', '.join(fits or presets)}); "
            "name one with --mapping NAME, or a mapping file with --mapping FILE"
        )
    mapping = presets[fits[0]]
    if mapping.delimiter != "auto":
        table = read_table(request.file, mapping.delimiter, _expected(mapping, None))
    return fits[0], mapping, table


def _groups(
    table: Table,
    where: Layout,
    partners: Partners,
    partner: str | None,
    warnings: list[str],
) -> dict[str, list[Row]]:
    """The rows of each partner with an assessment; the others are reported, not imported."""
    if partner is not None:
        if partner not in partners.newest:
            raise UserError(
                f"partner {partner!r} has no assessment under {ASSESSMENTS_DIR}/; "
                f"scaffold one first:  playbook new {partner} --name NAME"
            )
        return {partner: list(table.rows)}
    index = where.positions["partner"]
    assert index is not None
    groups: dict[str, list[Row]] = {}
    slugs: dict[str, str | None] = {}
    unknown: list[str] = []
    blank = 0
    for row in table.rows:
        cell = row.cells[index]
        if not cell.strip():
            blank += 1
            continue
        if cell not in slugs:
            slugs[cell] = partners.resolve(cell)
        slug = slugs[cell]
        if slug is None:
            unknown.append(cell)
        else:
            groups.setdefault(slug, []).append(row)
    if not groups:
        why = unknown_partners(unknown) if unknown else f"{blank} rows name no partner"
        raise UserError(f"{table.shown}: no partner in the export has an assessment: {why}")
    if unknown:
        warnings.append(f"warning: {unknown_partners(unknown)} ({len(unknown)} rows)")
    if blank:
        warnings.append(f"warning: {blank} rows name no partner and were skipped")
    return dict(sorted(groups.items()))


def _changes(
    table: Table,
    mapping: Mapping,
    mapping_name: str,
    where: Layout,
    partners: Partners,
    groups: dict[str, list[Row]],
    request: ImportRequest,
) -> list[Change]:
    """Each partner's new assessment; ValidationFailed listing every row problem of all."""
    problems: list[Diagnostic] = []
    hidden = 0
    changes = []
    for slug, rows in groups.items():
        source = partners.source(slug)
        target = source.path.parent / f"{request.day.isoformat()}.yaml"
        problems += _blocked(source, target, request.day)
        reader = RowReader(table, mapping, where, source.currency)
        deals = reader.read(rows)
        problems += reader.problems
        hidden += reader.hidden
        if problems:
            continue
        figures = compute(
            deals,
            request.day,
            activity=where.has("last_activity"),
            registrations=where.has("registration"),
        )
        record = provenance(table, len(rows), mapping_name, request.today, figures.values)
        text = rewrite(source.text, figures.values, request.day, record)
        changes.append(Change(source, target, len(rows), figures, text))
    hidden += max(0, len(problems) - MAX_PROBLEMS)
    if problems:
        more = [Diagnostic(table.shown, 0, 0, "", f"... and {hidden} more problems")]
        raise ValidationFailed(problems[:MAX_PROBLEMS] + (more if hidden else []))
    return changes


def _blocked(source: Source, target: Path, day: dt.date) -> list[Diagnostic]:
    """Why the partner's new assessment cannot be written, if it cannot."""
    if target.exists():
        return [Diagnostic(shown(target), 0, 0, "", "already exists; nothing was written")]
    if source.date > day:
        message = f"is newer than --date {day}; an import starts a newer assessment"
        return [Diagnostic(shown(source.path), 0, 0, "", message)]
    return []


def _validated(root: Path, changes: Sequence[Change]) -> list[str]:
    """Validate every new assessment as `playbook validate` would; its warnings as text."""
    playbook = load_playbook(root)
    with tempfile.TemporaryDirectory(prefix="playbook-import-") as tmp:
        folder = Path(tmp) / "assessments"
        places: dict[str, str] = {}
        for change in changes:
            path = folder / change.source.slug / change.target.name
            path.parent.mkdir(parents=True)
            path.write_text(change.text, encoding="utf-8")
            places[shown(path)] = shown(change.target)
        try:
            portfolio = load_portfolio([folder], playbook)
        except ValidationFailed as exc:
            found = [replace(d, file=places.get(d.file, d.file)) for d in exc.diagnostics]
            for change in changes:
                if any(d.file == shown(change.target) for d in found):
                    message = "its copy would be invalid (above), so nothing was written"
                    found.append(Diagnostic(shown(change.source.path), 0, 0, "", message))
            raise ValidationFailed(found) from None
    return [str(replace(w, file=places.get(w.file, w.file))) for w in portfolio.warnings]


def _write(change: Change) -> None:
    """Write ``change.target`` whole or not at all, and never over an existing file."""
    target = change.target
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("x", encoding="utf-8", newline="") as handle:
            handle.write(change.text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, target)  # fails if the target exists: never overwrites
        except FileExistsError:
            raise UserError(f"{shown(target)} already exists; it was not overwritten") from None
        except OSError:  # a file system without hard links
            with target.open("x", encoding="utf-8", newline="") as handle:
                handle.write(change.text)
    finally:
        temporary.unlink(missing_ok=True)
