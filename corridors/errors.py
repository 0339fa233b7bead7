"""Exceptions raised by corridors.

Every error derives from :class:`CorridorsError`, so ``except CorridorsError`` catches all of
them; the specific classes also derive from the matching built-in (``ValueError``,
``KeyError``, ``ImportError``) so generic code keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "ECHO_LIMIT",
    "ArgumentTypeError",
    "ConstraintError",
    "CorridorsError",
    "DataError",
    "DataProblem",
    "DemandError",
    "InputFileError",
    "NoRouteError",
    "OSMError",
    "OptionalDependencyError",
    "OutputError",
    "OutputExistsError",
    "ScenarioError",
    "SchedulerError",
    "UnknownPlaceError",
    "shorten",
]


class CorridorsError(Exception):
    """Base class of every error raised by corridors."""


#: At most this many characters of a user's input are echoed back in a message.
ECHO_LIMIT = 80


def shorten(value: object, limit: int = ECHO_LIMIT) -> str:
    """Return ``repr(value)`` cut to ``limit`` characters, for echoing input in a message.

    Parameters
    ----------
    value : object
        What the user gave (a place name, an option value ...).
    limit : int
        Maximum length of the result.

    Returns
    -------
    str
        The repr, or its head followed by ``"... (N characters)"`` when it is longer.

    Examples
    --------
    >>> shorten("Almaty")
    "'Almaty'"
    >>> shorten("x" * 1000, 20)
    "'xxxxxxx... (1000 characters)"
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    size = len(value) if isinstance(value, (str, bytes)) else len(text)
    tail = f"... ({size} characters)"
    return text[: max(limit - len(tail), 8)] + tail


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
        msg = f"unknown place {shorten(query)}"
        if ambiguous:
            msg = f"{shorten(query)} names several places: " + ", ".join(self.suggestions)
            msg += (f"; use one of their ids, or add the country code "
                    f"(e.g. '{str(query).split(',')[0].strip()[:ECHO_LIMIT]}, KZ')")
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


class ArgumentTypeError(ConstraintError, TypeError):
    """An argument has the wrong type, or names an option the function does not have.

    For example not a network graph, not text, not True/False. Both a
    :class:`ConstraintError` (so a :class:`ValueError`) and a :class:`TypeError`, so
    ``except TypeError`` and ``except ConstraintError`` both catch it.
    """


class ScenarioError(CorridorsError, ValueError):
    """A scenario definition is invalid."""


class DemandError(CorridorsError, ValueError):
    """A demand table is malformed (the message names the file, row and column)."""


class SchedulerError(CorridorsError, ConnectionError):
    """A Dask scheduler cannot be reached in time, or what answers is not a Dask scheduler."""


class OSMError(CorridorsError, ValueError):
    """OpenStreetMap data cannot serve the request (nothing of the mode, no place in reach ...)."""


class InputFileError(CorridorsError, FileNotFoundError):
    """An input file named by the user is missing, or is a directory or other non-file.

    A :class:`FileNotFoundError` (so an :class:`OSError`) as well; raised as
    ``InputFileError(errno, message, filename)`` and shown as the message alone.
    """

    def __str__(self) -> str:
        return str(self.strerror) if self.strerror else super().__str__()


class OutputError(CorridorsError, OSError):
    """An output file cannot be written where it was asked (no such directory, no permission).

    Raised as ``OutputError(errno, message)``: ``errno`` is set as for any :class:`OSError`,
    and the message is shown without the ``[Errno N]`` prefix.
    """

    def __str__(self) -> str:
        return str(self.strerror) if self.strerror else super().__str__()


class OutputExistsError(OutputError, FileExistsError):
    """Something is already where an output would go, and it is not to be replaced.

    Raised for an existing file without ``--force`` (``overwrite=True``), and always for a
    directory, a symbolic link, a device or any other file that is not a regular file.
    """


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
