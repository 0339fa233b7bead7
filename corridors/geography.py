"""Checks of the network against fine country boundaries (``boundaries.geojson``).

The boundaries are OpenStreetMap's, as built into time-zone polygons by
timezone-boundary-builder and derived by ``data/scripts/make_countries.py`` (simplified to
~100 m, territorial waters included). :func:`check_geography` runs in ``corridors validate``
(it needs shapely): every place on its own country's side of the line, every link's
alignment inside its ends' countries and the ``transit`` countries it lists, and every
OSM-measured length equal to its measurement in ``osm_lengths.csv``.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corridors.errors import DataProblem
from corridors.geo import great_circle_km, parse_points
from corridors.io import Tables, builtin_data_dir
from corridors.model import Mode
from corridors.validate import Records

__all__ = [
    "BOUNDARY_TOLERANCE_KM",
    "TRANSIT_MIN_KM",
    "TRANSIT_VERTEX_DEPTH_KM",
    "check_geography",
    "countries_at",
    "km_by_country",
    "load_boundaries",
    "transit_countries",
]

#: A place may lie this far (km) outside its country's fine boundary (boundaries.geojson:
#: OpenStreetMap boundaries simplified to ~100 m by data/scripts/make_countries.py).
BOUNDARY_TOLERANCE_KM = 0.15
#: A link whose waypoints (straight lines between them) pass this many km through a third
#: country must list it in ``transit`` (less is a line along the border).
TRANSIT_MIN_KM = 8.0
#: An OSM alignment is a chain of real graph nodes joined by straight chords (the graph
#: contracts bends): it passes through a third country when one of its nodes lies this
#: far inside it. Its chords are not checked (a chord may cut across a border river).
TRANSIT_VERTEX_DEPTH_KM = 0.5


def load_boundaries(directory: Path) -> dict[str, Any] | None:
    """Return ``{iso2: prepared shapely geometry}`` from ``boundaries.geojson``, or None."""
    import shapely
    from shapely.geometry import shape

    for base in (directory, builtin_data_dir()):
        path = base / "boundaries.geojson"
        if path.is_file():
            out = {f["properties"]["iso2"]: shape(f["geometry"])
                   for f in json.loads(path.read_text(encoding="utf-8"))["features"]}
            for geom in out.values():
                shapely.prepare(geom)
            return out
    return None


def countries_at(boundaries: dict[str, Any], xs: Any, ys: Any) -> list[str | None]:
    """Return the country of each point (None at sea or outside the boundary set)."""
    import numpy as np
    import shapely

    out: list[str | None] = [None] * len(xs)
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    for iso2, geom in boundaries.items():
        x0, y0, x1, y1 = geom.bounds
        box = np.flatnonzero((xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1))
        if box.size:
            for i in box[shapely.contains_xy(geom, xs[box], ys[box])]:
                out[int(i)] = iso2
    return out


def km_by_country(boundaries: dict[str, Any],
                   points: Sequence[tuple[float, float]]) -> dict[str, float]:
    """Kilometres of the polyline ``points`` (lat, lon) inside each country (1 km samples)."""
    xs, ys, ws = [], [], []
    for (la1, lo1), (la2, lo2) in itertools.pairwise(points):
        km = great_circle_km(la1, lo1, la2, lo2)
        n = max(1, math.ceil(km))
        for i in range(n):
            t = (i + 0.5) / n
            ys.append(la1 + (la2 - la1) * t)
            xs.append(lo1 + (lo2 - lo1) * t)
            ws.append(km / n)
    out: dict[str, float] = {}
    for country, w in zip(countries_at(boundaries, xs, ys), ws, strict=True):
        if country:
            out[country] = out.get(country, 0.0) + w
    return out


def transit_countries(boundaries: dict[str, Any], points: Sequence[tuple[float, float]],
                      ends: set[str], *, vertices: bool) -> dict[str, float]:
    """Return the third countries a polyline passes through, with a measure of how far.

    Parameters
    ----------
    boundaries : dict
        ``{iso2: geometry}`` from :func:`load_boundaries`.
    points : sequence of (lat, lon)
        The alignment, ends included.
    ends : set of str
        The countries of the link's ends (never transit).
    vertices : bool
        True for an OSM alignment: count the interior nodes lying at least
        :data:`TRANSIT_VERTEX_DEPTH_KM` inside a third country. False for waypoints: the
        kilometres of the straight lines inside it, at least :data:`TRANSIT_MIN_KM`.

    Returns
    -------
    dict
        ``{iso2: nodes or km}``.
    """
    import shapely
    from shapely.geometry import Point

    if not vertices:
        km = km_by_country(boundaries, points)
        return {c: v for c, v in km.items() if c not in ends and v >= TRANSIT_MIN_KM}
    inner = list(points[1:-1])
    found: dict[str, float] = {}
    labels = countries_at(boundaries, [p[1] for p in inner], [p[0] for p in inner])
    depth = TRANSIT_VERTEX_DEPTH_KM / 111.0
    for (lat, lon), country in zip(inner, labels, strict=True):
        if country and country not in ends and shapely.distance(
                boundaries[country].boundary, Point(lon, lat)) >= depth:
            found[country] = found.get(country, 0) + 1
    return found


def _measured_alignments(directory: Path) -> dict[str, dict[str, str]]:
    """Rows of ``osm_lengths.csv`` (derived by data/scripts/measure_osm_lengths.py) by link."""
    path = directory / "osm_lengths.csv"
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {r["link_id"]: r for r in csv.DictReader(fh)}


def check_geography(records: Records, tables: Tables, directory: Path) -> list[DataProblem]:
    """Check places and links against fine country boundaries (shapely, ``boundaries.geojson``).

    - every place inside its own country (a border post on its own side of the line, a port
      inside its country's land and territorial waters, not out at sea), within
      :data:`BOUNDARY_TOLERANCE_KM`;
    - every link's alignment (measured on OpenStreetMap where ``osm_lengths.csv`` has it, else
      its ends through its waypoints; a link with neither is not checked) inside its ends'
      countries and its ``transit`` countries: a third country entered (an OSM node
      :data:`TRANSIT_VERTEX_DEPTH_KM` inside it, or :data:`TRANSIT_MIN_KM` of the waypoint
      line) must be listed, and a listed one entered;
    - every ``osm`` length equal to its measurement.
    """
    from corridors._optional import require

    shapely = require("shapely", "checking coordinates against country boundaries")
    boundaries = load_boundaries(directory)
    if boundaries is None:
        return [DataProblem("boundaries.geojson", None, None,
                            "country boundaries are missing; run data/scripts/make_countries.py")]
    from shapely.geometry import Point

    by_id = {r.get("id"): r for r in tables.rows["places"]}
    link_rows = {r.get("id"): r for r in tables.rows["links"]}
    problems: list[DataProblem] = []
    tol_deg = BOUNDARY_TOLERANCE_KM / 111.0
    for ident, place in records.places.items():
        geom = boundaries.get(place["country"])
        if geom is None or place["x"] is None or place["y"] is None:
            continue
        row = by_id[ident]
        point = Point(place["x"], place["y"])
        if not shapely.dwithin(geom, point, tol_deg):
            inside = countries_at(boundaries, [place["x"]], [place["y"]])[0]
            where = f"lies in {inside}" if inside else "lies at sea"
            km = shapely.distance(geom, point) * 111.0 * math.cos(math.radians(place["y"]))
            problems.append(DataProblem(row.file, row.line, "lat", (
                f"({place['y']}, {place['x']}) {where}, ~{km:.1f} km outside "
                f"{place['country']}'s boundary: a border post sits on its own side of the "
                "line; check the coordinates and the country code")))
    measured = _measured_alignments(directory)
    for ident, link in records.links.items():
        row = link_rows.get(ident)
        pu, pv = records.places.get(link["from"]), records.places.get(link["to"])
        if row is None or not pu or not pv or None in (pu["y"], pv["y"]):
            continue
        m = measured.get(ident)
        estimate = link.get("estimate") or ""
        if estimate.startswith("osm"):
            if not m or not m.get("osm_km"):
                problems.append(DataProblem(row.file, row.line, "estimate", (
                    "'osm' length without a measurement in osm_lengths.csv; run "
                    "data/scripts/measure_osm_lengths.py")))
            elif abs(float(m["osm_km"]) - (link["distance_km"] or 0)) > 1:
                problems.append(DataProblem(row.file, row.line, "distance_km", (
                    f"{link['distance_km']:g} km differs from its OSM measurement "
                    f"{float(m['osm_km']):.0f} km; run data/scripts/measure_osm_lengths.py")))
        if link["mode"] == Mode.SEA:
            continue
        if m and m.get("alignment") and m.get("status") in ("used", "checked"):
            points = parse_points(m["alignment"])
            basis = "its OSM alignment"
        elif link["waypoints"]:
            points = [(pu["y"], pu["x"]), *link["waypoints"], (pv["y"], pv["x"])]
            basis = "its waypoints"
        else:
            continue  # no alignment to check: a straight line between the ends claims none
        ends = {pu["country"], pv["country"]}
        osm = basis.startswith("its OSM")
        passed = transit_countries(boundaries, points, ends, vertices=osm)
        listed = set(link.get("transit") or ())
        for c in sorted(set(passed) - listed):
            how = f"{passed[c]:.0f} of its nodes lie" if osm else f"{passed[c]:.0f} km lie"
            problems.append(DataProblem(row.file, row.line, "transit", (
                f"{basis} passes through {c} ({how} there): add {c} to 'transit' (so "
                f"avoiding {c} avoids this link), or give the link the crossings it makes, or "
                "waypoints that keep it on its own side")))
        for c in sorted(listed - set(passed)):
            problems.append(DataProblem(row.file, row.line, "transit", (
                f"{basis} does not pass through {c}; remove it from 'transit'")))
    return problems
