"""The OSM length measurement (data/scripts/measure_osm_lengths.py) on small local graphs.

The real graphs ship in the scgraph_data wheel (a data extra); these tests build tiny graphs
in the same shape (adjacency dicts of km, nodes as [lat, lon]) around real borders, and
check the choices the script makes: stay inside the link's countries, go through a third
country only when the line really does (and say so), honour waypoints, reject gaps.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("scipy")
SCRIPT = Path(__file__).resolve().parent.parent / "data" / "scripts" / "measure_osm_lengths.py"
spec = importlib.util.spec_from_file_location("measure_osm_lengths", SCRIPT)
m = importlib.util.module_from_spec(spec)
sys.modules["measure_osm_lengths"] = m
spec.loader.exec_module(m)

from corridors.io import builtin_data_dir  # noqa: E402

# Real places: Shymkent (KZ), Saryagash (KZ), Tashkent (UZ), a KZ junction west of Tashkent.
SHYMKENT, SARYAGASH = (42.3417, 69.5901), (41.4636, 69.1731)
TASHKENT, KZ_WEST = (41.3111, 69.2797), (41.75, 68.95)


def _graph(edges: dict[tuple[int, int], float], nodes: list[tuple[float, float]]):
    adj = [dict() for _ in nodes]
    for (a, b), km in edges.items():
        adj[a][b] = km
        adj[b][a] = km
    geo = SimpleNamespace(graph=adj, nodes=[list(n) for n in nodes])
    bounds = m.Boundaries(builtin_data_dir())
    return m.OsmGraph(geo, bounds, min_component=1), bounds


def _choose(domestic_km: float, waypoints=()):
    # 0 Shymkent, 1 Tashkent (UZ), 2 Saryagash, 3 a Kazakh junction
    graph, bounds = _graph({(0, 1): 130.0, (1, 2): 25.0, (0, 3): 90.0, (3, 2): domestic_km - 90},
                           [SHYMKENT, TASHKENT, SARYAGASH, KZ_WEST])
    gc = m.great_circle_km(SHYMKENT, SARYAGASH)
    return m._choose(graph, bounds, SHYMKENT, SARYAGASH, list(waypoints), {"KZ"}, gc, None)


def test_a_domestic_path_is_preferred_to_a_shorter_one_through_a_neighbour() -> None:
    chosen, how, reason = _choose(domestic_km=200)  # 200 <= 1.5 x 155 through Tashkent
    assert reason == "" and how == "direct"
    assert round(chosen.km) == 200 and chosen.third == {}


def test_a_much_shorter_path_through_a_neighbour_is_transit() -> None:
    chosen, how, reason = _choose(domestic_km=260)  # over 1.5 x 155: the line runs via UZ
    assert reason == "" and how == "direct, through third countries"
    assert round(chosen.km) == 155 and set(chosen.third) == {"UZ"}


def test_waypoints_pin_the_alignment_to_their_side() -> None:
    chosen, how, _ = _choose(domestic_km=260, waypoints=[KZ_WEST])
    assert how == "waypoints" and chosen.third == {} and round(chosen.km) == 260


def test_a_gap_in_the_graph_is_rejected_not_measured() -> None:
    graph, bounds = _graph({(0, 1): 900.0, (1, 2): 900.0}, [SHYMKENT, TASHKENT, SARYAGASH])
    gc = m.great_circle_km(SHYMKENT, SARYAGASH)
    _, _, reason = m._choose(graph, bounds, SHYMKENT, SARYAGASH, [], {"KZ"}, gc, None)
    assert "no path inside KZ" in reason


def test_an_end_far_from_the_graph_is_rejected() -> None:
    graph, bounds = _graph({(0, 1): 10.0}, [(42.30, 69.60), (42.35, 69.65)])
    far = (41.4636, 69.1731)  # Saryagash, ~100 km from both nodes
    gc = m.great_circle_km(SHYMKENT, far)
    _, _, reason = m._choose(graph, bounds, SHYMKENT, far, [], {"KZ"}, gc, None)
    assert "from the graph" in reason
