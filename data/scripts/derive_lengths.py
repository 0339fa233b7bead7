"""Fill in estimated link lengths: great-circle length along the waypoints × a detour factor.

A link whose length no source gives carries ``detour:F`` in its ``estimate`` column (for
example ``detour:1.3``). Its ``distance_km`` is then the great-circle length from its start
through its waypoints to its end, times F, rounded to 1 km. This script (re)computes those
lengths; ``corridors validate`` checks that every such row matches. Factors: rail 1.17, road
1.19 -- the median ratio of cited lengths to their great circles, recalibrated by
``measure_osm_lengths.py`` (which measures the other road and rail lengths on OpenStreetMap)
-- and sea 1.15 (1.1 along waypoints).

    python data/scripts/derive_lengths.py [DATA_DIR]

Only rows with ``detour:F`` are touched; every other cell is written back unchanged.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from corridors.geo import parse_points
from corridors.validate import detour_estimate_km, detour_factor

DATA = Path(__file__).resolve().parent.parent


def derive(directory: Path) -> int:
    """Recompute ``detour:F`` lengths in ``directory/links.csv``; return how many changed."""
    with (directory / "places.csv").open(newline="", encoding="utf-8") as fh:
        places = {r["id"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}
    path = directory / "links.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    changed = 0
    for row in rows:
        factor = detour_factor(row.get("estimate"))
        if factor is None or row["from"] not in places or row["to"] not in places:
            continue
        km = detour_estimate_km(
            places[row["from"]], places[row["to"]], parse_points(row.get("waypoints", "")),
            factor,
        )
        value = f"{km:g}"
        if row["distance_km"] != value:
            row["distance_km"] = value
            changed += 1
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return changed


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    print(f"{derive(target)} estimated length(s) updated in {target / 'links.csv'}")
