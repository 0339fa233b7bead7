"""The command line, in-process through main(argv)."""

from __future__ import annotations

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
