"""Pages that end full: a figure that cannot fit floats past the text after it, and a last page
that would hold a line or two is avoided by setting the pages before it a little tighter.

A figure never breaks across pages, and one that opens a question's body is
kept with the question's heading; when it does not fit at the foot of a
page, it moves to the next page and, in WeasyPrint as in any browser, takes
the text after it along: the page above ends a third or more empty. A print
designer floats such a figure to the top of the next page and lets the text
run on above it, the next question included. Here the PDF is laid out, each
page's empty foot is measured, and a figure that opens the next page after a
page too empty is moved after as many of the blocks that follow it as fill
the gap (the figure keeps its caption and stays the next thing after them);
then the PDF is laid out again, a few times at most, keeping a layout only
when it is better and no longer. A figure never passes another figure, so
they keep their numbers in order.

A last page holding only the closing line or a few lines is what a reader
sees as a page too many: when it holds less than :data:`LAST_PAGE_SHARE` of
its height, the document is laid out again with slightly tighter leading
and spacing (:data:`TIGHTER`), kept only if it saves that page. A figure
that ends the briefing has nothing to float past: when the page above it
stays too empty, the same tighter settings (then smaller figures) are tried
and kept only if they leave fewer or smaller holes on as many pages.

The newsletter order is only changed in the PDF: the web and e-mail editions
do not have pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from briefpub.model.briefing import Block, Briefing, Figure
from briefpub.newsletter.engines import box_kinds, page_box

EMPTY_SHARE = 0.25
"""A page but the last may end this much of its height empty before the figure after it is moved
(a quarter: a page a third empty is what readers see as a hole)."""
MAX_PASSES = 2
"""The most times the PDF is laid out again to place figures: the first pass does nearly all the
good; each costs a whole layout."""
LAST_PAGE_SHARE = 0.2
"""A last page holding less than this share of its text area is saved by setting the others tighter."""
MAX_TIGHT_PAGES = 16
"""Longer documents are not laid out again to save their last page: a page in twenty is no hole."""
TIGHTER = (
    "html { line-height: 1.4 } p { margin-bottom: 0.55em } .question { margin-top: 4.5mm }"
    " .key-points { margin-bottom: 5mm } .figure { margin: 1.5mm 0 4mm } .table { margin: 2mm 0 4mm }",
    "html { line-height: 1.36 } p { margin-bottom: 0.45em } .question { margin-top: 3.5mm }"
    " .key-points { margin-bottom: 4mm } .title-block { margin-bottom: 4mm } .masthead { margin-bottom: 5mm }"
    " .figure { margin: 1mm 0 3mm } .figure img { max-width: 80% } .table { margin: 1.5mm 0 3mm }"
    " .colophon { margin-top: 5mm }",
)
"""Each tighter setting, in order (each costs a layout): less leading and gaps, then smaller figures."""
ORPHAN_ROOM = 0.08
"""The share of a page a paragraph needs at its foot to start there (its first lines)."""

LayOut = Callable[[Briefing, str], Any]
"""Lay a briefing out (a WeasyPrint document) with an extra stylesheet (empty: none)."""


@dataclass(frozen=True)
class Gap:
    """How a page ends: its empty share, the figure that opens the next page, and how many blocks
    after that figure would fill the gap."""

    page: int
    empty: float
    figure: int | None
    blocks: int = 0


def place_figures(briefing: Briefing, lay_out: LayOut) -> tuple[Briefing, Any]:
    """Return the briefing with its figures placed to fill pages, and its laid-out document.

    Figures move only while each move makes the layout better (fewer pages
    too empty, else a smaller worst gap) without adding a page; then a last
    page that holds next to nothing is saved with tighter setting if it can be.
    """
    document = lay_out(briefing, "")
    gaps = page_gaps(document)
    for _ in range(MAX_PASSES):
        moved = briefing
        for gap in gaps:
            if gap.empty > EMPTY_SHARE and gap.figure is not None and gap.blocks > 0:
                moved = float_figure(moved, gap.figure, gap.blocks) or moved
        if moved is briefing:
            break
        candidate = lay_out(moved, "")
        found = page_gaps(candidate)
        if len(candidate.pages) > len(document.pages) or _badness(found) >= _badness(gaps):
            break
        briefing, document, gaps = moved, candidate, found
    return briefing, _save_last_page(briefing, document, lay_out)


def _save_last_page(briefing: Briefing, document: Any, lay_out: LayOut) -> Any:
    """Return ``document``, or a tighter layout of it that ends a page sooner or leaves fewer holes.

    Tried when the last page holds next to nothing, or when a page is still
    too empty above a figure that nothing follows and so could not float on:
    tighter setting, then smaller figures, let the figure fit the gap. Where
    no tighter setting saves a bare last page (or the document is too long
    to try), the closing lines are kept with the last lines of text.
    """
    pages = len(document.pages)
    if pages < 2:
        return document
    short_end = used_share(page_box(document.pages[-1])) < LAST_PAGE_SHARE
    if pages > MAX_TIGHT_PAGES:
        return _keep_colophon(briefing, document, lay_out) if short_end else document
    holes = _badness(page_gaps(document))
    if not short_end and holes[0] == 0:
        return document
    for css in TIGHTER:
        candidate = lay_out(briefing, css)
        found = len(candidate.pages)
        if found < pages:
            return candidate
        fuller = _badness(page_gaps(candidate)) < holes
        if (
            found == pages
            and not short_end
            and fuller
            and used_share(page_box(candidate.pages[-1])) >= LAST_PAGE_SHARE
        ):
            return candidate
    return _keep_colophon(briefing, document, lay_out) if short_end else document


KEEP_COLOPHON = ".colophon { break-before: avoid }"
"""The last resort for a bare last page: the closing lines take the last lines of text along."""


def _keep_colophon(briefing: Briefing, document: Any, lay_out: LayOut) -> Any:
    """Return a layout whose last page holds more than the closing lines, else ``document``."""
    candidate = lay_out(briefing, KEEP_COLOPHON)
    if len(candidate.pages) > len(document.pages):
        return document
    before, after = used_share(page_box(document.pages[-1])), used_share(page_box(candidate.pages[-1]))
    return candidate if after > before else document


def _badness(gaps: list[Gap]) -> tuple[int, float]:
    too_empty = [gap.empty for gap in gaps if gap.empty > EMPTY_SHARE]
    return len(too_empty), max(too_empty, default=0.0)


def page_gaps(document: Any) -> list[Gap]:
    """Return how each page of a laid-out document but the last ends."""
    gaps = []
    for number, page in enumerate(document.pages[:-1]):
        box = page_box(page)
        empty = 1.0 - used_share(box)
        following = page_box(document.pages[number + 1])
        opening = _opening_figure(following)
        if opening is None:
            gaps.append(Gap(number, empty, None))
            continue
        figure, ancestors = opening
        blocks = _blocks_filling(following, figure, ancestors, empty * box.height)
        gaps.append(Gap(number, empty, _figure_number(figure), blocks))
    return gaps


def used_share(page: Any) -> float:
    """Return the share of a page's text area above its last line (footnotes are not free room)."""
    kinds = box_kinds()
    top = page.content_box_y()
    bottom = top + page.height
    for child in page.children:
        if isinstance(child, kinds.FootnoteAreaBox) and child.children:
            bottom = min(bottom, child.position_y)
    flow = next((child for child in page.children if isinstance(child, kinds.BlockBox)), None)
    if flow is None or page.height <= 0:
        return 1.0
    last = max((box.position_y + box.margin_height() for box, _ in _leaves(flow, ())), default=top)
    return float(1.0 - max(bottom - last, 0.0) / page.height)


def _opening_figure(page: Any) -> tuple[Any, tuple[Any, ...]] | None:
    """Return the figure box a page opens with (after a question's heading) and its ancestors, else None."""
    for _box, ancestors in _leaves(page.children[0], ()):
        classes = [_classes(box) for box in ancestors]
        for position, names in enumerate(classes):
            if "figure" in names:
                return ancestors[position], ancestors[:position]
        if any("question-head" in names for names in classes):
            continue
        return None
    return None


def _figure_number(figure: Any) -> int | None:
    identifier = figure.element.get("id", "") if figure.element is not None else ""
    number = str(identifier).removeprefix("figure-")
    return int(number) if number.isdigit() else None


def _blocks_filling(page: Any, figure: Any, ancestors: tuple[Any, ...], room: float) -> int:
    """Return how many blocks after ``figure`` (in its section and the next ones) fill ``room``.

    Measured on the page the figure opens: with the figure after them, those
    blocks move up by its height. A paragraph, list or table that would
    start in the room and run past it counts too: it breaks across the pages
    and the figure follows it.
    """
    top = page.content_box_y()
    shift = figure.margin_height()
    count = 0
    for start, end, breakable in _following_blocks(figure, ancestors):
        if end - top - shift <= room:
            count += 1
            continue
        if breakable and start - top - shift + ORPHAN_ROOM * page.height < room:
            count += 1
        break
    return count


def _following_blocks(figure: Any, ancestors: tuple[Any, ...]) -> Iterator[tuple[float, float, bool]]:
    """Yield (top, bottom, breakable) of each block after ``figure`` on its page, up to the next figure.

    The figure's own section first, then the questions after it (each
    question's heading counts with its first block), as :func:`float_figure`
    counts them in the briefing.
    """
    if not ancestors:
        return
    section = ancestors[-1]
    containers = [section]
    if "question" in _classes(section) and len(ancestors) > 1:
        siblings = ancestors[-2].children
        later = siblings[siblings.index(section) + 1 :] if section in siblings else []
        containers += [box for box in later if "question" in _classes(box)]
    seen_figure = False
    for container in containers:
        for child in container.children:
            if child is figure:
                seen_figure = True
                continue
            names = _classes(child)
            if not seen_figure or "question-head" in names or getattr(child, "element_tag", None) is None:
                continue
            if "figure" in names:
                return
            breakable = child.element_tag in ("p", "ul", "ol") or "table" in names
            yield child.position_y, child.position_y + child.margin_height(), breakable
        if "question" not in _classes(container):
            return  # the introduction: its figures stay in it


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return []
    return str(element.get("class", "")).split()


def _leaves(box: Any, ancestors: tuple[Any, ...]) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """Yield the lines and pictures under ``box`` in document order, each with its ancestors."""
    kinds = box_kinds()
    if isinstance(box, kinds.LineBox | kinds.ReplacedBox):
        yield box, ancestors
        return
    for child in getattr(box, "children", ()):
        yield from _leaves(child, (*ancestors, box))


def float_figure(briefing: Briefing, number: int, blocks: int) -> Briefing | None:
    """Return ``briefing`` with figure ``number`` after the ``blocks`` blocks that follow it, else None.

    Those blocks are the rest of its section's body, then the bodies of the
    questions after it (the figure then opens nothing: it follows text of
    the later question, as a figure floated to a page's top does). A figure
    in the introduction moves within it. It never passes another figure;
    None when no block follows it.
    """
    introduction = _float_in((briefing.introduction,), number, blocks)
    if introduction is not None:
        return dataclasses.replace(briefing, introduction=introduction[0])
    bodies = _float_in(tuple(section.body for section in briefing.sections), number, blocks)
    if bodies is None:
        return None
    sections = tuple(
        section if body is section.body else dataclasses.replace(section, body=body)
        for section, body in zip(briefing.sections, bodies, strict=True)
    )
    return dataclasses.replace(briefing, sections=sections)


def _float_in(
    bodies: tuple[tuple[Block, ...], ...], number: int, blocks: int
) -> tuple[tuple[Block, ...], ...] | None:
    """Return ``bodies`` with figure ``number`` moved after up to ``blocks`` later blocks, else None."""
    found = next(
        (
            (b, i)
            for b, body in enumerate(bodies)
            for i, block in enumerate(body)
            if _is_figure(block, number)
        ),
        None,
    )
    if found is None:
        return None
    body_index, index = found
    figure = bodies[body_index][index]
    later = [
        (b, i)
        for b in range(body_index, len(bodies))
        for i in range(index + 1 if b == body_index else 0, len(bodies[b]))
    ]
    passed: list[tuple[int, int]] = []
    for b, i in later:
        if len(passed) == blocks or isinstance(bodies[b][i], Figure):
            break
        passed.append((b, i))
    if not passed:
        return None
    to_body, after = passed[-1]
    result = list(bodies)
    result[body_index] = bodies[body_index][:index] + bodies[body_index][index + 1 :]
    position = after if to_body == body_index else after + 1
    result[to_body] = (*result[to_body][:position], figure, *result[to_body][position:])
    return tuple(result)


def _is_figure(block: Block, number: int) -> bool:
    return isinstance(block, Figure) and block.number == number
