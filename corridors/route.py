"""Routes: the result of every search, with legs, totals, a summary and table/map exports.

A :class:`Route` is immutable and holds no reference to the graph: it carries the coordinates
it needs to draw itself, so it can be pickled, compared and exported after the graph is gone.
Numbers come from :func:`corridors.scoring.score_path`, the one scorer of the package.

pandas and geopandas/shapely are imported inside :meth:`Route.to_frame` and
:meth:`Route.to_gdf` only; :meth:`Route.to_geojson` uses the standard library.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from corridors.advisories import path_warnings
from corridors.errors import ArgumentTypeError, ConstraintError, CorridorsError, shorten
from corridors.scoring import (
    CostModel,
    CrossingUse,
    GaugeBreak,
    ScoreWeights,
    Transshipment,
    score_path,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas
    import networkx as nx
    import pandas

__all__ = [
    "Leg",
    "Route",
    "RouteList",
    "dumps_json",
    "make_route",
    "routes_to_frame",
    "routes_to_gdf",
    "routes_to_geojson",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Leg:
    """One edge of a route: a link travelled from one place to the next.

    Attributes
    ----------
    from_place, to_place : str
        Place ids.
    mode : str
        ``road``, ``rail`` or ``sea``.
    distance_km, time_h, cost_usd : float
        Leg terms from :mod:`corridors.scoring`: the edge's, plus ``transfer_h`` and
        ``transfer_usd`` when the leg starts with a change of mode.
    crossing : str or None
        Border crossing id when the leg crosses a border.
    link_id : str
        The link (edge key).
    score : float
        Weighted score of the leg.
    status : str
        Link status.
    gauge_mm : tuple of int
        Rail gauges of the link.
    from_name, to_name, from_country, to_country : str
        Names and countries of the two places.
    coords : tuple of (lon, lat)
        Geometry from ``from_place`` to ``to_place`` (edge ``waypoints`` between the places).
    key : hashable
        Edge key in the graph (the link id in a network following :mod:`corridors.model`).
    transfer_h, transfer_usd : float
        Time and cost of the change of mode at ``from_place`` that starts this leg (0 when the
        previous leg has the same mode, or on the first leg); included in ``time_h`` and
        ``cost_usd``. A time-distance chart draws it as a vertical step at the leg's start.
    co2e_kg, co2e_ttw_kg : float
        Well-to-wheel and tank-to-wheel kg CO2e per TEU of the leg, its transfer included
        (:mod:`corridors.emissions`).
    transfer_co2e_kg : float
        The transfer's well-to-wheel emissions (included in ``co2e_kg``).
    vehicle : str
        The link's vehicle class (``truck``, ``rail_electric``, ``ferry_rail`` ...; empty for a
        network without emission data) and ``co2e_basis`` how its intensity was reached.
    co2e_g_tkm : float
        The link's well-to-wheel intensity, g CO2e per tonne-km.
    """

    from_place: str
    to_place: str
    mode: str
    distance_km: float
    time_h: float
    cost_usd: float
    crossing: str | None
    link_id: str
    score: float = 0.0
    status: str = "operational"
    gauge_mm: tuple[int, ...] = ()
    from_name: str = ""
    to_name: str = ""
    from_country: str = ""
    to_country: str = ""
    coords: tuple[tuple[float, float], ...] = field(default=(), repr=False)
    key: Hashable = field(default=None, repr=False)
    transfer_h: float = 0.0
    transfer_usd: float = 0.0
    co2e_kg: float = 0.0
    co2e_ttw_kg: float = 0.0
    transfer_co2e_kg: float = 0.0
    vehicle: str = ""
    co2e_basis: str = ""
    co2e_g_tkm: float = 0.0

    @property
    def edge(self) -> tuple[str, str, Hashable]:
        """The ``(u, v, key)`` edge of the graph."""
        return (self.from_place, self.to_place, self.link_id if self.key is None else self.key)


@dataclass(frozen=True)
class Route:
    """A scored route between two places.

    Attributes
    ----------
    origin, destination : str
        Place ids of the first and last place.
    legs : tuple of Leg
        The edges travelled, in order.
    objective : str
        Name of the weights the route was scored (and found) with.
    weights : ScoreWeights
        The weights of :attr:`score`.
    distance_km, time_h, cost_usd : float
        Totals (the sum of the legs, transfers included).
    crossings : int
        Number of border crossings.
    score : float
        Weighted score.
    border_crossings : tuple of CrossingUse
        The crossings, with names and directions.
    countries : tuple of str
        Countries in order.
    transshipments : tuple of Transshipment
        Mode changes between consecutive legs (costed transfers; :attr:`transfers` counts them).
    gauge_breaks : tuple of GaugeBreak
        Rail gauge breaks: at a gauge-change border (in the crossing's figures) or at a
        terminal away from a border (its handling, in the leg that starts there).
    sea_km : float
        Distance by sea.
    planned_share : float
        Share of km on planned or under-construction links.
    origin_name, destination_name : str
        Display names.
    origin_access_km, destination_access_km : float
        Great-circle distance from a requested coordinate to the place it was snapped to (0 when
        a place was named). Not included in the totals.
    corridor : str or None
        Label of the named corridor the route follows: routed along its definition by
        :func:`corridors.routing.compare_corridors`, or found to follow its defining crossings
        (:func:`corridors.corridors_def.corridor_of`); None otherwise.
    crs : str
        CRS of :attr:`Leg.coords`.
    transfer_h, transfer_usd : float
        Handling at terminals (changes of mode and breaks of gauge), included in ``time_h``
        and ``cost_usd``.
    warnings : tuple of str
        Seasonal, restricted, planned-as-open and closed-nearby elements that shaped the route
        (:mod:`corridors.advisories`).
    co2e_kg, co2e_ttw_kg : float
        Emissions of one TEU, kg CO2e, well-to-wheel and tank-to-wheel (ISO 14083 / GLEC; see
        :mod:`corridors.emissions`), handling at terminals included.
    transfer_co2e_kg : float
        Well-to-wheel emissions of the handlings at terminals (included in ``co2e_kg``).
    payload_t : float
        Net cargo tonnes of the TEU the emissions are for (:class:`CostModel` ``payload_t``).
    """

    origin: str
    destination: str
    legs: tuple[Leg, ...]
    objective: str
    weights: ScoreWeights
    distance_km: float
    time_h: float
    cost_usd: float
    crossings: int
    score: float
    border_crossings: tuple[CrossingUse, ...] = ()
    countries: tuple[str, ...] = ()
    transshipments: tuple[Transshipment, ...] = ()
    gauge_breaks: tuple[GaugeBreak, ...] = ()
    sea_km: float = 0.0
    planned_share: float = 0.0
    origin_name: str = ""
    destination_name: str = ""
    origin_access_km: float = 0.0
    destination_access_km: float = 0.0
    corridor: str | None = None
    crs: str = "EPSG:4326"
    transfer_h: float = 0.0
    transfer_usd: float = 0.0
    warnings: tuple[str, ...] = ()
    co2e_kg: float = 0.0
    co2e_ttw_kg: float = 0.0
    transfer_co2e_kg: float = 0.0
    payload_t: float = 10.0

    # -- derived ----------------------------------------------------------------------------
    @property
    def nodes(self) -> list[str]:
        """Place ids in order, origin first."""
        if not self.legs:
            return [self.origin]
        return [self.legs[0].from_place, *(leg.to_place for leg in self.legs)]

    @property
    def edges(self) -> list[tuple[str, str, Hashable]]:
        """The path as ``(u, v, key)`` edges of the graph."""
        return [leg.edge for leg in self.legs]

    @property
    def signature(self) -> tuple[str, ...]:
        """Corridor signature: the border crossings and sea links in order.

        Two routes with the same signature are the same corridor (see
        :func:`corridors.routing.alternatives`).
        """
        return route_signature(self.legs)

    @property
    def transfers(self) -> int:
        """Number of changes of mode between consecutive legs (each a costed transfer)."""
        return len(self.transshipments)

    @property
    def modes(self) -> tuple[str, ...]:
        """Modes used, in order of first use."""
        return tuple(dict.fromkeys(leg.mode for leg in self.legs))

    @property
    def label(self) -> str:
        """Short name: the corridor label or ``origin -> destination``."""
        ends = f"{self.origin_name or self.origin} -> {self.destination_name or self.destination}"
        return f"{self.corridor}: {ends}" if self.corridor else ends

    def totals(self) -> dict[str, Any]:
        """Return the totals as a flat dict (one row of :meth:`RouteList.table`)."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            "corridor": self.corridor,
            "objective": self.objective,
            "distance_km": self.distance_km,
            "time_h": self.time_h,
            "cost_usd": self.cost_usd,
            "crossings": self.crossings,
            "score": self.score,
            "sea_km": self.sea_km,
            "planned_share": self.planned_share,
            "countries": " > ".join(self.countries),
            "border_crossings": "; ".join(x.name for x in self.border_crossings),
            "transshipments": len(self.transshipments),
            "transfer_h": self.transfer_h,
            "transfer_usd": self.transfer_usd,
            "co2e_kg": self.co2e_kg,
            "co2e_ttw_kg": self.co2e_ttw_kg,
            "payload_t": self.payload_t,
            "gauge_breaks": len(self.gauge_breaks),
            "legs": len(self.legs),
            "warnings": "; ".join(self.warnings),
        }

    # -- text -------------------------------------------------------------------------------
    def summary(self, *, legs: bool = True) -> str:
        """Return a readable multi-line description of the route.

        Parameters
        ----------
        legs : bool
            Include one line per leg.
        """
        from corridors.network import check_flag

        legs = check_flag(legs, "legs", "Route.summary")
        lines = [f"{self.label}  [{self.objective}]"]
        lines.append(f"  {self.distance_km:,.0f} km, {self.time_h:,.1f} h "
                     f"({self.time_h / 24:,.1f} days), {self.cost_usd:,.0f} USD/TEU, "
                     f"{self.crossings} border crossing{'s' if self.crossings != 1 else ''}, "
                     f"{self.co2e_kg:,.0f} kg CO2e/TEU, score {self.score:,.1f}")
        if self.countries:
            lines.append("  countries: " + " > ".join(self.countries))
        if self.border_crossings:
            lines.append("  crossings: " + "; ".join(
                f"{x.name} ({x.from_country}>{x.to_country}, {x.mode})"
                for x in self.border_crossings))
        extra = []
        if self.sea_km:
            extra.append(f"{self.sea_km:,.0f} km by sea")
        if self.transshipments:
            extra.append(f"{len(self.transshipments)} transshipment(s) "
                         f"({self.transfer_h:,.1f} h, {self.transfer_usd:,.0f} USD)")
        if self.gauge_breaks:
            extra.append(f"{len(self.gauge_breaks)} gauge break(s)")
        if self.planned_share:
            extra.append(f"{self.planned_share:.0%} of km on planned links")
        if self.origin_access_km or self.destination_access_km:
            extra.append(f"access {self.origin_access_km:,.0f} km / egress "
                         f"{self.destination_access_km:,.0f} km not included")
        if extra:
            lines.append("  " + ", ".join(extra))
        lines.extend(f"  warning: {w}" for w in self.warnings)
        if legs:
            for i, leg in enumerate(self.legs, 1):
                x = f"  [{leg.crossing}]" if leg.crossing else ""
                if leg.transfer_h or leg.transfer_usd:
                    x += (f"  (incl. transfer {leg.transfer_h:,.1f} h "
                          f"{leg.transfer_usd:,.0f} USD)")
                lines.append(f"  {i:>3}. {leg.from_name or leg.from_place} -> "
                             f"{leg.to_name or leg.to_place}  {leg.mode} "
                             f"{leg.distance_km:,.0f} km {leg.time_h:,.1f} h "
                             f"{leg.cost_usd:,.0f} USD {leg.co2e_kg:,.0f} kg CO2e{x}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary(legs=False)

    # -- exports ----------------------------------------------------------------------------
    def leg_records(self) -> list[dict[str, Any]]:
        """Return one dict per leg, with cumulative distance, time, cost and emissions.

        ``time_h``, ``cost_usd`` and ``co2e_kg`` include the transfer that starts the leg, also
        given as ``transfer_h``, ``transfer_usd`` and ``transfer_co2e_kg`` (a time-distance
        chart steps up by ``transfer_h`` at the leg's start, then runs to ``cum_time_h``).
        """
        out = []
        cd = ct = cc = ce = 0.0
        for i, leg in enumerate(self.legs, 1):
            cd += leg.distance_km
            ct += leg.time_h
            cc += leg.cost_usd
            ce += leg.co2e_kg
            out.append({
                "leg": i, "from": leg.from_place, "from_name": leg.from_name,
                "from_country": leg.from_country, "to": leg.to_place, "to_name": leg.to_name,
                "to_country": leg.to_country, "mode": leg.mode, "link_id": leg.link_id,
                "crossing": leg.crossing, "status": leg.status,
                "distance_km": leg.distance_km, "time_h": leg.time_h, "cost_usd": leg.cost_usd,
                "transfer_h": leg.transfer_h, "transfer_usd": leg.transfer_usd,
                "co2e_kg": leg.co2e_kg, "co2e_ttw_kg": leg.co2e_ttw_kg,
                "transfer_co2e_kg": leg.transfer_co2e_kg, "vehicle": leg.vehicle,
                "co2e_g_tkm": leg.co2e_g_tkm, "co2e_basis": leg.co2e_basis,
                "score": leg.score, "cum_distance_km": cd, "cum_time_h": ct,
                "cum_cost_usd": cc, "cum_co2e_kg": ce,
            })
        return out

    def to_frame(self) -> pandas.DataFrame:
        """Return one row per leg as a :class:`pandas.DataFrame`.

        The cumulative columns give the UN ESCAP time/cost-distance curve of the route.
        """
        return routes_to_frame([self], rank=False)

    def to_gdf(self, *, per: str = "leg") -> geopandas.GeoDataFrame:
        """Return the route as a GeoDataFrame (one LineString per leg, or one per route).

        Parameters
        ----------
        per : {"leg", "route"}
            One row per leg (following each link's waypoints) or a single row.
        """
        return routes_to_gdf([self], per=per, rank=False)

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """GeoJSON FeatureCollection of the legs (standard library only)."""
        return _feature_collection([self], rank=False)

    def to_geojson(self, *, indent: int | None = None) -> str:
        """Return a GeoJSON FeatureCollection of the legs as a string (standard library only).

        Raises
        ------
        ConstraintError
            If a figure is not finite (standard JSON has no ``NaN`` or ``Infinity``).
        """
        return dumps_json(self.__geo_interface__, what="route GeoJSON", indent=indent)


class RouteList(list[Route]):
    """A list of routes (ranked results) with table and map exports.

    Returned by :func:`~corridors.routing.alternatives`, :func:`~corridors.routing.pareto_front`
    and :func:`~corridors.routing.compare_corridors`; it is a plain ``list`` otherwise.

    Attributes
    ----------
    skipped : dict of str to str
        Set by :func:`~corridors.routing.compare_corridors`: corridors left out and why.

    Raises
    ------
    ArgumentTypeError
        If ``routes`` is not an iterable of :class:`Route`.
    """

    skipped: dict[str, str]

    def __init__(self, routes: Iterable[Route] = ()) -> None:
        super().__init__(_routes(routes, "RouteList"))
        self.skipped = {}

    def summary(self, *, legs: bool = False) -> str:
        """Return the summaries of the routes, numbered."""
        return "\n".join(f"#{i} " + r.summary(legs=legs) for i, r in enumerate(self, 1))

    def table(self) -> pandas.DataFrame:
        """Return one row of totals per route (side by side), with a ``rank`` column."""
        pd = _import("pandas", "Route tables")
        rows = [{"rank": i, **r.totals()} for i, r in enumerate(self, 1)]
        return pd.DataFrame(rows)

    def to_frame(self) -> pandas.DataFrame:
        """Return one row per leg of every route, with a ``rank`` column."""
        return routes_to_frame(self)

    def to_gdf(self, *, per: str = "leg") -> geopandas.GeoDataFrame:
        """Return a GeoDataFrame of every route, with a ``rank`` column."""
        return routes_to_gdf(self, per=per)

    def to_geojson(self, *, indent: int | None = None) -> str:
        """Return one GeoJSON FeatureCollection of the legs of every route."""
        return routes_to_geojson(self, indent=indent)


def _routes(routes: Any, where: str) -> list[Route]:
    """Return ``routes`` as a list of Route, or raise ArgumentTypeError."""
    if isinstance(routes, (Route, str, bytes, Mapping)) or not isinstance(routes, Iterable):
        raise ArgumentTypeError(f"{where}: routes must be an iterable of Route, got "
                                f"{type(routes).__name__} {shorten(routes)}")
    out = list(routes)
    for r in out:
        if not isinstance(r, Route):
            raise ArgumentTypeError(f"{where}: each route must be a Route, got "
                                    f"{type(r).__name__} {shorten(r)}")
    return out


def _import(name: str, feature: str) -> Any:
    from corridors._optional import require

    return require(name, feature, "geo")


def routes_to_frame(routes: Iterable[Route], *, rank: bool = True) -> pandas.DataFrame:
    """Return one row per leg of every route as one :class:`pandas.DataFrame`.

    Parameters
    ----------
    routes : iterable of Route
        Routes, best first.
    rank : bool
        Add a ``rank`` column (1 for the first route) and route-level columns.

    Raises
    ------
    ArgumentTypeError
        If ``routes`` is not an iterable of :class:`Route` or ``rank`` not True or False.
    """
    from corridors.network import check_flag

    routes = _routes(routes, "routes_to_frame")
    rank = check_flag(rank, "rank", "routes_to_frame")
    pd = _import("pandas", "Route.to_frame")
    rows = []
    for i, r in enumerate(routes, 1):
        for rec in r.leg_records():
            if rank:
                rec = {"rank": i, "corridor": r.corridor, **rec}
            rows.append(rec)
    columns = ["leg", "from", "from_name", "from_country", "to", "to_name", "to_country", "mode",
               "link_id", "crossing", "status", "distance_km", "time_h", "cost_usd",
               "transfer_h", "transfer_usd", "co2e_kg", "co2e_ttw_kg", "transfer_co2e_kg",
               "vehicle", "co2e_g_tkm", "co2e_basis", "score", "cum_distance_km", "cum_time_h",
               "cum_cost_usd", "cum_co2e_kg"]
    if rank:
        columns = ["rank", "corridor", *columns]
    return pd.DataFrame(rows, columns=columns)


def routes_to_gdf(routes: Iterable[Route], *, per: str = "leg",
                  rank: bool = True) -> geopandas.GeoDataFrame:
    """Return a GeoDataFrame of routes: one LineString per leg, or one per route.

    Parameters
    ----------
    routes : iterable of Route
        Routes, best first.
    per : {"leg", "route"}
        Granularity of the rows.
    rank : bool
        Add a ``rank`` column.

    Raises
    ------
    ArgumentTypeError
        If ``routes`` is not an iterable of :class:`Route`, ``per`` not a string or ``rank``
        not True or False.
    ConstraintError
        If ``per`` is neither ``"leg"`` nor ``"route"``.
    """
    from corridors.network import check_flag

    if not isinstance(per, str):
        raise ArgumentTypeError(f"per must be 'leg' or 'route', got {type(per).__name__} "
                                f"{shorten(per)}")
    if per not in ("leg", "route"):
        raise ConstraintError(f"per must be 'leg' or 'route', got {shorten(per)}")
    routes = _routes(routes, "routes_to_gdf")
    rank = check_flag(rank, "rank", "routes_to_gdf")
    gpd = _import("geopandas", "Route.to_gdf")
    geometry = _import("shapely.geometry", "Route.to_gdf")
    crs = routes[0].crs if routes else "EPSG:4326"
    if per == "leg":
        frame = routes_to_frame(routes, rank=rank)
        geoms = [geometry.LineString(_line(leg.coords)) for r in routes for leg in r.legs]
        return gpd.GeoDataFrame(frame, geometry=geoms, crs=crs)
    if per != "route":
        raise ConstraintError(f"per must be 'leg' or 'route', got {shorten(per)}")
    rows, geoms = [], []
    for i, r in enumerate(routes, 1):
        row = r.totals()
        rows.append({"rank": i, **row} if rank else row)
        coords: list[tuple[float, float]] = []
        for leg in r.legs:
            for pt in leg.coords:
                if not coords or coords[-1] != pt:
                    coords.append(pt)
        geoms.append(geometry.LineString(_line(tuple(coords))) if len(coords) > 1 else None)
    pd = _import("pandas", "Route.to_gdf")
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs=crs)


def _line(coords: tuple[tuple[float, float], ...]) -> list[tuple[float, float]]:
    pts = list(coords)
    if len(pts) == 1:
        pts = pts * 2
    return pts


def _feature_collection(routes: Sequence[Route], *, rank: bool = True) -> dict[str, Any]:
    features = []
    for i, r in enumerate(routes, 1):
        for rec, leg in zip(r.leg_records(), r.legs, strict=True):
            props = {"rank": i, "corridor": r.corridor, **rec} if rank else rec
            features.append({
                "type": "Feature",
                "geometry": {"type": "LineString",
                             "coordinates": [list(p) for p in _line(leg.coords)]},
                "properties": props,
            })
    return {"type": "FeatureCollection", "features": features}


def routes_to_geojson(routes: Iterable[Route], *, indent: int | None = None) -> str:
    """Return a GeoJSON FeatureCollection of the legs of every route (standard library only).

    Raises
    ------
    ArgumentTypeError
        If ``routes`` is not an iterable of :class:`Route`.
    ConstraintError
        If a figure is not finite (standard JSON has no ``NaN`` or ``Infinity``).
    """
    return dumps_json(_feature_collection(_routes(routes, "routes_to_geojson")),
                      what="route GeoJSON", indent=indent)


def _non_finite(obj: Any, where: str = "") -> tuple[str, float] | None:
    """Return the path (``features[0].properties.time_h``) and value of a non-finite float."""
    if isinstance(obj, float):
        return None if math.isfinite(obj) else (where or "the value", obj)
    if isinstance(obj, Mapping):
        items: Iterable[tuple[str, Any]] = ((f"{where}.{k}" if where else str(k), v)
                                            for k, v in obj.items())
    elif isinstance(obj, (list, tuple)):
        items = ((f"{where}[{i}]", v) for i, v in enumerate(obj))
    else:
        return None
    for path, value in items:
        found = _non_finite(value, path)
        if found is not None:
            return found
    return None


def dumps_json(obj: Any, *, what: str, error: type[CorridorsError] = ConstraintError,
               **kwargs: Any) -> str:
    """Return ``json.dumps(obj, allow_nan=False, **kwargs)``: standard JSON, or an error.

    Parameters
    ----------
    obj : object
        What to write.
    what : str
        What it is, for the message (``"route GeoJSON"``).
    error : type
        The :class:`~corridors.errors.CorridorsError` subclass to raise.
    **kwargs
        More arguments of :func:`json.dumps` (``indent``, ``ensure_ascii``, ``default`` ...).

    Raises
    ------
    CorridorsError
        ``error``, naming the first value that is not finite (``NaN`` and ``Infinity`` are
        not JSON).

    Examples
    --------
    >>> dumps_json({"km": 1.5}, what="example")
    '{"km": 1.5}'
    >>> dumps_json({"km": float("inf")}, what="example")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    corridors.errors.ConstraintError: cannot write example as JSON: km is not finite (inf); ...
    """
    try:
        return json.dumps(obj, allow_nan=False, **kwargs)
    except ValueError as exc:
        if "JSON compliant" not in str(exc):
            raise
        found = _non_finite(obj)
        where, value = found if found is not None else ("a value", math.nan)
        raise error(f"cannot write {what} as JSON: {where} is not finite ({value}); a figure "
                    "of the network, the cost model or the scenario is too large or missing "
                    "(NaN and Infinity are not JSON)") from None


def route_signature(legs: Iterable[Leg]) -> tuple[str, ...]:
    """Return the corridor signature of legs: ``crossing:<id>`` and ``sea:<link>`` in order."""
    sig: list[str] = []
    for leg in legs:
        if leg.crossing:
            sig.append(f"crossing:{leg.crossing}")
        if leg.mode == "sea":
            sig.append(f"sea:{leg.link_id}")
    return tuple(sig)


def _coords(G: nx.MultiDiGraph, u: Hashable, v: Hashable,
            data: dict[str, Any]) -> tuple[tuple[float, float], ...]:
    nu, nv = G.nodes[u], G.nodes[v]
    pts: list[tuple[float, float]] = []
    seq: list[tuple[float, float]] = [(nu.get("x"), nu.get("y"))]
    for wp in data.get("waypoints") or ():
        lat, lon = wp
        seq.append((float(lon), float(lat)))
    seq.append((nv.get("x"), nv.get("y")))
    for p in seq:
        if p[0] is None or p[1] is None:
            continue
        p = (float(p[0]), float(p[1]))
        if not pts or pts[-1] != p:
            pts.append(p)
    return tuple(pts)


def _intensity(kg: float, km: float, payload_t: float) -> float:
    """Return g CO2e per tonne-km of ``kg`` over ``km`` with ``payload_t`` tonnes (0 at 0 km)."""
    return kg * 1000.0 / (km * payload_t) if km > 0 and payload_t > 0 else 0.0


def make_route(
    G: nx.MultiDiGraph,
    path: Sequence[tuple[Hashable, Hashable, Hashable]],
    objective: str | ScoreWeights = "generalized",
    *,
    cost_model: CostModel | None = None,
    origin: Hashable | None = None,
    destination: Hashable | None = None,
    origin_access_km: float = 0.0,
    destination_access_km: float = 0.0,
    corridor: str | None = None,
    date: Any = None,
    warnings: Sequence[str] = (),
) -> Route:
    """Build a :class:`Route` from a path of keyed edges, scored by :mod:`corridors.scoring`.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    path : sequence of (u, v, key)
        Consecutive edges; may be empty when ``origin`` is given.
    objective : str or ScoreWeights
        Weights of the score.
    cost_model : CostModel, optional
        Speeds, rates and defaults.
    origin, destination : hashable, optional
        Place ids of an empty path (default: the ends of ``path``).
    origin_access_km, destination_access_km : float
        Snapping distances to report.
    corridor : str, optional
        Corridor label to attach.
    date : datetime.date, optional
        The day of travel, for the seasonal warnings (:mod:`corridors.advisories`).
    warnings : sequence of str
        More warnings to attach after the path's own.

    Raises
    ------
    ArgumentTypeError
        If ``G`` is not a network graph, ``path`` not a sequence of ``(u, v, key)`` edges,
        ``cost_model`` not a CostModel or ``objective`` neither a name nor a ScoreWeights.
    ConstraintError
        If the path is empty without an ``origin``, an edge is missing, the edges do not
        chain, or the objective is unknown.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> r = make_route(G, [("a1", "a2", "a1-a2-road"), ("a2", "b1", "a2-b1-road")])
    >>> r.distance_km, r.crossings, r.signature
    (150.0, 1, ('crossing:x-ab-road',))
    """
    from corridors.network import check_edges

    path = check_edges(path, "make_route")
    if not path and origin is None:
        raise ConstraintError("an empty path needs an origin (make_route(G, [], origin=...))")
    o = path[0][0] if path else origin
    dst = path[-1][1] if path else (destination if destination is not None else origin)
    s = score_path(G, path, objective, cost_model=cost_model, start=o)
    legs = []
    for (u, v, k), t in zip(s.edges, s.legs, strict=True):
        d = G[u][v][k]
        nu, nv = G.nodes[u], G.nodes[v]
        legs.append(Leg(
            from_place=str(u), to_place=str(v), mode=str(d.get("mode")),
            distance_km=t.distance_km, time_h=t.time_h, cost_usd=t.cost_usd,
            crossing=d.get("crossing") or None, link_id=str(d.get("link_id", k)), score=t.score,
            transfer_h=t.transfer_h, transfer_usd=t.transfer_usd,
            co2e_kg=t.co2e_kg, co2e_ttw_kg=t.co2e_ttw_kg, transfer_co2e_kg=t.transfer_co2e_kg,
            vehicle=str(d.get("vehicle") or ""), co2e_basis=str(d.get("co2e_basis") or ""),
            co2e_g_tkm=_intensity(t.co2e_kg - t.transfer_co2e_kg, t.distance_km, s.payload_t),
            status=str(d.get("status", "operational")),
            gauge_mm=tuple(d.get("gauge_mm") or ()),
            from_name=str(nu.get("name", u)), to_name=str(nv.get("name", v)),
            from_country=str(nu.get("country", "")), to_country=str(nv.get("country", "")),
            coords=_coords(G, u, v, d), key=k,
        ))
    return Route(
        origin=str(o), destination=str(dst), legs=tuple(legs), objective=s.weights.name,
        weights=s.weights, distance_km=s.distance_km, time_h=s.time_h, cost_usd=s.cost_usd,
        crossings=s.crossings, score=s.score, border_crossings=s.border_crossings,
        countries=s.countries, transshipments=s.transshipments, gauge_breaks=s.gauge_breaks,
        sea_km=s.sea_km, planned_share=s.planned_share,
        origin_name=str(G.nodes[o].get("name", o)) if o in G else str(o),
        destination_name=str(G.nodes[dst].get("name", dst)) if dst in G else str(dst),
        origin_access_km=origin_access_km, destination_access_km=destination_access_km,
        corridor=corridor, crs=str(G.graph.get("crs", "EPSG:4326")),
        transfer_h=s.transfer_h, transfer_usd=s.transfer_usd,
        co2e_kg=s.co2e_kg, co2e_ttw_kg=s.co2e_ttw_kg, transfer_co2e_kg=s.transfer_co2e_kg,
        payload_t=s.payload_t,
        warnings=tuple(dict.fromkeys([*path_warnings(G, path, date), *warnings])),
    )
