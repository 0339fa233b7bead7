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

    [links.aktau_port_alat_port_sea]       # one table per link id
    sailings_per_week = 7        # or sailings_factor = 2 (sea links)
    co2e_factor = 0.8            # any link: its emission intensity times 0.8

    [links.aktogay_moyynty_rail]
    electric_share = 1           # rail links: the line electrified (0 to 1 of its length)

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
standard library and networkx. The change records and value checks live in
:mod:`corridors.scenario_changes`, the edits of the network in :mod:`corridors.scenario_graph`
and the route records and comparison rows (:func:`route_record`, :func:`compare_row`,
:data:`COMPARE_COLUMNS`) in :mod:`corridors.scenario_compare`; all are importable from here.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import logging
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from corridors.costmodel import (
    DEFAULT_COST_MODEL,
    CostModel,
    _keyword_checked,
    check_cost_model,
)
from corridors.errors import ArgumentTypeError, ScenarioError, shorten

# The change records and value checks, the graph edits, and the route records and comparison
# rows live in their own modules (imported one way: they never import this one); their public
# names are re-exported here, where they have always been importable from.
from corridors.scenario_changes import (
    MAX_FACTOR,
    CrossingChange,
    LinkChange,
    PlaceChange,
    _as_path,
    _check_cost_model_keys,
    _check_exclusive,
    _check_keys,
    _cost_model,
    _describe,
    _item,
    _record_dict,
    _strings,
    _text,
    check_capacity_factors,
)
from corridors.scenario_compare import (
    COMPARE_COLUMNS,
    DEFAULT_OD_PAIRS,
    _route_options,
    compare_row,
    parse_od_pairs,
    route_record,
)
from corridors.scenario_graph import _apply_changes
from corridors.scenario_graph import _NotIn as _NotIn  # re-exported: corridors.criticality uses it

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


_SUFFIXES = (".toml", ".json")
#: Largest scenario file read, in bytes (the built-in ones are a few KB).
MAX_FILE_BYTES = 1_000_000


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
    capacities : dict of str to float
        Capacity factors for the assignment (:mod:`corridors.assignment`): ``"kind:id"``,
        ``"kind"`` or ``"*"`` -> factor (``{"port:alat_port": 2}``).
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
    capacities: Mapping[str, float] = field(default_factory=dict)
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
        object.__setattr__(self, "capacities", check_capacity_factors(
            self.capacities, where, type_error=ArgumentTypeError))
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
            if lc.electric_share is not None and lc.electric_share > 1:
                raise ScenarioError(f"{where}: [links.{lid}] electric_share is a share of the "
                                    f"line, from 0 to 1, got {lc.electric_share:g}")
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
        if self.capacities:
            out["capacities"] = dict(self.capacities)
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
        if self.capacities:
            lines.append("  capacities: " + _describe(self.capacities))
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
        return _apply_changes(self, G, model, materialize), model


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
    "capacities": (),
}


def _dumps(data: Any, where: str, **kwargs: Any) -> str:
    from corridors.route import dumps_json

    return dumps_json(data, what=f"{where}", error=ScenarioError, **kwargs)


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
    kwargs["capacities"] = check_capacity_factors(data.get("capacities", {}), where)
    # the file's types are checked here (ScenarioError); Scenario() would call a wrong type
    # in its cost_model an ArgumentTypeError
    _check_cost_model_keys(kwargs["cost_model"], where)
    kwargs["path"] = str(path) if path is not None else None
    return Scenario(**kwargs)


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
        ``delta_*`` (scenario minus base) for km, crossings, hours, USD, score and
        ``kg_co2e`` (well-to-wheel kg CO2e per TEU at each cost model's ``payload_t``, so a
        scenario's ``[cost_model] payload_t`` shows here); countries and the crossings
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
