"""The new assessment's text: a copy of the partner's newest assessment with the imported
figures, the new date and an empty next meeting, its comments, key order and layout kept.

ruamel.yaml's round-trip mode does the writing only. The copied file has already been read by
the project's safe loader (no tags, anchors or aliases reach here), and the result is read and
validated by it again before anything is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from collections.abc import Mapping as MappingType
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from ..assessment import Assessment

Number = int | float
NEXT_MEETING = "next joint meeting, YYYY-MM-DD: cleared by playbook import, fill it in"
IMPORTED_HEADER = (
    "# Written by playbook import: where the figures listed came from. When you change one of\n"
    "# them by hand, take it off the list.\n"
)
# Indentation styles tried on the copied file (mapping, sequence, dash offset): the one that
# writes it back unchanged is kept.
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 3, 0))


def _yaml(style: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # never fold a long line the author wrote on one
    yaml.preserve_quotes = True
    mapping, sequence, offset = style
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _loaded(text: str) -> tuple[YAML, CommentedMap]:
    """``text`` loaded for editing, and the writer whose style writes it back with the fewest
    changed lines (unchanged, for a file in the project's style: the first tried)."""
    doc = _yaml(_STYLES[0]).load(text)
    lines = text.splitlines()
    best: tuple[int, YAML] | None = None
    for style in _STYLES:
        yaml = _yaml(style)
        written = _dump(yaml, doc).splitlines()
        if written == lines:
            return yaml, doc
        matcher = difflib.SequenceMatcher(None, lines, written, autojunk=False)
        changed = len(written) - sum(block.size for block in matcher.get_matching_blocks())
        if best is None or changed < best[0]:
            best = (changed, yaml)
    assert best is not None
    return best[1], doc


def rewrite(
    text: str,
    values: MappingType[str, Number | None],
    day: dt.date,
    record: MappingType[str, Any],
) -> str:
    """``text`` (an assessment) with ``values`` (dotted field -> value) set, dated ``day``, the
    next meeting cleared and ``record`` as its ``imported:`` section, at the end."""
    yaml, doc = _loaded(text)
    spaced = re.search(r"\n\s*\n[A-Za-z_]+:", text) is not None  # blank lines between sections
    for dotted, value in values.items():
        section, key = dotted.split(".")
        _set(_section(doc, section, spaced), key, value, _order(section))
    info = doc["assessment"]
    info["date"] = day
    if "next_meeting" in info:
        info["next_meeting"] = None
    else:  # right after the date, where it is read with it
        _insert(info, "next_meeting", None, after=next(iter(info)))
    _comment(info, "next_meeting", NEXT_MEETING)
    _drop(doc, "imported")
    body = _dump(yaml, doc).rstrip()
    if body.endswith(IMPORTED_HEADER.rstrip()):  # an earlier import's, left by _drop
        body = body.removesuffix(IMPORTED_HEADER.rstrip()).rstrip()
    body += "\n\n" + IMPORTED_HEADER
    imported = CommentedMap(record)
    imported["figures"] = CommentedSeq(record["figures"])
    return body + _dump(yaml, CommentedMap({"imported": imported}))


def _order(section: str) -> list[str]:
    field = Assessment.model_fields[section]
    model = field.annotation
    names = getattr(model, "model_fields", None)
    if names is None:  # Optional[...] sections: take the model out of the union
        for arg in getattr(model, "__args__", ()):
            names = getattr(arg, "model_fields", names)
    return list(names or ())


def _section(doc: CommentedMap, name: str, spaced: bool) -> CommentedMap:
    """The top-level section ``name``, added in the format's order when the file has none
    (``spaced``: with a blank line after it, as the file separates its sections)."""
    found = doc.get(name)
    if isinstance(found, CommentedMap):
        return found
    section = CommentedMap()
    if name in doc:  # written empty, like "program:"
        doc[name] = section
        return section
    order = list(Assessment.model_fields)
    before = [key for key in doc if key in order and order.index(key) < order.index(name)]
    position = list(doc).index(before[-1]) + 1 if before else 0
    doc.insert(position, name, section)
    following = list(doc)[position + 1 : position + 2]
    if following and spaced:
        doc.yaml_set_comment_before_after_key(following[0], before="\n")
    return section


def _set(mapping: CommentedMap, key: str, value: Number | None, order: list[str]) -> None:
    if key in mapping:
        mapping[key] = value
        _fit_comment(mapping, key, value)
        return
    known = [k for k in mapping if k in order and order.index(k) < order.index(key)]
    if not mapping:
        mapping[key] = value
        return
    _insert(mapping, key, value, after=known[-1] if known else None)


def _insert(mapping: CommentedMap, key: str, value: Any, after: str | None) -> None:
    """Add ``key`` after the key ``after`` (first when None); the blank lines and comments
    that followed that key's line now follow the new one."""
    keys = list(mapping)
    position = keys.index(after) + 1 if after is not None else 0
    mapping.insert(position, key, value)
    if after is None or isinstance(mapping[after], CommentedMap | CommentedSeq):
        return
    entry = mapping.ca.items.get(after)
    token = entry[2] if entry else None
    if token is None or "\n" not in token.value:
        return
    head, tail = token.value.split("\n", 1)
    entry[2] = CommentToken(head + "\n", CommentMark(token.column), None)
    if tail:
        mapping.ca.items[key] = [None, None, CommentToken("\n" + tail, CommentMark(0), None), None]


def _comment(mapping: CommentedMap, key: str, text: str) -> None:
    """Put ``# text`` at the end of ``key``'s line (instead of any comment there), keeping the
    blank lines and comment lines that follow it."""
    entry = mapping.ca.items.setdefault(key, [None, None, None, None])
    old = entry[2]
    rest = "\n"
    if old is not None and "\n" in old.value:
        rest = old.value[old.value.index("\n") :]
    column = old.column if old is not None and old.value.startswith("#") else 0
    indent = _indent(mapping, key)
    column = max(column, indent + len(key) + 3)
    entry[2] = CommentToken(f"# {text}{rest}", CommentMark(column), None)


def _indent(mapping: CommentedMap, key: str) -> int:
    try:
        line_col = mapping.lc.key(key)
    except (KeyError, TypeError, AttributeError):
        line_col = None
    if line_col:
        return int(line_col[1])
    others = [mapping.lc.key(k)[1] for k in mapping if k != key and k in mapping.lc.data]
    return int(others[0]) if others else 0


def _fit_comment(mapping: CommentedMap, key: str, value: Number | None) -> None:
    """Keep two spaces before an end-of-line comment when the new value is longer."""
    entry = mapping.ca.items.get(key)
    token = entry[2] if entry else None
    if token is None or not token.value.startswith("#"):
        return
    width = _indent(mapping, key) + len(key) + 2 + len("" if value is None else str(value))
    if token.column < width + 2:
        entry[2] = CommentToken(token.value, CommentMark(width + 2), None)


def _drop(doc: CommentedMap, key: str) -> None:
    """Remove a top-level key (an earlier import's record); the next one keeps a blank line."""
    if key not in doc:
        return
    keys = list(doc)
    position = keys.index(key)
    del doc[key]
    if position < len(keys) - 1:
        doc.yaml_set_comment_before_after_key(keys[position + 1], before="\n")
