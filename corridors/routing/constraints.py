"""Routing constraints as edge filters and weight callables -- never copies of the graph.

A :class:`Constraints` object says which edges a route may use (modes, statuses, avoided
countries, places, crossings and links, a maximum number of crossings). :func:`compile_weight`
turns it and an objective into a :class:`Weight`: a networkx weight callable (``w(u, v, d)``
with ``d`` the dict of parallel edges, returning the best admitted edge's score, or None to hide
the pair) that also names the best parallel edge. :func:`constrained_view` gives the same
filter as a read-only :func:`networkx.subgraph_view`. The input graph is never modified.

Status rules: by default only ``operational`` links, and crossings whose status is ``open`` or
``restricted``, are used; ``include_planned=True`` also admits ``under_construction`` and
``planned`` links and ``planned`` crossings; ``closed`` links and crossings are always excluded.
A link without a status counts as operational; a crossing id without a record counts as open.
"""

from __future__ import annotations

import logging
import numbers
import re
import weakref
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from corridors.errors import ArgumentTypeError, ConstraintError, shorten
from corridors.model import CrossingStatus, LinkStatus, Mode
from corridors.scoring import (
    DEFAULT_COST_MODEL,
    CostModel,
    ScoreWeights,
    check_cost_model,
    edge_class,
    edge_terms_function,
    resolve_objective,
    transfer_function,
)

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "CONSTRAINT_OPTIONS",
    "Constraints",
    "Weight",
    "check_countries",
    "compile_weight",
    "constrained_view",
    "constrained_weight",
    "make_constraints",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

_OPERATIONAL = LinkStatus.OPERATIONAL.value
_LINKS_DEFAULT = frozenset({_OPERATIONAL})
_LINKS_PLANNED = frozenset({_OPERATIONAL, LinkStatus.UNDER_CONSTRUCTION.value,
                            LinkStatus.PLANNED.value})
_CROSSINGS_DEFAULT = frozenset({CrossingStatus.OPEN.value, CrossingStatus.RESTRICTED.value})
_CROSSINGS_PLANNED = _CROSSINGS_DEFAULT | {CrossingStatus.PLANNED.value}
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Constraints:
    """What a route may use. Build it with :func:`make_constraints` to validate names.

    Attributes
    ----------
    modes : frozenset of str or None
        Allowed modes (None: all).
    avoid_countries : tuple of str
        ISO codes; no edge may touch a place of these countries.
    avoid_places : tuple of str
        Place ids no edge may touch.
    avoid_crossings : tuple of str
        Crossing ids not to use.
    avoid_links : tuple of str
        Link ids not to use.
    max_crossings : int or None
        Most border crossings a route may make.
    include_planned : bool
        Also use planned and under-construction links and planned crossings.
    date : datetime.date or None
        The day of travel: links and crossings that a fixed season closes that day are not
        used (:mod:`corridors.seasons`).
    """

    modes: frozenset[str] | None = None
    avoid_countries: tuple[str, ...] = ()
    avoid_places: tuple[Hashable, ...] = ()
    avoid_crossings: tuple[str, ...] = ()
    avoid_links: tuple[str, ...] = ()
    max_crossings: int | None = None
    include_planned: bool = False
    date: Any = None
    #: internal: also admit closed links and crossings and ignore seasons (used to tell which
    #: closed element a route detours around; never set by the public functions)
    include_closed: bool = False

    def relaxations(self) -> list[tuple[str, Constraints]]:
        """Return ``(label, constraints)`` pairs, each dropping one constraint (or one item).

        Used to explain a :class:`~corridors.errors.NoRouteError`. List constraints with
        several items are relaxed one item at a time first, then as a whole.
        """
        out: list[tuple[str, Constraints]] = []
        if self.modes is not None:
            out.append((f"modes={sorted(self.modes)!r}", replace(self, modes=None)))
        for name in ("avoid_countries", "avoid_places", "avoid_crossings", "avoid_links"):
            items = getattr(self, name)
            if len(items) > 1:
                for item in items:
                    rest = tuple(x for x in items if x != item)
                    kw: dict[str, Any] = {name: rest}
                    out.append((f"{name}={[item]!r}", replace(self, **kw)))
            if items:
                none: dict[str, Any] = {name: ()}
                out.append((f"{name}={list(items)!r}", replace(self, **none)))
        if self.max_crossings is not None:
            out.append((f"max_crossings={self.max_crossings}",
                        replace(self, max_crossings=None)))
        if not self.include_planned:
            # worded for the message "reachable without ...": the restriction to
            # operational links is what is dropped
            out.append(("the restriction to operational links (include_planned=True)",
                        replace(self, include_planned=True)))
        if self.date is not None:
            out.append((f"date={self.date.isoformat()} (seasonal closures)",
                        replace(self, date=None)))
        return out


def _as_tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return (value,)
    return tuple(value)


#: Keyword options of :func:`make_constraints` (checked where they pass through ``**kwargs``).
CONSTRAINT_OPTIONS = ("modes", "avoid_countries", "avoid_places", "avoid_crossings",
                      "avoid_links", "max_crossings", "include_planned", "date")


def check_countries(G: Any, codes: Iterable[str], what: str) -> list[str]:
    """Return ``codes`` upper-cased, each checked to be a country of the network ``G``.

    Parameters
    ----------
    G : networkx.MultiDiGraph or LiteGraph
        The network: its places' countries and the countries its links run through.
    codes : iterable of str
        ISO 3166-1 alpha-2 codes, any case.
    what : str
        The argument's name, for the message (``"avoid_countries"``, ``"--country"``).

    Raises
    ------
    ConstraintError
        For a code that is not two letters, or a country the network does not have (the
        message lists the known ones).
    """
    countries = []
    for c in codes:
        code = c.strip().upper()
        if not _COUNTRY.match(code):
            raise ConstraintError(f"{what}: {shorten(c)} is not an ISO 3166-1 alpha-2 "
                                  f"code (two letters, e.g. 'RU')")
        countries.append(code)
    if countries:
        known = {str(c).upper() for _, c in G.nodes(data="country") if c}
        known.update(c for _, _, t in G.edges(data="transit") for c in (t or ()))
        unknown = [c for c in countries if c not in known]
        if unknown:
            raise ConstraintError(f"{what}: {unknown!r} not in the network; known "
                                  f"countries: {', '.join(sorted(known))}")
    return countries


def make_constraints(
    G: nx.MultiDiGraph,
    *,
    modes: Iterable[str] | str | None = None,
    avoid_countries: Iterable[str] | str = (),
    avoid_places: Iterable[Any] | str = (),
    avoid_crossings: Iterable[str] | str = (),
    avoid_links: Iterable[str] | str = (),
    max_crossings: int | None = None,
    include_planned: bool = False,
    date: Any = None,
) -> Constraints:
    """Validate routing options against ``G`` and return :class:`Constraints`.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    modes : str or iterable of str, optional
        Allowed modes (``road``, ``rail``, ``sea``).
    avoid_countries : str or iterable of str
        ISO 3166-1 alpha-2 codes (case-insensitive).
    avoid_places : str or iterable
        Place ids, names or aliases.
    avoid_crossings : str or iterable of str
        Crossing ids or names (``G.graph["crossings"]``).
    avoid_links : str or iterable of str
        Link ids (edge keys).
    max_crossings : int, optional
        Most border crossings a route may make (>= 0).
    include_planned : bool
        Also use planned/under-construction links and planned crossings.
    date : datetime.date or str, optional
        Day of travel (``YYYY-MM-DD``): nothing closed by a fixed season that day is used.

    Raises
    ------
    ArgumentTypeError
        For an option of the wrong type: ``G`` not a network graph, a name that is not a
        string, a ``max_crossings`` that is not an integer, an ``include_planned`` that is not
        True or False, a ``date`` that is neither a date nor a string.
    ConstraintError
        For an unknown mode, a country code that is malformed or not in the network, an
        unknown crossing or link, a negative ``max_crossings`` or a malformed date.
    UnknownPlaceError
        For an unknown place.
    """
    from corridors.network import check_flag, check_graph, check_strings

    check_graph(G, "make_constraints")
    include_planned = check_flag(include_planned, "include_planned", "make_constraints")
    mode_set: frozenset[str] | None = None
    if modes is not None:
        mode_set = frozenset(m.strip().lower() for m in check_strings(modes, "modes"))
        unknown = sorted(mode_set - {m.value for m in Mode})
        if unknown or not mode_set:
            import difflib

            valid = [m.value for m in Mode]
            close = difflib.get_close_matches(unknown[0], valid, n=1) if unknown else []
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ConstraintError(f"unknown mode(s) {shorten(unknown)}; {hint}use any of "
                                  f"{valid}")
    countries = check_countries(G, check_strings(avoid_countries, "avoid_countries"),
                                "avoid_countries")
    places: list[Hashable] = []
    if avoid_places:
        from corridors.routing.targets import resolve_place

        for q in _as_tuple(avoid_places):
            ps = resolve_place(G, q)
            places.extend(ps.nodes)
    records = G.graph.get("crossings") or {}
    crossings = []
    by_name = {str(getattr(r, "name", "")).casefold(): cid for cid, r in records.items()}
    for x in check_strings(avoid_crossings, "avoid_crossings"):
        if x in records:
            crossings.append(x)
        elif str(x).casefold() in by_name:
            crossings.append(by_name[str(x).casefold()])
        else:
            import difflib

            close = difflib.get_close_matches(str(x), list(records), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ConstraintError(f"avoid_crossings: unknown crossing {shorten(x)}{hint}")
    links = list(dict.fromkeys(check_strings(avoid_links, "avoid_links")))
    if links:
        known = {d.get("link_id", k) for _, _, k, d in G.edges(keys=True, data=True)}
        missing = [x for x in links if x not in known]
        if missing:
            import difflib

            close = difflib.get_close_matches(missing[0], [str(k) for k in known], n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ConstraintError(f"avoid_links: unknown link id(s) {shorten(missing)}{hint}")
    if max_crossings is not None:
        if isinstance(max_crossings, bool) or not isinstance(max_crossings, numbers.Integral):
            raise ArgumentTypeError(f"max_crossings must be an integer >= 0, got "
                                    f"{type(max_crossings).__name__} {shorten(max_crossings)}")
        if max_crossings < 0:
            raise ConstraintError(f"max_crossings must be an integer >= 0, got "
                                  f"{shorten(max_crossings)}")
        max_crossings = int(max_crossings)
    from corridors.seasons import parse_date

    return Constraints(
        date=parse_date(date),
        modes=mode_set,
        avoid_countries=tuple(dict.fromkeys(countries)),
        avoid_places=tuple(dict.fromkeys(places)),
        avoid_crossings=tuple(dict.fromkeys(crossings)),
        avoid_links=tuple(links),
        max_crossings=max_crossings,
        include_planned=include_planned,
    )


EdgeFn = Callable[[Hashable, Hashable, Mapping[str, Any]], Any]


class Weight:
    """A compiled objective under constraints: the weight every search uses.

    Calling it as ``w(u, v, d)`` follows the networkx protocol for multigraphs (``d`` maps keys
    to edge data) and returns the smallest score among the admitted parallel edges, or None
    when none is admitted, so ``networkx.dijkstra_path(G, a, b, weight=w)`` honours the
    constraints. Ties between parallel edges go to the first key in graph order.

    A networkx weight sees one edge at a time, so it cannot charge the transfer between two
    legs nor forbid a change of mode away from a terminal (:mod:`corridors.scoring`): it gives
    a lower bound of the route's score. The searches of :mod:`corridors.routing` use
    :attr:`options` and :attr:`transfer` over ``(place, arrival class)`` states instead; for a
    networkx graph on which plain Dijkstra is terminal-aware, see
    :func:`corridors.routing.alternatives.state_graph`.

    Attributes
    ----------
    G : networkx.MultiDiGraph
        The network.
    constraints : Constraints
        The constraints.
    weights : ScoreWeights
        The objective.
    cost_model : CostModel
        Speeds, rates and defaults.
    admits : callable
        ``admits(u, v, key, data) -> bool``: may a route use this edge?
    terms : callable
        ``terms(u, v, data) -> (distance_km, time_h, cost_usd, crossings, co2e_kg)``
        (from :func:`corridors.scoring.edge_terms_function`).
    score : callable
        ``score(u, v, data) -> float``: weighted score of one edge.
    best : callable
        ``best(u, v, d) -> (score, key) | None`` over the parallel edges ``d``.
    options : callable
        ``options(u, v, d) -> ((class, score, key), ...)``: the best admitted parallel edge of
        each state class (:func:`corridors.scoring.edge_class`; empty when none is admitted).
    transfer_terms : callable
        ``transfer_terms(place, from_class, to_class) -> (hours, USD, changes, kg CO2e) | None``
        (:func:`corridors.scoring.transfer_function`).
    transfer : callable
        ``transfer(place, from_class, to_class) -> score | None``: the score of what the
        transfer adds, None where a container cannot change mode or gauge.
    transfer_score : float
        Score of one change of mode at a terminal with the cost model's default handling
        (:meth:`corridors.scoring.ScoreWeights.transfer_score`).
    """

    def __init__(self, G: nx.MultiDiGraph, constraints: Constraints, weights: ScoreWeights,
                 cost_model: CostModel) -> None:
        self.G = G
        self.constraints = constraints
        self.weights = weights
        self.cost_model = cost_model
        self.terms = edge_terms_function(G, cost_model)
        self.score = _score_function(self.terms, weights)
        self.admits = _admission(G, constraints)
        self.best = _best_function(G, constraints, self.score)
        self.options = _options_function(G, constraints, self.score)
        self.transfer_score = weights.transfer_score(cost_model)
        self.transfer_terms = transfer_function(G, cost_model)
        tt, formula = self.transfer_terms, weights.score
        # transfer scores and dominance bounds depend only on the graph's terminals, the
        # weights and the cost model: kept across queries while those stay the same
        shared = _shared_tables(G, weights, cost_model)
        scores: dict[tuple[Hashable, Any, Any], float | None] = shared["scores"]

        def transfer(v: Hashable, a: Any, b: Any) -> float | None:
            if a is None or a == b:
                return 0.0
            key = (v, a, b)
            got = scores.get(key, -1.0)
            if got is None or got >= 0.0:
                return got
            t = tt(v, a, b)
            got = None if t is None else formula(0.0, 0, t[0], t[1], t[2], t[3])
            scores[key] = got
            return got

        self.transfer = transfer
        self._bounds: dict[Hashable, float] = shared["bounds"]
        self._classes: dict[Hashable, frozenset[str]] = shared["classes"]

    def transfer_bound(self, v: Hashable) -> float:
        """Return a score ``T`` such that any state of ``v`` can become any other for ``<= T``.

        A state of ``v`` reached with a score ``>=`` the best state's score plus ``T`` is
        dominated; ``inf`` when some class at ``v`` cannot become another (no terminal).
        """
        got = self._bounds.get(v)
        if got is not None:
            return got
        classes = self._classes.get(v)
        if classes is None:
            G = self.G
            found = {edge_class(d) for kd in G._pred[v].values() for d in kd.values()}
            found.update(edge_class(d) for kd in G._succ[v].values() for d in kd.values())
            classes = self._classes[v] = frozenset(found)
        bound = 0.0
        for a in classes:
            for b in classes:
                if a != b:
                    t = self.transfer(v, a, b)
                    if t is None:
                        bound = float("inf")
                        break
                    bound = max(bound, t)
            if bound == float("inf"):
                break
        self._bounds[v] = bound
        return bound

    def __call__(self, u: Hashable, v: Hashable, d: Mapping[Hashable, Mapping[str, Any]]
                 ) -> float | None:
        """Return the best admitted parallel edge's score, or None (networkx protocol)."""
        r = self.best(u, v, d)
        return None if r is None else r[0]

    def with_constraints(self, constraints: Constraints) -> Weight:
        """Return the same objective under other constraints."""
        return Weight(self.G, constraints, self.weights, self.cost_model)


_SHARED: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _shared_tables(G: nx.MultiDiGraph, weights: ScoreWeights, cost_model: CostModel
                   ) -> dict[str, Any]:
    """Return the per-graph caches of transfer scores, bounds and classes for these weights.

    Keyed by the graph (weakly), its size and the identity of every node's terminal record,
    so a graph whose terminals are replaced gets fresh tables.
    """
    base = getattr(G, "_graph", G)  # a subgraph view shares its base graph's terminals
    fingerprint = (id(G), len(G), sum(map(len, G._succ.values())),
                   tuple(id(d.get("transshipment")) for d in G._node.values()))
    per_graph = _SHARED.setdefault(base, {})
    if per_graph.get("fingerprint") != fingerprint:
        per_graph.clear()
        per_graph["fingerprint"] = fingerprint
        per_graph["classes"] = {}
    key = (weights, cost_model)
    tables = per_graph.get(key)
    if tables is None:
        tables = per_graph[key] = {"scores": {}, "bounds": {}, "classes": per_graph["classes"]}
    return tables


def _closed_on_date(G: nx.MultiDiGraph, day: Any) -> tuple[frozenset[str], frozenset[str]]:
    """Return the crossings and links a fixed season closes on ``day`` (cached per graph)."""
    from corridors.seasons import closed_on

    base = getattr(G, "_graph", G)
    per_graph = _SHARED.setdefault(base, {})
    key = ("closed_on", id(G), len(G), day)
    got = per_graph.get(key)
    if got is None:
        records = G.graph.get("crossings") or {}
        xs = frozenset(cid for cid, r in records.items()
                       if closed_on(getattr(r, "seasons", ()), day))
        links = frozenset(d.get("link_id", k) for _, _, k, d in G.edges(keys=True, data=True)
                          if d.get("seasons") and closed_on(d["seasons"], day))
        got = per_graph[key] = (xs, links)
    return got


def _score_function(terms: EdgeFn, w: ScoreWeights) -> Callable[[Hashable, Hashable,
                                                                 Mapping[str, Any]], float]:
    km, pen = w.km, w.crossing_penalty_km
    if w.hours_km == 0.0 and w.usd_km == 0.0 and w.co2e_km == 0.0:
        # Same value as ScoreWeights.score with zero time and cost terms (x + 0.0 == x), without
        # computing time and cost: the distance-type objectives need only two attributes.
        def score(u: Hashable, v: Hashable, d: Mapping[str, Any]) -> float:
            return km * float(d["distance_km"]) + pen * (1 if d.get("crossing") else 0)
        return score
    hours, usd, co2e = w.hours_km, w.usd_km, w.co2e_km

    # ScoreWeights.score of an edge (no transfer), inlined: the same operations in the same
    # order, so the searches' sums agree with score_path to the bit
    if co2e:
        def full(u: Hashable, v: Hashable, d: Mapping[str, Any]) -> float:
            dist, t, c, x, e = terms(u, v, d)
            return km * dist + pen * x + hours * t + usd * c + co2e * e
        return full

    def timed(u: Hashable, v: Hashable, d: Mapping[str, Any]) -> float:
        dist, t, c, x, _ = terms(u, v, d)
        return km * dist + pen * x + hours * t + usd * c
    return timed


def _rule_sets(G: nx.MultiDiGraph, c: Constraints) -> tuple[Any, ...]:
    link_ok = _LINKS_PLANNED if c.include_planned else _LINKS_DEFAULT
    cross_ok = _CROSSINGS_PLANNED if c.include_planned else _CROSSINGS_DEFAULT
    if c.include_closed:
        link_ok = link_ok | {LinkStatus.CLOSED.value}
        cross_ok = cross_ok | {CrossingStatus.CLOSED.value}
    records = G.graph.get("crossings") or {}
    bad_crossings = {cid for cid, r in records.items()
                     if getattr(r, "status", CrossingStatus.OPEN.value) not in cross_ok}
    bad_crossings.update(c.avoid_crossings)
    bad_links = set(c.avoid_links)
    if c.date is not None and not c.include_closed:
        shut_x, shut_links = _closed_on_date(G, c.date)
        bad_crossings.update(shut_x)
        bad_links.update(shut_links)
    blocked: set[Hashable] = set(c.avoid_places)
    if c.avoid_countries:
        avoid = set(c.avoid_countries)
        blocked.update(n for n, cc in G.nodes(data="country") if cc and str(cc).upper() in avoid)
        bad_links.update(d.get("link_id", k) for _, _, k, d in G.edges(keys=True, data=True)
                         if avoid.intersection(d.get("transit") or ()))
    return link_ok, frozenset(bad_crossings), frozenset(blocked), c.modes, \
        frozenset(bad_links)


def _admission(G: nx.MultiDiGraph, c: Constraints) -> Callable[..., bool]:
    link_ok, bad_x, blocked, modes, bad_links = _rule_sets(G, c)

    def admits(u: Hashable, v: Hashable, key: Hashable, d: Mapping[str, Any]) -> bool:
        if blocked and (u in blocked or v in blocked):
            return False
        if d.get("status", _OPERATIONAL) not in link_ok:
            return False
        x = d.get("crossing")
        if x and x in bad_x:
            return False
        if modes is not None and d.get("mode") not in modes:
            return False
        return not (bad_links and d.get("link_id", key) in bad_links)
    return admits


def _best_function(G: nx.MultiDiGraph, c: Constraints,
                   score: Callable[..., float]) -> Callable[..., tuple[float, Hashable] | None]:
    link_ok, bad_x, blocked, modes, bad_links = _rule_sets(G, c)

    def best(u: Hashable, v: Hashable, kd: Mapping[Hashable, Mapping[str, Any]]
             ) -> tuple[float, Hashable] | None:
        if blocked and (u in blocked or v in blocked):
            return None
        bw: float | None = None
        bk: Hashable = None
        for k, d in kd.items():
            if d.get("status", _OPERATIONAL) not in link_ok:
                continue
            x = d.get("crossing")
            if x and x in bad_x:
                continue
            if modes is not None and d.get("mode") not in modes:
                continue
            if bad_links and d.get("link_id", k) in bad_links:
                continue
            w = score(u, v, d)
            if bw is None or w < bw:
                bw, bk = w, k
        return None if bw is None else (bw, bk)
    return best


def _options_function(G: nx.MultiDiGraph, c: Constraints, score: Callable[..., float]
                      ) -> Callable[..., tuple[tuple[Any, float, Hashable], ...]]:
    link_ok, bad_x, blocked, modes, bad_links = _rule_sets(G, c)

    memo: dict[tuple[Hashable, Hashable], tuple[tuple[Any, float, Hashable], ...]] = {}
    succ = G._succ

    def options(u: Hashable, v: Hashable, kd: Mapping[Hashable, Mapping[str, Any]]
                ) -> tuple[tuple[Any, float, Hashable], ...]:
        # a state search relaxes an edge once per state of its tail: remember the answer for
        # this query, for the graph's own parallel edges only (callers may pass a filtered
        # mapping, which is computed afresh)
        nbrs = succ.get(u)
        if nbrs is None or nbrs.get(v) is not kd:
            return _options(u, v, kd)
        got = memo.get((u, v))
        if got is None:
            got = memo[(u, v)] = _options(u, v, kd)
        return got

    def _options(u: Hashable, v: Hashable, kd: Mapping[Hashable, Mapping[str, Any]]
                 ) -> tuple[tuple[Any, float, Hashable], ...]:
        if blocked and (u in blocked or v in blocked):
            return ()
        if len(kd) == 1:  # the common case: one link between the two places
            for k, d in kd.items():
                if (d.get("status", _OPERATIONAL) not in link_ok
                        or (bad_x and d.get("crossing") in bad_x)
                        or (modes is not None and d.get("mode") not in modes)
                        or (bad_links and d.get("link_id", k) in bad_links)):
                    return ()
                return ((edge_class(d), score(u, v, d), k),)
        by_mode: dict[Any, tuple[float, Hashable]] = {}
        for k, d in kd.items():
            if d.get("status", _OPERATIONAL) not in link_ok:
                continue
            x = d.get("crossing")
            if x and x in bad_x:
                continue
            if modes is not None and d.get("mode") not in modes:
                continue
            if bad_links and d.get("link_id", k) in bad_links:
                continue
            m = edge_class(d)
            w = score(u, v, d)
            old = by_mode.get(m)
            if old is None or w < old[0]:
                by_mode[m] = (w, k)
        return tuple((m, w, k) for m, (w, k) in by_mode.items())
    return options


def compile_weight(
    G: nx.MultiDiGraph,
    objective: str | ScoreWeights = "generalized",
    constraints: Constraints | None = None,
    *,
    cost_model: CostModel | None = None,
) -> Weight:
    """Return the :class:`Weight` of an objective under constraints.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    objective : str or ScoreWeights
        See :func:`corridors.scoring.resolve_objective`.
    constraints : Constraints, optional
        Default: no constraint beyond the status rules.
    cost_model : CostModel, optional
        Speeds, rates and defaults.

    Raises
    ------
    ArgumentTypeError
        For ``G``, ``objective``, ``constraints`` or ``cost_model`` of the wrong type.
    ConstraintError
        For an unknown objective.
    """
    from corridors.network import check_graph

    check_graph(G, "compile_weight")
    if constraints is not None and not isinstance(constraints, Constraints):
        raise ArgumentTypeError(f"constraints must be a Constraints (from make_constraints), "
                                f"got {type(constraints).__name__} {shorten(constraints)}")
    check_cost_model(cost_model)
    return Weight(G, constraints or Constraints(), resolve_objective(objective),
                  cost_model or DEFAULT_COST_MODEL)


def constrained_weight(
    G: nx.MultiDiGraph,
    objective: str | ScoreWeights = "generalized",
    *,
    cost_model: CostModel | None = None,
    **constraints: Any,
) -> Weight:
    """Return a networkx weight callable for an objective under constraints.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network.
    objective : str or ScoreWeights
        See :func:`corridors.scoring.resolve_objective`.
    cost_model : CostModel, optional
        Speeds, rates and defaults.
    **constraints
        Keyword arguments of :func:`make_constraints`.

    Raises
    ------
    ArgumentTypeError
        For an option :func:`make_constraints` does not have (naming the closest one), or an
        argument of the wrong type.
    ConstraintError
        For an invalid value (see :func:`make_constraints` and :func:`compile_weight`).

    Examples
    --------
    >>> import networkx as nx
    >>> from corridors.synthetic import tiny_network
    >>> G = tiny_network()
    >>> w = constrained_weight(G, "distance", modes=["road", "sea"])
    >>> nx.dijkstra_path(G, "a1", "c2", weight=w)
    ['a1', 'a2', 'b1', 'b2', 'b3', 'c1', 'c2']
    """
    from corridors.network import check_keywords

    check_keywords(constraints, CONSTRAINT_OPTIONS, "constrained_weight")
    return compile_weight(G, objective, make_constraints(G, **constraints),
                          cost_model=cost_model)


def constrained_view(G: nx.MultiDiGraph, constraints: Constraints | None = None,
                     **kwargs: Any) -> nx.MultiDiGraph:
    """Return a read-only view of ``G`` with only the edges the constraints admit.

    ``max_crossings`` cannot be expressed edge by edge and is ignored here.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network (not copied, not modified).
    constraints : Constraints, optional
        Prepared constraints; otherwise ``**kwargs`` of :func:`make_constraints`.

    Raises
    ------
    ArgumentTypeError
        If ``G`` is not a network graph, ``constraints`` not a Constraints, or a keyword is
        not an option of :func:`make_constraints`.
    ConstraintError
        For an invalid option value (see :func:`make_constraints`).
    """
    import networkx as nx

    from corridors.network import check_graph, check_keywords

    check_graph(G, "constrained_view")
    check_keywords(kwargs, CONSTRAINT_OPTIONS, "constrained_view")
    if constraints is not None and not isinstance(constraints, Constraints):
        raise ArgumentTypeError(f"constraints must be a Constraints (from make_constraints), "
                                f"got {type(constraints).__name__} {shorten(constraints)}")
    c = constraints if constraints is not None else make_constraints(G, **kwargs)
    admits = _admission(G, c)
    adj = G._adj

    def keep(u: Hashable, v: Hashable, k: Hashable) -> bool:
        return admits(u, v, k, adj[u][v][k])

    return nx.subgraph_view(G, filter_edge=keep)
