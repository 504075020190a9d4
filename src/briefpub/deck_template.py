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
from pptx.oxml.ns import qn

from briefpub.errors import TemplateError

PACKAGE_DECK = Path(__file__).parent / "templates" / "deck.pptx"
DEFAULT_LAYOUTS: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide",),
    "key_points": ("Title and Content",),
    "agenda": ("Title and Content",),
    "question": ("Question", "Title and Content"),  # the packaged deck has a "Question" layout
}
_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_DECK_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def open_template(path: Path) -> Any:
    """Return the presentation in a .pptx or .potx file; a .potx is opened as a deck."""
    display = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError.at(display, None, f"cannot read the deck template: {exc.strerror}") from None
    try:
        if path.suffix.lower() == ".potx":
            data = _potx_as_pptx(data)
        return Presentation(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise TemplateError.at(display, None, f"not a usable PowerPoint template ({exc})") from None


def describe_template(path: Path) -> str:
    """Return the layouts of a deck template and their placeholders, for writing [slides.layouts]."""
    deck = open_template(path)
    inch = 914400
    lines = [
        f"{path}: {len(deck.slide_layouts)} layouts, slide {deck.slide_width / inch:.2f} x "
        f"{deck.slide_height / inch:.2f} in, {len(deck.slides)} slides (removed when publishing)"
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


def _potx_as_pptx(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(_TEMPLATE_TYPE.encode(), _DECK_TYPE.encode())
            dst.writestr(info, blob)
    return out.getvalue()


def remove_slides(deck: Any) -> None:
    """Drop the template's own slides, and the sections and custom shows that list them."""
    id_list = deck.slides._sldIdLst
    for slide_id in list(id_list):
        id_list.remove(slide_id)
        deck.part.drop_rel(slide_id.rId)
    root = deck.part._element
    for name in ("p:custShowLst",):
        for element in root.findall(qn(name)):
            root.remove(element)
    for section_list in root.iter("{http://schemas.microsoft.com/office/powerpoint/2010/main}sectionLst"):
        ext = section_list.getparent()
        ext.getparent().remove(ext)


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
    """Return the deck as .pptx bytes with ``stamp`` on every zip entry, so equal inputs give equal bytes."""
    buffer = io.BytesIO()
    deck.save(buffer)
    return reproducible_zip(buffer.getvalue(), stamp)


def reproducible_zip(data: bytes, stamp: datetime.datetime) -> bytes:
    """Return the package with fixed timestamps on every entry, so equal inputs give equal bytes."""
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
