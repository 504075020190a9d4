"""Slide previews drawn from the deck plan: the same boxes, sizes and line breaks the .pptx is written from.

``briefpub serve`` shows these instead of rendering the deck: a plan is a
tenth of a second, a LibreOffice rendering several seconds. Each text is set
line by line as the plan broke it, so what the preview shows is what was
decided; text at its minimum size, shrunk below it, or continued on another
slide is marked.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from briefpub.config import Brand
from briefpub.dataurl import data_url
from briefpub.deck.geometry import Box
from briefpub.deck.master import Template
from briefpub.deck.plan import AsidePlan, DeckPlan, SlidePlan, TextPlan
from briefpub.deck.runs import RunPlan
from briefpub.deck.surface import Surface
from briefpub.deck.tables import TablePlan
from briefpub.drawn_charts import ChartStyle
from briefpub.model.briefing import Briefing, Figure

PREVIEW_WIDTH = 480
"""Each slide's width in the preview, in CSS pixels."""
_ANCHORS = {"t": "flex-start", "ctr": "center", "b": "flex-end"}
_ALIGNS = {"l": "left", "ctr": "center", "r": "right", "just": "justify", "dist": "justify"}


def slides_html(plan: DeckPlan, briefing: Briefing, template: Template | None = None) -> Markup:
    """Return every slide of ``plan`` as positioned HTML boxes, scaled to :data:`PREVIEW_WIDTH`.

    With the ``template`` planned on, each slide shows its layout's background
    and artwork as the deck will (a small painting, a colour where it is one),
    and every text in the colour the plan chose; without, white slides.
    """
    scale = PREVIEW_WIDTH / plan.width if plan.width else 1.0
    backgrounds: dict[tuple[int, int], str] = {}
    if template is not None and template.surfaces is not None:
        layouts = {(layout.master, layout.index): layout for layout in template.layouts}
        for slide in plan.slides:
            key = (slide.master, slide.layout_index)
            if key not in backgrounds:
                backgrounds[key] = _background(template.surfaces.of(*key, layouts[key].colours))
    figures: dict[int, Figure] = {figure.number: figure for figure in briefing.figures()}
    if briefing.charts():  # drawn as the newsletter draws them: the deck's own is PowerPoint's
        from briefpub.drawn_charts import draw_charts

        figures.update((f.number, f) for f in draw_charts(briefing, PREVIEW_CHART_STYLE, "svg").figures())
    slides = [
        _slide(number, slide, plan, scale, figures, backgrounds.get((slide.master, slide.layout_index), ""))
        for number, slide in enumerate(plan.slides, 1)
    ]
    return Markup("\n").join(slides)


def _background(surface: Surface) -> str:
    """Return the CSS that paints a layout: its one colour, or its painting where it has more."""
    if surface.uniform():
        return f"background:#{surface.mean()}"
    return f"background:url({data_url('image/png', surface.png())}) 0 0/100% 100%"


PREVIEW_CHART_STYLE = ChartStyle(Brand().primary, Brand().accent, None)
"""Charts in the preview: drawn in briefpub's colours, standing in for the template's theme."""


def _slide(
    number: int,
    slide: SlidePlan,
    plan: DeckPlan,
    scale: float,
    figures: dict[int, Figure],
    background: str,
) -> Markup:
    flags = [f"continued {slide.part[0]}/{slide.part[1]}"] if slide.part else []
    flags += [f"{'title' if t.heading else 'text'} below its minimum" for t in slide.texts if t.below_minimum]
    flags += [f"{'title' if t.heading else 'text'} at its minimum" for t in slide.texts if _at_minimum(t)]
    boxes = [_text(text, scale) for text in slide.texts]
    boxes += [_aside(aside, scale) for aside in slide.asides]
    if slide.figure is not None and slide.figure.number in figures:
        figure = figures[slide.figure.number]
        box = slide.figure.box
        boxes.append(
            Markup('<img class="figure" src="{}" alt="{}" style="{}">').format(
                data_url(figure.media_type, figure.data), figure.alt, _place(box, scale)
            )
        )
    if slide.table is not None:
        boxes += _table(slide.table, scale)
    caption = f"{number} · {slide.role.replace('_', ' ')} · {slide.layout}"
    marks = Markup("").join(Markup('<span class="flag">{}</span>').format(flag) for flag in flags)
    return Markup(
        '<figure class="slide-preview{marked}" id="slide-{number}">'
        '<div class="slide" style="width:{width:.0f}px;height:{height:.0f}px;{background}">{boxes}</div>'
        "<figcaption>{caption} {marks}</figcaption></figure>"
    ).format(
        marked=" marked" if flags else "",
        number=number,
        width=plan.width * scale,
        height=plan.height * scale,
        background=background,
        boxes=Markup("").join(boxes),
        caption=caption,
        marks=marks,
    )


def _at_minimum(text: TextPlan) -> bool:
    return text.size == text.minimum and text.size < text.ceiling


def _family(name: str) -> str:
    """Return a master's font name as a CSS string's content: letters, digits, spaces and ``-_.&+`` only.

    The name is the master's: ``x',serif;background:red;'`` restyled the
    preview from inside its ``style`` attribute (the page's policy still
    stopped any fetch).
    """
    return "".join(char for char in name if char.isalnum() or char in " -_.&+")[:100]


def _text(text: TextPlan, scale: float) -> Markup:
    left, top, right, bottom = text.insets
    lines = Markup("").join(
        Markup('<p class="paragraph{bullet}">{lines}</p>').format(
            bullet=" bullet" if text.bullets != "none" and number >= text.plain else "",
            lines=Markup("<br>").join(
                styled_lines(text.runs[number] if number < len(text.runs) else (), paragraph)
            ),
        )
        for number, paragraph in enumerate(text.lines)
    )
    style = (
        f"{_place(text.box, scale)};padding:{top * scale:.1f}px {right * scale:.1f}px "
        f"{bottom * scale:.1f}px {left * scale:.1f}px;font-size:{text.size * scale:.2f}px;"
        f"font-family:'{_family(text.measured_with)}',sans-serif;"
        f"justify-content:{_ANCHORS.get(text.anchor, 'flex-start')};color:#{text.shows.lstrip('#')};"
        f"text-align:{_ALIGNS.get(text.align, 'left')};font-weight:{'bold' if text.bold else 'normal'};"
        f"font-style:{'italic' if text.italic else 'normal'}"
        + (";text-transform:uppercase" if text.caps else "")
    )
    kind = "title" if text.heading else "text"
    marked = " below-minimum" if text.below_minimum else ""
    return Markup('<div class="box {kind}{marked}" style="{style}" title="{tip}">{lines}</div>').format(
        kind=kind,
        marked=marked,
        style=style,
        tip=f"{text.name}: {text.size:g} pt (largest {text.ceiling:g}, min {text.minimum:g}), "
        f"{text.lines_used}/{text.lines_available} lines",
        lines=lines,
    )


def styled_lines(runs: Sequence[RunPlan], lines: Sequence[str]) -> list[Markup]:
    """Return each of a paragraph's measured ``lines`` as HTML, in the styles of the ``runs`` it came from.

    The plan broke the paragraph's plain text into lines; the characters are
    walked back to their runs (the spaces a break took skipped), so bold,
    italics, code, links and a footnote call (``58⁴``, not ``584``) show as
    the deck sets them. A character no run holds is shown plain.
    """
    stream = [(character, run) for run in runs for character in run.text]
    at = 0
    out = []
    for line in lines:
        pieces: list[tuple[str, RunPlan | None]] = []
        for character in line:
            while at < len(stream) and stream[at][0].isspace() and not _same(stream[at][0], character):
                at += 1
            if at < len(stream) and _same(stream[at][0], character):
                pieces.append((character, stream[at][1]))
                at += 1
            else:
                pieces.append((character, None))
        out.append(Markup("").join(_span(run, text) for run, text in _groups(pieces)))
    return out


def _same(written: str, measured: str) -> bool:
    return written == measured or written.upper() == measured


def _groups(pieces: list[tuple[str, RunPlan | None]]) -> list[tuple[RunPlan | None, str]]:
    """Return consecutive characters of one run as one text."""
    groups: list[tuple[RunPlan | None, str]] = []
    for character, run in pieces:
        if groups and groups[-1][0] is run:
            groups[-1] = (run, groups[-1][1] + character)
        else:
            groups.append((run, character))
    return groups


def _span(run: RunPlan | None, text: str) -> Markup:
    """Return ``text`` in ``run``'s styles."""
    html = escape(text)
    if run is None:
        return html
    for on, tag in ((run.code, "code"), (run.italic, "i"), (run.bold, "b"), (run.superscript, "sup")):
        if on:
            html = Markup("<{0}>{1}</{0}>").format(Markup(tag), html)
    if run.href:
        html = Markup('<span class="link">{}</span>').format(html)
    return html


def _aside(aside: AsidePlan, scale: float) -> Markup:
    style = f"{_place(aside.box, scale)};font-size:{aside.size * scale:.2f}px;color:#{aside.color}" + (
        ";text-align:center" if aside.align == "ctr" else ""
    )
    return Markup('<div class="box aside {kind}" style="{style}">{lines}</div>').format(
        kind=aside.kind, style=style, lines=Markup("<br>").join(escape(line) for line in aside.lines)
    )


def _table(table: TablePlan, scale: float) -> list[Markup]:
    """Return a box per cell of a planned table, each with the lines the plan measured for it."""
    boxes = []
    top = table.box.top
    align = {"l": "left", "ctr": "center", "r": "right"}
    for row, (height, cells) in enumerate(zip(table.heights, table.lines, strict=True)):
        left = table.box.left
        for column, (width, lines) in enumerate(zip(table.columns, cells, strict=True)):
            style = (
                f"{_place(Box(left, top, width, height), scale)};font-size:{table.size * scale:.2f}px;"
                f"text-align:{align[table.align[column]]}"
            )
            boxes.append(
                Markup('<div class="box cell{header}" style="{style}">{lines}</div>').format(
                    header=" header" if row == 0 else "",
                    style=style,
                    lines=Markup("<br>").join(escape(line) for line in lines),
                )
            )
            left += width
        top += height
    return boxes


def _place(box: Box, scale: float) -> str:
    return (
        f"left:{box.left * scale:.1f}px;top:{box.top * scale:.1f}px;"
        f"width:{box.width * scale:.1f}px;height:{box.height * scale:.1f}px"
    )
