"""Where the built-in network lives: a source checkout or an installed wheel."""

from __future__ import annotations

import os
from pathlib import Path

from corridors.errors import DataError, DataProblem

__all__ = ["builtin_data_dir"]


def builtin_data_dir() -> Path:
    """Return the directory of the built-in network.

    Works from a source checkout (the top-level ``data/``) and from an installed wheel, where
    the same files are packaged as ``corridors/_data``.

    Returns
    -------
    pathlib.Path
        A directory containing ``places.csv``, ``links.csv`` and the other tables.
    """
    env = os.environ.get("CORRIDORS_DATA")
    if env:
        return Path(env)
    packaged = Path(__file__).resolve().parent / "_data"
    if (packaged / "countries.csv").is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "data"
    if (checkout / "countries.csv").is_file():
        return checkout
    raise DataError(
        [DataProblem("places.csv", None, None, "the built-in network data was not found")],
        directory=str(packaged),
    )
