"""``corridors assign``: formats, pictures, arguments checked before work, shipped demand."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import corridors
from corridors import cli
from corridors.assignment import FLOW_COLUMNS, assign
from corridors.demand import read_demand
from corridors.resources import builtin_data_dir

DATA = builtin_data_dir()
CHINA = DATA / "demand" / "china_europe_2024.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demand(tmp_path: Path) -> Path:
    p = tmp_path / "demand.csv"
    p.write_text("origin,destination,teu\nurumqi,europe,1500000\nalmaty,caucasus,20000\n")
    return p


def test_json_has_the_documented_layout(capsys: pytest.CaptureFixture[str],
                                        demand: Path) -> None:
    code, out, _ = run(capsys, "assign", str(demand), "--avoid-country", "RU", "--mode",
                       "rail,sea", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["schema_version"] == 1 and doc["capacities"] is True
    assert doc["query"]["avoid_countries"] == ["RU"] and doc["query"]["demand"] == str(demand)
    assert [o["origin"] for o in doc["od"]] == ["urumqi", "almaty"]
    for o in doc["od"]:
        assert set(o) >= {"origin", "destination", "demand_teu", "assigned_teu",
                          "unserved_teu", "routes"}
        assert o["assigned_teu"] + o["unserved_teu"] == pytest.approx(o["demand_teu"])
        if o["assigned_teu"] > 0:
            assert sum(r["share"] for r in o["routes"]) == pytest.approx(1.0)
        else:
            assert o["routes"] == []
        for r in o["routes"]:  # the route fields of `corridors route`
            assert {"share", "teu", "distance_km", "time_h", "cost_usd", "crossings",
                    "countries", "legs"} <= set(r)
    for f in doc["flows"]:
        assert set(f) == set(FLOW_COLUMNS)
        assert f["kind"] in {"link", "crossing", "port", "terminal"}
        if f["capacity"] is None:
            assert f["utilisation"] is None
        else:
            assert f["utilisation"] == pytest.approx(f["teu"] / f["capacity"])
    assert all(b["shadow_price_usd_per_teu"] >= 0 for b in doc["bottlenecks"])
    assert {b["element"] for b in doc["bottlenecks"]} <= {f["element"] for f in doc["flows"]}


def test_table_names_the_bottlenecks_and_the_unknowns(capsys: pytest.CaptureFixture[str],
                                                      demand: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run(capsys, "assign", str(demand), "--avoid-country", "RU", "--mode",
                       "rail,sea")
    assert code == 0
    assert out.splitlines()[0].startswith("1,520,000 TEU/year demanded")
    assert "Bottlenecks: capacities in full use" in out
    assert "Busiest elements with no known capacity" in out
    assert max(map(len, out.splitlines())) <= 120 and "…" not in out


def test_no_capacities_is_all_or_nothing(capsys: pytest.CaptureFixture[str],
                                         demand: Path) -> None:
    code, out, _ = run(capsys, "assign", str(demand), "--no-capacities", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["capacities"] is False and doc["bottlenecks"] == []
    assert all(len(o["routes"]) == 1 and o["unserved_teu"] == 0 for o in doc["od"])


def test_csv_and_geojson(capsys: pytest.CaptureFixture[str], demand: Path) -> None:
    code, out, _ = run(capsys, "assign", str(demand), "--format", "csv")
    rows = list(csv.DictReader(out.splitlines()))
    assert code == 0 and rows and list(rows[0]) == list(FLOW_COLUMNS)
    assert all("e-" not in r["teu"] and len(r["teu"]) < 20 for r in rows)  # no float noise
    code, out, _ = run(capsys, "assign", str(demand), "--format", "geojson")
    doc = json.loads(out)
    kinds = {f["geometry"]["type"] for f in doc["features"]}
    assert code == 0 and kinds == {"LineString", "Point"}
    assert all(f["properties"]["teu"] > 0 for f in doc["features"])


def test_scenario_doubles_the_caspian(capsys: pytest.CaptureFixture[str],
                                      demand: Path) -> None:
    base = json.loads(run(capsys, "assign", str(demand), "--avoid-country", "RU", "--mode",
                          "rail,sea", "--format", "json")[1])
    more = json.loads(run(capsys, "assign", str(demand), "--avoid-country", "RU", "--mode",
                          "rail,sea", "--scenario", "caspian_capacity_doubled", "--format",
                          "json")[1])
    cap = {f["element"]: f["capacity"] for f in base["flows"] if f["kind"] == "port"}
    cap2 = {f["element"]: f["capacity"] for f in more["flows"] if f["kind"] == "port"}
    assert cap2["alat_port"] == 2 * cap["alat_port"]
    assert more["unserved_teu"] <= base["unserved_teu"]


def test_pictures_are_written_before_the_table(capsys: pytest.CaptureFixture[str],
                                               demand: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    m, c = tmp_path / "flows.png", tmp_path / "used.png"
    code, _, _ = run(capsys, "assign", str(demand), "--map", str(m), "--chart", str(c))
    assert code == 0 and m.stat().st_size > 10_000 and c.stat().st_size > 5_000
    h = tmp_path / "flows.html"
    code, _, err = run(capsys, "assign", str(demand), "--map", str(h))
    assert code == 0, err
    assert "L.polyline" in h.read_text()


@pytest.mark.parametrize(("argv", "message"), [
    (("--max-crossings", "2"), "--max-crossings is not available for assign"),
    (("--capacity-scale", "port"), "give KIND[:ID]=FACTOR"),
    (("--capacity-scale", "port=-1"), "give KIND[:ID]=FACTOR"),
    (("--map", "flows.txt"), "the file name must end in"),
])
def test_bad_arguments_fail_before_any_work(capsys: pytest.CaptureFixture[str], demand: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            argv: tuple[str, ...], message: str) -> None:
    monkeypatch.setattr(cli, "_load", lambda *a, **k: (_ for _ in ()).throw(
        AssertionError("work done before the arguments were checked")))
    code, out, err = run(capsys, "assign", str(demand), *argv)
    assert code == 2 and out == "" and message in err


def test_bad_demand_file_names_row_and_column(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    p = tmp_path / "d.csv"
    p.write_text("origin,destination,teu\nalmaty,europe,ten\n")
    code, out, err = run(capsys, "assign", str(p))
    assert code == 2 and out == ""
    assert "d.csv, row 2, column teu: 'ten' is not a number" in err
    code, _, err = run(capsys, "assign", str(tmp_path / "missing.csv"))
    assert code == 2 and "does not exist" in err


def test_shipped_demand_tables_resolve_and_are_sourced() -> None:
    G = corridors.load_network()
    sources = G.graph["sources"]
    for path in sorted((DATA / "demand").glob("*.csv")):
        rows = read_demand(path)
        assert rows
        with path.open() as fh:
            for rec in csv.DictReader(fh):
                assert rec["note"], f"{path.name}: every row says what it is"
                for sid in filter(None, rec["source"].split("|")):
                    assert sid in sources, sid
                if not rec["source"]:
                    assert "illustrative" in rec["note"]
        a = assign(G, rows, capacities=False)
        assert a.unserved_teu == 0     # every row has a route
    total = sum(r.teu for r in read_demand(CHINA))
    assert total == 2_000_000


def test_builtin_demand_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assign", "central_asia_exports_illustrative", "--format", "json")
    assert code == 0 and json.loads(out)["demand_teu"] == sum(
        r.teu for r in read_demand(DATA / "demand" / "central_asia_exports_illustrative.csv"))
    code, _, err = run(capsys, "assign", "china_europe")
    assert code == 2 and "built-in table: central_asia_exports_illustrative, " \
                         "china_europe_2024" in err


def test_equilibrium_reports_queues_not_shadow_prices(capsys: pytest.CaptureFixture[str],
                                                      demand: Path) -> None:
    code, out, err = run(capsys, "assign", str(demand), "--avoid-country", "RU", "--mode",
                         "rail,sea", "--equilibrium")
    assert code == 0 and err == ""
    text = " ".join(out.split())
    assert "user equilibrium: capacities cause queues" in text
    assert "Queues: elements at or beyond capacity" in text and "delay h/TEU" in text
    assert "+1 TEU saves" not in out
    code, out, _ = run(capsys, "assign", str(demand), "--avoid-country", "RU", "--mode",
                       "rail,sea", "--equilibrium", "--delay", "0.3,2", "--format", "json")
    doc = json.loads(out)
    assert doc["method"] == "equilibrium" and doc["query"]["delay"] == [0.3, 2.0]
    assert doc["bottlenecks"] and all(b["delay_h"] > 0 for b in doc["bottlenecks"])
    system = json.loads(run(capsys, "assign", str(demand), "--avoid-country", "RU", "--mode",
                            "rail,sea", "--format", "json")[1])
    # queues let more through than walls do, at the price of delays
    assert doc["unserved_teu"] < system["unserved_teu"]


@pytest.mark.parametrize("argv", [["--delay", "0.15"], ["--delay", "0.15,0.5"],
                                  ["--delay", "x,4"]])
def test_a_bad_delay_function_is_refused(capsys: pytest.CaptureFixture[str], demand: Path,
                                         argv: list[str]) -> None:
    code, out, err = run(capsys, "assign", str(demand), "--equilibrium", *argv)
    assert code == 2 and out == ""
    assert "ALPHA,BETA" in err and "Traceback" not in err


def test_equilibrium_needs_an_objective_that_values_time(
        capsys: pytest.CaptureFixture[str], demand: Path) -> None:
    code, out, err = run(capsys, "assign", str(demand), "--equilibrium", "--objective", "cost")
    assert code == 2 and out == ""
    assert "does not value time" in err and "Traceback" not in err


def test_delay_without_equilibrium_is_refused(capsys: pytest.CaptureFixture[str],
                                              demand: Path) -> None:
    code, out, err = run(capsys, "assign", str(demand), "--delay", "0.3,2")
    assert code == 2 and out == ""
    assert "add --equilibrium" in err and "Traceback" not in err
