"""The flow map and the utilisation chart of an assignment."""

from __future__ import annotations

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from corridors.assignment import assign  # noqa: E402
from corridors.plot_flows import (  # noqa: E402
    _SATURATED,
    _UNKNOWN,
    explore_flows,
    plot_flows,
    plot_utilisation,
)
from corridors.synthetic import tiny_network  # noqa: E402

X_AB = ("crossing", "x-ab-road", "both")


@pytest.fixture
def case():
    G = tiny_network()
    return G, assign(G, [("a1", "c1", 1000)], "cost", capacities={X_AB: 400})


def test_flow_map_widths_follow_teu_and_the_saturated_crossing_is_red(case) -> None:
    G, a = case
    fig, ax = plot_flows(a, G)
    lines = [ln for ln in ax.get_lines() if ln.get_zorder() == 4]
    widths = sorted(ln.get_linewidth() for ln in lines)
    assert widths[-1] == pytest.approx(9.0) and widths[0] < widths[-1]
    red = [ln for ln in lines if mcolors.to_hex(ln.get_color()) == _SATURATED.lower()]
    assert len(red) == 1                          # the a2-b1 road link: the crossing is full
    assert ax.get_title(loc="left").startswith("Where 1,000 TEU a year go")
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith("Alpha-Bravo road (road)\n400 of 400 TEU") for t in texts)
    assert any(mcolors.to_hex(ln.get_color()) == _UNKNOWN.lower() for ln in lines)
    plt.close(fig)


def test_utilisation_chart_ranks_and_colours(case) -> None:
    _, a = case
    fig, ax = plot_utilisation(a)
    bars = ax.patches
    assert len(bars) == 1 and bars[0].get_width() == pytest.approx(100.0)
    assert mcolors.to_hex(bars[0].get_facecolor()) == _SATURATED.lower()
    assert ax.get_xlabel() == "Capacity used (% of TEU per year)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Alpha-Bravo road (road)"]
    plt.close(fig)


def test_interactive_flow_map(case) -> None:
    G, a = case
    page = explore_flows(a, G).get_root().render()
    assert page.count("L.polyline") >= 4 and "400 of 400 TEU/year (100%)" in page


def test_nothing_to_draw_is_a_clear_error() -> None:
    G = tiny_network()
    a = assign(G, [("a1", "a1", 10)], "cost", capacities=False)
    with pytest.raises(ValueError, match="carries nothing to draw"):
        plot_flows(a, G)
    with pytest.raises(ValueError, match="no element with a known capacity"):
        plot_utilisation(a)
