"""Maps and charts of routes: static and interactive maps, time/cost-distance and trade-off charts.

Four functions tell the corridor story of one or several :class:`~corridors.route.Route`
objects (a single route, a list, or a :class:`~corridors.route.RouteList` from
:func:`~corridors.routing.alternatives`, :func:`~corridors.routing.pareto_front` or
:func:`~corridors.routing.compare_corridors`):

* :func:`plot_routes` -- a static map: the routes in their own colours over the network drawn
  faintly, border crossings and changes of mode marked and named, country outlines behind;
* :func:`explore_routes` -- the same as an interactive Leaflet map (folium), with a tooltip per
  leg and per crossing, optionally saved as a standalone HTML file;
* :func:`plot_time_distance` -- the UN ESCAP time/cost-distance chart: cumulative distance on
  x, cumulative hours or USD per TEU on y; every border crossing, port call and change of mode is
  a vertical step (see :func:`time_distance_profile` for how a leg is split);
* :func:`plot_pareto` -- the trade-off between two objectives, non-dominated routes highlighted.

The static plots return ``(fig, ax)`` and draw into ``ax=`` when given. matplotlib, geopandas
and folium are imported inside the functions, so importing this module (and ``corridors``)
stays light; matplotlib and folium come with the ``plot`` extra (``pip install
corridors[plot]``).

Maps are drawn in longitude/latitude with the aspect ``1 / cos(mid latitude)``: close to
conformal at the map's centre over the region (40-55 degrees N), with readable degree ticks.
Country outlines are the Natural Earth 1:110m polygons of ``countries.geojson`` in the built-in
data directory (:func:`corridors.resources.builtin_data_dir`); they cover the network's
countries and their neighbours only, and the map is drawn without them if the file is missing.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from corridors.route import Route
from corridors.scoring import DEFAULT_COST_MODEL, CostModel

if TYPE_CHECKING:  # pragma: no cover
    import folium
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "ROUTE_COLORS",
    "ProfileStep",
    "TimeDistanceProfile",
    "dominated",
    "explore_routes",
    "plot_pareto",
    "plot_routes",
    "plot_time_distance",
    "time_distance_profile",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Route colours, in rank order (colour-blind-safe qualitative palette, Okabe-Ito based).
ROUTE_COLORS: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermilion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#7F4F24",  # brown
    "#4D4D4D",  # dark grey
)

_CROSSING_EDGE = "#9E1B32"
_TRANSFER_EDGE = "#333333"
_PORT_EDGE = "#1F4E79"
_LAND = "#EFEBE3"
_NETWORK = "#6F6F6F"
_TEXT = "#222222"

_MEASURES = {
    "time": ("time_h", "Cumulative time (hours)", "h"),
    "cost": ("cost_usd", "Cumulative cost (USD per TEU)", "USD"),
}

_AXIS_LABELS = {
    "distance_km": "Distance (km)",
    "time_h": "Time (hours)",
    "time_days": "Time (days)",
    "cost_usd": "Cost (USD per TEU)",
    "crossings": "Border crossings",
    "score": "Score (km-equivalent)",
    "sea_km": "Distance by sea (km)",
    "transshipments": "Changes of mode",
    "transfers": "Changes of mode",
    "gauge_breaks": "Gauge breaks",
    "planned_share": "Share of km on planned links",
}


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------
def _require(package: str, feature: str) -> Any:
    """Import ``package`` or raise OptionalDependencyError naming the extra to install."""
    from corridors._optional import require

    top = package.split(".", 1)[0]
    return require(package, feature, "plot" if top in ("matplotlib", "folium") else "geo")


def _as_routes(routes: Route | Iterable[Route]) -> list[Route]:
    out = [routes] if isinstance(routes, Route) else list(routes)
    if not out:
        raise ValueError("no routes to draw: pass a Route or a non-empty list of routes")
    for r in out:
        if not isinstance(r, Route):
            raise TypeError(f"expected Route objects, got {type(r).__name__}")
    return out


def _colors(n: int, colors: Sequence[str] | None) -> list[str]:
    palette = list(colors) if colors else list(ROUTE_COLORS)
    return [palette[i % len(palette)] for i in range(n)]


def _short(name: str) -> str:
    """Drop parentheses from a display name: ``Nizhny Pyanj (Panji Poyon)–Sher Khan Bandar``."""
    cut = re.sub(r"\s*\([^)]*\)", "", name).strip()
    return cut or name


def _hours(h: float) -> str:
    return f"{h:,.0f} h ({h / 24:,.1f} days)" if h >= 48 else f"{h:,.0f} h"


def _route_titles(routes: Sequence[Route], labels: Sequence[str] | None) -> list[str]:
    """Return a short distinguishing title per route (``#1 TITR``, ``#2 via Torkham``)."""
    if labels is not None:
        labels = list(labels)
        if len(labels) != len(routes):
            raise ValueError(f"labels has {len(labels)} entries for {len(routes)} routes")
        return [str(x) for x in labels]
    if len(routes) == 1:
        r = routes[0]
        return [r.label.replace(" -> ", " → ")]
    common = set.intersection(*(set(x.id for x in r.border_crossings) for r in routes))
    same_end = len({r.destination for r in routes}) == 1
    same_start = len({r.origin for r in routes}) == 1
    out = []
    for i, r in enumerate(routes, 1):
        parts = [f"#{i}"]
        if r.corridor:
            parts.append(r.corridor)
        elif any(x.corridor for x in routes):
            parts.append("free optimum")
        else:
            distinct = [_short(x.name) for x in r.border_crossings if x.id not in common]
            if distinct:
                via = ", ".join(distinct[:2]) + (" …" if len(distinct) > 2 else "")
                parts.append(f"via {via}")
        if not same_start:
            parts.append(f"from {r.origin_name or r.origin}")
        if not same_end:
            parts.append(f"→ {r.destination_name or r.destination}")
        out.append(" ".join(parts))
    return out


def _totals_line(r: Route) -> str:
    n = r.crossings
    return (f"{r.distance_km:,.0f} km · {n} crossing{'s' if n != 1 else ''} · "
            f"{_hours(r.time_h)} · {r.cost_usd:,.0f} USD/TEU")


def _default_title(routes: Sequence[Route]) -> str:
    origins = {r.origin_name or r.origin for r in routes}
    dests = {r.destination_name or r.destination for r in routes}
    if len(origins) == 1 and len(dests) == 1:
        return f"{origins.pop()} → {dests.pop()}"
    if len(origins) == 1:
        return f"Routes from {origins.pop()}"
    if len(dests) == 1:
        return f"Routes to {dests.pop()}"
    return "Routes"


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    plt = _require("matplotlib.pyplot", "plots")
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def _settle(fig: Figure) -> None:
    """Run the layout engine so that display coordinates are final before placing labels."""
    fig.draw_without_rendering()


# --------------------------------------------------------------------------------------------
# Label placement without overlaps (adjustText is not a dependency)
# --------------------------------------------------------------------------------------------
def _seg_hits_box(x0: float, y0: float, x1: float, y1: float,
                  box: tuple[float, float, float, float]) -> bool:
    """Return whether the segment (x0, y0)-(x1, y1) meets the box (Liang-Barsky clipping)."""
    bx0, by0, bx1, by1 = box
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - bx0), (dx, bx1 - x0), (-dy, y0 - by0), (dy, by1 - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            if t > t1:
                return False
            t0 = max(t0, t)
        else:
            if t < t0:
                return False
            t1 = min(t1, t)
    return t0 <= t1


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _LabelPlacer:
    """Greedy placement of annotations: the first candidate offset that overlaps nothing wins.

    Obstacles are boxes (placed labels, markers, the legend) and polylines (the routes), all in
    display coordinates. Call after the figure layout is settled (:func:`_settle`).
    """

    def __init__(self, ax: Axes, pad: float = 2.0) -> None:
        self.ax = ax
        self.pad = pad
        bb = ax.get_window_extent()
        self.frame = (bb.x0, bb.y0, bb.x1, bb.y1)
        self.boxes: list[tuple[float, float, float, float]] = []
        self.segments: list[tuple[float, float, float, float]] = []
        self.points: list[tuple[float, float]] = []

    def add_artist(self, artist: Any) -> None:
        bb = artist.get_window_extent()
        self.boxes.append((bb.x0, bb.y0, bb.x1, bb.y1))

    def add_points(self, xy: Iterable[tuple[float, float]], radius: float = 5.0) -> None:
        pts = list(xy)
        if not pts:
            return
        for x, y in self.ax.transData.transform(pts):
            self.boxes.append((x - radius, y - radius, x + radius, y + radius))
            self.points.append((float(x), float(y)))

    def add_line(self, xy: Sequence[tuple[float, float]]) -> None:
        if len(xy) < 2:
            return
        disp = self.ax.transData.transform(list(xy))
        for (ax0, ay0), (ax1, ay1) in pairwise(disp):
            self.segments.append((float(ax0), float(ay0), float(ax1), float(ay1)))

    def _ambiguous(self, box: tuple[float, float, float, float],
                   anchor: tuple[float, float]) -> bool:
        """Return whether another marker lies nearer to the label than its own anchor."""
        def dist(p: tuple[float, float]) -> float:
            dx = max(box[0] - p[0], 0.0, p[0] - box[2])
            dy = max(box[1] - p[1], 0.0, p[1] - box[3])
            return math.hypot(dx, dy)

        own = dist(anchor)
        return any(math.hypot(p[0] - anchor[0], p[1] - anchor[1]) > 1.0 and dist(p) < own
                   for p in self.points)

    def _free(self, box: tuple[float, float, float, float]) -> bool:
        f = self.frame
        if box[0] < f[0] or box[1] < f[1] or box[2] > f[2] or box[3] > f[3]:
            return False
        if any(_overlap(box, b) for b in self.boxes):
            return False
        return not any(
            max(s[0], s[2]) >= box[0] and min(s[0], s[2]) <= box[2]
            and max(s[1], s[3]) >= box[1] and min(s[1], s[3]) <= box[3]
            and _seg_hits_box(*s, box)
            for s in self.segments
        )

    def place(self, xy: tuple[float, float], text: str,
              candidates: Sequence[tuple[float, float, str, str]], *, leader: bool = False,
              **kwargs: Any) -> Any | None:
        """Label ``xy`` at the first free candidate ``(dx_pt, dy_pt, ha, va)``; else None.

        Returns the :class:`matplotlib.text.Text` placed (with a thin leader line to ``xy``
        when ``leader`` is set and the offset is large), or None when no candidate is free.
        """
        mtransforms = _require("matplotlib.transforms", "labels")
        fig = self.ax.figure
        ax0, ay0 = self.ax.transData.transform([xy])[0]
        anchor = (float(ax0), float(ay0))
        for dx, dy, ha, va in candidates:
            trans = mtransforms.offset_copy(self.ax.transData, fig=fig, x=dx, y=dy,
                                            units="points")
            txt = self.ax.text(xy[0], xy[1], text, transform=trans, ha=ha, va=va, **kwargs)
            bb = txt.get_window_extent()
            box = (bb.x0 - self.pad, bb.y0 - self.pad, bb.x1 + self.pad, bb.y1 + self.pad)
            if self._free(box) and not self._ambiguous(box, anchor):
                self.boxes.append(box)
                if leader and math.hypot(dx, dy) > 10:
                    self.ax.annotate("", xy, xytext=(dx, dy), textcoords="offset points",
                                     arrowprops={"arrowstyle": "-", "color": "#777777",
                                                 "lw": 0.6, "shrinkA": 0, "shrinkB": 3},
                                     zorder=txt.get_zorder() - 0.5)
                return txt
            txt.remove()
        return None


def _ring(radii: Sequence[float]) -> list[tuple[float, float, str, str]]:
    """Candidate offsets around a point: right, left, above, below, then the diagonals."""
    out: list[tuple[float, float, str, str]] = []
    for r in radii:
        d = r * 0.72
        out += [(r, 0, "left", "center"), (-r, 0, "right", "center"),
                (0, r, "center", "bottom"), (0, -r, "center", "top"),
                (d, d, "left", "bottom"), (-d, d, "right", "bottom"),
                (d, -d, "left", "top"), (-d, -d, "right", "top")]
    return out


_LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}


# --------------------------------------------------------------------------------------------
# Static map
# --------------------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _countries(path: str) -> Any:
    gpd = _require("geopandas", "country outlines on maps")
    return gpd.read_file(path)


def _countries_path(countries: bool | str | Path) -> Path | None:
    if countries is False:
        return None
    if countries is True:
        from corridors.resources import builtin_data_dir

        try:
            path = builtin_data_dir() / "countries.geojson"
        except Exception:  # a map without outlines is still a map
            return None
    else:
        path = Path(countries)
    return path if path.is_file() else None


def _extent(points: Sequence[tuple[float, float]], pad: float = 0.1,
            ratio: tuple[float, float] = (0.5, 1.05)) -> tuple[float, float, float, float, float]:
    """Return ``(x0, x1, y0, y1, aspect)`` around lon/lat points with a pleasant shape."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    dx, dy = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    x0, x1 = (x0 + x1) / 2 - dx * (0.5 + pad), (x0 + x1) / 2 + dx * (0.5 + pad)
    y0, y1 = (y0 + y1) / 2 - dy * (0.5 + pad), (y0 + y1) / 2 + dy * (0.5 + pad)
    mid = max(min((y0 + y1) / 2, 80.0), -80.0)
    aspect = 1.0 / math.cos(math.radians(mid))
    w, h = x1 - x0, y1 - y0
    r = h * aspect / w
    if r < ratio[0]:
        grow = (ratio[0] * w / aspect - h) / 2
        y0, y1 = y0 - grow, y1 + grow
    elif r > ratio[1]:
        grow = (h * aspect / ratio[1] - w) / 2
        x0, x1 = x0 - grow, x1 + grow
    y0, y1 = max(y0, -85.0), min(y1, 85.0)
    mid = (y0 + y1) / 2
    return x0, x1, y0, y1, 1.0 / math.cos(math.radians(mid))


def _deg(value: float, pos: str, neg: str) -> str:
    hemi = pos if value >= 0 else neg
    return f"{abs(value):g}°{hemi}"


def _map_axes(ax: Axes, x0: float, x1: float, y0: float, y1: float, aspect: float) -> None:
    mticker = _require("matplotlib.ticker", "maps")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect, adjustable="box")
    ax.set_facecolor("white")
    ax.xaxis.set_major_locator(mticker.MaxNLocator(7, steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_locator(mticker.MaxNLocator(6, steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: _deg(v, "E", "W")))
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: _deg(v, "N", "S")))
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(labelsize=8, colors="#666666", length=0)
    ax.grid(True, color="#9AA5B1", lw=0.4, alpha=0.35, zorder=0.5)
    for spine in ax.spines.values():
        spine.set_edgecolor("#999999")
        spine.set_linewidth(0.6)


def _draw_countries(ax: Axes, path: Path | None, extent: tuple[float, float, float, float],
                    highlight: set[str]) -> list[tuple[tuple[float, float], str]]:
    """Draw the outlines; return candidate (lon, lat), ISO code pairs for country labels."""
    if path is None:
        return []
    try:
        world = _countries(str(path))
    except Exception as exc:  # unreadable outlines: draw the map without them
        logger.warning("country outlines not drawn (%s): %s", path, exc)
        return []
    x0, x1, y0, y1 = extent
    geometry = _require("shapely.geometry", "maps")
    box = geometry.box(x0 - 5, y0 - 5, x1 + 5, y1 + 5)
    view = geometry.box(x0, y0, x1, y1)
    shown = world[world.intersects(box)]
    if shown.empty:
        return []
    code = "iso2" if "iso2" in shown.columns else None
    on_route = shown[code].isin(highlight) if code else None
    faces = ["#E6DFD2" if (on_route is not None and on_route.iloc[i]) else _LAND
             for i in range(len(shown))]
    shown.plot(ax=ax, color=faces, edgecolor="white", linewidth=0.9, zorder=1)
    # plot() resets the limits and aspect; the caller sets them again afterwards
    labels = []
    if code:
        for iso, geom in zip(shown[code], shown.geometry, strict=True):
            visible = geom.intersection(view)   # label the part of the country on the map
            if visible.is_empty or visible.area < 2.0:
                continue
            p = visible.representative_point()
            labels.append(((p.x, p.y), str(iso)))
    return labels


def _draw_network(ax: Axes, G: nx.MultiDiGraph) -> None:
    from corridors.convert import links_gdf

    links = links_gdf(G)
    if links.empty:
        return
    sea = links["mode"] == "sea"
    closed = links["status"] != "operational"
    land = links[~sea & ~closed]
    if not land.empty:
        land.plot(ax=ax, color=_NETWORK, linewidth=0.6, alpha=0.6, zorder=2)
    ferries = links[sea & ~closed]
    if not ferries.empty:
        ferries.plot(ax=ax, color="#6C8EAD", linewidth=0.6, alpha=0.6, linestyle=(0, (3, 2)),
                     zorder=2)
    other = links[closed]
    if not other.empty:
        other.plot(ax=ax, color=_NETWORK, linewidth=0.5, alpha=0.35, linestyle=(0, (1, 2)),
                   zorder=2)


def _route_points(routes: Sequence[Route]) -> list[tuple[float, float]]:
    return [p for r in routes for leg in r.legs for p in leg.coords]


_LEGEND_LOCS = ("upper left", "upper right", "lower left", "lower right", "center left",
                "center right", "upper center", "lower center")


def _clipped_length(seg: tuple[float, float, float, float],
                    box: tuple[float, float, float, float]) -> float:
    """Return the length of the part of a display-coordinate segment inside a box."""
    x0, y0, x1, y1 = seg
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return 0.0
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return 0.0
    return (t1 - t0) * math.hypot(dx, dy)


def _legend_where_least_covered(ax: Axes, lines: Iterable[Sequence[tuple[float, float]]],
                                points: Sequence[tuple[float, float]] = (), *,
                                tolerance: float = 0.01, grow: bool = False,
                                **kwargs: Any) -> Any:
    """Add the legend where it hides least of the lines and points, else below the axes.

    Every location inside the axes is tried; the one hiding the least line length (a marker
    counts as 40 px of line) wins. When even that one hides a marker or more than
    ``tolerance`` of the total line length, the legend goes below the axes instead (and a
    figure created by this module grows by its height when ``grow`` is set).
    """
    fig = ax.figure
    _settle(fig)
    segs = []
    for line in lines:
        if len(line) > 1:
            disp = ax.transData.transform(list(line))
            segs += [(a[0], a[1], b[0], b[1]) for a, b in pairwise(disp)]
    total = sum(math.hypot(sg[2] - sg[0], sg[3] - sg[1]) for sg in segs)
    pts = ax.transData.transform(list(points)) if points else []
    best = (math.inf, _LEGEND_LOCS[0])
    for loc in _LEGEND_LOCS:
        legend = ax.legend(loc=loc, **kwargs)
        bb = legend.get_window_extent()
        box = (bb.x0, bb.y0, bb.x1, bb.y1)
        cost = sum(_clipped_length(sg, box) for sg in segs)
        cost += 40.0 * sum(1 for x, y in pts if box[0] <= x <= box[2] and box[1] <= y <= box[3])
        if cost < best[0] - 1e-6:
            best = (cost, loc)
        legend.remove()
    if best[0] <= tolerance * total:
        return ax.legend(loc=best[1], **kwargs)
    n = len(kwargs.get("handles") or ())
    axes_width = ax.get_window_extent().width
    for ncols in ((2, 1) if n > 3 else (1,)):
        legend = ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), borderaxespad=2.4,
                           ncols=ncols, **kwargs)
        if legend.get_window_extent().width <= axes_width or ncols == 1:
            break
        legend.remove()
    if grow:
        # make room for the legend, then trim what the fixed map aspect leaves empty
        w, h = fig.get_size_inches()
        bb = legend.get_window_extent()
        w = max(w, (bb.width - axes_width) / fig.dpi + w + 0.2) if bb.width > axes_width else w
        fig.set_size_inches(w, h + bb.height / fig.dpi + 0.2)
        _settle(fig)
        tight = fig.get_tightbbox()
        if tight is not None and tight.height + 0.3 < fig.get_size_inches()[1]:
            fig.set_size_inches(w, tight.height + 0.3)
    return legend


def plot_routes(
    routes: Route | Iterable[Route],
    G: nx.MultiDiGraph | None = None,
    *,
    ax: Axes | None = None,
    labels: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    title: str | None = None,
    countries: bool | str | Path = True,
    network: bool = True,
    annotate: bool = True,
    legend: bool = True,
    figsize: tuple[float, float] | None = None,
) -> tuple[Figure, Axes]:
    """Draw routes on a static map over the network and the country outlines.

    Each route has its own colour; routes that share a link are drawn as nested bands (the
    best route, first in the list, on top and thinnest). Sea legs are dashed. Border crossings
    are circles (red diamonds where the gauge changes), changes of mode squares, changes of
    rail gauge away from a border white diamonds; the origin,
    the destination, the crossings and the changes of mode are named where the label finds
    free space (labels never overlap each other, the markers or the routes; the least
    important are left out when there is no room).

    Parameters
    ----------
    routes : Route or iterable of Route
        One route, or several (best first).
    G : networkx.MultiDiGraph, optional
        The network, drawn faintly for context (operational land links grey, ferries dashed
        blue, closed or planned links dotted).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure.
    labels : sequence of str, optional
        Legend title of each route (default ``#rank`` with the corridor label or the crossings
        that distinguish the route from the others).
    colors : sequence of str, optional
        Route colours (default :data:`ROUTE_COLORS`).
    title : str, optional
        Axes title (default ``Origin → Destination``); ``""`` for none.
    countries : bool or path-like
        Draw the country outlines of the built-in ``countries.geojson`` (True), of another
        GeoJSON file (a path) or none (False).
    network : bool
        Draw the network of ``G`` behind the routes.
    annotate : bool
        Name the origin, destination, crossings and changes of mode.
    legend : bool
        Add a legend with each route's distance, crossings, time and cost.
    figsize : (float, float), optional
        Size of a new figure in inches (default from the map's extent).

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> from corridors.routing import best_route
    >>> G = tiny_network()
    >>> fig, ax = plot_routes(best_route(G, "a1", "c2"), G)
    >>> ax.get_title(loc="left")
    'Alpha → Charlie'
    """
    routes = _as_routes(routes)
    mlines = _require("matplotlib.lines", "maps")
    points = _route_points(routes)
    if not points:
        raise ValueError("the routes have no coordinates to draw")
    x0, x1, y0, y1, aspect = _extent(points)
    if figsize is None:
        ratio = (y1 - y0) * aspect / (x1 - x0)
        width, height = 10.0, 10.0 * ratio
        if height > 7.5:
            width, height = 7.5 / ratio, 7.5
        figsize = (max(width, 6.0), height + 0.6)
    own = ax is None
    fig, ax = _new_axes(ax, figsize)
    cols = _colors(len(routes), colors)
    titles = _route_titles(routes, labels)

    highlight = {c for r in routes for c in r.countries}
    country_labels = _draw_countries(ax, _countries_path(countries), (x0, x1, y0, y1),
                                     highlight)
    if G is not None and network:
        _draw_network(ax, G)

    # routes: widest first so that the best route is the innermost band on top
    n = len(routes)
    handles = []
    for i in reversed(range(n)):
        r, colour = routes[i], cols[i]
        lw = 2.2 + 1.9 * i
        z = 10 + (n - i)
        for leg in r.legs:
            if len(leg.coords) < 2:
                continue
            xs, ys = zip(*leg.coords, strict=True)
            sea = leg.mode == "sea"
            # one white casing below every route keeps the nested bands visible
            ax.plot(xs, ys, color="white", lw=lw + 1.8, solid_capstyle="round", zorder=9)
            ax.plot(xs, ys, color=colour, lw=lw, solid_capstyle="round",
                    linestyle=(0, (2.2, 1.2)) if sea else "-", zorder=z)
    for i, r in enumerate(routes):
        lw = 2.2 + 1.9 * i
        handles.append(mlines.Line2D([], [], color=cols[i], lw=min(lw, 5.0),
                                     label=f"{titles[i]}\n{_totals_line(r)}"))

    # markers: crossings, gauge changes, transfers, ends (deduplicated by place)
    crossing_pts: dict[tuple[float, float], tuple[str, bool]] = {}
    transfer_pts: dict[tuple[float, float], str] = {}
    for r in routes:
        uses = {x.id: x for x in r.border_crossings}
        for i, leg in enumerate(r.legs):
            if leg.crossing and leg.coords:
                a, b = leg.coords[0], leg.coords[-1]
                mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
                if leg.mode == "sea":
                    mid = a  # a sea crossing: mark the port of departure
                use = uses.get(leg.crossing)
                name = _short(use.name) if use else leg.crossing
                crossing_pts.setdefault(mid, (name, bool(use and use.gauge_change)))
            if i and leg.mode != r.legs[i - 1].mode and leg.coords:
                transfer_pts.setdefault(leg.coords[0], _short(leg.from_name or leg.from_place))
    # gauge changes away from a border crossing (e.g. Akhalkalaki on Baku-Tbilisi-Kars)
    gauge_pts: dict[tuple[float, float], str] = {}
    for r in routes:
        starts = {leg.from_place: leg for leg in r.legs}
        for b in r.gauge_breaks:
            leg = starts.get(b.place)
            if b.crossing is None and leg is not None and leg.coords:
                gauge_pts.setdefault(leg.coords[0], _short(leg.from_name or leg.from_place))
    for p in [*crossing_pts, *gauge_pts]:
        transfer_pts.pop(p, None)
    ends = {}
    for r in routes:
        if r.legs and r.legs[0].coords:
            ends[r.legs[0].coords[0]] = _short(r.origin_name or r.origin)
        if r.legs and r.legs[-1].coords:
            ends[r.legs[-1].coords[-1]] = _short(r.destination_name or r.destination)
    z_mark = 10 + n + 2
    plain = [p for p, (_, g) in crossing_pts.items() if not g]
    gauge = [p for p, (_, g) in crossing_pts.items() if g]
    # (points, marker, scatter size, face, edge, line width, legend size, label, z offset)
    marker_layers = (
        (list(transfer_pts), "s", 26, "white", _TRANSFER_EDGE, 1.1, 5.5, "change of mode", 0),
        (plain, "o", 46, "white", _CROSSING_EDGE, 1.8, 7, "border crossing", 1),
        (gauge, "D", 40, "#FBE3E8", _CROSSING_EDGE, 1.8, 6,
         "border crossing with gauge change", 1),
        (list(gauge_pts), "D", 34, "white", _TRANSFER_EDGE, 1.4, 5.5, "change of rail gauge", 1),
    )
    for pts, marker, size, face, edge, width, ms, label, dz in marker_layers:
        if not pts:
            continue
        xs, ys = zip(*pts, strict=True)
        ax.scatter(xs, ys, marker=marker, s=size, facecolor=face, edgecolor=edge,
                   linewidth=width, zorder=z_mark + dz)
        handles.append(mlines.Line2D([], [], ls="", marker=marker, ms=ms, mfc=face, mec=edge,
                                     mew=width, label=label))
    if ends:
        ex, ey = zip(*ends, strict=True)
        ax.scatter(ex, ey, marker="o", s=60, facecolor=_TEXT, edgecolor="white", linewidth=1.5,
                   zorder=z_mark + 2)
    if any(leg.mode == "sea" for r in routes for leg in r.legs):
        handles.append(mlines.Line2D([], [], color="#555555", lw=2, ls=(0, (2.2, 1.2)),
                                     label="sea leg (ferry or ship)"))

    _map_axes(ax, x0, x1, y0, y1, aspect)
    if title is None:
        title = _default_title(routes)
    if title:
        ax.set_title(title, fontsize=13, fontweight="bold", loc="left", color=_TEXT)
    leg_artist = None
    if legend:
        leg_artist = _legend_where_least_covered(
            ax, [leg.coords for r in routes for leg in r.legs],
            [*crossing_pts, *gauge_pts, *transfer_pts, *ends],
            grow=own, handles=handles, fontsize=8, frameon=True, framealpha=0.92,
            edgecolor="#CCCCCC", labelspacing=0.7, borderpad=0.7, handlelength=2.4)
        leg_artist.set_zorder(50)

    if annotate:
        _settle(fig)
        placer = _LabelPlacer(ax)
        if leg_artist is not None:
            placer.add_artist(leg_artist)
        for r in routes:
            for leg in r.legs:
                placer.add_line(leg.coords)
        placer.add_points([*crossing_pts, *gauge_pts, *transfer_pts, *ends], radius=5)
        near = _ring((7, 13))
        far = _ring((20, 30, 42))
        for xy, name in ends.items():
            placer.place(xy, name, near + far, leader=True, fontsize=10, fontweight="bold",
                         color=_TEXT, zorder=60, bbox=_LABEL_BOX)
        for xy, (name, _) in crossing_pts.items():
            placer.place(xy, name, near + far, leader=True, fontsize=8, color=_CROSSING_EDGE,
                         zorder=59, bbox=_LABEL_BOX)
        for xy, name in gauge_pts.items():
            placer.place(xy, f"{name} (gauge)", near + far, leader=True, fontsize=8,
                         color="#444444", zorder=58, bbox=_LABEL_BOX)
        for xy, name in transfer_pts.items():
            placer.place(xy, name, near, fontsize=7.5, color="#444444", zorder=58,
                         bbox=_LABEL_BOX)
        for xy, iso in country_labels:
            placer.place(xy, iso, [(0, 0, "center", "center")], fontsize=9, color="#A39A8C",
                         fontweight="bold", zorder=3)
    return fig, ax


# --------------------------------------------------------------------------------------------
# Interactive map
# --------------------------------------------------------------------------------------------
def _html_table(rows: Sequence[tuple[str, str]], title: str) -> str:
    import html

    body = "".join(f"<tr><th style='text-align:left;padding-right:8px'>{html.escape(k)}</th>"
                   f"<td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<b>{html.escape(title)}</b><table style='font-size:12px'>{body}</table>"


def explore_routes(
    routes: Route | Iterable[Route],
    G: nx.MultiDiGraph | None = None,
    *,
    path: str | Path | None = None,
    labels: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    network: bool = True,
    tiles: str | None = "OpenStreetMap",
    cost_model: CostModel | None = None,
    m: folium.Map | None = None,
) -> folium.Map:
    """Draw routes on an interactive Leaflet map (folium).

    Every leg is one GeoJSON feature with a tooltip (route, from, to, mode, km, hours, USD per
    TEU, border crossing); every border crossing is a circle marker with its name, countries,
    mode, time and cost at the crossing and whether the gauge changes; every change of mode is a
    small grey circle marker. Layers can be switched on and off.

    Parameters
    ----------
    routes : Route or iterable of Route
        One route, or several (best first).
    G : networkx.MultiDiGraph, optional
        The network, drawn as a faint layer for context.
    path : str or path-like, optional
        Save the map as a standalone HTML file here (atomically; an existing regular file is
        replaced, anything else is refused with :class:`~corridors.errors.OutputExistsError`).
    labels : sequence of str, optional
        Layer name of each route (default as in :func:`plot_routes`).
    colors : sequence of str, optional
        Route colours (default :data:`ROUTE_COLORS`).
    network : bool
        Add the network layer of ``G``.
    tiles : str or None
        Background tiles (fetched by the browser when the map is viewed); None for none.
    cost_model : CostModel, optional
        The model the routes were scored with, to split each crossing leg into its time at the
        crossing and its running time (see :func:`time_distance_profile`).
    m : folium.Map, optional
        Add to this map instead of a new one.

    Returns
    -------
    folium.Map
    """
    routes = _as_routes(routes)
    folium = _require("folium", "interactive maps")
    points = _route_points(routes)
    if not points:
        raise ValueError("the routes have no coordinates to draw")
    cols = _colors(len(routes), colors)
    titles = _route_titles(routes, labels)
    if m is None:
        m = folium.Map(tiles=tiles, control_scale=True)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    m.fit_bounds([[min(ys), min(xs)], [max(ys), max(xs)]], padding=(20, 20))

    if G is not None and network:
        _network_layer(folium, G).add_to(m)

    crossings = folium.FeatureGroup(name="Border crossings")
    transfers = folium.FeatureGroup(name="Changes of mode")
    seen_x: set[tuple[str, str]] = set()
    seen_t: set[str] = set()
    n = len(routes)
    for i in reversed(range(n)):
        r, colour, name = routes[i], cols[i], titles[i]
        features = []
        for rec, leg in zip(r.leg_records(), r.legs, strict=True):
            use = next((x for x in r.border_crossings if x.id == leg.crossing), None)
            coords = list(leg.coords) if len(leg.coords) > 1 else list(leg.coords) * 2
            features.append({
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [list(p) for p in coords]},
                "properties": {
                    "feature": "leg", "rank": i + 1, "route": name, "leg": rec["leg"],
                    "from": leg.from_name or leg.from_place, "to": leg.to_name or leg.to_place,
                    "mode": leg.mode, "km": round(leg.distance_km),
                    "hours": round(leg.time_h, 1), "usd": round(leg.cost_usd),
                    "crossing": use.name if use else "",
                    "cum_km": round(rec["cum_distance_km"]),
                    "cum_hours": round(rec["cum_time_h"], 1),
                    "cum_usd": round(rec["cum_cost_usd"]),
                },
            })
        weight = 4 + 3 * (n - 1 - i)
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name=f"{name}: {_totals_line(r)}",
            style_function=lambda f, c=colour, w=weight: {
                "color": c, "weight": w, "opacity": 0.9,
                "dashArray": "8 6" if f["properties"]["mode"] == "sea" else None},
            highlight_function=lambda f: {"weight": 9, "opacity": 1.0},
            tooltip=folium.GeoJsonTooltip(
                fields=["route", "leg", "from", "to", "mode", "km", "hours", "usd", "crossing",
                        "cum_km", "cum_hours"],
                aliases=["Route", "Leg", "From", "To", "Mode", "km", "Hours", "USD per TEU",
                         "Border crossing", "Cumulative km", "Cumulative hours"],
                sticky=True),
        ).add_to(m)

        profile_t = time_distance_profile(r, "time", cost_model=cost_model)
        profile_c = time_distance_profile(r, "cost", cost_model=cost_model)
        for k, leg in enumerate(r.legs):
            if not leg.coords:
                continue
            use = next((x for x in r.border_crossings if x.id == leg.crossing), None)
            if use is not None and (use.id, use.from_place) not in seen_x:
                seen_x.add((use.id, use.from_place))
                a, b = leg.coords[0], leg.coords[-1]
                lon, lat = a if leg.mode == "sea" else ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
                ft = profile_t.fixed[k] - getattr(leg, "transfer_h", 0.0)
                fc = profile_c.fixed[k] - getattr(leg, "transfer_usd", 0.0)
                wait = ("at the crossing, port calls and sailing wait" if leg.mode == "sea"
                        else "at the crossing, waiting included")
                rows = [("Countries", f"{use.from_country} → {use.to_country}"),
                        ("Mode", use.mode),
                        ("Time", f"{ft:,.1f} h {wait}"),
                        ("Cost", f"{fc:,.0f} USD per TEU"),
                        ("Gauge change", "yes" if use.gauge_change else "no"),
                        ("Crossing id", use.id)]
                card = _html_table(rows, f"{use.name} ({use.from_country} → {use.to_country})")
                folium.CircleMarker(
                    [lat, lon], radius=7, color=_CROSSING_EDGE, weight=3, fill=True,
                    fill_color="#FBE3E8" if use.gauge_change else "white", fill_opacity=1.0,
                    tooltip=folium.Tooltip(card), popup=folium.Popup(card, max_width=360),
                ).add_to(crossings)
            if k and leg.mode != r.legs[k - 1].mode and leg.from_place not in seen_t:
                seen_t.add(leg.from_place)
                lon, lat = leg.coords[0]
                th = getattr(leg, "transfer_h", 0.0)
                tu = getattr(leg, "transfer_usd", 0.0)
                text = (f"{leg.from_name or leg.from_place}: {r.legs[k - 1].mode} → {leg.mode}"
                        + (f" ({th:,.1f} h, {tu:,.0f} USD)" if th or tu else ""))
                folium.CircleMarker(
                    [lat, lon], radius=4, color=_TRANSFER_EDGE, weight=2, fill=True,
                    fill_color="white", fill_opacity=1.0, tooltip=text,
                ).add_to(transfers)
    transfers.add_to(m)
    crossings.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    if path is not None:
        from corridors.files import atomic_path

        with atomic_path(path, overwrite=True) as tmp:
            m.save(str(tmp))
        logger.info("wrote %s", path)
    return m


def _network_layer(folium: Any, G: nx.MultiDiGraph) -> Any:
    features = []
    for u, v, d in G.edges(data=True):
        if d.get("reverse"):
            continue
        nu, nv = G.nodes[u], G.nodes[v]
        coords = [[nu["x"], nu["y"]], *([lon, lat] for lat, lon in d.get("waypoints") or ()),
                  [nv["x"], nv["y"]]]
        features.append({
            "type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
            "properties": {"feature": "network", "id": str(d.get("link_id", "")),
                           "mode": str(d.get("mode", "")),
                           "km": round(float(d.get("distance_km") or 0)),
                           "status": str(d.get("status", ""))},
        })
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="Network",
        style_function=lambda f: {
            "color": "#6C8EAD" if f["properties"]["mode"] == "sea" else "#777777",
            "weight": 1.5, "opacity": 0.45 if f["properties"]["status"] == "operational" else 0.2,
            "dashArray": "4 4" if f["properties"]["mode"] == "sea" else None},
        tooltip=folium.GeoJsonTooltip(fields=["id", "mode", "km", "status"],
                                      aliases=["Link", "Mode", "km", "Status"]),
    )


# --------------------------------------------------------------------------------------------
# Time/cost-distance chart
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProfileStep:
    """A vertical step of a time/cost-distance chart: the fixed part of one leg.

    Attributes
    ----------
    leg : int
        Index of the leg in :attr:`Route.legs` (0-based).
    distance_km : float
        Cumulative distance where the step stands: the start of the leg.
    start, height : float
        Cumulative hours (or USD) at the foot of the step, and the step itself.
    kind : str
        ``crossing`` (a border crossing, ferry crossings included), ``port`` (a sea leg within
        one country: port calls and sailing wait) or ``transfer`` (a change of mode only).
    label : str
        Crossing name, port name or ``place: mode → mode``.
    """

    leg: int
    distance_km: float
    start: float
    height: float
    kind: str
    label: str


@dataclass(frozen=True)
class TimeDistanceProfile:
    """The polyline of a time/cost-distance chart and its steps (see :func:`time_distance_profile`).

    Attributes
    ----------
    measure : str
        ``time`` (hours) or ``cost`` (USD per TEU).
    x, y : tuple of float
        Vertices: cumulative km and cumulative hours or USD; a step is two consecutive
        vertices with the same ``x``.
    running, fixed : tuple of float
        Per leg: the distance-proportional part and the fixed part (``running + fixed`` is the
        leg's ``time_h`` or ``cost_usd``).
    steps : tuple of ProfileStep
        The legs with a fixed part, in order.
    """

    measure: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    running: tuple[float, ...]
    fixed: tuple[float, ...]
    steps: tuple[ProfileStep, ...]

    @property
    def total(self) -> float:
        """The route's total hours or USD."""
        return self.y[-1] if self.y else 0.0

    @property
    def fixed_share(self) -> float:
        """Share of the total spent standing (crossings, port calls, transfers)."""
        return sum(self.fixed) / self.total if self.total > 0 else 0.0


def time_distance_profile(route: Route, measure: str = "time", *,
                          cost_model: CostModel | None = None) -> TimeDistanceProfile:
    """Split a route into distance-proportional slopes and fixed vertical steps.

    :mod:`corridors.scoring` composes a leg's time as ``distance_km / speed_kmh[mode]`` plus
    fixed terms (the border-crossing time; on a sea leg the sailing wait and both port calls;
    the change-of-mode transfer that starts the leg), and its cost as
    ``distance_km * rate_usd_per_km[mode]`` plus the crossing cost, port handling and transfer.
    This function recomputes the running part with the cost model's speed and rate for the
    leg's mode and takes the rest of the leg's scored total as the fixed part, drawn as one
    vertical step **at the start of the leg** (where the crossing, the port of departure or the
    change of mode is). The destination port call of a sea leg is therefore drawn before the
    sailing rather than after it: the totals and the position of every crossing are exact, the
    split of a sea leg's standing time between its two ports is not shown.

    Parameters
    ----------
    route : Route
        A scored route.
    measure : {"time", "cost"}
        Hours or USD per TEU.
    cost_model : CostModel, optional
        The model the route was scored with (default :data:`~corridors.scoring.DEFAULT_COST_MODEL`);
        with another model the split (not the totals) is off.

    Returns
    -------
    TimeDistanceProfile

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> from corridors.route import make_route
    >>> G = tiny_network()
    >>> r = make_route(G, [("a1", "a2", "a1-a2-road"), ("a2", "b1", "a2-b1-road")])
    >>> p = time_distance_profile(r)
    >>> [(s.distance_km, s.kind, s.label) for s in p.steps]
    [(100.0, 'crossing', 'Alpha-Bravo road')]
    >>> p.x
    (0.0, 100.0, 100.0, 150.0)
    """
    if measure not in _MEASURES:
        raise ValueError(f"measure must be 'time' or 'cost', got {measure!r}")
    model = DEFAULT_COST_MODEL if cost_model is None else cost_model
    per_km: Callable[[str], float | None]
    if measure == "time":
        def per_km(mode: str) -> float | None:
            speed = model.speed_kmh.get(mode)
            return 1.0 / speed if speed else None
    else:
        def per_km(mode: str) -> float | None:
            return model.rate_usd_per_km.get(mode)
    attr = _MEASURES[measure][0]
    uses = {x.id: x for x in route.border_crossings}
    xs, ys = [0.0], [0.0]
    running, fixed, steps = [], [], []
    cd = cy = 0.0
    for i, leg in enumerate(route.legs):
        total = float(getattr(leg, attr))
        unit = per_km(leg.mode)
        run = total if unit is None else min(total, leg.distance_km * unit)
        fix = total - run
        if fix <= 1e-9 * max(1.0, abs(total)):
            fix, run = 0.0, total
        running.append(run)
        fixed.append(fix)
        if fix > 0:
            if leg.crossing:
                use = uses.get(leg.crossing)
                kind, label = "crossing", use.name if use else str(leg.crossing)
            elif leg.mode == "sea":
                kind, label = "port", leg.from_name or leg.from_place
            else:
                prev = route.legs[i - 1].mode if i else ""
                kind = "transfer"
                label = f"{leg.from_name or leg.from_place}: {prev} → {leg.mode}"
            steps.append(ProfileStep(i, cd, cy, fix, kind, label))
            cy += fix
            xs.append(cd)
            ys.append(cy)
        cd += leg.distance_km
        cy += run
        xs.append(cd)
        ys.append(cy)
    return TimeDistanceProfile(measure, tuple(xs), tuple(ys), tuple(running), tuple(fixed),
                               tuple(steps))


_STEP_MARKERS = {
    "crossing": ("o", _CROSSING_EDGE, "border crossing"),
    "port": ("^", _PORT_EDGE, "port call and sailing wait"),
    "transfer": ("s", _TRANSFER_EDGE, "change of mode"),
}


def plot_time_distance(
    routes: Route | Iterable[Route],
    *,
    measure: str = "time",
    ax: Axes | None = None,
    labels: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    title: str | None = None,
    cost_model: CostModel | None = None,
    label_steps: bool = True,
    min_label_share: float = 0.025,
    days: bool = True,
    legend: bool = True,
    figsize: tuple[float, float] = (10.0, 6.2),
) -> tuple[Figure, Axes]:
    """Draw the UN ESCAP time/cost-distance chart of one or several routes.

    Cumulative distance is on x, cumulative hours (``measure="time"``) or USD per TEU
    (``measure="cost"``) on y, one line per route. Along a leg the line slopes (the running
    time or cost); every border crossing, port call and change of mode is a vertical step at
    the cumulative distance where it happens, marked by a symbol (circle: border crossing,
    triangle: port call and sailing wait of a domestic sea leg, square: change of mode) and
    labelled with its name and size where the label fits. See :func:`time_distance_profile`
    for how a leg is split into its slope and its step.

    Parameters
    ----------
    routes : Route or iterable of Route
        One route, or several (best first).
    measure : {"time", "cost"}
        What the y axis accumulates.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure.
    labels : sequence of str, optional
        Legend title of each route.
    colors : sequence of str, optional
        Route colours (default :data:`ROUTE_COLORS`).
    title : str, optional
        Axes title; ``""`` for none.
    cost_model : CostModel, optional
        The model the routes were scored with (for the split into slopes and steps).
    label_steps : bool
        Name the steps.
    min_label_share : float
        Name only steps at least this share of the tallest route's total (0.025: 2.5 %);
        border crossings are always candidates. Labels that find no free space are left out.
    days : bool
        With ``measure="time"``, add a secondary axis in days on the right.
    legend : bool
        Add a legend with each route's totals.
    figsize : (float, float)
        Size of a new figure in inches.

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)
        Each route is one :class:`~matplotlib.lines.Line2D` with ``gid`` ``"route-<rank>"``
        and the route's title as its label; its data are :func:`time_distance_profile`'s.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> from corridors.routing import best_route
    >>> fig, ax = plot_time_distance(best_route(tiny_network(), "a1", "c2"), measure="cost")
    >>> ax.get_ylabel()
    'Cumulative cost (USD per TEU)'
    """
    routes = _as_routes(routes)
    mticker = _require("matplotlib.ticker", "charts")
    mlines = _require("matplotlib.lines", "charts")
    if measure not in _MEASURES:
        raise ValueError(f"measure must be 'time' or 'cost', got {measure!r}")
    _, ylabel, unit = _MEASURES[measure]
    own = ax is None
    fig, ax = _new_axes(ax, figsize)
    cols = _colors(len(routes), colors)
    titles = _route_titles(routes, labels)
    profiles = [time_distance_profile(r, measure, cost_model=cost_model) for r in routes]

    for i, p in enumerate(profiles):
        ax.plot(p.x, p.y, color=cols[i], lw=2.2, solid_joinstyle="miter", label=titles[i],
                gid=f"route-{i + 1}", zorder=5 + len(routes) - i)
    for i, p in enumerate(profiles):
        for kind, (marker, edge, _) in _STEP_MARKERS.items():
            pts = [(s.distance_km, s.start + s.height / 2) for s in p.steps if s.kind == kind]
            if pts:
                ax.scatter(*zip(*pts, strict=True), marker=marker, s=30, facecolor="white",
                           edgecolor=edge, linewidth=1.4, zorder=20 + len(routes) - i)

    xmax = max(p.x[-1] for p in profiles) or 1.0
    ymax = max(p.total for p in profiles) or 1.0
    ax.set_xlim(0, xmax * 1.02)
    ax.set_ylim(0, ymax * 1.06)
    ax.set_xlabel("Cumulative distance (km)", fontsize=11)
    ax.set_ylabel(ylabel, fontsize=11)
    ax.tick_params(labelsize=9.5)
    fmt = mticker.FuncFormatter(lambda v, _: f"{v:,.0f}")
    ax.xaxis.set_major_formatter(fmt)
    ax.yaxis.set_major_formatter(fmt)
    ax.grid(True, color="#DDDDDD", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if measure == "time" and days:
        sec = ax.secondary_yaxis("right", functions=(lambda h: h / 24.0, lambda d: d * 24.0))
        sec.set_ylabel("days", fontsize=10, color="#666666")
        sec.tick_params(labelsize=9, colors="#666666")
    if title is None:
        what = "Time" if measure == "time" else "Cost"
        title = f"{what}-distance: {_default_title(routes)}"
    if title:
        ax.set_title(title, fontsize=13, fontweight="bold", loc="left", color=_TEXT)

    leg_artist = None
    if legend:
        handles: list[Any] = []
        for i, r in enumerate(routes):
            total = r.time_h if measure == "time" else r.cost_usd
            tot = _hours(total) if measure == "time" else f"{total:,.0f} USD/TEU"
            handles.append(mlines.Line2D([], [], color=cols[i], lw=2.4,
                                         label=f"{titles[i]}: {r.distance_km:,.0f} km, {tot}"))
        kinds = {s.kind for p in profiles for s in p.steps}
        for kind, (marker, edge, text) in _STEP_MARKERS.items():
            if kind in kinds:
                handles.append(mlines.Line2D([], [], ls="", marker=marker, ms=6, mfc="white",
                                             mec=edge, mew=1.4, label=text))
        leg_artist = _legend_where_least_covered(
            ax, [list(zip(p.x, p.y, strict=True)) for p in profiles], grow=own,
            handles=handles, fontsize=8.5, frameon=True, framealpha=0.92, edgecolor="#CCCCCC")
        leg_artist.set_zorder(50)

    if label_steps:
        _settle(fig)
        placer = _LabelPlacer(ax)
        if leg_artist is not None:
            placer.add_artist(leg_artist)
        for p in profiles:
            placer.add_line(list(zip(p.x, p.y, strict=True)))
            placer.add_points([(s.distance_km, s.start + s.height / 2) for s in p.steps], 4)
        threshold = min_label_share * ymax
        cands = []
        for i, p in enumerate(profiles):
            for s in p.steps:
                if s.height < threshold and s.kind != "crossing":
                    continue
                cands.append((s.kind == "crossing", s.height, i, s))
        cands.sort(key=lambda t: (-t[0], -t[1], t[2]))
        done: list[tuple[str, float, float]] = []
        near = [(-7, 0, "right", "center"), (7, 0, "left", "center"),
                (-7, 8, "right", "bottom"), (7, -8, "left", "top"),
                (-7, -8, "right", "top"), (7, 8, "left", "bottom")]
        far = [(dx, dy, ha, "center") for dy in (18, -18, 32, -32, 46, -46, 62, 80)
               for dx, ha in ((-16, "right"), (16, "left"))]
        for _, height, _, s in cands:
            xy = (s.distance_km, s.start + height / 2)
            text = f"{_short(s.label)} +{height:,.0f} {unit}"
            if any(t == text and abs(x - xy[0]) < 0.02 * xmax for t, x, _ in done):
                continue
            ann = placer.place(xy, text, near + far, leader=True, fontsize=8,
                               color=_STEP_MARKERS[s.kind][1], zorder=40, bbox=_LABEL_BOX)
            if ann is not None:
                done.append((text, *xy))
    return fig, ax


# --------------------------------------------------------------------------------------------
# Pareto / trade-off chart
# --------------------------------------------------------------------------------------------
def _value(route: Route, what: str | Callable[[Route], float]) -> float:
    if callable(what):
        return float(what(route))
    if what == "time_days":
        return route.time_h / 24.0
    if what in ("transfers", "transshipments"):
        return float(len(route.transshipments))
    if what == "gauge_breaks":
        return float(len(route.gauge_breaks))
    value = getattr(route, what, None)
    if value is None:
        raise ValueError(f"unknown route measure {what!r}; use a Route attribute such as "
                         "distance_km, time_h, cost_usd, crossings, score, sea_km, or a callable")
    if isinstance(value, tuple):
        return float(len(value))
    return float(value)


def dominated(points: Sequence[tuple[float, float]]) -> list[bool]:
    """Return, per point, whether another point is at least as good on both and better on one.

    Both coordinates are minimised; equal points do not dominate each other.

    Examples
    --------
    >>> dominated([(1, 5), (2, 2), (3, 3), (1, 5)])
    [False, False, True, False]
    """
    out = []
    for i, (x, y) in enumerate(points):
        out.append(any(j != i and a <= x and b <= y and (a < x or b < y)
                       for j, (a, b) in enumerate(points)))
    return out


def plot_pareto(
    routes: Route | Iterable[Route],
    x: str | Callable[[Route], float] = "distance_km",
    y: str | Callable[[Route], float] = "time_h",
    *,
    ax: Axes | None = None,
    labels: Sequence[str] | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    color: str = ROUTE_COLORS[0],
    figsize: tuple[float, float] = (8.5, 6.0),
) -> tuple[Figure, Axes]:
    """Draw the trade-off between two objectives; highlight the non-dominated routes.

    Both objectives are minimised. A route is dominated when another is at least as good on
    both and strictly better on one; the non-dominated routes are drawn solid, joined by the
    staircase of the front and labelled, the dominated ones faded and unlabelled.

    Parameters
    ----------
    routes : Route or iterable of Route
        The routes to compare (e.g. :func:`~corridors.routing.pareto_front`,
        :func:`~corridors.routing.alternatives` or :func:`~corridors.routing.compare_corridors`).
    x, y : str or callable
        Route measures: an attribute name (``distance_km``, ``time_h``, ``cost_usd``,
        ``crossings``, ``score``, ``sea_km``), ``time_days``, ``transfers``, ``gauge_breaks``,
        or a function of a route.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure.
    labels : sequence of str, optional
        Point labels (default ``#rank`` with the corridor or distinguishing crossings).
    title, xlabel, ylabel : str, optional
        Texts (defaults name the measures with their units).
    color : str
        Colour of the non-dominated routes.
    figsize : (float, float)
        Size of a new figure in inches.

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)
        The non-dominated points are the collection with ``gid`` ``"pareto-front"``, the
        dominated ones ``"pareto-dominated"`` (offsets in route order).

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> from corridors.routing import alternatives
    >>> routes = alternatives(tiny_network(), "a1", "c2", 3)
    >>> fig, ax = plot_pareto(routes, "distance_km", "cost_usd")
    >>> ax.get_xlabel()
    'Distance (km)'
    """
    routes = _as_routes(routes)
    mticker = _require("matplotlib.ticker", "charts")
    fig, ax = _new_axes(ax, figsize)
    titles = _route_titles(routes, labels)
    pts = [(_value(r, x), _value(r, y)) for r in routes]
    dom = dominated(pts)
    front = [i for i, d in enumerate(dom) if not d]
    faded = [i for i, d in enumerate(dom) if d]

    if faded:
        ax.scatter([pts[i][0] for i in faded], [pts[i][1] for i in faded], s=55,
                   color="#9A9A9A", alpha=0.35, edgecolor="none", gid="pareto-dominated",
                   label="dominated", zorder=3)
    order = sorted(front, key=lambda i: pts[i])
    if len(order) > 1:
        ax.step([pts[i][0] for i in order], [pts[i][1] for i in order], where="post",
                color=color, lw=1.2, alpha=0.6, ls="--", zorder=4, label="Pareto front")
    ax.scatter([pts[i][0] for i in front], [pts[i][1] for i in front], s=80, color=color,
               edgecolor="white", linewidth=1.2, gid="pareto-front", label="non-dominated",
               zorder=5)

    def name(v: str | Callable[[Route], float]) -> str:
        return _AXIS_LABELS.get(v, v) if isinstance(v, str) else getattr(v, "__name__", "value")

    ax.set_xlabel(xlabel or name(x), fontsize=11)
    ax.set_ylabel(ylabel or name(y), fontsize=11)
    ax.tick_params(labelsize=9.5)
    for axis, v in ((ax.xaxis, x), (ax.yaxis, y)):
        if v == "crossings" or v in ("transfers", "transshipments", "gauge_breaks"):
            axis.set_major_locator(mticker.MaxNLocator(integer=True))
        else:
            axis.set_major_formatter(mticker.FuncFormatter(lambda val, _: f"{val:,.0f}"))
    ax.grid(True, color="#E3E3E3", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.margins(0.12)
    if title is None:
        title = f"Trade-off: {_default_title(routes)}"
    if title:
        ax.set_title(title, fontsize=13, fontweight="bold", loc="left", color=_TEXT)
    leg_artist = ax.legend(loc="best", fontsize=8.5, frameon=True, framealpha=0.92,
                           edgecolor="#CCCCCC")

    _settle(fig)
    placer = _LabelPlacer(ax)
    placer.add_artist(leg_artist)
    placer.add_points(pts, radius=6)
    if len(order) > 1:
        stairs = [pts[order[0]]]
        for a, b in pairwise(order):
            stairs += [(pts[b][0], pts[a][1]), pts[b]]
        placer.add_line(stairs)
    groups: dict[tuple[float, float], list[int]] = {}
    for i in front:
        groups.setdefault(pts[i], []).append(i)
    for xy, idx in groups.items():
        text = "\n".join(titles[i] for i in idx)
        placer.place(xy, text, _ring((8, 16, 28)), leader=True, fontsize=8.5, color=_TEXT,
                     zorder=40, bbox=_LABEL_BOX)
    for i in faded:
        placer.place(pts[i], titles[i], _ring((7, 14)), leader=True, fontsize=7.5,
                     color="#8A8A8A", zorder=39)
    return fig, ax
