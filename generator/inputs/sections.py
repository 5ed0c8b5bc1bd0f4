"""The base of the assessment's sections, and its cross-field rules run in the same pass as the
field checks.

Pydantic runs a model's own validators only once every field of it is valid, so a file with a
field problem would show its cross-field problems only in a second run, after the first is
fixed. Here each section lists its rules; a rule reads the fields it needs through a view, and
runs on the validated section when it is valid, otherwise on the raw values of those fields
that are valid themselves. A rule whose fields are missing or invalid is skipped: their own
problems are reported already.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, NoReturn, Self

from pydantic import BaseModel, ConfigDict, ModelWrapValidatorHandler, model_validator
from pydantic_core import (
    ErrorDetails,
    InitErrorDetails,
    PydanticCustomError,
    PydanticKnownError,
    ValidationError,
)

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]  # where, relative to the section, and what


class Unavailable(Exception):
    """A field a rule reads is missing or invalid: the rule is skipped."""


class View:
    """The fields of a validated section, read by path: ``view("goals", "target_revenue")``."""

    def __init__(self, model: BaseModel) -> None:
        self._model = model

    def __call__(self, *path: str | int) -> Any:
        value: Any = self._model
        for part in path:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        return value

    def count(self, *path: str | int) -> int:
        """How many entries the list at ``path`` has."""
        return len(self(*path))


class RawView(View):
    """The raw values of a section that failed validation, each only where it is valid: the
    default where it is left out, :class:`Unavailable` where it is missing or has a problem."""

    def __init__(self, model: type[BaseModel], data: Any, bad: Sequence[Loc]) -> None:
        self._type, self._data, self._bad = model, data, bad

    def __call__(self, *path: str | int) -> Any:
        if any(loc[: len(path)] == path for loc in self._bad):
            raise Unavailable
        return self._walk(path)

    def count(self, *path: str | int) -> int:
        found = self._walk(path)
        if not isinstance(found, list):
            raise Unavailable
        return len(found)

    def _walk(self, path: Loc) -> Any:
        value: Any = self._data
        annotation: Any = self._type
        for part in path:
            annotation = bare_annotation(annotation)
            if isinstance(part, int):
                if not isinstance(value, list) or part >= len(value):
                    raise Unavailable
                value, annotation = value[part], next(iter(typing.get_args(annotation)), None)
                continue
            fields = annotation.model_fields if _is_model(annotation) else {}
            field = fields.get(part)
            if isinstance(value, BaseModel):  # a default section
                value = getattr(value, part)
            elif isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, dict) and field is not None and not field.is_required():
                value = field.get_default(call_default_factory=True)
            else:
                raise Unavailable
            annotation = field.annotation if field is not None else None
        return value


Rule = Callable[[View], Iterable[Problem]]


def bare_annotation(annotation: Any) -> Any:
    """``annotation`` without Annotated[...] and without ``| None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = members[0]
        else:
            return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _problems(rules: Sequence[Rule], view: View) -> list[Problem]:
    found: list[Problem] = []
    for rule in rules:
        try:
            found.extend(rule(view))
        except Unavailable:
            continue
    return found


def _again(error: ErrorDetails) -> InitErrorDetails:
    """A reported error as it can be raised again, with its type, context and message."""
    ctx = error.get("ctx")
    try:
        PydanticKnownError(error["type"], ctx)  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        kind: Any = PydanticCustomError(error["type"], error["msg"])
        return InitErrorDetails(type=kind, loc=error["loc"], input=error["input"])
    if ctx is None:
        return InitErrorDetails(type=error["type"], loc=error["loc"], input=error["input"])
    return InitErrorDetails(type=error["type"], loc=error["loc"], input=error["input"], ctx=ctx)


def _raise(title: str, errors: list[ErrorDetails], problems: list[Problem], data: Any) -> NoReturn:
    details = [_again(error) for error in errors]
    for loc, message in problems:
        kind = PydanticCustomError("consistency", message)
        details.append(InitErrorDetails(type=kind, loc=loc, input=data))
    raise ValidationError.from_exception_data(title, details)


class Section(BaseModel):
    """One section of the assessment: closed to unknown fields, frozen, with its rules."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)
    cross_checks: ClassVar[tuple[Rule, ...]] = ()

    @model_validator(mode="wrap")
    @classmethod
    def _cross_checked(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        if not cls.cross_checks:
            return handler(data)
        try:
            section = handler(data)
        except ValidationError as exc:
            errors = exc.errors()
            bad = [tuple(error["loc"]) for error in errors]
            problems = _problems(cls.cross_checks, RawView(cls, data, bad))
            if problems:
                _raise(cls.__name__, errors, problems, data)
            raise
        problems = _problems(cls.cross_checks, View(section))
        if problems:
            _raise(cls.__name__, [], problems, data)
        return section
