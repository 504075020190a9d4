"""The slides of the deck besides its questions: the title slide, lists, figures, tables and furniture.

Also the one size every slide title shares, decided once the deck is planned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from briefpub import i18n
from briefpub.deck import furniture, textfit
from briefpub.deck.fitting import Fitter, _kept_together, bullet_rise
from briefpub.deck.geometry import Box
from briefpub.deck.layouts import text_layouts
from briefpub.deck.master import Layout, Placeholder
from briefpub.deck.planned import FigurePlan, FurniturePlan, SlidePlan, TextPlan
from briefpub.deck.runs import NoteParagraph, RunPlan, footnotes_in, notes_for, runs_of
from briefpub.deck.textfit import Face
from briefpub.deck.titles import continued
from briefpub.errors import Diagnostic, RenderError
from briefpub.model.briefing import Block, Chart, Figure, Table, inlines_of
from briefpub.model.richtext import Rich, Text

_FURNITURE_NAMES = {"sldNum": "slide number", "ftr": "footer", "dt": "date"}

FIGURE_ROOM = 2.0
"""A figure's own slide leaves the question layout for a text layout this many times roomier."""
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


class RoleSlides(Fitter):
    """Plans the title slide, key points and agenda lists, figure and table slides, and furniture."""

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
        if title.added and text is not None and text.added and not lines:  # the cover's whole clear area
            box = title.box
            whole = dataclasses.replace(box, height=text.box.bottom - box.top)
            title = dataclasses.replace(
                title, box=whole, style=dataclasses.replace(title.style, anchor="ctr")
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
        added = {p.idx: p for p in layout.placeholders if p.added}  # a cover's clear area (deck.cover)
        texts = tuple(
            dataclasses.replace(text, added=True, font=added[text.placeholder].style.latin)
            if text.placeholder in added
            else text
            for text in texts
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
        from briefpub.deck import tables  # a deck without tables never imports it

        cells = [[runs_of(cell) for cell in row] for row in (table.header, *table.rows)]
        alignments = [table.alignment(n) for n in range(len(table.header))]
        question = self.layouts["question"]
        # The question layout first; a table too wide for its text box goes on the roomiest text layout.
        candidates = [question, *text_layouts(self.template, question, self.options)]
        # A table the question layout splits over slides goes on one slide of another where it fits.
        tried: dict[int, str] = {}
        chosen: tuple[Layout, list[tables.TablePlan], float] | None = None
        for floor in (False, True):
            found = []
            for layout in dict.fromkeys(candidates):
                text = layout.text()
                assert text is not None
                face, (_, minimum) = self.face(text, heading=False), self.limits(text, heading=False)
                measure = self.table_measure(face, text)
                smallest = textfit.FLOOR_PT if floor else minimum
                parts = tables.plan_table(
                    table.number, cells, alignments, _inside(text), face, measure, smallest
                )
                tried.setdefault(layout.index, text.name)
                if parts is not None:
                    found.append((layout, parts, minimum))
                    if len(parts) == 1:
                        break
            if found:
                chosen = next((item for item in found if len(item[1]) == 1), found[0])
                break
        if chosen is None:
            raise RenderError.at(
                self.source,
                table.line,
                f"table {table.number} has a row too long for one slide even at {textfit.FLOOR_PT:g} pt "
                f"in {tried[question.index]!r}; shorten its cells or split the row",
            )
        layout, parts, minimum = chosen
        title, text = layout.title(), layout.text()
        assert title is not None
        assert text is not None
        if floor:
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

    def table_measure(
        self, face: Face, text: Placeholder
    ) -> Callable[[tuple[RunPlan, ...], bool], textfit.Paragraph]:
        """Return how a table's cells are measured in ``text``'s face: a header cell in bold."""

        def measure(runs: tuple[RunPlan, ...], header: bool) -> textfit.Paragraph:
            if header:
                runs = tuple(dataclasses.replace(run, bold=True) for run in runs)
            return self.measured(runs, face, text, heading=False)

        return measure

    def figure_slides(self, blocks: Sequence[Block]) -> list[SlidePlan]:
        """Plan a slide for each figure in ``blocks``: titled with its caption, the image in the text box.

        The question layout's text box, unless another text layout's is more
        than twice its area (a thin strip would show the figure as a stamp).
        """
        layout = self.figure_room()
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

    def figure_room(self) -> Layout:
        """Return the layout for a figure's own slide: the question layout, or one with far more room."""
        question = self.layouts["question"]

        def room(layout: Layout) -> float:
            text = layout.text()
            return _inside(text).area if text is not None else 0.0

        roomiest = max(text_layouts(self.template, question, self.options), key=room, default=question)
        return roomiest if room(roomiest) > FIGURE_ROOM * room(question) else question

    def list_slides(
        self,
        role: str,
        title: str,
        items: Sequence[str],
        notes: Sequence[NoteParagraph],
        layout: Layout | None = None,
    ) -> list[SlidePlan]:
        """Plan bullet slides for ``items``, continuing on more slides when the minimum size would not fit.

        On ``role``'s layout, or on ``layout`` where given.
        """
        layout = layout or self.layouts[role]
        text = layout.text()
        assert text is not None
        face, (ceiling, minimum) = self.face(text, heading=False), self.limits(text, heading=False)
        width, height = self.area(text, bullets=True)
        # A list fits at some size of the range exactly when it fits at the smallest: measure each
        # item once, at that size, and add up the lines of the slide being filled.
        smallest = textfit.smallest_size(ceiling, minimum)
        height -= bullet_rise(text, ceiling)
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

    def one_title_size(self, slides: list[SlidePlan]) -> float | None:
        """Set every slide title but the deck's at one size, re-planning in place those set larger.

        Neighbouring question slides at 20 and 40 pt look like two decks: the
        size is the largest every title fits at (each in the box it was
        planned in, so the text under it keeps its room). A title that had to
        go below the minimum keeps its own size and its warning; one whose
        layout's own size is smaller keeps that, and one far smaller than most
        titles (a caption layout's 20 pt title) does not set the others' size.
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
        usual = sorted(sizes)[len(sizes) // 4]  # the size three titles in four would have
        # A layout whose own title size is far below the size the other titles share (a picture-with-
        # caption layout's 20 pt caption title among 32 pt ones) keeps it, rather than set every title
        # that small; one a little below (32 among 36) sets them all, as any smaller title does.
        at_own = {
            slides[index].layout: text.size
            for index, text in titles
            if not text.below_minimum and text.size >= text.ceiling
        }
        own = {}
        for name, small in at_own.items():
            others = [t.size for i, t in titles if not t.below_minimum and slides[i].layout != name]
            if others and small < DRAGGED_DOWN * min(others):
                own[name] = small
        setting = [
            text.size
            for index, text in titles
            if not text.below_minimum and not (slides[index].layout in own and text.size >= text.ceiling)
        ]
        size = min(setting or sizes)
        for name, small in own.items():
            self.diagnostics.append(
                Diagnostic(
                    self.template.display,
                    None,
                    f"layout {name!r} sets its slide titles at {small:g} pt, the master's own size, "
                    f"the others at {size:g}: its slides keep their smaller titles "
                    "(map another layout to that role for titles of one size)",
                )
            )
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
