"""Named corridors side by side: each routed along its definition, versus the free optimum.

A named corridor (:class:`corridors.model.Corridor`, ``G.graph["corridors"]``) is defined by
its ``path``: ordered slots of alternative border crossings or places (TITR: a Caspian ferry
Aktau/Kuryk-Alat, then an Azerbaijan-Georgia crossing, then a Georgian Black Sea port). To
route an origin-destination pair along a corridor (:func:`route_along`):

1. an **access leg** from the origin to the first slot, by any links (it may cross other
   borders: Dushanbe reaches the Middle Corridor through Uzbekistan and Kazakhstan);
2. each crossing slot is crossed by one of its crossings, and between two slots the route
   stays on the corridor: it crosses **no other border**;
3. an **egress leg** from the last slot to the destination, by any links.

A route that must leave a country and come back to reach the corridor (Almaty into China and
back to use the China-Kazakhstan crossing of CAREC 1) *doubles back*: the corridor does not
serve the pair.

Each stage is an exact search over ``(place, arrival class)`` states started from the states
the previous stage settled (the layered search of :func:`~corridors.routing.best_route`), so
the route is the best one that follows the definition. Corridors run both ways: the slots are
tried in the listed order and reversed, and the better route is kept.

A corridor does not serve the pair, and is listed in ``skipped`` with the real reason, when a
slot cannot be used (its crossings are closed, out of season, avoided or planned), when the
origin cannot reach it or the destination cannot be reached from it, or when its route scores
more than ``max_detour`` times the best route in the corridor's own modes (like with like: a
rail and sea corridor beside the best rail and sea route, not beside a truck).
"""

from __future__ import annotations

import logging
import math
import numbers
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from corridors.errors import ConstraintError, CorridorsError, shorten
from corridors.model import Corridor
from corridors.route import RouteList
from corridors.routing.request import Request, build_request
from corridors.routing.shortest import EdgePath, SearchTree, route_for, solve, state_dijkstra
from corridors.routing.targets import PlaceQuery
from corridors.scoring import CostModel, ScoreWeights, edge_class

__all__ = ["compare_corridors", "route_along"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: A crossing stage: new state -> (score, previous state, edge).
Jump = dict[Any, tuple[float, Any, tuple[Hashable, Hashable, Hashable]]]


def _names(G: nx.MultiDiGraph, slot: Iterable[str]) -> str:
    records = G.graph.get("crossings") or {}
    out = []
    for t in slot:
        rec = records.get(t)
        if rec is not None:
            out.append(f"{rec.name} ({rec.status})" if rec.status != "open" else rec.name)
        else:
            out.append(str(G.nodes[t].get("name", t)) if t in G else t)
    return " / ".join(out)


def _ride(request: Request, slots: tuple[tuple[str, ...], ...]
          ) -> tuple[EdgePath, Hashable] | str:
    """Return the best path along the slots in this order, or the reason there is none."""
    G, w = request.G, request.weight
    records = G.graph.get("crossings") or {}
    options, transfer, bound = w.options, w.transfer, w.transfer_bound

    def no_cross(u: Hashable, v: Hashable, kd: Any) -> Any:
        return options(u, v, {k: d for k, d in kd.items() if not d.get("crossing")})

    sources: dict[Any, float] = {(o, None): 0.0 for o in sorted(request.origin.nodes, key=str)}
    stages: list[SearchTree | Jump] = []
    for i, slot in enumerate(slots):
        xs = {t for t in slot if t in records}
        targets = ({p for t in xs for p in (records[t].post_a, records[t].post_b)} if xs
                   else {t for t in slot if t in G})
        tree = state_dijkstra(G, options if i == 0 else no_cross, transfer, sources, targets,
                              stop="states", bound=bound)
        reached = tree.keys_at(targets)
        if not reached:
            where = "the origin" if i == 0 else "the previous slot without another border"
            return f"{_names(G, slot)} cannot be reached from {where}"
        stages.append(tree)
        if not xs:
            sources = reached
            continue
        jump: Jump = {}
        for (p, cls), d in reached.items():
            for v, kd in G._succ[p].items():
                for k, e in kd.items():
                    if e.get("crossing") not in xs or not w.admits(p, v, k, e):
                        continue
                    c2 = edge_class(e)
                    t = transfer(p, cls, c2)
                    if t is None:
                        continue
                    nd = d + t + w.score(p, v, e)
                    if (v, c2) not in jump or nd < jump[(v, c2)][0]:
                        jump[(v, c2)] = (nd, (p, cls), (p, v, k))
        if not jump:
            return f"no usable crossing among {_names(G, slot)}"
        stages.append(jump)
        sources = {st: val[0] for st, val in jump.items()}
    final = state_dijkstra(G, options, transfer, sources, set(request.destination.nodes),
                           stop="first", bound=bound)
    if final.hit is None:
        return "the destination cannot be reached from the corridor's end"
    stages.append(final)
    key = final.key_of(final.hit)
    parts: list[EdgePath] = []
    for st in reversed(stages):
        if isinstance(st, dict):
            _, key, edge = st[key]
            parts.append([edge])
        else:
            part, key = st.walk(key)
            parts.append(part)
    path: EdgePath = [e for part in reversed(parts) for e in part]
    return path, key[0]


def route_along(request: Request, corridor: Corridor) -> tuple[EdgePath, Hashable] | str:
    """Return the best path of a request that follows ``corridor``, or why there is none.

    Both directions of the corridor are tried (see the module docstring).
    """
    if not corridor.path:
        return "the corridor has no path (crossings) defined"
    records = request.G.graph.get("crossings") or {}
    w = request.weight
    for slot in corridor.path:
        xs = [t for t in slot if t in records]
        if xs and len(xs) == len(slot):
            usable = [t for t in xs for u, v, k, d in _crossing_edges(request.G, t)
                      if w.admits(u, v, k, d)]
            if not usable:
                return f"{_names(request.G, slot)}: {_why_unusable(request, xs)}"
    best: tuple[float, EdgePath, Hashable] | None = None
    reasons = []
    for order in (corridor.path, corridor.path[::-1]):
        got = _ride(request, order)
        if isinstance(got, str):
            reasons.append(got)
            continue
        from corridors.scoring import score_path

        sc = score_path(request.G, got[0], request.weights, cost_model=request.cost_model,
                        facts=False).score
        if best is None or sc < best[0]:
            best = (sc, *got)
    if best is None:
        return reasons[0]
    return best[1], best[2]


def _why_unusable(request: Request, crossing_ids: list[str]) -> str:
    """Say why none of these crossings can be used."""
    G, c = request.G, request.constraints
    records = G.graph.get("crossings") or {}
    recs = [records[x] for x in crossing_ids]
    avoided = sorted({cc for r in recs for cc in (r.country_a, r.country_b)}
                     & set(c.avoid_countries))
    if avoided and all({r.country_a, r.country_b} & set(avoided) for r in recs):
        return f"enters {', '.join(avoided)}, which is avoided"
    if all(r.status == "closed" for r in recs):
        since = sorted({r.status_since for r in recs if r.status_since})
        return "closed" + (f" since {since[-1]}" if since else "")
    if all(r.status == "planned" for r in recs):
        return "planned, not open (include_planned to assume it open)"
    if c.date is not None:
        return f"closed, out of season on {c.date} or not operational"
    return "not usable under the constraints (closed, avoided or not operational)"


def _doubles_back(countries: tuple[str, ...]) -> str | None:
    """Return a country the route enters twice (leaving and coming back), or None."""
    seen: set[str] = set()
    for cc in countries:
        if cc in seen:
            return cc
        seen.add(cc)
    return None


def _crossing_edges(G: nx.MultiDiGraph, cid: str) -> list[tuple[Any, Any, Any, Any]]:
    rec = (G.graph.get("crossings") or {}).get(cid)
    if rec is None:
        return []
    out = []
    for a, b in ((rec.post_a, rec.post_b), (rec.post_b, rec.post_a)):
        if a in G and b in G._succ[a]:
            out.extend((a, b, k, d) for k, d in G._succ[a][b].items() if d.get("crossing") == cid)
    return out


def compare_corridors(
    G: nx.MultiDiGraph,
    origin: PlaceQuery,
    destination: PlaceQuery,
    objective: str | ScoreWeights = "generalized",
    *,
    corridors: Iterable[str] | None = None,
    max_detour: float | None = 1.5,
    modes: Iterable[str] | str | None = None,
    avoid_countries: Iterable[str] | str = (),
    avoid_places: Iterable[Any] | str = (),
    avoid_crossings: Iterable[str] | str = (),
    avoid_links: Iterable[str] | str = (),
    max_crossings: int | None = None,
    include_planned: bool = False,
    date: Any = None,
    cost_model: CostModel | None = None,
) -> RouteList:
    """Compare the named corridors that can serve a pair with the free optimum.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network; its ``G.graph["corridors"]`` lists the corridors.
    origin, destination : str or (float, float)
        Places (see :func:`~corridors.routing.best_route`).
    objective : str or ScoreWeights
        The score that picks each route.
    corridors : iterable of str, optional
        Corridor ids (or labels) to compare; default all.
    max_detour : float or None
        Drop a corridor whose route scores more than this multiple of the free optimum
        (None keeps them all): a finite number >= 1 (1 keeps only corridors as good as the
        best route).
    modes, avoid_countries, avoid_places, avoid_crossings, avoid_links, max_crossings, \
include_planned, date, cost_model
        As in :func:`~corridors.routing.best_route`, applied to every route.

    Returns
    -------
    RouteList
        The free optimum first (``corridor=None``), then one route per serving corridor
        (``corridor`` = its label) in score order. ``.table()`` shows them side by side;
        ``.skipped`` maps each dropped corridor's label to the reason.

    Raises
    ------
    NoRouteError
        If there is no route at all between the places.
    ConstraintError
        For an unknown corridor id, or ``max_detour`` that is not None or a finite number
        >= 1.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> [(r.corridor, r.distance_km) for r in compare_corridors(G, "a2", "c2", "distance")]
    [(None, 720.0), ('SC', 720.0)]
    """
    _check_max_detour(max_detour)
    request = build_request(
        G, origin, destination, objective, modes=modes, avoid_countries=avoid_countries,
        avoid_places=avoid_places, avoid_crossings=avoid_crossings, avoid_links=avoid_links,
        max_crossings=max_crossings, include_planned=include_planned, date=date,
        cost_model=cost_model)
    free = solve(request, closures=True)
    references: dict[frozenset[str], Any] = {}

    def reference(c: Corridor) -> Any:
        """Return the free optimum in the corridor's modes (within the request's)."""
        allowed = request.constraints.modes
        own = frozenset(c.modes) if c.modes else None
        key = own if allowed is None else (own & allowed if own else allowed)
        if not key or key == allowed:
            return free
        if key not in references:
            try:
                references[key] = solve(build_request(
                    G, origin, destination, objective, modes=sorted(key),
                    avoid_countries=avoid_countries, avoid_places=avoid_places,
                    avoid_crossings=avoid_crossings, avoid_links=avoid_links,
                    max_crossings=max_crossings, include_planned=include_planned, date=date,
                    cost_model=cost_model), closures=False)
            except CorridorsError:
                references[key] = free
        return references[key]

    out = []
    skipped: dict[str, str] = {}
    for c in _corridors(G, corridors):
        got = route_along(request, c)
        if isinstance(got, str):
            skipped[c.label] = got
        else:
            route = route_for(request, got[0], got[1], corridor=c.label)
            limit = request.constraints.max_crossings
            back = _doubles_back(route.countries)
            if back is not None and _doubles_back(free.countries) is None:
                skipped[c.label] = (f"doubles back: the route would leave {back} and come back "
                                    "only to use the corridor's crossings")
            elif limit is not None and route.crossings > limit:
                skipped[c.label] = f"{route.crossings} border crossings, more than {limit}"
            elif max_detour is not None and route.score > max_detour * (
                    ref := reference(c)).score + 1e-9:
                what = "the free optimum" if ref is free else "the best route in its modes"
                skipped[c.label] = (f"score {route.score:,.0f} is more than {max_detour:g} x "
                                    f"that of {what} ({ref.score:,.0f})")
            else:
                out.append(route)
                continue
        logger.info("corridor %s skipped: %s", c.label, skipped[c.label])
    out.sort(key=lambda r: r.score)
    result = RouteList([free, *out])
    result.skipped = skipped
    return result


def _check_max_detour(max_detour: Any) -> float | None:
    """Return ``max_detour`` if it is None or a finite number >= 1, else raise ConstraintError.

    A corridor's route never scores less than the best route, so a factor below 1 would drop
    every corridor, and NaN would keep them all without saying so.
    """
    if max_detour is None:
        return None
    ok = isinstance(max_detour, numbers.Real) and not isinstance(max_detour, bool) \
        and math.isfinite(max_detour) and max_detour >= 1
    if not ok:
        raise ConstraintError(f"max_detour must be a finite number >= 1 (a multiple of the "
                              f"best route's score) or None to keep every corridor, got "
                              f"{shorten(max_detour)}")
    return float(max_detour)


def _corridors(G: nx.MultiDiGraph, ids: Iterable[str] | None) -> list[Corridor]:
    records: dict[str, Corridor] = dict(G.graph.get("corridors") or {})
    if ids is None:
        return [records[k] for k in sorted(records)]
    by_label = {c.label.casefold(): c for c in records.values()}
    out = []
    for x in [ids] if isinstance(ids, str) else ids:
        c = records.get(x) or by_label.get(str(x).casefold())
        if c is None:
            raise ConstraintError(f"unknown corridor {x!r}; known: {sorted(records)}")
        out.append(c)
    return out
