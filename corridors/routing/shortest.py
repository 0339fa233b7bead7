"""Best route for one objective: Dijkstra over sets of places, chained through ordered vias.

The search is Dijkstra's algorithm on the :class:`~corridors.routing.constraints.Weight` of the
request. Origins, destinations and vias may be sets (a country, a region): the origins are the
sources of one multi-source search, the first destination settled wins, and each via set is a
stage of a layered search (a route goes origin -> some place of via 1 -> some place of via 2 ...
-> destination; each stage starts from the previous stage's settled states), which is exact for
sets, not a greedy chain of legs. Legs between vias may repeat places. A ``max_crossings`` limit
switches to the exact resource-constrained label-setting search of
:mod:`corridors.routing.pareto`.

**States.** A container changes mode (or rail gauge) only at a terminal, at that terminal's
handling time and cost (:mod:`corridors.scoring`), so the search runs over states ``(place,
arrival class)`` (:func:`state_dijkstra`; the class is the mode, or ``rail:<gauges>``): leaving
a state by an edge of another class adds the transfer score of that place, or is not allowed
where the place has no terminal for it; the origin state ``(origin, None)`` pays nothing. The
optimum over paths of the state graph is exact, and a route is such a path: it never repeats a
state, though it may pass a place twice in different modes (see :mod:`corridors.scoring`).

*Dominance.* A state ``(v, m)`` reached with a score ``>= d(v) + T(v)``, where ``d(v)`` is the
best score of any state of ``v`` and ``T(v)`` the dearest transfer between the classes present
at ``v`` (:meth:`~corridors.routing.constraints.Weight.transfer_bound`, infinite where some
class cannot change), is never needed: continuing from the best state and transferring is at
least as good. Such states are neither queued nor expanded. At a place with one class (most of
them) ``T(v) = 0`` and the search settles one state, as a place-level Dijkstra would.

A bare ``best(u, v, d)`` callable (not a :class:`~corridors.routing.constraints.Weight`) runs
the plain place-level :func:`dijkstra`.

Ties are broken deterministically: among equal scores the state reached first in graph order
wins, and among parallel edges of one mode the first key.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from itertools import count
from typing import TYPE_CHECKING, Any

from corridors.route import Route, make_route
from corridors.routing.request import Request, build_request, no_route_error
from corridors.routing.targets import PlaceQuery
from corridors.scoring import CostModel, ScoreWeights

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "SearchTree",
    "best_path",
    "best_route",
    "dijkstra",
    "path_to",
    "place_scores",
    "search_tree",
    "staged_search",
    "staged_tree",
    "state_dijkstra",
]

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


#: A search state: ``(place, arrival mode)``; the mode is None at an origin.
State = tuple[Hashable, Any]
#: ``options(u, v, parallel_edges) -> ((class, score, key), ...)``, e.g. ``Weight.options``.
OptionsFn = Callable[[Hashable, Hashable, Mapping[Hashable, Mapping[str, Any]]],
                     "tuple[tuple[Any, float, Hashable], ...]"]
#: ``transfer(place, from_class, to_class) -> score | None``, e.g. ``Weight.transfer``.
TransferFn = Callable[[Hashable, Any, Any], "float | None"]
_MODE_RANK = {None: 0, "road": 1, "rail": 2, "sea": 3}


def _state_order(state: State) -> tuple[str, int, str]:
    cls = state[1]
    return (str(state[0]), _MODE_RANK.get(None if cls is None else str(cls).partition(":")[0],
                                          9), str(cls))


class SearchTree:
    """The settled part of one search (one via stage), at place or state level.

    Attributes
    ----------
    states : bool
        Keys are ``(place, mode)`` states (True) or places (False).
    dist : dict
        Place level: final score of every settled place. State level: ``{mode: {place:
        score}}``.
    pred : dict
        Place level: ``pred[v] = (u, edge key)``. State level: ``{mode: {v: (u, mode of u,
        edge key)}}``. None marks a source.
    first : dict
        Best score of every settled place (the score of its first settled key).
    best_mode : dict
        The arrival mode of the first settled state of every place (state level only).
    hit : hashable or None
        The first target place settled (``stop="first"``), else None.
    """

    __slots__ = ("best_mode", "dist", "first", "hit", "pred", "states")

    def __init__(self, states: bool, dist: dict[Any, Any], pred: dict[Any, Any],
                 first: dict[Hashable, float], best_mode: dict[Hashable, Any],
                 hit: Hashable | None) -> None:
        self.states = states
        self.dist = dist
        self.pred = pred
        self.first = first
        self.best_mode = best_mode
        self.hit = hit

    def key_of(self, place: Hashable) -> Any:
        """Return the best settled key of ``place`` (None if it was not settled)."""
        if self.states:
            return (place, self.best_mode[place]) if place in self.best_mode else None
        return place if place in self.dist else None

    def place(self, key: Any) -> Hashable:
        """Return the place of a key."""
        return key[0] if self.states else key

    def walk(self, key: Any) -> tuple[EdgePath, Any]:
        """Follow ``pred`` back from ``key`` to a source; return the edges and the source key."""
        edges: EdgePath = []
        if self.states:
            v, m = key
            while True:
                p = self.pred[m][v]
                if p is None:
                    break
                u, m, k = p
                edges.append((u, v, k))
                v = u
            key = (v, m)
        else:
            pred = self.pred
            while True:
                p = pred.get(key)
                if p is None:
                    break
                u, k = p
                edges.append((u, key, k))
                key = u
        edges.reverse()
        return edges, key

    def keys_at(self, places: Collection[Hashable]) -> dict[Any, float]:
        """Return the settled keys of ``places`` and their scores, in a stable order."""
        if not self.states:
            return _ordered(sorted_nodes(places), self.dist)
        found = [((p, m), dm[p]) for m, dm in self.dist.items() for p in places if p in dm]
        found.sort(key=lambda kd: _state_order(kd[0]))
        return dict(found)


def state_dijkstra(
    G: nx.MultiDiGraph,
    options: OptionsFn,
    transfer: TransferFn,
    sources: Mapping[State, float],
    targets: Collection[Hashable] | None = None,
    *,
    stop: str = "first",
    reverse: bool = False,
    bound: Callable[[Hashable], float] | None = None,
) -> SearchTree:
    """Run Dijkstra over ``(place, arrival class)`` states with terminal transfers.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network (or a view of it).
    options : callable
        ``options(u, v, d) -> ((class, score, key), ...)``, e.g. ``Weight.options``.
    transfer : callable
        ``transfer(place, from_class, to_class) -> score | None`` (``Weight.transfer``): the
        score added when a leg of another class starts at ``place``; None where not allowed.
    sources : mapping of (place, class) to float
        Start states (class None for a fresh start) and their initial scores.
    targets : collection of places, optional
        Places to reach; a place is reached when its first (best) state is settled.
    stop : {"first", "all", "states"}
        ``first``: end at the first target place; ``all``: when every target place is
        reached; ``states``: also settle every other state of the target places that is not
        dominated -- the start states of the next via stage. Without targets the search
        settles everything.
    reverse : bool
        Search backwards: a state is ``(place, class of the next leg)`` and scores are to the
        sources.
    bound : callable, optional
        ``bound(place) -> T`` (``Weight.transfer_bound``) for the dominance test; without it
        no state is pruned.

    Returns
    -------
    SearchTree

    Notes
    -----
    A state ``(v, m)`` whose score is ``>= low(v) + bound(v)``, where ``low(v)`` is the best
    score yet found for any state of ``v``, is dominated (see the module docstring) and is
    neither queued nor expanded.
    """
    adj = G._pred if reverse else G._succ
    inf = float("inf")
    tb: Callable[[Hashable], float] = bound if bound is not None else (lambda v: inf)
    dist_by: dict[Any, dict[Hashable, float]] = {}
    seen_by: dict[Any, dict[Hashable, float]] = {}
    pred_by: dict[Any, dict[Hashable, Any]] = {}

    def tables(m: Any) -> tuple[dict[Hashable, float], dict[Hashable, Any]]:
        sm = seen_by.get(m)
        if sm is None:
            sm = seen_by[m] = {}
            dist_by[m] = {}
            pred_by[m] = {}
        return sm, pred_by[m]

    first: dict[Hashable, float] = {}
    best_mode: dict[Hashable, Any] = {}
    low: dict[Hashable, float] = {}
    c = count()
    heap: list[tuple[float, int, Hashable, Any]] = []
    for (n, m), d0 in sources.items():
        if n not in adj:
            continue
        sm, pm = tables(m)
        if n not in sm or d0 < sm[n]:
            sm[n] = d0
            pm[n] = None
            if n not in low or d0 < low[n]:
                low[n] = d0
            heap.append((d0, next(c), n, m))
    heapq.heapify(heap)
    want = set(targets) if targets is not None else None
    reach = max((tb(t) for t in want), default=0.0) if want else 0.0
    mode_all = stop == "all"
    mode_first = stop == "first"
    limit = inf
    push, pop = heapq.heappush, heapq.heappop
    hit = None
    while heap:
        d, _, u, m = pop(heap)
        if d >= limit:
            break
        dm = dist_by[m]
        if u in dm:
            continue
        if u in first:
            if d >= low[u] + tb(u):
                continue  # dominated by the best state of u plus one transfer
        else:
            first[u] = d
            best_mode[u] = m
            if want is not None and u in want:
                want.discard(u)
                if mode_first:
                    dm[u] = d
                    hit = u
                    break
                if not want:
                    if mode_all:
                        dm[u] = d
                        break
                    limit = d + reach  # stop="states": what is left is dominated
        dm[u] = d
        for v, kd in adj[u].items():
            lv = low.get(v)
            tv = tb(v) if lv is not None else inf
            if lv is not None and d >= lv + tv:
                continue  # whatever this edge gives v is dominated
            for mm, w, k in (options(v, u, kd) if reverse else options(u, v, kd)):
                if m is None or mm == m:
                    nd = d + w
                else:
                    t = transfer(u, mm, m) if reverse else transfer(u, m, mm)
                    if t is None:
                        continue  # no terminal at u for this change
                    nd = d + (w + t)
                sm, pm = tables(mm)
                old = sm.get(v)
                if old is not None and nd >= old:
                    continue  # (a settled state is never improved)
                if lv is not None and nd >= lv + tv:
                    continue
                sm[v] = nd
                pm[v] = (u, m, k)
                push(heap, (nd, next(c), v, mm))
                if lv is None or nd < lv:
                    low[v] = lv = nd
                    tv = tb(v)
    return SearchTree(True, dist_by, pred_by, first, best_mode, hit)


def _ordered(nodes: Iterable[Hashable], init: Mapping[Hashable, float] | None = None
             ) -> dict[Hashable, float]:
    if init is None:
        return {n: 0.0 for n in nodes}
    return {n: init[n] for n in nodes if n in init}


def _parts(weight: Any) -> tuple[BestFn, OptionsFn | None, Any, Any]:
    """Return ``(best, options, transfer, bound)`` of a Weight, or of a bare ``best`` callable.

    A bare callable has no options: the search is place-level and knows no transfers.
    """
    best = getattr(weight, "best", weight)
    options = getattr(weight, "options", None)
    return best, options, getattr(weight, "transfer", None), getattr(weight, "transfer_bound",
                                                                      None)


def search_tree(
    G: nx.MultiDiGraph,
    weight: Any,
    sources: Mapping[Hashable, float],
    targets: Collection[Hashable] | None = None,
    *,
    stop: str = "first",
    reverse: bool = False,
) -> SearchTree:
    """Run one search from start *places* at the level the weight needs.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    weight : Weight or callable
        A :class:`~corridors.routing.constraints.Weight` (state level, terminal-aware) or a
        bare ``best(u, v, d)`` function (place level).
    sources : mapping of place to float
        Start places (fresh starts: no arrival mode) and initial scores.
    targets, stop, reverse
        As in :func:`state_dijkstra` (``stop="states"`` is ``"all"`` at place level).
    """
    best, options, transfer, bound = _parts(weight)
    if options is None:
        dist, pred, hit = dijkstra(G, best, sources, targets,
                                   stop="first" if stop == "first" else "all", reverse=reverse)
        return SearchTree(False, dist, pred, dist, {}, hit)
    return state_dijkstra(G, options, transfer, {(n, None): d for n, d in sources.items()},
                          targets, stop=stop, reverse=reverse, bound=bound)


def place_scores(
    G: nx.MultiDiGraph,
    weight: Any,
    sources: Iterable[Hashable],
    targets: Collection[Hashable] | None = None,
    *,
    stop: str = "all",
    reverse: bool = False,
) -> dict[Hashable, float]:
    """Return the best score from any of ``sources`` to each settled place (or to them).

    Transfer-aware when the weight is (see :func:`search_tree`); ``reverse=True`` gives the
    score from each place to the nearest source.
    """
    return search_tree(G, weight, _ordered(sorted_nodes(sources)), targets, stop=stop,
                       reverse=reverse).first


def staged_tree(
    G: nx.MultiDiGraph,
    weight: Any,
    origins: Iterable[Hashable],
    vias: Iterable[Collection[Hashable]],
    targets: Collection[Hashable],
    *,
    stop: str = "first",
) -> tuple[dict[Hashable, float], list[SearchTree], Hashable | None]:
    """Run the layered origin -> vias -> targets search.

    Each via set is a stage: the states settled in one stage at the via places are the start
    states of the next stage's multi-source search (with their arrival modes, so a change of
    mode at a via is charged), which is exact for via *sets*.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    weight : Weight or callable
        See :func:`search_tree`.
    origins : iterable of places
        Start places.
    vias : iterable of collections of places
        Stages, in order.
    targets : collection of places
        Destination places.
    stop : {"first", "all"}
        End at the first target reached, or when every target is reached.

    Returns
    -------
    dist : dict
        Final-stage best score of every settled place (empty if a via is unreachable).
    trees : list of SearchTree
        One per stage; pass it to :func:`path_to`.
    hit : node or None
        The first target reached when ``stop="first"``.
    """
    best, options, transfer, bound = _parts(weight)
    sources: dict[Any, float]
    if options is None:
        sources = _ordered(sorted_nodes(origins))
    else:
        sources = {(o, None): 0.0 for o in sorted_nodes(origins)}
    trees: list[SearchTree] = []

    def run(src: Mapping[Any, float], tg: Collection[Hashable], how: str) -> SearchTree:
        if options is None:
            dist, pred, hit = dijkstra(G, best, src, tg, stop="first" if how == "first"
                                       else "all")
            return SearchTree(False, dist, pred, dist, {}, hit)
        return state_dijkstra(G, options, transfer, src, tg, stop=how, bound=bound)

    for via in vias:
        tree = run(sources, via, "states")
        trees.append(tree)
        sources = tree.keys_at(via)
        if not sources:
            return {}, trees, None
    tree = run(sources, targets, stop)
    trees.append(tree)
    return tree.first, trees, tree.hit


def path_to(trees: list[SearchTree], node: Hashable) -> tuple[EdgePath, Hashable]:
    """Return the path to ``node`` of a :func:`staged_tree` search and its start place.

    Each stage's part is a path of the state graph (no state twice); parts of different
    stages may share places.
    """
    key = trees[-1].key_of(node)
    if key is None:
        raise KeyError(node)
    parts: list[EdgePath] = []
    for tree in reversed(trees):
        part, key = tree.walk(key)
        parts.append(part)
    start = trees[0].place(key)
    path: EdgePath = []
    for part in reversed(parts):
        path.extend(part)
    return path, start


def staged_search(
    G: nx.MultiDiGraph,
    weight: Any,
    origins: Iterable[Hashable],
    vias: Iterable[Collection[Hashable]],
    targets: Collection[Hashable],
) -> tuple[float, EdgePath, Hashable] | None:
    """Return ``(score, path, start)`` of the best origin -> vias -> target route, or None.

    ``weight`` is a :class:`~corridors.routing.constraints.Weight` (transfer-aware) or a bare
    ``best(u, v, d)`` function (place level, no transfers).
    """
    dist, trees, hit = staged_tree(G, weight, origins, vias, targets)
    if hit is None:
        return None
    path, start = path_to(trees, hit)
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
    found = staged_search(request.G, request.weight, sorted_nodes(o),
                          [set(v.nodes) for v in request.via], set(t))
    if found is None:
        return None
    return found[1], found[2]


def sorted_nodes(nodes: Iterable[Hashable]) -> list[Hashable]:
    """Return nodes in a stable order (by string form) for deterministic ties."""
    return sorted(dict.fromkeys(nodes), key=str)


def route_for(request: Request, path: EdgePath, start: Hashable,
              corridor: str | None = None, warnings: Iterable[str] = ()) -> Route:
    """Score a found path into a :class:`~corridors.route.Route` for the request."""
    end = path[-1][1] if path else start
    extra = [*request.origin.warnings, *request.destination.warnings, *warnings]
    return make_route(
        request.G, path, request.weights, cost_model=request.cost_model, origin=start,
        destination=end,
        origin_access_km=request.origin.access_km,
        destination_access_km=request.destination.access_km, corridor=corridor,
        date=request.constraints.date, warnings=extra)


def solve(request: Request, *, closures: bool = False) -> Route:
    """Return the best route of a resolved request or raise an explained NoRouteError.

    With ``closures``, the route also warns about each closed element (closed link or
    crossing, or one closed that day by its season) that the best route would use if it were
    open (:func:`closure_warnings`).
    """
    found = best_path(request)
    if found is None:
        raise no_route_error(request, lambda r: best_path(r) is not None)
    extra = [*via_warnings(request, found[0]), *(closure_warnings(request, found[0])
                                                  if closures else ())]
    return route_for(request, *found, warnings=extra)


def via_warnings(request: Request, path: EdgePath) -> list[str]:
    """Say which border crossings and places a route through vias passes twice, and why.

    Without vias a route never repeats a crossing; with them each leg is the best one between
    its vias, and when the vias lie off the way (a dead end such as Kars on the way from
    Almaty to Poti) the best route goes there and back.
    """
    if not request.via:
        return []
    G = request.G
    records = G.graph.get("crossings") or {}
    vias = ", ".join(v.label for v in request.via)
    out = []
    used: dict[str, int] = {}
    for u, v, k in path:
        cid = G[u][v][k].get("crossing")
        if cid:
            used[cid] = used.get(cid, 0) + 1
    for cid, n in used.items():
        if n > 1:
            name = records[cid].name if cid in records else cid
            out.append(f"passes the {name} crossing {n} times: the vias ({vias}) lie off the "
                       "way, so the route goes there and back")
    places = [path[0][0], *(v for _, v, _ in path)] if path else []
    twice = [p for p in dict.fromkeys(places) if places.count(p) > 1]
    if twice and not out:
        names = ", ".join(str(G.nodes[p].get("name", p)) for p in twice[:3])
        out.append(f"passes {names} twice to reach the vias ({vias})")
    return out


def closure_warnings(request: Request, path: EdgePath) -> tuple[str, ...]:
    """Name the closed elements that the best route would use if they were open.

    One more search admits closed links and crossings (and ignores seasons); when it finds a
    better route, each closed element on it is a warning with what its closure costs.
    """
    from dataclasses import replace as _replace

    from corridors.scoring import score_path
    from corridors.seasons import closed_on

    c = request.constraints
    relaxed = request.with_constraints(_replace(c, include_closed=True))
    other = best_path(relaxed)
    if other is None:
        return ()
    G, weights, model = request.G, request.weights, request.cost_model
    now = score_path(G, path, weights, cost_model=model, facts=False)
    alt = score_path(G, other[0], weights, cost_model=model, facts=False)
    if alt.score >= now.score - 1e-9 * (1 + abs(now.score)):
        return ()
    records = G.graph.get("crossings") or {}
    saving = (f"with it open the best route would change by {alt.time_h - now.time_h:+,.0f} h "
              f"and {alt.cost_usd - now.cost_usd:+,.0f} USD/TEU")
    out = []
    for u, v, k in other[0]:
        d = G[u][v][k]
        name = f"{G.nodes[u].get('name', u)}–{G.nodes[v].get('name', v)} ({d.get('mode')})"
        rec = records.get(d.get("crossing")) if d.get("crossing") else None
        if rec is None or rec.status != "closed":
            if d.get("status") == "closed":
                year = f" since {d['status_year']}" if d.get("status_year") else ""
                out.append(f"closed nearby: {name} is closed{year}; {saving}")
            if c.date is not None and closed_on(d.get("seasons") or (), c.date):
                out.append(f"closed nearby: {name} is out of season on {c.date}; {saving}")
        if rec is not None:
            if rec.status == "closed":
                since = f" since {rec.status_since}" if rec.status_since else ""
                out.append(f"closed nearby: {rec.name} crossing is closed{since}; {saving}")
            if c.date is not None and closed_on(getattr(rec, "seasons", ()) or (), c.date):
                out.append(f"closed nearby: {rec.name} crossing is out of season on "
                           f"{c.date}; {saving}")
    return tuple(dict.fromkeys(out))


def best_route(
    G: nx.MultiDiGraph,
    origin: PlaceQuery,
    destination: PlaceQuery,
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
    closures: bool = True,
) -> Route:
    """Return the best route between two places for an objective, under constraints.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network (:mod:`corridors.model`); never modified.
    origin, destination : str or (float, float)
        A place id, name or alias; an ISO country code (the best place of the country); a
        region name (the best gateway of the region); or a coordinate, ``(lat, lon)`` or
        ``"lat,lon"`` (snapped to the nearest place, the distance reported as
        ``origin_access_km`` / ``destination_access_km``; farther than
        :data:`~corridors.routing.targets.ACCESS_WARN_KM` with a warning, farther than
        :data:`~corridors.routing.targets.ACCESS_MAX_KM` refused).
    objective : str or ScoreWeights
        ``"generalized"`` (the default: USD per TEU plus the value of time,
        :data:`corridors.scoring.VALUE_OF_TIME_USD_PER_TEU_H` per hour), ``"distance"``,
        ``"crossings"`` (fewest crossings, then shortest), ``"time"``, ``"cost"``, ``"score"``
        (km + 250 km per crossing + 100 km per change of mode), ``"balanced"`` or a profile
        name from :data:`corridors.scoring.PROFILES`, or explicit
        :class:`~corridors.scoring.ScoreWeights`. Time and cost include the handling at every
        terminal where the container changes mode or gauge.
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
    date : datetime.date or str, optional
        Day of travel (``YYYY-MM-DD``): links and crossings closed by a fixed season that day
        are not used. Without a date, seasonal elements on the route are only warned about.
    cost_model : CostModel, optional
        Speeds, rates and defaults for time and cost, including the handling at terminals
        that publish none (``transfer_h``, ``transfer_usd``).
    closures : bool
        Also warn about closed elements nearby that the best route would use if they were
        open (one more search; default True).

    Returns
    -------
    Route
        A path of the state graph (see :mod:`corridors.scoring`), with its ``warnings``;
        a route through vias may pass a place again, and says so in its warnings.

    Raises
    ------
    UnknownPlaceError
        If a place is unknown.
    NoRouteError
        If no route satisfies the constraints; ``blocking`` lists the constraints whose removal
        alone gives a route.
    ArgumentTypeError
        For an argument of the wrong type (``include_planned="no"`` is not False,
        ``cost_model="x"`` is not a CostModel, ``max_crossings=1.5`` is not an integer ...).
        It is a ConstraintError too.
    ConstraintError
        For an invalid option value (an unknown mode or objective, a negative
        ``max_crossings`` ...), or a coordinate too far from the network.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> r = best_route(G, "a1", "c2", "distance")
    >>> r.nodes, r.distance_km, r.crossings
    (['a1', 'a2', 'b1', 'b2', 'b3', 'c1', 'c2'], 820.0, 2)
    >>> [(t.place, t.from_mode, t.to_mode) for t in r.transshipments]
    [('b3', 'road', 'sea'), ('c1', 'sea', 'road')]
    """
    from corridors.network import check_flag

    closures = check_flag(closures, "closures", "best_route")
    request = build_request(
        G, origin, destination, objective, via=via, modes=modes,
        avoid_countries=avoid_countries, avoid_places=avoid_places,
        avoid_crossings=avoid_crossings, avoid_links=avoid_links, max_crossings=max_crossings,
        include_planned=include_planned, date=date, cost_model=cost_model)
    return solve(request, closures=closures)
