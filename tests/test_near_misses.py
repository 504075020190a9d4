"""Nothing lost without a word: labels that nearly say Answer:, Markdown headings, very long runs."""

from __future__ import annotations

import pytest

from briefpub import SourceError, parse


@pytest.mark.parametrize(
    "label",
    [
        "Anwser: it is.",
        "Answr: it is.",
        "Ansewr: it is.",
        "**Answer:** it is.",
        "_Answer:_ it is.",
        "Answer - it is.",
    ],
)
def test_a_near_miss_of_the_label_is_named_at_its_line(label: str) -> None:
    briefing = parse(f"T\n\nA real one?\n\nAnswer: yes.\n\nMissed?\n\n{label}\n")
    assert len(briefing.sections) == 1
    assert [(w.line, w.message[:22]) for w in briefing.warnings] == [(9, 'did you mean "Answer:"')]


@pytest.mark.parametrize("text", ["Answers vary: some do.", "After: later.", "Note: nothing."])
def test_right_labels_and_ordinary_text_say_nothing(text: str) -> None:
    briefing = parse(f"T\n\nA real one?\n\nAnswer: yes.\n\nBody. A line?\n\n{text}\n")
    assert [w.message for w in briefing.warnings] == []
    lone = parse(f"T\n\nA real one?\n\nAnswer: yes.\n\nA line?\n\n{text}\n")
    assert not [w for w in lone.warnings if "did you mean" in w.message]  # not a near miss: a forgotten label


def test_a_question_with_its_answer_label_forgotten_is_named_at_its_line() -> None:
    """A question alone on its line with no ``Answer:`` after it is body text: said, not silently merged."""
    text = "T\n\nA real one?\n\nAnswer: yes.\n\nWill rates rise?\n\nNo: new ships arrive.\n\nWhy? We do.\n"
    briefing = parse(text)
    assert len(briefing.sections) == 1
    assert [(w.line, w.message) for w in briefing.warnings] == [
        (
            7,
            "'Will rates rise?' is read as text, not a question: no 'Answer:' paragraph follows it "
            "(start the next paragraph with 'Answer:' to make it one)",
        )
    ]
    quiet = "T\n\nQ?\n\nAnswer: A.\n\n- Is it a list item?\n- Yes.\n\nWhat last?\n"
    assert parse(quiet).warnings == ()  # a list item, and a question with nothing after it


def test_markdown_heading_marks_are_read_as_what_they_mean() -> None:
    briefing = parse("# Weekly note\n\n## What next?\n\nAnswer: More.\n\n## Background\n\nText.\n")
    assert briefing.title == "Weekly note"
    assert briefing.sections[0].question == "What next?"
    assert briefing.sections[0].body == ("## Background", "Text.")
    assert [(w.line, w.message[:30]) for w in briefing.warnings] == [(7, "a Markdown heading that is not")]


def test_plain_mode_keeps_heading_marks_as_characters() -> None:
    briefing = parse("# Weekly note\n\n## What next?\n\nAnswer: More.\n\nBody.\n", markup="plain")
    assert (briefing.title, briefing.sections[0].question) == ("# Weekly note", "## What next?")


def test_a_thousand_pairs_without_blank_lines_need_no_recursion() -> None:
    pairs = "\n".join(f"Question {n}?\nAnswer: A{n}." for n in range(1200))
    briefing = parse(f"T\n\n{pairs}\n", max_bytes=10_000_000)
    assert len(briefing.sections) == 1200
    assert briefing.sections[-1].answer == "A1199."


@pytest.mark.parametrize("label", ["Anwser: it is.", "Answer - it is.", "**Answer:** it is."])
def test_a_near_miss_right_under_its_question_is_named_too(label: str) -> None:
    """The compact form (no blank line) lost the question without a word."""
    briefing = parse(f"T\n\nA real one?\nAnswer: yes.\n\nBody.\n\nMissed?\n{label}\n\nMore.\n")
    assert len(briefing.sections) == 1
    assert [(w.line, w.message[:22]) for w in briefing.warnings] == [(9, 'did you mean "Answer:"')]
    assert "'Missed?' is not a question" in briefing.warnings[0].message


@pytest.mark.parametrize("blank", ["", "\n"])
def test_a_lone_near_miss_is_the_error_at_its_line_with_the_hint(blank: str) -> None:
    """With one question, the hint gave way to a generic 'no question section' at the wrong line."""
    with pytest.raises(SourceError) as refused:
        parse(f"T\n\nIntro.\n\nOnly one?\n{blank}_Answer:_ it is.\n\nBody.\n", file="b.txt")
    (diagnostic,) = refused.value.diagnostics
    assert diagnostic.line == 6 + len(blank)
    assert 'did you mean "Answer:"?' in diagnostic.message
    assert "'Only one?' is not a question" in diagnostic.message


def test_a_label_inside_body_text_is_not_a_near_miss() -> None:
    briefing = parse("T\n\nA real one?\nAnswer: yes.\n\nSome text runs on\nAnswers vary: some do.\n")
    assert [w.message for w in briefing.warnings] == []
