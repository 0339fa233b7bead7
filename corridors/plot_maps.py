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
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from corridors.plot_base import (
    _CROSSING_EDGE,
    _LABEL_BOX,
    _LAND,
    _NETWORK,
    _TEXT,
    _TRANSFER_EDGE,
    _as_routes,
    _colors,
    _default_title,
    _LabelPlacer,
    _legend_where_least_covered,
    _new_axes,
    _require,
    _ring,
    _route_titles,
    _settle,
    _short,
    _totals_line,
    logger,
)
from corridors.plot_charts import time_distance_profile
from corridors.route import Route
from corridors.scoring import CostModel

if TYPE_CHECKING:  # pragma: no cover
    import folium
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

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
