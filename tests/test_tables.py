"""Pipe tables in every edition, read back out of the real files: every cell, in order, inside its box."""

from __future__ import annotations

import email
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from pptx import Presentation
from pypdf import PdfReader

from briefpub import Rich, Table, parse
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.model.briefing import to_dict
from briefpub.newsletter.mail import render_eml
from briefpub.newsletter.page import render_html
from briefpub.newsletter.pdf import render_pdf
from browser import OVERFLOWING, needs_browser
from conftest import Run
from deckcheck import HAVE_LIBREOFFICE, words_outside

SHORT = """Tables

How much capacity is coming?

Answer: Twice as much by 2026.

Capacity grows every year.

| Year | Capacity, GW | Share | Note |
| :--- | --- | :-: | --- |
| 2024 | 2.2 | 10% | *first* plant[^a] |
| 2025 | 3,100.5 | 12% | a \\| pipe |
| 2026 | 4.4 | 15% | `code` |

Table: Installed capacity by year

After the table.

[^a]: The first plant opened in March.
"""


def _long(rows: int) -> str:
    body = "\n".join(
        f"| {2000 + n // 4} Q{n % 4 + 1} | {50 + n * 0.7:.1f} | {40 + n * 0.3:.1f} | "
        f"comment number {n} on the quarter |"
        for n in range(rows)
    )
    return (
        "Long\n\nHow have prices moved?\n\nAnswer: Up.\n\n"
        "| Quarter | Brent | Urals | Comment |\n| --- | --- | --- | --- |\n"
        f"{body}\n\nTable: Prices by quarter\n"
    )


def _cells(table: Table) -> list[str]:
    return [str(cell) for row in (table.header, *table.rows) for cell in row]


def _words(text: str) -> list[str]:
    return text.split()


def _in_order(haystack: list[str], needles: list[str]) -> None:
    """Assert each needle's words follow in ``haystack`` (a footnote number may end a cell's last word)."""
    text = " ".join(haystack)
    position = 0
    for needle in needles:
        found = text.find(" ".join(needle.split()), position)
        assert found >= 0, f"missing or out of order after {position}: {needle!r}"
        position = found + 1


# --- reading -------------------------------------------------------------------


def test_a_pipe_table_is_read_with_alignment_markup_notes_and_caption() -> None:
    briefing = parse(SHORT)
    body = briefing.sections[0].body
    assert [type(block).__name__ for block in body] == ["Rich", "Table", "Rich"]
    table = body[1]
    assert isinstance(table, Table)
    assert table.number == 1
    assert table.line == 9
    assert str(table.caption) == "Installed capacity by year"
    assert table.align == ("left", "", "center", "")
    assert [str(c) for c in table.header] == ["Year", "Capacity, GW", "Share", "Note"]
    assert [str(c) for c in table.rows[1]] == ["2025", "3,100.5", "12%", "a | pipe"]
    assert table.numeric == (True, True, True, False)
    assert [table.alignment(n) for n in range(4)] == ["left", "right", "center", ""]
    cell = table.rows[0][3]
    assert isinstance(cell, Rich)
    assert cell.has_markup  # emphasis and the footnote call
    assert [note.label for note in briefing.footnotes] == ["a"]
    assert briefing.warnings == ()


def test_json_carries_the_table_as_plain_cells() -> None:
    data = json.loads(json.dumps(to_dict(parse(SHORT))))
    assert data["sections"][0]["body"][1].splitlines()[0] == "Installed capacity by year"
    rich = data["rich"]["sections"][0]["body"][1]
    assert rich["type"] == "table"
    assert rich["header"] == ["Year", "Capacity, GW", "Share", "Note"]
    assert rich["rows"][2] == ["2026", "4.4", "15%", "code"]
    assert rich["align"] == ["left", "", "center", ""]


def test_a_malformed_table_is_named_and_loses_no_cell() -> None:
    source = (
        "T\n\nQ?\n\nAnswer: A.\n\n| a | b | c |\n| --- | --- | --- |\n| 1 | 2 |\n| 1 | 2 | 3 | 4 |\n\n"
        "| x | y |\n| p | q |\n"
    )
    briefing = parse(source)
    said = [(w.line, w.message.split(";")[0]) for w in briefing.warnings]
    assert said == [
        (9, "this table row has 2 of the header's 3 cells"),
        (10, "this table row has 4 cells and the header 3"),
        (
            12,
            "this looks like a table but has no delimiter row (| --- | --- |) under its header, "
            "so it is kept as text",
        ),
    ]
    table, rows = briefing.sections[0].body
    assert isinstance(table, Table)
    assert [str(c) for c in table.header] == ["a", "b", "c", ""]
    assert [[str(c) for c in row] for row in table.rows] == [["1", "2", "", ""], ["1", "2", "3", "4"]]
    assert str(rows) == "| x | y | | p | q |"


def test_a_table_too_large_to_lay_out_is_an_error_at_its_line() -> None:
    from briefpub import SourceError

    header = "| " + " | ".join(f"c{n}" for n in range(60)) + " |"
    source = f"T\n\nQ?\n\nAnswer: A.\n\n{header}\n|" + " --- |" * 60 + "\n"
    with pytest.raises(SourceError) as caught:
        parse(source)
    assert str(caught.value).startswith("<string>:7: this table has 60 columns")


def test_plain_mode_keeps_the_pipes_as_text() -> None:
    briefing = parse("---\nmarkup: plain\n---\n" + SHORT)
    assert not briefing.tables()
    assert "| Year | Capacity, GW |" in str(briefing.sections[0].body[1])


def test_the_source_written_back_reads_as_the_same_table() -> None:
    from briefpub.reader.unparse import unparse

    briefing = parse(SHORT)
    assert parse(unparse(briefing)).tables() == briefing.tables()


# --- PDF -----------------------------------------------------------------------


def test_pdf_shows_every_cell_in_order_as_text_tagged_as_a_table(tmp_path: Path) -> None:
    briefing = parse(SHORT)
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(render_pdf(briefing))
    words = _words(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )
    table = briefing.tables()[0]
    _in_order(words, ["Table 1", "Installed capacity by year", *_cells(table)])
    root: Any = PdfReader(pdf).trailer["/Root"]
    roles = _structure_roles(root["/StructTreeRoot"])
    assert roles.count("/Table") == 1
    assert roles.count("/TH") == 4  # the header row; the first column holds numbers (years), not labels
    assert roles.count("/TD") == 3 * 4


def _structure_roles(element: object) -> list[str]:
    """Return the structure types of the tagged PDF's tree under ``element``, depth first."""
    element = element.get_object()  # type: ignore[attr-defined]
    roles = [str(element["/S"])] if "/S" in element else []  # type: ignore[operator, index]
    kids = element.get("/K", [])  # type: ignore[attr-defined]
    for reference in kids if isinstance(kids, list) else [kids]:
        kid = reference.get_object() if hasattr(reference, "get_object") else reference
        if hasattr(kid, "get") and ("/S" in kid or "/K" in kid):
            roles += _structure_roles(kid)
    return roles


def test_a_long_table_continues_with_its_header_row_repeated() -> None:
    briefing = parse(_long(120))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(briefing))).pages]
    with_rows = [text for text in pages if "comment number" in text]
    assert len(with_rows) >= 3
    assert all("Quarter" in text and "Brent" in text for text in with_rows)
    everything = " ".join(pages)
    _in_order(everything.split(), [f"comment number {n} on" for n in range(120)])


def test_a_wide_table_is_set_smaller_and_stays_on_the_page(tmp_path: Path) -> None:
    columns = 12
    pdf = _one_row_table(tmp_path, "Column{n}", "value{n} with several words", columns)
    assert _room_on_the_right(pdf) > 40  # inside the right margin
    words = _words(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )
    for n in range(columns):
        assert f"Column{n}" in words
        assert f"value{n}" in words


# --- web and e-mail ------------------------------------------------------------


def test_web_table_has_header_scopes_and_every_cell() -> None:
    briefing = parse(SHORT)
    tree = lxml_html.fromstring(render_html(briefing, embed=True))
    table = tree.xpath("//table[contains(@class, 'data')]")[0]
    assert [th.get("scope") for th in table.xpath("thead//th")] == ["col"] * 4
    assert table.xpath("caption")[0].text_content().split() == [
        "Table",
        "1",
        "Installed",
        "capacity",
        "by",
        "year",
    ]
    cells = [" ".join(cell.text_content().split()) for cell in table.xpath(".//th | .//td")]
    assert cells[:4] == ["Year", "Capacity, GW", "Share", "Note"]
    assert cells[5] == "2.2"
    assert cells[11] == "a | pipe"
    assert table.xpath("tbody//td")[1].get("class") == "align-right num"  # 2.2: tabular figures
    assert table.xpath("tbody//td")[0].get("class") == "align-left num"  # years, as the source aligns them
    labelled = lxml_html.fromstring(render_html(parse(_long(3)), embed=True))
    assert [th.get("scope") for th in labelled.xpath("//tbody//th")] == ["row"] * 3  # "2000 Q1": a label


@needs_browser
def test_on_a_phone_the_table_scrolls_in_its_own_box_and_the_page_never_sideways(
    tmp_path: Path, browser: Any
) -> None:
    page_file = tmp_path / "long.html"
    columns = 9
    header = "| " + " | ".join(f"Heading {n}" for n in range(columns)) + " |"
    row = "| " + " | ".join(f"{n * 1000:,}.5" for n in range(columns)) + " |"
    wide = parse(f"T\n\nQ?\n\nAnswer: A.\n\n{header}\n|" + " --- |" * columns + f"\n{row}\n")
    page_file.write_text(render_html(wide, embed=True), encoding="utf-8")
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(page_file.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.evaluate(
        "() => { const t = document.querySelector('.table');"
        " return [t.scrollWidth, t.clientWidth, getComputedStyle(t).overflowX]; }"
    )
    assert box[0] > box[1]
    assert box[2] == "auto"
    inside_table = ("TABLE.", "TH.", "TD.", "TR.", "CAPTION.", "SPAN.table-label", "THEAD.", "TBODY.")
    assert [e for e in page.evaluate(OVERFLOWING) if not e.startswith(inside_table)] == []


def test_email_table_is_inlined_and_within_600_px() -> None:
    message = email.message_from_bytes(render_eml(parse(SHORT)))
    html_part = next(part for part in message.walk() if part.get_content_type() == "text/html")
    page = html_part.get_payload(decode=True).decode()  # type: ignore[union-attr]
    tree = lxml_html.fromstring(page)
    table = tree.xpath("//table[contains(@class, 'data')]")[0]
    assert "max-width: 552px" in (table.get("style") or "")
    assert "text-align: right" in (table.xpath("tbody//td")[0].get("style") or "")
    assert [th.get("scope") for th in table.xpath("thead//th")] == ["col"] * 4
    text_part = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    plain = text_part.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "Table 1: Installed capacity by year" in plain
    assert re.search(r"2025 +\| +3,100\.5 \| 12% +\| a \| pipe", plain)


# --- deck ----------------------------------------------------------------------


def _tables_of(data: bytes) -> list[tuple[str, list[list[str]]]]:
    deck = Presentation(io.BytesIO(data))
    out = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
                out.append((slide.shapes.title.text if slide.shapes.title else "", rows))
    return out


def test_deck_puts_a_native_table_on_a_slide_after_its_question() -> None:
    briefing = parse(SHORT)
    plan = plan_slides(briefing)
    assert [slide.role for slide in plan.slides] == ["title", "question", "table"]
    data = render_slides(briefing)
    [(title, rows)] = _tables_of(data)
    assert title == "Installed capacity by year"
    table = briefing.tables()[0]
    assert rows[0] == ["Year", "Capacity, GW", "Share", "Note"]
    assert rows[2] == ["2025", "3,100.5", "12%", "a | pipe"]
    expected = _cells(table)
    expected[expected.index("first plant")] = "first plant1"  # the footnote call, a superscript run
    assert [cell for row in rows for cell in row] == expected
    assert b"<a:tbl>" in _slide_xml(data, 3)
    assert b"<a:tableStyleId>{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}</a:tableStyleId>" in _slide_xml(data, 3)


def _slide_xml(data: bytes, number: int) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(f"ppt/slides/slide{number}.xml")


def test_a_long_table_continues_on_slides_with_its_header_and_cont() -> None:
    briefing = parse(_long(60))
    found = _tables_of(render_slides(briefing))
    assert len(found) >= 2
    assert found[0][0] == "Prices by quarter"
    assert found[1][0] == "Prices by quarter (cont.)"
    more = [f"Prices by quarter (cont. {n})" for n in range(2, len(found))]
    assert [title for title, _ in found[2:]] == more
    assert all(rows[0] == ["Quarter", "Brent", "Urals", "Comment"] for _, rows in found)
    body = [row[3] for _, rows in found for row in rows[1:]]
    assert body == [f"comment number {n} on the quarter" for n in range(60)]
    plan = plan_slides(briefing)
    parts = [slide.part for slide in plan.slides if slide.role == "table"]
    assert parts == [(n, len(found)) for n in range(1, len(found) + 1)]


def test_a_table_slide_shows_in_check_fit(run: Run, project: Path) -> None:
    (project / "source" / "t.txt").write_text(SHORT, encoding="utf-8")
    result = run("check", "--fit", "source/t.txt", cwd=project)
    assert result.returncode == 0, result.stderr
    assert re.search(r"table +'Question' +line 9 .*table 1 3 rows x 4 columns at [\d.]+ pt", result.stdout)


@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="needs LibreOffice")
def test_libreoffice_draws_every_table_cell_inside_its_cell(tmp_path: Path) -> None:
    from masters import corporate_master

    master = corporate_master(tmp_path)  # 4:3, two masters, capitals, a face of its own
    briefing = parse(_long(30) + "\n" + SHORT.split("Capacity grows every year.")[1])
    for name, template in (("default", None), ("corporate", master)):
        deck = tmp_path / f"{name}.pptx"
        deck.write_bytes(render_slides(briefing, template=template))
        assert _tables_of(deck.read_bytes())
        assert words_outside(deck) == [], name


def test_serve_previews_a_table_slide_cell_by_cell() -> None:
    from briefpub.deck.preview import slides_html

    briefing = parse(SHORT)
    page = str(slides_html(plan_slides(briefing), briefing))
    assert page.count('class="box cell header"') == 4
    assert page.count('class="box cell"') == 12
    assert "a | pipe" in page


@pytest.mark.parametrize("columns", [4, 12])
def test_long_words_break_in_their_cells_rather_than_run_off_the_page(tmp_path: Path, columns: int) -> None:
    pdf = _one_row_table(tmp_path, "Col{n}", "Unbreakabletokennumber{n}xyzxyzxyz", columns)
    assert _room_on_the_right(pdf) > 40


def _one_row_table(folder: Path, header: str, cell: str, columns: int) -> Path:
    """Write the PDF of a table of ``columns`` columns, one header row and one row (``{n}``: the column)."""
    heads = "| " + " | ".join(header.format(n=n) for n in range(columns)) + " |"
    row = "| " + " | ".join(cell.format(n=n) for n in range(columns)) + " |"
    briefing = parse(f"T\n\nQ?\n\nAnswer: A.\n\n{heads}\n|" + " --- |" * columns + f"\n{row}\n")
    pdf = folder / f"table-{columns}.pdf"
    pdf.write_bytes(render_pdf(briefing))
    return pdf


def _room_on_the_right(pdf: Path) -> float:
    """Return the points between the right edge of the PDF's rightmost word and its page's edge."""
    box = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', box)[1])  # type: ignore[index]
    return page_width - max(float(x) for x in re.findall(r'xMax="([\d.]+)"', box))


def test_a_table_in_a_narrow_box_is_set_smaller_before_any_word_breaks(tmp_path: Path) -> None:
    from briefpub.config import SlidesConfig
    from masters import corporate_master

    source = (
        "T\n\nQ?\n\nAnswer: A.\n\n"
        "| Country | Vote | Due | Share of world output |\n| --- | --- | --- | ---: |\n"
        "| Argentina | Midterm congressional | November 2025 | 7% |\n"
        "| Bolivia | General | August 2025 | 1% |\n"
    )
    options = SlidesConfig(layouts={"question": "Zweispaltig", "title": "Titelfolie"})
    plan = plan_slides(parse(source), template=corporate_master(tmp_path), options=options)
    [table] = [slide.table for slide in plan.slides if slide.table is not None]
    for row, lines in zip(table.rows, table.lines, strict=True):
        for runs, cell_lines in zip(row, lines, strict=True):
            words = "".join(run.text for run in runs).split()
            assert [word for line in cell_lines for word in line.split()] == words, cell_lines
