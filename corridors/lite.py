"""A read-only network graph without networkx, for the command line's fast path.

``corridors route``, ``places``, ``crossings`` and ``corridors`` answer a plain query from a
compact, data-only entry of the network cache (:func:`corridors.cache.encode_lite`) before
networkx is imported: the entry is decoded into a :class:`LiteGraph`, and the **same**
routing, scoring and report code runs on it, so the output is the one of the full network.

A :class:`LiteGraph` offers the part of the :class:`networkx.MultiDiGraph` interface that this
code uses: ``G[u][v][key]``, ``G.nodes[n]``, ``G.nodes(data=...)``, ``G.edges(keys=...,
data=...)``, ``G.edges[u, v, key]``, ``G.degree[n]``, ``G.graph``, ``n in G``, ``len(G)``,
iteration, ``number_of_edges()`` and the internal ``_node``, ``_succ``, ``_pred`` and ``_adj``
dicts, in the same order as the graph it was made from (so searches break ties the same way).
It has no methods that change it. What no fast-path command reads is left out: the graph's
``sources`` table and the ``source``, ``estimate`` and ``note`` of places and links.

The library API is unchanged: :func:`corridors.load_network` returns a networkx graph, and
every public function still accepts one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["LiteGraph", "lite_key", "read_lite_network", "write_lite_network"]

_NodeMap = dict[Hashable, dict[str, Any]]
_AdjMap = dict[Hashable, dict[Hashable, dict[Hashable, dict[str, Any]]]]


class LiteGraph:
    """A read-only directed multigraph with the interface of :class:`networkx.MultiDiGraph`.

    :func:`corridors.cache.decode_lite` builds it; the dicts are used as given, not copied.
    ``_succ[u][v]`` and ``_pred[v][u]`` must be the same key dict, as in networkx.

    Parameters
    ----------
    graph : dict
        Graph attributes.
    node : dict
        Node -> attribute dict, in node order.
    succ, pred : dict
        Node -> neighbour -> key -> edge attribute dict.
    """

    __slots__ = ("__weakref__", "_adj", "_node", "_pred", "_succ", "graph")

    def __init__(self, graph: dict[str, Any], node: _NodeMap, succ: _AdjMap,
                 pred: _AdjMap) -> None:
        self.graph = graph
        self._node = node
        self._succ = succ
        self._adj = succ
        self._pred = pred

    # -- networkx.Graph basics ----------------------------------------------------------------
    def __contains__(self, n: object) -> bool:
        try:
            return n in self._node
        except TypeError:  # unhashable: not a node (as networkx answers)
            return False

    def __len__(self) -> int:
        return len(self._node)

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._node)

    def __getitem__(self, n: Hashable) -> Mapping[Hashable, dict[Hashable, dict[str, Any]]]:
        return MappingProxyType(self._adj[n])

    def __repr__(self) -> str:
        return (f"LiteGraph named {self.graph.get('name', '')!r} with {len(self)} nodes and "
                f"{self.number_of_edges()} edges")

    @property
    def name(self) -> str:
        """The graph's ``name`` attribute."""
        return str(self.graph.get("name", ""))

    @property
    def nodes(self) -> _NodeView:
        """The nodes: ``G.nodes[n]`` is the attribute dict, ``G.nodes(data=...)`` iterates."""
        return _NodeView(self._node)

    @property
    def edges(self) -> _EdgeView:
        """The edges: ``G.edges[u, v, key]`` is the attribute dict, ``G.edges(...)`` iterates."""
        return _EdgeView(self._succ)

    @property
    def degree(self) -> _DegreeView:
        """``G.degree[n]``: edges in and out of ``n`` (parallel edges counted)."""
        return _DegreeView(self._succ, self._pred)

    @property
    def adj(self) -> Mapping[Hashable, dict[Hashable, dict[Hashable, dict[str, Any]]]]:
        """Read-only mapping node -> successors -> key -> edge attributes."""
        return MappingProxyType(self._succ)

    succ = adj

    @property
    def pred(self) -> Mapping[Hashable, dict[Hashable, dict[Hashable, dict[str, Any]]]]:
        """Read-only mapping node -> predecessors -> key -> edge attributes."""
        return MappingProxyType(self._pred)

    def is_directed(self) -> bool:
        """Return True: the network is directed."""
        return True

    def is_multigraph(self) -> bool:
        """Return True: parallel links are separate keyed edges."""
        return True

    def has_node(self, n: Hashable) -> bool:
        """Return True if ``n`` is a node."""
        return n in self

    def has_edge(self, u: Hashable, v: Hashable, key: Hashable | None = None) -> bool:
        """Return True if the edge ``u -> v`` (with ``key``, when given) exists."""
        try:
            kd = self._succ[u][v]
        except KeyError:
            return False
        return key is None or key in kd

    def successors(self, n: Hashable) -> Iterator[Hashable]:
        """Iterate over the successors of ``n``."""
        return iter(self._succ[n])

    neighbors = successors

    def predecessors(self, n: Hashable) -> Iterator[Hashable]:
        """Iterate over the predecessors of ``n``."""
        return iter(self._pred[n])

    def number_of_nodes(self) -> int:
        """Return the number of nodes."""
        return len(self._node)

    def number_of_edges(self, u: Hashable | None = None, v: Hashable | None = None) -> int:
        """Return the number of edges (between ``u`` and ``v`` when both are given)."""
        if u is None:
            return sum(len(kd) for nbrs in self._succ.values() for kd in nbrs.values())
        try:
            return len(self._succ[u][v])
        except KeyError:
            return 0


class _NodeView(Mapping[Hashable, dict[str, Any]]):
    """``G.nodes``: a mapping node -> attributes, callable like networkx's NodeView."""

    __slots__ = ("_node",)

    def __init__(self, node: _NodeMap) -> None:
        self._node = node

    def __getitem__(self, n: Hashable) -> dict[str, Any]:
        return self._node[n]

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, n: object) -> bool:
        try:
            return n in self._node
        except TypeError:
            return False

    def __call__(self, data: bool | str = False, default: Any = None) -> Any:
        if data is False:
            return self
        return _Rows(lambda: _node_rows(self._node, data, default))

    def data(self, data: bool | str = True, default: Any = None) -> Any:
        """Iterate ``(node, attributes)`` or ``(node, attributes[data])``."""
        return self(data, default)


def _node_rows(node: _NodeMap, data: bool | str, default: Any) -> Iterator[Any]:
    if data is True:
        return iter(node.items())
    return ((n, d.get(data, default)) for n, d in node.items())  # type: ignore[arg-type]


class _Rows:
    """A re-iterable, sized result of ``G.nodes(...)`` or ``G.edges(...)``."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], Iterator[Any]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Any]:
        return self._make()

    def __len__(self) -> int:
        return sum(1 for _ in self._make())


class _EdgeView:
    """``G.edges``: callable like networkx's OutMultiEdgeView, and indexable by ``(u, v, k)``."""

    __slots__ = ("_succ",)

    def __init__(self, succ: _AdjMap) -> None:
        self._succ = succ

    def __getitem__(self, edge: tuple[Hashable, Hashable, Hashable]) -> dict[str, Any]:
        u, v, k = edge
        return self._succ[u][v][k]

    def __contains__(self, edge: object) -> bool:
        try:
            u, v, k = edge  # type: ignore[misc]
            return k in self._succ[u][v]
        except (KeyError, TypeError, ValueError):
            return False

    def __len__(self) -> int:
        return sum(len(kd) for nbrs in self._succ.values() for kd in nbrs.values())

    def __iter__(self) -> Iterator[tuple[Hashable, Hashable, Hashable]]:
        return _edge_rows(self._succ, None, False, True, None)

    def __call__(self, nbunch: Hashable | Iterable[Hashable] | None = None,
                 data: bool | str = False, keys: bool = False, default: Any = None) -> _Rows:
        succ = self._succ
        nodes: list[Hashable] | None = None
        if nbunch is not None:
            try:
                one = nbunch in succ
            except TypeError:  # unhashable: an iterable of nodes
                one = False
            nodes = [nbunch] if one else [n for n in nbunch if n in succ]  # type: ignore
        return _Rows(lambda: _edge_rows(succ, nodes, data, keys, default))

    def data(self, data: bool | str = True, *, keys: bool = False, default: Any = None) -> _Rows:
        """Iterate the edges with their attributes (as ``G.edges(data=..., keys=...)``)."""
        return self(None, data, keys, default)


def _edge_rows(succ: _AdjMap, nodes: list[Hashable] | None, data: bool | str, keys: bool,
               default: Any) -> Iterator[Any]:
    for u in succ if nodes is None else nodes:
        for v, kd in succ[u].items():
            for k, d in kd.items():
                if data is False:
                    yield (u, v, k) if keys else (u, v)
                else:
                    value = d if data is True else d.get(data, default)  # type: ignore[arg-type]
                    yield (u, v, k, value) if keys else (u, v, value)


class _DegreeView:
    """``G.degree``: ``G.degree[n]`` counts the edges in and out of ``n``."""

    __slots__ = ("_pred", "_succ")

    def __init__(self, succ: _AdjMap, pred: _AdjMap) -> None:
        self._succ = succ
        self._pred = pred

    def __getitem__(self, n: Hashable) -> int:
        return (sum(len(kd) for kd in self._succ[n].values())
                + sum(len(kd) for kd in self._pred[n].values()))

    def __iter__(self) -> Iterator[tuple[Hashable, int]]:
        return ((n, self[n]) for n in self._succ)

    def __len__(self) -> int:
        return len(self._succ)


# ---------------------------------------------------------------------------- the fast path
def lite_key(path: Any, extend: Any) -> str:
    """Return the cache key of the compact network of a data directory and its extensions.

    Parameters
    ----------
    path : str or path-like or None
        The data directory (None: the built-in network), as for :func:`corridors.load_network`.
    extend : iterable of str or path-like
        Extension directories.

    Raises
    ------
    ArgumentTypeError
        If ``path`` or ``extend`` is not a path (see :func:`corridors.network.data_paths`).
    """
    from corridors.cache import lite_cache_key
    from corridors.network import data_paths
    from corridors.resources import builtin_data_dir

    base, extra = data_paths(path, extend)
    return lite_cache_key([base, *extra], builtin_data_dir())


def read_lite_network(key: str) -> LiteGraph | None:
    """Return the compact network cached under ``key``, or None.

    Its stored name index is registered for :func:`corridors.find_place`. Never raises for a
    missing, foreign or broken entry (see :func:`corridors.cache.read_lite`).
    """
    from corridors.cache import read_lite
    from corridors.network import _INDEX

    got = read_lite(key)
    if got is None:
        return None
    graph, index = got
    _INDEX[graph] = (len(graph), index)  # find_place's "did you mean" uses the stored index
    return graph


def write_lite_network(key: str, G: Any) -> None:
    """Store the compact form of ``G`` (a networkx graph) under ``key`` unless it is there.

    Errors are only logged (see :func:`corridors.cache.write_lite`).
    """
    from corridors.cache import has_lite, write_lite
    from corridors.network import name_index

    if not has_lite(key):
        write_lite(key, G, name_index(G))
