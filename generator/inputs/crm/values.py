"""Cells of a CRM export read as amounts and dates, exactly as the mapping's locale writes them.

An amount is a plain number in one of the forms its number format allows; anything else (a
currency in the cell, an accounting negative in brackets, a formula, the other locale's
separators) is refused with a message saying why, never guessed. A date follows the mapping's
date format, written with the letters YYYY, M/MM, D/DD (and HH:MM or HH:MM:SS for a time of
day, read and ignored).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..fields import MAX_DATE, MAX_MONEY, MIN_DATE


@dataclass(frozen=True)
class NumberFormat:
    """How one locale writes an amount: the forms accepted, and an example for messages."""

    pattern: re.Pattern[str]
    group: str  # thousands separators to remove
    decimal: str
    example: str


# The forms each number format accepts: digits with an optional decimal part, or digits in
# groups of three with the locale's thousands separator. Nothing else.
_NBSP = "\u00a0\u202f"
NUMBER_FORMATS: dict[str, NumberFormat] = {
    "en": NumberFormat(
        re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"),
        ",",
        ".",
        "12,500.00 or 12500",
    ),
    "de": NumberFormat(
        re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"),
        ".",
        ",",
        "12.500,00 or 12500",
    ),
    "fr": NumberFormat(
        re.compile(rf"[0-9]{{1,3}}(?:[ {_NBSP}][0-9]{{3}})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"),
        " " + _NBSP,
        ",",
        "12 500,00 or 12500",
    ),
    "plain": NumberFormat(re.compile(r"[0-9]+(?:\.[0-9]+)?"), "", ".", "12500.00 or 12500"),
}

# A CRM user's locale: the date format and number format its exports are written in
# (Salesforce writes report exports in the exporting user's locale).
LOCALES: dict[str, tuple[str, str]] = {
    "en_US": ("M/D/YYYY", "en"),
    "en_GB": ("DD/MM/YYYY", "en"),
    "en_CA": ("YYYY-MM-DD", "en"),
    "en_AU": ("D/MM/YYYY", "en"),
    "de_DE": ("DD.MM.YYYY", "de"),
    "de_AT": ("DD.MM.YYYY", "de"),
    "de_CH": ("DD.MM.YYYY", "en"),
    "fr_FR": ("DD/MM/YYYY", "fr"),
    "nl_NL": ("D-M-YYYY", "de"),
    "es_ES": ("D/MM/YYYY", "de"),
    "it_IT": ("DD/MM/YYYY", "de"),
    "ja_JP": ("YYYY/MM/DD", "en"),
    "iso": ("YYYY-MM-DD", "plain"),
}

_CURRENCY = re.compile(r"[A-Za-z]{3}|[€$£¥₹₣₤]")


class CellProblem(Exception):
    """A cell that cannot be read: the message says what was expected and what was found."""


def quoted(cell: str) -> str:
    """A cell as a message quotes it: short, one line."""
    text = repr(cell)
    return text if len(text) <= 60 else f"{text[:50]}...' ({len(cell):,} characters)"


def amount_reader(name: str) -> Callable[[str], float | None]:
    """A reader of amount cells in number format ``name``; an empty cell is None."""
    form = NUMBER_FORMATS[name]
    table = str.maketrans({**dict.fromkeys(form.group, ""), form.decimal: "."})

    def read(cell: str) -> float | None:
        text = cell.strip()
        if not text:
            return None
        if form.pattern.fullmatch(text):
            value = float(text.translate(table))
            if value > MAX_MONEY:
                raise CellProblem(f"must be at most 1 trillion, got {quoted(cell)}")
            return value
        raise CellProblem(_why_not_amount(text, form))

    return read


def _why_not_amount(text: str, form: NumberFormat) -> str:
    expected = f"a plain number like {form.example}"
    if text.startswith(("=", "+", "@")) and len(text) > 1:
        return f"must be {expected}, got a formula {quoted(text)} (formulas are never evaluated)"
    if (text.startswith("(") and text.endswith(")")) or text.startswith("-"):
        return f"must be 0 or more, got {quoted(text)}"
    if _CURRENCY.search(text):
        return (
            f"must be {expected} without a currency, got {quoted(text)} "
            "(the currency belongs in its own column)"
        )
    return f"must be {expected}, got {quoted(text)}"


_DATE_TOKEN = re.compile(r"YYYY|MM|M|DD|D|HH|SS|.", re.DOTALL)


def date_reader(date_format: str) -> Callable[[str], dt.date | None]:
    """A reader of date cells written as ``date_format``; an empty cell is None.

    Repeated cells are read once: an export has few distinct dates, so 100,000 rows cost a
    few thousand conversions.
    """
    pattern = compile_date_format(date_format)
    seen: dict[str, dt.date] = {}

    def read(cell: str) -> dt.date | None:
        known = seen.get(cell)
        if known is not None:
            return known
        text = cell.strip()
        if not text:
            return None
        found = pattern.fullmatch(text)
        if found is None:
            raise CellProblem(f"must be a date like {date_format}, got {quoted(cell)}")
        try:
            day = dt.date(int(found["y"]), int(found["m"]), int(found["d"]))
        except ValueError:
            raise CellProblem(f"is not a day of the calendar: {quoted(cell)}") from None
        if not MIN_DATE <= day <= MAX_DATE:
            raise CellProblem(f"must be from {MIN_DATE} to {MAX_DATE}, got {quoted(cell)}")
        seen[cell] = day
        return day

    return read


def compile_date_format(date_format: str) -> re.Pattern[str]:
    """The regular expression of a date format like ``M/D/YYYY`` or ``YYYY-MM-DD HH:MM``;
    ValueError when it lacks the year, month or day, or has one twice."""
    parts: list[str] = []
    groups: list[str] = []
    in_time = False
    for token in _DATE_TOKEN.findall(date_format):
        if token == "HH":
            in_time = True
            parts.append("[0-9]{1,2}")
        elif token in ("MM", "SS") and in_time:
            parts.append("[0-9]{2}")
        elif token in ("YYYY", "MM", "M", "DD", "D"):
            group = {"Y": "y", "M": "m", "D": "d"}[token[0]]
            groups.append(group)
            parts.append(
                f"(?P<{group}>[0-9]{{4}})" if group == "y" else f"(?P<{group}>[0-9]{{1,2}})"
            )
        else:
            parts.append(re.escape(token))
    if sorted(groups) != ["d", "m", "y"]:
        raise ValueError(
            f"date format {date_format!r} must have the year (YYYY), the month (M or MM) and "
            "the day (D or DD) once each"
        )
    return re.compile("".join(parts))
