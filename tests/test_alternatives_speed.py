"""The corridor search of alternatives() against the previous algorithm, kept here as reference.

The search without ``via`` (``alternatives._search_keys``) now orders its labels by the exact
score to go of their ``(place, arrival class)`` state (a reverse search that advances on
demand) and takes the best route from that search where it is unique. The reference below is
the former search, verbatim: best_path first, then labels ordered by a place-level bound that
leaves transfers out. Both must return the same corridors in the same order, with the same
routes; routes may differ only where two routes score the same (a tie), and the first route
is always best_path's (the one best_route gives).
"""

from __future__ import annotations

import heapq
import random
import sys
from collections.abc import Hashable
from itertools import count
from typing import Any

import pytest

import corridors
from corridors.errors import CorridorsError
from corridors.routing import alternatives  # the function (before the module of that name)
from corridors.routing.alternatives import DEFAULT_MAX_LABELS, corridor_key
from corridors.routing.request import Request, build_request
from corridors.routing.shortest import EdgePath, best_path, route_for, sorted_nodes
from corridors.scoring import CostModel, ScoreWeights
from corridors.synthetic import random_network

alt = sys.modules["corridors.routing.alternatives"]  # the package exports a function by that name

OBJECTIVES: list[Any] = [
    "generalized", "distance", "crossings", "time", "cost", "score", "co2e",
    ScoreWeights(km=1.0, crossing_penalty_km=50.0, hours_km=0.5, transfer_penalty_km=2000.0,
                 name="transfer_heavy"),
    # only transfers count: ties everywhere
    ScoreWeights(km=0.0, crossing_penalty_km=0.0, transfer_penalty_km=300.0, name="transfers"),
]
COST_MODELS = [None, CostModel(transfer_h=0, transfer_usd=0, handling_kg_co2e=0),
               CostModel(transfer_h=150, transfer_usd=3000, handling_kg_co2e=500, payload_t=20)]


# --- the reference: the former search, unchanged --------------------------------------------

def reference_search(request: Request, k: int, max_labels: int = DEFAULT_MAX_LABELS
                     ) -> list[tuple[EdgePath, Hashable]]:
    """Return what ``alternatives._search`` returned before (no ``via``)."""
    origins = sorted_nodes(request.origin.nodes)
    targets = sorted_nodes(request.destination.nodes)
    if not origins or not targets:
        return []
    if set(origins) & set(targets):
        return [([], next(o for o in origins if o in set(targets)))]
    return _reference_search_keys(request, k, origins, targets, max_labels)


def _reference_search_keys(request: Request, k: int, origins: list[Hashable],
                           targets: list[Hashable], max_labels: int
                           ) -> list[tuple[EdgePath, Hashable]]:
    G, w = request.G, request.weight
    first = best_path(request)
    if first is None:
        return []
    out: list[tuple[EdgePath, Hashable]] = [first]
    keys = {corridor_key(G, first[0])}
    if k == 1:
        return out
    limit = request.constraints.max_crossings
    records = G.graph.get("crossings") or {}
    options, transfer = w.options, w.transfer
    country = {n: c for n, c in G.nodes(data="country")}
    want = set(targets)
    hopeful = alt._hopeful(G, country, {country.get(t) for t in want})
    togo = _reference_lower_bounds(G, options, want)
    tie = count()
    labels: list[tuple[Hashable, Any, tuple[str, ...], Any, int, Any]] = []
    heap: list[tuple[float, int, float, int]] = []
    settled: set[tuple[Hashable, Any, tuple[str, ...]]] = set()
    for o in origins:
        if o in togo:
            labels.append((o, None, (), frozenset({country.get(o)}), -1, None))
            heap.append((togo[o], next(tie), 0.0, len(labels) - 1))
    heapq.heapify(heap)
    while heap:
        _, _, d, li = heapq.heappop(heap)
        u, cls, key, seen, _, _ = labels[li]
        state = (u, cls, key)
        if state in settled:
            continue
        if len(settled) >= max_labels:
            break
        settled.add(state)
        if u in want and key not in keys:
            keys.add(key)
            path: EdgePath = []
            j = li
            while labels[j][4] >= 0:
                path.append(labels[j][5])
                j = labels[j][4]
            path.reverse()
            out.append((path, labels[j][0]))
            if len(out) >= k:
                break
        for v, kd in G._succ[u].items():
            cv = country.get(v)
            for m, sc, kk in options(u, v, kd):
                e = kd[kk]
                nkey, nseen = key, seen
                if e.get("crossing"):
                    if cv in seen:
                        continue
                    if limit is not None and len(key) >= limit:
                        continue
                    rec = records.get(e["crossing"])
                    cu = country.get(u)
                    if rec is not None and (not cu or not cv):
                        cu, cv = (rec.country_a, rec.country_b) if u == rec.post_a else (
                            rec.country_b, rec.country_a)
                    nkey = (*key, f"{cu}>{cv}{'~' if e.get('mode') == 'sea' else ''}")
                    nseen = seen | {cv}
                    if not hopeful(cv, nseen):
                        continue
                t = 0.0 if (cls is None or cls == m) else transfer(u, cls, m)
                h = togo.get(v)
                if t is None or h is None or (v, m, nkey) in settled:
                    continue
                labels.append((v, m, nkey, nseen, li, (u, v, kk)))
                g = d + sc + t
                heapq.heappush(heap, (g + h, next(tie), g, len(labels) - 1))
    return out


def _reference_lower_bounds(G: Any, options: Any, targets: set[Hashable]
                            ) -> dict[Hashable, float]:
    reverse: dict[Hashable, list[tuple[Hashable, float]]] = {}
    for u, nbrs in G._succ.items():
        for v, kd in nbrs.items():
            opts = options(u, v, kd)
            if opts:
                reverse.setdefault(v, []).append((u, min(sc for _, sc, _ in opts)))
    dist: dict[Hashable, float] = {}
    heap = [(0.0, i, t) for i, t in enumerate(sorted_nodes(targets))]
    tie = count(len(heap))
    while heap:
        d, _, v = heapq.heappop(heap)
        if v in dist:
            continue
        dist[v] = d
        for u, w in reverse.get(v, ()):
            if u not in dist:
                heapq.heappush(heap, (d + w, next(tie), u))
    return dist


# --- comparison -----------------------------------------------------------------------------

def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def compare(request: Request, k: int) -> tuple[int, int]:
    """Assert the new search matches the reference; return the routes identical, and all."""
    new = alt._search(request, k, alt.DEFAULT_MAX_PATHS, DEFAULT_MAX_LABELS)
    ref = reference_search(request, k)
    assert len(new) == len(ref)
    if not ref:
        return 0, 0
    assert new[0] == ref[0]  # best_path's route, to the edge
    G = request.G
    keys = [corridor_key(G, path) for path, _ in new]
    assert len(set(keys)) == len(keys)
    same = 0
    for (path, start), (rpath, rstart) in zip(new, ref, strict=True):
        if (path, start) == (rpath, rstart):
            same += 1
            continue
        # another route only where both score the same (a tie)
        a = route_for(request, path, start).score
        b = route_for(request, rpath, rstart).score
        assert _close(a, b), (a, b)
    return same, len(ref)


def _case(seed: int) -> tuple[Any, Any, Any, dict[str, Any], int]:
    rng = random.Random(seed)
    if seed % 4 == 0:  # tiny, as in test_routing
        n, n_countries, p_crossing = rng.randint(3, 7), rng.randint(1, 3), 0.7
    else:  # more countries: more corridors
        n = rng.randint(8, 16) if seed % 4 < 3 else rng.randint(25, 45)
        n_countries, p_crossing = rng.randint(4, 10), 0.9
    G = random_network(n, seed=seed, n_countries=n_countries, p_crossing=p_crossing,
                       p_extra=0.6, p_planned=0.15, p_closed=0.1, parallel_share=0.4,
                       port_share=0.35, p_one_way=0.1, n_corridors=1)
    nodes = sorted(G)
    countries = sorted({c for _, c in G.nodes(data="country")})
    o: Any = rng.choice(nodes) if rng.random() < 0.85 else rng.choice(countries)
    t: Any = rng.choice(nodes) if rng.random() < 0.85 else rng.choice(countries)
    kwargs: dict[str, Any] = {
        "objective": rng.choice(OBJECTIVES),
        "cost_model": rng.choice(COST_MODELS),
        "include_planned": rng.random() < 0.5,
    }
    if rng.random() < 0.3:
        kwargs["modes"] = sorted(rng.sample(["road", "rail", "sea"], rng.randint(1, 3)))
    if rng.random() < 0.3:
        kwargs["max_crossings"] = rng.randint(0, 3)
    if rng.random() < 0.2 and len(countries) > 2:
        kwargs["avoid_countries"] = [rng.choice(countries)]
    return G, o, t, kwargs, rng.randint(2, 7)


def test_same_corridors_as_the_former_search_on_random_networks() -> None:
    cases = identical = routes = 0
    for seed in range(600):
        G, o, t, kwargs, k = _case(seed)
        objective = kwargs.pop("objective")
        try:
            request = build_request(G, o, t, objective, **kwargs)
        except CorridorsError:
            continue
        cases += 1
        same, found = compare(request, k)
        identical += same
        routes += found
    assert cases > 400 and routes > 800
    assert identical > 0.9 * routes  # other routes only in ties


def test_ties_keep_best_route_first(monkeypatch: pytest.MonkeyPatch) -> None:
    # when only transfers count, equally good routes are everywhere: then the first route is
    # best_path's (as best_route gives it), found by best_path itself
    G = random_network(30, seed=7, n_countries=6, p_crossing=0.9, parallel_share=0.4)
    transfers = ScoreWeights(km=0.0, crossing_penalty_km=0.0, transfer_penalty_km=300.0,
                             name="transfers")
    calls: list[Request] = []
    monkeypatch.setattr(alt, "best_path", lambda r: calls.append(r) or best_path(r))
    nodes = sorted(G)
    pairs = [(o, t) for o in nodes[::3] for t in nodes[1::4] if o != t] + [("AA", "AD")]
    found = 0
    for objective in (transfers, "distance"):
        calls.clear()
        for o, t in pairs:
            request = build_request(G, o, t, objective)
            got = alt._search(request, 4, alt.DEFAULT_MAX_PATHS, DEFAULT_MAX_LABELS)
            assert got[0] == best_path(request)
            found += len(got)
            compare(request, 4)
        if objective == "distance":  # no ties: the first route without best_path
            assert not calls
        else:
            assert len(calls) > 10
    assert found > 100


@pytest.fixture(scope="module")
def real() -> Any:
    return corridors.load_network()


@pytest.mark.parametrize(("o", "t", "kwargs"), [
    ("almaty", "duisburg", {}),
    ("tashkent", "karachi", {}),
    ("dushanbe", "osh", {}),
    ("astana", "europe", {"avoid_countries": ["RU"]}),
    ("bishkek", "baku", {"objective": "time", "max_crossings": 4}),
    ("almaty", "istanbul", {"objective": "crossings"}),
])
def test_same_corridors_as_the_former_search_on_real_pairs(real: Any, o: str, t: str,
                                                           kwargs: dict[str, Any]) -> None:
    kwargs = dict(kwargs)
    objective = kwargs.pop("objective", "generalized")
    request = build_request(real, o, t, objective, **kwargs)
    if objective == "generalized":  # no ties: the very same routes, scores to the bit
        ref = reference_search(request, 8)
        assert alt._search(request, 8, alt.DEFAULT_MAX_PATHS, DEFAULT_MAX_LABELS) == ref
        routes = alternatives(real, o, t, 8, objective, **kwargs)
        assert [(r.edges, r.origin, r.score) for r in routes] == \
            [(path, start, route_for(request, path, start).score) for path, start in ref]
    else:
        compare(request, 8)
