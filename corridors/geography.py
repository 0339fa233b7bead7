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

from corridors.errors import DataError, DataProblem, shorten
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
    """Return ``{iso2: prepared shapely geometry}`` from ``boundaries.geojson``, or None.

    Raises
    ------
    DataError
        If the file is not GeoJSON country boundaries (naming the file).
    """
    import shapely
    from shapely.errors import ShapelyError
    from shapely.geometry import shape

    for base in (directory, builtin_data_dir()):
        path = base / "boundaries.geojson"
        if path.is_file():
            try:
                features = json.loads(path.read_text(encoding="utf-8"))["features"]
                out = {str(f["properties"]["iso2"]): shape(f["geometry"]) for f in features}
                for geom in out.values():
                    shapely.prepare(geom)
            except UnicodeDecodeError as exc:
                raise _unreadable(path, f"not UTF-8 text ({exc.reason})") from None
            except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                    RecursionError, ShapelyError) as exc:
                raise _unreadable(path, f"not GeoJSON country boundaries "
                                        f"({type(exc).__name__}: {shorten(str(exc))})") from None
            return out
    return None


def _unreadable(path: Path, why: str) -> DataError:
    return DataError([DataProblem(path.name, None, None, f"{why}; run "
                                  "data/scripts/make_countries.py to derive it again")],
                     directory=str(path.parent))


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


_OSM_LENGTHS = "osm_lengths.csv"


def _measured_alignments(directory: Path, problems: list[DataProblem]
                         ) -> dict[str, dict[str, Any]]:
    """Rows of ``osm_lengths.csv`` (derived by data/scripts/measure_osm_lengths.py) by link.

    Each row is checked (``osm_km`` a number, ``alignment`` points); what cannot be used is a
    problem with its row and column, and the row is left out.
    """
    path = directory / _OSM_LENGTHS
    if not path.is_file():
        return {}
    out: dict[str, dict[str, Any]] = {}
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            if "link_id" not in (reader.fieldnames or ()):
                problems.append(DataProblem(_OSM_LENGTHS, 1, "link_id",
                                            "required column is missing from the header"))
                return {}
            for r in reader:
                line = reader.line_num
                row = {k: v for k, v in r.items() if isinstance(k, str)}
                if not isinstance(row.get("link_id"), str) or not row["link_id"]:
                    problems.append(DataProblem(_OSM_LENGTHS, line, "link_id", "is empty"))
                    continue
                if row.get("osm_km"):
                    try:
                        km = float(row["osm_km"])
                    except (TypeError, ValueError):
                        km = math.nan
                    if not math.isfinite(km) or km < 0:
                        problems.append(DataProblem(_OSM_LENGTHS, line, "osm_km",
                                                    f"{shorten(row['osm_km'])} is not a length "
                                                    "in km"))
                        continue
                    row["osm_km"] = km
                if row.get("alignment"):
                    try:
                        row["alignment"] = _points(row["alignment"])
                    except ValueError:
                        problems.append(DataProblem(_OSM_LENGTHS, line, "alignment",
                                                    "is not 'lat lon;lat lon;...' in decimal "
                                                    "degrees"))
                        continue
                out[row["link_id"]] = row
    except UnicodeDecodeError as exc:
        problems.append(DataProblem(_OSM_LENGTHS, None, None, f"not UTF-8 text ({exc.reason})"))
        return {}
    except csv.Error as exc:
        problems.append(DataProblem(_OSM_LENGTHS, None, None,
                                    f"malformed CSV: {shorten(str(exc))}"))
        return {}
    return out


def _points(text: str) -> list[tuple[float, float]]:
    """Return checked (lat, lon) points of an alignment, or raise ValueError."""
    points = parse_points(text)
    if len(points) < 2 or not all(-90 <= la <= 90 and -180 <= lo <= 180 for la, lo in points):
        raise ValueError(text)
    return points


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
    try:
        boundaries = load_boundaries(directory)
    except DataError as exc:
        return exc.problems
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
    measured = _measured_alignments(directory, problems)
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
            elif abs(m["osm_km"] - (link["distance_km"] or 0)) > 1:
                problems.append(DataProblem(row.file, row.line, "distance_km", (
                    f"{link['distance_km']:g} km differs from its OSM measurement "
                    f"{m['osm_km']:.0f} km; run data/scripts/measure_osm_lengths.py")))
        if link["mode"] == Mode.SEA:
            continue
        if m and m.get("alignment") and m.get("status") in ("used", "checked"):
            points = m["alignment"]
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
