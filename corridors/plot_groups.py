"""Group routes by corridor so that a plot of many routes stays readable.

A Pareto front or a long list of alternatives often holds several routes through the same
border crossings (variants inside one country) and many corridors in all. Drawn one colour per
route they make a rainbow band with a legend of twenty entries. The plots of
:mod:`corridors.plot` therefore group the routes (:func:`group_routes`): routes with the same
corridor signature (their border crossings and sea links in order,
:attr:`~corridors.route.Route.signature`) or the same named corridor are one group, labelled by
the corridor's name or its countries and the crossings that tell it apart
(``KZ>UZ>TM>AZ>GE>TR via Turkmenbashi–Alat``). The best few groups get a colour of
:data:`~corridors.plot_base.ROUTE_COLORS`; the others are drawn in one grey behind them, with a
single legend entry (``+14 other routes``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from corridors.plot_base import ROUTE_COLORS, _short
from corridors.route import Route

__all__ = ["OTHER_COLOR", "RouteGroup", "group_routes"]

#: Colour of the routes outside the highlighted groups.
OTHER_COLOR = "#8C8C8C"

#: Default number of groups drawn in colour.
DEFAULT_HIGHLIGHT = 4


@dataclass(frozen=True)
class RouteGroup:
    """Routes of one corridor, as a plot draws them.

    Attributes
    ----------
    rank : int
        1 for the group of the best route, then in the order of each group's best route.
    label : str
        The corridor's name, or its countries and the crossings that tell it apart, or the
        caller's label (unwrapped).
    members : tuple of int
        Indices of the group's routes in the list drawn, best first.
    color : str or None
        The group's colour; None for a group drawn grey among the other routes.
    """

    rank: int
    label: str
    members: tuple[int, ...]
    color: str | None

    @property
    def best(self) -> int:
        """Index of the group's best route."""
        return self.members[0]

    @property
    def highlighted(self) -> bool:
        """Whether the group is drawn in its own colour."""
        return self.color is not None


def _key(route: Route, label: str | None, ends: bool) -> Hashable:
    if label is not None:
        return ("label", label)
    where = (route.origin, route.destination) if ends else ()
    if route.corridor:
        return ("corridor", route.corridor, where)
    return ("signature", route.signature, where)


def _crossing_names(route: Route) -> list[tuple[str, str]]:
    """Return ``(id, short name)`` of the route's border crossings, in order."""
    return [(x.id, _short(x.name)) for x in route.border_crossings]


def _sea_ids(route: Route) -> set[str]:
    return {leg.crossing for leg in route.legs if leg.mode == "sea" and leg.crossing}


def _labels(routes: Sequence[Route], bests: Sequence[int]) -> list[str]:
    """Return a label per group (given by the index of its best route)."""
    reps = [routes[i] for i in bests]
    if len(reps) == 1:
        r = reps[0]
        return [r.label.replace(" -> ", " → ")]
    chains = [">".join(r.countries) for r in reps]
    same_start = len({r.origin for r in reps}) == 1
    same_end = len({r.destination for r in reps}) == 1
    out = []
    for r, chain in zip(reps, chains, strict=True):
        if r.corridor:
            text = f"{r.corridor} ({chain})" if chain else r.corridor
        else:
            twins = [o for o, c in zip(reps, chains, strict=True) if c == chain and not o.corridor]
            common = set.intersection(*({x for x, _ in _crossing_names(o)} for o in twins))
            sea = _sea_ids(r)
            keep = [name for xid, name in _crossing_names(r)
                    if xid in sea or (len(twins) > 1 and xid not in common)]
            keep = list(dict.fromkeys(keep))
            text = chain or "domestic"
            if keep:
                text += " via " + ", ".join(keep)
        if not same_start:
            text += f" from {r.origin_name or r.origin}"
        if not same_end:
            text += f" → {r.destination_name or r.destination}"
        out.append(text)
    return out


def group_routes(routes: Sequence[Route], *, labels: Sequence[str] | None = None,
                 highlight: int | None = DEFAULT_HIGHLIGHT,
                 colors: Sequence[str] | None = None,
                 prefer: Iterable[int] = ()) -> list[RouteGroup]:
    """Group routes by corridor and choose the groups drawn in colour.

    Parameters
    ----------
    routes : sequence of Route
        The routes, best first.
    labels : sequence of str, optional
        A label per route; routes with the same label are one group.
    highlight : int or None
        Number of groups drawn in colour; the others are grey (:data:`OTHER_COLOR`). Without
        ``labels`` the best groups through different sequences of countries come first (two
        variants of one corridor that differ by a border post look alike), then the next
        best. None: every group in colour (the palette repeats).
    colors : sequence of str, optional
        The palette (default :data:`~corridors.plot_base.ROUTE_COLORS`).
    prefer : iterable of int
        Indices of routes whose groups are coloured before the others (the non-dominated
        routes of a trade-off chart).

    Returns
    -------
    list of RouteGroup
        In rank order.

    Examples
    --------
    >>> from corridors.synthetic import tiny_network
    >>> from corridors.routing import alternatives
    >>> routes = alternatives(tiny_network(), "a1", "c2", 3, include_planned=True)
    >>> [(g.rank, g.members, g.highlighted) for g in group_routes(routes, highlight=1)]
    [(1, (0,), True), (2, (1,), False)]
    """
    if labels is not None:
        labels = [str(x) for x in labels]
        if len(labels) != len(routes):
            raise ValueError(f"labels has {len(labels)} entries for {len(routes)} routes")
    if highlight is not None and highlight < 0:
        raise ValueError(f"highlight must be a number of groups >= 0 or None, got {highlight}")
    ends = len({(r.origin, r.destination) for r in routes}) > 1
    members: dict[Hashable, list[int]] = {}
    for i, r in enumerate(routes):
        members.setdefault(_key(r, None if labels is None else labels[i], ends), []).append(i)
    order = list(members.values())
    names = ([labels[m[0]] for m in order] if labels is not None
             else _labels(routes, [m[0] for m in order]))
    palette = list(colors) if colors else list(ROUTE_COLORS)
    wanted = set(prefer)
    first = [g for g, idx in enumerate(order) if wanted & set(idx)]
    lit = _choose(routes, order, highlight, by_countries=labels is None, first=first)
    out = []
    for g, (idx, name) in enumerate(zip(order, names, strict=True)):
        colour = palette[lit.index(g) % len(palette)] if g in lit else None
        out.append(RouteGroup(g + 1, name, tuple(idx), colour))
    return out


def _choose(routes: Sequence[Route], order: Sequence[Sequence[int]], highlight: int | None,
            *, by_countries: bool, first: Sequence[int] = ()) -> list[int]:
    """Return the indices of the groups drawn in colour, in rank order.

    The ``first`` groups before the others; among them the best groups through different
    countries first (two variants of one corridor that differ by a border post look alike on
    a map), then the next best to fill ``highlight``.
    """
    n = len(order)
    if highlight is None or highlight >= n:
        return list(range(n))
    chosen: list[int] = []
    seen: set[tuple[str, ...]] = set()
    for tier in (list(first), [g for g in range(n) if g not in first]):
        if by_countries:
            for g in tier:
                chain = routes[order[g][0]].countries
                if chain not in seen and len(chosen) < highlight:
                    chosen.append(g)
                    seen.add(chain)
        for g in tier:
            if len(chosen) < highlight and g not in chosen:
                chosen.append(g)
                seen.add(routes[order[g][0]].countries)
    return sorted(chosen)


def _others(groups: Sequence[RouteGroup]) -> list[int]:
    """Return the indices of the routes outside the highlighted groups, in order."""
    return sorted(i for g in groups if not g.highlighted for i in g.members)


def _others_label(n: int) -> str:
    return f"+{n} other route{'s' if n != 1 else ''}"


def _wrap(text: str, width: int = 46) -> str:
    """Wrap a label on spaces (never cut it); each line at most ``width`` where possible."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False,
                                   break_on_hyphens=False)) or text


def _group_title(g: RouteGroup, numbered: bool, width: int = 46) -> str:
    """Return the legend title of a group: ``#rank label (n routes)``, wrapped."""
    text = f"#{g.rank} {g.label}" if numbered else g.label
    if len(g.members) > 1:
        text += f" ({len(g.members)}\u00a0routes)"  # no break inside
    return _wrap(text, width)


_OBJECTIVE_NAMES = {
    "generalized": "generalized cost", "fastest": "fastest", "time": "fastest",
    "cheapest": "cheapest", "cost": "cheapest", "shortest": "shortest", "distance": "shortest",
    "fewest_crossings": "fewest crossings", "crossings": "fewest crossings",
    "lowest_co2e": "lowest CO2e", "co2e": "lowest CO2e",
    "generalized_co2": "generalized cost with CO2e",
}


def _subtitle(routes: Sequence[Route], groups: Sequence[RouteGroup]) -> str:
    """Return the small line beside a default title: how many routes, corridors, objective."""
    parts = []
    if len(routes) > 1:
        parts.append(f"{len(routes)} routes")
        if len(groups) != len(routes):
            parts.append(f"{len(groups)} corridors")
    objectives = {r.objective for r in routes}
    if len(objectives) == 1:
        obj = objectives.pop()
        parts.append(f"objective: {_OBJECTIVE_NAMES.get(obj, str(obj).replace('_', ' '))}")
    return " · ".join(parts)
