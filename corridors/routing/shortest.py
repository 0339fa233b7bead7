"""Best route for one objective: Dijkstra over sets of places, chained through ordered vias.

The search is Dijkstra's algorithm on the :class:`~corridors.routing.constraints.Weight` of the
request (the best admitted parallel edge of each pair of places). Origins, destinations and vias
may be sets (a country, a region): the origins are the sources of one multi-source search, the
first destination settled wins, and each via set is a stage of a layered search (a route goes
origin -> some place of via 1 -> some place of via 2 ... -> destination; each stage starts from
the previous stage's settled distances), which is exact for sets, not a greedy chain of legs.
Legs between vias may repeat places. A ``max_crossings`` limit switches to the exact
resource-constrained label-setting search of :mod:`corridors.routing.pareto`.

Ties are broken deterministically: among equal scores the place reached first in graph order
wins, and among parallel edges the first key.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from itertools import count
from typing import Any

import networkx as nx

from corridors.route import Route, make_route
from corridors.routing.request import Request, build_request, no_route_error
from corridors.routing.targets import PlaceQuery
from corridors.scoring import CostModel, ScoreWeights

__all__ = ["best_path", "best_route", "dijkstra", "path_to", "staged_search", "staged_tree"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: ``best(u, v, parallel_edges) -> (score, key) | None``
BestFn = Callable[[Hashable, Hashable, Mapping[Hashable, Mapping[str, Any]]],
                  "tuple[float, Hashable] | None"]
Pred = dict[Hashable, "tuple[Hashable, Hashable] | None"]
EdgePath = list[tuple[Hashable, Hashable, Hashable]]


def dijkstra(
    G: nx.MultiDiGraph,
    best: BestFn,
    sources: Mapping[Hashable, float],
    targets: Collection[Hashable] | None = None,
    *,
    stop: str = "first",
    reverse: bool = False,
) -> tuple[dict[Hashable, float], Pred, Hashable | None]:
    """Run Dijkstra from several sources with initial distances.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network (or a view of it).
    best : callable
        ``best(u, v, d) -> (score, key) | None``, e.g. ``Weight.best``.
    sources : mapping of node to float
        Start places and their initial distances (insertion order breaks ties).
    targets : collection of node, optional
        Places to reach. With ``stop="first"`` the search ends when the first one is settled;
        with ``stop="all"`` when every one is settled. Without targets it settles everything.
    stop : {"first", "all"}
        See ``targets``.
    reverse : bool
        Search backwards along edges (distances *to* the sources); ``pred`` then maps a place to
        the next place and key towards the sources.

    Returns
    -------
    dist : dict
        Final distances of the settled places.
    pred : dict
        ``pred[v] = (u, key)`` of the edge used to reach ``v`` (None for a source kept at its
        initial distance).
    hit : node or None
        The first target settled (``stop="first"``), else None.
    """
    adj = G._pred if reverse else G._succ
    dist: dict[Hashable, float] = {}
    seen: dict[Hashable, float] = {}
    pred: Pred = {}
    c = count()
    heap: list[tuple[float, int, Hashable]] = []
    for s, d0 in sources.items():
        if s not in adj:
            continue
        if s not in seen or d0 < seen[s]:
            seen[s] = d0
            pred[s] = None
            heap.append((d0, next(c), s))
    heapq.heapify(heap)
    want = set(targets) if targets is not None else None
    first = stop == "first"
    push, pop = heapq.heappush, heapq.heappop
    while heap:
        d, _, u = pop(heap)
        if u in dist:
            continue
        dist[u] = d
        if want is not None and u in want:
            if first:
                return dist, pred, u
            want.discard(u)
            if not want:
                break
        for v, kd in adj[u].items():
            if v in dist:
                continue
            r = best(v, u, kd) if reverse else best(u, v, kd)
            if r is None:
                continue
            nd = d + r[0]
            old = seen.get(v)
            if old is None or nd < old:
                seen[v] = nd
                pred[v] = (u, r[1])
                push(heap, (nd, next(c), v))
    return dist, pred, None


def _walk(pred: Pred, node: Hashable) -> tuple[EdgePath, Hashable]:
    """Follow ``pred`` back from ``node`` to a source; return the edges and the source."""
    edges: EdgePath = []
    while True:
        p = pred.get(node)
        if p is None:
            break
        u, k = p
        edges.append((u, node, k))
        node = u
    edges.reverse()
    return edges, node


def _ordered(nodes: Iterable[Hashable], init: Mapping[Hashable, float] | None = None
             ) -> dict[Hashable, float]:
    if init is None:
        return {n: 0.0 for n in nodes}
    return {n: init[n] for n in nodes if n in init}


def staged_tree(
    G: nx.MultiDiGraph,
    best: BestFn,
    origins: Iterable[Hashable],
    vias: Iterable[Collection[Hashable]],
    targets: Collection[Hashable],
    *,
    stop: str = "first",
) -> tuple[dict[Hashable, float], list[Pred], Hashable | None]:
    """Run the layered origin -> vias -> targets search.

    Each via set is a stage: the distances settled in one stage are the initial distances of
    the next stage's multi-source search, which is exact for via *sets*.

    Returns
    -------
    dist : dict
        Final-stage distances (empty if a via is unreachable).
    preds : list of dict
        One predecessor map per stage (see :func:`dijkstra`); pass it to :func:`path_to`.
    hit : node or None
        The first target settled when ``stop="first"``.
    """
    sources = _ordered(origins)
    preds: list[Pred] = []
    for via in vias:
        dist, pred, _ = dijkstra(G, best, sources, via, stop="all")
        preds.append(pred)
        sources = _ordered(sorted_nodes(via), dist)
        if not sources:
            return {}, preds, None
    dist, pred, hit = dijkstra(G, best, sources, targets, stop=stop)
    preds.append(pred)
    return dist, preds, hit


def path_to(preds: list[Pred], node: Hashable) -> tuple[EdgePath, Hashable]:
    """Return the path to ``node`` of a :func:`staged_tree` search and its start place."""
    path: EdgePath = []
    for p in reversed(preds):
        part, node = _walk(p, node)
        path = part + path
    return path, node


def staged_search(
    G: nx.MultiDiGraph,
    best: BestFn,
    origins: Iterable[Hashable],
    vias: Iterable[Collection[Hashable]],
    targets: Collection[Hashable],
) -> tuple[float, EdgePath, Hashable] | None:
    """Return ``(score, path, start)`` of the best origin -> vias -> target route, or None."""
    dist, preds, hit = staged_tree(G, best, origins, vias, targets)
    if hit is None:
        return None
    path, start = path_to(preds, hit)
    return dist[hit], path, start


def best_path(request: Request) -> tuple[EdgePath, Hashable] | None:
    """Return the best path of a resolved request and its start place, or None.

    Uses Dijkstra, or the resource-constrained label-setting search when the request has a
    ``max_crossings`` limit.
    """
    o, t = request.origin.nodes, request.destination.nodes
    if not o or not t or any(not v.nodes for v in request.via):
        return None
    if request.constraints.max_crossings is not None:
        from corridors.routing.pareto import constrained_best

        return constrained_best(request)
    found = staged_search(request.G, request.weight.best, sorted_nodes(o),
                          [set(v.nodes) for v in request.via], set(t))
    if found is None:
        return None
    return found[1], found[2]


def sorted_nodes(nodes: Iterable[Hashable]) -> list[Hashable]:
    """Return nodes in a stable order (by string form) for deterministic ties."""
    return sorted(dict.fromkeys(nodes), key=str)


def route_for(request: Request, path: EdgePath, start: Hashable,
              corridor: str | None = None) -> Route:
    """Score a found path into a :class:`~corridors.route.Route` for the request."""
    end = path[-1][1] if path else start
    return make_route(
        request.G, path, request.weights, cost_model=request.cost_model, origin=start,
        destination=end,
        origin_access_km=request.origin.access_km,
        destination_access_km=request.destination.access_km, corridor=corridor)


def solve(request: Request) -> Route:
    """Return the best route of a resolved request or raise an explained NoRouteError."""
    found = best_path(request)
    if found is None:
        raise no_route_error(request, lambda r: best_path(r) is not None)
    return route_for(request, *found)


def best_route(
    G: nx.MultiDiGraph,
    origin: PlaceQuery,
    destination: PlaceQuery,
    objective: str | ScoreWeights = "score",
    *,
    via: Iterable[PlaceQuery] | PlaceQuery | None = (),
    modes: Iterable[str] | str | None = None,
    avoid_countries: Iterable[str] | str = (),
    avoid_places: Iterable[Any] | str = (),
    avoid_crossings: Iterable[str] | str = (),
    avoid_links: Iterable[str] | str = (),
    max_crossings: int | None = None,
    include_planned: bool = False,
    cost_model: CostModel | None = None,
) -> Route:
    """Return the best route between two places for an objective, under constraints.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network (:mod:`corridors.model`); never modified.
    origin, destination : str or (float, float)
        A place id, name or alias; an ISO country code (the best place of the country); a
        region name (the best gateway of the region); or a ``(lat, lon)`` pair (snapped to the
        nearest place, the distance reported as ``origin_access_km`` /
        ``destination_access_km``).
    objective : str or ScoreWeights
        ``"distance"``, ``"crossings"`` (fewest crossings, then shortest), ``"time"``,
        ``"cost"``, ``"score"`` (km + 250 km per crossing), ``"balanced"`` or a profile name
        from :data:`corridors.scoring.PROFILES`, or explicit
        :class:`~corridors.scoring.ScoreWeights`.
    via : place or sequence of places
        Places to pass in this order (each may be a set such as a country).
    modes : str or iterable of str, optional
        Allowed modes.
    avoid_countries, avoid_places, avoid_crossings, avoid_links : iterable
        Countries (ISO codes), places, crossings (ids or names) and links (ids) not to use.
    max_crossings : int, optional
        Most border crossings (exact resource-constrained search).
    include_planned : bool
        Also use planned and under-construction links and planned crossings.
    cost_model : CostModel, optional
        Speeds, rates and defaults for time and cost.

    Returns
    -------
    Route

    Raises
    ------
    UnknownPlaceError
        If a place is unknown.
    NoRouteError
        If no route satisfies the constraints; ``blocking`` lists the constraints whose removal
        alone gives a route.
    ConstraintError
        For invalid options.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> r = best_route(G, "a1", "c2", "distance")
    >>> r.nodes, r.distance_km, r.crossings
    (['a1', 'a2', 'b1', 'b2', 'b3', 'c1', 'c2'], 820.0, 2)
    """
    request = build_request(
        G, origin, destination, objective, via=via, modes=modes,
        avoid_countries=avoid_countries, avoid_places=avoid_places,
        avoid_crossings=avoid_crossings, avoid_links=avoid_links, max_crossings=max_crossings,
        include_planned=include_planned, cost_model=cost_model)
    return solve(request)
