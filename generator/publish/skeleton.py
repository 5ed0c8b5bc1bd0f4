"""Partner pages without theming each one: the theme's page, rendered once per shape, filled in.

The theme (Material) renders a page from its title, table of contents and body, and from what
every page shares: the navigation, header, footer and scripts. Partner pages are left out of
the navigation and sit at the same depths, so all pages of one *shape* (URL depth, hidden table
of contents, whether there is one, whether the body brings its own <h1>) differ only in those
three things. mkdocs themes one page per shape with markers in their place; every other page of
that shape is the marked page with the markers replaced, byte for byte what the theme would
have written (tests/test_skeleton.py builds both ways and compares every file). Theming
each page is most of a stock mkdocs build's time; this is a few string joins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..render.pages import HtmlPage, TocEntry

# Markers no page can contain: titles are plain text and bodies come from our templates.
TITLE = "pp-skeleton-title-4f1c9"
BODY = "pp-skeleton-body-4f1c9"
ANCHOR = "pp-skeleton-anchor-4f1c9"
_SLOTS = re.compile(f"({TITLE}|(?:<h1>)?{BODY}|#{ANCHOR})")

Shape = tuple[int, bool, bool, bool]


def shape(dest_uri: str, page: HtmlPage) -> Shape:
    """What decides the theme's frame around a page (see the module's docstring)."""
    return (dest_uri.count("/"), page.hide_toc, bool(page.toc), page.own_h1)


def shape_key(form: Shape) -> str:
    """A shape as a key of the build cache's record."""
    return ",".join(str(int(part)) for part in form)


def parse_shape_key(key: str) -> Shape:
    """The shape a :func:`shape_key` names."""
    depth, hide, toc, h1 = (int(part) for part in key.split(","))
    return (depth, bool(hide), bool(toc), bool(h1))


def marked(page: HtmlPage) -> HtmlPage:
    """The stand-in a shape's page is themed with: markers for title, anchors and body."""
    toc = (TocEntry(2, ANCHOR, "marker"),) if page.toc else ()
    body = ("<h1>" if page.own_h1 else "") + BODY
    return HtmlPage(TITLE, body, toc, "", page.hide_toc, page.own_h1)


@dataclass(frozen=True)
class Skeleton:
    """A themed marked page cut at its markers: text, slot, text, slot, ... text."""

    parts: tuple[str, ...]  # the fixed text around the slots
    slots: tuple[str, ...]  # "title", "body", "anchor" or "toc", between the parts

    @classmethod
    def cut(cls, output: str, toc_html: str) -> Skeleton:
        """Cut the theme's output for a marked page; ``toc_html`` is its table of contents as
        the theme rendered it (exactly once in the page)."""
        if output.count(toc_html) != 1:
            raise ValueError("the theme's table of contents is not in the page exactly once")
        before, after = output.split(toc_html)
        parts: list[str] = []
        slots: list[str] = []
        for index, text in enumerate((before, after)):
            pieces = _SLOTS.split(text)
            for n, piece in enumerate(pieces):
                if n % 2 == 0:
                    if n == 0 and index == 1:
                        parts[-1] += piece  # continues the text after the toc slot
                    else:
                        parts.append(piece)
                else:
                    slots.append(
                        "title" if piece == TITLE else "anchor" if piece.startswith("#") else "body"
                    )
            if index == 0:
                slots.append("toc")
                parts.append("")
        if slots.count("body") != 1:
            raise ValueError("the page body is not in the themed page exactly once")
        return cls(tuple(parts), tuple(slots))

    def fill(self, page: HtmlPage, body: str, toc_html: str) -> str:
        """The page as the theme writes it, from its title, body and rendered toc."""
        values = {
            "title": page.title,
            "body": body,
            "anchor": "#" + page.toc[0].id if page.toc else "",
            "toc": toc_html,
        }
        out = [self.parts[0]]
        for slot, text in zip(self.slots, self.parts[1:], strict=True):
            out.append(values[slot])
            out.append(text)
        return "".join(out)
