"""Named corridors side by side: the best route through each corridor versus the free optimum.

A named corridor (:class:`corridors.model.Corridor`, ``G.graph["corridors"]``) is an ordered
list of waypoint places, e.g. TITR: Aktau - Alat - Tbilisi - Poti. To route an
origin-destination pair "through" a corridor we treat it as a spine that is joined and left:

1. **entry** -- the waypoint the origin reaches best (by the objective, under the constraints);
   the origin itself when it is on the corridor. **exit** -- the waypoint that reaches the
   destination best; the destination itself when it is on the corridor. The corridor is ridden
   from entry to exit in the direction this implies (corridors are listed one way but run both
   ways). When entry and exit coincide (or are unreachable) the corridor does not serve the
   pair and is skipped -- e.g. the Northern route for Dushanbe - Karachi.
2. **no backtracking** -- an entry is moved one waypoint forward while the origin reaches that
   next waypoint more cheaply than the corridor does from the entry (the origin lies beside the
   corridor, past the entry); the exit likewise backwards. At least two waypoints are kept, so
   the defining part of the corridor (a Caspian ferry, a gauge-change border) is never skipped
   just because skipping it is cheaper.
3. The route is the best one through the remaining waypoints in order (the layered via search
   of :func:`~corridors.routing.best_route`).
4. **plausibility** -- the corridor is dropped when that route passes a place twice (it had to
   go in and out of a dead end to touch a waypoint, typically because a crossing on the
   corridor is closed) or when its score exceeds ``max_detour`` times the free optimum's.

Dropped corridors and the reason are listed in the result's ``skipped`` attribute.

Every score above counts changes of mode as :func:`~corridors.routing.best_route` does (a
transfer at a waypoint between two corridor legs of different modes is charged); the scores
"to" and "from" a waypoint start and end there without an arrival mode.

When the origin or destination is a set (a country, a region), ties between waypoints go to the
pair closest together along the corridor. The corridor's ``modes`` are informative and not
enforced, so that access legs by road to a rail corridor stay possible.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import networkx as nx

from corridors.errors import ConstraintError, NoRouteError
from corridors.model import Corridor
from corridors.route import RouteList
from corridors.routing.request import build_request
from corridors.routing.shortest import place_scores, solve
from corridors.routing.targets import PlaceQuery, PlaceSet
from corridors.scoring import CostModel, ScoreWeights

__all__ = ["compare_corridors", "corridor_waypoints"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

_INF = float("inf")


def _pick(cands_i: Sequence[int], cands_j: Sequence[int]) -> tuple[int, int] | None:
    pairs = [(abs(i - j), i, j) for i in cands_i for j in cands_j if i != j]
    if not pairs:
        return None
    _, i, j = min(pairs)
    return i, j


def _argmins(values: Sequence[float]) -> list[int]:
    m = min(values, default=_INF)
    return [] if m == _INF else [i for i, x in enumerate(values) if x == m]


def corridor_waypoints(
    corridor: Corridor,
    to_entry: Mapping[Hashable, float],
    from_exit: Mapping[Hashable, float],
    ride: Callable[[Hashable, Hashable], float] | None = None,
) -> tuple[Hashable, ...] | None:
    """Return the waypoints to force, in travel order, or None if the corridor does not serve.

    Parameters
    ----------
    corridor : Corridor
        The named corridor.
    to_entry : mapping
        Score from the origin to each waypoint.
    from_exit : mapping
        Score from each waypoint to the destination.
    ride : callable, optional
        ``ride(a, b)``: score from waypoint ``a`` to waypoint ``b``; enables the
        no-backtracking rule (step 2 of the module docstring).
    """
    wps = list(corridor.waypoints)
    pick = _pick(_argmins([to_entry.get(w, _INF) for w in wps]),
                 _argmins([from_exit.get(w, _INF) for w in wps]))
    if pick is None:
        return None
    i, j = pick
    seq = wps[i:j + 1] if i < j else list(reversed(wps[j:i + 1]))
    if ride is not None:
        while len(seq) > 2 and to_entry.get(seq[1], _INF) < ride(seq[0], seq[1]):
            seq.pop(0)
        while len(seq) > 2 and from_exit.get(seq[-2], _INF) < ride(seq[-2], seq[-1]):
            seq.pop()
    return tuple(seq)


def compare_corridors(
    G: nx.MultiDiGraph,
    origin: PlaceQuery,
    destination: PlaceQuery,
    objective: str | ScoreWeights = "score",
    *,
    corridors: Iterable[str] | None = None,
    max_detour: float | None = 1.5,
    modes: Iterable[str] | str | None = None,
    avoid_countries: Iterable[str] | str = (),
    avoid_places: Iterable[Any] | str = (),
    avoid_crossings: Iterable[str] | str = (),
    avoid_links: Iterable[str] | str = (),
    max_crossings: int | None = None,
    include_planned: bool = False,
    cost_model: CostModel | None = None,
) -> RouteList:
    """Compare the named corridors that can serve a pair with the free optimum.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network; its ``G.graph["corridors"]`` lists the corridors.
    origin, destination : str or (float, float)
        Places (see :func:`~corridors.routing.best_route`).
    objective : str or ScoreWeights
        The score that picks each route.
    corridors : iterable of str, optional
        Corridor ids (or labels) to compare; default all.
    max_detour : float or None
        Drop a corridor whose route scores more than this multiple of the free optimum
        (None keeps them all).
    modes, avoid_countries, avoid_places, avoid_crossings, avoid_links, max_crossings, \
include_planned, cost_model
        As in :func:`~corridors.routing.best_route`, applied to every route.

    Returns
    -------
    RouteList
        The free optimum first (``corridor=None``), then one route per serving corridor
        (``corridor`` = its label) in score order. ``.table()`` shows them side by side;
        ``.skipped`` maps each dropped corridor's label to the reason.

    Raises
    ------
    NoRouteError
        If there is no route at all between the places.
    ConstraintError
        For an unknown corridor id.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> [(r.corridor, r.distance_km) for r in compare_corridors(G, "a2", "c2", "distance")]
    [(None, 720.0), ('SC', 720.0)]
    """
    request = build_request(
        G, origin, destination, objective, modes=modes, avoid_countries=avoid_countries,
        avoid_places=avoid_places, avoid_crossings=avoid_crossings, avoid_links=avoid_links,
        max_crossings=max_crossings, include_planned=include_planned, cost_model=cost_model)
    free = solve(request)
    chosen = _corridors(G, corridors)
    wanted = {w for c in chosen for w in c.waypoints if w in G}
    weight = request.weight  # transfer-aware scores, as in the routes themselves
    to_wp = place_scores(G, weight, request.origin.nodes, wanted)
    from_wp = place_scores(G, weight, request.destination.nodes, wanted, reverse=True)
    rides: dict[tuple[Hashable, Hashable], float] = {}

    def ride(a: Hashable, b: Hashable) -> float:
        if (a, b) not in rides:
            rides[a, b] = place_scores(G, weight, [a], {b}, stop="first").get(b, _INF)
        return rides[a, b]

    out = []
    skipped: dict[str, str] = {}
    for c in chosen:
        missing = [w for w in c.waypoints if w not in G]
        seq = None if missing else corridor_waypoints(c, to_wp, from_wp, ride)
        if missing:
            skipped[c.label] = f"waypoints not in the network: {missing}"
        elif seq is None:
            skipped[c.label] = "does not lead from the origin towards the destination"
        else:
            forced = request.with_via([PlaceSet(w, (w,), "place", str(w)) for w in seq])
            try:
                route = solve(forced)
            except NoRouteError as exc:
                skipped[c.label] = f"no route through {list(seq)}: {exc}"
                continue
            if len(set(route.nodes)) < len(route.nodes):
                skipped[c.label] = (f"reaching {list(seq)} in order needs a place twice "
                                    "(a dead end or a closed crossing on the corridor)")
            elif max_detour is not None and route.score > max_detour * free.score + 1e-9:
                skipped[c.label] = (f"score {route.score:,.0f} is more than {max_detour:g} x "
                                    f"the free optimum's {free.score:,.0f}")
            else:
                out.append(replace(route, corridor=c.label))
                continue
        logger.info("corridor %s skipped: %s", c.label, skipped[c.label])
    out.sort(key=lambda r: r.score)
    result = RouteList([free, *out])
    result.skipped = skipped
    return result


def _corridors(G: nx.MultiDiGraph, ids: Iterable[str] | None) -> list[Corridor]:
    records: dict[str, Corridor] = dict(G.graph.get("corridors") or {})
    if ids is None:
        return [records[k] for k in sorted(records)]
    by_label = {c.label.casefold(): c for c in records.values()}
    out = []
    for x in [ids] if isinstance(ids, str) else ids:
        c = records.get(x) or by_label.get(str(x).casefold())
        if c is None:
            raise ConstraintError(f"unknown corridor {x!r}; known: {sorted(records)}")
        out.append(c)
    return out
