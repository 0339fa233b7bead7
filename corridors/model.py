"""Vocabulary of the network: modes, kinds, statuses, regions and graph attribute names.

The network is a plain :class:`networkx.MultiDiGraph`. This module names what its nodes,
edges and graph carry, so every other module (and every user) reads the same attributes.

Node attributes (one node per place, keyed by its id):
    ``x``, ``y`` (lon, lat, WGS84), ``name``, ``aliases`` (tuple), ``country`` (ISO 3166-1
    alpha-2), ``kind`` (:class:`PlaceKind` value), ``gateway_for`` (tuple of regions),
    ``transshipment`` (dict or None: ``type``, ``modes``, ``dwell_h``), ``source`` (tuple of
    source ids), ``estimate`` (str, empty when sourced), ``note``.

Edge attributes (key = link id; a two-way link is two directed edges sharing ``link_id``):
    ``link_id``, ``mode``, ``distance_km``, ``gauge_mm`` (tuple of ints, empty off rail),
    ``status``, ``status_year``, ``waypoints`` (tuple of (lat, lon) from ``u`` to ``v``),
    ``crossing`` (crossing id or None), ``crossing_time_h`` / ``crossing_cost_usd`` (for this
    direction; None where unpublished), ``sailings_per_week``, ``source``, ``estimate``,
    ``note``, ``reverse`` (True on the edge built from the reverse direction of a link).

Graph attributes:
    ``crs`` (``"EPSG:4326"``), ``name``, ``crossings`` (dict id -> :class:`Crossing`),
    ``corridors`` (dict id -> :class:`Corridor`), ``sources`` (dict id -> :class:`Source`),
    ``data_dirs`` (tuple of the directories read); on a scenario's network also
    ``scenario`` (the :class:`corridors.scenarios.Scenario` applied).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "GAUGES_MM",
    "ISO_3166_ALPHA2",
    "REGIONS",
    "BorderCrossing",
    "Capacity",
    "Corridor",
    "CrossingStatus",
    "LinkStatus",
    "Mode",
    "PlaceKind",
    "Source",
    "TABLES",
    "TableSpec",
    "TransshipmentType",
]


class Mode(StrEnum):
    """Transport mode of a link."""

    RAIL = "rail"
    ROAD = "road"
    SEA = "sea"


class PlaceKind(StrEnum):
    """What a place is."""

    CITY = "city"
    PORT = "port"
    BORDER_POST = "border_post"
    RAIL_JUNCTION = "rail_junction"
    LOGISTICS_HUB = "logistics_hub"


class LinkStatus(StrEnum):
    """Whether a link carries freight today."""

    OPERATIONAL = "operational"
    UNDER_CONSTRUCTION = "under_construction"
    PLANNED = "planned"
    CLOSED = "closed"


class CrossingStatus(StrEnum):
    """Whether a border crossing is open to freight."""

    OPEN = "open"
    RESTRICTED = "restricted"
    CLOSED = "closed"
    PLANNED = "planned"


class TransshipmentType(StrEnum):
    """What happens to freight at a transshipment point."""

    SEAPORT = "seaport"
    FERRY_TERMINAL = "ferry_terminal"
    GAUGE_CHANGE = "gauge_change"
    DRY_PORT = "dry_port"
    RAIL_TERMINAL = "rail_terminal"


#: Regions a place can be a destination gateway for.
REGIONS: tuple[str, ...] = (
    "europe",
    "caucasus",
    "south_asia",
    "middle_east",
    "east_asia",
    "russia",
    "central_asia",
)

#: Rail gauges in the network: Russian broad, standard, Indian broad.
GAUGES_MM: tuple[int, ...] = (1520, 1435, 1676)


@dataclass(frozen=True)
class Source:
    """A cited source (one row of ``sources.csv``)."""

    id: str
    title: str
    publisher: str = ""
    year: str = ""
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Capacity:
    """What an element of the network can carry in a year (one row of ``capacities.csv``).

    ``kind`` is ``crossing`` (a crossing id), ``link`` (a link id), ``port`` (a place: TEU
    loaded or discharged there by sea) or ``terminal`` (a place: TEU changing mode there);
    ``direction`` is ``both`` (the two directions share the capacity) or ``ab``/``ba`` (a link
    from -> to and back, a crossing country_a -> country_b and back). ``teu_per_year`` is the
    capacity in TEU per year, converted from the published ``value`` and ``unit`` as the note
    says; ``status`` is ``current`` or ``planned`` (a capacity under construction, with the
    year it is due).
    """

    kind: str
    element: str
    direction: str
    teu_per_year: float
    value: float | None = None
    unit: str = ""
    year: int | None = None
    status: str = "current"
    source: tuple[str, ...] = ()
    estimate: str = ""
    note: str = ""


@dataclass(frozen=True)
class BorderCrossing:
    """A border crossing point for one mode (one row of ``border_crossings.csv``).

    ``post_a`` lies in ``country_a`` and ``post_b`` in ``country_b``; times and costs are per
    direction (``_ab`` is a -> b). None means "not published": the cost model's default applies.
    """

    id: str
    name: str
    mode: str
    post_a: str
    post_b: str
    country_a: str
    country_b: str
    time_h_ab: float | None = None
    time_h_ba: float | None = None
    cost_usd_ab: float | None = None
    cost_usd_ba: float | None = None
    gauge_change: bool = False
    status: str = CrossingStatus.OPEN.value
    status_since: str = ""
    data_year: str = ""
    source: tuple[str, ...] = ()
    estimate: str = ""
    note: str = ""
    #: border regime of the crossing (:mod:`corridors.regimes`), e.g. ``"eaeu"``, ``"external"``
    regime: str = ""
    #: what applies where no figure is published, per direction: ``{"ab": (time_h, cost_usd,
    #: basis), "ba": ...}`` with None for a figure left to the cost model's default
    defaults: tuple[tuple[str, float | None, float | None, str], ...] = ()
    #: seasonal availability (:class:`corridors.seasons.Season`), empty when open all year
    seasons: tuple[Any, ...] = ()

    def time_h(self, from_post: str) -> float | None:
        """Return the published crossing time in hours leaving from ``from_post``."""
        return self.time_h_ab if from_post == self.post_a else self.time_h_ba

    def cost_usd(self, from_post: str) -> float | None:
        """Return the published crossing cost in USD leaving from ``from_post``."""
        return self.cost_usd_ab if from_post == self.post_a else self.cost_usd_ba


@dataclass(frozen=True)
class Corridor:
    """A named corridor (``corridors.csv``).

    ``path`` defines it: ordered slots, each a tuple of alternative border-crossing ids or
    place ids (``("aktau_port_alat_port_sea", "kuryk_port_alat_port_sea")``, then the
    Azerbaijan-Georgia crossings, then a Georgian port). A route follows the corridor when it
    uses one element of every slot, in order (either direction), and no other border crossing
    between the first and the last slot. ``waypoints`` are places for maps and descriptions.
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    waypoints: tuple[str, ...] = ()
    path: tuple[tuple[str, ...], ...] = ()
    modes: tuple[str, ...] = ()
    description: str = ""
    source: tuple[str, ...] = ()
    estimate: str = ""
    note: str = ""

    @property
    def label(self) -> str:
        """Short display name: the first alias if any (e.g. ``TITR``), else the name."""
        return self.aliases[0] if self.aliases else self.name


@dataclass(frozen=True)
class TableSpec:
    """The columns of one data file (used by :mod:`corridors.io` and the docs)."""

    file: str
    columns: tuple[str, ...]
    required: tuple[str, ...] = field(default=())


TABLES: dict[str, TableSpec] = {
    "places": TableSpec(
        "places.csv",
        ("id", "name", "aliases", "country", "lat", "lon", "kind", "gateway_for", "source",
         "estimate", "note"),
        ("id", "name", "country", "lat", "lon", "kind"),
    ),
    "links": TableSpec(
        "links.csv",
        ("id", "from", "to", "mode", "distance_km", "gauge_mm", "status", "status_year",
         "direction", "waypoints", "crossing", "transit", "sailings_per_week", "speed_kmh",
         "source", "estimate", "note"),
        ("id", "from", "to", "mode", "distance_km", "status"),
    ),
    "border_crossings": TableSpec(
        "border_crossings.csv",
        ("id", "name", "mode", "post_a", "post_b", "country_a", "country_b", "time_h_ab",
         "time_h_ba", "cost_usd_ab", "cost_usd_ba", "gauge_change", "status", "status_since",
         "data_year", "source", "estimate", "note"),
        ("id", "name", "mode", "post_a", "post_b", "country_a", "country_b", "status"),
    ),
    "transshipments": TableSpec(
        "transshipments.csv",
        ("place", "type", "modes", "handling_h", "handling_usd", "dwell_h", "source", "estimate",
         "note"),
        ("place", "type"),
    ),
    "terminal_types": TableSpec(
        "terminal_types.csv",
        ("type", "modes", "handling_h", "handling_usd", "dwell_h", "source", "estimate", "note"),
        ("type",),
    ),
    "border_regimes": TableSpec(
        "border_regimes.csv",
        ("regime", "name", "kind", "country", "joined", "left", "source", "note"),
        ("regime", "kind", "country", "joined"),
    ),
    "regime_defaults": TableSpec(
        "regime_defaults.csv",
        ("regime", "mode", "time_h", "cost_usd", "source", "estimate", "note"),
        ("regime", "mode"),
    ),
    "cpmm_defaults": TableSpec(
        "cpmm_defaults.csv",
        ("country", "mode", "direction", "time_h", "cost_usd", "year", "source", "note"),
        ("country", "mode", "direction"),
    ),
    "seasons": TableSpec(
        "seasons.csv",
        ("element", "kind", "open_from", "open_to", "regularity", "valid_from", "valid_to",
         "source", "estimate", "note"),
        ("element", "kind", "open_from", "open_to", "regularity"),
    ),
    "emissions": TableSpec(
        "emissions.csv",
        ("id", "mode", "description", "energy", "wtw_g_per_tkm", "ttw_g_per_tkm", "kwh_per_tkm",
         "handling_kg_co2e", "handling_ttw_kg_co2e", "default", "source", "year", "estimate",
         "note"),
        ("id", "mode"),
    ),
    "electricity": TableSpec(
        "electricity.csv",
        ("country", "rail_electrified_share", "share_year", "grid_g_co2e_per_kwh", "grid_year",
         "source", "estimate", "note"),
        ("country",),
    ),
    "link_vehicles": TableSpec(
        "link_vehicles.csv",
        ("link", "vehicle", "electric_share", "source", "estimate", "note"),
        ("link",),
    ),
    "capacities": TableSpec(
        "capacities.csv",
        ("kind", "element", "direction", "teu_per_year", "value", "unit", "year", "status",
         "source", "estimate", "note"),
        ("kind", "element", "teu_per_year"),
    ),
    "corridors": TableSpec(
        "corridors.csv",
        ("id", "name", "aliases", "waypoints", "path", "modes", "description", "source",
         "estimate", "note"),
        ("id", "name", "waypoints"),
    ),
    "sources": TableSpec(
        "sources.csv",
        ("id", "title", "publisher", "year", "url", "note"),
        ("id", "title"),
    ),
}

#: Every officially assigned ISO 3166-1 alpha-2 code (ISO 3166 Maintenance Agency list).
ISO_3166_ALPHA2 = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO
    DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU
    GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW
    KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU
    MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
    PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA
    ZM ZW""".split()
)
