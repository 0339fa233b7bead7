"""`corridors route --map/--chart`: files written for the routes the command computed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from corridors.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _is_png(path: Path) -> bool:
    data = path.read_bytes()
    return data[:8] == PNG_SIGNATURE and len(data) > 5_000


def _leg_features(html: str) -> int:
    decoder = json.JSONDecoder()
    n = 0
    for match in re.finditer(r"_add\(", html):
        try:
            obj, _ = decoder.raw_decode(html, match.end())
        except ValueError:
            continue
        if isinstance(obj, dict) and obj.get("type") == "FeatureCollection":
            n += sum(1 for f in obj["features"] if f["properties"].get("feature") == "leg")
    return n


def test_static_map_and_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png, chart = tmp_path / "map.png", tmp_path / "chart.png"
    assert main(["route", "almaty", "europe", "--avoid-country", "RU", "--alternatives", "2",
                 "--map", str(png), "--chart", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "#1" in out and "#2" in out          # the text output is still printed
    assert _is_png(png) and _is_png(chart)
    assert not list(tmp_path.glob(".*"))        # no temporary file left behind


def test_interactive_map_has_one_feature_per_leg(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    html = tmp_path / "route.html"
    assert main(["route", "dushanbe", "karachi", "--format", "json", "--map", str(html)]) == 0
    doc = json.loads(capsys.readouterr().out)
    text = html.read_text(encoding="utf-8")
    assert _leg_features(text) == len(doc["routes"][0]["legs"])
    for crossing in doc["routes"][0]["crossings"]:
        assert crossing["name"] in text


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_cost_chart_in_vector_formats(tmp_path: Path, suffix: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    chart = tmp_path / f"cost{suffix}"
    assert main(["route", "dushanbe", "karachi", "--chart", str(chart),
                 "--chart-measure", "cost"]) == 0
    data = chart.read_bytes()
    assert data.startswith(b"%PDF") if suffix == ".pdf" else b"<svg" in data[:2000]
    if suffix == ".svg":
        assert b"USD per TEU" in data


def test_existing_file_is_not_overwritten_without_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "map.png"
    target.write_bytes(b"keep me")
    assert main(["route", "dushanbe", "karachi", "--map", str(target)]) == 2
    captured = capsys.readouterr()
    assert "exists" in captured.err and "--force" in captured.err
    assert captured.out == ""                    # checked before any work
    assert target.read_bytes() == b"keep me"
    chart = tmp_path / "chart.png"
    chart.write_bytes(b"keep me too")
    assert main(["route", "dushanbe", "karachi", "--chart", str(chart)]) == 2
    assert chart.read_bytes() == b"keep me too"
    assert main(["route", "dushanbe", "karachi", "--map", str(target), "--chart", str(chart),
                 "--force"]) == 0
    assert _is_png(target) and _is_png(chart)


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--map", "{d}/map.jpg"], "must end in .png, .svg, .pdf, .html"),
     (["--chart", "{d}/chart.html"], "must end in .png, .svg, .pdf"),
     (["--map", "{d}/x.png", "--chart", "{d}/x.png"], "also the target"),
     (["--map", "{d}/x.html", "-o", "{d}/x.html"], "also the target"),
     (["--chart-measure", "speed", "--chart", "{d}/c.png"], "invalid choice")],
)
def test_bad_plot_options_are_exit_2(tmp_path: Path, argv: list[str], message: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    argv = [a.format(d=tmp_path) for a in argv]
    assert main(["route", "dushanbe", "karachi", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not [p for p in tmp_path.iterdir()]


def test_no_route_writes_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "map.png"
    assert main(["route", "almaty", "tashkent", "--avoid-country", "UZ", "--map",
                 str(target)]) == 1
    assert not target.exists()


def test_pareto_routes_on_a_user_network(tiny_dir: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    png, chart = tmp_path / "front.png", tmp_path / "front_chart.png"
    assert main(["route", "almaty", "alat", "--data", str(tiny_dir), "--pareto",
                 "--map", str(png), "--chart", str(chart)]) == 0
    assert _is_png(png) and _is_png(chart)


def test_help_lists_the_plot_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--map FILE" in out and "--chart FILE" in out and "--chart-measure" in out


def test_python_m_corridors_writes_a_map_in_a_fresh_process(tmp_path: Path) -> None:
    target = tmp_path / "map.png"
    result = subprocess.run(
        [sys.executable, "-m", "corridors", "route", "dushanbe", "karachi", "--map",
         str(target)], capture_output=True, text=True, env=_env())
    assert result.returncode == 0, result.stderr
    assert _is_png(target)


def _env() -> dict[str, str]:
    """The environment without MPLBACKEND: the command must pick a file backend itself."""
    import os

    return {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
