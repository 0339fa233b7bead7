"""Which named corridor a route follows (a corridor's name means that corridor).

A corridor (:class:`corridors.model.Corridor`) is defined by its ``path``: ordered slots of
alternative border crossings or places. A route *follows* it when the route's sequence of
border crossings and places contains one element of every slot in order (or in reverse order:
corridors run both ways) and no other border crossing between the first and the last slot.
Access legs before the first slot and after the last one may cross other borders.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import networkx as nx

from corridors.model import Corridor

__all__ = ["corridor_of", "follows", "route_tokens"]


def route_tokens(G: nx.MultiDiGraph, path: Sequence[tuple[Hashable, Hashable, Hashable]]
                 ) -> list[tuple[str, str]]:
    """Return the route as events: ``("place", id)`` and ``("crossing", id)`` in order."""
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
    """Tell whether a path follows a corridor's definition (see the module docstring)."""
    if not corridor.path:
        return False
    crossings = set(G.graph.get("crossings") or {})
    tokens = route_tokens(G, path)
    return (_match(tokens, corridor.path, crossings)
            or _match(tokens, corridor.path[::-1], crossings))


def corridor_of(G: nx.MultiDiGraph, path: Sequence[tuple[Hashable, Hashable, Hashable]],
                corridors: Iterable[Corridor] | None = None) -> str | None:
    """Return the label of the first corridor (by id) the path follows, or None.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> corridor_of(G, [("b2", "b3", "b2-b3-road"), ("b3", "c1", "b3-c1-sea")])
    'SC'
    >>> corridor_of(G, [("a1", "a2", "a1-a2-road")]) is None
    True
    """
    records: Any = corridors if corridors is not None else sorted(
        (G.graph.get("corridors") or {}).values(), key=lambda c: c.id)
    for c in records:
        if follows(G, path, c):
            return c.label
    return None
