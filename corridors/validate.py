"""Check network data and turn its rows into typed records.

Every problem names the file, the row and the column, and all problems are collected before
anything is raised, so a user fixes a broken directory in one pass. :func:`check_tables` is
the fast check run on every load (standard library only); :func:`validate_network` adds the
precise check of coordinates against country outlines (shapely, on demand).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corridors.capacities import check_capacity_table
from corridors.checker import Checker as _Checker
from corridors.checker import by_id as _by_id
from corridors.checker import enum_values as _enum_values
from corridors.checker import provenance as _provenance
from corridors.emissions import check_emission_tables
from corridors.errors import DataProblem, shorten
from corridors.geo import great_circle_km, path_length_km
from corridors.io import Row, Tables, builtin_data_dir, read_tables
from corridors.model import (
    GAUGES_MM,
    ISO_3166_ALPHA2,
    REGIONS,
    BorderCrossing,
    Corridor,
    CrossingStatus,
    LinkStatus,
    Mode,
    PlaceKind,
    Source,
    TransshipmentType,
)

__all__ = [
    "BBOX_TOLERANCE_DEG",
    "MAX_FIGURE",
    "MAX_LINK_KM",
    "Records",
    "check_tables",
    "detour_estimate_km",
    "detour_factor",
    "validate_network",
]

_DETOUR = re.compile(r"detour:\s*([0-9]+(?:\.[0-9]+)?)")

#: A place may lie this far (degrees) outside its country's bounding box (coarse check on load).
BBOX_TOLERANCE_DEG = 0.25
#: A link longer than this many times its great-circle length needs a note saying why.
MAX_DETOUR_WITHOUT_NOTE = 2.5
#: Largest time (h), cost (USD) or frequency (a week) a data file may give: a bigger one is a
#: typo, and would carry routes' totals towards infinity.
MAX_FIGURE = 1e6
#: Longest link, km (the Equator is 40,075 km).
MAX_LINK_KM = 40_000.0
#: Kinds of border regime (``kind`` in border_regimes.csv).
REGIME_KINDS = ("customs_union", "free_movement", "union_state")


@dataclass
class Records:
    """Typed, checked content of one or more data directories, ready to build a graph."""

    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, dict[str, Any]] = field(default_factory=dict)
    crossings: dict[str, BorderCrossing] = field(default_factory=dict)
    transshipments: dict[str, dict[str, Any]] = field(default_factory=dict)
    corridors: dict[str, Corridor] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    directories: list[str] = field(default_factory=list)
    terminal_types: dict[str, dict[str, Any]] = field(default_factory=dict)
    regimes: Any = None  # corridors.regimes.RegimeData, or None without regime tables
    seasons: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)
    emission_factors: dict[str, Any] = field(default_factory=dict)
    capacities: dict[tuple[str, str, str, str], Any] = field(default_factory=dict)


def _transit(ck: _Checker, row: Row, country_u: str | None,
             country_v: str | None) -> tuple[str, ...]:
    """Parse ``transit``: the third countries a link's alignment runs through."""
    out = []
    for code in ck.multi(row, "transit"):
        if not re.fullmatch(r"[A-Z]{2}", code):
            ck.add(row, "transit", f"{shorten(code)} is not an ISO 3166-1 alpha-2 code (e.g. RU)")
        elif code in (country_u, country_v):
            ck.add(row, "transit", f"{code} is an end's country, not a transit country")
        else:
            out.append(code)
    return tuple(out)


def _parse_waypoints(checker: _Checker, row: Row) -> tuple[tuple[float, float], ...]:
    text = row.get("waypoints")
    points: list[tuple[float, float]] = []
    for part in (p.strip() for p in text.split(";") if p.strip()):
        bits = part.replace(",", " ").split()
        try:
            lat, lon = float(bits[0]), float(bits[1])
            if len(bits) != 2 or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except (ValueError, IndexError):
            checker.add(row, "waypoints", f"{shorten(part)} is not 'lat lon' in decimal degrees")
            continue
        points.append((lat, lon))
    return tuple(points)


def detour_factor(estimate: str | None) -> float | None:
    """Return F of a ``detour:F`` estimate (see :func:`detour_estimate_km`), else None."""
    match = _DETOUR.search(estimate or "")
    return float(match.group(1)) if match else None


def detour_estimate_km(
    start: tuple[float, float],
    end: tuple[float, float],
    waypoints: Iterable[tuple[float, float]],
    factor: float,
) -> float:
    """Return the estimated length of a link: great-circle length along its points × factor.

    This is the method named ``detour:F`` in the ``estimate`` column of links.csv; the script
    ``data/scripts/derive_lengths.py`` writes it, and validation checks it.

    Parameters
    ----------
    start, end : tuple of float
        ``(lat, lon)`` of the link's ends.
    waypoints : iterable of tuple of float
        Intermediate ``(lat, lon)`` points.
    factor : float
        Detour (circuity) factor, >= 1.

    Returns
    -------
    float
        Length in km, rounded to 1 km (to 0.1 km below 10 km, at least 0.1 km).
    """
    km = path_length_km([start, *waypoints, end]) * factor
    if not math.isfinite(km):
        return km  # an absurd factor: the caller reports the mismatch
    return float(round(km)) if km >= 10 else max(0.1, round(km, 1))


def load_country_boxes(
    directory: Path | None = None,
) -> dict[str, tuple[float, float, float, float]]:
    """Return ``{iso2: (min_lon, min_lat, max_lon, max_lat)}`` from ``countries.csv``."""
    path = (directory or builtin_data_dir()) / "countries.csv"
    boxes: dict[str, tuple[float, float, float, float]] = {}
    if not path.is_file():
        return boxes
    with path.open(newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            boxes[rec["iso2"]] = (
                float(rec["min_lon"]),
                float(rec["min_lat"]),
                float(rec["max_lon"]),
                float(rec["max_lat"]),
            )
    return boxes


def check_tables(
    tables: Tables,
    *,
    country_boxes: dict[str, tuple[float, float, float, float]] | None = None,
) -> tuple[Records, list[DataProblem]]:
    """Check every table and build typed records.

    Parameters
    ----------
    tables : Tables
        Rows read by :func:`corridors.io.read_tables`.
    country_boxes : dict, optional
        Country bounding boxes for the coarse coordinate check (default: the built-in
        ``countries.csv``).

    Returns
    -------
    records : Records
        What could be parsed (incomplete when there are problems).
    problems : list of DataProblem
        Every problem found, in file order.
    """
    ck = _Checker()
    ck.problems.extend(tables.problems)
    rec = Records(directories=list(tables.directories))
    boxes = load_country_boxes() if country_boxes is None else country_boxes

    # sources
    for row, ident in _by_id(ck, tables.rows["sources"]):
        ck.slug(row, "id")
        ck.text(row, "year", required=True)  # every source has a year (data/README.md)
        rec.sources[ident] = Source(
            id=ident,
            title=ck.text(row, "title", required=True),
            publisher=row.get("publisher"),
            year=ck.year(row, "year"),
            url=row.get("url"),
            note=row.get("note"),
        )

    # places
    place_rows: dict[str, Row] = {}
    for row, ident in _by_id(ck, tables.rows["places"]):
        ck.slug(row, "id")
        country = ck.text(row, "country", required=True)
        if country and country not in ISO_3166_ALPHA2:
            ck.add(row, "country",
                   f"{shorten(country)} is not an ISO 3166-1 alpha-2 code like 'KZ'")
        lat = ck.number(row, "lat", required=True, minimum=-90, maximum=90)
        lon = ck.number(row, "lon", required=True, minimum=-180, maximum=180)
        if lat is not None and lon is not None and country in boxes:
            x0, y0, x1, y1 = boxes[country]
            t = BBOX_TOLERANCE_DEG
            if not (x0 - t <= lon <= x1 + t and y0 - t <= lat <= y1 + t):
                ck.add(
                    row,
                    "lat",
                    f"({lat}, {lon}) lies outside {country}; check the coordinates "
                    "(lat, lon in decimal degrees) and the country code",
                )
        place_rows[ident] = row
        rec.places[ident] = {
            "name": ck.text(row, "name", required=True),
            "aliases": ck.multi(row, "aliases"),
            "country": country,
            "y": lat,
            "x": lon,
            "kind": ck.choice(row, "kind", _enum_values(PlaceKind)),
            "gateway_for": ck.multi(row, "gateway_for", REGIONS),
            "source": _provenance(ck, row, rec.sources),
            "estimate": row.get("estimate"),
            "note": row.get("note"),
            "transshipment": None,
        }

    def place_ref(row: Row, column: str) -> str:
        ident = ck.text(row, column, required=True)
        if ident and ident not in rec.places:
            ck.add(row, column, f"unknown place id {shorten(ident)}; add it to places.csv")
        return ident

    # border crossings
    for row, ident in _by_id(ck, tables.rows["border_crossings"]):
        ck.slug(row, "id")
        post_a, post_b = place_ref(row, "post_a"), place_ref(row, "post_b")
        country_a = ck.text(row, "country_a", required=True)
        country_b = ck.text(row, "country_b", required=True)
        for post, col, country in (
            (post_a, "country_a", country_a),
            (post_b, "country_b", country_b),
        ):
            actual = rec.places.get(post, {}).get("country")
            if actual and country and actual != country:
                ck.add(row, col,
                       f"{shorten(country)} but place {shorten(post)} is in {shorten(actual)}")
        if country_a and country_a == country_b:
            ck.add(row, "country_b", "a border crossing joins two different countries")
        gauge = row.get("gauge_change") or "no"
        if gauge not in ("yes", "no"):
            ck.add(row, "gauge_change", f"{shorten(gauge)} is not 'yes' or 'no'")
        rec.crossings[ident] = BorderCrossing(
            id=ident,
            name=ck.text(row, "name", required=True),
            mode=ck.choice(row, "mode", _enum_values(Mode)),
            post_a=post_a,
            post_b=post_b,
            country_a=country_a,
            country_b=country_b,
            time_h_ab=ck.number(row, "time_h_ab", minimum=0, maximum=MAX_FIGURE),
            time_h_ba=ck.number(row, "time_h_ba", minimum=0, maximum=MAX_FIGURE),
            cost_usd_ab=ck.number(row, "cost_usd_ab", minimum=0, maximum=MAX_FIGURE),
            cost_usd_ba=ck.number(row, "cost_usd_ba", minimum=0, maximum=MAX_FIGURE),
            gauge_change=gauge == "yes",
            status=ck.choice(row, "status", _enum_values(CrossingStatus)),
            status_since=ck.year(row, "status_since"),
            data_year=ck.year(row, "data_year"),
            source=_provenance(ck, row, rec.sources),
            estimate=row.get("estimate"),
            note=row.get("note"),
        )

    # links
    crossing_links: dict[str, Row] = {}
    for row, ident in _by_id(ck, tables.rows["links"]):
        ck.slug(row, "id")
        u, v = place_ref(row, "from"), place_ref(row, "to")
        if u and u == v:
            ck.add(row, "to", "a link must join two different places")
        mode = ck.choice(row, "mode", _enum_values(Mode))
        distance = ck.number(row, "distance_km", required=True, positive=True,
                             maximum=MAX_LINK_KM)
        gauges = ck.multi(row, "gauge_mm")
        gauge_mm: list[int] = []
        for g in gauges:
            if not re.fullmatch(r"[0-9]{1,5}", g) or int(g) not in GAUGES_MM:
                ck.add(row, "gauge_mm",
                       f"{shorten(g)} is not one of: " + ", ".join(map(str, GAUGES_MM)))
            else:
                gauge_mm.append(int(g))
        if mode == Mode.RAIL and not gauges:
            ck.add(row, "gauge_mm", "a rail link needs its gauge (1520, 1435 or 1676)")
        if mode != Mode.RAIL and gauges:
            ck.add(row, "gauge_mm", f"only rail links have a gauge, this one is {shorten(mode)}")
        sailings = ck.number(row, "sailings_per_week", positive=True, minimum=0.01,
                             maximum=1000)
        if sailings is not None and mode != Mode.SEA:
            ck.add(row, "sailings_per_week", "only sea links have sailings")
        speed = ck.number(row, "speed_kmh", positive=True, minimum=1, maximum=100)
        if speed is not None and mode != Mode.SEA:
            ck.add(row, "speed_kmh", "only sea links have a vessel speed")
        waypoints = _parse_waypoints(ck, row)
        crossing = row.get("crossing")
        pu, pv = rec.places.get(u), rec.places.get(v)
        if pu and pv and None not in (pu["y"], pu["x"], pv["y"], pv["x"]):
            start, end = (pu["y"], pu["x"]), (pv["y"], pv["x"])
            gc = great_circle_km(*start, *end)
            along = path_length_km([start, *waypoints, end])
            if distance is not None and distance + 0.05 < gc:
                ck.add(
                    row,
                    "distance_km",
                    f"{distance:g} km is shorter than the great-circle distance {gc:.1f} km "
                    f"between {u} and {v}; check the length and both places' coordinates",
                )
            if (
                distance is not None
                and along > 30
                and distance > MAX_DETOUR_WITHOUT_NOTE * along
                and not row.get("note")
            ):
                ck.add(
                    row,
                    "distance_km",
                    f"{distance:g} km is over {MAX_DETOUR_WITHOUT_NOTE:g}x the great-circle "
                    f"length {along:.0f} km; correct it or explain it in 'note'",
                )
            detour = _DETOUR.search(row.get("estimate"))
            if detour and distance is not None:
                expected = detour_estimate_km(start, end, waypoints, float(detour.group(1)))
                if abs(expected - distance) > (1 if expected >= 10 else 0.1):
                    ck.add(
                        row,
                        "distance_km",
                        f"{distance:g} km does not match its estimate {detour.group(0)} "
                        f"({expected:g} km); run data/scripts/derive_lengths.py",
                    )
            if pu["country"] != pv["country"]:
                if not crossing:
                    ck.add(
                        row,
                        "crossing",
                        f"{u} ({pu['country']}) and {v} ({pv['country']}) are in different "
                        "countries: name the border crossing record this link crosses",
                    )
            elif crossing:
                ck.add(row, "crossing", f"{u} and {v} are both in {pu['country']}: not a crossing")
        if crossing:
            rec_c = rec.crossings.get(crossing)
            if rec_c is None:
                ck.add(
                    row,
                    "crossing",
                    f"unknown crossing id {shorten(crossing)}; add it to border_crossings.csv",
                )
            else:
                if {u, v} != {rec_c.post_a, rec_c.post_b}:
                    ck.add(
                        row,
                        "crossing",
                        f"crossing {shorten(crossing)} joins {rec_c.post_a} and {rec_c.post_b}, "
                        f"this link joins {u} and {v}",
                    )
                if mode and rec_c.mode != mode:
                    ck.add(
                        row, "crossing",
                        f"crossing {shorten(crossing)} is {rec_c.mode}, link is {mode}"
                    )
                if crossing in crossing_links:
                    ck.add(
                        row,
                        "crossing",
                        f"crossing {shorten(crossing)} is already used by the link at "
                        f"{crossing_links[crossing].file} row {crossing_links[crossing].line}",
                    )
                crossing_links[crossing] = row
        rec.links[ident] = {
            "from": u,
            "to": v,
            "mode": mode,
            "distance_km": distance,
            "gauge_mm": tuple(gauge_mm),
            "status": ck.choice(row, "status", _enum_values(LinkStatus)),
            "status_year": ck.year(row, "status_year"),
            "direction": ck.choice(row, "direction", ("two_way", "one_way"), default="two_way"),
            "waypoints": waypoints,
            "crossing": crossing or None,
            "transit": _transit(ck, row, (pu or {}).get("country"), (pv or {}).get("country")),
            "sailings_per_week": sailings,
            "speed_kmh": speed,
            "source": _provenance(ck, row, rec.sources),
            "estimate": row.get("estimate"),
            "note": row.get("note"),
        }
    for ident in rec.crossings:
        if ident not in crossing_links:
            row = next(r for r in tables.rows["border_crossings"] if r.get("id") == ident)
            ck.add(row, "id",
                   f"no link in links.csv crosses {shorten(ident)} (set its 'crossing' column)")

    # terminal types (defaults) and terminals
    for row, ident in _by_id(ck, tables.rows["terminal_types"], key="type"):
        ck.choice(row, "type", _enum_values(TransshipmentType))
        rec.terminal_types[ident] = {
            "handling_h": ck.number(row, "handling_h", minimum=0, maximum=MAX_FIGURE),
            "handling_usd": ck.number(row, "handling_usd", minimum=0, maximum=MAX_FIGURE),
            "dwell_h": ck.number(row, "dwell_h", minimum=0, maximum=MAX_FIGURE),
            "source": _provenance(ck, row, rec.sources),
        }
    for row, ident in _by_id(ck, tables.rows["transshipments"], key="place"):
        place_ref(row, "place")
        modes = ck.multi(row, "modes", _enum_values(Mode))
        kind = ck.choice(row, "type", _enum_values(TransshipmentType))
        if not modes:
            ck.add(row, "modes", "name the modes the terminal interchanges, e.g. 'rail|road'")
        type_row = rec.terminal_types.get(kind, {})
        record: dict[str, Any] = {"type": kind, "modes": modes}
        basis = []
        for col in ("handling_h", "handling_usd", "dwell_h"):
            value = ck.number(row, col, minimum=0, maximum=MAX_FIGURE)
            if value is None and type_row.get(col) is not None:
                value = type_row[col]
                basis.append(col)
            record[col] = value
        record.update({
            "basis": f"type default ({', '.join(basis)})" if basis else "published",
            "source": _provenance(ck, row, rec.sources),
            "estimate": row.get("estimate"),
            "note": row.get("note"),
        })
        rec.transshipments[ident] = record
        if ident in rec.places:
            rec.places[ident]["transshipment"] = record

    _check_conditions(ck, rec, tables)
    _check_gauge_breaks(ck, rec, tables)
    check_emission_tables(ck, tables, rec)
    check_capacity_table(ck, tables, rec)

    # corridors
    for row, ident in _by_id(ck, tables.rows["corridors"]):
        ck.slug(row, "id")
        waypoints = ck.multi(row, "waypoints")
        if len(waypoints) < 2:
            ck.add(row, "waypoints", "a corridor needs at least two waypoints (place ids, '|')")
        for wp in waypoints:
            if wp not in rec.places:
                ck.add(row, "waypoints", f"unknown place id {shorten(wp)}")
        path = tuple(tuple(t.strip() for t in slot.split("/") if t.strip())
                     for slot in row.get("path").split(">") if slot.strip())
        for slot in path:
            for token in slot:
                if token not in rec.crossings and token not in rec.places:
                    ck.add(row, "path", f"{shorten(token)} is neither a crossing id nor a place id")
        if path and not any(t in rec.crossings for slot in path for t in slot):
            ck.add(row, "path", "a corridor's path needs at least one border crossing")
        rec.corridors[ident] = Corridor(
            path=path,
            id=ident,
            name=ck.text(row, "name", required=True),
            aliases=ck.multi(row, "aliases"),
            waypoints=waypoints,
            modes=ck.multi(row, "modes", _enum_values(Mode)),
            description=row.get("description"),
            source=_provenance(ck, row, rec.sources),
            estimate=row.get("estimate"),
            note=row.get("note"),
        )

    _check_connected(ck, rec, tables)
    return rec, ck.problems


def _date(ck: _Checker, row: Row, column: str, *, required: bool = False) -> Any:
    import datetime as dt

    value = ck.text(row, column, required=required)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        ck.add(row, column, f"{shorten(value)} is not a date like 2015-01-01")
        return None


def _month_day(ck: _Checker, row: Row, column: str) -> tuple[int, int] | None:
    import datetime as dt

    value = ck.text(row, column, required=True)
    try:
        d = dt.date.fromisoformat(f"2024-{value}")  # a leap year admits 02-29
    except ValueError:
        if value:
            ck.add(row, column, f"{shorten(value)} is not a month-day like 04-01")
        return None
    return d.month, d.day


def _check_conditions(ck: _Checker, rec: Records, tables: Tables) -> None:
    """Parse the border regimes, their default figures and the seasons."""
    from corridors.regimes import Membership, RegimeData
    from corridors.seasons import Season

    memberships = []
    for row in tables.rows["border_regimes"]:
        regime = ck.slug(row, "regime")
        ck.choice(row, "kind", REGIME_KINDS)
        country = ck.text(row, "country", required=True)
        if country and country not in ISO_3166_ALPHA2:
            ck.add(row, "country", f"{shorten(country)} is not an ISO 3166-1 alpha-2 code")
        joined = _date(ck, row, "joined", required=True)
        left = _date(ck, row, "left")
        if joined and left and left < joined:
            ck.add(row, "left", f"{left} is before joined {joined}")
        _provenance(ck, row, rec.sources)
        if joined:
            memberships.append(Membership(regime, country, joined, left, row.get("name"),
                                          row.get("kind")))
    defaults = {}
    known = {m.regime for m in memberships}
    for row in tables.rows["regime_defaults"]:
        regime = ck.text(row, "regime", required=True)
        if regime not in known:
            ck.add(row, "regime", f"unknown regime {shorten(regime)}; add its members to "
                                  "border_regimes.csv")
        mode = ck.choice(row, "mode", _enum_values(Mode))
        defaults[(regime, mode)] = (ck.number(row, "time_h", minimum=0, maximum=MAX_FIGURE),
                                    ck.number(row, "cost_usd", minimum=0, maximum=MAX_FIGURE),
                                    _provenance(ck, row, rec.sources))
    cpmm: dict[tuple[str, str, str], tuple[float | None, float | None, str]] = {}
    cpmm_rows: dict[tuple[Any, ...], Row] = {}
    for row in tables.rows["cpmm_defaults"]:
        country = ck.text(row, "country", required=True)
        if country and country not in ISO_3166_ALPHA2:
            ck.add(row, "country", f"{shorten(country)} is not an ISO 3166-1 alpha-2 code")
        key = (country, ck.choice(row, "mode", ("road", "rail")),
               ck.choice(row, "direction", ("inbound", "outbound", "all")))
        year = ck.year(row, "year")
        if year and (*key, year) in cpmm_rows:
            # two figures for one year: neither would be the latest
            first = cpmm_rows[(*key, year)]
            ck.add(row, "year", f"{'/'.join(map(str, key))} already has a {year} figure at "
                                f"{first.file} row {first.line}; keep one row per year")
        cpmm_rows.setdefault((*key, year), row)
        _provenance(ck, row, rec.sources)
        # every row is checked, a superseded year too
        time_h = ck.number(row, "time_h", minimum=0, maximum=MAX_FIGURE)
        cost_usd = ck.number(row, "cost_usd", minimum=0, maximum=MAX_FIGURE)
        old = cpmm.get(key)
        if old is None or year > old[2]:  # the latest year wins
            cpmm[key] = (time_h, cost_usd, year)
    if memberships or defaults or cpmm:
        rec.regimes = RegimeData(memberships, defaults, cpmm)
    seasons: dict[tuple[str, str], list[Any]] = {}
    for row in tables.rows["seasons"]:
        kind = ck.choice(row, "kind", ("link", "crossing"))
        element = ck.text(row, "element", required=True)
        table = rec.links if kind == "link" else rec.crossings
        if element and element not in table:
            ck.add(row, "element", f"unknown {kind} id {shorten(element)}")
        start, end = _month_day(ck, row, "open_from"), _month_day(ck, row, "open_to")
        regularity = ck.choice(row, "regularity", ("fixed", "intermittent"))
        # checked whatever the window: every problem of the row in one pass
        valid = _date(ck, row, "valid_from"), _date(ck, row, "valid_to")
        source = _provenance(ck, row, rec.sources)
        if start and end:
            seasons.setdefault((kind, element), []).append(Season(
                start, end, regularity, *valid, source, row.get("note")))
    rec.seasons = {k: tuple(v) for k, v in seasons.items()}


def _check_gauge_breaks(ck: _Checker, rec: Records, tables: Tables) -> None:
    """Flag rail links of different gauges that meet at a place without a rail terminal.

    A container can change gauge there only by transloading at a terminal (or on a crossing
    marked ``gauge_change``, whose dual-gauge section joins both networks). Lines not yet
    built (planned, under construction) are left out: their terminal comes with them.
    """
    gauges: dict[str, list[tuple[frozenset[int], str]]] = {}
    for lid, link in rec.links.items():
        if link["mode"] == Mode.RAIL and link["gauge_mm"] and link["status"] not in (
                LinkStatus.PLANNED, LinkStatus.UNDER_CONSTRUCTION):
            for end in (link["from"], link["to"]):
                gauges.setdefault(end, []).append((frozenset(link["gauge_mm"]), lid))
    rows = {r.get("id"): r for r in tables.rows["links"]}
    for place, found in gauges.items():
        ts = rec.places.get(place, {}).get("transshipment") or {}
        if "rail" in (ts.get("modes") or ()):
            continue
        for i, (ga, la) in enumerate(found):
            clash = next((lb for gb, lb in found[i + 1:] if not ga & gb), None)
            if clash is not None and la in rows:
                ck.add(rows[la], "gauge_mm",
                       f"{la} ({'|'.join(map(str, sorted(ga)))} mm) and {clash} meet at "
                       f"{place}, which has no rail terminal to change gauge: add one to "
                       "transshipments.csv or correct the gauges")
                break


def _check_connected(ck: _Checker, rec: Records, tables: Tables, *, max_groups: int = 20,
                     max_names: int = 8) -> None:
    """Report the places not connected to the largest group (near-linear in places + links).

    Union-find with path halving and union by size; one problem per unconnected group, at
    most ``max_groups`` of them (largest first), each naming at most ``max_names`` places,
    then one problem that counts the rest.
    """
    parent = {p: p for p in rec.places}
    size = dict.fromkeys(parent, 1)

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for link in rec.links.values():
        u, v = link["from"], link["to"]
        if u in parent and v in parent:
            ru, rv = find(u), find(v)
            if ru != rv:
                if size[ru] > size[rv]:
                    ru, rv = rv, ru
                parent[ru] = rv
                size[rv] += size[ru]
    groups: dict[str, list[str]] = {}
    for p in rec.places:
        groups.setdefault(find(p), []).append(p)
    if len(groups) <= 1:
        return
    rows: dict[Any, Row] = {}
    for r in tables.rows["places"]:
        rows.setdefault(r.get("id"), r)
    parts = sorted(groups.values(), key=len, reverse=True)
    main = len(parts[0])
    for part in parts[1:max_groups + 1]:
        names = sorted(part)
        shown = ", ".join(names[:max_names])
        if len(names) > max_names:
            shown += f" and {len(names) - max_names} more"
        ck.add(rows.get(part[0]), "id", f"not connected to the main network ({main} places): "
               f"{shown}; add a link", "places.csv")
    rest = parts[max_groups + 1:]
    if rest:
        count = sum(len(part) for part in rest)
        some = [p for part in rest[:max_names] for p in sorted(part)][:max_names]
        ck.add(rows.get(rest[0][0]), "id", f"{len(rest)} more groups of places ({count} places "
               f"in all) are not connected to the main network ({main} places), e.g. "
               f"{', '.join(some)}; add links", "places.csv")


def validate_network(
    path: str | Path | None = None,
    *,
    extend: Iterable[str | Path] = (),
    outlines: bool = True,
) -> list[DataProblem]:
    """Validate a network data directory and return every problem found.

    Parameters
    ----------
    path : str or Path, optional
        Data directory; default the built-in network.
    extend : iterable of str or Path
        Extension directories read after ``path``.
    outlines : bool
        Also check places and link alignments against fine country boundaries (needs
        shapely): posts on their own side, ports on the coast, transit countries.

    Returns
    -------
    list of DataProblem
        Empty when the data are valid.

    Raises
    ------
    ArgumentTypeError
        If ``path`` or ``extend`` is not a path (or an iterable of paths), or ``outlines`` is
        not True or False.
    """
    from corridors.network import check_flag, data_paths

    base, extra = data_paths(path, extend)
    check_flag(outlines, "outlines", "validate_network")
    tables = read_tables(base, *extra)
    records, problems = check_tables(tables)
    if outlines:
        from corridors.geography import check_geography

        problems.extend(check_geography(records, tables, base))
    return problems
