"""Print how long loading the built-in network takes beyond `import networkx`, and its memory.

    python benchmarks/bench_load.py [--repeat N]

Each figure is measured in fresh interpreters (cold: nothing cached by the process), best and
median of N runs. No figure is asserted: this script prints, the closing notes quote it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
import networkx
t1 = time.perf_counter()
import corridors
t2 = time.perf_counter()
G = corridors.load_network()
t3 = time.perf_counter()
import resource
print(json.dumps({"import_networkx": t1 - t0, "import_corridors": t2 - t1, "load": t3 - t2,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "nodes": len(G), "edges": G.number_of_edges()}))
"""

# Memory is measured in a separate run: tracemalloc slows the code it traces several-fold.
MEMORY = r"""
import json, tracemalloc
import networkx
tracemalloc.start()
import corridors
G = corridors.load_network()
print(json.dumps(tracemalloc.get_traced_memory()[1] / 2**20))
"""

# A cache hit: the safe JSON entry of corridors.cache, and, as the anchor, what the old
# (unsafe, executable) pickle entry took to load for the same graph, both in the same process.
CACHED = r"""
import json, pickle, time
import corridors
from corridors.network import name_index
t0 = time.perf_counter()
G = corridors.load_network(cache=True)
t1 = time.perf_counter()
blob = pickle.dumps({"graph": G, "index": name_index(G)}, protocol=pickle.HIGHEST_PROTOCOL)
t2 = time.perf_counter()
pickle.loads(blob)
t3 = time.perf_counter()
print(json.dumps({"json_hit": t1 - t0, "pickle_anchor": t3 - t2}))
"""

BARE = "import time; t0 = time.perf_counter(); import networkx; print(time.perf_counter() - t0)"


# An installed package has its bytecode compiled (pip does it); a checkout run with
# PYTHONDONTWRITEBYTECODE would recompile every module on every run and measure that.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=ENV).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q",
                    str(Path(__file__).resolve().parent.parent / "corridors")], check=True, env=ENV)
    runs = [json.loads(_run(PROBE)) for _ in range(args.repeat)]
    bare_nx = [float(_run(BARE)) for _ in range(args.repeat)]
    wall_python = []
    for _ in range(args.repeat):
        import time

        t0 = time.perf_counter()
        _run("pass")
        wall_python.append(time.perf_counter() - t0)

    def fmt(values: list[float], scale: float = 1000, unit: str = "ms") -> str:
        return (f"best {min(values) * scale:7.1f} {unit}   "
                f"median {statistics.median(values) * scale:7.1f} {unit}")

    print(f"built-in network: {runs[0]['nodes']} places, {runs[0]['edges']} directed edges")
    print(f"python start-up (empty)       {fmt(wall_python)}")
    print(f"import networkx               {fmt(bare_nx)}")
    print(f"import corridors after nx     {fmt([r['import_corridors'] for r in runs])}")
    print(f"load_network() (read+check+build) {fmt([r['load'] for r in runs])}")
    beyond = [r["import_corridors"] + r["load"] for r in runs]
    print(f"beyond `import networkx`      {fmt(beyond)}")
    import tempfile

    with tempfile.TemporaryDirectory() as cache_dir:
        ENV["CORRIDORS_CACHE_DIR"] = cache_dir
        _run(CACHED)  # fills the cache
        hits = [json.loads(_run(CACHED)) for _ in range(args.repeat)]
        del ENV["CORRIDORS_CACHE_DIR"]
    print(f"load_network(cache=True), hit {fmt([h['json_hit'] for h in hits])}  (safe JSON entry)")
    print(f"  anchor: old pickle entry    {fmt([h['pickle_anchor'] for h in hits])}  "
          "(same graph, same run)")
    peak = json.loads(_run(MEMORY))
    print(f"peak Python memory of import+load  {peak:.1f} MB (tracemalloc)")
    print(f"max RSS of the whole process       {max(r['max_rss_mb'] for r in runs):.1f} MB")


if __name__ == "__main__":
    main()
