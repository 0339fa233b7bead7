"""Turn what a user asks for (a place, a coordinate, a country, a region) into graph nodes.

A query resolves to a :class:`PlaceSet`: one node for a place or a snapped coordinate, every
place of a country for an ISO code, every gateway of a region for a region name. Searches treat
a set as "any of these": one multi-source or multi-target search, the best member wins.

Resolution order for a string: an exact node id; a coordinate ``"lat,lon"``; a region name
from :data:`corridors.model.REGIONS` (``"south_asia"``, ``"South Asia"``); a two-letter country
code present in the network (``"PK"``, ``"pk"``); otherwise
:func:`corridors.network.find_place` (names, aliases, suggestions on failure).

A coordinate snaps to the nearest place: farther than :data:`ACCESS_WARN_KM` (50 km) with a
warning, farther than :data:`ACCESS_MAX_KM` (500 km) not at all.
"""

from __future__ import annotations

import logging
import math
import numbers
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridors.errors import ArgumentTypeError, ConstraintError, shorten
from corridors.geo import great_circle_km
from corridors.model import REGIONS

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["ACCESS_MAX_KM", "ACCESS_WARN_KM", "PlaceSet", "resolve_place", "resolve_places",
           "snap"]

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


#: A coordinate farther than this (km, great circle) from the nearest place of the network
#: snaps to it with a warning (logged, and on the route): the access leg is not routed.
ACCESS_WARN_KM = 50.0
#: A coordinate farther than this (km) from every place of the network is refused: the
#: nearest place would be a guess (``corridors route 0,0 dushanbe``). Override it with the
#: ``max_access_km`` keyword of :func:`resolve_place`.
ACCESS_MAX_KM = 500.0

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_COORD_TEXT = re.compile(rf"^\s*({_NUMBER})\s*,\s*({_NUMBER})\s*$")


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _is_coords(query: Any) -> bool:
    return (isinstance(query, (tuple, list)) and len(query) == 2
            and all(_is_number(x) for x in query))


def _coords_text(query: Any) -> tuple[float, float] | None:
    """Return ``(lat, lon)`` of ``"lat,lon"`` text, else None."""
    if not isinstance(query, str):
        return None
    match = _COORD_TEXT.match(query)
    return (float(match.group(1)), float(match.group(2))) if match else None


def _check_coords(lat: Any, lon: Any) -> tuple[float, float]:
    if not (_is_number(lat) and _is_number(lon)):
        raise ArgumentTypeError(f"a coordinate is two numbers (lat, lon) in decimal degrees, "
                                f"got ({shorten(lat, 30)}, {shorten(lon, 30)})")
    lat, lon = float(lat), float(lon)
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ConstraintError(f"coordinate ({lat}, {lon}) is not finite; give (lat, lon) in "
                              "decimal degrees")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ConstraintError(f"coordinate ({lat}, {lon}) is not a (lat, lon) in degrees: "
                              "latitude is from -90 to 90 and longitude from -180 to 180")
    return lat, lon


def snap(G: nx.MultiDiGraph, lat: float, lon: float) -> tuple[Hashable, float]:
    """Return the place nearest to ``(lat, lon)`` (great circle) and its distance in km.

    Places without any link are skipped; ties go to the first place in graph order. No
    distance limit applies here (see :func:`resolve_place`).

    Raises
    ------
    ArgumentTypeError
        If ``lat`` or ``lon`` is not a number.
    ConstraintError
        If the coordinate is not finite or out of range (latitude -90 to 90, longitude -180
        to 180), or the network has no linked place.
    """
    lat, lon = _check_coords(lat, lon)
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


def _find_place(G: nx.MultiDiGraph, query: str) -> Hashable:
    from corridors.network import find_place

    return find_place(G, query)


def _countries(G: nx.MultiDiGraph) -> dict[str, list[Hashable]]:
    out: dict[str, list[Hashable]] = {}
    for n, c in G.nodes(data="country"):
        if c:
            out.setdefault(str(c).upper(), []).append(n)
    return out


def resolve_place(G: nx.MultiDiGraph, query: PlaceQuery, *,
                  max_access_km: float = ACCESS_MAX_KM) -> PlaceSet:
    """Resolve a place query into a :class:`PlaceSet`.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    query : str or (float, float)
        A place id, name or alias; an ISO 3166-1 alpha-2 code (every place of the country); a
        region from :data:`corridors.model.REGIONS` (every place whose ``gateway_for`` has
        it); or a coordinate, ``(lat, lon)`` or the text ``"lat,lon"``, snapped to the nearest
        place: farther than :data:`ACCESS_WARN_KM` it is logged as a warning and the warning
        travels with the routes (``Route.warnings``).
    max_access_km : float
        Refuse a coordinate farther than this from every place (default
        :data:`ACCESS_MAX_KM`).

    Returns
    -------
    PlaceSet
        Its ``nodes`` may be empty for a region no place is a gateway for; searches then raise
        :class:`~corridors.errors.NoRouteError`.

    Raises
    ------
    UnknownPlaceError
        If a name matches nothing.
    ArgumentTypeError
        If ``G`` is not a network graph, the query is not a string or a coordinate, or
        ``max_access_km`` is not a number.
    ConstraintError
        If a coordinate is not finite or out of range, it lies more than ``max_access_km``
        from the network (naming the nearest place and how far it is), or ``max_access_km``
        is negative or NaN.

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
    from corridors.network import check_graph

    check_graph(G, "resolve_place")
    if not _is_number(max_access_km):
        raise ArgumentTypeError(f"max_access_km must be a number of km >= 0, got "
                                f"{type(max_access_km).__name__} {shorten(max_access_km)}")
    if not max_access_km >= 0:
        raise ConstraintError(f"max_access_km must be a number of km >= 0, got "
                              f"{shorten(max_access_km)}")
    if _is_coords(query):
        return _snapped(G, query, query[0], query[1], float(max_access_km))
    try:
        if query in G:
            return PlaceSet(query, (query,), "place", str(query))
    except TypeError:  # unhashable
        pass
    if not isinstance(query, str):
        raise ArgumentTypeError(f"a place is a string (an id, name or alias, a country code, a "
                                f"region) or a coordinate (lat, lon), got "
                                f"{type(query).__name__} {shorten(query)}")
    coords = _coords_text(query)
    if coords is not None:
        return _snapped(G, query, coords[0], coords[1], float(max_access_km))
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


def _km(km: float) -> str:
    return f"{km:,.0f}" if km >= 10 else f"{km:g}"


def _snapped(G: nx.MultiDiGraph, query: Any, lat: Any, lon: Any, max_km: float) -> PlaceSet:
    """Snap a coordinate query to the nearest place, warning or refusing when it is far."""
    lat, lon = _check_coords(lat, lon)
    node, km = snap(G, lat, lon)
    label = f"({lat:.4f}, {lon:.4f})"
    nearest = node_label(G, [node])
    country = G.nodes[node].get("country")
    if country:
        nearest = f"{nearest[:-1]}, {country})"
    if km > max_km:
        raise ConstraintError(
            f"{label} is {km:,.0f} km from the nearest place of the network, {nearest}, "
            f"farther than {_km(max_km)} km: give a place of the network (or coordinates "
            f"near one); to snap anyway, route from resolve_place(G, ({lat:g}, {lon:g}), "
            f"max_access_km=...) (command line: --max-access-km KM)")
    logger.debug("snapped %s to %s, %.1f km away", label, node, km)
    warnings: tuple[str, ...] = ()
    if km > ACCESS_WARN_KM:
        warnings = (f"{label} is {km:,.0f} km from the nearest place of the network, "
                    f"{nearest}; the route uses that place and leaves out those "
                    f"{km:,.0f} km",)
        logger.warning(warnings[0])
    return PlaceSet(query, (node,), "coords", label, km, warnings)


def resolve_places(G: nx.MultiDiGraph, queries: Iterable[PlaceQuery] | PlaceQuery | None, *,
                   max_access_km: float = ACCESS_MAX_KM) -> list[PlaceSet]:
    """Resolve zero, one or several place queries (a single string or coordinate is one).

    Raises
    ------
    ArgumentTypeError
        If ``queries`` is neither a place nor an iterable of places, or an item is not a
        place (see :func:`resolve_place`).
    ConstraintError, UnknownPlaceError
        As :func:`resolve_place`.
    """
    if queries is None:
        return []
    if isinstance(queries, (str, PlaceSet)) or _is_coords(queries):
        return [resolve_place(G, queries, max_access_km=max_access_km)]
    if isinstance(queries, (bytes, Mapping)) or not isinstance(queries, Iterable):
        raise ArgumentTypeError(f"places are a place or a list of places, got "
                                f"{type(queries).__name__} {shorten(queries)}")
    return [resolve_place(G, q, max_access_km=max_access_km) for q in queries]


def node_label(G: nx.MultiDiGraph, nodes: Sequence[Hashable]) -> str:
    """Return ``"Name (id)"`` labels of nodes joined with commas (for messages)."""
    return ", ".join(f"{G.nodes[n].get('name', n)} ({n})" for n in nodes)
