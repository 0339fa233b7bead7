"""The ``corridors`` command line (also ``python -m corridors``).

One entry point, :func:`main`, returns the exit status: 0 on success, 1 when no route exists,
2 on bad input (unknown place, bad option, broken data, a missing optional package), 3 on an
internal error (a bug), 130 when interrupted (Ctrl-C). Errors go to stderr as one line (long
input is echoed cut short), results to stdout; a traceback only with ``--debug``.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corridors.cli_parser import (
    CRITERIA,
    EXIT_BAD_INPUT,
    FIGURE_SUFFIXES,
    build_parser,
    clip,
)
from corridors.errors import ConstraintError, CorridorsError, NoRouteError

__all__ = ["build_parser", "main"]

logger = logging.getLogger("corridors")

EXIT_OK, EXIT_NO_ROUTE, EXIT_INTERNAL = 0, 1, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _plot_targets(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """Check --map and --chart before any work: known suffix, no clobbering without --force."""
    targets: list[tuple[str, Path]] = []
    for option, value, suffixes in (("map", args.map, (*FIGURE_SUFFIXES, ".html")),
                                    ("chart", args.chart, FIGURE_SUFFIXES)):
        if not value:
            continue
        path = Path(value)
        if path.suffix.lower() not in suffixes:
            raise ConstraintError(f"--{option} {value}: the file name must end in "
                                  f"{', '.join(suffixes)}")
        from corridors.files import check_target

        check_target(path, overwrite=args.force, option=f"--{option}")
        others = [other for _, other in targets]
        if args.output and args.output != "-":
            others.append(Path(args.output))
        if any(path.resolve() == other.resolve() for other in others):
            raise ConstraintError(f"--{option} {value} is also the target of another option")
        targets.append((option, path))
    html = any(p.suffix.lower() == ".html" for o, p in targets if o == "map")
    if getattr(args, "offline", False) and not html:
        raise ConstraintError("--offline draws an interactive map without internet: give it "
                              "with --map FILE.html")
    if targets:  # fail before any work when the plotting packages are missing
        from corridors._optional import require

        if any(_static(o, p) for o, p in targets):
            require("matplotlib", "--map and --chart", extra="plot")
        if html and not getattr(args, "offline", False):
            require("folium", "an interactive --map (.html); --offline needs no package",
                    extra="plot")
    return targets


def _static(option: str, path: Path) -> bool:
    """Tell whether a --map/--chart target is a matplotlib figure (not an HTML map)."""
    return option == "chart" or path.suffix.lower() != ".html"


def _write_plots(args: argparse.Namespace, G: Any, routes: Any,
                 targets: list[tuple[str, Path]]) -> None:
    """Draw the --map and --chart files (matplotlib and folium are imported only here).

    An ``--offline`` HTML map needs neither: it is one self-contained page.
    """
    if not targets:
        return
    if any(_static(o, p) for o, p in targets):
        import matplotlib

        if "matplotlib.pyplot" not in sys.modules:
            matplotlib.use("Agg")  # files only: no window, no display needed
        import matplotlib.pyplot as plt

    from corridors import plot
    from corridors.files import atomic_path

    for option, path in targets:
        with atomic_path(path, overwrite=args.force, option=f"--{option}") as tmp:
            if not _static(option, path):
                offline = bool(getattr(args, "offline", False))
                plot.explore_routes(routes, G, offline=offline).save(str(tmp))
            else:
                if option == "map":
                    fig, _ = plot.plot_routes(routes, G)
                else:
                    fig, _ = plot.plot_time_distance(routes, measure=args.chart_measure)
                try:
                    fig.savefig(tmp, dpi=150, bbox_inches="tight", pad_inches=0.15)
                finally:
                    plt.close(fig)
        logger.info("wrote %s", path)


def _load(args: argparse.Namespace, *, lite: bool = False) -> Any:
    """Load the network; with ``--scenario``, the scenario's network (and cost model).

    With ``lite`` (a query the fast path answers), the compact network of the cache when it is
    there: a :class:`~corridors.lite.LiteGraph`, read without importing networkx, on which the
    same code gives the same output. Otherwise the full network, whose compact form is then
    cached for the next query.
    """
    from corridors.cache import cache_dir

    name = getattr(args, "scenario", None)
    key = None
    if cache_dir() is not None:
        from corridors.lite import lite_key, read_lite_network, write_lite_network

        key = lite_key(args.data, args.extend)
        if lite and not name:
            G = read_lite_network(key)
            if G is not None:
                logger.debug("answering from the compact network cache")
                return G
    from corridors.network import load_network

    G = load_network(args.data, extend=args.extend, cache=True)
    if key is not None:
        write_lite_network(key, G)
    if name:
        from corridors.scenarios import apply_scenario

        G, args.cost_model = apply_scenario(G, name)
    return G


def _cmd_info(args: argparse.Namespace) -> int:
    from corridors.network import _summary

    G = _load(args)
    s = _summary(G)
    if args.format == "json":
        print(_json(s, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(
        f"corridors network: {s['places']} places, {s['links']} links "
        f"({s['directed_edges']} directed edges), {s['border_crossings']} border crossings, "
        f"{s['named_corridors']} named corridors, {s['sources']} sources"
    )
    _say("km by mode:        " + _kv(s["km_by_mode"]))
    _say("links by mode:     " + _kv(s["links_by_mode"]))
    _say("links by status:   " + _kv(s["links_by_status"]))
    _say("crossings by mode: " + _kv(s["crossings_by_mode"]))
    _say("crossings status:  " + _kv(s["crossings_by_status"]))
    print(
        f"gauge-change crossings: {s['crossings_with_gauge_change']}; "
        f"estimated link lengths: {s['estimated_link_lengths']}"
    )
    rail_km = s["km_by_mode"].get("rail", 0)
    share = f" ({s['rail_km_electrified'] / rail_km:.0%})" if rail_km else ""
    print(f"rail electrified:  {s['rail_km_electrified']} km{share}")
    _say("links by vehicle:  " + _kv(s["links_by_vehicle"]))
    _say("places by kind:    " + _kv(s["places_by_kind"]))
    _say("places by country: " + _kv(s["places_by_country"]))
    return EXIT_OK


def _kv(d: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in d.items())


def _say(text: str, indent: int = 19) -> None:
    """Print ``text`` wrapped to the screen, continuation lines indented ``indent`` spaces."""
    from corridors.textwidth import terminal_width, wrap

    print("\n".join(wrap(text, terminal_width(), "", " " * indent)))


def _cmd_validate(args: argparse.Namespace) -> int:
    from corridors.validate import validate_network

    problems = validate_network(args.directory, extend=args.extend, outlines=not args.no_outlines)
    where = args.directory or "built-in network"
    if problems:
        print(f"{len(problems)} problem(s) in {where}:", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{where}: valid")
    return EXIT_OK


_COORDS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def _place_arg(text: str, args: argparse.Namespace | None = None, G: Any = None) -> Any:
    """Return ``(lat, lon)`` for a 'lat,lon' argument, else the text itself.

    With ``--max-access-km``, a coordinate is snapped here with that limit instead of the
    library's default.
    """
    match = _COORDS.match(text)
    if not match:
        return text
    coords = (float(match.group(1)), float(match.group(2)))
    limit = getattr(args, "max_access_km", None)
    if limit is None or G is None:
        return coords
    from corridors.routing.targets import resolve_place

    return resolve_place(G, coords, max_access_km=limit)


def _constraints(args: argparse.Namespace, G: Any) -> dict[str, Any]:
    from corridors.network import find_place

    avoid_places, avoid_crossings, avoid_links = [], [], []
    link_ids = {k for _, _, k in G.edges(keys=True)}
    for item in args.avoid:
        if item in G.graph.get("crossings", {}):
            avoid_crossings.append(item)
        elif item in link_ids:
            avoid_links.append(item)
        else:
            avoid_places.append(find_place(G, item))
    kwargs: dict[str, Any] = {
        "modes": [m.strip() for m in args.mode.split(",") if m.strip()] if args.mode else None,
        "avoid_countries": [c.strip().upper() for c in args.avoid_country],
        "avoid_places": avoid_places,
        "avoid_crossings": avoid_crossings,
        "avoid_links": avoid_links,
        "max_crossings": args.max_crossings,
        "include_planned": args.include_planned,
    }
    if getattr(args, "date", None) is not None:
        kwargs["date"] = args.date
    if getattr(args, "via", None):
        kwargs["via"] = [_place_arg(v, args, G) for v in args.via]
    if getattr(args, "payload_t", None) is not None:
        from dataclasses import replace

        from corridors.scoring import DEFAULT_COST_MODEL

        args.cost_model = replace(getattr(args, "cost_model", None) or DEFAULT_COST_MODEL,
                                  payload_t=args.payload_t)
    if getattr(args, "cost_model", None) is not None:
        kwargs["cost_model"] = args.cost_model
    return kwargs


def _objective(args: argparse.Namespace) -> str:
    return args.profile or args.objective or "generalized"


def _query(args: argparse.Namespace, **extra: Any) -> dict[str, Any]:
    query = {
        "objective": _objective(args),
        "via": getattr(args, "via", []),
        "modes": ([m.strip().lower() for m in args.mode.split(",") if m.strip()] if args.mode
                  else ["rail", "road", "sea"]),
        "avoid_countries": [c.strip().upper() for c in args.avoid_country],
        "avoid": args.avoid,
        "max_crossings": args.max_crossings,
        "include_planned": args.include_planned,
        "date": args.date.isoformat() if getattr(args, "date", None) else None,
        "scenario": getattr(args, "scenario", None),
    }
    query.update(extra)
    return query


def _json(doc: Any, **kwargs: Any) -> str:
    """``json.dumps`` that never writes the non-standard ``NaN`` or ``Infinity``."""
    from corridors.route import dumps_json

    return dumps_json(doc, what="the result", **kwargs)


def _emit(args: argparse.Namespace, text: str) -> None:
    """Write ``text`` to --output (never clobbering a file without --force) or stdout."""
    if not text.endswith("\n"):
        text += "\n"
    target = getattr(args, "output", None)
    if not target or target == "-":
        sys.stdout.write(text)
        return
    from corridors.files import write_text

    path = write_text(target, text, overwrite=args.force, option="--output")
    logger.info("wrote %s", path)


def _render_routes(args: argparse.Namespace, G: Any, routes: Any, query: dict[str, Any],
                   **extra: Any) -> str:
    """Render routes in ``--format``; ``extra`` keys are added to the JSON document."""
    from corridors import report

    if args.format == "json":
        doc = report.routes_document(routes, origin=args.origin, destination=args.destination,
                                     query=query, nodes=G.nodes)
        doc.update(extra)
        return _json(doc, indent=2, ensure_ascii=False)
    if args.format == "geojson":
        from corridors.route import routes_to_geojson

        return routes_to_geojson(routes, indent=None)
    if args.format == "csv":
        return report.routes_csv(routes)
    if getattr(args, "summary", False):
        return report.routes_summary(routes, group=bool(getattr(args, "pareto", False)))
    text = report.routes_table(routes)
    if len(routes) > 1 and hasattr(args, "summary"):
        text += f"\n\n({len(routes)} routes; --summary shows one line per route)"
    return text


def _plain_route(args: argparse.Namespace) -> bool:
    """Tell whether the fast path answers this route query.

    Plots, a Pareto front, alternatives and a crossing limit use the full network.
    """
    return not (args.pareto or args.alternatives or args.map or args.chart
                or args.max_crossings is not None)


def _cmd_route(args: argparse.Namespace) -> int:
    from corridors import routing

    plots = _plot_targets(args)
    criteria = [c.strip() for c in args.criteria.split(",") if c.strip()]
    bad = [c for c in criteria if c not in CRITERIA]
    if args.pareto and (bad or len(criteria) < 2):
        import difflib

        close = difflib.get_close_matches(bad[0], CRITERIA, n=1) if bad else []
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConstraintError(f"--criteria needs two or more of: {', '.join(CRITERIA)} "
                              f"(got {args.criteria!r}){hint}")
    G = _load(args, lite=_plain_route(args))
    kwargs = _constraints(args, G)
    origin = _place_arg(args.origin, args, G)
    destination = _place_arg(args.destination, args, G)
    objective = _objective(args)
    if args.pareto:
        routes = routing.pareto_front(G, origin, destination, criteria, objective=objective,
                                      **kwargs)
        query = _query(args, pareto=criteria)
    elif args.alternatives:
        limits = {name: getattr(args, name) for name in ("max_k", "max_labels", "max_paths")
                  if getattr(args, name) is not None}
        routes = routing.alternatives(G, origin, destination, args.alternatives, objective,
                                      **limits, **kwargs)
        query = _query(args, alternatives=args.alternatives)
    else:
        routes = [routing.best_route(G, origin, destination, objective, **kwargs)]
        query = _query(args)
    _write_plots(args, G, routes, plots)  # first: a file that fails leaves no half answer
    _emit(args, _render_routes(args, G, routes, query))
    return EXIT_OK


def _cmd_compare(args: argparse.Namespace) -> int:
    from corridors import routing

    G = _load(args)
    kwargs = _constraints(args, G)
    routes = routing.compare_corridors(
        G, _place_arg(args.origin, args, G), _place_arg(args.destination, args, G),
        _objective(args),
        corridors=args.corridor or None, **kwargs,
    )
    skipped = dict(getattr(routes, "skipped", {}) or {})
    text = _render_routes(args, G, routes, _query(args, corridors=args.corridor),
                          skipped=skipped)
    if args.format == "table" and skipped:
        from corridors.textwidth import terminal_width, wrap

        width = terminal_width()
        text += "\n\nNot compared:\n" + "\n".join(
            line for label, reason in sorted(skipped.items())
            for line in wrap(f"{label}: {reason}", width, "  ", "    "))
    _emit(args, text)
    return EXIT_OK


def _cmd_od(args: argparse.Namespace) -> int:
    from corridors import routing

    G = _load(args)
    kwargs = _constraints(args, G)
    frame = routing.od_matrix(
        G, [_place_arg(o, args, G) for o in args.origins],
        [_place_arg(d, args, G) for d in args.destinations],
        _objective(args), value=args.value, **kwargs,
    )
    from corridors import cli_tables as ct

    if args.format == "json":
        doc = {"query": _query(args, value=args.value), "value": frame.attrs["value"],
               "unit": frame.attrs["unit"], "origins": list(map(str, frame.index)),
               "destinations": list(map(str, frame.columns)),
               "matrix": {str(o): {str(d): ct.plain(frame.at[o, d]) for d in frame.columns}
                          for o in frame.index},
               "gateways": frame.attrs.get("gateways", {})}
        text = _json(doc, indent=2, ensure_ascii=False)
    elif args.format == "csv":
        text = ct.clean_frame(frame).to_csv()
    else:
        text = ct.od_table(frame, G)
    _emit(args, text)
    return EXIT_OK


def _table(rows: list[dict[str, Any]], columns: list[Any]) -> str:
    """Plain text table of :class:`~corridors.textwidth.Column` that fits the screen."""
    from corridors.textwidth import render_table

    return render_table(rows, columns)


def _rows_out(args: argparse.Namespace, rows: list[dict[str, Any]],
              columns: list[Any]) -> None:
    """Write rows as a table (``columns``), JSON or CSV (numbers without float noise)."""
    from corridors.textwidth import clean_numbers

    if args.format == "json":
        _emit(args, _json(clean_numbers(rows), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        import csv
        import io

        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else [c.key for c in
                                columns], lineterminator="\n")
        writer.writeheader()
        writer.writerows(clean_numbers(rows))
        _emit(args, buf.getvalue())
    else:
        _emit(args, _table(rows, columns) + f"\n({len(rows)} rows)")


def _country_arg(args: argparse.Namespace, G: Any) -> str | None:
    """``--country``, checked against the network's countries (as ``route`` checks them)."""
    if not args.country:
        return None
    from corridors.routing.constraints import check_countries

    return check_countries(G, [args.country], "--country")[0]


def _cmd_places(args: argparse.Namespace) -> int:
    from corridors.network import search_places

    G = _load(args, lite=True)
    rows = []
    for node in search_places(G, args.query, country=_country_arg(args, G), kind=args.kind):
        d = G.nodes[node]
        ts = d.get("transshipment") or {}
        rows.append({"id": node, "name": d["name"], "country": d["country"], "kind": d["kind"],
                     "lat": d["y"], "lon": d["x"], "gateway_for": "|".join(d["gateway_for"]),
                     "transshipment": ts.get("type"), "aliases": "|".join(d["aliases"])})
    from corridors.cli_tables import PLACES_COLUMNS

    _rows_out(args, rows, list(PLACES_COLUMNS))
    return EXIT_OK


def _fmt(value: Any) -> Any:
    """Return a crossing's figure for the rows: a number without float noise, or None."""
    from corridors.textwidth import clean_number

    return None if value is None else clean_number(value)


def _short_basis(*bases: str) -> str:
    """Short form of where a crossing's figures come from (both directions)."""
    out = []
    for b in bases:
        word = ("published" if b == "published" else "regime" if "regime" in b
                else "model default" if "cost model" in b
                else "CPMM country" if "CPMM" in b else "part published")
        if word not in out:
            out.append(word)
    return "/".join(out)


def _cmd_crossings(args: argparse.Namespace) -> int:
    from corridors.regimes import effective_figures
    from corridors.scoring import DEFAULT_COST_MODEL as model

    G = _load(args, lite=True)
    country = _country_arg(args, G)
    rows = []
    for c in sorted(G.graph["crossings"].values(), key=lambda c: (c.country_a, c.country_b, c.id)):
        if country and country not in (c.country_a, c.country_b):
            continue
        if (args.mode and c.mode != args.mode) or (args.status and c.status != args.status):
            continue
        ab = effective_figures(c, "ab", model.crossing_time_h[c.mode],
                               model.crossing_cost_usd[c.mode])
        ba = effective_figures(c, "ba", model.crossing_time_h[c.mode],
                               model.crossing_cost_usd[c.mode])
        rows.append({"id": c.id, "name": c.name, "mode": c.mode,
                     "countries": f"{c.country_a}-{c.country_b}", "regime": c.regime,
                     "status": c.status, "since": c.status_since,
                     "time_h_ab": _fmt(ab[0]), "time_h_ba": _fmt(ba[0]),
                     "cost_usd_ab": _fmt(ab[1]), "cost_usd_ba": _fmt(ba[1]),
                     "basis_ab": ab[2], "basis_ba": ba[2],
                     "basis": _short_basis(ab[2], ba[2]),
                     "gauge_change": "yes" if c.gauge_change else "no",
                     "data_year": c.data_year, "post_a": c.post_a, "post_b": c.post_b})
    from corridors.cli_tables import CROSSINGS_COLUMNS

    _rows_out(args, rows, list(CROSSINGS_COLUMNS))
    return EXIT_OK


def _cmd_corridors(args: argparse.Namespace) -> int:
    G = _load(args, lite=True)
    rows = []
    for c in G.graph["corridors"].values():
        rows.append({"id": c.id, "name": c.name, "aliases": "|".join(c.aliases),
                     "modes": "|".join(c.modes), "waypoints": " > ".join(c.waypoints),
                     "description": c.description})
    if args.format == "json":
        _emit(args, _json(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    from corridors.cli_tables import corridors_text

    _emit(args, corridors_text(rows))
    return EXIT_OK


def _frame_out(args: argparse.Namespace, frame: Any, query: dict[str, Any],
               columns: list[Any] | None = None) -> None:
    """Write a pandas DataFrame as a table (``columns``: the columns shown), JSON or CSV.

    JSON and CSV hold every column, numbers at full precision without float noise.
    """
    from corridors import cli_tables as ct

    if args.format == "json":
        records = [{str(k): ct.plain(v) for k, v in row.items()}
                   for row in frame.to_dict(orient="records")]
        _emit(args, _json({"query": query, "rows": records}, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        _emit(args, ct.clean_frame(frame).to_csv(index=False))
    else:
        from corridors.textwidth import Column

        columns = columns or [Column(str(c), str(c), "text" if frame[c].dtype.kind == "O"
                                     else "score") for c in frame.columns]
        _emit(args, _table(frame.to_dict(orient="records"), columns))


def _od_pairs(args: argparse.Namespace) -> Any:
    from corridors.scenarios import DEFAULT_OD_PAIRS, parse_od_pairs

    return parse_od_pairs(args.od) if args.od else list(DEFAULT_OD_PAIRS)


def _cmd_scenario(args: argparse.Namespace) -> int:
    from corridors import scenarios

    if args.scenario_command == "list":
        rows = [{"name": n, "title": scenarios.load_scenario(n).title}
                for n in scenarios.list_scenarios()]
        if args.format == "json":
            _emit(args, _json(rows, indent=2, ensure_ascii=False))
        else:
            from corridors.cli_tables import SCENARIO_LIST_COLUMNS

            _emit(args, _table(rows, list(SCENARIO_LIST_COLUMNS)))
        return EXIT_OK
    scenario = scenarios.load_scenario(args.name)
    if args.scenario_command == "show":
        if args.format == "json":
            _emit(args, _json(scenario.to_dict(), indent=2, ensure_ascii=False))
        else:
            _emit(args, scenario.summary())
        return EXIT_OK
    G = _load(args)
    kwargs = _constraints(args, G)
    frame = scenarios.compare_scenarios(G, scenario, _od_pairs(args), _objective(args),
                                        **kwargs)
    from corridors.cli_tables import SCENARIO_COMPARE_COLUMNS

    _frame_out(args, frame, _query(args, scenario=scenario.name, od=args.od),
               [c for c in SCENARIO_COMPARE_COLUMNS if c.key in frame.columns])
    return EXIT_OK


def _draw_progress(done: int, total: int) -> None:
    """Show ``done`` of ``total`` draws on standard error, on one line."""
    end = "\n" if done >= total else ""
    print(f"\rreliability: {done:,} of {total:,} draws ({done / total:.0%})", end=end,
          file=sys.stderr, flush=True)


def _cmd_reliability(args: argparse.Namespace) -> int:
    from corridors.reliability import corridor_reliability

    G = _load(args)
    kwargs = _constraints(args, G)
    # the routes whose times are drawn are the fastest unless an objective is asked for
    objective = _objective(args) if (args.objective or args.profile) else "time"
    result = corridor_reliability(
        G, _place_arg(args.origin, args, G), _place_arg(args.destination, args, G), args.draws,
        routes=args.routes, k=args.k, objective=objective,
        seed=args.seed, max_draws=args.max_draws,
        progress=_draw_progress if args.progress else False, **kwargs,
    )
    query = _query(args, objective=objective, draws=args.draws, seed=args.seed,
                   routes=args.routes)
    if args.format == "json":
        from corridors.textwidth import clean_numbers

        doc = {"origin": args.origin, "destination": args.destination, "query": query,
               "corridors": clean_numbers(result.to_records())}
        _emit(args, _json(doc, indent=2, ensure_ascii=False, default=str))
        return EXIT_OK
    from corridors.cli_tables import RELIABILITY_COLUMNS

    frame = result.summary()
    _frame_out(args, frame, query, [c for c in RELIABILITY_COLUMNS if c.key in frame.columns])
    return EXIT_OK


def _cmd_criticality(args: argparse.Namespace) -> int:
    from corridors.criticality import criticality

    G = _load(args)
    kwargs = _constraints(args, G)
    frame = criticality(G, _od_pairs(args), _objective(args), top=args.top, **kwargs)
    from corridors.cli_tables import criticality_columns
    from corridors.scoring import resolve_objective

    columns = criticality_columns(resolve_objective(_objective(args)).name)
    _frame_out(args, frame, _query(args, od=args.od, top=args.top),
               [c for c in columns if c.key in frame.columns])
    return EXIT_OK


def _cmd_osm(args: argparse.Namespace) -> int:
    from corridors.network import load_network
    from corridors.osm import refine_from_xml

    G = load_network(args.data, extend=args.extend, cache=True)
    report = refine_from_xml(
        G, args.xml, args.mode, out_dir=args.out, tolerance_pct=args.tolerance,
        place_tolerance_km=args.place_tolerance_km, overwrite=args.force,
        which="flagged" if args.only_flagged else "all",
    )
    print(report.summary())
    return EXIT_OK


_COMMANDS = {
    "info": _cmd_info,
    "validate": _cmd_validate,
    "route": _cmd_route,
    "compare": _cmd_compare,
    "od": _cmd_od,
    "places": _cmd_places,
    "crossings": _cmd_crossings,
    "corridors": _cmd_corridors,
    "osm": _cmd_osm,
    "scenario": _cmd_scenario,
    "reliability": _cmd_reliability,
    "criticality": _cmd_criticality,
    "assign": lambda args: _cmd_assign(args),
}


def _cmd_assign(args: argparse.Namespace) -> int:
    from corridors.cli_assign import cmd_assign

    return cmd_assign(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 success, 1 no route, 2 bad input, 3 internal error, 130 interrupted (Ctrl-C).
    """
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        if "--debug" in (sys.argv[1:] if argv is None else argv):
            raise
        print("corridors: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if argv is None:
            # Run as the program, which ends now: spare the interpreter's last garbage
            # collections over every object (some 10 ms of a fast query).
            import gc

            gc.freeze()


def _main(argv: list[str]) -> int:
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in _COMMANDS else None)
    try:
        args, unknown = parser.parse_known_args(argv)
        if unknown:  # reported by the subcommand: its usage, and "did you mean" its options
            sub = next((a.choices.get(args.command) for a in parser._actions
                        if isinstance(a, argparse._SubParsersAction)), None)
            (sub or parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as exc:  # argparse exits 2 on bad input, 0 on --help/--version
        return int(exc.code or 0)
    level = (
        logging.ERROR
        if args.quiet
        else (logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)]
    )
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not args.command:
        parser.print_help()
        return EXIT_OK
    try:
        output = getattr(args, "output", None)
        if output and output != "-":  # before any work: never compute for an unwritable file
            from corridors.files import check_target

            check_target(output, overwrite=args.force, option="--output")
        return _COMMANDS[args.command](args)
    except NoRouteError as exc:
        if args.debug:
            raise
        print(f"corridors: {clip(str(exc))}", file=sys.stderr)
        return EXIT_NO_ROUTE
    except BrokenPipeError:  # pragma: no cover - e.g. `corridors info | head`
        return EXIT_OK
    except (CorridorsError, OSError, ValueError, RecursionError, MemoryError) as exc:
        if args.debug:
            raise
        print(f"corridors: {clip(_message(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: say so plainly instead of a bare traceback
        if args.debug:
            raise
        print(f"corridors: internal error ({type(exc).__name__}: {clip(str(exc))}); rerun "
              "with --debug for the traceback and please report it", file=sys.stderr)
        return EXIT_INTERNAL


def _message(exc: BaseException) -> str:
    """Return the text of an error the user can act on."""
    if isinstance(exc, CorridorsError):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to be read"
    if isinstance(exc, MemoryError):
        return "not enough memory for this request; ask for less (fewer draws, places, paths)"
    return str(exc) or type(exc).__name__
