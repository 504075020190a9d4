"""A table on slides: its columns and rows measured like the rest of a slide's text, and split where needed.

A table goes on a slide of its own after its question's slide, in the body
box of the question layout, as a native PowerPoint table. Its type is the
largest size from :data:`LARGEST_PT` down to :data:`SMALLEST_PT` at which the
whole table fits the box with no word broken; when none does, it is set at the
smallest size and its rows continue on the next slides under the header row again.

Column widths follow CSS's automatic table layout: each column gets at least
its longest word, and the rest of the width goes to the columns in proportion
to how much more their longest cell needs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefpub.deck import textfit
from briefpub.deck.geometry import Box
from briefpub.deck.runs import RunPlan

LARGEST_PT = 18.0
"""The largest size a table's text is set at: a table is read, not shouted."""
SMALLEST_PT = 10.0
"""The smallest a table's text is set at before its rows continue on another slide."""
CELL_INSETS = (5.0, 3.0, 5.0, 3.0)
"""Each cell's inner margins (left, top, right, bottom) in points, set on every cell as measured."""

Measure = Callable[[tuple[RunPlan, ...], bool], textfit.Paragraph]
"""Returns a cell's runs as measured text (``True`` for a header cell, set bold)."""


@dataclass(frozen=True)
class TablePlan:
    """A table, or the rows of one that fit a slide, decided: sizes, column widths, row heights."""

    number: int
    """The table's number in the briefing."""
    box: Box
    """The table's frame on the slide: the body box's width, the rows' height."""
    columns: tuple[float, ...]
    """Each column's width in points."""
    heights: tuple[float, ...]
    """Each row's height in points, the header row first."""
    rows: tuple[tuple[tuple[RunPlan, ...], ...], ...]
    """Each row's cells as runs, the header row first."""
    lines: tuple[tuple[tuple[str, ...], ...], ...]
    """Each cell's lines as measured (what LibreOffice and PowerPoint must show), row by row."""
    align: tuple[str, ...]
    """Each column's alignment as DrawingML has it: ``l``, ``ctr`` or ``r``."""
    size: float
    """The type size of every cell, in points."""
    font: str | None = None
    """The face the cells were measured in (the body text's), set on every run; None leaves the theme's."""
    colors: tuple[str | None, str | None, str | None] = (None, None, None)
    """The text colour of the header row, the odd and the even rows (hex), where the table style's own
    would not stand out from the band's fill (:mod:`briefpub.deck.tablestyle`); None keeps the style's."""


_ALIGN = {"left": "l", "center": "ctr", "right": "r", "": "l"}


def plan_table(
    number: int,
    cells: Sequence[Sequence[tuple[RunPlan, ...]]],
    alignments: Sequence[str],
    area: Box,
    face: textfit.Face,
    measure: Measure,
    smallest: float,
) -> list[TablePlan] | None:
    """Return the table's slides (one, or a part per slide, header repeated), or None if no size fits.

    ``cells`` holds the header row first; ``alignments`` is each column's
    (``left``, ``center``, ``right`` or empty).
    """
    measured = [[measure(cell, index == 0) for cell in row] for index, row in enumerate(cells)]
    sizes = _sizes(LARGEST_PT, min(smallest, SMALLEST_PT))
    last: tuple[float, list[float], list[list[list[str]]], list[float]] | None = None
    for size in sizes:
        widths, whole_words = _column_widths(measured, face, size, area.width)
        lines = [
            [
                textfit.wrap(cell, face, size, width - _horizontal())
                for cell, width in zip(row, widths, strict=True)
            ]
            for row in measured
        ]
        heights = [_row_height(row, size) for row in lines]
        last = (size, widths, lines, heights)
        if whole_words and sum(heights) <= area.height:  # no word broken, every row on the slide
            break
    if last is None:
        return None
    size, widths, lines, heights = last
    header_height = heights[0]
    parts: list[list[int]] = [[]]
    used = header_height
    for index in range(1, len(heights)):
        if header_height + heights[index] > area.height:
            return None  # one row alone is taller than the slide at the smallest size
        if parts[-1] and used + heights[index] > area.height:
            parts.append([])
            used = header_height
        parts[-1].append(index)
        used += heights[index]
    align = tuple(_ALIGN[a] for a in alignments)
    return [
        TablePlan(
            number=number,
            box=Box(area.left, area.top, area.width, header_height + sum(heights[i] for i in part)),
            columns=tuple(widths),
            heights=(header_height, *(heights[i] for i in part)),
            rows=tuple(tuple(cells[i]) for i in (0, *part)),
            lines=tuple(tuple(tuple(cell) for cell in lines[i]) for i in (0, *part)),
            align=align,
            size=size,
        )
        for part in parts
    ]


def _horizontal() -> float:
    return CELL_INSETS[0] + CELL_INSETS[2]


def _row_height(row: Sequence[Sequence[str]], size: float) -> float:
    """Return a row's height: its tallest cell's lines, with the cell's margins and the descent allowance."""
    most = max(len(cell) for cell in row)
    return textfit.lines_height(most, 1, size) + CELL_INSETS[1] + CELL_INSETS[3]


def _column_widths(
    measured: Sequence[Sequence[textfit.Paragraph]], face: textfit.Face, size: float, width: float
) -> tuple[list[float], bool]:
    """Return column widths filling ``width`` (each its longest word at least, the rest by need).

    And whether every word fits whole in its column at ``size``.
    """
    columns = len(measured[0])
    inset = _horizontal()
    least = [inset + max(_longest_word(row[n], face, size) for row in measured) for n in range(columns)]
    most = [inset + max(_one_line(row[n], face, size) for row in measured) for n in range(columns)]
    if sum(least) > width:  # even single words do not fit: share by the words, which then break
        return [width * w / sum(least) for w in least], False
    if sum(most) <= width:  # everything on one line: spread the spare width by need
        return [width * w / sum(most) for w in most], True
    spare, wants = width - sum(least), [m - w for m, w in zip(most, least, strict=True)]
    return [w + spare * want / sum(wants) for w, want in zip(least, wants, strict=True)], True


def _one_line(text: textfit.Paragraph, face: textfit.Face, size: float) -> float:
    return textfit.natural_width(text, face, size) / textfit.SAFETY


def _longest_word(text: textfit.Paragraph, face: textfit.Face, size: float) -> float:
    return textfit.longest_word(text, face, size) / textfit.SAFETY


def _sizes(largest: float, smallest: float) -> list[float]:
    sizes, size = [], largest
    while size >= smallest:
        sizes.append(size)
        size -= 1.0 if size > 12 else 0.5
    return sizes or [smallest]
