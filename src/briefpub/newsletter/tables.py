"""What the newsletter's templates need to set a table: its size class, each cell's alignment as a class."""

from __future__ import annotations

from markupsafe import Markup

from briefpub.model.briefing import Table

_CLASSES = {"left": "align-left", "center": "align-center", "right": "align-right"}


def cell_class(table: Table, column: int) -> Markup:
    """Return the ``class`` attribute of a cell of ``column``: its alignment, ``num`` for numbers.

    A column of numbers is right-aligned in tabular figures unless its
    delimiter row says otherwise; any other column keeps its written alignment,
    or none (the start of the line, right in a right-to-left briefing).
    """
    if not isinstance(table, Table) or not 0 <= column < len(table.header):
        return Markup("")
    names = [_CLASSES[table.alignment(column)]] if table.alignment(column) else []
    if table.numeric[column]:
        names.append("num")
    return Markup(' class="{}"').format(" ".join(names)) if names else Markup("")


COLUMN_PT = 482.0
"""The newsletter's column, in points (170 mm, A4's text width): what a table's words must fit across."""
CELL_PADDING_PT = 11.3
"""A cell's padding left and right (2 mm each), in points."""
SIZES_PT = {"": 8.5, "wide": 7.5, "widest": 6.5}
"""The type size of each kind of table, as newsletter.css sets it."""
AVERAGE_ADVANCE = 0.52
"""The average width of a character of the heading face, in ems (Noto Sans: about 0.5)."""


def table_class(table: Table) -> str:
    """Return a table's classes: ``data``, then ``wide`` or ``widest`` by its columns, ``fixed`` by its words.

    Six columns and more set smaller type. Where the longest words of the
    columns, side by side, would not fit across the page, the columns take
    equal shares and long words break inside their cells (``fixed``), rather
    than the table running off the page.
    """
    if not isinstance(table, Table):
        return "data"
    columns = len(table.header)
    size = "widest" if columns > 8 else "wide" if columns > 5 else ""
    longest = [
        max((len(word) for row in (table.header, *table.rows) for word in str(row[n]).split()), default=0)
        for n in range(columns)
    ]
    room = (COLUMN_PT - columns * CELL_PADDING_PT) / (AVERAGE_ADVANCE * SIZES_PT[size])
    return " ".join(filter(None, ["data", size, "fixed" if sum(longest) > room else ""]))
