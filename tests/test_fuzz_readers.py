"""Random bytes and broken text into every file the library reads.

Each property writes random bytes, or a valid file with random mutations (inserted NUL bytes,
quotes, commas, line breaks, huge numbers, deleted or repeated pieces ...), into one file, reads
it the way a user would, and asserts that the only exceptions are CorridorsErrors naming the
file, and that nothing is written anywhere (the directory read, the cache directory).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from netdata import tiny_tables, write_network

import corridors
from corridors.calibration import calibration_rows, calibration_table
from corridors.errors import CorridorsError, DataError, ScenarioError
from corridors.geo import path_length_km
from corridors.model import TABLES
from corridors.scenarios import builtin_scenarios_dir, read_scenario_file
from corridors.validate import validate_network

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

#: Pieces a mutation inserts: what breaks CSV, TOML and JSON readers and number parsers.
PIECES = ["\x00", "\x1b", "\x7f", "\x85", '"', "'", ",", ";", "|", "\n", "\r\n", "\r", "\t",
          "\ufeff", "\u202e", "nan", "NaN", "inf", "Infinity", "-1", "1e309", "1e308", "-0",
          "９", "²", "[", "]", "{", "}", "=", '"""', "'''", "\\", "\\u0000", "detour:1e400",
          "[[x]]", "[x.y]", "a = {", "almaty", "", " ", "#", "0" * 400, "x" * 200]


def _text() -> st.SearchStrategy[str]:
    return st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """Return ``text`` with 1-6 random edits."""
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "repeat", "swap_lines"]))
        i = draw(st.integers(0, len(text)))
        if op == "insert":
            piece = draw(st.one_of(st.sampled_from(PIECES), _text()))
            text = text[:i] + piece + text[i:]
        elif op == "delete":
            j = draw(st.integers(i, min(len(text), i + 60)))
            text = text[:i] + text[j:]
        elif op == "replace" and i < len(text):
            text = text[:i] + draw(st.sampled_from(PIECES)) + text[i + 1:]
        elif op == "repeat":
            j = draw(st.integers(i, min(len(text), i + 80)))
            text = text[:j] + text[i:j] + text[j:]
        elif op == "swap_lines":
            lines = text.split("\n")
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


def content(valid: str) -> st.SearchStrategy[bytes]:
    """Random bytes, or the valid text mutated, in UTF-8 (sometimes another encoding)."""
    encodings = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"])
    text = st.tuples(mutated(valid), encodings).map(
        lambda t: t[0].encode(t[1], errors="replace"))
    return st.one_of(st.binary(max_size=3000), text, text)


# ---- the files ----------------------------------------------------------------------------
def _tables() -> dict[str, list[dict[str, str]]]:
    """The tiny network with every optional table, valid."""
    tables = tiny_tables()
    ports = {p["id"]: (float(p["lat"]), float(p["lon"])) for p in tables["places"]}
    tables["links"][-1]["distance_km"] = (
        f"{round(path_length_km([ports['aktau_port'], ports['alat_port']]) * 1.15):g}")
    tables["terminal_types"] = [{"type": "seaport", "handling_h": "12", "handling_usd": "100",
                                 "dwell_h": "24", "source": "src_test"}]
    tables["border_regimes"] = [{"regime": "eaeu", "name": "EAEU", "kind": "customs_union",
                                 "country": "KZ", "joined": "2015-01-01", "source": "src_test"}]
    tables["regime_defaults"] = [{"regime": "eaeu", "mode": "rail", "time_h": "2",
                                  "cost_usd": "10", "source": "src_test"}]
    tables["cpmm_defaults"] = [{"country": "KZ", "mode": "rail", "direction": "outbound",
                                "time_h": "40", "cost_usd": "200", "year": "2022",
                                "source": "src_test"}]
    tables["seasons"] = [{"element": "aktau_alat_sea", "kind": "link", "open_from": "04-01",
                          "open_to": "11-30", "regularity": "fixed", "source": "src_test"}]
    tables["emissions"] = [
        {"id": "truck", "mode": "road", "wtw_g_per_tkm": "100", "ttw_g_per_tkm": "80",
         "default": "yes", "source": "src_test"},
        {"id": "rail_diesel", "mode": "rail", "wtw_g_per_tkm": "40", "ttw_g_per_tkm": "33",
         "default": "yes", "source": "src_test"},
        {"id": "rail_electric", "mode": "rail", "kwh_per_tkm": "0.03", "source": "src_test"},
        {"id": "ferry_rail", "mode": "sea", "wtw_g_per_tkm": "130", "ttw_g_per_tkm": "110",
         "default": "yes", "source": "src_test"},
        {"id": "seaport", "mode": "terminal", "handling_kg_co2e": "17.5",
         "handling_ttw_kg_co2e": "14", "source": "src_test"}]
    tables["electricity"] = [{"country": "KZ", "rail_electrified_share": "0.25",
                              "grid_g_co2e_per_kwh": "800", "source": "src_test"}]
    tables["link_vehicles"] = [
        {"link": "almaty_dostyk_rail", "electric_share": "0", "source": "src_test"},
        {"link": "aktau_alat_sea", "vehicle": "ferry_rail", "source": "src_test"}]
    tables["capacities"] = [
        {"kind": "crossing", "element": "dostyk_alashankou_rail", "direction": "both",
         "teu_per_year": "858480", "value": "28", "unit": "trains/day", "year": "2025",
         "status": "current", "source": "src_test"},
        {"kind": "port", "element": "aktau_port", "direction": "both",
         "teu_per_year": "140000", "year": "2025", "status": "planned", "source": "src_test"},
        {"kind": "link", "element": "aktau_alat_sea", "direction": "ab",
         "teu_per_year": "89000", "status": "current", "source": "src_test",
         "estimate": "sailings x vessel size"}]
    return tables


def _box(iso2: str, lon0: float, lat0: float, lon1: float, lat1: float) -> dict[str, Any]:
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Feature", "properties": {"iso2": iso2},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


BOUNDARIES = json.dumps({"type": "FeatureCollection", "features": [
    _box("KZ", 46.0, 42.0, 82.52, 50.0), _box("CN", 82.52, 40.0, 96.0, 50.0),
    _box("AZ", 44.0, 38.0, 50.5, 41.9)]})
OSM_LENGTHS = ("link_id,osm_km,alignment,status\n"
               "almaty_dostyk_rail,850,43.2389 76.8897;44.5 80.0;45.2533 82.4844,checked\n")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = write_network(tmp_path_factory.mktemp("fuzz") / "net", _tables())
    (directory / "boundaries.geojson").write_text(BOUNDARIES, encoding="utf-8")
    (directory / "osm_lengths.csv").write_text(OSM_LENGTHS, encoding="utf-8")
    assert validate_network(directory, outlines=False) == []
    return directory


def _snapshot(*directories: Path) -> dict[str, bytes]:
    out = {}
    for d in directories:
        for p in sorted(d.rglob("*")):
            out[str(p)] = p.read_bytes() if p.is_file() else b"<dir>"
    return out


@contextmanager
def _unchanged(*directories: Path) -> Iterator[None]:
    """Assert that nothing in ``directories`` (and the cache directory) changes."""
    cache = Path(os.environ.get("CORRIDORS_CACHE_DIR", tempfile.gettempdir()))
    watched = [*directories, *([cache] if cache.is_dir() else [])]
    before = _snapshot(*watched)
    yield
    assert _snapshot(*watched) == before, "a reader wrote a file"


@contextmanager
def _copy(base: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="corridors-fuzz-") as tmp:
        target = Path(tmp) / base.name
        shutil.copytree(base, target)
        yield target


def _expect(call: Callable[[], Any], name: str, *, must_name: bool = True) -> Any:
    """Run ``call``: a result, or a CorridorsError naming ``name``; anything else fails."""
    try:
        return call()
    except CorridorsError as exc:
        if must_name:
            assert name in str(exc), f"{type(exc).__name__} does not name {name}: {exc}"
        return exc


# ---- every table of a data directory --------------------------------------------------------
FILES = sorted(spec.file for spec in TABLES.values())
KNOWN = {*FILES, "boundaries.geojson", "osm_lengths.csv"}


@pytest.mark.parametrize("file", FILES)
@SETTINGS
@given(data=st.data())
def test_random_bytes_in_a_data_table(base: Path, file: str, data: st.DataObject) -> None:
    raw = data.draw(content((base / file).read_text(encoding="utf-8")), label="content")
    with _copy(base) as d:
        (d / file).write_bytes(raw)
        with _unchanged(d.parent):
            got = _expect(lambda: corridors.load_network(d), file, must_name=False)
            problems = validate_network(d, outlines=False)
        assert all(p.file in KNOWN or p.file == str(d) for p in problems), problems
        if isinstance(got, DataError):
            assert problems and any(f in str(got) for f in KNOWN)
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                assert file in str(got)  # undecodable: the file itself is named
        else:
            assert isinstance(got, nx.MultiDiGraph), got
            assert problems == []


@pytest.mark.parametrize("file", ["boundaries.geojson", "osm_lengths.csv"])
@settings(SETTINGS, max_examples=25)
@given(data=st.data())
def test_random_bytes_in_geography_files(base: Path, file: str, data: st.DataObject) -> None:
    pytest.importorskip("shapely")
    raw = data.draw(content((base / file).read_text(encoding="utf-8")), label="content")
    with _copy(base) as d:
        (d / file).write_bytes(raw)
        with _unchanged(d.parent):
            problems = validate_network(d, outlines=True)
        assert all(p.file in KNOWN for p in problems), problems


# ---- scenario files -----------------------------------------------------------------------
SCENARIOS = sorted(builtin_scenarios_dir().glob("*.toml"))


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return corridors.load_network()


@SETTINGS
@given(data=st.data())
def test_random_bytes_in_a_scenario_file(G: nx.MultiDiGraph, data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(SCENARIOS), label="scenario")
    suffix = data.draw(st.sampled_from([".toml", ".json"]), label="suffix")
    valid = source.read_text(encoding="utf-8")
    if suffix == ".json":
        valid = read_scenario_file(source).to_json()
    raw = data.draw(content(valid), label="content")
    with tempfile.TemporaryDirectory(prefix="corridors-fuzz-") as tmp:
        path = Path(tmp) / f"fuzzed{suffix}"
        path.write_bytes(raw)
        with _unchanged(Path(tmp)):
            s = _expect(lambda: read_scenario_file(path), path.name)
            if isinstance(s, CorridorsError):
                assert isinstance(s, ScenarioError)
                return
            _expect(lambda: s.apply(G), path.name)
            text = _expect(s.to_json, path.name)
            if isinstance(text, str):
                json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard {c}"))


# ---- the calibration table ----------------------------------------------------------------
@settings(SETTINGS, max_examples=30)
@given(data=st.data())
def test_random_bytes_in_the_calibration_file(G: nx.MultiDiGraph, data: st.DataObject) -> None:
    lines = (corridors.builtin_data_dir() / "calibration.csv").read_text(
        encoding="utf-8").splitlines()
    valid = "\n".join(lines[:4]) + "\n"  # the header and three rows
    raw = data.draw(content(valid), label="content")
    with tempfile.TemporaryDirectory(prefix="corridors-fuzz-") as tmp:
        path = Path(tmp) / "calibration.csv"
        path.write_bytes(raw)
        with _unchanged(Path(tmp)):
            rows = _expect(lambda: calibration_rows(path), path.name)
            if isinstance(rows, CorridorsError):
                assert isinstance(rows, DataError)
                return
            _expect(lambda: calibration_table(G, rows[:2]), path.name, must_name=False)
