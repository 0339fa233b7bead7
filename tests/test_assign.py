"""The capacitated assignment: hand-solved optima, shadow prices by perturbation, an
independent arc-based LP on random networks, all-or-nothing without capacities, and its
inputs (demand files, capacity data) checked with file, row and column."""

from __future__ import annotations

import pickle
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import corridors
from corridors.assignment import assign
from corridors.errors import DataError, DemandError, NoRouteError
from corridors.routing import best_route, od_matrix
from corridors.synthetic import random_network, tiny_network

X_AB = ("crossing", "x-ab-road", "both")


# ----------------------------------------------------------------------- hand-solved optima
def test_the_cheap_corridor_saturates_and_the_rest_spills_over() -> None:
    G = tiny_network()
    cheap = best_route(G, "a1", "c1", "cost")
    other = best_route(G, "a1", "c1", "cost", avoid_crossings=["x-ab-road"])
    assert "x-ab-road" in [x.id for x in cheap.border_crossings]
    assert other.cost_usd > cheap.cost_usd
    a = assign(G, [("a1", "c1", 1000)], "cost", capacities={X_AB: 400})
    (o,) = a.od
    got = {tuple(x.id for x in r.border_crossings): teu for r, teu in o.routes}
    assert got == {tuple(x.id for x in cheap.border_crossings): pytest.approx(400),
                   tuple(x.id for x in other.border_crossings): pytest.approx(600)}
    assert o.assigned_teu == pytest.approx(1000) and o.unserved_teu == pytest.approx(0)
    assert o.shares() == pytest.approx([0.6, 0.4])
    assert a.total_score == pytest.approx(400 * cheap.cost_usd + 600 * other.cost_usd)
    (b,) = a.bottlenecks
    assert b.element == X_AB and b.teu == pytest.approx(400) and b.utilisation == 1.0
    # one more TEU through the cheap corridor saves the difference of the two routes
    assert b.shadow_price_usd_per_teu == pytest.approx(other.cost_usd - cheap.cost_usd)


@pytest.mark.parametrize("objective", ["cost", "generalized", "time"])
def test_shadow_prices_equal_the_saving_of_one_more_unit(objective: str) -> None:
    G = tiny_network()
    demand = [("a1", "c1", 1000), ("a2", "c2", 700)]
    caps = {X_AB: 900.0, ("port", "c1", "both"): 1500.0}
    base = assign(G, demand, objective, capacities=caps)
    assert base.bottlenecks
    for b in base.bottlenecks:
        more = dict(caps)
        more[b.element] += 1.0
        after = assign(G, demand, objective, capacities=more)
        assert base.objective_value - after.objective_value == pytest.approx(
            b.shadow_price_usd_per_teu, rel=1e-6, abs=1e-6)


def test_unserved_demand_when_capacity_runs_out() -> None:
    G = tiny_network()
    a = assign(G, [("a1", "c1", 1000)], "cost",
               capacities={("link", "b3-c1-sea", "both"): 250}, penalty_usd_per_teu=1e5)
    (o,) = a.od
    assert o.assigned_teu == pytest.approx(250) and o.unserved_teu == pytest.approx(750)
    assert a.unserved_teu == pytest.approx(750)
    (b,) = a.bottlenecks
    route = best_route(G, "a1", "c1", "cost")
    # one more TEU of ferry capacity carries one more TEU instead of paying the penalty
    assert b.shadow_price_usd_per_teu == pytest.approx(1e5 - route.cost_usd)


def test_directional_capacity_binds_one_direction_only() -> None:
    G = tiny_network()
    caps = {("crossing", "x-ab-road", "ab"): 100}
    a = assign(G, [("a1", "c1", 500), ("c1", "a1", 500)], "cost", capacities=caps)
    there, back = a.od
    assert len(there.routes) == 2 and len(back.routes) == 1
    assert back.routes[0][1] == pytest.approx(500)


def test_capacity_scale_doubles_and_network_capacities_are_used() -> None:
    G = tiny_network()
    G.graph["capacities"] = {("crossing", "x-ab-road", "both", "current"): corridors.model
                             .Capacity("crossing", "x-ab-road", "both", 300.0)}
    one = assign(G, [("a1", "c1", 1000)], "cost")
    two = assign(G, [("a1", "c1", 1000)], "cost", capacity_scale={"crossing": 2})
    assert one.bottlenecks[0].capacity == 300 and two.bottlenecks[0].capacity == 600
    assert two.bottlenecks[0].teu == pytest.approx(600)
    assert not assign(G, [("a1", "c1", 1000)], "cost", capacities=False).bottlenecks


# ------------------------------------------------------------ an independent arc-based LP
def _arc_lp(G, objective, demand, caps, penalty):
    """Solve the same problem as one arc-based multi-commodity LP (scipy HiGHS)."""
    import scipy.sparse as sp
    from scipy.optimize import linprog

    from corridors.assignment_lp import arc_elements
    from corridors.routing.compiled import compile_states
    from corridors.routing.constraints import compile_weight, make_constraints

    sg = compile_states(compile_weight(G, objective, make_constraints(G)))
    elements, inc = arc_elements(sg)
    n_s, n_a = sg.n_states, len(sg.arc_tail)
    # variables per commodity: one per arc, one per arrival state of the destination (to the
    # sink), one for the unserved TEU
    rows, cols, vals, b_eq, cost = [], [], [], [], []
    block = []
    for o, d, teu in demand:
        base = len(cost)
        cost.extend(sg.arc_score.tolist())
        sinks = list(sg.states_of(d))
        cost.extend([0.0] * len(sinks))
        cost.append(penalty)
        block.append((base, sinks))
        r0 = len(b_eq)
        for a in range(n_a):  # flow conservation: out - in = supply
            rows += [r0 + int(sg.arc_tail[a]), r0 + int(sg.arc_head[a])]
            cols += [base + a, base + a]
            vals += [1.0, -1.0]
        for j, s in enumerate(sinks):
            rows.append(r0 + s)
            cols.append(base + n_a + j)
            vals.append(1.0)
        start = sg.start_state(o)
        rows.append(r0 + start)
        cols.append(base + n_a + len(sinks))
        vals.append(1.0)  # unserved leaves the origin without travelling
        supply = np.zeros(n_s)
        supply[start] = teu
        b_eq.extend(supply.tolist())
        # the sink takes it all
        for j in range(len(sinks)):
            rows.append(r0 + n_s)
            cols.append(base + n_a + j)
            vals.append(1.0)
        rows.append(r0 + n_s)
        cols.append(base + n_a + len(sinks))
        vals.append(1.0)
        b_eq.append(teu)
    A_eq = sp.csr_matrix((vals, (rows, cols)), shape=(len(b_eq), len(cost)))
    index = {e: i for i, e in enumerate(elements)}
    ub_rows, ub_cols, ub_vals, b_ub = [], [], [], []
    inc = inc.tocsc()
    for r, (element, cap) in enumerate(caps.items()):
        col = inc[:, index[element]].toarray().ravel() if element in index else np.zeros(n_a)
        for base, _ in block:
            for a in np.flatnonzero(col):
                ub_rows.append(r)
                ub_cols.append(base + int(a))
                ub_vals.append(float(col[a]))
        b_ub.append(cap)
    A_ub = sp.csr_matrix((ub_vals, (ub_rows, ub_cols)), shape=(len(b_ub), len(cost)))
    res = linprog(cost, A_ub=A_ub if b_ub else None, b_ub=b_ub or None, A_eq=A_eq, b_eq=b_eq,
                  bounds=(0, None), method="highs")
    assert res.status == 0, res.message
    unserved = sum(res.x[base + n_a + len(sinks)] for base, sinks in block)
    return res.fun, unserved


@pytest.mark.parametrize("seed", range(6))
def test_column_generation_equals_the_arc_based_lp_on_random_networks(seed: int) -> None:
    G = random_network(24, seed=seed, n_countries=4, parallel_share=0.4)
    rng = random.Random(seed)
    places = sorted(G)
    demand = [(o, d, float(rng.randint(100, 900)))
              for o, d in (rng.sample(places, 2) for _ in range(4))]
    free = assign(G, demand, "cost", capacities=False, penalty_usd_per_teu=1e6)
    used = sorted(free.flows, key=lambda f: -f.teu)
    caps = {f.element: round(f.teu * rng.uniform(0.3, 0.9), 3)
            for f in used[:5] if f.element[2] == "both"}
    got = assign(G, demand, "cost", capacities=caps, penalty_usd_per_teu=1e6)
    ref_fun, ref_unserved = _arc_lp(G, "cost", demand, caps, 1e6)
    total = got.total_score + 1e6 * got.unserved_teu
    assert total == pytest.approx(ref_fun, rel=1e-7)
    assert got.unserved_teu == pytest.approx(ref_unserved, abs=1e-4)
    # every capacity holds, and every TEU is carried or unserved
    for f in got.flows:
        if f.capacity is not None:
            assert f.teu <= f.capacity * (1 + 1e-9) + 1e-6
    for o in got.od:
        assert o.assigned_teu + o.unserved_teu == pytest.approx(o.demand_teu)
        assert sum(teu for _, teu in o.routes) == pytest.approx(o.assigned_teu)
    # the flows on links and crossings are the sums over the routes that use them
    link_teu: dict[str, float] = {}
    crossing_teu: dict[str, float] = {}
    for o in got.od:
        for route, teu in o.routes:
            for leg in route.legs:
                link_teu[leg.link_id] = link_teu.get(leg.link_id, 0.0) + teu
            for x in route.border_crossings:
                crossing_teu[x.id] = crossing_teu.get(x.id, 0.0) + teu
    assert {f.element[1]: f.teu for f in got.flows if f.kind == "link"
            and f.element[2] == "both"} == pytest.approx(link_teu)
    assert {f.element[1]: f.teu for f in got.flows if f.kind == "crossing"
            and f.element[2] == "both"} == pytest.approx(crossing_teu)


@pytest.mark.parametrize("seed", range(4))
def test_without_capacities_every_pair_takes_its_best_route(seed: int) -> None:
    G = random_network(40, seed=100 + seed)
    rng = random.Random(seed)
    places = sorted(G)
    pairs = [tuple(rng.sample(places, 2)) for _ in range(8)]
    demand = [(o, d, 1000.0 + i) for i, (o, d) in enumerate(pairs)]
    a = assign(G, demand, "generalized", capacities=False)
    scores = od_matrix(G, sorted({o for o, _ in pairs}), sorted({d for _, d in pairs}),
                       "generalized")
    link_teu: dict[str, float] = {}
    for (o, d), row in zip(pairs, a.od, strict=True):
        if np.isnan(scores.loc[o, d]):
            assert row.unserved_teu == pytest.approx(row.demand_teu)
            continue
        (route, teu), = row.routes
        assert teu == pytest.approx(row.demand_teu)
        assert route.score == pytest.approx(scores.loc[o, d])
        for leg in route.legs:
            link_teu[leg.link_id] = link_teu.get(leg.link_id, 0.0) + teu
    flows = {f.element[1]: f.teu for f in a.flows if f.kind == "link"}
    assert flows == pytest.approx(link_teu)


def test_routes_are_built_when_read_and_survive_pickling() -> None:
    G = tiny_network()
    a = assign(G, [("a1", "c1", 1000), ("a1", "c1", 10)], "cost", capacities={X_AB: 400})
    first, second = a.od
    assert callable(first._routes)                    # nothing built yet
    routes = first.routes
    assert [round(teu) for _, teu in routes] == [600, 400]
    assert first.routes is routes                     # built once
    # one Route object per distinct path, shared between the rows that use it
    assert {id(r) for r, _ in second.routes} <= {id(r) for r, _ in routes}
    back = pickle.loads(pickle.dumps(a))
    assert [(r.score, teu) for r, teu in back.od[1].routes] == [
        (r.score, teu) for r, teu in second.routes]


def test_the_solver_prints_nothing() -> None:
    # HiGHS prints a banner from C once per process unless told not to before it starts: a
    # fresh interpreter shows it
    code = ("from corridors.synthetic import tiny_network\n"
            "from corridors.assignment import assign\n"
            "assign(tiny_network(), [('a1', 'c1', 1000)], 'cost',\n"
            "       capacities={('crossing', 'x-ab-road', 'both'): 400})\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(corridors.__file__).parents[1])
    assert done.stdout == "" and done.stderr == ""


# ------------------------------------------------------------------------ the real network
def test_china_europe_avoiding_russia_spills_over_the_caspian() -> None:
    G = corridors.load_network()
    a = assign(G, [("urumqi", "europe", 2_000_000)], avoid_countries=["RU"],
               modes=["rail", "sea"])
    (o,) = a.od
    assert "RU" not in {c for r, _ in o.routes for c in r.countries}
    assert len(o.routes) >= 3                      # the demand spreads over corridors
    names = {b.element[1] for b in a.bottlenecks}
    assert "alat_port" in names or "aktau_port_alat_port_sea" in names   # the Caspian binds
    for f in a.flows:
        if f.capacity is not None:
            assert f.teu <= f.capacity * (1 + 1e-9) + 1e-6
    free = assign(G, [("urumqi", "europe", 2_000_000)], avoid_countries=["RU"],
                  modes=["rail", "sea"], capacities=False)
    assert len(free.od[0].routes) == 1 and free.unserved_teu == 0
    assert a.objective_value >= free.objective_value


# ------------------------------------------------------------------------------- inputs
def test_demand_file_errors_name_file_row_and_column(tmp_path: Path) -> None:
    G = tiny_network()
    p = tmp_path / "demand.csv"
    p.write_text("origin,destination,teu\na1,c1,100\na1,c1,lots\n")
    with pytest.raises(DemandError, match=r"demand.csv, row 3, column teu: 'lots' is not a "):
        assign(G, p)
    p.write_text("origin,destination,teu\na1,c1,100\nalpah,c1,5\n")
    with pytest.raises(DemandError, match=r"demand.csv, row 3, column origin: unknown place "
                                          r"'alpah'; did you mean"):
        assign(G, p)
    p.write_text("origin,destination\na1,c1\n")
    with pytest.raises(DemandError, match="row 1: missing column"):
        assign(G, p)
    p.write_text("origin,destination,teu\na1,c1,-5\n")
    with pytest.raises(DemandError, match="row 2, column teu"):
        assign(G, p)
    with pytest.raises(corridors.errors.InputFileError):
        assign(G, tmp_path / "none.csv")


def test_no_route_for_any_row_is_an_explained_error() -> None:
    G = tiny_network()
    with pytest.raises(NoRouteError,
                       match="no route from a1 to c1; nor for any of the 1 demand row"):
        assign(G, [("a1", "c1", 10)], modes=["rail"])


def _write_capacities(tmp_path: Path, text: str) -> Path:
    ext = tmp_path / "ext"
    ext.mkdir()
    (ext / "capacities.csv").write_text("kind,element,direction,teu_per_year,value,unit,year,"
                                        "status,source,estimate,note\n" + text)
    return ext


@pytest.mark.parametrize(("row", "column", "message"), [
    ("crossing,no_such_crossing,both,100,,,,current,,test,", "element",
     "unknown crossing id"),
    ("port,almaty,both,100,,,,current,,test,", "element", "is not a port"),
    ("port,aktau_port,ab,100,,,,current,,test,", "direction", "counts both directions"),
    ("link,almaty_shu_rail,both,-1,,,,current,,test,", "teu_per_year", "greater than 0"),
    ("link,almaty_shu_rail,both,100,5,,,current,,test,", "unit", "is empty"),
    ("link,almaty_shu_rail,both,100,,,,someday,,test,", "status", "is not one of"),
    ("link,almaty_shu_rail,both,100,,,,current,,,", "source", ""),
    ("terminal,almaty,both,100,,,,current,,test,\nterminal,almaty,both,200,,,,current,,test,",
     "element", "has a capacity already"),
])
def test_every_capacity_rule_has_its_failing_row(tmp_path: Path, row: str, column: str,
                                                 message: str) -> None:
    ext = _write_capacities(tmp_path, row + "\n")
    with pytest.raises(DataError) as info:
        corridors.load_network(extend=[ext], cache=False)
    problems = [p for p in info.value.problems if p.file.endswith("capacities.csv")]
    assert problems and problems[0].column == column and message in problems[0].message


def test_builtin_capacities_are_sourced_and_plausible() -> None:
    G = corridors.load_network()
    caps = G.graph["capacities"]
    assert len(caps) >= 40
    for cap in caps.values():
        assert cap.source, cap
        assert 1_000 <= cap.teu_per_year <= 10_000_000, cap
        assert cap.year is None or 2005 <= cap.year <= 2035
    # the published Caspian figures are there
    assert ("port", "alat_port", "both", "current") in caps
    assert ("port", "aktau_port", "both", "current") in caps


def test_sea_link_capacities_follow_their_sailings() -> None:
    """A capacity estimated from sailings is sailings/week x 52 x TEU per sailing."""
    G = corridors.load_network()
    sailings = {d["link_id"]: d.get("sailings_per_week") for _, _, d in G.edges(data=True)}
    rows = [c for c in G.graph["capacities"].values() if c.unit == "TEU per sailing"]
    assert len(rows) >= 20
    for cap in rows:
        assert cap.kind == "link" and cap.direction in ("ab", "ba") and cap.estimate
        assert cap.teu_per_year == pytest.approx(sailings[cap.element] * 52 * cap.value)
