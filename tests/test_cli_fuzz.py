"""The command line on hostile input: exit 0/1/2 (130 on Ctrl-C), one message, no traceback."""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridors import cli
from corridors.cli import main


def _commands() -> dict[tuple[str, ...], list[str]]:
    """Every (sub)command of the parser and its option strings, read from the parser itself."""
    found: dict[tuple[str, ...], list[str]] = {}

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        options = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, (*path, name))
            else:
                options.extend(o for o in action.option_strings if o != "--debug")
        if path:
            found[path] = options

    walk(cli.build_parser(), ())
    return found


COMMANDS = _commands()


def _digest(directory: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        h.update(path.name.encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture
def workspace(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    junk = work / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 4)
    scenario = work / "scenario.toml"
    scenario.write_text('[scenario]\ntitle = "extreme"\n[cost_model]\n'
                        'port_dwell_h_factor = 1e308\n', encoding="utf-8")
    return {"tiny": tiny_dir, "work": work, "junk": junk, "scenario": scenario}


def _values(ws: dict[str, Path]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from([
            "almaty", "alat_port", "aktau_port", "urumqi", "dushanbe", "europe", "KZ", "AZ",
            "CN", "rail", "road", "sea", "time", "cost", "distance", "score", "json", "csv",
            "table", "geojson", "0", "1", "3", "-1", "-5", "2.5", "1e309", "nan", "inf", "",
            "-", "0,0", "43.2,76.9", "91,200", "x" * 300, "Ünï\u0301", "a\x00b", "2025-13-40",
            "2025-06-01", "none", "out.json", "map.png", "chart.svg", "map.html", "1000000000",
            "almaty:alat_port", "almaty>alat_port", str(ws["tiny"]), str(ws["junk"]),
            str(ws["scenario"]), str(ws["work"]), "baseline", "no_such_scenario",
        ]),
        st.text(max_size=12),
    )


@st.composite
def _argv(draw: st.DrawFn, ws: dict[str, Path]) -> list[str]:
    path = draw(st.sampled_from(sorted(COMMANDS)))
    options = COMMANDS[path]
    values = _values(ws)
    argv = list(path) + draw(st.lists(values, max_size=2))
    for _ in range(draw(st.integers(0, 5))):
        if options:
            argv.append(draw(st.sampled_from(options)))
        if draw(st.booleans()):
            argv.append(draw(values))
    if "--data" in options:
        argv += ["--data", str(ws["tiny"])]  # keep every run on the small network
    return argv


def test_random_argument_vectors(workspace: dict[str, Path],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = _digest(workspace["tiny"])

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(_argv(workspace))
    def run(argv: list[str]) -> None:
        rc = main(argv)
        err = capsys.readouterr().err
        assert rc in (0, 1, 2), (argv, rc, err)
        assert "Traceback" not in err, (argv, err)
        assert all(len(line) <= 400 for line in err.splitlines()), (argv, err[:500])

    try:
        run()
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    assert _digest(workspace["tiny"]) == before  # nothing the user gave is modified


def test_a_long_place_name_is_echoed_cut_short(tiny_dir: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    name = "Samarkand" * 11_000  # about 100 KB
    assert main(["route", name, "almaty", "--data", str(tiny_dir)]) == 2
    err = capsys.readouterr().err
    assert len(err) < 400 and "unknown place" in err and "characters" in err


def test_a_long_invalid_choice_is_echoed_cut_short(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "almaty", "baku", "--objective", "t" * 100_000]) == 2
    err = capsys.readouterr().err
    assert len(err) < 2_000 and "invalid choice" in err and "characters" in err


def test_ctrl_c_is_exit_130_with_one_line(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli._COMMANDS, "info", interrupted)
    assert main(["info"]) == 130
    assert capsys.readouterr().err == "corridors: interrupted\n"
    with pytest.raises(KeyboardInterrupt):  # --debug shows the traceback
        main(["--debug", "info"])


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
def test_sigint_to_the_command_exits_130_without_traceback(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from corridors import cli\n"
        "def slow(args):\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(60)\n"
        "    return 0\n"
        "cli._COMMANDS['info'] = slow\n"
        "sys.exit(cli.main(['info']))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err == "corridors: interrupted\n"


def test_non_finite_json_is_refused_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(cli.ConstraintError, match="not finite"):
        cli._json({"time_h": float("inf")})
    assert cli._json({"time_h": 1.5}) == '{"time_h": 1.5}'


def test_extreme_scenario_factors_never_reach_json(workspace: dict[str, Path],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case: a time factor of 1e308 printed Infinity and NaN in --format json."""
    argv = ["route", "almaty", "alat_port", "--data", str(workspace["tiny"]), "--format",
            "json", "--scenario", str(workspace["scenario"])]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert "Infinity" not in out and "NaN" not in out
    assert "scenario.toml" in err and "port_dwell_h_factor" in err


def test_coordinates_far_from_the_network_are_refused(capsys: pytest.CaptureFixture[str],
                                                      caplog: pytest.LogCaptureFixture) -> None:
    """`route 0,0 dushanbe` used to start in Niš/Piraeus, thousands of km away, silently."""
    assert main(["route", "0,0", "dushanbe"]) == 2
    err = capsys.readouterr().err
    assert "km from the nearest place" in err and "--max-access-km" in err
    assert main(["route", "0,0", "dushanbe", "--max-access-km", "6000"]) == 0
    assert "4,862 km from the nearest place of the network" in caplog.text  # a warning
