"""Emissions per container: a greenhouse-gas intensity for every link and terminal.

The method follows ISO 14083:2023 and the GLEC Framework (v3): the emissions of a transport
chain are the sum of its legs (distance x intensity x cargo mass) and of its hub operations
(per TEU handled), well-to-wheel (WTW: fuel or electricity production plus its use) with
tank-to-wheel (TTW: the vehicle's own exhaust) beside it, in kg CO2e. The full method note,
with what is counted and what is not, is docs/emissions.md.

Three tables of the data directory hold the figures, each with its sources:

* ``emissions.csv`` -- one row per vehicle class (``truck``, ``rail_diesel``,
  ``rail_electric``, ``ferry_rail``, ``feeder_small`` ...) with WTW and TTW g CO2e per
  tonne-km, or for electric traction the energy in kWh per tonne-km; one row per terminal type
  (``mode`` ``terminal``) with kg CO2e per TEU handled. ``default`` marks the class a link of
  that mode gets when nothing more is known.
* ``electricity.csv`` -- per country, the electrified share of the rail network and the grid's
  emission factor (g CO2e per kWh).
* ``link_vehicles.csv`` -- per link, what is known: a rail link's electrified share (1 for an
  electrified line, 0 for diesel, the electrified part for a partly wired one) or a sea link's
  vessel class.

When the network is loaded, :func:`check_emission_tables` gives every link its intensity
(edge attributes ``vehicle``, ``electric_share``, ``co2e_g_tkm``, ``co2e_ttw_g_tkm`` and
``co2e_basis``) and every terminal its handling emissions (``handling_kg_co2e``,
``handling_ttw_kg_co2e`` of its ``transshipment`` record):

* a rail link mixes the electric and the default (diesel) class by its electrified share: its
  own from ``link_vehicles.csv``, else its country's (the mean of both countries' on a
  border-crossing link); electric traction emits ``kwh_per_tkm`` x the grid factor of the
  link's country (the mean of both on a crossing), nothing tank-to-wheel;
* a road or sea link takes its own class from ``link_vehicles.csv``, else its mode's default.

:mod:`corridors.scoring` turns an intensity into kg per TEU with the cost model's payload
(:class:`~corridors.scoring.CostModel` ``payload_t``, 10 t of cargo in an average loaded TEU).
A network built without these tables (a user's own graph) gets the cost model's per-mode
defaults instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from corridors.checker import Checker, by_id, enum_values, provenance
from corridors.errors import shorten
from corridors.model import ISO_3166_ALPHA2, Mode, TransshipmentType

__all__ = ["MAX_G_PER_KWH", "MAX_G_PER_TKM", "Vehicle", "check_emission_tables",
           "link_intensity", "rail_factors", "rail_intensity"]

#: Largest intensity a data file may give, g CO2e per tonne-km (a small Ro-Pax is ~550).
MAX_G_PER_TKM = 5000.0
#: Largest grid factor, g CO2e per kWh (lignite generation is ~1,100-1,300).
MAX_G_PER_KWH = 2000.0
#: Largest energy use of electric traction, kWh per tonne-km.
MAX_KWH_PER_TKM = 1.0
#: Largest handling emissions, kg CO2e per TEU.
MAX_KG_PER_TEU = 1000.0

_VEHICLE_MODES = tuple(enum_values(Mode))
_TERMINAL = "terminal"


@dataclass(frozen=True)
class Vehicle:
    """One vehicle class of ``emissions.csv``.

    Attributes
    ----------
    id, mode, description : str
        The class, its mode (``road``, ``rail``, ``sea``) and what it stands for.
    wtw_g_per_tkm, ttw_g_per_tkm : float or None
        Well-to-wheel and tank-to-wheel g CO2e per tonne-km (None for electric traction, whose
        WTW comes from ``kwh_per_tkm`` and the grid).
    kwh_per_tkm : float or None
        Electricity per tonne-km (electric traction only).
    default : bool
        The class of a link of this mode about which nothing more is known.
    """

    id: str
    mode: str
    description: str
    wtw_g_per_tkm: float | None
    ttw_g_per_tkm: float | None
    kwh_per_tkm: float | None
    default: bool

    @property
    def electric(self) -> bool:
        """True for electric traction (its WTW is energy x grid factor)."""
        return self.kwh_per_tkm is not None


@dataclass(frozen=True)
class _Grid:
    share: float | None
    g_per_kwh: float | None


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def link_intensity(
    link: Mapping[str, Any],
    countries: tuple[str, ...],
    vehicles: Mapping[str, Vehicle],
    grids: Mapping[str, Any],
    known: Mapping[str, Any] | None = None,
    factors: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Return the emission attributes of one link, or None without a class for its mode.

    Parameters
    ----------
    link : mapping
        The link's record (``mode``, ...).
    countries : tuple of str
        The countries of its two ends (one, or two on a border crossing).
    vehicles : mapping of str to Vehicle
        The classes of ``emissions.csv``.
    grids : mapping
        Per country, an object with ``share`` (electrified share of the rail network) and
        ``g_per_kwh`` (grid factor), either None when unknown.
    known : mapping, optional
        The link's row of ``link_vehicles.csv``: ``vehicle`` and/or ``electric_share``.
    factors : mapping, optional
        :func:`rail_factors` of ``vehicles`` and ``grids`` (computed when not given).

    Returns
    -------
    dict or None
        ``vehicle``, ``electric_share`` (rail only, else None), ``co2e_g_tkm``,
        ``co2e_ttw_g_tkm`` and ``co2e_basis`` (how the figure was reached, for the legs).
    """
    mode = link.get("mode")
    known = known or {}
    defaults = {v.mode: v for v in vehicles.values() if v.default and not v.electric}
    own = vehicles.get(known.get("vehicle") or "")
    if mode != Mode.RAIL or (own is not None and known.get("electric_share") is None):
        vehicle = own or defaults.get(str(mode))
        if vehicle is None:
            return None
        if vehicle.electric:
            grid = _mean([getattr(grids.get(c), "g_per_kwh", None) for c in countries])
            if grid is None:
                return None
            wtw, ttw = vehicle.kwh_per_tkm * grid, 0.0  # type: ignore[operator]
            basis = f"{vehicle.id}, grid {grid:.0f} g/kWh ({'/'.join(countries)})"
            return _attrs(vehicle.id, 1.0, wtw, ttw, basis)
        basis = vehicle.id if own is not None else f"{vehicle.id} (default for {mode})"
        return _attrs(vehicle.id, None if mode != Mode.RAIL else 0.0,
                      vehicle.wtw_g_per_tkm, vehicle.ttw_g_per_tkm, basis)
    if factors is None:
        factors = rail_factors(vehicles, grids)
    share = known.get("electric_share")
    whose = "line"
    if share is None:
        share = _mean([getattr(grids.get(c), "share", None) for c in countries])
        whose = "country share" if share is not None else "no data"
    if factors["diesel"] is None and (factors["electric"] is None or float(share or 0.0) < 1.0):
        return None
    return rail_intensity(float(share or 0.0), countries, factors, whose)


def rail_factors(vehicles: Mapping[str, Vehicle], grids: Mapping[str, Any]) -> dict[str, Any]:
    """Return what :func:`rail_intensity` needs: the electric and diesel rail classes, the grids.

    ``electric``: ``(class id, kWh per tonne-km)`` or None; ``diesel`` (the default rail
    class): ``(class id, WTW, TTW)`` or None; ``grid_g_co2e_per_kwh``: country -> g per kWh.
    """
    diesel = next((v for v in vehicles.values() if v.mode == "rail" and v.default
                   and not v.electric), None)
    electric = next((v for v in vehicles.values() if v.mode == "rail" and v.electric), None)
    return {
        "electric": (electric.id, electric.kwh_per_tkm) if electric else None,
        "diesel": (diesel.id, diesel.wtw_g_per_tkm, diesel.ttw_g_per_tkm) if diesel else None,
        "grid_g_co2e_per_kwh": {c: g.g_per_kwh for c, g in grids.items()
                                if g.g_per_kwh is not None},
    }


def rail_intensity(share: float, countries: tuple[str, ...], factors: Mapping[str, Any],
                   whose: str = "line") -> dict[str, Any]:
    """Return the emission attributes of a rail line with ``share`` of it electrified.

    Parameters
    ----------
    share : float
        Electrified share of the line, 0 to 1.
    countries : tuple of str
        The countries the line runs in (its two ends): electric traction emits at the mean of
        their grid factors.
    factors : mapping
        ``electric``: ``(class id, kWh per tonne-km)`` or None; ``diesel``: ``(class id, WTW,
        TTW)`` or None; ``grid_g_co2e_per_kwh``: country -> g CO2e per kWh. The network keeps
        them as ``G.graph["emission_factors"]`` (so scenarios can electrify a line).
    whose : str
        Whose share it is, for ``co2e_basis`` (``"line"``, ``"country share"``, ``"scenario"``).

    Returns
    -------
    dict
        ``vehicle``, ``electric_share``, ``co2e_g_tkm``, ``co2e_ttw_g_tkm``, ``co2e_basis``.
        Without an electric class or a grid factor for the countries the line is diesel.
    """
    electric, diesel = factors.get("electric"), factors.get("diesel")
    grids = factors.get("grid_g_co2e_per_kwh") or {}
    grid = _mean([grids.get(c) for c in countries])
    if electric is None or grid is None:
        share = 0.0  # no electric class or no grid factor: diesel
    if diesel is None:
        diesel = (electric[0], 0.0, 0.0)  # an all-electric network (share is 1 here)
    e_wtw = electric[1] * grid if share and electric and grid is not None else 0.0
    wtw = share * e_wtw + (1.0 - share) * (diesel[1] or 0.0)
    ttw = (1.0 - share) * (diesel[2] or 0.0)
    where = "/".join(countries)
    if share >= 1.0:
        basis = f"electric ({whose}), grid {grid:.0f} g/kWh ({where})"
        vid = electric[0]  # type: ignore[index]
    elif share <= 0.0:
        basis = f"{diesel[0]} ({whose})"
        vid = diesel[0]
    else:
        basis = f"{share:.0%} electric ({whose}, {where}), rest {diesel[0]}"
        vid = "rail_mixed"
    return _attrs(vid, share, wtw, ttw, basis)


def _attrs(vehicle: str, share: float | None, wtw: float | None, ttw: float | None,
           basis: str) -> dict[str, Any]:
    return {"vehicle": vehicle, "electric_share": share,
            "co2e_g_tkm": float(wtw or 0.0), "co2e_ttw_g_tkm": float(ttw or 0.0),
            "co2e_basis": basis}


def _vehicles(ck: Checker, rows: list[Any], sources: Mapping[str, Any]
              ) -> tuple[dict[str, Vehicle], dict[str, tuple[float, float]]]:
    vehicles: dict[str, Vehicle] = {}
    terminals: dict[str, tuple[float, float]] = {}
    defaults: dict[str, Any] = {}
    for row, ident in by_id(ck, rows):
        ck.slug(row, "id")
        mode = ck.choice(row, "mode", (*_VEHICLE_MODES, _TERMINAL))
        provenance(ck, row, sources)  # type: ignore[arg-type]
        if mode == _TERMINAL:
            if ident not in enum_values(TransshipmentType):
                ck.add(row, "id", f"{shorten(ident)} is not a terminal type: "
                       + ", ".join(enum_values(TransshipmentType)))
            wtw = ck.number(row, "handling_kg_co2e", required=True, minimum=0,
                            maximum=MAX_KG_PER_TEU)
            ttw = ck.number(row, "handling_ttw_kg_co2e", required=True, minimum=0,
                            maximum=MAX_KG_PER_TEU)
            if wtw is not None and ttw is not None:
                if ttw > wtw:
                    ck.add(row, "handling_ttw_kg_co2e",
                           f"{ttw:g} is above the well-to-wheel {wtw:g}: tank-to-wheel is a "
                           "part of well-to-wheel")
                terminals[ident] = (wtw, ttw)
            continue
        kwh = ck.number(row, "kwh_per_tkm", positive=True, maximum=MAX_KWH_PER_TKM)
        wtw = ck.number(row, "wtw_g_per_tkm", required=kwh is None, minimum=0,
                        maximum=MAX_G_PER_TKM)
        ttw = ck.number(row, "ttw_g_per_tkm", required=kwh is None, minimum=0,
                        maximum=MAX_G_PER_TKM)
        if kwh is not None and mode != Mode.RAIL:
            ck.add(row, "kwh_per_tkm", "only rail classes (electric traction) give kWh per "
                   "tonne-km; give wtw_g_per_tkm and ttw_g_per_tkm instead")
        if wtw is not None and ttw is not None and ttw > wtw:
            ck.add(row, "ttw_g_per_tkm", f"{ttw:g} is above the well-to-wheel {wtw:g}: "
                   "tank-to-wheel is a part of well-to-wheel")
        default = ck.choice(row, "default", ("yes", "no", "")) == "yes"
        if default:
            if kwh is not None:
                ck.add(row, "default", "the default class of a mode is not electric: the "
                       "electrified share of each line or country decides electric traction")
            elif mode in defaults:
                ck.add(row, "default", f"{shorten(mode)} already has a default class "
                       f"({defaults[mode].get('id')} at row {defaults[mode].line})")
            else:
                defaults[mode] = row
        vehicles[ident] = Vehicle(ident, mode, row.get("description"), wtw, ttw, kwh, default)
    electric = [v for v in vehicles.values() if v.electric]
    if len(electric) > 1:
        ck.add(None, "kwh_per_tkm", "more than one electric rail class ("
               + ", ".join(v.id for v in electric) + "); keep one", file="emissions.csv")
    return vehicles, terminals


def check_emission_tables(ck: Checker, tables: Any, rec: Any) -> None:
    """Check ``emissions.csv``, ``electricity.csv`` and ``link_vehicles.csv``; set intensities.

    Called by :func:`corridors.validate.check_tables` once the links and terminals are read.
    Every problem goes to ``ck`` with file, row and column. Without any row of
    ``emissions.csv`` the links keep no intensity (the cost model's defaults apply).
    """
    vehicles, terminals = _vehicles(ck, tables.rows.get("emissions", []), rec.sources)
    grids: dict[str, _Grid] = {}
    for row, ident in by_id(ck, tables.rows.get("electricity", []), key="country"):
        if ident not in ISO_3166_ALPHA2:
            ck.add(row, "country", f"{shorten(ident)} is not an ISO 3166-1 alpha-2 code like "
                   "'KZ'")
        provenance(ck, row, rec.sources)
        grids[ident] = _Grid(
            ck.number(row, "rail_electrified_share", minimum=0, maximum=1),
            ck.number(row, "grid_g_co2e_per_kwh", minimum=0, maximum=MAX_G_PER_KWH))
    known: dict[str, dict[str, Any]] = {}
    for row, ident in by_id(ck, tables.rows.get("link_vehicles", []), key="link"):
        provenance(ck, row, rec.sources)
        link = rec.links.get(ident)
        if link is None:
            ck.add(row, "link", f"unknown link id {shorten(ident)}; add it to links.csv")
            continue
        vid = row.get("vehicle")
        share = ck.number(row, "electric_share", minimum=0, maximum=1)
        if vid:
            v = vehicles.get(vid)
            if v is None:
                ck.add(row, "vehicle", f"{shorten(vid)} is not a vehicle class of "
                       "emissions.csv")
            elif v.mode != link["mode"]:
                ck.add(row, "vehicle", f"{shorten(vid)} is a {v.mode} class, link "
                       f"{shorten(ident)} is {link['mode']}")
        if share is not None and link["mode"] != Mode.RAIL:
            ck.add(row, "electric_share", f"only rail links have an electrified share, "
                   f"{shorten(ident)} is {link['mode']}")
        if not vid and share is None:
            ck.add(row, "vehicle", "give the link's vehicle class or its electric_share")
        known[ident] = {"vehicle": vid, "electric_share": share}
    if not vehicles:
        return
    rec.emission_factors = rail_factors(vehicles, grids)
    for ident, link in rec.links.items():
        countries = tuple(dict.fromkeys(
            c for c in (rec.places.get(link["from"], {}).get("country"),
                        rec.places.get(link["to"], {}).get("country")) if c))
        attrs = link_intensity(link, countries, vehicles, grids, known.get(ident),
                               rec.emission_factors)
        if attrs is not None:
            link.update(attrs)
    for record in rec.transshipments.values():
        figures = terminals.get(record.get("type"))
        if figures is not None:
            record["handling_kg_co2e"], record["handling_ttw_kg_co2e"] = figures
