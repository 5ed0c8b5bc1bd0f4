"""The site folder: where a build may write, one build at a time, and an atomic swap.

- **Guarded.** A build writes only to a new or empty folder, or to one an earlier build marked
  as its own (the ``.playbook-site`` file at its root). Never the project, one of its ancestors,
  the user's home or the file-system root, and never a folder that is, holds or sits inside an
  input (the pages, the assessments, the build cache, the generator's code). A site made before
  the marker existed is adopted once when it is recognisably one of ours.
- **One build at a time.** A lock in the build cache; a second build says who holds it.
- **Atomic.** The new site is built in a hidden sibling folder and exchanged with the old one in
  one step (``renameat2(RENAME_EXCHANGE)`` on Linux). Where that is not available, two renames
  with the old site kept under a hidden name: the next build puts it back if a kill struck in
  between. Either way a kill at any instant leaves the old or the new site, and the next build
  sweeps the hidden leftovers (only folders that carry the marker: never anything else).
- **Readable.** Published folders get the permissions the user's umask gives new folders.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from .. import __version__
from ..errors import UserError

MARKER = ".playbook-site"
_MARK = {"made_by": "partner-playbook"}
# What a site made by an older version of this tool always has (adopted once, then marked).
_OURS = ("index.html", "sitemap.xml", "search/search_index.json", "portfolio/index.html")
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def umask() -> int:
    """The process umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def readable(path: Path, folder: bool) -> None:
    """Give ``path`` the permissions a new file or folder gets under the user's umask."""
    path.chmod((0o777 if folder else 0o666) & ~umask())


def _is_ours(folder: Path) -> bool:
    try:
        found = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(found, dict) and found.get("made_by") == _MARK["made_by"]


def _looks_like_an_old_build(folder: Path) -> bool:
    if not all((folder / part).is_file() for part in _OURS):
        return False
    index = (folder / "index.html").read_text(encoding="utf-8", errors="replace")
    return 'name="generator" content="mkdocs-' in index and (folder / "partners").is_dir()


def mark(folder: Path) -> None:
    (folder / MARKER).write_text(json.dumps({**_MARK, "version": __version__}), encoding="utf-8")


def _related(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def check_site_dir(site: Path, root: Path, inputs: Sequence[Path]) -> Path:
    """The resolved site folder, or a UserError saying why a build must not write there."""
    given, root = site, root.resolve()
    if given.is_symlink():
        raise UserError(f"{given}: is a symbolic link; give the real folder for the site")
    site = given.resolve()
    protected = [Path(site.anchor), Path.home().resolve(), root]
    if site in protected or root.is_relative_to(site):
        raise UserError(
            f"{given}: refusing to build the site there: it is the project folder, one of its "
            "parent folders, your home folder or the file-system root. Give a folder of its "
            "own, like site/"
        )
    for item in inputs:
        item = item.resolve()
        if item.exists() and _related(site, item):
            raise UserError(
                f"{given}: refusing to build the site there: it is, holds or sits inside "
                f"{item}, which the build reads. Give a folder of its own, like site/"
            )
    if site.exists() and not site.is_dir():
        raise UserError(f"{given}: is a file, not a folder; give a folder for the site")
    if (
        site.is_dir()
        and any(site.iterdir())
        and not _is_ours(site)
        and not _looks_like_an_old_build(site)
    ):
        raise UserError(
            f"{given}: refusing to replace a folder this tool did not make (it is not empty "
            f"and has no {MARKER} file). Give a new or empty folder, or delete it yourself"
        )
    return site


def check_export_dir(folder: Path, inputs: Sequence[Path]) -> Path:
    """A folder to write exported files into (never deleting anything): not inside an input."""
    resolved = folder.resolve()
    for item in inputs:
        item = item.resolve()
        if item.exists() and (resolved == item or resolved.is_relative_to(item)):
            raise UserError(f"{folder}: is inside {item}, which the build reads; write elsewhere")
    if resolved.exists() and not resolved.is_dir():
        raise UserError(f"{folder}: is a file, not a folder")
    return resolved


def write_text(path: Path, text: str) -> None:
    """Write a published text file atomically, readable under the user's umask."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, 0o666 & ~umask())
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def build_lock(cache_folder: Path) -> Iterator[None]:
    """Hold the project's build lock; a second build at the same time fails with who holds it."""
    cache_folder.mkdir(parents=True, exist_ok=True)
    path = cache_folder / "build.lock"
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(handle, 64, 0).decode(errors="replace").strip() or "unknown"
            raise UserError(
                f"another build of this project is running (process {holder}); wait for it to "
                f"finish, or stop it (the lock is {path})"
            ) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(handle)  # closing releases the lock, also when the process is killed


def staging_folder(site: Path) -> Path:
    """A new hidden sibling of ``site`` to build into, marked as ours and readable."""
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.building-", dir=site.parent))
    readable(staging, folder=True)
    mark(staging)
    return staging


def _leftovers(site: Path, kind: str) -> list[Path]:
    found = sorted(site.parent.glob(f".{site.name}.{kind}-*"))
    return [p for p in found if p.is_dir() and not p.is_symlink() and _is_ours(p)]


def sweep(site: Path) -> None:
    """Before a build: put back an old site a kill left aside, delete other leftovers."""
    if not site.exists():
        kept = _leftovers(site, "old")
        if kept:
            max(kept, key=lambda p: p.stat().st_mtime).rename(site)
    for leftover in _leftovers(site, "building") + _leftovers(site, "old"):
        shutil.rmtree(leftover, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap_in(staging: Path, site: Path) -> Path | None:
    """Make ``staging`` the site; return the folder now holding the old site (to delete)."""
    if not site.exists():
        staging.rename(site)
        return None
    if _exchange(staging, site):
        return staging  # the old site now lives under the staging name
    aside = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
    aside.rmdir()
    site.rename(aside)  # a kill here leaves the old site aside: sweep() puts it back
    staging.rename(site)
    return aside
