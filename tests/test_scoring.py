"""Scoring and route results on the hand-checkable tiny network."""

from __future__ import annotations

import json
import math
import sys

import pytest

from corridors.errors import ConstraintError, DataError
from corridors.route import RouteList, make_route, routes_to_frame
from corridors.routing import best_route
from corridors.scoring import (
    DEFAULT_COST_MODEL,
    PROFILES,
    CostModel,
    ScoreWeights,
    edge_score,
    edge_terms,
    resolve_objective,
    score_path,
)
from corridors.synthetic import random_network, tiny_network

ROAD = 945 / 500
RAIL = 804 / 500


@pytest.fixture
def G():
    return tiny_network()


def approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-12)


def test_cost_model_defaults_are_cpmm_2022():
    m = DEFAULT_COST_MODEL
    assert m.speed_kmh["road"] == 42.0 and m.speed_kmh["rail"] == 53.9
    assert m.rate_usd_per_km["road"] == approx(1.89)
    assert m.rate_usd_per_km["rail"] == approx(1.608)
    assert (m.crossing_time_h["road"], m.crossing_cost_usd["road"]) == (9.9, 208.0)
    assert (m.crossing_time_h["rail"], m.crossing_cost_usd["rail"]) == (40.6, 215.0)
    assert m.ferry_wait_h(7) == 12.0
    assert m.ferry_wait_h(None) == m.ferry_wait_h(float("nan")) == 0.5 * 168 / 2.0
    # assumptions, not CPMM figures: one change of mode costs 12 h and 100 USD per TEU
    assert (m.transfer_h, m.transfer_usd) == (12.0, 100.0)


def test_cost_model_overrides_merge_and_validate():
    m = CostModel(speed_kmh={"road": 23.4}, port_dwell_h=12)
    assert m.speed_kmh["road"] == 23.4 and m.speed_kmh["rail"] == 53.9
    assert m == CostModel(speed_kmh={"road": 23.4, "rail": 53.9}, port_dwell_h=12.0)
    assert hash(m) == hash(CostModel(speed_kmh={"road": 23.4}, port_dwell_h=12))
    assert m != DEFAULT_COST_MODEL
    with pytest.raises(TypeError):
        m.speed_kmh["road"] = 1.0  # read-only
    for bad in ({"speed_kmh": {"road": 0}}, {"rate_usd_per_km": {"rail": -1}},
                {"sailings_per_week": 0}, {"port_dwell_h": float("nan")},
                {"transfer_h": -1}, {"transfer_usd": float("inf")}, {"transfer_h": "soon"}):
        with pytest.raises(ConstraintError):
            CostModel(**bad)
    t = CostModel(transfer_h=3, transfer_usd=0)
    assert (t.transfer_h, t.transfer_usd) == (3.0, 0.0) and t != DEFAULT_COST_MODEL
    assert t == CostModel(transfer_h=3.0, transfer_usd=0.0)


def test_plain_road_and_rail_edges(G):
    t = edge_terms(G, "a1", "a2", "a1-a2-road")
    assert (t.distance_km, t.time_h, t.cost_usd, t.crossings) == (
        100.0, approx(100 / 42), approx(100 * ROAD), 0)
    t = edge_terms(G, "a1", "a2", "a1-a2-rail")
    assert (t.time_h, t.cost_usd) == (approx(110 / 53.9), approx(110 * RAIL))


def test_crossing_edge_uses_published_time_then_defaults(G):
    # a2 -> b1 publishes 5 h / 100 USD
    t = edge_terms(G, "a2", "b1", "a2-b1-road")
    assert t.crossings == 1
    assert t.time_h == approx(50 / 42 + 5.0) and t.cost_usd == approx(50 * ROAD + 100)
    # b1 -> a2 publishes nothing: CPMM road defaults
    t = edge_terms(G, "b1", "a2", "a2-b1-road")
    assert t.time_h == approx(50 / 42 + 9.9) and t.cost_usd == approx(50 * ROAD + 208)
    # rail crossing without published figures: CPMM rail defaults
    t = edge_terms(G, "a2", "b1", "a2-b1-rail")
    assert t.time_h == approx(60 / 53.9 + 40.6) and t.cost_usd == approx(60 * RAIL + 215)


def test_crossing_record_is_the_fallback_for_the_edge(G):
    G["a2"]["b1"]["a2-b1-road"]["crossing_time_h"] = None
    G["a2"]["b1"]["a2-b1-road"]["crossing_cost_usd"] = None
    t = edge_terms(G, "a2", "b1", "a2-b1-road")  # the record says 5 h / 100 USD a2 -> b1
    assert t.time_h == approx(50 / 42 + 5.0) and t.cost_usd == approx(50 * ROAD + 100)


def test_sea_edge_adds_ferry_wait_dwell_and_handling(G):
    t = edge_terms(G, "b3", "c1", "b3-c1-sea")
    wait = 0.5 * 168 / 3.5  # 24 h
    dwell = 10.0 + 24.0  # b3 publishes 10 h, c1 uses the default
    sea_kmh = 14 * 1.852  # the Caspian ferries' 14 knots, rounded to 25.9 km/h
    assert t.time_h == approx(300 / 25.9 + 12.0 + wait + dwell)
    # no per-call port fee by default: the ports' handling is charged where the mode changes
    assert t.cost_usd == approx(300 * 1.0 + 80.0)
    assert round(sea_kmh, 1) == 25.9
    m = CostModel(port_dwell_h=0, port_handling_usd=150, speed_kmh={"sea": 30})
    t = edge_terms(G, "b3", "c1", "b3-c1-sea", cost_model=m)
    assert t.time_h == approx(10 + 12 + wait + 10.0)
    assert t.cost_usd == approx(380.0 + 2 * 150)
    # a sea link's own vessel speed wins over the cost model's
    G["b3"]["c1"]["b3-c1-sea"]["speed_kmh"] = 20.0
    t = edge_terms(G, "b3", "c1", "b3-c1-sea", cost_model=m)
    assert t.time_h == approx(15 + 12 + wait + 10.0)


def test_weighted_score_and_profiles(G):
    w = ScoreWeights(km=2, crossing_penalty_km=100, hours_km=10, usd_km=0.5)
    t = edge_terms(G, "a2", "b1", "a2-b1-road")
    assert t.score(w) == approx(2 * 50 + 100 + 10 * t.time_h + 0.5 * t.cost_usd)
    assert edge_score(G, "a2", "b1", "a2-b1-road") == 50 + 250
    assert edge_score(G, "a2", "b1", "a2-b1-road", "crossings") == 50 + 1e6
    assert edge_score(G, "a2", "b1", "a2-b1-road", "time") == approx(t.time_h)
    assert edge_score(G, "a2", "b1", "a2-b1-road", "cost") == approx(t.cost_usd)
    assert edge_score(G, "a2", "b1", "a2-b1-road", "balanced") == approx(
        50 + 250 + 42 * t.time_h + t.cost_usd / ROAD)
    assert set(PROFILES) == {"generalized", "score", "shortest", "fewest_crossings", "fastest",
                             "cheapest", "balanced", "lowest_co2e", "generalized_co2"}
    # 102.73 g per tonne-km (the cost model's road default) x 10 t x 50 km = 51.365 kg
    assert t.co2e_kg == approx(50 * 102.73 * 10 / 1000)
    assert edge_score(G, "a2", "b1", "a2-b1-road", "co2e") == approx(t.co2e_kg)
    assert edge_score(G, "a2", "b1", "a2-b1-road", "generalized_co2") == approx(
        t.cost_usd + 30.0 * t.time_h + 0.075 * t.co2e_kg)
    assert edge_score(G, "a2", "b1", "a2-b1-road", "generalized") == approx(
        t.cost_usd + 30.0 * t.time_h)
    assert resolve_objective(w) is w
    with pytest.raises(ConstraintError):
        resolve_objective("prettiest")
    with pytest.raises(ConstraintError):
        ScoreWeights(km=-1)
    with pytest.raises(ConstraintError):
        ScoreWeights(transfer_penalty_km=-1)


def test_transfer_weights_of_the_profiles():
    # edge scores ignore transfers; a transfer scores penalty + hours and USD at their weights
    assert ScoreWeights().transfer_penalty_km == 100.0
    assert ScoreWeights().transfer_score() == 100.0
    assert {n: w.transfer_penalty_km for n, w in PROFILES.items()} == {
        "generalized": 0.0, "score": 100.0, "shortest": 0.0, "fewest_crossings": 0.0,
        "fastest": 0.0, "cheapest": 0.0, "balanced": 100.0, "lowest_co2e": 0.0,
        "generalized_co2": 0.0}
    assert {n: w.transfer_score() for n, w in PROFILES.items()} == {
        "generalized": 100.0 + 30.0 * 12, "score": 100.0, "shortest": 0.0,
        "fewest_crossings": 0.0, "fastest": 12.0, "cheapest": 100.0,
        "balanced": approx(100 + 42 * 12 + 100 / ROAD), "lowest_co2e": 7.0,
        "generalized_co2": approx(100.0 + 30.0 * 12 + 0.075 * 7.0)}
    big = CostModel(transfer_h=50, transfer_usd=1000)
    assert PROFILES["fastest"].transfer_score(big) == 50.0
    assert PROFILES["cheapest"].transfer_score(big) == 1000.0
    w = ScoreWeights(km=2, crossing_penalty_km=100, hours_km=10, usd_km=0.5)
    assert w.transfer_score() == 100 + 10 * 12 + 0.5 * 100
    assert w.score(10, 1, 2, 4, transfers=3) == 20 + 100 + 20 + 2 + 300


def test_transfers_are_charged_to_the_leg_after_the_change(G):
    path = [("a1", "a2", "a1-a2-rail"), ("a2", "b1", "a2-b1-road"), ("b1", "b2", "b1-b2-road")]
    s = score_path(G, path)
    assert s.transfers == 1 and (s.transfer_h, s.transfer_usd) == (12.0, 100.0)
    assert [leg.transfers for leg in s.legs] == [0, 1, 0]
    assert s.legs[1].time_h == approx(50 / 42 + 5.0 + 12.0)
    assert s.legs[1].cost_usd == approx(50 * ROAD + 100 + 100)
    assert s.legs[1].score == 50 + 250 + 100  # edge score + transfer score
    assert s.edge_scores == tuple(leg.score for leg in s.legs)
    assert s.terms[1] == edge_terms(G, "a2", "b1", "a2-b1-road")  # the link alone
    assert s.time_h == sum(leg.time_h for leg in s.legs)
    assert s.score == 110 + (50 + 250 + 100) + 200
    # no transfer when the mode stays, nor on the first leg
    assert score_path(G, path[1:]).transfers == 0
    # totals only (OD matrices): the same numbers, no crossing/country/gauge facts
    lean = score_path(G, path, facts=False)
    assert (lean.distance_km, lean.time_h, lean.cost_usd, lean.crossings, lean.score,
            lean.legs, lean.transshipments) == (s.distance_km, s.time_h, s.cost_usd,
                                                s.crossings, s.score, s.legs, s.transshipments)
    assert (lean.border_crossings, lean.countries, lean.gauge_breaks) == ((), (), ())
    assert s.border_crossings and s.countries
    # the time and cost profiles pick it up through their weights
    assert score_path(G, path, "time").score == approx(s.time_h)
    assert score_path(G, path, "cost").score == approx(s.cost_usd)
    assert score_path(G, path, "distance").score == 360.0
    m = CostModel(transfer_h=0, transfer_usd=0)
    free = score_path(G, path, "time", cost_model=m)
    assert free.time_h == approx(s.time_h - 12) and free.transfers == 1
    r = make_route(G, path)
    assert r.legs[1].transfer_h == 12.0 and r.legs[0].transfer_h == 0.0
    assert r.transfers == 1 and r.transfer_usd == 100.0
    assert r.legs[1].time_h == s.legs[1].time_h and r.time_h == s.time_h
    rec = r.leg_records()
    assert [x["transfer_h"] for x in rec] == [0.0, 12.0, 0.0]
    assert "transfer 12.0 h" in r.summary() and "(12.0 h, 100 USD)" in r.summary()


def test_score_path_totals_and_facts(G):
    path = [("a1", "a2", "a1-a2-road"), ("a2", "b1", "a2-b1-road"), ("b1", "b2", "b1-b2-rail"),
            ("b2", "b3", "b2-b3-road"), ("b3", "c1", "b3-c1-sea"), ("c1", "c2", "c1-c2-road")]
    # b2 has no terminal: the container cannot come off the train there ...
    with pytest.raises(ConstraintError, match="at 'b2', which has no terminal"):
        score_path(G, path)
    # ... until it has one
    G.nodes["b2"]["transshipment"] = {"type": "rail_terminal", "modes": ("rail", "road")}
    s = score_path(G, path)
    terms = [edge_terms(G, *e) for e in path]
    assert s.distance_km == 100 + 50 + 210 + 20 + 300 + 150
    # four changes of mode (road>rail at b1, rail>road at b2, road>sea at b3, sea>road at c1),
    # each a transfer of 12 h, 100 USD and 100 km in the default score
    assert s.transfers == 4
    assert s.time_h == approx(sum(t.time_h for t in terms) + 4 * 12.0)
    assert s.cost_usd == approx(sum(t.cost_usd for t in terms) + 4 * 100.0)
    assert s.crossings == 2 and s.score == s.distance_km + 500 + 400
    assert s.countries == ("AA", "BB", "CC")
    assert [(x.id, x.name, x.from_country, x.to_country, x.mode) for x in s.border_crossings] \
        == [("x-ab-road", "Alpha-Bravo road", "AA", "BB", "road"),
            ("x-bc-sea", "Bravo-Charlie ferry", "BB", "CC", "sea")]
    assert [(t.place, t.from_mode, t.to_mode, t.time_h, t.cost_usd)
            for t in s.transshipments] == [
        ("b1", "road", "rail", 12.0, 100.0), ("b2", "rail", "road", 12.0, 100.0),
        ("b3", "road", "sea", 12.0, 100.0), ("c1", "sea", "road", 12.0, 100.0)]
    assert s.sea_km == 300 and s.planned_share == 0 and s.gauge_breaks == ()
    assert score_path(G, [], start="b2").countries == ("BB",)


def test_gauge_breaks(G):
    rail = [("a1", "a2", "a1-a2-rail"), ("a2", "b1", "a2-b1-rail"), ("b1", "b2", "b1-b2-rail")]
    s = score_path(G, rail)
    assert [(b.place, b.crossing, b.from_gauge_mm, b.to_gauge_mm) for b in s.gauge_breaks] == [
        ("a2", "x-ab-rail", (1520,), (1435,))]
    # the same break without a gauge-change crossing: two rail legs with disjoint gauges
    H = tiny_network()
    d = H["a2"]["b1"]["a2-b1-rail"]
    d["crossing"], d["gauge_mm"] = None, (1520,)
    s = score_path(H, rail)
    assert [(b.place, b.crossing) for b in s.gauge_breaks] == [("b1", None)]


def test_planned_share(G):
    s = score_path(G, [("a1", "c2", "a1-c2-road")])
    assert s.planned_share == 1.0 and s.crossings == 1


def test_bad_paths(G):
    with pytest.raises(ConstraintError, match="not an edge"):
        score_path(G, [("a1", "c1", "nope")])
    with pytest.raises(ConstraintError, match="not connected"):
        score_path(G, [("a1", "a2", "a1-a2-road"), ("b1", "b2", "b1-b2-road")])
    G["a1"]["a2"]["a1-a2-road"]["mode"] = "air"
    with pytest.raises(DataError):
        edge_terms(G, "a1", "a2", "a1-a2-road")


# --- Route ----------------------------------------------------------------------------------

def test_route_summary_and_properties(G):
    r = best_route(G, "a1", "c2", "distance")
    assert r.nodes == ["a1", "a2", "b1", "b2", "b3", "c1", "c2"]
    assert r.signature == ("crossing:x-ab-road", "crossing:x-bc-sea", "sea:b3-c1-sea")
    assert r.modes == ("road", "sea")
    text = r.summary()
    assert "Alpha -> Charlie" in text and "820 km" in text and "2 border crossings" in text
    assert "Alpha-Bravo road (AA>BB, road)" in text and "300 km by sea" in text
    # title, totals, countries, crossings, extras, one warning (the closed b2-c2 crossing
    # nearby), then one line per leg
    assert len(r.warnings) == 1 and "closed nearby" in r.warnings[0]
    assert text.count("\n") == 5 + len(r.legs)
    assert str(r) == r.summary(legs=False)
    assert sum(leg.distance_km for leg in r.legs) == r.distance_km
    assert r.legs[1].crossing == "x-ab-road" and r.legs[0].crossing is None


def test_route_to_frame_and_rank(G):
    r = best_route(G, "a1", "c2", "time")
    df = r.to_frame()
    assert len(df) == len(r.legs)
    assert df["cum_time_h"].iloc[-1] == approx(r.time_h)
    assert list(df["from"]) == r.nodes[:-1]
    both = RouteList([r, best_route(G, "a1", "b2")])
    frame = both.to_frame()
    assert sorted(set(frame["rank"])) == [1, 2]
    assert len(frame) == len(both[0].legs) + len(both[1].legs)
    assert list(both.table()["rank"]) == [1, 2]
    assert routes_to_frame([]).empty


def test_route_geojson_is_stdlib_and_follows_waypoints(G):
    r = best_route(G, "a1", "b2")
    fc = json.loads(r.to_geojson())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(r.legs)
    first = fc["features"][0]
    assert first["geometry"]["coordinates"] == [[60.0, 45.0], [60.5, 45.0], [61.0, 45.0]]
    assert first["properties"]["from"] == "a1"
    assert json.loads(RouteList([r, r]).to_geojson())["features"][-1]["properties"]["rank"] == 2


def test_route_to_gdf(G):
    r = best_route(G, "a1", "c2")
    gdf = r.to_gdf()
    assert len(gdf) == len(r.legs) and str(gdf.crs) == "EPSG:4326"
    assert gdf.geometry.iloc[0].coords[0] == (60.0, 45.0)
    one = RouteList([r, best_route(G, "a1", "b2")]).to_gdf(per="route")
    assert list(one["rank"]) == [1, 2] and one.geometry.iloc[0].geom_type == "LineString"


def test_make_route_empty_path(G):
    r = make_route(G, [], origin="b2")
    assert (r.origin, r.destination, r.distance_km, r.countries) == ("b2", "b2", 0.0, ("BB",))
    assert r.to_frame().empty


def test_routing_import_is_light():
    import subprocess

    code = ("import sys, corridors.routing, corridors.scoring, corridors.route, "
            "corridors.synthetic; heavy = [m for m in ('pandas', 'geopandas', 'shapely', "
            "'pyproj', 'matplotlib', 'numpy') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_random_network_follows_the_contract():
    H = random_network(200, seed=7)
    assert H.graph["crs"] == "EPSG:4326"
    crossings = H.graph["crossings"]
    for u, v, k, d in H.edges(keys=True, data=True):
        assert k == d["link_id"] and d["mode"] in ("road", "rail", "sea")
        assert d["distance_km"] > 0
        if d["crossing"]:
            rec = crossings[d["crossing"]]
            assert {u, v} == {rec.post_a, rec.post_b}
            assert H.nodes[u]["country"] != H.nodes[v]["country"]
        else:
            assert d["mode"] == "sea" or H.nodes[u]["country"] == H.nodes[v]["country"]
        if d["mode"] == "rail":
            assert d["gauge_mm"]
    assert {"sea"} <= {d["mode"] for *_, d in H.edges(data=True)}
    assert {d["status"] for *_, d in H.edges(data=True)} >= {"operational", "closed"}
    assert H.graph["corridors"]
    assert list(random_network(50, seed=1).edges(keys=True, data="distance_km")) == list(
        random_network(50, seed=1).edges(keys=True, data="distance_km"))
    assert not math.isnan(sum(d["distance_km"] for *_, d in H.edges(data=True)))
