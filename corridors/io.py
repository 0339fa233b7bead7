"""Read a network data directory (CSV files) with the standard library.

This module only reads: it returns the rows of each table with their line numbers, so that
:mod:`corridors.validate` can name the file, row and column of any problem. It never writes
to a user's directory.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from corridors.errors import DataProblem
from corridors.model import TABLES
from corridors.resources import builtin_data_dir

__all__ = ["OPTIONAL_TABLES", "Row", "Tables", "builtin_data_dir", "read_tables"]

#: Tables a data directory may omit (an extension directory may omit any table).
OPTIONAL_TABLES = frozenset({"transshipments", "corridors", "terminal_types", "border_regimes",
                             "regime_defaults", "cpmm_defaults", "seasons"})


@dataclass(frozen=True)
class Row:
    """One data row: where it came from and its cells (column -> stripped text)."""

    file: str
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """Return the stripped cell text, ``""`` when the column is absent or empty."""
        return self.cells.get(column, "") or ""


@dataclass
class Tables:
    """The rows of every table of one or more data directories, in reading order."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in TABLES})
    directories: list[str] = field(default_factory=list)
    problems: list[DataProblem] = field(default_factory=list)


def read_tables(*directories: str | os.PathLike[str], tables: Tables | None = None) -> Tables:
    """Read the CSV tables of one or more data directories.

    Later directories add to (and, for an existing id, replace) earlier ones; that is left to
    validation. The first directory must hold every required table; later ones may hold any.

    Parameters
    ----------
    *directories : str or path-like
        Data directories, e.g. the built-in one then a user's extension.
    tables : Tables, optional
        Accumulate into this object instead of a new one.

    Returns
    -------
    Tables
        Rows with their file and line, plus any problems met while reading.
    """
    out = tables if tables is not None else Tables()
    for index, directory in enumerate(directories):
        base = Path(directory)
        label = "" if index == 0 and not out.directories else f"{base.name}/"
        out.directories.append(str(base))
        if not base.is_dir():
            out.problems.append(
                DataProblem(str(base), None, None, "is not a directory of network data")
            )
            continue
        for name, spec in TABLES.items():
            path = base / spec.file
            file_label = label + spec.file
            if not path.is_file():
                if index == 0 and name not in OPTIONAL_TABLES:
                    out.problems.append(
                        DataProblem(file_label, None, None, "required file is missing")
                    )
                continue
            _read_one(path, file_label, name, out)
    return out


def _read_one(path: Path, file_label: str, table: str, out: Tables) -> None:
    columns, required = TABLES[table].columns, TABLES[table].required
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                out.problems.append(DataProblem(file_label, None, None, "file is empty"))
                return
            header = [h.strip() for h in header]
            missing = [c for c in required if c not in header]
            for col in missing:
                out.problems.append(
                    DataProblem(file_label, 1, col, "required column is missing from the header")
                )
            unknown = [c for c in header if c and c not in columns]
            for col in unknown:
                out.problems.append(
                    DataProblem(
                        file_label, 1, col,
                        "unknown column; expected some of: " + ", ".join(columns),
                    )
                )
            if missing:
                return
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(header):
                    out.problems.append(
                        DataProblem(
                            file_label, line, None,
                            f"{len(row)} cells for {len(header)} columns (an unquoted comma?)",
                        )
                    )
                    continue
                cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
                out.rows[table].append(Row(file_label, line, cells))
    except UnicodeDecodeError as exc:
        out.problems.append(DataProblem(file_label, None, None, f"not UTF-8 text ({exc.reason})"))
    except csv.Error as exc:
        out.problems.append(DataProblem(file_label, None, None, f"malformed CSV: {exc}"))
