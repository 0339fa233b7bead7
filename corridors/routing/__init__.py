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

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
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

# Each public name and the module that defines it. The submodules are imported on first use,
# so a command-line query that needs only `best_route` does not pay for the Pareto, OD and
# alternatives code.
_SOURCES = {
    "Leg": "corridors.route", "Route": "corridors.route", "RouteList": "corridors.route",
    "alternatives": "corridors.routing.alternatives",
    "corridor_signature": "corridors.routing.alternatives",
    "state_graph": "corridors.routing.alternatives",
    "compare_corridors": "corridors.routing.compare",
    "Constraints": "corridors.routing.constraints", "Weight": "corridors.routing.constraints",
    "compile_weight": "corridors.routing.constraints",
    "constrained_view": "corridors.routing.constraints",
    "constrained_weight": "corridors.routing.constraints",
    "make_constraints": "corridors.routing.constraints",
    "od_matrix": "corridors.routing.od",
    "pareto_front": "corridors.routing.pareto",
    "best_route": "corridors.routing.shortest",
    "PlaceSet": "corridors.routing.targets", "resolve_place": "corridors.routing.targets",
    "snap": "corridors.routing.targets",
    "PROFILES": "corridors.scoring", "CostModel": "corridors.scoring",
    "ScoreWeights": "corridors.scoring",
}


class _Package(types.ModuleType):
    """The package module: keeps a public function whose submodule has the same name.

    Importing a submodule sets it as an attribute of its package; ``alternatives`` is both a
    function and the module that defines it, so ``from corridors.routing.alternatives import
    corridor_key`` would otherwise turn ``corridors.routing.alternatives`` into the module for
    every later ``from corridors.routing import alternatives``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if (isinstance(value, types.ModuleType) and _SOURCES.get(name) == value.__name__
                and hasattr(value, name)):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _SOURCES.get(name)
    if module is None:
        raise AttributeError(f"module 'corridors.routing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SOURCES))


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
