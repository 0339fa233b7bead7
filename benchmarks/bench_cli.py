"""Print the wall time of a command-line route query against `python -c "import networkx"`.

    python benchmarks/bench_cli.py [--repeat N]

Measured in the same run, alternating, best and median of N: the bare import of networkx;
`python -m corridors route dushanbe karachi` with the cache filled (the usual case after the
first query on a machine: the fast path answers from the compact network entry without
importing networkx), and the same through the installed `corridors` script when there is one;
the query with only the full network entry in the cache (the compact one is written again on
each such run, as after an upgrade); and with an empty cache (reads and checks the CSV files,
writes both entries). The aim in issue 15 is "fast path <= 0.5 x import networkx" (medians,
for the `corridors` script if installed); the last line says ok or MISSED. No figure is
asserted.
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

AIM = 0.5


def _time(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t0


def _drop(cache: Path, pattern: str) -> None:
    for path in cache.glob(pattern):
        path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="corridors-bench-cache-"))
    env = dict(os.environ, CORRIDORS_CACHE_DIR=str(cache))
    # An installed package has its bytecode compiled (pip does it); a checkout run with
    # PYTHONDONTWRITEBYTECODE would recompile every module on every run and measure that.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).parent.parent
                                                                   / "corridors")],
                   check=True, env=env)
    query = ["route", "dushanbe", "karachi"]
    route = [sys.executable, "-m", "corridors", *query]
    script = Path(sys.executable).with_name("corridors")
    bare = [sys.executable, "-c", "import networkx"]
    _time(route, env)  # fill the cache and the OS file cache
    _time(route, env)
    if not list(cache.glob("lite-*.json")):
        raise SystemExit("the compact network entry was not written: no fast path to measure")
    labels = {
        "bare": 'python -c "import networkx"',
        "fast": "python -m corridors route (cache filled)",
        "script": "corridors route (cache filled)",
        "full": "python -m corridors route (no compact entry)",
        "cold": "python -m corridors route (empty cache)",
    }
    if not script.is_file():
        del labels["script"]
    results: dict[str, list[float]] = {name: [] for name in labels}
    try:
        for _ in range(args.repeat):
            results["bare"].append(_time(bare, env))
            results["fast"].append(_time(route, env))
            if "script" in results:
                results["script"].append(_time([str(script), *query], env))
            _drop(cache, "lite-*.json")
            results["full"].append(_time(route, env))
            shutil.rmtree(cache, ignore_errors=True)
            results["cold"].append(_time(route, env))
            _time(route, env)  # the first query after an empty cache may leave work undone
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    for name, label in labels.items():
        values = results[name]
        print(f"{label:<44} best {min(values) * 1000:6.0f} ms   "
              f"median {statistics.median(values) * 1000:6.0f} ms")
    base = statistics.median(results["bare"])
    ratios = {name: statistics.median(values) / base for name, values in results.items()
              if name != "bare"}
    print("ratio to import networkx (median): "
          + ", ".join(f"{name} {ratio:.2f}x" for name, ratio in ratios.items()))
    goal = ratios.get("script", ratios["fast"])
    verdict = "ok" if goal <= AIM else "MISSED"
    print(f"goal: fast path <= {AIM} x import networkx: {goal:.2f}x {verdict}")


if __name__ == "__main__":
    main()
