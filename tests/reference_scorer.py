"""An independent reference scorer: the scoring rules re-written from the documentation.

The routing tests compare the searches with a brute force that scores paths with
``corridors.scoring.score_path`` itself, so a bug in scoring would be invisible to them. This
module scores a path again, from what the documentation says (README.md *Routing*, *Answers a
forwarder would sign* and *Emissions per container*; data/README.md; docs/emissions.md; the
public docstrings of ``corridors.scoring``: the module, ``PathScore``, ``LegTerms``,
``GaugeBreak``, ``CostModel``, ``ScoreWeights``, ``score_path``, ``transfer_function``,
``terminal_handling``, ``crossing_figures``) and NOT from the code of corridors/scoring.py,
costmodel.py, regimes.py or emissions.py. It is meant to be short and obviously right: one
plain loop over the legs, no caches, no shortcuts.

API
---
``score(G, path_edges, cost_model=None, weights="score", start=None) -> RefScore``

* ``G`` -- a network graph (``corridors.load_network()``, ``corridors.synthetic`` graphs, or one
  built by hand with the attributes of ``corridors.model``);
* ``path_edges`` -- a list of ``(u, v, key)`` edges;
* ``cost_model`` -- a ``corridors.scoring.CostModel`` (its figures are read as data; None means
  the defaults, ``CostModel()``);
* ``weights`` -- a ``ScoreWeights`` or an objective/profile name (names are resolved with
  ``corridors.scoring.resolve_objective``: the profiles are a table of weights, not a rule);
* ``start`` -- the place of an empty path (for its ``countries``).

It raises :class:`RouteError` where ``score_path`` must refuse the path: an edge that does not
exist, edges that do not chain, a change of mode at a place without a terminal handling both
modes, or a break of rail gauge at a place without a terminal handling rail.

:func:`differences` lists every figure in which a ``RefScore`` and a ``PathScore`` disagree
(relative tolerance 1e-6 by default), totals and legs; an empty list means they agree.

The rules (each with where it is written)
-----------------------------------------
Per leg (one edge ``u -> v``; module docstring of ``corridors.scoring``):

* distance: the link's ``distance_km``;
* time: ``distance / speed`` (the cost model's speed of the mode; a sea link's own
  ``speed_kmh`` takes precedence, data/README.md ``speed_kmh``, ``CostModel.speed_kmh``);
  on a crossing edge plus the crossing time; on a sea edge plus half the headway
  (``0.5 * 168 / sailings_per_week``, the link's frequency or the cost model's) and the dwell
  at both end ports (the place's ``transshipment["dwell_h"]``, else ``CostModel.port_dwell_h``);
* cost: ``distance * rate``, plus the crossing cost, plus on a sea edge
  ``2 * CostModel.port_handling_usd``;
* crossing time/cost, per figure: the edge's ``crossing_time_h`` / ``crossing_cost_usd``, else
  the record's published figure for the direction travelled (``_ab`` leaving ``post_a``), else
  the border regime's default, else the cost model's default for the mode (data/README.md
  *border_regimes.csv ...*, ``crossing_figures``). The regime of a crossing is the first of
  Union State, Schengen, EU customs union, EAEU that both countries belong to today, else
  external; an internal border takes ``regime_defaults.csv`` -- derived here from the data
  files the network was read from. See ``_regime_default`` for what is NOT derived here;
* co2e WTW/TTW: ``distance * intensity * payload_t / 1000`` with the edge's ``co2e_g_tkm`` /
  ``co2e_ttw_g_tkm``, else the cost model's per-mode default (docs/emissions.md);
* a leg that starts with a change of mode or a break of gauge carries that handling: the
  terminal's ``handling_h``, ``handling_usd``, ``handling_kg_co2e``, ``handling_ttw_kg_co2e``,
  each else the cost model's ``transfer_h``, ``transfer_usd``, ``handling_kg_co2e``,
  ``handling_ttw_kg_co2e``. A change of mode needs a terminal listing both modes, a break of
  gauge (two consecutive rail legs without a common gauge) one listing rail; the first leg
  pays none. Only a change of mode counts as a transfer (``transfers``) and carries
  ``transfer_penalty_km``;
* leg score: ``km * distance + crossing_penalty_km * crossings + hours_km * time +
  usd_km * cost + transfer_penalty_km * transfers + co2e_km * co2e`` with the leg's time,
  cost and co2e including its handling (``ScoreWeights``).

Facts of the path (``PathScore`` docstring, README *JSON output*):

* countries: the start's country, then for each edge the countries of its ``transit`` and
  its end's country, consecutive repeats merged (KZ > CN > KZ keeps the second KZ);
* border crossings: every edge with a ``crossing``, from the country of ``u`` to that of
  ``v``, the record's name and ``gauge_change``;
* gauge breaks: one at every rail crossing whose record has ``gauge_change`` (hours, USD and
  CO2e 0: they are in the crossing's figures), and one at every handling for a break of
  gauge between two rail legs (with that handling's hours, USD and WTW CO2e);
* sea_km: distance on sea links; planned_share: share of the distance on links whose status
  is ``planned`` or ``under_construction`` (0 for an empty path).

Doc gaps (rules learnt from the code, not from the documentation; each is marked
``DOC GAP`` where it is used):

1. a crossing's direction is known only when ``u`` is one of its posts; the published
   figures of a crossing edge leaving any other place are not used;
2. the CPMM-mean default of an external border is taken from the record's ``defaults``
   attribute (filled when the network is loaded; undocumented field of ``BorderCrossing``),
   because data/README.md does not say enough to re-derive it (which year when time and cost
   have different latest years; how a side without a directional figure mixes with the
   other's ``all`` figure);
3. the gauges shown for a break at a gauge-change crossing are those of the rail leg before
   and after it (the crossing edge's own gauges where that leg is not rail);
4. a crossing edge between two places of the same country (outside the data contract) takes
   its countries from the record, by the post it leaves;
5. a rail edge without any gauge is compatible with every gauge.
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from corridors.scoring import CostModel, ScoreWeights, resolve_objective

PLANNED_STATUSES = frozenset({"planned", "under_construction"})
#: data/README.md: "the first regime both countries belong to today (Union State, Schengen,
#: EU customs union, EAEU; else external)"
REGIME_PRECEDENCE = ("union_state", "schengen", "eu_cu", "eaeu")


class RouteError(ValueError):
    """The path is not a route (score_path must refuse it too)."""


@dataclass(frozen=True)
class RefLeg:
    """One leg: its edge, plus the handling that starts it."""

    u: Any
    v: Any
    key: Any
    mode: str
    distance_km: float
    time_h: float
    cost_usd: float
    crossings: int
    transfers: int
    transfer_h: float
    transfer_usd: float
    transfer_co2e_kg: float
    co2e_kg: float
    co2e_ttw_kg: float
    score: float


@dataclass(frozen=True)
class RefHandling:
    """A handling at a terminal: a change of mode or a break of gauge."""

    place: Any
    from_mode: str
    to_mode: str
    from_gauge_mm: tuple[int, ...]
    to_gauge_mm: tuple[int, ...]
    time_h: float
    cost_usd: float
    co2e_kg: float
    co2e_ttw_kg: float

    @property
    def mode_change(self) -> bool:
        return self.from_mode != self.to_mode


@dataclass(frozen=True)
class RefGaugeBreak:
    place: Any
    from_gauge_mm: tuple[int, ...]
    to_gauge_mm: tuple[int, ...]
    crossing: str | None
    time_h: float
    cost_usd: float
    co2e_kg: float


@dataclass(frozen=True)
class RefCrossingUse:
    id: str
    name: str
    from_country: str
    to_country: str
    mode: str
    gauge_change: bool
    from_place: str
    to_place: str


@dataclass(frozen=True)
class RefScore:
    """Every figure of a path (the names of ``PathScore`` where it has them)."""

    distance_km: float
    crossings: int
    time_h: float
    cost_usd: float
    score: float
    transfers: int  # changes of mode
    transfer_h: float  # every handling: changes of mode and breaks of gauge
    transfer_usd: float
    transfer_co2e_kg: float
    handlings: tuple[RefHandling, ...]
    transshipments: tuple[RefHandling, ...]  # the handlings that change mode
    gauge_breaks: tuple[RefGaugeBreak, ...]
    countries: tuple[str, ...]
    border_crossings: tuple[RefCrossingUse, ...]
    sea_km: float
    planned_share: float
    co2e_kg: float
    co2e_ttw_kg: float
    payload_t: float
    legs: tuple[RefLeg, ...]


# --- small helpers ----------------------------------------------------------------------------

def _given(x: Any) -> bool:
    """A figure is given unless it is None or NaN (blank cells are None)."""
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def _first(*values: Any) -> float:
    for x in values:
        if _given(x):
            return float(x)
    raise AssertionError("no figure and no default")  # the cost model always has one


def _gauges(d: dict) -> tuple[int, ...]:
    g = d.get("gauge_mm") or ()
    if isinstance(g, int):
        g = (g,)
    return tuple(int(x) for x in g)


def _terminal(G, place) -> dict | None:
    return G.nodes[place].get("transshipment") or None


def _country(G, place) -> str:
    return G.nodes[place].get("country") or ""


# --- border regimes (data/README.md) ----------------------------------------------------------

_TABLES: dict[tuple, tuple[list[dict], list[dict]] | None] = {}


def _regime_tables(G) -> tuple[list[dict], list[dict]] | None:
    """border_regimes.csv and regime_defaults.csv of the directories the network was read from."""
    dirs = tuple(G.graph.get("data_dirs") or ())
    if dirs not in _TABLES:
        regimes: list[dict] = []
        defaults: list[dict] = []
        for d in dirs:
            for name, rows in (("border_regimes.csv", regimes),
                               ("regime_defaults.csv", defaults)):
                p = Path(d) / name
                if p.is_file():
                    with p.open(encoding="utf-8", newline="") as fh:
                        rows.extend(csv.DictReader(fh))
        _TABLES[dirs] = (regimes, defaults) if regimes else None
    return _TABLES[dirs]


def regime_of(G, country_a: str, country_b: str, day: _dt.date | None = None) -> str | None:
    """The regime both countries belong to on ``day`` (today), by precedence; None: external.

    None also when the network has no regime tables (a generated or hand-built graph).
    """
    tables = _regime_tables(G)
    if tables is None:
        return None
    day = day or _dt.date.today()
    members: dict[str, set[str]] = {}
    for r in tables[0]:
        joined = _dt.date.fromisoformat(r["joined"]) if r.get("joined") else _dt.date.min
        left = _dt.date.fromisoformat(r["left"]) if r.get("left") else _dt.date.max
        if joined <= day <= left:
            members.setdefault(r["regime"], set()).add(r["country"])
    for regime in REGIME_PRECEDENCE:
        if {country_a, country_b} <= members.get(regime, set()):
            return regime
    return None


def _regime_default(G, rec, from_post) -> tuple[float | None, float | None]:
    """The border regime's default ``(time_h, cost_usd)`` for a crossing leaving ``from_post``."""
    regime = regime_of(G, rec.country_a, rec.country_b)
    if regime is not None:
        # an internal border: its regime's default for the mode (regime_defaults.csv); a
        # blank figure or no row (sea) leaves the cost model's default
        for r in _regime_tables(G)[1]:
            if r["regime"] == regime and r["mode"] == rec.mode:
                return (float(r["time_h"]) if r.get("time_h") else None,
                        float(r["cost_usd"]) if r.get("cost_usd") else None)
        return None, None
    # DOC GAP 2: an external border's CPMM mean is read from the record (filled on load),
    # not re-derived from cpmm_defaults.csv
    direction = "ab" if from_post == rec.post_a else "ba"
    for d, t, c, *_ in getattr(rec, "defaults", ()) or ():
        if d == direction:
            return t, c
    return None, None


def crossing_time_cost(G, u, d: dict, cm: CostModel) -> tuple[float, float]:
    """Hours and USD at the border crossing of edge ``d`` leaving ``u`` (data/README.md)."""
    mode = d["mode"]
    rec = (G.graph.get("crossings") or {}).get(d["crossing"])
    published = regime = (None, None)
    if rec is not None and u in (rec.post_a, rec.post_b):  # DOC GAP 1
        published = ((rec.time_h_ab, rec.cost_usd_ab) if u == rec.post_a
                     else (rec.time_h_ba, rec.cost_usd_ba))
        regime = _regime_default(G, rec, u)
    time_h = _first(d.get("crossing_time_h"), published[0], regime[0], cm.crossing_time_h[mode])
    cost = _first(d.get("crossing_cost_usd"), published[1], regime[1],
                  cm.crossing_cost_usd[mode])
    return time_h, cost


# --- the scorer -------------------------------------------------------------------------------

def _handling(G, place, cm: CostModel) -> tuple[float, float, float, float]:
    ts = _terminal(G, place) or {}
    return (_first(ts.get("handling_h"), cm.transfer_h),
            _first(ts.get("handling_usd"), cm.transfer_usd),
            _first(ts.get("handling_kg_co2e"), cm.handling_kg_co2e),
            _first(ts.get("handling_ttw_kg_co2e"), cm.handling_ttw_kg_co2e))


def _dwell(G, place, cm: CostModel) -> float:
    ts = _terminal(G, place) or {}
    return _first(ts.get("dwell_h"), cm.port_dwell_h)


def score(G, path_edges, cost_model: CostModel | None = None,
          weights: ScoreWeights | str = "score", start: Any = None) -> RefScore:
    """Score ``path_edges`` by the documented rules (see the module docstring)."""
    cm = CostModel() if cost_model is None else cost_model
    w = resolve_objective(weights)
    path = [tuple(e) for e in path_edges]
    datas = []
    for i, (u, v, k) in enumerate(path):
        if not G.has_edge(u, v, k):
            raise RouteError(f"{(u, v, k)} is not an edge")
        if i and path[i - 1][1] != u:
            raise RouteError("the edges do not chain")
        datas.append(G.edges[u, v, k])
    records = G.graph.get("crossings") or {}
    per_t = cm.payload_t / 1000.0

    legs: list[RefLeg] = []
    handlings: list[RefHandling] = []
    leg_handling: list[RefHandling | None] = []
    for i, ((u, v, k), d) in enumerate(zip(path, datas, strict=True)):
        mode = d["mode"]
        dist = float(d["distance_km"])
        speed = cm.speed_kmh[mode]
        if mode == "sea" and _given(d.get("speed_kmh")) and d["speed_kmh"] > 0:
            speed = float(d["speed_kmh"])
        time_h = dist / speed
        cost = dist * cm.rate_usd_per_km[mode]
        crossings = 0
        if d.get("crossing"):
            crossings = 1
            xt, xc = crossing_time_cost(G, u, d, cm)
            time_h += xt
            cost += xc
        if mode == "sea":
            s = d.get("sailings_per_week")
            s = float(s) if _given(s) and s > 0 else cm.sailings_per_week
            time_h += 0.5 * 168.0 / s + _dwell(G, u, cm) + _dwell(G, v, cm)
            cost += 2.0 * cm.port_handling_usd
        co2e = dist * _first(d.get("co2e_g_tkm"), cm.co2e_g_per_tkm[mode]) * per_t
        ttw = dist * _first(d.get("co2e_ttw_g_tkm"), cm.co2e_ttw_g_per_tkm[mode]) * per_t

        # the handling that starts this leg
        h = None
        if i:
            pd = datas[i - 1]
            pmode = pd["mode"]
            modes = set((_terminal(G, u) or {}).get("modes") or ())
            a, b = _gauges(pd), _gauges(d)
            if pmode != mode:
                if not (pmode in modes and mode in modes):
                    raise RouteError(f"change {pmode} -> {mode} at {u!r} without a terminal")
                h = RefHandling(u, pmode, mode, a, b, *_handling(G, u, cm))
            elif mode == "rail" and a and b and not set(a) & set(b):  # DOC GAP 5: () joins all
                if "rail" not in modes:
                    raise RouteError(f"break of gauge {a} -> {b} at {u!r} without a rail terminal")
                h = RefHandling(u, pmode, mode, a, b, *_handling(G, u, cm))
        leg_handling.append(h)
        n_changes = 0
        th = tu = te = tt = 0.0
        if h is not None:
            handlings.append(h)
            n_changes = 1 if h.mode_change else 0
            th, tu, te, tt = h.time_h, h.cost_usd, h.co2e_kg, h.co2e_ttw_kg
        lt, lc, le = time_h + th, cost + tu, co2e + te
        leg_score = (w.km * dist + w.crossing_penalty_km * crossings + w.hours_km * lt
                     + w.usd_km * lc + w.transfer_penalty_km * n_changes + w.co2e_km * le)
        legs.append(RefLeg(u, v, k, mode, dist, lt, lc, crossings, n_changes, th, tu, te, le,
                           ttw + tt, leg_score))

    # countries: start, then each edge's transit countries and its end (repeats kept unless
    # consecutive)
    countries: list[str] = []
    first = path[0][0] if path else start

    def visit(c: str) -> None:
        if c and (not countries or countries[-1] != c):
            countries.append(c)

    if first is not None and first in G:
        visit(_country(G, first))
    for (_, v, _), d in zip(path, datas, strict=True):
        for c in d.get("transit") or ():
            visit(c)
        visit(_country(G, v))

    uses = []
    breaks = []
    for i, ((u, v, _), d) in enumerate(zip(path, datas, strict=True)):
        h = leg_handling[i]
        if h is not None and not h.mode_change:  # a break of gauge between two rail legs
            breaks.append(RefGaugeBreak(u, h.from_gauge_mm, h.to_gauge_mm, None, h.time_h,
                                        h.cost_usd, h.co2e_kg))
        cid = d.get("crossing")
        if not cid:
            continue
        rec = records.get(cid)
        cu, cv = _country(G, u), _country(G, v)
        if rec is not None and (cu == cv or not cu or not cv):  # DOC GAP 4
            cu, cv = ((rec.country_a, rec.country_b) if u != rec.post_b
                      else (rec.country_b, rec.country_a))
        gauge_change = bool(rec is not None and rec.gauge_change)
        uses.append(RefCrossingUse(str(cid), rec.name if rec is not None else str(cid), cu, cv,
                                   d["mode"], gauge_change, str(u), str(v)))
        if gauge_change and d["mode"] == "rail":
            # DOC GAP 3: the gauges of the rail legs on either side
            own = _gauges(d)
            before = _gauges(datas[i - 1]) if i and datas[i - 1]["mode"] == "rail" else ()
            after = (_gauges(datas[i + 1]) if i + 1 < len(datas)
                     and datas[i + 1]["mode"] == "rail" else ())
            breaks.append(RefGaugeBreak(u, before or own, after or own, str(cid), 0.0, 0.0, 0.0))

    dist = sum(leg.distance_km for leg in legs)
    planned = sum(leg.distance_km for leg, d in zip(legs, datas, strict=True)
                  if d.get("status") in PLANNED_STATUSES)
    return RefScore(
        distance_km=dist,
        crossings=sum(leg.crossings for leg in legs),
        time_h=sum(leg.time_h for leg in legs),
        cost_usd=sum(leg.cost_usd for leg in legs),
        score=sum(leg.score for leg in legs),
        transfers=sum(leg.transfers for leg in legs),
        transfer_h=sum(h.time_h for h in handlings),
        transfer_usd=sum(h.cost_usd for h in handlings),
        transfer_co2e_kg=sum(h.co2e_kg for h in handlings),
        handlings=tuple(handlings),
        transshipments=tuple(h for h in handlings if h.mode_change),
        gauge_breaks=tuple(breaks),
        countries=tuple(countries),
        border_crossings=tuple(uses),
        sea_km=sum(leg.distance_km for leg in legs if leg.mode == "sea"),
        planned_share=planned / dist if dist > 0 else 0.0,
        co2e_kg=sum(leg.co2e_kg for leg in legs),
        co2e_ttw_kg=sum(leg.co2e_ttw_kg for leg in legs),
        payload_t=cm.payload_t,
        legs=tuple(legs),
    )


# --- comparison with corridors.scoring.PathScore ----------------------------------------------

def _close(a: float, b: float, rel: float) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=rel)


def differences(ref: RefScore, s: Any, rel: float = 1e-6) -> list[str]:
    """Every figure in which ``ref`` and the ``PathScore`` ``s`` disagree (empty: they agree)."""
    out: list[str] = []

    def num(name: str, a: float, b: float) -> None:
        if not _close(a, b, rel):
            out.append(f"{name}: reference {a!r}, score_path {b!r}")

    def same(name: str, a: Any, b: Any) -> None:
        if a != b:
            out.append(f"{name}: reference {a!r}, score_path {b!r}")

    for name in ("distance_km", "time_h", "cost_usd", "score", "transfer_h", "transfer_usd",
                 "transfer_co2e_kg", "sea_km", "planned_share", "co2e_kg", "co2e_ttw_kg",
                 "payload_t"):
        num(name, getattr(ref, name), getattr(s, name))
    same("crossings", ref.crossings, s.crossings)
    same("transfers", ref.transfers, s.transfers)
    same("countries", ref.countries, tuple(s.countries))
    same("border_crossings", [tuple(getattr(x, f.name) for f in fields(RefCrossingUse))
                              for x in ref.border_crossings],
         [tuple(getattr(x, f.name) for f in fields(RefCrossingUse))
          for x in s.border_crossings])
    same("transshipments", [(str(h.place), h.from_mode, h.to_mode) for h in ref.transshipments],
         [(t.place, t.from_mode, t.to_mode) for t in s.transshipments])
    for i, (h, t) in enumerate(zip(ref.transshipments, s.transshipments, strict=False)):
        num(f"transshipments[{i}].time_h", h.time_h, t.time_h)
        num(f"transshipments[{i}].cost_usd", h.cost_usd, t.cost_usd)
        num(f"transshipments[{i}].co2e_kg", h.co2e_kg, t.co2e_kg)
    same("gauge_breaks", [(str(b.place), b.from_gauge_mm, b.to_gauge_mm, b.crossing)
                          for b in ref.gauge_breaks],
         [(b.place, tuple(b.from_gauge_mm), tuple(b.to_gauge_mm), b.crossing)
          for b in s.gauge_breaks])
    for i, (a, b) in enumerate(zip(ref.gauge_breaks, s.gauge_breaks, strict=False)):
        num(f"gauge_breaks[{i}].time_h", a.time_h, b.time_h)
        num(f"gauge_breaks[{i}].cost_usd", a.cost_usd, b.cost_usd)
        num(f"gauge_breaks[{i}].co2e_kg", a.co2e_kg, b.co2e_kg)
    same("number of legs", len(ref.legs), len(s.legs))
    for i, (a, b) in enumerate(zip(ref.legs, s.legs, strict=False)):
        for name in ("distance_km", "time_h", "cost_usd", "transfer_h", "transfer_usd",
                     "transfer_co2e_kg", "co2e_kg", "co2e_ttw_kg", "score"):
            num(f"legs[{i}].{name}", getattr(a, name), getattr(b, name))
        same(f"legs[{i}].crossings", a.crossings, b.crossings)
        same(f"legs[{i}].transfers", a.transfers, b.transfers)
    return out
