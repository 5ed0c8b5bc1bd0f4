"""A CRM export read as a table of text cells, whatever the spreadsheet or CRM did to it: a
UTF-8 byte-order mark (or UTF-16 with one), Windows line endings, commas, semicolons, tabs or
bars between cells (sniffed from the header, or set by the mapping), quoted cells spanning
lines, and the footer lines some report exports end with. Cells stay text: nothing is
evaluated, a formula is a string like any other.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import Diagnostic, ValidationFailed
from ..discovery import shown as shown_path

MAX_CSV_BYTES = 512 * 1024 * 1024  # far above 100,000 rows (about 20 MB)
MAX_PROBLEMS = 50  # shown per run; the rest are counted
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "|": "|"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Row:
    """One data row: the line of the file where it starts, and its cells."""

    line: int
    cells: list[str]


@dataclass
class Table:
    """The export as read: its name, hash, header and rows."""

    shown: str  # the path as users see it, for messages
    name: str  # the file name, for the record
    sha256: str
    delimiter: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    footer: int = 0  # lines of a report footer left out

    def index(self, column: str) -> int | None:
        """The position of ``column`` in the header, or None."""
        try:
            return self.header.index(column)
        except ValueError:
            return None


def read_table(path: Path, delimiter: str, expected: Sequence[str]) -> Table:
    """The table in ``path``; ``delimiter`` is a mapping's (``auto`` = the one under which the
    header holds most of the ``expected`` columns). ValidationFailed with lines and columns."""
    where = shown_path(path)
    raw = _read(path, where)
    text = _decode(raw, where)
    first_line = text.split("\n", 1)[0].rstrip("\r")
    sep = DELIMITERS[delimiter] if delimiter != "auto" else _sniff(first_line, expected)
    table = Table(where, path.name, hashlib.sha256(raw).hexdigest(), sep, [])
    _fill(table, text)
    return table


def _read(path: Path, where: str) -> bytes:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CSV_BYTES + 1)
    except OSError as exc:
        message = f"cannot read: {exc.strerror}"
        raise ValidationFailed([Diagnostic(where, 0, 0, "", message)]) from None
    if len(raw) > MAX_CSV_BYTES:
        message = f"file is larger than {MAX_CSV_BYTES // 2**20:,} MiB; export fewer rows"
        raise ValidationFailed([Diagnostic(where, 0, 0, "", message)])
    if not raw.strip():
        raise ValidationFailed([Diagnostic(where, 0, 0, "", "the file is empty")])
    return raw


def _decode(raw: bytes, where: str) -> str:
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), "utf-8")
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"not {encoding.upper().removesuffix('-SIG')} text (byte 0x{raw[exc.start]:02x}); "
            "export the report as UTF-8 (Salesforce: encoding 'Unicode (UTF-8)'; "
            "Excel: 'CSV UTF-8')"
        )
        raise ValidationFailed([Diagnostic(where, line, column, "", message)]) from None


def _sniff(header: str, expected: Sequence[str]) -> str:
    """The separator under which the header line names most expected columns (then: has most
    cells); a comma when nothing tells."""
    wanted = set(expected)

    def score(sep: str) -> tuple[int, int]:
        try:
            cells = [c.strip() for c in next(csv.reader([header], delimiter=sep), [])]
        except csv.Error:
            return (-1, 0)
        return (len(wanted.intersection(cells)), len(cells))

    return max(DELIMITERS.values(), key=score)


def _fill(table: Table, text: str) -> None:
    """Read the header and rows into ``table``; a report footer at the end is left out."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter, strict=True)
    problems: list[Diagnostic] = []
    blank_before: list[bool] = []
    blank = False
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not "".join(cells).strip():
                blank = True
                continue
            if not table.header:
                table.header = [c.strip() for c in cells]
                continue
            table.rows.append(Row(start, cells))
            blank_before.append(blank)
            blank = False
    except csv.Error as exc:
        problems.append(Diagnostic(table.shown, reader.line_num, 1, "", f"not valid CSV: {exc}"))
    _drop_footer(table, blank_before)
    width = len(table.header)
    for row in table.rows:
        if len(row.cells) != width and len(problems) < MAX_PROBLEMS:
            message = f"the row has {len(row.cells)} cells, the header {width}"
            problems.append(Diagnostic(table.shown, row.line, 1, "", message))
    if not table.header:
        problems.append(Diagnostic(table.shown, 1, 1, "", "no header row"))
    if problems:
        raise ValidationFailed(problems)


def _drop_footer(table: Table, blank_before: list[bool]) -> None:
    """Leave out the lines a report export ends with ("Grand Totals", "Copyright", "Generated
    By"): one cell each, after a blank line, to the end of the file."""
    end = len(table.rows)
    while end and sum(1 for c in table.rows[end - 1].cells if c.strip()) <= 1:
        end -= 1
    if end < len(table.rows) and blank_before[end] and len(table.header) > 1:
        table.footer = len(table.rows) - end
        del table.rows[end:]
