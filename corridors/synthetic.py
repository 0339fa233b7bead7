"""Synthetic networks that follow the :mod:`corridors.model` contract, for tests and benchmarks.

:func:`tiny_network` is a hand-built seven-place network whose numbers can be checked by hand;
:func:`random_network` builds a random multimodal network of any size (a jittered grid of places
split into countries, parallel road and rail links, border crossings with records, sea links
between ports, planned and closed items). Both return a plain :class:`networkx.MultiDiGraph`
with the node, edge and graph attributes of the real network, so every function of the package
works on them.
"""

from __future__ import annotations

import itertools
import logging
import math
import random
from collections.abc import Sequence
from typing import Any

import networkx as nx

from corridors.geo import great_circle_km
from corridors.model import (
    GAUGES_MM,
    REGIONS,
    BorderCrossing,
    Corridor,
    CrossingStatus,
    LinkStatus,
    Mode,
    PlaceKind,
    TransshipmentType,
)

__all__ = ["random_network", "tiny_network"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

def _graph(name: str) -> nx.MultiDiGraph:
    return nx.MultiDiGraph(crs="EPSG:4326", name=name, crossings={}, corridors={}, sources={},
                           data_dirs=())


def _place(G: nx.MultiDiGraph, pid: str, name: str, country: str, lat: float, lon: float,
           kind: str = PlaceKind.CITY.value, *, gateway_for: Sequence[str] = (),
           transshipment: dict[str, Any] | None = None, aliases: Sequence[str] = ()) -> None:
    G.add_node(pid, x=lon, y=lat, name=name, aliases=tuple(aliases), country=country, kind=kind,
               gateway_for=tuple(gateway_for), transshipment=transshipment, source=(),
               estimate="synthetic", note="")


def _link(G: nx.MultiDiGraph, lid: str, u: str, v: str, mode: str, distance_km: float, *,
          gauge_mm: tuple[int, ...] = (), status: str = LinkStatus.OPERATIONAL.value,
          crossing: str | None = None, time_ab: float | None = None,
          time_ba: float | None = None, cost_ab: float | None = None,
          cost_ba: float | None = None, sailings_per_week: float | None = None,
          two_way: bool = True) -> None:
    nu, nv = G.nodes[u], G.nodes[v]
    mid = ((nu["y"] + nv["y"]) / 2, (nu["x"] + nv["x"]) / 2)
    ends = [(u, v, time_ab, cost_ab, False)]
    if two_way:
        ends.append((v, u, time_ba, cost_ba, True))
    for a, b, t, c, rev in ends:
        G.add_edge(a, b, key=lid, link_id=lid, mode=mode, distance_km=float(distance_km),
                   gauge_mm=gauge_mm, status=status, status_year="", crossing=crossing,
                   crossing_time_h=t, crossing_cost_usd=c, sailings_per_week=sailings_per_week,
                   waypoints=(mid,), source=(),
                   estimate="synthetic", note="", reverse=rev)


def tiny_network() -> nx.MultiDiGraph:
    """Return a hand-checkable network of seven places in three countries.

    ::

        AA                    | BB                                 | CC
        a1 ==road 100== a2 --x-ab-road 50 (5 h/100 USD a2->b1)-- b1 ==road 200== b2 -road 20- b3
           ==rail 110==    --x-ab-rail 60 (rail, gauge change)--    ==rail 210==
        b3 ~~sea 300, 3.5/week, x-bc-sea (12 h / 80 USD)~~ c1 (CC port) -road 150- c2 (europe)
        a1 --planned road 700 via x-ac-road (planned)-- c2
        b2 --closed road 400 via x-bc-road (closed)-- c2

    Rail gauges: AA 1520, BB and CC 1435; ``x-ab-rail`` is restricted, with unpublished times.
    Terminals (where a container may change mode): the dry ports ``a2`` and ``b1`` (road/rail)
    and the ports ``b3`` and ``c1`` (road/sea), all with the cost model's default handling.
    ``b3`` has a port dwell of 10 h; ``c1`` uses the default. Corridor ``southern`` (waypoints
    a1, b2, b3, c1, c2) is defined by the port b3 and the ferry ``x-bc-sea``.

    Returns
    -------
    networkx.MultiDiGraph
    """
    G = _graph("tiny")
    port = {"type": TransshipmentType.SEAPORT.value, "modes": ("road", "sea"), "dwell_h": 10.0}
    _place(G, "a1", "Alpha", "AA", 45.0, 60.0, aliases=("Alfa",))
    _place(G, "a2", "Alpha Border", "AA", 45.0, 61.0, PlaceKind.BORDER_POST.value,
           transshipment={"type": TransshipmentType.DRY_PORT.value, "modes": ("rail", "road"),
                          "dwell_h": None})
    _place(G, "b1", "Bravo Border", "BB", 45.0, 61.5, PlaceKind.BORDER_POST.value,
           transshipment={"type": TransshipmentType.DRY_PORT.value, "modes": ("rail", "road"),
                          "dwell_h": None})
    _place(G, "b2", "Bravo", "BB", 45.0, 64.0, gateway_for=("caucasus",))
    _place(G, "b3", "Bravo Port", "BB", 45.0, 64.3, PlaceKind.PORT.value, transshipment=port)
    _place(G, "c1", "Charlie Port", "CC", 45.0, 68.0, PlaceKind.PORT.value,
           transshipment={"type": "seaport", "modes": ("road", "sea"), "dwell_h": None})
    _place(G, "c2", "Charlie", "CC", 45.0, 70.0, gateway_for=("europe",))
    x = G.graph["crossings"]
    x["x-ab-road"] = BorderCrossing("x-ab-road", "Alpha-Bravo road", "road", "a2", "b1", "AA",
                                    "BB", time_h_ab=5.0, cost_usd_ab=100.0)
    x["x-ab-rail"] = BorderCrossing("x-ab-rail", "Alpha-Bravo rail", "rail", "a2", "b1", "AA",
                                    "BB", gauge_change=True,
                                    status=CrossingStatus.RESTRICTED.value)
    x["x-bc-sea"] = BorderCrossing("x-bc-sea", "Bravo-Charlie ferry", "sea", "b3", "c1", "BB",
                                   "CC", time_h_ab=12.0, time_h_ba=12.0, cost_usd_ab=80.0,
                                   cost_usd_ba=80.0)
    x["x-ac-road"] = BorderCrossing("x-ac-road", "Alpha-Charlie road", "road", "a1", "c2", "AA",
                                    "CC", status=CrossingStatus.PLANNED.value)
    x["x-bc-road"] = BorderCrossing("x-bc-road", "Bravo-Charlie road", "road", "b2", "c2", "BB",
                                    "CC", status=CrossingStatus.CLOSED.value)
    _link(G, "a1-a2-road", "a1", "a2", "road", 100)
    _link(G, "a1-a2-rail", "a1", "a2", "rail", 110, gauge_mm=(1520,))
    _link(G, "a2-b1-road", "a2", "b1", "road", 50, crossing="x-ab-road", time_ab=5.0,
          cost_ab=100.0)
    _link(G, "a2-b1-rail", "a2", "b1", "rail", 60, gauge_mm=(1520, 1435), crossing="x-ab-rail")
    _link(G, "b1-b2-road", "b1", "b2", "road", 200)
    _link(G, "b1-b2-rail", "b1", "b2", "rail", 210, gauge_mm=(1435,))
    _link(G, "b2-b3-road", "b2", "b3", "road", 20)
    _link(G, "b3-c1-sea", "b3", "c1", "sea", 300, crossing="x-bc-sea", time_ab=12.0,
          time_ba=12.0, cost_ab=80.0, cost_ba=80.0, sailings_per_week=3.5)
    _link(G, "c1-c2-road", "c1", "c2", "road", 150)
    _link(G, "a1-c2-road", "a1", "c2", "road", 700, status=LinkStatus.PLANNED.value,
          crossing="x-ac-road")
    _link(G, "b2-c2-road", "b2", "c2", "road", 400, crossing="x-bc-road")
    G.graph["corridors"]["southern"] = Corridor(
        "southern", "Southern corridor", aliases=("SC",), waypoints=("a1", "b2", "b3", "c1", "c2"),
        path=(("b3",), ("x-bc-sea",)), modes=("road", "rail", "sea"))
    return G


def _country_codes(n: int) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [a + b for a in letters for b in letters][:n]


def random_network(
    n_places: int,
    *,
    seed: int | None = None,
    n_countries: int | None = None,
    rail_share: float = 0.4,
    parallel_share: float = 0.3,
    p_crossing: float = 0.7,
    p_planned: float = 0.05,
    p_closed: float = 0.03,
    p_one_way: float = 0.02,
    p_extra: float = 0.0,
    port_share: float = 0.05,
    terminal_share: float = 0.25,
    p_gauge_island: float = 0.05,
    sea_links_per_port: int = 2,
    n_corridors: int = 2,
    bbox: tuple[float, float, float, float] = (20.0, 35.0, 80.0, 55.0),
) -> nx.MultiDiGraph:
    """Build a random multimodal network that follows the :mod:`corridors.model` contract.

    Places sit on a jittered grid inside ``bbox`` and are split into rectangular countries.
    Neighbouring places are joined by road and/or rail links (parallel keyed edges); a link
    between two countries is a border crossing (an edge between the two posts, with a
    :class:`~corridors.model.BorderCrossing` record) with probability ``p_crossing`` and is
    dropped otherwise. A few places are ports joined by sea links. Lengths are great-circle
    distances times a random detour factor of 1.05-1.4.

    Parameters
    ----------
    n_places : int
        Number of places (>= 2).
    seed : int, optional
        Seed of the random generator; the same seed gives the same network.
    n_countries : int, optional
        Number of countries (default about ``n_places / 8``, at least 2, at most 676).
    rail_share : float
        Probability that a link is rail rather than road.
    terminal_share : float
        Share of the other places that get an inland terminal (a dry port handling road and
        rail; a random handling time and cost, or the defaults), where a container may change
        mode; ports handle road, rail and sea.
    p_gauge_island : float
        Probability that a rail link inside a country has the other gauge (1435 in a 1520
        country and vice versa), so that breaks of gauge away from borders occur.
    parallel_share : float
        Probability that a land link has both a road and a rail edge.
    p_crossing : float
        Probability that a link between two countries is kept as a border crossing.
    p_planned, p_closed : float
        Probability that a link (or crossing) is planned/under construction, or closed.
    p_one_way : float
        Probability that a link has only its forward edge.
    p_extra : float
        Probability, per place, of an extra land link to a random place (denser small graphs).
    port_share : float
        Share of places that are ports (at least two when ``n_places >= 4``).
    sea_links_per_port : int
        Sea links from each port to its nearest other ports.
    n_corridors : int
        Named corridors to add to ``G.graph["corridors"]`` (waypoints along random paths).
    bbox : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``.

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> G = random_network(50, seed=1)
    >>> G.number_of_nodes(), G.graph["crs"]
    (50, 'EPSG:4326')
    """
    if n_places < 2:
        raise ValueError("random_network needs n_places >= 2")
    rng = random.Random(seed)
    G = _graph(f"random-{n_places}-{seed}")
    cols = max(1, round(math.sqrt(n_places * 1.5)))
    rows = math.ceil(n_places / cols)
    if n_countries is None:
        n_countries = max(2, min(676, n_places // 8))
    n_countries = max(1, min(676, n_countries, n_places))
    bx = max(1, round(math.sqrt(n_countries * cols / max(rows, 1))))
    bx = min(bx, 676)
    by = max(1, min(math.ceil(n_countries / bx), 676 // bx))
    codes = _country_codes(bx * by)
    gauge = {c: rng.choices(GAUGES_MM, weights=(6, 3, 1))[0] for c in codes}
    min_lon, min_lat, max_lon, max_lat = bbox
    dlon = (max_lon - min_lon) / max(cols, 1)
    dlat = (max_lat - min_lat) / max(rows, 1)
    ids: list[str] = []
    grid: dict[tuple[int, int], str] = {}
    regions_by_side = {"west": "europe", "south": "south_asia", "east": "east_asia",
                       "north": "russia"}
    for i in range(n_places):
        r, c = divmod(i, cols)
        lon = min_lon + (c + 0.5 + rng.uniform(-0.3, 0.3)) * dlon
        lat = min_lat + (r + 0.5 + rng.uniform(-0.3, 0.3)) * dlat
        country = codes[min(by - 1, r * by // rows) * bx + min(bx - 1, c * bx // cols)]
        gateways = []
        if n_places > 20:
            if c == 0:
                gateways.append(regions_by_side["west"])
            if r == 0:
                gateways.append(regions_by_side["south"])
            if c == cols - 1:
                gateways.append(regions_by_side["east"])
            if r == rows - 1 or i >= n_places - cols:
                gateways.append(regions_by_side["north"])
        elif rng.random() < 0.3:
            gateways.append(rng.choice(REGIONS[:3]))
        pid = f"p{i}"
        _place(G, pid, f"Place {i}", country, round(lat, 5), round(lon, 5),
               gateway_for=gateways, aliases=(f"P{i}",))
        ids.append(pid)
        grid[r, c] = pid

    crossings = G.graph["crossings"]
    posts: set[str] = set()
    count = 0

    def status() -> str:
        x = rng.random()
        if x < p_closed:
            return LinkStatus.CLOSED.value
        if x < p_closed + p_planned:
            return rng.choice((LinkStatus.PLANNED.value, LinkStatus.UNDER_CONSTRUCTION.value))
        return LinkStatus.OPERATIONAL.value

    def crossing_status() -> str:
        x = rng.random()
        if x < p_closed:
            return CrossingStatus.CLOSED.value
        if x < p_closed + p_planned:
            return CrossingStatus.PLANNED.value
        if x < p_closed + p_planned + 0.1:
            return CrossingStatus.RESTRICTED.value
        return CrossingStatus.OPEN.value

    def maybe(value: float) -> float | None:
        return None if rng.random() < 0.3 else value

    def add(u: str, v: str, mode: str, *, extra: float = 1.0) -> None:
        nonlocal count
        count += 1
        nu, nv = G.nodes[u], G.nodes[v]
        cu, cv = nu["country"], nv["country"]
        gc = great_circle_km(nu["y"], nu["x"], nv["y"], nv["x"])
        dist = round(max(gc * rng.uniform(1.05, 1.4) * extra, 0.1), 1)
        lid = f"l{count}-{mode}"
        gauges: tuple[int, ...] = ()
        if mode == Mode.RAIL.value:
            gauges = tuple(sorted({gauge[cu], gauge[cv]}))
            if cu == cv and rng.random() < p_gauge_island:
                gauges = (1435,) if gauges == (1520,) else (1520,)
        kw: dict[str, Any] = {}
        if cu != cv:
            xid = f"x{count}-{mode}"
            is_sea = mode == Mode.SEA.value
            t = rng.uniform(2, 60) if not is_sea else rng.uniform(6, 30)
            cost = rng.uniform(50, 400)
            rec = BorderCrossing(
                xid, f"Crossing {count} ({mode})", mode, u, v, cu, cv,
                time_h_ab=maybe(round(t, 1)), time_h_ba=maybe(round(t * rng.uniform(0.7, 1.3), 1)),
                cost_usd_ab=maybe(round(cost)), cost_usd_ba=maybe(round(cost * 1.1)),
                gauge_change=mode == Mode.RAIL.value and gauge[cu] != gauge[cv],
                status=crossing_status(), estimate="synthetic")
            crossings[xid] = rec
            kw = {"crossing": xid, "time_ab": rec.time_h_ab, "time_ba": rec.time_h_ba,
                  "cost_ab": rec.cost_usd_ab, "cost_ba": rec.cost_usd_ba}
            if not is_sea:
                posts.update((u, v))
        if mode == Mode.SEA.value:
            kw["sailings_per_week"] = maybe(rng.choice((1.0, 2.0, 3.5, 7.0, 14.0)))
        _link(G, lid, u, v, mode, dist, gauge_mm=gauges, status=status(),
              two_way=rng.random() >= p_one_way, **kw)

    def land(u: str, v: str) -> None:
        if G.nodes[u]["country"] != G.nodes[v]["country"] and rng.random() >= p_crossing:
            return
        if rng.random() < parallel_share:
            modes = [Mode.ROAD.value, Mode.RAIL.value]
        else:
            modes = [Mode.RAIL.value if rng.random() < rail_share else Mode.ROAD.value]
        for mode in modes:
            add(u, v, mode)

    for (r, c), u in grid.items():
        for dr, dc in ((0, 1), (1, 0)):
            v = grid.get((r + dr, c + dc))
            if v is not None:
                land(u, v)
        if p_extra and rng.random() < p_extra:
            v = rng.choice(ids)
            if v != u:
                land(u, v)

    n_ports = max(2, round(n_places * port_share)) if n_places >= 4 else 0
    ports = sorted(rng.sample(ids, min(n_ports, n_places)), key=lambda p: int(p[1:]))
    for p in ports:
        G.nodes[p]["kind"] = PlaceKind.PORT.value
        G.nodes[p]["transshipment"] = {
            "type": TransshipmentType.SEAPORT.value, "modes": ("road", "rail", "sea"),
            "dwell_h": maybe(round(rng.uniform(6, 48), 1))}
    linked: set[frozenset[str]] = set()
    pos = {p: divmod(int(p[1:]), cols) for p in ports}
    cell = max(1, round(math.sqrt(n_places / max(len(ports), 1)) * 1.5))
    buckets: dict[tuple[int, int], list[str]] = {}
    for p in ports:
        buckets.setdefault((pos[p][0] // cell, pos[p][1] // cell), []).append(p)
    for p in ports:
        np_ = G.nodes[p]
        br, bc = pos[p][0] // cell, pos[p][1] // cell
        reach = 1
        while True:  # widen the window until it holds enough other ports
            cands = [q for dr in range(-reach, reach + 1) for dc in range(-reach, reach + 1)
                     for q in buckets.get((br + dr, bc + dc), ()) if q != p]
            if len(cands) >= sea_links_per_port or reach > rows + cols:
                break
            reach *= 2
        near = sorted((great_circle_km(np_["y"], np_["x"], G.nodes[q]["y"], G.nodes[q]["x"]), q)
                      for q in cands)
        for _, q in near[:sea_links_per_port]:
            pair = frozenset((p, q))
            if pair not in linked:
                linked.add(pair)
                add(p, q, Mode.SEA.value, extra=1.1)
    for p in posts:
        if G.nodes[p]["kind"] == PlaceKind.CITY.value:
            G.nodes[p]["kind"] = PlaceKind.BORDER_POST.value
    port_set = set(ports)
    for p in ids:
        if p not in port_set and rng.random() < terminal_share:
            G.nodes[p]["transshipment"] = {
                "type": TransshipmentType.DRY_PORT.value, "modes": ("rail", "road"),
                "dwell_h": None, "handling_h": maybe(round(rng.uniform(2, 24), 1)),
                "handling_usd": maybe(round(rng.uniform(30, 250)))}

    for i in range(n_corridors):
        if n_places < 3:
            break
        a, b = rng.sample(ids, 2)
        try:
            path = nx.dijkstra_path(G, a, b, weight=_distance_weight)
        except nx.NetworkXNoPath:
            continue
        if len(path) < 3:
            continue
        step = max(1, (len(path) - 1) // 4)
        wps = tuple(dict.fromkeys([*path[::step], path[-1]]))
        slots: list[tuple[str, ...]] = []
        for a, b in itertools.pairwise(path):
            xs = tuple(sorted({d["crossing"] for d in G[a][b].values() if d.get("crossing")}))
            if xs:
                slots.append(xs)
        if not slots:
            slots = [(wps[0],), (wps[-1],)]
        G.graph["corridors"][f"corridor-{i}"] = Corridor(
            f"corridor-{i}", f"Corridor {i}", aliases=(f"C{i}",), waypoints=wps,
            path=tuple(slots), estimate="synthetic")
    _random_emissions(G, seed)
    logger.debug("random_network: %d places, %d edges, %d crossings", G.number_of_nodes(),
                 G.number_of_edges(), len(crossings))
    return G


#: Ranges of random well-to-wheel intensities, g CO2e per tonne-km (about the data's classes).
_CO2E_RANGES = {"road": (60.0, 130.0), "rail": (5.0, 45.0), "sea": (25.0, 140.0)}


def _random_emissions(G: nx.MultiDiGraph, seed: int | None) -> None:
    """Give links and terminals random emission figures (a third keep the defaults).

    Drawn from a generator of their own, so the rest of the network is the same as before
    emissions existed for a given seed. Both directions of a link share its figures.
    """
    rng = random.Random(None if seed is None else f"{seed}-co2e")
    figures: dict[Any, tuple[float, float] | None] = {}
    for _, _, k, d in G.edges(keys=True, data=True):
        lid = d.get("link_id", k)
        if lid not in figures:
            low, high = _CO2E_RANGES[d["mode"]]
            wtw = round(rng.uniform(low, high), 2)
            figures[lid] = None if rng.random() < 0.3 else (wtw, round(wtw * rng.uniform(0, 0.9),
                                                                        2))
        got = figures[lid]
        if got is not None:
            d["co2e_g_tkm"], d["co2e_ttw_g_tkm"] = got
    for _, ts in G.nodes(data="transshipment"):
        if ts and rng.random() >= 0.3:
            ts["handling_kg_co2e"] = round(rng.uniform(1.0, 40.0), 2)
            ts["handling_ttw_kg_co2e"] = round(ts["handling_kg_co2e"] * rng.uniform(0, 1), 2)


def _distance_weight(u: str, v: str, d: dict[str, dict[str, Any]]) -> float | None:
    ok = [e["distance_km"] for e in d.values() if e["status"] == LinkStatus.OPERATIONAL.value]
    return min(ok) if ok else None
