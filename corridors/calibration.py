"""Published transit times beside the model's: the calibration table (``data/calibration.csv``).

Each row is a published door-to-door or leg transit time (operators, ministries, trade press;
``source`` in ``sources.csv``) between two places of the network, with the vias that pin its
corridor. :func:`calibration_table` routes each one by time along those vias (``measure``
``route``: the whole modelled time; ``sailing``: the sailing time alone, for ferry crossings
published as "hours at sea") and sets the modelled hours beside the published range. Rows
marked ``checked = yes`` must fall within :data:`TOLERANCE` of the published range (the test
suite enforces it); the others say in ``model_note`` why the model differs.
"""

from __future__ import annotations

import csv
import math
import os
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from corridors.errors import ArgumentTypeError, DataError, DataProblem, shorten
from corridors.resources import builtin_data_dir

__all__ = ["REQUIRED_COLUMNS", "TOLERANCE", "calibration_rows", "calibration_table",
           "markdown_table"]

#: A checked row passes when low * (1 - TOLERANCE) <= modelled <= high * (1 + TOLERANCE).
TOLERANCE = 0.35


#: Columns every calibration row needs (``data/README.md`` describes them all).
REQUIRED_COLUMNS = ("id", "origin", "destination", "via", "mode", "published_h_low",
                    "published_h_high", "measure")
_MEASURES = ("route", "sailing")


def _row_problems(row: Mapping[str, Any]) -> list[tuple[str | None, str]]:
    """Return ``(column, message)`` for everything wrong with one calibration row."""
    out: list[tuple[str | None, str]] = []
    for col in REQUIRED_COLUMNS:
        if not isinstance(row.get(col), str):
            out.append((col, "is missing"))
    if out:
        return out
    for col in ("id", "origin", "destination", "mode", "measure"):
        if not row[col].strip():
            out.append((col, "is empty; a value is required"))
    for col, value in row.items():
        if isinstance(value, str) and not value.isprintable() and any(
                unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
            out.append((str(col), "contains a control character (a NUL byte?); remove it"))
    bounds = []
    for col in ("published_h_low", "published_h_high"):
        try:
            hours = float(row[col])
        except ValueError:
            hours = math.nan
        if not math.isfinite(hours) or hours <= 0:
            out.append((col, f"{shorten(row[col])} is not a number of hours > 0"))
        bounds.append(hours)
    if all(math.isfinite(h) for h in bounds) and bounds[0] > bounds[1]:
        out.append(("published_h_high", f"{bounds[1]:g} is below published_h_low {bounds[0]:g}"))
    if row["measure"].strip() and row["measure"] not in _MEASURES:
        out.append(("measure", f"{shorten(row['measure'])} is not one of: "
                               f"{', '.join(_MEASURES)}"))
    return out


def calibration_rows(path: str | Path | None = None) -> list[dict[str, str]]:
    """Return the rows of ``calibration.csv`` (default: the built-in one).

    Raises
    ------
    DataError
        If the file cannot be read (missing, a directory, not UTF-8 CSV) or a row is
        malformed; every problem names the file, the row and the column.
    ArgumentTypeError
        If ``path`` is not a path (str or path-like).
    """
    if path is None:
        p = builtin_data_dir() / "calibration.csv"
    elif isinstance(path, (str, os.PathLike)) and not isinstance(path, bytes):
        p = Path(path)
    else:
        raise ArgumentTypeError(f"calibration_rows: path must be a path to a calibration CSV "
                                f"file (str or os.PathLike), got {type(path).__name__} "
                                f"{shorten(path)}")
    name = p.name

    def fail(row: int | None, column: str | None, message: str) -> DataError:
        return DataError([DataProblem(name, row, column, message)], directory=str(p.parent))

    try:
        with p.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise DataError([DataProblem(name, 1, c, "required column is missing from the "
                                             "header") for c in missing], directory=str(p.parent))
            rows, problems = [], []
            for row in reader:
                line = reader.line_num
                if None in row:
                    problems.append(DataProblem(name, line, None, "more cells than columns "
                                                "(an unquoted comma?)"))
                    continue
                problems.extend(DataProblem(name, line, col, msg)
                                for col, msg in _row_problems(row))
                rows.append(row)
    except OSError as exc:
        raise fail(None, None, f"cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise fail(None, None, f"not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise fail(None, None, f"malformed CSV: {shorten(str(exc))}") from None
    if problems:
        raise DataError(problems, directory=str(p.parent))
    return rows


def modelled_hours(G: nx.MultiDiGraph, row: dict[str, str]) -> float:
    """Return the model's hours for one calibration row (see the module docstring)."""
    from corridors.routing import best_route
    from corridors.scoring import DEFAULT_COST_MODEL

    via = [v for v in row["via"].split("|") if v]
    # a row's mode is one mode, several (``rail|sea``: the published service's modes), or
    # ``multimodal`` (any)
    parts = [m for m in row["mode"].split("|") if m in ("rail", "road", "sea")]
    modes = parts or None
    route = best_route(G, row["origin"], row["destination"], "time", via=via, modes=modes,
                       closures=False)
    if row["measure"] == "sailing":
        hours = 0.0
        for u, v, k in route.edges:
            d = G[u][v][k]
            if d.get("mode") == "sea":
                hours += d["distance_km"] / (d.get("speed_kmh")
                                             or DEFAULT_COST_MODEL.speed_kmh["sea"])
        return hours
    return route.time_h


def calibration_table(G: nx.MultiDiGraph, rows: list[dict[str, str]] | None = None
                      ) -> list[dict[str, Any]]:
    """Return every row with ``model_h``, ``ratio`` (model / published mid) and ``ok``.

    Raises
    ------
    DataError
        If a given row is malformed (its number in ``rows`` is the row).
    ArgumentTypeError
        If ``rows`` is not a list of mappings (column to text).
    UnknownPlaceError, NoRouteError
        If a row's places are not in ``G`` or not connected there.
    """
    if rows is None:
        rows = calibration_rows()
    if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
        raise ArgumentTypeError(f"calibration_table: rows must be a list of rows (mappings of "
                                f"column to text, as calibration_rows() returns), got "
                                f"{type(rows).__name__} {shorten(rows)}")
    rows = list(rows)
    for i, row in enumerate(rows, 1):
        if not isinstance(row, Mapping):
            raise ArgumentTypeError(f"calibration_table: row {i} must be a mapping of column "
                                    f"to text, got {type(row).__name__} {shorten(row)}")
    problems = [DataProblem("calibration rows", i, col, msg) for i, row in enumerate(rows, 1)
                for col, msg in _row_problems(row)]
    if problems:
        raise DataError(problems)
    out = []
    for row in rows:
        low, high = float(row["published_h_low"]), float(row["published_h_high"])
        model = modelled_hours(G, row)
        ok = low * (1 - TOLERANCE) <= model <= high * (1 + TOLERANCE)
        out.append({**row, "model_h": model, "ratio": model / ((low + high) / 2), "ok": ok})
    return out


def markdown_table(table: list[dict[str, Any]]) -> str:
    """Return the calibration table as Markdown (for ``docs/calibration.md``)."""
    lines = ["| id | from → to | what | published h | model h | ratio | checked | note |",
             "|---|---|---|---|---|---|---|---|"]
    for r in table:
        pub = (r["published_h_low"] if r["published_h_low"] == r["published_h_high"]
               else f"{r['published_h_low']}–{r['published_h_high']}")
        check = ("yes, within ±35%" if r["ok"] else "**FAILS**") if r["checked"] == "yes" \
            else "no"
        lines.append(f"| {r['id']} | {r['origin']} → {r['destination']} | "
                     f"{r['what'][:60]} ({r['year']}; {r['source'].split('|')[0]}) | {pub} | "
                     f"{r['model_h']:.0f} | {r['ratio']:.2f} | {check} | {r['model_note']} |")
    return "\n".join(lines)
