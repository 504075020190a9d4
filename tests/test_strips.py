"""Masters whose text boxes are thin strips that grow with their text (Google Slides exports), and sizes
scaled to the slide's width."""

from __future__ import annotations

import io
import re
from pathlib import Path
from types import MappingProxyType

import pytest
from pptx import Presentation

from briefpub.config import SlidesConfig
from briefpub.deck.geometry import Box, grown
from briefpub.deck.layouts import size_scale
from briefpub.deck.master import Placeholder, describe_template, load_master
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.deck.strips import GAP, MAX_GROWING, grow_strips, grows
from briefpub.deck.styles import TextStyle
from briefpub.errors import TemplateError
from briefpub.reader.structure import parse
from deckcheck import HAVE_LIBREOFFICE, words_outside
from masters import STRIP_BODY, STRIP_FURNITURE, STRIP_LOGO, STRIP_TITLE, google_slides_master

INCH = 72.0
KEY_POINTS = (
    "Kazakh President Tokayev and Russian President Putin's camaraderie emerged in January when Russia "
    "led CSTO troops into Kazakhstan to push back fighters.",
    "The intervention has given Tokayev full power in Kazakhstan but will also likely increase Russian "
    "influence in the country.",
    "It is yet to be seen how Tokayev will manage to manoeuvre Kazakh foreign policy in the face of the "
    "Sino-Russian entente and waning Western influence in the region.",
)
QUESTIONS = (
    (
        "Why are Tokayev and Putin in camaraderie?",
        "Kazakhstan's President Kassym-Jomart Tokayev seizes full control of the country, thanks to "
        "Russian President Vladimir Putin's help.",
    ),
    (
        "What is driving Putin?",
        "Putin seeks to illustrate Russia's resolve to defend its spheres of influence and have leverage "
        "in the region.",
    ),
    (
        "What is driving Tokayev, and how far will he go to balance the foreign influences on his country "
        "while he pushes his reforms through?",
        "Tokayev seeks to balance between competing foreign influences in Kazakhstan and handle his own "
        "shortcomings in order to push forward social and economic reforms. " * 3,
    ),
)
SOURCE = (
    "---\ndate: 2022-01-20\npublication: Eurasia Weekly\n---\n"
    "Putin and Tokayev's camaraderie in the January crisis in Kazakhstan\n\n"
    + "".join(f"• {point}\n" for point in KEY_POINTS)
    + "".join(f"\n{question}\n\nAnswer: {answer}\n" for question, answer in QUESTIONS)
)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.replace("\u2060", "").replace("\xa0", " "))


def _style(autofit: str, height_lines: float = 1.0, size: float = 18.0, vertical: str = "horz") -> TextStyle:
    return TextStyle(
        latin="Calibri", east_asian=None, complex_script=None, size=size, bold=False, italic=False,
        caps=False, tracking=0.0, insets=(0.0, 0.0, 0.0, 0.0), indent=0.0, bullet=False, align="l",
        autofit=autofit, anchor="t", vertical=vertical,
    )  # fmt: skip


# The rule, on its own -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("autofit", "height", "vertical", "expected"),
    [
        ("normal", 21.6, "horz", True),  # one 18 pt line: a strip that autofits grows
        ("normal", 26.0, "horz", True),  # a little more than a line is still a strip
        ("normal", 100.0, "horz", False),  # a box of a few lines only shrinks its text on overflow
        ("none", 21.6, "horz", False),  # no autofit: the box is what the template draws
        ("shape", 300.0, "horz", True),  # "resize shape to fit text" grows whatever its size
        ("shape", 21.6, "vert", False),  # set on its side it would grow sideways: kept
    ],
)
def test_which_boxes_grow_with_their_text(autofit: str, height: float, vertical: str, expected: bool) -> None:
    assert grows(_style(autofit, vertical=vertical), Box(36, 16, 648, height)) is expected


SLIDE = Box(0, 36, 720, 333)  # a 10 x 5.62 in slide less half-inch margins


def test_a_strip_set_from_its_top_grows_down_to_the_next_obstacle() -> None:
    strip = Box(36, 93, 648, 21.6)
    band = Box(36, 383, 648, 21.6)  # the furniture along the foot
    assert grown(strip, "t", [band], Box(0, 0, 720, 405), GAP).bottom == pytest.approx(383 - GAP)
    assert grown(strip, "t", [band], SLIDE, GAP) == Box(36, 93, 648, SLIDE.bottom - 93)  # the margin first
    below = Box(300, 200, 50, 50)  # a logo across part of its width
    assert grown(strip, "t", [below], SLIDE, GAP).bottom == 200 - GAP


def test_a_strip_grows_as_its_anchor_grows_it() -> None:
    strip = Box(36, 150, 648, 21.6)
    up = grown(strip, "b", [], SLIDE, GAP)
    assert (up.top, up.bottom) == (SLIDE.top, strip.bottom)  # set from its foot: upwards
    title = Box(36, 40, 648, 21.6)
    both = grown(title, "ctr", [Box(36, 120, 648, 200)], SLIDE, GAP)
    assert both.top == SLIDE.top  # centred: both ways alike, as far as the nearer side allows
    assert both.bottom == pytest.approx(title.bottom + (title.top - SLIDE.top))


def test_what_is_beside_a_strip_or_reaches_into_it() -> None:
    strip = Box(36, 93, 400, 21.6)
    beside = Box(500, 100, 200, 200)  # a picture to its right: not in its way
    assert grown(strip, "t", [beside], SLIDE, GAP).bottom == SLIDE.bottom
    panel = Box(20, 80, 440, 150)  # a panel it is drawn on: it stays on it
    assert grown(strip, "t", [panel], SLIDE, GAP).bottom == panel.bottom
    reaching = Box(300, 100, 50, 100)  # reaching into it from inside and on below: it stays as drawn
    assert grown(strip, "t", [reaching], SLIDE, GAP) == strip
    tall = Box(36, 93, 648, 400)  # taller than the room: never made smaller
    assert grown(tall, "t", [], SLIDE, GAP) == tall


@pytest.mark.parametrize(
    ("width", "scale"), [(720, 0.75), (540, 0.75), (959.97, 1.0), (960, 1.0), (1440, 1.5)]
)
def test_minimum_sizes_scale_with_the_slide_s_width_down_to_three_quarters(
    width: float, scale: float
) -> None:
    assert size_scale(width) == scale


def test_a_layout_of_many_thousand_strips_grows_only_a_few() -> None:
    """A hostile layout: each grown box is measured against every other, so only the first few grow."""
    strips = [
        Placeholder(n, "body", f"strip {n}", Box(36, 20 + n * 0.01, 648, 21.6), _style("normal"))
        for n in range(20_000)
    ]
    placed = grow_strips(strips, [Box(0, 380, 720, 25)] * 2000, 720, 405)
    assert sum(placeholder.grown for placeholder in placed) <= MAX_GROWING
    assert placed[MAX_GROWING:] == tuple(strips[MAX_GROWING:])


# A Google Slides master ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def strips(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return google_slides_master(tmp_path_factory.mktemp("strips"))


def test_the_strips_grow_into_the_room_below_them(strips: Path) -> None:
    template = load_master(strips).template
    layout = template.find("Title and Content")[0]
    title, body = layout.title(), layout.text()
    assert title is not None
    assert body is not None
    for placeholder, drawn in ((title, STRIP_TITLE), (body, STRIP_BODY)):
        assert placeholder.drawn.top == pytest.approx(drawn[1] * INCH)
        assert placeholder.drawn.height == pytest.approx(drawn[3] * INCH)
    assert title.grown
    assert body.grown
    assert title.box.bottom == pytest.approx(STRIP_BODY[1] * INCH - GAP)  # down to the body
    assert body.box.bottom == pytest.approx(STRIP_FURNITURE["dt"][1] * INCH - GAP)  # down to the footer band
    assert "grows with its text (autofit)" in describe_template(template)


def test_a_deck_on_strips_is_presentable(strips: Path) -> None:
    said: list[str] = []
    plan = plan_slides(parse(SOURCE), template=strips, warn=lambda d: said.append(str(d)))
    assert not [message for message in said if "below the" in message or "continues" in message]
    assert [slide.role for slide in plan.slides] == ["title", "key_points", *["question"] * len(QUESTIONS)]
    titles = [text for slide in plan.slides[1:] for text in slide.texts if text.heading]
    assert {title.size for title in titles} == {18}  # the template's size, above the 15 pt minimum
    assert min(title.minimum for title in titles) == 15  # 20 pt on a 13.33 in slide, scaled to 10 in
    whole = Box(0, 0, plan.width, plan.height)
    for slide in plan.slides:
        texts = [text for text in slide.texts if any(paragraph.strip() for paragraph in text.paragraphs)]
        assert len(texts) == 2  # a title and its text: no empty slide
        assert all(whole.contains(text.box) and text.lines_used <= text.lines_available for text in texts)
    key_points = plan.slides[1].texts[1]
    assert key_points.paragraphs == KEY_POINTS  # on one slide, in the room under the strip
    assert key_points.size == 18


def test_every_word_of_the_briefing_is_on_the_slides(strips: Path, tmp_path: Path) -> None:
    data = render_slides(parse(SOURCE), template=strips)
    deck = Presentation(io.BytesIO(data))
    shown = " ".join(  # the titles and texts, the furniture left out
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.placeholders
        if shape.placeholder_format.idx < 2
    )
    text = SOURCE.split("---\n")[2]
    expected = [*_words(text.replace("Answer:", "").replace("•", "")), "Key", "points"]
    expected += ["Eurasia", "Weekly", "January", "20", "2022"]
    assert sorted(_words(shown)) == sorted(expected)
    body = next(shape for shape in list(deck.slides)[1].placeholders if shape.placeholder_format.idx == 1)
    assert body.height > 3 * 914400  # written in the grown box, not the 0.30 in strip
    if HAVE_LIBREOFFICE:
        path = tmp_path / "strips.pptx"
        path.write_bytes(data)
        assert words_outside(path) == []


def test_lowered_minimums_on_strips_still_fill_the_room(strips: Path) -> None:
    """Corpus ``otelo2``: minimums lowered to 8 pt gave tiny text and key points one to a slide."""
    low = SlidesConfig(title_min_pt=8, body_min_pt=8)
    plan = plan_slides(parse(SOURCE), template=strips, options=low)
    assert len(plan.slides) == 2 + len(QUESTIONS)
    assert plan.slides[1].texts[1].size == 18
    assert all(text.size >= 15 for slide in plan.slides[1:] for text in slide.texts)


def test_strips_that_do_not_autofit_are_what_the_template_draws(tmp_path: Path) -> None:
    fixed = google_slides_master(tmp_path, autofit="noAutofit")
    with pytest.raises(
        TemplateError, match=r"one line of 15 pt \(the 20 pt minimum of a 13.33 in slide, scaled"
    ):
        plan_slides(parse(SOURCE), template=fixed)
    grown_anyway = google_slides_master(tmp_path, autofit="spAutoFit")
    options = SlidesConfig(layouts=MappingProxyType({}))
    assert len(plan_slides(parse(SOURCE), template=grown_anyway, options=options).slides) == 2 + len(
        QUESTIONS
    )


def test_a_strip_grows_only_down_to_a_logo_baked_into_the_background_picture(tmp_path: Path) -> None:
    plan = plan_slides(parse(SOURCE), template=google_slides_master(tmp_path, logo=True))
    logo = Box(*STRIP_LOGO)
    for slide in plan.slides[1:]:
        title, text = slide.texts
        assert text.box.bottom <= logo.top  # grown, but not over the logo
        assert text.box.height > 2 * INCH
        assert title.box.height > STRIP_TITLE[3] * INCH
    assert plan.slides[1].texts[1].paragraphs == KEY_POINTS
