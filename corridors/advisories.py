"""What a forwarder must know about a route: the warnings every route carries.

A route's ``warnings`` name each element that shapes it and is not plainly open all year:

* a **seasonal** link or crossing (a fixed season: open only part of the year; with a date,
  whether it is open that day) or one with **intermittent** closures (snow, avalanches, storms,
  holidays), from ``data/seasons.csv`` (:mod:`corridors.seasons`);
* a **restricted** crossing (open with limits: see its note);
* a **planned** or **under construction** link or crossing used because planned elements were
  admitted (``include_planned=True``): the route assumes it open;
* a **closed** element nearby that would have given a better route (found by
  :func:`closures_nearby` in :func:`corridors.routing.best_route`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

from corridors.seasons import season_warning

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["path_warnings"]

_PLANNED = {"planned": "planned", "under_construction": "under construction"}


def path_warnings(G: nx.MultiDiGraph, path: Sequence[tuple[Hashable, Hashable, Hashable]],
                  date: dt.date | None = None) -> tuple[str, ...]:
    """Return the warnings of a path (see the module docstring), each once, in path order.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> path_warnings(G, [("a1", "a2", "a1-a2-rail"), ("a2", "b1", "a2-b1-rail")])
    ("Alpha-Bravo rail (crossing) is restricted: see the crossing's record",)
    """
    out: list[str] = []
    records = G.graph.get("crossings") or {}
    for u, v, k in path:
        d: Any = G[u][v][k]
        name = f"{G.nodes[u].get('name', u)}–{G.nodes[v].get('name', v)} ({d.get('mode')})"
        w = season_warning(name, d.get("seasons") or (), date)
        if w:
            out.append(w)
        status = d.get("status")
        if status in _PLANNED:
            year = f", expected {d['status_year']}" if d.get("status_year") else ""
            out.append(f"{name} is {_PLANNED[status]}{year}: assumed open "
                       "(include_planned)")
        cid = d.get("crossing")
        rec = records.get(cid) if cid else None
        if rec is None:
            continue
        label = f"{rec.name} (crossing)"
        w = season_warning(label, getattr(rec, "seasons", ()) or (), date)
        if w:
            out.append(w)
        if rec.status == "restricted":
            reason = rec.note.split(". ")[0][:120] or "see the crossing's record"
            out.append(f"{label} is restricted: {reason}")
        elif rec.status == "planned":
            out.append(f"{label} is planned: assumed open (include_planned)")
    return tuple(dict.fromkeys(out))
