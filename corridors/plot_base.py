"""Shared parts of the maps and charts of :mod:`corridors.plot`: colours, titles, labels, legend.

Route colours (:data:`ROUTE_COLORS`), the short titles and totals lines of routes, a new figure
with a constrained layout, a greedy label placer that keeps labels off each other, the markers,
the lines and the legend (matplotlib has no such thing and adjustText is not a dependency), and
a legend placed where it hides least of the drawing. Used by :mod:`corridors.plot_maps` and
:mod:`corridors.plot_charts`; everything here is re-exported by :mod:`corridors.plot`.
matplotlib is imported inside the functions, so importing this module stays light.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from corridors.route import Route

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["ROUTE_COLORS"]

logger = logging.getLogger("corridors.plot")  # the name it has always logged under
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
                parts.append(f"via {', '.join(distinct)}")  # never cut: wrap where shown
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
# Legend placement
# --------------------------------------------------------------------------------------------
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
