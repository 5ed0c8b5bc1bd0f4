"""What a build may reuse from the last one, in ``.playbook-cache/`` beside the project.

Three layers, each keyed by the hash of everything that determines it:
- valid assessment files, by their bytes (parsing and validating is most of loading);
- each partner's rendered pages, charts and portfolio entry, by its assessment files and the
  fingerprint of the code, templates, playbook model and site configuration;
- a manifest of the last site's generated outputs, so the site build can re-render only the
  partners whose output changed (see generator/site.py).
A missing, stale or unreadable cache is never an error: the build just does the work.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache

from .. import __version__
from ..inputs.loading import PartnerRecord, checked_files

CACHE_DIR = Path(".playbook-cache")
_PACKAGE = Path(__file__).resolve().parent.parent
_DEPENDENCIES = (
    "mkdocs",
    "mkdocs-material",
    "jinja2",
    "markdown",
    "pymdown-extensions",
    "pydantic",
)


def _digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def _tree(folder: Path, suffixes: tuple[str, ...] | None = None) -> list[bytes]:
    parts: list[bytes] = []
    if not folder.is_dir():
        return parts
    for path in sorted(folder.rglob("*")):
        if (
            path.is_file()
            and "__pycache__" not in path.parts
            and (suffixes is None or path.suffix in suffixes)
        ):
            parts += [str(path.relative_to(folder)).encode(), path.read_bytes()]
    return parts


def code_fingerprint() -> str:
    """The generator's code, templates and the versions of what renders the site."""
    versions = []
    for name in _DEPENDENCIES:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            versions.append(name.encode())
    return _digest(
        __version__.encode(),
        sys.version.encode(),
        *versions,
        *_tree(_PACKAGE, (".py", ".j2", ".html", ".css", ".js")),
    )


def site_fingerprint(root: Path, code: str) -> str:
    """Everything but the assessments that shapes a page: code, content/, mkdocs.yml."""
    config = root / "mkdocs.yml"
    return _digest(
        code.encode(),
        config.read_bytes() if config.is_file() else b"",
        *_tree(root / "content"),
    )


def partner_key(fingerprint: str, record: PartnerRecord) -> str:
    """A partner's output depends on its assessment files and the site fingerprint only."""
    parts = [fingerprint.encode(), record.slug.encode()]
    for item in record.assessments:
        parts += [item.path.name.encode(), item.digest]
    return _digest(*parts)


def content_hash(text: str) -> str:
    return _digest(text.encode())


@dataclass
class BuildCache:
    """Reads and writes the cache folder; every failure to read means 'not cached'."""

    folder: Path
    _restored: set[bytes] = field(default_factory=set)

    @classmethod
    def for_project(cls, root: Path) -> BuildCache:
        return cls(root / CACHE_DIR)

    def _load(self, name: str) -> Any:
        try:
            with (self.folder / name).open("rb") as handle:
                return pickle.load(handle)  # our own files, written below: not user input
        except Exception:  # a missing, truncated or outdated cache is simply not used
            return None

    def _save(self, name: str, value: Any) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        with temporary.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)

    def restore_validated(self, code: str) -> None:
        """Seed the loader's in-process cache with files validated by the same code before."""
        saved = self._load("validated.pickle")
        if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == code:
            checked_files().update(saved[1])
            self._restored = set(saved[1])

    def store_validated(self, code: str, records: tuple[PartnerRecord, ...]) -> None:
        """Keep the valid files of this build (only those: the cache does not grow forever);
        nothing is written when they are the ones restored."""
        known = checked_files()
        digests = {item.digest for record in records for item in record.assessments}
        if digests == self._restored:
            return
        keep = {digest: known[digest] for digest in digests if digest in known}
        self._save("validated.pickle", (code, keep))

    def heads(self) -> dict[str, tuple[str, Any]]:
        """Every partner's (key, head) from the last build: one small file, read every build."""
        saved = self._load("heads.pickle")
        return saved if isinstance(saved, dict) else {}

    def store_heads(self, heads: dict[str, tuple[str, Any]]) -> None:
        self._save("heads.pickle", heads)

    def body(self, slug: str, key: str) -> Any:
        """A partner's rendered output, read only when it has to be written again."""
        saved = self._load(f"partners/{slug}.pickle")
        if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == key:
            return saved[1]
        return None

    def store_body(self, slug: str, key: str, value: Any) -> None:
        self._save(f"partners/{slug}.pickle", (key, value))

    def templates(self) -> FileSystemBytecodeCache:
        """Compiled Jinja templates (ours and the theme's): compiling them is a fixed cost."""
        folder = self.folder / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder))

    def charts(self) -> dict[str, str]:
        saved = self._load("charts.pickle")
        return saved if isinstance(saved, dict) else {}

    def store_charts(self, charts: dict[str, str]) -> None:
        self._save("charts.pickle", charts)

    def forget_partners_except(self, slugs: set[str]) -> None:
        folder = self.folder / "partners"
        if folder.is_dir():
            for path in folder.glob("*.pickle"):
                if path.stem not in slugs:
                    path.unlink(missing_ok=True)

    def manifest(self) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def store_manifest(self, manifest: dict[str, Any]) -> None:
        path = self.folder / "manifest.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name("manifest.json.tmp")
        temporary.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
