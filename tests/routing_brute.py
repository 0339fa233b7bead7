"""Brute-force references for the routing tests: every simple path, filtered and scored.

The edge filter here is written independently of corridors.routing.constraints, so the tests
check the constraints too; the numbers come from corridors.scoring (the one scorer), which
charges a transfer between consecutive legs of different modes. The searches run over
(place, arrival mode) states; these references only ever look at simple paths, so agreement
checks the shortcut argument of corridors.scoring as well.
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


def paths(G: nx.MultiDiGraph, origins: Iterable[Hashable], targets: Iterable[Hashable],
          rules: Rules) -> list[list[tuple]]:
    """Every admitted simple edge path from any origin to any (other) target."""
    targets = list(targets)
    out = []
    for o in origins:
        if o in targets:
            out.append([])
        rest = [t for t in targets if t != o]
        if not rest:
            continue
        for p in nx.all_simple_edge_paths(G, o, rest):
            if all(edge_ok(G, u, v, k, rules) for u, v, k in p):
                out.append(list(p))
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


def _end_mode(G: nx.MultiDiGraph, s: PathScore, last: bool) -> str | None:
    if not s.edges:
        return None
    u, v, k = s.edges[-1] if last else s.edges[0]
    return G[u][v][k]["mode"]


def best_through(G: nx.MultiDiGraph, first: list[PathScore], second: list[PathScore],
                 weights: ScoreWeights | str, cost_model: CostModel | None = None,
                 limit: int | None = None, via: Hashable | None = None) -> PathScore | None:
    """Best concatenation ``a + b`` (a from ``first``, b from ``second``), scored as one path.

    The score of a concatenation is the two scores plus the transfer at the junction, which
    depends only on the last mode of ``a`` and the first mode of ``b``; so the best ``a`` per
    (last mode, crossings) and the best ``b`` per (first mode, crossings) are enough, and each
    candidate pair is scored by ``score_path`` as a whole. ``limit`` caps the total crossings.
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
    for (_, xa), a in ga.items():
        for (_, xb), b in gb.items():
            if limit is not None and xa + xb > limit:
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
