"""Criticality and corridor comparison on the compiled search core, against their references.

The references are the Python algorithms the compiled ones replaced, kept here small:
criticality re-routing every affected pair with ``best_route`` on a subgraph view of each
closure, and the corridor ride as a chain of Python state searches. Results must be the same:
every value of every criticality row, to the bit; each ride's score (its path too, unless an
equally good one was found first).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx
import pytest

from corridors import load_network
from corridors.criticality import criticality
from corridors.errors import NoRouteError, UnknownPlaceError
from corridors.routing import best_route, compare_corridors
from corridors.routing.compare import (
    _compare,
    _names,
    _optimum_in_modes,
    _ride_compiled,
    _ride_python,
)
from corridors.routing.request import build_request
from corridors.routing.shortest import solve, state_dijkstra
from corridors.scoring import CostModel, edge_class, score_path
from corridors.synthetic import _graph, _link, _place, random_network, tiny_network

NO_TRANSFER = CostModel(transfer_h=0, transfer_usd=0, handling_kg_co2e=0)
BIG_TRANSFER = CostModel(transfer_h=150, transfer_usd=3000, handling_kg_co2e=500, payload_t=20)
REAL_PAIRS = [("almaty", "bishkek"), ("tashkent", "dushanbe"), ("astana", "tbilisi")]


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_network()


# --- the reference criticality: best_route on a subgraph view per closure ---------------------
class _Without:
    """Edge or node filter for a subgraph view (hides the given items)."""

    def __init__(self, hidden: set[Any]) -> None:
        self.hidden = hidden

    def __call__(self, *x: Any) -> bool:
        return (x[0] if len(x) == 1 else x) not in self.hidden


def reference(G: nx.MultiDiGraph, pairs: list[tuple[Any, Any]], objective: Any,
              elements: tuple[str, ...], **constraints: Any
              ) -> dict[tuple[str, Hashable], tuple[list[int], list[int], dict[int, float]]]:
    """Return ``{(kind, id): (pairs using it, pairs lost, score increase per pair)}``."""
    def route(H: nx.MultiDiGraph, o: Any, d: Any) -> Any:
        return best_route(H, o, d, objective, closures=False, **constraints)

    base = [route(G, o, d) for o, d in pairs]
    users: dict[tuple[str, Hashable], list[int]] = {}
    for i, r in enumerate(base):
        seen = set()
        for leg in r.legs:
            if leg.crossing and "crossing" in elements:
                seen.add(("crossing", leg.crossing))
            elif not leg.crossing and "link" in elements:
                seen.add(("link", leg.link_id))
        if "place" in elements:
            seen.update(("place", n) for n in r.nodes[1:-1])
        for e in seen:
            users.setdefault(e, []).append(i)
    out = {}
    for (kind, eid), used in users.items():
        if kind == "place":
            H = nx.subgraph_view(G, filter_node=_Without({eid}))
        else:
            hidden = {(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
                      if (d.get("crossing") == eid if kind == "crossing"
                          else not d.get("crossing") and str(d.get("link_id", k)) == eid)}
            H = nx.subgraph_view(G, filter_edge=_Without(hidden))
        lost, deltas = [], {}
        for i in used:
            try:
                deltas[i] = max(0.0, route(H, *pairs[i]).score - base[i].score)
            except (NoRouteError, UnknownPlaceError):  # closing a via loses the pair
                lost.append(i)
        out[(kind, eid)] = (used, lost, deltas)
    return out


def check_criticality(G: nx.MultiDiGraph, pairs: list[tuple[Any, Any]], objective: Any,
                      elements: tuple[str, ...] = ("crossing", "link"),
                      weights: list[float] | None = None, **constraints: Any) -> Any:
    """Assert that criticality's rows are the reference's, exactly; return the table."""
    df = criticality(G, pairs, objective, elements=elements, weights=weights, **constraints)
    want = reference(G, pairs, objective, elements, **constraints)
    w = weights or [1.0] * len(pairs)
    assert set(zip(df["kind"], df["element"], strict=True)) == set(want)
    for row in df.itertuples():
        used, lost, deltas = want[(row.kind, row.element)]
        assert row.affected_ods == len(used) and row.lost_ods == len(lost)
        assert row.lost_weight == float(sum(w[i] for i in lost))
        assert row.delta == float(sum(w[i] * x for i, x in deltas.items()))  # to the bit
        assert row.single_point_of_failure == bool(lost)
        worst = max(deltas, key=lambda i: w[i] * deltas[i], default=None)
        assert row.worst_delta == (0.0 if worst is None else w[worst] * deltas[worst])
    keys = [(-r.lost_weight, -r.delta, r.kind, str(r.element)) for r in df.itertuples()]
    assert keys == sorted(keys) and list(df["rank"]) == list(range(1, len(df) + 1))
    return df


def _routable_pairs(G: nx.MultiDiGraph, candidates: list[tuple[Any, Any]], objective: Any,
                    **constraints: Any) -> list[tuple[Any, Any]]:
    out = []
    for o, d in candidates:
        try:
            best_route(G, o, d, objective, closures=False, **constraints)
        except NoRouteError:
            continue
        out.append((o, d))
    return out


@pytest.mark.parametrize(("seed", "objective"), [(1, "time"), (4, "distance"),
                                                 (7, "generalized"), (11, "score")])
def test_criticality_equals_the_reference_on_random_networks(seed: int, objective: str) -> None:
    G = random_network(36, seed=seed, p_extra=0.3, parallel_share=0.5, terminal_share=0.4)
    nodes = sorted(G, key=lambda n: int(n[1:]))
    pairs = _routable_pairs(G, [(nodes[0], nodes[-1]), (nodes[2], nodes[-4]),
                                (nodes[-7], nodes[5]), (nodes[10], nodes[30])], objective)
    if not pairs:
        pytest.skip("no routable pair in this random network")
    df = check_criticality(G, pairs, objective, ("crossing", "link", "place"),
                           weights=[1.0, 2.5, 0.5, 3.0][:len(pairs)])
    assert len(df) > 3


def test_criticality_with_country_ends_and_vias_equals_the_reference() -> None:
    # a closed place inside an origin set (a country) and closures behind a via
    G = random_network(30, seed=3, n_countries=3, p_extra=0.3, terminal_share=0.4)
    nodes = sorted(G, key=lambda n: int(n[1:]))
    a, b = G.nodes[nodes[0]]["country"], G.nodes[nodes[-1]]["country"]
    pairs = _routable_pairs(G, [(a, nodes[-1]), (nodes[1], b)], "time")
    assert pairs
    check_criticality(G, pairs, "time", ("crossing", "link", "place"))
    via = nodes[len(nodes) // 2]
    pairs = _routable_pairs(G, [(nodes[0], nodes[-1]), (nodes[3], nodes[-2])], "time",
                            via=[via])
    if pairs:
        check_criticality(G, pairs, "time", ("link", "place"), via=[via])


def test_criticality_with_max_crossings_keeps_the_exact_search() -> None:
    G = tiny_network()
    check_criticality(G, [("a1", "c2"), ("a1", "b3")], "distance", max_crossings=2)


def test_a_parallel_edge_of_the_same_class_takes_over() -> None:
    G = _graph("parallel")
    _place(G, "A", "Aa", "AA", 45.0, 60.0)
    _place(G, "B", "Bb", "AA", 45.0, 61.0)
    _place(G, "C", "Cc", "AA", 45.0, 62.0)
    _link(G, "ab-road-1", "A", "B", "road", 100)
    _link(G, "ab-road-2", "A", "B", "road", 130)
    _link(G, "bc-road", "B", "C", "road", 80)
    df = check_criticality(G, [("A", "C")], "distance", ("link", "place")).set_index("element")
    assert df.loc["ab-road-1", "delta"] == 30.0 and not df.loc["ab-road-1", "lost_ods"]
    assert df.loc["bc-road", "lost_ods"] == 1 and df.loc["B", "lost_ods"] == 1


def test_criticality_equals_the_reference_on_real_pairs(G: nx.MultiDiGraph) -> None:
    df = check_criticality(G, REAL_PAIRS, "generalized", ("crossing", "link", "place"),
                           weights=[2.0, 1.0, 0.5])
    assert df["delta"].iloc[0] > 0 or df["lost_ods"].iloc[0] > 0


def test_criticality_still_explains_a_pair_without_a_route(G: nx.MultiDiGraph) -> None:
    with pytest.raises(NoRouteError, match="reachable without") as err:
        criticality(G, [("almaty", "bishkek"), ("almaty", "duisburg")],
                    avoid_countries=["RU", "IR", "AZ", "CN", "AF"])
    assert "duisburg" in str(err.value)
    with pytest.raises(TypeError, match="unknown option 'bogus'"):
        criticality(G, [("almaty", "bishkek")], bogus=1)


# --- the reference corridor ride: a chain of Python state searches ----------------------------
def reference_ride(request: Any, slots: tuple[tuple[str, ...], ...]) -> Any:
    """The Python ``_ride`` the compiled one replaced: ``(path, start)`` or the reason."""
    G, w = request.G, request.weight
    records = G.graph.get("crossings") or {}
    options, transfer, bound = w.options, w.transfer, w.transfer_bound

    def no_cross(u: Hashable, v: Hashable, kd: Any) -> Any:
        return options(u, v, {k: d for k, d in kd.items() if not d.get("crossing")})

    sources: dict[Any, float] = {(o, None): 0.0 for o in sorted(request.origin.nodes, key=str)}
    stages: list[Any] = []
    for i, slot in enumerate(slots):
        xs = {t for t in slot if t in records}
        targets = ({p for t in xs for p in (records[t].post_a, records[t].post_b)} if xs
                   else {t for t in slot if t in G})
        tree = state_dijkstra(G, options if i == 0 else no_cross, transfer, sources, targets,
                              stop="states", bound=bound)
        reached = tree.keys_at(targets)
        if not reached:
            where = "the origin" if i == 0 else "the previous slot without another border"
            return f"{_names(G, slot)} cannot be reached from {where}"
        stages.append(tree)
        if not xs:
            sources = reached
            continue
        jump: dict[Any, Any] = {}
        for (p, cls), d in reached.items():
            for v, kd in G._succ[p].items():
                for k, e in kd.items():
                    if e.get("crossing") not in xs or not w.admits(p, v, k, e):
                        continue
                    c2 = edge_class(e)
                    t = transfer(p, cls, c2)
                    if t is None:
                        continue
                    nd = d + t + w.score(p, v, e)
                    if (v, c2) not in jump or nd < jump[(v, c2)][0]:
                        jump[(v, c2)] = (nd, (p, cls), (p, v, k))
        if not jump:
            return f"no usable crossing among {_names(G, slot)}"
        stages.append(jump)
        sources = {st: val[0] for st, val in jump.items()}
    final = state_dijkstra(G, options, transfer, sources, set(request.destination.nodes),
                           stop="first", bound=bound)
    if final.hit is None:
        return "the destination cannot be reached from the corridor's end"
    stages.append(final)
    key = final.key_of(final.hit)
    parts = []
    for st in reversed(stages):
        if isinstance(st, dict):
            _, key, edge = st[key]
            parts.append([edge])
        else:
            part, key = st.walk(key)
            parts.append(part)
    return [e for part in reversed(parts) for e in part], key[0]


def check_rides(G: nx.MultiDiGraph, pairs: list[tuple[Any, Any]], objective: Any,
                cost_model: CostModel | None = None) -> int:
    """Assert that every corridor ride (both ways) is the reference's; return how many found a
    route."""
    corridors = list((G.graph.get("corridors") or {}).values())
    n = 0
    for o, d in pairs:
        request = build_request(G, o, d, objective, cost_model=cost_model)
        for c in corridors:
            for order in (c.path, c.path[::-1]):
                got, want = _ride_compiled(request, order), reference_ride(request, order)
                # the Python ride is the reference's, path and start, score included
                slow = _ride_python(request, order)
                assert (slow == want if isinstance(want, str) else slow[:2] == want
                        and slow[2] == score_path(G, want[0], request.weights,
                                                  cost_model=request.cost_model,
                                                  facts=False).score), (o, d, c.id)
                if isinstance(want, str):
                    assert got == want
                    continue
                n += 1
                assert not isinstance(got, str), (o, d, c.id, got)
                path, start, score = got
                scored = score_path(G, path, request.weights, cost_model=request.cost_model,
                                    facts=False).score
                assert score == scored  # the ride's score is score_path's, to the bit
                if (path, start) != want:  # an equally good path found first
                    assert scored == score_path(G, want[0], request.weights,
                                                cost_model=request.cost_model,
                                                facts=False).score
    return n


@pytest.mark.parametrize("seed", [2, 5, 9])
def test_rides_equal_the_reference_on_random_networks(seed: int) -> None:
    G = random_network(40, seed=seed, p_extra=0.3, parallel_share=0.5, terminal_share=0.4,
                       n_corridors=3)
    nodes = sorted(G, key=lambda n: int(n[1:]))
    pairs = [(nodes[0], nodes[-1]), (nodes[-3], nodes[4]), (nodes[12], nodes[27])]
    assert check_rides(G, pairs, "time") + check_rides(G, pairs, "score") > 0


@pytest.mark.parametrize("seed", range(1, 12))
def test_rides_equal_the_reference_on_small_multimodal_networks(seed: int) -> None:
    # dense little networks with ports, terminals, one-way and closed links; transfers free,
    # default or dear (the stage ends keep every state a transfer could still make better)
    G = random_network(9 + seed % 4, seed=100 + seed, n_countries=2 + seed % 2, p_extra=0.6,
                       p_closed=0.1, parallel_share=0.4, port_share=0.35, p_one_way=0.1,
                       terminal_share=0.5, n_corridors=2)
    model = [None, NO_TRANSFER, BIG_TRANSFER][seed % 3]
    nodes = sorted(G, key=lambda n: int(n[1:]))
    pairs = [(a, b) for a in nodes[:3] for b in nodes[-3:]]
    assert sum(check_rides(G, pairs, objective, model)
               for objective in ("time", "score", "generalized")) > 0


def test_rides_equal_the_reference_on_real_pairs(G: nx.MultiDiGraph) -> None:
    pairs = [("almaty", "duisburg"), ("tashkent", "karachi"), ("bishkek", "baku")]
    assert check_rides(G, pairs, "time") > 20
    assert check_rides(G, pairs[:1], "generalized") > 5


def test_the_best_route_in_a_corridors_modes(G: nx.MultiDiGraph) -> None:
    for o, d in [("almaty", "duisburg"), ("tashkent", "karachi")]:
        request = build_request(G, o, d, "time")
        for modes in (["rail"], ["rail", "sea"], ["road"]):
            sub = build_request(G, o, d, "time", modes=modes)
            try:
                want: float | None = solve(sub).score
            except NoRouteError:
                want = None
            assert _optimum_in_modes(request, frozenset(modes)) == want


def test_compiled_comparison_equals_the_python_one(G: nx.MultiDiGraph) -> None:
    for o, d, kw in [("almaty", "istanbul", {"max_detour": None}), ("dushanbe", "duisburg", {}),
                     ("almaty", "baku", {"modes": ["rail", "sea"]})]:
        fast = _compare(G, o, d, "time", compiled=True, **kw)
        slow = compare_corridors(G, o, d, "time", **kw)
        assert [r.corridor for r in fast] == [r.corridor for r in slow]
        assert [r.score for r in fast] == [r.score for r in slow]
        assert fast.skipped == slow.skipped
    # the Python ride is the reference's
    request = build_request(G, "almaty", "istanbul", "time")
    for c in G.graph["corridors"].values():
        got, want = _ride_python(request, c.path), reference_ride(request, c.path)
        assert got == want if isinstance(want, str) else got[:2] == want

