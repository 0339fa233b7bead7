"""The command line's JSON and CSV documents, value by value (issue 13, mutation group cli_json).

tests/test_json_schema.py checks the *layout* (every field there, no other); these tests check
the *values*: the README's JSON example is the real output of its query, every figure is the
Python API's route rounded as the JSON Schema's descriptions say, the CSV has the documented
columns with the cumulative figures computed here from the legs, and ``query`` echoes the
options as given. A small network of our own (fractional lengths, a planned link, a terminal
with fractional handling figures, a named corridor) makes every rounding digit visible.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

import corridors
from corridors.cli import main
from corridors.report import routes_document
from corridors.resources import json_schema
from corridors.routing import best_route, compare_corridors

ROOT = Path(__file__).resolve().parent.parent
#: The lists the README example cuts to their first entry (said under the example).
CUT = {"crossings", "legs", "warnings"}
#: A coordinate near Almaty and one near the port of Baku (Alat), on the small network.
NEAR_ALMATY, NEAR_ALAT = "43.2,76.85", "39.9,49.45"


def _readme_json() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (sample,) = re.findall(r"^```json\n(.*?)^```", text, flags=re.S | re.M)
    return sample


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny network with figures that have more digits than the output keeps."""
    from netdata import tiny_tables, write_network

    tables = tiny_tables()
    links = {row["id"]: row for row in tables["links"]}
    links["almaty_aktau_rail"].update(distance_km="2987.46", status="planned")
    links["aktau_alat_sea"].update(distance_km="512.33", estimate="", source="src_test")
    (aktau,) = (t for t in tables["transshipments"] if t["place"] == "aktau_port")
    aktau.update(handling_h="2.345", handling_usd="123.45")
    tables["corridors"][0]["path"] = "aktau_alat_sea"      # the Caspian ferry: "TC"
    return write_network(tmp_path_factory.mktemp("small") / "net", tables)


# --------------------------------------------------------------------- the README example
def _same(documented: Any, actual: Any, where: str = "") -> None:
    """Every value the README shows is the actual one, with its JSON type (1.0 is not 1)."""
    if isinstance(documented, dict):
        assert isinstance(actual, dict), where
        for key, value in documented.items():
            assert key in actual, f"{where}/{key} missing"
            _same(value, actual[key], f"{where}/{key}")
    elif isinstance(documented, list):
        assert isinstance(actual, list), where
        cut = where.rsplit("/", 1)[-1] in CUT
        assert len(actual) >= len(documented) if cut else len(actual) == len(documented), where
        for i, value in enumerate(documented):
            _same(value, actual[i], f"{where}/{i}")
    else:
        assert (type(actual), actual) == (type(documented), documented), where


def test_the_readme_json_example_is_the_real_output(capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    """The example's own query, run: every field it shows, value, rounding and layout."""
    sample_text = _readme_json()
    sample = json.loads(sample_text)
    argv = ["route", sample["origin"]["query"], sample["destination"]["query"],
            "--objective", sample["query"]["objective"], "--format", "json"]
    out = _run(capsys, argv)
    doc = json.loads(out)
    _same(sample, doc)
    assert list(doc) == list(sample)
    # the same text: indented by two, non-ASCII as it is ("Душанбе", "Kulma–Karasu")
    head = sample_text[sample_text.index('  "origin"'):sample_text.index('  "routes"')]
    assert head in out and '"query": "Душанбе"' in head


# ------------------------------------------------------------- every figure, as documented
def _digits(prop: dict[str, Any]) -> int | None:
    """The rounding a schema field's description states: 0.01 -> 2, "whole" -> 0, else None."""
    text = prop.get("description", "")
    found = re.search(r"rounded to (0\.0*1)\b", text)
    if found:
        return len(found.group(1)) - 2
    return 0 if "whole" in text and prop.get("type") == "integer" else None


def _documented(prop: dict[str, Any], raw: Any) -> Any:
    if "const" in prop:
        return prop["const"]
    digits = _digits(prop)
    if digits is None:
        return raw
    return round(raw) if digits == 0 else round(float(raw), digits)


def _expected_route(route: Any, rank: int) -> dict[str, Any]:
    """The route of the Python API as the schema documents it, field by field."""
    defs = json_schema("route")["$defs"]
    special = {
        "rank": rank, "border_crossings": route.crossings, "time_days": route.time_h / 24,
        "transshipments": len(route.transshipments), "gauge_breaks": len(route.gauge_breaks),
        "countries": list(route.countries), "modes": list(route.modes),
        "warnings": list(route.warnings),
        "crossings": [{k: getattr(x, k) for k in defs["crossing"]["properties"]}
                      for x in route.border_crossings],
        "legs": [{k: _documented(p, getattr(leg, {"from": "from_place", "to": "to_place"}.get(
            k, k))) for k, p in defs["leg"]["properties"].items()} for leg in route.legs],
    }
    return {k: _documented(p, special[k] if k in special else getattr(route, k, None))
            for k, p in defs["route"]["properties"].items()}


def _assert_documented(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    assert list(actual) == list(expected)
    for key, value in expected.items():
        if key == "legs":
            assert len(actual["legs"]) == len(value)
            for i, (got, want) in enumerate(zip(actual["legs"], value, strict=True)):
                for k in want:
                    assert (type(got[k]), got[k]) == (type(want[k]), want[k]), f"leg {i} {k}"
        else:
            assert (type(actual[key]), actual[key]) == (type(value), value), key


def test_the_small_network_shows_every_digit(small: Path) -> None:
    """The fixture's route has figures with more digits than any field keeps (no blind spot)."""
    G = corridors.load_network(small)
    r = best_route(G, (43.2, 76.85), (39.9, 49.45), "generalized", include_planned=True)
    defs = json_schema("route")["$defs"]
    for name, prop in defs["route"]["properties"].items():
        digits = _digits(prop)
        if digits:
            value = r.time_h / 24 if name == "time_days" else getattr(r, name)
            assert round(value, digits) != round(value, digits + 1), name
    for name, prop in defs["leg"]["properties"].items():
        digits = _digits(prop)
        if digits and name != "co2e_g_tkm":   # no emission tables: whole figures per mode
            assert any(round(v, digits) != round(v, digits + 1)
                       for v in (getattr(leg, name) for leg in r.legs)), name


RUNS = {
    # a network of our own: coordinates at both ends, a planned link, a costed transfer
    "small": (["route", NEAR_ALMATY, NEAR_ALAT, "--include-planned"],
              ((43.2, 76.85), (39.9, 49.45), "generalized"), {"include_planned": True}),
    # the built-in network: the README's query, and one with emission intensities to 0.001
    "readme": (["route", "Душанбе", "karachi", "--objective", "score"],
               ("dushanbe", "karachi", "score"), {}),
    "planned": (["route", "urumqi", "tehran", "--include-planned"],
                ("urumqi", "tehran", "generalized"), {"include_planned": True}),
}


@pytest.mark.parametrize("run", list(RUNS))
def test_every_figure_is_the_route_rounded_as_the_schema_says(
        run: str, small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv, (origin, destination, objective), options = RUNS[run]
    data = ["--data", str(small)] if run == "small" else []
    doc = json.loads(_run(capsys, [*argv, *data, "--format", "json"]))
    G = corridors.load_network(small) if run == "small" else corridors.load_network(cache=True)
    route = best_route(G, origin, destination, objective, **options)
    (actual,) = doc["routes"]
    _assert_documented(actual, _expected_route(route, 1))
    assert doc["warnings"] == list(route.warnings)
    for end, place in (("origin", route.origin), ("destination", route.destination)):
        assert doc[end] == {"query": argv[1 if end == "origin" else 2], "id": place,
                            "name": G.nodes[place]["name"],
                            "country": G.nodes[place]["country"]}


# -------------------------------------------------------------------------------- CSV
#: One row per leg: the route's rank and corridor, the leg's number, the leg fields of the JSON
#: layout by the same names (with the countries of both ends) and the cumulative figures.
CSV_COLUMNS = ["rank", "corridor", "leg", "from", "from_name", "from_country", "to", "to_name",
               "to_country", "mode", "link_id", "crossing", "distance_km", "time_h", "cost_usd",
               "co2e_kg", "co2e_ttw_kg", "vehicle", "cum_distance_km", "cum_time_h",
               "cum_cost_usd", "cum_co2e_kg"]


def test_the_csv_has_one_row_per_leg_with_rank_and_cumulative_figures(
        small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`compare --format csv`: the free optimum (no corridor) and corridor TC, 3 decimals."""
    argv = ["compare", NEAR_ALMATY, NEAR_ALAT, "--data", str(small), "--include-planned"]
    text = _run(capsys, [*argv, "--format", "csv"])
    doc = json.loads(_run(capsys, [*argv, "--format", "json"]))
    assert "\r" not in text and text.endswith("\n")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == CSV_COLUMNS
    rows = list(reader)
    G = corridors.load_network(small)
    routes = compare_corridors(G, (43.2, 76.85), (39.9, 49.45), "generalized",
                               include_planned=True)
    assert [r.corridor for r in routes] == [None, "TC"]
    assert [r["corridor"] for r in doc["routes"]] == [None, "TC"]
    expected = []
    for rank, route in enumerate(routes, 1):
        cum = dict.fromkeys(("distance_km", "time_h", "cost_usd", "co2e_kg"), 0.0)
        for number, leg in enumerate(route.legs, 1):
            row = {"rank": str(rank), "corridor": route.corridor or "", "leg": str(number),
                   "from": leg.from_place, "from_name": leg.from_name,
                   "from_country": leg.from_country, "to": leg.to_place,
                   "to_name": leg.to_name, "to_country": leg.to_country, "mode": leg.mode,
                   "link_id": leg.link_id, "crossing": leg.crossing or "",
                   "vehicle": leg.vehicle}
            for key in ("distance_km", "time_h", "cost_usd", "co2e_kg", "co2e_ttw_kg"):
                row[key] = round(getattr(leg, key), 3)
            for key in cum:
                cum[key] += getattr(leg, key)
                row[f"cum_{key}"] = round(cum[key], 3)
            expected.append(row)
        # the last row's cumulative figures are the route's totals
        assert cum["distance_km"] == pytest.approx(route.distance_km)
        assert cum["time_h"] == pytest.approx(route.time_h)
    assert len(rows) == len(expected) == sum(len(r["legs"]) for r in doc["routes"])
    for got, want in zip(rows, expected, strict=True):
        for key, value in want.items():
            assert (float(got[key]) if isinstance(value, float) else got[key]) == value, key
    # the figures the CSV keeps to 0.001 are the JSON legs' to their coarser rounding
    json_legs = [leg for r in doc["routes"] for leg in r["legs"]]
    assert any(float(row["time_h"]) != leg["time_h"] for row, leg in zip(rows, json_legs,
                                                                         strict=True))
    for row, leg in zip(rows, json_legs, strict=True):
        assert (row["from"], row["to"], row["link_id"]) == (leg["from"], leg["to"],
                                                            leg["link_id"])
        assert float(row["distance_km"]) == pytest.approx(leg["distance_km"], abs=0.05)
        assert float(row["time_h"]) == pytest.approx(leg["time_h"], abs=0.005)
        assert float(row["cost_usd"]) == pytest.approx(leg["cost_usd"], abs=0.05)
        assert float(row["co2e_kg"]) == pytest.approx(leg["co2e_kg"], abs=0.005)


# ------------------------------------------------------------------------------ query
def test_the_query_echoes_every_option_as_documented(
        small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Places as given, modes lower case in order, countries upper case, the date, the file."""
    scenario = tmp_path / "slow_ferry.toml"
    scenario.write_text('[scenario]\ntitle = "Slow ferry"\n\n[crossings.aktau_alat_sea]\n'
                        "time_factor = 2\n", encoding="utf-8")
    argv = ["route", "almaty", "Baku port", "--data", str(small), "--via", "Aktau", "--mode",
            "Rail, ,SEA", "--avoid-country", " cn", "--avoid", "urumqi", "--max-crossings", "2",
            "--include-planned", "--profile", "fastest", "--date", "2025-02-01",
            "--scenario", str(scenario), "--format", "json"]
    doc = json.loads(_run(capsys, argv))
    assert doc["query"] == {
        "objective": "fastest", "via": ["Aktau"], "modes": ["rail", "sea"],
        "avoid_countries": ["CN"], "avoid": ["urumqi"], "max_crossings": 2,
        "include_planned": True, "date": "2025-02-01", "scenario": str(scenario)}
    assert [leg["to"] for leg in doc["routes"][0]["legs"]] == ["aktau_port", "alat_port"]
    # scenario compare has no --scenario option: the query names the scenario it compares
    doc = json.loads(_run(capsys, ["scenario", "compare", str(scenario), "--od",
                                   "almaty:alat_port", "--data", str(small), "--include-planned",
                                   "--date", "2025-02-01", "--format", "json"]))
    assert doc["query"] == {
        "objective": "generalized", "via": [], "modes": ["rail", "road", "sea"],
        "avoid_countries": [], "avoid": [], "max_crossings": None, "include_planned": True,
        "date": "2025-02-01", "scenario": "slow_ferry", "od": ["almaty:alat_port"]}
    assert [row["delta_h"] for row in doc["rows"]] == [24.0]   # the ferry's 24 h, twice


# ----------------------------------------------------------------- routes_document, API
def test_routes_document_names_the_ends_from_the_route_or_the_nodes(small: Path) -> None:
    """``nodes`` add names and countries; without them the route's own names, else its ids."""
    G = corridors.load_network(small)
    route = best_route(G, "almaty", "alat_port", include_planned=True)
    query = {"objective": "generalized"}
    doc = routes_document([route], origin="Alma-Ata", destination="Alat", query=query)
    assert doc["origin"] == {"query": "Alma-Ata", "id": "almaty", "name": "Almaty",
                             "country": None}
    assert doc["destination"] == {"query": "Alat", "id": "alat_port",
                                  "name": "Port of Baku (Alat)", "country": None}
    assert doc["query"] == query
    nameless = dataclasses.replace(route, origin_name="", destination_name="")
    doc = routes_document([nameless], origin="a", destination="b", query={}, nodes=G.nodes)
    assert (doc["origin"]["name"], doc["origin"]["country"]) == ("Almaty", "KZ")
    assert (doc["destination"]["name"], doc["destination"]["country"]) == (
        "Port of Baku (Alat)", "AZ")
    doc = routes_document([nameless], origin="a", destination="b", query={})
    assert (doc["origin"]["name"], doc["destination"]["name"]) == ("almaty", "alat_port")
    doc = routes_document([nameless], origin="a", destination="b", query={}, nodes={})
    assert (doc["origin"]["name"], doc["destination"]["country"]) == ("almaty", None)
    # no routes: the ends as asked, nothing resolved
    assert routes_document([], origin="a", destination="b", query={}) == {
        "schema_version": 1, "warnings": [], "origin": {"query": "a"},
        "destination": {"query": "b"}, "query": {}, "routes": []}


def test_a_figure_that_is_not_finite_is_refused_not_written(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Never ``Infinity`` in the JSON: exit 2 with a message naming the result and the field."""
    from corridors import routing

    real = routing.best_route

    def broken(*args: Any, **kwargs: Any) -> Any:
        return dataclasses.replace(real(*args, **kwargs), sea_km=math.inf)

    monkeypatch.setattr(routing, "best_route", broken)
    capsys.readouterr()
    assert main(["route", "dushanbe", "karachi", "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("corridors: cannot write the result as JSON: routes[0].sea_km is not "
                          "finite (inf); ")
