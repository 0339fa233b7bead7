"""Text output that fits the screen: the width, wrapping, tables and the rounding of numbers.

One place for every table the command line prints (standard library only: the fast path of
``corridors route`` imports this module).

* :func:`terminal_width` -- the width to fit: ``COLUMNS`` when set, the terminal's width when
  standard output is a terminal, :data:`DEFAULT_WIDTH` otherwise; never below
  :data:`MIN_WIDTH`.
* :func:`wrap` and :func:`wrap_items` -- wrap text (never cutting it) onto indented
  continuation lines.
* :class:`Column` and :func:`render_table` -- a table whose text columns wrap when the
  table is wider than the screen.
* :func:`format_number` -- one rounding rule per unit (:data:`KINDS`) for the tables.
* :func:`clean_number` and :func:`clean_numbers` -- full precision without float noise for
  JSON and CSV (``6147.900000000001`` -> ``6147.9``).
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_WIDTH", "KINDS", "MIN_WIDTH", "SIGNIFICANT_DIGITS", "Column", "clean_number",
           "clean_numbers", "format_number", "render_table", "score_unit", "terminal_width",
           "wrap", "wrap_items"]

#: Width used when standard output is not a terminal and ``COLUMNS`` is not set.
DEFAULT_WIDTH = 100
#: No table is fitted to fewer columns than this.
MIN_WIDTH = 60
#: Significant digits kept by :func:`clean_number` (JSON and CSV output).
SIGNIFICANT_DIGITS = 12

#: The rounding rule of each kind of number in a table (:func:`format_number`).
KINDS: Mapping[str, str] = {
    "km": "0 decimals, thousands separated",
    "h": "1 decimal below 100 h, whole hours from 100 h",
    "days": "1 decimal",
    "usd": "0 decimals, thousands separated",
    "kg": "0 decimals, thousands separated",
    "score": "0 decimals, thousands separated",
    "count": "a whole number",
    "share": "a fraction shown as a percent with 1 decimal (<0.1 and >99.9 at the ends)",
    "percent": "a percent with 1 decimal",
    "ratio": "2 decimals",
    "deg": "4 decimals (coordinates)",
    "text": "as it is",
}


def terminal_width(default: int = DEFAULT_WIDTH, minimum: int = MIN_WIDTH) -> int:
    """Return the number of columns to fit text output into.

    ``COLUMNS`` when it is set to a positive whole number; else the terminal's width when
    standard output is a terminal; else ``default``. Never less than ``minimum``.

    Examples
    --------
    >>> terminal_width() >= MIN_WIDTH
    True
    """
    width = default
    text = os.environ.get("COLUMNS", "").strip()
    if text.isdigit() and int(text) > 0:
        width = int(text)
    else:
        try:
            if sys.stdout is not None and sys.stdout.isatty():
                import shutil

                width = shutil.get_terminal_size((default, 24)).columns or default
        except (AttributeError, ValueError, OSError):
            width = default
    return max(width, minimum)


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """Return ``text`` wrapped to ``width``, never cutting a word (a longer word overflows).

    ``subsequent`` is the indent of the continuation lines (default: ``indent`` and two
    spaces).

    Examples
    --------
    >>> wrap("one two three four", 12, "  ")
    ['  one two', '    three', '    four']
    """
    import textwrap

    more = indent + "  " if subsequent is None else subsequent
    lines = textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=more,
                          break_long_words=False, break_on_hyphens=False)
    return lines or [indent.rstrip()]


def wrap_items(items: Sequence[str], width: int, indent: str = "", sep: str = " · ",
               subsequent: str | None = None) -> list[str]:
    """Return ``items`` joined by ``sep``, broken between items to fit ``width``.

    An item longer than a line is wrapped on its own (:func:`wrap`).

    Examples
    --------
    >>> wrap_items(["5,983 km", "3 border crossings", "155 h"], 24, "  ")
    ['  5,983 km', '    3 border crossings', '    155 h']
    >>> wrap_items(["5,983 km", "3 crossings", "155 h"], 40, "  ")
    ['  5,983 km · 3 crossings · 155 h']
    """
    more = indent + "  " if subsequent is None else subsequent
    groups: list[str] = []
    for item in items:
        prefix = indent if len(groups) == 1 else more  # that of the line being filled
        if groups and len(prefix) + len(groups[-1]) + len(sep) + len(item) <= width:
            groups[-1] += sep + item
        else:
            groups.append(item)
    lines: list[str] = []
    for k, text in enumerate(groups):
        lines.extend(wrap(text, width, more if k else indent, more))
    return lines or [indent.rstrip()]


# --- numbers --------------------------------------------------------------------------------

def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: Any, kind: str) -> str:
    """Return ``value`` as table text by the rule of its ``kind`` (:data:`KINDS`).

    None and NaN are ``"—"``; booleans are ``yes``/``no``; text is returned as it is.

    Examples
    --------
    >>> format_number(12879.4039, "usd"), format_number(6.54, "h"), format_number(154.8, "h")
    ('12,879', '6.5', '155')
    >>> format_number(0.993, "share"), format_number(0.0002, "share"), format_number(0, "share")
    ('99.3', '<0.1', '0.0')
    >>> format_number(float("nan"), "km"), format_number(True, "text"), format_number(-0.3, "km")
    ('—', 'yes', '0')
    """
    if isinstance(value, bool) or (type(value).__module__ == "numpy"
                                   and type(value).__name__ in ("bool", "bool_")):
        return "yes" if value else "no"
    if _missing(value):
        return "—"
    if kind == "text" or isinstance(value, str) or not hasattr(value, "__float__"):
        return str(value)
    v = float(value)
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    text = _rounded(v, kind)
    if text.startswith("-") and not text.strip("-0.,"):
        return text[1:]  # -0.3 km is 0 km, not -0
    return text


def _rounded(v: float, kind: str) -> str:
    if kind in ("km", "usd", "kg", "score"):
        return f"{v:,.0f}"
    if kind == "h":
        return f"{v:,.1f}" if abs(v) < 99.95 else f"{v:,.0f}"
    if kind in ("days", "percent"):
        return f"{v:,.1f}"
    if kind == "count":
        return f"{v:,.0f}"
    if kind == "share":
        pct = v * 100
        if 0 < abs(pct) < 0.05:
            return "<0.1" if pct > 0 else ">-0.1"
        if 99.95 <= pct < 100:
            return ">99.9"
        return f"{pct:,.1f}"
    if kind == "ratio":
        return f"{v:,.2f}"
    if kind == "deg":
        return f"{v:.4f}"
    return f"{v:g}"


def clean_number(value: Any) -> Any:
    """Return a float without float noise: :data:`SIGNIFICANT_DIGITS` significant digits.

    Other values (and whole numbers, NaN and infinities) are returned as they are; numpy
    scalars become Python numbers.

    Examples
    --------
    >>> clean_number(6147.900000000001), clean_number(12879.403913914657), clean_number(3)
    (6147.9, 12879.4039139, 3)
    """
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if type(value).__module__ == "numpy":
        value = value.item() if hasattr(value, "item") else value
        if isinstance(value, (bool, str)):
            return value
    if isinstance(value, float) and math.isfinite(value):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    return value


def clean_numbers(obj: Any) -> Any:
    """Return ``obj`` (dicts, lists and tuples of values) with :func:`clean_number` applied.

    Examples
    --------
    >>> clean_numbers({"a": [0.1 + 0.2, "x"], "b": (1.0000000000001,)})
    {'a': [0.3, 'x'], 'b': [1.0]}
    """
    if isinstance(obj, Mapping):
        return {k: clean_numbers(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean_numbers(v) for v in obj]
    return clean_number(obj)


#: The unit of a score, by objective (profile) name; other weights score in km-equivalents.
_SCORE_UNITS = {"generalized": "USD/TEU", "generalized_co2": "USD/TEU", "cheapest": "USD/TEU",
                "fastest": "h", "shortest": "km", "lowest_co2e": "kg CO2e/TEU"}


def score_unit(objective: str) -> str:
    """Return the unit of the score of an objective or profile name (its short form).

    Examples
    --------
    >>> score_unit("generalized"), score_unit("fastest"), score_unit("balanced")
    ('USD/TEU', 'h', 'km-equivalent')
    """
    return _SCORE_UNITS.get(objective, "km-equivalent")


# --- tables ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One column of :func:`render_table`.

    Parameters
    ----------
    key : str
        The row key of the values.
    title : str
        The heading (with its unit: ``"distance km"``, ``"USD/TEU"``).
    kind : str
        How values are written (:data:`KINDS`); numbers are right-aligned.
    wrap : bool
        Whether the column's text may wrap onto continuation lines when the table is too
        wide (default: text columns wrap, numbers never do).
    min_width : int
        The narrowest a wrapping column gets (a longer word still overflows it).
    """

    key: str
    title: str
    kind: str = "text"
    wrap: bool | None = None
    min_width: int = 10

    @property
    def wraps(self) -> bool:
        """Whether this column wraps."""
        return self.kind == "text" if self.wrap is None else self.wrap


def render_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column], *,
                 width: int | None = None, indent: str = "", rule: bool = True,
                 gap: int = 1) -> str:
    """Return rows as a plain text table that fits ``width`` columns.

    Each column is as wide as its widest cell; when the table is wider than ``width``, the
    widest wrapping column is narrowed (down to its ``min_width`` or longest word) and its
    text wraps onto continuation lines, until the table fits. Nothing is cut.

    Parameters
    ----------
    rows : iterable of mapping
        Values by column key (numbers are formatted by the column's ``kind``; strings as they
        are).
    columns : sequence of Column
        The columns in order.
    width : int, optional
        Columns to fit (default :func:`terminal_width`).
    indent : str
        Put before every line.
    rule : bool
        Draw a line of dashes under the headings.
    gap : int
        Spaces between columns.

    Examples
    --------
    >>> cols = [Column("name", "name"), Column("km", "km", "km")]
    >>> print(render_table([{"name": "Almaty to Dostyk", "km": 860.2}], cols, width=60))
    name              km
    ---------------- ---
    Almaty to Dostyk 860
    """
    width = terminal_width() if width is None else width
    text = [[_cell(row.get(c.key), c) for c in columns] for row in rows]
    widths = [max([len(c.title), *(len(t[i]) for t in text)]) for i, c in enumerate(columns)]
    excess = len(indent) + sum(widths) + gap * (len(widths) - 1) - width
    # narrow in turn: headings, text between words, text within words (see _floor)
    for phase in (0, 1, 2, 3):
        if excess <= 0:
            break
        floor = [_floor(c, [t[i] for t in text], phase) for i, c in enumerate(columns)]
        while excess > 0:
            shrink = [i for i in range(len(columns)) if widths[i] > floor[i]]
            if not shrink:
                break
            i = max(shrink, key=lambda j: (widths[j], -j))
            widths[i] -= 1
            excess -= 1
    sep = " " * gap
    heads = [_wrap_cell(c.title, w) if len(c.title) > w else [c.title]
             for c, w in zip(columns, widths, strict=True)]
    depth = max(len(h) for h in heads)
    heads = [[""] * (depth - len(h)) + h for h in heads]  # headings sit on the rule
    lines = [(indent + sep.join(_pad(h[k], w, c) for h, c, w in zip(heads, columns, widths,
                                                                       strict=True))).rstrip()
             for k in range(depth)]
    if rule:
        lines.append(indent + sep.join("-" * w for w in widths))
    for cells in text:
        parts = [_wrap_cell(t, w) if c.wraps and len(t) > w else [t]
                 for t, c, w in zip(cells, columns, widths, strict=True)]
        for k in range(max(len(p) for p in parts)):
            lines.append((indent + sep.join(
                _pad(p[k] if k < len(p) else "", w, c)
                for p, c, w in zip(parts, columns, widths, strict=True))).rstrip())
    return "\n".join(lines)


def _floor(column: Column, cells: list[str], phase: int) -> int:
    """Return the narrowest ``column`` may get in a phase of :func:`render_table`.

    Phase 0 wraps headings onto two lines, phase 1 the text of text columns between words
    (down to their ``min_width``), phase 2 headings between any words, phase 3 text within
    words, after a dash, slash or bar.
    """
    longest = max([0, *map(len, cells)])
    title = max(map(len, _pieces(column.title, split=phase >= 3 and column.wraps)))
    if phase == 0:
        title = max(title, -(-len(column.title) // 2))
    elif phase == 1:
        title = len(column.title) if not column.wraps else max(title, -(-len(column.title) // 2))
    if phase == 0 or not column.wraps:
        return max(longest, title)
    words = max([0, *(len(w) for t in cells for w in _pieces(t, split=phase >= 3))])
    least = 4 if phase >= 3 else column.min_width
    return max(words, title, min(least, longest))


#: A separator word that stays at the end of a line (``KZ > RU`` breaks after the ``>``).
_GLUE = frozenset({">", "->", "→", "·", "-", "–", "—", "|", "/", ";", "+"})
#: Where a word too long for its column may break: after a dash, slash, bar or ``>``.
_BREAK = re.compile(r"(?<=[–/|>-])(?=[^–/|>-])")


def _pieces(text: str, *, split: bool = False) -> list[str]:
    """Return the words of ``text`` (a separator glued to the word before), or their pieces."""
    words: list[str] = []
    for word in text.split():
        if words and word in _GLUE:
            words[-1] += " " + word
        else:
            words.append(word)
    if split:
        words = [p for w in words for p in _BREAK.split(w)]
    return words or [""]


def _wrap_cell(text: str, width: int) -> list[str]:
    """Return ``text`` wrapped to ``width``: between words, a separator kept on the left.

    A word longer than ``width`` breaks after a dash, slash, bar or ``>``; a piece that is
    still longer overflows.
    """
    lines: list[str] = []
    for word in _pieces(text):
        parts = _BREAK.split(word) if len(word) > width else [word]
        for k, part in enumerate(parts):
            glue = "" if k else " "
            if lines and len(lines[-1]) + len(glue) + len(part) <= width:
                lines[-1] += glue + part
            else:
                lines.append(part)
    return lines or [""]


def _cell(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return format_number(value, column.kind)


def _pad(text: str, width: int, column: Column) -> str:
    return f"{text:<{width}}" if column.kind == "text" else f"{text:>{width}}"
