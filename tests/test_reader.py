"""The reader, rule by rule as docs/format.md states them, and every error with its line."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from briefpub import Briefing, SourceError, parse

FIXTURES = Path(__file__).parent / "fixtures"
NBSP = "\u00a0"

MINIMAL = "Title\n\nQuestion one?\n\nAnswer: One.\n\nBody one.\n"


def error_of(text: str) -> SourceError:
    with pytest.raises(SourceError) as info:
        parse(text, file="t.txt")
    return info.value


# --- the fixture that exercises what the reference briefing exercises -------------


def test_fixture_structure() -> None:
    b = parse(FIXTURES / "ferry-strike.txt")
    assert b.title == "Baltic ferry strikes and the politics of the crossing"
    assert b.key_points[1] == "The unions’ real target is a new “flag of convenience” plan, not wages."
    assert b.introduction == ()
    assert [s.question for s in b.sections] == [
        "Why are the crews striking?",
        "Who loses most from the stoppages?",
        "What are the governments doing?",
        "Could the dispute spread?",
        "What does this mean for you?",
    ]
    assert [len(s.body) for s in b.sections] == [3, 2, 3, 1, 1]
    assert [s.line for s in b.sections] == [7, 17, 25, 35, 41]
    assert b.sections[0].answer.startswith("The operators want")
    assert b.sections[0].answer.endswith("national collective agreements.")
    assert b.sections[0].body[2] == "Is this about money? Only in part."
    assert b.warnings == ()
    assert b.source == FIXTURES / "ferry-strike.txt"


def test_no_text_keeps_trailing_no_break_space() -> None:
    b = parse(FIXTURES / "ferry-strike.txt")
    texts = list(b.texts())
    assert not any(t != t.strip() or NBSP in t[-1:] for t in texts)


# --- lines and paragraphs -----------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings(newline: str) -> None:
    b = parse(MINIMAL.replace("\n", newline))
    assert b.sections[0].question == "Question one?"
    assert b.sections[0].line == 3


def test_bom_is_ignored() -> None:
    assert parse("\ufeff" + MINIMAL).title == "Title"


def test_whitespace_only_lines_are_blank_and_edges_insignificant() -> None:
    text = f"  Title \t\n \t{NBSP}\n\tQuestion?\u3000\n{NBSP}\nAnswer:  One. \n\n  Body.{NBSP}{NBSP}\n"
    b = parse(text)
    assert (b.title, b.sections[0].question, b.sections[0].answer, b.sections[0].body) == (
        "Title",
        "Question?",
        "One.",
        ("Body.",),
    )


def test_hard_wrapped_lines_are_joined_with_one_space() -> None:
    b = parse("Title\n\nQ?\n\nAnswer: first\n  second\n\nline one\n   line two\nline three\n")
    assert b.sections[0].answer == "first second"
    assert b.sections[0].body == ("line one line two line three",)


def test_rhetorical_question_is_body_text() -> None:
    b = parse(MINIMAL + "\nIs this a heading?\n\nNo, it is not.\n")
    assert len(b.sections) == 1
    assert b.sections[0].body == ("Body one.", "Is this a heading?", "No, it is not.")


def test_literal_text_is_kept() -> None:
    hostile = "<script>alert(1)</script> & {{ 7*7 }} {% if x %} “quoted” – dash 🙂 مرحبا 中文"
    b = parse(f"Title\n\nQ?\n\nAnswer: {hostile}\n\n{hostile}\n")
    assert b.sections[0].answer == hostile
    assert b.sections[0].body == (hostile,)


def test_control_characters_are_dropped_with_a_warning() -> None:
    b = parse("Title\n\nQ?\n\nAnswer: a\x00b\x07c\n\nBo\x1bdy\tstays\n", file="t.txt")
    assert b.sections[0].answer == "abc"
    assert b.sections[0].body == ("Body\tstays",)
    assert [(w.line, "dropped" in w.message) for w in b.warnings] == [(5, True), (7, True)]
    assert str(b.warnings[0]).startswith("t.txt:5: ")


def test_lone_surrogate_is_dropped() -> None:
    b = parse("Title\n\nQ?\n\nAnswer: a\ud800b\n")
    assert b.sections[0].answer == "ab"
    assert b.warnings[0].line == 5


def test_form_feed_and_vertical_tab_do_not_split_lines() -> None:
    b = parse("Title\n\nQ?\n\nAnswer: a\x0cb\x0bc\n")
    assert b.sections[0].answer == "abc"
    assert b.sections[0].line == 3


# --- title and key points -----------------------------------------------------------


def test_title_is_first_non_blank_line() -> None:
    assert parse("\n\n   \n" + MINIMAL).title == "Title"


@pytest.mark.parametrize("mark", ["•", "-", "*", "–", "▪"])
def test_bullet_marks(mark: str) -> None:
    b = parse(f"Title\n\n  {mark} one\n{mark}\ttwo\n\nQ?\n\nAnswer: A.\n")
    assert b.key_points == ("one", "two")


def test_bullet_needs_whitespace_after_mark() -> None:
    b = parse("Title\n\n-not a bullet\n\nQ?\n\nAnswer: A.\n")
    assert b.key_points == ()
    assert b.introduction == ("-not a bullet",)


def test_bullet_continues_on_indented_lines() -> None:
    b = parse("Title\n\n• one\n  continued\n• two\n\nQ?\n\nAnswer: A.\n")
    assert b.key_points == ("one continued", "two")


def test_unindented_line_ends_key_points() -> None:
    b = parse("Title\n• one\nQ?\nAnswer: A.\n")
    assert b.key_points == ("one",)
    assert b.sections[0].question == "Q?"


def test_key_points_right_after_title_line() -> None:
    b = parse("Title\n• one\n• two\n\nQ?\n\nAnswer: A.\n")
    assert (b.title, b.key_points) == ("Title", ("one", "two"))


def test_key_points_may_be_separated_by_blank_lines() -> None:
    b = parse("Title\n\n• one\n\n• two\n\nIntro.\n\nQ?\n\nAnswer: A.\n")
    assert b.key_points == ("one", "two")
    assert b.introduction == ("Intro.",)


def test_zero_key_points_and_introduction() -> None:
    b = parse("Title\n\nIntro one.\n\nIntro two\nwrapped.\n\nQ?\n\nAnswer: A.\n")
    assert b.key_points == ()
    assert b.introduction == ("Intro one.", "Intro two wrapped.")


def test_hard_wrapped_title_is_joined() -> None:
    assert parse("A long title\nwrapped\n\nQ?\n\nAnswer: A.\n").title == "A long title wrapped"


def test_front_matter_title_used_when_text_starts_with_bullets() -> None:
    b = parse("---\ntitle: From front matter\n---\n• point\n\nQ?\n\nAnswer: A.\n")
    assert (b.title, b.key_points) == ("From front matter", ("point",))


def test_front_matter_title_used_when_text_starts_with_question() -> None:
    b = parse("---\ntitle: From front matter\n---\nQ?\n\nAnswer: A.\n")
    assert b.title == "From front matter"
    assert b.sections[0].line == 4


def test_text_title_wins_over_front_matter_with_warning() -> None:
    b = parse("---\ntitle: Other\n---\nText title\n\nQ?\n\nAnswer: A.\n", file="t.txt")
    assert b.title == "Text title"
    assert [w.line for w in b.warnings if "ignored" in w.message] == [2]


# --- sections -----------------------------------------------------------------------


def test_answer_label_is_case_insensitive() -> None:
    b = parse("Title\n\nQ?\n\nANSWER:   Yes.\n")
    assert b.sections[0].answer == "Yes."


def test_answer_directly_after_question_line() -> None:
    b = parse("Title\n\nQ one?\nAnswer: A one.\nstill answer\n\nBody\nwrapped.\nQ two?\nAnswer: A two.\n")
    assert [(s.question, s.answer) for s in b.sections] == [
        ("Q one?", "A one. still answer"),
        ("Q two?", "A two."),
    ]
    assert [s.line for s in b.sections] == [3, 9]
    assert b.sections[0].body == ("Body wrapped.",)


def test_no_blank_lines_at_all() -> None:
    b = parse("Title\n• kp\nQ1?\nAnswer: A1.\nQ2?\nAnswer: A2.\n")
    assert (b.title, b.key_points) == ("Title", ("kp",))
    assert [(s.question, s.answer, s.line) for s in b.sections] == [("Q1?", "A1.", 3), ("Q2?", "A2.", 5)]


def test_answer_text_may_start_on_next_line() -> None:
    b = parse("Title\n\nQ?\n\nAnswer:\nThe text.\n")
    assert b.sections[0].answer == "The text."


def test_heading_need_not_end_in_question_mark() -> None:
    assert parse("Title\n\nThe outlook\n\nAnswer: Calm.\n").sections[0].question == "The outlook"


def test_blank_lines_between_question_and_answer() -> None:
    assert parse("Title\n\nQ?\n\n\n\nAnswer: A.\n").sections[0].answer == "A."


def test_word_answer_inside_text_is_not_a_label() -> None:
    b = parse(MINIMAL + "\nThe answer: nobody knows.\n")
    assert b.sections[0].body[-1] == "The answer: nobody knows."


def test_wrapped_question_ending_in_question_mark() -> None:
    b = parse("Title\n\nWhat happens when a very long question\nis wrapped by the editor?\n\nAnswer: A.\n")
    assert b.sections[0].question == "What happens when a very long question is wrapped by the editor?"


def test_body_run_into_a_question_is_not_a_heading() -> None:
    err = error_of("Title\n\nQ?\n\nAnswer: A.\n\nBody ends here.\nNext question?\n\nAnswer: B.\n")
    assert err.line == 10
    assert "line 7" in err.message


def test_empty_body_is_a_warning() -> None:
    b = parse("Title\n\nQ?\n\nAnswer: A.\n", file="t.txt")
    assert [(w.line, "no body" in w.message) for w in b.warnings] == [(3, True)]


def test_sections_bodies_in_order() -> None:
    b = parse("T\n\nQ1?\n\nAnswer: A1.\n\nb1\n\nb2\n\nQ2?\n\nAnswer: A2.\n\nb3\n")
    assert [s.body for s in b.sections] == [("b1", "b2"), ("b3",)]
    assert [s.line for s in b.sections] == [3, 11]


# --- errors, each with its line -----------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t\n", "\ufeff", "\u00a0\n\n"])
def test_empty(text: str) -> None:
    err = error_of(text)
    assert (err.file, err.line) == ("t.txt", 1)
    assert "empty" in err.message


def test_no_title() -> None:
    err = error_of("• point\n\nQ?\n\nAnswer: A.\n")
    assert err.line == 1
    assert "no title" in err.message


def test_question_first_without_front_matter_title() -> None:
    err = error_of("\n\nQ?\n\nAnswer: A.\n")
    assert (err.line, "no title" in err.message) == (3, True)
    assert "'Q?' is a question" in err.message


def test_no_question_section() -> None:
    err = error_of("Title\n\n• point\n\nJust text.\n\nIs it?\n")
    assert err.line == 5
    assert "no question" in err.message


def test_title_only() -> None:
    err = error_of("Title\n\n\n")
    assert (err.line, "no question" in err.message) == (1, True)


def test_answer_without_question_after_key_points() -> None:
    err = error_of("Title\n\n• point\n\nAnswer: A.\n")
    assert (err.line, "without a question" in err.message) == (5, True)


def test_answer_after_multi_line_paragraph() -> None:
    err = error_of("Title\n\nQ?\n\nAnswer: A.\n\nSome body\ntext here.\n\nAnswer: B.\n")
    assert err.line == 10
    assert "line 7" in err.message


def test_second_answer() -> None:
    err = error_of("Title\n\nQ?\n\nAnswer: A.\n\nAnswer: B.\n")
    assert err.line == 7
    assert "already has its answer on line 5" in err.message


def test_answer_with_no_text() -> None:
    err = error_of("Title\n\nQ?\n\nAnswer:\n\nBody.\n")
    assert (err.line, "no text" in err.message) == (5, True)


def test_answer_with_only_whitespace_after_label() -> None:
    assert error_of(f"Title\n\nQ?\nAnswer: {NBSP} \n").line == 4


def test_error_string_is_file_line_message() -> None:
    assert str(error_of("Title\n")).startswith("t.txt:")


def test_returns_briefing() -> None:
    assert isinstance(parse(MINIMAL), Briefing)


# --- front matter -------------------------------------------------------------------


FRONT = """---
title: Ignored
subtitle: A subtitle
date: 2026-03-01
author: [Ann, Bob]
publication: The Weekly
issue: 12
lang: fr-CA
tags: [a, b]
summary: |
  Two
  lines.
colour: blue
nested: {a: [1, 2]}
---
Title

Q?

Answer: A.
"""


def test_front_matter_fields() -> None:
    b = parse(FRONT)
    m = b.meta
    assert (m.subtitle, m.date, m.authors, m.publication, m.issue, m.lang, m.tags, m.summary) == (
        "A subtitle",
        datetime.date(2026, 3, 1),
        ("Ann", "Bob"),
        "The Weekly",
        "12",
        "fr-CA",
        ("a", "b"),
        "Two lines.",
    )
    assert m.extra["colour"] == "blue"
    assert m.extra["nested"]["a"] == (1, 2)
    assert b.sections[0].line == 18


def test_author_may_be_a_string_and_date_quoted() -> None:
    b = parse("---\nauthor: Ann\ndate: '2026-01-02'\n---\n" + MINIMAL)
    assert (b.meta.authors, b.meta.date) == (("Ann",), datetime.date(2026, 1, 2))


def test_empty_front_matter() -> None:
    assert parse("---\n---\n" + MINIMAL).title == "Title"


@pytest.mark.parametrize(
    ("front", "line", "words"),
    [
        ("title: [unclosed\n", 2, "invalid front matter"),
        ("a: 1\ndate: 2026-13-45\n", 3, "date"),
        ("a: 1\nb: 2\ndate: tomorrow\n", 4, "not a date"),
        ("date: 2026-01-01 10:00:00\n", 2, "without a time"),
        ("lang: 'english language'\n", 2, "language tag"),
        ("- a\n- b\n", 2, "key: value"),
        ("title: a\ntitle: b\n", 3, "twice"),
        ("a: &x [1]\nb: *x\n", 3, "aliases"),
        ("author: {name: x}\n", 2, "author"),
        ("tags: [[1]]\n", 2, "tags"),
        ("title: x\n  bad: indent\n", 3, "invalid front matter"),
        ("x: " + "[" * 3000 + "]" * 3000 + "\n", 2, "nested too deeply"),
        # YAML's escapes write what the source's decoding drops: every edition failed on them
        ('a: 1\npublication: "a\\ud800b"\n', 3, "holds U+D800"),
        ('author: ["ok", "x\\0"]\n', 2, "holds U+0000"),
        ('summary: "s\\e"\n', 2, "holds U+001B"),
        ('extra: {"k\\x01": v}\n', 2, "holds U+0001"),
    ],
)
def test_front_matter_errors(front: str, line: int, words: str) -> None:
    err = error_of("---\n" + front + "---\n" + MINIMAL)
    assert err.line == line
    assert words in err.message


def test_unclosed_front_matter() -> None:
    err = error_of("---\ntitle: x\n\nTitle\n\nQ?\n\nAnswer: A.\n")
    assert (err.line, "closing" in err.message) == (1, True)


def test_dashes_not_on_first_line_are_text() -> None:
    b = parse("Title\n\n---\n\nQ?\n\nAnswer: A.\n")
    assert b.introduction == ("---",)


def test_defaults_fill_what_front_matter_leaves_out() -> None:
    from briefpub import Meta

    defaults = Meta(publication="Desk", authors=("Team",), lang="de")
    b = parse("---\nlang: fr\n---\n" + MINIMAL, defaults=defaults)
    assert (b.meta.publication, b.meta.authors, b.meta.lang) == ("Desk", ("Team",), "fr")


def test_many_short_paragraphs_count_towards_the_size_limit() -> None:
    """300 kB of one-word paragraphs would be a 3,000-page newsletter: refused where it gets too long."""
    text = "Title\n\nQ?\n\nAnswer: A.\n\n" + "Word.\n\n" * 100_000
    with pytest.raises(SourceError) as caught:
        parse(text)
    diagnostic = caught.value.diagnostics[0]
    assert "too long from here on" in diagnostic.message
    assert "reader.max_bytes" in diagnostic.message
    assert 10_000 < (diagnostic.line or 0) < 30_000  # about 8,000 paragraphs in, not at the end


def test_many_bare_questions_count_as_their_slides() -> None:
    questions = "".join(f"Q{n}?\n\nAnswer: A.\n\n" for n in range(1000))  # 17 kB, 1,000 slides
    assert "too long" in str(error_of(f"Title\n\n{questions}"))
    assert len(parse(f"Title\n\n{questions}", max_bytes=3_000_000).sections) == 1000


def test_a_long_briefing_of_prose_stays_within_the_limit() -> None:
    """500 kB of prose in 100 questions (some 150 pages, 40 times a long briefing) is one briefing."""
    paragraph = "A sentence of analysis that runs on for a while, as analysts' sentences do. " * 8
    sections = "".join(f"Q{n}?\n\nAnswer: A.\n\n" + f"{paragraph}\n\n" * 8 for n in range(100))
    assert len(sections) > 480_000
    assert len(parse(f"Title\n\n{sections}").sections) == 100


def test_every_independent_error_of_a_file_is_reported_at_once_in_line_order() -> None:
    text = "Title\n\nSee[^x] here.\n\nQ?\n\nAnswer: A.\n\nR?\n\nAnswer:\n\nB\n\n[^a]: one\n[^a]: two\n"
    with pytest.raises(SourceError) as refused:
        parse(text)
    assert [(d.line, d.message[:28]) for d in refused.value.diagnostics] == [
        (3, "footnote [^x] has no definit"),
        (11, "'Answer:' is followed by no "),
        (16, "footnote [^a] is defined twi"),
    ]


def test_reading_has_a_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefpub.reader import structure

    monkeypatch.setattr(structure, "READ_SECONDS", 0.001)
    with pytest.raises(SourceError, match=r"^<string>: reading it took longer than 0\.001 s"):
        parse("T\n\nQ?\nAnswer: A.\n\n" + "x *y* " * 100_000)


def test_a_flood_of_errors_is_said_in_twenty_lines_and_a_count() -> None:
    with pytest.raises(SourceError) as refused:
        parse("T\n\nQ?\n" + "Answer: x\n" * 100)
    said = [str(d) for d in refused.value.diagnostics]
    assert len(said) == 21
    assert said[-1] == "<string>: and 79 more errors like these"


def test_a_yaml_constructor_error_is_one_line() -> None:
    with pytest.raises(SourceError) as refused:
        parse("---\ntitle: !!python/object:os.system x\n---\nT\n\nQ?\nAnswer: A.\n")
    assert [str(d) for d in refused.value.diagnostics] == [
        "<string>:2: front matter 'title': could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object:os.system'"
    ]


HEAD = "Title\n\nQ?\n\nAnswer: A.\n\n"


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("7,002 tiny tables (111 kB: 7,002 slides, 2 GB)", "|a|\n|-|\n|b|\n\n" * 7002),
        (
            "40,000 one-word footnotes (1,905 pages, 4.6 GB)",
            " ".join(f"w[^{n}]" for n in range(40_000))
            + "\n\n"
            + "\n".join(f"[^{n}]: w" for n in range(40_000))
            + "\n",
        ),
        ("5,000 figures (a slide each)", "![A figure](missing.png)\n\n" * 5000),
        ("5,000 charts (a slide each)", "![A chart](missing.csv)\n\n" * 5000),
        ("100,000 one-letter list items", "- a\n" * 100_000),
        ("a table of 10,000 one-letter rows", "|a|\n|-|\n" + "|b|\n" * 10_000),
        ("100,000 one-letter links", "\n".join("[a](b)" for _ in range(100_000)) + "\n"),
        ("60,000 bare addresses", "\n".join("www.a.b" for _ in range(60_000)) + "\n"),
        ("20,000 calls of one footnote", "\n".join("w[^a]" for _ in range(20_000)) + "\n\n[^a]: A note.\n"),
    ],
)
def test_blocks_count_for_what_they_cost_on_pages_and_slides(name: str, body: str) -> None:
    """Tables, figures, footnotes and list items counted as paragraphs escaped the size limit."""
    assert len(HEAD + body) < 1_000_000, name  # every one is under the limit by its bytes alone
    with pytest.raises(SourceError) as caught:
        parse(HEAD + body)
    (diagnostic,) = caught.value.diagnostics
    assert "too long from here on" in diagnostic.message
    assert 7 <= (diagnostic.line or 0) < HEAD.count("\n") + body.count("\n")  # where it gets too long


def test_a_long_briefing_of_tables_lists_and_footnotes_stays_within_the_limit() -> None:
    sections = "".join(
        f"Q{n}?\n\nAnswer: A.\n\nSee this[^n{n}].\n\n|a|b|\n|-|-|\n|1|2|\n|3|4|\n\n- one\n- two\n\n"
        f"[^n{n}]: A source.\n\n"
        for n in range(100)  # four times a long briefing, each question with a table, a list and a note
    )
    assert len(parse(f"Title\n\n{sections}").sections) == 100
