"""Measure the test suite's mutation score with mutmut, module group by module group.

    pip install -e ".[test,mutation]"
    python benchmarks/mutation.py                       # every group (about an hour on 2 cores)
    python benchmarks/mutation.py scoring validation    # some groups
    python benchmarks/mutation.py routing --sample 400  # an estimate from 400 random mutants
    python benchmarks/mutation.py --list                # the groups, their modules and tests
    python benchmarks/mutation.py routing --only NAME...  # named mutants only (a re-check)

Each group mutates its modules (mutmut 3: numbers, operators, comparisons, strings, arguments,
return values ...) in a fresh copy of the committed tree (``git archive HEAD``, so local edits
are not measured; ``--worktree`` measures the working tree instead) and runs the group's tests
against every mutant; mutmut first records which test reaches which function and then runs
only those tests, fastest first. A mutant is *killed* when a test fails (or times out, or
the test process crashes), *survived* when every test passes, *no tests* when no selected
test reaches it.

Survivors are checked against ``benchmarks/mutation_equivalent.txt``: one line per mutant that
no test can kill because it does not change behaviour, ``mutant-name  reason``. The score is
``killed / (all - equivalent)``; the report lists every other survivor with its diff
(``--diff``), which is the work list: kill it with a test or list it as equivalent with its
reason. Mutant names hold the function name and a number, stable while the function is
unchanged.

Nothing is written outside the work directory (``--workdir``, default a new temporary
directory, removed unless ``--keep``). The report is printed and, with ``--report FILE``, also
written there (refused if FILE exists).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import os
import random
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

EQUIVALENT = Path(__file__).resolve().parent / "mutation_equivalent.txt"


@dataclass(frozen=True)
class Group:
    """Modules mutated together and the tests that judge them."""

    modules: tuple[str, ...]
    tests: tuple[str, ...]
    #: Only these functions' mutants (mutmut name patterns), where a module has other jobs too.
    functions: tuple[str, ...] = ()


GROUPS: dict[str, Group] = {
    "scoring": Group(
        ("corridors/scoring.py",),
        ("tests/test_reference_scorer.py", "tests/test_scoring_mutants.py", "tests/test_scoring.py",
         "tests/test_credible.py", "tests/test_emissions.py", "tests/test_default_objective.py")),
    "routing": Group(
        tuple(f"corridors/routing/{m}.py" for m in (
            "request", "constraints", "targets", "state_paths", "shortest", "od",
            "alternatives", "pareto", "named", "compare", "compiled")),
        ("tests/test_routing.py", "tests/test_routing_generators.py",
         "tests/test_routing_real.py", "tests/test_compiled.py", "tests/test_bounded.py",
         "tests/test_default_objective.py", "tests/test_compiled_analyses.py",
         "tests/test_pareto_real.py", "tests/test_od_paths.py", "tests/test_routing_mutants.py")),
    "validation": Group(
        ("corridors/validate.py",),
        ("tests/test_validate.py", "tests/test_validate_rules.py", "tests/test_validate_mutants.py",
         "tests/test_fuzz_readers.py", "tests/test_errors.py")),
    "reliability": Group(
        ("corridors/reliability.py",),
        ("tests/test_reliability.py", "tests/test_reliability_analytic.py",
         "tests/test_reliability_mutants.py")),
    "criticality": Group(
        ("corridors/criticality.py",),
        ("tests/test_criticality.py", "tests/test_criticality_ranking.py",
         "tests/test_criticality_mutants.py", "tests/test_compiled_analyses.py")),
    "cli_json": Group(
        ("corridors/report.py", "corridors/cli.py"),
        ("tests/test_json_schema.py", "tests/test_cli_json_mutants.py", "tests/test_cli_output.py",
         "tests/test_cli.py"),
        # the JSON (and CSV) documents, not the text tables or the other commands
        tuple(f"corridors.{f}__mutmut_*" for f in (
            "report.x__place", "report.x_route_record", "report.x_routes_document",
            "report.x_routes_csv", "cli.x__query", "cli.x__json"))),
}


def equivalents(path: Path = EQUIVALENT) -> dict[str, str]:
    """The mutants listed as equivalent, ``{name: reason}`` (a reason is required)."""
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{path.name}:{number}: {name} has no reason; say why it is equivalent")
        out[name] = reason.strip()
    return out


def _configure(tree: Path, group: Group) -> None:
    tests = [t for t in group.tests if (tree / t).exists()]
    missing = sorted(set(group.tests) - set(tests))
    if missing:
        print(f"  (not in this tree, skipped: {', '.join(missing)})")
    config = {
        "source_paths": ["corridors"],
        "only_mutate": list(group.modules),
        "also_copy": ["data/", "docs/", "README.md", "CHANGELOG.md", "notebooks/"],
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-q"],
        "pytest_add_cli_args_test_selection": tests,
    }
    lines = ["", "[tool.mutmut]"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in config.items()]
    with open(tree / "pyproject.toml", "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def _statuses(tree: Path) -> dict[str, str]:
    """``{mutant: status}`` from mutmut's own result listing."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"],
                         cwd=tree, capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\S+): (.+)$", line)
        if m:
            found[m.group(1)] = m.group(2).strip()
    return found


def _diff(tree: Path, name: str) -> str:
    out = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=tree,
                         capture_output=True, text=True).stdout
    return "\n".join(line for line in out.splitlines()
                     if line.startswith(("+", "-")) and not line.startswith(("+++", "---")))


def run_group(name: str, group: Group, workdir: Path, children: int, diff: bool,
              known: dict[str, str], worktree: bool = False, sample: int = 0,
              seed: int = 0, only: tuple[str, ...] = ()) -> dict:
    """Mutate one group, return its counts and unexplained survivors."""
    tree = workdir / name
    copy_tree(tree, worktree)
    _configure(tree, group)
    print(f"== {name}: {', '.join(group.modules)}", flush=True)
    t0 = time.perf_counter()
    # (tests that start ``python -m corridors`` in a subprocess run the unmutated package;
    # the CLI's in-process tests, ``cli.main([...])``, see the mutants)
    patterns = list(group.functions)
    if only:
        # named mutants (e.g. the survivors of an earlier report), within the group's functions
        patterns = [m for m in only
                    if not patterns or any(fnmatch.fnmatchcase(m, p) for p in patterns)]
        if not patterns:
            print("   (no mutant of this group among --only)")
            return {"group": name, "sampled": False, "mutants": 0, "killed": 0, "survived": 0,
                    "equivalent": 0, "no_tests": 0, "other": {}, "score": 1.0,
                    "seconds": 0.0, "open": []}
    elif sample:
        # mutmut writes every mutant before it looks for the ones asked for: ask for none,
        # then draw the sample from the names it wrote
        subprocess.run([sys.executable, "-m", "mutmut", "run", "corridors.no-such-mutant"],
                       cwd=tree, capture_output=True, text=True)
        names = [m for m in _statuses(tree)
                 if not patterns or any(fnmatch.fnmatchcase(m, p) for p in patterns)]
        patterns = sorted(random.Random(seed).sample(names, min(sample, len(names))))
    run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(children),
                          *patterns], cwd=tree, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if run.returncode != 0 and not (tree / "mutants").exists():
        print(run.stdout[-2000:], run.stderr[-4000:])
        sys.exit(f"mutmut failed on group {name}")
    status = _statuses(tree)
    if patterns:
        status = {m: s for m, s in status.items()
                  if any(fnmatch.fnmatchcase(m, p) for p in patterns)}
    gone = [m for m in only if not any(c in m for c in "*?[") and m not in status]
    if gone:
        # a mutant's number changes with its function: these functions were edited or removed
        print(f"   {len(gone)} named mutant(s) no longer exist: {', '.join(gone)}")
    if status and all(s == "not checked" for s in status.values()):
        print(run.stdout[-3000:], run.stderr[-3000:])
        sys.exit(f"mutmut checked no mutant of group {name}")
    counts: dict[str, int] = {}
    for s in status.values():
        counts[s] = counts.get(s, 0) + 1
    survived = sorted(m for m, s in status.items() if s == "survived")
    equivalent = [m for m in survived if m in known]
    open_ = [m for m in survived if m not in known]
    total = len(status)
    # a timeout or a crash of the test process (segfault, e.g. a search recursing without
    # end) is a failed test run too
    killed = counts.get("killed", 0) + counts.get("timeout", 0) + counts.get("segfault", 0)
    denominator = total - len(equivalent)
    score = killed / denominator if denominator else 1.0
    result = {"group": name, "sampled": bool(sample), "mutants": total, "killed": killed,
              "survived": len(open_),
              "equivalent": len(equivalent), "no_tests": counts.get("no tests", 0),
              "other": {k: v for k, v in counts.items()
                        if k not in ("killed", "timeout", "segfault", "survived", "no tests")},
              "score": score, "seconds": elapsed, "open": open_}
    if diff:
        result["diffs"] = {m: _diff(tree, m) for m in open_}
    print(f"   {total} mutants, {killed} killed, {len(open_)} survived, "
          f"{len(equivalent)} equivalent, {result['no_tests']} reached by no test: "
          f"score {score:.1%}{_margin(score, denominator) if sample else ''} "
          f"({elapsed / 60:.1f} min)", flush=True)
    return result


def _margin(score: float, n: int) -> str:
    """The 95% margin of a score estimated from a random sample of ``n`` mutants."""
    return f" +/- {1.96 * math.sqrt(score * (1 - score) / n):.1%} (sample)" if n else ""


def report(results: list[dict]) -> str:
    """The table and the survivors, as text."""
    lines = ["group         mutants   killed  survived  equivalent  no tests   score",
             "-----------   -------   ------  --------  ----------  --------   -----"]
    tot = {"mutants": 0, "killed": 0, "survived": 0, "equivalent": 0, "no_tests": 0}
    for r in results:
        den = r["mutants"] - r["equivalent"]
        lines.append(f"{r['group']:<13} {r['mutants']:>7} {r['killed']:>8} {r['survived']:>9} "
                     f"{r['equivalent']:>11} {r['no_tests']:>9}   {r['score']:6.1%}"
                     + (_margin(r["score"], den) if r.get("sampled") else ""))
        for k in tot:
            tot[k] += r[k]
    if len(results) > 1:
        den = tot["mutants"] - tot["equivalent"]
        lines.append(f"{'all':<13} {tot['mutants']:>7} {tot['killed']:>8} {tot['survived']:>9} "
                     f"{tot['equivalent']:>11} {tot['no_tests']:>9}   "
                     f"{(tot['killed'] / den if den else 1):6.1%}")
    for r in results:
        if r["open"]:
            lines += ["", f"surviving mutants, {r['group']} ({len(r['open'])}):"]
            for m in r["open"]:
                lines.append(f"  {m}")
                for d in r.get("diffs", {}).get(m, "").splitlines():
                    lines.append(f"      {d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("groups", nargs="*", metavar="GROUP",
                        help=f"groups to mutate (default all: {', '.join(GROUPS)})")
    parser.add_argument("--list", action="store_true", help="print the groups and stop")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1,
                        help="mutants run at once (default: the number of CPUs)")
    parser.add_argument("--diff", action="store_true", help="print each survivor's diff")
    parser.add_argument("--workdir", type=Path, help="work directory (default: a new temporary "
                        "directory); must not exist")
    parser.add_argument("--worktree", action="store_true",
                        help="measure the working tree (files git does not ignore), not HEAD")
    parser.add_argument("--sample", type=int, default=0, metavar="N",
                        help="run a random sample of N mutants per group (an estimate with its "
                        "95%% margin; for the large groups)")
    parser.add_argument("--seed", type=int, default=0, help="seed of --sample (default 0)")
    parser.add_argument("--only", nargs="+", default=(), metavar="MUTANT",
                        help="run only these mutants (names or patterns such as "
                        "'corridors.routing.compare.x__compare__mutmut_*'), e.g. to check "
                        "that the survivors of a report are killed now")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--report", type=Path, help="also write the report to this new file")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this new file")
    args = parser.parse_args(argv)
    if args.list:
        for name, g in GROUPS.items():
            print(f"{name}\n  modules: {' '.join(g.modules)}\n  tests:   {' '.join(g.tests)}")
            if g.functions:
                print(f"  only:    {' '.join(g.functions)}")
        return 0
    unknown = [g for g in args.groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    for out in (args.report, args.json):
        if out is not None and out.exists():
            parser.error(f"{out} exists; give a new file")
    try:
        import mutmut  # noqa: F401
    except ImportError:
        parser.error('mutmut is not installed: pip install -e ".[test,mutation]"')
    known = equivalents()
    if args.workdir is not None:
        if args.workdir.exists():
            parser.error(f"{args.workdir} exists; give a new directory")
        workdir = args.workdir
        workdir.mkdir(parents=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="corridors-mutation-"))
    try:
        results = [run_group(n, GROUPS[n], workdir, args.max_children, args.diff, known,
                             args.worktree, args.sample, args.seed, tuple(args.only))
                   for n in (args.groups or list(GROUPS))]
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"work directory kept: {workdir}")
    text = report(results)
    print()
    print(text)
    if args.report is not None:
        with open(args.report, "x", encoding="utf-8") as fh:
            fh.write(text + "\n")
    if args.json is not None:
        with open(args.json, "x", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
