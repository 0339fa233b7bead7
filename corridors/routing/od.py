"""Origin-destination matrices: one single-source search per origin, at compiled speed.

pandas, numpy and scipy are imported inside :func:`od_matrix` only.
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
from corridors.routing.shortest import EdgePath, sorted_nodes
from corridors.routing.targets import PlaceQuery, PlaceSet, resolve_places
from corridors.scoring import (
    CostModel,
    ScoreWeights,
    check_cost_model,
    resolve_objective,
    score_path,
)
from corridors.textwidth import score_unit

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["UNITS", "VALUES", "od_matrix"]

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
#: The unit of each value of an OD cell (a score's unit depends on the objective:
#: :func:`corridors.textwidth.score_unit`).
UNITS: dict[str, str] = {"distance_km": "km", "time_h": "h", "cost_usd": "USD/TEU",
                         "co2e_kg": "kg CO2e/TEU", "crossings": "border crossings"}
_METRICS = ("distance_km", "time_h", "cost_usd", "co2e_kg", "crossings", "score")
#: The figures of a cell, in the order of :data:`corridors.routing.compiled.METRICS`.
_FIGURES = ("distance_km", "time_h", "cost_usd", "crossings", "co2e_kg")


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

    One search per origin reaches every destination; each cell is the best route's value,
    changes of mode costed as in :func:`~corridors.routing.best_route`. The searches run on
    the compiled state graph of the query (:mod:`corridors.routing.compiled`: scipy's
    Dijkstra, one tree per origin, the values added along the trees), with the same scores
    to the bit as the Python search; with ``max_crossings``, the exact resource-constrained
    label-setting search of :mod:`corridors.routing.pareto` runs instead.

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
        ``from``, ``to`` and the metrics. ``frame.attrs`` (JSON-ready) tells what the cells
        hold: ``value`` (the column name: ``"score"``, ``"time_h"`` ... or ``"all"``),
        ``unit`` (``"USD/TEU"``, ``"h"`` ...; None for ``"all"``), ``units`` (of every
        metric), ``objective`` (its name) and, in the matrix, ``gateways``: for each cell
        whose origin or destination is a country, a region or coordinates, the places its
        best route runs between, ``{origin: {destination: [from, to]}}`` (``sets`` lists
        those labels).

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
    labels_o = [_label(o) for o in origin_sets]
    labels_d = [_label(d) for d in dest_sets]
    # the figures to add along the routes: none for the score, all for the long table
    columns = [] if attr == "score" else None if attr == "all" else [_FIGURES.index(attr)]
    if max_crossings is None:
        cells = _compiled_cells(weight, origin_sets, dest_sets, via_sets, columns)
    else:
        cells = _labelled_cells(G, weight, origin_sets, dest_sets, via_sets, max_crossings,
                                columns)
    attrs: dict[str, Any] = {"value": attr, "unit": None if attr == "all" else (
        score_unit(weights.name) if attr == "score" else UNITS[attr]),
        "units": {**UNITS, "score": score_unit(weights.name)}, "objective": weights.name}
    if attr == "all":
        rows: list[dict[str, Any]] = []
        for i, j in ((i, j) for i in range(len(origin_sets)) for j in range(len(dest_sets))):
            row: dict[str, Any] = {"origin": labels_o[i], "destination": labels_d[j]}
            if cells.found[i, j]:
                row.update({"from": cells.start[i, j], "to": cells.end[i, j],
                            "score": float(cells.score[i, j])})
                row.update(zip(_FIGURES, cells.figures[i, j].tolist(), strict=True))
                row["crossings"] = int(row["crossings"])
            rows.append(row)
        frame = pd.DataFrame(rows, columns=["origin", "destination", "from", "to", *_METRICS])
        frame.attrs.update(attrs)
        return frame
    attrs["gateways"], attrs["sets"] = _gateways(cells, origin_sets, dest_sets, labels_o,
                                                 labels_d)
    values = cells.score if attr == "score" else cells.figures[:, :, 0]
    np = _import("numpy", "od_matrix")
    values = np.where(cells.found, values, np.nan)
    unique_o = list(dict.fromkeys(labels_o))
    unique_d = list(dict.fromkeys(labels_d))
    if len(unique_o) < len(labels_o) or len(unique_d) < len(labels_d):
        # a label given twice keeps its first value (as a pivot with "first" would)
        wide = np.full((len(unique_o), len(unique_d)), np.nan)
        row_of = {lab: i for i, lab in enumerate(unique_o)}
        col_of = {lab: j for j, lab in enumerate(unique_d)}
        for i, j in zip(*np.nonzero(cells.found), strict=True):
            at = (row_of[labels_o[i]], col_of[labels_d[j]])
            if wide[at] != wide[at]:
                wide[at] = values[i, j]
        values = wide
    frame = pd.DataFrame(values, index=unique_o, columns=unique_d, dtype=float)
    frame.attrs.update(attrs)
    return frame


def _gateways(cells: _Cells, origin_sets: Sequence[PlaceSet], dest_sets: Sequence[PlaceSet],
              labels_o: list[str], labels_d: list[str]) -> tuple[dict[str, Any], list[str]]:
    """Return the places the cells of countries, regions, coordinates run between; the labels.

    ``{origin label: {destination label: [from, to]}}`` (a label given twice keeps its first
    cell, as the values do).
    """
    is_set_o = [o.kind != "place" for o in origin_sets]
    is_set_d = [d.kind != "place" for d in dest_sets]
    out: dict[str, dict[str, list[str]]] = {}
    for i, lab_o in enumerate(labels_o):
        for j, lab_d in enumerate(labels_d):
            if (is_set_o[i] or is_set_d[j]) and cells.found[i, j]:
                out.setdefault(lab_o, {}).setdefault(
                    lab_d, [str(cells.start[i, j]), str(cells.end[i, j])])
    sets = [lab for lab, s in zip([*labels_o, *labels_d], [*is_set_o, *is_set_d], strict=True)
            if s]
    return out, list(dict.fromkeys(sets))


class _Cells:
    """The OD cells of origin set ``i`` and destination set ``j``.

    The best route's ends (``start``, ``end``: places), score and figures (the columns
    asked for, in the order of :data:`_FIGURES`); ``found`` is False where there is none.
    """

    def __init__(self, n_o: int, n_d: int, n_cols: int) -> None:
        import numpy as np

        self.found = np.zeros((n_o, n_d), dtype=bool)
        self.score = np.full((n_o, n_d), np.nan)
        self.figures = np.zeros((n_o, n_d, n_cols))
        self.start = np.full((n_o, n_d), None, dtype=object)
        self.end = np.full((n_o, n_d), None, dtype=object)


def _compiled_cells(weight: Any, origin_sets: Sequence[PlaceSet], dest_sets: Sequence[PlaceSet],
                    vias: Sequence[set[Hashable]], columns: list[int] | None) -> _Cells:
    """Return the OD cells from the compiled state graph (one tree per origin)."""
    import numpy as np

    from corridors.routing.compiled import compile_states

    cg = compile_states(weight)
    cols = list(range(len(_FIGURES))) if columns is None else columns
    cells = _Cells(len(origin_sets), len(dest_sets), len(cols))
    dests = [[cg.index[n] for n in sorted_nodes(d.nodes) if n in cg.index] for d in dest_sets]
    if not vias:
        sources = [{cg.start_state(n): 0.0 for n in sorted_nodes(o.nodes) if n in cg.index}
                   for o in origin_sets]
        groups = [(cg.search(sources), list(range(len(origin_sets))), None)]
    else:
        groups = []
        for i, o in enumerate(origin_sets):
            stages = cg.staged(o.nodes, vias)
            if stages is not None:
                groups.append((stages[-1][0], [i], stages))
    places = np.empty(len(cg.places), dtype=object)
    places[:] = cg.places
    # only the destinations' places are read: their columns in place_best's arrays
    wanted = np.asarray(sorted({p for c in dests for p in c}), dtype=np.int64)
    column = {p: i for i, p in enumerate(wanted.tolist())}
    # destination columns: (column j, candidate places in the order that breaks ties)
    single = [j for j, c in enumerate(dests) if len(c) == 1]
    several = [j for j, c in enumerate(dests) if len(c) > 1]
    for tree, rows, stages in groups:
        best, state = cg.place_best(tree, wanted)
        R = np.arange(len(rows))[:, None]
        figs = None
        if cols == [] or (stages is None and len(cols) == 1 and cg.figure_is_score(cols[0])):
            # the value is the score itself (km for "distance", hours for "time" ...)
            figs = tree.dist[:, :, None] if cols else None
        elif cols:
            figs = cg.accumulate(tree, cols)
        blocks = []
        if single:
            C = np.asarray([dests[j][0] for j in single], dtype=np.int64)
            at = [column[p] for p in C.tolist()]
            blocks.append((single, best[:, at], state[:, at],
                           np.broadcast_to(C, (len(rows), len(C)))))
        for j in several:
            C = np.asarray(dests[j], dtype=np.int64)
            at = [column[p] for p in C.tolist()]
            a = np.argmin(best[:, at], axis=1)  # the first of equally good places
            blocks.append(([j], best[:, at][R[:, 0], a][:, None],
                           state[:, at][R[:, 0], a][:, None], C[a][:, None]))
        for js, score, st, ends in blocks:
            ok = np.isfinite(score)
            st = np.where(ok, st, 0)
            first = tree.start[R, st]
            if stages is not None:  # walk back through the via stages to the origin
                for t, rr in reversed(stages[:-1]):
                    first = t.start[rr, np.where(ok, first, 0)]
            at = np.ix_(rows, js)
            cells.found[at] = ok
            cells.score[at] = np.where(ok, score, np.nan)
            cells.start[at] = np.where(ok, places[cg.state_place[np.where(ok, first, 0)]], None)
            cells.end[at] = np.where(ok, places[ends], None)
            if figs is not None:
                cells.figures[at] = figs[R, st]
    return cells


def _labelled_cells(G: nx.MultiDiGraph, weight: Any, origin_sets: Sequence[PlaceSet],
                    dest_sets: Sequence[PlaceSet], vias: Sequence[set[Hashable]],
                    max_crossings: int, columns: list[int] | None) -> _Cells:
    """Return the OD cells of the exact ``max_crossings`` search, scoring each path."""
    cols = list(range(len(_FIGURES))) if columns is None else columns
    cells = _Cells(len(origin_sets), len(dest_sets), len(cols))
    all_targets = {n for d in dest_sets for n in d.nodes}
    for i, o in enumerate(origin_sets):
        best = _from_origin(G, weight, o, vias, all_targets, max_crossings)
        for j, d in enumerate(dest_sets):
            cands = [best[n] for n in sorted_nodes(d.nodes) if n in best]
            if not cands:
                continue
            score, path, start, end = min(cands, key=lambda c: c[0])
            cells.found[i, j] = True
            cells.score[i, j] = score
            cells.start[i, j] = start
            cells.end[i, j] = end
            if cols:
                s = score_path(G, path, weight.weights, cost_model=weight.cost_model,
                               start=start, facts=False)
                cells.figures[i, j] = [float(getattr(s, _FIGURES[c])) for c in cols]
    return cells


def _from_origin(
    G: nx.MultiDiGraph,
    weight: Any,
    origin: PlaceSet,
    vias: Sequence[set[Hashable]],
    targets: set[Hashable],
    max_crossings: int,
) -> dict[Hashable, tuple[float, EdgePath, Hashable, Hashable]]:
    """Best (score, path, start, end) to every reachable target from one origin.

    With at most ``max_crossings`` border crossings (label-setting); without a limit the
    compiled search serves every cell.
    """
    out: dict[Hashable, tuple[float, EdgePath, Hashable, Hashable]] = {}
    if not origin.nodes:
        return out
    attrs = ("score", "crossings")
    vec_fn = vector_function(weight, attrs)
    for vec, path, start, end in label_setting(
            G, weight, vec_fn, origin.nodes, list(vias), targets, mode="each",
            bound=(1, float(max_crossings)), dim=2, transfer=transfer_vector(weight, attrs)):
        out[end] = (vec[0], path, start, end)
    return out
