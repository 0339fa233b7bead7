"""The model against published transit times (data/calibration.csv, docs/calibration.md)."""

import pytest

import corridors
from corridors.calibration import TOLERANCE, calibration_rows, modelled_hours

ROWS = calibration_rows()
CHECKED = [r for r in ROWS if r["checked"] == "yes"]


def test_the_table_is_large_and_sourced():
    G = corridors.load_network()
    assert len(CHECKED) >= 12
    for r in ROWS:
        assert all(s in G.graph["sources"] for s in r["source"].split("|")), r["id"]
        assert r["checked"] == "yes" or r["model_note"], f"{r['id']}: say why it is not checked"
    # the corridors the issue names are all there
    ids = " ".join(r["id"] for r in CHECKED)
    for word in ("duisburg", "altynkol", "alat", "serhetyaka", "nhava_sheva", "turkmenbashi",
                 "kashgar", "istanbul"):
        assert word in ids, word


@pytest.fixture(scope="module")
def G():
    return corridors.load_network()


@pytest.mark.parametrize("row", CHECKED, ids=[r["id"] for r in CHECKED])
def test_model_within_tolerance_of_published(G, row):
    low, high = float(row["published_h_low"]), float(row["published_h_high"])
    model = modelled_hours(G, row)
    assert low * (1 - TOLERANCE) <= model <= high * (1 + TOLERANCE), (
        f"{row['id']}: model {model:.0f} h, published {low:g}-{high:g} h")
