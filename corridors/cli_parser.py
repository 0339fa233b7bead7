"""The argument parser of the ``corridors`` command line (:func:`build_parser`).

Only the definition of the commands and options, and the checks argparse makes on their
values; what the commands do is in :mod:`corridors.cli`. Invalid values are echoed cut short
(:func:`clip`), and argparse's errors exit with status 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from corridors.model import CrossingStatus, Mode, PlaceKind

__all__ = ["CRITERIA", "EXIT_BAD_INPUT", "FIGURE_SUFFIXES", "OBJECTIVES", "build_parser", "clip"]

#: Exit status of bad input (argparse's own choice, kept by :func:`corridors.cli.main`).
EXIT_BAD_INPUT = 2

#: A word of an error message longer than this is cut (a 100 KB place name is not echoed).
_LONG_WORD = 120


def clip(message: str) -> str:
    """Cut every overlong word of ``message`` (input echoed back) to :data:`_LONG_WORD`."""
    return re.sub(r"\S{" + str(_LONG_WORD + 1) + ",}",
                  lambda m: f"{m.group()[:_LONG_WORD - 40]}... ({len(m.group())} characters)",
                  message)


class _Parser(argparse.ArgumentParser):
    """argparse, with invalid values echoed cut short and "did you mean" for typos."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {clip(message)}{self._hint(message)}\n")

    def _options(self) -> list[str]:
        """Return every option string of this parser and of the subcommand parsers it built."""
        names: list[str] = []
        for action in self._actions:
            names.extend(s for s in action.option_strings if s.startswith("--"))
            if isinstance(action, argparse._SubParsersAction):
                for sub in dict.fromkeys(action.choices.values()):
                    if isinstance(sub, _Parser):
                        names.extend(sub._options())
        return list(dict.fromkeys(names))

    def _hint(self, message: str) -> str:
        """Return the suggestion for an unknown option, subcommand or choice in ``message``."""
        import difflib

        hints = []
        unknown = re.match(r"unrecognized arguments: (.*)", message)
        if unknown:
            for word in unknown.group(1).split():
                option = word.split("=", 1)[0]
                if not option.startswith("--"):
                    continue
                close = difflib.get_close_matches(option, self._options(), n=1, cutoff=0.6)
                if close:
                    hints.append(f"{option}: did you mean {close[0]}?")
        choice = re.search(r"invalid choice: '(.*)' \(choose from (.*)\)$", message)
        if choice:
            given, valid = choice.group(1), re.findall(r"'([^']*)'", choice.group(2))
            close = difflib.get_close_matches(given, valid, n=1, cutoff=0.6)
            if close:
                hints.append(f"did you mean {close[0]!r}?")
            if message.startswith("argument --objective"):
                from corridors.scoring import PROFILES

                profile = difflib.get_close_matches(given, sorted(PROFILES), n=1, cutoff=0.6)
                if profile:
                    hints.append(f"{profile[0]!r} is a --profile: use --profile {profile[0]}")
        return "".join(f"\n{self.prog}: {clip(h)}" for h in hints)


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data", metavar="DIR", help="a network data directory instead of the built-in one"
    )
    p.add_argument(
        "--extend",
        metavar="DIR",
        action="append",
        default=[],
        help="a directory of extra places/links read after the network (repeatable)",
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser of the ``corridors`` command.

    Parameters
    ----------
    only : str, optional
        Build only this subcommand (the command line knows which one it needs from ``argv``;
        building all of them costs time on every query). None builds all.
    """
    from corridors import __version__

    parser = _Parser(
        prog="corridors",
        description="Freight transit corridors out of landlocked Central Asia.",
        epilog="Examples:\n  corridors route dushanbe karachi\n"
        "  corridors route almaty europe --avoid-country RU --alternatives 3\n"
        "  corridors compare almaty istanbul\n  corridors places --country TJ\n"
        "  corridors info\n\nRun `corridors COMMAND --help` for the options of a command.\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"corridors {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    parser.add_argument("-q", "--quiet", action="store_true", help="errors only")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    if only in (None, "info"):
        p = sub.add_parser(
            "info",
            help="network statistics: places, links, crossings by country and mode",
            description="Print statistics of the network.",
            epilog="Examples:\n  corridors info\n  corridors info --format json\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _add_common(p)
        p.add_argument("--format", choices=("table", "json"), default="table")

    if only in (None, "validate"):
        p = sub.add_parser(
            "validate",
            help="check a data directory and report every problem",
            description="Validate network data; every problem names the file, row and column.",
            epilog="Examples:\n  corridors validate\n  corridors validate my_network/\n"
            "  corridors validate data/ --extend my_additions/\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("directory", nargs="?",
                       help="data directory (default: the built-in network)")
        p.add_argument("--extend", metavar="DIR", action="append", default=[])
        p.add_argument(
            "--no-outlines",
            action="store_true",
            help="skip the check of coordinates against country outlines (shapely)",
        )

    if only in (None, "route"):
        p = sub.add_parser(
            "route", help="best route(s) between two places",
            description="Find and score the best route, alternatives or a Pareto front.\n\n"
            "ORIGIN and DESTINATION may be a place id, name or alias (Dushanbe, Душанбе,\n"
            "aktau_port),"
            " an ISO country code (PK), a region (europe, caucasus, south_asia, middle_east,\n"
            "east_asia, russia, central_asia) or coordinates 'lat,lon'.",
            epilog="Examples:\n"
            "  corridors route dushanbe karachi\n"
            "  corridors route almaty europe --avoid-country RU --alternatives 3\n"
            "  corridors route almaty duisburg --profile fastest --format json\n"
            "  corridors route dushanbe karachi --pareto --criteria distance,crossings,time\n"
            "  corridors route almaty duisburg --objective co2e --payload-t 14\n"
            "  corridors route tashkent baku --via aktau --mode rail,sea --format geojson "
            "-o route.geojson\n"
            "  corridors route almaty europe --alternatives 3 --map routes.png --chart times.png\n"
            "  corridors route dushanbe karachi --map route.html --chart cost.png "
            "--chart-measure cost\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("origin", metavar="ORIGIN")
        p.add_argument("destination", metavar="DESTINATION")
        _add_constraints(p)
        _add_objective(p)
        group = p.add_mutually_exclusive_group()
        group.add_argument("--alternatives", type=_positive_int, metavar="K",
                           help="the K best genuinely different corridors")
        group.add_argument("--pareto", action="store_true",
                           help="the exact Pareto front over --criteria")
        p.add_argument("--criteria", default="distance,crossings,time",
                       help="criteria of --pareto, comma-separated, from: " + ", ".join(CRITERIA)
                       + " (default: distance,crossings,time)")
        lim = p.add_argument_group("limits of --alternatives (a warning says when one is hit)")
        lim.add_argument("--max-k", type=_positive_int, metavar="N",
                         help="largest K allowed (default 100)")
        lim.add_argument("--max-labels", type=_positive_int, metavar="N",
                         help="partial routes examined (default 200,000)")
        lim.add_argument("--max-paths", type=_positive_int, metavar="N",
                         help="paths examined with --via (default 300)")
        _add_common(p)
        _add_output(p, ("table", "json", "geojson", "csv"), summary=True)
        _add_plots(p)

    if only in (None, "compare"):
        p = sub.add_parser(
            "compare", help="named corridors side by side with the free optimum",
            description="Force the route through each named corridor that can serve the pair "
            "(TITR, Northern route, INSTC, ...) and compare them with the free optimum.",
            epilog="Examples:\n  corridors compare almaty istanbul\n"
            "  corridors compare dushanbe karachi --profile fastest --format json\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("origin", metavar="ORIGIN")
        p.add_argument("destination", metavar="DESTINATION")
        p.add_argument("--corridor", action="append", default=[], metavar="ID",
                       help="only these named corridors (repeatable; see `corridors corridors`)")
        _add_constraints(p, via=False)
        _add_objective(p)
        _add_common(p)
        _add_output(p, ("table", "json", "geojson", "csv"), summary=True)

    if only in (None, "od"):
        p = sub.add_parser(
            "od", help="origin-destination matrix",
            description="Best-route values from every origin to every destination.",
            epilog="Examples:\n"
            "  corridors od almaty astana dushanbe --to europe caucasus south_asia\n"
            "  corridors od almaty dushanbe --to europe --value time_h --format csv\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("origins", nargs="+", metavar="ORIGIN")
        p.add_argument("--to", nargs="+", required=True, metavar="DESTINATION", dest="destinations")
        p.add_argument("--value", default=None,
                       choices=("distance_km", "time_h", "cost_usd", "co2e_kg", "crossings",
                                "score"),
                       help="the value in each cell (default: the objective's own measure)")
        _add_constraints(p)
        _add_objective(p)
        _add_common(p)
        _add_output(p, ("table", "json", "csv"))

    if only in (None, "places"):
        p = sub.add_parser(
            "places", help="list or search places",
            epilog="Examples:\n  corridors places\n  corridors places aktau\n"
            "  corridors places --country TJ --kind border_post\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("query", nargs="?", default="", help="text in the id, name or an alias")
        p.add_argument("--country", metavar="CC")
        p.add_argument("--kind", choices=[k.value for k in PlaceKind])
        _add_common(p)
        _add_output(p, ("table", "json", "csv"))

    if only in (None, "crossings"):
        p = sub.add_parser(
            "crossings", help="list border crossings with their times, costs and status",
            epilog="Examples:\n  corridors crossings --country TJ\n"
            "  corridors crossings --mode rail --format csv\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("--country", metavar="CC", help="crossings touching this country")
        p.add_argument("--mode", choices=[m.value for m in Mode])
        p.add_argument("--status", choices=[c.value for c in CrossingStatus])
        _add_common(p)
        _add_output(p, ("table", "json", "csv"))

    if only in (None, "corridors"):
        p = sub.add_parser(
            "corridors", help="list the named corridors (TITR, Northern route, INSTC, CAREC ...)",
            epilog="Examples:\n  corridors corridors\n  corridors corridors --format json\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _add_common(p)
        _add_output(p, ("table", "json"))

    if only in (None, "osm"):
        p = sub.add_parser(
            "osm", help="refine link lengths and geometry from OpenStreetMap (osmnx)",
            description="Work with OpenStreetMap data through osmnx.",
            epilog="Examples:\n  corridors osm refine --mode rail --xml kazakhstan-rail.osm "
            "--out refined/\n  corridors route almaty aktau --extend refined/\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        osm_sub = p.add_subparsers(dest="osm_command", metavar="OSM_COMMAND", required=True)
        q = osm_sub.add_parser(
            "refine", help="measure the network's links on an OSM extract",
            description="Snap the network's places to an OSM extract, measure each link of the "
            "mode on it, report curated vs OSM lengths and write the refined links as an "
            "extension directory (load it with --extend); the curated data are never touched.",
            epilog="Examples:\n"
            "  corridors osm refine --mode rail --xml extract.osm\n"
            "  corridors osm refine --mode road --xml extract.osm --out refined/ --tolerance 10\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        q.add_argument("--mode", required=True, choices=("rail", "road"))
        q.add_argument("--xml", required=True, metavar="FILE", help="an OSM XML extract (.osm)")
        q.add_argument("--out", metavar="DIR",
                       help="write the refined links here (an extension directory)")
        q.add_argument("--tolerance", type=float, default=15.0, metavar="PCT",
                       help="flag links whose curated length deviates more (default 15)")
        q.add_argument("--place-tolerance-km", type=float, default=5.0, metavar="KM",
                       help="snap places to OSM nodes at most this far (default 5)")
        q.add_argument("--only-flagged", action="store_true",
                       help="write only the links that deviate by more than --tolerance")
        q.add_argument("--force", action="store_true", help="overwrite files in --out")
        _add_common(q)

    if only in (None, "scenario"):
        p = sub.add_parser(
            "scenario", help="what-if scenarios: list, show, compare with the base network",
            description="Scenarios close crossings, links, places or countries, open planned "
            "links, or change crossing times, speeds and ferry frequencies — never touching "
            "the network itself.",
            epilog="Examples:\n  corridors scenario list\n"
            "  corridors scenario show trans_afghan_railway\n"
            "  corridors scenario compare russia_avoided --od almaty:duisburg --od "
            "tashkent:istanbul\n  corridors route tashkent karachi --scenario "
            "trans_afghan_railway\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sc = p.add_subparsers(dest="scenario_command", metavar="SCENARIO_COMMAND", required=True)
        q = sc.add_parser("list", help="the built-in scenarios")
        _add_output(q, ("table", "json"))
        q = sc.add_parser("show", help="what a scenario changes, and its sources")
        q.add_argument("name", metavar="NAME|FILE")
        _add_output(q, ("table", "json"))
        q = sc.add_parser(
            "compare", help="change in km, crossings, hours and USD per OD pair",
            epilog="Examples:\n  corridors scenario compare caspian_ferries_suspended\n"
            "  corridors scenario compare my_scenario.toml --od almaty:baku --format csv\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        q.add_argument("name", metavar="NAME|FILE")
        q.add_argument("--od", action="append", default=[], metavar="ORIGIN:DESTINATION",
                       help="an origin-destination pair (repeatable; default: a standard set)")
        _add_constraints(q, via=False, scenario=False)
        _add_objective(q)
        _add_common(q)
        _add_output(q, ("table", "json", "csv"))

    if only in (None, "reliability"):
        p = sub.add_parser(
            "reliability", help="P50/P90/P95 door-to-door times of the corridors (Monte Carlo)",
            description="Draw border, port and transfer waits from distributions and report, "
            "for each corridor serving the pair, the P50/P90/P95 door-to-door hours and how "
            "often it is the fastest. Seeded and reproducible.",
            epilog="Examples:\n  corridors reliability almaty duisburg\n"
            "  corridors reliability dushanbe karachi --draws 50000 --format json\n"
            "  corridors reliability almaty istanbul --routes alternatives --k 4\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("origin", metavar="ORIGIN")
        p.add_argument("destination", metavar="DESTINATION")
        p.add_argument("--draws", type=_positive_int, default=10_000, metavar="N")
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--routes", choices=("compare", "alternatives", "best"), default="compare",
                       help="which routes to simulate: the named corridors (default), the K "
                       "best distinct corridors, or the best route only; each the fastest "
                       "unless --objective or --profile says otherwise")
        p.add_argument("--k", type=_positive_int, default=3, help="with --routes alternatives")
        p.add_argument("--max-draws", type=_positive_int, metavar="N",
                       help="largest --draws allowed (default 10,000,000; memory stays constant, "
                       "time grows with the draws)")
        p.add_argument("--progress", action="store_true",
                       help="show how many draws are done (on standard error)")
        _add_constraints(p, via=False)
        _add_objective(p)
        _add_common(p)
        _add_output(p, ("table", "json", "csv"))

    if only in (None, "assign"):
        from corridors.demand import builtin_demand

        p = sub.add_parser(
            "assign", help="where yearly container demand goes under the network's capacities",
            description="Spread the TEU per year of a demand table (CSV: origin,destination,"
            "teu) over the corridors so that the total cost is least and no border crossing, "
            "port, ferry line or terminal with a known capacity carries more than it can; "
            "report the routes of each OD pair, the bottlenecks with their shadow prices and "
            "the demand left unserved. With --equilibrium, capacities cause queues instead: "
            "every shipper takes its own best route given the delays (user equilibrium).",
            epilog="Examples:\n  corridors assign china_europe_2024 --avoid-country RU\n"
            "  corridors assign china_europe_2024 --avoid-country RU --equilibrium\n"
            "  corridors assign demand.csv\n"
            "  corridors assign demand.csv --avoid-country RU --mode rail,sea --map flows.png\n"
            "  corridors assign demand.csv --scenario caspian_capacity_doubled --format json\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("demand", metavar="DEMAND.csv",
                       help="CSV with columns origin,destination,teu (TEU per year), or a "
                       "built-in table: " + ", ".join(builtin_demand()))
        g = p.add_argument_group("capacities")
        g.add_argument("--no-capacities", action="store_true",
                       help="ignore capacities: every pair takes its best route")
        g.add_argument("--planned-capacities", action="store_true",
                       help="use the planned capacities (expansions due later)")
        g.add_argument("--capacity-scale", action="append", default=[],
                       metavar="KIND[:ID]=FACTOR",
                       help="multiply capacities, e.g. port=2 or "
                       "crossing:dostyk_alashankou_rail=1.5 (repeatable)")
        g.add_argument("--penalty-usd-per-teu", type=_positive_float, metavar="USD",
                       help="cost of one TEU not carried (default: twice its best route's)")
        g.add_argument("--top", type=_positive_int, default=15, metavar="N",
                       help="rows of the bottleneck tables (default 15)")
        g.add_argument("--equilibrium", action="store_true",
                       help="capacities cause queues (BPR delays) instead of limits; every "
                       "shipper takes its own best route given them (user equilibrium)")
        g.add_argument("--delay", type=_delay_pair,
                       metavar="ALPHA,BETA",
                       help="with --equilibrium: the BPR function's alpha and beta (default "
                       "0.15,4: 15%% slower at capacity)")
        _add_constraints(p, via=False)
        _add_objective(p)
        _add_common(p)
        _add_output(p, ("table", "json", "csv", "geojson"))
        g = p.add_argument_group("maps and charts")
        g.add_argument("--map", metavar="FILE",
                       help="draw the flows: FILE.png, .svg or .pdf, or FILE.html (interactive)")
        g.add_argument("--chart", metavar="FILE",
                       help="draw the capacity used by element: FILE.png, .svg or .pdf")

    if only in (None, "criticality"):
        p = sub.add_parser(
            "criticality", help="links and crossings whose loss hurts most (single points of "
            "failure)",
            description="Close each link and crossing on the current best routes in turn and "
            "rank them by how much the total score of the OD pairs rises, and which pairs lose "
            "every route.",
            epilog="Examples:\n  corridors criticality --od dushanbe:karachi --od almaty:duisburg"
            "\n  corridors criticality --od tashkent:karachi --mode rail,sea --top 10\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("--od", action="append", default=[], metavar="ORIGIN:DESTINATION",
                       help="an origin-destination pair (repeatable; default: a standard set)")
        p.add_argument("--top", type=_positive_int, default=15, metavar="N")
        _add_constraints(p, via=False)
        _add_objective(p)
        _add_common(p)
        _add_output(p, ("table", "json", "csv"))

    return parser


CRITERIA = ("distance", "crossings", "time", "cost", "co2e", "score", "transshipments")
OBJECTIVES = ("generalized", "distance", "crossings", "time", "cost", "co2e", "score")


def _whole_number(minimum: int) -> Any:
    """Return an argparse type: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} must be {minimum} or more")
        return value

    return parse


_positive_int = _whole_number(1)
_non_negative_int = _whole_number(0)


def _date_arg(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-15") from None


def _delay_pair(text: str) -> tuple[float, float]:
    """Parse ``ALPHA,BETA`` of the BPR function (the rule: :func:`check_delay`)."""
    from corridors.assignment_ue import check_delay
    from corridors.errors import ConstraintError

    try:
        return check_delay(text.split(","))
    except ConstraintError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not ALPHA,BETA with alpha >= 0 and 1 <= beta < 100 (BPR: 0.15,4)"
        ) from None


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (0 < value < float("inf")):
        raise argparse.ArgumentTypeError(f"{text} must be a positive, finite number")
    return value


def _add_constraints(
    p: argparse.ArgumentParser, *, via: bool = True, scenario: bool = True
) -> None:
    g = p.add_argument_group("constraints")
    if via:
        g.add_argument("--via", action="append", default=[], metavar="PLACE",
                       help="pass through PLACE, in the order given (repeatable)")
    g.add_argument("--mode", metavar="MODES",
                   help="allowed modes, comma-separated from: rail, road, sea (default: all)")
    g.add_argument("--avoid-country", action="append", default=[], metavar="CC",
                   help="do not enter this country, ISO code like RU (repeatable)")
    g.add_argument("--avoid", action="append", default=[], metavar="PLACE",
                   help="avoid a place, a border crossing id or a link id (repeatable)")
    g.add_argument("--max-crossings", type=_non_negative_int, metavar="N",
                   help="at most N border crossings")
    g.add_argument("--include-planned", action="store_true",
                   help="also use links and crossings that are planned or under construction")
    g.add_argument("--max-access-km", type=_positive_float, metavar="KM",
                   help="a place given as LAT,LON snaps to the nearest place of the network "
                   "at most this far (default 500; beyond 50 km with a warning)")
    g.add_argument("--date", metavar="YYYY-MM-DD", type=_date_arg,
                   help="day of travel: nothing closed by a season that day is used (Kulma in "
                   "winter); without it, seasonal elements are only warned about")
    if scenario:
        g.add_argument("--scenario", metavar="NAME|FILE",
                       help="route on a what-if scenario (see `corridors scenario list`)")


def _add_objective(p: argparse.ArgumentParser) -> None:
    from corridors.scoring import PROFILES

    g = p.add_argument_group("objective")
    x = g.add_mutually_exclusive_group()
    x.add_argument("--objective", choices=OBJECTIVES, default=None,
                   help="what to minimise (default: generalized = USD per TEU + 30 USD per "
                   "TEU-hour; score = km + 250 km per border crossing)")
    x.add_argument("--profile", choices=sorted(PROFILES), default=None,
                   help="a named weighting: " + ", ".join(sorted(PROFILES)))
    g.add_argument("--payload-t", type=_positive_float, metavar="T",
                   help="net cargo tonnes in the TEU, for kg CO2e per TEU (default 10, the "
                   "GLEC Framework's average loaded TEU)")


def _add_output(p: argparse.ArgumentParser, formats: tuple[str, ...], *,
                summary: bool = False) -> None:
    g = p.add_argument_group("output")
    g.add_argument("--format", choices=formats, default="table")
    g.add_argument("--output", "-o", metavar="FILE",
                   help="write to FILE instead of standard output (an existing file is "
                   "not overwritten unless --force)")
    g.add_argument("--force", action="store_true",
                   help="overwrite --output (and --map, --chart) if it exists")
    if summary:
        g.add_argument("--summary", action="store_true",
                       help="table format: one line per route (a Pareto front: one per "
                       "corridor)")


FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def _add_plots(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("maps and charts")
    g.add_argument("--map", metavar="FILE",
                   help="also draw the routes on a map: FILE.png, .svg or .pdf (static) or "
                   "FILE.html (interactive)")
    g.add_argument("--offline", action="store_true",
                   help="an --map FILE.html that loads nothing from the internet: one "
                   "self-contained page with the country outlines as basemap (no tiles)")
    g.add_argument("--chart", metavar="FILE",
                   help="also draw the time/cost-distance chart of the routes: FILE.png, .svg "
                   "or .pdf")
    g.add_argument("--chart-measure", choices=("time", "cost", "co2e"), default="time",
                   help="y axis of --chart: cumulative hours, USD per TEU or kg CO2e per TEU "
                   "(default: time)")
