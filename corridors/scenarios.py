"""Scenarios: named, documented, sourced changes to the network, applied without mutating it.

A :class:`Scenario` closes crossings, links, places or whole countries; opens planned or
under-construction links and planned (or closed) crossings; changes crossing times and costs
(absolute or by a factor), ferry frequencies, port dwell and any :class:`~corridors.scoring.
CostModel` figure (speeds, rates, default crossing times ...). :meth:`Scenario.apply` returns
``(graph, cost_model)``; the base graph is never modified:

* closures are a read-only :func:`networkx.subgraph_view` (closed places and countries hide
  their nodes, closed links and crossings hide their edges) with a *new* graph-attribute dict
  in which closed crossings' records have ``status="closed"``;
* attribute changes (opening, crossing times/costs, sailings, dwell) are made on a copy
  (``G.copy()``: new node and edge attribute dicts), with the frozen crossing records replaced
  by :func:`dataclasses.replace` in a *new* ``crossings`` dict and the affected edges'
  ``crossing_time_h`` / ``crossing_cost_usd`` updated; nested dicts (a place's
  ``transshipment``) are replaced, never edited in place;
* with ``materialize=True`` the result is instead one plain private graph with the closed
  elements removed (a 10 ms copy on the built-in network; searches on it run 2-4 times
  faster than on a filtered view -- :func:`compare_scenarios` and :mod:`corridors.batch` use
  it);
* the returned graph carries ``graph["scenario"]`` (the scenario's name).

Scenarios compose by applying one to the result of another:
``H, cm = a.apply(G); H2, cm2 = b.apply(H, cost_model=cm)``.

File format
-----------
A scenario is a TOML file (read with :mod:`tomllib`) or a JSON file with the same structure.
Every table is optional except that a useful file changes something; unknown tables or keys,
wrong types, and ids that the network does not have are errors that name the file and key.

.. code-block:: toml

    [scenario]
    name = "middle_corridor_halved"   # default: the file name without extension
    title = "Middle Corridor bottlenecks halved"
    description = "What changes and why."
    sources = ["wb_2023_middle_corridor"]   # ids of data/sources.csv (or URLs)
    assumptions = ["What is assumed beyond the sources."]

    [close]                      # hidden in the scenario graph
    crossings = ["kyzyl_bel_tj_kyzyl_bel_road"]   # crossing ids (or names)
    links = ["aktau_port_alat_port_sea"]         # link ids (both directions)
    places = ["aktau_port"]                      # place ids (or names)
    countries = ["RU"]                           # ISO 3166-1 alpha-2 codes

    [open]                       # made usable without include_planned
    links = ["mazar_i_sharif_logar_rail"]        # status -> operational
    crossings = ["dand_patan_kharlachi_rail"]    # status -> open, and its link operational

    [crossings.aktau_port_alat_port_sea]   # one table per crossing id
    time_factor = 0.5            # or time_h = 12 (both directions), time_h_ab / time_h_ba
    cost_factor = 1.0            # or cost_usd, cost_usd_ab / cost_usd_ba
    note = "free text"           # optional; also `source = [...]`

    [links.aktau_port_alat_port_sea]       # sea links only
    sailings_per_week = 7        # or sailings_factor = 2

    [places.aktau_port]
    dwell_factor = 0.5           # or dwell_h = 12 (port dwell per call)

    [cost_model]                 # any CostModel field; mappings merge with the base model's
    speed_kmh = {rail = 60.0}
    port_dwell_h_factor = 0.5    # "<field>_factor" multiplies the base model's value
    speed_kmh_factor = {road = 1.1}

Every number is finite and at least 0: a factor at most :data:`MAX_FACTOR` (100), an
absolute figure (hours, USD, sailings a week, and every ``[cost_model]`` figure) at most
:data:`~corridors.scoring.MAX_COST_MODEL_FIGURE` (1,000,000); sailings are above 0. A file is
UTF-8 text of at most :data:`MAX_FILE_BYTES` bytes.

A factor multiplies the figure the scorer would otherwise use under the scenario's cost
model: the edge's published value, else the crossing record's (or port's, or link's), else
the scenario cost model's default for the mode -- so a factor on an unpublished crossing time
fixes it at ``factor x`` that default, and a ``[cost_model]`` factor and an element's factor
compound. Absolute and factor forms of the same figure are exclusive.

Built-in scenarios live in ``data/scenarios/`` (:func:`list_scenarios`); each states its
sources. :func:`compare_scenarios` reports, per origin-destination pair, how the best route
changes.

pandas is imported inside :func:`compare_scenarios` only; importing this module loads the
standard library and networkx.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import logging
import math
import os
import re
import stat
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from corridors.costmodel import (
    DEFAULT_COST_MODEL,
    MAX_COST_MODEL_FIGURE,
    CostModel,
    _keyword_checked,
    check_cost_model,
)
from corridors.errors import (
    ArgumentTypeError,
    ConstraintError,
    NoRouteError,
    ScenarioError,
    UnknownPlaceError,
    shorten,
)
from corridors.model import CrossingStatus, LinkStatus, Mode
from corridors.regimes import crossing_figures, default_for

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "COMPARE_COLUMNS",
    "DEFAULT_OD_PAIRS",
    "MAX_FACTOR",
    "MAX_FILE_BYTES",
    "CrossingChange",
    "LinkChange",
    "PlaceChange",
    "Scenario",
    "apply_scenario",
    "builtin_scenarios_dir",
    "compare_row",
    "compare_scenarios",
    "list_scenarios",
    "load_scenario",
    "parse_od_pairs",
    "read_scenario_file",
    "route_record",
    "scenario_from_dict",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Origin-destination pairs used by the notebook and as a CLI default: Kazakh and Tajik
#: origins to Europe, the Caucasus, Türkiye and South Asia, plus the Ferghana valley.
DEFAULT_OD_PAIRS: tuple[tuple[str, str], ...] = (
    ("almaty", "duisburg"),
    ("almaty", "baku"),
    ("almaty", "istanbul"),
    ("tashkent", "karachi"),
    ("dushanbe", "karachi"),
    ("dushanbe", "osh"),
    ("kashgar", "tashkent"),
)

_SUFFIXES = (".toml", ".json")

#: Largest factor a scenario may apply to a figure (a time, a cost, a frequency, a speed ...):
#: a bigger one is a typo, and would carry routes' totals towards infinity.
MAX_FACTOR = 100.0
#: Largest scenario file read, in bytes (the built-in ones are a few KB).
MAX_FILE_BYTES = 1_000_000


# --------------------------------------------------------------------------------------------
# records of a scenario
# --------------------------------------------------------------------------------------------
def _check_exclusive(where: str, pairs: Iterable[tuple[str, Any, str, Any]]) -> None:
    for a, va, b, vb in pairs:
        if va is not None and vb is not None:
            raise ScenarioError(f"{where}: give either {a} or {b}, not both")


@_keyword_checked
@dataclass(frozen=True)
class CrossingChange:
    """New time and cost of one border crossing (absolute, per direction, or a factor).

    Attributes
    ----------
    time_h, cost_usd : float, optional
        Absolute figure in both directions.
    time_h_ab, time_h_ba, cost_usd_ab, cost_usd_ba : float, optional
        Absolute figure in one direction (``ab`` leaves ``post_a``); wins over the
        both-direction figure.
    time_factor, cost_factor : float, optional
        Multiply the figure the scorer uses in the base (see the module docstring).
    note : str
        Why.
    source : tuple of str
        Source ids.
    """

    time_h: float | None = None
    time_h_ab: float | None = None
    time_h_ba: float | None = None
    time_factor: float | None = None
    cost_usd: float | None = None
    cost_usd_ab: float | None = None
    cost_usd_ba: float | None = None
    cost_factor: float | None = None
    note: str = ""
    source: tuple[str, ...] = ()

    def new_time(self, base: float, forward: bool) -> float:
        """Return the scenario time given the base time of one direction."""
        return _new_value(base, self.time_h_ab if forward else self.time_h_ba, self.time_h,
                          self.time_factor)

    def new_cost(self, base: float, forward: bool) -> float:
        """Return the scenario cost given the base cost of one direction."""
        return _new_value(base, self.cost_usd_ab if forward else self.cost_usd_ba,
                          self.cost_usd, self.cost_factor)

    def changes_time(self, forward: bool) -> bool:
        """Return True when the time of one direction changes (``forward``: a -> b)."""
        return any(x is not None for x in (self.time_h_ab if forward else self.time_h_ba,
                                           self.time_h, self.time_factor))

    def changes_cost(self, forward: bool) -> bool:
        """Return True when the cost of one direction changes (``forward``: a -> b)."""
        return any(x is not None for x in (self.cost_usd_ab if forward else self.cost_usd_ba,
                                           self.cost_usd, self.cost_factor))


def _new_value(base: float, directed: float | None, both: float | None,
               factor: float | None) -> float:
    if directed is not None:
        return float(directed)
    if both is not None:
        return float(both)
    if factor is not None:
        return float(base) * float(factor)
    return float(base)


@_keyword_checked
@dataclass(frozen=True)
class LinkChange:
    """New ferry frequency of one sea link (absolute or a factor)."""

    sailings_per_week: float | None = None
    sailings_factor: float | None = None
    note: str = ""
    source: tuple[str, ...] = ()


@_keyword_checked
@dataclass(frozen=True)
class PlaceChange:
    """New port dwell of one place (absolute or a factor)."""

    dwell_h: float | None = None
    dwell_factor: float | None = None
    note: str = ""
    source: tuple[str, ...] = ()


class _NotIn:
    """Picklable filter: ``x not in hidden`` (for :func:`networkx.subgraph_view`)."""

    __slots__ = ("hidden",)

    def __init__(self, hidden: Iterable[Hashable]) -> None:
        self.hidden = frozenset(hidden)

    def __call__(self, *x: Hashable) -> bool:
        return (x[0] if len(x) == 1 else x) not in self.hidden


@_keyword_checked
@dataclass(frozen=True)
class Scenario:
    """A named, documented set of changes to the network; see the module docstring.

    Build one with :func:`load_scenario` (a built-in name or a TOML/JSON file) or
    :func:`scenario_from_dict`, or directly. Built directly, an attribute of the wrong type
    (``name=None``, ``close_links=[1]``, ``crossings=[...]``, ``CrossingChange(time_h="x")``
    ...) raises :class:`~corridors.errors.ArgumentTypeError`; a value out of range, an empty
    name or a contradiction (a link both opened and closed) raises
    :class:`~corridors.errors.ScenarioError`.

    Attributes
    ----------
    name : str
        Identifier (built-in scenarios: the file name without extension).
    title, description : str
        What the scenario is, for people.
    sources : tuple of str
        Source ids of ``data/sources.csv`` (or URLs) the scenario rests on.
    assumptions : tuple of str
        What the scenario assumes beyond its sources.
    close_crossings, close_links, close_places, close_countries : tuple of str
        Elements hidden in the scenario graph.
    open_links, open_crossings : tuple of str
        Links made operational; crossings made open (with their links made operational).
    crossings : dict of str to CrossingChange
        New crossing times and costs.
    links : dict of str to LinkChange
        New ferry frequencies.
    places : dict of str to PlaceChange
        New port dwell.
    cost_model : dict of str to object
        Overrides of :class:`~corridors.scoring.CostModel` fields; a key ``"<field>_factor"``
        multiplies the base model's value.
    path : str or None
        The file the scenario was read from.
    """

    name: str
    title: str = ""
    description: str = ""
    sources: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    close_crossings: tuple[str, ...] = ()
    close_links: tuple[str, ...] = ()
    close_places: tuple[str, ...] = ()
    close_countries: tuple[str, ...] = ()
    open_links: tuple[str, ...] = ()
    open_crossings: tuple[str, ...] = ()
    crossings: Mapping[str, CrossingChange] = field(default_factory=dict)
    links: Mapping[str, LinkChange] = field(default_factory=dict)
    places: Mapping[str, PlaceChange] = field(default_factory=dict)
    cost_model: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.path is not None and not isinstance(self.path, str):
            object.__setattr__(self, "path", str(_as_path(self.path, "Scenario: path")))
        where = self._where
        # Attributes of the wrong type are the caller's (scenario_from_dict checks a file's
        # types before it builds a Scenario, naming the file): ArgumentTypeError.
        if not isinstance(self.name, str):
            raise ArgumentTypeError(f"{where}: a scenario needs a non-empty name (a string), "
                                    f"got {type(self.name).__name__} {shorten(self.name)}")
        if not self.name.strip():
            raise ScenarioError(f"{where}: a scenario needs a non-empty name (a string), got "
                                f"{shorten(self.name)}")
        for attr in ("title", "description"):
            if not isinstance(getattr(self, attr), str):
                raise ArgumentTypeError(f"{where}: {attr} must be a string, got "
                                        f"{type(getattr(self, attr)).__name__} "
                                        f"{shorten(getattr(self, attr))}")
        from corridors.network import check_strings

        for attr in ("sources", "assumptions", "close_crossings", "close_links",
                     "close_places", "close_countries", "open_links", "open_crossings"):
            object.__setattr__(self, attr, check_strings(getattr(self, attr),
                                                         f"{where}: {attr}"))
        object.__setattr__(self, "close_countries",
                           tuple(c.strip().upper() for c in self.close_countries))
        for attr, cls in (("crossings", CrossingChange), ("links", LinkChange),
                          ("places", PlaceChange)):
            table = getattr(self, attr)
            if not isinstance(table, Mapping):
                raise ArgumentTypeError(f"{where}: {attr} must be a mapping of id to "
                                        f"{cls.__name__}, got {type(table).__name__} "
                                        f"{shorten(table)}")
            items = {str(k): _item(cls, str(k), _record_dict(v) if isinstance(v, cls) else v,
                                   where, type_error=ArgumentTypeError)
                     for k, v in table.items()}
            object.__setattr__(self, attr, items)
        if not isinstance(self.cost_model, Mapping):
            raise ArgumentTypeError(f"{where}: cost_model must be a mapping of CostModel field "
                                    f"to value, got {type(self.cost_model).__name__} "
                                    f"{shorten(self.cost_model)}")
        object.__setattr__(self, "cost_model", dict(self.cost_model))
        for a, b, what in (("open_links", "close_links", "link"),
                           ("open_crossings", "close_crossings", "crossing")):
            both = sorted(set(getattr(self, a)) & set(getattr(self, b)))
            if both:
                raise ScenarioError(f"{where}: {what}(s) {both} are both opened and closed")
        for cid, ch in self.crossings.items():
            w = f"{where}: [crossings.{cid}]"
            _check_exclusive(w, (("time_h", ch.time_h, "time_factor", ch.time_factor),
                                 ("cost_usd", ch.cost_usd, "cost_factor", ch.cost_factor)))
        for lid, lc in self.links.items():
            _check_exclusive(f"{where}: [links.{lid}]", (
                ("sailings_per_week", lc.sailings_per_week, "sailings_factor",
                 lc.sailings_factor),))
        for pid, pc in self.places.items():
            _check_exclusive(f"{where}: [places.{pid}]", (
                ("dwell_h", pc.dwell_h, "dwell_factor", pc.dwell_factor),))
        _check_cost_model_keys(self.cost_model, where, type_error=ArgumentTypeError)
        _cost_model(self.cost_model, DEFAULT_COST_MODEL, where)  # out of range on the defaults?

    # -- identity ---------------------------------------------------------------------------
    @property
    def _where(self) -> str:
        return self.path or f"scenario {shorten(self.name)}"

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    @property
    def fingerprint(self) -> str:
        """A stable text key of what the scenario changes (not of its prose or file)."""
        d = self.to_dict()
        d.pop("scenario", None)
        return _dumps(d, f"{self._where}", sort_keys=True, default=str)

    @property
    def label(self) -> str:
        """The title if any, else the name."""
        return self.title or self.name

    @property
    def changes_attributes(self) -> bool:
        """True when applying needs a copy (anything beyond closures and the cost model)."""
        return bool(self.open_links or self.open_crossings or self.crossings or self.links
                    or self.places)

    @property
    def closes_anything(self) -> bool:
        """True when the scenario hides places or edges."""
        return bool(self.close_crossings or self.close_links or self.close_places
                    or self.close_countries)

    # -- export -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return the scenario in the structure of the file format (JSON-ready)."""
        out: dict[str, Any] = {"scenario": {
            "name": self.name, "title": self.title, "description": self.description,
            "sources": list(self.sources), "assumptions": list(self.assumptions)}}
        close = {k: list(v) for k, v in (("crossings", self.close_crossings),
                                          ("links", self.close_links),
                                          ("places", self.close_places),
                                          ("countries", self.close_countries)) if v}
        opened = {k: list(v) for k, v in (("links", self.open_links),
                                           ("crossings", self.open_crossings)) if v}
        if close:
            out["close"] = close
        if opened:
            out["open"] = opened
        for key, items in (("crossings", self.crossings), ("links", self.links),
                           ("places", self.places)):
            if items:
                out[key] = {i: _record_dict(ch) for i, ch in items.items()}
        if self.cost_model:
            out["cost_model"] = {k: dict(v) if isinstance(v, Mapping) else v
                                 for k, v in self.cost_model.items()}
        return out

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the scenario as JSON in the file format (``load_scenario`` reads it back).

        Raises
        ------
        ScenarioError
            If a number is not finite (standard JSON has no ``NaN`` or ``Infinity``).
        """
        return _dumps(self.to_dict(), f"{self._where}", indent=indent, ensure_ascii=False)

    def summary(self) -> str:
        """Return a readable description: title, what changes, sources and assumptions."""
        lines = [f"{self.name}: {self.title}" if self.title else self.name]
        if self.description:
            lines.append("  " + " ".join(self.description.split()))
        for label, items in (("close crossings", self.close_crossings),
                             ("close links", self.close_links),
                             ("close places", self.close_places),
                             ("close countries", self.close_countries),
                             ("open links", self.open_links),
                             ("open crossings", self.open_crossings)):
            if items:
                lines.append(f"  {label}: {', '.join(items)}")
        for cid, ch in self.crossings.items():
            lines.append(f"  crossing {cid}: " + _describe(_record_dict(ch)))
        for lid, lc in self.links.items():
            lines.append(f"  link {lid}: " + _describe(_record_dict(lc)))
        for pid, pc in self.places.items():
            lines.append(f"  place {pid}: " + _describe(_record_dict(pc)))
        if self.cost_model:
            lines.append("  cost model: " + _describe(self.cost_model))
        if self.sources:
            lines.append("  sources: " + ", ".join(self.sources))
        for a in self.assumptions:
            lines.append("  assumption: " + " ".join(a.split()))
        if self.path:
            path = Path(self.path)
            builtin = builtin_scenarios_dir()
            shown = (f"built-in ({path.name})" if path.parent.resolve() == builtin.resolve()
                     else str(path))
            lines.append(f"  file: {shown}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    # -- apply ------------------------------------------------------------------------------
    def scenario_cost_model(self, base: CostModel | None = None) -> CostModel:
        """Return the cost model of the scenario: ``base`` with the ``cost_model`` changes.

        Raises
        ------
        ScenarioError
            If a value is invalid for :class:`~corridors.scoring.CostModel`.
        ArgumentTypeError
            If ``base`` is not a CostModel.
        """
        check_cost_model(base)
        return _cost_model(self.cost_model, base or DEFAULT_COST_MODEL, self._where)

    def apply(self, G: nx.MultiDiGraph, cost_model: CostModel | None = None, *,
              materialize: bool = False) -> tuple[nx.MultiDiGraph, CostModel]:
        """Return the network and cost model of the scenario; ``G`` is not modified.

        Parameters
        ----------
        G : networkx.MultiDiGraph
            The base network (a graph or a view).
        cost_model : CostModel, optional
            The base cost model (default :data:`~corridors.scoring.DEFAULT_COST_MODEL`).
        materialize : bool
            Return a plain graph -- a copy without the closed places and edges -- instead of
            a view. A copy costs about 10 ms on the built-in network; searches on it run 2-4
            times faster than on a filtered view, so materialise when many routes follow.

        Returns
        -------
        graph : networkx.MultiDiGraph
            A read-only view of ``G`` (only closures), a copy (attribute changes), or a view
            of a copy; with ``materialize=True`` always a new plain graph.
            ``graph.graph["scenario"]`` is the scenario's name.
        cost_model : CostModel
            ``cost_model`` with the scenario's ``[cost_model]`` changes.

        Raises
        ------
        ScenarioError
            If an id is not in the network (with suggestions), or a change does not fit the
            element (e.g. sailings on a rail link).
        ArgumentTypeError
            If ``G``, ``cost_model`` or ``materialize`` is of the wrong type.

        Examples
        --------
        >>> from corridors.synthetic import tiny_network
        >>> G = tiny_network()
        >>> s = Scenario("no-ferry", close_links=["b3-c1-sea"])
        >>> H, cm = s.apply(G)
        >>> H.has_edge("b3", "c1"), G.has_edge("b3", "c1"), H.graph["scenario"]
        (False, True, 'no-ferry')
        """
        from corridors.network import check_flag, check_graph

        check_graph(G, "Scenario.apply")
        check_cost_model(cost_model)
        materialize = check_flag(materialize, "materialize", "Scenario.apply")
        model = self.scenario_cost_model(cost_model)
        ids = _Resolver(G, self._where)
        close_x = [ids.crossing(x, "[close] crossings") for x in self.close_crossings]
        close_l = [ids.link(x, "[close] links") for x in self.close_links]
        close_p = [ids.place(x, "[close] places") for x in self.close_places]
        close_c = [ids.country(x, "[close] countries") for x in self.close_countries]
        open_l = [ids.link(x, "[open] links") for x in self.open_links]
        open_x = [ids.crossing(x, "[open] crossings") for x in self.open_crossings]
        x_changes = {ids.crossing(k, f"[crossings.{k}]"): v for k, v in self.crossings.items()}
        l_changes = {ids.link(k, f"[links.{k}]"): v for k, v in self.links.items()}
        p_changes = {ids.place(k, f"[places.{k}]"): v for k, v in self.places.items()}
        for lid in l_changes:
            modes = {d.get("mode") for _, _, _, d in ids.edges_of_link(lid)}
            if modes != {"sea"}:
                raise ScenarioError(f"{self._where}: [links.{lid}] sailings apply to sea links "
                                    f"only; {lid!r} is {'/'.join(sorted(map(str, modes)))}")

        H = G.copy() if self.changes_attributes or materialize else G
        graph_attrs = dict(G.graph)
        records = dict(G.graph.get("crossings") or {})
        if self.changes_attributes:
            _open(H, records, open_l, open_x)
            _change_crossings(H, records, x_changes, model)
            _change_links(H, l_changes, model)
            _change_places(H, p_changes, model)
        for cid in close_x:
            if cid in records:
                records[cid] = dataclasses.replace(records[cid],
                                                   status=CrossingStatus.CLOSED.value)
        graph_attrs["crossings"] = records
        graph_attrs["scenario"] = self.name
        hidden_nodes = set(close_p)
        if close_c:
            wanted = set(close_c)
            hidden_nodes.update(n for n, c in H.nodes(data="country")
                                if c and str(c).upper() in wanted)
        closed_links, closed_x = set(close_l), set(close_x)
        hidden_edges = {(u, v, k) for u, v, k, d in H.edges(keys=True, data=True)
                        if d.get("link_id", k) in closed_links or d.get("crossing") in closed_x}
        if materialize:
            H.remove_edges_from(hidden_edges)
            H.remove_nodes_from(hidden_nodes)
        elif H is G or hidden_nodes or hidden_edges:
            H = nx.subgraph_view(H, filter_node=_NotIn(hidden_nodes),
                                 filter_edge=_NotIn(hidden_edges))
        H.graph = graph_attrs
        logger.debug("scenario %s: %d places and %d directed edges hidden", self.name,
                     len(hidden_nodes), len(hidden_edges))
        return H, model


def _record_dict(rec: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(rec):
        value = getattr(rec, f.name)
        if value is None or value == "" or value == ():
            continue
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def _describe(d: Mapping[str, Any]) -> str:
    parts = []
    for k, v in d.items():
        if isinstance(v, Mapping):
            v = "{" + ", ".join(f"{a}={b:g}" if isinstance(b, float) else f"{a}={b}"
                                for a, b in v.items()) + "}"
        parts.append(f"{k}={v}")
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------
# cost model changes
# --------------------------------------------------------------------------------------------
def _cost_model_fields() -> dict[str, bool]:
    """Return CostModel field names mapped to True for mapping fields (per mode)."""
    out = {}
    for f in dataclasses.fields(CostModel):
        out[f.name] = isinstance(getattr(DEFAULT_COST_MODEL, f.name), Mapping)
    return out


def _check_cost_model_keys(changes: Mapping[str, Any], where: str, *,
                           type_error: type[Exception] = ScenarioError) -> None:
    """Check ``[cost_model]`` keys and values; a value of the wrong type raises ``type_error``.

    ``type_error`` is ScenarioError for a file's content, ArgumentTypeError for a Scenario
    built in Python.
    """
    fields = _cost_model_fields()
    modes = [m.value for m in Mode]
    for key, value in changes.items():
        if not isinstance(key, str):
            raise type_error(f"{where}: [cost_model] keys are CostModel field names, got "
                             f"{type(key).__name__} {shorten(key)}")
        factor = key.endswith("_factor")
        name = key[:-len("_factor")] if factor else key
        if name not in fields:
            valid = sorted([*fields, *(f + "_factor" for f in fields)])
            raise ScenarioError(f"{where}: [cost_model] unknown key {shorten(key)}"
                                f"{_did_you_mean(key, valid)}; valid keys: {', '.join(valid)}")
        if fields[name]:
            if not isinstance(value, Mapping) or not value:
                error = ScenarioError if isinstance(value, Mapping) else type_error
                raise error(f"{where}: [cost_model] {key} must be a table of mode to "
                            f"number, e.g. {{rail = 1.0}}, got {shorten(value)}")
            for mode, x in value.items():
                if mode not in modes:
                    raise ScenarioError(f"{where}: [cost_model] {key}: unknown mode "
                                        f"{shorten(mode)}{_did_you_mean(str(mode), modes)}; "
                                        f"modes: {', '.join(modes)}")
                _number(x, f"{where}: [cost_model] {key}.{mode}", factor=factor,
                        type_error=type_error)
        else:
            _number(value, f"{where}: [cost_model] {key}", factor=factor, type_error=type_error)


def _cost_model(changes: Mapping[str, Any], base: CostModel, where: str) -> CostModel:
    if not changes:
        return base
    fields = _cost_model_fields()
    new: dict[str, Any] = {}
    for key, value in changes.items():
        factor = key.endswith("_factor")
        name = key[:-len("_factor")] if factor else key
        current = new.get(name, getattr(base, name))
        if fields[name]:
            merged = dict(current)
            for mode, x in value.items():
                if factor:
                    if mode not in merged:
                        raise ScenarioError(f"{where}: [cost_model] {key}.{mode}: the base "
                                            f"model has no {name} for mode {mode!r}")
                    merged[mode] = merged[mode] * float(x)
                else:
                    merged[mode] = float(x)
            new[name] = merged
        else:
            new[name] = float(current) * float(value) if factor else float(value)
    try:
        return dataclasses.replace(base, **new)
    except ConstraintError as exc:
        raise ScenarioError(f"{where}: [cost_model] {exc}") from None


# --------------------------------------------------------------------------------------------
# attribute changes on the copy
# --------------------------------------------------------------------------------------------
def _open(H: nx.MultiDiGraph, records: dict[str, Any], links: Sequence[str],
          crossings: Sequence[str]) -> None:
    open_links = set(links)
    open_x = set(crossings)
    for cid in open_x:
        rec = records.get(cid)
        if rec is not None and rec.status != CrossingStatus.OPEN.value:
            records[cid] = dataclasses.replace(rec, status=CrossingStatus.OPEN.value)
    operational = LinkStatus.OPERATIONAL.value
    for _, _, k, d in H.edges(keys=True, data=True):
        if d.get("link_id", k) in open_links or (d.get("crossing") in open_x):
            d["status"] = operational
    stuck = {(d.get("link_id", k), d.get("crossing"))
             for _, _, k, d in H.edges(keys=True, data=True)
             if d.get("link_id", k) in open_links and d.get("crossing")
             and d.get("crossing") not in open_x}
    for lid, cid in sorted(stuck):
        rec = records.get(cid)
        if rec is not None and rec.status in (CrossingStatus.PLANNED.value,
                                              CrossingStatus.CLOSED.value):
            logger.warning("scenario opens link %s but its crossing %s stays %s; add it to "
                           "[open] crossings to use it", lid, cid, rec.status)


def _base_crossing(H: nx.MultiDiGraph, records: Mapping[str, Any], u: Hashable,
                   d: Mapping[str, Any], model: CostModel) -> tuple[float, float]:
    """Return the (time, cost) the scorer uses on a crossing edge (same fallback order)."""
    mode = str(d.get("mode"))
    ct, cc = crossing_figures(records.get(str(d.get("crossing"))), u,
                              d.get("crossing_time_h"), d.get("crossing_cost_usd"))
    if ct is None:
        ct = model.crossing_time_h[mode]
    if cc is None:
        cc = model.crossing_cost_usd[mode]
    return float(ct), float(cc)


def _change_crossings(H: nx.MultiDiGraph, records: dict[str, Any],
                      changes: Mapping[str, CrossingChange], model: CostModel) -> None:
    if not changes:
        return
    new_record: dict[str, dict[str, float]] = {cid: {} for cid in changes}
    for u, _, _, d in H.edges(keys=True, data=True):
        cid = d.get("crossing")
        ch = changes.get(cid)
        if ch is None:
            continue
        rec = records.get(cid)
        forward = rec is None or u == rec.post_a
        t, c = _base_crossing(H, records, u, d, model)
        if ch.changes_time(forward):
            d["crossing_time_h"] = ch.new_time(t, forward)
            new_record[cid]["time_h_ab" if forward else "time_h_ba"] = d["crossing_time_h"]
        if ch.changes_cost(forward):
            d["crossing_cost_usd"] = ch.new_cost(c, forward)
            new_record[cid]["cost_usd_ab" if forward else "cost_usd_ba"] = d["crossing_cost_usd"]
    for cid, ch in changes.items():
        rec = records.get(cid)
        if rec is None:
            continue
        values = new_record[cid]
        # a direction without an edge (one-way link): change the record's own figure
        for direction, forward in (("ab", True), ("ba", False)):
            regime_t, regime_c, _ = default_for(rec, rec.post_a if forward else rec.post_b)
            for what, base_default in (
                    ("time_h", model.crossing_time_h.get(rec.mode) if regime_t is None
                     else regime_t),
                    ("cost_usd", model.crossing_cost_usd.get(rec.mode) if regime_c is None
                     else regime_c)):
                key = f"{what}_{direction}"
                changes_it = (ch.changes_time if what == "time_h" else ch.changes_cost)(forward)
                if key in values or not changes_it:
                    continue
                base = getattr(rec, key)
                base = base_default if base is None else base
                if base is None:
                    continue
                values[key] = (ch.new_time(base, forward) if what == "time_h"
                               else ch.new_cost(base, forward))
        records[cid] = dataclasses.replace(rec, **values)


def _change_links(H: nx.MultiDiGraph, changes: Mapping[str, LinkChange],
                  model: CostModel) -> None:
    for _, _, k, d in H.edges(keys=True, data=True):
        ch = changes.get(d.get("link_id", k))
        if ch is None:
            continue
        if ch.sailings_per_week is not None:
            d["sailings_per_week"] = float(ch.sailings_per_week)
        elif ch.sailings_factor is not None:
            base = d.get("sailings_per_week")
            if base is None or not base > 0:
                base = model.sailings_per_week
            d["sailings_per_week"] = float(base) * float(ch.sailings_factor)


def _change_places(H: nx.MultiDiGraph, changes: Mapping[str, PlaceChange],
                   model: CostModel) -> None:
    for pid, ch in changes.items():
        data = H.nodes[pid]
        ts = data.get("transshipment")
        new: dict[str, Any] = dict(ts) if ts else {
            "type": "seaport" if data.get("kind") == "port" else "dry_port", "modes": (),
            "dwell_h": None, "source": (), "estimate": "scenario", "note": ""}
        base = new.get("dwell_h")
        if base is None or base != base:  # None or NaN: the cost model's default
            base = model.port_dwell_h
        new["dwell_h"] = (float(ch.dwell_h) if ch.dwell_h is not None
                          else float(base) * float(ch.dwell_factor or 1.0))
        data["transshipment"] = new  # a new dict: the base graph's dict is shared by the copy


# --------------------------------------------------------------------------------------------
# resolving ids against the network
# --------------------------------------------------------------------------------------------
def _did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=n, cutoff=0.6)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


class _Resolver:
    """Check ids of a scenario against a network; errors name the scenario and key."""

    def __init__(self, G: nx.MultiDiGraph, where: str) -> None:
        self.G = G
        self.where = where
        self.records: Mapping[str, Any] = G.graph.get("crossings") or {}
        self._links: dict[str, list[tuple[Hashable, Hashable, Hashable, Any]]] | None = None
        self._names = {str(getattr(r, "name", "")).casefold(): cid
                       for cid, r in self.records.items()}

    def _fail(self, key: str, what: str, x: str, choices: Iterable[str]) -> ScenarioError:
        return ScenarioError(f"{self.where}: {key}: unknown {what} {x!r}"
                             f"{_did_you_mean(x, choices)}")

    def edges_of_link(self, lid: str) -> list[tuple[Hashable, Hashable, Hashable, Any]]:
        if self._links is None:
            self._links = {}
            for u, v, k, d in self.G.edges(keys=True, data=True):
                self._links.setdefault(str(d.get("link_id", k)), []).append((u, v, k, d))
        return self._links.get(lid, [])

    def crossing(self, x: str, key: str) -> str:
        if x in self.records:
            return x
        cid = self._names.get(str(x).casefold())
        if cid is not None:
            return cid
        raise self._fail(key, "crossing", x, self.records)

    def link(self, x: str, key: str) -> str:
        if self.edges_of_link(x):
            return x
        assert self._links is not None
        raise self._fail(key, "link", x, self._links)

    def place(self, x: str, key: str) -> str:
        if x in self.G:
            return x
        from corridors.network import find_place

        try:
            return str(find_place(self.G, x))
        except UnknownPlaceError as exc:
            raise ScenarioError(f"{self.where}: {key}: {exc}") from None

    def country(self, x: str, key: str) -> str:
        code = str(x).strip().upper()
        known = {str(c).upper() for _, c in self.G.nodes(data="country") if c}
        if code not in known:
            raise ScenarioError(f"{self.where}: {key}: country {x!r} is not in the network"
                                f"{_did_you_mean(code, known)}; known: {', '.join(sorted(known))}")
        return code


# --------------------------------------------------------------------------------------------
# reading files
# --------------------------------------------------------------------------------------------
_TABLES: dict[str, tuple[str, ...]] = {
    "scenario": ("name", "title", "description", "sources", "assumptions"),
    "close": ("crossings", "links", "places", "countries"),
    "open": ("links", "crossings"),
    "crossings": tuple(f.name for f in dataclasses.fields(CrossingChange)),
    "links": tuple(f.name for f in dataclasses.fields(LinkChange)),
    "places": tuple(f.name for f in dataclasses.fields(PlaceChange)),
    "cost_model": (),
}


def _number(value: Any, where: str, *, positive: bool = False, factor: bool = False,
            type_error: type[Exception] = ScenarioError) -> float:
    """Return a scenario's number, finite, >= 0 (> 0 if ``positive``) and within its bound.

    A factor (``factor=True``) is at most :data:`MAX_FACTOR`; any other figure at most
    :data:`~corridors.scoring.MAX_COST_MODEL_FIGURE`. A value that is not a number raises
    ``type_error`` (ScenarioError for a file's content, ArgumentTypeError in Python).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise type_error(f"{where} must be a number, got {type(value).__name__} "
                         f"{shorten(value)}")
    x = float(value) if not isinstance(value, int) or abs(value) < 1e300 else math.inf
    top = MAX_FACTOR if factor else MAX_COST_MODEL_FIGURE
    if not math.isfinite(x) or x < 0 or (positive and x == 0) or x > top:
        raise ScenarioError(f"{where} must be a finite number {'> 0' if positive else '>= 0'} "
                            f"and <= {top:,g}{' (a factor)' if factor else ''}, got "
                            f"{shorten(value)}")
    return x


def _strings(value: Any, where: str, *,
             type_error: type[Exception] = ScenarioError) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        wrong_type = not isinstance(value, list) or not all(isinstance(x, str) for x in value)
        raise (type_error if wrong_type else ScenarioError)(
            f"{where} must be a list of non-empty strings, got {shorten(value)}")
    return tuple(x.strip() for x in value)


def _text(value: Any, where: str, *, type_error: type[Exception] = ScenarioError) -> str:
    if not isinstance(value, str):
        raise type_error(f"{where} must be a string, got {type(value).__name__} "
                         f"{shorten(value)}")
    return value.strip()


def _dumps(data: Any, where: str, **kwargs: Any) -> str:
    from corridors.route import dumps_json

    return dumps_json(data, what=f"{where}", error=ScenarioError, **kwargs)


def _check_keys(table: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for key in table:
        if key not in allowed:
            raise ScenarioError(f"{where}: unknown key {shorten(key)}"
                                f"{_did_you_mean(str(key), allowed)}; "
                                f"valid keys: {', '.join(allowed)}")


def _item(cls: type, item_id: str, table: Any, where: str, *,
          type_error: type[Exception] = ScenarioError) -> Any:
    """Return a checked ``cls`` record; a value of the wrong type raises ``type_error``."""
    w = f"{where}: [{_section(cls)}.{item_id}]"
    if not isinstance(table, Mapping):
        if type_error is not ScenarioError:
            raise type_error(f"{w} must be a {cls.__name__} or a mapping of its fields, got "
                             f"{type(table).__name__} {shorten(table)}")
        raise ScenarioError(f"{w} must be a table, got {shorten(table)}")
    names = [f.name for f in dataclasses.fields(cls)]
    _check_keys(table, names, w)
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        if key == "note":
            kwargs[key] = _text(value, f"{w} note", type_error=type_error)
        elif key == "source":
            kwargs[key] = _strings(value, f"{w} source", type_error=type_error)
        else:
            kwargs[key] = _number(value, f"{w} {key}",
                                  positive=key in ("sailings_per_week", "sailings_factor"),
                                  factor=key.endswith("_factor"), type_error=type_error)
    rec = cls(**kwargs)
    if all(getattr(rec, n) is None for n in names if n not in ("note", "source")):
        raise ScenarioError(f"{w} changes nothing; give one of "
                            f"{', '.join(n for n in names if n not in ('note', 'source'))}")
    return rec


def _section(cls: type) -> str:
    return {CrossingChange: "crossings", LinkChange: "links", PlaceChange: "places"}[cls]


def scenario_from_dict(data: Mapping[str, Any], *, path: str | os.PathLike[str] | None = None,
                       name: str | None = None) -> Scenario:
    """Build a :class:`Scenario` from the structure of the file format.

    Parameters
    ----------
    data : mapping
        Tables as in the module docstring (what :mod:`tomllib` or :mod:`json` returns).
    path : str or path-like, optional
        Where the data came from (named in error messages, stored on the scenario).
    name : str, optional
        Name to use when ``[scenario] name`` is absent (default: the file's stem).

    Raises
    ------
    ScenarioError
        Naming the file and the table/key of the first problem in ``data``, including a
        value of the wrong type (the file's problem).
    ArgumentTypeError
        If ``data`` is not a mapping at all, ``path`` is not a path, or ``name`` not a
        string (the caller's problem).

    Examples
    --------
    >>> s = scenario_from_dict({"scenario": {"name": "x"}, "close": {"countries": ["ru"]}})
    >>> s.close_countries
    ('RU',)
    """
    if path is not None:
        path = _as_path(path, "scenario_from_dict: path")
    if name is not None and not isinstance(name, str):
        raise ArgumentTypeError(f"scenario_from_dict: name must be a string, got "
                                f"{type(name).__name__} {shorten(name)}")
    where = str(path) if path is not None else "scenario"
    if not isinstance(data, Mapping):
        raise ArgumentTypeError(f"scenario_from_dict: data must be a mapping of tables (what "
                                f"tomllib or json returns for a scenario file), got "
                                f"{type(data).__name__} {shorten(data)}")
    _check_keys(data, list(_TABLES), where)
    for table in data:
        if not isinstance(data[table], Mapping):
            raise ScenarioError(f"{where}: [{table}] must be a table, got "
                                f"{shorten(data[table])}")
    head = data.get("scenario", {})
    _check_keys(head, _TABLES["scenario"], f"{where}: [scenario]")
    kwargs: dict[str, Any] = {}
    for key in ("name", "title", "description"):
        if key in head:
            kwargs[key] = _text(head[key], f"{where}: [scenario] {key}")
    for key in ("sources", "assumptions"):
        if key in head:
            kwargs[key] = _strings(head[key], f"{where}: [scenario] {key}")
    if not kwargs.get("name"):
        kwargs["name"] = name or (Path(path).stem if path is not None else "")
    for table in ("close", "open"):
        section = data.get(table, {})
        _check_keys(section, _TABLES[table], f"{where}: [{table}]")
        for key, value in section.items():
            kwargs[f"{table}_{key}"] = _strings(value, f"{where}: [{table}] {key}")
    for table, cls in (("crossings", CrossingChange), ("links", LinkChange),
                       ("places", PlaceChange)):
        kwargs[table] = {str(i): _item(cls, str(i), t, where)
                         for i, t in data.get(table, {}).items()}
    kwargs["cost_model"] = dict(data.get("cost_model", {}))
    # the file's types are checked here (ScenarioError); Scenario() would call a wrong type
    # in its cost_model an ArgumentTypeError
    _check_cost_model_keys(kwargs["cost_model"], where)
    kwargs["path"] = str(path) if path is not None else None
    return Scenario(**kwargs)


def _as_path(value: Any, what: str) -> Path:
    """Return a path argument as a Path, or raise ArgumentTypeError naming what it got."""
    if isinstance(value, (str, os.PathLike)) and not isinstance(value, bytes):
        try:
            return Path(value)
        except TypeError:
            pass
    raise ArgumentTypeError(f"{what} must be a built-in scenario name or a .toml/.json file path, "
                        f"got {type(value).__name__} {shorten(value)}")


def read_scenario_file(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario from a ``.toml`` or ``.json`` file.

    The file must be a regular file of UTF-8 text, at most :data:`MAX_FILE_BYTES` bytes.

    Raises
    ------
    ScenarioError
        If the file is missing, not a regular file, too large, not UTF-8, not valid TOML/JSON
        (with line and column), nested too deeply, or invalid; the message names the file.
    ArgumentTypeError
        If ``path`` is not a path (str or path-like).
    """
    p = _as_path(path, "read_scenario_file: path")
    try:
        # a FIFO or a device would block or never end: look before opening
        if p.exists() and not p.is_file():
            what = "a directory" if p.is_dir() else "not a regular file"
            raise ScenarioError(f"{p}: {what}; give a .toml or .json scenario file")
        with p.open("rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise ScenarioError(f"{p}: not a regular file; give a .toml or .json file")
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(f"{p}: cannot read the scenario file: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. an embedded NUL in the name
        raise ScenarioError(f"{shorten(str(p))}: cannot read the scenario file: {exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(f"{p}: larger than {MAX_FILE_BYTES:,} bytes; a scenario file is a "
                            "few KB of TOML or JSON")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{p}: not UTF-8 text (byte {exc.start}: {exc.reason}); save the "
                            "scenario as UTF-8 TOML or JSON") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        if p.suffix.lower() == ".json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ScenarioError(f"{p}: invalid JSON: {exc}") from None
        else:
            import tomllib

            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise ScenarioError(f"{p}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ScenarioError(f"{p}: nested too deeply to be a scenario (tables or arrays inside "
                            "each other thousands of times)") from None
    if not isinstance(data, Mapping):  # a JSON array or number: the file's problem
        raise ScenarioError(f"{p}: a scenario must be a table (a JSON object), got "
                            f"{type(data).__name__}")
    return scenario_from_dict(data, path=p)


# --------------------------------------------------------------------------------------------
# built-in scenarios and lookup
# --------------------------------------------------------------------------------------------
def builtin_scenarios_dir() -> Path:
    """Return the directory of the built-in scenario files.

    ``corridors/_data/scenarios`` in an installed wheel, ``data/scenarios`` in a checkout.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "_data" / "scenarios"
    if packaged.is_dir():
        return packaged
    return here.parent / "data" / "scenarios"


def _builtin_files() -> dict[str, Path]:
    d = builtin_scenarios_dir()
    if not d.is_dir():
        return {}
    return {p.stem: p for p in sorted(d.iterdir()) if p.suffix in _SUFFIXES and p.is_file()}


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


def list_scenarios() -> list[str]:
    """Return the names of the built-in scenarios, sorted.

    Examples
    --------
    >>> "russia_avoided" in list_scenarios()
    True
    """
    return sorted(_builtin_files())


def load_scenario(scenario: Scenario | str | os.PathLike[str]) -> Scenario:
    """Return a scenario: a built-in name, a ``.toml``/``.json`` file, or a Scenario.

    Parameters
    ----------
    scenario : Scenario, str or path-like
        A built-in name (case, spaces and ``-``/``_`` are ignored) or a file path.

    Raises
    ------
    ScenarioError
        For an unknown name (listing the valid names, with "did you mean"), or a file that
        cannot be read or is invalid (naming the file and key).
    ArgumentTypeError
        If ``scenario`` is neither a Scenario, a string nor a path.

    Examples
    --------
    >>> load_scenario("Iran-avoided").close_countries
    ('IR',)
    """
    if isinstance(scenario, Scenario):
        return scenario
    p = _as_path(scenario, "load_scenario: scenario")
    text = os.fspath(scenario)
    if p.suffix.lower() in _SUFFIXES or p.is_file() or os.sep in text or "/" in text:
        return read_scenario_file(p)
    files = _builtin_files()
    by_key = {_key(n): f for n, f in files.items()}
    found = by_key.get(_key(text))
    if found is not None:
        return read_scenario_file(found)
    names = sorted(files)
    close = difflib.get_close_matches(_key(text), names, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    err = ScenarioError(f"unknown scenario {shorten(text)}; {hint}built-in scenarios: "
                        f"{', '.join(names) or '(none found)'} (or give a .toml/.json file)")
    err.suggestions = close  # type: ignore[attr-defined]
    raise err


def apply_scenario(G: nx.MultiDiGraph, scenario: Scenario | str | os.PathLike[str] | None,
                   *, cost_model: CostModel | None = None) -> tuple[nx.MultiDiGraph, CostModel]:
    """Return ``(graph, cost_model)`` of a scenario (by name, file or object) on ``G``.

    With ``scenario=None`` return ``(G, cost_model or DEFAULT_COST_MODEL)`` unchanged (the base
    case), so a command-line ``--scenario`` option is one call.

    Raises
    ------
    ScenarioError
        For an unknown or invalid scenario.
    ArgumentTypeError
        If ``G``, ``scenario`` or ``cost_model`` is of the wrong type.
    """
    from corridors.network import check_graph

    check_graph(G, "apply_scenario")
    check_cost_model(cost_model)
    if scenario is None:
        return G, cost_model or DEFAULT_COST_MODEL
    return load_scenario(scenario).apply(G, cost_model)


# --------------------------------------------------------------------------------------------
# comparing a scenario with the base
# --------------------------------------------------------------------------------------------
def parse_od_pairs(items: Iterable[str | Sequence[Any]] | str) -> list[tuple[Any, Any]]:
    """Return origin-destination pairs from ``"A:B"`` strings (also ``A->B``, ``A,B``) or pairs.

    Examples
    --------
    >>> parse_od_pairs(["almaty:duisburg", ("dushanbe", "karachi")])
    [('almaty', 'duisburg'), ('dushanbe', 'karachi')]

    Raises
    ------
    ArgumentTypeError
        If ``items`` is not a list, or an item neither text nor a pair.
    ConstraintError
        For text that is not ``"A:B"``, or a pair that does not have two places.
    """
    if isinstance(items, str):
        items = [items]
    if isinstance(items, (bytes, Mapping)) or not isinstance(items, Iterable):
        raise ArgumentTypeError(f"origin-destination pairs are a list of 'ORIGIN:DESTINATION' "
                                f"strings or (origin, destination) pairs, got "
                                f"{type(items).__name__} {shorten(items)}")
    out: list[tuple[Any, Any]] = []
    for item in items:
        if isinstance(item, str):
            parts = [p.strip() for p in re.split(r"->|:|,", item, maxsplit=1)]
            if len(parts) != 2 or not all(parts):
                raise ConstraintError(f"origin-destination pair {shorten(item)} is not "
                                      "ORIGIN:DESTINATION")
            out.append((parts[0], parts[1]))
        else:
            if isinstance(item, (bytes, Mapping)) or not isinstance(item, Iterable):
                raise ArgumentTypeError(f"origin-destination pair {shorten(item)} is not "
                                        "ORIGIN:DESTINATION nor (origin, destination), but "
                                        f"{type(item).__name__}")
            pair = tuple(item)
            if len(pair) != 2:
                raise ConstraintError(f"origin-destination pair {shorten(item)} does not have "
                                      "two places")
            out.append((pair[0], pair[1]))
    return out


def _route_options() -> tuple[str, ...]:
    """Keyword options of :func:`~corridors.routing.best_route` a caller may pass through."""
    import inspect

    from corridors.routing import best_route

    return tuple(n for n, prm in inspect.signature(best_route).parameters.items()
                 if prm.kind is inspect.Parameter.KEYWORD_ONLY and n != "cost_model")


def _od_label(x: Any) -> str:
    return x if isinstance(x, str) else str(tuple(x))


def route_record(G: nx.MultiDiGraph, origin: Any, destination: Any,
                 objective: Any = "generalized", *, cost_model: CostModel | None = None,
                 raise_unknown: bool = False, **constraints: Any) -> dict[str, Any]:
    """Return the best route's figures as a flat dict, or why there is none.

    Used by :func:`compare_scenarios` and :mod:`corridors.batch` so both give the same
    numbers. Keys: ``ok`` (bool), ``reason`` (str), and when ``ok``: ``distance_km``,
    ``crossings``, ``time_h``, ``cost_usd``, ``score``, ``signature`` (tuple), ``countries``
    (tuple), ``crossing_names`` (tuple), ``planned_share``.

    Parameters
    ----------
    raise_unknown : bool
        Raise :class:`~corridors.errors.UnknownPlaceError` and
        :class:`~corridors.errors.ConstraintError` (the base network: a typo) instead of
        reporting them (a scenario network: the place or country may be closed).
    """
    from corridors.network import check_graph, check_keywords
    from corridors.routing import best_route

    check_graph(G, "route_record")
    check_cost_model(cost_model)
    check_keywords(constraints, _route_options(), "route_record")
    catch: tuple[type[Exception], ...] = (NoRouteError,)
    if not raise_unknown:
        catch = (NoRouteError, UnknownPlaceError, ConstraintError)
    try:
        r = best_route(G, origin, destination, objective, cost_model=cost_model, **constraints)
    except catch as exc:
        reason = str(exc)
        if isinstance(exc, UnknownPlaceError):
            reason = f"{exc.query!r} is not in this network (closed by the scenario?)"
        return {"ok": False, "reason": reason}
    return {
        "ok": True, "reason": "", "distance_km": r.distance_km, "crossings": r.crossings,
        "time_h": r.time_h, "cost_usd": r.cost_usd, "score": r.score,
        "signature": tuple(r.signature), "countries": tuple(r.countries),
        "crossing_names": tuple(x.name for x in r.border_crossings),
        "planned_share": r.planned_share,
    }


_METRICS = (("km", "distance_km"), ("crossings", "crossings"), ("h", "time_h"),
            ("usd", "cost_usd"), ("score", "score"))

#: Columns of :func:`compare_scenarios`.
COMPARE_COLUMNS = (
    "scenario", "origin", "destination", "status",
    *(f"{p}_{m}" for m, _ in _METRICS for p in ("base", "scenario", "delta")),
    "base_countries", "scenario_countries", "base_corridor", "scenario_corridor",
    "corridor_changed", "countries_changed", "reason",
)


def compare_row(scenario: str, origin: Any, destination: Any, base: Mapping[str, Any],
                new: Mapping[str, Any]) -> dict[str, Any]:
    """Return one row of :func:`compare_scenarios` from two :func:`route_record` dicts.

    ``status`` is ``"unchanged"``, ``"changed"`` (same corridor, other figures),
    ``"rerouted"`` (another corridor), ``"impossible"`` (no route in the scenario),
    ``"enabled"`` (a route only in the scenario) or ``"no route"`` (neither).
    """
    nan = float("nan")
    row: dict[str, Any] = {"scenario": scenario, "origin": _od_label(origin),
                           "destination": _od_label(destination)}
    for m, key in _METRICS:
        b = base[key] if base["ok"] else nan
        s = new[key] if new["ok"] else nan
        row[f"base_{m}"], row[f"scenario_{m}"] = b, s
        row[f"delta_{m}"] = s - b if base["ok"] and new["ok"] else nan
    for prefix, rec in (("base", base), ("scenario", new)):
        row[f"{prefix}_countries"] = " > ".join(rec["countries"]) if rec["ok"] else ""
        row[f"{prefix}_corridor"] = ("; ".join(rec["crossing_names"]) or "(no crossing)"
                                     if rec["ok"] else "")
    both = base["ok"] and new["ok"]
    row["corridor_changed"] = bool(both and base["signature"] != new["signature"])
    row["countries_changed"] = bool(both and base["countries"] != new["countries"])
    if both:
        same = all(base[k] == new[k] for _, k in _METRICS)
        row["status"] = ("rerouted" if row["corridor_changed"]
                         else "unchanged" if same else "changed")
        row["reason"] = ""
    elif base["ok"]:
        row["status"], row["reason"] = "impossible", new["reason"]
    elif new["ok"]:
        row["status"], row["reason"] = "enabled", base["reason"]
    else:
        row["status"], row["reason"] = "no route", new["reason"]
    return row


def compare_scenarios(
    G: nx.MultiDiGraph,
    scenario: Scenario | str | os.PathLike[str],
    od_pairs: Iterable[str | Sequence[Any]] = DEFAULT_OD_PAIRS,
    objective: Any = "generalized",
    *,
    cost_model: CostModel | None = None,
    **constraints: Any,
) -> pandas.DataFrame:
    """Compare the best route of each origin-destination pair in the base and in a scenario.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The base network; never modified.
    scenario : Scenario, str or path-like
        The scenario (a built-in name, a file, or an object).
    od_pairs : iterable
        ``(origin, destination)`` pairs or ``"ORIGIN:DESTINATION"`` strings (places as in
        :func:`~corridors.routing.best_route`). Default :data:`DEFAULT_OD_PAIRS`.
    objective : str or ScoreWeights
        What "best" means.
    cost_model : CostModel, optional
        The base cost model; the scenario's changes apply on top of it.
    **constraints
        Keyword options of :func:`~corridors.routing.best_route` (``modes``, ``via``,
        ``avoid_countries``, ``avoid_places``, ``avoid_crossings``, ``avoid_links``,
        ``max_crossings``, ``include_planned``), used in both networks.

    Returns
    -------
    pandas.DataFrame
        One row per pair (columns :data:`COMPARE_COLUMNS`): ``base_*``, ``scenario_*`` and
        ``delta_*`` for km, crossings, hours, USD and score; countries and the crossings
        passed (``*_corridor``) in each; ``corridor_changed`` (another sequence of border
        crossings and sea links), ``countries_changed``; ``status`` and ``reason`` (why a
        pair has no route). Pairs that become impossible are reported, not raised.

    Raises
    ------
    UnknownPlaceError, ConstraintError
        For a place or option the *base* network does not know (a typo).
    ArgumentTypeError
        For a keyword that is not an option of :func:`~corridors.routing.best_route` (with
        "did you mean"), or an argument of the wrong type.
    ScenarioError
        For an invalid scenario.
    """
    from corridors.network import check_keywords

    check_keywords(constraints, _route_options(), "compare_scenarios")
    pd = _import_pandas()
    s = load_scenario(scenario)
    H, scen_model = s.apply(G, cost_model, materialize=True)
    base_model = cost_model or DEFAULT_COST_MODEL
    rows = []
    for o, d in parse_od_pairs(od_pairs):
        base = route_record(G, o, d, objective, cost_model=base_model, raise_unknown=True,
                            **constraints)
        new = route_record(H, o, d, objective, cost_model=scen_model, **constraints)
        rows.append(compare_row(s.name, o, d, base, new))
    return pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))


def _import_pandas() -> Any:
    from corridors._optional import require

    return require("pandas", "compare_scenarios", "geo")
