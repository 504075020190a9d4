"""The deck plan: every slide decided from the briefing and the template, as plain data, before any pptx.

For each slide the plan says which layout it uses, which text goes in which
placeholder, in what font (the one measured) and size, with which line
breaks, and what it means for the reader (continued, below the minimum size).
It is made from a :class:`~briefpub.deck.master.Template`, never from
python-pptx objects, so tests, ``briefpub check --fit`` and previews read it
directly; :mod:`briefpub.deck.emit` only writes it down.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from briefpub import i18n
from briefpub.config import Brand, SlidesConfig
from briefpub.deck import furniture, tables, textfit
from briefpub.deck.contrast import Colourist
from briefpub.deck.geometry import Box
from briefpub.deck.layouts import (
    choose_layouts,
    figure_layout_by_boxes,
    layout_for,
    suitability,
    text_layouts,
    usable,
)
from briefpub.deck.master import Layout, Placeholder, Template
from briefpub.deck.runs import MONOSPACE, NoteParagraph, RunPlan, footnotes_in, notes_for, plain_runs, runs_of
from briefpub.deck.tables import TablePlan
from briefpub.deck.textfit import DESCENT_ALLOWANCE, LINE_SPACING, Face
from briefpub.deck.titles import continued
from briefpub.errors import Diagnostic, RenderError, TemplateError, shorten
from briefpub.files import display_path
from briefpub.model.briefing import Block, Briefing, Chart, Figure, ListBlock, Section, Table, inlines_of
from briefpub.model.richtext import Inline, Rich, Strong, Text, keep_last_words, split_at

_MIRRORED = {"l": "r", "r": "l"}
_FURNITURE_NAMES = {"sldNum": "slide number", "ftr": "footer", "dt": "date"}
BULLET_INDENT = 24.0
"""Room for a bullet, in points, where the template's text style has none of its own."""
NUMBER_INDENT = 1.8
"""Room for a point's number ("10."), in ems of the largest size the text may take."""
TITLE_GROWTH = 0.5
"""How much of the text box's height a long title may take, where the title sits above the text."""
ASIDE_SIZES = (12.0, 9.0)
"""The largest and smallest size of a figure's caption or a source line on a 13.33 in slide, in points."""
REFERENCE_WIDTH = 960.0
"""The slide width (13.33 in, in points) the minimum sizes are given for: a wider slide scales them up,
as it is projected smaller (a 20 in slide's 12 pt caption reads as 8 pt)."""
DRAGGED_DOWN = 0.8
"""Titles set this much smaller than most would be, to share one size, are said in a warning naming why."""
SUBTITLE_SHARE = 0.75
"""The most a title slide's subtitle may be of its title's size: the deck's title is its largest text."""
ASIDE_SHARE = 0.25
"""The most of a figure's box its caption may take."""
ASIDE_GAP = 6.0
"""Space between a picture and its caption, or a text and its source line, in points."""
MAX_UPSCALE = 2.0
"""How much larger than its natural size (at 96 pixels to the inch) a bitmap figure may be shown."""


@dataclass(frozen=True)
class TextPlan:
    """One text set in one placeholder."""

    placeholder: int
    """The placeholder's ``idx`` on the layout."""
    name: str
    """The placeholder's name, for reports."""
    box: Box
    """Where the text sits; differs from the layout's box when a title grew into the text's."""
    moved: bool
    """Whether ``box`` differs from the layout's (the emitter then sets the geometry)."""
    insets: tuple[float, float, float, float]
    """Left, top, right and bottom insets: the template's, with room below for descenders.

    Glyphs reach below the last line's pitch; in a bottom-anchored box they
    would cross its edge, so the bottom inset grows by what measuring allowed.
    """
    paragraphs: tuple[str, ...]
    """The texts, plain (see ``runs`` for their styles)."""
    runs: tuple[tuple[RunPlan, ...], ...]
    """Each paragraph as runs of one style: bold, italic, code, links, footnote numbers."""
    bullets: str
    """``none``; ``template`` (the placeholder's own bullets); ``added`` (a bullet the template lacks)."""
    rtl_align: str | None
    """The alignment for right-to-left paragraphs: the template's, mirrored (left becomes right,
    centred stays centred); None when the template's alignment serves both directions."""
    heading: bool
    size: float
    """The size set, in points."""
    ceiling: float
    """The template's own size (lowered by a configured cap): nothing is set larger."""
    minimum: float
    """The smallest legible size configured; ``size`` is below it only with a warning."""
    measured_with: str
    """The font family whose metrics decided the breaks (the typeface, its metric twin or a stand-in)."""
    lines: tuple[tuple[str, ...], ...]
    """Each paragraph's lines as measured."""
    lines_available: int
    """How many lines of ``size`` the box holds."""
    anchor: str = "t"
    """Where the template sets the text in its box: ``t``, ``ctr`` or ``b`` (previews draw it there)."""
    color: str | None = None
    """The colour to set (hex) where the template's own would not stand out from the background."""
    link_color: str | None = None
    """The colour for links, where the theme's hyperlink colour would not stand out."""
    shows: str = "000000"
    """The colour the text is seen in: ``color``, else the template's own (previews draw it)."""
    avoided: tuple[str, ...] = ()
    """The template artwork (logo, band, picture) the box was shrunk to keep clear of."""
    plain: int = 0
    """How many paragraphs at the start go without a bullet: an answer above its supporting points."""
    numbered: int | None = None
    """For numbered points: the first one's number (they are numbered, not bulleted)."""
    indent: float = 24.0
    """The hanging indent of a bullet or number briefpub adds, in points."""
    align: str = "l"
    """The template's horizontal alignment (``l``, ``ctr``, ``r``, ``just``): previews draw it."""
    bold: bool = False
    """The template sets the whole text bold (previews draw it; a run's own bold is in ``runs``)."""
    italic: bool = False
    """The template sets the whole text italic."""
    caps: bool = False
    """The template sets the text in capitals."""

    @property
    def lines_used(self) -> int:
        """Return how many lines the text takes."""
        return sum(len(paragraph) for paragraph in self.lines)

    @property
    def below_minimum(self) -> bool:
        """Return whether the text had to be set below the minimum size."""
        return self.size < self.minimum


@dataclass(frozen=True)
class FurniturePlan:
    """A slide number, footer or date placeholder, filled as PowerPoint's Header and Footer dialog does."""

    placeholder: int
    kind: str
    """``sldNum``, ``ftr`` or ``dt``."""
    text: str
    """The footer or date text; empty for the slide number, which is a field."""
    color: str | None = None
    """The colour to set where the template's own would not stand out from the background."""
    box: Box | None = None
    """Where it goes when the layout's box reaches into the template's artwork; None keeps the layout's."""
    words: Box | None = None
    """Where its words sit in its box (its alignment and anchor): what its colour is measured against."""


@dataclass(frozen=True)
class AsidePlan:
    """A small text briefpub adds to a slide: a figure's caption, a source line; measured like the rest."""

    kind: str
    """``caption`` or ``sources``."""
    box: Box
    runs: tuple[RunPlan, ...]
    size: float
    lines: tuple[str, ...]
    align: str | None = None
    """``ctr`` for a caption under its centred picture; None keeps the template's alignment."""
    color: str = "000000"
    """Its colour (hex): the slide text's, or another of the template's where that would not stand out."""


@dataclass(frozen=True)
class FigurePlan:
    """A figure placed on a slide: the image scaled into a box, its aspect ratio kept."""

    number: int
    """The figure's number in the briefing (the emitter takes its image from there)."""
    box: Box
    """Where the picture goes: inside the placeholder's box, centred, never cropped or stretched."""
    area: Box
    """The box it was fitted into."""
    alt: str
    """The picture's alternative text."""
    text_color: str | None = None
    """For a chart: the colour of its labels and legend, chosen to stand out from the slide."""


@dataclass(frozen=True)
class SlidePlan:
    """One slide."""

    role: str
    """``title``, ``key_points``, ``agenda`` or ``question``."""
    layout: str
    """The layout's name (qualified by its master's when two masters share it)."""
    master: int
    layout_index: int
    texts: tuple[TextPlan, ...]
    furniture: tuple[FurniturePlan, ...]
    notes: tuple[NoteParagraph, ...]
    part: tuple[int, int] | None
    """``(n, of)`` for a list continued over several slides."""
    line: int | None
    """The source line the slide comes from, where there is one."""
    figure: FigurePlan | None = None
    """A figure shown on the slide."""
    asides: tuple[AsidePlan, ...] = ()
    """A figure's caption and a source line, where the slide has room for them."""
    table: TablePlan | None = None
    """A table (or the rows of one that fit) shown on the slide, as a native table."""


@dataclass(frozen=True)
class DeckPlan:
    """The whole deck, decided."""

    template: str
    lang: str
    width: float
    height: float
    slides: tuple[SlidePlan, ...]
    diagnostics: tuple[Diagnostic, ...]
    answer_size: float | None = None
    """The one size of the deck's answers (those that fit at it; a slide that needs less is smaller)."""

    def to_dict(self) -> dict[str, Any]:
        """Return the plan as plain JSON-ready data."""
        data: dict[str, Any] = _lists(dataclasses.asdict(self))
        data["diagnostics"] = [str(d) for d in self.diagnostics]
        return data


def _lists(value: Any) -> Any:
    """Return ``value`` with tuples made lists, as JSON has them."""
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    return value


def plan_deck(
    briefing: Briefing, template: Template, options: SlidesConfig | None = None, brand: Brand | None = None
) -> DeckPlan:
    """Return the plan of the deck for ``briefing`` on ``template``; refuse a template that cannot hold it."""
    options = options or SlidesConfig()
    planner = _Planner(briefing, template, options, brand or Brand())
    return planner.plan()


def _with_descent(
    insets: tuple[float, float, float, float], size: float
) -> tuple[float, float, float, float]:
    left, top, right, bottom = insets
    return (left, top, right, bottom + DESCENT_ALLOWANCE * size)


class _Planner:
    """Plans one deck; holds what every slide needs and collects diagnostics."""

    def __init__(self, briefing: Briefing, template: Template, options: SlidesConfig, brand: Brand) -> None:
        self.briefing = briefing
        self.template = template
        self.options = options
        self.brand = brand
        self.lang = briefing.meta.lang
        self.labels = i18n.labels(self.lang)
        self.layouts = choose_layouts(template, options)
        self.diagnostics: list[Diagnostic] = []
        self.stand_ins: set[str] = set()
        self.furniture_said: set[tuple[str, str]] = set()
        self.text_cap: float | None = None
        """While answers (or one list's slides) are set at one size: that size, the most a text may take."""
        self.title_cap: float | None = None
        """While titles are set at one size: that size, the most a title may take."""
        self.scale = max(1.0, template.width / REFERENCE_WIDTH)
        """How much the minimum and secondary sizes grow on a slide wider than 13.33 in."""
        self.source = display_path(briefing.source) if briefing.source else "<string>"
        self.layouts["question"] = self.roomy_question_layout()

    def plan(self) -> DeckPlan:
        briefing = self.briefing
        slides = [self.title_slide()]
        if briefing.key_points:
            slides += self.list_slides(
                "key_points",
                self.labels.key_points,
                briefing.key_points,
                self.notes([*briefing.key_points], briefing.introduction),
            )
        slides += self.block_slides(briefing.introduction)  # with or without key points before them
        if self.options.agenda:
            slides += self.list_slides(
                "agenda", self.labels.questions, [s.question for s in briefing.sections], ()
            )
        figure_layout = self.figure_layout() if briefing.figures() or briefing.charts() else None
        questions: list[_Question] = []
        for section in briefing.sections:
            figures = [block for block in section.body if isinstance(block, Figure | Chart)]
            beside = figures[0] if figures and figure_layout is not None else None
            points = _points(section)
            said = len(self.diagnostics)
            layout, slide, shown = self.fitted_question(section, figure_layout, beside, points)
            beside = beside if slide.figure is not None else None
            chunks = self.answer_chunks(layout, section)
            if len(chunks) > 1:
                del self.diagnostics[said:]  # the answer is continued, not set below its minimum
                slides += self.continued_slides(layout, section, beside, chunks)
                shown = None
            else:
                questions.append(_Question(len(slides), layout, section, beside, shown))
                slides.append(slide)
            if points is not None and shown is None:
                slides += self.points_slides(section, points)
            slides += self.block_slides([block for block in section.body if block is not beside])
        answer_size = self.one_answer_size(slides, questions)
        self.one_title_size(slides)
        # Titles keep the template's colour unless the project's brand sets one.
        branded = self.brand.primary if self.brand.primary != Brand().primary else None
        colourist = Colourist(self.template, branded)
        layouts = {(layout.master, layout.index): layout for layout in self.template.layouts}
        slides = [
            colourist.colour_slide(slide, layouts[slide.master, slide.layout_index]) for slide in slides
        ]
        return DeckPlan(
            self.template.display,
            self.lang,
            self.template.width,
            self.template.height,
            tuple(slides),
            (*self.diagnostics, *colourist.diagnostics),
            answer_size,
        )

    def roomy_question_layout(self) -> Layout:
        """Return the layout for questions: the role's, unless it wastes the room a better one gives.

        A layout with a picture box keeps it empty on a question without a
        figure; one whose text box cannot hold the first sentence of most
        answers at the minimum size cuts every answer onto "(cont.)" slides
        while the slide stays empty. Either gives way to the text layout of
        the template with the most room (same master first), with a warning
        naming both; where none serves better the user is told once.
        """
        layout = self.layouts["question"]
        pictures = any(p.kind == "pic" for p in layout.placeholders)
        cramped = not self.holds_sentences(layout)
        if not pictures and not cramped:
            return layout
        better = [
            other
            for other in text_layouts(self.template, layout, self.options)
            if other is not layout and self.holds_sentences(other)
        ]
        name = self.template.name_of(layout)
        text = layout.text()
        assert text is not None
        why = (
            f"its text box {text.name!r} ({text.box.width / 72:.2f} x {text.box.height / 72:.2f} in) cannot "
            f"hold the first sentence of most answers at {self.limits(text, heading=False)[1]:g} pt"
            if cramped
            else "its picture box would stay empty on every question without a figure"
        )
        if not better:
            if cramped:
                self.diagnostics.append(
                    Diagnostic(
                        self.template.display,
                        None,
                        f"layout {name!r} is used for questions though {why}, and no layout of the template "
                        "holds more: answers continue over several slides (a layout with a title and a "
                        "text box of at least 4 lines would serve)",
                    )
                )
            return layout
        chosen = better[0]
        self.diagnostics.append(
            Diagnostic(
                self.template.display,
                None,
                f"questions go on layout {self.template.name_of(chosen)!r}, not {name!r}: {why} "
                f'(to choose yourself: [slides.layouts] question = "...")',
            )
        )
        return chosen

    def holds_sentences(self, layout: Layout) -> bool:
        """Return whether ``layout``'s text box holds the first sentence of most answers at the minimum."""
        text = layout.text()
        if text is None or text.style.vertical != "horz":
            return False
        face, (_, minimum) = self.face(text, heading=False), self.limits(text, heading=False)
        width, height = self.area(text, bullets=False)
        if width <= 0 or height <= 0:
            return False
        firsts = [
            _SENTENCE_END.split(str(section.answer), maxsplit=1)[0] for section in self.briefing.sections
        ]
        fitting = sum(
            textfit.text_height([self.measured(runs_of(first), face, text, False)], face, minimum, width)
            <= height
            for first in firsts
        )
        return 2 * fitting >= len(firsts)

    def fitted_question(
        self,
        section: Section,
        figure_layout: Layout | None,
        beside: Figure | Chart | None,
        points: ListBlock | None,
    ) -> tuple[Layout, SlidePlan, ListBlock | None]:
        """Plan a question's slide with as much as fits at the minimum size; return it and what it shows.

        In this order, the first that fits: the answer with its supporting
        points and its figure beside them; without the points (they get a
        slide of their own); without the figure (it gets one); the answer alone.
        """
        question = self.layouts["question"]
        tries: list[tuple[Layout, Figure | Chart | None, ListBlock | None]] = []
        if beside is not None and figure_layout is not None:
            tries += [(figure_layout, beside, points), (figure_layout, beside, None)]
        tries += [(question, None, points), (question, None, None)]
        said = len(self.diagnostics)
        for layout, figure, shown in dict.fromkeys(tries):
            del self.diagnostics[said:]  # what was said of a try that did not fit no longer applies
            slide = self.question_slide(layout, section, figure, shown)
            if not any(text.below_minimum for text in slide.texts):
                break
        return layout, slide, shown

    def points_slides(self, section: Section, points: ListBlock) -> list[SlidePlan]:
        """Plan the supporting points that did not fit under their answer: on slides of their own after it."""
        self.diagnostics.append(
            Diagnostic(
                self.source,
                points.line or section.line,
                f"the points under the answer to '{shorten(section.question)}' do not fit on its slide "
                "at the minimum size, so they follow on a slide of their own "
                "(--strict refuses it)",
            )
        )
        heading = Rich.of((*inlines_of(section.question), Text(f" ({self.labels.continued})")))
        slides = self.list_slides("question", heading, points.items, ())
        return [
            dataclasses.replace(slide, role="points", line=section.line, part=slide.part or (1, 1))
            for slide in slides
        ]

    def answer_chunks(self, layout: Layout, section: Section) -> list[str]:
        """Return the answer, or its parts where it cannot fit one slide even at the minimum size.

        Each part holds as many lines as the text box does at the minimum,
        cut between words. A box that cannot hold two lines is not worth
        continuing in: such an answer is set smaller, or refused, as before.
        """
        title, text = layout.title(), layout.text()
        assert title is not None
        assert text is not None
        box = text.box
        if not title.box.beside(box):
            grow = self.title_growth(layout, title, section.question, box)
            box = dataclasses.replace(box, top=box.top + grow, height=box.height - grow)
        face, (_, minimum) = self.face(text, heading=False), self.limits(text, heading=False)
        width, height = self.area(dataclasses.replace(text, box=box), bullets=False)
        runs = runs_of(section.answer)
        measured = self.measured(runs, face, text, heading=False)
        if textfit.text_height([measured], face, minimum, width) <= height:
            return [section.answer]
        capacity = int((height - DESCENT_ALLOWANCE * minimum) // (LINE_SPACING * minimum))
        if capacity < 2:
            return [section.answer]
        lines = textfit.wrap(measured, face, minimum, width)
        # Lines are cut from the runs' text, which has footnote numbers the plain text has not.
        shown = "".join(run.text for run in runs)
        plain_at = [0]
        for run in runs:
            for _ in run.text:
                plain_at.append(plain_at[-1] + (0 if run.superscript else 1))
        offsets, position = [], 0
        for number, line in enumerate(lines, 1):
            found = shown.find(line, position) if line else -1
            position = found + len(line) if found >= 0 else position
            if number % capacity == 0 and number < len(lines):
                offsets.append(plain_at[position])
        parts: list[str] = []
        rest, cut = inlines_of(section.answer), 0
        for offset in offsets:
            head, rest = split_at(rest, offset - cut)
            parts.append(Rich.of(_trimmed(head)))
            cut = offset
        parts.append(Rich.of(_trimmed(rest)))
        return [part for part in parts if part]

    def continued_slides(
        self, layout: Layout, section: Section, beside: Figure | Chart | None, chunks: list[str]
    ) -> list[SlidePlan]:
        """Plan a question whose answer continues over several slides at the minimum size, and warn."""
        self.diagnostics.append(
            Diagnostic(
                self.source,
                section.line,
                f"the answer to '{shorten(section.question)}' is too long for one slide at the minimum size, "
                f"so it continues on {len(chunks) - 1} more; consider shortening it "
                "(--strict refuses it)",
            )
        )
        slides: list[SlidePlan] = []
        for number, chunk in enumerate(chunks, 1):
            first = number == 1
            opening = _answer(slides[0]) if slides else None
            if opening is not None:  # the parts after the first at its size: one answer, one size
                self.text_cap = opening.size
            part = (
                section
                if first
                else Section(
                    Rich.of((*inlines_of(section.question), Text(f" ({continued(self.labels, number)})"))),
                    chunk,
                    (),
                    section.line,
                )
            )
            planned = self.question_slide(
                layout if first else self.layouts["question"],
                dataclasses.replace(part, answer=chunk),
                beside if first else None,
            )
            slides.append(dataclasses.replace(planned, part=(number, len(chunks))))
        self.text_cap = None
        return slides

    def one_answer_size(self, slides: list[SlidePlan], questions: list[_Question]) -> float | None:
        """Set the deck's answers at one size, re-planning in place those that fitted larger; return it.

        Designers give one role one size across a deck. The size is the
        largest at which three answers in four fit, rounded down (of two
        answers, the longer may be the outlier): the rest, which need less,
        keep their own smaller size, and ``check --fit`` names them. A deck of
        short answers and one long one is not set small for the long one's sake.
        """
        fitted = [_answer(slides[question.index]) for question in questions]
        sizes = sorted(text.size for text in fitted if text is not None and not text.below_minimum)
        if not sizes:
            return None
        fitting = max(1, math.floor(0.75 * len(sizes)))  # how many must fit at the deck's size
        size = sizes[len(sizes) - fitting]
        for question in questions:
            answer = _answer(slides[question.index])
            if answer is not None and answer.size > size:
                said = len(self.diagnostics)
                self.text_cap = size
                try:
                    slides[question.index] = self.question_slide(
                        question.layout, question.section, question.figure, question.points
                    )
                finally:
                    self.text_cap = None
                del self.diagnostics[said:]  # it said all it had to say the first time
        return size

    def one_title_size(self, slides: list[SlidePlan]) -> float | None:
        """Set every slide title but the deck's at one size, re-planning in place those set larger.

        Neighbouring question slides at 20 and 40 pt look like two decks: the
        size is the largest every title fits at (each in the box it was
        planned in, so the text under it keeps its room). A title that had to
        go below the minimum keeps its own size and its warning; one whose
        layout's own size is smaller keeps that.
        """
        titles = [
            (index, text)
            for index, slide in enumerate(slides)
            if slide.role != "title"
            for text in slide.texts
            if text.heading
        ]
        sizes = [text.size for _, text in titles if not text.below_minimum]
        if not sizes:
            return None
        size = min(sizes)
        usual = sorted(sizes)[len(sizes) // 4]  # the size three titles in four would have
        if size < DRAGGED_DOWN * usual:
            index, text = next((i, t) for i, t in titles if t.size == size)
            self.diagnostics.append(
                Diagnostic(
                    self.template.display,
                    None,
                    f"slide titles are set at {size:g} pt, not {usual:g}, so that they share one size: "
                    f"the title box {text.name!r} of layout {slides[index].layout!r} holds no more "
                    "(map a layout with a larger title box, or shorten the title)",
                )
            )
        for index, text in titles:
            if text.size <= size:
                continue
            slide = slides[index]
            layout = self.layout_of(slide)
            placeholder = next(p for p in layout.placeholders if p.idx == text.placeholder)
            said = len(self.diagnostics)
            self.title_cap = size
            try:
                planned = self.text(
                    placeholder, text.box, text.paragraphs, False, True, slide.line, "the title", slide.layout
                )
            finally:
                self.title_cap = None
            del self.diagnostics[said:]
            planned = dataclasses.replace(planned, runs=text.runs)
            texts = tuple(planned if other is text else other for other in slide.texts)
            slides[index] = dataclasses.replace(slide, texts=texts)
        return size

    def layout_of(self, slide: SlidePlan) -> Layout:
        """Return the layout a planned slide is on."""
        return next(
            layout
            for layout in self.template.layouts
            if (layout.master, layout.index) == (slide.master, slide.layout_index)
        )

    # --- slides ------------------------------------------------------------------

    def title_slide(self) -> SlidePlan:
        meta = self.briefing.meta
        layout = self.layouts["title"]
        title, text = layout.title(), layout.text(prefer_subtitle=True)
        assert title is not None  # choose_layouts checked
        byline = " · ".join(
            filter(None, [i18n.format_date(meta.date, self.lang), i18n.join_names(meta.authors, self.lang)])
        )
        lines = tuple(
            _kept_together(line) for line in (meta.subtitle or meta.publication or "", byline) if line
        )
        texts = self.title_and_text(
            layout,
            title,
            self.briefing.title,
            text if lines else None,
            lines,
            bullets=False,
            line=None,
            what="the title",
            subtitle=True,
        )
        if len(texts) == 2 and texts[1].size > texts[0].size * SUBTITLE_SHARE:
            said = len(self.diagnostics)
            self.text_cap = texts[0].size * SUBTITLE_SHARE  # the deck's title stays its largest text
            try:
                texts = self.title_and_text(
                    layout,
                    title,
                    self.briefing.title,
                    text,
                    lines,
                    bullets=False,
                    line=None,
                    what="the title",
                    subtitle=True,
                )
            finally:
                self.text_cap = None
            del self.diagnostics[said:]
        notes = (
            () if self.briefing.key_points else self.notes([self.briefing.title], self.briefing.introduction)
        )
        slide = self.slide("title", layout, texts, notes, furniture=False)
        return slide

    def notes(self, texts: Sequence[str], blocks: Sequence[Block]) -> tuple[NoteParagraph, ...]:
        """Return speaker notes for a slide showing ``texts``: ``blocks``, then the footnotes of both."""
        return notes_for(blocks, footnotes_in(texts, blocks, self.briefing.footnotes), self.labels)

    def block_slides(self, blocks: Sequence[Block]) -> list[SlidePlan]:
        """Plan the slides of a body's figures and tables, in the body's order."""
        slides = []
        for block in blocks:
            if isinstance(block, Figure | Chart):
                slides += self.figure_slides([block])
            elif isinstance(block, Table):
                slides += self.table_slides(block)
        return slides

    def table_slides(self, table: Table) -> list[SlidePlan]:
        """Plan a table's slides: titled with its caption, the table in the body box, continued as needed."""
        layout = self.layouts["question"]
        title, text = layout.title(), layout.text()
        assert title is not None
        assert text is not None
        face, (_, minimum) = self.face(text, heading=False), self.limits(text, heading=False)

        def measure(runs: tuple[RunPlan, ...], header: bool) -> textfit.Paragraph:
            if header:
                runs = tuple(dataclasses.replace(run, bold=True) for run in runs)
            return self.measured(runs, face, text, heading=False)

        cells = [[runs_of(cell) for cell in row] for row in (table.header, *table.rows)]
        alignments = [table.alignment(n) for n in range(len(table.header))]
        area = _inside(text)
        parts = tables.plan_table(table.number, cells, alignments, area, face, measure, minimum)
        if parts is None:
            parts = tables.plan_table(table.number, cells, alignments, area, face, measure, textfit.FLOOR_PT)
            if parts is None:
                raise RenderError.at(
                    self.source,
                    table.line,
                    f"table {table.number} has a row too long for one slide even at {textfit.FLOOR_PT:g} pt "
                    f"in {text.name!r}; shorten its cells or split the row",
                )
            self.diagnostics.append(
                Diagnostic(
                    self.source,
                    table.line,
                    f"table {table.number} is set at {parts[0].size:g} pt, below the {minimum:g} pt minimum, "
                    "to fit its rows on slides; consider shortening its cells",
                )
            )
        heading = table.caption or Rich(f"{self.labels.table} {table.number}")
        slides = []
        for number, part in enumerate(parts, 1):
            shown = (
                heading
                if number == 1
                else Rich.of((*inlines_of(heading), Text(f" ({continued(self.labels, number)})")))
            )
            texts = self.title_and_text(
                layout, title, shown, None, (), bullets=False, line=table.line, what="the table's caption"
            )
            notes = self.notes([table.caption], ()) if number == 1 else ()
            slide = self.slide(
                "table",
                layout,
                texts,
                notes,
                part=(number, len(parts)) if len(parts) > 1 else None,
                line=table.line,
            )
            font = self.brand.font_body or text.style.latin  # what face() measured
            slides.append(dataclasses.replace(slide, table=dataclasses.replace(part, font=font)))
        return slides

    def figure_slides(self, blocks: Sequence[Block]) -> list[SlidePlan]:
        """Plan a slide for each figure in ``blocks``: titled with its caption, the image in the text box."""
        layout = self.layouts["question"]
        title, text = layout.title(), layout.text()
        assert title is not None
        assert text is not None
        slides = []
        for figure in (block for block in blocks if isinstance(block, Figure | Chart)):
            caption = figure.caption or f"{self.labels.figure} {figure.number}"
            texts = self.title_and_text(
                layout, title, caption, None, (), bullets=False, line=figure.line, what="the caption"
            )
            area = _inside(text)
            notes = self.notes([figure.caption], ())
            slides.append(
                dataclasses.replace(
                    self.slide("figure", layout, texts, notes, line=figure.line),
                    figure=FigurePlan(figure.number, _fitted(figure, area), area, figure.alt),
                )
            )
        return slides

    def list_slides(
        self, role: str, title: str, items: Sequence[str], notes: Sequence[NoteParagraph]
    ) -> list[SlidePlan]:
        """Plan bullet slides for ``items``, continuing on more slides when the minimum size would not fit."""
        layout = self.layouts[role]
        text = layout.text()
        assert text is not None
        face, (ceiling, minimum) = self.face(text, heading=False), self.limits(text, heading=False)
        width, height = self.area(text, bullets=True)
        # A list fits at some size of the range exactly when it fits at the smallest: measure each
        # item once, at that size, and add up the lines of the slide being filled.
        smallest = textfit.smallest_size(ceiling, minimum)
        chunks: list[list[str]] = [[]]
        lines = 0
        for item in items:
            measured = self.measured(runs_of(item), face, text, heading=False)
            needs = len(textfit.wrap(measured, face, smallest, width)) if smallest is not None else 0
            fits = smallest is not None and (
                textfit.lines_height(lines + needs, len(chunks[-1]) + 1, smallest) <= height
            )
            if chunks[-1] and not fits:
                chunks.append([item])
                lines = needs
            else:
                chunks[-1].append(item)
                lines += needs

        def planned(number: int, chunk: list[str]) -> SlidePlan:
            part = (number, len(chunks)) if len(chunks) > 1 else None
            heading = f"{title} ({number}/{len(chunks)})" if part else title
            title_box = layout.title()
            assert title_box is not None
            texts = self.title_and_text(
                layout,
                title_box,
                heading,
                text,
                tuple(chunk),
                bullets=True,
                line=None,
                what=f"the list '{heading}'",
            )
            return self.slide(role, layout, texts, tuple(notes) if number == 1 else (), part=part)

        slides = [planned(number, chunk) for number, chunk in enumerate(chunks, 1)]
        sizes = [next((t.size for t in slide.texts if not t.heading), 0.0) for slide in slides]
        smallest_set = min(sizes, default=0.0)
        said = len(self.diagnostics)
        self.text_cap = smallest_set  # one list, one size: its slides at the smallest any of them needs
        try:
            for index, size in enumerate(sizes):
                if size > smallest_set:
                    slides[index] = planned(index + 1, chunks[index])
        finally:
            self.text_cap = None
        del self.diagnostics[said:]  # it said all it had to say the first time
        return slides

    def figure_layout(self) -> Layout | None:
        """Return the layout for a question beside its figure, or None (with a warning) if there is none.

        A layout mapped in ``[slides.layouts] figure`` must exist and fit;
        without a mapping, a template that lacks one only loses the
        side-by-side view: each figure gets a slide of its own.
        """
        mapped = self.options.layouts.get("figure")
        layout, problem = layout_for(self.template, "figure", mapped)
        if layout is None and not mapped:
            layout = figure_layout_by_boxes(self.template, self.layouts["question"], self.options)
        if layout is not None:
            problem = suitability(layout, "question", self.options)
            picture = layout.picture()
            if not problem and (picture is None or picture.box.width <= 0 or picture.box.height <= 0):
                problem = "it has no picture placeholder (or second content box) for the figure"
            if problem:
                problem = f"layout {layout.name!r} cannot hold a question beside its figure: {problem}"
        if not problem:
            return layout
        if mapped:
            raise TemplateError.at(self.template.display, None, problem)
        self.diagnostics.append(
            Diagnostic(
                self.template.display,
                None,
                "no 'Question with Figure' layout (a title, a text and a picture placeholder; or map one: "
                '[slides.layouts] figure = "..."), so each figure gets a slide of its own',
            )
        )
        return None

    def question_slide(
        self,
        layout: Layout,
        section: Section,
        figure: Figure | Chart | None,
        points: ListBlock | None = None,
    ) -> SlidePlan:
        """Plan a question's slide: the question and its answer, with its supporting ``points`` under it
        and ``figure`` beside them, if given."""
        question, answer, body, line = section.question, section.answer, section.body, section.line
        title, text = layout.title(), layout.text()
        assert title is not None
        assert text is not None
        items = points.items if points is not None else ()
        texts = self.title_and_text(
            layout,
            title,
            question,
            text,
            (answer, *items),
            bullets=bool(items),
            line=line,
            what=f"the answer to '{shorten(question)}'" + (" and its points" if items else ""),
            plain=1,
            numbered=points.start if points is not None and points.ordered else None,
        )
        slide = self.slide("question", layout, texts, self.notes([question, answer], body), line=line)
        asides = [] if len(texts) < 2 else [self.sources(texts[1], text, [question, answer, *items])]
        if figure is not None:
            picture = layout.picture()
            assert picture is not None  # figure_layout() checked
            area = _inside(picture)
            holder = layout.caption()
            if holder is not None:  # the layout's own caption box, in its own style
                label = Strong((Text(f"{self.labels.figure} {figure.number}"),))
                labelled = Rich.of((label, Text("  "), *inlines_of(figure.caption)))
                where = self.template.name_of(layout)
                what = f"the caption of figure {figure.number}"
                planned = self.text(holder, holder.box, (labelled,), False, False, line, what, where)
                placed = _fitted(figure, area, bottom=True)  # right above its caption
                slide = dataclasses.replace(
                    slide,
                    texts=(*slide.texts, planned),
                    figure=FigurePlan(figure.number, placed, area, figure.alt),
                )
                return dataclasses.replace(
                    slide, asides=tuple(aside for aside in asides if aside is not None)
                )
            caption = self.caption(figure, area, text)
            if caption is None:
                placed = _fitted(figure, area)
            else:  # the picture at the top of its box, the caption right under it
                area = dataclasses.replace(area, height=area.height - caption.box.height - ASIDE_GAP)
                placed = _fitted(figure, area, top=True)
                below = placed.top + placed.height + ASIDE_GAP
                asides.append(dataclasses.replace(caption, box=dataclasses.replace(caption.box, top=below)))
            slide = dataclasses.replace(slide, figure=FigurePlan(figure.number, placed, area, figure.alt))
        return dataclasses.replace(slide, asides=tuple(aside for aside in asides if aside is not None))

    def caption(self, figure: Figure | Chart, area: Box, text: Placeholder) -> AsidePlan | None:
        """Plan a figure's numbered caption under its picture, in at most a quarter of the figure's box."""
        label = RunPlan(f"{self.labels.figure} {figure.number}  ", bold=True)
        runs = (label, *runs_of(figure.caption))
        aside = self.aside("caption", runs, text, area.width, area.height * ASIDE_SHARE, area, bottom=True)
        return dataclasses.replace(aside, align="ctr") if aside is not None else None

    def sources(self, planned: TextPlan, text: Placeholder, shown: Sequence[str]) -> AsidePlan | None:
        """Plan a source line for the footnotes a slide's text calls, in the room its text leaves.

        Only under a text set from the top of its box, and only where the whole
        line fits below the text at a legible size: the notes have the sources anyway.
        """
        notes = footnotes_in(shown, (), self.briefing.footnotes)
        if not notes or text.style.anchor not in ("t", ""):
            return None
        runs: list[RunPlan] = []
        for index, note in enumerate(notes):
            runs += [RunPlan(("; " if index else "") + str(note.number), superscript=True), RunPlan(" ")]
            runs += runs_of(note.text)
        left, top, right, bottom = planned.insets
        box = planned.box
        width = box.width - left - right
        face = self.face(text, False)
        measured = [self.measured(runs, face, text, False) for runs in planned.runs]
        indent = self.area(text, bullets=True)[0] - self.area(text, bullets=False)[0]
        widths = [
            width if n < planned.plain or planned.bullets == "none" else width + indent
            for n in range(len(measured))
        ]
        used = textfit.text_height(measured, face, planned.size, widths)
        room = box.height - top - bottom - used - ASIDE_GAP
        area = Box(box.left + left, box.top + top + used + ASIDE_GAP, width, room)
        return self.aside("sources", tuple(runs), text, width, room, area, bottom=True)

    def aside(
        self,
        kind: str,
        runs: tuple[RunPlan, ...],
        text: Placeholder,
        width: float,
        height: float,
        area: Box,
        bottom: bool,
    ) -> AsidePlan | None:
        """Plan a small text at the largest size from 12 to 9 pt that fits ``height``; None if none does."""
        if width <= 0 or height <= 0:
            return None
        face = self.face(text, heading=False)
        measured = [self.measured(runs, face, text, heading=False)]
        size = textfit.fit_size(measured, face, width, height, *(pt * self.scale for pt in ASIDE_SIZES))
        if size is None:
            return None
        needed = textfit.text_height(measured, face, size, width)
        top = area.top + area.height - needed if bottom else area.top
        lines = tuple(textfit.wrap(measured[0], face, size, width))
        return AsidePlan(kind, Box(area.left, top, width, needed), runs, size, lines)

    def slide(
        self,
        role: str,
        layout: Layout,
        texts: tuple[TextPlan, ...],
        notes: Sequence[NoteParagraph],
        part: tuple[int, int] | None = None,
        line: int | None = None,
        furniture: bool = True,
    ) -> SlidePlan:
        return SlidePlan(
            role,
            self.template.name_of(layout),
            layout.master,
            layout.index,
            texts,
            self.furniture(layout) if furniture else (),
            tuple(notes),
            part,
            line,
        )

    def furniture(self, layout: Layout) -> tuple[FurniturePlan, ...]:
        """Plan the slide number, footer and date in the boxes the template gives them (deck.furniture)."""
        options, meta = self.options, self.briefing.meta
        if not options.furniture:
            return ()
        texts = {
            "sldNum": "",
            "ftr": options.footer if options.footer is not None else meta.publication or "",
            "dt": i18n.format_date(meta.date, self.lang),
        }
        planned = []
        for p in layout.furniture():
            if p.kind != "sldNum" and not texts[p.kind]:
                continue
            face = self.face(p, heading=False)
            shown = texts[p.kind] or "888"  # a slide number's widest
            width = face.width(shown, p.style.size) * p.style.size / textfit.SAFETY
            placement = furniture.place(
                p.box,
                p.rotation,
                p.style.vertical != "horz",
                p.style.insets,
                p.style.align,
                p.style.anchor,
                width,
                p.style.size,
                [(art.name, art.box) for art in layout.artwork],
                Box(0, 0, self.template.width, self.template.height),
            )
            if placement.dropped:
                key = (self.template.name_of(layout), p.kind)
                if key not in self.furniture_said:
                    self.furniture_said.add(key)
                    self.diagnostics.append(
                        Diagnostic(
                            self.template.display,
                            None,
                            f"layout {key[0]!r}: the {_FURNITURE_NAMES[p.kind]} is left out: "
                            f"{placement.dropped} ({p.name!r})",
                        )
                    )
                continue
            shown_box = placement.box or p.box
            words = (
                furniture.text_extent(
                    shown_box,
                    p.style.insets,
                    width,
                    textfit.LINE_SPACING * p.style.size,
                    p.style.align,
                    p.style.anchor,
                )
                if not p.rotation and p.style.vertical == "horz"
                else furniture.visual_box(shown_box, p.rotation)
            )
            planned.append(FurniturePlan(p.idx, p.kind, texts[p.kind], box=placement.box, words=words))
        return tuple(planned)

    # --- texts -------------------------------------------------------------------

    def title_and_text(
        self,
        layout: Layout,
        title: Placeholder,
        heading: str,
        text: Placeholder | None,
        paragraphs: tuple[str, ...],
        bullets: bool,
        line: int | None,
        what: str,
        plain: int = 0,
        numbered: int | None = None,
        subtitle: bool = False,
    ) -> tuple[TextPlan, ...]:
        """Plan a title and the text under it; a title too long for its box takes room from the text's.

        A ``subtitle`` (the title slide's) keeps its last words together, as the title does.

        Only where the title sits above the text: beside it (a side-by-side
        layout), growing would run it into the text, so it shrinks in its own box.
        """
        original, heading = heading, _kept_together(heading)
        title_box, text_box = title.box, text.box if text is not None else None
        where = self.template.name_of(layout)
        if text_box is not None and not title.box.beside(text_box):
            grow = self.title_growth(layout, title, heading, text_box)
            if grow > 0:
                title_box = dataclasses.replace(title_box, height=title_box.height + grow)
                text_box = dataclasses.replace(
                    text_box, top=text_box.top + grow, height=text_box.height - grow
                )
        planned = [
            _unbound(
                self.text(
                    title, title_box, (heading,), False, True, line, f"the title '{shorten(heading)}'", where
                ),
                (original,),
            )
        ]
        if text is not None and text_box is not None and paragraphs:
            kept = tuple(_kept_together(paragraph) for paragraph in paragraphs) if subtitle else paragraphs
            planned.append(
                _unbound(
                    self.text(text, text_box, kept, bullets, False, line, what, where, plain, numbered),
                    paragraphs,
                )
            )
        return tuple(planned)

    def title_growth(self, layout: Layout, title: Placeholder, heading: str, text_box: Box) -> float:
        """Return how much taller the title box must be to hold ``heading`` at the minimum size.

        None where the template's artwork (a rule under the title, a band)
        lies in the way: the title then shrinks in its own box instead.
        """
        face, (ceiling, minimum) = self.face(title, heading=True), self.limits(title, heading=True)
        width, height = self.area(title, bullets=False)
        measured = [self.measured(runs_of(heading), face, title, heading=True)]
        if textfit.fit_size(measured, face, width, height, ceiling, minimum) is not None:
            return 0.0
        needed = min(
            textfit.text_height(measured, face, minimum, width) - height, text_box.height * TITLE_GROWTH
        )
        grown = dataclasses.replace(title.box, height=title.box.height + needed)
        if any(art.box.overlaps(grown) and not art.box.contains(grown) for art in layout.artwork):
            return 0.0
        return needed

    def text(
        self,
        placeholder: Placeholder,
        box: Box,
        paragraphs: tuple[str, ...],
        bullets: bool,
        heading: bool,
        line: int | None,
        what: str,
        where: str,
        plain: int = 0,
        numbered: int | None = None,
    ) -> TextPlan:
        """Plan one text: the largest size from the ceiling down that fits, else smaller with a warning.

        ``where`` names the layout, for the warning: a box too small for its
        text is the template's doing as often as the text's. With ``bullets``,
        the first ``plain`` paragraphs still go without one (and take the
        whole width): an answer above its supporting points.
        """
        face, (ceiling, minimum) = self.face(placeholder, heading), self.limits(placeholder, heading)
        within = dataclasses.replace(placeholder, box=box)
        full, height = self.area(within, bullets=False)
        indented = self.area(within, bullets=True)[0] if bullets else full
        indent = BULLET_INDENT
        if numbered is not None:  # room for "10." at the largest size the text may take
            indent = NUMBER_INDENT * min(ceiling, self.text_cap or ceiling)
            indented = min(indented, full - indent)
        width = [full if n < plain else indented for n in range(len(paragraphs))]
        runs = tuple(runs_of(paragraph) for paragraph in paragraphs)
        measured = [self.measured(r, face, placeholder, heading) for r in runs]
        cap = self.title_cap if heading else self.text_cap
        largest = min(ceiling, cap) if cap else ceiling
        size = textfit.fit_size(measured, face, width, height, largest, min(minimum, largest))
        if size is None:
            size = textfit.shrink_to_fit(measured, face, width, height, minimum)
            if size is None:
                raise RenderError.at(
                    self.source,
                    line,
                    f"{what} is too long for one slide ({sum(len(p) for p in paragraphs)} characters would "
                    f"need less than {textfit.FLOOR_PT:g} pt in {placeholder.name!r}); shorten it",
                )
            self.diagnostics.append(
                Diagnostic(
                    self.source,
                    line,
                    f"{what} is set at {size:g} pt, below the {minimum:g} pt minimum, to fit "
                    f"{placeholder.name!r} of layout {where!r}; consider shortening it",
                )
            )
        breaks = tuple(tuple(textfit.wrap(p, face, size, width[n])) for n, p in enumerate(measured))
        available = int((height - DESCENT_ALLOWANCE * size) // (LINE_SPACING * size))
        return TextPlan(
            placeholder.idx,
            placeholder.name,
            box,
            box != placeholder.drawn,
            _with_descent(placeholder.style.insets, size),
            tuple(str(paragraph) for paragraph in paragraphs),
            runs,
            ("template" if placeholder.style.bullet and numbered is None else "added") if bullets else "none",
            _MIRRORED.get(placeholder.style.align),
            heading,
            size,
            ceiling,
            minimum,
            face.font.name,
            breaks,
            available,
            placeholder.style.anchor,
            avoided=placeholder.avoided,
            plain=plain if bullets else 0,
            numbered=numbered,
            indent=indent,
            align=placeholder.style.align,
            bold=placeholder.style.bold,
            italic=placeholder.style.italic,
            caps=placeholder.style.caps,
        )

    def area(self, placeholder: Placeholder, bullets: bool) -> tuple[float, float]:
        """Return the width and height text may take in a placeholder, in points."""
        width, height = usable(placeholder)
        if bullets:
            width -= placeholder.style.indent if placeholder.style.bullet else BULLET_INDENT
        return width, height

    def face(self, placeholder: Placeholder, heading: bool) -> Face:
        """Return what text in ``placeholder`` is measured with: its font, bold, capitals and tracking."""
        style = placeholder.style
        family = (self.brand.font_heading if heading else self.brand.font_body) or style.latin
        font = textfit.find_font(family, style.bold)
        if font.stand_in and font.name not in self.stand_ins:
            self.stand_ins.add(font.name)
            self.diagnostics.append(
                Diagnostic(
                    self.template.display,
                    None,
                    f"font {font.name!r} is not installed and has no free metric twin, so slide text is "
                    f"measured with {font.note}",
                )
            )
        return Face(font, style.caps, style.tracking)

    def measured(
        self, runs: tuple[RunPlan, ...], face: Face, placeholder: Placeholder, heading: bool
    ) -> textfit.Paragraph:
        """Return a paragraph as measured: one string in ``face``, or each run in its own face."""
        if plain_runs(runs):
            return "".join(run.text for run in runs)
        family = (self.brand.font_heading if heading else self.brand.font_body) or placeholder.style.latin
        bold = placeholder.style.bold
        return tuple(
            (
                run.text,
                Face(
                    textfit.find_font(MONOSPACE if run.code else family, bold or run.bold, run.italic),
                    face.caps,
                    face.tracking,
                )
                if run.style != (False, False, False)
                else face,
            )
            for run in runs
        )

    def limits(self, placeholder: Placeholder, heading: bool) -> tuple[float, float]:
        """Return the largest and smallest size for text in ``placeholder``.

        The largest is the template's own size, lowered by a configured cap;
        the smallest is the configured minimum, or the template's size where
        the designer chose one smaller still.
        """
        options = self.options
        cap = options.title_max_pt if heading else options.body_max_pt
        ceiling = min(placeholder.style.size, cap) if cap else placeholder.style.size
        minimum = (options.title_min_pt if heading else options.body_min_pt) * self.scale
        return ceiling, min(minimum, ceiling)


@dataclass(frozen=True)
class _Question:
    """A question slide as first planned: where it is in the deck and what it shows, to plan it again."""

    index: int
    layout: Layout
    section: Section
    figure: Figure | Chart | None
    points: ListBlock | None


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
_NUMBER_RANGE = re.compile(r"(?<=\w)([\u2013\u2014-])(?=\w)")


def _kept_together(heading: str) -> str:
    """Return a heading whose last short word stays with the one before, as print keeps it.

    A title must not end on "27" alone (PowerPoint and LibreOffice break
    after the dash of "2026–27", and between the last two words): the space
    before a short last word becomes a no-break space, and a dash between
    two words or numbers is joined to what follows (a word joiner, which
    measures nothing).
    """
    inlines = keep_last_words(inlines_of(heading))
    joined = tuple(
        Text(_NUMBER_RANGE.sub("\\1\u2060", node.text)) if isinstance(node, Text) else node
        for node in inlines
    )
    return Rich.of(joined)


def _unbound(planned: TextPlan, originals: tuple[str, ...]) -> TextPlan:
    """Return ``planned`` with each paragraph set on one line given back its plain spaces and dashes.

    :func:`_kept_together` only matters where a text breaks: a one-line
    title is written as its author wrote it.
    """
    paragraphs, runs, lines = list(planned.paragraphs), list(planned.runs), list(planned.lines)
    for index, original in enumerate(originals):
        if len(lines[index]) == 1 and paragraphs[index] != str(original):
            paragraphs[index], runs[index] = str(original), runs_of(original)
            lines[index] = (lines[index][0].replace("\xa0", " ").replace("\u2060", ""),)
    return dataclasses.replace(planned, paragraphs=tuple(paragraphs), runs=tuple(runs), lines=tuple(lines))


def _points(section: Section) -> ListBlock | None:
    """Return the list that directly follows a section's answer: its supporting points for the slide."""
    first = section.body[0] if section.body else None
    return first if isinstance(first, ListBlock) and first.items else None


def _trimmed(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Return ``inlines`` without the spaces at either end left by a cut between words."""
    nodes = list(inlines)
    if nodes and isinstance(nodes[0], Text):
        nodes[0] = Text(nodes[0].text.lstrip())
    if nodes and isinstance(nodes[-1], Text):
        nodes[-1] = Text(nodes[-1].text.rstrip())
    return tuple(node for node in nodes if not (isinstance(node, Text) and not node.text))


def _answer(slide: SlidePlan) -> TextPlan | None:
    """Return a question slide's answer: its text that is not the title."""
    return next((text for text in slide.texts if not text.heading), None)


def _inside(placeholder: Placeholder) -> Box:
    """Return a placeholder's box within its insets: where a picture may go."""
    left, top, right, bottom = placeholder.style.insets
    box = placeholder.box
    return Box(box.left + left, box.top + top, box.width - left - right, box.height - top - bottom)


def _fitted(figure: Figure | Chart, area: Box, top: bool = False, bottom: bool = False) -> Box:
    """Return the largest box of the figure's proportions inside ``area``, centred in it (or at its top).

    ``bottom`` sets it at the area's foot instead (over a caption box under it).
    A bitmap is not blown up beyond :data:`MAX_UPSCALE` times its natural size
    (its pixels would show); an SVG scales freely. A chart, drawn by the
    presentation program, takes the area's width and at most three quarters
    of it in height (a tall, narrow chart reads badly).
    """
    if isinstance(figure, Chart):
        height = min(area.height, area.width * 0.75)
        down = 0.0 if top else area.height - height if bottom else (area.height - height) / 2
        return Box(area.left, area.top + down, area.width, height)
    natural_width, natural_height = figure.width * 0.75, figure.height * 0.75  # 96 px to the inch
    scale = min(area.width / natural_width, area.height / natural_height)
    if figure.media_type != "image/svg+xml":
        scale = min(scale, MAX_UPSCALE)
    width, height = natural_width * scale, natural_height * scale
    down = 0.0 if top else area.height - height if bottom else (area.height - height) / 2
    return Box(area.left + (area.width - width) / 2, area.top + down, width, height)
