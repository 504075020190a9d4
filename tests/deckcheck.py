"""Render decks with LibreOffice and check where every word landed.

A real client is the only honest judge of "no text outside its box":
LibreOffice lays the deck out, pdftotext reports each word's position, and
each word must sit inside a text shape of its slide.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

HAVE_LIBREOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@dataclass(frozen=True)
class Word:
    """A word as LibreOffice placed it, in points from the page's top left."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    """One rendered slide."""

    width: float
    height: float
    words: list[Word]

    @property
    def text(self) -> str:
        """Return the words in reading order, joined by spaces."""
        return " ".join(w.text for w in self.words)


def render(deck: Path) -> list[Page]:
    """Return the pages LibreOffice makes of ``deck``, with word positions."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(deck),
            ],
            capture_output=True,
            check=True,
            timeout=300,
        )
        pdf = Path(tmp) / (deck.stem + ".pdf")
        html = subprocess.run(
            ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=120
        ).stdout
    pages = []
    for width, height, body in _PAGE.findall(html):
        words = [
            Word(unescape(t), float(a), float(b), float(c), float(d)) for a, b, c, d, t in _WORD.findall(body)
        ]
        pages.append(Page(float(width), float(height), words))
    return pages


def text_boxes(deck: Path) -> list[list[tuple[float, float, float, float]]]:
    """Return, per slide, the boxes (x0, y0, x1, y1 in points) of its shapes that hold text."""
    prs = Presentation(str(deck))
    scale = 1.0
    out = []
    for slide in prs.slides:
        boxes = []
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                x, y = Emu(shape.left).pt * scale, Emu(shape.top).pt * scale
                boxes.append((x, y, x + Emu(shape.width).pt * scale, y + Emu(shape.height).pt * scale))
            elif getattr(shape, "has_table", False) and shape.has_table:
                boxes += _cell_boxes(shape)
            elif getattr(shape, "has_chart", False) and shape.has_chart:  # its labels stay in its frame
                x, y = Emu(shape.left).pt, Emu(shape.top).pt
                boxes.append((x, y, x + Emu(shape.width).pt, y + Emu(shape.height).pt))
        out.append(boxes)
    return out


def _cell_boxes(frame: object) -> list[tuple[float, float, float, float]]:
    """Return the box of every cell of a table as written (a word of a cell must sit in its cell)."""
    table = frame.table  # type: ignore[attr-defined]
    left, top = Emu(frame.left).pt, Emu(frame.top).pt  # type: ignore[attr-defined]
    boxes = []
    y = top
    for row in table.rows:
        x = left
        for column in table.columns:
            boxes.append((x, y, x + Emu(column.width).pt, y + Emu(row.height).pt))
            x += Emu(column.width).pt
        y += Emu(row.height).pt
    return boxes


def words_outside(deck: Path, tolerance: float = 1.5) -> list[str]:
    """Return a description of every word LibreOffice put outside its slide's text boxes."""
    problems = []
    pages = render(deck)
    for number, (page, boxes) in enumerate(zip(pages, text_boxes(deck), strict=True), 1):
        for word in page.words:
            inside = any(
                word.x0 >= x0 - tolerance
                and word.x1 <= x1 + tolerance
                and word.y0 >= y0 - tolerance
                and word.y1 <= y1 + tolerance
                for x0, y0, x1, y1 in boxes
            )
            on_page = word.x0 >= 0 and word.y0 >= 0 and word.x1 <= page.width and word.y1 <= page.height
            if not (inside and on_page):
                where = f"({word.x0:.0f},{word.y0:.0f})-({word.x1:.0f},{word.y1:.0f})"
                problems.append(f"slide {number}: {word.text!r} at {where}")
    return problems
