"""The colours a table style gives a table's bands: header row, odd and even rows, fill and text.

A table on a slide takes the master's default table style (``tableStyles.xml``
``def``), or PowerPoint's own Medium Style 2 in the first accent where the
master names none. The style sets a fill and a text colour per band from the
theme: on a master whose first accent is light, its header row is light text
on a light fill (1.4:1). The plan reads the bands here and
:mod:`briefpub.deck.contrast` keeps the style's text colour where it reads,
choosing another of the master's where it does not.

The built-in styles are not written in the file when a master only names
them: the Medium Style 2 family (PowerPoint's default for new tables) and the
two plain styles are known here; a style the file defines is read from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from briefpub.deck.colours import COLOUR_TAGS, Palette, colour, fill_colour, hex_of

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

DEFAULT_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"
"""Medium Style 2 - Accent 1: PowerPoint's (and python-pptx's) style for a new table."""

MAX_STYLES_BYTES = 2_000_000
"""The largest ``tableStyles.xml`` read (a real one is a few kB; PowerPoint's full set is 200 kB)."""

_MEDIUM_2 = {
    "{073A0DAA-6AF3-43AB-8588-CEC1D06C72B9}": "dk1",
    DEFAULT_STYLE: "accent1",
    "{21E4AEA4-8DFA-4A89-87EB-49C32662AFE8}": "accent2",
    "{F5AB1C69-6EDB-4FF4-983F-18BD219EF322}": "accent3",
    "{00A15C55-8517-42AA-B614-E9B94910E393}": "accent4",
    "{7DF18680-E054-41AD-8BC1-D1AEF772440D}": "accent5",
    "{93296810-A885-4BE3-A3E7-6D5BEEA58F35}": "accent6",
}
"""The Medium Style 2 family by style id: the scheme colour each is drawn in."""
_PLAIN = ("{5940675A-B579-460E-94D1-54222C63F5DA}", "{2D5ABB26-0587-4C30-8999-92F81FD0307C}")
"""No Style, Table Grid and No Style, No Grid: text in ``tx1`` on the slide itself."""

BANDS = ("header", "odd", "even")
"""The bands a briefpub table shows: its header row, then body rows alternating from the first."""


@dataclass(frozen=True)
class Band:
    """One band of a table as its style draws it."""

    text: str
    """The text colour (hex)."""
    fill: str | None
    """The cells' solid fill (hex); None where the slide shows through."""
    bold: bool = False


def read_styles(deck: Any) -> tuple[str, bytes | None]:
    """Return the id of the style a new table takes on ``deck`` and the master's ``tableStyles.xml``.

    The style is the file's ``def`` where it names one in braces, else
    :data:`DEFAULT_STYLE`; the part is None where the master has none (or
    one too large to be a table style list).
    """
    from pptx.opc.constants import RELATIONSHIP_TYPE

    try:
        blob: bytes = deck.part.part_related_by(RELATIONSHIP_TYPE.TABLE_STYLES).blob
    except KeyError:
        return DEFAULT_STYLE, None
    if len(blob) > MAX_STYLES_BYTES:
        return DEFAULT_STYLE, None
    root = _parse(blob)
    named = root.get("def") if root is not None else None
    style = named if named and len(named) <= 40 and named.startswith("{") else DEFAULT_STYLE
    return style, blob


def bands(style: str, styles: bytes | None, colours: Palette) -> dict[str, Band] | None:
    """Return the header, odd and even bands of table style ``style`` under ``colours``.

    A style the file defines is read from it (its ``wholeTbl``, ``band1H``,
    ``band2H`` and ``firstRow``); one of PowerPoint's it only names, from
    what this module knows of it. None for a style neither says anything of.
    """
    root = _parse(styles) if styles else None
    defined = (
        next((s for s in root.iterfind(f"{_A}tblStyle") if s.get("styleId") == style), None)
        if root is not None
        else None
    )
    if defined is not None:
        return _read(defined, colours)
    if style in _PLAIN:
        text = colours.get("tx1", "000000")
        return {band: Band(text, None, band == "header") for band in BANDS}
    accent = _MEDIUM_2.get(style)
    if accent is None:
        return None
    base = colours.get(accent, "000000")
    dark, light = colours.get("dk1", "000000"), colours.get("lt1", "FFFFFF")
    return {
        "header": Band(light, base, bold=True),
        "odd": Band(dark, _tint(base, 0.4)),
        "even": Band(dark, _tint(base, 0.2)),
    }


def _read(style: Any, colours: Palette) -> dict[str, Band]:
    """Return the bands of a style the file defines: each band over the whole table's defaults."""

    def part(name: str) -> tuple[str | None, str | None, bool | None]:
        element = style.find(f"{_A}{name}")
        if element is None:
            return None, None, None
        text_style = element.find(f"{_A}tcTxStyle")
        text = None
        bold = None
        if text_style is not None:
            found = next((child for child in text_style if child.tag in COLOUR_TAGS), None)
            rgb = colour(found, colours) if found is not None else None
            text = hex_of(rgb) if rgb is not None else None
            bold = text_style.get("b") == "on" if text_style.get("b") else None
        filled = fill_colour(element.find(f"{_A}tcStyle/{_A}fill"), colours)
        fill = hex_of(filled[0]) if filled is not None and filled[1] >= 0.5 else None
        return text, fill, bold

    whole_text, whole_fill, whole_bold = part("wholeTbl")
    text = whole_text or colours.get("tx1", "000000")
    found = {}
    for band, name in zip(BANDS, ("firstRow", "band1H", "band2H"), strict=True):
        own_text, own_fill, own_bold = part(name)
        found[band] = Band(
            own_text or text,
            own_fill or whole_fill,
            bool(own_bold if own_bold is not None else whole_bold or band == "header"),
        )
    return found


def _tint(hex_value: str, amount: float) -> str:
    """Return ``hex_value`` with DrawingML's ``tint`` of ``amount`` (1 keeps it, 0 is white)."""
    element = etree.Element(f"{_A}srgbClr", val=hex_value)
    etree.SubElement(element, f"{_A}tint", val=str(round(amount * 100_000)))
    rgb = colour(element, {})
    return hex_of(rgb) if rgb is not None else hex_value


def _parse(blob: bytes) -> Any | None:
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.fromstring(blob, parser)
    except etree.XMLSyntaxError:
        return None
