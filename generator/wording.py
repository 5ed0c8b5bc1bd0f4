"""How numbers read in words: money rounded for reading, percentages, multiples ("twice") and
counted nouns. Pure functions with no project imports, so the engine's warnings, the pages, the
PDFs and the terminal all say a number the same way."""

from __future__ import annotations

import math

_TIMES = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times"}


def money(value: float | None, currency: str) -> str:
    """Money rounded for reading: EUR 251k, EUR 1.26M, EUR 950; n/a for no value."""
    if value is None or not math.isfinite(value):
        return "n/a"
    sign, size = ("-" if value < 0 else ""), abs(value)
    if size >= 1_000_000:
        return f"{sign}{currency} {size / 1_000_000:.2f}M"
    if size >= 10_000:
        return f"{sign}{currency} {size / 1000:.0f}k"
    return f"{sign}{currency} {size:,.0f}"


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


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A whole count with its noun: 1 seller, 2 sellers, 0 hires."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
