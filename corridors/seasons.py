"""Seasonal availability of links and border crossings (``data/seasons.csv``).

A mountain pass has a season: the Kulma pass (Tajikistan-China) opens for trade in spring and
closes in late autumn; the Khunjerab pass (Pakistan-China) did so every year until it went to
all-year operation in December 2024. A :class:`Season` says when an element is open each year
(``open_from`` .. ``open_to``, month-day, may wrap around the new year), whether that is a rule
(``fixed``: closed outside the window) or only a risk (``intermittent``: open all year, closed
now and then by snow, avalanches, storms or holidays), and the dates the rule is valid for.

Routing with a date (``date=`` in the API, ``--date`` on the command line) uses nothing that a
fixed season closes that day; every route names the seasonal elements it uses in its
``warnings`` (:func:`season_warning`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Season", "closed_on", "parse_date", "season_warning"]

_SENTENCE = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bvs)\.\s+(?=[A-Z0-9(])")


@dataclass(frozen=True)
class Season:
    """When an element is open each year (one row of ``seasons.csv``).

    Attributes
    ----------
    open_from, open_to : (int, int)
        First and last (month, day) of the open window; ``(1, 1)``-``(12, 31)`` is all year.
    regularity : str
        ``fixed`` (closed outside the window) or ``intermittent`` (weather or holiday
        closures, never excluded by date).
    valid_from, valid_to : datetime.date or None
        The dates the row applies to (None: open-ended).
    source : tuple of str
        Source ids.
    note : str
        What the source says.
    """

    open_from: tuple[int, int]
    open_to: tuple[int, int]
    regularity: str = "fixed"
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: tuple[str, ...] = ()
    note: str = ""

    @property
    def all_year(self) -> bool:
        """True when the window covers the whole year."""
        return self.open_from == (1, 1) and self.open_to == (12, 31)

    def applies(self, day: dt.date) -> bool:
        """Tell whether this row is in force on ``day``."""
        return ((self.valid_from is None or day >= self.valid_from)
                and (self.valid_to is None or day <= self.valid_to))

    def open_on(self, day: dt.date) -> bool:
        """Tell whether the window contains ``day`` (ignoring ``regularity``)."""
        md = (day.month, day.day)
        if self.open_from <= self.open_to:
            return self.open_from <= md <= self.open_to
        return md >= self.open_from or md <= self.open_to

    @property
    def window(self) -> str:
        """The window as ``"MM-DD..MM-DD"``."""
        return f"{self.open_from[0]:02d}-{self.open_from[1]:02d}..{self.open_to[0]:02d}-" \
               f"{self.open_to[1]:02d}"


def closed_on(seasons: Iterable[Season], day: dt.date | None) -> bool:
    """Tell whether a fixed season in force on ``day`` closes the element (False without day).

    Examples
    --------
    >>> s = Season((4, 1), (11, 30))
    >>> closed_on([s], dt.date(2026, 1, 15)), closed_on([s], dt.date(2026, 6, 1))
    (True, False)
    """
    if day is None:
        return False
    return any(s.regularity == "fixed" and s.applies(day) and not s.open_on(day)
               for s in seasons)


def season_warning(name: str, seasons: Iterable[Season], day: dt.date | None) -> str | None:
    """Return the warning a route through a seasonal element carries, or None.

    Without a date every fixed season in force today or later is named; with a date, the
    row in force that day. Intermittent rows are named with their note's first sentence.
    """
    rows = list(seasons)
    if day is not None:
        rows = [s for s in rows if s.applies(day)]
    else:
        today = dt.date.today()
        rows = [s for s in rows if s.valid_to is None or s.valid_to >= today]
    fixed = [s for s in rows if s.regularity == "fixed" and not s.all_year]
    if fixed:
        s = fixed[0]
        if day is None:
            return f"{name} is seasonal: open {s.window} only (give a date to check)"
        return f"{name} is seasonal: open {s.window}, open on {day.isoformat()}"
    for s in rows:
        if s.regularity == "intermittent":
            # sentences end at ". " before a capital, a digit or "(", not after "e.g." etc.
            sentences = [x.strip().rstrip(".") for x in _SENTENCE.split(s.note) if x.strip()]
            while sentences and sentences[0].lower().startswith(("not seasonal", "open all year")):
                sentences.pop(0)  # say what closes it, not that it has no season
            first = sentences[0] if sentences else ""
            detail = f" ({first})" if first else ""  # tables wrap it: never cut
            return f"{name}: intermittent closures{detail}"
    return None


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """Return a date from ``YYYY-MM-DD`` text or a date (None passes through).

    Raises
    ------
    ArgumentTypeError
        If ``value`` is neither a string, a date nor None (e.g. the number 20260115).
    ConstraintError
        For a string that is not a date ``YYYY-MM-DD``.
    """
    from corridors.errors import ArgumentTypeError, ConstraintError, shorten

    if value is None or isinstance(value, dt.date):
        return value  # type: ignore[return-value]
    if not isinstance(value, str):
        raise ArgumentTypeError(f"date must be a date or text YYYY-MM-DD (e.g. 2026-01-15), "
                                f"got {type(value).__name__} {shorten(value)}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise ConstraintError(f"date must be YYYY-MM-DD (e.g. 2026-01-15), got {shorten(value)}")
