"""Which named corridor a route follows (a corridor's name means that corridor).

A corridor (:class:`corridors.model.Corridor`) is defined by its ``path``: ordered slots of
alternative border crossings or places. A route *follows* it when the route's sequence of
border crossings and places contains one element of every slot in order (or in reverse order:
corridors run both ways) and no other border crossing between the first and the last slot.
Access legs before the first slot and after the last one may cross other borders.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from corridors.errors import ArgumentTypeError, ConstraintError, shorten
from corridors.model import Corridor

__all__ = ["corridor_of", "follows", "route_tokens"]


def _edges(G: Any, path: Any, where: str) -> list[tuple[Hashable, Hashable, Hashable]]:
    """Return ``path`` as a list of edges of ``G``.

    Raises ArgumentTypeError if ``G`` is not a network or ``path`` not a sequence of
    ``(u, v, key)`` triples, ConstraintError if a triple is not an edge of ``G``.
    """
    from corridors.network import check_edges, check_graph

    check_graph(G, where)
    edges = check_edges(path, where)
    for u, v, k in edges:
        try:
            G[u][v][k]
        except (KeyError, TypeError):
            raise ConstraintError(f"{where}: {shorten((u, v, k))} is not an edge of the "
                                  "network") from None
    return edges


def route_tokens(G: nx.MultiDiGraph, path: Sequence[tuple[Hashable, Hashable, Hashable]]
                 ) -> list[tuple[str, str]]:
    """Return the route as events: ``("place", id)`` and ``("crossing", id)`` in order.

    Raises
    ------
    ArgumentTypeError
        If ``G`` is not a network graph or ``path`` not a sequence of ``(u, v, key)`` edges.
    ConstraintError
        If an edge of ``path`` is not an edge of ``G``.
    """
    path = _edges(G, path, "route_tokens")
    if not path:
        return []
    out: list[tuple[str, str]] = [("place", str(path[0][0]))]
    for u, v, k in path:
        cid = G[u][v][k].get("crossing")
        if cid:
            out.append(("crossing", str(cid)))
        out.append(("place", str(v)))
    return out


def _match(tokens: list[tuple[str, str]], slots: Sequence[Sequence[str]],
           crossings: set[str]) -> bool:
    """Tell whether the slots occur in order, with no foreign crossing between them."""
    n = len(slots)

    def from_(i: int, s: int) -> bool:
        # slot s must be matched at or after token i, with only places (or slot-s crossings)
        # in between when s > 0
        for j in range(i, len(tokens)):
            kind, ident = tokens[j]
            if ident in slots[s] and (kind == "crossing") == (ident in crossings):
                if s + 1 == n or from_(j + 1, s + 1):
                    return True
            if s > 0 and kind == "crossing":
                return False  # a border crossing that is not the next slot's
        return False

    return from_(0, 0) if n else False


def follows(G: nx.MultiDiGraph, path: Sequence[tuple[Hashable, Hashable, Hashable]],
            corridor: Corridor) -> bool:
    """Tell whether a path follows a corridor's definition (see the module docstring).

    Raises
    ------
    ArgumentTypeError
        If ``corridor`` is not a :class:`~corridors.model.Corridor`, ``G`` not a network
        graph or ``path`` not a sequence of ``(u, v, key)`` edges.
    ConstraintError
        If an edge of ``path`` is not an edge of ``G``.
    """
    if not isinstance(corridor, Corridor):
        raise ArgumentTypeError(f"follows: corridor must be a corridors.model.Corridor (e.g. "
                                f"from G.graph['corridors']), got {type(corridor).__name__} "
                                f"{shorten(corridor)}")
    if not corridor.path:
        return False
    crossings = set(G.graph.get("crossings") or {})
    tokens = route_tokens(G, path)
    return (_match(tokens, corridor.path, crossings)
            or _match(tokens, corridor.path[::-1], crossings))


def corridor_of(G: nx.MultiDiGraph, path: Sequence[tuple[Hashable, Hashable, Hashable]],
                corridors: Iterable[Corridor] | None = None) -> str | None:
    """Return the label of the first corridor (by id) the path follows, or None.

    Raises
    ------
    ArgumentTypeError
        If ``G`` is not a network graph, ``path`` not a sequence of ``(u, v, key)`` edges, or
        ``corridors`` not an iterable of :class:`~corridors.model.Corridor` records.
    ConstraintError
        If an edge of ``path`` is not an edge of ``G``.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> corridor_of(G, [("b2", "b3", "b2-b3-road"), ("b3", "c1", "b3-c1-sea")])
    'SC'
    >>> corridor_of(G, [("a1", "a2", "a1-a2-road")]) is None
    True
    """
    path = _edges(G, path, "corridor_of")
    if corridors is not None and (isinstance(corridors, (str, bytes, Mapping))
                                  or not isinstance(corridors, Iterable)):
        raise ArgumentTypeError(f"corridor_of: corridors must be an iterable of Corridor "
                                f"records, got {type(corridors).__name__} "
                                f"{shorten(corridors)}")
    records: Any = list(corridors) if corridors is not None else sorted(
        (G.graph.get("corridors") or {}).values(), key=lambda c: c.id)
    # what follows() does for each corridor, with the route's tokens built once
    crossings = set(G.graph.get("crossings") or {})
    tokens = route_tokens(G, path)
    for c in records:
        if not isinstance(c, Corridor):
            follows(G, path, c)  # raises the explained ArgumentTypeError
        if c.path and (_match(tokens, c.path, crossings)
                       or _match(tokens, c.path[::-1], crossings)):
            return c.label
    return None
