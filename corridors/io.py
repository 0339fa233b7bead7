"""Read a network data directory (CSV files) with the standard library.

This module only reads: it returns the rows of each table with their line numbers, so that
:mod:`corridors.validate` can name the file, row and column of any problem. It never writes
to a user's directory.
"""

from __future__ import annotations

import csv
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from corridors.errors import DataProblem, shorten
from corridors.model import TABLES
from corridors.resources import builtin_data_dir

__all__ = ["OPTIONAL_TABLES", "Row", "Tables", "builtin_data_dir", "read_tables"]

#: Tables a data directory may omit (an extension directory may omit any table).
OPTIONAL_TABLES = frozenset({"transshipments", "corridors", "terminal_types", "border_regimes",
                             "regime_defaults", "cpmm_defaults", "seasons", "emissions",
                             "electricity", "link_vehicles", "capacities"})


#: Columns of free text, where a tab or a line break (inside a quoted cell) is allowed; every
#: other control character (NUL, escape, DEL, C1 codes ...) is a problem in every cell.
FREE_TEXT_COLUMNS = frozenset({"note", "description", "title", "estimate", "model_note"})
_LAYOUT = frozenset("\t\n\r")


def _control_char(text: str, *, free_text: bool = False) -> str | None:
    """Return the first control character (Unicode category Cc) of ``text``, or None."""
    if text.isprintable():  # the common case: no control character at all
        return None
    for ch in text:
        if unicodedata.category(ch) == "Cc" and not (free_text and ch in _LAYOUT):
            return ch
    return None


def _has_control(text: str) -> bool:
    return _control_char(text) is not None


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
        try:
            base = Path(directory)
        except TypeError:
            out.problems.append(DataProblem(shorten(directory), None, None,
                                            "is not a path to a data directory"))
            continue
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
            first_at: dict[str, int] = {}
            for i, col in enumerate(header):
                if col and col in first_at:
                    out.problems.append(DataProblem(
                        file_label, 1, col,
                        f"column appears twice in the header (columns {first_at[col] + 1} and "
                        f"{i + 1}); keep one"))
                    header[i] = ""  # read the first occurrence only
                else:
                    first_at.setdefault(col, i)
            missing = [c for c in required if c not in header]
            for col in missing:
                out.problems.append(
                    DataProblem(file_label, 1, col, "required column is missing from the header")
                )
            for col in header:
                if _has_control(col):
                    out.problems.append(DataProblem(
                        file_label, 1, shorten(col), "column name contains a control character"))
            unknown = [c for c in header if c and c not in columns and not _has_control(c)]
            for col in unknown:
                out.problems.append(
                    DataProblem(
                        file_label, 1, col if len(col) <= 80 else shorten(col),
                        "unknown column; expected some of: " + ", ".join(columns),
                    )
                )
            if missing:
                return
            start = reader.line_num + 1  # a quoted cell may span lines: report the first
            for row in reader:
                line, start = start, reader.line_num + 1
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
                cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)
                         if h}
                for col, text in cells.items():
                    bad = _control_char(text, free_text=col in FREE_TEXT_COLUMNS)
                    if bad is not None:
                        out.problems.append(DataProblem(
                            file_label, line, col,
                            f"contains the control character U+{ord(bad):04X} (a NUL byte, an "
                            "escape or a line break pasted in?); remove it"))
                out.rows[table].append(Row(file_label, line, cells))
    except UnicodeDecodeError as exc:
        out.problems.append(DataProblem(file_label, None, None, f"not UTF-8 text ({exc.reason})"))
    except csv.Error as exc:
        out.problems.append(DataProblem(file_label, None, None, f"malformed CSV: {exc}"))
