"""Lending the previous site to a new staging folder for a patch (patch.py): every intact file
the last build published is hard-linked into it on another core, while the build computes.
What must change is unlinked and written when the patch is made."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..workers import Background
from .outdir import MARKER, mark
from .reuse import checked, link


class Lender:
    """Lends the previous site to a new staging folder on another core while the build
    computes: every file the last build published is hard-linked after it is checked (by its
    stamp, or else by its content, as reuse.py checks). What must change is unlinked and
    written when the patch is made.

    The staging folder starts as the ``spare``, when there is one: the site before the
    previous one, kept by the last build (sitefolder.py). Most of its files are still links to
    the previous site's, so lending it is checking them; only what changed between the two
    builds is linked again, and the thousands of folders are already there."""

    def __init__(
        self, staging: Path, final: Path, manifest: Mapping[str, Any], spare: Path | None = None
    ) -> None:
        self.staging, self.final, self.manifest = staging, final, manifest
        if spare is not None and spare.is_dir() and not spare.is_symlink():
            with contextlib.suppress(OSError):  # another file system: an empty folder then
                (staging / MARKER).unlink()
                spare.rename(staging)  # onto the folder staging_folder() made, emptied
            (staging / MARKER).unlink(missing_ok=True)  # the spare's, or a link: a new one
            mark(staging)
        files, stamps = manifest.get("files", {}), manifest.get("stamps", {})
        self._job = Background(lend_all, str(staging), str(final), files, stamps)
        self._lent: dict[str, str] | None = None

    def wait(self) -> dict[str, str]:
        """The files lent (site path: stamp), once all are; none when lending failed (a build
        by mkdocs then, in a new folder)."""
        if self._lent is None:
            try:
                self._lent = self._job.result()
            except Exception:
                self._lent = {}
        return self._lent


def lend_all(
    staging: str, final: str, files: Mapping[str, str], stamps: Mapping[str, str]
) -> dict[str, str]:
    """Hard-link every intact file of the previous site into ``staging``; their stamps. What
    ``staging`` already holds (a recycled site) stays where it is the same file (the same
    inode) and goes otherwise: afterwards it holds the lent files and nothing else."""
    held, folders = _held(staging, Path(staging).stat().st_dev == Path(final).stat().st_dev)
    lent: dict[str, str] = {}
    for where, was in files.items():
        now = checked(f"{final}/{where}", was, stamps.get(where))
        if now is None:
            continue
        inode = held.pop(where, None)
        if inode is None or inode != int(now.rpartition(":")[2]):
            if inode is not None:
                os.unlink(f"{staging}/{where}")  # noqa: PTH108 - string paths, thousands
            link(f"{final}/{where}", f"{staging}/{where}", folders)
        lent[where] = now
    _prune(staging, held)
    return lent


def _held(staging: str, same_device: bool) -> tuple[dict[str, int], set[str]]:
    """The regular files in ``staging`` (site path: inode) and its folders. Anything else, a
    symbolic link above all, is removed: nothing is ever written through one. On another
    device than the site, inodes say nothing: every file is held as changed."""
    files: dict[str, int] = {}
    folders = {staging}
    todo = [""]
    while todo:
        inside = todo.pop()
        with os.scandir(f"{staging}/{inside}" if inside else staging) as entries:
            for entry in entries:
                where = f"{inside}/{entry.name}" if inside else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(entry.path)
                    todo.append(where)
                elif entry.is_file(follow_symlinks=False) and where != MARKER:
                    files[where] = entry.inode() if same_device else -1
                elif where != MARKER or entry.is_symlink():
                    os.unlink(entry.path)  # noqa: PTH108 - as above
    return files, folders


def _prune(staging: str, stale: Mapping[str, int]) -> None:
    """Remove ``stale`` files, then the folders they leave empty."""
    emptied: set[str] = set()
    for where in stale:
        os.unlink(f"{staging}/{where}")  # noqa: PTH108 - as above
        emptied.add(where.rpartition("/")[0])
    for folder in sorted(emptied, key=lambda f: -f.count("/")):
        while folder:
            try:
                os.rmdir(f"{staging}/{folder}")  # noqa: PTH106 - as above
            except OSError:  # not empty
                break
            folder = folder.rpartition("/")[0]
