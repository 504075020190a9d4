"""What a source costs on pages and slides, counted in bytes against ``reader.max_bytes``.

Bytes alone do not bound the work: 300 kB of one-word paragraphs is a
3,000-page newsletter, 40 kB of bare questions a 2,000-slide deck, 111 kB of
tiny tables 7,000 slides (2 GB), 40,000 one-word footnotes 1,900 pages
(4.6 GB, ten minutes). So every block also counts for what it takes: a line
for each paragraph, list item, table row and footnote (a footnote's line at
the foot of a page costs WeasyPrint more than a paragraph's), a slide for
each question, table, figure and chart, a little for each table cell, and
more than its bytes for each link and footnote call. With these weights a
source the reader accepts makes at most some 250 pages and 500 slides, and
its PDF stays under about 400 MiB (``bench/pathological.py`` measures each
kind of block at the limit).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from briefpub.reader import tables

PARAGRAPH_WEIGHT = 120
"""Bytes a paragraph counts for besides its text: about what a line and its spacing take on a page."""
QUESTION_WEIGHT = 2_000
"""Bytes a question counts for besides its paragraphs: its slide, and its line in the printed contents.

Measured: a question costs the PDF half a page's memory, nearly all of it the
contents line, whose dot leader WeasyPrint lays out as some eighty boxes.
"""
SLIDE_WEIGHT = 2_000
"""Bytes a table, figure or chart counts for: the slide it takes in the deck, as a question's."""
LINE_WEIGHT = 120
"""Bytes a table row counts for: a line of its own, as a paragraph's."""
LIST_ITEM_WEIGHT = 180
"""Bytes a list item counts for: a line with its marker (at 120, 8,000 one-letter items took 450 MiB)."""
CELL_WEIGHT = 16
"""Bytes a table cell counts for: a box in every edition, a cell of the deck's table."""
FOOTNOTE_WEIGHT = 1_000
"""Bytes a footnote counts for: its line at the foot of a page, which WeasyPrint lays out slowly.

Measured at 400 bytes: 2,300 one-word footnotes took the PDF 349 MiB and
280 s on a loaded machine (every footnote lays its page out again), so a
footnote counts as half a slide: at most 1,000 of them.
"""

LINK_WEIGHT = 250
"""Bytes a link counts for: an anchor and an annotation in WeasyPrint, its address printed after it.

Measured at 80 bytes: 10,400 one-letter web links in a paragraph took the PDF 986 MiB.
"""
NOTE_CALL_WEIGHT = 500
"""Bytes a footnote call counts for: its link, and its place in the page's notes.

Measured at 200 bytes: 4,850 calls of one footnote took the PDF 751 MiB.
"""

_LINK = re.compile(r"\]\(|(?<!\]\()\b(?:https?|ftp)://|(?<![/(.])\bwww\.|(?<!\]\()\bmailto:", re.I)
"""Where a link starts: ``](``, or a bare address, which linkify makes a link."""
_LIST_MARK = re.compile(r"(?:[-*•–▪]|[0-9]{1,9}[.)])\s+\S")
_FIGURE = re.compile(r"!\[")


def paragraph(lines: list[tuple[int, str]], *, question: bool, blocks: bool) -> Iterator[tuple[int, int]]:
    """Yield ``(line, bytes)`` for a paragraph's lines: its text and what its blocks take.

    ``question`` says it carries a question's ``Answer:``; ``blocks`` that
    tables, lists and figures are read (CommonMark; plain text has none).
    """
    first = lines[0][0]
    yield first, PARAGRAPH_WEIGHT + (QUESTION_WEIGHT if question else 0)
    for number, text in lines:
        yield number, len(text.encode("utf-8", "surrogatepass")) + 1
    if not blocks:
        return
    for number, text in lines:
        links = sum(1 for _ in _LINK.finditer(text))
        calls = text.count("[^")
        if links or calls:
            yield number, LINK_WEIGHT * links + NOTE_CALL_WEIGHT * calls
    texts = [text for _, text in lines]
    head = tables.find_header(texts)
    if head is not None:
        yield lines[head][0], SLIDE_WEIGHT
        for number, text in [lines[head], *lines[head + 2 :]]:
            yield number, LINE_WEIGHT + CELL_WEIGHT * (text.count("|") + 1)
    for number, text in lines[1 : head if head is not None else len(lines)]:
        if _LIST_MARK.match(text):
            yield number, LIST_ITEM_WEIGHT
    if _FIGURE.match(texts[0]):
        yield first, SLIDE_WEIGHT


def footnotes(definitions: Iterable[tuple[str, int]]) -> Iterator[tuple[int, int]]:
    """Yield ``(line, bytes)`` for each footnote's text and its line at the foot of a page."""
    for text, number in definitions:
        yield number, FOOTNOTE_WEIGHT + len(text.encode("utf-8", "surrogatepass"))


def first_over(costs: Iterable[tuple[int, int]], limit: int) -> int | None:
    """Return the line at which the costs, taken in line order, come to more than ``limit``; else None."""
    used = 0
    for number, cost in sorted(costs):
        used += cost
        if used > limit:
            return number
    return None
