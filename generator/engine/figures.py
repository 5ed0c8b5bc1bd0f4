"""Explainable numbers: every figure the engine shows carries its formula in words and its inputs.

A page that prints a figure can also print "how this was computed": the formula, and each input
with its value and where it came from (the assessment, a program default, a segment benchmark, or
another computed figure).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..domain import Unit
from .fastinit import fast_init


@fast_init
@dataclass(frozen=True)
class Input:
    """One value a figure was computed from, and where it came from.

    ``source`` reads like ``"assessment: deals.won_12m"``, ``"default: win_rate_prior"``,
    ``"benchmark: win_rate"`` or ``"computed: new_bookings_needed"`` (the key of another figure).
    """

    name: str
    value: float | None
    unit: Unit
    source: str


@fast_init
@dataclass(frozen=True)
class Figure:
    """A named result with its formula in words and the inputs it came from."""

    key: str
    label: str
    value: float | None
    unit: Unit
    formula: str
    inputs: tuple[Input, ...]
    low_confidence: bool = False
    note: str | None = None


def assessment(name: str, value: float | None, unit: Unit, field: str) -> Input:
    """An input read from the assessment file (``field`` is its dotted path)."""
    return Input(name, value, unit, "assessment: " + field)


def default(name: str, value: float | None, unit: Unit, key: str) -> Input:
    """An input taken from the program defaults for the partner's segment."""
    return Input(name, value, unit, "default: " + key)


def benchmark(name: str, value: float | None, unit: Unit, key: str) -> Input:
    """An input taken from the segment's benchmarks."""
    return Input(name, value, unit, "benchmark: " + key)


def lever(name: str, value: float | None, unit: Unit, key: str) -> Input:
    """An input taken from the program's plan-lever settings."""
    return Input(name, value, unit, "plan lever: " + key)


def finite(value: float | None) -> float | None:
    """``value`` when it is a finite number, else None (never NaN or infinity in output)."""
    if value is None or not math.isfinite(value):
        return None
    return value


def input_to_json(item: Input) -> dict[str, Any]:
    return {
        "name": item.name,
        "value": finite(item.value),
        "unit": item.unit,
        "source": item.source,
    }


def figure_to_json(fig: Figure) -> dict[str, Any]:
    """A JSON-ready dict of one figure (value None when not finite)."""
    return {
        "label": fig.label,
        "value": finite(fig.value),
        "unit": fig.unit,
        "formula": fig.formula,
        "inputs": [input_to_json(i) for i in fig.inputs],
        "low_confidence": fig.low_confidence,
        "note": fig.note,
    }


def figures_to_json(figures: Mapping[str, Figure]) -> dict[str, dict[str, Any]]:
    return {key: figure_to_json(fig) for key, fig in figures.items()}


def index(figures: Iterable[Figure]) -> dict[str, Figure]:
    """Figures keyed by their key, in the given order; a duplicate key is a bug."""
    out: dict[str, Figure] = {}
    for fig in figures:
        if fig.key in out:
            raise ValueError(f"duplicate figure key {fig.key!r}")
        out[fig.key] = fig
    return out
