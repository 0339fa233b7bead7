"""Route search over the corridors network: best routes, alternatives, Pareto fronts, OD tables.

Every function takes the network first, then the origin and destination (place ids, names,
aliases, ISO country codes, region names or ``(lat, lon)`` pairs), then keyword-only options
(vias, modes, avoided countries/places/crossings/links, ``max_crossings``,
``include_planned``, a :class:`~corridors.scoring.CostModel`). Every result is scored by
:mod:`corridors.scoring` and returned as :class:`~corridors.route.Route` objects. The input
graph is never modified; constraints are weight callables or graph views.

A change of mode between consecutive legs costs a transfer (time, cost and a score penalty; see
:mod:`corridors.scoring`), so the searches run over ``(place, arrival mode)`` states and stay
exact: their optima equal the brute-force optima over simple paths.

Importing this package imports only the standard library and networkx.
"""

from corridors.route import Leg, Route, RouteList
from corridors.routing.alternatives import alternatives, corridor_signature, state_graph
from corridors.routing.compare import compare_corridors
from corridors.routing.constraints import (
    Constraints,
    Weight,
    compile_weight,
    constrained_view,
    constrained_weight,
    make_constraints,
)
from corridors.routing.od import od_matrix
from corridors.routing.pareto import pareto_front
from corridors.routing.shortest import best_route
from corridors.routing.targets import PlaceSet, resolve_place, snap
from corridors.scoring import PROFILES, CostModel, ScoreWeights

__all__ = [
    "PROFILES",
    "Constraints",
    "CostModel",
    "Leg",
    "PlaceSet",
    "Route",
    "RouteList",
    "ScoreWeights",
    "Weight",
    "alternatives",
    "best_route",
    "compare_corridors",
    "compile_weight",
    "constrained_view",
    "constrained_weight",
    "corridor_signature",
    "make_constraints",
    "od_matrix",
    "pareto_front",
    "resolve_place",
    "snap",
    "state_graph",
]
