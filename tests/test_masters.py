"""Deck masters are untrusted: cleaned on open, bounded, and every deck a clean package."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation

from briefpub.deck import package as opc
from briefpub.deck.slides import render_slides
from briefpub.errors import TemplateError
from briefpub.model.briefing import Briefing
from briefpub.packaged import PACKAGE_DECK
from briefpub.reader.structure import parse
from conftest import Run
from pptxcheck import problems

BRIEFING = parse("Title\n\n• One point\n\nWhy?\n\nAnswer: Because.\n\nMore.\n")
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
Parts = dict[str, bytes]


def master(tmp_path: Path, edit: Callable[[Parts], None], name: str = "master.pptx") -> Path:
    """Return the packaged deck with ``edit`` applied to its parts, written as ``name``."""
    with zipfile.ZipFile(PACKAGE_DECK) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    edit(parts)
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, blob in parts.items():
            zf.writestr(n, blob)
    return path


def add_rel(parts: Parts, rels: str, rel_id: str, kind: str, target: str, external: bool = False) -> None:
    mode = ' TargetMode="External"' if external else ""
    rel = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"{mode}/>'
    parts[rels] = parts[rels].replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def add_to_tree(parts: Parts, name: str, xml: str) -> None:
    parts[name] = parts[name].replace(b"</p:spTree>", xml.encode() + b"</p:spTree>", 1)


def deck(template: Path, briefing: Briefing = BRIEFING) -> tuple[bytes, list[str]]:
    warnings: list[str] = []
    data = render_slides(briefing, template=template, warn=lambda d: warnings.append(str(d)))
    assert problems(data) == []
    return data, warnings


RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
LAYOUT = "ppt/slideLayouts/slideLayout2.xml"
LAYOUT_RELS = "ppt/slideLayouts/_rels/slideLayout2.xml.rels"


def picture(rel_attribute: str) -> str:
    return (
        '<p:pic><p:nvPicPr><p:cNvPr id="90" name="Linked"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        f"<p:blipFill><a:blip {rel_attribute}/><a:stretch><a:fillRect/></a:stretch></p:blipFill>"
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )


def linked_shape(rel_id: str) -> str:
    return (
        '<p:sp><p:nvSpPr><p:cNvPr id="91" name="Link">'
        f'<a:hlinkClick r:id="{rel_id}"/></p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></a:xfrm></p:spPr>'
        "<p:txBody><a:bodyPr/><a:p><a:r><a:t>Visit us</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def test_external_links_are_removed_with_one_warning(tmp_path: Path) -> None:
    def edit(parts: Parts) -> None:
        add_rel(parts, LAYOUT_RELS, "rIdX1", RT + "image", "file:///etc/passwd", external=True)
        add_rel(parts, LAYOUT_RELS, "rIdX2", RT + "image", "http://tracker.example/p.png", external=True)
        add_rel(parts, LAYOUT_RELS, "rIdX3", RT + "hyperlink", "\\\\server\\share\\x.exe", external=True)
        add_rel(parts, LAYOUT_RELS, "rIdX4", RT + "hyperlink", "https://corp.example/", external=True)
        add_to_tree(parts, LAYOUT, picture('r:link="rIdX1"'))
        add_to_tree(parts, LAYOUT, picture('r:link="rIdX2"'))
        add_to_tree(parts, LAYOUT, linked_shape("rIdX3"))
        add_to_tree(parts, LAYOUT, linked_shape("rIdX4").replace('id="91"', 'id="92"'))

    data, warnings = deck(master(tmp_path, edit))
    assert len(warnings) == 1
    assert "file:///etc/passwd" in warnings[0]
    assert "tracker.example" in warnings[0]
    assert "server" in warnings[0]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist())
    assert b"etc/passwd" not in everything
    assert b"tracker.example" not in everything
    assert b"share" not in everything
    assert b"https://corp.example/" in everything  # a web link is only followed when clicked


def test_macros_are_never_copied(tmp_path: Path) -> None:
    def edit(parts: Parts) -> None:
        parts["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0macro"
        add_rel(
            parts,
            "ppt/_rels/presentation.xml.rels",
            "rIdVba",
            "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
            "vbaProject.bin",
        )
        parts["[Content_Types].xml"] = (
            parts["[Content_Types].xml"]
            .replace(b"presentationml.presentation.main+xml", b"presentation.macroEnabled.main+xml")
            .replace(
                b"application/vnd.openxmlformats-officedocument.presentation.macroEnabled",
                b"application/vnd.ms-powerpoint.presentation.macroEnabled",
            )
            .replace(
                b"</Types>",
                b'<Override PartName="/ppt/vbaProject.bin" '
                b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
            )
        )

    data, warnings = deck(master(tmp_path, edit, "master.pptm"))
    assert "macros" in warnings[0]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "ppt/vbaProject.bin" not in zf.namelist()
        assert b"macroEnabled" not in zf.read("[Content_Types].xml")
        assert b"vbaProject" not in zf.read("[Content_Types].xml")


def test_embedded_objects_and_controls_are_never_copied(tmp_path: Path) -> None:
    frame = (
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="93" name="Object"/><p:cNvGraphicFramePr/>'
        '<p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></p:xfrm>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole">'
        '<p:oleObj r:id="rIdOle" progId="Package"/></a:graphicData></a:graphic></p:graphicFrame>'
    )

    def edit(parts: Parts) -> None:
        parts["ppt/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0payload"
        add_rel(parts, LAYOUT_RELS, "rIdOle", RT + "oleObject", "../embeddings/oleObject1.bin")
        add_to_tree(parts, LAYOUT, frame)
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/ppt/embeddings/oleObject1.bin" '
            b'ContentType="application/vnd.openxmlformats-officedocument.oleObject"/></Types>',
        )

    data, warnings = deck(master(tmp_path, edit))
    assert "embedded objects" in warnings[0]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert not [n for n in zf.namelist() if "embeddings" in n]
        assert b"oleObj" not in zf.read(LAYOUT)


OUTLINE_VIEW = (
    b'<p:outlineViewPr><p:cViewPr><p:scale><a:sx n="33" d="100"/><a:sy n="33" d="100"/></p:scale>'
    b'<p:origin x="0" y="0"/></p:cViewPr><p:sldLst><p:sld r:id="rIdV" collapse="1"/></p:sldLst>'
    b"</p:outlineViewPr></p:viewPr>"
)
EMPTY_RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
)


def test_template_slides_go_with_every_reference_to_them(tmp_path: Path) -> None:
    """A sample slide referenced from a layout link, the outline view, a custom show and the show settings."""
    sample = Presentation(str(PACKAGE_DECK))
    for layout in list(sample.slide_layouts)[:3]:
        sample.slides.add_slide(layout).shapes.title.text = "SAMPLE SLIDE"
    source = tmp_path / "with-slides.pptx"
    sample.save(str(source))
    with zipfile.ZipFile(source) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    # A layout links to the second sample slide.
    add_rel(parts, LAYOUT_RELS, "rIdS", RT + "slide", "../slides/slide2.xml")
    jump = linked_shape("rIdS").replace("<a:hlinkClick", '<a:hlinkClick action="ppaction://hlinksldjump"')
    add_to_tree(parts, LAYOUT, jump)
    # The outline view lists the first.
    parts["ppt/_rels/viewProps.xml.rels"] = EMPTY_RELS
    add_rel(parts, "ppt/_rels/viewProps.xml.rels", "rIdV", RT + "slide", "slides/slide1.xml")
    view = parts["ppt/viewProps.xml"].replace(b"</p:viewPr>", OUTLINE_VIEW)
    if R_NS.encode() not in view:
        view = view.replace(b"<p:viewPr ", f"<p:viewPr {R_NS} ".encode(), 1)
    parts["ppt/viewProps.xml"] = view
    # A custom show plays it, and the show settings play the custom show.
    presentation = parts["ppt/presentation.xml"].decode()
    slide_rel = re.search(r'<p:sldId id="\d+" r:id="(rId\d+)"', presentation)
    assert slide_rel is not None
    show = (
        f'<p:custShowLst><p:custShow name="Client" id="0"><p:sldLst><p:sld r:id="{slide_rel[1]}"/>'
        "</p:sldLst></p:custShow></p:custShowLst>"
    )
    parts["ppt/presentation.xml"] = presentation.replace(
        "<p:defaultTextStyle>", show + "<p:defaultTextStyle>"
    ).encode()
    parts["ppt/presProps.xml"] = parts["ppt/presProps.xml"].replace(
        b"</p:presentationPr>", b'<p:showPr><p:custShow id="0"/></p:showPr></p:presentationPr>'
    )
    with zipfile.ZipFile(source, "w") as zf:
        for n, blob in parts.items():
            zf.writestr(n, blob)
    assert problems(source.read_bytes()) == []  # a valid package before cleaning

    data, warnings = deck(source)  # deck() runs the package checker
    assert warnings == []  # a template's sample slides are not the user's concern
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = b"".join(zf.read(n) for n in zf.namelist() if n.endswith(".xml"))
        assert b"SAMPLE SLIDE" not in text
        assert b"custShow" not in text
        assert not [n for n in zf.namelist() if "thumbnail" in n]
        app = zf.read("docProps/app.xml")
    assert b"<Slides>3</Slides>" in app  # title, key points, one question


@pytest.mark.parametrize(("real", "named"), [(".potx", ".pptx"), (".pptx", ".potx")])
def test_a_package_is_told_by_its_content_not_its_name(tmp_path: Path, real: str, named: str) -> None:
    def edit(parts: Parts) -> None:
        if real == ".potx":
            parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
                b"presentation.main+xml", b"template.main+xml"
            )

    data, _ = deck(master(tmp_path, edit, "master" + named))
    assert Presentation(io.BytesIO(data)).slides


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opc, "MAX_UNPACKED_BYTES", 2_000_000)

    def edit(parts: Parts) -> None:
        parts["ppt/media/huge.bin"] = b"\0" * 3_000_000

    with pytest.raises(TemplateError, match="would unpack to 3 MB"):
        render_slides(BRIEFING, template=master(tmp_path, edit))


def test_too_many_members_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opc, "MAX_MEMBERS", 20)
    with pytest.raises(TemplateError, match=r"holds \d+ files; a deck master has at most 20"):
        render_slides(BRIEFING, template=master(tmp_path, lambda parts: None))


def test_entities_are_refused_naming_the_part(tmp_path: Path) -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'

    def edit(parts: Parts) -> None:
        parts["ppt/theme/theme1.xml"] = laughs + parts["ppt/theme/theme1.xml"].split(b"?>", 1)[1]

    with pytest.raises(TemplateError, match=r"part ppt/theme/theme1.xml declares a DTD"):
        render_slides(BRIEFING, template=master(tmp_path, edit))


def test_a_broken_part_is_named(tmp_path: Path) -> None:
    def edit(parts: Parts) -> None:
        parts[LAYOUT] = parts[LAYOUT][:-40]

    with pytest.raises(TemplateError, match=r"part ppt/slideLayouts/slideLayout2.xml is not well-formed XML"):
        render_slides(BRIEFING, template=master(tmp_path, edit))


MASTER = "ppt/slideMasters/slideMaster1.xml"


def _layout_names_itself(parts: Parts) -> None:
    parts[LAYOUT_RELS] = parts[LAYOUT_RELS].replace(b"../slideMasters/slideMaster1.xml", b"slideLayout2.xml")


def _layout_names_a_missing_master(parts: Parts) -> None:
    parts[LAYOUT_RELS] = parts[LAYOUT_RELS].replace(b"slideMaster1.xml", b"slideMaster9.xml")


def _master_is_missing(parts: Parts) -> None:
    del parts[MASTER]


def _master_lists_itself_as_a_layout(parts: Parts) -> None:
    rels = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    parts[rels] = parts[rels].replace(b"../slideLayouts/slideLayout2.xml", b"slideMaster1.xml")


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (_layout_names_itself, f"layout {LAYOUT} names {LAYOUT} as its slide master, which is not one"),
        (
            _layout_names_a_missing_master,
            f"layout {LAYOUT} names the slide master ppt/slideMasters/slideMaster9",
        ),
        (_master_is_missing, f"ppt/presentation.xml lists the slide master {MASTER}, which is missing"),
        (_master_lists_itself_as_a_layout, f"{MASTER} lists {MASTER} as a layout, which it is not"),
    ],
)
def test_masters_and_layouts_that_do_not_hang_together_are_named(
    tmp_path: Path, edit: Callable[[Parts], None], said: str
) -> None:
    """A layout naming itself as its master recursed without end; a missing master was a KeyError."""
    with pytest.raises(TemplateError) as refused:
        render_slides(BRIEFING, template=master(tmp_path, edit))
    (line,) = [str(d) for d in refused.value.diagnostics]
    assert line.startswith(f"{tmp_path / 'master.pptx'}: {said}"), line


def test_a_fifo_master_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "deck.pptx"
    os.mkfifo(fifo)
    with pytest.raises(TemplateError, match="not a regular file"):
        render_slides(BRIEFING, template=fifo)


def test_the_default_deck_is_a_clean_package() -> None:
    _, warnings = deck(PACKAGE_DECK)
    assert warnings == []
    assert problems(PACKAGE_DECK.read_bytes()) == []


def test_missing_and_repeated_layout_ids_are_mended(tmp_path: Path) -> None:
    def edit(parts: Parts) -> None:
        master_xml = parts["ppt/slideMasters/slideMaster1.xml"]
        parts["ppt/slideMasters/slideMaster1.xml"] = master_xml.replace(b'id="2147483650" ', b"", 1).replace(
            b'id="2147483652"', b'id="2147483649"', 1
        )

    broken = master(tmp_path, edit)
    assert sorted(problems(broken.read_bytes())) == [
        "a master or layout id is missing",
        "master or layout id 2147483649 used twice",
    ]
    deck(broken)  # deck() asserts the output is clean


def test_a_dangling_reference_is_dropped_with_a_warning(tmp_path: Path) -> None:
    def edit(parts: Parts) -> None:
        add_rel(parts, LAYOUT_RELS, "rIdGone", RT + "image", "../media/missing.png")
        add_to_tree(parts, LAYOUT, picture('r:embed="rIdGone"'))
        add_rel(parts, LAYOUT_RELS, "rIdGone2", RT + "slide", "../slides/slide9.xml")
        add_to_tree(parts, LAYOUT, linked_shape("rIdGone2"))

    _, warnings = deck(master(tmp_path, edit))
    assert "broken references" in warnings[0]
    assert "missing.png" in warnings[0]


def test_an_encrypted_or_legacy_file_is_named_as_such(tmp_path: Path) -> None:
    legacy = tmp_path / "deck.pptx"
    legacy.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512)
    with pytest.raises(TemplateError, match=r"encrypted or legacy \(\.ppt\) PowerPoint file"):
        render_slides(BRIEFING, template=legacy)


def test_a_master_changed_between_decks_is_read_again(tmp_path: Path) -> None:
    """One process keeps the last master's reading (build, serve): by content, so an edit shows."""
    from briefpub.deck.slides import plan_slides
    from masters import corporate_master

    briefing = parse("T\n\n- A point\n\nQ?\n\nAnswer: A.\n")
    master = tmp_path / "master.pptx"
    master.write_bytes(PACKAGE_DECK.read_bytes())
    first = plan_slides(briefing, template=master)
    assert plan_slides(briefing, template=master) == first  # the kept reading gives the same plan
    master.write_bytes(corporate_master(tmp_path).read_bytes())
    second = plan_slides(briefing, template=master)
    assert [s.layout for s in second.slides] != [s.layout for s in first.slides]


def test_a_master_with_no_layouts_is_said_once(tmp_path: Path) -> None:
    deck = Presentation()
    layouts = deck.slide_masters[0].slide_layouts._sldLayoutIdLst
    for entry in list(layouts):
        layouts.remove(entry)
    deck.save(str(tmp_path / "bare.pptx"))
    with pytest.raises(TemplateError) as refused:
        render_slides(BRIEFING, template=tmp_path / "bare.pptx")
    assert [d.message for d in refused.value.diagnostics] == ["the master has no slide layouts at all"]


def test_a_figure_goes_beside_its_answer_on_a_layout_found_by_its_boxes(tmp_path: Path, run: Run) -> None:
    from PIL import Image

    from briefpub.deck.slides import plan_slides

    Presentation().save(
        str(tmp_path / "plain.pptx")
    )  # Office's layouts: Two Content, Picture with Caption...
    Image.new("RGB", (400, 300), (20, 54, 93)).save(tmp_path / "f.png")
    source = tmp_path / "t.txt"
    source.write_text("T\n\nQ one?\n\nAnswer: An answer beside its figure.\n\n![Figure](f.png)\n", "utf-8")
    plan = plan_slides(parse(source, root=tmp_path), template=tmp_path / "plain.pptx")
    [question] = [slide for slide in plan.slides if slide.role == "question"]
    assert question.layout == "Two Content"  # the answer's box and the figure's both roomy, side by side
    assert question.figure is not None
    assert question.master == plan.slides[0].master
    assert not [d for d in plan.diagnostics if "Question with Figure" in d.message]
    shown = run("template", "inspect", str(tmp_path / "plain.pptx"), cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "  figure      'Two Content' (by its boxes)" in shown.stdout
