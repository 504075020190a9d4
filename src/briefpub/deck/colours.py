"""Colours as a deck master states them (theme, colour map, modifiers), and contrast measured as WCAG does.

A master rarely says "white": it says ``schemeClr val="bg1"`` with a
``lumMod``, and which theme colour ``bg1`` is depends on the master's colour
map (and a layout's override of it). Everything here turns such references
into sRGB, so the plan can measure a text's colour against what lies behind it.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

RGB = tuple[float, float, float]
"""A colour as red, green and blue from 0 to 255."""

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_ACCENTS = ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink")
_SCHEME = ("dk1", "lt1", "dk2", "lt2", *_ACCENTS)
_DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_SYSTEM = {"windowText": "000000", "window": "FFFFFF", "btnText": "000000", "btnFace": "F0F0F0"}
_PRESET = {
    "black": "000000",
    "white": "FFFFFF",
    "gray": "808080",
    "grey": "808080",
    "red": "FF0000",
    "green": "008000",
    "blue": "0000FF",
    "yellow": "FFFF00",
    "darkGray": "A9A9A9",
    "ltGray": "D3D3D3",
}
COLOUR_TAGS = tuple(
    f"{_A}{tag}" for tag in ("srgbClr", "schemeClr", "sysClr", "prstClr", "scrgbClr", "hslClr")
)
AA_NORMAL = 4.5
"""WCAG AA's least contrast for text under 18 pt (or under 14 pt bold)."""
AA_LARGE = 3.0
"""And for text of 18 pt and more (14 pt bold)."""


Palette = Mapping[str, str]
"""Scheme colour names (``tx1``, ``bg1``, ``accent1``, ``dk1``…) to six-digit hex."""


def palette(theme: Any | None, colour_map: Any | None, override: Any | None = None) -> dict[str, str]:
    """Return the scheme colours of a master's ``theme`` (its XML root) under its ``colour_map``.

    ``colour_map`` is the master's ``p:clrMap``; ``override`` a layout's
    ``a:overrideClrMapping``, which replaces it. A theme that says nothing
    gives Office's default black on white.
    """
    base = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "44546A", "lt2": "E7E6E6"}
    scheme = theme.find(f".//{_A}clrScheme") if theme is not None else None
    for name in _SCHEME:
        element = scheme.find(f"{_A}{name}") if scheme is not None else None
        found = _first_colour(element)
        rgb = colour(found, base) if found is not None else None
        if rgb is not None:
            base[name] = hex_of(rgb)
    mapping = override if override is not None else colour_map
    out = dict(base)
    for alias, default in _DEFAULT_MAP.items():
        target = mapping.get(alias, default) if mapping is not None else default
        out[alias] = base.get(target, base[default])
    for name in _ACCENTS:
        target = mapping.get(name, name) if mapping is not None else name
        if target in base:
            out[name] = base[target]
    return out


def _first_colour(element: Any | None) -> Any | None:
    if element is None:
        return None
    return next((child for child in element if child.tag in COLOUR_TAGS), None)


def fill_colour(
    parent: Any | None, colours: Palette, placeholder: str | None = None
) -> tuple[RGB, float] | None:
    """Return the colour and opacity of the ``a:solidFill`` under ``parent``, None when it has none."""
    if parent is None:
        return None
    solid = parent.find(f"{_A}solidFill")
    if solid is None:
        return None
    element = _first_colour(solid)
    if element is None:
        return None
    found = colour(element, colours, placeholder)
    return (found, opacity(element)) if found is not None else None


def colour(element: Any, colours: Palette, placeholder: str | None = None) -> RGB | None:
    """Return the sRGB of one DrawingML colour element, its modifiers applied.

    ``placeholder`` is what ``phClr`` stands for (a theme fill style's colour
    is given where the style is used).
    """
    tag = element.tag.removeprefix(_A)
    value = element.get("val", "")
    hex_value: str | None
    if tag == "srgbClr":
        hex_value = value
    elif tag == "schemeClr":
        hex_value = placeholder if value == "phClr" else colours.get(value)
    elif tag == "sysClr":
        hex_value = element.get("lastClr") or _SYSTEM.get(value)
    elif tag == "prstClr":
        hex_value = _PRESET.get(value)
    elif tag == "scrgbClr":
        channels = [_percent(element.get(name)) for name in ("r", "g", "b")]
        hex_value = hex_of(255 * _to_srgb(channel) for channel in channels)
    elif tag == "hslClr":
        hue = number(element.get("hue"), 0) / 60000 / 360
        red, green, blue = colorsys.hls_to_rgb(
            hue, _percent(element.get("lum")), _percent(element.get("sat"))
        )
        hex_value = hex_of((red * 255, green * 255, blue * 255))
    else:
        return None
    rgb = rgb_of(hex_value) if hex_value else None
    return _modified(rgb, element) if rgb is not None else None


def opacity(element: Any) -> float:
    """Return a colour element's opacity: its ``a:alpha``, 1 when it has none."""
    alpha = element.find(f"{_A}alpha")
    return _percent(alpha.get("val")) if alpha is not None else 1.0


def _modified(rgb: RGB, element: Any) -> RGB:
    """Apply ``lumMod``, ``lumOff`` (in HSL), ``tint`` and ``shade`` (in linear RGB) as Office does."""
    red, green, blue = (channel / 255 for channel in rgb)
    for modifier in element:
        name = modifier.tag.removeprefix(_A)
        amount = _percent(modifier.get("val"))
        if name in ("lumMod", "lumOff"):
            hue, lum, sat = colorsys.rgb_to_hls(red, green, blue)
            lum = lum * amount if name == "lumMod" else lum + amount
            red, green, blue = colorsys.hls_to_rgb(hue, min(max(lum, 0.0), 1.0), sat)
        elif name == "tint":  # towards white, in linear light as Office and LibreOffice do
            red, green, blue = (_to_srgb(1 - (1 - _to_linear(c)) * amount) for c in (red, green, blue))
        elif name == "shade":  # towards black, likewise
            red, green, blue = (_to_srgb(_to_linear(c) * amount) for c in (red, green, blue))
    return (red * 255, green * 255, blue * 255)


def _percent(value: str | None) -> float:
    return number(value, 0) / 100_000


def number(value: str | None, default: int) -> int:
    """Return an XML attribute as an integer; ``default`` where it is missing or not a number.

    A master is untrusted input: a malformed value is ignored, never a traceback.
    """
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _to_linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _to_srgb(linear: float) -> float:
    return 12.92 * linear if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055


HIGHLIGHT_TINT = 0.55
"""How much paler (darker on a dark slide) a highlighted chart's other bars are at most
(the newsletter's :data:`briefpub.drawn_charts.HIGHLIGHT_TINT`)."""


def brightened(rgb: RGB, brightness: float) -> RGB:
    """Return ``rgb`` as drawn with python-pptx's ``brightness`` (-1 to 1): ``lumMod``/``lumOff`` in HSL."""
    hue, lum, sat = colorsys.rgb_to_hls(*(channel / 255 for channel in rgb))
    lum = lum * (1 - brightness) + brightness if brightness > 0 else lum * (1 + brightness)
    red, green, blue = colorsys.hls_to_rgb(hue, min(max(lum, 0.0), 1.0), sat)
    return (red * 255, green * 255, blue * 255)


def chart_shades(colour: RGB, behind: Sequence[float], towards: float) -> tuple[float, float, float]:
    """Return the brightness of an accent's bars on this slide: plain, beside receding bars, receding.

    The template's accent is kept where it shows against the middle of the
    luminances ``behind`` the chart; where it does not (a navy accent on a
    dark master's background, a pale one on white: bars all but invisible)
    it is brightened or darkened, away from the slide, until it does: to
    WCAG's 3:1 for graphics in a plain chart, to 4.5:1 where a highlight
    makes the other bars recede, so that they have room to. Those are shaded
    back towards the slide (``towards``, signed: paler on a light slide,
    darker on a dark one) as far as they still show at 3:1, and no further.
    """
    if not behind:
        return 0.0, 0.0, towards
    ordered = sorted(behind)
    back = ordered[len(ordered) // 2]

    def shows(brightness: float) -> float:
        shown = luminance(brightened(colour, brightness))
        return (max(shown, back) + 0.05) / (min(shown, back) + 0.05)

    away = -1.0 if towards > 0 else 1.0

    def base(least: float) -> float:
        for step in range(21):
            if shows(away * step / 20) >= least:
                return round(away * step / 20, 3) + 0.0
        return away if shows(away) > shows(0.0) else 0.0

    plain, beside = base(AA_LARGE), base(AA_NORMAL)
    steps = 11
    for step in range(steps, 0, -1):
        brightness = max(-1.0, min(1.0, beside + towards * step / steps))
        if shows(brightness) >= AA_LARGE:
            return plain, beside, round(brightness, 3)
    return plain, beside, beside


def rgb_of(hex_value: str) -> RGB | None:
    """Return ``"1F3864"`` (or ``#1F3864``) as RGB; None if it is not six hex digits."""
    digits = hex_value.lstrip("#")
    if len(digits) != 6:
        return None
    try:
        return (float(int(digits[0:2], 16)), float(int(digits[2:4], 16)), float(int(digits[4:6], 16)))
    except ValueError:
        return None


def hex_of(rgb: Iterable[float]) -> str:
    """Return an RGB colour as six upper-case hex digits."""
    return "".join(f"{min(max(round(channel), 0), 255):02X}" for channel in rgb)


def luminance(rgb: RGB) -> float:
    """Return WCAG's relative luminance of an sRGB colour."""
    linear = [
        channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
        for channel in (value / 255 for value in rgb)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: RGB, second: RGB) -> float:
    """Return WCAG's contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def required(size: float, bold: bool) -> float:
    """Return the contrast AA asks of text of ``size`` points: 3 from 18 pt (14 pt bold), else 4.5."""
    return AA_LARGE if size >= 18 or (bold and size >= 14) else AA_NORMAL


def least_contrast(text: RGB, behind: Iterable[float]) -> float:
    """Return the text's contrast against the least favourable of the luminances behind it."""
    own = luminance(text)
    return min(
        ((max(own, other) + 0.05) / (min(own, other) + 0.05) for other in set(behind)),  # few distinct
        default=21.0,
    )
