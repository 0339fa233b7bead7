"""Plots of many routes stay readable; titles and units everywhere; offline HTML maps (issue 17).

Rendered on Agg. The real cases are the Pareto front Almaty -> Istanbul on distance, crossings
and time (16 routes in 12 corridors) and ten alternatives Almaty -> Duisburg.
"""

from __future__ import annotations

import html as _html
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest

import corridors
from corridors import plot
from corridors.errors import ConstraintError
from corridors.routing import alternatives, pareto_front

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def G():
    return corridors.load_network()


@pytest.fixture(scope="module")
def front(G) -> list:
    routes = list(pareto_front(G, "almaty", "istanbul", ("distance", "crossings", "time")))
    assert len(routes) >= 10
    return routes


@pytest.fixture(scope="module")
def many(G) -> list:
    routes = list(alternatives(G, "almaty", "duisburg", 10))
    assert len(routes) >= 8
    return routes


def _legend_texts(ax) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _hex(colour) -> str:
    return mcolors.to_hex(colour).lower()


# --- grouping -------------------------------------------------------------------------------

def test_group_routes_by_corridor(front) -> None:
    groups = plot.group_routes(front)
    assert sorted(i for g in groups for i in g.members) == list(range(len(front)))
    assert len(groups) < len(front)                      # variants of one corridor share one
    for g in groups:
        sigs = {(front[i].corridor or front[i].signature) for i in g.members}
        assert len(sigs) == 1
        assert g.members == tuple(sorted(g.members))
        assert "…" not in g.label and "..." not in g.label
    assert [g.rank for g in groups] == list(range(1, len(groups) + 1))
    assert [g.best for g in groups] == sorted(g.best for g in groups)
    # four in colour, the best through different sequences of countries first
    lit = [g for g in groups if g.highlighted]
    assert len(lit) == 4 and groups[0].highlighted
    assert len({front[g.best].countries for g in lit}) == 4
    assert len({g.color for g in lit}) == 4
    # labels name the countries and what tells a group apart, e.g. the Caspian ferry
    first = groups[0].label
    assert first.startswith(">".join(front[0].countries) + " via ")
    assert "Turkmenbashi–Alat" in first
    assert len({g.label for g in groups}) == len(groups)


def test_group_routes_options(front) -> None:
    assert all(g.highlighted for g in plot.group_routes(front, highlight=None))
    assert not any(g.highlighted for g in plot.group_routes(front, highlight=0))
    by_label = plot.group_routes(front[:4], labels=["a", "b", "a", "c"])
    assert [(g.label, g.members) for g in by_label] == [("a", (0, 2)), ("b", (1,)),
                                                         ("c", (3,))]
    with pytest.raises(ValueError, match="labels"):
        plot.group_routes(front[:3], labels=["a"])
    with pytest.raises(ValueError, match="highlight"):
        plot.group_routes(front, highlight=-1)


# --- static map -----------------------------------------------------------------------------

def test_map_of_a_pareto_front_is_not_a_rainbow(G, front) -> None:
    _, ax = plot.plot_routes(front, G)
    texts = _legend_texts(ax)
    assert len(texts) <= 8, texts
    groups = plot.group_routes(front)
    others = sum(len(g.members) for g in groups if not g.highlighted)
    assert f"+{others} other routes" in texts
    for g in groups:
        if g.highlighted:
            assert any(g.label in _flat(t) for t in texts), g.label
    assert not any("…" in t for t in texts)
    # every route is drawn, in its group's colour or the one grey of the others
    colours = {}
    for i in range(len(front)):
        lines = [ln for ln in ax.lines if ln.get_gid() == f"route-{i + 1}"]
        assert lines, i
        colours[i] = {_hex(ln.get_color()) for ln in lines}
    drawn = set().union(*colours.values())
    assert _hex(plot.OTHER_COLOR) in drawn and len(drawn) == 5
    # the title says where from and to; the small line how many routes, corridors, objective
    assert ax.get_title(loc="left") == "Almaty → Istanbul"
    assert ax.get_title(loc="right") == (f"{len(front)} routes · {len(groups)} corridors · "
                                         "objective: generalized cost")


def test_map_of_ten_alternatives(many) -> None:
    fig, ax = plot.plot_routes(many, countries=False, highlight=3)
    texts = _legend_texts(ax)
    assert sum(t.startswith("#") for t in texts) == 3
    assert f"+{len(many) - 3} other routes" in texts
    # legend entries are wrapped, never cut
    fig.draw_without_rendering()
    assert ax.get_legend().get_window_extent().width <= fig.bbox.width
    assert all(len(line) <= 60 for t in texts for line in t.split("\n"))


# --- time-distance chart --------------------------------------------------------------------

def test_time_distance_of_many_routes(front) -> None:
    _, ax = plot.plot_time_distance(front)
    texts = _legend_texts(ax)
    assert len(texts) <= 8, texts
    assert any(t.startswith("+") and "other routes" in t for t in texts)
    grey = [ln for ln in ax.lines if (ln.get_gid() or "").startswith("route-")
            and _hex(ln.get_color()) == _hex(plot.OTHER_COLOR)]
    lit = sum(len(g.members) for g in plot.group_routes(front) if g.highlighted)
    assert len(grey) == len(front) - lit
    assert ax.get_title(loc="left") == "Time-distance: Almaty → Istanbul"
    assert "km" in ax.get_xlabel() and "hours" in ax.get_ylabel()
    assert ax.child_axes and "(days)" in ax.child_axes[0].get_ylabel()


# --- trade-off chart ------------------------------------------------------------------------

def _ticks(axis) -> list[str]:
    lo, hi = sorted(axis.get_view_interval())
    return [t.get_text() for t, v in zip(axis.get_ticklabels(), axis.get_ticklocs(),
                                          strict=True) if lo <= v <= hi]


def test_pareto_of_a_front_labels_whole_and_ticks_unique(front) -> None:
    _, ax = plot.plot_pareto(front, "distance_km", "time_days")
    texts = _legend_texts(ax)
    assert len(texts) <= 10, texts
    everything = [*texts, *(t.get_text() for t in ax.texts)]
    assert not any("…" in t for t in everything)
    groups = plot.group_routes(front, highlight=6,
                               prefer=[i for i, d in enumerate(plot.dominated(
                                   [(r.distance_km, r.time_h / 24) for r in front])) if not d])
    for g in groups:
        if g.highlighted:
            assert any(g.label in _flat(t) for t in texts), g.label
    # points are tagged with their group's rank; the non-dominated ones all fit
    tags = {t.get_text() for t in ax.texts}
    pts = [(r.distance_km, r.time_h / 24) for r in front]
    front_ranks = {f"#{g.rank}" for g in groups for i in g.members
                   if not plot.dominated(pts)[i]}
    assert front_ranks <= tags
    for axis in (ax.xaxis, ax.yaxis):
        ticks = _ticks(axis)
        assert len(ticks) >= 3 and len(set(ticks)) == len(ticks), ticks
    assert ax.get_xlabel() == "Distance (km)" and ax.get_ylabel() == "Time (days)"
    assert ax.get_title(loc="left") == "Trade-off: Almaty → Istanbul"


def test_pareto_integral_axis_and_given_labels(front) -> None:
    names = [f"route number {i} with a long name" for i in range(len(front))]
    _, ax = plot.plot_pareto(front, "crossings", "time_days", labels=names)
    ticks = _ticks(ax.xaxis)
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks
    assert len(set(ticks)) == len(ticks)
    shown = [t.get_text() for t in ax.texts]
    assert shown and all(len(line) <= 28 for t in shown for line in t.split("\n"))
    assert all(_flat(t) in [_flat(n) for n in names] or "\n" not in t for t in shown)
    # named points: the front in one colour (the names tell them apart)
    col = next(c for c in ax.collections if c.get_gid() == "pareto-front")
    assert {_hex(c) for c in col.get_facecolors()} == {_hex(plot.ROUTE_COLORS[0])}


# --- interactive maps -----------------------------------------------------------------------

def _features(page: str) -> list[dict]:
    """Every GeoJSON feature embedded in a folium page."""
    from test_plot import _geojson_features

    return _geojson_features(page)


def test_online_map_groups_the_layers(G, front) -> None:
    page = plot.explore_routes(front, G).get_root().render()
    groups = plot.group_routes(front)
    others = sum(len(g.members) for g in groups if not g.highlighted)
    assert f"+{others} other routes" in page
    names = {_flat(f["properties"]["route"]) for f in _features(page)
             if f["properties"].get("feature") == "leg"}
    assert len(names) == len(groups)                        # one name per corridor group
    for g in groups:
        assert any(g.label in name for name in names), g.label
    # markers only on the highlighted routes: the grey ones stay quiet
    lit = [front[i] for g in groups if g.highlighted for i in g.members]
    crossings = {(x.id, x.from_place) for r in lit for x in r.border_crossings}
    transfers = {t.place for r in lit for t in r.transshipments}
    assert page.count("L.circleMarker(") == len(crossings) + len(transfers)


_URL_ATTR = re.compile(r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*|url\(\s*["']?)"""
                       r"""(?:https?:)?//""", re.IGNORECASE)


def _assert_self_contained(page: str) -> None:
    assert not _URL_ATTR.search(page), _URL_ATTR.search(page)
    assert "@import" not in page and "<link" not in page.lower()
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.IGNORECASE)
    # the only web addresses allowed are XML namespace names, which are never fetched
    for m in re.finditer(r"https?://", page, re.IGNORECASE):
        before = page[max(0, m.start() - 20):m.start()]
        assert re.search(r"xmlns(?::\w+)?\s*=\s*[\"']$", before), page[m.start() - 40:m.end() + 40]


def test_offline_map_is_self_contained(G, front, tmp_path: Path) -> None:
    path = tmp_path / "offline.html"
    page = plot.explore_routes(front, G, offline=True, path=path)
    assert isinstance(page, plot.OfflineMap)
    text = path.read_text(encoding="utf-8")
    assert text == page.render()
    assert text.lstrip().lower().startswith("<!doctype html>")
    _assert_self_contained(text)
    # every route is drawn, and every route's (group's) name is on the page
    for i in range(1, len(front) + 1):
        assert f'id="route-{i}"' in text

    for g in plot.group_routes(front):
        assert _html.escape(g.label) in text, g.label
    # tooltips: every leg and every crossing of a highlighted route
    lit = [front[i] for g in plot.group_routes(front) if g.highlighted for i in g.members]
    for r in lit:
        for x in r.border_crossings:
            assert _html.escape(f"{x.name} ({x.from_country} → {x.to_country})") in text
    assert text.count('class="leg"') == sum(len(r.legs) for r in front)
    # the drawing is well-formed SVG with the countries, the network and a legend
    svg = ET.fromstring(text[text.index("<svg"):text.index("</svg>") + 6])
    ids = {el.get("id") for el in svg.iter()}
    assert {"countries", "network", "markers", "group-others"} <= ids
    assert 'data-target="group-1"' in text
    # saving again replaces the file; a notebook shows it in an iframe, still offline
    page.save(path)
    _assert_self_contained(page._repr_html_())
    assert page._repr_html_().startswith("<iframe srcdoc=")


def test_offline_map_options(G, many, tmp_path: Path) -> None:
    page = plot.explore_routes(many[:2], offline=True, network=False, title="Two <ways>")
    assert "<h1>Two &lt;ways&gt;</h1>" in page.html
    assert 'id="network"' not in page.html
    with pytest.raises(ConstraintError, match="m="):
        plot.explore_routes(many, G, offline=True, m=object())
    _assert_self_contained(page.html)


def test_the_url_check_is_precise() -> None:
    _assert_self_contained('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    for bad in ('<script src="https://cdn.example/leaflet.js"></script>',
                '<img src=//tiles.example/1.png>', "<div style=\"background:url('http://x')\">",
                '<a href="https://example.org">x</a>', "see https://example.org"):
        with pytest.raises(AssertionError):
            _assert_self_contained(bad)


def test_offline_map_needs_neither_folium_nor_matplotlib(tmp_path: Path) -> None:
    code = ("import sys, corridors\n"
            "sys.modules['folium'] = None\n"           # import folium -> ImportError
            "from corridors.routing import alternatives\n"
            "G = corridors.load_network()\n"
            "rs = alternatives(G, 'almaty', 'istanbul', 3)\n"
            f"corridors.explore_routes(rs, G, offline=True).save({str(tmp_path / 'm.html')!r})\n"
            "print(sorted(m for m in ('matplotlib', 'geopandas', 'pandas', 'shapely')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
    assert (tmp_path / "m.html").stat().st_size > 10_000


# --- notebooks ------------------------------------------------------------------------------

def test_every_notebook_figure_has_a_title() -> None:
    # a figure made by hand (plt.subplots, pandas/geopandas .plot) sets its title; the
    # library's plots have one by default
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            src = "".join(cell["source"])
            by_hand = "plt.subplots(" in src or re.search(r"\.plot(?:\.\w+)?\(", src)
            if by_hand:
                assert "set_title(" in src or "title=" in src, (path.name, src[:80])
