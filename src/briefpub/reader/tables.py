"""Pipe tables (GitHub's): where a paragraph holds one, and its rows split into cells.

GitHub's rule, as markdown-it-py's ``table`` rule reads it: a header row with
at least one ``|``, then a delimiter row of ``---`` cells (``:--``, ``:-:``
and ``--:`` set the column's alignment) with as many cells as the header,
then body rows up to the paragraph's end. A cell is split at every ``|`` not
escaped as ``\\|`` (inside code too, as on GitHub); the escape is left for
the inline parser, which makes it a ``|``.

Where GitHub quietly pads a short row and drops the cells of a long one,
briefpub pads, keeps every cell (the table grows a column) and says so:
nothing a writer typed is lost without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DELIMITER_CELL = re.compile(r"\s*:?-+:?\s*")
MAX_COLUMNS = 50
"""The widest table read: wider cannot be laid out on a page or a slide anyone could read."""
MAX_CELLS = 10_000
"""The most cells in one table: bounded layout work in every edition."""


@dataclass(frozen=True)
class RawTable:
    """A table as written: cells still source text, rows as long as written."""

    header: list[str]
    align: list[str]
    rows: list[tuple[int, list[str]]]
    """Each body row's source line and cells."""


def split_row(text: str) -> list[str]:
    """Return a row's cells, stripped: outer pipes dropped, split at each unescaped ``|``."""
    text = text.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text:
        if char == "|" and not escaped:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        escaped = char == "\\" and not escaped
    cells.append("".join(current).strip())
    return cells


def is_delimiter(text: str) -> bool:
    """Whether ``text`` is a delimiter row: ``|---|:--:|--:|``, with a pipe or more than one cell."""
    if "-" not in text or ("|" not in text and ":" not in text):
        return False
    return all(_DELIMITER_CELL.fullmatch(cell) for cell in split_row(text))


def alignment(cell: str) -> str:
    """Return a delimiter cell's alignment: ``left``, ``center``, ``right`` or empty."""
    cell = cell.strip()
    if cell.startswith(":") and cell.endswith(":"):
        return "center"
    if cell.endswith(":"):
        return "right"
    return "left" if cell.startswith(":") else ""


def find_header(texts: list[str]) -> int | None:
    """Return the index of the first line that heads a table (the next line delimits it), or None."""
    for index in range(len(texts) - 1):
        if "|" in texts[index] and is_delimiter(texts[index + 1]):
            return index
    return None


def looks_like_rows(texts: list[str]) -> bool:
    """Whether lines look like table rows with no delimiter row: two or more, each ``| … | … |``."""
    return len(texts) >= 2 and all(
        text.startswith("|") and text.endswith("|") and text.count("|") >= 3 for text in texts
    )


def read_table(header: str, delimiter: str, rows: list[tuple[int, str]]) -> RawTable:
    """Return the table of a header line, its delimiter line and body lines (with their numbers)."""
    return RawTable(
        header=split_row(header),
        align=[alignment(cell) for cell in split_row(delimiter)],
        rows=[(number, split_row(text)) for number, text in rows],
    )
