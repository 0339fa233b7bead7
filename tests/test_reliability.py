"""Reliability: Monte Carlo over waits, seeded, vectorised, and exact at zero variance."""

from __future__ import annotations

import json
import math

import networkx as nx
import numpy as np
import pytest

from corridors import load_network
from corridors.errors import ConstraintError, NoRouteError
from corridors.reliability import (
    DEFAULT_CROSSING_CV,
    SUMMARY_COLUMNS,
    ReliabilityModel,
    corridor_reliability,
    corridor_routes,
    draw,
    draw_chunk,
    plan_waits,
    simulate_routes,
)
from corridors.routing import best_route
from corridors.scenarios import load_scenario
from corridors.scoring import CostModel
from corridors.synthetic import random_network, tiny_network

ZERO = ReliabilityModel.deterministic()


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_network()




# -- zero variance: exactly the deterministic time --------------------------------------------
def test_zero_variance_reproduces_route_time_exactly(G: nx.MultiDiGraph, routes: list) -> None:
    assert any(leg.mode == "sea" for r in routes for leg in r.legs)
    assert any(leg.transfer_h for r in routes for leg in r.legs)
    res = simulate_routes(G, routes, 3000, model=ZERO, seed=7, chunk_size=1000)
    assert res.times_h.shape == (3000, len(routes))
    for j, r in enumerate(routes):
        assert (res.times_h[:, j] == r.time_h).all()  # bit for bit
    for row, r in zip(res.to_records(), routes, strict=True):
        assert row["p50_h"] == row["p95_h"] == row["mean_h"] == r.time_h


@pytest.mark.parametrize("seed", [0, 3])
def test_zero_variance_on_random_networks(seed: int) -> None:
    H = random_network(60, seed=seed, p_extra=0.2)
    ports = [n for n, k in H.nodes(data="kind") if k == "port"]
    r = best_route(H, ports[0], ports[-1], "time")
    res = simulate_routes(H, [r], 50, model=ZERO)
    assert (res.times_h == r.time_h).all()


def test_scenario_routes_need_the_scenario_graph_and_model(G: nx.MultiDiGraph) -> None:
    H, cm = load_scenario("middle_corridor_halved").apply(G)
    r = best_route(H, "almaty", "baku", cost_model=cm)
    assert (simulate_routes(H, [r], 10, model=ZERO, cost_model=cm).times_h == r.time_h).all()
    with pytest.raises(ConstraintError, match="scored with"):
        simulate_routes(G, [r], 10)  # base graph: other dwell and crossing times
    # the generalized route now leaves Alat by rail (no road leg): slow rail down, too
    assert {leg.mode for leg in r.legs} == {"rail", "sea"}
    with pytest.raises(ConstraintError, match="scored with"):
        simulate_routes(H, [r], 10, cost_model=CostModel(speed_kmh={"road": 30.0,
                                                                    "rail": 30.0}))


# -- statistics --------------------------------------------------------------------------------
def test_the_mean_converges_to_the_deterministic_time(G: nx.MultiDiGraph, routes: list) -> None:
    res = simulate_routes(G, routes, 40_000, seed=1)
    mean = res.times_h.mean(axis=0)
    se = res.times_h.std(axis=0) / math.sqrt(res.draws)
    det = np.array([r.time_h for r in routes])
    assert (np.abs(mean - det) < 5 * se + 1e-9).all()
    assert (res.times_h.std(axis=0) > 0).all()


def test_summary_is_ordered_and_sums_to_one(G: nx.MultiDiGraph, routes: list) -> None:
    res = simulate_routes(G, routes, 5000)
    df = res.summary()
    assert list(df.columns[:len(SUMMARY_COLUMNS)]) == list(SUMMARY_COLUMNS)
    assert (df["p50_h"] <= df["p90_h"]).all() and (df["p90_h"] <= df["p95_h"]).all()
    assert df["p_fastest"].sum() == pytest.approx(1.0)
    assert sum(res.p_fastest().values()) == pytest.approx(1.0)
    json.dumps(res.to_records())  # plain Python values


def test_triangular_range_bounds_the_wait() -> None:
    G = tiny_network()
    r = best_route(G, "a1", "b2", "distance")  # one crossing: x-ab-road, 5 h a->b
    model = ReliabilityModel(crossing_ranges={"x-ab-road": (2.0, 5.0, 11.0)}, transfer_cv=0)
    res = simulate_routes(G, [r], 20_000, model=model)
    extra = res.times_h[:, 0] - (r.time_h - 5.0)
    assert extra.min() >= 2.0 and extra.max() <= 11.0
    assert extra.mean() == pytest.approx(5.0, abs=0.05)


def test_ferry_wait_is_uniform_over_the_headway() -> None:
    G = tiny_network()
    r = best_route(G, "b3", "c1")
    model = ReliabilityModel(crossing_cv={"sea": 0}, dwell_cv=0)
    res = simulate_routes(G, [r], 20_000, model=model)
    headway = 168 / 3.5
    wait = res.times_h[:, 0] - (r.time_h - headway / 2)
    assert wait.min() >= 0 and wait.max() <= headway
    assert wait.mean() == pytest.approx(headway / 2, rel=0.02)


def test_shared_waits_share_their_draws(G: nx.MultiDiGraph) -> None:
    r = best_route(G, "almaty", "baku")
    res = simulate_routes(G, [r, r], 2000, labels=["a", "b"])
    assert (res.times_h[:, 0] == res.times_h[:, 1]).all()  # common random numbers
    assert res.p_fastest() == {"a": 1.0, "b": 0.0}  # ties go to the first


# -- seeding and vectorisation -----------------------------------------------------------------
def test_seeded_and_reproducible(G: nx.MultiDiGraph, routes: list) -> None:
    a = simulate_routes(G, routes, 4000, seed=42).times_h
    b = simulate_routes(G, routes, 4000, seed=42).times_h
    c = simulate_routes(G, routes, 4000, seed=43).times_h
    assert (a == b).all() and not (a == c).all()
    res = simulate_routes(G, routes, 10, seed=None)
    assert isinstance(res.seed, int)
    assert (simulate_routes(G, routes, 10, seed=res.seed).times_h == res.times_h).all()


def test_chunks_are_independent_of_how_they_are_grouped(G: nx.MultiDiGraph,
                                                        routes: list) -> None:
    plan = plan_waits(G, routes)
    whole = draw(plan, 2500, seed=5, chunk_size=1000)
    parts = [draw_chunk(plan, i, n, 5) for i, n in ((2, 500), (0, 1000), (1, 1000))]
    assert (whole == np.concatenate([parts[1], parts[2], parts[0]])).all()


class CountingRng:
    """A numpy Generator that records each call of a distribution method and its size."""

    def __init__(self, rng: np.random.Generator, calls: list) -> None:
        self.rng, self.calls = rng, calls

    def __getattr__(self, name: str) -> object:
        method = getattr(self.rng, name)

        def call(*args: object, **kwargs: object) -> object:
            self.calls.append((name, kwargs.get("size")))
            return method(*args, **kwargs)
        return call


def test_draws_are_vectorised(G: nx.MultiDiGraph, routes: list,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, object]] = []
    real = np.random.default_rng
    monkeypatch.setattr(np.random, "default_rng", lambda s: CountingRng(real(s), calls))
    plan = plan_waits(G, routes)
    draw_chunk(plan, 0, 5000, 1)
    count = {f: sum(1 for x in plan.family if x == f) for f in (1, 2)}
    # one call per distribution family for every wait of every draw
    assert calls == [("lognormal", (5000, count[1])), ("uniform", (5000, count[2]))]


def test_plan_is_per_event(G: nx.MultiDiGraph) -> None:
    r = best_route(G, "almaty", "baku", "score")  # the Caspian ferry (see the routes fixture)
    plan = plan_waits(G, [r])
    kinds = sorted({k[0] for k in plan.keys})
    assert kinds == ["crossing", "dwell", "ferry", "transfer"]
    assert sum(1 for k in plan.keys if k[0] == "crossing") == r.crossings


# -- corridors of a pair -----------------------------------------------------------------------
def test_corridor_reliability_compares_the_corridors(G: nx.MultiDiGraph) -> None:
    res = corridor_reliability(G, "almaty", "duisburg", 2000, objective="score",
                               corridors=["northern_route", "titr_poti"], max_detour=None)
    df = res.summary().set_index("corridor")
    assert {"Northern route", "TITR"} <= set(df.index)
    assert df.loc["TITR", "p50_h"] > df.loc["Northern route", "p50_h"]
    assert df["free_optimum"].sum() == 1
    assert res.draws == 2000 and res.seed == 0


def test_corridor_routes_merges_identical_routes(G: nx.MultiDiGraph) -> None:
    found, labels, info = corridor_routes(G, "almaty", "europe", max_detour=None)
    sigs = [r.signature for r in found]
    assert len(set(sigs)) == len(sigs)
    assert sum(i["free_optimum"] for i in info) == 1
    alt, labels, _ = corridor_routes(G, "almaty", "europe", routes="alternatives", k=2)
    assert len(alt) == 2 and labels[0].startswith("alternative 1: KZ")
    _, labels, _ = corridor_routes(G, "almaty", "europe", routes="best")
    assert labels == ["free optimum"]
    with pytest.raises(ConstraintError, match="routes must be"):
        corridor_routes(G, "almaty", "europe", routes="all")
    with pytest.raises(NoRouteError):
        corridor_reliability(G, "almaty", "duisburg", 10, avoid_countries=["RU", "IR", "AZ",
                                                                            "CN", "AF"])


@pytest.mark.parametrize("kwargs", [
    {"crossing_cv": {"road": -1}}, {"dwell_cv": math.nan}, {"ferry_wait": "poisson"},
    {"crossing_ranges": {"x": (5, 1, 2)}}, {"crossing_ranges": {"x": (0, 9, 10, 11)}},
    {"dwell_ranges": {"p": (0, 1, 10)}},  # mode would be < 0: no triangular has this mean
])
def test_invalid_models_are_rejected(kwargs: dict) -> None:
    with pytest.raises(ConstraintError):
        ReliabilityModel(**kwargs)


def test_defaults_are_documented() -> None:
    m = ReliabilityModel()
    assert dict(m.crossing_cv) == dict(DEFAULT_CROSSING_CV) == {"road": 0.8, "rail": 0.6,
                                                                "sea": 0.5}
    assert m.ferry_wait == "uniform" and m.running_cv == 0
    assert ReliabilityModel(crossing_cv={"road": 1.0}).crossing_cv["rail"] == 0.6
    json.dumps(m.to_dict())


@pytest.mark.parametrize("draws", [0, -1, 1.5])
def test_invalid_draws(G: nx.MultiDiGraph, routes: list, draws: object) -> None:
    with pytest.raises(ConstraintError):
        simulate_routes(G, routes, draws)  # type: ignore[arg-type]
