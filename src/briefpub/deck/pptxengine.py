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
Likewise ``qn("a:rPr")``, a tag in Clark's notation, which python-pptx works
out anew on every call (a string subclass made and split: some 2,300 calls a
deck, looking for a child among its possible successors): :func:`_known_qn`
remembers each answer. Switch: ``pptx-qn``.

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
stand-in (:mod:`briefpub.startup.deferred`) that imports the real module on the first
use of one of its names, here and only here, before python-pptx is imported
(``briefpub.deck`` imports this module first). Switch: ``pptx-deferred-imports``.
python-pptx's chart stack (element classes, chart part, proxies, enums) is
stood in for too, until a deck makes a chart or its master holds one
(:class:`_Charts`); switch: ``deferred-charts``.

**A PNG's size from its header.** python-pptx opens every picture with
Pillow to learn its format, pixel size and resolution, twice (the image,
then its part). For a PNG without a resolution chunk that is what the first
25 bytes say, so :class:`_PngHeaders` answers from them and hands anything
else to Pillow: a deck whose only pictures are SVG figures drawn as PNG (kept
from an earlier run) imports no Pillow at all (its import and plugins, some
15 ms). Same bytes, tested; switch: ``png-header``.
"""

from __future__ import annotations

import copy
import functools
import importlib
import importlib.machinery
import sys
import threading
import urllib  # noqa: F401 - the package only (empty): its stand-in for urllib.request becomes its attribute
import zlib
from types import ModuleType
from typing import Any

import PIL  # noqa: F401 - the package only (its version): the stand-ins below become its attributes

from briefpub.startup.deferred import Deferred, defer
from briefpub.startup.patches import FENCES, switched_on

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
    "pptx-qn": ("pptx.oxml.ns.qn",),  # public, but replaced in every module of python-pptx's that took it
    "png-header": ("pptx.parts.image.PIL_Image", "pptx.parts.image.Image._pil_props"),
    "deferred-charts": (  # public names, but what the chart stack's stand-ins rely on (see :class:`_Charts`)
        "pptx.oxml.element_class_lookup",
        "pptx.opc.package.PartFactory.part_type_for",
        "pptx.parts.chart.ChartPart.load",
        "pptx.parts.chart.ChartPart.new",
    ),
    "notes-copies": (  # public, but what a copied notes slide repeats of python-pptx's making one
        "pptx.parts.slide.NotesSlidePart.new",
        "pptx.parts.slide.SlidePart.notes_slide",
        "pptx.parts.presentation.PresentationPart.notes_master_part",
        "pptx.slide.NotesSlide.clone_master_placeholders",
    ),
    "slide-copies": (  # public, but what a copied slide repeats of python-pptx's making one
        "pptx.parts.slide.SlidePart.new",
        "pptx.shapes.shapetree.SlideShapes.clone_layout_placeholders",
    ),
    "package-writer": (
        "pptx.opc.package.OpcPackage._rels",
        "pptx.opc.serialized.PackageWriter._write_content_types_stream",
        "pptx.opc.serialized.PackageWriter._write_pkg_rels",
        "pptx.opc.serialized.PackageWriter._write_parts",
        "pptx.opc.package.OpcPackage.next_partname",  # public, but replaced (see :func:`name_parts_with`)
    ),
}
"""Each private name relied on, by what it serves (``module.Class.attribute``)."""

PATCHES = FENCES["briefpub.deck.pptxengine"]
"""What this module changes, each switchable by name: its entry in :data:`briefpub.startup.patches.FENCES`."""


ON: dict[str, bool] = switched_on(PATCHES)
"""Which patches are on: set from ``BRIEFPUB_ENGINE_PATCHES_OFF`` when this module is imported."""

DEFERRED = ("urllib.request", "PIL.Image", "PIL.ImageFont", "textwrap", "bz2", "lzma")
"""Modules python-pptx imports and a deck rarely or never uses, each stood in for until first used:

- ``urllib.request``: python-pptx imports ``xml.sax.saxutils`` for ``escape``,
  and saxutils imports the standard library's web client (with
  ``http.client``, ``email`` and ``ssl``: a fifth of python-pptx's import)
  for ``prepare_input_source``, which no deck calls;
- ``PIL.Image``: read (with its EXIF tables) for a picture's size, so only
  when a deck places a picture;
- ``PIL.ImageFont``: python-pptx's ``fit_text`` only (FreeType loaded);
  briefpub measures text itself (:mod:`briefpub.deck.textfit`);
- ``textwrap``: python-pptx's enumerations import it to format their
  documentation pages;
- ``bz2`` and ``lzma``: python-pptx's package reader and writer import
  ``zipfile``, which (and ``shutil``, which it imports) import them for zip
  members compressed so, which no deck writes and a master rarely holds
  (their C libraries loaded: 1 ms); ``zipfile`` asks them only whether they
  are there until such a member comes.
"""

_LOADING = threading.RLock()
"""Held while a stand-in of this module imports the real module(s) (a preview's threads may ask at once)."""

ENUMERATIONS = {
    "pptx.enum.lang": ("MSO_LANGUAGE_ID",),
    "pptx.enum.dml": (
        "MSO_COLOR_TYPE",
        "MSO_FILL",
        "MSO_FILL_TYPE",
        "MSO_LINE",
        "MSO_LINE_DASH_STYLE",
        "MSO_PATTERN",
        "MSO_PATTERN_TYPE",
        "MSO_THEME_COLOR",
        "MSO_THEME_COLOR_INDEX",
    ),
    "pptx.enum.action": (
        "PP_ACTION",
        "PP_ACTION_TYPE",
    ),
}
"""python-pptx's enumerations a deck does not use, each stood in for until one of its members is asked for.

Making an enumeration's members is slow (Python's ``enum``): ``MSO_LANGUAGE_ID``'s
200-odd serve a run's ``lang`` as python-pptx reads and sets it
(``Font.language_id``; briefpub sets it as XML), the drawing ones (colour
types, fills, dashes, 50-odd patterns, theme colours) python-pptx's colour
and line objects, which briefpub writes as XML too, and the actions a
hyperlink's click: 2.5 ms together. python-pptx takes them by name at
import: each is an :class:`_Enumeration`, which imports the real module on
the first member or method asked of it and answers with the real one's. Each
module's list is every enumeration it defines (``tests/test_pptxengine.py``):
any other name imports the module at once.
"""

CLASSES = {
    "pptx.shapes.freeform": ("FreeformBuilder",),
    "pptx.text.fonts": ("FontFiles",),
    "pptx.text.layout": ("TextFitter",),
}
"""python-pptx's classes a deck never uses, taken by name at import and stood in for as the enumerations are.

The freeform builder (``build_freeform``) and ``fit_text``'s font finder and
fitter (briefpub fits text itself): 0.8 ms. Each list is every name
python-pptx imports from the module (``tests/test_pptxengine.py``).
"""


class _EnumerationModule(Deferred):
    """A module of python-pptx's: the enumerations and classes listed are :class:`_Enumeration` stand-ins."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute in ENUMERATIONS.get(self.__name__, ()) or attribute in CLASSES.get(self.__name__, ()):
            made = _Enumeration(self, attribute)
            setattr(self, attribute, made)
            return made
        return super().__getattr__(attribute)


class _Enumeration:
    """An enumeration or class of python-pptx's until it is used: its name, then the real one's attributes."""

    def __init__(self, module: ModuleType, name: str) -> None:
        self.__name__ = self.__qualname__ = name  # what python-pptx's attribute docstrings name it by
        self.module = module

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(self.real(), attribute)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.real()(*args, **kwargs)

    def __iter__(self) -> Any:
        return iter(self.real())

    def __getitem__(self, name: str) -> Any:
        return self.real()[name]

    def __contains__(self, member: object) -> bool:
        return member in self.real()

    def __len__(self) -> int:
        return len(self.real())

    def real(self) -> Any:
        """Return the real enumeration, its module imported (and its names given to the stand-in)."""
        name = self.module.__name__
        with _LOADING:  # one thread imports it; another waits, then finds it
            if sys.modules.get(name) is self.module:
                del sys.modules[name]
                vars(self.module).update(vars(importlib.import_module(name)))
        return getattr(sys.modules[name], self.__name__)


if ON["pptx-deferred-imports"]:
    for _module in DEFERRED:
        defer(_module)
    for _module in (*ENUMERATIONS, *CLASSES):
        sys.modules[_module] = _EnumerationModule(_module)

from lxml import etree  # noqa: E402 - python-pptx after the stand-ins


class _Charts:  # a finder and loader by its methods: importlib.abc costs 4 ms (importlib.resources, tempfile)
    """python-pptx's chart stack, stood in for until a deck reads or makes a chart.

    python-pptx imports its chart modules at start-up: ``pptx.oxml`` imports
    every chart element class to register it with lxml, and the package imports
    the chart part (with the chart proxies, their XML writer and their enums)
    for the content type's table, some 10 ms of a cold deck that has no chart.
    While python-pptx is imported (:meth:`install` to :meth:`settle`) each of
    those modules is a stand-in, and every name asked of it a placeholder: an
    element class python-pptx registers for its ``c:`` tag, or a part class
    whose ``load`` and ``new`` (all python-pptx calls on it) load the stack
    first. Then the placeholders are taken out of lxml's lookup, so nothing
    is ever parsed with one; :meth:`load` (a chart part read from a master or
    made for a slide, or any later use of a name of the stack) imports the real
    modules, registers each real class under the tag python-pptx gave its
    placeholder, and puts it wherever a placeholder was taken. Switch:
    ``deferred-charts``.
    """

    PACKAGES = ("pptx.oxml.chart", "pptx.parts.chart")
    """The modules stood in for, with everything under them."""
    NAMESPACE = "http://schemas.openxmlformats.org/drawingml/2006/chart"

    def __init__(self) -> None:
        self.importing = False
        self.loaded = False
        self.done = False
        self.placeholders: dict[type, tuple[str, str]] = {}
        """Each placeholder handed out, with the module and name it stands for."""
        self.tags: dict[Any, type] = {}
        """Each ``c:`` tag python-pptx registered a placeholder for (taken out of lxml's lookup)."""

    def install(self) -> None:
        """Stand in for the chart stack while python-pptx is imported."""
        self.importing = True
        sys.meta_path.insert(0, self)

    def find_spec(self, name: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        """Return a stand-in's spec for a module of the chart stack while python-pptx is imported."""
        if not self.importing or not any(name == p or name.startswith(p + ".") for p in self.PACKAGES):
            return None
        loader: Any = self
        return importlib.machinery.ModuleSpec(name, loader, is_package=name in self.PACKAGES)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        """Return the stand-in for ``spec``'s module."""
        return _ChartModule(spec.name)

    def exec_module(self, module: Any) -> None:
        """Nothing to run: a stand-in's names are made when asked for."""

    def placeholder(self, module: str, name: str) -> type:
        """Return a new placeholder for ``module.name``: a part class for a part, else an element class."""
        base: type = _ChartPart if module.startswith("pptx.parts.") else etree.ElementBase
        made = type(name, (base,), {"__module__": module, "__qualname__": name})
        self.placeholders[made] = (module, name)
        return made

    def settle(self) -> None:
        """Once python-pptx is imported: make no more placeholders, take each out of lxml's lookup.

        Should python-pptx have registered a placeholder anywhere but for a
        ``c:`` tag, the stack is loaded at once (nothing deferred, as before).
        """
        self.importing = False
        sys.meta_path.remove(self)
        from pptx import oxml

        registry = oxml.element_class_lookup.get_namespace(self.NAMESPACE)
        self.tags = {_text(tag): cls for tag, cls in registry.items() if cls in self.placeholders}
        elements = {cls for cls in self.placeholders if issubclass(cls, etree.ElementBase)}
        if set(self.tags.values()) != elements:
            self.load()
            return
        for tag in self.tags:
            del registry[tag]

    def real(self, placeholder: type) -> Any:
        """Return the real class ``placeholder`` stands for (the chart stack loaded)."""
        self.load()
        module, name = self.placeholders[placeholder]
        return getattr(sys.modules[module], name)

    def load(self) -> None:
        """Import the real chart stack and put each real class where python-pptx had its placeholder.

        Once, under :data:`_LOADING`: another thread waits until it is done; the
        loading thread's own calls (a stand-in asked while loading) return.
        """
        if self.done:
            return
        with _LOADING:
            if not self.loaded:
                self.loaded = True
                self.import_real()
                self.done = True

    def import_real(self) -> None:
        """Import the real chart stack and register it (:meth:`load`, once)."""
        for name in [name for name, module in sys.modules.items() if isinstance(module, _ChartModule)]:
            del sys.modules[name]
        real = {
            cls: getattr(importlib.import_module(module), name)
            for cls, (module, name) in self.placeholders.items()
        }
        from pptx import oxml
        from pptx.opc.package import PartFactory

        registry = oxml.element_class_lookup.get_namespace(self.NAMESPACE)
        for tag, placeholder in self.tags.items():
            registry[tag] = real[placeholder]
        for table in (PartFactory.part_type_for, *(vars(m) for m in list(sys.modules.values()) if _pptx(m))):
            for key, value in list(table.items()):
                if isinstance(value, type) and value in real:
                    table[key] = real[value]


def _text(tag: str | bytes) -> str:
    return tag.decode() if isinstance(tag, bytes) else tag


def _pptx(module: Any) -> bool:
    """Return whether ``module`` is one of python-pptx's (not a stand-in)."""
    return (
        isinstance(getattr(module, "__name__", None), str)
        and module.__name__.startswith("pptx")
        and not isinstance(module, Deferred)
    )


class _ChartModule(Deferred):
    """A module of python-pptx's chart stack (:class:`_Charts`): names are placeholders during the import."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        if CHARTS.importing:
            made = CHARTS.placeholder(self.__name__, attribute)
            setattr(self, attribute, made)
            return made
        CHARTS.load()
        return getattr(importlib.import_module(self.__name__), attribute)


class _ChartPart:
    """A chart part class's placeholder: python-pptx only loads and makes parts with it."""

    @classmethod
    def load(cls, *args: Any) -> Any:
        """Load the chart stack, then the part with the real class."""
        return CHARTS.real(cls).load(*args)

    @classmethod
    def new(cls, *args: Any) -> Any:
        """Load the chart stack, then make the part with the real class."""
        return CHARTS.real(cls).new(*args)


CHARTS = _Charts()
"""The chart stack's stand-ins (switch ``deferred-charts``)."""

if ON["deferred-charts"]:
    CHARTS.install()
try:
    from pptx.oxml import ns, xmlchemy
    from pptx.oxml.ns import _nsmap
    from pptx.parts import image as image_parts
finally:
    if CHARTS.importing:
        CHARTS.settle()

_XPATHS: dict[str, Any] = {}


def _compiled_xpath(self: Any, xpath_str: str) -> Any:
    """``BaseOxmlElement.xpath``, with each expression compiled once."""
    compiled = _XPATHS.get(xpath_str)
    if compiled is None:
        compiled = _XPATHS[xpath_str] = etree.XPath(xpath_str, namespaces=_nsmap)
    return compiled(self)


if ON["pptx-xpath"]:
    xmlchemy.BaseOxmlElement.xpath = _compiled_xpath  # type: ignore[method-assign]

_PYTHON_PPTX_QN = ns.qn


@functools.lru_cache(maxsize=4096)
def _known_qn(namespace_prefixed_tag: str) -> str:
    """python-pptx's ``qn``, each answer remembered (the tags are the code's, a few hundred)."""
    return _PYTHON_PPTX_QN(namespace_prefixed_tag)


if ON["pptx-qn"]:
    for _taker in [module for module in list(sys.modules.values()) if _pptx(module)]:  # no stand-in
        if getattr(_taker, "qn", None) is _PYTHON_PPTX_QN:  # ns itself, and every module that took it
            setattr(_taker, "qn", _known_qn)  # noqa: B010


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


class NotesSlides:
    """A deck's notes slides: python-pptx makes the first, and every later one is a copy of it as made.

    python-pptx makes each notes slide anew (``NotesSlidePart.new``): its XML
    read from a template file, then the notes master's placeholders cloned one
    by one into it, some 0.5 ms a slide. A deck has one notes master, so every
    notes slide is made the same, to the byte (shape ids and names included),
    before its text is set: the first is kept as python-pptx made it, and each
    later one is a copy of it, in a part named and related as python-pptx
    names and relates one (to the notes master, then the slide, then the slide
    to it). Same bytes, tested; switch: ``notes-copies``.
    """

    def __init__(self) -> None:
        self.first: Any = None
        """The first notes slide's XML as python-pptx made it, before any text."""

    def of(self, slide: Any) -> Any:
        """Return ``slide``'s notes slide (a new slide has none: one is made)."""
        if self.first is None or not ON["notes-copies"]:
            notes = slide.notes_slide
            if self.first is None:
                self.first = copy.deepcopy(notes.element)
            return notes
        from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from pptx.parts.slide import NotesSlidePart

        part = slide.part
        package = part.package
        name = package.next_partname("/ppt/notesSlides/notesSlide%d.xml")
        notes_part = NotesSlidePart(name, CONTENT_TYPE.PML_NOTES_SLIDE, package, copy.deepcopy(self.first))
        notes_part.relate_to(package.presentation_part.notes_master_part, RELATIONSHIP_TYPE.NOTES_MASTER)
        notes_part.relate_to(part, RELATIONSHIP_TYPE.SLIDE)
        part.relate_to(notes_part, RELATIONSHIP_TYPE.NOTES_SLIDE)
        return slide.notes_slide  # python-pptx finds the part related


class SlideCopies:
    """A deck's slides: python-pptx makes the first on each layout; later ones on it are copies of that one.

    python-pptx makes a slide (``SlidePart.new``), then clones its layout's
    placeholders into it one by one (``clone_layout_placeholders``), each
    built as text and parsed: about 1 ms a slide. Every slide on one layout
    is made the same, to the byte (shape ids and names included), before
    briefpub fills it: the first is kept as made, and each later one on that
    layout is a copy of it, in a part named and related to its layout as
    python-pptx does. Same bytes, tested; switch: ``slide-copies``.
    """

    def __init__(self) -> None:
        self.made: dict[Any, Any] = {}
        """The first slide's XML on each layout (by the layout's part) as python-pptx made it."""

    def new(self, name: Any, package: Any, layout: Any) -> Any:
        """Return a new slide part named ``name`` on ``layout``, with the layout's placeholders."""
        from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from pptx.parts.slide import SlidePart

        made = self.made.get(layout.part) if ON["slide-copies"] else None
        if made is None:
            part = SlidePart.new(name, package, layout.part)  # type: ignore[no-untyped-call]
            part.slide.shapes.clone_layout_placeholders(layout)
            self.made[layout.part] = copy.deepcopy(part.slide.element)
            return part
        part = SlidePart(name, CONTENT_TYPE.PML_SLIDE, package, copy.deepcopy(made))
        part.relate_to(layout.part, RELATIONSHIP_TYPE.SLIDE_LAYOUT)
        return part
