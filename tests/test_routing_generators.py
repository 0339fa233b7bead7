"""Routing against brute force on generated networks that reach every branch of the searches.

The generators here go further than those of tests/test_routing.py: places are given in every
form the README names (ids, names, aliases, ISO country codes, regions, ``(lat, lon)`` pairs and
``"lat,lon"`` text) as origins, destinations and vias; avoid lists hold several items of every
kind; networks get same-mode parallel edges between the same two places (more keys of the
MultiDiGraph, some crossing the same border post, some with a record of their own) and crossing
edges whose own time and cost differ from their crossing record's; scenarios
(:mod:`corridors.scenarios`) close, open and change elements of the generated networks. The
references are in tests/routing_brute.py: every admitted route enumerated and scored by
:func:`corridors.scoring.score_path`, place queries resolved from the README's description.

Every property test has a ``deadline`` and few examples; the Pareto test also bounds the
size of the fronts it draws and runs the search under a wall-clock limit, so a dominance bug
fails in seconds instead of hanging.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import timedelta
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, Phase, assume, event, given, settings
from hypothesis import strategies as st
from routing_brute import (
    Rules,
    SearchTimeout,
    border_key,
    check_with_reference,
    close,
    corridor_scores,
    edge_ok,
    expected_alternatives,
    in_order,
    is_route,
    nondominated,
    paths,
    place_nodes,
    route_places,
    scored,
    staged_best,
    time_limit,
    vector,
    walks,
)

from corridors.errors import NoRouteError
from corridors.routing import alternatives, best_route, od_matrix, pareto_front, resolve_place
from corridors.routing.alternatives import DEFAULT_MAX_PATHS
from corridors.scenarios import CrossingChange, LinkChange, PlaceChange, Scenario
from corridors.scoring import CostModel, ScoreWeights, score_path
from corridors.synthetic import random_network

TRANSFER_HEAVY = ScoreWeights(km=1.0, crossing_penalty_km=50.0, hours_km=0.5,
                              transfer_penalty_km=2000.0, name="transfer_heavy")
OBJECTIVES = st.sampled_from(["distance", "crossings", "time", "cost", "score", "balanced",
                              "co2e", TRANSFER_HEAVY])
COST_MODELS = st.sampled_from([
    None, CostModel(transfer_h=0, transfer_usd=0, handling_kg_co2e=0),
    CostModel(transfer_h=150, transfer_usd=3000, handling_kg_co2e=500, payload_t=20)])
#: Regions the small random networks have gateways for (and one they never have).
REGIONS = ["europe", "caucasus", "south_asia", "middle_east"]
#: A deadline for every example (the searches take milliseconds on these networks; the
#: brute force a few hundred at most), few examples: the suite runs on two shared cores.
GEN = settings(deadline=timedelta(seconds=5), max_examples=40,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
ALT_LOGGER = "corridors.routing.alternatives"
#: Most partial routes one example's brute force may extend (a heavier example is not drawn).
WORK = 8000


# --- generators --------------------------------------------------------------------------------

def _add_parallel(G, u, v, k, i, factor, status, own_record):
    """Add a same-mode twin of the link ``k`` between ``u`` and ``v`` (both directions)."""
    new = f"{k}-twin{i}"
    if new in G[u][v]:
        return
    records = G.graph["crossings"]
    cid = G[u][v][k].get("crossing")
    if cid and own_record:
        rec = records[cid]
        cid = f"{cid}-twin{i}"
        records[cid] = dataclasses.replace(rec, id=cid, name=f"{rec.name} twin {i}")
    for a, b in ((u, v), (v, u)):
        if k not in G.get_edge_data(a, b, default={}):
            continue
        d = dict(G[a][b][k])
        d.update(link_id=new, distance_km=max(0.1, round(d["distance_km"] * factor, 1)),
                 status=status)
        if cid:
            d["crossing"] = cid
        G.add_edge(a, b, key=new, **d)


@st.composite
def rich_networks(draw, min_places=3, max_places=7):
    """Small random networks with same-mode parallel edges and edge figures of their own."""
    G = random_network(
        draw(st.integers(min_places, max_places)), seed=draw(st.integers(0, 10**6)),
        n_countries=draw(st.integers(1, 3)), p_extra=0.6, p_planned=0.15, p_closed=0.1,
        parallel_share=0.4, port_share=0.35, p_one_way=0.1, n_corridors=1)
    edges = sorted(G.edges(keys=True), key=str)
    if not edges:
        return G
    for i in range(draw(st.integers(0, 3))):
        u, v, k = draw(st.sampled_from(edges))
        _add_parallel(G, u, v, k, i, factor=draw(st.sampled_from([0.5, 0.9, 1.0, 1.3])),
                      status=draw(st.sampled_from(["operational", "operational", "planned",
                                                   "closed"])),
                      own_record=draw(st.booleans()))
    crossing_edges = [e for e in sorted(G.edges(keys=True), key=str)
                      if G.edges[e].get("crossing")]
    if crossing_edges:
        # the edge's own crossing figures win over its record's (corridors.scoring): make
        # them differ, or drop them so that the record's (or the default) applies
        for e in draw(st.lists(st.sampled_from(crossing_edges), max_size=3, unique=True)):
            G.edges[e]["crossing_time_h"] = draw(st.sampled_from([None, 0.0, 1.5, 90.0]))
            G.edges[e]["crossing_cost_usd"] = draw(st.sampled_from([None, 0.0, 999.0]))
    return G


def _brute(G, src, stages, dst, objective, rules, cm, cache=None):
    """The brute-force best route (routing_brute.staged_best), checked by the reference scorer.

    The reference scorer (tests/reference_scorer.py) re-scores it from the documentation, so
    the figures of the generated networks (edge crossing figures that differ from their
    records' ...) are checked too, not only the searches.
    """
    ref = staged_best(G, src, stages, dst, objective, rules, cm,
                      {"limit": WORK} if cache is None else cache)
    if ref is not None and ref.edges:
        check_with_reference(G, [ref], objective, cm)
    return ref


def _linked(G):
    return [n for n in sorted(G) if G.degree(n) > 0]


@st.composite
def place_queries(draw, G, kinds=("id", "name", "alias", "country", "region", "coords",
                                  "text")):
    """A query for a place in one of the README's forms."""
    kind = draw(st.sampled_from(kinds))
    linked = _linked(G)
    if kind == "country":
        code = draw(st.sampled_from(sorted({c for _, c in G.nodes(data="country")})))
        return draw(st.sampled_from([code, code.lower()]))
    if kind == "region":
        return draw(st.sampled_from(REGIONS))
    n = draw(st.sampled_from(linked or sorted(G)))
    d = G.nodes[n]
    if kind == "name":
        return d["name"]
    if kind == "alias":
        return d["aliases"][0]
    if kind in ("coords", "text") and linked:
        lat = round(d["y"] + draw(st.floats(-0.05, 0.05)), 4)
        lon = round(d["x"] + draw(st.floats(-0.05, 0.05)), 4)
        return (lat, lon) if kind == "coords" else f"{lat},{lon}"
    return n


@st.composite
def rule_sets(draw, G, max_items=3, limit=True):
    """Rules with several items in every avoid list, and the keywords that ask for them.

    Avoided places are passed by id, name or alias.
    """
    countries = sorted({c for _, c in G.nodes(data="country")})
    crossings = sorted(G.graph["crossings"])
    links = sorted({d["link_id"] for *_, d in G.edges(data=True)})
    places = sorted(G)

    def some(items, n):
        return tuple(draw(st.lists(st.sampled_from(items), max_size=n, unique=True))) \
            if items else ()

    rules = Rules(
        modes=draw(st.one_of(st.none(), st.sets(st.sampled_from(["road", "rail", "sea"]),
                                                min_size=1).map(frozenset))),
        avoid_countries=some(countries, 2), avoid_places=some(places, 2),
        avoid_crossings=some(crossings, max_items), avoid_links=some(links, max_items),
        max_crossings=draw(st.one_of(st.none(), st.integers(0, 3))) if limit else None,
        include_planned=draw(st.booleans()))
    kwargs = rules.kwargs()
    kwargs["avoid_places"] = [draw(st.sampled_from([n, G.nodes[n]["name"],
                                                    G.nodes[n]["aliases"][0]]))
                              for n in rules.avoid_places]
    return rules, kwargs


def _disjoint_in_turn(sets):
    return all(not set(a) & set(b) for a, b in pairwise(sets))


def _all_ok(G, route, rules):
    return all(edge_ok(G, u, v, k, rules) for u, v, k in route.edges)


class _Warnings(logging.Handler):
    """Collect the warnings of one logger (caplog cannot be used inside @given)."""

    def __init__(self, name):
        super().__init__(logging.WARNING)
        self.logger = logging.getLogger(name)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())

    def __enter__(self):
        self.old = self.logger.level
        self.logger.setLevel(logging.WARNING)
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self)
        self.logger.setLevel(self.old)


# --- places in every form, several vias, several avoid items --------------------------------

@GEN
@given(G=rich_networks(), data=st.data(), objective=OBJECTIVES, cm=COST_MODELS)
def test_best_route_with_any_place_form_vias_and_avoid_lists(G, data, objective, cm):
    o_q, t_q = data.draw(place_queries(G)), data.draw(place_queries(G))
    via_q = data.draw(st.lists(place_queries(G), max_size=2))
    src, dst = place_nodes(G, o_q), place_nodes(G, t_q)
    V = [place_nodes(G, q) for q in via_q]
    for q, nodes in zip([o_q, t_q, *via_q], [src, dst, *V], strict=True):
        assert set(resolve_place(G, q).nodes) == set(nodes), q  # README's place forms
    assume(_disjoint_in_turn(V))
    rules, kwargs = data.draw(rule_sets(G))
    ref = _brute(G, src, V, dst, objective, rules, cm) \
        if all((src, dst, *V)) else None
    if ref is None:
        with pytest.raises(NoRouteError):
            best_route(G, o_q, t_q, objective, via=via_q, **kwargs, cost_model=cm)
        return
    r = best_route(G, o_q, t_q, objective, via=via_q, **kwargs, cost_model=cm)
    assert close(r.score, ref.score)
    assert r.origin in src and r.destination in dst
    assert in_order(route_places(r.edges, r.origin), V)
    assert _all_ok(G, r, rules)
    if rules.max_crossings is not None:
        assert r.crossings <= rules.max_crossings
    assert close(score_path(G, r.edges, objective, cost_model=cm, start=r.origin).score,
                 r.score)


@GEN
@given(G=rich_networks(), data=st.data(), objective=OBJECTIVES, cm=COST_MODELS)
def test_every_item_of_an_avoid_list_counts(G, data, objective, cm):
    # each list holds an item off the best route, then one on it: the second must be avoided
    # as well as the first
    nodes = sorted(G)
    o, t = data.draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique=True))
    free = best_route_or_none(G, o, t, objective, cm)
    assume(free is not None)
    on_route = {
        # (a country of the origin or the destination leaves no route at all)
        "avoid_countries": [G.nodes[n]["country"] for n in free.nodes],
        "avoid_places": [n for n in free.nodes if n not in (o, t)],
        "avoid_crossings": [G[u][v][k]["crossing"] for u, v, k in free.edges
                            if G[u][v][k].get("crossing")],
        "avoid_links": [G[u][v][k]["link_id"] for u, v, k in free.edges],
    }
    everything = {
        "avoid_countries": sorted({c for _, c in G.nodes(data="country")}),
        "avoid_places": [n for n in nodes if n not in (o, t)],
        "avoid_crossings": sorted(G.graph["crossings"]),
        "avoid_links": sorted({d["link_id"] for *_, d in G.edges(data=True)}),
    }
    for kind, on in on_route.items():
        if not on:
            continue
        second = data.draw(st.sampled_from(on))
        off = [x for x in everything[kind] if x not in on]
        first = data.draw(st.sampled_from(off or [x for x in everything[kind] if x != second]
                                          or [second]))
        rules = Rules(**{kind: tuple(dict.fromkeys([first, second]))})
        ref = _brute(G, [o], [], [t], objective, rules, cm)
        if ref is None:
            with pytest.raises(NoRouteError):
                best_route(G, o, t, objective, **rules.kwargs(), cost_model=cm)
            continue
        r = best_route(G, o, t, objective, **rules.kwargs(), cost_model=cm)
        assert close(r.score, ref.score) and _all_ok(G, r, rules), kind


def best_route_or_none(G, o, t, objective, cm):
    try:
        return best_route(G, o, t, objective, cost_model=cm)
    except NoRouteError:
        return None


# --- OD matrices with sets of places ----------------------------------------------------------

@GEN
@given(G=rich_networks(), data=st.data(), objective=OBJECTIVES, cm=COST_MODELS)
def test_od_matrix_cells_take_the_best_member_of_a_set(G, data, objective, cm):
    sets = ("country", "region", "id", "coords")
    origins = data.draw(st.lists(place_queries(G, sets), min_size=1, max_size=3, unique=True))
    dests = data.draw(st.lists(place_queries(G, ("country", "region", "country", "name")),
                               min_size=1, max_size=3, unique=True))
    via_q = data.draw(st.lists(place_queries(G, ("id", "country")), max_size=1))
    V = [place_nodes(G, q) for q in via_q]
    # half the examples without constraints: every member of a set can then be reached
    rules, kwargs = data.draw(st.one_of(st.just((Rules(), Rules().kwargs())),
                                        rule_sets(G, max_items=2)))
    # the cells come from the compiled search without max_crossings and from the label-setting
    # search with it: both, every time (a limit of 9 crossings binds no route here)
    limits = [rules.max_crossings, None if rules.max_crossings is not None else 9]
    cache: dict = {"limit": WORK}  # the legs do not depend on max_crossings
    for limit in limits:
        rules = dataclasses.replace(rules, max_crossings=limit)
        m = od_matrix(G, origins, dests, objective, value="score", via=via_q,
                      **{**kwargs, "max_crossings": limit}, cost_model=cm)
        assume(m.shape == (len(origins), len(dests)))  # labels all different
        gateways = m.attrs["gateways"]
        for i, oq in enumerate(origins):
            for j, dq in enumerate(dests):
                src, dst = place_nodes(G, oq), place_nodes(G, dq)
                ref = _brute(G, src, V, dst, objective, rules, cm, cache) \
                    if all((src, dst, *V)) else None
                cell = m.iloc[i, j]
                if ref is None:
                    assert cell != cell, (oq, dq, limit)  # NaN
                    continue
                # the best member's route, not the first member's
                assert close(cell, ref.score), (oq, dq, limit, cell, ref.score)
                if len(src) > 1 or len(dst) > 1:
                    start, end = gateways[m.index[i]][m.columns[j]]
                    assert start in src and end in dst
                    ends = _brute(G, [start], V, [end], objective, rules, cm, cache)
                    assert close(ends.score, cell)


# --- alternatives through ordered vias ---------------------------------------------------------

def _through_vias(G, src, dst, V, objective, rules, cm, count=None):
    """Every admitted simple route from src to dst that passes the vias in order, scored.

    ``count`` (a list) gets the number of routes from src to dst, through the vias or not.
    """
    out = []
    budget = [WORK]  # shared by the origins
    n = 0
    for o in src:
        for w in walks(G, o, rules, budget):
            if w and w[-1][1] in dst:
                n += 1
                if in_order(route_places(w, o), V):
                    out.append(w)
    if count is not None:
        count.append(n)
    return scored(G, out, objective, rules, cost_model=cm)


def _check_alternatives(G, routes, candidates, k, rules, V=()):
    by_key = corridor_scores(G, candidates)
    first = border_key(G, routes[0].edges)
    assert close(routes[0].score, min(by_key.values()))
    assert close(by_key[first], routes[0].score)
    expected = expected_alternatives(by_key, first, k)
    got = [r.score for r in routes]
    assert len(got) == len(expected), (got, expected)
    assert all(close(a, b) for a, b in zip(got, expected, strict=True)), (got, expected)
    keys = [border_key(G, r.edges) for r in routes]
    assert len(set(keys)) == len(keys)
    for r in routes:
        assert close(r.score, by_key[border_key(G, r.edges)])
        assert in_order(route_places(r.edges, r.origin), V)
        assert _all_ok(G, r, rules) and is_route(G, list(r.edges))


@GEN
@given(G=rich_networks(), data=st.data(), objective=OBJECTIVES, cm=COST_MODELS,
       k=st.integers(1, 4))
def test_alternatives_through_vias_keep_their_order(G, data, objective, cm, k):
    o_q = data.draw(place_queries(G, ("id", "country", "coords", "alias")))
    t_q = data.draw(place_queries(G, ("id", "region", "name", "country")))
    # two vias mostly: their order is what this test is about
    n_vias = data.draw(st.sampled_from([1, 2, 2, 2]))
    via_q = [data.draw(place_queries(G, ("id", "id", "name", "country")))
             for _ in range(n_vias)]
    src, dst = place_nodes(G, o_q), place_nodes(G, t_q)
    V = [place_nodes(G, q) for q in via_q]
    assume(src and dst and all(V) and not set(src) & set(dst) and _disjoint_in_turn(V))
    rules, kwargs = data.draw(rule_sets(G, max_items=2))
    count: list[int] = []
    candidates = _through_vias(G, src, dst, V, objective, rules, cm, count)
    # fewer routes than the default work limit: the search is exact (Yen's algorithm examines
    # each route at most once; the limit is tested below)
    assume(count[0] < DEFAULT_MAX_PATHS)
    call = dict(via=via_q, **kwargs, cost_model=cm)
    if not candidates:
        with pytest.raises(NoRouteError):
            alternatives(G, o_q, t_q, k, objective, **call)
        return
    routes = alternatives(G, o_q, t_q, k, objective, **call)
    _check_alternatives(G, routes, candidates, k, rules, V)


@GEN
@given(G=rich_networks(4, 7), data=st.data(), objective=OBJECTIVES, cm=COST_MODELS,
       k=st.integers(1, 3))
def test_alternatives_refuse_vias_passed_in_the_other_order(G, data, objective, cm, k):
    # two vias, given in the order that the best route through both of them does not take:
    # that route is not an answer
    o, t, a, b = data.draw(st.lists(st.sampled_from(sorted(G)), min_size=4, max_size=4,
                                    unique=True))
    count: list[int] = []
    both = _through_vias(G, [o], [t], [[a, b]], objective, Rules(), cm, count)
    both = [s for s in both if {a, b} <= set(route_places(s.edges, o))]
    assume(both)
    places = route_places(min(both, key=lambda s: s.score).edges, o)
    vias = [b, a] if in_order(places, [[a], [b]]) else [a, b]
    candidates = [s for s in both if in_order(route_places(s.edges, o), [[v] for v in vias])]
    assume(count[0] < DEFAULT_MAX_PATHS)  # the search is exact
    call = dict(via=vias, cost_model=cm)
    if not candidates:
        with pytest.raises(NoRouteError):
            alternatives(G, o, t, k, objective, **call)
        return
    routes = alternatives(G, o, t, k, objective, **call)
    _check_alternatives(G, routes, candidates, k, Rules(), [[v] for v in vias])


def _order_network():
    """A -> X -> Y -> B is short; the vias [Y, X] force the long way A -> Y -> X -> B."""
    from corridors.synthetic import _graph, _link, _place

    G = _graph("order")
    for pid, lon in (("A", 60.0), ("X", 61.0), ("Y", 62.0), ("B", 63.0)):
        _place(G, pid, pid * 2, "AA", 45.0, lon)
    _link(G, "a-x", "A", "X", "road", 100)
    _link(G, "x-y", "X", "Y", "road", 100)
    _link(G, "y-b", "Y", "B", "road", 100)
    _link(G, "a-y", "A", "Y", "road", 500)
    _link(G, "x-b", "X", "B", "road", 500)
    return G


def test_vias_in_the_other_order_give_the_other_route():
    G = _order_network()
    assert [r.nodes for r in alternatives(G, "A", "B", 2, "distance", via=["X", "Y"])] == [
        ["A", "X", "Y", "B"]]
    routes = alternatives(G, "A", "B", 2, "distance", via=["Y", "X"])
    assert [r.nodes for r in routes] == [["A", "Y", "X", "B"]]
    assert routes[0].distance_km == 1100
    # best_route's legs may go back: A -> X -> Y, back to X, then Y again to B
    r = best_route(G, "A", "B", "distance", via=["Y", "X"])
    assert r.nodes == ["A", "X", "Y", "X", "Y", "B"] and r.distance_km == 500


# --- the work limits of alternatives -----------------------------------------------------------

def _capped(G, o, t, k, objective, via, cap):
    key = "max_paths" if via else "max_labels"
    with _Warnings(ALT_LOGGER) as caught:
        routes = alternatives(G, o, t, k, objective, via=via, **{key: cap})
    return routes, caught.messages


def _check_cap(G, o, t, k, objective, via, routes, messages):
    """The documented behaviour at a work limit (corridors.routing.alternatives)."""
    V = [place_nodes(G, q) for q in via]
    candidates = _through_vias(G, [o], [t], V, objective, Rules(), None)
    by_key = corridor_scores(G, candidates) if candidates else {}
    if not messages:  # the limit was not reached: the exact answer
        _check_alternatives(G, routes, candidates, k, Rules(), V)
        return None
    # a warning names the keyword that raises the limit and the command-line option ...
    (msg,) = messages
    keyword, option = ("max_paths=", "--max-paths") if via else ("max_labels=", "--max-labels")
    assert "work limit" in msg and keyword in msg and option in msg
    assert len(routes) < k
    # ... and the corridors found so far are returned: the first ones of the exact answer,
    # or (with via, when no simple path through the vias came up) the best route through them
    assert routes
    first = border_key(G, routes[0].edges)
    if via and not (first in by_key and close(by_key[first], routes[0].score)):
        ref = _brute(G, [o], V, [t], objective, Rules(), None)
        assert len(routes) == 1 and close(routes[0].score, ref.score)
        return "the best route"
    expected = expected_alternatives(by_key, first, k)
    got = [r.score for r in routes]
    assert all(close(a, b) for a, b in zip(got, expected, strict=False)), (got, expected)
    return "the first corridors"


@settings(GEN, max_examples=25)
@given(G=rich_networks(5, 8), data=st.data(), objective=st.sampled_from(["score", "time"]),
       k=st.integers(2, 6), cap=st.integers(1, 40), with_via=st.booleans())
def test_alternatives_at_their_work_limits(G, data, objective, k, cap, with_via):
    nodes = sorted(G)
    o, t = data.draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique=True))
    via = [data.draw(st.sampled_from([n for n in nodes if n not in (o, t)]))] if with_via \
        else []
    try:
        routes, messages = _capped(G, o, t, k, objective, via, cap)
    except NoRouteError:
        assert not _through_vias(G, [o], [t], [[v] for v in via], objective, Rules(), None)
        return
    event(f"returned at the work limit: {_check_cap(G, o, t, k, objective, via, routes, messages)}")


@pytest.mark.parametrize(("n", "seed", "via", "cap", "returned", "count"), [
    (8, 9, None, 10, "the first corridors", 2),  # max_labels reached after two corridors
    (8, 9, 4, 5, "the first corridors", 2),  # max_paths reached after two corridors
    (6, 2, 2, 2, "the best route", 1),  # max_paths reached before any simple path via p2
])
def test_the_work_limits_are_reached_on_a_larger_network(n, seed, via, cap, returned, count):
    G = random_network(n, seed=seed, n_countries=3, p_extra=0.5, parallel_share=0.5,
                       port_share=0.3)
    o, t = "p0", f"p{n - 1}"
    vias = [] if via is None else [f"p{via}"]
    routes, messages = _capped(G, o, t, 6, "score", vias, cap)
    assert _check_cap(G, o, t, 6, "score", vias, routes, messages) == returned
    assert len(routes) == count


# --- scenarios on generated networks -----------------------------------------------------------

@st.composite
def scenarios(draw, G):
    """A scenario that closes, opens and changes elements of ``G``."""
    crossings = sorted(G.graph["crossings"])
    links = sorted({d["link_id"] for *_, d in G.edges(data=True)})
    countries = sorted({c for _, c in G.nodes(data="country")})

    def some(items, n):
        return draw(st.lists(st.sampled_from(items), max_size=n, unique=True)) if items else []

    close_x, close_l = some(crossings, 2), some(links, 2)
    shut = {d["link_id"] for *_, d in G.edges(data=True) if d["status"] != "operational"}
    open_l = [x for x in some(sorted(shut), 2) if x not in close_l]
    planned = [c for c in crossings if G.graph["crossings"][c].status != "open"]
    open_x = [x for x in some(planned, 1) if x not in close_x]
    changes = {}
    for cid in some(crossings, 2):
        changes[cid] = draw(st.sampled_from([
            CrossingChange(time_factor=0.0), CrossingChange(time_factor=3.0),
            CrossingChange(time_h=1.0, cost_usd=5.0), CrossingChange(time_h_ab=200.0),
            CrossingChange(cost_factor=10.0)]))
    sea = sorted({d["link_id"] for *_, d in G.edges(data=True) if d["mode"] == "sea"})
    ports = sorted(n for n, k in G.nodes(data="kind") if k == "port")
    return Scenario(
        "generated", close_crossings=close_x, close_links=close_l,
        close_places=some(sorted(G), 1),
        close_countries=some(countries, 1) if len(countries) > 1 else [],
        open_links=open_l, open_crossings=open_x, crossings=changes,
        links={lid: LinkChange(sailings_per_week=draw(st.sampled_from([0.5, 21.0])))
               for lid in some(sea, 1)},
        places={p: PlaceChange(dwell_h=draw(st.sampled_from([0.0, 100.0])))
                for p in some(ports, 1)},
        cost_model=draw(st.sampled_from([{}, {"speed_kmh": {"rail": 90.0}},
                                         {"crossing_time_h_factor": {"road": 4.0}}])))


@GEN
@given(G=rich_networks(), data=st.data(), objective=OBJECTIVES, cm=COST_MODELS,
       materialize=st.booleans())
def test_routing_on_a_scenario_equals_brute_force_on_its_graph(G, data, objective, cm,
                                                                 materialize):
    s = data.draw(scenarios(G))
    H, model = s.apply(G, cm, materialize=materialize)
    assume(len(H) >= 1)
    o = data.draw(st.sampled_from(sorted(H)))
    t = data.draw(st.sampled_from(sorted(H)))
    rules, kwargs = data.draw(rule_sets(H, max_items=2))
    ref = _brute(H, [o], [], [t], objective, rules, model)
    if ref is None:
        with pytest.raises(NoRouteError):
            best_route(H, o, t, objective, **kwargs, cost_model=model)
    else:
        r = best_route(H, o, t, objective, **kwargs, cost_model=model)
        assert close(r.score, ref.score) and _all_ok(H, r, rules)
    event(f"scenario: {'changes' if s.changes_attributes or s.cost_model else 'closures'}")
    if not s.changes_attributes and not s.cost_model:
        # closures only: the same as avoiding the closed elements on the base network
        base = Rules(**{**rules.__dict__,
                        "avoid_crossings": (*rules.avoid_crossings, *s.close_crossings),
                        "avoid_links": (*rules.avoid_links, *s.close_links),
                        "avoid_places": (*rules.avoid_places, *s.close_places),
                        "avoid_countries": (*rules.avoid_countries, *s.close_countries)})
        on_base = _brute(G, [o], [], [t], objective, base, cm)
        assert (ref is None) == (on_base is None)
        assert ref is None or close(ref.score, on_base.score)
    if o != t and rules.max_crossings is None:
        cands = scored(H, paths(H, [o], [t], rules, WORK), objective, rules, cost_model=model)
        if cands:
            k = data.draw(st.integers(1, 3))
            routes = alternatives(H, o, t, k, objective, **kwargs, cost_model=model)
            _check_alternatives(H, routes, cands, k, rules)


# --- Pareto fronts: exact, and fast to fail ----------------------------------------------------

#: Most members of a brute-force front a Pareto example may have; larger ones are not drawn.
FRONT_MAX = 8
#: Wall-clock limit of one Pareto search on these networks (they take milliseconds).
PARETO_SECONDS = 3.0


@settings(deadline=timedelta(seconds=4), max_examples=60,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
          # no shrinking: a search that hangs would make every shrink step wait for the limit
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(G=rich_networks(3, 6), data=st.data(), criteria=st.sampled_from([
    ("distance", "crossings"), ("time", "cost"), ("distance", "transfers"),
    ("score", "transfers"),
    # three criteria, two of them counts: many labels tie in all but one criterion
    ("time", "transfers", "cost"), ("distance", "crossings", "transfers"),
    ("co2e", "cost", "crossings"), ("distance", "time", "transfers"),
    ("cost", "crossings", "transfers"),
    # four criteria: the general dominance test, not the one for two remaining criteria
    ("distance", "time", "cost", "crossings"), ("time", "cost", "crossings", "transfers")]),
    cm=COST_MODELS)
def test_pareto_front_on_rich_networks_fails_fast(G, data, criteria, cm):
    o_q = data.draw(place_queries(G, ("id", "country", "coords")))
    t_q = data.draw(place_queries(G, ("id", "region", "country")))
    src, dst = place_nodes(G, o_q), place_nodes(G, t_q)
    rules, kwargs = data.draw(st.one_of(st.just((Rules(), Rules().kwargs())),
                                        rule_sets(G, max_items=2)))
    attrs = tuple({"distance": "distance_km", "time": "time_h", "cost": "cost_usd",
                   "co2e": "co2e_kg"}.get(c, c) for c in criteria)
    ss = scored(G, paths(G, src, dst, rules, WORK), "score", rules, cost_model=cm)
    expected = nondominated((vector(s, attrs) for s in ss), at_most=FRONT_MAX)
    assume(len(expected) <= FRONT_MAX)
    try:
        with time_limit(PARETO_SECONDS, "pareto_front"):
            front = pareto_front(G, o_q, t_q, criteria, objective="score", **kwargs,
                                 cost_model=cm)
    except NoRouteError:
        assert not ss
        return
    except SearchTimeout as exc:
        pytest.fail(f"{exc} on a network of {len(G)} places with a front of "
                    f"{len(expected)}: dominance is broken")
    got = [vector(r, attrs) for r in front]
    assert got == sorted(got)
    assert len(got) == len(expected), (got, expected)
    for a, b in zip(got, expected, strict=True):
        assert all(close(x, y) for x, y in zip(a, b, strict=True)), (got, expected, o_q, t_q)
    for r in front:
        assert r.origin in src and r.destination in dst
        assert _all_ok(G, r, rules) and is_route(G, list(r.edges))
