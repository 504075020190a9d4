"""Slide number, footer and date keep the place, size and turn the template gives them."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefpub.config import SlidesConfig
from briefpub.deck import furniture
from briefpub.deck.geometry import Box
from briefpub.deck.master import load_master
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.reader.structure import parse
from deckcheck import HAVE_LIBREOFFICE, render
from masters import furniture_master

needs_libreoffice = pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="LibreOffice is not installed")

BRIEFING = parse(
    "---\ndate: 2026-11-23\npublication: Meridian Risk Weekly\n---\nTitle\n\n"
    "What role do insurers play?\n\nAnswer: War-risk premiums decide the economics of each transit.\n"
)
SLIDE = Box(0, 0, 960, 540)
INSETS = (7.2, 3.6, 7.2, 3.6)


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return furniture_master(tmp_path_factory.mktemp("furniture"))


def test_furniture_is_never_squeezed_below_a_line_or_off_the_slide(master: Path) -> None:
    template = load_master(master).template
    deck = plan_slides(BRIEFING, template=master)
    question = next(slide for slide in deck.slides if slide.role == "question")
    layout = next(
        layout
        for layout in template.layouts
        if (layout.master, layout.index) == (question.master, question.layout_index)
    )
    by_idx = {p.idx: p for p in layout.placeholders}
    assert {item.kind for item in question.furniture} == {"sldNum", "dt", "ftr"}
    for item in question.furniture:
        placeholder = by_idx[item.placeholder]
        box = item.box or placeholder.box
        _, top, _, bottom = placeholder.style.insets
        assert box.height >= 1.2 * placeholder.style.size + top + bottom, item.kind  # one line of it
        assert box.width >= placeholder.style.size, item.kind
        shown = furniture.visual_box(box, placeholder.rotation)
        assert shown.intersection(Box(0, 0, deck.width, deck.height)) >= 0.9 * shown.area, item.kind


@needs_libreoffice
@pytest.mark.parametrize("vertical", ["", "vert270"])
def test_a_footer_set_up_the_right_edge_stays_there(tmp_path: Path, vertical: str) -> None:
    path = furniture_master(tmp_path, vertical=vertical)
    deck = plan_slides(BRIEFING, template=path)
    assert next(item for item in deck.slides[1].furniture if item.kind == "ftr").box is None
    out = tmp_path / "deck.pptx"
    out.write_bytes(render_slides(BRIEFING, template=path))
    page = render(out)[1]
    words = [word for word in page.words if word.text in ("Meridian", "Risk", "Weekly")]
    assert len(words) == 3
    for word in words:  # on its side, up the right edge, on the slide
        assert word.y1 - word.y0 > word.x1 - word.x0
        assert page.width - 40 < word.x0
        assert word.x1 <= page.width


def test_furniture_moves_beside_artwork_only_where_a_line_of_it_fits() -> None:
    logo = ("Logo", Box(900, 500, 60, 40))
    box = Box(700, 505, 250, 28)  # a right-aligned slide number whose words lie on the logo
    moved = furniture.place(box, 0, False, INSETS, "r", "ctr", 14, 12, [logo], SLIDE)
    assert moved.box == Box(700, 505, 200, 28)  # left of the logo, still a full line tall
    arc = ("Arc", Box(700, 480, 260, 50))
    kept = furniture.place(box, 0, False, INSETS, "r", "ctr", 14, 12, [arc], SLIDE)
    assert kept.box is None
    assert not kept.dropped
    band = ("Band", Box(0, 505.3, 960, 34.7))  # the box a hair taller than the band it sits on
    assert furniture.place(box, 0, False, INSETS, "r", "ctr", 14, 12, [band], SLIDE).box is None


def test_furniture_the_template_puts_off_the_slide_is_dropped_with_a_warning(tmp_path: Path) -> None:
    gone = furniture.place(Box(1000, 505, 100, 28), 0, False, INSETS, "r", "ctr", 14, 12, [], SLIDE)
    assert gone.dropped == "its box lies off the slide"
    turned = furniture.place(Box(780, 250, 300, 30), 270, False, INSETS, "l", "ctr", 100, 12, [], SLIDE)
    assert not turned.dropped  # on its side it stands inside the right edge
    messages: list[str] = []
    options = SlidesConfig(layouts=MappingProxyType({}))
    moved = furniture_master(tmp_path, footer=(3.0, 8.0, 4.0, 0.35))  # below the slide
    deck = plan_slides(BRIEFING, template=moved, options=options, warn=lambda d: messages.append(str(d)))
    assert all(item.kind != "ftr" for item in deck.slides[1].furniture)
    assert any("the footer is left out: its box lies off the slide" in m for m in messages)


def test_furniture_colour_is_measured_behind_its_words_not_its_whole_box(tmp_path: Path) -> None:
    """A black logo at the far end of the date's box, away from its words, leaves its colour alone."""
    from lxml import etree
    from pptx import Presentation

    from masters import P, _shape_xml

    deck = Presentation(str(furniture_master(tmp_path)))
    tree = deck.slide_master._element.find(f"{{{P}}}cSld/{{{P}}}spTree")
    tree.append(etree.fromstring(_shape_xml(82, "Logo", (10.95, 7.1, 0.25, 0.4), "000000")))
    path = tmp_path / "logo-by-date.pptx"
    deck.save(str(path))
    plan = plan_slides(BRIEFING, template=path)
    date = next(item for item in plan.slides[1].furniture if item.kind == "dt")
    assert date.words is not None
    assert date.words.right < 10.95 * 72  # its words end before the logo
    assert not [d for d in plan.diagnostics if "furniture" in d.message]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_a_slide_numbers_field_id_is_uuid5_as_the_uuid_module_makes_it(seed: str) -> None:
    """The deck works out the RFC 4122 name-based id itself (``uuid`` imports ``platform``): the same id."""
    import uuid

    from briefpub.deck.emit import field_id

    namespace = uuid.UUID("6f1c0b7e-3c59-4b6e-9a53-2f0e8a4b5d10")
    assert field_id(seed) == "{" + str(uuid.uuid5(namespace, seed)).upper() + "}"
