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

__all__ = ["SCHEMA_VERSION", "routes_csv", "routes_document", "routes_table"]

#: Version of the JSON document layout; bumped only on incompatible changes.
SCHEMA_VERSION = 1

_WIDTH = 100


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


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def route_block(route: Route, rank: int | None = None, *, legs: bool = True) -> str:
    """Return a route as a block of text at most 100 columns wide."""
    head = f"#{rank} " if rank is not None else ""
    title = route.corridor + ": " if route.corridor else ""
    title += f"{route.origin_name or route.origin} → {route.destination_name or route.destination}"
    lines = [_cut(f"{head}{title}", _WIDTH)]
    days = route.time_h / 24
    lines.append(
        f"   {route.distance_km:,.0f} km · {route.crossings} border crossing"
        f"{'s' if route.crossings != 1 else ''} · {route.time_h:,.0f} h ({days:.1f} days) · "
        f"{route.cost_usd:,.0f} USD/TEU · {route.co2e_kg:,.0f} kg CO2e/TEU"
        + (f" · {route.sea_km:,.0f} km by sea" if route.sea_km else "")
    )
    facts = ["countries " + " > ".join(route.countries), "modes " + ", ".join(route.modes)]
    if route.transshipments:
        facts.append(f"{len(route.transshipments)} transshipment(s)")
    if route.gauge_breaks:
        facts.append(f"{len(route.gauge_breaks)} gauge break(s)")
    if route.planned_share:
        facts.append(f"{route.planned_share:.0%} on planned links")
    lines.append(_cut("   " + " · ".join(facts), _WIDTH))
    for x in route.border_crossings:
        gauge = ", gauge change" if x.gauge_change else ""
        lines.append(_cut(f"   crossing {x.from_country}→{x.to_country}: {x.name} "
                          f"({x.mode}{gauge})", _WIDTH))
    if route.origin_access_km or route.destination_access_km:
        lines.append(f"   access {route.origin_access_km:,.0f} km and egress "
                     f"{route.destination_access_km:,.0f} km to the network not included")
    lines.extend(_cut(f"   ! {w}", _WIDTH) for w in route.warnings)
    if legs and route.legs:
        lines.append(f"   {'':>3} {'from':<20} {'to':<20} {'mode':<4} {'km':>6} {'h':>6} "
                     f"{'USD':>6} {'kgCO2e':>6}  border / transfer")
        for i, leg in enumerate(route.legs, 1):
            crossing = ""
            if leg.crossing:
                use = next((x for x in route.border_crossings if x.id == leg.crossing), None)
                crossing = (f"{use.from_country}→{use.to_country} {use.name}"
                            if use else leg.crossing)
            if leg.transfer_h or leg.transfer_usd:
                change = f"transfer +{leg.transfer_h:g} h"
                crossing = f"{change}; {crossing}" if crossing else change
            row = (f"   {i:>3} {_cut(leg.from_name or leg.from_place, 20):<20} "
                   f"{_cut(leg.to_name or leg.to_place, 20):<20} {leg.mode:<4} "
                   f"{leg.distance_km:>6,.0f} {leg.time_h:>6,.1f} {leg.cost_usd:>6,.0f} "
                   f"{leg.co2e_kg:>6,.0f}"
                   f"{'  ' + crossing if crossing else ''}")
            lines.append(_cut(row, _WIDTH))
    return "\n".join(lines)


def routes_table(routes: Sequence[Route], *, legs: bool = True) -> str:
    """Return ranked routes as terminal text: one block per route."""
    return "\n\n".join(route_block(r, i, legs=legs) for i, r in enumerate(routes, 1))


def summary_line(route: Route, rank: int | None = None) -> str:
    """Return one line for a route: rank, name, km, h, USD, crossings, countries, warnings."""
    head = f"#{rank:<3}" if rank is not None else ""
    name = route.corridor or "—"
    countries = ">".join(route.countries)
    warn = f" !{len(route.warnings)}" if route.warnings else ""
    return (f"{head}{_cut(name, 16):<16} {route.distance_km:>7,.0f} km {route.time_h:>6,.0f} h "
            f"{route.cost_usd:>7,.0f} USD {route.co2e_kg:>6,.0f} kg {route.crossings:>2} bc  "
            f"{countries}{warn}")


def routes_summary(routes: Sequence[Route], *, group: bool = False) -> str:
    """Return one line per route; with ``group``, one per corridor (same crossings).

    Grouped, each line is the first route (in the given order) of its crossing sequence, with
    the count of near-identical variants it stands for.
    """
    header = (f"{'#':<4}{'corridor':<16} {'distance':>10} {'time':>8} {'cost':>11} "
              f"{'CO2e':>9} {'bc':>3}  countries (! warnings)")
    lines = [header]
    if not group:
        lines.extend(summary_line(r, i) for i, r in enumerate(routes, 1))
        return "\n".join(lines)
    groups: dict[tuple[str, ...], list[Route]] = {}
    for r in routes:
        groups.setdefault(tuple(x.id for x in r.border_crossings), []).append(r)
    for i, members in enumerate(groups.values(), 1):
        extra = f"  (+{len(members) - 1} variants)" if len(members) > 1 else ""
        lines.append(summary_line(members[0], i) + extra)
    return "\n".join(lines)
