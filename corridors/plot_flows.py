"""Pictures of an assignment: a flow map and a utilisation chart (matplotlib).

:func:`plot_flows` draws the TEU per year on every link as a line whose width grows with the
flow, over the country outlines and the network; saturated elements (links, crossings, ports,
terminals at capacity) are red and named. :func:`plot_utilisation` ranks the capacitated
elements by utilisation, saturated ones red, with TEU and capacity beside each bar.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from corridors.assignment import SATURATED, Assignment, ElementFlow
from corridors.plot_base import (
    _LABEL_BOX,
    _TEXT,
    _LabelPlacer,
    _new_axes,
    _require,
    _ring,
    _settle,
)

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["explore_flows", "plot_flows", "plot_utilisation"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

_SATURATED = "#C0392B"   # at capacity
_BUSY = "#E67E22"        # 80 % or more
_FLOW = "#1F5F8B"        # below 80 % of a known capacity
_UNKNOWN = "#5D6D7E"     # no known capacity


def _color(f: ElementFlow | None) -> str:
    if f is None or f.capacity is None:
        return _UNKNOWN
    u = f.utilisation or 0.0
    return _SATURATED if u >= SATURATED else _BUSY if u >= 0.8 else _FLOW


def _link_lines(G: nx.MultiDiGraph, link_ids: set[Hashable]
                ) -> tuple[dict[Hashable, tuple[tuple[float, float], ...]],
                           dict[Hashable, Hashable]]:
    """Return the drawn line (lon, lat points) of each link, and the crossing it is."""
    from corridors.route import _coords

    out: dict[Hashable, tuple[tuple[float, float], ...]] = {}
    crossing: dict[Hashable, Hashable] = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        link = d.get("link_id", k)
        if link in link_ids and (link not in out or not d.get("reverse")):
            out[link] = _coords(G, u, v, d)
            if d.get("crossing"):
                crossing[link] = d["crossing"]
    return out, crossing


def _fullest(flows: list[ElementFlow]) -> ElementFlow | None:
    """Return the element with the highest utilisation among ``flows`` (known ones first)."""
    known = [f for f in flows if f.capacity]
    return max(known, key=lambda f: f.utilisation or 0.0) if known else None


def _place_of(G: nx.MultiDiGraph, f: ElementFlow) -> tuple[float, float] | None:
    kind, ident, _ = f.element
    if kind in ("port", "terminal"):
        node = G.nodes[ident] if ident in G else None
        return (node["x"], node["y"]) if node else None
    if kind == "crossing":
        c = G.graph.get("crossings", {}).get(ident)
        if c is None or c.post_a not in G or c.post_b not in G:
            return None
        a, b = G.nodes[c.post_a], G.nodes[c.post_b]
        return ((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2)
    return None


def plot_flows(
    assignment: Assignment,
    G: nx.MultiDiGraph,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    countries: bool | str = True,
    network: bool = True,
    max_width: float = 9.0,
    label: int = 8,
    figsize: tuple[float, float] | None = None,
) -> tuple[Figure, Axes]:
    """Draw an assignment's flows on a map: line width by TEU, saturated elements in red.

    Parameters
    ----------
    assignment : Assignment
        What :func:`~corridors.assignment.assign` returned.
    G : networkx.MultiDiGraph
        The network it was computed on.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure.
    title : str, optional
        Default: the demand, what was carried and the objective; ``""`` for none.
    countries : bool or path
        Country outlines (as :func:`~corridors.plot.plot_routes`).
    network : bool
        Draw the whole network faintly behind the flows.
    max_width : float
        Line width (points) of the largest flow.
    label : int
        Name at most this many saturated or busiest elements.
    figsize : (float, float), optional
        Size of a new figure in inches.

    Returns
    -------
    (Figure, Axes)
    """
    from corridors.plot_maps import (
        _countries_path,
        _draw_countries,
        _draw_network,
        _extent,
        _map_axes,
    )

    _require("matplotlib", "flow maps")
    from matplotlib.lines import Line2D

    links = {f.element[1]: f for f in assignment.flows
             if f.kind == "link" and f.element[2] == "both"}
    if not links:
        raise ValueError("plot_flows: the assignment carries nothing to draw")
    lines, crossing_of = _link_lines(G, set(links))
    by_element: dict[tuple[str, Hashable], list[ElementFlow]] = {}
    for f in assignment.flows:
        by_element.setdefault(f.element[:2], []).append(f)
    points = [p for line in lines.values() for p in line]
    x0, x1, y0, y1, aspect = _extent(points, pad=0.08)
    fig, ax = _new_axes(ax, figsize or (12.0, 12.0 * min(1.05, (y1 - y0) * aspect
                                                           / (x1 - x0)) + 1.2))
    used = {c for f in assignment.flows for c in _countries_of(G, f)}
    _draw_countries(ax, _countries_path(countries), (x0, x1, y0, y1), used)
    if network:
        _draw_network(ax, G)
    top = max(f.teu for f in links.values())
    for link, f in sorted(links.items(), key=lambda kv: kv[1].teu):
        line = lines.get(link)
        if not line:
            continue
        # a link is as full as the fullest element on it: itself or its crossing
        shown = _fullest([*by_element.get(("link", link), []),
                          *by_element.get(("crossing", crossing_of.get(link)), [])])
        width = 0.8 + (max_width - 0.8) * f.teu / top
        xs, ys = zip(*line, strict=True)
        ax.plot(xs, ys, color=_color(shown), lw=width, solid_capstyle="round", alpha=0.9,
                linestyle=(0, (4, 2)) if f.mode == "sea" else "-", zorder=4)
    marked = [f for f in assignment.flows if f.kind != "link" and f.capacity is not None]
    for f in marked:
        at = _place_of(G, f)
        if at is None:
            continue
        ax.scatter([at[0]], [at[1]], s=30 + 120 * f.teu / top, color=_color(f),
                   edgecolor="white", linewidth=1.0, zorder=6)
    _map_axes(ax, x0, x1, y0, y1, aspect)
    handles = [Line2D([], [], color=_SATURATED, lw=3, label="at capacity"),
               Line2D([], [], color=_BUSY, lw=3, label="80 % of capacity or more"),
               Line2D([], [], color=_FLOW, lw=3, label="below 80 % of capacity"),
               Line2D([], [], color=_UNKNOWN, lw=3, label="capacity not known"),
               Line2D([], [], color=_UNKNOWN, lw=max_width,
                      label=f"{top:,.0f} TEU/year (widest line)")]
    legend = ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.9)
    _settle(fig)
    placer = _LabelPlacer(ax)
    placer.add_artist(legend)
    for line in lines.values():
        placer.add_line(line)
    for f in assignment.bottlenecks[:label]:  # name the saturated elements, fullest first
        at = _place_of(G, f) or _midpoint(lines.get(f.element[1]))
        if at is not None:
            placer.place(at, f"{f.name}\n{f.teu:,.0f} of {f.capacity:,.0f} TEU", _ring(
                (8, 16, 28, 42)), leader=True, fontsize=7.5, color=_SATURATED, zorder=60,
                bbox=_LABEL_BOX)
    if title is None:
        carried = assignment.demand_teu - assignment.unserved_teu
        title = (f"Where {assignment.demand_teu:,.0f} TEU a year go: {carried:,.0f} carried, "
                 f"{assignment.unserved_teu:,.0f} unserved")
    if title:
        ax.set_title(title, loc="left", fontsize=12, fontweight="bold", color=_TEXT)
    _settle(fig)
    return fig, ax


def _midpoint(line: Any) -> tuple[float, float] | None:
    if not line:
        return None
    return line[len(line) // 2]


def _countries_of(G: nx.MultiDiGraph, f: ElementFlow) -> set[str]:
    kind, ident, _ = f.element
    if kind in ("port", "terminal") and ident in G:
        return {str(G.nodes[ident].get("country"))}
    if kind == "crossing":
        c = G.graph.get("crossings", {}).get(ident)
        return {c.country_a, c.country_b} if c is not None else set()
    return set()


def plot_utilisation(
    assignment: Assignment,
    *,
    ax: Axes | None = None,
    top: int = 15,
    title: str | None = None,
    figsize: tuple[float, float] | None = None,
) -> tuple[Figure, Axes]:
    """Rank the capacitated elements of an assignment by utilisation, as horizontal bars.

    Parameters
    ----------
    assignment : Assignment
        What :func:`~corridors.assignment.assign` returned.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure.
    top : int
        Show the ``top`` most used elements.
    title : str, optional
        Default "Capacity used"; ``""`` for none.
    figsize : (float, float), optional
        Size of a new figure in inches.

    Returns
    -------
    (Figure, Axes)
    """
    _require("matplotlib", "utilisation charts")
    rows = sorted((f for f in assignment.flows if f.capacity), key=lambda f: (
        -(f.utilisation or 0.0), -f.teu))[:top]
    if not rows:
        raise ValueError("plot_utilisation: no element with a known capacity carries TEU")
    fig, ax = _new_axes(ax, figsize or (9.0, 1.0 + 0.38 * len(rows)))
    names = [f.name if f.element[2] == "both" else f"{f.name} ({f.element[2]})" for f in rows]
    values = [100 * (f.utilisation or 0.0) for f in rows]
    y = list(range(len(rows)))[::-1]
    ax.barh(y, values, color=[_color(f) for f in rows], height=0.7)
    for yi, f, v in zip(y, rows, values, strict=True):
        shadow = (f" · +1 TEU saves {f.shadow_price_usd_per_teu:,.0f} USD"
                  if f.shadow_price_usd_per_teu > 0.5 else "")
        ax.text(min(v, 100) + 1.5, yi, f"{f.teu:,.0f} of {f.capacity:,.0f} TEU{shadow}",
                va="center", fontsize=8, color=_TEXT)
    ax.set_yticks(y, names, fontsize=8.5)
    ax.set_xlim(0, 160)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.axvline(100, color=_SATURATED, lw=0.8, ls="--")
    ax.set_xlabel("Capacity used (% of TEU per year)")
    ax.spines[["top", "right"]].set_visible(False)
    if title is None:
        title = "Capacity used"
    if title:
        ax.set_title(title, loc="left", fontsize=12, fontweight="bold", color=_TEXT)
    return fig, ax


def explore_flows(assignment: Assignment, G: nx.MultiDiGraph, *, max_width: float = 12.0
                  ) -> Any:
    """Return an interactive (folium) map of an assignment's flows.

    Lines as :func:`plot_flows` draws them (width by TEU, colour by how full the fullest
    element on them is), with the TEU, capacity and utilisation of each in its tooltip;
    crossings, ports and terminals with a known capacity as circles.

    Returns
    -------
    folium.Map
    """
    folium = _require("folium", "interactive flow maps")
    links = {f.element[1]: f for f in assignment.flows
             if f.kind == "link" and f.element[2] == "both"}
    lines, crossing_of = _link_lines(G, set(links))
    by_element: dict[tuple[str, Hashable], list[ElementFlow]] = {}
    for f in assignment.flows:
        by_element.setdefault(f.element[:2], []).append(f)
    points = [p for line in lines.values() for p in line] or [(60.0, 45.0)]
    m = folium.Map(tiles="OpenStreetMap", control_scale=True)
    m.fit_bounds([[min(p[1] for p in points), min(p[0] for p in points)],
                  [max(p[1] for p in points), max(p[0] for p in points)]])
    top = max((f.teu for f in links.values()), default=1.0)
    for link, f in sorted(links.items(), key=lambda kv: kv[1].teu):
        line = lines.get(link)
        if not line:
            continue
        shown = _fullest([*by_element.get(("link", link), []),
                          *by_element.get(("crossing", crossing_of.get(link)), [])])
        tip = f"{f.name}: {f.teu:,.0f} TEU/year"
        if shown is not None:
            tip += (f"; {shown.name}: {shown.teu:,.0f} of {shown.capacity:,.0f} TEU/year "
                    f"({100 * (shown.utilisation or 0):.0f}%)")
        folium.PolyLine([(lat, lon) for lon, lat in line], color=_color(shown),
                        weight=1.5 + (max_width - 1.5) * f.teu / top, opacity=0.85,
                        dash_array="8 6" if f.mode == "sea" else None, tooltip=tip).add_to(m)
    for f in assignment.flows:
        if f.kind == "link" or f.capacity is None:
            continue
        at = _place_of(G, f)
        if at is None:
            continue
        folium.CircleMarker([at[1], at[0]], radius=5 + 10 * f.teu / top, color=_color(f),
                            fill=True, fill_opacity=0.9,
                            tooltip=(f"{f.name}: {f.teu:,.0f} of {f.capacity:,.0f} TEU/year"
                                     f" ({100 * (f.utilisation or 0):.0f}%)")).add_to(m)
    return m
