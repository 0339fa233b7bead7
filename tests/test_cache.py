"""The parsed-network cache: fast, never stale, never an error."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import corridors
from corridors import cache


@pytest.fixture
def cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(directory))
    return directory


def test_second_load_comes_from_the_cache(tiny_dir: Path, cache_in: Path) -> None:
    first = corridors.load_network(tiny_dir, cache=True)
    assert len(list(cache_in.glob("network-*.pickle"))) == 1
    second = corridors.load_network(tiny_dir, cache=True)
    assert second is not first
    assert sorted(second.edges(keys=True)) == sorted(first.edges(keys=True))
    second.remove_node("almaty")  # the caller owns what it gets
    assert "almaty" in corridors.load_network(tiny_dir, cache=True)


def test_changed_data_is_never_served_stale(tiny_dir: Path, cache_in: Path) -> None:
    corridors.load_network(tiny_dir, cache=True)
    places = tiny_dir / "places.csv"
    text = places.read_text(encoding="utf-8").replace("Ürümqi", "Urumchi")
    time.sleep(0.01)
    places.write_text(text, encoding="utf-8")
    os.utime(places, None)
    assert corridors.load_network(tiny_dir, cache=True).nodes["urumqi"]["name"] == "Urumchi"


def test_broken_data_is_not_cached(tiny_dir: Path, cache_in: Path) -> None:
    links = tiny_dir / "links.csv"
    links.write_text(links.read_text(encoding="utf-8").replace(",rail,", ",camel,", 1),
                     encoding="utf-8")
    with pytest.raises(corridors.DataError):
        corridors.load_network(tiny_dir, cache=True)
    assert not list(cache_in.glob("network-*.pickle"))


def test_corrupt_cache_falls_back_to_the_csv_files(tiny_dir: Path, cache_in: Path) -> None:
    corridors.load_network(tiny_dir, cache=True)
    (entry,) = cache_in.glob("network-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert len(corridors.load_network(tiny_dir, cache=True)) == 6


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
