"""Criticality: single points of failure, checked against closing every element by brute force."""

from __future__ import annotations

import networkx as nx
import pytest

from corridors import load_network
from corridors.criticality import CRITICALITY_COLUMNS, criticality
from corridors.errors import ConstraintError, NoRouteError
from corridors.routing import best_route
from corridors.synthetic import random_network, tiny_network


def test_a_bridge_is_the_most_critical_element() -> None:
    G = tiny_network()
    df = criticality(G, [("a1", "c2")], "distance")
    assert list(df.columns) == list(CRITICALITY_COLUMNS)
    assert list(df["rank"]) == list(range(1, len(df) + 1))
    # b2-b3 road, the b3-c1 ferry and c1-c2 road are bridges: losing any loses the pair; so is
    # b1-b2 road now: its parallel rail link ends at b2, which is no terminal, so a container
    # cannot change from rail back to road there
    bridges = {"b1-b2-road", "b2-b3-road", "x-bc-sea", "c1-c2-road"}
    assert not G.nodes["b2"].get("transshipment")
    top = df.iloc[:4]
    assert set(top["element"]) == bridges
    assert top["single_point_of_failure"].all() and (top["lost_ods"] == 1).all()
    assert (top["lost"] == "a1 -> c2").all()
    assert df.iloc[0]["lost_weight"] == df["lost_weight"].max()
    ferry = df.set_index("element").loc["x-bc-sea"]
    assert ferry["kind"] == "crossing" and ferry["links"] == "b3-c1-sea"
    assert ferry["countries"] == "BB-CC" and ferry["mode"] == "sea"
    # the road crossing has a parallel rail crossing: a detour, not a failure
    road = df.set_index("element").loc["x-ab-road"]
    assert not road["single_point_of_failure"] and road["delta"] == 10.0


def test_weights_scale_the_loss() -> None:
    G = tiny_network()
    one = criticality(G, [("a1", "c2"), ("a1", "b2")], "distance").set_index("element")
    two = criticality(G, [("a1", "c2"), ("a1", "b2")], "distance",
                      weights=[1.0, 3.0]).set_index("element")
    assert two.loc["x-ab-road", "delta"] == 10.0 + 3 * 10.0
    assert one.loc["x-ab-road", "delta"] == 20.0 and one.loc["x-ab-road", "affected_ods"] == 2
    assert two.loc["x-bc-sea", "lost_weight"] == 1.0
    with pytest.raises(ConstraintError, match="weights"):
        criticality(G, [("a1", "c2")], weights=[1.0, 2.0])


def brute(G: nx.MultiDiGraph, pairs: list, objective: str) -> dict[str, tuple[float, int]]:
    """Close every link of the network in turn and re-route every pair."""
    base = [best_route(G, o, d, objective).score for o, d in pairs]
    out = {}
    for link in sorted({d["link_id"] for *_, d in G.edges(data=True)}):
        delta, lost = 0.0, 0
        for (o, d), b in zip(pairs, base, strict=True):
            try:
                delta += max(0.0, best_route(G, o, d, objective, avoid_links=[link]).score - b)
            except NoRouteError:
                lost += 1
        out[link] = (delta, lost)
    return out


@pytest.mark.parametrize("seed", [2, 5])
def test_pruning_is_exact_against_closing_every_link(seed: int) -> None:
    G = random_network(30, seed=seed, p_extra=0.2)
    nodes = sorted(G, key=lambda n: int(n[1:]))
    pairs = [(nodes[0], nodes[-1]), (nodes[3], nodes[-5])]
    pairs = [p for p in pairs if nx.has_path(G, *p)]
    try:
        for o, d in pairs:
            best_route(G, o, d, "time")
    except NoRouteError:
        pytest.skip("random pair without an operational route")
    df = criticality(G, pairs, "time")
    assert len(df) > 3
    got = {}
    for _, row in df.iterrows():
        for link in row["links"].split(", "):
            got[link] = (row["delta"], row["lost_ods"])
    closed_all = brute(G, pairs, "time")
    assert set(got) < set(closed_all) and any(x[0] > 0 for x in closed_all.values())
    for link, (delta, lost) in closed_all.items():
        if link in got:
            assert got[link][1] == lost and got[link][0] == pytest.approx(delta)
        else:  # not on any best route: closing it costs nothing (the pruning claim)
            assert lost == 0 and delta == pytest.approx(0.0, abs=1e-9)


def test_places_can_be_closed_too() -> None:
    G = tiny_network()
    df = criticality(G, [("a1", "c2")], "distance", elements="place")
    assert set(df["kind"]) == {"place"}
    assert "a1" not in set(df["element"]) and "c2" not in set(df["element"])
    assert df.set_index("element").loc["b3", "single_point_of_failure"]
    with pytest.raises(ConstraintError, match="element kind"):
        criticality(G, [("a1", "c2")], elements=["bridge"])


def test_the_real_network_with_a_handful_of_pairs() -> None:
    G = load_network()
    edges = G.number_of_edges()
    pairs = [("almaty", "duisburg"), ("dushanbe", "karachi"), ("tashkent", "karachi")]
    df = criticality(G, pairs, top=10)
    assert len(df) == 10 and df["delta"].iloc[0] > 0
    assert G.number_of_edges() == edges and "scenario" not in G.graph
    rail = criticality(G, [("almaty", "duisburg")], modes=["rail"], top=3)
    assert (rail["affected_ods"] == 1).all()
    with pytest.raises(NoRouteError):
        criticality(G, [("almaty", "duisburg")], avoid_countries=["RU", "IR", "AZ", "CN",
                                                                     "AF"])
