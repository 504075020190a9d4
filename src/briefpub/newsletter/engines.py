"""WeasyPrint imported and used without its detours (lookups, modules, PNGs, page references, footnotes,
leaders, zero adjustments, page styles, contents pages laid out thrice), and its tags mended.

**Imports.** Importing WeasyPrint without the ``find_library`` detour costs a cold ``pdf`` a
third of a second less.

WeasyPrint opens Pango and its companions through cffi with a list of names
for every platform (``libgobject-2.0-0``, ``gobject-2.0``, ...). cffi passes
each name it cannot open directly to :func:`ctypes.util.find_library`, which
on Linux runs ``ldconfig -p`` and, failing that, ``gcc`` and ``ld``: some
eighty processes before the first page is laid out. The dynamic linker can
answer the same question at once: ``libNAME.so.N`` is found through its cache.

So while WeasyPrint is imported, ``find_library`` is answered by trying the
usual sonames with ``dlopen``; should the import fail that way, it is done
again the normal way. Upstream, WeasyPrint could try its ELF sonames
(``libpango-1.0.so.0``) first on Linux, or cffi could try ``dlopen`` of
``libNAME.so*`` before ``find_library``; either would make this unneeded.

**Modules it does not use.** WeasyPrint imports fontTools' subsetter and its
variable-font instancer when it is imported, a third of its import time; with
HarfBuzz's subsetter installed (``scripts/bootstrap`` installs it) the first
is a fallback, and the second only serves variable fonts. :func:`defer`
puts a stand-in for each in ``sys.modules`` while WeasyPrint is imported,
which imports the real module the first time one of its names is used.
Upstream, ``weasyprint.pdf.fonts`` could import them where it uses them.

**PNG figures.** WeasyPrint puts a PNG into a PDF by decoding it and encoding
it again with Pillow, only to take the compressed rows back out: 40 ms for a
1200 x 800 chart, most of a figure's cost. A PNG of 8-bit grey or RGB rows, not
interlaced, already holds exactly what the PDF stream wants (deflated rows,
each with its PNG filter byte, which the stream's ``/Predictor 15`` declares),
so :func:`png_rows` hands those bytes over as they are; any other PNG goes
WeasyPrint's way. Upstream, ``RasterImage`` could do the same check itself.

**Long documents.** pydyf's ``PDF.page_references`` builds the tuple of every
page's reference each time it is read, and WeasyPrint's PDF tagging reads it
once per structure element to take one item: a 600-page newsletter spent ten
seconds there, and the time grew with the square of the pages.
:func:`_remember_page_references` keeps the tuple until a page is added.
Upstream, ``add_tags`` could read the tuple once, or pydyf could keep it.

**Many footnotes on a page.** Each time a line with a footnote call is laid out,
WeasyPrint lays out the page's whole footnote area again to learn its height:
a page of *n* footnotes costs *n*² footnote layouts, and a paragraph of 1,000
footnotes took a minute. Footnotes without vertical margins stack without
collapsing, so the area's content is the sum of its footnotes' heights, each
the same wherever it stands on the page. :func:`_measure_footnotes_once`
lays out each footnote once per page and adds the heights up, past
:data:`EXACT_FOOTNOTES` footnotes on a page; up to there (every ordinary
briefing), and for any footnote with margins, WeasyPrint's own way decides,
so those PDFs stay byte for byte what they were. Upstream,
``LayoutContext._update_footnote_area`` could lay out only the footnote added.

**Dot leaders.** WeasyPrint fills a ``leader(". ")`` with one copy of the
text box per repetition: some eighty boxes a line of the contents list, each
drawn and tagged on its own (a fifth of a long newsletter's time).
:func:`_one_box_per_leader` replaces the copies with one box holding the
repeated text, at the leftmost copy's place: the same dots where they were.
Upstream, ``handle_leader`` could do the same.

**Zero adjustments.** WeasyPrint writes a text line as a ``TJ`` array with one
hex string per glyph, each followed by its kerning in thousandths of an em,
``0`` for nearly every glyph: ``[<0057>0<004b>0<0044>0]``. A zero moves
nothing, so :func:`_drop_zero_adjustments` joins the strings around it
(``[<0057004b0044>0]``): the same glyphs at the same places, a quarter less
drawing to write and compress (the page streams are deflated at level 9,
which is slow on such repetition: 0.35 s of a 124-page newsletter's 7.5 s),
and a smaller PDF. Upstream, ``draw_first_line`` could write no ``0``.

**Deflating.** pydyf deflates every stream at zlib's level 9, which on
drawing operators is about three times the time of zlib's default level 6
for 1.5% less: a long newsletter spent 5% of its time there. :func:`_deflate_at`
has pydyf deflate at :data:`DEFLATE_LEVEL`; the PDF holds the same streams,
about 2% larger (smaller than before the zero adjustments went). Upstream,
pydyf could take the level as an argument.

**Page styles and running heads.** WeasyPrint styles every page and each of
its margin boxes anew (a page's index is part of its type), and sizes the
running heads from their content on every page: a line layout per word,
some 6% of a long newsletter's time. Pages given the same declarations get
the same styles, so :func:`_share_page_styles` lets them share the first
such page's, and a margin box of the same style and text as one sized
before gets its widths: the same pages, byte for byte. Upstream, WeasyPrint
could key page styles by their declarations, as it does elements' styles.

**Contents pages.** A contents line's page number (``target-counter()``)
is filed by WeasyPrint 70 under the wrong anchor and as a counter of the
line's own page, so a contents page is laid out three times where twice
would do; :func:`_count_targets_as_targets` files it under the anchor it
names (a twentieth of a long newsletter's time; the same pages, byte for
byte). Upstream, ``compute_content_list`` could name the anchor it looked
up and keep its two lists apart.

**Tags.** WeasyPrint tags each page on its own; :func:`_mend_tags` records
where each structure element comes from while it builds the tree, and
``briefpub.newsletter.tagging`` mends the tree for PDF/UA-1 (one table over
several pages, artifacts, notes, link texts).

**Fenced.** Every private name of WeasyPrint and pydyf that briefpub relies
on is used in this module only and listed in :data:`PRIVATE_NAMES`, with
the versions it was checked against in :data:`CHECKED_WITH`; a test fails
when another version drops or renames one. Each patch can be turned off
with ``BRIEFPUB_ENGINE_PATCHES_OFF`` (a comma-separated list of the names in
:data:`PATCHES`, or ``all``) to compare, or to work around an engine
upgrade; the speed patches then cost only speed. :data:`ON` turns the
patches applied at render time on and off within a process (tests).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib
import io
import math
import sys
import zlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from briefpub import stops
from briefpub.newsletter.tagging import Recorded, finish
from briefpub.startup.deferred import defer
from briefpub.startup.libraries import by_soname
from briefpub.startup.patches import FENCES, switched_on

PATCHES = FENCES["briefpub.newsletter.engines"]
"""What this module changes, each switchable by name: its entry in :data:`briefpub.startup.patches.FENCES`."""


ON: dict[str, bool] = switched_on(PATCHES)
"""Which patches are on: set from ``BRIEFPUB_ENGINE_PATCHES_OFF`` when this module is imported."""

CHECKED_WITH = {"weasyprint": "70.0", "pydyf": "0.13.0"}
"""The engine versions whose private names below were read and tested."""

PRIVATE_NAMES = {
    "png-rows": ("weasyprint.images.RasterImage._get_png_data",),
    "page-references": ("pydyf.PDF.page_references", "pydyf.PDF.pages"),
    "footnotes": (
        "weasyprint.layout.LayoutContext._update_footnote_area",
        "weasyprint.layout.LayoutContext.current_page_footnotes",
        "weasyprint.layout.LayoutContext.current_footnote_area",
        "weasyprint.layout.LayoutContext.in_column",
        "weasyprint.layout.LayoutContext.page_bottom",
        "weasyprint.layout.block.block_level_layout",
        "weasyprint.formatting_structure.build.create_anonymous_boxes",
    ),
    "tags": (
        "weasyprint.pdf.add_tags",
        "weasyprint.pdf.tags._build_box_tree",
        "weasyprint.pdf.stream.Stream._tags",
        "pydyf.Stream.stream",
        "pydyf.PDF.objects",
    ),
    "leaders": (
        "weasyprint.layout.inline.handle_leader",
        "weasyprint.layout.leader.leader_index",
        "weasyprint.text.line_break.split_first_line",
        "weasyprint.layout.inline.split_text_box",  # sets a text box's pango_layout, as done here
    ),
    "placement": ("weasyprint.document.Page._page_box",),
    "deflate-level": ("pydyf.zlib",),
    "target-counters": (
        "weasyprint.css.targets.TargetCollector.collect_missing_counters",
        "weasyprint.formatting_structure.build.compute_content_list",  # whose lists it is handed
        "weasyprint.css.targets.anchor_name_from_token",  # how TargetCollector.lookup_target names an anchor
        "weasyprint.css.targets.get_url_tuple",
    ),
    "page-styles": (
        "weasyprint.layout.page.set_page_type_computed_styles",  # styles a page and its margin boxes
        "weasyprint.layout.page.min_content_width",  # what page.py sizes its margin boxes with
        "weasyprint.layout.page.max_content_width",
        "weasyprint.css.StyleFor._cascaded_styles",  # the declarations each page type was given
        "weasyprint.css.StyleFor._computed_styles",
    ),  # the module pydyf deflates its streams with, level 9
    "zero-adjustments": (
        "weasyprint.pdf.stream.Stream",  # the page streams' class, whose show_text is replaced
        "weasyprint.draw.text.draw_first_line",  # writes the TJ arrays: hex strings and adjustments
    ),
}
"""Per patch, the names of WeasyPrint and pydyf it relies on that are not their documented API."""


def import_weasyprint() -> ModuleType:
    """Return the ``weasyprint`` module, imported with :func:`by_soname` answering library lookups."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    real = ctypes.util.find_library
    if ON["weasyprint-deferred-imports"]:
        importlib.import_module("fontTools")  # WeasyPrint's anyway: the stand-in becomes its attribute
        defer("fontTools.subset")
        defer("fontTools.varLib.instancer", "instantiateVariableFont")
    try:
        module = _import_with(by_soname if ON["library-lookup"] else real)
    except OSError:  # a system where sonames differ: the normal, slower way
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        module = _import_with(real)
    finally:
        ctypes.util.find_library = real
    stops.watch_engines()  # a stop WeasyPrint swallows is raised as soon as it logs the failure
    _pass_png_rows_through()
    _remember_page_references()
    _measure_footnotes_once()
    _one_box_per_leader()
    _drop_zero_adjustments()
    _deflate_at()
    _share_page_styles()
    _count_targets_as_targets()
    _mend_tags()
    return module


def page_box(page: Any) -> Any:
    """Return the laid-out box tree of a WeasyPrint ``Page`` (its private ``_page_box``)."""
    return page._page_box


def box_kinds() -> ModuleType:
    """Return WeasyPrint's module of box classes, to tell lines, pictures and footnote areas apart."""
    return importlib.import_module("weasyprint.formatting_structure.boxes")


def _import_with(find_library: Callable[[str], str | None]) -> ModuleType:
    ctypes.util.find_library = find_library  # type: ignore[assignment]
    return importlib.import_module("weasyprint")


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_GREY, _RGB = 0, 2


def png_rows(data: bytes) -> bytes | None:
    """Return a PNG's deflated rows when a PDF can take them as they are, else None.

    That is 8-bit grey or RGB, not interlaced, without a transparent colour
    or palette: the rows then mean the same in a ``/FlateDecode`` stream with
    ``/Predictor 15`` as in the PNG. Damaged chunk lengths give None.
    """
    if not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 33:
        return None
    bit_depth, colour, interlace = data[24], data[25], data[28]
    if bit_depth != 8 or colour not in (_GREY, _RGB) or interlace != 0:
        return None
    rows: list[bytes] = []
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            return None
        if kind == b"IDAT":
            rows.append(data[position + 8 : position + 8 + length])
        elif kind in (b"tRNS", b"PLTE"):
            return None
        elif kind == b"IEND":
            break
        position = end
    return b"".join(rows) or None


def _pass_png_rows_through() -> None:
    """Make WeasyPrint take a PNG's rows as they are where :func:`png_rows` allows it."""
    images: Any = importlib.import_module("weasyprint.images")
    original = getattr(images.RasterImage, "_get_png_data", None)
    if original is None or getattr(original, "briefpub", False):
        return  # another WeasyPrint: leave it alone

    def get_png_data(pillow_image: Any) -> bytes:
        source = getattr(pillow_image, "fp", None)
        if (
            ON["png-rows"]
            and getattr(pillow_image, "format", None) == "PNG"
            and isinstance(source, io.BytesIO)
        ):
            rows = png_rows(source.getvalue())
            if rows is not None:
                return rows
        return bytes(original(pillow_image))

    get_png_data.briefpub = True  # type: ignore[attr-defined]
    images.RasterImage._get_png_data = staticmethod(get_png_data)


_list_page_references: Callable[[Any], tuple[bytes, ...]] | None = None
"""pydyf's own ``page_references`` getter, which lists every page's reference at each call."""


def _remember_page_references() -> None:
    """Make ``pydyf.PDF.page_references`` list the pages once per page count, not once per read."""
    global _list_page_references  # noqa: PLW0603 - set once, when WeasyPrint is imported
    pydyf: Any = importlib.import_module("pydyf")
    original = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(original, property) or getattr(original.fget, "briefpub", False):
        return  # another pydyf, or done already: leave it alone
    _list_page_references = original.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        assert _list_page_references is not None
        if not ON["page-references"]:
            return tuple(_list_page_references(pdf))
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_briefpub_page_references")
        if cached is None or cached[0] != count:
            cached = pdf.__dict__["_briefpub_page_references"] = (count, _list_page_references(pdf))
        return cached[1]  # type: ignore[no-any-return]

    page_references.briefpub = True  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


EXACT_FOOTNOTES = 8
"""Up to this many footnotes on a page, WeasyPrint lays out the whole footnote area for each."""


def _measure_footnotes_once() -> None:
    """Make a page's footnote area height a sum of heights measured once per footnote and page."""
    layout: Any = importlib.import_module("weasyprint.layout")
    context_class = layout.LayoutContext
    original = getattr(context_class, "_update_footnote_area", None)
    if original is None or getattr(original, "briefpub", False):
        return  # another WeasyPrint, or done already: leave it alone

    def update_footnote_area(context: Any) -> bool:
        footnotes = context.current_page_footnotes
        if not ON["footnotes"] or len(footnotes) <= EXACT_FOOTNOTES or context.in_column:
            return bool(original(context))
        area = context.current_footnote_area
        measured = [_footnote_height(context, area, footnote) for footnote in footnotes]
        if None in measured:
            return bool(original(context))
        if area.height != "auto":
            context.page_bottom += area.margin_height()
        area.children = footnotes
        content = sum(height for height in measured if height is not None)
        single = area.briefpub_single
        area.height = max(min(content, single.max_height), single.min_height)
        context.page_bottom -= area.height + single.extra
        return bool(content > area.height + single.below)

    update_footnote_area.briefpub = True  # type: ignore[attr-defined]
    context_class._update_footnote_area = update_footnote_area


class _SingleFootnote:
    """What one footnote laid out alone in a page's footnote area says about the area."""

    def __init__(self, laid_out: Any) -> None:
        self.max_height = laid_out.max_height
        self.min_height = laid_out.min_height
        self.extra = laid_out.margin_height() - laid_out.height
        """The area's own margins, borders and padding, above and below."""
        self.below = laid_out.padding_bottom + laid_out.border_bottom_width
        self.heights: dict[int, tuple[Any, float | None]] = {}


def _footnote_height(context: Any, area: Any, footnote: Any) -> float | None:
    """Return ``footnote``'s height in ``area``, laid out once; None where margins could collapse."""
    single = getattr(area, "briefpub_single", None)
    if single is not None and (known := single.heights.get(id(footnote))) and known[0] is footnote:
        height: float | None = known[1]
        return height
    layout: Any = importlib.import_module("weasyprint.layout")
    build: Any = importlib.import_module("weasyprint.formatting_structure.build")
    boxes: Any = importlib.import_module("weasyprint.formatting_structure.boxes")
    alone = build.create_anonymous_boxes(area.copy_with_children([footnote]).deepcopy())
    laid_out = layout.block.block_level_layout(context, alone, -math.inf, None, area.page)[0]
    if single is None:
        single = area.briefpub_single = _SingleFootnote(laid_out)
    height = None
    children = laid_out.children
    if len(children) == 1 and isinstance(children[0], boxes.BlockLevelBox):  # not in a line
        child = children[0]
        if child.margin_top == 0 and child.margin_bottom == 0:
            height = child.margin_height()
    single.heights[id(footnote)] = (footnote, height)
    return height


_recording: Recorded | None = None
"""What the structure tree being built is made of, while WeasyPrint's ``add_tags`` runs."""


def _mend_tags() -> None:
    """Make WeasyPrint's tagging record where each structure element comes from, then mend the tree.

    ``weasyprint.pdf.tags._build_box_tree`` builds the tree box by box: a
    wrapper notes each element's HTML element and each link's. The
    ``add_tags`` that ``weasyprint.pdf`` calls is wrapped to note the page
    margins' marked content (in each page stream's private ``_tags``) first,
    and to hand everything to :func:`briefpub.newsletter.tagging.finish` after.
    """
    pdf_module: Any = importlib.import_module("weasyprint.pdf")
    tags_module: Any = importlib.import_module("weasyprint.pdf.tags")
    original_add = getattr(pdf_module, "add_tags", None)
    original_build = getattr(tags_module, "_build_box_tree", None)
    if original_add is None or original_build is None or getattr(original_add, "briefpub", False):
        return  # another WeasyPrint, or done already: leave it alone
    kinds = box_kinds()

    def build_box_tree(box: Any, *args: Any) -> Any:
        recording = _recording
        for element in original_build(box, *args):
            if recording is not None:
                source = getattr(box, "_box", box)  # an absolutely placed box's placeholder
                recording.elements.setdefault(id(element), (element, source.element, type(source).__name__))
            yield element
        if recording is not None and getattr(box, "link_annotation", None) is not None:
            recording.links.append((box.link_annotation, box.element))

    def add_tags(pdf: Any, document: Any, *args: Any) -> Any:
        global _recording  # noqa: PLW0603 - one PDF is tagged at a time, in this thread
        if not ON["tags"]:
            return original_add(pdf, document, *args)
        page_streams = args[-1]
        lang = pdf.catalog.get("Lang")
        recorded = Recorded(lang=str(getattr(lang, "string", "") or ""))
        for number, (page, stream) in enumerate(zip(document.pages, page_streams, strict=True)):
            recorded.artifacts[number] = _artifact_content(page_box(page), stream._tags, kinds)
        _recording = recorded
        try:
            result = original_add(pdf, document, *args)
        finally:
            _recording = None
        finish(pdf, page_streams, recorded)
        return result

    add_tags.briefpub = True  # type: ignore[attr-defined]
    tags_module._build_box_tree = build_box_tree
    pdf_module.add_tags = add_tags


def _artifact_content(page: Any, marked: dict[Any, dict[str, int]], kinds: ModuleType) -> set[int]:
    """Return the marked-content ids of a page's furniture: its margin boxes (running heads, page
    numbers) and the dot leaders of the contents list, which a reader need not hear."""
    found: set[int] = set()
    pending: list[tuple[Any, bool]] = [(page, False)]
    while pending:
        box, furniture = pending.pop()
        furniture = furniture or isinstance(box, kinds.MarginBox) or bool(getattr(box, "is_leader", False))
        if furniture and box in marked:
            found.add(marked[box]["mcid"])
        pending.extend((child, furniture) for child in getattr(box, "children", ()))
    return found


def _one_box_per_leader() -> None:
    """Make a dot leader one text box of repeated text instead of one box per repetition."""
    inline: Any = importlib.import_module("weasyprint.layout.inline")
    leader: Any = importlib.import_module("weasyprint.layout.leader")
    line_break: Any = importlib.import_module("weasyprint.text.line_break")
    original = getattr(inline, "handle_leader", None)
    if original is None or getattr(original, "briefpub", False) or not hasattr(leader, "leader_index"):
        return  # another WeasyPrint, or done already: leave it alone

    def handle_leader(context: Any, line: Any, containing_block: Any) -> None:
        original(context, line, containing_block)
        if not ON["leaders"]:
            return
        _, leader_box = leader.leader_index(line)
        copies: tuple[Any, ...] = tuple(getattr(leader_box, "children", ()))
        if len(copies) < 2 or any(copy.text != copies[0].text for copy in copies):
            return
        left = min(copies, key=lambda copy: copy.position_x)
        text = left.text * len(copies)
        layout = line_break.split_first_line(text, left.style, context, math.inf, left.justification_spacing)[
            0
        ]
        merged = left.copy_with_text(text)
        merged.pango_layout = layout
        merged.width = sum(copy.width for copy in copies)
        leader_box.children = (merged,)

    handle_leader.briefpub = True  # type: ignore[attr-defined]
    inline.handle_leader = handle_leader


def without_zero_adjustments(text: str) -> str:
    """Return the inside of a ``TJ`` array of hex strings with each ``0`` adjustment between two dropped.

    ``>0<`` can only be one: hex strings hold hex digits, and a non-zero
    number (``>10<``, ``>-0.5<``) never reads ``>0<``.
    """
    return text.replace(">0<", "")


def _drop_zero_adjustments() -> None:
    """Make WeasyPrint's page streams write a text line's glyphs without the zero adjustments between them."""
    stream_module: Any = importlib.import_module("weasyprint.pdf.stream")
    stream_class: Any = getattr(stream_module, "Stream", None)
    original = getattr(stream_class, "show_text", None)
    if original is None or getattr(original, "briefpub", False):
        return  # another WeasyPrint, or done already: leave it alone

    def show_text(stream: Any, text: str) -> None:
        on = ON["zero-adjustments"] and isinstance(text, str)
        original(stream, without_zero_adjustments(text) if on else text)

    show_text.briefpub = True  # type: ignore[attr-defined]
    stream_class.show_text = show_text


DEFLATE_LEVEL = 6
"""zlib's default: level 9 takes about three times as long on a page's drawing, for 1.5% less."""


class _Deflate:
    """zlib as pydyf sees it: streams deflated at :data:`DEFLATE_LEVEL`, whatever level pydyf asks for."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(DEFLATE_LEVEL if ON["deflate-level"] else level, *args, **kwargs)


def _deflate_at() -> None:
    """Make pydyf deflate its streams at :data:`DEFLATE_LEVEL` (pydyf calls ``zlib.compressobj(level=9)``)."""
    pydyf: Any = importlib.import_module("pydyf")
    if getattr(pydyf, "zlib", None) is zlib:  # another pydyf, or done already: leave it alone
        pydyf.zlib = _Deflate()


def _share_page_styles() -> None:
    """Make pages given the same declarations share their styles, and margin boxes their sizes.

    WeasyPrint makes a new style for every page and each of its margin boxes
    (the page's index is part of its type, for ``:nth()``), computed afresh
    property by property; and it sizes the running heads by their content
    (min- and max-content widths: a line layout per word), on every page.
    A style is made from its declarations and the root element's style, both
    the same for pages of the same kind, so the page types given the same
    declarations (the same objects, with the same weights) share the first
    one's styles; then a margin box with the same style and the same text as
    one sized before is given that one's widths.
    """
    page_layout: Any = importlib.import_module("weasyprint.layout.page")
    original_styles = getattr(page_layout, "set_page_type_computed_styles", None)
    original_min = getattr(page_layout, "min_content_width", None)
    original_max = getattr(page_layout, "max_content_width", None)
    if original_styles is None or original_min is None or original_max is None:
        return  # another WeasyPrint: leave it alone
    if getattr(original_styles, "briefpub", False):
        return  # done already

    def set_page_type_computed_styles(page_type: Any, html: Any, style_for: Any) -> None:
        original_styles(page_type, html, style_for)
        if ON["page-styles"]:
            _share_styles(page_type, style_for)

    set_page_type_computed_styles.briefpub = True  # type: ignore[attr-defined]
    page_layout.set_page_type_computed_styles = set_page_type_computed_styles
    page_layout.min_content_width = _remembered_width(original_min)
    page_layout.max_content_width = _remembered_width(original_max)


def _share_styles(page_type: Any, style_for: Any) -> None:
    """Give ``page_type`` the styles of an earlier page type with the same declarations, if any."""
    cascaded = style_for._cascaded_styles
    computed = style_for._computed_styles
    pseudos = sorted({None, *(pseudo for element, pseudo in cascaded if element == page_type)}, key=str)
    given = [cascaded.get((page_type, pseudo), {}) for pseudo in pseudos]
    declared = tuple(
        (
            pseudo,
            tuple(sorted((name, id(value), repr(weight)) for name, (value, weight) in declarations.items())),
        )
        for pseudo, declarations in zip(pseudos, given, strict=True)
    )
    shared: dict[Any, Any] = style_for.__dict__.setdefault("_briefpub_page_styles", {})
    known = shared.get(declared)
    if known is None:  # the first of its kind; its declarations are kept, so that no id is reused
        shared[declared] = ({pseudo: computed[page_type, pseudo] for pseudo in pseudos}, given)
        return
    for pseudo, style in known[0].items():
        computed[page_type, pseudo] = style


_SIZED_KINDS = frozenset({"MarginBox", "LineBox", "InlineBox", "TextBox"})
"""The boxes a margin box of text holds; a margin box with anything else is sized anew."""


def _remembered_width(measure: Callable[..., float]) -> Callable[..., float]:
    """Return ``measure`` (min- or max-content width) remembered per layout for margin boxes of text."""

    def width(context: Any, box: Any, outer: bool = True) -> float:
        if not ON["page-styles"]:
            return measure(context, box, outer=outer)
        shape = _text_shape(box)
        if shape is None:
            return measure(context, box, outer=outer)
        known: dict[Any, tuple[float, Any]] = context.__dict__.setdefault("_briefpub_widths", {})
        key = (measure, outer, shape[0])
        if key not in known:
            known[key] = (measure(context, box, outer=outer), shape[1])  # styles kept: ids stay theirs
        return known[key][0]

    width.briefpub = True  # type: ignore[attr-defined]
    return width


def _text_shape(box: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """Return what a margin box's widths depend on (each box's kind, style and text), and its styles.

    None when it holds something other than text: a picture, a block.
    """
    shape: list[Any] = []
    styles: list[Any] = []
    pending = [box]
    while pending:
        node = pending.pop()
        kind = type(node).__name__
        if kind not in _SIZED_KINDS:
            return None
        children = getattr(node, "children", ())
        shape.append((kind, id(node.style), getattr(node, "text", None), len(children)))
        styles.append(node.style)
        pending.extend(reversed(children))
    return tuple(shape), tuple(styles)


_LOCAL_COUNTERS = frozenset({"counter()", "counters()"})


def _count_targets_as_targets() -> None:
    """Make a contents line wait for the page it names, not for its own page's counters.

    A contents line's page number, ``target-counter(attr(href), page)``,
    misses the page of its target until that is laid out. WeasyPrint 70's
    ``compute_content_list`` files what it misses in the wrong place twice:
    under the anchor ``None`` (the name of the unresolved ``attr(href)``), so
    laying out the target never tells the line; and, rebinding a name, as a
    counter of the line's own page. The line is then made again only when
    its own page's counters change, after the page is laid out: a contents
    page is laid out three times (without the numbers; again, after which it
    reads them; then with them). Filed under the anchor it names and missing
    nothing of its own, the line is told when its target is laid out, and
    its page laid out twice: the same pages, byte for byte. Only a
    ``content`` with one target counter and no counter of its own is refiled;
    anything else is left as WeasyPrint filed it.
    """
    targets: Any = importlib.import_module("weasyprint.css.targets")
    collector = getattr(targets, "TargetCollector", None)
    original = getattr(collector, "collect_missing_counters", None)
    if original is None or getattr(original, "briefpub", False):
        return  # another WeasyPrint, or done already: leave it alone

    def collect_missing_counters(
        target_collector: Any,
        parent_box: Any,
        css_token: str,
        parse_again: Any,
        missing_counters: list[str],
        missing_target_counters: dict[str | None, list[str]],
    ) -> Any:
        if ON["target-counters"] and css_token == "content":
            refiled = _refiled(targets, parent_box, missing_counters, missing_target_counters)
            if refiled is not None:
                missing_counters, missing_target_counters = [], refiled
        return original(
            target_collector, parent_box, css_token, parse_again, missing_counters, missing_target_counters
        )

    collect_missing_counters.briefpub = True  # type: ignore[attr-defined]
    collector.collect_missing_counters = collect_missing_counters  # type: ignore[union-attr]


def _refiled(
    targets: Any, box: Any, missing: list[str], missing_targets: dict[str | None, list[str]]
) -> dict[str | None, list[str]] | None:
    """Return a content's missing target counters under the anchor it names, or None to leave them.

    That is for a content with one ``target-counter()`` or ``target-counters()``
    through ``attr()`` and no counter of its own, whose missing counters
    WeasyPrint filed under ``None`` and as its own (the same list).
    """
    content = box.style["content"]
    if not isinstance(content, (list, tuple)) or list(missing_targets) != [None]:
        return None
    if missing is not missing_targets[None]:
        return None
    kinds = [item[0] if isinstance(item, tuple) and item else None for item in content]
    if any(kind in _LOCAL_COUNTERS or kind is None for kind in kinds):
        return None
    counting = [item for item in content if item[0] in ("target-counter()", "target-counters()")]
    if len(counting) != 1:
        return None
    anchor_token = counting[0][1][0]
    if anchor_token[0] != "attr()":
        return None
    name, kind, fallback = anchor_token[1]
    value = box.element.get(name, fallback)
    if kind == "string":
        anchor_token = ("string", value)
    elif kind == "url":
        anchor_token = ("url", targets.get_url_tuple(value, box.style.base_url))
    anchor = targets.anchor_name_from_token(anchor_token)
    if anchor is None:
        return None
    return {anchor: missing_targets[None]}
