"""A build split across machines: each shard renders its share of the partners into its cache.

``playbook build --shard I/N`` renders the pages and PDFs of the partners whose slug falls in
shard I of N (a hash of the slug, so a partner stays in its shard as others come and go) into
``.playbook-cache/``, and records what it rendered in ``shards/I-of-N.json``: its partners'
heads and the hashes of their PDFs. Every file a shard writes is either named after what it
holds (a partner's pages, a PDF's key) or after the shard, so shard caches merge by copying
their files into one cache folder; ``playbook build --assemble`` then builds the site from that
cache without rendering any partner, and folds the shard records into the cache's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from ..errors import UserError
from .buildcache import BuildCache, content_hash
from .partners import PartnerHead

FOLDER = "shards"


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (from 1) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not found or not 1 <= int(found[1]) <= int(found[2]):
            raise UserError(f"--shard must be I/N with 1 <= I <= N (like 2/4), got {text!r}")
        return cls(int(found[1]), int(found[2]))

    def takes(self, slug: str) -> bool:
        """Whether this shard renders the partner: the same answer on every machine."""
        return int(content_hash(slug)[:12], 16) % self.count == self.index - 1

    @property
    def name(self) -> str:
        return f"{self.index}-of-{self.count}"


@dataclass(frozen=True)
class ShardRecord:
    """What a shard rendered: its partners' heads by slug (with their cache keys) and the
    content hashes of its PDFs by key."""

    heads: dict[str, tuple[str, PartnerHead]]
    pdfs: dict[str, str]


_RECORD = TypeAdapter(ShardRecord)


def save(cache: BuildCache, shard: Shard, record: ShardRecord) -> Path:
    """Record a shard's work in its own file of the cache (replacing an earlier run's)."""
    name = f"{FOLDER}/{shard.name}.json"
    cache.write(name, _RECORD, record)
    return cache.folder / name


def records(cache: BuildCache) -> list[ShardRecord]:
    """Every shard record copied into the cache (unreadable ones are skipped, like any cache
    entry: what they held is rendered again, or missing for ``--assemble``)."""
    folder = cache.folder / FOLDER
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        record = cache.read(f"{FOLDER}/{path.name}", _RECORD)
        if record is not None:
            found.append(record)
    return found


def merged_heads(
    saved: dict[str, tuple[str, PartnerHead]], shards: Iterable[ShardRecord]
) -> dict[str, tuple[str, PartnerHead]]:
    """The cache's own heads with the shards' on top (a shard's are the newer)."""
    heads = dict(saved)
    for record in shards:
        heads.update(record.heads)
    return heads


def merged_pdfs(saved: dict[str, str], shards: Iterable[ShardRecord]) -> dict[str, str]:
    index = dict(saved)
    for record in shards:
        index.update(record.pdfs)
    return index


def forget(cache: BuildCache) -> None:
    """Remove the shard records once a build folded them into the cache's own."""
    folder = cache.folder / FOLDER
    for path in folder.glob("*.json") if folder.is_dir() else []:
        path.unlink(missing_ok=True)
