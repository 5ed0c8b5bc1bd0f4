"""Parse YAML from untrusted files: no code, no tags, no aliases, no YAML 1.1 surprises.

The result is plain data (dict, list, str, int, float, bool, None) plus a map from each value's
path to its line and column, so that later validation errors can point at the right place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .rawtext import MAX_BYTES, YamlProblem, decode, position, too_big

__all__ = ["MAX_BYTES", "Parsed", "PathKey", "YamlProblem", "parse"]

MAX_DEPTH = 20
# Python's own limit on int("..."), whatever the interpreter is told: a longer literal is refused
# before the conversion, which takes quadratic time.
MAX_DIGITS = 4300

PathKey = tuple[str | int, ...]

# YAML 1.2 core schema for plain (unquoted) scalars: `NO` and `on` stay strings, `012` is 12.
_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE = re.compile(r"true|True|TRUE")
_FALSE = re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9][0-9_]*")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?")
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


@dataclass
class Parsed:
    """The parsed document and where each value and key sits in the file."""

    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: PathKey) -> tuple[int, int]:
        """The line and column of ``path``, or of its nearest ancestor that exists."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster


def _scalar(value: str, plain: bool, where: tuple[int, int]) -> Any:
    if not plain:  # quoted or block scalar: always a string
        return value
    if _NULL.fullmatch(value):
        return None
    if _TRUE.fullmatch(value):
        return True
    if _FALSE.fullmatch(value):
        return False
    if _INT.fullmatch(value):
        digits = value.replace("_", "").lstrip("+-")
        if len(digits) > MAX_DIGITS:
            raise YamlProblem(
                f"number too long ({len(digits):,} digits); if it is text, put it in quotes", *where
            )
        return int(value.replace("_", ""), 10)
    if _FLOAT.fullmatch(value):
        return float(value.replace("_", ""))
    return value


def _check_text(text: str, where: tuple[int, int]) -> None:
    for offset, char in enumerate(text):
        if char in _BIDI:
            raise YamlProblem(
                f"bidirectional control character U+{ord(char):04X} is not allowed", *where
            )
        if unicodedata.category(char) == "Cc" and char not in "\n\t":
            raise YamlProblem(
                f"control character U+{ord(char):04X} at offset {offset} is not allowed", *where
            )


class _Builder:
    """Turns parser events into plain data, refusing what an assessment never needs."""

    def __init__(self) -> None:
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.keys: dict[PathKey, tuple[int, int]] = {}
        # Each open collection: [container, its path, pending mapping key or None]
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.done = False

    def feed(self, event: Any) -> None:
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        if isinstance(event, AliasEvent):
            raise YamlProblem("aliases (*name) are not allowed", *where)
        if isinstance(event, ScalarEvent | CollectionStartEvent):
            if event.anchor is not None:
                raise YamlProblem("anchors (&name) are not allowed", *where)
            if event.tag is not None:
                raise YamlProblem(f"tags like {event.tag!r} are not allowed", *where)
        if isinstance(event, ScalarEvent):
            _check_text(event.value, where)
            if self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None:
                self._key(event.value, where)
                return
            self._value(_scalar(event.value, not event.style, where), where, scalar=True)
        elif isinstance(event, MappingStartEvent | SequenceStartEvent):
            if self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None:
                raise YamlProblem("mapping keys must be plain words", *where)
            if len(self.stack) >= MAX_DEPTH:
                raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", *where)
            container: Any = {} if isinstance(event, MappingStartEvent) else []
            path = self._value(container, where, scalar=False)
            self.stack.append([container, path, None])
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            self.stack.pop()
        elif isinstance(event, DocumentStartEvent) and self.done:
            raise YamlProblem("only one YAML document per file (remove the '---' line)", *where)
        elif isinstance(event, DocumentEndEvent):
            self.done = True

    def _key(self, key: str, where: tuple[int, int]) -> None:
        mapping, path, _ = self.stack[-1]
        if key == "<<":
            raise YamlProblem("merge keys (<<) are not allowed", *where)
        if key in mapping:
            first = self.keys[(*path, key)]
            raise YamlProblem(
                f"duplicate key {key!r} (first defined at line {first[0]})",
                *where,
                ".".join(str(p) for p in (*path, key)),
            )
        self.keys[(*path, key)] = where
        mapping[key] = None
        self.stack[-1][2] = key

    def _value(self, value: Any, where: tuple[int, int], *, scalar: bool) -> PathKey:
        if not self.stack:
            self.root = value
            self.positions[()] = where
            return ()
        container, path, key = self.stack[-1]
        if isinstance(container, dict):
            here: PathKey = (*path, key)
            container[key] = value
            self.stack[-1][2] = None
            # A section is best pointed at by its key, a value by the value itself.
            self.positions[here] = where if scalar else self.keys[here]
        else:
            here = (*path, len(container))
            container.append(value)
            self.positions[here] = where
        return here


def parse(raw: bytes) -> Parsed:
    """Parse one untrusted YAML document into plain data with positions; raise YamlProblem."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(too_big(len(raw)))
    text = decode(raw)
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(text, exc) from None
    except yaml.reader.ReaderError as exc:  # decode() refuses what the reader does: a fallback
        line, column = position(text, exc.position)
        raise YamlProblem(f"invalid YAML: {exc.reason}", line, column) from None
    except yaml.YAMLError:
        raise YamlProblem("invalid YAML") from None
    return Parsed(data=builder.root, positions=builder.positions, key_positions=builder.keys)


def _syntax_problem(text: str, exc: yaml.MarkedYAMLError) -> YamlProblem:
    """The parser's complaint in plain words, with a hint for the usual cause: a tab."""
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "invalid YAML"
    if mark is None:
        return YamlProblem(f"invalid YAML: {message}")
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent:
        return YamlProblem(
            "a tab is used for indentation; indent with spaces",
            mark.line + 1,
            indent.index("\t") + 1,
        )
    if line[mark.column : mark.column + 1] == "\t":
        return YamlProblem("a tab is not allowed here; use spaces", mark.line + 1, mark.column + 1)
    return YamlProblem(f"invalid YAML: {message}", mark.line + 1, mark.column + 1)
