"""Charts drawn as pictures by matplotlib: the newsletter's figures, and the deck preview's stand-ins.

The PDF and the web edition get vector SVG whose text stays text (the PDF's
words can be searched and copied; pdftotext reads every label); the e-mail
gets a PNG, since many mail clients show no SVG. A drawn chart is an ordinary
:class:`~briefpub.model.briefing.Figure` from there on (numbered, captioned,
fitted, attached once), carrying its data as a table for readers who cannot
see it.

Why matplotlib: it is the well-kept standard, draws every kind of chart
briefpub offers, writes SVG with text as ``<text>`` (``svg.fonttype =
"none"``) and PNG from the same figure, needs no browser or JavaScript, and
is deterministic with a fixed hash salt and no dates. It costs 0.6 s to
import, so it is imported only when a briefing has a chart.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import logging
import math
import warnings
from typing import Any

from briefpub.errors import RenderError, shorten
from briefpub.files import display_path
from briefpub.limits import LimitExceeded, bounded
from briefpub.model.axis import value_axis
from briefpub.model.briefing import Block, Briefing, Chart, Figure, format_value

WIDTH_PX, HEIGHT_PX = 640, 360
"""A chart's natural size in CSS pixels: the column's width, in the proportions of a slide."""
PNG_SCALE = 2
"""How many pixels a CSS pixel gets in the e-mail's PNG: sharp on high-density screens."""
DRAW_SECONDS = 30.0
"""How long drawing one briefing's charts may take, as reading it may (a large chart draws in a second)."""
DRAW_MEMORY = 1 << 30
"""How much memory drawing one briefing's charts may add."""
MAX_ALT_CHARACTERS = 1500
"""The most of a chart's data its PDF alternative text spells out."""
_GREYS = ("#7A8699", "#B7BFCA", "#4B5563", "#D6A84E", "#5E8C6A", "#8E6C8A")
"""Colours for series after the brand's two: quiet, and told apart in grey as well."""


@dataclasses.dataclass(frozen=True)
class ChartStyle:
    """What a chart is drawn with: the brand's colours and the newsletter's heading face."""

    primary: str
    accent: str
    font: str | None
    """The face of the chart's text (the headings'); fontconfig's sans-serif where None."""

    def colours(self, count: int) -> list[str]:
        """Return ``count`` series colours: the primary, the accent, then quiet ones in turn."""
        palette = [self.primary, self.accent, *_GREYS]
        return [palette[n % len(palette)] for n in range(count)]


def draw_charts(briefing: Briefing, style: ChartStyle, form: str, data_in_alt: bool = False) -> Briefing:
    """Return ``briefing`` with every chart replaced by its figure, drawn as ``form`` (``svg`` or ``png``).

    ``data_in_alt`` spells the data out in the figure's alternative text (the
    tagged PDF's only place for it); the web edition shows it as a table.
    A briefing without charts is returned as it is, and matplotlib is not imported.
    """
    if not briefing.charts():
        return briefing
    file = display_path(briefing.source) if briefing.source is not None else "<string>"
    current: list[Chart] = []

    def figure(chart: Chart) -> Figure:
        current[:] = [chart]
        return _figure(chart, style, form, data_in_alt)

    def blocks(items: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(figure(block) if isinstance(block, Chart) else block for block in items)

    try:
        with bounded(DRAW_SECONDS, DRAW_MEMORY):
            sections = tuple(dataclasses.replace(s, body=blocks(s.body)) for s in briefing.sections)
            introduction = blocks(briefing.introduction)
    except (LimitExceeded, MemoryError) as exc:
        why = str(exc) if isinstance(exc, LimitExceeded) else f"needed more than {DRAW_MEMORY >> 20} MiB"
        where = current[0] if current else briefing.charts()[0]
        raise RenderError.at(
            file, where.line, f"drawing the charts {why}; chart {shorten(where.written, 60)!r} was drawing"
        ) from None
    return dataclasses.replace(briefing, introduction=introduction, sections=sections)


def _figure(chart: Chart, style: ChartStyle, form: str, data_in_alt: bool) -> Figure:
    # The drawing depends on the data and options only: the same CSV used twice is drawn once.
    data = drawn(dataclasses.replace(chart, caption="", alt="", written="", number=0), style, form)
    scale = PNG_SCALE if form == "png" else 1
    alt = f"{chart.alt}. {data_text(chart)}" if data_in_alt else chart.alt
    return Figure(
        path=chart.path,
        written=chart.written,
        caption=chart.caption,
        alt=alt[:MAX_ALT_CHARACTERS],
        media_type="image/png" if form == "png" else "image/svg+xml",
        width=WIDTH_PX * scale,
        height=HEIGHT_PX * scale,
        data=data,
        number=chart.number,
        line=chart.line,
        data_table=chart.data_table(),
    )


def data_text(chart: Chart) -> str:
    """Return the chart's data as a sentence: ``Kazakhstan: 2019 1.9, 2020 1.8; Russia: …``."""
    return "; ".join(
        f"{series.name}: "
        + ", ".join(
            f"{category} {format_value(value, chart.number_format) or '–'}"
            for category, value in zip(chart.categories, series.values, strict=True)
        )
        for series in chart.series
    )


@functools.lru_cache(maxsize=64)
def drawn(chart: Chart, style: ChartStyle, form: str) -> bytes:
    """Return the chart drawn as SVG or PNG bytes: the same bytes for the same chart (reproducible)."""
    # Before the import: a missing face falls back, and an unwritable cache folder is replaced, in silence.
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    import matplotlib

    settings: dict[str, Any] = {
        "svg.fonttype": "none",  # text as text
        "svg.hashsalt": "briefpub",
        "text.parse_math": False,  # "$5 to $10" is money, not TeX: every label as written
        "text.usetex": False,
        "font.family": "sans-serif",
        "font.sans-serif": [*([style.font] if style.font else []), "Noto Sans", "DejaVu Sans"],
        "font.size": 10.5,
        "axes.edgecolor": "#8A94A3",
        "axes.labelcolor": "#3A4350",
        "xtick.color": "#3A4350",
        "ytick.color": "#3A4350",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with matplotlib.rc_context(settings), warnings.catch_warnings():  # type: ignore[arg-type]
        warnings.simplefilter("ignore")  # "constrained_layout not applied" and the like: not the user's
        from matplotlib.figure import Figure as Canvas

        figure = Canvas(figsize=(WIDTH_PX / 96, HEIGHT_PX / 96), dpi=96, layout="constrained")
        axes = figure.add_subplot()
        _DRAWERS[chart.type](axes, chart, style)
        out = io.BytesIO()
        if form == "png":
            figure.savefig(out, format="png", dpi=96 * PNG_SCALE, metadata={"Software": None})
        else:
            figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        return out.getvalue()


HIGHLIGHT_TINT = 0.55
"""How much paler the other categories' bars are when a chart of several series highlights one.

The deck says the same with the theme colour's brightness
(:data:`briefpub.deck.charts.HIGHLIGHT_TINT` is this value).
"""


def tint(colour: str, amount: float) -> str:
    """Return ``colour`` (``#RRGGBB``) with its lightness moved ``amount`` of the way to white.

    This is what Office's brightness does (``lumMod``/``lumOff`` in HSL), so
    a tinted bar is the same colour in the PDF as on the slide.
    """
    import colorsys

    hue, lightness, saturation = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    rgb = colorsys.hls_to_rgb(hue, lightness * (1 - amount) + amount, saturation)
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgb)


MAX_LABELS = 16
"""The most category labels an axis shows: past that, every n-th (the highlight's always)."""


def _category_ticks(axis: Any, chart: Chart) -> None:
    """Label the categories: each of them, or every n-th of many, so that labels never overprint."""
    count = len(chart.categories)
    step = max(1, math.ceil(count / MAX_LABELS))
    shown = sorted(
        {*range(0, count, step), *([chart.categories.index(chart.highlight)] if chart.highlight else [])}
    )
    axis.set_ticks(shown, labels=[chart.categories[n] for n in shown])


def _values(values: tuple[float | None, ...]) -> list[float]:
    return [math.nan if value is None else value for value in values]


def _format_axis(axis: Any, chart: Chart) -> None:
    """Give the value axis the range and gridlines every edition uses (:mod:`briefpub.model.axis`)."""
    from matplotlib.ticker import FuncFormatter

    scale = value_axis(chart)
    if scale is not None:
        limit = axis.axes.set_xlim if axis.axis_name == "x" else axis.axes.set_ylim
        limit(scale.minimum, scale.maximum)  # and autoscaling off: the same range as on slides
        axis.set_ticks(scale.ticks())
    axis.set_major_formatter(FuncFormatter(lambda value, _: format_value(value, chart.number_format)))


def _legend(axes: Any, chart: Chart, handles: list[Any]) -> None:
    """Name the series above the plot; handed over, since matplotlib drops a label that starts with ``_``."""
    if len(chart.series) > 1:
        axes.legend(
            handles,
            [series.name for series in chart.series],
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            ncols=min(len(chart.series), 4),
            frameon=False,
        )


def _emphasise(labels: Any, chart: Chart) -> None:
    for label in labels:
        if chart.highlight and label.get_text().split("\n")[0] == chart.highlight:
            label.set_fontweight("bold")


def _bars(axes: Any, chart: Chart, style: ChartStyle, horizontal: bool, stacked: bool) -> None:
    from matplotlib.patches import Rectangle

    count, colours = len(chart.series), style.colours(len(chart.series))
    handles: list[Any] = []  # the legend's: each series in its full colour, whatever its first bar's
    positions = list(range(len(chart.categories)))
    width = 0.8 if stacked else 0.8 / count
    above, below = [0.0] * len(positions), [0.0] * len(positions)  # stacks: negatives go below zero
    for n, series in enumerate(chart.series):
        values = [0.0 if v is None else v for v in series.values]
        offsets = positions if stacked else [p - 0.4 + width * (n + 0.5) for p in positions]
        colour: Any = colours[n]
        if count == 1 and chart.highlight:
            colour = [style.accent if c == chart.highlight else style.primary for c in chart.categories]
        elif n == 0 and chart.highlight:  # several series: a band behind the category
            at = chart.categories.index(chart.highlight)
            band = axes.axhspan if horizontal else axes.axvspan
            band(at - 0.45, at + 0.45, color=style.accent, alpha=0.12, linewidth=0)
        draw = axes.barh if horizontal else axes.bar
        extent = {"height" if horizontal else "width": width}
        base = [b if v >= 0 else d for b, d, v in zip(above, below, values, strict=True)]
        where = {"left" if horizontal else "bottom": base if stacked else 0}
        bars = draw(offsets, values, color=colour, label=series.name, **extent, **where)
        for category, bar in zip(chart.categories, bars, strict=True):
            bar.set_in_layout(False)  # inside the axes: the layout need not measure each of 1,000 bars
            if count > 1 and chart.highlight and category != chart.highlight:  # the others paler
                bar.set_facecolor(tint(colours[n], HIGHLIGHT_TINT))
        handles.append(Rectangle((0, 0), 1, 1, facecolor=colours[n], label=series.name))
        if stacked:
            above = [b + max(v, 0.0) for b, v in zip(above, values, strict=True)]
            below = [d + min(v, 0.0) for d, v in zip(below, values, strict=True)]
    category_axis, values_axis = (axes.yaxis, axes.xaxis) if horizontal else (axes.xaxis, axes.yaxis)
    _category_ticks(category_axis, chart)
    _format_axis(values_axis, chart)
    axes.grid(axis="x" if horizontal else "y", color="#E3E7ED", linewidth=0.8)
    axes.set_axisbelow(True)
    if horizontal:
        axes.invert_yaxis()  # the first category on top, as read
    _emphasise(category_axis.get_ticklabels(), chart)
    _titles(axes, chart, horizontal)
    _legend(axes, chart, handles)


def _titles(axes: Any, chart: Chart, horizontal: bool) -> None:
    x_title, y_title = (chart.y_title, chart.x_title) if horizontal else (chart.x_title, chart.y_title)
    if x_title:
        axes.set_xlabel(x_title)
    if y_title:
        axes.set_ylabel(y_title)


def _line(axes: Any, chart: Chart, style: ChartStyle) -> None:
    positions = list(range(len(chart.categories)))
    handles = []
    for series, colour in zip(chart.series, style.colours(len(chart.series)), strict=True):
        [line] = axes.plot(
            positions,
            _values(series.values),
            color=colour,
            linewidth=2,
            marker="o",
            markersize=4,
            label=series.name,
        )
        handles.append(line)
    if chart.highlight:  # a band behind the category, and its points larger in the accent, as on slides
        at = chart.categories.index(chart.highlight)
        axes.axvspan(at - 0.4, at + 0.4, color=style.accent, alpha=0.12, linewidth=0)
        for series in chart.series:
            if series.values[at] is not None:
                axes.plot(
                    [at], [series.values[at]], linestyle="none", marker="o", markersize=8, color=style.accent
                )
    _category_ticks(axes.xaxis, chart)
    _format_axis(axes.yaxis, chart)
    axes.grid(axis="y", color="#E3E7ED", linewidth=0.8)
    _emphasise(axes.xaxis.get_ticklabels(), chart)
    _titles(axes, chart, horizontal=False)
    _legend(axes, chart, handles)


def _pie(axes: Any, chart: Chart, style: ChartStyle) -> None:
    values = [0.0 if v is None else v for v in chart.series[0].values]
    total = sum(values) or 1.0
    colours = style.colours(len(values))
    labels = [
        f"{category}\n{format_value(value / total, chart.number_format or '0%')}"
        if chart.number_format in ("", "0%", "0.0%")
        else f"{category}\n{format_value(value, chart.number_format)}"
        for category, value in zip(chart.categories, values, strict=True)
    ]
    explode = [0.06 if c == chart.highlight else 0.0 for c in chart.categories]
    _, texts = axes.pie(
        values,
        labels=labels,
        colors=colours,
        explode=explode,
        startangle=90,
        counterclock=False,
        wedgeprops={"linewidth": 1, "edgecolor": "white"},
    )
    _emphasise(texts, chart)
    axes.set_aspect("equal")


_DRAWERS = {
    "column": lambda a, c, s: _bars(a, c, s, horizontal=False, stacked=False),
    "bar": lambda a, c, s: _bars(a, c, s, horizontal=True, stacked=False),
    "stacked-column": lambda a, c, s: _bars(a, c, s, horizontal=False, stacked=True),
    "stacked-bar": lambda a, c, s: _bars(a, c, s, horizontal=True, stacked=True),
    "line": _line,
    "pie": _pie,
}
