"""Per-partner overrides of the program's benchmarks and defaults (§8 R31): which settings an
assessment may override, and whether a value fits the setting's own bounds."""

from __future__ import annotations

import difflib
import functools
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    JsonValue,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)

from .program import Benchmarks, Defaults

SECTIONS: dict[str, type[BaseModel]] = {"benchmarks": Benchmarks, "defaults": Defaults}
SETTINGS: tuple[str, ...] = tuple(
    f"{section}.{name}" for section, model in SECTIONS.items() for name in model.model_fields
)


def _known(setting: str) -> str:
    if setting not in SETTINGS:
        near = difflib.get_close_matches(setting, SETTINGS, n=1, cutoff=0.8)
        hint = (
            f"did you mean {near[0]}?"
            if near
            else "name a setting of program.yaml's benchmarks or defaults, like "
            "benchmarks.win_rate (assessment.schema.json lists them for your editor)"
        )
        raise ValueError(f"unknown setting {setting!r}; {hint}")
    return setting


OverrideSetting = Annotated[
    str, AfterValidator(_known), WithJsonSchema({"type": "string", "enum": list(SETTINGS)})
]


@functools.cache
def _adapter(setting: str) -> TypeAdapter[Any]:
    """The type and bounds of ``setting`` in program.yaml, to check a value against."""
    section, name = setting.split(".", 1)
    field = SECTIONS[section].model_fields[name]
    shape: Any = (
        Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    )
    return TypeAdapter(shape)


def check_override(setting: str, value: float) -> str | None:
    """Why ``value`` cannot stand for ``setting`` (its bounds in program.yaml), or None."""
    try:
        _adapter(setting).validate_python(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        limit = _LIMITS.get(error["type"])
        if limit is None:
            return str(error["msg"]).lower()
        words, key = limit
        bound = error.get("ctx", {}).get(key)
        shown = f"{bound:g}" if isinstance(bound, int | float) else str(bound)
        return f"must be {words} {shown} for {setting}, got {value:g}"
    return None


_BOUND_KEYS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def value_bounds() -> list[JsonValue]:
    """JSON Schema rules giving an override's value the bounds of its setting, for editors."""
    rules: list[JsonValue] = []
    for setting in SETTINGS:
        schema = _adapter(setting).json_schema()
        shapes = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
        bounds = {key: shapes[0][key] for key in _BOUND_KEYS if key in shapes[0]}
        rules.append(
            {
                "if": {"properties": {"setting": {"const": setting}}, "required": ["setting"]},
                "then": {"properties": {"value": bounds}},
            }
        )
    return rules


# Pydantic's bound errors in words: error type -> (words, the bound's key in the error context).
_LIMITS: dict[str, tuple[str, str]] = {
    "less_than_equal": ("at most", "le"),
    "less_than": ("below", "lt"),
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("above", "gt"),
}
