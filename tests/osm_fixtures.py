"""OpenStreetMap XML fixtures and the tiny corridor network they belong to, written by tests.

A few kilometres around the Dostyk (KZ) - Alashankou (CN) border, on the tiny network of
``netdata.py`` plus three Kazakh places (Koktuma, Beskol, Tastau: real names, synthetic
coordinates). Corridor places sit exactly on OSM nodes except where stated, so lengths can be
computed by hand from the node coordinates.

Rail (node ids 1-39)::

    koktuma 1 - 2 - 3 (junction) - 4 - 5 - dostyk 6 - 7 - 8 - 10 - alashankou 9
                    |                                  [border KZ | CN between 7 and 8]
                    +- 11 - beskol 12                   (plain railway=rail branch)
    ignored: a disused branch from 3, an abandoned straight cut-off 1-20-6, a ``railway=rail``
    + ``disused=yes`` cut-off 6-24-9, a tram 4-25-7, a siding from 6, a construction stub
    from 9, and (dropped as a separate component unless retain_all) a fragment 30-31.

Road (node ids 100-139): a trunk from Beskol (node 101, 30 m off the place) to node 103, a
one-way dual carriageway (motorway) 103 -> 120 -> 104 and back 104 -> 121 -> 103, a
primary_link 104 - 105 ending 134 m from Dostyk (the node it snaps to); ignored: a
residential cut-off 101-110-104 and a service road.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import quoteattr

from netdata import tiny_tables, write_network

#: Node id -> (lat, lon).
NODES: dict[int, tuple[float, float]] = {
    # rail main line koktuma - dostyk - alashankou
    1: (45.3300, 82.3600),  # koktuma
    2: (45.3400, 82.4000),
    3: (45.3200, 82.4400),  # junction
    4: (45.2900, 82.4600),
    5: (45.2700, 82.4750),
    6: (45.2533, 82.4844),  # dostyk
    7: (45.2400, 82.5150),
    8: (45.2150, 82.5450),
    10: (45.1900, 82.5700),
    9: (45.1700, 82.5700),  # alashankou
    # branch to beskol
    11: (45.3000, 82.3900),
    12: (45.2750, 82.3700),  # beskol
    # ignored rail
    20: (45.2917, 82.4222),  # abandoned cut-off koktuma - dostyk
    21: (45.3500, 82.4700),  # disused branch
    22: (45.3700, 82.5000),
    24: (45.2100, 82.5270),  # railway=rail + disused=yes cut-off dostyk - alashankou
    25: (45.2650, 82.4875),  # tram
    26: (45.2560, 82.4900),  # siding
    27: (45.1500, 82.5900),  # construction
    30: (45.3600, 82.3000),  # isolated fragment
    31: (45.3650, 82.3100),
    # roads
    101: (45.2752, 82.3702),  # beskol, ~30 m off the place
    102: (45.2900, 82.4000),
    103: (45.2800, 82.4500),
    120: (45.2640, 82.4620),  # carriageway towards dostyk
    121: (45.2660, 82.4640),  # carriageway back
    104: (45.2560, 82.4800),  # ~0.45 km from dostyk
    105: (45.2540, 82.4830),  # ~0.13 km from dostyk: its road node
    110: (45.2656, 82.4251),  # residential cut-off
    111: (45.2700, 82.3800),  # service road
}

#: Way id -> (node ids, tags).
WAYS: dict[int, tuple[tuple[int, ...], dict[str, str]]] = {
    1001: ((1, 2, 3), {"railway": "rail", "gauge": "1520", "name": "Turksib branch"}),
    1002: ((3, 4, 5, 6), {"railway": "rail", "gauge": "1520"}),
    1003: ((6, 7, 8), {"railway": "rail", "gauge": "1435;1520"}),
    1004: ((8, 10, 9), {"railway": "rail", "gauge": "1435"}),
    1005: ((3, 11, 12), {"railway": "rail", "gauge": "1520"}),
    1006: ((6, 7), {"railway": "rail", "service": "crossover", "gauge": "1520"}),
    # to be ignored
    2001: ((3, 21, 22), {"railway": "disused"}),
    2002: ((1, 20, 6), {"railway": "abandoned"}),
    2003: ((6, 24, 9), {"railway": "rail", "disused": "yes"}),
    2004: ((4, 25, 7), {"railway": "tram"}),
    2005: ((6, 26), {"railway": "rail", "service": "siding"}),
    2006: ((9, 27), {"railway": "construction", "construction": "rail"}),
    2007: ((30, 31), {"railway": "rail"}),
    # roads
    3001: ((101, 102, 103), {"highway": "trunk", "ref": "A-350"}),
    3002: ((103, 120, 104), {"highway": "motorway", "oneway": "yes"}),
    3003: ((104, 121, 103), {"highway": "motorway", "oneway": "yes"}),
    3004: ((104, 105), {"highway": "primary_link"}),
    # to be ignored
    4001: ((101, 110, 104), {"highway": "residential"}),
    4002: ((101, 111), {"highway": "service"}),
}

RAIL_KEPT = {1001, 1002, 1003, 1004, 1005, 1006}
RAIL_IGNORED = {2001, 2002, 2003, 2004, 2005, 2006}
RAIL_FRAGMENT = 2007
ROAD_KEPT = {3001, 3002, 3003, 3004}
ROAD_IGNORED = {4001, 4002}

#: Rail paths (node ids) between the corridor places, as measured.
PATHS = {
    ("koktuma", "dostyk"): (1, 2, 3, 4, 5, 6),
    ("dostyk", "alashankou"): (6, 7, 8, 10, 9),
    ("beskol", "koktuma"): (12, 11, 3, 2, 1),
}
ROAD_PATH = (101, 102, 103, 120, 104, 105)
ROAD_PATH_BACK = (105, 104, 121, 103, 102, 101)

#: Places added to the tiny network: id -> (lat, lon, kind).
PLACES = {
    "koktuma": (45.3300, 82.3600, "rail_junction"),
    "beskol": (45.2750, 82.3700, "city"),
    "tastau": (45.2200, 82.4000, "city"),  # > 2 km from every OSM node: unsnappable
}


def write_osm_xml(
    path: Path,
    nodes: Mapping[int, tuple[float, float]] = NODES,
    ways: Mapping[int, tuple[Sequence[int], Mapping[str, str]]] = WAYS,
    *,
    header: str = "",
    mtime: float | None = None,
) -> Path:
    """Write an OSM XML file (version 0.6) with these nodes and ways."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<osm version="0.6" generator="corridors tests">']
    if header:
        lines.append(header)
    for node_id, (lat, lon) in nodes.items():
        lines.append(f'  <node id="{node_id}" lat="{lat}" lon="{lon}" version="1"/>')
    for way_id, (refs, tags) in ways.items():
        lines.append(f'  <way id="{way_id}" version="1">')
        lines += [f'    <nd ref="{ref}"/>' for ref in refs]
        lines += [f"    <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items()]
        lines.append("  </way>")
    lines.append("</osm>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def network_tables() -> dict[str, list[dict[str, str]]]:
    """Return the tiny network's tables plus the fixture's places and links."""
    tables = tiny_tables()
    for place, (lat, lon, kind) in PLACES.items():
        tables["places"].append({
            "id": place, "name": place.title(), "country": "KZ", "lat": str(lat),
            "lon": str(lon), "kind": kind, "source": "src_test",
        })
    tables["links"] += [
        {"id": "koktuma_dostyk_rail", "from": "koktuma", "to": "dostyk", "mode": "rail",
         "distance_km": "20", "gauge_mm": "1520", "status": "operational",
         "source": "src_test", "note": "curated note"},
        {"id": "beskol_dostyk_road", "from": "beskol", "to": "dostyk", "mode": "road",
         "distance_km": "11", "status": "operational", "source": "src_test"},
        {"id": "tastau_dostyk_rail", "from": "tastau", "to": "dostyk", "mode": "rail",
         "distance_km": "10", "gauge_mm": "1520", "status": "operational",
         "estimate": "guess"},
        {"id": "koktuma_dostyk_rail_2", "from": "koktuma", "to": "dostyk",
         "mode": "rail", "distance_km": "15", "gauge_mm": "1520", "status": "planned",
         "source": "src_test"},
    ]
    return tables


def write_fixture_network(
    directory: Path, tables: dict[str, list[dict[str, str]]] | None = None
) -> Path:
    """Write the fixture's corridor network (valid; the sea link's estimate filled in)."""
    from corridors.geo import path_length_km

    tables = network_tables() if tables is None else tables
    ports = {p["id"]: (float(p["lat"]), float(p["lon"])) for p in tables["places"]}
    sea = next(r for r in tables["links"] if r["id"] == "aktau_alat_sea")
    sea["distance_km"] = (
        f"{round(path_length_km([ports['aktau_port'], ports['alat_port']]) * 1.15):g}"
    )
    return write_network(directory, tables)


def geod_km(node_ids: Iterable[int]) -> float:
    """Return the WGS84 ellipsoidal length (pyproj.Geod) of a path of fixture nodes, km."""
    from pyproj import Geod

    pts = [NODES[n] for n in node_ids]
    return Geod(ellps="WGS84").line_length([p[1] for p in pts], [p[0] for p in pts]) / 1000


def sphere_km(node_ids: Iterable[int]) -> float:
    """Return the great-circle length (corridors.geo) of a path of fixture nodes, km."""
    from corridors.geo import path_length_km

    return path_length_km([NODES[n] for n in node_ids])
