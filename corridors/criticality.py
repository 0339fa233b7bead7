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

Each closure is a read-only :func:`networkx.subgraph_view` of the network (the network itself
is never modified) searched with :func:`corridors.routing.best_route`. A crossing and its link
are the same physical edge (each crossing has exactly one link), so a link with a crossing is
reported once, as the crossing.
"""

from __future__ import annotations

import logging
import math
import numbers
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from corridors.errors import ConstraintError, NoRouteError, shorten
from corridors.network import check_count
from corridors.scenarios import _NotIn, parse_od_pairs
from corridors.scoring import CostModel

if TYPE_CHECKING:  # pragma: no cover
    import pandas

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

    from corridors.routing import best_route

    if top is not None:
        check_count(top, "top", " (or None for all rows)")
    kinds = {elements} if isinstance(elements, str) else set(elements)
    unknown = sorted(kinds - set(ELEMENT_KINDS))
    if unknown or not kinds:
        raise ConstraintError(f"unknown element kind(s) {unknown}; use any of {ELEMENT_KINDS}")
    pairs = parse_od_pairs(od_pairs)
    w = _weights(pairs, weights)

    def route(H: nx.MultiDiGraph, o: Any, d: Any) -> Any:
        return best_route(H, o, d, objective, cost_model=cost_model, **constraints)

    base = [route(G, o, d) for o, d in pairs]
    total = sum(wi * r.score for wi, r in zip(w, base, strict=True))
    records = G.graph.get("crossings") or {}

    # candidate elements: everything on some best route, with the pairs that use it
    users: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(base):
        seen: set[tuple[str, str]] = set()
        for leg in r.legs:
            if leg.crossing and "crossing" in kinds:
                seen.add(("crossing", leg.crossing))
            elif not leg.crossing and "link" in kinds:
                seen.add(("link", leg.link_id))
        if "place" in kinds:
            seen.update(("place", n) for n in r.nodes[1:-1])
        for e in seen:
            users.setdefault(e, []).append(i)
    edges_of: dict[tuple[str, str], set[tuple[Hashable, Hashable, Hashable]]] = {}
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
        if kind == "place":
            H = nx.subgraph_view(G, filter_node=_NotIn([eid]))
        else:
            H = nx.subgraph_view(G, filter_edge=_NotIn(edges_of.get((kind, eid), ())))
        lost: list[int] = []
        deltas: dict[int, float] = {}
        for i in used_by:
            o, d = pairs[i]
            try:
                deltas[i] = max(0.0, route(H, o, d).score - base[i].score)
            except NoRouteError:
                lost.append(i)
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
        raw = [weights.get(p, weights.get(f"{p[0]}:{p[1]}", 1.0)) for p in pairs]
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


def _describe(G: nx.MultiDiGraph, records: Mapping[str, Any], kind: str, eid: str,
              edges_of: Mapping[tuple[str, str], set[tuple[Hashable, Hashable, Hashable]]]
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
