"""The text properties PowerPoint applies in a layout's placeholder, resolved through the inheritance chain.

A corporate master sets its fonts and sizes in several places, and
PowerPoint takes each property from the first that says it:

    layout placeholder (``a:lstStyle``, ``a:bodyPr``)
    → the master's placeholder of the same type
    → the master's text styles (``p:txStyles``: title, body or other)
    → the presentation's default text style
    → the theme (``+mj-lt``/``+mn-lt`` and their East Asian and complex-script faces)

Measuring with anything else (the theme's font alone, a fixed size) makes
text that looked fitted overflow, or shrinks text the designer sized.
Everything here reads XML; nothing is changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefpub.deck.colours import Palette, fill_colour, hex_of

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_EMU_PER_PT = 12700
# bodyPr's own defaults (ECMA-376 21.1.2.1.1): 0.1 in left and right, 0.05 in top and bottom.
_DEFAULT_INSETS = (91440, 45720, 91440, 45720)
_DEFAULT_SIZE = 18.0
# Which text style of the master a placeholder type takes its text from.
_TITLE_TYPES = {"title", "ctrTitle"}
_BODY_TYPES = {"body", "obj", "subTitle"}


@dataclass(frozen=True)
class TextStyle:
    """What a placeholder's first-level text looks like, as far as measuring it needs."""

    latin: str | None
    """The typeface for Latin text (theme references resolved); None when nothing names one."""
    east_asian: str | None
    """The typeface for CJK text."""
    complex_script: str | None
    """The typeface for Arabic, Hebrew and other complex scripts."""
    size: float
    """The size in points the designer set (PowerPoint's 18 pt when nothing does)."""
    bold: bool
    italic: bool
    caps: bool
    """``cap="all"`` or ``"small"``: text is measured in capitals."""
    tracking: float
    """Extra space after every character, in points (``spc``)."""
    insets: tuple[float, float, float, float]
    """Left, top, right and bottom insets of the text box, in points."""
    indent: float
    """Left margin of first-level paragraphs (room for a bullet), in points."""
    bullet: bool
    """Whether first-level paragraphs carry a bullet."""
    align: str
    """Horizontal alignment: ``l``, ``ctr``, ``r``, ``just``... (``l`` when nothing says)."""
    autofit: str
    """``none``, ``normal`` (shrink on overflow) or ``shape`` (the box grows with its text)."""
    anchor: str
    """Vertical anchor: ``t``, ``ctr`` or ``b``."""
    color: str = "000000"
    """The text's colour as hex, theme references resolved (``tx1`` where nothing says)."""
    fill: str | None = None
    """The placeholder's own solid fill as hex (the layout's, else its master's); None when it has none."""
    vertical: str = "horz"
    """How its lines run (``bodyPr vert``): ``horz``; ``vert``, ``vert270``, ``eaVert``… on their side."""


def placeholder_type(sp: Any) -> str:
    """Return a placeholder's type as OOXML names it (``obj`` when the ``p:ph`` says none)."""
    ph = sp.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
    return "obj" if ph is None else ph.get("type", "obj")


def master_placeholders(master: Any) -> dict[str, Any]:
    """Return a slide master's placeholders by type (the first of each), for :func:`master_placeholder`."""
    shapes = [sp for sp in master.iter(f"{_P}sp") if _is_placeholder(sp)]
    return {placeholder_type(sp): sp for sp in reversed(shapes)}


def master_placeholder(master: Any, kind: str, by_type: dict[str, Any] | None = None) -> Any | None:
    """Return the master's placeholder a layout placeholder of ``kind`` inherits from."""
    wanted = "title" if kind in _TITLE_TYPES else "body" if kind in _BODY_TYPES else kind
    by_type = master_placeholders(master) if by_type is None else by_type
    found = by_type.get(wanted)
    return by_type.get("obj") if found is None and wanted == "body" else found


def _is_placeholder(sp: Any) -> bool:
    return sp.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph") is not None


def resolve(
    layout_sp: Any,
    master: Any,
    presentation: Any,
    theme: dict[str, str | None],
    master_sp: Any | None,
    colours: Palette | None = None,
) -> TextStyle:
    """Return the effective first-level text style of a layout placeholder.

    ``master`` and ``presentation`` are the root elements of the slide master
    and ``presentation.xml``, ``theme`` the master's theme fonts (:func:`theme_of`);
    ``master_sp`` is the master's placeholder it inherits from (see
    :func:`master_placeholder`); ``colours`` the scheme colours on the layout
    (:func:`briefpub.deck.colours.palette`).
    """
    colours = colours or {}
    kind = placeholder_type(layout_sp)
    style_name = (
        "titleStyle" if kind in _TITLE_TYPES else "bodyStyle" if kind in _BODY_TYPES else "otherStyle"
    )
    levels = [
        _level(layout_sp.find(f"{_P}txBody/{_A}lstStyle")),
        _level(master_sp.find(f"{_P}txBody/{_A}lstStyle") if master_sp is not None else None),
        _level(master.find(f"{_P}txStyles/{_P}{style_name}")),
        _level(presentation.find(f"{_P}defaultTextStyle") if presentation is not None else None),
    ]
    run_props = [level.find(f"{_A}defRPr") if level is not None else None for level in levels]
    bodies = [sp.find(f"{_P}txBody/{_A}bodyPr") for sp in (layout_sp, master_sp) if sp is not None]

    def run_attr(name: str) -> str | None:
        value: str | None = _first(r.get(name) if r is not None else None for r in run_props)
        return value

    def face(tag: str) -> str | None:
        typeface = _first(_typeface(r.find(f"{_A}{tag}")) if r is not None else None for r in run_props)
        return _theme_face(typeface, theme)

    def body_attr(name: str) -> str | None:
        value: str | None = _first(b.get(name) if b is not None else None for b in bodies)
        return value

    size = run_attr("sz")
    text_colour = _first(fill_colour(r, colours) if r is not None else None for r in run_props)
    shape_fill = _first(_shape_fill(sp, colours) for sp in (layout_sp, master_sp) if sp is not None)
    insets = tuple(
        int(body_attr(name) or default) / _EMU_PER_PT
        for name, default in zip(("lIns", "tIns", "rIns", "bIns"), _DEFAULT_INSETS, strict=True)
    )
    margin = _first(level.get("marL") if level is not None else None for level in levels)
    bullet = _first(_bullet(level) for level in levels)
    return TextStyle(
        latin=face("latin"),
        east_asian=face("ea"),
        complex_script=face("cs"),
        size=int(size) / 100 if size and size.isdigit() else _DEFAULT_SIZE,
        bold=run_attr("b") in ("1", "true"),
        italic=run_attr("i") in ("1", "true"),
        caps=run_attr("cap") in ("all", "small"),
        tracking=int(run_attr("spc") or 0) / 100,
        insets=(insets[0], insets[1], insets[2], insets[3]),
        indent=int(margin) / _EMU_PER_PT if margin and margin.lstrip("-").isdigit() else 0.0,
        bullet=bool(bullet),
        align=_first(level.get("algn") if level is not None else None for level in levels) or "l",
        autofit=_first(_autofit(b) for b in bodies) or "none",
        anchor=body_attr("anchor") or "t",
        color=hex_of(text_colour[0]) if text_colour else colours.get("tx1", "000000"),
        fill=shape_fill or None,
        vertical=body_attr("vert") or "horz",
    )


def _shape_fill(sp: Any, colours: Palette) -> str | None:
    """Return a placeholder's opaque solid fill as hex, "" for ``noFill``, None if it says neither.

    A translucent fill is left out: what shows through it is the background.
    """
    properties = sp.find(f"{_P}spPr")
    if properties is None:
        return None
    if properties.find(f"{_A}noFill") is not None:
        return ""
    found = fill_colour(properties, colours)
    if found is None or found[1] < 0.9:
        return None
    return hex_of(found[0])


def _level(list_style: Any) -> Any | None:
    return list_style.find(f"{_A}lvl1pPr") if list_style is not None else None


def _first(values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def _typeface(element: Any) -> str | None:
    if element is None:
        return None
    value = element.get("typeface", "").strip()
    return value or None


def _bullet(level: Any) -> bool | None:
    """Return whether a paragraph level has a bullet, None when it does not say."""
    if level is None:
        return None
    if level.find(f"{_A}buNone") is not None:
        return False
    if level.find(f"{_A}buChar") is not None or level.find(f"{_A}buAutoNum") is not None:
        return True
    return None


def _autofit(body: Any) -> str | None:
    if body is None:
        return None
    for tag, name in (("spAutoFit", "shape"), ("normAutofit", "normal"), ("noAutofit", "none")):
        if body.find(f"{_A}{tag}") is not None:
            return name
    return None


def _theme_face(typeface: str | None, theme: dict[str, str | None]) -> str | None:
    """Resolve ``+mj-lt``, ``+mn-ea`` and the like through the theme's font scheme."""
    if typeface is None or not typeface.startswith("+"):
        return typeface
    return theme.get(typeface)


def theme_of(theme: Any | None) -> dict[str, str | None]:
    """Return a theme's fonts by reference: ``{"+mj-lt": "Calibri Light", ...}``.

    ``theme`` is the theme part's XML root (:func:`briefpub.deck.surface.theme_root`), None when
    the master has none.
    """
    if theme is None:
        return {}
    faces: dict[str, str | None] = {}
    for prefix, scheme in (("+mj", "majorFont"), ("+mn", "minorFont")):
        for suffix, script in (("lt", "latin"), ("ea", "ea"), ("cs", "cs")):
            faces[f"{prefix}-{suffix}"] = _typeface(
                theme.find(f".//{_A}fontScheme/{_A}{scheme}/{_A}{script}")
            )
    return faces
