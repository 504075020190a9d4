"""The PDF newsletter, rendered for real by WeasyPrint and read back with pypdf."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefpub import Briefing, parse
from briefpub.config import PdfConfig
from briefpub.errors import Diagnostic, TemplateError
from briefpub.newsletter import placement
from briefpub.newsletter.pdf import render_pdf
from conftest import FIXTURES, Run

HOSTILE = '<script>alert(1)</script> & <img src="file:///etc/passwd"> {{ 7*7 }} {% raw %}'


def render(briefing: Briefing, **kwargs: object) -> bytes:
    """Render and fail on any WeasyPrint warning the test did not ask for."""
    warnings: list[str] = []
    data = render_pdf(briefing, warn=lambda d: warnings.append(str(d)), **kwargs)  # type: ignore[arg-type]
    assert warnings == []
    return data


def text_of(data: bytes) -> str:
    """Return the PDF's text with line-end hyphens undone and all whitespace as single spaces."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = re.sub(r"[\u2010-](?:\s*\n)\s*", "", text)  # hyphenation at line ends
    return " ".join(text.split())


def assert_in_order(haystack: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(" ".join(needle.split()), position)
        assert found >= 0, f"not found after position {position}: {needle!r}"
        position = found + 1


@pytest.fixture(scope="module")
def ferry() -> Briefing:
    return parse(FIXTURES / "ferry-strike.txt")


@pytest.fixture(scope="module")
def ferry_pdf(ferry: Briefing) -> bytes:
    return render(ferry)


def test_is_pdf_with_every_text_in_order(ferry: Briefing, ferry_pdf: bytes) -> None:
    assert ferry_pdf.startswith(b"%PDF-")
    texts = list(ferry.texts())
    assert_in_order(text_of(ferry_pdf), texts)


def test_outline_is_title_then_questions(ferry: Briefing, ferry_pdf: bytes) -> None:
    outline: Any = PdfReader(io.BytesIO(ferry_pdf)).outline
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles += [child.title for child in item]
        else:
            titles.append(item.title)
    assert titles == [ferry.title, *(s.question for s in ferry.sections)]


def test_metadata() -> None:
    b = parse(
        "---\nauthor: [Ann Lee, Bo Chen]\ndate: 2026-03-04\ntags: [ferries, Baltic]\nlang: de\n"
        "summary: The short of it.\n---\nTitel\n\nFrage?\n\nAnswer: Antwort.\n\nText.\n"
    )
    reader = PdfReader(io.BytesIO(render(b)))
    meta: Any = reader.metadata
    assert meta is not None
    assert meta.title == "Titel"
    assert meta.author == "Ann Lee, Bo Chen"
    assert meta.subject == "The short of it."
    assert meta["/Keywords"] == "ferries, Baltic"
    assert str(meta["/CreationDate"]).startswith("D:20260304")
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "de"


def test_tagged_and_no_attachment(ferry_pdf: bytes) -> None:
    root: Any = PdfReader(io.BytesIO(ferry_pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    assert b"/EmbeddedFile" not in ferry_pdf


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_paper(paper: str, size: tuple[int, int]) -> None:
    data = render(parse("T\n\nQ?\n\nAnswer: A.\n\nB.\n"), options=PdfConfig(paper=paper))
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_reproducible(ferry: Briefing, ferry_pdf: bytes) -> None:
    assert render(ferry) == ferry_pdf


def test_reproducible_with_a_colour_emoji(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint rewrites a colour-emoji font with fontTools, which dated it by the clock."""
    import time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    briefing = parse("Ships \N{SHIP}\n\nWhy?\n\nAnswer: Because \N{WHITE HEAVY CHECK MARK}.\n")
    first = render_pdf(briefing)
    time.sleep(1.1)  # fontTools' timestamps are in seconds
    assert render_pdf(briefing) == first
    assert "SOURCE_DATE_EPOCH" not in os.environ  # set for the render only


def test_hostile_text_appears_literally() -> None:
    b = parse(f"{HOSTILE}\n\n• {HOSTILE}\n\nWhy {HOSTILE}?\n\nAnswer: {HOSTILE}\n\n{HOSTILE}\n")
    text = text_of(render(b))
    assert text.count(" ".join(HOSTILE.split())) == 5
    assert "49" not in text


def test_long_token_is_kept_whole_and_on_the_page() -> None:
    token = "https://example.org/" + "abcdefghij" * 150
    data = render(parse(f"T\n\nQ?\n\nAnswer: A.\n\nSee {token} now.\n"))
    assert token in text_of(data).replace(" ", "")
    raw = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert sum("abcdefghij" in line for line in raw.splitlines()) >= 12  # wrapped, not run off the page


def test_template_asking_for_local_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "custom.css").write_text('body { background: url("file:///etc/passwd"); }', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"custom\.css:1: url\(file:///etc/passwd\) refused"):
        render_pdf(parse("T\n\nQ?\n\nAnswer: A.\n"), templates=tmp_path)


def test_template_asking_for_the_network_is_refused(tmp_path: Path) -> None:
    (tmp_path / "custom.css").write_text('@import url("http://example.com/x.css");', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"custom\.css:1: @import http://example\.com/x\.css refused"):
        render_pdf(parse("T\n\nQ?\n\nAnswer: A.\n"), templates=tmp_path)


def test_template_may_use_its_own_files(tmp_path: Path) -> None:
    (tmp_path / "dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>',
        encoding="utf-8",
    )
    (tmp_path / "custom.css").write_text('.masthead { background: url("dot.svg"); }', encoding="utf-8")
    assert render(parse("T\n\nQ?\n\nAnswer: A.\n"), templates=tmp_path).startswith(b"%PDF")


def test_cli_pdf_writes_and_failure_keeps_old_output(run: Run, project: Path) -> None:
    result = run("pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "output" / "ferry.pdf"
    before = out.read_bytes()
    assert before.startswith(b"%PDF")
    (project / "source" / "ferry.txt").write_text("Title\n\nno questions\n", encoding="utf-8")
    result = run("pdf", "source/ferry.txt", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("briefpub: error: source/ferry.txt:3: no question section")
    assert out.read_bytes() == before
    # Nothing half-written beside it: the PDF and the manifest of what briefpub wrote.
    assert sorted(p.name for p in out.parent.iterdir()) == [".briefpub-manifest.json", "ferry.pdf"]


def test_cli_template_error_is_one_line(run: Run, project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "newsletter.html").write_text("{{ oops }}", encoding="utf-8")
    result = run("pdf", cwd=project)
    assert result.returncode == 1
    assert re.fullmatch(r"briefpub: error: \S*newsletter\.html:1: 'oops' is undefined\n", result.stderr)
    assert not (project / "output").exists()


def test_cli_output_option_and_variant(run: Run, project: Path) -> None:
    args = ("source/ferry.txt", "-o", "x.pdf", "--paper", "letter", "--pdf-variant", "pdf/a-3b")
    result = run("pdf", *args, cwd=project)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(project / "x.pdf")
    root: Any = reader.trailer["/Root"]
    assert b"pdfaid:part" in root["/Metadata"].get_object().get_data()
    assert round(float(reader.pages[0].mediabox.width)) == 612
    # An unknown variant is a usage error, exit 2 as an unknown --paper is, before anything is read.
    unknown = run("pdf", "--pdf-variant", "pdf/z", cwd=project)
    assert unknown.returncode == 2
    assert unknown.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--pdf-variant': must be one of "
        "pdf/a-1b, pdf/a-2b, pdf/a-3b, pdf/a-2u, pdf/a-3u, pdf/a-4, pdf/ua-1"
    )


def test_script_without_font_is_named_once() -> None:
    znamenny = "\U0001cf00\U0001cf01"  # Znamenny musical notation: no font for it here
    warnings: list[str] = []
    render_pdf(
        parse(f"T {znamenny}\n\nQ?\n\nAnswer: A {znamenny}.\n"), warn=lambda d: warnings.append(str(d))
    )
    assert len(warnings) == 1
    assert "no installed font has Znamenny characters (𜼀 𜼁)" in warnings[0]


def test_source_date_epoch_when_no_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = render(parse("T\n\nQ?\n\nAnswer: A.\n\nB.\n"))
    meta: Any = PdfReader(io.BytesIO(data)).metadata
    assert str(meta["/CreationDate"]).startswith("D:20231114")


@pytest.mark.skipif(not shutil.which("pdftotext") and not os.environ.get("CI"), reason="needs poppler-utils")
def test_pdftotext_reads_every_word_in_order(tmp_path: Path) -> None:
    # Narrow justified columns force hyphenation; pdftotext must still see whole words.
    text = (FIXTURES / "ferry-strike.txt").read_text(encoding="utf-8")
    text += "\nWhat about extraordinarily long words?\n\nAnswer: Internationalisation notwithstanding.\n\n"
    text += (
        " ".join(["Counterintelligence responsibilities, incomprehensibility and characteristically"] * 12)
        + "\n"
    )
    briefing = parse(text)
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(render(briefing))
    words = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split()
    texts = list(briefing.texts())
    position = 0
    for word in " ".join(texts).split():
        position = words.index(word, position) + 1  # ValueError names a word that is cut or missing


def test_a_brand_font_the_machine_lacks_is_named_with_its_stand_in() -> None:
    from briefpub.config import Brand

    said: list[Diagnostic] = []
    briefing = parse("T\n\nQ?\n\nAnswer: A.\n")
    render_pdf(
        briefing, brand=Brand(font_body="No Such Face 2026", font_heading="DejaVu Sans"), warn=said.append
    )
    assert [(d.file, d.message.split(":")[0]) for d in said] == [
        ("briefpub.toml", "font 'No Such Face 2026' (brand.font_body) is not installed")
    ]


def test_a_mistake_in_custom_css_is_named_at_its_own_line(tmp_path: Path) -> None:
    (tmp_path / "custom.css").write_text(":root { --accent: #000000; }\n\nh2 {\n  color: ;\n}\n", "utf-8")
    said: list[Diagnostic] = []
    render_pdf(parse("T\n\nQ?\n\nAnswer: A.\n"), templates=tmp_path, warn=said.append)
    assert [(Path(d.file).name, d.line, d.message) for d in said] == [
        ("custom.css", 4, "weasyprint: Ignored `color: ` at 4:3, no value.")
    ]


def _many_footnotes(count: int) -> Briefing:
    claims = " ".join(f"Claim {n}[^n{n}]." for n in range(count))
    notes = "\n".join(f"[^n{n}]: Source {n}, with a few more words." for n in range(count))
    return parse(f"T\n\nQ?\n\nAnswer: A.\n\n{claims}\n\n{notes}\n")


def _footnotes_laid_out(briefing: Briefing, monkeypatch: pytest.MonkeyPatch) -> float:
    """Return how many footnote boxes WeasyPrint lays out for ``briefing`` per layout of the document
    (placement may lay it out again to fill pages): its work, not its time."""
    from briefpub.newsletter.engines import import_weasyprint

    weasyprint = import_weasyprint()
    layouts = 0
    render_document = weasyprint.HTML.render

    def counting_layouts(*args: Any, **kwargs: Any) -> Any:
        nonlocal layouts
        layouts += 1
        return render_document(*args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", counting_layouts)
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block

    original = block.block_level_layout
    count = 0

    def counting(context: Any, box: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal count
        if isinstance(box, boxes.FootnoteAreaBox):
            count += len(box.children)
        return original(context, box, *args, **kwargs)

    monkeypatch.setattr(block, "block_level_layout", counting)
    from weasyprint import layout  # imported the name from block: count those calls too

    monkeypatch.setattr(layout, "block_level_layout", counting)
    render(briefing)
    assert 1 <= layouts <= 1 + 2 + len(placement.TIGHTER) + 1  # first, figures, tighter, colophon
    return count / layouts


def test_footnotes_are_laid_out_a_bounded_number_of_times_each(monkeypatch: pytest.MonkeyPatch) -> None:
    # WeasyPrint lays out the page's whole footnote area for every footnote added: 30 footnotes
    # on a page cost 465 footnote layouts. Each footnote is measured once per page it is tried on.
    for count in (100, 200):
        per_footnote = _footnotes_laid_out(_many_footnotes(count), monkeypatch) / count
        assert per_footnote < 12, (count, per_footnote)


def test_footnotes_measured_once_lay_out_the_pages_weasyprint_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefpub.newsletter import engines

    briefing = _many_footnotes(120)
    measured = render(briefing)
    monkeypatch.setattr(engines, "EXACT_FOOTNOTES", 10**9)
    exact = render(briefing)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(measured)).pages]
    assert len(pages) > 3
    assert pages == [page.extract_text() for page in PdfReader(io.BytesIO(exact)).pages]


def test_a_heading_never_ends_with_one_short_word_alone() -> None:
    words = "What happens to prices for consumers and producers across the whole region after the subsidy cut"
    questions = [" ".join(words.split()[:n]) + "?" for n in range(8, len(words.split()) + 1)]
    source = "Title\n\n" + "\n\n".join(f"{q}\n\nAnswer: A.\n\nBody." for q in questions) + "\n"
    pdf = render(parse(source))
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    lines = [line.strip() for line in text.stdout.decode().splitlines() if line.strip()]
    assert [line for line in lines if line.endswith("?") and len(line.split()) == 1] == []
    assert "subsidy\u00a0cut?" in render_html_of(source)


def render_html_of(source: str) -> str:
    from briefpub.newsletter.page import render_html

    return render_html(parse(source))


LONE_FRAGMENT = (
    "insurers routes expect routes governments premiums investors the shippers over through ports "
    "[investors](https://example.org/x) escort investors should routes argue governments ports premiums "
    "routes strait shippers should."
)
"""A paragraph whose first line WeasyPrint 70 set as "in-" alone, the rest of "insurers" on the next."""


def test_no_line_is_a_lone_hyphenated_fragment_beside_a_link(tmp_path: Path) -> None:
    """Justified, hyphenated text where the word after a space must start the next line inside a link.

    WeasyPrint then hyphenated the first word of the paragraph instead and
    left "in-" alone on its line; the print edition puts that space inside a
    span with the link, where it breaks well. Lines are read back from the
    PDF (``-raw``: poppler's default mode joins a hyphenated word's halves).
    """
    path = tmp_path / "out.pdf"
    path.write_bytes(render_pdf(parse(f"Hyphens\n\nWhat now?\nAnswer: Watch.\n\n{LONE_FRAGMENT}\n")))
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert [line for line in lines if line.endswith("-") and len(line.split()) == 1] == [], lines
    words = " ".join(lines).replace("- ", "")
    assert re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", LONE_FRAGMENT) in words


FILL_PARAGRAPH = (
    "The insurers and shippers argue over who pays for the escorts, and the ports keep their cranes idle "
    "while the navies decide how often the convoys sail through the strait. "
) * 3


def fill_briefing(folder: Path) -> Briefing:
    """A briefing whose second question opens with a figure too tall for the rest of page 1."""
    from PIL import Image

    (folder / "img").mkdir()
    Image.new("RGB", (900, 800), (40, 90, 160)).save(folder / "img" / "tall.png")
    intro = "\n\n".join([FILL_PARAGRAPH] * 3)
    body = "\n\n".join([FILL_PARAGRAPH] * 3)
    source = folder / "fill.txt"
    source.write_text(
        f"Page fill\n\n• One point.\n\n{intro}\n\nWill it hold?\nAnswer: Probably, as long as cover stays "
        f"affordable.\n\n![A tall figure](img/tall.png)\n\n{body}\n\nWhat next?\nAnswer: Watch the premiums."
        f"\n\n{FILL_PARAGRAPH}\n",
        encoding="utf-8",
    )
    return parse(source, root=folder)


def empty_shares(pdf: Path) -> list[float]:
    """Return, for each page but the last, the share of its text area below the last word on it.

    Read from the PDF (pdftotext -bbox), not from the layout that made it.
    The text area is the page less its margins (the newsletter's are 22 mm,
    7.5% of an A4 page's height, top and bottom); the running head and the
    page number sit in the margins and do not count.
    """
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    shares = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', html, re.S)[:-1]:
        top, bottom = 0.075 * float(height), 0.925 * float(height)
        ends = [
            float(y1)
            for y0, y1 in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', body)
            if top < float(y0) < bottom
        ]
        shares.append((bottom - max(ends)) / (bottom - top))
    return shares


def test_a_figure_too_tall_for_the_page_lets_the_text_after_it_move_up(tmp_path: Path) -> None:
    briefing = fill_briefing(tmp_path)
    pdf = render_pdf(briefing)
    path = tmp_path / "fill.pdf"
    path.write_bytes(pdf)
    assert max(empty_shares(path)) < 1 / 3
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    after_answer = text[text.index("Probably, as long as cover") :]
    assert after_answer.index("The insurers") < after_answer.index("Figure 1")  # text flowed before it
    assert render_pdf(briefing) == pdf  # still byte for byte the same on a rebuild


def test_figures_keep_their_place_where_the_page_is_full() -> None:
    from briefpub.newsletter.placement import float_figure

    briefing = parse("T\n\nQ?\nAnswer: A.\n\nText.\n\n| a |\n| - |\n| 1 |\n")
    assert float_figure(briefing, 1, 1) is None
