"""python-pptx's private names, used here and nowhere else in briefpub.

python-pptx's public API builds slides, texts, tables and charts; what it does
not expose, the deck still needs: a paragraph's or run's XML (to set
``hangingPunct``, ``rtl``, a hyperlink on a run), a table's and a chart
axis's or series' XML, a relationship added without python-pptx's linear
search for an equal one, a slide id appended without reading every id, and
its package writer's three steps handed a zip whose entries carry one date
(so equal inputs give equal bytes).

**XPath compiled once.** python-pptx finds a shape's placeholder, a run's
properties and the like with ``BaseOxmlElement.xpath``, which hands the
expression to lxml to compile on every call: a seven-slide deck makes some
600 such calls, a third of writing it. :func:`_compiled_xpath` compiles each
expression once (``etree.XPath``, with python-pptx's own namespaces) and
evaluates that; the results are the same elements (a test compares the decks
byte for byte with the patch on and off). Upstream, ``xmlchemy`` could do the same.

**Fenced.** Every private name of python-pptx that briefpub relies on is
used in this module only and listed in :data:`PRIVATE_NAMES`, with the
version it was read against in :data:`CHECKED_WITH`; ``tests/test_pptxengine.py``
fails when another version drops or renames one, and when any other module
of briefpub touches a private attribute of a python-pptx object. Where
python-pptx has a public name for the same thing (``shape.element``,
``slide.shapes.element``, ``presentation.element``, ``chart.element``), the
other modules use that instead. The patch can be turned off with
``BRIEFPUB_ENGINE_PATCHES_OFF=pptx-xpath`` (or ``all``), as the PDF's can.

**Imports a deck never uses, deferred.** python-pptx imports modules at
start-up for paths a deck of briefpub's never takes; each is put off by a
stand-in (:mod:`briefpub.deferred`) that imports the real module on the first
use of one of its names, here and only here, before python-pptx is imported
(``briefpub.deck`` imports this module first). Switch: ``deferred-imports``.

**A PNG's size from its header.** python-pptx opens every picture with
Pillow to learn its format, pixel size and resolution, twice (the image,
then its part). For a PNG without a resolution chunk that is what the first
25 bytes say, so :class:`_PngHeaders` answers from them and hands anything
else to Pillow: a deck whose only pictures are SVG figures drawn as PNG (kept
from an earlier run) imports no Pillow at all (its import and plugins, some
15 ms). Same bytes, tested; switch: ``png-header``.
"""

from __future__ import annotations

import os
import urllib  # noqa: F401 - the package only (empty): its stand-in for urllib.request becomes its attribute
import zlib
from typing import Any

import PIL  # noqa: F401 - the package only (its version): the stand-ins below become its attributes

from briefpub.deferred import defer

CHECKED_WITH = {"python-pptx": "1.0.2"}
"""The python-pptx version whose private names below were read and tested."""

PRIVATE_NAMES = {
    "paragraph": ("pptx.text.text._Paragraph._p",),
    "run": ("pptx.text.text._Run._r",),
    "table": ("pptx.table.Table._tbl", "pptx.table._Cell"),
    "chart": ("pptx.chart.axis._BaseAxis._element", "pptx.chart.series._BaseSeries._element"),
    "relationships": ("pptx.opc.package._Relationships._add_relationship",),
    "slide-ids": ("pptx.oxml.presentation.CT_SlideIdList._add_sldId",),
    "pptx-xpath": ("pptx.oxml.ns._nsmap", "pptx.oxml.xmlchemy.BaseOxmlElement.xpath"),
    "png-header": ("pptx.parts.image.PIL_Image", "pptx.parts.image.Image._pil_props"),
    "package-writer": (
        "pptx.opc.package.OpcPackage._rels",
        "pptx.opc.serialized.PackageWriter._write_content_types_stream",
        "pptx.opc.serialized.PackageWriter._write_pkg_rels",
        "pptx.opc.serialized.PackageWriter._write_parts",
        "pptx.opc.package.OpcPackage.next_partname",  # public, but replaced (see :func:`name_parts_with`)
    ),
}
"""Each private name relied on, by what it serves (``module.Class.attribute``)."""

PATCHES = ("pptx-xpath", "deferred-imports", "png-header")
"""What this module changes in python-pptx, each switchable by name (``BRIEFPUB_ENGINE_PATCHES_OFF``)."""


def _patches_on() -> dict[str, bool]:
    off = {name.strip() for name in os.environ.get("BRIEFPUB_ENGINE_PATCHES_OFF", "").split(",")}
    return {name: "all" not in off and name not in off for name in PATCHES}


ON: dict[str, bool] = _patches_on()
"""Which patches are on: set from ``BRIEFPUB_ENGINE_PATCHES_OFF`` when this module is imported."""

DEFERRED = ("urllib.request", "PIL.Image", "PIL.ImageFont")
"""Modules python-pptx imports and a deck rarely or never uses, each stood in for until first used:

- ``urllib.request``: python-pptx imports ``xml.sax.saxutils`` for ``escape``,
  and saxutils imports the standard library's web client (with
  ``http.client``, ``email`` and ``ssl``: a fifth of python-pptx's import)
  for ``prepare_input_source``, which no deck calls;
- ``PIL.Image``: read (with its EXIF tables) for a picture's size, so only
  when a deck places a picture;
- ``PIL.ImageFont``: python-pptx's ``fit_text`` only (FreeType loaded);
  briefpub measures text itself (:mod:`briefpub.deck.textfit`).
"""

if ON["deferred-imports"]:
    for _module in DEFERRED:
        defer(_module)

from lxml import etree  # noqa: E402 - python-pptx after the stand-ins
from pptx.oxml import xmlchemy  # noqa: E402
from pptx.oxml.ns import _nsmap  # noqa: E402
from pptx.parts import image as image_parts  # noqa: E402

_XPATHS: dict[str, Any] = {}
_PYTHON_PPTX_XPATH = xmlchemy.BaseOxmlElement.xpath


def _compiled_xpath(self: Any, xpath_str: str) -> Any:
    """``BaseOxmlElement.xpath``, with each expression compiled once."""
    compiled = _XPATHS.get(xpath_str)
    if compiled is None:
        compiled = _XPATHS[xpath_str] = etree.XPath(xpath_str, namespaces=_nsmap)
    return compiled(self)


if ON["pptx-xpath"]:
    xmlchemy.BaseOxmlElement.xpath = _compiled_xpath  # type: ignore[method-assign]


_PNG = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int] | None:
    """Return a PNG's width and height when its chunks before the pixels are whole and name no resolution.

    None for anything else (not a PNG, a chunk cut short or with a wrong
    checksum, a ``pHYs`` chunk): Pillow is asked then.
    """
    if data[:8] != _PNG:
        return None
    size = None
    at = 8
    while at + 12 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if len(body) != length or at + 12 + length > len(data):
            return None
        if kind == b"IDAT":
            return size
        if kind == b"pHYs" or (size is None and (kind != b"IHDR" or length != 13)):
            return None
        if zlib.crc32(data[at + 4 : at + 8 + length]) != int.from_bytes(
            data[at + 8 + length : at + 12 + length], "big"
        ):
            return None
        if kind == b"IHDR":
            size = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            if not all(size):
                return None
        at += 12 + length
    return None


class _PngHeader:
    """What python-pptx reads of an opened picture (Pillow's names): a PNG at 72 dpi."""

    format = "PNG"

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self.info: dict[str, Any] = {}


class _PngHeaders:
    """Stands in for ``PIL.Image`` in python-pptx's image part: a plain PNG is measured from its header."""

    def __init__(self, pillow: Any) -> None:
        self.pillow = pillow

    def open(self, stream: Any) -> Any:
        """Return Pillow's image, or for a PNG :func:`png_size` reads, what python-pptx reads of it."""
        size = png_size(stream.getvalue())
        return _PngHeader(size) if size is not None else self.pillow.open(stream)


if ON["png-header"]:
    setattr(image_parts, "PIL_Image", _PngHeaders(getattr(image_parts, "PIL_Image")))  # noqa: B009, B010


def paragraph_xml(paragraph: Any) -> Any:
    """Return a python-pptx paragraph's ``a:p`` element."""
    return paragraph._p


def run_xml(run: Any) -> Any:
    """Return a python-pptx run's ``a:r`` element."""
    return run._r


def table_xml(table: Any) -> Any:
    """Return a python-pptx table's ``a:tbl`` element."""
    return table._tbl


def table_cell(tc: Any, table: Any) -> Any:
    """Return the cell proxy of the ``a:tc`` element ``tc`` of ``table`` (walking rows without indexing)."""
    from pptx.table import _Cell

    return _Cell(tc, table)


def chart_part_xml(item: Any) -> Any:
    """Return the XML element of a chart's axis or series (``c:valAx``, ``c:ser``…)."""
    return item._element


def add_relationship(rels: Any, reltype: str, target: Any, is_external: bool = False) -> str:
    """Return the rId of a new relationship from ``rels`` to ``target``, without looking for an equal one.

    python-pptx's ``relate_to`` compares the target with every relationship of
    the part first; a new slide or a link counted by the caller has none to match.
    """
    return str(rels._add_relationship(reltype, target, is_external))


def add_slide_id(slide_ids: Any, slide_id: int, rid: str) -> None:
    """Append ``p:sldId`` with ``slide_id`` and ``rid`` to the presentation's ``p:sldIdLst``."""
    slide_ids._add_sldId(id=slide_id, rId=rid)


def name_parts_with(package: Any, next_partname: Any) -> None:
    """Have ``package`` name its new parts (slides, notes slides) with ``next_partname(template)``."""
    package.next_partname = next_partname


def write_package(package: Any, out: Any, zip_writer: Any) -> None:
    """Write ``package``'s content types, relationships and parts, in python-pptx's order, to ``zip_writer``.

    ``zip_writer`` is anything with python-pptx's ``write(pack_uri, blob)``;
    ``out`` is the file the writer would otherwise have opened.
    """
    from pptx.opc.serialized import PackageWriter

    writer: Any = PackageWriter(out, package._rels, tuple(package.iter_parts()))
    writer._write_content_types_stream(zip_writer)
    writer._write_pkg_rels(zip_writer)
    writer._write_parts(zip_writer)
