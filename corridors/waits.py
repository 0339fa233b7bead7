"""The waits of a set of routes: their distributions and who shares which draw.

:class:`ReliabilityModel` holds the distributions (the assumptions are explained in
:mod:`corridors.reliability`), and :func:`plan_waits` lists every random wait of a set of
routes -- keyed by the event, so routes that share a border, a port call or a ferry share its
draw -- as a :class:`WaitPlan` that :func:`corridors.reliability.draw_chunk` samples.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from corridors.errors import ConstraintError
from corridors.regimes import crossing_figures
from corridors.route import Route
from corridors.scoring import DEFAULT_COST_MODEL, CostModel

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["DEFAULT_CROSSING_CV", "DEFAULT_MODEL", "ReliabilityModel", "WaitPlan",
           "plan_waits"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Coefficient of variation of a border-crossing wait per mode (assumptions: corridors.reliability).
DEFAULT_CROSSING_CV: Mapping[str, float] = MappingProxyType({"road": 0.8, "rail": 0.6,
                                                             "sea": 0.5})

_FIXED, _LOGNORMAL, _UNIFORM, _TRIANGULAR = 0, 1, 2, 3
_FERRY_WAITS = ("uniform", "lognormal", "fixed")


def _cv(value: Any, what: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        x = math.nan
    if isinstance(value, bool) or not math.isfinite(x) or x < 0:
        raise ConstraintError(f"ReliabilityModel.{what} must be a finite number >= 0, "
                              f"got {value!r}")
    return x


def _range(value: Any, what: str) -> tuple[float, float, float]:
    try:
        lo, avg, hi = (float(x) for x in value)
    except (TypeError, ValueError):
        raise ConstraintError(f"ReliabilityModel.{what} must be (min_h, mean_h, max_h), "
                              f"got {value!r}") from None
    if not (all(math.isfinite(x) for x in (lo, avg, hi)) and 0 <= lo <= avg <= hi):
        raise ConstraintError(f"ReliabilityModel.{what} needs 0 <= min <= mean <= max, "
                              f"got {value!r}")
    mode = 3 * avg - lo - hi
    if hi > lo and not (lo - 1e-9 <= mode <= hi + 1e-9):
        raise ConstraintError(f"ReliabilityModel.{what} = {value!r}: no triangular "
                              f"distribution has this mean (its mode would be {mode:g}); the "
                              f"mean must lie between (2*min+max)/3 and (min+2*max)/3")
    return lo, avg, hi


@dataclass(frozen=True, eq=False)
class ReliabilityModel:
    """How much each kind of wait varies (see the module docstring for the defaults' status).

    Parameters
    ----------
    crossing_cv : mapping of str to float
        CV of a border-crossing wait per mode, merged into :data:`DEFAULT_CROSSING_CV`
        (road 0.8, rail 0.6, sea 0.5; **assumptions**).
    dwell_cv : float
        CV of port dwell per call (0.6, **assumption**).
    transfer_cv : float
        CV of a change of mode (0.5, **assumption**).
    running_cv : float
        CV of a leg's running time (0: deterministic).
    ferry_wait : {"uniform", "lognormal", "fixed"}
        Wait for a sailing: uniform on ``[0, headway]`` (default; its mean is the
        deterministic half headway), lognormal with ``ferry_cv``, or fixed.
    ferry_cv : float
        CV of a lognormal ferry wait (default ``1/sqrt(3)``, the uniform's CV).
    crossing_ranges : mapping of str to (float, float, float)
        Published ``(min_h, mean_h, max_h)`` per crossing id: the crossing wait is then
        triangular on them (both directions), its mean replacing the deterministic one.
    dwell_ranges : mapping of str to (float, float, float)
        The same per port (place id).
    """

    crossing_cv: Mapping[str, float] = field(default_factory=dict)
    dwell_cv: float = 0.6
    transfer_cv: float = 0.5
    running_cv: float = 0.0
    ferry_wait: str = "uniform"
    ferry_cv: float = 1.0 / math.sqrt(3.0)
    crossing_ranges: Mapping[str, tuple[float, float, float]] = field(default_factory=dict)
    dwell_ranges: Mapping[str, tuple[float, float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        cv = dict(DEFAULT_CROSSING_CV)
        for mode, x in dict(self.crossing_cv).items():
            cv[str(mode)] = _cv(x, f"crossing_cv[{mode!r}]")
        object.__setattr__(self, "crossing_cv", cv)
        for name in ("dwell_cv", "transfer_cv", "running_cv", "ferry_cv"):
            object.__setattr__(self, name, _cv(getattr(self, name), name))
        if self.ferry_wait not in _FERRY_WAITS:
            raise ConstraintError(f"ReliabilityModel.ferry_wait must be one of {_FERRY_WAITS}, "
                                  f"got {self.ferry_wait!r}")
        for name in ("crossing_ranges", "dwell_ranges"):
            ranges = {str(k): _range(v, f"{name}[{k!r}]")
                      for k, v in dict(getattr(self, name)).items()}
            object.__setattr__(self, name, ranges)

    @classmethod
    def deterministic(cls) -> ReliabilityModel:
        """Return the zero-variance model: every draw equals the deterministic time."""
        return cls(crossing_cv={"road": 0.0, "rail": 0.0, "sea": 0.0}, dwell_cv=0.0,
                   transfer_cv=0.0, running_cv=0.0, ferry_wait="fixed")

    def to_dict(self) -> dict[str, Any]:
        """Return the model's parameters (JSON-ready)."""
        return {"crossing_cv": dict(self.crossing_cv), "dwell_cv": self.dwell_cv,
                "transfer_cv": self.transfer_cv, "running_cv": self.running_cv,
                "ferry_wait": self.ferry_wait, "ferry_cv": self.ferry_cv,
                "crossing_ranges": {k: list(v) for k, v in self.crossing_ranges.items()},
                "dwell_ranges": {k: list(v) for k, v in self.dwell_ranges.items()}}


DEFAULT_MODEL = ReliabilityModel()


# --------------------------------------------------------------------------------------------
# the waits of a set of routes
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WaitPlan:
    """The random waits of a set of routes, ready to draw (picklable, no graph needed).

    Attributes
    ----------
    labels : tuple of str
        One label per route.
    base_h : tuple of float
        The deterministic time of each route (:attr:`Route.time_h`).
    keys : tuple of tuple
        One key per random wait (the event it models); shared events have one key.
    mean_h : tuple of float
        The deterministic value of each wait.
    family : tuple of int
        0 fixed (value ``a``), 1 lognormal (``a`` = mu, ``b`` = sigma), 2 uniform on
        ``[a, b]``, 3 triangular (``a``, ``b`` = mode, ``c``).
    a, b, c : tuple of float
        Parameters.
    incidence : tuple of (int, int, int)
        ``(wait index, route index, count)``: how often a route meets the wait.
    info : tuple of dict
        Per route: ``distance_km``, ``crossings``, ``countries``, ``free_optimum`` ... (carried
        into the summary).
    """

    labels: tuple[str, ...]
    base_h: tuple[float, ...]
    keys: tuple[tuple[Any, ...], ...] = ()
    mean_h: tuple[float, ...] = ()
    family: tuple[int, ...] = ()
    a: tuple[float, ...] = ()
    b: tuple[float, ...] = ()
    c: tuple[float, ...] = ()
    incidence: tuple[tuple[int, int, int], ...] = ()
    info: tuple[dict[str, Any], ...] = ()


class _Builder:
    def __init__(self) -> None:
        self.index: dict[tuple[Any, ...], int] = {}
        self.rows: list[tuple[float, int, float, float, float]] = []
        self.incidence: dict[tuple[int, int], int] = {}

    def add(self, key: tuple[Any, ...], route: int, mean: float, family: int,
            a: float = 0.0, b: float = 0.0, c: float = 0.0) -> None:
        i = self.index.get(key)
        if i is None:
            i = self.index[key] = len(self.rows)
            self.rows.append((mean, family, a, b, c))
        self.incidence[i, route] = self.incidence.get((i, route), 0) + 1


def _lognormal(mean: float, cv: float) -> tuple[int, float, float, float]:
    if mean <= 0 or cv <= 0:
        return _FIXED, mean, 0.0, 0.0
    s2 = math.log1p(cv * cv)
    return _LOGNORMAL, math.log(mean) - s2 / 2.0, math.sqrt(s2), 0.0


def _triangular(lo: float, avg: float, hi: float) -> tuple[int, float, float, float]:
    if hi <= lo:
        return _FIXED, avg, 0.0, 0.0
    mode = min(max(3 * avg - lo - hi, lo), hi)
    return _TRIANGULAR, lo, mode, hi


def _dwell_function(G: nx.MultiDiGraph, model: CostModel) -> Any:
    nodes = G.nodes
    default = model.port_dwell_h

    def dwell(n: Hashable) -> float:  # the same rule as corridors.scoring
        ts = nodes[n].get("transshipment")
        if ts:
            value = ts.get("dwell_h")
            if value is not None and value == value:
                return float(value)
        return default
    return dwell


def plan_waits(
    G: nx.MultiDiGraph,
    routes: Sequence[Route],
    *,
    labels: Sequence[str] | None = None,
    model: ReliabilityModel | None = None,
    cost_model: CostModel | None = None,
    info: Sequence[Mapping[str, Any]] | None = None,
) -> WaitPlan:
    """Return the random waits of routes as a :class:`WaitPlan`.

    Each leg is split into its running time and its waits with the formulas of
    :mod:`corridors.scoring` (crossing time, ferry wait, dwell at both ports of a sea leg,
    transfer); the parts are checked to add up to the leg's time.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network the routes were found on (a scenario's graph for scenario routes).
    routes : sequence of Route
        The routes.
    labels : sequence of str, optional
        One per route (default: the corridor label, else ``"route i"``).
    model : ReliabilityModel, optional
        The distributions (default :class:`ReliabilityModel`).
    cost_model : CostModel, optional
        The cost model the routes were scored with.
    info : sequence of mapping, optional
        Extra per-route fields for the summary.

    Raises
    ------
    ConstraintError
        If a leg's parts do not add up to its time: the routes were scored on another graph
        or with another cost model than the ones given.
    """
    m = model or DEFAULT_MODEL
    cm = cost_model or DEFAULT_COST_MODEL
    if labels is None:
        labels = [r.corridor or f"route {i}" for i, r in enumerate(routes, 1)]
    if len(labels) != len(routes):
        raise ConstraintError(f"{len(labels)} labels for {len(routes)} routes")
    records = G.graph.get("crossings") or {}
    dwell = _dwell_function(G, cm)
    b = _Builder()
    for ri, route in enumerate(routes):
        seen: dict[tuple[Any, ...], int] = {}

        def add(key: tuple[Any, ...], mean: float, spec: tuple[int, float, float, float],
                ri: int = ri, seen: dict[tuple[Any, ...], int] = seen) -> None:
            occ = seen.get(key, 0)
            seen[key] = occ + 1
            b.add((*key, occ), ri, mean, *spec)

        for leg in route.legs:
            u, v, k = leg.edge
            try:
                d = G._adj[u][v][k]
            except KeyError:
                raise ConstraintError(f"route {labels[ri]!r}: edge ({u!r}, {v!r}, {k!r}) is not "
                                      "in the network given; pass the graph the route was "
                                      "found on") from None
            mode = d.get("mode")
            dist = float(d["distance_km"])
            vessel = d.get("speed_kmh") if mode == "sea" else None
            running = dist / (float(vessel) if vessel else cm.speed_kmh[mode])
            parts = running
            if m.running_cv > 0:
                add(("running", d.get("link_id", k), u), running, _lognormal(running, m.running_cv))
            cid = d.get("crossing")
            if cid:
                ct = crossing_figures(records.get(cid), u, d.get("crossing_time_h"), 0.0)[0]
                ct = cm.crossing_time_h[mode] if ct is None else float(ct)
                parts += ct
                rng = m.crossing_ranges.get(str(cid))
                spec = (_triangular(*rng) if rng is not None
                        else _lognormal(ct, m.crossing_cv.get(str(mode), 0.0)))
                add(("crossing", cid, u), ct, spec)
            if mode == "sea":
                fw = cm.ferry_wait_h(d.get("sailings_per_week"))
                du, dv = dwell(u), dwell(v)
                parts += fw + du + dv
                if m.ferry_wait == "uniform" and fw > 0:
                    fspec: tuple[int, float, float, float] = (_UNIFORM, 0.0, 2.0 * fw, 0.0)
                elif m.ferry_wait == "lognormal":
                    fspec = _lognormal(fw, m.ferry_cv)
                else:
                    fspec = (_FIXED, fw, 0.0, 0.0)
                add(("ferry", d.get("link_id", k), u), fw, fspec)
                for place, value in ((u, du), (v, dv)):
                    rng = m.dwell_ranges.get(str(place))
                    add(("dwell", place), value,
                        _triangular(*rng) if rng is not None else _lognormal(value, m.dwell_cv))
            if leg.transfer_h:
                parts += leg.transfer_h
                add(("transfer", u), leg.transfer_h, _lognormal(leg.transfer_h, m.transfer_cv))
            if not math.isclose(parts, leg.time_h, rel_tol=1e-9, abs_tol=1e-9):
                raise ConstraintError(
                    f"route {labels[ri]!r}, leg {u} -> {v}: its parts add up to {parts:.6f} h "
                    f"but the route says {leg.time_h:.6f} h; pass the graph and cost model the "
                    "route was scored with")
    rows = b.rows
    infos = list(info) if info is not None else [{} for _ in routes]
    return WaitPlan(
        labels=tuple(str(x) for x in labels),
        base_h=tuple(float(r.time_h) for r in routes),
        keys=tuple(b.index),
        mean_h=tuple(r[0] for r in rows),
        family=tuple(r[1] for r in rows),
        a=tuple(r[2] for r in rows),
        b=tuple(r[3] for r in rows),
        c=tuple(r[4] for r in rows),
        incidence=tuple((i, r, n) for (i, r), n in b.incidence.items()),
        info=tuple({**_route_info(route), **dict(x)} for route, x in zip(routes, infos,
                                                                           strict=True)),
    )


def _route_info(r: Route) -> dict[str, Any]:
    return {"distance_km": r.distance_km, "crossings": r.crossings, "cost_usd": r.cost_usd,
            "countries": " > ".join(r.countries)}
