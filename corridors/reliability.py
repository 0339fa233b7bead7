"""Reliability: door-to-door times as distributions, by Monte Carlo over border and port waits.

The deterministic model (:mod:`corridors.scoring`) gives each route one time: running time
plus the *typical* wait at every border crossing, ferry, port call and change of mode. Real
waits vary. Here every wait of a route is a random variable whose mean is the deterministic
figure, and a route's time in one draw is

``route.time_h + sum over its waits of (draw - deterministic wait)``

so the mean of the draws converges to :attr:`~corridors.route.Route.time_h`, and with zero
variance (:meth:`ReliabilityModel.deterministic`) every draw *equals* it exactly.

Distributions (:class:`ReliabilityModel`)
-----------------------------------------
* **Border crossings** -- lognormal with mean = the crossing time the scorer uses and a
  coefficient of variation (CV) per mode: road 0.8, rail 0.6, sea 0.5 (**assumptions**, see
  below). Where a published minimum / average / maximum is known, pass it in
  ``crossing_ranges`` and the crossing is triangular on it (mode ``3*avg - min - max``).
* **Ferry waits** -- uniform between 0 and the headway ``168 / sailings_per_week``: a shipment
  that reaches the port at a random moment waits on average half the headway, which is exactly
  the deterministic figure (a consequence of the model, not an assumption). Caspian ferries
  that sail "when full" are more irregular than a timetable; choose ``ferry_wait="lognormal"``
  with ``ferry_cv`` to widen it.
* **Port dwell** -- lognormal, CV 0.6 (**assumption**); triangular from ``dwell_ranges``.
* **Changes of mode** -- lognormal, CV 0.5 (**assumption**).
* **Running time** -- deterministic by default (``running_cv=0``): CPMM's speed without
  delay already excludes the waits modelled above.

Why these CVs: the sources give averages only. ADB CAREC CPMM publishes one average time per
border crossing point and year, and its year-on-year swings show how wide the spread is
(Torugart road outbound 2.4 h in 2020, 25.8 h in 2021, 50.1 h in 2022; Peshawar outbound
50.0, 31.6, 24.2 h). A lognormal is the usual shape for queueing and processing times
(positive, right-skewed). With CV 0.8 the 95th percentile of a road crossing is about 2.5x its
mean, with 0.6 (rail: scheduled train processing and gauge change, less erratic per wagon but
long) about 2.2x, with 0.5 (sea formalities at a port) about 1.9x. These are stated
assumptions for sensitivity analysis, not measurements; override any of them.

Correlation: waits are keyed by the event (crossing and direction, port call, ferry link and
direction, place of a transfer), and routes that share an event share its draw (common random
numbers), so "which corridor is fastest" compares corridors on the same day at a shared
border. Waits at different places are independent.

Reproducibility: draws are made in chunks of ``chunk_size``; chunk ``i`` uses
``numpy.random.default_rng(numpy.random.SeedSequence(seed, spawn_key=(i,)))``, so the numbers
do not depend on how chunks are spread over processes (:mod:`corridors.batch`). All waits of a
chunk are drawn at once (one vectorised call per distribution family).

Bounded work: memory is constant in the number of draws. Up to :data:`EXACT_DRAWS` draws
are kept (``ReliabilityResult.times_h``) and summarised exactly; above it each chunk is
folded into a :class:`DrawSummary` as soon as it is drawn and dropped: mean, standard
deviation, P(fastest), minimum and maximum stay exact, and the percentiles come from a
histogram of :data:`HISTOGRAM_RESOLUTION_H` (0.01 h) bins per route, exact to within one
bin. At most :data:`MAX_DRAWS` draws are made unless ``max_draws`` raises the limit (the
time grows with the draws), and ``progress`` reports ``(done, total)`` draws as the chunks
are drawn.

numpy and pandas are imported inside the functions that need them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from corridors.draws import (
    DEFAULT_CHUNK_SIZE,
    HISTOGRAM_MAX_BINS,
    HISTOGRAM_RESOLUTION_H,
    MAX_CHUNK_SIZE,
    MAX_DRAWS,
    SUMMARY_COLUMNS,
    DrawSummary,
    Progress,
    check_draws,
    check_progress,
    check_times,
    iter_chunks,
    progress_reporter,
    summarize,
)
from corridors.errors import ConstraintError, shorten
from corridors.route import Route
from corridors.scoring import CostModel
from corridors.waits import (
    _FIXED,
    _LOGNORMAL,
    _TRIANGULAR,
    _UNIFORM,
    DEFAULT_CROSSING_CV,
    DEFAULT_MODEL,
    ReliabilityModel,
    WaitPlan,
    plan_waits,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy
    import pandas

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_CROSSING_CV",
    "DEFAULT_MODEL",
    "EXACT_DRAWS",
    "HISTOGRAM_MAX_BINS",
    "HISTOGRAM_RESOLUTION_H",
    "MAX_CHUNK_SIZE",
    "MAX_DRAWS",
    "ROUTE_SETS",
    "SUMMARY_COLUMNS",
    "DrawSummary",
    "ReliabilityModel",
    "ReliabilityResult",
    "WaitPlan",
    "check_draws",
    "corridor_reliability",
    "corridor_routes",
    "draw",
    "draw_chunk",
    "plan_waits",
    "resolve_seed",
    "simulate_routes",
    "summarize",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())


#: Up to this many draws are kept and summarised exactly (``ReliabilityResult.times_h``);
#: above it they are summarised on the fly by a :class:`DrawSummary` (memory constant in
#: the number of draws; percentiles from a histogram).
EXACT_DRAWS = 200_000

#: How :func:`corridor_routes` picks the routes of an origin-destination pair.
ROUTE_SETS = ("compare", "alternatives", "best")



# --------------------------------------------------------------------------------------------
# drawing
# --------------------------------------------------------------------------------------------
def resolve_seed(seed: int | None) -> int:
    """Return ``seed``, or fresh entropy when it is None (recorded for reproducibility)."""
    import numpy as np

    if seed is None:
        return int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConstraintError(f"seed must be a non-negative integer or None, got {shorten(seed)}")
    return seed


def draw_chunk(plan: WaitPlan, chunk: int, size: int, seed: int) -> numpy.ndarray:
    """Return ``size`` draws of every route's time for chunk number ``chunk``.

    Parameters
    ----------
    plan : WaitPlan
        The waits.
    chunk : int
        Chunk index (selects the random stream ``SeedSequence(seed, spawn_key=(chunk,))``).
    size : int
        Number of draws.
    seed : int
        The user's seed.

    Returns
    -------
    numpy.ndarray
        Shape ``(size, n_routes)``, hours.
    """
    import numpy as np

    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk,)))
    base = np.asarray(plan.base_h, dtype=float)
    K, R = len(plan.keys), len(plan.labels)
    if K == 0:
        return np.repeat(base[None, :], size, axis=0)
    family = np.asarray(plan.family)
    mean = np.asarray(plan.mean_h, dtype=float)
    a, b, c = (np.asarray(x, dtype=float) for x in (plan.a, plan.b, plan.c))
    dev = np.empty((size, K))
    fixed = family == _FIXED
    dev[:, fixed] = (a[fixed] - mean[fixed])[None, :]
    for fam in (_LOGNORMAL, _UNIFORM, _TRIANGULAR):
        idx = np.flatnonzero(family == fam)
        if not idx.size:
            continue
        shape = (size, idx.size)
        if fam == _LOGNORMAL:
            x = rng.lognormal(a[idx], b[idx], size=shape)
        elif fam == _UNIFORM:
            x = rng.uniform(a[idx], b[idx], size=shape)
        else:
            x = rng.triangular(a[idx], b[idx], c[idx], size=shape)
        dev[:, idx] = x - mean[idx]
    M = np.zeros((K, R))
    for i, r, n in plan.incidence:
        M[i, r] += n
    return base[None, :] + dev @ M


def draw(plan: WaitPlan, draws: int, seed: int, chunk_size: int = DEFAULT_CHUNK_SIZE, *,
         max_draws: int | None = None,
         progress: bool | Callable[[int, int], None] = False) -> numpy.ndarray:
    """Return all draws of a plan, chunk by chunk (shape ``(draws, n_routes)``).

    Every draw is held in memory (``draws x n_routes`` floats): for summaries of many draws
    use :func:`simulate_routes` or :class:`DrawSummary`, whose memory is constant.

    Parameters
    ----------
    plan : WaitPlan
        The waits.
    draws : int
        Number of draws (at most ``max_draws``).
    seed : int
        The seed.
    chunk_size : int
        Draws per chunk.
    max_draws : int, optional
        Upper limit on ``draws`` (default :data:`MAX_DRAWS`).
    progress : bool or callable
        Report progress (see :func:`simulate_routes`).

    Raises
    ------
    ConstraintError
        For a non-positive ``draws`` or ``chunk_size``, or ``draws`` above ``max_draws``.
    """
    import numpy as np

    check_draws(draws, chunk_size, max_draws)
    report = progress_reporter(progress, draws)
    parts = []
    try:
        for i, n in iter_chunks(draws, chunk_size):
            parts.append(draw_chunk(plan, i, n, seed))
            report(i * chunk_size + n)
    finally:
        report.close()
    return np.concatenate(parts, axis=0)


@dataclass(frozen=True, eq=False)
class ReliabilityResult:
    """The draws of a Monte Carlo simulation and their summary.

    Attributes
    ----------
    plan : WaitPlan
        The waits simulated.
    times_h : numpy.ndarray or None
        Door-to-door hours, shape ``(draws, n_routes)``; None when there were more than
        :data:`EXACT_DRAWS` draws (they were summarised on the fly, see ``stats``).
    seed : int
        The seed used (fresh entropy is recorded here when ``seed=None`` was given).
    routes : tuple of Route
        The routes (empty when built from a plan alone).
    model : ReliabilityModel
        The distributions.
    stats : DrawSummary or None
        The summary of the draws when they were not kept (``times_h`` is None).
    """

    plan: WaitPlan
    times_h: numpy.ndarray | None
    seed: int
    routes: tuple[Route, ...] = ()
    model: ReliabilityModel = field(default=DEFAULT_MODEL)
    stats: DrawSummary | None = None

    def __post_init__(self) -> None:
        if (self.times_h is None) == (self.stats is None):
            raise ConstraintError("a ReliabilityResult needs either times_h or stats")

    @property
    def labels(self) -> tuple[str, ...]:
        """One label per route."""
        return self.plan.labels

    @property
    def draws(self) -> int:
        """Number of draws."""
        if self.stats is not None:
            return self.stats.draws
        return int(self.times_h.shape[0])  # type: ignore[union-attr]

    def p_fastest(self) -> dict[str, float]:
        """Return the probability that each route is the fastest, by label."""
        return {row["corridor"]: row["p_fastest"] for row in self.to_records()}

    def to_records(self) -> list[dict[str, Any]]:
        """Return :func:`summarize` rows (plain Python values: JSON-ready).

        Exact up to :data:`EXACT_DRAWS` draws; above it the percentiles are read from
        histograms of :data:`HISTOGRAM_RESOLUTION_H` (0.01 h) bins (:class:`DrawSummary`).
        """
        if self.stats is not None:
            return self.stats.records(self.plan)
        return summarize(self.plan, self.times_h)  # type: ignore[arg-type]

    def summary(self) -> pandas.DataFrame:
        """Return one row per route as a :class:`pandas.DataFrame`.

        Columns :data:`SUMMARY_COLUMNS` -- ``time_h`` (deterministic), ``mean_h``, ``std_h``,
        ``p50_h``, ``p90_h``, ``p95_h``, ``buffer_index``, ``p_fastest`` and route facts --
        then any per-route ``info`` fields (``free_optimum`` ...).
        """
        from corridors._optional import require

        pd = require("pandas", "ReliabilityResult.summary", "geo")
        rows = self.to_records()
        extra = [k for row in rows for k in row if k not in SUMMARY_COLUMNS]
        return pd.DataFrame(rows, columns=[*SUMMARY_COLUMNS, *dict.fromkeys(extra)])


def simulate_routes(
    G: nx.MultiDiGraph,
    routes: Sequence[Route],
    draws: int = 10_000,
    *,
    labels: Sequence[str] | None = None,
    model: ReliabilityModel | None = None,
    cost_model: CostModel | None = None,
    seed: int | None = 0,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_draws: int | None = None,
    progress: bool | Callable[[int, int], None] = False,
) -> ReliabilityResult:
    """Simulate the door-to-door time of routes by Monte Carlo over their waits.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network the routes were found on.
    routes : sequence of Route
        The routes to compare (e.g. the result of
        :func:`~corridors.routing.compare_corridors`).
    draws : int
        Number of draws (1 to ``max_draws``). Up to :data:`EXACT_DRAWS` they are kept
        (``times_h``) and summarised exactly; above, they are summarised chunk by chunk in
        constant memory (:class:`DrawSummary`: percentiles to 0.01 h).
    labels : sequence of str, optional
        One label per route (default: the corridor label, else ``"route i"``).
    model : ReliabilityModel, optional
        The distributions (defaults: module docstring).
    cost_model : CostModel, optional
        The cost model the routes were scored with.
    seed : int or None
        Seed (0 by default); None draws fresh entropy, recorded in the result.
    chunk_size : int
        Draws per chunk, 1 to :data:`MAX_CHUNK_SIZE` (see the module docstring; the numbers
        depend on it).
    max_draws : int, optional
        Upper limit on ``draws`` (default :data:`MAX_DRAWS`, ten million).
    progress : bool or callable
        False (default): silent. A callable is called as ``progress(done, total)`` (draws)
        after every chunk. True: a ``tqdm`` progress bar if tqdm is installed, else a log
        line at INFO level on the ``corridors.reliability`` logger every 5 % of the draws.

    Returns
    -------
    ReliabilityResult
        ``.summary()`` gives P50/P90/P95 and the probability of being fastest.

    Raises
    ------
    ConstraintError
        For ``draws`` or ``chunk_size`` that is not a positive integer, ``draws`` above
        ``max_draws`` (the message says how to raise it), or routes scored on another graph
        or cost model.

    Examples
    --------
    >>> from corridors.routing import best_route
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> r = best_route(G, "a1", "c2", "time")
    >>> res = simulate_routes(G, [r], 1000, model=ReliabilityModel.deterministic())
    >>> bool((res.times_h == r.time_h).all())
    True
    """
    check_draws(draws, chunk_size, max_draws)
    check_progress(progress)  # a bad value fails before any work
    m = model or DEFAULT_MODEL
    plan = plan_waits(G, routes, labels=labels, model=m, cost_model=cost_model)
    s = resolve_seed(seed)
    times, stats = _simulate(plan, draws, s, chunk_size, progress_reporter(progress, draws))
    return ReliabilityResult(plan, times, s, tuple(routes), m, stats)


def _simulate(plan: WaitPlan, draws: int, seed: int, chunk_size: int, report: Progress
              ) -> tuple[numpy.ndarray | None, DrawSummary | None]:
    """Draw chunk by chunk: all draws up to EXACT_DRAWS, else a DrawSummary."""
    import numpy as np

    exact = draws <= EXACT_DRAWS
    parts: list[numpy.ndarray] = []
    stats = None if exact else DrawSummary(plan.base_h)
    try:
        for i, n in iter_chunks(draws, chunk_size):
            times = draw_chunk(plan, i, n, seed)
            if stats is None:
                check_times(times)
                parts.append(times)
            else:
                stats.add(times)
            report(i * chunk_size + n)
    finally:
        report.close()
    return (np.concatenate(parts, axis=0) if stats is None else None), stats


# --------------------------------------------------------------------------------------------
# the corridors of an origin-destination pair
# --------------------------------------------------------------------------------------------
def corridor_routes(
    G: nx.MultiDiGraph,
    origin: Any,
    destination: Any,
    *,
    routes: str = "compare",
    k: int = 3,
    objective: Any = "time",
    corridors: Iterable[str] | None = None,
    max_detour: float | None = 1.5,
    cost_model: CostModel | None = None,
    **constraints: Any,
) -> tuple[list[Route], list[str], list[dict[str, Any]]]:
    """Return the routes to compare for a pair, their labels and summary facts.

    Parameters
    ----------
    routes : {"compare", "alternatives", "best"}
        ``"compare"``: the free optimum and the named corridors of
        :func:`~corridors.routing.compare_corridors` (``corridors``, ``max_detour``), routes
        with the same signature merged (labels joined with ``" / "``; the free optimum is
        labelled ``"free optimum"`` unless a named corridor has its signature);
        ``"alternatives"``: the ``k`` best corridors of
        :func:`~corridors.routing.alternatives`, labelled ``"alternative i: countries"``;
        ``"best"``: the best route only.
    k : int
        Number of alternatives.
    objective : str or ScoreWeights
        What picks the routes (default ``"time"``).
    corridors, max_detour
        As in :func:`~corridors.routing.compare_corridors` (``routes="compare"`` only).
    cost_model : CostModel, optional
        Speeds, rates and defaults.
    **constraints
        Keyword options of :func:`~corridors.routing.best_route`.

    Returns
    -------
    routes : list of Route
    labels : list of str
    info : list of dict
        ``free_optimum`` (bool) per route.

    Raises
    ------
    NoRouteError
        If there is no route at all.
    """
    from corridors.routing import alternatives, best_route
    from corridors.routing.compare import _compare

    if routes == "compare":
        # the stages on the compiled state graph (numpy is loaded for the draws anyway)
        found = _compare(G, origin, destination, objective, corridors=corridors,
                         max_detour=max_detour, cost_model=cost_model, compiled=True,
                         **constraints)
        free = found[0]
        merged: dict[tuple[str, ...], tuple[Route, list[str]]] = {}
        for r in found:
            entry = merged.setdefault(tuple(r.signature), (r, []))
            if r.corridor is not None:
                entry[1].append(r.corridor)
        out, labels, info = [], [], []
        for sig, (r, names) in merged.items():
            out.append(r)
            labels.append(" / ".join(names) if names else "free optimum")
            info.append({"free_optimum": sig == tuple(free.signature)})
        return out, labels, info
    if routes == "alternatives":
        found = alternatives(G, origin, destination, k, objective, cost_model=cost_model,
                             **constraints)
        labels = [f"alternative {i}: {' > '.join(r.countries)}" for i, r in enumerate(found, 1)]
        return list(found), labels, [{"free_optimum": i == 0} for i in range(len(found))]
    if routes == "best":
        r = best_route(G, origin, destination, objective, cost_model=cost_model, **constraints)
        return [r], ["free optimum"], [{"free_optimum": True}]
    raise ConstraintError(f"routes must be one of {ROUTE_SETS}, got {routes!r}")


def corridor_reliability(
    G: nx.MultiDiGraph,
    origin: Any,
    destination: Any,
    draws: int = 10_000,
    *,
    routes: str = "compare",
    k: int = 3,
    objective: Any = "time",
    corridors: Iterable[str] | None = None,
    max_detour: float | None = 1.5,
    model: ReliabilityModel | None = None,
    cost_model: CostModel | None = None,
    seed: int | None = 0,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_draws: int | None = None,
    progress: bool | Callable[[int, int], None] = False,
    **constraints: Any,
) -> ReliabilityResult:
    """Simulate the corridors of an origin-destination pair: P50/P90/P95 and P(fastest).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network (a scenario's graph for a scenario, with its ``cost_model``).
    origin, destination : str or (float, float)
        Places (see :func:`~corridors.routing.best_route`).
    draws : int
        Number of Monte Carlo draws (1 to ``max_draws``; see :func:`simulate_routes`).
    routes, k, objective, corridors, max_detour
        Which routes to compare (:func:`corridor_routes`).
    model : ReliabilityModel, optional
        The distributions.
    cost_model : CostModel, optional
        Speeds, rates and defaults.
    seed : int or None
        Seed (default 0); the same seed gives the same numbers.
    chunk_size : int
        Draws per chunk, 1 to :data:`MAX_CHUNK_SIZE` (:mod:`corridors.batch` splits the
        work by chunk).
    max_draws : int, optional
        Upper limit on ``draws`` (default :data:`MAX_DRAWS`).
    progress : bool or callable
        Progress of the draws (see :func:`simulate_routes`).
    **constraints
        Keyword options of :func:`~corridors.routing.best_route` (``modes``, ``avoid_*``,
        ``max_crossings``, ``include_planned``).

    Returns
    -------
    ReliabilityResult
        ``.summary()`` (DataFrame) or ``.to_records()`` (JSON-ready dicts): one row per
        corridor with ``time_h``, ``mean_h``, ``p50_h``, ``p90_h``, ``p95_h``,
        ``buffer_index``, ``p_fastest``, ``free_optimum`` and route facts.

    Raises
    ------
    NoRouteError, UnknownPlaceError, ConstraintError
        As in :func:`~corridors.routing.best_route`; ConstraintError also for ``draws``,
        ``chunk_size``, ``max_draws`` or ``progress`` out of their domain.
    """
    check_draws(draws, chunk_size, max_draws)
    check_progress(progress)
    m = model or DEFAULT_MODEL
    found, labels, info = corridor_routes(
        G, origin, destination, routes=routes, k=k, objective=objective, corridors=corridors,
        max_detour=max_detour, cost_model=cost_model, **constraints)
    plan = plan_waits(G, found, labels=labels, model=m, cost_model=cost_model, info=info)
    s = resolve_seed(seed)
    logger.debug("reliability %s -> %s: %d routes, %d waits, %d draws", origin, destination,
                 len(found), len(plan.keys), draws)
    times, stats = _simulate(plan, draws, s, chunk_size, progress_reporter(progress, draws))
    return ReliabilityResult(plan, times, s, tuple(found), m, stats)
