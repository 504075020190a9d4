"""Fitting text into slide boxes by measuring it with the font's real advance widths.

PowerPoint's autofit only acts once someone edits the text, and python-pptx's
``fit_text()`` cannot find fonts on Linux, so briefpub wraps each text itself
and picks the largest size between a maximum and a minimum that fits.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefpub.deck.faces import BY_LENGTH, METRIC_TWINS, PACKAGED, SCALED, Scaled

FONTS = Path(__file__).parent.parent / "fonts"
LINE_SPACING = 1.2
"""Line pitch as a multiple of the font size; slides set it exactly, so measurement and rendering agree."""
PARAGRAPH_GAP = 0.45
"""Space before each paragraph after the first, as a multiple of the font size."""
DESCENT_ALLOWANCE = 0.25
"""Extra room under the last line, as a multiple of the size: glyph boxes reach below the line pitch."""
SAFETY = 0.96
"""Share of the measured line width that text may fill: room for renderers' rounding and kerning."""

_STAND_IN_WIDENING = 1.2
"""How much wider than Calibri a font nothing is known of is assumed to be (Verdana is about 1.25)."""
# Runs of breaking spaces, and runs of anything else: no-break spaces stay inside words.
_BREAK = re.compile(r"[^\S\u00a0\u202f\u2007]+|(?:[^\s]|[\u00a0\u202f\u2007])+")
# Characters a line may not start with, and ones it may not end with (CJK line breaking).
_NO_BREAK_BEFORE = set(
    "、。，．：；？！）」』】〉》〕｝］゛゜ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ…‥・”’,.:;?!)]}%"
)
_NO_BREAK_SPACE = {"\u00a0", "\u202f", "\u2007"}
_NO_BREAK_AFTER = set("（「『【〈《〔｛［“‘([{")


@dataclass(frozen=True)
class Font:
    """Advance widths of one font face, in ems, with a cautious guess for glyphs it lacks."""

    name: str
    """The family measured (may be a metric twin of the family asked for)."""
    widths: Mapping[int, float]
    """Advance width per code point, in ems."""
    stand_in: bool = False
    """True when neither the family asked for nor a metric twin of it was found (see ``note``)."""
    note: str = ""
    """For a stand-in: whose widths measure it, and how close they are (said in a warning)."""

    def advance(self, char: str) -> float:
        """Return the advance of ``char`` in ems; wide (CJK) and unknown glyphs get a generous width."""
        width = self.widths.get(ord(char))
        if width is not None:
            return width
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            return 0.0
        if unicodedata.east_asian_width(char) in ("W", "F"):
            return 1.0
        if ord(char) >= 0x1F000:  # emoji and pictographs
            return 1.25
        return 0.65

    def width(self, text: str) -> float:
        """Return the advance of ``text`` in ems."""
        return sum(self.advance(c) for c in text)


@dataclass(frozen=True)
class Face:
    """A font as a placeholder sets it: its metrics, whether in capitals, and extra space per character."""

    font: Font
    caps: bool = False
    """``cap="all"``: every letter is measured as its capital."""
    tracking: float = 0.0
    """Extra space after each character, in points (the run's ``spc``)."""
    _ems: dict[str, float] = field(default_factory=dict, compare=False, repr=False)
    """Each text's advance measured once, whatever sizes are tried after."""

    def width(self, text: str, size: float) -> float:
        """Return the advance of ``text`` at ``size`` points, in ems."""
        ems = self._ems.get(text)
        if ems is None:
            ems = self._ems[text] = self.font.width(text.upper() if self.caps else text)
        return ems + len(text) * self.tracking / size if self.tracking else ems


Measured = Face | Font
Styled = tuple[tuple[str, Face], ...]
"""A paragraph in several faces (bold, italic, code runs): each piece measured in its own."""
Paragraph = str | Styled


def _face(measured: Measured) -> Face:
    return measured if isinstance(measured, Face) else Face(measured)


@functools.cache
def load_font(path: Path, name: str) -> Font:
    """Return the advance widths of the font file at ``path``."""
    import logging

    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # it chats about odd timestamps
    with TTFont(path, lazy=True, fontNumber=0) as face:
        units = face["head"].unitsPerEm
        advances = face["hmtx"].metrics
        widths = {cp: advances[glyph][0] / units for cp, glyph in face.getBestCmap().items()}
    return Font(name, widths)


@functools.cache
def packaged(family: str, bold: bool) -> Font | None:
    """Return the shipped widths of ``family`` (see :data:`PACKAGED`), None when none ship."""
    name = next((known for known in PACKAGED if known.lower() == family.lower()), None)
    if name is None:
        return None
    data = _metrics(FONTS / f"{name.lower().replace(' ', '-')}-metrics.json")
    units = data["units_per_em"]
    table = data["bold" if bold else "regular"]
    return Font(name, {int(cp): width / units for cp, width in table.items()})


@functools.lru_cache(maxsize=2)
def _metrics(path: Path) -> Any:
    """Return a shipped metrics file as read: both weights of a family come from one reading (0.6 ms each)."""
    return json.loads(path.read_text(encoding="utf-8"))


def carlito(bold: bool) -> Font:
    """Return the packaged widths of Carlito, Calibri's metric twin (no font file, no fontTools)."""
    found = packaged("Carlito", bold)
    assert found is not None
    return found


@functools.cache
def find_font(family: str | None, bold: bool = False, italic: bool = False) -> Font:
    """Return metrics for ``family``: its own, its metric twin's, a stand-in's, else widened Carlito's.

    In that order: the family installed; its twin (Carlito for Calibri…)
    installed or shipped; for a face with no twin, the shipped widths of
    another, scaled to it (see :mod:`briefpub.deck.faces`); for a face
    nothing is known of, Carlito's widened by a fifth. Calibri and Carlito
    are measured from the shipped table (its upright widths stand for
    italics, which are no wider), so a default deck never starts fontconfig.
    """
    if not family or family.lower() in ("calibri", "carlito"):
        return carlito(bold)
    twin = METRIC_TWINS.get(family.lower(), "")
    for name in filter(None, [family, twin]):
        path = _fontconfig_lookup(name, bold, italic)
        if path is not None:
            return load_font(path, name)
        shipped = packaged(name, bold)
        if shipped is not None:
            return shipped
    lowered = family.lower()
    start = next((start for start in BY_LENGTH if lowered.startswith(start)), None)
    if start is not None:
        return _scaled(family, SCALED[start], bold)
    narrow = carlito(bold)
    return Font(
        family,
        {cp: width * _STAND_IN_WIDENING for cp, width in narrow.widths.items()},
        stand_in=True,
        note=f"Carlito's widths widened by {_STAND_IN_WIDENING - 1:.0%}, a cautious guess: "
        "text may be set smaller than it needs",
    )


def _scaled(family: str, twin: Scaled, bold: bool) -> Font:
    """Return ``family`` measured with ``twin``'s shipped widths times its factor."""
    shipped = packaged(twin.widths, bold)
    assert shipped is not None
    scale = twin.scale(bold)
    widths = {cp: width * scale for cp, width in shipped.widths.items()} if scale != 1 else shipped.widths
    scaled = f" x {scale:.3g}" if scale != 1 else ""
    note = f"{twin.widths}'s widths{scaled} ({twin.error})"
    return Font(family, widths, stand_in=not twin.exact, note=note)


def _fontconfig_lookup(family: str, bold: bool, italic: bool = False) -> Path | None:
    from briefpub import fontconfig  # only for fonts other than Calibri's twin

    style = f":weight={'bold' if bold else 'regular'}{':slant=italic' if italic else ''}"
    pattern = fontconfig.escaped(family) + style
    names, path = fontconfig.match(pattern)
    if path is None or not fontconfig.has(names, family):
        return None
    return path if path.suffix.lower() in (".ttf", ".otf", ".ttc") and path.is_file() else None


def wrap(text: Paragraph, measured: Measured, size: float, width: float) -> list[str]:
    """Return ``text`` broken into lines no wider than ``width`` points at ``size`` points.

    Breaks at spaces, as PowerPoint and LibreOffice do; CJK text and a word
    longer than a line break between characters. A :data:`Styled` paragraph
    is measured piece by piece, each in its own face.
    """
    tokens: Sequence[str]
    breaks: Sequence[bool]
    if isinstance(text, str):
        face = _face(measured)
        tokens, breaks = _tokens(text), _breaks(text)
        advances = [face.width(token, size) for token in tokens]
        faces: Sequence[Sequence[tuple[str, Face]]] | None = None
    else:
        tokens, breaks, advances, faces = _styled_units(text, size)
    limit = width * SAFETY / size  # in ems
    lines: list[str] = []
    line, used = "", 0.0
    for index, token in enumerate(tokens):
        advance = advances[index]
        if breaks[index]:
            if line:
                line, used = line + token, used + advance
            continue
        if used + advance > limit and line:
            lines.append(line.rstrip())
            line, used = "", 0.0
        if advance <= limit:
            line, used = line + token, used + advance
            continue
        # A word wider than the line: break between characters, each in its own face.
        for part, part_face in faces[index] if faces is not None else ((token, face),):
            for char in part:
                step = part_face.width(char, size)
                if used + step > limit and line:
                    lines.append(line)
                    line, used = "", 0.0
                line, used = line + char, used + step
    lines.append(line.rstrip())
    return lines


def natural_width(text: Paragraph, measured: Measured, size: float) -> float:
    """Return the width in points of ``text`` set on one line at ``size`` points."""
    pieces = ((text, _face(measured)),) if isinstance(text, str) else text
    return sum(face.width(piece, size) for piece, face in pieces) * size


def longest_word(text: Paragraph, measured: Measured, size: float) -> float:
    """Return the width in points of the widest word of ``text`` at ``size`` points (0 for no word)."""
    pieces = ((text, _face(measured)),) if isinstance(text, str) else text
    return max(
        (face.width(word, size) * size for piece, face in pieces for word in piece.split()), default=0.0
    )


def _styled_units(
    pieces: Styled, size: float
) -> tuple[list[str], list[bool], list[float], list[tuple[tuple[str, Face], ...]]]:
    """Return the words and spaces of a paragraph in several faces, each measured in its own.

    A word split between two pieces (``**Escal**ation``) stays one word: its
    parts are measured in their faces and kept together.
    """
    tokens: list[str] = []
    breaks: list[bool] = []
    advances: list[float] = []
    faces: list[tuple[tuple[str, Face], ...]] = []
    for text, face in pieces:
        for position, token in enumerate(_tokens(text)):
            advance, is_break = face.width(token, size), _is_break(token)
            if position == 0 and tokens and not is_break and not breaks[-1]:
                tokens[-1] += token
                advances[-1] += advance
                faces[-1] = (*faces[-1], (token, face))
            else:
                tokens.append(token)
                breaks.append(is_break)
                advances.append(advance)
                faces.append(((token, face),))
    return tokens, breaks, advances, faces


@functools.lru_cache(maxsize=4096)
def _breaks(text: str) -> tuple[bool, ...]:
    """Return, for each of ``text``'s tokens, whether a line may break there (cached like the tokens)."""
    return tuple(_is_break(token) for token in _tokens(text))


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """Return words and spaces; each wide (CJK) character is a word of its own.

    Line-breaking rules (kinsoku) keep closing punctuation with the character
    before it and opening brackets with the one after, as renderers do.
    Cached: a text is wrapped at every size the fitting tries.
    """
    out: list[str] = []
    for token in _BREAK.findall(text):
        if _is_break(token) or not any(_wide(c) for c in token):
            out.append(token)
            continue
        pieces: list[str] = []
        for char in token:
            glue = pieces and (char in _NO_BREAK_BEFORE or pieces[-1][-1] in _NO_BREAK_AFTER)
            if pieces and (glue or not (_wide(char) or _wide(pieces[-1][-1]))):
                pieces[-1] += char
            else:
                pieces.append(char)
        out.extend(pieces)
    return tuple(out)


def _is_break(token: str) -> bool:
    """Return whether ``token`` is space a line may break at (a no-break space is not)."""
    return token.isspace() and not _NO_BREAK_SPACE.intersection(token)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


Widths = float | Sequence[float]
"""The width text may take: one for every paragraph, or each paragraph's own (a bullet takes room)."""


def width_of(widths: Widths, index: int) -> float:
    """Return the width of the paragraph at ``index``."""
    return widths if isinstance(widths, int | float) else widths[index]


def text_height(paragraphs: Sequence[Paragraph], font: Measured, size: float, width: Widths) -> float:
    """Return the height in points of ``paragraphs`` set at ``size`` in a box ``width`` points wide."""
    lines = sum(len(wrap(p, font, size, width_of(width, n))) for n, p in enumerate(paragraphs))
    return lines_height(lines, len(paragraphs), size)


def lines_height(lines: int, paragraphs: int, size: float) -> float:
    """Return the height in points of ``lines`` lines in ``paragraphs`` paragraphs at ``size`` points."""
    gaps = max(paragraphs - 1, 0)
    return (lines * LINE_SPACING + gaps * PARAGRAPH_GAP + DESCENT_ALLOWANCE) * size


def fit_size(
    paragraphs: Sequence[Paragraph],
    font: Measured,
    width: Widths,
    height: float,
    largest: float,
    smallest: float,
) -> float | None:
    """Return the largest size from ``largest`` down to ``smallest`` that fits, else None.

    Sizes go in whole points above 16 pt and half points below; the search is
    binary, since a larger size never needs less room.
    """
    sizes = _sizes(largest, smallest)
    low, high = 0, len(sizes)  # sizes[:low] are known not to fit
    while low < high:
        middle = (low + high) // 2
        if text_height(paragraphs, font, sizes[middle], width) <= height:
            high = middle
        else:
            low = middle + 1
    return sizes[low] if low < len(sizes) else None


def smallest_size(largest: float, smallest: float) -> float | None:
    """Return the smallest size :func:`fit_size` tries between ``largest`` and ``smallest``, or None.

    A text fits at some size of the range exactly when it fits at this one.
    """
    sizes = _sizes(largest, smallest)
    return sizes[-1] if sizes else None


def _sizes(largest: float, smallest: float) -> list[float]:
    sizes, size = [], largest
    while size >= smallest:
        sizes.append(size)
        size -= 0.5 if size <= 16 else 1.0
    return sizes


FLOOR_PT = 6.0
"""Below this no text is legible: a text that needs less is refused, not printed."""


def shrink_to_fit(
    paragraphs: Sequence[Paragraph], font: Measured, width: Widths, height: float, start: float
) -> float | None:
    """Return the largest size below ``start`` that fits, down to :data:`FLOOR_PT`, else None."""
    return fit_size(paragraphs, font, width, height, start, FLOOR_PT)
