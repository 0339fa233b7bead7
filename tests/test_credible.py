"""Answers a freight forwarder would sign: hand-checked routes on the built-in network."""

import datetime as dt

import pytest

import corridors
from corridors.errors import UnknownPlaceError
from corridors.routing import alternatives, best_route, compare_corridors
from corridors.routing.alternatives import corridor_key, doubles_back


@pytest.fixture(scope="module")
def G():
    return corridors.load_network()


def _terminal_modes(G, place):
    ts = G.nodes[place].get("transshipment") or {}
    return set(ts.get("modes") or ())


@pytest.mark.parametrize(("o", "d"), [
    ("dushanbe", "karachi_port"), ("almaty", "duisburg"), ("tashkent", "istanbul"),
    ("almaty", "baku"), ("dushanbe", "urumqi"), ("astana", "tbilisi")])
def test_modes_change_only_at_terminals(G, o, d):
    r = best_route(G, o, d)
    for t in r.transshipments:
        assert {t.from_mode, t.to_mode} <= _terminal_modes(G, t.place), t
    for b in r.gauge_breaks:
        assert b.crossing or "rail" in _terminal_modes(G, b.place), b


def test_dushanbe_karachi_stays_on_land(G):
    # the old answer trucked to Gwadar and shipped the box 526 km along the coast
    r = best_route(G, "dushanbe", "karachi_port")
    assert r.sea_km == 0 and "gwadar_port" not in r.nodes
    assert r.destination == "karachi_port"


def test_almaty_duisburg_goes_by_rail_from_almaty(G):
    # the old answer trucked 2,475 km to Orenburg before loading the train
    r = best_route(G, "almaty", "duisburg")
    assert r.legs[0].mode == "rail" and r.modes == ("rail",)
    assert r.countries == ("KZ", "RU", "BY", "PL", "DE")
    # the internal EAEU / Union State / Schengen borders are not Central Asian borders
    assert r.time_h < 10 * 24


def test_internal_borders_take_their_regime(G):
    x = G.graph["crossings"]
    assert x["curtici_lokoshaza_rail"].regime == "schengen"
    assert x["hegyeshalom_nickelsdorf_rail"].regime == "schengen"
    assert x["krasnoye_osinovka_rail"].regime == "union_state"
    assert x["zhaisan_iletsk_rail"].regime == "eaeu"
    assert x["dostyk_alashankou_rail"].regime == "external"
    from corridors.scoring import edge_terms

    t = edge_terms(G, "curtici", "lokoshaza", "curtici_lokoshaza_rail")
    running = t.distance_km / 53.9
    assert t.time_h - running == pytest.approx(1.0)  # a traction and crew change, not 40.6 h
    t = edge_terms(G, "zhaisan", "iletsk", "zhaisan_iletsk_rail")
    assert t.time_h - t.distance_km / 53.9 == pytest.approx(1.3)  # EAEU: no customs
    for cid, rec in x.items():
        for direction, _, _, basis in rec.defaults:
            assert basis, (cid, direction)


def test_a_mountain_pass_has_a_season(G):
    # Kulma is closed in winter; Khunjerab was seasonal until December 2024
    winter = best_route(G, "dushanbe", "kashgar", date="2026-01-15", modes=["road"])
    assert "kulma_karasu_cn_road" not in {x.id for x in winter.border_crossings}
    r = best_route(G, "tashkent", "islamabad", date=dt.date(2024, 1, 15))
    assert "sost_khunjerab_cn_road" not in {x.id for x in r.border_crossings}
    r = best_route(G, "kashgar", "islamabad", date=dt.date(2026, 1, 15))
    assert "sost_khunjerab_cn_road" in {x.id for x in r.border_crossings}
    assert any("Khunjerab" in w and "intermittent" in w for w in r.warnings)
    summer = best_route(G, "murghab", "kashgar", modes=["road"])
    if "kulma_karasu_cn_road" in {x.id for x in summer.border_crossings}:
        assert any("seasonal" in w and "Kulma" in w for w in summer.warnings)


def test_a_closed_crossing_nearby_is_named(G):
    r = best_route(G, "dushanbe", "karachi_port")
    assert any(w.startswith("closed nearby:") for w in r.warnings)


def test_corridor_names_mean_those_corridors(G):
    table = compare_corridors(G, "almaty", "duisburg", avoid_countries=["RU"])
    named = {r.corridor: r for r in table[1:]}
    assert "KKH" not in named and "PK" not in "".join(r.countries[0] for r in table)
    for r in table[1:]:
        assert not doubles_back(corridor_key(G, r.edges)), r.corridor
    assert "Northern route" in table.skipped and "RU" in table.skipped["Northern route"]
    assert "closed" in table.skipped["Trans-Afghan corridor"]
    assert named["TITR"].sea_km > 0


def test_alternatives_are_other_corridors(G):
    routes = alternatives(G, "almaty", "duisburg", 3)
    keys = [corridor_key(G, r.edges) for r in routes]
    assert len(set(keys)) == 3
    assert routes[0].corridor == "Northern route"
    assert not any(doubles_back(k) for k in keys[1:])


def test_vias_say_when_they_force_a_crossing_twice(G):
    # Almaty to Poti via Kars: by distance the route goes to Kars and back over the BTK
    # border, and says so; whichever way the other objectives and constraints take, a route
    # warns of a crossing passed twice exactly when it passes one twice
    r = best_route(G, "almaty", "poti_port", "distance", via=["kars"])
    assert any("Kartsakhi" in w and "crossing 2 times" in w for w in r.warnings)
    for kw in ({}, {"avoid_crossings": ["kartsakhi_cildir_aktas_rail"]}):
        r = best_route(G, "almaty", "poti_port", via=["kars"], **kw)
        ids = [x.id for x in r.border_crossings]
        twice = len(ids) != len(set(ids))
        assert twice == any("crossing 2 times" in w for w in r.warnings), (kw, ids)


def test_a_name_in_several_countries_is_ambiguous(G):
    with pytest.raises(UnknownPlaceError, match="several places"):
        best_route(G, "horgos", "almaty")
    assert best_route(G, "Horgos, KZ", "almaty").origin == "khorgos_gateway"
