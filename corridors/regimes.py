"""Border regimes: what a crossing costs where no figure of its own is published.

A border inside a customs union is not a Central Asian border. The network knows the customs
unions and free-movement areas on its corridors, with members and dates
(``data/border_regimes.csv``): the Russia-Belarus Union State, the Schengen area, the EU
customs union, the Eurasian Economic Union (and the 2010-2014 customs union before it); the
EU-Türkiye customs union keeps a full customs border and counts as external. A crossing's
*regime* is the first of those that both its countries belong to on the day the network is
built (:data:`PRECEDENCE`), else ``external``.

Where a crossing publishes no time or cost for a direction, the figure comes from, in order:

1. the regime's default for the mode (``data/regime_defaults.csv``: an intra-EU rail border is a
   traction and crew change of about an hour; an EAEU border has no customs clearance), for an
   internal border;
2. for an external border, the ADB CAREC CPMM country figures (``data/cpmm_defaults.csv``):
   the mean of the exit country's *outbound* and the entry country's *inbound* time (or cost)
   by mode, each from its latest year, or of their *all* figures where no direction is
   published (CPMM measures the whole crossing, so the two are two estimates of the same
   figure, not two halves);
3. else the :class:`~corridors.scoring.CostModel` default (the CPMM average over all CAREC
   corridors).

Each figure carries its *basis* (``published``, ``regime eaeu``, ``CPMM 2022 KZ out / CN in``,
``CPMM average``), shown by ``corridors crossings``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from corridors.model import BorderCrossing

__all__ = ["PRECEDENCE", "Membership", "RegimeData", "apply_regimes", "crossing_figures",
           "default_for", "effective_figures", "regime_of"]

#: Regimes in order of precedence: the first shared by both countries applies.
PRECEDENCE: tuple[str, ...] = ("union_state", "schengen", "eu_cu", "eaeu", "cu_by_kz_ru")


@dataclass(frozen=True)
class Membership:
    """A country's membership of a regime (one row of ``border_regimes.csv``)."""

    regime: str
    country: str
    joined: dt.date
    left: dt.date | None = None
    name: str = ""
    kind: str = ""

    def on(self, day: dt.date) -> bool:
        """Tell whether the country is a member on ``day``."""
        return self.joined <= day and (self.left is None or day <= self.left)


@dataclass
class RegimeData:
    """The regime tables of a network, as read and checked."""

    memberships: list[Membership]
    defaults: dict[tuple[str, str], tuple[float | None, float | None, tuple[str, ...]]]
    cpmm: dict[tuple[str, str, str], tuple[float | None, float | None, str]]


def regime_of(memberships: Iterable[Membership], country_a: str, country_b: str,
              day: dt.date) -> str:
    """Return the regime of a border between two countries on ``day`` (or ``"external"``).

    Examples
    --------
    >>> m = [Membership("eaeu", c, dt.date(2015, 1, 1)) for c in ("KZ", "RU")]
    >>> regime_of(m, "KZ", "RU", dt.date(2026, 1, 1)), regime_of(m, "KZ", "CN", dt.date(2026, 1, 1))
    ('eaeu', 'external')
    """
    members: dict[str, set[str]] = {}
    for m in memberships:
        if m.on(day):
            members.setdefault(m.regime, set()).add(m.country)
    for regime in PRECEDENCE:
        got = members.get(regime, set())
        if country_a in got and country_b in got:
            return regime
    return "external"


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _cpmm(data: RegimeData, country_from: str, country_to: str, mode: str, index: int
          ) -> tuple[float | None, str]:
    """CPMM country estimate for a crossing from one country into another (time or cost)."""
    for out_dir, in_dir in (("outbound", "inbound"), ("all", "all")):
        got = []
        label = []
        for country, direction, short in ((country_from, out_dir, "out"),
                                          (country_to, in_dir, "in")):
            row = data.cpmm.get((country, mode, direction))
            if row is not None and row[index] is not None:
                got.append(float(row[index]))  # type: ignore[arg-type]
                label.append(f"{country} {short if direction != 'all' else 'all'} {row[2]}")
        if got:
            return _mean(got), "CPMM " + " / ".join(label)
    return None, ""


def crossing_defaults(rec: BorderCrossing, data: RegimeData, regime: str
                      ) -> tuple[tuple[str, float | None, float | None, str], ...]:
    """Return ``((direction, time_h, cost_usd, basis), ...)`` for both directions of ``rec``."""
    out = []
    for direction, a, b in (("ab", rec.country_a, rec.country_b),
                            ("ba", rec.country_b, rec.country_a)):
        published = ((rec.time_h_ab, rec.cost_usd_ab) if direction == "ab"
                     else (rec.time_h_ba, rec.cost_usd_ba))
        t, c = published
        bases = []
        if t is not None and c is not None:
            out.append((direction, None, None, "published"))
            continue
        fill: list[float | None] = [None, None]
        if regime != "external":
            row = data.defaults.get((regime, rec.mode))
            if row is not None:
                fill = [row[0], row[1]]
                bases.append(f"regime {regime}")
        elif rec.mode in ("road", "rail"):
            for i in (0, 1):
                value, basis = _cpmm(data, a, b, rec.mode, i)
                fill[i] = value
                if value is not None:
                    bases.append(basis)
        basis = "; ".join(dict.fromkeys(bases)) or "CPMM average (cost model)"
        if t is not None or c is not None:
            basis = f"published {'time' if t is not None else 'cost'}; other: {basis}"
        out.append((direction, None if t is not None else fill[0],
                    None if c is not None else fill[1], basis))
    return tuple(out)


def apply_regimes(crossings: Mapping[str, BorderCrossing], data: RegimeData | None,
                  day: dt.date | None = None) -> dict[str, BorderCrossing]:
    """Return the crossings with their ``regime`` and per-direction ``defaults`` filled in."""
    when = day or dt.date.today()
    out = {}
    for cid, rec in crossings.items():
        if data is None:
            out[cid] = rec
            continue
        regime = regime_of(data.memberships, rec.country_a, rec.country_b, when)
        out[cid] = replace(rec, regime=regime, defaults=crossing_defaults(rec, data, regime))
    return out


def default_for(rec: Any, from_post: Any) -> tuple[float | None, float | None, str]:
    """Return the default ``(time_h, cost_usd, basis)`` of a crossing leaving ``from_post``."""
    direction = "ab" if from_post == getattr(rec, "post_a", None) else "ba"
    for d, t, c, basis in getattr(rec, "defaults", ()) or ():
        if d == direction:
            return t, c, basis
    return None, None, "CPMM average (cost model)"


def effective_figures(rec: BorderCrossing, direction: str, crossing_time_h: float,
                      crossing_cost_usd: float) -> tuple[float, float, str]:
    """Return the ``(time_h, cost_usd, basis)`` that scoring uses for one direction.

    ``crossing_time_h`` and ``crossing_cost_usd`` are the cost model's defaults for the
    crossing's mode (the last fallback).
    """
    post = rec.post_a if direction == "ab" else rec.post_b
    t, c = crossing_figures(rec, post)
    basis = default_for(rec, post)[2]
    time_h = crossing_time_h if t is None else t
    cost = crossing_cost_usd if c is None else c
    return float(time_h), float(cost), basis


def crossing_figures(rec: Any, from_post: Any, time_h: float | None = None,
                     cost_usd: float | None = None) -> tuple[float | None, float | None]:
    """Return the crossing's ``(time_h, cost_usd)`` leaving ``from_post``: the one fallback chain.

    The edge's own figures (``time_h``, ``cost_usd``, when given), else the record's published
    figures for this direction, else its border regime's default; None where all are missing
    (the cost model's default for the mode applies). Scoring, reliability and scenarios all
    call this.
    """
    if (time_h is None or cost_usd is None) and rec is not None \
            and from_post in (rec.post_a, rec.post_b):
        if time_h is None:
            time_h = rec.time_h(from_post)
        if cost_usd is None:
            cost_usd = rec.cost_usd(from_post)
        if time_h is None or cost_usd is None:
            t, c, _ = default_for(rec, from_post)
            time_h = t if time_h is None else time_h
            cost_usd = c if cost_usd is None else cost_usd
    return time_h, cost_usd
