"""The deck plan on masters unlike briefpub's own: the template's fonts, sizes, geometry and furniture."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from types import MappingProxyType

import pytest
from pptx import Presentation

from briefpub.config import SlidesConfig
from briefpub.deck.plan import DeckPlan, SlidePlan, TextPlan
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.errors import RenderError, TemplateError
from briefpub.model.briefing import Briefing
from briefpub.reader.structure import parse
from conftest import Run
from deckcheck import HAVE_LIBREOFFICE, words_outside
from masters import MASTER_FONT, corporate_master
from pptxcheck import problems

needs_libreoffice = pytest.mark.skipif(
    not HAVE_LIBREOFFICE and not os.environ.get("CI"), reason="LibreOffice is not installed"
)
LONG_QUESTION = (
    "Why would a carrier that has already redrawn its whole network around the Cape ever take the risk "
    "of sending its largest ships back through the strait this year?"
)
BRIEFING = parse(
    "---\ndate: 2026-11-23\npublication: Meridian Risk Weekly\n---\n"
    "Red Sea shipping after the ceasefire\n\n• Attacks have stopped.\n• Carriers have not come back.\n\n"
    "What role do insurers play?\n\nAnswer: War-risk premiums decide the economics of each transit.\n\n"
    f"Body.\n\n{LONG_QUESTION}\n\nAnswer: Only when insurers price the passage close to peacetime levels.\n\n"
    "More body.\n"
)
GERMAN = {"title": "Titelfolie", "key_points": "Titel und Inhalt", "question": "Titel und Inhalt"}


def options(**layouts: str) -> SlidesConfig:
    return SlidesConfig(layouts=MappingProxyType({**GERMAN, **layouts}))


@pytest.fixture(scope="module")
def corporate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corporate_master(tmp_path_factory.mktemp("masters"))


def plan(template: Path | None, config: SlidesConfig, briefing: Briefing = BRIEFING) -> DeckPlan:
    return plan_slides(briefing, template=template, options=config)


def question_title(deck: DeckPlan, number: int = -1) -> TextPlan:
    return [s for s in deck.slides if s.role == "question"][number].texts[0]


def test_layouts_of_the_second_master_are_found(corporate: Path) -> None:
    deck = plan(corporate, options())
    assert [s.layout for s in deck.slides] == ["Titelfolie", *["Titel und Inhalt"] * 3]
    assert {s.master for s in deck.slides} == {1}
    assert (deck.width, deck.height) == (720, 540)  # 4:3


def test_a_name_two_masters_share_must_be_qualified(corporate: Path) -> None:
    with pytest.raises(TemplateError, match="'Master 1/Title Slide' or 'Hausvorlage/Title Slide'"):
        plan(corporate, options(title="Title Slide"))
    deck = plan(corporate, options(title="Hausvorlage/Title Slide"))
    assert deck.slides[0].layout == "Hausvorlage/Title Slide"
    assert deck.slides[0].master == 1


# One line at 32 pt in lower-case Calibri; wider in DejaVu Sans, wider still in its capitals.
MEDIUM = parse("T\n\nWill the Suez route reopen before the spring?\n\nAnswer: Not before the summer.\n")


def test_text_is_measured_in_the_master_s_own_font(corporate: Path, tmp_path: Path) -> None:
    theme_only = corporate_master(tmp_path, font=None, caps=False)
    lower = corporate_master(tmp_path, caps=False)
    own, themed = plan(lower, options(), MEDIUM), plan(theme_only, options(), MEDIUM)
    assert question_title(own).measured_with == MASTER_FONT
    assert question_title(themed).measured_with == "Carlito"  # Calibri's metric twin
    assert question_title(themed).size == 32  # fits at the master's size in Calibri...
    assert question_title(own).size < 32  # ...but DejaVu Sans is much wider


def test_capitals_are_measured_as_capitals(corporate: Path, tmp_path: Path) -> None:
    lower = plan(corporate_master(tmp_path, caps=False), options(), MEDIUM)
    upper = plan(corporate, options(), MEDIUM)
    assert question_title(upper).size < question_title(lower).size
    assert question_title(upper).lines_used <= question_title(upper).lines_available


def test_the_template_size_is_the_ceiling_and_titles_agree(corporate: Path) -> None:
    deck = plan(corporate, options())
    short, long = question_title(deck, 0), question_title(deck, -1)
    assert short.ceiling == 32  # the master's title size, not briefpub's
    assert short.size == long.size  # one size for the deck's titles: the long one's
    alone = parse("T\n\nA?\n\nAnswer: A.\n")
    assert question_title(plan(corporate, options(), alone), 0).size == 32
    capped = plan(corporate, SlidesConfig(layouts=MappingProxyType(GERMAN), title_max_pt=28), alone)
    assert question_title(capped, 0).size == 28
    default = plan(None, SlidesConfig(), parse("T\n\nA?\n\nAnswer: A.\n\nB?\n\nAnswer: B.\n"))
    assert [s.texts[0].size for s in default.slides if s.role == "question"] == [36, 36]
    assert [s.texts[1].size for s in default.slides if s.role == "question"] == [32, 32]


def test_a_title_beside_its_text_shrinks_in_its_own_box(corporate: Path) -> None:
    """Growing downwards would run it into the text beside it, out of its coloured column."""
    longest = parse(f"T\n\n{LONG_QUESTION} {LONG_QUESTION} {LONG_QUESTION}\n\nAnswer: Short.\n")
    deck = plan(corporate, options(question="Zweispaltig"), longest)
    title, text = deck.slides[-1].texts
    assert not title.moved
    assert not text.moved
    assert title.below_minimum
    assert title.lines_used <= title.lines_available
    assert [d.line for d in deck.diagnostics] == [3]


def test_a_title_above_its_text_takes_room_from_it() -> None:
    question = "Why " + "would this question go on for so very long " * 8 + "?"
    deck = plan(None, SlidesConfig(), parse(f"T\n\n{question}\n\nAnswer: Short.\n"))
    title, text = deck.slides[-1].texts
    assert title.moved
    assert text.moved
    assert title.box.height > 1.25 * 72
    assert text.box.top == pytest.approx(title.box.top + title.box.height + (1.85 - 0.35 - 1.25) * 72)


@pytest.mark.parametrize(
    ("layout", "words", "suggested"),
    [
        ("Schmal", "'Streifen' (9.00 x 0.30 in) holds 0 line(s)", "'Titel und Inhalt'"),
        ("Title Only", "has no body, object or subtitle placeholder", "'Title and Content'"),
        ("Blank", "has no title placeholder", "'Title and Content'"),
    ],
)
def test_an_unsuitable_layout_is_refused_before_any_slide(
    corporate: Path, layout: str, words: str, suggested: str
) -> None:
    with pytest.raises(TemplateError) as info:
        plan(corporate, options(question=layout))
    (diagnostic,) = info.value.diagnostics
    assert f"layout {layout!r} cannot hold question slides" in diagnostic.message
    assert words in diagnostic.message
    assert "layouts that fit: " in diagnostic.message
    assert suggested in diagnostic.message  # the same master's layouts come first
    assert '[slides.layouts] question = "..."' in diagnostic.message


def test_every_problem_of_a_mapping_is_reported_together(corporate: Path) -> None:
    with pytest.raises(TemplateError) as info:
        plan(corporate, options(title="Nope", key_points="Schmal", question="Blank"))
    assert len(info.value.diagnostics) == 3
    assert "no layout named 'Nope'" in info.value.diagnostics[0].message
    # the layouts that fit, those made for a title slide first
    assert "; layouts that fit: 'Master 1/Title Slide', 'Titelfolie', " in info.value.diagnostics[0].message


def test_furniture_is_kept_but_not_on_the_title_slide(corporate: Path) -> None:
    deck = plan(corporate, options())
    assert deck.slides[0].furniture == ()
    for slide in deck.slides[1:]:
        kinds = {f.kind: f.text for f in slide.furniture}
        assert kinds == {"dt": "November 23, 2026", "ftr": "Meridian Risk Weekly", "sldNum": ""}
    quiet = plan(corporate, SlidesConfig(layouts=MappingProxyType(GERMAN), furniture=False))
    assert all(s.furniture == () for s in quiet.slides)
    own = plan(corporate, SlidesConfig(layouts=MappingProxyType(GERMAN), footer="Confidential"))
    assert {f.text for f in own.slides[1].furniture if f.kind == "ftr"} == {"Confidential"}


def test_slide_numbers_are_fields_in_the_deck(corporate: Path) -> None:
    data = render_slides(BRIEFING, template=corporate, options=options())
    assert problems(data) == []
    deck = Presentation(io.BytesIO(data))
    slide = list(deck.slides)[2]
    xml = slide._element.xml
    assert 'type="slidenum"' in xml
    assert "Meridian Risk Weekly" in xml
    assert 'type="slidenum"' not in next(iter(deck.slides))._element.xml


def test_diagnostics_carry_the_source_line() -> None:
    answer = "An answer that nobody should put on one slide. " * 80
    deck = plan(
        None, SlidesConfig(), parse(f"T\n\nFirst?\n\nAnswer: A.\n\nThe question?\n\nAnswer: {answer}\n")
    )
    (diagnostic,) = deck.diagnostics
    assert diagnostic.line == 7
    assert "the answer to 'The question?'" in diagnostic.message
    answer_plan = deck.slides[-1].texts[1]
    assert deck.slides[-1].part == (2, 2)  # continued at the minimum rather than set below it
    assert not answer_plan.below_minimum
    assert answer_plan.lines_used <= answer_plan.lines_available


def test_a_subtitle_too_long_for_the_title_slide_is_a_warning_not_a_crash() -> None:
    subtitle = "A subtitle that goes on and on. " * 38  # about 1,200 characters
    deck = plan(None, SlidesConfig(), parse(f"---\nsubtitle: {subtitle}\n---\nT\n\nQ?\n\nAnswer: A.\n"))
    assert [d.line for d in deck.diagnostics] == [None]
    assert "below the 14 pt minimum" in deck.diagnostics[0].message


def test_text_no_size_can_hold_is_refused_with_its_line() -> None:
    with pytest.raises(RenderError) as info:
        plan(None, SlidesConfig(), parse("T\n\nQ?\n\nAnswer: " + "word " * 6000 + "\n"))
    assert info.value.diagnostics[0].line == 3


def test_the_plan_is_plain_data(corporate: Path) -> None:
    import json

    data = plan(corporate, options()).to_dict()
    assert json.loads(json.dumps(data)) == data
    slide: SlidePlan = plan(corporate, options()).slides[1]
    assert slide.role == "key_points"


@needs_libreoffice
def test_the_corporate_deck_renders_inside_its_boxes(corporate: Path, tmp_path: Path) -> None:
    path = tmp_path / "deck.pptx"
    path.write_bytes(render_slides(BRIEFING, template=corporate, options=options(question="Zweispaltig")))
    assert words_outside(path, tolerance=0.5) == []


def test_check_fit_reports_and_strict_fails(run: Run, project: Path) -> None:
    clean = run("check", "--fit", "--strict", cwd=project)
    assert clean.returncode == 0, clean.stderr
    assert "source/ferry.txt: 7 slides on " in clean.stdout
    assert "question" in clean.stdout
    long = "An answer that nobody should put on one slide. " * 80
    (project / "source" / "long.txt").write_text(f"T\n\nQ?\n\nAnswer: {long}\n", encoding="utf-8")
    loose = run("check", "--fit", "source/long.txt", cwd=project)
    assert loose.returncode == 0
    assert "[continued 1/2]" in loose.stdout  # continued at the minimum, not set below it
    assert "[continued 2/2]" in loose.stdout
    assert "below minimum" not in loose.stdout
    assert (
        "source/long.txt:3: the answer to 'Q?' is too long for one slide at the minimum size" in loose.stderr
    )
    strict = run("check", "--fit", "--strict", "source/long.txt", cwd=project)
    assert strict.returncode == 1
    assert "briefpub: error: source/long.txt: 2 slide(s) below the minimum size or continued" in strict.stderr


def test_strict_slides_and_build_refuse_a_continued_deck_and_write_nothing(run: Run, project: Path) -> None:
    long = "An answer that nobody should put on one slide. " * 80
    (project / "source" / "long.txt").write_text(f"T\n\nQ?\n\nAnswer: {long}\n\nB.\n", encoding="utf-8")
    loose = run("slides", "source/long.txt", cwd=project)
    assert loose.returncode == 0, loose.stderr
    (project / "output" / "long.pptx").unlink()
    strict = run("slides", "--strict", "source/long.txt", cwd=project)
    assert strict.returncode == 1
    assert "briefpub: error: source/long.txt:3: slide 2 (question): continued 1/2 (--strict)" in strict.stderr
    assert not (project / "output" / "long.pptx").exists()
    built = run("build", "--strict", "--only", "slides", cwd=project)
    assert built.returncode == 1
    assert "slide 3 (question): continued 2/2 (--strict)" in built.stderr
    assert (project / "output" / "ferry.pptx").exists()  # the rest of the batch goes on
    (project / "briefpub.toml").write_text("[slides]\nstrict = true\n", encoding="utf-8")
    configured = run("slides", "source/long.txt", cwd=project)
    assert configured.returncode == 1


def test_notes_parts_are_numbered_without_gaps_or_repeats() -> None:
    """The emitter counts part names itself (python-pptx walks the whole package for each)."""
    import zipfile

    questions = "".join(f"Q{n}?\n\nAnswer: A{n}.\n\nBody {n}.\n\n" for n in range(30))
    data = render_slides(parse(f"T\n\n{questions}"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        notes = sorted(n for n in zf.namelist() if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n))
    assert notes == sorted(f"ppt/notesSlides/notesSlide{n}.xml" for n in range(1, 31))
    assert problems(data) == []


def test_right_to_left_text_mirrors_the_template_s_alignment(tmp_path: Path) -> None:
    arabic = parse("---\nlang: ar\n---\nعنوان\n\nما هو السؤال؟\n\nAnswer: هذا هو الجواب.\n")
    centred = tmp_path / "centred.pptx"
    Presentation().save(str(centred))  # Office's default: centred titles, left-aligned text
    title, answer = plan_slides(arabic, template=centred).slides[-1].texts
    assert title.rtl_align is None  # centred stays centred
    assert answer.rtl_align == "r"  # left becomes right
    deck = Presentation(io.BytesIO(render_slides(arabic, template=centred)))
    title_xml = list(deck.slides)[-1].shapes.title._element.xml
    assert 'rtl="1"' in title_xml
    assert 'algn="r"' not in title_xml


def test_answers_share_one_size_and_the_few_that_need_less_are_named() -> None:
    from briefpub.deck.report import fit_report

    words = (
        "This answer runs on with clause after clause of detail and caveat that a presenter "
        "would rather say than show, " * 12
    ).split()
    lengths = [60, 70, 80, 90, 100, 110, 120, 200]
    source = (
        "T\n\n"
        + "\n\n".join(
            f"Question {n}?\n\nAnswer: {' '.join(words[:k])}.\n\nBody." for n, k in enumerate(lengths)
        )
        + "\n"
    )
    plan = plan_slides(parse(source))
    sizes = [t.size for s in plan.slides if s.role == "question" for t in s.texts if not t.heading]
    assert plan.answer_size is not None
    assert sizes.count(plan.answer_size) >= 6  # three in four at the deck's one size
    assert all(size <= plan.answer_size for size in sizes)
    smaller = sum(size < plan.answer_size for size in sizes)
    report = "\n".join(fit_report(plan, "t.txt"))
    assert f"answers at {plan.answer_size:g} pt" in report
    assert report.count(f"answer smaller than the deck's {plan.answer_size:g} pt") == smaller
    assert plan.to_dict()["answer_size"] == plan.answer_size


def test_an_answer_too_long_for_one_slide_continues_with_every_word_in_order(tmp_path: Path) -> None:
    sentence = (
        "This answer runs on with *clause after clause* of detail[^n] that a presenter would rather say. "
    )
    answer = " ".join(f"{sentence.strip()} ({n})" for n in range(40))
    briefing = parse(f"T\n\nWhat next?\n\nAnswer: {answer}\n\nBody.\n\n[^n]: A note.\n")
    plan = plan_slides(briefing)
    questions = [slide for slide in plan.slides if slide.role == "question"]
    assert len(questions) >= 2
    assert [slide.part for slide in questions] == [(n, len(questions)) for n in range(1, len(questions) + 1)]
    titles = [
        next(t for t in slide.texts if t.heading).paragraphs[0].replace("\xa0", " ") for slide in questions
    ]
    more = [f"What next? (cont. {n})" for n in range(2, len(questions))]
    assert titles == ["What next?", "What next? (cont.)", *more]  # unique: the accessibility checker asks
    answers = [next(t for t in slide.texts if not t.heading) for slide in questions]
    assert len({text.size for text in answers}) == 1  # one answer, one size
    assert all(not text.below_minimum for text in answers)
    shown = " ".join(text.paragraphs[0] for text in answers)
    assert shown.split() == str(briefing.sections[0].answer).split()  # every word, in order, once
    assert any(run.italic for text in answers[1:] for run in text.runs[0])  # markup kept across the cut
    deck = tmp_path / "continued.pptx"
    deck.write_bytes(render_slides(briefing))
    if HAVE_LIBREOFFICE:
        assert words_outside(deck) == []


def test_a_caption_layout_s_small_title_does_not_shrink_every_title(tmp_path: Path) -> None:
    """A figure layout whose own title is 20 pt keeps it; the deck's 32 pt question titles stay 32 pt."""
    from PIL import Image

    from masters import _placeholder, sized_title

    caption_layout = {
        "Bild mit Titel": sized_title(2, (0.5, 5.5, 4.3, 0.8), 20)
        + _placeholder(3, "Bild", '<p:ph type="pic" idx="2"/>', (0.5, 0.4, 9.0, 4.9))
        + _placeholder(4, "Text", '<p:ph type="body" idx="1"/>', (5.1, 5.5, 4.4, 1.6))
    }
    master = corporate_master(tmp_path, caps=False, layouts=caption_layout)
    Image.new("RGB", (800, 500), (40, 90, 160)).save(tmp_path / "chart.png")
    source = tmp_path / "fig.txt"
    source.write_text(
        "T\n\nWhat role do insurers play?\n\nAnswer: They decide.\n\n"
        "What happened to output?\n\nAnswer: It fell.\n\n![Output](chart.png)\n\n"
        "What comes next?\n\nAnswer: Less.\n",
        encoding="utf-8",
    )
    deck = plan(master, options(figure="Bild mit Titel"), parse(source, root=tmp_path))
    sizes = {slide.layout: slide.texts[0].size for slide in deck.slides if slide.role == "question"}
    assert sizes == {"Titel und Inhalt": 32, "Bild mit Titel": 20}
    (tmp_path / "near").mkdir()
    near = corporate_master(
        tmp_path / "near",
        caps=False,
        layouts={"Bild mit Titel": caption_layout["Bild mit Titel"].replace('sz="2000"', 'sz="2800"')},
    )
    shared = plan(near, options(figure="Bild mit Titel"), parse(source, root=tmp_path))
    assert (
        len({slide.texts[0].size for slide in shared.slides if slide.role == "question"}) == 1
    )  # 28 is near
    said = [d.message for d in deck.diagnostics if "slide titles" in d.message]
    assert said == [
        "layout 'Bild mit Titel' sets its slide titles at 20 pt, the master's own size, the others at 32: "
        "its slides keep their smaller titles (map another layout to that role for titles of one size)"
    ]
