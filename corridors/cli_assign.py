"""``corridors assign``: where a demand table's containers go under the network's capacities.

The command of :func:`corridors.assignment.assign` (the parser is in
:mod:`corridors.cli_parser`): tables of the OD pairs, the bottlenecks and the busiest
elements with no known capacity; JSON, CSV of the flows, GeoJSON of the flows; a flow map and
a utilisation chart.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridors.errors import ConstraintError
from corridors.textwidth import Column, render_table, terminal_width, wrap

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from corridors.assignment import Assignment

__all__ = ["FLOW_TABLE_COLUMNS", "OD_COLUMNS", "QUEUE_TABLE_COLUMNS", "assign_geojson",
           "assign_text", "cmd_assign"]

logger = logging.getLogger(__name__)

#: The OD pairs of ``corridors assign``.
OD_COLUMNS = (
    Column("origin", "origin", min_width=8), Column("destination", "destination", min_width=8),
    Column("demand_teu", "demand TEU/year", "count"),
    Column("assigned_teu", "carried TEU/year", "count"),
    Column("unserved_teu", "unserved TEU/year", "count"),
    Column("routes", "routes", "count"),
    Column("main", "main route: countries (share)", min_width=20),
)
#: The bottlenecks and the elements without a known capacity.
FLOW_TABLE_COLUMNS = (
    Column("name", "element", min_width=16), Column("kind", "kind", wrap=False),
    Column("teu", "TEU/year", "count"), Column("capacity", "capacity TEU/year", "count"),
    Column("utilisation", "used %", "share"),
    Column("shadow_price_usd_per_teu", "+1 TEU saves USD", "usd"),
)
#: The same for the equilibrium: the queue's delay instead of the shadow price.
QUEUE_TABLE_COLUMNS = (*FLOW_TABLE_COLUMNS[:-1], Column("delay_h", "delay h/TEU", "h"))


def assign_text(a: Assignment, *, top: int = 15, width: int | None = None) -> str:
    """Return the terminal report of an assignment: totals, OD pairs, bottlenecks, unknowns."""
    width = terminal_width() if width is None else width
    carried = a.demand_teu - a.unserved_teu
    queues = a.method == "equilibrium"
    head = (f"{a.demand_teu:,.0f} TEU/year demanded · {carried:,.0f} carried · "
            f"{a.unserved_teu:,.0f} unserved · objective {a.objective} · "
            + ("no capacities (all-or-nothing)" if not a.capacities
               else f"user equilibrium: capacities cause queues (relative gap {a.gap:.1g})"
               if queues else "capacities applied"))
    lines = wrap(head, width, "", "  ")
    rows = []
    for o in a.od:
        main = ""
        if o.routes:
            route, teu = o.routes[0]  # its crossings are in --format json
            main = f"{'>'.join(route.countries)} ({100 * teu / o.assigned_teu:.0f}%)"
        rows.append({"origin": _label(o.origin), "destination": _label(o.destination),
                     "demand_teu": o.demand_teu, "assigned_teu": o.assigned_teu,
                     "unserved_teu": o.unserved_teu, "routes": len(o.routes), "main": main})
    lines += ["", "OD pairs", render_table(rows, OD_COLUMNS, width=width)]
    sections = (("Queues: elements at or beyond capacity, the longest delay first" if queues
                 else "Bottlenecks: capacities in full use, the dearest first", a.bottlenecks),
                ("Busiest elements with no known capacity (unconstrained)", a.unconstrained))
    columns = QUEUE_TABLE_COLUMNS if queues else FLOW_TABLE_COLUMNS
    for title, flows in sections:
        if not flows:
            continue
        shown = [{**f.record(), "shadow_price_usd_per_teu": f.shadow_price_usd_per_teu
                  if f.capacity else None, "delay_h": f.delay_h if f.capacity else None}
                 for f in flows[:top]]
        more = f" ({len(flows) - top} more in --format json)" if len(flows) > top else ""
        lines += ["", title + more, render_table(shown, columns, width=width)]
    if a.unserved_teu > 0:
        lines.append("")
        lines += wrap("Unserved TEU left the network: their queues would cost more than their "
                      "demand row's penalty (twice its best route's score unless "
                      "--penalty-usd-per-teu is given)." if queues else
                      "Unserved TEU cost their demand row's penalty (twice its best route's "
                      "score unless --penalty-usd-per-teu is given); the shadow prices of the "
                      "capacities on their routes include it.", width)
    return "\n".join(lines)


def _label(place: Any) -> str:
    return f"{place[0]:g},{place[1]:g}" if isinstance(place, tuple) else str(place)


def assign_geojson(a: Assignment, G: nx.MultiDiGraph) -> dict[str, Any]:
    """Return the flows as a GeoJSON FeatureCollection: links as lines, the rest as points."""
    from corridors.plot_flows import _link_lines, _place_of

    links = {f.element[1] for f in a.flows if f.kind == "link" and f.element[2] == "both"}
    lines, _ = _link_lines(G, links)
    features = []
    for f in a.flows:
        if f.kind == "link" and f.element[2] == "both" and f.element[1] in lines:
            geometry = {"type": "LineString",
                        "coordinates": [list(p) for p in lines[f.element[1]]]}
        elif f.kind != "link" and f.element[2] == "both":
            at = _place_of(G, f)
            if at is None:
                continue
            geometry = {"type": "Point", "coordinates": list(at)}
        else:
            continue
        features.append({"type": "Feature", "geometry": geometry, "properties": f.record()})
    return {"type": "FeatureCollection", "features": features}


def _capacity_scale(items: list[str]) -> dict[str, float]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        try:
            factor = float(value)
        except ValueError:
            factor = -1.0
        if not sep or not key or not 0 < factor < 1e6:
            raise ConstraintError(f"--capacity-scale {item!r}: give KIND[:ID]=FACTOR, e.g. "
                                  "port=2 or crossing:dostyk_alashankou_rail=1.5")
        out[key] = factor
    return out


def cmd_assign(args: argparse.Namespace) -> int:
    """Run ``corridors assign`` (the helpers of :mod:`corridors.cli` do the shared parts)."""
    from corridors import cli
    from corridors.assignment import assign, check_options
    from corridors.assignment_ue import BPR
    from corridors.demand import read_demand

    if args.max_crossings is not None:
        raise ConstraintError("--max-crossings is not available for assign; use --avoid or "
                              "--mode to restrict the routes")
    scale = _capacity_scale(args.capacity_scale)
    if args.delay is not None and not args.equilibrium:
        raise ConstraintError("--delay shapes the queues of --equilibrium; add --equilibrium "
                              "or drop --delay")
    method = "equilibrium" if args.equilibrium else "system"
    delay = args.delay or BPR
    check_options(method, cli._objective(args), delay)  # before the demand and the network
    targets = cli._plot_targets(args)
    rows = read_demand(args.demand)  # before the network: a bad file fails at once
    G = cli._load(args)
    kwargs = cli._constraints(args, G)
    kwargs.pop("max_crossings", None)
    a = assign(G, rows, cli._objective(args), capacities=not args.no_capacities,
               planned_capacities=args.planned_capacities, capacity_scale=scale or None,
               penalty_usd_per_teu=args.penalty_usd_per_teu,
               method=method, delay=delay, **kwargs)
    _write_pictures(args, G, a, targets)
    query = cli._query(args, demand=str(args.demand), capacities=not args.no_capacities,
                       planned_capacities=args.planned_capacities, capacity_scale=scale,
                       method=method, delay=list(delay) if args.equilibrium else None)
    if args.format == "json":
        cli._emit(args, cli._json({**a.to_dict(), "query": query}, indent=2,
                                  ensure_ascii=False))
    elif args.format == "geojson":
        cli._emit(args, cli._json(assign_geojson(a, G), ensure_ascii=False))
    elif args.format == "csv":
        from corridors.cli_tables import clean_frame

        cli._emit(args, clean_frame(a.flows_frame()).to_csv(index=False))
    else:
        cli._emit(args, assign_text(a, top=args.top))
    return cli.EXIT_OK


def _write_pictures(args: argparse.Namespace, G: Any, a: Assignment,
                    targets: list[tuple[str, Path]]) -> None:
    """Draw --map (flows) and --chart (utilisation) before any output."""
    if not targets:
        return
    from corridors.files import atomic_path

    static = any(o == "chart" or p.suffix.lower() != ".html" for o, p in targets)
    if static:
        import matplotlib

        if "matplotlib.pyplot" not in sys.modules:
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    from corridors.plot_flows import explore_flows, plot_flows, plot_utilisation

    for option, path in targets:
        with atomic_path(path, overwrite=args.force, option=f"--{option}") as tmp:
            if option == "map" and path.suffix.lower() == ".html":
                explore_flows(a, G).save(str(tmp))
                continue
            fig, _ = plot_flows(a, G) if option == "map" else plot_utilisation(a)
            try:
                fig.savefig(tmp, dpi=150, bbox_inches="tight", pad_inches=0.15)
            finally:
                plt.close(fig)
        logger.info("wrote %s", path)
