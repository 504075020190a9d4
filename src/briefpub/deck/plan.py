"""The deck plan: every slide decided from the briefing and the master, as plain data, before any pptx.

For each slide the plan says which layout it uses, which text goes in which
placeholder, in what font (the one measured) and size, with which line
breaks, and what it means for the reader (continued, below the minimum size).
It is made from a :class:`~briefpub.deck.master.Template`, never from
python-pptx objects, so tests, ``briefpub check --fit`` and previews read it
directly; :mod:`briefpub.deck.emit` only writes it down.
"""

from __future__ import annotations

from collections.abc import Callable

from briefpub.config import Brand, SlidesConfig
from briefpub.deck.contrast import Colourist
from briefpub.deck.detail import with_detail
from briefpub.deck.master import Template
from briefpub.deck.planned import AsidePlan, DeckPlan, FigurePlan, FurniturePlan, SlidePlan, TextPlan
from briefpub.deck.questions import QuestionSlides, _points, _Question
from briefpub.model.briefing import Briefing, Chart, Figure

__all__ = ["AsidePlan", "DeckPlan", "FigurePlan", "FurniturePlan", "SlidePlan", "TextPlan", "plan_deck"]


def plan_deck(
    briefing: Briefing, template: Template, options: SlidesConfig | None = None, brand: Brand | None = None
) -> DeckPlan:
    """Return the plan of the deck for ``briefing`` on ``template``; refuse a template that cannot hold it."""
    options = options or SlidesConfig()
    template = with_detail(template)  # a logo baked into a background picture is kept clear of, as a shape
    planner = _Planner(briefing, template, options, brand or Brand())
    return planner.plan()


class _Planner(QuestionSlides):
    """Plans one deck: its slides in the briefing's order, then one size per role, then colours."""

    def __init__(self, briefing: Briefing, template: Template, options: SlidesConfig, brand: Brand) -> None:
        super().__init__(briefing, template, options, brand)
        self.layouts["question"] = self.roomy_question_layout()

    def plan(self) -> DeckPlan:
        briefing = self.briefing
        slides = [self.title_slide()]
        lists: list[tuple[int, int, Callable[[], list[SlidePlan]]]] = []  # where, how many, how made

        def add_list(make: Callable[[], list[SlidePlan]]) -> None:
            made = make()
            lists.append((len(slides), len(made), make))
            slides.extend(made)

        if briefing.key_points:
            notes = self.notes([*briefing.key_points], briefing.introduction)
            add_list(
                lambda: self.list_slides("key_points", self.labels.key_points, briefing.key_points, notes)
            )
        slides += self.block_slides(briefing.introduction)  # with or without key points before them
        if self.options.agenda:
            asked = [s.question for s in briefing.sections]
            add_list(lambda: self.list_slides("agenda", self.labels.questions, asked, ()))
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
        title_size = self.one_title_size(slides)
        answer_size = self.one_answer_size(slides, questions, title_size)
        if answer_size is not None and self.levelled:  # the lists' text no larger than the answers'
            self.level_lists(slides, lists, answer_size, title_size)
        # Titles keep the template's colour unless the project's brand sets one.
        branded = self.brand.primary if self.brand.primary != Brand().primary else None
        colourist = Colourist(self.template, branded)
        layouts = {(layout.master, layout.index): layout for layout in self.template.layouts}
        cover = self.layouts["title"]  # with the boxes a cover without a title box was given (deck.cover)
        layouts[cover.master, cover.index] = cover
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

    def level_lists(
        self,
        slides: list[SlidePlan],
        lists: list[tuple[int, int, Callable[[], list[SlidePlan]]]],
        size: float,
        title_size: float | None,
    ) -> None:
        """Re-plan the key points and agenda at most at ``size``, the answers' levelled size, titles kept."""
        said = len(self.diagnostics)
        self.body_cap, self.title_cap = size, title_size
        try:
            for start, count, make in lists:
                slides[start : start + count] = make()
        finally:
            self.body_cap = self.title_cap = None
        del self.diagnostics[said:]  # the lists said all they had to say the first time
