"""Text boxes a template draws as thin strips that grow with their text: the room they really have.

Google Slides exports every title and body placeholder as a strip one line
of its own text tall (a 0.30 in box for 18 pt) with autofit on: in Slides
and in PowerPoint the box grows as its text is typed, so the room the
designer meant is the free space below the strip, not the strip. Planned in
the strip, not one 20 pt title line fits and the layout is refused, or every
text is set tiny and key points go one to a slide.

So a text placeholder whose box grows with its text is grown here, once,
when the template is read, into the free room its anchor grows it into (see
:func:`briefpub.deck.geometry.grown`): up to the layout's other placeholders,
its artwork (faint artwork is not read as artwork at all), and the slide's
margin. The grown box is where the text is planned and written. A box
grows with its text when its autofit says "resize shape to fit text"
(``spAutoFit``), or when it is a thin strip (no room for more than one line
of its own size) that autofits at all (``normAutofit``): a box that holds a
few lines and only shrinks its text on overflow is the size it is drawn. A
box without autofit is what the template says, strip or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from briefpub.deck.geometry import Box, grown
from briefpub.deck.styles import TextStyle
from briefpub.deck.textfit import LINE_SPACING

if TYPE_CHECKING:
    from briefpub.deck.master import Placeholder

STRIP_LINES = 1.25
"""A ``normAutofit`` box is a strip that grows when it holds fewer than this many lines of its own size."""

GAP = 7.2
"""Room left between a grown box and what stops it, in points (0.1 in)."""

MARGIN_SHARE = (0.04, 0.1)
"""The slide's margin a box grows to, as a share of the slide's height: at least, and at most.

Within these, the box's own margin from the nearer side edge of the slide: a
strip set 0.5 in from the left grows to 0.5 in from the foot."""

MAX_GROWING = 16
"""The most text boxes of one layout grown (real layouts have a handful): each is measured against every
other placeholder and shape of the layout, so a hostile layout of many thousand strips costs no more than
this many passes over it."""

TEXT_KINDS = ("title", "ctrTitle", "body", "obj", "subTitle")
"""The placeholders whose text may grow; furniture is placed once its text is known."""


def grows(style: TextStyle, box: Box) -> bool:
    """Return whether a text box of ``style`` drawn as ``box`` grows with its text.

    Pure: from the box's autofit, its height within its insets, and its own
    text size. A box set vertically keeps its size (it would grow sideways).
    """
    if style.vertical != "horz" or box.width <= 0 or box.height <= 0:
        return False
    if style.autofit == "shape":
        return True
    inner = box.height - style.insets[1] - style.insets[3]
    return style.autofit == "normal" and inner < STRIP_LINES * LINE_SPACING * style.size


def slide_bounds(box: Box, width: float, height: float) -> Box:
    """Return the part of the slide ``box`` may grow in: the slide less a margin (:data:`MARGIN_SHARE`)."""
    least, most = (share * height for share in MARGIN_SHARE)
    margin = min(max(min(box.left, width - box.right), least), most)
    return Box(0.0, margin, width, height - 2 * margin)


def grow_strips(
    placeholders: Sequence[Placeholder], artwork: Sequence[Box], width: float, height: float
) -> tuple[Placeholder, ...]:
    """Return a layout's placeholders with each text box that grows with its text grown into its room.

    The obstacles are the layout's other placeholders (as grown so far, so
    two strips never grow into each other) and its artwork. A grown
    placeholder keeps the box as drawn in ``frame``. Only the first
    :data:`MAX_GROWING` that grow are grown; any more stay as drawn.
    """
    placed = list(placeholders)
    growing = [
        index
        for index, placeholder in enumerate(placed)
        if placeholder.kind in TEXT_KINDS and grows(placeholder.style, placeholder.box)
    ]
    for index in growing[:MAX_GROWING]:
        placeholder = placed[index]
        others = [other.box for number, other in enumerate(placed) if number != index and other.box.area > 0]
        box = grown(
            placeholder.box,
            placeholder.style.anchor,
            [*others, *artwork],
            slide_bounds(placeholder.box, width, height),
            GAP,
        )
        if box.height > placeholder.box.height:
            placed[index] = replace(placeholder, box=box, frame=placeholder.drawn, grown=True)
    return tuple(placed)
