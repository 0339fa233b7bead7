"""Print the wall time of a command-line route query against `python -c "import networkx"`.

    python benchmarks/bench_cli.py [--repeat N]

Measured in the same run, alternating, best and median of N: the bare import of networkx,
`python -m corridors route dushanbe karachi` with a warm network cache (the usual case after
the first query), and the same with an empty cache (cold: reads and checks the CSV files).
The aim in issue 4 is a warm ratio of 1.3 or less. No figure is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _time(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    cache = tempfile.mkdtemp(prefix="corridors-bench-cache-")
    env = dict(os.environ, CORRIDORS_CACHE_DIR=cache)
    # An installed package has its bytecode compiled (pip does it); a checkout run with
    # PYTHONDONTWRITEBYTECODE would recompile every module on every run and measure that.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).parent.parent
                                                                   / "corridors")],
                   check=True, env=env)
    route = [sys.executable, "-m", "corridors", "route", "dushanbe", "karachi"]
    bare = [sys.executable, "-c", "import networkx"]
    _time(route, env)  # fill the cache and the OS file cache
    results: dict[str, list[float]] = {"bare": [], "warm": [], "cold": []}
    try:
        for _ in range(args.repeat):
            results["bare"].append(_time(bare, env))
            results["warm"].append(_time(route, env))
            shutil.rmtree(cache, ignore_errors=True)
            results["cold"].append(_time(route, env))
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    def line(label: str, values: list[float]) -> str:
        return (f"{label:<44} best {min(values) * 1000:6.0f} ms   "
                f"median {statistics.median(values) * 1000:6.0f} ms")

    print(line('python -c "import networkx"', results["bare"]))
    print(line("corridors route dushanbe karachi (warm cache)", results["warm"]))
    print(line("corridors route dushanbe karachi (cold cache)", results["cold"]))
    base = statistics.median(results["bare"])
    warm = statistics.median(results["warm"]) / base
    print(f"ratio to import networkx (median): warm {warm:.2f}x,"
          f" cold {statistics.median(results['cold']) / base:.2f}x   (aim: warm <= 1.3x)")


if __name__ == "__main__":
    main()
