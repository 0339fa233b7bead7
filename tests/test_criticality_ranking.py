"""Criticality on a network whose ranking is worked out by hand: exact order, exact figures.

Seven places in Kazakhstan, road links only, the ``"distance"`` objective (a route's score is
its length in km)::

    a --100-- b --100-- c --100-- d --50-- g
               \\          |\\       |
                \\         | 80 80  |
                 \\        |  e     |
                  `------250-------'   (b-d, 250 km)

``c-e`` is two parallel links of 80 km (``c_e_north_road``, ``c_e_south_road``). Pairs and
weights: a->d (2), a->e (1), a->g (0.5). Best routes: a-b-c-d 300 km, a-b-c-e 280 km,
a-b-c-d-g 350 km; weighted total 2*300 + 280 + 0.5*350 = 1055.

Closing one link at a time (``data/README.md`` / :mod:`corridors.criticality`):

==================  =====================================  ==========  ======  ==========
link                what the pairs do                      lost        delta   worst
==================  =====================================  ==========  ======  ==========
a_b_road            every pair is cut off                  3 (3.5)     0
d_g_road            a->g is cut off                        1 (0.5)     0
b_c_road            a->d by b-d 350 (+50 x2), a->e by      0           375     a->e 250
                    b-d-c-e 530 (+250), a->g 400 (+50 x.5)
c_d_road            a->d by b-d 350 (+50 x2), a->g by      0           125     a->d 100
                    b-d-g 400 (+50 x.5)
the c-e link used   a->e by the other c-e link, 280        0           0
==================  =====================================  ==========  ======  ==========

b_d_road is on no best route: it is not listed. Ranked by lost weight, then delta, both
descending.
"""

from __future__ import annotations

import networkx as nx
import pytest
from netdata import write_network

from corridors import load_network
from corridors.criticality import criticality
from corridors.routing import best_route

SRC = "src_test"
PAIRS = [("a", "d"), ("a", "e"), ("a", "g")]
WEIGHTS = [2.0, 1.0, 0.5]
TOTAL = 2 * 300 + 1 * 280 + 0.5 * 350


def _tables() -> dict[str, list[dict[str, str]]]:
    # places within 30 km of each other: a road's length may be any multiple of its chord
    coords = {"a": (43.20, 76.80), "b": (43.21, 76.83), "c": (43.22, 76.86),
              "d": (43.23, 76.89), "e": (43.21, 76.89), "g": (43.24, 76.92)}
    places = [{"id": p, "name": p.upper(), "country": "KZ", "lat": f"{la}", "lon": f"{lo}",
               "kind": "city", "source": SRC} for p, (la, lo) in coords.items()]
    links = [{"id": lid, "from": u, "to": v, "mode": "road", "distance_km": km,
              "status": "operational", "source": SRC}
             for lid, u, v, km in (("a_b_road", "a", "b", "100"), ("b_c_road", "b", "c", "100"),
                                   ("c_d_road", "c", "d", "100"), ("b_d_road", "b", "d", "250"),
                                   ("c_e_north_road", "c", "e", "80"),
                                   ("c_e_south_road", "c", "e", "80"),
                                   ("d_g_road", "d", "g", "50"))]
    return {"sources": [{"id": SRC, "title": "Test source", "year": "2024"}],
            "places": places, "links": links, "border_crossings": []}


@pytest.fixture(scope="module")
def G(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    return load_network(write_network(tmp_path_factory.mktemp("ranking") / "net", _tables()))


def _redundant(G: nx.MultiDiGraph) -> str:
    """The c-e link on a->e's best route (the two are equally long: either may be chosen)."""
    route = best_route(G, "a", "e", "distance")
    assert route.distance_km == 280
    (link,) = [k for _, _, k in route.edges if k.startswith("c_e_")]
    return str(link)


def test_the_hand_computed_ranking(G: nx.MultiDiGraph) -> None:
    assert [best_route(G, o, d, "distance").distance_km for o, d in PAIRS] == [300, 280, 350]
    ce = _redundant(G)
    df = criticality(G, PAIRS, "distance", weights=WEIGHTS)
    assert list(df["element"]) == ["a_b_road", "d_g_road", "b_c_road", "c_d_road", ce]
    assert list(df["rank"]) == [1, 2, 3, 4, 5]
    assert set(df["kind"]) == {"link"}
    rows = df.set_index("element")
    expected = {  # lost_ods, lost_weight, delta, affected_ods, worst_od, worst_delta
        "a_b_road": (3, 3.5, 0.0, 3, "", 0.0),
        "d_g_road": (1, 0.5, 0.0, 1, "", 0.0),
        "b_c_road": (0, 0.0, 2 * 50 + 1 * 250 + 0.5 * 50, 3, "a -> e", 250.0),
        "c_d_road": (0, 0.0, 2 * 50 + 0.5 * 50, 2, "a -> d", 100.0),
        ce: (0, 0.0, 0.0, 1, "a -> e", 0.0),
    }
    for element, (lost, weight, delta, affected, worst, worst_delta) in expected.items():
        row = rows.loc[element]
        got = (row["lost_ods"], row["lost_weight"], row["delta"], row["affected_ods"],
               row["worst_od"], row["worst_delta"])
        assert got == (lost, weight, pytest.approx(delta), affected, worst,
                       pytest.approx(worst_delta)), element
        assert bool(row["single_point_of_failure"]) == (lost > 0)
        assert row["delta_share"] == pytest.approx(delta / TOTAL)
    assert rows.loc["a_b_road", "lost"] == "a -> d; a -> e; a -> g"
    assert rows.loc["d_g_road", "lost"] == "a -> g"
    assert (rows.loc[["b_c_road", "c_d_road", ce], "lost"] == "").all()
    assert "b_d_road" not in rows.index  # on no best route


def test_lost_weight_outranks_any_delta(G: nx.MultiDiGraph) -> None:
    # a->g alone weighs 0.001: d_g_road still ranks above b_c_road's 350 km of detours
    df = criticality(G, PAIRS, "distance", weights=[2.0, 1.0, 0.001])
    order = list(df["element"])
    assert order[:4] == ["a_b_road", "d_g_road", "b_c_road", "c_d_road"]
    rows = df.set_index("element")
    assert rows.loc["d_g_road", "lost_weight"] == pytest.approx(0.001)
    assert rows.loc["b_c_road", "delta"] == pytest.approx(100 + 250 + 0.05)


def test_top_keeps_the_most_critical(G: nx.MultiDiGraph) -> None:
    df = criticality(G, PAIRS, "distance", weights=WEIGHTS, top=3)
    assert list(df["element"]) == ["a_b_road", "d_g_road", "b_c_road"]
    assert list(df["rank"]) == [1, 2, 3]


def test_unweighted_with_places(G: nx.MultiDiGraph) -> None:
    # weight 1 each. Places closed too: b cuts every pair off; c cuts e off (its only link)
    # and sends a->d and a->g round by b-d (+50 each); d cuts a->g off (a->d ends there)
    ce = _redundant(G)
    df = criticality(G, PAIRS, "distance", elements=("link", "place"))
    rows = df.set_index("element")
    order = list(df["element"])
    assert set(order[:2]) == {"a_b_road", "b"}  # lost weight 3 each
    assert order[2] == "c"  # lost weight 1, delta 100
    assert set(order[3:5]) == {"d_g_road", "d"}  # lost weight 1, delta 0
    assert order[5:] == ["b_c_road", "c_d_road", ce]  # deltas 350, 100, 0
    assert rows.loc["c", "lost"] == "a -> e" and rows.loc["c", "delta"] == pytest.approx(100)
    assert rows.loc["d", "lost"] == "a -> g" and rows.loc["d", "affected_ods"] == 1
    assert rows.loc["b_c_road", "delta"] == pytest.approx(50 + 250 + 50)
    assert rows.loc["c_d_road", "delta"] == pytest.approx(50 + 50)
    assert set(rows.loc[["b", "c", "d"], "kind"]) == {"place"}
