"""Hostile images, built small: decompression bombs and SVGs whose drawing multiplies.

Shared by the tests of figures and the logo and by the property tests; each
builder returns bytes or text that are tiny on disk and huge once drawn.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def png_claiming(width: int, height: int) -> bytes:
    """Return a PNG header that claims a size it does not have: a decompression bomb's first bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def nested_uses(levels: int, copies: int, href: str = "href") -> str:
    """Return an SVG whose ``<use>`` copies multiply: ``copies ** levels`` circles from a few lines."""
    groups = ['<g id="l0"><circle r="1"/></g>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use {href}="#l{level - 1}"/>' for _ in range(copies))
        groups.append(f'<g id="l{level}">{uses}</g>')
    return f'{SVG} width="100" height="100"><defs>{"".join(groups)}</defs><use {href}="#l{levels}"/></svg>'


def uses_of_uses(levels: int) -> str:
    """Return an SVG of ``2 ** levels`` circles, each level a ``<use>`` of a ``<use>``."""
    uses = ['<g id="u0b"><circle r="1"/></g>']
    for level in range(1, levels + 1):
        uses.append(f'<use id="u{level}a" href="#u{level - 1}b"/>')
        uses.append(f'<g id="u{level}b"><use href="#u{level}a"/><use href="#u{level}a"/></g>')
    return f'{SVG} width="100" height="100"><defs>{"".join(uses)}</defs><use href="#u{levels}b"/></svg>'


def marked_path(vertices: int, marker_shapes: int) -> str:
    """Return an SVG with one path of ``vertices`` points, a marker of ``marker_shapes`` shapes at each."""
    shapes = "".join(f'<circle cx="{n % 10}" cy="{n // 10}" r="0.4"/>' for n in range(marker_shapes))
    points = " ".join(f"L{n % 100} {n // 100}" for n in range(1, vertices))
    return (
        f'{SVG} width="100" height="100" viewBox="0 0 100 100"><defs>'
        f'<marker id="m" markerWidth="10" markerHeight="10">{shapes}</marker></defs>'
        f'<path d="M0 0 {points}" fill="none" stroke="black" marker-start="url(#m)" marker-mid="url(#m)" '
        'marker-end="url(#m)"/></svg>'
    )


def styled_markers(paths: int, vertices: int, marker_shapes: int) -> str:
    """Return an SVG whose markers a stylesheet sets on every path: no ``marker-*`` attribute to see."""
    shapes = "".join(f'<rect x="{n % 10}" y="{n // 10}" width="1" height="1"/>' for n in range(marker_shapes))
    points = " ".join(f"{n % 100},{n // 100}" for n in range(vertices))
    lines = "".join(f'<polyline points="{points}"/>' for _ in range(paths))
    return (
        f'{SVG} width="100" height="100"><style>polyline {{ marker: url(#m) }}</style><defs>'
        f'<marker id="m">{shapes}</marker></defs>{lines}</svg>'
    )


def tiled_pattern(tile: float, shapes: int, size: int = 1000) -> str:
    """Return an SVG filling a ``size``-wide square with a pattern of ``shapes`` shapes per ``tile``."""
    content = "".join(f'<circle cx="{tile / 2}" cy="{tile / 2}" r="{tile / 3}"/>' for _ in range(shapes))
    return (
        f'{SVG} width="{size}" height="{size}"><defs><pattern id="p" width="{tile}" height="{tile}" '
        f'patternUnits="userSpaceOnUse">{content}</pattern></defs>'
        f'<rect width="{size}" height="{size}" fill="url(#p)"/></svg>'
    )


def clipped_many(elements: int, clip_shapes: int) -> str:
    """Return an SVG of ``elements`` rectangles, each clipped by a path of ``clip_shapes`` shapes."""
    clip = "".join(f'<circle cx="{n}" cy="{n}" r="2"/>' for n in range(clip_shapes))
    rects = "".join('<rect width="10" height="10" clip-path="url(#c)"/>' for _ in range(elements))
    return f'{SVG} width="100" height="100"><defs><clipPath id="c">{clip}</clipPath></defs>{rects}</svg>'


def inherited_pattern(shapes: int, pattern_shapes: int) -> str:
    """Return an SVG whose group's fill, a pattern, is inherited by each of its ``shapes`` circles."""
    content = "".join('<rect width="1" height="1"/>' for _ in range(pattern_shapes))
    circles = "".join(f'<circle cx="{n % 100}" cy="{n // 100}" r="1"/>' for n in range(shapes))
    return (
        f'{SVG} width="100" height="100"><defs><pattern id="p" width="4" height="4" '
        f'patternUnits="userSpaceOnUse">{content}</pattern></defs>'
        f'<g style="fill: url(#p)">{circles}</g></svg>'
    )


def marker_through_use(copies: int, vertices: int, marker_shapes: int) -> str:
    """Return an SVG whose marked path is drawn ``copies`` times by ``<use>``, the marker set on the use."""
    shapes = "".join('<circle r="1"/>' for _ in range(marker_shapes))
    points = " ".join(f"{n},{n}" for n in range(vertices))
    uses = "".join(f'<use href="#line" marker-mid="url(#m)" y="{n}"/>' for n in range(copies))
    return (
        f'{SVG} width="100" height="100"><defs><marker id="m">{shapes}</marker>'
        f'<polyline id="line" points="{points}"/></defs>{uses}</svg>'
    )


def self_painting_pattern() -> str:
    """Return an SVG whose pattern's content is filled with the pattern itself."""
    return (
        f'{SVG} width="100" height="100"><defs><pattern id="p" width="10" height="10" '
        'patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="url(#p)"/></pattern></defs>'
        '<rect width="100" height="100" fill="url(#p)"/></svg>'
    )


def huge_tile(side: int = 100_000) -> str:
    """Return an SVG whose object-sized pattern makes one tile ``side`` pixels square when drawn as PNG."""
    return (
        f'{SVG} width="100" height="100" viewBox="0 0 {side} {side}"><defs><pattern id="p" width="1" '
        f'height="1"><circle cx="5" cy="5" r="3"/></pattern></defs>'
        f'<rect width="{side}" height="{side}" fill="url(#p)"/></svg>'
    )


def slow_text(elements: int) -> str:
    """Return an SVG of ``elements`` short texts: few drawn elements, each slow to lay out and draw."""
    texts = "".join(
        f'<text x="{n % 50 * 2}" y="{n // 50 % 100}" font-size="2">Word {n}</text>' for n in range(elements)
    )
    return f'{SVG} width="100" height="100" viewBox="0 0 100 100">{texts}</svg>'


def embedded_copies(copies: int, side: int) -> str:
    """Return an SVG drawing a ``side``-pixel square PNG, embedded once, ``copies`` times."""
    import base64
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (side, side), (200, 30, 30)).save(out, "PNG")
    data = base64.b64encode(out.getvalue()).decode("ascii")
    uses = "".join(f'<use href="#i" x="{n % 90}"/>' for n in range(copies))
    return (
        f'{SVG} width="100" height="100"><defs><image id="i" width="10" height="10" '
        f'href="data:image/png;base64,{data}"/></defs>{uses}</svg>'
    )


def deck_master(edit: Callable[[dict[str, bytes]], None]) -> bytes:
    """Return briefpub's packaged deck with ``edit`` applied to its parts (by name), as .pptx bytes."""
    import io
    import zipfile

    from briefpub.packaged import PACKAGE_DECK

    with zipfile.ZipFile(PACKAGE_DECK) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    edit(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob)
    return out.getvalue()


def black_png(width: int, height: int) -> bytes:
    """Return a real, all-black PNG of ``width`` x ``height``: a few kB that decode to width x height x 3."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = bytes(1 + width * 3)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
