"""Routing searches against brute force over every simple path, on random small networks.

Changes of mode cost a transfer (corridors.scoring), so the searches run over (place, arrival
mode) states while the brute force scores simple paths only. The random networks mix road,
rail and sea (parallel road/rail links, ports) and every property test draws a cost model:
the default transfer (12 h / 100 USD, 100 km in the score), none at all, or a large one
(150 h / 3000 USD), and the objectives include weights with a 2000 km transfer penalty.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import timedelta

import networkx as nx
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from routing_brute import (
    Rules,
    SearchTimeout,
    best,
    best_through,
    close,
    is_route,
    nondominated,
    paths,
    scored,
    time_limit,
    vector,
)

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
from corridors.routing.alternatives import SINK, SOURCE, state_graph
from corridors.routing.shortest import dijkstra, place_scores
from corridors.scoring import CostModel, ScoreWeights, resolve_objective, score_path
from corridors.synthetic import random_network, tiny_network

TRANSFER_HEAVY = ScoreWeights(km=1.0, crossing_penalty_km=50.0, hours_km=0.5,
                              transfer_penalty_km=2000.0, name="transfer_heavy")
OBJECTIVES = ["distance", "crossings", "time", "cost", "score", "balanced", "co2e",
              "generalized_co2", TRANSFER_HEAVY]
NO_TRANSFER = CostModel(transfer_h=0, transfer_usd=0, handling_kg_co2e=0)
BIG_TRANSFER = CostModel(transfer_h=150, transfer_usd=3000, handling_kg_co2e=500, payload_t=20)
COST_MODELS = st.sampled_from([None, NO_TRANSFER, BIG_TRANSFER])
#: the named objectives, or random weights with a random transfer penalty (all other weights
#: zero gives "fewest transfers", with ties everywhere)
ANY_OBJECTIVE = st.one_of(st.sampled_from(OBJECTIVES), st.builds(
    ScoreWeights, km=st.sampled_from([0.0, 1.0]), crossing_penalty_km=st.sampled_from([0.0, 250.0]),
    hours_km=st.sampled_from([0.0, 1.0, 42.0]), usd_km=st.sampled_from([0.0, 0.5]),
    transfer_penalty_km=st.floats(0.0, 5000.0), name=st.just("random"),
    co2e_km=st.sampled_from([0.0, 0.0, 0.1, 3.0])))
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
@given(case=cases(), objective=ANY_OBJECTIVE, cm=COST_MODELS)
def test_best_route_equals_brute_force(case, objective, cm):
    G, o, t, rules = case
    ref = best(G, [o], [t], objective, rules, cm)
    if ref is None:
        with pytest.raises(NoRouteError):
            best_route(G, o, t, objective, **rules.kwargs(), cost_model=cm)
        return
    r = best_route(G, o, t, objective, **rules.kwargs(), cost_model=cm)
    assert close(r.score, ref.score)
    assert r.origin == o and r.destination == t
    assert _edges_ok(G, r, rules)
    assert is_route(G, list(r.edges))  # no state twice, changes only at terminals
    if rules.max_crossings is not None:
        assert r.crossings <= rules.max_crossings
    # the route's numbers are exactly what scoring.py says about its path
    s = score_path(G, r.edges, objective, cost_model=cm)
    assert (s.distance_km, s.time_h, s.cost_usd, s.crossings, s.score, s.transfers) == (
        r.distance_km, r.time_h, r.cost_usd, r.crossings, r.score, r.transfers)
    assert sum(leg.time_h for leg in r.legs) == r.time_h  # legs add up, transfers included


@SETTINGS
@given(case=cases(constrained=False), objective=st.sampled_from(OBJECTIVES), cm=COST_MODELS)
def test_weight_callable_agrees_with_networkx_dijkstra(case, objective, cm):
    G, o, t, _ = case
    w = constrained_weight(G, objective, cost_model=cm)
    # Transfers depend on two consecutive edges, which a networkx weight callable never sees:
    # networkx's own Dijkstra on the (place, arrival class) state graph is the oracle for the
    # terminal-aware score, and the plain callable is the oracle where every place is a free
    # terminal for every mode (then any change is allowed and costs nothing).
    H = state_graph(w, [o], [t])
    try:
        expected = nx.dijkstra_path_length(H, SOURCE, SINK, weight="weight")
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        with pytest.raises(NoRouteError):
            best_route(G, o, t, objective, cost_model=cm)
        return
    assert close(best_route(G, o, t, objective, cost_model=cm).score, expected)
    plain = nx.dijkstra_path_length(G, o, t, weight=w)
    free = replace(resolve_objective(objective), transfer_penalty_km=0.0)
    everywhere = copy.deepcopy(G)
    for n in everywhere:
        old = everywhere.nodes[n].get("transshipment") or {}
        everywhere.nodes[n]["transshipment"] = {**old, "modes": ("road", "rail", "sea"),
                                                "handling_h": 0.0, "handling_usd": 0.0,
                                                "handling_kg_co2e": 0.0}
    free_cm = replace(cm or CostModel(), transfer_h=0.0, transfer_usd=0.0, handling_kg_co2e=0.0)
    assert close(best_route(everywhere, o, t, free, cost_model=free_cm).score, plain)
    assert plain <= expected + 1e-9  # transfers and terminals only add
    # the view gives the same answer with the unconstrained objective on the admitted edges
    view = constrained_view(G)
    assert close(nx.dijkstra_path_length(view, o, t, weight=constrained_weight(
        view, objective, cost_model=cm)), plain)
    Hv = state_graph(constrained_weight(view, objective, cost_model=cm), [o], [t])
    assert close(nx.dijkstra_path_length(Hv, SOURCE, SINK, weight="weight"), expected)


@SETTINGS
@given(case=cases(), objective=st.sampled_from(["distance", "time", "score", TRANSFER_HEAVY]),
       cm=COST_MODELS)
def test_via_is_exact_layered_search(case, objective, cm):
    G, o, t, rules = case
    rules = Rules(modes=rules.modes, include_planned=rules.include_planned)
    via = sorted(G)[len(G) // 2]
    first = scored(G, paths(G, [o], [via], rules), objective, rules, o, cm)
    second = scored(G, paths(G, [via], [t], rules), objective, rules, via, cm)
    if not first or not second:
        with pytest.raises(NoRouteError):
            best_route(G, o, t, objective, via=[via], **rules.kwargs(), cost_model=cm)
        return
    # The two legs are no longer independent: a change of mode at the via costs a transfer,
    # so the reference is the best concatenation scored as one path (without transfers it is
    # still the sum of the two best legs, checked below).
    ref = best_through(G, first, second, objective, cm, via=via)
    if ref is None:  # both legs exist, but the via has no terminal for the change they need
        with pytest.raises(NoRouteError):
            best_route(G, o, t, objective, via=[via], **rules.kwargs(), cost_model=cm)
        return
    r = best_route(G, o, t, objective, via=[via], **rules.kwargs(), cost_model=cm)
    assert via in r.nodes
    assert close(r.score, ref.score)
    # the two best legs are a lower bound (equal where the via allows the change they need)
    assert r.score >= min(s.score for s in first) + min(s.score for s in second) - 1e-6


@SETTINGS
@given(case=cases(), objective=st.sampled_from(["distance", "time", "score", TRANSFER_HEAVY]),
       limit=st.integers(0, 3), cm=COST_MODELS)
def test_via_with_max_crossings_is_exact(case, objective, limit, cm):
    G, o, t, rules = case
    rules = Rules(include_planned=rules.include_planned)
    via = sorted(G)[-1]
    first = scored(G, paths(G, [o], [via], rules), objective, rules, o, cm)
    second = scored(G, paths(G, [via], [t], rules), objective, rules, via, cm)
    # best concatenation with at most `limit` crossings, the transfer at the via included
    ref = best_through(G, first, second, objective, cm, limit=limit, via=via)
    kwargs = {**rules.kwargs(), "max_crossings": limit}
    if ref is None:
        with pytest.raises(NoRouteError):
            best_route(G, o, t, objective, via=[via], **kwargs, cost_model=cm)
        return
    r = best_route(G, o, t, objective, via=[via], **kwargs, cost_model=cm)
    assert close(r.score, ref.score) and r.crossings <= limit and via in r.nodes


@SETTINGS
@given(G=networks(), objective=st.sampled_from(OBJECTIVES), data=st.data(), cm=COST_MODELS)
def test_country_and_region_targets_take_the_best_member(G, objective, data, cm):
    o = data.draw(st.sampled_from(sorted(G)))
    countries = sorted({c for _, c in G.nodes(data="country")})
    code = data.draw(st.sampled_from(countries))
    members = [n for n, c in G.nodes(data="country") if c == code]
    ref = best(G, [o], members, objective, Rules(), cm)
    if ref is None:
        with pytest.raises(NoRouteError):
            best_route(G, o, code, objective, cost_model=cm)
    else:
        r = best_route(G, o, code, objective, cost_model=cm)
        assert close(r.score, ref.score)
        assert G.nodes[r.destination]["country"] == code
    # origin as a country too (multi-source)
    ref2 = best(G, members, [o], objective, Rules(), cm)
    if ref2 is not None:
        assert close(best_route(G, code.lower(), o, objective, cost_model=cm).score, ref2.score)
    # a country as a via set: the best concatenation through any member
    t = data.draw(st.sampled_from(sorted(G)))
    through = [best_through(G, scored(G, paths(G, [o], [m], Rules()), objective, Rules(), o, cm),
                            scored(G, paths(G, [m], [t], Rules()), objective, Rules(), m, cm),
                            objective, cm, via=m) for m in members]
    through = [x for x in through if x is not None]
    if not through:
        with pytest.raises(NoRouteError):
            best_route(G, o, t, objective, via=code, cost_model=cm)
    else:
        r = best_route(G, o, t, objective, via=code, cost_model=cm)
        assert close(r.score, min(x.score for x in through))


@SETTINGS
@given(case=cases(), objective=ANY_OBJECTIVE, cm=COST_MODELS)
def test_od_matrix_equals_best_routes(case, objective, cm):
    G, _, _, rules = case
    nodes = sorted(G)[:4]
    m = od_matrix(G, nodes, nodes, objective, value="score", **rules.kwargs(), cost_model=cm)
    for o in nodes:
        for t in nodes:
            ref = best(G, [o], [t], objective, rules, cm)
            if ref is None:
                assert m.loc[o, t] != m.loc[o, t]  # NaN
            else:
                assert close(m.loc[o, t], ref.score)


# --- Pareto ---------------------------------------------------------------------------------

#: Most members of a brute-force front the Pareto property draws (larger ones are not drawn),
#: and the wall-clock limit of one Pareto search on these networks (they take milliseconds):
#: a dominance bug makes the search run for ever, and must fail in seconds instead.
FRONT_MAX = 8
PARETO_SECONDS = 3.0


@settings(deadline=timedelta(seconds=4), max_examples=150,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
          # no shrinking: a search that hangs would make every shrink step wait for the limit
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(case=cases(), criteria=st.sampled_from([
    ("distance", "crossings"), ("distance", "time"), ("time", "cost"),
    ("distance", "crossings", "time"), ("cost", "crossings"), ("score", "time", "cost"),
    ("distance", "transfers"), ("time", "transfers", "cost"), ("time", "co2e"),
    ("co2e", "cost", "crossings")]),
    objective=st.sampled_from(["score", TRANSFER_HEAVY]), cm=COST_MODELS)
def test_pareto_front_equals_brute_force(case, criteria, objective, cm):
    G, o, t, rules = case
    attrs = tuple({"distance": "distance_km", "time": "time_h", "cost": "cost_usd",
                   "co2e": "co2e_kg"}.get(c, c)
                  for c in criteria)
    ss = scored(G, paths(G, [o], [t], rules), objective, rules, cost_model=cm)
    kwargs = {**rules.kwargs(), "objective": objective, "cost_model": cm}
    if not ss:
        with pytest.raises(NoRouteError), time_limit(PARETO_SECONDS, "pareto_front"):
            pareto_front(G, o, t, criteria, **kwargs)
        return
    expected = nondominated((vector(s, attrs) for s in ss), at_most=FRONT_MAX)
    assume(len(expected) <= FRONT_MAX)
    try:
        with time_limit(PARETO_SECONDS, "pareto_front"):
            front = pareto_front(G, o, t, criteria, **kwargs)
    except SearchTimeout as exc:
        pytest.fail(f"{exc} on a network of {len(G)} places with a front of "
                    f"{len(expected)}: dominance is broken")
    got = [vector(r, attrs) for r in front]
    assert got == sorted(got)
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert all(close(x, y) for x, y in zip(a, b, strict=True))
    for r in front:
        assert _edges_ok(G, r, rules)
        assert is_route(G, list(r.edges))


# --- alternatives ---------------------------------------------------------------------------

@SETTINGS
@given(case=cases(), objective=ANY_OBJECTIVE, k=st.integers(1, 4), cm=COST_MODELS)
def test_alternatives_are_best_per_corridor_in_score_order(case, objective, k, cm):
    G, o, t, rules = case
    assume(o != t)
    ss = scored(G, paths(G, [o], [t], rules), objective, rules, cost_model=cm)
    if not ss:
        with pytest.raises(NoRouteError):
            alternatives(G, o, t, k, objective, **rules.kwargs(), cost_model=cm)
        return
    # a corridor is the sequence of borders crossed (country pairs, by land or sea); after the
    # overall best route, a corridor that leaves a country and comes back is not offered
    def key(path):
        out = []
        for u, v, kk in path:
            d = G[u][v][kk]
            if d.get("crossing"):
                sea = "~" if d["mode"] == "sea" else ""
                out.append((G.nodes[u]["country"], G.nodes[v]["country"] + sea))
        return tuple(out)

    def back(kk):
        seen = set()
        for a, b in kk:
            seen.add(a)
            if b.rstrip("~") in seen:
                return True
        return False

    by_key: dict = {}
    for s in ss:
        kk = key(list(s.edges))
        if kk not in by_key or s.score < by_key[kk]:
            by_key[kk] = s.score
    first = min(by_key, key=by_key.get)
    rest = sorted(v for kk, v in by_key.items() if kk != first and not back(kk))
    expected = [by_key[first], *rest][:k]
    routes = alternatives(G, o, t, k, objective, **rules.kwargs(), cost_model=cm)
    keys = [key(r.edges) for r in routes]
    assert len(set(keys)) == len(keys)
    assert len(routes) == len(expected)
    assert all(close(r.score, e) for r, e in zip(routes, expected, strict=True))
    for r in routes:
        assert close(r.score, by_key[key(r.edges)])  # the best route of its corridor
        assert _edges_ok(G, r, rules)
        assert is_route(G, list(r.edges))


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
    whole_lists = {}
    for name in ("avoid_countries", "avoid_crossings", "avoid_links"):
        items = getattr(rules, name)
        if len(items) > 1:
            for item in items:
                rest = tuple(x for x in items if x != item)
                checks[f"{name}={[item]!r}"] = Rules(**{**rules.__dict__, name: rest})
        if items:
            label = f"{name}={list(items)!r}"
            checks[label] = Rules(**{**rules.__dict__, name: ()})
            if len(items) > 1:
                whole_lists[label] = [f"{name}={[item]!r}" for item in items]
    if rules.max_crossings is not None:
        checks[f"max_crossings={rules.max_crossings}"] = Rules(
            **{**rules.__dict__, "max_crossings": None})
    if not rules.include_planned:
        checks["the restriction to operational links (include_planned=True)"] = Rules(
            **{**rules.__dict__, "include_planned": True})
    feasible = {label: best(G, [o], [t], "score", relaxed) is not None
                for label, relaxed in checks.items()}
    for label, ok in feasible.items():
        # dropping a whole list is named only when no single item of it is to blame alone
        expected = ok and not any(feasible[single] for single in whole_lists.get(label, ()))
        assert (label in blocking) == expected, label


def test_no_route_error_message_on_tiny_network():
    G = tiny_network()
    with pytest.raises(NoRouteError) as info:
        best_route(G, "a1", "c2", avoid_countries=["BB"])
    assert info.value.blocking == ["avoid_countries=['BB']",
                                   "the restriction to operational links (include_planned=True)"]
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
    with time_limit(10 * PARETO_SECONDS, "pareto_front"):  # milliseconds unless dominance breaks
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
    reach = place_scores(G, constrained_weight(G, "distance"), ["p0"])
    far = max(reach, key=reach.get)  # the farthest place a container can reach from p0
    assert reach[far] > 2000
    r_fast = best_route(G, "p0", far, "time")
    r_cheap = best_route(G, "p0", far, "cost")
    r_short = best_route(G, "p0", far, "distance")
    r_few = best_route(G, "p0", far, "crossings")
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
    sc = routes[1]
    # the corridor is the ferry x-bc-sea from the port b3; a2 reaches it by road
    assert "x-bc-sea" in [x.id for x in sc.border_crossings] and "b3" in sc.nodes
    routes = compare_corridors(G, "c2", "a1", "distance")  # the other way along the corridor
    sc = routes[1]
    assert [n for n in sc.nodes if n in ("a1", "b2", "b3", "c1", "c2")] == \
        ["c2", "c1", "b3", "b2", "a1"]
    table = routes.table()
    assert list(table["corridor"].fillna("free")) == ["free", "SC"]


@settings(deadline=None, max_examples=25)
@given(G=networks(5, 9), data=st.data())
def test_compare_corridors_follow_their_definition(G, data):
    from corridors.routing.named import follows

    o = data.draw(st.sampled_from(sorted(G)))
    t = data.draw(st.sampled_from(sorted(G)))
    try:
        routes = compare_corridors(G, o, t, "score", max_detour=None)
    except NoRouteError:
        assert best(G, [o], [t], "score", Rules()) is None
        return
    assert routes[0].corridor is None
    assert close(routes[0].score, best(G, [o], [t], "score", Rules()).score)
    by_label = {c.label: c for c in G.graph["corridors"].values()}
    for r in routes[1:]:
        assert r.score >= routes[0].score - 1e-9
        c = by_label[r.corridor]
        assert follows(G, r.edges, c)
        # no route that follows the corridor is better (the stages are exact)
        ok = [s.score for s in scored(G, paths(G, [o], [t], Rules()), "score", Rules())
              if follows(G, list(s.edges), c)]
        if ok:
            assert r.score <= min(ok) + 1e-6


# --- transfers --------------------------------------------------------------------------------

def _transfer_network():
    """A -road 100- B -rail 100- C and A -rail 130- D -rail 120- C, all in one country."""
    from corridors.synthetic import _graph, _link, _place

    G = _graph("transfer")
    _place(G, "A", "Aa", "AA", 45.0, 60.0)
    _place(G, "B", "Bb", "AA", 45.0, 61.0,
           transshipment={"type": "dry_port", "modes": ("road", "rail"), "dwell_h": None})
    _place(G, "C", "Cc", "AA", 45.0, 62.0)
    _place(G, "D", "Dd", "AA", 44.5, 61.0)
    _link(G, "ab-road", "A", "B", "road", 100)
    _link(G, "bc-rail", "B", "C", "rail", 100, gauge_mm=(1520,))
    _link(G, "ad-rail", "A", "D", "rail", 130, gauge_mm=(1520,))
    _link(G, "dc-rail", "D", "C", "rail", 120, gauge_mm=(1520,))
    return G


def test_a_transfer_changes_the_best_route():
    G = _transfer_network()
    mixed = [("A", "B", "ab-road"), ("B", "C", "bc-rail")]
    # distance ignores transfers: A-B-C, 200 km, with one road -> rail transfer at B
    r = best_route(G, "A", "C", "distance")
    assert r.nodes == ["A", "B", "C"] and r.distance_km == 200 and r.transfers == 1
    # the default score: 200 km + 100 km for the transfer = 300 > 250 km all by rail
    assert score_path(G, mixed).score == 300.0
    r = best_route(G, "A", "C", "score")
    assert r.nodes == ["A", "D", "C"] and r.score == 250.0 and r.transfers == 0
    # fastest: 100/42 + 100/53.9 + 12 h = 16.2 h against 250/53.9 = 4.6 h by rail ...
    r = best_route(G, "A", "C", "time")
    assert r.nodes == ["A", "D", "C"] and r.time_h == pytest.approx(250 / 53.9)
    # ... but 4.2 h without the transfer time
    r = best_route(G, "A", "C", "time", cost_model=NO_TRANSFER)
    assert r.nodes == ["A", "B", "C"] and r.time_h == pytest.approx(100 / 42 + 100 / 53.9)
    # cheapest: 189 + 160.8 + 100 USD = 449.8 against 250 * 1.608 = 402 USD ...
    r = best_route(G, "A", "C", "cost")
    assert r.nodes == ["A", "D", "C"] and r.cost_usd == pytest.approx(402.0)
    # ... but 349.8 USD without the transfer cost
    r = best_route(G, "A", "C", "cost", cost_model=CostModel(transfer_usd=0))
    assert r.nodes == ["A", "B", "C"] and r.cost_usd == pytest.approx(349.8)
    # the transfer belongs to the leg that starts after the change
    r = best_route(G, "A", "C", "distance")
    assert (r.legs[0].transfer_h, r.legs[1].transfer_h, r.legs[1].transfer_usd) == (0, 12, 100)
    assert r.legs[1].time_h == pytest.approx(100 / 53.9 + 12)
    assert r.time_h == pytest.approx(100 / 42 + 100 / 53.9 + 12) == r.to_frame()[
        "cum_time_h"].iloc[-1]
    assert [(t.place, t.from_mode, t.to_mode, t.time_h, t.cost_usd)
            for t in r.transshipments] == [("B", "road", "rail", 12.0, 100.0)]
    # every search sees the same transfer
    assert best_route(G, "A", "C", "score", max_crossings=0).nodes == ["A", "D", "C"]
    assert best_route(G, "A", "C", "score", via="B").score == 300.0
    assert od_matrix(G, ["A"], ["C"], "score").loc["A", "C"] == 250.0
    # one corridor
    assert [r.nodes for r in alternatives(G, "A", "C", 2, "score")] == [["A", "D", "C"]]
    with time_limit(PARETO_SECONDS, "pareto_front"):
        front = pareto_front(G, "A", "C", ("distance", "transfers"))
    assert [(r.distance_km, r.transfers) for r in front] == [(200.0, 1), (250.0, 0)]
    with time_limit(PARETO_SECONDS, "pareto_front"):
        front = pareto_front(G, "A", "C", ("distance", "time"), cost_model=BIG_TRANSFER)
    assert [r.nodes for r in front] == [["A", "B", "C"], ["A", "D", "C"]]
    assert front[0].time_h == pytest.approx(100 / 42 + 100 / 53.9 + 150)


def test_mode_changes_only_at_a_terminal_even_if_the_route_passes_a_place_twice():
    # J is a junction without a terminal where road and rail meet; T, 10 km beyond it, is a
    # dry port. A truck from A to J cannot put its container on the train at J: it drives on
    # to T, and the train runs back through J to C. That route passes J twice (by road, then
    # by rail) and is the best one; the all-road route is longer.
    from corridors.synthetic import _graph, _link, _place

    G = _graph("junction")
    _place(G, "A", "Aa", "AA", 45.0, 60.0)
    _place(G, "J", "Jj", "AA", 45.0, 61.0)
    _place(G, "T", "Tt", "AA", 45.1, 61.0,
           transshipment={"type": "dry_port", "modes": ("road", "rail"), "dwell_h": None})
    _place(G, "C", "Cc", "AA", 45.0, 65.0)
    _link(G, "aj-road", "A", "J", "road", 100)
    _link(G, "jt-road", "J", "T", "road", 12)
    _link(G, "tj-rail", "T", "J", "rail", 12, gauge_mm=(1520,))
    _link(G, "jc-rail", "J", "C", "rail", 330, gauge_mm=(1520,))
    _link(G, "jc-road", "J", "C", "road", 2000)
    with pytest.raises(ConstraintError, match="no terminal"):
        score_path(G, [("A", "J", "aj-road"), ("J", "C", "jc-rail")])
    for obj in ("distance", "score", "time", TRANSFER_HEAVY):
        r = best_route(G, "A", "C", obj)
        assert close(r.score, best(G, ["A"], ["C"], obj, Rules()).score)
        assert is_route(G, list(r.edges))
    r = best_route(G, "A", "C", "distance")
    assert r.nodes == ["A", "J", "T", "J", "C"]
    assert [(t.place, t.from_mode, t.to_mode) for t in r.transshipments] == [
        ("T", "road", "rail")]
    with time_limit(PARETO_SECONDS, "pareto_front"):
        front = pareto_front(G, "A", "C", ("distance", "transfers"))
    assert [(x.distance_km, x.transfers) for x in front] == [(454.0, 1), (2100.0, 0)]


def test_a_break_of_gauge_away_from_a_border_needs_a_rail_terminal():
    from corridors.synthetic import _graph, _link, _place

    G = _graph("gauge")
    _place(G, "A", "Aa", "AA", 45.0, 60.0)
    _place(G, "K", "Kk", "AA", 45.0, 61.0)
    _place(G, "C", "Cc", "AA", 45.0, 62.0)
    _link(G, "ak-rail", "A", "K", "rail", 100, gauge_mm=(1520,))
    _link(G, "kc-rail", "K", "C", "rail", 100, gauge_mm=(1435,))
    with pytest.raises(NoRouteError):
        best_route(G, "A", "C")
    G.nodes["K"]["transshipment"] = {"type": "gauge_change", "modes": ("rail",),
                                     "handling_h": 8.0, "handling_usd": 300.0}
    r = best_route(G, "A", "C", "time")
    assert r.transfers == 0 and len(r.gauge_breaks) == 1
    gb = r.gauge_breaks[0]
    assert (gb.place, gb.from_gauge_mm, gb.to_gauge_mm, gb.time_h, gb.cost_usd) == (
        "K", (1520,), (1435,), 8.0, 300.0)
    assert r.time_h == pytest.approx(200 / 53.9 + 8.0)
    assert r.cost_usd == pytest.approx(200 * 804 / 500 + 300.0)


def test_state_search_reverse_equals_forward():
    G = random_network(80, seed=5)
    for obj in ("time", "score"):
        w = constrained_weight(G, obj)
        fwd = place_scores(G, w, ["p0"])
        for n in list(fwd)[::7]:
            back = place_scores(G, w, [n], {"p0"}, stop="first", reverse=True)
            assert close(back["p0"], fwd[n])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_simple_routes_agree_with_networkx_yen(seed):
    # routes are the simple paths of the state graph: ours must come in the same order of
    # weight as networkx's Yen
    from itertools import islice

    from corridors.routing.alternatives import simple_routes

    G = random_network(16, seed=seed, parallel_share=0.5, port_share=0.2)
    nodes = sorted(G)
    for objective in ("time", "score"):
        H = state_graph(constrained_weight(G, objective), [nodes[0]], [nodes[-1]])
        mine = [w for w, _ in islice(simple_routes(H), 15)]
        ref = []
        for p in islice(nx.shortest_simple_paths(H, SOURCE, SINK, weight="weight"), len(mine)):
            ref.append(nx.path_weight(H, p, "weight"))
        assert ref and all(close(a, b) for a, b in zip(mine, ref, strict=False))
        assert len(ref) == len(mine)
