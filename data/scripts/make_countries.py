"""Derive data/countries.csv, data/boundaries.geojson and data/countries.geojson.

Two boundary sets, one job each:

- ``boundaries.geojson`` -- fine country boundaries for the checks: OpenStreetMap
  boundaries as built into time-zone polygons by timezone-boundary-builder (ODbL) and
  shipped, unsimplified, by the ``timezonefinder`` package. Each zone is mapped to its
  country with the IANA ``zone.tab`` (``tzdata`` package); a country is the union of its
  zones, clipped to the network's region and simplified to ~100 m (0.001 degrees). The land
  polygons include territorial waters (12 nautical miles), so a port lies inside its
  country's polygon; zones named ``Etc/...`` are open sea. ``countries.csv`` holds the
  bounding boxes of these polygons.
- ``countries.geojson`` -- Natural Earth 1:110m outlines (public domain), only as the
  background of maps. The 1:110m layer ("naturalearth_lowres") ships with pyogrio as a test
  fixture.

Nothing is downloaded::

    pip install -e ".[data]"
    python data/scripts/make_countries.py

The outputs feed the coordinate checks in corridors.validate: bounding boxes (countries.csv,
standard library, on every load) and boundaries (boundaries.geojson, shapely, in
``corridors validate``: every place inside its country, every border post on its own side,
every link's transit countries). Coordinates are rounded to 4 decimals.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import geopandas as gpd
import pyogrio

# ISO 3166-1 alpha-3 -> alpha-2 for the countries of the network and their neighbours.
COUNTRIES = {
    "KAZ": "KZ", "TJK": "TJ", "UZB": "UZ", "KGZ": "KG", "TKM": "TM", "AFG": "AF", "PAK": "PK",
    "IND": "IN", "CHN": "CN", "IRN": "IR", "TUR": "TR", "AZE": "AZ", "GEO": "GE", "ARM": "AM",
    "RUS": "RU", "BLR": "BY", "POL": "PL", "DEU": "DE", "NLD": "NL", "ROU": "RO", "BGR": "BG",
    "UKR": "UA", "LTU": "LT", "LVA": "LV", "MNG": "MN", "IRQ": "IQ", "SYR": "SY", "GRC": "GR",
    "MDA": "MD", "HUN": "HU", "SVK": "SK", "CZE": "CZ", "AUT": "AT", "BEL": "BE", "NPL": "NP",
    "BTN": "BT", "OMN": "OM", "ARE": "AE", "SRB": "RS",
}
#: Countries with fine boundaries: the map's countries and the rest of Europe's TIR and
#: port countries (Baltic, Balkans, Greece).
BOUNDARY_COUNTRIES = sorted(set(COUNTRIES.values()) | {
    "LV", "EE", "MK", "BA", "ME", "HR", "SI", "AL", "XK", "CH", "LI", "LU", "FR", "IT", "DK",
    "KW", "SA", "QA", "BH", "BD",
})
#: The network's region (lon/lat); boundaries are clipped to it.
REGION = (-10.0, 5.0, 125.0, 72.0)
#: Douglas-Peucker tolerance of the fine boundaries, degrees (~100 m).
SIMPLIFY_DEG = 0.001

DATA = Path(__file__).resolve().parent.parent


def default_source() -> Path:
    """Return pyogrio's bundled copy of Natural Earth 1:110m countries."""
    base = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres"
    return base / "naturalearth_lowres.shp"


def fine_boundaries() -> dict[str, object]:
    """Return ``{iso2: shapely geometry}`` from timezonefinder's OSM-derived zone polygons."""
    import importlib.resources

    import shapely
    from shapely.geometry import Polygon, box
    from timezonefinder import TimezoneFinder

    zone_country = {}
    tab = importlib.resources.files("tzdata.zoneinfo") / "zone.tab"
    for line in tab.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            iso2, _coords, zone = line.split("\t")[:3]
            zone_country[zone] = iso2
    region = box(*REGION)
    finder = TimezoneFinder()
    parts: dict[str, list] = {}
    for zone in finder.timezone_names:
        iso2 = zone_country.get(zone)
        if iso2 not in BOUNDARY_COUNTRIES:
            continue
        polygons = [Polygon(p[0], p[1:]) for p in finder.get_geometry(tz_name=zone,
                                                                       coords_as_pairs=True)]
        parts.setdefault(iso2, []).extend(shapely.make_valid(p) for p in polygons)
    out = {}
    for iso2, geoms in sorted(parts.items()):
        geom = shapely.union_all(geoms).intersection(region)
        if not geom.is_empty:
            out[iso2] = shapely.make_valid(geom.simplify(SIMPLIFY_DEG, preserve_topology=True))
    return out


def _write_geojson(path: Path, features: list[dict]) -> None:
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
        encoding="utf-8",
    )


def main() -> None:
    """Write countries.csv, boundaries.geojson and countries.geojson next to the data files."""
    from shapely.geometry import mapping

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=default_source(),
                        help="Natural Earth 1:110m countries (map outlines)")
    args = parser.parse_args()
    import pycountry

    fine = fine_boundaries()
    with (DATA / "countries.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["iso2", "iso3", "name", "min_lon", "min_lat", "max_lon", "max_lat", "source"])
        for iso2, geom in fine.items():
            country = pycountry.countries.get(alpha_2=iso2)
            iso3, name = (country.alpha_3, country.name) if country else ("", iso2)
            out.writerow([iso2, iso3, name, *(f"{v:.4f}" for v in geom.bounds),
                          "osm_timezone_boundaries"])
    _write_geojson(DATA / "boundaries.geojson", [
        {"type": "Feature", "properties": {"iso2": iso2}, "geometry": _round(mapping(geom))}
        for iso2, geom in fine.items()
    ])
    print(f"wrote fine boundaries of {len(fine)} countries")
    world = gpd.read_file(args.source)
    world = world[world["iso_a3"].isin(COUNTRIES)].copy()
    world["iso2"] = world["iso_a3"].map(COUNTRIES)
    world = world.sort_values("iso2")
    features = []
    for _, row in world.iterrows():
        geom = json.loads(gpd.GeoSeries([row.geometry]).to_json())["features"][0]["geometry"]
        features.append({
            "type": "Feature",
            "properties": {"iso2": row.iso2, "name": row["name"]},
            "geometry": _round(geom),
        })
    _write_geojson(DATA / "countries.geojson", features)
    print(f"wrote {len(features)} map outlines")


def _round(obj):
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, list | tuple):
        return [_round(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


if __name__ == "__main__":
    main()
