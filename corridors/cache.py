"""A cache of parsed networks, so that a command-line query does not re-read the CSV files.

What the cache trusts, and why that is safe
-------------------------------------------
* **Nothing in it can run code.** An entry is JSON: the graph's nodes, edges and attributes,
  with tuples, dates and four frozen record classes (:class:`~corridors.model.Source`,
  :class:`~corridors.model.BorderCrossing`, :class:`~corridors.model.Corridor`,
  :class:`~corridors.seasons.Season`) tagged and rebuilt from a fixed list. No pickle, no
  import by name. A planted or corrupt entry can at worst describe a wrong network, and the
  next two points make that unlikely.
* **Only the user writes it.** The directory is created with mode 0700; an existing directory
  is used only when it belongs to the user and is not writable by group or others (else the
  cache is skipped with a warning saying what to fix). Entries are created 0600 under
  unpredictable temporary names and renamed into place; entries that are not regular files
  of the user, or larger than :data:`MAX_ENTRY_BYTES`, are ignored.
* **Never stale.** The key is a SHA-256 over the *contents* of every data file read (not
  their size or modification time), the library's own modules, and the package, Python and
  networkx versions. An edit that keeps size and mtime makes a new key and a fresh,
  validated load. Only valid networks are written.
* **Never an error.** An entry that fails its checksum or cannot be decoded for any reason is
  deleted and the network is loaded from the CSV files; failing to read or write the cache
  only logs.

The directory is ``$CORRIDORS_CACHE_DIR``, else ``$XDG_CACHE_HOME/corridors``, else
``~/.cache/corridors``; ``CORRIDORS_CACHE_DIR=off`` disables the cache. See SECURITY.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import math
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from corridors.model import TABLES, BorderCrossing, Corridor, Source
from corridors.seasons import Season

__all__ = [
    "MAX_ENTRY_BYTES",
    "cache_dir",
    "cache_key",
    "decode_graph",
    "encode_graph",
    "private_dir",
    "read_cached",
    "write_cached",
]

logger = logging.getLogger(__name__)

#: Version of the entry format; part of the key, so older entries are never read.
FORMAT = 2
#: Entries larger than this are ignored (the built-in network takes about 2 MB).
MAX_ENTRY_BYTES = 256 * 1024 * 1024
#: Entries kept; older ones are removed when a new one is written.
KEEP_ENTRIES = 4

_MAGIC = b"corridors-network-cache"
_EXTRA_FILES = ("countries.csv",)
_RECORDS: dict[str, type] = {cls.__name__: cls for cls in (Source, BorderCrossing, Corridor,
                                                            Season)}
_warned: set[str] = set()


def cache_dir() -> Path | None:
    """Return the configured cache directory, or None when caching is disabled.

    The directory is not created or checked here; :func:`private_dir` does that.
    """
    env = os.environ.get("CORRIDORS_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "corridors"


def _warn_once(path: Path, message: str) -> None:
    if str(path) not in _warned:
        _warned.add(str(path))
        logger.warning("not using the network cache %s: %s; set CORRIDORS_CACHE_DIR to a "
                       "private directory, or to 'off'", path, message)


def private_dir(path: Path, *, create: bool = True) -> Path | None:
    """Return ``path`` if it is a directory only the current user can write, else None.

    Parameters
    ----------
    path : Path
        The cache directory.
    create : bool
        Create it (mode 0700, parents with the default mode) when it does not exist.

    Returns
    -------
    Path or None
        None (with one warning per process) when the directory cannot be created or is owned
        by another user or writable by group or others.
    """
    try:
        if create and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                path.mkdir(mode=0o700)
            except FileExistsError:  # created meanwhile: checked below like any other
                pass
        st = path.stat()  # follows a symbolic link: its target is what gets written
    except OSError as exc:
        if create:
            logger.debug("no network cache in %s: %s", path, exc)
        return None
    if not stat.S_ISDIR(st.st_mode):
        _warn_once(path, "it is not a directory")
        return None
    getuid = getattr(os, "getuid", None)
    if getuid is not None:  # POSIX; on Windows the user's profile directory is private
        if st.st_uid != getuid():
            _warn_once(path, f"it belongs to another user (uid {st.st_uid})")
            return None
        if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            _warn_once(path, f"group or others may write to it (mode {st.st_mode & 0o777:o}; "
                       f"fix with: chmod 700 {path})")
            return None
    return path


def _code_files() -> list[Path]:
    return sorted(Path(__file__).resolve().parent.glob("*.py"))


def cache_key(directories: Iterable[Path], reference: Path) -> str:
    """Return a key that changes whenever any data file's contents (or the library) change.

    Parameters
    ----------
    directories : iterable of Path
        The data directories read, in order.
    reference : Path
        The built-in data directory (its reference tables are read too).

    Returns
    -------
    str
        32 hexadecimal digits of a SHA-256 over the versions, the library's modules and the
        bytes of every file.
    """
    from corridors import __version__

    h = hashlib.sha256()
    h.update(f"{FORMAT}|{__version__}|{sys.version}|{nx.__version__}".encode())
    files = [reference / name for name in _EXTRA_FILES]
    for directory in directories:
        files.extend(directory / spec.file for spec in TABLES.values())
    for path in [*_code_files(), *files]:
        try:
            data = path.read_bytes()
        except OSError:
            h.update(f"\0{path}\0missing".encode())
            continue
        h.update(f"\0{path.resolve()}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()[:32]


# ---------------------------------------------------------------------------- the format
def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"$dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    cls = type(value)
    if _RECORDS.get(cls.__name__) is cls:
        return {"$record": cls.__name__,
                "fields": {f.name: _encode(getattr(value, f.name))
                           for f in dataclasses.fields(value) if f.init}}
    if cls is dt.date:
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot store a {cls.__name__} in the network cache")


def _tuples(value: Any) -> Any:
    if value.__class__ is list:
        return tuple([_tuples(v) if v.__class__ is list else v for v in value])
    return value


def _hook(obj: dict[str, Any]) -> Any:
    """Rebuild a JSON object: tagged values, and every array as a tuple."""
    if len(obj) <= 2 and obj and next(iter(obj)).startswith("$"):
        if "$dict" in obj:
            return {_tuples(k): _tuples(v) for k, v in obj["$dict"]}
        if "$date" in obj:
            return dt.date.fromisoformat(obj["$date"])
        if "$float" in obj:
            return float(obj["$float"])
        if "$record" in obj:
            cls = _RECORDS[obj["$record"]]  # KeyError for anything else: the entry is dropped
            return cls(**{k: _tuples(v) for k, v in obj["fields"].items()})
        raise ValueError(f"unknown tag {next(iter(obj))!r}")
    for k, v in obj.items():
        if v.__class__ is list:
            obj[k] = _tuples(v)
    return obj


def encode_graph(graph: nx.MultiDiGraph, index: dict[str, list[str]]) -> bytes:
    """Return the cache entry of ``graph`` and its name index (checksummed JSON).

    Node and edge order, including each node's predecessor order, is kept, so that searches on
    the decoded graph break ties exactly as on the original. Attribute values may be None,
    str, bool, int, float, tuple, dict, :class:`datetime.date` and the record classes above.

    Raises
    ------
    TypeError
        If an attribute holds anything else (the network is then not cached).
    """
    doc = {
        "graph": _encode(graph.graph),
        "nodes": [[n, _encode(d)] for n, d in graph.nodes(data=True)],
        "edges": [[u, v, k, _encode(d)] for u, v, k, d in graph.edges(keys=True, data=True)],
        "pred": [[n, list(p)] for n, p in graph.pred.items()],
        "index": {name: list(ids) for name, ids in index.items()},
    }
    body = json.dumps(doc, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()
    return b"%s %d %s\n" % (_MAGIC, FORMAT, digest.encode()) + body


def decode_graph(data: bytes) -> tuple[nx.MultiDiGraph, dict[str, list[str]]]:
    """Rebuild the graph and name index from :func:`encode_graph`'s bytes.

    Raises
    ------
    ValueError
        If the header or checksum is wrong or the document is not a cache entry.
    """
    head, sep, body = data.partition(b"\n")
    parts = head.split(b" ")
    if not sep or len(parts) != 3 or parts[0] != _MAGIC or parts[1] != b"%d" % FORMAT:
        raise ValueError("not a corridors network cache entry of this version")
    if hashlib.sha256(body).hexdigest().encode() != parts[2]:
        raise ValueError("checksum mismatch")
    doc = json.loads(body, object_hook=_hook)
    graph = nx.MultiDiGraph()
    graph.graph.update(doc["graph"])
    graph.add_nodes_from((n, d) for n, d in doc["nodes"])
    graph.add_edges_from((u, v, k, d) for u, v, k, d in doc["edges"])
    for n, order in doc["pred"]:
        preds = graph._pred[n]
        if len(order) != len(preds):
            raise ValueError("predecessor lists do not match the edges")
        graph._pred[n] = {u: preds[u] for u in order}
    index = doc["index"]
    if not isinstance(index, dict):
        raise ValueError("no name index")
    return graph, {name: list(ids) for name, ids in index.items()}


# ---------------------------------------------------------------------------- read, write
def _entry(base: Path, key: str) -> Path:
    return base / f"network-{key}.json"


def _discard(path: Path, why: object) -> None:
    logger.info("discarding the network cache entry %s (%s); loading the CSV files", path, why)
    try:
        path.unlink()
    except OSError:
        pass


def read_cached(key: str) -> tuple[nx.MultiDiGraph, dict[str, list[str]]] | None:
    """Return the cached graph for ``key`` and its name index, or None.

    A missing, foreign, oversized or undecodable entry gives None (a broken one is deleted).
    """
    configured = cache_dir()
    if configured is None:
        return None
    base = private_dir(configured, create=False)
    if base is None:
        return None
    path = _entry(base, key)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
                logger.info("ignoring the network cache entry %s: not a regular file of a "
                            "sensible size", path)
                return None
            if hasattr(os, "getuid") and st.st_uid != os.getuid():
                logger.info("ignoring the network cache entry %s: another user's file", path)
                return None
            data = fh.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    try:
        return decode_graph(data)
    except Exception as exc:  # any broken entry is discarded, never fatal
        _discard(path, f"{type(exc).__name__}: {str(exc)[:200]}")
        return None


def write_cached(key: str, graph: nx.MultiDiGraph, index: dict[str, list[str]]) -> None:
    """Store ``graph`` and its name index under ``key`` (atomically; errors are only logged)."""
    configured = cache_dir()
    if configured is None:
        return
    base = private_dir(configured)
    if base is None:
        return
    try:
        data = encode_graph(graph, index)
    except (TypeError, ValueError) as exc:
        logger.debug("network not cached: %s", exc)
        return
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".network-", suffix=".tmp", dir=base)  # 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, _entry(base, key))
        tmp = None
        entries = sorted(base.glob("network-*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP_ENTRIES]:
            old.unlink(missing_ok=True)
        for stale in base.glob("network-*.pickle"):  # entries of the old, executable format
            stale.unlink(missing_ok=True)
    except OSError as exc:
        logger.debug("could not write the network cache in %s: %s", base, exc)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
