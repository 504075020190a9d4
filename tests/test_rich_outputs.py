"""Rich briefings in every output: the newsletter's markup, footnotes, lists and figures, and the deck's."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from briefpub import TemplateError, parse
from briefpub.config import PdfConfig, SlidesConfig
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.newsletter.page import render_html
from briefpub.newsletter.pdf import render_pdf
from conftest import Run
from deckcheck import HAVE_LIBREOFFICE, render, words_outside
from masters import corporate_master
from pptxcheck import problems

SOURCE = """Steel, *tariffs* and the trade war

• Prices rose 12%[^imf] in `Q3`.
• See the [IMF report](https://www.imf.org/report).

What happens next?
Answer: Tariffs stay, *at least* until 2027.[^imf]

Three scenarios:
- **Escalation**: more tariffs
- *Truce*: a deal by June

![Steel output by region](img/chart.png "Bar chart of steel output")

Who wins?
Answer: Nobody.

1. First
2. Second

![A tall photo](img/tall.png)

[^imf]: IMF, *World Economic Outlook*, https://www.imf.org/weo.
"""


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    (tmp_path / "source" / "img").mkdir(parents=True)
    Image.new("RGB", (800, 400), (30, 90, 160)).save(tmp_path / "source" / "img" / "chart.png")
    Image.new("RGB", (300, 900), (160, 90, 30)).save(tmp_path / "source" / "img" / "tall.png")
    path = tmp_path / "source" / "rich.txt"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def test_the_html_edition_sets_markup_lists_figures_and_a_list_of_notes(rich: Path) -> None:
    page = render_html(parse(rich), embed=True)
    assert "Steel, <em>tariffs</em> and the trade\u00a0war</h1>" in page  # the last words kept together
    assert '<a href="https://www.imf.org/report">IMF report</a>' in page
    assert "<code>Q3</code>" in page
    assert "<ul>\n  <li><strong>Escalation</strong>: more tariffs</li>" in page
    assert "<ol>\n  <li>First</li>" in page
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="Bar chart of steel output"', page)
    assert '<span class="figure-label">Figure 2</span> A tall photo' in page
    # Notes: each call links to the list at the end, which links back to the first call.
    assert page.count('href="#fn-1"') == 2
    assert '<li id="fn-1">IMF, <em>World Economic Outlook</em>' in page
    assert 'href="#fnref-1"' in page
    assert 'class="footnote"' not in page  # no print footnotes on the web


def test_show_urls_marks_the_page_for_paper_readers(rich: Path) -> None:
    assert '<body class="sections-2 show-urls">' in render_html(
        parse(rich), options=PdfConfig(show_urls=True)
    )
    assert '<body class="sections-2">' in render_html(parse(rich))


def test_the_pdf_has_links_footnotes_at_the_foot_of_the_page_and_figures_with_alt_text(rich: Path) -> None:
    data = render_pdf(parse(rich))
    reader = PdfReader(io.BytesIO(data))
    first = reader.pages[0].extract_text()
    # The note is on the page of its first call, once; its text is not repeated.
    assert "IMF, World Economic Outlook" in first
    assert sum("World Economic Outlook" in page.extract_text() for page in reader.pages) == 1
    uris = {
        str(annotation.get_object()["/A"].get("/URI"))
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    assert {"https://www.imf.org/report", "https://www.imf.org/weo"} <= uris
    destinations = {
        str(annotation.get_object().get("/Dest"))
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    }
    assert {"fn-1", "fnref-1"} <= destinations  # the call links to its note, the note back to its call
    alts = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            walk(node.get("/K"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])  # type: ignore[index]
    assert "Bar chart of steel output" in alts
    assert "A tall photo" in alts


def test_every_word_reaches_the_pdf_in_order(rich: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(render_pdf(parse(rich)))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = " ".join(text.split())
    for phrase in [
        "Escalation: more tariffs",
        "Truce: a deal by June",
        "Figure 1 Steel output by region",
        "Nobody.",
    ]:
        assert phrase in words


def test_the_deck_keeps_runs_links_notes_and_shows_each_figure_inside_its_box(rich: Path) -> None:
    briefing = parse(rich)
    plan = plan_slides(briefing)
    deck_bytes = render_slides(briefing)
    assert problems(deck_bytes) == []
    deck = Presentation(io.BytesIO(deck_bytes))
    roles = [slide.role for slide in plan.slides]
    assert roles == ["title", "key_points", "question", "question"]  # each figure beside its answer
    title_runs = [(r.text, r.font.italic) for r in deck.slides[0].shapes.title.text_frame.paragraphs[0].runs]
    assert ("tariffs", True) in title_runs
    key_points = deck.slides[1].placeholders[1].text_frame
    link = next(r for p in key_points.paragraphs for r in p.runs if r.text == "IMF report")
    assert link.hyperlink.address == "https://www.imf.org/report"
    code = next(r for p in key_points.paragraphs for r in p.runs if r.text == "Q3")
    assert code.font.name == "Courier New"
    notes = deck.slides[2].notes_slide.notes_text_frame
    assert [p.text for p in notes.paragraphs] == [
        "Three scenarios:",
        "Escalation: more tariffs",
        "Truce: a deal by June",
        "Figure 1: Steel output by region",
        "Sources",
        "1. IMF, World Economic Outlook, https://www.imf.org/weo.",
    ]
    bullets = notes.paragraphs[1]._p.pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buChar")
    assert bullets is not None
    source_link = next(r for r in notes.paragraphs[-1].runs if r.text == "https://www.imf.org/weo")
    assert source_link.hyperlink.address == "https://www.imf.org/weo"  # links work in the notes too
    for index, slide_plan in enumerate(plan.slides):
        if slide_plan.figure is None:
            continue
        figure, area = slide_plan.figure.box, slide_plan.figure.area
        assert area.left <= figure.left
        assert figure.left + figure.width <= area.left + area.width + 0.01
        assert area.top <= figure.top
        assert figure.top + figure.height <= area.top + area.height + 0.01
        (picture,) = [s for s in deck.slides[index].shapes if s.shape_type == 13]
        assert picture._element.nvPicPr.cNvPr.get("descr") in ("Bar chart of steel output", "A tall photo")
        # The aspect ratio is kept: never stretched, never cropped.
        natural = 800 / 400 if slide_plan.figure.number == 1 else 300 / 900
        assert abs(Emu(picture.width) / Emu(picture.height) - natural) < 0.01
        assert picture.crop_left == picture.crop_right == picture.crop_top == picture.crop_bottom == 0


def test_an_svg_figure_reaches_the_deck_as_a_picture(tmp_path: Path) -> None:
    (tmp_path / "map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">'
        '<circle cx="150" cy="100" r="80"/></svg>'
    )
    source = tmp_path / "b.txt"
    source.write_text("T\n\nQ?\nAnswer: A.\n\n![Map](map.svg)\n", encoding="utf-8")
    deck = Presentation(io.BytesIO(render_slides(parse(source))))
    (picture,) = [s for s in deck.slides[-1].shapes if s.shape_type == 13]
    assert picture.image.content_type == "image/png"
    assert picture.image.size[0] >= 1000  # drawn finely, not at its 300 px


def test_changing_an_image_rebuilds_the_briefing_that_uses_it_and_only_it(run: Run, rich: Path) -> None:
    project = rich.parent.parent
    (project / "source" / "plain.txt").write_text("Plain\n\nQ?\nAnswer: A.\n\nBody.\n", encoding="utf-8")
    first = run("build", "--only", "pdf", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "built 0, skipped 2" in run("build", "--only", "pdf", cwd=project).stderr
    Image.new("RGB", (800, 400), (0, 0, 0)).save(project / "source" / "img" / "chart.png")
    again = run("build", "--only", "pdf", cwd=project)
    assert again.returncode == 0, again.stderr
    assert "built 1, skipped 1" in again.stderr


# --- figures on other masters ----------------------------------------------------------------

GERMAN = {"title": "Titelfolie", "key_points": "Titel und Inhalt", "question": "Titel und Inhalt"}


@pytest.fixture(scope="module")
def corporate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corporate_master(tmp_path_factory.mktemp("masters"))


def test_a_master_without_a_figure_layout_gives_each_figure_its_own_slide(
    rich: Path, corporate: Path
) -> None:
    options = SlidesConfig(layouts=MappingProxyType(GERMAN))
    plan = plan_slides(parse(rich), template=corporate, options=options)
    assert [s.role for s in plan.slides] == [
        "title",
        "key_points",
        "question",
        "figure",
        "question",
        "figure",
    ]
    assert any("no 'Question with Figure' layout" in d.message for d in plan.diagnostics)
    figures = [s for s in plan.slides if s.figure is not None]
    assert [s.texts[0].paragraphs for s in figures] == [("Steel output by region",), ("A tall photo",)]


def test_a_mapped_figure_layout_must_have_room_for_the_figure(rich: Path, corporate: Path) -> None:
    options = SlidesConfig(layouts=MappingProxyType({**GERMAN, "figure": "Titelfolie"}))
    with pytest.raises(TemplateError, match="cannot hold a question beside its figure"):
        plan_slides(parse(rich), template=corporate, options=options)


def test_the_packaged_deck_shows_the_first_figure_beside_its_answer_with_a_caption(rich: Path) -> None:
    plan = plan_slides(parse(rich))
    question = next(s for s in plan.slides if s.role == "question")
    assert question.layout == "Question with Figure"
    assert question.figure is not None
    caption = next(a for a in question.asides if a.kind == "caption")
    assert "".join(run.text for run in caption.runs) == "Figure 1  Steel output by region"
    # The caption sits under the picture, inside the figure's box.
    assert caption.box.top >= question.figure.box.top + question.figure.box.height
    sources = next(a for a in question.asides if a.kind == "sources")
    assert (
        "".join(run.text for run in sources.runs) == "1 IMF, World Economic Outlook, https://www.imf.org/weo."
    )
    answer = question.texts[1]
    assert sources.box.top + sources.box.height <= answer.box.top + answer.box.height


@pytest.mark.libreoffice
@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="needs LibreOffice and pdftotext")
@pytest.mark.parametrize("master", ["packaged", "corporate"])
def test_libreoffice_puts_every_word_of_a_rich_deck_inside_its_box(
    rich: Path, corporate: Path, tmp_path: Path, master: str
) -> None:
    template = corporate if master == "corporate" else None
    options = SlidesConfig(layouts=MappingProxyType(GERMAN)) if template else SlidesConfig()
    path = tmp_path / "rich.pptx"
    path.write_bytes(render_slides(parse(rich), template=template, options=options))
    assert words_outside(path, tolerance=0.5) == []
    words = " ".join(page.text for page in render(path)).casefold()  # a master may set capitals
    for phrase in ["Tariffs stay, at least until 2027.", "Steel output by region", "IMF report", "Nobody."]:
        assert phrase.casefold() in words, phrase


def test_bookmarks_are_the_plain_headings_without_footnote_calls(tmp_path: Path) -> None:
    source = tmp_path / "b.txt"
    source.write_text(
        "The *title*[^a]\n\nWhy *this*?[^a]\nAnswer: Because.\n\nBody.\n\n[^a]: A note.\n", encoding="utf-8"
    )
    reader = PdfReader(io.BytesIO(render_pdf(parse(source))))
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    assert titles == ["The title", "Why this?"]


def test_a_figure_in_the_introduction_reaches_the_deck_without_key_points(tmp_path: Path) -> None:
    Image.new("RGB", (40, 20), (0, 0, 0)).save(tmp_path / "a.png")
    (tmp_path / "b.txt").write_text(
        "Title\n\n![Intro chart](a.png)\n\nQ?\nAnswer: A.\n\nB.\n", encoding="utf-8"
    )
    plan = plan_slides(parse(tmp_path / "b.txt"))
    assert [s.role for s in plan.slides] == ["title", "figure", "question"]


def test_an_answer_too_long_to_share_its_slide_leaves_the_figure_a_slide_of_its_own(tmp_path: Path) -> None:
    Image.new("RGB", (400, 200), (0, 0, 0)).save(tmp_path / "a.png")
    answer = "**A long answer** that goes on. " * 45
    (tmp_path / "b.txt").write_text(f"T\n\nQ?\nAnswer: {answer}\n\n![Chart](a.png)\n", encoding="utf-8")
    plan = plan_slides(parse(tmp_path / "b.txt"))
    assert [(s.role, s.layout) for s in plan.slides[1:]] == [("question", "Question"), ("figure", "Question")]
    assert not any("below the" in d.message for d in plan.diagnostics)


def test_only_a_question_with_a_figure_takes_the_figure_layout(tmp_path: Path) -> None:
    Image.new("RGB", (400, 200), (0, 0, 0)).save(tmp_path / "a.png")
    source = "T\n\nWith?\nAnswer: A.\n\n![Chart](a.png)\n\nWithout?\nAnswer: B.\n\nText.\n"
    (tmp_path / "b.txt").write_text(source, encoding="utf-8")
    plan = plan_slides(parse(tmp_path / "b.txt"))
    assert [s.layout for s in plan.slides if s.role == "question"] == ["Question with Figure", "Question"]


def test_the_pdfs_page_names_figures_for_its_fetcher_instead_of_carrying_them(tmp_path: Path) -> None:
    """No data: URL per use: twelve uses of an image are neither twelve copies in the page nor in the PDF.

    (Four 15 MB figures made the page pass its 64 M-character limit.)
    """
    from PIL import Image

    from briefpub.newsletter.page import render_html
    from briefpub.newsletter.pdf import render_pdf

    Image.effect_noise((400, 400), 80).convert("RGB").save(tmp_path / "noise.png")
    figures = "\n\n".join(f"![Figure {n}](noise.png)" for n in range(12))
    (tmp_path / "b.txt").write_text(f"T\n\nQ?\n\nAnswer: A.\n\n{figures}\n", encoding="utf-8")
    briefing = parse(tmp_path / "b.txt")
    once = (tmp_path / "noise.png").stat().st_size
    assert len(render_html(briefing)) < once / 10
    pdf = render_pdf(briefing)
    assert once < len(pdf) < 2 * once
