"""The deck: one slide per question on the user's own .pptx master, text measured to fit.

Slide roles (title, key points, agenda, question) map to layouts by name;
body paragraphs become the speaker notes, paragraph by paragraph.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from briefpub import i18n
from briefpub.deck import textfit
from briefpub.config import Brand, SlidesConfig
from briefpub.deck.master import (
    DEFAULT_LAYOUTS,
    PACKAGE_DECK,
    open_template,
    save,
    theme_fonts,
)
from briefpub.errors import Diagnostic, RenderError, TemplateError, Warn, shorten
from briefpub.files import display_path
from briefpub.model import Briefing
from briefpub.output import source_date
from briefpub.deck.textfit import DESCENT_ALLOWANCE, LINE_SPACING, PARAGRAPH_GAP, Font

_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
_INSET = Pt(5)
_BULLET_INDENT = Pt(24)


def render_slides(
    briefing: Briefing,
    *,
    template: Path | None = None,
    brand: Brand | None = None,
    options: SlidesConfig | None = None,
    warn: Warn | None = None,
) -> bytes:
    """Return the deck for ``briefing`` as .pptx bytes, on ``template`` or the packaged default."""
    options = options or SlidesConfig()
    path = template or PACKAGE_DECK
    deck = open_template(path, warn)
    builder = _Builder(deck, briefing, options, brand or Brand(), path, warn or (lambda _: None))
    builder.build()
    _core_properties(deck, briefing)
    return save(deck, _timestamp(briefing))


@dataclass
class _Box:
    """A text placeholder's usable area, in points."""

    width: float
    height: float


class _Builder:
    def __init__(
        self,
        deck: Any,
        briefing: Briefing,
        options: SlidesConfig,
        brand: Brand,
        path: Path,
        warn: Warn,
    ) -> None:
        self.deck = deck
        self.briefing = briefing
        self.options = options
        self.brand = brand
        self.path = path
        self.warn = warn
        self.lang = briefing.meta.lang
        self.labels = i18n.labels(self.lang)
        self.layouts = {
            role: self.layout(role) for role in DEFAULT_LAYOUTS if role != "agenda" or options.agenda
        }
        # Titles keep the template's colour unless the project sets its own.
        self.recolor = brand.primary != Brand().primary
        self.theme_fonts = theme_fonts(deck)
        self.line: int | None = None  # the source line of the slide being built, once it is a question
        self.reported_fonts: set[str] = set()

    def layout(self, role: str) -> Any:
        mapped = self.options.layouts.get(role)
        wanted = (mapped,) if mapped else DEFAULT_LAYOUTS[role]
        by_name = {layout.name: layout for layout in reversed(self.deck.slide_layouts)}
        for name in wanted:
            if name in by_name:
                return by_name[name]
        names = ", ".join(repr(layout.name) for layout in self.deck.slide_layouts)
        asked = " or ".join(repr(name) for name in wanted)
        raise TemplateError.at(
            str(self.path),
            None,
            f"no layout named {asked} for {role} slides; the template has {names} "
            f'(map one in briefpub.toml: [slides.layouts] {role} = "...")',
        )

    def build(self) -> None:
        self.title_slide()
        if self.briefing.key_points:
            self.list_slides(
                "key_points", self.labels.key_points, self.briefing.key_points, self.briefing.introduction
            )
        if self.options.agenda:
            self.list_slides(
                "agenda", self.labels.questions, [s.question for s in self.briefing.sections], ()
            )
        for section in self.briefing.sections:
            self.line = section.line
            self.question_slide(section.question, section.answer, section.body)

    # --- slides ------------------------------------------------------------------

    def title_slide(self) -> None:
        meta = self.briefing.meta
        slide = self.deck.slides.add_slide(self.layouts["title"])
        title, body = self.placeholders(slide, "title")
        lines = [
            meta.subtitle or meta.publication or "",
            " · ".join(
                filter(
                    None, [i18n.format_date(meta.date, self.lang), i18n.join_names(meta.authors, self.lang)]
                )
            ),
        ]
        lines = [line for line in lines if line]
        self.fill_title(title, self.briefing.title, body, larger=True)
        if body is not None:
            if lines:
                self.fill(
                    body, lines, bullets=False, largest=self.options.body_max_pt - 4, what="title slide"
                )
            else:
                body.element.getparent().remove(body.element)
        notes = [] if self.briefing.key_points else list(self.briefing.introduction)
        self.notes(slide, notes)

    def list_slides(self, role: str, title: str, items: Sequence[str], notes: Sequence[str]) -> None:
        """Add bullet slides for ``items``, continuing on more slides when the minimum size would not fit."""
        _, body = _title_and_body(self.layouts[role].placeholders, role)
        if body is None:
            raise self.missing(role, "a body placeholder")
        box = self.box(body)
        font = self.font(bold=False)
        chunks: list[list[str]] = [[]]
        for item in items:
            candidate = [*chunks[-1], item]
            size = textfit.fit_size(
                candidate,
                font,
                box.width - _BULLET_INDENT.pt,
                box.height,
                self.options.body_max_pt,
                self.options.body_min_pt,
            )
            if size is None and chunks[-1]:
                chunks.append([item])
            else:
                chunks[-1] = candidate
        for number, chunk in enumerate(chunks, 1):
            numbered = f"{title} ({number}/{len(chunks)})" if len(chunks) > 1 else title
            self.list_slide(role, numbered, chunk, notes if number == 1 else ())

    def list_slide(self, role: str, title_text: str, items: Sequence[str], notes: Sequence[str]) -> None:
        slide = self.deck.slides.add_slide(self.layouts[role])
        title, body = self.placeholders(slide, role)
        self.fill_title(title, title_text, body)
        if body is None:
            raise self.missing(role, "a body placeholder")
        self.fill(body, items, bullets=True, what=title_text)
        self.notes(slide, notes)

    def question_slide(self, question: str, answer: str, body_paragraphs: Sequence[str]) -> None:
        slide = self.deck.slides.add_slide(self.layouts["question"])
        title, body = self.placeholders(slide, "question")
        if body is None:
            raise self.missing("question", "a body placeholder for the answer")
        self.fill_title(title, question, body)
        self.fill(body, [answer], bullets=False, what=f"the answer to '{shorten(question)}'")
        self.notes(slide, body_paragraphs)

    # --- placeholders and text ---------------------------------------------------

    def placeholders(self, slide: Any, role: str) -> tuple[Any, Any | None]:
        title, body = _title_and_body(slide.placeholders, role)
        keep = {id(shape.element) for shape in (title, body) if shape is not None}
        for shape in list(slide.placeholders):  # empty date/footer/number boxes would show prompts
            if id(shape.element) not in keep:
                shape.element.getparent().remove(shape.element)
        if title is None:
            raise self.missing(role, "a title placeholder")
        return title, body

    def missing(self, role: str, what: str) -> TemplateError:
        name = self.layouts[role].name
        return TemplateError.at(
            display_path(self.path), None, f"layout {name!r} ({role} slides) has no {what}"
        )

    def box(self, shape: Any) -> _Box:
        return _Box(Emu(shape.width).pt - 2 * _INSET.pt, Emu(shape.height).pt - 2 * _INSET.pt)

    def font(self, bold: bool, heading: bool = False) -> Font:
        family = (self.brand.font_heading if heading else self.brand.font_body) or self.theme_fonts[heading]
        font = textfit.find_font(family, bold)
        if font.stand_in and font.name not in self.reported_fonts:
            self.reported_fonts.add(font.name)
            self.warn(
                Diagnostic(
                    display_path(self.path),
                    None,
                    f"font {font.name!r} is not installed, so slide text is measured with wider "
                    "stand-in metrics and may be set smaller than needed; install it for an exact fit",
                )
            )
        return font

    def fill_title(self, title: Any, text: str, body: Any | None, larger: bool = False) -> None:
        """Set a title, growing its box into the body's when even the minimum size needs more room."""
        options = self.options
        largest = options.title_max_pt + (8 if larger else 0)
        font = self.font(bold=True, heading=True)
        box = self.box(title)
        size = textfit.fit_size([text], font, box.width, box.height, largest, options.title_min_pt)
        if size is None and body is not None:
            needed = textfit.text_height([text], font, options.title_min_pt, box.width) + 2 * _INSET.pt
            room = Emu(body.height).pt * 0.5
            grow = min(needed - Emu(title.height).pt, room)
            if grow > 0:
                _place(title, title.left, title.top, title.width, title.height + Pt(grow))
                _place(body, body.left, body.top + Pt(grow), body.width, body.height - Pt(grow))
                box = self.box(title)
                size = textfit.fit_size([text], font, box.width, box.height, largest, options.title_min_pt)
        if size is None:
            size = textfit.shrink_to_fit([text], font, box.width, box.height, options.title_min_pt)
            if size is None:
                raise self.too_long(f"the title '{shorten(text)}'", text, self.line)
            self.note(
                f"the title '{shorten(text)}' is set at {size:g} pt, "
                f"below the {options.title_min_pt:g} pt minimum, to fit its box"
            )
        self.set_text(title, [text], size, bullets=False, heading=True)

    def fill(
        self, shape: Any, paragraphs: Sequence[str], bullets: bool, what: str, largest: float = 0
    ) -> None:
        options = self.options
        font = self.font(bold=False)
        box = self.box(shape)
        width = box.width - (_BULLET_INDENT.pt if bullets else 0)
        top = largest or options.body_max_pt
        size = textfit.fit_size(paragraphs, font, width, box.height, top, min(options.body_min_pt, top))
        if size is None:
            size = textfit.shrink_to_fit(paragraphs, font, width, box.height, options.body_min_pt)
            if size is None:
                raise self.too_long(what, " ".join(paragraphs), self.line)
            self.note(
                f"{what} is set at {size:g} pt, below the {options.body_min_pt:g} pt "
                "minimum, to fit its box; consider shortening it"
            )
        self.set_text(shape, paragraphs, size, bullets=bullets)

    def set_text(
        self,
        shape: Any,
        paragraphs: Sequence[str],
        size: float,
        bullets: bool,
        heading: bool = False,
    ) -> None:
        frame = shape.text_frame
        frame.clear()
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = frame.margin_top = _INSET
        frame.margin_bottom = Pt(_INSET.pt + size * DESCENT_ALLOWANCE)  # keeps bottom-anchored descenders in
        family = self.brand.font_heading if heading else self.brand.font_body
        for index, text in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.line_spacing = Pt(size * LINE_SPACING)
            paragraph.space_before = Pt(size * PARAGRAPH_GAP if index else 0)
            paragraph.space_after = Pt(0)
            p_pr = paragraph._p.get_or_add_pPr()
            p_pr.set("hangingPunct", "0")  # punctuation stays inside the box, as measured
            if i18n.starts_rtl(text):
                p_pr.set("rtl", "1")
                p_pr.set("algn", "r")
            if bullets:
                p_pr.set("marL", str(_BULLET_INDENT))
                p_pr.set("indent", str(-_BULLET_INDENT))
            else:
                p_pr.set("marL", "0")
                p_pr.set("indent", "0")
                if not p_pr.findall(qn("a:buNone")):
                    _insert_bullet_none(p_pr)
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(size)
            if family:
                run.font.name = family
            if heading and self.recolor:
                run.font.color.rgb = RGBColor.from_string(self.brand.primary.lstrip("#"))  # type: ignore[no-untyped-call]
            run._r.get_or_add_rPr().set("lang", self.lang)

    def notes(self, slide: Any, paragraphs: Sequence[str]) -> None:
        if not paragraphs:
            return
        frame = slide.notes_slide.notes_text_frame
        frame.clear()
        for index, text in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            if i18n.starts_rtl(text):
                paragraph._p.get_or_add_pPr().set("rtl", "1")
            run = paragraph.add_run()
            run.text = text
            run._r.get_or_add_rPr().set("lang", self.lang)

    def note(self, message: str) -> None:
        self.warn(Diagnostic(self.where(), self.line, message))

    def too_long(self, what: str, text: str, line: int | None) -> RenderError:
        return RenderError.at(
            self.where(),
            line,
            f"{what} is too long for one slide ({len(text)} characters would need less than "
            f"{textfit.FLOOR_PT:g} pt); shorten it",
        )

    def where(self) -> str:
        source = self.briefing.source
        return str(source) if source else "<string>"


def _title_and_body(placeholders: Any, role: str) -> tuple[Any | None, Any | None]:
    """Return the title placeholder and the one for the text: the largest body box.

    Corporate layouts often add small text boxes (a kicker, a source line) beside
    the main one; the title slide prefers a subtitle box.
    """
    shapes = list(placeholders)
    title = next((s for s in shapes if s.placeholder_format.type in _TITLE_TYPES), None)
    bodies = [s for s in shapes if s.placeholder_format.type in _BODY_TYPES]
    subtitles = [s for s in bodies if s.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE]
    candidates = subtitles if role == "title" and subtitles else bodies
    body = max(candidates, key=lambda s: (s.width or 0) * (s.height or 0), default=None)
    return title, body


def _place(shape: Any, left: int, top: int, width: int, height: int) -> None:
    """Give a placeholder its own geometry (all four values: an inherited one would read back as 0)."""
    shape.left, shape.top, shape.width, shape.height = Emu(left), Emu(top), Emu(width), Emu(height)


def _insert_bullet_none(p_pr: Any) -> None:
    """Add ``a:buNone`` where the schema wants it: after spacing, before tabs and run defaults."""
    none = etree.SubElement(p_pr, qn("a:buNone"))
    for tag in ("a:tabLst", "a:defRPr", "a:extLst"):
        later = p_pr.find(qn(tag))
        if later is not None:
            later.addprevious(none)
            break


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
