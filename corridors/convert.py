"""Tables and GeoDataFrames of the network (pandas / geopandas imported on demand)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from corridors._optional import require
from corridors.network import check_graph

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

__all__ = ["crossings_frame", "links_gdf", "places_frame", "places_gdf"]

_PLACE_COLUMNS = ("name", "country", "kind", "y", "x", "gateway_for", "aliases", "source",
                  "estimate", "note")


def _join(value: Any) -> Any:
    return "|".join(map(str, value)) if isinstance(value, tuple) else value


def places_frame(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Return the places as a pandas DataFrame indexed by id (``lat``/``lon`` columns).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A network from :func:`corridors.load_network`.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ArgumentTypeError
        If ``G`` is not a network graph.
    """
    check_graph(G, "places_frame")
    pd = require("pandas", "tables of places", extra="geo")
    rows = []
    for node, data in G.nodes(data=True):
        row = {"id": node}
        for col in _PLACE_COLUMNS:
            row[{"y": "lat", "x": "lon"}.get(col, col)] = _join(data.get(col))
        ts = data.get("transshipment")
        row["transshipment"] = ts["type"] if ts else None
        row["dwell_h"] = ts["dwell_h"] if ts else None
        rows.append(row)
    columns = ["id", *({"y": "lat", "x": "lon"}.get(c, c) for c in _PLACE_COLUMNS),
               "transshipment", "dwell_h"]
    return pd.DataFrame(rows, columns=columns).set_index("id").sort_index()


def crossings_frame(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Return the border crossings as a pandas DataFrame indexed by id.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A network from :func:`corridors.load_network`.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ArgumentTypeError
        If ``G`` is not a network graph.
    """
    from dataclasses import asdict, fields

    from corridors.model import BorderCrossing

    check_graph(G, "crossings_frame")
    pd = require("pandas", "tables of border crossings", extra="geo")
    records = (G.graph.get("crossings") or {}).values()
    rows = [{k: _join(v) for k, v in asdict(c).items()} for c in records]
    return pd.DataFrame(rows, columns=[f.name for f in fields(BorderCrossing)]
                        ).set_index("id").sort_index()


def places_gdf(G: nx.MultiDiGraph) -> gpd.GeoDataFrame:
    """Return the places as a GeoDataFrame of points (EPSG:4326) indexed by id.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A network from :func:`corridors.load_network`.

    Returns
    -------
    geopandas.GeoDataFrame

    Raises
    ------
    ArgumentTypeError
        If ``G`` is not a network graph.
    """
    check_graph(G, "places_gdf")
    gpd = require("geopandas", "GeoDataFrames of places")
    df = places_frame(G)
    geometry = gpd.points_from_xy(df["lon"], df["lat"], crs=G.graph.get("crs", "EPSG:4326"))
    return gpd.GeoDataFrame(df, geometry=geometry)


def links_gdf(G: nx.MultiDiGraph) -> gpd.GeoDataFrame:
    """Return one row per link (not per direction) with a line following its waypoints.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A network from :func:`corridors.load_network`.

    Returns
    -------
    geopandas.GeoDataFrame
        Indexed by link id, EPSG:4326, with ``from``, ``to``, ``mode``, ``distance_km``,
        ``gauge_mm``, ``status``, ``crossing``, ``two_way`` and provenance columns.

    Raises
    ------
    ArgumentTypeError
        If ``G`` is not a network graph.
    """
    check_graph(G, "links_gdf")
    gpd = require("geopandas", "GeoDataFrames of links")
    from shapely.geometry import LineString

    rows: dict[str, dict[str, Any]] = {}
    geoms: dict[str, Any] = {}
    for u, v, data in G.edges(data=True):
        link_id = data["link_id"]
        if data.get("reverse"):
            if link_id in rows:
                rows[link_id]["two_way"] = True
            continue
        rows[link_id] = {
            "id": link_id, "from": u, "to": v, "mode": data["mode"],
            "distance_km": data["distance_km"], "gauge_mm": _join(data["gauge_mm"]),
            "status": data["status"], "status_year": data["status_year"],
            "crossing": data["crossing"], "transit": _join(data.get("transit") or ()),
            "sailings_per_week": data["sailings_per_week"],
            "two_way": G.has_edge(v, u, key=link_id), "source": _join(data["source"]),
            "estimate": data["estimate"], "note": data["note"],
        }
        points = [(G.nodes[u]["x"], G.nodes[u]["y"])]
        points += [(lon, lat) for lat, lon in data["waypoints"]]
        points.append((G.nodes[v]["x"], G.nodes[v]["y"]))
        geoms[link_id] = LineString(points)
    order = sorted(rows)
    return gpd.GeoDataFrame(
        [rows[k] for k in order],
        geometry=[geoms[k] for k in order],
        crs=G.graph.get("crs", "EPSG:4326"),
    ).set_index("id")
