"""The deck plan's data: every slide as plain data (layouts, texts, sizes, breaks, furniture, asides).

Made by :mod:`briefpub.deck.plan`; read by the emitter, the fit report, previews and tests.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefpub.deck.geometry import Box
from briefpub.deck.runs import NoteParagraph, RunPlan
from briefpub.errors import Diagnostic

if TYPE_CHECKING:  # planned and emitted by deck.tables, imported for a deck with a table
    from briefpub.deck.tables import TablePlan


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
    added: bool = False
    """A box briefpub adds where the layout has none (the title on a cover without a title box,
    :mod:`briefpub.deck.cover`): the emitter writes a placeholder of its own with the style spelt out."""
    font: str | None = None
    """For an added box: the typeface of the master's titles (or subtitles) it is set in."""

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
    shades: tuple[tuple[float, float, float], ...] = ()
    """For a chart: each theme accent's brightness on this slide, plain, beside receding bars and
    receding (:func:`briefpub.deck.colours.chart_shades`); empty where the slide was not painted."""


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
