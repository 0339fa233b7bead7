"""Score any path of the network: distance, crossings, time and cost, the same way for all.

Every routing algorithm in :mod:`corridors.routing` hands its result to this module, so a route
found by Dijkstra, by the Pareto search or by brute force is measured by one set of formulas.

Design: every objective is a **sum of leg terms**. A leg is one edge ``u -> v`` (one keyed link
of the :class:`networkx.MultiDiGraph`, see :mod:`corridors.model`) together with the change of
mode that starts it, if any. The edge contributes

* ``distance_km`` -- the link's ``distance_km``;
* ``crossings`` -- 1 when the edge has a ``crossing`` id, else 0 (the one place where the count of
  border crossings is derived);
* ``time_h`` -- ``distance_km / speed_kmh[mode]``, plus the crossing time on a crossing edge
  (the edge's ``crossing_time_h``, else the crossing record's published time for this
  direction, else the cost model's default for the mode), plus on a sea edge the ferry wait
  (half the headway, ``0.5 * 168 / sailings_per_week``) and the port dwell at both end ports
  (the node's ``transshipment["dwell_h"]``, else the default);
* ``cost_usd`` -- ``distance_km * rate_usd_per_km[mode]``, plus the crossing cost, plus on a
  sea edge the handling fee at both end ports;
* ``co2e_kg`` -- ``distance_km * co2e_g_tkm * payload_t / 1000``: the edge's well-to-wheel
  intensity (g CO2e per tonne-km, set for every link of the built-in network from its vehicle,
  traction and country grid by :mod:`corridors.emissions`, else the cost model's default for
  the mode) times the cargo tonnes of one TEU (:class:`CostModel` ``payload_t``). Waiting at
  borders and in ports adds none (see the method note, docs/emissions.md).

**Terminals and transfers.** A container changes mode (road <-> rail <-> sea) only at a
*terminal*: a place whose ``transshipment`` record (``data/transshipments.csv``) lists both
modes. The change costs that terminal's handling time, money and emissions (``handling_h``,
``handling_usd`` and ``handling_kg_co2e`` of the record, else the default of its terminal type
filled in when the network is loaded, else :class:`CostModel` ``transfer_h``,
``transfer_usd`` and ``handling_kg_co2e``). A break of rail
gauge between two rail legs whose gauges have none in common (a 1520 mm line meeting a 1435 mm
line away from a border, as at Akhalkalaki or Zahedan) is allowed only at a terminal that
handles rail, and costs its handling too (transloading or re-bogieing); at a border crossing
marked ``gauge_change`` the break happens on the dual-gauge crossing section and its time and
cost are in the crossing's figures. Anywhere else a route cannot change mode or gauge. The
transfer is charged to the leg that starts after it, so route totals stay the sum of the legs
(a time-distance chart shows it as a vertical step at the start of that leg); the first leg
pays none (the shipper's door).

A weighted score is ``km * distance_km + crossing_penalty_km * crossings + hours_km * time_h +
usd_km * cost_usd + transfer_penalty_km * transfers + co2e_km * co2e_kg`` (:class:`ScoreWeights`);
a leg scores its edge score plus the score of the transfer that starts it
(:func:`transfer_function`).

**Why the searches stay exact.** What a leg costs depends on how the container arrived (its
mode, and on rail its gauge), so the searches of :mod:`corridors.routing` run over *states*
``(place, arrival class)`` where the class is the mode, or ``rail:<gauges>`` on rail
(:func:`edge_class`; the origin state has no class and pays nothing). Every transition then has
a fixed non-negative cost, and Dijkstra, the label-setting Pareto search and Yen's algorithm
are exact over paths in that state graph. A route is such a path: it never repeats a state,
but it may pass a place twice in different modes -- a truck that drives through a junction to
the terminal beyond it, where the container is put on a train that runs back through the
junction. That is a real route, and no shorter one exists when the junction has no terminal.
The brute-force references of the tests enumerate exactly these paths.

Units: km, hours, USD per TEU (CPMM quotes costs per 20 t, which we take as one loaded TEU),
kg CO2e per TEU at the cost model's payload (well-to-wheel; tank-to-wheel beside it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

from corridors.costmodel import (  # re-exported: scoring is where users import them from
    CARBON_PRICE_USD_PER_T_CO2E,
    DEFAULT_COST_MODEL,
    DEFAULT_OBJECTIVE,
    DEFAULT_WEIGHTS,
    MAX_COST_MODEL_FIGURE,
    MIN_SPEED_KMH,
    OBJECTIVES,
    PROFILES,
    VALUE_OF_TIME_USD_PER_TEU_H,
    CostModel,
    ScoreWeights,
    check_cost_model,
    resolve_objective,
)
from corridors.errors import ArgumentTypeError, ConstraintError, DataError, DataProblem, shorten
from corridors.model import LinkStatus
from corridors.regimes import crossing_figures

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "CARBON_PRICE_USD_PER_T_CO2E",
    "DEFAULT_COST_MODEL",
    "DEFAULT_OBJECTIVE",
    "DEFAULT_WEIGHTS",
    "MAX_COST_MODEL_FIGURE",
    "MIN_SPEED_KMH",
    "VALUE_OF_TIME_USD_PER_TEU_H",
    "OBJECTIVES",
    "PROFILES",
    "CostModel",
    "CrossingUse",
    "EdgeTerms",
    "GaugeBreak",
    "LegTerms",
    "PathScore",
    "ScoreWeights",
    "Transshipment",
    "check_cost_model",
    "edge_score",
    "edge_terms",
    "edge_terms_function",
    "resolve_objective",
    "terminal_emissions",
    "score_path",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: An edge of a MultiDiGraph path: ``(u, v, key)``.
Edge = tuple[Hashable, Hashable, Hashable]

@dataclass(frozen=True)
class EdgeTerms:
    """The edge-local terms of one edge (see the module docstring)."""

    distance_km: float
    time_h: float
    cost_usd: float
    crossings: int
    co2e_kg: float = 0.0

    def score(self, weights: ScoreWeights = DEFAULT_WEIGHTS) -> float:
        """Return the weighted score of this edge."""
        return weights.score(self.distance_km, self.crossings, self.time_h, self.cost_usd, 0,
                             self.co2e_kg)


def _bad_edge(u: Hashable, v: Hashable, column: str, message: str) -> DataError:
    return DataError([DataProblem("links.csv", None, column, f"edge {u} -> {v}: {message}")])


_CLASS_CACHE: dict[Any, str] = {}


def edge_class(d: Mapping[str, Any]) -> str:
    """Return the state class of an edge: its mode, or ``rail:<gauges>`` on a rail link.

    Two rail classes are compatible when their gauges share one (a dual-gauge section
    ``rail:1435|1520`` joins either); see :func:`transfer_function`.

    Examples
    --------
    >>> edge_class({"mode": "rail", "gauge_mm": (1520,)}), edge_class({"mode": "road"})
    ('rail:1520', 'road')
    """
    mode = d.get("mode")
    if mode != "rail":
        return str(mode)
    g = d.get("gauge_mm") or ()
    got = _CLASS_CACHE.get(g)
    if got is None:
        gauges = sorted({int(x) for x in ((g,) if isinstance(g, int) else g)})
        got = "rail:" + "|".join(map(str, gauges)) if gauges else "rail"
        _CLASS_CACHE[g] = got
    return got


def class_mode(cls: str) -> str:
    """Return the mode of a state class (``"rail:1520"`` -> ``"rail"``)."""
    return cls.partition(":")[0]


def _class_gauges(cls: str) -> frozenset[str]:
    return frozenset(cls.partition(":")[2].split("|")) - {""}


#: What a transfer function returns: ``(hours, USD, changes of mode, kg CO2e)``.
TransferTerms = tuple[float, float, int, float]
_FREE: TransferTerms = (0.0, 0.0, 0, 0.0)


def _terminal_figures(G: nx.MultiDiGraph, place: Hashable, fields: tuple[str, str],
                      defaults: tuple[float, float]) -> tuple[float, float] | None:
    """Return two figures of ``place``'s terminal record (a default for each missing), or None."""
    ts = G.nodes[place].get("transshipment") if place in G else None
    if not ts:
        return None
    a, b = (ts.get(f) for f in fields)
    return (defaults[0] if a is None or a != a else float(a),   # None or NaN: the default
            defaults[1] if b is None or b != b else float(b))


def terminal_handling(G: nx.MultiDiGraph, place: Hashable,
                      cost_model: CostModel | None = None) -> tuple[float, float] | None:
    """Return ``(hours, USD per TEU)`` of one handling at ``place``'s terminal, or None.

    The terminal's own figures where published, else its type's default (filled in when the
    network is loaded), else :class:`CostModel` ``transfer_h`` and ``transfer_usd``.
    """
    m = DEFAULT_COST_MODEL if cost_model is None else cost_model
    return _terminal_figures(G, place, ("handling_h", "handling_usd"),
                             (m.transfer_h, m.transfer_usd))


def terminal_emissions(G: nx.MultiDiGraph, place: Hashable,
                       cost_model: CostModel | None = None) -> tuple[float, float] | None:
    """Return ``(well-to-wheel, tank-to-wheel)`` kg CO2e per TEU of one handling, or None.

    The terminal's figures (from its type's row of ``data/emissions.csv`` when the network is
    loaded), else :class:`CostModel` ``handling_kg_co2e`` and ``handling_ttw_kg_co2e``; None
    where ``place`` has no terminal.
    """
    m = DEFAULT_COST_MODEL if cost_model is None else cost_model
    return _terminal_figures(G, place, ("handling_kg_co2e", "handling_ttw_kg_co2e"),
                             (m.handling_kg_co2e, m.handling_ttw_kg_co2e))


def transfer_function(
    G: nx.MultiDiGraph, cost_model: CostModel | None = None
) -> Callable[[Hashable, Any, Any], TransferTerms | None]:
    """Return ``f(place, from_class, to_class) -> (hours, USD, mode changes, kg CO2e) | None``.

    This is the only implementation of the transfer rules (see the module docstring): free when
    the class stays (or the route starts, ``from_class`` None) or when two rail gauges are
    compatible; the terminal's handling with one change of mode when the modes differ and the
    place's terminal handles both; its handling with no change of mode for a break of gauge at
    a terminal that handles rail; None (not allowed) otherwise.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    cost_model : CostModel, optional
        Gives the handling where a terminal and its type publish none.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> f = transfer_function(tiny_network())
    >>> f("b3", "road", "sea"), f("b2", "road", "sea"), f("b3", None, "sea")
    ((12.0, 100.0, 1, 7.0), None, (0.0, 0.0, 0, 0.0))
    """
    model = DEFAULT_COST_MODEL if cost_model is None else cost_model
    nodes = G.nodes
    cache: dict[tuple[Hashable, str, str], TransferTerms | None] = {}

    def transfer(v: Hashable, a: Any, b: Any) -> TransferTerms | None:
        if a is None or a == b:
            return _FREE
        key = (v, a, b)
        if key in cache:
            return cache[key]
        ma, mb = class_mode(a), class_mode(b)
        ts = nodes[v].get("transshipment") if v in nodes else None
        modes = set(ts.get("modes") or ()) if ts else set()
        out: TransferTerms | None
        if ma == mb:
            ga, gb = _class_gauges(a), _class_gauges(b)
            if ma != "rail" or not ga or not gb or ga & gb:
                out = _FREE
            elif "rail" in modes:
                h, u = terminal_handling(G, v, model)  # type: ignore[misc]
                out = (h, u, 0, terminal_emissions(G, v, model)[0])  # type: ignore[index]
            else:
                out = None
        elif ma in modes and mb in modes:
            h, u = terminal_handling(G, v, model)  # type: ignore[misc]
            out = (h, u, 1, terminal_emissions(G, v, model)[0])  # type: ignore[index]
        else:
            out = None
        cache[key] = out
        return out

    return transfer


def edge_terms_function(
    G: nx.MultiDiGraph, cost_model: CostModel | None = None
) -> Callable[[Hashable, Hashable, Mapping[str, Any]], tuple[float, float, float, int, float]]:
    """Return ``f(u, v, data) -> (distance_km, time_h, cost_usd, crossings, co2e_kg)``.

    This is the only implementation of the edge formulas; :func:`edge_terms`,
    :func:`score_path` and every search use it.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A network following :mod:`corridors.model`.
    cost_model : CostModel, optional
        Speeds, rates and defaults (:data:`DEFAULT_COST_MODEL` when omitted).
    """
    model = DEFAULT_COST_MODEL if cost_model is None else cost_model
    speed = model.speed_kmh
    rate = model.rate_usd_per_km
    xtime = model.crossing_time_h
    xcost = model.crossing_cost_usd
    dwell_default = model.port_dwell_h
    handling2 = 2.0 * model.port_handling_usd
    ferry_wait = model.ferry_wait_h
    intensity = model.co2e_g_per_tkm
    per_t = model.payload_t / 1000.0  # g per tonne-km -> kg per km for the TEU
    nodes = G.nodes
    records = G.graph.get("crossings") or {}

    def dwell(n: Hashable) -> float:
        ts = nodes[n].get("transshipment")
        if ts:
            value = ts.get("dwell_h")
            if value is not None and value == value:  # not NaN
                return float(value)
        return dwell_default

    def terms(u: Hashable, v: Hashable, d: Mapping[str, Any]
              ) -> tuple[float, float, float, int, float]:
        mode: Any = d.get("mode")
        try:
            dist = float(d["distance_km"])
            vessel = d.get("speed_kmh") if mode == "sea" else None
            t = dist / (float(vessel) if vessel else speed[mode])
            c = dist * rate[mode]
            g = d.get("co2e_g_tkm")
            e = dist * (intensity[mode] if g is None else g) * per_t
        except KeyError as exc:
            raise _bad_edge(u, v, "mode" if mode not in speed else "distance_km",
                            f"unknown mode {mode!r} or missing distance_km") from exc
        x = 0
        cid = d.get("crossing")
        if cid:
            x = 1
            ct, cc = crossing_figures(records.get(cid), u, d.get("crossing_time_h"),
                                      d.get("crossing_cost_usd"))
            t += xtime[mode] if ct is None else float(ct)
            c += xcost[mode] if cc is None else float(cc)
        if mode == "sea":
            t += ferry_wait(d.get("sailings_per_week")) + dwell(u) + dwell(v)
            c += handling2
        return dist, t, c, x, e

    return terms


def edge_terms(
    G: nx.MultiDiGraph,
    u: Hashable,
    v: Hashable,
    key: Hashable,
    *,
    cost_model: CostModel | None = None,
) -> EdgeTerms:
    """Return the distance, time, cost and crossing count of one edge.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    u, v, key : hashable
        The edge.
    cost_model : CostModel, optional
        Speeds, rates and defaults.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> edge_terms(G, "a1", "a2", "a1-a2-road").distance_km
    100.0
    """
    data = _edge_data(G, u, v, key)
    return EdgeTerms(*edge_terms_function(G, cost_model)(u, v, data))


def edge_score(
    G: nx.MultiDiGraph,
    u: Hashable,
    v: Hashable,
    key: Hashable,
    objective: str | ScoreWeights = "score",
    *,
    cost_model: CostModel | None = None,
) -> float:
    """Return the weighted score of one edge for an objective (see :func:`resolve_objective`)."""
    return edge_terms(G, u, v, key, cost_model=cost_model).score(resolve_objective(objective))


def _edges(path: Any) -> tuple[Edge, ...]:
    """Return a path as a tuple of ``(u, v, key)``, or raise ArgumentTypeError."""
    try:
        if isinstance(path, (str, bytes)):
            raise TypeError(path)
        edges = tuple((u, v, k) for u, v, k in path)
    except (TypeError, ValueError):
        raise ArgumentTypeError(f"a path is a sequence of (u, v, key) edges, got "
                                f"{type(path).__name__} {shorten(path)}") from None
    return edges


def _edge_data(G: nx.MultiDiGraph, u: Hashable, v: Hashable, key: Hashable) -> Mapping[str, Any]:
    try:
        return G._adj[u][v][key]
    except (KeyError, TypeError):
        raise ConstraintError(f"({u!r}, {v!r}, {key!r}) is not an edge of the network") from None


@dataclass(frozen=True)
class CrossingUse:
    """One border crossing used by a route, in the direction travelled."""

    id: str
    name: str
    from_country: str
    to_country: str
    mode: str
    gauge_change: bool
    from_place: str
    to_place: str


@dataclass(frozen=True)
class Transshipment:
    """A change of mode between two consecutive legs of a route (a costed transfer).

    ``time_h``, ``cost_usd`` and ``co2e_kg`` (well-to-wheel) are the transfer's time, cost and
    emissions; they are included in the leg that starts at ``place`` (see :class:`LegTerms`).
    """

    place: str
    from_mode: str
    to_mode: str
    time_h: float = 0.0
    cost_usd: float = 0.0
    co2e_kg: float = 0.0


@dataclass(frozen=True)
class GaugeBreak:
    """A break of rail gauge: at a crossing with ``gauge_change`` or between two rail legs.

    ``time_h`` and ``cost_usd`` are the terminal's handling for a break between two rail legs
    (included in the leg that starts at ``place``); at a crossing they are 0 here because the
    crossing's own figures include the transloading or re-bogieing.
    """

    place: str
    from_gauge_mm: tuple[int, ...]
    to_gauge_mm: tuple[int, ...]
    crossing: str | None = None
    time_h: float = 0.0
    cost_usd: float = 0.0
    co2e_kg: float = 0.0


class LegTerms(NamedTuple):
    """The terms of one leg: its edge, plus the transfer that starts it when the mode changes.

    Attributes
    ----------
    distance_km : float
        The link's distance.
    time_h, cost_usd : float
        The edge's time and cost plus ``transfer_h`` and ``transfer_usd``.
    crossings : int
        1 on a border-crossing edge.
    transfers : int
        1 when the leg starts with a change of mode, else 0.
    transfer_h, transfer_usd : float
        The handling at the terminal where the leg starts: a change of mode, or a break of
        rail gauge away from a border (0 without either).
    score : float
        The edge's weighted score plus the score of the transfer that starts it.
    co2e_kg, co2e_ttw_kg : float
        Well-to-wheel and tank-to-wheel kg CO2e per TEU of the edge plus the transfer.
    transfer_co2e_kg : float
        The transfer's well-to-wheel emissions (included in ``co2e_kg``).
    """

    distance_km: float
    time_h: float
    cost_usd: float
    crossings: int
    transfers: int
    transfer_h: float
    transfer_usd: float
    score: float
    co2e_kg: float = 0.0
    co2e_ttw_kg: float = 0.0
    transfer_co2e_kg: float = 0.0


@dataclass(frozen=True)
class PathScore:
    """Totals and facts of a path, as computed by :func:`score_path`.

    Attributes
    ----------
    edges : tuple of (u, v, key)
        The path.
    terms : tuple of EdgeTerms
        The edge-local terms of each edge (without transfers).
    legs : tuple of LegTerms
        The terms of each leg: its edge plus the transfer that starts it, if any.
    edge_scores : tuple of float
        Weighted score of each leg, its transfer included (``legs[i].score``).
    distance_km, time_h, cost_usd : float
        Totals over the legs (summed in path order; transfers included).
    crossings : int
        Number of border crossings (edges with a ``crossing``).
    transfers : int
        Number of changes of mode between consecutive legs (each one costed).
    transfer_h, transfer_usd : float
        Time and cost of the transfers (included in ``time_h`` and ``cost_usd``).
    score : float
        Weighted score (sum of ``edge_scores`` in path order).
    weights : ScoreWeights
        The weights of ``score``.
    border_crossings : tuple of CrossingUse
        The crossings, in order.
    countries : tuple of str
        Countries passed, in order (consecutive repeats merged), including those a link
        runs through without a crossing record (its ``transit``).
    transshipments : tuple of Transshipment
        Mode changes between consecutive legs, with their time and cost.
    gauge_breaks : tuple of GaugeBreak
        Rail gauge breaks.
    sea_km : float
        Distance on sea links.
    planned_share : float
        Share of the distance on ``planned`` or ``under_construction`` links (0 for an empty
        path).
    co2e_kg, co2e_ttw_kg : float
        Well-to-wheel and tank-to-wheel emissions, kg CO2e per TEU at ``payload_t`` (transfers
        included).
    transfer_co2e_kg : float
        Well-to-wheel emissions of the handlings at terminals (included in ``co2e_kg``).
    payload_t : float
        Net cargo tonnes of the TEU (:class:`CostModel` ``payload_t``).
    """

    edges: tuple[Edge, ...]
    terms: tuple[EdgeTerms, ...]
    edge_scores: tuple[float, ...]
    distance_km: float
    time_h: float
    cost_usd: float
    crossings: int
    score: float
    weights: ScoreWeights
    border_crossings: tuple[CrossingUse, ...]
    countries: tuple[str, ...]
    transshipments: tuple[Transshipment, ...]
    gauge_breaks: tuple[GaugeBreak, ...]
    sea_km: float
    planned_share: float
    legs: tuple[LegTerms, ...] = ()
    transfers: int = 0
    transfer_h: float = 0.0
    transfer_usd: float = 0.0
    co2e_kg: float = 0.0
    co2e_ttw_kg: float = 0.0
    transfer_co2e_kg: float = 0.0
    payload_t: float = 0.0


_PLANNED = frozenset({LinkStatus.PLANNED.value, LinkStatus.UNDER_CONSTRUCTION.value})


def score_path(
    G: nx.MultiDiGraph,
    path: Sequence[Edge],
    objective: str | ScoreWeights = "score",
    *,
    cost_model: CostModel | None = None,
    start: Hashable | None = None,
    facts: bool = True,
) -> PathScore:
    """Score a path of keyed edges: totals, weighted score and the facts an analyst reads.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    path : sequence of (u, v, key)
        Consecutive edges (``v`` of one is ``u`` of the next).
    objective : str or ScoreWeights
        Weights of the score (see :func:`resolve_objective`).
    cost_model : CostModel, optional
        Speeds, rates and defaults.
    start : hashable, optional
        The place of an empty path (used for ``countries``).
    facts : bool
        Also list the border crossings, countries and gauge breaks (default). With False
        those three are left empty; every number, the legs and the transshipments are the
        same (for callers that need totals only, such as OD matrices).

    Returns
    -------
    PathScore

    Raises
    ------
    ArgumentTypeError
        If ``G`` is not a network graph, ``path`` not a sequence of ``(u, v, key)`` edges,
        ``cost_model`` not a CostModel, or ``objective`` neither a name nor a ScoreWeights.
    ConstraintError
        If an edge is missing, the edges do not chain, or the objective is unknown.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> s = score_path(G, [("a1", "a2", "a1-a2-road"), ("a2", "b1", "a2-b1-road")])
    >>> s.distance_km, s.crossings, s.countries
    (150.0, 1, ('AA', 'BB'))

    A change of mode is a costed transfer, charged to the leg that starts after it:

    >>> s = score_path(G, [("a1", "a2", "a1-a2-rail"), ("a2", "b1", "a2-b1-road")], "time")
    >>> [(t.place, t.from_mode, t.to_mode, t.time_h) for t in s.transshipments]
    [('a2', 'rail', 'road', 12.0)]
    >>> s.legs[1].time_h == s.terms[1].time_h + 12.0 and s.transfers == 1
    True
    """
    from corridors.network import check_graph

    check_graph(G, "score_path")
    check_cost_model(cost_model)
    weights = resolve_objective(objective)
    model = DEFAULT_COST_MODEL if cost_model is None else cost_model
    edges = _edges(path)
    for (_, v1, _), (u2, _, _) in pairwise(edges):
        if v1 != u2:
            raise ConstraintError(f"path is not connected: an edge ends at {v1!r} and the next "
                                  f"starts at {u2!r}")
    f = edge_terms_function(G, model)
    datas = [_edge_data(G, u, v, k) for u, v, k in edges]
    terms = tuple(EdgeTerms(*f(u, v, d)) for (u, v, _), d in zip(edges, datas, strict=True))
    transfer = transfer_function(G, model)
    ttw_default = model.co2e_ttw_g_per_tkm
    per_t = model.payload_t / 1000.0
    legs = []
    shipments = []
    prev: Any = None
    for i, (t, d) in enumerate(zip(terms, datas, strict=True)):
        cls = edge_class(d)
        s = t.score(weights)
        g = d.get("co2e_ttw_g_tkm")
        ttw = t.distance_km * (ttw_default[d["mode"]] if g is None else g) * per_t
        tr = transfer(edges[i][0], prev, cls)
        if tr is None:
            raise ConstraintError(
                f"the path changes from {prev} to {cls} at {edges[i][0]!r}, which has no "
                f"terminal for it; a container changes mode (or rail gauge) only at a terminal "
                f"(data/transshipments.csv)")
        th, tu, changes, te = tr
        if tr is not _FREE:  # a handling (its TTW counts even where h, USD and WTW are 0)
            # the transfer belongs to the leg that starts after it; the searches add exactly
            # ``edge score + transfer score`` per leg, so the sums agree to the bit
            tt = terminal_emissions(G, edges[i][0], model)[1]  # type: ignore[index]
            legs.append(LegTerms(t.distance_km, t.time_h + th, t.cost_usd + tu, t.crossings,
                                 changes, th, tu,
                                 s + weights.score(0.0, 0, th, tu, changes, te),
                                 t.co2e_kg + te, ttw + tt, te))
            if changes:
                shipments.append(Transshipment(str(edges[i][0]), class_mode(prev),
                                               class_mode(cls), th, tu, te))
        else:
            legs.append(LegTerms(t.distance_km, t.time_h, t.cost_usd, t.crossings, 0, 0.0, 0.0,
                                 s, t.co2e_kg, ttw, 0.0))
        prev = cls
    dist = time = cost = score = sea = planned = xh = xu = co2e = co2e_ttw = xe = 0.0
    crossings = 0
    for leg, d in zip(legs, datas, strict=True):
        dist += leg.distance_km
        time += leg.time_h
        cost += leg.cost_usd
        crossings += leg.crossings
        score += leg.score
        xh += leg.transfer_h
        xu += leg.transfer_usd
        co2e += leg.co2e_kg
        co2e_ttw += leg.co2e_ttw_kg
        xe += leg.transfer_co2e_kg
        if d.get("mode") == "sea":
            sea += leg.distance_km
        if d.get("status") in _PLANNED:
            planned += leg.distance_km
    return PathScore(
        edges=edges,
        terms=terms,
        edge_scores=tuple(leg.score for leg in legs),
        distance_km=dist,
        time_h=time,
        cost_usd=cost,
        crossings=crossings,
        score=score,
        weights=weights,
        border_crossings=_crossing_uses(G, edges, datas) if facts else (),
        countries=_countries(G, edges, start) if facts else (),
        transshipments=tuple(shipments),
        gauge_breaks=_gauge_breaks(G, edges, datas, legs) if facts else (),
        sea_km=sea,
        planned_share=planned / dist if dist > 0 else 0.0,
        legs=tuple(legs),
        transfers=len(shipments),
        transfer_h=xh,
        transfer_usd=xu,
        co2e_kg=co2e,
        co2e_ttw_kg=co2e_ttw,
        transfer_co2e_kg=xe,
        payload_t=model.payload_t,
    )


def _crossing_uses(G: nx.MultiDiGraph, edges: Sequence[Edge],
                   datas: Sequence[Mapping[str, Any]]) -> tuple[CrossingUse, ...]:
    records = G.graph.get("crossings") or {}
    out = []
    for (u, v, _), d in zip(edges, datas, strict=True):
        cid = d.get("crossing")
        if not cid:
            continue
        rec = records.get(cid)
        cu, cv = G.nodes[u].get("country", ""), G.nodes[v].get("country", "")
        if rec is not None and (cu == cv or not cu or not cv):
            cu, cv = ((rec.country_b, rec.country_a) if u == rec.post_b
                      else (rec.country_a, rec.country_b))
        out.append(CrossingUse(
            id=str(cid),
            name=rec.name if rec is not None else str(cid),
            from_country=cu,
            to_country=cv,
            mode=str(d.get("mode", rec.mode if rec is not None else "")),
            gauge_change=bool(rec.gauge_change) if rec is not None else False,
            from_place=str(u),
            to_place=str(v),
        ))
    return tuple(out)


def _countries(G: nx.MultiDiGraph, edges: Sequence[Edge],
               start: Hashable | None) -> tuple[str, ...]:
    places: Iterable[Hashable]
    if edges:
        places = [edges[0][0], *(v for _, v, _ in edges)]
    else:
        places = [] if start is None or start not in G else [start]
    out: list[str] = []

    def add(c: str | None) -> None:
        if c and (not out or out[-1] != c):
            out.append(c)

    places = list(places)
    add(G.nodes[places[0]].get("country") if places else None)
    for (u, v, k), n in zip(edges, places[1:], strict=False):
        for c in G.edges[u, v, k].get("transit") or ():
            add(c)  # a link through a third country (sealed transit, no crossing record)
        add(G.nodes[n].get("country"))
    return tuple(out)


def _gauges(d: Mapping[str, Any]) -> tuple[int, ...]:
    g = d.get("gauge_mm") or ()
    if isinstance(g, int):
        return (g,)
    return tuple(int(x) for x in g)


def _gauge_breaks(G: nx.MultiDiGraph, edges: Sequence[Edge],
                  datas: Sequence[Mapping[str, Any]],
                  legs: Sequence[LegTerms]) -> tuple[GaugeBreak, ...]:
    records = G.graph.get("crossings") or {}

    def is_gauge_crossing(d: Mapping[str, Any]) -> bool:
        rec = records.get(d.get("crossing")) if d.get("crossing") else None
        return rec is not None and bool(rec.gauge_change) and d.get("mode") == "rail"

    out = []
    last_rail: int | None = None  # index of the previous rail leg if it is the previous leg
    for i, d in enumerate(datas):
        if d.get("mode") == "rail" and last_rail == i - 1 and i > 0:
            # a break between two rail legs is a handling at a terminal (charged to leg i),
            # also next to a gauge-change crossing whose section lacks the other gauge
            a, b = _gauges(datas[i - 1]), _gauges(d)
            if a and b and not set(a) & set(b):
                out.append(GaugeBreak(str(edges[i][0]), a, b, None, legs[i].transfer_h,
                                      legs[i].transfer_usd, legs[i].transfer_co2e_kg))
        if is_gauge_crossing(d):
            prev = _gauges(datas[i - 1]) if i > 0 and datas[i - 1].get("mode") == "rail" else ()
            nxt = (_gauges(datas[i + 1]) if i + 1 < len(datas)
                   and datas[i + 1].get("mode") == "rail" else ())
            out.append(GaugeBreak(str(edges[i][0]), prev or _gauges(d), nxt or _gauges(d),
                                  crossing=str(d["crossing"])))
        last_rail = i if d.get("mode") == "rail" else None
    return tuple(out)
