"""One best route as a flat record, and the rows comparing a scenario with the base.

:func:`route_record` gives a route's figures (km, crossings, hours, USD, score, kg CO2e ...)
or why there is none; :func:`compare_row` turns the base's and a scenario's records of one
origin-destination pair into a row of :data:`COMPARE_COLUMNS`. Both
:func:`corridors.scenarios.compare_scenarios` and :func:`corridors.batch.scenario_batch` build
their tables from them, so both give the same numbers. :func:`parse_od_pairs` reads
``"ORIGIN:DESTINATION"`` pairs. :mod:`corridors.scenarios` re-exports every public name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from corridors.costmodel import CostModel, check_cost_model
from corridors.errors import (
    ArgumentTypeError,
    ConstraintError,
    NoRouteError,
    UnknownPlaceError,
    shorten,
)

__all__ = [
    "COMPARE_COLUMNS",
    "DEFAULT_OD_PAIRS",
    "compare_row",
    "parse_od_pairs",
    "route_record",
]

#: Origin-destination pairs used by the notebook and as a CLI default: Kazakh and Tajik
#: origins to Europe, the Caucasus, Türkiye and South Asia, plus the Ferghana valley.
DEFAULT_OD_PAIRS: tuple[tuple[str, str], ...] = (
    ("almaty", "duisburg"),
    ("almaty", "baku"),
    ("almaty", "istanbul"),
    ("tashkent", "karachi"),
    ("dushanbe", "karachi"),
    ("dushanbe", "osh"),
    ("kashgar", "tashkent"),
)


def parse_od_pairs(items: Iterable[str | Sequence[Any]] | str) -> list[tuple[Any, Any]]:
    """Return origin-destination pairs from ``"A:B"`` strings (also ``A->B``, ``A,B``) or pairs.

    Examples
    --------
    >>> parse_od_pairs(["almaty:duisburg", ("dushanbe", "karachi")])
    [('almaty', 'duisburg'), ('dushanbe', 'karachi')]

    Raises
    ------
    ArgumentTypeError
        If ``items`` is not a list, or an item neither text nor a pair.
    ConstraintError
        For text that is not ``"A:B"``, or a pair that does not have two places.
    """
    if isinstance(items, str):
        items = [items]
    if isinstance(items, (bytes, Mapping)) or not isinstance(items, Iterable):
        raise ArgumentTypeError(f"origin-destination pairs are a list of 'ORIGIN:DESTINATION' "
                                f"strings or (origin, destination) pairs, got "
                                f"{type(items).__name__} {shorten(items)}")
    out: list[tuple[Any, Any]] = []
    for item in items:
        if isinstance(item, str):
            parts = [p.strip() for p in re.split(r"->|:|,", item, maxsplit=1)]
            if len(parts) != 2 or not all(parts):
                raise ConstraintError(f"origin-destination pair {shorten(item)} is not "
                                      "ORIGIN:DESTINATION")
            out.append((parts[0], parts[1]))
        else:
            if isinstance(item, (bytes, Mapping)) or not isinstance(item, Iterable):
                raise ArgumentTypeError(f"origin-destination pair {shorten(item)} is not "
                                        "ORIGIN:DESTINATION nor (origin, destination), but "
                                        f"{type(item).__name__}")
            pair = tuple(item)
            if len(pair) != 2:
                raise ConstraintError(f"origin-destination pair {shorten(item)} does not have "
                                      "two places")
            out.append((pair[0], pair[1]))
    return out


def _route_options() -> tuple[str, ...]:
    """Keyword options of :func:`~corridors.routing.best_route` a caller may pass through."""
    import inspect

    from corridors.routing import best_route

    return tuple(n for n, prm in inspect.signature(best_route).parameters.items()
                 if prm.kind is inspect.Parameter.KEYWORD_ONLY and n != "cost_model")


def _od_label(x: Any) -> str:
    return x if isinstance(x, str) else str(tuple(x))


def route_record(G: nx.MultiDiGraph, origin: Any, destination: Any,
                 objective: Any = "generalized", *, cost_model: CostModel | None = None,
                 raise_unknown: bool = False, **constraints: Any) -> dict[str, Any]:
    """Return the best route's figures as a flat dict, or why there is none.

    Used by :func:`~corridors.scenarios.compare_scenarios` and :mod:`corridors.batch` so both
    give the same numbers. Keys: ``ok`` (bool), ``reason`` (str), and when ``ok``:
    ``distance_km``, ``crossings``, ``time_h``, ``cost_usd``, ``score``, ``co2e_kg`` and
    ``co2e_ttw_kg`` (kg CO2e per TEU, well-to-wheel and tank-to-wheel, at the cost model's
    ``payload_t``), ``signature`` (tuple), ``countries`` (tuple), ``crossing_names`` (tuple),
    ``planned_share``.

    Parameters
    ----------
    raise_unknown : bool
        Raise :class:`~corridors.errors.UnknownPlaceError` and
        :class:`~corridors.errors.ConstraintError` (the base network: a typo) instead of
        reporting them (a scenario network: the place or country may be closed).
    """
    from corridors.network import check_graph, check_keywords
    from corridors.routing import best_route

    check_graph(G, "route_record")
    check_cost_model(cost_model)
    check_keywords(constraints, _route_options(), "route_record")
    catch: tuple[type[Exception], ...] = (NoRouteError,)
    if not raise_unknown:
        catch = (NoRouteError, UnknownPlaceError, ConstraintError)
    try:
        r = best_route(G, origin, destination, objective, cost_model=cost_model, **constraints)
    except catch as exc:
        reason = str(exc)
        if isinstance(exc, UnknownPlaceError):
            reason = f"{exc.query!r} is not in this network (closed by the scenario?)"
        return {"ok": False, "reason": reason}
    return {
        "ok": True, "reason": "", "distance_km": r.distance_km, "crossings": r.crossings,
        "time_h": r.time_h, "cost_usd": r.cost_usd, "score": r.score,
        "co2e_kg": r.co2e_kg, "co2e_ttw_kg": r.co2e_ttw_kg,
        "signature": tuple(r.signature), "countries": tuple(r.countries),
        "crossing_names": tuple(x.name for x in r.border_crossings),
        "planned_share": r.planned_share,
    }


#: (column suffix, route_record key) of the figures compared: base, scenario and delta.
_METRICS = (("km", "distance_km"), ("crossings", "crossings"), ("h", "time_h"),
            ("usd", "cost_usd"), ("score", "score"), ("kg_co2e", "co2e_kg"))

#: Columns of :func:`corridors.scenarios.compare_scenarios` and
#: :func:`corridors.batch.scenario_batch`: ``base_*``, ``scenario_*`` and ``delta_*`` (scenario
#: minus base) of ``km``, ``crossings``, ``h``, ``usd``, ``score`` and ``kg_co2e`` (well-to-wheel
#: kg CO2e per TEU), then countries, corridors, flags and the reason.
COMPARE_COLUMNS = (
    "scenario", "origin", "destination", "status",
    *(f"{p}_{m}" for m, _ in _METRICS for p in ("base", "scenario", "delta")),
    "base_countries", "scenario_countries", "base_corridor", "scenario_corridor",
    "corridor_changed", "countries_changed", "reason",
)


def compare_row(scenario: str, origin: Any, destination: Any, base: Mapping[str, Any],
                new: Mapping[str, Any]) -> dict[str, Any]:
    """Return one row of :func:`~corridors.scenarios.compare_scenarios` from two records.

    ``base`` and ``new`` are :func:`route_record` dicts.

    ``status`` is ``"unchanged"``, ``"changed"`` (same corridor, other figures: km, hours,
    USD, score or kg CO2e -- a scenario that only changes ``payload_t`` changes the latter),
    ``"rerouted"`` (another corridor), ``"impossible"`` (no route in the scenario),
    ``"enabled"`` (a route only in the scenario) or ``"no route"`` (neither).
    """
    nan = float("nan")
    row: dict[str, Any] = {"scenario": scenario, "origin": _od_label(origin),
                           "destination": _od_label(destination)}
    for m, key in _METRICS:
        b = base[key] if base["ok"] else nan
        s = new[key] if new["ok"] else nan
        row[f"base_{m}"], row[f"scenario_{m}"] = b, s
        row[f"delta_{m}"] = s - b if base["ok"] and new["ok"] else nan
    for prefix, rec in (("base", base), ("scenario", new)):
        row[f"{prefix}_countries"] = " > ".join(rec["countries"]) if rec["ok"] else ""
        row[f"{prefix}_corridor"] = ("; ".join(rec["crossing_names"]) or "(no crossing)"
                                     if rec["ok"] else "")
    both = base["ok"] and new["ok"]
    row["corridor_changed"] = bool(both and base["signature"] != new["signature"])
    row["countries_changed"] = bool(both and base["countries"] != new["countries"])
    if both:
        same = all(base[k] == new[k] for _, k in _METRICS)
        row["status"] = ("rerouted" if row["corridor_changed"]
                         else "unchanged" if same else "changed")
        row["reason"] = ""
    elif base["ok"]:
        row["status"], row["reason"] = "impossible", new["reason"]
    elif new["ok"]:
        row["status"], row["reason"] = "enabled", base["reason"]
    else:
        row["status"], row["reason"] = "no route", new["reason"]
    return row
