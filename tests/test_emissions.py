"""Emissions per container: a worked example by hand, the data tables' rules, the built-in data.

The worked example is the method note's (docs/emissions.md): one truck leg, one electric rail
leg, one ferry leg and two terminals, each total reproduced from the factors with a pencil.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import pytest
from pytest import approx

from corridors import load_network
from corridors.io import read_tables
from corridors.resources import builtin_data_dir
from corridors.routing import best_route
from corridors.scoring import DEFAULT_COST_MODEL, CostModel, score_path
from corridors.validate import check_tables
from tests.netdata import write_network

SRC = {"source": "src_test"}

EXAMPLE: dict[str, list[dict[str, str]]] = {
    "sources": [{"id": "src_test", "title": "Test source", "year": "2024"}],
    "places": [
        {"id": "shipper", "name": "Shipper", "country": "KZ", "lat": "43.25", "lon": "76.90",
         "kind": "city", **SRC},
        {"id": "hub", "name": "Hub", "country": "KZ", "lat": "43.30", "lon": "76.00",
         "kind": "logistics_hub", **SRC},
        {"id": "aktau_port", "name": "Aktau", "country": "KZ", "lat": "43.65", "lon": "71.00",
         "kind": "port", **SRC},
        {"id": "alat_port", "name": "Alat", "country": "AZ", "lat": "39.95", "lon": "49.41",
         "kind": "port", **SRC},
    ],
    "links": [
        {"id": "shipper_hub_road", "from": "shipper", "to": "hub", "mode": "road",
         "distance_km": "100", "status": "operational", **SRC},
        {"id": "hub_aktau_rail", "from": "hub", "to": "aktau_port", "mode": "rail",
         "distance_km": "500", "gauge_mm": "1520", "status": "operational", **SRC},
        {"id": "hub_aktau_old_rail", "from": "hub", "to": "aktau_port", "mode": "rail",
         "distance_km": "520", "gauge_mm": "1520", "status": "operational", **SRC},
        {"id": "aktau_alat_sea", "from": "aktau_port", "to": "alat_port", "mode": "sea",
         "distance_km": "1900", "status": "operational", "crossing": "aktau_alat_sea", **SRC},
    ],
    "border_crossings": [
        {"id": "aktau_alat_sea", "name": "Aktau–Alat", "mode": "sea", "post_a": "aktau_port",
         "post_b": "alat_port", "country_a": "KZ", "country_b": "AZ", "status": "open", **SRC},
    ],
    "transshipments": [
        {"place": "hub", "type": "dry_port", "modes": "rail|road", **SRC},
        {"place": "aktau_port", "type": "seaport", "modes": "rail|sea", **SRC},
        {"place": "alat_port", "type": "seaport", "modes": "rail|sea", **SRC},
    ],
    "emissions": [
        {"id": "truck", "mode": "road", "wtw_g_per_tkm": "100", "ttw_g_per_tkm": "80",
         "default": "yes", **SRC},
        {"id": "rail_diesel", "mode": "rail", "wtw_g_per_tkm": "40", "ttw_g_per_tkm": "33",
         "default": "yes", **SRC},
        {"id": "rail_electric", "mode": "rail", "kwh_per_tkm": "0.03", **SRC},
        {"id": "ferry_rail", "mode": "sea", "wtw_g_per_tkm": "130", "ttw_g_per_tkm": "110",
         **SRC},
        {"id": "ferry_ro_pax", "mode": "sea", "wtw_g_per_tkm": "200", "ttw_g_per_tkm": "170",
         "default": "yes", **SRC},
        {"id": "dry_port", "mode": "terminal", "handling_kg_co2e": "7",
         "handling_ttw_kg_co2e": "5.6", **SRC},
        {"id": "seaport", "mode": "terminal", "handling_kg_co2e": "17.5",
         "handling_ttw_kg_co2e": "14", **SRC},
    ],
    "electricity": [
        {"country": "KZ", "rail_electrified_share": "0.25", "grid_g_co2e_per_kwh": "800", **SRC},
    ],
    "link_vehicles": [
        {"link": "hub_aktau_rail", "electric_share": "1", **SRC},
        {"link": "aktau_alat_sea", "vehicle": "ferry_rail", **SRC},
    ],
}

PATH = [("shipper", "hub", "shipper_hub_road"), ("hub", "aktau_port", "hub_aktau_rail"),
        ("aktau_port", "alat_port", "aktau_alat_sea")]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory):
    return load_network(write_network(tmp_path_factory.mktemp("example"), EXAMPLE))


def test_worked_example_by_hand(example):
    # truck: 100 km x 100 g/tkm x 10 t = 100 kg WTW, 80 kg TTW
    # electric rail: 0.03 kWh/tkm x 800 g/kWh = 24 g/tkm; 500 km x 24 x 10 t = 120 kg, 0 TTW;
    #   it starts with the change road -> rail at the dry port: 7 kg WTW, 5.6 TTW
    # ferry: 1900 km x 130 g/tkm x 10 t = 2470 kg WTW, 2090 TTW; it starts with the change
    #   rail -> sea at the seaport: 17.5 kg WTW, 14 TTW
    s = score_path(example, PATH, "co2e")
    assert [round(leg.co2e_kg, 6) for leg in s.legs] == [100.0, 127.0, 2487.5]
    assert [round(leg.co2e_ttw_kg, 6) for leg in s.legs] == [80.0, 5.6, 2104.0]
    assert s.co2e_kg == approx(100 + 7 + 120 + 17.5 + 2470)
    assert s.co2e_ttw_kg == approx(80 + 5.6 + 0 + 14 + 2090)
    assert s.transfer_co2e_kg == approx(24.5)
    assert s.score == approx(s.co2e_kg)                     # the co2e objective is the kg
    assert s.payload_t == 10.0
    # a heavier box: the transport doubles, a handling per TEU stays the same
    heavy = score_path(example, PATH, "co2e", cost_model=CostModel(payload_t=20))
    assert heavy.co2e_kg == approx(2 * (100 + 120 + 2470) + 24.5)


def test_example_intensities_and_bases(example):
    e = example.edges
    assert e["shipper", "hub", "shipper_hub_road"]["co2e_g_tkm"] == 100.0
    assert e["shipper", "hub", "shipper_hub_road"]["vehicle"] == "truck"
    rail = e["hub", "aktau_port", "hub_aktau_rail"]
    assert (rail["vehicle"], rail["electric_share"], rail["co2e_g_tkm"],
            rail["co2e_ttw_g_tkm"]) == ("rail_electric", 1.0, approx(24.0), 0.0)
    # no row of its own: the country's share, 25 % electric at 24 g, 75 % diesel at 40 g
    old = e["hub", "aktau_port", "hub_aktau_old_rail"]
    assert old["co2e_g_tkm"] == approx(0.25 * 24 + 0.75 * 40)
    assert old["co2e_ttw_g_tkm"] == approx(0.75 * 33)
    assert old["vehicle"] == "rail_mixed" and "country share" in old["co2e_basis"]
    sea = e["aktau_port", "alat_port", "aktau_alat_sea"]
    assert (sea["vehicle"], sea["co2e_g_tkm"]) == ("ferry_rail", 130.0)
    assert example.nodes["hub"]["transshipment"]["handling_kg_co2e"] == 7.0
    assert example.nodes["aktau_port"]["transshipment"]["handling_ttw_kg_co2e"] == 14.0


def test_example_route_legs_and_the_objective(example):
    r = best_route(example, "shipper", "alat_port", "co2e")
    assert [leg.link_id for leg in r.legs] == [k for *_, k in PATH]   # 24 g beats 36 g
    assert r.co2e_kg == approx(2714.5) and r.objective == "lowest_co2e"
    assert [leg.vehicle for leg in r.legs] == ["truck", "rail_electric", "ferry_rail"]
    assert r.legs[1].co2e_g_tkm == approx(24.0)
    assert r.legs[1].transfer_co2e_kg == 7.0
    recs = r.leg_records()
    assert recs[-1]["cum_co2e_kg"] == approx(r.co2e_kg)
    # without the electrified line the mixed one is used, at its own intensity
    r2 = best_route(example, "shipper", "alat_port", "co2e", avoid_links=["hub_aktau_rail"])
    assert r2.co2e_kg == approx(100 + 7 + 520 * 36 * 10 / 1000 + 17.5 + 2470)


def _problems(tmp_path: Path, change) -> list[tuple[str, str | None, str]]:
    tables = copy.deepcopy(EXAMPLE)
    change(tables)
    _, problems = check_tables(read_tables(write_network(tmp_path / "net", tables)))
    return [(p.file, p.column, p.message) for p in problems]


def _row(tables, table, key, value):
    return next(r for r in tables[table] if r.get(key) == value)


@pytest.mark.parametrize(("change", "file", "column", "words"), [
    (lambda t: _row(t, "emissions", "id", "truck").update(ttw_g_per_tkm="120"),
     "emissions.csv", "ttw_g_per_tkm", "above the well-to-wheel"),
    (lambda t: _row(t, "emissions", "id", "truck").update(mode="air"),
     "emissions.csv", "mode", "not one of"),
    (lambda t: _row(t, "emissions", "id", "ferry_rail").update(default="yes"),
     "emissions.csv", "default", "already has a default"),
    (lambda t: _row(t, "emissions", "id", "rail_electric").update(default="yes"),
     "emissions.csv", "default", "not electric"),
    (lambda t: _row(t, "emissions", "id", "truck").update(kwh_per_tkm="0.1"),
     "emissions.csv", "kwh_per_tkm", "only rail"),
    (lambda t: _row(t, "emissions", "id", "truck").update(wtw_g_per_tkm=""),
     "emissions.csv", "wtw_g_per_tkm", "number is required"),
    (lambda t: _row(t, "emissions", "id", "truck").update(wtw_g_per_tkm="9e9"),
     "emissions.csv", "wtw_g_per_tkm", "above the maximum"),
    (lambda t: _row(t, "emissions", "id", "seaport").update(id="harbour"),
     "emissions.csv", "id", "not a terminal type"),
    (lambda t: _row(t, "emissions", "id", "seaport").update(handling_ttw_kg_co2e="20"),
     "emissions.csv", "handling_ttw_kg_co2e", "above the well-to-wheel"),
    (lambda t: _row(t, "emissions", "id", "truck").update(source=""),
     "emissions.csv", "source", "no source"),
    (lambda t: _row(t, "electricity", "country", "KZ").update(country="XX"),
     "electricity.csv", "country", "ISO 3166-1"),
    (lambda t: _row(t, "electricity", "country", "KZ").update(rail_electrified_share="1.5"),
     "electricity.csv", "rail_electrified_share", "above the maximum"),
    (lambda t: _row(t, "link_vehicles", "link", "hub_aktau_rail").update(link="nowhere"),
     "link_vehicles.csv", "link", "unknown link"),
    (lambda t: _row(t, "link_vehicles", "link", "aktau_alat_sea").update(vehicle="truck"),
     "link_vehicles.csv", "vehicle", "is a road class"),
    (lambda t: _row(t, "link_vehicles", "link", "aktau_alat_sea").update(vehicle="zeppelin"),
     "link_vehicles.csv", "vehicle", "not a vehicle class"),
    (lambda t: _row(t, "link_vehicles", "link", "aktau_alat_sea").update(
        vehicle="", electric_share="0.5"), "link_vehicles.csv", "electric_share",
     "only rail links"),
    (lambda t: _row(t, "link_vehicles", "link", "hub_aktau_rail").update(electric_share=""),
     "link_vehicles.csv", "vehicle", "give the link's vehicle class"),
])
def test_each_rule_of_the_emission_tables(tmp_path, change, file, column, words):
    assert _problems(tmp_path, lambda t: None) == []
    found = _problems(tmp_path, change)
    assert any(f == file and c == column and words in m for f, c, m in found), found


def test_two_electric_classes_are_refused(tmp_path):
    def change(t):
        t["emissions"].append({"id": "rail_electric_2", "mode": "rail", "kwh_per_tkm": "0.02",
                               **SRC})
    assert any("more than one electric" in m for _, _, m in _problems(tmp_path, change))


def test_a_network_without_emission_tables_uses_the_cost_model(tmp_path):
    tables = {k: v for k, v in EXAMPLE.items()
              if k not in ("emissions", "electricity", "link_vehicles")}
    G = load_network(write_network(tmp_path / "bare", tables))
    assert "co2e_g_tkm" not in G.edges["shipper", "hub", "shipper_hub_road"]
    s = score_path(G, PATH, "co2e")
    m = DEFAULT_COST_MODEL
    assert s.co2e_kg == approx(100 * m.co2e_g_per_tkm["road"] / 100 + 500 * m.co2e_g_per_tkm[
        "rail"] / 100 + 1900 * m.co2e_g_per_tkm["sea"] / 100 + 2 * m.handling_kg_co2e)


# --- the built-in data -----------------------------------------------------------------------

def _rows(name: str) -> list[dict[str, str]]:
    with (builtin_data_dir() / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def G():
    return load_network()


def test_every_link_and_terminal_of_the_network_has_its_emissions(G):
    for _u, _v, k, d in G.edges(keys=True, data=True):
        assert d.get("co2e_g_tkm") is not None and d["co2e_basis"], k
        assert 0 <= d["co2e_ttw_g_tkm"] <= d["co2e_g_tkm"], k
    for n, ts in G.nodes(data="transshipment"):
        if ts:
            assert ts["handling_kg_co2e"] > 0 and ts["handling_ttw_kg_co2e"] >= 0, n


def test_rail_intensity_lies_between_electric_and_diesel(G):
    vehicles = {r["id"]: r for r in _rows("emissions.csv")}
    grids = {r["country"]: float(r["grid_g_co2e_per_kwh"]) for r in _rows("electricity.csv")}
    kwh = float(vehicles["rail_electric"]["kwh_per_tkm"])
    diesel = float(vehicles["rail_diesel"]["wtw_g_per_tkm"])
    for u, v, k, d in G.edges(keys=True, data=True):
        if d["mode"] != "rail":
            continue
        cs = {G.nodes[u]["country"], G.nodes[v]["country"]}
        electric = sum(kwh * grids[c] for c in cs) / len(cs)
        share = d["electric_share"]
        assert d["co2e_g_tkm"] == approx(share * electric + (1 - share) * diesel), k


def test_the_cost_model_defaults_are_the_data_defaults():
    rows = {r["id"]: r for r in _rows("emissions.csv")}
    defaults = {r["mode"]: r for r in rows.values() if r["default"] == "yes"}
    m = DEFAULT_COST_MODEL
    for mode in ("road", "rail", "sea"):
        assert m.co2e_g_per_tkm[mode] == float(defaults[mode]["wtw_g_per_tkm"])
        assert m.co2e_ttw_g_per_tkm[mode] == float(defaults[mode]["ttw_g_per_tkm"])
    assert m.handling_kg_co2e == float(rows["dry_port"]["handling_kg_co2e"])
    assert m.handling_ttw_kg_co2e == float(rows["dry_port"]["handling_ttw_kg_co2e"])


def test_known_lines_have_their_traction(G):
    # Georgia's main line is electrified, Turkmenistan has no electric traction, the Caspian
    # crossing from Kuryk is a rail ferry, Aktau-Alat carries container feeders
    assert G.edges["tbilisi", "khashuri", "tbilisi_khashuri_rail"]["vehicle"] == "rail_electric"
    tm = [d for u, v, d in G.edges(data=True) if d["mode"] == "rail"
          and G.nodes[u]["country"] == G.nodes[v]["country"] == "TM"]
    assert tm and all(d["co2e_g_tkm"] == approx(38.3) for d in tm)
    assert G.edges["kuryk_port", "alat_port", "kuryk_port_alat_port_sea"]["vehicle"] == \
        "ferry_rail"


def test_routes_carry_emissions_and_the_objective_lowers_them(G):
    r = best_route(G, "almaty", "duisburg")
    low = best_route(G, "almaty", "duisburg", "co2e")
    assert 0 < low.co2e_kg <= r.co2e_kg
    assert r.co2e_kg == approx(sum(leg.co2e_kg for leg in r.legs))
    assert 0 < r.co2e_ttw_kg < r.co2e_kg
    # per tonne-km the rail route lies between the cleanest electric line and diesel
    assert 5 < r.co2e_kg * 1000 / (r.distance_km * r.payload_t) < 60


def test_info_counts_the_traction(G):
    from corridors.network import _summary

    s = _summary(G)
    assert sum(s["links_by_vehicle"].values()) == s["links"]
    assert s["links_by_vehicle"]["truck"] == s["links_by_mode"]["road"]
    links = {d["link_id"]: d for _, _, d in G.edges(data=True)}
    wired = sum(d["distance_km"] * d["electric_share"] for d in links.values()
                if d["mode"] == "rail")
    assert s["rail_km_electrified"] == round(wired)
    assert 0.3 < wired / s["km_by_mode"]["rail"] < 0.8
