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

A single comparison runs the stages as Python searches, which need no numpy. Batches
(:mod:`corridors.reliability`) run them on the compiled state graph of the query
(:mod:`corridors.routing.compiled`): one scipy Dijkstra per stage, the one from the origin
shared by every corridor. Both find the same routes and scores (of equally good routes,
either may come first).

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
import threading
import weakref
from collections.abc import Hashable, Iterable, Iterator
from typing import Any, NamedTuple

import networkx as nx

from corridors.errors import ConstraintError, CorridorsError, shorten
from corridors.model import Corridor
from corridors.route import RouteList
from corridors.routing.compiled import compile_states
from corridors.routing.request import Request, build_request
from corridors.routing.shortest import (
    EdgePath,
    SearchTree,
    _state_order,
    route_for,
    solve,
    state_dijkstra,
)
from corridors.routing.targets import PlaceQuery
from corridors.scoring import CostModel, ScoreWeights, edge_class

__all__ = ["compare_corridors", "route_along"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: A crossing stage: new state -> (score, previous state, edge).
Jump = dict[Any, tuple[float, Any, tuple[Hashable, Hashable, Hashable]]]

#: What the rides of one compiled state graph share: the matrix without crossing edges and
#: the search trees from the origin (see :func:`_search`).
_SHARED: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


class _Optimum(NamedTuple):
    """The best score in a corridor's modes (all :func:`compare_corridors` reads of it)."""

    score: float


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


def _ride_python(request: Request, slots: tuple[tuple[str, ...], ...]
                 ) -> tuple[EdgePath, Hashable, float] | str:
    """Return the best path along the slots in this order, or the reason there is none.

    The path comes with its start place and its score (:func:`score_path`'s). Each stage is
    a Python state search (:func:`~corridors.routing.shortest.state_dijkstra`).
    """
    from corridors.scoring import score_path

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
            for v, k, c2, edge_score, t in _crossing_moves(G, w, p, cls, xs):
                nd = d + t + edge_score
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
    score = score_path(G, path, request.weights, cost_model=request.cost_model,
                       facts=False).score
    return path, key[0], score


def _crossing_moves(G: nx.MultiDiGraph, w: Any, p: Hashable, cls: Any, xs: set[str]
                    ) -> Iterator[tuple[Hashable, Hashable, str, float, float]]:
    """Yield the moves of a crossing slot's jump from ``p``, reached in class ``cls``.

    ``(head, key, class, edge score, transfer score)`` of each admitted edge of the crossings
    ``xs`` that leaves ``p`` and may follow ``cls`` there.
    """
    for v, kd in G._succ[p].items():
        for k, e in kd.items():
            if e.get("crossing") not in xs or not w.admits(p, v, k, e):
                continue
            c2 = edge_class(e)
            t = w.transfer(p, cls, c2)
            if t is not None:
                yield v, k, c2, w.score(p, v, e), t


def _ride_compiled(request: Request, slots: tuple[tuple[str, ...], ...]
                   ) -> tuple[EdgePath, Hashable, float] | str:
    """Return the best path along the slots in this order, or the reason there is none.

    The same stages as :func:`_ride_python`, the same scores (equally good paths may be
    found in another order). The path comes with its start place and its score, which is
    :func:`score_path`'s to the bit (every leg adds ``edge score + transfer score``, as the
    searches do).

    Each stage is one Dijkstra on the compiled state graph of the request's weight
    (:mod:`corridors.routing.compiled`): from the origin, or from the states and scores the
    previous stage ended at (a super-source), over every admitted edge for the access leg and
    the egress leg, and without the arcs of crossing edges in between. A crossing slot is a
    jump from the reached states at its posts over its crossings' edges.
    """
    G, w = request.G, request.weight
    records = G.graph.get("crossings") or {}
    cg = compile_states(w)
    sources: dict[int, float] = {cg.start_state(o): 0.0
                                 for o in sorted(request.origin.nodes, key=str)
                                 if o in cg.index}
    stages: list[tuple[Any, bool] | Jump] = []
    for i, slot in enumerate(slots):
        xs = {t for t in slot if t in records}
        targets = ({p for t in xs for p in (records[t].post_a, records[t].post_b)} if xs
                   else {t for t in slot if t in G})
        inner = i > 0
        dist, pred = _search(cg, sources, inner)
        reached = _reached(cg, w, dist, targets)
        if not reached:
            where = "the origin" if i == 0 else "the previous slot without another border"
            return f"{_names(G, slot)} cannot be reached from {where}"
        stages.append((pred, inner))
        if not xs:
            sources = reached
            continue
        jump: Jump = {}
        for s, d in reached.items():
            p, cls = cg.places[int(cg.state_place[s])], cg.state_class[s]
            for v, k, c2, edge_score, t in _crossing_moves(G, w, p, cls, xs):
                nd = d + (edge_score + t)  # the leg's score, as score_path adds it
                s2 = _state(cg, v, c2)
                if s2 not in jump or nd < jump[s2][0]:
                    jump[s2] = (nd, s, (p, v, k))
        if not jump:
            return f"no usable crossing among {_names(G, slot)}"
        stages.append(jump)
        sources = {st: val[0] for st, val in jump.items()}
    dist, pred = _search(cg, sources, False)
    hit, best = None, float("inf")
    for t in sorted(set(request.destination.nodes), key=str):
        if t in cg.index:
            for s in (cg.start_state(t), *cg.states_of(t)):
                if dist[s] < best:
                    hit, best = s, float(dist[s])
    if hit is None:
        return "the destination cannot be reached from the corridor's end"
    stages.append((pred, False))
    state = hit
    parts: list[EdgePath] = []
    for st in reversed(stages):
        if isinstance(st, dict):
            _, state, edge = st[state]
            parts.append([edge])
        else:
            part, state = _walk(cg, st[0], state, no_cross=st[1])
            parts.append(part)
    path: EdgePath = [e for part in reversed(parts) for e in part]
    return path, cg.places[int(cg.state_place[state])], best


def _tables(cg: Any) -> dict[str, Any]:
    """Return what the rides of one compiled state graph share (kept as long as it lives)."""
    got = _SHARED.get(cg)
    if got is None:
        got = _SHARED.setdefault(cg, {"trees": {}, "lock": threading.Lock()})
    return got


def _search(cg: Any, sources: dict[int, float], no_cross: bool) -> tuple[Any, Any]:
    """Return the scores and predecessors of one search from ``sources`` (state: score).

    One Dijkstra from a super-source with an arc of each source's score to it: the same
    search as :meth:`StateGraph.search` with initial scores, on a matrix built once per
    state graph whose super-source row is refilled for each search. Predecessors are
    negative at the sources. A fresh start from the origin is searched once per graph.
    """
    import numpy as np
    from scipy.sparse.csgraph import dijkstra

    tables = _tables(cg)
    key = (no_cross, *sources.items())
    fresh = not any(sources.values())
    if fresh and key in tables["trees"]:
        return tables["trees"][key]
    name = "no_cross_aug" if no_cross else "aug"
    n = cg.n_states
    with tables["lock"]:
        aug = tables.get(name)
        if aug is None:
            aug = tables[name] = _with_super_source(cg.without(_arc_data(cg)[1]) if no_cross
                                                    else cg.matrix)
        row = aug.data[aug.indptr[n]:]
        row.fill(np.inf)
        if sources:
            row[np.fromiter(sources, dtype=np.int64, count=len(sources))] = np.fromiter(
                sources.values(), dtype=float, count=len(sources))
        dist, pred = dijkstra(aug, directed=True, indices=n, return_predecessors=True)
    dist, pred = dist[:n], np.where(pred[:n] == n, -1, pred[:n])
    if fresh:
        tables["trees"][key] = (dist, pred)
    return dist, pred


def _with_super_source(A: Any) -> Any:
    """Return the CSR matrix ``A`` with a last row, the super-source, joined to every state.

    Its arcs are infinite (no arc) until :func:`_search` sets the sources' scores.
    """
    import numpy as np
    import scipy.sparse as sp

    n = A.shape[0]
    return sp.csr_matrix((np.concatenate([A.data, np.full(n, np.inf)]),
                          np.concatenate([A.indices, np.arange(n)]),
                          np.append(A.indptr, len(A.data) + n)), shape=(n + 1, n + 1))


def _arc_data(cg: Any) -> tuple[Any, Any]:
    """Return the mode of every arc's edge and whether it is a crossing (numpy arrays)."""
    import numpy as np

    tables = _tables(cg)
    got = tables.get("arcs")
    if got is None:
        adj = cg.weight.G._adj
        datas = [adj[u][v][k] for u, v, k in cg.arc_edges]
        modes = np.asarray([str(d.get("mode")) for d in datas], dtype=str)
        crossing = np.fromiter((bool(d.get("crossing")) for d in datas), dtype=bool,
                               count=len(datas))
        got = tables["arcs"] = (modes, crossing)
    return got


def _optimum_in_modes(request: Request, modes: frozenset[str]) -> float | None:
    """Return the best score of a request restricted to ``modes`` (None: no route).

    The compiled state graph without the arcs of other modes: the weight of the request
    with ``modes`` admits exactly the remaining arcs, and every arc of one state pair has
    the same class, so the same mode.
    """
    cg = compile_states(request.weight)
    import numpy as np

    arc_modes = _arc_data(cg)[0]
    matrix = cg.without(~np.isin(arc_modes, sorted(modes)))
    tree = cg.search([{cg.start_state(o): 0.0 for o in sorted(request.origin.nodes, key=str)
                       if o in cg.index}], matrix=matrix)
    dist = tree.dist[0]
    best = min((float(dist[s]) for t in request.destination.nodes if t in cg.index
                for s in (cg.start_state(t), *cg.states_of(t))), default=float("inf"))
    return best if best < float("inf") else None


def _state(cg: Any, place: Hashable, cls: Any) -> int:
    """Return the state of ``place`` arrived at by class ``cls`` (a crossing edge's)."""
    for s in cg.states_of(place):
        if cg.state_class[s] == cls:
            return s
    raise KeyError((place, cls))  # pragma: no cover (an admitted edge makes the state)


def _reached(cg: Any, w: Any, dist: Any, places: Iterable[Hashable]) -> dict[int, float]:
    """Return the states of ``places`` a stage ends at, with their scores, in a stable order.

    The states the Python search settles with ``stop="states"``: those not dominated by the
    place's best state plus its dearest transfer (:meth:`Weight.transfer_bound`; the best
    state itself always), ordered as :meth:`SearchTree.keys_at` orders them.
    """
    out: list[tuple[tuple[str, int, str], int, float]] = []
    for p in places:
        if p not in cg.index:
            continue
        found = [(s, float(dist[s])) for s in (cg.start_state(p), *cg.states_of(p))
                 if dist[s] < float("inf")]
        if not found:
            continue
        found.sort(key=lambda sd: (sd[1], _state_order((p, cg.state_class[sd[0]]))))
        limit = found[0][1] + w.transfer_bound(p)
        out.extend((_state_order((p, cg.state_class[s])), s, d) for j, (s, d) in
                   enumerate(found) if j == 0 or d < limit)
    out.sort(key=lambda x: x[0])
    return {s: d for _, s, d in out}


def _walk(cg: Any, pred: Any, state: int, *, no_cross: bool) -> tuple[EdgePath, int]:
    """Follow one stage's predecessors back from ``state``; return the edges and the root.

    Each step takes the arc the search used: the best of its pair of states (first on
    ties, as :attr:`Weight.options` picks a parallel edge; not a crossing edge in a stage
    between slots).
    """
    import numpy as np

    seq = [state]
    while pred[seq[-1]] >= 0:
        seq.append(int(pred[seq[-1]]))
    if len(seq) == 1:
        return [], state
    seq.reverse()
    pairs = cg.pair_index(np.asarray(seq[:-1]), np.asarray(seq[1:]))
    arcs = (_no_cross_arcs(cg) if no_cross else cg.pair_arc)[pairs]
    return [cg.arc_edges[a] for a in arcs.tolist()], seq[0]


def _no_cross_arcs(cg: Any) -> Any:
    """Return the best arc of every pair of states that is not a crossing edge's (or -1)."""
    import numpy as np

    tables = _tables(cg)
    got = tables.get("no_cross_arcs")
    if got is None:
        scores = np.where(_arc_data(cg)[1], np.inf, cg.arc_score)
        first = cg.pair_first
        pair = np.repeat(np.arange(len(first)), np.diff(np.append(first, len(scores))))
        best = np.minimum.reduceat(scores, first) if len(scores) else scores
        hit = np.flatnonzero((scores == best[pair]) & np.isfinite(scores))
        pairs, at = np.unique(pair[hit], return_index=True)  # the first arc of equal ones
        got = np.full(len(first), -1, dtype=np.int64)
        got[pairs] = hit[at]
        tables["no_cross_arcs"] = got
    return got


def route_along(request: Request, corridor: Corridor) -> tuple[EdgePath, Hashable] | str:
    """Return the best path of a request that follows ``corridor``, or why there is none.

    Both directions of the corridor are tried (see the module docstring).
    """
    return _route_along(request, corridor, compiled=False)


def _route_along(request: Request, corridor: Corridor, *, compiled: bool
                 ) -> tuple[EdgePath, Hashable] | str:
    """Return :func:`route_along`'s answer, with compiled or Python searches."""
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
        got = (_ride_compiled if compiled else _ride_python)(request, order)
        if isinstance(got, str):
            reasons.append(got)
            continue
        if best is None or got[2] < best[0]:
            best = (got[2], got[0], got[1])
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
    return _compare(G, origin, destination, objective, corridors=corridors,
                    max_detour=max_detour, compiled=False, modes=modes,
                    avoid_countries=avoid_countries, avoid_places=avoid_places,
                    avoid_crossings=avoid_crossings, avoid_links=avoid_links,
                    max_crossings=max_crossings, include_planned=include_planned, date=date,
                    cost_model=cost_model)


def _compare(
    G: nx.MultiDiGraph,
    origin: PlaceQuery,
    destination: PlaceQuery,
    objective: str | ScoreWeights = "generalized",
    *,
    corridors: Iterable[str] | None = None,
    max_detour: float | None = 1.5,
    compiled: bool = False,
    **options: Any,
) -> RouteList:
    """Return :func:`compare_corridors`'s answer, with compiled or Python searches.

    ``options`` are the route options of :func:`compare_corridors` (modes, avoided items,
    ``max_crossings``, ``include_planned``, ``date``, ``cost_model``). ``compiled`` runs the
    corridor stages and the best routes in a corridor's modes on the compiled state graph
    (numpy and scipy: for batches, where they are loaded anyway); the routes and scores are
    the same, except that of equally good routes another may be found first.
    """
    _check_max_detour(max_detour)
    if "via" in options:  # a corridor is its own sequence of places
        raise TypeError("compare_corridors() got an unexpected keyword argument 'via'")
    request = build_request(G, origin, destination, objective, **options)
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
                sub = build_request(G, origin, destination, objective,
                                    **{**options, "modes": sorted(key)})
                if not compiled or options.get("max_crossings") is not None:  # label-setting
                    references[key] = solve(sub, closures=False)
                else:  # the same state graph without the arcs of other modes
                    score = _optimum_in_modes(request, key)
                    references[key] = free if score is None else _Optimum(score)
            except CorridorsError:
                references[key] = free
        return references[key]

    out = []
    skipped: dict[str, str] = {}
    for c in _corridors(G, corridors):
        got = _route_along(request, c, compiled=compiled)
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
