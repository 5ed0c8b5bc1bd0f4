"""One entry of the build cache on disk: a header line (its key and the hash of what follows)
and JSON, read and written by pydantic or, for the large entries every build reads, msgspec;
a large dict entry changed in a few places keeps those changes beside it. See buildcache.py
for what the entries are."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import mmap
import os
import threading
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

import msgspec
from pydantic import TypeAdapter

T = TypeVar("T")


# From this size on, an entry is mapped rather than read: tens of MB read into memory cost
# their pages (page faults) and a copy, a twentieth of a second in a rebuild at 3,000 partners.
MAPPED_FROM = 1 << 20


def mapped(path: Path) -> mmap.mmap | None:
    """The file's bytes, mapped read-only, when it is large; else None (read it). Entries are
    replaced by renaming a new file over them, never rewritten in place, so what is mapped
    stays as it was. The map lives as long as what was decoded from it refers to it (msgspec's
    Raw values do), then closes."""
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size < MAPPED_FROM:
            return None
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


class Fast(Generic[T]):
    """A cache entry's type read and written by msgspec: the same JSON as pydantic's, checked
    against the same type, several times faster on the large entries every build reads (the
    partners' heads, the portfolio's drawn charts and rows). With ``packed``, MessagePack
    instead of JSON, for YAML data: its keys need not be text nor its numbers finite, which
    JSON cannot keep as they are (such an entry is written whole: no Changes)."""

    def __init__(self, kind: Any, packed: bool = False) -> None:
        self._kind, self._packed = kind, packed
        self._decoder: msgspec.json.Decoder[T] | msgspec.msgpack.Decoder[T]
        self._encoder: msgspec.json.Encoder | msgspec.msgpack.Encoder
        if packed:
            self._decoder, self._encoder = msgspec.msgpack.Decoder(kind), msgspec.msgpack.Encoder()
        else:
            self._decoder, self._encoder = msgspec.json.Decoder(kind), msgspec.json.Encoder()

    def validate_json(self, payload: bytes | memoryview) -> T:  # memoryview: of a mapped file
        try:
            return self._decoder.decode(payload)
        except msgspec.MsgspecError as exc:
            raise ValueError(str(exc)) from None

    def dump_json(self, value: T) -> bytes:
        return self._encoder.encode(value)

    @functools.cached_property
    def changes(self) -> msgspec.json.Decoder[Any] | None:
        """For a ``dict[str, V]`` entry, the decoder of a change to it (see Changes), else
        None."""
        kind = self._kind
        if self._packed or typing.get_origin(kind) is not dict:
            return None
        value = typing.get_args(kind)[1]
        return msgspec.json.Decoder(tuple[dict[str, value], list[str]])  # type: ignore[valid-type]


Codec = TypeAdapter[T] | Fast[T]


class Hashing:
    """:func:`digest` of one large payload in a thread (hashlib lets go of the interpreter
    lock while it hashes), so that checking a cache entry overlaps decoding it."""

    _ALONE = 1 << 20  # below this, a thread costs more than it saves

    def __init__(self, payload: memoryview) -> None:
        self._payload, self._found = payload, ""
        self._thread: threading.Thread | None = None
        if len(payload) >= self._ALONE:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        else:
            self._run()

    def _run(self) -> None:
        h = hashlib.blake2b(digest_size=20)
        h.update(len(self._payload).to_bytes(8, "little"))
        h.update(self._payload)
        self._found = h.hexdigest()

    def digest(self) -> str:
        if self._thread is not None:
            self._thread.join()
        return self._found


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """Pause the cycle collector while a large entry is read: it makes many objects and no
    cycles, and collecting again and again as they pile up costs more than the reading. What
    was read is then frozen out of the collector's sight (it lives as long as the build):
    otherwise the next collections scan those millions of objects again and again, which
    measured a third of a second in a rebuild at 3,000 partners. :func:`thawed` gives them
    back when the build ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # before the collector is on again: its next run would scan them all
        if enabled:
            gc.enable()


@contextlib.contextmanager
def thawed() -> Iterator[None]:
    """What a build froze while reading the cache is the collector's again when it ends (a
    process that builds many times, like the tests, does not keep it for ever)."""
    try:
        yield
    finally:
        gc.unfreeze()


class Changes:
    """What changed in a large ``dict[str, V]`` entry since it was last written whole, kept
    beside it (``heads.json.changes``): a rebuild after one change rewrites a few kB, not the
    tens of MB of every partner's head or of every drawn row. The changes name the hash of the
    entry they apply to and carry their own; they are folded into the entry when they grow
    past an eighth of it. Unreadable or not matching their entry, they make it unreadable
    (the build does the work again), never silently older."""

    @staticmethod
    def path(entry: Path) -> Path:
        return entry.with_name(entry.name + ".changes")

    @classmethod
    def apply(cls, entry: Path, codec: Fast[Any], value: Any, header: dict[str, Any]) -> Any:
        """``value`` (the entry read whole) with the changes kept beside it, if any."""
        try:
            data = cls.path(entry).read_bytes()
        except FileNotFoundError:
            return value
        cut = data.index(b"\n")
        mine = json.loads(data[:cut])
        payload = data[cut + 1 :]
        if mine["entry"] != header["hash"] or mine["hash"] != digest(payload):
            return None
        assert codec.changes is not None
        put, drop = codec.changes.decode(payload)
        for gone in drop:
            value.pop(gone, None)
        value.update(put)
        return value

    @classmethod
    def write(cls, entry: Path, codec: Fast[Any], value: Any, since: Any, key: str) -> bool:
        """Keep what changed from ``since`` (as read by this build: the entry with its changes)
        to ``value``, on top of the changes already kept; False when the entry must be written
        whole instead (it is not there as read, or the changes would be too many)."""
        try:
            with entry.open("rb") as handle:
                header = json.loads(handle.readline())
            kept = cls.path(entry)
            put: dict[str, Any] = {}
            drop: set[str] = set()
            if kept.exists():
                data = kept.read_bytes()
                cut = data.index(b"\n")
                mine = json.loads(data[:cut])
                if mine["entry"] != header["hash"] or mine["hash"] != digest(data[cut + 1 :]):
                    return False
                assert codec.changes is not None
                before, dropped = codec.changes.decode(data[cut + 1 :])
                put, drop = dict(before), set(dropped)
        except (OSError, ValueError, KeyError, TypeError, msgspec.MsgspecError):
            return False
        if header.get("key") != key:
            return False
        missing = object()
        for name, item in value.items():
            was = since.get(name, missing)
            if was is not item and was != item:
                put[name] = item
                drop.discard(name)
        for name in since.keys() - value.keys():
            put.pop(name, None)
            drop.add(name)
        if len(put) + len(drop) > max(64, len(value) // 8):
            return False
        payload = codec.dump_json((put, sorted(drop)))
        mine_header = json.dumps({"entry": header["hash"], "hash": digest(payload)}).encode()
        temporary = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        temporary.write_bytes(mine_header + b"\n" + payload)
        temporary.replace(kept)
        return True
