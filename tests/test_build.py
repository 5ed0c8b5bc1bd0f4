"""The site build as a whole: atomic on failure, incremental builds equal full builds, and
hostile text in every free-text field stays text in every built file."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import VALID, Project

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[x](javascript:alert(3))",
    "{: onclick=alert(4) }",
    '<div markdown="1" onclick="alert(5)">x</div>',
    '--8<-- "mkdocs.yml"',
    "{{ 7*7 }} {% if true %}x{% endif %}",
    "a | b | c",
)
HOSTILE = " ".join(PAYLOADS)
SHORT = " ".join(PAYLOADS[:3])  # names are at most 200 characters


class Markup(HTMLParser):
    """Every element and attribute a file really has (text inside attributes is not markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []  # inline script bodies
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def hostile_assessment() -> str:
    q, short = quoted(HOSTILE), quoted(SHORT)
    text = VALID.replace("  name: Acme IT", f"  name: {short}")
    text = text.replace("  partner_manager: Dana Whitfield", f"  partner_manager: {short}")
    text = text.replace("{score: 3, evidence: weekly review}", f"{{score: 2, evidence: {q}}}")
    text = text.replace(
        "notes: Shared context.", f"notes: {quoted(HOSTILE + chr(10) * 2 + '# Heading')}"
    )
    text = text.replace(
        "  notes: Private view.",
        f"  notes: {q}\n  relationship: {q}\n  capability_comments:\n    forecasting: {q}",
    )
    goals = f"goals:\n  target_revenue: 450000\n  mutual:\n    - goal: {q}\n      owner: {short}\n"
    goals += f"      measure: {q}\n  partner_own: [{q}]\n"
    return text.replace("goals:\n  target_revenue: 450000\n", goals)


def test_hostile_text_everywhere_stays_text_in_every_built_file(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", hostile_assessment())
    result = site_project.run("build", "--no-pdf")  # the PDFs: test_pdf.py
    assert result.exit_code == 0, result.output
    files = tree(site_project.root / "site")
    for name, data in files.items():
        if not name.endswith((".html", ".svg", ".json", ".xml")):
            continue
        text = data.decode("utf-8")
        assert "alert(1)</script>" not in text, name
        markup = Markup()
        markup.feed(text)
        for script in markup.scripts:  # the theme's own small inline scripts only
            assert "alert" not in script and "7*7" not in script, (name, script[:200])
        for tag, attribute, value in markup.attributes:
            assert not attribute.startswith("on"), (name, tag, attribute)
            if attribute in ("href", "src", "action"):
                assert not value.strip().lower().startswith("javascript:"), (name, tag, value)
        assert "Heading</h1>" not in text and "Heading</h2>" not in text, name
    plan = files["partners/acme/index.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in plan
    guide = files["partners/acme/coaching/index.html"].decode()
    assert guide.count("&lt;img src=x onerror=alert(2)&gt;") >= 4  # notes, relationship, ...
    assert "mkdocs.yml&#34;" in plan or "mkdocs.yml&quot;" in plan or 'mkdocs.yml"' in plan


def test_a_failure_inside_mkdocs_leaves_the_previous_site_untouched(
    site_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    assert site_project.run("build").exit_code == 0
    site = site_project.root / "site"
    before = tree(site)
    import mkdocs.commands.build as mkdocs_build

    real = mkdocs_build._build_page
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] > 3:  # some pages are written by then
            raise OSError("disk full (injected)")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(mkdocs_build, "_build_page", failing)
    site_project.write("acme/2026-09-30.yaml", VALID.replace("Shared context.", "Changed."))
    failed = site_project.run("build", "--no-pdf")  # the site built before has its PDFs
    assert failed.exit_code == 1 and "disk full (injected)" in failed.stderr
    assert calls["n"] > 3
    assert tree(site) == before
    leftovers = [p.name for p in site_project.root.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_an_incremental_build_equals_a_full_build(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Systems"))
    site_project.write("gamma/2026-09-30.yaml", VALID.replace("Acme IT", "Gamma Ltd"))
    first = site_project.run("build", "--no-pdf")
    assert "(3 rendered, 0 unchanged;" in first.output, first.output
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Systems Group"))
    (site_project.root / "assessments" / "gamma" / "2026-09-30.yaml").unlink()
    (site_project.root / "assessments" / "gamma").rmdir()
    second = site_project.run("build", "--no-pdf")
    assert "(1 rendered, 1 unchanged;" in second.output, second.output
    incremental = tree(site_project.root / "site")
    assert not any(name.startswith(("partners/gamma/", "share/gamma/")) for name in incremental)
    shutil.rmtree(site_project.root / ".playbook-cache")
    third = site_project.run("build", "--no-pdf", "--site-dir", str(site_project.root / "full"))
    assert "(2 rendered, 0 unchanged;" in third.output, third.output
    full = tree(site_project.root / "full")
    assert incremental.keys() == full.keys()
    differing = [name for name in full if full[name] != incremental[name]]
    assert differing == [], differing


def test_an_unchanged_rebuild_renders_nothing_and_changes_nothing(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    assert site_project.run("build").exit_code == 0
    before = tree(site_project.root / "site")
    again = site_project.run("build")
    assert "(0 rendered, 1 unchanged;" in again.output, again.output
    assert tree(site_project.root / "site") == before


def test_internal_notes_reach_the_guide_and_nothing_else(site_project: Project) -> None:
    secret = "Sponsor is the CFO; owner distrusts vendor promises"
    text = VALID.replace("  notes: Private view.", f"  notes: {secret}\n  relationship: {secret}")
    text = text.replace(
        "internal:\n", f"internal:\n  capability_comments: {{presales: {secret}}}\n"
    )
    site_project.write("acme/2026-09-30.yaml", text)
    assert site_project.run("build", "--no-pdf").exit_code == 0
    files = tree(site_project.root / "site")
    holding = sorted(name for name, data in files.items() if secret.encode() in data)
    assert holding == ["partners/acme/coaching/index.html"]
