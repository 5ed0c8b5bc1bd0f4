"""A rebuild that patches the previous site into a new folder instead of running mkdocs again.

When only partner data moved since the last build (the same code, content/ and mkdocs.yml, the
same pages and files, each portfolio page under the same title), every file the theme made is
what it was. The previous site is then lent to the new folder file by file, each checked first
as reuse.py checks partner outputs, and only what changed is written: partners' pages filled
into the skeleton of their shape (skeleton.py), each portfolio page into the frame the theme drew
around it last time (frames.py), with tables of contents rendered as the theme renders them, the
search index from the theme's part of it. The result is byte for byte what mkdocs writes
(tests/test_patch.py builds both ways), and it is swapped in atomically like any build. Anything
else (a new or removed partner or partner manager, a damaged theme file) is left to mkdocs.

What a patch needs is recorded by every build in the cache's manifest (``"patch"``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import struct
from collections.abc import Callable, Mapping, Set
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..render.pages import SiteContent, search_entry, searched
from .buildcache import content_hash
from .frames import Frame, TocRenderer, frame_key, toc_key
from .outdir import MARKER
from .partners import PartnerBody, PartnerHead
from .reuse import data_hash, dest, file_hash, stamp, url_of
from .skeleton import Skeleton, parse_shape_key
from .writer import PartnerWriter, bundled, frame_of, without_missing_pdfs

SEARCH_INDEX = "search/search_index.json"
SITEMAP_GZ = "sitemap.xml.gz"
_SEARCH_ATTRIBUTE = "data-search-"


@dataclass(frozen=True)
class PatchRecord:
    """What the last build leaves for the next one to patch its site."""

    build_date: str  # mkdocs' build date (YYYY-MM-DD): in the sitemap's files
    generated: tuple[str, ...]  # site files the generator makes (the rest: theme, content/)
    frames: dict[str, Frame]  # portfolio and playbook HTML pages, by source path
    skeletons: dict[str, Skeleton]  # partner page shapes, by shape_key
    tocs: dict[str, str]  # rendered tables of contents, by frames.toc_key
    search_base: str  # the theme's search index, before the generated pages are added
    sources: dict[str, str]  # generated Markdown pages: hash of their text


_RECORD = TypeAdapter(PatchRecord)


def search_index(base: str, found: Mapping[str, tuple[str, str]], use_urls: bool) -> str:
    """The theme's search index with the generated pages added (``found``: path: (title, text)
    of each page the search finds, as render.pages.searched gives them; coaching guides stay
    out)."""
    data = json.loads(base)
    for path, (title, text) in sorted(found.items()):
        if text:
            data["docs"].append(search_entry(url_of(path, use_urls), title, text))
    return json.dumps(data, separators=(",", ":"))


def generated_files(common: SiteContent, outputs: Mapping[str, str], use_urls: bool) -> set[str]:
    """The site files the generator makes: common pages and files, partner outputs, and the
    search index it completes."""
    paths = [*common.markdown, *common.html, *common.assets, *outputs]
    return {dest(path, use_urls) for path in paths} | {SEARCH_INDEX}


def site_files(site: Path) -> list[str]:
    """Every file in a built site but its marker, as site paths."""
    found: list[str] = []
    base = len(str(site)) + 1
    for folder, _, names in os.walk(site):
        found += [f"{folder}/{name}"[base:] for name in names]
    return sorted(path for path in found if path != MARKER)


def recorded(manifest: Mapping[str, Any]) -> PatchRecord | None:
    try:
        return _RECORD.validate_python(manifest.get("patch"))
    except ValidationError:
        return None


def record_json(record: PatchRecord) -> Any:
    return _RECORD.dump_python(record, mode="json")


@dataclass(frozen=True)
class Site:
    """What a patch is made from: this build's pages, files and the previous site's record."""

    common: SiteContent
    heads: Mapping[str, PartnerHead]
    body: Callable[[str], PartnerBody]
    pdfs: Mapping[str, tuple[str, Path]]  # site path: (key, the PDF file in the cache)
    outputs: Mapping[str, str]  # partner output: digest (Prepared.outputs)
    fingerprint: str
    build_date: str
    use_urls: bool
    dated_pages: bool  # the sitemap lists every page with the build date (a site_url is set)
    render_toc: TocRenderer  # a table of contents no build has rendered yet

    @functools.cached_property
    def placed(self) -> dict[str, str]:
        """Where each partner output goes in the site (worked out once: thousands of paths)."""
        return {path: dest(path, self.use_urls) for path in self.outputs}


def patchable(
    manifest: Mapping[str, Any], site: Site, final: Path, kept: Set[str] = frozenset()
) -> PatchRecord | None:
    """The previous build's record when a patch can make this build, else None. The pages
    ``kept`` (see kept_files) are the published ones: not looked into again."""
    record = recorded(manifest)
    if record is None or not final.is_dir():
        return None
    common, use_urls = site.common, site.use_urls
    fresh = [page for path, page in common.html.items() if dest(path, use_urls) not in kept]
    if (
        manifest.get("fingerprint") != site.fingerprint
        or manifest.get("site") != str(final)
        or (record.build_date != site.build_date and site.dated_pages)
        or set(record.generated)
        != generated_files(common, {}, site.use_urls) | set(site.placed.values())
        or {path: content_hash(text) for path, text in common.markdown.items()} != record.sources
        or set(common.html) != set(record.frames)
        or any(frame_key(page) != record.frames[path].key for path, page in common.html.items())
        # The theme's search plugin strips these attributes from what it renders: left to it.
        or any(_SEARCH_ATTRIBUTE in page.body for page in fresh)
    ):
        return None
    return record


def common_files(site: Site, record: PatchRecord, kept: Set[str] = frozenset()) -> dict[str, bytes]:
    """The generator's shared files as this build makes them: pages, charts, search index;
    none for the site paths ``kept`` (the published file is already this build's)."""
    use_urls, pdfs = site.use_urls, {path: file for path, (_, file) in site.pdfs.items()}
    made: dict[str, bytes] = {}
    for path, page in site.common.html.items():
        where = dest(path, use_urls)
        if where in kept:
            continue
        body = without_missing_pdfs(page.body, path, pdfs)
        toc = record.tocs.get(toc_key(page.toc)) or site.render_toc(page.toc)
        text = record.frames[path].fill(body, toc)
        made[where] = text.encode("utf-8", errors="xmlcharrefreplace")
    for path, text in site.common.assets.items():
        if path not in kept:
            made[path] = bundled(path, text, pdfs).encode("utf-8")
    found = searched(site.common.html)
    for head in site.heads.values():
        found.update({path: (title, text) for path, title, text in head.searched})
    made[SEARCH_INDEX] = search_index(record.search_base, found, site.use_urls).encode("utf-8")
    return made


def patch(
    staging: Path,
    manifest: Mapping[str, Any],
    site: Site,
    record: PatchRecord,
    lent: dict[str, str],
    kept: Set[str] = frozenset(),
) -> tuple[dict[str, str], dict[str, str]] | None:
    """Make the new site in ``staging``, where the previous site's intact files are ``lent``
    (by Lender) and the shared ones ``kept`` stay as lent (kept_files); the hash and stamp of
    every file, or None (``staging`` half made) when a file only mkdocs makes is damaged or a
    partner page's frame is missing."""
    files = manifest.get("files", {})
    placed = site.placed
    partner = set(placed.values())
    redated = _sitemap(files, site, record, staging / SITEMAP_GZ if SITEMAP_GZ in lent else None)
    if redated is None:
        return None
    made = {**common_files(site, record, kept), **redated}
    hashes = _common(staging, files, made, partner, lent)
    if hashes is None:
        return None
    previous = manifest.get("outputs", {})
    linked = frozenset(
        path
        for path, digest in site.outputs.items()
        if previous.get(path) == digest and placed[path] in lent
    )
    writer = _writer(site, record, linked)
    if writer is None:
        return None
    for path in site.outputs:
        if path not in linked:
            _unlent(staging, placed[path], lent)
    written = writer.write_all(staging, site.use_urls)
    written.update(_copy_pdfs(staging, site, linked))
    hashes.update({placed[path]: files[placed[path]] for path in linked})
    hashes.update(written)
    stamps = {where: lent.get(where) or stamp(staging / where) or "" for where in hashes}
    return hashes, stamps


def _sitemap(
    files: Mapping[str, str], site: Site, record: PatchRecord, lent: Path | None
) -> dict[str, bytes] | None:
    """mkdocs' ``sitemap.xml.gz`` carries the build date in its header (the sitemap itself only
    with a site_url, which patchable() leaves to mkdocs on another day): moved to this build's
    date, when the header holds the last one's as mkdocs writes it; else None (mkdocs)."""
    if record.build_date == site.build_date or SITEMAP_GZ not in files:
        return {}
    was, now = _gzip_time(record.build_date), _gzip_time(site.build_date)
    if lent is None or was is None or now is None:
        return None
    old = lent.read_bytes()
    if len(old) < 10 or old[4:8] != was:
        return None
    return {SITEMAP_GZ: old[:4] + now + old[8:]}


def _gzip_time(day: str) -> bytes | None:
    """A gzip header's modification time for a build date: its midnight, UTC (as mkdocs)."""
    try:
        moment = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return struct.pack("<I", int(moment.timestamp()))


def drawn_files(common: SiteContent, use_urls: bool) -> dict[str, str]:
    """What the site files of keyed pages and files were drawn from (site path: key), for the
    manifest: the next build keeps such a file when it draws it from the same key."""
    return {dest(path, use_urls): key for path, key in common.drawn.items()}


def kept_files(manifest: Mapping[str, Any], site: Site, lent: Mapping[str, str]) -> frozenset[str]:
    """The shared files this build draws from the key the published one was drawn from (a
    manager's week when none of their partners moved): the lent file is kept, and the page is
    neither framed nor hashed again. A page's download links depend on which PDFs exist, which
    is not in its key: a patch is only made with the same PDFs (patchable compares the
    generated files, PDFs included)."""
    last = manifest.get("drawn")
    if not isinstance(last, dict):
        return frozenset()
    return frozenset(
        where
        for where, key in drawn_files(site.common, site.use_urls).items()
        if last.get(where) == key and where in lent
    )


def _unlent(staging: Path, where: str, lent: dict[str, str]) -> None:
    """Take a lent file out of the staging folder before its new version is written there
    (never written through the link into the previous site)."""
    if lent.pop(where, None) is not None:
        (staging / where).unlink()


def _common(
    staging: Path,
    files: Mapping[str, str],
    made: Mapping[str, bytes],
    partner: set[str],
    lent: dict[str, str],
) -> dict[str, str] | None:
    """Keep the lent files that are not partner outputs, write the generated ones that changed;
    their hashes, or None when a file only mkdocs makes was not lent (damaged)."""
    with ThreadPoolExecutor(2) as pool:  # hashlib lets go of the interpreter: both cores
        digests = dict(zip(made, pool.map(data_hash, made.values()), strict=True))
    hashes: dict[str, str] = {}
    for where, was in files.items():
        if where in partner:
            continue
        data = made.get(where)
        digest = was if data is None else digests[where]
        if digest != was or where not in lent:
            if data is None:
                return None
            _unlent(staging, where, lent)
            (staging / where).parent.mkdir(parents=True, exist_ok=True)
            (staging / where).write_bytes(data)
        hashes[where] = digest
    return hashes


def _writer(site: Site, record: PatchRecord, linked: frozenset[str]) -> PartnerWriter | None:
    """The partner writer with the recorded skeletons and tables of contents, or None when a
    page to write has a shape no build has themed."""
    pdfs = {path: file for path, (_, file) in site.pdfs.items()}
    # Only the partners with an output to write have their pages decoded.
    heads = {
        s: {p: h.pages.get(p) for p in h.digests} if not linked.issuperset(h.digests) else {}
        for s, h in site.heads.items()
    }
    frames = {
        parse_shape_key(key): frame_of(skeleton) for key, skeleton in record.skeletons.items()
    }
    writer = PartnerWriter(None, heads, site.body, pdfs, linked, without_missing_pdfs, True, frames)
    writer.tocs.update(record.tocs)
    writer.render_toc = site.render_toc
    for outputs in heads.values():
        for path, page in outputs.items():
            if page and path not in linked and not writer.can_theme(path, page, site.use_urls):
                return None
    return writer


def _copy_pdfs(staging: Path, site: Site, linked: frozenset[str]) -> dict[str, str]:
    """Copy the PDFs that are not lent from the previous site out of the cache."""
    copied: dict[str, str] = {}
    for path, (_, file) in site.pdfs.items():
        if path not in linked:
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
            copied[path] = file_hash(target) or ""
    return copied
