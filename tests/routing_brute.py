"""Brute-force references for the routing tests: every route, filtered and scored.

A route is a path that never repeats a state (place, arrival class), where the class is the
mode, or the mode and the rail gauges on rail; it changes mode only at a terminal that handles
both modes, and breaks gauge (two rail legs with no gauge in common) only at a terminal that
handles rail. These rules and the edge filter are written here independently of
corridors.scoring and corridors.routing.constraints, so the tests check those too; the numbers
come from corridors.scoring, and the best paths of every brute force are scored again by the
independent reference scorer (tests/reference_scorer.py), which must agree on every figure.

For the generator tests (tests/test_routing_generators.py) there are also: place queries
resolved from the README (:func:`place_nodes`), routes through ordered vias (:func:`walks`,
:func:`staged_best`, :func:`in_order`), corridors as the borders crossed
(:func:`border_key`, :func:`expected_alternatives`) and a wall-clock limit for searches that
must not hang (:class:`time_limit`).
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
          rules: Rules, budget: int = BUDGET) -> list[list[tuple]]:
    """Every admitted route from any origin to any (other) target (see the module docstring).

    At most ``budget`` partial paths are extended (hypothesis draws another example beyond).
    """
    targets = set(targets)
    out: list[list[tuple]] = []
    budget = [budget]
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


#: Best paths of each brute force re-scored by the independent reference scorer.
REFERENCE_CHECKED = 3


def check_with_reference(G: nx.MultiDiGraph, ss: list[PathScore], weights: ScoreWeights | str,
                         cost_model: CostModel | None = None) -> None:
    """The best few of ``ss`` scored again by tests/reference_scorer.py: every figure agrees.

    The brute force ranks with ``score_path`` (fast); the reference scorer, written from the
    documentation, re-scores the paths that decide the comparison, so a scoring bug shared by
    the searches and the brute force is caught here.
    """
    from reference_scorer import differences, score

    for s in sorted(ss, key=lambda s: s.score)[:REFERENCE_CHECKED]:
        if not s.edges:
            continue  # origin = destination: nothing to score
        diff = differences(score(G, list(s.edges), cost_model, weights), s)
        assert not diff, (list(s.edges), diff)


def best(G, origins, targets, weights, rules, cost_model=None) -> PathScore | None:
    ss = scored(G, paths(G, origins, targets, rules), weights, rules, cost_model=cost_model)
    check_with_reference(G, ss, weights, cost_model)
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


def nondominated(vectors: Iterable[tuple[float, ...]],
                 at_most: int | None = None) -> list[tuple[float, ...]]:
    """The distinct vectors no other vector is at least as good as in every criterion, sorted.

    A vector's dominators come before it in lexicographic order, and a dominated one is
    dominated by one of the front, so one pass against the front found so far is enough.
    With ``at_most``, stop when the front has more members (the result then has
    ``at_most + 1``: enough to tell that it is too large).
    """
    front: list[tuple[float, ...]] = []
    for v in sorted(set(vectors)):
        if not any(all(a <= b for a, b in zip(w, v, strict=True)) for w in front):
            front.append(v)
            if at_most is not None and len(front) > at_most:
                break
    return front


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


# --- places, walks, vias, corridors (the generator tests: tests/test_routing_generators.py) ---

#: Mean Earth radius (km) of the great-circle distance used to snap coordinates here.
EARTH_KM = 6371.0088


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def place_nodes(G: nx.MultiDiGraph, query) -> tuple[Hashable, ...]:
    """The places a query stands for, as README.md ("Places are ...") describes them.

    A place id, name or alias is one place; a two-letter ISO code every place of that country;
    a region every place that is a gateway for it; a ``(lat, lon)`` pair (or ``"lat,lon"``
    text) the nearest place that has a link. Written from the documentation only.
    """
    from corridors.model import REGIONS

    if isinstance(query, str) and "," in query:
        lat, lon = (float(x) for x in query.split(","))
        query = (lat, lon)
    if isinstance(query, tuple):
        lat, lon = query
        linked = [n for n in G if G.degree(n) > 0]
        return (min(linked, key=lambda n: _haversine_km(lat, lon, G.nodes[n]["y"],
                                                        G.nodes[n]["x"])),)
    if query in G:
        return (query,)
    region = query.strip().lower().replace(" ", "_").replace("-", "_")
    if region in REGIONS:
        return tuple(n for n, g in G.nodes(data="gateway_for") if g and region in g)
    if len(query) == 2 and query.isalpha():
        members = tuple(n for n, c in G.nodes(data="country") if c == query.upper())
        if members:
            return members
    q = query.casefold()
    hits = [n for n, d in G.nodes(data=True)
            if q == d["name"].casefold() or q in (a.casefold() for a in d["aliases"])]
    assert len(hits) == 1, (query, hits)
    return tuple(hits)


def walks(G: nx.MultiDiGraph, start: Hashable, rules: Rules,
          budget: list[int] | None = None) -> list[list[tuple]]:
    """Every admitted route from ``start`` (the empty one included), as ``paths`` defines them.

    Unlike :func:`paths` this keeps the routes that come back to ``start`` in another class
    (a leg between two vias may end where it began). ``budget`` (a one-item list) is the
    number of extensions left, shared between calls; hypothesis draws another example when it
    runs out.
    """
    out: list[list[tuple]] = [[]]
    seen = {(start, None)}
    stack: list[tuple] = []
    budget = [BUDGET] if budget is None else budget

    def extend(u, cls):
        for v, kd in G._succ[u].items():
            for k, d in kd.items():
                if not edge_ok(G, u, v, k, rules):
                    continue
                c = edge_state_class(d)
                if (v, c) in seen or not change_ok(G, u, cls, c):
                    continue
                budget[0] -= 1
                if budget[0] < 0:
                    from hypothesis import assume

                    assume(False)  # too many routes to enumerate in a test (see BUDGET)
                seen.add((v, c))
                stack.append((u, v, k))
                out.append(list(stack))
                extend(v, c)
                stack.pop()
                seen.discard((v, c))

    extend(start, None)
    return out


def _crossings(G: nx.MultiDiGraph, path: list[tuple]) -> int:
    return sum(1 for u, v, k in path if G[u][v][k].get("crossing"))


def staged_best(G: nx.MultiDiGraph, origins: Iterable[Hashable],
                stages: list[Iterable[Hashable]], targets: Iterable[Hashable],
                weights: ScoreWeights | str, rules: Rules,
                cost_model: CostModel | None = None,
                cache: dict | None = None) -> PathScore | None:
    """Best route from any origin through a place of each stage, in order, to any target.

    A route through vias is a chain of legs, each an admitted route (:func:`walks`) from where
    the last one ended to a place of the next stage (an empty leg where that place is the
    current one); at each junction the change of class must be allowed there, and
    ``rules.max_crossings`` caps the whole chain. A score is a sum of leg terms (scoring.py),
    so the best chain is found stage by stage, keeping the best chain per (place, last class,
    crossings). A leg's score is the sum of its edges' leg scores (``score_path`` of the edge
    and the one before it), every candidate chain is scored as one path by ``score_path``.
    ``cache`` keeps the legs per start place across calls with the same graph, objective,
    cost model and rules (at most ``cache["limit"]``, default :data:`BUDGET`, extensions in
    all).
    """
    cache = {} if cache is None else cache
    budget = cache.setdefault("budget", [cache.get("limit", BUDGET)])
    steps = cache.setdefault("steps", {})
    limit = rules.max_crossings

    def score(path, start):
        return score_path(G, path, weights, cost_model=cost_model, start=start, facts=False)

    def step(prev, e):
        # the score of edge e as a leg after prev (its transfer included)
        key = (prev, e)
        if key not in steps:
            steps[key] = score([e] if prev is None else [prev, e], e[0]).edge_scores[-1]
        return steps[key]

    def records(n):
        if ("legs", n) not in cache:
            recs = []
            for w in walks(G, n, rules, budget):
                s = 0.0
                for i, e in enumerate(w):
                    s += step(w[i - 1] if i else None, e)
                first = edge_state_class(G[w[0][0]][w[0][1]][w[0][2]]) if w else None
                last = edge_state_class(G[w[-1][0]][w[-1][1]][w[-1][2]]) if w else None
                recs.append((w[-1][1] if w else n, first, last, _crossings(G, w), s, w))
            cache[("legs", n)] = recs
        return cache[("legs", n)]

    def legs(n, wanted):
        # the best leg from n per (first class, last class, end, crossings)
        best_leg: dict = {}
        for end, first, last, x, s, w in records(n):
            if end in wanted:
                key = (first, last, end, x)
                if key not in best_leg or s < best_leg[key][0]:
                    best_leg[key] = (s, w)
        return best_leg

    # chain per (place, last class, crossings): (score, edges, start)
    frontier: dict = {(o, None, 0): (0.0, [], o) for o in dict.fromkeys(origins)}
    for wanted in [*map(set, stages), set(targets)]:
        nxt: dict = {}
        for (n, cls, x), (_, chain, start) in frontier.items():
            for (first, last, end, xl), (_, leg) in legs(n, wanted).items():
                if first is not None and not change_ok(G, n, cls, first):
                    continue
                if limit is not None and x + xl > limit:
                    continue
                key = (end, cls if last is None else last, x + xl)
                cand = [*chain, *leg]
                s = score(cand, start).score
                if key not in nxt or s < nxt[key][0]:
                    nxt[key] = (s, cand, start)
        frontier = nxt
    if not frontier:
        return None
    s, chain, start = min(frontier.values(), key=lambda f: f[0])
    return score_path(G, chain, weights, cost_model=cost_model, start=start)


def in_order(nodes: list[Hashable], stages: list[Iterable[Hashable]]) -> bool:
    """Does the sequence of places pass a place of each stage, in the stages' order?

    Each stage needs a position of its own, after the previous stage's.
    """
    if not stages:
        return True
    first = set(stages[0])
    return any(n in first and in_order(nodes[i + 1:], stages[1:]) for i, n in enumerate(nodes))


def route_places(path: list[tuple], start: Hashable) -> list[Hashable]:
    return [start, *(v for _, v, _ in path)]


def border_key(G: nx.MultiDiGraph, path: Iterable[tuple]) -> tuple[tuple[str, str], ...]:
    """The borders a route crosses, in order: (from country, to country + "~" by sea)."""
    out = []
    for u, v, k in path:
        d = G[u][v][k]
        if d.get("crossing"):
            out.append((G.nodes[u]["country"],
                        G.nodes[v]["country"] + ("~" if d["mode"] == "sea" else "")))
    return tuple(out)


def comes_back(key: tuple[tuple[str, str], ...]) -> bool:
    """Does a corridor leave a country and enter it again later?"""
    left: set[str] = set()
    for a, b in key:
        left.add(a)
        if b.rstrip("~") in left:
            return True
    return False


def corridor_scores(G: nx.MultiDiGraph, candidates: Iterable[PathScore]) -> dict:
    """Best score per corridor (:func:`border_key`) over candidate routes."""
    by_key: dict = {}
    for s in candidates:
        key = border_key(G, s.edges)
        if key not in by_key or s.score < by_key[key]:
            by_key[key] = s.score
    return by_key


def expected_alternatives(by_key: dict, first_key, k: int) -> list[float]:
    """Scores alternatives must return: the best corridor, then the others in score order.

    After the first, corridors that come back to a country they left are not offered.
    ``first_key`` is the corridor of the overall best route (any of equally good ones).
    """
    rest = sorted(s for key, s in by_key.items() if key != first_key and not comes_back(key))
    return [by_key[first_key], *rest][:k]


class SearchTimeout(Exception):
    """A search ran longer than :func:`time_limit` allows."""


class time_limit:
    """Raise :class:`SearchTimeout` in the block after ``seconds`` of wall time (SIGALRM).

    Searches are pure Python, so the signal interrupts them; a test that must not hang wraps
    its search in this. Outside the main thread (no signals there) it does nothing.
    """

    def __init__(self, seconds: float, what: str = "search") -> None:
        self.seconds, self.what = seconds, what

    def _fire(self, signum, frame):
        raise SearchTimeout(f"{self.what} ran longer than {self.seconds:g} s")

    def __enter__(self):
        import signal
        import threading

        self.armed = (hasattr(signal, "setitimer")
                      and threading.current_thread() is threading.main_thread())
        if self.armed:
            self.old = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.armed:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
        return False
