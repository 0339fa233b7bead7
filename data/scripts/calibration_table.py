"""Write docs/calibration.md: published transit times beside the model's (data/calibration.csv).

Run from the repository root: ``python data/scripts/calibration_table.py``.
"""

from pathlib import Path

import corridors
from corridors.calibration import calibration_table, markdown_table

HEADER = """# Calibration: published transit times and the model

Each row of `data/calibration.csv` is a published transit time (source ids in
`data/sources.csv`) routed by time along its vias on the built-in network. `checked` rows must
lie within ±35% of the published range (`tests/test_calibration.py`); the others say why the
model differs. Ferry rows compare the sailing time alone. Regenerate with
`python data/scripts/calibration_table.py`.

"""

if __name__ == "__main__":
    table = calibration_table(corridors.load_network())
    out = Path("docs/calibration.md")
    out.write_text(HEADER + markdown_table(table) + "\n", encoding="utf-8")
    bad = [r["id"] for r in table if r["checked"] == "yes" and not r["ok"]]
    print(f"{len(table)} rows, {sum(r['checked'] == 'yes' for r in table)} checked, "
          f"failing: {bad or 'none'}; wrote {out}")
