"""Decks a designer would sign off, on masters unlike our own: contrast measured, artwork kept clear of."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from briefpub import parse
from briefpub.config import Brand, SlidesConfig
from briefpub.deck.colours import contrast, palette, rgb_of
from briefpub.deck.geometry import Box, room_beside
from briefpub.deck.master import describe_template, load_master
from briefpub.deck.report import fit_report
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.packaged import PACKAGE_DECK
from deckcheck import HAVE_LIBREOFFICE, low_contrast_words, text_over_artwork, words_outside
from masters import DARK_GREEN, STRIPES, dark_master, duotone_master
from masters import A as A_NS
from masters import P as P_NS
from pptxcheck import problems

needs_libreoffice = pytest.mark.skipif(
    not HAVE_LIBREOFFICE and not os.environ.get("CI"), reason="LibreOffice is not installed"
)
SOURCED = """\
Grain corridors after the ceasefire

• Exports recovered to 80% of pre-war volumes.[^fao]
• Insurance, not mines, now sets the price.

Will the corridor hold?
Answer: Probably, as long as war-risk cover stays affordable for [insurers](https://example.org/lloyds)
and ports keep their cranes.[^fao]

- Escorts now sail twice a week, not daily.
- Premiums fell by half since June.

The navy escorts no longer sail every day.

How long is the long answer?
Answer: {long}

[^fao]: FAO, *Food Outlook*, November 2026.
"""
FOOTER = SlidesConfig(footer="Meridian Risk Weekly")


def sourced() -> str:
    long = " ".join(["Ships queue for weeks while the insurers argue over who pays for what."] * 14)
    return SOURCED.format(long=long)


@pytest.fixture(scope="module")
def dark(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return dark_master(tmp_path_factory.mktemp("dark"))


def test_texts_briefpub_adds_reach_aa_on_a_dark_master(dark: Path) -> None:
    """The source line, footer, date, slide number and link: each coloured to read on dark green."""
    plan = plan_slides(parse(sourced()), template=dark, options=FOOTER)
    green = rgb_of(DARK_GREEN)
    assert green is not None
    question = next(slide for slide in plan.slides if slide.role == "question")
    sources = next(aside for aside in question.asides if aside.kind == "sources")
    colour = rgb_of(sources.color)
    assert colour is not None
    assert contrast(colour, green) >= 4.5
    for item in question.furniture:
        assert item.color is not None  # the template's grey footer is dark on dark
        found = rgb_of(item.color)
        assert found is not None
        assert contrast(found, green) >= 4.5
    answer = next(text for text in question.texts if not text.heading)
    assert answer.color is None  # the master's own light body colour reads: kept, not written
    assert answer.link_color is not None  # the theme's blue hyperlink does not
    assert not [d for d in plan.diagnostics if "contrast" in d.message]


def test_light_template_keeps_its_own_colours() -> None:
    plan = plan_slides(parse(sourced()), template=PACKAGE_DECK, options=FOOTER)
    for slide in plan.slides:
        assert all(text.color is None and text.link_color is None for text in slide.texts)
        assert all(item.color is None for item in slide.furniture)


def test_brand_colour_for_titles_yields_where_it_would_not_read(dark: Path) -> None:
    """A dark brand blue for titles is kept on the light master and replaced on the dark one."""
    brand = Brand(primary="#14365D")
    light = plan_slides(parse(sourced()), template=PACKAGE_DECK, brand=Brand(primary="#7A1F1F"))
    questions = [slide for slide in light.slides if slide.role == "question"]
    assert {text.color for slide in questions for text in slide.texts if text.heading} == {"#7A1F1F"}
    title = light.slides[0].texts[0]  # white on the packaged master's dark band: dark red would not read
    assert title.color != "#7A1F1F"
    on_dark = plan_slides(parse(sourced()), template=dark, brand=brand)
    colours = {text.color for slide in on_dark.slides for text in slide.texts if text.heading}
    assert "#14365D" not in colours


def test_no_colour_reads_names_the_layout(tmp_path: Path) -> None:
    """Behind a box from black to white no one colour stands out: a warning names the layout, once."""
    plan = plan_slides(parse(sourced()), template=dark_master(tmp_path, logo=False, background=STRIPES))
    said = [d.message for d in plan.diagnostics if "contrast" in d.message]
    wanted = "layout 'Title and Content': no colour reaches AA contrast (3:1) for the title"
    assert any(wanted in message for message in said)
    assert len(said) == len(set(said))


@needs_libreoffice
@pytest.mark.parametrize("master", ["dark", "photo", "packaged"])
def test_rendered_deck_has_every_word_readable_inside_its_box(
    master: str, dark: Path, tmp_path: Path
) -> None:
    briefing = parse(sourced())
    templates = {"dark": dark, "packaged": PACKAGE_DECK}
    template = templates.get(master) or dark_master(tmp_path, photo=True)
    data = render_slides(briefing, template=template, options=FOOTER)
    assert problems(data) == []
    deck = tmp_path / "dark.pptx"
    deck.write_bytes(data)
    assert low_contrast_words(deck) == []
    assert words_outside(deck) == []
    assert text_over_artwork(deck) == []


def test_text_keeps_clear_of_the_masters_logo_and_band(dark: Path) -> None:
    master = load_master(dark)
    layout = next(layout for layout in master.template.layouts if layout.name == "Title and Content")
    title, body = layout.title(), layout.text()
    assert title is not None
    assert body is not None
    assert title.avoided == ("Company logo",)
    assert body.avoided == ("Accent band",)
    for placeholder in (title, body):
        assert placeholder.frame is not None
        assert placeholder.frame.contains(placeholder.box)
        assert not any(art.box.overlaps(placeholder.box) for art in layout.artwork)
    assert "text kept clear of 'Company logo'" in describe_template(master.template)
    plan = plan_slides(parse(sourced()), template=dark)
    report = "\n".join(fit_report(plan, "grain.txt"))
    assert "clear of 'Company logo'" in report
    assert "clear of 'Accent band'" in report
    deck = Presentation(io.BytesIO(render_slides(parse(sourced()), template=dark)))
    slide = list(deck.slides)[2]
    logo = (8.4 * 914400, 0.35 * 914400)
    assert slide.shapes.title.left + slide.shapes.title.width <= logo[0] + 1


def test_room_beside_keeps_the_larger_side() -> None:
    box = Box(0, 0, 100, 50)
    corner = Box(80, 0, 20, 10)  # a logo in the top right corner
    room, avoided = room_beside(box, box, [("logo", corner)])
    assert avoided == ("logo",)
    assert room == Box(0, 10, 100, 40)
    tall = Box(80, 0, 20, 30)
    room, _ = room_beside(box, box, [("logo", tall)])
    assert room == Box(0, 0, 80, 50)  # narrower keeps 4,000, shorter only 2,000
    panel = Box(-10, -10, 200, 100)  # text sits on a panel: not an obstacle
    assert room_beside(box, box, [("panel", panel)]) == (box, ())
    margin_only = Box(0, 0, 100, 2)  # only in the insets
    inner = Box(5, 5, 90, 40)
    assert room_beside(box, inner, [("rule", margin_only)]) == (box, ())


def test_palette_follows_the_colour_map() -> None:
    from lxml import etree

    theme = etree.fromstring(
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements>'
        '<a:clrScheme name="x"><a:dk1><a:srgbClr val="101010"/></a:dk1>'
        '<a:lt1><a:sysClr val="window" lastClr="FAFAFA"/></a:lt1></a:clrScheme></a:themeElements></a:theme>'
    )
    mapping = etree.fromstring(
        '<p:clrMap xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2"/>'
    )
    colours = palette(theme, mapping)
    assert colours["bg1"] == "101010"
    assert colours["tx1"] == "FAFAFA"


def test_previews_paint_the_layouts_and_the_chosen_colours(dark: Path) -> None:
    from briefpub.deck.preview import slides_html
    from briefpub.deck.slides import template_for

    briefing = parse(sourced())
    plan = plan_slides(briefing, template=dark, options=FOOTER)
    html = str(slides_html(plan, briefing, template_for(dark)))
    assert html.count("background:url(data:image/png;base64,") == len(plan.slides)  # logo, band, green
    assert "color:#FFFFFF" in html  # the master's white titles
    sources = next(a for s in plan.slides for a in s.asides if a.kind == "sources")
    assert f"color:#{sources.color}" in html
    plain = str(slides_html(plan, briefing))
    assert "background:" not in plain


POINTS = """\
T

Will the corridor hold?
Answer: Probably, as long as war-risk cover stays affordable.

- Escorts now sail twice a week.
- Premiums fell by half since June.

Analysis follows.

What should shippers do?
Answer: Book early.

The analysis comes first here.

- So this list stays in the notes.
"""


def test_a_list_right_after_the_answer_goes_on_the_slide_and_stays_in_the_notes() -> None:
    deck = Presentation(io.BytesIO(render_slides(parse(POINTS))))
    first, second = list(deck.slides)[1:]
    body = next(shape for shape in first.placeholders if shape.placeholder_format.idx != 0)
    paragraphs = [paragraph.text for paragraph in body.text_frame.paragraphs]
    assert paragraphs == [
        "Probably, as long as war-risk cover stays affordable.",
        "Escorts now sail twice a week.",
        "Premiums fell by half since June.",
    ]
    xml = body.text_frame._txBody.xml
    assert xml.count("<a:buNone/>") == 1  # the answer: the points keep the template's bullets
    notes = first.notes_slide.notes_text_frame.text
    assert "Escorts now sail twice a week." in notes
    assert "Analysis follows." in notes
    other = next(shape for shape in second.placeholders if shape.placeholder_format.idx != 0)
    assert other.text_frame.text == "Book early."
    assert "So this list stays in the notes." in second.notes_slide.notes_text_frame.text


def test_numbered_points_keep_their_numbers() -> None:
    source = POINTS.replace("- Escorts", "3. Escorts").replace("- Premiums", "4. Premiums")
    plan = plan_slides(parse(source))
    answer = next(text for text in plan.slides[1].texts if not text.heading)
    assert answer.numbered == 3
    assert answer.plain == 1
    data = render_slides(parse(source))
    assert b'startAt="4"' in _slide_xml(data, 2)


def _slide_xml(data: bytes, number: int) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(f"ppt/slides/slide{number}.xml")


def test_points_that_do_not_fit_follow_on_a_slide_of_their_own() -> None:
    items = "\n".join(
        f"- Point {n}: " + "the escorts and the insurers argue over the bill " * 3 for n in range(9)
    )
    source = POINTS.replace("- Escorts now sail twice a week.\n- Premiums fell by half since June.", items)
    plan = plan_slides(parse(source))
    roles = [slide.role for slide in plan.slides]
    assert roles[:2] == ["title", "question"]
    assert "points" in roles
    question = plan.slides[1]
    assert [text.paragraphs for text in question.texts if not text.heading] == [
        ("Probably, as long as war-risk cover stays affordable.",)
    ]
    points = [slide for slide in plan.slides if slide.role == "points"]
    shown = [p for slide in points for text in slide.texts if not text.heading for p in text.paragraphs]
    assert len(shown) == 9
    assert all("(cont.)" in slide.texts[0].paragraphs[0] for slide in points)
    said = [d for d in plan.diagnostics if "points under the answer" in d.message]
    assert len(said) == 1
    assert said[0].line == 6  # the list's first line
    from briefpub.deck.report import strict_failures

    assert strict_failures(plan) >= 1


@needs_libreoffice
@pytest.mark.parametrize("master", ["packaged", "corporate"])
def test_points_render_inside_their_boxes(master: str, tmp_path: Path) -> None:
    from masters import corporate_master

    template = PACKAGE_DECK if master == "packaged" else corporate_master(tmp_path)
    options = SlidesConfig(layouts={"question": "Zweispaltig"}) if master == "corporate" else None
    data = render_slides(parse(sourced()), template=template, options=options)
    deck = tmp_path / "points.pptx"
    deck.write_bytes(data)
    assert words_outside(deck) == []


def test_a_master_in_a_font_the_machine_lacks_keeps_its_sizes(tmp_path: Path) -> None:
    """Segoe UI, not installed, no free twin: measured as Open Sans scaled to it, at the template's sizes."""
    from masters import corporate_master

    path = corporate_master(tmp_path, font="Segoe UI")
    german = {"title": "Titelfolie", "key_points": "Titel und Inhalt", "question": "Titel und Inhalt"}
    briefing = parse(
        "Grain after the ceasefire\n\n• Exports recovered.\n• Insurance sets the price.\n\nQ?\nAnswer: Yes.\n"
    )
    plan = plan_slides(briefing, template=path, options=SlidesConfig(layouts=german))
    for slide in plan.slides:
        for text in slide.texts:
            assert text.size == text.ceiling, (slide.role, text.name)
    (said,) = [d.message for d in plan.diagnostics if "Segoe UI" in d.message]
    assert "measured with Open Sans's widths x 0.946 (scaled to the face's average width as Capsize" in said


def test_key_points_over_two_slides_share_one_size() -> None:
    points = "".join(
        f"• Point {n}: the insurers and the navies argue over who escorts the convoys.\n" for n in range(20)
    )
    plan = plan_slides(parse(f"T\n\n{points}\nQ?\nAnswer: A.\n"))
    lists = [slide for slide in plan.slides if slide.role == "key_points"]
    assert len(lists) == 2
    assert len({text.size for slide in lists for text in slide.texts if not text.heading}) == 1


def test_a_hostile_master_is_painted_and_measured_without_a_traceback(tmp_path: Path) -> None:
    """Malformed numbers and colours, an image that is not one, thousands of shapes: a deck, not a crash."""
    import zipfile

    from masters import A, P

    broken = (
        '<a:gradFill><a:gsLst><a:gs pos="abc"><a:srgbClr val="ZZZZZZ"/></a:gs>'
        '<a:gs pos="100000"><a:schemeClr val="nonsense"><a:lumMod val="x"/></a:schemeClr></a:gs>'
        '</a:gsLst><a:lin ang="north"/></a:gradFill>'
    )
    source = dark_master(tmp_path, background=broken)
    shapes = "".join(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{1000 + n}" name="Dot {n}"/><p:cNvSpPr/>'
        f'<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{n * 97}" y="{n * 53}"/><a:ext cx="bad" cy="9"/>'
        f'</a:xfrm><a:solidFill><a:srgbClr val="123"/></a:solidFill></p:spPr></p:sp>'
        for n in range(3000)
    )
    hostile = tmp_path / "hostile.pptx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(hostile, "w") as out:
        for name in original.namelist():
            data = original.read(name)
            if name.startswith("ppt/media/"):
                data = b"not an image at all"
            elif name == "ppt/slideMasters/slideMaster1.xml":
                data = data.replace(b"</p:spTree>", shapes.encode() + b"</p:spTree>", 1)
            out.writestr(name, data)
    data = render_slides(parse(sourced()), template=hostile, options=FOOTER)
    assert problems(data) == []


def test_tint_and_shade_work_in_linear_light_as_office_does() -> None:
    """tx1 (black) tinted to 75% is the grey PowerPoint and LibreOffice draw (#898989), not #404040."""
    from lxml import etree

    from briefpub.deck.colours import colour, hex_of

    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    tinted = etree.fromstring(f'<a:schemeClr xmlns:a="{a}" val="tx1"><a:tint val="75000"/></a:schemeClr>')
    found = colour(tinted, {"tx1": "000000"})
    assert found is not None
    assert hex_of(found) == "898989"
    shaded = etree.fromstring(f'<a:srgbClr xmlns:a="{a}" val="FFFFFF"><a:shade val="50000"/></a:srgbClr>')
    found = colour(shaded, {})
    assert found is not None
    assert hex_of(found) == "BCBCBC"


def test_one_long_answer_does_not_shrink_the_short_ones() -> None:
    """Of two answers the long one is the outlier: it alone is set smaller, and the report names it."""
    from briefpub.deck.report import fit_report

    long = "Ships queue for weeks while the insurers argue over who pays for the escorts. " * 14
    plan = plan_slides(parse(f"T\n\nShort?\nAnswer: Yes, for now.\n\nLong?\nAnswer: {long}\n"))
    short, longer = (next(t for t in s.texts if not t.heading) for s in plan.slides if s.role == "question")
    assert short.size == short.ceiling == plan.answer_size
    assert longer.size < short.size
    assert "answer smaller than the deck's" in "\n".join(fit_report(plan, "t.txt"))


def test_a_long_title_does_not_grow_across_a_rule_under_it(tmp_path: Path) -> None:
    """Above the body, a long question takes room from it; not where the master draws a rule between."""
    question = (
        "Why have the large container lines, whose ships now sail around the Cape, not come back to the "
        "Suez route after six weeks without a single attack on merchant shipping in the strait, while "
        "insurers in London still price every transit as if the campaign could resume tomorrow, and what "
        "would it take for their boards, their crews' unions and their largest customers to believe that "
        "the risk to the ships, the crews and the cargo is really over this time?"
    )  # too long for the title box even at the minimum, 15 pt on this 10 in slide
    briefing = parse(f"T\n\n{question}\nAnswer: The ceasefire looks fragile.\n")
    ruled_master = dark_master(tmp_path, logo=False, rule=True)
    ruled = plan_slides(briefing, template=ruled_master).slides[1].texts[0]
    plain = plan_slides(briefing, template=dark_master(tmp_path, logo=False)).slides[1].texts[0]
    assert plain.box.height > ruled.box.height  # it grew into the body's box where nothing is in the way
    assert not ruled.moved  # above the rule it stays in its own box, set smaller
    assert ruled.size < plain.size
    deck = tmp_path / "ruled.pptx"
    deck.write_bytes(render_slides(briefing, template=ruled_master))
    assert text_over_artwork(deck) == []


def test_a_figure_caption_goes_in_the_layouts_caption_box(tmp_path: Path) -> None:
    """A layout with a text box under its picture: the caption is set there, in the template's style."""
    from masters import corporate_master

    image = tmp_path / "chart.png"
    from PIL import Image

    Image.new("RGB", (800, 500), (40, 90, 160)).save(image)
    source = tmp_path / "fig.txt"
    source.write_text(
        "T\n\nWhat happened?\nAnswer: Output fell.\n\n![Output by *region*](chart.png)\n\nMore.\n",
        encoding="utf-8",
    )
    briefing = parse(source, root=tmp_path)
    german = {"title": "Titelfolie", "key_points": "Titel und Inhalt", "question": "Titel und Inhalt"}
    options = SlidesConfig(layouts={**german, "figure": "Abbildung mit Legende"})
    master = corporate_master(tmp_path, figure_layout=True)
    plan = plan_slides(briefing, template=master, options=options)
    question = next(slide for slide in plan.slides if slide.role == "question")
    assert question.figure is not None
    assert [aside.kind for aside in question.asides] == []  # no caption box of briefpub's own
    caption = next(text for text in question.texts if text.name == "Legende")
    assert caption.paragraphs == ("Figure 1  Output by region",)
    assert caption.runs[0][0].bold
    deck = tmp_path / "fig.pptx"
    deck.write_bytes(render_slides(briefing, template=master, options=options))
    slide = list(Presentation(str(deck)).slides)[1]
    texts = {shape.placeholder_format.idx: shape.text_frame.text for shape in slide.placeholders}
    assert texts[3] == "Figure 1  Output by region"  # idx 3: "Legende", under the picture


def test_a_watermark_over_most_of_the_body_is_a_backdrop_not_an_obstacle(tmp_path: Path) -> None:
    """A shape covering the middle of the body box would leave too little room: the text sits over it."""
    from pptx import Presentation as Open

    path = dark_master(tmp_path, logo=False)
    deck = Open(str(path))
    tree = deck.slide_master._element.find(f"{{{P_NS}}}cSld/{{{P_NS}}}spTree")
    tree.append(
        etree.fromstring(
            f'<p:sp xmlns:p="{P_NS}" xmlns:a="{A_NS}"><p:nvSpPr><p:cNvPr id="99" name="Watermark"/>'
            "<p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
            '<p:spPr><a:xfrm><a:off x="1828800" y="2286000"/><a:ext cx="5486400" '
            'cy="2743200"/></a:xfrm><a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom><a:solidFill>'
            '<a:srgbClr val="123A2A"/></a:solidFill></p:spPr></p:sp>'
        )
    )
    marked = tmp_path / "watermark.pptx"
    deck.save(str(marked))
    layout = next(
        layout for layout in load_master(marked).template.layouts if layout.name == "Title and Content"
    )
    body = layout.text()
    assert body is not None
    assert "Watermark" not in body.avoided


def test_a_duotone_photograph_behind_a_background_style_keeps_the_template_s_white(tmp_path: Path) -> None:
    """``bgRef`` to a theme's picture fill, recoloured dark teal: white reads there, so white it stays."""
    plan = plan_slides(parse(sourced()), template=duotone_master(tmp_path))
    for slide in plan.slides:
        for text in slide.texts:
            assert text.color is None, (slide.layout, text.name)
            assert text.shows == "FFFFFF"
    assert not [d for d in plan.diagnostics if "contrast" in d.message]


FRAME = (
    # A thin light frame round the slide: a custom path (a square less a square), its bounding box most
    # of the slide, though it covers none of the text boxes.
    '<p:sp xmlns:p="{p}" xmlns:a="{a}"><p:nvSpPr><p:cNvPr id="98" name="Frame"/><p:cNvSpPr/><p:nvPr/>'
    '</p:nvSpPr><p:spPr><a:xfrm><a:off x="182880" y="182880"/><a:ext cx="8778240" cy="6492240"/></a:xfrm>'
    '<a:custGeom><a:avLst/><a:gdLst/><a:rect l="0" t="0" r="r" b="b"/><a:pathLst><a:path w="1000" h="1000">'
    '<a:moveTo><a:pt x="0" y="0"/></a:moveTo><a:lnTo><a:pt x="1000" y="0"/></a:lnTo>'
    '<a:lnTo><a:pt x="1000" y="1000"/></a:lnTo><a:lnTo><a:pt x="0" y="1000"/></a:lnTo><a:close/>'
    '<a:moveTo><a:pt x="10" y="10"/></a:moveTo><a:lnTo><a:pt x="990" y="10"/></a:lnTo>'
    '<a:arcTo wR="20" hR="20" stAng="-5400000" swAng="5400000"/><a:lnTo><a:pt x="1010" y="990"/></a:lnTo>'
    '<a:lnTo><a:pt x="10" y="990"/></a:lnTo><a:close/></a:path></a:pathLst></a:custGeom>'
    '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="ADDDE0"/></a:gs><a:gs pos="100000">'
    '<a:srgbClr val="79B8A8"/></a:gs></a:gsLst><a:lin ang="5400000" scaled="1"/></a:gradFill>'
    "</p:spPr></p:sp>"
)


def test_a_thin_frame_drawn_as_a_custom_path_leaves_the_dark_background_behind_the_text(
    tmp_path: Path,
) -> None:
    """A custom shape is painted as its path fills it, not as its light bounding box."""
    from pptx import Presentation as Open

    deck = Open(str(dark_master(tmp_path, logo=False)))
    tree = deck.slide_master._element.find(f"{{{P_NS}}}cSld/{{{P_NS}}}spTree")
    tree.append(etree.fromstring(FRAME.format(p=P_NS, a=A_NS)))
    arced = tmp_path / "framed.pptx"
    deck.save(str(arced))
    plan = plan_slides(parse(sourced()), template=arced)
    question = next(slide for slide in plan.slides if slide.role == "question")
    assert [text.color for text in question.texts] == [None, None]  # the template's light text reads
    layout = next(
        layout for layout in load_master(arced).template.layouts if layout.name == "Title and Content"
    )
    assert load_master(arced).template.surfaces is not None
    painting = load_master(arced).template.surfaces.of(layout.master, layout.index, layout.colours)  # type: ignore[union-attr]
    assert max(painting.behind(Box(200, 200, 100, 100))) < 0.05  # inside the frame: the dark green


def test_a_faint_glow_is_no_obstacle(tmp_path: Path) -> None:
    """A 15% tint reaching into the body box leaves it whole; the same shape opaque is kept clear of."""
    from pptx import Presentation as Open

    for alpha, avoided in ((15000, False), (100000, True)):
        deck = Open(str(dark_master(tmp_path, logo=False)))
        tree = deck.slide_master._element.find(f"{{{P_NS}}}cSld/{{{P_NS}}}spTree")
        tree.append(
            etree.fromstring(
                f'<p:sp xmlns:p="{P_NS}" xmlns:a="{A_NS}"><p:nvSpPr><p:cNvPr id="97" name="Glow"/>'
                "<p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
                '<p:spPr><a:xfrm><a:off x="5486400" y="1463040"/><a:ext cx="3657600" cy="1828800"/></a:xfrm>'
                '<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="9FE0C0">'
                f'<a:alpha val="{alpha}"/></a:srgbClr></a:solidFill></p:spPr></p:sp>'
            )
        )
        path = tmp_path / f"glow-{alpha}.pptx"
        deck.save(str(path))
        layout = next(
            layout for layout in load_master(path).template.layouts if layout.name == "Title and Content"
        )
        body = layout.text()
        assert body is not None
        assert ("Glow" in body.avoided) is avoided


BRIGHT_EDGE = (
    '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="0B2E1F"/></a:gs>'
    '<a:gs pos="85000"><a:srgbClr val="0B2E1F"/></a:gs><a:gs pos="90000"><a:srgbClr val="CCCCCC"/></a:gs>'
    '<a:gs pos="100000"><a:srgbClr val="CCCCCC"/></a:gs></a:gsLst><a:lin ang="0"/></a:gradFill>'
)
"""Dark green over most of the slide, light grey along its right edge: no colour reads over all of it."""


def test_where_no_colour_reads_everywhere_the_one_reading_over_most_of_the_box_wins(tmp_path: Path) -> None:
    plan = plan_slides(parse(sourced()), template=dark_master(tmp_path, logo=False, background=BRIGHT_EDGE))
    question = next(slide for slide in plan.slides if slide.role == "question")
    for text in question.texts:
        shown = rgb_of(text.shows)
        assert shown is not None
        assert contrast(shown, (11, 46, 31)) >= 3, text.shows  # reads on the green that is most of it
    said = [d.message for d in plan.diagnostics if "contrast" in d.message]
    assert any("the one that reads over most of it" in message for message in said)


def test_a_hostile_custom_shape_is_painted_within_its_bounds(tmp_path: Path) -> None:
    """A path of 60,000 points is cut at MAX_POINTS; one whose values are formulas is its bounding box."""
    from pptx import Presentation as Open

    from briefpub.deck import surface

    many = "".join(f'<a:lnTo><a:pt x="{n % 1000}" y="{(n * 7) % 1000}"/></a:lnTo>' for n in range(60_000))
    guided = '<a:lnTo><a:pt x="r" y="b"/></a:lnTo><a:lnTo><a:pt x="0" y="b"/></a:lnTo>'
    for name, body in (("many", many), ("guided", guided)):
        deck = Open(str(dark_master(tmp_path, logo=False)))
        tree = deck.slide_master._element.find(f"{{{P_NS}}}cSld/{{{P_NS}}}spTree")
        tree.append(
            etree.fromstring(
                f'<p:sp xmlns:p="{P_NS}" xmlns:a="{A_NS}"><p:nvSpPr><p:cNvPr id="96" name="Path"/>'
                '<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/>'
                '<a:ext cx="9144000" cy="6858000"/></a:xfrm><a:custGeom><a:pathLst><a:path w="1000" h="1000">'
                f'<a:moveTo><a:pt x="0" y="0"/></a:moveTo>{body}<a:close/></a:path></a:pathLst></a:custGeom>'
                '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></p:spPr></p:sp>',
                parser=etree.XMLParser(huge_tree=True),
            )
        )
        path = tmp_path / f"path-{name}.pptx"
        deck.save(str(path))
        plan = plan_slides(parse(sourced()), template=path)  # painted, measured: no traceback
        assert plan.slides
    assert surface.MAX_POINTS <= 20_000
