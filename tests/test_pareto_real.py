"""Pareto fronts of three criteria on the real network, checked against the fronts of two.

A route on the front of two criteria has, among the routes with the same two figures, one
with the least third figure, and that one is on the front of all three. So every vector of a
two-criteria front is the projection of a member of the three-criteria front. On small random
networks the three-criteria fronts are too small to show a wrong dominance test (a route
pruned when a label is better in *either* remaining criterion); here they have many members.
"""

from __future__ import annotations

import pytest
from routing_brute import time_limit

from corridors import load_network
from corridors.routing import pareto_front

ATTRS = {"distance": "distance_km", "crossings": "crossings", "time": "time_h",
         "cost": "cost_usd"}


def _vector(route, criteria: tuple[str, ...]) -> tuple[float, ...]:
    return tuple(round(float(getattr(route, ATTRS[c])), 6) for c in criteria)


@pytest.fixture(scope="module")
def G():
    return load_network()


def test_every_two_criteria_front_is_a_projection_of_the_three_criteria_front(G) -> None:
    three = ("distance", "crossings", "time")
    full = [_vector(r, three) for r in pareto_front(G, "almaty", "baku", three)]
    assert len(full) >= 5  # enough members to tell a wrong dominance test
    assert len(set(full)) == len(full)
    for pair in (("distance", "crossings"), ("distance", "time"), ("crossings", "time")):
        index = [three.index(c) for c in pair]
        projected = {tuple(v[i] for i in index) for v in full}
        for r in pareto_front(G, "almaty", "baku", pair):
            assert _vector(r, pair) in projected, (pair, _vector(r, pair), sorted(projected))
    for v in full:  # and no member dominates another
        assert not any(w != v and all(x <= y for x, y in zip(w, v, strict=True)) for w in full)


def test_every_three_criteria_front_is_a_projection_of_the_four_criteria_front(G) -> None:
    # four criteria take the general dominance test (three or more remaining criteria)
    four = ("distance", "crossings", "time", "cost")
    # (0.1 s here: a broken dominance test makes the front explode, and fails at the limit)
    with time_limit(20, "the four-criteria front"):
        full = [_vector(r, four) for r in pareto_front(G, "almaty", "baku", four)]
    assert len(full) >= 5
    assert len(set(full)) == len(full)
    for v in full:
        assert not any(w != v and all(x <= y for x, y in zip(w, v, strict=True)) for w in full)
    for three in (("distance", "crossings", "time"), ("crossings", "time", "cost")):
        index = [four.index(c) for c in three]
        projected = {tuple(v[i] for i in index) for v in full}
        for r in pareto_front(G, "almaty", "baku", three):
            assert _vector(r, three) in projected, (three, _vector(r, three))
