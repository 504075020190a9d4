"""A chart's value axis, decided once for every edition: where it starts, where it ends, its step.

The newsletter draws charts with matplotlib and the deck hands them to
PowerPoint or LibreOffice, and each would choose its own range: LibreOffice
started a column chart's axis at 1.65 for values from 1.77 to 1.93 (one bar
looked half the size of another 9% taller), and a line chart began at zero on
the slide but near its data on the page. So the range is computed here and
both editions are told it:

- **bars and columns** (stacked or not) always include zero: a bar's length
  is its value, or it misleads;
- **lines** run from a round number below the data to one above it (a step
  further where the data would touch the frame): a line shows change, and a
  zero far below the data flattens it;
- the **step** between gridlines is a round number (1, 2, 2.5 or 5 times a
  power of ten) giving at most seven intervals, never finer than the number
  format shows (0.1 for ``0.0``), so no two gridlines carry the same label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from briefpub.model.briefing import NUMBER_FORMAT, Chart

_NICE = (1.0, 2.0, 2.5, 5.0, 10.0)
_MOST_STEPS = 7
"""The most intervals between gridlines: the roundest step that gives no more (0 to 60 by tens)."""


@dataclass(frozen=True)
class ValueAxis:
    """A value axis: its lowest and highest values and the step between its gridlines."""

    minimum: float
    maximum: float
    step: float

    def ticks(self) -> list[float]:
        """Return the values the axis marks, from its minimum to its maximum."""
        count = round((self.maximum - self.minimum) / self.step)
        return [_clean(self.minimum + n * self.step, self.step) for n in range(count + 1)]


def value_axis(chart: Chart) -> ValueAxis | None:
    """Return the value axis every edition draws ``chart`` with; None for a pie, which has none."""
    if chart.type == "pie":
        return None
    low, high = _extent(chart)
    if chart.type != "line":  # bars start at zero
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:  # one value: a step around it (or up from zero)
        magnitude = abs(low) or 1.0
        low, high = (low - magnitude, high + magnitude) if chart.type == "line" else (low, high + magnitude)
        if chart.type != "line":
            low, high = min(low, 0.0), max(high, 0.0)
    step = max(_step((high - low) / _MOST_STEPS), _finest(chart.number_format))
    minimum, maximum = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    if chart.type == "line":  # a point on the frame is half drawn: a step of room where the data touches it
        minimum -= step if low != 0 and math.isclose(minimum, low, abs_tol=step * 1e-6) else 0
        maximum += step if high != 0 and math.isclose(maximum, high, abs_tol=step * 1e-6) else 0
    if minimum == maximum:
        maximum = minimum + step
    return ValueAxis(_clean(minimum, step), _clean(maximum, step), _clean(step, step))


def _extent(chart: Chart) -> tuple[float, float]:
    """Return the lowest and highest values drawn: stacks by their totals above and below zero."""
    if chart.type.startswith("stacked-"):
        columns = list(zip(*(series.values for series in chart.series), strict=True))
        highs = [sum(v for v in column if v is not None and v > 0) for column in columns]
        lows = [sum(v for v in column if v is not None and v < 0) for column in columns]
        return min(lows), max(highs)
    values = [v for series in chart.series for v in series.values if v is not None]
    return (min(values), max(values)) if values else (0.0, 1.0)


def _finest(number_format: str) -> float:
    """Return the smallest step the format tells apart: 0.1 for ``0.0``, 0.01 for ``0%``, else 0.001."""
    match = NUMBER_FORMAT.fullmatch(number_format)
    if match is None:
        return 0.001  # general: three decimals at most
    decimals = len(match[2] or ".") - 1 + (2 if match[3] else 0)
    return 10.0**-decimals


def _step(rough: float) -> float:
    """Return the round step (1, 2, 2.5 or 5 times a power of ten) nearest above ``rough``."""
    power = 10.0 ** math.floor(math.log10(rough))
    return next(nice * power for nice in _NICE if nice * power >= rough * (1 - 1e-9))


def _clean(value: float, step: float) -> float:
    """Return ``value`` rounded to the step's precision: 1.7, not 1.7000000000000002."""
    decimals = max(0, 2 - math.floor(math.log10(step))) if step > 0 else 6
    cleaned = round(value, decimals)
    return 0.0 if cleaned == 0 else cleaned
