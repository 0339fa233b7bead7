"""Demand tables: TEU per year between origins and destinations, for the assignment.

A demand table is a CSV file with the columns ``origin``, ``destination`` and ``teu`` (TEU per
year), and optionally ``note`` and ``source``. Origins and destinations are anything a route
query accepts: place ids, names or aliases, ISO country codes (``KZ``), regions (``europe``)
or ``lat,lon`` coordinates. Read with the standard library only.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridors.errors import ArgumentTypeError, DemandError, InputFileError, shorten

__all__ = ["DemandRow", "builtin_demand", "demand_rows", "read_demand"]

#: The columns of a demand table.
COLUMNS = ("origin", "destination", "teu")
OPTIONAL = ("note", "source")
#: More TEU per year than this in one row is a typing error (world container trade ~900 M).
MAX_TEU = 1e9


@dataclass(frozen=True)
class DemandRow:
    """One row of demand: TEU per year from ``origin`` to ``destination``."""

    origin: Any
    destination: Any
    teu: float
    where: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.teu, bool) or not isinstance(self.teu, (int, float)):
            raise DemandError(f"{self.where or 'demand'}: teu must be a number, got "
                              f"{type(self.teu).__name__} {shorten(self.teu)}")
        if not (0 <= self.teu <= MAX_TEU) or self.teu != self.teu:
            raise DemandError(f"{self.where or 'demand'}: teu {self.teu!r} must be between 0 "
                              f"and {MAX_TEU:,.0f} TEU per year")


def _coords(text: str) -> Any:
    parts = text.split(",")
    if len(parts) == 2:
        try:
            return float(parts[0]), float(parts[1])
        except ValueError:
            return text
    return text


def builtin_demand() -> dict[str, Path]:
    """Return the built-in demand tables by name (``data/demand/*.csv``)."""
    from corridors.resources import builtin_data_dir

    folder = builtin_data_dir() / "demand"
    return {f.stem: f for f in sorted(folder.glob("*.csv"))} if folder.is_dir() else {}


def read_demand(path: str | os.PathLike[str]) -> list[DemandRow]:
    """Read a demand CSV file (``origin,destination,teu``).

    Parameters
    ----------
    path : str or path-like
        The CSV file, or the name of a built-in table (:func:`builtin_demand`:
        ``"china_europe_2024"``). A ``lat,lon`` place is written quoted (``"43.2,76.9"``).

    Returns
    -------
    list of DemandRow

    Raises
    ------
    InputFileError
        If the file does not exist or is not a file.
    DemandError
        For a missing column, an empty cell or a TEU figure that is not a number, with the
        file, row and column.
    """
    p = Path(path)
    if not p.is_file():
        builtin = builtin_demand()
        if str(path) in builtin:
            p = builtin[str(path)]
        else:
            import errno

            raise InputFileError(errno.ENOENT, f"demand file {p} does not exist or is not a "
                                 "file; give a CSV file with columns origin,destination,teu, "
                                 f"or a built-in table: {', '.join(sorted(builtin))}", str(p))
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DemandError(f"{p.name}: not UTF-8 text ({exc.reason})") from None
    return _parse(text, p.name)


def _parse(text: str, label: str) -> list[DemandRow]:
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    if not header:
        raise DemandError(f"{label}: the file is empty; write a header "
                          "origin,destination,teu and one row per OD pair")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise DemandError(f"{label}, row 1: missing column(s) {', '.join(missing)} (the header "
                          f"must name origin, destination, teu; got {shorten(','.join(header))})")
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL]
    if unknown:
        raise DemandError(f"{label}, row 1, column {shorten(unknown[0])}: unknown column; "
                          f"expected {', '.join(COLUMNS + OPTIONAL)}")
    at = {c: header.index(c) for c in COLUMNS}
    rows: list[DemandRow] = []
    line = 1
    for line, cells in enumerate(reader, 2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise DemandError(f"{label}, row {line}: {len(cells)} cells for {len(header)} "
                              "columns (an unquoted comma? quote a 'lat,lon' place)")
        get = {c: (cells[i].strip() if i < len(cells) else "") for c, i in at.items()}
        for c in COLUMNS:
            if not get[c]:
                raise DemandError(f"{label}, row {line}, column {c}: is empty")
        try:
            teu = float(get["teu"])
        except ValueError:
            raise DemandError(f"{label}, row {line}, column teu: {shorten(get['teu'])} is not a "
                              "number of TEU per year") from None
        rows.append(DemandRow(_coords(get["origin"]), _coords(get["destination"]), teu,
                              f"{label}, row {line}, column teu"))
    if not rows:
        raise DemandError(f"{label}: no demand rows after the header")
    return rows


def demand_rows(demand: Any) -> list[DemandRow]:
    """Return demand given as a file, a DataFrame, mappings or ``(origin, destination, teu)``.

    Raises
    ------
    ArgumentTypeError
        For anything else.
    DemandError
        For a malformed row.
    """
    if isinstance(demand, (str, os.PathLike)):
        return read_demand(demand)
    if hasattr(demand, "to_dict") and hasattr(demand, "columns"):  # a DataFrame
        missing = [c for c in COLUMNS if c not in demand.columns]
        if missing:
            raise DemandError(f"demand table: missing column(s) {', '.join(missing)}")
        demand = demand[list(COLUMNS)].to_dict("records")
    if not isinstance(demand, Iterable) or isinstance(demand, (bytes, Mapping)):
        raise ArgumentTypeError(f"demand must be a CSV path, a DataFrame or rows of "
                                f"(origin, destination, teu), got {type(demand).__name__}")
    rows = []
    for i, item in enumerate(demand, 1):
        where = f"demand row {i}"
        if isinstance(item, DemandRow):
            rows.append(item)
        elif isinstance(item, Mapping):
            try:
                rows.append(DemandRow(item["origin"], item["destination"], item["teu"], where))
            except KeyError as exc:
                raise DemandError(f"{where}: no {exc.args[0]!r}") from None
        elif isinstance(item, (tuple, list)) and len(item) == 3:
            rows.append(DemandRow(*item, where=where))
        else:
            raise ArgumentTypeError(f"{where}: expected (origin, destination, teu), got "
                                    f"{shorten(item)}")
    if not rows:
        raise DemandError("demand: no rows")
    return rows
