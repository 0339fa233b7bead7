r"""The user-equilibrium assignment: every shipper on its own best route, given the queues.

Where :mod:`corridors.assignment_lp` treats a capacity as a wall (the system optimum: no
element carries more than it can, and what does not fit is unserved), this treats it as a
queue. Each capacitated element (border crossing, port, terminal, link) takes longer as its
load nears and passes its capacity, by the Bureau of Public Roads volume-delay function

.. math:: t_e(v) = t_{0,e} \left(1 + \alpha \left(\frac{v}{c_e}\right)^\beta\right)

(default :math:`\alpha = 0.15`, :math:`\beta = 4`), where :math:`t_{0,e}` is the element's
own time when it is free (:func:`free_hours`): a crossing's or link's time as the network
gives it, a port's dwell, a terminal's transfer. The extra hours are scored at the objective's
value of time (``hours_km`` of :class:`~corridors.costmodel.ScoreWeights`), so the objective
must value time (``generalized``, ``time`` ...). Each OD pair also has its way out of the
network at its penalty score (deep sea, staying home: the system optimum's *unserved*), so
queues grow only until the way out is as good; at equilibrium no shipper can lower its own
score by changing route or leaving (Wardrop's first principle with an outside option).

Solved by path-based gradient projection (Jayakrishnan, Tsai, Prashker and Rajadhyaksha,
Transportation Research Record 1443, 1994), which converges far faster than Frank–Wolfe when
queues are long: each round prices every OD pair's best route under the current delays on
the compiled state graph (:class:`~corridors.assignment_lp.Problem`) and adds it to the
pair's routes, then moves each pair's TEU from its dearer routes towards the cheapest by a
Newton step (the score difference over the delay slopes of the elements the two routes do
not share). The routes are kept with their TEU, so each pair's shares are known. It stops
when the relative gap -- how much the current flows' total score exceeds that of everyone
taking today's best route -- is below ``gap``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from corridors.assignment_lp import Element, Problem, Solution

if TYPE_CHECKING:  # pragma: no cover
    import numpy

    from corridors.routing.compiled import StateGraph

__all__ = ["BPR", "check_delay", "free_hours", "solve_equilibrium"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: The Bureau of Public Roads volume-delay function's ``(alpha, beta)`` (Traffic Assignment
#: Manual, US Bureau of Public Roads, 1964): 15% slower at capacity, 2.4 times slower at twice
#: the capacity.
BPR = (0.15, 4.0)


def check_delay(delay: Any) -> tuple[float, float]:
    """Return ``(alpha, beta)`` of a volume-delay function as floats, or refuse it.

    Raises
    ------
    ConstraintError
        Unless ``alpha >= 0`` and ``1 <= beta < 100`` (beta below 1 would make the delay
        concave in the load; the equilibrium would not be unique).
    """
    from corridors.errors import ConstraintError, shorten

    try:
        alpha, beta = (float(x) for x in delay)
        ok = 0 <= alpha < 1e6 and 1 <= beta < 100
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ConstraintError(f"delay must be (alpha, beta) with alpha >= 0 and "
                              f"1 <= beta < 100 (BPR: (0.15, 4)), got {shorten(delay)}")
    return alpha, beta


def free_hours(pb: Problem) -> numpy.ndarray:
    """Return the free time of every capacitated element, hours per TEU.

    A link or crossing: the time of its edge as the network scores it (border time
    included), the mean of its edges when the capacity counts both directions. A port: its
    dwell (``transshipment["dwell_h"]``, else the cost model's ``port_dwell_h``). A
    terminal: the median transfer there over the arcs that change mode at it, else the cost
    model's ``transfer_h``.
    """
    import numpy as np

    sg = pb.sg
    time = sg.arc_metrics[:, 1]
    # the same edge from the start state carries no transfer: the least time of its arcs
    edge_of: dict[tuple[Hashable, Hashable, Hashable], int] = {}
    edge_id = np.asarray([edge_of.setdefault(e, len(edge_of)) for e in sg.arc_edges])
    base = np.full(len(edge_of), np.inf)
    np.minimum.at(base, edge_id, time)
    transfer = time - base[edge_id]
    tail_place = sg.state_place[sg.arc_tail]
    handling: dict[int, float] = {}
    changes = np.flatnonzero(transfer > 1e-12)
    for place in np.unique(tail_place[changes]).tolist():
        handling[place] = float(np.median(transfer[changes[tail_place[changes] == place]]))
    cm = sg.weight.cost_model
    nodes = sg.weight.G.nodes
    out = np.zeros(len(pb.cap_elem))
    inc_cap = pb.inc_cap.tocsc() if pb.inc_cap is not None else None
    for j, i in enumerate(pb.cap_elem.tolist()):
        kind, ident, _ = pb.elements[i]
        if kind == "port":
            dwell = (nodes[ident].get("transshipment") or {}).get("dwell_h")
            out[j] = cm.port_dwell_h if dwell is None or dwell != dwell else float(dwell)
        elif kind == "terminal":
            out[j] = handling.get(sg.index.get(ident, -1), cm.transfer_h)
        elif inc_cap is not None:
            arcs = inc_cap.indices[inc_cap.indptr[j]:inc_cap.indptr[j + 1]]
            out[j] = float(base[np.unique(edge_id[arcs])].mean()) if len(arcs) else 0.0
    return out


def solve_equilibrium(sg: StateGraph, origins: Sequence[Sequence[Hashable]],
                      destinations: Sequence[Sequence[Hashable]], demand_teu: Sequence[float],
                      capacity: Mapping[Element, float], *,
                      delay: tuple[float, float] = BPR, gap: float = 1e-4,
                      max_iterations: int = 500, penalty: float | None = None
                      ) -> tuple[list[Element], Solution]:
    """Solve the user-equilibrium assignment with congestion delays at the capacities.

    Parameters
    ----------
    sg : StateGraph
        The query's compiled state graph (its objective must value time).
    origins, destinations, demand_teu, capacity
        As in :func:`corridors.assignment_lp.solve`.
    delay : (float, float)
        The volume-delay function's ``(alpha, beta)``.
    gap : float
        Stop when the relative gap is below this.
    max_iterations : int
        Iterations at most (a warning is logged when reached).
    penalty : float, optional
        Score per TEU of the way out of the network (default per OD row twice its best
        route's score without delays).
    """
    import numpy as np

    pb = Problem(sg, origins, destinations, demand_teu, capacity)
    alpha, beta = check_delay(delay)
    value = float(sg.weight.weights.hours_km)  # score per hour
    t0 = free_hours(pb)
    cap = pb.cap_val
    n_od, n_cap = pb.n_od, len(cap)
    demand = pb.demand

    def delay_h(v: numpy.ndarray) -> numpy.ndarray:
        """Return the extra hours per TEU at capacitated elements under their loads ``v``."""
        return t0 * alpha * (np.maximum(v, 0.0) / cap) ** beta

    none = (np.zeros(0, dtype=np.int64), np.zeros(0))
    uses: dict[tuple[int, ...] | None, tuple[numpy.ndarray, numpy.ndarray]] = {None: none}
    free_score: dict[tuple[int, ...] | None, float] = {}

    def use(route: tuple[int, ...] | None) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Return the capacity rows of a route and their counts (noting its free score)."""
        if route not in uses:
            uses[route] = pb.capacity_use(route)
            free_score[route] = float(sg.arc_score[list(route)].sum()) if route else 0.0
        return uses[route]

    def score(k: int, route: tuple[int, ...] | None, v: numpy.ndarray) -> float:
        """Return what one TEU of OD row ``k`` pays on ``route`` under the loads ``v``."""
        if route is None:
            return float(big[k])
        rows, count = use(route)
        extra = value * float(delay_h_at(rows, v) @ count) if len(rows) else 0.0
        return free_score[route] + extra

    def delay_h_at(rows: numpy.ndarray, v: numpy.ndarray) -> numpy.ndarray:
        return t0[rows] * alpha * (np.maximum(v[rows], 0.0) / cap[rows]) ** beta

    def shift(k: int, f: dict[tuple[int, ...] | None, float]) -> None:
        """Even out the scores of OD row ``k``'s routes.

        Move TEU from its dearest used route to its cheapest until they score the same or
        the dearer one is empty, and again while another pair is uneven (the loads ``v``
        follow each move).
        """
        for _ in range(3 * len(f)):
            costs = {r: score(k, r, v) for r in f}
            cheapest = min(costs, key=costs.__getitem__)
            dear = [r for r in f if r != cheapest and f[r] > 0.0]
            if not dear:
                break
            dearest = max(dear, key=costs.__getitem__)
            spread = costs[dearest] - costs[cheapest]
            if spread <= 1e-9 * max(1.0, abs(costs[cheapest])):
                break
            move_between(k, f, dearest, cheapest, spread)
        for r in [r for r, teu in f.items() if teu <= 0.0]:
            del f[r]

    def move_between(k: int, f: dict[tuple[int, ...] | None, float],
                     r: tuple[int, ...] | None, c: tuple[int, ...] | None,
                     spread: float) -> None:
        """Move TEU of row ``k`` from route ``r`` to ``c`` until they score the same.

        Or until ``r`` is empty. Safeguarded Newton on the score difference (``spread``
        before any move), which falls as TEU move.
        """
        rows, count = use(r)
        rows_c, count_c = use(c)
        both = np.union1d(rows, rows_c)
        w = np.zeros(len(both))       # TEU off each element per TEU moved
        w[np.searchsorted(both, rows)] += count
        w[np.searchsorted(both, rows_c)] -= count_c
        tb, cb, vb = t0[both], cap[both], v[both]
        delay_now = value * float((tb * alpha * (np.maximum(vb, 0.0) / cb) ** beta) @ w)
        base = spread - delay_now     # the difference of the free scores

        def excess(m: float) -> tuple[float, float]:
            load = np.maximum(vb - m * w, 0.0) / cb
            d = tb * alpha * load ** beta
            slope = tb * alpha * beta * load ** (beta - 1) / cb
            return base + value * float(d @ w), -value * float(slope @ (w * w))

        lo, hi = 0.0, f[r]
        if excess(hi)[0] >= 0.0:
            move = hi                 # still dearer with all of it moved
        else:
            move, (e, de) = 0.0, (spread, excess(0.0)[1])
            for _ in range(40):
                if e > 0.0:
                    lo = move
                else:
                    hi = move
                if abs(e) <= 1e-9 * max(1.0, spread) or hi - lo <= 1e-12 * f[r]:
                    break
                step = move - e / de if de < 0.0 else math.nan
                move = step if lo < step < hi else 0.5 * (lo + hi)
                e, de = excess(move)
        f[r] -= move
        f[c] += move
        v[rows] -= move * count
        v[rows_c] += move * count_c

    first = pb.price(np.zeros(n_cap))
    big = pb.penalty(first, penalty)
    # per OD row, TEU per route; None is the way out of the network at the penalty
    flows: list[dict[tuple[int, ...] | None, float]] = []
    v = np.zeros(n_cap)
    for k, f in enumerate(first):
        route = tuple(f[1]) if f is not None and f[0] < big[k] else None
        flows.append({route: float(demand[k])})
        rows, count = use(route)
        v[rows] += demand[k] * count
    iterations, rel_gap = 0, 0.0
    while n_cap and value > 0:
        iterations += 1
        total, cheapest = 0.0, np.empty(n_od)
        for k, f in enumerate(flows):
            costs = [score(k, r, v) for r in f]
            total += sum(teu * c for teu, c in zip(f.values(), costs, strict=True))
            cheapest[k] = min(costs)
        # a pair's best route is traced only when it beats the routes the pair has
        found = pb.price(value * delay_h(v), tolerance=1e-12, trace_below=cheapest)
        best = 0.0
        for k, f in enumerate(found):
            if f is None or f[0] >= big[k]:
                best += demand[k] * big[k]
                flows[k].setdefault(None, 0.0)
            elif f[1] is None:
                best += demand[k] * min(f[0], cheapest[k])
            else:
                best += demand[k] * f[0]
                flows[k].setdefault(tuple(f[1]), 0.0)
        rel_gap = max(0.0, (total - best) / total) if total > 0 else 0.0
        if rel_gap <= gap:
            break
        if iterations >= max_iterations:
            logger.warning("equilibrium assignment: stopped after %d iterations at a "
                           "relative gap of %.2g (asked %.2g)", iterations, rel_gap, gap)
            break
        for k, f in enumerate(flows):
            if len(f) > 1:
                shift(k, f)
    paths: list[list[tuple[list[int], float, float]]] = []
    route_delay: list[list[float]] = []
    unserved = np.zeros(n_od)
    d = delay_h(v) if n_cap else np.zeros(0)
    for k, f in enumerate(flows):
        kept = [(r, teu) for r, teu in f.items()
                if r is not None and teu > 1e-9 * max(1.0, demand[k])]
        paths.append([(list(r), teu, free_score[r]) for r, teu in kept])
        route_delay.append([float(d[use(r)[0]] @ use(r)[1]) for r, _ in kept])
        unserved[k] = f.get(None, 0.0)
    total = sum(teu * score(k, r, v) for k, f in enumerate(flows) for r, teu in f.items())
    return pb.elements, Solution(
        paths=paths, unserved=unserved, element_teu=pb.element_teu(paths),
        shadow=np.zeros(n_cap), od_dual=np.zeros(n_od), objective=total,
        iterations=iterations, penalty=big, capacity_rows=pb.cap_elem.tolist(),
        delay_h=d, route_delay_h=route_delay, gap=rel_gap)
