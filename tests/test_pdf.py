"""PDF exports: content and nothing internal in the shared plan, paper sizes, hostile notes,
atomic writes, and the build's PDF cache."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, VALID, Project

A4 = (595, 842)
LETTER = (612, 792)


def text_of(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def size_of(path: Path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.fixture(scope="module")
def northwind(shipped_site: Path) -> dict[str, Path]:
    folder = shipped_site / "partners" / "northwind"
    return {kind: folder / f"northwind-{kind}.pdf" for kind in ("plan", "coaching")}


def test_plan_pdf_leads_with_the_answer_and_is_paginated(northwind: dict[str, Path]) -> None:
    plan = northwind["plan"]
    reader = PdfReader(plan)
    assert 5 <= len(reader.pages) <= 10
    assert size_of(plan) == A4
    first = " ".join((reader.pages[0].extract_text() or "").split())
    for fact in ("Northwind IT Solutions", "Gold", "15 October 2026", "Sofia Marin"):
        assert fact in first  # the cover: partner, tier, assessment date, partner manager
    second = " ".join((reader.pages[1].extract_text() or "").split())
    assert "The plan on one page" in second and "Recruit and ramp sellers" in second
    assert "Page 2 of" in second  # running footer
    text = text_of(plan)
    assert "EUR 705k" in text and "EUR 251k" in text


def test_shared_plan_holds_nothing_internal(northwind: dict[str, Path]) -> None:
    text = text_of(northwind["plan"])
    for internal in ("Owner is cautious about hiring", "coaching guide", "Internal:"):
        assert internal not in text, internal
    guide = text_of(northwind["coaching"])
    assert "Owner is cautious about hiring" in guide  # the guide does carry the private notes
    assert "Internal: for the partner manager only" in guide


def test_letter_paper_on_request(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    target = tmp_path / "bh.pdf"
    result = CliRunner().invoke(
        cli, ["-C", str(ROOT), "pdf", "blueharbor", "--paper", "letter", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert size_of(target) == LETTER
    assert "BlueHarbor Systems" in text_of(target)


def test_hostile_notes_print_literally_and_fetch_nothing(project: Project) -> None:
    payload = (
        "<script>alert(1)</script> <link rel=attachment href=file:///etc/passwd> "
        "<img src=http://127.0.0.1:9/x.png> {{ 7*7 }}"
    )
    project.write("acme/2026-09-30.yaml", VALID.replace("Shared context.", f"'{payload}'"))
    result = project.run("pdf", "acme", "-o", str(project.root / "acme.pdf"))
    assert result.exit_code == 0, result.output
    reader = PdfReader(project.root / "acme.pdf")
    assert not reader.attachments  # nothing embedded
    text = text_of(project.root / "acme.pdf")
    assert "<link rel=attachment href=file:///etc/passwd>" in text
    assert "{{ 7*7 }}" in text and "root:x:" not in text


def test_the_fetcher_refuses_every_url(tmp_path: Path) -> None:
    from generator.publish.pdf import render_pdf

    html = (
        '<html><head><link rel="stylesheet" href="file:///etc/hostname"></head><body>'
        '<p>x</p><img src="file:///etc/passwd"><a rel="attachment" href="file:///etc/passwd">a'
        "</a></body></html>"
    )
    refused = render_pdf(html, tmp_path / "x.pdf")
    assert any(url.startswith("file:///etc/passwd") for url in refused), refused
    assert not PdfReader(tmp_path / "x.pdf").attachments


def test_a_failed_render_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    from generator.publish.pdf import render_pdf

    def broken(self: object, target: object, **kwargs: object) -> None:
        target.write(b"%PDF-1.7 partial")  # type: ignore[attr-defined]
        raise RuntimeError("renderer crashed (injected)")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken)
    with pytest.raises(RuntimeError, match="injected"):
        render_pdf("<p>x</p>", tmp_path / "out.pdf")
    assert list(tmp_path.iterdir()) == []


def test_build_caches_pdfs_and_rerenders_only_the_changed_partner(site_project: Project) -> None:
    project = site_project
    project.write("acme/2026-09-30.yaml", VALID)
    project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Systems"))

    def rendered(result_output: str) -> tuple[int, int]:
        found = re.search(r"(\d+) of (\d+) PDFs rendered", result_output)
        assert found, result_output
        return int(found[1]), int(found[2])

    assert rendered(project.run("build").output) == (4, 4)
    site = project.root / "site"
    plan_pdf = site / "partners" / "acme" / "acme-plan.pdf"
    assert plan_pdf.is_file() and "Acme IT" in text_of(plan_pdf)
    plan_page = (site / "partners" / "acme" / "index.html").read_text()
    assert 'href="acme-plan.pdf"' in plan_page  # the download button
    assert rendered(project.run("build").output) == (0, 4)
    project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Systems Group"))
    assert rendered(project.run("build").output) == (2, 4)
    assert "Beta Systems Group" in text_of(site / "partners" / "beta" / "beta-plan.pdf")
    (project.root / "assessments" / "beta" / "2026-09-30.yaml").unlink()
    letter = project.run("build", "--paper", "letter")
    assert rendered(letter.output) == (2, 2)  # the paper is part of a PDF's key
    assert size_of(plan_pdf) == LETTER


def test_plain_mkdocs_build_serves_the_pdfs_made_last(site_project: Project) -> None:
    import subprocess
    import sys

    site_project.write("acme/2026-09-30.yaml", VALID)

    def mkdocs_build(target: str) -> Path:
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", target]
        done = subprocess.run(command, cwd=site_project.root, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return site_project.root / target

    before = mkdocs_build("first")
    page = (before / "partners" / "acme" / "index.html").read_text(encoding="utf-8")
    assert "No PDF of this plan yet" in page and "acme-plan.pdf" not in page
    assert not (before / "partners" / "acme" / "acme-plan.pdf").exists()
    assert site_project.run("build").exit_code == 0  # renders the PDFs
    after = mkdocs_build("second")
    page = (after / "partners" / "acme" / "index.html").read_text(encoding="utf-8")
    assert 'href="acme-plan.pdf"' in page and "No PDF" not in page
    assert "Acme IT" in text_of(after / "partners" / "acme" / "acme-plan.pdf")
