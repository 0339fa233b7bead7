"""Batches of origin-destination pairs x scenarios x Monte Carlo draws, on Dask or serially.

The work is embarrassingly parallel: every (scenario, pair) is routed independently and every
chunk of Monte Carlo draws is drawn independently (:mod:`corridors.reliability` seeds chunk
``i`` with ``SeedSequence(seed, spawn_key=(i,))``). This module builds that task graph once
and runs it with :mod:`dask.distributed`:

* a new :class:`distributed.LocalCluster` by default (worker *processes*, since routing is
  pure Python and holds the GIL; ``n_workers`` and ``processes`` configurable; one thread per
  worker; the dashboard on a free local port), closed at the end;
* an existing cluster when ``client`` is a scheduler address (``"tcp://host:8786"``) or a
  :class:`distributed.Client` (left open); an address is connected to within ``timeout``
  seconds (:data:`DEFAULT_CONNECT_TIMEOUT_S`, 10 s): a ``tcp://`` address is first checked to
  answer like a Dask scheduler, so a port that accepts and never answers, or the dashboard's
  HTTP port given by mistake, gives a :class:`~corridors.errors.SchedulerError` naming the
  address instead of a hang or a huge allocation;
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

Bounded work: the draws of a (scenario, pair) are limited like those of
:func:`corridors.reliability.corridor_reliability` (``max_draws``); above
:data:`corridors.reliability.EXACT_DRAWS` draws each task folds its chunks into a
:class:`~corridors.reliability.DrawSummary` (constant memory, at most
:data:`MAX_DRAW_TASKS` draw tasks per pair), with the same numbers as the serial path.

Results are :class:`pandas.DataFrame` objects. dask and distributed are imported inside the
functions of this module only (``pip install "corridors[batch]"``).
"""

from __future__ import annotations

import logging
import math
import numbers
import os
import socket
import struct
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import networkx as nx

from corridors import reliability as _reliability
from corridors.draws import check_times, iter_chunks
from corridors.errors import (
    ConstraintError,
    NoRouteError,
    SchedulerError,
    UnknownPlaceError,
    shorten,
)
from corridors.network import check_count
from corridors.reliability import (
    DEFAULT_CHUNK_SIZE,
    SUMMARY_COLUMNS,
    DrawSummary,
    ReliabilityModel,
    WaitPlan,
    check_draws,
    corridor_routes,
    draw_chunk,
    plan_waits,
    resolve_seed,
    summarize,
)
from corridors.scenario_compare import (
    COMPARE_COLUMNS,
    compare_row,
    parse_od_pairs,
    route_record,
)
from corridors.scenarios import Scenario, load_scenario
from corridors.scoring import DEFAULT_COST_MODEL, CostModel

if TYPE_CHECKING:  # pragma: no cover
    import numpy
    import pandas

__all__ = [
    "BASE",
    "DEFAULT_CONNECT_TIMEOUT_S",
    "MAX_DRAW_TASKS",
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

#: Seconds to wait for a scheduler given by address (connection and handshake).
DEFAULT_CONNECT_TIMEOUT_S = 10.0

#: Most draw tasks per (scenario, pair) when the draws are summarised on the fly (more than
#: :data:`corridors.reliability.EXACT_DRAWS`): each task draws a run of chunks and returns
#: their :class:`~corridors.reliability.DrawSummary`.
MAX_DRAW_TASKS = 64

#: The default port of a Dask scheduler and of its dashboard.
_SCHEDULER_PORT, _DASHBOARD_PORT = 8786, 8787

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


def _draw_range_task(plan: WaitPlan | str, start: int, stop: int, chunk_size: int, draws: int,
                     seed: int) -> DrawSummary | None:
    """Draw chunks ``start`` to ``stop - 1`` and fold them into a DrawSummary."""
    if isinstance(plan, str):
        return None
    stats = DrawSummary(plan.base_h)
    for i in range(start, stop):
        stats.add(draw_chunk(plan, i, min(chunk_size, draws - i * chunk_size), seed))
    return stats


def _summary_task(scenario: str, origin: Any, destination: Any, plan: WaitPlan | str,
                  draws: int, seed: int, exact: bool, *chunks: Any) -> list[dict[str, Any]]:
    """Summarise the draws: exactly (arrays) or from DrawSummary parts (``exact=False``)."""
    head = {"scenario": scenario, "origin": _label(origin), "destination": _label(destination)}
    if isinstance(plan, str):
        return [{**head, "draws": draws, "seed": seed, "status": "no route", "reason": plan}]
    if exact:
        import numpy as np

        times = np.concatenate(chunks, axis=0)
        check_times(times)
        rows = summarize(plan, times)
    else:
        stats = DrawSummary(plan.base_h)
        for part in chunks:
            if isinstance(part, DrawSummary):
                stats.merge(part)
            else:
                stats.add(part)
        rows = stats.records(plan)
    return [{**head, **row, "draws": draws, "seed": seed, "status": "ok", "reason": ""}
            for row in rows]


def _pair_task(scenario_label: str, net: Any, scenario: Scenario | None, origin: Any,
               destination: Any, options: dict[str, Any], model: ReliabilityModel | None,
               cost_model: CostModel | None, constraints: dict[str, Any], draws: int,
               chunks: list[tuple[int, int]], seed: int, exact: bool = True
               ) -> list[dict[str, Any]]:
    """Plan, draw every chunk and summarise in one task (when the draws fit in one chunk)."""
    plan = _plan_task(net, scenario, origin, destination, options, model, cost_model,
                      constraints)
    parts = [_draw_task(plan, i, n, seed) for i, n in chunks]
    return _summary_task(scenario_label, origin, destination, plan, draws, seed, exact,
                         *parts)


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


def _timeout(timeout: Any) -> float:
    """Return ``timeout`` (seconds) if it is a finite number > 0, else raise ConstraintError."""
    ok = isinstance(timeout, numbers.Real) and not isinstance(timeout, bool) \
        and math.isfinite(timeout) and timeout > 0
    if not ok:
        raise ConstraintError(f"timeout must be a finite number of seconds > 0, got "
                              f"{shorten(timeout)}")
    return float(timeout)


def _check_scheduler(address: str, timeout: float) -> None:
    """Check that a ``tcp://`` address answers like a Dask scheduler within ``timeout`` s.

    A scheduler sends its handshake as soon as it accepts a connection: a length-prefixed
    frame (8 bytes, little-endian) of a few hundred bytes. distributed itself waits for it
    without a timeout, and allocates whatever length an HTTP server's first bytes spell, so
    both are checked here first. Other schemes (``tls://``, ``inproc://`` ...) are left to
    distributed's own connection timeout.
    """
    from distributed.comm.addressing import parse_address, parse_host_port

    where = f"the Dask scheduler address {shorten(address)}"
    what = (f"check that it is the scheduler's tcp:// address (port {_SCHEDULER_PORT} by "
            f"default, e.g. 'tcp://host:{_SCHEDULER_PORT}'), not its dashboard's http port "
            f"({_DASHBOARD_PORT}), and that the scheduler is running and reachable")
    try:
        scheme, loc = parse_address(address)
        host, port = parse_host_port(loc, _SCHEDULER_PORT) if scheme == "tcp" else ("", 0)
    except (ValueError, TypeError) as exc:
        raise ConstraintError(f"{where} is not an address like 'tcp://host:{_SCHEDULER_PORT}' "
                              f"({exc})") from None
    if scheme in ("http", "https"):
        raise SchedulerError(f"{where} is a web address (the dashboard?); {what}")
    if scheme != "tcp":
        return
    deadline = time.monotonic() + timeout
    head = b""
    connected = False
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as sock:
            connected = True
            while len(head) < 8:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                sock.settimeout(left)
                got = sock.recv(8 - len(head))
                if not got:
                    break
                head += got
    except TimeoutError:
        if not connected:
            raise SchedulerError(f"cannot connect to {where} within {timeout:g} s "
                                  f"(timeout=); {what}") from None
        raise SchedulerError(f"{where} accepted the connection but sent nothing within "
                              f"{timeout:g} s (timeout=); {what}") from None
    except OSError as exc:
        raise SchedulerError(f"cannot connect to {where}: {exc.strerror or exc}; "
                              f"{what}") from None
    if len(head) < 8:
        raise SchedulerError(f"{where} closed the connection without a handshake; {what}")
    (size,) = struct.unpack("<Q", head)
    if head.startswith(b"HTTP") or not 0 < size <= 2 ** 24:
        kind = "a web server (HTTP)" if head.startswith(b"HTTP") else "something else"
        raise SchedulerError(f"{where} answered like {kind}, not like a Dask scheduler; "
                              f"{what}")


@contextmanager
def _connect(distributed: Any, address: str, timeout: float) -> Iterator[Any]:
    """Yield a Client connected to ``address`` within ``timeout`` s, or raise SchedulerError."""
    _check_scheduler(address, timeout)
    try:
        c = distributed.Client(address, timeout=timeout)
    except Exception as exc:  # distributed raises OSError, TimeoutError, ValueError ...
        raise SchedulerError(
            f"cannot connect to the Dask scheduler at {shorten(address)} within {timeout:g} s "
            f"(timeout=): {type(exc).__name__}: {shorten(str(exc), 200)}; check that it is "
            f"the scheduler's address (e.g. 'tcp://host:{_SCHEDULER_PORT}') and that the "
            "scheduler is running") from exc
    with c:
        yield c


@contextmanager
def _runner(client: Any, n_workers: int | None, processes: bool, serial: bool,
            progress: bool, feature: str, timeout: float = DEFAULT_CONNECT_TIMEOUT_S
            ) -> Iterator[_Serial | _Dask]:
    timeout = _timeout(timeout)
    if serial:
        yield _Serial()
        return
    distributed = _require_distributed(feature)
    if client is not None and not isinstance(client, str):
        yield _Dask(client, progress)
        return
    if isinstance(client, str):
        with _connect(distributed, client, timeout) as c:
            logger.info("batch: connected to the cluster at %s", client)
            yield _Dask(c, progress)
        return
    workers = n_workers if n_workers is not None else max(1, os.cpu_count() or 1)
    check_count(workers, "n_workers")
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
def preload(client: Any, network: Any = None, *,
            timeout: float = DEFAULT_CONNECT_TIMEOUT_S) -> int:
    """Load a network on every worker of a cluster ahead of the first batch.

    Useful on a long-lived cluster (and for timing): the first task on each worker otherwise
    pays the load. Only for networks the workers load themselves (None or a data path).

    Parameters
    ----------
    client : distributed.Client or str
        A client or a scheduler address.
    network : None, str, path-like or NetworkSource
        The network the batches will use (default: the built-in one).
    timeout : float
        Seconds to wait for a scheduler given by address (default
        :data:`DEFAULT_CONNECT_TIMEOUT_S`).

    Returns
    -------
    int
        The number of workers that hold it.

    Raises
    ------
    ConstraintError
        If ``network`` is a graph.
    SchedulerError
        (a :class:`ConnectionError`) If the address does not answer like a Dask scheduler
        within ``timeout`` seconds (the message names the address and what to check).
    """
    source = _source(network)
    if not isinstance(source, NetworkSource):
        raise ConstraintError("preload loads a network from a data path; a graph is scattered "
                              "by the batch functions themselves")
    timeout = _timeout(timeout)
    distributed = _require_distributed("preload")
    if isinstance(client, str):
        with _connect(distributed, client, timeout) as c:
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
    timeout: float = DEFAULT_CONNECT_TIMEOUT_S,
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
    timeout : float
        Seconds to wait for a scheduler given by address in ``client`` (default
        :data:`DEFAULT_CONNECT_TIMEOUT_S`, 10 s).
    **constraints
        Keyword options of :func:`~corridors.routing.best_route`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`corridors.scenarios.COMPARE_COLUMNS`, one row per scenario and pair:
        ``base_*``, ``scenario_*`` and ``delta_*`` of km, crossings, hours, USD, score and
        ``kg_co2e`` (well-to-wheel kg CO2e per TEU), as in
        :func:`~corridors.scenarios.compare_scenarios`.

    Raises
    ------
    ConstraintError
        For an invalid option.
    SchedulerError
        (a :class:`ConnectionError`) For a scheduler address that does not answer like a Dask
        scheduler within ``timeout`` seconds (the message names the address and what to
        check: the tcp:// address, not the dashboard's http port).
    """
    import pandas as pd

    pairs = parse_od_pairs(od_pairs)
    scen = [s for s in _scenarios(scenarios) if s[1] is not None]
    source = _source(network)
    _check_locally(source, pairs, scen, cost_model)
    with _runner(client, n_workers, processes, serial, progress, "scenario_batch",
                 timeout) as run:
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
    max_draws: int | None = None,
    timeout: float = DEFAULT_CONNECT_TIMEOUT_S,
    **constraints: Any,
) -> pandas.DataFrame:
    """Simulate the corridors of many pairs under many scenarios, in parallel.

    For each (scenario, pair): one task finds the routes and their waits
    (:func:`corridors.reliability.corridor_routes`, :func:`~corridors.reliability.plan_waits`),
    one task per chunk of ``chunk_size`` draws simulates them, and one task summarises; when
    the draws fit in one chunk the three are one task (tiny tasks cost more to schedule than
    to run). Above :data:`corridors.reliability.EXACT_DRAWS` draws, at most
    :data:`MAX_DRAW_TASKS` tasks each draw a run of chunks and return their
    :class:`~corridors.reliability.DrawSummary` (memory constant in the draws). Each row
    equals the corresponding row of :func:`corridors.reliability.corridor_reliability` with
    the same seed and chunk size.

    Parameters
    ----------
    od_pairs : iterable
        ``(origin, destination)`` pairs or ``"ORIGIN:DESTINATION"`` strings.
    draws : int
        Monte Carlo draws per pair and scenario (1 to ``max_draws``).
    scenarios : iterable
        None (the base), built-in names, files or Scenario objects (default: the base only).
    routes, k, objective, corridors, max_detour
        Which routes to compare (:func:`~corridors.reliability.corridor_routes`).
    model : ReliabilityModel, optional
        The distributions.
    network, cost_model, client, n_workers, processes, serial, progress, timeout
        As in :func:`scenario_batch`.
    seed : int or None
        Seed of every (scenario, pair) (default 0; None: fresh entropy, reported).
    chunk_size : int
        Draws per task (1 to :data:`corridors.reliability.MAX_CHUNK_SIZE`).
    max_draws : int, optional
        Upper limit on ``draws`` (default :data:`corridors.reliability.MAX_DRAWS`).
    **constraints
        Keyword options of :func:`~corridors.routing.best_route`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RELIABILITY_COLUMNS`: one row per scenario, pair and corridor, with
        ``p50_h``, ``p90_h``, ``p95_h``, ``p_fastest`` ...; a pair without any route has one
        row with ``status="no route"`` and the ``reason``.

    Raises
    ------
    ConstraintError
        For an invalid option (``draws`` above ``max_draws``, ``k``, ``max_detour``,
        ``routes`` ...) before any task runs.
    SchedulerError
        (a :class:`ConnectionError`) For a scheduler address that does not answer within
        ``timeout`` seconds.
    """
    import pandas as pd

    from corridors.routing.alternatives import _check_k
    from corridors.routing.compare import _check_max_detour

    check_draws(draws, chunk_size, max_draws)
    if routes not in _reliability.ROUTE_SETS:
        raise ConstraintError(f"routes must be one of {_reliability.ROUTE_SETS}, got "
                              f"{shorten(routes)}")
    if routes == "alternatives":
        _check_k(k, constraints.get("max_k"))
    _check_max_detour(max_detour)
    pairs = parse_od_pairs(od_pairs)
    scen = _scenarios(scenarios)
    source = _source(network)
    n_chunks = -(-draws // chunk_size)
    exact = draws <= _reliability.EXACT_DRAWS
    s = resolve_seed(seed)
    options = {"routes": routes, "k": k, "objective": objective,
               "corridors": None if corridors is None else list(corridors),
               "max_detour": max_detour}
    _check_locally(source, pairs, scen, cost_model)
    with _runner(client, n_workers, processes, serial, progress, "reliability_batch",
                 timeout) as run:
        net = run.network(source)
        futures = []
        for label, sc in scen:
            for o, d in pairs:
                if n_chunks == 1:  # one task per (scenario, pair): no tiny draw tasks
                    futures.append(run.submit(_pair_task, label, net, sc, o, d, options, model,
                                              cost_model, dict(constraints), draws,
                                              [(0, draws)], s, exact))
                    continue
                plan = run.submit(_plan_task, net, sc, o, d, options, model, cost_model,
                                  dict(constraints))
                if exact:
                    parts = [run.submit(_draw_task, plan, i, n, s)
                             for i, n in iter_chunks(draws, chunk_size)]
                else:  # runs of chunks, each folded into a DrawSummary by its task
                    groups = min(n_chunks, MAX_DRAW_TASKS)
                    bounds = [n_chunks * g // groups for g in range(groups + 1)]
                    parts = [run.submit(_draw_range_task, plan, lo, hi, chunk_size, draws, s)
                             for lo, hi in pairwise(bounds)]
                futures.append(run.submit(_summary_task, label, o, d, plan, draws, s, exact,
                                          *parts))
        results = run.wait(futures)
    rows = [row for part in results for row in part]
    return pd.DataFrame(rows, columns=list(RELIABILITY_COLUMNS))
