"""The partners an export can be imported into: each folder under assessments/ with a dated
assessment, found by its folder name (the slug) or by its ``partner.name``, so the partner
column of an export may hold either."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import Diagnostic, UserError, ValidationFailed
from ..discovery import check_slug, shown
from ..rawtext import YamlProblem, decode, read_capped
from ..scaffold import newest_assessment
from ..yamlsafe import parse


@dataclass(frozen=True)
class Source:
    """A partner's newest assessment: the file the import copies."""

    slug: str
    path: Path
    date: dt.date
    text: str
    data: dict[str, Any]

    @property
    def currency(self) -> str:
        return str(self.data.get("partner", {}).get("currency", ""))

    def value(self, dotted: str) -> Any:
        section, key = dotted.split(".")
        found = self.data.get(section)
        return found.get(key) if isinstance(found, dict) else None


def normal(name: str) -> str:
    """A partner name or slug as it is matched: spaces collapsed, case folded."""
    return re.sub(r"\s+", " ", name).strip().casefold()


class Partners:
    """The partners under ``assessments/`` with at least one dated assessment."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.newest: dict[str, Path] = {}
        if folder.is_dir():
            for item in sorted(folder.iterdir()):
                if item.is_dir() and not item.is_symlink() and check_slug(item.name) is None:
                    found = newest_assessment(item)
                    if found is not None:
                        self.newest[item.name] = found
        self._names: dict[str, set[str]] | None = None

    def resolve(self, cell: str) -> str | None:
        """The slug a partner cell names (its folder name, or its partner.name), or None."""
        key = normal(cell)
        if key in self.newest:
            return key
        slugs = self.names().get(key, set())
        if len(slugs) > 1:
            raise UserError(
                f"the partner name {cell.strip()!r} is in more than one assessment "
                f"({', '.join(sorted(slugs))}); put the folder names in the partner column"
            )
        return next(iter(slugs), None)

    def names(self) -> dict[str, set[str]]:
        """Each partner.name (normalised) to the slugs whose newest assessment has it."""
        if self._names is None:
            self._names = {}
            for slug, path in self.newest.items():
                try:
                    data = parse(read_capped(path)).data
                except (OSError, YamlProblem):
                    continue
                partner = data.get("partner") if isinstance(data, dict) else None
                name = partner.get("name") if isinstance(partner, dict) else None
                if isinstance(name, str):
                    self._names.setdefault(normal(name), set()).add(slug)
        return self._names

    def source(self, slug: str) -> Source:
        """The newest assessment of ``slug``, read by the safe loader."""
        path = self.newest[slug]
        where = shown(path)
        try:
            raw = read_capped(path)
            parsed = parse(raw)
        except OSError as exc:
            raise UserError(f"{where}: cannot read: {exc.strerror}") from None
        except YamlProblem as exc:
            raise ValidationFailed(
                [Diagnostic(where, exc.line, exc.column, exc.path, exc.message)]
            ) from None
        if not isinstance(parsed.data, dict) or not isinstance(parsed.data.get("partner"), dict):
            raise UserError(f"{where}: not an assessment; run playbook validate {where}")
        try:
            day = dt.date.fromisoformat(path.stem)
        except ValueError:
            raise UserError(
                f"{where}: the file name is not a date; run playbook validate"
            ) from None
        return Source(slug, path, day, decode(raw), parsed.data)


def unknown_partners(cells: Iterable[str]) -> str:
    """The message for partners named in the export without an assessment."""
    names = sorted({c.strip() for c in cells})
    listed = ", ".join(repr(n) for n in names[:10]) + (" ..." if len(names) > 10 else "")
    many = len(names) != 1
    return (
        f"{len(names)} partner{'s' if many else ''} in the export without an assessment "
        f"{'were' if many else 'was'} skipped: {listed}; scaffold one with  "
        "playbook new SLUG --name NAME  to import it next time"
    )
