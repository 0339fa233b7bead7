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
corridor key)`` (:func:`_search_keys`), A*-ordered by the exact score still to go from each
``(place, class)`` state (a reverse search of the same states that advances only as far as
the labels need), and pruned of labels that cannot reach a destination country; the best
route comes from that reverse search where it is unique, from
:func:`~corridors.routing.shortest.best_path` where equally good routes tie (the one
``best_route`` gives) or ``max_crossings`` applies. The work is bounded: at most
``max_labels`` partial routes (without ``via``) or ``max_paths`` simple paths (with ``via``)
are examined, and ``k`` is at most ``max_k`` (:data:`MAX_K`); when a work limit is reached
before ``k`` corridors are found, a warning names the keyword that raises it and the
corridors found so far are returned (with ``via``, at least the best route). The expanded
graph is a derived index (about one state per place of the built-in network), not a copy of
the input; the input graph is never modified.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Collection, Hashable, Iterable
from itertools import count
from typing import Any

import networkx as nx

from corridors.errors import ConstraintError
from corridors.network import check_count
from corridors.route import RouteList
from corridors.routing.constraints import Weight
from corridors.routing.named import corridor_of
from corridors.routing.request import Request, build_request, no_route_error
from corridors.routing.shortest import EdgePath, best_path, route_for, sorted_nodes
from corridors.routing.state_paths import SINK, SOURCE, edge_path, simple_routes, state_graph
from corridors.routing.targets import PlaceQuery
from corridors.scoring import CostModel, ScoreWeights

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



def _check_k(k: Any, max_k: Any = None) -> int:
    """Validate ``k`` (a positive integer, at most ``max_k``, default :data:`MAX_K`)."""
    limit = MAX_K if max_k is None else check_count(max_k, "max_k")
    check_count(k, "k")
    if k > limit:
        raise ConstraintError(f"k={k} is above the limit of {limit} corridors; raise it with "
                              f"max_k={k} (CLI: --max-k {k}) if you mean it (the search is "
                              f"bounded by max_labels and max_paths)")
    return k



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
        path = edge_path(H, inner)
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
    that key's best route. The overall best route comes first even when it doubles back
    (:func:`_tree_route`, or :func:`~corridors.routing.shortest.best_path`).

    Labels are settled in order of score so far plus the exact best score still to go from
    their state ``(place, arrival class)``, transfers included, with no regard to the key
    (:class:`_ToGo`; A*: a lower bound, and a consistent one), so keys are still found in
    score order while labels that leave the best routes of their state wait. The scores to
    go come from a reverse search that advances only as far as the labels need: a label whose
    state it has not reached yet is queued with the search's frontier (a lower bound) and,
    when it comes first, queued again once its state's score is known (or the frontier has
    passed it); it is settled only with the exact score, so the A* order holds for every
    settled label. Labels that cannot reach a destination (from their state, or by country:
    :func:`_hopeful`) are dropped. At most ``max_labels`` labels are settled.
    """
    G = request.G
    limit = request.constraints.max_crossings
    if k == 1:
        first = best_path(request)
        return [] if first is None else [first]
    country = {n: c for n, c in G.nodes(data="country")}
    want = set(targets)
    togo = _ToGo(request.weight, country, origins, want)
    first = _tree_route(togo, origins, want) if limit is None else None
    if first is None:
        first = best_path(request)
        if first is None:
            return []
    out: list[tuple[EdgePath, Hashable]] = [first]
    keys = {corridor_key(G, first[0])}
    hopeful = _hopeful(G, country, {country.get(t) for t in want})
    h_of, place, arcs = togo.h, togo.place, togo.arcs
    inf = float("inf")
    tie = count()
    # corridor keys by number: key_of[kid], its length, and kid -> kid by one more token
    key_of: list[tuple[str, ...]] = [()]
    key_len = [0]
    child: dict[tuple[int, str], int] = {}
    # label: (state, key number, visited countries, parent label index, edge); heap
    # entries: (score so far + score to go, tie, score so far, label index, score to go)
    labels: list[tuple[int, int, Any, int, Any]] = []
    heap: list[tuple[float, int, float, int, float]] = []
    settled: set[int] = set()  # state + big * key number
    big = 1 << 40
    for o in origins:
        s = togo.state(o, None)
        h = h_of[s]
        if h is None:
            h = togo.frontier()
        if h < inf:
            labels.append((s, 0, frozenset({country.get(o)}), -1, None))
            heap.append((h, next(tie), 0.0, len(labels) - 1, h))
    heapq.heapify(heap)
    heappush, heappop = heapq.heappush, heapq.heappop
    while heap:
        _, _, d, li, hq = heappop(heap)
        s, kid, seen, _, _ = labels[li]
        label = s + big * kid
        if label in settled:
            continue
        h = h_of[s]
        if h is None:
            h = togo.bound(s, hq)
        if h > hq:  # queued with a lower bound: queue again with a better one
            if h < inf:
                heappush(heap, (d + h, next(tie), d, li, h))
            continue
        if len(settled) >= max_labels:
            _warn_cap(f"{len(settled):,} partial routes", len(out), k, "max_labels",
                      "--max-labels")
            break
        settled.add(label)
        if place[s] in want and key_of[kid] not in keys:
            keys.add(key_of[kid])
            path: EdgePath = []
            j = li
            while labels[j][3] >= 0:
                path.append(labels[j][4])
                j = labels[j][3]
            path.reverse()
            out.append((path, place[labels[j][0]]))
            if len(out) >= k:
                break
        for s2, sc, t, edge, x in arcs[s] or togo.expand(s):
            nkid, nseen = kid, seen
            if x is not None:  # a border crossing
                check, token, c2 = x
                if check in seen:
                    continue  # would come back to a country it has left
                if limit is not None and key_len[kid] >= limit:
                    continue
                nkid = child.get((kid, token), -1)
                if nkid < 0:
                    nkid = child[(kid, token)] = len(key_of)
                    key_of.append((*key_of[kid], token))
                    key_len.append(key_len[kid] + 1)
                nseen = seen | {c2}
                if not hopeful(c2, nseen):
                    continue  # no destination country left within reach
            if s2 + big * nkid in settled:
                continue
            h = h_of[s2]
            if h is None:
                h = togo.frontier()  # not reached by the reverse search yet: a lower bound
                if h == inf:
                    continue  # no destination within reach
            labels.append((s2, nkid, nseen, li, edge))
            g = d + sc + t
            heappush(heap, (g + h, next(tie), g, len(labels) - 1, h))
    logger.debug("alternatives: %d corridors from %d partial routes", len(out), len(settled))
    return out


def _tree_route(togo: _ToGo, origins: list[Hashable], targets: set[Hashable]
                ) -> tuple[EdgePath, Hashable] | None:
    """Return the best route by the scores to go, or None where it is not clearly unique.

    From the best start state, the move that keeps the score to go at each state leads to a
    destination: the best route, found without another search. When another start or
    another move comes within a relative ``1e-9`` of the best (equally good routes: the tie
    is for :func:`~corridors.routing.shortest.best_path` to break, as ``best_route`` does),
    or no origin reaches a destination, returns None.
    """
    h_of, place, arcs = togo.h, togo.place, togo.arcs
    starts = {togo.state(o, None): i for i, o in enumerate(origins)}
    h0 = togo.first_of(starts)
    if h0 == float("inf"):
        return None
    tol = 1e-9 * max(1.0, abs(h0))
    togo.settle_upto(h0 + tol)  # every state that could tie is known exactly
    ranked = sorted((h, i) for s, i in starts.items() if (h := h_of[s]) is not None)
    if len(ranked) > 1 and ranked[1][0] - ranked[0][0] <= tol:
        return None
    start = origins[ranked[0][1]]
    s = togo.state(start, None)
    path: EdgePath = []
    for _ in range(len(h_of)):
        if place[s] in targets:
            return path, start
        best, second, pick = float("inf"), float("inf"), None
        for s2, sc, t, edge, _ in arcs[s] or togo.expand(s):
            h = h_of[s2]
            if h is None:
                continue  # farther than every state that could tie
            f = sc + t + h
            if f < best:
                best, second, pick = f, best, (s2, edge)
            elif f < second:
                second = f
        if pick is None or second - best <= tol:
            return None
        s = pick[0]
        path.append(pick[1])
    return None


class _ToGo:
    """The exact best score from ``(place, arrival class)`` states to a destination.

    A reverse Dijkstra over the states of :mod:`corridors.routing.shortest` from every
    state of a destination, advanced on demand (:meth:`bound`, :meth:`first_of`,
    :meth:`settle_upto`): a move from ``(u, m)`` by an edge of class ``c`` (the best admitted
    edge of that class, :attr:`Weight.options`) costs the edge's score plus the transfer
    score at ``u`` when ``m != c``, and does not exist where ``u`` has no terminal for the
    change; the start state ``(origin, None)`` pays no transfer. The scores ignore only the
    rule against doubling back, so they are a lower bound of the score still to go of every
    label of :func:`_search_keys`, and a consistent one (shortest-path distances). Edges are
    scored when the search first needs them.

    States are numbered as they are met: ``place[s]``, ``cls[s]`` (None for a start state),
    ``h[s]`` (the exact score, None until the search has settled the state) and ``arcs[s]``
    (None until :meth:`expand`).
    """

    __slots__ = ("_heap", "_ids", "_in", "_origins", "_out", "_records", "_tent", "_tie",
                 "arcs", "cls", "country", "h", "place", "weight")

    def __init__(self, weight: Weight, country: dict[Hashable, Any],
                 origins: Iterable[Hashable], targets: set[Hashable]) -> None:
        self.weight = weight
        self.country = country
        self._records = weight.G.graph.get("crossings") or {}
        self._origins = set(origins)
        self.place: list[Hashable] = []
        self.cls: list[Any] = []
        self.h: list[float | None] = []
        self.arcs: list[list[tuple[Any, ...]] | None] = []
        self._tent: list[float] = []
        self._ids: dict[tuple[Hashable, Any], int] = {}
        self._in: dict[Hashable, dict[Any, list[tuple[Hashable, float]]]] = {}
        self._out: dict[Hashable, list[tuple[Any, ...]]] = {}
        self._tie = count()
        self._heap: list[tuple[float, int, int]] = []
        for t in sorted_nodes(targets):
            for m in self._into(t):
                s = self.state(t, m)
                self._tent[s] = 0.0
                self._heap.append((0.0, next(self._tie), s))
        heapq.heapify(self._heap)

    def state(self, place: Hashable, cls: Any) -> int:
        """Return the number of a state (numbering it if new)."""
        s = self._ids.get((place, cls))
        if s is None:
            s = self._ids[(place, cls)] = len(self.place)
            self.place.append(place)
            self.cls.append(cls)
            self.h.append(None)
            self.arcs.append(None)
            self._tent.append(float("inf"))
        return s

    def _into(self, v: Hashable) -> dict[Any, list[tuple[Hashable, float]]]:
        """Return (and keep) the admitted edges into ``v`` by class: ``[(tail, score)]``.

        The keys are the arrival classes of ``v``.
        """
        got = self._in.get(v)
        if got is None:
            got = self._in[v] = {}
            options = self.weight.options
            for u, kd in self.weight.G._pred[v].items():
                for m, sc, _ in options(u, v, kd):
                    tails = got.get(m)
                    if tails is None:
                        got[m] = [(u, sc)]
                    else:
                        tails.append((u, sc))
        return got

    def frontier(self) -> float:
        """Return a lower bound of the score of every state not settled yet (inf: none)."""
        return self._heap[0][0] if self._heap else float("inf")

    def _advance(self) -> int:
        """Settle the next state of the reverse search; return it (-1 if none was new)."""
        d, _, s = heapq.heappop(self._heap)
        if self.h[s] is not None:
            return -1
        self.h[s] = d
        m2 = self.cls[s]
        if m2 is None:
            return s  # a route starts at a start state: nothing leads into it
        transfer, tent, ids = self.weight.transfer, self._tent, self._ids
        heap, tie, known, origins = self._heap, self._tie, self._in, self._origins
        for u, sc in self._into(self.place[s]).get(m2, ()):
            base = d + sc
            classes = known.get(u)
            if classes is None:
                classes = self._into(u)
            for c in classes:
                if c == m2:
                    w = base
                else:
                    tr = transfer(u, c, m2)
                    if tr is None:
                        continue  # no terminal at u for this change
                    w = base + tr
                su = ids.get((u, c))
                if su is None:
                    su = self.state(u, c)
                if w < tent[su]:
                    tent[su] = w
                    heapq.heappush(heap, (w, next(tie), su))
            if u in origins:
                su = self.state(u, None)
                if base < tent[su]:
                    tent[su] = base
                    heapq.heappush(heap, (base, next(tie), su))
        return s

    def bound(self, s: int, above: float) -> float:
        """Return the score of state ``s``, or a lower bound of it above ``above``.

        Advances the reverse search until ``s`` is settled or its frontier passes ``above``;
        inf when ``s`` cannot reach a destination.
        """
        h, heap = self.h, self._heap
        while h[s] is None and heap and heap[0][0] <= above:
            self._advance()
        got = h[s]
        return got if got is not None else self.frontier()

    def first_of(self, states: Collection[int]) -> float:
        """Return the smallest score of the given states (inf if none reaches a destination)."""
        known = [h for s in states if (h := self.h[s]) is not None]
        if known:
            return min(known)
        while self._heap:
            s = self._advance()
            if s in states:
                return self.h[s]  # type: ignore[return-value]
        return float("inf")

    def settle_upto(self, score: float) -> None:
        """Settle every state whose score is at most ``score``."""
        heap = self._heap
        while heap and heap[0][0] <= score:
            self._advance()

    def _moves(self, u: Hashable) -> list[tuple[Any, ...]]:
        """Return (and keep) ``(v, class, score, key, crossing)`` of the edges out of ``u``.

        ``crossing`` is None or ``(country of v, key token, country entered)``, as
        :func:`corridor_key` names the crossing.
        """
        got = self._out.get(u)
        if got is not None:
            return got
        got = self._out[u] = []
        options, country, records = self.weight.options, self.country, self._records
        cu = country.get(u)
        for v, kd in self.weight.G._succ[u].items():
            for m, sc, kk in options(u, v, kd):
                e = kd[kk]
                cid = e.get("crossing")
                x = None
                if cid:
                    cv = country.get(v)
                    a, b = cu, cv
                    rec = records.get(cid)
                    if rec is not None and (not a or not b):
                        a, b = (rec.country_a, rec.country_b) if u == rec.post_a else (
                            rec.country_b, rec.country_a)
                    x = (cv, f"{a}>{b}{'~' if e.get('mode') == 'sea' else ''}", b)
                got.append((v, m, sc, kk, x))
        return got

    def expand(self, s: int) -> list[tuple[Any, ...]]:
        """Return (and keep) the moves out of state ``s``.

        ``(next state, edge score, transfer score, (u, v, key), crossing)``.
        """
        u, cls = self.place[s], self.cls[s]
        transfer, ids = self.weight.transfer, self._ids
        got: list[tuple[Any, ...]] = []
        for v, m, sc, kk, x in self._moves(u):
            if cls is None or cls == m:
                t = 0.0
            else:
                t = transfer(u, cls, m)
                if t is None:
                    continue  # no terminal at u for this change
            s2 = ids.get((v, m))
            if s2 is None:
                s2 = self.state(v, m)
            got.append((s2, sc, t, (u, v, kk), x))
        self.arcs[s] = got
        return got


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
