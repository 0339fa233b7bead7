"""Text output that fits the screen: widths, wrapping, --summary, units and rounding (issue 17)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from corridors.cli import main
from corridors.textwidth import (
    Column,
    clean_number,
    format_number,
    render_table,
    terminal_width,
    wrap_items,
)


def _out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    return json.loads(_out(capsys, argv))


def _words(text: str) -> str:
    return " ".join(text.split())


def _significant(text: str) -> int:
    """Significant digits written in a number's text."""
    mantissa = re.sub(r"[eE].*$", "", text).replace("-", "").replace(".", "").lstrip("0")
    return len(mantissa.rstrip("0")) if "." not in text else len(mantissa)


# --- the route block ------------------------------------------------------------------------

def test_a_wide_terminal_shows_every_line_whole(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    doc = _json(capsys, ["route", "almaty", "istanbul", "--format", "json"])
    route = doc["routes"][0]
    out = _out(capsys, ["route", "almaty", "istanbul"])
    assert "…" not in out
    lines = out.splitlines()
    # the summary lines are whole: the stats on one line, the facts on one line
    assert any(line.strip().startswith(f"{route['distance_km']:,.0f} km · ")
               and line.endswith("kg CO2e/TEU") for line in lines)
    assert any(line.strip().startswith("countries " + " > ".join(route["countries"]))
               and "transshipment(s)" in line for line in lines)
    text = " ".join(out.split())
    for warning in route["warnings"]:  # each warning whole: on its line if it fits, else
        if len(warning) + 5 <= 200:     # wrapped onto indented lines, never cut
            assert f"   ! {warning}" in lines
        assert "! " + " ".join(warning.split()) in text
    for crossing in route["crossings"]:  # the legs table gives crossing names the room
        assert any(line.endswith(f"{crossing['from_country']}→{crossing['to_country']} "
                                 f"{crossing['name']}") for line in lines)
    assert max(map(len, lines)) <= 200


def test_a_narrow_terminal_wraps_and_loses_nothing(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    doc = _json(capsys, ["route", "almaty", "istanbul", "--format", "json"])
    route = doc["routes"][0]
    out = _out(capsys, ["route", "almaty", "istanbul"])
    assert "…" not in out
    assert max(map(len, out.splitlines())) <= 80
    flat = _words(out)
    for warning in route["warnings"]:
        assert _words(warning) in flat
    assert "kg CO2e/TEU" in flat
    for leg in route["legs"]:  # every place name is there (wrapped, not cut)
        for word in leg["to_name"].split():
            assert word in out


def test_width_comes_from_columns_and_has_a_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "132")
    assert terminal_width() == 132
    monkeypatch.setenv("COLUMNS", "20")
    assert terminal_width() == 60
    monkeypatch.delenv("COLUMNS")
    assert terminal_width() == 100  # not a terminal (pytest captures stdout)


# --- --summary: one line per route ----------------------------------------------------------

def test_compare_summary_is_one_line_per_route_with_units(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    doc = _json(capsys, ["compare", "almaty", "istanbul", "--format", "json"])
    out = _out(capsys, ["compare", "almaty", "istanbul", "--summary"])
    table = out.split("\n\n")[0].splitlines()
    head, rows = table[0], table[1:]
    for unit in ("km", " h ", "USD/TEU", "kg CO2e/TEU", "crossings"):
        assert unit in head
    assert len(rows) == len(doc["routes"])
    for row, route in zip(rows, doc["routes"], strict=True):
        assert row.split()[0] == str(route["rank"])
        assert row.split()[-1].startswith("!") or row.endswith(route["countries"][-1])
        assert " > ".join(route["countries"]) in row
    monkeypatch.setenv("COLUMNS", "80")  # narrower: the countries wrap, nothing is cut
    out = _out(capsys, ["compare", "almaty", "istanbul", "--summary"])
    table = out.split("\n\n")[0]
    assert max(map(len, table.splitlines())) <= 80 and "…" not in out
    for route in doc["routes"]:
        assert " > ".join(route["countries"]) in _words(table)


def test_pareto_summary_is_one_line_per_corridor(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    argv = ["route", "dushanbe", "karachi", "--pareto", "--criteria", "distance,time"]
    doc = _json(capsys, [*argv, "--format", "json"])
    corridors = {tuple(c["id"] for c in r["crossings"]) for r in doc["routes"]}
    lines = _out(capsys, [*argv, "--summary"]).splitlines()
    assert "USD/TEU" in lines[0] and "variants" in lines[0]
    assert len(lines) == 1 + len(corridors)
    full = _out(capsys, argv)  # the blocks say how to get the compact view
    if len(doc["routes"]) > 1:
        assert "--summary shows one line per route" in full


# --- od: units, gateways, numbers -----------------------------------------------------------

def test_od_table_says_the_value_its_unit_and_the_gateways(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    argv = ["od", "almaty", "dushanbe", "--to", "europe", "caucasus"]
    doc = _json(capsys, [*argv, "--format", "json"])
    assert doc["value"] == "score" and doc["unit"] == "USD/TEU"
    out = _out(capsys, argv)
    first = out.splitlines()[0]
    assert first.startswith("generalized cost, USD/TEU")
    assert "gateways" in out
    for d in ("europe", "caucasus"):
        items = []
        for o in ("almaty", "dushanbe"):
            start, end = doc["gateways"][o][d]
            assert start == o
            (place,) = _json(capsys, ["places", end, "--format", "json"])
            items.append(f"{o} → {place['name']}")
        assert f"  {d}: {', '.join(items)}" in out.splitlines()
    # the cells: the JSON's values, rounded by the USD rule
    assert f"{doc['matrix']['almaty']['europe']:,.0f}" in out
    hours = _out(capsys, [*argv, "--value", "time_h"])
    assert hours.splitlines()[0].startswith("time, h")


def test_od_csv_and_json_have_no_float_noise(capsys: pytest.CaptureFixture[str]) -> None:
    from corridors import load_network
    from corridors.routing import od_matrix

    argv = ["od", "almaty", "dushanbe", "--to", "europe", "caucasus"]
    text = _out(capsys, [*argv, "--format", "csv"])
    doc = _json(capsys, [*argv, "--format", "json"])
    frame = od_matrix(load_network(cache=True), ["almaty", "dushanbe"], ["europe", "caucasus"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    for row in rows:
        origin = row.pop("")
        for dest, cell in row.items():
            exact = float(frame.at[origin, dest])
            assert _significant(cell) <= 12, cell  # was 12879.403913914657
            assert float(cell) == pytest.approx(exact, rel=1e-11)
            assert float(cell) == float(f"{exact:.12g}")
            assert doc["matrix"][origin][dest] == float(cell)
    # the gateways are in the frame's attrs (JSON-ready) and in the JSON output
    assert json.loads(json.dumps(frame.attrs))["gateways"] == doc["gateways"]


# --- reliability, criticality, crossings ----------------------------------------------------

def test_reliability_keeps_the_precision_of_p_fastest(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    argv = ["reliability", "almaty", "istanbul", "--draws", "2000"]
    doc = _json(capsys, [*argv, "--format", "json"])
    out = _out(capsys, argv)
    head = out.splitlines()[0]
    assert "fastest %" in head and "P50 h" in head and "km" in head
    shares = [row["p_fastest"] for row in doc["corridors"]]
    assert any(0 < p < 1 and round(p, 1) != p for p in shares)  # a case the old table lost
    lines = out.splitlines()[2:]
    for row, line in zip(doc["corridors"], lines, strict=True):
        cells = line.split()
        assert line.startswith(row["corridor"])
        assert format_number(row["p_fastest"], "share") in cells  # 99.3, not 1.0
    text = _out(capsys, [*argv, "--format", "csv"])
    for row in csv.DictReader(io.StringIO(text)):
        for key in ("time_h", "mean_h", "std_h", "p50_h"):
            assert _significant(row[key]) <= 12, row[key]


def test_crossings_figures_are_numbers_with_units(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    rows = _json(capsys, ["crossings", "--country", "TJ", "--format", "json"])
    assert all(isinstance(r["time_h_ab"], (int, float)) for r in rows)  # were strings
    head = _out(capsys, ["crossings", "--country", "TJ"]).splitlines()[0]
    assert "h a>b" in head and "USD/TEU a>b" in head
    monkeypatch.setenv("COLUMNS", "80")
    out = _out(capsys, ["places", "aktau"])
    assert "…" not in out and "International Sea Commercial Port" in _words(out)


# --- the table engine -----------------------------------------------------------------------

def test_render_table_wraps_text_columns_and_never_cuts() -> None:
    rows = [{"name": "Nizhny Pyanj (Panji Poyon)–Sher Khan Bandar", "km": 1234.56,
             "path": "KZ > RU > BY > PL > DE > AT > HU > RO > BG > TR"}]
    cols = [Column("name", "name"), Column("km", "distance km", "km"), Column("path", "path")]
    wide = render_table(rows, cols, width=200)
    assert len(wide.splitlines()) == 3 and "1,235" in wide
    narrow = render_table(rows, cols, width=40)
    assert max(map(len, narrow.splitlines())) <= 40
    assert _words(narrow).count("1,235") == 1
    for word in ("Nizhny", "Pyanj", "(Panji", "Bandar", "TR"):
        assert word in narrow
    assert not any(line.lstrip().startswith(">") for line in narrow.splitlines())


def test_one_rounding_rule_per_unit() -> None:
    assert format_number(6147.900000000001, "usd") == "6,148"
    assert format_number(5982.8, "km") == "5,983"
    assert (format_number(14.94, "h"), format_number(154.8, "h")) == ("14.9", "155")
    assert (format_number(0.5, "share"), format_number(0.0004, "share")) == ("50.0", "<0.1")
    assert format_number(float("nan"), "kg") == "—"
    assert clean_number(6147.900000000001) == 6147.9
    assert repr(clean_number(12879.403913914657)) == "12879.4039139"
    assert clean_number(0.1 + 0.2) == 0.3 and clean_number(7) == 7
    assert wrap_items(["a" * 10, "b" * 10], 20, "") == ["a" * 10, "  " + "b" * 10]
