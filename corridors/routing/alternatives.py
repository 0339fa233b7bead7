"""The k best genuinely different corridors between two places.

Two routes are the same corridor when they use the same border crossings and sea links in the
same order (:attr:`corridors.route.Route.signature`); a detour through another town on the same
crossings is not an alternative. :func:`alternatives` returns the best route of each of the k
best corridors, in score order.

Method (exact up to the cap): the admitted edges are expanded into a
:class:`networkx.DiGraph` of states ``(place, arrival class)`` (:func:`state_graph`): an edge of
class ``m`` leads from every state of its tail to the state ``(head, m)`` and costs its score
plus the transfer score of the tail's terminal when the state's class differs -- or does not
exist when the tail has no terminal for that change (:mod:`corridors.scoring`); the origins
enter as class-less states from a super-source and every state of a destination leads to a
super-sink. For each pair of places and class the graph keeps the best plain land edge and the
best edge of every distinct signature token (crossing, sea link) -- the latter through a
private intermediate node so that parallel edges with different tokens survive. The simple
paths of that graph (no state twice: the routes of :mod:`corridors.scoring`) are enumerated in
score order by Yen's algorithm (:func:`simple_routes`, spur searches guided by the exact
distances to the super-sink); the first path of each signature is the best route of that
corridor.

The enumeration stops after ``k`` corridors or ``max_paths`` paths (a warning is logged when
the cap is reached before ``k`` corridors are found). The expanded graph is a derived index
(about one state per place of the built-in network), not a copy of the input; the input graph
is never modified.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Hashable, Iterable, Iterator
from itertools import count, pairwise
from typing import Any

import networkx as nx

from corridors.route import RouteList
from corridors.routing.constraints import Weight
from corridors.routing.request import Request, build_request, no_route_error
from corridors.routing.shortest import EdgePath, best_path, route_for, sorted_nodes
from corridors.routing.targets import PlaceQuery
from corridors.scoring import CostModel, ScoreWeights, edge_class

__all__ = ["DEFAULT_MAX_PATHS", "SINK", "SOURCE", "alternatives", "corridor_signature",
           "simple_routes", "state_graph"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Default cap on the number of simple paths examined by :func:`alternatives`.
DEFAULT_MAX_PATHS = 5000

#: The super-source and super-sink of :func:`state_graph`.
SOURCE = ("~alternatives", "source")
SINK = ("~alternatives", "sink")


def _token(d: dict[str, Any], key: Hashable) -> tuple[Any, ...] | None:
    x = d.get("crossing") or None
    sea = d.get("link_id", key) if d.get("mode") == "sea" else None
    return None if x is None and sea is None else (x, sea)


def corridor_signature(G: nx.MultiDiGraph, path: Iterable[tuple[Hashable, Hashable, Hashable]]
                       ) -> tuple[str, ...]:
    """Return the corridor signature of a path of keyed edges.

    The same as :attr:`corridors.route.Route.signature`: ``crossing:<id>`` for each border
    crossing and ``sea:<link id>`` for each sea link, in order.
    """
    sig: list[str] = []
    for u, v, k in path:
        d = G[u][v][k]
        if d.get("crossing"):
            sig.append(f"crossing:{d['crossing']}")
        if d.get("mode") == "sea":
            sig.append(f"sea:{d.get('link_id', k)}")
    return tuple(sig)


def state_graph(weight: Weight, origins: Iterable[Hashable], targets: Iterable[Hashable]
                ) -> nx.DiGraph:
    """Return a DiGraph of ``(place, arrival class)`` states on which plain Dijkstra is exact.

    A change of class costs the place's transfer score (:attr:`Weight.transfer`), charged on
    the edge that leaves a state in another class, and has no edge where the place has no
    terminal for it, so ``networkx.dijkstra_path_length(H, SOURCE, SINK,
    weight="weight")`` is the score of :func:`~corridors.routing.best_route` and
    :func:`networkx.shortest_simple_paths` enumerates routes in score order. Edge attributes:
    ``weight`` and ``key`` (the graph's edge key; None on the zero-weight edges out of the
    intermediate nodes that keep parallel edges with different signature tokens apart, and on
    the edges of :data:`SOURCE` and :data:`SINK`).

    Parameters
    ----------
    weight : Weight
        Objective and constraints (:func:`~corridors.routing.compile_weight`).
    origins, targets : iterable of places
        Joined to :data:`SOURCE` (as mode-less states) and to :data:`SINK` (every state).

    Examples
    --------
    >>> import networkx as nx
    >>> from corridors.routing import compile_weight
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> H = state_graph(compile_weight(G, "time"), ["a1"], ["b2"])
    >>> round(nx.dijkstra_path_length(H, SOURCE, SINK), 2)
    13.33
    """
    G = weight.G
    admits, score = weight.admits, weight.score
    transfer = weight.transfer
    out: dict[Hashable, list[tuple[Hashable, Any, Any, float, Hashable]]] = {}
    arrive: dict[Hashable, dict[Any, None]] = {}
    for u, nbrs in G._succ.items():
        for v, kd in nbrs.items():
            groups: dict[tuple[Any, Any], tuple[float, Hashable]] = {}
            for k, d in kd.items():
                if not admits(u, v, k, d):
                    continue
                sc = score(u, v, d)
                g = (_token(d, k), edge_class(d))
                if g not in groups or sc < groups[g][0]:
                    groups[g] = (sc, k)
            for (tok, m), (sc, k) in groups.items():
                out.setdefault(u, []).append((v, tok, m, sc, k))
                arrive.setdefault(v, {})[m] = None
    origin_set = {o for o in origins if o in G}
    H = nx.DiGraph()
    for u, opts in out.items():
        states = list(arrive.get(u, ()))
        if u in origin_set and None not in states:
            states.insert(0, None)
        for m_in in states:
            a = (u, m_in)
            for v, tok, m, sc, k in opts:
                if m_in is None or m_in == m:
                    w = sc
                else:
                    t = transfer(u, m_in, m)
                    if t is None:
                        continue  # no terminal at u for this change
                    w = sc + t
                b = (v, m)
                if tok is None:
                    H.add_edge(a, b, weight=w, key=k)
                else:
                    mid = ("~alternatives", u, v, tok, m)
                    H.add_edge(a, mid, weight=w, key=k)
                    H.add_edge(mid, b, weight=0.0, key=None)
    for o in sorted_nodes(origin_set):
        H.add_edge(SOURCE, (o, None), weight=0.0, key=None)
    for t in sorted_nodes(targets):
        for m in (None, *arrive.get(t, ())):
            if (t, m) in H:
                H.add_edge((t, m), SINK, weight=0.0, key=None)
    return H


def _is_mid(n: Hashable) -> bool:
    return isinstance(n, tuple) and len(n) == 5 and n[0] == "~alternatives"


def simple_routes(H: nx.DiGraph, source: Hashable = SOURCE, target: Hashable = SINK
                  ) -> Iterator[tuple[float, list[Hashable]]]:
    """Yield ``(weight, nodes)`` of the simple paths of a :func:`state_graph`, best first.

    Yen's algorithm, in nondecreasing weight (ties in discovery order), with A* spur searches
    guided by the exact unconstrained distance to the target.

    Parameters
    ----------
    H : networkx.DiGraph
        A state graph (edge attribute ``weight``).
    source, target : node
        Usually :data:`SOURCE` and :data:`SINK`.
    """
    if source not in H or target not in H:
        return
    succ = H._succ
    to_target = nx.single_source_dijkstra_path_length(H.reverse(copy=False), target,
                                                      weight="weight")
    if source not in to_target:
        return
    tie = count()

    def spur(s: Hashable, banned: set[Hashable], skip: set[Hashable]) -> list[Hashable] | None:
        """Return the best path s -> target avoiding ``banned`` and ``skip`` as first hops."""
        h0 = to_target.get(s)
        if h0 is None:
            return None
        g = {s: 0.0}
        pred: dict[Hashable, Hashable | None] = {s: None}
        done: set[Hashable] = set()
        heap = [(h0, 0.0, next(tie), s)]
        while heap:
            _, gu, _, u = heapq.heappop(heap)
            if u in done:
                continue
            done.add(u)
            if u == target:
                nodes: list[Hashable] = []
                x: Hashable | None = u
                while x is not None:
                    nodes.append(x)
                    x = pred[x]
                nodes.reverse()
                return nodes
            for v, data in succ[u].items():
                if v in done or v in banned or (u == s and v in skip):
                    continue
                hv = to_target.get(v)
                if hv is None:
                    continue
                ng = gu + data["weight"]
                if ng < g.get(v, float("inf")):
                    g[v] = ng
                    pred[v] = u
                    heapq.heappush(heap, (ng + hv, ng, next(tie), v))
        return None

    def weight_of(nodes: list[Hashable]) -> float:
        total = 0.0
        for a, b in pairwise(nodes):
            total += succ[a][b]["weight"]
        return total

    first = spur(source, set(), set())
    if first is None:
        return
    found: list[list[Hashable]] = []
    seen: set[tuple[Hashable, ...]] = {tuple(first)}
    candidates = [(weight_of(first), next(tie), first)]
    while candidates:
        w, _, path = heapq.heappop(candidates)
        yield w, path
        found.append(path)
        banned: set[Hashable] = set()
        for i in range(1, len(path)):
            root = path[:i]
            s = root[-1]
            skip = {p[i] for p in found if len(p) > i and p[:i] == root}
            tail = spur(s, banned, skip)
            if tail is not None:
                full = root[:-1] + tail
                key = tuple(full)
                if key not in seen:
                    seen.add(key)
                    heapq.heappush(candidates, (weight_of(full), next(tie), full))
            banned.add(s)


def _edge_path(H: nx.DiGraph, nodes: list[Any]) -> EdgePath:
    out: EdgePath = []
    for a, b in pairwise(nodes):
        k = H[a][b]["key"]
        if k is not None:  # None marks the zero-weight edge out of an intermediate node
            out.append((a[0], b[2] if _is_mid(b) else b[0], k))
    return out


def _visits_in_order(nodes: list[Hashable], vias: list[set[Hashable]]) -> bool:
    i = 0
    for n in nodes:
        if i < len(vias) and n in vias[i]:
            i += 1
    return i == len(vias)


def _search(request: Request, k: int, max_paths: int) -> list[tuple[EdgePath, Hashable]]:
    G = request.G
    origins = sorted_nodes(request.origin.nodes)
    targets = sorted_nodes(request.destination.nodes)
    if not origins or not targets or any(not v.nodes for v in request.via):
        return []
    if set(origins) & set(targets) and not request.via:
        start = next(o for o in origins if o in set(targets))
        return [([], start)]
    H = state_graph(request.weight, [o for o in origins if o in G],
                    [t for t in targets if t in G])
    if SOURCE not in H or SINK not in H:
        return []
    vias = [set(v.nodes) for v in request.via]
    limit = request.constraints.max_crossings
    found: dict[tuple[str, ...], tuple[EdgePath, Hashable]] = {}
    examined = 0
    for _, nodes in simple_routes(H, SOURCE, SINK):
        examined += 1
        inner: list[Any] = nodes[1:-1]
        path = _edge_path(H, inner)
        real = [inner[0][0], *(v for _, v, _ in path)]
        if not vias or _visits_in_order(real, vias):
            sig = corridor_signature(G, path)
            crossings = sum(1 for s in sig if s.startswith("crossing:"))
            if (limit is None or crossings <= limit) and sig not in found:
                found[sig] = (path, inner[0][0])
                if len(found) >= k:
                    break
        if examined >= max_paths:
            logger.warning("alternatives: stopped after %d paths with %d of %d corridors "
                           "found (raise max_paths for more)", examined, len(found), k)
            break
    logger.debug("alternatives: %d corridors from %d simple routes", len(found), examined)
    return list(found.values())


def alternatives(
    G: nx.MultiDiGraph,
    origin: PlaceQuery,
    destination: PlaceQuery,
    k: int = 3,
    objective: str | ScoreWeights = "generalized",
    *,
    via: Iterable[PlaceQuery] | PlaceQuery | None = (),
    modes: Iterable[str] | str | None = None,
    avoid_countries: Iterable[str] | str = (),
    avoid_places: Iterable[Any] | str = (),
    avoid_crossings: Iterable[str] | str = (),
    avoid_links: Iterable[str] | str = (),
    max_crossings: int | None = None,
    include_planned: bool = False,
    date: Any = None,
    cost_model: CostModel | None = None,
    max_paths: int = DEFAULT_MAX_PATHS,
) -> RouteList:
    """Return the best route of each of the ``k`` best corridors, in score order.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    origin, destination : str or (float, float)
        Places (see :func:`~corridors.routing.best_route`).
    k : int
        Number of corridors.
    objective : str or ScoreWeights
        The score that ranks routes.
    via, modes, avoid_countries, avoid_places, avoid_crossings, avoid_links, max_crossings, \
include_planned, date, cost_model
        As in :func:`~corridors.routing.best_route`; with ``via`` only simple routes that pass
        the vias in order are considered.
    max_paths : int
        Cap on the simple paths examined (exactness holds when the cap is not reached).

    Returns
    -------
    RouteList
        Up to ``k`` routes with distinct :attr:`~corridors.route.Route.signature`.

    Raises
    ------
    NoRouteError, UnknownPlaceError, ConstraintError
        As in :func:`~corridors.routing.best_route`.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> [r.signature for r in alternatives(G, "a1", "b2", 2, "distance")]
    [('crossing:x-ab-road',), ('crossing:x-ab-rail',)]
    """
    if not isinstance(k, int) or k < 1:
        from corridors.errors import ConstraintError

        raise ConstraintError(f"k must be a positive integer, got {k!r}")
    request = build_request(
        G, origin, destination, objective, via=via, modes=modes,
        avoid_countries=avoid_countries, avoid_places=avoid_places,
        avoid_crossings=avoid_crossings, avoid_links=avoid_links, max_crossings=max_crossings,
        include_planned=include_planned, date=date, cost_model=cost_model)
    found = _search(request, k, max_paths)
    if not found:
        raise no_route_error(request, lambda r: best_path(r) is not None)
    return RouteList(route_for(request, path, start) for path, start in found)
