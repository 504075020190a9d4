"""Logos and artwork baked into a background picture, found in its painting: text keeps clear of them.

A master's logo is often part of its background picture, not a shape of its
own (corpus ``budgetcheck``: a full-slide JPEG with the logo in its top left
corner, under the title box). :func:`artwork_of <briefpub.deck.surface.artwork_of>`
reads shapes from the XML and cannot see it; the painting can. Where the
picture is mostly flat (a pale photograph, a gradient), a logo or a drawn
motif is a patch of strong local contrast: :func:`busy_boxes` finds such
patches in the backdrop's small painting, and :func:`with_detail` has the
layout's text boxes keep clear of them as they keep clear of a logo shape.

Only layouts whose backdrop is a picture (or a shape over the whole slide)
are searched, their backdrop painted once per master and kept in the cache
like the other paintings (:mod:`briefpub.deck.paintings`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from briefpub.deck.geometry import Box
from briefpub.deck.master import Layout, Template, clear_of
from briefpub.deck.strips import grow_strips
from briefpub.deck.surface import Artwork

BUSY_CONTRAST = 2.0
"""A cell whose lightest and darkest pixels (and their neighbours') differ by this contrast ratio is busy:
a logo on a pale photograph is 3:1 and more, the photograph's own shading under 1.5:1."""
CELL_PT = 8.0
"""The side of a cell the painting is judged in, in points."""
MIN_CELLS = 5
"""A busy patch of fewer cells is a speck of the picture, not a logo (one dark pixel makes up to four)."""
RULE_CELLS = 6
"""Busy cells in a run this long and at most two thick are a rule or an edge, which text may cross."""
MAX_PATCH_SHARE = 0.25
"""A busy patch over more of the slide than this is the photograph itself, which text is meant to sit on
(its colour is chosen against it), not a logo in it."""
MAX_CELLS = 250_000
"""The most cells judged (a painting is at most 1,024 pixels a side; a cell at least one pixel)."""


def busy_boxes(luminance: Any, scale: float) -> list[Box]:
    """Return the boxes (in points) of the busy patches of a painting of ``scale`` pixels per point.

    Pure: the painting's luminances (rows of numbers, or a numpy array) in,
    boxes out. A cell is busy when the contrast between its darkest and
    lightest pixel, its one-pixel rim included (an edge on a cell's border
    counts), reaches :data:`BUSY_CONTRAST`; what busy cells enclose is busy
    too (a solid logo is flat inside); rules are left out; touching busy
    cells make one patch, whose bounding box is returned unless it is a speck
    or covers more than :data:`MAX_PATCH_SHARE` of the slide (a photograph).
    """
    import numpy

    grid = numpy.asarray(luminance, dtype=float)
    if grid.ndim != 2 or grid.size == 0 or scale <= 0:
        return []
    step = max(1, round(CELL_PT * scale))
    rows, columns = grid.shape
    cell_rows, cell_columns = -(-rows // step), -(-columns // step)
    if cell_rows * cell_columns > MAX_CELLS:
        return []
    padded = numpy.pad(
        grid, ((1, cell_rows * step - rows + 1), (1, cell_columns * step - columns + 1)), "edge"
    )
    lightest = numpy.full((cell_rows, cell_columns), 0.0)
    darkest = numpy.full((cell_rows, cell_columns), 1.0)
    for down in range(step + 2):  # each cell's pixels and its rim, one offset at a time
        for across in range(step + 2):
            window = padded[
                down : down + cell_rows * step : step, across : across + cell_columns * step : step
            ]
            lightest = numpy.maximum(lightest, window)
            darkest = numpy.minimum(darkest, window)
    busy = ((lightest + 0.05) / (darkest + 0.05) >= BUSY_CONTRAST).tolist()
    boxes = []
    for top, left, bottom, right, cells in _patches(_without_rules(_filled(busy))):
        if cells < MIN_CELLS:
            continue
        pixels = step / scale
        boxes.append(Box(left * pixels, top * pixels, (right - left) * pixels, (bottom - top) * pixels))
    slide = rows * columns / scale / scale
    return [box for box in _merged(boxes) if box.area <= MAX_PATCH_SHARE * slide]


def _merged(boxes: list[Box]) -> list[Box]:
    """Return ``boxes`` with those that overlap joined into the box around both, until none overlap."""
    merged = list(boxes)
    joined = True
    while joined:
        joined = False
        for i, first in enumerate(merged):
            for j in range(i + 1, len(merged)):
                second = merged[j]
                if first.overlaps(second):
                    left, top = min(first.left, second.left), min(first.top, second.top)
                    right, bottom = max(first.right, second.right), max(first.bottom, second.bottom)
                    merged[i] = Box(left, top, right - left, bottom - top)
                    del merged[j]
                    joined = True
                    break
            if joined:
                break
    return merged


def _filled(busy: list[list[bool]]) -> list[list[bool]]:
    """Return ``busy`` with what its busy cells enclose made busy too (a solid logo is flat inside)."""
    rows, columns = len(busy), len(busy[0])
    outside = [[False] * columns for _ in range(rows)]
    stack = [
        (row, column)
        for row in range(rows)
        for column in range(columns)
        if (row in (0, rows - 1) or column in (0, columns - 1)) and not busy[row][column]
    ]
    for row, column in stack:
        outside[row][column] = True
    while stack:
        row, column = stack.pop()
        for near_row, near_column in (
            (row - 1, column),
            (row + 1, column),
            (row, column - 1),
            (row, column + 1),
        ):
            if (
                0 <= near_row < rows
                and 0 <= near_column < columns
                and not busy[near_row][near_column]
                and not outside[near_row][near_column]
            ):
                outside[near_row][near_column] = True
                stack.append((near_row, near_column))
    return [[not cell for cell in row] for row in outside]


def _without_rules(busy: list[list[bool]]) -> list[list[bool]]:
    """Return ``busy`` less its rules: runs of at least :data:`RULE_CELLS` cells at most two cells thick.

    A line under the title, or a band's edge, is crossed by text without
    harm; a rule touching a logo would otherwise stretch the logo's patch
    along it.
    """
    rows, columns = len(busy), len(busy[0])

    def run(row: int, column: int, down: int, across: int) -> int:
        """Return the length of the busy run through a cell, along ``down`` rows and ``across`` columns."""
        length = 1
        for sign in (-1, 1):
            r, c = row + sign * down, column + sign * across
            while 0 <= r < rows and 0 <= c < columns and busy[r][c]:
                length, r, c = length + 1, r + sign * down, c + sign * across
        return length

    def rule(row: int, column: int) -> bool:
        across, down = run(row, column, 0, 1), run(row, column, 1, 0)
        return (across >= RULE_CELLS and down <= 2) or (down >= RULE_CELLS and across <= 2)

    return [[busy[r][c] and not rule(r, c) for c in range(columns)] for r in range(rows)]


def _patches(busy: list[list[bool]]) -> list[tuple[int, int, int, int, int]]:
    """Return each group of touching busy cells (diagonals too) as top, left, bottom, right and count."""
    rows, columns = len(busy), len(busy[0])
    seen = [[False] * columns for _ in range(rows)]
    found = []
    for start_row in range(rows):
        for start_column in range(columns):
            if not busy[start_row][start_column] or seen[start_row][start_column]:
                continue
            seen[start_row][start_column] = True
            stack = [(start_row, start_column)]
            top, left, bottom, right, count = start_row, start_column, start_row, start_column, 0
            while stack:
                row, column = stack.pop()
                count += 1
                top, bottom = min(top, row), max(bottom, row)
                left, right = min(left, column), max(right, column)
                for near_row in range(max(row - 1, 0), min(row + 2, rows)):
                    for near_column in range(max(column - 1, 0), min(column + 2, columns)):
                        if busy[near_row][near_column] and not seen[near_row][near_column]:
                            seen[near_row][near_column] = True
                            stack.append((near_row, near_column))
            found.append((top, left, bottom + 1, right + 1, count))
    return found


def with_detail(template: Template) -> Template:
    """Return ``template`` with each layout on a picture backdrop given its busy patches (``Layout.detail``).

    Its text placeholders are kept clear of them as of its artwork (a patch
    a shape of the layout already covers is that shape's). Each backdrop is
    searched once, however many layouts show it, and what was found is kept
    in the cache (:meth:`briefpub.deck.paintings.Paintings.boxes`).
    """
    surfaces = template.surfaces
    if surfaces is None or not any(layout.backdrop for layout in template.layouts):
        return template
    found: dict[tuple[str, tuple[tuple[str, str], ...]], list[Box]] = {}
    layouts = []
    for layout in template.layouts:
        if not layout.backdrop:
            layouts.append(layout)
            continue
        key = (layout.backdrop, layout.palette)
        if key not in found:

            def search(layout: Layout = layout) -> list[Box]:
                painting = surfaces.backdrop(layout.master, layout.index, layout.colours)
                return busy_boxes(painting.rounded(), painting.scale)

            store = surfaces.store
            found[key] = search() if store is None else store.boxes(layout.backdrop, layout.colours, search)
        layouts.append(_cleared(layout, found[key], template.width, template.height))
    return dataclasses.replace(template, layouts=tuple(layouts))


def _cleared(layout: Layout, boxes: list[Box], width: float, height: float) -> Layout:
    """Return ``layout`` with ``boxes`` (those no artwork of it covers) as detail its text keeps clear of.

    A strip that grows with its text grows again, clear of the detail too (:mod:`briefpub.deck.strips`).
    """
    detail = tuple(
        Artwork("detail of the background picture", box)
        for box in boxes
        if not any(art.box.contains(box) for art in layout.artwork)
    )
    if not detail:
        return layout
    obstacles = (*layout.artwork, *detail)
    placeholders = grow_strips(
        [
            clear_of(dataclasses.replace(p, box=p.drawn, frame=None, avoided=(), grown=False), obstacles)
            for p in layout.placeholders
        ],
        [art.box for art in obstacles],
        width,
        height,
    )
    return dataclasses.replace(layout, placeholders=placeholders, detail=detail)
