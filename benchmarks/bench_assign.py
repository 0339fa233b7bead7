"""Capacitated assignment speed (issue 16): each goal beside an anchor measured in the same run.

Run from the repository root (figures only, nothing asserted)::

    python benchmarks/bench_assign.py            # both goals
    python benchmarks/bench_assign.py --quick    # one run each

* The built-in network, 50 x 50 OD demand (2,450 pairs with random TEU, capacities from
  ``capacities.csv`` at half their loads so that many bind): goal under 5 s. Anchor: the
  ``od_matrix`` of the same 50 x 50 places (one best route per pair, no capacities).
* A synthetic network of 10,000 places (``corridors.synthetic.random_network``), 50 x 50
  OD demand, the 50 busiest crossings of the all-or-nothing assignment capacitated at 60% of
  their load: goal under 60 s. Anchor: the same network's ``od_matrix``.

Beside each goal, the user equilibrium of the same demand and capacities (no goal set), and
the same assignment followed by ``od_frame()``, which builds every route
(:func:`~corridors.assign` builds an OD row's routes only when they are first read).
Times are the best of a few runs (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corridors import load_network
from corridors.assignment import assign
from corridors.routing import od_matrix
from corridors.synthetic import random_network


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best wall time in seconds over ``repeat`` runs, and the last result."""
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def _demand(places: list[str], seed: int) -> list[tuple[str, str, float]]:
    rng = random.Random(seed)
    origins, destinations = rng.sample(places, 50), rng.sample(places, 50)
    return [(o, d, float(rng.randint(500, 20_000))) for o in origins for d in destinations
            if o != d]


def builtin(repeat: int) -> None:
    G = load_network()
    places = sorted(p for p, d in G.nodes(data=True)
                    if d["kind"] in ("city", "port", "logistics_hub"))
    demand = _demand(places, 1)
    free = assign(G, demand, capacities=False)
    t_cap, a = best_of(lambda: assign(G, demand), repeat)
    t_half, b = best_of(lambda: assign(G, demand, capacities={
        f.element: f.teu * 0.5 for f in free.flows if f.kind != "link"}), repeat)
    t_frame, _ = best_of(lambda: assign(G, demand).od_frame(), repeat)
    t_ue, q = best_of(lambda: assign(G, demand, method="equilibrium"), repeat)
    t_od, _ = best_of(lambda: od_matrix(G, sorted({o for o, _, _ in demand}),
                                       sorted({d for _, d, _ in demand})), repeat)
    print(f"built-in network, {len(demand)} OD pairs ({len(G)} places)")
    print(f"  assign, capacities.csv:            {t_cap:6.2f} s  ({a.iterations} rounds, "
          f"{len(a.bottlenecks)} bottlenecks)   goal < 5 s")
    print(f"  assign, every crossing/port/terminal at half its load: {t_half:6.2f} s  "
          f"({b.iterations} rounds, {len(b.bottlenecks)} bottlenecks)   goal < 5 s")
    print(f"  assign, capacities.csv, then od_frame (every route built): {t_frame:6.2f} s")
    print(f"  assign, capacities.csv, equilibrium: {t_ue:6.2f} s  ({q.iterations} iterations, "
          f"relative gap {q.gap:.1g})")
    print(f"  anchor: od_matrix 50 x 50:         {t_od:6.2f} s")


def synthetic(repeat: int) -> None:
    t0 = time.perf_counter()
    G = random_network(10_000, seed=3)
    build = time.perf_counter() - t0
    demand = _demand(sorted(G), 2)
    free = assign(G, demand, capacities=False)
    busy = sorted((f for f in free.flows if f.kind == "crossing"), key=lambda f: -f.teu)[:50]
    caps = {f.element: f.teu * 0.6 for f in busy}
    t_cap, a = best_of(lambda: assign(G, demand, capacities=caps), repeat)
    t_frame, _ = best_of(lambda: assign(G, demand, capacities=caps).od_frame(), repeat)
    t_ue, q = best_of(lambda: assign(G, demand, capacities=caps, method="equilibrium"),
                      repeat)
    t_od, _ = best_of(lambda: od_matrix(G, sorted({o for o, _, _ in demand}),
                                       sorted({d for _, d, _ in demand})), repeat)
    print(f"synthetic network: {len(G):,} places, {G.number_of_edges():,} directed edges "
          f"(built in {build:.1f} s), {len(demand)} OD pairs, 50 capacities")
    print(f"  assign:                            {t_cap:6.2f} s  ({a.iterations} rounds, "
          f"{len(a.bottlenecks)} bottlenecks, {a.unserved_teu:,.0f} TEU unserved)   "
          f"goal < 60 s")
    print(f"  assign, then od_frame (every route built): {t_frame:6.2f} s")
    print(f"  assign, equilibrium:               {t_ue:6.2f} s  ({q.iterations} iterations, "
          f"relative gap {q.gap:.1g})")
    print(f"  anchor: od_matrix 50 x 50:         {t_od:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run per figure")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    builtin(repeat)
    synthetic(repeat)


if __name__ == "__main__":
    main()
