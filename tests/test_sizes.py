"""One size per role: slide titles alike across a deck, the deck's title its largest text, sizes that
scale with the slide, and headlines whose last words stay together."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu, Inches

from briefpub.deck.slides import plan_slides, render_slides
from briefpub.reader.structure import parse
from deckcheck import HAVE_LIBREOFFICE, render
from masters import corporate_master
from test_plan import options

QUESTIONS = (
    "Which ports?",
    "Why would a carrier that has redrawn its whole network around the Cape take the risk of the strait?",
    "What now?",
    "Who pays for the war-risk cover when the insurers and the charterers disagree on it?",
)


def briefing_of(questions: tuple[str, ...]) -> str:
    return "T\n\n" + "".join(f"{q}\n\nAnswer: A short answer.\n\n" for q in questions)


@pytest.mark.parametrize("master", ["packaged", "corporate"])
def test_slide_titles_share_one_size(master: str, tmp_path: Path) -> None:
    template = corporate_master(tmp_path) if master == "corporate" else None
    config = options() if template is not None else None
    plan = plan_slides(parse(briefing_of(QUESTIONS)), template=template, options=config)
    titles = [text for slide in plan.slides[1:] for text in slide.texts if text.heading]
    assert len(titles) == len(QUESTIONS)
    assert len({text.size for text in titles}) == 1, [text.size for text in titles]
    assert all(not text.below_minimum for text in titles)


def test_the_deck_title_is_the_largest_text_of_the_title_slide(tmp_path: Path) -> None:
    long_title = "Red Sea shipping after the ceasefire: insurers, carriers and the ports that wait for both"
    source = f"---\nsubtitle: Meridian Risk Weekly\n---\n{long_title}\n\nQ?\n\nAnswer: A.\n"
    plan = plan_slides(parse(source), template=corporate_master(tmp_path), options=options())
    title, subtitle = plan.slides[0].texts
    assert title.heading
    assert subtitle.size < title.size, (title.size, subtitle.size)


def test_a_headline_keeps_its_last_words_together() -> None:
    title = "Europe's gas storage and prices for the winter 2026–27"
    plan = plan_slides(parse(f"{title}\n\nWhat next for gas in winter 2026–27?\n\nAnswer: A.\n"))
    heading = plan.slides[0].texts[0]
    assert len(heading.lines[0]) > 1  # it breaks...
    assert len(heading.lines[0][-1].split()) >= 2, heading.lines  # ...never leaving "2026–27" alone
    assert "\u2060" in heading.paragraphs[0]  # and "27" never parted from "2026–"
    question = plan.slides[1].texts[0]
    assert len(question.lines[0]) == 1
    assert question.paragraphs[0] == "What next for gas in winter 2026–27?"  # on one line: as written


def test_last_words_too_wide_to_keep_together_break_between_words_not_letters(tmp_path: Path) -> None:
    """In the corporate master's narrow title box, in capitals, "INSURERS PLAY?" is wider than a line:
    kept together it was broken "INSURERS P" / "LAY?", in the plan and in LibreOffice alike."""
    plan = plan_slides(
        parse(briefing_of(("What role do insurers play?", "How exposed is Egypt?"))),
        template=corporate_master(tmp_path),
        options=options(question="Zweispaltig"),  # the question in a narrow box beside the answer
    )
    insurers, egypt = (next(t for t in slide.texts if t.heading) for slide in plan.slides[1:])
    assert insurers.lines[0] == ("What role", "do", "insurers", "play?"), insurers.lines
    assert insurers.paragraphs[0] == "What role do insurers play?"  # a plain space: renderers break there
    assert egypt.paragraphs[0] == "How exposed is\xa0Egypt?"  # where they fit, last words stay together
    assert egypt.lines[0][-1] == "is\xa0Egypt?", egypt.lines


@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="LibreOffice is not installed")
def test_libreoffice_keeps_the_title_s_last_words_together(tmp_path: Path) -> None:
    title = "Europe's gas storage and prices for the winter 2026–27"
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(render_slides(parse(f"{title}\n\nQ?\n\nAnswer: A.\n")))
    words = render(deck)[0].words
    winter = next(word for word in words if word.text == "winter")
    years = [word for word in words if "27" in word.text]
    assert years
    assert all(abs(word.y0 - winter.y0) < 2 for word in years)  # on the line of "winter"


def test_minimum_and_secondary_sizes_scale_with_a_wide_slide(tmp_path: Path) -> None:
    """On a 20 in slide a 12 pt caption reads as 8 pt on a normal one: minimums scale up (never down)."""
    deck = Presentation()
    deck.slide_width = Emu(Inches(20))
    wide = tmp_path / "wide.pptx"
    deck.save(str(wide))
    answer = " ".join(["Ships queue for weeks while the insurers argue over who pays for what."] * 30)
    source = f"T\n\nWhat next?\n\nAnswer: {answer}[^n]\n\n[^n]: FAO, *Food Outlook*, November 2026.\n"
    plan = plan_slides(parse(source), template=wide)
    answers = [text for slide in plan.slides if slide.role == "question" for text in slide.texts[1:]]
    assert answers
    assert all(text.minimum == pytest.approx(14 * 1.5) for text in answers)
    titles = [slide.texts[0] for slide in plan.slides[1:]]
    assert all(text.minimum == pytest.approx(20 * 1.5) for text in titles)
    asides = [aside for slide in plan.slides for aside in slide.asides]
    assert all(aside.size >= 9 * 1.5 for aside in asides)
    narrow = plan_slides(parse(source))  # 13.33 in: as configured
    assert {text.minimum for slide in narrow.slides[1:] for text in slide.texts[1:]} == {14}


def test_fitting_is_a_pure_function_that_returns_its_warnings() -> None:
    """The rule "largest size that fits, else below the minimum with a warning" on its own, no planner."""
    from briefpub.deck.fitting import TextJob, fit_text
    from briefpub.deck.geometry import Box
    from briefpub.deck.master import load_master
    from briefpub.deck.runs import runs_of
    from briefpub.deck.textfit import Face, carlito
    from briefpub.packaged import PACKAGE_DECK

    layout = next(lay for lay in load_master(PACKAGE_DECK).template.layouts if lay.text() is not None)
    body = layout.text()
    assert body is not None
    face = Face(carlito(False))

    def job(text: str, height: float) -> TextJob:
        return TextJob(
            body, Box(0, 0, 400, height), (text,), (runs_of(text),), (text,), face, (380.0,), height,
            32.0, 14.0, 32.0, False, False, 0, None, 24.0, "t.txt", 7, "the answer", "Question",
        )  # fmt: skip

    roomy, said = fit_text(job("A short answer.", 300))
    assert (roomy.size, said) == (32.0, ())
    long = "A long answer that goes on and on about the insurers and the carriers. " * 6
    tight, said = fit_text(job(long, 60))
    assert tight.below_minimum
    assert len(said) == 1
    assert said[0].line == 7
    assert "below the 14 pt minimum" in said[0].message
    assert "of layout 'Question'" in said[0].message
