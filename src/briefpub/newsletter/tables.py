"""What the newsletter's templates need to set a table: each cell's alignment as a class."""

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
