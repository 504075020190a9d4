"""The footnote fast path (``engines.EXACT_FOOTNOTES``) lays out what WeasyPrint's own way does.

Past eight footnotes on a page, ``engines`` adds measured footnote heights
instead of laying out the page's whole footnote area for each footnote.
Hypothesis generates briefings of paragraphs and notes (a note in every
paragraph, many to a page, long notes that overflow the area and move on)
and each is rendered with the fast path on and off: the PDFs must be the
same bytes, so the same pages and every line at the same place.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefpub import Briefing, parse
from briefpub.newsletter import engines
from briefpub.newsletter.pdf import render_pdf
from test_pdf_tags import marked_content, read_tree

WORDS = ["the", "port", "strike", "cost", "shippers", "and", "insurers", "more", "than", "the", "escorts"]

Shape = list[tuple[int, list[int]]]
"""Paragraphs, each (its words, the words of each of its notes)."""


def briefing_of(shape: Shape) -> Briefing:
    paragraphs, notes = [], []
    number = 0
    for words, note_words in shape:
        text = " ".join(WORDS[i % len(WORDS)] for i in range(words))
        calls = ""
        for length in note_words:
            number += 1
            calls += f"[^n{number}]"
            notes.append(
                f"[^n{number}]: Note {number}: "
                + " ".join(WORDS[(i * 7) % len(WORDS)] for i in range(length))
            )
        paragraphs.append(f"{text.capitalize()}{calls}.")
    return parse(
        "Notes\n\nWhat happened?\nAnswer: A lot.\n\n"
        + "\n\n".join(paragraphs)
        + "\n\n"
        + "\n".join(notes)
        + "\n"
    )


def both_ways(shape: Shape, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes]:
    briefing = briefing_of(shape)
    with monkeypatch.context() as patch:
        patch.setitem(engines.ON, "footnotes", True)
        fast = render_pdf(briefing)
        patch.setitem(engines.ON, "footnotes", False)
        exact = render_pdf(briefing)
    return fast, exact


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


paragraph = st.tuples(st.integers(3, 60), st.lists(st.integers(1, 60), min_size=0, max_size=12))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.lists(paragraph, min_size=1, max_size=30))
@example(shape=[(8, [3])] * 60)  # a short note in every paragraph: a broken copy gave 6 pages for 7
@example(shape=[(40, [2] * 12)] * 4)  # a dozen calls to a paragraph
@example(shape=[(20, [50, 60, 45])] * 10)  # long notes that overflow the area and move on
@example(shape=[(150, [1] * 20), (3, []), (150, [30] * 3)])
def test_the_fast_path_lays_out_the_pages_weasyprint_would(
    shape: Shape, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, exact = both_ways(shape, monkeypatch)
    assert pages(fast) == pages(exact)
    assert fast == exact
    tree = read_tree(fast)  # and the mended structure tree holds what is drawn, every note a Note
    drawn = {(page, mcid) for page, _tag, mcid in marked_content(tree.reader) if mcid is not None}
    assert drawn == tree.marked
    assert len(tree.of("/Note")) == sum(len(notes) for _, notes in shape)


def test_the_shapes_reach_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The property is not vacuous: the fast path answers for these shapes."""
    calls = 0
    original = engines._footnote_height

    def counting(*args: object) -> float | None:
        nonlocal calls
        calls += 1
        return original(*args)

    monkeypatch.setattr(engines, "_footnote_height", counting)
    render_pdf(briefing_of([(8, [3])] * 60))
    assert calls > 20
