"""Monte Carlo draws in bounded work: limits, chunks, progress, and summaries in constant memory.

The bookkeeping of :mod:`corridors.reliability` and :mod:`corridors.batch` that does not
depend on what is drawn:

* **limits** -- :func:`check_draws`: at most :data:`MAX_DRAWS` draws unless ``max_draws``
  raises it, chunks of at most :data:`MAX_CHUNK_SIZE`; :func:`iter_chunks` splits a run;
* **progress** -- :func:`progress_reporter` turns ``progress=`` (False, True or a callable
  ``(done, total)``) into a :class:`Progress` called after every chunk: a tqdm bar when
  tqdm is installed, else a log line every 5 % of the draws;
* **summaries** -- :func:`summarize` summarises draws held in memory exactly;
  :class:`DrawSummary` folds chunks in as they are drawn, in memory constant in the number
  of draws (percentiles from histograms of :data:`HISTOGRAM_RESOLUTION_H` hours).

numpy is imported inside the functions that need it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from corridors.errors import ConstraintError, shorten
from corridors.network import check_count

if TYPE_CHECKING:
    import numpy

    from corridors.reliability import WaitPlan

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "HISTOGRAM_MAX_BINS",
    "HISTOGRAM_RESOLUTION_H",
    "MAX_CHUNK_SIZE",
    "MAX_DRAWS",
    "SUMMARY_COLUMNS",
    "DrawSummary",
    "Progress",
    "check_draws",
    "check_progress",
    "check_times",
    "iter_chunks",
    "progress_reporter",
    "summarize",
    "summary_rows",
]

# progress lines go where users of corridors.reliability look for them
logger = logging.getLogger("corridors.reliability")

#: Draws per chunk (the unit of seeding and of parallel work): 10,000 draws of a pair's
#: corridors take a few milliseconds, so smaller chunks only add scheduling overhead.
DEFAULT_CHUNK_SIZE = 10_000

#: Largest ``chunk_size``: a chunk is held in memory whole (draws x waits and draws x routes
#: floats).
MAX_CHUNK_SIZE = 1_000_000

#: Default upper limit on the number of draws (``max_draws`` raises it): memory is constant
#: in the draws, but the time is not (about a second per million draws of a pair's
#: corridors).
MAX_DRAWS = 10_000_000

#: Width in hours of a histogram bin of :class:`DrawSummary` (the resolution of the
#: percentiles of a run of more than :data:`EXACT_DRAWS` draws).
HISTOGRAM_RESOLUTION_H = 0.01

#: Most bins a route's histogram holds (2 MiB); when the draws of a route span more than
#: ``HISTOGRAM_MAX_BINS * HISTOGRAM_RESOLUTION_H`` hours (about 2,600 h) the bins are merged
#: pairwise (the resolution doubles) until they fit.
HISTOGRAM_MAX_BINS = 2 ** 18

#: Simulated times beyond this many hours are refused (a spread so wide is not a wait).
_MAX_TIME_H = 1e12


# --------------------------------------------------------------------------------------------
# limits and chunks
# --------------------------------------------------------------------------------------------
def check_draws(draws: int, chunk_size: int = DEFAULT_CHUNK_SIZE,
                max_draws: int | None = None) -> tuple[int, int]:
    """Validate a number of draws and a chunk size against the limits.

    Parameters
    ----------
    draws : int
        Number of draws (>= 1).
    chunk_size : int
        Draws per chunk (1 to :data:`MAX_CHUNK_SIZE`).
    max_draws : int, optional
        Upper limit on ``draws`` (default :data:`MAX_DRAWS`).

    Returns
    -------
    (int, int)
        ``draws`` and ``chunk_size``.

    Raises
    ------
    ConstraintError
        If either is not a positive integer, ``chunk_size`` is above :data:`MAX_CHUNK_SIZE`
        or ``draws`` is above the limit (the message says how to raise it).
    """
    limit = MAX_DRAWS if max_draws is None else check_count(max_draws, "max_draws")
    check_count(draws, "draws")
    check_count(chunk_size, "chunk_size")
    if chunk_size > MAX_CHUNK_SIZE:
        raise ConstraintError(f"chunk_size must be at most {MAX_CHUNK_SIZE:,} (a chunk is held "
                              f"in memory whole), got {chunk_size:,}")
    if draws > limit:
        raise ConstraintError(
            f"draws={draws:,} is above the limit of {limit:,} draws; raise it with "
            f"max_draws={draws} (CLI: --max-draws {draws}) if you mean it: memory stays "
            f"constant but the time grows with the draws")
    return draws, chunk_size


def iter_chunks(draws: int, chunk_size: int) -> Iterator[tuple[int, int]]:
    """Yield ``(chunk index, size)`` of every chunk of ``draws`` (validated by the caller)."""
    n = -(-draws // chunk_size)
    return ((i, min(chunk_size, draws - i * chunk_size)) for i in range(n))


# --------------------------------------------------------------------------------------------
# progress
# --------------------------------------------------------------------------------------------
class Progress:
    """Call a progress callback, update a tqdm bar, or log, once per chunk."""

    def __init__(self, total: int, callback: Callable[[int, int], None] | None = None,
                 bar: Any = None, log: bool = False) -> None:
        self.total, self.callback, self.bar, self.log = total, callback, bar, log
        self.done = 0
        self.next_log = 0

    def __call__(self, done: int) -> None:
        """Report that ``done`` of the draws are made."""
        if self.callback is not None:
            self.callback(done, self.total)
        if self.bar is not None:
            self.bar.update(done - self.done)
        if self.log and (done >= self.next_log or done == self.total):
            logger.info("reliability: %s of %s draws", f"{done:,}", f"{self.total:,}")
            self.next_log = done + max(1, self.total // 20)
        self.done = done

    def close(self) -> None:
        """Close the progress bar, if any."""
        if self.bar is not None:
            self.bar.close()


def check_progress(progress: Any) -> None:
    """Raise ConstraintError unless ``progress`` is True, False, None or a callable."""
    if not (progress is None or isinstance(progress, bool) or callable(progress)):
        raise ConstraintError("progress must be True, False or a callable (done, total), got "
                              f"{shorten(progress)}")


def progress_reporter(progress: Any, total: int) -> Progress:
    """Return the progress reporter of ``progress`` (False, True or a callable)."""
    check_progress(progress)
    if progress is False or progress is None:
        return Progress(total)
    if callable(progress):
        return Progress(total, callback=progress)
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return Progress(total, log=True)
    return Progress(total, bar=tqdm(total=total, unit="draw", unit_scale=True,
                                     desc="reliability"))


# --------------------------------------------------------------------------------------------
# summaries
# --------------------------------------------------------------------------------------------
#: Columns of :meth:`ReliabilityResult.summary` (then any per-route ``info`` fields).
SUMMARY_COLUMNS = ("corridor", "time_h", "mean_h", "std_h", "p50_h", "p90_h", "p95_h",
                   "buffer_index", "p_fastest", "distance_km", "crossings", "cost_usd",
                   "countries")


def summarize(plan: WaitPlan, times: numpy.ndarray) -> list[dict[str, Any]]:
    """Return one JSON-ready dict per route: percentiles, mean, P(fastest) and route facts.

    ``buffer_index`` is ``(p95 - mean) / mean``, the extra time to plan for to arrive on
    time 19 times in 20 (FHWA's buffer index). ``p_fastest`` is the share of draws in which
    the route is the fastest (ties go to the first route).
    """
    import numpy as np

    n, R = times.shape
    q = np.quantile(times, [0.5, 0.9, 0.95], axis=0)
    shifted = times - times[0]  # exact for a constant column (zero variance), and stabler
    mean = times[0] + shifted.mean(axis=0)
    std = shifted.std(axis=0, ddof=1) if n > 1 else np.zeros(R)
    fastest = np.bincount(np.argmin(times, axis=1), minlength=R) / n
    return summary_rows(plan, mean, std, q, fastest)


class _Histogram:
    """Counts of one route's draws in bins ``[j * w, (j + 1) * w)``, ``w = res * 2**shift``.

    Bin indices are computed at the base resolution (``floor(t / res)``) and shifted right,
    so the counts at a given ``shift`` do not depend on the order in which draws or partial
    histograms are added (``floor(floor(x) / 2) == floor(x / 2)``); ``shift`` is always the
    smallest that fits all draws in :data:`HISTOGRAM_MAX_BINS` bins.
    """

    __slots__ = ("counts", "lo", "shift")

    def __init__(self) -> None:
        import numpy as np

        self.shift = 0
        self.lo = 0  # index of counts[0] at the current shift
        self.counts = np.zeros(0, dtype=np.int64)

    def _fit(self, lo: int, hi: int) -> None:
        """Widen to cover base-resolution indices ``lo..hi``, coarsening as needed."""
        import numpy as np

        if self.counts.size:
            lo = min(lo, self.lo << self.shift)
            hi = max(hi, ((self.lo + self.counts.size) << self.shift) - 1)
        shift = self.shift
        while (hi >> shift) - (lo >> shift) + 1 > HISTOGRAM_MAX_BINS:
            shift += 1
        if self.counts.size and shift > self.shift:  # merge bins (exact integer sums)
            idx = (self.lo + np.arange(self.counts.size)) >> (shift - self.shift)
            starts = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1]])
            self.counts = np.add.reduceat(self.counts, starts)
            self.lo = int(idx[0])
        self.shift = shift
        new_lo, new_hi = lo >> shift, hi >> shift
        if not self.counts.size:
            self.lo, self.counts = new_lo, np.zeros(new_hi - new_lo + 1, dtype=np.int64)
            return
        before = self.lo - new_lo
        after = new_hi - (self.lo + self.counts.size - 1)
        if before > 0 or after > 0:
            self.counts = np.concatenate([np.zeros(max(before, 0), dtype=np.int64),
                                          self.counts,
                                          np.zeros(max(after, 0), dtype=np.int64)])
            self.lo = min(self.lo, new_lo)

    def add(self, idx: numpy.ndarray) -> None:
        """Count base-resolution bin indices ``idx`` (int64)."""
        import numpy as np

        self._fit(int(idx.min()), int(idx.max()))
        j = (idx >> self.shift) - self.lo
        self.counts += np.bincount(j, minlength=self.counts.size)

    def merge(self, other: _Histogram) -> None:
        """Add another histogram's counts."""
        import numpy as np

        if not other.counts.size:
            return
        hi = ((other.lo + other.counts.size) << other.shift) - 1
        self._fit(other.lo << other.shift, hi)
        idx = ((other.lo + np.arange(other.counts.size)) >> (self.shift - other.shift)
               ) - self.lo
        np.add.at(self.counts, idx, other.counts)

    def order_statistic(self, i: int) -> float:
        """Return an estimate of the ``i``-th smallest draw (0-based): values spread evenly."""
        import numpy as np

        cum = np.cumsum(self.counts)
        b = int(np.searchsorted(cum, i, side="right"))
        c = int(self.counts[b])
        within = i - (int(cum[b]) - c)
        width = HISTOGRAM_RESOLUTION_H * (1 << self.shift)
        return (self.lo + b + (within + 0.5) / c) * width


class DrawSummary:
    """Summary statistics of draws, folded in chunk by chunk in memory constant in the draws.

    Exact: the number of draws, the mean and standard deviation (exact sums of the per-chunk
    sums of ``time - route.time_h``), the minimum and maximum, and the number of draws in
    which each route is the fastest. Approximate: the percentiles, read from a histogram
    per route of :data:`HISTOGRAM_RESOLUTION_H` (0.01 h) bins (coarser by powers of two
    only if a route's draws span more than :data:`HISTOGRAM_MAX_BINS` bins), linear within
    a bin, clamped to the exact minimum and maximum: within one bin width of
    :func:`numpy.quantile`. Every statistic is an exact sum, so the result does not depend on
    how the chunks are grouped or ordered (:meth:`merge`) -- Dask and serial runs agree.

    Parameters
    ----------
    base_h : sequence of float
        The deterministic time of each route (:attr:`WaitPlan.base_h`).

    Examples
    --------
    >>> import numpy as np
    >>> s = DrawSummary([10.0])
    >>> s.add(np.array([[9.0], [10.0], [11.5]]))
    >>> s.draws, round(s.mean()[0], 6), round(s.quantile(0.5)[0], 3)  # median 10.0 +- 0.01
    (3, 10.166667, 10.005)
    """

    def __init__(self, base_h: Sequence[float]) -> None:
        import numpy as np

        self.base = np.asarray(base_h, dtype=float)
        R = self.base.size
        self.draws = 0
        self.fastest = np.zeros(R, dtype=np.int64)
        self.low = np.full(R, np.inf)
        self.high = np.full(R, -np.inf)
        self.s1 = [Fraction(0)] * R
        self.s2 = [Fraction(0)] * R
        self.hist = [_Histogram() for _ in range(R)]

    def add(self, times: numpy.ndarray) -> None:
        """Fold in a chunk of draws (shape ``(n, n_routes)``, hours)."""
        import numpy as np

        n, R = times.shape
        if R != self.base.size:
            raise ConstraintError(f"a chunk of {R} routes for a summary of {self.base.size}")
        if not n:
            return
        check_times(times)
        self.draws += n
        self.fastest += np.bincount(np.argmin(times, axis=1), minlength=R)
        self.low = np.minimum(self.low, times.min(axis=0))
        self.high = np.maximum(self.high, times.max(axis=0))
        d = times - self.base
        s1, s2 = d.sum(axis=0), (d * d).sum(axis=0)
        idx = np.floor(times / HISTOGRAM_RESOLUTION_H).astype(np.int64)
        for r in range(R):
            self.s1[r] += Fraction(float(s1[r]))
            self.s2[r] += Fraction(float(s2[r]))
            self.hist[r].add(idx[:, r])

    def merge(self, other: DrawSummary) -> None:
        """Fold in another summary of the same routes (another group of chunks)."""
        import numpy as np

        if other.base.size != self.base.size or not np.array_equal(other.base, self.base):
            raise ConstraintError("merging summaries of different routes")
        self.draws += other.draws
        self.fastest += other.fastest
        self.low = np.minimum(self.low, other.low)
        self.high = np.maximum(self.high, other.high)
        for r in range(self.base.size):
            self.s1[r] += other.s1[r]
            self.s2[r] += other.s2[r]
            self.hist[r].merge(other.hist[r])

    def mean(self) -> list[float]:
        """Return the mean of each route's draws (exact up to the per-chunk float sums)."""
        return [float(b + float(s / self.draws)) for b, s in zip(self.base, self.s1,
                                                                 strict=True)]

    def std(self) -> list[float]:
        """Return the sample standard deviation (``ddof=1``) of each route's draws."""
        n = self.draws
        if n < 2:
            return [0.0] * self.base.size
        return [math.sqrt(max(float((s2 - s1 * s1 / n) / (n - 1)), 0.0))
                for s1, s2 in zip(self.s1, self.s2, strict=True)]

    def quantile(self, p: float) -> list[float]:
        """Return the ``p`` quantile of each route (:func:`numpy.quantile`'s linear rule)."""
        n = self.draws
        if not n:
            raise ConstraintError("no draws to summarise")
        h = (n - 1) * p
        i = math.floor(h)
        out = []
        for r, hist in enumerate(self.hist):
            x0 = hist.order_statistic(i)
            x1 = hist.order_statistic(min(i + 1, n - 1))
            x = x0 + (h - i) * (x1 - x0)
            out.append(float(min(max(x, self.low[r]), self.high[r])))
        return out

    def records(self, plan: WaitPlan) -> list[dict[str, Any]]:
        """Return :func:`summarize` rows from the summary."""
        mean, std = self.mean(), self.std()
        q = [self.quantile(p) for p in (0.5, 0.9, 0.95)]
        return summary_rows(plan, mean, std, q, [int(x) / self.draws for x in self.fastest])


def check_times(times: numpy.ndarray) -> None:
    """Refuse draws that are not finite or absurdly large (a model with a huge CV)."""
    import numpy as np

    if times.size and not (np.isfinite(times).all() and np.abs(times).max() < _MAX_TIME_H):
        raise ConstraintError(f"simulated times are not finite or beyond {_MAX_TIME_H:g} h: "
                              "the model's spread (a CV of ReliabilityModel) is too large")


def summary_rows(plan: WaitPlan, mean: Sequence[float], std: Sequence[float],
                 q: Sequence[Sequence[float]], fastest: Sequence[float]
                 ) -> list[dict[str, Any]]:
    """Return the :func:`summarize` rows of ``plan`` from its columns of statistics.

    ``q`` holds the 50th, 90th and 95th percentiles (one sequence each, a value per route),
    ``fastest`` the share of draws in which each route is the fastest.
    """
    out = []
    for r in range(len(plan.labels)):
        row: dict[str, Any] = {
            "corridor": plan.labels[r], "time_h": float(plan.base_h[r]),
            "mean_h": float(mean[r]), "std_h": float(std[r]), "p50_h": float(q[0][r]),
            "p90_h": float(q[1][r]), "p95_h": float(q[2][r]),
            "buffer_index": float((q[2][r] - mean[r]) / mean[r]) if mean[r] > 0 else 0.0,
            "p_fastest": float(fastest[r]),
        }
        row.update(plan.info[r] if r < len(plan.info) else {})
        out.append(row)
    return out
