"""The deck passes PowerPoint's accessibility checker, rule by rule, read from the package (issue 28)."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image
from pptx import Presentation

from a11ydeck import problems, titles
from briefpub import parse
from briefpub.deck.slides import render_slides
from briefpub.model.briefing import Briefing
from masters import corporate_master

_ROWS = "\n".join(f"| Region {n} | {n * 3} | {n * 7} |" for n in range(60))
BRIEFING = f"""---
date: 2026-12-01
author: The desk
lang: {{lang}}
---
Energy in winter 2026–27

- Oil holds steady.
- Gas climbs.

How much oil?

Answer: About two million barrels a day.

![Oil output, mb/d](data/oil.csv "Column chart of oil output by year")

What do regions produce?

Answer: A lot, region by region.

| Region | Oil | Gas |
| --- | ---: | ---: |
{_ROWS}

Table: Output by region in 2026[^3]

Which picture?

Answer: This one.

![A blue square](data/pic.png "A plain blue square")

How much oil?

Answer: Asked again, as desks do.

[^3]: Ministry of Energy.
"""
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _briefing(folder: Path, lang: str = "en") -> Briefing:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "data" / "oil.csv").write_text("Year,Kazakhstan,Russia\n2022,1.8,11.0\n2023,1.9,10.9\n")
    (folder / "data" / "oil.toml").write_text('highlight = "2023"\n')
    Image.new("RGB", (400, 300), (40, 90, 160)).save(folder / "data" / "pic.png")
    source = folder / "b.txt"
    source.write_text(BRIEFING.replace("{lang}", lang), encoding="utf-8")
    return parse(source, root=folder)


@pytest.mark.parametrize("master", ["packaged", "corporate"])
def test_the_deck_passes_the_accessibility_checkers_rules(tmp_path: Path, master: str) -> None:
    template = corporate_master(tmp_path, figure_layout=True) if master == "corporate" else None
    deck = render_slides(_briefing(tmp_path), template=template)
    assert problems(deck) == []
    shown = titles(deck)
    assert len(set(shown)) == len(shown)
    continued = [title for title in shown if title.startswith("Output by region")]
    assert continued[:3] == [
        "Output by region in 2026",  # the footnote call is not run into the year ("20261")
        "Output by region in 2026 (cont.)",
        "Output by region in 2026 (cont. 2)",
    ]
    assert all(t == f"Output by region in 2026 (cont. {n})" for n, t in enumerate(continued[3:], 3))
    assert shown[-1] == "How much oil? (2)"  # a question asked twice is told apart


def test_continued_titles_are_localised(tmp_path: Path) -> None:
    shown = titles(render_slides(_briefing(tmp_path, "fr")))
    assert "Output by region in 2026 (suite)" in shown
    assert "Output by region in 2026 (suite 2)" in shown


def test_the_footnote_of_a_caption_stays_in_the_notes(tmp_path: Path) -> None:
    deck = Presentation(io.BytesIO(render_slides(_briefing(tmp_path))))
    [slide] = [s for s in deck.slides if s.shapes.title.text == "Output by region in 2026"]
    assert "Ministry of Energy." in slide.notes_slide.notes_text_frame.text


def test_alternative_text_of_pictures_charts_and_tables(tmp_path: Path) -> None:
    deck = Presentation(io.BytesIO(render_slides(_briefing(tmp_path))))
    described = {
        shape.name: shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
        for slide in deck.slides
        for shape in slide.shapes
        if shape.shape_type is not None
        and (shape.has_chart or shape.has_table or shape.name.startswith("Figure"))
    }
    assert described["Figure 1"] == (
        "Column chart of oil output by year. Kazakhstan: 2022 1.8, 2023 1.9; Russia: 2022 11, 2023 10.9"
    )
    assert described["Figure 2"] == "A plain blue square"
    assert described["Table 1"] == "Output by region in 2026"


def test_the_language_is_the_briefings_everywhere(tmp_path: Path) -> None:
    data = render_slides(_briefing(tmp_path, "fr"))
    deck = Presentation(io.BytesIO(data))
    style = deck.part._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}defaultTextStyle"
    )
    assert style is not None
    assert {element.get("lang") for element in style.iter(f"{{{_A}}}defRPr")} == {"fr"}
    langs = {r.get("lang") for slide in deck.slides for r in slide._element.iter(f"{{{_A}}}rPr")}
    assert langs == {"fr"}
    [chart] = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert chart._chartSpace.find(f"{_C}lang").get("val") == "fr"


def test_the_title_is_read_first_whatever_the_layout_lists_first(tmp_path: Path) -> None:
    from briefpub.deck.emit import _title_first

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    tree = slide.shapes._spTree
    title = slide.shapes.title._element
    tree.append(title)  # the layout's body comes first, as some masters list them
    assert [etree.QName(c).localname for c in tree][2:] == ["sp", "sp"]
    assert tree[2] is not title
    _title_first(slide, Counter())
    assert tree[2] is title


def test_a_figure_or_table_the_writer_gave_no_words_still_has_alternative_text(tmp_path: Path) -> None:
    Image.new("RGB", (400, 300), (40, 90, 160)).save(tmp_path / "pic.png")
    source = tmp_path / "t.txt"
    source.write_text(
        "T\n\nWhich?\n\nAnswer: This.\n\n![](pic.png)\n\n| Region | Oil |\n| --- | --- |\n| North | 3 |\n",
        encoding="utf-8",
    )
    deck = render_slides(parse(source, root=tmp_path))
    assert problems(deck) == []
    shown = Presentation(io.BytesIO(deck))
    described = {
        shape.name: shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
        for slide in shown.slides
        for shape in slide.shapes
        if shape.name.startswith(("Figure", "Table"))
    }
    assert described == {"Figure 1": "Figure 1", "Table 1": "Table 1: Region, Oil"}


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    questions=st.lists(
        st.sampled_from(["Why?", "Why ?", "What next?", "Output in 2026?"]), min_size=1, max_size=4
    ),
    rows=st.lists(st.integers(1, 70), max_size=2),
    lang=st.sampled_from(["en", "fr", "ar"]),
)
def test_any_deck_passes_the_rules(questions: list[str], rows: list[int], lang: str) -> None:
    """Generated briefings (questions asked alike, long tables with a footnote in their caption) pass."""
    parts = [f"---\nlang: {lang}\n---\nTitle\n"]
    for n, question in enumerate(questions):
        parts.append(f"{question}\n\nAnswer: Answer {n}.\n")
        for count in rows[n : n + 1]:
            body = "\n".join(f"| R{r} | {r} |" for r in range(count))
            parts.append(f"| Name | Value |\n| --- | --- |\n{body}\n\nTable: Output in 2026[^n{n}]\n")
            parts.append(f"[^n{n}]: Source {n}.\n")
    deck = render_slides(parse("\n".join(parts)))
    assert problems(deck) == []
