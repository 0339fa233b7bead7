"""The notebooks: saved without outputs, and each runs top to bottom offline."""

from __future__ import annotations

from pathlib import Path

import nbclient  # the test extra installs them: a missing one fails, it is not skipped
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TIMEOUT_S = 120  # per cell; a whole notebook takes a few seconds


def test_the_corridor_story_notebooks_exist() -> None:
    assert {"01_quick_start.ipynb", "02_to_europe.ipynb", "03_to_south_asia.ipynb",
            "04_caucasus_caspian.ipynb"} <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_saved_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    # prose quotes no figure by hand: numbers in markdown would drift from the data
    assert any(c.cell_type == "markdown" for c in nb.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")      # inherited by the kernel
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()                             # raises CellExecutionError on any error
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error"
            if out.output_type == "stream" and out.name == "stderr":
                raise AssertionError(f"stderr in {path.name}: {out.text[:500]}")
    assert not list(tmp_path.iterdir())          # a notebook writes no file of its own
