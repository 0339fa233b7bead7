"""Build the corridor network as a networkx MultiDiGraph and find places in it."""

from __future__ import annotations

import difflib
import logging
import os
import re
import unicodedata
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from corridors.errors import DataError, UnknownPlaceError
from corridors.resources import builtin_data_dir

if TYPE_CHECKING:  # pragma: no cover
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
        Reuse a pickled copy of a previous load of the same, unchanged files (see
        :mod:`corridors.cache`); the command line uses it. Each call still returns a new
        graph that the caller may modify.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are place ids, edges are directed links keyed by link id; see
        :mod:`corridors.model` for the attributes.

    Raises
    ------
    DataError
        If any file is malformed; the message lists every problem with file, row and column.

    Examples
    --------
    >>> G = load_network()
    >>> G.nodes["dushanbe"]["country"]
    'TJ'
    """
    base = Path(path) if path is not None else builtin_data_dir()
    extra = [Path(p) for p in extend]
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

    Examples
    --------
    >>> G = load_network()
    >>> find_place(G, "Душанбе")
    'dushanbe'
    """
    if query in G:
        return query
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
    """
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
    }
