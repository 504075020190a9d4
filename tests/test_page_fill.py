"""Full pages: a figure too tall for a page's foot floats past the text after it, the next question's
too, and a last page that would hold only the closing line is saved by setting the pages tighter.

Every page is measured in the PDF itself (``pdftotext -bbox``), as a reader sees it.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefpub import Briefing, parse
from briefpub.model.briefing import Block, Figure
from briefpub.newsletter import placement
from briefpub.newsletter.pdf import render_pdf
from test_pdf import FILL_PARAGRAPH, empty_shares


def tall_figure_ending_a_question(folder: Path) -> Briefing:
    """A briefing whose first question ends with a figure too tall for what is left of page 1."""
    from PIL import Image

    (folder / "img").mkdir()
    Image.new("RGB", (900, 800), (40, 90, 160)).save(folder / "img" / "tall.png")
    body = "\n\n".join([FILL_PARAGRAPH] * 3)
    later = "\n\n".join([FILL_PARAGRAPH] * 5)
    source = folder / "float.txt"
    source.write_text(
        f"Floating figures\n\nWill it hold?\nAnswer: Probably.\n\n{body}\n\n"
        "![A tall figure](img/tall.png)\n\n"
        f"What next?\nAnswer: Watch the premiums.\n\n{later}\n\nAnd then?\nAnswer: Wait.\n\n{later}\n",
        encoding="utf-8",
    )
    return parse(source, root=folder)


def raw_text(pdf: bytes, folder: Path) -> str:
    path = folder / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_figure_ending_a_question_lets_the_next_question_fill_the_page(tmp_path: Path) -> None:
    briefing = tall_figure_ending_a_question(tmp_path)
    pdf = render_pdf(briefing)
    path = tmp_path / "float.pdf"
    path.write_bytes(pdf)
    assert max(empty_shares(path)) < 1 / 3, empty_shares(path)
    text = raw_text(pdf, tmp_path)
    assert text.index("What next?") < text.index("Figure 1")  # the next question ran on above it
    assert render_pdf(briefing) == pdf


def test_floating_a_figure_never_passes_another_and_crosses_into_later_questions() -> None:
    from briefpub.newsletter.placement import _float_in

    figure_one = _figure(1)
    figure_two = _figure(2)
    bodies: tuple[tuple[Block, ...], ...] = (("a", figure_one), ("b", "c"), ("d", figure_two, "e"))
    assert _float_in(bodies, 1, 1) == (("a",), ("b", figure_one, "c"), ("d", figure_two, "e"))
    assert _float_in(bodies, 1, 2) == (("a",), ("b", "c", figure_one), ("d", figure_two, "e"))
    assert _float_in(bodies, 1, 9) == (("a",), ("b", "c"), ("d", figure_one, figure_two, "e"))
    assert _float_in(bodies, 2, 1) == (("a", figure_one), ("b", "c"), ("d", "e", figure_two))
    assert _float_in(bodies, 2, 0) is None
    alone: tuple[tuple[Block, ...], ...] = (("x", figure_one),)
    assert _float_in(alone, 1, 3) is None  # nothing follows it


def _figure(number: int) -> Figure:
    return Figure(
        path=Path("f.png"),
        written="f.png",
        caption="",
        alt="A figure",
        media_type="image/png",
        width=1,
        height=1,
        data=b"",
        number=number,
    )


def colophon_briefing(words: int) -> Briefing:
    """A briefing whose closing line falls alone on a third page for some ``words`` (found by trying)."""
    body = "\n\n".join([FILL_PARAGRAPH] * 11)
    extra = FILL_PARAGRAPH[: len(FILL_PARAGRAPH) // 3] + " ".join(["word"] * words)
    return parse(
        "---\npublication: Test Weekly\ndate: 2026-11-23\n---\nColophon alone\n\n"
        f"Will it hold?\nAnswer: Probably.\n\n{body}\n\nWhat next?\nAnswer: Watch.\n\n{extra}\n"
    )


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def last_page_used(pdf: Path) -> float:
    """Return the share of the last page's text area above its last word (pdftotext -bbox)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    height, body = re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', html, re.S)[-1]
    top, bottom = 0.075 * float(height), 0.925 * float(height)
    ends = [
        float(y1)
        for y0, y1 in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', body)
        if top < float(y0) < bottom
    ]
    return (max(ends, default=top) - top) / (bottom - top)


def test_a_last_page_holding_a_line_or_two_is_saved_by_tighter_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = 0
    for words in (15, 30, 45):
        briefing = colophon_briefing(words)
        loose = tmp_path / "loose.pdf"
        with monkeypatch.context() as patch:
            patch.setattr(placement, "TIGHTER", ())
            patch.setattr(placement, "KEEP_COLOPHON", "")
            loose.write_bytes(render_pdf(briefing))
        pages = pages_of(loose.read_bytes())
        if len(pages) < 2 or last_page_used(loose) >= placement.LAST_PAGE_SHARE:
            continue
        tight = pages_of(render_pdf(briefing))
        assert len(tight) == len(pages) - 1, (words, tight[-1])
        assert "Test Weekly · November 23, 2026" in tight[-1]  # the colophon is still there
        saved += 1
    assert saved, "no briefing here ended on a page holding a line or two: the material needs adjusting"


def figure_ending_the_briefing(folder: Path, paragraphs: int) -> Briefing:
    """A briefing whose last block is a tall figure: nothing follows it to float past."""
    from PIL import Image

    (folder / "img").mkdir(exist_ok=True)
    Image.new("RGB", (900, 560), (40, 90, 160)).save(folder / "img" / "end.png")
    body = "\n\n".join([FILL_PARAGRAPH] * paragraphs)
    source = folder / f"end-{paragraphs}.txt"
    source.write_text(
        f"Figure at the end\n\nWhat now?\nAnswer: Watch.\n\n{body}\n\n![The closing figure](img/end.png)\n",
        encoding="utf-8",
    )
    return parse(source, root=folder)


def test_a_figure_ending_the_briefing_leaves_no_page_a_third_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mended = 0
    for paragraphs in range(6, 12):
        briefing = figure_ending_the_briefing(tmp_path, paragraphs)
        loose, tight = tmp_path / "loose.pdf", tmp_path / "tight.pdf"
        with monkeypatch.context() as patch:
            patch.setattr(placement, "TIGHTER", ())
            loose.write_bytes(render_pdf(briefing))
        if max(empty_shares(loose), default=0) < 1 / 3:
            continue
        tight.write_bytes(render_pdf(briefing))
        assert max(empty_shares(tight)) < 1 / 3, (paragraphs, empty_shares(tight))
        assert "Figure 1" in raw_text(tight.read_bytes(), tmp_path)
        mended += 1
    assert mended, "no briefing here left a hole above its closing figure: the material needs adjusting"


def test_where_no_tighter_setting_helps_the_colophon_takes_the_last_lines_along(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = 0
    for words in (15, 30, 45):
        briefing = colophon_briefing(words)
        with monkeypatch.context() as patch:
            patch.setattr(placement, "TIGHTER", ())
            patch.setattr(placement, "KEEP_COLOPHON", "")
            bare = pages_of(render_pdf(briefing))
            if "word" in bare[-1] or "What next" in bare[-1]:
                continue  # the text reaches the last page here
            patch.setattr(placement, "KEEP_COLOPHON", ".colophon { break-before: avoid }")
            kept_with = pages_of(render_pdf(briefing))
        assert "word" in kept_with[-1]  # the last lines came along
        assert "Test Weekly · November 23, 2026" in kept_with[-1]
        kept += 1
    assert kept, "no briefing here put its colophon alone on a page: the material needs adjusting"
