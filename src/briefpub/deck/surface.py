"""What a layout shows besides its placeholders: its background, its artwork, and a picture of both.

Two things the plan needs from a corporate master are not in its text styles:
where the master's logo, bands and pictures sit (text must not run into
them), and what colour lies behind each text box (text must stand out from
it). :func:`artwork_of` reads the first from the XML alone, for every layout;
:class:`Surfaces` paints the second, a small picture of a layout without its
placeholders, only for the layouts a deck uses, once each.

The picture is coarse (:data:`PIXELS_PER_POINT`) and approximate where
DrawingML is rich: preset shapes are their bounding boxes (an ellipse is an
ellipse; a custom path is filled as it runs, so thin arcs leave the
background between them), path gradients their mean colour, images we cannot
decode (EMF, WMF) are left out. Pictures are recoloured as PowerPoint draws
them (duotone, greyscale, brightness), a theme's background style included.
It only has to tell dark from light behind a text.
"""

from __future__ import annotations

import copy
import hashlib
import io
import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from briefpub.deck.colours import Palette, colour, fill_colour, hex_of, number, opacity, palette
from briefpub.deck.geometry import Box

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_EMU_PER_PT = 12700
PIXELS_PER_POINT = 0.25
"""How finely a layout is painted: one pixel for four points, 240 x 135 for a 16:9 slide."""
MAX_SIDE = 1024
"""The most pixels a painting has on a side, however large a master says its slides are."""
MAX_SHAPES = 2000
"""The most shapes of a layout and its master read as artwork or painted (a real one has dozens)."""
BACKGROUND_SHARE = 0.9
"""A shape covering this much of the slide is a background picture, not artwork text must avoid."""
WEIGHTS = 200
"""How many values :meth:`Surface.behind` gives for a box: each distinct luminance by its share of it."""
MAX_IMAGE_PIXELS = 60_000_000
"""A template picture larger than this is not decoded (it is left out of the painted surface)."""
PICTURE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")
"""The picture formats painted: what masters hold. Pillow opens others by content, some by running
a program (an EPS picture is drawn by Ghostscript, where installed: code from the master)."""
MAX_DECODED_PIXELS = 2 * MAX_IMAGE_PIXELS
"""The most pixels of pictures one painting decodes: past it, pictures are left out.

Sixty copies of one 49-million-pixel PNG on a layout decoded it sixty times
(over three minutes); a real layout shows a photograph or two.
"""
_SHAPES = {f"{_P}sp": "shape", f"{_P}pic": "picture", f"{_P}grpSp": "group", f"{_P}cxnSp": "line"}
_SHAPES[f"{_P}graphicFrame"] = "graphic"

Transform = Callable[[Box], Box]


@dataclass(frozen=True)
class Artwork:
    """A picture, logo or drawn shape of a layout or its master, outside any placeholder."""

    name: str
    """Its name in the template (else its kind: ``picture``, ``shape``, ``group``, ``line``, ``graphic``)."""
    box: Box


def shows_master_shapes(layout: Any) -> bool:
    """Return whether a layout shows its master's shapes (``showMasterSp`` is not off)."""
    return layout.get("showMasterSp", "1") not in ("0", "false")


def artwork_of(layout: Any, master: Any, width: float, height: float) -> tuple[Artwork, ...]:
    """Return the artwork text on ``layout`` must avoid: its own and its master's, backgrounds left out."""
    found: list[Artwork] = []
    for root in [master, layout] if shows_master_shapes(layout) else [layout]:
        tree = root.find(f"{_P}cSld/{_P}spTree")
        if tree is None:
            continue
        for element, box in itertools.islice(_shapes(tree, _identity), MAX_SHAPES):
            if not _visible(element) or _faint(element) or box.area >= BACKGROUND_SHARE * width * height:
                continue
            name_element = element.find(f"./*/{_P}cNvPr")
            name = name_element.get("name", "") if name_element is not None else ""
            found.append(Artwork(name or _SHAPES[element.tag], box))
    return tuple(found)


def backdrop_of(layout: Any, master: Any, theme: Any | None, width: float, height: float) -> str:
    """Return a fingerprint of the picture behind ``layout`` (python-pptx's), empty when there is none.

    A picture background (``bgPr`` with a picture, or ``bgRef`` to a theme
    background style that is one) or a picture over the whole slide. The
    fingerprint is the backdrop's XML, its pictures named by their parts:
    layouts that show one picture (often all of a master's) share it, so it
    is searched once (:mod:`briefpub.deck.detail`).
    """
    shown = [master, layout] if shows_master_shapes(layout.element) else [layout]
    owner = next((o for o in (layout, master) if o.element.find(f"{_P}cSld/{_P}bg") is not None), None)
    background = owner.element.find(f"{_P}cSld/{_P}bg") if owner is not None else None
    pictured = background is not None and _picture_background(background, theme)
    covering = [(o, element) for o in shown for element in _covering_pictures(o.element, width, height)]
    if not pictured and not covering:
        return ""
    digest = hashlib.sha256()
    if pictured and owner is not None:
        digest.update(_named_xml(background, owner.part))
    for o, element in covering:  # what is drawn (the picture, its effects, where), not names or ids
        for drawn in (element.find(f"{_P}blipFill"), element.find(f"{_P}spPr")):
            if drawn is not None:
                digest.update(_named_xml(drawn, o.part))
    return digest.hexdigest()[:32]


def _named_xml(element: Any, part: Any) -> bytes:
    """Return ``element``'s XML with each picture reference replaced by the name of the part it leads to."""
    copied = copy.deepcopy(element)
    for node in copied.iter():
        rel = node.get(f"{_R}embed")
        if rel is not None:
            try:
                node.set(f"{_R}embed", str(part.related_part(rel).partname))
            except (KeyError, AttributeError):
                node.set(f"{_R}embed", "?")
    return bytes(etree.tostring(copied))


def _picture_background(background: Any, theme: Any | None) -> bool:
    """Return whether a ``p:bg`` is a picture: its own ``blipFill``, or a theme background style's."""
    if background.find(f"{_P}bgPr/{_A}blipFill") is not None:
        return True
    reference = background.find(f"{_P}bgRef")
    if reference is None or theme is None:
        return False
    index = number(reference.get("idx"), 0)
    styles = theme.find(f".//{_A}fmtScheme/{_A}bgFillStyleLst")
    if index <= 1000 or styles is None or index - 1001 >= len(styles):
        return False
    return bool(styles[index - 1001].tag == f"{_A}blipFill")


def _covering_pictures(root: Any, width: float, height: float) -> list[Any]:
    """Return the pictures of a shape tree over (nearly) the whole slide: backdrop photographs."""
    tree = root.find(f"{_P}cSld/{_P}spTree")
    if tree is None:
        return []
    return [
        element
        for element, box in itertools.islice(_shapes(tree, _identity), MAX_SHAPES)
        if element.tag == f"{_P}pic" and box.area >= BACKGROUND_SHARE * width * height
    ]


def _identity(box: Box) -> Box:
    return box


def _shapes(tree: Any, transform: Transform) -> Iterator[tuple[Any, Box]]:
    """Yield the non-placeholder shapes of a shape tree in drawing order, with their slide boxes.

    A group is yielded whole (its box is the artwork), then its members with
    the group's transform applied, for painting.
    """
    for element in tree:
        if element.tag not in _SHAPES or _is_placeholder(element):
            continue
        box = _box(element, transform)
        if box is None:
            continue
        yield element, box
        if element.tag == f"{_P}grpSp":
            yield from _shapes(element, _group_transform(element, transform))


def _is_placeholder(element: Any) -> bool:
    return element.find(f"./*/{_P}nvPr/{_P}ph") is not None


def _visible(element: Any) -> bool:
    """Return whether a shape draws something: a picture, a fill, a line or text (not an empty frame)."""
    if element.tag != f"{_P}sp":
        return True
    properties = element.find(f"{_P}spPr")
    has_fill = properties is not None and any(
        properties.find(f"{_A}{tag}") is not None for tag in ("solidFill", "gradFill", "blipFill", "pattFill")
    )
    styled = element.find(f"{_P}style/{_A}fillRef")
    if styled is not None and styled.get("idx", "0") != "0":
        has_fill = has_fill or (properties is None or properties.find(f"{_A}noFill") is None)
    line = properties.find(f"{_A}ln") if properties is not None else None
    has_line = line is not None and line.find(f"{_A}noFill") is None and len(line)
    text = "".join(element.itertext()).strip()
    return bool(has_fill or has_line or text)


FAINT = 0.25
"""Artwork drawn at most this opaque (a glow, a watermark tint) is no obstacle: text reads over it."""


def _faint(element: Any) -> bool:
    """Return whether a shape is drawn nearly transparent (its fill or picture), with no line and no text.

    A soft glow behind a corner or a 10% tint of an accent colour squeezed
    bodies into a middle column; what is painted of it still counts for contrast.
    """
    if element.tag == f"{_P}pic":
        fixed = element.find(f"{_P}blipFill/{_A}blip/{_A}alphaModFix")
        return fixed is not None and number(fixed.get("amt"), 100_000) / 100_000 <= FAINT
    if element.tag != f"{_P}sp" or "".join(element.itertext()).strip():
        return False
    properties = element.find(f"{_P}spPr")
    if properties is None:
        return False
    line = properties.find(f"{_A}ln")
    if line is not None and line.find(f"{_A}noFill") is None and len(line):
        return False
    solid = properties.find(f"{_A}solidFill")
    if solid is not None and len(solid):
        return opacity(solid[0]) <= FAINT
    stops = [stop[0] for stop in properties.iterfind(f"{_A}gradFill/{_A}gsLst/{_A}gs") if len(stop)]
    return bool(stops) and max(opacity(stop) for stop in stops) <= FAINT


def _xfrm(element: Any) -> Any | None:
    properties = element.find(f"{_P}spPr") if element.tag != f"{_P}grpSp" else element.find(f"{_P}grpSpPr")
    if element.tag == f"{_P}graphicFrame":
        return element.find(f"{_P}xfrm")
    return properties.find(f"{_A}xfrm") if properties is not None else None


def _box(element: Any, transform: Transform) -> Box | None:
    xfrm = _xfrm(element)
    if xfrm is None:
        return None
    off, ext = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
    if off is None or ext is None:
        return None
    try:
        values = [int(v) / _EMU_PER_PT for v in (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))]
    except (TypeError, ValueError):
        return None
    left, top, width, height = values
    if element.tag == f"{_P}cxnSp":  # a line has no width or no height; give it a hairline's
        width, height = max(width, 1.0), max(height, 1.0)
    return transform(Box(left, top, width, height))


def _group_transform(group: Any, outer: Transform) -> Transform:
    """Return how a group maps its members' coordinates (``chOff``/``chExt``) onto its own box."""
    xfrm = _xfrm(group)
    if xfrm is None:
        return outer
    try:
        off, ext = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
        child_off, child_ext = xfrm.find(f"{_A}chOff"), xfrm.find(f"{_A}chExt")
        x, y = int(off.get("x")), int(off.get("y"))
        cx, cy = int(ext.get("cx")), int(ext.get("cy"))
        chx, chy = int(child_off.get("x")), int(child_off.get("y"))
        chcx, chcy = int(child_ext.get("cx")) or 1, int(child_ext.get("cy")) or 1
    except (AttributeError, TypeError, ValueError):
        return outer
    sx, sy = cx / chcx, cy / chcy
    scale = 1 / _EMU_PER_PT

    def mapped(box: Box) -> Box:
        emu = Box(box.left / scale, box.top / scale, box.width / scale, box.height / scale)
        inner = Box(
            (x + (emu.left - chx) * sx) * scale,
            (y + (emu.top - chy) * sy) * scale,
            emu.width * sx * scale,
            emu.height * sy * scale,
        )
        return outer(inner)

    return mapped


class Surface:
    """A layout painted without its placeholders: what lies behind each of its texts."""

    def __init__(self, pixels: Any, scale: float = PIXELS_PER_POINT) -> None:
        import numpy

        self._np = numpy
        self._pixels = pixels  # numpy array, rows x columns x RGB, 0 to 255
        self._scale = scale  # pixels per point
        self._luminances: Any = None

    def behind(self, box: Box) -> list[float]:
        """Return the distinct luminances (WCAG's) of the pixels whose centres lie in ``box``, by weight.

        Contrast depends on luminance alone, so that is all a text's
        background needs to be; a region's few distinct values are quick to
        compare with each candidate colour. Each value appears about as often
        as its share of the box (at least once, :data:`WEIGHTS` in all), so a
        colour can be judged by how much of the box it reads over when none
        reads over all of it (text across a photograph's bright spots).
        """
        rows, columns = self._pixels.shape[:2]
        top = min(max(round(box.top * self._scale), 0), rows - 1)
        left = min(max(round(box.left * self._scale), 0), columns - 1)
        bottom = min(max(round(box.bottom * self._scale), top + 1), rows)
        right = min(max(round(box.right * self._scale), left + 1), columns)
        region = self._luminance()[top:bottom, left:right]
        values, counts = self._np.unique(self._np.round(region, 3), return_counts=True)
        total = float(counts.sum())
        return [
            float(value)
            for value, count in zip(values, counts, strict=True)
            for _ in range(max(1, round(WEIGHTS * count / total)))
        ]

    @property
    def scale(self) -> float:
        """Pixels per point."""
        return self._scale

    def rounded(self) -> Any:
        """Return each pixel's luminance to three places, as :meth:`behind` compares them (rows x columns)."""
        return self._np.round(self._luminance(), 3)

    def _luminance(self) -> Any:
        if self._luminances is None:
            linear = self._pixels / 255
            linear = self._np.where(linear <= 0.04045, linear / 12.92, ((linear + 0.055) / 1.055) ** 2.4)
            self._luminances = linear @ self._np.array([0.2126, 0.7152, 0.0722])
        return self._luminances

    def uniform(self) -> bool:
        """Return whether the whole layout is one colour (a preview then needs no picture of it)."""
        flat = self._pixels.reshape(-1, 3)
        return bool((flat == flat[0]).all())

    def mean(self) -> str:
        """Return the painting's average colour, as hex."""
        return hex_of(self._pixels.reshape(-1, 3).mean(axis=0))

    def png(self) -> bytes:
        """Return the painting as a PNG (``serve``'s previews show it as the slide's background)."""
        from PIL import Image

        out = io.BytesIO()
        Image.fromarray(self._pixels.astype("uint8"), "RGB").save(out, "PNG", optimize=True)
        return out.getvalue()


class Surfaces:
    """Paints each layout of a presentation when first asked for it, and keeps the painting."""

    def __init__(self, deck: Any, themes: dict[int, Any]) -> None:
        self._deck = deck
        self._themes = themes
        """Each master's theme (its XML root, or None), parsed once when the master was read."""
        self._painted: dict[tuple[int, int], Surface] = {}
        self.store: Any = None
        """Paintings kept by an earlier run (:class:`briefpub.deck.paintings.Paintings`), when set."""

    def of(self, master_number: int, layout_index: int, colours: Palette) -> Surface:
        """Return one layout's painting; ``colours`` are its scheme colours (``Layout.colours``)."""
        key = (master_number, layout_index)
        if key not in self._painted:
            master = self._deck.slide_masters[master_number]
            layout = master.slide_layouts[layout_index]
            theme = self._themes.get(master_number)

            def paint() -> Surface:  # numpy is imported only when a painting is not kept
                return _Painter(self._deck, master, layout, theme, colours).paint()

            self._painted[key] = paint() if self.store is None else self.store.surface(key, colours, paint)
        return self._painted[key]

    def backdrop(self, master_number: int, layout_index: int, colours: Palette) -> Surface:
        """Return a painting of a layout's backdrop alone: its background and whole-slide pictures.

        Not kept: what is read from it is (:func:`briefpub.deck.detail.with_detail`).
        """
        master = self._deck.slide_masters[master_number]
        layout = master.slide_layouts[layout_index]
        theme = self._themes.get(master_number)
        return _Painter(self._deck, master, layout, theme, colours).paint(backdrop=True)


def theme_root(master_part: Any) -> Any | None:
    """Return the XML root of a slide master's theme, None if it has none."""
    from pptx.opc.constants import RELATIONSHIP_TYPE

    try:
        return etree.fromstring(master_part.part_related_by(RELATIONSHIP_TYPE.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        return None


def layout_palette(theme: Any | None, master: Any, layout: Any) -> dict[str, str]:
    """Return the scheme colours on ``layout``: the theme's under the master's colour map or its override."""
    override = layout.find(f"{_P}clrMapOvr/{_A}overrideClrMapping")
    return palette(theme, master.find(f"{_P}clrMap"), override)


class _Painter:
    """Paints one layout: background, then the master's shapes (if shown), then the layout's."""

    def __init__(self, deck: Any, master: Any, layout: Any, theme: Any | None, colours: Palette) -> None:
        import numpy

        self.np = numpy
        self.master, self.layout, self.theme, self.colours = master, layout, theme, colours
        width, height = (deck.slide_width or 0) / _EMU_PER_PT, (deck.slide_height or 0) / _EMU_PER_PT
        self.scale = min(PIXELS_PER_POINT, MAX_SIDE / max(width, height, 1.0))
        self.columns = max(1, math.ceil(width * self.scale))
        self.rows = max(1, math.ceil(height * self.scale))
        self.canvas = numpy.full((self.rows, self.columns, 3), 255.0)
        self.decoded = 0
        """Pixels of pictures decoded so far for this painting, at most :data:`MAX_DECODED_PIXELS`."""

    def paint(self, backdrop: bool = False) -> Surface:
        """Paint the layout; with ``backdrop``, only its background and the pictures over the whole slide."""
        whole = Box(0, 0, self.columns / self.scale, self.rows / self.scale)
        owner = next(
            (o for o in (self.layout, self.master) if o.element.find(f"{_P}cSld/{_P}bg") is not None), None
        )
        if owner is None:
            self.solid(whole, self.colours.get("bg1", "FFFFFF"), 1.0)
        else:
            self.background(owner)
        owners = [self.master] if shows_master_shapes(self.layout.element) else []
        for owner in [*owners, self.layout]:
            tree = owner.element.find(f"{_P}cSld/{_P}spTree")
            if tree is not None:
                for element, box in itertools.islice(_shapes(tree, _identity), MAX_SHAPES):
                    if element.tag == f"{_P}grpSp":
                        continue
                    if backdrop and (element.tag != f"{_P}pic" or box.area < BACKGROUND_SHARE * whole.area):
                        continue
                    self.shape(owner, element, box)
        return Surface(self.canvas, self.scale)

    def background(self, owner: Any) -> None:
        whole = Box(0, 0, self.columns / self.scale, self.rows / self.scale)
        background = owner.element.find(f"{_P}cSld/{_P}bg")
        properties = background.find(f"{_P}bgPr")
        reference = background.find(f"{_P}bgRef")
        if properties is not None:
            self.fill(owner, properties, whole, None)
        elif reference is not None:
            self.style_fill(owner, reference, whole, background=True)

    def shape(self, owner: Any, element: Any, box: Box) -> None:
        if element.tag == f"{_P}pic":
            self.fill(owner, element, box, None)
            return
        properties = element.find(f"{_P}spPr")
        if properties is None:
            return
        if any(
            properties.find(f"{_A}{tag}") is not None
            for tag in ("solidFill", "gradFill", "blipFill", "pattFill", "noFill")
        ):
            self.fill(owner, properties, box, None, properties)
            return
        reference = element.find(f"{_P}style/{_A}fillRef")
        if reference is not None:
            self.style_fill(owner, reference, box, background=False, geometry=properties)

    def style_fill(
        self, owner: Any, reference: Any, box: Box, background: bool, geometry: Any | None = None
    ) -> None:
        """Paint a fill the theme's fill styles hold by reference; ``phClr`` is the reference's colour.

        A picture in a theme's fill style is the theme part's: its ``r:embed``
        is looked up there (a master's ``bgRef`` to a photograph, often
        recoloured with a duotone).
        """
        try:
            index = int(reference.get("idx", "0"))
        except ValueError:
            return  # a malformed reference paints nothing
        listing = "bgFillStyleLst" if index > 1000 else "fillStyleLst"
        position = index - 1001 if index > 1000 else index - 1
        styles = self.theme.find(f".//{_A}fmtScheme/{_A}{listing}") if self.theme is not None else None
        if styles is None or position < 0 or position >= len(styles):
            return
        given = next((child for child in reference if child.tag.startswith(_A)), None)
        placeholder = colour(given, self.colours) if given is not None else None
        holder = etree.Element("holder")
        holder.append(copy.deepcopy(styles[position]))
        self.fill(
            owner, holder, box, hex_of(placeholder) if placeholder else None, geometry, part=self.theme_part()
        )

    def theme_part(self) -> Any | None:
        """Return the master's theme part (pictures of its fill styles are related to it), None if none."""
        from pptx.opc.constants import RELATIONSHIP_TYPE

        try:
            return self.master.part.part_related_by(RELATIONSHIP_TYPE.THEME)
        except KeyError:
            return None

    def fill(
        self,
        owner: Any,
        parent: Any,
        box: Box,
        placeholder: str | None,
        geometry: Any | None = None,
        part: Any | None = None,
    ) -> None:
        """Paint the fill ``parent`` holds (solid, gradient, picture, pattern) into ``box``.

        ``geometry`` is the shape's ``spPr``: an ellipse or a custom path is
        painted as its outline encloses, not as its bounding box (thin arcs
        across a slide leave the background showing between them). ``part``
        holds a picture's relationships (the owner's, else the theme's).
        """
        region = self._region(box)
        if region is None:
            return
        top, left, bottom, right = region
        mask = _geometry_mask(geometry, bottom - top, right - left, self.np)
        solid = fill_colour(parent, self.colours, placeholder)
        if solid is not None:
            self.solid(box, hex_of(solid[0]), solid[1], mask)
            return
        gradient = parent.find(f"{_A}gradFill")
        if gradient is not None:
            self.gradient(gradient, box, placeholder, mask)
            return
        picture = parent.find(f"{_A}blipFill") if parent.tag != f"{_P}pic" else parent.find(f"{_P}blipFill")
        if picture is not None:
            self.picture(part if part is not None else owner.part, picture, box, placeholder, mask)
            return
        pattern = parent.find(f"{_A}pattFill")
        if pattern is not None:
            colours = [
                colour(child[0], self.colours, placeholder)
                for child in (pattern.find(f"{_A}fgClr"), pattern.find(f"{_A}bgClr"))
                if child is not None and len(child)
            ]
            known = [c for c in colours if c is not None]
            if known:
                mean = tuple(sum(channel) / len(known) for channel in zip(*known, strict=True))
                self.solid(box, hex_of(mean), 1.0, mask)

    def _region(self, box: Box) -> tuple[int, int, int, int] | None:
        top = max(round(box.top * self.scale), 0)
        left = max(round(box.left * self.scale), 0)
        bottom = min(max(round(box.bottom * self.scale), top + 1), self.rows)
        right = min(max(round(box.right * self.scale), left + 1), self.columns)
        return (top, left, bottom, right) if top < bottom and left < right else None

    def solid(self, box: Box, hex_value: str, alpha: float, mask: Any | None = None) -> None:
        region = self._region(box)
        if region is None:
            return
        top, left, bottom, right = region
        rgb = self.np.array([int(hex_value[i : i + 2], 16) for i in (0, 2, 4)], dtype=float)
        coverage = (mask if mask is not None else self.np.ones((bottom - top, right - left))) * alpha
        area = self.canvas[top:bottom, left:right]
        area[:] = area * (1 - coverage[..., None]) + rgb * coverage[..., None]

    def gradient(self, gradient: Any, box: Box, placeholder: str | None, mask: Any | None = None) -> None:
        np = self.np
        stops = []
        for stop in gradient.iterfind(f"{_A}gsLst/{_A}gs"):
            element = next((child for child in stop if child.tag.startswith(_A)), None)
            found = colour(element, self.colours, placeholder) if element is not None else None
            if found is not None:
                stops.append((number(stop.get("pos"), 0) / 100_000, found, opacity(element)))
        region = self._region(box)
        if not stops or region is None:
            return
        stops.sort(key=lambda stop: stop[0])
        top, left, bottom, right = region
        rows, columns = bottom - top, right - left
        linear = gradient.find(f"{_A}lin")
        if linear is None:  # a path (radial) gradient: its mean colour
            mean = tuple(sum(stop[1][i] for stop in stops) / len(stops) for i in range(3))
            self.solid(box, hex_of(mean), sum(stop[2] for stop in stops) / len(stops), mask)
            return
        angle = math.radians(number(linear.get("ang"), 0) / 60000)
        y, x = np.mgrid[0:rows, 0:columns]
        u = ((x + 0.5) / columns - 0.5) * math.cos(angle) + ((y + 0.5) / rows - 0.5) * math.sin(angle)
        reach = (abs(math.cos(angle)) + abs(math.sin(angle))) / 2 or 1.0
        position = np.clip(u / (2 * reach) + 0.5, 0, 1)
        positions = [stop[0] for stop in stops]
        rgb = np.stack([np.interp(position, positions, [stop[1][i] for stop in stops]) for i in range(3)], -1)
        alpha = np.interp(position, positions, [stop[2] for stop in stops])[..., None]
        if mask is not None:
            alpha = alpha * mask[..., None]
        area = self.canvas[top:bottom, left:right]
        area[:] = area * (1 - alpha) + rgb * alpha

    def picture(
        self, part: Any, blip_fill: Any, box: Box, placeholder: str | None = None, mask: Any | None = None
    ) -> None:
        """Paint a picture stretched over ``box`` (crop and recolouring applied); skip what cannot be read."""
        from PIL import Image, UnidentifiedImageError

        blip = blip_fill.find(f"{_A}blip")
        rel = blip.get(f"{_R}embed") if blip is not None else None
        region = self._region(box)
        if not rel or region is None or part is None:
            return
        try:
            data = part.related_part(rel).blob
            image: Image.Image = Image.open(io.BytesIO(data), formats=PICTURE_FORMATS)
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return
            top, left, bottom, right = region
            image.draft("RGB", (right - left, bottom - top))
            self.decoded += image.width * image.height  # after draft: a JPEG decodes at the size painted
            if self.decoded > MAX_DECODED_PIXELS:
                return
            image = image.convert("RGBA")
            crop = blip_fill.find(f"{_A}srcRect")
            if crop is not None:
                edges = [min(max(number(crop.get(side), 0) / 100_000, 0.0), 1.0) for side in "ltrb"]
                image = image.crop(
                    (
                        round(edges[0] * image.width),
                        round(edges[1] * image.height),
                        round(image.width * (1 - edges[2])),
                        round(image.height * (1 - edges[3])),
                    )
                )
            image = image.resize((right - left, bottom - top), Image.Resampling.BOX)
        except (KeyError, OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
            return
        pixels = self.np.asarray(image, dtype=float)
        alpha = pixels[..., 3:4] / 255
        rgb = _recoloured(pixels[..., :3], blip, self.colours, placeholder, self.np)
        fixed = blip.find(f"{_A}alphaModFix")
        if fixed is not None:
            alpha = alpha * min(max(number(fixed.get("amt"), 100_000) / 100_000, 0.0), 1.0)
        if mask is not None:
            alpha = alpha * mask[..., None]
        area = self.canvas[top:bottom, left:right]
        area[:] = area * (1 - alpha) + rgb * alpha


MAX_EFFECTS = 16
"""The most effects of one picture applied (a real one has one to three: a duotone, a brightness)."""
_GREY = (0.299, 0.587, 0.114)


def _recoloured(rgb: Any, blip: Any, colours: Palette, placeholder: str | None, np: Any) -> Any:
    """Return a picture's pixels with the blip's recolouring applied, as PowerPoint draws them.

    ``grayscl`` and ``duotone`` (the darkest pixels take its first colour, the
    lightest its second: a brand's photograph tinted teal), and ``lum``'s
    brightness and contrast. A theme's duotone often names ``phClr``, the
    colour the background reference gives.
    """
    for effect in itertools.islice(blip, MAX_EFFECTS):
        name = effect.tag.removeprefix(_A)
        if name == "grayscl":
            rgb = np.repeat((rgb @ _GREY)[..., None], 3, axis=-1)
        elif name == "duotone":
            ends = [colour(child, colours, placeholder) for child in effect if child.tag.startswith(_A)]
            known = [np.array(end, dtype=float) for end in ends if end is not None]
            if len(known) == 2:
                share = (rgb @ _GREY / 255)[..., None]
                rgb = known[0] * (1 - share) + known[1] * share
        elif name == "lum":
            bright = number(effect.get("bright"), 0) / 100_000
            contrast = number(effect.get("contrast"), 0) / 100_000
            factor = (1 + contrast) / max(1 - contrast, 0.01) if contrast > 0 else 1 + contrast
            rgb = np.clip(((rgb / 255 - 0.5) * factor + 0.5 + bright) * 255, 0, 255)
    return rgb


def _geometry_mask(geometry: Any | None, rows: int, columns: int, np: Any) -> Any | None:
    """Return how much of each pixel of a shape's box its outline covers, None for the whole box.

    An ellipse is an ellipse; a custom geometry (``custGeom``) is its paths
    filled (each closed figure toggling, as even-odd fill does), bezier
    curves and arcs flattened to lines. A path whose values are formulas
    (guides) rather than numbers is taken as its bounding box, as before.
    """
    if geometry is None or rows <= 0 or columns <= 0:
        return None
    preset = geometry.find(f"{_A}prstGeom")
    if preset is not None and preset.get("prst") == "ellipse":
        y, x = np.mgrid[0:rows, 0:columns]
        return (((x + 0.5) / columns - 0.5) ** 2 + ((y + 0.5) / rows - 0.5) ** 2 <= 0.25).astype(float)
    custom = geometry.find(f"{_A}custGeom")
    if custom is None:
        return None
    from PIL import Image, ImageDraw

    supersample = 2
    mask = np.zeros((rows * supersample, columns * supersample), dtype=bool)
    try:
        for path in itertools.islice(custom.iterfind(f"{_A}pathLst/{_A}path"), MAX_PATHS):
            if path.get("fill") == "none":
                continue
            width, height = float(path.get("w", "0")), float(path.get("h", "0"))
            for figure in _figures(path):
                if width <= 0 or height <= 0 or len(figure) < 3:
                    continue
                points = [
                    (x / width * columns * supersample, y / height * rows * supersample) for x, y in figure
                ]
                layer = Image.new("1", (columns * supersample, rows * supersample), 0)
                ImageDraw.Draw(layer).polygon(points, fill=1)
                mask ^= np.asarray(layer, dtype=bool)
    except (TypeError, ValueError):
        return None
    covered = mask.reshape(rows, supersample, columns, supersample).mean(axis=(1, 3))
    return covered if covered.any() else None


MAX_PATHS = 200
"""The most paths of one custom shape drawn (a real one has a few)."""
MAX_POINTS = 20_000
"""The most points of one path drawn, curves flattened."""


def _figures(path: Any) -> list[list[tuple[float, float]]]:
    """Return a custom path as closed figures of points in its own coordinates (curves flattened).

    Raises ValueError for a value that is a guide's name, not a number.
    """
    figures: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    count = 0

    def points(command: Any) -> list[tuple[float, float]]:
        return [(_finite(pt.get("x")), _finite(pt.get("y"))) for pt in command.iterfind(f"{_A}pt")]

    for command in path:
        name = command.tag.removeprefix(_A)
        last = current[-1] if current else (0.0, 0.0)
        if name == "moveTo":
            if len(current) > 2:
                figures.append(current)
            current = points(command)[:1]
        elif name == "lnTo":
            current += points(command)[:1]
        elif name in ("cubicBezTo", "quadBezTo"):  # three points, or two: more are not DrawingML's
            controls = [last, *points(command)[: 3 if name == "cubicBezTo" else 2]]
            current += [_bezier(controls, step / 8) for step in range(1, 9)]
        elif name == "arcTo":
            current += _arc(last, *(_finite(command.get(k)) for k in ("wR", "hR", "stAng", "swAng")))
        elif name == "close":
            if len(current) > 2:
                figures.append(current)
            current = []
        count += len(current)
        if count > MAX_POINTS:
            break
    if len(current) > 2:
        figures.append(current)
    return figures


def _finite(value: str | None) -> float:
    """Return a path's value as a number; ValueError for a guide's name, NaN or an infinity."""
    found = float(value)  # type: ignore[arg-type]  # None is a TypeError, as a missing value should be
    if not math.isfinite(found):
        raise ValueError(f"not a finite number: {value}")
    return found


def _bezier(controls: list[tuple[float, float]], t: float) -> tuple[float, float]:
    """Return the point at ``t`` of the Bézier curve through ``controls`` (de Casteljau)."""
    while len(controls) > 1:
        controls = [
            (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for a, b in itertools.pairwise(controls)
        ]
    return controls[0]


def _arc(
    start: tuple[float, float], width: float, height: float, first: float, sweep: float
) -> list[tuple[float, float]]:
    """Return points along DrawingML's ``arcTo`` from ``start``: an ellipse's arc, angles in 60,000ths."""
    begin, turn = math.radians(first / 60000), math.radians(sweep / 60000)
    centre = (start[0] - width * math.cos(begin), start[1] - height * math.sin(begin))
    steps = max(2, min(64, int(abs(turn) / (math.pi / 16)) + 1))
    return [
        (
            centre[0] + width * math.cos(begin + turn * step / steps),
            centre[1] + height * math.sin(begin + turn * step / steps),
        )
        for step in range(1, steps + 1)
    ]
