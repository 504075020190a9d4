"""Hostile deck masters: each is published whole or refused in one line, within its bounds.

Every master here is built from the packaged deck by editing its parts, the
way an attacker would edit a .pptx: values no tool writes, XML that floods,
geometry and recolouring chains that multiply the painter's work.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax import saxutils

import numpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from briefpub.deck import package as opc
from briefpub.deck import surface
from briefpub.errors import TemplateError
from briefpub.packaged import PACKAGE_DECK
from conftest import FERRY, Run, one_error_line
from hostile import deck_master as hostile

Parts = dict[str, bytes]
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
LAYOUT = "ppt/slideLayouts/slideLayout2.xml"
MASTER = "ppt/slideMasters/slideMaster1.xml"
PRESENTATION = "ppt/presentation.xml"


def replacing(part: str, old: bytes, new: bytes) -> Callable[[Parts], None]:
    def edit(parts: Parts) -> None:
        assert old in parts[part], old
        parts[part] = parts[part].replace(old, new, 1)

    return edit


def add_media(parts: Parts, name: str, data: bytes, content_type: str, rid: str) -> None:
    """Put ``ppt/media/NAME`` in the package, its type declared, linked from the layout as ``rid``."""
    parts[f"ppt/media/{name}"] = data
    extension = name.rsplit(".", 1)[-1]
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Default Extension="{extension}" ContentType="{content_type}"/></Types>'.encode()
    )
    rels = "ppt/slideLayouts/_rels/slideLayout2.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="{rid}" Target="../media/{name}" Type="http://schemas.openxmlformats.org'
        f'/officeDocument/2006/relationships/image"/></Relationships>'.encode(),
    )


def picture(name: str, rid: str, cx: int = 6000000, cy: int = 3000000) -> bytes:
    """Return a layout's ``p:pic`` showing ``rid`` stretched over ``cx`` by ``cy`` EMU at the top left."""
    return (
        f'<p:pic><p:nvPicPr><p:cNvPr id="98" name="{name}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm></p:spPr></p:pic>'
    ).encode()


def refusal(data: bytes) -> str:
    """Return the one-line error cleaning the master ``data`` gives."""
    with pytest.raises(TemplateError) as caught:
        opc.clean_template(data, "m.pptx")
    message = str(caught.value)
    assert "\n" not in message
    return message


def project(tmp_path: Path, master: bytes) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (tmp_path / "m.pptx").write_bytes(master)
    (tmp_path / "briefpub.toml").write_text('[slides]\ntemplate = "m.pptx"\n', encoding="utf-8")
    return tmp_path


NOT_WHOLE = [
    (LAYOUT, b'<p:ph idx="1"/>', b'<p:ph idx="abc"/>', '<ph idx="abc"> is not a whole number'),
    (LAYOUT, b'cy="4526280"', b'cy="lots"', '<ext cy="lots"> is not a whole number'),
    (LAYOUT, b'y="1691640"', b'y="1.5e6"', '<off y="1.5e6"> is not a whole number'),
    (MASTER, b"<a:xfrm>", b'<a:xfrm rot="nan">', '<xfrm rot="nan"> is not a whole number'),
    (MASTER, b'lIns="91440"', b'lIns="wide"', '<bodyPr lIns="wide"> is not a whole number'),
    (LAYOUT, b'cy="4526280"', b'cy="' + b"9" * 5000 + b'"', '<ext cy="9999'),
    # in range, as python-pptx writes them: sz="0" divided by zero, sz="1" and a 64-bit inset were
    # ValueErrors when the deck was written, 2^63 hundredths of a point took 3.7 GB
    (MASTER, b'sz="3600"', b'sz="0"', '<defRPr sz="0"> is out of range (100 to 400,000)'),
    (MASTER, b'sz="3600"', b'sz="1"', '<defRPr sz="1"> is out of range (100 to 400,000)'),
    (MASTER, b'sz="3600"', b'sz="9223372036854775807"', '<defRPr sz="9223372036854775807"> is out of range'),
    (MASTER, b'lIns="91440"', b'lIns="-9223372036854775807"', '<bodyPr lIns="-9223372036854775807"> is out'),
    (LAYOUT, b'cy="4526280"', b'cy="-1"', '<ext cy="-1"> is out of range (0 to 27,273,042,316,900)'),
]


@pytest.mark.parametrize(("part", "old", "new", "named"), NOT_WHOLE)
def test_a_position_size_or_index_that_is_not_a_whole_number_is_one_line(
    part: str, old: bytes, new: bytes, named: str
) -> None:
    """python-pptx reads these with int(): each was an internal ValueError in every command."""
    message = refusal(hostile(replacing(part, old, new)))
    assert f"part {part}: {named}" in message


def test_every_command_refuses_such_a_master_in_one_line(tmp_path: Path, run: Run) -> None:
    folder = project(tmp_path, hostile(replacing(LAYOUT, b'<p:ph idx="1"/>', b'<p:ph idx="abc"/>')))
    for command in (["slides"], ["check"], ["template", "inspect", "m.pptx"]):
        line = one_error_line(run(*command, cwd=folder))
        assert line.startswith("briefpub: error: m.pptx: part ppt/slideLayouts/slideLayout2.xml"), line
    assert not (folder / "output" / "ferry.pptx").exists()


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (b'<p:sldSz cx="1" cy="1"/>', "1.09e-06 in x 1.09e-06 in"),
        (b'<p:sldSz cx="0" cy="-5"/>', "0 in x -5.47e-06 in"),
        (b'<p:sldSz cx="999999999999" cy="6858000"/>', "1.09e+06 in x 7.5 in"),
        (b'<p:sldSz cx="wide" cy="nan"/>', "0 in x 0 in"),
        (b"", "none"),
    ],
)
def test_a_slide_size_powerpoint_would_not_make_is_one_line(size: bytes, said: str) -> None:
    """A 1 EMU slide built a deck with every word off its slides; none built one of zero size."""
    old = b'<p:sldSz cx="12191695" cy="6858000" type="screen4x3"/>'
    message = refusal(hostile(replacing(PRESENTATION, old, size)))
    assert f"its slide size ({said}) is not one PowerPoint makes: each side from 1 to 56 in" in message


def test_the_widest_and_smallest_slides_powerpoint_makes_are_read() -> None:
    old = b'<p:sldSz cx="12191695" cy="6858000" type="screen4x3"/>'
    for size in (b'<p:sldSz cx="51206400" cy="914400"/>', b'<p:sldSz cx="914400" cy="914400"/>'):
        opc.clean_template(hostile(replacing(PRESENTATION, old, size)), "m.pptx")


def _flood(elements: int) -> bytes:
    return (
        b'<?xml version="1.0"?><p:presentationPr '
        b'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
        + b"<p:a/>" * elements
        + b"</p:presentationPr>"
    )


def test_more_xml_than_a_master_holds_is_refused_before_it_is_parsed() -> None:
    """Tiny elements, 25 MB of them, in a part of 1 MB zipped: gigabytes as trees, refused unparsed."""

    def flood(parts: Parts) -> None:
        parts["ppt/presProps.xml"] = _flood(4_200_000)

    assert "holds 25 MB of XML, more than a deck master may (20 MB)" in refusal(hostile(flood))


def test_xml_under_another_name_counts_towards_the_budget() -> None:
    """A part is XML by its content type: a flood named .dat is counted as it is parsed."""

    def flood(parts: Parts) -> None:
        parts["ppt/presProps.dat"] = _flood(3_500_000)
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/ppt/presProps.dat" ContentType="application/'
            b'vnd.openxmlformats-officedocument.presentationml.presProps+xml"/></Types>',
        )
        rels = "ppt/_rels/presentation.xml.rels"
        parts[rels] = parts[rels].replace(b'Target="presProps.xml"', b'Target="presProps.dat"')

    assert "holds more XML than a deck master may (20 MB)" in refusal(hostile(flood))


COMMENTED = (
    '<p:pic><p:nvPicPr><p:cNvPr id="98" name="Picture"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
    '<p:blipFill><a:blip r:embed="rIdPng"><!-- tinted --><a:grayscl/><?pi x?></a:blip>'
    "<a:stretch><a:fillRect/></a:stretch></p:blipFill>"
    '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="12191695" cy="6858000"/></a:xfrm>'
    '<a:custGeom><a:pathLst><!-- paths --><a:path w="10" h="10"><!-- a figure -->'
    '<a:moveTo><a:pt x="0" y="0"/></a:moveTo><?pi y?><a:lnTo><a:pt x="10" y="0"/></a:lnTo>'
    '<a:lnTo><a:pt x="0" y="10"/></a:lnTo><a:close/></a:path></a:pathLst></a:custGeom>'
    "</p:spPr></p:pic>"
)


def test_comments_and_processing_instructions_in_a_part_are_dropped(tmp_path: Path, run: Run) -> None:
    """Every reader of a part's children expects elements: a comment in a picture's effects was internal."""
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 60, 90)).save(png, "PNG")

    def edit(parts: Parts) -> None:
        add_media(parts, "tint.png", png.getvalue(), "image/png", "rIdPng")
        parts[LAYOUT] = parts[LAYOUT].replace(b"</p:spTree>", COMMENTED.encode() + b"</p:spTree>", 1)
        parts[MASTER] = parts[MASTER].replace(b"<p:spTree>", b"<p:spTree><!-- shapes --><?pi z?>", 1)

    folder = project(tmp_path, hostile(edit))
    result = run("slides", cwd=folder)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(folder / "output" / "ferry.pptx") as zf:
        assert not any(b"<!--" in zf.read(name) for name in zf.namelist() if name.endswith(".xml"))


def _path(commands: str) -> etree._Element:
    return etree.fromstring(f'<a:path xmlns:a="{A_NS}" w="100" h="100">{commands}</a:path>')


def test_a_curve_takes_only_the_points_drawingml_gives_it() -> None:
    """A cubic Bézier has three points: 200,000 more made flattening it quadratic (it never finished)."""
    extra = '<a:pt x="99" y="99"/>' * 50
    path = _path(
        '<a:moveTo><a:pt x="0" y="0"/></a:moveTo>'
        '<a:cubicBezTo><a:pt x="0" y="50"/><a:pt x="50" y="100"/><a:pt x="100" y="100"/>'
        f"{extra}</a:cubicBezTo>"
        f'<a:quadBezTo><a:pt x="100" y="0"/><a:pt x="0" y="0"/>{extra}</a:quadBezTo>'
    )
    (figure,) = surface._figures(path)
    assert figure[8] == (100.0, 100.0)  # the cubic ends at its third point
    assert figure[-1] == (0.0, 0.0)  # the quadratic at its second
    assert len(figure) == 17


@pytest.mark.parametrize(
    "command",
    [
        '<a:arcTo wR="10" hR="10" stAng="0" swAng="1e999"/>',
        '<a:arcTo wR="nan" hR="10" stAng="0" swAng="5400000"/>',
        '<a:lnTo><a:pt x="inf" y="0"/></a:lnTo>',
        '<a:lnTo><a:pt x="-1e999" y="nan"/></a:lnTo>',
    ],
)
def test_a_path_value_that_is_not_finite_paints_the_bounding_box(command: str) -> None:
    """An arc sweeping infinitely far was an internal OverflowError in the slides edition."""
    custom = etree.fromstring(
        f'<p:spPr xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{A_NS}">'
        '<a:custGeom><a:pathLst><a:path w="100" h="100"><a:moveTo><a:pt x="0" y="0"/></a:moveTo>'
        f'<a:lnTo><a:pt x="100" y="0"/></a:lnTo>{command}<a:lnTo><a:pt x="0" y="100"/></a:lnTo><a:close/>'
        "</a:path></a:pathLst></a:custGeom></p:spPr>"
    )
    assert surface._geometry_mask(custom, 10, 10, numpy) is None


def test_a_chain_of_recolouring_effects_is_applied_only_so_far() -> None:
    """60,000 effects on one picture painted for 40 s; a real picture has one to three."""
    brighter = '<a:lum bright="1000"/>' * (surface.MAX_EFFECTS + 20)
    blip = etree.fromstring(f'<a:blip xmlns:a="{A_NS}">{brighter}</a:blip>')
    black = numpy.zeros((2, 2, 3))
    painted = surface._recoloured(black, blip, {}, None, numpy)
    assert painted[0, 0, 0] == pytest.approx(2.55 * surface.MAX_EFFECTS)
    assert surface.MAX_EFFECTS < 20


def test_a_drawing_with_such_a_number_is_removed_with_the_warning() -> None:
    """A band or logo that is no placeholder: the deck goes on without it, as with a broken picture."""
    band = (
        '<p:sp><p:nvSpPr><p:cNvPr id="95" name="Torn band"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="bad" cy="9"/></a:xfrm>'
        '<a:solidFill><a:srgbClr val="123456"/></a:solidFill></p:spPr></p:sp>'
    )
    clean, warnings = opc.clean_template(
        hostile(replacing(MASTER, b"</p:spTree>", band.encode() + b"</p:spTree>")), "m.pptx"
    )
    assert [str(w) for w in warnings] == ["m.pptx: removed from the deck: damaged shapes (Torn band)"]
    with zipfile.ZipFile(io.BytesIO(clean)) as zf:
        assert b"Torn band" not in zf.read(MASTER)


def test_a_cache_folder_that_links_out_of_the_project_is_not_read(tmp_path: Path) -> None:
    """Its entries verify (anyone can hash what they plant): read through a link, they came from outside."""
    from briefpub import cache

    output, elsewhere = tmp_path / "project" / "output", tmp_path / "elsewhere"
    output.mkdir(parents=True)
    elsewhere.mkdir()
    cache.store(elsewhere, [{"layout-1.json": b"{}"}])
    assert cache.Cache(elsewhere / cache.FOLDER).get("layout-1.json") == b"{}"  # whole and verified
    (output / cache.FOLDER).symlink_to(elsewhere / cache.FOLDER)
    assert cache.Cache(output / cache.FOLDER).get("layout-1.json") is None
    (output / cache.FOLDER).unlink()
    linked = tmp_path / "project" / "linked-output"
    linked.symlink_to(elsewhere)
    assert cache.Cache(linked / cache.FOLDER).get("layout-1.json") is None


def test_a_master_or_layout_listed_twice_is_one_line() -> None:
    """One layout listed 200,000 times (a 500 kB master) was 200,000 layouts to read: it never finished."""
    twice = b'<p:sldLayoutId id="2147483649" r:id="rId2"/>'
    layouts = hostile(replacing(MASTER, b"</p:sldLayoutIdLst>", twice * 3 + b"</p:sldLayoutIdLst>"))
    assert "lists the layout ppt/slideLayouts/slideLayout2.xml twice; it is damaged" in refusal(layouts)
    masters = hostile(
        replacing(PRESENTATION, b"</p:sldMasterIdLst>", b'<p:sldMasterId r:id="rId1"/></p:sldMasterIdLst>')
    )
    assert "lists the slide master ppt/slideMasters/slideMaster1.xml twice; it is damaged" in refusal(masters)


def test_layouts_are_found_by_name_and_by_master_and_name_in_order(tmp_path: Path) -> None:
    """Each name is looked up once (2,400 layouts took 30 s comparing names), with the same answers."""
    from briefpub.deck.master import load_master
    from masters import corporate_master

    template = load_master(corporate_master(tmp_path)).template
    for layout in template.layouts:
        expected = [other for other in template.layouts if layout.name in (other.name, other.qualified)]
        assert template.find(layout.name) == expected
        assert template.find(layout.qualified) == [layout]
    assert template.find("No such layout") == []


NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", "nan", "-inf", "1e999", "abc", "r", "0x10", "1in", "50%", "-0", "٣", "9" * 30]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
)
"""Values no tool writes, for attributes that hold numbers (and a few names)."""
WHOLE = st.integers(-(10**19) + 1, 10**19 - 1).map(str)
"""Whole numbers for the attributes cleaning checks (any other value is refused, tested above)."""
SPOTS = (
    (
        MASTER,
        b'<a:off x="0" y="0"/><a:ext cx="12191695" cy="128016"/>',
        '<a:off x="{w}" y="0"/><a:ext cx="{w}" cy="128016"/>',
    ),
    (LAYOUT, b'<a:off x="548640" y="1691640"/>', '<a:off x="548640" y="{w}"/>'),
    (MASTER, b'<p:bgRef idx="1001">', '<p:bgRef idx="{v}">'),
    (
        MASTER,
        b'<a:srgbClr val="14365D"/>',
        '<a:srgbClr val="{v}"><a:alpha val="{v}"/><a:lumMod val="{v}"/></a:srgbClr>',
    ),
    (MASTER, b'sz="4400"', 'sz="{w}"'),
    (MASTER, b"<a:normAutofit/>", '<a:normAutofit fontScale="{v}" lnSpcReduction="{v}"/>'),
    (
        LAYOUT,
        b"</p:spTree>",
        '<p:sp><p:nvSpPr><p:cNvPr id="97" name="Drawn"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>'
        '<a:xfrm rot="{w}"><a:off x="{w}" y="{w}"/><a:ext cx="{w}" cy="{w}"/></a:xfrm>'
        '<a:custGeom><a:pathLst><a:path w="{v}" h="{v}"><a:moveTo><a:pt x="{v}" y="0"/></a:moveTo>'
        '<a:lnTo><a:pt x="{v}" y="{v}"/></a:lnTo><a:arcTo wR="{v}" hR="{v}" stAng="{v}" swAng="{v}"/>'
        '<a:cubicBezTo><a:pt x="{v}" y="1"/><a:pt x="2" y="{v}"/><a:pt x="3" y="3"/></a:cubicBezTo><a:close/>'
        "</a:path></a:pathLst></a:custGeom>"
        '<a:gradFill><a:gsLst><a:gs pos="{v}"><a:srgbClr val="FF0000"/></a:gs><a:gs pos="{v}">'
        '<a:schemeClr val="{v}"/></a:gs></a:gsLst><a:lin ang="{v}"/></a:gradFill></p:spPr></p:sp></p:spTree>',
    ),
    (
        LAYOUT,
        b"</p:spTree>",
        '<p:pic><p:nvPicPr><p:cNvPr id="96" name="Tinted"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill>'
        '<a:blip r:embed="rIdTint"><a:alphaModFix amt="{v}"/><a:lum bright="{v}" contrast="{v}"/>'
        '<a:duotone><a:srgbClr val="{v}"/><a:schemeClr val="{v}"><a:tint val="{v}"/></a:schemeClr>'
        '</a:duotone></a:blip><a:srcRect l="{v}" t="{v}" r="{v}" b="{v}"/><a:stretch><a:fillRect/>'
        '</a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="{w}" y="{w}"/><a:ext cx="{w}" cy="{w}"/>'
        "</a:xfrm></p:spPr></p:pic></p:spTree>",
    ),
)


def _tinted() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.linear_gradient("L").convert("RGB").save(out, "PNG")
    return out.getvalue()


TINTED = _tinted()
BRIEFING = "Title\n\n• One point\n\nWhy?\n\nAnswer: Because.\n\nMore.\n"
WORDS = ("Title", "One", "point", "Why?", "Because.", "More.")


def _filled(template: str, values: Iterator[str], wholes: Iterator[str]) -> bytes:
    out = template
    while "{v}" in out or "{w}" in out:
        v, w = out.find("{v}"), out.find("{w}")
        at = min(i for i in (v, w) if i >= 0)
        value = next(values) if at == v else next(wholes)
        out = out[:at] + saxutils.escape(value, {'"': "&quot;"}) + out[at + 3 :]
    return out.encode()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NUMBERS, min_size=60, max_size=60), st.lists(WHOLE, min_size=16, max_size=16))
def test_any_values_in_a_master_publish_every_word_or_are_refused_in_one_line(
    values: list[str], wholes: list[str]
) -> None:
    """Values where the schema wants numbers, written by hand: a deck with every word, or one line."""
    from briefpub.deck.slides import render_slides
    from briefpub.errors import BriefpubError
    from briefpub.limits import bounded
    from briefpub.reader.structure import parse
    from pptxcheck import problems

    given_values, given_wholes = iter(values), iter(wholes)

    def edit(parts: Parts) -> None:
        for part, old, new in SPOTS:
            parts[part] = parts[part].replace(old, _filled(new, given_values, given_wholes), 1)
        add_media(parts, "tint.png", TINTED, "image/png", "rIdTint")

    said: list[str] = []
    data = b""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.pptx"
        path.write_bytes(hostile(edit))
        try:
            with bounded(60, 1 << 30):
                data = render_slides(parse(BRIEFING), template=path)
        except BriefpubError as refused:
            said = [str(d) for d in refused.diagnostics]
    if said:
        assert all("\n" not in line for line in said), said
        return
    assert problems(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = " ".join(
            "".join(etree.fromstring(zf.read(name)).itertext())
            for name in zf.namelist()
            if name.startswith(("ppt/slides/slide", "ppt/notesSlides/notesSlide"))
        )
    assert all(word in text for word in WORDS), text


THEME_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
SECOND_THEME = (
    b'<Relationship Id="rIdT2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"'
    b' Target="../theme/theme1.xml"/></Relationships>'
)


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda parts: parts.update({"/" + LAYOUT: b"<junk/>"}), "holds two files of the same name"),
        (lambda parts: parts.update({LAYOUT.upper(): parts[LAYOUT]}), "holds two files of the same name"),
        (
            lambda parts: parts.update({LAYOUT: b'<junk xmlns="urn:x"/>'}),
            f"ppt/slideMasters/slideMaster1.xml lists {LAYOUT} as a layout, which it is not",
        ),
        (
            lambda parts: parts.update({MASTER: parts[LAYOUT]}),
            f"ppt/presentation.xml lists {MASTER} as a slide master, which it is not",
        ),
        (
            lambda parts: parts.update({PRESENTATION: parts[MASTER]}),
            f"its main part {PRESENTATION} is not one",
        ),
        (
            replacing(THEME_RELS, b"</Relationships>", SECOND_THEME),
            f"part {MASTER} links 2 parts as its theme; it may have one",
        ),
    ],
)
def test_parts_that_are_not_what_the_package_says_are_one_line(
    edit: Callable[[Parts], None], said: str
) -> None:
    """A second part under one name (case and a leading slash aside), a part whose XML is not its kind,
    a master with two themes: each was an internal AttributeError or ValueError inside python-pptx."""
    assert said in refusal(hostile(edit))


def test_a_layout_or_master_name_of_200_000_characters_is_quoted_short(tmp_path: Path, run: Run) -> None:
    """Names are quoted in messages: a 200 kB layout name made a 200 kB error line."""
    long = "N" * 200_000
    edit = replacing(LAYOUT, b'name="Title and Content"', f'name="{long}"'.encode())
    folder = project(tmp_path, hostile(edit))
    with (folder / "briefpub.toml").open("a", encoding="utf-8") as config:  # offered among those that fit
        config.write('[slides.layouts]\nkey_points = "Missing"\n')
    line = one_error_line(run("slides", cwd=folder))
    assert "no layout named 'Missing'" in line
    assert "N" * 90 in line
    assert len(line) < 2_000
    inspected = run("template", "inspect", "m.pptx", cwd=folder)
    assert inspected.returncode == 0, inspected.stderr
    assert max(len(line) for line in inspected.stdout.splitlines()) < 1_000


def _lying_zip() -> bytes:
    """Return the packaged deck plus a member of 200 MB of zeros whose directory says 1,000 bytes."""
    import struct

    out = io.BytesIO()
    name = "ppt/media/bomb.bin"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        with zipfile.ZipFile(PACKAGE_DECK) as deck:
            for part in deck.namelist():
                zf.writestr(part, deck.read(part))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w") as member:
            for _ in range(200):
                member.write(bytes(1_000_000))
    data = bytearray(out.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, directory entry
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + (26 if signature == b"PK\x03\x04" else 28))[0]
            start = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[start : start + length] == name.encode():
                struct.pack_into("<I", data, at + offset, 1000)
            at = data.find(signature, at + 4)
    return bytes(data)


def test_a_member_inflating_past_its_stated_size_is_refused_without_inflating_it() -> None:
    """Stating 1,000 bytes and inflating to 200 MB: zipfile inflated it all before its CRC failed."""
    from briefpub.limits import bounded

    data = _lying_zip()
    assert len(data) < 1_000_000
    with bounded(120, 100_000_000):  # the member whole would need twice that
        message = refusal(data)
    assert "cannot be unpacked (Bad CRC-32 for file 'ppt/media/bomb.bin')" in message


def test_a_font_name_cannot_restyle_the_preview(tmp_path: Path) -> None:
    """``serve`` sets each text in the master's font: the name is a CSS string's content, nothing more."""
    from briefpub.deck.preview import slides_html
    from briefpub.deck.slides import plan_slides
    from briefpub.reader.structure import parse

    evil = b"Segoe UI&apos;,serif;background:url(x);color:red;font-family:&apos;x"

    def edit(parts: Parts) -> None:  # the theme's fonts, both of them
        theme = "ppt/theme/theme1.xml"
        parts[theme] = parts[theme].replace(b'typeface="Calibri"', b'typeface="' + evil + b'"')

    path = tmp_path / "m.pptx"
    path.write_bytes(hostile(edit))
    briefing = parse(BRIEFING)
    html = str(slides_html(plan_slides(briefing, template=path), briefing))
    assert "font-family:&#39;Segoe UIserifbackgroundurlxcolorredfont-familyx&#39;" in html
    assert "url(x)" not in html


def test_reading_a_master_has_a_deadline_and_a_memory_ceiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backstop for what no other bound foresaw: one line naming the master, not a hang or a crash."""
    from briefpub.deck import master

    path = tmp_path / "m.pptx"
    path.write_bytes(hostile(replacing(LAYOUT, b'name="Title and Content"', b'name="Deadline"')))
    monkeypatch.setattr(master, "READ_SECONDS", 0.000_001)
    with pytest.raises(TemplateError) as late:
        master.load_master(path)
    assert str(late.value).endswith(
        "m.pptx: took longer than 1e-06 s to read; it is not a deck master briefpub can use"
    )
    monkeypatch.setattr(master, "READ_SECONDS", 60.0)
    monkeypatch.setattr(master, "READ_MEMORY", 64 << 20)
    path.write_bytes(hostile(lambda parts: parts.update({"ppt/media/large.bin": bytes(200_000_000)})))
    with pytest.raises(TemplateError) as big:
        master.load_master(path)
    assert str(big.value).endswith(
        "m.pptx: needed more than 64 MiB to read; it is not a deck master briefpub can use"
    )


def test_a_deadline_inside_another_keeps_the_outer_one() -> None:
    """Reading a master inside a render's deadline cancelled the render's: it never came."""
    import time

    from briefpub.limits import LimitExceeded, bounded

    def work() -> None:
        with bounded(0.3, 1 << 30):
            with bounded(30, 1 << 30):
                pass
            end = time.monotonic() + 5
            while time.monotonic() < end:
                pass

    with pytest.raises(LimitExceeded, match=r"took longer than 0\.3 s"):
        work()


def test_one_painting_decodes_pictures_only_so_far(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sixty copies of one 49-million-pixel PNG were decoded sixty times: over three minutes."""
    from PIL import Image

    from briefpub.deck.master import load_master
    from hostile import black_png

    def copies(parts: Parts) -> None:
        add_media(parts, "big.png", black_png(1000, 1000), "image/png", "rIdBig")
        parts[LAYOUT] = parts[LAYOUT].replace(
            b"</p:spTree>", picture("Copy", "rIdBig") * 6 + b"</p:spTree>", 1
        )

    path = tmp_path / "m.pptx"
    path.write_bytes(hostile(copies))
    template = load_master(path).template
    assert template.surfaces is not None
    painted: list[tuple[int, int]] = []
    resize = Image.Image.resize

    def counted(image: Image.Image, *args: Any, **kwargs: Any) -> Image.Image:
        painted.append(image.size)  # each picture decoded is resized once to its place
        return resize(image, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "resize", counted)
    monkeypatch.setattr(surface, "MAX_DECODED_PIXELS", 2_500_000, raising=False)
    (layout,) = template.find("Title and Content")
    template.surfaces.of(layout.master, layout.index, layout.colours)
    assert len(painted) <= 4  # two a painting (its layout, and its backdrop), not six copies each


def test_a_picture_pillow_would_run_a_program_for_is_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An EPS picture is drawn by Ghostscript where it is installed: code from the master. Not painted."""
    from PIL import EpsImagePlugin

    from briefpub.deck.master import load_master

    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nnewpath 0 0 moveto 100 100 lineto stroke\n"

    def with_eps(parts: Parts) -> None:
        add_media(parts, "drawing.eps", eps, "image/x-eps", "rIdEps")
        parts[LAYOUT] = parts[LAYOUT].replace(
            b"</p:spTree>", picture("Drawing", "rIdEps") + b"</p:spTree>", 1
        )

    opened: list[str] = []

    def recorded(self: Any, *args: Any, **kwargs: Any) -> None:
        opened.append("eps")
        raise OSError("not here")

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", recorded)
    path = tmp_path / "m.pptx"
    path.write_bytes(hostile(with_eps))
    template = load_master(path).template
    assert template.surfaces is not None
    (layout,) = template.find("Title and Content")
    template.surfaces.of(layout.master, layout.index, layout.colours)
    assert opened == []
