"""Criticality: which links and crossings matter most -- the single points of failure.

For a set of origin-destination pairs (optionally weighted, e.g. by tonnage), close one
element at a time -- a border crossing, a link, or optionally a place -- and re-route every
pair whose best route used it. An element's criticality is what its loss costs:

* ``lost_ods`` -- pairs left without any route (the element is a single point of failure for
  them; ``lost_weight`` sums their weights);
* ``delta`` -- the weighted increase of the best routes' scores over the pairs that still have
  a route (score in the objective's unit: km-equivalent for ``"score"``, hours for ``"time"``).

Elements are ranked by ``lost_weight``, then ``delta`` (descending).

Pruning (exact): only elements on some pair's current best route can matter. Closing any
other element leaves every best route in the network, and a route that was optimal in the
larger network is still optimal in the smaller one, so its ``delta`` is exactly 0 and no pair
is lost. Likewise, closing an element re-routes only the pairs whose best route uses it. With
``n`` pairs whose best routes have ``L`` distinct elements this is at most ``L`` closures and,
typically, one or two re-routings each -- instead of one re-routing per pair for each of the
network's ~700 links and crossings. Ties: when a pair has several equally good routes, closing
an element of the one returned costs 0, which is exact.

Each pair's best route is found once (the search of :func:`corridors.routing.best_route`).
The closures run on the compiled state graph of the query
(:mod:`corridors.routing.compiled`, built once: every pair shares the objective, constraints
and cost model): closing an element removes its arcs from the sparse matrix (a pair of states
joined by a parallel edge of the same class keeps it; a place loses every arc into or out of
it) and one multi-row Dijkstra re-routes the affected pairs. Only the score is needed, and it
is the Python search's to the bit. The network itself is never modified. Two cases keep the
Python search on a read-only :func:`networkx.subgraph_view`: a ``max_crossings`` limit (its
search is label-setting) and a closed place that is one of the pair's own ends or vias (the
place then resolves differently). A crossing and its link are the same physical edge (each
crossing has exactly one link), so a link with a crossing is reported once, as the crossing.
"""

from __future__ import annotations

import logging
import math
import numbers
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from corridors.errors import ConstraintError, NoRouteError, UnknownPlaceError, shorten
from corridors.network import check_count, check_keywords
from corridors.scenario_compare import _route_options
from corridors.scenarios import _NotIn, parse_od_pairs
from corridors.scoring import CostModel

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import numpy
    import pandas

    from corridors.routing.compiled import StateGraph
    from corridors.routing.request import Request

#: An element: ``(kind, id)``.
Element = tuple[str, Hashable]
#: A pair's best route: its score, edges ``(u, v, key)`` and place ids (as ``Route.nodes``).
Base = tuple[float, list[tuple[Hashable, Hashable, Hashable]], list[str]]

__all__ = ["CRITICALITY_COLUMNS", "ELEMENT_KINDS", "criticality"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Kinds of element :func:`criticality` can close.
ELEMENT_KINDS = ("crossing", "link", "place")

#: Columns of :func:`criticality`.
CRITICALITY_COLUMNS = ("rank", "element", "kind", "name", "mode", "countries", "links",
                       "single_point_of_failure", "lost_ods", "lost_weight", "lost",
                       "affected_ods", "delta", "delta_share", "worst_od", "worst_delta")


def _od_label(o: Any, d: Any) -> str:
    def lab(x: Any) -> str:
        return x if isinstance(x, str) else str(tuple(x))
    return f"{lab(o)} -> {lab(d)}"


def criticality(
    G: nx.MultiDiGraph,
    od_pairs: Iterable[str | Sequence[Any]],
    objective: Any = "generalized",
    *,
    weights: Sequence[float] | Mapping[Any, float] | None = None,
    elements: Iterable[str] | str = ("crossing", "link"),
    cost_model: CostModel | None = None,
    top: int | None = None,
    **constraints: Any,
) -> pandas.DataFrame:
    """Rank links and crossings by how much their loss costs a set of origin-destination pairs.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network (a scenario's graph for a scenario, with its ``cost_model``); never
        modified.
    od_pairs : iterable
        ``(origin, destination)`` pairs or ``"ORIGIN:DESTINATION"`` strings.
    objective : str or ScoreWeights
        What "best" means; ``delta`` is in its unit.
    weights : sequence of float or mapping, optional
        Weight of each pair (same order as ``od_pairs``, or a mapping from ``(origin,
        destination)``): finite numbers >= 0; default 1 each.
    elements : str or iterable of str
        Kinds to close: ``"crossing"``, ``"link"`` (links without a crossing) and
        ``"place"`` (places on a best route other than its ends).
    cost_model : CostModel, optional
        Speeds, rates and defaults.
    top : int, optional
        Keep the first ``top`` rows (a positive integer; None keeps all).
    **constraints
        Keyword options of :func:`~corridors.routing.best_route`, used for every route.

    Returns
    -------
    pandas.DataFrame
        One row per element on some best route (columns :data:`CRITICALITY_COLUMNS`), most
        critical first: ``single_point_of_failure`` (some pair loses every route),
        ``lost_ods``, ``lost_weight``, ``lost`` (the pairs, ``"o -> d"``), ``affected_ods``
        (pairs whose best route used it), ``delta`` (weighted score increase of the pairs
        that keep a route), ``delta_share`` (of the base total), ``worst_od`` and
        ``worst_delta``.

    Raises
    ------
    NoRouteError
        If a pair has no route in ``G`` itself.
    UnknownPlaceError, ConstraintError
        For an unknown place, option or element kind, a ``top`` that is not a positive
        integer, or a weight that is not a finite number >= 0.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> df = criticality(G, [("a1", "c2")], "distance")
    >>> str(df.loc[0, "element"]), int(df.loc[0, "lost_ods"]), str(df.loc[0, "lost"])
    ('x-bc-sea', 1, 'a1 -> c2')
    """
    import pandas as pd

    if top is not None:
        check_count(top, "top", " (or None for all rows)")
    kinds = {elements} if isinstance(elements, str) else set(elements)
    unknown = sorted(kinds - set(ELEMENT_KINDS))
    if unknown or not kinds:
        raise ConstraintError(f"unknown element kind(s) {unknown}; use any of {ELEMENT_KINDS}")
    pairs = parse_od_pairs(od_pairs)
    w = _weights(pairs, weights)
    check_keywords(constraints, _route_options(), "criticality")
    if constraints.get("max_crossings") is not None:
        search: _Closures = _PythonClosures(G, pairs, objective, cost_model, constraints)
    else:
        search = _CompiledClosures(G, pairs, objective, cost_model, constraints)
    base = search.base
    total = sum(wi * b[0] for wi, b in zip(w, base, strict=True))
    records = G.graph.get("crossings") or {}

    # candidate elements: everything on some best route, with the pairs that use it
    users: dict[Element, list[int]] = {}
    for i, (_, path, nodes) in enumerate(base):
        seen: set[Element] = set()
        for u, v, k in path:
            d = G._adj[u][v][k]
            crossing = d.get("crossing") or None
            if crossing and "crossing" in kinds:
                seen.add(("crossing", crossing))
            elif not crossing and "link" in kinds:
                seen.add(("link", str(d.get("link_id", k))))
        if "place" in kinds:
            seen.update(("place", n) for n in nodes[1:-1])
        for e in seen:
            users.setdefault(e, []).append(i)
    edges_of: dict[Element, set[tuple[Hashable, Hashable, Hashable]]] = {}
    if kinds & {"crossing", "link"}:
        for u, v, k, d in G.edges(keys=True, data=True):
            cid = d.get("crossing")
            key = ("crossing", cid) if cid else ("link", d.get("link_id", k))
            if key in users:
                edges_of.setdefault(key, set()).add((u, v, k))
    logger.info("criticality: %d pairs, %d candidate elements (of those on best routes)",
                len(pairs), len(users))

    rows = []
    for (kind, eid), used_by in users.items():
        scores = search.closed(kind, eid, edges_of.get((kind, eid), set()), used_by)
        lost: list[int] = []
        deltas: dict[int, float] = {}
        for i in used_by:
            score = scores[i]
            if score is None:
                lost.append(i)
            else:
                deltas[i] = max(0.0, score - base[i][0])
        delta = sum(w[i] * x for i, x in deltas.items())
        worst = max(deltas, key=lambda i: w[i] * deltas[i], default=None)
        rows.append({
            "element": eid, "kind": kind, **_describe(G, records, kind, eid, edges_of),
            "single_point_of_failure": bool(lost), "lost_ods": len(lost),
            "lost_weight": float(sum(w[i] for i in lost)),
            "lost": "; ".join(_od_label(*pairs[i]) for i in lost),
            "affected_ods": len(used_by), "delta": float(delta),
            "delta_share": float(delta / total) if total > 0 else 0.0,
            "worst_od": _od_label(*pairs[worst]) if worst is not None else "",
            "worst_delta": float(w[worst] * deltas[worst]) if worst is not None else 0.0,
        })
    rows.sort(key=lambda r: (-r["lost_weight"], -r["delta"], r["kind"], str(r["element"])))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    if top is not None:
        rows = rows[:int(top)]
    return pd.DataFrame(rows, columns=list(CRITICALITY_COLUMNS))


def _weights(pairs: Sequence[tuple[Any, Any]],
             weights: Sequence[float] | Mapping[Any, float] | None) -> list[float]:
    if weights is None:
        return [1.0] * len(pairs)
    if isinstance(weights, Mapping):
        def key(end: Any) -> Any:  # a (lat, lon) end given as a list is looked up as a tuple
            return tuple(end) if isinstance(end, list) else end

        raw = [weights.get((key(o), key(d)), weights.get(f"{o}:{d}", 1.0)) for o, d in pairs]
    elif isinstance(weights, (str, bytes)) or not isinstance(weights, Iterable):
        raise ConstraintError("weights must be a sequence of numbers (one per pair) or a "
                              f"mapping from (origin, destination), got {shorten(weights)}")
    else:
        raw = list(weights)
        if len(raw) != len(pairs):
            raise ConstraintError(f"{len(raw)} weights for {len(pairs)} pairs")
    bad = [x for x in raw if isinstance(x, bool) or not isinstance(x, numbers.Real)
           or not (math.isfinite(x) and x >= 0)]
    if bad:
        raise ConstraintError(f"weights must be finite numbers >= 0, got {shorten(bad[0])}")
    return [float(x) for x in raw]


def _describe(G: nx.MultiDiGraph, records: Mapping[str, Any], kind: str, eid: Any,
              edges_of: Mapping[Element, set[tuple[Hashable, Hashable, Hashable]]]
              ) -> dict[str, Any]:
    if kind == "place":
        data = G.nodes[eid]
        return {"name": data.get("name", eid), "mode": "", "countries": data.get("country", ""),
                "links": ""}
    edges = sorted(edges_of.get((kind, eid), ()), key=str)
    datas = [G._adj[u][v][k] for u, v, k in edges]
    links = sorted({str(d.get("link_id", k)) for (_, _, k), d in zip(edges, datas, strict=True)})
    modes = sorted({str(d.get("mode", "")) for d in datas})
    rec = records.get(eid) if kind == "crossing" else None
    if rec is not None:
        return {"name": rec.name, "mode": rec.mode, "countries": f"{rec.country_a}-"
                f"{rec.country_b}", "links": ", ".join(links)}
    u, v, _ = edges[0] if edges else (None, None, None)
    name = (f"{G.nodes[u].get('name', u)} - {G.nodes[v].get('name', v)}" if u is not None
            else eid)
    countries = sorted({str(G.nodes[n].get("country", "")) for e in edges for n in e[:2]})
    return {"name": name, "mode": "/".join(modes), "countries": "-".join(countries),
            "links": ", ".join(links)}


# --------------------------------------------------------------------------------------------
# the searches: each pair's best route, and each closure's best scores
# --------------------------------------------------------------------------------------------
class _Closures:
    """The best route of every pair (:attr:`base`) and the best scores with an element closed.

    ``closed(kind, id, edges, used_by)`` returns, for each pair of ``used_by``, the best score
    with the element closed, or None where the pair has no route left.
    """

    base: list[Base]

    def closed(self, kind: str, eid: Hashable,
               edges: set[tuple[Hashable, Hashable, Hashable]], used_by: Sequence[int]
               ) -> dict[int, float | None]:
        raise NotImplementedError  # pragma: no cover


def _route_base(r: Any) -> Base:
    return r.score, list(r.edges), list(r.nodes)


class _PythonClosures(_Closures):
    """Every route by :func:`~corridors.routing.best_route` on a subgraph view.

    Kept for ``max_crossings`` (label-setting search) and for a closed place that the
    compiled search cannot model (one of a pair's own ends or vias).
    """

    def __init__(self, G: nx.MultiDiGraph, pairs: Sequence[tuple[Any, Any]], objective: Any,
                 cost_model: CostModel | None, constraints: Mapping[str, Any],
                 base: list[Base] | None = None) -> None:
        self.G, self.pairs, self.objective = G, pairs, objective
        self.cost_model, self.constraints = cost_model, constraints
        self.base = [_route_base(self.route(G, o, d)) for o, d in pairs] if base is None \
            else base

    def route(self, H: nx.MultiDiGraph, o: Any, d: Any) -> Any:
        from corridors.routing import best_route

        return best_route(H, o, d, self.objective, cost_model=self.cost_model,
                          **self.constraints)

    def closed(self, kind: str, eid: Hashable,
               edges: set[tuple[Hashable, Hashable, Hashable]], used_by: Sequence[int]
               ) -> dict[int, float | None]:
        import networkx as nx

        if kind == "place":
            H = nx.subgraph_view(self.G, filter_node=_NotIn([eid]))
        else:
            H = nx.subgraph_view(self.G, filter_edge=_NotIn(edges))
        out: dict[int, float | None] = {}
        for i in used_by:
            try:
                out[i] = self.route(H, *self.pairs[i]).score
            except (NoRouteError, UnknownPlaceError):  # (a closed via is no place any more)
                out[i] = None
        return out


class _CompiledClosures(_Closures):
    """Base routes by the Python search, closures on the compiled state graph (scores only).

    The base route of each pair is the one :func:`~corridors.routing.best_route` returns
    (the same search, so equally good routes are broken the same way); its score is scored
    as a route's. A closure is the compiled matrix without the element's arcs and one
    Dijkstra per affected pair (one multi-row call when there are no vias).
    """

    def __init__(self, G: nx.MultiDiGraph, pairs: Sequence[tuple[Any, Any]], objective: Any,
                 cost_model: CostModel | None, constraints: Mapping[str, Any]) -> None:
        from dataclasses import replace

        from corridors.network import check_flag
        from corridors.routing.compiled import compile_states
        from corridors.routing.request import build_request, no_route_error
        from corridors.routing.shortest import best_path
        from corridors.scoring import score_path

        options = dict(constraints)
        if "closures" in options:  # an option of best_route that does not change the route
            check_flag(options.pop("closures"), "closures", "best_route")
        self.requests: list[Request] = []
        self.base = []
        weight = None
        for o, d in pairs:
            req = build_request(G, o, d, objective, cost_model=cost_model, **options)
            if weight is None:
                weight = req.weight
            else:  # every pair shares the objective, constraints and cost model
                req = replace(req, weight=weight)
            found = best_path(req)
            if found is None:  # what best_route raises: the constraints to blame
                raise no_route_error(req, lambda r: best_path(r) is not None)
            path, start = found
            score = score_path(G, path, req.weights, cost_model=req.cost_model,
                               facts=False).score
            nodes = [str(path[0][0]), *(str(v) for _, v, _ in path)] if path else [str(start)]
            self.requests.append(req)
            self.base.append((score, path, nodes))
        self.python = _PythonClosures(G, pairs, objective, cost_model, constraints,
                                      base=self.base)
        self.cg: StateGraph | None = compile_states(weight) if weight is not None else None
        self._arcs: dict[tuple[Hashable, Hashable, Hashable], list[int]] | None = None
        self._place_of = {n: u for _, path, _ in self.base for e in path for n, u in
                          ((str(e[0]), e[0]), (str(e[1]), e[1]))}

    def _mask(self, kind: str, eid: Hashable,
              edges: set[tuple[Hashable, Hashable, Hashable]]) -> numpy.ndarray:
        import numpy as np

        cg = self.cg
        assert cg is not None
        if kind == "place":
            return cg.arcs_at_place(self._place_of[str(eid)])
        if self._arcs is None:
            self._arcs = {}
            for a, e in enumerate(cg.arc_edges):
                self._arcs.setdefault(e, []).append(a)
        mask = np.zeros(len(cg.arc_edges), dtype=bool)
        for e in edges:
            mask[self._arcs.get(e, [])] = True
        return mask

    def closed(self, kind: str, eid: Hashable,
               edges: set[tuple[Hashable, Hashable, Hashable]], used_by: Sequence[int]
               ) -> dict[int, float | None]:
        from corridors.routing.shortest import sorted_nodes

        cg = self.cg
        assert cg is not None
        out: dict[int, float | None] = {}
        python: list[int] = []
        plain: list[int] = []
        staged: list[int] = []
        for i in used_by:
            req = self.requests[i]
            if kind == "place" and any(self._place_of[str(eid)] in p.nodes for p in
                                       (req.origin, req.destination, *req.via)):
                python.append(i)  # the closed place is one of the pair's ends or vias
            elif req.via:
                staged.append(i)
            else:
                plain.append(i)
        if python:
            out.update(self.python.closed(kind, eid, edges, python))
        if not plain and not staged:
            return out
        matrix = cg.without(self._mask(kind, eid, edges))
        if plain:
            sources = [{cg.start_state(n): 0.0 for n in
                        sorted_nodes(self.requests[i].origin.nodes) if n in cg.index}
                       for i in plain]
            tree = cg.search(sources, matrix=matrix)
            for r, i in enumerate(plain):
                out[i] = self._score(tree.dist[r], i)
        for i in staged:
            req = self.requests[i]
            stages = cg.staged(req.origin.nodes, [set(v.nodes) for v in req.via],
                               matrix=matrix)
            out[i] = None if stages is None else self._score(stages[-1][0].dist[0], i)
        return {i: out[i] for i in used_by}

    def _score(self, dist: numpy.ndarray, i: int) -> float | None:
        """Return the best score of pair ``i``'s destination in one row of distances."""
        import numpy as np

        cg = self.cg
        assert cg is not None
        # a start state is reached only where the search began there
        states = [s for p in self.requests[i].destination.nodes if p in cg.index
                  for s in (cg.start_state(p), *cg.states_of(p))]
        if not states:
            return None
        best = float(np.min(dist[states]))
        return best if best < float("inf") else None
