"""Every rule of network validation, one failing directory each, nothing else reported.

Each case starts from a valid network (the tiny network of ``netdata.py`` plus one valid row
set in every optional table: terminal types, border regimes, regime and CPMM defaults,
seasons, emissions, electricity, link vehicles, capacities, a corridor path), breaks exactly
one rule of ``data/README.md`` / :mod:`corridors.validate` in one file, and asserts that
validation reports that rule's problem at the right file, row and column -- and no other
problem. A problem that follows from the break by another documented rule (a place with no
country is in a different country from its neighbours, so their link needs a crossing) is
listed with it.

The cases follow the order in which validation runs: the CSV reader (:mod:`corridors.io`),
the cell checks every table shares (:mod:`corridors.checker`: ids, provenance, slugs, required
cells, numbers and their ranges, choices, years, dates, country codes), the rules of each
table (:mod:`corridors.validate`, :mod:`corridors.emissions`, :mod:`corridors.capacities`),
the whole-network checks (gauge breaks, connectivity) and the fine boundary checks
(:mod:`corridors.geography`, ``outlines=True``). What the rules allow (a long link explained
in its note, a planned line of another gauge, a gauge break at a rail terminal ...) is
checked to stay allowed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from netdata import tiny_tables, write_network

from corridors.errors import DataProblem
from corridors.validate import detour_estimate_km, validate_network

Tables = dict[str, list[dict[str, str]]]
Mutate = Callable[[Tables], None]
Post = Callable[[Path], None]
#: (file, row, column, fragment of the message)
Expected = tuple[str, int | None, str | None, str]

SRC = "src_test"


def _tiny_valid() -> Tables:
    """Return the tiny network with its sea link's estimated length filled in."""
    t = tiny_tables()
    ports = {p["id"]: (float(p["lat"]), float(p["lon"])) for p in t["places"]}
    t["links"][4]["distance_km"] = (
        f"{detour_estimate_km(ports['aktau_port'], ports['alat_port'], (), 1.15):g}")
    return t


def full_tables() -> Tables:
    """Return the tiny network with a valid row set in every optional table."""
    t = _tiny_valid()
    t["corridors"][0]["path"] = "dostyk_alashankou_rail > aktau_port"
    t["terminal_types"] = [
        {"type": "seaport", "modes": "rail|road|sea", "handling_h": "8", "handling_usd": "180",
         "dwell_h": "96", "source": SRC},
    ]
    t["border_regimes"] = [
        {"regime": "eaeu", "name": "Eurasian Economic Union", "kind": "customs_union",
         "country": "KZ", "joined": "2015-01-01", "source": SRC},
        {"regime": "eaeu", "name": "Eurasian Economic Union", "kind": "customs_union",
         "country": "RU", "joined": "2015-01-01", "left": "2030-01-01", "source": SRC},
    ]
    t["regime_defaults"] = [
        {"regime": "eaeu", "mode": "rail", "time_h": "1.3", "cost_usd": "10", "source": SRC},
    ]
    t["cpmm_defaults"] = [
        {"country": "KZ", "mode": "rail", "direction": "outbound", "time_h": "10",
         "cost_usd": "100", "year": "2022", "source": SRC},
        # an older year of the same figure: superseded, but still data to check
        {"country": "KZ", "mode": "rail", "direction": "outbound", "time_h": "12",
         "cost_usd": "110", "year": "2021", "source": SRC},
    ]
    t["seasons"] = [
        {"element": "aktau_alat_sea", "kind": "link", "open_from": "04-01",
         "open_to": "11-30", "regularity": "fixed", "valid_from": "2020-01-01",
         "valid_to": "2030-12-31", "source": SRC},
        {"element": "dostyk_alashankou_rail", "kind": "crossing", "open_from": "01-01",
         "open_to": "12-31", "regularity": "intermittent", "source": SRC},
    ]
    t["emissions"] = [
        {"id": "truck", "mode": "road", "wtw_g_per_tkm": "90", "ttw_g_per_tkm": "70",
         "default": "yes", "source": SRC},
        {"id": "rail_diesel", "mode": "rail", "wtw_g_per_tkm": "20", "ttw_g_per_tkm": "16",
         "default": "yes", "source": SRC},
        {"id": "rail_electric", "mode": "rail", "kwh_per_tkm": "0.03", "source": SRC},
        {"id": "ferry", "mode": "sea", "wtw_g_per_tkm": "40", "ttw_g_per_tkm": "32",
         "default": "yes", "source": SRC},
        {"id": "feeder", "mode": "sea", "wtw_g_per_tkm": "30", "ttw_g_per_tkm": "25",
         "default": "no", "source": SRC},
        {"id": "seaport", "mode": "terminal", "handling_kg_co2e": "15",
         "handling_ttw_kg_co2e": "12", "source": SRC},
    ]
    t["electricity"] = [
        {"country": "KZ", "rail_electrified_share": "0.25", "grid_g_co2e_per_kwh": "800",
         "source": SRC},
    ]
    t["link_vehicles"] = [
        {"link": "almaty_dostyk_rail", "electric_share": "0.5", "source": SRC},
        {"link": "aktau_alat_sea", "vehicle": "feeder", "source": SRC},
    ]
    t["capacities"] = [
        {"kind": "crossing", "element": "dostyk_alashankou_rail", "direction": "both",
         "teu_per_year": "800000", "value": "28", "unit": "trains/day", "year": "2025",
         "status": "current", "source": SRC},
        {"kind": "port", "element": "aktau_port", "teu_per_year": "150000", "source": SRC},
        {"kind": "terminal", "element": "dostyk", "teu_per_year": "300000", "source": SRC},
        {"kind": "link", "element": "almaty_aktau_rail", "direction": "ab",
         "teu_per_year": "400000", "status": "planned", "year": "2027", "source": SRC},
    ]
    return t


# --------------------------------------------------------------------------------------------
# mutations
# --------------------------------------------------------------------------------------------
def cell(table: str, index: int, **values: str) -> Mutate:
    """Set cells of one row."""
    def mutate(t: Tables) -> None:
        t[table][index].update(values)
    return mutate


def append(table: str, index: int = 0, **values: str) -> Mutate:
    """Append a copy of a row with some cells changed."""
    def mutate(t: Tables) -> None:
        t[table].append({**t[table][index], **values})
    return mutate


def new_row(table: str, **values: str) -> Mutate:
    """Append a row."""
    def mutate(t: Tables) -> None:
        t[table].append(dict(values))
    return mutate


def both(*steps: Mutate) -> Mutate:
    """Apply several changes (of one row, or a row and what must follow it)."""
    def mutate(t: Tables) -> None:
        for step in steps:
            step(t)
    return mutate


def no_file(table: str) -> Mutate:
    """Leave a table's file out."""
    def mutate(t: Tables) -> None:
        del t[table]
    return mutate


def rewrite(name: str, edit: Callable[[str], str]) -> Post:
    """Edit a written file's text."""
    def post(directory: Path) -> None:
        path = directory / name
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return post


def write_bytes(name: str, data: bytes) -> Post:
    """Replace a written file's bytes."""
    def post(directory: Path) -> None:
        (directory / name).write_bytes(data)
    return post


def drop_column(name: str, column: str) -> Post:
    """Remove a column (header and cells) from a written file."""
    def post(directory: Path) -> None:
        path = directory / name
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        i = rows[0].index(column)
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, lineterminator="\n").writerows(r[:i] + r[i + 1:] for r in rows)
    return post


def case(ident: str, mutate: Mutate | None, *expected: Expected,
         post: Post | None = None) -> object:
    return pytest.param(mutate, post, list(expected), id=ident)


def isolated_places(n: int) -> Mutate:
    """Append ``n`` valid places in Kazakhstan that no link reaches."""
    def mutate(t: Tables) -> None:
        for i in range(n):
            t["places"].append({"id": f"lone_{i:02d}", "name": f"Lone {i}", "country": "KZ",
                                "lat": f"{44 + i * 0.1:.1f}", "lon": "70.0", "kind": "city",
                                "source": SRC})
    return mutate


# --------------------------------------------------------------------------------------------
# the CSV reader
# --------------------------------------------------------------------------------------------
READER = [
    case("required-file-missing", no_file("border_crossings"),
         ("border_crossings.csv", None, None, "required file is missing"),
         # what the missing file held is unknown: its references are reported too
         ("links.csv", 3, "crossing", "unknown crossing id 'dostyk_alashankou_rail'"),
         ("links.csv", 6, "crossing", "unknown crossing id 'aktau_alat_sea'"),
         ("seasons.csv", 3, "element", "unknown crossing id 'dostyk_alashankou_rail'"),
         ("capacities.csv", 2, "element", "unknown crossing id 'dostyk_alashankou_rail'"),
         ("corridors.csv", 2, "path", "'dostyk_alashankou_rail' is neither a crossing id"),
         ("corridors.csv", 2, "path", "a corridor's path needs at least one border crossing")),
    case("file-empty", None, ("corridors.csv", None, None, "file is empty"),
         post=write_bytes("corridors.csv", b"")),
    case("column-twice-in-header", None,
         ("corridors.csv", 1, "name", "column appears twice in the header"),
         post=rewrite("corridors.csv", lambda s: "\n".join(
             line + (",name" if i == 0 else ",Other") for i, line in
             enumerate(s.splitlines())) + "\n")),
    case("required-column-missing", None,
         ("cpmm_defaults.csv", 1, "direction", "required column is missing from the header"),
         post=drop_column("cpmm_defaults.csv", "direction")),
    case("control-character-in-column-name", None,
         ("corridors.csv", 1, repr("no\x01te"), "column name contains a control character"),
         post=rewrite("corridors.csv", lambda s: s.replace(",note", ",no\x01te", 1))),
    case("unknown-column", None,
         ("corridors.csv", 1, "colour", "unknown column; expected some of"),
         post=rewrite("corridors.csv", lambda s: "\n".join(
             line + (",colour" if i == 0 else ",red") for i, line in
             enumerate(s.splitlines())) + "\n")),
    case("more-cells-than-columns", None,
         ("corridors.csv", 2, None, "cells for 10 columns (an unquoted comma?)"),
         post=rewrite("corridors.csv", lambda s: s.rstrip("\n") + ",extra\n")),
    case("control-character-in-cell", cell("places", 0, name="Alm\x1baty"),
         ("places.csv", 2, "name", "control character U+001B")),
    case("not-utf8", None, ("corridors.csv", None, None, "not UTF-8 text"),
         post=write_bytes("corridors.csv", b"id,name,waypoints\n\xff\xfe,x,y\n")),
    case("malformed-csv", cell("corridors", 0, description="x" * 200_000),
         ("corridors.csv", None, None, "malformed CSV")),
]

# --------------------------------------------------------------------------------------------
# ids, references, provenance: the cell checks every table shares
# --------------------------------------------------------------------------------------------
KEYED = [  # (table, file, key column, row index to copy)
    ("sources", "sources.csv", "id", 0), ("places", "places.csv", "id", 0),
    ("border_crossings", "border_crossings.csv", "id", 0), ("links", "links.csv", "id", 0),
    ("terminal_types", "terminal_types.csv", "type", 0),
    ("transshipments", "transshipments.csv", "place", 0),
    ("corridors", "corridors.csv", "id", 0), ("emissions", "emissions.csv", "id", 0),
    ("electricity", "electricity.csv", "country", 0),
    ("link_vehicles", "link_vehicles.csv", "link", 0),
]


def _keyed_cases() -> Iterable[object]:
    sizes = {name: len(rows) for name, rows in full_tables().items()}
    for table, file, key, index in KEYED:
        row = sizes[table] + 2
        yield case(f"{table}-row-without-its-{key}", append(table, index, **{key: ""}),
                   (file, row, key, f"is empty; every row needs its '{key}'"))
        ident = full_tables()[table][index][key]
        yield case(f"{table}-duplicate-{key}", append(table, index),
                   (file, row, key, f"duplicate id '{ident}' (first at row {index + 2})"))


PROVENANCE = [  # (table, row index): rows that cite a source
    ("places", 0), ("border_crossings", 0), ("links", 0), ("transshipments", 0),
    ("corridors", 0), ("terminal_types", 0), ("border_regimes", 0), ("regime_defaults", 0),
    ("cpmm_defaults", 0), ("seasons", 0), ("emissions", 0), ("electricity", 0),
    ("link_vehicles", 0), ("capacities", 0),
]


def _provenance_cases() -> Iterable[object]:
    for table, index in PROVENANCE:
        file = f"{table}.csv"
        yield case(f"{table}-unknown-source", cell(table, index, source=f"{SRC}|nowhere"),
                   (file, index + 2, "source", "source id 'nowhere' is not in sources.csv"))
        yield case(f"{table}-no-source-no-estimate", cell(table, index, source="", estimate=""),
                   (file, index + 2, "source", "no source and not flagged as an estimate"))


SLUGS = [
    case("source-id-not-a-slug", append("sources", 0, id="Test Source"),
         ("sources.csv", 3, "id", "'Test Source' is not a lowercase slug")),
    case("place-id-not-a-slug", both(cell("places", 3, id="Urumqi"), cell("links", 2, to="Urumqi"),
                                     cell("corridors", 0, waypoints="Urumqi|dostyk")),
         ("places.csv", 5, "id", "'Urumqi' is not a lowercase slug")),
    case("crossing-id-not-a-slug", both(cell("border_crossings", 1, id="aktau-alat-sea"),
                                        cell("links", 4, crossing="aktau-alat-sea")),
         ("border_crossings.csv", 3, "id", "'aktau-alat-sea' is not a lowercase slug")),
    case("link-id-not-a-slug", cell("links", 2, id="alashankou__urumqi"),
         ("links.csv", 4, "id", "'alashankou__urumqi' is not a lowercase slug")),
    case("corridor-id-not-a-slug", cell("corridors", 0, id="TestCorridor"),
         ("corridors.csv", 2, "id", "'TestCorridor' is not a lowercase slug")),
    case("regime-not-a-slug", both(cell("border_regimes", 0, regime="EAEU"),
                                   cell("border_regimes", 1, regime="EAEU"),
                                   cell("regime_defaults", 0, regime="EAEU")),
         ("border_regimes.csv", 2, "regime", "'EAEU' is not a lowercase slug"),
         ("border_regimes.csv", 3, "regime", "'EAEU' is not a lowercase slug")),
    case("emission-class-not-a-slug", append("emissions", 4, id="Feeder 2"),
         ("emissions.csv", 8, "id", "'Feeder 2' is not a lowercase slug")),
]

# (id, table, row index, column, value, expected fragment); each a single problem at that cell
CELLS = [
    # required text
    ("source-without-title", "sources", 0, "title", "", "is empty; a value is required"),
    ("place-without-name", "places", 0, "name", "", "is empty; a value is required"),
    ("crossing-without-name", "border_crossings", 0, "name", "",
     "is empty; a value is required"),
    ("crossing-without-country-a", "border_crossings", 0, "country_a", "",
     "is empty; a value is required"),
    ("crossing-without-country-b", "border_crossings", 0, "country_b", "",
     "is empty; a value is required"),
    ("corridor-without-name", "corridors", 0, "name", "", "is empty; a value is required"),
    ("regime-without-country", "border_regimes", 1, "country", "",
     "is empty; a value is required"),
    ("cpmm-without-country", "cpmm_defaults", 0, "country", "",
     "is empty; a value is required"),
    ("season-without-element", "seasons", 0, "element", "", "is empty; a value is required"),
    ("capacity-without-element", "capacities", 0, "element", "",
     "is empty; a value is required"),
    # required numbers
    ("place-without-lat", "places", 3, "lat", "", "is empty; a number is required"),
    ("place-without-lon", "places", 3, "lon", "", "is empty; a number is required"),
    ("link-without-length", "links", 0, "distance_km", "", "is empty; a number is required"),
    ("capacity-without-teu", "capacities", 0, "teu_per_year", "",
     "is empty; a number is required"),
    # not numbers
    ("lat-not-a-number", "places", 3, "lat", "north", "'north' is not a number"),
    ("crossing-time-not-a-number", "border_crossings", 0, "time_h_ab", "a day",
     "'a day' is not a number"),
    ("crossing-time-not-finite", "border_crossings", 0, "time_h_ab", "inf",
     "'inf' is not a finite number"),
    ("link-length-not-finite", "links", 0, "distance_km", "nan",
     "'nan' is not a finite number"),
    # enumerations
    ("place-kind", "places", 0, "kind", "town", "'town' is not one of: city, port"),
    ("place-gateway-region", "places", 0, "gateway_for", "central_asia|mars",
     "'mars' is not one of: europe"),
    ("crossing-status", "border_crossings", 0, "status", "ajar",
     "'ajar' is not one of: open"),
    ("link-status", "links", 0, "status", "dreamt", "'dreamt' is not one of: operational"),
    ("link-direction", "links", 0, "direction", "both_ways",
     "'both_ways' is not one of: two_way, one_way"),
    ("terminal-type", "transshipments", 1, "type", "airport",
     "'airport' is not one of: seaport"),
    ("terminal-modes", "transshipments", 1, "modes", "rail|air",
     "'air' is not one of: rail, road, sea"),
    ("terminal-type-default-type", "terminal_types", 0, "type", "airport",
     "'airport' is not one of: seaport"),
    ("regime-default-mode", "regime_defaults", 0, "mode", "air",
     "'air' is not one of: rail, road, sea"),
    ("cpmm-mode", "cpmm_defaults", 0, "mode", "sea", "'sea' is not one of: road, rail"),
    ("cpmm-direction", "cpmm_defaults", 0, "direction", "transit",
     "'transit' is not one of: inbound, outbound, all"),
    ("season-regularity", "seasons", 0, "regularity", "sometimes",
     "'sometimes' is not one of: fixed, intermittent"),
    ("corridor-modes", "corridors", 0, "modes", "rail|air",
     "'air' is not one of: rail, road, sea"),
    ("emission-default", "emissions", 4, "default", "maybe",
     "'maybe' is not one of: yes, no, "),
    ("capacity-direction", "capacities", 0, "direction", "up",
     "'up' is not one of: both, ab, ba"),
    ("capacity-status", "capacities", 0, "status", "hoped",
     "'hoped' is not one of: current, planned"),
    ("gauge-change-not-yes-or-no", "border_crossings", 0, "gauge_change", "maybe",
     "'maybe' is not 'yes' or 'no'"),
    # years
    ("source-year", "sources", 0, "year", "24", "'24' is not a year like 2014"),
    ("crossing-status-since", "border_crossings", 0, "status_since", "1700",
     "'1700' is not a year like 2014"),
    ("crossing-data-year", "border_crossings", 0, "data_year", "2022/23",
     "'2022/23' is not a year like 2014"),
    ("link-status-year", "links", 0, "status_year", "soon", "'soon' is not a year like 2014"),
    ("cpmm-year", "cpmm_defaults", 1, "year", "'21", "\"'21\" is not a year like 2014"),
    ("capacity-year", "capacities", 0, "year", "2O25", "'2O25' is not a year like 2014"),
    # dates
    ("regime-joined-missing", "border_regimes", 0, "joined", "",
     "is empty; a value is required"),
    ("regime-joined-not-a-date", "border_regimes", 0, "joined", "2015",
     "'2015' is not a date like 2015-01-01"),
    ("regime-left-not-a-date", "border_regimes", 1, "left", "2030-13-01",
     "'2030-13-01' is not a date like 2015-01-01"),
    ("regime-left-before-joined", "border_regimes", 1, "left", "2014-12-31",
     "2014-12-31 is before joined 2015-01-01"),
    ("season-open-from-missing", "seasons", 0, "open_from", "",
     "is empty; a value is required"),
    ("season-open-from-not-a-month-day", "seasons", 0, "open_from", "04-31",
     "'04-31' is not a month-day like 04-01"),
    ("season-open-to-not-a-month-day", "seasons", 0, "open_to", "November",
     "'November' is not a month-day like 04-01"),
    ("season-valid-from-not-a-date", "seasons", 0, "valid_from", "2020",
     "'2020' is not a date like 2015-01-01"),
    ("season-valid-to-not-a-date", "seasons", 0, "valid_to", "31.12.2030",
     "'31.12.2030' is not a date like 2015-01-01"),
    # country codes
    ("regime-country-not-iso", "border_regimes", 1, "country", "XX",
     "'XX' is not an ISO 3166-1 alpha-2 code"),
    ("cpmm-country-not-iso", "cpmm_defaults", 0, "country", "Kazakhstan",
     "'Kazakhstan' is not an ISO 3166-1 alpha-2 code"),
    ("electricity-country-not-iso", "electricity", 0, "country", "KZT",
     "'KZT' is not an ISO 3166-1 alpha-2 code"),
]

# (table, row index, column, minimum or None, maximum or None): every checked figure.
# ``positive`` columns (> 0) have a lower-bound case of 0.
FIGURES = [
    ("border_crossings", 0, "time_h_ab", 0, 1e6), ("border_crossings", 0, "time_h_ba", 0, 1e6),
    ("border_crossings", 0, "cost_usd_ab", 0, 1e6),
    ("border_crossings", 0, "cost_usd_ba", 0, 1e6),
    ("transshipments", 0, "handling_h", 0, 1e6), ("transshipments", 0, "handling_usd", 0, 1e6),
    ("transshipments", 0, "dwell_h", 0, 1e6),
    ("terminal_types", 0, "handling_h", 0, 1e6), ("terminal_types", 0, "handling_usd", 0, 1e6),
    ("terminal_types", 0, "dwell_h", 0, 1e6),
    ("regime_defaults", 0, "time_h", 0, 1e6), ("regime_defaults", 0, "cost_usd", 0, 1e6),
    ("cpmm_defaults", 0, "time_h", 0, 1e6), ("cpmm_defaults", 0, "cost_usd", 0, 1e6),
    # the superseded (older) CPMM row is data too
    ("cpmm_defaults", 1, "time_h", 0, 1e6), ("cpmm_defaults", 1, "cost_usd", 0, 1e6),
    ("links", 4, "sailings_per_week", 0.01, 1000), ("links", 4, "speed_kmh", 1, 100),
    ("emissions", 0, "wtw_g_per_tkm", 0, 5000), ("emissions", 0, "ttw_g_per_tkm", 0, 5000),
    ("emissions", 5, "handling_kg_co2e", 0, 1000),
    ("emissions", 5, "handling_ttw_kg_co2e", 0, 1000),
    ("electricity", 0, "rail_electrified_share", 0, 1),
    ("electricity", 0, "grid_g_co2e_per_kwh", 0, 2000),
    ("link_vehicles", 0, "electric_share", 0, 1),
]
POSITIVE = [  # (table, row index, column, maximum)
    ("links", 0, "distance_km", 40_000), ("links", 4, "sailings_per_week", 1000),
    ("links", 4, "speed_kmh", 100), ("emissions", 2, "kwh_per_tkm", 1),
    ("capacities", 0, "teu_per_year", 1e8), ("capacities", 0, "value", None),
]


#: What follows from an out-of-range figure by another rule: it is still compared.
ALSO: dict[str, list[Expected]] = {
    "emissions-0-wtw_g_per_tkm-below-minimum": [
        ("emissions.csv", 2, "ttw_g_per_tkm", "70 is above the well-to-wheel -1")],
    "emissions-0-ttw_g_per_tkm-above-maximum": [
        ("emissions.csv", 2, "ttw_g_per_tkm", "10000 is above the well-to-wheel 90")],
    "emissions-5-handling_kg_co2e-below-minimum": [
        ("emissions.csv", 7, "handling_ttw_kg_co2e", "12 is above the well-to-wheel -1")],
    "emissions-5-handling_ttw_kg_co2e-above-maximum": [
        ("emissions.csv", 7, "handling_ttw_kg_co2e", "2000 is above the well-to-wheel 15")],
    "links-0-distance_km-not-positive": [
        ("links.csv", 2, "distance_km", "0 km is shorter than the great-circle distance")],
}


def _figure_cases() -> Iterable[object]:
    def one(ident: str, table: str, index: int, column: str, value: str,
            fragment: str) -> object:
        return case(ident, cell(table, index, **{column: value}),
                    (f"{table}.csv", index + 2, column, fragment), *ALSO.get(ident, []))

    for table, index, column, low, high in FIGURES:
        below = "-1" if low == 0 else f"{low / 2:g}"
        yield one(f"{table}-{index}-{column}-below-minimum", table, index, column, below,
                  f"{below} is below the minimum {low:g}")
        above = f"{high * 2:g}"
        yield one(f"{table}-{index}-{column}-above-maximum", table, index, column, above,
                  f"{above} is above the maximum {high:g}")
    for table, index, column, high in POSITIVE:
        yield one(f"{table}-{index}-{column}-not-positive", table, index, column, "0",
                  "0 must be greater than 0")
        if high is not None and column != "distance_km":  # distance_km: see LINKS
            above = f"{high * 2:g}"
            yield one(f"{table}-{index}-{column}-above-maximum-positive", table, index, column,
                      above, f"{above} is above the maximum {high:g}")


COORDINATES = [
    # a coordinate out of range (Ürümqi's) also lies outside the country's box, and its link
    # is then shorter than the great circle
    case("lat-above-90", cell("places", 3, lat="95"),
         ("places.csv", 5, "lat", "95 is above the maximum 90"),
         ("places.csv", 5, "lat", "lies outside CN"),
         ("links.csv", 4, "distance_km", "is shorter than the great-circle distance")),
    case("lat-below-minus-90", cell("places", 3, lat="-95"),
         ("places.csv", 5, "lat", "-95 is below the minimum -90"),
         ("places.csv", 5, "lat", "lies outside CN"),
         ("links.csv", 4, "distance_km", "is shorter than the great-circle distance")),
    case("lon-above-180", cell("places", 3, lon="190"),
         ("places.csv", 5, "lon", "190 is above the maximum 180"),
         ("places.csv", 5, "lat", "lies outside CN"),
         ("links.csv", 4, "distance_km", "is shorter than the great-circle distance")),
    case("lon-below-minus-180", cell("places", 3, lon="-190"),
         ("places.csv", 5, "lon", "-190 is below the minimum -180"),
         ("places.csv", 5, "lat", "lies outside CN"),
         ("links.csv", 4, "distance_km", "is shorter than the great-circle distance")),
    # Almaty moved 3 degrees south (its links stay long enough): below KZ's box
    case("place-outside-its-country-box", cell("places", 0, lat="40.0"),
         ("places.csv", 2, "lat", "(40.0, 76.8897) lies outside KZ")),
]

# --------------------------------------------------------------------------------------------
# the rules of each table
# --------------------------------------------------------------------------------------------
PLACES = [
    # a country that is no ISO code differs from its neighbours' country
    case("place-country-not-iso", cell("places", 0, country="KAZ"),
         ("places.csv", 2, "country", "'KAZ' is not an ISO 3166-1 alpha-2 code"),
         ("links.csv", 2, "crossing", "almaty (KAZ) and dostyk (KZ) are in different"),
         ("links.csv", 5, "crossing", "almaty (KAZ) and aktau_port (KZ) are in different")),
    case("place-without-country", cell("places", 0, country=""),
         ("places.csv", 2, "country", "is empty; a value is required"),
         ("links.csv", 2, "crossing", "are in different countries"),
         ("links.csv", 5, "crossing", "are in different countries")),
]

CROSSINGS = [
    case("crossing-mode", cell("border_crossings", 0, mode="air"),
         ("border_crossings.csv", 2, "mode", "'air' is not one of: rail, road, sea"),
         ("links.csv", 3, "crossing", "crossing 'dostyk_alashankou_rail' is air, link is rail")),
    case("crossing-post-unknown", cell("border_crossings", 0, post_b="alashankuo"),
         ("border_crossings.csv", 2, "post_b", "unknown place id 'alashankuo'"),
         ("links.csv", 3, "crossing", "joins dostyk and alashankuo, this link joins dostyk "
                                      "and alashankou")),
    case("crossing-country-a-not-the-posts", cell("border_crossings", 0, country_a="RU"),
         ("border_crossings.csv", 2, "country_a", "'RU' but place 'dostyk' is in 'KZ'")),
    case("crossing-country-b-not-the-posts", cell("border_crossings", 0, country_b="RU"),
         ("border_crossings.csv", 2, "country_b", "'RU' but place 'alashankou' is in 'CN'")),
    case("crossing-joins-one-country", cell("border_crossings", 0, country_b="KZ"),
         ("border_crossings.csv", 2, "country_b", "'KZ' but place 'alashankou' is in 'CN'"),
         ("border_crossings.csv", 2, "country_b",
          "a border crossing joins two different countries")),
    case("crossing-without-link", append("border_crossings", 0, id="spare_rail"),
         ("border_crossings.csv", 4, "id",
          "no link in links.csv crosses 'spare_rail' (set its 'crossing' column)")),
]

#: The tiny network is a tree: a link that joins no place leaves Dostyk's side unconnected.
CUT_OFF: Expected = ("places.csv", 3, "id", "not connected to the main network (3 places): "
                                            "alashankou, dostyk, urumqi")
LINKS = [
    case("link-from-unknown-place", cell("links", 0, **{"from": "almati"}),
         ("links.csv", 2, "from", "unknown place id 'almati'; add it to places.csv"), CUT_OFF),
    case("link-to-unknown-place", cell("links", 0, to="dostik"),
         ("links.csv", 2, "to", "unknown place id 'dostik'; add it to places.csv"), CUT_OFF),
    case("link-joins-a-place-to-itself", cell("links", 0, to="almaty"),
         ("links.csv", 2, "to", "a link must join two different places"), CUT_OFF),
    case("link-mode", cell("links", 2, mode="camel", gauge_mm=""),
         ("links.csv", 4, "mode", "'camel' is not one of: rail, road, sea")),
    case("gauge-not-a-known-gauge", cell("links", 0, gauge_mm="1000"),
         ("links.csv", 2, "gauge_mm", "'1000' is not one of: 1520, 1435, 1676")),
    case("rail-link-without-gauge", cell("links", 0, gauge_mm=""),
         ("links.csv", 2, "gauge_mm", "a rail link needs its gauge")),
    case("only-rail-links-have-a-gauge", cell("links", 4, gauge_mm="1520"),
         ("links.csv", 6, "gauge_mm", "only rail links have a gauge, this one is 'sea'")),
    case("only-sea-links-have-sailings", cell("links", 0, sailings_per_week="3"),
         ("links.csv", 2, "sailings_per_week", "only sea links have sailings")),
    case("only-sea-links-have-a-vessel-speed", cell("links", 0, speed_kmh="30"),
         ("links.csv", 2, "speed_kmh", "only sea links have a vessel speed")),
    case("waypoint-not-lat-lon", cell("links", 0, waypoints="44.0 78.0;north east"),
         ("links.csv", 2, "waypoints", "'north east' is not 'lat lon' in decimal degrees")),
    case("waypoint-out-of-range", cell("links", 0, waypoints="44.0 278.0"),
         ("links.csv", 2, "waypoints", "'44.0 278.0' is not 'lat lon'")),
    case("link-shorter-than-great-circle", cell("links", 0, distance_km="300"),
         ("links.csv", 2, "distance_km", "300 km is shorter than the great-circle distance")),
    case("link-over-detour-limit-without-note", cell("links", 0, distance_km="5000"),
         ("links.csv", 2, "distance_km", "correct it or explain it in 'note'")),
    case("link-length-above-maximum", cell("links", 0, distance_km="50000", note="far"),
         ("links.csv", 2, "distance_km", "50000 is above the maximum 40000")),
    case("detour-estimate-stale", lambda t: t["links"][4].update(
        distance_km=f"{float(t['links'][4]['distance_km']) + 5:g}"),
         ("links.csv", 6, "distance_km", "does not match its estimate detour:1.15")),
    case("cross-border-link-without-crossing", cell("links", 1, crossing=""),
         ("links.csv", 3, "crossing", "dostyk (KZ) and alashankou (CN) are in different "
                                      "countries: name the border crossing"),
         ("border_crossings.csv", 2, "id", "no link in links.csv crosses")),
    case("domestic-link-with-crossing", cell("links", 0, crossing="dostyk_alashankou_rail"),
         ("links.csv", 2, "crossing", "almaty and dostyk are both in KZ: not a crossing"),
         ("links.csv", 2, "crossing", "joins dostyk and alashankou, this link joins almaty"),
         ("links.csv", 3, "crossing", "is already used by the link at links.csv row 2")),
    case("link-crossing-unknown", cell("links", 1, crossing="khorgos"),
         ("links.csv", 3, "crossing", "unknown crossing id 'khorgos'"),
         ("border_crossings.csv", 2, "id", "no link in links.csv crosses")),
    case("link-and-crossing-join-other-places", cell("border_crossings", 0, post_b="urumqi"),
         ("links.csv", 3, "crossing", "crossing 'dostyk_alashankou_rail' joins dostyk and "
                                      "urumqi, this link joins dostyk and alashankou")),
    case("link-and-crossing-of-other-modes", cell("border_crossings", 0, mode="road"),
         ("links.csv", 3, "crossing", "crossing 'dostyk_alashankou_rail' is road, link is "
                                      "rail")),
    case("crossing-used-by-two-links",
         append("links", 1, id="dostyk_alashankou_rail_2"),
         ("links.csv", 7, "crossing", "crossing 'dostyk_alashankou_rail' is already used by "
                                      "the link at links.csv row 3")),
    case("transit-not-iso", cell("links", 0, transit="Russia"),
         ("links.csv", 2, "transit", "'Russia' is not an ISO 3166-1 alpha-2 code")),
    case("transit-is-an-end-country", cell("links", 1, transit="CN"),
         ("links.csv", 3, "transit", "CN is an end's country, not a transit country")),
]

TERMINALS = [
    case("terminal-at-unknown-place", cell("transshipments", 0, place="dostik"),
         ("transshipments.csv", 2, "place", "unknown place id 'dostik'")),
    case("terminal-without-modes", cell("transshipments", 0, modes=""),
         ("transshipments.csv", 2, "modes", "name the modes the terminal interchanges")),
]

CONDITIONS = [
    case("regime-default-without-regime", cell("regime_defaults", 0, regime=""),
         ("regime_defaults.csv", 2, "regime", "is empty; a value is required"),
         ("regime_defaults.csv", 2, "regime", "unknown regime ''")),
    case("regime-kind", cell("border_regimes", 0, kind="trade_bloc"),
         ("border_regimes.csv", 2, "kind",
          "'trade_bloc' is not one of: customs_union, free_movement, union_state")),
    case("regime-default-of-unknown-regime", cell("regime_defaults", 0, regime="schengen"),
         ("regime_defaults.csv", 2, "regime", "unknown regime 'schengen'; add its members")),
    case("season-of-unknown-link", cell("seasons", 0, element="aktau_baku_sea"),
         ("seasons.csv", 2, "element", "unknown link id 'aktau_baku_sea'")),
    case("season-of-unknown-crossing", cell("seasons", 1, element="khorgos_rail"),
         ("seasons.csv", 3, "element", "unknown crossing id 'khorgos_rail'")),
    # a row's window, dates and sources are all checked in one pass
    case("season-every-problem-of-a-row", cell("seasons", 0, open_to="", valid_to="never",
                                               source="nowhere"),
         ("seasons.csv", 2, "open_to", "is empty; a value is required"),
         ("seasons.csv", 2, "valid_to", "'never' is not a date like 2015-01-01"),
         ("seasons.csv", 2, "source", "source id 'nowhere' is not in sources.csv")),
    # two figures for one year: neither is the latest (a different direction is no duplicate)
    case("cpmm-two-rows-for-one-year", cell("cpmm_defaults", 1, year="2022"),
         ("cpmm_defaults.csv", 3, "year", "KZ/rail/outbound already has a 2022 figure at "
                                          "cpmm_defaults.csv row 2; keep one row per year")),
    # aktau_alat_sea is a crossing id too: only the kind is wrong
    case("season-kind", cell("seasons", 0, kind="port"),
         ("seasons.csv", 2, "kind", "'port' is not one of: link, crossing")),
]

NETWORK = [
    case("gauge-break-without-rail-terminal", cell("links", 3, gauge_mm="1435"),
         ("links.csv", 2, "gauge_mm", "almaty_dostyk_rail (1520 mm) and almaty_aktau_rail meet "
                                      "at almaty, which has no rail terminal")),
    # alashankou comes after dostyk, whose gauge-change terminal ends no search for clashes
    case("gauge-break-after-a-place-with-a-rail-terminal", cell("links", 2, gauge_mm="1676"),
         ("links.csv", 3, "gauge_mm", "dostyk_alashankou_rail (1435|1520 mm) and "
                                      "alashankou_urumqi_rail meet at alashankou, which has no "
                                      "rail terminal")),
    case("place-not-connected", isolated_places(1),
         ("places.csv", 8, "id", "not connected to the main network (6 places): lone_00; "
                                 "add a link")),
    case("many-groups-not-connected", isolated_places(22),
         *[("places.csv", 8 + i, "id", f"not connected to the main network (6 places): "
                                       f"lone_{i:02d}") for i in range(20)],
         ("places.csv", 28, "id", "2 more groups of places (2 places in all) are not "
                                  "connected to the main network (6 places), e.g. lone_20, "
                                  "lone_21")),
]

CORRIDORS = [
    case("corridor-with-one-waypoint", cell("corridors", 0, waypoints="urumqi"),
         ("corridors.csv", 2, "waypoints", "a corridor needs at least two waypoints")),
    case("corridor-unknown-waypoint", cell("corridors", 0, waypoints="urumqi|atlantis"),
         ("corridors.csv", 2, "waypoints", "unknown place id 'atlantis'")),
    case("corridor-path-unknown-element",
         cell("corridors", 0, path="dostyk_alashankou_rail > atlantis"),
         ("corridors.csv", 2, "path", "'atlantis' is neither a crossing id nor a place id")),
    case("corridor-path-without-crossing", cell("corridors", 0, path="dostyk > aktau_port"),
         ("corridors.csv", 2, "path", "a corridor's path needs at least one border crossing")),
]

EMISSIONS = [
    case("emission-mode", cell("emissions", 4, mode="air"),
         ("emissions.csv", 6, "mode", "'air' is not one of: rail, road, sea, terminal"),
         ("link_vehicles.csv", 3, "vehicle", "'feeder' is a air class, link 'aktau_alat_sea'")),
    case("emission-terminal-not-a-terminal-type",
         new_row("emissions", id="airport", mode="terminal", handling_kg_co2e="5",
                 handling_ttw_kg_co2e="4", source=SRC),
         ("emissions.csv", 8, "id", "'airport' is not a terminal type")),
    case("emission-terminal-without-handling", cell("emissions", 5, handling_kg_co2e=""),
         ("emissions.csv", 7, "handling_kg_co2e", "is empty; a number is required")),
    case("emission-terminal-ttw-above-wtw", cell("emissions", 5, handling_ttw_kg_co2e="20"),
         ("emissions.csv", 7, "handling_ttw_kg_co2e", "20 is above the well-to-wheel 15")),
    case("emission-class-without-wtw", cell("emissions", 4, wtw_g_per_tkm=""),
         ("emissions.csv", 6, "wtw_g_per_tkm", "is empty; a number is required")),
    case("emission-ttw-above-wtw", cell("emissions", 0, ttw_g_per_tkm="100"),
         ("emissions.csv", 2, "ttw_g_per_tkm", "100 is above the well-to-wheel 90")),
    case("emission-kwh-only-for-rail", cell("emissions", 3, kwh_per_tkm="0.03", default=""),
         ("emissions.csv", 5, "kwh_per_tkm", "only rail classes (electric traction) give kWh"),
         ("emissions.csv", None, "kwh_per_tkm", "more than one electric rail class")),
    case("emission-default-is-electric", cell("emissions", 2, default="yes"),
         ("emissions.csv", 4, "default", "the default class of a mode is not electric")),
    case("emission-two-defaults-of-a-mode", cell("emissions", 4, default="yes"),
         ("emissions.csv", 6, "default", "'sea' already has a default class (ferry at row 5)")),
    case("emission-two-electric-classes", append("emissions", 2, id="rail_electric_2"),
         ("emissions.csv", None, "kwh_per_tkm",
          "more than one electric rail class (rail_electric, rail_electric_2); keep one")),
    case("link-vehicle-of-unknown-link", cell("link_vehicles", 0, link="almaty_dostyk_road"),
         ("link_vehicles.csv", 2, "link", "unknown link id 'almaty_dostyk_road'")),
    case("link-vehicle-unknown-class", cell("link_vehicles", 1, vehicle="ship"),
         ("link_vehicles.csv", 3, "vehicle", "'ship' is not a vehicle class of emissions.csv")),
    case("link-vehicle-of-another-mode", cell("link_vehicles", 1, vehicle="truck"),
         ("link_vehicles.csv", 3, "vehicle",
          "'truck' is a road class, link 'aktau_alat_sea' is sea")),
    case("electric-share-only-for-rail", cell("link_vehicles", 1, electric_share="0.5"),
         ("link_vehicles.csv", 3, "electric_share",
          "only rail links have an electrified share, 'aktau_alat_sea' is sea")),
    case("link-vehicle-says-nothing", cell("link_vehicles", 0, electric_share=""),
         ("link_vehicles.csv", 2, "vehicle", "give the link's vehicle class or its "
                                             "electric_share")),
]

CAPACITIES = [
    case("capacity-kind", cell("capacities", 0, kind="lane"),
         ("capacities.csv", 2, "kind", "'lane' is not one of: crossing, link, port, terminal")),
    case("capacity-of-unknown-crossing", cell("capacities", 0, element="khorgos_rail"),
         ("capacities.csv", 2, "element", "unknown crossing id 'khorgos_rail'")),
    case("capacity-of-unknown-link", cell("capacities", 3, element="almaty_aktau_road"),
         ("capacities.csv", 5, "element", "unknown link id 'almaty_aktau_road'")),
    case("capacity-of-unknown-port", cell("capacities", 1, element="kuryk_port"),
         ("capacities.csv", 3, "element",
          "unknown port id 'kuryk_port'; ports and terminals are place ids")),
    case("capacity-of-unknown-terminal", cell("capacities", 2, element="khorgos"),
         ("capacities.csv", 4, "element", "unknown terminal id 'khorgos'")),
    case("capacity-of-a-port-one-way", cell("capacities", 1, direction="ab"),
         ("capacities.csv", 3, "direction", "a port capacity counts both directions")),
    case("capacity-of-a-terminal-one-way", cell("capacities", 2, direction="ba"),
         ("capacities.csv", 4, "direction", "a terminal capacity counts both directions")),
    case("capacity-port-not-a-port", cell("capacities", 1, element="almaty"),
         ("capacities.csv", 3, "element", "almaty is not a port (kind city); use kind "
                                          "'terminal'")),
    case("capacity-value-without-unit", cell("capacities", 0, unit=""),
         ("capacities.csv", 2, "unit", "is empty; say what the published value counts")),
    case("capacity-twice", append("capacities", 0),
         ("capacities.csv", 6, "element", "crossing dostyk_alashankou_rail (both, current) "
                                          "has a capacity already (row 2)")),
]

SOURCES = [
    case("source-without-year", cell("sources", 0, year=""),
         ("sources.csv", 2, "year", "is empty; a value is required")),
]


def _cell_cases() -> Iterable[object]:
    for ident, table, index, column, value, fragment in CELLS:
        yield case(ident, cell(table, index, **{column: value}),
                   (f"{table}.csv", index + 2, column, fragment))


TABLE_CASES = [
    *READER, *_keyed_cases(), *_provenance_cases(), *SLUGS, *_cell_cases(), *_figure_cases(),
    *COORDINATES, *PLACES, *CROSSINGS, *LINKS, *TERMINALS, *CONDITIONS, *NETWORK, *CORRIDORS,
    *EMISSIONS, *CAPACITIES, *SOURCES,
]


def _problems(tmp_path: Path, mutate: Mutate | None, post: Post | None, *,
              outlines: bool) -> list[DataProblem]:
    tables = full_tables()
    if mutate is not None:
        mutate(tables)
    directory = write_network(tmp_path / "net", tables)
    if post is not None:
        post(directory)
    return validate_network(directory, outlines=outlines)


def _assert_exactly(problems: list[DataProblem], expected: list[Expected]) -> None:
    """Each expected problem matches one problem (file, row, column, fragment); none left."""
    left = list(problems)
    for file, row, column, fragment in expected:
        match = next((p for p in left if (p.file, p.row, p.column) == (file, row, column)
                      and fragment in p.message), None)
        assert match is not None, (
            f"no problem {file} row {row} column {column!r} with {fragment!r}; got {problems}")
        left.remove(match)
    assert not left, f"unexpected problems: {left}"


def test_the_valid_networks_validate_clean(tmp_path: Path) -> None:
    assert validate_network(write_network(tmp_path / "tiny", _tiny_valid()),
                            outlines=False) == []
    assert validate_network(write_network(tmp_path / "full", full_tables())) == []


@pytest.mark.parametrize(("mutate", "post", "expected"), TABLE_CASES)
def test_each_rule_reports_only_its_problem(tmp_path: Path, mutate: Mutate | None,
                                            post: Post | None,
                                            expected: list[Expected]) -> None:
    _assert_exactly(_problems(tmp_path, mutate, post, outlines=False), expected)


# what the rules allow must stay allowed (each a documented exception)
ACCEPTED = [
    pytest.param(cell("links", 0, distance_km="5000", note="winds through the mountains"),
                 id="long-detour-explained-in-note"),
    pytest.param(cell("links", 3, gauge_mm="1435", status="planned"),
                 id="planned-line-of-another-gauge"),
    pytest.param(both(cell("links", 3, gauge_mm="1435"),
                      new_row("transshipments", place="almaty", type="rail_terminal",
                              modes="rail|road", source=SRC)),
                 id="gauge-break-at-a-rail-terminal"),
    pytest.param(cell("links", 0, direction="one_way", transit="RU"),
                 id="one-way-link-with-transit-but-no-alignment"),
    pytest.param(cell("border_crossings", 0, time_h_ab="", cost_usd_ab="", gauge_change=""),
                 id="unpublished-crossing-figures"),
    pytest.param(cell("links", 1, gauge_mm="1435|1520"), id="dual-gauge-border-section"),
]


@pytest.mark.parametrize("mutate", ACCEPTED)
def test_what_the_rules_allow_is_not_a_problem(tmp_path: Path, mutate: Mutate) -> None:
    assert _problems(tmp_path, mutate, None, outlines=False) == []


# --------------------------------------------------------------------------------------------
# fine country boundaries (outlines=True, shapely)
# --------------------------------------------------------------------------------------------
OSM_HEADER = "link_id,mode,from,to,osm_km,status,alignment\n"
YINING_CN = "43.9 81.3"  # a point in China between Almaty and Dostyk


def osm_lengths(text: str) -> Post:
    return write_bytes("osm_lengths.csv", text.encode("utf-8"))


GEOGRAPHY = [
    # Naryn's coordinates declared in Kazakhstan: inside KZ's box, outside its outline
    case("place-outside-its-country", cell("places", 0, lat="41.4287", lon="75.9911"),
         ("places.csv", 2, "lat", "(41.4287, 75.9911) lies in KG, ~")),
    case("osm-length-without-measurement", cell("links", 2, estimate="osm"),
         ("links.csv", 4, "estimate", "'osm' length without a measurement in osm_lengths.csv")),
    case("osm-length-differs-from-measurement", cell("links", 2, estimate="osm"),
         ("links.csv", 4, "distance_km", "477 km differs from its OSM measurement 500 km"),
         post=osm_lengths(OSM_HEADER + "alashankou_urumqi_rail,rail,alashankou,urumqi,500,"
                                       "rejected,\n")),
    case("waypoints-through-an-unlisted-country", cell("links", 0, waypoints=YINING_CN),
         ("links.csv", 2, "transit", "its waypoints passes through CN")),
    case("osm-alignment-through-an-unlisted-country", None,
         ("links.csv", 2, "transit", "its OSM alignment passes through CN (1 of its nodes"),
         post=osm_lengths(OSM_HEADER + f"almaty_dostyk_rail,rail,almaty,dostyk,850,used,"
                                       f"43.2389 76.8897;{YINING_CN};45.2533 82.4844\n")),
    case("transit-listed-but-not-passed", cell("links", 0, waypoints="46.0 81.0", transit="KG"),
         ("links.csv", 2, "transit", "its waypoints does not pass through KG; remove it")),
    case("osm-lengths-without-link-id", None,
         ("osm_lengths.csv", 1, "link_id", "required column is missing from the header"),
         post=osm_lengths("link,osm_km\nalmaty_dostyk_rail,850\n")),
    case("osm-lengths-row-without-link-id", None,
         ("osm_lengths.csv", 2, "link_id", "is empty"),
         post=osm_lengths(OSM_HEADER + ",rail,almaty,dostyk,850,used,\n")),
    case("osm-length-not-a-length", None,
         ("osm_lengths.csv", 2, "osm_km", "'-850' is not a length in km"),
         post=osm_lengths(OSM_HEADER + "almaty_dostyk_rail,rail,almaty,dostyk,-850,used,\n")),
    case("osm-alignment-not-points", None,
         ("osm_lengths.csv", 2, "alignment", "is not 'lat lon;lat lon;...'"),
         post=osm_lengths(OSM_HEADER + "almaty_dostyk_rail,rail,almaty,dostyk,850,used,"
                                       "43.2 76.9\n")),
    case("osm-lengths-not-utf8", None, ("osm_lengths.csv", None, None, "not UTF-8 text"),
         post=write_bytes("osm_lengths.csv", b"link_id,osm_km\n\xff,1\n")),
    case("osm-lengths-malformed", None, ("osm_lengths.csv", None, None, "malformed CSV"),
         post=osm_lengths("link_id,osm_km,alignment\nalmaty_dostyk_rail,850,"
                          + "x" * 200_000 + "\n")),
    case("boundaries-not-geojson", None,
         ("boundaries.geojson", None, None, "not GeoJSON country boundaries"),
         post=write_bytes("boundaries.geojson", b'{"features": [{"geometry": 1}]}')),
]


@pytest.fixture(scope="module")
def boundaries(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The built-in fine boundaries of the tiny network's countries and Kyrgyzstan only.

    A data directory's own ``boundaries.geojson`` replaces the built-in one; a subset keeps
    each case's boundary check fast (the whole file takes most of a second to read).
    """
    pytest.importorskip("shapely")
    from corridors.io import builtin_data_dir

    data = json.loads((builtin_data_dir() / "boundaries.geojson").read_text(encoding="utf-8"))
    data["features"] = [f for f in data["features"]
                        if f["properties"]["iso2"] in ("KZ", "CN", "AZ", "KG")]
    return json.dumps(data).encode("utf-8")


@pytest.mark.parametrize(("mutate", "post", "expected"), GEOGRAPHY)
def test_each_boundary_rule_reports_only_its_problem(tmp_path: Path, boundaries: bytes,
                                                     mutate: Mutate | None, post: Post | None,
                                                     expected: list[Expected]) -> None:
    def with_boundaries(directory: Path) -> None:
        (directory / "boundaries.geojson").write_bytes(boundaries)
        if post is not None:
            post(directory)

    _assert_exactly(_problems(tmp_path, mutate, with_boundaries, outlines=True), expected)


def test_the_boundary_subset_finds_nothing_in_the_valid_network(tmp_path: Path,
                                                                boundaries: bytes) -> None:
    directory = write_network(tmp_path / "net", full_tables())
    (directory / "boundaries.geojson").write_bytes(boundaries)
    assert validate_network(directory, outlines=True) == []


# --------------------------------------------------------------------------------------------
# extension directories
# --------------------------------------------------------------------------------------------
def test_an_extension_that_is_no_directory(tmp_path: Path) -> None:
    base = write_network(tmp_path / "net", full_tables())
    missing = tmp_path / "missing"
    assert validate_network(base, extend=[missing], outlines=False) == [
        DataProblem(str(missing), None, None, "is not a directory of network data")]


def test_an_extension_row_replaces_and_is_checked_under_its_directory(tmp_path: Path) -> None:
    base = write_network(tmp_path / "net", full_tables())
    almaty = {**full_tables()["places"][0], "name": "Almaty-1"}
    ext = write_network(tmp_path / "ext", {"places": [almaty]})
    assert validate_network(base, extend=[ext], outlines=False) == []  # a replacement
    write_network(ext, {"places": [{**almaty, "kind": "town"}]})
    _assert_exactly(validate_network(base, extend=[ext], outlines=False),
                    [("ext/places.csv", 2, "kind", "'town' is not one of")])
