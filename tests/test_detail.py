"""A logo baked into a background picture is found in its painting, and text keeps clear of it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefpub import parse
from briefpub.deck.detail import CELL_PT, busy_boxes
from briefpub.deck.geometry import Box
from briefpub.deck.slides import plan_slides
from masters import BAKED_LOGO, pictured_master

SCALE = 0.25


def _painting(width: int = 180, height: int = 135, value: float = 0.85) -> list[list[float]]:
    return [[value] * width for _ in range(height)]


def _draw(painting: list[list[float]], box: Box, value: float) -> None:
    for row in range(round(box.top * SCALE), round(box.bottom * SCALE)):
        for column in range(round(box.left * SCALE), round(box.right * SCALE)):
            painting[row][column] = value


def test_a_dark_patch_on_a_pale_picture_is_found_where_it_is() -> None:
    painting = _painting()
    logo = Box(40, 24, 120, 40)
    _draw(painting, logo, 0.05)
    (found,) = busy_boxes(painting, SCALE)
    assert found.contains(logo)
    assert found.left >= logo.left - 2 * CELL_PT
    assert found.right <= logo.right + 2 * CELL_PT
    assert found.bottom <= logo.bottom + 2 * CELL_PT


def test_shading_specks_and_rules_are_not_obstacles() -> None:
    painting = _painting()
    _draw(painting, Box(0, 200, 720, 120), 0.7)  # a soft shade: under 2:1
    _draw(painting, Box(300, 100, 4, 4), 0.0)  # a speck
    _draw(painting, Box(0, 80, 500, 4), 0.0)  # a rule under the title
    assert busy_boxes(painting, SCALE) == []


def test_a_logo_touching_a_rule_is_found_without_the_rule() -> None:
    painting = _painting()
    logo = Box(40, 24, 120, 40)
    _draw(painting, logo, 0.05)
    _draw(painting, Box(0, 64, 600, 4), 0.05)  # the rule runs on from under the logo
    (found,) = busy_boxes(painting, SCALE)
    assert found.contains(logo)
    assert found.right < 200


def test_nothing_is_found_on_an_empty_painting() -> None:
    assert busy_boxes([], SCALE) == []
    assert busy_boxes(_painting(value=0.3), SCALE) == []


BRIEF = """A title

Where does the logo sit?

Answer: In the background picture, under the left of the title box, where no shape says it is.
"""


def test_titles_keep_clear_of_a_logo_baked_into_the_background_picture(tmp_path: Path) -> None:
    plan = plan_slides(parse(BRIEF), template=pictured_master(tmp_path))
    logo = Box(*BAKED_LOGO)
    question = next(slide for slide in plan.slides if slide.role == "question")
    title = next(text for text in question.texts if text.heading)
    assert not title.box.overlaps(logo), title.box
    assert title.avoided == ("detail of the background picture",)
    assert title.box.width > 400  # the box keeps the room right of the logo


def test_the_backdrop_is_painted_once_and_kept_like_the_layouts(tmp_path: Path) -> None:
    from briefpub.cache import Cache
    from briefpub.deck.detail import with_detail
    from briefpub.deck.master import load_master
    from briefpub.deck.paintings import PAINTED, Paintings
    from briefpub.deck.surface import Surfaces

    master = load_master(pictured_master(tmp_path))
    template = master.template
    cache = Cache(None)
    painted = PAINTED[master.digest]
    for _ in range(2):  # a fresh run each time: nothing painted in this process is kept
        fresh = Surfaces(master.open(), {0: None})
        fresh.store = Paintings(cache, master.digest)
        found = with_detail(dataclasses.replace(template, surfaces=fresh))
        assert any(layout.detail for layout in found.layouts)
    assert PAINTED[master.digest] == painted + 1  # one backdrop for every layout of the master, once
    assert [name for name in cache.new if name.startswith("detail-")] != []


@pytest.mark.parametrize(
    "payload",
    [b"not json", b"[" * 100_000, b'{"boxes": []}', b"[[1, 2, 3]]", b'[[1, 2, 3, "4"]]', b"[[1, 2, 3, NaN]]"],
)
def test_a_tampered_kept_search_is_ignored(payload: bytes) -> None:
    from briefpub.deck.paintings import _decode_boxes

    assert _decode_boxes(payload) is None
    assert _decode_boxes(b"[[1, 2, 3, 4.5]]") == [Box(1, 2, 3, 4.5)]


def test_a_photograph_over_much_of_the_slide_is_no_obstacle() -> None:
    painting = _painting()
    for row in range(20, 120):  # a busy photograph over the lower two thirds, stripes 1 pixel apart
        for column in range(0, 180, 2):
            painting[row][column] = 0.05
    logo = Box(40, 8, 80, 32)
    _draw(painting, logo, 0.05)
    (found,) = busy_boxes(painting, SCALE)
    assert found.contains(logo)
    assert found.bottom < 80
