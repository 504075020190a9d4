"""The deck master: opened clean, read into plain data (every master, layout and placeholder), saved.

Everything here is about the user's PowerPoint file, not about briefings: the
plan is made from the :class:`Template` read here, and the emitter writes
into a presentation :meth:`Master.open` returns.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation

from briefpub import __version__
from briefpub.cache import Cache
from briefpub.cache import key as cache_key
from briefpub.deck import learned
from briefpub.deck.geometry import Box, room_beside
from briefpub.deck.pptxengine import write_package
from briefpub.deck.strips import grow_strips
from briefpub.deck.styles import (
    TextStyle,
    master_placeholder,
    master_placeholders,
    placeholder_type,
    resolve,
    theme_of,
)
from briefpub.deck.surface import Artwork, Surfaces, artwork_of, backdrop_of, layout_palette, theme_root
from briefpub.deck.tablestyle import DEFAULT_STYLE, read_styles
from briefpub.errors import Diagnostic, TemplateError, Warn, shorten
from briefpub.files import UnreadableFile, display_path, read_regular
from briefpub.limits import LimitExceeded, bounded
from briefpub.packaged import PACKAGE_DECK

DEFAULT_LAYOUTS: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide",),
    "key_points": ("Title and Content",),
    "agenda": ("Title and Content",),
    "question": ("Question", "Title and Content"),  # the packaged deck has a "Question" layout
    "figure": ("Question with Figure",),  # optional: a question's answer beside its first figure
}
OPTIONAL_ROLES = ("figure",)
"""Roles a template may lack: their slides then fall back to another layout, with a warning."""

READ_SECONDS = 120.0
READ_MEMORY = 1 << 30
"""A backstop for what no bound of cleaning and reading foresaw: a master is read within these or refused."""
MAX_TEMPLATE_BYTES = 100_000_000
"""The largest deck master read (real ones with photographs are a few MB)."""


class Master:
    """A deck master cleaned and read once: its :class:`Template` to plan with, a fresh presentation per deck.

    The presentation the template was read from is kept for the first deck,
    so one command opens the package once; later decks (``build``'s workers,
    ``serve``) each open their own, as slides are added to it.
    """

    def __init__(self, clean: bytes, display: str, name: str, digest: str = "") -> None:
        self._clean = clean
        self._display = display
        self._name = name
        self.digest = digest
        """The master file's SHA-256: what is learned from it is cached under it (briefpub.cache)."""
        self._spare: Any = self._presentation()
        self._template: Template | None = None

    @property
    def template(self) -> Template:
        """The master read into plain data for planning (:meth:`learn`, with nothing kept)."""
        return self.learn(None)

    def learn(self, cache: Cache | None) -> Template:
        """Return :attr:`template`: read once a process, or taken from what an earlier run kept in ``cache``.

        A kept template (:mod:`briefpub.deck.learned`) paints its layouts on
        this run's presentation.
        """
        if self._template is None:
            deck = self._spare if self._spare is not None else self._presentation()
            self._template = learned.template(
                cache,
                self.digest,
                self._name,
                Template,
                read=lambda: read_template(deck, self._name),
                finish=lambda kept: replace(kept, surfaces=surfaces_of(deck)),
            )
        return self._template

    def open(self) -> Any:
        """Return the master as a presentation without slides, for one deck to be written into."""
        deck, self._spare = self._spare, None
        return deck if deck is not None else self._presentation()

    def _presentation(self) -> Any:
        try:
            return Presentation(io.BytesIO(self._clean))
        except (KeyError, ValueError, AttributeError, TypeError, etree.XMLSyntaxError) as exc:
            raise TemplateError.at(self._display, None, f"not a usable deck master ({exc})") from None


def load_master(path: Path, warn: Warn | None = None, cache: Cache | None = None) -> Master:
    """Return the deck master at ``path``, cleaned (see :mod:`briefpub.deck.package`) and read.

    The package is told by its content, so a .potx named .pptx (or the reverse)
    opens; what cleaning removed is reported through ``warn`` in one line. The
    last master loaded is kept, by its bytes: a process that makes many decks
    on one master cleans and reads it once, and an edited master is read again.
    What an earlier run read of it is taken from ``cache`` (:meth:`Master.learn`).
    """
    display = display_path(path)
    try:
        data = read_regular(path, MAX_TEMPLATE_BYTES)
    except UnreadableFile as exc:
        raise TemplateError.at(display, None, f"{exc} (the deck master)") from None
    try:
        with bounded(READ_SECONDS, READ_MEMORY):
            name = "the built-in master" if path == PACKAGE_DECK else display
            master, removed = _read_master(data, display, name)
            master.learn(cache)
    except LimitExceeded as exc:
        raise TemplateError.at(
            display, None, f"{exc} to read; it is not a deck master briefpub can use"
        ) from None
    except MemoryError:
        raise TemplateError.at(
            display,
            None,
            f"needed more than {READ_MEMORY >> 20} MiB to read; it is not a deck master briefpub can use",
        ) from None
    for message in removed:
        if warn is not None:
            warn(message)
    return master


@functools.lru_cache(maxsize=1)
def _read_master(data: bytes, display: str, name: str) -> tuple[Master, tuple[Diagnostic, ...]]:
    digest = hashlib.sha256(data).hexdigest()
    clean = Cache(None).get(clean_entry(digest))  # install's folder alone: never the project's
    removed: list[Diagnostic] = []
    if clean is None:
        from briefpub.deck.package import clean_template  # not imported for a master install cleaned

        CLEANED[digest] += 1
        clean, removed = clean_template(data, display)
    return Master(clean, display, name, digest), tuple(removed)


CLEANED: Counter[str] = Counter()
"""Masters cleaned in this process, by their hash (tests count them)."""


def clean_entry(digest: str) -> str:
    """Return the name of the entry holding the master of SHA-256 ``digest`` as cleaned (install's only).

    Named by the master's bytes and the deck's code (the cleaner's among it),
    and read from the package's own ``__pycache__/shipped`` alone
    (``Cache(None)``), never from a project's cache: a package planted there
    would skip the cleaning, so a master of the project's is cleaned every run.
    """
    return cache_key("clean", digest, etree.__version__, learned.reader_source()) + ".pptx"


_EMU_PER_PT = 12700
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PH = f"{_P}nvSpPr/{_P}nvPr/{_P}ph"
_TITLES = ("title", "ctrTitle")
_TEXTS = ("body", "obj", "subTitle")
FURNITURE = ("sldNum", "ftr", "dt")
"""Placeholders PowerPoint's Header and Footer dialog fills: slide number, footer, date."""


@dataclass(frozen=True)
class Placeholder:
    """One placeholder of a layout, with what PowerPoint would set its text in."""

    idx: int
    kind: str
    """The OOXML type: ``title``, ``ctrTitle``, ``body``, ``obj``, ``subTitle``, ``sldNum``…"""
    name: str
    box: Box
    """Where its text may go: the layout's box, less what the template's artwork takes of it."""
    style: TextStyle
    frame: Box | None = None
    """The box as the layout draws it, where artwork made ``box`` smaller; None when they are one."""
    avoided: tuple[str, ...] = ()
    """The names of the artwork ``box`` keeps clear of."""
    rotation: float = 0.0
    """The box's turn about its centre, in degrees clockwise (``xfrm rot``): a footer up the right edge."""
    added: bool = False
    """Not the layout's own: a title box briefpub adds in a cover's clear area (see ``deck.cover``)."""
    grown: bool = False
    """Whether ``box`` is a strip grown with its text into the room around it (see deck.strips)."""

    @property
    def drawn(self) -> Box:
        """Return the box as the layout draws it."""
        return self.frame or self.box


@dataclass(frozen=True)
class Layout:
    """One slide layout of one slide master."""

    master: int
    """The slide master's position (0 for the first)."""
    master_name: str
    index: int
    """The layout's position within its master."""
    name: str
    placeholders: tuple[Placeholder, ...]
    artwork: tuple[Artwork, ...] = ()
    """The pictures, logos and drawn shapes of the layout and its master (backgrounds left out)."""
    palette: tuple[tuple[str, str], ...] = ()
    """The scheme colours on the layout (``("tx1", "1B1B1B")``…): the theme's under its colour map."""
    backdrop: str = ""
    """A fingerprint of the picture behind the layout (``surface.backdrop_of``), empty for none: only
    such a backdrop is searched for a logo baked into it, once for all the layouts that share it
    (:mod:`briefpub.deck.detail`)."""
    detail: tuple[Artwork, ...] = ()
    """The busy patches of the backdrop picture (a logo baked into it) the text boxes were kept clear of."""
    kind: str = ""
    """The layout's type as PowerPoint records it (``title``, ``obj``, ``secHead``…), whatever its name
    says in the master's language: what a layout is for when no name tells."""

    @property
    def colours(self) -> dict[str, str]:
        """Return :attr:`palette` as a mapping."""
        return dict(self.palette)

    @property
    def qualified(self) -> str:
        """Return the name that picks this layout when two masters have one of its name."""
        return f"{self.master_name}/{self.name}"

    def title(self) -> Placeholder | None:
        """Return the title placeholder, if any."""
        return next((p for p in self.placeholders if p.kind in _TITLES), None)

    def text(self, prefer_subtitle: bool = False) -> Placeholder | None:
        """Return the placeholder for the text: the largest body box (a subtitle one first, if asked).

        Corporate layouts often add small boxes (a kicker, a source line) beside the main one.
        """
        texts = [p for p in self.placeholders if p.kind in _TEXTS]
        subtitles = [p for p in texts if p.kind == "subTitle"]
        candidates = subtitles if prefer_subtitle and subtitles else texts
        return max(candidates, key=lambda p: p.box.width * p.box.height, default=None)

    def picture(self) -> Placeholder | None:
        """Return the box for a figure: the largest picture placeholder, else a second text box.

        A "Two Content" layout has two text boxes: the text takes one
        (:meth:`text`), the figure the other.
        """
        pictures = [p for p in self.placeholders if p.kind == "pic"]
        if not pictures:
            text = self.text()
            pictures = [p for p in self.placeholders if p.kind in ("body", "obj") and p != text]
        return max(pictures, key=lambda p: p.box.width * p.box.height, default=None)

    def caption(self) -> Placeholder | None:
        """Return a text box for the figure's caption: one under the picture's, apart from the text's.

        A corporate "Question with Figure" layout often has a small text
        placeholder right under its picture: the nearest such box is taken.
        """
        picture, text = self.picture(), self.text()
        if picture is None:
            return None
        under = [
            p
            for p in self.placeholders
            if p.kind in ("body", "obj")
            and p not in (picture, text)
            and p.box.top >= picture.box.top + picture.box.height / 2
            and p.box.left < picture.box.right
            and picture.box.left < p.box.right
        ]
        return min(under, key=lambda p: p.box.top - picture.box.bottom, default=None)

    def furniture(self) -> list[Placeholder]:
        """Return the slide number, footer and date placeholders."""
        return [p for p in self.placeholders if p.kind in FURNITURE]


@dataclass(frozen=True)
class Template:
    """A deck master read into plain data: what planning needs, and ``master inspect`` shows.

    The deck's modules call it, and their variables holding it, ``template``: the word 0.2 used
    for the master before "template" was kept for the newsletter's Jinja2 files.
    """

    display: str
    width: float
    height: float
    masters: tuple[str, ...]
    layouts: tuple[Layout, ...]
    surfaces: Surfaces | None = field(default=None, compare=False, repr=False)
    """Paints a layout's background and artwork when the plan first measures a colour on it."""
    table_style: str = DEFAULT_STYLE
    """The id of the table style a new table takes (:func:`briefpub.deck.tablestyle.read_styles`)."""
    table_styles: bytes | None = field(default=None, compare=False, repr=False)
    """The master's ``tableStyles.xml``, where it has one: the bands' colours are read from it."""

    def find(self, name: str) -> list[Layout]:
        """Return the layouts ``name`` picks: by name, or by ``"Master name/Layout name"``."""
        return list(self._by_name.get(name, ()))

    @functools.cached_property
    def _by_name(self) -> dict[str, list[Layout]]:
        """Every layout under its name and its qualified name, in order: looked up once per layout.

        Searching the list for each was quadratic: a master of 2,400 layouts
        took 30 s to inspect, all of it spent comparing names.
        """
        index: dict[str, list[Layout]] = {}
        for layout in self.layouts:
            for name in dict.fromkeys((layout.name, layout.qualified)):
                index.setdefault(name, []).append(layout)
        return index

    def name_of(self, layout: Layout) -> str:
        """Return the name that picks ``layout``: its own, qualified only when another master shares it."""
        return layout.qualified if len(self.find(layout.name)) > 1 else layout.name


MAX_NAME = 100
"""The longest master or layout name kept (longer are cut, with an ellipsis): names are quoted in messages."""


def read_template(deck: Any, display: str) -> Template:
    """Return every master's layouts and their placeholders, with geometry, text style and artwork."""
    presentation = deck.element
    width, height = _pt(deck.slide_width), _pt(deck.slide_height)
    masters: list[str] = []
    layouts: list[Layout] = []
    themes: dict[int, Any] = {}
    for number, master in enumerate(deck.slide_masters):
        name = shorten(master.element.cSld.get("name") or "", MAX_NAME) or f"Master {number + 1}"
        if name in masters:
            name = f"Master {number + 1}"
        masters.append(name)
        theme_xml = themes[number] = theme_root(master.part)
        theme = theme_of(theme_xml)
        inherited = master_placeholders(master.element)
        for index, layout in enumerate(master.slide_layouts):
            colours = layout_palette(theme_xml, master.element, layout.element)
            artwork = artwork_of(layout.element, master.element, width, height)
            placeholders = grow_strips(
                [
                    clear_of(
                        _placeholder(sp, master.element, inherited, presentation, theme, colours), artwork
                    )
                    for sp in _placeholder_shapes(layout.element)
                ],
                [item.box for item in artwork],
                width,
                height,
            )
            layouts.append(
                Layout(
                    number,
                    name,
                    index,
                    shorten(layout.name, MAX_NAME),
                    placeholders,
                    artwork,
                    tuple(sorted(colours.items())),
                    backdrop_of(layout, master, theme_xml, width, height),
                    kind=_layout_kind(layout.element),
                )
            )
    table_style, table_styles = read_styles(deck)
    return Template(
        display,
        width,
        height,
        tuple(masters),
        tuple(layouts),
        Surfaces(deck, themes),
        table_style,
        table_styles,
    )


def _layout_kind(element: Any) -> str:
    """Return a layout's ``type`` attribute (ST_SlideLayoutType: a short word), empty if odd or missing."""
    kind = element.get("type") or ""
    return kind if re.fullmatch(r"[A-Za-z]{1,24}", kind) else ""


def surfaces_of(deck: Any) -> Surfaces:
    """Return the painter of ``deck``'s layouts, as :func:`read_template` gives a template."""
    themes = {number: theme_root(master.part) for number, master in enumerate(deck.slide_masters)}
    return Surfaces(deck, themes)


MIN_ROOM_SHARE = 0.5
"""Artwork is kept clear of only while a text box keeps this much of its area (else it is a backdrop)."""
_AVOIDING = ("title", "ctrTitle", "body", "obj", "subTitle", "pic")
"""The placeholders whose text (or picture) keeps clear of the template's artwork."""


def clear_of(placeholder: Placeholder, artwork: tuple[Artwork, ...]) -> Placeholder:
    """Return ``placeholder`` with its box shrunk clear of the artwork reaching into it.

    Also for the busy patches of a backdrop picture, once painted (:mod:`briefpub.deck.detail`).
    """
    if placeholder.kind not in _AVOIDING or not artwork:
        return placeholder  # furniture is placed once its text is known (briefpub.deck.furniture)
    box = placeholder.box
    left, top, right, bottom = placeholder.style.insets
    inner = Box(box.left + left, box.top + top, box.width - left - right, box.height - top - bottom)
    room, avoided = room_beside(box, inner, [(item.name, item.box) for item in artwork])
    if not avoided or room.area < MIN_ROOM_SHARE * box.area:
        return placeholder  # artwork over most of a text box is a watermark the text is meant to sit on
    return replace(placeholder, box=room, frame=box, avoided=avoided)


def _pt(emu: int | None) -> float:
    return (emu or 0) / _EMU_PER_PT


def _placeholder_shapes(layout: Any) -> list[Any]:
    """Return a layout's placeholder shapes, read from its XML (python-pptx's lookups are slow)."""
    tree = layout.find(f"{_P}cSld/{_P}spTree")
    return [sp for sp in tree.iter(f"{_P}sp") if sp.find(_PH) is not None] if tree is not None else []


def _placeholder(
    sp: Any, master: Any, inherited: dict[str, Any], presentation: Any, theme: Any, colours: dict[str, str]
) -> Placeholder:
    """Return one layout placeholder with its box (its own, else its master's) and its text style."""
    kind = placeholder_type(sp)
    base = master_placeholder(master, kind, inherited)
    ph = sp.find(_PH)
    own = _box(sp)
    box = own or (_box(base) if base is not None else None) or Box(0, 0, 0, 0)
    turned = sp if own is not None else base
    name = sp.find(f"{_P}nvSpPr/{_P}cNvPr")
    return Placeholder(
        idx=int(ph.get("idx", "0")),
        kind=kind,
        name=name.get("name", "") if name is not None else "",
        box=box,
        style=resolve(sp, master, presentation, theme, base, colours),
        rotation=_rotation(turned),
    )


def _rotation(sp: Any | None) -> float:
    """Return the turn of a shape's box in degrees (``xfrm rot``, 60,000ths of a degree)."""
    xfrm = sp.find(f"{_P}spPr/{_A}xfrm") if sp is not None else None
    try:
        return (int(xfrm.get("rot", "0")) / 60000) % 360 if xfrm is not None else 0.0
    except ValueError:
        return 0.0


def _box(sp: Any) -> Box | None:
    xfrm = sp.find(f"{_P}spPr/{_A}xfrm")
    if xfrm is None:
        return None
    off, ext = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
    if off is None or ext is None:
        return None
    return Box(*(_pt(int(v)) for v in (off.get("x", 0), off.get("y", 0), ext.get("cx", 0), ext.get("cy", 0))))


def describe_template(template: Template) -> str:
    """Return each slide master's layouts with their placeholders' boxes and types, for [slides.layouts].

    A layout is said to be the default for a role only where the role would take it unmapped: "Title and
    Content" is the question's only in a master without a "Question" layout.
    """
    inch = 72.0
    present = {layout.name for layout in template.layouts}
    unmapped = {
        role: next((name for name in names if name in present), None)
        for role, names in DEFAULT_LAYOUTS.items()
    }
    lines = [
        f"{template.display}: {len(template.masters)} slide master(s), {len(template.layouts)} layouts, "
        f"slide {template.width / inch:.2f} x {template.height / inch:.2f} in"
    ]
    for number, master in enumerate(template.masters):
        lines.append(f"master {number + 1}: {master!r}")
        for layout in (layout for layout in template.layouts if layout.master == number):
            roles = [role for role, name in unmapped.items() if name == layout.name]
            used = f"  (default for: {', '.join(roles)})" if roles else ""
            lines.append(f"  layout {template.name_of(layout)!r}{used}")
            for ph in layout.placeholders:
                style = ph.style
                face = style.latin or "theme font"
                look = (
                    f"{face} {style.size:g} pt"
                    + (" bold" if style.bold else "")
                    + (", caps" if style.caps else "")
                )
                lines.append(
                    f"    idx {ph.idx:<3} {ph.kind:<9} {ph.name[:26]!r:<28} "
                    f"{ph.box.width / inch:5.2f} x {ph.box.height / inch:4.2f} in at "
                    f"({ph.box.left / inch:.2f}, {ph.box.top / inch:.2f})  {look}"
                )
                if ph.grown:
                    lines.append(
                        f"{'':10}grows with its text (autofit) into the room around it "
                        f"(box {ph.drawn.width / inch:.2f} x {ph.drawn.height / inch:.2f} in as drawn)"
                    )
                if ph.avoided:
                    lines.append(
                        f"{'':10}text kept clear of {', '.join(repr(name) for name in ph.avoided)} "
                        f"(box {ph.drawn.width / inch:.2f} x {ph.drawn.height / inch:.2f} in as drawn)"
                    )
    lines.append(
        "A role needs a layout with a title placeholder and a body, object or subtitle one; map with"
    )
    lines.append(
        '[slides.layouts] title = "...", key_points = "...", agenda = "...", question = "...", figure = "..."'
    )
    lines.append('(a name two slide masters share is picked as "Master name/Layout name")')
    return "\n".join(lines)


def save(deck: Any, stamp: datetime.datetime) -> bytes:
    """Return the deck as .pptx bytes with ``stamp`` on every zip entry, so equal inputs give equal bytes.

    python-pptx's own writer serialises the parts, in its order, into a zip
    whose entries carry ``stamp`` instead of the time of day: one pass, where
    saving and then rewriting the zip decompressed and compressed every part
    twice. The extended properties are written anew: the master's
    ``app.xml`` counts the master's slides, not the deck's.
    """
    package = deck.part.package
    notes = sum(1 for slide in deck.slides if slide.has_notes_slide)
    out = io.BytesIO()
    with _StampedZip(out, stamp, {"docProps/app.xml": _app_xml(len(deck.slides), notes)}) as stamped:
        write_package(package, out, stamped)  # python-pptx's writer, handed the stamped zip
    return out.getvalue()


class _StampedZip:
    """python-pptx's zip writer (its ``write(pack_uri, blob)``), with one stamp and mode on every entry."""

    def __init__(self, out: io.BytesIO, stamp: datetime.datetime, replace: dict[str, bytes]) -> None:
        self._zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
        self._date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
        self._replace = replace

    def __enter__(self) -> _StampedZip:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._zip.close()

    def write(self, pack_uri: Any, blob: bytes) -> None:
        """Add the part named ``pack_uri`` (or the replacement for it)."""
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=self._date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self._zip.writestr(entry, self._replace.get(pack_uri.membername) or blob)


def _app_xml(slides: int, notes: int) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>briefpub {__version__}</Application><Slides>{slides}</Slides><Notes>{notes}</Notes>"
        "</Properties>"
    ).encode()
