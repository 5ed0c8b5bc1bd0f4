"""What-if scenarios (``scenarios:`` in an assessment, or ``playbook plan --what-if``): named
changes to the capacity inputs, each planned by the same engine as the base case.

A change names an assessment field by its path (``team.sellers[*].share_on_vendor``,
``team.sellers[0].share_on_vendor``, ``goals.target_revenue``, ...) or one of three inputs that
are not assessment fields: ``deals.win_rate`` (the win rate the plan uses instead of the
observed one), ``team.hires`` (planned hires by start month, used as given instead of the
hiring rule's count) and ``team.leaving`` (sellers leaving in a month). Values are checked by
the field's own type and bounds, so a scenario can never hold what an assessment could not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, Field, JsonValue, TypeAdapter, ValidationError

from .fields import SHORT_TEXT, ShortText
from .planyear import add_months, month_start, plan_end, plan_start
from .sections import Problem, Section, Unavailable, View

MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
MAX_HIRES = 20
MAX_SCENARIOS = 10
# The assessment fields a scenario may change: (section, field) and whether it is per seller.
FIELDS: dict[str, tuple[str, str]] = {
    "team.sellers[].share_on_vendor": ("sellers", "share_on_vendor"),
    "team.sellers[].tenure_months": ("sellers", "tenure_months"),
    "team.time_to_hire_months": ("team", "time_to_hire_months"),
    "team.ramp_months": ("team", "ramp_months"),
    "team.attrition": ("team", "attrition"),
    "goals.target_revenue": ("goals", "target_revenue"),
    "goals.growth_multiple": ("goals", "growth_multiple"),
    "revenue.one_off_last_12_months": ("revenue", "one_off_last_12_months"),
    "revenue.gross_revenue_retention": ("revenue", "gross_revenue_retention"),
    "deals.sales_cycle_days": ("deals", "sales_cycle_days"),
    "deals.avg_deal_size": ("deals", "avg_deal_size"),
    "deals.slip_share": ("deals", "slip_share"),
}
SPECIAL = ("deals.win_rate", "team.hires", "team.leaving")
_SELLER = re.compile(r"team\.sellers\[(\*|[0-9]+)\]\.([a-z_]+)")


class Scenario(Section):
    """One what-if: a name, what it means in a line, whether the partner's plan shows it, and
    the changes."""

    name: ShortText = Field(description="A short name, like 'Both sellers at 80%'.")
    description: Annotated[str, Field(max_length=SHORT_TEXT)] = Field(
        "", description="What the scenario means, in one line."
    )
    share: bool = Field(
        False, description="Show it in the partner's plan (else only in the coaching guide)."
    )
    changes: dict[Annotated[str, Field(max_length=80)], JsonValue] = Field(
        min_length=1,
        max_length=20,
        description="Field path: new value, like team.sellers[*].share_on_vendor: 0.8; or "
        "deals.win_rate: 0.2, team.hires: [2027-03], team.leaving: [{seller: Seller A, "
        "month: 2027-02}].",
    )


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A new value for an assessment field; ``sellers`` is None, an index or '*' (all)."""

    section: str
    name: str
    value: Any
    sellers: int | str | None = None


@dataclass(frozen=True, slots=True)
class Changes:
    """A scenario's changes, parsed: field changes and the three inputs that are not fields."""

    fields: tuple[FieldChange, ...] = ()
    win_rate: float | None = None
    hires: tuple[str, ...] | None = None  # start months, YYYY-MM
    leaving: tuple[tuple[str, str], ...] = ()  # (seller name, YYYY-MM)


# The section models by name; assessment.py registers them (it imports this module).
SECTIONS: dict[str, type[BaseModel]] = {}


def _field_type(section: str, name: str) -> Any:
    info = SECTIONS[section].model_fields[name]
    shape: Any = Annotated[info.annotation, *info.metadata]  # the field's type and bounds
    return TypeAdapter(shape)


def _checked(adapter: Any, value: JsonValue) -> Any:
    try:
        return adapter.validate_python(value, strict=False)
    except ValidationError as exc:
        raise ValueError(str(exc.errors()[0]["msg"]).lower()) from None


def parse_change(path: str, value: JsonValue, changes: Changes) -> Changes:
    """``changes`` with one more change; a ValueError says what is wrong with it."""
    seller = _SELLER.fullmatch(path)
    key = f"team.sellers[].{seller.group(2)}" if seller else path
    if key in FIELDS:
        section, name = FIELDS[key]
        new = _checked(_field_type(section, name), value)
        which: int | str | None = None
        if seller:
            which = "*" if seller.group(1) == "*" else int(seller.group(1))
        field = FieldChange(section, name, new, which)
        return Changes((*changes.fields, field), changes.win_rate, changes.hires, changes.leaving)
    if path == "deals.win_rate":
        rate = _checked(TypeAdapter(Annotated[float, Field(gt=0, le=1)]), value)
        return Changes(changes.fields, rate, changes.hires, changes.leaving)
    if path == "team.hires":
        months = _months(value, MAX_HIRES)
        return Changes(changes.fields, changes.win_rate, months, changes.leaving)
    if path == "team.leaving":
        return Changes(changes.fields, changes.win_rate, changes.hires, _leaving(value))
    known = ", ".join([*(p.replace("[]", "[*]") for p in FIELDS), *SPECIAL])
    raise ValueError(f"cannot change {path!r} in a scenario; the capacity inputs are: {known}")


def _months(value: JsonValue, most: int) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > most:
        raise ValueError(f"must be a list of at most {most} months like [2027-03]")
    bad = [m for m in value if not (isinstance(m, str) and MONTH.fullmatch(m))]
    if bad:
        raise ValueError(f"months are written like 2027-03, got {bad[0]!r}")
    return tuple(str(m) for m in value)


def _leaving(value: JsonValue) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError("must be a list like [{seller: Seller A, month: 2027-02}]")
    out = []
    for item in value:
        assert isinstance(item, dict)
        seller, month = item.get("seller"), item.get("month")
        if set(item) != {"seller", "month"} or not isinstance(seller, str):
            raise ValueError("each entry needs exactly seller and month")
        out.append((seller, _months([month], 1)[0]))
    return tuple(out)


def parse(changes: Mapping[str, JsonValue]) -> Changes:
    """Every change of a scenario; a ValueError names the first wrong one."""
    found = Changes()
    for path, value in changes.items():
        try:
            found = parse_change(path, value, found)
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None
    return found


def scenario_problems(v: View) -> Iterator[Problem]:
    """Assessment rule: every scenario's changes parse, name existing sellers and change
    something the assessment allows (cross-field checks included)."""
    try:
        scenarios: list[Any] = v("scenarios")
    except Unavailable:
        return
    if not scenarios:
        return
    sellers = v("team", "sellers")
    names = [
        str(getattr(s, "name", "")) if isinstance(s, BaseModel) else str(s.get("name"))
        for s in sellers
    ]
    for i, scenario in enumerate(scenarios):
        changes = scenario.changes if isinstance(scenario, Scenario) else scenario.get("changes")
        if not isinstance(changes, dict):
            continue
        for path, value in changes.items():
            where = ("scenarios", i, "changes", path)
            try:
                parsed = parse_change(path, value, Changes())
            except ValueError as exc:
                yield where, str(exc)
                continue
            yield from _seller_problems(parsed, names, where)
        yield from _still_valid(v, i, changes)


def _still_valid(v: View, i: int, changes: dict[str, JsonValue]) -> Iterator[Problem]:
    """The assessment with the scenario's field changes must pass every check itself (the
    target or growth multiple against last year's revenue, say)."""
    base = v()
    if not isinstance(base, BaseModel):
        return  # the assessment has problems of its own, reported already
    try:
        changed = apply_fields(base, parse(changes))
    except (ValueError, IndexError):
        return  # reported change by change
    data = changed.model_dump()
    data["scenarios"] = []
    try:
        type(base).model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "the assessment"
        yield ("scenarios", i, "changes"), f"makes {where} invalid: {str(error['msg']).lower()}"


def _seller_problems(parsed: Changes, names: list[str], where: Any) -> Iterator[Problem]:
    for change in parsed.fields:
        if isinstance(change.sellers, int) and change.sellers >= len(names):
            yield where, f"there is no seller {change.sellers} (the team lists {len(names)})"
    for seller, _ in parsed.leaving:
        if seller not in names:
            yield where, f"no seller named {seller!r} in team.sellers"


def check(a: Any, changes: Mapping[str, JsonValue], after_days: int) -> list[str]:
    """Every problem of a scenario's changes for assessment ``a``, in words (for ``--what-if``):
    the same checks the assessment file gets."""
    out, names = [], [s.name for s in a.team.sellers]
    for path, value in changes.items():
        try:
            parsed = parse_change(path, value, Changes())
        except ValueError as exc:
            out.append(f"{path}: {exc}")
            continue
        out += [f"{path}: {message}" for _, message in _seller_problems(parsed, names, ())]
        start = plan_start(a.assessment.date, a.assessment.next_meeting, after_days)
        end = plan_end(start)
        for month in (*(parsed.hires or ()), *(m for _, m in parsed.leaving)):
            if outside(month, start, end):
                year = f"{start.isoformat()} to {end.isoformat()}"
                out.append(f"{path}: {month} is outside the plan year {year}")
    if not out:
        scenario = Scenario(name="what-if", changes=dict(changes))
        view = View(a.model_copy(update={"scenarios": [scenario]}))
        out += [f"{message}" for _, message in _still_valid(view, 0, dict(changes))]
    return out


def outside(month: str, start: Any, end: Any) -> bool:
    """Whether a YYYY-MM month lies wholly outside the plan year ``start``..``end``."""
    first = month_start(month)
    return bool(first > end or add_months(first, 1) <= start)


def noop_warnings(scenarios: list[Scenario], current: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Changes that make no difference: the value is already the assessment's."""
    for i, scenario in enumerate(scenarios):
        for path, value in scenario.changes.items():
            try:
                parsed = parse_change(path, value, Changes())
            except ValueError:
                continue
            for change in parsed.fields:
                if _current_values(current, change) == {change.value}:
                    yield (
                        ("scenarios", i, "changes", path),
                        "this change makes no difference: the assessment already has it",
                    )


def _current_values(a: Any, change: FieldChange) -> set[Any]:
    if change.sellers is None:
        return {getattr(getattr(a, change.section), change.name)}
    sellers, which = a.team.sellers, change.sellers
    chosen = sellers[which : which + 1] if isinstance(which, int) else sellers
    return {getattr(s, change.name) for s in chosen}


def scenario_months(scenarios: list[Scenario]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every hire and leaving month of the scenarios, with where it is written."""
    for i, scenario in enumerate(scenarios):
        for path, value in scenario.changes.items():
            if path not in ("team.hires", "team.leaving"):
                continue
            try:
                parsed = parse_change(path, value, Changes())
            except ValueError:
                continue
            for month in (*(parsed.hires or ()), *(m for _, m in parsed.leaving)):
                yield ("scenarios", i, "changes", path), month


def apply_fields(a: Any, changes: Changes) -> Any:
    """The assessment with the field changes made (target and growth multiple replace each
    other); the caller validates the result again."""
    for change in changes.fields:
        if change.sellers is not None:
            sellers = [
                s.model_copy(update={change.name: change.value})
                if change.sellers == "*" or i == change.sellers
                else s
                for i, s in enumerate(a.team.sellers)
            ]
            a = a.model_copy(update={"team": a.team.model_copy(update={"sellers": sellers})})
            continue
        update = {change.name: change.value}
        if change.section == "goals" and change.name in ("target_revenue", "growth_multiple"):
            other = "growth_multiple" if change.name == "target_revenue" else "target_revenue"
            update[other] = None
        section = getattr(a, change.section).model_copy(update=update)
        a = a.model_copy(update={change.section: section})
    return a


def from_cli(items: list[str]) -> dict[str, JsonValue]:
    """``--what-if FIELD=VALUE`` items as a scenario's changes: numbers as numbers, months and
    lists (``team.hires=2027-03,2027-06``; ``team.leaving=Seller A@2027-02``)."""
    out: dict[str, JsonValue] = {}
    for item in items:
        path, sep, raw = item.partition("=")
        path, raw = path.strip(), raw.strip()
        if not sep or not path:
            raise ValueError(f"--what-if {item!r}: write FIELD=VALUE, like deals.win_rate=0.2")
        if path == "team.hires":
            out[path] = [m.strip() for m in raw.split(",") if m.strip()]
        elif path == "team.leaving":
            pairs = [p.rpartition("@") for p in raw.split(",") if p.strip()]
            out[path] = [
                {"seller": name.strip(), "month": month.strip()} for name, _, month in pairs
            ]
        else:
            try:
                out[path] = float(raw) if "." in raw or "e" in raw.lower() else int(raw)
            except ValueError:
                out[path] = raw
    return out
