"""The changes a scenario makes, and the checks of their values.

The records of a :class:`~corridors.scenarios.Scenario` -- :class:`CrossingChange`,
:class:`LinkChange`, :class:`PlaceChange` -- and the ``[cost_model]`` changes, with the checks
that a scenario file's (or a caller's) values have the right type and range. Split out of
:mod:`corridors.scenarios`, which re-exports the public names; see its docstring for the file
format and the bounds (:data:`MAX_FACTOR`).
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridors.costmodel import (
    DEFAULT_COST_MODEL,
    MAX_COST_MODEL_FIGURE,
    CostModel,
    _keyword_checked,
)
from corridors.errors import ArgumentTypeError, ConstraintError, ScenarioError, shorten
from corridors.model import Mode

__all__ = ["MAX_FACTOR", "CrossingChange", "LinkChange", "PlaceChange"]

#: Largest factor a scenario may apply to a figure (a time, a cost, a frequency, a speed ...):
#: a bigger one is a typo, and would carry routes' totals towards infinity.
MAX_FACTOR = 100.0


# --------------------------------------------------------------------------------------------
# records of a scenario
# --------------------------------------------------------------------------------------------
def _check_exclusive(where: str, pairs: Iterable[tuple[str, Any, str, Any]]) -> None:
    for a, va, b, vb in pairs:
        if va is not None and vb is not None:
            raise ScenarioError(f"{where}: give either {a} or {b}, not both")


@_keyword_checked
@dataclass(frozen=True)
class CrossingChange:
    """New time and cost of one border crossing (absolute, per direction, or a factor).

    Attributes
    ----------
    time_h, cost_usd : float, optional
        Absolute figure in both directions.
    time_h_ab, time_h_ba, cost_usd_ab, cost_usd_ba : float, optional
        Absolute figure in one direction (``ab`` leaves ``post_a``); wins over the
        both-direction figure.
    time_factor, cost_factor : float, optional
        Multiply the figure the scorer uses in the base (see the module docstring).
    note : str
        Why.
    source : tuple of str
        Source ids.
    """

    time_h: float | None = None
    time_h_ab: float | None = None
    time_h_ba: float | None = None
    time_factor: float | None = None
    cost_usd: float | None = None
    cost_usd_ab: float | None = None
    cost_usd_ba: float | None = None
    cost_factor: float | None = None
    note: str = ""
    source: tuple[str, ...] = ()

    def new_time(self, base: float, forward: bool) -> float:
        """Return the scenario time given the base time of one direction."""
        return _new_value(base, self.time_h_ab if forward else self.time_h_ba, self.time_h,
                          self.time_factor)

    def new_cost(self, base: float, forward: bool) -> float:
        """Return the scenario cost given the base cost of one direction."""
        return _new_value(base, self.cost_usd_ab if forward else self.cost_usd_ba,
                          self.cost_usd, self.cost_factor)

    def changes_time(self, forward: bool) -> bool:
        """Return True when the time of one direction changes (``forward``: a -> b)."""
        return any(x is not None for x in (self.time_h_ab if forward else self.time_h_ba,
                                           self.time_h, self.time_factor))

    def changes_cost(self, forward: bool) -> bool:
        """Return True when the cost of one direction changes (``forward``: a -> b)."""
        return any(x is not None for x in (self.cost_usd_ab if forward else self.cost_usd_ba,
                                           self.cost_usd, self.cost_factor))


def _new_value(base: float, directed: float | None, both: float | None,
               factor: float | None) -> float:
    if directed is not None:
        return float(directed)
    if both is not None:
        return float(both)
    if factor is not None:
        return float(base) * float(factor)
    return float(base)


@_keyword_checked
@dataclass(frozen=True)
class LinkChange:
    """A change to one link: its ferry frequency, its traction or its emissions.

    ``sailings_per_week`` or ``sailings_factor`` (sea links); ``electric_share`` (rail links,
    0 to 1: the line electrified, as a share of its length; its emissions are re-derived from
    the network's electric and diesel classes and its country's grid); ``co2e_factor`` (any
    link: its intensity times the factor, e.g. 0.8 for cleaner ships; applied after
    ``electric_share``).
    """

    sailings_per_week: float | None = None
    sailings_factor: float | None = None
    electric_share: float | None = None
    co2e_factor: float | None = None
    note: str = ""
    source: tuple[str, ...] = ()


@_keyword_checked
@dataclass(frozen=True)
class PlaceChange:
    """New port dwell of one place (absolute or a factor)."""

    dwell_h: float | None = None
    dwell_factor: float | None = None
    note: str = ""
    source: tuple[str, ...] = ()


def _record_dict(rec: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(rec):
        value = getattr(rec, f.name)
        if value is None or value == "" or value == ():
            continue
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def _describe(d: Mapping[str, Any]) -> str:
    parts = []
    for k, v in d.items():
        if isinstance(v, Mapping):
            v = "{" + ", ".join(f"{a}={b:g}" if isinstance(b, float) else f"{a}={b}"
                                for a, b in v.items()) + "}"
        parts.append(f"{k}={v}")
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------
# cost model changes
# --------------------------------------------------------------------------------------------
def _cost_model_fields() -> dict[str, bool]:
    """Return CostModel field names mapped to True for mapping fields (per mode)."""
    out = {}
    for f in dataclasses.fields(CostModel):
        out[f.name] = isinstance(getattr(DEFAULT_COST_MODEL, f.name), Mapping)
    return out


def _check_cost_model_keys(changes: Mapping[str, Any], where: str, *,
                           type_error: type[Exception] = ScenarioError) -> None:
    """Check ``[cost_model]`` keys and values; a value of the wrong type raises ``type_error``.

    ``type_error`` is ScenarioError for a file's content, ArgumentTypeError for a Scenario
    built in Python.
    """
    fields = _cost_model_fields()
    modes = [m.value for m in Mode]
    for key, value in changes.items():
        if not isinstance(key, str):
            raise type_error(f"{where}: [cost_model] keys are CostModel field names, got "
                             f"{type(key).__name__} {shorten(key)}")
        factor = key.endswith("_factor")
        name = key[:-len("_factor")] if factor else key
        if name not in fields:
            valid = sorted([*fields, *(f + "_factor" for f in fields)])
            raise ScenarioError(f"{where}: [cost_model] unknown key {shorten(key)}"
                                f"{_did_you_mean(key, valid)}; valid keys: {', '.join(valid)}")
        if fields[name]:
            if not isinstance(value, Mapping) or not value:
                error = ScenarioError if isinstance(value, Mapping) else type_error
                raise error(f"{where}: [cost_model] {key} must be a table of mode to "
                            f"number, e.g. {{rail = 1.0}}, got {shorten(value)}")
            for mode, x in value.items():
                if mode not in modes:
                    raise ScenarioError(f"{where}: [cost_model] {key}: unknown mode "
                                        f"{shorten(mode)}{_did_you_mean(str(mode), modes)}; "
                                        f"modes: {', '.join(modes)}")
                _number(x, f"{where}: [cost_model] {key}.{mode}", factor=factor,
                        type_error=type_error)
        else:
            _number(value, f"{where}: [cost_model] {key}", factor=factor, type_error=type_error)


def _cost_model(changes: Mapping[str, Any], base: CostModel, where: str) -> CostModel:
    if not changes:
        return base
    fields = _cost_model_fields()
    new: dict[str, Any] = {}
    for key, value in changes.items():
        factor = key.endswith("_factor")
        name = key[:-len("_factor")] if factor else key
        current = new.get(name, getattr(base, name))
        if fields[name]:
            merged = dict(current)
            for mode, x in value.items():
                if factor:
                    if mode not in merged:
                        raise ScenarioError(f"{where}: [cost_model] {key}.{mode}: the base "
                                            f"model has no {name} for mode {mode!r}")
                    merged[mode] = merged[mode] * float(x)
                else:
                    merged[mode] = float(x)
            new[name] = merged
        else:
            new[name] = float(current) * float(value) if factor else float(value)
    try:
        return dataclasses.replace(base, **new)
    except ConstraintError as exc:
        raise ScenarioError(f"{where}: [cost_model] {exc}") from None


# --------------------------------------------------------------------------------------------
# checking values
# --------------------------------------------------------------------------------------------
def _did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=n, cutoff=0.6)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def _number(value: Any, where: str, *, positive: bool = False, factor: bool = False,
            type_error: type[Exception] = ScenarioError) -> float:
    """Return a scenario's number, finite, >= 0 (> 0 if ``positive``) and within its bound.

    A factor (``factor=True``) is at most :data:`MAX_FACTOR`; any other figure at most
    :data:`~corridors.scoring.MAX_COST_MODEL_FIGURE`. A value that is not a number raises
    ``type_error`` (ScenarioError for a file's content, ArgumentTypeError in Python).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise type_error(f"{where} must be a number, got {type(value).__name__} "
                         f"{shorten(value)}")
    x = float(value) if not isinstance(value, int) or abs(value) < 1e300 else math.inf
    top = MAX_FACTOR if factor else MAX_COST_MODEL_FIGURE
    if not math.isfinite(x) or x < 0 or (positive and x == 0) or x > top:
        raise ScenarioError(f"{where} must be a finite number {'> 0' if positive else '>= 0'} "
                            f"and <= {top:,g}{' (a factor)' if factor else ''}, got "
                            f"{shorten(value)}")
    return x


def _strings(value: Any, where: str, *,
             type_error: type[Exception] = ScenarioError) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        wrong_type = not isinstance(value, list) or not all(isinstance(x, str) for x in value)
        raise (type_error if wrong_type else ScenarioError)(
            f"{where} must be a list of non-empty strings, got {shorten(value)}")
    return tuple(x.strip() for x in value)


def _text(value: Any, where: str, *, type_error: type[Exception] = ScenarioError) -> str:
    if not isinstance(value, str):
        raise type_error(f"{where} must be a string, got {type(value).__name__} "
                         f"{shorten(value)}")
    return value.strip()


def _check_keys(table: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for key in table:
        if key not in allowed:
            raise ScenarioError(f"{where}: unknown key {shorten(key)}"
                                f"{_did_you_mean(str(key), allowed)}; "
                                f"valid keys: {', '.join(allowed)}")


def _item(cls: type, item_id: str, table: Any, where: str, *,
          type_error: type[Exception] = ScenarioError) -> Any:
    """Return a checked ``cls`` record; a value of the wrong type raises ``type_error``."""
    w = f"{where}: [{_section(cls)}.{item_id}]"
    if not isinstance(table, Mapping):
        if type_error is not ScenarioError:
            raise type_error(f"{w} must be a {cls.__name__} or a mapping of its fields, got "
                             f"{type(table).__name__} {shorten(table)}")
        raise ScenarioError(f"{w} must be a table, got {shorten(table)}")
    names = [f.name for f in dataclasses.fields(cls)]
    _check_keys(table, names, w)
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        if key == "note":
            kwargs[key] = _text(value, f"{w} note", type_error=type_error)
        elif key == "source":
            kwargs[key] = _strings(value, f"{w} source", type_error=type_error)
        else:
            kwargs[key] = _number(value, f"{w} {key}",
                                  positive=key in ("sailings_per_week", "sailings_factor"),
                                  factor=key.endswith("_factor"), type_error=type_error)
    rec = cls(**kwargs)
    if all(getattr(rec, n) is None for n in names if n not in ("note", "source")):
        raise ScenarioError(f"{w} changes nothing; give one of "
                            f"{', '.join(n for n in names if n not in ('note', 'source'))}")
    return rec


def _section(cls: type) -> str:
    return {CrossingChange: "crossings", LinkChange: "links", PlaceChange: "places"}[cls]


def _as_path(value: Any, what: str) -> Path:
    """Return a path argument as a Path, or raise ArgumentTypeError naming what it got."""
    if isinstance(value, (str, os.PathLike)) and not isinstance(value, bytes):
        try:
            return Path(value)
        except TypeError:
            pass
    raise ArgumentTypeError(f"{what} must be a built-in scenario name or a .toml/.json file path, "
                        f"got {type(value).__name__} {shorten(value)}")


def check_capacity_factors(table: Any, where: str, *,
                           type_error: type[Exception] = ScenarioError) -> dict[str, float]:
    """Return the ``[capacities]`` table checked: ``kind:id``, ``kind`` or ``*`` -> factor.

    A factor multiplies the capacity (TEU per year) of the element, of every element of the
    kind, or of every element: ``"port:aktau_port" = 2`` doubles Aktau's port.
    """
    from corridors.capacities import KINDS

    if not isinstance(table, Mapping):
        raise type_error(f"{where}: [capacities] must be a table of 'kind:id' = factor, got "
                         f"{shorten(table)}")
    out: dict[str, float] = {}
    for key, value in table.items():
        kind = str(key).split(":", 1)[0]
        if kind not in (*KINDS, "*"):
            raise ScenarioError(f"{where}: [capacities] {shorten(key)}: the key is 'kind:id', "
                                f"'kind' or '*' with kind one of {', '.join(KINDS)}"
                                f"{_did_you_mean(kind, KINDS)}")
        out[str(key)] = _number(value, f"{where}: [capacities] {key}", positive=True,
                                factor=True)
    return out
