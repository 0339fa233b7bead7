"""corridors: freight transit corridors out of landlocked Central Asia.

A sourced network of rail, road and sea links from Kazakhstan and Tajikistan to Europe, the
Caucasus and South Asia, as a networkx MultiDiGraph, with routing that scores corridors by
distance, border crossings, time and cost.

Importing the package loads only the standard library; networkx is imported when a network
is built or loaded, and geopandas, shapely, pyproj, matplotlib and osmnx by the functions that
need them. The command line answers ``route``, ``places``, ``crossings`` and ``corridors``
from a compact cache entry without importing networkx at all (:mod:`corridors.lite`).
"""

from __future__ import annotations

import importlib
from typing import Any

from corridors.errors import (
    ArgumentTypeError,
    ConstraintError,
    CorridorsError,
    DataError,
    DemandError,
    InputFileError,
    NoRouteError,
    OptionalDependencyError,
    OSMError,
    OutputError,
    OutputExistsError,
    ScenarioError,
    SchedulerError,
    UnknownPlaceError,
)
from corridors.network import find_place, load_network, search_places

__version__ = "0.1.0"

__all__ = [
    "ArgumentTypeError",
    "ConstraintError",
    "CorridorsError",
    "CostModel",
    "DataError",
    "DemandError",
    "InputFileError",
    "NoRouteError",
    "OSMError",
    "OptionalDependencyError",
    "OutputError",
    "OutputExistsError",
    "ScenarioError",
    "SchedulerError",
    "UnknownPlaceError",
    "__version__",
    "alternatives",
    "apply_scenario",
    "assign",
    "best_route",
    "builtin_data_dir",
    "compare_assignments",
    "compare_corridors",
    "compare_scenarios",
    "corridor_reliability",
    "criticality",
    "crossings_frame",
    "explore_routes",
    "find_place",
    "links_gdf",
    "list_scenarios",
    "load_network",
    "load_scenario",
    "od_matrix",
    "pareto_front",
    "places_frame",
    "places_gdf",
    "plot_pareto",
    "plot_routes",
    "plot_time_distance",
    "read_demand",
    "search_places",
    "validate_network",
]

# Public names served lazily from modules that import heavy packages (pandas, geopandas).
_LAZY = {
    "validate_network": "corridors.validate",
    "builtin_data_dir": "corridors.resources",
    "places_frame": "corridors.convert",
    "crossings_frame": "corridors.convert",
    "places_gdf": "corridors.convert",
    "links_gdf": "corridors.convert",
    "plot_routes": "corridors.plot",
    "explore_routes": "corridors.plot",
    "plot_time_distance": "corridors.plot",
    "plot_pareto": "corridors.plot",
    "best_route": "corridors.routing",
    "alternatives": "corridors.routing",
    "pareto_front": "corridors.routing",
    "compare_corridors": "corridors.routing",
    "od_matrix": "corridors.routing",
    "CostModel": "corridors.scoring",
    "list_scenarios": "corridors.scenarios",
    "load_scenario": "corridors.scenarios",
    "apply_scenario": "corridors.scenarios",
    "compare_scenarios": "corridors.scenarios",
    "corridor_reliability": "corridors.reliability",
    "criticality": "corridors.criticality",
    "assign": "corridors.assignment",
    "read_demand": "corridors.demand",
    "compare_assignments": "corridors.assignment_batch",
}


# Submodules reachable as attributes after a bare ``import corridors`` (``corridors.plot``,
# ``corridors.scenarios``, ...), imported on first use like numpy's and scipy's.
_SUBMODULES = frozenset({
    "assignment", "assignment_batch", "batch", "cache", "calibration", "capacities", "convert",
    "costmodel", "criticality", "demand", "emissions", "geo", "geography", "io", "lite",
    "model", "network", "osm", "plot", "regimes", "reliability", "report", "route", "routing",
    "scenarios", "scoring", "seasons", "synthetic", "validate", "waits",
})


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"corridors.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'corridors' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)
