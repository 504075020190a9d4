"""Render decks with LibreOffice and check where every word landed.

A real client is the only honest judge of "no text outside its box":
LibreOffice lays the deck out, pdftotext reports each word's position, and
each word must sit inside a text shape of its slide.
"""

from __future__ import annotations

import atexit
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any

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
        return _pages(_pdf(deck, Path(tmp)))


@cache
def _profile() -> Path:
    """Return this process's LibreOffice profile folder, made once and removed at exit.

    One profile a process: LibreOffice sets a new one up on each first start, and
    two instances sharing one (two pytest-xdist workers) would refuse each other.
    """
    folder = Path(tempfile.mkdtemp(prefix="briefpub-tests-soffice-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder / "profile"


def render_all(decks: list[Path]) -> list[list[Page]]:
    """Return the pages of each of ``decks``, converted by one LibreOffice run (seconds saved per deck)."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            "soffice",
            f"-env:UserInstallation={_profile().as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
        ]
        subprocess.run(
            [*command, "--outdir", tmp, *map(str, decks)],
            capture_output=True,
            check=True,
            timeout=600,
        )
        return [_pages(Path(tmp) / (deck.stem + ".pdf")) for deck in decks]


def _pdf(deck: Path, folder: Path) -> Path:
    """Convert ``deck`` to PDF with LibreOffice in ``folder``; return the PDF's path."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={_profile().as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(deck),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    return folder / (deck.stem + ".pdf")


def _pages(pdf: Path) -> list[Page]:
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


def low_contrast_words(deck: Path, dpi: int = 150) -> list[str]:
    """Return every word LibreOffice draws with too little contrast against the pixels behind it.

    For each word, the colour most of its box has is taken as the background
    and the pixel that differs most from it as the text's colour (a glyph's
    core); their WCAG ratio must reach 4.5, or 3 for words 18 pt and taller
    (the word's box is about 1.2 times its size).
    """
    import numpy
    from PIL import Image

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf = _pdf(deck, Path(tmp))
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(Path(tmp) / "page")], check=True, timeout=300
        )
        images = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        for number, (page, image_path) in enumerate(zip(_pages(pdf), images, strict=True), 1):
            image = numpy.asarray(Image.open(image_path).convert("RGB"))
            luminance = _luminance(image)
            packed = (image[..., 0].astype(numpy.int32) << 16) | (image[..., 1] << 8) | image[..., 2]
            scale = dpi / 72
            for word in page.words:
                left, top = round(word.x0 * scale), round(word.y0 * scale)
                right, bottom = round(word.x1 * scale), round(word.y1 * scale)
                if right <= left or bottom <= top:
                    continue
                colours, first, counts = numpy.unique(
                    packed[top:bottom, left:right], return_index=True, return_counts=True
                )
                if not len(colours):
                    continue
                # The commonest colour is the background; the pixel farthest from it, the glyph's core.
                background = luminance[top:bottom, left:right].reshape(-1)[first[numpy.argmax(counts)]]
                region = luminance[top:bottom, left:right]
                light, dark = numpy.maximum(region, background), numpy.minimum(region, background)
                ratio = float(((light + 0.05) / (dark + 0.05)).max())
                needed = 3.0 if (word.y1 - word.y0) >= 18 * 1.2 else 4.5
                if ratio < needed:
                    problems.append(f"slide {number}: {word.text!r} at {ratio:.1f}:1 (needs {needed:g})")
    return problems


def _luminance(image: Any) -> Any:
    """Return the WCAG relative luminance of every pixel of an RGB array."""
    import numpy

    channels = image.astype(numpy.float64) / 255
    linear = numpy.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return linear @ numpy.array([0.2126, 0.7152, 0.0722])


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


def text_over_artwork(deck: Path) -> list[str]:
    """Return every text shape of a slide that overlaps a picture or drawn shape of its layout or master.

    Full-slide backgrounds (90% of the slide and more) do not count, nor a
    shape the text box lies wholly inside (a panel the text sits on).
    """
    prs = Presentation(str(deck))
    area = prs.slide_width * prs.slide_height
    problems = []
    for number, slide in enumerate(prs.slides, 1):
        layout = slide.slide_layout
        owners = [layout]
        if layout._element.get("showMasterSp", "1") not in ("0", "false"):
            owners.append(layout.slide_master)
        artwork = [
            (shape.name, _extent(shape))
            for owner in owners
            for shape in owner.shapes
            if not shape.is_placeholder and shape.width * shape.height < 0.9 * area
        ]
        for shape in slide.shapes:
            if not (shape.has_text_frame and shape.text_frame.text.strip()):
                continue
            box = _extent(shape)
            for name, art in artwork:
                inside = art[0] <= box[0] and art[1] <= box[1] and box[2] <= art[2] and box[3] <= art[3]
                if not inside and box[0] < art[2] and art[0] < box[2] and box[1] < art[3] and art[1] < box[3]:
                    problems.append(f"slide {number}: {shape.name!r} overlaps {name!r}")
    return problems


def _extent(shape: object) -> tuple[int, int, int, int]:
    left, top = shape.left, shape.top  # type: ignore[attr-defined]
    return (left, top, left + shape.width, top + shape.height)  # type: ignore[attr-defined]
