"""Explainable numbers, each defined once.

A figure is a field of a stage result (see :func:`stage`), declared with :func:`figure`: its
label, symbol, unit, formula in words and the names of its inputs. An input name is either
another figure's key or a source (:mod:`generator.engine.sources`: an assessment field, a
program default, a benchmark or a plan lever). :func:`explain` turns stage results into
:class:`Figure` records with every input's value and origin, so a page can show "how this was
computed" next to any number. Names are checked when a stage class is defined: an input that
is neither a source nor an earlier figure fails at import.
"""

from __future__ import annotations

import dataclasses
import math
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, dataclass_transform

from ..domain import Unit
from ..inputs.placeholders import FACT_KEYS
from .fastinit import fast_init

T = TypeVar("T")


@fast_init
@dataclass(frozen=True, slots=True)
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
@dataclass(frozen=True, slots=True)
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


Flag = Callable[[Any], bool]
Note = Callable[[Any], "str | None"]


@dataclass(frozen=True, slots=True)
class Words:
    """How a figure is named and explained: its definition apart from the arithmetic."""

    label: str
    symbol: str
    unit: Unit
    formula: str
    inputs: tuple[str, ...]
    low: Flag | None = None  # low confidence, from the stage result holding the figure
    note: Note | None = None  # a remark, from the stage result holding the figure
    plain: str | None = None  # the figure explained to the partner, with {figure} placeholders


def figure(
    label: str,
    symbol: str,
    unit: Unit,
    formula: str,
    inputs: tuple[str, ...] = (),
    *,
    low: Flag | None = None,
    note: Note | None = None,
    plain: str | None = None,
) -> Any:
    """Declare a stage-result field as a figure, with its words and the names of its inputs.

    ``plain`` explains the figure to the partner (R29): a sentence whose {placeholders} are
    this figure's key or the keys of figures it comes from, filled in the partner's language.
    """
    text = None if plain is None else " ".join(plain.split())
    words = Words(label, symbol, unit, " ".join(formula.split()), inputs, low, note, text)
    return dataclasses.field(metadata={"figure": words})


# Every figure by key, in declaration order, and the stage result that carries it: built once,
# as the stage modules are imported.
WORDS: dict[str, Words] = {}
STAGES: dict[str, type] = {}
_SOURCES: set[str] = set()


def register_sources(names: Iterable[str]) -> None:
    """Names that figures may list as inputs besides earlier figures (see sources.py)."""
    _SOURCES.update(names)


@dataclass_transform(frozen_default=True, field_specifiers=(figure, dataclasses.field))
def stage(cls: type[T]) -> type[T]:
    """A frozen result of one engine stage; its :func:`figure` fields are registered by key."""
    made = fast_init(dataclass(frozen=True, slots=True)(cls))
    for item in dataclasses.fields(made):  # type: ignore[arg-type]
        words = item.metadata.get("figure")
        if words is None:
            continue
        if item.name in WORDS:
            raise TypeError(f"figure {item.name!r} is declared twice")
        unknown = [n for n in words.inputs if n not in WORDS and n not in _SOURCES]
        if unknown:
            raise TypeError(f"figure {item.name!r}: unknown inputs {unknown}")
        WORDS[item.name] = words
        STAGES[item.name] = made
        _check_plain(item.name, words)
    return made


def _check_plain(key: str, words: Words) -> None:
    """A plain explanation may quote this figure, earlier figures and the placeholders every
    text may use (inputs/placeholders.py)."""
    if words.plain is None:
        return
    names = {name for _, name, _, _ in string.Formatter().parse(words.plain) if name}
    unknown = sorted(n for n in names if n not in WORDS and n not in FACT_KEYS)
    if unknown:
        raise TypeError(f"figure {key!r}: its plain explanation names unknown figures {unknown}")


_KEYS: dict[type, tuple[str, ...]] = {}


def figure_keys(result: object) -> tuple[str, ...]:
    """The figures a stage result carries, in declaration order (looked up once per class)."""
    kind = type(result)
    keys = _KEYS.get(kind)
    if keys is None:
        keys = _KEYS[kind] = tuple(
            f.name
            for f in dataclasses.fields(result)  # type: ignore[arg-type]
            if "figure" in f.metadata
        )
    return keys


def finite(value: float | None) -> float | None:
    """``value`` when it is a finite number, else None (never NaN or infinity in output)."""
    if value is None or not math.isfinite(value):
        return None
    return value


SourceReader = Callable[[str], tuple[Input, ...]]


def explain(results: Iterable[object], source: SourceReader) -> dict[str, Figure]:
    """Every figure of ``results`` (stage results, in stage order) with its inputs' values.

    ``source(name)`` gives the inputs a source name stands for in this partner's assessment.
    """
    out: dict[str, Figure] = {}
    for result in results:
        for key in figure_keys(result):
            words = WORDS[key]
            inputs: list[Input] = []
            for name in words.inputs:
                found = out.get(name)
                if found is None:
                    inputs.extend(source(name))
                else:
                    inputs.append(
                        Input(WORDS[name].symbol, found.value, found.unit, "computed: " + name)
                    )
            out[key] = Figure(
                key,
                words.label,
                getattr(result, key),
                words.unit,
                words.formula,
                tuple(inputs),
                bool(words.low and words.low(result)),
                words.note(result) if words.note else None,
            )
    return out


class Explained(Mapping[str, Figure]):
    """Every figure of a plan, explained on first use: planning alone (the engine's
    throughput, the portfolio) never pays for the explanations only pages and exports read."""

    __slots__ = ("_figures", "_results", "_source")

    def __init__(self, results: Iterable[object], source: SourceReader) -> None:
        self._results = tuple(results)
        self._source = source
        self._figures: dict[str, Figure] | None = None

    def _all(self) -> dict[str, Figure]:
        if self._figures is None:
            self._figures = explain(self._results, self._source)
        return self._figures

    def __getitem__(self, key: str) -> Figure:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


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
