"""The k best genuinely different corridors between two places.

Two routes are the same corridor when they use the same border crossings and sea links in the
same order (:attr:`corridors.route.Route.signature`); a detour through another town on the same
crossings is not an alternative. :func:`alternatives` returns the best route of each of the k
best corridors, in score order.

Method (exact up to the cap): the admitted edges are collapsed into a small
:class:`networkx.DiGraph` that keeps, for each pair of places, the best plain land edge and the
best edge of every distinct signature token (crossing, sea link) -- the latter through a
private intermediate node so that parallel edges with different tokens survive. Simple paths
of that graph are enumerated in score order with :func:`networkx.shortest_simple_paths`
(Yen's algorithm); the first path of each signature is the best route of that corridor. The
enumeration stops after ``k`` corridors or ``max_paths`` paths (a warning is logged when the
cap is reached before ``k`` corridors are found).

The collapsed graph is a derived index (a few hundred nodes for the built-in network), not a
copy of the input; the input graph is never modified. Routes are simple (no place twice).
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterable
from itertools import pairwise
from typing import Any

import networkx as nx

from corridors.route import RouteList
from corridors.routing.request import Request, build_request, no_route_error
from corridors.routing.shortest import EdgePath, best_path, route_for, sorted_nodes
from corridors.routing.targets import PlaceQuery
from corridors.scoring import CostModel, ScoreWeights

__all__ = ["DEFAULT_MAX_PATHS", "alternatives", "corridor_signature"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Default cap on the number of simple paths examined by :func:`alternatives`.
DEFAULT_MAX_PATHS = 5000

_SOURCE = ("~alternatives", "source")
_SINK = ("~alternatives", "sink")


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


def _collapsed(request: Request) -> nx.DiGraph:
    """Build the signature-preserving collapsed DiGraph of the admitted edges."""
    G = request.G
    w = request.weight
    admits, score = w.admits, w.score
    H = nx.DiGraph()
    for u, nbrs in G._succ.items():
        for v, kd in nbrs.items():
            groups: dict[Any, tuple[float, Hashable]] = {}
            for k, d in kd.items():
                if not admits(u, v, k, d):
                    continue
                s = score(u, v, d)
                tok = _token(d, k)
                if tok not in groups or s < groups[tok][0]:
                    groups[tok] = (s, k)
            for tok, (s, k) in groups.items():
                if tok is None:
                    H.add_edge(u, v, weight=s, key=k)
                else:
                    mid = ("~alternatives", u, v, tok)
                    H.add_edge(u, mid, weight=s, key=k)
                    H.add_edge(mid, v, weight=0.0, key=None)
    return H


def _is_mid(n: Hashable) -> bool:
    return isinstance(n, tuple) and len(n) == 4 and n[0] == "~alternatives"


def _edge_path(H: nx.DiGraph, nodes: list[Hashable]) -> EdgePath:
    out: EdgePath = []
    for a, b in pairwise(nodes):
        k = H[a][b]["key"]
        if k is not None:  # None marks the zero-weight edge out of an intermediate node
            out.append((a, b[2] if _is_mid(b) else b, k))
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
    H = _collapsed(request)
    for o in origins:
        if o in G:
            H.add_edge(_SOURCE, o, weight=0.0, key=None)
    for t in targets:
        if t in G:
            H.add_edge(t, _SINK, weight=0.0, key=None)
    if _SOURCE not in H or _SINK not in H:
        return []
    vias = [set(v.nodes) for v in request.via]
    limit = request.constraints.max_crossings
    found: dict[tuple[str, ...], tuple[EdgePath, Hashable]] = {}
    examined = 0
    try:
        for nodes in nx.shortest_simple_paths(H, _SOURCE, _SINK, weight="weight"):
            examined += 1
            inner = nodes[1:-1]
            path = _edge_path(H, inner)
            real = [inner[0], *(v for _, v, _ in path)]
            if vias and not _visits_in_order(real, vias):
                pass
            else:
                sig = corridor_signature(G, path)
                crossings = sum(1 for s in sig if s.startswith("crossing:"))
                if (limit is None or crossings <= limit) and sig not in found:
                    found[sig] = (path, inner[0])
                    if len(found) >= k:
                        break
            if examined >= max_paths:
                logger.warning("alternatives: stopped after %d paths with %d of %d corridors "
                               "found (raise max_paths for more)", examined, len(found), k)
                break
    except nx.NetworkXNoPath:
        return []
    logger.debug("alternatives: %d corridors from %d simple paths", len(found), examined)
    return list(found.values())


def alternatives(
    G: nx.MultiDiGraph,
    origin: PlaceQuery,
    destination: PlaceQuery,
    k: int = 3,
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
include_planned, cost_model
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
        include_planned=include_planned, cost_model=cost_model)
    found = _search(request, k, max_paths)
    if not found:
        raise no_route_error(request, lambda r: best_path(r) is not None)
    return RouteList(route_for(request, path, start) for path, start in found)
