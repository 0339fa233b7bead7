"""Criticality's documented contract, column by column, option by option.

The hand-built network of ``tests/test_criticality_ranking.py`` (seven KZ places, road links
only, the ``"distance"`` objective: a route's score is its length in km) and
:func:`corridors.synthetic.tiny_network` (crossings between three countries). Every column of
the returned frame is checked with exact values; so are what each element kind is called
(``name``, ``mode``, ``countries``, ``links``), the three ways of giving weights, ``top``,
``elements`` and the messages of every argument error. The compiled closures and the Python
ones (kept for ``max_crossings``) must give the same figures.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from netdata import write_network
from test_criticality_ranking import PAIRS, WEIGHTS, _redundant, _tables

from corridors import load_network
from corridors.criticality import CRITICALITY_COLUMNS, ELEMENT_KINDS, criticality
from corridors.errors import ArgumentTypeError, ConstraintError, NoRouteError
from corridors.routing import best_route
from corridors.scoring import CostModel
from corridors.synthetic import tiny_network

TOTAL = 2 * 300 + 1 * 280 + 0.5 * 350  # the weighted base total, km
UNWEIGHTED_TOTAL = 300 + 280 + 350
KINDS = "('crossing', 'link', 'place')"


@pytest.fixture(scope="module")
def G(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    return load_network(write_network(tmp_path_factory.mktemp("mutants") / "net", _tables()))


@pytest.fixture(scope="module")
def weighted(G: nx.MultiDiGraph) -> pd.DataFrame:
    return criticality(G, PAIRS, "distance", weights=WEIGHTS)


def _link(element: str, name: str, spof: bool, lost_ods: int, lost_weight: float, lost: str,
          affected: int, delta: float, total: float, worst_od: str, worst_delta: float
          ) -> dict[str, Any]:
    return {"element": element, "kind": "link", "name": name, "mode": "road",
            "countries": "KZ", "links": element, "single_point_of_failure": spof,
            "lost_ods": lost_ods, "lost_weight": lost_weight, "lost": lost,
            "affected_ods": affected, "delta": delta, "delta_share": delta / total,
            "worst_od": worst_od, "worst_delta": worst_delta}


def _place(element: str, spof: bool, lost_ods: int, lost_weight: float, lost: str,
           affected: int, delta: float, total: float, worst_od: str, worst_delta: float
           ) -> dict[str, Any]:
    return {"element": element, "kind": "place", "name": element.upper(), "mode": "",
            "countries": "KZ", "links": "", "single_point_of_failure": spof,
            "lost_ods": lost_ods, "lost_weight": lost_weight, "lost": lost,
            "affected_ods": affected, "delta": delta, "delta_share": delta / total,
            "worst_od": worst_od, "worst_delta": worst_delta}


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    assert list(df.columns) == list(CRITICALITY_COLUMNS)
    assert list(df["rank"]) == list(range(1, len(df) + 1))
    out = []
    for rec in df.to_dict("records"):
        rec = dict(rec)
        del rec["rank"]
        out.append({k: (v.item() if hasattr(v, "item") else v) for k, v in rec.items()})
    return out


ALL = "a -> d; a -> e; a -> g"


def _weighted_rows(ce: str) -> list[dict[str, Any]]:
    return [
        _link("a_b_road", "A - B", True, 3, 3.5, ALL, 3, 0.0, TOTAL, "", 0.0),
        _link("d_g_road", "D - G", True, 1, 0.5, "a -> g", 1, 0.0, TOTAL, "", 0.0),
        _link("b_c_road", "B - C", False, 0, 0.0, "", 3, 375.0, TOTAL, "a -> e", 250.0),
        _link("c_d_road", "C - D", False, 0, 0.0, "", 2, 125.0, TOTAL, "a -> d", 100.0),
        _link(ce, "C - E", False, 0, 0.0, "", 1, 0.0, TOTAL, "a -> e", 0.0),
    ]


def test_every_column_of_the_weighted_ranking(G: nx.MultiDiGraph,
                                              weighted: pd.DataFrame) -> None:
    assert _records(weighted) == _weighted_rows(_redundant(G))
    assert all(type(x) is bool for x in weighted["single_point_of_failure"].tolist())
    for column in ("lost_weight", "delta", "delta_share", "worst_delta"):
        assert all(type(x) is float for x in weighted[column].tolist())


def test_every_column_with_places_closed_too(G: nx.MultiDiGraph) -> None:
    # weight 1 each; ties in lost weight and delta are ordered by kind, then element
    ce = _redundant(G)
    df = criticality(G, PAIRS, "distance", elements=("link", "place"))
    u = UNWEIGHTED_TOTAL
    assert _records(df) == [
        _link("a_b_road", "A - B", True, 3, 3.0, ALL, 3, 0.0, u, "", 0.0),
        _place("b", True, 3, 3.0, ALL, 3, 0.0, u, "", 0.0),
        _place("c", True, 1, 1.0, "a -> e", 3, 100.0, u, "a -> d", 50.0),
        _link("d_g_road", "D - G", True, 1, 1.0, "a -> g", 1, 0.0, u, "", 0.0),
        _place("d", True, 1, 1.0, "a -> g", 1, 0.0, u, "", 0.0),
        _link("b_c_road", "B - C", False, 0, 0.0, "", 3, 350.0, u, "a -> e", 250.0),
        _link("c_d_road", "C - D", False, 0, 0.0, "", 2, 100.0, u, "a -> d", 50.0),
        _link(ce, "C - E", False, 0, 0.0, "", 1, 0.0, u, "a -> e", 0.0),
    ]
    only = criticality(G, PAIRS, "distance", elements="place")
    assert list(only["element"]) == ["b", "c", "d"]
    assert set(only["kind"]) == {"place"}


def test_a_place_or_link_without_a_name_or_country_falls_back_to_its_id(
        G: nx.MultiDiGraph) -> None:
    H = G.copy()
    del H.nodes["c"]["name"]
    del H.nodes["c"]["country"]
    rows = criticality(H, [("a", "d")], "distance",
                       elements=("link", "place")).set_index("element")
    assert rows.loc["c", "name"] == "c" and rows.loc["c", "countries"] == ""
    assert rows.loc["b", "name"] == "B" and rows.loc["b", "countries"] == "KZ"
    assert rows.loc["b_c_road", "name"] == "B - c"
    assert rows.loc["b_c_road", "countries"] == "-KZ"  # an unknown country is blank
    assert rows.loc["c_d_road", "name"] == "c - D"


def test_crossings_are_described_by_their_record_or_their_ends() -> None:
    T = tiny_network()
    pairs = [("a1", "c2"), ("a1", "b3")]
    df = criticality(T, pairs, "distance", elements=("crossing", "link", "place"))
    rows = df.set_index("element")
    described = {e: tuple(rows.loc[e, ["kind", "name", "mode", "countries", "links"]])
                 for e in rows.index}
    assert described == {
        "x-bc-sea": ("crossing", "Bravo-Charlie ferry", "sea", "BB-CC", "b3-c1-sea"),
        "x-ab-road": ("crossing", "Alpha-Bravo road", "road", "AA-BB", "a2-b1-road"),
        "a1-a2-road": ("link", "Alpha - Alpha Border", "road", "AA", "a1-a2-road"),
        "b1-b2-road": ("link", "Bravo Border - Bravo", "road", "BB", "b1-b2-road"),
        "b2-b3-road": ("link", "Bravo - Bravo Port", "road", "BB", "b2-b3-road"),
        "c1-c2-road": ("link", "Charlie Port - Charlie", "road", "CC", "c1-c2-road"),
        "a2": ("place", "Alpha Border", "", "AA", ""),
        "b1": ("place", "Bravo Border", "", "BB", ""),
        "b2": ("place", "Bravo", "", "BB", ""),
        "b3": ("place", "Bravo Port", "", "BB", ""),
        "c1": ("place", "Charlie Port", "", "CC", ""),
    }
    # a crossing is reported once, as the crossing: its link is not listed as a link
    assert "a2-b1-road" not in rows.index and "b3-c1-sea" not in rows.index
    assert list(df["element"]) == ["b1-b2-road", "b2-b3-road", "a2", "b1", "b2", "x-bc-sea",
                                   "c1-c2-road", "b3", "c1", "x-ab-road", "a1-a2-road"]
    x = rows.loc["x-ab-road"]
    assert (x["lost_ods"], x["affected_ods"], x["delta"], x["worst_od"], x["worst_delta"]) \
        == (0, 2, 20.0, "a1 -> c2", 10.0)
    assert x["delta_share"] == 20.0 / _base(T, pairs)
    assert rows.loc["x-bc-sea", "lost"] == "a1 -> c2"
    assert rows.loc["b2", "lost"] == "a1 -> c2; a1 -> b3"
    # without its record, a crossing is named after its ends and their countries
    del T.graph["crossings"]["x-bc-sea"]
    row = criticality(T, [("a1", "c2")], "distance").set_index("element").loc["x-bc-sea"]
    assert (row["kind"], row["name"], row["mode"], row["countries"], row["links"]) == (
        "crossing", "Bravo Port - Charlie Port", "sea", "BB-CC", "b3-c1-sea")


def _base(G: nx.MultiDiGraph, pairs: list[tuple[str, str]]) -> float:
    return sum(best_route(G, o, d, "distance").score for o, d in pairs)


def test_element_kinds_select_what_is_closed() -> None:
    T = tiny_network()
    pairs = [("a1", "c2")]
    default = criticality(T, pairs, "distance")
    assert set(default["kind"]) == {"crossing", "link"}
    pd.testing.assert_frame_equal(
        default, criticality(T, pairs, "distance", elements=("crossing", "link")))
    crossings = criticality(T, pairs, "distance", elements="crossing")
    assert list(crossings["element"]) == ["x-bc-sea", "x-ab-road"]
    links = criticality(T, pairs, "distance", elements=["link"])
    assert list(links["element"]) == ["b1-b2-road", "b2-b3-road", "c1-c2-road", "a1-a2-road"]
    assert list(links["rank"]) == [1, 2, 3, 4]
    assert ELEMENT_KINDS == ("crossing", "link", "place")
    for bad, shown in ((["bridge"], "['bridge']"), ("node", "['node']"),
                       (["link", "edge", "bridge"], "['bridge', 'edge']"), ([], "[]")):
        with pytest.raises(ConstraintError, match=re.escape(
                f"unknown element kind(s) {shown}; use any of {KINDS}")):
            criticality(T, pairs, "distance", elements=bad)


def test_weights_as_a_list_a_mapping_or_none(G: nx.MultiDiGraph,
                                             weighted: pd.DataFrame) -> None:
    by_tuple = {("a", "d"): 2.0, ("a", "e"): 1.0, ("a", "g"): 0.5}
    pd.testing.assert_frame_equal(
        criticality(G, PAIRS, "distance", weights=by_tuple), weighted)
    by_string = {"a:d": 2, "a:e": 1, "a:g": 0.5}
    pd.testing.assert_frame_equal(
        criticality(G, PAIRS, "distance", weights=by_string), weighted)
    # a pair missing from the mapping weighs 1; the (o, d) key wins over "o:d"
    partial = {("a", "d"): 2.0, "a:d": 7.0, "a:g": 0.5}
    pd.testing.assert_frame_equal(
        criticality(G, PAIRS, "distance", weights=partial), weighted)
    pd.testing.assert_frame_equal(
        criticality(G, ["a:d", "a:e", "a:g"], "distance", weights=(2, 1, 0.5)), weighted)
    ones = criticality(G, PAIRS, "distance")
    pd.testing.assert_frame_equal(ones, criticality(G, PAIRS, "distance", weights=None))
    pd.testing.assert_frame_equal(ones,
                                  criticality(G, PAIRS, "distance", weights=[1.0, 1.0, 1.0]))
    pd.testing.assert_frame_equal(ones, criticality(G, PAIRS, "distance", weights={}))
    assert ones.set_index("element").loc["a_b_road", "lost_weight"] == 3.0


def test_zero_weights_are_allowed_and_leave_no_share(G: nx.MultiDiGraph) -> None:
    df = criticality(G, PAIRS, "distance", weights=[0, 0, 0])
    assert (df["lost_weight"] == 0.0).all() and (df["delta"] == 0.0).all()
    assert (df["delta_share"] == 0.0).all() and (df["worst_delta"] == 0.0).all()
    rows = df.set_index("element")
    assert rows.loc["a_b_road", "lost_ods"] == 3 and rows.loc["b_c_road", "affected_ods"] == 3
    assert list(df["element"])[:4] == ["a_b_road", "b_c_road", "c_d_road", _redundant(G)]
    one = criticality(G, PAIRS, "distance", weights=[0.0, 1.0, 0.0]).set_index("element")
    assert one.loc["b_c_road", "delta"] == 250.0
    assert one.loc["b_c_road", "delta_share"] == 250.0 / 280.0


@pytest.mark.parametrize(("weights", "message"), [
    ("2,1,1", "weights must be a sequence of numbers (one per pair) or a mapping from "
              "(origin, destination), got '2,1,1'"),
    (b"abc", "weights must be a sequence of numbers (one per pair) or a mapping from "
             "(origin, destination), got b'abc'"),
    (5, "weights must be a sequence of numbers (one per pair) or a mapping from "
        "(origin, destination), got 5"),
    ([1.0, 2.0], "2 weights for 3 pairs"),
    ([1.0, 2.0, 3.0, 4.0], "4 weights for 3 pairs"),
    ([1.0, -1.0, 2.0], "weights must be finite numbers >= 0, got -1.0"),
    ([1.0, math.nan, 2.0], "weights must be finite numbers >= 0, got nan"),
    ([math.inf, 1.0, 2.0], "weights must be finite numbers >= 0, got inf"),
    ([1.0, True, 2.0], "weights must be finite numbers >= 0, got True"),
    ([1.0, "2", 2.0], "weights must be finite numbers >= 0, got '2'"),
    ({"a:d": -2.0}, "weights must be finite numbers >= 0, got -2.0"),
    ({("a", "e"): None}, "weights must be finite numbers >= 0, got None"),
])
def test_bad_weights_are_refused(G: nx.MultiDiGraph, weights: Any, message: str) -> None:
    with pytest.raises(ConstraintError, match=re.escape(message) + "$"):
        criticality(G, PAIRS, "distance", weights=weights)


def test_top_keeps_the_first_rows(G: nx.MultiDiGraph, weighted: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        criticality(G, PAIRS, "distance", weights=WEIGHTS, top=None), weighted)
    pd.testing.assert_frame_equal(
        criticality(G, PAIRS, "distance", weights=WEIGHTS, top=5), weighted)
    pd.testing.assert_frame_equal(
        criticality(G, PAIRS, "distance", weights=WEIGHTS, top=50), weighted)
    one = criticality(G, PAIRS, "distance", weights=WEIGHTS, top=1)
    pd.testing.assert_frame_equal(one, weighted.iloc[:1])
    four = criticality(G, PAIRS, "distance", weights=WEIGHTS, top=4)
    pd.testing.assert_frame_equal(four, weighted.iloc[:4])
    hint = " (or None for all rows)"
    with pytest.raises(ConstraintError, match=re.escape(
            f"top must be a positive integer, got 0{hint}") + "$"):
        criticality(G, PAIRS, "distance", top=0)
    with pytest.raises(ConstraintError, match=re.escape(
            f"top must be a positive integer, got -2{hint}") + "$"):
        criticality(G, PAIRS, "distance", top=-2)
    with pytest.raises(ArgumentTypeError, match=re.escape(
            f"top must be a positive integer, got float 2.0{hint}") + "$"):
        criticality(G, PAIRS, "distance", top=2.0)
    with pytest.raises(ArgumentTypeError, match=re.escape(
            f"top must be a positive integer, got bool True{hint}") + "$"):
        criticality(G, PAIRS, "distance", top=True)


def test_options_are_checked_and_passed_to_every_route(G: nx.MultiDiGraph) -> None:
    with pytest.raises(ArgumentTypeError, match=re.escape(
            "criticality: unknown option 'avoid_link'; did you mean 'avoid_links'? "
            "(valid options: ")):
        criticality(G, PAIRS, "distance", avoid_link=["b_c_road"])
    with pytest.raises(ArgumentTypeError, match=re.escape(
            "best_route: closures must be True or False, got 'yes'")):
        criticality(G, PAIRS, "distance", closures="yes")
    pd.testing.assert_frame_equal(criticality(G, PAIRS, "distance", closures=False),
                                  criticality(G, PAIRS, "distance"))
    # avoiding b_c_road: a->d takes b-d (350), so c_d_road is on no best route any more
    df = criticality(G, [("a", "d")], "distance", avoid_links=["b_c_road"])
    rows = df.set_index("element")
    assert list(df["element"]) == ["a_b_road", "b_d_road"]
    assert rows.loc["b_d_road", "lost"] == "a -> d"
    with pytest.raises(NoRouteError):
        criticality(G, PAIRS, "distance", avoid_links=["a_b_road"])


def test_the_default_objective_is_generalized(G: nx.MultiDiGraph) -> None:
    pd.testing.assert_frame_equal(criticality(G, PAIRS, weights=WEIGHTS),
                                  criticality(G, PAIRS, "generalized", weights=WEIGHTS))
    assert not criticality(G, PAIRS, weights=WEIGHTS).equals(
        criticality(G, PAIRS, "distance", weights=WEIGHTS))


def test_the_cost_model_is_used_for_every_route(G: nx.MultiDiGraph) -> None:
    default = CostModel()
    slow = dataclasses.replace(default, speed_kmh={**default.speed_kmh, "road": 50.0})
    for extra in ({}, {"max_crossings": 3}):
        rows = criticality(G, PAIRS, "time", weights=WEIGHTS, cost_model=slow,
                           **extra).set_index("element")
        # detours of 50, 250 and 50 km at 50 km/h
        assert rows.loc["b_c_road", "delta"] == pytest.approx(2 * 1.0 + 5.0 + 0.5 * 1.0)
        assert rows.loc["b_c_road", "worst_delta"] == pytest.approx(5.0)
        assert rows.loc["c_d_road", "delta"] == pytest.approx(2 * 1.0 + 0.5 * 1.0)
        assert rows.loc["b_c_road", "delta_share"] == pytest.approx(7.5 / (TOTAL / 50))


def _python_search(G: nx.MultiDiGraph, pairs: Any, objective: str, **kw: Any) -> pd.DataFrame:
    # a max_crossings limit no route reaches keeps the Python search (label-setting)
    return criticality(G, pairs, objective, max_crossings=10, **kw)


@pytest.mark.parametrize("objective", ["distance", "time", "generalized"])
def test_the_compiled_and_the_python_closures_agree(G: nx.MultiDiGraph, objective: str) -> None:
    compiled = criticality(G, PAIRS, objective, weights=WEIGHTS,
                           elements=("crossing", "link", "place"))
    python = _python_search(G, PAIRS, objective, weights=WEIGHTS,
                            elements=("crossing", "link", "place"))
    pd.testing.assert_frame_equal(compiled, python)
    T = tiny_network()
    pairs = [("a1", "c2"), ("a1", "b3"), ("AA", "c2")]
    pd.testing.assert_frame_equal(
        criticality(T, pairs, objective, elements=ELEMENT_KINDS),
        _python_search(T, pairs, objective, elements=ELEMENT_KINDS))


def test_closures_behind_a_via(G: nx.MultiDiGraph) -> None:
    # a->d via c: a-b-c-d 300 km; a->g via c: a-b-c-d-g 350 km
    pairs = [("a", "d"), ("a", "g")]
    kw: dict[str, Any] = {"elements": ("link", "place"), "via": ["c"]}
    compiled = criticality(G, pairs, "distance", **kw)
    pd.testing.assert_frame_equal(compiled, _python_search(G, pairs, "distance", **kw))
    rows = compiled.set_index("element")
    assert rows.loc["c", "lost"] == "a -> d; a -> g"  # the via itself
    assert rows.loc["b_c_road", "delta"] == 250.0 + 250.0  # b-d-c then c-d: 550 km each
    assert rows.loc["d_g_road", "lost"] == "a -> g"
    assert rows.loc["c_d_road", "delta"] == 250.0 + 250.0  # a-b-c-b-d: 550 km over 300


def test_a_closed_place_inside_an_origin_set() -> None:
    # origin AA (a country): closing a place of the set leaves the others to start from
    T = tiny_network()
    pairs = [("AA", "c2"), ("a1", "BB")]
    kw: dict[str, Any] = {"elements": ELEMENT_KINDS}
    compiled = criticality(T, pairs, "distance", **kw)
    pd.testing.assert_frame_equal(compiled, _python_search(T, pairs, "distance", **kw))
    assert "AA -> c2" in set(compiled["lost"])


def test_progress_is_logged(G: nx.MultiDiGraph, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="corridors.criticality"):
        criticality(G, PAIRS, "distance", weights=WEIGHTS)
    assert ("criticality: 3 pairs, 5 candidate elements (of those on best routes)"
            in caplog.messages)


def test_a_coordinate_end_is_labelled_as_a_pair_of_numbers() -> None:
    T = tiny_network()
    df = criticality(T, [([45.0, 60.0], "c2")], "distance")  # a1's coordinate, as a list
    rows = df.set_index("element")
    assert rows.loc["x-bc-sea", "lost"] == "(45.0, 60.0) -> c2"
    assert rows.loc["x-ab-road", "worst_od"] == "(45.0, 60.0) -> c2"


def test_elements_are_link_ids_whatever_the_edge_keys(G: nx.MultiDiGraph,
                                                      weighted: pd.DataFrame) -> None:
    # the same network built with networkx's own edge keys (0, 1, ...): the same table
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, **d)
    assert {k for *_, k in H.edges(keys=True)} == {0, 1}
    kw: dict[str, Any] = {"weights": WEIGHTS, "elements": ("link", "place")}
    want = criticality(G, PAIRS, "distance", **kw)
    pd.testing.assert_frame_equal(criticality(H, PAIRS, "distance", **kw), want)
    pd.testing.assert_frame_equal(_python_search(H, PAIRS, "distance", **kw), want)
    assert _records(criticality(H, PAIRS, "distance", weights=WEIGHTS)) \
        == _weighted_rows(_redundant(G))


def test_an_edge_no_route_may_use_changes_nothing(G: nx.MultiDiGraph,
                                                  weighted: pd.DataFrame) -> None:
    # b_c_road planned from c to b: closing the link closes an edge that was never usable
    K = G.copy()
    K["c"]["b"]["b_c_road"]["status"] = "planned"
    pd.testing.assert_frame_equal(criticality(K, PAIRS, "distance", weights=WEIGHTS), weighted)
    pd.testing.assert_frame_equal(_python_search(K, PAIRS, "distance", weights=WEIGHTS),
                                  weighted)


def test_closures_behind_two_vias(G: nx.MultiDiGraph) -> None:
    # a->g via c, then e: a-b-c-e-c-d-g, 510 km
    kw: dict[str, Any] = {"elements": ("link", "place"), "via": ["c", "e"]}
    compiled = criticality(G, [("a", "g")], "distance", **kw)
    pd.testing.assert_frame_equal(compiled, _python_search(G, [("a", "g")], "distance", **kw))
    rows = compiled.set_index("element")
    assert set(rows.index[rows["lost_ods"] == 1]) == {"a_b_road", "d_g_road", "b", "c", "d",
                                                      "e"}
    assert rows.loc["b_c_road", "delta"] == 250.0  # a-b-d-c: 450 km to c, not 200
    assert rows.loc["c_d_road", "delta"] == 250.0  # e-c-b-d-g: 480 km from e, not 230
    assert rows.loc[_redundant(G), "delta"] == 0.0


def test_only_a_crossing_is_described_by_a_crossing_record() -> None:
    # a crossing record filed under a link's id does not rename the link
    T = tiny_network()
    T.graph["crossings"]["c1-c2-road"] = T.graph["crossings"]["x-bc-road"]
    row = criticality(T, [("a1", "c2")], "distance").set_index("element").loc["c1-c2-road"]
    assert (row["kind"], row["name"], row["mode"], row["countries"], row["links"]) == (
        "link", "Charlie Port - Charlie", "road", "CC", "c1-c2-road")


def test_a_via_given_as_a_coordinate_resolves_again_when_its_place_is_closed(
        G: nx.MultiDiGraph) -> None:
    # a->g via c's coordinate: a-b-c-d-g, 350 km. With c closed the coordinate is the nearest
    # place left (d, a hair nearer than b and e), so a-b-d-g 400 km: +50, nothing lost
    kw: dict[str, Any] = {"elements": "place", "via": [(43.22, 76.86)]}
    compiled = criticality(G, [("a", "g")], "distance", **kw)
    pd.testing.assert_frame_equal(compiled, _python_search(G, [("a", "g")], "distance", **kw))
    assert compiled[["element", "lost", "delta"]].values.tolist() == [
        ["b", "a -> g", 0.0], ["d", "a -> g", 0.0], ["c", "", 50.0]]


def test_a_via_coordinate_keeps_the_cost_model(G: nx.MultiDiGraph) -> None:
    # the same closure in hours at 50 km/h: a-b-d-g 400 km (8 h) over a-b-c-d-g 350 km (7 h)
    default = CostModel()
    slow = dataclasses.replace(default, speed_kmh={**default.speed_kmh, "road": 50.0})
    rows = criticality(G, [("a", "g")], "time", elements="place", via=[(43.22, 76.86)],
                       cost_model=slow).set_index("element")
    assert rows.loc["c", "delta"] == pytest.approx(1.0)
    assert rows.loc["c", "delta_share"] == pytest.approx(1.0 / 7.0)


def _detour_network() -> nx.MultiDiGraph:
    """A-B-D inside AA (200 km), or A-C-D through BB (300 km, two border crossings)."""
    from corridors.model import BorderCrossing
    from corridors.synthetic import _graph
    from corridors.synthetic import _link as link
    from corridors.synthetic import _place as place

    H = _graph("detour")
    for pid, country, lat, lon in (("A", "AA", 45.0, 60.0), ("B", "AA", 45.0, 61.0),
                                   ("C", "BB", 44.0, 61.0), ("D", "AA", 45.0, 62.0)):
        place(H, pid, pid + "a", country, lat, lon)
    H.graph["crossings"]["x-ac"] = BorderCrossing("x-ac", "A-C road", "road", "A", "C", "AA",
                                                  "BB")
    H.graph["crossings"]["x-cd"] = BorderCrossing("x-cd", "C-D road", "road", "C", "D", "BB",
                                                  "AA")
    link(H, "ab", "A", "B", "road", 100)
    link(H, "bd", "B", "D", "road", 100)
    link(H, "ac", "A", "C", "road", 150, crossing="x-ac")
    link(H, "cd", "C", "D", "road", 150, crossing="x-cd")
    return H


@pytest.mark.parametrize(("limit", "lost"), [(None, ""), (1, "A -> D"), (2, "")])
def test_a_max_crossings_limit_holds_in_every_closure(limit: int | None, lost: str) -> None:
    H = _detour_network()
    kw: dict[str, Any] = {} if limit is None else {"max_crossings": limit}
    df = criticality(H, [("A", "D")], "distance", elements=ELEMENT_KINDS, **kw)
    delta = 0.0 if lost else 100.0
    assert df[["element", "kind", "lost", "delta"]].values.tolist() == [
        ["ab", "link", lost, delta], ["bd", "link", lost, delta], ["B", "place", lost, delta]]


def test_a_pair_without_a_route_is_explained_as_best_route_does(G: nx.MultiDiGraph) -> None:
    message = "no route from a to e; reachable without avoid_links=['a_b_road']"
    with pytest.raises(NoRouteError, match=re.escape(message) + "$"):
        criticality(G, [("a", "e"), ("a", "d")], "distance", avoid_links=["a_b_road"])
    with pytest.raises(NoRouteError, match=re.escape(message) + "$"):
        criticality(G, [("a", "e"), ("a", "d")], "distance", avoid_links=["a_b_road"],
                    max_crossings=3)


def test_a_pair_already_at_its_destination_or_no_pair_closes_nothing(
        G: nx.MultiDiGraph) -> None:
    # KZ holds d: the route from KZ to d is empty, no element is on it
    empty = criticality(G, [("KZ", "d")], "distance", elements=ELEMENT_KINDS)
    assert list(empty.columns) == list(CRITICALITY_COLUMNS) and empty.empty
    assert criticality(G, [], "distance").empty
    rows = criticality(G, [("KZ", "d"), ("a", "e")], "distance",
                       elements=("link", "place")).set_index("element")
    assert set(rows.index) == {"a_b_road", "b", "c", "b_c_road", _redundant(G)}
    assert rows.loc["b_c_road", "delta_share"] == 250.0 / 280.0


def test_a_share_of_a_small_total(G: nx.MultiDiGraph) -> None:
    # a->d weighs 0.001: a base total of 0.3 km-weights, b_c_road's detour 0.05 of it
    rows = criticality(G, PAIRS, "distance", weights=[0.001, 0.0, 0.0]).set_index("element")
    assert rows.loc["b_c_road", "delta"] == pytest.approx(0.05)
    assert rows.loc["b_c_road", "delta_share"] == pytest.approx(0.05 / 0.3)


def test_an_edge_without_a_link_id_is_named_by_its_key(G: nx.MultiDiGraph,
                                                       weighted: pd.DataFrame) -> None:
    # the edge key is the link id (data/README.md): a graph without link_id gives the same
    H = G.copy()
    for *_, d in H.edges(data=True):
        del d["link_id"]
    pd.testing.assert_frame_equal(criticality(H, PAIRS, "distance", weights=WEIGHTS), weighted)


def test_a_coordinate_end_given_as_a_list_takes_its_mapping_weight() -> None:
    """A ``[lat, lon]`` list is a valid end; its weight is looked up as the tuple."""
    from corridors.criticality import _weights

    pairs = [([45.0, 60.0], "c2"), ("a", "b")]
    assert _weights(pairs, {((45.0, 60.0), "c2"): 3.0}) == [3.0, 1.0]
    assert _weights(pairs, {"a:b": 2.0}) == [1.0, 2.0]
