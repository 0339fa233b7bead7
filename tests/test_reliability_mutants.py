"""Reliability: the documented contract of :mod:`corridors.reliability`, clause by clause.

Written to kill the survivors of the mutation run on ``corridors/reliability.py`` (issue 13),
from the docstrings of the module:

* **seeds** -- ``resolve_seed``: a non-negative integer or None, else ConstraintError with the
  value echoed; the same seed gives the same numbers in every entry point;
* **drawing** -- ``draw_chunk`` returns ``(size, n_routes)`` float hours, the route's time
  exactly when it has no wait, spread when it has one; ``draw``, ``simulate_routes`` and
  ``corridor_reliability`` respect ``max_draws``, report ``progress(done, total)`` after every
  chunk and are silent by default; draws up to ``EXACT_DRAWS`` are kept, above it they are
  summarised on the fly;
* **results** -- ``ReliabilityResult`` needs exactly one of ``times_h`` and ``stats``; it
  records the routes, the model and the seed; ``summary()`` has the ``SUMMARY_COLUMNS``
  first, even for a result built from a plan alone, and names the extra to install when
  pandas is missing;
* **the corridors of a pair** -- ``corridor_routes`` returns what
  ``compare_corridors`` / ``alternatives`` / ``best_route`` return for the same options
  (defaults: ``routes="compare"``, ``k=3``, ``objective="time"``, ``max_detour=1.5``), with
  the documented labels and ``free_optimum`` flags, identical routes merged and their labels
  joined with ``" / "``; ``corridor_reliability`` simulates exactly those routes.

Pairs: Baku -> Tbilisi (its best route by time goes through Russia, by the generalized cost
and by distance it does not; four alternatives and more exist) and Almaty -> Baku (INSTC East
is within 2.5 but not 1.5 times the free optimum). ``test_the_pairs_tell_the_options_apart``
checks that every option compared here changes the answer, so that a dropped option fails.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np
import pytest

from corridors import load_network
from corridors.errors import ConstraintError, OptionalDependencyError
from corridors.model import Corridor
from corridors.reliability import (
    DEFAULT_MODEL,
    EXACT_DRAWS,
    SUMMARY_COLUMNS,
    DrawSummary,
    ReliabilityModel,
    ReliabilityResult,
    WaitPlan,
    corridor_reliability,
    corridor_routes,
    draw,
    draw_chunk,
    resolve_seed,
    simulate_routes,
)
from corridors.route import Route
from corridors.routing import alternatives, best_route, compare_corridors
from corridors.scoring import CostModel
from corridors.synthetic import tiny_network

ZERO = ReliabilityModel.deterministic()
#: Slower road and rail: every route of the pairs below takes longer.
SLOW = CostModel(speed_kmh={"road": 30.0, "rail": 30.0})
#: The documented defaults of corridor_routes / corridor_reliability, made explicit.
DEFAULTS: dict[str, Any] = {"routes": "compare", "k": 3, "objective": "time",
                            "max_detour": 1.5}
UNIFORM = 2  # WaitPlan.family: 0 fixed, 1 lognormal, 2 uniform on [a, b], 3 triangular


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_network()


@pytest.fixture(scope="module")
def tiny() -> nx.MultiDiGraph:
    return tiny_network()


def _route(tiny: nx.MultiDiGraph, origin: str, destination: str, mode: str) -> Route:
    return best_route(tiny, origin, destination, "time", modes=[mode])


def _sigs(routes: Any) -> list[tuple[str, ...]]:
    return [tuple(r.signature) for r in routes]


def _times(routes: Any) -> list[float]:
    return [r.time_h for r in routes]


def _limit_message(draws: int, limit: int) -> str:
    return (f"draws={draws:,} is above the limit of {limit:,} draws; raise it with "
            f"max_draws={draws} (CLI: --max-draws {draws}) if you mean it: memory stays "
            "constant but the time grows with the draws")


def _exact(message: str) -> str:
    """Match the whole message (a mutant that pads or rewrites it fails)."""
    return f"^{re.escape(message)}$"


PROGRESS_MESSAGE = "progress must be True, False or a callable (done, total), got 'yes'"


# -- seeds -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("seed", "echo"), [(-1, "-1"), (True, "True"), ("1", "'1'"),
                                            (1.5, "1.5")])
def test_a_seed_must_be_a_non_negative_integer(seed: object, echo: str) -> None:
    message = f"seed must be a non-negative integer or None, got {echo}"
    with pytest.raises(ConstraintError, match=_exact(message)):
        resolve_seed(seed)  # type: ignore[arg-type]
    assert resolve_seed(0) == 0 and resolve_seed(12345) == 12345


# -- draw_chunk --------------------------------------------------------------------------------
def test_a_plan_without_waits_draws_the_routes_times() -> None:
    # integer hours are floats to the type system (PEP 484): the draws are float hours
    plan = WaitPlan(labels=("x", "y"), base_h=(10, 12))
    out = draw_chunk(plan, 0, 3, 0)
    assert out.shape == (3, 2) and out.dtype == np.float64
    assert out.tolist() == [[10.0, 12.0]] * 3


def test_a_single_wait_is_drawn() -> None:
    # route y meets one wait: uniform on [0, 4] h with deterministic value 2 h
    plan = WaitPlan(labels=("x", "y"), base_h=(10.0, 20.0), keys=(("w",),), mean_h=(2.0,),
                    family=(UNIFORM,), a=(0.0,), b=(4.0,), c=(0.0,), incidence=((0, 1, 1),))
    out = draw_chunk(plan, 0, 2000, 3)
    assert out.shape == (2000, 2)
    assert (out[:, 0] == 10.0).all()
    assert 18.0 <= out[:, 1].min() < 18.2 and 21.8 < out[:, 1].max() <= 22.0
    assert out[:, 1].mean() == pytest.approx(20.0, abs=0.15)


def test_routes_with_no_wait_and_one_wait_on_a_network(tiny: nx.MultiDiGraph) -> None:
    road = _route(tiny, "a1", "a2", "road")  # one road leg in one country: no wait at all
    border = _route(tiny, "a2", "b1", "road")  # the road crossing x-ab-road and nothing else
    res = simulate_routes(tiny, [road, border], 500, seed=2)
    assert res.times_h.shape == (500, 2)
    assert (res.times_h[:, 0] == road.time_h).all()
    assert res.times_h[:, 1].std() > 0 and res.times_h[:, 1].min() > border.time_h - 5.0


# -- limits and progress -----------------------------------------------------------------------
def _plan(tiny: nx.MultiDiGraph) -> WaitPlan:
    return simulate_routes(tiny, [_route(tiny, "a2", "b1", "road")], 1).plan


def test_draw_respects_max_draws_and_reports_every_chunk(tiny: nx.MultiDiGraph) -> None:
    plan = _plan(tiny)
    with pytest.raises(ConstraintError, match=_exact(_limit_message(11, 10))):
        draw(plan, 11, 0, max_draws=10)
    calls: list[tuple[int, int]] = []
    out = draw(plan, 2500, 5, chunk_size=1000, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1000, 2500), (2000, 2500), (2500, 2500)]
    assert out.shape == (2500, 1)


def test_simulate_routes_respects_max_draws_and_reports_every_chunk(
        tiny: nx.MultiDiGraph) -> None:
    r = _route(tiny, "a2", "b1", "road")
    with pytest.raises(ConstraintError, match=_exact(_limit_message(11, 10))):
        simulate_routes(tiny, [r], 11, max_draws=10)
    calls: list[tuple[int, int]] = []
    res = simulate_routes(tiny, [r], 2500, chunk_size=1000,
                          progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1000, 2500), (2000, 2500), (2500, 2500)]
    assert res.draws == 2500


def test_corridor_reliability_respects_max_draws_and_reports_every_chunk(
        G: nx.MultiDiGraph) -> None:
    with pytest.raises(ConstraintError, match=_exact(_limit_message(11, 10))):
        corridor_reliability(G, "baku", "tbilisi", 11, max_draws=10)
    calls: list[tuple[int, int]] = []
    res = corridor_reliability(G, "baku", "tbilisi", 2500, chunk_size=1000,
                               progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1000, 2500), (2000, 2500), (2500, 2500)]
    assert res.draws == 2500


RUNS: dict[str, Callable[..., object]] = {
    "draw": lambda G, tiny, **kw: draw(_plan(tiny), 300, 0, chunk_size=100, **kw),
    "simulate_routes": lambda G, tiny, **kw: simulate_routes(
        tiny, [_route(tiny, "a2", "b1", "road")], 300, chunk_size=100, **kw),
    "corridor_reliability": lambda G, tiny, **kw: corridor_reliability(
        G, "baku", "tbilisi", 300, chunk_size=100, **kw),
}


@pytest.mark.parametrize("run", list(RUNS))
def test_silent_unless_progress_is_asked_for(G: nx.MultiDiGraph, tiny: nx.MultiDiGraph,
                                             run: str, caplog: pytest.LogCaptureFixture,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.INFO, logger="corridors.reliability")
    RUNS[run](G, tiny)
    assert caplog.records == []
    assert capsys.readouterr() == ("", "")
    # progress=True: a tqdm bar on stderr if tqdm is installed, else INFO log lines
    RUNS[run](G, tiny, progress=True)
    assert caplog.records or capsys.readouterr().err


def test_a_bad_progress_fails_before_any_work(G: nx.MultiDiGraph,
                                              tiny: nx.MultiDiGraph) -> None:
    r = _route(tiny, "a2", "b1", "road")
    with pytest.raises(ConstraintError, match=_exact(PROGRESS_MESSAGE)):
        simulate_routes(tiny, [r], 10, labels=["a", "b"], progress="yes")  # type: ignore[arg-type]
    with pytest.raises(ConstraintError, match=_exact(PROGRESS_MESSAGE)):
        corridor_reliability(G, "nowhere", "tbilisi", 10, progress="yes")  # type: ignore[arg-type]


def test_draws_up_to_exact_draws_are_kept_above_summarised(tiny: nx.MultiDiGraph) -> None:
    r = _route(tiny, "a2", "b1", "road")
    kept = simulate_routes(tiny, [r], EXACT_DRAWS, chunk_size=100_000)
    assert kept.times_h is not None and kept.times_h.shape == (EXACT_DRAWS, 1)
    assert kept.stats is None and kept.draws == EXACT_DRAWS
    folded = simulate_routes(tiny, [r], EXACT_DRAWS + 1, chunk_size=100_001)
    assert folded.times_h is None and folded.draws == EXACT_DRAWS + 1
    res = corridor_reliability(tiny, "a1", "c2", EXACT_DRAWS + 1, routes="best",
                               chunk_size=100_001)
    assert res.times_h is None and res.draws == EXACT_DRAWS + 1
    (row,) = res.to_records()
    assert row["corridor"] == "free optimum" and row["p_fastest"] == 1.0


# -- results -----------------------------------------------------------------------------------
def test_a_result_needs_either_times_or_stats() -> None:
    plan = WaitPlan(labels=("x",), base_h=(10.0,))
    message = "a ReliabilityResult needs either times_h or stats"
    with pytest.raises(ConstraintError, match=_exact(message)):
        ReliabilityResult(plan, None, 0)
    with pytest.raises(ConstraintError, match=_exact(message)):
        ReliabilityResult(plan, draw(plan, 3, 0), 0, stats=DrawSummary(plan.base_h))


def test_simulate_routes_defaults_and_what_it_records(tiny: nx.MultiDiGraph) -> None:
    r = _route(tiny, "a2", "b1", "road")
    res = simulate_routes(tiny, [r])  # documented: 10,000 draws, seed 0, the default model
    assert res.draws == 10_000 and res.seed == 0
    assert res.routes == (r,) and res.model is DEFAULT_MODEL
    same = simulate_routes(tiny, [r], 10_000, model=ReliabilityModel(), seed=0)
    assert (res.times_h == same.times_h).all()
    res = simulate_routes(tiny, [r], 5, model=ZERO)
    assert res.model is ZERO and (res.times_h == r.time_h).all()


def test_summary_of_a_result_built_from_a_plan_alone() -> None:
    plan = WaitPlan(labels=("x", "y"), base_h=(10.0, 12.0), info=({"b": 1}, {"a": 2}))
    res = ReliabilityResult(plan, draw(plan, 4, 0), 0)
    assert res.routes == () and res.model is DEFAULT_MODEL
    df = res.summary()
    assert list(df.columns) == [*SUMMARY_COLUMNS, "b", "a"]
    assert df["corridor"].tolist() == ["x", "y"] and df["p50_h"].tolist() == [10.0, 12.0]
    assert df["distance_km"].isna().all()


def test_summary_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = WaitPlan(labels=("x",), base_h=(10.0,))
    res = ReliabilityResult(plan, draw(plan, 2, 0), 0)
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas fails
    message = ("ReliabilityResult.summary needs the optional package 'pandas'; install it "
               'with: pip install "corridors[geo]"')
    with pytest.raises(OptionalDependencyError, match=_exact(message)):
        res.summary()


# -- the corridors of a pair -------------------------------------------------------------------
def test_the_pairs_tell_the_options_apart(G: nx.MultiDiGraph) -> None:
    def differ(a: Any, b: Any) -> bool:
        return _sigs(a) != _sigs(b) or _times(a) != _times(b)

    o, d = "baku", "tbilisi"
    best = [best_route(G, o, d, "time")]
    alts = alternatives(G, o, d, 3, "time")
    assert len(alternatives(G, o, d, 4, "time")) == 4
    for objective in ("generalized", "distance"):
        assert differ(best, [best_route(G, o, d, objective)])
        assert differ(alts, alternatives(G, o, d, 3, objective))
    for opts in ({"cost_model": SLOW}, {"avoid_countries": ["RU"]}):
        assert differ(best, [best_route(G, o, d, "time", **opts)])
        assert differ(alts, alternatives(G, o, d, 3, "time", **opts))
    every = compare_corridors(G, o, d, "time", max_detour=None)
    assert len(every) == 3 and len(set(_sigs(every))) == 3
    assert differ(every, compare_corridors(G, o, d, "generalized", max_detour=None))
    assert differ(every, compare_corridors(G, o, d, "time", max_detour=None, cost_model=SLOW))
    assert len(compare_corridors(G, o, d, "time")) == 1  # max_detour 1.5
    assert len(compare_corridors(G, "almaty", "baku", "time")) == 1
    assert len(compare_corridors(G, "almaty", "baku", "time", max_detour=2.5)) == 2


CASES = [
    pytest.param("almaty", "baku", {}, id="defaults"),
    pytest.param("almaty", "baku", {"max_detour": None}, id="every-corridor"),
    pytest.param("baku", "tbilisi", {"max_detour": None}, id="by-time"),
    pytest.param("baku", "tbilisi", {"max_detour": None, "objective": "distance"},
                 id="by-distance"),
    pytest.param("baku", "tbilisi", {"max_detour": None, "corridors": ["carec_3"]},
                 id="one-corridor"),
    pytest.param("baku", "tbilisi", {"max_detour": None, "cost_model": SLOW}, id="cost-model"),
    pytest.param("baku", "tbilisi", {"max_detour": None, "avoid_countries": ["RU"]},
                 id="constraint"),
    pytest.param("baku", "tbilisi", {"routes": "alternatives"}, id="alternatives"),
    pytest.param("baku", "tbilisi", {"routes": "alternatives", "k": 2}, id="alternatives-k"),
    pytest.param("baku", "tbilisi", {"routes": "alternatives", "objective": "distance"},
                 id="alternatives-by-distance"),
    pytest.param("baku", "tbilisi", {"routes": "alternatives", "cost_model": SLOW},
                 id="alternatives-cost-model"),
    pytest.param("baku", "tbilisi", {"routes": "alternatives", "avoid_countries": ["RU"]},
                 id="alternatives-constraint"),
    pytest.param("baku", "tbilisi", {"routes": "best"}, id="best"),
    pytest.param("baku", "tbilisi", {"routes": "best", "objective": "distance"},
                 id="best-by-distance"),
    pytest.param("baku", "tbilisi", {"routes": "best", "cost_model": SLOW},
                 id="best-cost-model"),
    pytest.param("baku", "tbilisi", {"routes": "best", "avoid_countries": ["RU"]},
                 id="best-constraint"),
]


def _expected(G: nx.MultiDiGraph, o: str, d: str, options: dict[str, Any]
              ) -> tuple[list[Route], list[str], list[dict[str, bool]]]:
    """The documented answer of corridor_routes, from the routing functions it names."""
    opts = {**DEFAULTS, **options}
    routes, k, objective = opts.pop("routes"), opts.pop("k"), opts.pop("objective")
    if routes == "best":
        return [best_route(G, o, d, objective, **{x: y for x, y in opts.items()
                                                 if x != "max_detour"})], \
            ["free optimum"], [{"free_optimum": True}]
    if routes == "alternatives":
        opts.pop("max_detour")
        found = list(alternatives(G, o, d, k, objective, **opts))
        labels = [f"alternative {i}: {' > '.join(r.countries)}" for i, r in enumerate(found, 1)]
        return found, labels, [{"free_optimum": i == 0} for i in range(len(found))]
    found = list(compare_corridors(G, o, d, objective, **opts))
    assert len(set(_sigs(found))) == len(found)  # nothing to merge in these cases
    labels = ["free optimum", *(r.corridor for r in found[1:])]
    return found, labels, [{"free_optimum": i == 0} for i in range(len(found))]


@pytest.mark.parametrize(("origin", "destination", "options"), CASES)
def test_corridor_routes_are_those_of_the_routing(G: nx.MultiDiGraph, origin: str,
                                                  destination: str,
                                                  options: dict[str, Any]) -> None:
    found, labels, info = corridor_routes(G, origin, destination, **options)
    want, want_labels, want_info = _expected(G, origin, destination, options)
    assert _sigs(found) == _sigs(want)
    assert _times(found) == pytest.approx(_times(want), rel=1e-12)
    assert labels == want_labels
    assert info == want_info


@pytest.mark.parametrize(("origin", "destination", "options"), CASES)
def test_corridor_reliability_simulates_those_routes(G: nx.MultiDiGraph, origin: str,
                                                     destination: str,
                                                     options: dict[str, Any]) -> None:
    found, labels, info = corridor_routes(G, origin, destination, **options)
    res = corridor_reliability(G, origin, destination, 20, model=ZERO, seed=3, **options)
    assert _sigs(res.routes) == _sigs(found) and res.labels == tuple(labels)
    assert res.model is ZERO and res.seed == 3 and res.draws == 20
    assert (res.times_h == np.array(_times(found))).all()  # zero variance: the routes' times
    rows = res.to_records()
    assert [row["free_optimum"] for row in rows] == [i["free_optimum"] for i in info]


def test_identical_routes_are_merged_and_their_labels_joined(tiny: nx.MultiDiGraph) -> None:
    H = tiny.copy()
    H.graph = {**tiny.graph, "corridors": {
        **tiny.graph["corridors"],
        "ferry": Corridor("ferry", "Bravo-Charlie ferry line", aliases=("BCF",),
                          path=(("x-bc-sea",),)),
    }}
    found, labels, info = corridor_routes(H, "a2", "c2", objective="distance")
    assert len(found) == 1 and info == [{"free_optimum": True}]
    assert sorted(labels[0].split(" / ")) == ["BCF", "SC"]  # in compare_corridors' order
    (plain,) = compare_corridors(H, "a2", "c2", "distance", corridors=[])
    assert found[0].signature == plain.signature


def test_corridor_reliability_defaults(G: nx.MultiDiGraph) -> None:
    res = corridor_reliability(G, "almaty", "baku")
    assert res.draws == 10_000 and res.seed == 0 and res.model is DEFAULT_MODEL
    assert res.labels == ("free optimum",)  # max_detour 1.5 drops INSTC East
    again = corridor_reliability(G, "almaty", "baku", 10_000, seed=0)
    assert (again.times_h == res.times_h).all()
    other = corridor_reliability(G, "almaty", "baku", 10_000, seed=1)
    assert not (other.times_h == res.times_h).all()


def test_corridor_reliability_with_a_cost_model(G: nx.MultiDiGraph) -> None:
    res = corridor_reliability(G, "baku", "tbilisi", 10, routes="best", cost_model=SLOW,
                               model=ZERO)
    slow = best_route(G, "baku", "tbilisi", "time", cost_model=SLOW)
    assert (res.times_h == slow.time_h).all()
    assert slow.time_h > best_route(G, "baku", "tbilisi", "time").time_h


def test_corridor_reliability_logs_what_it_simulates(G: nx.MultiDiGraph,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="corridors.reliability")
    res = corridor_reliability(G, "baku", "tbilisi", 100, max_detour=None)
    assert len(res.routes) == 3 and res.plan.keys
    want = (f"reliability baku -> tbilisi: 3 routes, {len(res.plan.keys)} waits, "
            "100 draws")
    assert want in [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
