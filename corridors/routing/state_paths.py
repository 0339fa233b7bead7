"""Routes of the ``(place, arrival class)`` state graph in score order (Yen's algorithm).

The method of :func:`corridors.routing.alternatives` with ``via``: the admitted edges are
expanded into a :class:`networkx.DiGraph` of states (:func:`state_graph`) on which plain
Dijkstra is exact, and its simple paths are enumerated best first (:func:`simple_routes`).
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Iterator
from itertools import count, pairwise
from typing import Any

import networkx as nx

from corridors.routing.constraints import Weight
from corridors.routing.shortest import EdgePath, sorted_nodes
from corridors.scoring import edge_class

__all__ = ["SINK", "SOURCE", "edge_path", "simple_routes", "state_graph"]

#: The super-source and super-sink of :func:`state_graph`.
SOURCE = ("~alternatives", "source")
SINK = ("~alternatives", "sink")


def _token(d: dict[str, Any], key: Hashable) -> tuple[Any, ...] | None:
    x = d.get("crossing") or None
    sea = d.get("link_id", key) if d.get("mode") == "sea" else None
    return None if x is None and sea is None else (x, sea)



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
    inf = float("inf")
    # per node, (head, weight, head's distance to the target) of the arcs that reach it
    adj: dict[Hashable, list[tuple[Hashable, float, float]]] = {}

    def arcs(u: Hashable) -> list[tuple[Hashable, float, float]]:
        got = adj[u] = [(v, data["weight"], hv) for v, data in succ[u].items()
                        if (hv := to_target.get(v)) is not None]
        return got

    def spur(s: Hashable, banned: set[Hashable], skip: set[Hashable]) -> list[Hashable] | None:
        """Return the best path s -> target avoiding ``banned`` and ``skip`` as first hops."""
        h0 = to_target.get(s)
        if h0 is None:
            return None
        g = {s: 0.0}
        pred: dict[Hashable, Hashable | None] = {s: None}
        done: set[Hashable] = set()
        heap = [(h0, 0.0, next(tie), s)]
        heappush, heappop = heapq.heappush, heapq.heappop
        while heap:
            _, gu, _, u = heappop(heap)
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
            hops = skip if u == s else ()
            for v, w, hv in adj.get(u) or arcs(u):
                if v in done or v in banned or v in hops:
                    continue
                ng = gu + w
                if ng < g.get(v, inf):
                    g[v] = ng
                    pred[v] = u
                    heappush(heap, (ng + hv, ng, next(tie), v))
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
        agree = found  # the paths found that begin with path[:i]
        for i in range(1, len(path)):
            root = path[:i]
            s = root[-1]
            agree = [p for p in agree if len(p) > i and p[i - 1] == s]
            skip = {p[i] for p in agree}
            tail = spur(s, banned, skip)
            if tail is not None:
                full = root[:-1] + tail
                key = tuple(full)
                if key not in seen:
                    seen.add(key)
                    heapq.heappush(candidates, (weight_of(full), next(tie), full))
            banned.add(s)


def edge_path(H: nx.DiGraph, nodes: list[Any]) -> EdgePath:
    """Return the graph edges ``(u, v, key)`` of a path of states of :func:`state_graph`."""
    out: EdgePath = []
    for a, b in pairwise(nodes):
        k = H[a][b]["key"]
        if k is not None:  # None marks the zero-weight edge out of an intermediate node
            out.append((a[0], b[2] if _is_mid(b) else b[0], k))
    return out


