"""Charts of routes: the UN ESCAP time/cost/emissions-distance chart and the trade-off chart.

* :func:`plot_time_distance` -- cumulative distance on x, cumulative hours, USD per TEU or
  kg CO2e per TEU on y; every border crossing, port call and change of mode is a vertical step
  (see :func:`time_distance_profile` for how a leg is split);
* :func:`plot_pareto` -- the trade-off between two objectives, non-dominated routes
  highlighted (:func:`dominated`).

Everything here is re-exported by :mod:`corridors.plot`, where it has always been.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from corridors.plot_base import (
    _CROSSING_EDGE,
    _LABEL_BOX,
    _PORT_EDGE,
    _TEXT,
    _TRANSFER_EDGE,
    ROUTE_COLORS,
    _as_routes,
    _default_title,
    _hours,
    _LabelPlacer,
    _legend_where_least_covered,
    _new_axes,
    _require,
    _ring,
    _settle,
    _short,
)
from corridors.plot_groups import (
    DEFAULT_HIGHLIGHT,
    OTHER_COLOR,
    _group_title,
    _others,
    _others_label,
    _subtitle,
    _wrap,
    group_routes,
)
from corridors.route import Route
from corridors.scoring import DEFAULT_COST_MODEL, CostModel

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["ProfileStep", "TimeDistanceProfile", "dominated", "plot_pareto",
           "plot_time_distance", "time_distance_profile"]

_MEASURES = {
    "time": ("time_h", "Cumulative time (hours)", "h"),
    "cost": ("cost_usd", "Cumulative cost (USD per TEU)", "USD"),
    "co2e": ("co2e_kg", "Cumulative emissions (kg CO2e per TEU, well-to-wheel)", "kg"),
}

_AXIS_LABELS = {
    "distance_km": "Distance (km)",
    "time_h": "Time (hours)",
    "time_days": "Time (days)",
    "cost_usd": "Cost (USD per TEU)",
    "co2e_kg": "Emissions (kg CO2e per TEU, well-to-wheel)",
    "co2e_ttw_kg": "Emissions (kg CO2e per TEU, tank-to-wheel)",
    "transfer_co2e_kg": "Emissions at terminals (kg CO2e per TEU)",
    "crossings": "Border crossings",
    "score": "Score (km-equivalent)",
    "sea_km": "Distance by sea (km)",
    "transshipments": "Changes of mode",
    "transfers": "Changes of mode",
    "gauge_breaks": "Gauge breaks",
    "planned_share": "Share of km on planned links",
}


def _tick_formatter(mticker: Any) -> Any:
    """Return a tick formatter with thousands separators and as many decimals as the step needs.

    ``f"{v:,.0f}"`` alone repeats labels on a narrow axis (days 10.5, 11.0, 11.5 as 10, 11,
    12); this one shows 10.5, 11.0, 11.5 and 1,000, 2,000 alike.
    """

    class _Formatter(mticker.Formatter):  # type: ignore[misc]
        decimals = 0

        def format_ticks(self, values: Sequence[float]) -> list[str]:
            steps = [b - a for a, b in pairwise(sorted(values)) if b - a > 0]
            step = min(steps) if steps else 1.0
            # a step of 0.5 needs one decimal, 0.25 two: the decimals of the step itself
            tol = 1e-9 * max(1.0, step)
            self.decimals = next((d for d in range(7) if abs(round(step, d) - step) < tol), 6)
            return [self(v) for v in values]

        def __call__(self, x: float, pos: int | None = None) -> str:
            text = f"{x:,.{self.decimals}f}"
            return text[1:] if text.startswith("-") and not text.strip("-0.,") else text

    return _Formatter()


def _check_measure(measure: str) -> None:
    if measure not in _MEASURES:
        choices = ", ".join(repr(m) for m in _MEASURES)
        raise ValueError(f"measure must be one of {choices}, got {measure!r}")


# --------------------------------------------------------------------------------------------
# Time/cost/emissions-distance chart
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProfileStep:
    """A vertical step of a time/cost/emissions-distance chart: the fixed part of one leg.

    Attributes
    ----------
    leg : int
        Index of the leg in :attr:`Route.legs` (0-based).
    distance_km : float
        Cumulative distance where the step stands: the start of the leg.
    start, height : float
        Cumulative hours (USD, kg CO2e) at the foot of the step, and the step itself.
    kind : str
        ``crossing`` (a border crossing, ferry crossings included), ``port`` (a sea leg within
        one country: port calls and sailing wait) or ``transfer`` (a change of mode only; with
        ``co2e`` every step is a ``transfer``: the handling at a terminal).
    label : str
        Crossing name, port name, ``place: mode → mode`` or ``place: change of gauge``.
    """

    leg: int
    distance_km: float
    start: float
    height: float
    kind: str
    label: str


@dataclass(frozen=True)
class TimeDistanceProfile:
    """The polyline of a time/cost/emissions-distance chart and its steps.

    See :func:`time_distance_profile`.

    Attributes
    ----------
    measure : str
        ``time`` (hours), ``cost`` (USD per TEU) or ``co2e`` (kg CO2e per TEU, well-to-wheel).
    x, y : tuple of float
        Vertices: cumulative km and cumulative hours, USD or kg CO2e; a step is two
        consecutive vertices with the same ``x``.
    running, fixed : tuple of float
        Per leg: the distance-proportional part and the fixed part (``running + fixed`` is the
        leg's ``time_h``, ``cost_usd`` or ``co2e_kg``).
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
        """The route's total hours, USD or kg CO2e."""
        return self.y[-1] if self.y else 0.0

    @property
    def fixed_share(self) -> float:
        """Share of the total spent standing (crossings, port calls, transfers).

        With ``co2e``: the share emitted by the handlings at terminals.
        """
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

    With ``measure="co2e"`` the profile is the route's well-to-wheel kg CO2e per TEU
    (``co2e_kg``): every leg runs at its own intensity (its ``co2e_kg`` less its
    ``transfer_co2e_kg``), and the handling at a terminal (``transfer_co2e_kg``, a change of
    mode or of rail gauge) is a step at the start of the leg it begins, like ``transfer_h`` for
    time. Waiting at borders and in ports emits nothing here, so crossings and port calls make
    no step. The cost model is not used.

    Parameters
    ----------
    route : Route
        A scored route.
    measure : {"time", "cost", "co2e"}
        Hours, USD per TEU or kg CO2e per TEU (well-to-wheel).
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
    _check_measure(measure)
    if measure == "co2e":
        return _co2e_profile(route)
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
    parts: list[tuple[float, float, str, str]] = []
    for i, leg in enumerate(route.legs):
        total = float(getattr(leg, attr))
        unit = per_km(leg.mode)
        run = total if unit is None else min(total, leg.distance_km * unit)
        fix = total - run
        if fix <= 1e-9 * max(1.0, abs(total)):
            fix, run = 0.0, total
        kind = label = ""
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
        parts.append((run, fix, kind, label))
    return _profile(measure, route, parts)


def _co2e_profile(route: Route) -> TimeDistanceProfile:
    """Return the emissions-distance profile: terminal handlings as steps, legs as slopes."""
    parts: list[tuple[float, float, str, str]] = []
    for i, leg in enumerate(route.legs):
        total = float(leg.co2e_kg)
        fix = min(max(float(leg.transfer_co2e_kg), 0.0), total)
        label = ""
        if fix > 0:
            prev = route.legs[i - 1].mode if i else ""
            place = leg.from_name or leg.from_place
            label = (f"{place}: change of gauge" if prev == leg.mode
                     else f"{place}: {prev} → {leg.mode}")
        parts.append((total - fix, fix, "transfer", label))
    return _profile("co2e", route, parts)


def _profile(measure: str, route: Route,
             parts: list[tuple[float, float, str, str]]) -> TimeDistanceProfile:
    """Assemble a profile from each leg's ``(running, fixed, step kind, step label)``.

    The fixed part is a vertical step at the start of the leg, the running part its slope.
    """
    xs, ys = [0.0], [0.0]
    steps = []
    cd = cy = 0.0
    for i, (leg, (run, fix, kind, label)) in enumerate(zip(route.legs, parts, strict=True)):
        if fix > 0:
            steps.append(ProfileStep(i, cd, cy, fix, kind, label))
            cy += fix
            xs.append(cd)
            ys.append(cy)
        cd += leg.distance_km
        cy += run
        xs.append(cd)
        ys.append(cy)
    return TimeDistanceProfile(measure, tuple(xs), tuple(ys), tuple(p[0] for p in parts),
                               tuple(p[1] for p in parts), tuple(steps))


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
    highlight: int | None = DEFAULT_HIGHLIGHT,
) -> tuple[Figure, Axes]:
    """Draw the UN ESCAP time/cost-distance chart (or its emissions twin) of one or several routes.

    Cumulative distance is on x, cumulative hours (``measure="time"``), USD per TEU
    (``measure="cost"``) or well-to-wheel kg CO2e per TEU (``measure="co2e"``) on y, one line
    per route. Along a leg the line slopes (the running
    time or cost); every border crossing, port call and change of mode is a vertical step at
    the cumulative distance where it happens, marked by a symbol (circle: border crossing,
    triangle: port call and sailing wait of a domestic sea leg, square: change of mode) and
    labelled with its name and size where the label fits. See :func:`time_distance_profile`
    for how a leg is split into its slope and its step. On the emissions chart the only steps
    are the handlings at terminals (changes of mode and of rail gauge): waiting emits nothing.
    Routes are grouped by corridor as on :func:`plot_routes`: the best ``highlight`` groups
    in colour with their steps marked and named, the other routes thin and grey.

    Parameters
    ----------
    routes : Route or iterable of Route
        One route, or several (best first).
    measure : {"time", "cost", "co2e"}
        What the y axis accumulates.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure.
    labels : sequence of str, optional
        Legend title of each route; routes with the same label are one group.
    colors : sequence of str, optional
        Group colours (default :data:`ROUTE_COLORS`).
    title : str, optional
        Axes title (default ``Time-distance: Origin → Destination``); ``""`` for none.
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
    highlight : int or None
        Number of corridor groups drawn in colour (default 4); None for all of them.

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)
        Each route is one :class:`~matplotlib.lines.Line2D` with ``gid`` ``"route-<rank>"``
        and its corridor group's title as its label; its data are
        :func:`time_distance_profile`'s.

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
    _check_measure(measure)
    _, ylabel, unit = _MEASURES[measure]
    own = ax is None
    fig, ax = _new_axes(ax, figsize)
    groups = group_routes(routes, labels=labels, highlight=highlight, colors=colors)
    numbered = labels is None and len(groups) > 1
    lit = [g for g in groups if g.highlighted]
    shown = sorted(i for g in lit for i in g.members)
    colour_of = {i: g.color for g in lit for i in g.members}
    group_of = {i: g for g in groups for i in g.members}
    profiles = [time_distance_profile(r, measure, cost_model=cost_model) for r in routes]

    n = len(routes)
    for i, p in enumerate(profiles):
        label = _group_title(group_of[i], numbered).replace("\n", " ")
        if i in colour_of:
            ax.plot(p.x, p.y, color=colour_of[i], lw=2.2, solid_joinstyle="miter", label=label,
                    gid=f"route-{i + 1}", zorder=5 + n - i)
        else:
            ax.plot(p.x, p.y, color=OTHER_COLOR, lw=1.2, alpha=0.55, solid_joinstyle="miter",
                    label=label, gid=f"route-{i + 1}", zorder=4)
    for i in shown:
        p = profiles[i]
        for kind, (marker, edge, _) in _STEP_MARKERS.items():
            pts = [(s.distance_km, s.start + s.height / 2) for s in p.steps if s.kind == kind]
            if pts:
                ax.scatter(*zip(*pts, strict=True), marker=marker, s=30, facecolor="white",
                           edgecolor=edge, linewidth=1.4, zorder=20 + n - i)

    xmax = max(p.x[-1] for p in profiles) or 1.0
    ymax = max(p.total for p in profiles) or 1.0
    ax.set_xlim(0, xmax * 1.02)
    ax.set_ylim(0, ymax * 1.06)
    ax.set_xlabel("Cumulative distance (km)", fontsize=11)
    ax.set_ylabel(ylabel, fontsize=11)
    ax.tick_params(labelsize=9.5)
    ax.xaxis.set_major_formatter(_tick_formatter(mticker))
    ax.yaxis.set_major_formatter(_tick_formatter(mticker))
    ax.grid(True, color="#DDDDDD", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if measure == "time" and days:
        sec = ax.secondary_yaxis("right", functions=(lambda h: h / 24.0, lambda d: d * 24.0))
        sec.set_ylabel("Cumulative time (days)", fontsize=10, color="#666666")
        sec.tick_params(labelsize=9, colors="#666666")
    if title is None:
        what = {"time": "Time", "cost": "Cost", "co2e": "Emissions"}[measure]
        title = f"{what}-distance: {_default_title(routes)}"
        sub = _subtitle(routes, groups)
        if sub:
            ax.set_title(sub, fontsize=8.5, loc="right", color="#666666")
    if title:
        ax.set_title(title, fontsize=13, fontweight="bold", loc="left", color=_TEXT)

    leg_artist = None
    if legend:
        handles: list[Any] = []
        for g in lit:
            r = routes[g.best]
            if measure == "time":
                tot = _hours(r.time_h)
            elif measure == "cost":
                tot = f"{r.cost_usd:,.0f} USD/TEU"
            else:
                tot = f"{r.co2e_kg:,.0f} kg CO2e/TEU"
            handles.append(mlines.Line2D([], [], color=g.color, lw=2.4,
                                         label=f"{_group_title(g, numbered, 60)}: "
                                               f"{r.distance_km:,.0f} km, {tot}"))
        others = _others(groups)
        if others:
            handles.append(mlines.Line2D([], [], color=OTHER_COLOR, lw=1.4, alpha=0.55,
                                         label=_others_label(len(others))))
        kinds = {s.kind for i in shown for s in profiles[i].steps}
        for kind, (marker, edge, text) in _STEP_MARKERS.items():
            if measure == "co2e" and kind == "transfer":
                text = "handling at a terminal"
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
        for i in shown:
            p = profiles[i]
            placer.add_line(list(zip(p.x, p.y, strict=True)))
            placer.add_points([(s.distance_km, s.start + s.height / 2) for s in p.steps], 4)
        threshold = min_label_share * ymax
        cands = []
        for i in shown:
            for s in profiles[i].steps:
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
                         "distance_km, time_h, time_days, cost_usd, co2e_kg, co2e_ttw_kg, "
                         "crossings, score, sea_km, or a callable")
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
    highlight: int | None = 6,
    colors: Sequence[str] | None = None,
) -> tuple[Figure, Axes]:
    """Draw the trade-off between two objectives; highlight the non-dominated routes.

    Both objectives are minimised. A route is dominated when another is at least as good on
    both and strictly better on one; the non-dominated routes are drawn solid and joined by
    the staircase of the front, the dominated ones faded. Routes are grouped by corridor as on
    :func:`plot_routes`: a point has its group's colour (grey beyond the best ``highlight``
    groups, the groups with a non-dominated route first) and a short tag, ``#rank`` of its
    group, whose full name is in the legend. With ``labels`` the points are named by them
    instead, the non-dominated ones in ``color``. Tags never overlap each other, the points or
    the legend, and are left out where there is no room.

    Parameters
    ----------
    routes : Route or iterable of Route
        The routes to compare (e.g. :func:`~corridors.routing.pareto_front`,
        :func:`~corridors.routing.alternatives` or :func:`~corridors.routing.compare_corridors`).
    x, y : str or callable
        Route measures: an attribute name (``distance_km``, ``time_h``, ``cost_usd``,
        ``co2e_kg``, ``co2e_ttw_kg``, ``crossings``, ``score``, ``sea_km``), ``time_days``,
        ``transfers``, ``gauge_breaks``, or a function of a route. Time against emissions
        (``x="time_days", y="co2e_kg"``) shows what a faster corridor costs the climate.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure.
    labels : sequence of str, optional
        Point labels (default the ``#rank`` of the point's corridor group, named in the
        legend); points with the same label are one group.
    title, xlabel, ylabel : str, optional
        Texts (defaults: ``Trade-off: Origin → Destination``, the measures with their units).
    color : str
        Colour of the staircase of the front and of the first group.
    figsize : (float, float)
        Size of a new figure in inches.
    highlight : int or None
        Number of corridor groups in colour (default 6); None for all of them.
    colors : sequence of str, optional
        Group colours (default :data:`ROUTE_COLORS`, ``color`` first).

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
    mlines = _require("matplotlib.lines", "charts")
    own = ax is None
    fig, ax = _new_axes(ax, figsize)
    palette = list(colors) if colors else [color, *(c for c in ROUTE_COLORS if c != color)]
    pts = [(_value(r, x), _value(r, y)) for r in routes]
    dom = dominated(pts)
    groups = group_routes(routes, labels=labels, highlight=highlight, colors=palette,
                          prefer=[i for i, d in enumerate(dom) if not d])
    group_of = {i: g for g in groups for i in g.members}
    if labels is None:
        face = [group_of[i].color or OTHER_COLOR for i in range(len(routes))]
    else:  # the points are named: one colour for the front, grey for the dominated
        face = [OTHER_COLOR if d else color for d in dom]
    front = [i for i, d in enumerate(dom) if not d]
    faded = [i for i, d in enumerate(dom) if d]

    if faded:
        ax.scatter([pts[i][0] for i in faded], [pts[i][1] for i in faded], s=55,
                   color=[face[i] for i in faded], alpha=0.35, edgecolor="none",
                   gid="pareto-dominated", zorder=3)
    order = sorted(front, key=lambda i: pts[i])
    if len(order) > 1:
        ax.step([pts[i][0] for i in order], [pts[i][1] for i in order], where="post",
                color=color, lw=1.2, alpha=0.6, ls="--", zorder=4)
    ax.scatter([pts[i][0] for i in front], [pts[i][1] for i in front], s=80,
               color=[face[i] for i in front], edgecolor="white", linewidth=1.2,
               gid="pareto-front", zorder=5)

    ax.set_xlabel(xlabel or _measure_name(x), fontsize=11)
    ax.set_ylabel(ylabel or _measure_name(y), fontsize=11)
    ax.tick_params(labelsize=9.5)
    for axis, v in ((ax.xaxis, x), (ax.yaxis, y)):
        if v in _INTEGRAL:
            axis.set_major_locator(mticker.MaxNLocator(integer=True))
        axis.set_major_formatter(_tick_formatter(mticker))
    ax.grid(True, color="#E3E3E3", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.margins(0.12)
    if title is None:
        title = f"Trade-off: {_default_title(routes)}"
        sub = _subtitle(routes, groups)
        if sub:
            ax.set_title(sub, fontsize=8.5, loc="right", color="#666666")
    if title:
        ax.set_title(title, fontsize=13, fontweight="bold", loc="left", color=_TEXT)
    stairs = [pts[order[0]]] if order else []
    for a, b in pairwise(order):
        stairs += [(pts[b][0], pts[a][1]), pts[b]]

    handles: list[Any] = []
    if labels is None and len(groups) > 1:
        for g in groups:
            if g.highlighted:
                handles.append(mlines.Line2D([], [], ls="", marker="o", ms=7, mfc=g.color,
                                             mec="white", label=_group_title(g, True, 52)))
        rest = _others(groups)
        if rest:
            handles.append(mlines.Line2D([], [], ls="", marker="o", ms=7, mfc=OTHER_COLOR,
                                         mec="white", label=_others_label(len(rest))))
    if len(order) > 1:
        handles.append(mlines.Line2D([], [], color=color, lw=1.2, alpha=0.6, ls="--",
                                     label="Pareto front (non-dominated)"))
    if faded:
        handles.append(mlines.Line2D([], [], ls="", marker="o", ms=6, mfc="#9A9A9A",
                                     mec="none", alpha=0.35, label="dominated (faded)"))
    # the corner that hides no route ("best" lets a point slip under the legend's edge)
    leg_artist = None
    if handles:
        leg_artist = _legend_where_least_covered(
            ax, [stairs], pts, grow=own, handles=handles, fontsize=8.5, frameon=True,
            framealpha=0.92, edgecolor="#CCCCCC")

    _settle(fig)
    placer = _LabelPlacer(ax)
    if leg_artist is not None:
        placer.add_artist(leg_artist)
    placer.add_points(pts, radius=6)
    placer.add_line(stairs)

    def tag(i: int) -> str:
        return _wrap(labels[i], 28) if labels is not None else f"#{group_of[i].rank}"

    for idx, size, colour, z in ((front, 8.5, _TEXT, 40), (faded, 7.5, "#8A8A8A", 39)):
        by_point: dict[tuple[float, float], list[str]] = {}
        for i in idx:
            text = tag(i)
            if text not in by_point.setdefault(pts[i], []):
                by_point[pts[i]].append(text)
        for xy, texts in by_point.items():
            sep = "\n" if labels is not None else ", "
            placer.place(xy, sep.join(texts), _ring((8, 16, 28)), leader=True, fontsize=size,
                         color=colour, zorder=z, bbox=_LABEL_BOX if z == 40 else None)
    return fig, ax


_INTEGRAL = ("crossings", "transfers", "transshipments", "gauge_breaks")


def _measure_name(v: str | Callable[[Route], float]) -> str:
    """Return the axis label of a measure, with its unit."""
    if isinstance(v, str):
        return _AXIS_LABELS.get(v, v)
    name = getattr(v, "__name__", "")
    return name if name and not name.startswith("<") else "value"
