"""Parse data cells and collect problems with file, row and column.

:class:`Checker` is shared by the readers of the data tables (:mod:`corridors.validate`,
:mod:`corridors.emissions`): each method reads one cell, adds a
:class:`~corridors.errors.DataProblem` when it is wrong and returns what it could parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from corridors.errors import ECHO_LIMIT, DataProblem, shorten
from corridors.io import Row
from corridors.model import Source

__all__ = ["Checker", "by_id", "enum_values", "provenance"]

SLUG = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


class Checker:
    """Accumulates problems while parsing cells."""

    def __init__(self) -> None:
        self.problems: list[DataProblem] = []

    def add(self, row: Row | None, column: str | None, message: str, file: str = "") -> None:
        """Record a problem at ``row`` and ``column`` (or in ``file`` without a row)."""
        if row is None:
            self.problems.append(DataProblem(file, None, column, message))
        else:
            self.problems.append(DataProblem(row.file, row.line, column, message))

    def text(self, row: Row, column: str, *, required: bool = False) -> str:
        """Return the cell's text; an empty required cell is a problem."""
        value = row.get(column)
        if required and not value:
            self.add(row, column, "is empty; a value is required")
        return value

    def slug(self, row: Row, column: str) -> str:
        """Return a required lowercase slug id (``aktau_port``)."""
        value = self.text(row, column, required=True)
        if value and not SLUG.match(value):
            self.add(row, column, f"{shorten(value)} is not a lowercase slug like 'aktau_port'")
        return value

    def number(
        self,
        row: Row,
        column: str,
        *,
        required: bool = False,
        minimum: float | None = None,
        maximum: float | None = None,
        positive: bool = False,
    ) -> float | None:
        """Return the cell as a finite float in range, or None (empty or a problem)."""
        value = row.get(column)
        if not value:
            if required:
                self.add(row, column, "is empty; a number is required")
            return None
        try:
            number = float(value)
        except ValueError:
            self.add(row, column, f"{shorten(value)} is not a number")
            return None
        if number != number or number in (float("inf"), float("-inf")):
            self.add(row, column, f"{shorten(value)} is not a finite number")
            return None
        shown = value if len(value) <= ECHO_LIMIT else shorten(value)
        if positive and number <= 0:
            self.add(row, column, f"{shown} must be greater than 0")
        elif minimum is not None and number < minimum:
            self.add(row, column, f"{shown} is below the minimum {minimum:g}")
        elif maximum is not None and number > maximum:
            self.add(row, column, f"{shown} is above the maximum {maximum:g}")
        return number

    def choice(self, row: Row, column: str, valid: Iterable[str], *, default: str = "") -> str:
        """Return the cell (or ``default``); a value not in ``valid`` is a problem."""
        value = row.get(column) or default
        options = list(valid)
        if value not in options:
            self.add(row, column, f"{shorten(value)} is not one of: " + ", ".join(options))
        return value

    def multi(self, row: Row, column: str, valid: Iterable[str] | None = None) -> tuple[str, ...]:
        """Return the ``|``-separated parts of the cell, each checked against ``valid``."""
        parts = tuple(p.strip() for p in row.get(column).split("|") if p.strip())
        if valid is not None:
            options = list(valid)
            for part in parts:
                if part not in options:
                    self.add(row, column, f"{shorten(part)} is not one of: " + ", ".join(options))
        return parts

    def year(self, row: Row, column: str) -> str:
        """Return the cell; a value that is not a year like 2014 is a problem."""
        value = row.get(column)
        if value and not re.fullmatch(r"(1[89]|20)[0-9]{2}", value):
            self.add(row, column, f"{shorten(value)} is not a year like 2014")
        return value


def enum_values(enum: Any) -> list[str]:
    """Return the values of an enumeration's members."""
    return [member.value for member in enum]


def by_id(checker: Checker, rows: list[Row], key: str = "id") -> list[tuple[Row, str]]:
    """Return (row, id) pairs; a repeated id in one file is a problem, a later file overrides."""
    seen: dict[str, Row] = {}
    for row in rows:
        ident = row.get(key)
        if not ident:
            # a row without its id would be dropped without a word: say so
            checker.add(row, key, f"is empty; every row needs its {key!r}")
            continue
        first = seen.get(ident)
        if first is not None and first.file == row.file:
            checker.add(row, key, f"duplicate id {shorten(ident)} (first at row {first.line})")
            continue
        seen[ident] = row
    return [(row, ident) for ident, row in seen.items()]


def provenance(checker: Checker, row: Row, sources: dict[str, Source]) -> tuple[str, ...]:
    """Return a row's source ids; unknown ids, or neither source nor estimate, are problems."""
    ids = checker.multi(row, "source")
    for ident in ids:
        if ident not in sources:
            checker.add(row, "source", f"source id {shorten(ident)} is not in sources.csv")
    if not ids and not row.get("estimate"):
        checker.add(
            row,
            "source",
            "no source and not flagged as an estimate: cite a source id from sources.csv or "
            "describe the estimation method in 'estimate'",
        )
    return ids
