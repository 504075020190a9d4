"""SVG drawn to PNG (the e-mail's images, the deck's figures) under a deadline and a memory ceiling.

The reader counted what an SVG draws before anything was drawn; this is the
backstop for what a count cannot see: a pattern whose tile CairoSVG paints
as one huge bitmap, an object-sized pattern on a huge object. A drawing that
takes too long or needs too much memory is one line naming the image, never
an internal error or a machine brought to its knees.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from briefpub.errors import RenderError
from briefpub.limits import Budget, LimitExceeded, bounded

if TYPE_CHECKING:
    from briefpub.cache import Cache

DRAW_SECONDS = 60.0
"""How long drawing one SVG may take (the largest the reader accepts draws in about 15 s)."""
DRAW_MEMORY = 1 << 30
"""How much memory drawing one SVG may add."""


def svg_to_png(data: bytes, where: str, *, width: int | None = None, height: int | None = None) -> bytes:
    """Return the SVG ``data`` drawn as PNG, ``width`` or ``height`` pixels; ``where`` names it in errors.

    CairoSVG's safe mode (``unsafe=False``) fetches only ``data:`` URLs; the
    reader checked the SVG refers to nothing outside itself anyway.
    """
    from briefpub.cairoengine import import_cairosvg  # the SVG figure's path only

    cairosvg = import_cairosvg()
    budget = Budget(DRAW_SECONDS)
    try:
        with bounded(DRAW_SECONDS, DRAW_MEMORY) as budget, _quiet_callbacks():
            return bytes(
                cairosvg.svg2png(bytestring=data, output_width=width, output_height=height, unsafe=False)
            )
    except LimitExceeded:
        budget.expired = True
    except MemoryError:
        raise RenderError.at(
            where, None, f"drawing this SVG as PNG needed more than {DRAW_MEMORY >> 20} MiB; simplify it"
        ) from None
    except (ValueError, OSError, OverflowError, cairosvg.surface.cairo.CairoError) as exc:
        # CairoSVG's refusals, cairo's errors (a size too big or too small; a deadline it swallowed)
        if not budget.expired:
            raise RenderError.at(where, None, f"this SVG cannot be drawn as PNG ({exc})") from None
    raise RenderError.at(
        where, None, f"drawing this SVG as PNG took longer than {DRAW_SECONDS:g} s; simplify it"
    )


def kept_svg_to_png(
    data: bytes, where: str, cache: Cache | None, *, width: int | None = None, height: int | None = None
) -> bytes:
    """Return :func:`svg_to_png`'s drawing, kept in ``cache`` by the SVG's bytes and the size asked.

    The next run with the same SVG at the same size (the weekly rebuild of a
    deck or an e-mail) neither imports CairoSVG nor draws. An entry that is
    not a PNG of the width (or height) asked for is ignored and drawn again;
    the deck's entries are named as they were before the e-mail shared them.
    """
    from briefpub.cache import key  # a drawing's path only

    size = str(width) if height is None else f"{width} x {height}"
    name = key("svg", data, size) + ".png"
    kept = cache.get(name) if cache is not None else None
    if kept is not None and _fits(png_size(kept), width, height):
        return kept
    drawn = svg_to_png(data, where, width=width, height=height)
    if cache is not None:
        cache.put(name, drawn)
    return drawn


def png_size(data: bytes) -> tuple[int, int] | None:
    """Return a PNG's width and height from its header, None if ``data`` does not start as a PNG does."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _fits(size: tuple[int, int] | None, width: int | None, height: int | None) -> bool:
    return size is not None and (width is None or size[0] == width) and (height is None or size[1] == height)


@contextlib.contextmanager
def _quiet_callbacks() -> Iterator[None]:
    """Keep a deadline or ceiling raised inside cairo's read callback from printing a traceback.

    cffi cannot pass it on: it reports it as "unraisable" and cairo fails
    with a read error, which :func:`svg_to_png` names as the deadline.
    """
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, LimitExceeded | MemoryError):
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous
