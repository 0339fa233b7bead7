"""OpenStreetMap refinement (corridors.osm) on XML fixtures written by the tests; never online."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import re
import shutil
import sys
from pathlib import Path

import networkx as nx
import osm_fixtures as F
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corridors
from corridors import osm
from corridors.errors import (
    ConstraintError,
    DataError,
    NoRouteError,
    OptionalDependencyError,
)
from corridors.geo import great_circle_km

# --------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any HTTP request osmnx might make (the suite never touches the network)."""
    import requests

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("corridors.osm tests must not make HTTP requests")

    monkeypatch.setattr(requests.sessions.Session, "request", refuse)


@pytest.fixture
def net_dir(tmp_path: Path) -> Path:
    return F.write_fixture_network(tmp_path / "net")


@pytest.fixture
def G(net_dir: Path) -> nx.MultiDiGraph:
    return corridors.load_network(net_dir)


@pytest.fixture
def xml(tmp_path: Path) -> Path:
    # a fixed modification time: 2024-03-01 12:00 UTC
    stamp = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC).timestamp()
    return F.write_osm_xml(tmp_path / "dostyk_fixture.osm", mtime=stamp)


@pytest.fixture
def rail(xml: Path) -> nx.MultiDiGraph:
    return osm.osm_graph_from_xml(xml, "rail")


@pytest.fixture
def road(xml: Path) -> nx.MultiDiGraph:
    return osm.osm_graph_from_xml(xml, "road")


def _osmids(graph: nx.MultiDiGraph) -> set[int]:
    return {d["osmid"] for _, _, d in graph.edges(data=True)}


def _digest(directory: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
        if p.is_file()
    }


def _links(G: nx.MultiDiGraph) -> dict[str, dict]:
    return {d["link_id"]: d for _, _, d in G.edges(data=True) if not d["reverse"]}


# --------------------------------------------------------------------------------------------
# filters


@pytest.mark.parametrize(
    ("tags", "mode", "kept"),
    [
        ({"railway": "rail"}, "rail", True),
        ({"railway": "rail", "service": "crossover"}, "rail", True),
        ({"railway": "rail", "usage": "main", "gauge": "1520"}, "rail", True),
        ({"railway": "rail", "service": "siding"}, "rail", False),
        ({"railway": "rail", "service": "yard"}, "rail", False),
        ({"railway": "rail", "service": "spur"}, "rail", False),
        ({"railway": "rail", "usage": "tourism"}, "rail", False),
        ({"railway": "rail", "disused": "yes"}, "rail", False),
        ({"railway": "rail", "abandoned": "yes"}, "rail", False),
        ({"railway": "disused"}, "rail", False),
        ({"railway": "abandoned"}, "rail", False),
        ({"railway": "tram"}, "rail", False),
        ({"railway": "construction"}, "rail", False),
        ({"railway": "proposed"}, "rail", False),
        ({"railway": "light_rail"}, "rail", False),
        ({"disused:railway": "rail"}, "rail", False),
        ({"highway": "trunk"}, "rail", False),
        ({"railway": ["rail", "rail"]}, "rail", True),
        ({"railway": ["rail", "tram"]}, "rail", False),
        ({"highway": "motorway"}, "road", True),
        ({"highway": "trunk_link"}, "road", True),
        ({"highway": "primary"}, "road", True),
        ({"highway": "secondary"}, "road", False),
        ({"highway": "residential"}, "road", False),
        ({"highway": "primary", "access": "private"}, "road", False),
        ({"highway": "trunk", "area": "yes"}, "road", False),
        ({"railway": "rail"}, "road", False),
    ],
)
def test_keep_way(tags: dict, mode: str, kept: bool) -> None:
    assert osm.keep_way(tags, mode) is kept


_CLAUSE = re.compile(r'\["([^"]+)"(=|!=|~|!~)"([^"]*)"\]')


def _overpass_match(custom_filter: str, tags: dict[str, str]) -> bool:
    """Evaluate an Overpass way filter the way Overpass does (all clauses ANDed)."""
    clauses = _CLAUSE.findall(custom_filter)
    assert "".join(f'["{k}"{op}"{v}"]' for k, op, v in clauses) == custom_filter
    for key, op, value in clauses:
        present = key in tags
        if op == "=":
            ok = present and tags[key] == value
        elif op == "!=":
            ok = not (present and tags[key] == value)
        elif op == "~":
            ok = present and re.search(value, tags[key]) is not None
        else:
            ok = not (present and re.search(value, tags[key]) is not None)
        if not ok:
            return False
    return True


_KEYS = ["railway", "service", "usage", "disused", "abandoned", "highway", "area", "access",
         "name"]
_VALUES = ["rail", "tram", "disused", "abandoned", "siding", "yard", "spur", "crossover",
           "tourism", "military", "main", "yes", "no", "private", "motorway", "trunk",
           "primary", "secondary", "motorway_link", "primary_link", "trunk_link", "rails",
           "primary_link_x"]


_TEXT = st.text("abcdeilmnoprsty_:;|", max_size=8)  # a small alphabet: quick to generate


@given(
    tags=st.dictionaries(st.sampled_from(_KEYS), st.sampled_from(_VALUES) | _TEXT),
    mode=st.sampled_from(["rail", "road"]),
)
def test_python_rules_equal_the_overpass_filter(tags: dict[str, str], mode: str) -> None:
    # the XML path (Python) and the download path (Overpass) keep exactly the same ways
    assert osm.keep_way(tags, mode) is _overpass_match(osm.OSM_FILTERS[mode], tags)


def test_filters_are_single_anded_strings() -> None:
    # a str custom_filter is one Overpass statement (AND); a list would be a union
    assert osm.RAIL_FILTER.startswith('["railway"="rail"]')
    assert osm.ROAD_FILTER.startswith('["highway"~"^(motorway|trunk|primary)(_link)?$"]')
    assert set(osm.OSM_FILTERS) == {"rail", "road"}


# --------------------------------------------------------------------------------------------
# loading


def test_rail_from_xml_keeps_only_mainline_track(rail: nx.MultiDiGraph) -> None:
    assert _osmids(rail) == F.RAIL_KEPT
    assert not _osmids(rail) & (F.RAIL_IGNORED | F.ROAD_KEPT | F.ROAD_IGNORED)
    # nodes only on ignored ways (and the isolated fragment) are gone
    assert not {20, 21, 22, 24, 25, 26, 27, 30, 31} & set(rail)
    assert set(rail) == {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
    assert rail.graph["crs"].upper() == "EPSG:4326"
    # osmnx's length, in metres, on every edge
    assert all(d["length"] > 0 for _, _, d in rail.edges(data=True))


def test_retain_all_keeps_the_isolated_fragment(xml: Path) -> None:
    graph = osm.osm_graph_from_xml(xml, "rail", retain_all=True)
    assert _osmids(graph) == F.RAIL_KEPT | {F.RAIL_FRAGMENT}


def test_road_from_xml_keeps_main_roads_and_one_way_carriageways(
    road: nx.MultiDiGraph,
) -> None:
    assert _osmids(road) == F.ROAD_KEPT
    assert road.has_edge(103, 120) and not road.has_edge(120, 103)
    assert road.has_edge(104, 121) and not road.has_edge(121, 104)
    assert 110 not in road and 111 not in road


def test_loading_leaves_osmnx_settings_as_they_were(xml: Path) -> None:
    import osmnx as ox

    before = list(ox.settings.useful_tags_way)
    osm.osm_graph_from_xml(xml, "rail")
    assert ox.settings.useful_tags_way == before


def test_filter_osm_graph_does_not_modify_its_input(xml: Path) -> None:
    import osmnx as ox

    with osm._osmnx_settings(ox):
        raw = ox.graph_from_xml(xml, simplify=False, retain_all=True)
    edges_before = raw.number_of_edges()
    filtered = osm.filter_osm_graph(raw, "rail")
    assert raw.number_of_edges() == edges_before
    assert _osmids(filtered) == F.RAIL_KEPT


def test_provenance_from_file_date_and_from_extract_timestamp(tmp_path: Path, xml: Path) -> None:
    prov = osm.osm_graph_from_xml(xml, "rail").graph["osm_provenance"]
    assert (prov.extract, prov.date, prov.date_kind) == (
        "dostyk_fixture.osm", "2024-03-01", "file modified"
    )
    assert prov.source_id == "osm_rail_dostyk_fixture_20240301"
    assert prov.filter == osm.RAIL_FILTER and prov.osmnx_version.startswith("OSMnx 2")
    stamped = F.write_osm_xml(
        tmp_path / "overpass.osm", header='  <meta osm_base="2025-06-30T21:00:02Z"/>'
    )
    prov = osm.osm_graph_from_xml(stamped, "road").graph["osm_provenance"]
    assert (prov.date, prov.date_kind, prov.source_id) == (
        "2025-06-30", "extract timestamp", "osm_road_overpass_20250630"
    )
    row = prov.source_row()
    assert row["publisher"] == "OpenStreetMap contributors" and row["year"] == "2025"
    assert "ODbL" in row["note"] and osm.ROAD_FILTER in row["note"]


def test_xml_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        osm.osm_graph_from_xml(tmp_path / "missing.osm", "rail")
    only_roads = F.write_osm_xml(
        tmp_path / "roads.osm", ways={k: v for k, v in F.WAYS.items() if k >= 3000}
    )
    with pytest.raises(osm.OSMError, match="no rail ways"):
        osm.osm_graph_from_xml(only_roads, "rail")
    with pytest.raises(ConstraintError, match="rail, road"):
        osm.osm_graph_from_xml(only_roads, "sea")
    broken = tmp_path / "broken.osm"
    broken.write_text("<osm><node id='1'", encoding="utf-8")
    with pytest.raises(osm.OSMError, match="not readable OSM XML"):
        osm.osm_graph_from_xml(broken, "rail")
    empty = F.write_osm_xml(tmp_path / "empty.osm", nodes={}, ways={})
    with pytest.raises(osm.OSMError, match="no OSM node or way"):
        osm.osm_graph_from_xml(empty, "rail")


def test_osmnx_warning_about_its_own_xml_is_passed_on(tmp_path: Path) -> None:
    # osmnx warns (UserWarning) when a file looks like one it wrote itself; the warning is
    # the user's to see, so it is not silenced: the suite turns it into an error otherwise.
    path = F.write_osm_xml(tmp_path / "by_osmnx.osm")
    path.write_text(
        path.read_text(encoding="utf-8").replace("corridors tests", "OSMnx 2.1.1"),
        encoding="utf-8",
    )
    with pytest.warns(UserWarning, match="generated by OSMnx"):
        graph = osm.osm_graph_from_xml(path, "rail")
    assert _osmids(graph) == F.RAIL_KEPT


def test_missing_osmnx_is_an_optional_dependency_error(
    monkeypatch: pytest.MonkeyPatch, xml: Path
) -> None:
    monkeypatch.setitem(sys.modules, "osmnx", None)
    with pytest.raises(OptionalDependencyError, match="'osmnx'"):
        osm.osm_graph_from_xml(xml, "rail")


# --------------------------------------------------------------------------------------------
# online path (monkeypatched: the exact osmnx call is asserted, never made)


@pytest.fixture
def fake_download(monkeypatch: pytest.MonkeyPatch, xml: Path) -> list[tuple]:
    import osmnx as ox

    real_from_xml = ox.graph_from_xml
    calls: list[tuple] = []

    def fake(name: str):
        def download(area, **kwargs):
            calls.append((name, area, kwargs, list(ox.settings.useful_tags_way),
                          ox.settings.use_cache, ox.settings.cache_folder))
            # what Overpass would answer, unfiltered: the post-filter must still apply
            return real_from_xml(xml, simplify=False, retain_all=True)
        return download

    monkeypatch.setattr(ox, "graph_from_bbox", fake("bbox"))
    monkeypatch.setattr(ox, "graph_from_polygon", fake("polygon"))
    return calls


def test_download_by_bbox_calls_osmnx_exactly(
    fake_download: list[tuple], tmp_path: Path
) -> None:
    import osmnx as ox

    use_cache, folder = ox.settings.use_cache, ox.settings.cache_folder
    graph = osm.osm_graph_from_bbox(
        (82.3, 45.1, 82.6, 45.4), "rail", use_cache=True, cache_folder=tmp_path / "cache"
    )
    ((name, area, kwargs, tags, cache, cache_folder),) = fake_download
    assert name == "bbox"
    assert area == (82.3, 45.1, 82.6, 45.4)  # (left, bottom, right, top), osmnx 2.x
    assert kwargs == {
        "custom_filter": osm.RAIL_FILTER,
        "retain_all": False,
        "simplify": False,
        "truncate_by_edge": False,
    }
    assert {"railway", "service", "usage", "disused", "abandoned", "gauge"} <= set(tags)
    assert (cache, cache_folder) == (True, str(tmp_path / "cache"))
    # settings restored, graph filtered and dated
    assert (ox.settings.use_cache, ox.settings.cache_folder) == (use_cache, folder)
    assert "railway" not in ox.settings.useful_tags_way
    assert _osmids(graph) == F.RAIL_KEPT
    prov = graph.graph["osm_provenance"]
    assert prov.date_kind == "downloaded"
    assert prov.extract == "Overpass API bbox (82.3 45.1 82.6 45.4)"


def test_download_by_polygon_calls_osmnx_exactly(fake_download: list[tuple]) -> None:
    from shapely.geometry import box

    polygon = box(82.3, 45.1, 82.6, 45.4)
    graph = osm.osm_graph_from_polygon(polygon, "road", retain_all=True, simplify=True)
    ((name, area, kwargs, *_),) = fake_download
    assert name == "polygon" and area is polygon
    assert kwargs == {
        "custom_filter": osm.ROAD_FILTER,
        "retain_all": True,
        "simplify": True,
        "truncate_by_edge": False,
    }
    assert _osmids(graph) == F.ROAD_KEPT


def test_bbox_order_is_checked(fake_download: list[tuple]) -> None:
    with pytest.raises(ConstraintError, match="left, bottom, right, top"):
        osm.osm_graph_from_bbox((82.6, 45.1, 82.3, 45.4), "rail")  # left > right
    with pytest.raises(ConstraintError, match="left, bottom, right, top"):
        osm.osm_graph_from_bbox((45.1, 82.3, 45.4, 92.6), "rail")  # top > 90: lat/lon swapped
    assert fake_download == []


def test_region_bbox_is_left_bottom_right_top(G: nx.MultiDiGraph) -> None:
    left, bottom, right, top = osm.region_bbox(G, ["koktuma", "Alashankou"], margin_km=5)
    dlat = 5 / 111.195
    assert bottom == pytest.approx(45.17 - dlat, abs=1e-4)
    assert top == pytest.approx(45.33 + dlat, abs=1e-4)
    assert left < 82.36 and right > 82.57
    assert great_circle_km(45.33, left, 45.33, 82.36) == pytest.approx(5, rel=0.01)


# --------------------------------------------------------------------------------------------
# snapping and measuring


def test_snapping_within_tolerance_reports_the_unsnappable(
    G: nx.MultiDiGraph, rail: nx.MultiDiGraph
) -> None:
    snaps = osm.snap_places(G, rail, tolerance_km=2)
    assert {p: s.node for p, s in snaps.snapped.items()} == {
        "koktuma": 1, "dostyk": 6, "alashankou": 9, "beskol": 12
    }
    assert all(s.distance_km == pytest.approx(0, abs=1e-9) for s in snaps.snapped.values())
    # tastau is inside the region but > 2 km from every node; almaty is outside the region
    nearest = min(great_circle_km(45.22, 82.40, lat, lon) for lat, lon in
                  (F.NODES[n] for n in rail))
    assert snaps.unsnapped == {"tastau": pytest.approx(nearest)}
    assert not snaps.in_region("almaty") and snaps.in_region("tastau")
    # a wider tolerance snaps it
    assert "tastau" in osm.snap_places(G, rail, tolerance_km=nearest + 0.1).snapped


def test_snapping_distance_is_great_circle(G: nx.MultiDiGraph, road: nx.MultiDiGraph) -> None:
    snaps = osm.snap_places(G, road, places=["beskol", "dostyk"], tolerance_km=2)
    assert snaps.snapped["beskol"].node == 101
    assert snaps.snapped["beskol"].distance_km == pytest.approx(
        great_circle_km(45.2750, 82.3700, *F.NODES[101])
    )
    assert snaps.snapped["dostyk"].node == 105
    assert snaps.snapped["dostyk"].distance_km == pytest.approx(
        great_circle_km(45.2533, 82.4844, *F.NODES[105])
    )


def test_rail_lengths_match_hand_computed_geodesics(
    G: nx.MultiDiGraph, rail: nx.MultiDiGraph
) -> None:
    report = osm.refine_links(G, rail, place_tolerance_km=2)
    by_id = {r.link_id: r for r in report.links}
    for link_id, ends in (("koktuma_dostyk_rail", ("koktuma", "dostyk")),
                          ("dostyk_alashankou_rail", ("dostyk", "alashankou"))):
        r = by_id[link_id]
        path = F.PATHS[ends]
        assert r.status == "ok" and (r.from_node, r.to_node) == (path[0], path[-1])
        # WGS84 ellipsoid (pyproj.Geod) within 0.5 %, the mean sphere (osmnx) within 1e-6
        assert r.osm_km == pytest.approx(F.geod_km(path), rel=5e-3)
        assert r.osm_km == pytest.approx(F.sphere_km(path), rel=1e-6)
        assert r.access_km == pytest.approx(0, abs=1e-9)
        assert r.refined_km == math.ceil(round(r.osm_km * 10, 6)) / 10
        # geometry: exactly the path's nodes, lon/lat
        assert r.coords == tuple((F.NODES[n][1], F.NODES[n][0]) for n in path)
    # the abandoned and disused cut-offs are shorter than the track: they were not used
    assert F.sphere_km((1, 20, 6)) < by_id["koktuma_dostyk_rail"].osm_km
    assert F.sphere_km((6, 24, 9)) < by_id["dostyk_alashankou_rail"].osm_km


def test_statuses_flags_and_frame(G: nx.MultiDiGraph, rail: nx.MultiDiGraph) -> None:
    report = osm.refine_links(G, rail, place_tolerance_km=2)
    frame = report.to_frame()
    assert dict(frame["status"]) == {
        "alashankou_urumqi_rail": "outside",
        "almaty_dostyk_rail": "outside",
        "dostyk_alashankou_rail": "ok",
        "koktuma_dostyk_rail": "ok",
        "tastau_dostyk_rail": "unsnapped",
    }  # the planned koktuma_dostyk_rail_2 is not measured by default
    k = frame.loc["koktuma_dostyk_rail"]
    assert k["curated_km"] == 20 and k["ratio"] == pytest.approx(20 / k["refined_km"])
    assert k["deviation_pct"] == pytest.approx((20 / k["refined_km"] - 1) * 100)
    assert bool(k["flagged"]) and not bool(frame.loc["dostyk_alashankou_rail", "flagged"])
    assert frame.loc["koktuma_dostyk_rail", "from_node"] == 1  # an int, not 1.0
    assert [r.link_id for r in report.flagged] == ["koktuma_dostyk_rail"]
    assert report.unsnapped_places.keys() == {"tastau"}
    assert "tastau" in frame.loc["tastau_dostyk_rail", "detail"]
    # a looser tolerance flags nothing; the planned link can be asked for
    assert osm.refine_links(G, rail, tolerance_pct=40, place_tolerance_km=2).flagged == ()
    planned = osm.refine_links(G, rail, links=["koktuma_dostyk_rail_2"], place_tolerance_km=2)
    assert [r.status for r in planned.links] == ["ok"]
    text = report.summary()
    assert "koktuma_dostyk_rail" in text and "FLAGGED" in text and "tastau" in text


def test_gdf_carries_the_osm_path(G: nx.MultiDiGraph, rail: nx.MultiDiGraph) -> None:
    gdf = osm.refine_links(G, rail, place_tolerance_km=2).to_gdf()
    assert gdf.crs.to_epsg() == 4326
    line = gdf.loc["dostyk_alashankou_rail", "geometry"]
    assert [(y, x) for x, y in line.coords] == [F.NODES[n] for n in F.PATHS[("dostyk",
                                                                             "alashankou")]]
    assert gdf.loc["tastau_dostyk_rail", "geometry"] is None


def test_simplified_graph_measures_the_same(G: nx.MultiDiGraph, xml: Path) -> None:
    plain = osm.refine_links(G, osm.osm_graph_from_xml(xml, "rail"), place_tolerance_km=2)
    simple = osm.osm_graph_from_xml(xml, "rail", simplify=True)
    assert simple.graph.get("simplified") and len(simple) < 12
    report = osm.refine_links(G, simple, place_tolerance_km=2)
    for a, b in zip(plain.refined, report.refined, strict=True):
        assert b.osm_km == pytest.approx(a.osm_km)
        assert b.coords == a.coords  # edge geometries oriented and joined


def test_road_is_measured_along_one_way_carriageways(
    tmp_path: Path, G: nx.MultiDiGraph, road: nx.MultiDiGraph
) -> None:
    report = osm.refine_links(G, road, place_tolerance_km=2)
    (r,) = report.links
    assert (r.link_id, r.status) == ("beskol_dostyk_road", "ok")
    assert r.osm_km == pytest.approx(F.sphere_km(F.ROAD_PATH), rel=1e-6)
    assert r.access_km == pytest.approx(
        great_circle_km(45.2750, 82.3700, *F.NODES[101])
        + great_circle_km(45.2533, 82.4844, *F.NODES[105])
    )
    assert r.refined_km >= great_circle_km(45.2750, 82.3700, 45.2533, 82.4844)
    # the same link drawn the other way follows the other carriageway
    tables = F.network_tables()
    link = next(x for x in tables["links"] if x["id"] == "beskol_dostyk_road")
    link["from"], link["to"] = "dostyk", "beskol"
    back = corridors.load_network(F.write_fixture_network(tmp_path / "back", tables))
    (b,) = osm.refine_links(back, road, place_tolerance_km=2).links
    assert b.osm_km == pytest.approx(F.sphere_km(F.ROAD_PATH_BACK), rel=1e-6)
    # ignoring directions would allow either carriageway
    (u,) = osm.refine_links(back, road, place_tolerance_km=2, directed=False).links
    assert u.osm_km <= b.osm_km


def test_measuring_does_not_modify_either_graph(
    G: nx.MultiDiGraph, rail: nx.MultiDiGraph
) -> None:
    G0, R0 = G.copy(), rail.copy()
    osm.refine_links(G, rail, place_tolerance_km=2)
    assert nx.utils.graphs_equal(G, G0) and nx.utils.graphs_equal(rail, R0)


def test_projected_osm_graph_is_refused(G: nx.MultiDiGraph, rail: nx.MultiDiGraph) -> None:
    projected = rail.copy()
    projected.graph["crs"] = "EPSG:32644"
    with pytest.raises(osm.OSMError, match="projected"):
        osm.snap_places(G, projected)


def test_mode_must_match_the_osm_graph(G: nx.MultiDiGraph, rail: nx.MultiDiGraph) -> None:
    with pytest.raises(ConstraintError, match="rail network, not road"):
        osm.refine_links(G, rail, "road")
    with pytest.raises(ConstraintError, match="is road"):
        osm.refine_links(G, rail, links=["beskol_dostyk_road"])


# --------------------------------------------------------------------------------------------
# writing


def test_extension_loads_and_replaces_exactly_the_refined_links(
    tmp_path: Path, net_dir: Path, G: nx.MultiDiGraph, rail: nx.MultiDiGraph
) -> None:
    before = _digest(net_dir)
    report = osm.refine_links(G, rail, place_tolerance_km=2)
    out = tmp_path / "osm_rail"
    written = osm.write_refined(G, report, out).written
    assert written == (out / "links.csv", out / "sources.csv", out / "ATTRIBUTION.md")
    assert _digest(net_dir) == before  # the curated files are byte-identical
    G2 = corridors.load_network(net_dir, extend=[out])
    old, new = _links(G), _links(G2)
    refined = {r.link_id: r for r in report.refined}
    assert set(refined) == {"koktuma_dostyk_rail", "dostyk_alashankou_rail"}
    assert old.keys() == new.keys()
    for link_id in old:
        if link_id not in refined:
            assert new[link_id] == old[link_id]
            continue
        r, link = refined[link_id], new[link_id]
        assert link["distance_km"] == r.refined_km
        assert link["waypoints"] == r.waypoints
        assert link["source"] == (*old[link_id]["source"], "osm_rail_dostyk_fixture_20240301")
        assert link["estimate"] == ""
        assert f"curated {old[link_id]['distance_km']:g} km" in link["note"]
        for key in ("mode", "gauge_mm", "status", "crossing"):
            assert link[key] == old[link_id][key]
    assert new["koktuma_dostyk_rail"]["note"].endswith("curated note")
    # the crossing keeps its one link, now with the OSM length
    assert G2.edges["dostyk", "alashankou", "dostyk_alashankou_rail"]["crossing"] == (
        "dostyk_alashankou_rail"
    )
    source = G2.graph["sources"]["osm_rail_dostyk_fixture_20240301"]
    assert source.publisher == "OpenStreetMap contributors"
    assert "ODbL" in source.note and osm.RAIL_FILTER in source.note
    assert "dostyk_fixture.osm" in source.note and "2024-03-01" in source.note
    assert "ODbL" in (out / "ATTRIBUTION.md").read_text(encoding="utf-8")
    # (no outline check: the fixture's Kazakh places are synthetic and the 1:110m outline
    # puts them in China; the bounding-box check ran on load)
    assert corridors.validate_network(net_dir, extend=[out], outlines=False) == []


def test_waypoints_simplify_the_osm_path(G: nx.MultiDiGraph, rail: nx.MultiDiGraph) -> None:
    fine = osm.refine_links(G, rail, place_tolerance_km=2, waypoint_tolerance_km=0.01)
    coarse = osm.refine_links(G, rail, place_tolerance_km=2, waypoint_tolerance_km=5)
    f = {r.link_id: r for r in fine.refined}["koktuma_dostyk_rail"]
    c = {r.link_id: r for r in coarse.refined}["koktuma_dostyk_rail"]
    # every interior node at a fine tolerance, fewer at a coarse one, in lat lon order
    assert f.waypoints == tuple(F.NODES[n] for n in (2, 3, 4, 5))
    assert len(c.waypoints) < len(f.waypoints) and set(c.waypoints) <= set(f.waypoints)
    assert f.row["waypoints"] == "45.34 82.4;45.32 82.44;45.29 82.46;45.27 82.475"


def test_only_flagged_links_can_be_written(
    tmp_path: Path, net_dir: Path, G: nx.MultiDiGraph, rail: nx.MultiDiGraph
) -> None:
    report = osm.refine_links(G, rail, place_tolerance_km=2)
    out = tmp_path / "flagged"
    osm.write_refined(G, report, out, which="flagged")
    G2 = corridors.load_network(net_dir, extend=[out])
    changed = {k for k, v in _links(G2).items() if v != _links(G)[k]}
    assert changed == {"koktuma_dostyk_rail"}


def test_refuses_to_overwrite(
    tmp_path: Path, G: nx.MultiDiGraph, rail: nx.MultiDiGraph
) -> None:
    report = osm.refine_links(G, rail, place_tolerance_km=2)
    out = tmp_path / "out"
    out.mkdir()
    (out / "links.csv").write_text("mine\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not overwriting"):
        osm.write_refined(G, report, out)
    assert (out / "links.csv").read_text(encoding="utf-8") == "mine\n"
    assert not (out / "sources.csv").exists()  # nothing half-written
    osm.write_refined(G, report, out, overwrite=True)
    assert (out / "links.csv").read_text(encoding="utf-8").startswith("id,from,to")


def test_never_writes_into_the_curated_directory_unless_asked(
    net_dir: Path, G: nx.MultiDiGraph, rail: nx.MultiDiGraph
) -> None:
    before = _digest(net_dir)
    report = osm.refine_links(G, rail, place_tolerance_km=2)
    with pytest.raises(FileExistsError, match="data directory of the loaded network"):
        osm.write_refined(G, report, net_dir, overwrite=True)
    with pytest.raises(FileExistsError, match="not overwriting"):
        osm.write_refined(G, report, net_dir, replace_curated=True)
    assert _digest(net_dir) == before


def test_replace_curated_writes_a_full_network(
    tmp_path: Path, net_dir: Path, G: nx.MultiDiGraph, rail: nx.MultiDiGraph,
    caplog: pytest.LogCaptureFixture,
) -> None:
    report = osm.refine_links(G, rail, place_tolerance_km=2)
    # to a new directory: a complete network equal to curated + extension
    full = tmp_path / "full"
    osm.write_refined(G, report, full, replace_curated=True)
    ext = tmp_path / "ext"
    osm.write_refined(G, report, ext)
    a, b = corridors.load_network(full), corridors.load_network(net_dir, extend=[ext])
    assert _links(a) == _links(b)
    # into the curated directory itself: only with overwrite, and it says so
    copy = shutil.copytree(net_dir, tmp_path / "copy")
    Gc = corridors.load_network(copy)
    report = osm.refine_links(Gc, rail, place_tolerance_km=2)
    with caplog.at_level(logging.WARNING, logger="corridors.osm"):
        written = osm.write_refined(Gc, report, copy, replace_curated=True, overwrite=True)
    assert "rewriting the curated files" in caplog.text
    assert {p.name for p in written.written} == {"links.csv", "sources.csv"}
    assert _links(corridors.load_network(copy)) == _links(a)
    assert (copy / "places.csv").read_bytes() == (net_dir / "places.csv").read_bytes()


def test_nothing_to_write_is_an_error(
    tmp_path: Path, G: nx.MultiDiGraph, rail: nx.MultiDiGraph
) -> None:
    report = osm.refine_links(G, rail, tolerance_pct=90, place_tolerance_km=2)
    with pytest.raises(osm.OSMError, match="no flagged rail link"):
        osm.write_refined(G, report, tmp_path / "x", which="flagged")
    assert not (tmp_path / "x").exists()


# --------------------------------------------------------------------------------------------
# new links


def test_new_link_from_osm(
    tmp_path: Path, net_dir: Path, G: nx.MultiDiGraph, rail: nx.MultiDiGraph
) -> None:
    row = osm.new_link(G, rail, "Beskol", "koktuma", place_tolerance_km=2)
    path = F.PATHS[("beskol", "koktuma")]
    assert row["id"] == "beskol_koktuma_rail"
    assert (row["from"], row["to"], row["mode"], row["status"]) == (
        "beskol", "koktuma", "rail", "operational"
    )
    assert row["gauge_mm"] == "1520"  # from the OSM gauge tags
    assert float(row["distance_km"]) == math.ceil(round(F.sphere_km(path) * 10, 6)) / 10
    assert float(row["distance_km"]) == pytest.approx(F.geod_km(path), abs=0.1 + 5e-3 * 15)
    assert float(row["distance_km"]) >= great_circle_km(45.275, 82.37, 45.33, 82.36)
    assert row["source"] == "osm_rail_dostyk_fixture_20240301" and row["estimate"] == ""
    out = tmp_path / "new"
    osm.write_extension(G, out, [row], [rail.graph["osm_provenance"]])
    G2 = corridors.load_network(net_dir, extend=[out])
    assert G2.has_edge("koktuma", "beskol", "beskol_koktuma_rail")
    assert len(_links(G2)) == len(_links(G)) + 1


def test_new_link_rules(xml: Path, tmp_path: Path, G: nx.MultiDiGraph,
                        rail: nx.MultiDiGraph) -> None:
    # across a border it needs its crossing record (validation rules)
    with pytest.raises(DataError, match="crossing"):
        osm.new_link(G, rail, "koktuma", "alashankou", gauge_mm="1435|1520",
                     place_tolerance_km=2)
    with pytest.raises(osm.OSMError, match="already has a rail link"):
        osm.new_link(G, rail, "dostyk", "koktuma", place_tolerance_km=2)
    with pytest.raises(osm.OSMError, match=r"cannot snap tastau .* km away"):
        osm.new_link(G, rail, "tastau", "beskol", place_tolerance_km=2)
    with pytest.raises(osm.OSMError, match="outside the OSM extract"):
        osm.new_link(G, rail, "almaty", "beskol", place_tolerance_km=2)
    # no gauge tag on the branch: the caller must say
    ways = dict(F.WAYS)
    ways[1005] = ((3, 11, 12), {"railway": "rail"})
    untagged = osm.osm_graph_from_xml(F.write_osm_xml(tmp_path / "g.osm", ways=ways), "rail")
    with pytest.raises(osm.OSMError, match="gauge"):
        osm.new_link(G, untagged, "beskol", "koktuma", place_tolerance_km=2)
    row = osm.new_link(G, untagged, "beskol", "koktuma", gauge_mm=[1520],
                       place_tolerance_km=2, link_id="beskol_koktuma_branch")
    assert (row["id"], row["gauge_mm"]) == ("beskol_koktuma_branch", "1520")
    # a branch cut from the line: no OSM path
    ways = {k: v for k, v in F.WAYS.items() if k != 1005}
    ways[1007] = ((11, 12), {"railway": "rail", "gauge": "1520"})
    cut = osm.osm_graph_from_xml(F.write_osm_xml(tmp_path / "c.osm", ways=ways), "rail",
                                 retain_all=True)
    with pytest.raises(NoRouteError, match="no rail path"):
        osm.new_link(G, cut, "beskol", "koktuma", place_tolerance_km=2)


# --------------------------------------------------------------------------------------------
# the command-line entry point


def test_refine_from_xml(
    tmp_path: Path, net_dir: Path, G: nx.MultiDiGraph, xml: Path
) -> None:
    before = _digest(net_dir)
    dry = osm.refine_from_xml(G, xml, "rail", place_tolerance_km=2)
    assert dry.written == () and not (tmp_path / "out").exists()
    out = tmp_path / "out"
    report = osm.refine_from_xml(G, xml, "rail", out_dir=out, tolerance_pct=10,
                                 place_tolerance_km=2)
    assert {p.name for p in report.written} == {"links.csv", "sources.csv", "ATTRIBUTION.md"}
    assert [r.link_id for r in report.flagged] == ["koktuma_dostyk_rail"]
    assert f"wrote {out / 'links.csv'}" in report.summary()
    with pytest.raises(FileExistsError):
        osm.refine_from_xml(G, xml, "rail", out_dir=out, place_tolerance_km=2)
    assert osm.refine_from_xml(G, xml, "rail", out_dir=out, place_tolerance_km=2,
                               overwrite=True).written
    assert _digest(net_dir) == before
    # an extract nowhere near the network
    far = {n: (lat - 20, lon) for n, (lat, lon) in F.NODES.items()}
    with pytest.raises(osm.OSMError, match="no rail link"):
        osm.refine_from_xml(G, F.write_osm_xml(tmp_path / "far.osm", nodes=far), "rail")


def test_unreadable_xml_is_one_clear_error(tmp_path: Path) -> None:
    """A directory, bad encoding, an entity bomb and a broken .gz: CorridorsError with the name."""
    with pytest.raises(corridors.CorridorsError, match="is not a file"):
        osm.osm_graph_from_xml(tmp_path, "rail")
    cases = {
        "latin.osm": b"<osm><node id='1' lat='43' lon='76'><tag k='n' v='\xe9\xee'/></node></osm>",
        "bomb.osm": (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                     + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes(
                         [97 + i])) * 10) for i in range(8))
                     + b']><osm><node id="1" lat="1" lon="1"><tag k="n" v="&i;"/></node></osm>'),
        "broken.osm.gz": b"\x1f\x8b\x08\x00garbage",
        "badattr.osm": b"<osm><node id='x' lat='north' lon='76'/><way id='1'><nd ref='x'/>"
                       b"<tag k='railway' v='rail'/></way></osm>",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(corridors.CorridorsError, match=re.escape(name)):
            osm.osm_graph_from_xml(path, "rail")


@given(data=st.binary(max_size=400), cut=st.integers(0, 4000))
def test_random_bytes_as_osm_xml(tmp_path_factory: pytest.TempPathFactory, data: bytes,
                                 cut: int) -> None:
    """Random bytes, and a valid extract cut short with random bytes appended."""
    directory = tmp_path_factory.mktemp("xml")
    valid = F.write_osm_xml(directory / "valid.osm").read_bytes()
    for name, content in (("random.osm", data), ("cut.osm", valid[:cut] + data)):
        path = directory / name
        path.write_bytes(content)
        try:
            osm.osm_graph_from_xml(path, "rail")
        except corridors.CorridorsError as exc:
            assert name in str(exc)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_the_writer_does_not_follow_planted_temp_names(
    tmp_path: Path, G: nx.MultiDiGraph, rail: nx.MultiDiGraph
) -> None:
    """The old writer used ``NAME.tmp`` beside each file; a symlink there must not be written."""
    report = osm.refine_links(G, rail, place_tolerance_km=2)
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    for name in ("links.csv.tmp", "sources.csv.tmp", "ATTRIBUTION.md.tmp"):
        (out / name).symlink_to(victim)
    osm.write_refined(G, report, out)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (out / "links.csv").read_text(encoding="utf-8").startswith("id,from,to")
    assert not (out / "links.csv").is_symlink()
    (out / "links.csv").unlink()
    (out / "links.csv").symlink_to(victim)  # --force never writes through a link
    with pytest.raises(FileExistsError, match="never replaced"):
        osm.write_refined(G, report, out, overwrite=True)
    assert victim.read_text(encoding="utf-8") == "keep me"
