"""The library's scorer against an independent reference written from the documentation.

``tests/reference_scorer.py`` scores a path again from what README.md, data/README.md,
docs/emissions.md and the public docstrings of ``corridors.scoring`` say, without the code of
corridors/scoring.py. Here the two must agree on every figure (totals, legs, transfers, gauge
breaks, crossings, countries; relative tolerance 1e-6):

* on best routes of the built-in network under several objectives and cost models (Caspian
  ferries, the 1520/1435 gauge breaks at Dostyk, Khorgos, Sarakhs and Akhalkalaki, planned
  links, routes that leave a country and come back, customs-union borders) and on every edge
  of it alone;
* on random walks over random networks, both hand-rolled here (parallel edges of one mode,
  crossing edges whose figures differ from their record, single- and dual-gauge crossings with
  and without a gauge change, planned and under-construction links, sealed transit links,
  terminals with and without their own figures) and ``corridors.synthetic.random_network``;
  a walk that is not a route must be refused by both.

The hand-checked cases give literal numbers worked out from the documented rules.
"""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest
import reference_scorer as ref
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corridors
from corridors.errors import ConstraintError
from corridors.model import BorderCrossing
from corridors.routing import best_route
from corridors.scoring import CostModel, ScoreWeights, score_path
from corridors.synthetic import random_network

NO_TRANSFER = CostModel(transfer_h=0, transfer_usd=0, handling_kg_co2e=0)
BIG_TRANSFER = CostModel(transfer_h=150, transfer_usd=3000, handling_kg_co2e=500, payload_t=20)
ODD = CostModel(speed_kmh={"sea": 30.0, "rail": 40.0}, rate_usd_per_km={"sea": 2.5},
                crossing_time_h={"rail": 2.0, "sea": 10.0}, crossing_cost_usd={"road": 50.0},
                port_dwell_h=12.0, port_handling_usd=70.0, sailings_per_week=5.0,
                transfer_h=3.0, transfer_usd=10.0, payload_t=14.0,
                co2e_g_per_tkm={"road": 90.0}, handling_ttw_kg_co2e=2.0)
COST_MODELS = [None, BIG_TRANSFER, ODD, NO_TRANSFER]
WEIGHTS = ["score", "distance", "crossings", "time", "cost", "co2e", "generalized",
           "generalized_co2", "balanced",
           ScoreWeights(km=0.5, crossing_penalty_km=80.0, hours_km=3.0, usd_km=0.2,
                        transfer_penalty_km=900.0, name="mixed", co2e_km=1.5)]


def agree(G, path, weights="score", cm=None, start=None):
    """Score ``path`` both ways; return the reference after checking every figure."""
    r = ref.score(G, path, cm, weights, start=start)
    s = score_path(G, path, weights, cost_model=cm, start=start)
    diff = ref.differences(r, s)
    assert not diff, "\n".join([f"path {list(path)}", *diff])
    return r


# --- the built-in network ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def G():
    return corridors.load_network()


RAIL = {"modes": ["rail"]}
PLANNED_RAIL = {"modes": ["rail"], "include_planned": True}
#: (origin, destination, objective, constraints); what each one is there for is checked below
PAIRS = [
    ("almaty", "baku", "score", {}),                          # Caspian ferry
    ("aktau_port", "alat_port", "cost", {}),
    ("turkmenbashi_port", "baku", "distance", {}),
    ("kuryk_port", "tbilisi", "time", {"modes": ["rail", "sea"]}),
    ("almaty", "istanbul", "time", {"avoid_countries": ["RU"]}),
    ("khorgos", "almaty", "time", {}),                        # 1520/1435 at Khorgos
    ("urumqi", "almaty", "distance", RAIL),                   # ... at Dostyk or Khorgos
    ("xian", "almaty", "time", RAIL),
    ("almaty", "urumqi", "cost", RAIL),
    ("ashgabat", "mashhad", "distance", RAIL),                # Turkmenistan/Iran, Sarakhs
    ("tashkent", "bandar_abbas_port", "time", RAIL),
    ("tbilisi", "kars", "distance", RAIL),                    # Akhalkalaki, away from a border
    ("baku", "istanbul", "time", {"modes": ["rail", "sea"]}),
    ("termez", "peshawar", "distance", PLANNED_RAIL),         # planned links
    ("herat", "mashhad", "distance", PLANNED_RAIL),
    ("kashgar", "osh", "distance", PLANNED_RAIL),
    ("moyynty", "bakhty", "time", PLANNED_RAIL),
    ("aktobe", "oral", "distance", RAIL),                     # sealed transit through RU
    ("kars", "bakhty", "distance", {}),                       # ... KZ > CN > KZ
    ("sher_khan_bandar", "ishkashim_af", "distance", {}),     # AF > TJ > AF
    ("rtishchevo", "ayagoz", "distance", {}),                 # RU > KZ > RU > KZ
    ("almaty", "duisburg", "generalized", {}),                # EAEU, Union State, Brest
    ("almaty", "moscow", "time", {}),
    ("bishkek", "almaty", "cost", {}),                        # EAEU road border
    ("dushanbe", "karachi_port", "generalized", {}),
    ("kashgar", "islamabad", "score", {}),
    ("tashkent", "almaty", "time", {}),
    ("astana", "samara", "co2e", {}),
    ("dushanbe", "tashkent", "generalized_co2", {}),
    ("samarkand", "mazar_i_sharif", "balanced", {}),
    ("lianyungang_port", "duisburg", "time", {"avoid_countries": ["RU"]}),
    ("almaty", "europe", "generalized", {"avoid_countries": ["RU"]}),
    ("dushanbe", "south_asia", "generalized", {}),
    ("tehran", "baku", "crossings", {}),
    ("minsk", "warsaw", "time", {}),
    ("andijan", "osh", "distance", {}),
    ("nukus", "beyneu", "time", RAIL),
    ("atyrau", "astrakhan", "time", {}),
    ("chabahar_port", "mundra_port", "cost", {}),
    ("karachi_port", "gwadar_port", "time", {}),
    ("budapest", "duisburg", "cost", {}),                     # Schengen borders
]


def test_best_routes_of_the_builtin_network_agree(G):
    seen: list = []
    for i, (o, t, objective, kw) in enumerate(PAIRS):
        for cm in (None, COST_MODELS[1 + i % 3]):
            r = best_route(G, o, t, objective, cost_model=cm, **kw)
            for w in (objective, WEIGHTS[i % len(WEIGHTS)]):
                seen.append(agree(G, r.edges, w, cm))
    # the sample holds what it is there for
    crossings = {x.id for s in seen for x in s.border_crossings}
    breaks = {(b.place, b.crossing) for s in seen for b in s.gauge_breaks}
    assert {"aktau_port_alat_port_sea", "turkmenbashi_port_alat_port_sea"} <= crossings
    assert {"sarakhs_tm_sarakhs_ir_rail", "zhaisan_iletsk_rail", "krasnoye_osinovka_rail",
            "korday_ak_zhol_road", "hegyeshalom_nickelsdorf_rail"} <= crossings
    assert ("akhalkalaki", None) in breaks
    assert {"dostyk_alashankou_rail", "altynkol_khorgos_rail",
            "sarakhs_tm_sarakhs_ir_rail"} <= {c for _, c in breaks}
    assert any(0 < s.planned_share < 1 for s in seen)
    assert any(s.sea_km > 0 and s.transfers >= 2 for s in seen)
    countries = {s.countries for s in seen}
    assert any(c[-3:] == ("KZ", "CN", "KZ") for c in countries)
    assert ("KZ", "RU", "KZ") in countries  # Aktobe-Oral through Russia
    assert ("AF", "TJ", "AF") in countries


def test_every_edge_of_the_builtin_network_alone_agrees(G):
    """Every link in both directions: every crossing's figures and every intensity."""
    for i, (u, v, k) in enumerate(G.edges(keys=True)):
        agree(G, [(u, v, k)], WEIGHTS[i % len(WEIGHTS)], COST_MODELS[i % len(COST_MODELS)])


def test_border_regimes_of_the_builtin_crossings(G):
    """The regime derived here from border_regimes.csv is the one the network was built with."""
    for cid, rec in G.graph["crossings"].items():
        got = ref.regime_of(G, rec.country_a, rec.country_b) or "external"
        assert got == rec.regime, cid


@pytest.mark.parametrize(("u", "v", "key", "time_h", "cost_usd"), [
    # EAEU rail border, nothing published: regime_defaults.csv eaeu rail 1.3 h / 175 USD
    ("zhaisan", "iletsk", "zhaisan_iletsk_rail", 1.3, 175.0),
    # Union State road border: 0 h / 0 USD
    ("krasnaya_gorka", "redki", "krasnaya_gorka_redki_road", 0.0, 0.0),
    # Schengen rail border: a traction and crew change, 1.0 h / 0 USD
    ("curtici", "lokoshaza", "curtici_lokoshaza_rail", 1.0, 0.0),
    # an external sea crossing without figures: the cost model's 24 h / 250 USD
    ("aktau_port", "alat_port", "aktau_port_alat_port_sea", 24.0, 250.0),
    # Dostyk-Alashankou published b -> a: 30.5 h / 329 USD
    ("alashankou", "dostyk", "dostyk_alashankou_rail", 30.5, 329.0),
])
def test_crossing_figures_of_the_builtin_network(G, u, v, key, time_h, cost_usd):
    d = G.edges[u, v, key]
    assert ref.crossing_time_cost(G, u, d, CostModel()) == pytest.approx((time_h, cost_usd))
    s = score_path(G, [(u, v, key)], "time")
    terms = s.terms[0]
    speed = d.get("speed_kmh") or CostModel().speed_kmh[d["mode"]]
    extra = 0.0
    if d["mode"] == "sea":
        # half the headway of the line's sailings, and the dwell at both ports
        extra = 0.5 * 168 / d["sailings_per_week"] + sum(
            G.nodes[n]["transshipment"]["dwell_h"] for n in (u, v))
    assert terms.time_h == pytest.approx(d["distance_km"] / speed + time_h + extra)
    assert terms.cost_usd == pytest.approx(
        d["distance_km"] * CostModel().rate_usd_per_km[d["mode"]] + cost_usd)


# --- random networks --------------------------------------------------------------------------

GAUGES = [(1520,), (1435,), (1676,), (1435, 1520), (1520, 1676)]


def odd_network(rng: random.Random) -> nx.MultiDiGraph:
    """A small random network with the odd cases the generator of corridors.synthetic avoids.

    Parallel links of one mode, crossing edges whose own figures differ from their record,
    single- and dual-gauge rail crossings with and without a gauge change, planned and
    under-construction links, sealed transit links, one-way links, terminals handling any
    set of modes with or without their own figures (NaN too), regime defaults on records.
    Drawn from ``rng`` (a seed drawn by hypothesis): far cheaper than drawing every figure
    through hypothesis, so many more networks fit in the time budget.
    """
    def pick(*xs):
        return rng.choice(xs)

    n = rng.randint(2, 6)
    countries = [pick("KZ", "CN", "RU") for _ in range(n)]
    G = nx.MultiDiGraph(crs="EPSG:4326", name="walks", crossings={}, corridors={}, sources={},
                        data_dirs=())
    for i in range(n):
        ts = None
        if rng.random() < 0.75:
            ts = {"type": "dry_port",
                  "modes": tuple(m for m in ("road", "rail", "sea") if rng.random() < 0.6),
                  "dwell_h": pick(None, 0.0, 5.0, 30.0, math.nan),
                  "handling_h": pick(None, 0.0, 3.0, 20.0, math.nan),
                  "handling_usd": pick(None, 0.0, 40.0, 300.0),
                  "handling_kg_co2e": pick(None, 0.0, 7.0, 17.5),
                  "handling_ttw_kg_co2e": pick(None, 0.0, 5.6, 14.0)}
        G.add_node(f"p{i}", x=0.0, y=0.0, name=f"P{i}", aliases=(), country=countries[i],
                   kind="city", gateway_for=(), transshipment=ts, source=(), estimate="",
                   note="")
    for j in range(rng.randint(1, 12)):
        a, b = rng.sample(range(n), 2)
        u, v = f"p{a}", f"p{b}"
        mode = pick("road", "rail", "sea")
        lid = f"l{j}-{mode}"
        wtw = pick(None, 5.0, 38.3, 130.0)
        link = {
            "link_id": lid, "mode": mode,
            "distance_km": pick(0.1, 12.0, 100.0, 333.3, 1500.0),
            "gauge_mm": pick(*GAUGES) if mode == "rail" else (),
            "status": pick("operational", "operational", "operational", "planned",
                           "under_construction", "closed"),
            "status_year": "", "waypoints": (), "source": (), "estimate": "", "note": "",
            "sailings_per_week": pick(None, 0.5, 2.0, 7.0, math.nan) if mode == "sea" else None,
            "speed_kmh": pick(None, 15.0, 30.0) if mode == "sea" else None,
            "transit": (pick((), (), ("UZ",), ("UZ", "TM")) if countries[a] == countries[b]
                        else ()),
            "co2e_g_tkm": wtw,
            "co2e_ttw_g_tkm": None if wtw is None else wtw * pick(0.0, 0.8),
        }
        rec = None
        if countries[a] != countries[b]:
            t_ab, t_ba, c_ab, c_ba = (pick(None, 0.0, 2.5, 30.0) for _ in range(4))
            rec = BorderCrossing(
                f"x{j}", f"X {j}", mode, u, v, countries[a], countries[b],
                time_h_ab=t_ab, time_h_ba=t_ba, cost_usd_ab=c_ab, cost_usd_ba=c_ba,
                gauge_change=mode == "rail" and rng.random() < 0.5, status="open",
                # a border regime's default for a direction (as a loaded network has them)
                defaults=pick((), (("ab", 11.5, None, "regime"), ("ba", 1.3, 175.0, "regime"))))
            G.graph["crossings"][rec.id] = rec
        ends = [(u, v, False, "ab"), (v, u, True, "ba")][:pick(1, 2, 2)]
        for x, y, reverse, way in ends:
            et = ec = None
            if rec is not None:  # the edge's own figures: none, the record's, or others
                et = pick(None, getattr(rec, f"time_h_{way}"), 7.0)
                ec = pick(None, getattr(rec, f"cost_usd_{way}"), 99.0)
            G.add_edge(x, y, key=lid, crossing=rec.id if rec else None, crossing_time_h=et,
                       crossing_cost_usd=ec, reverse=reverse, **link)
    return G


def random_walk(G, rng: random.Random) -> tuple[str, list]:
    """A random walk of up to 8 edges: any out-edge at each step, so it need not be a route."""
    start = rng.choice(sorted(G))
    path: list = []
    u = start
    for _ in range(rng.randint(1, 8)):
        out = sorted(G.out_edges(u, keys=True))
        if not out:
            break
        path.append(rng.choice(out))
        u = path[-1][1]
    return start, path


ANY_WEIGHTS = st.one_of(st.sampled_from(WEIGHTS), st.builds(
    ScoreWeights, km=st.sampled_from([0.0, 1.0]), crossing_penalty_km=st.sampled_from([0, 250]),
    hours_km=st.sampled_from([0.0, 42.0]), usd_km=st.sampled_from([0.0, 0.5]),
    transfer_penalty_km=st.floats(0.0, 5000.0), name=st.just("random"),
    co2e_km=st.sampled_from([0.0, 3.0])))
SEEDS = st.integers(0, 2**32 - 1)


def walks_agree(G, rng, weights, cm, n=6):
    """``n`` random walks: the routes agree, the others are refused by both scorers."""
    for _ in range(n):
        start, path = random_walk(G, rng)
        try:
            ref.score(G, path, cm, weights, start=start)
        except ref.RouteError:
            with pytest.raises(ConstraintError):
                score_path(G, path, weights, cost_model=cm, start=start)
            continue
        agree(G, path, weights, cm, start=start)


@settings(deadline=None, max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, weights=ANY_WEIGHTS, cm=st.sampled_from(COST_MODELS))
def test_random_walks_on_odd_networks_agree(seed, weights, cm):
    rng = random.Random(seed)
    walks_agree(odd_network(rng), rng, weights, cm)


@settings(deadline=None, max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, n=st.integers(4, 14), weights=ANY_WEIGHTS, cm=st.sampled_from(COST_MODELS))
def test_random_walks_on_synthetic_networks_agree(seed, n, weights, cm):
    G = random_network(n, seed=seed, n_countries=3, p_extra=0.6, p_planned=0.2,
                       parallel_share=0.5, port_share=0.35, p_one_way=0.1,
                       terminal_share=0.6, p_gauge_island=0.3, n_corridors=0)
    walks_agree(G, random.Random(seed), weights, cm)


# --- hand-checked cases -----------------------------------------------------------------------

def network(places, links, crossings=()):
    """A network from ``{id: (country, terminal or None)}`` and link tuples.

    A link is ``(id, u, v, mode, km, extra)``; ``extra`` holds any other edge attribute, and
    ``t_ab``/``t_ba``/``c_ab``/``c_ba`` the crossing figures of its edge in each direction.
    """
    G = nx.MultiDiGraph(crs="EPSG:4326", name="hand", crossings={c.id: c for c in crossings},
                        corridors={}, sources={}, data_dirs=())
    for pid, (country, ts) in places.items():
        G.add_node(pid, x=0.0, y=0.0, name=pid.upper(), aliases=(), country=country,
                   kind="city", gateway_for=(), transshipment=ts, source=(), estimate="",
                   note="")
    for lid, u, v, mode, km, extra in links:
        extra = dict(extra)
        figures = {w: extra.pop(w, None) for w in ("t_ab", "t_ba", "c_ab", "c_ba")}
        one_way = extra.pop("one_way", False)
        d = {"link_id": lid, "mode": mode, "distance_km": float(km), "gauge_mm": (),
             "status": "operational", "status_year": "", "waypoints": (), "crossing": None,
             "transit": (), "sailings_per_week": None, "speed_kmh": None, "source": (),
             "estimate": "", "note": "", **extra}
        G.add_edge(u, v, key=lid, reverse=False, crossing_time_h=figures["t_ab"],
                   crossing_cost_usd=figures["c_ab"], **d)
        if not one_way:
            G.add_edge(v, u, key=lid, reverse=True, crossing_time_h=figures["t_ba"],
                       crossing_cost_usd=figures["c_ba"], **d)
    return G


def crossing(cid, mode, a, b, ca, cb, **kw):
    return BorderCrossing(cid, cid.upper(), mode, a, b, ca, cb, status="open", **kw)


def both(G, path, weights="score", cm=None, start=None):
    """The reference and score_path, after checking that they agree."""
    r = agree(G, path, weights, cm, start)
    return r, score_path(G, path, weights, cost_model=cm, start=start)


def test_countries_keep_a_country_entered_twice():
    G = network({"k1": ("KZ", None), "k2": ("KZ", None), "c1": ("CN", None),
                 "k3": ("KZ", None), "k4": ("KZ", None)},
                [("k1-k2", "k1", "k2", "road", 50, {}),
                 ("k2-c1", "k2", "c1", "road", 20, {"crossing": "x1"}),
                 ("c1-k3", "c1", "k3", "road", 30, {"crossing": "x2"}),
                 ("k3-k4", "k3", "k4", "road", 400, {"transit": ("RU",)})],
                [crossing("x1", "road", "k2", "c1", "KZ", "CN"),
                 crossing("x2", "road", "c1", "k3", "CN", "KZ")])
    path = [("k1", "k2", "k1-k2"), ("k2", "c1", "k2-c1"), ("c1", "k3", "c1-k3")]
    for s in both(G, path):
        assert tuple(s.countries) == ("KZ", "CN", "KZ")
        assert [(x.id, x.from_country, x.to_country) for x in s.border_crossings] == [
            ("x1", "KZ", "CN"), ("x2", "CN", "KZ")]
    # a sealed transit link (no crossing record) lists the country it runs through
    for s in both(G, [*path, ("k3", "k4", "k3-k4")]):
        assert tuple(s.countries) == ("KZ", "CN", "KZ", "RU", "KZ") and s.crossings == 2
    for s in both(G, [("k4", "k3", "k3-k4"), ("k3", "c1", "c1-k3")]):
        assert tuple(s.countries) == ("KZ", "RU", "KZ", "CN")
    for s in both(G, [], start="c1"):
        assert tuple(s.countries) == ("CN",) and s.distance_km == 0 and s.planned_share == 0


def test_planned_share_counts_links_under_construction():
    G = network({"a": ("KZ", None), "b": ("KZ", None), "c": ("KZ", None), "d": ("KZ", None)},
                [("a-b", "a", "b", "rail", 300, {"gauge_mm": (1520,)}),
                 ("b-c", "b", "c", "rail", 100, {"gauge_mm": (1520,),
                                                 "status": "under_construction"}),
                 ("c-d", "c", "d", "rail", 100, {"gauge_mm": (1520,), "status": "planned"})])
    for s in both(G, [("a", "b", "a-b"), ("b", "c", "b-c")]):
        assert s.planned_share == pytest.approx(0.25) and s.distance_km == 400
    for s in both(G, [("a", "b", "a-b"), ("b", "c", "b-c"), ("c", "d", "c-d")]):
        assert s.planned_share == pytest.approx(0.4)
    for s in both(G, [("b", "c", "b-c")]):
        assert s.planned_share == 1.0


def rail_border(gauge_change, crossing_gauges, terminal=None):
    """KZ 1520 -- rail crossing -- CN 1435 (or 1520 where there is no gauge change)."""
    far = (1435,) if gauge_change else (1520,)
    return network(
        {"k": ("KZ", None), "kb": ("KZ", terminal), "cb": ("CN", terminal), "c": ("CN", None)},
        [("k-kb", "k", "kb", "rail", 200, {"gauge_mm": (1520,)}),
         ("kb-cb", "kb", "cb", "rail", 10, {"gauge_mm": crossing_gauges, "crossing": "x"}),
         ("cb-c", "cb", "c", "rail", 300, {"gauge_mm": far})],
        [crossing("x", "rail", "kb", "cb", "KZ", "CN", gauge_change=gauge_change,
                  time_h_ab=5.0, cost_usd_ab=100.0)])


PATH3 = [("k", "kb", "k-kb"), ("kb", "cb", "kb-cb"), ("cb", "c", "cb-c")]


def test_rail_crossing_without_gauge_change_has_no_gauge_break():
    G = rail_border(False, (1520,))
    for s in both(G, PATH3, "time"):
        assert s.gauge_breaks == ()
        assert [(x.id, x.gauge_change, x.mode) for x in s.border_crossings] == [
            ("x", False, "rail")]
        # running time at 53.9 km/h plus the published 5 h; no handling anywhere
        assert s.time_h == pytest.approx(510 / 53.9 + 5.0) and s.transfer_h == 0
    for s in both(G, [("cb", "kb", "kb-cb")]):  # b -> a publishes nothing: CPMM rail 40.6 h
        assert s.gauge_breaks == () and s.time_h == pytest.approx(10 / 53.9 + 40.6)


def test_gauge_change_crossing_is_one_break_without_handling():
    G = rail_border(True, (1435, 1520))
    for s in both(G, PATH3, "time"):
        assert [(str(b.place), tuple(b.from_gauge_mm), tuple(b.to_gauge_mm), b.crossing,
                 b.time_h) for b in s.gauge_breaks] == [("kb", (1520,), (1435,), "x", 0.0)]
        assert s.border_crossings[0].gauge_change is True
        assert s.time_h == pytest.approx(510 / 53.9 + 5.0) and s.transfer_h == 0
        assert s.transfers == 0


def test_single_gauge_crossing_with_a_gauge_change_lists_the_handled_break():
    # the crossing section is 1520 only: the box is transloaded at the CN post's terminal
    # (6 h, 225 USD, 7 kg), a break between two rail legs beside the crossing's own
    term = {"type": "gauge_change", "modes": ("rail",), "handling_h": 6.0,
            "handling_usd": 225.0, "handling_kg_co2e": 7.0, "handling_ttw_kg_co2e": 5.6}
    G = rail_border(True, (1520,), terminal=term)
    for s in both(G, PATH3, "time"):
        assert [(str(b.place), tuple(b.from_gauge_mm), tuple(b.to_gauge_mm), b.crossing,
                 b.time_h, b.cost_usd) for b in s.gauge_breaks] == [
            ("kb", (1520,), (1435,), "x", 0.0, 0.0),
            ("cb", (1520,), (1435,), None, 6.0, 225.0)]
        assert s.transfer_h == 6.0 and s.transfers == 0
        assert s.time_h == pytest.approx(510 / 53.9 + 5.0 + 6.0)


def test_break_of_gauge_away_from_a_border():
    # Akhalkalaki: 1520 meets 1435 at a rail terminal that publishes nothing
    term = {"type": "gauge_change", "modes": ("rail",)}
    G = network({"t": ("GE", None), "a": ("GE", term), "k": ("GE", None), "x": ("GE", None)},
                [("t-a", "t", "a", "rail", 160, {"gauge_mm": (1520,)}),
                 ("a-k", "a", "k", "rail", 100, {"gauge_mm": (1435,)}),
                 ("k-x", "k", "x", "rail", 50, {"gauge_mm": (1520,)})])
    path = [("t", "a", "t-a"), ("a", "k", "a-k")]
    for s in both(G, path, "time"):  # the cost model's 12 h, 100 USD, 7 kg (TTW 5.6)
        assert [(str(b.place), b.crossing, b.time_h, b.cost_usd, b.co2e_kg)
                for b in s.gauge_breaks] == [("a", None, 12.0, 100.0, 7.0)]
        assert s.transfers == 0 and s.transfer_h == 12.0 and s.transfer_usd == 100.0
        assert s.score == pytest.approx(260 / 53.9 + 12.0)  # no mode change, no penalty
        assert s.co2e_kg == pytest.approx(260 * 38.3 / 100 + 7.0)
        assert s.co2e_ttw_kg == pytest.approx(260 * 31.59 / 100 + 5.6)
    # a handling that costs no time, money or WTW still has its own TTW
    for s in both(G, path, cm=NO_TRANSFER):
        assert s.transfer_h == 0 and s.co2e_ttw_kg == pytest.approx(260 * 31.59 / 100 + 5.6)
        assert len(s.gauge_breaks) == 1
    with pytest.raises(ref.RouteError):  # k has no rail terminal
        ref.score(G, [("a", "k", "a-k"), ("k", "x", "k-x")])
    with pytest.raises(ConstraintError):
        score_path(G, [("a", "k", "a-k"), ("k", "x", "k-x")])


def test_a_change_of_mode_is_charged_once():
    term = {"type": "dry_port", "modes": ("rail", "road"), "handling_h": 5.0,
            "handling_usd": 50.0, "handling_kg_co2e": 7.0, "handling_ttw_kg_co2e": 5.6}
    G = network({"a": ("KZ", None), "t": ("KZ", term), "b": ("KZ", None)},
                [("a-t", "a", "t", "road", 100, {}),
                 ("t-b", "t", "b", "rail", 110, {"gauge_mm": (1520,)}),
                 ("a-t-rail", "a", "t", "rail", 90, {"gauge_mm": (1520,)})])
    path = [("a", "t", "a-t"), ("t", "b", "t-b")]
    for s in both(G, path, "cost"):
        assert s.transfers == 1 and s.transfer_usd == 50.0 and s.transfer_h == 5.0
        assert s.cost_usd == pytest.approx(100 * 1.89 + 110 * 1.608 + 50.0)
        assert s.time_h == pytest.approx(100 / 42 + 110 / 53.9 + 5.0)
        assert [(leg.transfer_usd, leg.transfers) for leg in s.legs] == [(0.0, 0), (50.0, 1)]
        assert s.legs[1].cost_usd == pytest.approx(110 * 1.608 + 50.0)
        assert [(str(t.place), t.from_mode, t.to_mode) for t in s.transshipments] == [
            ("t", "road", "rail")]
    for s in both(G, path, "score"):  # 210 km + 100 km for the change of mode
        assert s.score == pytest.approx(310.0)
    for s in both(G, [("a", "t", "a-t-rail"), ("t", "b", "t-b")], "score"):  # rail stays rail
        assert s.transfers == 0 and s.transfer_h == 0 and s.score == pytest.approx(200.0)


def test_ferry_and_sea_km():
    port = {"type": "seaport", "modes": ("rail", "road", "sea"), "dwell_h": 10.0}
    G = network({"r": ("KZ", None), "p": ("KZ", port), "q": ("AZ", {**port, "dwell_h": None})},
                [("r-p", "r", "p", "rail", 100, {"gauge_mm": (1520,)}),
                 ("p-q", "p", "q", "sea", 300, {"crossing": "f", "sailings_per_week": 3.5})],
                [crossing("f", "sea", "p", "q", "KZ", "AZ")])
    path = [("r", "p", "r-p"), ("p", "q", "p-q")]
    for s in both(G, path, "time"):
        assert s.sea_km == 300.0 and s.distance_km == 400.0 and s.crossings == 1
        # rail, the 12 h transfer at the port, sailing at 14 kn, the sea crossing's default
        # 24 h, half of a 48 h headway, dwell 10 h at p and the default 24 h at q
        assert s.time_h == pytest.approx(100 / 53.9 + 12 + 300 / 25.9 + 24 + 24 + 10 + 24)
        assert s.cost_usd == pytest.approx(100 * 1.608 + 100 + 300 * 1.0 + 250)
    for s in both(G, path[:1]):
        assert s.sea_km == 0.0


def test_emissions_of_the_route_computed_by_hand_in_docs_emissions_md():
    dry = {"type": "dry_port", "modes": ("road", "rail"), "handling_kg_co2e": 7.0,
           "handling_ttw_kg_co2e": 5.6}
    sea = {"type": "seaport", "modes": ("rail", "sea"), "handling_kg_co2e": 17.5,
           "handling_ttw_kg_co2e": 14.0}
    G = network({"shipper": ("KZ", None), "dry": ("KZ", dry), "aktau": ("KZ", sea),
                 "alat": ("AZ", None)},
                [("s-d", "shipper", "dry", "road", 100,
                  {"co2e_g_tkm": 100.0, "co2e_ttw_g_tkm": 80.0}),
                 ("d-a", "dry", "aktau", "rail", 500,
                  {"gauge_mm": (1520,), "co2e_g_tkm": 24.0, "co2e_ttw_g_tkm": 0.0}),
                 ("a-b", "aktau", "alat", "sea", 1900,
                  {"crossing": "f", "co2e_g_tkm": 130.0, "co2e_ttw_g_tkm": 110.0})],
                [crossing("f", "sea", "aktau", "alat", "KZ", "AZ")])
    path = [("shipper", "dry", "s-d"), ("dry", "aktau", "d-a"), ("aktau", "alat", "a-b")]
    for s in both(G, path, "co2e"):
        assert s.co2e_kg == pytest.approx(2714.5) and s.co2e_ttw_kg == pytest.approx(2189.6)
        assert s.transfer_co2e_kg == pytest.approx(24.5) and s.score == pytest.approx(2714.5)
        assert [leg.co2e_kg for leg in s.legs] == pytest.approx([100.0, 127.0, 2487.5])
        assert [leg.co2e_ttw_kg for leg in s.legs] == pytest.approx([80.0, 5.6, 2104.0])
    for s in both(G, path, "co2e", CostModel(payload_t=20)):
        assert s.co2e_kg == pytest.approx(5404.5) and s.payload_t == 20


def test_crossing_figures_by_direction():
    G = network({"a": ("KZ", None), "b": ("UZ", None)},
                [("a-b", "a", "b", "road", 42, {"crossing": "x"}),
                 ("a-b-2", "a", "b", "road", 42, {"crossing": "y", "t_ab": 7.0, "c_ba": 1.0})],
                [crossing("x", "road", "a", "b", "KZ", "UZ", time_h_ab=5.0, time_h_ba=9.0,
                          cost_usd_ab=100.0, cost_usd_ba=300.0),
                 crossing("y", "road", "a", "b", "KZ", "UZ", time_h_ab=5.0,
                          cost_usd_ab=100.0)])
    for s in both(G, [("a", "b", "a-b")]):
        assert s.time_h == pytest.approx(1 + 5.0) and s.cost_usd == pytest.approx(
            42 * 1.89 + 100)
        assert [(x.from_country, x.to_country, x.from_place) for x in s.border_crossings] \
            == [("KZ", "UZ", "a")]
    for s in both(G, [("b", "a", "a-b")]):
        assert s.time_h == pytest.approx(1 + 9.0) and s.cost_usd == pytest.approx(
            42 * 1.89 + 300)
        assert [(x.from_country, x.to_country, x.from_place) for x in s.border_crossings] \
            == [("UZ", "KZ", "b")]
    # the edge's own figures come first, then the record's for the direction, then CPMM
    for s in both(G, [("a", "b", "a-b-2")]):
        assert s.time_h == pytest.approx(1 + 7.0) and s.cost_usd == pytest.approx(
            42 * 1.89 + 100)
    for s in both(G, [("b", "a", "a-b-2")]):
        assert s.time_h == pytest.approx(1 + 9.9) and s.cost_usd == pytest.approx(
            42 * 1.89 + 1.0)
