"""A rebuild after partner data changed patches the previous site without mkdocs
(generator/publish/patch.py): byte for byte what a full build writes, and left to mkdocs
whenever a file only the theme makes is damaged or the pages are not the same set."""

from __future__ import annotations

import datetime as dt
import html
import shutil
from pathlib import Path

import pytest

from conftest import VALID, Project
from generator.build import BuildReport, build
from generator.errors import UserError
from generator.workers import Background

DAY = dt.date(2026, 11, 30)


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def rebuild(project: Project, pdf: bool = False, site: Path | None = None) -> BuildReport:
    return build(project.root, pdf=pdf, as_of=DAY, site_dir=site)


def two_partners(project: Project) -> None:
    project.write("acme/2026-09-30.yaml", VALID)
    project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Ltd"))


def from_scratch(project: Project, pdf: bool = False) -> tuple[BuildReport, dict[str, bytes]]:
    """A build with nothing cached (but the PDFs, with ``pdf``: rendered alike) into full/,
    and its files: what a patched site must equal."""
    cache = project.root / ".playbook-cache"
    if pdf:
        for name in ("manifest.json", "heads.json", "charts.json"):
            (cache / name).unlink()
        shutil.rmtree(cache / "partners")
    else:
        shutil.rmtree(cache)
    report = rebuild(project, pdf=pdf, site=project.root / "full")
    return report, tree(project.root / "full")


def assert_same(patched: dict[str, bytes], reference: dict[str, bytes]) -> None:
    assert patched.keys() == reference.keys()
    assert [name for name in reference if reference[name] != patched[name]] == []


def test_a_patched_rebuild_equals_a_full_build_pdfs_included(site_project: Project) -> None:
    two_partners(site_project)
    first = rebuild(site_project, pdf=True)
    assert not first.patched and first.rendered == 2
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Group"))
    second = rebuild(site_project, pdf=True)
    assert second.patched and second.rendered == 1 and second.pdfs_rendered == 2
    patched = tree(site_project.root / "site")
    assert b"Beta Group" in patched["partners/beta/index.html"]
    assert b"Beta Group" in patched["portfolio/index.html"]
    full, reference = from_scratch(site_project, pdf=True)
    assert not full.patched and full.rendered == 2 and full.pdfs_rendered == 0
    assert_same(patched, reference)


def test_an_unchanged_rebuild_is_a_patch_that_writes_nothing_new(site_project: Project) -> None:
    two_partners(site_project)
    rebuild(site_project)
    site = site_project.root / "site"
    inodes = {p: p.stat().st_ino for p in site.rglob("*") if p.is_file() and p.name[0] != "."}
    again = rebuild(site_project)
    assert again.patched and again.rendered == 0
    assert {p: p.stat().st_ino for p in inodes} == inodes  # every file lent, none rewritten


def test_a_damaged_theme_file_sends_the_rebuild_to_mkdocs(site_project: Project) -> None:
    two_partners(site_project)
    rebuild(site_project)
    site = site_project.root / "site"
    sheet = next((site / "assets" / "stylesheets").glob("main.*.css"))
    good = sheet.read_bytes()
    sheet.write_bytes(b"body{display:none}")
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Group"))
    again = rebuild(site_project)
    assert not again.patched and again.rendered == 1
    assert sheet.read_bytes() == good


def test_a_damaged_partner_page_is_written_again_by_the_patch(site_project: Project) -> None:
    two_partners(site_project)
    rebuild(site_project)
    page = site_project.root / "site" / "partners" / "acme" / "index.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Acme IT", b"Acme EVIL", 1))
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Group"))
    again = rebuild(site_project)
    assert again.patched and again.rendered == 1
    assert page.read_bytes() == good


def test_a_new_partner_or_new_content_is_built_by_mkdocs(site_project: Project) -> None:
    two_partners(site_project)
    rebuild(site_project)
    said = site_project.run("build", "--no-pdf").output
    assert "unchanged files reused from the last site" in said, said
    site_project.write("gamma/2026-09-30.yaml", VALID.replace("Acme IT", "Gamma Ltd"))
    assert not rebuild(site_project).patched  # a new page: the theme's navigation may change
    assert rebuild(site_project).patched
    index = site_project.root / "content" / "index.md"
    index.write_text(index.read_text() + "\nOne more line.\n")
    assert not rebuild(site_project).patched
    assert "One more line." in (site_project.root / "site" / "index.html").read_text()


def test_the_cache_codec_writes_and_reads_what_pydantic_does(shipped_site: Path) -> None:
    from pydantic import TypeAdapter

    from generator.publish.buildcache import BuildCache
    from generator.publish.partners import HEADS
    from generator.render.pages import HtmlPage
    from generator.render.portfolio import PortfolioEntry

    cache = BuildCache.for_project(shipped_site.parent)
    heads = cache.read("heads.json", HEADS)
    assert heads is not None and len(heads) == 10
    again = HEADS.validate_json(HEADS.dump_json(heads))
    entry, pages = TypeAdapter(PortfolioEntry), TypeAdapter(dict[str, HtmlPage])
    for slug, (key, head) in heads.items():
        assert again[slug][0] == key and again[slug][1].pages == head.pages
        assert (again[slug][1].entry, again[slug][1].searched) == (head.entry, head.searched)
        assert HEADS.dump_json({slug: (key, head)}).count(entry.dump_json(head.entry)) == 1
        # The pages kept as JSON read back with pydantic as what the build decodes.
        assert pages.validate_json(bytes(head.outline)) == head.pages
        assert head.searched == tuple(
            (path, html.escape(page.title), html.escape(page.search_text))
            for path, page in head.pages.items()
            if page.search_text
        )
        assert again[slug][1].events == head.events and head.events.blocks
    broken = HEADS.dump_json(heads).replace(b'"digests"', b'"digest"', 1)
    with pytest.raises(ValueError):
        HEADS.validate_json(broken)


def _fails() -> None:
    raise UserError("no such partner")


def test_background_work_returns_its_result_or_raises_its_error() -> None:
    assert Background(sum, [1, 2, 3]).result() == 6
    with pytest.raises(UserError, match="no such partner"):
        Background(_fails).result()


def test_a_patch_on_another_day_equals_that_days_full_build(
    site_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mkdocs dates the gzipped sitemap with the build day; the patch moves that date."""
    two_partners(site_project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795996800")  # 30 November 2026
    rebuild(site_project)
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Group"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # the next day
    assert rebuild(site_project).patched
    patched = tree(site_project.root / "site")
    assert_same(patched, from_scratch(site_project)[1])


def test_new_headings_are_rendered_as_the_theme_renders_them(site_project: Project) -> None:
    """A partner moving tier and manager changes the headings (and their counts) of the
    portfolio's views, and a much larger target adds sections to its plan: the patch renders
    the new tables of contents without a themed page, byte for byte as mkdocs does."""
    two_partners(site_project)
    other = VALID.replace("Acme IT", "Gamma Ltd").replace("Dana Whitfield", "Sam Okoro")
    site_project.write("gamma/2026-09-30.yaml", other)
    rebuild(site_project)
    moved = VALID.replace("Acme IT", "Beta Ltd").replace("tier: Silver", "tier: Gold")
    moved = moved.replace("Dana Whitfield", "Sam Okoro").replace("450000", "4500000")
    site_project.write("beta/2026-09-30.yaml", moved)
    assert rebuild(site_project).patched
    patched = tree(site_project.root / "site")
    assert b"Sam Okoro" in patched["portfolio/managers/index.html"]
    assert_same(patched, from_scratch(site_project)[1])


@pytest.mark.parametrize("mapped", [False, True], ids=["read", "mapped"])
def test_a_large_entry_keeps_its_few_changes_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mapped: bool
) -> None:
    from generator.publish import cachefile
    from generator.publish.buildcache import BuildCache
    from generator.publish.cachefile import Fast

    monkeypatch.setattr(cachefile, "MAPPED_FROM", 1 if mapped else 1 << 40)
    cache = BuildCache(tmp_path)
    codec: Fast[dict[str, tuple[str, int]]] = Fast(dict[str, tuple[str, int]])
    first = {f"p{i}": (f"key{i}", i) for i in range(200)}
    cache.write("heads.json", codec, first, "k")
    whole = (tmp_path / "heads.json").read_bytes()
    second = {**first, "p3": ("moved", 3), "new": ("n", 1)}
    del second["p7"]
    cache.write_later("heads.json", codec, second, "k", since=cache.read("heads.json", codec, "k"))
    cache.settle()
    assert (tmp_path / "heads.json").read_bytes() == whole  # only the changes were written
    assert (tmp_path / "heads.json.changes").stat().st_size < 200
    assert cache.read("heads.json", codec, "k") == second
    third = {**second, "p4": ("again", 4)}  # changes pile up on the same entry
    cache.write_later("heads.json", codec, third, "k", since=cache.read("heads.json", codec, "k"))
    assert cache.read("heads.json", codec, "k") == third
    assert cache.read("heads.json", codec, "other key") is None
    kept = tmp_path / "heads.json.changes"
    many = {name: ("all new", i) for name, (_, i) in third.items()}
    cache.write_later("heads.json", codec, many, "k", since=third)
    cache.settle()
    assert not kept.exists() and cache.read("heads.json", codec, "k") == many  # written whole
    cache.write_later("heads.json", codec, first, "k", since=many)  # 200 changes of 200
    cache.settle()
    last = {**first, "p9": ("again", 9)}
    cache.write_later("heads.json", codec, last, "k", since=first)
    assert kept.exists()
    kept.write_bytes(kept.read_bytes().replace(b"again", b"agaim"))
    assert cache.read("heads.json", codec, "k") is None  # damaged changes: nothing, not older


def test_a_mapped_entry_is_checked_and_outlives_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large entries are mapped, not read: a damaged one reads as missing, and what was
    decoded from one (a Raw value points into the map) stays as it was when the entry is
    replaced, as every write replaces it."""
    import msgspec

    from generator.publish import cachefile
    from generator.publish.buildcache import BuildCache
    from generator.publish.cachefile import Fast

    monkeypatch.setattr(cachefile, "MAPPED_FROM", 1)
    cache = BuildCache(tmp_path)
    codec: Fast[dict[str, msgspec.Raw]] = Fast(dict[str, msgspec.Raw])
    value = {f"p{i}": msgspec.Raw(b'{"n":%d}' % i) for i in range(100)}
    cache.write("big.json", codec, value, "k")
    found = cache.read("big.json", codec, "k")
    assert found is not None and bytes(found["p7"]) == b'{"n":7}'
    cache.write("big.json", codec, {"p7": msgspec.Raw(b"[]")}, "k")  # a new file over it
    assert bytes(found["p7"]) == b'{"n":7}'
    entry = tmp_path / "big.json"
    whole = entry.read_bytes()
    for damaged in (whole[:-3] + b"x]}", whole.split(b"\n")[0], b""):
        entry.write_bytes(damaged)
        assert cache.read("big.json", codec, "k") is None


def test_the_site_before_last_is_recycled_clean(site_project: Project, tmp_path: Path) -> None:
    two_partners(site_project)
    rebuild(site_project)
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Group"))
    assert rebuild(site_project).patched
    spare = site_project.root / ".playbook-cache" / "spare"
    assert (spare / "partners" / "acme" / "index.html").is_file()  # the site it replaced
    outside = tmp_path / "outside"
    outside.mkdir()
    (spare / "stray.html").write_text("not part of any build")
    (spare / "partners" / "evil").symlink_to(outside, target_is_directory=True)
    (spare / "portfolio" / "index.html").unlink()
    (spare / "portfolio" / "index.html").write_text("edited in the spare")
    site_project.write("acme/2026-09-30.yaml", VALID.replace("Acme IT", "Acme Group"))
    third = rebuild(site_project)
    assert third.patched and third.rendered == 1
    patched = tree(site_project.root / "site")
    assert list(outside.iterdir()) == []
    assert not (site_project.root / "site" / "partners" / "evil").exists()
    full, reference = from_scratch(site_project)
    assert not full.patched
    assert_same(patched, reference)


def test_a_patch_takes_mkdocs_yml_as_the_last_build_read_it(
    site_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.publish.site as site_module

    two_partners(site_project)
    rebuild(site_project)
    loads: list[Path] = []
    real = site_module.mkdocs_config

    def counted(root: Path) -> object:
        loads.append(root)
        return real(root)

    monkeypatch.setattr(site_module, "mkdocs_config", counted)
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Group"))
    assert rebuild(site_project).patched and loads == []  # mkdocs' loading (0.1 s) skipped
    config = site_project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_dir: site", "site_dir: public"))
    assert not rebuild(site_project).patched and loads  # a changed file is loaded again
    assert (site_project.root / "public" / "partners" / "beta" / "index.html").is_file()


def test_mkdocs_yml_edited_during_a_build_is_read_again_by_the_next(site_project: Project) -> None:
    """The settings are recorded with the bytes they were read from, not the file's bytes
    when the build ends."""
    from generator.publish.site import settings

    root = site_project.root
    known = settings(root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_dir: site", "site_dir: public"))
    recorded = known.record(root)  # the build that read the old file records it
    assert Path(settings(root, recorded).site_dir).name == "public"


def test_a_damaged_large_entry_is_written_whole_again(site_project: Project) -> None:
    two_partners(site_project)
    rebuild(site_project)
    heads = site_project.root / ".playbook-cache" / "heads.json"
    heads.write_bytes(heads.read_bytes().replace(b"Beta Ltd", b"Beta Lte"))  # the hash fails
    site_project.write("beta/2026-09-30.yaml", VALID.replace("Acme IT", "Beta Group"))
    assert rebuild(site_project).rendered == 2  # nothing of the damaged entry was used
    assert not (heads.parent / "heads.json.changes").exists()  # written whole: healed
    site_project.write("acme/2026-09-30.yaml", VALID.replace("Acme IT", "Acme Group"))
    assert rebuild(site_project).rendered == 1


def test_a_managers_unchanged_week_is_kept_not_framed_again(
    site_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A manager none of whose partners moved keeps last build's week page and calendar: the
    patch neither makes nor hashes them again (unless the published file was tampered with),
    and the site still equals a full build."""
    import generator.publish.patch as patch_module

    site_project.write("acme/2026-09-30.yaml", VALID)
    other = VALID.replace("Acme IT", "Beta Ltd").replace("Dana Whitfield", "Lee Okafor")
    site_project.write("beta/2026-09-30.yaml", other)
    rebuild(site_project)
    site = site_project.root / "site"
    weeks = sorted(str(p.relative_to(site)) for p in site.glob("portfolio/manager-*/index.html"))
    calendars = sorted(str(p.relative_to(site)) for p in site.glob("managers/*.ics"))
    assert len(weeks) == len(calendars) == 2
    lee = [p for p in weeks + calendars if b"Lee Okafor" in (site / p).read_bytes()]
    dana = sorted(set(weeks + calendars) - set(lee))
    assert len(lee) == len(dana) == 2

    made: list[set[str]] = []
    real = patch_module.common_files

    def spied(*args: object) -> dict[str, bytes]:
        found = real(*args)  # type: ignore[arg-type]
        made.append(set(found))
        return found

    monkeypatch.setattr(patch_module, "common_files", spied)
    inodes = {p: (site / p).stat().st_ino for p in lee}
    site_project.write("acme/2026-09-30.yaml", VALID.replace("Acme IT", "Acme Group"))
    assert rebuild(site_project).patched
    assert made[-1].isdisjoint(lee) and made[-1].issuperset(dana)
    assert {p: (site / p).stat().st_ino for p in lee} == inodes

    (site / lee[0]).write_bytes(b"tampered")  # not lent: made and written again
    site_project.write("acme/2026-09-30.yaml", VALID.replace("Acme IT", "Acme Works"))
    assert rebuild(site_project).patched
    assert lee[0] in made[-1] and lee[1] not in made[-1]
    patched = tree(site)
    _, reference = from_scratch(site_project)
    assert_same(patched, reference)
