"""A tiny valid network, written by the tests into temporary directories."""

from __future__ import annotations

import csv
from pathlib import Path

from corridors.model import TABLES

TINY: dict[str, list[dict[str, str]]] = {
    "sources": [
        {"id": "src_test", "title": "Test source", "publisher": "tests", "year": "2024",
         "url": "https://example.org/", "note": ""},
    ],
    "places": [
        {"id": "almaty", "name": "Almaty", "aliases": "Alma-Ata|Алматы", "country": "KZ",
         "lat": "43.2389", "lon": "76.8897", "kind": "city", "gateway_for": "central_asia",
         "source": "src_test"},
        {"id": "dostyk", "name": "Dostyk", "aliases": "Druzhba|Достық", "country": "KZ",
         "lat": "45.2533", "lon": "82.4844", "kind": "border_post", "source": "src_test"},
        {"id": "alashankou", "name": "Alashankou", "aliases": "阿拉山口", "country": "CN",
         "lat": "45.1700", "lon": "82.5700", "kind": "border_post", "source": "src_test"},
        {"id": "urumqi", "name": "Ürümqi", "aliases": "Urumqi|乌鲁木齐", "country": "CN",
         "lat": "43.8256", "lon": "87.6168", "kind": "city", "gateway_for": "east_asia",
         "source": "src_test"},
        {"id": "aktau_port", "name": "Aktau Port", "aliases": "Aktau|Ақтау", "country": "KZ",
         "lat": "43.6500", "lon": "51.1500", "kind": "port", "source": "src_test"},
        {"id": "alat_port", "name": "Port of Baku (Alat)", "aliases": "Alat|Baku port",
         "country": "AZ", "lat": "39.9500", "lon": "49.4100", "kind": "port",
         "gateway_for": "caucasus", "source": "src_test"},
    ],
    "links": [
        {"id": "almaty_dostyk_rail", "from": "almaty", "to": "dostyk", "mode": "rail",
         "distance_km": "850", "gauge_mm": "1520", "status": "operational", "source": "src_test"},
        {"id": "dostyk_alashankou_rail", "from": "dostyk", "to": "alashankou", "mode": "rail",
         "distance_km": "12", "gauge_mm": "1435|1520", "status": "operational",
         "crossing": "dostyk_alashankou_rail", "source": "src_test"},
        {"id": "alashankou_urumqi_rail", "from": "alashankou", "to": "urumqi", "mode": "rail",
         "distance_km": "477", "gauge_mm": "1435", "status": "operational", "source": "src_test"},
        {"id": "almaty_aktau_rail", "from": "almaty", "to": "aktau_port", "mode": "rail",
         "distance_km": "3000", "gauge_mm": "1520", "status": "operational",
         "source": "src_test"},
        {"id": "aktau_alat_sea", "from": "aktau_port", "to": "alat_port", "mode": "sea",
         "distance_km": "", "status": "operational", "crossing": "aktau_alat_sea",
         "sailings_per_week": "3", "estimate": "detour:1.15"},
    ],
    "border_crossings": [
        {"id": "dostyk_alashankou_rail", "name": "Dostyk–Alashankou", "mode": "rail",
         "post_a": "dostyk", "post_b": "alashankou", "country_a": "KZ", "country_b": "CN",
         "time_h_ab": "30", "time_h_ba": "48", "cost_usd_ab": "200", "gauge_change": "yes",
         "status": "open", "data_year": "2022", "source": "src_test"},
        {"id": "aktau_alat_sea", "name": "Aktau–Alat ferry", "mode": "sea",
         "post_a": "aktau_port", "post_b": "alat_port", "country_a": "KZ", "country_b": "AZ",
         "status": "open", "source": "src_test"},
    ],
    "transshipments": [
        {"place": "dostyk", "type": "gauge_change", "modes": "rail", "dwell_h": "24",
         "source": "src_test"},
        {"place": "aktau_port", "type": "seaport", "modes": "rail|sea", "dwell_h": "",
         "estimate": "no published dwell"},
    ],
    "corridors": [
        {"id": "test_corridor", "name": "Test corridor", "aliases": "TC",
         "waypoints": "urumqi|dostyk|almaty|aktau_port|alat_port", "modes": "rail|sea",
         "source": "src_test"},
    ],
}


def write_network(directory: Path, tables: dict[str, list[dict[str, str]]] | None = None) -> Path:
    """Write ``tables`` (default the tiny network) as CSV files into ``directory``."""
    tables = TINY if tables is None else tables
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        spec = TABLES[name]
        with (directory / spec.file).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(spec.columns), lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({c: row.get(c, "") for c in spec.columns})
    return directory


def tiny_tables() -> dict[str, list[dict[str, str]]]:
    """Return a deep copy of the tiny network's rows, to modify in a test."""
    return {name: [dict(r) for r in rows] for name, rows in TINY.items()}
