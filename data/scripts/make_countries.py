"""Derive data/countries.csv and data/countries.geojson from Natural Earth 1:110m countries.

Natural Earth (naturalearthdata.com) is in the public domain. The 1:110m Admin-0 layer
("naturalearth_lowres") ships with pyogrio as a test fixture, so this script needs no
download:

    python data/scripts/make_countries.py            # uses pyogrio's copy
    python data/scripts/make_countries.py --source PATH_TO_ne_110m_admin_0_countries.shp

The outputs feed the coordinate checks in corridors.validate: bounding boxes (countries.csv,
standard library, on every load) and outlines (countries.geojson, shapely, in
`corridors validate`). Coordinates are rounded to 4 decimals; polygons are written as given.
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

DATA = Path(__file__).resolve().parent.parent


def default_source() -> Path:
    """Return pyogrio's bundled copy of Natural Earth 1:110m countries."""
    base = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres"
    return base / "naturalearth_lowres.shp"


def main() -> None:
    """Write countries.csv and countries.geojson next to the other data files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=default_source())
    args = parser.parse_args()
    world = gpd.read_file(args.source)
    world = world[world["iso_a3"].isin(COUNTRIES)].copy()
    world["iso2"] = world["iso_a3"].map(COUNTRIES)
    world = world.sort_values("iso2")
    with (DATA / "countries.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["iso2", "iso3", "name", "min_lon", "min_lat", "max_lon", "max_lat", "source"])
        for _, row in world.iterrows():
            x0, y0, x1, y1 = row.geometry.bounds
            out.writerow([row.iso2, row.iso_a3, row["name"], *(f"{v:.4f}" for v in
                          (x0, y0, x1, y1)), "natural_earth_110m"])
    features = []
    for _, row in world.iterrows():
        geom = json.loads(gpd.GeoSeries([row.geometry]).to_json())["features"][0]["geometry"]
        features.append({
            "type": "Feature",
            "properties": {"iso2": row.iso2, "name": row["name"]},
            "geometry": _round(geom),
        })
    (DATA / "countries.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
        encoding="utf-8",
    )
    print(f"wrote {len(features)} countries")


def _round(obj):
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, list):
        return [_round(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


if __name__ == "__main__":
    main()
