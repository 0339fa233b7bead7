"""Build the corridor network as a networkx MultiDiGraph and find places in it.

networkx is imported where a graph is built, not with this module: the command line's fast
path finds places in a :class:`~corridors.lite.LiteGraph` without it.
"""

from __future__ import annotations

import logging
import numbers
import os
import re
import unicodedata
import weakref
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridors.errors import (
    ArgumentTypeError,
    ConstraintError,
    DataError,
    UnknownPlaceError,
    shorten,
)
from corridors.lite import LiteGraph
from corridors.model import PlaceKind
from corridors.resources import builtin_data_dir

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from corridors.validate import Records

__all__ = [
    "build_graph",
    "find_place",
    "load_network",
    "normalize_name",
    "search_places",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

_KIND_RANK = {"city": 0, "port": 1, "logistics_hub": 2, "rail_junction": 3, "border_post": 4}


# --------------------------------------------------------------------------------------------
# argument checks shared by the public functions (errors are CorridorsErrors, never bare
# TypeErrors or AttributeErrors from deep inside)
# --------------------------------------------------------------------------------------------
def check_graph(G: Any, where: str) -> None:
    """Raise :class:`~corridors.errors.ArgumentTypeError` unless ``G`` is a network graph.

    A network graph is a :class:`networkx.MultiDiGraph`, or the command line's read-only
    :class:`~corridors.lite.LiteGraph` (accepted without importing networkx).

    Parameters
    ----------
    G : object
        What the caller passed as the network.
    where : str
        The function, for the message.
    """
    if isinstance(G, LiteGraph):
        return
    import networkx as nx

    if not isinstance(G, nx.MultiDiGraph):
        raise ArgumentTypeError(
            f"{where}: the network must be a networkx.MultiDiGraph (from "
            f"corridors.load_network()), got {type(G).__name__} {shorten(G, 40)}")


def check_flag(value: Any, name: str, where: str) -> bool:
    """Return ``value`` as a bool; only True and False (also NumPy's) are accepted.

    A string such as ``"no"`` is truthy, so taking ``bool(value)`` would silently turn it on.

    Raises
    ------
    ArgumentTypeError
        For anything else.
    """
    if isinstance(value, bool):
        return value
    if type(value).__module__ == "numpy" and type(value).__name__ in ("bool_", "bool"):
        return bool(value)
    raise ArgumentTypeError(f"{where}: {name} must be True or False, got {shorten(value)}")


def check_count(value: Any, what: str, hint: str = "") -> int:
    """Return ``value`` as an int if it is a whole number >= 1 (a bool is not).

    Parameters
    ----------
    value : object
        What the caller passed (a number of draws, paths, corridors ...).
    what : str
        Its name, for the message.
    hint : str
        Appended to the message (how to raise a limit ...).

    Raises
    ------
    ArgumentTypeError
        If ``value`` is not an integer (a float, a string, a bool).
    ConstraintError
        If it is below 1.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(f"{what} must be a positive integer, got "
                                f"{type(value).__name__} {shorten(value)}{hint}")
    if value < 1:
        raise ConstraintError(f"{what} must be a positive integer, got {shorten(value)}{hint}")
    return int(value)


def check_strings(value: Any, where: str) -> tuple[str, ...]:
    """Return a string or an iterable of strings as a tuple (None gives ``()``).

    Raises
    ------
    ArgumentTypeError
        If ``value`` is neither, or an item is not a string.
    """
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
        raise ArgumentTypeError(f"{where} must be a string or a list of strings, got "
                                f"{type(value).__name__} {shorten(value)}")
    items = tuple(value)
    for x in items:
        if not isinstance(x, str):
            raise ArgumentTypeError(f"{where}: each item must be a string, got "
                                    f"{type(x).__name__} {shorten(x)}")
    return items


def check_edges(path: Any, where: str) -> list[tuple[Any, Any, Any]]:
    """Return a path given as ``(u, v, key)`` edges as a list of tuples.

    Raises
    ------
    ArgumentTypeError
        If ``path`` is not a sequence of 3-item edges (a string is not).
    """
    try:
        if isinstance(path, (str, bytes)):
            raise TypeError(path)
        return [(u, v, k) for u, v, k in path]
    except (TypeError, ValueError):
        raise ArgumentTypeError(f"{where}: a path is a sequence of (u, v, key) edges, got "
                                f"{type(path).__name__} {shorten(path)}") from None


def check_keywords(given: Iterable[str], allowed: Iterable[str], where: str) -> None:
    """Reject option names that ``where`` does not know, suggesting the closest one.

    Used where options travel through ``**kwargs`` (so a typo is not a bare TypeError, or
    silently ignored).

    Raises
    ------
    ArgumentTypeError
        Naming the first unknown option, with "did you mean" and the valid names.
    """
    import difflib

    valid = sorted(allowed)
    for name in given:
        if name not in valid:
            close = difflib.get_close_matches(str(name), valid, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ArgumentTypeError(f"{where}: unknown option {shorten(name)}{hint} "
                                  f"(valid options: {', '.join(valid)})")


def _check_path(value: Any, what: str) -> Path:
    """Return a data directory argument as a Path, or raise ArgumentTypeError naming it."""
    if isinstance(value, (str, os.PathLike)) and not isinstance(value, bytes):
        try:
            return Path(value)
        except TypeError:  # an os.PathLike whose __fspath__ returns bytes
            pass
    raise ArgumentTypeError(f"{what} must be a path to a data directory (str or "
                            f"os.PathLike), got {type(value).__name__} {shorten(value)}")


def data_paths(path: Any, extend: Any) -> tuple[Path, list[Path]]:
    """Return the checked ``path`` (default: built-in) and ``extend`` arguments as Paths.

    Raises
    ------
    ArgumentTypeError
        If ``path`` is not a path, or ``extend`` is not an iterable of paths.
    """
    base = _check_path(path, "path") if path is not None else builtin_data_dir()
    if isinstance(extend, (str, os.PathLike)):
        extend = [extend]  # one directory, not the characters of its name
    try:
        items = list(extend)
    except TypeError:
        raise ArgumentTypeError("extend must be an iterable of data directories, got "
                                f"{type(extend).__name__} {shorten(extend)}") from None
    return base, [_check_path(p, "each directory of extend") for p in items]


def load_network(
    path: str | os.PathLike[str] | None = None,
    *,
    extend: Iterable[str | os.PathLike[str]] = (),
    cache: bool = False,
) -> nx.MultiDiGraph:
    """Load and validate a corridor network.

    Parameters
    ----------
    path : str or path-like, optional
        A data directory in the format of ``data/README.md``; default the built-in network.
    extend : iterable of str or path-like
        Directories read after ``path`` that add places, links, crossings ... (a row whose id
        already exists replaces the earlier one). They are only read, never written.
    cache : bool
        Reuse the cached copy of a previous load of files with the same contents (a private,
        non-executable JSON cache, see :mod:`corridors.cache` and SECURITY.md); the command
        line uses it. Each call still returns a new graph that the caller may modify.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are place ids, edges are directed links keyed by link id; see
        :mod:`corridors.model` for the attributes.

    Raises
    ------
    DataError
        If any file is malformed (the message lists every problem with file, row and
        column), or ``path`` or ``extend`` is not a directory.
    ArgumentTypeError
        If ``path`` is not a path (str or path-like), ``extend`` not an iterable of paths, or
        ``cache`` not True or False.

    Examples
    --------
    >>> G = load_network()
    >>> G.nodes["dushanbe"]["country"]
    'TJ'
    """
    base, extra = data_paths(path, extend)
    check_flag(cache, "cache", "load_network")
    key = None
    if cache:
        from corridors import cache as _cache

        key = _cache.cache_key([base, *extra], builtin_data_dir())
        cached = _cache.read_cached(key)
        if cached is not None:
            graph, index = cached
            _INDEX[graph] = (len(graph), index)
            return graph
    # Reading and checking is only needed on a cache miss; import it then.
    from corridors.io import read_tables
    from corridors.validate import check_tables

    tables = read_tables(base, *extra)
    records, problems = check_tables(tables)
    if problems:
        raise DataError(problems, directory=", ".join(tables.directories))
    graph = build_graph(records)
    if key is not None:
        _cache.write_cached(key, graph, name_index(graph))
    return graph


def build_graph(records: Records) -> nx.MultiDiGraph:
    """Build the MultiDiGraph from checked records.

    Parameters
    ----------
    records : Records
        Output of :func:`corridors.validate.check_tables` without problems.

    Returns
    -------
    networkx.MultiDiGraph
    """
    from dataclasses import replace

    import networkx as nx

    from corridors.regimes import apply_regimes

    crossings = apply_regimes(records.crossings, records.regimes)
    for (kind, element), seasons in records.seasons.items():
        if kind == "crossing" and element in crossings:
            crossings[element] = replace(crossings[element], seasons=seasons)
    G = nx.MultiDiGraph(
        crs="EPSG:4326",
        name="corridors",
        crossings=crossings,
        corridors=dict(records.corridors),
        sources=dict(records.sources),
        data_dirs=tuple(records.directories),
    )
    if records.emission_factors:  # what a scenario needs to re-derive a line's intensity
        G.graph["emission_factors"] = records.emission_factors
    if records.capacities:  # corridors.capacities: what the assignment may load
        G.graph["capacities"] = dict(records.capacities)
    G.add_nodes_from(records.places.items())
    for link_id, link in records.links.items():
        attrs = {k: v for k, v in link.items() if k not in ("from", "to", "direction")}
        u, v = link["from"], link["to"]
        crossing = crossings.get(link["crossing"]) if link["crossing"] else None
        attrs["seasons"] = records.seasons.get(("link", link_id), ())
        directions = [(u, v, False)]
        if link["direction"] == "two_way":
            directions.append((v, u, True))
        for a, b, reverse in directions:
            edge = dict(attrs, link_id=link_id, reverse=reverse)
            if reverse:
                edge["waypoints"] = tuple(reversed(link["waypoints"]))
            edge["crossing_time_h"] = crossing.time_h(a) if crossing else None
            edge["crossing_cost_usd"] = crossing.cost_usd(a) if crossing else None
            G.add_edge(a, b, key=link_id, **edge)
    return G


def normalize_name(text: str) -> str:
    """Return a comparison key: case-folded, accents removed, punctuation and spaces dropped.

    Examples
    --------
    >>> normalize_name("Mazar-i-Sharif") == normalize_name("mazar i sharif")
    True
    >>> normalize_name("Constanța")
    'constanta'
    """
    folded = text.casefold()
    if folded.isascii():  # the common case, ten times faster than the general one
        return _NOT_ALNUM_ASCII.sub("", folded)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


_NOT_ALNUM_ASCII = re.compile(r"[^a-z0-9]+")

_INDEX: weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[int, dict[str, list[str]]]] = (
    weakref.WeakKeyDictionary()
)


def name_index(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Return (and memoise per graph) the map from normalised names and aliases to place ids."""
    return _name_index(G)


def _name_index(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    cached = _INDEX.get(G)
    if cached is not None and cached[0] == len(G):
        return cached[1]
    index: dict[str, list[str]] = {}
    for node, data in G.nodes(data=True):
        names = [node, data.get("name", ""), *data.get("aliases", ())]
        for name in names:
            key = normalize_name(str(name))
            if key and node not in index.setdefault(key, []):
                index[key].append(node)
    _INDEX[G] = (len(G), index)
    return index


def _label(G: nx.MultiDiGraph, node: str) -> str:
    data = G.nodes[node]
    return f"{data.get('name', node)} ({node}, {data.get('country', '?')})"


def find_place(G: nx.MultiDiGraph, query: str) -> str:
    """Return the id of the place that ``query`` names.

    The query may be an id, a name or an alias in any script (``"Dushanbe"``, ``"Душанбе"``,
    ``"Alma-Ata"``); case, accents, spaces and punctuation are ignored. A name that places in
    several countries carry (``"Horgos"``: Khorgos in Kazakhstan and in China, Horgoš in
    Serbia) is ambiguous: write the id or add the country, ``"Horgos, KZ"``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    query : str
        What the user typed.

    Returns
    -------
    str
        The place id.

    Raises
    ------
    UnknownPlaceError
        If nothing matches (with "did you mean" suggestions), or several places match
        equally (listing them).
    ArgumentTypeError
        If ``query`` is not a string (nor a node of ``G``), or ``G`` is not a network.

    Examples
    --------
    >>> G = load_network()
    >>> find_place(G, "Душанбе")
    'dushanbe'
    """
    check_graph(G, "find_place")
    try:
        if query in G:
            return query
    except TypeError:  # unhashable
        pass
    if not isinstance(query, str):
        raise ArgumentTypeError(f"find_place: a place must be given as a string (an id, name or "
                              f"alias), got {type(query).__name__} {shorten(query)}")
    index = _name_index(G)
    name, sep, country = str(query).rpartition(",")
    wanted = country.strip().upper() if sep and len(country.strip()) == 2 else None
    key = normalize_name(name if wanted else query)
    hits = index.get(key, [])
    if wanted is not None:
        hits = [n for n in hits if G.nodes[n].get("country") == wanted]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        countries = {G.nodes[n].get("country") for n in hits}
        named = [n for n in hits if normalize_name(G.nodes[n].get("name", "")) == key]
        if len(named) == 1 and len(countries) == 1:
            return named[0]
        ranked = sorted(hits, key=lambda n: (_KIND_RANK.get(G.nodes[n].get("kind"), 9), n))
        raise UnknownPlaceError(query, [_label(G, n) for n in ranked], ambiguous=True)
    raise UnknownPlaceError(query, [_label(G, n) for n in _suggest(G, key)])


def _suggest(G: nx.MultiDiGraph, key: str, limit: int = 5) -> list[str]:
    import difflib

    index = _name_index(G)
    close = difflib.get_close_matches(key, index.keys(), n=limit * 3, cutoff=0.6)
    out: list[str] = []
    for match in close:
        for node in index[match]:
            if node not in out:
                out.append(node)
    if key and len(out) < limit:
        for k in sorted(index):
            if k.startswith(key) or (len(key) >= 3 and key in k):
                for node in index[k]:
                    if node not in out:
                        out.append(node)
    return out[:limit]


def search_places(
    G: nx.MultiDiGraph,
    query: str = "",
    *,
    country: str | None = None,
    kind: str | None = None,
) -> list[str]:
    """Return place ids whose id, name or alias contains ``query``, filtered, sorted by name.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    query : str
        Text to look for (normalised as in :func:`find_place`); empty matches all.
    country : str, optional
        ISO 3166-1 alpha-2 code to keep.
    kind : str, optional
        Place kind to keep (``city``, ``port``, ``border_post`` ...).

    Returns
    -------
    list of str

    Raises
    ------
    ArgumentTypeError
        If ``G`` is not a network graph, or ``query``, ``country`` or ``kind`` is not a string.
    ConstraintError
        If ``country`` is not a two-letter code, or ``kind`` not a place kind
        (:class:`corridors.model.PlaceKind`).
    """
    check_graph(G, "search_places")
    if not isinstance(query, str):
        raise ArgumentTypeError(f"search_places: query must be a string, got "
                              f"{type(query).__name__} {shorten(query)}")
    country = None if country == "" else country
    kind = None if kind == "" else kind
    for name, value in (("country", country), ("kind", kind)):
        if value is not None and not isinstance(value, str):
            raise ArgumentTypeError(f"search_places: {name} must be a string, got "
                                    f"{type(value).__name__} {shorten(value)}")
    if country is not None and not (len(country.strip()) == 2 and country.strip().isalpha()):
        raise ConstraintError(f"search_places: country must be an ISO 3166-1 alpha-2 code "
                              f"such as 'KZ', got {shorten(country)}")
    if kind is not None:
        kinds = [k.value for k in PlaceKind]
        if kind not in kinds:
            import difflib

            close = difflib.get_close_matches(str(kind), kinds, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConstraintError(f"search_places: unknown place kind {shorten(kind)}{hint} "
                                  f"(kinds: {', '.join(kinds)})")
    if country is not None:
        country = country.strip()
    key = normalize_name(query)
    out = []
    for node, data in G.nodes(data=True):
        if country and data.get("country") != country.upper():
            continue
        if kind and data.get("kind") != kind:
            continue
        if key:
            names = [node, data.get("name", ""), *data.get("aliases", ())]
            if not any(key in normalize_name(str(n)) for n in names):
                continue
        out.append(node)
    return sorted(out, key=lambda n: (G.nodes[n].get("name", n).casefold(), n))


def _summary(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Return counts by country, kind, mode and crossing status (for ``corridors info``)."""
    from collections import Counter

    links = {d["link_id"]: d for _, _, d in G.edges(data=True)}
    crossings = G.graph.get("crossings", {})
    return {
        "places": len(G),
        "links": len(links),
        "directed_edges": G.number_of_edges(),
        "border_crossings": len(crossings),
        "named_corridors": len(G.graph.get("corridors", {})),
        "sources": len(G.graph.get("sources", {})),
        "km_by_mode": {
            m: round(sum(d["distance_km"] for d in links.values() if d["mode"] == m))
            for m in sorted({d["mode"] for d in links.values()})
        },
        "places_by_country": dict(
            Counter(d["country"] for _, d in G.nodes(data=True)).most_common()
        ),
        "places_by_kind": dict(Counter(d["kind"] for _, d in G.nodes(data=True)).most_common()),
        "links_by_mode": dict(Counter(d["mode"] for d in links.values()).most_common()),
        "links_by_status": dict(Counter(d["status"] for d in links.values()).most_common()),
        "crossings_by_mode": dict(Counter(c.mode for c in crossings.values()).most_common()),
        "crossings_by_status": dict(Counter(c.status for c in crossings.values()).most_common()),
        "crossings_with_gauge_change": sum(1 for c in crossings.values() if c.gauge_change),
        "estimated_link_lengths": sum(1 for d in links.values() if "detour:" in d["estimate"]),
        "links_by_vehicle": dict(Counter(d.get("vehicle") or "(cost model default)"
                                         for d in links.values()).most_common()),
        "rail_km_electrified": round(sum(d["distance_km"] * (d.get("electric_share") or 0.0)
                                         for d in links.values() if d["mode"] == "rail")),
    }
