"""Routing searches against brute force over every simple path, on random small networks."""

from __future__ import annotations

import copy

import networkx as nx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from routing_brute import Rules, best, close, nondominated, paths, scored, signature, vector

from corridors.errors import ConstraintError, NoRouteError, UnknownPlaceError
from corridors.routing import (
    alternatives,
    best_route,
    compare_corridors,
    constrained_view,
    constrained_weight,
    od_matrix,
    pareto_front,
)
from corridors.routing.shortest import dijkstra
from corridors.scoring import resolve_objective, score_path
from corridors.synthetic import random_network, tiny_network

OBJECTIVES = ["distance", "crossings", "time", "cost", "score", "balanced"]
SETTINGS = settings(deadline=None, max_examples=150,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def networks(draw, min_places=3, max_places=7):
    n = draw(st.integers(min_places, max_places))
    seed = draw(st.integers(0, 10**6))
    return random_network(
        n, seed=seed, n_countries=draw(st.integers(1, 3)), p_extra=0.6, p_planned=0.15,
        p_closed=0.1, parallel_share=0.4, port_share=0.35, p_one_way=0.1, n_corridors=1)


@st.composite
def cases(draw, constrained=True):
    G = draw(networks())
    nodes = sorted(G)
    o = draw(st.sampled_from(nodes))
    t = draw(st.sampled_from(nodes))
    rules = Rules()
    if constrained:
        countries = sorted({c for _, c in G.nodes(data="country")})
        crossings = sorted(G.graph["crossings"])
        links = sorted({d["link_id"] for *_, d in G.edges(data=True)})
        rules = Rules(
            modes=draw(st.one_of(st.none(), st.sets(st.sampled_from(["road", "rail", "sea"]),
                                                     min_size=1).map(frozenset))),
            avoid_countries=tuple(draw(st.lists(st.sampled_from(countries), max_size=1,
                                                unique=True))),
            avoid_crossings=tuple(draw(st.lists(st.sampled_from(crossings), max_size=1,
                                                unique=True))) if crossings else (),
            avoid_links=tuple(draw(st.lists(st.sampled_from(links), max_size=1,
                                            unique=True))) if links else (),
            max_crossings=draw(st.one_of(st.none(), st.integers(0, 2))),
            include_planned=draw(st.booleans()),
        )
    return G, o, t, rules


def _edges_ok(G, route, rules):
    from routing_brute import edge_ok

    return all(edge_ok(G, u, v, k, rules) for u, v, k in route.edges)


# --- best route ---------------------------------------------------------------------------

@SETTINGS
@given(case=cases(), objective=st.sampled_from(OBJECTIVES))
def test_best_route_equals_brute_force(case, objective):
    G, o, t, rules = case
    ref = best(G, [o], [t], objective, rules)
    if ref is None:
        with pytest.raises(NoRouteError):
            best_route(G, o, t, objective, **rules.kwargs())
        return
    r = best_route(G, o, t, objective, **rules.kwargs())
    assert close(r.score, ref.score)
    assert r.origin == o and r.destination == t
    assert _edges_ok(G, r, rules)
    if rules.max_crossings is not None:
        assert r.crossings <= rules.max_crossings
    # the route's numbers are exactly what scoring.py says about its path
    s = score_path(G, r.edges, objective)
    assert (s.distance_km, s.time_h, s.cost_usd, s.crossings, s.score) == (
        r.distance_km, r.time_h, r.cost_usd, r.crossings, r.score)


@SETTINGS
@given(case=cases(constrained=False), objective=st.sampled_from(OBJECTIVES))
def test_weight_callable_agrees_with_networkx_dijkstra(case, objective):
    G, o, t, _ = case
    w = constrained_weight(G, objective)
    try:
        expected = nx.dijkstra_path_length(G, o, t, weight=w)
    except nx.NetworkXNoPath:
        with pytest.raises(NoRouteError):
            best_route(G, o, t, objective)
        return
    assert close(best_route(G, o, t, objective).score, expected)
    # the view gives the same answer with the unconstrained objective on the admitted edges
    view = constrained_view(G)
    assert close(nx.dijkstra_path_length(view, o, t, weight=constrained_weight(view, objective)),
                 expected)


@SETTINGS
@given(case=cases(), objective=st.sampled_from(["distance", "time", "score"]))
def test_via_is_exact_layered_search(case, objective):
    G, o, t, rules = case
    rules = Rules(modes=rules.modes, include_planned=rules.include_planned)
    via = sorted(G)[len(G) // 2]
    a = best(G, [o], [via], objective, rules)
    b = best(G, [via], [t], objective, rules)
    if a is None or b is None:
        with pytest.raises(NoRouteError):
            best_route(G, o, t, objective, via=[via], **rules.kwargs())
        return
    r = best_route(G, o, t, objective, via=[via], **rules.kwargs())
    assert via in r.nodes
    assert close(r.score, a.score + b.score)


@SETTINGS
@given(case=cases(), objective=st.sampled_from(["distance", "time", "score"]),
       limit=st.integers(0, 3))
def test_via_with_max_crossings_is_exact(case, objective, limit):
    G, o, t, rules = case
    rules = Rules(include_planned=rules.include_planned)
    via = sorted(G)[-1]
    first = scored(G, paths(G, [o], [via], rules), objective, rules)
    second = scored(G, paths(G, [via], [t], rules), objective, rules)
    sums = [a.score + b.score for a in first for b in second
            if a.crossings + b.crossings <= limit]
    kwargs = {**rules.kwargs(), "max_crossings": limit}
    if not sums:
        with pytest.raises(NoRouteError):
            best_route(G, o, t, objective, via=[via], **kwargs)
        return
    r = best_route(G, o, t, objective, via=[via], **kwargs)
    assert close(r.score, min(sums)) and r.crossings <= limit and via in r.nodes


@SETTINGS
@given(G=networks(), objective=st.sampled_from(OBJECTIVES), data=st.data())
def test_country_and_region_targets_take_the_best_member(G, objective, data):
    o = data.draw(st.sampled_from(sorted(G)))
    countries = sorted({c for _, c in G.nodes(data="country")})
    code = data.draw(st.sampled_from(countries))
    members = [n for n, c in G.nodes(data="country") if c == code]
    ref = best(G, [o], members, objective, Rules())
    if ref is None:
        with pytest.raises(NoRouteError):
            best_route(G, o, code, objective)
    else:
        r = best_route(G, o, code, objective)
        assert close(r.score, ref.score)
        assert G.nodes[r.destination]["country"] == code
    # origin as a country too (multi-source)
    ref2 = best(G, members, [o], objective, Rules())
    if ref2 is not None:
        assert close(best_route(G, code.lower(), o, objective).score, ref2.score)


@SETTINGS
@given(case=cases(), objective=st.sampled_from(OBJECTIVES))
def test_od_matrix_equals_best_routes(case, objective):
    G, _, _, rules = case
    nodes = sorted(G)[:4]
    m = od_matrix(G, nodes, nodes, objective, value="score", **rules.kwargs())
    for o in nodes:
        for t in nodes:
            ref = best(G, [o], [t], objective, rules)
            if ref is None:
                assert m.loc[o, t] != m.loc[o, t]  # NaN
            else:
                assert close(m.loc[o, t], ref.score)


# --- Pareto ---------------------------------------------------------------------------------

@SETTINGS
@given(case=cases(), criteria=st.sampled_from([
    ("distance", "crossings"), ("distance", "time"), ("time", "cost"),
    ("distance", "crossings", "time"), ("cost", "crossings"), ("score", "time", "cost")]))
def test_pareto_front_equals_brute_force(case, criteria):
    G, o, t, rules = case
    attrs = tuple({"distance": "distance_km", "time": "time_h", "cost": "cost_usd"}.get(c, c)
                  for c in criteria)
    ss = scored(G, paths(G, [o], [t], rules), "score", rules)
    if not ss:
        with pytest.raises(NoRouteError):
            pareto_front(G, o, t, criteria, **rules.kwargs())
        return
    expected = nondominated(vector(s, attrs) for s in ss)
    front = pareto_front(G, o, t, criteria, **rules.kwargs())
    got = [vector(r, attrs) for r in front]
    assert got == sorted(got)
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert all(close(x, y) for x, y in zip(a, b, strict=True))
    for r in front:
        assert _edges_ok(G, r, rules)


# --- alternatives ---------------------------------------------------------------------------

@SETTINGS
@given(case=cases(), objective=st.sampled_from(OBJECTIVES), k=st.integers(1, 4))
def test_alternatives_are_best_per_corridor_in_score_order(case, objective, k):
    G, o, t, rules = case
    assume(o != t)
    ss = scored(G, paths(G, [o], [t], rules), objective, rules)
    if not ss:
        with pytest.raises(NoRouteError):
            alternatives(G, o, t, k, objective, **rules.kwargs())
        return
    by_sig: dict = {}
    for s in ss:
        sig = signature(G, list(s.edges))
        if sig not in by_sig or s.score < by_sig[sig]:
            by_sig[sig] = s.score
    expected = sorted(by_sig.values())[:k]
    routes = alternatives(G, o, t, k, objective, **rules.kwargs())
    sigs = [r.signature for r in routes]
    assert len(set(sigs)) == len(sigs)
    assert len(routes) == len(expected)
    assert all(close(r.score, e) for r, e in zip(routes, expected, strict=True))
    for r in routes:
        assert close(r.score, by_sig[r.signature])  # the best route of its corridor
        assert _edges_ok(G, r, rules)
        assert len(set(r.nodes)) == len(r.nodes)


# --- honest failures ------------------------------------------------------------------------

@SETTINGS
@given(case=cases())
def test_no_route_error_names_exactly_the_blocking_constraints(case):
    G, o, t, rules = case
    assume(best(G, [o], [t], "score", rules) is None)
    with pytest.raises(NoRouteError) as info:
        best_route(G, o, t, **rules.kwargs())
    blocking = set(info.value.blocking)
    checks = {}
    if rules.modes is not None:
        checks[f"modes={sorted(rules.modes)!r}"] = Rules(**{**rules.__dict__, "modes": None})
    for name in ("avoid_countries", "avoid_crossings", "avoid_links"):
        items = getattr(rules, name)
        if items:
            checks[f"{name}={list(items)!r}"] = Rules(**{**rules.__dict__, name: ()})
    if rules.max_crossings is not None:
        checks[f"max_crossings={rules.max_crossings}"] = Rules(
            **{**rules.__dict__, "max_crossings": None})
    if not rules.include_planned:
        checks["include_planned=False"] = Rules(**{**rules.__dict__, "include_planned": True})
    for label, relaxed in checks.items():
        assert (label in blocking) == (best(G, [o], [t], "score", relaxed) is not None), label


def test_no_route_error_message_on_tiny_network():
    G = tiny_network()
    with pytest.raises(NoRouteError) as info:
        best_route(G, "a1", "c2", avoid_countries=["BB"])
    assert info.value.blocking == ["avoid_countries=['BB']", "include_planned=False"]
    assert "reachable without avoid_countries=['BB']" in str(info.value)
    with pytest.raises(NoRouteError) as info:
        best_route(G, "a1", "b2", modes=["sea"])
    assert info.value.blocking == ["modes=['sea']"]


def test_errors_for_bad_input():
    G = tiny_network()
    with pytest.raises(UnknownPlaceError) as info:
        best_route(G, "Alpah", "c2")
    assert "Alpha" in str(info.value)
    with pytest.raises(ConstraintError):
        best_route(G, "a1", "c2", modes=["air"])
    with pytest.raises(ConstraintError):
        best_route(G, "a1", "c2", avoid_countries=["Bravo"])
    with pytest.raises(ConstraintError):
        best_route(G, "a1", "c2", avoid_crossings=["nope"])
    with pytest.raises(ConstraintError):
        best_route(G, "a1", "c2", avoid_links=["nope"])
    with pytest.raises(ConstraintError):
        best_route(G, "a1", "c2", max_crossings=-1)
    with pytest.raises(ConstraintError):
        best_route(G, "a1", "c2", "fastest-ish")
    with pytest.raises(ConstraintError):
        pareto_front(G, "a1", "c2", ("distance", "beauty"))
    with pytest.raises(ConstraintError):
        alternatives(G, "a1", "c2", 0)
    with pytest.raises(NoRouteError, match="gateway"):
        best_route(G, "a1", "middle_east")


# --- places, determinism, purity ------------------------------------------------------------

def test_place_forms_on_tiny_network():
    G = tiny_network()
    assert best_route(G, "Alfa", "Charlie").nodes == best_route(G, "a1", "c2").nodes
    r = best_route(G, (45.1, 60.05), "europe", "distance")
    assert r.origin == "a1" and r.destination == "c2"
    assert 10 < r.origin_access_km < 13  # 0.1 deg of latitude and a little longitude
    assert r.destination_access_km == 0
    r = best_route(G, "a1", "BB", "distance")
    assert r.destination == "b1" and r.crossings == 1
    r = best_route(G, "AA", "caucasus", "distance")
    assert (r.origin, r.destination, r.distance_km) == ("a2", "b2", 250.0)
    with pytest.raises(ConstraintError):
        best_route(G, (95.0, 10.0), "c2")


def test_via_sets_and_crossing_names():
    G = tiny_network()
    r = best_route(G, "a1", "b2", "distance", via=["b1", "a2"])  # legs may go back
    assert r.nodes == ["a1", "a2", "b1", "a2", "b1", "b2"]
    r = best_route(G, "a1", "b2", avoid_crossings=["Alpha-Bravo road"])
    assert [x.id for x in r.border_crossings] == ["x-ab-rail"]
    r = best_route(G, "a1", "c2", "distance", include_planned=True)
    assert r.edges == [("a1", "c2", "a1-c2-road")] and r.planned_share == 1.0
    r = best_route(G, "a1", "c2", "distance", include_planned=True, max_crossings=1)
    assert r.crossings == 1


def test_deterministic_and_input_not_mutated():
    G = random_network(60, seed=3)
    before = copy.deepcopy((list(G.nodes(data=True)), list(G.edges(keys=True, data=True)),
                            G.graph))
    a = [best_route(G, "p0", "p59", obj) for obj in OBJECTIVES]
    alternatives(G, "p0", "p59", 3)
    pareto_front(G, "p0", "p59", ("distance", "crossings", "time"))
    od_matrix(G, ["p0", "p1"], ["p58", "europe"])
    compare_corridors(G, "p0", "p59")
    b = [best_route(G, "p0", "p59", obj) for obj in OBJECTIVES]
    assert [r.edges for r in a] == [r.edges for r in b]
    assert (list(G.nodes(data=True)), list(G.edges(keys=True, data=True)), G.graph) == before


def test_dijkstra_reverse_equals_forward():
    G = random_network(80, seed=5)
    w = constrained_weight(G, "time")
    fwd, _, _ = dijkstra(G, w.best, {"p0": 0.0})
    for n in list(fwd)[::7]:
        back, _, _ = dijkstra(G, w.best, {n: 0.0}, {"p0"}, stop="first", reverse=True)
        assert close(back["p0"], fwd[n])


def test_profiles_are_consistent():
    G = random_network(80, seed=11)
    r_fast = best_route(G, "p0", "p79", "time")
    r_cheap = best_route(G, "p0", "p79", "cost")
    r_short = best_route(G, "p0", "p79", "distance")
    r_few = best_route(G, "p0", "p79", "crossings")
    assert r_fast.time_h <= min(r.time_h for r in (r_cheap, r_short, r_few)) + 1e-9
    assert r_cheap.cost_usd <= min(r.cost_usd for r in (r_fast, r_short, r_few)) + 1e-9
    assert r_short.distance_km <= min(r.distance_km for r in (r_fast, r_cheap, r_few)) + 1e-9
    assert r_few.crossings <= min(r.crossings for r in (r_fast, r_cheap, r_short))
    assert resolve_objective("crossings").name == "fewest_crossings"


# --- corridors ------------------------------------------------------------------------------

def test_compare_corridors_tiny():
    G = tiny_network()
    routes = compare_corridors(G, "a2", "c2", "distance")
    assert [r.corridor for r in routes] == [None, "SC"]
    # a2 lies beside the corridor past a1: no backtracking to a1
    assert "a1" not in routes[1].nodes
    routes = compare_corridors(G, "c2", "a1", "distance")  # the other way along the corridor
    sc = routes[1]
    assert [n for n in sc.nodes if n in ("a1", "b2", "b3", "c1", "c2")] == \
        ["c2", "c1", "b3", "b2", "a1"]
    table = routes.table()
    assert list(table["corridor"].fillna("free")) == ["free", "SC"]


@settings(deadline=None, max_examples=25)
@given(G=networks(5, 9), data=st.data())
def test_compare_corridors_routes_pass_waypoints_in_order(G, data):
    o = data.draw(st.sampled_from(sorted(G)))
    t = data.draw(st.sampled_from(sorted(G)))
    try:
        routes = compare_corridors(G, o, t)
    except NoRouteError:
        assert best(G, [o], [t], "score", Rules()) is None
        return
    assert routes[0].corridor is None
    assert close(routes[0].score, best(G, [o], [t], "score", Rules()).score)
    labels = {c.label: c for c in G.graph["corridors"].values()}
    for r in routes[1:]:
        assert r.score >= routes[0].score - 1e-9
        wps = labels[r.corridor].waypoints
        seen = [n for n in r.nodes if n in wps]
        assert len(set(seen)) >= 2
