"""How numbers read in words, the same on every page, PDF and terminal line."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.wording import counted, date_words, money, per_week, percent, times


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (705_000, "EUR 705k"),
        (250_574, "EUR 251k"),
        (1_264_000, "EUR 1.26M"),
        (8_000, "EUR 8k"),
        (12_345, "EUR 12.3k"),
        (950, "EUR 950"),
        (999_600, "EUR 1M"),
        (-40_000, "-EUR 40k"),
        (0, "EUR 0"),
        (None, "n/a"),
        (math.inf, "n/a"),
    ],
)
def test_money_reads_to_three_significant_digits(value: float | None, expected: str) -> None:
    assert money(value, "EUR") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.45, "2-3 a week"),
        (7.0, "7 a week"),
        (0.7, "one every 2 weeks"),
        (0.25, "one every 4 weeks"),
        (0.01, "fewer than one a year"),
        (2e-311, "fewer than one a year"),
        (0.0, "none"),
        (math.nan, "none"),
        (math.inf, "n/a"),
    ],
)
def test_per_week(value: float, expected: str) -> None:
    assert per_week(value) == expected


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_per_week_never_fails(value: float) -> None:
    assert per_week(value)


def test_dates_multiples_counts_and_percentages() -> None:
    assert date_words(dt.date(2026, 12, 9)) == "9 December 2026"
    assert (times(2), times(3), times(1.5)) == ("twice", "three times", "1.5 times")
    assert (counted(1, "seller"), counted(2, "seller")) == ("1 seller", "2 sellers")
    assert counted(2, "opportunity", "opportunities", words=True) == "two opportunities"
    assert (percent(0.168), percent(0.677, signed=True), percent(None)) == ("17%", "+68%", "n/a")
