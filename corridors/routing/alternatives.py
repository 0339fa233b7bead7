"""The k best genuinely different corridors between two places.

Two routes are the same corridor when they cross the same borders in the same order
(:func:`corridor_key`: the pairs of countries, by land or by sea); another post on the same
border, another mode across it or a detour through another town is a variant, not an
alternative. :func:`alternatives` returns the best route of each of the k
best corridors, in score order.

Method with ``via`` (exact up to the cap): the admitted edges are expanded into a
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

Without ``via`` the corridors are found by a label-setting search over ``(place, class,
corridor key)`` (:func:`_search_keys`), A*-ordered and pruned of labels that cannot reach a
destination country. The work is bounded: at most ``max_labels`` partial routes (without
``via``) or ``max_paths`` simple paths (with ``via``) are examined, and ``k`` is at most
``max_k`` (:data:`MAX_K`); when a work limit is reached before ``k`` corridors are found, a
warning names the keyword that raises it and the corridors found so far are returned (with
``via``, at least the best route). The expanded graph is a derived index
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

from corridors.errors import ConstraintError
from corridors.network import check_count
from corridors.route import RouteList
from corridors.routing.constraints import Weight
from corridors.routing.named import corridor_of
from corridors.routing.request import Request, build_request, no_route_error
from corridors.routing.shortest import EdgePath, best_path, route_for, sorted_nodes
from corridors.routing.targets import PlaceQuery
from corridors.scoring import CostModel, ScoreWeights, edge_class

__all__ = ["DEFAULT_MAX_LABELS", "DEFAULT_MAX_PATHS", "MAX_K", "SINK", "SOURCE",
           "alternatives", "corridor_key",
           "corridor_signature", "doubles_back",
           "simple_routes", "state_graph"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Default work limit of :func:`alternatives` with ``via``: simple paths examined in score
#: order (Yen's algorithm; each costs one spur search per place of the path, and the cost
#: grows with the candidates kept: 300 take about a second on the built-in network, 1,000
#: up to ten, the former default of 5,000 minutes).
DEFAULT_MAX_PATHS = 300

#: Default work limit of :func:`alternatives` without ``via``: partial routes settled by the
#: label-setting search (50,000 to 100,000 a second; ``k=100`` on the built-in network
#: settles at most about 100,000).
DEFAULT_MAX_LABELS = 200_000

#: Default upper limit on ``k`` (``max_k`` raises it): more corridors than any pair of the
#: built-in network has that are worth comparing.
MAX_K = 100

#: The super-source and super-sink of :func:`state_graph`.
SOURCE = ("~alternatives", "source")
SINK = ("~alternatives", "sink")


def _check_k(k: Any, max_k: Any = None) -> int:
    """Validate ``k`` (a positive integer, at most ``max_k``, default :data:`MAX_K`)."""
    limit = MAX_K if max_k is None else check_count(max_k, "max_k")
    check_count(k, "k")
    if k > limit:
        raise ConstraintError(f"k={k} is above the limit of {limit} corridors; raise it with "
                              f"max_k={k} (CLI: --max-k {k}) if you mean it (the search is "
                              f"bounded by max_labels and max_paths)")
    return k


def _token(d: dict[str, Any], key: Hashable) -> tuple[Any, ...] | None:
    x = d.get("crossing") or None
    sea = d.get("link_id", key) if d.get("mode") == "sea" else None
    return None if x is None and sea is None else (x, sea)


def corridor_key(G: nx.MultiDiGraph, path: Iterable[tuple[Hashable, Hashable, Hashable]]
                 ) -> tuple[str, ...]:
    """Return what makes a corridor for alternatives: the borders crossed, in order.

    One token per border crossing, ``"KZ>AZ~"`` (from and to country, ``~`` by sea): a route
    that crosses the same borders in the same order by another post or another mode (road
    instead of rail at the Kazakhstan-Russia border, Kuryk instead of Aktau) is a variant of the
    same corridor, not an alternative.
    """
    records = G.graph.get("crossings") or {}
    key: list[str] = []
    for u, v, k in path:
        d = G[u][v][k]
        cid = d.get("crossing")
        if not cid:
            continue
        rec = records.get(cid)
        cu, cv = G.nodes[u].get("country", ""), G.nodes[v].get("country", "")
        if rec is not None and (not cu or not cv):
            cu, cv = (rec.country_a, rec.country_b) if u == rec.post_a else (rec.country_b,
                                                                              rec.country_a)
        key.append(f"{cu}>{cv}{'~' if d.get('mode') == 'sea' else ''}")
    return tuple(key)


def doubles_back(key: tuple[str, ...]) -> bool:
    """Tell whether a corridor key leaves a country and comes back to it.

    Such a route (Almaty into Kyrgyzstan and back to Kazakhstan on the way to Europe) is a
    detour, not an alternative: :func:`alternatives` offers one only as the best route.

    Examples
    --------
    >>> doubles_back(("KZ>KG", "KG>KZ", "KZ>RU")), doubles_back(("KZ>AZ~", "AZ>GE"))
    (True, False)
    """
    seen: set[str] = set()
    for token in key:
        a, b = token.rstrip("~").split(">")
        seen.add(a)
        if b in seen:
            return True
    return False


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


def _search(request: Request, k: int, max_paths: int, max_labels: int
            ) -> list[tuple[EdgePath, Hashable]]:
    G = request.G
    origins = sorted_nodes(request.origin.nodes)
    targets = sorted_nodes(request.destination.nodes)
    if not origins or not targets or any(not v.nodes for v in request.via):
        return []
    if set(origins) & set(targets) and not request.via:
        start = next(o for o in origins if o in set(targets))
        return [([], start)]
    if not request.via:
        return _search_keys(request, k, origins, targets, max_labels)
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
            sig = corridor_key(G, path)
            crossings = len(sig)
            if (limit is None or crossings <= limit) and sig not in found \
                    and (not found or not doubles_back(sig)):
                found[sig] = (path, inner[0][0])
                if len(found) >= k:
                    break
        if examined >= max_paths:
            _warn_cap(f"{examined:,} paths", len(found), k, "max_paths", "--max-paths")
            if not found:  # the best route through the vias, found directly
                first = best_path(request)
                if first is not None:
                    found[corridor_key(G, first[0])] = first
            break
    logger.debug("alternatives: %d corridors from %d simple routes", len(found), examined)
    return list(found.values())


def _search_keys(request: Request, k: int, origins: list[Hashable], targets: list[Hashable],
                 max_labels: int) -> list[tuple[EdgePath, Hashable]]:
    """Return the best route of each of the k best corridor keys (label-setting search).

    Labels are ``(place, arrival class, corridor key so far)``; a label that would enter a
    country its key has left is not created (no doubling back), so within a key no state is
    repeated and each label is settled once: the first label of a key at a destination is
    that key's best route. The overall best route comes first even when it doubles back.

    Labels are settled in order of score so far plus a lower bound of the score still to go
    (A*: the best score to a destination over the admitted links, transfers left out, which
    is consistent), so keys are still found in score order while labels heading away from
    the destination wait; labels that cannot reach a destination country are not created
    (:func:`_hopeful`). At most ``max_labels`` labels are settled.
    """
    from corridors.routing.shortest import best_path

    G, w = request.G, request.weight
    first = best_path(request)
    if first is None:
        return []
    out: list[tuple[EdgePath, Hashable]] = [first]
    keys = {corridor_key(G, first[0])}
    if k == 1:
        return out
    limit = request.constraints.max_crossings
    records = G.graph.get("crossings") or {}
    options, transfer = w.options, w.transfer
    country = {n: c for n, c in G.nodes(data="country")}
    want = set(targets)
    hopeful = _hopeful(G, country, {country.get(t) for t in want})
    togo = _lower_bounds(G, options, want)
    tie = count()
    # label: (node, cls, key, visited countries, parent label index, edge); heap entries:
    # (score so far + lower bound to go, tie, score so far, label index)
    labels: list[tuple[Hashable, Any, tuple[str, ...], Any, int, Any]] = []
    heap: list[tuple[float, int, float, int]] = []
    settled: set[tuple[Hashable, Any, tuple[str, ...]]] = set()
    for o in origins:
        if o in togo:
            labels.append((o, None, (), frozenset({country.get(o)}), -1, None))
            heap.append((togo[o], next(tie), 0.0, len(labels) - 1))
    heapq.heapify(heap)
    while heap:
        _, _, d, li = heapq.heappop(heap)
        u, cls, key, seen, _, _ = labels[li]
        state = (u, cls, key)
        if state in settled:
            continue
        if len(settled) >= max_labels:
            _warn_cap(f"{len(settled):,} partial routes", len(out), k, "max_labels",
                      "--max-labels")
            break
        settled.add(state)
        if u in want and key not in keys:
            keys.add(key)
            path: EdgePath = []
            j = li
            while labels[j][4] >= 0:
                path.append(labels[j][5])
                j = labels[j][4]
            path.reverse()
            out.append((path, labels[j][0]))
            if len(out) >= k:
                break
        for v, kd in G._succ[u].items():
            cv = country.get(v)
            for m, sc, kk in options(u, v, kd):
                e = kd[kk]
                nkey, nseen = key, seen
                if e.get("crossing"):
                    if cv in seen:
                        continue  # would come back to a country it has left
                    if limit is not None and len(key) >= limit:
                        continue
                    rec = records.get(e["crossing"])
                    cu = country.get(u)
                    if rec is not None and (not cu or not cv):
                        cu, cv = (rec.country_a, rec.country_b) if u == rec.post_a else (
                            rec.country_b, rec.country_a)
                    nkey = (*key, f"{cu}>{cv}{'~' if e.get('mode') == 'sea' else ''}")
                    nseen = seen | {cv}
                    if not hopeful(cv, nseen):
                        continue  # no destination country left within reach
                t = 0.0 if (cls is None or cls == m) else transfer(u, cls, m)
                h = togo.get(v)
                if t is None or h is None or (v, m, nkey) in settled:
                    continue
                labels.append((v, m, nkey, nseen, li, (u, v, kk)))
                g = d + sc + t
                heapq.heappush(heap, (g + h, next(tie), g, len(labels) - 1))
    logger.debug("alternatives: %d corridors from %d partial routes", len(out), len(settled))
    return out


def _lower_bounds(G: nx.MultiDiGraph, options: Any, targets: set[Hashable]
                  ) -> dict[Hashable, float]:
    """Return the best score from each place to a target over the admitted links.

    Each link costs the smallest score of its admitted options and transfers cost nothing,
    so the result is a lower bound of what any route still has to pay, and a consistent one
    (a shortest-path distance): the A* order of :func:`_search_keys`. Places without an
    entry cannot reach a target.
    """
    reverse: dict[Hashable, list[tuple[Hashable, float]]] = {}
    for u, nbrs in G._succ.items():
        for v, kd in nbrs.items():
            opts = options(u, v, kd)
            if opts:
                reverse.setdefault(v, []).append((u, min(sc for _, sc, _ in opts)))
    dist: dict[Hashable, float] = {}
    heap = [(0.0, i, t) for i, t in enumerate(sorted_nodes(targets))]
    tie = count(len(heap))
    while heap:
        d, _, v = heapq.heappop(heap)
        if v in dist:
            continue
        dist[v] = d
        for u, w in reverse.get(v, ()):
            if u not in dist:
                heapq.heappush(heap, (d + w, next(tie), u))
    return dist


def _hopeful(G: nx.MultiDiGraph, country: dict[Hashable, Any], goal: set[Any]) -> Any:
    """Return a test ``hopeful(c, seen)``: can a label still reach a destination country.

    ``c`` is the label's country and ``seen`` the countries it may not re-enter. A
    reachability test on the graph of countries (an edge wherever a link changes country),
    memoised: labels that cannot reach a destination are not created, which keeps the search
    from enumerating every tour of the neighbouring countries when a pair has few corridors
    (Almaty -> Astana: one). Exact (a necessary condition) when every change of country is a
    border crossing, as the validator requires; otherwise it always says yes.
    """
    if None in goal or "" in goal or any(not c for c in country.values()):
        return lambda c, seen: True
    cgraph: dict[Any, set[Any]] = {}
    for u, nbrs in G._succ.items():
        for v, kd in nbrs.items():
            cu, cv = country[u], country[v]
            if cu != cv:
                if not all(d.get("crossing") for d in kd.values()):
                    return lambda c, seen: True
                cgraph.setdefault(cu, set()).add(cv)
    memo: dict[tuple[Any, frozenset[Any]], bool] = {}

    def hopeful(c: Any, seen: frozenset[Any]) -> bool:
        key = (c, seen)
        hit = memo.get(key)
        if hit is None:
            hit = c in goal
            stack, reached = [c], {c}
            while stack and not hit:
                for y in cgraph.get(stack.pop(), ()):
                    if y in goal and y not in seen:
                        hit = True
                        break
                    if y not in seen and y not in reached:
                        reached.add(y)
                        stack.append(y)
            memo[key] = hit
        return hit
    return hopeful


def _warn_cap(what: str, found: int, k: int, keyword: str, option: str) -> None:
    logger.warning(
        "alternatives: search stopped at its work limit after %s with %d of %d corridors "
        "found; the result may miss corridors -- raise the limit with %s=... (CLI: %s)",
        what, found, k, keyword, option)


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
    max_labels: int = DEFAULT_MAX_LABELS,
    max_k: int = MAX_K,
) -> RouteList:
    """Return the best route of each of the ``k`` best corridors, in score order.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    origin, destination : str or (float, float)
        Places (see :func:`~corridors.routing.best_route`).
    k : int
        Number of corridors, 1 to ``max_k``.
    objective : str or ScoreWeights
        The score that ranks routes.
    via, modes, avoid_countries, avoid_places, avoid_crossings, avoid_links, max_crossings, \
include_planned, date, cost_model
        As in :func:`~corridors.routing.best_route`; with ``via`` only simple routes that pass
        the vias in order are considered.
    max_paths : int
        Work limit of the search with ``via``: the simple paths examined (default
        :data:`DEFAULT_MAX_PATHS`). Exact when the limit is not reached; when it is, a
        warning says so and the corridors found so far are returned.
    max_labels : int
        Work limit of the search without ``via``: the partial routes settled (default
        :data:`DEFAULT_MAX_LABELS`); the same rules.
    max_k : int
        Upper limit on ``k`` (default :data:`MAX_K`).

    Returns
    -------
    RouteList
        Up to ``k`` routes that cross different borders (:func:`corridor_key`), each named
        after the corridor whose defining crossings it follows (``corridor``), if any. After
        the first, routes that leave a country and come back (:func:`doubles_back`) are not
        offered.

    Raises
    ------
    NoRouteError, UnknownPlaceError, ConstraintError
        As in :func:`~corridors.routing.best_route`; ConstraintError also when ``k``,
        ``max_paths``, ``max_labels`` or ``max_k`` is not a positive integer (bool is not)
        or ``k`` is above ``max_k``.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> [r.signature for r in alternatives(G, "a1", "b2", 2, "distance")]  # one border
    [('crossing:x-ab-road',)]
    >>> [(r.corridor, r.countries) for r in alternatives(G, "a1", "c2", 2, "distance",
    ...                                                  include_planned=True)]
    [(None, ('AA', 'CC')), ('SC', ('AA', 'BB', 'CC'))]
    """
    _check_k(k, max_k)
    check_count(max_paths, "max_paths")
    check_count(max_labels, "max_labels")
    request = build_request(
        G, origin, destination, objective, via=via, modes=modes,
        avoid_countries=avoid_countries, avoid_places=avoid_places,
        avoid_crossings=avoid_crossings, avoid_links=avoid_links, max_crossings=max_crossings,
        include_planned=include_planned, date=date, cost_model=cost_model)
    found = _search(request, k, max_paths, max_labels)
    if not found:
        raise no_route_error(request, lambda r: best_path(r) is not None)
    return RouteList(route_for(request, path, start, corridor=corridor_of(G, path))
                     for path, start in found)
