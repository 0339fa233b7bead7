"""The ``corridors`` command line (also ``python -m corridors``).

One entry point, :func:`main`, returns the exit status: 0 on success, 1 when no route exists,
2 on bad input (unknown place, bad option, broken data). Errors go to stderr, results to
stdout; a traceback only with ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from corridors.errors import CorridorsError, DataError, NoRouteError

__all__ = ["main"]

logger = logging.getLogger("corridors")

EXIT_OK, EXIT_NO_ROUTE, EXIT_BAD_INPUT = 0, 1, 2


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


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``corridors`` command."""
    from corridors import __version__

    parser = argparse.ArgumentParser(
        prog="corridors",
        description="Freight transit corridors out of landlocked Central Asia.",
        epilog="Examples:\n  corridors info\n  corridors validate my_network/\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"corridors {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    parser.add_argument("-q", "--quiet", action="store_true", help="errors only")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "info",
        help="network statistics: places, links, crossings by country and mode",
        description="Print statistics of the network.",
        epilog="Examples:\n  corridors info\n  corridors info --format json\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(p)
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser(
        "validate",
        help="check a data directory and report every problem",
        description="Validate network data; every problem names the file, row and column.",
        epilog="Examples:\n  corridors validate\n  corridors validate my_network/\n"
        "  corridors validate data/ --extend my_additions/\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("directory", nargs="?", help="data directory (default: the built-in network)")
    p.add_argument("--extend", metavar="DIR", action="append", default=[])
    p.add_argument(
        "--no-outlines",
        action="store_true",
        help="skip the check of coordinates against country outlines (shapely)",
    )
    return parser


def _load(args: argparse.Namespace) -> Any:
    from corridors.network import load_network

    return load_network(args.data, extend=args.extend)


def _cmd_info(args: argparse.Namespace) -> int:
    from corridors.network import _summary

    G = _load(args)
    s = _summary(G)
    if args.format == "json":
        print(json.dumps(s, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(
        f"corridors network: {s['places']} places, {s['links']} links "
        f"({s['directed_edges']} directed edges), {s['border_crossings']} border crossings, "
        f"{s['named_corridors']} named corridors, {s['sources']} sources"
    )
    print("km by mode:        " + _kv(s["km_by_mode"]))
    print("links by mode:     " + _kv(s["links_by_mode"]))
    print("links by status:   " + _kv(s["links_by_status"]))
    print("crossings by mode: " + _kv(s["crossings_by_mode"]))
    print("crossings status:  " + _kv(s["crossings_by_status"]))
    print(
        f"gauge-change crossings: {s['crossings_with_gauge_change']}; "
        f"estimated link lengths: {s['estimated_link_lengths']}"
    )
    print("places by kind:    " + _kv(s["places_by_kind"]))
    print("places by country: " + _kv(s["places_by_country"]))
    return EXIT_OK


def _kv(d: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in d.items())


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


_COMMANDS = {"info": _cmd_info, "validate": _cmd_validate}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 success, 1 no route, 2 bad input.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
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
        return _COMMANDS[args.command](args)
    except NoRouteError as exc:
        if args.debug:
            raise
        print(f"corridors: {exc}", file=sys.stderr)
        return EXIT_NO_ROUTE
    except (CorridorsError, DataError) as exc:
        if args.debug:
            raise
        print(f"corridors: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OSError, ValueError) as exc:
        if args.debug:
            raise
        print(f"corridors: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # pragma: no cover - e.g. `corridors info | head`
        return EXIT_OK
