"""What the package ships: the built-in network and the JSON schemas of the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from corridors.errors import ConstraintError, DataError, DataProblem

__all__ = ["builtin_data_dir", "json_schema"]

_SCHEMAS = Path(__file__).resolve().parent / "schemas"


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


def json_schema(command: str = "route") -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a command's ``--format json`` output.

    The schemas are the files ``corridors/schemas/COMMAND-output.schema.json`` of the
    package; every field of the output is in them, with its type and unit.

    Parameters
    ----------
    command : str
        ``"route"`` (also ``route --alternatives``, ``route --pareto`` and ``compare``),
        ``"info"``, ``"od"``, ``"reliability"``, ``"criticality"`` or ``"assign"``.

    Returns
    -------
    dict
        The schema, e.g. for ``jsonschema.validate(document, json_schema("route"))``.

    Raises
    ------
    ConstraintError
        If there is no schema for ``command``.

    Examples
    --------
    >>> json_schema("route")["properties"]["schema_version"]["const"]
    1
    """
    names = sorted(p.name.removesuffix("-output.schema.json")
                   for p in _SCHEMAS.glob("*-output.schema.json"))
    if command not in names:
        raise ConstraintError(f"no JSON schema for {command!r}; there are: {', '.join(names)}")
    return json.loads((_SCHEMAS / f"{command}-output.schema.json").read_text(encoding="utf-8"))
