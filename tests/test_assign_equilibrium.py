"""The user-equilibrium assignment: a hand-solved two-corridor equilibrium, Wardrop's
conditions checked from the routes' own figures on random networks (every used route as
cheap as the best of many alternatives under the delays the loads cause), the outside
option, and its arguments."""

from __future__ import annotations

import random

import pytest

from corridors.assignment import assign
from corridors.errors import ConstraintError
from corridors.routing import alternatives, best_route
from corridors.synthetic import random_network, tiny_network

ALPHA, BETA = 0.15, 4.0
# one direction: its free time is that of the one edge a route from a1 to c1 takes
X_AB = ("crossing", "x-ab-road", "ab")


def _free_hours(route, crossing: str) -> float:
    """The crossing's time on a route: its leg without the transfer before it."""
    (leg,) = [leg for leg in route.legs if leg.crossing == crossing]
    return leg.time_h - leg.transfer_h


def test_two_corridors_share_the_demand_where_their_times_meet() -> None:
    G = tiny_network()
    fast = best_route(G, "a1", "c1", "time")
    slow = best_route(G, "a1", "c1", "time", avoid_crossings=["x-ab-road"])
    assert "x-ab-road" in [x.id for x in fast.border_crossings]
    t0 = _free_hours(fast, "x-ab-road")
    capacity, demand = 400.0, 5000.0
    # the fast corridor takes TEU until its queue makes it as slow as the other one:
    # fast + t0 * alpha * (v / capacity) ** beta = slow
    expected = capacity * ((slow.time_h - fast.time_h) / (t0 * ALPHA)) ** (1 / BETA)
    assert 0 < expected < demand
    a = assign(G, [("a1", "c1", demand)], "time", capacities={X_AB: capacity},
               method="equilibrium", gap=1e-8, penalty_usd_per_teu=1e9)
    (o,) = a.od
    on_fast = sum(teu for r, teu in o.routes if "x-ab-road" in [x.id for x in r.border_crossings])
    assert on_fast == pytest.approx(expected, rel=1e-6)
    assert o.assigned_teu == pytest.approx(demand) and a.unserved_teu == pytest.approx(0)
    # every used route takes as long as the slow corridor once its queue is counted
    for (route, _), delay in zip(o.routes, o.delays_h, strict=True):
        assert route.time_h + delay == pytest.approx(slow.time_h, rel=1e-6)
    (flow,) = [f for f in a.flows if f.element == X_AB]
    assert flow.delay_h == pytest.approx(slow.time_h - fast.time_h, rel=1e-6)
    assert flow.utilisation > 1                   # a queue, not a wall
    assert a.method == "equilibrium" and a.gap <= 1e-8
    assert a.bottlenecks[0].element == X_AB


def test_a_queue_longer_than_the_way_out_sends_the_rest_out() -> None:
    G = tiny_network()
    others = ["x-ab-rail", "x-ac-road"]   # every route takes the capacitated crossing
    fast = best_route(G, "a1", "c1", "time", avoid_crossings=others)
    t0 = _free_hours(fast, "x-ab-road")
    penalty = fast.time_h + 10.0          # leaving is worth it beyond a 10-hour queue
    a = assign(G, [("a1", "c1", 5000.0)], "time", capacities={X_AB: 400.0},
               method="equilibrium", gap=1e-8, penalty_usd_per_teu=penalty,
               avoid_crossings=others)
    (o,) = a.od
    carried = 400.0 * (10.0 / (t0 * ALPHA)) ** (1 / BETA)
    assert o.assigned_teu == pytest.approx(carried, rel=1e-6)
    assert o.unserved_teu == pytest.approx(5000.0 - carried, rel=1e-6)
    assert o.delays_h[0] == pytest.approx(10.0, rel=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_wardrop_conditions_hold_on_random_networks(seed: int) -> None:
    G = random_network(30, seed=200 + seed, n_countries=4, parallel_share=0.4)
    rng = random.Random(seed)
    places = sorted(G)
    demand = [(o, d, float(rng.randint(500, 3000)))
              for o, d in (rng.sample(places, 2) for _ in range(5))]
    free = assign(G, demand, "time", capacities=False)
    busy = sorted((f for f in free.flows if f.kind == "crossing" and f.element[2] == "both"),
                  key=lambda f: -f.teu)[:4]
    assert busy
    # one direction of each (the free time of a direction is that of its edge)
    caps = {}
    for f in busy:
        for direction in ("ab", "ba"):
            caps[("crossing", f.element[1], direction)] = f.teu * rng.uniform(0.2, 0.7)
    a = assign(G, demand, "time", capacities=caps, method="equilibrium", gap=1e-8,
               penalty_usd_per_teu=1e9)
    assert a.gap <= 1e-8
    load = {f.element: f.teu for f in a.flows}
    free_h: dict[tuple, float] = {}

    def direction(route, crossing: str) -> tuple:
        (leg,) = [leg for leg in route.legs if leg.crossing == crossing]
        post_a = G.graph["crossings"][crossing].post_a
        return ("crossing", crossing, "ab" if leg.from_place == post_a else "ba")

    def time_with_queues(route) -> float:
        queue = 0.0
        for x in route.border_crossings:
            element = direction(route, x.id)
            if element in caps:
                free_h.setdefault(element, _free_hours(route, x.id))
                queue += _free_hours(route, x.id) * ALPHA * (
                    load.get(element, 0.0) / caps[element]) ** BETA
        return route.time_h + queue

    for (origin, destination, teu), o in zip(demand, a.od, strict=True):
        assert o.assigned_teu == pytest.approx(teu)
        used = [time_with_queues(r) for r, _ in o.routes]
        # every used route is as quick as the quickest used one ...
        assert max(used) == pytest.approx(min(used), rel=1e-6)
        # ... and no other route beats them (the 8 best by free time, under the queues)
        others = alternatives(G, origin, destination, k=8, objective="time")
        assert min(time_with_queues(r) for r in others) >= min(used) * (1 - 1e-6)
    # the reported delays are the volume-delay function of the loads
    for f in a.flows:
        if f.element in free_h:
            assert f.delay_h == pytest.approx(
                free_h[f.element] * ALPHA * (f.teu / f.capacity) ** BETA, rel=1e-9)
    total = sum(teu for o in a.od for _, teu in o.routes)
    assert total == pytest.approx(sum(t for _, _, t in demand))


def test_without_capacities_the_equilibrium_is_all_or_nothing() -> None:
    G = random_network(30, seed=7)
    places = sorted(G)
    demand = [(places[0], places[-1], 1000.0), (places[3], places[9], 500.0)]
    a = assign(G, demand, capacities=False, method="equilibrium")
    b = assign(G, demand, capacities=False)
    assert [[(r.score, t) for r, t in o.routes] for o in a.od] == [
        [(r.score, t) for r, t in o.routes] for o in b.od]
    assert a.iterations == 0


def test_the_equilibrium_document_has_its_method_gap_and_delays() -> None:
    G = tiny_network()
    a = assign(G, [("a1", "c1", 5000.0)], "time", capacities={X_AB: 400.0},
               method="equilibrium")
    doc = a.to_dict()
    assert doc["method"] == "equilibrium" and 0 <= doc["gap"] <= 1e-4
    assert all("delay_h" in f for f in doc["flows"])
    assert all("delay_h" in r for r in doc["od"][0]["routes"])
    assert "delay_h" in a.flows_frame().columns and "delay_h" in a.od_frame().columns
    assert "user equilibrium" in a.summary() and " h delay per TEU" in a.summary()
    system = assign(G, [("a1", "c1", 5000.0)], "time", capacities={X_AB: 400.0}).to_dict()
    assert system["method"] == "system" and system["gap"] is None


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"method": "equilibirum"}, "did you mean 'equilibrium'"),
    ({"method": "equilibrium", "objective": "cost"}, "does not value time"),
    ({"method": "equilibrium", "delay": (0.15, 0.5)}, "1 <= beta"),
    ({"method": "equilibrium", "delay": "fast"}, "alpha"),
    ({"method": "equilibrium", "gap": 0}, "between 0 and 1"),
])
def test_bad_method_arguments_are_refused(kwargs: dict, message: str) -> None:
    G = tiny_network()
    objective = kwargs.pop("objective", "generalized")
    with pytest.raises(ConstraintError, match=message):
        assign(G, [("a1", "c1", 100.0)], objective, **kwargs)
