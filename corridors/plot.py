"""Maps and charts of routes: static and interactive maps, distance profiles, trade-off charts.

Four functions tell the corridor story of one or several :class:`~corridors.route.Route`
objects (a single route, a list, or a :class:`~corridors.route.RouteList` from
:func:`~corridors.routing.alternatives`, :func:`~corridors.routing.pareto_front` or
:func:`~corridors.routing.compare_corridors`):

* :func:`plot_routes` -- a static map: the routes in their own colours over the network drawn
  faintly, border crossings and changes of mode marked and named, country outlines behind;
* :func:`explore_routes` -- the same as an interactive Leaflet map (folium), with a tooltip per
  leg and per crossing, optionally saved as a standalone HTML file; with ``offline=True`` an
  :class:`OfflineMap`, one HTML page that loads nothing from the internet (inline SVG);
* :func:`plot_time_distance` -- the UN ESCAP time/cost-distance chart: cumulative distance on
  x, cumulative hours, USD per TEU or kg CO2e per TEU on y; every border crossing, port call and
  change of mode is a vertical step (see :func:`time_distance_profile` for how a leg is split);
* :func:`plot_pareto` -- the trade-off between two objectives, non-dominated routes highlighted.

Many routes stay readable: every function groups the routes by corridor
(:func:`group_routes`: the same border crossings and sea links, or the same named corridor),
draws the best few groups (``highlight=``) in the colours of :data:`ROUTE_COLORS` and the
other routes in one grey with a single legend entry (``+14 other routes``). Every plot has a
title derived from the routes (``title=`` to change it) and axis labels with units.

The static plots return ``(fig, ax)`` and draw into ``ax=`` when given. matplotlib, geopandas
and folium are imported inside the functions, so importing this module (and ``corridors``)
stays light; matplotlib and folium come with the ``plot`` extra (``pip install
corridors[plot]``).

Maps are drawn in longitude/latitude with the aspect ``1 / cos(mid latitude)``: close to
conformal at the map's centre over the region (40-55 degrees N), with readable degree ticks.
Country outlines are the Natural Earth 1:110m polygons of ``countries.geojson`` in the built-in
data directory (:func:`corridors.resources.builtin_data_dir`); they cover the network's
countries and their neighbours only, and the map is drawn without them if the file is missing.

The code lives in modules by job, all re-exported here (import from ``corridors.plot``):
:mod:`corridors.plot_maps` (the two maps), :mod:`corridors.plot_offline` (the offline page),
:mod:`corridors.plot_charts` (the two charts), :mod:`corridors.plot_groups` (grouping by
corridor) and :mod:`corridors.plot_base` (colours, titles, label placement and legend).
"""

from __future__ import annotations

from corridors.plot_base import (  # noqa: F401  (private helpers re-exported for old imports)
    _CROSSING_EDGE,
    _LABEL_BOX,
    _LAND,
    _LEGEND_LOCS,
    _NETWORK,
    _PORT_EDGE,
    _TEXT,
    _TRANSFER_EDGE,
    ROUTE_COLORS,
    _as_routes,
    _clipped_length,
    _colors,
    _default_title,
    _hours,
    _LabelPlacer,
    _legend_where_least_covered,
    _new_axes,
    _overlap,
    _require,
    _ring,
    _route_titles,
    _seg_hits_box,
    _settle,
    _short,
    _totals_line,
    logger,
)
from corridors.plot_charts import (  # noqa: F401
    _AXIS_LABELS,
    _MEASURES,
    _STEP_MARKERS,
    ProfileStep,
    TimeDistanceProfile,
    _value,
    dominated,
    plot_pareto,
    plot_time_distance,
    time_distance_profile,
)
from corridors.plot_flows import explore_flows, plot_flows, plot_utilisation
from corridors.plot_groups import OTHER_COLOR, RouteGroup, group_routes
from corridors.plot_maps import (  # noqa: F401
    _countries,
    _countries_path,
    _deg,
    _draw_countries,
    _draw_network,
    _extent,
    _html_table,
    _map_axes,
    _network_layer,
    _route_points,
    explore_routes,
    plot_routes,
)
from corridors.plot_offline import OfflineMap

__all__ = [
    "OTHER_COLOR",
    "ROUTE_COLORS",
    "OfflineMap",
    "ProfileStep",
    "RouteGroup",
    "TimeDistanceProfile",
    "dominated",
    "explore_flows",
    "explore_routes",
    "group_routes",
    "plot_flows",
    "plot_pareto",
    "plot_routes",
    "plot_time_distance",
    "plot_utilisation",
    "time_distance_profile",
]
