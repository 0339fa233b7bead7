"""One error family: the public API refuses wrong types and values with a CorridorsError.

Each call below passes something wrong (None, a number for a name, a string for a flag, NaN,
infinity, a negative count, a misspelled option, a missing file, a directory, binary bytes, a
deeply nested file ...) and must raise a subclass of :class:`corridors.errors.CorridorsError`
that also derives from the matching built-in; where a file is involved the message names it.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from netdata import write_network

import corridors
from corridors import routing
from corridors.calibration import calibration_rows, calibration_table
from corridors.convert import crossings_frame, links_gdf, places_frame, places_gdf
from corridors.errors import (
    ArgumentTypeError,
    ConstraintError,
    CorridorsError,
    DataError,
    ScenarioError,
)
from corridors.network import find_place, load_network, search_places
from corridors.route import make_route, routes_to_frame, routes_to_gdf, routes_to_geojson
from corridors.routing.constraints import (
    compile_weight,
    constrained_view,
    constrained_weight,
    make_constraints,
)
from corridors.routing.named import corridor_of, follows, route_tokens
from corridors.routing.targets import ACCESS_MAX_KM, ACCESS_WARN_KM, resolve_place, snap
from corridors.scenarios import (
    MAX_FACTOR,
    CrossingChange,
    Scenario,
    apply_scenario,
    compare_scenarios,
    load_scenario,
    parse_od_pairs,
    read_scenario_file,
    route_record,
    scenario_from_dict,
)
from corridors.scoring import CostModel, ScoreWeights, resolve_objective, score_path
from corridors.seasons import parse_date
from corridors.synthetic import tiny_network
from corridors.validate import validate_network

#: What a wrong *type* must also be. ConstraintError, ScenarioError and DataError are
#: ValueErrors; narrow this to TypeError once errors.py has a TypeError subclass.
WRONG_TYPE: tuple[type[Exception], ...] = (TypeError,)
NAN, INF = float("nan"), float("inf")


@dataclass
class Ctx:
    """What the calls need: the synthetic network, a data directory, bad files."""

    T: nx.MultiDiGraph
    tiny: Path
    files: dict[str, Path]
    route: Any


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Ctx:
    base = tmp_path_factory.mktemp("errors")
    tiny = write_network(base / "tiny")
    files: dict[str, Path] = {}

    def put(name: str, content: str | bytes) -> None:
        path = base / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        files[name] = path

    put("binary.toml", bytes(range(256)) * 4)
    put("binary.json", b"\xff\xfe\x00{" + bytes(range(128, 256)))
    put("latin1.toml", "[scenario]\ntitle = \"Constan\xe7a\"\n".encode("latin-1"))
    put("deep.toml", "x = " + "[" * 50_000 + "]" * 50_000 + "\n")
    put("deep_table.toml", "x = " + "{a = " * 20_000 + "1" + "}" * 20_000 + "\n")
    put("deep.json", "[" * 100_000 + "]" * 100_000)
    put("nan.json", '{"crossings": {"x-ab-road": {"time_factor": NaN}}}')
    put("huge_factor.toml", "[crossings.x-ab-road]\ntime_factor = 1e308\n")
    put("huge_time.toml", "[crossings.x-ab-road]\ntime_h = 1e300\n")
    put("air.toml", "[cost_model]\nspeed_kmh = {air = 800}\n")
    put("typo_key.toml", "[cost_model]\ntransfer_hh = 1\n")
    put("typo_table.toml", "[clsoe]\nlinks = ['b3-c1-sea']\n")
    put("bad.toml", "[scenario\nname = 1\n")
    put("calib_binary.csv", bytes(range(256)))
    put("calib_columns.csv", "id,origin\nx,almaty\n")
    put("calib_number.csv",
        "id,origin,destination,via,mode,measure,published_h_low,published_h_high\n"
        "x,almaty,baku,,rail,route,ten,20\n")
    (base / "a_directory.toml").mkdir()
    files["a_directory.toml"] = base / "a_directory.toml"
    files["missing.toml"] = base / "missing.toml"
    files["missing_dir"] = base / "missing_dir"
    T = tiny_network()
    return Ctx(T=T, tiny=tiny, files=files, route=routing.best_route(T, "a1", "c2"))


def _best(**kw: Any) -> Callable[[Ctx], Any]:
    return lambda c: routing.best_route(c.T, "a1", "c2", **kw)


def _scen(data: Any) -> Callable[[Ctx], Any]:
    return lambda c: scenario_from_dict(data)


def _read(name: str) -> Callable[[Ctx], Any]:
    return lambda c: load_scenario(c.files[name])


# (call, built-in the error must also be, text the message must contain)
CALLS = [
    # ---- network: load_network, find_place, search_places, validate_network
    pytest.param(lambda c: find_place(c.T, None), WRONG_TYPE, "", id="find_place-None"),
    pytest.param(lambda c: find_place(c.T, 123), WRONG_TYPE, "", id="find_place-int"),
    pytest.param(lambda c: find_place(c.T, ["a1"]), WRONG_TYPE, "", id="find_place-list"),
    pytest.param(lambda c: find_place(c.T, b"a1"), WRONG_TYPE, "", id="find_place-bytes"),
    pytest.param(lambda c: find_place(None, "a1"), WRONG_TYPE, "", id="find_place-graph-None"),
    pytest.param(lambda c: find_place(c.T, "zzqx"), KeyError, "zzqx", id="find_place-unknown"),
    pytest.param(lambda c: search_places(c.T, None), WRONG_TYPE, "", id="search_places-None"),
    pytest.param(lambda c: search_places(c.T, "", country=1), WRONG_TYPE, "",
                 id="search_places-country-int"),
    pytest.param(lambda c: search_places(c.T, "", country="Kazakhstan"), ValueError,
                 "Kazakhstan", id="search_places-country-name"),
    pytest.param(lambda c: search_places(c.T, "", kind="citty"), ValueError, "city",
                 id="search_places-kind-typo"),
    pytest.param(lambda c: search_places("x", ""), WRONG_TYPE, "", id="search_places-graph-str"),
    pytest.param(lambda c: load_network(123), WRONG_TYPE, "123", id="load_network-int"),
    pytest.param(lambda c: load_network(["x"]), WRONG_TYPE, "", id="load_network-list"),
    pytest.param(lambda c: load_network(c.tiny, extend=1), WRONG_TYPE, "",
                 id="load_network-extend-int"),
    pytest.param(lambda c: load_network(c.tiny, extend=[None]), WRONG_TYPE, "",
                 id="load_network-extend-None"),
    pytest.param(lambda c: load_network(c.tiny, cache="no"), WRONG_TYPE, "cache",
                 id="load_network-cache-str"),
    pytest.param(lambda c: load_network(c.files["missing_dir"]), ValueError, "missing_dir",
                 id="load_network-missing"),
    pytest.param(lambda c: load_network(c.tiny / "places.csv"), ValueError, "places.csv",
                 id="load_network-file"),
    pytest.param(lambda c: validate_network(123), WRONG_TYPE, "", id="validate_network-int"),
    pytest.param(lambda c: validate_network(c.tiny, extend=1), WRONG_TYPE, "",
                 id="validate_network-extend-int"),
    pytest.param(lambda c: validate_network(c.tiny, outlines="no"), WRONG_TYPE, "outlines",
                 id="validate_network-outlines-str"),
    # ---- best_route: graph, places, objective, options
    pytest.param(lambda c: routing.best_route(None, "a1", "c2"), WRONG_TYPE, "",
                 id="best_route-graph-None"),
    pytest.param(lambda c: routing.best_route("G", "a1", "c2"), WRONG_TYPE, "",
                 id="best_route-graph-str"),
    pytest.param(lambda c: routing.best_route(nx.Graph(), "a1", "c2"), WRONG_TYPE, "",
                 id="best_route-graph-Graph"),
    pytest.param(lambda c: routing.best_route(c.T, None, "c2"), WRONG_TYPE, "",
                 id="best_route-origin-None"),
    pytest.param(lambda c: routing.best_route(c.T, 12, "c2"), WRONG_TYPE, "",
                 id="best_route-origin-int"),
    pytest.param(lambda c: routing.best_route(c.T, (1.0, 2.0, 3.0), "c2"), WRONG_TYPE, "",
                 id="best_route-origin-triple"),
    pytest.param(lambda c: routing.best_route(c.T, (NAN, 60.0), "c2"), ValueError, "",
                 id="best_route-origin-nan"),
    pytest.param(lambda c: routing.best_route(c.T, (45.0, INF), "c2"), ValueError, "",
                 id="best_route-origin-inf"),
    pytest.param(lambda c: routing.best_route(c.T, (91.0, 60.0), "c2"), ValueError, "",
                 id="best_route-origin-lat-91"),
    pytest.param(lambda c: routing.best_route(c.T, (45.0, -181.0), "c2"), ValueError, "",
                 id="best_route-origin-lon-181"),
    pytest.param(lambda c: routing.best_route(c.T, "95,60", "c2"), ValueError, "",
                 id="best_route-origin-text-lat-95"),
    pytest.param(lambda c: routing.best_route(c.T, "a1", "zzqx"), KeyError, "zzqx",
                 id="best_route-destination-unknown"),
    pytest.param(_best(objective=None), WRONG_TYPE, "", id="best_route-objective-None"),
    pytest.param(_best(objective="fastets"), ValueError, "fastest",
                 id="best_route-objective-typo"),
    pytest.param(_best(cost_model="x"), WRONG_TYPE, "cost_model", id="best_route-cost_model-str"),
    pytest.param(_best(cost_model={"speed_kmh": {"road": 1}}), WRONG_TYPE, "cost_model",
                 id="best_route-cost_model-dict"),
    pytest.param(_best(include_planned="no"), WRONG_TYPE, "include_planned",
                 id="best_route-include_planned-no"),
    pytest.param(_best(include_planned=1), WRONG_TYPE, "include_planned",
                 id="best_route-include_planned-1"),
    pytest.param(_best(closures="no"), WRONG_TYPE, "closures", id="best_route-closures-str"),
    pytest.param(_best(max_crossings=-1), ValueError, "max_crossings",
                 id="best_route-max_crossings-neg"),
    pytest.param(_best(max_crossings=1.5), WRONG_TYPE, "max_crossings",
                 id="best_route-max_crossings-float"),
    pytest.param(_best(max_crossings=True), WRONG_TYPE, "max_crossings",
                 id="best_route-max_crossings-bool"),
    pytest.param(_best(max_crossings=NAN), WRONG_TYPE, "max_crossings",
                 id="best_route-max_crossings-nan"),
    pytest.param(_best(max_crossings="2"), WRONG_TYPE, "max_crossings",
                 id="best_route-max_crossings-str"),
    pytest.param(_best(modes="air"), ValueError, "air", id="best_route-modes-air"),
    pytest.param(_best(modes=1), WRONG_TYPE, "", id="best_route-modes-int"),
    pytest.param(_best(modes=[]), ValueError, "", id="best_route-modes-empty"),
    pytest.param(_best(modes=[None]), WRONG_TYPE, "", id="best_route-modes-None-item"),
    pytest.param(_best(avoid_countries="Russia"), ValueError, "Russia",
                 id="best_route-avoid_countries-name"),
    pytest.param(_best(avoid_countries=1), WRONG_TYPE, "", id="best_route-avoid_countries-int"),
    pytest.param(_best(avoid_places=[None]), WRONG_TYPE, "", id="best_route-avoid_places-None"),
    pytest.param(_best(avoid_crossings=1), WRONG_TYPE, "", id="best_route-avoid_crossings-int"),
    pytest.param(_best(avoid_crossings=["x-ab-raod"]), ValueError, "x-ab-road",
                 id="best_route-avoid_crossings-typo"),
    pytest.param(_best(avoid_links=["nope"]), ValueError, "nope",
                 id="best_route-avoid_links-unknown"),
    pytest.param(_best(via=1), WRONG_TYPE, "", id="best_route-via-int"),
    pytest.param(_best(via=[None]), WRONG_TYPE, "", id="best_route-via-None-item"),
    pytest.param(_best(date="x"), ValueError, "", id="best_route-date-str"),
    pytest.param(_best(date=20260115), WRONG_TYPE, "", id="best_route-date-int"),
    # ---- pareto_front, od_matrix
    pytest.param(lambda c: routing.pareto_front(c.T, "a1", "c2", criteria=1), WRONG_TYPE, "",
                 id="pareto-criteria-int"),
    pytest.param(lambda c: routing.pareto_front(c.T, "a1", "c2", criteria=None), WRONG_TYPE, "",
                 id="pareto-criteria-None"),
    pytest.param(lambda c: routing.pareto_front(c.T, "a1", "c2", criteria=["tiem"]), ValueError,
                 "time", id="pareto-criteria-typo"),
    pytest.param(lambda c: routing.pareto_front(c.T, "a1", "c2", criteria=[]), ValueError, "",
                 id="pareto-criteria-empty"),
    pytest.param(lambda c: routing.pareto_front(c.T, "a1", "c2", criteria=[1, 2]), WRONG_TYPE,
                 "", id="pareto-criteria-ints"),
    pytest.param(lambda c: routing.pareto_front(c.T, "a1", "c2", include_planned="yes"),
                 WRONG_TYPE, "include_planned", id="pareto-include_planned-str"),
    pytest.param(lambda c: routing.od_matrix(c.T, None, ["c2"]), WRONG_TYPE, "origins",
                 id="od-origins-None"),
    pytest.param(lambda c: routing.od_matrix(c.T, 1, ["c2"]), WRONG_TYPE, "",
                 id="od-origins-int"),
    pytest.param(lambda c: routing.od_matrix(c.T, ["a1"], ["c2"], value="tiem"), ValueError,
                 "time", id="od-value-typo"),
    pytest.param(lambda c: routing.od_matrix(c.T, ["a1"], ["c2"], value=1), WRONG_TYPE, "",
                 id="od-value-int"),
    pytest.param(lambda c: routing.od_matrix(c.T, ["a1"], ["c2"], cost_model="x"), WRONG_TYPE,
                 "cost_model", id="od-cost_model-str"),
    pytest.param(lambda c: routing.od_matrix("G", ["a1"], ["c2"]), WRONG_TYPE, "",
                 id="od-graph-str"),
    # ---- constraints and weights: options passed through **kwargs are checked by name
    pytest.param(lambda c: constrained_weight(c.T, "distance", mode="road"), WRONG_TYPE,
                 "did you mean 'modes'", id="constrained_weight-typo"),
    pytest.param(lambda c: constrained_view(c.T, avoid_country=["AA"]), WRONG_TYPE,
                 "did you mean 'avoid_countries'", id="constrained_view-typo"),
    pytest.param(lambda c: make_constraints(c.T, include_planned="no"), WRONG_TYPE,
                 "include_planned", id="make_constraints-include_planned-str"),
    pytest.param(lambda c: compile_weight(c.T, "distance", "x"), WRONG_TYPE, "constraints",
                 id="compile_weight-constraints-str"),
    pytest.param(lambda c: compile_weight(c.T, "distance", cost_model="x"), WRONG_TYPE,
                 "cost_model", id="compile_weight-cost_model-str"),
    pytest.param(lambda c: resolve_place(c.T, None), WRONG_TYPE, "", id="resolve_place-None"),
    pytest.param(lambda c: resolve_place(c.T, object()), WRONG_TYPE, "",
                 id="resolve_place-object"),
    pytest.param(lambda c: resolve_place(c.T, (45.0, 60.0), max_access_km=-1), ValueError,
                 "max_access_km", id="resolve_place-max_access-neg"),
    pytest.param(lambda c: snap(c.T, "x", 0.0), WRONG_TYPE, "", id="snap-str"),
    pytest.param(lambda c: snap(c.T, NAN, 0.0), ValueError, "", id="snap-nan"),
    pytest.param(lambda c: snap(c.T, 0.0, INF), ValueError, "", id="snap-inf"),
    # ---- cost model and weights
    pytest.param(lambda c: CostModel(speed_kmh={"air": 800}), ValueError, "air",
                 id="CostModel-mode-air"),
    pytest.param(lambda c: CostModel(rate_usd_per_km={"raod": 1.0}), ValueError, "road",
                 id="CostModel-mode-typo"),
    pytest.param(lambda c: CostModel(speed_kmh={"road": "x"}), WRONG_TYPE, "speed_kmh",
                 id="CostModel-speed-str"),
    pytest.param(lambda c: CostModel(speed_kmh=[1]), WRONG_TYPE, "speed_kmh",
                 id="CostModel-speed-list"),
    pytest.param(lambda c: CostModel(speed_kmh={"road": -1}), ValueError, "speed_kmh",
                 id="CostModel-speed-neg"),
    pytest.param(lambda c: CostModel(speed_kmh={"road": NAN}), ValueError, "speed_kmh",
                 id="CostModel-speed-nan"),
    pytest.param(lambda c: CostModel(speed_kmh={"road": 1e-300}), ValueError, "speed_kmh",
                 id="CostModel-speed-tiny"),
    pytest.param(lambda c: CostModel(crossing_time_h={"rail": 1e300}), ValueError,
                 "crossing_time_h", id="CostModel-time-huge"),
    pytest.param(lambda c: CostModel(port_dwell_h=True), WRONG_TYPE, "port_dwell_h",
                 id="CostModel-dwell-bool"),
    pytest.param(lambda c: CostModel(port_dwell_h="12"), WRONG_TYPE, "port_dwell_h",
                 id="CostModel-dwell-str"),
    pytest.param(lambda c: CostModel(transfer_h=INF), ValueError, "transfer_h",
                 id="CostModel-transfer-inf"),
    pytest.param(lambda c: CostModel(sailings_per_week=0), ValueError, "sailings_per_week",
                 id="CostModel-sailings-0"),
    pytest.param(lambda c: ScoreWeights(km="x"), WRONG_TYPE, "km", id="ScoreWeights-km-str"),
    pytest.param(lambda c: ScoreWeights(km=True), WRONG_TYPE, "km", id="ScoreWeights-km-bool"),
    pytest.param(lambda c: ScoreWeights(km=-1), ValueError, "km", id="ScoreWeights-km-neg"),
    pytest.param(lambda c: ScoreWeights(name=1), WRONG_TYPE, "name", id="ScoreWeights-name-int"),
    pytest.param(lambda c: resolve_objective(None), WRONG_TYPE, "", id="resolve_objective-None"),
    # ---- scenarios from data
    pytest.param(_scen(None), WRONG_TYPE, "", id="scenario-None"),
    pytest.param(_scen([]), WRONG_TYPE, "", id="scenario-list"),
    # file content: ScenarioError
    pytest.param(_scen({"close": []}), ScenarioError, "close", id="scenario-close-list"),
    # file content: ScenarioError
    pytest.param(_scen({"close": {"countries": 1}}), ScenarioError, "countries",
                 id="scenario-close-countries-int"),
    pytest.param(_scen({"clsoe": {}}), ValueError, "did you mean 'close'",
                 id="scenario-table-typo"),
    pytest.param(_scen({"scenario": {"name": "x", "titel": "y"}}), ValueError,
                 "did you mean 'title'", id="scenario-key-typo"),
    # file content: ScenarioError
    pytest.param(_scen({"scenario": {"name": 1}}), ScenarioError, "name",
                 id="scenario-name-int"),
    pytest.param(_scen({"scenario": {"name": "x"}, "cost_model": {"speed_kmh": {"air": 800}}}),
                 ValueError, "air", id="scenario-cost_model-mode-air"),
    pytest.param(_scen({"scenario": {"name": "x"}, "cost_model": {"transfer_hh": 1}}),
                 ValueError, "did you mean 'transfer_h'", id="scenario-cost_model-typo"),
    pytest.param(_scen({"scenario": {"name": "x"},
                        "cost_model": {"port_dwell_h_factor": 1e308}}),
                 ValueError, "port_dwell_h_factor", id="scenario-cost_model-factor-huge"),
    pytest.param(_scen({"scenario": {"name": "x"},
                        "cost_model": {"speed_kmh": {"road": 1e-300}}}),
                 ValueError, "speed_kmh", id="scenario-cost_model-speed-tiny"),
    pytest.param(_scen({"scenario": {"name": "x"}, "crossings": {"c": {"time_factor": 1e308}}}),
                 ValueError, "time_factor", id="scenario-time_factor-huge"),
    pytest.param(_scen({"scenario": {"name": "x"}, "crossings": {"c": {"time_factor": -1}}}),
                 ValueError, "time_factor", id="scenario-time_factor-neg"),
    pytest.param(_scen({"scenario": {"name": "x"}, "crossings": {"c": {"time_factor": NAN}}}),
                 ValueError, "time_factor", id="scenario-time_factor-nan"),
    pytest.param(_scen({"scenario": {"name": "x"}, "crossings": {"c": {"cost_usd": 1e300}}}),
                 ValueError, "cost_usd", id="scenario-cost_usd-huge"),
    pytest.param(_scen({"scenario": {"name": "x"},
                        "links": {"l": {"sailings_per_week": True}}}),
                 ScenarioError, "sailings_per_week",  # file content: ScenarioError
                 id="scenario-sailings-bool"),
    pytest.param(_scen({"scenario": {"name": "x"}, "links": {"l": {"sailings_factor": 0}}}),
                 ValueError, "sailings_factor", id="scenario-sailings_factor-0"),
    pytest.param(_scen({"scenario": {"name": "x"}, "places": {"p": {"dwell_h": INF}}}),
                 ValueError, "dwell_h", id="scenario-dwell-inf"),
    # ---- Scenario objects built directly
    pytest.param(lambda c: Scenario(None), WRONG_TYPE, "name", id="Scenario-name-None"),
    pytest.param(lambda c: Scenario("x", close_countries=1), WRONG_TYPE, "close_countries",
                 id="Scenario-close_countries-int"),
    pytest.param(lambda c: Scenario("x", close_links=[1]), WRONG_TYPE, "close_links",
                 id="Scenario-close_links-int-item"),
    pytest.param(lambda c: Scenario("x", crossings=[1]), WRONG_TYPE, "crossings",
                 id="Scenario-crossings-list"),
    pytest.param(lambda c: Scenario("x", cost_model=[1]), WRONG_TYPE, "cost_model",
                 id="Scenario-cost_model-list"),
    pytest.param(lambda c: Scenario("x", cost_model={"speed_kmh": {"air": 800}}), ValueError,
                 "air", id="Scenario-cost_model-air"),
    pytest.param(lambda c: Scenario("x", crossings={"c": CrossingChange(time_factor=NAN)}),
                 ValueError, "time_factor", id="Scenario-CrossingChange-nan"),
    pytest.param(lambda c: Scenario("x", crossings={"c": CrossingChange(time_h=1e300)}),
                 ValueError, "time_h", id="Scenario-CrossingChange-huge"),
    # ---- scenario files: each error names the file
    pytest.param(lambda c: load_scenario(None), WRONG_TYPE, "", id="load_scenario-None"),
    pytest.param(lambda c: load_scenario(123), WRONG_TYPE, "", id="load_scenario-int"),
    pytest.param(lambda c: load_scenario("russia_avodied"), ValueError, "russia_avoided",
                 id="load_scenario-name-typo"),
    pytest.param(lambda c: read_scenario_file(None), WRONG_TYPE, "",
                 id="read_scenario_file-None"),
    pytest.param(_read("missing.toml"), ValueError, "missing.toml", id="scenario-file-missing"),
    pytest.param(_read("a_directory.toml"), ValueError, "a_directory.toml",
                 id="scenario-file-directory"),
    pytest.param(_read("binary.toml"), ValueError, "binary.toml", id="scenario-file-binary"),
    pytest.param(_read("binary.json"), ValueError, "binary.json", id="scenario-file-binary-json"),
    pytest.param(_read("latin1.toml"), ValueError, "latin1.toml", id="scenario-file-latin1"),
    pytest.param(_read("deep.toml"), ValueError, "deep.toml", id="scenario-file-deep-toml"),
    pytest.param(_read("deep_table.toml"), ValueError, "deep_table.toml",
                 id="scenario-file-deep-inline-table"),
    pytest.param(_read("deep.json"), ValueError, "deep.json", id="scenario-file-deep-json"),
    pytest.param(_read("nan.json"), ValueError, "nan.json", id="scenario-file-nan"),
    pytest.param(_read("huge_factor.toml"), ValueError, "huge_factor.toml",
                 id="scenario-file-huge-factor"),
    pytest.param(_read("huge_time.toml"), ValueError, "huge_time.toml",
                 id="scenario-file-huge-time"),
    pytest.param(_read("air.toml"), ValueError, "air.toml", id="scenario-file-air"),
    pytest.param(_read("typo_key.toml"), ValueError, "typo_key.toml",
                 id="scenario-file-typo-key"),
    pytest.param(_read("typo_table.toml"), ValueError, "typo_table.toml",
                 id="scenario-file-typo-table"),
    pytest.param(_read("bad.toml"), ValueError, "bad.toml", id="scenario-file-invalid-toml"),
    # ---- applying and comparing scenarios
    pytest.param(lambda c: apply_scenario("G", "russia_avoided"), WRONG_TYPE, "",
                 id="apply_scenario-graph-str"),
    pytest.param(lambda c: apply_scenario(c.T, Scenario("x"), cost_model="x"), WRONG_TYPE,
                 "cost_model", id="apply_scenario-cost_model-str"),
    pytest.param(lambda c: Scenario("x").apply(c.T, materialize="yes"), WRONG_TYPE,
                 "materialize", id="Scenario.apply-materialize-str"),
    pytest.param(lambda c: Scenario("x", close_links=["b3-c1-sae"]).apply(c.T), ValueError,
                 "b3-c1-sea", id="Scenario.apply-link-typo"),
    pytest.param(lambda c: parse_od_pairs(1), WRONG_TYPE, "", id="parse_od_pairs-int"),
    pytest.param(lambda c: parse_od_pairs([1]), WRONG_TYPE, "", id="parse_od_pairs-int-item"),
    pytest.param(lambda c: parse_od_pairs(["a1"]), ValueError, "a1", id="parse_od_pairs-one"),
    pytest.param(lambda c: route_record(c.T, "a1", "c2", avoid_country=["AA"]), WRONG_TYPE,
                 "did you mean 'avoid_countries'", id="route_record-typo"),
    pytest.param(lambda c: compare_scenarios(c.T, Scenario("x"), [("a1", "c2")],
                                             include_planed=True),
                 WRONG_TYPE, "did you mean 'include_planned'", id="compare_scenarios-typo"),
    # ---- tables, routes, calibration, dates
    pytest.param(lambda c: places_frame(None), WRONG_TYPE, "", id="places_frame-None"),
    pytest.param(lambda c: crossings_frame("x"), WRONG_TYPE, "", id="crossings_frame-str"),
    pytest.param(lambda c: places_gdf(None), WRONG_TYPE, "", id="places_gdf-None"),
    pytest.param(lambda c: links_gdf(None), WRONG_TYPE, "", id="links_gdf-None"),
    pytest.param(lambda c: c.route.to_gdf(per="lines"), ValueError, "lines",
                 id="Route.to_gdf-per"),
    pytest.param(lambda c: routes_to_gdf([c.route], per=None), WRONG_TYPE, "per",
                 id="routes_to_gdf-per-None"),
    pytest.param(lambda c: make_route(c.T, []), ValueError, "origin", id="make_route-empty"),
    pytest.param(lambda c: calibration_rows(c.files["missing.toml"]), ValueError, "missing.toml",
                 id="calibration-missing"),
    pytest.param(lambda c: calibration_rows(c.files["a_directory.toml"]), ValueError,
                 "a_directory.toml", id="calibration-directory"),
    pytest.param(lambda c: calibration_rows(c.files["calib_binary.csv"]), ValueError,
                 "calib_binary.csv", id="calibration-binary"),
    pytest.param(lambda c: calibration_rows(c.files["calib_columns.csv"]), ValueError,
                 "calib_columns.csv", id="calibration-columns"),
    pytest.param(lambda c: calibration_rows(c.files["calib_number.csv"]), ValueError,
                 "calib_number.csv", id="calibration-number"),
    pytest.param(lambda c: parse_date(20260115), WRONG_TYPE, "", id="parse_date-int"),
    pytest.param(lambda c: c.route.summary(legs="no"), WRONG_TYPE, "legs",
                 id="Route.summary-legs-str"),
    pytest.param(lambda c: routes_to_frame(None), WRONG_TYPE, "routes",
                 id="routes_to_frame-None"),
    pytest.param(lambda c: routes_to_frame([1]), WRONG_TYPE, "Route", id="routes_to_frame-int"),
    pytest.param(lambda c: routes_to_geojson([None]), WRONG_TYPE, "Route",
                 id="routes_to_geojson-None-item"),
    pytest.param(lambda c: routing.RouteList([1]), WRONG_TYPE, "Route", id="RouteList-int"),
    pytest.param(lambda c: make_route(c.T, c.route.edges, cost_model="x"), WRONG_TYPE,
                 "cost_model", id="make_route-cost_model-str"),
    pytest.param(lambda c: make_route(c.T, "abc"), WRONG_TYPE, "path", id="make_route-path-str"),
    # ---- scoring helpers and named corridors
    pytest.param(lambda c: score_path(None, c.route.edges), WRONG_TYPE, "",
                 id="score_path-graph-None"),
    pytest.param(lambda c: score_path(c.T, "abc"), WRONG_TYPE, "path", id="score_path-path-str"),
    pytest.param(lambda c: score_path(c.T, [("a1", "zz", "k")]), ValueError, "zz",
                 id="score_path-not-an-edge"),
    pytest.param(lambda c: score_path(c.T, c.route.edges, cost_model="x"), WRONG_TYPE,
                 "cost_model", id="score_path-cost_model-str"),
    pytest.param(lambda c: route_tokens(None, c.route.edges), WRONG_TYPE, "",
                 id="route_tokens-graph-None"),
    pytest.param(lambda c: route_tokens(c.T, [("a1", "zz", "k")]), ValueError, "zz",
                 id="route_tokens-not-an-edge"),
    pytest.param(lambda c: route_tokens(c.T, 1), WRONG_TYPE, "path", id="route_tokens-path-int"),
    pytest.param(lambda c: follows(c.T, c.route.edges, "SC"), WRONG_TYPE, "Corridor",
                 id="follows-corridor-str"),
    pytest.param(lambda c: corridor_of(c.T, c.route.edges, 1), WRONG_TYPE, "corridors",
                 id="corridor_of-corridors-int"),
    pytest.param(lambda c: corridor_of(c.T, [(1, 2)]), WRONG_TYPE, "path",
                 id="corridor_of-path-pairs"),
    # ---- more scenario arguments
    pytest.param(lambda c: Scenario("x").scenario_cost_model("x"), WRONG_TYPE, "cost_model",
                 id="scenario_cost_model-base-str"),
    pytest.param(lambda c: route_record(None, "a1", "c2"), WRONG_TYPE, "",
                 id="route_record-graph-None"),
    pytest.param(lambda c: scenario_from_dict({}, path=1), WRONG_TYPE, "",
                 id="scenario_from_dict-path-int"),
    pytest.param(lambda c: scenario_from_dict({}, name=1), WRONG_TYPE, "name",
                 id="scenario_from_dict-name-int"),
    pytest.param(lambda c: Scenario("x", path=1), WRONG_TYPE, "path", id="Scenario-path-int"),
    pytest.param(lambda c: Scenario("x", title=None), WRONG_TYPE, "title",
                 id="Scenario-title-None"),
]


@pytest.mark.parametrize(("call", "builtin", "text"), CALLS)
def test_wrong_input_raises_a_corridors_error(ctx: Ctx, call: Callable[[Ctx], Any],
                                              builtin: Any, text: str) -> None:
    with pytest.raises(CorridorsError) as info:
        call(ctx)
    assert isinstance(info.value, builtin), f"{type(info.value).__name__} is not {builtin}"
    message = str(info.value)
    assert text in message
    assert len(message) < 2000, "a message echoes input in full"


def test_probe_is_wide() -> None:
    assert len(CALLS) >= 100


# ---- a wrong type is an ArgumentTypeError; a wrong value never a TypeError ----------------
def _by_builtin(wanted: Callable[[Any], bool]) -> list[Any]:
    return [pytest.param(p.values[0], id=p.id) for p in CALLS if wanted(p.values[1])]


@pytest.mark.parametrize("call", _by_builtin(lambda b: b == WRONG_TYPE))
def test_a_wrong_type_is_an_argument_type_error(ctx: Ctx, call: Callable[[Ctx], Any]) -> None:
    with pytest.raises(ArgumentTypeError):
        call(ctx)


@pytest.mark.parametrize("call", _by_builtin(lambda b: b != WRONG_TYPE))
def test_a_wrong_value_is_not_a_type_error(ctx: Ctx, call: Callable[[Ctx], Any]) -> None:
    with pytest.raises(CorridorsError) as info:
        call(ctx)
    assert not isinstance(info.value, TypeError), f"{type(info.value).__name__}: {info.value}"


def test_a_scenario_built_in_python_with_wrong_types(ctx: Ctx) -> None:
    with pytest.raises(ArgumentTypeError, match="time_h"):
        Scenario("x", crossings={"c": CrossingChange(time_h="12")})  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="CrossingChange"):
        Scenario("x", crossings={"c": 5})  # type: ignore[dict-item]
    with pytest.raises(ArgumentTypeError, match="port_dwell_h"):
        Scenario("x", cost_model={"port_dwell_h": "12"})
    with pytest.raises(ArgumentTypeError, match="speed_kmh"):
        Scenario("x", cost_model={"speed_kmh": 3})
    with pytest.raises(ScenarioError, match="non-empty name") as info:
        Scenario(" ")  # the right type, an empty value
    assert not isinstance(info.value, TypeError)


def test_the_same_wrong_types_in_a_scenario_file_are_scenario_errors(tmp_path: Path) -> None:
    cases = {"dwell.toml": "[cost_model]\nport_dwell_h = '12'\n",
             "speed.toml": "[cost_model]\nspeed_kmh = 3\n",
             "time.toml": "[crossings.c]\ntime_h = '12'\n",
             "array.json": "[1, 2]",
             "number.json": "12"}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(ScenarioError, match=name.replace(".", r"\.")) as info:
            load_scenario(tmp_path / name)
        assert not isinstance(info.value, TypeError), name


@pytest.mark.parametrize(("call", "hint"), [
    (lambda: CostModel(speedkmh={"road": 50}), "did you mean 'speed_kmh'"),
    (lambda: ScoreWeights(kms=1.0), "did you mean 'km'"),
    (lambda: CrossingChange(time_hh=1.0), "did you mean 'time_h'"),
    (lambda: Scenario("x", close_link=["b3-c1-sea"]), "did you mean 'close_links'"),
    (lambda: ScoreWeights(1, 2, 3, 4, 5, "x", 7), "at most 6 positional"),
], ids=["CostModel", "ScoreWeights", "CrossingChange", "Scenario", "ScoreWeights-positional"])
def test_a_misspelled_constructor_keyword(call: Callable[[], Any], hint: str) -> None:
    # the dataclasses' generated __init__ raised a bare TypeError
    with pytest.raises(ArgumentTypeError, match=hint):
        call()


def test_calibration_arguments_of_the_wrong_type(ctx: Ctx) -> None:
    with pytest.raises(ArgumentTypeError, match="path"):
        calibration_rows(123)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="rows"):
        calibration_table(ctx.T, 5)  # type: ignore[arg-type]  # was a bare TypeError
    with pytest.raises(ArgumentTypeError, match="row 1"):
        calibration_table(ctx.T, [1])  # type: ignore[list-item]


def test_more_options_of_the_wrong_type(ctx: Ctx) -> None:
    with pytest.raises(ArgumentTypeError, match="kind"):
        search_places(ctx.T, "", kind=1)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="max_access_km"):
        resolve_place(ctx.T, (45.0, 60.0), max_access_km="500")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="constraints"):
        constrained_view(ctx.T, "x")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="objective"):
        routing.best_route(ctx.T, "a1", "c2", 1)  # type: ignore[arg-type]
    for bad in (-1, float("nan")):
        with pytest.raises(ConstraintError, match="max_access_km") as info:
            resolve_place(ctx.T, (45.0, 60.0), max_access_km=bad)
        assert not isinstance(info.value, TypeError)


def test_unknown_keyword_suggests_the_option(ctx: Ctx) -> None:
    with pytest.raises(ConstraintError, match="did you mean 'max_crossings'"):
        route_record(ctx.T, "a1", "c2", max_crossing=1)


def test_a_long_value_is_echoed_cut(ctx: Ctx) -> None:
    with pytest.raises(CorridorsError) as info:
        search_places(ctx.T, "", kind="k" * 100_000)
    assert len(str(info.value)) < 1000


# ---- include_planned must be a real bool: "no" used to admit planned links -------------------
def test_include_planned_no_is_refused_not_truthy(ctx: Ctx) -> None:
    with pytest.raises(ConstraintError, match="include_planned"):
        make_constraints(ctx.T, include_planned="no")
    assert make_constraints(ctx.T, include_planned=False).include_planned is False
    np = pytest.importorskip("numpy")
    assert make_constraints(ctx.T, include_planned=np.bool_(True)).include_planned is True


def test_a_cost_model_keeps_its_own_modes_only() -> None:
    with pytest.raises(ConstraintError, match="air"):
        CostModel(speed_kmh={"air": 800})
    assert CostModel(speed_kmh={"rail": 60}).speed_kmh["rail"] == 60.0


# ---- a scenario's numbers are bounded, so routes stay finite ----------------------------------
def test_scenario_factor_bounds_are_documented() -> None:
    assert MAX_FACTOR >= 10
    assert str(MAX_FACTOR).rstrip("0").rstrip(".") in corridors.scenarios.__doc__.replace(
        ",", "")
    s = scenario_from_dict({"scenario": {"name": "x"},
                            "crossings": {"c": {"time_factor": MAX_FACTOR}}})
    assert s.crossings["c"].time_factor == MAX_FACTOR
    with pytest.raises(ScenarioError, match="time_factor"):
        scenario_from_dict({"scenario": {"name": "x"},
                            "crossings": {"c": {"time_factor": MAX_FACTOR * 1.01}}})


def test_scenario_file_error_names_file_and_key(ctx: Ctx) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(ctx.files["huge_factor.toml"])
    assert "huge_factor.toml" in str(info.value) and "time_factor" in str(info.value)
    with pytest.raises(ScenarioError) as info:
        load_scenario(ctx.files["air.toml"])
    assert "air.toml" in str(info.value) and "speed_kmh" in str(info.value)


def _huge_graph() -> nx.MultiDiGraph:
    T = tiny_network()
    for _, _, d in T.edges(data=True):
        d["distance_km"] = 1e308
    return T


def test_route_json_refuses_non_finite_numbers() -> None:
    T = _huge_graph()
    r = routing.best_route(T, "a1", "a2", "distance", closures=False)
    assert not math.isfinite(r.cost_usd)
    with pytest.raises(CorridorsError, match="not finite") as info:
        r.to_geojson()
    assert isinstance(info.value, ValueError)
    assert "cost_usd" in str(info.value)
    with pytest.raises(CorridorsError, match="not finite"):
        routing.RouteList([r]).to_geojson()


def test_route_json_is_standard_json(ctx: Ctx) -> None:
    text = ctx.route.to_geojson()
    json.loads(text, parse_constant=lambda name: pytest.fail(f"non-standard JSON {name}"))


def test_scenario_json_refuses_non_finite_numbers() -> None:
    s = Scenario("x", crossings={"c": CrossingChange(time_factor=0.5)})
    object.__setattr__(s.crossings["c"], "time_factor", float("nan"))  # bypass the checks
    with pytest.raises(CorridorsError, match="not finite"):
        s.to_json()


# ---- coordinates as places: a long access leg warns, a very long one is refused --------------
@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_network()


def test_coordinates_far_from_the_network_are_refused(G: nx.MultiDiGraph) -> None:
    node, km = snap(G, 0.0, 0.0)  # the issue: Niš, 5,287 km away; today Piraeus
    assert km > ACCESS_MAX_KM
    with pytest.raises(ConstraintError) as info:
        routing.best_route(G, (0.0, 0.0), "dushanbe")
    message = str(info.value)
    assert G.nodes[node]["name"] in message and f"{km:,.0f} km" in message
    assert f"{ACCESS_MAX_KM:,.0f} km" in message


def test_coordinate_text_far_from_the_network_is_refused(G: nx.MultiDiGraph) -> None:
    node, _ = snap(G, 0.0, 0.0)
    with pytest.raises(ConstraintError, match=G.nodes[node]["name"].split(" (")[0]):
        routing.best_route(G, "0,0", "dushanbe")


def test_a_long_access_leg_warns(G: nx.MultiDiGraph, caplog: pytest.LogCaptureFixture) -> None:
    # in the Pamirs, ~130 km from the Ishkashim bridge, the nearest place of the network
    lat, lon = 37.0, 73.0
    _, km = snap(G, lat, lon)
    assert ACCESS_WARN_KM < km < ACCESS_MAX_KM
    with caplog.at_level(logging.WARNING, logger="corridors"):
        r = routing.best_route(G, (lat, lon), "karachi", closures=False)
    assert any(f"{km:,.0f} km" in rec.getMessage() and rec.levelno == logging.WARNING
               for rec in caplog.records)
    assert any(f"{km:,.0f} km" in w for w in r.warnings)
    assert r.origin_access_km == pytest.approx(km)


def test_a_short_access_leg_is_silent(G: nx.MultiDiGraph,
                                      caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="corridors"):
        p = resolve_place(G, (38.56, 68.79))  # Dushanbe
    assert p.nodes == ("dushanbe",) and not p.warnings
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_max_access_km_is_a_keyword(G: nx.MultiDiGraph) -> None:
    p = resolve_place(G, (0.0, 0.0), max_access_km=10_000)
    assert p.access_km == pytest.approx(snap(G, 0.0, 0.0)[1])
    assert p.warnings
    with pytest.raises(ConstraintError, match="max_access_km"):
        resolve_place(G, (38.56, 68.79), max_access_km=0.001)


def test_a_resolved_far_coordinate_routes_with_its_warning(G: nx.MultiDiGraph) -> None:
    far = resolve_place(G, (0.0, 0.0), max_access_km=float("inf"))
    r = routing.best_route(G, far, "dushanbe", closures=False)
    assert r.origin == far.nodes[0] and r.origin_access_km == pytest.approx(far.access_km)
    assert far.warnings[0] in r.warnings


def test_coordinate_text_is_a_place(G: nx.MultiDiGraph) -> None:
    p = resolve_place(G, " 38.56 , 68.79 ")
    assert p.kind == "coords" and p.nodes == ("dushanbe",)


# ---- a broken data directory still reports with file, row and column ------------------------
def test_load_network_error_is_a_data_error(tmp_path: Path) -> None:
    d = write_network(tmp_path / "net")
    (d / "places.csv").write_bytes(b"\xff\xfe" + bytes(range(256)))
    with pytest.raises(DataError, match=r"places\.csv"):
        load_network(d)
