"""The site build: generated pages appear, hostile text stays text, failures leave no trace."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from conftest import VALID, Project

PAYLOAD = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) "
    '{: onclick=alert(4) } {{ 7*7 }} --8<-- "mkdocs.yml" a | b'
)


def built_html(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_build_generates_pages_and_keeps_hostile_text_literal(site_project: Project) -> None:
    hostile = VALID.replace("  name: Acme IT", f"  name: '{PAYLOAD}'")
    site_project.write("acme/2026-09-30.yaml", hostile)
    result = site_project.run("build", "--no-pdf")  # the PDFs: test_pdf.py
    assert result.exit_code == 0, result.output
    pages = built_html(site_project.root / "site")
    assert {"portfolio/index.html", "playbook/rubric/index.html", "playbook/plays/index.html"} <= (
        set(pages)
    )
    cells = re.findall(r'<th class="pp-name" scope="row">(.*?)</th>', pages["portfolio/index.html"])
    link = re.match(r'<a href="\.\./partners/acme/">(.*?)</a>', cells[0])
    assert link, cells[0]
    assert html.unescape(link.group(1)) == PAYLOAD  # the name reads exactly as written
    index = json.loads((site_project.root / "site" / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert {"partners/acme/", "portfolio/"} <= locations
    assert not any(loc.startswith("partners/acme/coaching") for loc in locations)  # internal
    plan = pages["partners/acme/index.html"]
    title = re.search(r"<title>(.*?)</title>", plan)
    assert title and "<" not in html.unescape(title.group(1)), title
    for name, page in pages.items():
        scripts = re.findall(r"<script\b[^>]*>", page)
        theme = ("<script>", '<script id="__config" type="application/json">')
        assert all("src=" in s or s in theme for s in scripts), (name, scripts)
        assert "<script>alert" not in page, name
        assert not re.search(r"<[^>]+\son\w+\s*=", page), name
        assert not re.search(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", page, re.I), name


def test_invalid_assessment_leaves_the_previous_site_untouched(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    assert site_project.run("build", "--no-pdf").exit_code == 0
    site = site_project.root / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    site_project.write("acme/2026-09-30.yaml", VALID.replace("score: 3,", "score: 9,", 1))
    result = site_project.run("build")
    assert result.exit_code == 1
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    leftovers = [p.name for p in site_project.root.iterdir() if p.name.startswith(".site")]
    assert leftovers == []
