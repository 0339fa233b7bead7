"""Seed the bugs the suite once missed, one at a time, and show the test that now kills each.

    python benchmarks/seeded_bugs.py            # every bug (a few minutes)
    python benchmarks/seeded_bugs.py --list     # the bugs and their tests, without running
    python benchmarks/seeded_bugs.py gauge      # the bugs whose name contains "gauge"

Issue 13 listed realistic one-line bugs the test suite did not catch. Each is written here as
an exact text replacement in the current source and paired with the tests that must catch it.
The script copies the committed tree (``git archive HEAD``; ``--worktree``: the working
tree) to a temporary directory, checks
that the named tests pass there, then for each bug applies the replacement, runs the named
tests (``pytest -x``) and restores the file. A bug is *killed* when a test fails; the report
names the first failing test. A replacement that no longer matches the source (the code
moved) is reported as ``stale``: update its text, it is not a pass.

Nothing is written outside the temporary directory. The exit code is 0 when every bug is
killed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _tree import copy_tree


@dataclass(frozen=True)
class Bug:
    """One seeded bug: replace ``old`` by ``new`` (each once) in ``path``; ``tests`` kill it."""

    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


BUGS: tuple[Bug, ...] = (
    Bug("scoring: every rail crossing reported as a gauge break",
        "corridors/scoring.py",
        'return rec is not None and bool(rec.gauge_change) and d.get("mode") == "rail"',
        'return rec is not None and d.get("mode") == "rail"',
        ("tests/test_reference_scorer.py::"
         "test_rail_crossing_without_gauge_change_has_no_gauge_break",)),
    Bug("scoring: a crossing's gauge_change flag true for every rail crossing",
        "corridors/scoring.py",
        "gauge_change=bool(rec.gauge_change) if rec is not None else False,",
        'gauge_change=d.get("mode") == "rail",',
        ("tests/test_reference_scorer.py::"
         "test_rail_crossing_without_gauge_change_has_no_gauge_break",)),
    Bug("scoring: the country list drops repeats (KZ > CN > KZ shown as KZ > CN)",
        "corridors/scoring.py",
        "if c and (not out or out[-1] != c):",
        "if c and c not in out:",
        ("tests/test_reference_scorer.py::test_countries_keep_a_country_entered_twice",)),
    Bug("scoring: planned share ignores links under construction",
        "corridors/scoring.py",
        "_PLANNED = frozenset({LinkStatus.PLANNED.value, LinkStatus.UNDER_CONSTRUCTION.value})",
        "_PLANNED = frozenset({LinkStatus.PLANNED.value})",
        ("tests/test_reference_scorer.py::test_planned_share_counts_links_under_construction",)),
    Bug("scoring: a change of mode charged twice",
        "corridors/scoring.py",
        "t.time_h + th, t.cost_usd + tu, t.crossings,",
        "t.time_h + th, t.cost_usd + 2 * tu, t.crossings,",
        ("tests/test_reference_scorer.py::test_a_change_of_mode_is_charged_once",)),
    Bug("scoring: well-to-wheel CO2e reported as tank-to-wheel",
        "corridors/scoring.py",
        "co2e_kg=co2e,",
        "co2e_kg=co2e_ttw,",
        ("tests/test_reference_scorer.py::"
         "test_emissions_of_the_route_computed_by_hand_in_docs_emissions_md",)),
    Bug("od: a region cell takes its first member, not the best (compiled search)",
        "corridors/routing/od.py",
        "a = np.argmin(best[:, at], axis=1)",
        "a = np.argmin(best[:, at][:, :1], axis=1)",
        ("tests/test_routing_generators.py::test_od_matrix_cells_take_the_best_member_of_a_set",
         "tests/test_routing.py::test_od_matrix_equals_best_routes")),
    Bug("od: a region cell takes its first member, not the best (Python search)",
        "corridors/routing/od.py",
        "score, path, start, end = min(cands, key=lambda c: c[0])",
        "score, path, start, end = cands[0]",
        ("tests/test_od_paths.py",
         "tests/test_routing_generators.py::test_od_matrix_cells_take_the_best_member_of_a_set",
         "tests/test_routing.py::test_od_matrix_equals_best_routes")),
    Bug("alternatives: vias visited in any order",
        "corridors/routing/alternatives.py",
        "if not vias or _visits_in_order(real, vias):",
        "if not vias or all(any(n in v for n in real) for v in vias):",
        ("tests/test_routing_generators.py::test_alternatives_through_vias_keep_their_order",
         "tests/test_routing_generators.py::"
         "test_alternatives_refuse_vias_passed_in_the_other_order",
         "tests/test_routing_generators.py::test_vias_in_the_other_order_give_the_other_route")),
    Bug("pareto: dominance by either criterion instead of both",
        "corridors/routing/pareto.py",
        "if t[0] <= a and t[1] <= b:",
        "if t[0] <= a or t[1] <= b:",
        ("tests/test_pareto_real.py",
         "tests/test_routing_generators.py::test_pareto_front_on_rich_networks_fails_fast",
         "tests/test_routing.py::test_pareto_front_equals_brute_force")),
    Bug("validation: no check for a negative cost",
        "corridors/validate.py",
        'cost_usd_ab=ck.number(row, "cost_usd_ab", minimum=0, maximum=MAX_FIGURE),',
        'cost_usd_ab=ck.number(row, "cost_usd_ab", maximum=MAX_FIGURE),',
        ("tests/test_validate_rules.py::test_each_rule_reports_only_its_problem"
         "[border_crossings-0-cost_usd_ab-below-minimum]",)),
    Bug("validation: no check for a crossing used by two links",
        "corridors/validate.py",
        "if crossing in crossing_links:",
        "if False:",
        ("tests/test_validate_rules.py::test_each_rule_reports_only_its_problem"
         "[crossing-used-by-two-links]",)),
    Bug("validation: no check that only rail links have a gauge",
        "corridors/validate.py",
        "if mode != Mode.RAIL and gauges:",
        "if False and gauges:",
        ("tests/test_validate_rules.py::test_each_rule_reports_only_its_problem"
         "[only-rail-links-have-a-gauge]",)),
    Bug("reliability: p90_h replaced by the mean",
        "corridors/draws.py",
        '"p90_h": float(q[1][r]),',
        '"p90_h": float(mean[r]),',
        ("tests/test_reliability_analytic.py::"
         "test_quantiles_mean_and_buffer_index_match_the_closed_form",)),
    Bug("criticality: the ranking sorted the wrong way",
        "corridors/criticality.py",
        'rows.sort(key=lambda r: (-r["lost_weight"], -r["delta"], r["kind"], str(r["element"])))',
        'rows.sort(key=lambda r: (r["lost_weight"], r["delta"], r["kind"], str(r["element"])))',
        ("tests/test_criticality_ranking.py::test_the_hand_computed_ranking",)),
    Bug("json: a documented leg field renamed (transfer_h -> transfer_hours)",
        "corridors/report.py",
        '"transfer_h": round(leg.transfer_h, 2)',
        '"transfer_hours": round(leg.transfer_h, 2)',
        ("tests/test_json_schema.py::test_route_and_compare_output_is_valid",)),
    Bug("info: a two-way crossing counted twice",
        "corridors/network.py",
        '"border_crossings": len(crossings),',
        '"border_crossings": sum(1 for _, _, d in G.edges(data=True) if d.get("crossing")),',
        ("tests/test_info_counts.py",)),
    Bug("cache: the key made without the files' contents (path and size only)",
        "corridors/cache.py",
        "        h.update(data)\n    return h.hexdigest()[:32]",
        "    return h.hexdigest()[:32]",
        ("tests/test_cache.py::test_an_edit_keeping_size_and_mtime_is_not_served_stale",)),
)


def _pytest(tree: Path, tests: tuple[str, ...]) -> tuple[bool, str]:
    """Run ``tests`` in ``tree``; (passed, first failing test id or the output's tail)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}  # subprocesses import the copy too
    run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                          "-p", "no:randomly", *tests], cwd=tree, env=env, capture_output=True,
                         text=True)
    if run.returncode == 0:
        return True, ""
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", run.stdout, re.M)
    return False, failed[0] if failed else (run.stdout + run.stderr)[-800:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("match", nargs="*", help="only the bugs whose name contains one of these")
    parser.add_argument("--list", action="store_true", help="print the bugs and their tests")
    parser.add_argument("--worktree", action="store_true",
                        help="seed the working tree (files git does not ignore), not HEAD")
    args = parser.parse_args(argv)
    bugs = [b for b in BUGS if not args.match or any(m in b.name for m in args.match)]
    if not bugs:
        parser.error("no bug matches; see --list")
    if args.list:
        for b in bugs:
            print(f"{b.name}\n  {b.path}\n  killed by: {' '.join(b.tests)}")
        return 0
    tree = Path(tempfile.mkdtemp(prefix="corridors-seeded-"))
    failures = 0
    try:
        copy_tree(tree, args.worktree)
        ok, out = _pytest(tree, tuple(sorted({t for b in bugs for t in b.tests})))
        if not ok:
            print(f"the tests fail without any bug; fix that first:\n{out}")
            return 1
        print(f"{'bug':<72} {'result':<8} {'s':>5}  killing test")
        for b in bugs:
            path = tree / b.path
            source = path.read_text(encoding="utf-8")
            t0 = time.perf_counter()
            if source.count(b.old) != 1:
                verdict, test = "stale", f"the text to replace occurs {source.count(b.old)}x"
            else:
                path.write_text(source.replace(b.old, b.new), encoding="utf-8")
                try:
                    ok, test = _pytest(tree, b.tests)
                finally:
                    path.write_text(source, encoding="utf-8")
                verdict = "SURVIVED" if ok else "killed"
            failures += verdict != "killed"
            print(f"{b.name[:72]:<72} {verdict:<8} {time.perf_counter() - t0:5.1f}  {test}",
                  flush=True)
    finally:
        shutil.rmtree(tree, ignore_errors=True)
    print(f"\n{len(bugs) - failures} of {len(bugs)} seeded bugs killed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
