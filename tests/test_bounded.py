"""Bounded work (issue 12): draws, alternatives, validation and Dask connections have limits.

Every test here finishes quickly with the limits in place; none measures time. Each asserts
what bounds the work (memory, the number of problems, a named limit in an error or warning).
"""

from __future__ import annotations

import logging
import math
import socket
import sys
import threading
import tracemalloc
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from netdata import tiny_tables, write_network

from corridors import draws as draws_module
from corridors import load_network
from corridors import reliability as rel
from corridors.criticality import criticality
from corridors.errors import ConstraintError, SchedulerError
from corridors.reliability import (
    HISTOGRAM_RESOLUTION_H,
    MAX_CHUNK_SIZE,
    MAX_DRAWS,
    DrawSummary,
    ReliabilityModel,
    corridor_reliability,
    draw,
    plan_waits,
    simulate_routes,
    summarize,
)
from corridors.routing import alternatives, compare_corridors
from corridors.routing.alternatives import MAX_K
from corridors.synthetic import tiny_network
from corridors.validate import detour_estimate_km, validate_network

ZERO = ReliabilityModel.deterministic()
STATS = ("mean_h", "std_h", "p50_h", "p90_h", "p95_h", "p_fastest")


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_network()


# -- reliability: limits on draws and chunks -------------------------------------------------
def test_draws_above_the_limit_name_it_and_the_keyword(G: nx.MultiDiGraph,
                                                       routes: list) -> None:
    assert MAX_DRAWS == 10_000_000
    with pytest.raises(ConstraintError, match=r"limit of 1,000 draws.*max_draws=1001"):
        simulate_routes(G, routes, 1001, max_draws=1000)
    with pytest.raises(ConstraintError, match="--max-draws"):
        corridor_reliability(G, "almaty", "baku", 1001, max_draws=1000)
    assert simulate_routes(G, routes, 1000, max_draws=1000).draws == 1000


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"draws": 0}, "draws must be a positive integer"),
    ({"draws": -1}, "draws must be a positive integer"),
    ({"draws": 1.5}, "draws must be a positive integer"),
    ({"draws": True}, "draws must be a positive integer"),
    ({"draws": "10"}, "draws must be a positive integer"),
    ({"chunk_size": 0}, "chunk_size must be a positive integer"),
    ({"chunk_size": True}, "chunk_size must be a positive integer"),
    ({"chunk_size": MAX_CHUNK_SIZE + 1}, "chunk_size must be at most"),
    ({"max_draws": 0}, "max_draws must be a positive integer"),
    ({"max_draws": 10.0}, "max_draws must be a positive integer"),
    ({"progress": "yes"}, "progress must be"),
])
def test_invalid_draw_arguments(G: nx.MultiDiGraph, routes: list, kwargs: dict,
                                fragment: str) -> None:
    kw = {"draws": 10, **kwargs}
    with pytest.raises(ConstraintError, match=fragment):
        simulate_routes(G, routes, **kw)
    with pytest.raises(ConstraintError, match=fragment):
        corridor_reliability(G, "almaty", "baku", **kw)


def test_many_draws_take_constant_memory(G: nx.MultiDiGraph, routes: list) -> None:
    n = 1_000_000  # all of them would be len(routes) x 8 MB, twice while concatenated
    tracemalloc.start()
    try:
        res = simulate_routes(G, routes, n, seed=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16e6 < n * len(routes) * 8
    assert res.times_h is None and res.stats is not None and res.draws == n
    df = res.summary()
    assert (df["p50_h"] <= df["p90_h"]).all() and (df["p90_h"] <= df["p95_h"]).all()
    assert df["p_fastest"].sum() == pytest.approx(1.0)
    det = np.array([r.time_h for r in routes])
    se = df["std_h"].to_numpy() / math.sqrt(n)
    assert (np.abs(df["mean_h"].to_numpy() - det) < 5 * se + 1e-9).all()


def test_summary_on_the_fly_matches_the_exact_one(G: nx.MultiDiGraph, routes: list,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    plan = plan_waits(G, routes)
    exact = summarize(plan, draw(plan, 20_000, 3, chunk_size=1000))
    monkeypatch.setattr(rel, "EXACT_DRAWS", 1000)
    res = simulate_routes(G, routes, 20_000, seed=3, chunk_size=1000)
    assert res.times_h is None
    for a, b in zip(exact, res.to_records(), strict=True):
        assert b["corridor"] == a["corridor"] and b["p_fastest"] == a["p_fastest"]
        assert b["mean_h"] == pytest.approx(a["mean_h"], rel=1e-12)
        assert b["std_h"] == pytest.approx(a["std_h"], rel=1e-9)
        for q in ("p50_h", "p90_h", "p95_h"):
            assert abs(b[q] - a[q]) <= HISTOGRAM_RESOLUTION_H


def test_summary_on_the_fly_is_exact_at_zero_variance(G: nx.MultiDiGraph, routes: list,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rel, "EXACT_DRAWS", 10)
    res = simulate_routes(G, routes, 300, model=ZERO, chunk_size=64)
    assert res.times_h is None
    for row, r in zip(res.to_records(), routes, strict=True):
        assert row["p50_h"] == row["p95_h"] == row["mean_h"] == r.time_h
        assert row["std_h"] == 0.0


@pytest.mark.parametrize("exact", [True, False])
def test_a_model_too_wide_for_finite_times_is_refused(G: nx.MultiDiGraph, exact: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    if not exact:
        monkeypatch.setattr(rel, "EXACT_DRAWS", 10)
    model = ReliabilityModel(crossing_cv={"road": 1e200, "rail": 1e200})  # NaN draws
    with pytest.raises(ConstraintError, match="not finite"):
        corridor_reliability(G, "almaty", "baku", 100, model=model)


def _summary(parts: list[np.ndarray], order: list[list[int]]
             ) -> tuple[list[dict[str, Any]], DrawSummary]:
    """Fold parts into DrawSummary objects grouped as ``order`` says, then merge them."""
    plan = rel.WaitPlan(labels=("a", "b"), base_h=(100.0, 101.0),
                        info=({}, {}))
    total = DrawSummary(plan.base_h)
    for group in order:
        s = DrawSummary(plan.base_h)
        for i in group:
            s.add(parts[i])
        total.merge(s)
    return total.records(plan), total


def test_summaries_do_not_depend_on_grouping_even_when_bins_merge(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draws_module, "HISTOGRAM_MAX_BINS", 64)  # forces coarser bins
    rng = np.random.default_rng(0)
    parts = [100.0 + rng.lognormal(0.0, 1.5, size=(500, 2)) * [1.0, 3.0] for _ in range(6)]
    one, stats = _summary(parts, [[0, 1, 2, 3, 4, 5]])
    assert one == _summary(parts, [[5], [2, 3], [0], [4, 1]])[0]
    assert one == _summary(parts, [[3, 1], [0, 2, 4, 5]])[0]
    times = np.concatenate(parts)
    for r, row in enumerate(one):
        hist = stats.hist[r]
        assert hist.shift > 0 and hist.counts.size <= 64 and hist.counts.sum() == 3000
        width = HISTOGRAM_RESOLUTION_H * 2 ** hist.shift  # the bins after merging
        for q, p in (("p50_h", 0.5), ("p90_h", 0.9), ("p95_h", 0.95)):
            assert abs(row[q] - np.quantile(times[:, r], p)) <= width
        assert row["mean_h"] == pytest.approx(times[:, r].mean(), rel=1e-12)


def test_progress_callback_tqdm_and_log(G: nx.MultiDiGraph, routes: list,
                                        monkeypatch: pytest.MonkeyPatch,
                                        caplog: pytest.LogCaptureFixture) -> None:
    seen: list[tuple[int, int]] = []
    simulate_routes(G, routes, 2500, chunk_size=1000, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]

    monkeypatch.setitem(sys.modules, "tqdm", None)  # not installed: INFO log lines
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with caplog.at_level(logging.INFO, logger="corridors.reliability"):
        corridor_reliability(G, "almaty", "baku", 3000, chunk_size=1000, progress=True)
    lines = [r.getMessage() for r in caplog.records if r.name == "corridors.reliability"]
    assert lines[-1] == "reliability: 3,000 of 3,000 draws"

    bars: list[Any] = []

    class Bar:
        def __init__(self, total: int, **kwargs: Any) -> None:
            self.total, self.n, self.closed = total, 0, False
            bars.append(self)

        def update(self, n: int) -> None:
            self.n += n

        def close(self) -> None:
            self.closed = True

    fake = types.ModuleType("tqdm.auto")
    fake.tqdm = Bar  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tqdm", types.ModuleType("tqdm"))
    monkeypatch.setitem(sys.modules, "tqdm.auto", fake)
    simulate_routes(G, routes, 2500, chunk_size=1000, progress=True)
    assert [(b.total, b.n, b.closed) for b in bars] == [(2500, 2500, True)]


# -- alternatives: bounded k and bounded search ----------------------------------------------
def test_a_pair_with_one_corridor_needs_little_work(G: nx.MultiDiGraph,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    # Almaty -> Astana: one corridor (no border); the search used to tour every country
    # sequence around Kazakhstan (minutes for k=50). A small work limit is now plenty.
    with caplog.at_level(logging.WARNING, logger="corridors.routing.alternatives"):
        found = alternatives(G, "almaty", "astana", 50, max_labels=2000)
    assert len(found) == 1 and found[0].crossings == 0
    assert not caplog.records


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"k": 0}, "k must be a positive integer"),
    ({"k": -1}, "k must be a positive integer"),
    ({"k": True}, "k must be a positive integer"),
    ({"k": 2.0}, "k must be a positive integer"),
    ({"k": "3"}, "k must be a positive integer"),
    ({"k": MAX_K + 1}, rf"above the limit of {MAX_K} corridors.*max_k={MAX_K + 1}"),
    ({"k": 5, "max_k": 4}, "max_k=5"),
    ({"max_paths": -5}, "max_paths must be a positive integer"),
    ({"max_paths": 0}, "max_paths must be a positive integer"),
    ({"max_paths": True}, "max_paths must be a positive integer"),
    ({"max_paths": 1.5}, "max_paths must be a positive integer"),
    ({"max_labels": 0}, "max_labels must be a positive integer"),
    ({"max_k": 0}, "max_k must be a positive integer"),
])
def test_invalid_alternatives_arguments(kwargs: dict, fragment: str) -> None:
    kw = {"k": 2, **kwargs}
    with pytest.raises(ConstraintError, match=fragment):
        alternatives(tiny_network(), "a1", "c2", **kw)


def test_reaching_the_work_limit_warns_with_the_keyword(
        G: nx.MultiDiGraph, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="corridors.routing.alternatives"):
        found = alternatives(G, "almaty", "europe", 5, max_labels=50)
    assert 1 <= len(found) < 5
    (msg,) = [r.getMessage() for r in caplog.records]
    assert "work limit" in msg and "max_labels=" in msg and "--max-labels" in msg

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="corridors.routing.alternatives"):
        found = alternatives(G, "almaty", "europe", 3, via="baku", max_paths=20)
    # no simple path through Baku among the first 20: the best route through it, not an error
    assert len(found) == 1 and "baku" in found[0].nodes
    (msg,) = [r.getMessage() for r in caplog.records]
    assert "max_paths=" in msg and "--max-paths" in msg


# -- named corridors and criticality: factor and count arguments -----------------------------
@pytest.mark.parametrize("bad", [-1, 0, 0.5, math.nan, math.inf, True, "2"])
def test_max_detour_domain(bad: object) -> None:
    with pytest.raises(ConstraintError, match="max_detour must be a finite number >= 1"):
        compare_corridors(tiny_network(), "a2", "c2", "distance", max_detour=bad)


def test_max_detour_valid_values() -> None:
    G = tiny_network()
    for ok in (None, 1, 1.5, np.float64(2.0)):
        assert compare_corridors(G, "a2", "c2", "distance", max_detour=ok)[0].corridor is None


@pytest.mark.parametrize("bad", [-3, 0, True, 1.5, "3"])
def test_criticality_top_must_be_positive(bad: object) -> None:
    with pytest.raises(ConstraintError, match="top must be a positive integer"):
        criticality(tiny_network(), [("a1", "c2")], "distance", top=bad)


@pytest.mark.parametrize("bad", [[math.nan], [math.inf], ["x"], [True], [-1.0], "1"])
def test_criticality_weights_must_be_finite_non_negative(bad: object) -> None:
    with pytest.raises(ConstraintError, match="weights must be"):
        criticality(tiny_network(), [("a1", "c2")], "distance", weights=bad)


def test_criticality_top_one() -> None:
    assert len(criticality(tiny_network(), [("a1", "c2")], "distance", top=1)) == 1


# -- validation: linear in unconnected places, a bounded report ------------------------------
def test_many_unconnected_places_give_a_bounded_report(tmp_path: Path) -> None:
    tables = tiny_tables()
    places = {p["id"]: (float(p["lat"]), float(p["lon"])) for p in tables["places"]}
    tables["links"][-1]["distance_km"] = (
        f"{detour_estimate_km(places['aktau_port'], places['alat_port'], (), 1.15):g}")
    base = dict(tables["places"][0], aliases="", gateway_for="")
    for i in range(14):  # the main network: the tiny one and 14 places linked to Almaty
        tables["places"].append(dict(base, id=f"hub_{i:02d}", name=f"Hub {i}",
                                     lat=f"{43.2389 + (i + 1) * 0.01:.4f}", lon="76.8897"))
        tables["links"].append({
            "id": f"hub_{i}_road", "from": f"hub_{i - 1:02d}" if i else "almaty",
            "to": f"hub_{i:02d}", "mode": "road", "distance_km": "1.1",
            "status": "operational", "source": "src_test"})
    n = 20_000
    for i in range(n):
        tables["places"].append(dict(base, id=f"lone_{i:05d}", name=f"Lone {i}",
                                     lat=f"{46 + (i % 200) * 0.01:.4f}",
                                     lon=f"{66 + (i // 200) * 0.01:.4f}"))
    # and one group of 12 places linked to each other, but not to the rest
    for i in range(12):
        tables["places"].append(dict(base, id=f"group_{i:02d}", name=f"Group {i}",
                                     lat=f"{50 + i * 0.01:.4f}", lon="70.0000"))
        if i:
            tables["links"].append({
                "id": f"group_{i}_road", "from": f"group_{i - 1:02d}", "to": f"group_{i:02d}",
                "mode": "road", "distance_km": "1.1", "status": "operational",
                "source": "src_test"})
    problems = validate_network(write_network(tmp_path / "net", tables), outlines=False)
    assert not [p for p in problems if "not connected" not in p.message], problems[:5]
    assert len(problems) == 21  # 20 groups one by one, then one for the rest
    first = problems[0]
    first = 2 + 6 + 14  # header, the tiny network, the hubs: the line of lone_00000
    assert (problems[0].file, problems[0].row, problems[0].column) == (
        "places.csv", first + n, "id")
    assert problems[0].message == (
        "not connected to the main network (20 places): group_00, group_01, group_02, "
        "group_03, group_04, group_05, group_06, group_07 and 4 more; add a link")
    assert problems[1].message == ("not connected to the main network (20 places): "
                                   "lone_00000; add a link")
    assert problems[1].row == first
    last = problems[-1]
    assert last.message.startswith(f"{n - 19} more groups of places ({n - 19} places in "
                                   "all) are not connected to the main network (20 places)")
    assert last.message.endswith("; add links") and last.row == first + 19


# -- Dask: a scheduler address that does not answer ------------------------------------------
@pytest.fixture
def fake_server() -> Iterator[Callable[[bytes | None], str]]:
    """Start local servers: silent (``None``) or sending ``bytes`` at once; return addresses."""
    socks: list[socket.socket] = []
    stop = threading.Event()

    def start(greeting: bytes | None) -> str:
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(8)
        srv.settimeout(0.1)
        socks.append(srv)

        def serve() -> None:
            while not stop.is_set():
                try:
                    conn, _ = srv.accept()
                except OSError:
                    continue
                socks.append(conn)
                if greeting is not None:
                    conn.sendall(greeting)

        threading.Thread(target=serve, daemon=True).start()
        return f"tcp://127.0.0.1:{srv.getsockname()[1]}"

    yield start
    stop.set()
    for s in socks:
        s.close()


def _finishes(fn: Callable[[], Any], seconds: float = 60.0) -> BaseException | None:
    """Run ``fn`` in a thread; return what it raised. A hang fails the test, not the run."""
    out: list[BaseException | None] = []

    def run() -> None:
        try:
            fn()
            out.append(None)
        except BaseException as exc:  # returned to the test
            out.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert out, "still waiting for the scheduler: no timeout"
    return out[0]


def test_a_silent_scheduler_address_times_out(fake_server: Callable) -> None:
    pytest.importorskip("distributed")
    from corridors.batch import reliability_batch, scenario_batch

    address = fake_server(None)
    exc = _finishes(lambda: scenario_batch([("almaty", "baku")], ["iran_avoided"],
                                           client=address, timeout=0.5))
    assert isinstance(exc, SchedulerError) and isinstance(exc, ConnectionError), exc
    msg = str(exc)
    assert address in msg and "sent nothing within 0.5 s" in msg and "8787" in msg
    exc = _finishes(lambda: reliability_batch([("almaty", "baku")], 100, client=address,
                                              timeout=0.5))
    assert isinstance(exc, SchedulerError) and address in str(exc)


def test_an_http_port_is_not_a_scheduler(fake_server: Callable) -> None:
    pytest.importorskip("distributed")
    from corridors.batch import preload, scenario_batch

    address = fake_server(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    exc = _finishes(lambda: preload(address, timeout=5))
    assert isinstance(exc, SchedulerError), exc
    assert "answered like a web server (HTTP)" in str(exc) and "tcp://" in str(exc)
    exc = _finishes(lambda: scenario_batch([("almaty", "baku")], ["iran_avoided"],
                                           client="http://127.0.0.1:8787/status"))
    assert isinstance(exc, SchedulerError) and "web address" in str(exc)


def test_a_closed_port_and_bad_timeouts() -> None:
    pytest.importorskip("distributed")
    from corridors.batch import scenario_batch

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exc = _finishes(lambda: scenario_batch([("almaty", "baku")], ["iran_avoided"],
                                           client=f"tcp://127.0.0.1:{port}", timeout=5))
    assert isinstance(exc, SchedulerError) and "cannot connect" in str(exc), exc
    for bad in (0, -1, math.nan, math.inf, True, "10"):
        with pytest.raises(ConstraintError, match="timeout must be"):
            scenario_batch([("almaty", "baku")], ["iran_avoided"], serial=True, timeout=bad)
