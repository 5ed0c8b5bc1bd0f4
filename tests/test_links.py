"""No broken link anywhere in the built site: every page, asset, PDF and #fragment a page
points at exists (the site built once from the shipped examples)."""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

SKIPPED_SCHEMES = {"http", "https", "mailto", "data", "javascript", "tel"}


class Links(HTMLParser):
    """The links (href, src) and the ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (name == "href" and tag in {"a", "link", "area"}) or (
                name == "src" and tag in {"img", "script", "iframe"}
            ):
                self.links.append(value)


@cache
def parsed(path: Path) -> Links:
    page = Links()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target_of(site: Path, page: Path, link: str) -> tuple[Path | None, str]:
    """The file a relative link resolves to (None when it leaves the site) and its fragment."""
    parts = urlsplit(link)
    if not parts.path:
        return page, unquote(parts.fragment)
    base = PurePosixPath(page.relative_to(site).as_posix()).parent
    resolved: list[str] = []
    for piece in (base / unquote(parts.path)).parts:
        if piece == "..":
            if not resolved:
                return None, ""
            resolved.pop()
        elif piece != ".":
            resolved.append(piece)
    target = site.joinpath(*resolved)
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue  # served at any depth: its links are absolute to the site root
        for link in parsed(page).links:
            if urlsplit(link).scheme in SKIPPED_SCHEMES or link.startswith("//"):
                continue
            where = f"{page.relative_to(site)}: {link}"
            target, fragment = target_of(site, page, link)
            if target is None:
                problems.append(f"{where} leaves the site")
            elif not target.is_file():
                problems.append(f"{where} points at a missing file")
            elif fragment and target.suffix == ".html" and fragment not in parsed(target).ids:
                problems.append(f"{where} points at a missing #{fragment}")
    return problems


def test_the_checker_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h1 id="top">A</h1><a href="../b/">b</a><a href="#top">ok</a><a href="#nope">x</a>'
        '<a href="../missing.pdf">pdf</a><a href="../../out/">out</a>'
    )
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<a href="../a/#top">a</a><a href="../a/#gone">')
    problems = broken_links(tmp_path)
    assert len(problems) == 4, problems
    assert any("#nope" in p for p in problems) and any("#gone" in p for p in problems)
    assert any("missing.pdf" in p for p in problems) and any("leaves" in p for p in problems)


def test_no_link_in_the_site_is_broken(shipped_site: Path) -> None:
    pages = list(shipped_site.rglob("*.html"))
    assert len(pages) > 20
    assert broken_links(shipped_site) == []


@pytest.mark.parametrize("kind", ["plan", "coaching"])
def test_every_partner_page_links_its_pdf(shipped_site: Path, kind: str) -> None:
    for folder in sorted((shipped_site / "partners").iterdir()):
        page = folder / ("index.html" if kind == "plan" else "coaching/index.html")
        pdf = f"{folder.name}-{kind}.pdf"
        links = parsed(page).links
        assert any(link.endswith(pdf) for link in links), page
        assert (folder / pdf).is_file()
