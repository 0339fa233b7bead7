"""Print what the bounds on work cost: constant-memory draws, bounded alternatives, linear checks.

    python benchmarks/bench_bounded.py [--draws N]

Each figure is printed beside its anchor, measured in the same run: the memory of the draws
beside what holding them would take; an alternatives query beside the best route of the same
pair; validation with many unconnected places beside validation with ten times fewer. No
figure is asserted: this script prints, the closing notes quote it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def draws(G, n: int) -> None:
    from corridors.reliability import EXACT_DRAWS, corridor_routes, simulate_routes

    routes, _, _ = corridor_routes(G, "almaty", "europe")
    print(f"reliability, Almaty -> Europe, {len(routes)} corridors")
    for count in (EXACT_DRAWS, n):
        tracemalloc.start()
        t0 = time.perf_counter()
        result = simulate_routes(G, routes, count, seed=1)
        elapsed = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        held = count * len(routes) * 8 / 2**20
        mode = "kept, exact" if result.times_h is not None else "summarised on the fly"
        print(f"  {count:>11,} draws ({mode:21}) {elapsed:6.2f} s  peak {peak:7.1f} MB   "
              f"anchor: the draws alone {held:8.1f} MB")


def alternatives(G) -> None:
    from corridors.routing import alternatives as alt
    from corridors.routing import best_route

    print("alternatives (best of 3)")
    for origin, destination in (("almaty", "astana"), ("almaty", "duisburg"),
                                ("dushanbe", "karachi")):
        anchor = _best(lambda o=origin, d=destination: best_route(G, o, d))
        cells = []
        for k in (5, 50, 100):
            t = _best(lambda o=origin, d=destination, k=k: alt(G, o, d, k), 1 if k > 5 else 3)
            cells.append(f"k={k:<3} {t * 1000:7.0f} ms")
        print(f"  {origin:>8} -> {destination:<9} " + "  ".join(cells)
              + f"   anchor: best_route {anchor * 1000:5.0f} ms")


def validation(lone: int) -> None:
    from netdata import tiny_tables, write_network

    from corridors.io import read_tables
    from corridors.validate import check_tables

    print("validation with unconnected places (read + check)")
    figures = {}
    for n in (lone // 10, lone):
        tables = tiny_tables()
        tables["places"] += [
            {**tables["places"][0], "id": f"lone_{i}", "name": f"Lone {i}", "aliases": ""}
            for i in range(n)]
        with tempfile.TemporaryDirectory() as d:
            path = write_network(Path(d) / "net", tables)
            t0 = time.perf_counter()
            _, problems = check_tables(read_tables(path))
            figures[n] = time.perf_counter() - t0
        print(f"  {n:>7,} lone places  {figures[n]:6.2f} s  {len(problems)} problem(s) reported")
    small, big = figures[lone // 10], figures[lone]
    print(f"  ratio {big / small:.1f}x for 10x the places (linear: ~10x; the old quadratic "
          "check: ~100x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--lone", type=int, default=20_000)
    args = parser.parse_args()
    import corridors

    G = corridors.load_network()
    draws(G, args.draws)
    alternatives(G)
    validation(args.lone)


if __name__ == "__main__":
    main()
