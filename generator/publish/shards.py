"""A build split across machines: each shard renders its share of the partners into its cache.

``playbook build --shard I/N`` renders the pages and PDFs of the partners whose slug falls in
shard I of N (a hash of the slug, so a partner stays in its shard as others come and go) into
``.playbook-cache/``, and records what it rendered in ``shards/``: its partners' heads
(``I-of-N.heads.json``) and the hashes of their PDFs (``I-of-N.pdfs.json``). Every file a
shard writes is named after what it holds (a partner's pages, a PDF's key) or after the shard,
so shard caches merge by copying their files into one cache folder; ``playbook build
--assemble`` then builds the site from that cache without rendering any partner, and folds the
shard records into the cache's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import TypeAdapter

from ..errors import UserError
from .buildcache import BuildCache, content_hash
from .cachefile import Codec
from .partners import HEADS, PartnerHead

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


_PDFS = TypeAdapter(dict[str, str])  # PDF key: content hash


def save(
    cache: BuildCache,
    shard: Shard,
    heads: dict[str, tuple[str, PartnerHead]],
    pdfs: dict[str, str],
) -> Path:
    """Record a shard's work in files of its own (replacing an earlier run's): its partners'
    heads and its PDFs' hashes, apart, so a build that needs only the PDFs reads only those."""
    cache.write(f"{FOLDER}/{shard.name}.pdfs.json", _PDFS, pdfs)
    name = f"{FOLDER}/{shard.name}.heads.json"
    cache.write(name, HEADS, heads)
    return cache.folder / name


def merged_heads(
    cache: BuildCache, saved: dict[str, tuple[str, PartnerHead]]
) -> tuple[dict[str, tuple[str, PartnerHead]], bool]:
    """The cache's own heads with every shard's on top, and whether there were any."""
    return _merged(cache, "heads", HEADS, saved)


def merged_pdfs(cache: BuildCache, saved: dict[str, str]) -> tuple[dict[str, str], bool]:
    """The cache's own PDF index with every shard's on top, and whether there were any."""
    return _merged(cache, "pdfs", _PDFS, saved)


T = TypeVar("T")


def _merged(
    cache: BuildCache, kind: str, adapter: Codec[dict[str, T]], saved: dict[str, T]
) -> tuple[dict[str, T], bool]:
    """Unreadable records are skipped, like any cache entry: what they held is rendered again
    (or reported missing by ``--assemble``)."""
    folder = cache.folder / FOLDER
    merged, found = dict(saved), False
    for path in sorted(folder.glob(f"*.{kind}.json")) if folder.is_dir() else []:
        record = cache.read(f"{FOLDER}/{path.name}", adapter)
        if record is not None:
            merged.update(record)
            found = True
    return merged, found


def forget(cache: BuildCache) -> None:
    """Remove the shard records once a build folded them into the cache's own."""
    folder = cache.folder / FOLDER
    for path in folder.glob("*.json") if folder.is_dir() else []:
        path.unlink(missing_ok=True)
