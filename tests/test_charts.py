"""Charts from CSV data in every edition, read back from the real files: labels as text, values as data."""

from __future__ import annotations

import email
import email.policy
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from pptx import Presentation
from pypdf import PdfReader

from briefpub import SourceError, parse
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.model.briefing import Chart, Figure, to_dict
from briefpub.newsletter.mail import render_eml
from briefpub.newsletter.page import render_html
from briefpub.newsletter.pdf import render_pdf
from browser import needs_browser
from conftest import Run, engines_imported
from deckcheck import HAVE_LIBREOFFICE, words_outside

OIL = "Year,Kazakhstan,Russia\n2019,1.9,11.3\n2020,1.8,10.5\n2021,1.8,10.8\n2022,1.8,11.0\n2023,1.9,10.9\n"
MIX = "Fuel,Share\nOil,42%\nGas,31%\nCoal,18%\nOther,9%\n"
SOURCE = """Charts

How much oil?

Answer: About two million barrels a day from Kazakhstan.

![Oil output, mb/d](data/oil.csv "Column chart of oil output by year")

What is the mix?

Answer: Mostly oil and gas.

The mix has barely moved.

![Energy mix](data/mix.csv "Pie chart of the energy mix")
"""


def _project(
    folder: Path, oil_options: str = 'y_title = "Million barrels a day"\nhighlight = "2022"\n'
) -> Path:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "briefpub.toml").write_text("", encoding="utf-8")
    (folder / "data" / "oil.csv").write_text(OIL, encoding="utf-8")
    (folder / "data" / "oil.toml").write_text(oil_options, encoding="utf-8")
    (folder / "data" / "mix.csv").write_text(MIX, encoding="utf-8")
    (folder / "data" / "mix.toml").write_text('type = "pie"\n', encoding="utf-8")
    source = folder / "charts.txt"
    source.write_text(SOURCE, encoding="utf-8")
    return source


def _parse(folder: Path, **kwargs: str) -> tuple[Path, object]:
    source = _project(folder, **kwargs)
    return source, parse(source, root=folder)


def _refusal(folder: Path, csv: str, options: str = "", name: str = "bad") -> str:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "data" / f"{name}.csv").write_text(csv, encoding="utf-8")
    if options:
        (folder / "data" / f"{name}.toml").write_text(options, encoding="utf-8")
    source = folder / f"{name}.txt"
    source.write_text(f"T\n\nQ?\n\nAnswer: A.\n\n![Bad data](data/{name}.csv)\n", encoding="utf-8")
    with pytest.raises(SourceError) as refused:
        parse(source, root=folder, file=source.name)
    [diagnostic] = refused.value.diagnostics
    return f"{Path(diagnostic.file).name}:{diagnostic.line}: {diagnostic.message}"


# --- reading -------------------------------------------------------------------


def test_a_csv_figure_is_a_chart_with_its_sidecar_options(tmp_path: Path) -> None:
    _, briefing = _parse(tmp_path)
    oil, mix = briefing.charts()  # type: ignore[attr-defined]
    assert isinstance(oil, Chart)
    assert (oil.number, oil.type, oil.category_title) == (1, "column", "Year")
    assert oil.categories == ("2019", "2020", "2021", "2022", "2023")
    assert [(s.name, s.values) for s in oil.series] == [
        ("Kazakhstan", (1.9, 1.8, 1.8, 1.8, 1.9)),
        ("Russia", (11.3, 10.5, 10.8, 11.0, 10.9)),
    ]
    assert (oil.y_title, oil.highlight, oil.alt) == (
        "Million barrels a day",
        "2022",
        "Column chart of oil output by year",
    )
    assert (mix.number, mix.type, mix.number_format) == (2, "pie", "0%")  # percentages read as fractions
    assert mix.series[0].values == (0.42, 0.31, 0.18, 0.09)
    data = to_dict(briefing)  # type: ignore[arg-type]
    block = data["rich"]["sections"][0]["body"][0]
    assert block["type"] == "chart"
    assert block["series"][1] == {"name": "Russia", "values": [11.3, 10.5, 10.8, 11.0, 10.9]}
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize(
    ("csv", "options", "expected"),
    [
        ("Year,GW\n2019,1\n2020,abc\n", "", "bad.csv:3: chart data: 'abc' in column 'GW' is not a number"),
        (
            "Year,GW,TWh\n2019,1,2\n\n2020,1\n",
            "",
            "bad.csv:4: chart data: this row has 2 cells and the header 3",
        ),
        (
            "Year\n2019\n",
            "",
            "bad.csv:1: chart data: the header needs a category column and at least one series",
        ),
        ("Year,GW\n", "", "bad.csv:1: chart data: no rows of data under the header"),
        ("Year,GW\n2019,\n", "", "bad.csv:1: chart data: no values: every cell under the header is empty"),
        (
            "Fuel,Share\nOil,0\n",
            'type = "pie"\n',
            "bad.csv:1: chart data: a pie chart needs a value above zero",
        ),
        (
            "Year,GW\n2019,1\n",
            'colour = "red"\n',
            "bad.toml:1: chart data: unknown option 'colour'; known: "
            "highlight, number_format, type, x_title, y_title",
        ),
        (
            "Year,GW\n2019,1\n",
            '\ntype = "donut"\n',
            "bad.toml:2: chart data: type 'donut' is not one of "
            "column, bar, line, stacked-column, stacked-bar, pie",
        ),
        (
            "Year,GW\n2019,1\n",
            'number_format = "0.00E+00"\n',
            "bad.toml:1: chart data: number_format '0.00E+00': use 0, 0.0, #,##0, #,##0.00, 0% or 0.0%",
        ),
        (
            "Year,GW\n2019,1\n",
            'highlight = "2031"\n',
            "bad.toml:1: chart data: highlight '2031' is not one of the data's categories",
        ),
        (
            "Year,GW,TWh\n2019,1,2\n",
            'type = "pie"\n',
            "bad.csv:1: chart data: a pie chart shows one series; this data has 2",
        ),
        ("Year,GW\n2019,1\n", "type = \n", "bad.toml:1: chart data: not TOML: Invalid value"),
        (
            "Year,GW\n" + "".join(f"{n},1\n" for n in range(501)),
            "",
            "bad.csv:502: chart data: more than 500 rows of data",
        ),
    ],
)
def test_bad_data_fail_in_one_line_naming_file_and_line(
    tmp_path: Path, csv: str, options: str, expected: str
) -> None:
    assert _refusal(tmp_path, csv, options) == expected


def test_data_outside_the_project_or_not_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "outside.csv").write_text("a,b\nx,1\n", encoding="utf-8")
    source = tmp_path / "project" / "t.txt"
    source.write_text("T\n\nQ?\n\nAnswer: A.\n\n![Chart](../outside.csv)\n", encoding="utf-8")
    with pytest.raises(SourceError, match="outside the project"):
        parse(source, root=tmp_path / "project")
    (tmp_path / "project" / "folder.csv").mkdir()
    source.write_text("T\n\nQ?\n\nAnswer: A.\n\n![Chart](folder.csv)\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"chart data 'folder\.csv' is a folder, not a file"):
        parse(source, root=tmp_path / "project")


# --- PDF, web, e-mail ------------------------------------------------------------


def test_pdf_chart_is_vector_with_every_label_as_text_and_its_data_in_the_alt(tmp_path: Path) -> None:
    _, briefing = _parse(tmp_path)
    data = render_pdf(briefing)  # type: ignore[arg-type]
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    for label in [
        "Kazakhstan",
        "Russia",
        "2019",
        "2023",
        "Million barrels a day",
        "Oil",
        "Gas",
        "Coal",
        "42%",
    ]:
        assert label in text, label
    assert "Figure 1" in text
    assert "Figure 2" in text
    reader = PdfReader(io.BytesIO(data))
    assert not any(_has_image(page) for page in reader.pages)  # vector: no bitmap anywhere
    assert data == render_pdf(briefing)  # type: ignore[arg-type]  # reproducible
    alts = _alts(reader)
    assert any("Kazakhstan: 2019 1.9, 2020 1.8" in alt for alt in alts), alts


def _has_image(page: Any) -> bool:
    resources = page["/Resources"]
    objects = resources.get("/XObject", {})
    return any(objects[name].get_object().get("/Subtype") == "/Image" for name in objects)


def _alts(reader: PdfReader) -> list[str]:
    found: list[str] = []

    def walk(reference: Any) -> None:
        node = reference.get_object()
        if hasattr(node, "get"):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            kids = node.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                if hasattr(kid, "get_object"):
                    walk(kid)

    root: Any = reader.trailer["/Root"]
    walk(root["/StructTreeRoot"])
    return found


def test_web_chart_has_alt_text_and_its_data_as_a_table_for_screen_readers(tmp_path: Path) -> None:
    _, briefing = _parse(tmp_path)
    tree = lxml_html.fromstring(render_html(briefing, embed=True))  # type: ignore[arg-type]
    figure = tree.xpath("//figure[@id='figure-1']")[0]
    image = figure.xpath(".//img")[0]
    assert image.get("src").startswith("data:image/svg+xml;base64,")
    assert image.get("alt") == "Column chart of oil output by year"
    table = figure.xpath(".//div[@class='chart-data']/table")[0]
    assert [th.get("scope") for th in table.xpath("thead//th")] == ["col"] * 3
    rows = [
        [" ".join(c.text_content().split()) for c in row.xpath("th|td")] for row in table.xpath("tbody/tr")
    ]
    assert rows[0] == ["2019", "1.9", "11.3"]


@needs_browser
def test_web_chart_fits_a_phone_and_its_data_table_is_out_of_sight(tmp_path: Path, browser: Any) -> None:
    _, briefing = _parse(tmp_path)
    page_file = tmp_path / "charts.html"
    page_file.write_text(render_html(briefing, embed=True), encoding="utf-8")  # type: ignore[arg-type]
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(page_file.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    size = page.evaluate(
        "() => { const r = document.querySelector('.chart img').getBoundingClientRect();"
        " return [r.width, r.height]; }"
    )
    assert 300 < size[0] <= 340
    assert page.evaluate("document.querySelector('.chart-data').getBoundingClientRect().width") <= 1


def test_email_chart_is_an_attached_png_with_alt_text_and_data_in_the_text_part(tmp_path: Path) -> None:
    _, briefing = _parse(tmp_path)
    message = email.message_from_bytes(render_eml(briefing), policy=email.policy.default)  # type: ignore[arg-type]
    pngs = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert len(pngs) == 2
    assert pngs[0].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    tree = lxml_html.fromstring(html)
    alts = [img.get("alt") for img in tree.xpath("//img") if (img.get("src") or "").startswith("cid:figure")]
    # The writer's alt text, then the data spelled out: a mail client shows no hidden table.
    assert [alt.split(". ")[0] for alt in alts] == [
        "Column chart of oil output by year",
        "Pie chart of the energy mix",
    ]
    assert all(len(alt.split(". ")) > 1 for alt in alts)
    plain = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "[Figure 1: Oil output, mb/d]" in plain
    assert re.search(r"2022 +\| +1\.8 +\| +11\.0", plain)


# --- deck ----------------------------------------------------------------------


def test_deck_charts_are_native_with_their_data_equal_to_the_csv(tmp_path: Path) -> None:
    _, briefing = _parse(tmp_path)
    data = render_slides(briefing)  # type: ignore[arg-type]
    deck = Presentation(io.BytesIO(data))
    charts = [shape for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 2
    oil, mix = (shape.chart for shape in charts)
    assert list(oil.plots[0].categories) == ["2019", "2020", "2021", "2022", "2023"]
    assert [(s.name, list(s.values)) for s in oil.plots[0].series] == [
        ("Kazakhstan", [1.9, 1.8, 1.8, 1.8, 1.9]),
        ("Russia", [11.3, 10.5, 10.8, 11.0, 10.9]),
    ]
    assert str(oil.chart_type).startswith("COLUMN_CLUSTERED")
    assert oil.value_axis.axis_title.text_frame.text == "Million barrels a day"
    assert str(mix.chart_type).startswith("PIE")
    assert list(mix.plots[0].series[0].values) == [0.42, 0.31, 0.18, 0.09]
    descr = charts[0]._element.nvGraphicFramePr.cNvPr.get("descr")
    assert descr.startswith("Column chart of oil output by year. Kazakhstan: 2019 1.9, 2020 1.8")  # its data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
    assert sum(name.startswith("ppt/charts/chart") for name in names) == 2
    assert sum(name.startswith("ppt/embeddings/") and name.endswith(".xlsx") for name in names) == 2
    assert data == render_slides(briefing)  # type: ignore[arg-type]  # reproducible


@pytest.mark.parametrize(
    ("chart_type", "expected"),
    [
        ("line", "LINE_MARKERS"),
        ("bar", "BAR_CLUSTERED"),
        ("stacked-column", "COLUMN_STACKED"),
        ("stacked-bar", "BAR_STACKED"),
    ],
)
def test_each_chart_type_is_its_native_kind(tmp_path: Path, chart_type: str, expected: str) -> None:
    _, briefing = _parse(tmp_path, oil_options=f'type = "{chart_type}"\nnumber_format = "0.0"\n')
    deck = Presentation(io.BytesIO(render_slides(briefing)))  # type: ignore[arg-type]
    oil = next(shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart)
    assert str(oil.chart_type).startswith(expected)
    assert oil.value_axis.tick_labels.number_format == "0.0"
    pdf = render_pdf(briefing)  # type: ignore[arg-type]
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Kazakhstan" in text
    assert "2021" in text


def test_the_plan_places_a_chart_where_figures_go(tmp_path: Path) -> None:
    _, briefing = _parse(tmp_path)
    plan = plan_slides(briefing)  # type: ignore[arg-type]
    with_charts = [slide for slide in plan.slides if slide.figure is not None]
    assert [slide.figure.number for slide in with_charts] == [1, 2]  # type: ignore[union-attr]
    assert all(slide.role == "question" for slide in with_charts)  # beside the answer on the packaged master


@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="needs LibreOffice")
def test_libreoffice_draws_the_charts_inside_their_frames(tmp_path: Path) -> None:
    from masters import corporate_master

    _, briefing = _parse(tmp_path)
    for name, template in (("default", None), ("corporate", corporate_master(tmp_path))):
        deck = tmp_path / f"{name}.pptx"
        deck.write_bytes(render_slides(briefing, template=template))  # type: ignore[arg-type]
        assert words_outside(deck) == [], name


# --- cost and freshness -------------------------------------------------------


def test_matplotlib_is_imported_only_for_a_briefing_with_a_chart(tmp_path: Path, project: Path) -> None:
    assert "matplotlib" not in engines_imported("pdf", "source/ferry.txt", cwd=project)
    _project(tmp_path)
    assert "matplotlib" in engines_imported("pdf", "charts.txt", cwd=tmp_path)


def test_xlsxwriter_is_imported_only_for_a_deck_with_a_chart(tmp_path: Path, project: Path) -> None:
    assert "xlsxwriter" not in engines_imported("slides", "source/ferry.txt", cwd=project)
    _project(tmp_path)
    assert "xlsxwriter" in engines_imported("slides", "charts.txt", cwd=tmp_path)


def test_build_rebuilds_when_the_data_or_its_options_change(tmp_path: Path, run: Run) -> None:
    (tmp_path / "source").mkdir()
    source = _project(tmp_path / "source")
    (tmp_path / "briefpub.toml").write_text("", encoding="utf-8")
    assert run("build", "-j1", cwd=tmp_path).returncode == 0
    assert "skipped 1" in run("build", "-j1", cwd=tmp_path).stderr
    (source.parent / "data" / "oil.csv").write_text(OIL.replace("11.3", "12.3"), encoding="utf-8")
    assert "built 1" in run("build", "-j1", cwd=tmp_path).stderr
    (source.parent / "data" / "mix.toml").write_text('type = "pie"\nhighlight = "Gas"\n', encoding="utf-8")
    assert "built 1" in run("build", "-j1", cwd=tmp_path).stderr
    deck = Presentation(str(tmp_path / "output" / "charts.pptx"))
    oil = next(shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart)
    assert next(iter(oil.plots[0].series[1].values)) == 12.3


def test_a_plain_figure_is_still_a_figure(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20)).save(tmp_path / "a.png")
    source = tmp_path / "t.txt"
    source.write_text("T\n\nQ?\n\nAnswer: A.\n\n![Picture](a.png)\n", encoding="utf-8")
    briefing = parse(source, root=tmp_path)
    assert [type(b) for b in briefing.sections[0].body] == [Figure]


# --- one publication: the same chart in every edition (issue 27) ------------------------

_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _deck_charts(briefing: object) -> list[Any]:
    deck = Presentation(io.BytesIO(render_slides(briefing)))  # type: ignore[arg-type]
    return [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]


def _deck_scale(chart: Any) -> tuple[float, float, float]:
    axis = chart._chartSpace.find(f".//{_C}valAx")
    scaling = axis.find(f"{_C}scaling")
    return (
        float(scaling.find(f"{_C}min").get("val")),
        float(scaling.find(f"{_C}max").get("val")),
        float(axis.find(f"{_C}majorUnit").get("val")),
    )


def _newsletter_ticks(chart: Chart, axis: str) -> list[str]:
    from lxml import etree

    from briefpub.drawn_charts import ChartStyle, drawn

    svg = etree.fromstring(drawn(chart, ChartStyle("#14365D", "#B5452B", None), "svg"))
    ticks = svg.xpath(f"//*[starts-with(@id, '{axis}tick_')]")
    return ["".join(tick.itertext()).strip() for tick in ticks]


@pytest.mark.parametrize(
    ("csv", "options", "expected"),
    [
        # LibreOffice started this axis at 1.65: one bar looked half another 9% taller
        ("Year,Output\n2021,1.77\n2022,1.93\n2023,1.85\n", 'number_format = "0.00"\n', (0, 2, 0.5)),
        ("Year,Output\n2021,1.77\n2022,1.93\n2023,1.85\n", 'type = "bar"\n', (0, 2, 0.5)),
        (OIL, 'type = "line"\nnumber_format = "0.0"\n', (0, 12, 2)),
        ("Year,A\n2021,1.77\n2022,1.93\n2023,1.85\n", 'type = "line"\nnumber_format = "0.0"', (1.7, 2, 0.1)),
        ("Year,A,B\n2021,3,-2\n2022,4,-5\n", 'type = "stacked-column"\n', (-6, 4, 2)),
        ("Year,A\n2021,-3\n2022,-1\n", "", (-3, 0, 0.5)),
        ("Year,A\n2021,26\n2022,52\n", 'number_format = "0"\n', (0, 60, 10)),
    ],
)
def test_the_value_axis_is_the_same_in_every_edition_and_bars_start_at_zero(
    tmp_path: Path, csv: str, options: str, expected: tuple[float, float, float]
) -> None:
    from briefpub.model.briefing import format_value

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "oil.csv").write_text(csv, encoding="utf-8")
    (tmp_path / "data" / "oil.toml").write_text(options, encoding="utf-8")
    source = tmp_path / "t.txt"
    source.write_text("T\n\nQ?\n\nAnswer: A.\n\n![Oil](data/oil.csv)\n", encoding="utf-8")
    briefing = parse(source, root=tmp_path)
    [chart] = briefing.charts()
    [drawn] = _deck_charts(briefing)
    low, high, step = _deck_scale(drawn)
    assert (low, high, step) == pytest.approx(expected)
    marks = [low + n * step for n in range(round((high - low) / step) + 1)]
    value_axis = "x" if chart.type in ("bar", "stacked-bar") else "y"
    assert _newsletter_ticks(chart, value_axis) == [format_value(m, chart.number_format) for m in marks]


def test_a_highlight_is_drawn_on_slides_as_in_the_newsletter_for_several_series(tmp_path: Path) -> None:
    from briefpub.drawn_charts import HIGHLIGHT_TINT, ChartStyle, drawn, tint

    _, briefing = _parse(tmp_path)  # two series, highlight = "2022"
    oil = briefing.charts()[0]  # type: ignore[attr-defined]
    deck_chart = _deck_charts(briefing)[0]
    for series in deck_chart.plots[0].series:
        points = {int(p.find(f"{_C}idx").get("val")): p for p in series._element.findall(f"{_C}dPt")}
        assert sorted(points) == [0, 1, 2, 3, 4]
        brightness = {
            at: point.find(f".//{_A}solidFill/{_A}schemeClr/{_A}lumOff") is not None
            for at, point in points.items()
        }
        assert brightness == {0: True, 1: True, 2: True, 3: False, 4: True}  # 2022 full, the others paler
    style = ChartStyle("#14365D", "#B5452B", None)
    svg = drawn(oil, style, "svg").decode().lower()
    for colour in ("#14365d", "#b5452b"):
        assert f"fill: {colour}" in svg
        assert f"fill: {tint(colour, HIGHLIGHT_TINT).lower()}" in svg


def test_the_deck_places_axes_as_the_newsletter_does(tmp_path: Path) -> None:
    """Category labels at the plot's edge (not on a zero inside it); bars' values along the bottom."""
    _, briefing = _parse(tmp_path, oil_options='type = "stacked-bar"\n')
    oil = _deck_charts(briefing)[0]._chartSpace
    assert oil.find(f".//{_C}catAx/{_C}tickLblPos").get("val") == "low"
    assert oil.find(f".//{_C}catAx/{_C}scaling/{_C}orientation").get("val") == "maxMin"  # first on top
    assert oil.find(f".//{_C}valAx/{_C}crosses").get("val") == "max"  # so the values' axis is at the bottom


def test_on_a_dark_master_every_bar_shows_and_the_others_recede_darker(tmp_path: Path) -> None:
    """The packaged navy accent on the dark master's green was 1.2:1 and went darker still: bars vanished."""
    from briefpub.deck.colours import colour, contrast, luminance, rgb_of
    from masters import DARK_GREEN, dark_master

    _, briefing = _parse(tmp_path)  # two series, highlight = "2022"
    master = dark_master(tmp_path)
    deck = Presentation(io.BytesIO(render_slides(briefing, template=master)))  # type: ignore[arg-type]
    theme = zipfile.ZipFile(master).read("ppt/theme/theme1.xml").decode()
    palette = dict(re.findall(r'<a:(accent\d)><a:srgbClr val="([0-9A-Fa-f]{6})"', theme))
    back = rgb_of(DARK_GREEN)
    assert back is not None
    oil = next(shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart)
    for series in oil.plots[0].series:
        shown = {}
        for point in series._element.findall(f"{_C}dPt"):
            drawn = colour(point.find(f".//{_A}solidFill/{_A}schemeClr"), palette)
            assert drawn is not None
            shown[point.find(f"{_C}idx").get("val")] = drawn
        highlighted = shown.pop("3")  # 2022 stays full
        assert contrast(highlighted, back) >= 4.5 - 1e-6
        for other in shown.values():
            assert contrast(other, back) >= 3.0 - 1e-6
            assert luminance(other) < luminance(highlighted)  # darker, towards the slide


@pytest.mark.parametrize(
    ("accent", "slide", "towards"),
    [
        ("14365D", "FFFFFF", 0.55),
        ("9BBB59", "FFFFFF", 0.55),
        ("D9E8F5", "FFFFFF", 0.55),
        ("14365D", "0B2E1F", -0.55),
    ],
    ids=["navy on white", "light green on white", "pale blue on white", "navy on dark green"],
)
def test_chart_bars_show_on_the_slide_and_recede_no_further_than_shows(
    accent: str, slide: str, towards: float
) -> None:
    """Bars keep 3:1 against the slide (4.5:1 beside receding ones); an accent that shows is kept."""
    from briefpub.deck.colours import brightened, chart_shades, contrast, luminance, rgb_of

    colour, back = rgb_of(accent), rgb_of(slide)
    assert colour is not None
    assert back is not None
    plain, beside, receding = chart_shades(colour, [luminance(back)], towards)
    assert contrast(brightened(colour, plain), back) >= 3.0
    assert contrast(brightened(colour, beside), back) >= 4.5
    assert contrast(brightened(colour, receding), back) >= 3.0
    if contrast(colour, back) >= 3.0:
        assert plain == 0.0  # the template's own accent wherever it shows
    assert contrast(brightened(colour, receding), back) <= contrast(brightened(colour, beside), back)
