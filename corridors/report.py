"""Render routes for people and programs: terminal tables, JSON, CSV (standard library only).

The JSON document is the command line's stable, documented output (see the README):

``{"origin": {...}, "destination": {...}, "query": {...}, "routes": [route, ...]}`` where each
route has at least ``rank``, ``distance_km``, ``border_crossings`` (a count), ``time_h``,
``cost_usd``, ``co2e_kg`` (well-to-wheel per TEU, with ``co2e_ttw_kg`` and ``payload_t``),
``countries`` (ISO codes in order), ``crossings`` (each ``id``, ``name``, ``from_country``,
``to_country``, ``mode``), ``modes`` and ``legs`` (each ``from``, ``to``, ``mode``,
``distance_km``, ``time_h``, ``cost_usd``, ``co2e_kg``, ``vehicle``, ``crossing``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from corridors.route import Route
from corridors.textwidth import (
    Column,
    format_number,
    render_table,
    terminal_width,
    wrap,
    wrap_items,
)

__all__ = ["SCHEMA_VERSION", "routes_csv", "routes_document", "routes_table"]

#: Version of the JSON document layout; bumped only on incompatible changes.
SCHEMA_VERSION = 1


def _place(route_place: str, name: str, G_nodes: Mapping[str, Any] | None) -> dict[str, Any]:
    data = (G_nodes or {}).get(route_place, {})
    return {"id": route_place, "name": name or data.get("name", route_place),
            "country": data.get("country")}


def route_record(route: Route, rank: int) -> dict[str, Any]:
    """Return one route as the JSON-ready dict of the documented layout."""
    return {
        "rank": rank,
        "corridor": route.corridor,
        "objective": route.objective,
        "distance_km": round(route.distance_km, 1),
        "border_crossings": route.crossings,
        "time_h": round(route.time_h, 1),
        "time_days": round(route.time_h / 24, 2),
        "cost_usd": round(route.cost_usd),
        "cost_unit": "USD per TEU",
        "co2e_kg": round(route.co2e_kg, 1),
        "co2e_ttw_kg": round(route.co2e_ttw_kg, 1),
        "co2e_unit": "kg CO2e per TEU, well-to-wheel (ISO 14083 / GLEC)",
        "payload_t": route.payload_t,
        "score": round(route.score, 1),
        "countries": list(route.countries),
        "crossings": [
            {"id": x.id, "name": x.name, "from_country": x.from_country,
             "to_country": x.to_country, "mode": x.mode, "gauge_change": x.gauge_change}
            for x in route.border_crossings
        ],
        "modes": list(route.modes),
        "sea_km": round(route.sea_km, 1),
        "transshipments": len(route.transshipments),
        "transfers": route.transfers,
        "gauge_breaks": len(route.gauge_breaks),
        "planned_share": round(route.planned_share, 4),
        "origin_access_km": round(route.origin_access_km, 1),
        "destination_access_km": round(route.destination_access_km, 1),
        "warnings": list(route.warnings),
        "legs": [
            {"from": leg.from_place, "to": leg.to_place, "from_name": leg.from_name,
             "to_name": leg.to_name, "mode": leg.mode, "link_id": leg.link_id,
             "distance_km": round(leg.distance_km, 1), "time_h": round(leg.time_h, 2),
             "cost_usd": round(leg.cost_usd, 1), "crossing": leg.crossing,
             "transfer_h": round(leg.transfer_h, 2), "transfer_usd": round(leg.transfer_usd, 1),
             "co2e_kg": round(leg.co2e_kg, 2), "co2e_ttw_kg": round(leg.co2e_ttw_kg, 2),
             "vehicle": leg.vehicle, "co2e_g_tkm": round(leg.co2e_g_tkm, 2),
             "status": leg.status}
            for leg in route.legs
        ],
    }


def routes_document(
    routes: Sequence[Route],
    *,
    origin: str,
    destination: str,
    query: Mapping[str, Any],
    nodes: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the JSON document for a set of routes.

    Parameters
    ----------
    routes : sequence of Route
        Ranked routes (rank 1 first).
    origin, destination : str
        What the user asked for (shown as given, with the resolved place of the first route).
    query : mapping
        The constraints and options used.
    nodes : mapping, optional
        ``G.nodes`` to add names and countries of the end places.
    """
    first = routes[0] if routes else None
    warnings = list(dict.fromkeys(w for r in routes for w in r.warnings))
    return {
        "schema_version": SCHEMA_VERSION,
        "warnings": warnings,
        "origin": {"query": origin, **(_place(first.origin, first.origin_name, nodes)
                                       if first else {})},
        "destination": {"query": destination, **(
            _place(first.destination, first.destination_name, nodes) if first else {})},
        "query": dict(query),
        "routes": [route_record(r, i) for i, r in enumerate(routes, 1)],
    }


def routes_csv(routes: Sequence[Route]) -> str:
    """Return one CSV row per leg of every route, with the route's rank."""
    import csv

    out = io.StringIO()
    columns = ["rank", "corridor", "leg", "from", "from_name", "from_country", "to", "to_name",
               "to_country", "mode", "link_id", "crossing", "distance_km", "time_h", "cost_usd",
               "co2e_kg", "co2e_ttw_kg", "vehicle", "cum_distance_km", "cum_time_h",
               "cum_cost_usd", "cum_co2e_kg"]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for rank, route in enumerate(routes, 1):
        for rec in route.leg_records():
            writer.writerow({"rank": rank, "corridor": route.corridor or "", **{
                k: (round(v, 3) if isinstance(v, float) else v) for k, v in rec.items()}})
    return out.getvalue()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _crossing_text(route: Route, leg: Any) -> str:
    """Return the "border / transfer" cell of a leg."""
    text = ""
    if leg.crossing:
        use = next((x for x in route.border_crossings if x.id == leg.crossing), None)
        text = f"{use.from_country}→{use.to_country} {use.name}" if use else leg.crossing
    if leg.transfer_h or leg.transfer_usd:
        change = f"transfer +{format_number(leg.transfer_h, 'h')} h"
        text = f"{change}; {text}" if text else change
    return text


#: The columns of the legs table of a route block (units in the headings).
_LEG_COLUMNS = (
    Column("i", "", "count"), Column("from", "from", min_width=12),
    Column("to", "to", min_width=12), Column("mode", "mode", wrap=False),
    Column("km", "km", "km"), Column("h", "h", "h"), Column("usd", "USD/TEU", "usd"),
    Column("kg", "kg CO2e/TEU", "kg"), Column("border", "border / transfer", min_width=16),
)


def route_block(route: Route, rank: int | None = None, *, legs: bool = True,
                width: int | None = None) -> str:
    """Return a route as a block of text that fits ``width`` columns.

    Long lines (facts, crossing names, warnings) wrap onto indented continuation lines and
    the legs table wraps its text columns; nothing is cut. Only a single word longer than a
    line can overflow it.

    Parameters
    ----------
    route : Route
        The route.
    rank : int, optional
        Shown as ``#rank`` before the title.
    legs : bool
        Add the table of legs.
    width : int, optional
        Columns to fit (default: :func:`~corridors.textwidth.terminal_width`).
    """
    width = terminal_width() if width is None else width
    head = f"#{rank} " if rank is not None else ""
    title = route.corridor + ": " if route.corridor else ""
    title += f"{route.origin_name or route.origin} → {route.destination_name or route.destination}"
    lines = wrap(f"{head}{title}", width, "", "   ")
    days = route.time_h / 24
    stats = [f"{format_number(route.distance_km, 'km')} km",
             _plural(route.crossings, "border crossing"),
             f"{format_number(route.time_h, 'h')} h ({format_number(days, 'days')} days)",
             f"{format_number(route.cost_usd, 'usd')} USD/TEU",
             f"{format_number(route.co2e_kg, 'kg')} kg CO2e/TEU"]
    if route.sea_km:
        stats.append(f"{format_number(route.sea_km, 'km')} km by sea")
    lines += wrap_items(stats, width, "   ", subsequent="     ")
    facts = ["countries " + " > ".join(route.countries), "modes " + ", ".join(route.modes)]
    if route.transshipments:
        facts.append(f"{len(route.transshipments)} transshipment(s)")
    if route.gauge_breaks:
        facts.append(f"{len(route.gauge_breaks)} gauge break(s)")
    if route.planned_share:
        facts.append(f"{format_number(route.planned_share, 'share')}% on planned links")
    lines += wrap_items(facts, width, "   ", subsequent="     ")
    for x in route.border_crossings:
        gauge = ", gauge change" if x.gauge_change else ""
        lines += wrap(f"crossing {x.from_country}→{x.to_country}: {x.name} ({x.mode}{gauge})",
                      width, "   ", "     ")
    if route.origin_access_km or route.destination_access_km:
        lines += wrap(f"access {format_number(route.origin_access_km, 'km')} km and egress "
                      f"{format_number(route.destination_access_km, 'km')} km to the network "
                      "not included", width, "   ", "     ")
    for w in route.warnings:
        lines += wrap(f"! {w}", width, "   ", "     ")
    if legs and route.legs:
        rows = [{"i": i, "from": leg.from_name or leg.from_place,
                 "to": leg.to_name or leg.to_place, "mode": leg.mode, "km": leg.distance_km,
                 "h": leg.time_h, "usd": leg.cost_usd, "kg": leg.co2e_kg,
                 "border": _crossing_text(route, leg)}
                for i, leg in enumerate(route.legs, 1)]
        lines.append(render_table(rows, _LEG_COLUMNS, width=width, indent="   ", rule=False))
    return "\n".join(lines)


def routes_table(routes: Sequence[Route], *, legs: bool = True, width: int | None = None) -> str:
    """Return ranked routes as terminal text: one block per route (:func:`route_block`)."""
    width = terminal_width() if width is None else width
    return "\n\n".join(route_block(r, i, legs=legs, width=width)
                        for i, r in enumerate(routes, 1))


#: The columns of :func:`routes_summary` (units in the headings).
_SUMMARY_COLUMNS = (
    Column("rank", "#", "count"), Column("corridor", "corridor", min_width=8),
    Column("km", "km", "km"), Column("h", "h", "h"), Column("usd", "USD/TEU", "usd"),
    Column("kg", "kg CO2e/TEU", "kg"), Column("bc", "crossings", "count"),
    Column("countries", "countries (! warnings)", min_width=16),
)


def _summary_row(route: Route, rank: int | None) -> dict[str, Any]:
    warn = f" !{len(route.warnings)}" if route.warnings else ""
    return {"rank": rank, "corridor": route.corridor or "—", "km": route.distance_km,
            "h": route.time_h, "usd": route.cost_usd, "kg": route.co2e_kg,
            "bc": route.crossings, "countries": " > ".join(route.countries) + warn}


def summary_line(route: Route, rank: int | None = None) -> str:
    """Return one line for a route: rank, name, km, h, USD, crossings, countries, warnings."""
    table = render_table([_summary_row(route, rank)], _SUMMARY_COLUMNS, width=10**6,
                         rule=False)
    return table.splitlines()[1]


def routes_summary(routes: Sequence[Route], *, group: bool = False,
                   width: int | None = None) -> str:
    """Return one line per route; with ``group``, one per corridor (same crossings).

    Grouped, each line is the first route (in the given order) of its crossing sequence, with
    the count of near-identical variants it stands for. The lines fit ``width`` columns
    (default: :func:`~corridors.textwidth.terminal_width`): when they would not, the corridor
    and countries wrap onto continuation lines.
    """
    columns = list(_SUMMARY_COLUMNS)
    if not group:
        rows = [_summary_row(r, i) for i, r in enumerate(routes, 1)]
    else:
        groups: dict[tuple[str, ...], list[Route]] = {}
        for r in routes:
            groups.setdefault(tuple(x.id for x in r.border_crossings), []).append(r)
        rows = [{**_summary_row(members[0], i), "variants": len(members) - 1 or None}
                for i, members in enumerate(groups.values(), 1)]
        columns.insert(-1, Column("variants", "variants", "count"))
    return render_table(rows, columns, width=width, rule=False)
