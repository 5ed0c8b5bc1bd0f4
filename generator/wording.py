"""How numbers read in words: money rounded for reading, percentages, multiples ("twice") and
counted nouns. Pure functions with no project imports, so the engine's warnings, the pages, the
PDFs and the terminal all say a number the same way."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math

_TIMES = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times"}


def compact(value: float) -> str:
    """Three significant digits with k/M/B: 950, 8k, 12.3k, 251k, 1.26M."""
    size = abs(value)
    if size < 999.5:
        text = f"{size:.0f}"
    else:
        size = float(f"{size:.3g}")
        div, suffix = next(d for d in ((1e9, "B"), (1e6, "M"), (1e3, "k")) if size >= d[0])
        q = size / div
        text = f"{q:.{2 if q < 10 else 1 if q < 100 else 0}f}"
        text = (text.rstrip("0").rstrip(".") if "." in text else text) + suffix
    return ("-" if value < 0 and text != "0" else "") + text


def money(value: float | None, currency: str) -> str:
    """Money to three significant digits: EUR 251k, EUR 1.26M, EUR 8k, EUR 950; n/a for none."""
    if value is None or not math.isfinite(value):
        return "n/a"
    text = compact(value)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    return f"{sign}{currency} {digits}"


def one_decimal(value: float | None) -> str:
    """FTE and multiples for reading: one decimal (2.49 -> 2.5)."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:.1f}"


def whole(value: float | None) -> str:
    """Counts for reading: a whole number with thousands separators (127.0 -> 127)."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{round(value):,}"


def per_week(value: float) -> str:
    """A weekly rate of whole things, for reading: 2.45 -> '2-3 a week', 7.0 -> '7 a week',
    0.7 -> 'one every 2 weeks', 0 -> 'none', below one a year -> 'fewer than one a year'."""
    if not value > 0:  # zero, negative or NaN
        return "none"
    if not math.isfinite(value):
        return "n/a"
    if value * 52 < 1:
        return "fewer than one a year"
    if value < 1:
        return f"one every {math.ceil(1 / value - 1e-9)} weeks"
    low, high = math.floor(value + 1e-9), math.ceil(value - 1e-9)
    return f"{low} a week" if low == high else f"{low}-{high} a week"


@functools.lru_cache(maxsize=4096)  # a programme's pages show the same days thousands of times
def date_words(day: dt.date) -> str:
    """A date for reading: 9 December 2026."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


@functools.lru_cache(maxsize=1024)
def month_words(day: dt.date) -> str:
    """A calendar month for reading: March 2027."""
    return f"{calendar.month_name[day.month]} {day.year}"


_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(count: int) -> str:
    """Small counts in words, larger ones in figures: 2 -> 'two', 12 -> '12'."""
    return _SMALL[count] if 0 <= count < len(_SMALL) else f"{count:,}"


def percent(value: float | None, signed: bool = False) -> str:
    """A fraction as a whole percentage: 0.168 -> 17%; signed adds + or -."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value * 100:+.0f}%" if signed else f"{value * 100:.0f}%"


def times(multiple: float) -> str:
    """A multiple in words: 2 -> twice, 3 -> three times, 1.5 -> 1.5 times."""
    if float(multiple).is_integer() and int(multiple) in _TIMES:
        return _TIMES[int(multiple)]
    return f"{multiple:g} times"


def counted(count: int, noun: str, plural: str | None = None, words: bool = False) -> str:
    """A whole count with its noun: 1 seller, 2 sellers, 0 hires (``words``: two sellers)."""
    shown = number_word(count) if words else f"{count:,}"
    return f"{shown} {noun if count == 1 else plural or noun + 's'}"
