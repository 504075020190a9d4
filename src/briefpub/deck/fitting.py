"""Fitting text into a layout's boxes: the largest size from the master's down to the minimum that fits.

Every text of the deck is measured here (its font, capitals, tracking, the
box less its insets), a title grows into the text under it where it may,
and what had to be set below its minimum is said as a diagnostic. The
:class:`Fitter` holds what the deck's slides share while they are planned.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from briefpub import i18n
from briefpub.config import Brand, SlidesConfig
from briefpub.deck import textfit
from briefpub.deck.geometry import Box
from briefpub.deck.layouts import (
    choose_layouts,
    size_scale,
    usable,
)
from briefpub.deck.master import Layout, Placeholder, Template
from briefpub.deck.planned import AsidePlan, TextPlan
from briefpub.deck.runs import MONOSPACE, RunPlan, plain_runs, runs_of
from briefpub.deck.textfit import DESCENT_ALLOWANCE, LINE_SPACING, Face
from briefpub.errors import Diagnostic, RenderError, shorten
from briefpub.files import display_path
from briefpub.model.briefing import Briefing, inlines_of
from briefpub.model.richtext import Rich, Text, keep_last_words

_MIRRORED = {"l": "r", "r": "l"}

BULLET_INDENT = 24.0
"""Room for a bullet, in points, where the template's text style has none of its own."""

NUMBER_INDENT = 1.8
"""Room for a point's number ("10."), in ems of the largest size the text may take."""

BULLET_RISE = 0.15
"""Room above a bulleted text's first line, in ems of its size, where the box's top inset gives less:
LibreOffice draws a bullet's glyph box this much above the line's words, out of a box without insets
(a Google Slides export's)."""

TITLE_GROWTH = 0.5
"""How much of the text box's height a long title may take, where the title sits above the text."""

ASIDE_SIZES = (12.0, 9.0)
"""The largest and smallest size of a figure's caption or a source line on a 13.33 in slide, in points."""

_NUMBER_RANGE = re.compile(r"(?<=\w)([\u2013\u2014-])(?=\w)")


def _with_descent(
    insets: tuple[float, float, float, float], size: float
) -> tuple[float, float, float, float]:
    left, top, right, bottom = insets
    return (left, top, right, bottom + DESCENT_ALLOWANCE * size)


def bullet_rise(placeholder: Placeholder, size: float) -> float:
    """Return the room added above a bulleted text at ``size``: what the box's top inset lacks of it."""
    return max(0.0, BULLET_RISE * size - placeholder.style.insets[1])


def _raised(insets: tuple[float, float, float, float], rise: float) -> tuple[float, float, float, float]:
    left, top, right, bottom = insets
    return (left, top + rise, right, bottom)


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


def _glue_broken(planned: TextPlan, kept: tuple[str, ...]) -> bool:
    """Return whether last words :func:`_kept_together` joined were split between two lines, mid-word.

    Words kept together that are wider than the box are broken between
    letters, by the plan and by PowerPoint and LibreOffice alike ("INSURERS P" /
    "LAY?" in a narrow title box): the text is then planned as written instead.
    """
    for paragraph, lines in zip(kept, planned.lines, strict=False):
        tail = str(paragraph).rsplit(" ", 1)[-1]
        if ("\xa0" in tail or "\u2060" in tail) and not any(tail in line for line in lines):
            return True
    return False


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


class Fitter:
    """Fits a deck's texts into its layouts' boxes; holds what every slide needs and the diagnostics."""

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
        self.body_cap: float | None = None
        """While a deck's lists are set no larger than its answers were levelled to: that size."""
        self.levelled = False
        """Whether the deck's answers were brought down to its slide titles' size (its lists follow)."""
        self.scale = size_scale(template.width)
        """How much the minimum and secondary sizes are scaled: up on a slide wider than 13.33 in, down
        on a narrower one (:func:`briefpub.deck.layouts.size_scale`)."""
        self.source = display_path(briefing.source) if briefing.source else "<string>"

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
        said = len(self.diagnostics)
        named = f"the title '{shorten(heading)}'"
        heading_plan = self.text(title, title_box, (heading,), False, True, line, named, where)
        if _glue_broken(heading_plan, (heading,)):
            del self.diagnostics[said:]  # said again, if need be, of the title as written
            heading_plan = self.text(title, title_box, (original,), False, True, line, named, where)
        planned = [_unbound(heading_plan, (original,))]
        if text is not None and text_box is not None and paragraphs:
            kept = tuple(_kept_together(paragraph) for paragraph in paragraphs) if subtitle else paragraphs
            said = len(self.diagnostics)
            text_plan = self.text(text, text_box, kept, bullets, False, line, what, where, plain, numbered)
            if subtitle and _glue_broken(text_plan, kept):
                del self.diagnostics[said:]
                text_plan = self.text(
                    text, text_box, paragraphs, bullets, False, line, what, where, plain, numbered
                )
            planned.append(_unbound(text_plan, paragraphs))
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
        cap = self.title_cap if heading else self.text_cap
        largest = min(ceiling, cap) if cap else ceiling
        if not heading and self.body_cap:
            largest = min(largest, self.body_cap)
        rise = bullet_rise(placeholder, largest) if bullets else 0.0
        indent = BULLET_INDENT
        if numbered is not None:  # room for "10." at the largest size the text may take
            indent = NUMBER_INDENT * min(ceiling, self.text_cap or ceiling)
            indented = min(indented, full - indent)
        width = [full if n < plain else indented for n in range(len(paragraphs))]
        runs = tuple(runs_of(paragraph) for paragraph in paragraphs)
        measured = [self.measured(r, face, placeholder, heading) for r in runs]
        job = TextJob(
            placeholder, box, tuple(str(p) for p in paragraphs), runs, tuple(measured), face, tuple(width),
            height - rise, ceiling, minimum, largest, heading, bullets, plain, numbered, indent, self.source,
            line, what, where, rise,
        )  # fmt: skip
        planned, said = fit_text(job)
        self.diagnostics += said
        return planned

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


@dataclass(frozen=True)
class TextJob:
    """One text to fit, measured: everything :func:`fit_text` decides from, nothing it would change."""

    placeholder: Placeholder
    box: Box
    """Where the text goes (the placeholder's box, or one a title grew into)."""
    paragraphs: tuple[str, ...]
    runs: tuple[tuple[RunPlan, ...], ...]
    measured: tuple[textfit.Paragraph, ...]
    face: Face
    widths: tuple[float, ...]
    """Each paragraph's line width, in points (a bulleted one is narrower)."""
    height: float
    ceiling: float
    """The template's own size (a configured cap lowers it)."""
    minimum: float
    largest: float
    """The largest size tried: the ceiling, or the one size the deck's role shares."""
    heading: bool
    bullets: bool
    plain: int
    numbered: int | None
    indent: float
    source: str
    line: int | None
    what: str
    """The text, as a warning names it (``the answer to '…'``)."""
    where: str
    """The layout's name, for the warning: a box too small is the template's doing as often as the text's."""
    rise: float = 0.0
    """Added to the box's top inset (:data:`BULLET_RISE`); ``height`` is what is left under it."""


def fit_text(job: TextJob) -> tuple[TextPlan, tuple[Diagnostic, ...]]:
    """Return the text set at the largest size from ``job.largest`` down that fits, and what must be said.

    Below the minimum only where nothing else fits, with a warning naming
    the box and its layout; a text no size down to :data:`textfit.FLOOR_PT`
    holds is refused. Pure: it reads the job and returns, so each rule of
    fitting is tested on its own.
    """
    placeholder, measured, face, width = job.placeholder, list(job.measured), job.face, list(job.widths)
    said: list[Diagnostic] = []
    size = textfit.fit_size(measured, face, width, job.height, job.largest, min(job.minimum, job.largest))
    if size is None:
        size = textfit.shrink_to_fit(measured, face, width, job.height, job.minimum)
        if size is None:
            raise RenderError.at(
                job.source,
                job.line,
                f"{job.what} is too long for one slide ({sum(map(len, job.paragraphs))} characters would "
                f"need less than {textfit.FLOOR_PT:g} pt in {placeholder.name!r}); shorten it",
            )
        said.append(
            Diagnostic(
                job.source,
                job.line,
                f"{job.what} is set at {size:g} pt, below the {job.minimum:g} pt minimum, to fit "
                f"{placeholder.name!r} of layout {job.where!r}; consider shortening it",
            )
        )
    breaks = tuple(tuple(textfit.wrap(p, face, size, width[n])) for n, p in enumerate(measured))
    available = int((job.height - DESCENT_ALLOWANCE * size) // (LINE_SPACING * size))
    style = placeholder.style
    planned = TextPlan(
        placeholder.idx,
        placeholder.name,
        job.box,
        job.box != placeholder.drawn,
        _with_descent(_raised(style.insets, job.rise), size),
        job.paragraphs,
        job.runs,
        ("template" if style.bullet and job.numbered is None else "added") if job.bullets else "none",
        _MIRRORED.get(style.align),
        job.heading,
        size,
        job.ceiling,
        job.minimum,
        face.font.name,
        breaks,
        available,
        style.anchor,
        avoided=placeholder.avoided,
        plain=job.plain if job.bullets else 0,
        numbered=job.numbered,
        indent=job.indent,
        align=style.align,
        bold=style.bold,
        italic=style.italic,
        caps=style.caps,
    )
    return planned, tuple(said)
