"""Scenarios: files, lookup, application without mutation, and comparisons with the base."""

from __future__ import annotations

import copy
import csv
import json
import logging
import math
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from corridors import load_network
from corridors.errors import NoRouteError, ScenarioError
from corridors.regimes import default_for
from corridors.routing import best_route, compare_corridors
from corridors.scenarios import (
    COMPARE_COLUMNS,
    CrossingChange,
    LinkChange,
    PlaceChange,
    Scenario,
    apply_scenario,
    builtin_scenarios_dir,
    compare_scenarios,
    list_scenarios,
    load_scenario,
    parse_od_pairs,
    route_record,
    scenario_from_dict,
)
from corridors.scoring import DEFAULT_COST_MODEL, CostModel, edge_terms
from corridors.synthetic import tiny_network

DATA = Path(__file__).resolve().parent.parent / "data"
BUILTIN = ("caspian_capacity_doubled", "caspian_ferries_suspended", "cku_railway",
           "iran_avoided", "middle_corridor_halved", "moyynty_aktogay_electrified",
           "russia_avoided", "tj_kg_border_closed", "trans_afghan_railway")


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_network()


def snapshot(G: nx.MultiDiGraph) -> dict[str, Any]:
    """A deep copy of everything a scenario could touch, plus the identity of shared dicts."""
    return {
        "graph": copy.deepcopy(dict(G.graph)),
        "graph_ids": {k: id(v) for k, v in G.graph.items()},
        "records": {k: id(v) for k, v in G.graph["crossings"].items()},
        "nodes": copy.deepcopy(dict(G.nodes(data=True))),
        "edges": copy.deepcopy([(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)]),
        "transshipment_ids": {n: id(d.get("transshipment")) for n, d in G.nodes(data=True)},
    }


EVERYTHING = Scenario(
    "everything",
    close_crossings=["kyzyl_bel_tj_kyzyl_bel_road"], close_links=["astrakhan_anzali_port_sea"],
    close_places=["olya_port"], close_countries=["AM"],
    open_links=["rasht_astara_ir_rail"], open_crossings=["dand_patan_kharlachi_rail"],
    crossings={"aktau_port_alat_port_sea": CrossingChange(time_factor=0.5, cost_usd=10.0),
               "dostyk_alashankou_rail": CrossingChange(time_h_ab=3.0, cost_factor=2.0)},
    links={"aktau_port_alat_port_sea": LinkChange(sailings_per_week=7)},
    places={"aktau_port": PlaceChange(dwell_factor=0.5), "alat_port": PlaceChange(dwell_h=2)},
    cost_model={"speed_kmh": {"rail": 60.0}, "port_dwell_h_factor": 0.5},
)


# -- never mutate the base --------------------------------------------------------------------
@pytest.mark.parametrize("name", [*BUILTIN, "everything"])
def test_applying_never_mutates_the_base(G: nx.MultiDiGraph, name: str) -> None:
    before = snapshot(G)
    s = EVERYTHING if name == "everything" else load_scenario(name)
    H, _ = s.apply(G)
    H2, _ = s.apply(G, materialize=True)  # twice: nothing accumulates
    assert snapshot(G) == before
    assert "scenario" not in G.graph
    assert H.graph["scenario"] == H2.graph["scenario"] == s.name
    assert H.graph is not G.graph and H.graph["crossings"] is not G.graph["crossings"]


def test_the_result_is_read_only_or_private(G: nx.MultiDiGraph) -> None:
    H, _ = load_scenario("russia_avoided").apply(G)  # closures only: a view of G
    with pytest.raises(nx.NetworkXError):
        H.add_edge("almaty", "moscow")
    H, _ = EVERYTHING.apply(G)  # attribute changes: a view of a private copy
    assert H.number_of_edges() < G.number_of_edges()
    M, _ = EVERYTHING.apply(G, materialize=True)  # a plain private graph
    M.add_edge("almaty", "moscow")
    assert not G.has_edge("almaty", "moscow")
    assert sorted(M.edges(keys=True)) == sorted([*H.edges(keys=True),
                                                 ("almaty", "moscow", 0)])
    assert M.graph == H.graph and set(M) == set(H)


# -- what apply does ---------------------------------------------------------------------------
def test_everything_scenario_changes_what_it_says(G: nx.MultiDiGraph) -> None:
    H, cm = EVERYTHING.apply(G)
    assert "olya_port" not in H and not any(c == "AM" for _, c in H.nodes(data="country"))
    assert not any(d.get("crossing") == "kyzyl_bel_tj_kyzyl_bel_road"
                   for *_, d in H.edges(data=True))
    assert H.graph["crossings"]["kyzyl_bel_tj_kyzyl_bel_road"].status == "closed"
    assert not H.has_edge("astrakhan", "anzali_port")
    assert {d["status"] for *_, d in H.edges(data=True)
            if d["link_id"] in ("rasht_astara_ir_rail", "dand_patan_kharlachi_rail")} == {
        "operational"}
    assert H.graph["crossings"]["dand_patan_kharlachi_rail"].status == "open"
    # crossing times: a factor on an unpublished time halves the (sea) default
    sea = H.edges["aktau_port", "alat_port", "aktau_port_alat_port_sea"]
    assert sea["crossing_time_h"] == 0.5 * DEFAULT_COST_MODEL.crossing_time_h["sea"]
    assert sea["crossing_cost_usd"] == 10.0 and sea["sailings_per_week"] == 7.0
    rec = H.graph["crossings"]["aktau_port_alat_port_sea"]
    assert rec.time_h_ab == rec.time_h_ba == 12.0 and rec.cost_usd_ab == 10.0
    dostyk = H.graph["crossings"]["dostyk_alashankou_rail"]
    # the data now publish Dostyk's b -> a figures (CPMM 2022: 30.5 h, 329 USD): a -> b stays
    # unpublished (see the next test for the factor on its default)
    base = G.graph["crossings"]["dostyk_alashankou_rail"]
    assert (base.time_h_ab, base.time_h_ba, base.cost_usd_ab, base.cost_usd_ba) == (
        None, 30.5, None, 329.0)
    assert dostyk.time_h_ab == 3.0 and dostyk.time_h_ba == 30.5  # only a -> b changes
    assert dostyk.cost_usd_ba == 2 * 329.0  # a factor on a published cost doubles it
    assert H.edges["alashankou", "dostyk", "dostyk_alashankou_rail"]["crossing_time_h"] == 30.5
    assert H.edges["alashankou", "dostyk", "dostyk_alashankou_rail"]["crossing_cost_usd"] == (
        2 * 329.0)
    # dwell: a new transshipment dict on the copy
    # Aktau now publishes an estimated 24 h dwell: the place's factor applies to it alone
    assert H.nodes["aktau_port"]["transshipment"]["dwell_h"] == 0.5 * 24.0
    assert H.nodes["alat_port"]["transshipment"]["dwell_h"] == 2.0
    assert G.nodes["aktau_port"]["transshipment"]["dwell_h"] == 24.0
    # unpublished dwell: the factor applies to the scenario model's (halved) default
    G2 = G.copy()  # node attribute dicts are copied: G is untouched
    G2.nodes["aktau_port"]["transshipment"] = {**G.nodes["aktau_port"]["transshipment"],
                                              "dwell_h": None}
    H2, _ = EVERYTHING.apply(G2)
    assert H2.nodes["aktau_port"]["transshipment"]["dwell_h"] == 0.25 * 24.0
    assert G.nodes["aktau_port"]["transshipment"]["dwell_h"] == 24.0
    # the cost model: absolute values merge, factors multiply the base
    assert cm.speed_kmh["rail"] == 60.0 and cm.speed_kmh["road"] == 42.0
    assert cm.port_dwell_h == 12.0


def test_a_factor_on_an_unpublished_crossing_figure_multiplies_what_the_scorer_uses(
        G: nx.MultiDiGraph) -> None:
    # Dostyk a -> b publishes neither time nor cost. Scoring now falls back to the crossing's
    # border-regime / CPMM default on the record (KZ out 2022 / CN in 2023: 11.55 h, 138 USD),
    # not to the cost model's rail default (40.6 h, 215 USD); "a factor multiplies the figure
    # the scorer would otherwise use" (corridors.scenarios), so cost_factor = 2 gives 276 USD.
    rec = G.graph["crossings"]["dostyk_alashankou_rail"]
    assert rec.time_h_ab is None and rec.cost_usd_ab is None
    assert default_for(rec, "dostyk")[:2] == (11.55, 138.0)
    key = "dostyk_alashankou_rail"
    km = G.edges["dostyk", "alashankou", key]["distance_km"]
    rail = km * DEFAULT_COST_MODEL.rate_usd_per_km["rail"]
    assert edge_terms(G, "dostyk", "alashankou", key).cost_usd == pytest.approx(rail + 138.0)
    H, cm = EVERYTHING.apply(G)
    assert H.graph["crossings"][key].cost_usd_ab == 2 * 138.0
    assert H.edges["dostyk", "alashankou", key]["crossing_cost_usd"] == 2 * 138.0
    assert edge_terms(H, "dostyk", "alashankou", key, cost_model=cm).cost_usd == pytest.approx(
        rail + 2 * 138.0)
    # so a factor of 1 changes nothing, in either direction
    same = Scenario("same", crossings={key: CrossingChange(time_factor=1.0, cost_factor=1.0)})
    H1, cm1 = same.apply(G)
    for u, v in (("dostyk", "alashankou"), ("alashankou", "dostyk")):
        assert edge_terms(H1, u, v, key, cost_model=cm1) == edge_terms(G, u, v, key)


def test_scenario_cost_model_applies_on_top_of_the_given_model() -> None:
    s = Scenario("x", cost_model={"speed_kmh_factor": {"road": 2.0}, "transfer_h": 1.0})
    cm = s.scenario_cost_model(CostModel(speed_kmh={"road": 20.0}))
    assert cm.speed_kmh["road"] == 40.0 and cm.transfer_h == 1.0
    with pytest.raises(ScenarioError, match=r"\[cost_model\]"):
        Scenario("bad", cost_model={"speed_kmh": {"rail": 0}}).scenario_cost_model()


def test_a_route_through_halved_bottlenecks_is_faster_by_exactly_the_halves(
        G: nx.MultiDiGraph) -> None:
    s = load_scenario("middle_corridor_halved")
    H, cm = s.apply(G)
    # the score picks the Caspian ferry (the generalized default goes round by Russia)
    base = best_route(G, "almaty", "baku", "score")
    new = best_route(H, "almaty", "baku", "score", cost_model=cm)
    assert new.signature == base.signature
    (leg,) = [leg for leg in base.legs if leg.mode == "sea"]
    assert leg.crossing in s.crossings
    # the ports now publish (estimated) dwells: Aktau 24 h and Alat 12 h, halved; the ferry
    # crossing time is unpublished: the cost model's sea default, halved
    assert leg.edge[:2] == ("aktau_port", "alat_port")
    assert (G.nodes["aktau_port"]["transshipment"]["dwell_h"],
            G.nodes["alat_port"]["transshipment"]["dwell_h"]) == (24.0, 12.0)
    halves = 0.5 * DEFAULT_COST_MODEL.crossing_time_h["sea"] + 0.5 * (24.0 + 12.0)
    assert new.time_h == pytest.approx(base.time_h - halves)


def test_opening_a_link_whose_crossing_stays_planned_logs_a_warning(
        G: nx.MultiDiGraph, caplog: pytest.LogCaptureFixture) -> None:
    s = Scenario("half", open_links=["torugart_rail_kg_torugart_rail_cn_rail"])
    with caplog.at_level(logging.WARNING, logger="corridors.scenarios"):
        s.apply(G)
    assert "torugart_rail_kg_torugart_rail_cn_rail" in caplog.text and "planned" in caplog.text


def test_scenarios_chain(G: nx.MultiDiGraph) -> None:
    H, cm = load_scenario("russia_avoided").apply(G)
    H2, _ = load_scenario("middle_corridor_halved").apply(H, cm)
    assert not any(c == "RU" for _, c in H2.nodes(data="country"))
    assert H2.nodes["aktau_port"]["transshipment"]["dwell_h"] == 12.0
    assert H2.graph["scenario"] == "middle_corridor_halved"


def test_apply_scenario_none_is_the_base(G: nx.MultiDiGraph) -> None:
    H, cm = apply_scenario(G, None)
    assert H is G and cm == DEFAULT_COST_MODEL
    H, _ = apply_scenario(G, "iran_avoided")
    assert H.graph["scenario"] == "iran_avoided"


# -- closures remove corridors -----------------------------------------------------------------
def test_closing_every_crossing_of_a_corridor_removes_it() -> None:
    G = tiny_network()
    corridor = G.graph["corridors"]["southern"]
    forced = dict(via=list(corridor.waypoints[1:-1]))
    route = best_route(G, "a1", "c2", "distance", **forced)
    assert "SC" in compare_corridors(G, "a2", "c2", "distance").table()["corridor"].tolist()
    # every crossing between places of the corridor's route, in any mode (a2-b1 road and rail)
    on = set(route.nodes)
    crossings = sorted({d["crossing"] for u, v, d in G.edges(data=True)
                        if d.get("crossing") and u in on and v in on})
    assert {"x-ab-road", "x-ab-rail", "x-bc-sea"} <= set(crossings)
    H, _ = Scenario("closed", close_crossings=crossings).apply(G)
    with pytest.raises(NoRouteError):
        best_route(H, "a1", "c2", "distance", **forced)
    # closing only the road crossing the route uses leaves the parallel rail crossing
    assert "crossing:x-ab-road" in route.signature
    H, _ = Scenario("part", close_crossings=["x-ab-road"]).apply(G)
    assert "crossing:x-ab-rail" in best_route(H, "a1", "c2", "distance", **forced).signature


def test_caspian_suspension_removes_the_middle_corridor(G: nx.MultiDiGraph) -> None:
    forced = dict(via=["aktau_port", "alat_port"], avoid_countries=["RU", "IR", "TM"])
    r = best_route(G, "almaty", "baku", **forced)
    assert any(leg.mode == "sea" for leg in r.legs)
    H, cm = load_scenario("caspian_ferries_suspended").apply(G)
    with pytest.raises(NoRouteError):
        best_route(H, "almaty", "baku", cost_model=cm, **forced)
    for route in compare_corridors(H, "almaty", "baku", cost_model=cm, max_detour=None):
        assert not any(leg.mode == "sea" for leg in route.legs)


CASPIAN_PORTS = {"aktau_port", "kuryk_port", "alat_port", "turkmenbashi_port",
                 "makhachkala_port", "astrakhan", "anzali_port", "amirabad_port", "olya_port"}


def test_caspian_scenario_closes_every_caspian_sea_link(G: nx.MultiDiGraph) -> None:
    caspian = {d["link_id"] for u, v, d in G.edges(data=True)
               if d["mode"] == "sea" and {u, v} <= CASPIAN_PORTS}
    assert caspian and caspian == set(load_scenario("caspian_ferries_suspended").close_links)


def test_tj_kg_scenario_closes_every_tj_kg_crossing(G: nx.MultiDiGraph) -> None:
    tjkg = {cid for cid, rec in G.graph["crossings"].items()
            if {rec.country_a, rec.country_b} == {"TJ", "KG"}}
    s = load_scenario("tj_kg_border_closed")
    assert tjkg and tjkg == set(s.close_crossings)
    H, cm = s.apply(G)
    r = best_route(H, "dushanbe", "osh", cost_model=cm)
    assert all({x.from_country, x.to_country} != {"TJ", "KG"} for x in r.border_crossings)


@pytest.mark.parametrize("name,country", [("russia_avoided", "RU"), ("iran_avoided", "IR")])
def test_avoiding_a_country_hides_it(G: nx.MultiDiGraph, name: str, country: str) -> None:
    H, _ = load_scenario(name).apply(G)
    assert not any(c == country for _, c in H.nodes(data="country"))
    assert sum(1 for _, c in G.nodes(data="country") if c == country) > 0


# -- opening links -----------------------------------------------------------------------------
def test_trans_afghan_railway_shortens_tashkent_karachi_by_rail(G: nx.MultiDiGraph) -> None:
    H, cm = load_scenario("trans_afghan_railway").apply(G)
    new = best_route(H, "Tashkent", "Karachi", "distance", modes=["rail"], cost_model=cm)
    assert "crossing:dand_patan_kharlachi_rail" in new.signature
    assert "AF" in new.countries
    try:
        base = best_route(G, "Tashkent", "Karachi", "distance", modes=["rail"])
    except NoRouteError:  # no rail path at all without the railway: it becomes possible
        return
    assert new.distance_km < base.distance_km


def test_cku_railway_opens_a_rail_route_through_kyrgyzstan(G: nx.MultiDiGraph) -> None:
    H, cm = load_scenario("cku_railway").apply(G)
    r = best_route(H, "kashgar", "andijan", "distance", modes=["rail"], cost_model=cm)
    assert "KG" in r.countries and "crossing:torugart_rail_kg_torugart_rail_cn_rail" in r.signature
    base = best_route(G, "kashgar", "andijan", "distance", modes=["rail"])
    assert "KG" not in base.countries and r.distance_km < base.distance_km


# -- compare_scenarios -------------------------------------------------------------------------
def test_compare_scenarios_reports_changes_and_impossible_pairs(G: nx.MultiDiGraph) -> None:
    # by the score, Almaty -> Baku takes the Caspian ferry, clear of Russia (the generalized
    # default goes round by Russia instead)
    df = compare_scenarios(G, "russia_avoided", ["almaty:duisburg", ("almaty", "moscow"),
                                                  ("almaty", "baku")], "score")
    assert list(df.columns) == list(COMPARE_COLUMNS)
    by = df.set_index("destination")
    assert by.loc["duisburg", "status"] == "rerouted" and by.loc["duisburg", "corridor_changed"]
    assert "RU" in by.loc["duisburg", "base_countries"]
    assert "RU" not in by.loc["duisburg", "scenario_countries"]
    assert by.loc["duisburg", "delta_km"] == pytest.approx(
        by.loc["duisburg", "scenario_km"] - by.loc["duisburg", "base_km"])
    assert by.loc["moscow", "status"] == "impossible"
    assert "moscow" in by.loc["moscow", "reason"] and math.isnan(by.loc["moscow", "delta_h"])
    assert by.loc["baku", "status"] == "unchanged" and by.loc["baku", "delta_h"] == 0


def test_compare_scenarios_with_constraints(G: nx.MultiDiGraph) -> None:
    df = compare_scenarios(G, "trans_afghan_railway", [("tashkent", "karachi")], "distance",
                           modes=["rail"])
    row = df.iloc[0]
    assert row["delta_km"] < 0 and row["corridor_changed"] and row["status"] == "rerouted"
    assert "Kharlachi" in row["scenario_corridor"]


def test_route_record_carries_the_route_emissions(G: nx.MultiDiGraph) -> None:
    rec = route_record(G, "almaty", "baku")
    r = best_route(G, "almaty", "baku")
    assert rec["co2e_kg"] == r.co2e_kg > 0
    assert rec["co2e_ttw_kg"] == r.co2e_ttw_kg > 0 and rec["co2e_ttw_kg"] < rec["co2e_kg"]


def test_compare_scenarios_has_emissions_columns_with_delta_scenario_minus_base(
        G: nx.MultiDiGraph) -> None:
    # Almaty -> Istanbul by the score: Russia avoided moves it off the Russian rail
    df = compare_scenarios(G, "russia_avoided", [("almaty", "istanbul")], "score")
    cols = ("base_kg_co2e", "scenario_kg_co2e", "delta_kg_co2e")
    assert set(cols) <= set(COMPARE_COLUMNS) and list(df.columns) == list(COMPARE_COLUMNS)
    row = df.iloc[0]
    H, cm = load_scenario("russia_avoided").apply(G)
    assert row["base_kg_co2e"] == best_route(G, "almaty", "istanbul", "score").co2e_kg
    assert row["scenario_kg_co2e"] == best_route(H, "almaty", "istanbul", "score",
                                                 cost_model=cm).co2e_kg
    assert row["delta_kg_co2e"] == pytest.approx(row["scenario_kg_co2e"] - row["base_kg_co2e"])
    assert row["delta_kg_co2e"] != 0


def test_a_scenario_sets_the_payload_per_teu(tmp_path: Path, G: nx.MultiDiGraph) -> None:
    path = write(tmp_path, """
        [scenario]
        name = "heavy_boxes"
        [cost_model]
        payload_t = 20
        """)
    s = load_scenario(path)
    assert s.scenario_cost_model().payload_t == 20
    pairs = [("almaty", "baku"), ("tashkent", "karachi")]
    df = compare_scenarios(G, s, pairs).set_index("destination")
    heavy = CostModel(payload_t=20)
    for o, d in pairs:
        base = best_route(G, o, d)
        r = best_route(G, o, d, cost_model=heavy)
        row = df.loc[d]
        assert r.signature == base.signature and row["delta_km"] == 0
        assert row["scenario_kg_co2e"] == pytest.approx(r.co2e_kg)
        # twice the cargo: twice the moving emissions; the handlings (per TEU) stay
        assert row["scenario_kg_co2e"] - r.transfer_co2e_kg == pytest.approx(
            2 * (row["base_kg_co2e"] - base.transfer_co2e_kg))
        assert row["status"] == "changed" and row["delta_kg_co2e"] > 0


def test_compare_scenarios_raises_for_a_typo_in_the_base(G: nx.MultiDiGraph) -> None:
    from corridors.errors import UnknownPlaceError

    with pytest.raises(UnknownPlaceError):
        compare_scenarios(G, "iran_avoided", [("almatyy", "baku")])


def test_parse_od_pairs() -> None:
    assert parse_od_pairs("a->b") == [("a", "b")]
    assert parse_od_pairs(["a, b", ("c", "d")]) == [("a", "b"), ("c", "d")]
    with pytest.raises(ValueError, match="ORIGIN:DESTINATION"):
        parse_od_pairs(["almaty"])


# -- built-in scenarios and lookup -------------------------------------------------------------
def test_builtin_scenarios_are_listed() -> None:
    assert tuple(list_scenarios()) == BUILTIN
    assert builtin_scenarios_dir() == DATA / "scenarios"


@pytest.mark.parametrize("name", BUILTIN)
def test_builtin_scenarios_are_documented_and_sourced(G: nx.MultiDiGraph, name: str) -> None:
    with open(DATA / "sources.csv", encoding="utf-8") as f:
        known = {row["id"] for row in csv.DictReader(f)}
    s = load_scenario(name)
    assert s.name == name and s.title and s.description and s.assumptions
    assert s.sources and set(s.sources) <= known
    assert s.path and Path(s.path).name == f"{name}.toml"
    assert name in s.summary() and s.title in s.summary()
    s.apply(G)  # every id exists in the built-in network


def test_middle_corridor_scenario_cites_the_world_bank() -> None:
    assert "wb_2023_middle_corridor" in load_scenario("middle_corridor_halved").sources


def test_lookup_ignores_case_and_separators() -> None:
    assert load_scenario("Russia Avoided").name == "russia_avoided"
    assert load_scenario("tj-kg-border-closed").name == "tj_kg_border_closed"
    s = load_scenario("iran_avoided")
    assert load_scenario(s) is s


def test_unknown_scenario_name_lists_valid_names_with_suggestions() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario("russia_avoid")
    msg = str(info.value)
    assert "did you mean russia_avoided" in msg
    assert all(n in msg for n in BUILTIN)
    assert info.value.suggestions[0] == "russia_avoided"  # type: ignore[attr-defined]
    assert isinstance(info.value, ValueError)


# -- file format and its errors ----------------------------------------------------------------
def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_a_user_file_round_trips_through_json(tmp_path: Path) -> None:
    p = write(tmp_path, EVERYTHING.to_json(), "everything.json")
    s = load_scenario(p)
    assert s == EVERYTHING and s.path == str(p)
    assert json.loads(s.to_json()) == EVERYTHING.to_dict()


def test_a_user_toml_file(tmp_path: Path, G: nx.MultiDiGraph) -> None:
    p = write(tmp_path, """
[scenario]
title = "Faster Caspian"
sources = ["https://example.org"]

[links.aktau_port_alat_port_sea]
sailings_factor = 3.5

[links.astrakhan_amirabad_port_sea]
sailings_factor = 3.5

[cost_model]
sailings_per_week = 4
""")
    s = load_scenario(str(p))
    assert s.name == "mine" and s.title == "Faster Caspian"
    H, cm = s.apply(G)
    assert cm.sailings_per_week == 4.0
    # Aktau-Alat now publishes 3.5 sailings a week: the factor applies to that
    assert G.edges["aktau_port", "alat_port", "aktau_port_alat_port_sea"][
        "sailings_per_week"] == 3.5
    assert H.edges["aktau_port", "alat_port", "aktau_port_alat_port_sea"][
        "sailings_per_week"] == 3.5 * 3.5
    assert G.edges["astrakhan", "amirabad_port", "astrakhan_amirabad_port_sea"][
        "sailings_per_week"] is None
    assert H.edges["astrakhan", "amirabad_port", "astrakhan_amirabad_port_sea"][
        "sailings_per_week"] == 3.5 * 4.0  # unpublished: the factor applies to the default


@pytest.mark.parametrize("text,where", [
    ("[close]\ncrossing = ['x']\n", "[close]: unknown key 'crossing'; did you mean 'crossings'"),
    ("[clsoe]\ncrossings = ['x']\n", "unknown key 'clsoe'; did you mean 'close'"),
    ("[crossings.x]\ntime_factor = 'half'\n", "[crossings.x] time_factor must be a number"),
    ("[crossings.x]\ntime_factor = 0.5\ntime_h = 3\n", "[crossings.x]: give either time_h or"),
    ("[crossings.x]\nnote = 'nothing'\n", "[crossings.x] changes nothing"),
    ("[links.x]\nsailings_per_week = 0\n", "[links.x] sailings_per_week must be a finite number "
                                           "> 0"),
    ("[places.x]\ndwell_hours = 3\n", "[places.x]: unknown key 'dwell_hours'"),
    ("[close]\ncountries = 'RU'\nlinks = [1]\n", "[close] links must be a list"),
    ("[cost_model]\nspeed = 3\n", "[cost_model] unknown key 'speed'"),
    ("[cost_model]\nspeed_kmh = 3\n", "[cost_model] speed_kmh must be a table"),
    ("[scenario]\ntitle = 3\n", "[scenario] title must be a string"),
    ("[open]\nlinks = ['a']\n[close]\nlinks = ['a']\n", "both opened and closed"),
    ("[close\nlinks = ['a']\n", "invalid TOML"),
])
def test_parse_errors_name_the_file_and_key(tmp_path: Path, text: str, where: str) -> None:
    p = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    msg = str(info.value)
    assert str(p) in msg and where in msg


def test_invalid_json_names_the_file_and_position(tmp_path: Path) -> None:
    p = write(tmp_path, '{"close": {"links": ["a",]}}', "bad.json")
    with pytest.raises(ScenarioError, match=r"bad\.json: invalid JSON: .*line 1"):
        load_scenario(p)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "nope.toml")


@pytest.mark.parametrize("text,where", [
    ("[close]\nlinks = ['aktau_port_alat_port_see']\n",
     "[close] links: unknown link 'aktau_port_alat_port_see'; did you mean "
     "'aktau_port_alat_port_sea'"),
    ("[close]\ncountries = ['XX']\n", "[close] countries: country 'XX' is not in the network"),
    ("[crossings.dostyk]\ntime_h = 1\n", "[crossings.dostyk]: unknown crossing 'dostyk'"),
    ("[places.atlantis]\ndwell_h = 1\n", "[places.atlantis]: unknown place 'atlantis'"),
    ("[links.almaty_shu_rail]\nsailings_factor = 2\n", "sailings apply to sea links only"),
])
def test_unknown_ids_name_the_file_and_key(tmp_path: Path, G: nx.MultiDiGraph, text: str,
                                           where: str) -> None:
    s = load_scenario(write(tmp_path, text))
    with pytest.raises(ScenarioError) as info:
        s.apply(G)
    assert "mine.toml" in str(info.value) and where in str(info.value)


def test_plain_dicts_become_change_records() -> None:
    s = Scenario("x", crossings={"c": {"time_factor": 0.5}}, places={"p": {"dwell_h": 3}})
    assert s.crossings["c"] == CrossingChange(time_factor=0.5)
    assert s.places["p"] == PlaceChange(dwell_h=3.0)
    with pytest.raises(ScenarioError, match=r"scenario 'x': \[links.l\]: unknown key"):
        Scenario("x", links={"l": {"sailings": 3}})


def test_scenario_from_dict_rejects_non_tables() -> None:
    with pytest.raises(ScenarioError, match="must be a table"):
        scenario_from_dict({"close": ["a"]})
    with pytest.raises(ScenarioError, match="non-empty name"):
        scenario_from_dict({"close": {"links": ["a"]}})


def _toml_blocks(text: str) -> list[str]:
    import re
    import textwrap

    blocks = re.findall(r"```toml\n(.*?)```", text, flags=re.S)
    blocks += [textwrap.dedent(b) for b in re.findall(r"code-block:: toml\n\n(.*?)\n\S",
                                                      text, flags=re.S)]
    return blocks


def test_the_documented_examples_load_and_apply(tmp_path: Path, G: nx.MultiDiGraph) -> None:
    import corridors.scenarios as module

    blocks = _toml_blocks((DATA / "scenarios" / "README.md").read_text(encoding="utf-8"))
    blocks += _toml_blocks(module.__doc__ or "")
    assert len(blocks) == 2
    for text, name in zip(blocks, ["my_scenario", "middle_corridor_halved"], strict=True):
        s = load_scenario(write(tmp_path, text, "example.toml"))
        H, cm = s.apply(G)
        assert s.name == name and cm.speed_kmh["rail"] == 60
        assert "RU" not in {c for _, c in H.nodes(data="country")}


# -- emissions: electrified lines and cleaner vehicles ------------------------------------------
def test_a_scenario_electrifies_a_rail_line(G: nx.MultiDiGraph) -> None:
    key = ("aktogay", "moyynty", "aktogay_moyynty_rail")
    assert G.edges[key]["co2e_g_tkm"] == pytest.approx(38.3)       # diesel today
    H, _ = load_scenario("moyynty_aktogay_electrified").apply(G)
    d = H.edges[key]
    # 0.0322 kWh per tonne-km x 821 g per kWh (Kazakhstan's grid), nothing tank-to-wheel
    assert d["co2e_g_tkm"] == pytest.approx(0.0322 * 821)
    assert (d["co2e_ttw_g_tkm"], d["vehicle"], d["electric_share"]) == (0.0, "rail_electric", 1)
    assert "scenario" in d["co2e_basis"]
    back = H.edges[("moyynty", "aktogay", "aktogay_moyynty_rail")]
    assert back["co2e_g_tkm"] == d["co2e_g_tkm"]                   # both directions
    assert G.edges[key]["co2e_g_tkm"] == pytest.approx(38.3)       # the base is untouched
    base = best_route(G, "dostyk", "astana")
    new = best_route(H, "dostyk", "astana")
    assert [leg.link_id for leg in new.legs] == [leg.link_id for leg in base.legs]
    assert (new.time_h, new.cost_usd) == (base.time_h, base.cost_usd)
    assert base.co2e_kg - new.co2e_kg == pytest.approx(532 * (38.3 - 0.0322 * 821) * 10 / 1000)
    half = Scenario("half", links={"aktogay_moyynty_rail": {"electric_share": 0.5}})
    d = half.apply(G)[0].edges[key]
    assert d["co2e_g_tkm"] == pytest.approx(0.5 * 0.0322 * 821 + 0.5 * 38.3)
    assert d["co2e_ttw_g_tkm"] == pytest.approx(0.5 * 31.59) and d["vehicle"] == "rail_mixed"


def test_a_scenario_scales_a_links_emissions(G: nx.MultiDiGraph) -> None:
    key = ("kuryk_port", "alat_port", "kuryk_port_alat_port_sea")
    s = Scenario("cleaner", links={"kuryk_port_alat_port_sea": {"co2e_factor": 0.5}})
    d = s.apply(G)[0].edges[key]
    assert d["co2e_g_tkm"] == pytest.approx(0.5 * 129.7)
    assert d["co2e_ttw_g_tkm"] == pytest.approx(0.5 * 110.6)
    assert G.edges[key]["co2e_g_tkm"] == pytest.approx(129.7)
    # on a network without emission data the cost model's default is scaled
    T = tiny_network()
    d = Scenario("t", links={"b3-c1-sea": {"co2e_factor": 2}}).apply(T)[0].edges[
        "b3", "c1", "b3-c1-sea"]
    assert d["co2e_g_tkm"] == 2 * DEFAULT_COST_MODEL.co2e_g_per_tkm["sea"]


@pytest.mark.parametrize(("links", "words"), [
    ({"almaty_shu_rail": {"electric_share": 1.5}}, "from 0 to 1"),
    ({"kuryk_port_alat_port_sea": {"electric_share": 1}}, "rail links only"),
    ({"aktogay_moyynty_rail": {"sailings_per_week": 3}}, "sea links only"),
    ({"aktogay_moyynty_rail": {"co2e_factor": -1}}, ">= 0"),
])
def test_emission_changes_are_checked(G: nx.MultiDiGraph, links: dict, words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        Scenario("bad", links=links).apply(G)


def test_electrifying_needs_the_emission_data() -> None:
    T = tiny_network()
    rail = next(k for _, _, k, d in T.edges(keys=True, data=True) if d["mode"] == "rail")
    with pytest.raises(ScenarioError, match="emission data"):
        Scenario("t", links={rail: {"electric_share": 1}}).apply(T)
