"""Properties of the reader over texts and briefings that hypothesis makes up."""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefpub import Briefing, Meta, Section, SourceError, parse
from briefpub.model.briefing import ListBlock
from briefpub.model.richtext import Code, Emphasis, Link, Rich, Strong, Text
from briefpub.reader.unparse import unparse

LINE_PIECES = st.sampled_from(
    [
        "Title",
        "Why?",
        "Answer:",
        "answer: yes",
        "• point",
        "  - sub",
        "---",
        "title: x",
        "date: 2026-02-30",
        "\u00a0",
        "  ",
        "",
        "text",
        "\x00",
        "\ud800",
        "“quoted”",
        "{{ 7*7 }}",
        "<b>",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(LINE_PIECES, st.text(max_size=30)), max_size=25), st.sampled_from(["\n", "\r\n", "\r"])
)
def test_any_text_parses_or_raises_source_error(pieces: list[str], newline: str) -> None:
    try:
        result = parse(newline.join(pieces))
    except SourceError as error:
        diagnostics = error.diagnostics
        assert diagnostics  # every error of the file, each one line, in line order
        assert all("\n" not in str(d) for d in diagnostics)
        lines = [d.line or 0 for d in diagnostics]
        assert lines == sorted(lines)
    else:
        assert isinstance(result, Briefing)
        assert result.sections


# Words that cannot be mistaken for structure: no bullet mark or label at the start.
WORD = st.text(
    alphabet=st.characters(
        categories=["L", "N", "P", "S", "Zs"], exclude_characters="\u2028\u2029\x85", max_codepoint=0x2FFF
    ),
    min_size=1,
    max_size=12,
).map(lambda s: " ".join(s.split()))


def sentence() -> st.SearchStrategy[str]:
    return (
        st.lists(WORD, min_size=1, max_size=8)
        .map(lambda words: "w " + " ".join(w for w in words if w))
        .map(lambda s: " ".join(s.split()))
    )


SECTION = st.builds(
    Section,
    question=sentence(),
    answer=sentence(),
    body=st.lists(sentence(), max_size=3).map(tuple),
    line=st.just(0),
)
TEXT_OR_NONE = st.none() | sentence()
META = st.builds(
    Meta,
    subtitle=TEXT_OR_NONE,
    date=st.none() | st.dates(min_value=datetime.date(1900, 1, 1)),
    authors=st.lists(sentence(), max_size=2).map(tuple),
    publication=TEXT_OR_NONE,
    issue=TEXT_OR_NONE,
    lang=st.sampled_from(["en", "fr", "de-CH", "ru"]),
    tags=st.lists(sentence(), max_size=3).map(tuple),
    summary=TEXT_OR_NONE,
)
BRIEFING = st.builds(
    Briefing,
    title=sentence(),
    meta=META,
    key_points=st.lists(sentence(), max_size=4).map(tuple),
    introduction=st.lists(sentence(), max_size=2).map(tuple),
    sections=st.lists(SECTION, min_size=1, max_size=4).map(tuple),
)


def without_lines(briefing: Briefing) -> Briefing:
    sections = tuple(Section(s.question, s.answer, s.body, 0) for s in briefing.sections)
    return Briefing(briefing.title, briefing.meta, briefing.key_points, briefing.introduction, sections)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BRIEFING)
def test_unparse_then_parse_gives_the_same_briefing(briefing: Briefing) -> None:
    assert without_lines(parse(unparse(briefing))) == briefing


# Rich text: plain sentences with marked-up words between them. Marked words are
# letters (CommonMark needs a letter beside a mark for it to open or close).
MARKED_WORD = st.text(alphabet="abcxyzéß", min_size=1, max_size=6)
MARKED = st.one_of(
    MARKED_WORD.map(lambda w: Emphasis((Text(w),))),
    MARKED_WORD.map(lambda w: Strong((Text(w),))),
    MARKED_WORD.map(lambda w: Strong((Text(w + " "), Emphasis((Text(w),))))),
    MARKED_WORD.map(Code),
    # An ASCII address: markdown-it percent-encodes any other, and the model keeps what it gives.
    MARKED_WORD.map(lambda w: Link(f"https://example.org/p{len(w)}", (Text(w),))),
)


def rich_sentence() -> st.SearchStrategy[str]:
    return st.lists(st.tuples(sentence(), MARKED), min_size=1, max_size=3).map(
        lambda pairs: Rich.of(tuple(node for text, marked in pairs for node in (Text(text + " "), marked)))
    )


RICH_SECTION = st.builds(
    Section,
    question=rich_sentence(),
    answer=rich_sentence(),
    body=st.lists(
        st.one_of(
            rich_sentence(),
            st.lists(rich_sentence(), min_size=1, max_size=3).map(lambda items: ListBlock(tuple(items))),
        ),
        max_size=3,
    ).map(tuple),
    line=st.just(0),
)
RICH_BRIEFING = st.builds(
    Briefing,
    title=rich_sentence(),
    meta=st.just(Meta()),
    key_points=st.lists(rich_sentence(), max_size=3).map(tuple),
    introduction=st.lists(rich_sentence(), max_size=2).map(tuple),
    sections=st.lists(RICH_SECTION, min_size=1, max_size=3).map(tuple),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RICH_BRIEFING)
def test_a_rich_briefing_written_back_parses_to_the_same_briefing(briefing: Briefing) -> None:
    assert without_lines(parse(unparse(briefing))) == briefing
