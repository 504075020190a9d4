"""A deck master's package (Open Packaging Conventions) as untrusted input, cleaned before use.

A corporate master arrives by e-mail or from a template pack; briefpub copies
its layouts into every client deck, so whatever the package carries travels
too. Before python-pptx sees it, the package is unzipped within limits, every
XML part is parsed without entities, and what a client deck must not carry is
removed: macros, ActiveX controls, embedded OLE objects, links that a viewer
would fetch or follow to local files, the template's own slides (with every
reference to them) and any part nothing refers to any more. The result is a
plain presentation package, whatever the master's file name says it is.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from briefpub.errors import Diagnostic, TemplateError, shorten

MAX_MEMBERS = 5_000
"""The most files a master's zip may hold (a large real master has a few hundred)."""
MAX_UNPACKED_BYTES = 300_000_000
"""The most a master may unpack to, checked from the zip's directory before anything is decompressed."""
MAX_XML_BYTES = 20_000_000
"""The most XML a master's parts may hold in all (a real master has about 1 MB, a large deck 10).

Pictures may take the rest of :data:`MAX_UNPACKED_BYTES`; XML may not: a tree
takes some twenty times its text in memory, twice (here, then in python-pptx),
and 300 MB of it was gigabytes and minutes before a single check.
"""

_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OFFICE_DOCUMENT = _RT + "officeDocument"
_SLIDE = _RT + "slide"
_HYPERLINK = _RT + "hyperlink"
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
# Code and opaque objects: never copied into a client's deck.
_ACTIVE_CONTENT = {
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject": "macros",
    "http://schemas.microsoft.com/office/2006/relationships/wordVbaData": "macros",
    _RT + "control": "ActiveX controls",
    "http://schemas.microsoft.com/office/2006/relationships/activeXControlBinary": "ActiveX controls",
    _RT + "oleObject": "embedded objects",
    _RT + "package": "embedded objects",
}
_PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_MAIN_TYPES = {
    _PRESENTATION,
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
}
_SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")
# Elements that hold one drawing object: removing a broken reference removes the whole object.
_SHAPES = {f"{{{_P}}}{name}" for name in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp", "contentPart")}
_OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
"""Compound File (OLE) files: PowerPoint 97-2003, and Office's password-protected documents."""
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)
"""Comments and processing instructions are dropped: every reader of a part's children expects elements."""


@dataclass
class Relationship:
    """One relationship of a part: its id, type, target and whether the target lies outside the package."""

    id: str
    type: str
    target: str
    external: bool

    def part(self, source: str) -> str:
        """Return the package name of the target part, for a relationship from part ``source``."""
        if self.target.startswith("/"):
            return self.target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), self.target))


@dataclass
class Package:
    """The parts of a package by name (no leading slash), with their content types and relationships."""

    display: str
    """The file the package came from, for messages."""
    blobs: dict[str, bytes]
    """Every part's bytes, relationship parts and ``[Content_Types].xml`` excepted."""
    defaults: dict[str, str]
    """Content type per file extension."""
    overrides: dict[str, str]
    """Content type per part name."""
    rels: dict[str, list[Relationship]]
    """Relationships per source part (``""`` for the package itself)."""
    xml: dict[str, etree._Element] = field(default_factory=dict)
    """Parts parsed so far and changed in place; serialised again by :meth:`to_bytes`."""
    removed: dict[str, list[str]] = field(default_factory=dict)
    """What cleaning removed, by kind, for the one warning the user gets."""
    parsed: int = 0
    """How many bytes of XML :meth:`root` has parsed, at most :data:`MAX_XML_BYTES` (whatever the names)."""

    def content_type(self, name: str) -> str:
        """Return the content type of part ``name``."""
        return self.overrides.get(name) or self.defaults.get(posixpath.splitext(name)[1][1:].lower(), "")

    def root(self, name: str) -> etree._Element:
        """Return the parsed XML of part ``name``, refusing DTDs and entities."""
        if name not in self.xml:
            self.parsed += len(self.blobs[name])
            if self.parsed > MAX_XML_BYTES:
                raise self.error(f"holds more XML than a deck master may ({MAX_XML_BYTES / 1e6:.0f} MB)")
            try:
                tree = etree.fromstring(self.blobs[name], _PARSER)
            except etree.XMLSyntaxError as exc:
                raise self.error(f"part {name} is not well-formed XML ({exc.msg})") from None
            if tree.getroottree().docinfo.doctype:
                raise self.error(f"part {name} declares a DTD or entities, which a deck part may not")
            self.xml[name] = tree
        return self.xml[name]

    def error(self, message: str) -> TemplateError:
        """Return a one-line error about this package."""
        return TemplateError.at(self.display, None, message)

    def note(self, kind: str, what: str) -> None:
        """Record that something of ``kind`` was removed."""
        self.removed.setdefault(kind, []).append(what)

    def is_xml(self, name: str) -> bool:
        """Return whether part ``name`` is XML (by its content type)."""
        kind = self.content_type(name)
        return kind.endswith("+xml") or kind.endswith("/xml")

    def to_bytes(self) -> bytes:
        """Return the package as a zip (stored, not compressed: python-pptx reads it once and rewrites it)."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
            zf.writestr("[Content_Types].xml", self._content_types())
            for source, rels in self.rels.items():
                if rels and (source == "" or source in self.blobs):
                    zf.writestr(_rels_name(source), _rels_xml(rels))
            for name, blob in self.blobs.items():
                zf.writestr(name, _xml_bytes(self.xml[name]) if name in self.xml else blob)
        return out.getvalue()

    def _content_types(self) -> bytes:
        root = etree.Element(f"{{{_CT}}}Types", nsmap={None: _CT})
        for ext, kind in sorted(self.defaults.items()):
            etree.SubElement(root, f"{{{_CT}}}Default", Extension=ext, ContentType=kind)
        for name, kind in sorted(self.overrides.items()):
            if name in self.blobs:
                etree.SubElement(root, f"{{{_CT}}}Override", PartName="/" + name, ContentType=kind)
        return _xml_bytes(root)


def read_package(data: bytes, display: str) -> Package:
    """Return the parts of the zip ``data``, unpacking nothing before its directory is checked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        if data.startswith(_OLE_SIGNATURE):  # a password-protected .pptx or a .ppt/.pot from before 2007
            message = "is an encrypted or legacy (.ppt) PowerPoint file; save it as .pptx, without a password"
            raise TemplateError.at(display, None, message) from None
        raise TemplateError.at(display, None, "is not a PowerPoint file (not a zip package)") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise TemplateError.at(
                display, None, f"holds {len(members)} files; a deck master has at most {MAX_MEMBERS}"
            )
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise TemplateError.at(
                display,
                None,
                f"would unpack to {unpacked / 1e6:.0f} MB, more than a deck master may "
                f"({MAX_UNPACKED_BYTES / 1e6:.0f} MB)",
            )
        xml = sum(m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels")))
        if xml > MAX_XML_BYTES:
            raise TemplateError.at(
                display,
                None,
                f"holds {xml / 1e6:.0f} MB of XML, more than a deck master may "
                f"({MAX_XML_BYTES / 1e6:.0f} MB)",
            )
        files = [m for m in members if not m.is_dir()]
        if len({m.filename.lstrip("/").lower() for m in files}) != len(files):  # part names ignore case
            raise TemplateError.at(display, None, "holds two files of the same name; it is damaged")
        try:
            raw = {m.filename.lstrip("/"): _unpack(archive, m) for m in files}
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise TemplateError.at(display, None, f"cannot be unpacked ({exc})") from None
    package = Package(display, {}, {}, {}, {})
    if "[Content_Types].xml" not in raw:
        raise package.error("is not a PowerPoint file (it has no [Content_Types].xml)")
    package.blobs = raw
    types = package.root("[Content_Types].xml")
    del package.xml["[Content_Types].xml"], raw["[Content_Types].xml"]
    for element in types:
        if element.tag == f"{{{_CT}}}Default":
            package.defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
        elif element.tag == f"{{{_CT}}}Override":
            package.overrides[element.get("PartName", "").lstrip("/")] = element.get("ContentType", "")
    for name in [n for n in raw if _is_rels(n)]:
        package.rels[_rels_source(name)] = _parse_rels(package, name)
        del raw[name]
        package.xml.pop(name, None)
    return package


def _unpack(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """Return one member's bytes, decompressing no more than the size its directory entry gives.

    ``ZipFile.read`` asks zlib for up to 2 GB at once and only then cuts to
    the stated size: a member stating 1,000 bytes that inflates to 500 MB took
    1 GB of memory before its CRC failed. Read with the stated size, zlib
    stops there, and the CRC check fails the same.
    """
    with archive.open(member) as handle:
        return handle.read(member.file_size) if member.file_size else b""


def _parse_rels(package: Package, name: str) -> list[Relationship]:
    root = package.root(name)
    return [
        Relationship(
            element.get("Id", ""),
            element.get("Type", ""),
            element.get("Target", ""),
            element.get("TargetMode", "") == "External",
        )
        for element in root
        if element.tag == f"{{{_PR}}}Relationship"
    ]


def clean_template(data: bytes, display: str) -> tuple[bytes, list[Diagnostic]]:
    """Return a master as a plain, slide-less presentation package, and what was removed, as warnings."""
    package = read_package(data, display)
    main = _main_part(package)
    _remove_active_content(package)
    _remove_external_links(package)
    _remove_slides(package, main)
    _remove_thumbnail(package)
    _check_masters_and_layouts(package, main)
    _check_slide_size(package, main)
    _prune(package)
    _check_single_relationships(package)
    _number_masters_and_layouts(package, main)
    for name in package.blobs:  # every XML part left must be well-formed, entity-free XML
        if package.is_xml(name):
            _check_numbers(package, name, package.root(name))  # parsed once: changed ones are cached
    return package.to_bytes(), _warnings(package)


_WHOLE = re.compile(r"-?[0-9]{1,19}")
"""A whole number as the schema writes one (a 64-bit integer at most)."""
_COORDINATE = (-27_273_042_329_600, 27_273_042_316_900)
_LENGTH = (0, 27_273_042_316_900)
_INT32 = (-(2**31), 2**31 - 1)
_POINTS = (-400_000, 400_000)
_MARGIN = (0, 51_206_400)
_RANGES = {
    "x": _COORDINATE,
    "y": _COORDINATE,
    "cx": _LENGTH,
    "cy": _LENGTH,
    "rot": _INT32,
    "idx": (0, 2**32 - 1),
    "lIns": _INT32,
    "tIns": _INT32,
    "rIns": _INT32,
    "bIns": _INT32,
    "sz": (100, 400_000),
    "spc": _POINTS,
    "kern": (0, 400_000),
    "baseline": _INT32,
    "marL": _MARGIN,
    "marR": _MARGIN,
    "indent": (-51_206_400, 51_206_400),
    "lvl": (0, 8),
}
"""Each checked attribute's range, as the schema gives it (``sz`` in hundredths of a point, 1 to 4,000)."""
_NUMBERS = {
    (_A, "off"): ("x", "y"),
    (_A, "chOff"): ("x", "y"),
    (_A, "ext"): ("cx", "cy"),
    (_A, "chExt"): ("cx", "cy"),
    (_A, "xfrm"): ("rot",),
    (_P, "xfrm"): ("rot",),
    (_P, "ph"): ("idx",),
    (_P, "notesSz"): ("cx", "cy"),
    (_A, "bodyPr"): ("lIns", "tIns", "rIns", "bIns", "rot"),
    **{(_A, tag): ("sz", "spc", "kern", "baseline") for tag in ("rPr", "defRPr", "endParaRPr")},
    **{
        (_A, tag): ("marL", "marR", "indent", "lvl") for tag in ("pPr", *(f"lvl{n}pPr" for n in range(1, 10)))
    },
}
"""Attributes the schema makes whole numbers that python-pptx and the plan read as such, by element.

(The slide size is checked on its own, :func:`_check_slide_size`.)
"""
_NUMBERED = [f"{{{namespace}}}{local}" for namespace, local in _NUMBERS]


def _misfit(value: str, attribute: str) -> str:
    """Return what is wrong with ``value`` for ``attribute``, if anything: not whole, or out of range."""
    if not _WHOLE.fullmatch(value):
        return "is not a whole number"
    low, high = _RANGES[attribute]
    return "" if low <= int(value) <= high else f"is out of range ({low:,} to {high:,})"


def _check_numbers(package: Package, name: str, root: etree._Element) -> None:
    """Make sure a part's positions, sizes, turns and indices are whole numbers in the schema's ranges.

    python-pptx and the plan read them with ``int()`` wherever they meet
    them, so a ``cy="lots"`` (or a number of 5,000 digits) in a layout was an
    internal ValueError in every command; python-pptx refuses to write a
    size or an inset out of range (``sz="1"``, a 64-bit inset), a size of 0
    divided by zero and one of 2^63 points took 3.7 GB. PowerPoint refuses
    such a file too. A drawing that is no placeholder (a logo, a band) is
    removed with the warning, as a broken one is; anywhere else the part is
    refused, naming the value.
    """
    damaged: list[etree._Element] = []
    for element in root.iter(*_NUMBERED):  # lxml picks the elements: a flood of others costs no Python
        wrong = [
            (attribute, value, said)
            for attribute in _NUMBERS.get(_qualified(element), ())
            if (value := element.get(attribute)) is not None and (said := _misfit(value, attribute))
        ]
        if not wrong:
            continue
        drawing = _drawing_of(element, root)
        if drawing is None:
            attribute, value, said = wrong[0]
            tag = etree.QName(element).localname
            raise package.error(f'part {name}: <{tag} {attribute}="{shorten(value, 40)}"> {said}')
        damaged.append(drawing)
    for drawing in damaged:
        if drawing.getparent() is not None:
            named = drawing.find(f"./*/{{{_P}}}cNvPr")
            package.note("damaged shapes", named.get("name", "") if named is not None else name)
            _remove_enclosing(root, drawing)


def _drawing_of(element: etree._Element, root: etree._Element) -> etree._Element | None:
    """Return the outermost drawing holding ``element`` when none of it is a placeholder, else None."""
    node: etree._Element | None = element
    outermost = None
    while node is not None and node is not root:
        if node.tag in _SHAPES:
            outermost = node
        node = node.getparent()
    if outermost is None or outermost.find(f".//{{{_P}}}ph") is not None:
        return None
    return outermost


def _qualified(element: etree._Element) -> tuple[str, str]:
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return "", ""
    namespace, _, local = tag[1:].partition("}")
    return namespace, local


def _main_part(package: Package) -> str:
    main = next((r for r in package.rels.get("", []) if r.type == _OFFICE_DOCUMENT and not r.external), None)
    if main is None or main.part("") not in package.blobs:
        raise package.error("is not a PowerPoint file (it has no main document)")
    name = main.part("")
    kind = package.content_type(name)
    if kind not in _MAIN_TYPES:
        raise package.error(
            f"is not a PowerPoint presentation or template (its main part is {kind or 'untyped'})"
        )
    if package.root(name).tag != f"{{{_P}}}presentation":
        raise package.error(f"is not a PowerPoint presentation or template (its main part {name} is not one)")
    package.overrides[name] = _PRESENTATION  # a .potx, .pptm or .ppsx master becomes a plain deck
    return name


def _remove_active_content(package: Package) -> None:
    for source, rels in list(package.rels.items()):
        for rel in [r for r in rels if r.type in _ACTIVE_CONTENT]:
            package.note(_ACTIVE_CONTENT[rel.type], rel.target)
            _drop_relationship(package, source, rel)
    for name in list(package.blobs):
        kind = package.content_type(name)
        if "vbaProject" in kind or "vbaData" in kind or name.lower().endswith("vbaproject.bin"):
            package.note("macros", name)
            _drop_part(package, name)


def _remove_external_links(package: Package) -> None:
    """Remove links outside the package, but for web and mail hyperlinks (followed only when clicked)."""
    for source, rels in list(package.rels.items()):
        for rel in [r for r in rels if r.external]:
            if rel.type == _HYPERLINK and rel.target.lower().startswith(_SAFE_LINK_SCHEMES):
                continue
            package.note("external links", rel.target)
            _drop_relationship(package, source, rel)


def _remove_slides(package: Package, main: str) -> None:
    """Remove the template's slides and every reference to them, so no part is left pointing at one."""
    slides = {rel.part(main) for rel in package.rels.get(main, []) if rel.type == _SLIDE and not rel.external}
    slides |= {n for n in package.blobs if package.content_type(n).endswith("presentationml.slide+xml")}
    presentation = package.root(main)
    for tag in ("sldIdLst", "custShowLst"):
        for element in presentation.findall(f"{{{_P}}}{tag}"):
            presentation.remove(element)
    for section_list in list(presentation.iter(f"{{{_P14}}}sectionLst")):
        ext = section_list.getparent()
        ext.getparent().remove(ext)
    for source, rels in list(package.rels.items()):
        for rel in [r for r in rels if not r.external and r.part(source) in slides]:
            _drop_relationship(package, source, rel)
    for name in slides:
        _drop_part(package, name)
    for name in [
        n for n in package.blobs if package.content_type(n).endswith("presentationml.presProps+xml")
    ]:
        for show in package.root(name).iter(f"{{{_P}}}showPr"):
            for element in show.findall(f"{{{_P}}}custShow") + show.findall(f"{{{_P}}}sldRg"):
                show.remove(element)


def _remove_thumbnail(package: Package) -> None:
    for rel in [r for r in package.rels.get("", []) if r.type == _THUMBNAIL]:
        _drop_relationship(package, "", rel)


_MASTER_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"
_LAYOUT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"


def _check_masters_and_layouts(package: Package, main: str) -> None:
    """Refuse a package whose masters and layouts do not hang together, naming the part at fault.

    The presentation lists its slide masters, each master its layouts, and
    each layout names its one master. python-pptx follows these links
    without asking: a layout that names itself (or another layout) as its
    master recurses without end, and a missing master or layout part is a
    ``KeyError`` deep inside it.
    """
    masters = _listed(package, main, "sldMasterId", _RT + "slideMaster", _MASTER_TYPE, "slide master")
    _once(package, masters, "slide master")
    every_layout: list[str] = []
    for master in masters:
        layouts = _listed(package, master, "sldLayoutId", _RT + "slideLayout", _LAYOUT_TYPE, "layout")
        every_layout += layouts
        _once(package, every_layout, "layout")
        for layout in layouts:
            named = [
                r for r in package.rels.get(layout, []) if r.type == _RT + "slideMaster" and not r.external
            ]
            if len(named) != 1:
                raise package.error(f"layout {layout} names {len(named)} slide masters; it needs exactly one")
            target = named[0].part(layout)
            if target not in package.blobs:
                raise package.error(f"layout {layout} names the slide master {target}, which is missing")
            if package.content_type(target) != _MASTER_TYPE:
                raise package.error(f"layout {layout} names {target} as its slide master, which is not one")


def _once(package: Package, parts: list[str], what: str) -> None:
    """Refuse a master or layout listed twice: python-pptx reads it once per listing.

    One layout listed 200,000 times in a 500 kB master was 200,000 layouts
    to read, and the slides edition never finished.
    """
    seen: set[str] = set()
    for part in parts:
        if part in seen:
            raise package.error(f"lists the {what} {part} twice; it is damaged")
        seen.add(part)


MIN_SLIDE_SIDE = 914_400
"""The shortest side of a slide PowerPoint allows, in EMU (1 in)."""
MAX_SLIDE_SIDE = 51_206_400
"""The longest side of a slide PowerPoint allows, in EMU (56 in)."""


def _check_slide_size(package: Package, main: str) -> None:
    """Refuse a slide size PowerPoint would not make (1 to 56 in a side), or none.

    A 1 EMU slide built a deck with every word off its slides, a missing
    size one of zero; a slide a million inches wide painted for seconds.
    """
    size = package.root(main).find(f"{{{_P}}}sldSz")
    values = [size.get(side, "") for side in ("cx", "cy")] if size is not None else []
    sides = [int(value) if _WHOLE.fullmatch(value) else 0 for value in values]
    if len(sides) != 2 or not all(MIN_SLIDE_SIDE <= side <= MAX_SLIDE_SIDE for side in sides):
        said = " x ".join(f"{side / 914_400:.3g} in" for side in sides) or "none"
        raise package.error(f"its slide size ({said}) is not one PowerPoint makes: each side from 1 to 56 in")


def _listed(
    package: Package, source: str, tag: str, rel_type: str, content_type: str, what: str
) -> list[str]:
    """Return the parts ``source`` lists in its ``tag`` entries, refusing an entry that leads nowhere.

    A part listed must be of its kind by content type and by its XML (a
    ``<junk/>`` typed as a layout was an internal AttributeError).
    """
    element = {"slide master": "sldMaster", "layout": "sldLayout"}[what]
    rels = {r.id: r for r in package.rels.get(source, []) if not r.external}
    parts = []
    for entry in package.root(source).iter(f"{{{_P}}}{tag}"):
        rel = rels.get(entry.get(f"{{{_R}}}id", ""))
        if rel is None or rel.type != rel_type:
            raise package.error(f"{source} lists a {what} ({entry.get(f'{{{_R}}}id')}) it has no link to")
        target = rel.part(source)
        if target not in package.blobs:
            raise package.error(f"{source} lists the {what} {target}, which is missing")
        if package.content_type(target) != content_type or package.root(target).tag != f"{{{_P}}}{element}":
            raise package.error(f"{source} lists {target} as a {what}, which it is not")
        parts.append(target)
    return parts


_SINGLE = {_RT + kind for kind in ("theme", "notesMaster", "presProps", "viewProps", "tableStyles")}
"""Relationships a part has at most one of: python-pptx looks each up by its type alone."""


def _check_single_relationships(package: Package) -> None:
    """Refuse a part with two themes (or two of another kind it may have one of), naming it.

    python-pptx raises an internal ValueError ("multiple relationships of
    type ...") when it asks for the one; a layout's master is checked first,
    by :func:`_check_masters_and_layouts`.
    """
    for source, rels in package.rels.items():
        kinds = [rel.type for rel in rels if rel.type in _SINGLE and not rel.external]
        for kind in set(kinds):
            if kinds.count(kind) > 1:
                name = kind.rsplit("/", 1)[-1]
                said = f"part {source or 'package'} links {kinds.count(kind)} parts as its {name}"
                raise package.error(f"{said}; it may have one")


def _number_masters_and_layouts(package: Package, main: str) -> None:
    """Give every slide master and layout a unique id of the range PowerPoint wants (2^31 and up).

    Masters made by hand or by tools often repeat ids or leave them out, which
    PowerPoint repairs; python-pptx copies them as they are.
    """
    next_id = 2_147_483_648
    lists = [(main, "sldMasterId")]
    lists += [
        (rel.part(main), "sldLayoutId")
        for rel in package.rels.get(main, [])
        if rel.type == _RT + "slideMaster"
    ]
    for name, tag in lists:
        if name not in package.blobs:
            continue
        for entry in package.root(name).iter(f"{{{_P}}}{tag}"):
            entry.set("id", str(next_id))
            next_id += 1


def _prune(package: Package) -> None:
    """Remove every part no relationship reaches from the package root, and relationships to missing parts."""
    reached: set[str] = set()
    todo = [""]
    while todo:
        source = todo.pop()
        for rel in list(package.rels.get(source, [])):
            if rel.external:
                continue
            target = rel.part(source)
            if target not in package.blobs:
                package.note("broken references", f"{source or 'package'} -> {rel.target}")
                _drop_relationship(package, source, rel)
            elif target not in reached:
                reached.add(target)
                todo.append(target)
    for name in [n for n in package.blobs if n not in reached]:
        _drop_part(package, name)


def _drop_part(package: Package, name: str) -> None:
    package.blobs.pop(name, None)
    package.xml.pop(name, None)
    package.rels.pop(name, None)
    package.overrides.pop(name, None)


def _drop_relationship(package: Package, source: str, rel: Relationship) -> None:
    """Remove a relationship and what in its source part refers to it (a hyperlink, a picture, a shape)."""
    package.rels[source] = [r for r in package.rels[source] if r is not rel]
    if source == "" or source not in package.blobs or not package.is_xml(source):
        return
    root = package.root(source)
    for element, attribute in list(_references(root, rel.id)):
        if element.getparent() is None and element is not root:
            continue  # already gone with an enclosing shape
        local = etree.QName(element).localname
        if local.startswith("hlink"):
            element.getparent().remove(element)
        elif local == "blip" and attribute == f"{{{_R}}}link" and element.get(f"{{{_R}}}embed"):
            del element.attrib[attribute]
        else:
            _remove_enclosing(root, element)


def _references(root: etree._Element, rel_id: str) -> Iterator[tuple[etree._Element, str]]:
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if value == rel_id and attribute.startswith(f"{{{_R}}}"):
                yield element, attribute


def _remove_enclosing(root: etree._Element, element: etree._Element) -> None:
    """Remove the drawing object holding ``element`` (with its compatibility wrapper), else the element."""
    target = element
    node: etree._Element | None = element
    while node is not None and node is not root:
        if node.tag in _SHAPES:
            target = node
            break
        node = node.getparent()
    wrapper = target.getparent()
    while wrapper is not None and wrapper.tag in (f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback"):
        target = wrapper.getparent()
        wrapper = target.getparent()
    parent = target.getparent()
    if parent is not None:
        parent.remove(target)
        if parent.tag == f"{{{_P}}}controls" and len(parent) == 0:
            parent.getparent().remove(parent)  # the schema wants at least one control in the list


def _warnings(package: Package) -> list[Diagnostic]:
    if not package.removed:
        return []
    parts = []
    for kind, items in sorted(package.removed.items()):
        shown = ", ".join(shorten(item, 60) for item in items[:3])
        more = f" and {len(items) - 3} more" if len(items) > 3 else ""
        parts.append(f"{kind} ({shown}{more})")
    return [Diagnostic(package.display, None, f"removed from the deck: {'; '.join(parts)}")]


def _xml_bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _is_rels(name: str) -> bool:
    return name.endswith(".rels") and (name.startswith("_rels/") or "/_rels/" in name)


def _rels_source(name: str) -> str:
    folder, file = posixpath.split(name)
    owner_folder = posixpath.dirname(folder)
    source = file[: -len(".rels")]
    return posixpath.join(owner_folder, source) if source else ""


def _rels_name(source: str) -> str:
    if source == "":
        return "_rels/.rels"
    folder, file = posixpath.split(source)
    return posixpath.join(folder, "_rels", file + ".rels")


def _rels_xml(rels: list[Relationship]) -> bytes:
    root = etree.Element(f"{{{_PR}}}Relationships", nsmap={None: _PR})
    for rel in rels:
        element = etree.SubElement(
            root, f"{{{_PR}}}Relationship", Id=rel.id, Type=rel.type, Target=rel.target
        )
        if rel.external:
            element.set("TargetMode", "External")
    return _xml_bytes(root)
