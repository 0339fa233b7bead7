"""Data truth: measured lengths, posts on their own side, transit countries, the new network.

The rows checked here were wrong before (posts inside the neighbour, a link through Russia
that survived avoiding Russia, no road network in Europe); each test fails on the old data.
"""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

import networkx as nx
import pytest
from netdata import tiny_tables, write_network

import corridors
from corridors.errors import CorridorsError
from corridors.geo import great_circle_km
from corridors.geography import countries_at, load_boundaries
from corridors.io import builtin_data_dir
from corridors.validate import validate_network

DATA = builtin_data_dir()

#: Border posts that lay on the wrong side of the line (km inside the neighbour, before).
MOVED_POSTS = {
    "amuzang": 18.5, "zhaisan": 9.9, "serhetyaka": 8.5, "dostuk": 8.1, "zhibek_zholy": 6.8,
    "cildir_aktas": 4.8, "syrym": 4.0, "temirbaba": 2.8, "shamtigh": 2.7, "karamyk_kg": 2.7,
    "khorgos": 1.8, "nordooz": 1.7, "kelif": 1.7, "jalal_abad_rail_uz": 1.6, "razi": 1.6,
    "jartepa": 1.3, "kyzyl_bel_tj": 1.3, "fotehobod": 1.1,
}


def _rows(name: str) -> dict[str, dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as fh:
        return {r.get("id") or r.get("link_id"): r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return corridors.load_network()


@pytest.fixture(scope="module")
def boundaries() -> dict:
    found = load_boundaries(DATA)
    assert found is not None
    return found


@pytest.mark.parametrize("post", sorted(MOVED_POSTS))
def test_border_post_on_its_own_side(G: nx.MultiDiGraph, boundaries: dict, post: str) -> None:
    node = G.nodes[post]
    assert countries_at(boundaries, [node["x"]], [node["y"]]) == [node["country"]]


def test_fine_boundaries_separate_the_posts_of_each_crossing(G: nx.MultiDiGraph,
                                                            boundaries: dict) -> None:
    wrong = []
    for cid, rec in G.graph["crossings"].items():
        if rec.mode == "sea":
            continue
        for post, country in ((rec.post_a, rec.country_a), (rec.post_b, rec.country_b)):
            node = G.nodes[post]
            found = countries_at(boundaries, [node["x"]], [node["y"]])[0]
            if found not in (country, None):
                wrong.append((cid, post, found))
    assert wrong == []


def test_aktobe_oral_rail_runs_through_russia(G: nx.MultiDiGraph) -> None:
    assert G.edges["aktobe", "oral", "aktobe_oral_rail"]["transit"] == ("RU",)
    route = corridors.best_route(G, "aktobe", "oral", modes=["rail"])
    assert route.countries == ("KZ", "RU", "KZ")
    assert route.border_crossings == ()  # sealed transit: no crossing record on the link


def test_avoiding_a_country_avoids_links_through_it(G: nx.MultiDiGraph) -> None:
    with pytest.raises(CorridorsError):
        corridors.best_route(G, "aktobe", "oral", modes=["rail"], avoid_countries=["RU"])
    # by road Kazakhstan has its own road between them
    road = corridors.best_route(G, "aktobe", "oral", modes=["road"], avoid_countries=["RU"])
    assert "RU" not in road.countries


def test_turkmenbashi_alat_ferry_length(G: nx.MultiDiGraph) -> None:
    d = G.edges["turkmenbashi_port", "alat_port", "turkmenbashi_port_alat_port_sea"]
    a, b = G.nodes["turkmenbashi_port"], G.nodes["alat_port"]
    gc = great_circle_km(a["y"], a["x"], b["y"], b["x"])
    assert gc <= d["distance_km"] <= 1.15 * gc  # was 661 km: waypoints ran backwards


def test_osm_lengths_are_their_measurements() -> None:
    report = _rows("osm_lengths.csv")
    links = _rows("links.csv")
    measured = [lid for lid, r in links.items() if r["estimate"].startswith("osm")]
    assert len(measured) >= 300
    for lid in measured:
        assert report[lid]["status"] == "used", lid
        assert abs(float(links[lid]["distance_km"]) - float(report[lid]["osm_km"])) <= 1, lid
        assert float(report[lid]["osm_km"]) >= float(report[lid]["gc_km"]) * 0.999, lid


@pytest.mark.parametrize("mode", ["rail", "road"])
def test_osm_measurements_agree_with_cited_lengths(mode: str) -> None:
    # where a source gives the length, the OSM measurement is beside it: on the median they
    # agree (a great-circle or detour estimate would be ~15% off, a broken search far more)
    checked = [r for r in _rows("osm_lengths.csv").values()
               if r["mode"] == mode and r["status"] == "checked"]
    assert len(checked) >= 20
    ratio = statistics.median(float(r["published_km"]) / float(r["osm_km"]) for r in checked)
    assert 0.94 <= ratio <= 1.08


def test_bare_detour_estimates_state_why_osm_could_not_measure() -> None:
    report = _rows("osm_lengths.csv")
    for lid, row in _rows("links.csv").items():
        if "detour:" in row["estimate"] and row["mode"] in ("rail", "road"):
            assert report[lid]["status"] == "rejected" and report[lid]["reason"], lid


def test_every_source_has_a_year() -> None:
    assert [s for s, r in _rows("sources.csv").items() if not r["year"]] == []


@pytest.mark.parametrize("link, gauge", [
    ("d_i_khan_zhob_road", None), ("zhob_quetta_road", None),
    ("bandar_abbas_port_sirjan_road", None), ("sirjan_kerman_road", None),
    ("aqina_andkhoy_rail", 1520),
])
def test_new_links(G: nx.MultiDiGraph, link: str, gauge: int | None) -> None:
    d = next(d for _, _, k, d in G.edges(keys=True, data=True) if k == link)
    assert d["status"] == "operational"
    if gauge:
        assert d["gauge_mm"] == (gauge,)


@pytest.mark.parametrize("port", ["riga_port", "klaipeda_port", "st_petersburg_port",
                                  "ust_luga_port", "novorossiysk_port", "piraeus_port"])
def test_new_ports_are_terminals_with_rail(G: nx.MultiDiGraph, port: str) -> None:
    modes = G.nodes[port]["transshipment"]["modes"]
    assert {"rail", "sea"} <= set(modes)
    assert any(d["mode"] == "rail" for _, _, d in G.edges(port, data=True))


def test_european_countries_have_road_links(G: nx.MultiDiGraph) -> None:
    with_roads = {G.nodes[u]["country"] for u, _, d in G.edges(data=True) if d["mode"] == "road"}
    assert {"DE", "PL", "BY", "AT", "HU", "RS", "BG", "RO", "LT"} <= with_roads


def test_truck_to_europe_with_and_without_russia(G: nx.MultiDiGraph) -> None:
    north = corridors.best_route(G, "almaty", "duisburg", modes=["road"])
    assert {leg.mode for leg in north.legs} == {"road"}
    south = corridors.best_route(G, "almaty", "duisburg", modes=["road", "sea"],
                                 avoid_countries=["RU"])
    assert "RU" not in south.countries and south.countries[-1] == "DE"


# --- the checks themselves, on the tiny network ------------------------------------------

def _validate(tmp_path: Path, mutate) -> list[str]:
    tables = tiny_tables()
    places = {p["id"]: p for p in tables["places"]}
    sea = tables["links"][-1]
    a, b = places["aktau_port"], places["alat_port"]
    sea["distance_km"] = f"{round(great_circle_km(float(a['lat']), float(a['lon']), float(b['lat']), float(b['lon'])) * 1.15):g}"  # noqa: E501
    mutate(tables)
    return [p.message for p in validate_network(write_network(tmp_path / "net", tables))]


def test_check_flags_a_post_on_the_wrong_side(tmp_path: Path) -> None:
    def move(tables: dict) -> None:
        post = next(p for p in tables["places"] if p["id"] == "alashankou")
        post["lat"], post["lon"] = "45.2600", "82.4500"  # on the Kazakh side
    messages = _validate(tmp_path, move)
    assert any("lies in KZ" in m and "outside CN's boundary" in m and "own side" in m
               for m in messages)


def test_check_wants_transit_where_waypoints_enter_a_third_country(tmp_path: Path) -> None:
    def through_china(tables: dict) -> None:
        link = next(r for r in tables["links"] if r["id"] == "almaty_dostyk_rail")
        link["waypoints"] = "43.9100 81.3000"  # Yining, China
    messages = _validate(tmp_path, through_china)
    assert any("passes through CN" in m and "'transit'" in m for m in messages)

    def listed(tables: dict) -> None:
        through_china(tables)
        next(r for r in tables["links"] if r["id"] == "almaty_dostyk_rail")["transit"] = "CN"
    assert _validate(tmp_path, listed) == []

    def wrongly_listed(tables: dict) -> None:
        link = next(r for r in tables["links"] if r["id"] == "almaty_dostyk_rail")
        link["waypoints"] = "45.0167 78.3667;46.9500 79.6667"  # Taldykorgan, Aktogay (KZ)
        link["transit"] = "RU"
    assert any("does not pass through RU" in m for m in _validate(tmp_path, wrongly_listed))


def test_check_wants_a_measurement_behind_an_osm_length(tmp_path: Path) -> None:
    def osm(tables: dict) -> None:
        next(r for r in tables["links"] if r["id"] == "almaty_dostyk_rail")["estimate"] = "osm"
    assert any("without a measurement" in m for m in _validate(tmp_path, osm))
