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
from pathlib import Path
from typing import Any

import networkx as nx

from corridors.resources import builtin_data_dir

__all__ = ["TOLERANCE", "calibration_rows", "calibration_table", "markdown_table"]

#: A checked row passes when low * (1 - TOLERANCE) <= modelled <= high * (1 + TOLERANCE).
TOLERANCE = 0.35


def calibration_rows(path: str | Path | None = None) -> list[dict[str, str]]:
    """Return the rows of ``calibration.csv`` (default: the built-in one)."""
    p = Path(path) if path is not None else builtin_data_dir() / "calibration.csv"
    with p.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


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
    """Return every row with ``model_h``, ``ratio`` (model / published mid) and ``ok``."""
    out = []
    for row in rows if rows is not None else calibration_rows():
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
