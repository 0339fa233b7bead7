"""Reliability summaries against closed forms: one random wait per route, known distribution.

A hand-made Caspian network (three Kazakh ports, two ferry lines, one road) gives routes of a
single sea leg whose only random part is one wait, by the distributions that
:mod:`corridors.reliability` documents:

* the wait for a sailing, uniform on ``[0, 168 / sailings_per_week]`` (its mean, half the
  headway, is the deterministic wait);
* a port dwell, lognormal with the deterministic dwell as mean and a given CV;
* a port dwell with a published ``(min, mean, max)``: triangular with mode
  ``3*mean - min - max``.

A route's time in a draw is ``route.time_h - deterministic wait + the drawn wait``, so its
quantiles, mean and standard deviation are those of the wait, shifted. The reported
``p50_h``, ``p90_h``, ``p95_h`` must lie between the true quantiles at ``p -+ eps`` with
``eps`` from the Dvoretzky-Kiefer-Wolfowitz inequality (``P(sup |F_n - F| > eps) <= 2
exp(-2 n eps^2)``, at 1e-6), plus one histogram bin (0.01 h) for runs summarised on the fly;
the mean within 5 standard errors; ``buffer_index`` is ``(p95 - mean) / mean``; and
``p_fastest`` of two ferry routes matches the exact probability that one uniform wait plus
its offset beats the other.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from statistics import NormalDist

import networkx as nx
import pytest
from netdata import write_network

from corridors import load_network
from corridors.reliability import EXACT_DRAWS, ReliabilityModel, simulate_routes
from corridors.route import Route
from corridors.routing import best_route

SRC = "src_test"
SAILINGS = {"aktau_bautino_sea": 7.0, "kuryk_bautino_sea": 2.0}
DWELL_H = {"aktau_port": 48.0, "kuryk_port": 24.0, "bautino_port": 0.0}
DRAWS = 100_000
ALPHA = 1e-6  # chance that a DKW band fails for a fresh seed


def _port(pid: str, name: str, lat: str, lon: str) -> dict[str, str]:
    return {"id": pid, "name": name, "country": "KZ", "lat": lat, "lon": lon, "kind": "port",
            "source": SRC}


def _tables() -> dict[str, list[dict[str, str]]]:
    sea = {"mode": "sea", "status": "operational", "source": SRC}
    return {
        "sources": [{"id": SRC, "title": "Test source", "year": "2024"}],
        "places": [_port("aktau_port", "Aktau", "43.65", "51.15"),
                   _port("kuryk_port", "Kuryk", "43.17", "51.65"),
                   _port("bautino_port", "Bautino", "44.55", "50.25")],
        "links": [
            {"id": "aktau_bautino_sea", "from": "aktau_port", "to": "bautino_port",
             "distance_km": "150", "sailings_per_week": "7", **sea},
            {"id": "kuryk_bautino_sea", "from": "kuryk_port", "to": "bautino_port",
             "distance_km": "220", "sailings_per_week": "2", **sea},
            {"id": "aktau_kuryk_road", "from": "aktau_port", "to": "kuryk_port", "mode": "road",
             "distance_km": "80", "status": "operational", "source": SRC},
        ],
        "border_crossings": [],
        "transshipments": [{"place": p, "type": "seaport", "modes": "road|sea",
                            "dwell_h": f"{h:g}", "source": SRC} for p, h in DWELL_H.items()],
    }


@pytest.fixture(scope="module")
def G(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    return load_network(write_network(tmp_path_factory.mktemp("caspian") / "net", _tables()))


@pytest.fixture(scope="module")
def ferries(G: nx.MultiDiGraph) -> tuple[Route, Route]:
    """Aktau -> Bautino (7 sailings a week) and Kuryk -> Bautino (2 a week), by sea only."""
    a = best_route(G, "aktau_port", "bautino_port", "time", modes=["sea"])
    b = best_route(G, "kuryk_port", "bautino_port", "time", modes=["sea"])
    assert [leg.edge[2] for leg in a.legs] == ["aktau_bautino_sea"]
    assert [leg.edge[2] for leg in b.legs] == ["kuryk_bautino_sea"]
    return a, b


# --------------------------------------------------------------------------------------------
# the closed forms: (quantile function, mean, standard deviation, kurtosis) of the one random
# wait (the kurtosis bounds the spread of the sample standard deviation)
# --------------------------------------------------------------------------------------------
Wait = tuple[Callable[[float], float], float, float, float]


def uniform(hi: float) -> Wait:
    return (lambda p: p * hi), hi / 2, hi / math.sqrt(12), 9 / 5


def lognormal(mean: float, cv: float) -> Wait:
    s = math.sqrt(math.log1p(cv * cv))
    mu = math.log(mean) - s * s / 2
    z = NormalDist().inv_cdf
    w = math.exp(s * s)
    return (lambda p: math.exp(mu + s * z(p))), mean, cv * mean, w**4 + 2 * w**3 + 3 * w**2 - 3


def triangular(lo: float, mode: float, hi: float) -> Wait:
    def q(p: float) -> float:
        if p < (mode - lo) / (hi - lo):
            return lo + math.sqrt(p * (hi - lo) * (mode - lo))
        return hi - math.sqrt((1 - p) * (hi - lo) * (hi - mode))

    mean = (lo + mode + hi) / 3
    var = (lo * lo + mode * mode + hi * hi - lo * mode - lo * hi - mode * hi) / 18
    return q, mean, math.sqrt(var), 12 / 5


HEADWAY_AKTAU = 168 / SAILINGS["aktau_bautino_sea"]  # 24 h
FIXED = {"dwell_cv": 0.0, "transfer_cv": 0.0, "ferry_wait": "fixed"}
# (model, deterministic value of the random wait, its distribution)
FAMILIES = [
    pytest.param({**FIXED, "ferry_wait": "uniform"}, HEADWAY_AKTAU / 2,
                 uniform(HEADWAY_AKTAU), id="ferry-wait-uniform-over-headway"),
    pytest.param({**FIXED, "dwell_cv": 0.6}, DWELL_H["aktau_port"],
                 lognormal(DWELL_H["aktau_port"], 0.6), id="port-dwell-lognormal-cv-0.6"),
    pytest.param({**FIXED, "dwell_cv": 1.5}, DWELL_H["aktau_port"],
                 lognormal(DWELL_H["aktau_port"], 1.5), id="port-dwell-lognormal-cv-1.5"),
    # a published (min 12, mean 48, max 96) dwell: mode 3*48 - 12 - 96 = 36
    pytest.param({**FIXED, "dwell_ranges": {"aktau_port": (12.0, 48.0, 96.0)}},
                 DWELL_H["aktau_port"], triangular(12.0, 36.0, 96.0),
                 id="port-dwell-triangular-range"),
    pytest.param({**FIXED, "ferry_wait": "lognormal", "ferry_cv": 0.8}, HEADWAY_AKTAU / 2,
                 lognormal(HEADWAY_AKTAU / 2, 0.8), id="ferry-wait-lognormal"),
]


def _dkw_eps(n: int) -> float:
    return math.sqrt(math.log(2 / ALPHA) / (2 * n))


@pytest.mark.parametrize("draws", [DRAWS, EXACT_DRAWS + 50_000],
                         ids=["kept-draws", "summarised-on-the-fly"])
@pytest.mark.parametrize(("model", "deterministic", "wait"), FAMILIES)
def test_quantiles_mean_and_buffer_index_match_the_closed_form(
        G: nx.MultiDiGraph, ferries: tuple[Route, Route], model: dict, deterministic: float,
        wait: Wait, draws: int) -> None:
    route = ferries[0]
    res = simulate_routes(G, [route], draws, model=ReliabilityModel(**model), seed=20240611)
    assert (res.times_h is None) == (draws > EXACT_DRAWS)
    (row,) = res.to_records()
    quantile, mean, sd, kurtosis = wait
    shift = route.time_h - deterministic  # the route's time without its random wait
    eps = _dkw_eps(draws)
    slack = 0.01 + 1e-9  # one histogram bin (summaries of more than EXACT_DRAWS draws)
    assert row["time_h"] == route.time_h
    for key, p in (("p50_h", 0.5), ("p90_h", 0.9), ("p95_h", 0.95)):
        lo, hi = shift + quantile(p - eps), shift + quantile(p + eps)
        assert lo - slack <= row[key] <= hi + slack, (key, lo, row[key], hi)
    assert row["mean_h"] == pytest.approx(shift + mean, abs=5 * sd / math.sqrt(draws))
    # the sample standard deviation: relative error about sqrt((kurtosis - 1) / n) / 2
    assert row["std_h"] == pytest.approx(sd, rel=3 * math.sqrt((kurtosis - 1) / draws))
    # FHWA buffer index, (p95 - mean) / mean: of the reported figures, and of the closed form
    assert row["buffer_index"] == pytest.approx((row["p95_h"] - row["mean_h"]) / row["mean_h"],
                                                rel=1e-12)
    lo95, hi95 = shift + quantile(0.95 - eps), shift + quantile(0.95 + eps)
    true_mean = shift + mean
    assert (lo95 - true_mean) / true_mean - 0.01 <= row["buffer_index"] <= \
        (hi95 - true_mean) / true_mean + 0.01
    assert row["p_fastest"] == 1.0


def _p_first_faster(a: float, h1: float, b: float, h2: float) -> float:
    """Exact P(a + U1 < b + U2) for independent U1 ~ U(0, h1), U2 ~ U(0, h2).

    ``P = (1 / h2) * integral over y in [0, h2] of F1(b - a + y)``, where F1 is U1's CDF
    (0 below 0, x / h1 up to h1, then 1): a piecewise linear integrand, integrated exactly
    by the trapezoid rule between its kinks.
    """
    d = b - a

    def f1(y: float) -> float:
        return min(max((d + y) / h1, 0.0), 1.0)

    knots = sorted({0.0, h2, *(k for k in (-d, h1 - d) if 0.0 < k < h2)})
    area = sum((y1 - y0) * (f1(y0) + f1(y1)) / 2 for y0, y1 in itertools.pairwise(knots))
    return area / h2


def test_p_fastest_of_two_ferries_matches_the_exact_probability(
        G: nx.MultiDiGraph, ferries: tuple[Route, Route]) -> None:
    a, b = ferries
    h1 = 168 / SAILINGS["aktau_bautino_sea"]
    h2 = 168 / SAILINGS["kuryk_bautino_sea"]
    # each time is its route's time less the deterministic half headway plus a uniform wait
    p = _p_first_faster(a.time_h - h1 / 2, h1, b.time_h - h2 / 2, h2)
    assert 0.1 < p < 0.9  # the network is built so that either can win
    model = ReliabilityModel(dwell_cv=0.0, transfer_cv=0.0)  # only the sailings vary
    res = simulate_routes(G, [a, b], DRAWS, model=model, labels=["aktau", "kuryk"], seed=7)
    fastest = res.p_fastest()
    se = math.sqrt(p * (1 - p) / DRAWS)
    assert fastest["aktau"] == pytest.approx(p, abs=5 * se)
    assert fastest["kuryk"] == pytest.approx(1 - p, abs=5 * se)
    rows = {r["corridor"]: r for r in res.to_records()}
    for name, route, h in (("aktau", a, h1), ("kuryk", b, h2)):
        eps = _dkw_eps(DRAWS)
        base = route.time_h - h / 2
        assert base + (0.9 - eps) * h <= rows[name]["p90_h"] <= base + (0.9 + eps) * h


def test_the_exact_probability_itself() -> None:
    # sanity of the reference: equal ranges, no offset -> 1/2; disjoint ranges -> 0 or 1
    assert _p_first_faster(0, 10, 0, 10) == pytest.approx(0.5)
    assert _p_first_faster(0, 10, 20, 10) == 1.0 and _p_first_faster(20, 10, 0, 10) == 0.0
    # U1 ~ U(0, 24) against U2 ~ U(0, 84): P(U1 < U2) = 1 - 12/84
    assert _p_first_faster(0, 24, 0, 84) == pytest.approx(1 - 12 / 84)
    # monte carlo-free check of an offset: P(U1 < U2 - 30) = (1/84) * int_30^84 min((y-30)/24, 1)
    expected = (12 + (84 - 54)) / 84
    assert _p_first_faster(0, 24, -30, 84) == pytest.approx(expected)
