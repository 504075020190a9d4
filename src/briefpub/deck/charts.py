"""Charts on slides as native PowerPoint charts: a chart part with its data in an embedded workbook.

The presenter can edit a number, change the chart type or restyle it on the
client's template, as with any chart made in PowerPoint. Nothing here sets a
colour or a face: series take the template's theme accents and text its
theme font, so the chart looks like the template's own. The one colour
chosen is the highlight's, the theme's second accent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from briefpub.deck.colours import HIGHLIGHT_TINT, luminance, rgb_of
from briefpub.deck.geometry import Box
from briefpub.deck.pptxengine import chart_part_xml
from briefpub.errors import shorten
from briefpub.model.axis import value_axis
from briefpub.model.briefing import Chart

_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "stacked-column": XL_CHART_TYPE.COLUMN_STACKED,
    "stacked-bar": XL_CHART_TYPE.BAR_STACKED,
    "pie": XL_CHART_TYPE.PIE,
}
_BARS = ("column", "bar", "stacked-column", "stacked-bar")
"""The chart types drawn as bars, whose fill the slide's shades apply to."""
_EMU_PER_PT = 12700
_ACCENTS = tuple(getattr(MSO_THEME_COLOR, f"ACCENT_{n}") for n in range(1, 7))
"""The theme colours PowerPoint gives series in turn (a seventh series takes the first, darker)."""
TEXT_PT = 12.0
"""The size of a chart's labels, legend and axis titles: read from the back of a meeting room."""


_WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
"""xlsxwriter's options for the embedded workbook: a cell's text is never read as a formula, link or number.

xlsxwriter's ``write`` stores ``=HYPERLINK(...)`` as a live formula,
``{=...}`` as an array formula and ``http://...`` as a link by default;
CSV text is someone else's, so it is stored as text however it begins.
"""


class _Workbook(CategoryWorkbookWriter):
    """python-pptx's writer of a chart's embedded workbook, hardened: text as text, numbers as numbers.

    It is dated as the deck is, so it makes the same bytes each time. Each
    cell is written with the call for its kind (``write_string``,
    ``write_number``, ``write_blank``), never the guessing ``write``, so a
    category or series name that begins with ``=``, ``+``, ``-``, ``@`` or
    ``{=`` stays the words the CSV held when a presenter opens "Edit data".
    """

    created: datetime.datetime

    @contextmanager
    def _open_worksheet(self, xlsx_file: Any) -> Iterator[tuple[Any, Any]]:
        from xlsxwriter import Workbook  # type: ignore[import-untyped]

        workbook = Workbook(xlsx_file, _WORKBOOK_OPTIONS)
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()

    def _populate_worksheet(self, workbook: Any, worksheet: Any) -> None:
        workbook.set_properties({"created": self.created.replace(tzinfo=None)})
        data = self._chart_data
        text = workbook.add_format({"num_format": "@"})
        worksheet.set_column(0, 0, 10)
        for row, category in enumerate(data.categories, start=1):
            worksheet.write_string(row, 0, str(category.label), text)
        for column, series in enumerate(data, start=1):
            values = workbook.add_format({"num_format": series.number_format})
            worksheet.write_string(0, column, str(series.name))
            for row, value in enumerate(series.values, start=1):
                if value is None:
                    worksheet.write_blank(row, column, None, values)
                else:
                    worksheet.write_number(row, column, float(value), values)


class _ChartData(CategoryChartData):
    """Category chart data whose workbook carries the deck's date instead of the time it was written."""

    created = datetime.datetime(2000, 1, 1)

    @property
    def _workbook_writer(self) -> _Workbook:
        writer = _Workbook(self)  # type: ignore[no-untyped-call]
        writer.created = self.created
        return writer


def add_chart(
    slide: Any,
    box: Box,
    chart: Chart,
    created: datetime.datetime,
    text_color: str | None = None,
    lang: str = "",
    shades: tuple[tuple[float, float, float], ...] = (),
) -> Any:
    """Add ``chart`` to ``slide`` in ``box`` as a native chart with its alternative text; return the frame.

    ``created`` dates the embedded workbook (the deck's own timestamp), so a
    rebuild makes the same bytes. The alternative text is the chart's alt
    followed by its data in words, as the tagged PDF's is: a screen reader
    cannot open "Edit data". ``lang`` is the chart's language; ``shades`` each
    accent's brightness on this slide, as the planner measured it
    (:func:`briefpub.deck.colours.chart_shades`).
    """
    data = _ChartData(number_format=chart.number_format or "General")  # type: ignore[no-untyped-call]
    data.created = created
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, list(series.values))  # type: ignore[no-untyped-call]
    frame = slide.shapes.add_chart(
        _TYPES[chart.type],
        Emu(round(box.left * _EMU_PER_PT)),
        Emu(round(box.top * _EMU_PER_PT)),
        Emu(round(box.width * _EMU_PER_PT)),
        Emu(round(box.height * _EMU_PER_PT)),
        data,
    )
    properties = frame.element.nvGraphicFramePr.cNvPr
    properties.set("name", f"Figure {chart.number}")
    properties.set("descr", alternative_text(chart))
    drawn = frame.chart
    if lang:
        _language(drawn, lang)
    drawn.font.size = Pt(TEXT_PT)
    drawn.has_title = False  # the slide's title is the caption
    if chart.type == "pie":
        _pie(drawn, chart)
    else:
        _axes(drawn, chart)
    if len(chart.series) > 1 or chart.type == "pie":
        drawn.has_legend = True
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
    else:
        drawn.has_legend = False
    dark = text_color is not None and _is_light(text_color)
    shades = shades or ((0.0, 0.0, -HIGHLIGHT_TINT if dark else HIGHLIGHT_TINT),)
    if chart.type in _BARS and not (chart.highlight and len(chart.series) > 1):
        _bars_show(drawn, shades)
    _highlight(drawn, chart, shades)
    if text_color:
        _text_colour(drawn, chart, RGBColor.from_string(text_color))  # type: ignore[no-untyped-call]
    return frame


def _is_light(colour: str) -> bool:
    """Whether ``colour`` is a light one: the chart's text is light on a dark slide."""
    rgb = rgb_of(colour)
    return rgb is not None and luminance(rgb) > 0.4


def alternative_text(chart: Chart) -> str:
    """Return what a screen reader says for the chart: its alt, then its data in words."""
    from briefpub.drawn_charts import MAX_ALT_CHARACTERS, data_text

    alt = chart.alt.strip().rstrip(".")
    return shorten(f"{alt}. {data_text(chart)}" if alt else data_text(chart), MAX_ALT_CHARACTERS)


def _language(drawn: Any, lang: str) -> None:
    """Say the chart's language (``c:lang``, right after ``c:date1904`` where the schema puts it)."""
    space = drawn.element
    element = space.find(qn("c:lang"))
    if element is None:
        element = space.makeelement(qn("c:lang"), {})
        before = space.find(qn("c:date1904"))
        if before is None:
            space.insert(0, element)
        else:
            before.addnext(element)
    element.set("val", lang)


def _text_colour(drawn: Any, chart: Chart, rgb: RGBColor) -> None:
    """Set every label of the chart in ``rgb``: the chart's own text, its axes', titles' and legend's.

    Said on each part, not once for the chart: LibreOffice takes an axis's
    labels in its default grey otherwise, unreadable on a dark master.
    """
    drawn.font.color.rgb = rgb
    fonts = []
    if chart.type == "pie":
        fonts.append(drawn.plots[0].data_labels.font)
    else:
        for axis in (drawn.category_axis, drawn.value_axis):
            fonts.append(axis.tick_labels.font)
            if axis.has_title:
                fonts += [run.font for p in axis.axis_title.text_frame.paragraphs for run in p.runs]
    if drawn.has_legend:
        fonts.append(drawn.legend.font)
    for font in fonts:
        font.color.rgb = rgb


def _axes(drawn: Any, chart: Chart) -> None:
    category, value = drawn.category_axis, drawn.value_axis
    if chart.type == "line":  # round markers, as the newsletter draws them
        for series in drawn.plots[0].series:
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 5
    category.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # at the plot's edge, as in print, not at zero
    if chart.type in ("bar", "stacked-bar"):
        category.reverse_order = True  # the first category on top, as read
        # ... and the values' axis still at the bottom: it crosses the categories at their last
        crosses = chart_part_xml(value).find(qn("c:crosses"))
        if crosses is not None:
            crosses.set("val", "max")
    value.has_major_gridlines = True
    scale = value_axis(chart)
    if scale is not None:  # said outright: LibreOffice started a column chart's axis at 1.65
        value.minimum_scale, value.maximum_scale = scale.minimum, scale.maximum
        value.major_unit = scale.step
    if chart.number_format:
        value.tick_labels.number_format = chart.number_format
        value.tick_labels.number_format_is_linked = False
    for axis, title in ((category, chart.x_title), (value, chart.y_title)):
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = title


def _pie(drawn: Any, chart: Chart) -> None:
    plot = drawn.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = chart.number_format if chart.number_format.endswith("%") else "0%"
    labels.number_format_is_linked = False
    labels.show_percentage = not chart.number_format or chart.number_format.endswith("%")
    labels.show_value = bool(chart.number_format) and not chart.number_format.endswith("%")
    labels.show_category_name = False


def _highlight(drawn: Any, chart: Chart, shades: tuple[tuple[float, float, float], ...]) -> None:
    """Set the highlighted category apart, as the newsletter does, in the theme's second accent.

    One series: its bar in the accent. Several: each series' bars of the
    other categories recede (the newsletter adds a band behind the
    category). A line: the category's points, larger, in the accent. A pie:
    its slice pulled out. ``shades`` are each accent's on this slide.
    """
    if not chart.highlight:
        return
    index = chart.categories.index(chart.highlight)
    if chart.type == "pie":  # slices vary in colour already: pull the slice out instead
        d_pt = chart_part_xml(drawn.plots[0].series[0]).get_or_add_dPt_for_point(index)
        explosion = d_pt.makeelement(qn("c:explosion"), {"val": "12"})
        follower = next(
            (c for c in d_pt if c.tag in (qn("c:spPr"), qn("c:pictureOptions"), qn("c:extLst"))), None
        )
        if follower is None:
            d_pt.append(explosion)
        else:
            follower.addprevious(explosion)
        return
    for series in drawn.plots[0].series:
        point = series.points[index]
        if chart.type == "line":
            point.marker.format.fill.solid()
            point.marker.format.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_2
            point.marker.size = 9
        elif len(chart.series) == 1:
            point.format.fill.solid()
            point.format.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_2
            if _shade(shades, 1)[0]:
                point.format.fill.fore_color.brightness = _shade(shades, 1)[0]
    if chart.type != "line" and len(chart.series) > 1:
        _others_recede(drawn, chart, index, shades)


def _others_recede(
    drawn: Any, chart: Chart, index: int, shades: tuple[tuple[float, float, float], ...]
) -> None:
    """Shade each series' bars but the highlighted category's towards the slide, so that they recede.

    The series' colour is said outright (the theme accent it takes anyway),
    so the legend and the highlighted bars stay full and the rest are
    up to :data:`HIGHLIGHT_TINT` paler, as in the newsletter, or as much
    darker on a dark slide (paler bars would stand out there, not recede),
    less where more would leave them under 3:1 against the slide; an accent
    that does not show on the slide is first brightened or darkened until it
    does (``shades``).
    """
    for n, series in enumerate(drawn.plots[0].series):
        _, beside, receding = _shade(shades, n % len(_ACCENTS))
        accent, shade = _ACCENTS[n % len(_ACCENTS)], -0.4 if n >= len(_ACCENTS) else beside
        series.format.fill.solid()
        series.format.fill.fore_color.theme_color = accent
        series.format.fill.fore_color.brightness = shade
        for at in range(len(chart.categories)):
            fill = series.points[at].format.fill
            fill.solid()
            fill.fore_color.theme_color = accent
            fill.fore_color.brightness = shade if at == index else receding


def _shade(shades: tuple[tuple[float, float, float], ...], accent: int) -> tuple[float, float, float]:
    """Return accent ``accent``'s shades (one entry given: every accent's)."""
    return shades[accent % len(shades)]


def _bars_show(drawn: Any, shades: tuple[tuple[float, float, float], ...]) -> None:
    """Say a series' colour outright where its accent had to be brightened or darkened to show.

    Elsewhere the series keeps the theme accent it takes anyway, unsaid, as a
    chart made in PowerPoint does.
    """
    for n, series in enumerate(drawn.plots[0].series):
        plain = _shade(shades, n)[0]
        if plain and n < len(_ACCENTS):
            series.format.fill.solid()
            series.format.fill.fore_color.theme_color = _ACCENTS[n]
            series.format.fill.fore_color.brightness = plain
