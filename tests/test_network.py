"""The graph: structure, lookups, conversions — on the tiny network and the built-in one."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

import corridors
from corridors.errors import UnknownPlaceError
from corridors.network import find_place, normalize_name, search_places


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return corridors.load_network()


@pytest.fixture
def tiny(tiny_dir: Path) -> nx.MultiDiGraph:
    return corridors.load_network(tiny_dir)


def test_two_way_link_is_two_directed_edges_sharing_the_id(tiny: nx.MultiDiGraph) -> None:
    fwd = tiny.edges["dostyk", "alashankou", "dostyk_alashankou_rail"]
    back = tiny.edges["alashankou", "dostyk", "dostyk_alashankou_rail"]
    assert fwd["link_id"] == back["link_id"] == "dostyk_alashankou_rail"
    assert (fwd["reverse"], back["reverse"]) == (False, True)
    # direction-specific crossing figures: a->b 30 h, b->a 48 h; cost b->a unpublished
    assert (fwd["crossing_time_h"], back["crossing_time_h"]) == (30, 48)
    assert (fwd["crossing_cost_usd"], back["crossing_cost_usd"]) == (200, None)
    assert fwd["gauge_mm"] == (1435, 1520)


def test_nodes_follow_the_osmnx_convention(tiny: nx.MultiDiGraph) -> None:
    node = tiny.nodes["almaty"]
    assert (node["x"], node["y"]) == (76.8897, 43.2389)
    assert tiny.graph["crs"] == "EPSG:4326"
    assert node["aliases"] == ("Alma-Ata", "Алматы")
    assert tiny.nodes["dostyk"]["transshipment"]["dwell_h"] == 24


@pytest.mark.parametrize(
    ("query", "expected"),
    [("almaty", "almaty"), ("Alma-Ata", "almaty"), ("АЛМАТЫ", "almaty"), ("  aktau ", "aktau_port"),
     ("Urumqi", "urumqi"), ("ürümqi", "urumqi"), ("乌鲁木齐", "urumqi"), ("druzhba", "dostyk")],
)
def test_find_place_by_id_name_alias_any_case_script(tiny: nx.MultiDiGraph, query: str,
                                                      expected: str) -> None:
    assert find_place(tiny, query) == expected


def test_unknown_place_suggests(tiny: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownPlaceError) as info:
        find_place(tiny, "Almati")
    assert "did you mean Almaty (almaty, KZ)" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_normalize_name() -> None:
    assert normalize_name("Constanța") == normalize_name("constanta")
    assert normalize_name("Mazar-i-Sharif") == "mazarisharif"


def test_search_places_filters(tiny: nx.MultiDiGraph) -> None:
    assert search_places(tiny, country="CN") == ["alashankou", "urumqi"]
    assert search_places(tiny, kind="port") == ["aktau_port", "alat_port"]
    assert search_places(tiny, "aktau") == ["aktau_port"]


def test_graph_loads_are_independent(tiny_dir: Path) -> None:
    a = corridors.load_network(tiny_dir)
    b = corridors.load_network(tiny_dir)
    a.remove_node("almaty")
    assert "almaty" in b


def test_geodataframes(tiny: nx.MultiDiGraph) -> None:
    places = corridors.places_gdf(tiny)
    links = corridors.links_gdf(tiny)
    assert places.crs.to_epsg() == 4326 and len(places) == 6
    assert len(links) == 5 and bool(links.loc["aktau_alat_sea", "two_way"])
    line = links.loc["almaty_dostyk_rail", "geometry"]
    assert line.coords[0] == (76.8897, 43.2389) and line.coords[-1] == (82.4844, 45.2533)


# --- the built-in network -------------------------------------------------------------------


def test_builtin_network_is_valid_and_large_enough(G: nx.MultiDiGraph) -> None:
    assert corridors.validate_network() == []
    links = {d["link_id"] for _, _, d in G.edges(data=True)}
    assert len(G) >= 150
    assert len(links) >= 250
    assert len(G.graph["crossings"]) >= 40
    assert nx.is_weakly_connected(G)


def test_builtin_link_lengths_never_below_great_circle(G: nx.MultiDiGraph) -> None:
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    for u, v, d in G.edges(data=True):
        a, b = G.nodes[u], G.nodes[v]
        _, _, metres = geod.inv(a["x"], a["y"], b["x"], b["y"])
        # the sphere and the ellipsoid differ by < 0.5 %: allow that much, no more
        assert d["distance_km"] >= metres / 1000 * 0.995, (u, v, d["link_id"])


def test_builtin_every_row_sourced_or_estimated(G: nx.MultiDiGraph) -> None:
    for node, d in G.nodes(data=True):
        assert d["source"] or d["estimate"], node
    for _, _, d in G.edges(data=True):
        assert d["source"] or d["estimate"], d["link_id"]
    for c in G.graph["crossings"].values():
        assert c.source or c.estimate, c.id
    for s in G.graph["sources"].values():
        assert s.title


@pytest.mark.parametrize(
    "place",
    ["almaty", "astana", "shymkent", "aktau_port", "kuryk_port", "dostyk", "altynkol",
     "dushanbe", "khujand", "nizhny_pyanj", "kulma", "tashkent", "termez", "ashgabat",
     "turkmenbashi_port", "kabul", "mazar_i_sharif", "peshawar", "karachi_port", "gwadar_port",
     "urumqi", "kashgar", "xian", "baku", "alat_port", "tbilisi", "poti_port", "batumi_port",
     "yerevan", "istanbul", "constanta_port", "bandar_abbas_port", "chabahar_port", "moscow",
     "brest", "malaszewicze", "duisburg", "hamburg_port", "rotterdam_port", "delhi",
     "nhava_sheva_port"],
)
def test_builtin_has_the_places_users_name(G: nx.MultiDiGraph, place: str) -> None:
    assert place in G


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Dushanbe", "dushanbe"), ("Душанбе", "dushanbe"), ("Nur-Sultan", "astana"),
     ("Chimkent", "shymkent"), ("Aktau", "aktau_port"), ("Poti", "poti_port"),
     ("Karachi", "karachi_port")],
)
def test_builtin_aliases(G: nx.MultiDiGraph, query: str, expected: str) -> None:
    assert find_place(G, query) == expected


def test_dostyk_alashankou_is_a_gauge_break_between_kz_and_cn(G: nx.MultiDiGraph) -> None:
    crossings = [c for c in G.graph["crossings"].values()
                 if {c.post_a, c.post_b} == {"dostyk", "alashankou"} and c.mode == "rail"]
    assert len(crossings) == 1
    c = crossings[0]
    assert {c.country_a, c.country_b} == {"KZ", "CN"} and c.gauge_change
    kz_gauges = {g for _, _, d in G.edges("dostyk", data=True) if d["mode"] == "rail"
                 and not d["crossing"] for g in d["gauge_mm"]}
    cn_gauges = {g for _, _, d in G.edges("alashankou", data=True) if d["mode"] == "rail"
                 and not d["crossing"] for g in d["gauge_mm"]}
    assert 1520 in kz_gauges and cn_gauges == {1435}


def test_brest_malaszewicze_gauge_break(G: nx.MultiDiGraph) -> None:
    by_pair = {frozenset((c.country_a, c.country_b)): c for c in G.graph["crossings"].values()
               if c.mode == "rail" and c.gauge_change}
    assert frozenset(("BY", "PL")) in by_pair


def test_coordinates_and_alignments_in_their_countries(G: nx.MultiDiGraph) -> None:
    # fine boundaries: posts on their own side, transit countries listed, osm lengths measured
    from corridors.geography import check_geography
    from corridors.io import builtin_data_dir, read_tables
    from corridors.validate import check_tables

    tables = read_tables(builtin_data_dir())
    records, _ = check_tables(tables)
    assert check_geography(records, tables, builtin_data_dir()) == []


def test_every_cross_border_link_has_exactly_one_crossing(G: nx.MultiDiGraph) -> None:
    seen: dict[str, str] = {}
    for u, v, d in G.edges(data=True):
        cross = G.nodes[u]["country"] != G.nodes[v]["country"]
        assert cross == bool(d["crossing"]), d["link_id"]
        if cross:
            assert seen.setdefault(d["crossing"], d["link_id"]) == d["link_id"]
    assert set(seen) == set(G.graph["crossings"])


def test_named_corridors_cover_the_brief(G: nx.MultiDiGraph) -> None:
    labels = " ".join(f"{c.name} {' '.join(c.aliases)}" for c in G.graph["corridors"].values())
    for name in ("TITR", "Northern", "INSTC", "Trans-Afghan", "Karakoram", "Lapis Lazuli",
                 "CAREC 1", "CAREC 2", "CAREC 3", "CAREC 5", "CAREC 6"):
        assert name in labels, name
    for c in G.graph["corridors"].values():
        for a, b in zip(c.waypoints, c.waypoints[1:], strict=False):
            assert nx.has_path(G, a, b), (c.id, a, b)


def test_gauge_change_flags_match_the_networks_on_each_side(G: nx.MultiDiGraph) -> None:
    def side(post: str) -> set[int]:
        return {g for _, _, d in G.edges(post, data=True)
                if d["mode"] == "rail" and not d["crossing"] for g in d["gauge_mm"]}

    for c in G.graph["crossings"].values():
        if c.mode != "rail":
            continue
        a, b = side(c.post_a), side(c.post_b)
        if a and b and not (a & b):
            assert c.gauge_change, f"{c.id}: {a} meets {b} without a gauge change"
        if c.gauge_change:
            assert len(a | b) >= 2, f"{c.id}: gauge change between {a} and {b}"
