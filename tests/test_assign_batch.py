"""Assignment sweeps on Dask equal the serial path; comparisons line up with `assign`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

import corridors
from corridors.assignment import assign
from corridors.assignment_batch import SWEEP_COLUMNS, assignment_batch, compare_assignments
from corridors.errors import ConstraintError, DemandError

distributed = pytest.importorskip("distributed")

DEMAND = [("urumqi", "europe", 1_500_000.0), ("almaty", "caucasus", 30_000.0)]
OPTIONS = {"avoid_countries": ["RU"], "modes": ["rail", "sea"]}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address="127.0.0.1:0") as c, \
            distributed.Client(c) as cl:
        yield cl


def test_sweep_on_dask_equals_serial_and_assign(client: Any) -> None:
    scenarios, scales = [None, "caspian_capacity_doubled"], [0.5, 1.0]
    serial = assignment_batch(DEMAND, scenarios, scales, serial=True, **OPTIONS)
    on_dask = assignment_batch(DEMAND, scenarios, scales, client=client, **OPTIONS)
    pd.testing.assert_frame_equal(on_dask, serial)
    assert list(serial.columns) == list(SWEEP_COLUMNS)
    assert list(zip(serial["scenario"], serial["demand_scale"], strict=True)) == [
        ("base", 0.5), ("base", 1.0), ("caspian_capacity_doubled", 0.5),
        ("caspian_capacity_doubled", 1.0)]
    G = corridors.load_network()
    one = assign(G, [(o, d, t * 1.0) for o, d, t in DEMAND], **OPTIONS)
    row = serial.iloc[1]
    assert row["unserved_teu"] == pytest.approx(one.unserved_teu)
    assert row["objective_value"] == pytest.approx(one.objective_value)
    # more demand never leaves less unserved; more capacity never leaves more
    assert serial.iloc[0]["unserved_teu"] <= serial.iloc[1]["unserved_teu"]
    assert serial.iloc[3]["unserved_teu"] <= serial.iloc[1]["unserved_teu"]


def test_compare_assignments_sets_the_scenario_beside_the_base() -> None:
    G = corridors.load_network()
    frame = compare_assignments(G, DEMAND, "caspian_capacity_doubled", **OPTIONS)
    alat = frame[(frame["element"] == "alat_port") & (frame["direction"] == "both")].iloc[0]
    assert alat["capacity:caspian_capacity_doubled"] == 2 * alat["capacity:base"]
    base = assign(G, DEMAND, **OPTIONS)
    teu = {f.element[1]: f.teu for f in base.flows if f.element[2] == "both"}
    for _, row in frame[frame["direction"] == "both"].head(20).iterrows():
        assert row["teu:base"] == pytest.approx(teu.get(row["element"], 0.0))
    assert [s["scenario"] for s in frame.attrs["summary"]] == ["base",
                                                                "caspian_capacity_doubled"]


def test_bad_input_fails_before_any_task() -> None:
    with pytest.raises(ConstraintError, match="demand_scales"):
        assignment_batch(DEMAND, [None], [-1], serial=True)
    with pytest.raises(DemandError):
        assignment_batch([("urumqi", "europe", "lots")], [None], serial=True)
    with pytest.raises(corridors.UnknownPlaceError, match="did you mean"):
        assignment_batch([("urumqii", "europe", 10.0)], [None], client="tcp://127.0.0.1:1")
    with pytest.raises(corridors.ScenarioError):
        assignment_batch(DEMAND, ["caspian_capacity_tripled"], serial=True)
