"""Corners of corridors.routing that the brute-force and generator tests do not reach by
themselves, found by the mutation score (``benchmarks/mutation.py routing``).

Each test states a documented rule: the docstrings of ``corridors.routing``, README.md and
the corridor definition in ``corridors.model.Corridor``. Numbers on the built-in network are
hand-checked against ``best_route`` with the same constraints.
"""

from __future__ import annotations

import logging
import math
import re
import sys
from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_reference_scorer import crossing, network

from corridors import load_network
from corridors.errors import (
    ArgumentTypeError,
    ConstraintError,
    NoRouteError,
    OptionalDependencyError,
)
from corridors.model import BorderCrossing, Corridor
from corridors.routing import (
    alternatives,
    best_route,
    compare_corridors,
    corridor_signature,
    od_matrix,
    pareto_front,
    resolve_place,
    snap,
)
from corridors.routing.alternatives import corridor_key
from corridors.routing.compare import _compare, _route_along, route_along
from corridors.routing.compiled import compile_states
from corridors.routing.constraints import compile_weight, constrained_view, constrained_weight
from corridors.routing.named import corridor_of, follows
from corridors.routing.request import build_request
from corridors.routing.shortest import dijkstra, place_scores, search_tree
from corridors.routing.state_paths import SINK, SOURCE, simple_routes, state_graph
from corridors.routing.targets import resolve_places
from corridors.seasons import Season
from corridors.synthetic import tiny_network


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_network()


# --- corridor comparison -----------------------------------------------------------------------
def test_compare_takes_no_via(G):
    # a corridor is its own sequence of places: the usual message of an unknown keyword
    with pytest.raises(TypeError, match=r"got an unexpected keyword argument 'via'$"):
        compare_corridors(G, "almaty", "baku", via=["aktau_port"])
    # the internal entry point, which batches call with keyword options, says the same
    with pytest.raises(TypeError, match=r"^compare_corridors\(\) got an unexpected keyword "
                                        r"argument 'via'$"):
        _compare(G, "almaty", "baku", via=["aktau_port"])


@pytest.mark.parametrize("compiled", [False, True])
def test_a_corridor_is_judged_against_the_best_route_in_its_modes(G, compiled):
    # The Middle Corridor (rail|sea) from Almaty to Istanbul by time: 239 h against a free
    # optimum of 155 h by road (1.54 x, above the default max_detour of 1.5), but the best
    # rail/sea route takes 232 h, so the corridor stays.
    r = _compare(G, "almaty", "istanbul", "time", compiled=compiled)
    free, titr = r[0], {x.corridor: x for x in r}["TITR"]
    in_modes = best_route(G, "almaty", "istanbul", "time", modes=["rail", "sea"]).score
    assert titr.score > 1.5 * free.score
    assert titr.score <= 1.5 * in_modes
    # Almaty -> Duisburg: 314 h against the best rail/sea route's 182 h, dropped, and the
    # reason names that route, not the free optimum
    r = _compare(G, "almaty", "duisburg", "time", compiled=compiled)
    in_modes = best_route(G, "almaty", "duisburg", "time", modes=["rail", "sea"]).score
    assert re.fullmatch(r"score [0-9,]+ is more than 1\.5 x that of the best route in its "
                        rf"modes \({in_modes:,.0f}\)", r.skipped["TITR"]), r.skipped["TITR"]


@pytest.mark.parametrize("compiled", [False, True])
def test_the_best_route_in_a_corridors_modes_keeps_max_crossings(G, compiled):
    # with at most 3 borders the best rail/sea route Almaty -> Istanbul takes 237 h, not the
    # 232 h of the unlimited one
    limited = best_route(G, "almaty", "istanbul", "time", modes=["rail", "sea"],
                         max_crossings=3).score
    assert limited > best_route(G, "almaty", "istanbul", "time", modes=["rail", "sea"]).score
    r = _compare(G, "almaty", "istanbul", "time", compiled=compiled, max_crossings=3,
                 max_detour=1.0)
    assert r.skipped["TITR"].endswith(f"that of the best route in its modes ({limited:,.0f})")
    # no rail-only route crosses at most 3 borders: INSTC East (rail) is judged against the
    # free optimum
    with pytest.raises(NoRouteError):
        best_route(G, "almaty", "istanbul", "time", modes=["rail"], max_crossings=3)
    assert re.fullmatch(r"score [0-9,]+ is more than 1 x that of the free optimum "
                        rf"\({r[0].score:,.0f}\)", r.skipped["INSTC East"])


def _ride_network() -> tuple[nx.MultiDiGraph, Corridor, Corridor]:
    """Two corridors from a to d: one over a rail crossing that a road cannot reach (no
    terminal at its post), one by road through ``m``, the network's first place."""
    places = {"m": ("KZ", None), "a": ("KZ", None), "p": ("KZ", None), "p2": ("KZ", None),
              "q": ("CN", None), "q2": ("CN", None), "d": ("CN", None)}
    links = [("a-m", "a", "m", "road", 100, {}), ("m-p", "m", "p", "road", 100, {}),
             ("p-q", "p", "q", "rail", 50, {"crossing": "x_rail"}),
             ("q-d", "q", "d", "rail", 100, {}),
             ("m-p2", "m", "p2", "road", 120, {}),
             ("p2-q2", "p2", "q2", "road", 50, {"crossing": "y_road"}),
             ("q2-d", "q2", "d", "road", 100, {})]
    G = network(places, links, [crossing("x_rail", "rail", "p", "q", "KZ", "CN"),
                                crossing("y_road", "road", "p2", "q2", "KZ", "CN")])
    return (G, Corridor("rail", "By rail", path=(("x_rail",),)),
            Corridor("road", "By road", path=(("y_road",),)))


@pytest.mark.parametrize("compiled", [False, True])
def test_a_crossing_no_arriving_mode_can_use_is_named(compiled):
    G, by_rail, by_road = _ride_network()
    request = build_request(G, "a", "d", "time")
    # the rail crossing is open, but a truck reaches its post and there is no terminal there
    assert _route_along(request, by_rail, compiled=compiled) == \
        "no usable crossing among X_RAIL"
    path, start = _route_along(request, by_road, compiled=compiled)
    assert start == "a"
    assert path == [("a", "m", "a-m"), ("m", "p2", "m-p2"), ("p2", "q2", "p2-q2"),
                    ("q2", "d", "q2-d")]
    assert route_along(request, by_road) == (path, start)


def test_corridors_are_chosen_by_id_or_by_label_in_any_case(G):
    by_label = compare_corridors(G, "almaty", "istanbul", "time", corridors=["titr"],
                                 max_detour=None)
    by_id = compare_corridors(G, "almaty", "istanbul", "time", corridors=["titr_poti"],
                              max_detour=None)
    assert [r.corridor for r in by_label] == [r.corridor for r in by_id] == [None, "TITR"]


def test_a_planned_corridor_crossing_is_named_as_planned():
    G, _, _ = _ride_network()
    G.graph["crossings"]["z_road"] = BorderCrossing("z_road", "Z_ROAD", "road", "p2", "q2",
                                                    "KZ", "CN", status="planned")
    G.add_edge("p2", "q2", key="p2-q2-new", **{**G["p2"]["q2"]["p2-q2"],
                                               "link_id": "p2-q2-new", "crossing": "z_road",
                                               "status": "planned"})
    planned = Corridor("new", "New road", path=(("z_road",),))
    request = build_request(G, "a", "d", "time")
    for compiled in (False, True):
        assert _route_along(request, planned, compiled=compiled) == \
            "Z_ROAD (planned): planned, not open (include_planned to assume it open)"
    assert _route_along(build_request(G, "a", "d", "time", include_planned=True), planned,
                        compiled=False)[1] == "a"


# --- places given as coordinates ---------------------------------------------------------------
@pytest.mark.parametrize("coords", [(90.0, 180.0), (-90.0, -180.0), (0.0, -180.0)])
def test_the_ends_of_the_coordinate_ranges_are_coordinates(G, coords):
    assert resolve_place(G, coords, max_access_km=40_000).kind == "coords"


@pytest.mark.parametrize("coords", [(0.0, -180.000001), (0.0, 180.000001), (90.000001, 0.0),
                                    (-90.000001, 0.0)])
def test_just_outside_the_coordinate_ranges_is_refused(G, coords):
    with pytest.raises(ConstraintError, match=r"is not a \(lat, lon\) in degrees"):
        resolve_place(G, coords, max_access_km=40_000)


def test_a_far_coordinate_names_the_nearest_place_with_its_country(G):
    with pytest.raises(ConstraintError) as info:
        resolve_place(G, (0.0, 70.0))
    assert str(info.value).startswith(
        "(0.0000, 70.0000) is 2,132 km from the nearest place of the network, "
        "Nhava Sheva (JNPT) (nhava_sheva_port, IN), farther than 500 km")


def test_a_place_set_keeps_the_query_as_given(G):
    for query, kind, label in [("kz", "country", "KZ"), ("Almaty", "place", None),
                               ("caucasus", "region", None), ((41.0, 60.5), "coords", None)]:
        got = resolve_place(G, query)
        assert (got.query, got.kind) == (query, kind)
        assert label is None or got.label == label


# --- Yen's simple paths, best first ------------------------------------------------------------
@st.composite
def state_graphs(draw):
    """Small weighted digraphs from SOURCE to SINK, weights below 1 as well as above."""
    n = draw(st.integers(2, 6))
    H = nx.DiGraph()
    weight = st.floats(0.01, 3.0, allow_nan=False)
    for u in range(n):
        for v in range(n):
            if u != v and draw(st.booleans()):
                H.add_edge(u, v, weight=draw(weight))
    for u in draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True)):
        H.add_edge(SOURCE, u, weight=draw(weight))
    for u in draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True)):
        H.add_edge(u, SINK, weight=draw(weight))
    return H


@settings(deadline=None, max_examples=150)
@given(H=state_graphs())
def test_simple_routes_are_every_simple_path_best_first(H):
    got = list(simple_routes(H))
    want = [(sum(H[a][b]["weight"] for a, b in pairwise(p)), tuple(p))
            for p in nx.all_simple_paths(H, SOURCE, SINK)]
    assert len(got) == len(want)
    assert {tuple(p) for _, p in got} == {p for _, p in want}
    weights = [w for w, _ in got]
    assert all(a <= b + 1e-12 for a, b in pairwise(weights))  # best first
    for w, p in got:
        assert math.isclose(w, sum(H[a][b]["weight"] for a, b in pairwise(p)))


def test_the_state_graph_keeps_one_edge_per_class_but_every_sea_link():
    # two road links o-t: only the shorter stays; two ferry links p-q: both stay (another
    # sailing is another corridor)
    G = network({"o": ("KZ", None), "t": ("KZ", None), "p": ("KZ", None), "q": ("AZ", None)},
                [("road1", "o", "t", "road", 100, {}), ("road2", "o", "t", "road", 130, {}),
                 ("sea1", "p", "q", "sea", 300, {"crossing": "xs"}),
                 ("sea2", "p", "q", "sea", 320, {"crossing": "xs"})],
                [crossing("xs", "sea", "p", "q", "KZ", "AZ")])
    w = compile_weight(G, "distance")
    assert [round(s) for s, _ in simple_routes(state_graph(w, ["o"], ["t"]))] == [100]
    assert [round(s) for s, _ in simple_routes(state_graph(w, ["p"], ["q"]))] == [300, 320]


def test_alternatives_begin_with_the_best_route_also_on_a_tie():
    # two routes of exactly the same length: the first alternative is best_route's
    links = [("o-b", "o", "b", "road", 50, {}), ("b-t", "b", "t", "road", 50, {}),
             ("o-a", "o", "a", "road", 50, {}), ("a-t", "a", "t", "road", 50, {})]
    places = {"o": ("KZ", None), "a": ("KZ", None), "b": ("KZ", None), "t": ("KZ", None)}
    for order in (links, links[::-1], links[2:] + links[:2]):
        for names in (places, dict(reversed(places.items()))):
            G = network(names, order)
            for o, t in (("o", "t"), ("t", "o")):
                assert alternatives(G, o, t, 1, "distance")[0].edges == \
                    best_route(G, o, t, "distance").edges


# --- Pareto fronts -----------------------------------------------------------------------------
def test_a_front_member_better_by_a_hair_is_kept():
    # Two routes a -> t: direct (100 km), or through m (a 5 h crossing, 50 nm shorter). The
    # second is on the (time, distance, crossings) front; it is found after the first is
    # permanent, so the lower-bound test must not prune it.
    G = network({"a": ("KZ", None), "m": ("CN", None), "t": ("CN", None)},
                [("a-t", "a", "t", "road", 100, {"crossing": "x1", "t_ab": 0.0, "c_ab": 0.0}),
                 ("a-m", "a", "m", "road", 50, {"crossing": "x2", "t_ab": 5.0, "c_ab": 0.0}),
                 ("m-t", "m", "t", "road", 50 - 5e-8, {})],
                [crossing("x1", "road", "a", "t", "KZ", "CN"),
                 crossing("x2", "road", "a", "m", "KZ", "CN")])
    front = pareto_front(G, "a", "t", ("time", "distance", "crossings"))
    assert [r.distance_km for r in front] == [100.0, 100.0 - 5e-8]


# --- named corridors ---------------------------------------------------------------------------
def test_a_route_follows_a_corridor_in_either_direction(G):
    titr = G.graph["corridors"]["titr_poti"]
    there = route_along(build_request(G, "almaty", "poti_port", "time"), titr)
    back = route_along(build_request(G, "poti_port", "almaty", "time"), titr)
    assert not isinstance(there, str) and not isinstance(back, str)
    assert corridor_of(G, there[0], [titr]) == corridor_of(G, back[0], [titr]) == "TITR"


def test_the_corridor_signature_is_the_routes(G):
    # by rail and the Caspian ferry (not round the Caspian through Russia)
    r = best_route(G, "almaty", "baku", "time", modes=["rail", "sea"], avoid_countries=["RU"])
    assert corridor_signature(G, r.edges) == r.signature
    assert any(s.startswith("sea:") for s in r.signature)
    assert any(s.startswith("crossing:") for s in r.signature)


def test_a_border_before_the_corridor_begins_is_allowed(G):
    # Dushanbe -> Poti along the Middle Corridor: the route crosses into Uzbekistan and
    # Kazakhstan before it reaches the corridor's first slot (the Caspian ferry); only a
    # border between the first and the last slot would break the corridor
    titr = G.graph["corridors"]["titr_poti"]
    path, _ = route_along(build_request(G, "dushanbe", "poti_port", "time"), titr)
    ferry = next(i for i, (u, v, k) in enumerate(path) if G[u][v][k].get("mode") == "sea")
    assert any(G[u][v][k].get("crossing") for u, v, k in path[:ferry])
    assert follows(G, path, titr)
    assert corridor_of(G, path) == "TITR"


def test_a_corridor_key_takes_missing_countries_from_the_crossing_record():
    G = network({"k": ("KZ", None), "c": ("CN", None)},
                [("k-c", "k", "c", "road", 50, {"crossing": "x"})],
                [crossing("x", "road", "k", "c", "KZ", "CN")])
    path = [("k", "c", "k-c")]
    assert corridor_key(G, path) == ("KZ>CN",)
    for n in ("k", "c"):
        H = G.copy()
        del H.nodes[n]["country"]
        assert corridor_key(H, path) == ("KZ>CN",), n
    G.graph["crossings"] = {}  # no record: the places' countries
    assert corridor_key(G, path) == ("KZ>CN",)


# --- arguments ---------------------------------------------------------------------------------
def test_constrained_weight_defaults_to_the_generalized_objective(G):
    edge = next(iter(G.edges(keys=True, data=True)))
    assert constrained_weight(G)(edge[0], edge[1], {edge[2]: edge[3]}) == \
        constrained_weight(G, "generalized")(edge[0], edge[1], {edge[2]: edge[3]})
    assert constrained_weight(G).weights.name == "generalized"


def test_constrained_view_names_itself_for_an_unknown_option(G):
    with pytest.raises(ArgumentTypeError, match=r"constrained_view"):
        constrained_view(G, avoid_country=["RU"])


@pytest.mark.parametrize("coords", [("north", 60.0), (41.0, "east")])
def test_a_coordinate_is_two_numbers(G, coords):
    with pytest.raises(ArgumentTypeError, match=r"^a coordinate is two numbers \(lat, lon\)"):
        snap(G, *coords)


def test_a_coordinate_must_be_finite(G):
    with pytest.raises(ConstraintError, match=r"^coordinate \(nan, 60\.0\) is not finite; give "
                                              r"\(lat, lon\) in decimal degrees$"):
        resolve_place(G, (float("nan"), 60.0))


def test_snapping_is_logged(G, caplog):
    with caplog.at_level(logging.DEBUG, logger="corridors.routing.targets"):
        resolve_place(G, (41.0, 60.5))
    assert "snapped (41.0000, 60.5000) to urgench, 62.3 km away" in caplog.messages


def test_pareto_criteria_must_be_distinct_and_not_empty(G):
    for criteria in ([], ["time", "time"]):
        with pytest.raises(ConstraintError, match=r"^criteria must be distinct and not empty, "
                                                  r"got \["):
            pareto_front(G, "almaty", "baku", criteria)


def test_a_pareto_front_keeps_to_its_modes(G):
    front = pareto_front(G, "almaty", "baku", ("distance", "time"), modes=["rail", "sea"])
    assert front and all({leg.mode for leg in r.legs} <= {"rail", "sea"} for r in front)


def test_od_value_must_be_a_name(G):
    with pytest.raises(ArgumentTypeError, match=r"^od_matrix: value must be a name such as "
                                                r"'time', got int 3 \(use one of "):
        od_matrix(G, ["almaty"], ["baku"], value=3)


def test_od_matrix_needs_pandas(G, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # an import of pandas fails
    with pytest.raises(OptionalDependencyError, match=r"\bod_matrix\b"):
        od_matrix(G, ["almaty"], ["baku"])


def test_best_route_names_its_closures_flag(G):
    with pytest.raises(ArgumentTypeError, match=r"^best_route: closures must be True or False"):
        best_route(G, "almaty", "baku", closures="no")


def test_places_must_be_a_place_or_a_list(G):
    with pytest.raises(ArgumentTypeError, match=r"^places are a place or a list of places, got "
                                                r"int 42$"):
        resolve_places(G, 42)


def test_the_include_planned_flag_is_named(G):
    with pytest.raises(ArgumentTypeError, match=r"include_planned must be True or False"):
        best_route(G, "almaty", "baku", include_planned="yes")


# --- the search cores --------------------------------------------------------------------------
def _shortest_link(u, v, kd):
    """A bare ``best(u, v, edges)`` weight: the shortest parallel link, by km."""
    return min((d["distance_km"], k) for k, d in kd.items())


def test_place_scores_of_a_bare_weight_function():
    # a bare best(u, v, data) function searches places, without classes or transfers
    G = tiny_network()
    got = place_scores(G, _shortest_link, ["a1"])
    want = nx.single_source_dijkstra_path_length(
        nx.DiGraph([(u, v, {"w": min(d["distance_km"] for d in kd.values())})
                    for u, nbrs in G.adj.items() for v, kd in nbrs.items()]), "a1", weight="w")
    assert got == pytest.approx(want)


def test_a_start_state_counts_only_where_the_search_began():
    G = tiny_network()
    cg = compile_states(constrained_weight(G, "distance"))
    s0 = cg.start_state("a1")
    tree = cg.search([{s0: 0.0}])
    assert cg.best_state(tree.dist[0], "a1", {s0}) == s0
    back = cg.best_state(tree.dist[0], "a1")  # a route that comes back to a1, or none
    assert back != s0 and (back is None or back in cg.states_of("a1"))


def test_an_od_figure_other_than_the_objectives(G):
    # fastest routes, their distance: the compiled search adds one figure along each route
    m = od_matrix(G, ["almaty", "tashkent"], ["baku", "istanbul"], "time", value="distance")
    for o in m.index:
        for d in m.columns:
            assert m.loc[o, d] == pytest.approx(best_route(G, o, d, "time").distance_km)


def test_keys_at_of_a_place_level_search():
    G = tiny_network()
    tree = search_tree(G, _shortest_link, {"a1": 0.0}, stop="all")
    got = tree.keys_at(["c2", "a1", "nowhere"])
    assert list(got) == ["a1", "c2"]
    assert got == {"a1": 0.0, "c2": place_scores(G, _shortest_link, ["a1"])["c2"]}
    assert got["c2"] > 0


def test_dijkstra_from_several_sources_with_initial_distances():
    G = tiny_network()

    # a2 starts at 500 km, but a1 reaches it in 100 km: the better distance wins
    dist, pred, hit = dijkstra(G, _shortest_link, {"a1": 0.0, "a2": 500.0})
    assert dist["a2"] == 100.0 and pred["a2"][0] == "a1" and hit is None
    # from 50 km it stays a source: no predecessor
    dist, pred, _ = dijkstra(G, _shortest_link, {"a1": 0.0, "a2": 50.0})
    assert dist["a2"] == 50.0 and pred["a2"] is None
    # stop="first": the first target settled ends the search and is named
    dist, _, hit = dijkstra(G, _shortest_link, {"a1": 0.0}, ["a2", "c2"])
    assert hit == "a2" and "c2" not in dist



# --- constraints -------------------------------------------------------------------------------
def test_a_country_crossed_only_in_transit_can_be_avoided():
    # no place of the network is in RU, but the only link runs through it (sealed transit)
    G = network({"o": ("KZ", None), "t": ("KZ", None)},
                [("o-t", "o", "t", "rail", 900, {"transit": ("RU",), "gauge_mm": (1520,)})])
    assert best_route(G, "o", "t", "distance").countries == ("KZ", "RU", "KZ")
    with pytest.raises(NoRouteError):  # not "RU is not in the network"
        best_route(G, "o", "t", "distance", avoid_countries=["ru"])


def test_links_are_avoided_by_their_link_id_whatever_the_edge_keys():
    # a network built by hand whose edge keys are numbers: link ids are the link_id attribute
    H = network({"o": ("KZ", None), "m": ("KZ", None), "t": ("KZ", None)},
                [("short", "o", "t", "road", 100, {}), ("long", "o", "t", "road", 130, {}),
                 ("o-m", "o", "m", "road", 60, {}), ("m-t", "m", "t", "road", 60, {})])
    G = nx.MultiDiGraph(**H.graph)
    G.add_nodes_from(H.nodes(data=True))
    for n, (u, v, d) in enumerate(H.edges(data=True)):
        G.add_edge(u, v, key=n, **d)
    assert best_route(G, "o", "t", "distance", avoid_links=["short"]).distance_km == 120
    # the admission rule of the other searches, and of the constrained view
    front = pareto_front(G, "o", "t", ("distance", "crossings"), avoid_links=["short"])
    assert [r.distance_km for r in front] == [120]
    view = constrained_view(G, avoid_links=["short"])
    assert sorted(d["link_id"] for *_, d in view.edges(data=True)) == [
        "long", "long", "m-t", "m-t", "o-m", "o-m"]
    # without a link_id attribute, the edge keys are the link ids
    K = nx.MultiDiGraph(**H.graph)
    K.add_nodes_from(H.nodes(data=True))
    for u, v, k, d in H.edges(keys=True, data=True):
        K.add_edge(u, v, key=k, **{a: x for a, x in d.items() if a != "link_id"})
    assert best_route(K, "o", "t", "distance", avoid_links=["short"]).distance_km == 120
    # a link closed for the winter (no link_id either) is left out on a winter date
    K["o"]["t"]["short"]["seasons"] = K["t"]["o"]["short"]["seasons"] = (
        Season((4, 1), (11, 30), "fixed", None, None, ()),)
    assert best_route(K, "o", "t", "distance", date="2026-07-01").distance_km == 100
    assert best_route(K, "o", "t", "distance", date="2026-01-15").distance_km == 120
    # (and the networkx weight takes the long parallel link instead of the short one)
    free, avoiding = constrained_weight(K, "distance"), constrained_weight(
        K, "distance", avoid_links=["short"])
    assert avoiding("o", "t", K["o"]["t"]) == pytest.approx(1.3 * free("o", "t", K["o"]["t"]))
    with pytest.raises(ConstraintError, match="unknown link id"):
        best_route(G, "o", "t", "distance", avoid_links=["0"])


# --- warnings and no-route explanations --------------------------------------------------------
def test_a_closed_link_nearby_is_named_with_its_year():
    G = network({"a": ("KZ", None), "b": ("KZ", None), "c": ("KZ", None)},
                [("a-b", "a", "b", "road", 80, {}), ("b-c", "b", "c", "road", 80, {}),
                 ("a-c", "a", "c", "road", 100, {"status": "closed", "status_year": "2022"})])
    r = best_route(G, "a", "c", "distance")
    assert r.distance_km == 160
    assert any(w.startswith("closed nearby: A–C (road) is closed since 2022; with it open")
               for w in r.warnings), r.warnings


def test_a_closed_crossing_nearby_is_named_with_its_year(G):
    # Dushanbe -> Karachi: with the Afghan-Pakistani border open, the route would be shorter
    r = best_route(G, "dushanbe", "karachi", "time")
    assert any(re.fullmatch(r"closed nearby: Spin Boldak-Chaman \(Friendship Gate\) crossing "
                            r"is closed since 2025; with it open the best route would change "
                            r"by -[0-9,]+ h and -[0-9,]+ USD/TEU", w) for w in r.warnings)


def test_a_place_passed_twice_for_a_via_is_named():
    G = network({"o": ("KZ", None), "m": ("KZ", None), "v": ("KZ", None), "t": ("KZ", None)},
                [("o-m", "o", "m", "road", 50, {}), ("m-v", "m", "v", "road", 40, {}),
                 ("m-t", "m", "t", "road", 60, {})])
    r = best_route(G, "o", "t", "distance", via=["v"])
    assert r.distance_km == 190
    assert "passes M twice to reach the vias (v)" in r.warnings, r.warnings


def test_no_route_names_an_avoided_item_not_its_whole_list_and_goes_on():
    # p blocks the only open route; q is avoided too but blocks nothing; the planned link
    # o-t would also do. The whole list [p, q] is not named (p alone is to blame), and the
    # planned link is still found after it.
    G = network({"o": ("KZ", None), "p": ("KZ", None), "t": ("KZ", None), "q": ("KZ", None)},
                [("o-p", "o", "p", "road", 10, {}), ("p-t", "p", "t", "road", 10, {}),
                 ("o-t", "o", "t", "road", 50, {"status": "planned"}),
                 ("o-q", "o", "q", "road", 10, {})])
    with pytest.raises(NoRouteError) as info:
        best_route(G, "o", "t", avoid_places=["p", "q"])
    assert info.value.blocking == [
        "avoid_places=['p']", "the restriction to operational links (include_planned=True)"]
    # the same with place ids that hold '=' (a network built by hand may have them)
    H = nx.relabel_nodes(G, {"p": "p=1", "q": "q=2"})
    with pytest.raises(NoRouteError) as info:
        best_route(H, "o", "t", avoid_places=["p=1", "q=2"])
    assert info.value.blocking == [
        "avoid_places=['p=1']", "the restriction to operational links (include_planned=True)"]
