"""The capacitated assignment as a path-based linear programme, by column generation.

System optimum of a multi-commodity flow: every demand row (an OD pair and its TEU per year)
is split over routes so that the total score (USD per TEU for ``cost``/``generalized``) of all
TEU is least, no capacitated element carries more than its capacity, and demand that cannot
be carried is *unserved* at a penalty above any route's score.

The master problem has one column per route found so far and one row per OD pair (its
demand) and per capacitated element (its capacity); HiGHS (:func:`scipy.optimize.linprog`)
solves it. A new
route prices out when its score, plus the shadow prices of the elements it uses, is below
the OD pair's dual: one Dijkstra per origin on the compiled state graph
(:mod:`corridors.routing.compiled`) with every arc's score raised by the shadow prices of its
elements finds the best such route of every pair at once. When none prices out the master's
solution is optimal for the full problem (LP duality), and its duals are the shadow prices.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy

    from corridors.routing.compiled import StateGraph

__all__ = ["Element", "Solution", "arc_elements", "solve"]

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
        Rounds of pricing.
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


def solve(sg: StateGraph, origins: Sequence[Sequence[Hashable]],
          destinations: Sequence[Sequence[Hashable]], demand_teu: Sequence[float],
          capacity: Mapping[Element, float], *, penalty: float | None = None,
          max_iterations: int = 500, tolerance: float = 1e-7) -> tuple[list[Element], Solution]:
    """Solve the capacitated assignment on a compiled state graph.

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
    """
    import numpy as np

    elements, inc = arc_elements(sg)
    index = {e: i for i, e in enumerate(elements)}
    caps = [(index[e], float(c)) for e, c in capacity.items() if e in index]
    cap_elem = np.asarray([i for i, _ in caps], dtype=np.int64)
    cap_val = np.asarray([c for _, c in caps])
    # the rows of the elements that bind: element -> capacity row
    inc_cap = inc[:, cap_elem].tocsc() if len(caps) else None
    n_od = len(demand_teu)
    starts = [sorted(sg.start_state(p) for p in o if p in sg.index) for o in origins]
    ends = [[p for p in d if p in sg.index] for d in destinations]
    # one search per distinct origin set
    key_of = {tuple(s): i for i, s in enumerate(dict.fromkeys(tuple(s) for s in starts))}
    origin_rows = list(key_of)
    row_of_od = [key_of[tuple(s)] for s in starts]
    arc_score = sg.arc_score

    dest_idx = [np.asarray([sg.index[p] for p in d], dtype=np.int64) for d in ends]

    def price(dual_cap: numpy.ndarray, dual_od: numpy.ndarray | None = None
              ) -> list[tuple[float, list[int]] | None]:
        """Return per OD row its best route under the shadow prices.

        None where there is no route or, with ``dual_od``, none that prices out.
        """
        cost = arc_score if inc_cap is None else arc_score + inc_cap @ (-dual_cap)
        tree, pair_arc, _ = _priced_tree(sg, cost, origin_rows)
        best, state = sg.place_best(tree)
        out: list[tuple[float, list[int]] | None] = []
        for k in range(n_od):
            r, idx = row_of_od[k], dest_idx[k]
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
            out.append((score, _trace(sg, tree.pred[r], pair_arc, int(state[r, idx[j]]))))
        return out

    first = price(np.zeros(len(caps)))
    if penalty is not None:
        big = np.full(n_od, float(penalty))
    else:  # a TEU not carried costs twice its best route (at least 1)
        big = np.asarray([max(1.0, 2.0 * f[0]) if f is not None else 1.0 for f in first])
    demand = np.asarray(demand_teu, dtype=float)
    # the columns: unserved TEU of every OD row, then one per route found
    col_od: list[int] = list(range(n_od))
    col_cost: list[float] = big.tolist()
    col_use: list[numpy.ndarray] = [np.zeros(len(caps))] * n_od
    columns: list[tuple[int, list[int], float]] = []  # (od, arcs, true score per TEU)
    seen: set[tuple[int, tuple[int, ...]]] = set()

    def add(k: int, arcs: list[int]) -> bool:
        key = (k, tuple(arcs))
        if key in seen:
            return False
        seen.add(key)
        score = float(arc_score[arcs].sum()) if arcs else 0.0
        use = np.zeros(len(caps))
        if inc_cap is not None and arcs:
            use = np.asarray(inc_cap[arcs].sum(axis=0)).ravel()
        col_od.append(k)
        col_cost.append(score)
        col_use.append(use)
        columns.append((k, arcs, score))
        return True

    for k, f in enumerate(first):
        if f is not None:
            add(k, f[1])
    iterations = 0
    while True:
        res = _master(np.asarray(col_od), np.asarray(col_cost), col_use, demand, cap_val)
        dual_od, dual_cap = res.eqlin.marginals, (res.ineqlin.marginals if len(caps)
                                                 else np.zeros(0))
        iterations += 1
        if not len(caps) or iterations > max_iterations:
            break
        added = 0
        for k, f in enumerate(price(dual_cap, dual_od)):
            if f is not None:
                added += add(k, f[1])
        if not added:
            break
    x = res.x
    dual = np.concatenate([dual_od, dual_cap])
    unserved = x[:n_od]
    paths: list[list[tuple[list[int], float, float]]] = [[] for _ in range(n_od)]
    element_teu = np.zeros(len(elements))
    for (k, arcs, score), teu in zip(columns, x[n_od:].tolist(), strict=True):
        if teu > 1e-9 * max(1.0, demand[k]):
            paths[k].append((arcs, teu, score))
            if arcs:
                element_teu += teu * np.asarray(inc[arcs].sum(axis=0)).ravel()
    return elements, Solution(
        paths=paths, unserved=unserved, element_teu=element_teu,
        shadow=-dual_cap if len(caps) else np.zeros(0), od_dual=dual[:n_od],
        objective=float(res.fun), iterations=iterations,
        penalty=big, capacity_rows=cap_elem.tolist())


def _master(col_od: numpy.ndarray, col_cost: numpy.ndarray, col_use: list[numpy.ndarray],
            demand: numpy.ndarray, cap: numpy.ndarray) -> Any:
    """Solve the restricted master LP with HiGHS (scipy): min cost, demand met, capacities."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.optimize import linprog

    n = len(col_od)
    A_eq = sp.csr_matrix((np.ones(n), (col_od, np.arange(n))), shape=(len(demand), n))
    A_ub = None
    if len(cap):
        nz = [np.flatnonzero(u) for u in col_use]
        rows = np.concatenate(nz) if nz else np.zeros(0, dtype=np.int64)
        cols = np.repeat(np.arange(n), [len(z) for z in nz])
        vals = np.concatenate([u[z] for u, z in zip(col_use, nz, strict=True)]) if nz else rows
        A_ub = sp.csr_matrix((vals, (rows, cols)), shape=(len(cap), n))
    res = linprog(col_cost, A_ub=A_ub, b_ub=cap if len(cap) else None, A_eq=A_eq,
                  b_eq=demand, bounds=(0, None), method="highs")
    if res.status != 0:  # pragma: no cover - the unserved columns keep it feasible
        raise RuntimeError(f"the assignment LP failed: {res.message}")
    return res
