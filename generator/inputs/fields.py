"""The field types of the assessment format, with messages a partner manager can act on:
money, fractions, counts, months, capability scores and bounded text."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError


def _isnumber(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def number(lo: float, hi: float | None, expected: str) -> BeforeValidator:
    def check(value: object) -> object:
        if not _isnumber(value) or value < lo or (hi is not None and value > hi):  # type: ignore[operator]
            raise PydanticCustomError(
                "value",
                "must be {expected}, got {got}",
                {"expected": expected, "got": _show(value)},
            )
        return value

    return BeforeValidator(check)


def whole(lo: int, hi: int | None, expected: str) -> BeforeValidator:
    def check(value: object) -> object:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or value < lo
            or (hi is not None and value > hi)
        ):
            raise PydanticCustomError(
                "value",
                "must be {expected}, got {got}",
                {"expected": expected, "got": _show(value)},
            )
        return value

    return BeforeValidator(check)


def _show(value: object) -> str:
    if value is None:
        return "nothing"
    return repr(value) if isinstance(value, str) else str(value)


def _score(value: object) -> object:
    if value == "unknown":
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    raise PydanticCustomError("score", "must be 1-5 or unknown, got {got}", {"got": _show(value)})


MAX_MONEY = 1e12  # far above any partner; keeps every product and ratio finite
Money = Annotated[
    float,
    number(0, MAX_MONEY, "an amount from 0 to 1 trillion in the partner's currency, like 420000"),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": MAX_MONEY}),
]
Fraction = Annotated[
    float,
    number(0, 1, "a fraction from 0 to 1 (write 90% as 0.9)"),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1}),
]
Count = Annotated[
    int,
    whole(0, None, "a whole number of zero or more"),
    WithJsonSchema({"type": "integer", "minimum": 0}),
]
Months = Annotated[
    float,
    number(0, 600, "a number of months from 0 to 600"),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 600}),
]
Score = Annotated[
    int | Literal["unknown"],
    BeforeValidator(_score),
    WithJsonSchema(
        {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 5}, {"const": "unknown"}]}
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
SHORT_TEXT = 200  # characters: names and other one-line text
ShortText = Annotated[str, Field(min_length=1, max_length=SHORT_TEXT)]

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


def fail(message: str, **ctx: Any) -> PydanticCustomError:
    text = message.format(**ctx).replace("{", "{{").replace("}", "}}")
    return PydanticCustomError("consistency", text)
