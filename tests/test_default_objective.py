"""The default objective gives answers a forwarder would sign: never much slower than the
fastest route nor much dearer than the cheapest one, on a reference set across the region."""

import pytest

import corridors
from corridors.routing import best_route

#: Origin-destination pairs across the region: Europe, the Caucasus, South Asia, the Gulf,
#: China and within Central Asia, with and without Russia.
PAIRS = [
    ("almaty", "duisburg", {}), ("almaty", "duisburg", {"avoid_countries": ["RU"]}),
    ("astana", "moscow", {}), ("tashkent", "istanbul", {}), ("almaty", "baku", {}),
    ("dushanbe", "karachi_port", {}), ("tashkent", "karachi_port", {}),
    ("almaty", "bandar_abbas_port", {}), ("tashkent", "tbilisi", {}),
    ("almaty", "urumqi", {}), ("dushanbe", "kashgar", {}), ("bishkek", "tashkent", {}),
    ("almaty", "poti_port", {}), ("shymkent", "mersin_port", {}),
    ("aktobe", "minsk", {}), ("tashkent", "tehran", {}), ("dushanbe", "almaty", {}),
    pytest.param(
        "almaty", "constanta_port", {"avoid_countries": ["RU"]},
        marks=pytest.mark.xfail(strict=True, reason=(
            "open: since the network has the TIR roads (issue 11) the default trucks via "
            "UZ-TM-IR-TR-BG (224 h, 12,861 USD) rather than rail + Caspian + Black Sea feeder "
            "(8,773 USD, 451 h): 1.47x the cheapest. Road times are ~25-35% faster than the "
            "published TIR runs in calibration.csv (no crew rest in the model); see the "
            "issue-11 closing note"))),
    ("termez", "peshawar", {}),
    ("karaganda", "duisburg", {}), ("dushanbe", "istanbul", {}),
    ("almaty", "nhava_sheva_port", {}),
]


@pytest.fixture(scope="module")
def G():
    return corridors.load_network()


def _id(pair) -> str:
    o, d, kw = pair.values if hasattr(pair, "values") else pair
    return f"{o}-{d}{'-noRU' if kw else ''}"


@pytest.mark.parametrize(("o", "d", "kw"), PAIRS, ids=[_id(p) for p in PAIRS])
def test_default_is_near_fastest_and_cheapest(G, o, d, kw):
    default = best_route(G, o, d, **kw, closures=False)
    assert default.objective == "generalized"
    fastest = best_route(G, o, d, "time", **kw, closures=False)
    cheapest = best_route(G, o, d, "cost", **kw, closures=False)
    assert default.time_h <= 1.3 * fastest.time_h, (default.time_h, fastest.time_h)
    assert default.cost_usd <= 1.3 * cheapest.cost_usd, (default.cost_usd, cheapest.cost_usd)
