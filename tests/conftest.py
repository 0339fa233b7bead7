"""Shared fixtures."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
# Never touch the user's network cache from the tests.
os.environ["CORRIDORS_CACHE_DIR"] = tempfile.mkdtemp(prefix="corridors-test-cache-")

from netdata import tiny_tables, write_network


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A valid tiny network directory (with the sea link's estimated length filled in)."""
    from corridors.geo import path_length_km

    tables = tiny_tables()
    ports = {p["id"]: (float(p["lat"]), float(p["lon"])) for p in tables["places"]}
    sea = tables["links"][-1]
    sea["distance_km"] = (
        f"{round(path_length_km([ports['aktau_port'], ports['alat_port']]) * 1.15):g}"
    )
    return write_network(tmp_path / "tiny", tables)


@pytest.fixture(scope="module")
def routes(G: Any) -> list:
    """The corridors from Almaty to Europe and a route with a Caspian ferry (reliability tests).

    ``G`` is the requesting module's network fixture.
    """
    from corridors.reliability import corridor_routes
    from corridors.routing import best_route

    found, _, _ = corridor_routes(G, "almaty", "europe")
    # Caspian ferry: crossing, ferry wait, two dwells (by the score; the generalized default
    # goes round by Russia)
    sea = best_route(G, "almaty", "baku", "score")
    assert any(leg.mode == "sea" for leg in sea.legs)
    return [*found, sea]
