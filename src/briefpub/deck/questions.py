"""A question's slides: its answer (with its points and its figure where they fit), continued where not.

Also which layout questions go on (the one whose room fits them), and the one
size the deck's answers share.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefpub.deck import textfit
from briefpub.deck.geometry import Box
from briefpub.deck.layouts import (
    figure_layout_by_boxes,
    layout_for,
    suitability,
    text_layouts,
)
from briefpub.deck.master import Layout, Placeholder
from briefpub.deck.other_slides import ASIDE_GAP, ASIDE_SHARE, RoleSlides, _fitted, _inside
from briefpub.deck.planned import AsidePlan, FigurePlan, SlidePlan, TextPlan
from briefpub.deck.runs import RunPlan, footnotes_in, runs_of
from briefpub.deck.textfit import DESCENT_ALLOWANCE, LINE_SPACING
from briefpub.deck.titles import continued
from briefpub.errors import Diagnostic, RenderError, TemplateError, shorten
from briefpub.model.briefing import Chart, Figure, ListBlock, Section, inlines_of
from briefpub.model.richtext import Inline, Rich, Strong, Text, split_at

LEVELLED = 0.75
"""Answers are brought down to the slide titles' size where it is at least this share of theirs."""
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


class QuestionSlides(RoleSlides):
    """Plans each question's slide, its continuations and its points' own slides."""

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
                        f"layout {name!r} is used for questions though {why}, and no layout of the master "
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
        question = self.layouts["question"]
        roomiest = text_layouts(self.template, question, self.options)[:1]
        if len(slides) > 1 and roomiest and roomiest[0] is not question:
            # A strip that holds a point or two a slide: the points on one slide of a roomier layout.
            said = len(self.diagnostics)
            roomier = self.list_slides("question", heading, points.items, (), layout=roomiest[0])
            if len(roomier) < len(slides):
                slides = roomier
            else:
                del self.diagnostics[said:]
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

    def one_answer_size(
        self, slides: list[SlidePlan], questions: list[_Question], title_size: float | None = None
    ) -> float | None:
        """Set the deck's answers at one size, re-planning in place those that fitted larger; return it.

        Designers give one role one size across a deck. The size is the
        largest at which three answers in four fit, rounded down (of two
        answers, the longer may be the outlier): the rest, which need less,
        keep their own smaller size, and ``check --fit`` names them. A deck of
        short answers and one long one is not set small for the long one's sake.

        Nor is it a little larger than the deck's slide titles (``title_size``,
        kept as the titles were set): a 44 pt title shrunk to 23 pt in a thin
        title box over 28 pt answers reads as if the answer were the title. A
        title far smaller than the answers (under :data:`LEVELLED` of them) is
        its box's problem, told as such: answers set that small would leave
        every slide empty. The answers' minimum still holds.
        """
        fitted = [_answer(slides[question.index]) for question in questions]
        sizes = sorted(text.size for text in fitted if text is not None and not text.below_minimum)
        if not sizes:
            return None
        fitting = max(1, math.floor(0.75 * len(sizes)))  # how many must fit at the deck's size
        size = sizes[len(sizes) - fitting]
        self.levelled = title_size is not None and LEVELLED * size <= title_size < size
        if title_size is not None and self.levelled:
            size = max(title_size, self.options.body_min_pt * self.scale)
        for question in questions:
            answer = _answer(slides[question.index])
            if answer is not None and answer.size > size:
                said = len(self.diagnostics)
                self.text_cap, self.title_cap = size, title_size
                try:
                    slides[question.index] = self.question_slide(
                        question.layout, question.section, question.figure, question.points
                    )
                finally:
                    self.text_cap = self.title_cap = None
                del self.diagnostics[said:]  # it said all it had to say the first time
        return size

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
            problem = suitability(layout, "question", self.options, self.scale)
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
        if figure is not None:
            text = self.answer_box(layout, text)
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
            planned = self.own_caption(layout, holder, figure, line) if holder is not None else None
            if planned is not None:  # the layout's own caption box, in its own style
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

    def answer_box(self, layout: Layout, text: Placeholder) -> Placeholder:
        """Return a figure layout's text box, its size raised to the question layout's where that is larger.

        A picture-with-caption layout sets its text as a caption (14 or 16 pt
        beside 28 pt answers on the question layout): an answer there is an
        answer all the same, set as large as its neighbours where the box
        holds it, and never below the answers' minimum.
        """
        asked = self.layouts["question"].text()
        if layout is self.layouts["question"] or asked is None or asked.style.size <= text.style.size:
            return text
        return dataclasses.replace(text, style=dataclasses.replace(text.style, size=asked.style.size))

    def own_caption(
        self, layout: Layout, holder: Placeholder, figure: Figure | Chart, line: int | None
    ) -> TextPlan | None:
        """Plan a figure's caption in the layout's caption box; None where it does not fit there.

        A box under the picture may be a label strip (corpus ``hkust``: 1.86 x
        0.25 in): a caption it cannot hold at the minimum size goes under the
        picture as briefpub's own, rather than set tiny or refused.
        """
        label = Strong((Text(f"{self.labels.figure} {figure.number}"),))
        labelled = Rich.of((label, Text("  "), *inlines_of(figure.caption)))
        where = self.template.name_of(layout)
        what = f"the caption of figure {figure.number}"
        said = len(self.diagnostics)
        try:
            planned = self.text(holder, holder.box, (labelled,), False, False, line, what, where)
        except RenderError:
            planned = None
        if planned is None or planned.below_minimum:
            del self.diagnostics[said:]
            return None
        return planned

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


@dataclass(frozen=True)
class _Question:
    """A question slide as first planned: where it is in the deck and what it shows, to plan it again."""

    index: int
    layout: Layout
    section: Section
    figure: Figure | Chart | None
    points: ListBlock | None


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
