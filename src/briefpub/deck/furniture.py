"""Where a slide number, footer or date goes: the box the master gives it, moved only when that is harmless.

A designer places furniture with its artwork in mind: a date on the footer
band, a slide number inside a corner arc, a footer set vertically up the
right edge. Keeping body text clear of artwork cuts boxes down to the room
left beside it; done to furniture, that squeezed a slide number's box from
0.35 in to 0.08 in and pushed a date to the slide's bottom edge in a 0.005 in
box. So furniture keeps the template's box, and is moved only when its words
(not its whole box) would lie on artwork *and* a cut of the box beside the
artwork still holds one line of them. A rotated or vertical box is never
moved (its drawn place is not its xfrm box). Only where the template's own
place is impossible (off the slide, or with no room at all) is the item left
out, and :func:`place` says why, so the plan can warn instead of squeezing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefpub.deck.geometry import Box
from briefpub.deck.textfit import LINE_SPACING

ON_SLIDE_SHARE = 0.9
"""How much of a furniture box must lie on the slide for it to be shown where the template puts it."""


@dataclass(frozen=True)
class Placement:
    """Where one furniture item goes."""

    box: Box | None
    """A new box clear of the artwork; None keeps the template's own (rotation and all)."""
    dropped: str = ""
    """Why the item is left out (its template place is impossible); empty when it is shown."""


def visual_box(box: Box, rotation: float) -> Box:
    """Return the box as drawn: a box turned a quarter (or three) about its centre stands on its side."""
    turns = round((rotation % 180) / 90) % 2
    if not turns:
        return box
    centre_x, centre_y = box.left + box.width / 2, box.top + box.height / 2
    return Box(centre_x - box.height / 2, centre_y - box.width / 2, box.height, box.width)


def text_extent(
    box: Box, insets: tuple[float, float, float, float], width: float, line: float, align: str, anchor: str
) -> Box:
    """Return where one line of ``width`` points sits in ``box``, as its alignment and anchor place it."""
    left, top, right, bottom = insets
    inner = Box(box.left + left, box.top + top, box.width - left - right, box.height - top - bottom)
    width = min(width, max(inner.width, 0.0))
    x = inner.left
    if align == "ctr":
        x = inner.left + (inner.width - width) / 2
    elif align == "r":
        x = inner.right - width
    y = inner.top
    if anchor == "ctr":
        y = inner.top + (inner.height - line) / 2
    elif anchor == "b":
        y = inner.bottom - line
    return Box(x, y, width, line)


def place(
    box: Box,
    rotation: float,
    vertical: bool,
    insets: tuple[float, float, float, float],
    align: str,
    anchor: str,
    text_width: float,
    size: float,
    artwork: Sequence[tuple[str, Box]],
    slide: Box,
) -> Placement:
    """Return where a furniture item with ``text_width`` points of text at ``size`` goes.

    ``box`` is the template's (its xfrm box; ``rotation`` in degrees turns
    it about its centre); ``artwork`` the template's shapes by name. The box
    is kept unless the text's own extent lies on artwork and a cut beside the
    artwork (as for body text) holds a line of it: never smaller than that,
    never off the slide.
    """
    drawn = visual_box(box, rotation)
    if drawn.width <= 0 or drawn.height <= 0:
        return Placement(None, "its box has no size")
    if drawn.intersection(slide) < ON_SLIDE_SHARE * drawn.area:
        return Placement(None, "its box lies off the slide")
    if rotation % 360 or vertical:
        return Placement(None)  # turned boxes stay exactly where the template turns them
    line = LINE_SPACING * size
    left, top, right, bottom = insets
    needed_width, needed_height = text_width + left + right, line + top + bottom
    words = text_extent(box, insets, text_width, line, align, anchor)
    for _ in range(len(artwork) + 1):  # each cut may bring the words onto other artwork
        art = next((art for _, art in artwork if not art.contains(box) and art.overlaps(words)), None)
        if art is None:  # a band the box sits on is its backdrop; art beside the words leaves them be
            return Placement(box if box != drawn else None)
        cuts = [
            Box(box.left, art.bottom, box.width, box.bottom - art.bottom),  # below it
            Box(box.left, box.top, box.width, art.top - box.top),  # above it
            Box(art.right, box.top, box.right - art.right, box.height),  # right of it
            Box(box.left, box.top, art.left - box.left, box.height),  # left of it
        ]
        fitting = [
            cut
            for cut in cuts
            if cut.width >= needed_width and cut.height >= needed_height and slide.contains(cut)
        ]
        if not fitting:
            break  # no room beside it
        box = max(fitting, key=lambda cut: cut.area)
        words = text_extent(box, insets, text_width, line, align, anchor)
    return Placement(None)  # the template's own place, never a squeeze
