"""Capacities: what a border crossing, link, port or terminal can carry in a year.

``capacities.csv`` gives, per element, its capacity in TEU per year converted from the published
figure (trains or trucks per day, TEU or tonnes per year, sailings ...) with the method in its
note, the year and the source. Elements without a row have no known capacity: the assignment
leaves them unconstrained and lists the busiest of them (:func:`unknown_capacities`).

An element is ``(kind, id, direction)``:

- ``crossing`` — a border crossing id; ``ab`` is country_a -> country_b.
- ``link`` — a link id; ``ab`` is its ``from`` -> ``to``.
- ``port`` — a place: TEU loaded or discharged there by sea (a box that arrives by train and
  leaves by ferry is one TEU of the port's throughput, as ports count it).
- ``terminal`` — a place: TEU changing mode there (a rail-road or gauge transshipment).

``both`` means the two directions share the capacity.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from corridors.checker import Checker, provenance
from corridors.errors import shorten
from corridors.model import Capacity

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from corridors.io import Tables

__all__ = ["DIRECTIONS", "KINDS", "Element", "capacities_frame", "check_capacity_table",
           "element_capacities", "element_label", "element_labels"]

#: The kinds of element a capacity may bind.
KINDS = ("crossing", "link", "port", "terminal")
#: Directions of a capacity.
DIRECTIONS = ("both", "ab", "ba")
#: Capacities above this (TEU per year) are a typing error (the world's ports: ~900 M TEU).
MAX_TEU_PER_YEAR = 1e8

#: ``(kind, id, direction)``.
Element = tuple[str, Hashable, str]


def check_capacity_table(ck: Checker, tables: Tables, rec: Any) -> None:
    """Parse ``capacities.csv`` into ``rec.capacities`` (problems with file, row, column).

    ``rec`` is the :class:`~corridors.validate.Records` being built: its places, links,
    crossings and sources are known.
    """
    out: dict[tuple[str, str, str, str], Capacity] = {}
    first: dict[tuple[str, str, str, str], Any] = {}
    for row in tables.rows.get("capacities", ()):
        kind = ck.choice(row, "kind", KINDS)
        element = ck.text(row, "element", required=True)
        direction = ck.choice(row, "direction", DIRECTIONS, default="both")
        known = {"crossing": rec.crossings, "link": rec.links, "port": rec.places,
                 "terminal": rec.places}.get(kind)
        if element and known is not None and element not in known:
            ck.add(row, "element", f"unknown {kind} id {shorten(element)}"
                   + ("; ports and terminals are place ids" if kind in ("port", "terminal")
                      else ""))
        if kind in ("port", "terminal") and direction != "both":
            ck.add(row, "direction", f"a {kind} capacity counts both directions: use 'both'")
        if kind == "port" and element in rec.places and rec.places[element].get("kind") != "port":
            ck.add(row, "element", f"{element} is not a port (kind "
                   f"{rec.places[element].get('kind')}); use kind 'terminal'")
        teu = ck.number(row, "teu_per_year", required=True, positive=True,
                        maximum=MAX_TEU_PER_YEAR)
        value = ck.number(row, "value", positive=True)
        if value is not None and not row.get("unit"):
            ck.add(row, "unit", "is empty; say what the published value counts "
                                "(e.g. 'trains/day', 'TEU/year')")
        year = ck.year(row, "year")
        status = ck.choice(row, "status", ("current", "planned"), default="current")
        source = provenance(ck, row, rec.sources)
        if not (kind in KINDS and element and teu is not None and teu > 0):
            continue
        key = (kind, element, direction, status)
        if key in first and first[key].file == row.file:
            ck.add(row, "element", f"{kind} {element} ({direction}, {status}) has a capacity "
                                   f"already (row {first[key].line}); keep one")
            continue
        first[key] = row
        out[key] = Capacity(kind, element, direction, teu, value, row.get("unit"),
                            int(year) if year and year.isdigit() else None, status, source,
                            row.get("estimate"), row.get("note"))
    rec.capacities = {(c.kind, c.element, c.direction, c.status): c for c in out.values()}


def element_capacities(G: Any, *, planned: bool = False,
                       scale: Mapping[str, float] | None = None) -> dict[Element, float]:
    """Return the capacity (TEU per year) of every element of ``G`` with a known one.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A network whose ``graph["capacities"]`` holds its :class:`~corridors.model.Capacity`
        records.
    planned : bool
        Use a planned capacity where there is one (an expansion due later), instead of the
        current one. An element with only a planned capacity (a line not built yet) always
        has it: it carries nothing unless a scenario or ``include_planned`` opens it.
    scale : mapping, optional
        Multiply capacities: keys are ``kind:id`` (``crossing:dostyk_alashankou_rail``),
        ``kind`` (``port``) or ``*``; the most specific key wins.
    """
    records: Mapping[tuple[str, str, str, str], Capacity] = G.graph.get("capacities") or {}
    out: dict[Element, float] = {}
    for (kind, element, direction, status), cap in records.items():
        key = (kind, element, direction)
        other = (kind, element, direction, "current" if status == "planned" else "planned")
        # current unless planned is asked for; an element with only a planned capacity (a
        # line not built yet, opened by a scenario) has that one
        if other in records and (status == "planned") != planned:
            continue
        out[key] = cap.teu_per_year
    if scale:
        for key in out:
            kind, element, _ = key
            factor = scale.get(f"{kind}:{element}", scale.get(kind, scale.get("*", 1.0)))
            out[key] *= float(factor)
    return out


def element_label(G: Any, element: Element) -> str:
    """Return the name of an element as people know it (``Dostyk–Alashankou (rail)``)."""
    return element_labels(G, [element])[element]


def element_labels(G: Any, elements: Iterable[Element]) -> dict[Element, str]:
    """Return the names of many elements (one pass over the links for all of them)."""
    elements = list(elements)
    links = {e[1] for e in elements if e[0] == "link"}
    edge_of: dict[Hashable, tuple[Hashable, Hashable, Hashable]] = {}
    if links:
        for u, v, k, d in G.edges(keys=True, data=True):
            link = d.get("link_id", k)
            if link in links and not d.get("reverse"):
                edge_of.setdefault(link, (u, v, k))
    return {e: _label(G, e, edge_of) for e in elements}


def _label(G: Any, element: Element,
           edge_of: Mapping[Hashable, tuple[Hashable, Hashable, Hashable]]) -> str:
    kind, ident, direction = element
    if kind == "crossing":
        c = G.graph.get("crossings", {}).get(ident)
        name = f"{c.name} ({c.mode})" if c is not None else str(ident)
        if direction != "both" and c is not None:
            a, b = (c.country_a, c.country_b) if direction == "ab" else (c.country_b,
                                                                         c.country_a)
            name += f" {a}→{b}"
        return name
    if kind == "link":
        if ident not in edge_of:
            return str(ident)
        u, v, k = edge_of[ident]
        names = (G.nodes[u].get("name", u), G.nodes[v].get("name", v))
        return f"{names[0]}–{names[1]} ({G.edges[u, v, k].get('mode', '')})"
    node = G.nodes[ident] if ident in G else {}
    return f"{node.get('name', ident)} {'port' if kind == 'port' else 'terminal'}"


def capacities_frame(G: Any) -> pandas.DataFrame:
    """Return the capacities of a network as a table, one row per record, with sources."""
    import pandas as pd

    records = list((G.graph.get("capacities") or {}).values())
    names = element_labels(G, [(c.kind, c.element, c.direction) for c in records])
    rows = []
    for cap in records:
        rows.append({"kind": cap.kind, "element": cap.element,
                     "name": names[cap.kind, cap.element, cap.direction],
                     "direction": cap.direction, "teu_per_year": cap.teu_per_year,
                     "value": cap.value, "unit": cap.unit, "year": cap.year,
                     "status": cap.status, "source": "|".join(cap.source),
                     "estimate": cap.estimate, "note": cap.note})
    return pd.DataFrame(rows, columns=["kind", "element", "name", "direction", "teu_per_year",
                                       "value", "unit", "year", "status", "source",
                                       "estimate", "note"])
