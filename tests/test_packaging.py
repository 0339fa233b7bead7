"""The fast import path, the installed wheel and the command-line entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("geopandas", "shapely", "pyproj", "matplotlib", "osmnx", "pandas", "folium", "numpy",
         "dask")


def _run(code: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, **kwargs
    )


def test_import_and_load_use_only_stdlib_and_networkx() -> None:
    code = (
        "import sys, json, corridors\n"
        "G = corridors.load_network()\n"
        "corridors.find_place(G, 'Dushanbe')\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    assert json.loads(_run(code).stdout) == []


@pytest.mark.parametrize(
    "argv",
    [["info"], ["route", "dushanbe", "karachi"], ["route", "almaty", "europe", "--format", "json"],
     ["route", "almaty", "baku", "--alternatives", "2", "--format", "geojson"],
     ["route", "dushanbe", "south_asia", "--pareto", "--format", "csv"],
     ["compare", "almaty", "istanbul"], ["places", "aktau"], ["crossings", "--country", "KZ"],
     ["route", "tashkent", "karachi", "--scenario", "trans_afghan_railway"],
     ["scenario", "show", "russia_avoided"]],
)
def test_cli_commands_import_no_heavy_module(argv: list[str]) -> None:
    code = (
        "import sys, json, contextlib, io\n"
        "from corridors.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main({argv!r})\n"
        f"print(json.dumps([rc, [m for m in {HEAVY!r} if m in sys.modules]]))\n"
    )
    assert json.loads(_run(code).stdout) == [0, []]


def test_cold_cli_route_through_the_entry_point_imports_no_heavy_module(tmp_path: Path) -> None:
    # `python -m corridors route ...` in a fresh process with an empty cache (cold), reporting
    # the modules loaded when the interpreter exits.
    code = (
        "import atexit, json, sys, runpy\n"
        f"atexit.register(lambda: print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]),"
        " file=sys.stderr))\n"
        "sys.argv = ['corridors', 'route', 'dushanbe', 'karachi']\n"
        "runpy.run_module('corridors', run_name='__main__')\n"
    )
    env = dict(os.environ, CORRIDORS_CACHE_DIR=str(tmp_path / "cache"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env)
    assert result.returncode == 0, result.stderr
    assert "Dushanbe" in result.stdout
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return next(out.glob("corridors-*.whl"))


def test_wheel_contains_the_network(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for table in (
        "places.csv",
        "links.csv",
        "border_crossings.csv",
        "sources.csv",
        "corridors.csv",
        "transshipments.csv",
        "countries.csv",
        "README.md",
    ):
        assert f"corridors/_data/{table}" in names


def test_installed_wheel_loads_its_data(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    code = (
        "import corridors, json\n"
        "G = corridors.load_network()\n"
        "print(json.dumps([corridors.__file__, str(corridors.builtin_data_dir()), len(G)]))\n"
    )
    # Run from an empty directory with only the installed copy on the path.
    result = _run(code, cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": ""})
    module_file, data_dir, n = json.loads(result.stdout)
    assert module_file.startswith(str(site))
    assert data_dir.startswith(str(site)) and data_dir.endswith("_data")
    assert n >= 150


@pytest.mark.parametrize(
    "entry",
    [["-m", "corridors"], ["-c", "from corridors.cli import main; raise SystemExit(main())"]],
)
def test_module_entry_point(entry: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, *entry, "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("corridors ")


def test_console_script_if_installed() -> None:
    import shutil

    exe = shutil.which("corridors")
    if exe is None:
        pytest.skip("the console script is not on PATH (package not installed)")
    result = subprocess.run([exe, "info"], capture_output=True, text=True, check=True)
    assert "border crossings" in result.stdout
    result = subprocess.run([exe, "route", "dushanbe", "karachi", "--format", "json"],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["routes"][0]["countries"][0] == "TJ"
    bad = subprocess.run([exe, "route", "dushanbee", "karachi"], capture_output=True, text=True)
    assert bad.returncode == 2 and "did you mean" in bad.stderr and not bad.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [(["route", "almaty", "tashkent", "--format", "json"], 0),
     (["route", "almaty", "tashkent", "--avoid-country", "UZ"], 1),
     (["route", "almaty", "nowhere"], 2)],
)
def test_python_m_corridors_exit_codes(args: list[str], code: int) -> None:
    result = subprocess.run([sys.executable, "-m", "corridors", *args], capture_output=True,
                            text=True)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr


def test_the_test_extra_installs_every_optional_module_the_tests_need() -> None:
    """Under ``pip install -e ".[test]"`` no test is skipped for a missing package."""
    import importlib.util
    import re
    import tomllib

    wanted = set()
    for path in (ROOT / "tests").glob("*.py"):
        wanted.update(re.findall(r'importorskip\("([A-Za-z_][\w.]*)"', path.read_text()))
    wanted |= {"nbclient", "nbformat", "nbconvert", "ipykernel"}   # the notebooks' runner
    missing = sorted(m for m in wanted if importlib.util.find_spec(m) is None)
    assert not missing, f"not installed: {missing}; the test extra must install them"
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]["test"]
    names = {re.split(r"[\[<>=!~ ]", r, maxsplit=1)[0].lower() for r in extra}
    assert {"nbclient", "nbformat", "nbconvert", "ipykernel", "matplotlib", "folium",
            "dask", "hypothesis"} <= names
