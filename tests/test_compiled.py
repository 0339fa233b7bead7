"""The compiled search core (scipy) against the Python state search, on random networks.

The Python search of corridors.routing.shortest is itself checked against brute force in
test_routing.py; here the compiled core must give the same scores to the bit, for every
objective, cost model, constraint, origin set and via, and the routes it returns must be
real routes whose score_path figures equal the figures it accumulated along its trees.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_routing import ANY_OBJECTIVE, COST_MODELS

from corridors.routing import compile_weight, make_constraints, od_matrix
from corridors.routing.compiled import METRICS, compile_states
from corridors.routing.shortest import path_to, staged_tree
from corridors.scoring import score_path
from corridors.synthetic import random_network

SETTINGS = settings(deadline=None, max_examples=60,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def graphs(draw):
    n = draw(st.integers(4, 40))
    return random_network(
        n, seed=draw(st.integers(0, 10**6)), n_countries=draw(st.integers(1, 4)), p_extra=0.6,
        p_planned=0.15, p_closed=0.1, parallel_share=0.5, port_share=0.35, p_one_way=0.15,
        n_corridors=1)


@st.composite
def constraints(draw, G):
    nodes = sorted(G)
    countries = sorted({c for _, c in G.nodes(data="country") if c})
    kw = {}
    if draw(st.booleans()):
        kw["modes"] = draw(st.sampled_from([["road"], ["rail", "sea"], ["road", "sea"]]))
    if countries and draw(st.booleans()):
        kw["avoid_countries"] = draw(st.lists(st.sampled_from(countries), max_size=2,
                                              unique=True))
    if draw(st.booleans()):
        kw["avoid_places"] = draw(st.lists(st.sampled_from(nodes), max_size=2, unique=True))
    kw["include_planned"] = draw(st.booleans())
    return make_constraints(G, **kw)


def _python(G, w, origins, vias, targets):
    """Best score, path and start of the Python state search to each target."""
    dist, trees, _ = staged_tree(G, w, origins, vias, set(targets), stop="all")
    out = {}
    for t in targets:
        if t in dist:
            out[t] = (dist[t], *path_to(trees, t))
    return out


def _compiled(cg, origins, vias, targets):
    stages = cg.staged(origins, vias)
    out = {}
    if stages is None:
        return out
    tree, row = stages[-1]
    figures = cg.accumulate(tree)[row]
    starts = set(tree.start[row][tree.pred[row] < 0].tolist()) - {-1}
    for t in targets:
        s = cg.best_state(tree.dist[row], t, starts)
        if s is not None:
            out[t] = (float(tree.dist[row, s]), *cg.path(stages, s), figures[s])
    return out


@SETTINGS
@given(data=st.data(), objective=ANY_OBJECTIVE, cm=COST_MODELS)
def test_compiled_search_equals_the_python_search(data, objective, cm):
    G = data.draw(graphs())
    nodes = sorted(G)
    w = compile_weight(G, objective, data.draw(constraints(G)), cost_model=cm)
    cg = compile_states(w)
    origins = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=3, unique=True))
    vias = [set(data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=2)))
            for _ in range(data.draw(st.integers(0, 2)))]
    ref = _python(G, w, origins, vias, nodes)
    got = _compiled(cg, origins, vias, nodes)
    assert set(got) == set(ref)
    for t, (score, path, start, figures) in got.items():
        assert score == ref[t][0]  # to the bit
        s = score_path(G, path, w.weights, cost_model=w.cost_model, start=start, facts=False)
        assert s.score == score
        assert start in origins and (path[-1][1] if path else start) == t
        # the figures accumulated along the tree are score_path's, to the bit
        assert tuple(figures) == tuple(float(getattr(s, m)) for m in METRICS)


@SETTINGS
@given(data=st.data(), objective=ANY_OBJECTIVE, cm=COST_MODELS)
def test_compiled_od_matrix_equals_the_python_search(data, objective, cm):
    G = data.draw(graphs())
    nodes = sorted(G)
    c = data.draw(constraints(G))
    kw = {"modes": c.modes, "avoid_countries": c.avoid_countries,
          "avoid_places": c.avoid_places, "include_planned": c.include_planned}
    w = compile_weight(G, objective, c, cost_model=cm)
    countries = sorted({cc for _, cc in G.nodes(data="country") if cc})
    # places, a country as a destination set, a place given twice
    origins = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=4))
    dests = data.draw(st.lists(st.sampled_from(nodes + countries), min_size=1, max_size=4))
    via = data.draw(st.lists(st.sampled_from(nodes), max_size=1))
    table = od_matrix(G, origins, dests, objective, value="all", via=via, cost_model=cm, **kw)
    for _, row in table.iterrows():
        members = [n for n, cc in G.nodes(data="country") if cc == row["destination"]] \
            if row["destination"] in countries else [row["destination"]]
        ref = _python(G, w, [row["origin"]], [set(via)] if via else [], members)
        if not ref:
            assert math.isnan(row["score"])
            continue
        best = min(ref.values(), key=lambda r: r[0])
        assert row["score"] == best[0]
        # the cell is the compiled route to the first best member, with its figures
        got = _compiled(compile_states(w), [row["origin"]], [set(via)] if via else [],
                        sorted(members, key=str))
        end = min(got, key=lambda t: (got[t][0], sorted(members, key=str).index(t)))
        assert row["to"] == end and row["from"] == got[end][2] == row["origin"]
        figures = dict(zip(METRICS, got[end][3], strict=True))
        for m in METRICS:
            assert row[m] == figures[m]


def test_removed_arcs_fall_back_to_a_parallel_edge_of_the_same_class():
    G = nx.MultiDiGraph(crs="EPSG:4326", crossings={})
    for n, x in (("a", 60.0), ("b", 61.0), ("c", 62.0)):
        G.add_node(n, x=x, y=45.0, name=n, kind="city", country="KZ")
    for u, v, k, km in (("a", "b", "fast", 100.0), ("a", "b", "slow", 150.0),
                        ("b", "c", "bc", 100.0), ("a", "c", "long", 400.0)):
        for s, t in ((u, v), (v, u)):
            G.add_edge(s, t, key=k, mode="road", distance_km=km, link_id=k)
    cg = compile_states(compile_weight(G, "distance"))
    stages = cg.staged(["a"], [])
    assert cg.best_state(stages[-1][0].dist[0], "c") is not None
    assert stages[-1][0].dist[0].min() == 0.0
    for removed, expected in (((), 200.0), ((("a", "b", "fast"),), 250.0),
                              ((("a", "b", "fast"), ("a", "b", "slow")), 400.0)):
        m = cg.without(cg.arcs_of_edges(removed)) if removed else None
        tree = cg.staged(["a"], [], matrix=m)[-1][0]
        s = cg.best_state(tree.dist[0], "c")
        assert tree.dist[0, s] == expected
        # the Python search on the graph without those edges agrees
        H = nx.restricted_view(G, [], list(removed))
        assert _python(H, compile_weight(H, "distance"), ["a"], [], ["c"])["c"][0] == expected


def test_closing_a_place_removes_its_arcs():
    G = random_network(30, seed=7, n_countries=2)
    w = compile_weight(G, "time")
    cg = compile_states(w)
    nodes = sorted(G)
    o = nodes[0]
    for p in nodes[1:8]:
        mask = cg.arcs_at_place(p)
        tree = cg.staged([o], [], matrix=cg.without(mask))[-1][0]
        H = nx.subgraph_view(G, filter_node=lambda n, p=p: n != p)
        ref = _python(H, compile_weight(H, "time"), [o], [], [n for n in nodes if n != p])
        for t in nodes:
            if t == p:
                continue
            s = cg.best_state(tree.dist[0], t, {cg.start_state(o)})
            assert (s is None) == (t not in ref)
            if s is not None:
                assert tree.dist[0, s] == ref[t][0]


@pytest.mark.parametrize("objective", ["distance", "time", "generalized", "co2e"])
def test_built_in_od_cells_equal_best_routes(objective):
    from corridors import load_network
    from corridors.routing import best_route

    G = load_network()
    places = ["almaty", "dushanbe", "tashkent", "astana"]
    dests = ["duisburg", "karachi", "istanbul", "europe"]
    m = od_matrix(G, places, dests, objective, value="all")
    for _, row in m.iterrows():
        r = best_route(G, row["origin"], row["destination"], objective, closures=False)
        assert row["score"] == r.score
        for col in ("distance_km", "time_h", "cost_usd", "co2e_kg", "crossings"):
            assert row[col] == pytest.approx(getattr(r, col), rel=1e-12)
    # every place to every place by time: the same as the Python search from a sample
    nodes = sorted(G)
    full = od_matrix(G, nodes, nodes, "time")
    w = compile_weight(G, "time")
    for o in nodes[::60]:
        ref = _python(G, w, [o], [], nodes)
        row = full.loc[o].to_numpy()
        assert np.array_equal(np.isnan(row), [n not in ref for n in nodes])
        assert all(full.loc[o, n] == ref[n][0] for n in ref)


def test_importing_the_alternatives_module_keeps_the_function():
    # a fresh interpreter: the submodule imported first (as corridors.batch does), then the
    # public function by its package name
    import subprocess
    import sys

    code = ("from corridors.routing.alternatives import corridor_key\n"
            "from corridors.routing import alternatives\n"
            "import corridors.routing as r\n"
            "print(callable(alternatives), type(alternatives).__name__, r.alternatives is "
            "alternatives)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "function", "True"]


def test_a_via_stage_from_a_zero_score_start_keeps_its_figures():
    # all weights zero: every route scores 0, so a via stage starts at score 0 with figures
    # (km, hours ...) that are not zero; they must be carried into the next stage
    from corridors.scoring import ScoreWeights

    G = random_network(12, seed=3, n_countries=2)
    nothing = ScoreWeights(km=0.0, crossing_penalty_km=0.0, hours_km=0.0, usd_km=0.0,
                           transfer_penalty_km=0.0, name="nothing")
    # by road only: one arrival state per place, so a via stage starts from one state
    w = compile_weight(G, nothing, make_constraints(G, modes=["road"]))
    cg = compile_states(w)
    nodes = sorted(G)
    checked = 0
    for o in nodes[:4]:
        for via in nodes[4:8]:
            got = _compiled(cg, [o], [{via}], nodes)
            for score, path, start, figures in got.values():
                s = score_path(G, path, nothing, start=start, facts=False)
                assert score == s.score == 0.0
                assert tuple(figures) == tuple(float(getattr(s, m)) for m in METRICS)
                checked += bool(path) and s.distance_km > 0
    assert checked
