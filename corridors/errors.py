"""Exceptions raised by corridors.

Every error derives from :class:`CorridorsError`, so ``except CorridorsError`` catches all of
them; the specific classes also derive from the matching built-in (``ValueError``,
``KeyError``, ``ImportError``) so generic code keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "ConstraintError",
    "CorridorsError",
    "DataError",
    "DataProblem",
    "NoRouteError",
    "OSMError",
    "OptionalDependencyError",
    "ScenarioError",
    "UnknownPlaceError",
]


class CorridorsError(Exception):
    """Base class of every error raised by corridors."""


@dataclass(frozen=True)
class DataProblem:
    """One problem found in a data file.

    Attributes
    ----------
    file : str
        File name (relative to the data directory), e.g. ``"links.csv"``.
    row : int or None
        1-based line number in the file (the header is line 1), or None for a whole-file or
        whole-network problem.
    column : str or None
        Column name, or None when the problem concerns the row or the file.
    message : str
        What is wrong and, where useful, what to do.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class DataError(CorridorsError, ValueError):
    """A network data directory is malformed.

    Parameters
    ----------
    problems : sequence of DataProblem
        Every problem found; all are reported at once.
    directory : str, optional
        The directory that was read.
    """

    def __init__(self, problems: Sequence[DataProblem], directory: str | None = None) -> None:
        self.problems = list(problems)
        self.directory = directory
        head = f"{len(self.problems)} problem(s) in network data"
        if directory:
            head += f" {directory}"
        shown = self.problems[:50]
        lines = [head + ":"] + [f"  - {p}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  ... and {len(self.problems) - len(shown)} more")
        lines.append("Fix the rows above (see data/README.md for the format) and load again.")
        super().__init__("\n".join(lines))


class UnknownPlaceError(CorridorsError, KeyError):
    """A place name, alias or id matches nothing in the network.

    Parameters
    ----------
    query : str
        What the user asked for.
    suggestions : iterable of str
        Close matches, best first, formatted for display.
    ambiguous : bool
        True when the query names several places equally well (``suggestions`` lists them).
    """

    def __init__(
        self, query: str, suggestions: Iterable[str] = (), *, ambiguous: bool = False
    ) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        self.ambiguous = ambiguous
        msg = f"unknown place {query!r}"
        if ambiguous:
            msg = f"{query!r} names several places: " + ", ".join(self.suggestions)
            msg += (f"; use one of their ids, or add the country code "
                    f"(e.g. '{str(query).split(',')[0].strip()}, KZ')")
        elif self.suggestions:
            msg += "; did you mean " + ", ".join(self.suggestions) + "?"
        else:
            msg += "; list places with `corridors places` or `corridors.places_frame()`"
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class NoRouteError(CorridorsError):
    """No route satisfies the request.

    Parameters
    ----------
    origin, destination : str
        Place ids (or descriptions) of the request.
    blocking : sequence of str
        Constraints whose removal would make a route possible, e.g.
        ``"avoid_countries=['RU']"``. Empty when the places are not connected at all.
    detail : str, optional
        Extra explanation.
    """

    def __init__(
        self,
        origin: str,
        destination: str,
        blocking: Sequence[str] = (),
        detail: str = "",
    ) -> None:
        self.origin = origin
        self.destination = destination
        self.blocking = list(blocking)
        msg = f"no route from {origin} to {destination}"
        if self.blocking:
            msg += "; reachable without " + " or without ".join(self.blocking)
        elif detail:
            msg += f"; {detail}"
        else:
            msg += " under any of the given constraints"
        super().__init__(msg)


class ConstraintError(CorridorsError, ValueError):
    """A routing constraint or option is invalid (unknown mode, country code, objective ...)."""


class ScenarioError(CorridorsError, ValueError):
    """A scenario definition is invalid."""


class OSMError(CorridorsError, ValueError):
    """OpenStreetMap data cannot serve the request (nothing of the mode, no place in reach ...)."""


class OptionalDependencyError(CorridorsError, ImportError):
    """A feature needs a package that is not installed.

    Parameters
    ----------
    package : str
        The import name that failed.
    feature : str
        What the user tried to do.
    extra : str
        The ``pip install "corridors[extra]"`` extra that provides it.
    """

    def __init__(self, package: str, feature: str, extra: str = "geo") -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{feature} needs the optional package {package!r}; "
            f'install it with: pip install "corridors[{extra}]"'
        )
