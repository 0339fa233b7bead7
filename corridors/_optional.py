"""Import optional heavy dependencies with an explained error."""

from __future__ import annotations

import importlib
from types import ModuleType

from corridors.errors import OptionalDependencyError

__all__ = ["require"]


def require(package: str, feature: str, extra: str = "geo") -> ModuleType:
    """Import and return ``package``; raise OptionalDependencyError naming ``extra`` if missing.

    Parameters
    ----------
    package : str
        Import name, e.g. ``"geopandas"``.
    feature : str
        What needs it, for the message.
    extra : str
        The pip extra that installs it.
    """
    try:
        return importlib.import_module(package)
    except ImportError as exc:
        raise OptionalDependencyError(package, feature, extra) from exc
