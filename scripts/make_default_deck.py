"""Regenerate src/briefpub/templates/deck.pptx, the packaged default deck master.

It starts from python-pptx's own blank template (so every standard layout
name is there), makes it 16:9, and gives it briefpub's house style: navy
titles, a thin navy band on every slide, a full navy title slide. Run it
after changing the style below:  .venv/bin/python scripts/make_default_deck.py
"""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

from briefpub.deck.master import save

OUT = Path(__file__).resolve().parent.parent / "src" / "briefpub" / "templates" / "deck.pptx"
NAVY = "14365D"
RUST = "B5452B"
INK = "1B1B1B"
MUTED = "5B6470"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def scale_x(shape_tree: etree._Element, factor: float) -> None:
    for off in shape_tree.iter(qn("a:off")):
        off.set("x", str(int(int(off.get("x")) * factor)))
    for ext in shape_tree.iter(qn("a:ext")):
        if ext.getparent().tag == qn("a:xfrm"):
            ext.set("cx", str(int(int(ext.get("cx")) * factor)))


def set_xfrm(placeholder_sp: etree._Element, x: float, y: float, w: float, h: float) -> None:
    sppr = placeholder_sp.find(qn("p:spPr"))
    for old in sppr.findall(qn("a:xfrm")):
        sppr.remove(old)
    xfrm = etree.SubElement(sppr, qn("a:xfrm"))
    sppr.insert(0, xfrm)
    etree.SubElement(xfrm, qn("a:off"), x=str(Inches(x)), y=str(Inches(y)))
    etree.SubElement(xfrm, qn("a:ext"), cx=str(Inches(w)), cy=str(Inches(h)))


def rect(name: str, x: float, y: float, w: float, h: float, color: str, shape_id: int) -> etree._Element:
    xml = f"""<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{A}">
  <p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>
  <p:spPr><a:xfrm><a:off x="{Inches(x)}" y="{Inches(y)}"/><a:ext cx="{Inches(w)}" cy="{Inches(h)}"/></a:xfrm>
    <a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{color}"/></a:solidFill>
    <a:ln><a:noFill/></a:ln></p:spPr>
  <p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody>
</p:sp>"""
    return etree.fromstring(xml)


def placeholder(tree: etree._Element, kind: str | None, idx: str | None = None) -> etree._Element | None:
    for sp in tree.iter(qn("p:sp")):
        ph = sp.find(".//" + qn("p:ph"))
        if ph is None:
            continue
        if kind is not None and ph.get("type") == kind:
            return sp
        if idx is not None and ph.get("idx") == idx and ph.get("type") in (None, "body", "obj", "subTitle"):
            return sp
    return None


def run_props(parent: etree._Element, size: int, color: str, bold: bool = False) -> None:
    lvl = parent.find(qn("a:lvl1pPr"))
    if lvl is None:
        lvl = etree.SubElement(parent, qn("a:lvl1pPr"))
    for old in lvl.findall(qn("a:defRPr")):
        lvl.remove(old)
    rpr = etree.SubElement(lvl, qn("a:defRPr"), sz=str(size * 100), b="1" if bold else "0")
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=color)


def style_placeholder_text(sp: etree._Element, size: int, color: str, bold: bool, anchor: str) -> None:
    body = sp.find(qn("p:txBody"))
    bodypr = body.find(qn("a:bodyPr"))
    bodypr.set("anchor", anchor)
    for child in list(bodypr):
        bodypr.remove(child)
    lst = body.find(qn("a:lstStyle"))
    if lst is None:
        lst = etree.Element(qn("a:lstStyle"))
        bodypr.addnext(lst)
    run_props(lst, size, color, bold)


def background(layout_el: etree._Element, color: str) -> None:
    csld = layout_el.find(qn("p:cSld"))
    for old in csld.findall(qn("p:bg")):
        csld.remove(old)
    bg = etree.fromstring(
        f'<p:bg xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{A}">'
        f'<p:bgPr><a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'
    )
    csld.insert(0, bg)


def add_question_layout(prs: Presentation, content: object, with_figure: bool = False) -> None:
    """Add a "Question" layout: Title and Content with a rust mark beside the question.

    The mark stands in the margin, clear of both boxes, because a long question
    makes the title box grow into the answer's. ``with_figure`` makes "Question
    with Figure": the answer on the left, a picture placeholder on the right.
    """
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.packuri import PackURI
    from pptx.parts.slide import SlideLayoutPart

    element = copy.deepcopy(content._element)
    element.find(qn("p:cSld")).set("name", "Question with Figure" if with_figure else "Question")
    tree = element.find(qn("p:cSld")).find(qn("p:spTree"))
    tree.insert(2, rect("Question mark", 0.32, 0.62, 0.1, 0.7, RUST, 93))
    # The answer is the slide's point: large, and a sentence, not a bullet.
    answer = placeholder(tree, None, "1")
    style_placeholder_text(answer, 32, INK, False, "t")
    level = answer.find(qn("p:txBody")).find(qn("a:lstStyle")).find(qn("a:lvl1pPr"))
    level.set("marL", "0")
    level.set("indent", "0")
    level.insert(0, etree.Element(qn("a:buNone")))
    if with_figure:
        set_xfrm(answer, 0.6, 1.85, 5.2, 4.95)
        style_placeholder_text(answer, 28, INK, False, "t")
        picture = etree.fromstring(
            f'<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{A}">'
            '<p:nvSpPr><p:cNvPr id="94" name="Figure Placeholder"/>'
            '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="pic" idx="13"/></p:nvPr>'
            '</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p>'
            "</p:txBody></p:sp>"
        )
        set_xfrm(picture, 6.1, 1.85, 6.63, 4.95)
        tree.append(picture)
    master = prs.slide_master
    number = len(prs.slide_layouts) + 1
    part = SlideLayoutPart(
        PackURI(f"/ppt/slideLayouts/slideLayout{number}.xml"),
        content.part.content_type,
        prs.part.package,
        element,
    )
    part.relate_to(master.part, RT.SLIDE_MASTER)
    rid = master.part.relate_to(part, RT.SLIDE_LAYOUT)
    id_list = master._element.get_or_add_sldLayoutIdLst()
    next_id = max(int(entry.get("id")) for entry in id_list) + 1
    entry = id_list._add_sldLayoutId(rId=rid)
    entry.set("id", str(next_id))


def main() -> None:
    prs = Presentation()
    factor = WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    master = prs.slide_master
    scale_x(master._element, factor)
    for layout in prs.slide_layouts:
        scale_x(layout._element, factor)

    # Master: title and body geometry, house type, a navy band across the top.
    tree = master._element.find(qn("p:cSld")).find(qn("p:spTree"))
    set_xfrm(placeholder(tree, "title"), 0.6, 0.35, 12.13, 1.25)
    set_xfrm(placeholder(tree, "body"), 0.6, 1.85, 12.13, 4.95)
    tree.insert(2, rect("Band", 0, 0, 13.333, 0.14, NAVY, 90))
    tree.insert(3, rect("Rule", 0.6, 6.88, 12.13, 0.02, "C9CED6", 91))
    # Slide number, footer and date in a grey that reads at 12 pt (WCAG AA), not tx1 tinted to 75%.
    for kind in ("dt", "ftr", "sldNum"):
        furniture = placeholder(tree, kind)
        assert furniture is not None
        for defaults in furniture.iter(qn("a:defRPr")):
            for old_fill in defaults.findall(qn("a:solidFill")):
                defaults.remove(old_fill)
            grey = etree.Element(qn("a:solidFill"))
            etree.SubElement(grey, qn("a:srgbClr"), val=MUTED)
            defaults.insert(0, grey)
    txstyles = master._element.find(qn("p:txStyles"))
    title_style = txstyles.find(qn("p:titleStyle"))
    run_props(title_style, 36, NAVY, bold=True)
    title_style.find(qn("a:lvl1pPr")).set("algn", "l")
    body_style = txstyles.find(qn("p:bodyStyle"))
    lvl1 = body_style.find(qn("a:lvl1pPr"))
    rpr = lvl1.find(qn("a:defRPr"))
    rpr.set("sz", "2800")
    for fill in rpr.findall(qn("a:solidFill")):
        rpr.remove(fill)
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=INK)
    rpr.insert(0, fill)
    bullet_color = etree.Element(qn("a:buClr"))
    etree.SubElement(bullet_color, qn("a:srgbClr"), val=RUST)
    lvl1.insert(0, bullet_color)

    # Layouts: where the standard ones keep their own geometry, put it in the house grid.
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    content = by_name["Title and Content"]._element.find(qn("p:cSld")).find(qn("p:spTree"))
    set_xfrm(placeholder(content, "title"), 0.6, 0.35, 12.13, 1.25)
    set_xfrm(placeholder(content, None, "1"), 0.6, 1.85, 12.13, 4.95)

    title_layout = by_name["Title Slide"]._element
    background(title_layout, NAVY)
    tree = title_layout.find(qn("p:cSld")).find(qn("p:spTree"))
    title = placeholder(tree, "ctrTitle")
    set_xfrm(title, 0.9, 1.6, 11.5, 2.6)
    style_placeholder_text(title, 40, "FFFFFF", True, "b")
    subtitle = placeholder(tree, "subTitle")
    set_xfrm(subtitle, 0.9, 4.45, 11.5, 2.0)
    style_placeholder_text(subtitle, 20, "D5DCE6", False, "t")
    for lvl in subtitle.find(qn("p:txBody")).find(qn("a:lstStyle")):
        lvl.set("algn", "l")
        lvl.set("marL", "0")
        lvl.set("indent", "0")
        lvl.insert(0, etree.Element(qn("a:buNone")))
    tree.insert(2, rect("Accent", 0.9, 4.3, 1.6, 0.06, RUST, 92))

    add_question_layout(prs, by_name["Title and Content"])
    add_question_layout(prs, by_name["Title and Content"], with_figure=True)

    section = by_name["Section Header"]._element
    tree = section.find(qn("p:cSld")).find(qn("p:spTree"))
    set_xfrm(placeholder(tree, "title"), 0.9, 2.2, 11.5, 1.8)
    set_xfrm(placeholder(tree, None, "1"), 0.9, 4.1, 11.5, 1.4)

    # Theme: navy and rust as the first accents, so charts and tables match.
    theme_part = next(p for p in prs.part.package.iter_parts() if "theme" in str(p.partname))
    theme = etree.fromstring(theme_part.blob)
    scheme = theme.find(f".//{{{A}}}clrScheme")
    scheme.set("name", "briefpub")
    for name, color in (("dk2", NAVY), ("accent1", NAVY), ("accent2", RUST)):
        slot = scheme.find(f"{{{A}}}{name}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr", val=color)
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)

    prs.core_properties.title = "briefpub default deck"
    prs.core_properties.author = "briefpub"
    OUT.write_bytes(save(prs, datetime.datetime(2026, 1, 1)))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
