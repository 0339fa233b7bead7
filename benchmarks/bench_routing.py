"""Routing benchmarks: print figures (no asserts on time).

Run from the repository root::

    python benchmarks/bench_routing.py            # everything, including 100,000 places
    python benchmarks/bench_routing.py --quick    # skip the 100,000-place network

Uses the built-in network when ``corridors.load_network()`` works, otherwise a synthetic
network of similar size (and says so).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx

from corridors.model import REGIONS
from corridors.routing import (
    alternatives,
    best_route,
    constrained_weight,
    od_matrix,
    pareto_front,
)
from corridors.routing.shortest import staged_search
from corridors.synthetic import random_network


def timeit(fn: Callable[[], Any], repeat: int = 20, warmup: int = 1) -> float:
    """Median wall time in ms over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def load() -> tuple[nx.MultiDiGraph, str]:
    try:
        from corridors import load_network

        return load_network(), "built-in network"
    except Exception as exc:  # report and fall back
        print(f"! built-in network not loadable ({type(exc).__name__}: {exc}); "
              "using a synthetic network of 400 places instead")
        return random_network(400, seed=1), "synthetic 400 places"


def pick(G: nx.MultiDiGraph, *names: str) -> list[str]:
    return [n for n in names if n in G]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="skip the 100,000-place network")
    ap.add_argument("--big", type=int, default=100_000, help="size of the synthetic network")
    args = ap.parse_args(argv)

    G, what = load()
    print(f"# {what}: {G.number_of_nodes()} places, {G.number_of_edges()} directed edges, "
          f"{len(G.graph.get('crossings', {}))} crossings")
    pairs = [p for p in [pick(G, "almaty", "duisburg"), pick(G, "dushanbe", "karachi_port"),
                         pick(G, "almaty", "alat_port"), pick(G, "dushanbe", "istanbul")]
             if len(p) == 2]
    if not pairs:
        nodes = sorted(G)
        pairs = [[nodes[0], nodes[-1]], [nodes[1], nodes[len(nodes) // 2]]]

    print("\n## best route, warm (median ms; ratio = best_route / nx.dijkstra_path)")
    print(f"{'pair':<28}{'nx.dijkstra_path':>18}{'search':>8}{'distance':>10}{'ratio':>7}"
          f"{'search':>8}{'score':>8}{'ratio':>7}{'search':>8}{'time':>8}{'ratio':>7}"
          f"{'transfers':>10}")
    for a, b in pairs:
        bare = timeit(lambda a=a, b=b: nx.dijkstra_path(G, a, b, weight="distance_km"))
        cells = []
        for objective in ("distance", "score", "time"):
            w = constrained_weight(G, objective)
            search = timeit(lambda a=a, b=b, w=w: staged_search(G, w, [a], [], {b}))
            full = timeit(lambda a=a, b=b, o=objective: best_route(G, a, b, o))
            cells.append(f"{search:>8.2f}{full:>{10 if objective == 'distance' else 8}.2f}"
                         f"{full / bare:>6.1f}x")
        n = [len(best_route(G, a, b, o).transshipments) for o in ("distance", "score", "time")]
        print(f"{a + ' > ' + b:<28}{bare:>18.2f}" + "".join(cells)
              + f"{'/'.join(map(str, n)):>10}")
    print("  (search = the constrained Dijkstra alone, over (place, arrival mode/gauge) states:\n"
          "   a container changes mode only at a terminal, at its handling cost;\n"
          "   best_route adds place resolution, constraint checks, scoring and warnings, and a\n"
          "   second search for closed crossings nearby (closures=True, the default);\n"
          "   transfers = changes of mode on the distance/score/time routes)")

    print("\n## alternatives, k=5 (median ms)")
    for a, b in pairs:
        ms = timeit(lambda a=a, b=b: alternatives(G, a, b, 5), repeat=5)
        n = len(alternatives(G, a, b, 5))
        print(f"{a + ' > ' + b:<28}{ms:>10.1f}  ({n} corridors)")

    origins = pick(G, "dushanbe", "almaty") or [pairs[0][0]]
    regions = [r for r in REGIONS if any(r in (g or ()) for _, g in G.nodes(data="gateway_for"))]
    for criteria in (("distance", "crossings", "time"), ("time", "transfers")):
        print(f"\n## Pareto front {criteria} to each region (median ms, routes)")
        print(f"{'origin':<12}" + "".join(f"{r:>16}" for r in regions))
        for o in origins:
            cells = []
            for r in regions:
                ms = timeit(lambda o=o, r=r, c=criteria: pareto_front(G, o, r, c), repeat=5)
                n = len(pareto_front(G, o, r, criteria))
                cells.append(f"{ms:>9.1f} ({n:>3})")
            print(f"{o:<12}" + "".join(f"{c:>16}" for c in cells))

    print("\n## OD matrix: every KZ and TJ city to every gateway")
    cities = [n for n, d in G.nodes(data=True)
              if d.get("country") in ("KZ", "TJ") and d.get("kind") == "city"]
    gateways = [n for n, g in G.nodes(data="gateway_for") if g]
    if not cities:
        cities = sorted(G)[:30]
    for objective, value in (("distance", None), ("time", None), ("score", "all")):
        ms = timeit(lambda objective=objective, value=value: od_matrix(
            G, cities, gateways, objective, value=value), repeat=3)
        extra = "(all metrics)" if value else ""
        print(f"{len(cities)} x {len(gateways)} {objective:<9}{extra:<14}{ms:>8.1f} ms")

    if args.quick:
        return 0
    print(f"\n## synthetic network of {args.big:,} places")
    gc.collect()
    t = time.perf_counter()
    B = random_network(args.big, seed=42)
    print(f"built in {time.perf_counter() - t:.1f} s: {B.number_of_nodes():,} places, "
          f"{B.number_of_edges():,} directed edges, {len(B.graph['crossings']):,} crossings")
    nodes = list(B)
    a, b = nodes[0], nodes[-1]
    c = nodes[len(nodes) // 2 + int(len(nodes) ** 0.5) // 2]
    for x, y in ((a, b), (a, c)):
        bare = timeit(lambda x=x, y=y: nx.dijkstra_path(B, x, y, weight="distance_km"),
                      repeat=3)
        full = timeit(lambda x=x, y=y: best_route(B, x, y, "distance"), repeat=3)
        score = timeit(lambda x=x, y=y: best_route(B, x, y), repeat=3)
        fast = timeit(lambda x=x, y=y: best_route(B, x, y, "time"), repeat=3)
        r = best_route(B, x, y, "distance")
        print(f"best route {x} > {y} ({len(r.legs)} legs, {r.distance_km:,.0f} km): "
              f"nx.dijkstra_path {bare:,.0f} ms, best_route distance {full:,.0f} ms "
              f"({full / bare:.1f}x), score {score:,.0f} ms, time {fast:,.0f} ms")
        for criteria in (("distance", "crossings"), ("time", "crossings")):
            t = time.perf_counter()
            front = pareto_front(B, x, y, criteria)
            print(f"  Pareto {criteria}: {len(front)} routes in "
                  f"{(time.perf_counter() - t) * 1e3:,.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
