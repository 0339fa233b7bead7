"""Applying a scenario's changes to a copy of the network, and resolving its ids.

Helpers of :meth:`corridors.scenarios.Scenario.apply`: the filter of closed elements
(:class:`_NotIn`), the attribute changes made on the graph copy (opened links and crossings,
crossing times and costs, ferry frequencies, port dwell) and the checks of a scenario's ids
against a network (:class:`_Resolver`). Nothing here is public.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from corridors.costmodel import CostModel
from corridors.errors import ScenarioError, UnknownPlaceError
from corridors.model import CrossingStatus, LinkStatus
from corridors.regimes import crossing_figures, default_for
from corridors.scenario_changes import CrossingChange, LinkChange, PlaceChange, _did_you_mean

__all__: list[str] = []

#: The scenario module's logger: its messages kept their logger name when this module was split out.
logger = logging.getLogger("corridors.scenarios")


class _NotIn:
    """Picklable filter: ``x not in hidden`` (for :func:`networkx.subgraph_view`)."""

    __slots__ = ("hidden",)

    def __init__(self, hidden: Iterable[Hashable]) -> None:
        self.hidden = frozenset(hidden)

    def __call__(self, *x: Hashable) -> bool:
        return (x[0] if len(x) == 1 else x) not in self.hidden


def _apply_changes(s: Any, G: nx.MultiDiGraph, model: CostModel,
                   materialize: bool) -> nx.MultiDiGraph:
    """Return the graph of scenario ``s`` on ``G`` under its cost model ``model``.

    The work of :meth:`corridors.scenarios.Scenario.apply` (which checks the arguments and
    documents the result); ``s`` is a :class:`~corridors.scenarios.Scenario`.
    """
    ids = _Resolver(G, s._where)
    close_x = [ids.crossing(x, "[close] crossings") for x in s.close_crossings]
    close_l = [ids.link(x, "[close] links") for x in s.close_links]
    close_p = [ids.place(x, "[close] places") for x in s.close_places]
    close_c = [ids.country(x, "[close] countries") for x in s.close_countries]
    open_l = [ids.link(x, "[open] links") for x in s.open_links]
    open_x = [ids.crossing(x, "[open] crossings") for x in s.open_crossings]
    x_changes = {ids.crossing(k, f"[crossings.{k}]"): v for k, v in s.crossings.items()}
    l_changes = {ids.link(k, f"[links.{k}]"): v for k, v in s.links.items()}
    p_changes = {ids.place(k, f"[places.{k}]"): v for k, v in s.places.items()}
    for lid, ch in l_changes.items():
        modes = {d.get("mode") for _, _, _, d in ids.edges_of_link(lid)}
        mode = "/".join(sorted(map(str, modes)))
        if (ch.sailings_per_week is not None or ch.sailings_factor is not None) \
                and modes != {"sea"}:
            raise ScenarioError(f"{s._where}: [links.{lid}] sailings apply to sea links "
                                f"only; {lid!r} is {mode}")
        if ch.electric_share is not None:
            if modes != {"rail"}:
                raise ScenarioError(f"{s._where}: [links.{lid}] electric_share applies to "
                                    f"rail links only; {lid!r} is {mode}")
            if not G.graph.get("emission_factors"):
                raise ScenarioError(f"{s._where}: [links.{lid}] electric_share needs the "
                                    "network's emission data (data/emissions.csv and "
                                    "electricity.csv); this network has none")

    H = G.copy() if s.changes_attributes or materialize else G
    graph_attrs = dict(G.graph)
    records = dict(G.graph.get("crossings") or {})
    if s.changes_attributes:
        _open(H, records, open_l, open_x)
        _change_crossings(H, records, x_changes, model)
        _change_links(H, l_changes, model)
        _change_places(H, p_changes, model)
    for cid in close_x:
        if cid in records:
            records[cid] = dataclasses.replace(records[cid],
                                               status=CrossingStatus.CLOSED.value)
    graph_attrs["crossings"] = records
    graph_attrs["scenario"] = s.name
    if s.capacities:
        graph_attrs["capacities"] = _scaled_capacities(G, s.capacities, ids)
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
    logger.debug("scenario %s: %d places and %d directed edges hidden", s.name,
                 len(hidden_nodes), len(hidden_edges))
    return H


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
    from corridors.emissions import rail_intensity

    factors = H.graph.get("emission_factors") or {}
    for u, v, k, d in H.edges(keys=True, data=True):
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
        if ch.electric_share is not None:
            countries = tuple(dict.fromkeys(
                c for c in (H.nodes[u].get("country"), H.nodes[v].get("country")) if c))
            d.update(rail_intensity(float(ch.electric_share), countries, factors, "scenario"))
        if ch.co2e_factor is not None:
            mode = d.get("mode")
            wtw, ttw = d.get("co2e_g_tkm"), d.get("co2e_ttw_g_tkm")
            f = float(ch.co2e_factor)
            d["co2e_g_tkm"] = f * (model.co2e_g_per_tkm[mode] if wtw is None else wtw)
            d["co2e_ttw_g_tkm"] = f * (model.co2e_ttw_g_per_tkm[mode] if ttw is None else ttw)
            d["co2e_basis"] = f"{d.get('co2e_basis') or mode} x {f:g} (scenario)"


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


def _scaled_capacities(G: nx.MultiDiGraph, factors: Mapping[str, float], ids: _Resolver
                       ) -> dict[Any, Any]:
    """Return ``G``'s capacity records with the scenario's ``[capacities]`` factors applied."""
    for key in factors:
        kind, _, ident = key.partition(":")
        if ident:
            check = {"crossing": ids.crossing, "link": ids.link}.get(kind, ids.place)
            check(ident, f"[capacities] {key}")
    out = {}
    for key, cap in (G.graph.get("capacities") or {}).items():
        factor = factors.get(f"{cap.kind}:{cap.element}",
                             factors.get(cap.kind, factors.get("*", 1.0)))
        out[key] = dataclasses.replace(cap, teu_per_year=cap.teu_per_year * factor)
    return out
