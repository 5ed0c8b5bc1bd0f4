"""The theme's page around a generated common page (the portfolio's, the figures page), kept by
one build for the next to fill without mkdocs (patch.py).

The theme writes a page from its title, its body, its table of contents (in the side bar, and
again in the navigation for a page that is in it) and what every page shares. A frame is that
page cut at its body and at each copy of its table of contents; a later build fills in the new
body and the table of contents rendered from the new headings, the way the theme renders it
(tests/test_patch.py compares with mkdocs). The frame holds while the title, the layout and the
first heading (the theme's "skip to content" link) stay the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from jinja2 import Environment, Template
from mkdocs.structure.toc import get_toc

from ..render.pages import HtmlPage, TocEntry
from .buildcache import content_hash

# The theme's table of contents alone, with what Material's base.html sets up before including
# it; what it renders is checked against whole themed pages (tests/test_skeleton.py).
TOC_TEMPLATE = (
    '{% import "partials/language.html" as lang with context %}'
    "{% set features = config.theme.features or [] %}"
    '{% include "partials/toc.html" %}'
)


def toc_tokens(entries: tuple[TocEntry, ...]) -> list[Any]:
    """A table of contents as mkdocs' toc tokens: h3 under the h2 before it."""
    tokens: list[dict[str, Any]] = []
    for entry in entries:
        token = {"level": entry.level, "id": entry.id, "name": entry.name, "children": []}
        if entry.level > 2 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def toc_key(entries: tuple[TocEntry, ...]) -> str:
    """Headings as a key of the tables of contents rendered from them (the theme's rendering
    reads nothing else of the page, so a partner's and a portfolio page's share the key)."""
    return json.dumps([[entry.level, entry.id, entry.name] for entry in entries])


class TocRenderer:
    """The theme's table of contents for a list of headings, without a themed page: the
    template reads only the configuration and the page's headings."""

    def __init__(self, env: Callable[[], Environment], config: Callable[[], Any]) -> None:
        self._env, self._config = env, config  # both loaded when a toc is first rendered
        self._template: Template | None = None

    def __call__(self, entries: tuple[TocEntry, ...]) -> str:
        if self._template is None:
            self._template = self._env().from_string(TOC_TEMPLATE)
        page = SimpleNamespace(toc=get_toc(toc_tokens(entries)))
        return self._template.render({"config": self._config(), "page": page})


@dataclass(frozen=True)
class Frame:
    """A themed common page cut at its body and its tables of contents."""

    key: str  # frame_key of the page it was cut from
    parts: tuple[str, ...]  # the fixed text around the slots
    slots: tuple[str, ...]  # "body" or "toc", between the parts

    def fill(self, body: str, toc: str) -> str:
        values = {"body": body, "toc": toc}
        out = [self.parts[0]]
        for slot, text in zip(self.slots, self.parts[1:], strict=True):
            out += [values[slot], text]
        return "".join(out)


def frame_key(page: HtmlPage) -> str:
    """What the frame around a page depends on besides its body and headings."""
    first = page.toc[0].id if page.toc else ""
    return content_hash(json.dumps([page.title, page.hide_toc, page.own_h1, first]))


def cut_frame(output: str, body: str, toc: str, page: HtmlPage) -> Frame | None:
    """The theme's ``output`` for ``page`` cut at its ``body`` (which must be in it once) and
    at each copy of its rendered table of contents ``toc``; None when it cannot be."""
    if not body or output.count(body) != 1:
        return None
    parts, slots = [""], []
    before, after = output.split(body)
    for index, text in enumerate((before, after)):
        if index:
            slots.append("body")
            parts.append("")
        pieces = text.split(toc) if toc else [text]
        parts[-1] += pieces[0]
        for piece in pieces[1:]:
            slots.append("toc")
            parts.append(piece)
    return Frame(frame_key(page), tuple(parts), tuple(slots))
