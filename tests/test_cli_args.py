"""Arguments checked before any work or output, with "did you mean" for typos."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corridors import cli
from corridors.errors import OutputError


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("argv", "hint"), [
    (("rout", "almaty", "duisburg"), "corridors: did you mean 'route'?"),
    (("route", "almaty", "duisburg", "--avoid-contry", "RU"),
     "corridors route: --avoid-contry: did you mean --avoid-country?"),
    (("route", "almaty", "duisburg", "--sumary"), "--sumary: did you mean --summary?"),
    (("route", "almaty", "duisburg", "--format=jsn"), "did you mean 'json'?"),
    (("route", "almaty", "duisburg", "--objective", "fastst"),
     "'fastest' is a --profile: use --profile fastest"),
    (("od", "almaty", "--to", "europe", "--vaule", "time_h"), "did you mean --value?"),
    (("scenario", "lst"), "did you mean 'list'?"),
    (("crossings", "--contry", "KZ"), "--contry: did you mean --country?"),
])
def test_typos_get_a_suggestion(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...],
                                hint: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert any(line.startswith("corridors") and line.endswith(hint)
               for line in err.splitlines()), err
    assert "Traceback" not in err


def test_unknown_option_shows_the_subcommand_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "route", "almaty", "duisburg", "--avoid-contry", "RU")
    assert code == 2
    assert err.startswith("usage: corridors route ")
    assert "corridors route: error: unrecognized arguments: --avoid-contry RU" in err


def test_no_suggestion_when_nothing_is_close(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "route", "almaty", "duisburg", "--zzzzzz")
    assert code == 2 and "did you mean" not in err


@pytest.mark.parametrize("command", ["crossings", "places"])
def test_unknown_country_is_rejected_like_route_does(capsys: pytest.CaptureFixture[str],
                                                     command: str) -> None:
    code, out, err = run(capsys, command, "--country", "XX")
    assert code == 2 and out == ""
    assert "--country: ['XX'] not in the network; known countries: AF," in err
    code, _, err = run(capsys, "route", "almaty", "duisburg", "--avoid-country", "XX")
    assert code == 2 and "not in the network; known countries" in err


@pytest.mark.parametrize("command", ["crossings", "places"])
def test_country_any_case_still_lists(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--country", "tj", "--format", "csv")
    assert code == 0
    rows = out.splitlines()[1:]
    assert len(rows) > 5 and all("TJ" in row for row in rows)


def test_bad_criteria_fail_before_the_network_is_loaded(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was loaded before the arguments were checked")

    monkeypatch.setattr(cli, "_load", no_work)
    code, out, err = run(capsys, "route", "almaty", "istanbul", "--pareto",
                         "--criteria", "time,cots")
    assert code == 2 and out == ""
    assert "did you mean 'cost'?" in err


def test_unwritable_map_directory_fails_before_any_output(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    import corridors.files as files

    real = files.os.access
    monkeypatch.setattr(files.os, "access",
                        lambda p, mode: False if Path(p) == tmp_path else real(p, mode))
    monkeypatch.setattr(cli, "_load", lambda *a, **k: (_ for _ in ()).throw(
        AssertionError("work done before --map was checked")))
    code, out, err = run(capsys, "route", "almaty", "duisburg", "--map",
                         str(tmp_path / "m.png"))
    assert code == 2 and out == ""
    assert "is not writable by you; choose another --map" in err


def test_a_map_that_fails_to_write_leaves_no_half_answer(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")

    def fail(*args: object, **kwargs: object) -> None:
        raise OutputError(28, "No space left on device")

    monkeypatch.setattr(cli, "_write_plots", fail)
    code, out, err = run(capsys, "route", "almaty", "duisburg", "--map",
                         str(tmp_path / "m.png"))
    assert code == 2
    assert out == ""                        # the route table is not printed
    assert "No space left on device" in err


def test_check_target_refuses_an_unwritable_directory_for_replacement(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import corridors.files as files

    target = tmp_path / "out.json"
    target.write_text("{}")
    monkeypatch.setattr(files.os, "access", lambda p, mode: Path(p) != tmp_path)
    with pytest.raises(OutputError, match="not writable by you; choose another --output"):
        files.check_target(target, overwrite=True, option="--output")
    assert target.read_text() == "{}"


def test_submodules_are_attributes_after_a_bare_import() -> None:
    code = ("import sys, corridors; assert 'corridors.plot' not in sys.modules; "
            "f = corridors.plot.time_distance_profile; s = corridors.scenarios.list_scenarios; "
            "assert callable(f) and callable(s); assert 'plot' in dir(corridors); "
            "import pytest\n"
            "with pytest.raises(AttributeError): corridors.no_such_module")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_mistyped_mode_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "route", "almaty", "duisburg", "--mode", "rial,road")
    assert code == 2 and out == ""
    assert "unknown mode(s) ['rial']; did you mean 'rail'?" in err


def test_offline_map_needs_an_html_target(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "route", "almaty", "duisburg", "--offline")
    assert code == 2 and out == ""
    assert "--offline draws an interactive map without internet" in err


def test_offline_html_map_loads_nothing_and_needs_no_folium(tmp_path: Path) -> None:
    import re

    target = tmp_path / "map.html"
    code = ("import sys; sys.modules['folium'] = None; sys.modules['matplotlib'] = None\n"
            "from corridors.cli import main\n"
            f"raise SystemExit(main(['route', 'almaty', 'duisburg', '--alternatives', '2', "
            f"'--map', {str(target)!r}, '--offline']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = target.read_text()
    assert "Duisburg" in page and "<svg" in page
    remote = r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//"""
    fetched = re.findall(remote, page, flags=re.I)
    assert fetched == []



def test_warnings_are_whole_sentences_not_cut() -> None:
    from corridors.seasons import Season, season_warning

    note = ("Not seasonal. Upper Lars: closed repeatedly in winter (e.g. 29 Dec 2018, Mar 2022 "
            "with 300-400 trucks queued on the Russian side). Second sentence.")
    s = Season((1, 1), (12, 31), "intermittent", note=note)
    assert season_warning("X", [s], None) == (
        "X: intermittent closures (Upper Lars: closed repeatedly in winter (e.g. 29 Dec 2018, "
        "Mar 2022 with 300-400 trucks queued on the Russian side))")


def test_route_warnings_print_whole(capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run(capsys, "route", "almaty", "istanbul")
    assert code == 0 and "…" not in out
    text = " ".join(out.split())
    assert ("trucks with (semi-)trailers frequently banned, all traffic closed in avalanche "
            "danger, Nov-Apr; closures of hours-days)") in text
    assert "(e.g. 29 Dec 2018, Mar 2022 with 300-400 trucks queued on the Russian side))" in text
