"""A cache of parsed networks, so that a command-line query does not re-read the CSV files.

The cache holds a pickled graph keyed by the package version, the Python and networkx
versions, and the path, size and modification time of every data file read; any change to
the data makes a new key, so a stale graph is never served. Only valid networks are cached.
The directory is ``$CORRIDORS_CACHE_DIR``, else ``$XDG_CACHE_HOME/corridors``, else
``~/.cache/corridors``; set ``CORRIDORS_CACHE_DIR=off`` to disable it. Failing to read or
write the cache is never an error: the network is then loaded from the CSV files.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from corridors.model import TABLES

__all__ = ["cache_dir", "cache_key", "read_cached", "write_cached"]

logger = logging.getLogger(__name__)

_EXTRA_FILES = ("countries.csv",)


def cache_dir() -> Path | None:
    """Return the cache directory, or None when caching is disabled."""
    env = os.environ.get("CORRIDORS_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "corridors"


def cache_key(directories: Iterable[Path], reference: Path) -> str:
    """Return a key that changes whenever any data file (or the library) changes."""
    from corridors import __version__

    h = hashlib.sha256()
    h.update(f"{__version__}|{sys.version}|{nx.__version__}".encode())
    files = [reference / name for name in _EXTRA_FILES]
    for directory in directories:
        files.extend(directory / spec.file for spec in TABLES.values())
    for path in files:
        try:
            st = path.stat()
            h.update(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
        except OSError:
            h.update(f"{path}|missing".encode())
    return h.hexdigest()[:32]


def read_cached(key: str) -> tuple[nx.MultiDiGraph, dict[str, list[str]]] | None:
    """Return the cached graph for ``key`` and its name index, or None."""
    base = cache_dir()
    if base is None:
        return None
    path = base / f"network-{key}.pickle"
    try:
        with path.open("rb") as fh:
            entry = pickle.load(fh)
        graph, index = entry["graph"], entry["index"]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, KeyError,
            TypeError, ValueError):
        return None
    if not isinstance(graph, nx.MultiDiGraph) or not isinstance(index, dict):
        return None
    return graph, index


def write_cached(key: str, graph: nx.MultiDiGraph, index: dict[str, list[str]]) -> None:
    """Store ``graph`` and its name index under ``key`` (atomically; errors are only logged)."""
    base = cache_dir()
    if base is None:
        return
    try:
        base.mkdir(parents=True, exist_ok=True)
        tmp = base / f".network-{key}.{os.getpid()}.tmp"
        with tmp.open("wb") as fh:
            pickle.dump({"graph": graph, "index": index}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, base / f"network-{key}.pickle")
        # keep the cache small: only the newest few networks
        entries = sorted(base.glob("network-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-4]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        logger.debug("could not write the network cache in %s: %s", base, exc)
