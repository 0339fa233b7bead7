"""Measure road and rail link lengths on OpenStreetMap-derived network graphs.

For every road and rail link of ``links.csv`` this script finds the shortest path between the
link's two ends (through its waypoints, where they pin the alignment) on the world highway or
railway graph that the ``scgraph_data`` package derives from OpenStreetMap (ODbL, (c)
OpenStreetMap contributors), and writes what it found to ``osm_lengths.csv``:

- ``status=used`` -- the measured length replaces a ``detour:F`` estimate: ``distance_km``
  becomes the measured length and ``estimate`` says ``osm``. The countries the measured
  alignment passes through (fine boundaries of ``boundaries.geojson``) other than the ends'
  go into ``transit``. ``waypoints`` stay as written: they are the author's pins. The
  measured alignment (the graph's nodes along the path) is kept in ``osm_lengths.csv``
  (``alignment``), where validation reads it.
- ``status=checked`` -- the row's length is published (a cited source, no ``detour:F``); the
  published figure keeps precedence and the measurement is only reported beside it.
- ``status=rejected`` -- no acceptable measurement; ``reason`` says why (an end or waypoint
  too far from the graph, no path, an implausible detour through a gap in the graph). Such a
  link keeps its ``detour:F`` estimate, with the factor recalibrated from the cited lengths.

Acceptance rules (constants below): each end within ``MAX_SNAP_KM`` of the graph, each
waypoint within ``MAX_WAYPOINT_SNAP_KM``; the path at least the great-circle length and at
most ``MAX_RATIO`` times it; where the waypoint-pinned path is much longer than the direct
path over the same countries, the waypoints were rough and the direct path is used. A link
is measured inside its ends' countries (nodes labelled by the fine boundaries); only a link
without waypoints whose countries hold no path, or one over ``DOMESTIC_DETOUR`` times longer
than a path through a neighbour, is measured through the third country, which then goes into
``transit`` (Aktobe-Oral by rail runs through Russia via Iletsk). Waypoints pin a link to its
own side.

Nothing is downloaded; the graphs ship in the ``scgraph_data`` wheel::

    pip install -e ".[data]"
    python data/scripts/measure_osm_lengths.py           # rewrite osm_lengths.csv, links.csv
    python data/scripts/measure_osm_lengths.py --check   # compare only; exit 1 on a difference

Shortest paths use scipy's compiled Dijkstra on the graph's edge lengths; the ends are snapped
to the nearest node of the graph's large components (a KD-tree on unit vectors).
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import math
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from corridors import geo
from corridors.geo import parse_points
from corridors.geography import (
    countries_at,
    load_boundaries,
    transit_countries,
)
from corridors.validate import detour_estimate_km, detour_factor

DATA = Path(__file__).resolve().parent.parent
#: An end of a link may lie this far from the graph (a station off a simplified line) ...
MAX_SNAP_KM = 12.0
#: ... or up to this far, when the connectors to the graph are at most
#: ``MAX_CONNECTOR_SHARE`` of the measured length (a port or post beyond the graph's end).
MAX_SNAP_FAR_KM = 35.0
MAX_CONNECTOR_SHARE = 0.12
#: A waypoint may lie this far from the graph (waypoints are towns the line passes).
MAX_WAYPOINT_SNAP_KM = 15.0
#: A measured path longer than this many times the great circle is a gap in the graph.
MAX_RATIO = 2.2
#: ... unless the link's own length (cited or estimated) is as long: then up to this over it.
MAX_OVER_ESTIMATE = 1.35
#: Use the direct path when the waypoint path is this much longer over the same countries.
ROUGH_WAYPOINTS = 1.12
#: A link stays inside its ends' countries unless that path is this much longer than one
#: through a third country (then the line really runs through it: Aktobe-Oral via Iletsk).
DOMESTIC_DETOUR = 1.5
#: Components smaller than this many nodes are fragments, never snapped to.
MIN_COMPONENT = 200
GRAPHS = {"rail": "world_railways", "road": "world_highways"}
SOURCES = {"rail": "osm_scgraph_railways", "road": "osm_scgraph_highways"}
OSM_ESTIMATE = "osm"
OSM_ESTIMATE_RE = re.compile(r"^\s*osm\b")
FIELDS = ["link_id", "mode", "from", "to", "gc_km", "osm_km", "published_km", "ratio_gc",
          "snap_from_km", "snap_to_km", "snap_via_km", "path", "countries", "status", "reason",
          "alignment"]


def _unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle km between two ``(lat, lon)`` points (:func:`corridors.geo.great_circle_km`)."""
    return geo.great_circle_km(a[0], a[1], b[0], b[1])


@dataclass
class Measure:
    """One measured path through a sequence of points: real graph nodes, ends included."""

    km: float
    coords: list[tuple[float, float]]
    snaps: list[float]
    third: dict[str, float] = field(default_factory=dict)

    def country_set(self, ends: set[str]) -> set[str]:
        """Return the ends' countries and the third countries the path's nodes lie in."""
        return set(ends) | set(self.third)


class Boundaries:
    """Fine country boundaries (``boundaries.geojson``, see :mod:`corridors.geography`)."""

    def __init__(self, directory: Path) -> None:
        self.geoms = load_boundaries(directory)
        if self.geoms is None:
            raise SystemExit("boundaries.geojson is missing: run data/scripts/make_countries.py")

    def label(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Return the country of each point ('' at sea or outside the boundary set)."""
        return np.array([c or "" for c in countries_at(self.geoms, lons, lats)], dtype=object)

    def third(self, coords: list[tuple[float, float]], ends: set[str]) -> dict[str, float]:
        """Third countries whose territory the path's nodes enter (node counts)."""
        return transit_countries(self.geoms, coords, ends, vertices=True)

    def sequence(self, coords: list[tuple[float, float]]) -> str:
        """Countries of the path's nodes in order, repeats merged: ``KZ>RU>KZ``."""
        out: list[str] = []
        for c in countries_at(self.geoms, [p[1] for p in coords], [p[0] for p in coords]):
            if c and (not out or out[-1] != c):
                out.append(c)
        return ">".join(out)


class OsmGraph:
    """One scgraph_data geograph as a scipy sparse graph, its nodes labelled by country.

    Searches may be restricted to a set of countries: a link between two places of one
    country is first measured on that country's part of the graph, so that a shorter road
    through a neighbour (the Fergana valley's enclaves, a road along a border river) is not
    taken for the link's own alignment.
    """

    def __init__(self, name: str | object, boundaries: Boundaries,
                 min_component: int = MIN_COMPONENT) -> None:
        import importlib

        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components
        from scipy.spatial import cKDTree

        if isinstance(name, str):
            module = importlib.import_module(f"scgraph_data.{name}")
            geograph = getattr(module, f"{name}_geograph")
        else:  # anything with scgraph's ``graph`` (adjacency dicts) and ``nodes`` ([lat, lon])
            geograph = name
        self.nodes = np.asarray(geograph.nodes, dtype=float)  # (lat, lon)
        rows, cols, vals = [], [], []
        for i, nbrs in enumerate(geograph.graph):
            for j, w in nbrs.items():
                if j != i:
                    rows.append(i)
                    cols.append(j)
                    vals.append(max(float(w), 1e-6))
        n = len(self.nodes)
        self.matrix = csr_matrix((vals, (rows, cols)), shape=(n, n)).tocoo()
        self.full = self.matrix.tocsr()
        _count, labels = connected_components(self.full, directed=False)
        sizes = np.bincount(labels)
        self.big = sizes[labels] >= min_component
        self.country = boundaries.label(self.nodes[:, 0], self.nodes[:, 1])
        self.tree = cKDTree(_unit(self.nodes[:, 0], self.nodes[:, 1]))
        self._graphs: dict[frozenset[str] | None, object] = {None: self.full}
        self._cache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}

    def _graph(self, countries: frozenset[str] | None) -> object:
        if countries not in self._graphs:
            from scipy.sparse import csr_matrix

            ok = np.isin(self.country, list(countries))
            m = self.matrix
            keep = ok[m.row] & ok[m.col]
            self._graphs[countries] = csr_matrix(
                (m.data[keep], (m.row[keep], m.col[keep])), shape=m.shape)
        return self._graphs[countries]

    def snap(self, point: tuple[float, float],
             countries: frozenset[str] | None = None) -> tuple[int, float]:
        """Return the nearest node of ``(lat, lon)`` (in ``countries``) and its distance in km."""
        ks = 512
        _d, idx = self.tree.query(_unit(np.array([point[0]]), np.array([point[1]]))[0], k=ks)
        for k in idx:
            if self.big[k] and (countries is None or self.country[k] in countries):
                return int(k), great_circle_km(point, tuple(self.nodes[k]))
        return -1, math.inf

    def path(self, a: int, b: int,
             countries: frozenset[str] | None = None) -> tuple[float, list[int]] | None:
        """Return (km, node ids) of the shortest path from node ``a`` to ``b``."""
        from scipy.sparse.csgraph import dijkstra

        key = (countries, a)
        if key not in self._cache:
            if len(self._cache) >= 32:  # ~9 MB a tree: keep the last few origins only
                self._cache.pop(next(iter(self._cache)))
            dist, pred = dijkstra(self._graph(countries), directed=False, indices=a,
                                  return_predecessors=True)
            self._cache[key] = (dist, pred)
        dist, pred = self._cache[key]
        if not np.isfinite(dist[b]):
            return None
        out = [b]
        while out[-1] != a:
            out.append(int(pred[out[-1]]))
        return float(dist[b]), out[::-1]


def _measure(graph: OsmGraph, points: list[tuple[float, float]],
             countries: frozenset[str] | None = None) -> Measure | None:
    snapped = [graph.snap(p, countries) for p in points]
    if any(node < 0 for node, _ in snapped):
        return None
    km = snapped[0][1] + snapped[-1][1]
    coords: list[tuple[float, float]] = [points[0]]
    for (a, _), (b, _) in itertools.pairwise(snapped):
        if a == b:
            continue
        found = graph.path(a, b, countries)
        if found is None:
            return None
        leg_km, ids = found
        km += leg_km
        coords.extend(tuple(graph.nodes[i]) for i in ids)
    coords.append(points[-1])
    return Measure(km=km, coords=coords, snaps=[s for _, s in snapped])


def _dedupe(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for lat, lon in coords:
        p = (round(lat, 4), round(lon, 4))
        if not out or out[-1] != p:
            out.append(p)
    return out


def _rejection(m: Measure | None, gc: float, current: float | None) -> str:
    """Why a measured path is not acceptable ('' when it is)."""
    if m is None:
        return "no path between the ends on the graph"
    limit = MAX_RATIO * gc
    if current is not None:
        limit = max(limit, MAX_OVER_ESTIMATE * current)
    far = max(m.snaps[0], m.snaps[-1])
    share = (m.snaps[0] + m.snaps[-1]) / max(m.km, 1e-9)
    if far > MAX_SNAP_KM and (far > MAX_SNAP_FAR_KM or share > MAX_CONNECTOR_SHARE):
        return (f"an end lies {far:.1f} km from the graph (limit {MAX_SNAP_KM:g} km, or "
                f"{MAX_SNAP_FAR_KM:g} km for up to {MAX_CONNECTOR_SHARE:.0%} of the length): "
                "the line is missing there")
    if max(m.snaps[1:-1], default=0) > MAX_WAYPOINT_SNAP_KM:
        return f"a waypoint lies over {MAX_WAYPOINT_SNAP_KM:g} km from the graph"
    if m.km < gc * 0.999:
        return "shorter than the great circle"
    if m.km > limit and gc > 5:
        return (f"path {m.km:.0f} km is {m.km / gc:.2f}x the great circle: a gap in the graph "
                "forces a detour")
    return ""


def _choose(graph: OsmGraph, boundaries: Boundaries, start: tuple[float, float],
            end: tuple[float, float], waypoints: list[tuple[float, float]], ends: set[str],
            gc: float, current: float | None) -> tuple[Measure | None, str, str]:
    """Measure a link and pick its alignment; return (measure, how, rejection reason).

    In order of preference: through the waypoints inside the ends' countries and the
    waypoints' own; directly inside the ends' countries (preferred to rough waypoints that
    force a detour); through third countries -- for a link without waypoints when its
    countries hold no acceptable path or one over ``DOMESTIC_DETOUR`` times longer, and for a
    pinned link only when that path enters no third country after all.
    """
    own = frozenset(ends)
    pins = frozenset(c for c in boundaries.label(np.array([p[0] for p in waypoints]),
                                                  np.array([p[1] for p in waypoints])) if c)
    pinned = _measure(graph, [start, *waypoints, end], own | pins) if waypoints else None
    direct = _measure(graph, [start, end], own)
    free = _measure(graph, [start, end])
    for m in (pinned, direct, free):
        if m is not None:
            m.third = boundaries.third(m.coords, ends)
    ok = {id(m): not _rejection(m, gc, current) for m in (pinned, direct, free)}
    if pinned is not None and ok[id(pinned)]:
        if (direct is not None and ok[id(direct)] and pinned.km > ROUGH_WAYPOINTS * direct.km
                and direct.country_set(ends) <= pinned.country_set(ends)):
            return direct, "direct (waypoints rough)", ""
        return pinned, "waypoints", ""
    if direct is not None and ok[id(direct)] and (waypoints or free is None or not ok[id(free)]
                                                 or direct.km <= DOMESTIC_DETOUR * free.km):
        return direct, "direct", ""
    if free is not None and ok[id(free)] and (not waypoints or not free.third):
        return free, "direct, through third countries" if free.third else "direct", ""
    best = pinned if waypoints else direct
    reason = _rejection(best, gc, current)
    if best is None and free is not None:
        inside = "+".join(sorted(own | pins))
        reason = (f"no path inside {inside} on the graph (its shortest path runs through "
                  f"{'+'.join(sorted(free.third)) or 'a gap'}, {free.km:.0f} km): the line is "
                  "missing there")
    return best, "waypoints" if waypoints else "direct", reason


def measure_links(data: Path) -> tuple[list[dict], dict[str, dict]]:
    """Measure every road and rail link of ``data``; return report rows and link updates."""
    with (data / "places.csv").open(newline="", encoding="utf-8") as fh:
        places = {r["id"]: r for r in csv.DictReader(fh)}
    with (data / "links.csv").open(newline="", encoding="utf-8") as fh:
        links = list(csv.DictReader(fh))
    boundaries = Boundaries(data)
    graphs: dict[str, OsmGraph] = {}
    report, updates = [], {}
    for link in links:
        mode = link["mode"]
        if mode not in GRAPHS or link["from"] not in places or link["to"] not in places:
            continue
        graph = graphs.get(mode) or graphs.setdefault(mode, OsmGraph(GRAPHS[mode], boundaries))
        a, b = places[link["from"]], places[link["to"]]
        start, end = (float(a["lat"]), float(a["lon"])), (float(b["lat"]), float(b["lon"]))
        ends = {a["country"], b["country"]}
        gc = great_circle_km(start, end)
        factor = detour_factor(link.get("estimate", ""))
        current = float(link["distance_km"]) if link.get("distance_km") else None
        published = None if (factor is not None or OSM_ESTIMATE_RE.match(
            link.get("estimate", "")) or current is None) else current
        row = {"link_id": link["id"], "mode": mode, "from": link["from"], "to": link["to"],
               "gc_km": f"{gc:.1f}", "published_km": "" if published is None else f"{published:g}"}
        waypoints = parse_points(link.get("waypoints", ""))
        chosen, how, reason = _choose(graph, boundaries, start, end, waypoints, ends, gc, current)
        if chosen is not None:
            transit = sorted(chosen.third)
            row.update({
                "osm_km": f"{chosen.km:.1f}", "ratio_gc": f"{chosen.km / gc:.3f}" if gc else "",
                "snap_from_km": f"{chosen.snaps[0]:.2f}", "snap_to_km": f"{chosen.snaps[-1]:.2f}",
                "snap_via_km": f"{max(chosen.snaps[1:-1], default=0):.2f}", "path": how,
                "countries": boundaries.sequence(chosen.coords),
                "alignment": ";".join(f"{lat:.4f} {lon:.4f}" for lat, lon in
                                      _dedupe(chosen.coords)),
            })
        else:
            transit = []
        if not reason and link.get("status") in ("planned", "under_construction"):
            reason = f"{link['status']}: not built, OSM has no line to measure"
        if reason:
            row.update(status="rejected", reason=reason)
            if waypoints:  # validation reads the transit off the link's own waypoints
                line = transit_countries(boundaries.geoms, [start, *waypoints, end], ends,
                                         vertices=False)
                updates[link["id"]] = {"transit": "|".join(sorted(line))}
        elif published is not None:
            row.update(status="checked", reason="published length kept")
            updates[link["id"]] = {"transit": "|".join(transit)}
        else:
            row.update(status="used", reason="")
            km = chosen.km
            updates[link["id"]] = {
                "distance_km": f"{max(round(km), math.ceil(gc)):g}" if km >= 10
                else f"{max(0.1, round(km, 1), math.ceil(gc * 10) / 10):g}",
                "transit": "|".join(transit),
                "source": SOURCES[mode],
            }
        report.append(row)
        print(f"{link['id']:<45} {row.get('status'):<8} {row.get('osm_km', ''):>8} "
              f"{row.get('reason', '')}", file=sys.stderr)
    return report, updates


def recalibrated_factors(report: list[dict]) -> dict[str, float]:
    """Median published length / great circle, by mode, over links with a cited length."""
    out = {}
    for mode in GRAPHS:
        ratios = [float(r["published_km"]) / float(r["gc_km"]) for r in report
                  if r["mode"] == mode and r["published_km"] and float(r["gc_km"]) > 20]
        if ratios:
            out[mode] = round(statistics.median(ratios), 2)
    return out


def apply(links_path: Path, updates: dict[str, dict], factors: dict[str, float]) -> str:
    """Return links.csv text with the measured lengths applied and detour factors recalibrated."""
    with links_path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    if "transit" not in header:
        header.insert(header.index("crossing") + 1, "transit")
    with (links_path.parent / "places.csv").open(newline="", encoding="utf-8") as fh:
        places = {r["id"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}
    for row in rows:
        row.setdefault("transit", "")
        update = updates.get(row["id"])
        estimate = row.get("estimate", "")
        if update and "distance_km" not in update:  # not measured: only the transit
            row["transit"] = update["transit"]
            update = None
        if update:
            sources = [s for s in (row.get("source") or "").split("|") if s]
            if update["source"] not in sources:
                sources.append(update["source"])
            row.update(distance_km=update["distance_km"],
                       transit=update["transit"], source="|".join(sources),
                       estimate=OSM_ESTIMATE)
        elif (detour_factor(estimate) is not None or OSM_ESTIMATE_RE.match(estimate)) and (
                row["mode"] in factors and row["from"] in places and row["to"] in places):
            factor = factors[row["mode"]]
            if OSM_ESTIMATE_RE.match(estimate):  # measured before, not any more
                estimate = f"detour:{factor:g}"
                row["source"] = "|".join(s for s in row["source"].split("|")
                                         if s not in SOURCES.values())
            row["estimate"] = re.sub(r"detour:\s*[0-9.]+", f"detour:{factor:g}", estimate)
            km = detour_estimate_km(places[row["from"]], places[row["to"]],
                                    parse_points(row.get("waypoints", "")), factor)
            row["distance_km"] = f"{km:g}"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _report_text(report: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in report:
        writer.writerow({k: row.get(k, "") for k in FIELDS})
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Measure, then write (or with ``--check`` compare) osm_lengths.csv and links.csv."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--check", action="store_true",
                        help="compare with the files, write nothing; exit 1 on a difference")
    args = parser.parse_args(argv)
    report, updates = measure_links(args.data)
    factors = recalibrated_factors(report)
    links_text = apply(args.data / "links.csv", updates, factors)
    report_text = _report_text(report)
    counts = Counter((r["mode"], r["status"]) for r in report)
    print("recalibrated detour factors (median cited/great circle):", factors)
    print("measured:", dict(sorted(counts.items())))
    targets = {args.data / "osm_lengths.csv": report_text, args.data / "links.csv": links_text}
    if args.check:
        stale = [p.name for p, text in targets.items()
                 if not p.is_file() or p.read_text(encoding="utf-8") != text]
        print("differs: " + ", ".join(stale) if stale else "reproduced")
        return 1 if stale else 0
    for path, text in targets.items():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
