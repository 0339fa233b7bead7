"""Batches on Dask give the same numbers as the serial path (and as the one-pair functions)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from corridors import load_network
from corridors.batch import (
    RELIABILITY_COLUMNS,
    NetworkSource,
    reliability_batch,
    scenario_batch,
)
from corridors.errors import (
    ConstraintError,
    OptionalDependencyError,
    ScenarioError,
    UnknownPlaceError,
)
from corridors.reliability import corridor_reliability
from corridors.scenarios import COMPARE_COLUMNS, Scenario, compare_scenarios, load_scenario

distributed = pytest.importorskip("distributed")

PAIRS = [("almaty", "duisburg"), ("tashkent", "karachi"), ("dushanbe", "osh")]
SCENARIOS = [None, "russia_avoided", "tj_kg_border_closed"]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two in-process workers (threads): fast to start; one test below uses processes."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address="127.0.0.1:0") as c:
        yield c


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def serial_reliability() -> pd.DataFrame:
    return reliability_batch(PAIRS, 3000, scenarios=SCENARIOS, chunk_size=1000, seed=11,
                             serial=True)


def test_reliability_batch_on_dask_equals_serial(client: Any,
                                                 serial_reliability: pd.DataFrame) -> None:
    on_dask = reliability_batch(PAIRS, 3000, scenarios=SCENARIOS, chunk_size=1000, seed=11,
                                client=client)
    pd.testing.assert_frame_equal(on_dask, serial_reliability)
    assert list(on_dask.columns) == list(RELIABILITY_COLUMNS)
    assert set(on_dask["scenario"]) == {"base", "russia_avoided", "tj_kg_border_closed"}
    assert (on_dask["status"] == "ok").all() and (on_dask["draws"] == 3000).all()
    sums = on_dask.groupby(["scenario", "origin", "destination"])["p_fastest"].sum()
    assert sums.to_numpy() == pytest.approx(1.0)


def test_a_batch_row_equals_the_one_pair_function(serial_reliability: pd.DataFrame) -> None:
    G = load_network()
    H, cm = load_scenario("russia_avoided").apply(G)
    one = corridor_reliability(H, "almaty", "duisburg", 3000, cost_model=cm, seed=11,
                               chunk_size=1000).summary()
    rows = serial_reliability[(serial_reliability["scenario"] == "russia_avoided")
                              & (serial_reliability["destination"] == "duisburg")]
    cols = ["corridor", "time_h", "p50_h", "p90_h", "p95_h", "p_fastest", "free_optimum"]
    pd.testing.assert_frame_equal(rows[cols].reset_index(drop=True), one[cols])


def test_one_chunk_is_one_task_with_the_same_numbers(client: Any) -> None:
    on_dask = reliability_batch(PAIRS[:2], 2000, client=client)  # default chunk: 1 task/pair
    pd.testing.assert_frame_equal(on_dask, reliability_batch(PAIRS[:2], 2000, serial=True))
    one = corridor_reliability(load_network(), *PAIRS[1], 2000).summary()
    got = on_dask[on_dask["destination"] == PAIRS[1][1]].reset_index(drop=True)
    pd.testing.assert_frame_equal(got[["corridor", "p50_h", "p95_h", "p_fastest"]],
                                  one[["corridor", "p50_h", "p95_h", "p_fastest"]])


def test_scenario_batch_on_dask_equals_serial_and_compare_scenarios(client: Any) -> None:
    kw: dict[str, Any] = {"objective": "time"}
    on_dask = scenario_batch(PAIRS, SCENARIOS, client=client, **kw)
    serial = scenario_batch(PAIRS, SCENARIOS, serial=True, **kw)
    pd.testing.assert_frame_equal(on_dask, serial)
    G = load_network()
    one_by_one = pd.concat([compare_scenarios(G, s, PAIRS, **kw) for s in SCENARIOS[1:]],
                           ignore_index=True)
    pd.testing.assert_frame_equal(on_dask, one_by_one)
    assert list(on_dask.columns) == list(COMPARE_COLUMNS) and len(on_dask) == 2 * len(PAIRS)


def test_scenario_batch_rows_carry_the_emissions() -> None:
    from corridors.routing import best_route
    from corridors.scoring import CostModel

    heavy = Scenario("heavy_boxes", cost_model={"payload_t": 20})
    df = scenario_batch([("almaty", "baku")], [heavy], serial=True)
    G = load_network()
    row = df.iloc[0]
    assert row["base_kg_co2e"] == best_route(G, "almaty", "baku").co2e_kg
    assert row["scenario_kg_co2e"] == pytest.approx(
        best_route(G, "almaty", "baku", cost_model=CostModel(payload_t=20)).co2e_kg)
    assert row["delta_kg_co2e"] == pytest.approx(row["scenario_kg_co2e"] - row["base_kg_co2e"])
    assert row["delta_kg_co2e"] > 0 and row["status"] == "changed"


def test_a_scheduler_address_and_a_scattered_graph(cluster: Any,
                                                   serial_reliability: pd.DataFrame) -> None:
    G = load_network()
    df = reliability_batch(PAIRS[:1], 3000, scenarios=["russia_avoided"], chunk_size=1000,
                           seed=11, network=G, client=cluster.scheduler_address)
    expected = serial_reliability[serial_reliability["scenario"] == "russia_avoided"]
    expected = expected[expected["destination"] == "duisburg"].reset_index(drop=True)
    pd.testing.assert_frame_equal(df, expected)


def test_worker_processes_on_a_new_local_cluster() -> None:
    """The default path: the library starts (and closes) a 2-process LocalCluster."""
    kw: dict[str, Any] = {"scenarios": [None, "caspian_ferries_suspended"], "seed": 3,
                          "chunk_size": 500, "routes": "best", "objective": "score"}
    pairs = ["almaty:baku", "dushanbe:karachi"]
    on_processes = reliability_batch(pairs, 1000, n_workers=2, processes=True, **kw)
    pd.testing.assert_frame_equal(on_processes, reliability_batch(pairs, 1000, serial=True,
                                                                  **kw))
    baku = on_processes[on_processes["destination"] == "baku"].set_index("scenario")
    assert baku.loc["caspian_ferries_suspended", "countries"] != baku.loc["base", "countries"]


def test_pairs_without_a_route_are_reported(client: Any) -> None:
    df = reliability_batch([("almaty", "moscow")], 100, scenarios=[None, "russia_avoided"],
                           client=client)
    assert df.groupby("scenario")["status"].first().to_dict() == {
        "base": "ok", "russia_avoided": "no route"}
    assert "moscow" in df.set_index("scenario").loc["russia_avoided", "reason"]
    rows = scenario_batch([("almaty", "moscow")], ["russia_avoided"], client=client)
    assert rows.loc[0, "status"] == "impossible"


def test_progress(client: Any, caplog: pytest.LogCaptureFixture,
                  capsys: pytest.CaptureFixture[str]) -> None:
    with caplog.at_level(logging.INFO, logger="corridors.batch"):
        scenario_batch(PAIRS[:2], ["iran_avoided"], client=client)
    assert "4 of 4 results ready" in caplog.text
    capsys.readouterr()
    scenario_batch(PAIRS[:2], ["iran_avoided"], client=client, progress=True)
    assert "100%" in capsys.readouterr().out  # dask's own text progress bar


def test_errors_show_on_the_client_before_any_task() -> None:
    with pytest.raises(UnknownPlaceError):
        scenario_batch([("almatyy", "baku")], ["iran_avoided"], serial=True)
    with pytest.raises(ScenarioError, match="did you mean"):
        reliability_batch(PAIRS, 10, scenarios=["iran_avoid"], serial=True)
    with pytest.raises(ValueError, match="network must be"):
        scenario_batch(PAIRS, ["iran_avoided"], network=3, serial=True)
    with pytest.raises(ValueError, match="given twice"):
        scenario_batch(PAIRS, ["iran_avoided", "iran-avoided"], serial=True)


def test_invalid_options_fail_before_any_task() -> None:
    # these used to become "no route" rows (the plan task reports its ConstraintError)
    for kw, fragment in (({"routes": "alternatives", "k": 0}, "k must be"),
                         ({"max_detour": -1}, "max_detour must be"),
                         ({"routes": "all"}, "routes must be"),
                         ({"max_draws": 5}, "max_draws=10"),
                         ({"chunk_size": 0}, "chunk_size must be")):
        with pytest.raises(ConstraintError, match=fragment):
            reliability_batch(PAIRS[:1], 10, serial=True, **kw)


def test_many_draws_are_summarised_on_the_fly_on_dask_and_serially(
        client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from corridors import batch
    from corridors import reliability as rel

    monkeypatch.setattr(rel, "EXACT_DRAWS", 1000)  # so that 5,000 draws are "many"
    monkeypatch.setattr(batch, "MAX_DRAW_TASKS", 2)  # 5 chunks in 2 runs
    kw: dict[str, Any] = {"chunk_size": 1000, "seed": 5}
    on_dask = reliability_batch(PAIRS[:2], 5000, client=client, **kw)
    pd.testing.assert_frame_equal(on_dask, reliability_batch(PAIRS[:2], 5000, serial=True,
                                                             **kw))
    one = corridor_reliability(load_network(), *PAIRS[0], 5000, **kw)
    assert one.times_h is None  # summarised on the fly, as in the batch
    cols = ["corridor", "mean_h", "std_h", "p50_h", "p90_h", "p95_h", "p_fastest"]
    got = on_dask[on_dask["destination"] == PAIRS[0][1]].reset_index(drop=True)
    pd.testing.assert_frame_equal(got[cols], one.summary()[cols])


def test_a_tcp_scheduler_address_passes_the_handshake_check() -> None:
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  protocol="tcp://", host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0") as cl:
        assert cl.scheduler_address.startswith("tcp://")
        df = scenario_batch(PAIRS[:1], ["iran_avoided"], client=cl.scheduler_address,
                            timeout=5)
    assert len(df) == 1


def test_a_network_source_is_loaded_by_each_worker(client: Any, tiny_dir: Any) -> None:
    no_az = Scenario("no_az", close_countries=["AZ"])
    df = scenario_batch([("almaty", "urumqi"), ("almaty", "alat_port")], [no_az],
                        network=NetworkSource(str(tiny_dir)), client=client)
    assert df["status"].tolist() == ["unchanged", "impossible"]


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(OptionalDependencyError, match=r"corridors\[batch\]"):
        scenario_batch(PAIRS[:1], ["iran_avoided"])


def test_importing_corridors_and_the_analysis_modules_does_not_import_dask() -> None:
    code = ("import sys, json, corridors, corridors.scenarios, corridors.reliability, "
            "corridors.criticality, corridors.batch\n"
            "print(json.dumps([m for m in ('dask', 'distributed', 'numpy', 'pandas') "
            "if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == []
