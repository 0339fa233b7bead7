"""Assignments across scenarios and demand levels: comparisons and Dask sweeps.

:func:`compare_assignments` runs :func:`~corridors.assignment.assign` on the base network and on
each scenario and sets the flows side by side, element by element (what a closed corridor
pushes where, what a doubled ferry capacity relieves). :func:`assignment_batch` sweeps
scenarios and demand levels as Dask tasks: the same code on a local cluster, a scheduler
address or (``serial=True``) in this process, as :mod:`corridors.batch` does for routes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from corridors.batch import (
    BASE,
    DEFAULT_CONNECT_TIMEOUT_S,
    _applied,
    _check_locally,
    _network,
    _runner,
    _scenarios,
    _source,
)
from corridors.demand import DemandRow, demand_rows
from corridors.errors import ConstraintError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas

    from corridors.scenarios import Scenario
    from corridors.scoring import CostModel

__all__ = ["SWEEP_COLUMNS", "assignment_batch", "compare_assignments"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Columns of :func:`assignment_batch`.
SWEEP_COLUMNS = ("scenario", "demand_scale", "demand_teu", "carried_teu", "unserved_teu",
                 "total_score", "objective_value", "bottlenecks", "top_bottleneck",
                 "top_shadow_price_usd_per_teu", "top_delay_h", "method", "iterations")


def _assign_task(net: Any, scenario: Scenario | None, label: str, scale: float,
                 rows: Sequence[DemandRow], objective: Any, cost_model: CostModel | None,
                 options: dict[str, Any]) -> dict[str, Any]:
    """Assign one scenario at one demand level; return its summary and flows (picklable)."""
    from corridors.assignment import assign

    G = _network(net)
    H, cm = _applied(G, scenario, cost_model)
    scaled = [DemandRow(r.origin, r.destination, r.teu * scale, r.where) for r in rows]
    a = assign(H, scaled, objective, cost_model=cm, **options)
    top = a.bottlenecks[0] if a.bottlenecks else None
    summary = {"scenario": label, "demand_scale": scale, "demand_teu": a.demand_teu,
               "carried_teu": a.demand_teu - a.unserved_teu, "unserved_teu": a.unserved_teu,
               "total_score": a.total_score, "objective_value": a.objective_value,
               "bottlenecks": len(a.bottlenecks), "top_bottleneck": top.name if top else None,
               "top_shadow_price_usd_per_teu": top.shadow_price_usd_per_teu if top else None,
               "top_delay_h": top.delay_h if top else None, "method": a.method,
               "iterations": a.iterations}
    return {"summary": summary, "flows": [f.record() for f in a.flows]}


def _check_scales(scales: Iterable[float] | float) -> list[float]:
    if isinstance(scales, (int, float)):
        scales = [scales]
    out = []
    for s in scales:
        if isinstance(s, bool) or not isinstance(s, (int, float)) or not 0 <= s < 1e6:
            raise ConstraintError(f"demand_scales: {s!r} is not a factor >= 0 (1 = the demand "
                                  "as given)")
        out.append(float(s))
    if not out:
        raise ConstraintError("demand_scales: give at least one factor (1 = as given)")
    return out


def _run(demand: Any, scenarios: Any, scales: Any, objective: Any, network: Any,
         cost_model: CostModel | None, client: Any, n_workers: int | None, processes: bool,
         serial: bool, progress: bool, timeout: float, options: dict[str, Any]
         ) -> list[dict[str, Any]]:
    rows = demand_rows(demand)
    levels = _check_scales(scales)
    scen = _scenarios(scenarios)
    source = _source(network)
    _check_locally(source, [(r.origin, r.destination) for r in rows], scen, cost_model)
    with _runner(client, n_workers, processes, serial, progress, "assignment_batch",
                 timeout) as run:
        net = run.network(source)
        futures = [run.submit(_assign_task, net, s, label, scale, rows, objective,
                              cost_model, dict(options))
                   for label, s in scen for scale in levels]
        return run.wait(futures)


def assignment_batch(
    demand: Any,
    scenarios: Iterable[Scenario | str | os.PathLike[str] | None] | Any = (None,),
    demand_scales: Iterable[float] | float = (1.0,),
    objective: Any = "generalized",
    *,
    network: Any = None,
    cost_model: CostModel | None = None,
    client: Any = None,
    n_workers: int | None = None,
    processes: bool = True,
    serial: bool = False,
    progress: bool = False,
    timeout: float = DEFAULT_CONNECT_TIMEOUT_S,
    **options: Any,
) -> pandas.DataFrame:
    """Assign the demand under every scenario and demand level, in parallel.

    Parameters
    ----------
    demand : str, path, DataFrame or sequence
        As in :func:`~corridors.assignment.assign`.
    scenarios : iterable
        None (or ``"base"``) for the base network, built-in names, files or
        :class:`~corridors.scenarios.Scenario` objects.
    demand_scales : iterable of float
        Demand levels: each factor multiplies every row's TEU (``[0.5, 1, 1.5, 2]``).
    objective : str or ScoreWeights
        As in :func:`~corridors.assignment.assign`.
    network, cost_model, client, n_workers, processes, serial, progress, timeout
        As in :func:`corridors.batch.scenario_batch`.
    **options
        Keyword options of :func:`~corridors.assignment.assign` (``capacities``,
        ``avoid_countries``, ``modes`` ...).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SWEEP_COLUMNS`, one row per scenario and demand level.
    """
    import pandas as pd

    results = _run(demand, scenarios, demand_scales, objective, network, cost_model, client,
                   n_workers, processes, serial, progress, timeout, options)
    return pd.DataFrame([r["summary"] for r in results], columns=list(SWEEP_COLUMNS))


def compare_assignments(
    G: nx.MultiDiGraph,
    demand: Any,
    scenarios: Iterable[Scenario | str | os.PathLike[str]] | Scenario | str,
    objective: Any = "generalized",
    *,
    cost_model: CostModel | None = None,
    **options: Any,
) -> pandas.DataFrame:
    """Set the assignment of each scenario beside the base's, element by element.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The base network.
    demand, objective, cost_model, **options
        As in :func:`~corridors.assignment.assign`.
    scenarios : scenario or iterable of scenarios
        Built-in names, files or :class:`~corridors.scenarios.Scenario` objects.

    Returns
    -------
    pandas.DataFrame
        One row per element used in any of them: ``element``, ``kind``, ``direction``,
        ``name``, then per scenario (the base first, as ``base``) ``teu:<scenario>``,
        ``capacity:<scenario>`` and ``utilisation:<scenario>``; the last row per scenario
        summary is in ``.attrs["summary"]`` (the rows of :func:`assignment_batch`).
    """
    import pandas as pd

    if isinstance(scenarios, (str, os.PathLike)) or not isinstance(scenarios, Iterable):
        scenarios = [scenarios]
    results = _run(demand, [None, *scenarios], [1.0], objective, G, cost_model, None, None,
                   True, True, False, DEFAULT_CONNECT_TIMEOUT_S, options)
    table: dict[tuple[str, str, str], dict[str, Any]] = {}
    labels = []
    for r in results:
        label = r["summary"]["scenario"]
        labels.append(label)
        for f in r["flows"]:
            key = (f["kind"], f["element"], f["direction"])
            row = table.setdefault(key, {"element": f["element"], "kind": f["kind"],
                                         "direction": f["direction"], "name": f["name"]})
            row[f"teu:{label}"] = f["teu"]
            row[f"capacity:{label}"] = f["capacity"]
            row[f"utilisation:{label}"] = f["utilisation"]
    columns = ["element", "kind", "direction", "name"]
    for label in labels:
        columns += [f"teu:{label}", f"capacity:{label}", f"utilisation:{label}"]
    frame = pd.DataFrame(list(table.values()), columns=columns)
    frame[[f"teu:{x}" for x in labels]] = frame[[f"teu:{x}" for x in labels]].fillna(0.0)
    frame = frame.sort_values(f"teu:{BASE}", ascending=False, ignore_index=True)
    frame.attrs["summary"] = [r["summary"] for r in results]
    return frame
