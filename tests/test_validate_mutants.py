"""Network validation to the letter: exact messages, the limits of each rule, the records.

:mod:`tests.test_validate_rules` breaks every rule once and finds its problem by a fragment of
the message. These tests pin what a user reads and what the graph is built from:

* each problem of :mod:`corridors.validate` with its whole message (a message is part of the
  contract: it says what is wrong and what to do), and no other problem;
* each numeric rule at its limits: the limit itself accepted, just beyond it refused (country
  boxes and their 0.25 degree tolerance, the great-circle floor and its 0.05 km slack, the
  2.5x detour limit above 30 km, the 1 km / 0.1 km tolerance of ``detour:F`` estimates,
  waypoint ranges, two corridor waypoints, the 20 groups / 8 names of the connectivity report);
* the typed records :func:`corridors.validate.check_tables` returns for a valid network;
* the public helpers :func:`~corridors.validate.detour_estimate_km`,
  :func:`~corridors.validate.detour_factor` and
  :func:`~corridors.validate.load_country_boxes`.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from pathlib import Path

import pytest
from netdata import write_network
from test_validate_rules import SRC, Mutate, append, both, cell, full_tables, new_row

from corridors.errors import ArgumentTypeError, DataProblem
from corridors.geo import great_circle_km
from corridors.io import builtin_data_dir, read_tables
from corridors.model import BorderCrossing, Corridor, Source
from corridors.regimes import Membership
from corridors.seasons import Season
from corridors.validate import (
    Records,
    check_tables,
    detour_estimate_km,
    detour_factor,
    load_country_boxes,
    validate_network,
)

Tables = dict[str, list[dict[str, str]]]
#: (file, row, column, the whole message)
Exact = tuple[str, int | None, str | None, str]

TO_NOTE = "; correct it or explain it in 'note'"
CROSS = "are in different countries: name the border crossing record this link crosses"
COORDS = "; check the coordinates (lat, lon in decimal degrees) and the country code"
DERIVE = "; run data/scripts/derive_lengths.py"
GAUGES = "'{}' is not one of: 1520, 1435, 1676"
NOT_LAT_LON = "{!r} is not 'lat lon' in decimal degrees"
CUT_OFF: Exact = ("places.csv", 3, "id", "not connected to the main network (3 places): "
                                        "alashankou, dostyk, urumqi; add a link")
NO_LINK = ("border_crossings.csv", 2, "id", "no link in links.csv crosses "
                                            "'dostyk_alashankou_rail' (set its 'crossing' column)")


def problems_of(tmp_path: Path, tables: Tables, **kwargs: object) -> list[DataProblem]:
    """Validate ``tables`` (written to a directory) without the fine boundary check."""
    directory = write_network(tmp_path / "net", tables)
    if kwargs:
        return check_tables(read_tables(directory), **kwargs)[1]  # type: ignore[arg-type]
    return validate_network(directory, outlines=False)


def changed(mutate: Mutate) -> Tables:
    tables = full_tables()
    mutate(tables)
    return tables


def assert_problems(found: list[DataProblem], expected: list[Exact]) -> None:
    def key(p: DataProblem) -> tuple[str, int, str, str]:
        return p.file, p.row or 0, p.column or "", p.message

    assert sorted(found, key=key) == sorted((DataProblem(*e) for e in expected), key=key)


def isolated(n: int, prefix: str = "lone") -> Mutate:
    """Append ``n`` valid places in Kazakhstan that no link reaches."""
    def mutate(t: Tables) -> None:
        for i in range(n):
            t["places"].append({"id": f"{prefix}_{i:02d}", "name": f"{prefix} {i}",
                                "country": "KZ", "lat": f"{44 + i * 0.1:.1f}", "lon": "70.0",
                                "kind": "city", "source": SRC})
    return mutate


def road(ident: str, u: str, v: str, km: str = "20") -> Mutate:
    return new_row("links", id=ident, **{"from": u, "to": v}, mode="road", distance_km=km,
                   status="operational", source=SRC)


# --------------------------------------------------------------------------------------------
# every message of corridors.validate, whole
# --------------------------------------------------------------------------------------------
EXACT = [
    ("transit-not-iso", cell("links", 0, transit="Russia"),
     [("links.csv", 2, "transit", "'Russia' is not an ISO 3166-1 alpha-2 code (e.g. RU)")]),
    ("transit-end-countries", cell("links", 1, transit="KZ|RU|CN"),
     [("links.csv", 3, "transit", "KZ is an end's country, not a transit country"),
      ("links.csv", 3, "transit", "CN is an end's country, not a transit country")]),
    ("waypoints-not-lat-lon", cell("links", 0, waypoints=(
        "44.0 78.0;north east;44.0;44 78 5;90.5 78;-90.5 78;44 180.5;44 -180.5")),
     [("links.csv", 2, "waypoints", NOT_LAT_LON.format(w))
      for w in ("north east", "44.0", "44 78 5", "90.5 78", "-90.5 78", "44 180.5",
                "44 -180.5")]),
    ("place-country-not-iso", cell("places", 0, country="KAZ"),
     [("places.csv", 2, "country", "'KAZ' is not an ISO 3166-1 alpha-2 code like 'KZ'"),
      ("links.csv", 2, "crossing", f"almaty (KAZ) and dostyk (KZ) {CROSS}"),
      ("links.csv", 5, "crossing", f"almaty (KAZ) and aktau_port (KZ) {CROSS}")]),
    ("place-outside-its-country-box", cell("places", 0, lat="40.0"),
     [("places.csv", 2, "lat", f"(40.0, 76.8897) lies outside KZ{COORDS}")]),
    ("link-from-unknown-place", cell("links", 0, **{"from": "almati"}),
     [("links.csv", 2, "from", "unknown place id 'almati'; add it to places.csv"), CUT_OFF]),
    ("link-from-no-place", cell("links", 0, **{"from": ""}),
     [("links.csv", 2, "from", "is empty; a value is required"), CUT_OFF]),
    ("link-joins-a-place-to-itself", cell("links", 0, to="almaty"),
     [("links.csv", 2, "to", "a link must join two different places"), CUT_OFF]),
    ("crossing-country-not-the-posts", cell("border_crossings", 0, country_a="RU"),
     [("border_crossings.csv", 2, "country_a", "'RU' but place 'dostyk' is in 'KZ'")]),
    ("crossing-joins-one-country", cell("border_crossings", 0, country_b="KZ"),
     [("border_crossings.csv", 2, "country_b", "'KZ' but place 'alashankou' is in 'CN'"),
      ("border_crossings.csv", 2, "country_b",
       "a border crossing joins two different countries")]),
    ("gauge-change-not-yes-or-no", cell("border_crossings", 0, gauge_change="maybe"),
     [("border_crossings.csv", 2, "gauge_change", "'maybe' is not 'yes' or 'no'")]),
    ("gauge-unknown", cell("links", 0, gauge_mm="1000"),
     [("links.csv", 2, "gauge_mm", GAUGES.format("1000"))]),
    # digits other than ASCII 0-9 are no gauge, though int() reads them
    ("gauge-in-other-digits", cell("links", 0, gauge_mm="\uff11\uff15\uff12\uff10"),
     [("links.csv", 2, "gauge_mm", GAUGES.format("\uff11\uff15\uff12\uff10"))]),
    ("rail-link-without-gauge", cell("links", 0, gauge_mm=""),
     [("links.csv", 2, "gauge_mm", "a rail link needs its gauge (1520, 1435 or 1676)")]),
    ("only-rail-links-have-a-gauge", cell("links", 4, gauge_mm="1520"),
     [("links.csv", 6, "gauge_mm", "only rail links have a gauge, this one is 'sea'")]),
    ("only-sea-links-have-sailings-and-speed", cell("links", 0, sailings_per_week="3",
                                                    speed_kmh="30"),
     [("links.csv", 2, "sailings_per_week", "only sea links have sailings"),
      ("links.csv", 2, "speed_kmh", "only sea links have a vessel speed")]),
    ("link-shorter-than-great-circle", cell("links", 0, distance_km="300"),
     [("links.csv", 2, "distance_km", "300 km is shorter than the great-circle distance "
       "498.6 km between almaty and dostyk; check the length and both places' coordinates")]),
    ("link-over-detour-limit-without-note", cell("links", 0, distance_km="5000"),
     [("links.csv", 2, "distance_km",
       f"5000 km is over 2.5x the great-circle length 499 km{TO_NOTE}")]),
    ("detour-estimate-stale", cell("links", 4, distance_km="506"),
     [("links.csv", 6, "distance_km",
       f"506 km does not match its estimate detour:1.15 (501 km){DERIVE}")]),
    ("detour-estimate-with-spaces", cell("links", 4, distance_km="506",
                                         estimate="sailing route; detour: 1.15"),
     [("links.csv", 6, "distance_km",
       f"506 km does not match its estimate detour: 1.15 (501 km){DERIVE}")]),
    ("cross-border-link-without-crossing", cell("links", 1, crossing=""),
     [("links.csv", 3, "crossing", f"dostyk (KZ) and alashankou (CN) {CROSS}"), NO_LINK]),
    ("domestic-link-with-crossing", cell("links", 0, crossing="dostyk_alashankou_rail"),
     [("links.csv", 2, "crossing", "almaty and dostyk are both in KZ: not a crossing"),
      ("links.csv", 2, "crossing", "crossing 'dostyk_alashankou_rail' joins dostyk and "
                                   "alashankou, this link joins almaty and dostyk"),
      ("links.csv", 3, "crossing", "crossing 'dostyk_alashankou_rail' is already used by the "
                                   "link at links.csv row 2")]),
    ("link-crossing-unknown", cell("links", 1, crossing="khorgos"),
     [("links.csv", 3, "crossing", "unknown crossing id 'khorgos'; add it to "
                                   "border_crossings.csv"), NO_LINK]),
    ("link-and-crossing-of-other-modes", cell("border_crossings", 0, mode="road"),
     [("links.csv", 3, "crossing", "crossing 'dostyk_alashankou_rail' is road, link is rail")]),
    # a link without a mode is not compared with its crossing's mode
    ("crossing-link-without-mode", cell("links", 1, mode="", gauge_mm=""),
     [("links.csv", 3, "mode", "'' is not one of: rail, road, sea")]),
    ("crossing-without-link", append("border_crossings", 0, id="spare_rail"),
     [("border_crossings.csv", 4, "id",
       "no link in links.csv crosses 'spare_rail' (set its 'crossing' column)")]),
    ("terminal-without-modes", cell("transshipments", 0, modes=""),
     [("transshipments.csv", 2, "modes",
       "name the modes the terminal interchanges, e.g. 'rail|road'")]),
    ("corridor-with-one-waypoint", cell("corridors", 0, waypoints="urumqi"),
     [("corridors.csv", 2, "waypoints",
       "a corridor needs at least two waypoints (place ids, '|')")]),
    ("corridor-unknown-waypoint", cell("corridors", 0, waypoints="urumqi|atlantis"),
     [("corridors.csv", 2, "waypoints", "unknown place id 'atlantis'")]),
    ("corridor-path-unknown-element",
     cell("corridors", 0, path="dostyk_alashankou_rail > atlantis / aktau_port"),
     [("corridors.csv", 2, "path", "'atlantis' is neither a crossing id nor a place id")]),
    ("corridor-path-without-crossing", cell("corridors", 0, path="dostyk > aktau_port"),
     [("corridors.csv", 2, "path", "a corridor's path needs at least one border crossing")]),
    ("regime-country-not-iso", cell("border_regimes", 1, country="XX"),
     [("border_regimes.csv", 3, "country", "'XX' is not an ISO 3166-1 alpha-2 code")]),
    ("cpmm-country-not-iso", cell("cpmm_defaults", 0, country="Kazakhstan"),
     [("cpmm_defaults.csv", 2, "country", "'Kazakhstan' is not an ISO 3166-1 alpha-2 code")]),
    ("regime-left-before-joined", cell("border_regimes", 1, left="2014-12-31"),
     [("border_regimes.csv", 3, "left", "2014-12-31 is before joined 2015-01-01")]),
    ("regime-joined-not-a-date", cell("border_regimes", 0, joined="2015"),
     [("border_regimes.csv", 2, "joined", "'2015' is not a date like 2015-01-01")]),
    ("regime-default-of-unknown-regime", cell("regime_defaults", 0, regime="schengen"),
     [("regime_defaults.csv", 2, "regime",
       "unknown regime 'schengen'; add its members to border_regimes.csv")]),
    ("season-of-unknown-link", cell("seasons", 0, element="aktau_baku_sea"),
     [("seasons.csv", 2, "element", "unknown link id 'aktau_baku_sea'")]),
    ("season-of-unknown-crossing", cell("seasons", 1, element="khorgos_rail"),
     [("seasons.csv", 3, "element", "unknown crossing id 'khorgos_rail'")]),
    ("season-not-a-month-day", cell("seasons", 0, open_from="04-31"),
     [("seasons.csv", 2, "open_from", "'04-31' is not a month-day like 04-01")]),
    ("season-valid-to-not-a-date", cell("seasons", 0, valid_to="2030"),
     [("seasons.csv", 2, "valid_to", "'2030' is not a date like 2015-01-01")]),
    # the gauges of the first link, in increasing order
    ("gauge-break-without-rail-terminal", cell("links", 0, gauge_mm="1676|1435"),
     [("links.csv", 2, "gauge_mm", "almaty_dostyk_rail (1435|1676 mm) and almaty_aktau_rail "
       "meet at almaty, which has no rail terminal to change gauge: add one to "
       "transshipments.csv or correct the gauges")]),
    # one problem per place, however many links clash there; every place is checked
    ("gauge-breaks-at-two-places", both(
        cell("links", 0, gauge_mm="1676"),
        new_row("links", id="almaty_aktau_rail_2", **{"from": "almaty", "to": "aktau_port"},
                mode="rail", distance_km="3000", gauge_mm="1435", status="operational",
                source=SRC),
        cell("transshipments", 0, modes="road")),
     [("links.csv", 2, "gauge_mm", "almaty_dostyk_rail (1676 mm) and almaty_aktau_rail meet "
       "at almaty, which has no rail terminal to change gauge: add one to transshipments.csv "
       "or correct the gauges"),
      ("links.csv", 2, "gauge_mm", "almaty_dostyk_rail (1676 mm) and dostyk_alashankou_rail "
       "meet at dostyk, which has no rail terminal to change gauge: add one to "
       "transshipments.csv or correct the gauges")]),
    ("place-not-connected", isolated(1),
     [("places.csv", 8, "id", "not connected to the main network (6 places): lone_00; "
                              "add a link")]),
    # a group of nine places (linked in any order): eight named, at its first place's row;
    # the largest group (ten places) is the main network
    ("large-group-not-connected", both(
        isolated(10, "grp"), *[road(f"grp_{i}", f"grp_{i:02d}", f"grp_{i + 1:02d}")
                               for i in range(9)],
        isolated(9, "sub"), *[road(f"sub_{i}", f"sub_{i:02d}", f"sub_{i + 1:02d}")
                              for i in (7, 0, 1, 2, 3, 4, 5, 6)]),
     [("places.csv", 18, "id", "not connected to the main network (10 places): sub_00, "
       "sub_01, sub_02, sub_03, sub_04, sub_05, sub_06, sub_07 and 1 more; add a link"),
      ("places.csv", 2, "id", "not connected to the main network (10 places): aktau_port, "
       "alashankou, alat_port, almaty, dostyk, urumqi; add a link")]),
    # eight places are all named
    ("group-of-eight-not-connected", both(
        isolated(10, "grp"), *[road(f"grp_{i}", f"grp_{i:02d}", f"grp_{i + 1:02d}")
                               for i in range(9)],
        isolated(8, "oct"), *[road(f"oct_{i}", f"oct_{i:02d}", f"oct_{i + 1:02d}")
                              for i in range(7)]),
     [("places.csv", 18, "id", "not connected to the main network (10 places): oct_00, "
       "oct_01, oct_02, oct_03, oct_04, oct_05, oct_06, oct_07; add a link"),
      ("places.csv", 2, "id", "not connected to the main network (10 places): aktau_port, "
       "alashankou, alat_port, almaty, dostyk, urumqi; add a link")]),
]


@pytest.mark.parametrize(("mutate", "expected"),
                         [pytest.param(m, e, id=i) for i, m, e in EXACT])
def test_each_problem_in_full(tmp_path: Path, mutate: Mutate, expected: list[Exact]) -> None:
    assert_problems(problems_of(tmp_path, changed(mutate)), expected)


def test_twenty_groups_named_then_the_rest_counted(tmp_path: Path) -> None:
    found = problems_of(tmp_path, changed(isolated(29)))
    assert found[:20] == [
        DataProblem("places.csv", 8 + i, "id",
                    f"not connected to the main network (6 places): lone_{i:02d}; add a link")
        for i in range(20)]
    assert found[20:] == [DataProblem(
        "places.csv", 28, "id", "9 more groups of places (9 places in all) are not connected "
        "to the main network (6 places), e.g. lone_20, lone_21, lone_22, lone_23, lone_24, "
        "lone_25, lone_26, lone_27; add links")]


# --------------------------------------------------------------------------------------------
# the limits of each rule: the limit accepted, just beyond it refused
# --------------------------------------------------------------------------------------------
ACCEPTED = [
    # waypoints at the ends of the ranges, comma-separated, empty parts skipped
    pytest.param(cell("links", 0, waypoints="90 180;-90 -180; ;44.5,78.5;"),
                 id="waypoints-at-range-ends"),
    pytest.param(cell("corridors", 0, waypoints="urumqi|dostyk"), id="corridor-two-waypoints"),
    pytest.param(cell("corridors", 0, path="dostyk_alashankou_rail / aktau_port >> alat_port"),
                 id="corridor-path-alternatives-and-empty-slot"),
    pytest.param(cell("border_regimes", 1, left="2015-01-01"), id="regime-left-on-joined"),
    pytest.param(cell("seasons", 0, open_from="02-29"), id="season-from-leap-day"),
    pytest.param(cell("links", 3, gauge_mm="1435", status="under_construction"),
                 id="line-under-construction-of-another-gauge"),
    pytest.param(cell("links", 4, distance_km="502"), id="detour-estimate-1-km-off"),
    pytest.param(cell("links", 4, distance_km="500"), id="detour-estimate-1-km-short"),
    pytest.param(cell("border_crossings", 0, gauge_change="no"), id="gauge-change-no"),
    pytest.param(cell("links", 4, speed_kmh="1", sailings_per_week="0.01"),
                 id="sea-link-at-its-minimums"),
    pytest.param(cell("links", 4, speed_kmh="100", sailings_per_week="1000"),
                 id="sea-link-at-its-maximums"),
]


@pytest.mark.parametrize("mutate", ACCEPTED)
def test_limits_are_accepted(tmp_path: Path, mutate: Mutate) -> None:
    assert problems_of(tmp_path, changed(mutate)) == []


def _alashankou_at(lon: str, distance: str, estimate: str = "") -> Tables:
    """Move Alashankou east along Dostyk's parallel; set the length of their link."""
    t = full_tables()
    t["places"][2].update(lat="45.2533", lon=lon)
    t["links"][1].update(distance_km=distance, estimate=estimate)
    return t


def _gc(lon: str) -> float:
    return great_circle_km(45.2533, 82.4844, 45.2533, float(lon))


# (Alashankou's lon, link length, estimate, the problem of links.csv row 3 or None)
SHORT_LINKS = [
    # 5.229 km apart: 0.05 km of slack below the great circle
    ("82.5512", "5.18", "", None),
    ("82.5512", "5.17", "", "5.17 km is shorter than the great-circle distance 5.2 km between "
                            "dostyk and alashankou; check the length and both places' "
                            "coordinates"),
    # below 10 km a detour:F estimate is kept to 0.1 km, and matched to 0.1 km
    ("82.5512", "5.3", "detour:1", None),
    ("82.5512", "5.4", "detour:1", f"5.4 km does not match its estimate detour:1 (5.2 km)"
                                   f"{DERIVE}"),
    # from 10 km on, to 1 km
    ("82.6147", "10.5", "detour:1", None),
    ("82.6147", "11", "detour:1", None),
    ("82.6147", "11.1", "detour:1", f"11.1 km does not match its estimate detour:1 (10 km)"
                                    f"{DERIVE}"),
    # the 2.5x limit applies above 30 km of great-circle length
    ("82.8613", "80", "", None),
    ("82.874", "76.2", "", None),
    ("82.874", "80", "", f"80 km is over 2.5x the great-circle length 30 km{TO_NOTE}"),
]


@pytest.mark.parametrize(("lon", "distance", "estimate", "message"), SHORT_LINKS)
def test_length_rules_at_their_limits(tmp_path: Path, lon: str, distance: str, estimate: str,
                                      message: str | None) -> None:
    # the fixture's geometry: what each case stands on
    assert {"82.5512": 5.229, "82.6147": 10.2, "82.8613": 29.503, "82.874": 30.497}[lon] == (
        pytest.approx(_gc(lon), abs=1e-3))
    found = problems_of(tmp_path, _alashankou_at(lon, distance, estimate))
    assert found == ([] if message is None
                     else [DataProblem("links.csv", 3, "distance_km", message)])


# The limits themselves, with the geometry of the dostyk -> alashankou link set to exact binary
# figures (the great circle and the length along the waypoints): a length exactly 0.05 km
# below the great circle, a great-circle length of exactly 30 km, and a length of exactly
# 2.5x are all accepted.
EXACT_LIMITS = [
    # (great circle, length along, link length, the problem or None)
    (100.0 + 0.05, 100.0 + 0.05, "100", None),
    (100.0 + 0.0625, 100.0 + 0.0625, "100", "100 km is shorter than the great-circle "
     "distance 100.1 km between dostyk and alashankou; check the length and both places' "
     "coordinates"),
    (30.0, 30.0, "80", None),
    (30.0 + 2 ** -20, 30.0 + 2 ** -20, "80", f"80 km is over 2.5x the great-circle length "
                                              f"30 km{TO_NOTE}"),
    (40.0, 40.0, "100", None),
    (40.0, 40.0, "100.5", f"100.5 km is over 2.5x the great-circle length 40 km{TO_NOTE}"),
]


@pytest.mark.parametrize(("gc", "along", "distance", "message"), EXACT_LIMITS)
def test_length_rules_at_their_exact_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            gc: float, along: float, distance: str,
                                            message: str | None) -> None:
    import corridors.validate as validate

    link = (45.2533, 82.4844, 45.2533, 82.5512)  # the fixture's dostyk and alashankou

    def fake_gc(*args: float) -> float:
        return gc if args == link else great_circle_km(*args)

    def fake_along(points: list[tuple[float, float]]) -> float:
        return along if [*points[0], *points[-1]] == list(link) else _true_along(points)

    _true_along = validate.path_length_km
    monkeypatch.setattr(validate, "great_circle_km", fake_gc)
    monkeypatch.setattr(validate, "path_length_km", fake_along)
    found = problems_of(tmp_path, _alashankou_at("82.5512", distance, ""))
    assert found == ([] if message is None
                     else [DataProblem("links.csv", 3, "distance_km", message)])


def test_regime_memberships_without_default_figures_are_kept(tmp_path: Path) -> None:
    # the regimes decide which borders are internal even where no default figure is given
    tables = full_tables()
    tables["regime_defaults"], tables["cpmm_defaults"] = [], []
    records, found = check_tables(read_tables(write_network(tmp_path / "net", tables)))
    assert found == []
    assert records.regimes is not None
    assert {(m.regime, m.country) for m in records.regimes.memberships} == {
        ("eaeu", "KZ"), ("eaeu", "RU")}


def _box_tables() -> Tables:
    """Alat port at (40.0, 49.5), its sea link measured rather than estimated."""
    t = full_tables()
    t["places"][5].update(lat="40.0", lon="49.5")
    t["links"][4].update(distance_km="600", estimate="", source=SRC)
    return t


@pytest.mark.parametrize(("box", "inside"), [
    ((49.75, 40.25, 50.5, 41.0), True),  # 0.25 degree west and south of the box
    ((48.0, 39.0, 49.25, 39.75), True),  # 0.25 degree east and north
    ((49.875, 39.0, 50.5, 41.0), False),
    ((48.0, 40.375, 50.5, 41.0), False),
    ((48.0, 39.0, 49.125, 41.0), False),
    ((48.0, 39.0, 50.5, 39.625), False),
])
def test_country_box_tolerance(tmp_path: Path, box: tuple[float, ...], inside: bool) -> None:
    found = problems_of(tmp_path, _box_tables(), country_boxes={"AZ": box})
    assert found == ([] if inside else [DataProblem(
        "places.csv", 7, "lat", f"(40.0, 49.5) lies outside AZ{COORDS}")])


def test_country_boxes_default_to_the_built_in_ones(tmp_path: Path) -> None:
    tables = changed(cell("places", 0, lat="40.0"))
    assert problems_of(tmp_path, tables, country_boxes=None) == problems_of(
        tmp_path / "b", tables, country_boxes=load_country_boxes(builtin_data_dir()))
    assert problems_of(tmp_path / "c", tables, country_boxes={}) == []


def test_load_country_boxes(tmp_path: Path) -> None:
    boxes = load_country_boxes()
    assert boxes["KZ"] == (46.4932, 40.5687, 87.3156, 55.4431)
    assert boxes == load_country_boxes(builtin_data_dir())
    assert load_country_boxes(tmp_path) == {}


def test_country_boxes_are_read_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    # a user's countries.csv with names in their own spelling, read where the locale's
    # encoding is ASCII (the C locale of a bare container or cron job)
    import locale

    (tmp_path / "countries.csv").write_text(
        "iso2,iso3,name,min_lon,min_lat,max_lon,max_lat,source\n"
        "TR,TUR,Türkiye,25.6,35.8,44.8,42.1,own\n", encoding="utf-8")
    saved = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C")
        if sys.flags.utf8_mode or locale.getpreferredencoding(False).lower() in ("utf-8",
                                                                                 "utf8"):
            pytest.skip("Python reads files as UTF-8 here whatever it is told")
        assert load_country_boxes(tmp_path) == {"TR": (25.6, 35.8, 44.8, 42.1)}
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)


# --------------------------------------------------------------------------------------------
# the records
# --------------------------------------------------------------------------------------------
def _record_tables() -> Tables:
    t = full_tables()
    t["sources"][0]["note"] = "source note"
    t["places"][0].update(note="place note", estimate="place estimate")
    t["links"][0].update(note="link note", estimate="link estimate", direction="one_way",
                         status_year="2019", waypoints="44.0 78.0; 45,80", transit="")
    t["links"][3]["transit"] = "RU"
    t["links"][4]["speed_kmh"] = "30"
    t["border_crossings"][0].update(note="crossing note", estimate="crossing estimate",
                                    status_since="1990", cost_usd_ba="250")
    t["transshipments"][0].update(note="terminal note", estimate="terminal estimate",
                                  handling_h="2")
    t["transshipments"][1]["handling_h"] = "5"  # its own figure before its type's
    t["corridors"][0].update(note="corridor note", estimate="corridor estimate",
                             description="corridor description",
                             path="dostyk_alashankou_rail / dostyk > > aktau_port")
    t["seasons"][0]["note"] = "season note"
    t["cpmm_defaults"].append({**t["cpmm_defaults"][0], "year": "2023", "time_h": "9"})
    return t


def test_records_of_a_valid_network(tmp_path: Path) -> None:
    directory = write_network(tmp_path / "net", _record_tables())
    rec, found = check_tables(read_tables(directory))
    assert found == []
    assert isinstance(rec, Records)
    assert rec.directories == [str(directory)]
    assert rec.sources == {"src_test": Source(
        id="src_test", title="Test source", publisher="tests", year="2024",
        url="https://example.org/", note="source note")}
    assert rec.places["almaty"] == {
        "name": "Almaty", "aliases": ("Alma-Ata", "Алматы"), "country": "KZ", "y": 43.2389,
        "x": 76.8897, "kind": "city", "gateway_for": ("central_asia",),
        "source": ("src_test",), "estimate": "place estimate", "note": "place note",
        "transshipment": None}
    dostyk_terminal = {
        "type": "gauge_change", "modes": ("rail",), "handling_h": 2.0, "handling_usd": None,
        "dwell_h": 24.0, "basis": "published", "source": ("src_test",),
        "estimate": "terminal estimate", "note": "terminal note"}
    assert rec.transshipments["dostyk"] == dostyk_terminal
    assert rec.places["dostyk"]["transshipment"] is rec.transshipments["dostyk"]
    # the seaport's missing figures come from its type, and say so
    aktau = rec.transshipments["aktau_port"]
    assert {k: aktau[k] for k in ("handling_h", "handling_usd", "dwell_h", "basis")} == {
        "handling_h": 5.0, "handling_usd": 180.0, "dwell_h": 96.0,
        "basis": "type default (handling_usd, dwell_h)"}
    assert rec.terminal_types == {"seaport": {
        "handling_h": 8.0, "handling_usd": 180.0, "dwell_h": 96.0, "source": ("src_test",)}}
    link_keys = ("from", "to", "mode", "distance_km", "gauge_mm", "status", "status_year",
                 "direction", "waypoints", "crossing", "transit", "sailings_per_week",
                 "speed_kmh", "source", "estimate", "note")
    links = {i: {k: link[k] for k in link_keys} for i, link in rec.links.items()}
    assert links["almaty_dostyk_rail"] == {
        "from": "almaty", "to": "dostyk", "mode": "rail", "distance_km": 850.0,
        "gauge_mm": (1520,), "status": "operational", "status_year": "2019",
        "direction": "one_way", "waypoints": ((44.0, 78.0), (45.0, 80.0)), "crossing": None,
        "transit": (), "sailings_per_week": None, "speed_kmh": None, "source": ("src_test",),
        "estimate": "link estimate", "note": "link note"}
    assert links["dostyk_alashankou_rail"]["gauge_mm"] == (1435, 1520)
    assert links["dostyk_alashankou_rail"]["crossing"] == "dostyk_alashankou_rail"
    assert links["almaty_aktau_rail"]["transit"] == ("RU",)
    assert links["almaty_aktau_rail"]["direction"] == "two_way"  # the default
    assert {k: links["aktau_alat_sea"][k] for k in (
        "sailings_per_week", "speed_kmh", "estimate", "source", "distance_km")} == {
        "sailings_per_week": 3.0, "speed_kmh": 30.0, "estimate": "detour:1.15", "source": (),
        "distance_km": 501.0}
    assert rec.crossings["dostyk_alashankou_rail"] == BorderCrossing(
        id="dostyk_alashankou_rail", name="Dostyk–Alashankou", mode="rail", post_a="dostyk",
        post_b="alashankou", country_a="KZ", country_b="CN", time_h_ab=30.0, time_h_ba=48.0,
        cost_usd_ab=200.0, cost_usd_ba=250.0, gauge_change=True, status="open",
        status_since="1990", data_year="2022", source=("src_test",),
        estimate="crossing estimate", note="crossing note")
    assert rec.crossings["aktau_alat_sea"].gauge_change is False  # an empty cell is "no"
    assert rec.corridors == {"test_corridor": Corridor(
        id="test_corridor", name="Test corridor", aliases=("TC",),
        waypoints=("urumqi", "dostyk", "almaty", "aktau_port", "alat_port"),
        path=(("dostyk_alashankou_rail", "dostyk"), ("aktau_port",)), modes=("rail", "sea"),
        description="corridor description", source=("src_test",),
        estimate="corridor estimate", note="corridor note")}
    assert rec.seasons == {
        ("link", "aktau_alat_sea"): (Season(
            (4, 1), (11, 30), "fixed", dt.date(2020, 1, 1), dt.date(2030, 12, 31),
            ("src_test",), "season note"),),
        ("crossing", "dostyk_alashankou_rail"): (Season(
            (1, 1), (12, 31), "intermittent", None, None, ("src_test",), ""),)}
    eaeu = "Eurasian Economic Union"
    assert rec.regimes.memberships == [
        Membership("eaeu", "KZ", dt.date(2015, 1, 1), None, eaeu, "customs_union"),
        Membership("eaeu", "RU", dt.date(2015, 1, 1), dt.date(2030, 1, 1), eaeu,
                   "customs_union")]
    assert rec.regimes.defaults == {("eaeu", "rail"): (1.3, 10.0, ("src_test",))}
    # the latest year wins, whatever the row order
    assert rec.regimes.cpmm == {("KZ", "rail", "outbound"): (9.0, 100.0, "2023")}


def test_no_regime_tables_no_regimes(tmp_path: Path) -> None:
    t = full_tables()
    for name in ("border_regimes", "regime_defaults", "cpmm_defaults"):
        t[name] = []
    rec, found = check_tables(read_tables(write_network(tmp_path / "net", t)))
    assert (rec.regimes, found) == (None, [])


def test_only_cpmm_rows_make_regimes(tmp_path: Path) -> None:
    t = full_tables()
    t["border_regimes"], t["regime_defaults"] = [], []
    rec, found = check_tables(read_tables(write_network(tmp_path / "net", t)))
    assert found == []
    assert (rec.regimes.memberships, rec.regimes.defaults) == ([], {})
    assert rec.regimes.cpmm == {("KZ", "rail", "outbound"): (10.0, 100.0, "2022")}


# --------------------------------------------------------------------------------------------
# the public helpers
# --------------------------------------------------------------------------------------------
def test_detour_factor() -> None:
    assert detour_factor("detour:1.15") == 1.15
    assert detour_factor("distance: OSM failed; detour: 2") == 2.0
    assert detour_factor("osm") is None
    assert detour_factor("") is None
    assert detour_factor(None) is None


def test_detour_estimate_rounding() -> None:
    a, b = (45.2533, 82.4844), (45.2533, 82.6147)  # 10.2 km apart
    assert detour_estimate_km(a, b, (), 1.0) == 10.0  # whole km from 10 km on
    assert detour_estimate_km(a, b, (), 0.5) == 5.1  # 0.1 km below
    assert detour_estimate_km(a, b, (), 0.97) == 9.9  # 9.894 km
    assert detour_estimate_km(a, a, (), 1.0) == 0.1  # at least 0.1 km
    c = (45.2533, 82.874)  # the way through a waypoint 30.5 km along
    assert detour_estimate_km(a, b, [c], 1.0) == round(2 * _gc("82.874") - _gc("82.6147"))
    assert detour_estimate_km(a, b, (), math.inf) == math.inf


def test_validate_network_checks_outlines_by_default(tmp_path: Path) -> None:
    pytest.importorskip("shapely")
    import json

    data = json.loads((builtin_data_dir() / "boundaries.geojson").read_text(encoding="utf-8"))
    data["features"] = [f for f in data["features"]
                        if f["properties"]["iso2"] in ("KZ", "CN", "AZ", "KG")]
    # Naryn's coordinates declared in Kazakhstan: inside KZ's box, outside its outline
    directory = write_network(tmp_path / "net",
                              changed(cell("places", 0, lat="41.4287", lon="75.9911")))
    (directory / "boundaries.geojson").write_text(json.dumps(data), encoding="utf-8")
    found = validate_network(directory)
    assert [(p.file, p.row, p.column) for p in found] == [("places.csv", 2, "lat")]
    assert validate_network(directory, outlines=False) == []


def test_validate_network_outlines_is_a_flag(tmp_path: Path) -> None:
    directory = write_network(tmp_path / "net", full_tables())
    with pytest.raises(ArgumentTypeError,
                       match=r"^validate_network: outlines must be True or False, got 'no'$"):
        validate_network(directory, outlines="no")  # type: ignore[arg-type]
