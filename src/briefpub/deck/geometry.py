"""Boxes on a slide, and the room a text box keeps once the master's artwork is taken out of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    """Where something sits on the slide, in points from the top left."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def area(self) -> float:
        return max(self.width, 0.0) * max(self.height, 0.0)

    def beside(self, other: Box) -> bool:
        """Return whether the two boxes stand side by side (overlapping rows, separate columns)."""
        rows = self.top < other.bottom and other.top < self.bottom
        columns = self.left < other.right and other.left < self.right
        return rows and not columns

    def overlaps(self, other: Box) -> bool:
        """Return whether the two boxes share some area (touching edges do not count)."""
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def contains(self, other: Box) -> bool:
        """Return whether ``other`` lies wholly inside this box."""
        return (
            self.left <= other.left
            and self.top <= other.top
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def intersection(self, other: Box) -> float:
        """Return the area the two boxes share."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return max(width, 0.0) * max(height, 0.0)


def room_beside(box: Box, inner: Box, obstacles: Sequence[tuple[str, Box]]) -> tuple[Box, tuple[str, ...]]:
    """Return the part of ``box`` that text may fill with ``obstacles`` taken out, and what was avoided.

    ``inner`` is where the box's text would go (the box less its insets): an
    obstacle that only reaches into the margins leaves the text alone. One
    that lies wholly around the box is its backdrop (a panel the text is meant
    to sit on), not an obstacle. Each other obstacle, largest overlap first,
    cuts the box on the side that keeps more room: a logo in the top right
    corner makes the box shorter or narrower, whichever leaves more area.
    """
    avoided: list[str] = []
    left_in, top_in = inner.left - box.left, inner.top - box.top
    right_in, bottom_in = box.right - inner.right, box.bottom - inner.bottom
    for name, obstacle in sorted(obstacles, key=lambda item: -item[1].intersection(inner)):
        if not obstacle.overlaps(inner) or obstacle.contains(box):
            continue
        candidates = [
            Box(box.left, obstacle.bottom, box.width, box.bottom - obstacle.bottom),  # below it
            Box(box.left, box.top, box.width, obstacle.top - box.top),  # above it
            Box(obstacle.right, box.top, box.right - obstacle.right, box.height),  # right of it
            Box(box.left, box.top, obstacle.left - box.left, box.height),  # left of it
        ]
        best = max(candidates, key=lambda candidate: candidate.area)
        if best.area <= 0:
            continue
        box = best
        inner = Box(
            box.left + left_in,
            box.top + top_in,
            box.width - left_in - right_in,
            box.height - top_in - bottom_in,
        )
        avoided.append(name)
    return box, tuple(avoided)


def grown(box: Box, anchor: str, obstacles: Sequence[Box], bounds: Box, gap: float) -> Box:
    """Return ``box`` grown into the free room its ``anchor`` grows it into, up to what is in the way.

    A box set from its top (``t``) grows downwards, one set from its foot
    (``b``) upwards, a centred one both ways alike (as far as the nearer
    obstacle allows), as PowerPoint grows a box with its text. What stops it,
    ``gap`` short: the nearest obstacle across its width on that side, the
    edge of one it lies wholly inside (a panel it is drawn on), or
    ``bounds`` (the slide less its margins). An obstacle it already overlaps
    is not in the way; one reaching past it on the growing side stops it
    where it is. A box never shrinks here.
    """
    below, above = bounds.bottom, bounds.top
    for obstacle in obstacles:
        if not (box.left < obstacle.right and obstacle.left < box.right):
            continue  # beside it, not in its way
        if obstacle.contains(box):  # a panel: the text stays on it
            below, above = min(below, obstacle.bottom), max(above, obstacle.top)
        elif obstacle.top >= box.bottom:
            below = min(below, obstacle.top - gap)
        elif obstacle.bottom <= box.top:
            above = max(above, obstacle.bottom + gap)
        else:  # it reaches into the box: growing on its side would run further into it
            if obstacle.bottom > box.bottom:
                below = box.bottom
            if obstacle.top < box.top:
                above = box.top
    down, up = max(below - box.bottom, 0.0), max(box.top - above, 0.0)
    if anchor == "b":
        down = 0.0
    elif anchor == "ctr":
        down = up = min(down, up)
    else:
        up = 0.0
    return Box(box.left, box.top - up, box.width, box.height + up + down)
