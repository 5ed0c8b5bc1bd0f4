"""What an import changes, per partner, in words a partner manager reads before anything is
written: each figure old -> new, the figures that stay, and how some were computed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..discovery import shown
from .csvfile import Table
from .figures import Figures
from .partners import Source

_WIDTH = 38  # the field column of the diff


@dataclass(frozen=True)
class Change:
    """One partner's new assessment, ready to validate and write."""

    source: Source
    target: Path
    rows: int
    figures: Figures
    text: str


def show_value(dotted: str, value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if dotted.startswith(("deals.won", "deals.lost", "deals.opps", "deals.sales", "program.")):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return f"{value:,.2f}".removesuffix(".00")


def describe(change: Change, total_rows: int, file_name: str, mapping: str) -> list[str]:
    """The lines showing ``change``: the files, the rows, then each figure old -> new."""
    source = change.source
    lines = [
        f"{source.slug}: {shown(source.path)} -> {shown(change.target)}",
        f"  {change.rows} of {total_rows} rows of {file_name} (mapping {mapping})"
        + _left_out(change),
    ]
    same: list[str] = []
    for dotted, new in change.figures.values.items():
        old = source.value(dotted)
        if _same(old, new):
            same.append(f"{dotted} ({show_value(dotted, new)})")
            continue
        note = change.figures.notes.get(dotted)
        shown_change = f"{show_value(dotted, old)} -> {show_value(dotted, new)}"
        lines.append(f"  {dotted:<{_WIDTH}} {shown_change}" + (f"  ({note})" if note else ""))
    meeting = source.value("assessment.next_meeting")
    lines.append(
        f"  {'assessment.next_meeting':<{_WIDTH}} {show_value('', meeting)} -> empty "
        "(fill in the next meeting)"
    )
    if same:
        lines.append("  unchanged: " + ", ".join(same))
    return lines


def _left_out(change: Change) -> str:
    parts = [f"{count} {what}" for what, count in change.figures.left_out.items() if count]
    return f"; left out: {', '.join(parts)}" if parts else ""


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is new
    if isinstance(old, bool) or not isinstance(old, int | float):
        return False
    return bool(abs(float(old) - float(new)) < 0.005)


def summary(changes: list[Change], *, dry_run: bool) -> list[str]:
    count = len(changes)
    files = f"{count} new assessment{'s' if count != 1 else ''}"
    if dry_run:
        return [f"dry run: nothing written ({files} would be)"]
    return [
        *(f"wrote {shown(c.target)}" for c in changes),
        f"next: fill in assessment.next_meeting, re-score the capabilities and edit the notes "
        f"in the {files}, then run  playbook validate",
    ]


def provenance(
    table: Table, rows: int, mapping: str, today: dt.date, figures: Mapping[str, Any]
) -> dict[str, Any]:
    """The ``imported:`` section of a new assessment: the export, the partner's rows of it,
    the mapping, the day and the figures set."""
    return {
        "file": table.name,
        "sha256": table.sha256,
        "rows": f"{rows} of {len(table.rows)}",
        "mapping": mapping,
        "date": today,
        "figures": list(figures),
    }
