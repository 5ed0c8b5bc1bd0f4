"""Which files are assessments: ``assessments/<slug>/<YYYY-MM-DD>.yaml``, judged by name alone.

Symbolic links are refused (they could lead anywhere), names are matched whole, and what is
skipped because its name starts with a dot is reported as a warning, never dropped silently.
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic
from .fields import SLUG_RE

SUFFIXES = (".yaml", ".yml")
DATE_NAME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
RESERVED_SLUGS = frozenset(
    {
        "index",
        "assets",
        "search",
        "sitemap",
        "404",
        "portfolio",
        "playbook",
        "partners",
        "con",
        "prn",
        "aux",
        "nul",
        "clock$",
        "static",
        "javascripts",
        "stylesheets",
    }
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)
LINKS_REFUSED = "symbolic links are not allowed"


def shown(path: Path) -> str:
    """``path`` as users see it: relative to the working folder when inside it (a symbolic link
    is shown where it is, not where it points). Worked on as text: a build shows every one of
    thousands of assessment files."""
    here = str(_real(os.getcwd()))  # noqa: PTH109 - a string, thousands of times a build
    inside = here.rstrip(os.sep) + os.sep
    there = str(_real_folder(path.parent)) + os.sep + path.name
    if there.startswith(inside):
        return there[len(inside) :]
    return "." if there == here else str(path)


@functools.lru_cache(maxsize=64)
def _real(folder: str) -> Path:
    return Path(folder).resolve()


def _real_folder(folder: Path) -> Path:
    """``folder`` resolved; its parent's resolution is shared by every partner folder in it
    (thousands of files are shown in one build)."""
    if folder.name in ("", ".", "..") or folder.is_symlink():
        return folder.resolve()
    return _real(str(folder.parent)) / folder.name


@dataclass
class Found:
    """The assessment files under some paths, and what was wrong or skipped on the way."""

    files: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(Diagnostic(shown(path), 0, 0, "", message))

    def skipped_if_hidden(self, path: Path) -> bool:
        """Whether ``path`` is hidden (name starting with a dot); warn for what could matter."""
        if not path.name.startswith("."):
            return False
        if path.is_dir() or path.suffix.lower() in SUFFIXES:  # not editor or system files
            kind = "folder" if path.is_dir() else "file"
            self.warnings.append(
                Diagnostic(
                    shown(path),
                    0,
                    0,
                    "",
                    f"warning: {kind} ignored because its name starts with a dot",
                )
            )
        return True


# What an entry of a folder is (bits): a symbolic link, a folder, a file (the last two as the
# entry leads, through a link).
LINK, FOLDER, FILE = 1, 2, 4
Listing = tuple[tuple[str, int], ...]  # a folder's entries by name: (name, what it is)
Stamp = str  # device, inode, size, modification and change times

# A stamp younger than this when it is taken is not kept: a change in the same clock tick
# would leave it as it was (as git treats "racily clean" files).
TRUST_AFTER_NS = 2_000_000_000


@dataclass
class Seen:
    """What a build saw of the assessment folders: each folder's listing and each file's
    digest (hex), under the stamp they had. The next build lists or reads again only what does
    not have the same stamp (a programme has thousands of folders and files)."""

    folders: dict[str, tuple[Stamp, Listing]] = field(default_factory=dict)
    files: dict[str, tuple[Stamp, str]] = field(default_factory=dict)


class Sight:
    """This build's look at the assessment folders, helped by what the last build saw."""

    def __init__(self, last: Seen | None = None) -> None:
        self.last, self.now = last or Seen(), Seen()
        self.fresh = Seen()  # seen too soon after a change to keep yet: see settle()
        self._clock = time.time_ns()

    def stamp(self, info: os.stat_result, clock: int | None = None) -> tuple[Stamp, bool]:
        """A stamp, and whether it can be kept for the next build."""
        changed = max(info.st_mtime_ns, info.st_ctime_ns)
        found = f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"
        return found, (clock or self._clock) - changed > TRUST_AFTER_NS

    def settle(self, digest: Callable[[Path], str | None]) -> None:
        """Keep what was seen too soon after a change (files written just before the build) if
        it is the same now that the change is old enough: each folder listed and each file's
        ``digest`` taken again, after its stamp (a change after that would move the stamp).
        A long build (the first, above all) leaves a full record this way for the next."""
        clock = time.time_ns()
        for key, (stamp, listing) in self.fresh.folders.items():
            if self._same(key, stamp, clock) and _listed(Path(key)) == listing:
                self.now.folders[key] = (stamp, listing)
        for key, (stamp, hexed) in self.fresh.files.items():
            if self._same(key, stamp, clock) and digest(Path(key)) == hexed:
                self.now.files[key] = (stamp, hexed)
        self.fresh = Seen()

    def _same(self, key: str, stamp: Stamp, clock: int) -> bool:
        try:
            now, trusted = self.stamp(Path(key).stat(), clock)
        except OSError:
            return False
        return trusted and now == stamp

    def listing(self, folder: Path) -> Listing:
        """``folder``'s entries, from the last build's look when the folder has not changed
        (a file written in place does not change its folder: files have stamps of their own)."""
        key = str(folder)
        stamp, trusted = self.stamp(folder.stat())
        last = self.last.folders.get(key)
        listing = last[1] if last is not None and last[0] == stamp else _listed(folder)
        # What a link leads to can change without its folder changing: never kept.
        if not any(kind & LINK for _, kind in listing):
            (self.now if trusted else self.fresh).folders[key] = (stamp, listing)
        return listing


def _listed(folder: Path) -> Listing:
    with os.scandir(folder) as scan:
        return tuple(sorted((e.name, _kind(e)) for e in scan))


def _kind(entry: os.DirEntry[str]) -> int:
    link = LINK if entry.is_symlink() else 0
    return link | (FOLDER if entry.is_dir() else 0) | (FILE if entry.is_file() else 0)


@dataclass(frozen=True)
class _Entry:
    """One entry of a folder's listing (the part of os.DirEntry that discovery reads)."""

    folder: str
    name: str
    kind: int

    @property
    def path(self) -> str:
        return os.path.join(self.folder, self.name)  # noqa: PTH118 - as os.DirEntry.path

    def is_symlink(self) -> bool:
        return bool(self.kind & LINK)

    def is_dir(self) -> bool:
        return bool(self.kind & FOLDER)

    def is_file(self) -> bool:
        return bool(self.kind & FILE)


def discover(paths: Sequence[Path], sight: Sight | None = None) -> Found:
    """Expand files and folders into assessment files; folders may be the root or one partner's.
    ``sight`` keeps what was seen, for the next build (and uses what the last one saw)."""
    found = Found()
    sight = sight or Sight()
    for path in paths:
        if path.is_symlink():
            found.problem(path, LINKS_REFUSED)
        elif path.is_file():
            found.files.append(path)
        elif path.is_dir():
            _folder(path, found, sight)
        else:
            found.problem(path, "no such file or folder")
    return found


def _folder(path: Path, found: Found, sight: Sight) -> None:
    entries = _listing(path, found, sight)
    if not any(e.is_dir() for e in entries):  # one partner's folder
        _partner_files(path, entries, found)
        return
    for entry in entries:  # the assessments root: one folder per partner
        suffix = _suffix(entry.name)
        if entry.is_symlink() and (entry.is_dir() or suffix in SUFFIXES):
            found.problem(Path(entry.path), LINKS_REFUSED)
        elif entry.is_dir():
            folder = Path(entry.path)
            _partner_files(folder, _listing(folder, found, sight), found)
        elif suffix in SUFFIXES:
            found.problem(
                Path(entry.path), f"an assessment belongs in {shown(path)}/<slug>/<YYYY-MM-DD>.yaml"
            )


def _suffix(name: str) -> str:
    """``Path(name).suffix``, lower-cased, without making a Path (thousands per build)."""
    i = name.rfind(".")
    return name[i:].lower() if 0 < i < len(name) - 1 else ""


def _stem(name: str) -> str:
    """``Path(name).stem``, without making a Path."""
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name


def _listing(folder: Path, found: Found, sight: Sight) -> list[_Entry]:
    """What ``folder`` holds, by name, without what is hidden (a programme's assessments root
    holds thousands of partner folders: each is listed again only when it changed)."""
    where = str(folder)
    entries = [_Entry(where, name, kind) for name, kind in sight.listing(folder)]
    return [
        e for e in entries if not (e.name.startswith(".") and found.skipped_if_hidden(Path(e.path)))
    ]


def _partner_files(folder: Path, entries: list[_Entry], found: Found) -> None:
    for item in entries:
        if item.is_symlink():
            found.problem(Path(item.path), LINKS_REFUSED)
        elif item.is_file() and _suffix(item.name) in SUFFIXES:
            found.files.append(folder / item.name)
        elif item.is_dir():
            found.problem(
                Path(item.path), "unexpected folder: a partner folder holds dated files only"
            )


def check_slug(slug: str) -> str | None:
    """Why ``slug`` cannot name a partner, or None when it can."""
    if not SLUG_RE.fullmatch(slug):
        return (
            f"partner folder name {slug!r} must be 1-64 lower-case letters, digits and hyphens, "
            "not starting or ending with a hyphen, like 'acme-it'"
        )
    if slug in RESERVED_SLUGS:
        return f"partner folder name {slug!r} is reserved by the site; choose another"
    return None


class Names:
    """Partner folders and dated files seen so far, to catch names that clash."""

    def __init__(self) -> None:
        self.folders: dict[str, str] = {}
        self.files: dict[tuple[str, str], str] = {}

    def problem(self, file: Path) -> str | None:
        """Why ``file`` cannot be an assessment, judged by its name alone, or None. Worked on
        as text: a build judges thousands of files."""
        where = str(file)
        folder, _, name = where.rpartition("/")
        slug, stem = folder.rpartition("/")[2], _stem(name)
        folded = slug.casefold()
        other = self.folders.setdefault(folded, folder)
        if other != folder:
            return (
                f"partner folders {shown(Path(other))} and {shown(file.parent)} differ only in "
                "letter case; rename one"
            )
        twin = self.files.setdefault((folded, stem.casefold()), where)
        if twin != where:
            return f"{shown(Path(twin))} and {shown(file)} are the same assessment; keep one"
        reason = check_slug(slug)
        if reason:
            return reason
        if not DATE_NAME.fullmatch(stem):
            return f"file name must be the assessment date, like 2026-09-30.yaml, got {name!r}"
        return None
