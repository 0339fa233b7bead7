"""Exact multi-criteria search: Pareto fronts and the resource-constrained best route.

A multi-criteria label-setting search (Martins' algorithm): a label is the vector of criteria of
a partial route; labels leave a heap in lexicographic order, and a label is dropped when a
permanent label at the same *state*, or a permanent label at a destination, is at least as good
in every criterion. Every edge vector is non-negative, so what remains at the destinations is
exactly the set of non-dominated criteria vectors over all routes (one route per vector; equal
vectors keep the first found). Parallel edges are separate transitions (a rail and a road link
between the same places can both be Pareto-optimal).

A change of mode (or of rail gauge) at a terminal adds that terminal's transfer vector (its
hours, USD, score and one ``transfers`` per change of mode; :mod:`corridors.scoring`), and is
not allowed away from a terminal, so a state is ``(place, arrival class, via stage)`` and
dominance is only tested within one state. Every vector is non-negative, so a label that
comes back to a state it has passed is dominated there: the paths returned never repeat a
state, and the front is exact over the paths of the state graph (the routes of
:mod:`corridors.scoring`).

The same engine, with criteria ``(score, crossings)`` and a bound on crossings, gives the exact
best route under ``max_crossings``: the first destination label to leave the heap is optimal.
"""

from __future__ import annotations

import difflib
import heapq
import logging
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from itertools import count
from operator import add
from typing import Any

import networkx as nx

from corridors.errors import ArgumentTypeError, ConstraintError, shorten
from corridors.route import RouteList
from corridors.routing.constraints import Weight
from corridors.routing.request import Request, build_request, no_route_error
from corridors.routing.shortest import EdgePath, route_for, sorted_nodes
from corridors.routing.targets import PlaceQuery
from corridors.scoring import CostModel, ScoreWeights, edge_class

__all__ = ["CRITERIA", "constrained_best", "label_setting", "pareto_front", "transfer_vector",
           "vector_function"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Criteria of a Pareto search and the route attribute each one reads.
CRITERIA: dict[str, str] = {
    "distance": "distance_km",
    "distance_km": "distance_km",
    "time": "time_h",
    "time_h": "time_h",
    "cost": "cost_usd",
    "cost_usd": "cost_usd",
    "crossings": "crossings",
    "co2e": "co2e_kg",
    "co2e_kg": "co2e_kg",
    "emissions": "co2e_kg",
    "score": "score",
    "transfers": "transfers",
    "transshipments": "transfers",
}
_NAMES = ("distance", "crossings", "time", "cost", "co2e", "score", "transfers")
_ALIASES = tuple(sorted(set(CRITERIA) - set(_NAMES)))
_INDEX = {"distance_km": 0, "time_h": 1, "cost_usd": 2, "crossings": 3, "co2e_kg": 4,
          "score": 5, "transfers": 6}

VecFn = Callable[[Hashable, Hashable, Any], tuple[float, ...]]


def criteria_attrs(criteria: Sequence[str]) -> tuple[str, ...]:
    """Validate criteria names and return the route attributes they read.

    Raises
    ------
    ArgumentTypeError
        For criteria that are not a list of strings.
    ConstraintError
        For an unknown criterion (with "did you mean"), or repeated or no criteria.
    """
    if isinstance(criteria, str):
        criteria = (criteria,)
    if isinstance(criteria, Mapping) or not isinstance(criteria, Iterable):
        raise ArgumentTypeError(f"criteria must be a list of names such as ['distance', "
                                f"'time'], got {type(criteria).__name__} {shorten(criteria)}")
    criteria = list(criteria)
    attrs = []
    for c in criteria:
        if not isinstance(c, str):
            raise ArgumentTypeError(f"each criterion must be a name such as 'time', got "
                                    f"{type(c).__name__} {shorten(c)}")
        if c not in CRITERIA:
            close = difflib.get_close_matches(c, list(CRITERIA), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConstraintError(f"unknown criterion {shorten(c)}{hint} (use any of "
                                  f"{', '.join(_NAMES)}, or {', '.join(_ALIASES)})")
        attrs.append(CRITERIA[c])
    if not attrs or len(set(attrs)) != len(attrs):
        raise ConstraintError(f"criteria must be distinct and not empty, got "
                              f"{shorten(criteria)}")
    return tuple(attrs)


def vector_function(weight: Weight, attrs: Sequence[str]) -> VecFn:
    """Return ``f(u, v, data) -> criteria vector`` of one edge, from :mod:`corridors.scoring`.

    The vector of an edge without its transfer (see :func:`transfer_vector`).
    """
    idx = [_INDEX[a] for a in attrs]
    terms, score = weight.terms, weight.score
    need_score = 5 in idx
    w = weight.weights
    if idx == [5, 3] and w.hours_km == 0 and w.usd_km == 0 and w.co2e_km == 0:
        def fast(u: Hashable, v: Hashable, d: Any) -> tuple[float, ...]:
            return (score(u, v, d), 1 if d.get("crossing") else 0)
        return fast

    def vec(u: Hashable, v: Hashable, d: Any) -> tuple[float, ...]:
        t = terms(u, v, d)
        full = (*t, score(u, v, d) if need_score else 0.0, 0)
        return tuple(full[i] for i in idx)
    return vec


TransferVecFn = Callable[[Hashable, Any, Any], "tuple[float, ...] | None"]


def transfer_vector(weight: Weight, attrs: Sequence[str]) -> TransferVecFn:
    """Return ``f(place, from_class, to_class) -> vector | None`` of a transfer.

    ``time_h``, ``cost_usd`` and ``co2e_kg`` get the terminal's handling, ``score`` its score,
    ``transfers`` the changes of mode (1, or 0 for a break of gauge); distance and crossings
    nothing. None
    where the place has no terminal for the change; all zeros when the class stays.
    """
    idx = [_INDEX[a] for a in attrs]
    zero = (0.0,) * len(idx)
    terms, formula = weight.transfer_terms, weight.weights.score
    cache: dict[tuple[Hashable, Any, Any], tuple[float, ...] | None] = {}

    def vec(v: Hashable, a: Any, b: Any) -> tuple[float, ...] | None:
        if a is None or a == b:
            return zero
        key = (v, a, b)
        if key not in cache:
            t = terms(v, a, b)
            if t is None:
                cache[key] = None
            else:
                h, u, n, e = t
                full = (0.0, h, u, 0, e, formula(0.0, 0, h, u, n, e), n)
                cache[key] = tuple(full[i] for i in idx)
        return cache[key]
    return vec


def _tail_dominated(tails: list[tuple[float, ...]] | None, vec: tuple[float, ...],
                    slack: bool = False) -> bool:
    """Tell whether ``vec[1:]`` is weakly dominated by one of ``tails``.

    The tails are the criteria after the first of labels that left the heap earlier (so their
    first criterion is no larger). With ``slack`` the comparison keeps a relative margin of
    1e-9, for tests against lower bounds that carry rounding.
    """
    if not tails:
        return False
    rest = vec[1:]
    if slack:
        rest = tuple(x - 1e-9 * (1.0 + abs(x)) for x in rest)
    if len(rest) == 2:
        a, b = rest
        for t in tails:
            if t[0] <= a and t[1] <= b:
                return True
        return False
    for t in tails:
        for x, y in zip(t, rest, strict=True):
            if x > y:
                break
        else:
            return True
    return False


def _add_tail(tails: list[tuple[float, ...]], vec: tuple[float, ...]) -> None:
    """Add ``vec[1:]`` to a list of mutually non-dominated tails, dropping those it dominates."""
    t = vec[1:]
    tails[:] = [x for x in tails if not all(a <= b for a, b in zip(t, x, strict=True))]
    tails.append(t)


def label_setting(
    G: nx.MultiDiGraph,
    weight: Weight,
    vec_fn: VecFn,
    origins: Iterable[Hashable],
    vias: Sequence[Collection[Hashable]],
    targets: Collection[Hashable],
    *,
    mode: str = "pareto",
    bound: tuple[int, float] | None = None,
    dim: int = 2,
    transfer: TransferVecFn | None = None,
) -> list[tuple[tuple[float, ...], EdgePath, Hashable, Hashable]]:
    """Run the multi-criteria label-setting search.

    Labels leave the heap in lexicographic order of their criteria vectors. A label is dropped
    when a permanent label at the same state (place, arrival mode, via stage) is at least as
    good in every criterion, when its vector plus a lower bound of the rest of the way (one
    backward Dijkstra per criterion, exact per criterion without transfers) is dominated by a
    permanent destination label (Pareto mode), or when that lower bound breaks ``bound``. The
    bounds only prune; the answer is the same as without them.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    weight : Weight
        Supplies the constraints (``weight.admits``).
    vec_fn : callable
        Criteria vector of an edge (non-negative).
    origins : iterable of node
        Start places.
    vias : sequence of collections of node
        Via stages, in order.
    targets : collection of node
        Destination places.
    mode : {"pareto", "first", "each"}
        ``pareto``: every non-dominated destination label; ``first``: the lexicographically
        smallest destination label; ``each``: the lexicographically smallest label of every
        destination place.
    bound : (int, float), optional
        ``(i, limit)``: drop labels whose criterion ``i`` exceeds ``limit``.
    dim : int
        Length of the criteria vectors.
    transfer : callable, optional
        ``transfer(place, from_class, to_class) -> vector | None`` (:func:`transfer_vector`):
        what a change of class adds, None where it is not allowed. Without it classes are
        ignored and states are (place, via stage).

    Returns
    -------
    list of (vector, path, start, end)
        In lexicographic order of the vectors; no path repeats a state within a via stage.
    """
    adj = G._succ
    admits = weight.admits
    n_stages = len(vias)
    via_sets = [set(v) for v in vias]
    want = set(targets)
    tau = transfer
    Option = tuple[Hashable, Any, tuple[float, ...]]
    edge_cache: dict[tuple[Hashable, Hashable], list[Option]] = {}

    def parallel(u: Hashable, v: Hashable, kd: Any) -> list[Option]:
        """Non-dominated admitted parallel edges per class: (key, class, vector)."""
        got = edge_cache.get((u, v))
        if got is not None:
            return got
        cand = [(k, edge_class(d) if tau is not None else None, vec_fn(u, v, d))
                for k, d in kd.items() if admits(u, v, k, d)]
        keep: list[Option] = []
        for i, (k, m, a) in enumerate(cand):
            if not any(mb == m and all(x <= y for x, y in zip(b, a, strict=True))
                       and (b != a or j < i)
                       for j, (_, mb, b) in enumerate(cand) if j != i):
                keep.append((k, m, a))
        edge_cache[(u, v)] = keep
        return keep

    lower = _lower_bounds(G, parallel, dim, via_sets, want)
    # per label: (vector, node, arrival mode, stage, parent label or -1, key of the edge)
    labels: list[tuple[tuple[float, ...], Hashable, Any, int, int, Hashable]] = []
    heap: list[tuple[tuple[float, ...], int, int]] = []
    c = count()
    zero = (0.0,) * dim
    for o in sorted_nodes(origins):
        if o in adj and o in lower[0]:
            labels.append((zero, o, None, 0, -1, None))
            heap.append((zero, next(c), len(labels) - 1))
    if not heap:
        return []
    two = dim == 2
    perm: dict[tuple[Hashable, Any, int], Any] = {}  # per state: min 2nd criterion, or tails
    front: Any = None  # permanent destination labels (Pareto mode): min 2nd or tails
    done: set[Hashable] = set()
    results: list[int] = []
    bi, blimit = bound if bound is not None else (-1, 0.0)
    pareto = mode == "pareto"
    push, pop = heapq.heappush, heapq.heappop

    def pruned(vec: tuple[float, ...], lb: tuple[float, ...]) -> bool:
        """Tell whether every completion of ``vec`` is out of bounds or dominated."""
        if bi >= 0 and vec[bi] + lb[bi] > blimit:
            return True
        if not pareto or front is None:
            return False
        full = tuple(map(add, vec, lb))
        if two:
            return front <= full[1] - 1e-9 * (1.0 + abs(full[1]))
        return _tail_dominated(front, full, slack=True)

    while heap:
        vec, _, lid = pop(heap)
        _, node, am, st, _, _ = labels[lid]
        state = (node, am, st)
        p = perm.get(state)
        if p is not None and (p <= vec[1] if two else _tail_dominated(p, vec)):
            continue
        if pareto and front is not None and (
                front <= vec[1] if two else _tail_dominated(front, vec)):
            continue
        if two:
            perm[state] = vec[1]
        elif p is None:
            perm[state] = [vec[1:]]
        else:
            _add_tail(p, vec)
        if st == n_stages and node in want:
            if mode == "each":
                if node not in done:
                    done.add(node)
                    results.append(lid)
                    if len(done) == len(want):
                        break
            else:
                results.append(lid)
                if mode == "first":
                    break
                if two:
                    front = vec[1]
                elif front is None:
                    front = [vec[1:]]
                else:
                    _add_tail(front, vec)
                continue
        if st < n_stages and node in via_sets[st]:
            labels.append((vec, node, am, st + 1, lid, None))
            push(heap, (vec, next(c), len(labels) - 1))
        lb_st = lower[st]
        for v, kd in adj[node].items():
            lb = lb_st.get(v)
            if lb is None:
                continue
            for k, m, ev in parallel(node, v, kd):
                if am is None or m == am or tau is None:
                    nv = tuple(map(add, vec, ev))
                else:
                    tv = tau(node, am, m)
                    if tv is None:
                        continue  # no terminal at this place for the change
                    nv = tuple(a + b + c for a, b, c in zip(vec, ev, tv, strict=True))
                pv = perm.get((v, m, st))
                if pv is not None and (pv <= nv[1] if two else _tail_dominated(pv, nv)):
                    continue
                if pruned(nv, lb):
                    continue
                labels.append((nv, v, m, st, lid, k))
                push(heap, (nv, next(c), len(labels) - 1))

    out = []
    for lid in results:
        vec = labels[lid][0]
        end = labels[lid][1]
        parts: list[EdgePath] = [[]]
        cur = lid
        while True:
            _, n, _, _, parent, k = labels[cur]
            if parent < 0:
                break
            pn = labels[parent][1]
            if k is not None:
                parts[-1].append((pn, n, k))
            else:
                parts.append([])  # a via stage begins here
            cur = parent
        start = labels[cur][1]
        path: EdgePath = []
        for part in reversed(parts):
            part.reverse()
            path.extend(part)
        out.append((vec, path, start, end))
    return out


def _lower_bounds(
    G: nx.MultiDiGraph,
    parallel: Callable[[Hashable, Hashable, Any], list[Any]],
    dim: int,
    via_sets: Sequence[set[Hashable]],
    targets: set[Hashable],
) -> list[dict[Hashable, tuple[float, ...]]]:
    """Per via stage, a lower bound of each criterion from every place to the destinations.

    One backward Dijkstra per criterion and stage (the remaining vias, then a destination);
    places missing from a stage's dict cannot reach the destinations from that stage. Transfers
    are left out (they only add), so the bounds stay valid lower bounds.
    """
    from corridors.routing.shortest import dijkstra

    per_crit: list[list[dict[Hashable, float]]] = []
    for i in range(dim):
        def best_i(u: Hashable, v: Hashable, kd: Any, i: int = i
                   ) -> tuple[float, Hashable] | None:
            cand = parallel(u, v, kd)
            return (min(opt[2][i] for opt in cand), None) if cand else None

        stages: list[dict[Hashable, float]] = [{} for _ in range(len(via_sets) + 1)]
        init = {t: 0.0 for t in sorted_nodes(targets)}
        for s in range(len(via_sets), -1, -1):
            if s < len(via_sets):
                nxt = stages[s + 1]
                init = {w: nxt[w] for w in sorted_nodes(via_sets[s]) if w in nxt}
            stages[s], _, _ = dijkstra(G, best_i, init, reverse=True)
        per_crit.append(stages)
    out = []
    for s in range(len(via_sets) + 1):
        first = per_crit[0][s]
        out.append({n: tuple(per_crit[i][s][n] for i in range(dim)) for n in first})
    return out


def constrained_best(request: Request) -> tuple[EdgePath, Hashable] | None:
    """Return the exact best path of a request with ``max_crossings`` and its start, or None.

    Label-setting over ``(score, crossings)`` with labels above the limit dropped.
    """
    limit = request.constraints.max_crossings
    attrs = ("score", "crossings")
    vec_fn = vector_function(request.weight, attrs)
    found = label_setting(
        request.G, request.weight, vec_fn, request.origin.nodes,
        [v.nodes for v in request.via], request.destination.nodes, mode="first",
        bound=(1, float("inf") if limit is None else limit), dim=2,
        transfer=transfer_vector(request.weight, attrs))
    if not found:
        return None
    _, path, start, _ = found[0]
    return path, start


def pareto_front(
    G: nx.MultiDiGraph,
    origin: PlaceQuery,
    destination: PlaceQuery,
    criteria: Sequence[str] = ("distance", "crossings", "time"),
    *,
    objective: str | ScoreWeights = "generalized",
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
) -> RouteList:
    """Return the exact Pareto front of routes over several criteria.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    origin, destination : str or (float, float)
        Places (see :func:`~corridors.routing.best_route`).
    criteria : sequence of str
        Two or more of ``"distance"``, ``"crossings"``, ``"time"``, ``"cost"``, ``"score"``,
        ``"transfers"`` (changes of mode; alias ``"transshipments"``). Time, cost and score
        include the transfers' time, cost and score.
    objective : str or ScoreWeights
        Weights of the ``score`` criterion and of the score reported on each route.
    via, modes, avoid_countries, avoid_places, avoid_crossings, avoid_links, max_crossings, \
include_planned, date, cost_model
        As in :func:`~corridors.routing.best_route`.

    Returns
    -------
    RouteList
        One route per non-dominated criteria vector, in lexicographic order of the criteria
        (so the first route is the best by the first criterion).

    Raises
    ------
    NoRouteError, UnknownPlaceError, ConstraintError, ArgumentTypeError
        As in :func:`~corridors.routing.best_route`; ``criteria`` that are not a list of
        names raise ArgumentTypeError, unknown, repeated or no criteria ConstraintError.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> front = pareto_front(G, "a1", "b2", ("distance", "time"))
    >>> [(r.distance_km, round(r.time_h, 1), r.transfers) for r in front]
    [(350.0, 13.3, 0)]

    The road-then-rail routes save less than a transfer (12 h by default) costs; without
    transfer costs they are on the front:

    >>> free = CostModel(transfer_h=0, transfer_usd=0)
    >>> front = pareto_front(G, "a1", "b2", ("distance", "time"), cost_model=free)
    >>> [(r.distance_km, round(r.time_h, 1), r.transfers) for r in front]
    [(350.0, 13.3, 0), (360.0, 12.5, 1), (370.0, 12.1, 2)]
    """
    attrs = criteria_attrs(criteria)
    request = build_request(
        G, origin, destination, objective, via=via, modes=modes,
        avoid_countries=avoid_countries, avoid_places=avoid_places,
        avoid_crossings=avoid_crossings, avoid_links=avoid_links, max_crossings=max_crossings,
        include_planned=include_planned, date=date, cost_model=cost_model)
    labels = _front(request, attrs)
    if not labels:
        from corridors.routing.shortest import best_path

        raise no_route_error(request, lambda r: best_path(r) is not None)
    return RouteList(route_for(request, path, start) for _, path, start, _ in labels)


def _front(request: Request, attrs: Sequence[str]
           ) -> list[tuple[tuple[float, ...], EdgePath, Hashable, Hashable]]:
    if not request.origin.nodes or not request.destination.nodes:
        return []
    attrs = tuple(attrs)
    n = len(attrs)
    bound = None
    limit = request.constraints.max_crossings
    if limit is not None:
        if "crossings" not in attrs:
            attrs = (*attrs, "crossings")
        bound = (attrs.index("crossings"), float(limit))
    vec_fn = vector_function(request.weight, attrs)
    found = label_setting(request.G, request.weight, vec_fn, request.origin.nodes,
                          [v.nodes for v in request.via], request.destination.nodes,
                          mode="pareto", bound=bound, dim=len(attrs),
                          transfer=transfer_vector(request.weight, attrs))
    if len(attrs) > n:
        # the crossings criterion was added for the bound: keep what is non-dominated in the
        # requested criteria (lexicographic order makes a single forward pass enough)
        kept: list[tuple[tuple[float, ...], EdgePath, Hashable, Hashable]] = []
        for item in found:
            head = item[0][:n]
            if not any(all(a <= b for a, b in zip(k[0][:n], head, strict=True)) for k in kept):
                kept.append(item)
        found = kept
    return found
