"""Every text of a planned slide given a colour that stands out from what lies behind it (WCAG AA).

A template's own texts are designed for its backgrounds, but not always for
every layout, and never for what briefpub adds: a source line or caption in
a plain text box takes the master's default colour, which on a dark master
can be dark grey on near-black. So the plan measures each text's colour
against the painted layout behind its box (:mod:`briefpub.deck.surface`) or
the placeholder's own fill, keeps it where it reaches AA, and otherwise takes
the template colour nearest it in lightness that does: among the slide's body
and title colours and the theme's text and background colours first, its
accents after. Only where none does is black or white used, and the layout
is named in a warning when not even they reach it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefpub.deck.colours import (
    HIGHLIGHT_TINT,
    chart_shades,
    least_contrast,
    luminance,
    required,
    rgb_of,
)
from briefpub.deck.geometry import Box
from briefpub.deck.tablestyle import BANDS, bands
from briefpub.errors import Diagnostic

if TYPE_CHECKING:
    from briefpub.deck.master import Layout, Placeholder, Template
    from briefpub.deck.plan import SlidePlan
    from briefpub.deck.surface import Surface
    from briefpub.deck.tables import TablePlan

_THEME_ORDER = ("tx1", "bg1", "tx2", "bg2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6")
_TEXT_COLOURS = 6
"""The first preferred colours that are text colours (the slide's body and title, then tx1, bg1, tx2, bg2)."""
_LAST_RESORT = ("000000", "FFFFFF")
SHARE_SLACK = 0.05
"""Where no colour reads over all of a box, those reading over nearly as much of it as the best are equal:
the template's own (or its first text colour) among them wins."""
CHART_TEXT_PT = 12.0
"""The size of a native chart's labels (:data:`briefpub.deck.charts.TEXT_PT`), for the contrast they need."""


@dataclasses.dataclass(frozen=True)
class Choice:
    """The colour a text is set in, and how well it reads."""

    colour: str
    ratio: float
    needed: float
    changed: bool
    """Whether ``colour`` differs from what the text would have had (the emitter then writes it)."""

    @property
    def passes(self) -> bool:
        return self.ratio >= self.needed


class Colourist:
    """Chooses the colours of a deck's texts on one template; says once per layout where none reads."""

    def __init__(self, template: Template, heading_colour: str | None) -> None:
        self.template = template
        self.heading_colour = heading_colour
        """The project's brand colour for titles, where it sets one; None keeps the template's."""
        self.diagnostics: list[Diagnostic] = []
        self._said: set[tuple[str, str]] = set()

    def colour_slide(self, slide: SlidePlan, layout: Layout) -> SlidePlan:
        """Return ``slide`` with the colour of each text, aside, furniture item and chart decided."""
        if self.template.surfaces is None:
            return slide
        colours = layout.colours
        surface = self.template.surfaces.of(layout.master, layout.index, colours)
        by_idx = {placeholder.idx: placeholder for placeholder in layout.placeholders}
        text_placeholder, title_placeholder = layout.text(), layout.title()
        body = text_placeholder.style.color if text_placeholder is not None else colours["tx1"]
        title = title_placeholder.style.color if title_placeholder is not None else body
        preferred = [body, title, *(colours[name] for name in _THEME_ORDER if name in colours)]

        def behind(box: Box, placeholder: Placeholder | None) -> list[float]:
            fill = placeholder.style.fill if placeholder is not None else None
            if fill:
                found = rgb_of(fill)
                return [luminance(found)] if found is not None else []
            return surface.behind(box)

        texts = []
        for text in slide.texts:
            placeholder = by_idx.get(text.placeholder)
            own = (self.heading_colour if text.heading else None) or (
                placeholder.style.color if placeholder is not None else body
            )
            bold = placeholder.style.bold if placeholder is not None else False
            back = behind(text.box, placeholder)
            choice = self.choose(
                own, text.size, bold, back, preferred, layout, "title" if text.heading else "text"
            )
            linked = any(run.href for paragraph in text.runs for run in paragraph)
            link = (
                self.choose(colours.get("hlink", own), text.size, bold, back, [choice.colour], layout, "link")
                if linked
                else None
            )
            texts.append(
                dataclasses.replace(
                    text,
                    color=choice.colour if choice.changed or (text.heading and self.heading_colour) else None,
                    link_color=link.colour if link is not None and link.changed else None,
                    shows=choice.colour,
                )
            )
        asides = []
        for aside in slide.asides:
            back = behind(aside.box, self._under(aside.box, slide, by_idx))
            choice = self.choose(body, aside.size, False, back, preferred, layout, aside.kind)
            asides.append(dataclasses.replace(aside, color=choice.colour))
        furniture = []
        for item in slide.furniture:
            placeholder = by_idx.get(item.placeholder)
            if placeholder is None:
                furniture.append(item)
                continue
            own = placeholder.style.color
            back = behind(item.words or item.box or placeholder.box, placeholder)
            choice = self.choose(
                own, placeholder.style.size, placeholder.style.bold, back, preferred, layout, "furniture"
            )
            furniture.append(dataclasses.replace(item, color=choice.colour if choice.changed else None))
        table = slide.table
        if table is not None:
            table = dataclasses.replace(table, colors=self.table_colours(table, surface, preferred, layout))
        figure = slide.figure
        if figure is not None:
            back = surface.behind(figure.box)
            choice = self.choose(body, CHART_TEXT_PT, False, back, preferred, layout, "chart")
            figure = dataclasses.replace(
                figure, text_color=choice.colour, shades=_chart_shades(colours, back, choice.colour)
            )
        return dataclasses.replace(
            slide,
            texts=tuple(texts),
            asides=tuple(asides),
            furniture=tuple(furniture),
            figure=figure,
            table=table,
        )

    def table_colours(
        self, table: TablePlan, surface: Surface, preferred: Sequence[str], layout: Layout
    ) -> tuple[str | None, str | None, str | None]:
        """Return the text colour of a table's header, odd and even rows where its style's would not read.

        Each band is measured against its fill (or the slide behind the table
        where the style leaves the cells clear); the style's own text colour
        wins wherever it reads, as the template's does.
        """
        found = bands(self.template.table_style, self.template.table_styles, layout.colours)
        if found is None:
            return (None, None, None)
        chosen: list[str | None] = []
        for name in BANDS:
            band = found[name]
            fill = rgb_of(band.fill) if band.fill else None
            back = [luminance(fill)] if fill is not None else surface.behind(table.box)
            choice = self.choose(band.text, table.size, band.bold, back, preferred, layout, "table")
            chosen.append(choice.colour if choice.changed else None)
        return (chosen[0], chosen[1], chosen[2])

    def _under(self, box: Box, slide: SlidePlan, by_idx: dict[int, Placeholder]) -> Placeholder | None:
        """Return the placeholder whose box an aside sits in (its fill is then what lies behind it)."""
        for text in slide.texts:
            if text.box.contains(box):
                return by_idx.get(text.placeholder)
        return None

    def choose(
        self,
        own: str,
        size: float,
        bold: bool,
        behind: Sequence[float],
        preferred: Sequence[str],
        layout: Layout,
        what: str,
    ) -> Choice:
        """Return ``own`` if it reads against ``behind``, else the template colour nearest it that does.

        Nearest in luminance: a light grey footer that fails becomes the
        template's darker grey before its black, as a designer would darken it.
        Black or white only where no template colour reads.
        """
        needed = required(size, bold)
        own_rgb = rgb_of(own)
        target = luminance(own_rgb) if own_rgb is not None else 0.0
        tried: list[tuple[Choice, float]] = []
        for group in (preferred[:_TEXT_COLOURS], preferred[_TEXT_COLOURS:]):  # text colours, then accents
            for candidate in dict.fromkeys((own, *group)):
                rgb = rgb_of(candidate)
                if rgb is not None:
                    choice = Choice(candidate, least_contrast(rgb, behind), needed, candidate != own)
                    tried.append((choice, abs(luminance(rgb) - target)))
            reading = [(distance, n, choice) for n, (choice, distance) in enumerate(tried) if choice.passes]
            if reading:
                return min(reading, key=lambda item: (item[0], item[1]))[2]
        for candidate in _LAST_RESORT:
            rgb = rgb_of(candidate)
            assert rgb is not None
            tried.append((Choice(candidate, least_contrast(rgb, behind), needed, candidate != own), 0.0))
        # None reads over all of the box: the one that reads over most of it (a photograph's bright
        # spots aside), the earliest tried among equals.
        choices = [choice for choice, _ in tried]  # the template's own first, its text colours, accents
        shares = [_share_reading(choice.colour, behind, needed) for choice in choices]
        best = next(c for c, share in zip(choices, shares, strict=True) if share >= max(shares) - SHARE_SLACK)
        if best.passes:
            return best
        key = (self.template.name_of(layout), what)
        if key not in self._said:
            self._said.add(key)
            self.diagnostics.append(
                Diagnostic(
                    self.template.display,
                    None,
                    f"layout {key[0]!r}: no colour reaches AA contrast ({needed:g}:1) for the {what} "
                    f"over all of its background; the one that reads over most of it "
                    f"({min(_share_reading(best.colour, behind, needed), 0.99):.0%}) is used",
                )
            )
        return best


def _share_reading(colour: str, behind: Sequence[float], needed: float) -> float:
    """Return the share of ``behind`` (luminances by weight) that ``colour`` reaches ``needed`` against."""
    rgb = rgb_of(colour)
    if rgb is None or not behind:
        return 0.0
    return sum(least_contrast(rgb, (value,)) >= needed for value in behind) / len(behind)


def _chart_shades(
    colours: dict[str, str], back: Sequence[float], text: str
) -> tuple[tuple[float, float, float], ...]:
    """Return each theme accent's shades for a chart's bars on this slide (:func:`chart_shades`).

    Receding is towards the slide: paler on a light slide, darker on a dark
    one (where the chart's text is light).
    """
    found = rgb_of(text)
    towards = -HIGHLIGHT_TINT if found is not None and luminance(found) > 0.4 else HIGHLIGHT_TINT
    shades = []
    for name in ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6"):
        accent = rgb_of(colours.get(name, ""))
        shades.append(chart_shades(accent, back, towards) if accent is not None else (0.0, 0.0, towards))
    return tuple(shades)
