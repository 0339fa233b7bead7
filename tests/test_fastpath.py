"""The command line's fast path: the compact cache entry and the LiteGraph built from it.

The fast path must give byte for byte the output of the full network, never import networkx,
and ignore any entry it cannot trust.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import corridors
import corridors.lite as lite
from corridors import cache
from corridors.cli import main
from corridors.lite import LiteGraph
from corridors.network import name_index

Run = tuple[int, str, str]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private cache directory holding the built-in network's full and compact entries."""
    directory = tmp_path_factory.mktemp("fastpath") / "cache"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CORRIDORS_CACHE_DIR", str(directory))
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["corridors"]) == 0  # the full path writes both entries
        assert len(list(directory.glob("network-*.json"))) == 1
        assert len(list(directory.glob("lite-*.json"))) == 1
        yield directory


@pytest.fixture
def cache_dir(filled: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(filled))
    return filled


def _run(argv: list[str]) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


def _both(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[Run, Run]:
    """Run ``argv`` on the fast path (checked to be taken) and on the full network."""
    real = lite.read_lite_network
    graphs: list[Any] = []

    def spy(key: str) -> LiteGraph | None:
        graphs.append(real(key))
        return graphs[-1]

    monkeypatch.setattr(lite, "read_lite_network", spy)
    fast = _run(argv)
    assert graphs and isinstance(graphs[-1], LiteGraph), "the fast path was not taken"
    monkeypatch.setattr(lite, "read_lite_network", lambda key: None)
    full = _run(argv)
    monkeypatch.setattr(lite, "read_lite_network", real)
    return fast, full


@pytest.mark.parametrize("argv", [
    ["route", "dushanbe", "karachi"],
    ["route", "dushanbe", "karachi", "--format", "json"],
    ["route", "dushanbe", "karachi", "--format", "csv"],
    ["route", "tashkent", "baku", "--via", "aktau", "--mode", "rail,sea", "--format", "geojson"],
    ["route", "almaty", "europe", "--avoid-country", "RU", "--mode", "rail,sea"],
    ["route", "almaty", "duisburg", "--objective", "time", "--avoid", "dostyk_alashankou_rail",
     "--avoid", "aktau", "--format", "json"],
    ["route", "tashkent", "PK", "--format", "csv", "--payload-t", "14"],
    ["route", "kashgar", "islamabad", "--date", "2024-01-15", "--include-planned"],
    ["route", "40,60", "istanbul", "--max-access-km", "900", "--summary"],
    ["route", "dushanbe", "karachii"],  # unknown place: "did you mean", exit 2
    ["route", "horgos", "europe"],  # ambiguous name, exit 2
    ["route", "dushanbe", "karachi", "--mode", "sea"],  # no route: blocking constraint, exit 1
    ["places"],
    ["places", "aktau", "--format", "json"],
    ["places", "--country", "TJ", "--kind", "border_post", "--format", "csv"],
    ["crossings"],
    ["crossings", "--country", "TJ", "--format", "json"],
    ["crossings", "--mode", "rail", "--format", "csv"],
    ["corridors", "--format", "json"],
], ids=lambda argv: "-".join(argv)[:60])
def test_fast_path_output_is_that_of_the_full_network(argv: list[str], cache_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    fast, full = _both(argv, monkeypatch)
    assert fast == full
    assert "Traceback" not in fast[2]


def test_error_cases_keep_their_exit_codes(cache_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (rc, out, err), _ = _both(["route", "dushanbe", "karachii"], monkeypatch)
    assert rc == 2 and out == "" and "did you mean Karachi Port (karachi_port, PK)" in err
    (rc, out, err), _ = _both(["route", "dushanbe", "karachi", "--mode", "sea"], monkeypatch)
    assert rc == 1 and "reachable without modes=['sea']" in err


@pytest.mark.parametrize("extra", [["--alternatives", "2"], ["--max-crossings", "3"],
                                   ["--scenario", "trans_afghan_railway"]])
def test_options_that_need_the_full_network_do_not_take_the_fast_path(
        extra: list[str], cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(key: str) -> None:
        raise AssertionError("the fast path was asked")

    monkeypatch.setattr(lite, "read_lite_network", refuse)
    rc, out, _ = _run(["route", "tashkent", "karachi", *extra])
    assert rc == 0 and "#1 " in out


def test_the_fast_path_does_not_import_networkx(filled: Path, tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "import corridors.cli as c\n"
        "rcs = [c.main(argv) for argv in (['route', 'dushanbe', 'karachi', '-o', sys.argv[1]],\n"
        "       ['places', 'aktau'], ['crossings', '--country', 'TJ'])]\n"
        "heavy = [m for m in ('networkx', 'pandas', 'numpy', 'scipy') if m in sys.modules]\n"
        "print(json.dumps({'rcs': rcs, 'heavy': heavy}))\n"
    )
    env = dict(os.environ, CORRIDORS_CACHE_DIR=str(filled))
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "route.txt")],
                          capture_output=True, text=True, env=env, timeout=120, check=True)
    result = json.loads(done.stdout.splitlines()[-1])
    assert result == {"rcs": [0, 0, 0], "heavy": []}
    assert "Dushanbe → Karachi Port" in (tmp_path / "route.txt").read_text(encoding="utf-8")


def test_python_dash_m_answers_from_the_compact_entry(filled: Path) -> None:
    """`python -m corridors route ...` as a program, reporting the modules loaded at exit."""
    code = (
        "import atexit, json, sys, runpy\n"
        "atexit.register(lambda: print(json.dumps([m for m in ('networkx', 'pandas', 'numpy',"
        " 'scipy') if m in sys.modules]), file=sys.stderr))\n"
        "sys.argv = ['corridors', '-v', '-v', 'route', 'dushanbe', 'karachi']\n"
        "runpy.run_module('corridors', run_name='__main__')\n"
    )
    env = dict(os.environ, CORRIDORS_CACHE_DIR=str(filled))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Dushanbe → Karachi Port" in done.stdout
    assert "answering from the compact network cache" in done.stderr
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


# ---------------------------------------------------------------------------- the entry
def _lite_entry(directory: Path) -> Path:
    (entry,) = directory.glob("lite-*.json")
    return entry


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, filled: Path) -> Path:
    """A cache directory of this test only, with a copy of both entries."""
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    for entry in filled.iterdir():
        (directory / entry.name).write_bytes(entry.read_bytes())
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(directory))
    monkeypatch.setattr(cache, "_warned", set())
    return directory


def _forged(body: bytes, key: str) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return b"corridors-lite-cache %d %s %s\n" % (cache.LITE_FORMAT, key.encode(),
                                                 digest.encode()) + body


class _Payload:
    """Unpickling this creates ``marker``: proof that the cache ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "pwned"))  # type: ignore[return-value]


def _bad_entries(good: bytes, key: str, marker: Path) -> dict[str, bytes]:
    body = good.partition(b"\n")[2]
    doc = json.loads(body)
    doc[3][0][2][0].append(0)  # one value too many in a column of the node attributes
    return {
        "garbage": b"not a cache entry",
        "empty": b"",
        "checksum": good.replace(b'"dushanbe"', b'"dushanbx"', 1),
        "pickle": pickle.dumps(_Payload(marker)),
        "other key": _forged(body, "0" * 32),
        "ragged columns": _forged(json.dumps(doc).encode(), key),
        "foreign record": _forged(body.replace(b'"$row":["BorderCrossing"',
                                               b'"$row":["Popen"', 1), key),
        "deep": _forged(b"[" * 100_000 + b"]" * 100_000, key),
    }


def test_a_corrupt_or_planted_entry_is_ignored(own_cache: Path, tmp_path: Path) -> None:
    entry = _lite_entry(own_cache)
    good = entry.read_bytes()
    key = entry.stem.removeprefix("lite-")
    expected = _run(["route", "dushanbe", "karachi"])
    marker = tmp_path / "marker"
    for name, content in _bad_entries(good, key, marker).items():
        entry.write_bytes(content)
        assert cache.read_lite(key) is None, name
        assert not entry.exists(), name  # discarded
        entry.write_bytes(content)
        assert _run(["route", "dushanbe", "karachi"]) == expected, name  # the full path
        assert entry.read_bytes() == good, name  # and the compact entry is written again
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX links and modes")
def test_a_symlinked_or_foreign_entry_is_not_read(own_cache: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    entry = _lite_entry(own_cache)
    key = entry.stem.removeprefix("lite-")
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert cache.read_lite(key) is None
    entry.unlink()
    entry.write_bytes(elsewhere.read_bytes())
    assert cache.read_lite(key) is not None
    os.chmod(own_cache, 0o777)
    assert cache.read_lite(key) is None  # a directory others may write is not used
    os.chmod(own_cache, 0o700)
    me = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: me + 1)
    assert cache.read_lite(key) is None


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX modes")
def test_the_entry_is_private_data_only_json(filled: Path) -> None:
    entry = _lite_entry(filled)
    assert stat_mode(entry) == 0o600
    head, _, body = entry.read_bytes().partition(b"\n")
    magic, version, key, digest = head.split(b" ")
    assert (magic, int(version)) == (b"corridors-lite-cache", cache.LITE_FORMAT)
    assert entry.name == f"lite-{key.decode()}.json"
    assert hashlib.sha256(body).hexdigest().encode() == digest
    doc = json.loads(body)  # plain JSON: no code, only data
    assert isinstance(doc, list) and len(doc) == 10
    records = {v["$row"][0] for v in _objects(doc) if "$row" in v}
    assert records == {"BorderCrossing", "Corridor", "Season"}  # no other class is ever named
    assert not [v for v in _objects(doc) if "$record" in v]
    assert key.decode() != cache.cache_key([corridors.builtin_data_dir()],
                                           corridors.builtin_data_dir())


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _objects(v)
    elif isinstance(value, list):
        for v in value:
            yield from _objects(v)


def test_changed_data_gets_a_new_compact_entry(tiny_dir: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(tmp_path / "cache"))
    assert _run(["places", "--data", str(tiny_dir)])[0] == 0
    first = lite.lite_key(str(tiny_dir), [])
    assert lite.read_lite_network(first) is not None
    places = tiny_dir / "places.csv"
    places.write_text(places.read_text(encoding="utf-8").replace("Ürümqi", "Urumchi"),
                      encoding="utf-8")
    assert lite.lite_key(str(tiny_dir), []) != first
    rc, out, _ = _run(["places", "--data", str(tiny_dir)])
    assert rc == 0 and "Urumchi" in out
    rc, out, _ = _run(["places", "--data", str(tiny_dir)])  # now from the new entry
    assert rc == 0 and "Urumchi" in out and "Ürümqi" not in out


def test_no_cache_no_compact_entry(tiny_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", "off")
    assert _run(["places", "--data", str(tiny_dir)])[0] == 0
    assert not cache.has_lite(lite.lite_key(str(tiny_dir), []))


# ---------------------------------------------------------------------------- the graph
@pytest.fixture(scope="module")
def pair() -> tuple[Any, LiteGraph, dict[str, list[Any]]]:
    G = corridors.load_network()
    H, index = cache.decode_lite(cache.encode_lite(G, name_index(G)))
    return G, H, index


def _same(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)  # type: ignore
    if isinstance(a, tuple):
        return len(a) == len(b) and all(map(_same, a, b))  # type: ignore[arg-type]
    return a == b


def _kept(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in ("source", "estimate", "note")}


def test_the_lite_graph_is_the_network_in_the_same_order(pair: Any) -> None:
    """Every attribute but the left-out ones, its type, the order of everything."""
    G, H, index = pair
    assert index == name_index(G)
    # the left-out graph attributes: sources and capacities (no fast-path command reads them)
    left_out = cache._LITE_LEFT_OUT
    assert left_out == {"sources", "capacities"}
    assert _same({k: v for k, v in G.graph.items() if k not in left_out}, H.graph)
    assert list(G) == list(H) and len(G) == len(H) and "dushanbe" in H and [] not in H
    assert all(_same(_kept(d), H.nodes[n]) for n, d in G.nodes(data=True))
    assert list(G.edges(keys=True)) == list(H.edges(keys=True)) == list(H.edges)
    assert all(_same(_kept(d), H.edges[u, v, k]) and H[u][v][k] is H.edges[u, v, k]
               for u, v, k, d in G.edges(keys=True, data=True))
    assert all(list(G.pred[n]) == list(H.pred[n]) and list(G.succ[n]) == list(H.succ[n])
               for n in G)
    assert all(H._succ[u][v] is H._pred[v][u] for u in H for v in H._succ[u])


def test_the_lite_graph_answers_like_networkx(pair: Any) -> None:
    G, H, _ = pair
    assert H.number_of_edges() == G.number_of_edges() == len(H.edges)
    assert H.number_of_nodes() == G.number_of_nodes() and H.is_directed() and H.is_multigraph()
    assert all(H.degree[n] == G.degree[n] for n in G)
    assert list(H.nodes(data="country")) == list(G.nodes(data="country"))
    assert list(H.nodes(data="nope", default=1)) == list(G.nodes(data="nope", default=1))
    assert list(H.edges(data="transit")) == list(G.edges(data="transit"))
    assert list(H.edges(keys=True, data="mode")) == list(G.edges(keys=True, data="mode"))
    assert list(H.edges("almaty", keys=True)) == list(G.edges("almaty", keys=True))
    assert list(H.edges(["almaty", "aktau"])) == list(G.edges(["almaty", "aktau"]))
    assert len(H.nodes(data=True)) == len(G) and H.nodes.get("x", 0) == 0
    assert list(H.successors("almaty")) == list(G.successors("almaty"))
    assert list(H.predecessors("almaty")) == list(G.predecessors("almaty"))
    u, v, k = next(iter(G.edges(keys=True)))
    assert H.has_edge(u, v) and H.has_edge(u, v, k) and not H.has_edge(u, v, "nope")
    assert (u, v, k) in H.edges and ("x", "y", "z") not in H.edges
    assert H.number_of_edges(u, v) == G.number_of_edges(u, v)
    assert not hasattr(H, "add_edge") and not hasattr(H, "remove_node")
    with pytest.raises(TypeError):
        H["almaty"]["x"] = {}  # type: ignore[index]


def test_the_library_accepts_a_lite_graph(pair: Any) -> None:
    G, H, _ = pair
    route = corridors.best_route(G, "almaty", "europe", "time", avoid_countries=["RU"])
    again = corridors.best_route(H, "almaty", "europe", "time", avoid_countries=["RU"])
    assert again == route
    assert corridors.search_places(H, "ak") == corridors.search_places(G, "ak")
    with pytest.raises(corridors.ArgumentTypeError, match=r"networkx\.MultiDiGraph"):
        corridors.find_place({"almaty": {}}, "almaty")  # type: ignore[arg-type]


def test_values_that_look_alike_stay_apart() -> None:
    """1, 1.0 and True; 0.0 and -0.0; a tuple and nested tuples; NaN; a date."""
    import datetime as dt

    import networkx as nx

    G = nx.MultiDiGraph(crs="EPSG:4326", sources={"s": 1})
    values = [1, 1.0, True, 0.0, -0.0, (1, 2), ((1, 2), (3.5, 4)), (), float("nan"),
              dt.date(2026, 1, 15), {"a": (1,)}, {1: "x"}, None, "1"]
    for i, value in enumerate(values):
        G.add_node(i, value=value)
    G.add_edge(0, 1, key="k", value=(True,))
    G.add_edge(1, 0, key=7, value=(1.0,))
    H, _ = cache.decode_lite(cache.encode_lite(G, {}))
    assert "sources" not in H.graph and H.graph["crs"] == "EPSG:4326"
    for i, value in enumerate(values):
        got = H.nodes[i]["value"]
        if value != value:  # NaN
            assert got != got
        else:
            assert _same(value, got), (value, got)
    assert _same(H.edges[0, 1, "k"], {"value": (True,)})
    assert _same(H.edges[1, 0, 7], {"value": (1.0,)})


def test_what_cannot_be_stored_is_not_cached() -> None:
    import networkx as nx

    G = nx.MultiDiGraph()
    G.add_node(("a", 1))  # a tuple id
    with pytest.raises(TypeError):
        cache.encode_lite(G, {})
    G = nx.MultiDiGraph()
    G.add_node("a", value=[1])  # a list value
    with pytest.raises(TypeError):
        cache.encode_lite(G, {})
    with pytest.raises(ValueError):
        cache.encode_lite(nx.MultiDiGraph(), {"a": ["nowhere"]})
