"""Origin-destination matrices: one single-source search per origin.

pandas is imported inside :func:`od_matrix` only.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from corridors.errors import ArgumentTypeError, ConstraintError, shorten
from corridors.route import _import
from corridors.routing.constraints import compile_weight, make_constraints
from corridors.routing.pareto import label_setting, transfer_vector, vector_function
from corridors.routing.shortest import EdgePath, path_to, sorted_nodes, staged_tree
from corridors.routing.targets import PlaceQuery, PlaceSet, resolve_places
from corridors.scoring import (
    CostModel,
    ScoreWeights,
    check_cost_model,
    resolve_objective,
    score_path,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["VALUES", "od_matrix"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Values an OD matrix can hold (aliases map to route attributes).
VALUES: dict[str, str] = {
    "score": "score", "distance": "distance_km", "distance_km": "distance_km",
    "time": "time_h", "time_h": "time_h", "cost": "cost_usd", "cost_usd": "cost_usd",
    "co2e": "co2e_kg", "co2e_kg": "co2e_kg", "crossings": "crossings", "all": "all",
}
_NATURAL = {"shortest": "distance_km", "fastest": "time_h", "cheapest": "cost_usd",
            "fewest_crossings": "crossings", "lowest_co2e": "co2e_kg"}
_METRICS = ("distance_km", "time_h", "cost_usd", "co2e_kg", "crossings", "score")


def _label(p: PlaceSet) -> str:
    return p.label if not isinstance(p.query, str) else p.query


def od_matrix(
    G: nx.MultiDiGraph,
    origins: Iterable[PlaceQuery] | PlaceQuery,
    destinations: Iterable[PlaceQuery] | PlaceQuery,
    objective: str | ScoreWeights = "generalized",
    *,
    value: str | None = None,
    via: Iterable[PlaceQuery] | PlaceQuery | None = (),
    modes: Iterable[str] | str | None = None,
    avoid_countries: Iterable[str] | str = (),
    avoid_places: Iterable[Any] | str = (),
    avoid_crossings: Iterable[str] | str = (),
    avoid_links: Iterable[str] | str = (),
    max_crossings: int | None = None,
    include_planned: bool = False,
    date: Any = None,
    cost_model: CostModel | None = None,
) -> pandas.DataFrame:
    """Return the best-route values between every origin and every destination.

    One search per origin (Dijkstra over (place, arrival mode) states, or the
    resource-constrained label-setting search with ``max_crossings``) reaches every
    destination; each cell is the best route's value, changes of mode costed as in
    :func:`~corridors.routing.best_route`.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    origins, destinations : place or iterable of places
        Places as in :func:`~corridors.routing.best_route` (sets such as countries and
        regions take their best member).
    objective : str or ScoreWeights
        What "best" means.
    value : str, optional
        What the cells hold: ``"score"``, ``"distance_km"``, ``"time_h"``, ``"cost_usd"``,
        ``"co2e_kg"``, ``"crossings"`` (or ``"distance"``, ``"time"``, ``"cost"``, ``"co2e"``),
        or ``"all"`` for a long
        table with every metric. Default: the objective's own measure (km for ``distance``,
        hours for ``time`` ...; the score otherwise).
    via, modes, avoid_countries, avoid_places, avoid_crossings, avoid_links, max_crossings, \
include_planned, date, cost_model
        As in :func:`~corridors.routing.best_route`.

    Returns
    -------
    pandas.DataFrame
        Origins as rows and destinations as columns (labels as given), NaN where there is no
        route; with ``value="all"`` one row per pair with columns ``origin``, ``destination``,
        ``from``, ``to`` and the metrics.

    Raises
    ------
    ArgumentTypeError
        For an argument of the wrong type: ``G`` not a network graph, ``origins`` or
        ``destinations`` not a place or a list of places, ``value`` not a string, a
        ``cost_model`` that is not a CostModel ... (as in
        :func:`~corridors.routing.best_route`).
    ConstraintError
        For an unknown ``value`` or objective, or an invalid option value.
    UnknownPlaceError
        For an unknown place.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> od_matrix(G, ["a1", "a2"], ["b2", "europe"], "distance").to_dict()
    {'b2': {'a1': 350.0, 'a2': 250.0}, 'europe': {'a1': 820.0, 'a2': 720.0}}
    """
    from corridors.network import check_graph

    check_graph(G, "od_matrix")
    check_cost_model(cost_model)
    for name, places in (("origins", origins), ("destinations", destinations)):
        if places is None:
            raise ArgumentTypeError(f"od_matrix: {name} must be a place or a list of places, "
                                    "got None")
    weights = resolve_objective(objective)
    if value is None:
        attr = _NATURAL.get(weights.name, "score")
    elif not isinstance(value, str):
        raise ArgumentTypeError(f"od_matrix: value must be a name such as 'time', got "
                                f"{type(value).__name__} {shorten(value)} (use one of "
                                f"{', '.join(sorted(VALUES))})")
    elif value in VALUES:
        attr = VALUES[value]
    else:
        close = difflib.get_close_matches(value, list(VALUES), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConstraintError(f"unknown value {shorten(value)}{hint} (use one of "
                              f"{', '.join(sorted(VALUES))})")
    pd = _import("pandas", "od_matrix")
    constraints = make_constraints(
        G, modes=modes, avoid_countries=avoid_countries, avoid_places=avoid_places,
        avoid_crossings=avoid_crossings, avoid_links=avoid_links, max_crossings=max_crossings,
        include_planned=include_planned, date=date)
    weight = compile_weight(G, weights, constraints, cost_model=cost_model)
    origin_sets = resolve_places(G, origins)
    dest_sets = resolve_places(G, destinations)
    via_sets = [set(v.nodes) for v in resolve_places(G, via)]
    all_targets = {n for d in dest_sets for n in d.nodes}
    rows: list[dict[str, Any]] = []
    for o in origin_sets:
        best = _from_origin(G, weight, o, via_sets, all_targets, max_crossings)
        for d in dest_sets:
            cands = [best[n] for n in sorted_nodes(d.nodes) if n in best]
            row: dict[str, Any] = {"origin": _label(o), "destination": _label(d)}
            if not cands:
                rows.append(row)
                continue
            score, path, start, end = min(cands, key=lambda c: c[0])
            row.update({"from": start, "to": end, "score": score})
            if attr != "score":
                s = score_path(G, path, weights, cost_model=weight.cost_model, start=start,
                               facts=False)
                row.update({m: getattr(s, m) for m in _METRICS})
            rows.append(row)
    frame = pd.DataFrame(rows, columns=["origin", "destination", "from", "to", *_METRICS])
    if attr == "all":
        return frame
    wide = frame.pivot_table(index="origin", columns="destination", values=attr,
                             aggfunc="first", dropna=False, sort=False)
    wide = wide.reindex(index=list(dict.fromkeys(_label(o) for o in origin_sets)),
                        columns=list(dict.fromkeys(_label(d) for d in dest_sets)))
    wide.index.name = None
    wide.columns.name = None
    return wide.astype(float)


def _from_origin(
    G: nx.MultiDiGraph,
    weight: Any,
    origin: PlaceSet,
    vias: Sequence[set[Hashable]],
    targets: set[Hashable],
    max_crossings: int | None,
) -> dict[Hashable, tuple[float, EdgePath, Hashable, Hashable]]:
    """Best (score, path, start, end) to every reachable target from one origin."""
    out: dict[Hashable, tuple[float, EdgePath, Hashable, Hashable]] = {}
    if not origin.nodes:
        return out
    if max_crossings is None:
        dist, trees, _ = staged_tree(G, weight, sorted_nodes(origin.nodes), vias, targets,
                                     stop="all")
        for t in targets:
            if t in dist:
                path, start = path_to(trees, t)
                out[t] = (dist[t], path, start, t)
        return out
    attrs = ("score", "crossings")
    vec_fn = vector_function(weight, attrs)
    for vec, path, start, end in label_setting(
            G, weight, vec_fn, origin.nodes, list(vias), targets, mode="each",
            bound=(1, float(max_crossings)), dim=2, transfer=transfer_vector(weight, attrs)):
        out[end] = (vec[0], path, start, end)
    return out
