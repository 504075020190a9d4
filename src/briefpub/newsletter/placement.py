"""Figures placed so that pages end full: a figure that cannot fit moves after the text that can.

A figure never breaks across pages, and one that opens a question's body is
kept with the question's heading; when it does not fit under the heading at
the foot of a page, the heading, the figure and everything after them move
to the next page, and the page above ends a third or more empty. Print
editors let text flow up past such a figure. Here the PDF is laid out, each
page's empty foot is measured, and a figure that opens the next page after a
page too empty is moved after the paragraph that follows it (the paragraph
can fill the gap; the figure keeps its caption and stays near its text);
then the PDF is laid out again, a few times at most, keeping a layout only
when it is better and no longer. The newsletter order is only changed in the
PDF: the web and e-mail editions do not have pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from briefpub.model.briefing import Block, Briefing, Figure, ListBlock

EMPTY_SHARE = 0.25
"""A page but the last may end this much of its height empty before the figure after it is moved
(a quarter: a page a third empty is what readers see as a hole)."""
MAX_PASSES = 2
"""The most times the PDF is laid out again to place figures (each move takes one figure one block):
the first pass does nearly all the good; each costs a whole layout."""


@dataclass(frozen=True)
class Gap:
    """How a page ends: its empty share, and the figure that opens the next page, if one does."""

    page: int
    empty: float
    figure: int | None


def place_figures(briefing: Briefing, lay_out: Callable[[Briefing], Any]) -> tuple[Briefing, Any]:
    """Return the briefing with its figures placed to fill pages, and its laid-out document.

    ``lay_out`` turns a briefing into a WeasyPrint document. Figures move only
    while each move makes the layout better (fewer pages too empty, else a
    smaller worst gap) without adding a page.
    """
    document = lay_out(briefing)
    gaps = page_gaps(document)
    for _ in range(MAX_PASSES):
        moved = briefing
        for gap in gaps:
            if gap.empty > EMPTY_SHARE and gap.figure is not None:
                moved = defer_figure(moved, gap.figure) or moved
        if moved is briefing:
            break
        candidate = lay_out(moved)
        found = page_gaps(candidate)
        if len(candidate.pages) > len(document.pages) or _badness(found) >= _badness(gaps):
            break
        briefing, document, gaps = moved, candidate, found
    return briefing, document


def _badness(gaps: list[Gap]) -> tuple[int, float]:
    too_empty = [gap.empty for gap in gaps if gap.empty > EMPTY_SHARE]
    return len(too_empty), max(too_empty, default=0.0)


def page_gaps(document: Any) -> list[Gap]:
    """Return how each page of a laid-out document but the last ends."""
    gaps = []
    for number, page in enumerate(document.pages[:-1]):
        following = document.pages[number + 1]._page_box
        gaps.append(Gap(number, _empty_share(page._page_box), _opening_figure(following)))
    return gaps


def _empty_share(page: Any) -> float:
    """Return the share of a page's text area below its last line (footnotes are not free room)."""
    from weasyprint.formatting_structure import boxes

    top = page.content_box_y()
    bottom = top + page.height
    for child in page.children:
        if isinstance(child, boxes.FootnoteAreaBox) and child.children:
            bottom = min(bottom, child.position_y)
    flow = next((child for child in page.children if isinstance(child, boxes.BlockBox)), None)
    if flow is None or page.height <= 0:
        return 0.0
    last = max((box.position_y + box.margin_height() for box, _ in _leaves(flow, ())), default=top)
    return float(max(bottom - last, 0.0) / page.height)


def _opening_figure(page: Any) -> int | None:
    """Return the number of the figure a page opens with (after a question's heading), else None."""
    for _box, ancestors in _leaves(page.children[0], ()):
        classes = [_classes(box) for box in ancestors]
        figure = next((box for box, names in zip(ancestors, classes, strict=True) if "figure" in names), None)
        if figure is not None:
            identifier = figure.element.get("id", "") if figure.element is not None else ""
            number = identifier.removeprefix("figure-")
            return int(number) if number.isdigit() else None
        if any("question-head" in names for names in classes):
            continue
        return None
    return None


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return []
    return str(element.get("class", "")).split()


def _leaves(box: Any, ancestors: tuple[Any, ...]) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """Yield the lines and pictures under ``box`` in document order, each with its ancestors."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox | boxes.ReplacedBox):
        yield box, ancestors
        return
    for child in getattr(box, "children", ()):
        yield from _leaves(child, (*ancestors, box))


def defer_figure(briefing: Briefing, number: int) -> Briefing | None:
    """Return ``briefing`` with figure ``number`` after the paragraph or list that follows it, else None."""

    def deferred(blocks: tuple[Block, ...]) -> tuple[Block, ...] | None:
        for index, block in enumerate(blocks[:-1]):
            if isinstance(block, Figure) and block.number == number:
                after = blocks[index + 1]
                if not isinstance(after, str | ListBlock):
                    return None
                return (*blocks[:index], after, block, *blocks[index + 2 :])
        return None

    introduction = deferred(briefing.introduction)
    if introduction is not None:
        return dataclasses.replace(briefing, introduction=introduction)
    for position, section in enumerate(briefing.sections):
        body = deferred(section.body)
        if body is not None:
            sections = list(briefing.sections)
            sections[position] = dataclasses.replace(section, body=body)
            return dataclasses.replace(briefing, sections=tuple(sections))
    return None
