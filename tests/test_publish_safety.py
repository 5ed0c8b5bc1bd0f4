"""Safe to publish and to run anywhere: a guarded site folder, one build at a time, published
files readable by a web server, a cache and a previous site that are checked before reuse,
clean errors, and a partner bundle that holds nothing internal."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from conftest import VALID, Project
from generator.publish.outdir import MARKER, build_lock

SITE_FILES = ("index.html", "portfolio/index.html", "partners/acme/index.html")


def snapshot(folder: Path) -> dict[str, bytes]:
    skip = (".playbook-cache", ".venv")
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not any(part in skip for part in p.relative_to(folder).parts)
    }


# --- the site folder --------------------------------------------------------------------------


@pytest.mark.parametrize("where", [".", "..", "content", "assessments", "mine", "content/x"])
def test_a_site_dir_that_is_not_ours_is_refused_and_nothing_moves(
    site_project: Project, where: str
) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    mine = site_project.root / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    parent = site_project.root.parent
    before = snapshot(site_project.root), sorted(p.name for p in parent.iterdir())
    result = site_project.run("build", "--no-pdf", "--site-dir", where)
    assert result.exit_code == 1, result.output
    assert "refusing" in result.stderr and "Traceback" not in result.output
    assert (snapshot(site_project.root), sorted(p.name for p in parent.iterdir())) == before


def test_the_home_folder_is_refused(
    site_project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = tmp_path_factory.mktemp("home")
    (home / "notes.txt").write_text("keep me")
    monkeypatch.setenv("HOME", str(home))
    site_project.write("acme/2026-09-30.yaml", VALID)
    result = site_project.run("build", "--no-pdf", "--site-dir", str(home))
    assert result.exit_code == 1 and "home folder" in result.stderr
    assert (home / "notes.txt").read_text() == "keep me"


def test_a_new_or_empty_folder_is_used_and_marked(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    (site_project.root / "empty").mkdir()
    for where in ("empty", "brand/new"):
        result = site_project.run("build", "--no-pdf", "--site-dir", where)
        assert result.exit_code == 0, result.output
        site = site_project.root / where
        assert (site / MARKER).is_file() and (site / "partners/acme/index.html").is_file()
    again = site_project.run("build", "--no-pdf", "--site-dir", "empty")  # marked: ours now
    assert again.exit_code == 0, again.output


def test_a_site_from_before_the_marker_is_adopted_once(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    assert site_project.run("build", "--no-pdf").exit_code == 0
    site = site_project.root / "site"
    (site / MARKER).unlink()  # as an older version left it
    result = site_project.run("build", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert (site / MARKER).is_file()


def test_published_files_are_readable_under_the_umask(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    old = os.umask(0o022)
    try:
        assert site_project.run("build").exit_code == 0
        out = site_project.root / "exported"
        out.mkdir()
        assert site_project.run("pdf", "acme", "-o", str(out / "acme.pdf")).exit_code == 0
    finally:
        os.umask(old)
    site = site_project.root / "site"
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    for path in (
        site / "partners/acme/acme-plan.pdf",
        site / "partners/acme/index.html",
        out / "acme.pdf",
    ):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_leftovers_of_killed_builds_are_swept_but_nothing_else(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    root = site_project.root
    for name in (".site.building-a1", ".site.old-b2"):
        (root / name).mkdir()
        (root / name / MARKER).write_text('{"made_by": "partner-playbook"}')
    (root / ".site.building-notours").mkdir()
    (root / ".site.building-notours" / "data.txt").write_text("not ours")
    assert site_project.run("build", "--no-pdf").exit_code == 0
    left = sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))
    assert left == [".site.building-notours"]


def test_a_kill_between_the_two_renames_is_healed_by_the_next_build(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    assert site_project.run("build", "--no-pdf").exit_code == 0
    root = site_project.root
    (root / "site").rename(root / ".site.old-killed")  # as a kill after the first rename leaves it
    from generator.publish.outdir import sweep

    sweep(root / "site")
    assert (root / "site" / "partners/acme/index.html").is_file()
    assert not (root / ".site.old-killed").exists()


def test_a_second_build_at_the_same_time_is_told_who_holds_the_lock(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    with build_lock(site_project.root / ".playbook-cache"):
        result = site_project.run("build", "--no-pdf")
    assert result.exit_code == 1
    assert f"another build of this project is running (process {os.getpid()})" in result.stderr
    assert site_project.run("build", "--no-pdf").exit_code == 0  # released


# --- reuse only what still checks out -----------------------------------------------------------


def test_a_damaged_cached_pdf_is_rendered_again_not_published(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    assert site_project.run("build").exit_code == 0
    cached = sorted((site_project.root / ".playbook-cache" / "pdf").glob("*.pdf"))
    assert len(cached) == 2
    for pdf in cached:
        pdf.write_bytes(pdf.read_bytes()[:200])  # truncated
    result = site_project.run("build")
    assert "2 of 2 PDFs rendered" in result.output, result.output
    for pdf in (site_project.root / "site" / "partners" / "acme").glob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf


def test_a_damaged_file_in_the_old_site_is_not_carried_into_the_new_one(
    site_project: Project,
) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Ltd"))
    assert site_project.run("build", "--no-pdf").exit_code == 0
    page = site_project.root / "site" / "partners" / "acme" / "index.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Acme IT", b"Acme EVIL", 1))  # same inode as a later link
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Group"))
    result = site_project.run("build", "--no-pdf")
    assert "(1 rendered, 1 unchanged" in result.output, result.output
    assert b"Acme EVIL" not in page.read_bytes()
    assert page.read_bytes() == good


def test_the_cache_holds_data_not_code(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    assert site_project.run("build").exit_code == 0
    files = [p for p in (site_project.root / ".playbook-cache").rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert kinds <= {".json", ".msgpack", ".pdf", ".lock"}, kinds
    for path in files:
        assert not path.read_bytes().startswith(b"\x80"), path  # no pickle protocol header
    # The model's YAML as parsed: plain data in MessagePack (no extension types), after the
    # same header line as every entry.
    (packed,) = [p for p in files if p.suffix == ".msgpack"]
    _, _, payload = packed.read_bytes().partition(b"\n")
    assert _plain(msgspec.msgpack.decode(payload))


def _plain(value: object) -> bool:
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


# --- clean errors ---------------------------------------------------------------------------------


def test_a_broken_template_override_is_a_located_error(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    templates = site_project.root / "content" / "model" / "templates"
    templates.mkdir()
    (templates / "plan.html.j2").write_text("<h1>{{ doc.partner }</h1>\n")
    result = site_project.run("build", "--no-pdf")
    assert result.exit_code == 1
    assert "plan.html.j2:1: template error: unexpected '}'" in result.stderr
    assert "Traceback" not in result.output


def test_a_file_system_error_names_the_path(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    (site_project.root / "afile").write_text("x")
    result = site_project.run("build", "--no-pdf", "--site-dir", "afile/site")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(str(site_project.root / "afile") + ":"), result.stderr


def test_plain_mkdocs_build_is_atomic_quiet_and_guarded(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build"]
    first = subprocess.run(command, cwd=site_project.root, capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    assert "not included in the" not in first.stderr  # no line per partner page
    site = site_project.root / "site"
    before = snapshot(site)
    site_project.write("acme/2026-09-30.yaml", VALID.replace("score: 3,", "score: 9,", 1))
    failed = subprocess.run(command, cwd=site_project.root, capture_output=True, text=True, env=env)
    assert failed.returncode != 0
    assert snapshot(site) == before  # mkdocs alone would have emptied it
    assert not [p for p in site_project.root.iterdir() if p.name.startswith(".site.")]


# --- the partner bundle ---------------------------------------------------------------------------

CANARY = "CANARY-INTERNAL"


def canaried() -> str:
    text = VALID.replace("  notes: Private view.", f"  notes: {CANARY}-notes")
    text = text.replace(
        "internal:\n",
        f"internal:\n  relationship: {CANARY}-relationship\n"
        f"  capability_comments: {{presales: {CANARY}-comment}}\n",
    )
    return text


def test_the_partner_bundle_holds_only_this_partners_plan(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", canaried())
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Ltd"))
    assert site_project.run("build").exit_code == 0
    site = site_project.root / "site"
    bundle = site / "share" / "acme"
    names = sorted(p.name for p in bundle.iterdir())
    assert names == ["acme-cadence.ics", "acme-plan.html", "acme-plan.pdf"]
    assert CANARY not in (bundle / "acme-cadence.ics").read_text(encoding="utf-8")
    page = (bundle / "acme-plan.html").read_text(encoding="utf-8")
    assert "Acme IT: business-development plan" in page
    for forbidden in (CANARY, "Beta Ltd", "beta", "coaching/", "guide", "portfolio", "playbook/"):
        assert forbidden not in page, forbidden
    links = re.findall(r'(?:href|src)="([^"]*)"', page)
    own = ("acme-plan.pdf", "acme-cadence.ics")
    assert links and all(link.startswith("#") or link in own for link in links), links
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(?!#|data:)", page)  # no external resource in CSS
    plan = (site / "partners" / "acme" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../share/acme/acme-plan.html">Present to the partner' in plan


def test_playbook_share_writes_the_bundle(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", canaried())
    out = site_project.root / "for-acme"
    result = site_project.run("share", "acme", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "acme-cadence.ics",
        "acme-plan.html",
        "acme-plan.pdf",
    ]
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(out / "acme-plan.pdf").pages)
    assert "Acme IT" in text and CANARY not in text
    assert CANARY not in (out / "acme-plan.html").read_text(encoding="utf-8")
    inside = site_project.run("share", "acme", "-o", "assessments/acme")
    assert inside.exit_code == 1 and "which the build reads" in inside.stderr


def test_without_pdfs_the_bundle_says_the_pdf_is_not_ready(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    assert site_project.run("build", "--no-pdf").exit_code == 0
    page = (site_project.root / "site/share/acme/acme-plan.html").read_text(encoding="utf-8")
    assert "The PDF of this plan is not ready yet." in page and "acme-plan.pdf" not in page
    assert site_project.run("build").exit_code == 0  # the PDFs exist now: the link is back
    page = (site_project.root / "site/share/acme/acme-plan.html").read_text(encoding="utf-8")
    assert 'href="acme-plan.pdf"' in page
    plan = (site_project.root / "site/partners/acme/index.html").read_text(encoding="utf-8")
    assert 'href="acme-plan.pdf"' in plan and "No PDF" not in plan


def test_a_tampered_cache_entry_is_not_used(site_project: Project) -> None:
    import json

    site_project.write("acme/2026-09-30.yaml", VALID)
    assert site_project.run("build", "--no-pdf").exit_code == 0
    entry = site_project.root / ".playbook-cache" / "partners" / "acme.json"
    header, payload = entry.read_bytes().split(b"\n", 1)
    assert json.loads(header)["hash"]  # a header line with the hash, then the JSON itself
    entry.write_bytes(header + b"\n" + payload.replace(b"Acme IT", b"Acme EVIL"))
    (site_project.root / "site" / "partners" / "acme" / "index.html").unlink()  # must re-render
    assert site_project.run("build", "--no-pdf").exit_code == 0
    page = (site_project.root / "site/partners/acme/index.html").read_text(encoding="utf-8")
    assert "Acme IT" in page and "Acme EVIL" not in page


def test_the_themes_end_of_life_notice_is_shown_once(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    first = site_project.run("build", "--no-pdf")
    assert "end of life on 5 May 2027" in first.stderr
    second = site_project.run("build", "--no-pdf")
    assert "end of life" not in second.stderr
