"""Which files are assessments: ``assessments/<slug>/<YYYY-MM-DD>.yaml``, judged by name alone.

Symbolic links are refused (they could lead anywhere), names are matched whole, and what is
skipped because its name starts with a dot is reported as a warning, never dropped silently.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
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
    there = str(_real_folder(path.parent)) + os.sep + path.name
    if there.startswith(here.rstrip(os.sep) + os.sep):
        return there[len(here.rstrip(os.sep)) + 1 :]
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


def discover(paths: Sequence[Path]) -> Found:
    """Expand files and folders into assessment files; folders may be the root or one partner's."""
    found = Found()
    for path in paths:
        if path.is_symlink():
            found.problem(path, LINKS_REFUSED)
        elif path.is_file():
            found.files.append(path)
        elif path.is_dir():
            _folder(path, found)
        else:
            found.problem(path, "no such file or folder")
    return found


def _folder(path: Path, found: Found) -> None:
    entries = _listing(path, found)
    if not any(e.is_dir() for e in entries):  # one partner's folder
        _partner_files(path, entries, found)
        return
    for entry in entries:  # the assessments root: one folder per partner
        suffix = _suffix(entry.name)
        if entry.is_symlink() and (entry.is_dir() or suffix in SUFFIXES):
            found.problem(Path(entry.path), LINKS_REFUSED)
        elif entry.is_dir():
            folder = Path(entry.path)
            _partner_files(folder, _listing(folder, found), found)
        elif suffix in SUFFIXES:
            found.problem(
                Path(entry.path), f"an assessment belongs in {shown(path)}/<slug>/<YYYY-MM-DD>.yaml"
            )


def _suffix(name: str) -> str:
    """``Path(name).suffix``, lower-cased, without making a Path (thousands per build)."""
    i = name.rfind(".")
    return name[i:].lower() if 0 < i < len(name) - 1 else ""


def _listing(folder: Path, found: Found) -> list[os.DirEntry[str]]:
    """What ``folder`` holds, by name, without what is hidden (scanned once: a programme's
    assessments root holds thousands of partner folders)."""
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    return [
        e for e in entries if not (e.name.startswith(".") and found.skipped_if_hidden(Path(e.path)))
    ]


def _partner_files(folder: Path, entries: list[os.DirEntry[str]], found: Found) -> None:
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
        self.folders: dict[str, Path] = {}
        self.files: dict[tuple[str, str], Path] = {}

    def problem(self, file: Path) -> str | None:
        """Why ``file`` cannot be an assessment, judged by its name alone, or None."""
        slug, folded = file.parent.name, file.parent.name.casefold()
        other = self.folders.setdefault(folded, file.parent)
        if other != file.parent:
            return (
                f"partner folders {shown(other)} and {shown(file.parent)} differ only in "
                "letter case; rename one"
            )
        twin = self.files.setdefault((folded, file.stem.casefold()), file)
        if twin != file:
            return f"{shown(twin)} and {shown(file)} are the same assessment; keep one"
        reason = check_slug(slug)
        if reason:
            return reason
        if not DATE_NAME.fullmatch(file.stem):
            return f"file name must be the assessment date, like 2026-09-30.yaml, got {file.name!r}"
        return None
