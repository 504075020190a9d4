"""Figures' images: found inside the project, read once, told by content and checked before any output.

A briefing's image is untrusted like the rest of it. It must be a regular
file inside the project (no ``..``, no link out, no absolute path, no address:
briefpub never fetches), a PNG, JPEG or SVG by its bytes, of a bounded size
and pixel count (a decompression bomb is refused before it is decoded), not
corrupt, and an SVG may reference nothing outside itself. Every renderer then
uses the bytes read here.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from pathlib import Path
from typing import Any

from briefpub.errors import SourceError, shorten
from briefpub.fetches import IMPORT, css_urls
from briefpub.files import MissingFile, UnreadableFile, missing_file_hint, read_regular, sniff_image

MAX_IMAGE_BYTES = 20_000_000
"""The largest image file a briefing may use."""
MAX_PIXELS = 50_000_000
"""The most pixels a PNG or JPEG may have (a 10,000 x 5,000 picture); more is a decompression bomb."""
MAX_SVG_ELEMENTS = 50_000
"""The most elements an SVG may draw: each ``<use>`` as the copy it makes, each marker and pattern as drawn.

Measured on the project's 2-core machine: WeasyPrint draws some 2,000
elements a second into the PDF (200,000 took 90 s and 660 MiB), CairoSVG
some 4,000 into the e-mail's PNG. A detailed map or chart draws a few
thousand.
"""
SVG_DEFAULT_SIZE = (300, 150)
"""The size browsers give an SVG that states none (CSS pixels)."""
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_EMBEDDED = re.compile(r"^data:image/(png|jpeg|gif);base64,", re.I)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in|)\s*$", re.I)
_PX_PER = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_XLINK = "{http://www.w3.org/1999/xlink}href"
_SVG_USE = "{http://www.w3.org/2000/svg}use"


class ImageProblem(ValueError):
    """An image that cannot be used; the message says why, for ``FILE:LINE: figure …``."""


def locate(written: str, base: Path, root: Path) -> Path:
    """Return the file ``written`` names, relative to ``base``, refusing anything outside ``root``."""
    if not written:
        raise ImageProblem("the figure has no path")
    if _SCHEME.match(written) and not re.match(r"^[a-zA-Z]:[\\/]", written):
        scheme = written.split(":", 1)[0].lower()
        why = (
            "briefpub never fetches from the network" if scheme in ("http", "https", "ftp") else "not a file"
        )
        raise ImageProblem(f"{shorten(written, 60)!r} is an address ({why}); save the image in the project")
    if written.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:[\\/]", written):
        raise ImageProblem(
            f"{shorten(written, 60)!r} is an absolute path; write it relative to the source file"
        )
    path = (base / written).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ImageProblem(f"{shorten(written, 60)!r} is outside the project folder")
    return path


FIGURE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
"""What a figure may be: what every edition (PDF, web, e-mail, deck) shows."""
LOGO_TYPES = (*FIGURE_TYPES, "image/gif", "image/webp")
"""What the masthead's logo may be: the newsletter editions show these too (the e-mail gets a PNG)."""
_NAMES = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/svg+xml": "SVG",
    "image/gif": "GIF",
    "image/webp": "WebP",
}


def load(
    path: Path,
    written: str,
    *,
    max_bytes: int = MAX_IMAGE_BYTES,
    kinds: tuple[str, ...] = FIGURE_TYPES,
    what: str = "figures",
) -> tuple[str, int, int, bytes]:
    """Return the media type, natural width and height, and bytes of the image at ``path``.

    Every image briefpub shows comes through here, a figure or the logo: at
    most ``max_bytes``, one of ``kinds`` by its content, its pixels counted
    before it is decoded, an SVG's drawn elements counted and its references
    kept inside it. ``what`` names the images in the message that lists the
    kinds allowed.
    """
    try:
        data = read_regular(path, max_bytes)
    except MissingFile:
        hint = missing_file_hint(path, written)
        raise ImageProblem(f"{shorten(written, 60)!r} does not exist{hint}") from None
    except UnreadableFile as exc:
        raise ImageProblem(f"{shorten(written, 60)!r} {exc}") from None
    kind = sniff_image(data)
    if kind is None and data.lstrip()[:5] in (b"<?xml", b"<!DOC") and b"<svg" in data[:4096]:
        kind = "image/svg+xml"  # an SVG with an internal DTD: checked, and refused, as SVG
    if kind not in kinds:
        found = f"a {_NAMES[kind]} image" if kind else "not an image"
        allowed = ", ".join(_NAMES[k] for k in kinds[:-1]) + f" or {_NAMES[kinds[-1]]}"
        raise ImageProblem(f"{shorten(written, 60)!r} is {found}: {what} must be {allowed}")
    if kind == "image/svg+xml":
        width, height = _check_svg(data, written)
    else:
        width, height = _check_bitmap(data, written)
    return kind, width, height, data


def _check_bitmap(data: bytes, written: str) -> tuple[int, int]:
    """Return a PNG's or JPEG's size after checking its pixel count and decoding it (cheaply) once."""
    from PIL import Image, ImageFile

    # WeasyPrint, once imported, tells Pillow to accept truncated images everywhere; not here.
    accepting, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Any = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise Image.DecompressionBombError()
            if image.format == "JPEG":
                image.draft("RGB", (max(width // 8, 1), max(height // 8, 1)))  # decode at 1/8: fast
            image.load()  # every byte decoded once: a damaged image stops here, not in a renderer
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(
            f"{shorten(written, 60)!r} has more than {MAX_PIXELS // 1_000_000} million pixels; "
            "scale it down (a figure never needs that many)"
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"{shorten(written, 60)!r} is a damaged image ({shorten(str(exc), 60)})") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = accepting
    return int(width), int(height)


def _check_svg(data: bytes, written: str) -> tuple[int, int]:
    """Return an SVG's natural size after checking that it is well formed and self-contained."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImageProblem(
            f"{shorten(written, 60)!r} is not well-formed SVG ({shorten(str(exc), 60)})"
        ) from None
    _check_declared_size(root, written)
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or b"<!ENTITY" in data:
        raise ImageProblem(f"{shorten(written, 60)!r} declares a DTD or entities; save it without them")
    weights: dict[Any, int] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for key in ("href", _XLINK, "src"):
            target = element.get(key)
            if target is not None and not _inside(target):
                raise ImageProblem(
                    f"{shorten(written, 60)!r} references {shorten(target, 50)!r}; an SVG must be "
                    "self-contained (embed its images)"
                )
            if target is not None and _EMBEDDED.match(target.strip()):
                pixels = _check_embedded(target.strip(), written)
                weights[element] = pixels // IMAGE_PIXELS_PER_ELEMENT
        # Stylesheets and presentation attributes (fill="url(…)") as a CSS tokenizer reads them:
        # escapes decoded, so u\72l( and @im\70ort are seen for what they are.
        styles = [value for key, value in element.attrib.items() if "url" in value.lower() or "\\" in value]
        if str(element.tag).endswith("style"):
            styles.append(element.text or "")
        for css in styles:
            urls = css_urls(css)
            if IMPORT in urls or any(not _inside(url) for url in urls):
                raise ImageProblem(f"{shorten(written, 60)!r} has a stylesheet that references other files")
    try:
        drawn = _drawn_elements(root, weights)
    except RecursionError:  # <use> chains thousands deep
        drawn = MAX_SVG_ELEMENTS + 1
    if drawn > MAX_SVG_ELEMENTS:
        raise ImageProblem(
            f"{shorten(written, 60)!r} draws more than {MAX_SVG_ELEMENTS:,} elements once its <use> copies, "
            "markers, patterns and letters are counted; simplify it"
        )
    return _svg_size(root)


def _check_embedded(url: str, written: str) -> int:
    """Check an image embedded in an SVG as a bitmap figure of its own is checked; return its pixels."""
    import base64
    import binascii

    try:
        data = base64.b64decode(url.split(",", 1)[1], validate=False)
    except (binascii.Error, ValueError):
        raise ImageProblem(f"{shorten(written, 60)!r} embeds an image that is not valid base64") from None
    if sniff_image(data) not in ("image/png", "image/jpeg"):
        raise ImageProblem(f"{shorten(written, 60)!r} embeds an image that is not a PNG or JPEG")
    width, height = _check_bitmap(data, f"{shorten(written, 40)} (an image embedded in it)")
    return width * height


def _drawn_elements(root: Any, weights: dict[Any, int] | None = None) -> int:
    """Return how many elements an SVG draws, as WeasyPrint and CairoSVG draw it (at most the cap, plus one).

    Each ``<use>`` draws a copy of what it refers to (a ``<use>`` of a
    ``<use>`` included); a text counts as :data:`TEXT_WEIGHT` shapes, an
    embedded image one more for every :data:`IMAGE_PIXELS_PER_ELEMENT`; a
    marker is drawn at every vertex of each path, line, polyline or polygon
    it marks; a pattern's content once for every shape it fills or strokes;
    a clip path or mask once for every element clipped or masked by it.
    Markers and paints are inherited, through ``<use>`` copies too, and a
    stylesheet that names one is taken to set it on the whole drawing. A
    reference cycle counts as endless. Worked out once per element and
    inherited paint, so the count itself takes time in proportion to the
    file, not to its copies.
    """
    return _Drawing(root, weights or {}).total()


_CAP = MAX_SVG_ELEMENTS + 1
_SVG_NS = "{http://www.w3.org/2000/svg}"
_MARKABLE = {f"{_SVG_NS}{name}" for name in ("path", "line", "polyline", "polygon")}
_PAINTED = _MARKABLE | {
    f"{_SVG_NS}{name}" for name in ("rect", "circle", "ellipse", "text", "tspan", "textPath")
}
_TEXT = {f"{_SVG_NS}{name}" for name in ("text", "tspan", "textPath")}
IMAGE_PIXELS_PER_ELEMENT = 10_000
"""An embedded image counts one drawn element more for every so many pixels: CairoSVG decodes each copy."""
TEXT_WEIGHT = 10
"""What a text element counts for: WeasyPrint lays each out with Pango, ten times a shape's time."""
_URL_ID = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)", re.I)
_NUMBER = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_MARKER_KEYS = ("marker-start", "marker-mid", "marker-end", "marker")


class _Drawing:
    """An SVG's elements by id, and what it costs to draw each in the paint it inherits."""

    def __init__(self, root: Any, weights: dict[Any, int]) -> None:
        self.root = root
        self.weights = weights
        """What an element costs besides itself: an embedded image, its pixels."""
        self.by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
        self.counted: dict[tuple[Any, int, int], int] = {}
        self.visiting: set[Any] = set()
        sheets = " ".join(element.text or "" for element in root.iter() if str(element.tag).endswith("style"))
        self.sheet = [self.by_id[name] for name in _URL_ID.findall(sheets) if name in self.by_id]

    def total(self) -> int:
        """Return what the whole drawing costs; a stylesheet's markers and paints reach every element."""
        markers = max((self.cost(e) for e in self.sheet if _local(e) == "marker"), default=0)
        paints = sum(self.cost(e) for e in self.sheet if _local(e) != "marker")
        return self.count(self.root, min(markers, _CAP), min(paints, _CAP))

    def cost(self, element: Any) -> int:
        """Return what drawing ``element`` once costs, with no inherited paint."""
        return self.count(element, 0, 0)

    def count(self, element: Any, marker: int, paint: int) -> int:
        """Return what ``element`` draws, given the marker and the paint it inherits (each a cost)."""
        key = (element, marker, paint)
        if key in self.counted:
            return self.counted[key]
        if element in self.visiting:
            return _CAP  # a cycle: <use> of an ancestor, a pattern painting itself
        self.visiting.add(element)
        properties = _properties(element)
        marker = self.referenced(properties, _MARKER_KEYS, "marker", marker)
        paint = self.referenced(properties, ("fill", "stroke"), "pattern", paint)
        total = (_text_cost(element) if element.tag in _TEXT else 1) + self.weights.get(element, 0)
        if element.tag in _PAINTED:
            total += paint
        if element.tag in _MARKABLE and marker:
            total += _vertices(element) * marker
        for reference in ("clip-path", "mask"):
            total += sum(self.cost(target) for target in self.targets(properties.get(reference)))
        for child in element:
            if isinstance(child.tag, str):
                total = min(total + self.count(child, marker, paint), _CAP)
        if element.tag == _SVG_USE:
            target = self.by_id.get((element.get("href") or element.get(_XLINK) or "").strip().lstrip("#"))
            if target is not None:
                total += self.count(target, marker, paint)
        self.visiting.discard(element)
        total = min(total, _CAP)
        self.counted[key] = total
        return total

    def referenced(self, properties: dict[str, str], keys: tuple[str, ...], kind: str, inherited: int) -> int:
        """Return the cost of the ``kind`` elements ``keys`` name, with ``inherited`` where one is not set.

        Markers go one to a vertex (the costliest counts); a fill and a
        stroke are both drawn (their costs add up).
        """
        costs = [
            self.cost(target)
            for key in keys
            for target in self.targets(properties.get(key))
            if _local(target) == kind
        ]
        if kind == "marker":
            every = "marker" in properties or all(key in properties for key in keys[:3])
            return min(max([*costs, 0 if every else inherited]), _CAP)
        every = all(key in properties for key in keys)
        return min(sum(costs) + (0 if every else inherited), _CAP)

    def targets(self, value: str | None) -> list[Any]:
        """Return the elements a property's ``url(#id)`` values name."""
        return [self.by_id[name] for name in _URL_ID.findall(value or "") if name in self.by_id]


def _text_cost(element: Any) -> int:
    """Return what a text element costs: :data:`TEXT_WEIGHT`, and one for each of its own letters.

    WeasyPrint lays a text out letter by letter: 400,000 letters in one
    ``<text>`` (400 kB) drew for minutes.
    """
    letters = len(element.text or "") + sum(len(child.tail or "") for child in element)
    return TEXT_WEIGHT + letters


def _properties(element: Any) -> dict[str, str]:
    """Return an element's presentation attributes with its ``style`` declarations over them."""
    properties = {str(key): str(value) for key, value in element.attrib.items()}
    for declaration in (element.get("style") or "").split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            properties[name.strip().lower()] = value.strip()
    return properties


def _local(element: Any) -> str:
    return str(element.tag).rpartition("}")[2]


def _vertices(element: Any) -> int:
    """Return at least how many vertices a path, line, polyline or polygon has: where markers go."""
    if element.tag == f"{_SVG_NS}line":
        return 2
    data = element.get("d") if element.tag == f"{_SVG_NS}path" else element.get("points")
    numbers = sum(1 for _ in _NUMBER.finditer(data or ""))
    return numbers // 2 + 1 + (data or "").count("z") + (data or "").count("Z")


def _inside(target: str) -> bool:
    target = target.strip()
    return target.startswith("#") or bool(_EMBEDDED.match(target))


def _check_declared_size(root: Any, written: str) -> None:
    """Refuse a root ``width``, ``height`` or ``viewBox`` no renderer can size a drawing by.

    NaN, an infinity (``1e999``), a negative or zero width or height: WeasyPrint
    failed on them with an internal ValueError, cairo with an invalid size.
    """
    for key in ("width", "height", "viewBox"):
        value = root.get(key)
        if value is None:
            continue
        numbers = [float(n) for n in _NUMBER.findall(value)]
        if (
            _NOT_FINITE.search(value)
            or not all(math.isfinite(n) for n in numbers)
            or (key != "viewBox" and numbers and numbers[0] <= 0)
            or (key == "viewBox" and len(numbers) == 4 and min(numbers[2:]) < 0)
        ):
            raise ImageProblem(
                f"{shorten(written, 60)!r} has {key}={shorten(value, 30)!r}: a size must be a positive number"
            )
    box = [float(n) for n in _NUMBER.findall(root.get("viewBox") or "")]
    for width, height in (_svg_extent(root), box[2:4] if len(box) == 4 else (None, None)):
        if width and height and max(width, height) > MAX_SVG_RATIO * min(width, height):
            raise ImageProblem(
                f"{shorten(written, 60)!r} is more than {MAX_SVG_RATIO:,} times as wide as high "
                "or as high as wide"
            )


_NOT_FINITE = re.compile(r"(?i)nan|inf")
MAX_SVG_RATIO = 10_000
"""An SVG's width to height (either way) at most this: drawn to a set width, a 1e-300 height overflowed."""


def _svg_size(root: Any) -> tuple[int, int]:
    width, height = _svg_extent(root)
    if width is None or height is None or width <= 0 or height <= 0:
        return SVG_DEFAULT_SIZE
    scale = min(1.0, 20_000 / max(width, height))  # a declared size is a hint, not a promise
    return max(1, round(width * scale)), max(1, round(height * scale))


def _svg_extent(root: Any) -> tuple[float | None, float | None]:
    """Return the width and height an SVG declares (from its viewBox where it gives one of them)."""
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = [float(n) for n in re.split(r"[\s,]+", (root.get("viewBox") or "").strip()) if _is_number(n)]
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        ratio = box[3] / box[2]
        if width is None and height is None:
            width, height = box[2], box[3]
        elif height is None and width is not None:
            height = width * ratio
        elif width is None and height is not None:
            width = height / ratio
    return width, height


def _length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    return float(match[1]) * _PX_PER[match[2].lower()] if match else None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def fail(file: str, line: int, problem: ImageProblem) -> SourceError:
    """Return the one-line error for a figure."""
    return SourceError.at(file, line, f"figure {problem}")
