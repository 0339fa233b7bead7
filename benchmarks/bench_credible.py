"""What terminals, border regimes and dates cost the routing: figures, no asserts.

Runs the same best-route queries on the built-in network with this checkout and, side by side
in the same run, with the commit before the credible-model change (the anchor: uniform
transfers anywhere, no regimes, no seasons), checked out into a temporary git worktree and
timed in a subprocess. Run from the repository root::

    python benchmarks/bench_credible.py [--anchor 86cb0c9]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAIRS = [("almaty", "duisburg"), ("dushanbe", "karachi_port"), ("tashkent", "istanbul"),
         ("almaty", "baku"), ("astana", "tbilisi"), ("dushanbe", "kashgar"),
         ("almaty", "bandar_abbas_port"), ("bishkek", "moscow"), ("tashkent", "tehran"),
         ("aktobe", "minsk")]

SNIPPET = r"""
import inspect, json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import corridors
from corridors.routing import best_route
G = corridors.load_network()
pairs = json.loads(sys.argv[2])
extra = json.loads(sys.argv[3])
params = inspect.signature(best_route).parameters
kw = {k: v for k, v in extra.items() if k in params}
out = {}
for objective in json.loads(sys.argv[4]):
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        for o, d in pairs:
            best_route(G, o, d, objective, **kw)
        times.append((time.perf_counter() - t0) / len(pairs) * 1000)
    out[objective] = statistics.median(times[1:])
print(json.dumps(out))
"""


def run(src: Path, objectives: list[str], extra: dict) -> dict[str, float]:
    cmd = [sys.executable, "-c", SNIPPET, str(src), json.dumps(PAIRS), json.dumps(extra),
           json.dumps(objectives)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--anchor", default="86cb0c9", help="commit before the change")
    args = ap.parse_args()
    objectives = ["distance", "time", "cost", "score"]
    with tempfile.TemporaryDirectory() as tmp:
        wt = Path(tmp) / "anchor"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(wt),
                        args.anchor], check=True, capture_output=True)
        try:
            old = run(wt, objectives, {})
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(wt)],
                           check=True, capture_output=True)
    new = run(ROOT, objectives, {"closures": False})
    dated = run(ROOT, objectives, {"closures": False, "date": "2026-01-15"})
    full = run(ROOT, ["generalized"], {})
    print(f"best_route, built-in network, median ms per query over {len(PAIRS)} pairs")
    print(f"{'objective':<12}{'anchor':>10}{'now':>10}{'ratio':>8}{'with date':>12}{'ratio':>8}")
    for o in objectives:
        print(f"{o:<12}{old[o]:>10.2f}{new[o]:>10.2f}{new[o] / old[o]:>8.2f}"
              f"{dated[o]:>12.2f}{dated[o] / old[o]:>8.2f}")
    print(f"default objective (generalized, with the closed-nearby check): "
          f"{full['generalized']:.2f} ms = {full['generalized'] / old['score']:.2f}x the anchor's "
          f"default (score)")


if __name__ == "__main__":
    main()
