"""Untrusted input files as text: read with a size cap, decoded as UTF-8 only, and refused with
a located message when they hold characters YAML cannot carry (NUL, control characters)."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from pathlib import Path

MAX_BYTES = 256 * 1024


def digest_of(raw: bytes) -> bytes:
    """What an input file's bytes are known by (the build cache keys on it)."""
    return hashlib.blake2b(raw, digest_size=16).digest()


class YamlProblem(Exception):
    """A file that cannot be parsed safely; line and column are 1-based (0 = unknown)."""

    def __init__(self, message: str, line: int = 0, column: int = 0, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path


def read_capped(path: Path) -> bytes:
    """The bytes of ``path``; a file over :data:`MAX_BYTES` is refused before it is read."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_BYTES:
            raise YamlProblem(too_big(size))
        raw = handle.read(MAX_BYTES + 1)  # a file that grows meanwhile is still bounded
    if len(raw) > MAX_BYTES:
        raise YamlProblem(too_big(len(raw), more=True))
    return raw


def too_big(size: int, *, more: bool = False) -> str:
    return f"file is {'more than ' if more else ''}{size:,} bytes; the limit is {MAX_BYTES:,}"


# Byte-order marks, longest first: UTF-32-LE's starts with UTF-16-LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
# Wide encodings without a BOM, UTF-32 first: UTF-32 text also decodes as UTF-16, with NULs.
_WIDE = (
    ("utf-32-le", "UTF-32"),
    ("utf-32-be", "UTF-32"),
    ("utf-16-le", "UTF-16"),
    ("utf-16-be", "UTF-16"),
)
# What YAML may carry (YAML 1.1 §5.1, as libyaml reads it): no C0 controls but tab and line
# breaks, no DEL, no C1 controls but NEL, no surrogates, no U+FFFE or U+FFFF.
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _wide_encoding(raw: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when ``raw`` is text in one of them (with or without a BOM)."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    sample = raw[:4096]
    if sample.count(0) * 4 < len(sample) or not sample:  # text with a stray NUL, or empty
        return None
    for codec, name in _WIDE:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _FORBIDDEN.search(text):
            return name
    return None


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of character ``offset`` of ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def decode(raw: bytes) -> str:
    """``raw`` as text, refusing other encodings and characters YAML cannot carry."""
    wide = _wide_encoding(raw)
    if wide:
        raise YamlProblem(f"file is saved as {wide}; save it as UTF-8", 1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8", line, 1
        ) from None
    text = text.removeprefix("\ufeff")
    bad = _FORBIDDEN.search(text)
    if bad:
        char = bad.group()
        if char == "\x00":
            message = "NUL characters are not allowed; save the file as plain UTF-8 text"
        elif char < "\xa0":
            message = f"control character U+{ord(char):04X} is not allowed"
        else:
            message = f"character U+{ord(char):04X} is not allowed"
        raise YamlProblem(message, *position(text, bad.start()))
    return text
