"""A master's layouts as painted for the contrast check, kept between runs: no numpy, no painting.

Measuring a text's contrast needs what lies behind its box: the layout painted
(:mod:`briefpub.deck.surface`, numpy). What the measuring reads of a painting
is each pixel's luminance to three places, and a layout has few distinct ones;
so a painting is kept (:mod:`briefpub.cache`) as those values and, per pixel,
the index of its value, in JSON. :class:`KeptSurface` answers
:meth:`~briefpub.deck.surface.Surface.behind` from them exactly as the painting
would, in plain Python, so the next deck on the same master imports neither
numpy nor paints anything.

An entry is named by the master file's hash (and the cleaning code's), the layout, its colours and the
source of the painting code (an edited painter is another name), and its JSON
is checked for shape and size before use; one that does not fit is ignored and
the layout painted again.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import math
from array import array
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from briefpub.cache import Cache
from briefpub.cache import key as cache_key
from briefpub.deck.geometry import Box
from briefpub.deck.surface import WEIGHTS

MAX_PIXELS = 1024 * 1024
"""The most pixels a kept painting may have (:data:`briefpub.deck.surface.MAX_SIDE` squared)."""
PAINTED: Counter[str] = Counter()
"""Layouts painted in this process, by the master's hash (tests count them)."""


@functools.cache
def _painter_source() -> bytes:
    """Return the painting code's fingerprint: a change to it is a change of every entry's name."""
    digest = hashlib.sha256()
    for module in ("package", "surface", "colours", "geometry"):  # the master as cleaned, then painted
        digest.update((Path(__file__).parent / f"{module}.py").read_bytes())  # not imported: read
    return digest.digest()


class Paintings:
    """Looks a layout's painting up in the cache before painting it; keeps what it paints."""

    def __init__(self, cache: Cache, master_digest: str) -> None:
        self.cache = cache
        self.master_digest = master_digest

    def surface(self, key: tuple[int, int], colours: Mapping[str, str], paint: Callable[[], Any]) -> Any:
        """Return the layout ``key``'s painting: the kept one if whole, else ``paint()`` (then kept)."""
        palette = json.dumps(sorted(colours.items()))
        name = cache_key("layout", self.master_digest, f"{key[0]}/{key[1]}", palette, _painter_source())
        name += ".json"
        data = self.cache.get(name)
        kept = _decode(data, paint) if data is not None else None
        if kept is not None:
            return kept
        PAINTED[self.master_digest] += 1
        painted = paint()
        self.cache.put(name, _encode(painted))
        return painted

    def boxes(self, backdrop: str, colours: Mapping[str, str], find: Callable[[], list[Box]]) -> list[Box]:
        """Return the busy patches of a backdrop (:mod:`briefpub.deck.detail`): kept ones, else ``find()``'s.

        Kept as JSON, a list of at most :data:`MAX_BOXES` boxes of four finite
        numbers; anything else is ignored and the backdrop searched again.
        """
        from briefpub.deck import detail

        palette = json.dumps(sorted(colours.items()))
        source = _painter_source() + Path(detail.__file__ or "").read_bytes()
        name = cache_key("detail", self.master_digest, backdrop, palette, source) + ".json"
        data = self.cache.get(name)
        kept = _decode_boxes(data) if data is not None else None
        if kept is not None:
            return kept
        PAINTED[self.master_digest] += 1
        found = find()
        self.cache.put(name, json.dumps([[b.left, b.top, b.width, b.height] for b in found]).encode())
        return found


MAX_BOXES = 10_000
"""The most busy patches a kept backdrop may list (a real one has a few)."""


def _decode_boxes(data: bytes) -> list[Box] | None:
    """Return the boxes kept in ``data``, or None if it is not a list of boxes of four finite numbers."""
    try:
        found = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(found, list) or len(found) > MAX_BOXES:
        return None
    boxes = []
    for item in found:
        if not (
            isinstance(item, list)
            and len(item) == 4
            and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in item)
        ):
            return None
        boxes.append(Box(*(float(v) for v in item)))
    return boxes


def _encode(surface: Any) -> bytes:
    """Return a painting's rounded luminances as JSON: the distinct values, and each pixel's index."""
    import numpy

    rounded = surface.rounded()
    values, inverse = numpy.unique(rounded, return_inverse=True)
    wide = len(values) > 256
    grid = inverse.reshape(-1).astype(numpy.uint16 if wide else numpy.uint8).tobytes()
    rows, columns = rounded.shape
    return json.dumps(
        {
            "scale": float(surface.scale),
            "rows": int(rows),
            "columns": int(columns),
            "values": [float(value) for value in values],
            "grid": base64.b64encode(grid).decode(),
        },
        separators=(",", ":"),
    ).encode()


def _decode(data: bytes, paint: Callable[[], Any]) -> KeptSurface | None:
    """Return the painting kept in ``data``, or None if it is not one (wrong shape, sizes, values)."""
    try:
        found = json.loads(data)
        scale, rows, columns = float(found["scale"]), found["rows"], found["columns"]
        values = [float(value) for value in found["values"]]
        raw = base64.b64decode(found["grid"], validate=True)
    except (ValueError, TypeError, KeyError, binascii.Error, RecursionError):  # or nested 100,000 deep
        return None
    if not (
        isinstance(rows, int)
        and isinstance(columns, int)
        and 0 < rows * columns <= MAX_PIXELS
        and rows > 0
        and 0 < scale <= 1
        and 0 < len(values) <= 65536
        and all(0.0 <= value <= 1.0 for value in values)
        and values == sorted(set(values))
    ):
        return None
    grid = array("H" if len(values) > 256 else "B")
    if len(raw) != rows * columns * grid.itemsize:
        return None
    grid.frombytes(raw)
    if _past(raw, grid, len(values)):
        return None
    return KeptSurface(values, grid, rows, columns, scale, paint)


def _past(raw: bytes, grid: array[int], count: int) -> bool:
    """Return whether an index of ``grid`` (``raw``'s bytes) is past the ``count`` values.

    A grid of one byte a pixel is checked by deleting every valid index from
    its bytes (``max`` walked its 20,000-odd items in Python's loop: 1 ms of a
    kept deck's three); a wider one with ``max``.
    """
    if grid.itemsize == 1:
        return bool(raw.translate(None, bytes(range(count))))
    return max(grid) >= count


class KeptSurface:
    """A painting as kept: what :meth:`behind` needs; anything else paints the layout after all."""

    def __init__(
        self,
        values: list[float],
        grid: array[int],
        rows: int,
        columns: int,
        scale: float,
        paint: Callable[[], Any],
    ) -> None:
        self._values, self._grid = values, grid
        self._rows, self._columns, self._scale = rows, columns, scale
        self._paint = paint
        self._painted: Any = None

    def behind(self, box: Box) -> list[float]:
        """Return what :meth:`briefpub.deck.surface.Surface.behind` returns for ``box``, without numpy."""
        rows, columns = self._rows, self._columns
        top = min(max(round(box.top * self._scale), 0), rows - 1)
        left = min(max(round(box.left * self._scale), 0), columns - 1)
        bottom = min(max(round(box.bottom * self._scale), top + 1), rows)
        right = min(max(round(box.right * self._scale), left + 1), columns)
        counts: Counter[int] = Counter()
        previous, repeats = None, 0  # a layout's rows repeat: each run of equal rows is counted once
        for row in range(top, bottom + 1):
            start = row * columns
            segment = self._grid[start + left : start + right] if row < bottom else None
            if segment == previous:
                repeats += 1
                continue
            if previous is not None:
                for index, count in Counter(previous).items():
                    counts[index] += count * repeats
            previous, repeats = segment, 1
        total = float(sum(counts.values()))
        return [
            self._values[index]
            for index, count in sorted(counts.items())
            for _ in range(max(1, round(WEIGHTS * count / total)))
        ]

    def _surface(self) -> Any:
        if self._painted is None:
            PAINTED["kept"] += 1
            self._painted = self._paint()
        return self._painted

    def uniform(self) -> bool:
        """Return whether the whole layout is one colour (the painting's answer)."""
        return bool(self._surface().uniform())

    def mean(self) -> str:
        """Return the painting's average colour, as hex."""
        return str(self._surface().mean())

    def png(self) -> bytes:
        """Return the painting as a PNG (``serve``'s previews)."""
        return bytes(self._surface().png())
