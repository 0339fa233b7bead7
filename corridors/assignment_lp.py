"""The capacitated assignment as a path-based linear programme, by column generation.

System optimum of a multi-commodity flow: every demand row (an OD pair and its TEU per year)
is split over routes so that the total score (USD per TEU for ``cost``/``generalized``) of all
TEU is least, no capacitated element carries more than its capacity, and demand that cannot
be carried is *unserved* at a penalty above any route's score.

The master problem has one column per route found so far and one row per OD pair (its
demand) and per capacitated element (its capacity); HiGHS (:mod:`highspy`) solves it,
each round starting from the last optimal basis. A new route prices out when its score,
plus the shadow prices of the elements it uses, is below
the OD pair's dual: one Dijkstra per origin on the compiled state graph
(:mod:`corridors.routing.compiled`) with every arc's score raised by the shadow prices of its
elements finds the best such route of every pair at once. When none prices out the master's
solution is optimal for the full problem (LP duality), and its duals are the shadow prices.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy

    from corridors.routing.compiled import StateGraph

__all__ = ["Element", "Problem", "Solution", "arc_elements", "solve"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: An element a capacity can bind: ``(kind, id, direction)``, see :mod:`corridors.capacities`.
Element = tuple[str, Hashable, str]


def arc_elements(sg: StateGraph) -> tuple[list[Element], Any]:
    """Return every element an arc of ``sg`` uses, and the arcs x elements incidence (CSR).

    An arc uses its link, its crossing (if any), the ports at both ends of a sea link, and
    the terminal of its tail when the arc changes mode there.
    """
    import numpy as np
    import scipy.sparse as sp

    G = sg.weight.G
    elements: dict[Element, int] = {}
    rows: list[int] = []
    cols: list[int] = []

    def use(arc: int, element: Element) -> None:
        rows.append(arc)
        cols.append(elements.setdefault(element, len(elements)))

    tail_class = [sg.state_class[t] for t in sg.arc_tail.tolist()]
    head_class = [sg.state_class[h] for h in sg.arc_head.tolist()]
    crossings = G.graph.get("crossings", {})
    for a, (u, v, k) in enumerate(sg.arc_edges):
        d = G._succ[u][v][k]
        link = d.get("link_id", k)
        use(a, ("link", link, "both"))
        use(a, ("link", link, "ba" if d.get("reverse") else "ab"))
        cid = d.get("crossing")
        if cid:
            use(a, ("crossing", cid, "both"))
            record = crossings.get(cid)
            if record is not None:
                use(a, ("crossing", cid, "ab" if u == record.post_a else "ba"))
        if d.get("mode") == "sea":
            use(a, ("port", u, "both"))
            use(a, ("port", v, "both"))
        if tail_class[a] is not None and tail_class[a] != head_class[a]:
            use(a, ("terminal", u, "both"))
    inc = sp.csr_matrix((np.ones(len(rows)), (rows, cols)),
                        shape=(len(sg.arc_edges), len(elements)))
    return list(elements), inc


@dataclass
class Solution:
    """What :func:`solve` returns (arrays indexed like its inputs).

    Attributes
    ----------
    paths : list of list
        Per OD row, the routes used: ``(arcs, teu, score_per_teu)``.
    unserved : numpy.ndarray
        TEU per OD row that could not be carried.
    element_teu : numpy.ndarray
        TEU on every element of ``elements``.
    shadow : numpy.ndarray
        Per capacitated element (``capacity`` order), what one more TEU of capacity would
        save (score units per TEU, >= 0).
    od_dual : numpy.ndarray
        Per OD row, the score of one more TEU of its demand.
    objective : float
        Total score of the assignment (unserved TEU at the penalty).
    iterations : int
        Rounds of pricing (column generation) or of gradient projection (equilibrium).
    penalty : numpy.ndarray
        Per OD row, the score of one TEU not carried.
    capacity_rows : list of int
        The capacitated elements (indices into the elements), in ``shadow`` order.
    delay_h : numpy.ndarray or None
        Equilibrium only: per capacitated element, the congestion delay in hours per TEU at
        the final flows.
    route_delay_h : list of list of float
        Equilibrium only: per OD row and route (``paths`` order), its delay in hours per TEU.
    gap : float or None
        Equilibrium only: the relative gap at the end (0 at an exact equilibrium).
    """

    paths: list[list[tuple[list[int], float, float]]]
    unserved: numpy.ndarray
    element_teu: numpy.ndarray
    shadow: numpy.ndarray
    od_dual: numpy.ndarray
    objective: float
    iterations: int
    penalty: numpy.ndarray
    capacity_rows: list[int] = field(default_factory=list)
    delay_h: numpy.ndarray | None = None
    route_delay_h: list[list[float]] = field(default_factory=list)
    gap: float | None = None


def _priced_tree(sg: StateGraph, arc_cost: numpy.ndarray, origins: Sequence[Sequence[int]]
                 ) -> tuple[Any, Any, Any]:
    """Return the searches from every origin under ``arc_cost``, and the pair arcs used."""
    best, pair_arc = sg._best(arc_cost)
    matrix = sg._csr(best)
    tree = sg.search([{s: 0.0 for s in starts} for starts in origins], matrix=matrix)
    return tree, pair_arc, best


def _trace(sg: StateGraph, pred: numpy.ndarray, pair_arc: numpy.ndarray, state: int
           ) -> list[int]:
    """Return the arcs of the route to ``state`` in one row of predecessors."""
    import numpy as np

    seq = [state]
    while pred[seq[-1]] >= 0:
        seq.append(int(pred[seq[-1]]))
    seq.reverse()
    if len(seq) < 2:
        return []
    pairs = sg.pair_index(np.asarray(seq[:-1]), np.asarray(seq[1:]))
    return pair_arc[pairs].tolist()


class Problem:
    """An assignment's data on a compiled state graph, shared by the two solvers.

    Attributes
    ----------
    elements : list
        Every element an arc uses (:func:`arc_elements`); ``inc`` its arcs x elements CSR.
    cap_elem, cap_val : numpy.ndarray
        The capacitated elements (indices into ``elements``) and their TEU per year;
        ``inc_cap`` the arcs x capacities CSR (None without capacities).
    demand : numpy.ndarray
        TEU per year of every OD row.
    """

    def __init__(self, sg: StateGraph, origins: Sequence[Sequence[Hashable]],
                 destinations: Sequence[Sequence[Hashable]], demand_teu: Sequence[float],
                 capacity: Mapping[Element, float]) -> None:
        import numpy as np

        self.sg = sg
        self.elements, self.inc = arc_elements(sg)
        index = {e: i for i, e in enumerate(self.elements)}
        caps = [(index[e], float(c)) for e, c in capacity.items() if e in index]
        self.cap_elem = np.asarray([i for i, _ in caps], dtype=np.int64)
        self.cap_val = np.asarray([c for _, c in caps])
        self.inc_cap = self.inc[:, self.cap_elem].tocsr() if len(caps) else None
        self.demand = np.asarray(demand_teu, dtype=float)
        self.n_od = len(self.demand)
        starts = [sorted(sg.start_state(p) for p in o if p in sg.index) for o in origins]
        # one search per distinct origin set
        key_of = {tuple(s): i for i, s in enumerate(dict.fromkeys(tuple(s) for s in starts))}
        self.origin_rows = list(key_of)
        self.row_of_od = [key_of[tuple(s)] for s in starts]
        self.dest_idx = [np.asarray([sg.index[p] for p in d if p in sg.index], dtype=np.int64)
                         for d in destinations]

    def price(self, element_cost: numpy.ndarray, dual_od: numpy.ndarray | None = None,
              tolerance: float = 1e-7, trace_below: numpy.ndarray | None = None
              ) -> list[tuple[float, list[int] | None] | None]:
        """Return per OD row its best route when each capacitated element costs extra.

        ``element_cost`` is per capacitated element, in score units per TEU. Each entry is
        ``(score including the extra, arcs)``, or None where there is no route or, with
        ``dual_od``, none that prices out. With ``trace_below``, the arcs are None (not
        traced) where the score is not below it: the caller has such a route already.
        """
        import numpy as np

        sg = self.sg
        cost = (sg.arc_score if self.inc_cap is None
                else sg.arc_score + self.inc_cap @ element_cost)
        tree, pair_arc, _ = _priced_tree(sg, cost, self.origin_rows)
        best, state = sg.place_best(tree)
        out: list[tuple[float, list[int]] | None] = []
        for k in range(self.n_od):
            r, idx = self.row_of_od[k], self.dest_idx[k]
            if not len(idx):
                out.append(None)
                continue
            j = int(np.argmin(best[r, idx]))
            score = float(best[r, idx[j]])
            if not np.isfinite(score) or (
                    dual_od is not None
                    and score >= dual_od[k] - tolerance * max(1.0, abs(dual_od[k]))):
                out.append(None)
                continue
            if trace_below is not None and score >= trace_below[k] - tolerance * max(
                    1.0, abs(trace_below[k])):
                out.append((score, None))
                continue
            out.append((score, _trace(sg, tree.pred[r], pair_arc, int(state[r, idx[j]]))))
        return out

    def capacity_use(self, arcs: Sequence[int]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Return the capacity rows a route uses and how many times (a route may pass twice)."""
        import numpy as np

        inc_cap = self.inc_cap
        if inc_cap is None or not len(arcs):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        a = np.asarray(arcs)
        lo, hi = inc_cap.indptr[a], inc_cap.indptr[a + 1]
        if not (hi > lo).any():
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        rows = np.concatenate([inc_cap.indices[i:j] for i, j in
                               zip(lo.tolist(), hi.tolist(), strict=True) if j > i])
        rows, count = np.unique(rows, return_counts=True)
        return rows, count.astype(float)

    def element_teu(self, paths: Sequence[Sequence[tuple[list[int], float, float]]]
                    ) -> numpy.ndarray:
        """Return the TEU on every element when each OD row's routes carry their TEU."""
        import numpy as np

        arc_teu = np.zeros(len(self.sg.arc_edges))
        for routes in paths:
            for arcs, teu, _ in routes:
                np.add.at(arc_teu, arcs, teu)
        return self.inc.T @ arc_teu

    def penalty(self, first: Sequence[tuple[float, list[int]] | None],
                penalty: float | None) -> numpy.ndarray:
        """Return the score of an unserved TEU per OD row (default twice its best route's)."""
        import numpy as np

        if penalty is not None:
            return np.full(self.n_od, float(penalty))
        return np.asarray([max(1.0, 2.0 * f[0]) if f is not None else 1.0 for f in first])


def solve(sg: StateGraph, origins: Sequence[Sequence[Hashable]],
          destinations: Sequence[Sequence[Hashable]], demand_teu: Sequence[float],
          capacity: Mapping[Element, float], *, penalty: float | None = None,
          max_iterations: int = 500, tolerance: float = 1e-7) -> tuple[list[Element], Solution]:
    """Solve the capacitated assignment (system optimum) on a compiled state graph.

    Parameters
    ----------
    sg : StateGraph
        The query's compiled state graph (objective and constraints).
    origins, destinations : sequences of place collections
        Per OD row, the places it may start and end at (a region's gateways ...).
    demand_teu : sequence of float
        Per OD row, TEU per year.
    capacity : mapping
        TEU per year of the capacitated elements; other elements are unconstrained.
    penalty : float, optional
        Score per unserved TEU; default per OD row twice its best uncapacitated route's.
    max_iterations : int
        Rounds of pricing at most (the answer is then feasible but maybe not optimal; a
        warning is logged).
    tolerance : float
        Relative reduced cost below which a route counts as pricing out.
    """
    import numpy as np

    pb = Problem(sg, origins, destinations, demand_teu, capacity)
    n_od, n_cap = pb.n_od, len(pb.cap_val)
    first = pb.price(np.zeros(n_cap))
    big = pb.penalty(first, penalty)
    master = _Master(pb, big)
    columns: list[tuple[int, list[int], float]] = []  # (od, arcs, true score per TEU)
    seen: set[tuple[int, tuple[int, ...]]] = set()

    def add(found: list[tuple[float, list[int]] | None]) -> int:
        new = []
        for k, f in enumerate(found):
            if f is None or (k, tuple(f[1])) in seen:
                continue
            seen.add((k, tuple(f[1])))
            arcs = f[1]
            columns.append((k, arcs, float(sg.arc_score[arcs].sum()) if arcs else 0.0))
            new.append(columns[-1])
        master.add(new)
        return len(new)

    add(first)
    iterations = 0
    while True:
        master.run()
        iterations += 1
        if not n_cap:
            break
        if iterations >= max_iterations:
            logger.warning("assignment: stopped after %d rounds of pricing; the answer is "
                           "feasible but may not be optimal", iterations)
            break
        if not add(pb.price(-master.dual_cap, master.dual_od, tolerance)):
            break
    x = master.x
    paths: list[list[tuple[list[int], float, float]]] = [[] for _ in range(n_od)]
    for (k, arcs, score), teu in zip(columns, x[n_od:].tolist(), strict=True):
        if teu > 1e-9 * max(1.0, pb.demand[k]):
            paths[k].append((arcs, teu, score))
    return pb.elements, Solution(
        paths=paths, unserved=x[:n_od], element_teu=pb.element_teu(paths),
        shadow=-master.dual_cap, od_dual=master.dual_od,
        objective=master.objective, iterations=iterations,
        penalty=big, capacity_rows=pb.cap_elem.tolist())


class _Master:
    """The restricted master LP in HiGHS, kept between rounds (each re-solve is warm).

    Each round starts from the last optimal basis.

    Rows: one equality per OD row (its demand), one ``<=`` per capacity. Columns: the
    unserved TEU of every OD row at its penalty, then one per route.
    """

    def __init__(self, pb: Problem, penalty: numpy.ndarray) -> None:
        import highspy
        import numpy as np

        self.pb = pb
        self.h = _quiet_highs()
        self.n_od, self.n_cap = pb.n_od, len(pb.cap_val)
        inf = highspy.kHighsInf
        lower = np.concatenate([pb.demand, np.full(self.n_cap, -inf)])
        upper = np.concatenate([pb.demand, pb.cap_val])
        empty = np.zeros(0, dtype=np.int32)
        self.h.addRows(len(lower), lower, upper, 0, empty, empty, np.zeros(0))
        n = self.n_od
        self.h.addCols(n, penalty.astype(float), np.zeros(n), np.full(n, inf), n,
                       np.arange(n, dtype=np.int32), np.arange(n, dtype=np.int32),
                       np.ones(n))

    def add(self, columns: Sequence[tuple[int, list[int], float]]) -> None:
        """Add route columns ``(od, arcs, score)``."""
        import highspy
        import numpy as np

        if not columns:
            return
        starts, index, value = [], [], []
        for k, arcs, _ in columns:
            starts.append(len(index))
            index.append(k)
            value.append(1.0)
            rows, count = self.pb.capacity_use(arcs)
            index.extend((rows + self.n_od).tolist())
            value.extend(count.tolist())
        n = len(columns)
        self.h.addCols(n, np.asarray([c[2] for c in columns]), np.zeros(n),
                       np.full(n, highspy.kHighsInf), len(index),
                       np.asarray(starts, dtype=np.int32), np.asarray(index, dtype=np.int32),
                       np.asarray(value))

    def run(self) -> None:
        """Solve (from the last basis) and keep the primal values and duals."""
        import highspy
        import numpy as np

        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:  # pragma: no cover - the unserved
            # columns keep it feasible and the costs are bounded below
            raise RuntimeError(f"the assignment LP failed: {self.h.modelStatusToString(status)}")
        solution = self.h.getSolution()
        self.x = np.asarray(solution.col_value)
        dual = np.asarray(solution.row_dual)
        self.dual_od, self.dual_cap = dual[:self.n_od], dual[self.n_od:]
        self.objective = float(self.h.getInfo().objective_function_value)


@functools.cache
def _quiet_class() -> type:
    import highspy

    class Quiet(highspy.Highs):
        # Highs.__init__ installs callbacks, which prints the banner unless output is
        # already off (ERGO-Code/HiGHS#1702): switch it off first
        def enableCallbacks(self) -> None:
            self.setOptionValue("output_flag", False)
            super().enableCallbacks()

    return Quiet


def _quiet_highs() -> Any:
    """Return a HiGHS instance that prints nothing (not even its banner)."""
    return _quiet_class()()
