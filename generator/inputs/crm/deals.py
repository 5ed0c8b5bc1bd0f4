"""The rows of an export read through a mapping into opportunities, with every problem located
at its file, line and column: a missing column, an amount or date that is not one, a value the
mapping does not know, a currency other than the partner's, an id seen twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from ...errors import Diagnostic
from .csvfile import MAX_PROBLEMS, Row, Table
from .mapping import Mapping
from .values import CellProblem, amount_reader, date_reader, quoted

Outcome = Literal["won", "lost", "open"]
REQUIRED = ("id", "stage", "amount", "created", "close")
ROLES = (*REQUIRED, "forecast_category", "currency", "type", "last_activity", "registration")


@dataclass(frozen=True, slots=True)
class Deal:
    """One opportunity as the figures need it."""

    line: int
    outcome: Outcome
    category: str | None  # commit, best_case, pipeline or omitted; None when closed
    amount: float | None
    created: dt.date
    close: dt.date
    renewal: bool
    last_activity: dt.date | None
    registration: str | None  # approved, expired, submitted; None = not registered


@dataclass(frozen=True)
class Layout:
    """Where each mapped column sits in this export (None: not in it, allowed by the mapping)."""

    positions: dict[str, int | None]

    def has(self, role: str) -> bool:
        return self.positions.get(role) is not None


def layout(
    table: Table, mapping: Mapping, partner_column: str | None
) -> tuple[Layout, list[Diagnostic]]:
    """The position of every mapped column; a problem naming each required one missing."""
    positions: dict[str, int | None] = {}
    problems: list[Diagnostic] = []
    wanted = [(role, mapping.column(role)) for role in ROLES]
    if partner_column is not None:
        wanted.append(("partner", partner_column))
    for role, name in wanted:
        if name is None:
            positions[role] = None
            continue
        found = [i for i, header in enumerate(table.header) if header == name]
        if len(found) > 1:
            columns = " and ".join(str(i + 1) for i in found)
            problems.append(
                Diagnostic(table.shown, 1, found[1] + 1, name, f"column is there twice ({columns})")
            )
        positions[role] = found[0] if found else None
        if not found and role not in mapping.optional:
            heading = ", ".join(repr(h) for h in table.header[:12])
            message = (
                f"missing column {name!r} ({'--partner-column' if role == 'partner' else role} "
                f"in the mapping {mapping.label!r}); the header has {heading}"
            )
            problems.append(Diagnostic(table.shown, 1, 1, name, message))
    return Layout(positions), problems


class RowReader:
    """Reads rows into deals for one partner; collects every problem, located."""

    def __init__(self, table: Table, mapping: Mapping, where: Layout, currency: str) -> None:
        self.table, self.where, self.currency = table, where, currency
        self.stages = mapping.lookup("stages")
        self.categories = mapping.lookup("categories")
        self.types = mapping.lookup("types")
        self.registrations = mapping.lookup("registrations")
        self.category_role = "forecast_category" if where.has("forecast_category") else "stage"
        self.amount = amount_reader(mapping.numbers)
        self.date = date_reader(mapping.dates)
        self.label = mapping.label
        self.problems: list[Diagnostic] = []
        self.hidden = 0  # problems past MAX_PROBLEMS, counted only

    def problem(self, row: Row, role: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.hidden += 1
            return
        index = self.where.positions[role]
        column = 0 if index is None else index + 1
        name = "" if index is None else self.table.header[index]
        self.problems.append(Diagnostic(self.table.shown, row.line, column, name, message))

    def cell(self, row: Row, role: str) -> str:
        index = self.where.positions.get(role)
        return "" if index is None else row.cells[index]

    def read(self, rows: Iterable[Row]) -> list[Deal]:
        """The deals of ``rows``: each read by the quick path, and a row it cannot take (any
        problem at all) again by :meth:`deal`, which reports every problem of it."""
        deals = []
        quick = QuickReader(self)
        for row in rows:
            try:
                deal = quick(row.line, row.cells)
            except CellProblem:
                deal = None
            if deal is None:
                deal = self.deal(row)
            if deal is not None:
                deals.append(deal)
        return deals

    def deal(self, row: Row) -> Deal | None:
        before = len(self.problems) + self.hidden
        outcome = self._outcome(row)
        category = (
            self._value(row, self.category_role, self.categories) if outcome == "open" else None
        )
        amount = self._read(row, "amount", self.amount)
        created = self._read(row, "created", self.date)
        close = self._read(row, "close", self.date)
        activity = self._read(row, "last_activity", self.date)
        kind = self._value(row, "type", self.types, empty="new_business")
        registration = self._value(row, "registration", self.registrations, empty="")
        self._check_currency(row)
        if outcome == "won" and amount is None and self.where.has("amount"):
            self.problem(row, "amount", "is empty; a won opportunity needs its amount")
        for role, value in (("created", created), ("close", close)):
            if value is None and self.where.has(role):
                self.problem(row, role, "is empty; every opportunity needs this date")
        if len(self.problems) + self.hidden > before or created is None or close is None:
            return None
        assert outcome is not None
        return Deal(
            row.line,
            outcome,
            category,
            amount,
            created,
            close,
            kind == "renewal",
            activity,
            registration or None,
        )

    def _outcome(self, row: Row) -> Outcome | None:
        stage = self.cell(row, "stage").strip()
        if not stage:
            self.problem(row, "stage", "is empty; every opportunity has a stage")
            return None
        found = self.stages.get(stage.casefold())
        return "open" if found is None else "won" if found == "won" else "lost"

    def _value(
        self, row: Row, role: str, known: dict[str, str], empty: str | None = None
    ) -> str | None:
        if not self.where.has(role):
            return empty
        text = self.cell(row, role).strip()
        if not text and empty is not None:
            return empty
        found = known.get(text.casefold())
        if found is None:
            listed = ", ".join(sorted(known))
            what = "is empty" if not text else f"{quoted(text)} is not a value the mapping knows"
            self.problem(row, role, f"{what} (it knows: {listed})")
        return found

    def _read(self, row: Row, role: str, reader: Callable[[str], object]) -> Any:
        if not self.where.has(role):
            return None
        try:
            return reader(self.cell(row, role))
        except CellProblem as exc:
            self.problem(row, role, str(exc))
            return None

    def _check_currency(self, row: Row) -> None:
        code = self.cell(row, "currency").strip()
        if code and code.upper() != self.currency:
            self.problem(
                row,
                "currency",
                f"is {quoted(code)}, but the partner's assessment is in {self.currency}; "
                "export the partner's deals in its currency",
            )


def duplicate_ids(table: Table, where: Layout, rows: Iterable[Row]) -> list[Diagnostic]:
    """A problem for each row whose opportunity id an earlier row has, or that has none."""
    index = where.positions["id"]
    if index is None:
        return []
    first: dict[str, int] = {}
    problems: list[Diagnostic] = []
    name = table.header[index]
    for row in rows:
        key = row.cells[index].strip()
        if not key:
            problems.append(Diagnostic(table.shown, row.line, index + 1, name, "is empty"))
        elif key in first:
            message = f"duplicate opportunity id {quoted(key)} (first on line {first[key]})"
            problems.append(Diagnostic(table.shown, row.line, index + 1, name, message))
        else:
            first[key] = row.line
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


class QuickReader:
    """Reads a valid row, the usual case, in a few microseconds: None (or CellProblem) for
    anything else, which :meth:`RowReader.deal` then reads again and reports."""

    def __init__(self, reader: RowReader) -> None:
        at = reader.where.positions
        self.stage, self.amount_at = at["stage"], at["amount"]
        self.created, self.close = at["created"], at["close"]
        self.category, self.activity = at[reader.category_role], at["last_activity"]
        self.type, self.registration, self.currency_at = (
            at["type"],
            at["registration"],
            at["currency"],
        )
        self.reader = reader

    def __call__(self, line: int, cells: list[str]) -> Deal | None:
        r = self.reader
        if self.stage is None or self.created is None or self.close is None:
            return None
        found = r.stages.get(cells[self.stage].strip().casefold(), "open")
        outcome: Outcome = "won" if found == "won" else "lost" if found == "lost" else "open"
        category = None
        if outcome == "open":
            if self.category is None or not cells[self.stage].strip():
                return None
            category = r.categories.get(cells[self.category].strip().casefold())
            if category is None:
                return None
        value = r.amount(cells[self.amount_at]) if self.amount_at is not None else None
        created, close = r.date(cells[self.created]), r.date(cells[self.close])
        activity = r.date(cells[self.activity]) if self.activity is not None else None
        kind = self._value(cells, self.type, r.types)
        registration = self._value(cells, self.registration, r.registrations)
        code = cells[self.currency_at].strip() if self.currency_at is not None else ""
        if (
            created is None
            or close is None
            or kind == ""
            or registration == ""
            or (code and code.upper() != r.currency)
            or (outcome == "won" and value is None)
        ):
            return None
        renewal = kind == "renewal"
        return Deal(line, outcome, category, value, created, close, renewal, activity, registration)

    @staticmethod
    def _value(cells: list[str], at: int | None, known: dict[str, str]) -> str | None:
        """The class of the cell at ``at``: None when empty or absent, "" when unknown."""
        text = cells[at].strip() if at is not None else ""
        return known.get(text.casefold(), "") if text else None
