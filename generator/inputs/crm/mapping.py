"""Column mappings as data: which columns of a CRM export hold what, and which of their values
count as won, lost, commit, best case, pipeline or renewal.

The presets are ``content/model/imports/<name>.yaml`` (``salesforce``, ``hubspot``); a mapping
for any other CRM is a YAML file of the same form, passed with ``--mapping FILE``, which may
start from a preset with ``extends: salesforce`` and change only what differs. Every problem in
a mapping file is reported as ``file:line:col``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...errors import Diagnostic, UserError, ValidationFailed
from ..discovery import shown
from ..modelfile import MODEL_DIR
from ..rawtext import read_capped
from ..yamlsafe import YamlProblem, parse
from .values import LOCALES, NUMBER_FORMATS, compile_date_format

IMPORTS_DIR = MODEL_DIR / "imports"
PRESET_NAME = r"^[a-z0-9][a-z0-9-]{0,63}$"

Header = Annotated[str, Field(min_length=1, max_length=200)]
Values = Annotated[list[Annotated[str, Field(min_length=1, max_length=200)]], Field(max_length=200)]
OptionalRole = Literal["forecast_category", "currency", "type", "last_activity", "registration"]
Category = Literal["commit", "best_case", "pipeline", "omitted"]
Registration = Literal["approved", "expired", "submitted"]


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Columns(_Config):
    """The export's column header for each thing the import reads."""

    id: Header = Field(description="The opportunity's unique id.")
    stage: Header = Field(description="The sales stage: won, lost or open (stages below).")
    amount: Header = Field(description="The opportunity's amount.")
    created: Header = Field(description="The day the opportunity was created.")
    close: Header = Field(description="The (expected) close date.")
    forecast_category: Header | None = Field(
        None, description="The forecast category; empty = the categories are stage values."
    )
    currency: Header | None = Field(None, description="The amount's ISO currency code.")
    type: Header | None = Field(None, description="New business, expansion or renewal.")
    last_activity: Header | None = Field(None, description="The day of the last activity.")
    registration: Header | None = Field(None, description="The deal-registration status.")


class Stages(_Config):
    """Stage values that close an opportunity; every other stage is open."""

    won: Values = Field(min_length=1)
    lost: Values = Field(min_length=1, description="Lost stages; no-decision closes count too.")


class Categories(_Config):
    """Forecast-category values of the open opportunities, by assessment field."""

    commit: Values
    best_case: Values
    pipeline: Values
    omitted: Values = Field(default_factory=list, description="Open but in no category.")


class Types(_Config):
    """Opportunity-type values: new business (new logos and expansion) and renewals."""

    new_business: Values
    renewal: Values


class Registrations(_Config):
    """Deal-registration status values; an empty cell is no registration."""

    approved: Values
    expired: Values = Field(default_factory=list)
    submitted: Values = Field(
        default_factory=list, description="Submitted but not approved: pending, rejected..."
    )


class Mapping(_Config):
    """One CRM export layout."""

    label: Annotated[str, Field(min_length=1, max_length=200)]
    locale: Literal[tuple(LOCALES)] = "en_US"  # type: ignore[valid-type]
    date_format: Annotated[str, Field(min_length=6, max_length=40)] | None = None
    number_format: Literal[tuple(NUMBER_FORMATS)] | None = None  # type: ignore[valid-type]
    delimiter: Literal["auto", ",", ";", "tab", "|"] = "auto"
    partner_column: Header | None = None
    columns: Columns
    optional: list[OptionalRole] = Field(
        default_factory=list, description="Columns the export may leave out."
    )
    stages: Stages
    categories: Categories
    types: Types | None = None
    registrations: Registrations | None = None

    @property
    def dates(self) -> str:
        return self.date_format or LOCALES[self.locale][0]

    @property
    def numbers(self) -> str:
        return self.number_format or LOCALES[self.locale][1]

    def column(self, role: str) -> str | None:
        found: str | None = getattr(self.columns, role)
        return found

    def lookup(self, section: str) -> dict[str, str]:
        """The values of a section (stages, categories, types, registrations), case-folded,
        to the class each belongs to."""
        model = getattr(self, section)
        if model is None:
            return {}
        return {
            value.strip().casefold(): name
            for name in type(model).model_fields
            for value in getattr(model, name)
        }


Loc = tuple[str, ...]


def _problems(m: Mapping) -> Iterable[tuple[Loc, str]]:
    """What the fields cannot say alone: each problem where it is, and what it is."""
    try:
        compile_date_format(m.dates)
    except ValueError as exc:
        yield ("date_format",) if m.date_format else ("locale",), str(exc)
    for role in m.optional:
        if m.column(role) is None:
            yield ("optional",), f"lists {role}, which columns does not name"
    if m.columns.type is not None and m.types is None:
        yield ("columns", "type"), "needs a types section: the new_business and renewal values"
    if m.columns.registration is not None and m.registrations is None:
        yield ("columns", "registration"), "needs a registrations section: the approved values"
    for section in ("stages", "categories", "types", "registrations"):
        yield from _overlaps(m, section)
    if m.columns.forecast_category is None:
        closed = set(m.lookup("stages")) & set(m.lookup("categories"))
        if closed:
            message = f"{sorted(closed)} are closed stages, not open categories"
            yield ("categories",), message + " (with no forecast_category column, they are stages)"


def _overlaps(m: Mapping, section: str) -> Iterable[tuple[Loc, str]]:
    model = getattr(m, section)
    if model is None:
        return
    seen: dict[str, str] = {}
    for name in type(model).model_fields:
        for value in getattr(model, name):
            key = value.strip().casefold()
            if key in seen and seen[key] != name:
                yield (section, name), f"{value!r} is listed under both {seen[key]} and {name}"
            seen[key] = name


def preset_names(root: Path) -> list[str]:
    """The presets shipped in ``content/model/imports/``."""
    folder = root / IMPORTS_DIR
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if not p.name.startswith("."))


def load_mapping(root: Path, name: str) -> tuple[str, Mapping]:
    """The mapping called ``name`` (a preset) or in the file ``name``; its name for the record.

    ValidationFailed with ``file:line:col`` for an invalid file; UserError when none is found.
    """
    if re.fullmatch(PRESET_NAME, name):
        path = root / IMPORTS_DIR / f"{name}.yaml"
        if not path.is_file():
            known = ", ".join(preset_names(root)) or "none"
            raise UserError(f"no mapping preset {name!r} in {IMPORTS_DIR}/ (known: {known})")
        return name, _read(root, path, set())
    path = Path(name)
    if not path.is_file():
        raise UserError(f"--mapping {name}: no such file, and no preset of that name")
    return path.name, _read(root, path, set())


def load_presets(root: Path) -> dict[str, Mapping]:
    """Every preset, validated; ValidationFailed listing the problems of all."""
    found: dict[str, Mapping] = {}
    problems: list[Diagnostic] = []
    for name in preset_names(root):
        try:
            found[name] = _read(root, root / IMPORTS_DIR / f"{name}.yaml", set())
        except ValidationFailed as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise ValidationFailed(problems)
    return found


def check_mappings(root: Path) -> list[Diagnostic]:
    """The problems of the shipped presets, for `playbook validate` (empty when all valid)."""
    try:
        load_presets(root)
    except ValidationFailed as exc:
        return exc.diagnostics
    return []


def _read(root: Path, path: Path, seen: set[Path]) -> Mapping:
    where = shown(path)
    data = _data(path, where)
    base = data.pop("extends", None) if isinstance(data, dict) else None
    if base is not None:
        data = _extended(root, path, where, base, data, seen)
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(_located(exc.errors(), path, where)) from None
    problems = list(_problems(mapping))
    if problems:
        errors = [{"loc": loc, "msg": message, "type": "value_error"} for loc, message in problems]
        raise ValidationFailed(_located(errors, path, where))
    return mapping


def _data(path: Path, where: str) -> Any:
    try:
        return parse(read_capped(path)).data
    except OSError as exc:
        message = f"cannot read: {exc.strerror}"
        raise ValidationFailed([Diagnostic(where, 0, 0, "", message)]) from None
    except YamlProblem as exc:
        raise ValidationFailed(
            [Diagnostic(where, exc.line, exc.column, exc.path, exc.message)]
        ) from None


def _extended(
    root: Path, path: Path, where: str, base: object, data: dict[str, Any], seen: set[Path]
) -> dict[str, Any]:
    """``data`` over the preset it names in ``extends:``, sections merged key by key."""
    if not isinstance(base, str) or not re.fullmatch(PRESET_NAME, base):
        line, col = parse(read_capped(path)).position(("extends",))
        raise ValidationFailed([Diagnostic(where, line, col, "extends", "must name a preset")])
    preset = root / IMPORTS_DIR / f"{base}.yaml"
    if not preset.is_file() or preset.resolve() in seen | {path.resolve()}:
        line, col = parse(read_capped(path)).position(("extends",))
        known = ", ".join(preset_names(root)) or "none"
        message = f"no preset {base!r} to extend (known: {known})"
        raise ValidationFailed([Diagnostic(where, line, col, "extends", message)])
    merged: dict[str, Any] = _read(root, preset, seen | {path.resolve()}).model_dump()
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _located(errors: Sequence[Any], path: Path, where: str) -> list[Diagnostic]:
    """Each error (pydantic's form: loc, msg, type) at its line and column in ``path``."""
    parsed = parse(read_capped(path))
    out = []
    for err in errors:
        loc: Sequence[int | str] = tuple(err["loc"])
        line, col = parsed.position(tuple(loc))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            message = "missing required field"
        elif err["type"] == "extra_forbidden":
            message = "unknown field"
            line, col = parsed.key_positions.get(tuple(loc), (line, col))
        dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        out.append(Diagnostic(where, line, col, dotted, message))
    return out
