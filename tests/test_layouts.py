"""Each role on the layout whose room fits it: no empty picture box, no answer cut in a strip."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpub.deck.planned import DeckPlan
from briefpub.deck.slides import plan_slides
from briefpub.reader.structure import parse
from masters import ROOMLESS_LAYOUTS, corporate_master
from test_plan import options

SENTENCE = (  # three lines at the 10.5 pt minimum in a 9 in box
    "War-risk premiums, which insurers in London and Singapore now quote per transit rather than per "
    "year and revise every week as the threat to shipping changes, decide whether a carrier sends its "
    "ships through the strait or round the Cape, and the carriers say so openly."
)
BRIEFING = parse(
    "T\n\n" + "".join(f"Question {n}?\n\nAnswer: {SENTENCE} More follows.\n\n" for n in range(4))
)


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corporate_master(tmp_path_factory.mktemp("roomless"), layouts=ROOMLESS_LAYOUTS)


@pytest.mark.parametrize("mapped", ["Bild links", "Untertitelstreifen"])
def test_questions_leave_a_layout_that_wastes_their_room(master: Path, mapped: str) -> None:
    said: list[str] = []
    plan = plan_slides(
        BRIEFING, template=master, options=options(question=mapped), warn=lambda d: said.append(str(d))
    )
    questions = [slide for slide in plan.slides if slide.role == "question"]
    assert len(questions) == 4  # one slide each: no answer cut onto "(cont.)" slides
    assert {slide.layout for slide in questions} == {"Titel und Inhalt"}
    told = [message for message in said if "questions go on layout 'Titel und Inhalt'" in message]
    assert len(told) == 1
    assert f"not '{mapped}'" in told[0]


def test_a_table_too_big_for_the_question_layout_goes_on_a_roomier_one(master: Path) -> None:
    """Short answers fit the strip; a row of a long cell does not, even at 6 pt: it goes where it fits."""
    cell = "Carriers that redrew their networks round the Cape say they will not come back this year " * 4
    table = f"| Carrier | Why |\n|---|---|\n| Maersk | {cell} |\n"
    briefing = parse(f"T\n\nWhich carriers?\n\nAnswer: Few.\n\n{table}\nTable: Carriers\n")
    plan = plan_slides(briefing, template=master, options=options(question="Untertitelstreifen"))
    assert next(slide for slide in plan.slides if slide.role == "question").layout == "Untertitelstreifen"
    tables = [slide for slide in plan.slides if slide.table is not None]
    assert len(tables) == 1
    assert tables[0].layout == "Titel und Inhalt"  # the strip could not hold its row even at 6 pt


def test_a_figure_s_own_slide_leaves_a_thin_strip_for_a_roomier_layout(master: Path, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (400, 300), (30, 90, 160)).save(tmp_path / "chart.png")
    source = tmp_path / "brief.txt"
    source.write_text("T\n\n![Carriers by route](chart.png)\n\nWhich carriers?\n\nAnswer: Few.\n")
    plan = plan_slides(parse(source), template=master, options=options(question="Untertitelstreifen"))
    figure = next(slide for slide in plan.slides if slide.role == "figure")
    assert figure.layout == "Titel und Inhalt"
    assert figure.figure is not None
    assert figure.figure.box.height > 2 * 72  # a picture, not a stamp in a 0.5 in strip


def test_a_kicker_strip_is_not_taken_for_a_figure_s_picture_box(tmp_path: Path) -> None:
    """A layout's second text box 0.26 in tall (a label over the title) would show the figure as a smudge."""
    from masters import _placeholder

    kicker = {
        "Mit Kennzeile": _placeholder(2, "Titel", '<p:ph type="title"/>', (0.5, 0.5, 9.0, 0.9))
        + _placeholder(3, "Inhalt", '<p:ph idx="1"/>', (0.5, 1.6, 9.0, 5.1))
        + _placeholder(4, "Kennzeile", '<p:ph type="body" idx="10"/>', (0.3, 0.1, 5.0, 0.26))
    }
    plan = _figure_plan(tmp_path, kicker)
    assert all(slide.layout != "Mit Kennzeile" for slide in plan.slides)
    figure = next(slide for slide in plan.slides if slide.figure is not None)
    assert figure.role == "figure"  # a slide of its own, not beside the answer in the strip
    assert figure.figure is not None
    assert figure.figure.box.height > 2 * 72


def test_a_caption_the_layout_s_label_strip_cannot_hold_goes_under_the_picture(tmp_path: Path) -> None:
    """1.86 x 0.25 in boxes under the picture hold labels, not a caption: the deck is still made."""
    from PIL import Image

    from masters import _placeholder

    strip = {
        "Bild mit Schild": _placeholder(2, "Titel", '<p:ph type="title"/>', (0.5, 0.4, 9.0, 1.0))
        + _placeholder(3, "Text", '<p:ph idx="1"/>', (0.5, 1.6, 4.3, 5.1))
        + _placeholder(4, "Bild", '<p:ph type="pic" idx="2"/>', (5.1, 1.6, 4.4, 3.6))
        + "".join(  # three label strips, one under the other, as corpus hkust's
            _placeholder(
                5 + n, "Schild", f'<p:ph type="body" sz="quarter" idx="{3 + n}"/>', (5.1, top, 1.86, 0.25)
            )
            for n, top in enumerate((5.3, 5.55, 5.8))
        )
    }
    master = corporate_master(tmp_path, layouts=strip)
    Image.new("RGB", (400, 300), (30, 90, 160)).save(tmp_path / "chart.png")
    source = tmp_path / "brief.txt"
    source.write_text(
        "T\n\nWhich carriers?\n\nAnswer: Few.\n\n"
        "![Lithium brine projects by stage in the three countries, 2025](chart.png)\n"
    )
    plan = plan_slides(parse(source), template=master, options=options(figure="Bild mit Schild"))
    question = next(slide for slide in plan.slides if slide.role == "question")
    assert question.layout == "Bild mit Schild"
    assert question.figure is not None
    assert [text.name for text in question.texts] == ["Titel", "Text"]  # nothing in the strip
    assert [aside.kind for aside in question.asides] == ["caption"]
    assert not [d for d in plan.diagnostics if "caption" in d.message]


def test_a_closing_layout_s_statement_title_is_not_taken_for_a_question_beside_its_figure(
    tmp_path: Path,
) -> None:
    """A 60 pt title beside a photograph among 32 pt titles closes a deck: the figure gets its own slide."""
    from masters import _placeholder, sized_title

    closing = {
        "Schluss": sized_title(2, (0.5, 1.6, 4.5, 2.8), 60)
        + _placeholder(3, "Text", '<p:ph idx="1"/>', (0.5, 4.6, 4.5, 1.6))
        + _placeholder(4, "Foto", '<p:ph type="pic" idx="2"/>', (5.4, 1.2, 4.0, 4.0))
    }
    plan = _figure_plan(tmp_path, closing)
    assert all(slide.layout != "Schluss" for slide in plan.slides)
    assert next(slide for slide in plan.slides if slide.figure is not None).role == "figure"


def test_an_answer_beside_its_figure_is_set_as_large_as_the_others(tmp_path: Path) -> None:
    """A picture-with-caption layout's 14 pt text box holds an answer, set as its neighbours are."""
    from PIL import Image

    from masters import _placeholder, sized

    caption = {
        "Bild mit Legende": _placeholder(2, "Titel", '<p:ph type="title"/>', (0.5, 0.4, 4.3, 1.0))
        + sized(_placeholder(3, "Legende", '<p:ph type="body" idx="1"/>', (0.5, 1.6, 4.3, 5.1)), 14)
        + _placeholder(4, "Bild", '<p:ph type="pic" idx="2"/>', (5.1, 0.4, 4.4, 6.3))
    }
    master = corporate_master(tmp_path, layouts=caption)
    Image.new("RGB", (400, 300), (30, 90, 160)).save(tmp_path / "chart.png")
    source = tmp_path / "brief.txt"
    source.write_text(
        "T\n\nWhich carriers?\n\nAnswer: Few of them.\n\n![Carriers by route](chart.png)\n\n"
        "Which routes?\n\nAnswer: The Cape.\n"
    )
    plan = plan_slides(parse(source), template=master, options=options(figure="Bild mit Legende"))
    answers = {slide.layout: slide.texts[1].size for slide in plan.slides if slide.role == "question"}
    assert answers["Titel und Inhalt"] > 14
    assert answers["Bild mit Legende"] == answers["Titel und Inhalt"]


def test_an_answer_is_never_set_larger_than_the_slide_titles(tmp_path: Path) -> None:
    """A 44 pt title in a 0.6 in strip over a rule shrinks to fit: 28 pt answers and key points shrink too."""
    from masters import _placeholder, _shape_xml, sized

    thin = {
        "Dünner Titel": sized(_placeholder(2, "Titel", '<p:ph type="title"/>', (0.5, 0.3, 9.0, 0.6)), 44)
        + _shape_xml(9, "Linie", (0.5, 0.95, 9.0, 0.04), "1A7F8E")
        + sized(_placeholder(3, "Inhalt", '<p:ph idx="1"/>', (0.5, 1.2, 9.0, 5.5)), 28)
    }
    master = corporate_master(tmp_path, caps=False, layouts=thin)
    source = tmp_path / "brief.txt"
    source.write_text(
        "T\n\n• Premiums decide.\n• Few came back.\n\n"
        "What role do insurers play in the Red Sea now?\n\nAnswer: War-risk premiums decide it.\n\n"
        "Which carriers came back first?\n\nAnswer: Few of them.\n"
    )
    plan = plan_slides(parse(source), template=master, options=options(question="Dünner Titel"))
    questions = [slide for slide in plan.slides if slide.role == "question"]
    titles = {slide.texts[0].size for slide in questions}
    assert len(titles) == 1
    assert max(titles) < 28  # the strip holds no more: the case at hand
    assert all(slide.texts[1].size <= slide.texts[0].size for slide in questions)
    points = next(slide for slide in plan.slides if slide.role == "key_points")
    assert points.texts[1].size <= points.texts[0].size  # the key points follow the answers


def test_a_table_the_question_layout_would_split_goes_on_one_slide_of_a_roomier_one(tmp_path: Path) -> None:
    """A 1.1 in body holds a row or two at a time: the table goes on one slide of a roomier layout."""
    from masters import _placeholder

    low = {
        "Niedrig": _placeholder(2, "Titel", '<p:ph type="title"/>', (0.5, 0.4, 9.0, 1.0))
        + _placeholder(3, "Flach", '<p:ph idx="1"/>', (0.5, 1.6, 9.0, 1.1))
    }
    master = corporate_master(tmp_path, layouts=low)
    rows = "".join(f"| Carrier {n} | Cape |\n" for n in range(8))
    briefing = parse(
        f"T\n\nWhich carriers?\n\nAnswer: Few.\n\n| Carrier | Route |\n|---|---|\n{rows}\nTable: Routes\n"
    )
    plan = plan_slides(briefing, template=master, options=options(question="Niedrig"))
    assert next(slide for slide in plan.slides if slide.role == "question").layout == "Niedrig"
    tables = [slide for slide in plan.slides if slide.table is not None]
    assert [slide.layout for slide in tables] == ["Titel und Inhalt"]


def test_points_a_low_text_box_splits_go_on_one_slide_of_a_roomier_layout(tmp_path: Path) -> None:
    """Points that leave a 1.1 in answer box for slides of their own are not cut one or two a slide."""
    from masters import _placeholder

    low = {
        "Niedrig": _placeholder(2, "Titel", '<p:ph type="title"/>', (0.5, 0.4, 9.0, 1.0))
        + _placeholder(3, "Flach", '<p:ph idx="1"/>', (0.5, 1.6, 9.0, 1.1))
    }
    master = corporate_master(tmp_path, layouts=low)
    points = "".join(
        f"- Carriers on route {n} keep to the Cape for the rest of the year.\n" for n in range(5)
    )
    briefing = parse(f"T\n\nWhich carriers?\n\nAnswer: Few of them, and only the smaller ones.\n\n{points}\n")
    plan = plan_slides(briefing, template=master, options=options(question="Niedrig"))
    assert [slide.layout for slide in plan.slides if slide.role == "points"] == ["Titel und Inhalt"]


def _figure_plan(tmp_path: Path, layouts: dict[str, str]) -> DeckPlan:
    """Return the plan of a one-question briefing with a picture, on the corporate master plus ``layouts``."""
    from PIL import Image

    master = corporate_master(tmp_path, layouts=layouts)
    Image.new("RGB", (400, 300), (30, 90, 160)).save(tmp_path / "chart.png")
    source = tmp_path / "brief.txt"
    source.write_text("T\n\nWhich carriers?\n\nAnswer: Few.\n\n![Carriers by route](chart.png)\n")
    return plan_slides(parse(source), template=master, options=options())
