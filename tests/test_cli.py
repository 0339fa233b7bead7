"""The command line, in-process through main(argv)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from corridors.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("corridors 0.")


def test_info_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "places" in out and "border crossings" in out and "KZ" in out
    assert main(["info", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["places"] >= 150 and data["border_crossings"] >= 40


def test_info_on_a_user_directory(tiny_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--data", str(tiny_dir), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["places"] == 6


def test_validate_ok_and_broken(tiny_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tiny_dir)]) == 0
    assert "valid" in capsys.readouterr().out
    links = tiny_dir / "links.csv"
    links.write_text(links.read_text(encoding="utf-8").replace(",camel,", ",x,").replace(
        "almaty,dostyk,rail", "almaty,dostyk,camel"), encoding="utf-8")
    assert main(["validate", str(tiny_dir)]) == 2
    err = capsys.readouterr().err
    assert "links.csv, row 2, column 'mode': 'camel' is not one of: rail, road, sea" in err
    assert "Traceback" not in err


def test_broken_data_is_exit_2_without_traceback(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--data", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert "is not a directory of network data" in err and "Traceback" not in err


def test_bad_option_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--format", "xml"]) == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_validate_builtin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0


# --- route queries --------------------------------------------------------------------------

ROUTE_KEYS = {"rank", "distance_km", "border_crossings", "time_h", "cost_usd", "countries",
              "crossings", "modes", "legs", "co2e_kg", "co2e_ttw_kg", "payload_t"}


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def _check_document(doc: dict) -> None:
    """The documented JSON layout (README, 'JSON output')."""
    assert doc["schema_version"] == 1
    assert {"origin", "destination", "query", "routes"} <= set(doc)
    assert {"query", "id", "name", "country"} <= set(doc["origin"])
    for rank, route in enumerate(doc["routes"], 1):
        assert ROUTE_KEYS <= set(route)
        assert route["rank"] == rank
        assert isinstance(route["border_crossings"], int)
        assert route["border_crossings"] == len(route["crossings"])
        assert all(len(c) == 2 and c.isupper() for c in route["countries"])
        for crossing in route["crossings"]:
            assert {"name", "from_country", "to_country", "mode"} <= set(crossing)
        assert route["legs"][0]["from"] == doc["origin"]["id"]
        assert route["legs"][-1]["to"] == doc["destination"]["id"]
        for a, b in zip(route["legs"], route["legs"][1:], strict=False):
            assert a["to"] == b["from"]
        assert {"from", "to", "mode", "distance_km", "co2e_kg", "co2e_ttw_kg",
                "vehicle"} <= set(route["legs"][0])
        assert route["distance_km"] == pytest.approx(
            sum(leg["distance_km"] for leg in route["legs"]), abs=0.5)
        assert route["co2e_kg"] == pytest.approx(
            sum(leg["co2e_kg"] for leg in route["legs"]), abs=0.5)
        assert 0 < route["co2e_ttw_kg"] <= route["co2e_kg"]


def test_route_table(capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # the width fitted (tests/test_cli_output.py)
    assert main(["route", "dushanbe", "karachi"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("#1 Dushanbe → Karachi")
    assert "border crossing" in out and "USD/TEU" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_route_json_layout(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, ["route", "Душанбе", "Karachi", "--format", "json"])
    _check_document(doc)
    assert doc["origin"]["id"] == "dushanbe" and doc["origin"]["query"] == "Душанбе"
    assert doc["query"]["objective"] == "generalized"  # the default: USD + value of time
    assert isinstance(doc["warnings"], list) and "warnings" in doc["routes"][0]
    assert doc["routes"][0]["countries"][0] == "TJ" and doc["routes"][0]["countries"][-1] == "PK"


def test_route_alternatives_and_constraints(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, ["route", "almaty", "europe", "--avoid-country", "ru",
                         "--alternatives", "3", "--format", "json"])
    _check_document(doc)
    assert 1 <= len(doc["routes"]) <= 3
    for route in doc["routes"]:
        assert "RU" not in route["countries"]
    assert doc["query"]["avoid_countries"] == ["RU"] and doc["query"]["alternatives"] == 3


def test_route_pareto(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, ["route", "dushanbe", "south_asia", "--pareto", "--criteria",
                         "distance,time", "--format", "json"])
    _check_document(doc)
    points = [(r["distance_km"], r["time_h"]) for r in doc["routes"]]
    for p in points:  # nobody dominates anybody
        assert not any(q[0] <= p[0] and q[1] <= p[1] and q != p for q in points)


def test_route_max_crossings_and_modes(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, ["route", "almaty", "baku", "--mode", "rail,sea", "--avoid-country",
                         "RU", "--max-crossings", "1", "--format", "json"])
    route = doc["routes"][0]
    assert set(route["modes"]) <= {"rail", "sea"} and route["border_crossings"] <= 1
    assert "sea" in route["modes"]


def test_route_geojson_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    fc = _json(capsys, ["route", "almaty", "tashkent", "--format", "geojson"])
    assert fc["type"] == "FeatureCollection" and fc["features"]
    assert all(f["geometry"]["type"] == "LineString" for f in fc["features"])
    assert main(["route", "almaty", "tashkent", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("rank,corridor,leg,from,")
    assert len(lines) == len(fc["features"]) + 1


def test_route_coordinates_as_origin(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, ["route", "38.56,68.79", "tashkent", "--format", "json"])
    assert doc["origin"]["id"] == "dushanbe"


def test_output_file_is_never_clobbered(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "route.json"
    target.write_text("mine", encoding="utf-8")
    assert main(["route", "almaty", "tashkent", "--format", "json", "-o", str(target)]) == 2
    assert "exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"
    assert main(["route", "almaty", "tashkent", "--format", "json", "-o", str(target),
                 "--force"]) == 0
    _check_document(json.loads(target.read_text(encoding="utf-8")))


def test_unknown_place_is_exit_2_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "dushanbee", "karachi"]) == 2
    err = capsys.readouterr().err
    assert "did you mean Dushanbe (dushanbe, TJ)" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [(["route", "almaty", "baku", "--mode", "rail,camel"], "camel"),
     (["route", "almaty", "baku", "--objective", "beauty"], "invalid choice: 'beauty'"),
     (["route", "almaty", "baku", "--alternatives", "0"], "must be 1 or more"),
     (["route", "almaty", "baku", "--max-crossings", "-1"], "must be 0 or more"),
     (["route", "almaty", "baku", "--pareto", "--criteria", "distance,beauty"], "beauty"),
     (["route", "almaty", "baku", "--avoid-country", "XX"], "XX"),
     (["route", "almaty", "baku", "--avoid", "atlantis"], "unknown place 'atlantis'")],
)
def test_bad_values_name_the_valid_ones(argv: list[str], fragment: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


def test_no_route_is_exit_1_and_names_the_blocking_constraint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["route", "almaty", "tashkent", "--avoid-country", "UZ"]) == 1
    assert "reachable without avoid_countries=['UZ']" in capsys.readouterr().err
    assert main(["route", "dushanbe", "tashkent", "--max-crossings", "0"]) == 1
    err = capsys.readouterr().err
    assert "no route from dushanbe to tashkent" in err and "max_crossings" in err


def test_debug_shows_the_traceback() -> None:
    with pytest.raises(Exception, match="dushanbee"):
        main(["--debug", "route", "dushanbee", "karachi"])


def test_compare_and_od(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, ["compare", "almaty", "istanbul", "--format", "json"])
    _check_document(doc)
    assert any(r["corridor"] and "TITR" in r["corridor"] for r in doc["routes"])
    assert any(r["corridor"] is None for r in doc["routes"])  # the free optimum
    od = _json(capsys, ["od", "almaty", "dushanbe", "--to", "europe", "south_asia",
                        "--format", "json"])
    assert set(od["matrix"]) == {"almaty", "dushanbe"}


def test_listings(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, ["places", "aktau", "--format", "json"])
    assert [r["id"] for r in rows] == ["aktau_port"]
    rows = _json(capsys, ["crossings", "--country", "tj", "--format", "json"])
    assert rows and all("TJ" in r["countries"] for r in rows)
    rows = _json(capsys, ["corridors", "--format", "json"])
    assert any("TITR" in r["aliases"] for r in rows)
    assert main(["places", "--kind", "port"]) == 0
    assert "rows)" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["info", "validate", "route", "compare", "od", "places",
                                     "crossings", "corridors", "osm"])
def test_every_command_has_help_with_examples(command: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert "Examples:" in capsys.readouterr().out


# --- osm refine -----------------------------------------------------------------------------


def test_osm_refine_writes_an_extension_and_never_clobbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    import osm_fixtures as F

    net = F.write_fixture_network(tmp_path / "net")
    before = {p.name: p.read_bytes() for p in net.iterdir()}
    xml = F.write_osm_xml(tmp_path / "extract.osm")
    out = tmp_path / "refined"
    argv = ["osm", "refine", "--mode", "rail", "--xml", str(xml), "--data", str(net),
            "--out", str(out), "--place-tolerance-km", "2"]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "koktuma_dostyk_rail" in text and str(out / "links.csv") in text
    assert {p.name for p in out.iterdir()} >= {"links.csv", "sources.csv"}
    # the refined links load on top of the network
    assert main(["route", "koktuma", "dostyk", "--data", str(net), "--extend", str(out),
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["routes"][0]["legs"][0]["link_id"] == "koktuma_dostyk_rail"
    assert main(argv) == 2  # refuses to overwrite without --force
    err = capsys.readouterr().err
    assert "not overwriting" in err and "--force" in err
    assert main([*argv, "--force"]) == 0
    assert {p.name: p.read_bytes() for p in net.iterdir()} == before


def test_osm_refine_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["osm", "refine", "--mode", "rail", "--xml", str(tmp_path / "none.osm")]) == 2
    assert "does not exist" in capsys.readouterr().err
    bad = tmp_path / "bad.osm"
    bad.write_text("<osm><way", encoding="utf-8")
    assert main(["osm", "refine", "--mode", "rail", "--xml", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.osm" in err and "Traceback" not in err
    assert main(["osm", "refine", "--mode", "sea", "--xml", str(bad)]) == 2


def test_missing_plot_package_is_exit_2_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    target = tmp_path / "map.png"
    assert main(["route", "almaty", "baku", "--map", str(target)]) == 2
    captured = capsys.readouterr()
    assert 'pip install "corridors[plot]"' in captured.err and "Traceback" not in captured.err
    assert captured.out == "" and not target.exists()


def test_internal_error_is_exit_3_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    import corridors.cli as cli

    def broken(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setitem(cli._COMMANDS, "places", broken)
    assert main(["places"]) == 3
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: boom)" in err and "--debug" in err
    assert "Traceback" not in err
    with pytest.raises(RuntimeError, match="boom"):
        main(["--debug", "places"])


def test_route_by_emissions_and_payload(capsys: pytest.CaptureFixture[str]) -> None:
    base = _json(capsys, ["route", "almaty", "duisburg", "--format", "json"])["routes"][0]
    low = _json(capsys, ["route", "almaty", "duisburg", "--objective", "co2e", "--format",
                         "json"])
    _check_document(low)
    assert low["query"]["objective"] == "co2e"
    assert low["routes"][0]["objective"] == "lowest_co2e"
    assert low["routes"][0]["co2e_kg"] <= base["co2e_kg"]
    heavy = _json(capsys, ["route", "almaty", "duisburg", "--payload-t", "20", "--format",
                           "json"])["routes"][0]
    assert heavy["payload_t"] == 20.0
    assert base["transshipments"] == 0  # all rail: no handling, so every kg scales
    assert heavy["co2e_kg"] == pytest.approx(2 * base["co2e_kg"], rel=1e-3)
    front = _json(capsys, ["route", "almaty", "istanbul", "--pareto", "--criteria",
                           "time,co2e", "--format", "json"])["routes"]
    pts = [(r["time_h"], r["co2e_kg"]) for r in front]
    assert len(pts) >= 2 and pts == sorted(pts)
    assert all(b[1] < a[1] for a, b in itertools.pairwise(pts))  # a real trade-off
    assert main(["route", "almaty", "duisburg", "--payload-t", "0"]) == 2
    assert "--payload-t" in capsys.readouterr().err


def test_od_matrix_of_emissions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["od", "almaty", "--to", "duisburg", "--value", "co2e_kg", "--format",
                 "csv"]) == 0
    out = capsys.readouterr().out
    route = _json(capsys, ["route", "almaty", "duisburg", "--format", "json"])["routes"][0]
    cell = float(out.strip().splitlines()[-1].split(",")[-1])
    assert cell == pytest.approx(route["co2e_kg"], abs=0.1)
