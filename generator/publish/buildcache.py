"""What a build may reuse from the last one, in ``.playbook-cache/`` beside the project.

Layers, each keyed by the hash of everything that determines it:
- valid assessment files, by their bytes (parsing and validating is most of loading), and the
  playbook model's files as parsed (MessagePack: YAML's data as it is), validated again;
- each partner's rendered pages, charts and portfolio entry, by its assessment files and the
  fingerprint of the code, templates, playbook model and site configuration;
- a manifest of the last site: every published file's hash and stamp, the key each manager's
  week and calendar was drawn from, and what the next build needs to re-render only the
  partners whose output changed, or to patch the site without mkdocs (see sitefolder.py and
  patch.py).
Entries are data, never code: typed JSON (or MessagePack) that is checked against its recorded
hash and validated against its type when read, and PDFs checked against the hash recorded when
they were rendered (compiled templates, which are code, live in the user's own cache folder
instead).
A missing, stale, corrupt or unreadable entry is never an error: the build does the work again.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import json
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec
from jinja2 import FileSystemBytecodeCache
from pydantic import TypeAdapter, ValidationError

from .. import __version__
from ..inputs.discovery import Seen
from ..inputs.loading import AssessmentStore, Checked, PartnerRecord, Portfolio, file_digest
from ..workers import Background
from .cachefile import Changes, Codec, Fast, Hashing, digest, mapped, no_collection

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
T = TypeVar("T")


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


@functools.cache
def code_fingerprint() -> str:
    """The generator's code, templates and the versions of what renders the site (read once
    per process: the code a process runs does not change under it)."""
    versions = []
    for name in _DEPENDENCIES:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            versions.append(name.encode())
    return digest(
        __version__.encode(),
        sys.version.encode(),
        *versions,
        *_tree(_PACKAGE, (".py", ".j2", ".html", ".css", ".js")),
    )


def site_fingerprint(root: Path, code: str) -> str:
    """Everything but the assessments that shapes a page: code, content/, mkdocs.yml."""
    config = root / "mkdocs.yml"
    return digest(
        code.encode(),
        config.read_bytes() if config.is_file() else b"",
        *_tree(root / "content"),
    )


def partner_key(fingerprint: str, record: PartnerRecord, *extra: str) -> str:
    """A partner's output depends on its assessment files, the site fingerprint and ``extra``
    (what else a page shows that the files do not decide, like a staleness notice)."""
    parts = [fingerprint.encode(), record.slug.encode(), *(e.encode() for e in extra)]
    for item in record.assessments:
        parts += [item.path.name.encode(), item.digest]
    return digest(*parts)


def content_hash(text: str) -> str:
    return digest(text.encode())


_VALIDATED = TypeAdapter(dict[str, Checked])


_SEEN: Fast[Seen] = Fast(Seen)
_MODELS: Fast[dict[str, Any]] = Fast(dict[str, Any], packed=True)
_MANIFEST: Fast[dict[str, Any]] = Fast(dict[str, Any])


@dataclass
class BuildCache:
    """Reads and writes the cache folder; every failure to read means 'not cached'."""

    folder: Path
    _pending: dict[str, Background[None]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def for_project(cls, root: Path) -> BuildCache:
        return cls(root / CACHE_DIR)

    def read(self, name: str, adapter: Codec[T], key: str = "") -> T | None:
        """The value saved under ``name`` for ``key``, if it is intact and of the right type."""
        try:
            large = mapped(self.folder / name) if isinstance(adapter, Fast) else None
            data = large if large is not None else (self.folder / name).read_bytes()
            cut = data.find(b"\n")
            if cut < 0:
                return None
            header = json.loads(data[:cut])
            if header["key"] != key:
                return None
            payload = memoryview(data)[cut + 1 :]  # not copied: entries run to tens of MB
            hashing = Hashing(payload)  # on another core while the value is decoded
            with no_collection():
                if isinstance(adapter, Fast):
                    value = adapter.validate_json(payload)
                else:
                    value = adapter.validate_json(data[cut + 1 :])
                if hashing.digest() != header["hash"]:
                    return None
                if isinstance(adapter, Fast) and adapter.changes is not None:
                    changed: T | None = Changes.apply(self.folder / name, adapter, value, header)
                    return changed
                return value
        except (OSError, ValueError, KeyError, TypeError, ValidationError, msgspec.MsgspecError):
            return None

    def read_later(self, name: str, adapter: Codec[T], key: str = "") -> Callable[[], T | None]:
        """:meth:`read` in a thread while this one goes on; what it returns waits for the value.
        Reading the file and checking its hash let other threads run, so a large entry is
        mostly read by the time it is needed (decoding it holds the interpreter, as here)."""
        found: list[T | None] = []
        thread = threading.Thread(
            target=lambda: found.append(self.read(name, adapter, key)), daemon=True
        )
        thread.start()

        def value() -> T | None:
            thread.join()
            return found[0] if found else None

        return value

    def write(self, name: str, adapter: Codec[T], value: T, key: str = "") -> None:
        """Save ``value`` under ``name`` atomically: a header line with its key and the hash of
        the JSON that follows (a torn or edited entry is not read)."""
        payload = adapter.dump_json(value)
        header = json.dumps({"key": key, "hash": digest(payload)}).encode()
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with temporary.open("wb") as out:
            out.write(header + b"\n")
            out.write(payload)
        temporary.replace(path)
        Changes.path(path).unlink(missing_ok=True)  # they were to the entry just replaced

    def write_later(
        self, name: str, adapter: Codec[T], value: T, key: str = "", since: T | None = None
    ) -> None:
        """:meth:`write` on another core (a large entry's JSON takes a while), done by the time
        :meth:`settle` returns; the caller must not change ``value`` meanwhile (where processes
        can be forked, the writer has its own copy of it anyway). With ``since``, the value
        :meth:`read` gave this build, a dict entry that changed in a few places has only those
        changes written (at once: they are small), beside the entry (see Changes)."""
        self.settle(name)
        if since is not None and isinstance(adapter, Fast) and adapter.changes is not None:
            path = self.folder / name
            if Changes.write(path, adapter, value, since, key):
                return
        self._pending[name] = Background(self.write, name, adapter, value, key)

    def settle(self, *names: str) -> None:
        """Wait for the entries still being written (``names``, default all); a failure to
        write one is raised here."""
        for name in names or list(self._pending):
            job = self._pending.pop(name, None)
            if job is not None:
                job.result()

    @contextlib.contextmanager
    def settled(self) -> Iterator[None]:
        """Every entry written later in the block is written when it ends (if the block
        failed, they are still waited for, but a failure to write one is not raised over it)."""
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):
                self.settle()
            raise
        self.settle()

    def assessments(self, code: str) -> AssessmentStore:
        """Files validated by the same code before, so they need not be parsed again, and what
        the last build saw of their folders, so unchanged ones need not be read."""
        saved = self.read("validated.json", _VALIDATED, code)
        seen = self.read("seen.json", _SEEN, code)
        models = self.read("model.msgpack", _MODELS, code)
        checked = {bytes.fromhex(k): v for k, v in (saved or {}).items()}
        return AssessmentStore(checked, seen, models)

    def keep_assessments(self, code: str, portfolio: Portfolio) -> None:
        """Keep this build's valid files (only those: the cache does not grow forever) and what
        it saw of them; nothing is written when they are the ones restored."""
        store = portfolio.store
        digests = {item.digest for record in portfolio.partners for item in record.assessments}
        store.sight.settle(file_digest)
        if store.sight.now != store.sight.last:
            self.write("seen.json", _SEEN, store.sight.now, code)
        if store.models.used != store.models_restored:
            models = {key: store.models[key] for key in sorted(store.models.used)}
            self.write("model.msgpack", _MODELS, models, code)
        if digests == store.restored:
            return
        keep = {d.hex(): store.checked[d] for d in sorted(digests) if d in store.checked}
        self.write("validated.json", _VALIDATED, keep, code)

    def templates(self) -> FileSystemBytecodeCache:
        """Compiled Jinja templates (ours and the theme's): compiling them is a fixed cost.

        Compiled templates are code, so they live in the user's own cache folder (trusted like
        the virtualenv), never in ``.playbook-cache/``, which is treated as input: it may come
        from a CI artifact or another machine."""
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        folder = base / "partner-playbook" / "templates"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:  # no writable home: compile every time
            folder = Path(tempfile.mkdtemp(prefix="playbook-templates-"))
        return FileSystemBytecodeCache(str(folder))

    def forget_partners_except(self, slugs: set[str]) -> None:
        folder = self.folder / "partners"
        if folder.is_dir():
            for path in folder.glob("*.json"):
                if path.stem not in slugs:
                    path.unlink(missing_ok=True)

    def manifest(self) -> dict[str, Any]:
        found = self.read("manifest.json", _MANIFEST)
        return found or {}

    def store_manifest(self, manifest: dict[str, Any]) -> None:
        self.write("manifest.json", _MANIFEST, manifest)
