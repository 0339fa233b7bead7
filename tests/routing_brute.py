"""Brute-force references for the routing tests: every route, filtered and scored.

A route is a path that never repeats a state (place, arrival class), where the class is the
mode, or the mode and the rail gauges on rail; it changes mode only at a terminal that handles
both modes, and breaks gauge (two rail legs with no gauge in common) only at a terminal that
handles rail. These rules and the edge filter are written here independently of
corridors.scoring and corridors.routing.constraints, so the tests check those too; the numbers
come from corridors.scoring (the one scorer).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from corridors.scoring import CostModel, PathScore, ScoreWeights, score_path

OPEN_LINKS = {"operational"}
PLANNED_LINKS = {"operational", "under_construction", "planned"}
OPEN_CROSSINGS = {"open", "restricted"}
PLANNED_CROSSINGS = {"open", "restricted", "planned"}


@dataclass(frozen=True)
class Rules:
    modes: frozenset[str] | None = None
    avoid_countries: tuple[str, ...] = ()
    avoid_places: tuple[str, ...] = ()
    avoid_crossings: tuple[str, ...] = ()
    avoid_links: tuple[str, ...] = ()
    max_crossings: int | None = None
    include_planned: bool = False
    extra: dict = field(default_factory=dict, compare=False)

    def kwargs(self) -> dict:
        return {
            "modes": None if self.modes is None else sorted(self.modes),
            "avoid_countries": list(self.avoid_countries),
            "avoid_places": list(self.avoid_places),
            "avoid_crossings": list(self.avoid_crossings),
            "avoid_links": list(self.avoid_links),
            "max_crossings": self.max_crossings,
            "include_planned": self.include_planned,
        }


def edge_ok(G: nx.MultiDiGraph, u: Hashable, v: Hashable, k: Hashable, rules: Rules) -> bool:
    d = G[u][v][k]
    links = PLANNED_LINKS if rules.include_planned else OPEN_LINKS
    if d["status"] not in links:
        return False
    if rules.modes is not None and d["mode"] not in rules.modes:
        return False
    for n in (u, v):
        if G.nodes[n]["country"] in rules.avoid_countries or n in rules.avoid_places:
            return False
    if d["link_id"] in rules.avoid_links:
        return False
    x = d.get("crossing")
    if x:
        if x in rules.avoid_crossings:
            return False
        status = G.graph["crossings"][x].status
        if status not in (PLANNED_CROSSINGS if rules.include_planned else OPEN_CROSSINGS):
            return False
    return True


def edge_state_class(d: dict) -> tuple[str, frozenset[int]]:
    g = d.get("gauge_mm") or ()
    return (d["mode"], frozenset([g] if isinstance(g, int) else g) if d["mode"] == "rail"
            else frozenset())


def change_ok(G: nx.MultiDiGraph, v: Hashable, a, b) -> bool:
    """May a container arriving in class ``a`` leave ``v`` in class ``b``?"""
    if a is None or a == b:
        return True
    ts = G.nodes[v].get("transshipment") or {}
    modes = set(ts.get("modes") or ())
    if a[0] != b[0]:
        return a[0] in modes and b[0] in modes
    if a[1] & b[1] or not a[1] or not b[1]:
        return True  # the same mode, compatible gauges
    return "rail" in modes  # a break of gauge: transloading at a rail terminal


def states(G: nx.MultiDiGraph, path: list[tuple]) -> list[tuple]:
    """The states (place, arrival class) a path passes, the start included."""
    if not path:
        return []
    out = [(path[0][0], None)]
    out += [(v, edge_state_class(G[u][v][k])) for u, v, k in path]
    return out


def is_route(G: nx.MultiDiGraph, path: list[tuple]) -> bool:
    """No state twice, and every change of class allowed where it happens."""
    st = states(G, path)
    if len(set(st)) != len(st):
        return False
    return all(change_ok(G, st[i][0], st[i][1], st[i + 1][1]) for i in range(len(path)))


#: Most partial paths one enumeration may extend (a few seconds of work at most).
BUDGET = 30_000


def paths(G: nx.MultiDiGraph, origins: Iterable[Hashable], targets: Iterable[Hashable],
          rules: Rules) -> list[list[tuple]]:
    """Every admitted route from any origin to any (other) target (see the module docstring)."""
    targets = set(targets)
    out: list[list[tuple]] = []
    budget = [BUDGET]
    for o in origins:
        if o in targets:
            out.append([])
        seen = {(o, None)}
        stack: list[tuple] = []

        def extend(u, cls, o=o, seen=seen, stack=stack):
            for v, kd in G._succ[u].items():
                for k, d in kd.items():
                    if not edge_ok(G, u, v, k, rules):
                        continue
                    c = edge_state_class(d)
                    if (v, c) in seen or not change_ok(G, u, cls, c):
                        continue
                    budget[0] -= 1
                    if budget[0] < 0:
                        # too many paths to enumerate in a test: let hypothesis draw another
                        # network (rare at the sizes the tests draw; see BUDGET)
                        from hypothesis import assume

                        assume(False)
                    seen.add((v, c))
                    stack.append((u, v, k))
                    if v in targets and v != o:
                        out.append(list(stack))
                    extend(v, c, o, seen, stack)
                    stack.pop()
                    seen.discard((v, c))

        extend(o, None)
    return out


def scored(G: nx.MultiDiGraph, ps: list[list[tuple]], weights: ScoreWeights | str,
           rules: Rules, origin: Hashable | None = None,
           cost_model: CostModel | None = None) -> list[PathScore]:
    out = []
    for p in ps:
        s = score_path(G, p, weights, start=p[0][0] if p else origin, cost_model=cost_model)
        if rules.max_crossings is None or s.crossings <= rules.max_crossings:
            out.append(s)
    return out


def best(G, origins, targets, weights, rules, cost_model=None) -> PathScore | None:
    ss = scored(G, paths(G, origins, targets, rules), weights, rules, cost_model=cost_model)
    return min(ss, key=lambda s: s.score) if ss else None


def _end_mode(G: nx.MultiDiGraph, s: PathScore, last: bool):
    if not s.edges:
        return None
    u, v, k = s.edges[-1] if last else s.edges[0]
    return edge_state_class(G[u][v][k])


def best_through(G: nx.MultiDiGraph, first: list[PathScore], second: list[PathScore],
                 weights: ScoreWeights | str, cost_model: CostModel | None = None,
                 limit: int | None = None, via: Hashable | None = None) -> PathScore | None:
    """Best concatenation ``a + b`` (a from ``first``, b from ``second``), scored as one path.

    The score of a concatenation is the two scores plus the transfer at the junction, which
    depends only on the last class of ``a`` and the first class of ``b`` (and is not allowed
    where the junction has no terminal for it); so the best ``a`` per (last class, crossings)
    and the best ``b`` per (first class, crossings) are enough, and each candidate pair is
    scored by ``score_path`` as a whole. ``limit`` caps the total crossings.
    """
    def groups(ss, last):
        out: dict = {}
        for s in ss:
            key = (_end_mode(G, s, last), s.crossings)
            if key not in out or s.score < out[key].score:
                out[key] = s
        return out

    ga, gb = groups(first, True), groups(second, False)
    found = None
    for (ca, xa), a in ga.items():
        for (cb, xb), b in gb.items():
            if limit is not None and xa + xb > limit:
                continue
            if ca is not None and cb is not None and not change_ok(G, via, ca, cb):
                continue
            s = score_path(G, [*a.edges, *b.edges], weights, cost_model=cost_model, start=via)
            if found is None or s.score < found.score:
                found = s
    return found


def vector(s: PathScore, attrs: tuple[str, ...]) -> tuple[float, ...]:
    return tuple(getattr(s, a) for a in attrs)


def nondominated(vectors: Iterable[tuple[float, ...]]) -> list[tuple[float, ...]]:
    vs = sorted(set(vectors))
    return [v for v in vs
            if not any(w != v and all(a <= b for a, b in zip(w, v, strict=True)) for w in vs)]


def signature(G: nx.MultiDiGraph, path: list[tuple]) -> tuple[str, ...]:
    sig = []
    for u, v, k in path:
        d = G[u][v][k]
        if d.get("crossing"):
            sig.append(f"crossing:{d['crossing']}")
        if d["mode"] == "sea":
            sig.append(f"sea:{d['link_id']}")
    return tuple(sig)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
