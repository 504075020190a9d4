"""A cover without a title box: the deck's title set in the cover's clear area, clear of the brand's artwork.

Many corporate masters draw their cover as a photograph and a logo with no
title placeholder: the presenter types the title in a text box. Passing such
a cover over opens the deck on a bare section layout, without the brand. So
the master's best cover (by its name, or the first layout of its master)
that carries pictures or a logo but no title box is used all the same: the
largest rectangle of it that no artwork, baked-in logo or placeholder
reaches (:func:`clear_area`, less a margin) gets the title, and the subtitle
line under it, as two boxes styled as the master's own titles and subtitles
are (a sibling layout's). They are fitted and coloured like any box; the
plan shows them (:attr:`~briefpub.deck.planned.TextPlan.added`), and the
emitter writes them as a title and a subtitle placeholder carrying their
style, so the slide still has a title for screen readers.

Where no clear area holds two lines of the title at its minimum size, the
cover is not used and the user is told how to map a layout, as before.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence

from briefpub.config import SlidesConfig
from briefpub.deck.geometry import Box
from briefpub.deck.master import Layout, Placeholder, Template
from briefpub.deck.textfit import DESCENT_ALLOWANCE, LINE_SPACING

MARGIN_SHARE = 0.04
"""The clear area keeps this share of the slide's width from the slide's edges and from every obstacle."""
TITLE_SHARE = 0.62
"""Of the clear area, the title's box takes the top this much when there is a subtitle line under it."""
MIN_TITLE_LINES = 2
"""The clear area must hold this many lines of the title at its minimum size."""
MIN_TITLE_EMS = 12
"""And be this many ems of the title's minimum size wide."""
GRID = 240
"""The clear area is found in a grid of this many cells along the slide's longer side (4 pt on 13.33 in)."""
MAX_COVERS = 10
"""The most layouts tried as the master's cover (a real master has one or two)."""

_COVER_NAMES = (
    r"\bcover|title slide|^title$|titelfolie|deckblatt|titelseite|portada|diapositiva de t[íi]tulo|\bcapa\b|"
    r"diapositivo de t[íi]tulo|couverture|diapositive de titre|copertina|diapositiva titolo|titeldia|"
    r"\bomslag|\btitul|титул|обложк|表紙|タイトル スライド|标题幻灯片|封面|제목 슬라이드|표지|"
    r"\bopening|\bintro"
)
"""Names that make a layout a cover, in the languages corporate masters come in (case ignored).

Compiled, and cached by :mod:`re`, when a master is read, not on import (a kept master is not).
"""


def clear_area(
    slide: Box, obstacles: Sequence[Box], margin: float, min_width: float = 0.0, min_height: float = 0.0
) -> Box | None:
    """Return the largest rectangle of ``slide`` that no obstacle reaches, ``margin`` from each and the edges.

    Pure. Among rectangles at least ``min_width`` by ``min_height`` the one
    of most area; None when there is none. The slide is judged in a grid of
    :data:`GRID` cells along its longer side (an obstacle takes every cell
    it touches, so the rectangle errs on the side of room), which bounds the
    time whatever the number of obstacles: each row's run of free cells
    above it makes a histogram, whose largest rectangles are found with a stack.
    """
    inner = Box(slide.left + margin, slide.top + margin, slide.width - 2 * margin, slide.height - 2 * margin)
    if inner.width <= 0 or inner.height <= 0:
        return None
    cell = max(inner.width, inner.height) / GRID
    columns, rows = max(1, int(inner.width / cell)), max(1, int(inner.height / cell))
    blocked = [[0] * (columns + 1) for _ in range(rows + 1)]  # a difference grid: obstacles in O(1) each
    for box in obstacles:
        left = math.floor((box.left - margin - inner.left) / cell)
        right = math.ceil((box.right + margin - inner.left) / cell)
        top = math.floor((box.top - margin - inner.top) / cell)
        bottom = math.ceil((box.bottom + margin - inner.top) / cell)
        left, right = max(left, 0), min(right, columns)
        top, bottom = max(top, 0), min(bottom, rows)
        if left < right and top < bottom:
            blocked[top][left] += 1
            blocked[top][right] -= 1
            blocked[bottom][left] -= 1
            blocked[bottom][right] += 1
    least_columns, least_rows = math.ceil(min_width / cell - 1e-9), math.ceil(min_height / cell - 1e-9)
    heights = [0] * columns
    running = [0] * (columns + 1)
    best: tuple[int, int, int, int] | None = None  # area, row, left column, width and height in cells
    best_area = 0
    for row in range(rows):
        total = 0
        for column in range(columns):
            running[column] += blocked[row][column]
            total += running[column]
            heights[column] = 0 if total else heights[column] + 1
        stack: list[tuple[int, int]] = []  # (first column, height)
        for column, height in enumerate([*heights, 0]):
            start = column
            while stack and stack[-1][1] >= height:
                start, tall = stack.pop()
                width = column - start
                if tall * width > best_area and tall >= least_rows and width >= least_columns:
                    best_area, best = tall * width, (row, start, width, tall)
            stack.append((start, height))
    if best is None:
        return None
    row, start, width, tall = best
    return Box(inner.left + start * cell, inner.top + (row + 1 - tall) * cell, width * cell, tall * cell)


def obstacles(layout: Layout) -> list[Box]:
    """Return what the title keeps clear of on ``layout``: its artwork, baked-in logos and text boxes.

    Its picture, date, footer and slide number placeholders are not: the
    title slide leaves them out (an empty one would show its prompt).
    """
    return [
        *(art.box for art in layout.artwork),
        *(art.box for art in layout.detail),
        *(p.drawn for p in layout.placeholders if p.kind not in _LEFT_OUT and p.drawn.area > 0),
    ]


_LEFT_OUT = ("pic", "dt", "ftr", "sldNum")
"""Placeholders the title slide does without (:meth:`briefpub.deck.other_slides.RoleSlides.title_slide`)."""


def looks_like_cover(layout: Layout) -> bool:
    """Return whether a layout is named as a cover, or comes first in its master, as a title slide does."""
    return layout.index == 0 or bool(re.search(_COVER_NAMES, layout.name, re.IGNORECASE))


def branded(layout: Layout, slide: Box) -> bool:
    """Return whether a layout shows the brand: a picture backdrop, or artwork on the slide."""
    return bool(layout.backdrop) or any(art.box.intersection(slide) > 0 for art in layout.artwork)


def cover_for(
    template: Template, options: SlidesConfig, named: Layout | None, mapped: bool = False
) -> Layout | None:
    """Return the cover to set the title slide on, with its title and subtitle boxes added; None for none.

    ``named`` is the layout the title slide's name (or mapping) found. One
    with a title box is no concern of this module. One without is used if
    its clear area holds the title, and, unless ``mapped`` (the user chose
    it), if it shows the brand (a blank layout is no cover); without one,
    the master's best cover is looked for: named as a cover first, then the
    first layout of a master, the first master's first; each must show the
    brand and have room.
    """
    slide = Box(0, 0, template.width, template.height)
    if named is not None:
        if named.title() is not None or not (mapped or branded(named, slide)):
            return None
        return with_title_boxes(template, options, named)
    candidates = sorted(
        (layout for layout in template.layouts if layout.title() is None and looks_like_cover(layout)),
        key=lambda layout: (
            not re.search(_COVER_NAMES, layout.name, re.IGNORECASE),
            layout.master,
            layout.index,
        ),
    )
    for layout in candidates[:MAX_COVERS]:
        if branded(layout, slide):
            found = with_title_boxes(template, options, layout)
            if found is not None:
                return found
    return None


def with_title_boxes(template: Template, options: SlidesConfig, layout: Layout) -> Layout | None:
    """Return ``layout`` with a title box and a subtitle box in its clear area, None if there is no room.

    Their style is the master's own title and subtitle style, as a sibling
    layout shows it (a centred title's first, then any title's); a master
    with no title anywhere gives none to copy, and no cover.
    """
    title_style, subtitle_style = _styles(template, layout)
    if title_style is None:
        return None
    scale = max(1.0, template.width / 960.0)
    minimum = min(options.title_min_pt * scale, title_style.style.size)
    top_inset, bottom_inset = title_style.style.insets[1], title_style.style.insets[3]
    line = LINE_SPACING * minimum
    min_height = (
        MIN_TITLE_LINES * line + DESCENT_ALLOWANCE * minimum + top_inset + bottom_inset
    ) / TITLE_SHARE
    side_insets = title_style.style.insets[0] + title_style.style.insets[2]
    area = clear_area(
        Box(0, 0, template.width, template.height),
        obstacles(layout),
        MARGIN_SHARE * template.width,
        min_width=MIN_TITLE_EMS * minimum + side_insets,
        min_height=min_height,
    )
    if area is None:
        return None
    split = area.top + area.height * TITLE_SHARE
    taken = {p.idx for p in layout.placeholders}
    free = next(idx for idx in range(1, len(taken) + 3) if idx not in taken and idx + 1 not in taken)
    title = dataclasses.replace(
        title_style,
        idx=free,
        kind="ctrTitle",
        name="Title",
        box=Box(area.left, area.top, area.width, split - area.top),
        style=dataclasses.replace(title_style.style, anchor="b", autofit="none", fill=None),
        frame=None,
        avoided=(),
        rotation=0.0,
        added=True,
    )
    base = subtitle_style or title_style
    subtitle = dataclasses.replace(
        base,
        idx=free + 1,
        kind="subTitle",
        name="Subtitle",
        box=Box(area.left, split, area.width, area.bottom - split),
        style=dataclasses.replace(
            base.style,
            anchor="t",
            autofit="none",
            fill=None,
            align=title.style.align,
            bullet=False,
            size=base.style.size if subtitle_style is not None else title_style.style.size / 2,
        ),
        frame=None,
        avoided=(),
        rotation=0.0,
        added=True,
    )
    return dataclasses.replace(layout, placeholders=(*layout.placeholders, title, subtitle))


def _styles(template: Template, cover: Layout) -> tuple[Placeholder | None, Placeholder | None]:
    """Return the master's title and subtitle placeholders to copy the style of (its own layouts' first)."""
    ordered = sorted(template.layouts, key=lambda layout: (layout.master != cover.master, layout.index))
    placeholders = [p for layout in ordered for p in layout.placeholders if p.style.vertical == "horz"]
    title = next((p for p in placeholders if p.kind == "ctrTitle"), None) or next(
        (p for p in placeholders if p.kind == "title"), None
    )
    subtitle = next((p for p in placeholders if p.kind == "subTitle"), None)
    return title, subtitle
