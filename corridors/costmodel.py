"""The cost model and the objectives: what a kilometre, an hour and a border cost.

:class:`CostModel` holds the figures the scorer (:mod:`corridors.scoring`) uses wherever the
network publishes none: running speeds and rates per mode, border-crossing times and costs,
port dwell, transfers. Its defaults are the ADB CAREC CPMM 2022 averages (``adb_cpmm_2022``
in data/sources.csv), the Caspian ferries' service speed, and stated assumptions; every
figure is checked (finite, in range, modes rail, road and sea only). :class:`ScoreWeights`
turns a route's km, crossings, hours, USD and transfers into one number; :data:`PROFILES`
and :data:`OBJECTIVES` name the usual ones (``generalized``, the default, is USD per TEU
plus :data:`VALUE_OF_TIME_USD_PER_TEU_H` per hour).

Everything here is re-exported by :mod:`corridors.scoring`, where it has always been.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from corridors.errors import ArgumentTypeError, ConstraintError, shorten

__all__ = [
    "CARBON_PRICE_USD_PER_T_CO2E",
    "DEFAULT_COST_MODEL",
    "DEFAULT_OBJECTIVE",
    "DEFAULT_WEIGHTS",
    "HOURS_PER_WEEK",
    "MAX_COST_MODEL_FIGURE",
    "MIN_SPEED_KMH",
    "OBJECTIVES",
    "PROFILES",
    "VALUE_OF_TIME_USD_PER_TEU_H",
    "CostModel",
    "ScoreWeights",
    "check_cost_model",
    "resolve_objective",
]

HOURS_PER_WEEK = 168.0

# --- CPMM 2022 (ADB CAREC Corridor Performance Measurement and Monitoring, 2022 report, all
# --- CAREC corridors, road and rail chapters; cpmm.carecprogram.org; `adb_cpmm_2022` in
# --- data/sources.csv).
_CPMM_ROAD_SPEED_KMH = 42.0  # road speed without delay (crossing delays are added explicitly)
_CPMM_RAIL_SPEED_KMH = 53.9  # rail speed without delay
_CPMM_ROAD_USD_PER_500KM = 945.0  # road corridor cost per 500 km per 20 t (~ one TEU)
_CPMM_RAIL_USD_PER_500KM = 804.0  # rail corridor cost per 500 km per 20 t
_CPMM_ROAD_BCP_H = 9.9  # time to clear a road border crossing point, both sides, waiting incl.
_CPMM_RAIL_BCP_H = 40.6  # time at a rail border crossing point
_CPMM_ROAD_BCP_USD = 208.0  # cost at a road BCP (unofficial payments included)
_CPMM_RAIL_BCP_USD = 215.0  # cost at a rail BCP

# --- Caspian rail ferries and Ro-Pax: 14 knots service speed (ASCO; sources
# --- trend_ropax_azerbaijan_2021, portnews_asco_ropax3_2022 in data/sources.csv).
_SEA_SPEED_KMH = round(14 * 1.852, 1)

#: Value of time of a loaded TEU, USD per hour: the shipper's cost of the cargo's time (the
#: carrier's vehicle and crew are in the tariffs). Hummels & Schaur (2013) value a day in
#: transit at 0.6-2.1% of the goods' value; with ~USD 45,000 of cargo per loaded TEU
#: (China-Europe rail 38,000, Xinhua 2024; UTLC ERA 47,000, 2021) that is 11-39 USD per
#: TEU-hour. 30 (1.6% a day) is taken: the boxes on these corridors are mostly manufactured
#: goods that chose rail over sea for speed, and it is the value in that range at which the
#: default answer stays within 1.3x of the fastest route's time and of the cheapest route's
#: cost on the reference set of tests/test_default_objective.py (5, the China-Europe rail
#: shippers' revealed premium over sea, gives routes twice as slow as the fastest for 3% less
#: money). Sources: hummels_schaur_2013, xinhua_de_100000_trains_2024, utlc_przybylski_2021,
#: porteconomics_container_value, blog_rail_sea_rates_2015.
VALUE_OF_TIME_USD_PER_TEU_H = 30.0

#: Shadow price of carbon, USD per tonne CO2e: the middle of the range the High-Level Commission
#: on Carbon Prices (Stern-Stiglitz, 2017) recommends for 2030, USD 50-100 (40-80 by 2020),
#: which the World Bank uses in project appraisal (source ``hlccp_2017``). Used by the
#: ``generalized_co2`` profile only.
CARBON_PRICE_USD_PER_T_CO2E = 75.0

# --- Emission defaults for a network without its own intensities: the default classes of
# --- data/emissions.csv (truck, rail_diesel, ferry_ro_pax; a dry port's handling), where each
# --- is sourced. A test checks they agree.
_PAYLOAD_T = 10.0  # net cargo tonnes in a loaded TEU (IMO EEOI guidelines, imo_eeoi_teu_mass)
_CO2E_WTW_G_TKM = {"road": 102.73, "rail": 38.3, "sea": 129.7}
_CO2E_TTW_G_TKM = {"road": 84.73, "rail": 31.59, "sea": 110.6}
_HANDLING_KG_CO2E = 7.0  # one handling at an inland terminal, WTW (hhla_co2_per_container)
_HANDLING_TTW_KG_CO2E = 5.6

# --- Assumptions (no CPMM figure): one change of mode between consecutive legs.
_TRANSFER_H = 12.0  # lift off/on, terminal handling and waiting for the next departure
_TRANSFER_USD = 100.0  # terminal handling (lift off + lift on) per TEU


#: Largest figure a :class:`CostModel` accepts (km/h, USD per km, hours, USD, sailings a
#: week): a bigger one is a typo, and would carry the totals of routes towards infinity.
MAX_COST_MODEL_FIGURE = 1e6
#: Smallest running speed a :class:`CostModel` accepts, km/h.
MIN_SPEED_KMH = 0.1


def _figure(value: Any, what: str, *, minimum: float = 0.0, positive: bool = False) -> float:
    """Return a cost-model figure as a float, or raise ConstraintError saying what is wrong.

    A value that is not a number (a bool, a string ...) raises ArgumentTypeError.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"CostModel.{what} must be a number, got "
                                f"{type(value).__name__} {shorten(value)}")
    x = float(value)
    if (not math.isfinite(x) or x < minimum or (positive and x <= 0)
            or x > MAX_COST_MODEL_FIGURE):
        low = f"> {minimum:g}" if positive and minimum == 0 else f">= {minimum:g}"
        raise ConstraintError(f"CostModel.{what} must be a finite number {low} and <= "
                              f"{MAX_COST_MODEL_FIGURE:g}, got {shorten(value)}")
    return x


def _frozen_map(defaults: Mapping[str, float], given: Mapping[str, float] | None,
                what: str) -> Mapping[str, float]:
    merged = dict(defaults)
    if given is not None:
        if not isinstance(given, Mapping):
            raise ArgumentTypeError(f"CostModel.{what} must be a mapping of mode to number, "
                                    f"e.g. {{'rail': 1.0}}, got {type(given).__name__} "
                                    f"{shorten(given)}")
        for key, value in given.items():
            if key not in defaults:
                import difflib

                close = difflib.get_close_matches(str(key), list(defaults), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ConstraintError(f"CostModel.{what}: unknown mode {shorten(key)}{hint} "
                                      f"(modes: {', '.join(defaults)})")
            merged[key] = _figure(value, f"{what}[{key!r}]",
                                  minimum=MIN_SPEED_KMH if what == "speed_kmh" else 0.0)
    return MappingProxyType(merged)


_T = TypeVar("_T")


def _keyword_checked(cls: type[_T]) -> type[_T]:
    """Make a dataclass refuse unknown keywords and extra positional arguments.

    Raises :class:`~corridors.errors.ArgumentTypeError` (with "did you mean") instead of the
    bare TypeError of the generated ``__init__``. Apply it above ``@dataclass``.
    """
    init = cls.__init__
    fields = [f for f in dataclasses.fields(cls) if f.init]  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    positional = tuple(f.name for f in fields if not f.kw_only)

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(positional):
            raise ArgumentTypeError(f"{cls.__name__} takes at most {len(positional)} positional "
                                    f"arguments ({', '.join(positional)}), got {len(args)}")
        if any(k not in names for k in kwargs):
            from corridors.network import check_keywords

            check_keywords(kwargs, names, cls.__name__)
        init(self, *args, **kwargs)

    cls.__init__ = __init__  # type: ignore[method-assign]
    return cls


@_keyword_checked
@dataclass(frozen=True, eq=False)
class CostModel:
    """Speeds, rates and default waits that turn a link into hours and USD per TEU.

    Every default is sourced (CPMM 2022) or flagged as an assumption below; override any of
    them, e.g. ``CostModel(speed_kmh={"road": 23.4})`` (mappings are merged into the defaults;
    their keys are the modes ``road``, ``rail`` and ``sea``). Every figure is a finite number
    from 0 to :data:`MAX_COST_MODEL_FIGURE`; speeds are at least :data:`MIN_SPEED_KMH` and
    ``sailings_per_week`` is above 0. Anything else raises
    :class:`~corridors.errors.ConstraintError`: a figure that is not a number at all (a
    string, a bool), a mapping given as something else, or an unknown keyword (a typo such
    as ``speedkmh``) raises its subclass :class:`~corridors.errors.ArgumentTypeError`.

    Parameters
    ----------
    speed_kmh : mapping of str to float
        Running speed per mode. road 42.0 and rail 53.9 are CPMM 2022 speeds *without* delay
        (the delays at border crossings are added explicitly, so the "with delay" speed would
        count them twice). sea 25.9 is the 14-knot service speed of the Caspian rail ferries
        and Ro-Pax (ASCO, sources ``trend_ropax_azerbaijan_2021``, ``portnews_asco_ropax3_2022``);
        a sea link's own ``speed_kmh`` (its vessels' service speed) takes precedence.
    rate_usd_per_km : mapping of str to float
        Running cost per km per TEU. road 945/500 = 1.89 and rail 804/500 = 1.608 are CPMM 2022
        corridor costs per 500 km per 20 t (taken as one TEU). sea 1.0 is an **assumption**
        (Caspian ferry tariffs are quoted per box and vary widely; override it when known).
    crossing_time_h : mapping of str to float
        Time at a border crossing where its record publishes none, per mode: road 9.9 h and
        rail 40.6 h (CPMM 2022, time at a BCP, both sides, waiting included); sea 24.0 h is an
        **assumption** for port customs and border formalities.
    crossing_cost_usd : mapping of str to float
        Cost at a border crossing where none is published: road 208, rail 215 (CPMM 2022, cost
        at a BCP); sea 250 is an **assumption**.
    port_dwell_h : float
        Dwell per port call of a sea edge (charged at both end ports) where neither the port's
        ``transshipment["dwell_h"]`` nor its terminal type's default is given. 24 h is an
        **assumption**.
    port_handling_usd : float
        Extra fee per TEU per port call of a sea edge. 0 by default: the lift between the ship
        and the train or truck is the port terminal's handling, charged as a transfer where the
        container changes mode (``data/transshipments.csv``, ``data/terminal_types.csv``), so a
        per-call fee here would count it twice.
    sailings_per_week : float
        Ferry frequency used where a sea link does not give ``sailings_per_week``; the wait is
        half the headway, ``0.5 * 168 / sailings_per_week``. 2.0 (a 42 h wait) is an
        **assumption** matching irregular Caspian ferry service.
    transfer_h : float
        Handling time of a change of mode (or break of gauge) at a terminal that publishes none
        and whose type has no default (``data/terminal_types.csv`` gives the defaults of the
        built-in network). 12 h is an **assumption**.
    transfer_usd : float
        Handling cost per TEU of such a change. 100 USD is an **assumption**.
    payload_t : float
        Net cargo tonnes in one TEU, by which every emission intensity (g CO2e per tonne-km) is
        multiplied: 10 t per loaded TEU is the convention of the IMO EEOI guidelines (source
        ``imo_eeoi_teu_mass``), also used to turn GLEC's per-TEU-km sea values into tonne-km.
        A route's ``co2e_kg`` is per TEU at this payload.
    co2e_g_per_tkm, co2e_ttw_g_per_tkm : mapping of str to float
        Well-to-wheel and tank-to-wheel intensity per mode, g CO2e per tonne-km, for an edge that
        carries none of its own (a network built without ``data/emissions.csv``). The built-in
        network gives every link its own intensity from its vehicle, traction and country grid
        (:mod:`corridors.emissions`); these defaults are its default classes (``truck``,
        ``rail_diesel``, ``ferry_ro_pax``).
    handling_kg_co2e, handling_ttw_kg_co2e : float
        Emissions of one handling (a change of mode or a break of gauge) per TEU, well-to-wheel
        and tank-to-wheel, at a terminal whose record gives none.
    """

    speed_kmh: Mapping[str, float] = field(default_factory=dict)
    rate_usd_per_km: Mapping[str, float] = field(default_factory=dict)
    crossing_time_h: Mapping[str, float] = field(default_factory=dict)
    crossing_cost_usd: Mapping[str, float] = field(default_factory=dict)
    port_dwell_h: float = 24.0
    port_handling_usd: float = 0.0
    sailings_per_week: float = 2.0
    transfer_h: float = _TRANSFER_H
    transfer_usd: float = _TRANSFER_USD
    payload_t: float = _PAYLOAD_T
    co2e_g_per_tkm: Mapping[str, float] = field(default_factory=dict)
    co2e_ttw_g_per_tkm: Mapping[str, float] = field(default_factory=dict)
    handling_kg_co2e: float = _HANDLING_KG_CO2E
    handling_ttw_kg_co2e: float = _HANDLING_TTW_KG_CO2E

    def __post_init__(self) -> None:
        maps = {
            "speed_kmh": {"road": _CPMM_ROAD_SPEED_KMH, "rail": _CPMM_RAIL_SPEED_KMH,
                          "sea": _SEA_SPEED_KMH},
            "rate_usd_per_km": {"road": _CPMM_ROAD_USD_PER_500KM / 500.0,
                                "rail": _CPMM_RAIL_USD_PER_500KM / 500.0, "sea": 1.0},
            "crossing_time_h": {"road": _CPMM_ROAD_BCP_H, "rail": _CPMM_RAIL_BCP_H,
                                "sea": 24.0},
            "crossing_cost_usd": {"road": _CPMM_ROAD_BCP_USD, "rail": _CPMM_RAIL_BCP_USD,
                                  "sea": 250.0},
            "co2e_g_per_tkm": _CO2E_WTW_G_TKM,
            "co2e_ttw_g_per_tkm": _CO2E_TTW_G_TKM,
        }
        for name, defaults in maps.items():
            object.__setattr__(self, name, _frozen_map(defaults, getattr(self, name), name))
        for name in ("port_dwell_h", "port_handling_usd", "sailings_per_week", "transfer_h",
                     "transfer_usd", "payload_t", "handling_kg_co2e", "handling_ttw_kg_co2e"):
            value = _figure(getattr(self, name), name,
                            positive=name in ("sailings_per_week", "payload_t"))
            object.__setattr__(self, name, value)

    def _key(self) -> tuple[Any, ...]:
        return (tuple(sorted(self.speed_kmh.items())), tuple(sorted(self.rate_usd_per_km.items())),
                tuple(sorted(self.crossing_time_h.items())),
                tuple(sorted(self.crossing_cost_usd.items())), self.port_dwell_h,
                self.port_handling_usd, self.sailings_per_week, self.transfer_h,
                self.transfer_usd, self.payload_t, tuple(sorted(self.co2e_g_per_tkm.items())),
                tuple(sorted(self.co2e_ttw_g_per_tkm.items())), self.handling_kg_co2e,
                self.handling_ttw_kg_co2e)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CostModel) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def ferry_wait_h(self, sailings_per_week: float | None) -> float:
        """Return the expected wait for a sailing: half the headway.

        Parameters
        ----------
        sailings_per_week : float or None
            Frequency of the service; None, NaN or a non-positive value means unknown, and the
            model's default frequency is used.
        """
        if sailings_per_week is None or not sailings_per_week > 0:
            sailings_per_week = self.sailings_per_week
        return 0.5 * HOURS_PER_WEEK / float(sailings_per_week)


#: The cost model used when none is given.
DEFAULT_COST_MODEL = CostModel()


def check_cost_model(cost_model: Any) -> None:
    """Raise :class:`~corridors.errors.ArgumentTypeError` unless ``cost_model`` is a CostModel.

    None passes (it means :data:`DEFAULT_COST_MODEL`).
    """
    if cost_model is not None and not isinstance(cost_model, CostModel):
        raise ArgumentTypeError(f"cost_model must be a corridors.scoring.CostModel (e.g. "
                                f"CostModel(speed_kmh={{'road': 50}})), got "
                                f"{type(cost_model).__name__} {shorten(cost_model)}")


@_keyword_checked
@dataclass(frozen=True)
class ScoreWeights:
    """Coefficients of the weighted score of a route.

    ``score = km * distance_km + crossing_penalty_km * crossings + hours_km * time_h
    + usd_km * cost_usd + transfer_penalty_km * transfers + co2e_km * co2e_kg``, where
    ``time_h``, ``cost_usd`` and ``co2e_kg`` include the transfers' own time, cost and
    emissions (:class:`CostModel` ``transfer_h``, ``transfer_usd``, ``handling_kg_co2e``).
    With the defaults a border crossing "costs" 250 km of detour and a change of mode 100 km.

    Parameters
    ----------
    km : float
        Weight of one km of distance (default 1).
    crossing_penalty_km : float
        Penalty per border crossing, in km (default 250).
    hours_km : float
        Weight of one hour of travel time, in km (default 0). Transfers add
        ``CostModel.transfer_h`` hours each.
    usd_km : float
        Weight of one USD per TEU, in km (default 0). Transfers add ``CostModel.transfer_usd``
        each.
    transfer_penalty_km : float
        Penalty per change of mode between consecutive legs, in km (default 100, an
        **assumption**: enough to keep a distance-led route from hopping between road and
        rail at every town, small against a real detour). It comes on top of the transfer's
        time and cost at ``hours_km`` and ``usd_km``.
    name : str
        Label shown on routes (default ``"score"``).
    co2e_km : float
        Weight of one kg CO2e (well-to-wheel, per TEU), in km (default 0; keyword only). With
        ``usd_km=1`` it is a carbon price in USD per kg (``generalized_co2``).
    """

    km: float = 1.0
    crossing_penalty_km: float = 250.0
    hours_km: float = 0.0
    usd_km: float = 0.0
    transfer_penalty_km: float = 100.0
    name: str = "score"
    co2e_km: float = field(default=0.0, kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise ArgumentTypeError(f"ScoreWeights.name must be a string, got "
                                    f"{type(self.name).__name__} {shorten(self.name)}")
        for attr in ("km", "crossing_penalty_km", "hours_km", "usd_km", "transfer_penalty_km",
                     "co2e_km"):
            value = getattr(self, attr)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ArgumentTypeError(f"ScoreWeights.{attr} must be a finite number >= 0, "
                                        f"got {type(value).__name__} {shorten(value)}")
            if not math.isfinite(value) or value < 0:
                raise ConstraintError(f"ScoreWeights.{attr} must be a finite number >= 0, "
                                      f"got {shorten(value)}")
            object.__setattr__(self, attr, float(value))

    def score(self, distance_km: float, crossings: float, time_h: float,
              cost_usd: float, transfers: float = 0, co2e_kg: float = 0.0) -> float:
        """Return the weighted score of the given terms (the one formula used everywhere)."""
        s = (self.km * distance_km + self.crossing_penalty_km * crossings
             + self.hours_km * time_h + self.usd_km * cost_usd)
        if transfers:
            s += self.transfer_penalty_km * transfers
        if self.co2e_km:
            s += self.co2e_km * co2e_kg
        return s

    def transfer_score(self, cost_model: CostModel | None = None) -> float:
        """Return the score of one change of mode: penalty plus its time and cost at weight.

        Parameters
        ----------
        cost_model : CostModel, optional
            Gives ``transfer_h`` and ``transfer_usd`` (:data:`DEFAULT_COST_MODEL` when omitted).

        Examples
        --------
        >>> ScoreWeights().transfer_score()
        100.0
        >>> PROFILES["fastest"].transfer_score(CostModel(transfer_h=6))
        6.0
        """
        m = DEFAULT_COST_MODEL if cost_model is None else cost_model
        return self.score(0.0, 0, m.transfer_h, m.transfer_usd, 1, m.handling_kg_co2e)


#: The default weighted score: km + 250 km per border crossing + 100 km per change of mode.
DEFAULT_WEIGHTS = ScoreWeights()

#: Named profiles:
#:
#: * ``generalized`` -- the default objective: generalized cost per TEU in USD, money plus
#:   :data:`VALUE_OF_TIME_USD_PER_TEU_H` per hour (transfers count their handling time and
#:   money, no extra penalty). What a forwarder weighs: cheap, unless it is much slower.
#: * ``score`` -- :data:`DEFAULT_WEIGHTS`: km, 250 km per crossing, 100 km per transfer (the
#:   card's "distance and border crossings" score).
#: * ``shortest`` -- km only (transfer-free, like the distance it measures).
#: * ``fewest_crossings`` -- lexicographic (crossings first, then km) while routes are shorter
#:   than 1,000,000 km; transfer-free.
#: * ``fastest`` -- hours; each transfer counts its ``CostModel.transfer_h``.
#: * ``cheapest`` -- USD per TEU; each transfer counts its ``CostModel.transfer_usd``.
#: * ``balanced`` -- the default score plus time at road speed (1 h = 42 km, CPMM) and cost at
#:   the road rate (1 USD = 1/1.89 km, CPMM): 250 km per crossing and 100 km per transfer on
#:   top of their time and cost.
#: * ``lowest_co2e`` -- kg CO2e per TEU, well-to-wheel (:mod:`corridors.emissions`); each
#:   handling at a terminal counts its emissions.
#: * ``generalized_co2`` -- ``generalized`` plus :data:`CARBON_PRICE_USD_PER_T_CO2E` per tonne
#:   of CO2e: what the route costs society, not only the shipper.
PROFILES: Mapping[str, ScoreWeights] = MappingProxyType({
    "generalized": ScoreWeights(0.0, 0.0, VALUE_OF_TIME_USD_PER_TEU_H, 1.0, 0.0,
                                name="generalized"),
    "score": DEFAULT_WEIGHTS,
    "shortest": ScoreWeights(1.0, 0.0, 0.0, 0.0, 0.0, name="shortest"),
    "fewest_crossings": ScoreWeights(1.0, 1e6, 0.0, 0.0, 0.0, name="fewest_crossings"),
    "fastest": ScoreWeights(0.0, 0.0, 1.0, 0.0, 0.0, name="fastest"),
    "cheapest": ScoreWeights(0.0, 0.0, 0.0, 1.0, 0.0, name="cheapest"),
    "balanced": ScoreWeights(1.0, 250.0, _CPMM_ROAD_SPEED_KMH,
                             500.0 / _CPMM_ROAD_USD_PER_500KM, 100.0, name="balanced"),
    "lowest_co2e": ScoreWeights(0.0, 0.0, 0.0, 0.0, 0.0, name="lowest_co2e", co2e_km=1.0),
    "generalized_co2": ScoreWeights(0.0, 0.0, VALUE_OF_TIME_USD_PER_TEU_H, 1.0, 0.0,
                                    name="generalized_co2",
                                    co2e_km=CARBON_PRICE_USD_PER_T_CO2E / 1000.0),
})

#: Objective names accepted by the routing functions and the profile each one means.
OBJECTIVES: Mapping[str, str] = MappingProxyType({
    "distance": "shortest",
    "crossings": "fewest_crossings",
    "time": "fastest",
    "cost": "cheapest",
    "generalized_cost": "generalized",
    "co2e": "lowest_co2e",
    "emissions": "lowest_co2e",
    **{name: name for name in PROFILES},
})

#: The objective used when none is given.
DEFAULT_OBJECTIVE = "generalized"


def resolve_objective(objective: str | ScoreWeights) -> ScoreWeights:
    """Return the :class:`ScoreWeights` of an objective name, profile name or weights.

    Parameters
    ----------
    objective : str or ScoreWeights
        ``"distance"``, ``"crossings"``, ``"time"``, ``"cost"``, ``"co2e"``, ``"score"``, a
        profile name from :data:`PROFILES` or explicit weights.

    Raises
    ------
    ArgumentTypeError
        If ``objective`` is neither a string nor a ScoreWeights.
    ConstraintError
        If the name is unknown.
    """
    if isinstance(objective, ScoreWeights):
        return objective
    if not isinstance(objective, str):
        raise ArgumentTypeError(f"objective must be a name such as 'fastest' or a ScoreWeights, "
                                f"got {type(objective).__name__} {shorten(objective)} (names: "
                                f"{', '.join(sorted(OBJECTIVES))})")
    if objective in OBJECTIVES:
        return PROFILES[OBJECTIVES[objective]]
    import difflib

    close = difflib.get_close_matches(objective, list(OBJECTIVES), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ConstraintError(f"unknown objective {shorten(objective)}{hint} (use one of "
                          f"{', '.join(sorted(OBJECTIVES))} or a ScoreWeights)")
