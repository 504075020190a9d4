"""The emitter: a deck plan written into the master with python-pptx, deciding nothing.

Every size, break, box and layout comes from the plan; what is written here
is how PowerPoint wants it said: exact line spacing (so the renderer breaks
where the plan measured), no autofit, run languages, right-to-left
paragraphs, fields for slide numbers.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import io
import weakref
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Pt

from briefpub import i18n
from briefpub.cache import Cache
from briefpub.config import Brand
from briefpub.deck.master import FURNITURE, save
from briefpub.deck.plan import (
    AsidePlan,
    DeckPlan,
    FigurePlan,
    FurniturePlan,
    SlidePlan,
    TextPlan,
)
from briefpub.deck.pptxengine import (
    NotesSlides,
    SlideCopies,
    add_relationship,
    add_slide_id,
    name_parts_with,
    paragraph_xml,
    run_xml,
    table_cell,
    table_xml,
)
from briefpub.deck.runs import MONOSPACE, NoteParagraph, RunPlan
from briefpub.deck.styles import master_placeholder, placeholder_type
from briefpub.deck.tablestyle import read_styles
from briefpub.deck.textfit import LINE_SPACING, PARAGRAPH_GAP
from briefpub.deck.titles import title_key
from briefpub.files import display_path
from briefpub.model.briefing import Briefing, Figure, source_date
from briefpub.rasterise import kept_svg_to_png

if TYPE_CHECKING:
    from briefpub.deck.tables import TablePlan

_EMU_PER_PT = 12700
_FIELD_NAMESPACE = bytes.fromhex("6f1c0b7e3c594b6e9a532f0e8a4b5d10")
"""The namespace of the slide numbers' field ids (a UUID's 16 bytes)."""


def field_id(seed: str) -> str:
    """Return ``uuid.uuid5`` of ``seed`` in :data:`_FIELD_NAMESPACE` as a field's id (``{UPPER-CASE}``).

    Worked out as RFC 4122 does (the SHA-1 of the namespace and the name, with
    version 5 and the variant set), without importing ``uuid``, which imports
    ``platform`` and asks it for the system's name (2 ms of a cold deck).
    """
    digest = bytearray(hashlib.sha1(_FIELD_NAMESPACE + seed.encode(), usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    text = digest.hex().upper()
    return f"{{{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}}}"


def emit(
    plan: DeckPlan, deck: Any, briefing: Briefing, brand: Brand | None = None, cache: Cache | None = None
) -> bytes:
    """Return ``deck`` (the opened master, without slides) with ``plan``'s slides, as .pptx bytes.

    An SVG figure drawn by an earlier run is taken from ``cache`` (:func:`svg_figure`).
    """
    brand = brand or Brand()
    slides = _SlideAppender(deck)
    furniture: dict[tuple[int, int], dict[int, Any]] = {}  # per layout: its placeholders by idx
    figures = {figure.number: figure for figure in briefing.figures()}
    charts = {chart.number: chart for chart in briefing.charts()}
    captions = {table.number: table.caption for table in briefing.tables()}
    table_style = read_styles(deck)[0]
    seen: Counter[str] = Counter()  # titles so far, by their words: each slide's title is unique
    for number, slide_plan in enumerate(plan.slides, 1):
        slide = _slide(slides, deck, slide_plan, number, plan.lang, brand, furniture)
        _title_first(slide, seen)
        if slide_plan.figure is not None and slide_plan.figure.number in charts:
            figure = slide_plan.figure
            from briefpub.deck.charts import add_chart  # with XlsxWriter: only for a deck with a chart

            chart = charts[figure.number]
            add_chart(
                slide, figure.box, chart, _timestamp(briefing), figure.text_color, plan.lang, figure.shades
            )
        elif slide_plan.figure is not None:
            _picture(slide, slide_plan.figure, figures[slide_plan.figure.number], plan.lang, cache)
        if slide_plan.table is not None:
            table = slide_plan.table
            _table(slide, table, str(captions[table.number]), plan.lang, table.font, table_style)
        for aside in slide_plan.asides:
            _aside(slide, aside, plan.lang, brand.font_body)
    _core_properties(deck, briefing)
    _default_language(deck, plan.lang)
    return save(deck, _timestamp(briefing))


def _slide(
    slides: _SlideAppender,
    deck: Any,
    plan: SlidePlan,
    number: int,
    lang: str,
    brand: Brand,
    furniture: dict[tuple[int, int], dict[int, Any]],
) -> Any:
    """Add the slide ``plan`` describes and return it."""
    layout = deck.slide_masters[plan.master].slide_layouts[plan.layout_index]
    slide = slides.add(layout)
    texts = {text.placeholder: text for text in plan.texts if not text.added}
    by_idx = {}
    for shape in list(slide.placeholders):  # python-pptx's lookups are slow: one pass
        idx = shape.placeholder_format.idx
        if idx in texts:
            by_idx[idx] = shape
        else:  # unused boxes would show their prompts
            shape.element.getparent().remove(shape.element)
    for text in plan.texts:
        if text.added:  # a title in a cover's clear area: a placeholder the layout does not have
            family = (brand.font_heading if text.heading else brand.font_body) or text.font
            _set_text(_added_placeholder(slide, text), text, lang, family, title=text.heading)
            _spell_out_style(slide.shapes[-1], text)
            continue
        shape = by_idx[text.placeholder]
        if text.moved:
            box = text.box
            shape.left, shape.top = _emu(box.left), _emu(box.top)
            shape.width, shape.height = _emu(box.width), _emu(box.height)
        family = brand.font_heading if text.heading else brand.font_body
        _set_text(shape, text, lang, family, title=shape.element.ph_type in _TITLES)
    if plan.furniture:
        key = (plan.master, plan.layout_index)
        if key not in furniture:
            furniture[key] = {ph.placeholder_format.idx: ph for ph in layout.placeholders}
        layout_furniture = furniture[key]
        for item in plan.furniture:
            source = layout_furniture.get(item.placeholder)
            if source is not None:
                slide.shapes.clone_placeholder(source)
                sp = slide.shapes.element[-1]  # the clone is appended last
                if item.box is not None:  # kept clear of the template's artwork
                    clone = slide.shapes[-1]
                    clone.left, clone.top = _emu(item.box.left), _emu(item.box.top)
                    clone.width, clone.height = _emu(item.box.width), _emu(item.box.height)
                run_style = _inherited_run_style(source.element, layout.slide_master.element)
                _set_furniture(sp, item, lang, f"{number}:{item.kind}", run_style)
                if item.box is None:
                    _keep_text_direction(slide.shapes[-1], source, layout.slide_master.element)
    _notes(slides.notes, slide, plan.notes, lang)
    return slide


def _added_placeholder(slide: Any, text: TextPlan) -> Any:
    """Add a title (or subtitle) placeholder in ``text``'s box to a slide whose layout has none; return it.

    A placeholder, not a text box: the slide keeps a title, first in its
    reading order, for screen readers and the outline. Its layout having
    none, it inherits from the master's title (or body) style; the plan's
    style is written on it (:func:`_spell_out_style`).
    """
    tree = slide.shapes.element
    free = 1 + max(
        (int(c.get("id", "0")) for c in tree.iter(qn("p:cNvPr")) if c.get("id", "").isdigit()), default=1
    )
    kind = '<p:ph type="ctrTitle"/>' if text.heading else f'<p:ph type="subTitle" idx="{text.placeholder}"/>'
    box = text.box
    sp = parse_xml(
        f'<p:sp xmlns:p="{_P_NS}" xmlns:a="{_A_NS}"><p:nvSpPr><p:cNvPr id="{free}" name="{text.name}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{kind}</p:nvPr></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{_emu(box.left)}" y="{_emu(box.top)}"/>'
        f'<a:ext cx="{_emu(box.width)}" cy="{_emu(box.height)}"/></a:xfrm></p:spPr>'
        '<p:txBody><a:bodyPr wrap="square"><a:noAutofit/></a:bodyPr><a:lstStyle/><a:p/></p:txBody></p:sp>'
    )
    tree.append(sp)
    return slide.shapes[-1]


_P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_ANCHORS = {"t": MSO_ANCHOR.TOP, "ctr": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}


def _spell_out_style(shape: Any, text: TextPlan) -> None:
    """Write on an added placeholder what a layout's would give: anchor, alignment, weight, case, colour."""
    frame = shape.text_frame
    frame.vertical_anchor = _ANCHORS.get(text.anchor, MSO_ANCHOR.TOP)
    for paragraph in frame.paragraphs:
        paragraph_xml(paragraph).get_or_add_pPr().set("algn", text.align)
        for run in paragraph.runs:
            if text.bold:
                run.font.bold = True
            if text.italic:
                run.font.italic = True
            if text.caps:
                run_xml(run).get_or_add_rPr().set("cap", "all")
            if run.font.color.type is None:
                _colour(run, text.shows)


class _SlideAppender:
    """Adds slides to a deck in constant time each, as python-pptx's ``add_slide`` would.

    python-pptx finds a free slide id by reading every id, relates a new slide
    by comparing it with every relationship the presentation has, and names a
    notes slide by walking every part: a 750-slide deck spent most of its time
    there. Nothing but this emitter adds parts while a deck is written, so
    names and ids are gathered once and counted on from there; the package is
    the same, byte for byte.
    """

    SLIDE_NAME = "/ppt/slides/slide%d.xml"

    def __init__(self, deck: Any) -> None:
        self._presentation = deck.part
        self._package = deck.part.package
        self._ids = deck.element.get_or_add_sldIdLst()
        self._next_id = max([255, *(int(s.get("id")) for s in self._ids.sldId_lst)]) + 1
        self._taken: dict[str, set[str]] = {}
        name_parts_with(self._package, self._next_partname)  # also used for notes slides
        self.notes = NotesSlides()
        """The deck's notes slides: each made as the first was."""
        self._made = SlideCopies()

    def add(self, layout: Any) -> Any:
        """Append a slide on ``layout`` with the layout's placeholders, and return it."""
        name = self._next_partname(self.SLIDE_NAME)
        part = self._made.new(name, self._package, layout)  # with the layout's placeholders
        # A new part has no relationship to match: add one without python-pptx's search for it.
        rid = add_relationship(self._presentation.rels, RT.SLIDE, part)
        slide = part.slide
        add_slide_id(self._ids, self._next_id, rid)
        self._next_id += 1
        return slide

    def _next_partname(self, template: str) -> PackURI:
        """Return the first free name of ``template``'s kind (``/ppt/slides/slide%d.xml``)."""
        names = self._taken.get(template)
        if names is None:
            prefix = template[: (template % 42).find("42")]
            names = self._taken[template] = {
                str(p.partname) for p in self._package.iter_parts() if p.partname.startswith(prefix)
            }
        number = len(names) + 1
        while template % number in names:
            number += 1
        names.add(template % number)
        return PackURI(template % number)


def _emu(points: float) -> int:
    return round(points * _EMU_PER_PT)


def _set_text(shape: Any, plan: TextPlan, lang: str, family: str | None, title: bool = False) -> None:
    """Write ``plan``'s paragraphs into ``shape``; a title without its footnote calls.

    A call in a title ("Output in 2026³", a table's caption) is read by a
    screen reader as digits run into the words ("20263"); the note is in the
    slide's speaker notes all the same.
    """
    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    left, top, right, bottom = (Pt(inset) for inset in plan.insets)
    frame.margin_left, frame.margin_top, frame.margin_right, frame.margin_bottom = left, top, right, bottom
    size = plan.size
    for index, (text, runs) in enumerate(zip(plan.paragraphs, plan.runs, strict=True)):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.line_spacing = Pt(size * LINE_SPACING)
        paragraph.space_before = Pt(size * PARAGRAPH_GAP if index else 0)
        paragraph.space_after = Pt(0)
        p_pr = paragraph_xml(paragraph).get_or_add_pPr()
        p_pr.set("hangingPunct", "0")  # punctuation stays inside the box, as measured
        if i18n.starts_rtl(text):
            p_pr.set("rtl", "1")
            if plan.rtl_align is not None:
                p_pr.set("algn", plan.rtl_align)
        bullets = plan.bullets if index >= plan.plain else "none"
        if bullets == "added":
            p_pr.set("marL", str(_emu(plan.indent)))
            p_pr.set("indent", str(-_emu(plan.indent)))
        if bullets != "none" and plan.numbered is not None:
            start = str(plan.numbered + index - plan.plain)
            _insert_bullet(p_pr, "a:buAutoNum", type="arabicPeriod", startAt=start)
        elif bullets == "added":
            _insert_bullet(p_pr, "a:buChar", char="•")
        elif bullets == "none" and not plan.heading:
            p_pr.set("marL", "0")
            p_pr.set("indent", "0")
            _insert_bullet(p_pr, "a:buNone")
        for run_plan in runs:
            if title and run_plan.superscript:
                continue
            run = _add_run(paragraph, run_plan, lang, family)
            run.font.size = Pt(size)
            color = plan.color if run_plan.href is None else plan.link_color
            if color:
                _colour(run, color)


def _colour(run: Any, color: str) -> None:
    """Set a run's colour; a link's too, marked to show it instead of the theme's hyperlink colour.

    PowerPoint (2019 on) and LibreOffice colour a link in the theme's
    ``hlink`` unless its ``hlinkClick`` carries the ``hlinkClr val="tx"``
    extension, which says "in the run's colour".
    """
    run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))  # type: ignore[no-untyped-call]
    click = run_xml(run).find(f"{qn('a:rPr')}/{qn('a:hlinkClick')}")
    if click is not None and click.find(qn("a:extLst")) is None:
        extensions = etree.SubElement(click, qn("a:extLst"))
        extension = etree.SubElement(extensions, qn("a:ext"), uri=_HYPERLINK_COLOUR)
        etree.SubElement(
            extension, f"{{{_HYPERLINK_COLOUR_NS}}}hlinkClr", nsmap={"ahyp": _HYPERLINK_COLOUR_NS}, val="tx"
        )


_HYPERLINK_COLOUR = "{A12FA001-AC4F-418D-AE19-62706E023703}"
_HYPERLINK_COLOUR_NS = "http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor"


def _add_run(paragraph: Any, plan: RunPlan, lang: str, family: str | None = None) -> Any:
    """Add one run in its style: bold and italic only where the text says (the rest inherits)."""
    run = paragraph.add_run()
    run.text = plan.text
    if plan.code:
        run.font.name = MONOSPACE
    elif family:
        run.font.name = family
    if plan.bold:
        run.font.bold = True
    if plan.italic:
        run.font.italic = True
    properties = run_xml(run).get_or_add_rPr()
    properties.set("lang", lang)
    if plan.superscript:
        properties.set("baseline", "30000")
    if plan.href is not None:
        _link(run, plan.href)
    return run


_LINKS: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()
"""Each slide or notes part's hyperlinks: address -> relationship id, counted as they are added."""


def _link(run: Any, href: str) -> None:
    """Make ``run`` a hyperlink to ``href``, in constant time however many links its part has.

    python-pptx's ``run.hyperlink.address`` looks for an existing relationship
    to the address by regrouping every relationship of the part, so ten
    thousand links in one paragraph took minutes. The same relationship is
    reused for the same address, as python-pptx does.
    """
    part = run.part
    known = _LINKS.get(part)
    if known is None:
        known = _LINKS[part] = {
            rel.target_ref: rel.rId
            for rel in part.rels.values()
            if rel.is_external and rel.reltype == RT.HYPERLINK
        }
    rid = known.get(href)
    if rid is None:
        rid = known[href] = add_relationship(part.rels, RT.HYPERLINK, href, is_external=True)
    run_xml(run).get_or_add_rPr().add_hlinkClick(rid)


def _aside(slide: Any, plan: AsidePlan, lang: str, family: str | None) -> None:
    """Add a caption or source line: a text box exactly where and as large as the plan measured it."""
    box = plan.box
    shape = slide.shapes.add_textbox(_emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height))
    shape.name = "Caption" if plan.kind == "caption" else "Sources"
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_top = frame.margin_right = frame.margin_bottom = 0
    paragraph = frame.paragraphs[0]
    paragraph.line_spacing = Pt(plan.size * LINE_SPACING)
    paragraph_xml(paragraph).get_or_add_pPr().set("hangingPunct", "0")
    if plan.align is not None:
        paragraph_xml(paragraph).get_or_add_pPr().set("algn", plan.align)
    if i18n.starts_rtl("".join(run.text for run in plan.runs)):
        paragraph_xml(paragraph).get_or_add_pPr().set("rtl", "1")
    for run_plan in plan.runs:
        run = _add_run(paragraph, run_plan, lang, family)
        run.font.size = Pt(plan.size)
        _colour(run, plan.color)


def _picture(slide: Any, plan: FigurePlan, figure: Figure, lang: str, cache: Cache | None) -> None:
    """Add a figure's picture in its planned box, with its alternative text; SVG becomes a PNG first.

    A figure the writer gave no words ("Figure 2", as its caption on the
    slide says) still has some: PowerPoint's checker asks for them, and
    ``check --a11y`` tells the writer to write better ones.
    """
    data = figure.data
    if figure.media_type == "image/svg+xml":
        data = svg_figure(data, plan.box.width, display_path(figure.path), cache)
    box = plan.box
    picture = slide.shapes.add_picture(
        io.BytesIO(data), _emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height)
    )
    properties = picture.element.nvPicPr.cNvPr
    properties.set("name", f"Figure {figure.number}")
    properties.set("descr", figure.alt or f"{i18n.labels(lang).figure} {figure.number}")


SVG_PIXELS_PER_POINT = 4
"""How finely an SVG figure is drawn for the deck: four pixels a point is about 290 dpi."""


def svg_figure(data: bytes, width: float, where: str, cache: Cache | None = None) -> bytes:
    """Return an SVG drawn as PNG at most 4,000 pixels wide, kept in ``cache`` (:mod:`briefpub.rasterise`)."""
    pixels = min(round(width * SVG_PIXELS_PER_POINT), 4000)
    return kept_svg_to_png(data, where, cache, width=pixels)


def _table(
    slide: Any, plan: TablePlan, caption: str, lang: str, family: str | None, style: str | None
) -> None:
    """Add a native table (a graphic frame holding ``a:tbl``) with the plan's columns, rows and size."""
    from briefpub.deck.tables import CELL_INSETS  # a deck without tables never imports it

    box = plan.box
    frame = slide.shapes.add_table(
        len(plan.rows), len(plan.columns), _emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height)
    )
    properties = frame.element.nvGraphicFramePr.cNvPr
    properties.set("name", f"Table {plan.number}")
    header = ", ".join("".join(run.text for run in cell) for cell in plan.rows[0] if cell)
    properties.set("descr", caption or f"{i18n.labels(lang).table} {plan.number}: {header}")
    table = frame.table
    table.first_row, table.horz_banding = True, True  # the style's header row and banded rows
    for column, width in zip(table.columns, plan.columns, strict=True):
        column.width = _emu(width)
    for row, height in zip(table.rows, plan.heights, strict=True):
        row.height = _emu(height)
    left, top, right, bottom = (Pt(inset) for inset in CELL_INSETS)
    # The cells straight from the XML, in one pass: python-pptx's row.cells[c] searches for each.
    for r, (tr, row_runs) in enumerate(zip(table_xml(table).tr_lst, plan.rows, strict=True)):
        for c, (tc, runs) in enumerate(zip(tr.tc_lst, row_runs, strict=True)):
            cell = table_cell(tc, table)
            cell.margin_left, cell.margin_top, cell.margin_right, cell.margin_bottom = (
                left,
                top,
                right,
                bottom,
            )
            cell.vertical_anchor = MSO_ANCHOR.BOTTOM if r == 0 else MSO_ANCHOR.TOP
            cell.text_frame.word_wrap = True
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.line_spacing = Pt(plan.size * LINE_SPACING)
            p_pr = paragraph_xml(paragraph).get_or_add_pPr()
            p_pr.set("algn", plan.align[c])
            p_pr.set("hangingPunct", "0")
            if i18n.starts_rtl("".join(run.text for run in runs)):
                p_pr.set("rtl", "1")
            colour = plan.colors[0 if r == 0 else 1 if r % 2 else 2]
            for run_plan in runs:
                run = _add_run(paragraph, run_plan, lang, family)
                run.font.size = Pt(plan.size)
                if r == 0:
                    run.font.bold = True
                if colour is not None:  # the style's own would not stand out from this band's fill
                    _colour(run, colour)
    if i18n.is_rtl(lang):
        table_xml(table).tblPr.set("rtl", "1")
    if style is not None:  # the master's default table style, as PowerPoint's Insert Table would
        style_id = table_xml(table).tblPr.find(qn("a:tableStyleId"))
        if style_id is not None:
            style_id.text = style


def _insert_bullet(p_pr: Any, tag: str, **attributes: str) -> None:
    """Add a bullet element where the schema wants it: after spacing, before tabs and run defaults."""
    for old in (qn("a:buNone"), qn("a:buChar"), qn("a:buAutoNum")):
        for element in p_pr.findall(old):
            p_pr.remove(element)
    bullet = etree.SubElement(p_pr, qn(tag), **attributes)
    for later in ("a:tabLst", "a:defRPr", "a:extLst"):
        element = p_pr.find(qn(later))
        if element is not None:
            element.addprevious(bullet)
            break


def _inherited_run_style(layout_sp: Any, master: Any) -> Any | None:
    """Return the first-level run defaults a furniture placeholder inherits (layout's, else master's).

    Written out on the run: PowerPoint would inherit them anyway, but
    LibreOffice sets a footer in its own default font and colour otherwise.
    """
    path = f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"
    found = layout_sp.find(path)
    if found is None:
        master_sp = master_placeholder(master, placeholder_type(layout_sp))
        found = master_sp.find(path) if master_sp is not None else None
    return found


_TURNS = {"vert": 5400000, "vert270": 16200000}
"""``bodyPr vert`` values drawn as a box turned a quarter: its text reads down (``vert``) or up."""


def _keep_text_direction(clone: Any, source: Any, master: Any) -> None:
    """Set a furniture clone's text on its side as the layout does: a footer up the edge stays vertical.

    A layout's ``bodyPr vert="vert270"`` in a tall box is written as what
    PowerPoint draws for it, the box turned a quarter with its text across:
    LibreOffice ignores ``vert`` on a slide's placeholder and sets the
    footer one letter a line down the narrow box.
    """
    path = f"{qn('p:txBody')}/{qn('a:bodyPr')}"
    master_sp = master_placeholder(master, placeholder_type(source.element))
    bodies = (source.element.find(path), master_sp.find(path) if master_sp is not None else None)
    vert = next((body.get("vert") for body in bodies if body is not None and body.get("vert")), None)
    if vert not in _TURNS:
        return
    left, top, width, height = source.left, source.top, source.width, source.height
    if None in (left, top, width, height):
        return
    centre_x, centre_y = left + width // 2, top + height // 2
    clone.left, clone.top = centre_x - height // 2, centre_y - width // 2
    clone.width, clone.height = height, width
    clone.element.spPr.find(qn("a:xfrm")).set("rot", str(_TURNS[vert]))
    body = clone.element.find(path)
    if body is not None:
        body.set("vert", "horz")


def _set_furniture(sp: Any, item: FurniturePlan, lang: str, seed: str, run_style: Any | None) -> None:
    """Fill a slide number (a field PowerPoint renumbers), footer or date placeholder."""
    assert item.kind in FURNITURE
    body = sp.find(qn("p:txBody"))
    if body is None:
        body = etree.SubElement(sp, qn("p:txBody"))
        etree.SubElement(body, qn("a:bodyPr"))
        etree.SubElement(body, qn("a:lstStyle"))
    for paragraph in body.findall(qn("a:p")):
        body.remove(paragraph)
    paragraph = etree.SubElement(body, qn("a:p"))
    if item.kind == "sldNum":
        run = etree.SubElement(paragraph, qn("a:fld"), id=field_id(seed), type="slidenum")
        text = "‹#›"
    else:
        run = etree.SubElement(paragraph, qn("a:r"))
        text = item.text
    properties = etree.SubElement(run, qn("a:rPr"))
    if run_style is not None:
        properties.attrib.update(run_style.attrib)
        properties.extend(copy.deepcopy(child) for child in run_style)
    properties.set("lang", lang)
    if item.color:  # the template's would not stand out from the background here
        for fill in properties.findall(qn("a:solidFill")):
            properties.remove(fill)
        fill = etree.Element(qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr"), val=item.color)
        properties.insert(_fill_position(properties), fill)
    etree.SubElement(run, qn("a:t")).text = text


def _fill_position(properties: Any) -> int:
    """Return where a fill goes among a run's properties: after ``a:ln``, before fonts and effects."""
    for position, child in enumerate(properties):
        if child.tag not in (qn("a:ln"),):
            return position
    return len(properties)


def _notes(notes: NotesSlides, slide: Any, paragraphs: Sequence[NoteParagraph], lang: str) -> None:
    if not paragraphs:
        return
    frame = notes.of(slide).notes_text_frame
    frame.clear()
    for index, note in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        text = "".join(run.text for run in note.runs)
        if i18n.starts_rtl(text):
            paragraph_xml(paragraph).get_or_add_pPr().set("rtl", "1")
        if note.bullet:
            p_pr = paragraph_xml(paragraph).get_or_add_pPr()
            p_pr.set("marL", str(_emu(18)))
            p_pr.set("indent", str(-_emu(18)))
            if note.bullet == "•":
                _insert_bullet(p_pr, "a:buChar", char="•")
            else:
                _insert_bullet(p_pr, "a:buAutoNum", type="arabicPeriod", startAt=note.bullet.rstrip("."))
        for run in note.runs:
            _add_run(paragraph, run, lang)


_TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


def _title_first(slide: Any, seen: Counter[str]) -> None:
    """Put the slide's title first in its reading order, told apart from earlier slides' titles.

    Screen readers (and PowerPoint's accessibility checker) read a slide's
    shapes in the order of its shape tree, and list slides by their titles.
    A continued table or answer is numbered by the plan (:mod:`titles`); a
    title that still repeats an earlier one gets ``(2)``, ``(3)``.
    """
    tree = slide.shapes.element
    title = next((sp for sp in tree.iterchildren(qn("p:sp")) if sp.ph_type in _TITLES), None)
    if title is None:
        return
    first = next(c for c in tree.iterchildren() if c.tag not in (qn("p:nvGrpSpPr"), qn("p:grpSpPr")))
    if first is not title:
        first.addprevious(title)
    key = title_key("".join(t.text or "" for t in title.iter(qn("a:t"))))
    repeat = seen[key]
    seen[key] += 1
    runs = list(title.iter(qn("a:r")))
    if repeat and runs:
        last = copy.deepcopy(runs[-1])
        last.find(qn("a:t")).text = f" ({repeat + 1})"
        runs[-1].addnext(last)


def _default_language(deck: Any, lang: str) -> None:
    """Say the deck's language in the presentation's default text style, as PowerPoint's checker asks.

    Every run carries ``lang`` already; text a presenter adds later takes it from here.
    """
    presentation = deck.element
    style = presentation.find(qn("p:defaultTextStyle"))
    if style is None:
        style = presentation.makeelement(qn("p:defaultTextStyle"), {})
        follower = next((c for c in presentation if c.tag in (qn("p:modifyVerifier"), qn("p:extLst"))), None)
        if follower is None:
            presentation.append(style)
        else:
            follower.addprevious(style)
    if style.find(qn("a:lvl1pPr")) is None:
        style.append(style.makeelement(qn("a:lvl1pPr"), {}))
    for level in style:
        if not level.tag.lower().endswith("ppr"):  # defPPr and lvl1pPr to lvl9pPr
            continue
        defaults = level.find(qn("a:defRPr"))
        if defaults is None:  # before an extLst, the one child that may follow it
            defaults = level.makeelement(qn("a:defRPr"), {})
            extensions = level.find(qn("a:extLst"))
            if extensions is None:
                level.append(defaults)
            else:
                extensions.addprevious(defaults)
        defaults.set("lang", lang)


def _core_properties(deck: Any, briefing: Briefing) -> None:
    meta = briefing.meta
    props = deck.core_properties
    stamp = _timestamp(briefing)
    props.title = briefing.title[:255]
    props.author = "; ".join(meta.authors)[:255]
    props.subject = (meta.summary or (briefing.key_points[0] if briefing.key_points else ""))[:255]
    props.keywords = ", ".join(meta.tags)[:255]
    props.language = meta.lang
    props.category = (meta.publication or "")[:255]
    props.comments = ""
    props.last_modified_by = "briefpub"
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def _timestamp(briefing: Briefing) -> datetime.datetime:
    """Return the deck's one timestamp (core properties need one): see :func:`source_date`."""
    return source_date(briefing) or datetime.datetime(2000, 1, 1)
