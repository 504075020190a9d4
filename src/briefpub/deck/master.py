"""The deck template: opening a .pptx/.potx master, finding its layouts, saving reproducibly.

Everything here is about the user's PowerPoint file, not about briefings;
``slides.py`` builds the slides on top of it.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation

from briefpub.errors import TemplateError, Warn
from briefpub.files import UnreadableFile, display_path, read_regular
from briefpub.deck.package import clean_template

PACKAGE_DECK = Path(__file__).parent.parent / "templates" / "deck.pptx"
DEFAULT_LAYOUTS: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide",),
    "key_points": ("Title and Content",),
    "agenda": ("Title and Content",),
    "question": ("Question", "Title and Content"),  # the packaged deck has a "Question" layout
}
_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_DECK_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


MAX_TEMPLATE_BYTES = 100_000_000
"""The largest deck master read (real ones with photographs are a few MB)."""


def open_template(path: Path, warn: Warn | None = None) -> Any:
    """Return the presentation in a deck master, cleaned (see :mod:`briefpub.deck.package`) and without slides.

    The package is told by its content, so a .potx named .pptx (or the reverse)
    opens; what cleaning removed is reported through ``warn`` in one line.
    """
    display = display_path(path)
    try:
        data = read_regular(path, MAX_TEMPLATE_BYTES)
    except UnreadableFile as exc:
        raise TemplateError.at(display, None, f"deck template {exc}") from None
    clean, removed = clean_template(data, display)
    for message in removed:
        if warn is not None:
            warn(message)
    try:
        return Presentation(io.BytesIO(clean))
    except (KeyError, ValueError, AttributeError, TypeError, etree.XMLSyntaxError) as exc:
        raise TemplateError.at(display, None, f"not a usable PowerPoint template ({exc})") from None


def describe_template(path: Path) -> str:
    """Return the layouts of a deck template and their placeholders, for writing [slides.layouts]."""
    deck = open_template(path)
    inch = 914400
    lines = [
        f"{path}: {len(deck.slide_layouts)} layouts, slide {deck.slide_width / inch:.2f} x "
        f"{deck.slide_height / inch:.2f} in"
    ]
    for layout in deck.slide_layouts:
        roles = [role for role, names in DEFAULT_LAYOUTS.items() if layout.name in names]
        used = f"  (default for: {', '.join(roles)})" if roles else ""
        lines.append(f"layout {layout.name!r}{used}")
        for ph in layout.placeholders:
            kind = ph.placeholder_format.type
            kind_name = kind.name if kind is not None else "?"
            lines.append(
                f"  idx {ph.placeholder_format.idx:<3} {kind_name:<13} {ph.name!r:<28} "
                f"{(ph.width or 0) / inch:5.2f} x {(ph.height or 0) / inch:4.2f} in "
                f"at ({(ph.left or 0) / inch:.2f}, {(ph.top or 0) / inch:.2f})"
            )
    lines.append(
        "A layout needs a title placeholder, and a body, object or subtitle one for the text; map roles with"
    )
    lines.append('[slides.layouts] title = "...", key_points = "...", agenda = "...", question = "..."')
    return "\n".join(lines)


def theme_fonts(deck: Any) -> dict[bool, str | None]:
    """Return the master theme's body (False) and heading (True) Latin typefaces."""
    from pptx.opc.constants import RELATIONSHIP_TYPE

    fonts: dict[bool, str | None] = {False: None, True: None}
    try:
        theme = deck.slide_master.part.part_related_by(RELATIONSHIP_TYPE.THEME)
    except KeyError:
        return fonts
    root = etree.fromstring(theme.blob)
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for heading, kind in ((True, "majorFont"), (False, "minorFont")):
        latin = root.find(f".//{ns}{kind}/{ns}latin")
        if (
            latin is not None
            and latin.get("typeface", "").strip()
            and not latin.get("typeface", "").startswith("+")
        ):
            fonts[heading] = latin.get("typeface")
    return fonts


def save(deck: Any, stamp: datetime.datetime) -> bytes:
    """Return the deck as .pptx bytes with ``stamp`` on every zip entry, so equal inputs give equal bytes.

    The extended properties are written anew: the master's ``app.xml`` counts
    the master's slides, not the deck's.
    """
    buffer = io.BytesIO()
    deck.save(buffer)
    notes = sum(1 for slide in deck.slides if slide.has_notes_slide)
    app = {"docProps/app.xml": _app_xml(len(deck.slides), notes)}
    return reproducible_zip(buffer.getvalue(), stamp, app)


def _app_xml(slides: int, notes: int) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>briefpub</Application><Slides>{slides}</Slides><Notes>{notes}</Notes>"
        "</Properties>"
    ).encode()


def reproducible_zip(data: bytes, stamp: datetime.datetime, replace: dict[str, bytes] | None = None) -> bytes:
    """Return the package with fixed timestamps on every entry (and ``replace``'s entries swapped in)."""
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, replace.get(info.filename) or src.read(info.filename))
    return out.getvalue()
