"""What the command line prints as tables: each command's columns, with their units.

Also the OD matrix as text, and numbers for JSON and CSV without float noise. The layout
itself (width, wrapping, rounding) is :mod:`corridors.textwidth`; this module only says what
each command shows. Standard library only at import time.
"""

from __future__ import annotations

import math
from typing import Any

from corridors.textwidth import (
    Column,
    clean_number,
    render_table,
    score_unit,
    terminal_width,
    wrap,
)

__all__ = ["CROSSINGS_COLUMNS", "PLACES_COLUMNS", "RELIABILITY_COLUMNS",
           "SCENARIO_COMPARE_COLUMNS", "SCENARIO_LIST_COLUMNS", "UNIT_KINDS", "clean_frame",
           "corridors_text", "criticality_columns", "od_table", "plain", "value_title"]

#: How the numbers of a unit are rounded in tables (:data:`corridors.textwidth.KINDS`).
UNIT_KINDS = {"km": "km", "h": "h", "USD/TEU": "usd", "kg CO2e/TEU": "kg",
              "border crossings": "count"}

#: ``corridors places``.
PLACES_COLUMNS = (
    Column("id", "id", min_width=12), Column("name", "name"),
    Column("country", "country", wrap=False), Column("kind", "kind", wrap=False),
    Column("gateway_for", "gateway for", min_width=8), Column("aliases", "aliases", min_width=12),
)

#: ``corridors crossings``: hours and USD per TEU in each direction (a>b, b>a).
CROSSINGS_COLUMNS = (
    Column("name", "name", min_width=12), Column("mode", "mode", wrap=False),
    Column("countries", "pair", wrap=False), Column("regime", "regime", min_width=8),
    Column("status", "status", wrap=False),
    Column("time_h_ab", "h a>b", "h"), Column("time_h_ba", "h b>a", "h"),
    Column("cost_usd_ab", "USD/TEU a>b", "usd"), Column("cost_usd_ba", "USD/TEU b>a", "usd"),
    Column("basis", "basis", min_width=9), Column("id", "id", min_width=12),
)

#: ``corridors scenario list``.
SCENARIO_LIST_COLUMNS = (Column("name", "name", min_width=12),
                         Column("title", "title", min_width=20))

#: ``corridors scenario compare``: the changes, scenario minus base.
SCENARIO_COMPARE_COLUMNS = (
    Column("origin", "origin", min_width=8), Column("destination", "destination", min_width=8),
    Column("status", "status", wrap=False), Column("delta_km", "Δ km", "km"),
    Column("delta_crossings", "Δ crossings", "count"), Column("delta_h", "Δ h", "h"),
    Column("delta_usd", "Δ USD/TEU", "usd"), Column("delta_kg_co2e", "Δ kg CO2e/TEU", "kg"),
    Column("corridor_changed", "new corridor", min_width=3),
    Column("scenario_countries", "countries (scenario)", min_width=20),
)

#: ``corridors reliability``: ``time_h`` is the scored time, the percentiles those drawn.
RELIABILITY_COLUMNS = (
    Column("corridor", "corridor", min_width=8), Column("time_h", "h scored", "h"),
    Column("p50_h", "P50 h", "h"), Column("p90_h", "P90 h", "h"), Column("p95_h", "P95 h", "h"),
    Column("p_fastest", "fastest %", "share"), Column("crossings", "crossings", "count"),
    Column("distance_km", "km", "km"),
)


def criticality_columns(objective: str) -> tuple[Column, ...]:
    """Return the columns of ``corridors criticality``, Δ in the unit of ``objective``."""
    unit = score_unit(objective)
    return (
        Column("rank", "rank", "count"), Column("name", "name", min_width=16),
        Column("kind", "kind", wrap=False), Column("countries", "countries", min_width=5),
        Column("single_point_of_failure", "single point of failure", min_width=3),
        Column("lost_ods", "ODs lost", "count"),
        Column("delta", f"Δ {unit}", UNIT_KINDS.get(unit, "score")),
        Column("delta_share", "Δ %", "share"), Column("worst_od", "worst OD"),
    )


def value_title(attrs: dict[str, Any]) -> str:
    """Return what the cells of an OD matrix hold, with the unit (from ``frame.attrs``)."""
    from corridors.costmodel import CARBON_PRICE_USD_PER_T_CO2E, VALUE_OF_TIME_USD_PER_TEU_H

    value, unit, objective = attrs.get("value"), attrs.get("unit"), attrs.get("objective")
    names = {"distance_km": "distance", "time_h": "time", "cost_usd": "cost",
             "co2e_kg": "CO2e (well-to-wheel)", "crossings": "border crossings"}
    if value == "crossings":
        return "border crossings (a count)"
    if value != "score":
        return f"{names.get(value, value)}, {unit}"
    if objective in ("generalized", "generalized_co2"):
        co2 = (f" + {CARBON_PRICE_USD_PER_T_CO2E:g} USD per t CO2e"
               if objective == "generalized_co2" else "")
        return (f"generalized cost, {unit} (USD per TEU + {VALUE_OF_TIME_USD_PER_TEU_H:g} USD "
                f"per TEU-hour{co2})")
    if objective == "score":
        from corridors.costmodel import DEFAULT_WEIGHTS as w

        return (f"score, {unit} (km + {w.crossing_penalty_km:g} km per border crossing + "
                f"{w.transfer_penalty_km:g} km per change of mode)")
    return f"score of the profile {objective}, {unit}"


def od_table(frame: Any, G: Any, width: int | None = None) -> str:
    """Return an OD matrix as text: what the cells hold, the matrix, the gateways per cell.

    ``frame`` is :func:`corridors.routing.od_matrix`'s (its ``attrs`` say the value, unit and
    gateways); ``G`` names the gateway places.
    """
    width = terminal_width() if width is None else width
    attrs = frame.attrs
    kind = UNIT_KINDS.get(attrs.get("unit"), "score")
    lines = wrap(f"{value_title(attrs)}; origins in rows, destinations in columns, — for no "
                 "route", width, "", "  ")
    columns = [Column("o", "", wrap=False)] + [Column(f"c{j}", str(d), kind)
                                               for j, d in enumerate(frame.columns)]
    rows = [{"o": str(o), **{f"c{j}": frame.iat[i, j] for j in range(frame.shape[1])}}
            for i, o in enumerate(frame.index)]
    lines.append(render_table(rows, columns, width=width, rule=False))
    gateways = attrs.get("gateways") or {}
    if gateways:
        sets = set(attrs.get("sets", ()))

        def name(node: str) -> str:
            return str(G.nodes[node].get("name", node)) if node in G.nodes else node

        lines += ["", *wrap("gateways (the place of the network each country, region or "
                            "coordinate stands for in that cell):", width, "", "  ")]
        for d in map(str, frame.columns):
            items = []
            for o in map(str, frame.index):
                ends = gateways.get(o, {}).get(d)
                if ends:
                    start = f"{o} ({name(ends[0])})" if o in sets else o
                    items.append(f"{start} → {name(ends[1])}")
            if items:
                lines += wrap(f"{d}: " + ", ".join(items), width, "  ", "    ")
    return "\n".join(lines)


def corridors_text(rows: list[dict[str, Any]], width: int | None = None) -> str:
    """Return the named corridors as text: id and name, aliases and modes, waypoints."""
    width = terminal_width() if width is None else width
    pad = " " * 17
    lines = []
    for r in rows:
        lines += wrap(f"{r['id']:<16} {r['name']}", width, "", pad)
        lines += wrap(f"{r['aliases']}  [{r['modes']}]", width, pad, pad + "  ")
        lines += wrap(r["waypoints"], width, pad, pad + "  ")
    return "\n".join(lines)


def plain(value: Any) -> Any:
    """Return a value for JSON: a number without float noise, None for NaN and infinity."""
    value = clean_number(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def clean_frame(frame: Any) -> Any:
    """Return ``frame`` with its float columns free of float noise (for CSV)."""
    floats = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    return frame.assign(**{c: frame[c].map(clean_number) for c in floats}) if floats else frame
