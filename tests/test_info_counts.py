"""``corridors info`` counts what the CSV files hold: recounted here with the csv module.

Every figure ``info`` prints (table and ``--format json``) is derived again from the rows of a
data directory, by the rules of data/README.md and docs/emissions.md, without the library: a
border crossing is one row of border_crossings.csv however many directed edges its link has,
a link is one row of links.csv (two directed edges unless ``one_way``), and so on.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from netdata import tiny_tables, write_network

from corridors.cli import main
from corridors.resources import json_schema

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DEFAULT = "(cost model default)"


def _rows(directory: Path, name: str) -> list[dict[str, str]]:
    path = directory / f"{name}.csv"
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _vehicles(directory: Path, links: list[dict[str, str]],
              country: dict[str, str]) -> tuple[Counter[str], float]:
    """Vehicle class of every link and the electrified rail km (docs/emissions.md).

    Road and sea: the link's own class in link_vehicles.csv, else its mode's default class of
    emissions.csv. Rail: the line's own electrified share, else the mean of its ends'
    countries' shares (electricity.csv); all electric, all diesel or partly (``rail_mixed``);
    without a grid factor for its countries a line is diesel. Without emissions.csv every
    link has the cost model's default.
    """
    classes = _rows(directory, "emissions")
    if not classes:
        return Counter({DEFAULT: len(links)}), 0.0
    default = {r["mode"]: r["id"] for r in classes
               if r["default"] == "yes" and not r["kwh_per_tkm"]}
    electric = next(r["id"] for r in classes if r["mode"] == "rail" and r["kwh_per_tkm"])
    grids = {r["country"]: r for r in _rows(directory, "electricity")}
    known = {r["link"]: r for r in _rows(directory, "link_vehicles")}
    out: Counter[str] = Counter()
    electrified = 0.0
    for link in links:
        own = known.get(link["id"], {})
        if link["mode"] != "rail" or (own.get("vehicle") and not own.get("electric_share")):
            out[own.get("vehicle") or default[link["mode"]]] += 1
            continue
        ends = [country[link["from"]], country[link["to"]]]
        share = (float(own["electric_share"]) if own.get("electric_share") else
                 _mean([float(grids[c]["rail_electrified_share"]) for c in ends
                        if grids.get(c, {}).get("rail_electrified_share")]) or 0.0)
        if not any(grids.get(c, {}).get("grid_g_co2e_per_kwh") for c in ends):
            share = 0.0
        out[electric if share >= 1 else default["rail"] if share <= 0 else "rail_mixed"] += 1
        electrified += float(link["distance_km"]) * share
    return out, electrified


def expected_info(directory: Path) -> dict[str, Any]:
    """Every figure of ``corridors info``, counted from the CSV files of ``directory``."""
    places = _rows(directory, "places")
    links = _rows(directory, "links")
    crossings = _rows(directory, "border_crossings")
    country = {p["id"]: p["country"] for p in places}
    km: dict[str, float] = {}
    for link in links:
        km[link["mode"]] = km.get(link["mode"], 0.0) + float(link["distance_km"])
    vehicles, electrified = _vehicles(directory, links, country)
    return {
        "places": len(places),
        "links": len(links),
        "directed_edges": sum(1 if r["direction"] == "one_way" else 2 for r in links),
        "border_crossings": len(crossings),
        "named_corridors": len(_rows(directory, "corridors")),
        "sources": len(_rows(directory, "sources")),
        "km_by_mode": {m: round(v) for m, v in km.items()},
        "places_by_country": dict(Counter(p["country"] for p in places)),
        "places_by_kind": dict(Counter(p["kind"] for p in places)),
        "links_by_mode": dict(Counter(r["mode"] for r in links)),
        "links_by_status": dict(Counter(r["status"] for r in links)),
        "crossings_by_mode": dict(Counter(r["mode"] for r in crossings)),
        "crossings_by_status": dict(Counter(r["status"] for r in crossings)),
        "crossings_with_gauge_change": sum(r["gauge_change"] == "yes" for r in crossings),
        # a detour:F estimate, alone or after other notes ("distance: ...; detour:1.17")
        "estimated_link_lengths": sum(bool(re.search(r"\bdetour:\s*\d", r["estimate"]))
                                      for r in links),
        "links_by_vehicle": dict(vehicles),
        "rail_km_electrified": round(electrified),
    }


LABELS = {  # the table's lines: label -> key of the JSON
    "km by mode": "km_by_mode", "links by mode": "links_by_mode",
    "links by status": "links_by_status", "crossings by mode": "crossings_by_mode",
    "crossings status": "crossings_by_status", "links by vehicle": "links_by_vehicle",
    "places by kind": "places_by_kind", "places by country": "places_by_country",
}


def parse_table(text: str) -> dict[str, Any]:
    """Read the figures back from the text of ``corridors info`` (wrapped lines joined)."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()
        elif line.strip():
            lines.append(line)
    head = re.fullmatch(r"corridors network: (\d+) places, (\d+) links \((\d+) directed edges\), "
                        r"(\d+) border crossings, (\d+) named corridors, (\d+) sources", lines[0])
    assert head, lines[0]
    out: dict[str, Any] = dict(zip(["places", "links", "directed_edges", "border_crossings",
                                    "named_corridors", "sources"], map(int, head.groups()),
                                   strict=True))
    for line in lines[1:]:
        label, _, rest = line.partition(":")
        rest = rest.strip()
        if label in LABELS:
            pairs = [item.rsplit(" ", 1) for item in rest.split(", ")] if rest else []
            out[LABELS[label]] = {k: int(v) for k, v in pairs}
        elif label == "gauge-change crossings":
            m = re.fullmatch(r"(\d+); estimated link lengths: (\d+)", rest)
            assert m, line
            out["crossings_with_gauge_change"], out["estimated_link_lengths"] = map(
                int, m.groups())
        elif label == "rail electrified":
            m = re.fullmatch(r"(\d+) km(?: \((\d+)%\))?", rest)
            assert m, line
            out["rail_km_electrified"] = int(m.group(1))
            out["rail_electrified_pct"] = m.group(2) and int(m.group(2))
        else:
            raise AssertionError(f"a line of info that this test does not know: {line!r}")
    return out


def _largest_first(counts: dict[str, int]) -> bool:
    return list(counts.values()) == sorted(counts.values(), reverse=True)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' tiny network, with a one-way link, and no emission tables."""
    tables = tiny_tables()
    tables["links"][-1]["distance_km"] = "501"  # its detour:1.15 estimate
    tables["links"][2]["direction"] = "one_way"
    return write_network(tmp_path_factory.mktemp("info") / "tiny", tables)


@pytest.mark.parametrize("which", ["builtin", "tiny"])
def test_info_counts_what_the_csv_files_hold(which: str, tiny: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    directory = DATA if which == "builtin" else tiny
    expected = expected_info(directory)
    capsys.readouterr()
    assert main(["info", "--data", str(directory), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == expected
    assert Draft202012Validator(json_schema("info")).is_valid(doc)
    for key, value in doc.items():
        if isinstance(value, dict):
            assert _largest_first(value), key
    assert main(["info", "--data", str(directory)]) == 0
    table = parse_table(capsys.readouterr().out)
    rail_km = expected["km_by_mode"].get("rail", 0)
    pct = table.pop("rail_electrified_pct")
    assert table == expected
    assert pct == (round(100 * expected["rail_km_electrified"] / rail_km) if rail_km else None)


def test_each_crossing_has_one_link_and_most_are_two_way() -> None:
    """data/README.md: each crossing has exactly one link; a two-way link is two edges.

    So a crossing counted from the graph's edges would count twice: the built-in network has
    such crossings, and the test above would see it.
    """
    links = _rows(DATA, "links")
    crossing_links = Counter(r["crossing"] for r in links if r["crossing"])
    assert set(crossing_links) == {r["id"] for r in _rows(DATA, "border_crossings")}
    assert set(crossing_links.values()) == {1}
    assert sum(r["direction"] != "one_way" for r in links if r["crossing"]) > 0
