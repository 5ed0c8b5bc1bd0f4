"""Tables that read on a phone: each cell carries its column's heading.

On a narrow screen the stylesheets show a ``pp-stack`` table row by row, each cell under its
column's heading (taken from ``data-label``), instead of a table wider than the screen that
scrolls sideways. The markup is the templates' own, with every value already escaped, so a
cell's opening tag can only be one the template wrote.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_HEADING = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_BODY_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CELL = re.compile(r"<(td|th)\b")
_TAG = re.compile(r"<[^>]+>")


def labelled(table: str) -> Markup:
    """``table`` (one table's rows: a ``thead`` and body rows) with ``data-label`` on every
    body cell whose column has a heading."""
    markup = str.__str__(table)  # plain text: Markup would escape what is added to it
    head = _HEAD.search(markup)
    if head is None:
        return Markup(markup)
    labels = [html.unescape(_TAG.sub("", h)).strip() for h in _HEADING.findall(head.group(1))]
    before, after = markup[: head.end()], markup[head.end() :]
    return Markup(before + _BODY_ROW.sub(lambda row: _label_row(row.group(0), labels), after))


def _label_row(row: str, labels: list[str]) -> str:
    column = 0

    def label(cell: re.Match[str]) -> str:
        nonlocal column
        text = labels[column] if column < len(labels) else ""
        column += 1
        return f'{cell.group(0)} data-label="{escape(text)}"' if text else cell.group(0)

    return _CELL.sub(label, row)
