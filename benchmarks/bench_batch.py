"""Batch benchmark: speed-up of a 10,000-draw reliability batch on 2 Dask workers over 1.

Run from the repository root (figures only, no asserts on time)::

    python benchmarks/bench_batch.py            # 12 pairs x 8 scenarios x 10,000 draws
    python benchmarks/bench_batch.py --quick    # 6 pairs x 4 scenarios

Each (scenario, pair) routes its corridors (compare_corridors), then simulates 10,000 draws of
their door-to-door times (one chunk: one task per scenario and pair). The clusters are local
worker *processes* (one thread each), started and warmed up (network loaded on every worker)
before the clock starts, so the figures compare the batch itself. The Dask results are checked
against the serial path.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd

PAIRS = [("almaty", "duisburg"), ("almaty", "istanbul"), ("almaty", "baku"),
         ("astana", "duisburg"), ("astana", "tbilisi"), ("tashkent", "karachi"),
         ("tashkent", "istanbul"), ("dushanbe", "karachi"), ("dushanbe", "duisburg"),
         ("bishkek", "baku"), ("dushanbe", "osh"), ("almaty", "south_asia")]


def run(label: str, **kwargs: object) -> tuple[float, pd.DataFrame]:
    from corridors.batch import reliability_batch

    t = time.perf_counter()
    df = reliability_batch(**kwargs)  # type: ignore[arg-type]
    dt = time.perf_counter() - t
    print(f"  {label:<28} {dt:7.2f} s")
    return dt, df


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller batch")
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per setting")
    args = parser.parse_args()
    logging.getLogger("distributed").setLevel(logging.ERROR)

    import dask
    import distributed

    from corridors.batch import preload
    from corridors.reliability import DEFAULT_CHUNK_SIZE
    from corridors.scenarios import list_scenarios

    pairs = PAIRS[:6] if args.quick else PAIRS
    scenarios = [None, *list_scenarios()][: 4 if args.quick else None]
    batch = {"od_pairs": pairs, "draws": args.draws, "scenarios": scenarios, "seed": 1}
    chunks = -(-args.draws // DEFAULT_CHUNK_SIZE)
    n_tasks = len(pairs) * len(scenarios) * (1 if chunks == 1 else 2 + chunks)
    print(f"dask {dask.__version__}, distributed {distributed.__version__}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (other processes "
          "on a 2-CPU machine take CPUs from the workers: run it on an idle machine)")
    print(f"reliability batch: {len(pairs)} pairs x {len(scenarios)} scenarios x "
          f"{args.draws:,} draws ({n_tasks} tasks)")

    _, reference = run("serial (this process)", serial=True, **batch)
    best: dict[int, float] = {}
    for workers in (1, 2):
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                      dashboard_address="127.0.0.1:0") as cluster, \
                distributed.Client(cluster) as client:
            preload(client)
            run("warm-up", client=client, **{**batch, "draws": 100})
            times = []
            for i in range(args.repeat):
                dt, df = run(f"{workers} worker process(es), run {i + 1}", client=client,
                             **batch)
                pd.testing.assert_frame_equal(df, reference)  # same numbers as serial
                times.append(dt)
            best[workers] = min(times)
    print(f"rows: {len(reference)} (corridor x pair x scenario); identical on Dask and serially")
    print(f"best of {args.repeat}: 1 worker {best[1]:.2f} s, 2 workers {best[2]:.2f} s")
    print(f"speed-up on 2 workers over 1: {best[1] / best[2]:.2f}x "
          f"(load average now {os.getloadavg()[0]:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
