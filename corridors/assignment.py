"""Where the freight would go: a capacitated assignment of yearly container demand.

:func:`assign` spreads TEU per year between origins and destinations over the network so that
the total score of all boxes (USD per TEU for the default ``generalized`` objective and for
``cost``) is least and no border crossing, link, port or terminal with a known capacity
(:mod:`corridors.capacities`) carries more than it can: a system-optimal multi-commodity
assignment, solved exactly as a linear programme by HiGHS with column generation
(:mod:`corridors.assignment_lp`). The answer says, per OD pair, which routes carry how much;
per element, its TEU and utilisation; which capacities bind (the bottlenecks) and what one
more TEU of each would save (its shadow price); and how much demand cannot be carried.

Without capacities (``capacities=False``) every OD pair takes its best route: the
all-or-nothing assignment. ``method="equilibrium"`` treats capacities as queues instead of
walls: every shipper takes its own best route given the congestion delays the loads cause
(a user equilibrium, :mod:`corridors.assignment_ue`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridors.assignment_ue import BPR, check_delay
from corridors.capacities import Element, element_capacities, element_labels
from corridors.demand import DemandRow, demand_rows
from corridors.errors import (
    ArgumentTypeError,
    ConstraintError,
    DemandError,
    NoRouteError,
    shorten,
)

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas

    from corridors.route import Route
    from corridors.scoring import CostModel, ScoreWeights

__all__ = ["FLOW_COLUMNS", "METHODS", "Assignment", "ElementFlow", "ODAssignment", "assign",
           "check_options"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: The fields of a flow (JSON ``flows`` and ``bottlenecks``, :meth:`Assignment.flows_frame`).
FLOW_COLUMNS = ("element", "kind", "direction", "name", "mode", "teu", "capacity",
                "utilisation", "shadow_price_usd_per_teu", "delay_h")
#: The ways to assign: capacities as walls (system optimum) or as queues (user equilibrium).
METHODS = ("system", "equilibrium")
#: Utilisation from which an element counts as saturated (binding up to rounding).
SATURATED = 0.999


@dataclass(frozen=True)
class ElementFlow:
    """The TEU per year on one element.

    Attributes
    ----------
    element : tuple
        ``(kind, id, direction)``.
    name : str
        As people know it.
    teu : float
        TEU per year.
    capacity : float or None
        TEU per year; None when unknown (unconstrained).
    shadow_price_usd_per_teu : float
        What one more TEU of capacity would save per year (objective units per TEU: USD for
        ``cost`` and ``generalized``); 0 unless the capacity binds.
    mode : str
        ``rail``, ``road`` or ``sea`` for a link or crossing; empty for a place.
    delay_h : float
        Equilibrium assignment: the congestion delay in hours per TEU at this load (0 for
        the system optimum and elements without a capacity).
    """

    element: Element
    name: str
    teu: float
    capacity: float | None
    shadow_price_usd_per_teu: float = 0.0
    mode: str = ""
    delay_h: float = 0.0

    @property
    def kind(self) -> str:
        """``crossing``, ``link``, ``port`` or ``terminal``."""
        return self.element[0]

    @property
    def utilisation(self) -> float | None:
        """TEU over capacity (None when the capacity is unknown)."""
        return None if not self.capacity else self.teu / self.capacity

    def record(self) -> dict[str, Any]:
        """Return the JSON form (``element``, ``kind``, ``teu``, ``capacity``, ...)."""
        kind, ident, direction = self.element
        return {"element": str(ident), "kind": kind, "direction": direction, "name": self.name,
                "mode": self.mode or None,
                "teu": _clean(self.teu), "capacity": _clean(self.capacity),
                "utilisation": _clean(self.utilisation),
                "shadow_price_usd_per_teu": _clean(self.shadow_price_usd_per_teu),
                "delay_h": _clean(self.delay_h)}


class ODAssignment:
    """One demand row and how it is carried.

    Attributes
    ----------
    origin, destination : object
        As given.
    demand_teu, assigned_teu, unserved_teu : float
        TEU per year.
    routes : list of (Route, float)
        The routes used and their TEU per year, most TEU first. :func:`assign` builds them
        when first read (a bulk assignment that only needs its flows does not pay for
        thousands of full routes).
    delays_h : list of float
        Equilibrium assignment: per route (``routes`` order), the congestion delay in hours
        per TEU on top of its free time (``route.time_h``); zeros otherwise.
    """

    def __init__(self, origin: Any, destination: Any, demand_teu: float, assigned_teu: float,
                 unserved_teu: float,
                 routes: Sequence[tuple[Route, float]] | Callable[[], list[tuple[Route, float]]]
                 = (), delays_h: Sequence[float] | None = None) -> None:
        self.origin, self.destination = origin, destination
        self.demand_teu, self.assigned_teu, self.unserved_teu = (
            demand_teu, assigned_teu, unserved_teu)
        self._routes = routes if callable(routes) else list(routes)
        self._delays_h = None if delays_h is None else list(delays_h)

    @property
    def delays_h(self) -> list[float]:
        """Per route, its congestion delay in hours per TEU (equilibrium; else zeros)."""
        return self._delays_h if self._delays_h is not None else [0.0] * len(self.routes)

    @property
    def routes(self) -> list[tuple[Route, float]]:
        """The routes used and their TEU per year, most TEU first."""
        if callable(self._routes):
            self._routes = self._routes()
        return self._routes

    def shares(self) -> list[float]:
        """Return each route's share of the assigned TEU."""
        return [teu / self.assigned_teu if self.assigned_teu else 0.0 for _, teu in self.routes]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_routes"] = self.routes  # built, so that it pickles without the network
        return state

    def __repr__(self) -> str:
        return (f"ODAssignment({self.origin!r}, {self.destination!r}, "
                f"demand_teu={self.demand_teu!r}, assigned_teu={self.assigned_teu!r}, "
                f"unserved_teu={self.unserved_teu!r})")


class _RouteBook:
    """Builds the routes of an assignment's OD rows on demand, each distinct route once."""

    def __init__(self, G: nx.MultiDiGraph, sg: Any, weights: ScoreWeights,
                 cost_model: CostModel | None, date: Any) -> None:
        self.G, self.sg, self.weights, self.cost_model, self.date = (
            G, sg, weights, cost_model, date)
        self.cache: dict[tuple[int, ...], Route] = {}

    def routes(self, start: Hashable, paths: Sequence[tuple[list[int], float, float]]
               ) -> Callable[[], list[tuple[Route, float]]]:
        """Return a function that builds the routes of one OD row, most TEU first."""
        return lambda: [(self.route(arcs, start), float(teu)) for arcs, teu, _ in paths]

    def route(self, arcs: list[int], start: Hashable) -> Route:
        """Return the route along ``arcs`` (``start`` when empty: origin = destination)."""
        from corridors.route import make_route

        route = self.cache.get(tuple(arcs))
        if route is None:
            sg = self.sg
            path = [sg.arc_edges[a] for a in arcs]
            if arcs:
                start = sg.places[int(sg.state_place[sg.arc_tail[arcs[0]]])]
            route = make_route(self.G, path, self.weights, cost_model=self.cost_model,
                               origin=start, destination=path[-1][1] if path else start,
                               date=self.date)
            self.cache[tuple(arcs)] = route
        return route


@dataclass
class Assignment:
    """The result of :func:`assign`.

    Attributes
    ----------
    od : list of ODAssignment
        One per demand row, in the given order.
    flows : list of ElementFlow
        Every used link, crossing, port and terminal (directional entries only where a
        directional capacity is known), most TEU first.
    objective : str
        The objective's name.
    total_score : float
        Objective total of the carried TEU (USD per year for ``cost``/``generalized``).
    penalty_usd_per_teu : list of float
        Per demand row, the score of one TEU not carried.
    iterations : int
        Rounds of column generation (system) or of gradient projection (equilibrium).
    capacities : bool
        Whether capacities were applied.
    covered : frozenset
        ``(kind, id)`` of the elements bound by a known capacity of their own or of an
        element they always go with (a ferry crossing and its sea link, a port's terminal).
    method : str
        ``system`` (capacities are limits) or ``equilibrium`` (capacities cause delays).
    gap : float or None
        Equilibrium: the relative gap reached (how far from an exact equilibrium).
    """

    od: list[ODAssignment]
    flows: list[ElementFlow]
    objective: str
    total_score: float
    penalty_usd_per_teu: list[float]
    iterations: int
    capacities: bool
    covered: frozenset[tuple[str, Hashable]] = frozenset()
    method: str = "system"
    gap: float | None = None

    @property
    def demand_teu(self) -> float:
        """Total demand, TEU per year."""
        return sum(o.demand_teu for o in self.od)

    @property
    def unserved_teu(self) -> float:
        """Demand that cannot be carried, TEU per year."""
        return sum(o.unserved_teu for o in self.od)

    @property
    def objective_value(self) -> float:
        """The programme's objective: :attr:`total_score` plus unserved TEU at their penalty."""
        return self.total_score + sum(
            o.unserved_teu * p for o, p in zip(self.od, self.penalty_usd_per_teu, strict=True))

    @property
    def bottlenecks(self) -> list[ElementFlow]:
        """The binding capacities, highest shadow price first.

        For the equilibrium: the elements loaded to their capacity or beyond, longest
        delay first.
        """
        binding = [f for f in self.flows if f.capacity and (
            f.shadow_price_usd_per_teu > 1e-9 or (f.utilisation or 0) >= SATURATED)]
        return sorted(binding, key=lambda f: (-f.shadow_price_usd_per_teu, -f.delay_h,
                                              -(f.utilisation or 0)))

    @property
    def unconstrained(self) -> list[ElementFlow]:
        """Crossings, ports, terminals and sea links that carry TEU with no known capacity.

        Most TEU first: where the answer is only as good as a missing figure (see
        :mod:`corridors.capacities`).
        """
        return [f for f in self.flows if f.capacity is None and f.element[2] == "both"
                and (f.kind != "link" or f.mode == "sea") and f.element[:2] not in self.covered]

    def od_frame(self) -> pandas.DataFrame:
        """Return one row per demand row and route: TEU, share and the route's figures."""
        import pandas as pd

        rows = []
        for o in self.od:
            base = {"origin": _label(o.origin), "destination": _label(o.destination),
                    "demand_teu": o.demand_teu, "assigned_teu": o.assigned_teu,
                    "unserved_teu": o.unserved_teu}
            if not o.routes:
                rows.append(base)
            for (route, teu), share, delay in zip(o.routes, o.shares(), o.delays_h,
                                                  strict=True):
                rows.append({**base, "route_teu": teu, "share": share, "delay_h": delay,
                             "via": " > ".join(x.name for x in route.border_crossings),
                             "countries": ">".join(route.countries),
                             "distance_km": route.distance_km, "time_h": route.time_h,
                             "cost_usd": route.cost_usd, "co2e_kg": route.co2e_kg})
        return pd.DataFrame(rows)

    def flows_frame(self) -> pandas.DataFrame:
        """Return the flows as a table (``element``, ``kind``, ``teu``, ``capacity``, ...)."""
        import pandas as pd

        return pd.DataFrame([f.record() for f in self.flows], columns=list(FLOW_COLUMNS))

    def bottlenecks_frame(self) -> pandas.DataFrame:
        """Return the binding capacities with their shadow prices."""
        import pandas as pd

        return pd.DataFrame([f.record() for f in self.bottlenecks], columns=list(FLOW_COLUMNS))

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document (``od``, ``flows``, ``bottlenecks`` and totals)."""
        from corridors.report import route_record

        od = []
        for o, penalty in zip(self.od, self.penalty_usd_per_teu, strict=True):
            routes = []
            for rank, ((route, teu), share, delay) in enumerate(
                    zip(o.routes, o.shares(), o.delays_h, strict=True), 1):
                routes.append({"share": _clean(share), "teu": _clean(teu),
                               "delay_h": _clean(delay), **route_record(route, rank)})
            od.append({"origin": _label(o.origin), "destination": _label(o.destination),
                       "demand_teu": _clean(o.demand_teu), "assigned_teu": _clean(o.assigned_teu),
                       "unserved_teu": _clean(o.unserved_teu),
                       "penalty_usd_per_teu": _clean(penalty), "routes": routes})
        return {"schema_version": 1, "objective": self.objective, "method": self.method,
                "gap": _clean(self.gap), "capacities": self.capacities,
                "demand_teu": _clean(self.demand_teu),
                "unserved_teu": _clean(self.unserved_teu),
                "total_score": _clean(self.total_score),
                "od": od, "flows": [f.record() for f in self.flows],
                "bottlenecks": [f.record() for f in self.bottlenecks],
                "unconstrained": [f.record() for f in self.unconstrained]}

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return :meth:`to_dict` as JSON."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def summary(self) -> str:
        """Return a short text: totals, the bottlenecks and the unserved demand."""
        lines = [f"{self.demand_teu:,.0f} TEU/year demanded, "
                 f"{self.demand_teu - self.unserved_teu:,.0f} carried, "
                 f"{self.unserved_teu:,.0f} unserved ({self.objective}"
                 f"{', capacities applied' if self.capacities else ', no capacities'})"]
        if self.method == "equilibrium":
            lines[0] += f"; user equilibrium, relative gap {self.gap or 0:.1g}"
        for f in self.bottlenecks[:10]:
            lines.append(f"  bottleneck {f.name}: {f.teu:,.0f} of {f.capacity:,.0f} TEU/year, "
                         + (f"{f.delay_h:,.1f} h delay per TEU" if self.method == "equilibrium"
                            else f"one more TEU saves {f.shadow_price_usd_per_teu:,.0f} USD"))
        for f in self.unconstrained[:5]:
            lines.append(f"  no known capacity: {f.name} carries {f.teu:,.0f} TEU/year")
        return "\n".join(lines)


def _clean(value: float | None) -> float | None:
    """Round away float noise (12 significant digits); None stays None."""
    return None if value is None else float(f"{value:.12g}")


def _label(place: Any) -> str:
    if isinstance(place, tuple):
        return f"{place[0]:g},{place[1]:g}"
    return str(place)


def assign(
    G: nx.MultiDiGraph,
    demand: Any,
    objective: str | ScoreWeights = "generalized",
    *,
    capacities: bool | Mapping[Element, float] = True,
    planned_capacities: bool = False,
    capacity_scale: Mapping[str, float] | None = None,
    penalty_usd_per_teu: float | None = None,
    modes: Any = None,
    avoid_countries: Any = (),
    avoid_places: Any = (),
    avoid_crossings: Any = (),
    avoid_links: Any = (),
    include_planned: bool = False,
    date: Any = None,
    cost_model: CostModel | None = None,
    method: str = "system",
    delay: tuple[float, float] = BPR,
    gap: float = 1e-4,
) -> Assignment:
    """Assign yearly container demand to the network under its capacities.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network (a scenario's network works the same way).
    demand : str, path, DataFrame or sequence
        TEU per year: a CSV file with ``origin,destination,teu`` (:func:`~corridors.demand.
        read_demand`), a DataFrame with those columns, or rows ``(origin, destination, teu)``.
        Places as in :func:`~corridors.routing.best_route` (countries and regions may start
        or end at any of their places).
    objective : str or ScoreWeights
        What each TEU costs: ``generalized`` (USD + value of time, the default), ``cost``,
        ``time``, ``co2e`` ...
    capacities : bool or mapping
        True: the network's capacities (``capacities.csv``); False: none (all-or-nothing);
        or a mapping ``(kind, id, direction) -> TEU per year``.
    planned_capacities : bool
        Use a planned capacity (an expansion due later) instead of the current one.
    capacity_scale : mapping, optional
        Multiply capacities: ``{"port": 2}`` doubles every port, ``{"crossing:x": 0.5}`` halves
        one crossing (see :func:`~corridors.capacities.element_capacities`).
    penalty_usd_per_teu : float, optional
        Score of one TEU not carried: what the next-best way outside the network (deep-sea
        shipping, staying home) would cost. Default: per demand row, twice its best route's
        score without capacities. Where demand goes unserved, the shadow prices of the
        capacities on its routes are set by this penalty.
    modes, avoid_countries, avoid_places, avoid_crossings, avoid_links, include_planned, \
date, cost_model
        As in :func:`~corridors.routing.best_route`.
    method : {"system", "equilibrium"}
        ``system`` (default): capacities are limits, the total score is least (system
        optimum), the bottlenecks have shadow prices and what does not fit is unserved.
        ``equilibrium``: capacities cause queues -- each element's time grows with its load
        by the BPR function ``t0 * (1 + alpha * (load / capacity) ** beta)`` -- and every
        shipper takes its own best route given them, or leaves the network when the queue
        costs more than its penalty (user equilibrium by path-based gradient projection;
        see :mod:`corridors.assignment_ue`); the objective must value time.
    delay : (float, float)
        Equilibrium: the BPR ``(alpha, beta)``; default ``(0.15, 4)``.
    gap : float
        Equilibrium: the relative gap at which to stop (1e-4: within 0.01% of equilibrium).

    Returns
    -------
    Assignment

    Raises
    ------
    DemandError
        For a malformed demand table, or an unknown origin or destination (with the row and
        "did you mean").
    NoRouteError
        If no demand row has any route.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> a = assign(G, [("a1", "c1", 1000)], "cost",
    ...            capacities={("crossing", "x-ab-road", "both"): 400})
    >>> [round(teu) for _, teu in a.od[0].routes]
    [600, 400]
    >>> round(a.bottlenecks[0].shadow_price_usd_per_teu, 2)
    204.86
    """
    from corridors import assignment_lp
    from corridors.network import check_graph
    from corridors.routing.compiled import compile_states
    from corridors.routing.constraints import compile_weight, make_constraints
    from corridors.routing.targets import resolve_place
    from corridors.scoring import check_cost_model

    check_graph(G, "assign")
    check_cost_model(cost_model)
    weights = check_options(method, objective, delay, gap)
    rows = demand_rows(demand)
    constraints = make_constraints(
        G, modes=modes, avoid_countries=avoid_countries, avoid_places=avoid_places,
        avoid_crossings=avoid_crossings, avoid_links=avoid_links,
        include_planned=include_planned, date=date)
    weight = compile_weight(G, weights, constraints, cost_model=cost_model)
    sg = compile_states(weight)
    origins, destinations = [], []
    for row in rows:
        o, d = _resolve(G, resolve_place, row)
        origins.append(o)
        destinations.append(d)
    if capacities is True:
        caps = element_capacities(G, planned=planned_capacities, scale=capacity_scale)
    elif capacities is False or capacities is None:
        caps = {}
    elif isinstance(capacities, Mapping):
        caps = {_element(k): float(v) for k, v in capacities.items()}
        if capacity_scale:
            caps = {k: v * float(capacity_scale.get(f"{k[0]}:{k[1]}", capacity_scale.get(
                k[0], capacity_scale.get("*", 1.0)))) for k, v in caps.items()}
    else:
        raise ArgumentTypeError(f"assign: capacities must be True, False or a mapping of "
                                f"(kind, id, direction) to TEU per year, got "
                                f"{type(capacities).__name__}")
    if method == "equilibrium":
        from corridors.assignment_ue import solve_equilibrium

        elements, sol = solve_equilibrium(
            sg, origins, destinations, [r.teu for r in rows], caps, delay=delay, gap=gap,
            penalty=penalty_usd_per_teu)
    else:
        elements, sol = assignment_lp.solve(
            sg, origins, destinations, [r.teu for r in rows], caps,
            penalty=penalty_usd_per_teu)
    if not any(sol.paths) and any(r.teu > 0 for r in rows):
        first = rows[0]
        raise NoRouteError(_label(first.origin), _label(first.destination), detail=(
            f"nor for any of the {len(rows)} demand row(s) under these constraints; check "
            "them with `corridors route ORIGIN DESTINATION`"))
    book = _RouteBook(G, sg, weights, cost_model, constraints.date)
    od: list[ODAssignment] = []
    for k, row in enumerate(rows):
        unserved = float(sol.unserved[k])
        order = sorted(range(len(sol.paths[k])), key=lambda i: -sol.paths[k][i][1])
        delays = ([sol.route_delay_h[k][i] for i in order] if sol.route_delay_h
                  else [0.0] * len(order))
        od.append(ODAssignment(row.origin, row.destination, row.teu, row.teu - unserved,
                               unserved, book.routes(origins[k][0],
                                                     [sol.paths[k][i] for i in order]),
                               delays))
    cap_index = {elements[i]: j for j, i in enumerate(sol.capacity_rows)}
    modes = {("crossing", c.id): c.mode for c in G.graph.get("crossings", {}).values()}
    for a in {a for p in sol.paths for arcs, _, _ in p for a in arcs}:
        u, v, k = sg.arc_edges[a]
        d = G._succ[u][v][k]
        modes[("link", d.get("link_id", k))] = d.get("mode", "")
    used = [(elements[i], teu) for i, teu in enumerate(sol.element_teu.tolist())
            if teu > 1e-9 and (elements[i][2] == "both" or elements[i] in caps)]
    names = element_labels(G, [e for e, _ in used])
    flows = []
    for element, teu in used:
        j = cap_index.get(element)
        shadow = float(max(sol.shadow[j], 0.0)) if j is not None else 0.0
        hours = float(sol.delay_h[j]) if j is not None and sol.delay_h is not None else 0.0
        flows.append(ElementFlow(element, names[element], float(teu), caps.get(element),
                                 shadow, modes.get(element[:2], ""), hours))
    flows.sort(key=lambda f: (-f.teu, f.element))
    carried = float(sum(teu * score for p in sol.paths for _, teu, score in p))
    if sol.route_delay_h:  # the queues are part of what the equilibrium's boxes pay
        carried += weights.hours_km * float(sum(
            teu * hours for p, d in zip(sol.paths, sol.route_delay_h, strict=True)
            for (_, teu, _), hours in zip(p, d, strict=True)))
    return Assignment(od, flows, weights.name, carried, sol.penalty.tolist(), sol.iterations,
                      bool(caps), _covered(G, caps), method,
                      None if sol.gap is None else float(sol.gap))


def check_options(method: str, objective: str | ScoreWeights = "generalized",
                  delay: Any = BPR, gap: Any = 1e-4) -> ScoreWeights:
    """Check an assignment's method and its arguments before any work; return the objective.

    Raises
    ------
    ConstraintError
        For an unknown method (with "did you mean"), a volume-delay function that cannot be
        (:func:`~corridors.assignment_ue.check_delay`), a gap outside (0, 1), or an
        equilibrium under an objective that does not value time.
    """
    import difflib

    from corridors.scoring import resolve_objective

    if method not in METHODS:
        close = difflib.get_close_matches(str(method), METHODS, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConstraintError(f"assign: unknown method {shorten(method)}{hint}; use one of "
                              f"{', '.join(METHODS)}")
    try:
        check_delay(delay)
    except ConstraintError as exc:
        raise ConstraintError(f"assign: {exc}") from None
    if not isinstance(gap, int | float) or not 0 < gap < 1:
        raise ConstraintError(f"assign: gap must be a number between 0 and 1 (1e-4 is "
                              f"within 0.01% of equilibrium), got {shorten(gap)}")
    weights = resolve_objective(objective)
    if method == "equilibrium" and not weights.hours_km:
        raise ConstraintError(
            f"assign: the equilibrium scores congestion delays in hours, and the objective "
            f"{weights.name!r} does not value time; use 'generalized' or 'time' (or a "
            "profile that values hours), or the system optimum for capacities as limits")
    return weights


def _covered(G: nx.MultiDiGraph, caps: Mapping[Element, float]
             ) -> frozenset[tuple[str, Hashable]]:
    """Return the elements a known capacity binds, directly or through their partner.

    A crossing and its links go together (a ferry crossing is its sea link); a place's
    terminal goes with its port.
    """
    known = {(kind, ident) for kind, ident, _ in caps}
    out = set(known)
    for _, _, k, d in G.edges(keys=True, data=True):
        link, crossing = ("link", d.get("link_id", k)), d.get("crossing")
        if crossing and (link in known or ("crossing", crossing) in known):
            out.update({link, ("crossing", crossing)})
    out.update(("terminal", ident) for kind, ident in known if kind == "port")
    return frozenset(out)


def _resolve(G: nx.MultiDiGraph, resolve_place: Any, row: DemandRow
             ) -> tuple[list[Hashable], list[Hashable]]:
    from corridors.errors import UnknownPlaceError

    out = []
    for which, place in (("origin", row.origin), ("destination", row.destination)):
        try:
            out.append(list(resolve_place(G, place).nodes))
        except UnknownPlaceError as exc:
            where = row.where.rsplit(", column", 1)[0] or "demand"
            raise DemandError(f"{where}, column {which}: {exc}") from None
    return out[0], out[1]


def _element(key: Any) -> Element:
    if isinstance(key, str) and ":" in key:
        kind, ident = key.split(":", 1)
        return kind, ident, "both"
    if isinstance(key, tuple) and len(key) == 2:
        return key[0], key[1], "both"
    if isinstance(key, tuple) and len(key) == 3:
        return key
    raise ConstraintError(f"assign: capacity key {shorten(key)} is not (kind, id, direction) "
                          "or 'kind:id'")
