"""Batches of origin-destination pairs x scenarios x Monte Carlo draws, on Dask or serially.

The work is embarrassingly parallel: every (scenario, pair) is routed independently and every
chunk of Monte Carlo draws is drawn independently (:mod:`corridors.reliability` seeds chunk
``i`` with ``SeedSequence(seed, spawn_key=(i,))``). This module builds that task graph once
and runs it with :mod:`dask.distributed`:

* a new :class:`distributed.LocalCluster` by default (worker *processes*, since routing is
  pure Python and holds the GIL; ``n_workers`` and ``processes`` configurable; one thread per
  worker; the dashboard on a free local port), closed at the end;
* an existing cluster when ``client`` is a scheduler address (``"tcp://host:8786"``) or a
  :class:`distributed.Client` (left open);
* the same task functions in this process, in order, with ``serial=True`` -- the reference
  path: Dask and serial runs give identical numbers.

The network reaches the workers once: a graph passed as ``network`` is scattered to every
worker (``broadcast=True``) before any task runs; by default (``network=None``) or with a data
path, each worker loads the network itself on first use and keeps it (one load per process,
nothing shipped). Scenarios are read on the client (so a file error shows at once and remote
workers need no scenario files) and applied on the workers, memoised per process.

Progress: with ``progress=True`` Dask's own progress bar is shown
(:func:`distributed.progress`: a widget in Jupyter, a text bar otherwise); without it,
progress is logged at INFO level on the ``corridors.batch`` logger.

Results are :class:`pandas.DataFrame` objects. dask and distributed are imported inside the
functions of this module only (``pip install "corridors[batch]"``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from corridors.errors import ConstraintError, NoRouteError, UnknownPlaceError
from corridors.reliability import (
    DEFAULT_CHUNK_SIZE,
    SUMMARY_COLUMNS,
    ReliabilityModel,
    WaitPlan,
    _chunks,
    corridor_routes,
    draw_chunk,
    plan_waits,
    resolve_seed,
    summarize,
)
from corridors.scenarios import (
    COMPARE_COLUMNS,
    Scenario,
    compare_row,
    load_scenario,
    parse_od_pairs,
    route_record,
)
from corridors.scoring import DEFAULT_COST_MODEL, CostModel

if TYPE_CHECKING:  # pragma: no cover
    import numpy
    import pandas

__all__ = [
    "BASE",
    "RELIABILITY_COLUMNS",
    "NetworkSource",
    "preload",
    "reliability_batch",
    "scenario_batch",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Label of the base case (no scenario) in batch results.
BASE = "base"

#: Columns of :func:`reliability_batch`.
RELIABILITY_COLUMNS = ("scenario", "origin", "destination", *SUMMARY_COLUMNS, "free_optimum",
                       "draws", "seed", "status", "reason")


@dataclass(frozen=True)
class NetworkSource:
    """A network that each worker loads itself (:func:`corridors.load_network` arguments).

    Attributes
    ----------
    path : str or None
        Data directory (None: the built-in network).
    extend : tuple of str
        Extension directories.
    """

    path: str | None = None
    extend: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# worker side: per-process caches and the task functions (module level: picklable by name)
# --------------------------------------------------------------------------------------------
_LOCK = threading.Lock()
_NETWORKS: dict[NetworkSource, nx.MultiDiGraph] = {}
_APPLIED: OrderedDict[tuple[Any, ...], tuple[Any, ...]] = OrderedDict()
_APPLIED_MAX = 16


def _network(net: NetworkSource | nx.MultiDiGraph) -> nx.MultiDiGraph:
    if not isinstance(net, NetworkSource):
        return net
    with _LOCK:
        G = _NETWORKS.get(net)
        if G is None:
            from corridors.network import load_network

            G = _NETWORKS[net] = load_network(net.path, extend=net.extend)
        return G


def _applied(G: nx.MultiDiGraph, scenario: Scenario | None, cost_model: CostModel | None
             ) -> tuple[nx.MultiDiGraph, CostModel]:
    """Return ``scenario.apply(G, cost_model)``, memoised per process."""
    if scenario is None:
        return G, cost_model or DEFAULT_COST_MODEL
    key = (id(G), scenario.fingerprint, cost_model)
    with _LOCK:
        hit = _APPLIED.get(key)
        if hit is not None and hit[0] is G:
            _APPLIED.move_to_end(key)
            return hit[1], hit[2]
    H, cm = scenario.apply(G, cost_model, materialize=True)  # reused: route at full speed
    with _LOCK:
        _APPLIED[key] = (G, H, cm)  # holding G keeps id(G) from being reused
        while len(_APPLIED) > _APPLIED_MAX:
            _APPLIED.popitem(last=False)
    return H, cm


def _route_task(net: Any, scenario: Scenario | None, origin: Any, destination: Any,
                objective: Any, cost_model: CostModel | None,
                constraints: dict[str, Any]) -> dict[str, Any]:
    G = _network(net)
    H, cm = _applied(G, scenario, cost_model)
    return route_record(H, origin, destination, objective, cost_model=cm, **constraints)


def _plan_task(net: Any, scenario: Scenario | None, origin: Any, destination: Any,
               options: dict[str, Any], model: ReliabilityModel | None,
               cost_model: CostModel | None, constraints: dict[str, Any]) -> WaitPlan | str:
    G = _network(net)
    H, cm = _applied(G, scenario, cost_model)
    try:
        routes, labels, info = corridor_routes(H, origin, destination, cost_model=cm,
                                               **options, **constraints)
    except (NoRouteError, UnknownPlaceError, ConstraintError) as exc:
        return str(exc)
    return plan_waits(H, routes, labels=labels, model=model, cost_model=cm, info=info)


def _draw_task(plan: WaitPlan | str, chunk: int, size: int, seed: int) -> numpy.ndarray | None:
    if isinstance(plan, str):
        return None
    return draw_chunk(plan, chunk, size, seed)


def _summary_task(scenario: str, origin: Any, destination: Any, plan: WaitPlan | str,
                  draws: int, seed: int, *chunks: Any) -> list[dict[str, Any]]:
    head = {"scenario": scenario, "origin": _label(origin), "destination": _label(destination)}
    if isinstance(plan, str):
        return [{**head, "draws": draws, "seed": seed, "status": "no route", "reason": plan}]
    import numpy as np

    times = np.concatenate(chunks, axis=0)
    return [{**head, **row, "draws": draws, "seed": seed, "status": "ok", "reason": ""}
            for row in summarize(plan, times)]


def _pair_task(scenario_label: str, net: Any, scenario: Scenario | None, origin: Any,
               destination: Any, options: dict[str, Any], model: ReliabilityModel | None,
               cost_model: CostModel | None, constraints: dict[str, Any], draws: int,
               chunks: list[tuple[int, int]], seed: int) -> list[dict[str, Any]]:
    """Plan, draw every chunk and summarise in one task (when the draws fit in one chunk)."""
    plan = _plan_task(net, scenario, origin, destination, options, model, cost_model,
                      constraints)
    parts = [_draw_task(plan, i, n, seed) for i, n in chunks]
    return _summary_task(scenario_label, origin, destination, plan, draws, seed, *parts)


def _label(x: Any) -> str:
    return x if isinstance(x, str) else str(tuple(x))


# --------------------------------------------------------------------------------------------
# client side: one way to submit, Dask or serial
# --------------------------------------------------------------------------------------------
class _Serial:
    """Run tasks at once in this process (the reference path)."""

    def submit(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    def network(self, net: Any) -> Any:
        return net

    def wait(self, futures: Sequence[Any]) -> list[Any]:
        return list(futures)


class _Dask:
    """Submit tasks to a distributed Client."""

    def __init__(self, client: Any, progress: bool) -> None:
        self.client = client
        self.progress = progress

    def submit(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return self.client.submit(fn, *args, pure=False, **kwargs)

    def network(self, net: Any) -> Any:
        if isinstance(net, NetworkSource):
            return net  # each worker loads it once (see _network)
        return self.client.scatter(net, broadcast=True, hash=False)

    def wait(self, futures: Sequence[Any]) -> list[Any]:
        import distributed

        if self.progress:
            distributed.progress(list(futures))
        else:
            n = len(futures)
            step = max(1, n // 10)
            for i, _ in enumerate(distributed.as_completed(list(futures)), 1):
                if i % step == 0 or i == n:
                    logger.info("batch: %d of %d results ready", i, n)
        return list(self.client.gather(list(futures)))


def _require_distributed(feature: str) -> Any:
    from corridors._optional import require

    require("dask", feature, "batch")
    return require("distributed", feature, "batch")


@contextmanager
def _runner(client: Any, n_workers: int | None, processes: bool, serial: bool,
            progress: bool, feature: str) -> Iterator[_Serial | _Dask]:
    if serial:
        yield _Serial()
        return
    distributed = _require_distributed(feature)
    if client is not None and not isinstance(client, str):
        yield _Dask(client, progress)
        return
    if isinstance(client, str):
        with distributed.Client(client) as c:
            logger.info("batch: connected to the cluster at %s", client)
            yield _Dask(c, progress)
        return
    workers = n_workers if n_workers is not None else max(1, os.cpu_count() or 1)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ConstraintError(f"n_workers must be a positive integer, got {n_workers!r}")
    with _quiet_shutdown(), distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=processes,
            dashboard_address="127.0.0.1:0") as cl, distributed.Client(cl) as c:
        logger.info("batch: started a local cluster of %d worker %s", workers,
                    "processes" if processes else "threads")
        yield _Dask(c, progress)


@contextmanager
def _quiet_shutdown() -> Iterator[None]:
    """Silence distributed's INFO chatter while our own local cluster runs and closes.

    Closing an in-process cluster can log "Batched Comm Closed" with a traceback at INFO
    level (a benign race between the client's and the scheduler's comms); distributed
    prints its INFO records to stderr, where a notebook shows them as errors.
    """
    names = ("distributed.batched", "distributed.core", "distributed.scheduler",
             "distributed.worker", "distributed.nanny", "distributed.http.proxy")
    saved = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.WARNING)
    try:
        yield
    finally:
        for n, level in saved.items():
            logging.getLogger(n).setLevel(level)


def _source(network: Any) -> NetworkSource | nx.MultiDiGraph:
    if network is None:
        return NetworkSource()
    if isinstance(network, NetworkSource):
        return network
    if isinstance(network, nx.Graph):
        return network
    if isinstance(network, (str, os.PathLike)):
        return NetworkSource(os.fspath(network))
    raise ConstraintError("network must be None (the built-in network), a data directory, a "
                          f"NetworkSource or a graph, got {type(network).__name__}")


def _scenarios(scenarios: Iterable[Any] | Any) -> list[tuple[str, Scenario | None]]:
    if scenarios is None or isinstance(scenarios, (str, os.PathLike, Scenario)):
        scenarios = [scenarios]
    out: list[tuple[str, Scenario | None]] = []
    for s in scenarios:
        if s is None or (isinstance(s, str) and s == BASE):
            out.append((BASE, None))
        else:
            sc = load_scenario(s)
            out.append((sc.name, sc))
    names = [n for n, _ in out]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConstraintError(f"scenario name(s) {dupes} given twice")
    return out


def _check_locally(source: NetworkSource | nx.MultiDiGraph, pairs: Sequence[tuple[Any, Any]],
                   scenarios: Sequence[tuple[str, Scenario | None]],
                   cost_model: CostModel | None) -> None:
    """Fail fast on a place typo or an invalid scenario when the network is at hand."""
    if isinstance(source, NetworkSource) and source.path is not None \
            and not os.path.isdir(source.path):
        return  # a path that only the workers see
    G = _network(source)
    from corridors.routing import resolve_place

    for o, d in pairs:
        resolve_place(G, o)
        resolve_place(G, d)
    for _, s in scenarios:
        if s is not None:
            _applied(G, s, cost_model)


# --------------------------------------------------------------------------------------------
# public batches
# --------------------------------------------------------------------------------------------
def preload(client: Any, network: Any = None) -> int:
    """Load a network on every worker of a cluster ahead of the first batch.

    Useful on a long-lived cluster (and for timing): the first task on each worker otherwise
    pays the load. Only for networks the workers load themselves (None or a data path).

    Parameters
    ----------
    client : distributed.Client or str
        A client or a scheduler address.
    network : None, str, path-like or NetworkSource
        The network the batches will use (default: the built-in one).

    Returns
    -------
    int
        The number of workers that hold it.
    """
    source = _source(network)
    if not isinstance(source, NetworkSource):
        raise ConstraintError("preload loads a network from a data path; a graph is scattered "
                              "by the batch functions themselves")
    distributed = _require_distributed("preload")
    if isinstance(client, str):
        with distributed.Client(client) as c:
            return len(c.run(_preload, source))
    return len(client.run(_preload, source))


def _preload(source: NetworkSource) -> int:
    return _network(source).number_of_nodes()


def scenario_batch(
    od_pairs: Iterable[str | Sequence[Any]],
    scenarios: Iterable[Scenario | str | os.PathLike[str] | None],
    objective: Any = "generalized",
    *,
    network: Any = None,
    cost_model: CostModel | None = None,
    client: Any = None,
    n_workers: int | None = None,
    processes: bool = True,
    serial: bool = False,
    progress: bool = False,
    **constraints: Any,
) -> pandas.DataFrame:
    """Compare every scenario with the base for every origin-destination pair, in parallel.

    The same rows as :func:`corridors.scenarios.compare_scenarios` for each scenario,
    concatenated (one routing task per pair for the base and per scenario and pair).

    Parameters
    ----------
    od_pairs : iterable
        ``(origin, destination)`` pairs or ``"ORIGIN:DESTINATION"`` strings.
    scenarios : iterable
        Built-in names, files or :class:`~corridors.scenarios.Scenario` objects.
    objective : str or ScoreWeights
        What "best" means.
    network : None, str, path-like, NetworkSource or networkx.MultiDiGraph
        None for the built-in network (loaded by each worker), a data directory (loaded by
        each worker), or a graph (scattered once to every worker).
    cost_model : CostModel, optional
        The base cost model.
    client : distributed.Client or str, optional
        An existing client, or a scheduler address to connect to; default a new
        :class:`~distributed.LocalCluster`.
    n_workers : int, optional
        Workers of the new local cluster (default: the number of CPUs).
    processes : bool
        Worker processes (default) or threads for the new local cluster.
    serial : bool
        Run the same tasks in this process without Dask.
    progress : bool
        Show Dask's progress bar (otherwise progress is logged at INFO level).
    **constraints
        Keyword options of :func:`~corridors.routing.best_route`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`corridors.scenarios.COMPARE_COLUMNS`, one row per scenario and pair.
    """
    import pandas as pd

    pairs = parse_od_pairs(od_pairs)
    scen = [s for s in _scenarios(scenarios) if s[1] is not None]
    source = _source(network)
    _check_locally(source, pairs, scen, cost_model)
    with _runner(client, n_workers, processes, serial, progress, "scenario_batch") as run:
        net = run.network(source)
        tasks = []
        for label, s in [(BASE, None), *scen]:
            for o, d in pairs:
                tasks.append((label, o, d, run.submit(_route_task, net, s, o, d, objective,
                                                      cost_model, dict(constraints))))
        results = run.wait([t[3] for t in tasks])
    records = {(label, i % len(pairs)): rec
               for i, ((label, _, _, _), rec) in enumerate(zip(tasks, results, strict=True))}
    rows = [compare_row(label, o, d, records[BASE, j], records[label, j])
            for label, _ in scen for j, (o, d) in enumerate(pairs)]
    return pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))


def reliability_batch(
    od_pairs: Iterable[str | Sequence[Any]],
    draws: int = 10_000,
    *,
    scenarios: Iterable[Scenario | str | os.PathLike[str] | None] = (None,),
    routes: str = "compare",
    k: int = 3,
    objective: Any = "time",
    corridors: Iterable[str] | None = None,
    max_detour: float | None = 1.5,
    model: ReliabilityModel | None = None,
    network: Any = None,
    cost_model: CostModel | None = None,
    seed: int | None = 0,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    client: Any = None,
    n_workers: int | None = None,
    processes: bool = True,
    serial: bool = False,
    progress: bool = False,
    **constraints: Any,
) -> pandas.DataFrame:
    """Simulate the corridors of many pairs under many scenarios, in parallel.

    For each (scenario, pair): one task finds the routes and their waits
    (:func:`corridors.reliability.corridor_routes`, :func:`~corridors.reliability.plan_waits`),
    one task per chunk of ``chunk_size`` draws simulates them, and one task summarises; when
    the draws fit in one chunk the three are one task (tiny tasks cost more to schedule than
    to run). Each row equals the corresponding row of
    :func:`corridors.reliability.corridor_reliability` with the same seed and chunk size.

    Parameters
    ----------
    od_pairs : iterable
        ``(origin, destination)`` pairs or ``"ORIGIN:DESTINATION"`` strings.
    draws : int
        Monte Carlo draws per pair and scenario.
    scenarios : iterable
        None (the base), built-in names, files or Scenario objects (default: the base only).
    routes, k, objective, corridors, max_detour
        Which routes to compare (:func:`~corridors.reliability.corridor_routes`).
    model : ReliabilityModel, optional
        The distributions.
    network, cost_model, client, n_workers, processes, serial, progress
        As in :func:`scenario_batch`.
    seed : int or None
        Seed of every (scenario, pair) (default 0; None: fresh entropy, reported).
    chunk_size : int
        Draws per task.
    **constraints
        Keyword options of :func:`~corridors.routing.best_route`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RELIABILITY_COLUMNS`: one row per scenario, pair and corridor, with
        ``p50_h``, ``p90_h``, ``p95_h``, ``p_fastest`` ...; a pair without any route has one
        row with ``status="no route"`` and the ``reason``.
    """
    import pandas as pd

    pairs = parse_od_pairs(od_pairs)
    scen = _scenarios(scenarios)
    source = _source(network)
    chunks = _chunks(draws, chunk_size)
    s = resolve_seed(seed)
    options = {"routes": routes, "k": k, "objective": objective,
               "corridors": None if corridors is None else list(corridors),
               "max_detour": max_detour}
    _check_locally(source, pairs, scen, cost_model)
    with _runner(client, n_workers, processes, serial, progress, "reliability_batch") as run:
        net = run.network(source)
        futures = []
        for label, sc in scen:
            for o, d in pairs:
                if len(chunks) == 1:  # one task per (scenario, pair): no tiny draw tasks
                    futures.append(run.submit(_pair_task, label, net, sc, o, d, options, model,
                                              cost_model, dict(constraints), draws, chunks, s))
                    continue
                plan = run.submit(_plan_task, net, sc, o, d, options, model, cost_model,
                                  dict(constraints))
                parts = [run.submit(_draw_task, plan, i, n, s) for i, n in chunks]
                futures.append(run.submit(_summary_task, label, o, d, plan, draws, s, *parts))
        results = run.wait(futures)
    rows = [row for part in results for row in part]
    return pd.DataFrame(rows, columns=list(RELIABILITY_COLUMNS))
