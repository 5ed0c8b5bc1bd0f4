"""The field types of the assessment format, with messages a partner manager can act on:
money, fractions, counts, months, days, FTE, dates, capability scores and bounded text.

Every limit is a named constant below. A bounded number is declared once, with :func:`number`
or :func:`whole`, and that one declaration gives both the check `playbook validate` runs and
the bounds the JSON Schema carries for editors (tests/test_schema_parity.py holds them equal).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

# The limits of the assessment format, in one place. Each is far above any real partner and
# keeps every product and ratio the engine computes finite; the JSON Schema carries each one
# (schema.py), so an editor flags what `playbook validate` would refuse.
MAX_MONEY = 1e12  # any amount: 1 trillion in the partner's currency
MAX_COUNT = 1_000_000  # any count: deals, opportunities, registrations, people
MAX_MONTHS = 600  # any duration in months: 50 years
MAX_DAYS = 3650  # a sales cycle: 10 years
MAX_FTE = 1000  # people in full-time equivalents
MIN_MULTIPLE, MAX_MULTIPLE = 0.01, 100  # the growth multiple
MAX_SLIP = 0.9  # the slip share: at 1 nothing would ever close
MIN_DATE, MAX_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)  # any date
SHORT_TEXT = 200  # characters: names and other one-line text
LONG_TEXT = 2000  # characters: evidence, notes, goals
MAX_QUARTERS = 12  # forecast_history entries
MAX_OVERRIDES = 20  # overrides entries
# The JSON Schema's form of MIN_DATE..MAX_DATE (and of a quarter of those years).
DATE_PATTERN = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
QUARTER_PATTERN = r"^20[0-9]{2}-Q[1-4]$"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _isnumber(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Bounds:
    """A number from ``lo`` to ``hi`` (a whole one when ``integer``): the check and its message
    for `playbook validate`, and the same bounds in the JSON Schema for the editor."""

    lo: float
    hi: float
    expected: str
    integer: bool = False

    def check(self, value: object) -> object:
        number = value
        if self.integer and isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
            number = int(value)
        if (
            not _isnumber(number)
            or (self.integer and not isinstance(number, int))
            or not self.lo <= number <= self.hi  # type: ignore[operator]
        ):
            raise PydanticCustomError(
                "value",
                "must be {expected}, got {got}",
                {"expected": self.expected, "got": show(value)},
            )
        return number

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        kind = "integer" if self.integer else "number"
        return {"type": kind, "minimum": self.lo, "maximum": self.hi}


def number(lo: float, hi: float, expected: str) -> Bounds:
    """A number from ``lo`` to ``hi``; ``expected`` says so in words, for the message."""
    return Bounds(lo, hi, expected)


def whole(lo: int, hi: int, expected: str) -> Bounds:
    """A whole number from ``lo`` to ``hi``; ``expected`` says so in words, for the message."""
    return Bounds(lo, hi, expected, integer=True)


def show(value: object) -> str:
    """``value`` as a message quotes it: short, whatever the file holds."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a section"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else f"{text[:50]}... ({len(text):,} characters)"


def _finite(value: object) -> object:
    if not _isnumber(value):
        raise PydanticCustomError("value", "must be a number, got {got}", {"got": show(value)})
    return value


def _date(value: object) -> object:
    if value is None:
        return value  # "is empty" when required
    day: dt.date | None = None
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    if day is None:
        raise PydanticCustomError(
            "value", "must be a date like 2026-09-30, got {got}", {"got": show(value)}
        )
    if not MIN_DATE <= day <= MAX_DATE:
        raise PydanticCustomError(
            "value",
            "must be a date from {lo} to {hi}, got {got}",
            {"lo": MIN_DATE.isoformat(), "hi": MAX_DATE.isoformat(), "got": day.isoformat()},
        )
    return day


def _score(value: object) -> object:
    if value == "unknown":
        return value
    if isinstance(value, float) and value.is_integer():  # 3.0 is 3, as JSON Schema has it
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    raise PydanticCustomError("score", "must be 1-5 or unknown, got {got}", {"got": show(value)})


Money = Annotated[
    float,
    number(0, MAX_MONEY, "an amount from 0 to 1 trillion in the partner's currency, like 420000"),
]
Fraction = Annotated[float, number(0, 1, "a fraction from 0 to 1 (write 90% as 0.9)")]
Count = Annotated[int, whole(0, MAX_COUNT, f"a whole number from 0 to {MAX_COUNT:,}")]
Months = Annotated[float, number(0, MAX_MONTHS, f"a number of months from 0 to {MAX_MONTHS}")]
FTE = Annotated[float, number(0, MAX_FTE, f"a number of FTE from 0 to {MAX_FTE}")]
Days = Annotated[int, whole(0, MAX_DAYS, f"a whole number of days from 0 to {MAX_DAYS}")]
Multiple = Annotated[
    float, number(MIN_MULTIPLE, MAX_MULTIPLE, "a multiple of last year's revenue, like 2.0")
]
SlipShare = Annotated[
    float, number(0, MAX_SLIP, "a fraction from 0 to 0.9 (at 1 nothing would ever close)")
]
Real = Annotated[float, BeforeValidator(_finite), WithJsonSchema({"type": "number"})]
Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]
Score = Annotated[
    int | Literal["unknown"],
    BeforeValidator(_score),
    WithJsonSchema(
        {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 5}, {"const": "unknown"}]}
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=LONG_TEXT)]
ShortText = Annotated[str, Field(min_length=1, max_length=SHORT_TEXT)]
Quarter = Annotated[str, Field(pattern=QUARTER_PATTERN)]

SLUG_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")  # matched whole: fullmatch
