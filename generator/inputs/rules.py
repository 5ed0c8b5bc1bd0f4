"""The assessment's cross-field rules, one field against another (sections.py runs them in
the same pass as the field checks). Each yields (where, relative to its section, message).

JSON Schema can state two of them for editors (RETENTION_NEEDED, ONE_TARGET); the others compare
two numbers, which it cannot, so only `playbook validate` reports them.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import JsonValue

from .overrides import check_override
from .sections import Problem, Unavailable, View

# retention_needed, for editors: a recurring base above 0 needs gross_revenue_retention.
RETENTION_NEEDED: dict[str, JsonValue] = {
    "if": {
        "properties": {"recurring_base": {"exclusiveMinimum": 0}},
        "required": ["recurring_base"],
    },
    "then": {
        "properties": {"gross_revenue_retention": {"type": "number"}},
        "required": ["gross_revenue_retention"],
    },
}
# one_target, for editors: exactly one of target_revenue and growth_multiple is a number.
ONE_TARGET: dict[str, JsonValue] = {
    "oneOf": [
        {"properties": {name: {"type": "number"}}, "required": [name]}
        for name in ("target_revenue", "growth_multiple")
    ]
}


def one_off_within(v: View) -> Iterator[Problem]:
    one_off, total = v("one_off_last_12_months"), v("last_12_months")
    if one_off > total:
        yield (), f"one_off_last_12_months ({one_off:,.0f}) exceeds last_12_months ({total:,.0f})"


def retention_needed(v: View) -> Iterator[Problem]:
    if v("recurring_base") > 0 and v("gross_revenue_retention") is None:
        yield (), "gross_revenue_retention is required when recurring_base is above 0"


def one_target(v: View) -> Iterator[Problem]:
    if (v("target_revenue") is None) == (v("growth_multiple") is None):
        yield (), "give exactly one of target_revenue or growth_multiple"


def stale_within(v: View) -> Iterator[Problem]:
    stale, total = v("stale"), v("commit") + v("best_case") + v("pipeline")
    if stale > total:
        yield (), f"stale ({stale:,.0f}) exceeds the open pipeline ({total:,.0f})"


def registrations_within(v: View) -> Iterator[Problem]:
    approved, submitted = v("deal_reg_approved"), v("deal_reg_submitted")
    if approved > submitted:
        yield (), f"deal_reg_approved ({approved}) exceeds deal_reg_submitted ({submitted})"


def claims_within(v: View) -> Iterator[Problem]:
    claimed, allocated = v("mdf_claimed"), v("mdf_allocated")
    if claimed > allocated:
        yield (), f"mdf_claimed ({claimed:,.0f}) exceeds mdf_allocated ({allocated:,.0f})"


def in_range(v: View) -> Iterator[Problem]:
    problem = check_override(v("setting"), v("value"))
    if problem:
        yield (), f"value {problem}"


def quarters_once(v: View) -> Iterator[Problem]:
    seen: set[str] = set()
    for i in range(v.count("forecast_history")):
        try:
            quarter = v("forecast_history", i, "quarter")
        except Unavailable:
            continue
        if quarter in seen:
            where = ("forecast_history", i, "quarter")
            yield where, f"{quarter} is listed more than once; keep one entry per quarter"
        seen.add(quarter)


def overrides_once(v: View) -> Iterator[Problem]:
    settings: list[str] = []
    for i in range(v.count("overrides")):
        try:
            settings.append(v("overrides", i, "setting"))
        except Unavailable:
            continue
    twice = sorted({s for s in settings if settings.count(s) > 1})
    if twice:
        yield ("overrides",), f"{', '.join(twice)} is overridden more than once; keep one entry"


def multiple_of_something(v: View) -> Iterator[Problem]:
    if v("goals", "growth_multiple") is not None and v("revenue", "last_12_months") == 0:
        yield (
            ("goals", "growth_multiple"),
            "needs revenue.last_12_months above 0; give target_revenue instead",
        )


def time_with_zone(v: View) -> Iterator[Problem]:
    if (v("meeting_time") is None) != (v("time_zone") is None):
        yield (), "give meeting_time and time_zone together (or neither: all-day events)"
