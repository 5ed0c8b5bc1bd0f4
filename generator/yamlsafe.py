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
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 256 * 1024
MAX_DEPTH = 20

PathKey = tuple[str | int, ...]

# YAML 1.2 core schema for plain (unquoted) scalars: `NO` and `on` stay strings, `012` is 12.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$")
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


class YamlProblem(Exception):
    """A file that cannot be parsed safely; line and column are 1-based (0 = unknown)."""

    def __init__(self, message: str, line: int = 0, column: int = 0, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path


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


class _StrictLoader(yaml.SafeLoader):
    """Composer that refuses anchors, aliases and explicit tags before any node is built."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        if isinstance(event, AliasEvent):
            raise YamlProblem("aliases (*name) are not allowed", *where)
        if isinstance(event, ScalarEvent | CollectionStartEvent):
            if event.anchor is not None:
                raise YamlProblem("anchors (&name) are not allowed", *where)
            if event.tag is not None:
                raise YamlProblem(f"tags like {event.tag!r} are not allowed", *where)
        if self._depth >= MAX_DEPTH:
            raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", *where)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _scalar(node: ScalarNode) -> Any:
    value: str = node.value
    if node.style is not None:  # quoted or block scalar: always a string
        return value
    if _NULL.match(value):
        return None
    if _TRUE.match(value):
        return True
    if _FALSE.match(value):
        return False
    if _INT.match(value):
        return int(value.replace("_", ""), 10)
    if _FLOAT.match(value):
        return float(value.replace("_", ""))
    return value


def _check_text(text: str, node: Node) -> None:
    for offset, char in enumerate(text):
        if char in _BIDI:
            raise YamlProblem(
                f"bidirectional control character U+{ord(char):04X} is not allowed",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        if unicodedata.category(char) == "Cc" and char not in "\n\t":
            raise YamlProblem(
                f"control character U+{ord(char):04X} at offset {offset} is not allowed",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )


def _convert(
    node: Node,
    path: PathKey,
    positions: dict[PathKey, tuple[int, int]],
    keys: dict[PathKey, tuple[int, int]],
) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        _check_text(node.value, node)
        return _scalar(node)
    if isinstance(node, SequenceNode):
        return [_convert(item, (*path, i), positions, keys) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem("mapping keys must be plain words", line, col)
            _check_text(key_node.value, key_node)
            key = str(key_node.value)
            if key == "<<":
                raise YamlProblem("merge keys (<<) are not allowed", line, col)
            if key in result:
                first = keys[(*path, key)]
                raise YamlProblem(
                    f"duplicate key {key!r} (first defined at line {first[0]})",
                    line,
                    col,
                    ".".join(str(p) for p in (*path, key)),
                )
            keys[(*path, key)] = (line, col)
            result[key] = _convert(value_node, (*path, key), positions, keys)
            if not isinstance(value_node, ScalarNode):
                positions[(*path, key)] = (line, col)  # a section is best pointed at by its key
        return result
    raise YamlProblem("unsupported YAML node")  # pragma: no cover - composer yields only these


def parse(raw: bytes) -> Parsed:
    """Parse one untrusted YAML document into plain data with positions; raise YamlProblem."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8", line, 1
        ) from None
    text = text.removeprefix("\ufeff")
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise YamlProblem(f"invalid YAML: {message}") from None
        raise YamlProblem(f"invalid YAML: {message}", mark.line + 1, mark.column + 1) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise YamlProblem(f"invalid YAML: {type(exc).__name__}") from None
    finally:
        loader.dispose()
    if node is None:
        return Parsed(data=None)
    positions: dict[PathKey, tuple[int, int]] = {}
    keys: dict[PathKey, tuple[int, int]] = {}
    try:
        data = _convert(node, (), positions, keys)
    except RecursionError:
        raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels") from None
    return Parsed(data=data, positions=positions, key_positions=keys)
