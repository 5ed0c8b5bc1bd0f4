"""What a build may take from the previous site instead of writing it again, and only after
checking it: every reused file must still be what the build that wrote it published.

The build cache's manifest names the previous site, its fingerprint and, for each partner
output (pages, charts, PDFs), the digest of what was generated, and the hash and stamp (size,
modification time, inode) of the file that was published. A file whose stamp is unchanged is
the file that was written (as make and git decide); one whose stamp moved is hashed, and reused
only if its content is still the same. A file that was changed, truncated or corrupted since is
not reused: the build writes it again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_CHUNK = 1 << 20


def data_hash(data: bytes) -> str:
    """The content hash of bytes about to be written (as file_hash reads it back)."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def file_hash(path: Path) -> str | None:
    """The content hash of a file, or None when it cannot be read."""
    h = hashlib.blake2b(digest_size=20)
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def dest(path: str, use_directory_urls: bool) -> str:
    """Where mkdocs writes a generated source path in the site."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem.endswith("index") or not use_directory_urls:
        return stem + ".html"
    return stem + "/index.html"


def url_of(path: str, use_directory_urls: bool) -> str:
    """The site URL of a page's source path, as mkdocs makes it."""
    stem = path.removesuffix(".md")
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def reusable(
    manifest: Mapping[str, Any], fingerprint: str, outputs: Mapping[str, str], site: Path
) -> set[str] | None:
    """The outputs the previous site can lend, or None when this must be a full build."""
    if not (
        manifest.get("fingerprint") == fingerprint
        and manifest.get("site") == str(site)
        and site.is_dir()
    ):
        return None
    previous = manifest.get("outputs", {})
    return {path for path, digest in outputs.items() if previous.get(path) == digest}


def stamp(path: Path | str) -> str | None:
    """What changes when a file is written, replaced or touched: size, mtime and inode."""
    try:
        info = os.stat(path)  # noqa: PTH116 - a string path, thousands of times a build
    except OSError:
        return None
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"


def checked(path: str, recorded: str, stamped: str | None) -> str | None:
    """The stamp of a file unchanged since it was published (by its stamp, or else by its
    content), or None when it changed or is gone."""
    now = stamp(path)
    if now is not None and (now == stamped or file_hash(Path(path)) == recorded):
        return now
    return None


def link_folder(target: str, folders: set[str]) -> None:
    """Make the folder of ``target`` and those above it (each once per build: ``folders``
    remembers, so a site's thousands of folders cost one mkdir each and no stat)."""
    folder = target.rpartition("/")[0]
    if folder and folder not in folders:
        link_folder(folder, folders)
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder)  # noqa: PTH102 - a string path, as above
        folders.add(folder)


def link(source: str, target: str, folders: set[str]) -> None:
    """Hard-link a checked file of the previous site into the new one."""
    link_folder(target, folders)
    os.link(source, target)


def seed(
    staging: Path,
    site: Path,
    reuse: set[str],
    files: Mapping[str, str],
    stamps: Mapping[str, str],
    use_urls: bool,
) -> frozenset[str]:
    """Hard-link the reusable outputs that are still what was published (see above).

    Theme assets are not taken over: mkdocs copies them fresh, so a damaged file in the old
    site cannot travel into the new one, and nothing is ever written through a link into the
    previous site.
    """
    linked: set[str] = set()
    folders: set[str] = set()
    old, new = str(site), str(staging)
    for path in sorted(reuse):
        where = dest(path, use_urls)
        recorded = files.get(where)
        if recorded is None or checked(f"{old}/{where}", recorded, stamps.get(where)) is None:
            continue
        try:
            link(f"{old}/{where}", f"{new}/{where}", folders)
        except OSError:
            continue
        linked.add(path)
    return frozenset(linked)


def published_hashes(
    site: Path,
    outputs: Mapping[str, str],
    linked: frozenset[str],
    previous: Mapping[str, str],
    use_urls: bool,
    written: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """The hash and stamp of every published partner output: hashes carried over for the files
    linked from the previous site (checked when linked) or given for those just written
    (``known``, by site file), computed for the rest."""
    hashes: dict[str, str] = {}
    stamps: dict[str, str] = {}
    for path in outputs:
        where = dest(path, use_urls)
        known = previous.get(where) if path in linked else (written or {}).get(where)
        found = known or file_hash(site / where)
        stamped = stamp(site / where)
        if found is not None and stamped is not None:
            hashes[where], stamps[where] = found, stamped
    return hashes, stamps
