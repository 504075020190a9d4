"""A cover without a title box still carries the brand: the deck's title goes in its clear area."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from briefpub import parse
from briefpub.config import SlidesConfig
from briefpub.deck.cover import GRID, clear_area
from briefpub.deck.geometry import Box
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.errors import TemplateError
from deckcheck import HAVE_LIBREOFFICE, words_outside
from masters import COVER_LOGO, COVER_PHOTO, COVER_SLOT, cover_master

INCH = 72.0
SLIDE = Box(0, 0, 960, 540)

BRIEFING = """---
subtitle: Briefing for the board
date: 2022-02-01
author: Jane Analyst
---
Grain corridors after the ceasefire

Will the corridor hold?

Answer: Probably, as long as war-risk cover stays affordable.

The navy escorts no longer sail every day.
"""


def _inches(box: tuple[float, float, float, float]) -> Box:
    return Box(*(value * INCH for value in box))


def _near(found: Box | None, expected: Box) -> None:
    """Assert ``found`` lies within ``expected`` and short of it by less than a grid cell on each side."""
    assert found is not None
    grown = Box(expected.left - 1e-6, expected.top - 1e-6, expected.width + 2e-6, expected.height + 2e-6)
    assert grown.contains(found), found
    cell = max(SLIDE.width, SLIDE.height) / GRID
    assert found.left - expected.left < cell
    assert found.top - expected.top < cell
    assert expected.right - found.right < cell
    assert expected.bottom - found.bottom < cell


def test_the_clear_area_is_the_largest_rectangle_no_obstacle_reaches() -> None:
    photo, logo = Box(0, 0, 300, 540), Box(800, 30, 120, 60)
    found = clear_area(SLIDE, [photo, logo], margin=20)
    _near(found, Box(320, 110, 620, 410))  # right of the photo, under the logo, 20 pt from all


def test_the_clear_area_keeps_its_margin_from_the_slide_edges() -> None:
    _near(clear_area(SLIDE, [], margin=30), Box(30, 30, 900, 480))


def test_the_clear_area_between_obstacles_is_found() -> None:
    left, right, band = Box(0, 0, 200, 540), Box(760, 0, 200, 540), Box(200, 0, 560, 100)
    _near(clear_area(SLIDE, [left, band, right], margin=10), Box(210, 110, 540, 420))


def test_the_clear_area_takes_bounded_time_among_many_obstacles() -> None:
    specks = [Box(x * 9.0, y * 9.0, 2, 2) for x in range(108) for y in range(61)]  # 6,588 of them
    assert clear_area(SLIDE, specks, margin=1, min_width=100, min_height=10) is None


def test_no_clear_area_is_big_enough_when_the_art_fills_the_slide() -> None:
    assert clear_area(SLIDE, [Box(0, 0, 960, 500)], margin=20, min_height=60) is None
    assert clear_area(SLIDE, [Box(100, 100, 10, 10)], margin=300) is None
    assert clear_area(SLIDE, [Box(0, 0, 500, 540)], margin=10, min_width=500) is None


def test_a_cover_with_a_picture_and_a_logo_but_no_title_box_carries_the_title(tmp_path: Path) -> None:
    master = cover_master(tmp_path)
    plan = plan_slides(parse(BRIEFING), template=master)
    cover = plan.slides[0]
    assert (cover.role, cover.layout) == ("title", "Cover")
    title, subtitle = cover.texts
    assert title.added
    assert title.heading
    assert title.paragraphs[0].replace("\xa0", " ") == "Grain corridors after the ceasefire"
    assert subtitle.added
    assert subtitle.paragraphs[0].replace("\xa0", " ") == "Briefing for the board"
    slide = Box(0, 0, plan.width, plan.height)
    for text in (title, subtitle):
        assert slide.contains(text.box)
        for art in (_inches(COVER_PHOTO), _inches(COVER_LOGO)):
            assert not text.box.overlaps(art), (text.name, text.box, art)
    assert title.size >= title.minimum
    assert title.size > subtitle.size  # the deck's title is the largest text on the slide
    assert max(t.size for s in plan.slides for t in s.texts) == title.size
    assert not [d for d in plan.diagnostics if "Cover" in d.message]


def test_the_covers_title_is_written_as_the_slides_title_in_its_box(tmp_path: Path) -> None:
    master = cover_master(tmp_path)
    plan = plan_slides(parse(BRIEFING), template=master)
    deck = Presentation(io.BytesIO(render_slides(parse(BRIEFING), template=master)))
    first = deck.slides[0]
    assert first.slide_layout.name == "Cover"
    shapes = list(first.shapes)
    title = shapes[0]  # first in the reading order
    assert title.is_placeholder
    assert title.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE
    assert title.text_frame.text.replace("\xa0", " ") == "Grain corridors after the ceasefire"
    planned = plan.slides[0].texts[0]
    assert (title.left, title.top) == (round(planned.box.left * 12700), round(planned.box.top * 12700))
    sizes = {run.font.size.pt for p in title.text_frame.paragraphs for run in p.runs}
    assert sizes == {planned.size}
    assert {p.runs[0].font.name for p in title.text_frame.paragraphs} == {planned.font}


@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="LibreOffice is not installed")
def test_the_covers_title_stays_in_its_box_when_rendered(tmp_path: Path) -> None:
    deck = tmp_path / "cover.pptx"
    deck.write_bytes(render_slides(parse(BRIEFING), template=cover_master(tmp_path)))
    assert words_outside(deck) == []


def test_a_cover_with_no_room_for_the_title_is_left_to_the_mapping(tmp_path: Path) -> None:
    crowded = cover_master(tmp_path, logo=(4.4, 0.2, 8.8, 7.0))  # a picture over all the rest
    with pytest.raises(TemplateError) as refused:
        plan_slides(parse(BRIEFING), template=crowded)
    assert "[slides.layouts] title" in str(refused.value)


@pytest.mark.parametrize("mapped", [False, True])
def test_a_cover_named_nothing_like_one_is_its_masters_first_layout(tmp_path: Path, mapped: bool) -> None:
    master = cover_master(tmp_path, name="Brand opener")
    options = SlidesConfig(layouts={"title": "Brand opener"} if mapped else {})
    plan = plan_slides(parse(BRIEFING), template=master, options=options)
    assert plan.slides[0].layout == "Brand opener"
    assert plan.slides[0].texts[0].added


def test_a_blank_title_slide_is_no_cover_unless_mapped(tmp_path: Path) -> None:
    blank = cover_master(
        tmp_path, name="Title Slide", logo=(20.0, 0.0, 1.0, 1.0), photo=False
    )  # art off the slide
    with pytest.raises(TemplateError) as refused:
        plan_slides(parse(BRIEFING), template=blank)
    assert "no title placeholder" in str(refused.value)
    plan = plan_slides(
        parse(BRIEFING), template=blank, options=SlidesConfig(layouts={"title": "Title Slide"})
    )
    assert plan.slides[0].texts[0].added  # the user's choice is honoured


def test_an_empty_picture_slot_the_title_slide_leaves_out_is_room_for_the_title(tmp_path: Path) -> None:
    master = cover_master(tmp_path, slot=True)
    plan = plan_slides(parse(BRIEFING), template=master)
    title = plan.slides[0].texts[0]
    assert title.added
    assert title.box.overlaps(_inches(COVER_SLOT))  # the slot is not shown: its room is the title's
    deck = Presentation(io.BytesIO(render_slides(parse(BRIEFING), template=master)))
    kinds = [shape.placeholder_format.type for shape in deck.slides[0].placeholders]
    assert kinds == [PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE]
