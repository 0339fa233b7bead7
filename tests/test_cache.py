"""The parsed-network cache: fast, never stale, never an error, and never a way to run code."""

from __future__ import annotations

import logging
import os
import pickle
import stat
import time
from pathlib import Path

import pytest

import corridors
from corridors import cache
from corridors.network import builtin_data_dir, name_index

posix_only = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")


@pytest.fixture
def cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(directory))
    monkeypatch.setattr(cache, "_warned", set())
    return directory


def _entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("network-*.json"))


def _key(tiny_dir: Path) -> str:
    return cache.cache_key([tiny_dir], builtin_data_dir())


class _Payload:
    """Unpickling this creates ``marker``: proof that the cache ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "pwned"))  # type: ignore[return-value]


def test_second_load_comes_from_the_cache(tiny_dir: Path, cache_in: Path) -> None:
    first = corridors.load_network(tiny_dir, cache=True)
    assert len(_entries(cache_in)) == 1
    second = corridors.load_network(tiny_dir, cache=True)
    assert second is not first
    assert sorted(second.edges(keys=True)) == sorted(first.edges(keys=True))
    second.remove_node("almaty")  # the caller owns what it gets
    assert "almaty" in corridors.load_network(tiny_dir, cache=True)


def test_the_builtin_network_round_trips_exactly() -> None:
    """Every attribute, its type, and the order of nodes, successors and predecessors."""
    G = corridors.load_network()
    H, index = cache.decode_graph(cache.encode_graph(G, name_index(G)))
    assert index == name_index(G) and all(type(ids) is list for ids in index.values())

    def same(a: object, b: object) -> bool:
        if type(a) is not type(b):
            return False
        if isinstance(a, dict):
            return list(a) == list(b) and all(same(a[k], b[k]) for k in a)  # type: ignore
        if isinstance(a, tuple):
            return len(a) == len(b) and all(map(same, a, b))  # type: ignore[arg-type]
        return a == b

    assert same(G.graph, H.graph)
    assert same(dict(G.nodes(data=True)), dict(H.nodes(data=True)))
    assert list(G.edges(keys=True)) == list(H.edges(keys=True))
    assert all(same(d, H.edges[u, v, k]) for u, v, k, d in G.edges(keys=True, data=True))
    assert all(list(G.pred[n]) == list(H.pred[n]) for n in G)
    route = corridors.best_route(G, "dushanbe", "karachi")
    again = corridors.best_route(H, "dushanbe", "karachi")
    assert again.edges == route.edges and again.totals() == route.totals()


def test_a_planted_pickle_is_never_run(tiny_dir: Path, cache_in: Path, tmp_path: Path) -> None:
    """The old format's file names and the new one's hold a pickle that would write a file."""
    marker = tmp_path / "marker"
    corridors.load_network(tiny_dir, cache=True)
    key = _key(tiny_dir)
    evil = pickle.dumps(_Payload(marker))
    for name in (f"network-{key}.json", f"network-{key}.pickle"):
        (cache_in / name).write_bytes(evil)
    G = corridors.load_network(tiny_dir, cache=True)
    assert not marker.exists()
    assert len(G) == 6
    assert (cache_in / f"network-{key}.json").read_bytes() != evil  # discarded and rebuilt


def test_a_tagged_entry_builds_only_known_records(tiny_dir: Path, cache_in: Path) -> None:
    """A well-formed entry naming another class is discarded, not imported."""
    G = corridors.load_network(tiny_dir, cache=True)
    data = cache.encode_graph(G, name_index(G))
    body = data.partition(b"\n")[2].replace(b'"$record":"Source"', b'"$record":"Popen"', 1)
    assert b"Popen" in body
    import hashlib

    forged = b"corridors-network-cache %d %s\n" % (
        cache.FORMAT, hashlib.sha256(body).hexdigest().encode()) + body
    with pytest.raises(KeyError):
        cache.decode_graph(forged)
    (entry,) = _entries(cache_in)
    entry.write_bytes(forged)
    assert len(corridors.load_network(tiny_dir, cache=True)) == 6
    assert entry.read_bytes() != forged


@posix_only
def test_directory_and_entries_are_private(tiny_dir: Path, cache_in: Path) -> None:
    old = os.umask(0o022)
    try:
        corridors.load_network(tiny_dir, cache=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache_in.stat().st_mode) == 0o700
    (entry,) = _entries(cache_in)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


@posix_only
def test_a_directory_others_may_write_is_refused(tiny_dir: Path, cache_in: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    cache_in.mkdir(mode=0o700)
    corridors.load_network(tiny_dir, cache=True)
    (entry,) = _entries(cache_in)
    planted = entry.read_bytes()
    os.chmod(cache_in, 0o777)
    with caplog.at_level(logging.WARNING, logger="corridors.cache"):
        G = corridors.load_network(tiny_dir, cache=True)
    assert len(G) == 6
    assert "group or others may write to it" in caplog.text and "chmod 700" in caplog.text
    assert cache.read_cached(_key(tiny_dir)) is None  # an entry there is not read
    assert entry.read_bytes() == planted


@posix_only
def test_a_directory_of_another_user_is_refused(tiny_dir: Path, cache_in: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                caplog: pytest.LogCaptureFixture) -> None:
    corridors.load_network(tiny_dir, cache=True)
    me = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: me + 1)
    with caplog.at_level(logging.WARNING, logger="corridors.cache"):
        assert cache.read_cached(_key(tiny_dir)) is None
    assert "belongs to another user" in caplog.text


@posix_only
def test_a_symlinked_entry_is_not_followed(tiny_dir: Path, cache_in: Path,
                                           tmp_path: Path) -> None:
    G = corridors.load_network(tiny_dir, cache=True)
    (entry,) = _entries(cache_in)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert cache.read_cached(_key(tiny_dir)) is None
    assert len(G) == 6


@posix_only
def test_writing_does_not_follow_a_planted_temp_name(tiny_dir: Path, cache_in: Path,
                                                     tmp_path: Path) -> None:
    """The old writer used ``.network-KEY.PID.tmp``; a symlink there must not be written."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    cache_in.mkdir(mode=0o700)
    key = _key(tiny_dir)
    for name in (f".network-{key}.{os.getpid()}.tmp", f".network-{key}.tmp"):
        (cache_in / name).symlink_to(victim)
    corridors.load_network(tiny_dir, cache=True)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert len(_entries(cache_in)) == 1
    assert not [p for p in cache_in.iterdir() if p.name.endswith(".tmp")
                and not p.is_symlink()]  # no temp file left behind


def test_an_edit_keeping_size_and_mtime_is_not_served_stale(tiny_dir: Path,
                                                             cache_in: Path) -> None:
    corridors.load_network(tiny_dir, cache=True)
    places = tiny_dir / "places.csv"
    before = places.stat()
    text = places.read_text(encoding="utf-8")
    edited = text.replace("Ürümqi", "Ürümqa")  # same length in bytes
    assert len(edited.encode()) == len(text.encode()) and edited != text
    places.write_text(edited, encoding="utf-8")
    os.utime(places, ns=(before.st_atime_ns, before.st_mtime_ns))  # `touch -r`
    assert places.stat().st_size == before.st_size
    assert corridors.load_network(tiny_dir, cache=True).nodes["urumqi"]["name"] == "Ürümqa"


def test_an_invalid_edit_keeping_size_and_mtime_fails(tiny_dir: Path, cache_in: Path) -> None:
    corridors.load_network(tiny_dir, cache=True)
    links = tiny_dir / "links.csv"
    before = links.stat()
    text = links.read_text(encoding="utf-8")
    broken = text.replace(",rail,", ",rial,", 1)
    links.write_text(broken, encoding="utf-8")
    os.utime(links, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(corridors.DataError):
        corridors.load_network(tiny_dir, cache=True)


def test_changed_data_is_never_served_stale(tiny_dir: Path, cache_in: Path) -> None:
    corridors.load_network(tiny_dir, cache=True)
    places = tiny_dir / "places.csv"
    text = places.read_text(encoding="utf-8").replace("Ürümqi", "Urumchi")
    time.sleep(0.01)
    places.write_text(text, encoding="utf-8")
    assert corridors.load_network(tiny_dir, cache=True).nodes["urumqi"]["name"] == "Urumchi"


def test_broken_data_is_not_cached(tiny_dir: Path, cache_in: Path) -> None:
    links = tiny_dir / "links.csv"
    links.write_text(links.read_text(encoding="utf-8").replace(",rail,", ",camel,", 1),
                     encoding="utf-8")
    with pytest.raises(corridors.DataError):
        corridors.load_network(tiny_dir, cache=True)
    assert not _entries(cache_in)


@pytest.mark.parametrize("content", [
    b"not a cache entry",
    b"",
    b"corridors-network-cache 2 " + b"0" * 64 + b"\n{}",  # checksum mismatch
    b"\x80\x04\x95" + b"\xff" * 64,  # a pickle header with garbage
], ids=["text", "empty", "checksum", "binary"])
def test_a_corrupt_entry_is_discarded_and_rebuilt(tiny_dir: Path, cache_in: Path,
                                                  content: bytes) -> None:
    corridors.load_network(tiny_dir, cache=True)
    (entry,) = _entries(cache_in)
    entry.write_bytes(content)
    assert len(corridors.load_network(tiny_dir, cache=True)) == 6
    assert cache.read_cached(_key(tiny_dir)) is not None  # rebuilt


def test_an_entry_that_would_exhaust_the_decoder_is_discarded(tiny_dir: Path,
                                                              cache_in: Path) -> None:
    """Deep nesting (RecursionError) and a huge integer under a valid checksum."""
    import hashlib

    corridors.load_network(tiny_dir, cache=True)
    (entry,) = _entries(cache_in)
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"graph":' + b"9" * 100_000 + b"}"):
        entry.write_bytes(b"corridors-network-cache %d %s\n" % (
            cache.FORMAT, hashlib.sha256(body).hexdigest().encode()) + body)
        assert cache.read_cached(_key(tiny_dir)) is None
        assert not entry.exists()
        assert len(corridors.load_network(tiny_dir, cache=True)) == 6


def test_an_oversized_entry_is_ignored(tiny_dir: Path, cache_in: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    corridors.load_network(tiny_dir, cache=True)
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 100)
    assert cache.read_cached(_key(tiny_dir)) is None
    assert len(corridors.load_network(tiny_dir, cache=True)) == 6


def test_the_key_covers_the_contents_and_the_library(tiny_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    key = _key(tiny_dir)
    assert key == _key(tiny_dir)
    module = tmp_path / "extra.py"
    module.write_text("x = 1\n", encoding="utf-8")
    code = cache._code_files()
    monkeypatch.setattr(cache, "_code_files", lambda: [*code, module])
    assert _key(tiny_dir) != key
    module.write_text("x = 2\n", encoding="utf-8")
    changed = _key(tiny_dir)
    module.write_text("x = 1\n", encoding="utf-8")
    assert changed != _key(tiny_dir)


def test_cache_can_be_disabled(tiny_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert len(corridors.load_network(tiny_dir, cache=True)) == 6


def test_unwritable_cache_is_not_an_error(tiny_dir: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(blocker / "sub"))
    assert len(corridors.load_network(tiny_dir, cache=True)) == 6


def test_the_cache_module_does_not_import_pickle() -> None:
    source = Path(cache.__file__).read_text(encoding="utf-8")
    assert "import pickle" not in source and "marshal" not in source
