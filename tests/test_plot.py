"""Maps and charts (corridors.plot), rendered on Agg."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from itertools import combinations, pairwise
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import corridors
from corridors import plot
from corridors.route import Route, make_route
from corridors.routing import alternatives, best_route, compare_corridors
from corridors.synthetic import tiny_network

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# a1 -road- a2 =crossing= b1 -rail- b2 -road- b3 ~sea crossing~ c1 -road- c2:
# two border crossings (one by sea) and three changes of mode
TINY_PATH = [("a1", "a2", "a1-a2-road"), ("a2", "b1", "a2-b1-road"), ("b1", "b2", "b1-b2-rail"),
             ("b2", "b3", "b2-b3-road"), ("b3", "c1", "b3-c1-sea"), ("c1", "c2", "c1-c2-road")]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def G():
    G = tiny_network()
    # TINY_PATH takes the container off the train at b2: give b2 a rail terminal
    G.nodes["b2"]["transshipment"] = {"type": "rail_terminal", "modes": ("rail", "road")}
    return G


@pytest.fixture(scope="module")
def route(G) -> Route:
    return make_route(G, TINY_PATH, "time")


@pytest.fixture(scope="module")
def routes(G) -> list[Route]:
    # every operational route crosses AA>BB then BB>CC by sea (one corridor); the planned
    # direct road AA>CC is the second
    found = list(alternatives(G, "a1", "c2", 3, include_planned=True))
    assert len(found) >= 2
    return found


@pytest.fixture(scope="module")
def real():
    return corridors.load_network()


@pytest.fixture(scope="module")
def real_routes(real) -> list[Route]:
    return list(alternatives(real, "almaty", "europe", 3, avoid_countries=["RU"]))


def _png(fig, path: Path) -> Path:
    fig.savefig(path, dpi=80)
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert len(data) > 5_000
    return path


def _text_boxes(ax) -> list[tuple[str, tuple[float, float, float, float]]]:
    out = []
    for t in ax.texts:
        if not t.get_visible() or not t.get_text():
            continue
        bb = t.get_window_extent()
        out.append((t.get_text(), (bb.x0, bb.y0, bb.x1, bb.y1)))
    return out


def _assert_no_overlap(ax) -> None:
    boxes = _text_boxes(ax)
    for (ta, a), (tb, b) in combinations(boxes, 2):
        overlap = (a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5
                   and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5)
        assert not overlap, f"labels overlap: {ta!r} and {tb!r}"


# --- plot_routes ----------------------------------------------------------------------------

def test_plot_routes_one_route(G, route, tmp_path: Path) -> None:
    fig, ax = plot.plot_routes(route, G)
    _png(fig, tmp_path / "one.png")
    assert ax.get_title(loc="left") == "Alpha → Charlie"
    texts = {t.get_text() for t in ax.texts}
    assert {"Alpha", "Charlie"} <= texts            # both ends named
    assert "Alpha-Bravo road" in texts               # a crossing named
    legend = ax.get_legend()
    assert legend is not None
    first = legend.get_texts()[0].get_text()
    assert f"{route.distance_km:,.0f} km" in first and "2 crossings" in first


def test_plot_routes_several_routes(G, routes, tmp_path: Path) -> None:
    fig, ax = plot.plot_routes(routes, G, title="Tiny")
    _png(fig, tmp_path / "several.png")
    assert ax.get_title(loc="left") == "Tiny"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    for i in range(1, len(routes) + 1):
        assert any(label.startswith(f"#{i}") for label in labels)


def test_plot_routes_honours_ax(G, route) -> None:
    fig0, (_, ax1) = plt.subplots(1, 2, figsize=(12, 5))
    fig, ax = plot.plot_routes(route, G, ax=ax1)
    assert ax is ax1 and fig is fig0


def test_plot_routes_without_network_countries_or_labels(route, tmp_path: Path) -> None:
    fig, ax = plot.plot_routes(route, countries=False, annotate=False, legend=False)
    _png(fig, tmp_path / "bare.png")
    assert len(ax.texts) == 0 and ax.get_legend() is None


def test_plot_routes_with_missing_outlines_file(route, tmp_path: Path) -> None:
    fig, _ = plot.plot_routes(route, countries=tmp_path / "nowhere.geojson")
    _png(fig, tmp_path / "no_outlines.png")


def test_plot_routes_real_network_labels_do_not_overlap(real, real_routes, tmp_path) -> None:
    fig, ax = plot.plot_routes(real_routes, real)
    _png(fig, tmp_path / "real_map.png")
    _assert_no_overlap(ax)
    # a lon/lat map with the aspect of its mid latitude
    y0, y1 = ax.get_ylim()
    import math

    assert ax.get_aspect() == pytest.approx(1 / math.cos(math.radians((y0 + y1) / 2)))


def test_plot_routes_rejects_empty_input() -> None:
    with pytest.raises(ValueError, match="no routes"):
        plot.plot_routes([])
    with pytest.raises(TypeError):
        plot.plot_routes(["almaty"])


# --- explore_routes -------------------------------------------------------------------------

def _geojson_features(html: str) -> list[dict]:
    """Every GeoJSON feature embedded in a saved folium map."""
    decoder = json.JSONDecoder()
    features = []
    for match in re.finditer(r"_add\(", html):
        try:
            obj, _ = decoder.raw_decode(html, match.end())
        except ValueError:
            continue
        if isinstance(obj, dict) and obj.get("type") == "FeatureCollection":
            features.extend(obj["features"])
    return features


def test_explore_routes_saves_one_feature_per_leg(G, routes, tmp_path: Path) -> None:
    path = tmp_path / "map.html"
    m = plot.explore_routes(routes, G, path=path)
    html = path.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert m.get_name() in html
    legs = [f for f in _geojson_features(html) if f["properties"].get("feature") == "leg"]
    assert len(legs) == sum(len(r.legs) for r in routes)
    props = legs[0]["properties"]
    assert {"from", "to", "mode", "km", "hours", "usd", "crossing"} <= set(props)
    for f in legs:
        assert f["geometry"]["type"] == "LineString"
    # one marker per crossing (and direction) and per change of mode
    crossings = {(x.id, x.from_place) for r in routes for x in r.border_crossings}
    transfers = {t.place for r in routes for t in r.transshipments}
    assert html.count("L.circleMarker(") == len(crossings) + len(transfers)
    for r in routes:
        for x in r.border_crossings:
            assert f"{x.name} ({x.from_country} → {x.to_country})" in html
    assert "Gauge change" in html and "USD per TEU" in html


def test_explore_routes_one_route_without_file(G, route) -> None:
    m = plot.explore_routes(route)
    html = m.get_root().render()
    legs = [f for f in _geojson_features(html) if f["properties"].get("feature") == "leg"]
    assert [f["properties"]["leg"] for f in legs] == list(range(1, len(route.legs) + 1))
    assert not [f for f in _geojson_features(html) if f["properties"].get("feature") == "network"]


# --- time/cost-distance ---------------------------------------------------------------------

def _route_line(ax, rank: int = 1):
    lines = [ln for ln in ax.lines if ln.get_gid() == f"route-{rank}"]
    assert len(lines) == 1
    return lines[0]


def _vertical_steps(line) -> list[tuple[float, float, float]]:
    xs, ys = line.get_data()
    return [(float(x0), float(y0), float(y1))
            for (x0, y0), (x1, y1) in pairwise(zip(xs, ys, strict=True))
            if x0 == x1 and y1 > y0]


def _crossing_kms(route: Route) -> list[float]:
    """Cumulative km at the start of each crossing leg (where the crossing is drawn)."""
    out, before = [], 0.0
    for rec in route.leg_records():
        if rec["crossing"]:
            out.append(before)
        before = rec["cum_distance_km"]
    return out


@pytest.mark.parametrize("measure", ["time", "cost"])
def test_time_distance_steps_at_the_crossings(route, measure: str, tmp_path: Path) -> None:
    fig, ax = plot.plot_time_distance(route, measure=measure)
    _png(fig, tmp_path / f"{measure}.png")
    line = _route_line(ax)
    steps = _vertical_steps(line)
    step_x = [x for x, _, _ in steps]
    kms = _crossing_kms(route)
    assert len(kms) == route.crossings == 2
    for km in kms:
        assert km in step_x                          # exact: same summation as leg_records
    # every step is a crossing, a port call or a change of mode, nothing else
    starts = {}
    before = 0.0
    for i, leg in enumerate(route.legs):
        if leg.crossing or leg.mode == "sea" or (i and leg.mode != route.legs[i - 1].mode):
            starts[before] = leg
        before += leg.distance_km
    assert set(step_x) == set(starts)
    xs, ys = line.get_data()
    total = route.time_h if measure == "time" else route.cost_usd
    assert xs[-1] == pytest.approx(route.distance_km)
    assert ys[-1] == pytest.approx(total)
    unit = "hours" if measure == "time" else "USD per TEU"
    assert unit in ax.get_ylabel() and "km" in ax.get_xlabel()


def test_time_distance_several_routes_real_network(real_routes, tmp_path: Path) -> None:
    fig, ax = plot.plot_time_distance(real_routes)
    _png(fig, tmp_path / "real_td.png")
    for rank, r in enumerate(real_routes, 1):
        step_x = {x for x, _, _ in _vertical_steps(_route_line(ax, rank))}
        assert r.crossings >= 1
        assert set(_crossing_kms(r)) <= step_x
    texts = [t.get_text() for t in ax.texts]
    assert any("Alat" in t for t in texts)            # the Caspian crossing is named
    _assert_no_overlap(ax)


def test_time_distance_cost_chart_real_network(real, tmp_path: Path) -> None:
    r = best_route(real, "dushanbe", "karachi")
    fig, ax = plot.plot_time_distance(r, measure="cost")
    _png(fig, tmp_path / "cost.png")
    _assert_no_overlap(ax)
    labels = " ".join(t.get_text() for t in ax.texts)
    for x in r.border_crossings:                       # every crossing of one route labelled
        assert plot._short(x.name) in labels


def test_time_distance_honours_ax(route) -> None:
    fig0, ax0 = plt.subplots()
    fig, ax = plot.plot_time_distance(route, ax=ax0, measure="cost")
    assert ax is ax0 and fig is fig0


def test_time_distance_rejects_bad_measure(route) -> None:
    with pytest.raises(ValueError, match="measure"):
        plot.plot_time_distance(route, measure="speed")
    # the message lists every choice, the emissions chart included
    for draw in (plot.plot_time_distance, plot.time_distance_profile):
        with pytest.raises(ValueError, match=r"'time', 'cost', 'co2e'.*'speed'"):
            draw(route, measure="speed")


def test_profile_splits_every_leg_exactly(route) -> None:
    for measure, attr in (("time", "time_h"), ("cost", "cost_usd")):
        p = plot.time_distance_profile(route, measure)
        assert len(p.running) == len(p.fixed) == len(route.legs)
        for leg, run, fix in zip(route.legs, p.running, p.fixed, strict=True):
            assert run >= 0 and fix >= 0
            assert run + fix == pytest.approx(getattr(leg, attr))
        assert p.total == pytest.approx(getattr(route, attr))
        kinds = [s.kind for s in p.steps]
        assert kinds.count("crossing") == 2          # the road crossing and the ferry
        assert 0 < p.fixed_share < 1
    crossing = plot.time_distance_profile(route).steps[0]
    assert crossing.label == "Alpha-Bravo road" and crossing.distance_km == 100.0
    # road crossing: 5 h published time on top of 50 km at the road speed
    assert crossing.height == pytest.approx(5.0)


def _transfer_kms(route: Route) -> dict[float, float]:
    """Cumulative km at the start of each leg with terminal emissions -> its transfer_co2e_kg."""
    out, before = {}, 0.0
    for rec in route.leg_records():
        if rec["transfer_co2e_kg"] > 0:
            out[before] = rec["transfer_co2e_kg"]
        before = rec["cum_distance_km"]
    return out


def test_co2e_profile_steps_by_the_terminal_emissions(route) -> None:
    p = plot.time_distance_profile(route, "co2e")
    assert p.measure == "co2e"
    assert p.x[-1] == pytest.approx(route.distance_km)
    assert p.y[-1] == pytest.approx(route.co2e_kg)
    assert p.total == pytest.approx(route.co2e_kg)
    for leg, run, fix in zip(route.legs, p.running, p.fixed, strict=True):
        assert fix == pytest.approx(leg.transfer_co2e_kg)
        assert run + fix == pytest.approx(leg.co2e_kg)
    # the four changes of mode (road -> rail -> road -> sea -> road) each handle the box
    # once; the road border crossing only waits, which emits nothing: no step there
    transfers = _transfer_kms(route)
    assert len(transfers) == 4 and route.transfer_co2e_kg > 0
    assert {s.distance_km: s.height for s in p.steps} == pytest.approx(transfers)
    assert {s.kind for s in p.steps} == {"transfer"}
    assert 100.0 not in {s.distance_km for s in p.steps}      # Alpha-Bravo road crossing
    assert "Bravo: rail → road" in [s.label for s in p.steps]
    # the polyline climbs by exactly transfer_co2e_kg at each of those places
    steps = {x: y1 - y0 for (x, y0), (x1, y1) in pairwise(zip(p.x, p.y, strict=True))
             if x == x1}
    assert steps == pytest.approx(transfers)
    assert p.fixed_share == pytest.approx(route.transfer_co2e_kg / route.co2e_kg)


def test_co2e_chart(route, tmp_path: Path) -> None:
    fig, ax = plot.plot_time_distance(route, measure="co2e")
    _png(fig, tmp_path / "co2e.png")
    assert ax.get_ylabel() == "Cumulative emissions (kg CO2e per TEU, well-to-wheel)"
    assert ax.get_title(loc="left").startswith("Emissions-distance")
    line = _route_line(ax)
    xs, ys = line.get_data()
    assert xs[-1] == pytest.approx(route.distance_km) and ys[-1] == pytest.approx(route.co2e_kg)
    assert {x: y1 - y0 for x, y0, y1 in _vertical_steps(line)} == pytest.approx(
        _transfer_kms(route))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"{route.co2e_kg:,.0f} kg CO2e/TEU" in legend[0]
    assert "handling at a terminal" in legend
    assert not ax.child_axes                                         # no days axis


def test_co2e_chart_real_network(real_routes, tmp_path: Path) -> None:
    fig, ax = plot.plot_time_distance(real_routes, measure="co2e")
    _png(fig, tmp_path / "real_co2e.png")
    for rank, r in enumerate(real_routes, 1):
        _, ys = _route_line(ax, rank).get_data()
        assert ys[-1] == pytest.approx(r.co2e_kg)
        assert list(ys) == sorted(ys)                                # cumulative
    assert " kg" in " ".join(t.get_text() for t in ax.texts) or not ax.texts
    _assert_no_overlap(ax)


# --- plot_pareto ----------------------------------------------------------------------------

def _offsets(ax, gid: str) -> list[tuple[float, float]]:
    cols = [c for c in ax.collections if c.get_gid() == gid]
    if not cols:
        return []
    return [tuple(map(float, xy)) for xy in cols[0].get_offsets()]


def test_dominated_brute_force() -> None:
    pts = [(1.0, 5.0), (2.0, 2.0), (3.0, 3.0), (1.0, 5.0), (0.5, 9.0), (2.0, 2.5)]
    assert plot.dominated(pts) == [False, False, True, False, False, True]


def test_plot_pareto_fades_exactly_the_dominated_routes(real, tmp_path: Path) -> None:
    routes = list(compare_corridors(real, "almaty", "europe"))
    assert len(routes) >= 3
    fig, ax = plot.plot_pareto(routes, "distance_km", "time_h")
    _png(fig, tmp_path / "pareto.png")
    pts = [(r.distance_km, r.time_h) for r in routes]
    dom = [any(a <= x and b <= y and (a < x or b < y) for a, b in pts) for x, y in pts]
    assert any(dom) and not all(dom)
    front = _offsets(ax, "pareto-front")
    faded = _offsets(ax, "pareto-dominated")
    assert sorted(front) == sorted(p for p, d in zip(pts, dom, strict=True) if not d)
    assert sorted(faded) == sorted(p for p, d in zip(pts, dom, strict=True) if d)
    faded_col = next(c for c in ax.collections if c.get_gid() == "pareto-dominated")
    front_col = next(c for c in ax.collections if c.get_gid() == "pareto-front")
    assert faded_col.get_alpha() < 0.5 and front_col.get_alpha() in (None, 1.0)
    assert ax.get_xlabel() == "Distance (km)" and ax.get_ylabel() == "Time (hours)"
    _assert_no_overlap(ax)


def test_plot_pareto_one_route_and_ax(route) -> None:
    fig0, ax0 = plt.subplots()
    fig, ax = plot.plot_pareto(route, "cost_usd", "crossings", ax=ax0)
    assert ax is ax0 and fig is fig0
    assert _offsets(ax, "pareto-front") == [(route.cost_usd, float(route.crossings))]
    assert _offsets(ax, "pareto-dominated") == []
    assert ax.get_xlabel() == "Cost (USD per TEU)"


def test_plot_pareto_callable_and_bad_measure(routes, tmp_path: Path) -> None:
    fig, ax = plot.plot_pareto(routes, "sea_km", lambda r: r.time_h / 24, ylabel="days")
    _png(fig, tmp_path / "callable.png")
    assert ax.get_ylabel() == "days"
    with pytest.raises(ValueError, match="unknown route measure"):
        plot.plot_pareto(routes, "speed", "time_h")


def _tick_texts(axis) -> list[str]:
    lo, hi = sorted(axis.get_view_interval())
    return [t.get_text() for t, v in zip(axis.get_ticklabels(), axis.get_ticklocs(),
                                          strict=True) if lo <= v <= hi]


def test_plot_pareto_time_against_emissions(real, tmp_path: Path) -> None:
    routes = list(compare_corridors(real, "almaty", "istanbul"))
    assert 3 <= len(routes) <= 6
    assert plot._value(routes[0], "co2e_kg") == routes[0].co2e_kg > 0
    fig, ax = plot.plot_pareto(routes, "time_days", "co2e_kg")
    _png(fig, tmp_path / "time_co2e.png")
    assert ax.get_xlabel() == "Time (days)"
    assert ax.get_ylabel() == "Emissions (kg CO2e per TEU, well-to-wheel)"
    pts = sorted([*_offsets(ax, "pareto-front"), *_offsets(ax, "pareto-dominated")])
    want = sorted((r.time_h / 24, r.co2e_kg) for r in routes)
    assert [c for p in pts for c in p] == pytest.approx([c for p in want for c in p])
    _assert_no_overlap(ax)
    fig, ax = plot.plot_pareto(routes, "time_h", "co2e_ttw_kg")
    assert ax.get_xlabel() == "Time (hours)"
    assert ax.get_ylabel() == "Emissions (kg CO2e per TEU, tank-to-wheel)"


def test_plot_pareto_narrow_axis_ticks_are_not_repeated(real, tmp_path: Path) -> None:
    # three routes within 0.6 days of each other: whole-number ticks would read 1, 1, 1, 2
    routes = list(alternatives(real, "almaty", "tashkent", 3))
    days = [r.time_h / 24 for r in routes]
    assert max(days) - min(days) < 1.5
    fig, ax = plot.plot_pareto(routes, "time_days", "co2e_kg")
    _png(fig, tmp_path / "narrow.png")
    for axis in (ax.xaxis, ax.yaxis):
        texts = _tick_texts(axis)
        assert len(texts) >= 3 and len(set(texts)) == len(texts), texts
    # the legend hides no route
    fig.draw_without_rendering()
    box = ax.get_legend().get_window_extent().padded(5)
    for xy in ax.transData.transform([(d, r.co2e_kg) for d, r in zip(days, routes, strict=True)]):
        assert not box.contains(*xy)


# --- package surface ------------------------------------------------------------------------

def test_lazy_exports() -> None:
    for name in ("plot_routes", "explore_routes", "plot_time_distance", "plot_pareto"):
        assert name in corridors.__all__
        assert getattr(corridors, name) is getattr(plot, name)


def test_importing_the_plot_module_stays_light() -> None:
    code = ("import sys, json, corridors, corridors.plot\n"
            "f = corridors.plot_routes\n"
            "print(json.dumps([m for m in ('matplotlib', 'geopandas', 'folium', 'pandas', "
            "'shapely') if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == []


def test_missing_folium_names_the_extra(route, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "folium", None)   # import folium -> ImportError
    with pytest.raises(corridors.OptionalDependencyError, match=r"plot"):
        plot.explore_routes(route)
