"""Pydantic's validation errors as compiler-style diagnostics a partner manager can act on:
``file:line:col: field.path: what was expected, what was found``, with the closest valid name
suggested for a typo and one report for a misspelt required field."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ..errors import Diagnostic
from .assessment import Assessment
from .fields import show
from .sections import bare_annotation
from .yamlsafe import Parsed, PathKey


def path_text(loc: Iterable[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(loc: Sequence[int | str]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc``, for listing its field names."""
    current: Any = Assessment
    for part in loc:
        current = bare_annotation(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        else:
            return None
    current = bare_annotation(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_help(loc: Sequence[int | str]) -> str:
    parent = _model_at(loc[:-1])
    if parent is None or not isinstance(loc[-1], str):
        return ""
    field = parent.model_fields.get(loc[-1])
    return f" ({field.description})" if field and field.description else ""


_TYPE_MESSAGES = {
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_from_datetime_parsing": "must be a date like 2026-09-30",
    "date_parsing": "must be a date like 2026-09-30",
    "date_type": "must be a date like 2026-09-30",
    "string_type": "must be text (put it in quotes)",
    "list_type": "must be a list (lines starting with '- ')",
    "model_type": "must be a section of fields",
    "model_attributes_type": "must be a section of fields",
    "dict_type": "must be a section of fields",
    "string_too_long": "is too long",
    "string_too_short": "must not be empty",
}

_PATTERN_MESSAGES = {
    "currency": "must be a three-letter currency code like EUR",
    "quarter": "must be a quarter from 2000-Q1 to 2099-Q4, like 2026-Q1",
    "segment": "must be a segment name in lower case, like msp",
}


def describe_errors(errors: list[ErrorDetails], parsed: Parsed, shown: str) -> list[Diagnostic]:
    """Compiler-style diagnostics for pydantic errors, each at its line and column."""
    out = []
    unknown = {tuple(e["loc"]) for e in errors if e["type"] == "extra_forbidden"}
    for err in errors:
        loc: PathKey = tuple(err["loc"])
        kind = err["type"]
        got = err.get("input")
        line, col = parsed.position(loc)
        if kind == "missing":
            if any(_is_typo_of(other, loc) for other in unknown):
                continue  # reported once, as the unknown field that was probably meant
            message = f"missing required field{_field_help(loc)}"
        elif kind == "extra_forbidden":
            line, col = parsed.key_positions.get(loc, (line, col))
            message = _unknown_field(loc)
        elif kind == "enum":
            expected = str(err.get("ctx", {}).get("expected", "")).replace("'", "")
            message = f"must be one of {expected}, got {show(got)}"
            options = [o.strip() for o in expected.replace(" or ", ", ").split(",")]
            same = [o for o in options if o.casefold() == str(got).casefold()]
            if same:
                message += f"; did you mean '{same[0]}'?"
        elif kind == "literal_error":
            message = f"must be {err.get('ctx', {}).get('expected', '')}, got {show(got)}"
        elif kind == "string_pattern_mismatch":
            message = (
                f"{_PATTERN_MESSAGES.get(str(loc[-1]), 'has the wrong form')}, got {show(got)}"
            )
        elif got is None and kind in ("string_type", "date_type", "bool_type"):
            message = f"is empty; fill it in{_field_help(loc)}"
        elif kind == "string_too_long":
            most = err.get("ctx", {}).get("max_length")
            message = f"is too long (at most {most} characters), got {len(str(got))}"
        elif kind == "too_long":
            most = err.get("ctx", {}).get("max_length")
            message = f"has too many entries (at most {most}), got {_count(got)}"
        elif kind in _TYPE_MESSAGES:
            message = f"{_TYPE_MESSAGES[kind]}, got {show(got)}"
        else:
            message = err["msg"]
            if message.startswith("Value error, "):
                message = message.removeprefix("Value error, ")
        out.append(Diagnostic(shown, line, col, path_text(loc), message))
    return out


def _unknown_field(loc: PathKey) -> str:
    """The message for an unknown field: the closest valid name, or the valid names."""
    name = str(loc[-1])
    parent = _model_at(loc[:-1])
    allowed = list(parent.model_fields) if parent else []
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown field {show(name)}; did you mean '{close[0]}'?"
    return f"unknown field {show(name)}" + (
        f"; expected one of {', '.join(allowed)}" if allowed else ""
    )


def _count(value: object) -> str:
    return str(len(value)) if isinstance(value, list | dict | str) else "more"


def _is_typo_of(extra: PathKey, missing: PathKey) -> bool:
    """Whether the unknown key ``extra`` is probably a misspelling of the missing ``missing``."""
    if extra[:-1] != missing[:-1]:
        return False
    close = difflib.get_close_matches(str(extra[-1]), [str(missing[-1])], n=1, cutoff=0.6)
    return bool(close)
