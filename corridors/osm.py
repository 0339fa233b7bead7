"""Refine link lengths and geometry from OpenStreetMap (through osmnx).

The curated network states link lengths from published sources or estimates them
(``detour:F``). This module measures them on OpenStreetMap instead, for an analyst who wants
more precision or a corridor the network does not model yet:

1. load an OSM network of one mode — rail or main roads — from a local ``.osm`` XML file
   (:func:`osm_graph_from_xml`) or, online, from the Overpass API by bounding box or polygon
   (:func:`osm_graph_from_bbox`, :func:`osm_graph_from_polygon`), filtered by the same rules
   either way (:data:`OSM_FILTERS`, :func:`keep_way`);
2. snap the corridor places of that region to the nearest OSM node within a tolerance in km,
   measured on the great circle (:func:`snap_places`);
3. measure every corridor link of that mode whose ends snapped along the OSM shortest path and
   compare it with the curated length (:func:`refine_links`, a :class:`RefineReport` with
   :meth:`~RefineReport.to_frame` and :meth:`~RefineReport.to_gdf`);
4. write the refined rows as a new *extension* directory that
   ``corridors.load_network(extend=[dir])`` loads on top of the curated network, with an
   ``osm`` source row carrying the extract, its date, the filter and the ODbL attribution
   (:func:`write_refined`, :func:`write_extension`); the curated files are only ever read;
5. derive a brand-new link between two places from OSM (:func:`new_link`).

:func:`refine_from_xml` does 1-4 in one call; ``corridors osm refine`` is its command line.

osmnx, numpy, pandas, geopandas, shapely and pyproj are imported inside the functions that need
them, so importing this module costs nothing. Data from OpenStreetMap is © OpenStreetMap
contributors and available under the Open Database License (ODbL 1.0): a directory written
here is a derived database and carries that attribution.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import errno
import itertools
import logging
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from corridors._optional import require
from corridors.errors import (
    ConstraintError,
    DataError,
    DataProblem,
    InputFileError,
    NoRouteError,
    OSMError,
    OutputExistsError,
)
from corridors.geo import EARTH_RADIUS_KM, great_circle_km
from corridors.model import TABLES, Mode

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import MultiPolygon, Polygon

__all__ = [
    "DEFAULT_PLACE_TOLERANCE_KM",
    "DEFAULT_TOLERANCE_PCT",
    "DEFAULT_WAYPOINT_TOLERANCE_KM",
    "ODBL_ATTRIBUTION",
    "OSM_FILTERS",
    "OSM_WAY_TAGS",
    "ROAD_FILTER",
    "RAIL_FILTER",
    "LinkRefinement",
    "OSMError",
    "OSMProvenance",
    "PlaceSnap",
    "RefineReport",
    "SnapResult",
    "check_rows",
    "filter_osm_graph",
    "keep_way",
    "new_link",
    "osm_graph_from_bbox",
    "osm_graph_from_polygon",
    "osm_graph_from_xml",
    "refine_from_xml",
    "refine_links",
    "region_bbox",
    "snap_places",
    "write_extension",
    "write_refined",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Overpass QL way filter for railways, passed to osmnx as ``custom_filter``. One string, so
#: its bracketed clauses are ANDed into a single Overpass statement (a *list* would be a
#: union of separate queries). Only mainline track is kept: ``railway=rail``, which leaves
#: out ``abandoned``, ``disused``, ``razed``, ``construction``, ``proposed``, ``tram``,
#: ``light_rail``, ``subway``, ``narrow_gauge``, ``funicular`` ... (different values of
#: ``railway``); minus sidings, yards and industrial spurs (``service``), heritage, military
#: and test tracks (``usage``) and old-style lifecycle tags on a ``railway=rail`` way
#: (``disused=yes``, ``abandoned=yes``). ``service=crossover`` stays: it joins tracks at
#: junctions. In Overpass, ``[k!=v]`` and ``[k!~re]`` also match ways without the key.
RAIL_FILTER = (
    '["railway"="rail"]'
    '["service"!~"^(siding|yard|spur)$"]'
    '["usage"!~"^(tourism|military|test)$"]'
    '["disused"!="yes"]'
    '["abandoned"!="yes"]'
)

#: Overpass QL way filter for main roads: motorway, trunk, primary and their ``_link`` ramps,
#: minus areas and roads closed to the public (``access=no|private``).
ROAD_FILTER = (
    '["highway"~"^(motorway|trunk|primary)(_link)?$"]'
    '["area"!="yes"]'
    '["access"!~"^(no|private)$"]'
)

#: The way filter of each mode.
OSM_FILTERS: dict[str, str] = {Mode.RAIL.value: RAIL_FILTER, Mode.ROAD.value: ROAD_FILTER}

#: The same rules as :data:`OSM_FILTERS`, in Python, for graphs read from XML (osmnx's
#: ``graph_from_xml`` takes no filter): per mode, (key, allowed values) that must match and
#: (key, excluded values) that must not.
_RULES: dict[str, tuple[tuple[str, frozenset[str]], tuple[tuple[str, frozenset[str]], ...]]] = {
    Mode.RAIL.value: (
        ("railway", frozenset({"rail"})),
        (
            ("service", frozenset({"siding", "yard", "spur"})),
            ("usage", frozenset({"tourism", "military", "test"})),
            ("disused", frozenset({"yes"})),
            ("abandoned", frozenset({"yes"})),
        ),
    ),
    Mode.ROAD.value: (
        (
            "highway",
            frozenset(
                {"motorway", "trunk", "primary", "motorway_link", "trunk_link", "primary_link"}
            ),
        ),
        (("area", frozenset({"yes"})), ("access", frozenset({"no", "private"}))),
    ),
}

#: OSM way tags kept on graph edges while loading (osmnx's ``settings.useful_tags_way`` is
#: extended with these for the duration of a load, then restored): the filter's keys plus
#: ``gauge`` (a new rail link's gauge), ``name``, ``ref`` and ``oneway``.
OSM_WAY_TAGS: tuple[str, ...] = (
    "railway", "service", "usage", "disused", "abandoned", "gauge", "electrified",
    "highway", "area", "access", "oneway", "name", "ref", "maxspeed",
)

#: The attribution OpenStreetMap's licence requires on a derived database.
ODBL_ATTRIBUTION = (
    "© OpenStreetMap contributors, available under the Open Database License (ODbL 1.0): "
    "https://www.openstreetmap.org/copyright, https://opendatacommons.org/licenses/odbl/1-0/"
)

#: Default largest gap between a place and its OSM node, km. Most places carry
#: ``coords approx.`` (±5 km, see data/README.md), and a city's station can be that far out.
DEFAULT_PLACE_TOLERANCE_KM = 5.0
#: Default deviation of the curated length from OSM above which a link is flagged, percent.
DEFAULT_TOLERANCE_PCT = 15.0
#: Default tolerance for simplifying an OSM path into ``waypoints``, km.
DEFAULT_WAYPOINT_TOLERANCE_KM = 1.0

_OSM_URL = "https://www.openstreetmap.org/copyright"
_PROVENANCE_KEY = "osm_provenance"
_MODES = tuple(OSM_FILTERS)
_SLUG_BAD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class OSMProvenance:
    """Where an OSM graph came from: what a ``sources.csv`` row cites.

    Attributes
    ----------
    mode : str
        ``rail`` or ``road``.
    filter : str
        The Overpass way filter (also applied in Python to XML).
    extract : str
        The XML file name, or ``"Overpass API ..."`` with the area for a download.
    date : str
        ``YYYY-MM-DD`` of the data: the extract's own timestamp when it has one, else the
        file's modification date, else the download date.
    date_kind : str
        Which of those ``date`` is.
    osmnx_version : str
        The osmnx that built the graph.
    """

    mode: str
    filter: str
    extract: str
    date: str
    date_kind: str
    osmnx_version: str = ""

    @property
    def source_id(self) -> str:
        """Return the ``sources.csv`` id, e.g. ``osm_rail_kazakhstan_latest_20250101``."""
        stem = self.extract.split(" ")[0]
        for suffix in (".bz2", ".gz", ".osm", ".xml"):
            stem = stem.removesuffix(suffix)
        parts = ["osm", self.mode, stem, self.date.replace("-", "")]
        return _SLUG_BAD.sub("_", "_".join(parts).lower()).strip("_")

    def source_row(self) -> dict[str, str]:
        """Return the ``sources.csv`` row citing this extract (ODbL attribution in ``note``)."""
        return {
            "id": self.source_id,
            "title": f"OpenStreetMap {self.mode} network ({self.extract}, {self.date})",
            "publisher": "OpenStreetMap contributors",
            "year": self.date[:4],
            "url": _OSM_URL,
            "note": (
                f"{ODBL_ATTRIBUTION}. Extract: {self.extract}; date {self.date} "
                f"({self.date_kind}). Way filter: {self.filter}. Lengths are osmnx edge "
                f"lengths (great circle between OSM nodes) along the shortest path"
                + (f", {self.osmnx_version}" if self.osmnx_version else "")
                + "."
            ),
        }


@dataclass(frozen=True)
class PlaceSnap:
    """A corridor place and the OSM node nearest to it."""

    place: str
    node: Any
    distance_km: float


@dataclass(frozen=True)
class SnapResult:
    """Corridor places of an OSM graph's region, snapped or not.

    Attributes
    ----------
    snapped : dict
        Place id -> :class:`PlaceSnap`, for places within ``tolerance_km`` of an OSM node.
    unsnapped : dict
        Place id -> great-circle km to the nearest OSM node, for places inside the region
        (the graph's extent widened by the tolerance) but farther than the tolerance.
    tolerance_km : float
        The snapping tolerance.
    """

    snapped: dict[str, PlaceSnap]
    unsnapped: dict[str, float]
    tolerance_km: float

    def in_region(self, place: str) -> bool:
        """Return True if ``place`` lies in the OSM graph's region (snapped or not)."""
        return place in self.snapped or place in self.unsnapped


@dataclass(frozen=True)
class LinkRefinement:
    """One corridor link measured on OSM.

    ``status`` is ``ok`` (measured), ``unsnapped`` (an end in the region but no OSM node within
    the tolerance), ``outside`` (an end beyond the OSM graph's region), ``no_path`` (no OSM path
    between the two nodes) or ``same_node`` (both ends snapped to one node). The lengths are
    None unless ``status == "ok"``. ``refined_km`` = ``osm_km`` (along OSM between the two
    nodes) + ``access_km`` (great circle from each place to its node), rounded up to 0.1 km so
    that it is never below the great-circle distance between the places.
    """

    link_id: str
    from_place: str
    to_place: str
    mode: str
    status: str
    curated_km: float
    curated_provenance: str
    osm_km: float | None = None
    access_km: float | None = None
    refined_km: float | None = None
    tolerance_pct: float = DEFAULT_TOLERANCE_PCT
    from_node: Any = None
    to_node: Any = None
    from_snap_km: float | None = None
    to_snap_km: float | None = None
    coords: tuple[tuple[float, float], ...] = ()
    waypoints: tuple[tuple[float, float], ...] = ()
    row: dict[str, str] | None = field(default=None, repr=False)
    detail: str = ""

    @property
    def ratio(self) -> float | None:
        """Return curated / refined length (None unless measured)."""
        return self.curated_km / self.refined_km if self.refined_km else None

    @property
    def deviation_pct(self) -> float | None:
        """Return (curated - refined) / refined in percent (None unless measured)."""
        ratio = self.ratio
        return None if ratio is None else (ratio - 1.0) * 100.0

    @property
    def flagged(self) -> bool:
        """Return True if the curated length deviates from OSM by more than the tolerance."""
        dev = self.deviation_pct
        return dev is not None and abs(dev) > self.tolerance_pct


@dataclass(frozen=True)
class RefineReport:
    """Curated against OSM lengths for the links of one mode in one OSM graph's region.

    Attributes
    ----------
    mode : str
        ``rail`` or ``road``.
    provenance : OSMProvenance
        The OSM data measured on.
    snaps : SnapResult
        The places of the region, snapped or not.
    links : tuple of LinkRefinement
        One per link with at least one end in the region, sorted by id.
    tolerance_pct : float
        Deviation above which a link is flagged.
    written : tuple of Path
        Files written by :func:`write_refined` / :func:`refine_from_xml`, if any.
    """

    mode: str
    provenance: OSMProvenance
    snaps: SnapResult
    links: tuple[LinkRefinement, ...]
    tolerance_pct: float
    written: tuple[Path, ...] = ()

    @property
    def refined(self) -> tuple[LinkRefinement, ...]:
        """Return the links measured on OSM (``status == "ok"``)."""
        return tuple(r for r in self.links if r.status == "ok")

    @property
    def flagged(self) -> tuple[LinkRefinement, ...]:
        """Return the measured links whose curated length deviates beyond the tolerance."""
        return tuple(r for r in self.refined if r.flagged)

    @property
    def unsnapped_places(self) -> dict[str, float]:
        """Return place id -> km to the nearest OSM node, for places that could not be snapped."""
        return dict(self.snaps.unsnapped)

    def link_rows(self, which: Literal["all", "flagged"] = "all") -> list[dict[str, str]]:
        """Return the ``links.csv`` rows of the refined links.

        Parameters
        ----------
        which : {"all", "flagged"}
            Every measured link, or only those whose curated length deviates beyond the
            tolerance.

        Returns
        -------
        list of dict
            Column -> cell text, same ids as the curated rows (so they replace them).
        """
        if which not in ("all", "flagged"):
            raise ConstraintError(f"which={which!r}: use 'all' or 'flagged'")
        chosen = self.refined if which == "all" else self.flagged
        return [dict(r.row) for r in chosen if r.row is not None]

    def to_frame(self) -> pd.DataFrame:
        """Return one row per link: curated and OSM lengths side by side, ratio, flag.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``link_id``; columns ``from``, ``to``, ``mode``, ``status``,
            ``curated_km``, ``osm_km``, ``access_km``, ``refined_km``, ``ratio`` (curated /
            refined), ``deviation_pct``, ``flagged``, ``curated_provenance``, ``from_node``,
            ``to_node``, ``from_snap_km``, ``to_snap_km``, ``detail``.
        """
        pd = require("pandas", "tables of OSM refinements", extra="geo")
        rows = [
            {
                "link_id": r.link_id,
                "from": r.from_place,
                "to": r.to_place,
                "mode": r.mode,
                "status": r.status,
                "curated_km": r.curated_km,
                "osm_km": r.osm_km,
                "access_km": r.access_km,
                "refined_km": r.refined_km,
                "ratio": r.ratio,
                "deviation_pct": r.deviation_pct,
                "flagged": r.flagged,
                "curated_provenance": r.curated_provenance,
                "from_node": r.from_node,
                "to_node": r.to_node,
                "from_snap_km": r.from_snap_km,
                "to_snap_km": r.to_snap_km,
                "detail": r.detail,
            }
            for r in self.links
        ]
        columns = ["link_id", "from", "to", "mode", "status", "curated_km", "osm_km",
                   "access_km", "refined_km", "ratio", "deviation_pct", "flagged",
                   "curated_provenance", "from_node", "to_node", "from_snap_km",
                   "to_snap_km", "detail"]
        frame = pd.DataFrame(rows, columns=columns).set_index("link_id")
        for col in ("from_node", "to_node"):  # OSM ids stay ints (or None), not floats
            frame[col] = pd.Series([row[col] for row in rows], index=frame.index, dtype=object)
        return frame

    def to_gdf(self) -> gpd.GeoDataFrame:
        """Return :meth:`to_frame` with the OSM path as a LineString geometry (EPSG:4326).

        Returns
        -------
        geopandas.GeoDataFrame
            ``geometry`` is None for links not measured.
        """
        gpd = require("geopandas", "GeoDataFrames of OSM refinements")
        from shapely.geometry import LineString

        frame = self.to_frame()
        geoms = [LineString(r.coords) if len(r.coords) >= 2 else None for r in self.links]
        return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")

    def summary(self) -> str:
        """Return a plain-text table of the report (what ``corridors osm refine`` prints)."""
        lines = [
            f"OSM {self.mode} refinement from {self.provenance.extract} "
            f"({self.provenance.date}); source id {self.provenance.source_id}",
            f"{len(self.snaps.snapped)} place(s) snapped within "
            f"{self.snaps.tolerance_km:g} km, {len(self.snaps.unsnapped)} not; "
            f"{len(self.refined)} link(s) measured, {len(self.flagged)} deviate by more than "
            f"{self.tolerance_pct:g} %",
            f"{'link':<36} {'curated':>9} {'osm':>9} {'ratio':>6}  status",
        ]
        for r in self.links:
            osm = f"{r.refined_km:9.1f}" if r.refined_km is not None else f"{'-':>9}"
            ratio = f"{r.ratio:6.2f}" if r.ratio is not None else f"{'-':>6}"
            status = r.status + (" FLAGGED" if r.flagged else "")
            if r.detail and r.status != "ok":
                status += f" ({r.detail})"
            lines.append(f"{r.link_id:<36} {r.curated_km:9.1f} {osm} {ratio}  {status}")
        for place, km in sorted(self.snaps.unsnapped.items()):
            lines.append(f"unsnapped place {place}: nearest OSM node {km:.1f} km away")
        for path in self.written:
            lines.append(f"wrote {path}")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Filters


def _check_mode(mode: str | None) -> str:
    value = str(mode.value if isinstance(mode, Mode) else mode or "").lower()
    if value not in _MODES:
        raise ConstraintError(
            f"mode {mode!r} cannot be read from OpenStreetMap; use one of: " + ", ".join(_MODES)
        )
    return value


def _values(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    return [str(value)]


def keep_way(tags: Mapping[str, Any], mode: str) -> bool:
    """Return True if an OSM way with these tags belongs to the ``mode`` network.

    The Python twin of :data:`OSM_FILTERS`: the same keys and values, with Overpass's meaning
    (an excluding clause also passes a way that lacks the key). A list value (an edge osmnx
    merged from several ways) passes if every value passes.

    Parameters
    ----------
    tags : mapping
        Tag key -> value (an osmnx edge's attributes).
    mode : str
        ``rail`` or ``road``.

    Returns
    -------
    bool

    Examples
    --------
    >>> keep_way({"railway": "rail"}, "rail")
    True
    >>> keep_way({"railway": "rail", "service": "siding"}, "rail")
    False
    >>> keep_way({"railway": "disused"}, "rail"), keep_way({"highway": "trunk_link"}, "road")
    (False, True)
    """
    (key, allowed), excluded = _RULES[_check_mode(mode)]
    values = _values(tags.get(key))
    if not values or any(v not in allowed for v in values):
        return False
    return not any(v in bad for k, bad in excluded for v in _values(tags.get(k)))


def filter_osm_graph(
    osm_graph: nx.MultiDiGraph, mode: str, *, retain_all: bool = False
) -> nx.MultiDiGraph:
    """Return a new graph with only the edges of ``mode``'s network (see :func:`keep_way`).

    Nodes left without an edge are dropped, and unless ``retain_all`` only the largest weakly
    connected component is kept (as osmnx does). The input is not modified.

    Parameters
    ----------
    osm_graph : networkx.MultiDiGraph
        An osmnx graph whose edges carry the OSM tags of :data:`OSM_WAY_TAGS`.
    mode : str
        ``rail`` or ``road``.
    retain_all : bool
        Keep every connected component.

    Returns
    -------
    networkx.MultiDiGraph
        With the input's graph attributes.
    """
    mode = _check_mode(mode)
    keep = [(u, v, k) for u, v, k, d in osm_graph.edges(keys=True, data=True) if keep_way(d, mode)]
    H = osm_graph.edge_subgraph(keep).copy()
    if not retain_all and len(H):
        largest = max(nx.weakly_connected_components(H), key=len)
        H = H.subgraph(largest).copy()
    H.graph.update(osm_graph.graph)
    logger.info(
        "kept %d of %d OSM edges for %s (%d nodes)",
        H.number_of_edges(), osm_graph.number_of_edges(), mode, len(H),
    )
    return H


# --------------------------------------------------------------------------------------------
# Loading


def _osmnx(feature: str) -> Any:
    return require("osmnx", feature, extra="osm")


@contextlib.contextmanager
def _osmnx_settings(ox: Any, **overrides: Any) -> Iterator[None]:
    """Set osmnx settings for the duration of a load, then restore them (not thread-safe)."""
    tags = list(dict.fromkeys([*ox.settings.useful_tags_way, *OSM_WAY_TAGS]))
    overrides = {"useful_tags_way": tags, **{k: v for k, v in overrides.items() if v is not None}}
    saved = {name: getattr(ox.settings, name) for name in overrides}
    try:
        for name, value in overrides.items():
            setattr(ox.settings, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(ox.settings, name, value)


def _osmnx_version(ox: Any) -> str:
    return f"OSMnx {getattr(ox, '__version__', '')}".strip()


def _xml_timestamp(path: Path) -> str | None:
    """Return the extract timestamp in an OSM XML header (Overpass ``osm_base``, osmium)."""
    import bz2
    import gzip
    import xml.etree.ElementTree as ET

    opener: Any = {".bz2": bz2.open, ".gz": gzip.open}.get(path.suffix, open)
    try:
        with opener(path, "rb") as fh:
            for _, elem in ET.iterparse(fh, events=("start",)):
                if elem.tag == "osm":
                    for attr in ("timestamp", "osmosis_replication_timestamp"):
                        if elem.get(attr):
                            return elem.get(attr)
                elif elem.tag == "meta" and elem.get("osm_base"):
                    return elem.get("osm_base")
                elif elem.tag in ("node", "way", "relation"):
                    return None
    except (OSError, ET.ParseError):
        return None
    return None


def osm_graph_from_xml(
    path: str | os.PathLike[str],
    mode: str,
    *,
    retain_all: bool = False,
    simplify: bool = False,
) -> nx.MultiDiGraph:
    """Load the ``mode`` network from a local OSM XML file (``.osm``, ``.osm.bz2``, ``.osm.gz``).

    osmnx's ``graph_from_xml`` has no filter, so the file is read whole (unsimplified, every
    component), filtered with :func:`filter_osm_graph` — the rules of :data:`OSM_FILTERS` — and
    only then reduced to its largest component and simplified, so that no excluded way is
    merged into a kept edge.

    Parameters
    ----------
    path : str or path-like
        The XML file (an extract from Geofabrik / osmium, JOSM, or an Overpass XML answer).
    mode : str
        ``rail`` or ``road``.
    retain_all : bool
        Keep every connected component, not only the largest.
    simplify : bool
        Simplify the topology with osmnx. Off by default: simplification keeps only junctions
        and dead ends as nodes, and corridor places (stations along a line) then lie far from
        any node.

    Returns
    -------
    networkx.MultiDiGraph
        An osmnx graph (``crs`` EPSG:4326, edge ``length`` in metres), with an
        :class:`OSMProvenance` in ``graph["osm_provenance"]``.

    Notes
    -----
    osmnx reads the whole file into memory, buildings and all. Cut a country extract down to
    the ways of the mode first, e.g. ``osmium tags-filter kazakhstan-latest.osm.pbf
    w/railway=rail -o kz-rail.osm`` (osmnx reads XML, not PBF).

    Raises
    ------
    InputFileError
        (a :class:`FileNotFoundError`) If the file does not exist or is not a file.
    OSMError
        If the file is not OSM XML (or not readable: bad encoding, a broken ``.gz``) or has
        no way of ``mode``.
    OptionalDependencyError
        If osmnx is not installed.
    """
    mode = _check_mode(mode)
    xml = Path(path)
    if not xml.is_file():
        what = "is not a file" if xml.exists() else "does not exist"
        raise InputFileError(errno.ENOENT, f"OSM XML file {xml} {what}", str(xml))
    ox = _osmnx("reading OpenStreetMap XML")
    from xml.sax import SAXException

    empty = getattr(getattr(ox, "_errors", None), "InsufficientResponseError", ())
    try:
        with _osmnx_settings(ox):
            raw = ox.graph_from_xml(xml, simplify=False, retain_all=True)
    except empty as exc:
        raise OSMError(f"{xml.name} holds no OSM node or way") from exc
    except (SyntaxError, SAXException, UnicodeError, ValueError, KeyError, TypeError,
            OSError, EOFError, RecursionError) as exc:  # parse errors, bad attributes, bad .gz
        detail = str(exc) if len(str(exc)) <= 200 else str(exc)[:200] + "..."
        raise OSMError(f"{xml.name} is not readable OSM XML: {detail}") from exc
    G = filter_osm_graph(raw, mode, retain_all=retain_all)
    if G.number_of_edges() == 0:
        raise OSMError(
            f"{xml.name} has no {mode} ways matching {OSM_FILTERS[mode]}; check the file "
            "and the mode"
        )
    if simplify:
        G = ox.simplification.simplify_graph(G)
    stamp = _xml_timestamp(xml)
    if stamp:
        date, kind = stamp[:10], "extract timestamp"
    else:
        mtime = _dt.datetime.fromtimestamp(xml.stat().st_mtime, tz=_dt.UTC)
        date, kind = mtime.date().isoformat(), "file modified"
    G.graph[_PROVENANCE_KEY] = OSMProvenance(
        mode=mode,
        filter=OSM_FILTERS[mode],
        extract=xml.name,
        date=date,
        date_kind=kind,
        osmnx_version=_osmnx_version(ox),
    )
    logger.info("read %s network from %s: %d nodes, %d edges", mode, xml, len(G),
                G.number_of_edges())
    return G


def _download(
    function: str,
    area: Any,
    mode: str,
    extract: str,
    *,
    retain_all: bool,
    simplify: bool,
    use_cache: bool | None,
    cache_folder: str | os.PathLike[str] | None,
) -> nx.MultiDiGraph:
    mode = _check_mode(mode)
    ox = _osmnx("downloading OpenStreetMap data")
    folder = None if cache_folder is None else str(cache_folder)
    with _osmnx_settings(ox, use_cache=use_cache, cache_folder=folder):
        raw = getattr(ox, function)(
            area,
            custom_filter=OSM_FILTERS[mode],
            retain_all=retain_all,
            simplify=simplify,
            truncate_by_edge=False,
        )
    # The same rules again in Python: a no-op on what Overpass returned, but it keeps one
    # definition of the network whichever way the graph was made.
    G = filter_osm_graph(raw, mode, retain_all=retain_all)
    G.graph[_PROVENANCE_KEY] = OSMProvenance(
        mode=mode,
        filter=OSM_FILTERS[mode],
        extract=extract,
        date=_dt.datetime.now(tz=_dt.UTC).date().isoformat(),
        date_kind="downloaded",
        osmnx_version=_osmnx_version(ox),
    )
    return G


def osm_graph_from_bbox(
    bbox: tuple[float, float, float, float],
    mode: str,
    *,
    retain_all: bool = False,
    simplify: bool = False,
    use_cache: bool | None = None,
    cache_folder: str | os.PathLike[str] | None = None,
) -> nx.MultiDiGraph:
    """Download the ``mode`` network inside a bounding box from the Overpass API (online).

    Calls ``osmnx.graph_from_bbox(bbox, custom_filter=OSM_FILTERS[mode], retain_all=...,
    simplify=..., truncate_by_edge=False)``; ``network_type`` is not needed, since a custom
    filter replaces its presets. osmnx caches every Overpass answer in ``cache_folder`` when
    ``settings.use_cache`` is on (its default), so a second run reads the disk.

    Parameters
    ----------
    bbox : tuple of float
        ``(left, bottom, right, top)`` = ``(min_lon, min_lat, max_lon, max_lat)``, degrees —
        osmnx 2.x's order (see :func:`region_bbox`).
    mode : str
        ``rail`` or ``road``.
    retain_all : bool
        Keep every connected component, not only the largest.
    simplify : bool
        Simplify the topology (see :func:`osm_graph_from_xml` for why it is off).
    use_cache : bool, optional
        Set ``osmnx.settings.use_cache`` for this call (default: leave osmnx's setting).
    cache_folder : str or path-like, optional
        Set ``osmnx.settings.cache_folder`` for this call.

    Returns
    -------
    networkx.MultiDiGraph
        As :func:`osm_graph_from_xml`, provenance dated today.
    """
    left, bottom, right, top = (float(v) for v in bbox)
    if not (left < right and bottom < top and -90 <= bottom and top <= 90):
        raise ConstraintError(
            f"bbox {bbox!r} is not (left, bottom, right, top) = (min_lon, min_lat, max_lon, "
            "max_lat) in degrees"
        )
    extract = f"Overpass API bbox ({left:g} {bottom:g} {right:g} {top:g})"
    return _download("graph_from_bbox", (left, bottom, right, top), mode, extract,
                     retain_all=retain_all, simplify=simplify, use_cache=use_cache,
                     cache_folder=cache_folder)


def osm_graph_from_polygon(
    polygon: Polygon | MultiPolygon,
    mode: str,
    *,
    retain_all: bool = False,
    simplify: bool = False,
    use_cache: bool | None = None,
    cache_folder: str | os.PathLike[str] | None = None,
) -> nx.MultiDiGraph:
    """Download the ``mode`` network inside a (multi)polygon from the Overpass API (online).

    Calls ``osmnx.graph_from_polygon(polygon, custom_filter=OSM_FILTERS[mode], ...)``; see
    :func:`osm_graph_from_bbox` for the options.

    Parameters
    ----------
    polygon : shapely Polygon or MultiPolygon
        Lon/lat degrees (EPSG:4326), e.g. a country outline.
    mode : str
        ``rail`` or ``road``.
    retain_all, simplify, use_cache, cache_folder
        As :func:`osm_graph_from_bbox`.

    Returns
    -------
    networkx.MultiDiGraph
    """
    x0, y0, x1, y1 = polygon.bounds
    extract = f"Overpass API polygon (bounds {x0:g} {y0:g} {x1:g} {y1:g})"
    return _download("graph_from_polygon", polygon, mode, extract, retain_all=retain_all,
                     simplify=simplify, use_cache=use_cache, cache_folder=cache_folder)


def region_bbox(
    G: nx.MultiDiGraph, places: Iterable[str], *, margin_km: float = 10.0
) -> tuple[float, float, float, float]:
    """Return ``(left, bottom, right, top)`` around some places, widened by ``margin_km``.

    The order osmnx 2.x's ``graph_from_bbox`` takes.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The corridor network.
    places : iterable of str
        Place ids (or names: resolved with :func:`corridors.find_place`).
    margin_km : float
        Margin on every side, km.

    Returns
    -------
    tuple of float

    Examples
    --------
    >>> import corridors
    >>> G = corridors.load_network()
    >>> [round(v, 2) for v in region_bbox(G, ["dostyk", "alashankou"], margin_km=0)]
    [82.48, 45.17, 82.57, 45.26]
    """
    from corridors.network import find_place

    ids = [find_place(G, p) for p in places]
    if not ids:
        raise ConstraintError("region_bbox needs at least one place")
    lats = [G.nodes[p]["y"] for p in ids]
    lons = [G.nodes[p]["x"] for p in ids]
    dlat = margin_km / (math.pi * EARTH_RADIUS_KM / 180)
    coslat = max(math.cos(math.radians(max(abs(min(lats)), abs(max(lats))))), 1e-6)
    dlon = dlat / coslat
    return (
        max(-180.0, min(lons) - dlon),
        max(-90.0, min(lats) - dlat),
        min(180.0, max(lons) + dlon),
        min(90.0, max(lats) + dlat),
    )


def _provenance_of(osm_graph: nx.MultiDiGraph, mode: str | None) -> OSMProvenance:
    prov = osm_graph.graph.get(_PROVENANCE_KEY)
    if isinstance(prov, OSMProvenance):
        if mode is not None and _check_mode(mode) != prov.mode:
            raise ConstraintError(
                f"the OSM graph holds the {prov.mode} network, not {mode}; load the {mode} "
                "network"
            )
        return prov
    if mode is None:
        raise ConstraintError(
            "this OSM graph was not loaded through corridors.osm: pass mode='rail' or 'road'"
        )
    created = str(osm_graph.graph.get("created_date", ""))[:10]
    return OSMProvenance(
        mode=_check_mode(mode),
        filter="unknown: graph not loaded through corridors.osm",
        extract="osmnx graph",
        date=created or _dt.datetime.now(tz=_dt.UTC).date().isoformat(),
        date_kind="graph created" if created else "used",
        osmnx_version=str(osm_graph.graph.get("created_with", "")),
    )


# --------------------------------------------------------------------------------------------
# Snapping and measuring


def _node_arrays(osm_graph: nx.MultiDiGraph) -> tuple[list[Any], Any, Any]:
    np = require("numpy", "snapping places to OpenStreetMap", extra="geo")
    crs = str(osm_graph.graph.get("crs", "EPSG:4326")).upper()
    if crs not in ("EPSG:4326", "WGS84", "OGC:CRS84"):
        raise OSMError(
            f"the OSM graph is projected ({crs}); use an unprojected one "
            "(osmnx.project_graph(G, to_latlong=True))"
        )
    nodes = list(osm_graph.nodes)
    if not nodes:
        raise OSMError("the OSM graph has no nodes")
    lats = np.array([osm_graph.nodes[n]["y"] for n in nodes], dtype=float)
    lons = np.array([osm_graph.nodes[n]["x"] for n in nodes], dtype=float)
    return nodes, lats, lons


def snap_places(
    G: nx.MultiDiGraph,
    osm_graph: nx.MultiDiGraph,
    *,
    places: Iterable[str] | None = None,
    tolerance_km: float = DEFAULT_PLACE_TOLERANCE_KM,
) -> SnapResult:
    """Snap corridor places to the nearest node of an OSM graph, within ``tolerance_km``.

    Distances are great-circle km (haversine on the mean Earth radius, as
    :func:`corridors.geo.great_circle_km`), never degrees; the search is a vectorised scan of
    every node, so neither scikit-learn (osmnx's ``nearest_nodes`` on an unprojected graph)
    nor a projection is needed. Only places inside the region — the OSM nodes' extent widened
    by the tolerance — are considered; those farther than the tolerance from every node are
    reported as unsnapped.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The corridor network.
    osm_graph : networkx.MultiDiGraph
        An unprojected osmnx graph.
    places : iterable of str, optional
        Place ids to snap; default every place.
    tolerance_km : float
        Largest place-to-node distance, km.

    Returns
    -------
    SnapResult
    """
    if not tolerance_km > 0:
        raise ConstraintError(f"tolerance_km must be positive, got {tolerance_km!r}")
    np = require("numpy", "snapping places to OpenStreetMap", extra="geo")
    nodes, lats, lons = _node_arrays(osm_graph)
    dlat = tolerance_km / (math.pi * EARTH_RADIUS_KM / 180)
    lat0, lat1 = float(lats.min()) - dlat, float(lats.max()) + dlat
    coslat = max(math.cos(math.radians(max(abs(lat0), abs(lat1)))), 1e-6)
    lon0, lon1 = float(lons.min()) - dlat / coslat, float(lons.max()) + dlat / coslat
    phi, lam = np.radians(lats), np.radians(lons)
    cosphi = np.cos(phi)
    snapped: dict[str, PlaceSnap] = {}
    unsnapped: dict[str, float] = {}
    for place in sorted(G.nodes if places is None else places):
        data = G.nodes[place]
        y, x = data.get("y"), data.get("x")
        if y is None or x is None or not (lat0 <= y <= lat1 and lon0 <= x <= lon1):
            continue
        p, q = math.radians(y), math.radians(x)
        a = np.sin((phi - p) / 2) ** 2 + math.cos(p) * cosphi * np.sin((lam - q) / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
        best = int(np.argmin(km))
        dist = float(km[best])
        if dist <= tolerance_km:
            snapped[place] = PlaceSnap(place, nodes[best], dist)
        else:
            unsnapped[place] = dist
            logger.warning(
                "place %s: nearest OSM node is %.1f km away (tolerance %g km), not snapped",
                place, dist, tolerance_km,
            )
    return SnapResult(snapped, unsnapped, float(tolerance_km))


def _edge_coords(
    osm_graph: nx.MultiDiGraph, a: Any, b: Any, data: Mapping[str, Any]
) -> list[tuple[float, float]]:
    """Return the (lon, lat) points of an edge's geometry, oriented from node a to node b."""
    pa = (osm_graph.nodes[a]["x"], osm_graph.nodes[a]["y"])
    pb = (osm_graph.nodes[b]["x"], osm_graph.nodes[b]["y"])
    geom = data.get("geometry")
    if geom is None:
        return [pa, pb]
    coords = [(float(x), float(y)) for x, y in geom.coords]
    d_first = great_circle_km(pa[1], pa[0], coords[0][1], coords[0][0])
    d_last = great_circle_km(pa[1], pa[0], coords[-1][1], coords[-1][0])
    return coords if d_first <= d_last else coords[::-1]


def _osm_path(
    osm_graph: nx.MultiDiGraph, source: Any, target: Any, *, directed: bool
) -> tuple[float, list[Any], list[tuple[float, float]], list[Mapping[str, Any]]]:
    """Return (metres, nodes, (lon, lat) coords, edge data) of the shortest OSM path.

    Raises networkx.NetworkXNoPath when there is none.
    """
    graph = osm_graph if directed else osm_graph.to_undirected(as_view=True)
    nodes = nx.shortest_path(graph, source, target, weight="length")
    metres = 0.0
    coords: list[tuple[float, float]] = []
    edges: list[Mapping[str, Any]] = []
    for a, b in itertools.pairwise(nodes):
        options = list(osm_graph[a][b].values()) if osm_graph.has_edge(a, b) else []
        if not directed and osm_graph.has_edge(b, a):
            options += list(osm_graph[b][a].values())
        data = min(options, key=lambda d: float(d.get("length", math.inf)))
        metres += float(data["length"])
        edges.append(data)
        seg = _edge_coords(osm_graph, a, b, data)
        coords.extend(seg if not coords else seg[1:])
    if not coords:
        node = osm_graph.nodes[source]
        coords = [(node["x"], node["y"])]
    return metres, nodes, coords, edges


def _simplify_waypoints(
    coords: Sequence[tuple[float, float]],
    start: tuple[float, float],
    end: tuple[float, float],
    tolerance_km: float,
) -> tuple[tuple[float, float], ...]:
    """Return ``(lat, lon)`` waypoints of a (lon, lat) path, simplified in metres.

    The path is projected to an azimuthal equidistant projection centred on its middle point,
    simplified with shapely (Douglas-Peucker) at ``tolerance_km`` and projected back. Its
    interior points are the waypoints; its ends too when they lie farther than the tolerance
    from the places ``start`` / ``end`` (``(lat, lon)``).
    """
    if len(coords) < 2:
        return ()
    pyproj = require("pyproj", "simplifying OpenStreetMap geometry")
    from shapely.geometry import LineString

    lon0, lat0 = coords[len(coords) // 2]
    local = pyproj.CRS.from_proj4(
        f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs"
    )
    to_local = pyproj.Transformer.from_crs("EPSG:4326", local, always_xy=True)
    xs, ys = to_local.transform([c[0] for c in coords], [c[1] for c in coords])
    line = LineString(list(zip(xs, ys, strict=True)))
    if tolerance_km > 0:
        line = line.simplify(tolerance_km * 1000.0, preserve_topology=False)
    lon, lat = to_local.transform(*zip(*line.coords, strict=True), direction="INVERSE")
    points = [(round(float(b), 5), round(float(a), 5)) for a, b in zip(lon, lat, strict=True)]
    out = list(points[1:-1])
    if great_circle_km(*start, *points[0]) > tolerance_km:
        out.insert(0, points[0])
    if len(points) > 1 and great_circle_km(*end, *points[-1]) > tolerance_km:
        out.append(points[-1])
    deduped: list[tuple[float, float]] = []
    for pt in out:
        if not deduped or deduped[-1] != pt:
            deduped.append(pt)
    return tuple(deduped)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _round_up_km(km: float) -> float:
    """Round up to 0.1 km (so a length never drops below the great circle by rounding)."""
    return math.ceil(round(km * 10, 6)) / 10


def _fmt_waypoints(points: Iterable[tuple[float, float]]) -> str:
    return ";".join(f"{_num(lat)} {_num(lon)}" for lat, lon in points)


def _link_index(G: nx.MultiDiGraph) -> dict[str, tuple[str, str, dict[str, Any], bool]]:
    """Return link id -> (from, to, attributes, two_way) from the forward edges."""
    index: dict[str, tuple[str, str, dict[str, Any], bool]] = {}
    for u, v, key, data in G.edges(keys=True, data=True):
        if data.get("reverse"):
            continue
        link_id = data.get("link_id", key)
        index[link_id] = (u, v, data, G.has_edge(v, u, key))
    return dict(sorted(index.items()))


def _curated_row(link_id: str, u: str, v: str, data: Mapping[str, Any], two_way: bool) -> dict:
    return {
        "id": link_id,
        "from": u,
        "to": v,
        "mode": str(data.get("mode", "")),
        "distance_km": _num(data.get("distance_km")),
        "gauge_mm": "|".join(str(g) for g in data.get("gauge_mm", ())),
        "status": str(data.get("status", "")),
        "status_year": str(data.get("status_year", "") or ""),
        "direction": "two_way" if two_way else "one_way",
        "waypoints": _fmt_waypoints(data.get("waypoints", ())),
        "crossing": str(data.get("crossing") or ""),
        "transit": "|".join(data.get("transit") or ()),
        "sailings_per_week": _num(data.get("sailings_per_week")),
        "source": "|".join(data.get("source", ())),
        "estimate": str(data.get("estimate", "") or ""),
        "note": str(data.get("note", "") or ""),
    }


def _provenance_text(row: Mapping[str, str]) -> str:
    parts = []
    if row.get("source"):
        parts.append("sources " + row["source"].replace("|", ", "))
    if row.get("estimate"):
        parts.append("estimate " + row["estimate"])
    return "; ".join(parts) or "unsourced"


def _measure(
    G: nx.MultiDiGraph,
    osm_graph: nx.MultiDiGraph,
    a: PlaceSnap,
    b: PlaceSnap,
    *,
    directed: bool,
    waypoint_tolerance_km: float,
) -> tuple[float, float, float, list[Any], list[tuple[float, float]],
           tuple[tuple[float, float], ...], list[Mapping[str, Any]]]:
    """Return (osm_km, access_km, refined_km, nodes, coords, waypoints, edges) for a->b."""
    metres, nodes, coords, edges = _osm_path(osm_graph, a.node, b.node, directed=directed)
    osm_km = metres / 1000.0
    access_km = a.distance_km + b.distance_km
    start = (G.nodes[a.place]["y"], G.nodes[a.place]["x"])
    end = (G.nodes[b.place]["y"], G.nodes[b.place]["x"])
    waypoints = _simplify_waypoints(coords, start, end, waypoint_tolerance_km)
    return (osm_km, access_km, _round_up_km(osm_km + access_km), nodes, coords, waypoints,
            edges)


def refine_links(
    G: nx.MultiDiGraph,
    osm_graph: nx.MultiDiGraph,
    mode: str | None = None,
    *,
    tolerance_pct: float = DEFAULT_TOLERANCE_PCT,
    place_tolerance_km: float = DEFAULT_PLACE_TOLERANCE_KM,
    waypoint_tolerance_km: float = DEFAULT_WAYPOINT_TOLERANCE_KM,
    statuses: Iterable[str] = ("operational",),
    links: Iterable[str] | None = None,
    directed: bool | None = None,
) -> RefineReport:
    """Measure the corridor links of one mode on an OSM graph and compare with curated lengths.

    Every place of the region is snapped (:func:`snap_places`); every link of ``mode`` with a
    status in ``statuses`` and an end in the region is measured along the shortest OSM path
    (edge ``length``) between its ends' nodes. Neither graph is modified.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The corridor network.
    osm_graph : networkx.MultiDiGraph
        The OSM network of one mode (:func:`osm_graph_from_xml` ...).
    mode : str, optional
        ``rail`` or ``road``; default the OSM graph's own.
    tolerance_pct : float
        Flag links whose curated length deviates from OSM by more than this, percent.
    place_tolerance_km : float
        Snapping tolerance, km.
    waypoint_tolerance_km : float
        Simplification tolerance of the written ``waypoints``, km.
    statuses : iterable of str
        Link statuses to measure. Only ``operational`` by default: a planned line is not in
        OSM, and the shortest OSM path would be some detour on existing track.
    links : iterable of str, optional
        Measure exactly these link ids instead (any status).
    directed : bool, optional
        Respect edge direction (one-way carriageways). Default: True for road, False for rail
        (a track can be run either way, while OSM draws it in one direction).

    Returns
    -------
    RefineReport
    """
    prov = _provenance_of(osm_graph, mode)
    mode = prov.mode
    if not tolerance_pct >= 0:
        raise ConstraintError(f"tolerance_pct must be >= 0, got {tolerance_pct!r}")
    directed = (mode == Mode.ROAD.value) if directed is None else directed
    index = _link_index(G)
    if links is not None:
        chosen = list(dict.fromkeys(links))
        for link_id in chosen:
            if link_id not in index:
                raise OSMError(f"unknown link id {link_id!r}")
            if index[link_id][2].get("mode") != mode:
                raise ConstraintError(
                    f"link {link_id!r} is {index[link_id][2].get('mode')}, the OSM graph {mode}"
                )
    else:
        wanted = set(statuses)
        chosen = [
            link_id for link_id, (_, _, data, _) in index.items()
            if data.get("mode") == mode and data.get("status") in wanted
        ]
    ends = {p for link_id in chosen for p in index[link_id][:2]}
    snaps = snap_places(G, osm_graph, places=ends, tolerance_km=place_tolerance_km)
    results: list[LinkRefinement] = []
    for link_id in chosen:
        u, v, data, two_way = index[link_id]
        if not (snaps.in_region(u) or snaps.in_region(v)):
            continue
        curated = _curated_row(link_id, u, v, data, two_way)
        base: dict[str, Any] = {
            "link_id": link_id, "from_place": u, "to_place": v, "mode": mode,
            "curated_km": float(data["distance_km"]),
            "curated_provenance": _provenance_text(curated),
            "tolerance_pct": float(tolerance_pct),
        }
        su, sv = snaps.snapped.get(u), snaps.snapped.get(v)
        if su is None or sv is None:
            outside = [p for p in (u, v) if not snaps.in_region(p)]
            if outside:
                status, detail = "outside", "beyond the OSM extract: " + ", ".join(outside)
            else:
                missing = [p for p in (u, v) if p in snaps.unsnapped]
                status = "unsnapped"
                detail = "; ".join(
                    f"{p} {snaps.unsnapped[p]:.1f} km from OSM" for p in missing
                )
            results.append(LinkRefinement(
                **base, status=status, detail=detail,
                from_node=su.node if su else None, to_node=sv.node if sv else None,
                from_snap_km=su.distance_km if su else None,
                to_snap_km=sv.distance_km if sv else None,
            ))
            continue
        snap_fields: dict[str, Any] = {
            "from_node": su.node, "to_node": sv.node,
            "from_snap_km": su.distance_km, "to_snap_km": sv.distance_km,
        }
        if su.node == sv.node:
            results.append(LinkRefinement(
                **base, **snap_fields, status="same_node",
                detail=f"{u} and {v} snap to the same OSM node",
            ))
            continue
        try:
            osm_km, access_km, refined_km, _, coords, waypoints, _ = _measure(
                G, osm_graph, su, sv, directed=directed,
                waypoint_tolerance_km=waypoint_tolerance_km,
            )
        except nx.NetworkXNoPath:
            results.append(LinkRefinement(
                **base, **snap_fields, status="no_path",
                detail=f"no OSM {mode} path between nodes {su.node} and {sv.node}",
            ))
            continue
        row = dict(curated)
        row["distance_km"] = _num(refined_km)
        row["waypoints"] = _fmt_waypoints(waypoints)
        row["source"] = "|".join(dict.fromkeys([*data.get("source", ()), prov.source_id]))
        row["estimate"] = ""
        note = (
            f"Length and waypoints from OpenStreetMap ({prov.source_id}): {osm_km:.1f} km "
            f"along OSM {mode} between the nodes nearest the places + {access_km:.1f} km "
            f"from the places to those nodes; curated {float(data['distance_km']):g} km "
            f"({_provenance_text(curated)})."
        )
        row["note"] = f"{note} {curated['note']}".strip()
        results.append(LinkRefinement(
            **base, **snap_fields, status="ok", osm_km=osm_km, access_km=access_km,
            refined_km=refined_km, coords=tuple(coords), waypoints=waypoints, row=row,
        ))
    report = RefineReport(mode, prov, snaps, tuple(results), float(tolerance_pct))
    logger.info(
        "%s: %d link(s) measured on OSM, %d flagged beyond %g %%",
        mode, len(report.refined), len(report.flagged), tolerance_pct,
    )
    return report


# --------------------------------------------------------------------------------------------
# New links


def _infer_gauge(edges: Iterable[Mapping[str, Any]]) -> str | None:
    """Return ``gauge_mm`` text if every OSM edge of a path names the same gauge(s)."""
    seen: set[str] = set()
    for data in edges:
        values = _values(data.get("gauge"))
        if not values:
            return None
        for value in values:
            seen.add("|".join(sorted(p.strip() for p in value.split(";") if p.strip())))
    if len(seen) != 1:
        return None
    gauge = seen.pop()
    return gauge if all(p.isdigit() for p in gauge.split("|")) else None


def new_link(
    G: nx.MultiDiGraph,
    osm_graph: nx.MultiDiGraph,
    place_a: str,
    place_b: str,
    *,
    mode: str | None = None,
    link_id: str | None = None,
    status: str = "operational",
    status_year: str = "",
    gauge_mm: str | Sequence[int] | None = None,
    crossing: str | None = None,
    note: str = "",
    place_tolerance_km: float = DEFAULT_PLACE_TOLERANCE_KM,
    waypoint_tolerance_km: float = DEFAULT_WAYPOINT_TOLERANCE_KM,
    directed: bool | None = None,
) -> dict[str, str]:
    """Derive a ``links.csv`` row for a link the curated network lacks, from OSM.

    The length is measured as in :func:`refine_links` (OSM path between the places' nodes plus
    the access from each place to its node), the waypoints follow the OSM path, and the row
    cites the OSM extract (write it with :func:`write_extension`, whose ``sources`` should
    include ``osm_graph.graph["osm_provenance"]``). The row is checked with the rules of
    :mod:`corridors.validate` against the whole network before it is returned.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The corridor network.
    osm_graph : networkx.MultiDiGraph
        The OSM network of the mode.
    place_a, place_b : str
        Places (ids, names or aliases) to join.
    mode : str, optional
        ``rail`` or ``road``; default the OSM graph's.
    link_id : str, optional
        Default ``<a>_<b>_<mode>``.
    status, status_year : str
        The new link's status and year.
    gauge_mm : str or sequence of int, optional
        Rail only; default the OSM ``gauge`` tag if every way of the path carries the same one.
    crossing : str, optional
        Border crossing id, required when the places are in different countries (and the
        crossing must have no other link).
    note : str
        Appended to the generated note.
    place_tolerance_km, waypoint_tolerance_km : float
        As :func:`refine_links`.
    directed : bool, optional
        As :func:`refine_links`. On roads the length is measured from ``place_a`` to
        ``place_b`` (one-way carriageways may differ the other way); the row is ``two_way``.

    Returns
    -------
    dict
        Column -> cell text of the new ``links.csv`` row.

    Raises
    ------
    OSMError
        If a place cannot be snapped, the link already exists, or the gauge is unknown.
    NoRouteError
        If OSM has no path between the two places' nodes.
    DataError
        If the row breaks a validation rule (e.g. a cross-border link without ``crossing``).
    """
    from corridors.network import find_place

    prov = _provenance_of(osm_graph, mode)
    mode = prov.mode
    a, b = find_place(G, place_a), find_place(G, place_b)
    if a == b:
        raise OSMError(f"{place_a!r} and {place_b!r} are the same place {a!r}")
    for _, (u, v, data, _) in _link_index(G).items():
        if {u, v} == {a, b} and data.get("mode") == mode:
            raise OSMError(
                f"the network already has a {mode} link {data.get('link_id')!r} between {a} "
                f"and {b}; measure it with refine_links"
            )
    snaps = snap_places(G, osm_graph, places=[a, b], tolerance_km=place_tolerance_km)
    for p in (a, b):
        if p not in snaps.snapped:
            where = (
                f"its nearest OSM node is {snaps.unsnapped[p]:.1f} km away"
                if p in snaps.unsnapped else "it lies outside the OSM extract"
            )
            raise OSMError(
                f"cannot snap {p} to the OSM {mode} network within {place_tolerance_km:g} km: "
                f"{where}"
            )
    sa, sb = snaps.snapped[a], snaps.snapped[b]
    if sa.node == sb.node:
        raise OSMError(f"{a} and {b} snap to the same OSM node {sa.node}")
    directed = (mode == Mode.ROAD.value) if directed is None else directed
    try:
        osm_km, access_km, refined_km, _, _, waypoints, edges = _measure(
            G, osm_graph, sa, sb, directed=directed, waypoint_tolerance_km=waypoint_tolerance_km
        )
    except nx.NetworkXNoPath:
        raise NoRouteError(a, b, detail=f"OpenStreetMap ({prov.extract}) has no {mode} path "
                           f"between their nodes {sa.node} and {sb.node}") from None
    if mode == Mode.RAIL.value:
        if gauge_mm is None:
            gauge = _infer_gauge(edges)
            if gauge is None:
                raise OSMError(
                    f"the OSM ways between {a} and {b} do not agree on a gauge tag: pass "
                    "gauge_mm (1520, 1435 or 1676)"
                )
        else:
            gauge = gauge_mm if isinstance(gauge_mm, str) else "|".join(map(str, gauge_mm))
    else:
        gauge = ""
    text = (
        f"New link derived from OpenStreetMap ({prov.source_id}): {osm_km:.1f} km along OSM "
        f"{mode} between the nodes nearest the places + {access_km:.1f} km from the places to "
        "those nodes."
    )
    row = {
        "id": link_id or f"{a}_{b}_{mode}",
        "from": a,
        "to": b,
        "mode": mode,
        "distance_km": _num(refined_km),
        "gauge_mm": gauge,
        "status": status,
        "status_year": status_year,
        "direction": "two_way",
        "waypoints": _fmt_waypoints(waypoints),
        "crossing": crossing or "",
        "transit": "",
        "sailings_per_week": "",
        "source": prov.source_id,
        "estimate": "",
        "note": f"{text} {note}".strip(),
    }
    problems = check_rows(G, [row], [prov.source_row()])
    if problems:
        raise DataError(problems, directory="(new OSM link)")
    return row


# --------------------------------------------------------------------------------------------
# Checking and writing


def _graph_tables(G: nx.MultiDiGraph, skip_links: set[str]) -> Any:
    """Return :class:`corridors.io.Tables` rebuilt from a loaded network (all but some links)."""
    from dataclasses import asdict

    from corridors.io import Row, Tables

    tables = Tables(directories=["(network)"])

    def add(table: str, cells: dict[str, str]) -> None:
        rows = tables.rows[table]
        rows.append(Row(f"(network) {TABLES[table].file}", len(rows) + 2, cells))

    for src in G.graph.get("sources", {}).values():
        add("sources", {k: str(v) for k, v in asdict(src).items()})
    for node, data in G.nodes(data=True):
        add("places", {
            "id": node, "name": str(data.get("name", "")),
            "aliases": "|".join(data.get("aliases", ())), "country": str(data.get("country")),
            "lat": _num(data.get("y")), "lon": _num(data.get("x")),
            "kind": str(data.get("kind", "")),
            "gateway_for": "|".join(data.get("gateway_for", ())),
            "source": "|".join(data.get("source", ())),
            "estimate": str(data.get("estimate", "") or ""), "note": str(data.get("note", "")),
        })
    for c in G.graph.get("crossings", {}).values():
        cells = {}
        for key, value in asdict(c).items():
            if key not in TABLES["border_crossings"].columns:
                continue  # derived when the network is built (regime, defaults, seasons)
            if key == "gauge_change":
                cells[key] = "yes" if value else "no"
            elif isinstance(value, tuple):
                cells[key] = "|".join(value)
            elif isinstance(value, float):
                cells[key] = _num(value)
            else:
                cells[key] = "" if value is None else str(value)
        add("border_crossings", cells)
    for link_id, (u, v, data, two_way) in _link_index(G).items():
        if link_id not in skip_links:
            add("links", _curated_row(link_id, u, v, data, two_way))
    for node, ts in G.nodes(data="transshipment"):
        if ts:  # terminals: where gauges may meet (the validator checks it)
            add("transshipments", {
                "place": str(node), "type": str(ts.get("type", "")),
                "modes": "|".join(ts.get("modes") or ()),
                **{k: _num(ts.get(k)) for k in ("handling_h", "handling_usd", "dwell_h")},
                "source": "|".join(ts.get("source") or ()),
                "estimate": str(ts.get("estimate") or "") or "as loaded"})
    return tables


def check_rows(
    G: nx.MultiDiGraph,
    links: Iterable[Mapping[str, str]],
    sources: Iterable[Mapping[str, str]] = (),
) -> list[DataProblem]:
    """Check ``links.csv`` / ``sources.csv`` rows against a network with corridors.validate.

    The network's own rows are rebuilt from the graph, the new rows replace those with the
    same id, and :func:`corridors.validate.check_tables` runs over the result: a new row must
    name known places, be at least its great-circle length, cite a known source, name the
    crossing of a cross-border link, and so on.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network the rows extend.
    links, sources : iterable of mapping
        Rows (column -> cell text).

    Returns
    -------
    list of DataProblem
        Empty when the rows are valid.
    """
    from corridors.io import Row
    from corridors.validate import check_tables

    link_rows, source_rows = [dict(r) for r in links], [dict(r) for r in sources]
    tables = _graph_tables(G, {r.get("id", "") for r in link_rows})
    for table, rows in (("sources", source_rows), ("links", link_rows)):
        known = {r.get("id") for r in tables.rows[table]}
        for line, cells in enumerate(rows, start=2):
            if table == "sources" and cells.get("id") in known:
                continue
            tables.rows[table].append(Row(f"osm {TABLES[table].file}", line, cells))
    _, problems = check_tables(tables)
    return problems


def _write_csv(path: Path, table: str, rows: Iterable[Mapping[str, str]],
               columns: Sequence[str] | None = None, *, overwrite: bool = False) -> None:
    from corridors.files import atomic_path

    columns = list(columns or TABLES[table].columns)
    with atomic_path(path, overwrite=overwrite) as tmp:
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n",
                                    extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({c: row.get(c, "") for c in columns})


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), [dict(r) for r in reader]


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:  # pragma: no cover
        return False


def write_extension(
    G: nx.MultiDiGraph,
    out_dir: str | os.PathLike[str],
    links: Iterable[Mapping[str, str]],
    sources: Iterable[Mapping[str, str] | OSMProvenance],
    *,
    replace_curated: bool = False,
    overwrite: bool = False,
) -> list[Path]:
    """Write link rows derived from OSM to ``out_dir``, never into the curated files.

    By default ``out_dir`` becomes an *extension* directory: ``links.csv`` with the given rows
    (same ids replace curated links when loaded with ``load_network(extend=[out_dir])``),
    ``sources.csv`` with the OSM source rows and ``ATTRIBUTION.md`` with the ODbL attribution.
    It must not be one of the network's data directories.

    With ``replace_curated=True`` — only when asked — ``out_dir`` receives a full copy of the
    network's first data directory's tables, with the given rows replacing (or, for new ids,
    appended to) ``links.csv`` and the sources appended to ``sources.csv``. ``out_dir`` may
    then be the curated directory itself, which also needs ``overwrite=True``, and is logged
    as a warning.

    The rows are checked with :func:`check_rows` before anything is written.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network the rows belong to.
    out_dir : str or path-like
        Directory to write (created if missing).
    links : iterable of mapping
        ``links.csv`` rows (from :meth:`RefineReport.link_rows` or :func:`new_link`).
    sources : iterable of mapping or OSMProvenance
        ``sources.csv`` rows or provenances the links cite.
    replace_curated : bool
        Write a full copy of the curated tables with the rows replaced (see above).
    overwrite : bool
        Replace existing output files; without it an existing file is an error.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OutputExistsError
        (a :class:`FileExistsError`) If an output file exists and ``overwrite`` is False,
        or ``out_dir`` is a data directory of the network and ``replace_curated`` is False.
    DataError
        If a row breaks a validation rule.
    """
    out = Path(out_dir)
    link_rows = [dict(r) for r in links]
    source_rows = list(
        dict.fromkeys(
            tuple((s.source_row() if isinstance(s, OSMProvenance) else dict(s)).items())
            for s in sources
        )
    )
    source_dicts = [dict(items) for items in source_rows]
    if not link_rows:
        raise OSMError("no link rows to write")
    problems = check_rows(G, link_rows, source_dicts)
    if problems:
        raise DataError(problems, directory=f"{out} (OSM rows)")
    data_dirs = [Path(d) for d in G.graph.get("data_dirs", ())]
    curated_target = any(_same_dir(out, d) for d in data_dirs)
    if curated_target and not replace_curated:
        raise OutputExistsError(
            errno.EEXIST, f"{out} is a data directory of the loaded network; write the OSM "
            "rows to a new directory (or pass replace_curated=True explicitly)"
        )
    if replace_curated:
        if not data_dirs or not (data_dirs[0] / TABLES["links"].file).is_file():
            raise OSMError(
                "replace_curated needs the network's data directory (load it from files)"
            )
        base = data_dirs[0]
        files = {spec.file: name for name, spec in TABLES.items() if (base / spec.file).is_file()}
    else:
        base = None
        files = {TABLES["links"].file: "links", TABLES["sources"].file: "sources",
                 "ATTRIBUTION.md": ""}
    targets = [out / name for name in files]
    existing = [p for p in targets if p.exists()]
    if existing and not overwrite:
        raise OutputExistsError(
            errno.EEXIST, "not overwriting " + ", ".join(map(str, existing))
            + "; choose a new directory or pass overwrite=True (--force on the command line)"
        )
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if base is None:
        from corridors.files import write_text

        _write_csv(out / "links.csv", "links", link_rows, overwrite=overwrite)
        _write_csv(out / "sources.csv", "sources", source_dicts, overwrite=overwrite)
        ids = ", ".join(r["id"] for r in link_rows)
        write_text(
            out / "ATTRIBUTION.md",
            "# OpenStreetMap-derived links\n\n"
            f"Lengths and waypoints of {ids} were derived from OpenStreetMap by "
            "`corridors.osm`; see `sources.csv` for the extract, its date and the filter.\n\n"
            f"{ODBL_ATTRIBUTION}. This directory is a derived database under the ODbL.\n",
            overwrite=overwrite,
        )
        written = [out / "links.csv", out / "sources.csv", out / "ATTRIBUTION.md"]
    else:
        if curated_target:
            logger.warning("replace_curated: rewriting the curated files in %s", out)
        by_id = {r["id"]: r for r in link_rows}
        for name, table in files.items():
            header, rows = _read_csv(base / name)
            if table in ("links", "sources"):  # keep every column the new rows fill
                header += [c for c in TABLES[table].columns if c not in header]
            if table == "links":
                rows = [by_id.pop(r.get("id", ""), r) for r in rows] + list(by_id.values())
            elif table == "sources":
                known = {r.get("id") for r in rows}
                rows += [r for r in source_dicts if r.get("id") not in known]
            if _same_dir(out, base) and table not in ("links", "sources"):
                continue
            _write_csv(out / name, table, rows, header or None,
                       overwrite=overwrite or replace_curated)
            written.append(out / name)
    for path in written:
        logger.info("wrote %s", path)
    return written


def write_refined(
    G: nx.MultiDiGraph,
    report: RefineReport,
    out_dir: str | os.PathLike[str],
    *,
    which: Literal["all", "flagged"] = "all",
    replace_curated: bool = False,
    overwrite: bool = False,
) -> RefineReport:
    """Write a report's refined links to ``out_dir`` (see :func:`write_extension`).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network the report was made on.
    report : RefineReport
        From :func:`refine_links`.
    out_dir : str or path-like
        Directory to write.
    which : {"all", "flagged"}
        Every measured link, or only the flagged ones.
    replace_curated, overwrite : bool
        As :func:`write_extension`.

    Returns
    -------
    RefineReport
        The report with ``written`` set.

    Raises
    ------
    OSMError
        If there is no refined link to write.
    """
    rows = report.link_rows(which)
    if not rows:
        raise OSMError(
            f"no {'flagged ' if which == 'flagged' else ''}{report.mode} link was measured on "
            f"OSM ({len(report.links)} link(s) in the region: "
            + ", ".join(f"{r.link_id} {r.status}" for r in report.links[:10])
            + "); nothing written"
        )
    paths = write_extension(G, out_dir, rows, [report.provenance],
                            replace_curated=replace_curated, overwrite=overwrite)
    return replace(report, written=tuple(paths))


def refine_from_xml(
    G: nx.MultiDiGraph,
    xml_path: str | os.PathLike[str],
    mode: str,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    tolerance_pct: float = DEFAULT_TOLERANCE_PCT,
    place_tolerance_km: float = DEFAULT_PLACE_TOLERANCE_KM,
    waypoint_tolerance_km: float = DEFAULT_WAYPOINT_TOLERANCE_KM,
    which: Literal["all", "flagged"] = "all",
    retain_all: bool = False,
    simplify: bool = False,
    overwrite: bool = False,
    replace_curated: bool = False,
) -> RefineReport:
    """Load an OSM XML extract, measure the network's links of ``mode`` on it, maybe write.

    What ``corridors osm refine --mode MODE --xml FILE [--out DIR] [--tolerance PCT]
    [--place-tolerance-km KM]`` runs: :func:`osm_graph_from_xml`, :func:`refine_links`, then,
    with ``out_dir``, :func:`write_refined`.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The corridor network (``corridors.load_network(...)``).
    xml_path : str or path-like
        OSM XML file.
    mode : str
        ``rail`` or ``road``.
    out_dir : str or path-like, optional
        Write the refined links there as an extension directory; default write nothing.
    tolerance_pct, place_tolerance_km, waypoint_tolerance_km
        As :func:`refine_links`.
    which : {"all", "flagged"}
        Links to write.
    retain_all, simplify
        As :func:`osm_graph_from_xml`.
    overwrite, replace_curated : bool
        As :func:`write_extension`.

    Returns
    -------
    RefineReport
        ``written`` lists the files written.

    Raises
    ------
    InputFileError
        (a :class:`FileNotFoundError`) If the XML file does not exist or is not a file.
    OutputExistsError
        (a :class:`FileExistsError`) If an output file exists and ``overwrite`` is False.
    OSMError
        If the file has no way of ``mode``, no place of the network lies in its region, or
        (with ``out_dir``) no link could be measured.
    ConstraintError
        For a bad mode or tolerance.
    DataError
        If a refined row breaks a validation rule.
    """
    osm = osm_graph_from_xml(xml_path, mode, retain_all=retain_all, simplify=simplify)
    report = refine_links(
        G, osm, mode, tolerance_pct=tolerance_pct, place_tolerance_km=place_tolerance_km,
        waypoint_tolerance_km=waypoint_tolerance_km,
    )
    if not report.links:
        raise OSMError(
            f"no {report.mode} link of the network has an end in the region of "
            f"{Path(xml_path).name}; check the file, the mode and --place-tolerance-km"
        )
    if out_dir is not None:
        report = write_refined(G, report, out_dir, which=which, replace_curated=replace_curated,
                               overwrite=overwrite)
    return report
