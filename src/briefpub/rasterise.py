"""SVG drawn to PNG (the e-mail's images, the deck's figures) under a deadline and a memory ceiling.

The reader counted what an SVG draws before anything was drawn; this is the
backstop for what a count cannot see: a pattern whose tile CairoSVG paints
as one huge bitmap, an object-sized pattern on a huge object. A drawing that
takes too long or needs too much memory is one line naming the image, never
an internal error or a machine brought to its knees.
"""

from __future__ import annotations

from briefpub.errors import RenderError
from briefpub.limits import LimitExceeded, bounded

DRAW_SECONDS = 60.0
"""How long drawing one SVG may take (the largest the reader accepts draws in about 15 s)."""
DRAW_MEMORY = 1 << 30
"""How much memory drawing one SVG may add."""


def svg_to_png(data: bytes, where: str, *, width: int | None = None, height: int | None = None) -> bytes:
    """Return the SVG ``data`` drawn as PNG, ``width`` or ``height`` pixels; ``where`` names it in errors.

    CairoSVG's safe mode (``unsafe=False``) fetches only ``data:`` URLs; the
    reader checked the SVG refers to nothing outside itself anyway.
    """
    import cairosvg  # type: ignore[import-untyped]

    try:
        with bounded(DRAW_SECONDS, DRAW_MEMORY):
            return bytes(
                cairosvg.svg2png(bytestring=data, output_width=width, output_height=height, unsafe=False)
            )
    except LimitExceeded as exc:
        raise RenderError.at(where, None, f"drawing this SVG as PNG {exc}; simplify it") from None
    except MemoryError:
        raise RenderError.at(
            where, None, f"drawing this SVG as PNG needed more than {DRAW_MEMORY >> 20} MiB; simplify it"
        ) from None
    except ValueError as exc:  # CairoSVG's own refusals ("Abort rendering: more than 100 000 …")
        raise RenderError.at(where, None, f"this SVG cannot be drawn as PNG ({exc})") from None
