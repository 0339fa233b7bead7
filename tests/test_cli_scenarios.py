"""The scenario, reliability and criticality commands, in-process through main(argv)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridors.cli import main


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict | list:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_scenario_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, ["scenario", "list", "--format", "json"])
    names = {r["name"] for r in rows}
    assert {"trans_afghan_railway", "cku_railway", "russia_avoided", "iran_avoided",
            "caspian_ferries_suspended", "tj_kg_border_closed",
            "middle_corridor_halved"} <= names
    assert main(["scenario", "show", "trans_afghan_railway"]) == 0
    out = capsys.readouterr().out
    assert "sources:" in out and "dand_patan_kharlachi_rail" in out
    shown = _json(capsys, ["scenario", "show", "middle_corridor_halved", "--format", "json"])
    assert "wb_2023_middle_corridor" in json.dumps(shown)


def test_unknown_scenario_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "show", "russia_avoid"]) == 2
    err = capsys.readouterr().err
    assert "russia_avoided" in err and "Traceback" not in err
    assert main(["route", "almaty", "baku", "--scenario", "nonsense"]) == 2


def test_route_on_a_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    base = _json(capsys, ["route", "tashkent", "karachi", "--mode", "rail", "--format", "json"])
    built = _json(capsys, ["route", "tashkent", "karachi", "--mode", "rail", "--scenario",
                           "trans_afghan_railway", "--format", "json"])
    assert built["query"]["scenario"] == "trans_afghan_railway"
    assert built["routes"][0]["distance_km"] < base["routes"][0]["distance_km"]
    assert built["routes"][0]["countries"] == ["UZ", "AF", "PK"]
    # the suspended ferries force Almaty -> Baku off the Caspian
    doc = _json(capsys, ["route", "almaty", "baku", "--scenario", "caspian_ferries_suspended",
                         "--format", "json"])
    assert "sea" not in doc["routes"][0]["modes"]


def test_scenario_file_written_by_the_user(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "no_kz_cn.toml"
    path.write_text(
        '[scenario]\nname = "no_kz_cn"\ntitle = "Dostyk and Khorgos closed"\n'
        'description = "test"\n'
        '[close]\ncrossings = ["dostyk_alashankou_rail", "altynkol_khorgos_rail", '
        '"nur_zholy_khorgos_road"]\n', encoding="utf-8")
    before = path.read_bytes()
    doc = _json(capsys, ["route", "almaty", "urumqi", "--scenario", str(path), "--format",
                         "json"])
    used = {c["id"] for c in doc["routes"][0]["crossings"]}
    assert not used & {"dostyk_alashankou_rail", "altynkol_khorgos_rail",
                       "nur_zholy_khorgos_road"}
    assert path.read_bytes() == before


def test_scenario_compare(capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the headings on one line
    # by the score Almaty -> Baku takes the ferry (the generalized default goes round by Russia)
    doc = _json(capsys, ["scenario", "compare", "caspian_ferries_suspended", "--od",
                         "almaty:baku", "--od", "almaty:duisburg", "--objective", "score",
                         "--format", "json"])
    rows = {(r["origin"], r["destination"]): r for r in doc["rows"]}
    assert rows[("almaty", "baku")]["corridor_changed"] is True
    assert rows[("almaty", "baku")]["delta_km"] > 0
    assert main(["scenario", "compare", "russia_avoided", "--od", "almaty:duisburg"]) == 0
    head = capsys.readouterr().out.splitlines()[0]
    assert "Δ h " in head and "Δ USD/TEU" in head and "Δ kg CO2e/TEU" in head  # with units
    assert main(["scenario", "compare", "russia_avoided", "--od", "almaty"]) == 2
    assert "ORIGIN:DESTINATION" in capsys.readouterr().err


def test_reliability_json(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, ["reliability", "almaty", "duisburg", "--draws", "2000", "--format",
                         "json"])
    assert doc["corridors"]
    total = 0.0
    for row in doc["corridors"]:
        assert row["p50_h"] <= row["p90_h"] <= row["p95_h"]
        total += row["p_fastest"]
    assert total == pytest.approx(1.0)
    again = _json(capsys, ["reliability", "almaty", "duisburg", "--draws", "2000", "--format",
                           "json"])
    assert again["corridors"] == doc["corridors"]  # seeded: reproducible


def test_criticality(capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the headings on one line
    doc = _json(capsys, ["criticality", "--od", "dushanbe:karachi", "--mode", "rail,sea",
                         "--top", "5", "--format", "json"])
    assert len(doc["rows"]) == 5
    assert all(r["single_point_of_failure"] for r in doc["rows"])
    assert main(["criticality", "--od", "dushanbe:karachi", "--top", "3"]) == 0
    head = capsys.readouterr().out.splitlines()[0]
    assert "single point of failure" in head and "Δ USD/TEU" in head  # the objective's unit


@pytest.mark.parametrize("command", ["scenario", "reliability", "criticality"])
def test_help_with_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert "Examples:" in capsys.readouterr().out
