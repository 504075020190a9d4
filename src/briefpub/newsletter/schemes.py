"""The dark scheme's colours, derived from the brand's: what the web page and the e-mail show at night.

A fixed light blue made from the default navy would put every brand's
headings in that blue. Instead the brand's primary and accent are lightened
(in lightness, step by step, hue kept) just until they reach WCAG AA contrast on
the dark grounds they are set on, and the tinted boxes take a little of the
brand's colour into the dark page. A brand colour already light enough is
used as it is.
"""

from __future__ import annotations

import colorsys
import functools
from dataclasses import dataclass

PAGE = "#12161C"
"""The dark page: a near-black, neutral so that any brand colour sits on it."""
SHEET = "#1A1F27"
"""The e-mail's sheet on its dark page, a shade lighter, as the white sheet is on the light grey."""
INK = "#E6E8EB"
"""Body text on the dark page."""
MUTED = "#A9B1BC"
"""Bylines, captions, notes: 7.6:1 on the page, 5.9:1 on the tints below."""
AA = 4.5
"""WCAG AA for text of any size: every colour here reaches it on every ground it is set on."""
HEADINGS = 6.0
"""The primary's contrast on the dark grounds: AA with room, as headings and links are read at length."""
_STEP = 0.05


@dataclass(frozen=True)
class DarkScheme:
    """The colours a dark scheme uses for one brand, as ``#RRGGBB``."""

    primary: str
    """Headings, labels and links: the brand's primary, lightened to read on every dark ground."""
    accent: str
    """The bottom-line label: the brand's accent, likewise."""
    tint: str
    """Behind the key points: the dark page with a little of the primary."""
    answer_tint: str
    """Behind the bottom line: the dark page with a little of the accent."""


def dark_scheme(primary: str, accent: str) -> DarkScheme:
    """Return the dark scheme's colours for a brand whose colours are ``primary`` and ``accent``."""
    tint = mix(PAGE, primary, 0.22)
    answer_tint = mix(PAGE, accent, 0.16)
    return DarkScheme(
        primary=readable(primary, [PAGE, SHEET, tint, answer_tint], HEADINGS),
        accent=readable(accent, [PAGE, SHEET, answer_tint]),
        tint=tint,
        answer_tint=answer_tint,
    )


@dataclass(frozen=True)
class LightText:
    """The brand's colours as the light scheme's text may use them: darkened where they are too light."""

    primary: str
    """Headings, labels and links on white and the light tints: the primary, or a darker shade of it."""
    accent: str
    """The bottom-line label on its tint: the accent, or a darker shade of it."""


LIGHT_GROUNDS = ("#FFFFFF", "#EEF2F7", "#F7F1EE")
"""The light scheme's grounds for text: the page, the key points' tint, the bottom line's tint."""


def light_text(primary: str, accent: str) -> LightText:
    """Return the colours the light scheme sets text in: the brand's own when they reach AA, else darker.

    A yellow or sky-blue primary is a fine rule or border but unreadable as a
    label on white (1.4:1, 2.9:1); such text takes the same hue, darker. The
    default navy (12:1) and most brand colours are kept as they are.
    """
    return LightText(
        primary=readable(primary, list(LIGHT_GROUNDS), AA, lighter=False),
        accent=readable(accent, list(LIGHT_GROUNDS[1:]), AA, lighter=False),
    )


def readable(colour: str, grounds: list[str], target: float = AA, lighter: bool = True) -> str:
    """Return ``colour`` made as little lighter (or darker) as gives ``target`` contrast on every ground.

    Lighter in HLS, hue and saturation kept: the brand's navy becomes a
    brighter blue, not the grey that mixing in white would give.
    """
    hue, lightness, saturation = colorsys.rgb_to_hls(*(channel / 255 for channel in _rgb(colour)))
    step = _STEP / 2 if lighter else -_STEP / 2
    candidate = colour
    while 0 < lightness < 1 and min(contrast(candidate, ground) for ground in grounds) < target:
        lightness = min(1.0, max(0.0, lightness + step))
        red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
        candidate = "#" + "".join(f"{round(c * 255):02X}" for c in (red, green, blue))
    return candidate


def mix(first: str, second: str, amount: float) -> str:
    """Return ``first`` moved ``amount`` (0 to 1) of the way to ``second``, in sRGB."""
    a, b = _rgb(first), _rgb(second)
    return "#" + "".join(f"{round(x + (y - x) * amount):02X}" for x, y in zip(a, b, strict=True))


def contrast(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def luminance(colour: str) -> float:
    """Return a colour's WCAG relative luminance (0 for black, 1 for white)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


GRAPHICS = 3.0
"""WCAG's minimum contrast for the parts of a graphic needed to understand it (1.4.11)."""
_SAMPLE = 96
"""The logo is measured drawn this tall: enough pixels to tell, little work."""


@functools.lru_cache(maxsize=8)
def reads_on_dark(media_type: str, data: bytes) -> bool:
    """Return whether a logo already reads on the dark page, so it needs no light plate there.

    Its visible pixels are laid on the dark page and measured: the logo reads
    when three quarters of them reach 3:1 against it (a white or a bright
    wordmark, a logo on its own light box). A dark wordmark on a transparent
    ground does not, and gets the plate. An image that cannot be measured
    gets the plate too: the plate is never wrong, only sometimes unneeded.
    """
    try:
        pixels = _visible_luminances(media_type, data)
    except Exception:  # any image the measuring cannot read keeps the plate
        return False
    if not pixels:
        return False
    page = luminance(PAGE)
    readable = sum(1 for value in pixels if (max(value, page) + 0.05) / (min(value, page) + 0.05) >= GRAPHICS)
    return readable >= 0.75 * len(pixels)


def _visible_luminances(media_type: str, data: bytes) -> list[float]:
    """Return the relative luminance of each pixel of the logo at least half opaque, drawn small."""
    import io

    from PIL import Image

    if media_type == "image/svg+xml":
        from briefpub.cairoengine import import_cairosvg

        data = bytes(import_cairosvg().svg2png(bytestring=data, output_height=_SAMPLE, unsafe=False))
    image = Image.open(io.BytesIO(data))
    image.thumbnail((_SAMPLE * 8, _SAMPLE))
    raw = image.convert("RGBA").tobytes()
    table = [_linear(channel) for channel in range(256)]
    return [
        0.2126 * table[raw[at]] + 0.7152 * table[raw[at + 1]] + 0.0722 * table[raw[at + 2]]
        for at in range(0, len(raw), 4)
        if raw[at + 3] >= 128
    ]


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
