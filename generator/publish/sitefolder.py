"""The site stage's last step: the new site made in a staging folder and swapped in.

The build goes into a hidden sibling folder and is swapped in only when all of it is there
(outdir.py: the guard, the lock and the atomic swap); a failure leaves the previous site
byte-identical and removes the staging folder. The new site is made one of two ways:

- **Patched** (patch.py), when only partner data moved since the last build: the previous
  site's files are lent (checked) and only what changed is written, without mkdocs.
- **By mkdocs**, otherwise: partners whose output is unchanged are hard-linked from the previous
  site after their hashes are checked (reuse.py) and mkdocs renders only the rest (its "dirty"
  mode).

Either way the previous site's files are never written to, and the cache's manifest records
every published file's hash and stamp, and what the next build needs to patch.
"""

from __future__ import annotations

import functools
import logging
import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import Environment

from ..errors import UserError
from ..workers import detached
from .buildcache import BuildCache, code_fingerprint, content_hash, site_fingerprint
from .frames import TocRenderer
from .lending import Lender
from .outdir import mark, staging_folder, swap_in
from .patch import (
    PatchRecord,
    Site,
    drawn_files,
    generated_files,
    kept_files,
    patch,
    patchable,
    record_json,
    recorded,
    site_files,
)
from .reuse import file_hash, published_hashes, reusable, seed, stamp
from .site import Handover, Prepared, Settings, handover, mkdocs_config, settings
from .skeleton import shape_key

Made = tuple[dict[str, str], dict[str, str], PatchRecord | None]  # hashes, stamps, record


@contextmanager
def _collecting(messages: list[str]) -> Iterator[None]:
    """Collect mkdocs' warnings to show the user."""
    handler = _Collect(messages)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    # Our dirty builds re-render every page whose output can change (only unchanged partner
    # pages are skipped), so mkdocs' generic warning about them does not apply.
    builder = logging.getLogger("mkdocs.commands.build")
    builder.addFilter(_quiet_dirty)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        builder.removeFilter(_quiet_dirty)


def _quiet_dirty(record: logging.LogRecord) -> bool:
    return "'dirty' build" not in record.getMessage()


class _Collect(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if "MkDocs 2.0" not in text and "NO_MKDOCS_2_WARNING" not in text:
            self.messages.append(text)


PLUGIN = "playbook"


@contextmanager
def lending(
    root: Path, final: Path, cache: BuildCache | None, manifest: Mapping[str, Any]
) -> Iterator[Lender | None]:
    """Start lending the previous site to a new staging folder (see lending.Lender) when the last
    build left what a patch needs (its ``manifest``) and the code, content/ and mkdocs.yml are
    the same; the folder goes if the build stops before using it."""
    if not (
        manifest.get("patch")
        and manifest.get("site") == str(final)
        and manifest.get("fingerprint") == site_fingerprint(root, code_fingerprint())
        and final.is_dir()
    ):
        yield None
        return
    lender = Lender(staging_folder(final), final, manifest, spare_of(cache))
    try:
        yield lender
    finally:
        lender.wait()
        if lender.staging.exists():  # not swapped in: the build stopped
            shutil.rmtree(lender.staging, ignore_errors=True)


def build_site(
    root: Path,
    prepared: Prepared,
    pdfs: Mapping[str, tuple[str, Path]],
    final: Path,
    cache: BuildCache | None = None,
    skeleton: bool = True,
    lender: Lender | None = None,
    known: Settings | None = None,
) -> bool:
    """Make the site for ``root/mkdocs.yml`` in a staging folder and swap it in atomically; the
    previous site stays untouched unless all succeeds. ``final`` comes from
    :func:`guarded_site`, and the caller holds the build lock. ``skeleton`` false has the
    theme render every partner page (the reference the fast paths are tested against).
    True when the site was patched from what ``lender`` lent (see patch.py), not by mkdocs."""
    from mkdocs.exceptions import MkDocsException

    discard = cache.folder / "discard" if cache else None
    if discard is not None:
        clear(discard)
    known = known or settings(root)
    outputs = prepared.outputs(pdfs)
    manifest = dict(lender.manifest) if lender else cache.manifest() if cache else {}
    messages: list[str] = []
    staging = lender.staging if lender else staging_folder(final)
    try:
        made = None
        if lender:  # the patch reads the configuration; mkdocs loads its own
            made = _patched(known, prepared, pdfs, outputs, lender, cache)
        patched = made is not None
        if made is None:
            if lender:  # links to the previous site: never a folder mkdocs writes into
                _discard(staging, discard)
                staging = staging_folder(final)
            made = _render_into(
                staging, final, root, prepared, pdfs, outputs, manifest, messages, skeleton
            )
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        details = "".join(f"\n  {message}" for message in messages)
        raise UserError(f"site build failed: {exc}{details}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if cache:
        cache.store_manifest({})  # the site is about to change: no half-true manifest
    _retire(swap_in(staging, final), cache)
    if cache:
        cache.store_manifest(_manifest(prepared, final, outputs, made, known, root))
    return patched


def _manifest(
    prepared: Prepared,
    final: Path,
    outputs: dict[str, str],
    made: Made,
    known: Settings,
    root: Path,
) -> Any:
    """What the next build needs to know of this site: see buildcache.py."""
    hashes, stamps, record = made
    found = {"fingerprint": prepared.fingerprint, "site": str(final), "outputs": outputs}
    found["drawn"] = drawn_files(prepared.common, known.use_directory_urls)
    found["settings"] = known.record(root)
    found.update({"files": hashes, "stamps": stamps})
    if record is not None:
        found["patch"] = record_json(record)
    return found


def _patched(
    known: Settings,
    prepared: Prepared,
    pdfs: Mapping[str, tuple[str, Path]],
    outputs: dict[str, str],
    lender: Lender,
    cache: BuildCache | None,
) -> Made | None:
    """The site patched into the lender's staging folder when it can be (patch.py), else None."""
    site = Site(
        prepared.common,
        prepared.heads,
        prepared.body,
        pdfs,
        outputs,
        prepared.fingerprint,
        _build_date(),
        known.use_directory_urls,
        bool(known.site_url),
        TocRenderer(functools.partial(_theme, known.config, cache), known.config),
    )
    lent = lender.wait()
    kept = kept_files(lender.manifest, site, lent)
    record = patchable(lender.manifest, site, lender.final, kept)
    found = None
    if record is not None:
        found = patch(lender.staging, lender.manifest, site, record, lent, kept)
    if found is None:
        return None
    mark(lender.staging)
    return (*found, record)


def _theme(config: Callable[[], Any], cache: BuildCache | None) -> Environment:
    """The theme's templates, as mkdocs loads them (compiled ones kept as the plugin keeps them)."""
    env: Environment = config().theme.get_env()
    if cache is not None:
        env.bytecode_cache = cache.templates()
    return env


def _build_date() -> str:
    """mkdocs' build date (today, or SOURCE_DATE_EPOCH's): the sitemap's files show it."""
    from mkdocs.utils import get_build_date

    return str(get_build_date())


def _render_into(
    staging: Path,
    final: Path,
    root: Path,
    prepared: Prepared,
    pdfs: Mapping[str, tuple[str, Path]],
    outputs: dict[str, str],
    manifest: dict[str, Any],
    messages: list[str],
    skeleton: bool = True,
) -> Made:
    """mkdocs into ``staging``, lending the previous site's checked files; the hash and stamp
    of every published file, and the record a later patch needs."""
    from mkdocs.commands.build import build

    config = mkdocs_config(root)
    config["site_dir"] = str(staging)
    use_urls = config.use_directory_urls
    reuse = reusable(manifest, prepared.fingerprint, outputs, final)
    files, stamps = manifest.get("files", {}), manifest.get("stamps", {})
    unchanged = (
        frozenset() if reuse is None else seed(staging, final, reuse, files, stamps, use_urls)
    )
    given = config.plugins[PLUGIN].handover = handover(prepared, pdfs, unchanged, skeleton)
    with _collecting(messages):
        # "dirty": mkdocs leaves the pages it is told are unchanged to the plugin (the staging
        # folder starts empty but for the files lent by the previous site)
        build(config, dirty=True)
    mark(staging)
    hashes, stamped = published_hashes(staging, outputs, unchanged, files, use_urls, given.written)
    for where in site_files(staging):
        if where not in hashes:
            hashes[where], stamped[where] = (
                file_hash(staging / where) or "",
                stamp(staging / where) or "",
            )
    record = _record(given, prepared, outputs, manifest, _build_date(), use_urls)
    return hashes, stamped, record


def _record(
    given: Handover,
    prepared: Prepared,
    outputs: dict[str, str],
    manifest: Mapping[str, Any],
    build_date: str,
    use_urls: bool,
) -> PatchRecord | None:
    """What the next build needs to patch this site (see patch.py), or None."""
    if not given.search_base or not given.skeleton:
        return None
    last = recorded(manifest) if manifest.get("fingerprint") == prepared.fingerprint else None
    skeletons = dict(last.skeletons) if last else {}
    skeletons.update({shape_key(form): skeleton for form, skeleton in given.skeletons.items()})
    tocs = {**(last.tocs if last else {}), **given.tocs}
    return PatchRecord(
        build_date,
        tuple(sorted(generated_files(prepared.common, outputs, use_urls))),
        dict(given.frames),
        skeletons,
        tocs,
        given.search_base[0],
        {path: content_hash(text) for path, text in prepared.common.markdown.items()},
    )


def spare_of(cache: BuildCache | None) -> Path | None:
    """Where the last build kept the site it replaced, for the next build to recycle."""
    return cache.folder / "spare" if cache else None


def _retire(old: Path | None, cache: BuildCache | None) -> None:
    """Keep the site just replaced as the spare the next build lends into (lending.Lender): it
    shares most files with the new site, so the next build checks links instead of making
    thousands of folders and links again. An older spare not recycled goes to be deleted."""
    spare, discard = spare_of(cache), cache.folder / "discard" if cache else None
    if old is None or spare is None:
        _discard(old, discard)
        return
    if spare.exists():
        _discard(spare, discard)
    try:
        old.rename(spare)
    except OSError:  # another file system
        _discard(old, discard)


def _discard(old: Path | None, discard: Path | None) -> None:
    """Delete the old site now, or move it into ``discard`` (in the build cache) for the next
    build to delete while it works."""
    if old is None:
        return
    if discard is not None:
        try:
            discard.mkdir(parents=True, exist_ok=True)
            old.rename(discard / old.name)
            return
        except OSError:  # another file system: delete it here
            pass
    shutil.rmtree(old, ignore_errors=True)


def clear(discard: Path) -> None:
    """Delete earlier builds' old sites on another core: file-system work that overlaps with
    this build's computing. What is not deleted when this build ends is left to the next."""
    old = [str(path) for path in discard.iterdir()] if discard.is_dir() else []
    if old:
        detached(_remove, old)


def _remove(folders: list[str]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
