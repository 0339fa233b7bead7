"""Maps of routes: a static map (matplotlib) and an interactive Leaflet map (folium).

* :func:`plot_routes` -- the routes in their own colours over the network drawn faintly,
  border crossings and changes of mode marked and named, country outlines behind;
* :func:`explore_routes` -- the same as an interactive map, with a tooltip per leg and per
  crossing, optionally saved as a standalone HTML file.

Maps are drawn in longitude/latitude with the aspect ``1 / cos(mid latitude)``: close to
conformal at the map's centre over the region (40-55 degrees N), with readable degree ticks.
Country outlines are the Natural Earth 1:110m polygons of ``countries.geojson`` in the built-in
data directory (:func:`corridors.resources.builtin_data_dir`); they cover the network's
countries and their neighbours only, and the map is drawn without them if the file is missing.
Both functions are re-exported by :mod:`corridors.plot`, where they have always been.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import networkx as nx

from corridors.errors import ConstraintError
from corridors.plot_base import (
    _CROSSING_EDGE,
    _LABEL_BOX,
    _LAND,
    _NETWORK,
    _TEXT,
    _TRANSFER_EDGE,
    _as_routes,
    _default_title,
    _LabelPlacer,
    _legend_where_least_covered,
    _new_axes,
    _require,
    _ring,
    _settle,
    _short,
    _totals_line,
    logger,
)
from corridors.plot_charts import time_distance_profile
from corridors.plot_groups import (
    DEFAULT_HIGHLIGHT,
    OTHER_COLOR,
    _group_title,
    _others,
    _others_label,
    _subtitle,
    group_routes,
)
from corridors.route import Route
from corridors.scoring import CostModel

if TYPE_CHECKING:  # pragma: no cover
    import folium
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from corridors.plot_offline import OfflineMap

__all__ = ["explore_routes", "plot_routes"]


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


def _titles(ax: Axes, routes: Sequence[Route], groups: Sequence[Any], title: str | None) -> None:
    """Set the title (default the ends, with routes, corridors and objective on the right)."""
    if title is None:
        title = _default_title(routes)
        sub = _subtitle(routes, groups)
        if sub:
            ax.set_title(sub, fontsize=8.5, loc="right", color="#666666")
    if title:
        ax.set_title(title, fontsize=13, fontweight="bold", loc="left", color=_TEXT)


def _route_points(routes: Sequence[Route]) -> list[tuple[float, float]]:
    return [p for r in routes for leg in r.legs for p in leg.coords]


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
    highlight: int | None = DEFAULT_HIGHLIGHT,
) -> tuple[Figure, Axes]:
    """Draw routes on a static map over the network and the country outlines.

    Routes are grouped by corridor (:func:`~corridors.plot_groups.group_routes`: the same
    border crossings and sea links, or the same named corridor); the best ``highlight`` groups
    each have a colour, the other routes are drawn thin and grey with one legend entry
    (``+14 other routes``). Groups that share a link are drawn as nested bands (the best, first
    in the list, on top and thinnest). Sea legs are dashed. Border crossings
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
        Legend title of each route; routes with the same label are one group (default
        ``#rank`` with the corridor's name, or its countries and the crossings that tell it
        apart, e.g. ``KZ>UZ>TM>AZ>GE>TR via Turkmenbashi–Alat``).
    colors : sequence of str, optional
        Group colours (default :data:`ROUTE_COLORS`).
    title : str, optional
        Axes title (default ``Origin → Destination``, with the number of routes and corridors
        and the objective in small type on the right); ``""`` for none.
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
    highlight : int or None
        Number of corridor groups drawn in colour (default 4); None for all of them. The
        crossings and changes of mode of the grey routes are neither marked nor named.

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
    groups = group_routes(routes, labels=labels, highlight=highlight, colors=colors)
    lit = [g for g in groups if g.highlighted]
    numbered = labels is None and len(groups) > 1
    others = _others(groups)
    shown = [routes[i] for g in lit for i in g.members]  # marked and named

    on_route = {c for r in routes for c in r.countries}
    country_labels = _draw_countries(ax, _countries_path(countries), (x0, x1, y0, y1),
                                     on_route)
    if G is not None and network:
        _draw_network(ax, G)

    # the other routes: thin and grey, behind the highlighted ones
    for i in others:
        for leg in routes[i].legs:
            if len(leg.coords) < 2:
                continue
            xs, ys = zip(*leg.coords, strict=True)
            ax.plot(xs, ys, color=OTHER_COLOR, lw=2.4, alpha=0.55, solid_capstyle="round",
                    linestyle=(0, (2.2, 1.2)) if leg.mode == "sea" else "-", zorder=8,
                    gid=f"route-{i + 1}")
    # highlighted groups: widest first so that the best group is the innermost band on top
    n = len(lit)
    handles = []
    for k in reversed(range(n)):
        g = lit[k]
        lw = 2.2 + 1.9 * min(k, 5)
        for i in g.members:
            for leg in routes[i].legs:
                if len(leg.coords) < 2:
                    continue
                xs, ys = zip(*leg.coords, strict=True)
                sea = leg.mode == "sea"
                # one white casing below every route keeps the nested bands visible
                ax.plot(xs, ys, color="white", lw=lw + 1.8, solid_capstyle="round", zorder=9)
                ax.plot(xs, ys, color=g.color, lw=lw, solid_capstyle="round",
                        linestyle=(0, (2.2, 1.2)) if sea else "-", zorder=10 + (n - k),
                        gid=f"route-{i + 1}")
    for k, g in enumerate(lit):
        handles.append(mlines.Line2D([], [], color=g.color, lw=min(2.2 + 1.9 * k, 5.0),
                                     label=f"{_group_title(g, numbered)}\n"
                                           f"{_totals_line(routes[g.best])}"))
    if others:
        handles.append(mlines.Line2D([], [], color=OTHER_COLOR, lw=2.4, alpha=0.55,
                                     label=_others_label(len(others))))

    # markers: crossings, gauge changes, transfers, ends (deduplicated by place)
    crossing_pts: dict[tuple[float, float], tuple[str, bool]] = {}
    transfer_pts: dict[tuple[float, float], str] = {}
    for r in shown:
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
    for r in shown:
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
    z_mark = 10 + max(n, 1) + 2
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
    if any(leg.mode == "sea" for r in shown for leg in r.legs):
        handles.append(mlines.Line2D([], [], color="#555555", lw=2, ls=(0, (2.2, 1.2)),
                                     label="sea leg (ferry or ship)"))

    _map_axes(ax, x0, x1, y0, y1, aspect)
    _titles(ax, routes, groups, title)
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
        for r in shown:
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


def _crossing_rows(leg: Any, use: Any, fixed_h: float,
                   fixed_usd: float) -> list[tuple[str, str]]:
    """Return the rows of a crossing's card: countries, mode, time, cost, gauge change, id.

    ``fixed_h`` and ``fixed_usd`` are the leg's fixed parts (:func:`time_distance_profile`),
    less the change of mode that starts the leg.
    """
    ft = fixed_h - getattr(leg, "transfer_h", 0.0)
    fc = fixed_usd - getattr(leg, "transfer_usd", 0.0)
    wait = ("at the crossing, port calls and sailing wait" if leg.mode == "sea"
            else "at the crossing, waiting included")
    return [("Countries", f"{use.from_country} → {use.to_country}"),
            ("Mode", use.mode),
            ("Time", f"{ft:,.1f} h {wait}"),
            ("Cost", f"{fc:,.0f} USD per TEU"),
            ("Gauge change", "yes" if use.gauge_change else "no"),
            ("Crossing id", use.id)]


class _Mark(NamedTuple):
    """A border crossing or a change of mode on a route, for the interactive maps."""

    kind: str                  # "crossing" or "transfer"
    lon: float
    lat: float
    title: str
    rows: list[tuple[str, str]]
    crossing: Any = None


def _route_marks(r: Route, seen_x: set[tuple[str, str]], seen_t: set[str],
                 cost_model: CostModel | None) -> Iterator[_Mark]:
    """Yield the crossings (with their figure rows) and changes of mode of a route, once each.

    ``seen_x`` and ``seen_t`` carry what earlier routes marked already.
    """
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
            yield _Mark("crossing", lon, lat,
                        f"{use.name} ({use.from_country} → {use.to_country})",
                        _crossing_rows(leg, use, profile_t.fixed[k], profile_c.fixed[k]), use)
        if k and leg.mode != r.legs[k - 1].mode and leg.from_place not in seen_t:
            seen_t.add(leg.from_place)
            lon, lat = leg.coords[0]
            th = getattr(leg, "transfer_h", 0.0)
            tu = getattr(leg, "transfer_usd", 0.0)
            yield _Mark("transfer", lon, lat,
                        f"{leg.from_name or leg.from_place}: {r.legs[k - 1].mode} → {leg.mode}"
                        + (f" ({th:,.1f} h, {tu:,.0f} USD)" if th or tu else ""), [])


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
    offline: bool = False,
    highlight: int | None = DEFAULT_HIGHLIGHT,
    title: str | None = None,
) -> folium.Map | OfflineMap:
    """Draw routes on an interactive map: Leaflet (folium), or a self-contained page offline.

    Every leg is one GeoJSON feature with a tooltip (route, from, to, mode, km, hours, USD per
    TEU, border crossing); every border crossing is a circle marker with its name, countries,
    mode, time and cost at the crossing and whether the gauge changes; every change of mode is a
    small grey circle marker. Layers can be switched on and off. Routes are grouped by corridor
    as on :func:`plot_routes`: one layer per group for the best ``highlight`` groups, in their
    colours and with their crossings marked, and one grey layer for the other routes.

    With ``offline=True`` the map is an :class:`~corridors.plot_offline.OfflineMap`: one HTML
    page that loads nothing from the internet (no script, style sheet or tile from a server),
    for closed networks. It draws the country outlines of the built-in data, the network and
    the routes as inline SVG, with a tooltip on every leg and crossing, zoom and pan, and a
    legend that switches groups on and off. It needs neither folium nor matplotlib.

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
        Not used offline.
    cost_model : CostModel, optional
        The model the routes were scored with, to split each crossing leg into its time at the
        crossing and its running time (see :func:`time_distance_profile`).
    m : folium.Map, optional
        Add to this map instead of a new one (not offline).
    offline : bool
        Return a self-contained :class:`~corridors.plot_offline.OfflineMap` instead of a
        folium map (save it with ``.save(path)``).
    highlight : int or None
        Number of corridor groups drawn in colour (default 4); None for all of them.
    title : str, optional
        Heading of the offline page (default ``Origin → Destination``); not used online.

    Returns
    -------
    folium.Map or OfflineMap
    """
    routes = _as_routes(routes)
    if offline:
        if m is not None:
            raise ConstraintError("explore_routes(offline=True) draws its own page: "
                                  "leave out m=")
        from corridors.plot_offline import offline_map

        page = offline_map(routes, G, labels=labels, colors=colors, network=network,
                           cost_model=cost_model, highlight=highlight, title=title)
        if path is not None:
            page.save(path)
        return page
    folium = _require("folium", "interactive maps")
    points = _route_points(routes)
    if not points:
        raise ValueError("the routes have no coordinates to draw")
    groups = group_routes(routes, labels=labels, highlight=highlight, colors=colors)
    numbered = labels is None and len(groups) > 1
    group_of = {i: g for g in groups for i in g.members}
    lit = [g for g in groups if g.highlighted]
    others = _others(groups)
    layers: dict[int, Any] = {}
    for g in lit:
        totals = _totals_line(routes[g.best])
        layers[g.rank] = folium.FeatureGroup(
            name=f"{_group_title(g, numbered).replace(chr(10), ' ')}: {totals}")
    rest = folium.FeatureGroup(name=_others_label(len(others))) if others else None
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
    n = len(lit)
    rank_of = {g.rank: k for k, g in enumerate(lit)}
    for i in reversed(range(len(routes))):
        r, g = routes[i], group_of[i]
        name = _group_title(g, numbered).replace("\n", " ")
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
        if g.highlighted:
            colour, weight, opacity = g.color, 4 + 3 * (n - 1 - rank_of[g.rank]), 0.9
        else:
            colour, weight, opacity = OTHER_COLOR, 3, 0.6
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name=f"{name}: {_totals_line(r)}", control=False,
            style_function=lambda f, c=colour, w=weight, o=opacity: {
                "color": c, "weight": w, "opacity": o,
                "dashArray": "8 6" if f["properties"]["mode"] == "sea" else None},
            highlight_function=lambda f: {"weight": 9, "opacity": 1.0},
            tooltip=folium.GeoJsonTooltip(
                fields=["route", "leg", "from", "to", "mode", "km", "hours", "usd", "crossing",
                        "cum_km", "cum_hours"],
                aliases=["Route", "Leg", "From", "To", "Mode", "km", "Hours", "USD per TEU",
                         "Border crossing", "Cumulative km", "Cumulative hours"],
                sticky=True),
        ).add_to(layers[g.rank] if g.highlighted else rest)
        if not g.highlighted:
            continue

        for mark in _route_marks(r, seen_x, seen_t, cost_model):
            if mark.kind == "crossing":
                use = mark.crossing
                card = _html_table(mark.rows, mark.title)
                folium.CircleMarker(
                    [mark.lat, mark.lon], radius=7, color=_CROSSING_EDGE, weight=3, fill=True,
                    fill_color="#FBE3E8" if use.gauge_change else "white", fill_opacity=1.0,
                    tooltip=folium.Tooltip(card), popup=folium.Popup(card, max_width=360),
                ).add_to(crossings)
            else:
                folium.CircleMarker(
                    [mark.lat, mark.lon], radius=4, color=_TRANSFER_EDGE, weight=2, fill=True,
                    fill_color="white", fill_opacity=1.0, tooltip=mark.title,
                ).add_to(transfers)
    if rest is not None:
        rest.add_to(m)
    for k in reversed(range(n)):
        layers[lit[k].rank].add_to(m)
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
