"""The compiled search core: a query's state graph as arrays, searched by scipy.

For the objectives whose edge scores are fixed for a query (distance, crossings, time, cost,
CO2e and any weighted score; not ``max_crossings``, whose search is label-setting), the
``(place, arrival class)`` state graph of :mod:`corridors.routing.shortest` is compiled once
per :class:`~corridors.routing.constraints.Weight` into a CSR matrix and searched with
:func:`scipy.sparse.csgraph.dijkstra`, one tree per origin. The networkx graph stays the data
model; this is a derived index, rebuilt for every new weight (constraints, objective, cost
model or graph), so edits to a graph are never missed.

**States.** Every place has a *start* state (class None: a route begins there and pays no
transfer) and one *arrival* state per class of the admitted edges into it; the arrival states
of a place are numbered consecutively. An admitted edge ``u -> v`` of class ``c`` (the best
parallel edge of that class, first key on ties, as :attr:`Weight.options` gives it) becomes an
arc from the start state of ``u`` and from every arrival state ``(u, m)`` to ``(v, c)``; its
weight is the edge score, plus the transfer score of ``u``'s terminal when ``m != c`` (no arc
when ``u`` has no terminal for that change). The weight is computed with the same float
operations as the Python search (``score + transfer``), and scipy adds it to the tail's
distance as that search does (``d + w``), so the distances are identical to the bit.

Each arc also carries the route figures of its leg (distance, time, cost, crossings and CO2e,
transfer included, as :func:`corridors.scoring.score_path` adds them), so an OD matrix reads
its values off the shortest-path trees without scoring each path in Python:
:meth:`StateGraph.accumulate` adds them along the tree, level by level from the origins, in
the order ``score_path`` adds them (the same sums to the bit).

Ties between equally good routes may be broken differently from the Python search (the score
is the same).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from corridors.routing.shortest import EdgePath, sorted_nodes

if TYPE_CHECKING:  # pragma: no cover
    import numpy

    from corridors.routing.constraints import Weight

__all__ = ["METRICS", "StateGraph", "StateTree", "compile_states"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: The figures every arc carries, in the columns of :attr:`StateGraph.metrics`.
METRICS = ("distance_km", "time_h", "cost_usd", "crossings", "co2e_kg")

_NO_PRED = -9999  # scipy's marker for "no predecessor"


class StateTree:
    """The result of one search of a :class:`StateGraph` from a set of start states.

    Attributes
    ----------
    dist : numpy.ndarray
        Shape ``(rows, n_states)``: the best score of every state (``inf`` where not reached).
    pred : numpy.ndarray
        Same shape: the previous state on the best route, or a negative number for a start
        state and an unreached one.
    start : numpy.ndarray
        Same shape: the start state the best route of each state begins at (-1 if unreached).
    init : numpy.ndarray or None
        Shape ``(rows, n_states, len(METRICS))``: the figures already accumulated at each
        start state (a via stage starts from the previous stage's); None when every search
        starts fresh (all zero).
    """

    __slots__ = ("_sources", "_start", "dist", "init", "pred")

    def __init__(self, dist: numpy.ndarray, pred: numpy.ndarray, start: numpy.ndarray | None,
                 init: numpy.ndarray | None, sources: numpy.ndarray | None = None) -> None:
        self.dist = dist
        self.pred = pred
        self._start = start
        self._sources = sources  # one start state per row: ``start`` is made when asked
        self.init = init

    @property
    def start(self) -> numpy.ndarray:
        """The start state of the best route of every state (-1 where not reached)."""
        if self._start is None:
            import numpy as np

            self._start = np.where(np.isfinite(self.dist), self._sources[:, None], -1)
        return self._start



class StateGraph:
    """The state graph of a :class:`~corridors.routing.constraints.Weight`, as arrays.

    Build it with :func:`compile_states`.

    Attributes
    ----------
    weight : Weight
        What was compiled.
    places : tuple
        The places, in graph order; a place's index is its position.
    index : dict
        Place -> index.
    n_arrival, n_states : int
        Arrival states are ``0 .. n_arrival - 1`` (grouped by place, see :attr:`first`), then
        one start state per place (``n_arrival + index``).
    state_place : numpy.ndarray
        Place index of every state.
    state_class : list
        Class of every state (None for start states).
    first : numpy.ndarray
        ``first[i]:first[i + 1]`` are the arrival states of place ``i``.
    arc_tail, arc_head, arc_score : numpy.ndarray
        One arc per admitted graph edge and tail state, sorted by ``(tail, head)`` and then
        graph order.
    arc_metrics : numpy.ndarray
        Shape ``(n_arcs, len(METRICS))``: the figures of each arc's leg.
    arc_edges : list
        ``(u, v, key)`` of the graph edge behind each arc.
    pair_first, pair_arc : numpy.ndarray
        Per pair of states joined by arcs: its first arc, and the arc a search uses (the best,
        first on ties: the parallel edge :attr:`Weight.options` picks).
    matrix : scipy.sparse.csr_matrix
        The best arc of every pair as a CSR matrix (explicit zeros are arcs of weight 0).
    """

    def __init__(self, weight: Weight) -> None:
        import numpy as np

        from corridors.scoring import edge_class

        self.weight = weight
        G = weight.G
        admits, transfer = weight.admits, weight.transfer
        tterms, terms = weight.transfer_terms, weight.terms
        places = tuple(G)
        index = {p: i for i, p in enumerate(places)}
        # pass 1: every admitted edge, its terms, and the arrival classes of every place
        ends: list[tuple[int, int, Any, Hashable]] = []
        figures: list[tuple[float, float, float, int, float]] = []
        arrive: dict[int, dict[Any, None]] = {}
        for u, nbrs in G._succ.items():
            iu = index[u]
            for v, kd in nbrs.items():
                iv = index[v]
                for k, d in kd.items():
                    if admits(u, v, k, d):
                        cls = edge_class(d)
                        ends.append((iu, iv, cls, k))
                        figures.append(terms(u, v, d))
                        arrive.setdefault(iv, {})[cls] = None
        edge_scores = _edge_scores(weight, np.asarray(figures, dtype=float).reshape(-1, 5))
        first = [0] * (len(places) + 1)
        state_class: list[Any] = []
        state_of: dict[tuple[int, Any], int] = {}
        for i in range(len(places)):
            for cls in arrive.get(i, ()):
                state_of[(i, cls)] = len(state_class)
                state_class.append(cls)
            first[i + 1] = len(state_class)
        n_arr = len(state_class)
        state_class.extend([None] * len(places))
        n = len(state_class)
        # pass 2: one arc from the start state of the tail (index = the edge's), and one
        # from each arrival state of the tail that may continue by the edge's class
        tails = [n_arr + e[0] for e in ends]
        heads = [state_of[(e[1], e[2])] for e in ends]
        scores = edge_scores.tolist()
        of_edge = list(range(len(ends)))
        extra: dict[int, tuple[float, float, float]] = {}  # arc -> transfer h, USD, kg
        for j, (iu, _, cls, _) in enumerate(ends):
            for s_ in range(first[iu], first[iu + 1]):
                m = state_class[s_]
                if m != cls:
                    tr = transfer(places[iu], m, cls)
                    if tr is None:
                        continue  # no terminal at u for this change
                    th, tu, _, te = tterms(places[iu], m, cls)  # type: ignore[misc]
                    if th or tu or te:
                        extra[len(tails)] = (th, tu, te)
                    scores.append(scores[j] + tr)
                else:
                    scores.append(scores[j])
                tails.append(s_)
                heads.append(heads[j])
                of_edge.append(j)
        edges = [(places[iu], places[iv], k) for iu, iv, _, k in ends]
        metrics = np.asarray(figures, dtype=float).reshape(-1, len(METRICS))[of_edge]
        for a, (th, tu, te) in extra.items():
            # the transfer belongs to the leg that starts after it (as score_path adds it)
            dist, t, c, x, e = metrics[a].tolist()
            metrics[a] = (dist, t + th, c + tu, x, e + te)
        tail = np.asarray(tails, dtype=np.int64)
        head_a = np.asarray(heads, dtype=np.int64)
        order = np.lexsort((np.arange(len(tail)), head_a, tail))
        self.places = places
        self.index = index
        self.n_arrival = n_arr
        self.n_states = n
        self.state_class = state_class
        self.first = np.asarray(first, dtype=np.int64)
        state_place = np.empty(n, dtype=np.int64)
        for i in range(len(places)):
            state_place[first[i]:first[i + 1]] = i
        state_place[n_arr:] = np.arange(len(places))
        self.state_place = state_place
        self.arc_tail = tail[order]
        self.arc_head = head_a[order]
        self.arc_score = np.asarray(scores, dtype=float)[order]
        self.arc_metrics = metrics[order]
        self.arc_edges = [edges[of_edge[i]] for i in order.tolist()]
        keys = self.arc_tail * (n + 1) + self.arc_head
        new = np.ones(len(keys), dtype=bool)
        new[1:] = keys[1:] != keys[:-1]
        self.pair_first = np.flatnonzero(new)
        self._pair_keys = keys[self.pair_first]
        self._pair_id = np.cumsum(new) - 1
        self.pair_tail = self.arc_tail[self.pair_first]
        self.pair_head = self.arc_head[self.pair_first]
        self._indptr = np.searchsorted(self.pair_tail, np.arange(n + 1), side="left")
        best, self.pair_arc = self._best(self.arc_score)
        self.matrix = self._csr(best)
        self._same: dict[int, bool] = {}
        self._table: numpy.ndarray | None = None

    # ----------------------------------------------------------------------------------------
    def _best(self, scores: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Return the best score of every pair and its arc (first on ties)."""
        import numpy as np

        if not len(scores):
            return scores, np.zeros(0, dtype=np.int64)
        best = np.minimum.reduceat(scores, self.pair_first)
        hit = np.flatnonzero(scores == best[self._pair_id])
        _, at = np.unique(self._pair_id[hit], return_index=True)
        arc = np.array(self.pair_first)  # pairs whose arcs are all removed keep their first
        arc[self._pair_id[hit[at]]] = hit[at]
        return best, arc

    def _csr(self, data: numpy.ndarray) -> Any:
        """Return the pairs as a CSR matrix of ``data`` (one value per pair)."""
        import scipy.sparse as sp

        n = self.n_states
        return sp.csr_matrix((data, self.pair_head, self._indptr), shape=(n, n))

    def start_state(self, place: Hashable) -> int:
        """Return the start state of a place."""
        return self.n_arrival + self.index[place]

    def states_of(self, place: Hashable) -> range:
        """Return the arrival states of a place."""
        i = self.index[place]
        return range(int(self.first[i]), int(self.first[i + 1]))

    def without(self, arcs: numpy.ndarray | None) -> Any:
        """Return the CSR matrix without the arcs of the boolean mask ``arcs``.

        A pair of states keeps its best remaining arc (another parallel edge of the class).
        """
        import numpy as np

        if arcs is None or not arcs.any():
            return self.matrix
        return self._csr(self._best(np.where(arcs, np.inf, self.arc_score))[0])

    def arcs_of_edges(self, edges: Collection[tuple[Hashable, Hashable, Hashable]]
                      ) -> numpy.ndarray:
        """Return the boolean mask of the arcs behind the given ``(u, v, key)`` edges."""
        import numpy as np

        want = set(edges)
        return np.fromiter((e in want for e in self.arc_edges), dtype=bool,
                           count=len(self.arc_edges))

    def arcs_at_place(self, place: Hashable) -> numpy.ndarray:
        """Return the boolean mask of the arcs into or out of any state of ``place``."""
        i = self.index[place]
        sp_ = self.state_place
        return (sp_[self.arc_tail] == i) | (sp_[self.arc_head] == i)

    # ----------------------------------------------------------------------------------------
    def search(self, sources: Sequence[Mapping[int, float]], *, matrix: Any = None,
               init: Sequence[numpy.ndarray | None] | None = None) -> StateTree:
        """Run one Dijkstra per row of ``sources`` (start states and their initial scores).

        Parameters
        ----------
        sources : sequence of mappings
            One search per mapping ``{state: initial score}`` (an empty one reaches nothing).
        matrix : scipy.sparse matrix, optional
            The arcs to use (default :attr:`matrix`; see :meth:`without`).
        init : sequence of arrays, optional
            Per row, the ``(len(states), len(METRICS))`` figures already accumulated at its
            start states (in the mapping's order); default zero.
        """
        import numpy as np
        from scipy.sparse.csgraph import dijkstra

        A = self.matrix if matrix is None else matrix
        n, R = self.n_states, len(sources)
        single = [r for r, s in enumerate(sources)
                  if len(s) == 1 and next(iter(s.values())) == 0.0]
        fresh = init is None or all(f is None for f in init)
        if len(single) == R and R and fresh:  # the usual OD case: one fresh start per row
            idx = np.fromiter((next(iter(s)) for s in sources), dtype=np.int64, count=R)
            dist, pred = dijkstra(A, directed=True, indices=idx, return_predecessors=True)
            return StateTree(dist, pred, None, None, idx)
        # several start states, initial scores or figures: row by row
        dist = np.full((R, n), np.inf)
        pred = np.full((R, n), _NO_PRED, dtype=np.int64)
        start = np.full((R, n), -1, dtype=np.int64)
        if single:
            idx = np.asarray([next(iter(sources[r])) for r in single], dtype=np.int64)
            d, p = dijkstra(A, directed=True, indices=idx, return_predecessors=True)
            dist[single] = d
            pred[single] = p
            start[single] = np.where(np.isfinite(d), idx[:, None], -1)
        done = set(single)
        for r, src in enumerate(sources):
            if r in done or not src:
                continue
            if all(v == 0.0 for v in src.values()):
                d, p, s = dijkstra(A, directed=True, indices=list(src),
                                   return_predecessors=True, min_only=True)
            else:
                # initial scores: a super-source with an arc of that score to each start
                d, p = dijkstra(_augment(A, src), directed=True, indices=n,
                                return_predecessors=True)
                d, p = d[:n], np.where(p[:n] == n, _NO_PRED, p[:n])
                s = _roots(p)
            dist[r] = d
            pred[r] = p
            start[r] = np.where(np.isfinite(d), s, -1)
        figs = None
        if init is not None and any(f is not None for f in init):
            figs = np.zeros((R, n, len(METRICS)))
            for r, (src, fig) in enumerate(zip(sources, init, strict=True)):
                if fig is not None and len(src):
                    figs[r, np.fromiter(src, dtype=np.int64, count=len(src))] = fig
        return StateTree(dist, pred, start, figs)

    # ----------------------------------------------------------------------------------------
    def pair_index(self, tails: numpy.ndarray, heads: numpy.ndarray) -> numpy.ndarray:
        """Return the pair of each ``(tail, head)`` (they must be joined by an arc)."""
        import numpy as np

        return np.searchsorted(self._pair_keys, tails * (self.n_states + 1) + heads)

    def accumulate(self, tree: StateTree, columns: Sequence[int] | None = None
                   ) -> numpy.ndarray:
        """Return the route figures (:data:`METRICS`) of every state of every row of a tree.

        Shape ``(rows, n_states, len(columns))`` (default: every column of
        :data:`METRICS`). The figures are added along each best route from its start state,
        one tree level at a time, in the order :func:`corridors.scoring.score_path` adds
        them (the same sums to the bit).
        """
        import numpy as np

        cols = list(range(len(METRICS))) if columns is None else list(columns)
        R, n = tree.pred.shape
        out = (np.zeros((R * n, len(cols))) if tree.init is None
               else tree.init[:, :, cols].reshape(R * n, len(cols)))
        flat_pred = tree.pred.reshape(-1)
        has = np.flatnonzero((flat_pred >= 0) & np.isfinite(tree.dist.reshape(-1)))
        if not len(has):
            return out.reshape(R, n, len(cols))
        parent = np.full(R * n, -1, dtype=np.int64)
        parent[has] = has - has % n + flat_pred[has]
        depth = _depths(parent)
        order = np.argsort(depth, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(np.bincount(depth))])
        leg = np.zeros((R * n, len(cols)))
        leg[has] = self.arc_metrics[self.pair_arc[self.pair_index(flat_pred[has], has % n)]
                                    ][:, cols]
        for level in range(1, len(bounds) - 1):
            idx = order[bounds[level]:bounds[level + 1]]
            out[idx] = out[parent[idx]] + leg[idx]
        return out.reshape(R, n, len(cols))

    def figure_is_score(self, column: int) -> bool:
        """Tell whether a figure equals the score on every arc (``time_h`` for ``"time"``).

        Then the figure of a route from a fresh start is its score, to the bit: both are
        the same numbers added in the same order.
        """
        got = self._same.get(column)
        if got is None:
            got = self._same[column] = bool(
                (self.arc_metrics[self.pair_arc, column] == self.matrix.data).all())
        return got

    def place_best(self, tree: StateTree, places: numpy.ndarray | None = None
                   ) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Return the best score of places in every row of a tree, and its state.

        Shapes ``(rows, len(places))`` (default: every place, in graph order); ``inf`` and -1
        where a place was not reached. A place's start state counts where the search began
        there; ties go to the start state, then to the first arrival state (as
        :meth:`best_state`).
        """
        import numpy as np

        dist = tree.dist
        R, n_arr = dist.shape[0], self.n_arrival
        idx = np.arange(len(self.places)) if places is None else np.asarray(places)
        # the arrival states of each place as a padded table; the pad points at column n,
        # an extra column of inf
        table = self._state_table()[idx]
        padded = np.concatenate([dist, np.full((R, 1), np.inf)], axis=1)
        vals = padded[:, table]  # (rows, places, most states of a place)
        a = np.argmin(vals, axis=2)  # the first of equal states
        best = np.take_along_axis(vals, a[:, :, None], axis=2)[:, :, 0]
        state = np.where(np.isfinite(best), table[np.arange(len(idx)), a], -1)
        own = dist[:, n_arr + idx]  # a start state is reached only where a search began
        take = np.isfinite(own) & (own <= best)
        if take.any():
            best = np.where(take, own, best)
            state = np.where(take, n_arr + idx, state)
        return best, state

    def _state_table(self) -> numpy.ndarray:
        """Return the arrival states of every place, padded with ``n_states`` to one width."""
        import numpy as np

        if self._table is None:
            count = np.diff(self.first)
            width = max(1, int(count.max()) if len(count) else 1)
            table = np.full((len(self.places), width), self.n_states, dtype=np.int64)
            col = np.arange(self.n_arrival) - np.repeat(self.first[:-1], count)
            table[self.state_place[:self.n_arrival], col] = np.arange(self.n_arrival)
            self._table = table
        return self._table

    def path(self, trees: Sequence[tuple[StateTree, int]], state: int
             ) -> tuple[EdgePath, Hashable]:
        """Return the edges of the best route to ``state`` through staged trees.

        ``trees`` lists ``(tree, row)`` per stage, first stage first; each stage's route
        begins at a state the previous stage reached. Returns the edges and the place of the
        first stage's start state.
        """
        import numpy as np

        parts: list[EdgePath] = []
        for tree, row in reversed(trees):
            pred = tree.pred[row]
            seq = [state]
            while pred[seq[-1]] >= 0:
                seq.append(int(pred[seq[-1]]))
            seq.reverse()
            if len(seq) > 1:
                pairs = self.pair_index(np.asarray(seq[:-1]), np.asarray(seq[1:]))
                parts.append([self.arc_edges[a] for a in self.pair_arc[pairs].tolist()])
            state = seq[0]
        path = [e for part in reversed(parts) for e in part]
        return path, self.places[int(self.state_place[state])]

    def best_state(self, dist: numpy.ndarray, place: Hashable, starts: Collection[int] = ()
                   ) -> int | None:
        """Return the best reached state of ``place`` in one row of distances, or None.

        The place's start state counts when it is in ``starts`` (the search began there);
        ties go to the start state, then to the first arrival state.
        """
        s0 = self.start_state(place)
        best, found = float("inf"), None
        if s0 in starts and dist[s0] < best:
            best, found = float(dist[s0]), s0
        for s in self.states_of(place):
            if dist[s] < best:
                best, found = float(dist[s]), s
        return found

    def staged(self, origins: Iterable[Hashable], vias: Sequence[Collection[Hashable]],
               *, matrix: Any = None) -> list[tuple[StateTree, int]] | None:
        """Run the layered origin -> vias search; return its stages, or None if a via fails.

        The last stage reaches every place; read a destination with :meth:`best_state` on
        its ``dist`` (``starts`` = its sources when there are no vias).
        """
        import numpy as np

        src = {self.start_state(o): 0.0 for o in sorted_nodes(origins) if o in self.index}
        init: numpy.ndarray | None = None
        stages: list[tuple[StateTree, int]] = []
        for via in vias:
            tree = self.search([src], matrix=matrix, init=[init])
            stages.append((tree, 0))
            dist = tree.dist[0]
            # (a start state is reached only where the stage began: a via that is an origin)
            nxt = [s for p in sorted_nodes(via) if p in self.index
                   for s in (self.start_state(p), *self.states_of(p)) if np.isfinite(dist[s])]
            if not nxt:
                return None
            init = self.accumulate(tree)[0, nxt]
            src = {s: float(dist[s]) for s in nxt}
        stages.append((self.search([src], matrix=matrix, init=[init]), 0))
        return stages


def _edge_scores(weight: Weight, terms: numpy.ndarray) -> numpy.ndarray:
    """Return the score of every edge from its terms, as :attr:`Weight.score` computes it.

    The same operations in the same order as :meth:`corridors.scoring.ScoreWeights.score`
    and ``constraints._score_function`` (IEEE doubles, one rounding per operation, in numpy
    as in Python), so the scores are equal to the bit; the tests compare every search with
    the Python one.
    """
    w = weight.weights
    dist, t, c, x, e = terms.T
    out = w.km * dist + w.crossing_penalty_km * x
    if w.hours_km or w.usd_km or w.co2e_km:
        out = out + w.hours_km * t
        out = out + w.usd_km * c
        if w.co2e_km:
            out = out + w.co2e_km * e
    return out


def _augment(A: Any, extra: Mapping[int, float]) -> Any:
    """Return the CSR matrix ``A`` with a super-source row ``n`` that has arcs ``extra``."""
    import numpy as np
    import scipy.sparse as sp

    n = A.shape[0]
    heads = np.fromiter(extra.keys(), dtype=np.int64, count=len(extra))
    values = np.fromiter(extra.values(), dtype=float, count=len(extra))
    order = np.argsort(heads, kind="stable")
    return sp.csr_matrix((np.concatenate([A.data, values[order]]),
                          np.concatenate([A.indices, heads[order]]),
                          np.append(A.indptr, len(A.data) + len(extra))), shape=(n + 1, n + 1))


def _roots(pred: numpy.ndarray) -> numpy.ndarray:
    """Return the root of every node of a forest given by predecessors (negative: a root)."""
    import numpy as np

    root = np.where(pred >= 0, pred, np.arange(len(pred)))
    while True:
        nxt = root[root]
        if np.array_equal(nxt, root):
            return root
        root = nxt


def _depths(parent: numpy.ndarray) -> numpy.ndarray:
    """Return the depth of every node of a forest given by parent indices (-1: a root).

    Pointer jumping: ``hop[v]`` is the number of edges from ``v`` to ``anc[v]``; each round
    adds the ancestor's hop and jumps to its ancestor, so ``log2(depth)`` rounds suffice.
    """
    import numpy as np

    hop = (parent >= 0).astype(np.int64)
    anc = parent.copy()
    while True:
        ok = np.flatnonzero(anc >= 0)
        if not len(ok):
            return hop
        a = anc[ok]
        hop[ok] = hop[ok] + hop[a]
        anc[ok] = anc[a]


def compile_states(weight: Weight) -> StateGraph:
    """Return the compiled state graph of a weight (built once per weight and kept on it).

    Parameters
    ----------
    weight : Weight
        Objective and constraints (:func:`~corridors.routing.compile_weight`).
    """
    got = getattr(weight, "_compiled", None)
    if got is None:
        got = StateGraph(weight)
        weight._compiled = got  # type: ignore[attr-defined]
        logger.debug("compiled %d states, %d arcs", got.n_states, len(got.arc_tail))
    return got
