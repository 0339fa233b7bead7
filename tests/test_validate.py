"""Validation: the tiny network is valid; each kind of broken file gives its own problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from netdata import tiny_tables, write_network

import corridors
from corridors.errors import DataError, DataProblem
from corridors.validate import detour_estimate_km, validate_network


def _valid_tables() -> dict:
    tables = tiny_tables()
    places = {p["id"]: (float(p["lat"]), float(p["lon"])) for p in tables["places"]}
    sea = tables["links"][-1]
    sea["distance_km"] = (
        f"{detour_estimate_km(places['aktau_port'], places['alat_port'], (), 1.15):g}"
    )
    return tables


def _problems(tmp_path: Path, mutate: Callable[[dict], None]) -> list[DataProblem]:
    tables = _valid_tables()
    mutate(tables)
    return validate_network(write_network(tmp_path / "net", tables), outlines=True)


def test_tiny_network_is_valid(tiny_dir: Path) -> None:
    assert validate_network(tiny_dir) == []
    G = corridors.load_network(tiny_dir)
    assert G.number_of_nodes() == 6
    assert G.graph["crs"] == "EPSG:4326"


def _set(table: str, index: int, **cells: str) -> Callable[[dict], None]:
    def mutate(tables: dict) -> None:
        tables[table][index].update(cells)

    return mutate


def _append(table: str, row: dict) -> Callable[[dict], None]:
    def mutate(tables: dict) -> None:
        tables[table].append(row)

    return mutate


# (mutation, file, row (1-based line incl. header), column, fragment of the message)
CASES = [
    pytest.param(_set("places", 0, id="Almaty City"), "places.csv", 2, "id", "slug", id="bad-slug"),
    pytest.param(
        _append("places", dict(tiny_tables()["places"][0])),
        "places.csv",
        8,
        "id",
        "duplicate id 'almaty' (first at row 2)",
        id="duplicate-id",
    ),
    pytest.param(
        _set("places", 1, lat="95"),
        "places.csv",
        3,
        "lat",
        "above the maximum",
        id="lat-out-of-range",
    ),
    pytest.param(
        _set("places", 1, lon="east"), "places.csv", 3, "lon", "not a number", id="lon-not-a-number"
    ),
    pytest.param(
        _set("places", 0, country="KAZ"),
        "places.csv",
        2,
        "country",
        "not an ISO 3166-1 alpha-2",
        id="bad-country-code",
    ),
    pytest.param(
        _set("places", 0, country="PK"),
        "places.csv",
        2,
        "lat",
        "outside PK",
        id="coordinates-outside-country",
    ),
    pytest.param(
        _set("places", 0, kind="town"), "places.csv", 2, "kind", "not one of", id="unknown-kind"
    ),
    pytest.param(
        _set("places", 0, gateway_for="mars"),
        "places.csv",
        2,
        "gateway_for",
        "'mars' is not one of",
        id="unknown-region",
    ),
    pytest.param(
        _set("places", 0, source=""),
        "places.csv",
        2,
        "source",
        "not flagged as an estimate",
        id="unsourced-place",
    ),
    pytest.param(
        _set("places", 0, source="nowhere"),
        "places.csv",
        2,
        "source",
        "'nowhere' is not in sources.csv",
        id="unknown-source",
    ),
    pytest.param(
        _set("links", 0, to="almati"),
        "links.csv",
        2,
        "to",
        "unknown place id 'almati'",
        id="link-to-unknown-place",
    ),
    pytest.param(
        _set("links", 0, mode="camel"), "links.csv", 2, "mode", "not one of", id="unknown-mode"
    ),
    pytest.param(
        _set("links", 0, gauge_mm="1000"),
        "links.csv",
        2,
        "gauge_mm",
        "'1000' is not one of",
        id="unknown-gauge",
    ),
    pytest.param(
        _set("links", 0, gauge_mm=""),
        "links.csv",
        2,
        "gauge_mm",
        "needs its gauge",
        id="rail-without-gauge",
    ),
    pytest.param(
        _set("links", 0, status="dreamt"),
        "links.csv",
        2,
        "status",
        "not one of",
        id="unknown-status",
    ),
    pytest.param(
        _set("links", 0, distance_km="300"),
        "links.csv",
        2,
        "distance_km",
        "shorter than the great-circle distance",
        id="shorter-than-great-circle",
    ),
    pytest.param(
        _set("links", 0, distance_km="5000"),
        "links.csv",
        2,
        "distance_km",
        "explain it in 'note'",
        id="implausibly-long",
    ),
    pytest.param(
        _set("links", 0, distance_km=""),
        "links.csv",
        2,
        "distance_km",
        "a number is required",
        id="missing-length",
    ),
    pytest.param(
        _set("links", 4, distance_km="2000"),
        "links.csv",
        6,
        "distance_km",
        "does not match its estimate detour:1.15",
        id="stale-estimate",
    ),
    pytest.param(
        _set("links", 1, crossing=""),
        "links.csv",
        3,
        "crossing",
        "different countries",
        id="cross-border-link-without-crossing",
    ),
    pytest.param(
        _set("links", 1, crossing="khorgos"),
        "links.csv",
        3,
        "crossing",
        "unknown crossing id 'khorgos'",
        id="unknown-crossing",
    ),
    pytest.param(
        _set("links", 0, crossing="dostyk_alashankou_rail"),
        "links.csv",
        2,
        "crossing",
        "both in KZ",
        id="domestic-link-with-crossing",
    ),
    pytest.param(
        _set("border_crossings", 0, country_b="RU"),
        "border_crossings.csv",
        2,
        "country_b",
        "'alashankou' is in 'CN'",
        id="crossing-country-mismatch",
    ),
    pytest.param(
        _set("border_crossings", 0, status="ajar"),
        "border_crossings.csv",
        2,
        "status",
        "not one of",
        id="crossing-status",
    ),
    pytest.param(
        _set("border_crossings", 0, time_h_ab="-3"),
        "border_crossings.csv",
        2,
        "time_h_ab",
        "below the minimum",
        id="negative-time",
    ),
    pytest.param(
        _set("transshipments", 0, place="nowhere"),
        "transshipments.csv",
        2,
        "place",
        "unknown place id",
        id="transshipment-unknown-place",
    ),
    pytest.param(
        _set("corridors", 0, waypoints="urumqi|atlantis"),
        "corridors.csv",
        2,
        "waypoints",
        "unknown place id 'atlantis'",
        id="corridor-unknown-waypoint",
    ),
    pytest.param(
        _set("links", 3, **{"from": "alashankou", "to": "urumqi"}),
        "places.csv",
        6,
        "id",
        "not connected",
        id="disconnected",
    ),
    pytest.param(_set("links", 3, gauge_mm="1435"), "links.csv", 2, "gauge_mm",
                 "no rail terminal to change gauge", id="gauge-break-without-terminal"),
]


@pytest.mark.parametrize(("mutate", "file", "row", "column", "fragment"), CASES)
def test_each_broken_file_names_file_row_column(
    tmp_path: Path,
    mutate: Callable[[dict], None],
    file: str,
    row: int,
    column: str,
    fragment: str,
) -> None:
    problems = _problems(tmp_path, mutate)
    matching = [p for p in problems if p.file == file and p.row == row and p.column == column]
    assert matching, f"no problem at {file} row {row} column {column}: {problems}"
    assert any(fragment in p.message for p in matching), matching


def test_crossing_without_link_is_reported(tmp_path: Path) -> None:
    def mutate(tables: dict) -> None:
        tables["border_crossings"].append(
            dict(tables["border_crossings"][0], id="spare_rail", name="Spare")
        )

    problems = _problems(tmp_path, mutate)
    assert any(
        p.row == 4 and "no link in links.csv crosses 'spare_rail'" in p.message for p in problems
    )


def test_missing_file_and_column(tmp_path: Path) -> None:
    directory = write_network(tmp_path / "net", _valid_tables())
    (directory / "sources.csv").unlink()
    text = (directory / "links.csv").read_text(encoding="utf-8")
    (directory / "links.csv").write_text(text.replace("distance_km", "length"), encoding="utf-8")
    problems = validate_network(directory, outlines=False)
    assert DataProblem("sources.csv", None, None, "required file is missing") in problems
    assert any(p.file == "links.csv" and p.row == 1 and p.column == "distance_km" for p in problems)


def test_all_problems_reported_at_once_and_load_raises(tmp_path: Path) -> None:
    def mutate(tables: dict) -> None:
        tables["places"][0]["lat"] = "north"
        tables["links"][0]["mode"] = "camel"

    directory = write_network(tmp_path / "net", (t := _valid_tables()) and t)
    mutate(t)
    write_network(directory, t)
    with pytest.raises(DataError) as info:
        corridors.load_network(directory)
    message = str(info.value)
    assert "places.csv, row 2, column 'lat'" in message
    assert "links.csv, row 2, column 'mode'" in message
    assert len(info.value.problems) >= 2
    assert isinstance(info.value, ValueError)


def test_extension_adds_and_overrides_without_touching_files(
    tiny_dir: Path, tmp_path: Path
) -> None:
    ext = tmp_path / "ext"
    tables = {
        "places": [
            {
                "id": "khorgos",
                "name": "Khorgos",
                "country": "CN",
                "lat": "44.2",
                "lon": "80.4",
                "kind": "border_post",
                "estimate": "coords approx.",
            }
        ],
        "links": [
            {
                "id": "khorgos_urumqi_rail",
                "from": "khorgos",
                "to": "urumqi",
                "mode": "rail",
                "distance_km": "700",
                "gauge_mm": "1435",
                "status": "operational",
                "estimate": "user figure",
            }
        ],
        "border_crossings": [dict(tiny_tables()["border_crossings"][0], time_h_ab="5")],
    }
    write_network(ext, tables)
    before = {p.name: p.read_bytes() for p in ext.iterdir()}
    G = corridors.load_network(tiny_dir, extend=[ext])
    assert "khorgos" in G and G.has_edge("khorgos", "urumqi")
    assert G.graph["crossings"]["dostyk_alashankou_rail"].time_h_ab == 5
    assert G.edges["dostyk", "alashankou", "dostyk_alashankou_rail"]["crossing_time_h"] == 5
    assert {p.name: p.read_bytes() for p in ext.iterdir()} == before


def test_outline_check_names_the_country_it_lies_in(tmp_path: Path) -> None:
    # Naryn's coordinates declared as Kazakhstan: inside KZ's bounding box, outside its
    # outline — only the precise check catches it.
    problems = _problems(tmp_path, _set("places", 0, lat="41.4287", lon="75.9911"))
    assert not any(p.column == "lat" and "outside KZ;" in p.message for p in problems)
    assert any(
        p.row == 2 and "lies in KG" in p.message and "outside KZ's boundary" in p.message
        for p in problems
    ), problems


# ---- silent acceptance: rows without their id, repeated header columns, control characters ----
SILENT = [
    pytest.param(_append("places", dict(tiny_tables()["places"][0], id="")), "places.csv", 8,
                 "id", "is empty", id="place-without-id"),
    pytest.param(_append("links", dict(tiny_tables()["links"][0], id="")), "links.csv", 7,
                 "id", "is empty", id="link-without-id"),
    pytest.param(_append("border_crossings", dict(tiny_tables()["border_crossings"][0], id="")),
                 "border_crossings.csv", 4, "id", "is empty", id="crossing-without-id"),
    pytest.param(_append("sources", dict(tiny_tables()["sources"][0], id="")), "sources.csv", 3,
                 "id", "is empty", id="source-without-id"),
    pytest.param(_append("corridors", dict(tiny_tables()["corridors"][0], id="")),
                 "corridors.csv", 3, "id", "is empty", id="corridor-without-id"),
    pytest.param(_append("transshipments", dict(tiny_tables()["transshipments"][0], place="")),
                 "transshipments.csv", 4, "place", "is empty", id="terminal-without-place"),
    pytest.param(_set("places", 0, name="Alm\x00aty"), "places.csv", 2, "name",
                 "control character U+0000", id="nul-in-name"),
    pytest.param(_set("places", 1, aliases="Druzhba|Dost\x1byk"), "places.csv", 3, "aliases",
                 "control character U+001B", id="escape-in-alias"),
    pytest.param(_set("links", 0, id="almaty_dostyk\x7f"), "links.csv", 2, "id",
                 "control character U+007F", id="delete-in-id"),
    pytest.param(_set("border_crossings", 0, name="Dostyk\x85Alashankou"),
                 "border_crossings.csv", 2, "name", "control character U+0085",
                 id="c1-control-in-name"),
    pytest.param(_set("places", 0, name="Alma\naty"), "places.csv", 2, "name",
                 "control character U+000A", id="line-break-in-name"),
    pytest.param(_set("links", 0, gauge_mm="１５２０"), "links.csv", 2, "gauge_mm",
                 "is not one of", id="fullwidth-digits-in-gauge"),
    pytest.param(_set("links", 0, gauge_mm="²"), "links.csv", 2, "gauge_mm",
                 "is not one of", id="superscript-in-gauge"),
    pytest.param(_set("border_crossings", 0, time_h_ab="1e300"), "border_crossings.csv", 2,
                 "time_h_ab", "above the maximum", id="absurd-crossing-time"),
    pytest.param(_set("links", 0, distance_km="1e300"), "links.csv", 2, "distance_km",
                 "above the maximum", id="absurd-length"),
    pytest.param(_set("links", 4, sailings_per_week="1e-300"), "links.csv", 6,
                 "sailings_per_week", "below the minimum", id="absurd-sailings"),
    pytest.param(_set("places", 0, name="x" * 100_000, lat="north"), "places.csv", 2, "lat",
                 "'north' is not a number", id="long-cell-elsewhere-is-fine"),
    pytest.param(_set("places", 0, lat="9" * 100_000), "places.csv", 2, "lat",
                 "characters)", id="long-number-is-echoed-cut"),
]


@pytest.mark.parametrize(("mutate", "file", "row", "column", "fragment"), SILENT)
def test_silent_acceptance_is_a_problem(tmp_path: Path, mutate: Callable[[dict], None],
                                        file: str, row: int, column: str,
                                        fragment: str) -> None:
    tables = _valid_tables()
    mutate(tables)
    directory = write_network(tmp_path / "net", tables)
    problems = validate_network(directory, outlines=False)
    matching = [p for p in problems if p.file == file and p.row == row and p.column == column]
    assert matching, f"no problem at {file} row {row} column {column}: {problems}"
    assert any(fragment in p.message for p in matching), matching
    with pytest.raises(DataError, match=f"{file}, row {row}, column '{column}'"):
        corridors.load_network(directory)


def test_layout_characters_in_free_text_are_fine(tmp_path: Path) -> None:
    tables = _valid_tables()
    tables["places"][0]["note"] = "first line\nsecond line\twith a tab"
    assert validate_network(write_network(tmp_path / "net", tables), outlines=False) == []


def test_a_repeated_header_column_is_a_problem(tmp_path: Path) -> None:
    directory = write_network(tmp_path / "net", _valid_tables())
    path = directory / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # the name column again at the end: which one counts was silently the last one
    lines = [lines[0] + ",name"] + [line + ",Elsewhere" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = validate_network(directory, outlines=False)
    assert any(p.file == "places.csv" and p.row == 1 and p.column == "name"
               and "twice" in p.message for p in problems), problems
    with pytest.raises(DataError, match="column appears twice"):
        corridors.load_network(directory)


def test_an_absurd_detour_factor_is_reported_not_raised(tmp_path: Path) -> None:
    tables = _valid_tables()
    tables["links"][4]["estimate"] = "detour:" + "9" * 400
    problems = validate_network(write_network(tmp_path / "net", tables), outlines=False)
    assert any(p.file == "links.csv" and p.row == 6 and p.column == "distance_km"
               for p in problems), problems


def test_unreadable_boundaries_and_osm_lengths_are_problems(tmp_path: Path) -> None:
    pytest.importorskip("shapely")
    directory = write_network(tmp_path / "net", _valid_tables())
    (directory / "osm_lengths.csv").write_text(
        "link_id,osm_km,alignment\nalmaty_dostyk_rail,far,\n"
        "almaty_aktau_rail,3000,not points\n", encoding="utf-8")
    problems = validate_network(directory)
    assert any(p.file == "osm_lengths.csv" and p.row == 2 and p.column == "osm_km"
               for p in problems), problems
    assert any(p.file == "osm_lengths.csv" and p.row == 3 and p.column == "alignment"
               for p in problems), problems
    (directory / "boundaries.geojson").write_bytes(b"\xff\x00 not json")
    problems = validate_network(directory)
    assert any(p.file == "boundaries.geojson" for p in problems), problems
    (directory / "boundaries.geojson").write_text('{"features": [{"geometry": 1}]}',
                                                  encoding="utf-8")
    problems = validate_network(directory)
    assert any(p.file == "boundaries.geojson" for p in problems), problems
