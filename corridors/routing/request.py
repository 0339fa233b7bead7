"""Turn a routing call's arguments into a validated request, and explain failed requests.

Every public search takes the same options (vias, modes, avoided countries/places/crossings/
links, ``max_crossings``, ``include_planned``, cost model). :func:`build_request` resolves and
validates them once; :func:`no_route_error` re-runs a failed search with each constraint dropped
in turn and names those that were blocking.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from corridors.errors import NoRouteError
from corridors.routing.constraints import Constraints, Weight, compile_weight, make_constraints
from corridors.routing.targets import PlaceQuery, PlaceSet, resolve_place, resolve_places
from corridors.scoring import CostModel, ScoreWeights, check_cost_model, resolve_objective

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["Request", "build_request", "no_route_error"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Request:
    """A resolved routing request.

    Attributes
    ----------
    G : networkx.MultiDiGraph
        The network.
    origin, destination : PlaceSet
        Resolved ends.
    via : tuple of PlaceSet
        Places to pass, in order.
    constraints : Constraints
        Edge constraints.
    weight : Weight
        The compiled objective under the constraints.
    """

    G: nx.MultiDiGraph
    origin: PlaceSet
    destination: PlaceSet
    via: tuple[PlaceSet, ...]
    constraints: Constraints
    weight: Weight

    @property
    def weights(self) -> ScoreWeights:
        """The objective's weights."""
        return self.weight.weights

    @property
    def cost_model(self) -> CostModel:
        """The cost model."""
        return self.weight.cost_model

    def with_constraints(self, constraints: Constraints) -> Request:
        """Return the request under other constraints."""
        return replace(self, constraints=constraints,
                       weight=self.weight.with_constraints(constraints))

    def with_via(self, via: Sequence[PlaceSet]) -> Request:
        """Return the request with other vias."""
        return replace(self, via=tuple(via))


def build_request(
    G: nx.MultiDiGraph,
    origin: PlaceQuery,
    destination: PlaceQuery,
    objective: str | ScoreWeights = "generalized",
    *,
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
) -> Request:
    """Resolve places and validate options (see :func:`corridors.routing.best_route`).

    Raises
    ------
    ArgumentTypeError
        For a graph, place, objective, option or cost model of the wrong type.
    ConstraintError
        For an objective or option that is invalid (an unknown name, a negative count ...).
    UnknownPlaceError
        For an unknown place.
    """
    from corridors.network import check_graph

    check_graph(G, "routing")
    check_cost_model(cost_model)
    weights = resolve_objective(objective)
    constraints = make_constraints(
        G, modes=modes, avoid_countries=avoid_countries, avoid_places=avoid_places,
        avoid_crossings=avoid_crossings, avoid_links=avoid_links, max_crossings=max_crossings,
        include_planned=include_planned, date=date)
    return Request(
        G=G,
        origin=resolve_place(G, origin),
        destination=resolve_place(G, destination),
        via=tuple(resolve_places(G, via)),
        constraints=constraints,
        weight=compile_weight(G, weights, constraints, cost_model=cost_model),
    )


def no_route_error(request: Request, feasible: Callable[[Request], bool]) -> NoRouteError:
    """Return a :class:`NoRouteError` naming the constraints whose removal gives a route.

    Parameters
    ----------
    request : Request
        The failed request.
    feasible : callable
        ``feasible(request) -> bool``: does the search find a route for this request?
    """
    o, d = request.origin, request.destination
    empty = [p for p in (o, d, *request.via) if not p.nodes]
    if empty:
        what = "; ".join(f"no place in the network is a gateway for {p.label!r}"
                         if p.kind == "region" else f"{p.label!r} matches no place"
                         for p in empty)
        return NoRouteError(o.label, d.label, (), what)
    blocking: list[str] = []
    for label, relaxed in request.constraints.relaxations():
        # dropping a whole list (all avoided countries) is only worth saying when no single
        # item of it is to blame on its own
        name = label.split("=", 1)[0]
        whole = label.endswith("]") and label.count(",") > 0 and name.startswith("avoid_")
        if whole and any(b.split("=", 1)[0] == name for b in blocking):
            continue
        if feasible(request.with_constraints(relaxed)):
            blocking.append(label)
    if request.via:
        for i, p in enumerate(request.via):
            rest = request.via[:i] + request.via[i + 1:]
            if feasible(request.with_via(rest)):
                blocking.append(f"via=[{p.label!r}]")
    detail = ""
    if not blocking:
        detail = ("no single constraint is to blame: the places are not connected by usable "
                  "links, or only dropping several constraints together would connect them")
        if not request.constraints.include_planned:
            detail += "; try include_planned=True together with fewer constraints"
    logger.info("no route from %s to %s; blocking: %s", o.label, d.label, blocking)
    return NoRouteError(o.label, d.label, blocking, detail)
