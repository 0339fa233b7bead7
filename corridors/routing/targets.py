"""Turn what a user asks for (a place, a coordinate, a country, a region) into graph nodes.

A query resolves to a :class:`PlaceSet`: one node for a place or a snapped coordinate, every
place of a country for an ISO code, every gateway of a region for a region name. Searches treat
a set as "any of these": one multi-source or multi-target search, the best member wins.

Resolution order for a string: an exact node id; a region name from
:data:`corridors.model.REGIONS` (``"south_asia"``, ``"South Asia"``); a two-letter country code
present in the network (``"PK"``, ``"pk"``); otherwise
:func:`corridors.network.find_place` (names, aliases, suggestions on failure).
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from corridors.errors import ConstraintError, UnknownPlaceError
from corridors.geo import great_circle_km
from corridors.model import REGIONS

__all__ = ["PlaceSet", "resolve_place", "resolve_places", "snap"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: A place query: a place id/name/alias, an ISO country code, a region name, or ``(lat, lon)``.
PlaceQuery = Any


@dataclass(frozen=True)
class PlaceSet:
    """The nodes a place query stands for.

    Attributes
    ----------
    query : object
        What was asked.
    nodes : tuple of str
        Node ids (sorted for a country or region, so ties break the same way every time).
    kind : str
        ``"place"``, ``"coords"``, ``"country"`` or ``"region"``.
    label : str
        Display form of the query.
    access_km : float
        Great-circle distance from the requested coordinate to the snapped place (``"coords"``
        only; 0 otherwise).
    warnings : tuple of str
        What a route from or to this place should say about how it was resolved.
    """

    query: Any
    nodes: tuple[Hashable, ...]
    kind: str
    label: str
    access_km: float = 0.0
    warnings: tuple[str, ...] = ()

    def __contains__(self, node: object) -> bool:
        return node in self.nodes


def _is_coords(query: Any) -> bool:
    return (isinstance(query, (tuple, list)) and len(query) == 2
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in query))


def snap(G: nx.MultiDiGraph, lat: float, lon: float) -> tuple[Hashable, float]:
    """Return the place nearest to ``(lat, lon)`` (great circle) and its distance in km.

    Places without any link are skipped; ties go to the first place in graph order.

    Raises
    ------
    ConstraintError
        If the coordinate is out of range or the network has no linked place.
    """
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ConstraintError(f"coordinate ({lat}, {lon}) is not a (lat, lon) in degrees")
    best: tuple[float, Hashable] | None = None
    deg = G.degree
    for n, d in G.nodes(data=True):
        x, y = d.get("x"), d.get("y")
        if x is None or y is None or deg[n] == 0:
            continue
        km = great_circle_km(lat, lon, y, x)
        if best is None or km < best[0]:
            best = (km, n)
    if best is None:
        raise ConstraintError("the network has no linked place to snap a coordinate to")
    return best[1], best[0]


def _fallback_find_place(G: nx.MultiDiGraph, query: str) -> Hashable:
    q = query.strip().casefold()
    for n, d in G.nodes(data=True):
        names = [str(n), str(d.get("name", "")), *map(str, d.get("aliases") or ())]
        if any(q == s.casefold() for s in names):
            return n
    labels = {str(d.get("name", n)).casefold(): f"{d.get('name', n)} ({n})"
              for n, d in G.nodes(data=True)}
    labels.update({str(n).casefold(): str(n) for n in G})
    close = difflib.get_close_matches(q, list(labels), n=5, cutoff=0.6)
    raise UnknownPlaceError(query, [labels[c] for c in close])


def _find_place(G: nx.MultiDiGraph, query: str) -> Hashable:
    try:
        from corridors.network import find_place
    except ImportError:  # pragma: no cover - corridors.network is being written
        return _fallback_find_place(G, query)
    return find_place(G, query)


def _countries(G: nx.MultiDiGraph) -> dict[str, list[Hashable]]:
    out: dict[str, list[Hashable]] = {}
    for n, c in G.nodes(data="country"):
        if c:
            out.setdefault(str(c).upper(), []).append(n)
    return out


def resolve_place(G: nx.MultiDiGraph, query: PlaceQuery) -> PlaceSet:
    """Resolve a place query into a :class:`PlaceSet`.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    query : str or (float, float)
        A place id, name or alias; an ISO 3166-1 alpha-2 code (every place of the country); a
        region from :data:`corridors.model.REGIONS` (every place whose ``gateway_for`` has
        it); or a ``(lat, lon)`` pair (snapped to the nearest place).

    Returns
    -------
    PlaceSet
        Its ``nodes`` may be empty for a region no place is a gateway for; searches then raise
        :class:`~corridors.errors.NoRouteError`.

    Raises
    ------
    UnknownPlaceError
        If a name matches nothing.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> resolve_place(G, "BB").nodes
    ('b1', 'b2', 'b3')
    >>> resolve_place(G, "europe").nodes
    ('c2',)
    """
    if isinstance(query, PlaceSet):
        return query
    if _is_coords(query):
        lat, lon = float(query[0]), float(query[1])
        node, km = snap(G, lat, lon)
        logger.debug("snapped (%s, %s) to %s, %.1f km away", lat, lon, node, km)
        return PlaceSet(query, (node,), "coords", f"({lat:.4f}, {lon:.4f})", km)
    try:
        if query in G:
            return PlaceSet(query, (query,), "place", str(query))
    except TypeError:  # unhashable
        pass
    if not isinstance(query, str):
        raise UnknownPlaceError(repr(query), ())
    text = query.strip()
    region = text.casefold().replace(" ", "_").replace("-", "_")
    if region in REGIONS:
        nodes = sorted((n for n, g in G.nodes(data="gateway_for") if g and region in g), key=str)
        return PlaceSet(query, tuple(nodes), "region", region)
    if len(text) == 2 and text.isalpha():
        members = _countries(G).get(text.upper())
        if members:
            return PlaceSet(query, tuple(sorted(members, key=str)), "country", text.upper())
    node = _find_place(G, text)
    return PlaceSet(query, (node,), "place", str(node))


def resolve_places(G: nx.MultiDiGraph, queries: Iterable[PlaceQuery] | PlaceQuery | None
                   ) -> list[PlaceSet]:
    """Resolve zero, one or several place queries (a single string or coordinate is one)."""
    if queries is None:
        return []
    if isinstance(queries, (str, PlaceSet)) or _is_coords(queries):
        return [resolve_place(G, queries)]
    return [resolve_place(G, q) for q in queries]


def node_label(G: nx.MultiDiGraph, nodes: Sequence[Hashable]) -> str:
    """Return ``"Name (id)"`` labels of nodes joined with commas (for messages)."""
    return ", ".join(f"{G.nodes[n].get('name', n)} ({n})" for n in nodes)
