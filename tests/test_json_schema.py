"""The documented JSON layout, field by field, through the JSON Schemas in corridors/schemas/.

The schemas (draft 2020-12) are closed (``additionalProperties: false``, every field
``required``), so the real output of every command and option must have exactly the fields
they list; the README's JSON example must be valid against the route schema, and the route
schema must name exactly the fields of that example (plus the command-only fields that
docs/guide/json.md names). A renamed, dropped or added field fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from corridors.cli import main
from corridors.errors import ConstraintError
from corridors.report import SCHEMA_VERSION
from corridors.resources import json_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "corridors" / "schemas"
COMMANDS = ("route", "info", "od", "reliability", "criticality", "assign")
#: Fields of the route document that only one command has (named in docs/guide/json.md).
COMMAND_ONLY = {"alternatives", "pareto", "corridors", "skipped"}
#: Unit suffixes of field names and the word their description must use.
UNITS = {"_km": "km", "_h": "hour", "_usd": "USD", "_kg": "kg", "_t": "tonnes",
         "_tkm": "tonne-km", "_days": "days"}


def _schema_file(command: str) -> Path:
    return SCHEMAS / f"{command}-output.schema.json"


def _validator(command: str) -> Draft202012Validator:
    return Draft202012Validator(json_schema(command), format_checker=FormatChecker())


def _errors(command: str, doc: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in _validator(command).iter_errors(doc)]


def _readme_sample() -> dict[str, Any]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (sample,) = re.findall(r"^```json\n(.*?)^```", text, flags=re.S | re.M)
    return json.loads(sample)


def _objects(schema: Any, where: str = "#") -> list[tuple[str, dict[str, Any]]]:
    """Every subschema with ``properties`` (not the conditions of ``allOf``), with its pointer."""
    out = []
    if isinstance(schema, dict):
        if "properties" in schema:
            out.append((where, schema))
        for key, value in schema.items():
            if key != "allOf":
                out.extend(_objects(value, f"{where}/{key}"))
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            out.extend(_objects(value, f"{where}/{i}"))
    return out


# ------------------------------------------------------------------------- the schemas
@pytest.mark.parametrize("command", COMMANDS)
def test_each_schema_is_a_valid_draft_2020_12_schema(command: str) -> None:
    schema = json.loads(_schema_file(command).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert json_schema(command) == schema


def test_the_helper_knows_every_schema_and_only_those() -> None:
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(
        f"{c}-output.schema.json" for c in COMMANDS)
    assert json_schema() == json_schema("route")
    with pytest.raises(ConstraintError, match="route"):
        json_schema("routes")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_object_is_closed_and_every_field_required_and_described(command: str) -> None:
    for where, sub in _objects(json_schema(command)):
        props = sub["properties"]
        assert sub.get("additionalProperties") is False, where
        optional = set(props) & COMMAND_ONLY if command == "route" else set()
        assert sub["required"] == [k for k in props if k not in optional], where
        for name, prop in props.items():
            if prop is False or "$ref" in prop:
                continue
            text = prop.get("description", "")
            assert text, f"{where}/{name} has no description"
            for suffix, unit in UNITS.items():
                if name.endswith(suffix):
                    assert unit.lower() in text.lower(), f"{where}/{name}: no unit {unit!r}"


def test_the_schemas_fix_modes_statuses_and_vehicle_classes() -> None:
    defs = json_schema("route")["$defs"]
    assert defs["leg"]["properties"]["mode"]["enum"] == ["rail", "road", "sea"]
    assert defs["crossing"]["properties"]["mode"]["enum"] == ["rail", "road", "sea"]
    assert set(defs["leg"]["properties"]["status"]["enum"]) == {
        "operational", "under_construction", "planned", "closed"}
    vehicle = _validator("route").evolve(schema=defs["leg"]["properties"]["vehicle"])
    # the classes of docs/emissions.md, and the empty class of a network without emission data
    for ok in ("truck", "rail_electric", "rail_mixed", "ferry_ro_pax", ""):
        assert vehicle.is_valid(ok), ok
    for bad in ("Truck", "rail electric", None, 1):
        assert not vehicle.is_valid(bad), bad


def test_assign_routes_have_the_route_fields_and_their_own_three() -> None:
    route = json_schema("route")["$defs"]
    assign = json_schema("assign")["$defs"]
    mine = assign["assigned_route"]["properties"]
    assert list(mine)[:3] == ["share", "teu", "delay_h"]
    assert {k: v for k, v in mine.items() if k not in ("share", "teu", "delay_h")} == route[
        "route"]["properties"]
    assert assign["leg"] == route["leg"] and assign["crossing"] == route["crossing"]


def test_the_wheel_ships_the_schemas() -> None:
    pytest.importorskip("hatchling")
    from hatchling.builders.wheel import WheelBuilder

    shipped = {f.distribution_path for f in WheelBuilder(str(ROOT)).recurse_included_files()}
    assert {f"corridors/schemas/{c}-output.schema.json" for c in COMMANDS} <= shipped


# ----------------------------------------------------------------- the documented layout
def test_the_readme_example_is_valid() -> None:
    assert _errors("route", _readme_sample()) == []


def test_the_schema_has_exactly_the_documented_fields() -> None:
    """Field by field: the route schema's names are the README example's keys."""
    schema, sample = json_schema("route"), _readme_sample()
    defs = schema["$defs"]
    route = sample["routes"][0]

    def names(sub: dict[str, Any]) -> list[str]:
        return [k for k in sub["properties"] if k not in COMMAND_ONLY]

    assert names(schema) == list(sample)
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION == sample[
        "schema_version"]
    assert names(defs["place"]) == list(sample["origin"]) == list(sample["destination"])
    assert names(schema["properties"]["query"]) == list(sample["query"])
    assert names(defs["route"]) == list(route)
    assert names(defs["crossing"]) == list(route["crossings"][0])
    assert names(defs["leg"]) == list(route["legs"][0])
    # the fields one command adds are documented beside the example
    page = (ROOT / "docs" / "guide" / "json.md").read_text(encoding="utf-8")
    extra = [k for k in [*schema["properties"], *schema["properties"]["query"]["properties"]]
             if k in COMMAND_ONLY]
    assert sorted(extra) == sorted(COMMAND_ONLY)
    for name in extra:
        assert f"`{name}`" in page, name
    assert "{literalinclude} ../../corridors/schemas/route-output.schema.json" in page


def test_a_renamed_or_extra_field_is_invalid() -> None:
    sample = _readme_sample()
    leg = sample["routes"][0]["legs"][0]
    leg["transfer_hours"] = leg.pop("transfer_h")
    errors = _errors("route", sample)
    assert any("transfer_h" in e for e in errors) and any("transfer_hours" in e for e in errors)
    sample = _readme_sample()
    sample["routes"][0]["legs"][0]["mode"] = "air"
    sample["query"]["modes"] = [" sea"]
    assert len(_errors("route", sample)) == 2


def test_the_command_only_fields_go_together() -> None:
    sample = _readme_sample()
    assert _errors("route", {**sample, "skipped": {}}) != []           # skipped: compare only
    compare = {**sample, "query": {**sample["query"], "corridors": []}}
    assert _errors("route", compare) != []                              # compare has skipped
    assert _errors("route", {**compare, "skipped": {"KKH": "why"}}) == []
    both = {**sample, "query": {**sample["query"], "alternatives": 3, "pareto": ["time", "cost"]}}
    assert _errors("route", both) != []
    assert _errors("route", {**sample, "query": {**sample["query"], "date": "2025-13-01"}}) != []


# ---------------------------------------------------------------------- real outputs
ROUTE_RUNS = {
    "route": (["route", "dushanbe", "karachi"], set()),
    "alternatives": (["route", "almaty", "europe", "--avoid-country", "RU", "--alternatives",
                      "3"], {"alternatives"}),
    "pareto": (["route", "dushanbe", "south_asia", "--pareto", "--criteria", "time,cost,co2e"],
               {"pareto"}),
    "compare": (["compare", "almaty", "istanbul", "--avoid-country", "RU"],
                {"corridors", "skipped"}),
    # coordinates, --via, --date, and options as a hurried user types them
    "options": (["route", "43.25,76.95", "baku", "--via", "aktau", "--mode", "Rail, sea",
                 "--avoid-country", " ru", "--date", "2025-02-01", "--max-crossings", "4",
                 "--include-planned", "--profile", "fastest", "--payload-t", "12"], set()),
}


@pytest.mark.parametrize("run", list(ROUTE_RUNS))
def test_route_and_compare_output_is_valid(run: str, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    argv, only = ROUTE_RUNS[run]
    capsys.readouterr()
    assert main([*argv, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert _errors("route", doc) == []
    assert (set(doc) | set(doc["query"])) & COMMAND_ONLY == only
    if run == "options":
        assert doc["query"]["modes"] == ["rail", "sea"]
        assert doc["query"]["avoid_countries"] == ["RU"]
        assert doc["routes"][0]["payload_t"] == 12
        assert doc["routes"][0]["origin_access_km"] > 0


@pytest.fixture
def demand(tmp_path: Path) -> Path:
    path = tmp_path / "demand.csv"
    path.write_text("origin,destination,teu\nalmaty,duisburg,1000\ntashkent,istanbul,500\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("command", "argv"), [
    ("info", ["info"]),
    ("od", ["od", "almaty", "KZ", "--to", "istanbul", "europe", "--value", "time_h"]),
    ("reliability", ["reliability", "dushanbe", "karachi", "--draws", "200"]),
    ("criticality", ["criticality", "--od", "dushanbe:karachi", "--top", "3"]),
    ("assign", ["assign", "DEMAND", "--avoid-country", "RU"]),
    ("assign", ["assign", "DEMAND", "--avoid-country", "RU", "--equilibrium"]),
], ids=["info", "od", "reliability", "criticality", "assign", "assign-equilibrium"])
def test_other_commands_output_is_valid(command: str, argv: list[str], demand: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main([str(demand) if a == "DEMAND" else a for a in argv] + ["--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert _errors(command, doc) == []
    if command == "assign":
        assert doc["od"] and all(o["routes"] for o in doc["od"])  # routes checked too
    if command == "od":
        assert doc["gateways"]  # KZ and europe resolve to places


@pytest.mark.parametrize(("options", "objective", "routing"), [
    ([], "time", "time"), (["--objective", "cost"], "cost", "cost"),
    (["--profile", "fastest"], "fastest", "fastest")])
def test_reliability_echoes_the_objective_its_routes_were_chosen_by(
        options: list[str], objective: str, routing: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Its routes are the fastest unless asked otherwise, and its query says so."""
    import corridors.reliability as reliability

    seen = []
    real = reliability.corridor_reliability

    def spy(*args, **kwargs):
        seen.append(kwargs["objective"])
        return real(*args, **kwargs)

    monkeypatch.setattr(reliability, "corridor_reliability", spy)
    capsys.readouterr()
    argv = ["reliability", "dushanbe", "karachi", "--draws", "50", "--routes", "best"]
    assert main(argv + options + ["--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert seen == [routing]
    assert doc["query"]["objective"] == objective
