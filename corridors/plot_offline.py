"""An interactive map of routes as one self-contained HTML page, for closed networks.

:func:`~corridors.plot_maps.explore_routes` draws with Leaflet (folium): the browser fetches
Leaflet's scripts and the background tiles from servers on the internet, and shows a blank page
where it cannot reach them. ``explore_routes(..., offline=True)`` calls :func:`offline_map`
instead, which writes everything into the page: the country outlines of the built-in data
(``countries.geojson``), the network and the routes as inline SVG, the styles, and a few lines
of inline JavaScript for zoom (wheel), pan (drag), the legend's switches and a details panel.
Nothing is loaded from anywhere: no script, style sheet, font, image or tile. Every leg and
every border crossing carries an SVG ``<title>``, which browsers show as a tooltip even with
JavaScript disabled. Only the standard library is used (no folium, matplotlib or geopandas).

The projection is the one of :func:`~corridors.plot_maps.plot_routes`: longitude and latitude
with the aspect ``1 / cos(mid latitude)``.
"""

from __future__ import annotations

import html
import json
import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from corridors.plot_base import _CROSSING_EDGE, _LAND, _TEXT, _TRANSFER_EDGE, _default_title
from corridors.plot_groups import (
    DEFAULT_HIGHLIGHT,
    OTHER_COLOR,
    RouteGroup,
    _group_title,
    _others,
    _others_label,
    _subtitle,
    group_routes,
)
from corridors.route import Route
from corridors.scoring import CostModel

__all__ = ["OfflineMap", "offline_map"]

_ON_ROUTE_LAND = "#E6DFD2"
_SEA = "#DCE9F2"


class OfflineMap:
    """A map of routes as one HTML page that needs no network connection to be viewed.

    Made by :func:`~corridors.plot_maps.explore_routes` with ``offline=True``. Save it with
    :meth:`save`; in Jupyter it shows itself in an ``iframe``.

    Attributes
    ----------
    html : str
        The whole page.
    title : str
        Its heading.
    """

    def __init__(self, page: str, title: str) -> None:
        self.html = page
        self.title = title

    def render(self) -> str:
        """Return the whole HTML page."""
        return self.html

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the page to ``path`` (UTF-8), as :meth:`folium.Map.save` does.

        Parameters
        ----------
        path : str or path-like
            The HTML file; an existing file is replaced.
        """
        Path(path).write_text(self.html, encoding="utf-8")

    def _repr_html_(self) -> str:
        doc = html.escape(self.html, quote=True)
        return (f'<iframe srcdoc="{doc}" style="width:100%;height:640px;border:1px solid #ddd"'
                f' title="{html.escape(self.title)}"></iframe>')

    def __repr__(self) -> str:
        return f"OfflineMap({self.title!r}, {len(self.html):,} characters)"


class _Projection:
    """Longitude/latitude to SVG user units: x east, y down, ``1 / cos(mid lat)`` aspect."""

    def __init__(self, extent: tuple[float, float, float, float], width: float = 1000.0) -> None:
        x0, x1, y0, y1 = extent
        self.kx = math.cos(math.radians((y0 + y1) / 2))
        self.scale = width / ((x1 - x0) * self.kx)
        self.x0, self.y1 = x0, y1
        self.width = width
        self.height = (y1 - y0) * self.scale

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.x0) * self.kx * self.scale, (self.y1 - lat) * self.scale)

    def points(self, coords: Iterable[Sequence[float]]) -> str:
        out = []
        for lon, lat in coords:
            x, y = self.xy(lon, lat)
            out.append(f"{x:.1f},{y:.1f}")
        return " ".join(out)


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _countries_svg(proj: _Projection, on_route: set[str]) -> list[str]:
    from corridors.plot_maps import _countries_path

    path = _countries_path(True)
    if path is None:
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # a map without outlines is still a map
        return []
    shapes, labels = [], []
    for feature in data.get("features", ()):
        geom = feature.get("geometry") or {}
        props = feature.get("properties") or {}
        polygons = ([geom.get("coordinates", [])] if geom.get("type") == "Polygon"
                    else geom.get("coordinates", []) if geom.get("type") == "MultiPolygon"
                    else [])
        d, largest = [], (0.0, None)
        for polygon in polygons:
            for ring in polygon:
                if len(ring) < 3:
                    continue
                d.append("M" + " L".join(proj.points([p[:2] for p in ring]).split()) + "Z")
                xs = [p[0] for p in ring]
                ys = [p[1] for p in ring]
                area = (max(xs) - min(xs)) * (max(ys) - min(ys))
                if area > largest[0]:
                    largest = (area, ring)
        if not d:
            continue
        iso = str(props.get("iso2", ""))
        fill = _ON_ROUTE_LAND if iso in on_route else _LAND
        shapes.append(f'<path class="country" fill="{fill}" d="{" ".join(d)}">'
                      f'<title>{_esc(props.get("name", iso))}</title></path>')
        ring = largest[1]
        if iso and ring is not None and largest[0] > 4.0:
            x, y = proj.xy(sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
            labels.append(f'<text class="iso" x="{x:.1f}" y="{y:.1f}" data-fs="13" '
                          f'font-size="13">{_esc(iso)}</text>')
    return ['<g id="countries">', *shapes, *labels, "</g>"]


def _network_svg(proj: _Projection, G: nx.MultiDiGraph) -> list[str]:
    out = ['<g id="network">']
    for u, v, d in G.edges(data=True):
        if d.get("reverse"):
            continue
        nu, nv = G.nodes[u], G.nodes[v]
        coords = [(nu["x"], nu["y"]), *((lon, lat) for lat, lon in d.get("waypoints") or ()),
                  (nv["x"], nv["y"])]
        mode = str(d.get("mode", ""))
        status = str(d.get("status", ""))
        cls = "net sea" if mode == "sea" else "net"
        if status != "operational":
            cls += " closed"
        tip = (f"Link {d.get('link_id', '')} · {mode} · "
               f"{float(d.get('distance_km') or 0):,.0f} km · {status}")
        out.append(f'<polyline class="{cls}" points="{proj.points(coords)}">'
                   f"<title>{_esc(tip)}</title></polyline>")
    out.append("</g>")
    return out


def _leg_tip(name: str, rec: dict[str, Any], leg: Any, crossing: str) -> str:
    lines = [name,
             f"Leg {rec['leg']}: {leg.from_name or leg.from_place} → {leg.to_name or leg.to_place}",
             f"{leg.mode} · {leg.distance_km:,.0f} km · {leg.time_h:,.1f} h · "
             f"{leg.cost_usd:,.0f} USD per TEU"]
    if crossing:
        lines.append(f"Border crossing: {crossing}")
    lines.append(f"Cumulative: {rec['cum_distance_km']:,.0f} km · {rec['cum_time_h']:,.1f} h")
    return "\n".join(lines)


def _route_svg(proj: _Projection, routes: Sequence[Route], groups: Sequence[RouteGroup],
               numbered: bool, cost_model: CostModel | None) -> tuple[list[str], list[str]]:
    """Return the SVG of the routes (grouped) and of their markers."""
    lit = [g for g in groups if g.highlighted]
    others = _others(groups)
    body: list[str] = []
    if others:
        body.append('<g id="group-others" class="group">')
        for i in others:
            g = next(x for x in groups if i in x.members)
            body += _legs_svg(proj, routes[i], i, _group_title(g, numbered, 10_000),
                              OTHER_COLOR, 2.5, 0.6)
        body.append("</g>")
    n = len(lit)
    for k in reversed(range(n)):
        g = lit[k]
        width = 3.0 + 2.2 * min(k, 5)
        body.append(f'<g id="group-{g.rank}" class="group">')
        for i in g.members:
            body += _legs_svg(proj, routes[i], i, _group_title(g, numbered, 10_000),
                              g.color or OTHER_COLOR, width, 0.95)
        body.append("</g>")

    marks: list[str] = ['<g id="markers">']
    seen_x: set[tuple[str, str]] = set()
    seen_t: set[str] = set()
    ends: dict[tuple[float, float], str] = {}
    for g in lit:
        for i in g.members:
            marks += _route_marks(proj, routes[i], seen_x, seen_t, cost_model)
    for r in routes:
        if r.legs and r.legs[0].coords:
            ends[r.legs[0].coords[0]] = r.origin_name or r.origin
        if r.legs and r.legs[-1].coords:
            ends[r.legs[-1].coords[-1]] = r.destination_name or r.destination
    for (lon, lat), name in ends.items():
        x, y = proj.xy(lon, lat)
        marks.append(f'<circle class="end" cx="{x:.1f}" cy="{y:.1f}" r="6" data-r="6">'
                     f"<title>{_esc(name)}</title></circle>")
        marks.append(f'<text class="endname" x="{x + 9:.1f}" y="{y - 7:.1f}" font-size="15" '
                     f'data-fs="15" data-dx="9" data-dy="-7">{_esc(name)}</text>')
    marks.append("</g>")
    return body, marks


def _legs_svg(proj: _Projection, r: Route, i: int, name: str, colour: str, width: float,
              opacity: float) -> list[str]:
    out = [f'<g class="route" id="route-{i + 1}" data-route="{i + 1}">']
    for rec, leg in zip(r.leg_records(), r.legs, strict=True):
        coords = list(leg.coords) if len(leg.coords) > 1 else list(leg.coords) * 2
        if not coords:
            continue
        use = next((x for x in r.border_crossings if x.id == leg.crossing), None)
        tip = _leg_tip(name, rec, leg, use.name if use else "")
        dash = ' stroke-dasharray="7 5"' if leg.mode == "sea" else ""
        pts = proj.points(coords)
        out.append(f'<polyline class="casing" points="{pts}" stroke-width="{width + 2:.1f}"/>')
        out.append(f'<polyline class="leg" points="{pts}" stroke="{colour}" '
                   f'stroke-width="{width:.1f}" stroke-opacity="{opacity}"{dash}>'
                   f"<title>{_esc(tip)}</title></polyline>")
    out.append("</g>")
    return out


def _route_marks(proj: _Projection, r: Route, seen_x: set[tuple[str, str]], seen_t: set[str],
                 cost_model: CostModel | None) -> list[str]:
    from corridors.plot_maps import _route_marks as marks

    out = []
    for mark in marks(r, seen_x, seen_t, cost_model):
        x, y = proj.xy(mark.lon, mark.lat)
        if mark.kind == "crossing":
            tip = "\n".join([mark.title, *(f"{key}: {value}" for key, value in mark.rows)])
            fill = "#FBE3E8" if mark.crossing.gauge_change else "white"
            out.append(f'<circle class="crossing" cx="{x:.1f}" cy="{y:.1f}" r="6" data-r="6" '
                       f'fill="{fill}"><title>{_esc(tip)}</title></circle>')
        else:
            out.append(f'<rect class="transfer" x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" '
                       f'height="7" data-r="3.5" data-cx="{x:.1f}" data-cy="{y:.1f}">'
                       f"<title>{_esc(mark.title)}</title></rect>")
    return out


def _legend_html(routes: Sequence[Route], groups: Sequence[RouteGroup], numbered: bool,
                 network: bool) -> str:
    from corridors.plot_base import _totals_line

    rows = []
    for g in groups:
        if not g.highlighted:
            continue
        name = _esc(_group_title(g, numbered, 10_000))
        rows.append(f'<label class="entry"><input type="checkbox" checked '
                    f'data-target="group-{g.rank}"><span class="swatch" '
                    f'style="background:{g.color}"></span><span><b>{name}</b><br>'
                    f"{_esc(_totals_line(routes[g.best]))}</span></label>")
    others = _others(groups)
    if others:
        rows.append(f'<label class="entry"><input type="checkbox" checked '
                    f'data-target="group-others"><span class="swatch" '
                    f'style="background:{OTHER_COLOR}"></span>'
                    f"<span>{_esc(_others_label(len(others)))} (hover for names)</span></label>")
    if network:
        rows.append('<label class="entry"><input type="checkbox" checked data-target="network">'
                    '<span class="swatch net-swatch"></span><span>network</span></label>')
    rows.append('<div class="key"><span class="dot"></span> border crossing '
                '<span class="sq"></span> change of mode '
                '<span class="dash"></span> sea leg</div>')
    return "\n".join(rows)


_STYLE = """
body{margin:0;font:13px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:%(text)s}
.wrap{display:flex;flex-wrap:wrap;gap:0;min-height:100vh}
.map{flex:1 1 600px;min-width:320px;background:%(sea)s;position:relative}
svg{display:block;width:100%%;height:auto;cursor:grab;touch-action:none;user-select:none}
.side{flex:0 1 340px;padding:12px 14px;box-sizing:border-box;border-left:1px solid #ddd}
h1{font-size:17px;margin:0 0 2px}
.sub{color:#666;font-size:12px;margin-bottom:10px}
.entry{display:flex;gap:6px;align-items:flex-start;margin:6px 0;cursor:pointer}
.swatch{flex:0 0 22px;height:6px;margin-top:6px;border-radius:3px}
.net-swatch{background:#777;height:2px;margin-top:8px}
.key{margin:10px 0;color:#444;font-size:12px}
.dot{display:inline-block;width:9px;height:9px;border:2px solid %(crossing)s;border-radius:50%%}
.sq{display:inline-block;width:7px;height:7px;border:1.5px solid %(transfer)s;margin-left:8px}
.dash{display:inline-block;width:22px;border-top:3px dashed #555;margin:0 3px 3px 8px}
#info{white-space:pre-wrap;background:#f6f6f6;border-radius:4px;padding:8px;min-height:3em;
font-size:12px}
.hint{color:#777;font-size:11px;margin-top:8px}
.country{stroke:#fff;stroke-width:1;vector-effect:non-scaling-stroke}
.iso{fill:#A39A8C;font-weight:bold;text-anchor:middle;pointer-events:none}
.net{fill:none;stroke:#777;stroke-width:1;stroke-opacity:.5;vector-effect:non-scaling-stroke}
.net.sea{stroke:#6C8EAD;stroke-dasharray:4 3}
.net.closed{stroke-opacity:.25;stroke-dasharray:1 3}
.casing{fill:none;stroke:#fff;stroke-linecap:round;stroke-linejoin:round;
vector-effect:non-scaling-stroke}
.leg{fill:none;stroke-linecap:round;stroke-linejoin:round;vector-effect:non-scaling-stroke;
cursor:pointer}
.leg:hover{stroke-opacity:1;filter:brightness(.85)}
.crossing{stroke:%(crossing)s;stroke-width:2.5;vector-effect:non-scaling-stroke;cursor:pointer}
.transfer{fill:#fff;stroke:%(transfer)s;stroke-width:1.5;vector-effect:non-scaling-stroke;
cursor:pointer}
.end{fill:%(text)s;stroke:#fff;stroke-width:1.5;vector-effect:non-scaling-stroke}
.endname{font-weight:bold;fill:%(text)s;paint-order:stroke;stroke:#fff;stroke-width:3px;
stroke-linejoin:round;pointer-events:none}
"""

_SCRIPT = """
(function () {
  var svg = document.getElementById("map");
  var vb = svg.viewBox.baseVal;
  var w0 = vb.width, home = [vb.x, vb.y, vb.width, vb.height];
  function rescale() {
    var f = vb.width / w0;
    svg.querySelectorAll("circle[data-r]").forEach(function (e) {
      e.setAttribute("r", e.dataset.r * f);
    });
    svg.querySelectorAll("rect[data-r]").forEach(function (e) {
      var r = e.dataset.r * f;
      e.setAttribute("x", e.dataset.cx - r); e.setAttribute("y", e.dataset.cy - r);
      e.setAttribute("width", 2 * r); e.setAttribute("height", 2 * r);
    });
    svg.querySelectorAll("text[data-fs]").forEach(function (e) {
      e.setAttribute("font-size", e.dataset.fs * f);
      if (e.dataset.dx) {
        if (!e.dataset.x0) { e.dataset.x0 = e.getAttribute("x") - e.dataset.dx;
                             e.dataset.y0 = e.getAttribute("y") - e.dataset.dy; }
        e.setAttribute("x", +e.dataset.x0 + e.dataset.dx * f);
        e.setAttribute("y", +e.dataset.y0 + e.dataset.dy * f);
      }
    });
  }
  function toUser(ev) {
    var r = svg.getBoundingClientRect();
    return [vb.x + (ev.clientX - r.left) / r.width * vb.width,
            vb.y + (ev.clientY - r.top) / r.height * vb.height];
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = toUser(ev), k = ev.deltaY < 0 ? 0.8 : 1.25;
    if (vb.width * k > 4 * w0) return;
    vb.x = p[0] - (p[0] - vb.x) * k; vb.y = p[1] - (p[1] - vb.y) * k;
    vb.width *= k; vb.height *= k; rescale();
  }, {passive: false});
  var drag = null;
  svg.addEventListener("pointerdown", function (ev) {
    drag = {x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y, moved: false};
  });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var r = svg.getBoundingClientRect();
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    vb.x = drag.vx - dx / r.width * vb.width; vb.y = drag.vy - dy / r.height * vb.height;
  });
  window.addEventListener("pointerup", function () {
    setTimeout(function () { drag = null; }, 0);
  });
  svg.addEventListener("dblclick", function () {
    vb.x = home[0]; vb.y = home[1]; vb.width = home[2]; vb.height = home[3]; rescale();
  });
  svg.addEventListener("click", function (ev) {
    if (drag && drag.moved) return;
    var t = ev.target.querySelector ? ev.target.querySelector("title") : null;
    if (t && ev.target.id !== "map") {
      document.getElementById("info").textContent = t.textContent;
    }
  });
  document.querySelectorAll("input[data-target]").forEach(function (box) {
    box.addEventListener("change", function () {
      var g = document.getElementById(box.dataset.target);
      if (g) g.style.display = box.checked ? "" : "none";
    });
  });
})();
"""


def offline_map(
    routes: Sequence[Route],
    G: nx.MultiDiGraph | None = None,
    *,
    labels: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    network: bool = True,
    cost_model: CostModel | None = None,
    highlight: int | None = DEFAULT_HIGHLIGHT,
    title: str | None = None,
) -> OfflineMap:
    """Draw routes as one self-contained HTML page (see the module docstring).

    Parameters
    ----------
    routes : sequence of Route
        The routes, best first.
    G : networkx.MultiDiGraph, optional
        The network, drawn faintly behind the routes.
    labels, colors, network, cost_model, highlight
        As for :func:`~corridors.plot_maps.explore_routes`.
    title : str, optional
        Heading of the page (default ``Origin → Destination``).

    Returns
    -------
    OfflineMap
    """
    from corridors.plot_maps import _extent, _route_points

    points = _route_points(routes)
    if not points:
        raise ValueError("the routes have no coordinates to draw")
    x0, x1, y0, y1, _ = _extent(points, pad=0.12)
    proj = _Projection((x0, x1, y0, y1))
    groups = group_routes(routes, labels=labels, highlight=highlight, colors=colors)
    numbered = labels is None and len(groups) > 1
    on_route = {c for r in routes for c in r.countries}
    heading = _default_title(routes) if title is None else title
    sub = _subtitle(routes, groups)

    svg = [f'<svg id="map" viewBox="0 0 {proj.width:.0f} {proj.height:.0f}" '
           f'role="img" aria-label="{_esc(heading)}">',
           f'<rect x="-100000" y="-100000" width="200000" height="200000" fill="{_SEA}"/>']
    svg += _countries_svg(proj, on_route)
    draw_network = G is not None and network
    if draw_network:
        svg += _network_svg(proj, G)
    body, marks = _route_svg(proj, routes, groups, numbered, cost_model)
    svg += body + marks
    svg.append("</svg>")

    style = _STYLE % {"text": _TEXT, "sea": _SEA, "crossing": _CROSSING_EDGE,
                      "transfer": _TRANSFER_EDGE}
    page = "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(heading)}</title>",
        f"<style>{style}</style></head><body>",
        '<div class="wrap"><div class="map">',
        *svg,
        '</div><div class="side">',
        f"<h1>{_esc(heading)}</h1>",
        f'<div class="sub">{_esc(sub)}</div>' if sub else "",
        _legend_html(routes, groups, numbered, draw_network),
        '<div id="info">Hover over a leg or a crossing for its details; click to keep them '
        "here.</div>",
        '<div class="hint">Wheel: zoom · drag: pan · double click: whole map. '
        "This page loads nothing from the internet.</div>",
        "</div></div>",
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
        "",
    ])
    return OfflineMap(page, heading)
