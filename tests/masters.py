"""Deck masters made the way real corporate ones are, not the way briefpub's own is.

``corporate_master()`` starts from python-pptx's 4:3 default and adds a
second slide master with German layout names, fonts set in the master's text
styles (not the theme), ``cap="all"`` titles, a layout with the title beside
the body, one whose body grows with its text, one whose body is a thin strip (no autofit),
and slide number, footer and date placeholders.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.util import Emu

CT_LAYOUT = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"
CT_MASTER = "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
EMU_PER_INCH = 914400
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def _xfrm(x: float, y: float, w: float, h: float) -> str:
    return (
        f'<a:xfrm><a:off x="{int(x * EMU_PER_INCH)}" y="{int(y * EMU_PER_INCH)}"/>'
        f'<a:ext cx="{int(w * EMU_PER_INCH)}" cy="{int(h * EMU_PER_INCH)}"/></a:xfrm>'
    )


def _placeholder(
    shape_id: int, name: str, ph: str, box: tuple[float, float, float, float], body: str = ""
) -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>{_xfrm(*box)}</p:spPr>"
        f"<p:txBody>{body or '<a:bodyPr/>'}<a:lstStyle/>"
        '<a:p><a:endParaRPr lang="de-DE"/></a:p></p:txBody></p:sp>'
    )


def sized_title(shape_id: int, box: tuple[float, float, float, float], size: float) -> str:
    """A title placeholder at the layout's own ``size`` in points (a caption layout's 20, a closing one's)."""
    return sized(_placeholder(shape_id, "Eigener Titel", TITLE, box), size)


def sized(shape: str, size: float) -> str:
    """Return a placeholder from :func:`_placeholder` with the layout's own text size, in points."""
    return shape.replace(
        "<a:lstStyle/>", f'<a:lstStyle><a:lvl1pPr><a:defRPr sz="{int(size * 100)}"/></a:lvl1pPr></a:lstStyle>'
    )


def _layout(name: str, shapes: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<p:sldLayout xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" preserve="1">'
        f'<p:cSld name="{name}"><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
        "</p:nvGrpSpPr><p:grpSpPr/>"
        f"{shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    ).encode()


FURNITURE = (
    _placeholder(20, "Datum", '<p:ph type="dt" sz="half" idx="10"/>', (0.4, 7.0, 2.0, 0.35))
    + _placeholder(21, "Fußzeile", '<p:ph type="ftr" sz="quarter" idx="11"/>', (3.0, 7.0, 4.0, 0.35))
    + _placeholder(22, "Foliennummer", '<p:ph type="sldNum" sz="quarter" idx="12"/>', (7.6, 7.0, 2.0, 0.35))
)
TITLE = '<p:ph type="title"/>'
NO_AUTOFIT = "<a:bodyPr><a:noAutofit/></a:bodyPr>"
"""python-pptx's default master autofits its body: a layout says ``noAutofit`` to stay a strip."""
BODY = '<p:ph idx="1"/>'
GERMAN_LAYOUTS = {
    # name: shapes
    "Titelfolie": _placeholder(2, "Titel", '<p:ph type="ctrTitle"/>', (0.8, 2.0, 8.4, 1.6))
    + _placeholder(3, "Untertitel", '<p:ph type="subTitle" idx="1"/>', (0.8, 3.8, 8.4, 1.2)),
    "Titel und Inhalt": _placeholder(2, "Titel", TITLE, (0.5, 0.4, 9.0, 1.0))
    + _placeholder(3, "Inhalt", BODY, (0.5, 1.6, 9.0, 5.1))
    + FURNITURE,
    "Title Slide": _placeholder(2, "Titel", '<p:ph type="ctrTitle"/>', (0.8, 2.0, 8.4, 1.6)),
    "Zweispaltig": _placeholder(2, "Titel links", TITLE, (0.4, 0.6, 3.0, 5.8))
    + _placeholder(3, "Text rechts", BODY, (3.8, 0.6, 5.8, 5.8))
    + FURNITURE,
    # A body that grows with its text (spAutoFit): its room reaches down to the furniture.
    "Wachsend": _placeholder(2, "Titel", TITLE, (0.5, 0.4, 9.0, 1.0))
    + _placeholder(3, "Wachsender Text", BODY, (0.5, 1.6, 8.0, 0.5), "<a:bodyPr><a:spAutoFit/></a:bodyPr>")
    + FURNITURE,
    # A thin strip that does not autofit (the master's body would): the box is what the layout draws.
    "Schmal": _placeholder(2, "Titel", TITLE, (0.5, 0.4, 9.0, 1.0))
    + _placeholder(3, "Streifen", BODY, (0.5, 1.6, 9.0, 0.3), NO_AUTOFIT),
}
FIGURE_LAYOUT = {
    # A question beside its figure, with a caption box under the picture (``figure_layout=True``).
    "Abbildung mit Legende": _placeholder(2, "Titel", TITLE, (0.5, 0.4, 9.0, 1.0))
    + _placeholder(3, "Text", BODY, (0.5, 1.6, 4.3, 5.1))
    + _placeholder(4, "Bild", '<p:ph type="pic" idx="2"/>', (5.1, 1.6, 4.4, 4.2))
    + _placeholder(5, "Legende", '<p:ph type="body" sz="quarter" idx="3"/>', (5.1, 5.9, 4.4, 0.7))
    + FURNITURE,
}
ROOMLESS_LAYOUTS = {
    # Layouts that waste a question's room: a picture box left of the text, and a 0.5 in text strip
    # (two lines at the body minimum on this 10 in slide, 10.5 pt: less than most first sentences).
    "Bild links": _placeholder(2, "Titel", TITLE, (0.5, 0.4, 9.0, 1.0))
    + _placeholder(3, "Bild", '<p:ph type="pic" idx="2"/>', (0.5, 1.6, 4.3, 5.1))
    + _placeholder(4, "Text rechts", BODY, (5.1, 1.6, 4.4, 5.1)),
    "Untertitelstreifen": _placeholder(2, "Titel", TITLE, (0.5, 0.4, 9.0, 1.0))
    + _placeholder(3, "Streifen", BODY, (0.5, 1.6, 9.0, 0.5), NO_AUTOFIT),
}
MASTER_FONT = "DejaVu Sans"
"""Set in the second master's text styles only: the theme still says Calibri."""


def _second_master(first: bytes, caps: bool, font: str | None) -> str:
    """Return the first master's XML made into the second: own name, text styles, no layouts yet."""
    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main", "a": A}
    root = etree.fromstring(first)
    root.find("p:cSld", ns).set("name", "Hausvorlage")
    id_list = root.find("p:sldLayoutIdLst", ns)
    for entry in list(id_list):
        id_list.remove(entry)
    title = root.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr", ns)
    title.set("sz", "3200")
    if caps:
        title.set("cap", "all")
    for latin in root.iter(f"{{{A}}}latin"):  # in the text styles, not the theme
        if font and latin.get("typeface", "").startswith("+"):
            latin.set("typeface", font)
    return str(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode())


def corporate_master(
    folder: Path,
    caps: bool = True,
    font: str | None = MASTER_FONT,
    figure_layout: bool = False,
    layouts: dict[str, str] | None = None,
) -> Path:
    """Return a 4:3 .pptx with two slide masters, the second as described in this module's docstring.

    ``caps`` and ``font`` switch off the second master's capitals and its own
    typeface, so a test can show that each is measured; ``figure_layout`` adds
    a layout for a question beside its figure, with a caption box; ``layouts``
    adds more (name: placeholder XML, see :data:`ROOMLESS_LAYOUTS`).
    """
    first = folder / "one-master.pptx"
    Presentation().save(str(first))
    with zipfile.ZipFile(first) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}

    master = _second_master(parts["ppt/slideMasters/slideMaster1.xml"], caps, font)
    layout_entries, master_rels = (
        [],
        ['<Relationship Id="rId99" Type="' + RT + 'theme" Target="../theme/theme1.xml"/>'],
    )
    content_types = parts["[Content_Types].xml"].decode()
    extra = ("-figure" if figure_layout else "") + "".join(f"-{len(name)}" for name in layouts or {})
    layouts = {**GERMAN_LAYOUTS, **(FIGURE_LAYOUT if figure_layout else {}), **(layouts or {})}
    for number, (name, shapes) in enumerate(layouts.items(), start=20):
        parts[f"ppt/slideLayouts/slideLayout{number}.xml"] = _layout(name, shapes)
        parts[f"ppt/slideLayouts/_rels/slideLayout{number}.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RT}slideMaster" Target="../slideMasters/slideMaster2.xml"/>'
            "</Relationships>"
        ).encode()
        master_rels.append(
            f'<Relationship Id="rId{number}" Type="{RT}slideLayout" '
            f'Target="../slideLayouts/slideLayout{number}.xml"/>'
        )
        layout_entries.append(f'<p:sldLayoutId id="{2147483700 + number}" r:id="rId{number}"/>')
        content_types = content_types.replace(
            "</Types>",
            f'<Override PartName="/ppt/slideLayouts/slideLayout{number}.xml" '
            f'ContentType="{CT_LAYOUT}"/></Types>',
        )
    master = re.sub(
        r"<p:sldLayoutIdLst\s*/>", f"<p:sldLayoutIdLst>{''.join(layout_entries)}</p:sldLayoutIdLst>", master
    )
    parts["ppt/slideMasters/slideMaster2.xml"] = master.encode()
    parts["ppt/slideMasters/_rels/slideMaster2.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(master_rels)
        + "</Relationships>"
    ).encode()
    parts["[Content_Types].xml"] = content_types.replace(
        "</Types>",
        f'<Override PartName="/ppt/slideMasters/slideMaster2.xml" ContentType="{CT_MASTER}"/></Types>',
    ).encode()
    presentation = parts["ppt/presentation.xml"].decode()
    presentation = presentation.replace(
        "</p:sldMasterIdLst>", '<p:sldMasterId id="2147483690" r:id="rId90"/></p:sldMasterIdLst>'
    )
    parts["ppt/presentation.xml"] = presentation.encode()
    rels = parts["ppt/_rels/presentation.xml.rels"].decode()
    parts["ppt/_rels/presentation.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rId90" Type="{RT}slideMaster" '
        'Target="slideMasters/slideMaster2.xml"/></Relationships>',
    ).encode()

    path = folder / f"corporate{'-caps' if caps else ''}-{font or 'theme'}{extra}.pptx"
    path = path.with_name(path.name.replace(" ", "-"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob)
    return path


DARK_GREEN = "0B2E1F"
LOGO_BOX = (8.4, 0.35, 1.0, 0.6)
"""Where the dark master's logo sits, in inches: inside the top right corner of every title box."""
BAND_BOX = (7.9, 5.9, 1.6, 1.4)
"""And its decorative band: inside the bottom right corner of every body box."""


def _shape_xml(shape_id: int, name: str, box: tuple[float, float, float, float], fill: str) -> str:
    return (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        f"<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(*box)}"
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill></p:spPr></p:sp>'
    )


def _picture_xml(shape_id: int, name: str, box: tuple[float, float, float, float], rel: str) -> str:
    return (
        f'<p:pic xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{RT[:-1]}"><p:nvPicPr>'
        f'<p:cNvPr id="{shape_id}" name="{name}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr>{_xfrm(*box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )


STRIPES = (
    '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="000000"/></a:gs>'
    '<a:gs pos="100000"><a:srgbClr val="FFFFFF"/></a:gs></a:gsLst><a:lin ang="0"/></a:gradFill>'
)
"""A background from black on the left to white on the right: no one colour reads over all of it."""


RULE_BOX = (0.5, 1.6, 9.0, 0.03)
"""The dark master's optional rule: across the slide between the title and the body."""


def dark_master(
    folder: Path, logo: bool = True, background: str = "", photo: bool = False, rule: bool = False
) -> Path:
    """Return a 4:3 master on a dark green background, the way dark corporate masters are made.

    Titles and body text are set light in the master's text styles, but the
    theme stays light-on-dark unaware: ``tx1`` is still near black, so a plain
    text box (a source line), the footer and the theme's hyperlink colour are
    dark on dark unless someone measures them. A logo picture sits inside the
    title box's top right corner and an accent band inside the body box's
    bottom right corner, on the master, as corporate masters place them.
    ``background`` replaces the green with another fill (DrawingML XML);
    ``photo`` with a dark, grainy picture, as masters with a photograph have;
    ``rule`` draws a line between the title and the body.
    """
    from PIL import Image

    deck = Presentation()
    master = deck.slide_master
    root = master._element
    bg = etree.fromstring(
        f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgPr>'
        + (background or f'<a:solidFill><a:srgbClr val="{DARK_GREEN}"/></a:solidFill>')
        + "<a:effectLst/></p:bgPr></p:bg>"
    )
    if photo:
        import random

        grain = random.Random(7)
        picture = Image.new("RGB", (320, 240))
        picture.putdata(
            [
                (grain.randrange(0, 40), grain.randrange(20, 60), grain.randrange(10, 45))
                for _ in range(320 * 240)
            ]
        )
        picture.save(folder / "photo.png")
        _, photo_rel = master.part.get_or_add_image_part(str(folder / "photo.png"))
        background = (
            f'<a:blipFill xmlns:r="{RT[:-1]}"><a:blip r:embed="{photo_rel}"/>'
            "<a:stretch><a:fillRect/></a:stretch></a:blipFill>"
        )
    c_sld = root.find(f"{{{P}}}cSld")
    for old in c_sld.findall(f"{{{P}}}bg"):
        c_sld.remove(old)
    c_sld.insert(0, bg)
    for style, value in (("titleStyle", "FFFFFF"), ("bodyStyle", "E8F0EC")):
        for defaults in root.iter(f"{{{P}}}{style}"):
            for fill in defaults.iter(f"{{{A}}}solidFill"):
                for child in list(fill):
                    fill.remove(child)
                etree.SubElement(fill, f"{{{A}}}srgbClr", val=value)
    tree = c_sld.find(f"{{{P}}}spTree")
    tree.append(etree.fromstring(_shape_xml(90, "Accent band", BAND_BOX, "2E7D57")))
    if rule:
        tree.append(etree.fromstring(_shape_xml(92, "Title rule", RULE_BOX, "C9D6CF")))
    if logo:
        image = folder / "logo.png"
        Image.new("RGB", (200, 120), (230, 190, 40)).save(image)
        _, rel = master.part.get_or_add_image_part(str(image))
        tree.append(etree.fromstring(_picture_xml(91, "Company logo", LOGO_BOX, rel)))
    parts = [("logo", logo), ("fill", bool(background) and not photo), ("photo", photo), ("rule", rule)]
    path = folder / ("dark" + "".join(f"-{name}" for name, wanted in parts if wanted) + ".pptx")
    deck.save(str(path))
    return path


ARC_BOX = (12.1, 0.0, 1.2, 0.6)
"""A decorative arc in the top right corner, reaching into the slide number's box from above."""
BAND = (0.0, 7.1, 13.333, 0.4)
"""A footer band along the bottom edge: the date sits on it (its box 0.005 in taller than the band)."""
FURNITURE_BOXES = {
    "sldNum": (12.0, 0.35, 1.0, 0.35),
    "dt": (9.2, 7.1, 2.0, 0.405),
    # A footer set up the right edge: a 4 in box turned 270 degrees about its centre (13.1, 3.75).
    "ftr": (11.1, 3.575, 4.0, 0.35),
}


def furniture_master(
    folder: Path, vertical: str = "", footer: tuple[float, float, float, float] | None = None
) -> Path:
    """Return a 16:9 master whose furniture sits as real ones place it: on a band, by an arc, on its side.

    The slide number's box has an arc reaching into its top (keeping clear of
    it left a 0.08 in box), the date's box lies on the footer band but is a
    hair taller (the cut below the band is 0.005 in), and the footer is
    turned 270 degrees to run up the right edge (``vertical`` sets it
    upright with ``bodyPr vert`` in a tall box instead; ``footer`` puts it,
    unturned, in another box).
    """
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(int(13.333 * EMU_PER_INCH)), Emu(int(7.5 * EMU_PER_INCH))
    master = deck.slide_master
    tree = master._element.find(f"{{{P}}}cSld/{{{P}}}spTree")
    tree.append(etree.fromstring(_shape_xml(80, "Decorative arc", ARC_BOX, "1F6FB2")))
    tree.append(etree.fromstring(_shape_xml(81, "Footer band", BAND, "DCE6F0")))
    for root in [master._element, *(layout._element for layout in master.slide_layouts)]:
        for sp in root.iter(f"{{{P}}}sp"):
            ph = sp.find(f"{{{P}}}nvSpPr/{{{P}}}nvPr/{{{P}}}ph")
            kind = ph.get("type") if ph is not None else None
            if kind not in FURNITURE_BOXES:
                continue
            box = FURNITURE_BOXES[kind]
            if kind == "ftr" and vertical:
                box = (13.1 - 0.175, 1.75, 0.35, 4.0)
            if kind == "ftr" and footer:
                box = footer
            properties = sp.find(f"{{{P}}}spPr")
            for old in properties.findall(f"{{{A}}}xfrm"):
                properties.remove(old)
            xfrm = etree.fromstring(_xfrm(*box).replace("<a:xfrm>", f'<a:xfrm xmlns:a="{A}">'))
            if kind == "ftr" and not vertical and not footer:
                xfrm.set("rot", "16200000")
            properties.insert(0, xfrm)
            if kind == "ftr" and vertical:
                body = sp.find(f"{{{P}}}txBody/{{{A}}}bodyPr")
                if body is not None:
                    body.set("vert", vertical)
    path = folder / f"furniture{'-' + vertical if vertical else ''}{'-moved' if footer else ''}.pptx"
    deck.save(str(path))
    return path


DARK_TEAL = "0F3D3E"


def duotone_master(folder: Path) -> Path:
    """Return a master whose background is a theme background style: a light photograph in a teal duotone.

    The master says ``<p:bgRef idx="1003">`` with a dark teal; the theme's
    third background fill style is a picture (related to the theme part, not
    the master) recoloured by ``duotone`` from black to that ``phClr``: drawn
    dark teal, though the picture itself is nearly white. The template's
    titles and text are white, as such masters set them.
    """
    from PIL import Image
    from pptx.opc.constants import RELATIONSHIP_TYPE
    from pptx.parts.image import Image as PictureFile
    from pptx.parts.image import ImagePart

    deck = Presentation()
    master = deck.slide_master
    picture = folder / "pale-photo.png"
    Image.new("RGB", (160, 90), (236, 240, 238)).save(picture)
    theme = master.part.part_related_by(RELATIONSHIP_TYPE.THEME)
    image = ImagePart.new(deck.part.package, PictureFile.from_file(str(picture)))
    rel = theme.relate_to(image, RELATIONSHIP_TYPE.IMAGE)
    root = etree.fromstring(theme.blob)
    styles = root.find(f".//{{{A}}}bgFillStyleLst")
    styles[2] = etree.fromstring(
        f'<a:blipFill xmlns:a="{A}" xmlns:r="{RT[:-1]}" rotWithShape="1"><a:blip r:embed="{rel}">'
        '<a:duotone><a:prstClr val="black"/><a:schemeClr val="phClr"/></a:duotone></a:blip>'
        "<a:stretch><a:fillRect/></a:stretch></a:blipFill>"
    )
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    c_sld = master._element.find(f"{{{P}}}cSld")
    for old in c_sld.findall(f"{{{P}}}bg"):
        c_sld.remove(old)
    c_sld.insert(
        0,
        etree.fromstring(
            f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgRef idx="1003">'
            f'<a:srgbClr val="{DARK_TEAL}"/></p:bgRef></p:bg>'
        ),
    )
    for style in ("titleStyle", "bodyStyle"):
        for defaults in master._element.iter(f"{{{P}}}{style}"):
            for fill in defaults.iter(f"{{{A}}}solidFill"):
                for child in list(fill):
                    fill.remove(child)
                etree.SubElement(fill, f"{{{A}}}srgbClr", val="FFFFFF")
    path = folder / "duotone.pptx"
    deck.save(str(path))
    return path


PALE_ACCENT = "ADDDE0"
PALE_LIGHT = "F1F9F7"


def pale_accent_master(folder: Path, styles: str = "") -> Path:
    """Return a master whose first accent is a pale teal and whose ``lt1`` is near white.

    PowerPoint's default table style (Medium Style 2 - Accent 1) draws its
    header row in ``lt1`` on ``accent1``: here 1.4:1, unreadable. ``styles``
    replaces ``tableStyles.xml`` (a master that defines its own style).
    """
    from pptx.opc.constants import RELATIONSHIP_TYPE

    deck = Presentation()
    theme = deck.slide_master.part.part_related_by(RELATIONSHIP_TYPE.THEME)
    root = etree.fromstring(theme.blob)
    scheme = root.find(f".//{{{A}}}clrScheme")
    for name, value in (("accent1", PALE_ACCENT), ("lt1", PALE_LIGHT)):
        slot = scheme.find(f"{{{A}}}{name}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr", val=value)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if styles:
        deck.part.part_related_by(RELATIONSHIP_TYPE.TABLE_STYLES)._blob = styles.encode()
    path = folder / f"pale-accent{'-styled' if styles else ''}.pptx"
    deck.save(str(path))
    return path


BAKED_LOGO = (10.0, 20.0, 140.0, 40.0)
"""Where the logo baked into :func:`pictured_master`'s background picture lies, in points (left, top, w, h):
over the left of every title box."""


def pictured_master(folder: Path) -> Path:
    """Return a 4:3 master whose background is a pale picture with a red logo drawn into its top left corner.

    The logo is part of the picture, not a shape: nothing in the XML says it
    is there, as on masters made from a designer's full-slide JPEG.
    """
    from PIL import Image, ImageDraw

    width, height = 400, 300  # pixels for 720 x 540 pt
    picture = Image.new("RGB", (width, height), (236, 236, 246))
    draw = ImageDraw.Draw(picture)
    left, top, w, h = (value * width / 720 for value in BAKED_LOGO)
    draw.rectangle((left, top, left + w, top + h), fill=(206, 32, 40))
    draw.rectangle((left + w * 0.3, top + h * 0.3, left + w * 0.7, top + h * 0.7), fill=(250, 200, 40))
    path = folder / "pale-with-logo.png"
    picture.save(path)
    deck = Presentation()
    master = deck.slide_master
    _, rel = master.part.get_or_add_image_part(str(path))
    c_sld = master._element.find(f"{{{P}}}cSld")
    for old in c_sld.findall(f"{{{P}}}bg"):
        c_sld.remove(old)
    c_sld.insert(
        0,
        etree.fromstring(
            f'<p:bg xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{RT[:-1]}"><p:bgPr><a:blipFill>'
            f'<a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill>'
            "<a:effectLst/></p:bgPr></p:bg>"
        ),
    )
    out = folder / "pictured.pptx"
    deck.save(str(out))
    return out


COVER_PHOTO = (0.0, 0.0, 4.2, 7.5)
"""The cover's photograph, in inches: the left third of a 16:9 slide, top to bottom."""
COVER_LOGO = (11.2, 0.4, 1.6, 0.8)
"""And its logo, in the top right corner."""
COVER_SLOT = (6.7, 1.5, 6.6, 5.8)
"""An empty picture placeholder on the cover's right half (the title slide leaves it out)."""


def cover_master(
    folder: Path,
    name: str = "Cover",
    logo: tuple[float, float, float, float] = COVER_LOGO,
    photo: bool = True,
    slot: bool = False,
) -> Path:
    """Return a 16:9 master whose first layout is a cover with a photograph and a logo but no title box.

    python-pptx's "Title Slide" made into the brand's cover as designers
    draw one: its title and subtitle placeholders removed, a photograph down
    the left and a logo top right (pictures of the layout; ``logo`` moves
    it, in inches; without ``photo`` there is none), renamed ``name``; with
    ``slot``, an empty picture placeholder takes the right half, as covers
    that ask the presenter for a photograph have.
    The other layouts keep their titles, so the master's title style is known.
    """
    from PIL import Image

    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(int(13.333 * EMU_PER_INCH)), Emu(int(7.5 * EMU_PER_INCH))
    layout = deck.slide_layouts[0]
    tree = layout._element.find(f"{{{P}}}cSld/{{{P}}}spTree")
    for sp in list(tree.iterfind(f"{{{P}}}sp")):
        tree.remove(sp)
    layout._element.find(f"{{{P}}}cSld").set("name", name)
    photograph, picture = folder / "cover-photo.png", folder / "cover-logo.png"
    Image.new("RGB", (120, 216), (40, 70, 110)).save(photograph)
    Image.new("RGB", (160, 80), (200, 40, 40)).save(picture)
    pictures = [(50, "Photo", COVER_PHOTO, photograph)] if photo else []
    if slot:
        slot_xml = _placeholder(52, "Picture", '<p:ph type="pic" idx="13"/>', COVER_SLOT)
        tree.append(etree.fromstring(slot_xml.replace("<p:sp>", f'<p:sp xmlns:p="{P}" xmlns:a="{A}">', 1)))
    for shape_id, label, box, path in [*pictures, (51, "Logo", logo, picture)]:
        _, rel = layout.part.get_or_add_image_part(str(path))
        tree.append(etree.fromstring(_picture_xml(shape_id, label, box, rel)))
    out = (
        folder
        / f"cover-{len(name)}-{logo[0]:g}-{logo[2]:g}{'' if photo else '-bare'}{'-slot' if slot else ''}.pptx"
    )
    deck.save(str(out))
    return out


STRIP_TITLE = (0.5, 0.23, 9.0, 0.30)
"""A Google Slides export's title box, in inches: one 18 pt line tall, no insets, autofit."""
STRIP_BODY = (0.5, 1.29, 9.0, 0.30)
"""And its body box: the same strip, an inch lower (the room below it is where its text goes)."""
STRIP_FURNITURE = {"dt": (0.5, 5.2, 2.3, 0.3), "ftr": (3.4, 5.2, 3.2, 0.3), "sldNum": (7.2, 5.2, 2.3, 0.3)}
"""Its date, footer and slide number: a band along the foot of the 5.62 in slide."""


STRIP_LOGO = (36.0, 300.0, 110.0, 40.0)
"""Where :func:`google_slides_master`'s optional logo lies in its background picture, in points (left, top,
w, h): under the left of the body strip, in the room it grows into."""


def google_slides_master(
    folder: Path, autofit: str = "normAutofit", anchor: str = "t", logo: bool = False
) -> Path:
    """Return a 10 x 5.62 in master made as Google Slides exports one (corpus ``otelo`` is one).

    Only a title slide and a "Title and Content" layout whose title and body
    are 9.00 x 0.30 in strips (:data:`STRIP_TITLE`, :data:`STRIP_BODY`) in
    18 pt, anchored at ``anchor``, insets 0, with ``autofit`` (``normAutofit``,
    ``spAutoFit`` or ``noAutofit``) in their ``bodyPr``; the master's own body
    is tall and does not autofit. Planned in the strips, not one 20 pt line fits.
    With ``logo``, the background is a pale picture with a logo drawn into it
    at :data:`STRIP_LOGO` (nothing in the XML says it is there).
    """
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(9144000), Emu(5143500)
    master = deck.slide_master
    for layout in list(master.slide_layouts):
        if layout.name not in ("Title Slide", "Title and Content"):
            master.slide_layouts.remove(layout)
    strip = (
        f'<a:bodyPr xmlns:a="{A}" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}">'
        f"<a:{autofit}/></a:bodyPr>"
    )
    boxes = {
        ("master", "title"): (STRIP_TITLE, strip),
        ("master", "body"): ((0.5, 1.31, 9.0, 3.9), f'<a:bodyPr xmlns:a="{A}"><a:noAutofit/></a:bodyPr>'),
        ("Title and Content", "title"): (STRIP_TITLE, strip),
        ("Title and Content", "obj"): (STRIP_BODY, strip),
        ("Title Slide", "ctrTitle"): ((0.75, 1.4, 8.5, 1.2), ""),
        ("Title Slide", "subTitle"): ((1.5, 2.8, 7.0, 1.3), ""),
    }
    for where, root in [
        ("master", master._element),
        *((lay.name, lay._element) for lay in master.slide_layouts),
    ]:
        for sp in root.iter(f"{{{P}}}sp"):
            ph = sp.find(f"{{{P}}}nvSpPr/{{{P}}}nvPr/{{{P}}}ph")
            if ph is None:
                continue
            kind = ph.get("type", "obj")
            box, body = boxes.get((where, kind), (STRIP_FURNITURE.get(kind), ""))
            if box is None:
                continue
            properties = sp.find(f"{{{P}}}spPr")
            for old in properties.findall(f"{{{A}}}xfrm"):
                properties.remove(old)
            properties.insert(0, etree.fromstring(_xfrm(*box).replace("<a:xfrm>", f'<a:xfrm xmlns:a="{A}">')))
            text = sp.find(f"{{{P}}}txBody")
            if body and text is not None:
                text.replace(text.find(f"{{{A}}}bodyPr"), etree.fromstring(body))
                if where != "master":
                    styles = text.find(f"{{{A}}}lstStyle")
                    # Google's body: no bullet of its own, a bullet font all the same
                    bullets = '<a:buFont typeface="Calibri"/><a:buNone/>' if kind == "obj" else ""
                    styles.append(
                        etree.fromstring(
                            f'<a:lvl1pPr xmlns:a="{A}">{bullets}<a:defRPr sz="1800"/></a:lvl1pPr>'
                        )
                    )
    if logo:
        from PIL import Image, ImageDraw

        picture = Image.new("RGB", (400, 225), (240, 240, 236))  # 720 x 405 pt
        left, top, w, h = (value * 400 / 720 for value in STRIP_LOGO)
        ImageDraw.Draw(picture).rectangle((left, top, left + w, top + h), fill=(20, 40, 160))
        picture.save(folder / "pale-with-strip-logo.png")
        _, rel = master.part.get_or_add_image_part(str(folder / "pale-with-strip-logo.png"))
        c_sld = master._element.find(f"{{{P}}}cSld")
        c_sld.insert(
            0,
            etree.fromstring(
                f'<p:bg xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{RT[:-1]}"><p:bgPr><a:blipFill>'
                f'<a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill>'
                "<a:effectLst/></p:bgPr></p:bg>"
            ),
        )
    path = folder / f"google-slides-{autofit}-{anchor}{'-logo' if logo else ''}.pptx"
    deck.save(str(path))
    return path
