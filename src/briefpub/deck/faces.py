"""Which advance widths measure which typeface, and how far from the face's own each may be.

A deck is measured the same on any machine, so what measures each face a
corporate master names is decided here, not by what happens to be installed:

1. a metric twin: a free font drawn on the face's widths (Carlito for Calibri);
2. a shipped table of the face's own widths (``fonts/<family>-metrics.json``,
   made by ``scripts/make_font_metrics.py`` from free fonts, Wine's Tahoma, or
   published tables of the widths its owner's fonts are measured to);
3. a scaled twin (:data:`SCALED`): a shipped family's widths, scaled to the
   face's average width as Capsize publishes it, with the error that leaves.

Capsize's ``xWidthAvg`` (``@capsizecss/metrics`` 4.3.0 on npm, MIT) is the
advance of the face's characters weighted by how often each occurs in English
text (spaces, lower case, a few capitals and digits). Scaling a humanist sans
to it was checked on the eleven faces whose own widths ship (Verdana, Tahoma,
Trebuchet MS, Georgia, Arial, Calibri, Open Sans, Roboto, Lato, Source Sans,
Montserrat): sentences of 15 to 110 characters from three briefings came out
within 2% of their true width nine times in ten and within 4% at worst (8% for
the geometric Montserrat); titles in capitals are not covered by the average
and came out up to 10% off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

METRIC_TWINS = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "courier new": "Liberation Mono",
    "courier": "Liberation Mono",
    "calibri light": "Carlito",  # drawn on Calibri's widths, a hair lighter
    "century gothic": "URW Gothic",  # both drawn on ITC Avant Garde Gothic's widths
    "itc avant garde gothic": "URW Gothic",
    "avant garde": "URW Gothic",
    "source sans pro": "Source Sans 3",  # the same design, renamed
    "bebas neue regular": "Bebas Neue",  # the same font under its full name
    "palatino": "P052",  # URW's metric clone of Palatino (fonts-urw-base35)
}
"""Fonts whose metrics a shipped family copies exactly."""

PACKAGED: tuple[str, ...] = ("Carlito", "Caladea", "Liberation Sans", "Liberation Serif", "Liberation Mono")
PACKAGED += ("DejaVu Sans", "DejaVu Sans Condensed", "DejaVu Serif")
PACKAGED += ("Roboto", "Open Sans", "Lato", "Montserrat", "Source Sans 3", "URW Gothic", "Bebas Neue", "P052")
PACKAGED += ("Tahoma",)  # Wine's Tahoma, drawn on Tahoma's widths (within 0.35% of the published ones)
PACKAGED += ("Verdana", "Trebuchet MS", "Georgia", "Avenir", "Avenir Next")  # published widths
"""The families whose widths ship with briefpub (``fonts/<family>-metrics.json``)."""


@dataclass(frozen=True)
class Scaled:
    """A face measured with a shipped family's widths times a factor, and how close that comes."""

    widths: str
    """The shipped family measured (one of :data:`PACKAGED`)."""
    regular: float
    """Factor for upright text."""
    bold: float
    """Factor for bold text."""
    error: str
    """How far from the face's own widths a text may come out (said in the warning and the README)."""
    exact: bool = False
    """The factor gives the face's own widths (a narrow cut, a monospace face): nothing to warn of."""

    def scale(self, bold: bool) -> float:
        """Return the factor for bold or upright text."""
        return self.bold if bold else self.regular


_CAPSIZE = (
    "scaled to the face's average width as Capsize publishes it: within 2% on most titles, 4% at worst, "
)
_CAPS = "capitals less sure"
_WEIGHT = "its own design at another weight, scaled to that weight's average width: within 1%"
_GUESS = "no published widths: a guess at its proportions, error not known"


def weights(
    face: str, measured: str, regular: float, bold: float, averages: Mapping[str, float], error: str
) -> dict[str, Scaled]:
    """Return entries for ``face``'s weights, measured with ``measured``'s shipped widths.

    ``averages`` gives each weight's average width in the face, ``regular``
    and ``bold`` those of the shipped upright and bold tables, in the same
    unit. Upright text in a weight is the upright widths scaled to the
    weight; bold text is the bold widths scaled to the face's bold, or to the
    weight where it is heavier (a bold run in a light weight is measured as
    bold: cautious).
    """
    heavy = averages["bold"]
    return {
        f"{face} {weight}".strip(): Scaled(measured, average / regular, max(average, heavy) / bold, error)
        for weight, average in averages.items()
    }


# Capsize's xWidthAvg of each weight, in the face's font units. Open Sans is Segoe UI's nearest free
# relative (both humanist, both Steve Matteson's); Arial's averages (913, 983 of 2048) stand for
# Liberation Sans's. "bold" as a family's name ("Segoe UI Bold") is a weight like the others.
_SEGOE = {"": 908, "light": 860, "semilight": 883, "semibold": 937, "bold": 973, "black": 1021}
_HELVETICA_NEUE = {"": 450, "ultralight": 400, "thin": 418, "light": 433, "medium": 465, "bold": 480}
_MONTSERRAT = {"thin": 488, "extralight": 492, "light": 497, "medium": 511, "semibold": 520, "bold": 530}
_MONTSERRAT |= {"extrabold": 540, "black": 551}
_OPEN_SANS = {"light": 924, "medium": 978, "semibold": 995, "bold": 1030, "extrabold": 1065}
_ROBOTO = {"thin": 880, "light": 896, "medium": 919, "bold": 926, "black": 933}
_LATO = {"hairline": 827, "thin": 827, "light": 847, "bold": 891, "heavy": 909, "black": 909}
_SOURCE_SANS = {"extralight": 398, "light": 403, "medium": 424, "semibold": 431, "bold": 443, "black": 453}

SCALED: dict[str, Scaled] = {
    **weights("segoe ui", "Open Sans", 960, 1030, _SEGOE, _CAPSIZE + _CAPS),
    **weights(
        "helvetica neue", "Liberation Sans", 913 / 2.048, 983 / 2.048, _HELVETICA_NEUE, _CAPSIZE + _CAPS
    ),
    **weights("montserrat", "Montserrat", 503, 530, _MONTSERRAT, _WEIGHT),
    **weights("open sans", "Open Sans", 960, 1030, _OPEN_SANS, _WEIGHT),
    **weights("roboto", "Roboto", 911, 926, _ROBOTO, _WEIGHT),
    **weights("lato", "Lato", 871, 891, _LATO, _WEIGHT),
    **weights("source sans 3", "Source Sans 3", 418, 443, _SOURCE_SANS, _WEIGHT),
    **weights("source sans pro", "Source Sans 3", 418, 443, _SOURCE_SANS, _WEIGHT),
    # Exact: Liberation Sans Narrow, Arial Narrow's metric twin, is Liberation Sans at 82% (to 0.02%);
    # Consolas is monospaced at 1126 of 2048 units, Liberation Mono at 1229.
    "arial narrow": Scaled("Liberation Sans", 0.82, 0.82, "Arial Narrow's own widths", exact=True),
    "consolas": Scaled("Liberation Mono", 1126 / 1229, 1126 / 1229, "Consolas's own widths", exact=True),
    # Other styles of shipped faces: their own widths (a weight named otherwise, a condensed cut...).
    "montserrat": Scaled("Montserrat", 1.03, 1.03, "Montserrat's own widths, widened for a heavier weight"),
    "roboto": Scaled("Roboto", 1.0, 1.0, "Roboto's own widths, for another of its styles"),
    "open sans": Scaled("Open Sans", 1.0, 1.0, "Open Sans's own widths, for another of its styles"),
    "lato": Scaled("Lato", 1.0, 1.0, "Lato's own widths, for another of its styles"),
    "source sans": Scaled("Source Sans 3", 1.0, 1.0, "Source Sans's own widths, for another of its styles"),
    "verdana": Scaled("Verdana", 1.0, 1.0, "Verdana's own widths, for another of its styles"),
    "tahoma": Scaled("Tahoma", 1.0, 1.0, "Tahoma's own widths, for another of its styles"),
    "trebuchet": Scaled("Trebuchet MS", 1.0, 1.0, "Trebuchet MS's own widths, for another of its styles"),
    "georgia": Scaled("Georgia", 1.0, 1.0, "Georgia's own widths, for another of its styles"),
    "avenir next": Scaled("Avenir Next", 1.0, 1.0, "Avenir Next's own widths, for another of its styles"),
    "avenir": Scaled("Avenir", 1.0, 1.0, "Avenir's own widths, for another of its styles"),
    # Drawn on Palatino's widths (Book Antiqua as Monotype's clone of it, Palatino Linotype as Zapf's
    # redrawing), not checked against them.
    "book antiqua": Scaled("P052", 1.0, 1.0, "drawn on Palatino's widths: within a few percent"),
    "palatino linotype": Scaled("P052", 1.0, 1.0, "drawn on Palatino's widths: within a few percent"),
    # No published widths: a free face of like proportions, scaled by eye.
    "gill sans": Scaled("Liberation Sans", 0.96, 0.96, _GUESS),
    "franklin gothic": Scaled("Liberation Sans", 1.0, 1.0, _GUESS),
    "candara": Scaled("Carlito", 1.06, 1.06, _GUESS),
    "corbel": Scaled("Carlito", 1.06, 1.06, _GUESS),
    "constantia": Scaled("Caladea", 1.05, 1.05, _GUESS),
    "garamond": Scaled("Liberation Serif", 1.02, 1.02, _GUESS),
}
"""Faces with no free metric twin, by family (or its start), and what measures them best."""

BY_LENGTH = sorted(SCALED, key=len, reverse=True)
"""The starts of :data:`SCALED`, longest first: "segoe ui semibold" before "segoe ui"."""
