"""Corners of corridors.scoring that the reference comparison does not reach by itself.

Each test states a documented rule (the docstrings of ``corridors.scoring``, README.md,
data/README.md) on a case the random and built-in networks of tests/test_reference_scorer.py
do not draw: a border crossing whose places lack a country or share one, a crossing edge
between places that are not the record's posts, a crossing id without a record, an empty
path, a rail link without a gauge, figures a link should not carry (a vessel speed off the
sea, a gauge off the rail), rail classes of any gauges, ``facts=False`` on a path with a gauge
break, the public one-edge and one-terminal helpers with and without a cost model, and the
exact errors of bad arguments and of a bad edge. Where a path is scored, ``score_path`` must
also agree with ``tests/reference_scorer.py``.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_reference_scorer import both, crossing, network

from corridors import scoring
from corridors.errors import ArgumentTypeError, DataError, DataProblem
from corridors.scoring import (
    CostModel,
    edge_class,
    edge_score,
    edge_terms,
    score_path,
    terminal_emissions,
    terminal_handling,
    transfer_function,
)
from corridors.synthetic import tiny_network


def uses(s):
    return [(x.id, x.name, x.from_country, x.to_country, x.mode, x.gauge_change)
            for x in s.border_crossings]


@pytest.fixture(scope="module")
def borders():
    """Crossing edges off the beaten track of the data contract.

    ``k-c`` crosses KZ > CN but its record ``x`` names other posts; ``s`` joins two KZ places
    under a KZ/CN record; ``n`` has no country at all; ``g`` uses a crossing id without a
    record.
    """
    G = network({"k": ("KZ", None), "c": ("CN", None), "n": ("KZ", None),
                 "s1": ("KZ", None), "s2": ("KZ", None)},
                [("k-c", "k", "c", "road", 40, {"crossing": "x"}),
                 ("s", "s1", "s2", "road", 40, {"crossing": "y"}),
                 ("n-c", "n", "c", "rail", 40, {"crossing": "z", "gauge_mm": (1520,)}),
                 ("g", "k", "n", "road", 40, {"crossing": "ghost"})],
                [crossing("x", "road", "pa", "pb", "KZ", "CN"),
                 crossing("y", "road", "s1", "s2", "KZ", "CN"),
                 crossing("z", "rail", "n", "c", "KZ", "CN", gauge_change=True)])
    del G.nodes["n"]["country"]
    return G


def test_a_crossing_is_named_by_the_countries_of_its_places(borders):
    # both places have a country and they differ: the places decide, in the direction
    # travelled, whatever posts the record names
    for path, want in ([("c", "k", "k-c")], ("CN", "KZ")), ([("k", "c", "k-c")], ("KZ", "CN")):
        for s in both(borders, path):
            assert uses(s) == [("x", "X", *want, "road", False)]
            assert tuple(s.countries) == want


def test_a_crossing_between_places_of_one_country_takes_the_record(borders):
    for path, want in ([("s1", "s2", "s")], ("KZ", "CN")), ([("s2", "s1", "s")], ("CN", "KZ")):
        for s in both(borders, path):
            assert uses(s) == [("y", "Y", *want, "road", False)]
            assert tuple(s.countries) == ("KZ",)


def test_a_place_without_a_country_takes_the_record(borders):
    for path, want in ([("n", "c", "n-c")], ("KZ", "CN")), ([("c", "n", "n-c")], ("CN", "KZ")):
        for s in both(borders, path):
            assert uses(s) == [("z", "Z", *want, "rail", True)]
            assert tuple(s.countries) == ("CN",)


def test_a_crossing_without_a_record(borders):
    # its id is its name, the edge gives the mode, there is no gauge change, and a place
    # without a country is named ""; time and cost are the cost model's road defaults
    for path, want in ([("k", "n", "g")], ("KZ", "")), ([("n", "k", "g")], ("", "KZ")):
        for s in both(borders, path, "time"):
            assert uses(s) == [("ghost", "ghost", *want, "road", False)]
            assert s.gauge_breaks == () and s.crossings == 1
            assert s.time_h == pytest.approx(40 / 42 + 9.9)


def test_the_countries_of_an_empty_path(borders):
    for start, want in ((None, ()), ("nowhere", ()), ("k", ("KZ",)), ("n", ())):
        for s in both(borders, [], start=start):
            assert tuple(s.countries) == want and s.distance_km == 0 and s.score == 0


def test_a_rail_link_without_a_gauge_joins_any_gauge():
    # no terminal anywhere: a rail class without gauges is compatible with every gauge, so
    # the train runs on without a handling or a gauge break
    G = network({"a": ("KZ", None), "b": ("KZ", None), "c": ("KZ", None)},
                [("a-b", "a", "b", "rail", 100, {}),
                 ("b-c", "b", "c", "rail", 100, {"gauge_mm": (1520,)})])
    for path in ([("a", "b", "a-b"), ("b", "c", "b-c")], [("c", "b", "b-c"), ("b", "a", "a-b")]):
        for s in both(G, path, "time"):
            assert s.gauge_breaks == () and s.transfers == 0 and s.transfer_h == 0
            assert s.time_h == pytest.approx(200 / 53.9)
    f = transfer_function(G)
    assert f("b", "rail", "rail:1520") == f("b", "rail:1520", "rail") == (0.0, 0.0, 0, 0.0)
    assert f("b", "rail:1435", "rail:1520") is None  # a real break needs a rail terminal
    assert f("nowhere", "road", "rail") is None  # no such place, so no terminal


GAUGE = st.integers(600, 2000)


@settings(deadline=None, max_examples=60)
@given(gauges=st.one_of(GAUGE, st.lists(GAUGE, min_size=1, max_size=3).map(tuple)))
def test_rail_class_names_its_gauges(gauges):
    """``rail:<gauges>``: the distinct gauges, ascending, joined by ``|`` (one int or a tuple)."""
    listed = (gauges,) if isinstance(gauges, int) else gauges
    want = "rail:" + "|".join(str(g) for g in sorted(set(listed)))
    assert edge_class({"mode": "rail", "gauge_mm": gauges}) == want
    assert edge_class({"mode": "rail", "gauge_mm": gauges}) == want  # asked again


def test_edge_class_computed_with_an_empty_cache(monkeypatch):
    # the class cache is module state: start from an empty one, so the classes are computed
    # here, not taken from an earlier test (or from the process this one was forked from)
    monkeypatch.setattr(scoring, "_CLASS_CACHE", {})
    assert edge_class({"mode": "rail", "gauge_mm": 1520}) == "rail:1520"
    assert edge_class({"mode": "rail", "gauge_mm": (1520, 1435, 1520)}) == "rail:1435|1520"
    assert edge_class({"mode": "rail", "gauge_mm": ()}) == "rail"
    assert edge_class({"mode": "rail"}) == "rail"


def test_edge_class_of_other_modes_and_of_rail_without_gauge():
    assert edge_class({"mode": "rail"}) == edge_class({"mode": "rail", "gauge_mm": ()}) == "rail"
    assert [edge_class({"mode": m}) for m in ("road", "sea")] == ["road", "sea"]


def test_terminal_figures_default_to_the_cost_model():
    G = tiny_network()
    # b3's terminal publishes no handling (tiny_network: a seaport with its dwell only)
    assert terminal_handling(G, "b3") == (12.0, 100.0)
    assert terminal_emissions(G, "b3") == (7.0, 5.6)
    m = CostModel(transfer_h=3.0, transfer_usd=40.0, handling_kg_co2e=2.0,
                  handling_ttw_kg_co2e=1.5)
    assert terminal_handling(G, "b3", m) == (3.0, 40.0)
    assert terminal_emissions(G, "b3", m) == (2.0, 1.5)
    for place in ("b2", "nowhere"):  # no terminal, no such place
        assert terminal_handling(G, place) is None and terminal_emissions(G, place) is None


def test_edge_score_uses_the_cost_model():
    G = tiny_network()
    slow = CostModel(speed_kmh={"road": 21.0}, rate_usd_per_km={"road": 2.0})
    assert edge_score(G, "a1", "a2", "a1-a2-road", "time", cost_model=slow) == pytest.approx(
        100 / 21.0)
    assert edge_score(G, "a1", "a2", "a1-a2-road", "cost", cost_model=slow) == pytest.approx(
        200.0)
    assert edge_terms(G, "a1", "a2", "a1-a2-road", cost_model=slow).time_h == pytest.approx(
        100 / 21.0)


@pytest.mark.parametrize(("change", "column", "what"), [
    ({"mode": "air"}, "mode", "unknown mode 'air' or missing distance_km"),
    ({"distance_km": None}, "distance_km", "unknown mode 'road' or missing distance_km"),
])
def test_a_bad_edge_is_a_data_error_naming_links_csv(change, column, what):
    G = tiny_network()
    d = G["a1"]["a2"]["a1-a2-road"]
    for k, v in change.items():
        if v is None:
            del d[k]
        else:
            d[k] = v
    problem = DataProblem("links.csv", None, column, f"edge a1 -> a2: {what}")
    for call in (lambda: edge_terms(G, "a1", "a2", "a1-a2-road"),
                 lambda: score_path(G, [("a1", "a2", "a1-a2-road")])):
        with pytest.raises(DataError, match=re.escape(f"  - {problem}\n")) as exc:
            call()
        assert exc.value.problems == [problem]


def test_only_sea_links_have_a_vessel_speed_and_only_rail_links_a_gauge():
    # data/README.md: ``speed_kmh`` "sea only", ``gauge_mm`` "rail only"; a stray figure on
    # another mode is not used (no faster train, no gauge break next to a road leg)
    term = {"type": "dry_port", "modes": ("rail", "road")}
    G = network({"a": ("KZ", None), "t": ("KZ", term), "b": ("KZ", None)},
                [("a-t", "a", "t", "rail", 107.8, {"gauge_mm": (1520,), "speed_kmh": 200.0}),
                 ("t-b", "t", "b", "road", 84, {"gauge_mm": (1435,)})])
    for path in ([("a", "t", "a-t"), ("t", "b", "t-b")], [("b", "t", "t-b"), ("t", "a", "a-t")]):
        for s in both(G, path, "time"):
            assert s.time_h == pytest.approx(2.0 + 12.0 + 2.0)  # 53.9 and 42 km/h, a transfer
            assert s.gauge_breaks == () and s.transfers == 1


def test_totals_only_leave_out_the_gauge_breaks_too():
    G = tiny_network()
    rail = [("a1", "a2", "a1-a2-rail"), ("a2", "b1", "a2-b1-rail"), ("b1", "b2", "b1-b2-rail")]
    full, lean = score_path(G, rail), score_path(G, rail, facts=False)
    assert [b.crossing for b in full.gauge_breaks] == ["x-ab-rail"]
    assert (lean.gauge_breaks, lean.border_crossings, lean.countries) == ((), (), ())
    assert (lean.time_h, lean.cost_usd, lean.score) == (full.time_h, full.cost_usd, full.score)


def test_bad_arguments_are_refused_with_their_message():
    G = tiny_network()
    cases = [
        (("G", []), {}, "score_path: the network must be a networkx.MultiDiGraph (from "
                        "corridors.load_network()), got str 'G'"),
        ((G, "a1a2"), {}, "a path is a sequence of (u, v, key) edges, got str 'a1a2'"),
        ((G, 5), {}, "a path is a sequence of (u, v, key) edges, got int 5"),
        ((G, [("a1", "a2")]), {},
         "a path is a sequence of (u, v, key) edges, got list [('a1', 'a2')]"),
        ((G, []), {"cost_model": "fast"},
         "cost_model must be a corridors.scoring.CostModel (e.g. "
         "CostModel(speed_kmh={'road': 50})), got str 'fast'"),
    ]
    for args, kw, message in cases:
        with pytest.raises(ArgumentTypeError, match=f"^{re.escape(message)}$"):
            score_path(*args, **kw)
