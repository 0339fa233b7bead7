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

The compact entry of the command line's fast path
--------------------------------------------------
Beside each network entry the command line keeps a *compact* one (``lite-KEY.json``,
:func:`encode_lite`): the same nodes, edges and attributes in the same order (without what the
fast path's commands never read: the ``sources`` table and the ``source``, ``estimate`` and
``note`` of places and links), every distinct attribute value stored once, decoded into a
:class:`~corridors.lite.LiteGraph` without importing networkx. It is JSON with the same tags
(a record as a positional row of its fields, from the same fixed list of classes) and the same
rules as above (private directory, 0600 atomic writes, checksum, content key, never an
error); its key leaves out the networkx version, and its header repeats the key, so an entry
renamed to another key is discarded.

The directory is ``$CORRIDORS_CACHE_DIR``, else ``$XDG_CACHE_HOME/corridors``, else
``~/.cache/corridors``; ``CORRIDORS_CACHE_DIR=off`` disables the cache. See SECURITY.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import json
import logging
import math
import os
import stat
import sys
from collections.abc import Hashable, Iterable
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridors.lite import LiteGraph
from corridors.model import TABLES, BorderCrossing, Capacity, Corridor, Source
from corridors.seasons import Season

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "LITE_FORMAT",
    "MAX_ENTRY_BYTES",
    "cache_dir",
    "cache_key",
    "decode_graph",
    "decode_lite",
    "encode_graph",
    "encode_lite",
    "has_lite",
    "lite_cache_key",
    "private_dir",
    "read_cached",
    "read_lite",
    "write_cached",
    "write_lite",
]

logger = logging.getLogger(__name__)

#: Version of the entry format; part of the key, so older entries are never read.
FORMAT = 2
#: Entries larger than this are ignored (the built-in network takes about 2 MB).
MAX_ENTRY_BYTES = 256 * 1024 * 1024
#: Entries kept; older ones are removed when a new one is written.
KEEP_ENTRIES = 4
#: Version of the compact entry format (part of its key).
LITE_FORMAT = 1

_MAGIC = b"corridors-network-cache"
_LITE_MAGIC = b"corridors-lite-cache"
#: Graph attributes the compact entry leaves out: no fast-path command reads them.
_LITE_LEFT_OUT = frozenset({"sources", "capacities"})
#: Node and edge attributes it leaves out: the provenance and notes of places and links, which
#: only ``corridors info`` and the exports (full network) read. Seasons and crossing records
#: keep theirs: route warnings quote them.
_LITE_LEFT_OUT_ATTRS = frozenset({"source", "estimate", "note"})
_EXTRA_FILES = ("countries.csv",)
_RECORDS: dict[str, type] = {cls.__name__: cls for cls in (Source, BorderCrossing, Corridor,
                                                            Season, Capacity)}
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
    import networkx as nx

    from corridors import __version__

    return _content_key(f"{FORMAT}|{__version__}|{sys.version}|{nx.__version__}", directories,
                        reference)


def lite_cache_key(directories: Iterable[Path], reference: Path) -> str:
    """Return the key of the compact entry: :func:`cache_key` without the networkx version.

    The compact entry is decoded without networkx, so its version does not matter (and is
    not imported to find it out).
    """
    from corridors import __version__

    return _content_key(f"lite{LITE_FORMAT}|{__version__}|{sys.version}", directories,
                        reference)


def _content_key(prefix: str, directories: Iterable[Path], reference: Path) -> str:
    h = hashlib.sha256()
    h.update(prefix.encode())
    files = [reference / name for name in _EXTRA_FILES]
    for directory in directories:
        files.extend(directory / spec.file for spec in TABLES.values())
    real: dict[Path, Path] = {}  # each directory resolved once (a query pays for this key)
    for path in [*_code_files(), *files]:
        try:
            data = path.read_bytes()
        except OSError:
            h.update(f"\0{path}\0missing".encode())
            continue
        parent = real.get(path.parent)
        if parent is None:
            parent = real[path.parent] = path.parent.resolve()
        h.update(f"\0{parent / path.name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()[:32]


# ---------------------------------------------------------------------------- the format
def _encode(value: Any, rows: bool = False) -> Any:
    """Return ``value`` as JSON-ready data; with ``rows``, records as positional rows."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, tuple):
        return [_encode(v, rows) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _encode(v, rows) for k, v in value.items()}
        return {"$dict": [[_encode(k, rows), _encode(v, rows)] for k, v in value.items()]}
    cls = type(value)
    if _RECORDS.get(cls.__name__) is cls:
        fields = [f for f in dataclasses.fields(value) if f.init]
        if rows and not any(f.kw_only for f in fields):  # the compact form: no field names
            return {"$row": [cls.__name__, *(_encode(getattr(value, f.name), rows)
                                             for f in fields)]}
        return {"$record": cls.__name__,
                "fields": {f.name: _encode(getattr(value, f.name), rows) for f in fields}}
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
        if "$row" in obj:  # a record of the compact entry: its init fields in order
            name, *args = obj["$row"]
            return _RECORDS[name](*[_tuples(v) if v.__class__ is list else v for v in args])
        if "$record" in obj:
            cls = _RECORDS[obj["$record"]]  # KeyError for anything else: the entry is dropped
            return cls(**{k: _tuples(v) if v.__class__ is list else v
                          for k, v in obj["fields"].items()})
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
    import networkx as nx

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


# ---------------------------------------------------------------------------- compact form
def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _check_ids(items: Iterable[Any], what: str) -> list[Any]:
    out = list(items)
    if any(x.__class__ is not str and x.__class__ is not int for x in out):
        raise TypeError(f"each {what} of the compact entry must be a str or an int")
    return out


def _scalar(x: Any) -> bool:
    """Tell whether ``x`` is stored as itself (a JSON scalar)."""
    cls = x.__class__
    return (x is None or cls is str or cls is int or cls is bool
            or (cls is float and math.isfinite(x)))


# the kinds of values: tagged JSON (anything), a tuple of scalars, a tuple of such tuples
_ANY, _FLAT, _NESTED = 0, 1, 2


class _Values:
    """The distinct attribute values of a compact entry, each stored once, by kind."""

    def __init__(self) -> None:
        self.kinds: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        self._ids: dict[tuple[type, Any], int] = {}
        self._where: list[tuple[int, int]] = []

    def ref(self, value: Any) -> int:
        """Return the (provisional) number of ``value``, storing it the first time."""
        cls = value.__class__
        encoded: Any = value
        if value is None or cls is str or cls is int or cls is bool:
            key: tuple[type, Any] = (cls, value)
        elif cls is float:
            key = (cls, repr(value))  # 0.0 and -0.0 are equal, but not the same value
            encoded = _encode(value)
        else:
            encoded = _encode(value, True)
            key = (cls, _json_text(encoded))  # 1 == 1.0 == True, but their texts differ
        got = self._ids.get(key)
        if got is not None:
            return got
        kind = _ANY
        if cls is tuple:
            if all(map(_scalar, value)):
                kind = _FLAT
            elif all(x.__class__ is tuple and all(map(_scalar, x)) for x in value):
                kind = _NESTED
        got = self._ids[key] = len(self._where)
        self._where.append((kind, len(self.kinds[kind])))
        self.kinds[kind].append(encoded)
        return got

    def numbers(self) -> list[int]:
        """Return the final index of every provisional number (kinds stored one after another)."""
        start = (0, len(self.kinds[_ANY]), len(self.kinds[_ANY]) + len(self.kinds[_FLAT]))
        return [start[kind] + i for kind, i in self._where]


def _runs(dicts: Iterable[dict[str, Any]], values: _Values) -> list[list[Any]]:
    """Return attribute dicts as runs ``[names, count, columns]`` of dicts with the same names.

    Attributes in ``_LITE_LEFT_OUT_ATTRS`` are left out.
    """
    runs: list[list[Any]] = []
    names: tuple[str, ...] | None = None
    kept: list[int] = []
    columns: list[list[int]] = []
    for d in dicts:
        if tuple(d) != names:
            names = tuple(d)
            if any(name.__class__ is not str for name in names):
                raise TypeError("an attribute name of the compact entry must be a str")
            kept = [i for i, name in enumerate(names) if name not in _LITE_LEFT_OUT_ATTRS]
            columns = [[] for _ in kept]
            runs.append([[names[i] for i in kept], 0, columns])
        runs[-1][1] += 1
        row = tuple(d.values())
        for column, i in zip(columns, kept, strict=True):
            column.append(values.ref(row[i]))
    return runs


def encode_lite(graph: nx.MultiDiGraph, index: dict[str, list[str]], *, key: str = "-"
                ) -> bytes:
    """Return the compact cache entry of ``graph`` and its name index (checksummed JSON).

    The entry is one JSON array: the distinct attribute values (tagged as in
    :func:`encode_graph`; tuples of scalars and tuples of such tuples apart, so that they are
    rebuilt without a look at each item), the graph attributes, the node ids, the node
    attributes as columns of value numbers, the edges as columns (tail and head as node
    positions, key as a value number) with their attributes as columns, in graph order, the
    predecessor orders that differ from the order of the edges, and the name index with node
    positions. Graph attributes in ``_LITE_LEFT_OUT`` and node and edge attributes in
    ``_LITE_LEFT_OUT_ATTRS`` are not stored. The header carries the format, ``key``
    (the cache key the entry is stored under) and a SHA-256 of the body.

    Raises
    ------
    TypeError
        If a node id or edge key is not a str or an int, an attribute name not a str, or an
        attribute value of a type :func:`encode_graph` cannot store.
    ValueError
        If ``key`` is not a cache key, or the name index names something that is not a node.
    """
    if not (key == "-" or (key.isascii() and key.isalnum())):
        raise ValueError(f"not a cache key: {key[:40]!r}")
    body = _lite_body(graph, index)
    return b"%s %d %s %s\n" % (_LITE_MAGIC, LITE_FORMAT, key.encode(),
                                hashlib.sha256(body).hexdigest().encode()) + body


def _lite_body(graph: nx.MultiDiGraph, index: dict[str, list[str]]) -> bytes:
    values = _Values()
    ids = _check_ids(graph._node, "node id")
    position = {n: i for i, n in enumerate(ids)}
    node_runs = _runs(graph._node.values(), values)
    tails: list[int] = []
    heads: list[int] = []
    keys: list[Any] = []
    datas: list[dict[str, Any]] = []
    for u, nbrs in graph._succ.items():
        for v, kd in nbrs.items():
            for k, d in kd.items():
                tails.append(position[u])
                heads.append(position[v])
                keys.append(k)
                datas.append(d)
    keys = [values.ref(k) for k in _check_ids(keys, "edge key")]  # mostly a link_id again
    edge_runs = _runs(datas, values)
    natural: dict[Hashable, list[Hashable]] = {n: [] for n in ids}
    for u, nbrs in graph._succ.items():
        for v in nbrs:
            natural[v].append(u)
    pred = [[position[n], [position[u] for u in preds]]
            for n, preds in graph._pred.items() if list(preds) != natural[n]]
    attrs = []
    for name, value in graph.graph.items():
        if name.__class__ is not str:
            raise TypeError("a graph attribute name of the compact entry must be a str")
        if name not in _LITE_LEFT_OUT:
            attrs.append([name, values.ref(value)])
    try:
        names = [[name, [position[n] for n in nodes]] for name, nodes in index.items()]
    except KeyError as exc:
        raise ValueError(f"the name index names {exc}, which is not a node") from None
    number = values.numbers()
    for runs in (node_runs, edge_runs):
        for run in runs:
            run[2] = [[number[i] for i in column] for column in run[2]]
    attrs = [[name, number[i]] for name, i in attrs]
    keys = [number[i] for i in keys]
    return _json_text([list(values.kinds), attrs, ids, node_runs, tails, heads, keys, edge_runs,
                       pred, names]).encode("utf-8")


def _dicts(runs: Any, values: list[Any]) -> list[dict[str, Any]]:
    """Rebuild attribute dicts from their runs (see :func:`_runs`)."""
    get = values.__getitem__
    out: list[dict[str, Any]] = []
    for names, count, columns in runs:
        if (names.__class__ is not list or any(n.__class__ is not str for n in names)
                or count.__class__ is not int or count < 0 or len(columns) != len(names)
                or any(len(c) != count or min(c, default=0) < 0 for c in columns)):
            raise ValueError("malformed attribute columns")
        if names:  # one dict per row of the columns, built without a Python loop
            out.extend(map(dict, map(zip, repeat(names),
                                     zip(*[list(map(get, c)) for c in columns], strict=True))))
        else:
            out.extend({} for _ in range(count))
    return out


def decode_lite(data: bytes, key: str | None = None
                ) -> tuple[LiteGraph, dict[str, list[Hashable]]]:
    """Rebuild the :class:`~corridors.lite.LiteGraph` and name index of :func:`encode_lite`.

    Parameters
    ----------
    data : bytes
        The entry.
    key : str, optional
        The key the entry was read under; the header must name it.

    Raises
    ------
    ValueError
        If the header, key or checksum is wrong or the document is not a compact entry (any
        other exception may come from a forged body with a valid checksum; callers discard
        the entry for any).
    """
    head, sep, body = data.partition(b"\n")
    parts = head.split(b" ")
    if (not sep or len(parts) != 4 or parts[0] != _LITE_MAGIC
            or parts[1] != b"%d" % LITE_FORMAT or (key is not None and parts[2] != key.encode())):
        raise ValueError("not a corridors compact cache entry of this version and key")
    if hashlib.sha256(body).hexdigest().encode() != parts[3]:
        raise ValueError("checksum mismatch")
    # some 50,000 long-lived objects at once: cyclic garbage collections in between would only
    # traverse them again and again
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_lite(body)
    finally:
        if enabled:
            gc.enable()


def _build_lite(body: bytes) -> tuple[LiteGraph, dict[str, list[Hashable]]]:
    doc = json.loads(body, object_hook=_hook)  # objects occur only among the values
    if doc.__class__ is not list or len(doc) != 10:
        raise ValueError("not a compact network document")
    (anything, flat, nested), attrs, ids, node_runs, tails, heads, keys, edge_runs, \
        pred_rows, names = doc
    values = [_tuples(v) if v.__class__ is list else v for v in anything]
    values.extend(map(tuple, flat))
    values.extend(map(tuple, map(map, repeat(tuple), nested)))
    _check_ids(ids, "node id")
    node = dict(zip(ids, _dicts(node_runs, values), strict=True))
    if len(node) != len(ids):
        raise ValueError("a node is listed twice")
    succ: dict[Hashable, dict[Hashable, dict[Hashable, dict[str, Any]]]] = {n: {} for n in ids}
    pred: dict[Hashable, dict[Hashable, dict[Hashable, dict[str, Any]]]] = {n: {} for n in ids}
    node_at = ids.__getitem__
    if min(keys, default=0) < 0:
        raise ValueError("malformed edge keys")
    keys = _check_ids(map(values.__getitem__, keys), "edge key")
    for u, v, k, d in zip(map(node_at, tails), map(node_at, heads), keys,
                          _dicts(edge_runs, values), strict=True):
        nbrs = succ[u]
        kd = nbrs.get(v)
        if kd is None:
            kd = nbrs[v] = {}
            pred[v][u] = kd  # one key dict for both directions, as in networkx
        elif k in kd:
            raise ValueError("an edge is listed twice")
        kd[k] = d
    for i, order in pred_rows:
        n = ids[i]
        preds = pred[n]
        pred[n] = {ids[j]: preds[ids[j]] for j in order}
        if len(pred[n]) != len(preds):
            raise ValueError("a predecessor order does not match the edges")
    graph = {name: values[i] for name, i in attrs}
    index = {name: list(map(node_at, pos)) for name, pos in names}
    if any(name.__class__ is not str for name in (*graph, *index)):
        raise ValueError("an attribute or index name is not a string")
    return LiteGraph(graph, node, succ, pred), index


# ---------------------------------------------------------------------------- read, write
def _entry(base: Path, key: str) -> Path:
    return base / f"network-{key}.json"


def _lite_entry(base: Path, key: str) -> Path:
    return base / f"lite-{key}.json"


def _discard(path: Path, why: object, then: str = "loading the CSV files") -> None:
    logger.info("discarding the network cache entry %s (%s); %s", path, why, then)
    try:
        path.unlink()
    except OSError:
        pass


def _read_entry(path: Path) -> bytes | None:
    """Return the bytes of a cache entry, or None if missing, foreign or oversized."""
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
            return fh.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None


def _readable_base() -> Path | None:
    configured = cache_dir()
    return None if configured is None else private_dir(configured, create=False)


def read_cached(key: str) -> tuple[nx.MultiDiGraph, dict[str, list[str]]] | None:
    """Return the cached graph for ``key`` and its name index, or None.

    A missing, foreign, oversized or undecodable entry gives None (a broken one is deleted).
    """
    base = _readable_base()
    if base is None:
        return None
    path = _entry(base, key)
    data = _read_entry(path)
    if data is None:
        return None
    try:
        return decode_graph(data)
    except Exception as exc:  # any broken entry is discarded, never fatal
        _discard(path, f"{type(exc).__name__}: {str(exc)[:200]}")
        return None


def read_lite(key: str) -> tuple[LiteGraph, dict[str, list[Hashable]]] | None:
    """Return the compact network cached under ``key`` and its name index, or None.

    A missing, foreign, oversized or undecodable entry gives None (a broken one is deleted),
    as in :func:`read_cached`.
    """
    base = _readable_base()
    if base is None:
        return None
    path = _lite_entry(base, key)
    data = _read_entry(path)
    if data is None:
        return None
    try:
        return decode_lite(data, key)
    except Exception as exc:  # any broken entry is discarded, never fatal
        _discard(path, f"{type(exc).__name__}: {str(exc)[:200]}", "using the full network")
        return None


def has_lite(key: str) -> bool:
    """Tell whether a compact entry for ``key`` exists (a regular file; not checked further)."""
    base = _readable_base()
    if base is None:
        return False
    try:
        return stat.S_ISREG(os.lstat(_lite_entry(base, key)).st_mode)
    except OSError:
        return False


def _writable_base() -> Path | None:
    """Return the cache directory, created private if need be, or None (no cache)."""
    configured = cache_dir()
    return None if configured is None else private_dir(configured)


def write_cached(key: str, graph: nx.MultiDiGraph, index: dict[str, list[str]]) -> None:
    """Store ``graph`` and its name index under ``key`` (atomically; errors are only logged)."""
    base = _writable_base()
    if base is None:
        return
    try:
        data = encode_graph(graph, index)
    except (TypeError, ValueError) as exc:
        logger.debug("network not cached: %s", exc)
        return
    if _write_entry(base, _entry(base, key), data, "network-*.json"):
        try:
            for stale in base.glob("network-*.pickle"):  # entries of the old, executable format
                stale.unlink(missing_ok=True)
        except OSError as exc:
            logger.debug("could not clean the network cache in %s: %s", base, exc)


def write_lite(key: str, graph: nx.MultiDiGraph, index: dict[str, list[str]]) -> None:
    """Store the compact form of ``graph`` under ``key`` (atomically; errors are only logged)."""
    base = _writable_base()
    if base is None:
        return
    try:
        data = encode_lite(graph, index, key=key)
    except (TypeError, ValueError) as exc:
        logger.debug("compact network not cached: %s", exc)
        return
    _write_entry(base, _lite_entry(base, key), data, "lite-*.json")


def _write_entry(base: Path, path: Path, data: bytes, pattern: str) -> bool:
    """Write ``data`` to ``path`` atomically (0600), keep the newest entries of ``pattern``.

    Returns whether the entry was written; errors are only logged.
    """
    import tempfile

    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".network-", suffix=".tmp", dir=base)  # 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        tmp = None
        entries = sorted(base.glob(pattern), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP_ENTRIES]:
            old.unlink(missing_ok=True)
        return True
    except OSError as exc:
        logger.debug("could not write the network cache in %s: %s", base, exc)
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
