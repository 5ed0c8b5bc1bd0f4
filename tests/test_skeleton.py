"""The fast site build writes what the slow one writes, byte for byte.

Partner pages are filled into one themed page per shape (publish/skeleton.py), rendered and
written on every core (publish/partners.py, writer.py, workers.py). These tests build the
shipped examples three ways: the theme rendering every partner page in this process (the
reference), skeletons in this process, and skeletons with the partners rendered and written by
forked workers; every file of the three sites must be identical.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import generator.publish.partners as partners
import generator.publish.writer as writer
from conftest import AS_OF, copy_project
from generator.build import build
from generator.publish.buildcache import CACHE_DIR
from generator.publish.skeleton import BODY, TITLE, Skeleton, marked, shape
from generator.render.pages import HtmlPage, TocEntry

pytestmark = pytest.mark.slow


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_skeletons_and_workers_write_what_the_theme_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_project(tmp_path / "project")
    day = dt.date.fromisoformat(AS_OF)
    sites: dict[str, dict[str, bytes]] = {}
    for way in ("themed", "skeleton", "workers"):
        shutil.rmtree(root / CACHE_DIR, ignore_errors=True)  # every way renders every partner
        monkeypatch.setattr(partners, "PARALLEL_FROM", 1 if way == "workers" else 10_000)
        monkeypatch.setattr(writer, "_PARALLEL_FROM", 1 if way == "workers" else 10_000)
        report = build(root, site_dir=root / way, pdf=False, as_of=day, skeleton=way != "themed")
        assert report.rendered == report.partners == 10
        sites[way] = tree(root / way)
    reference = sites.pop("themed")
    pages = [name for name in reference if name.startswith("partners/")]
    assert len(pages) >= 20  # a plan and a guide per partner, at least
    for way, site in sites.items():
        assert site.keys() == reference.keys(), way
        differing = sorted(name for name in reference if site[name] != reference[name])
        assert differing == [], f"{way}: {differing}"
        assert not any(TITLE.encode() in data or BODY.encode() in data for data in site.values())


def test_a_skeleton_is_cut_at_its_markers_and_filled_back() -> None:
    page = HtmlPage("Acme - plan", '<h2 id="a">A</h2><p>x</p>', (TocEntry(2, "a", "A"),), "")
    stand_in = marked(page)
    themed = (
        f'<title>{stand_in.title} - Site</title><a href="#{stand_in.toc[0].id}">skip</a>'
        f"<nav>TOC</nav><h1>{stand_in.title}</h1>{stand_in.body}<footer/>"
    )
    skeleton = Skeleton.cut(themed, "<nav>TOC</nav>")
    filled = skeleton.fill(page, page.body, "<nav>real toc</nav>")
    assert filled == (
        '<title>Acme - plan - Site</title><a href="#a">skip</a><nav>real toc</nav>'
        '<h1>Acme - plan</h1><h2 id="a">A</h2><p>x</p><footer/>'
    )
    with pytest.raises(ValueError, match="exactly once"):
        Skeleton.cut(themed + "<nav>TOC</nav>", "<nav>TOC</nav>")


def test_pages_of_a_different_frame_get_a_different_shape() -> None:
    plain = HtmlPage("T", "<p>x</p>", (), "")
    with_toc = HtmlPage("T", '<h2 id="a">A</h2>', (TocEntry(2, "a", "A"),), "")
    own_h1 = HtmlPage("T", "<h1>T</h1>", (), "", own_h1=True)
    hidden = HtmlPage("T", "<p>x</p>", (), "", hide_toc=True)
    shapes = {
        shape("partners/a/index.html", plain),
        shape("partners/a/coaching/index.html", plain),
        shape("partners/a/index.html", with_toc),
        shape("partners/a/index.html", own_h1),
        shape("partners/a/index.html", hidden),
    }
    assert len(shapes) == 5
    assert shape("partners/a/index.html", plain) == shape("partners/b/index.html", plain)
