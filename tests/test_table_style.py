"""A table's text reads on its style's bands: the style's own colour where it reads, another where not."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation

from briefpub import parse
from briefpub.deck.colours import contrast, required, rgb_of
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.deck.tablestyle import DEFAULT_STYLE, bands
from masters import PALE_ACCENT, PALE_LIGHT, pale_accent_master

TABLE = """Tables on a pale master

How much capacity is coming?

Answer: Twice as much by 2026.

| Year | Capacity, GW | Share |
| --- | --- | --- |
| 2024 | 2.2 | 10% |
| 2025 | 3.1 | 12% |
| 2026 | 4.4 | 15% |

Table: Installed capacity by year
"""

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
OWN_STYLE = (
    f'<a:tblStyleLst xmlns:a="{A}" def="{{11111111-2222-3333-4444-555555555555}}">'
    '<a:tblStyle styleId="{11111111-2222-3333-4444-555555555555}" styleName="House">'
    '<a:wholeTbl><a:tcTxStyle><a:schemeClr val="dk1"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill>'
    '<a:srgbClr val="FFFFFF"/></a:solidFill></a:fill></a:tcStyle></a:wholeTbl>'
    '<a:band1H><a:tcStyle><a:fill><a:solidFill><a:srgbClr val="202020"/></a:solidFill></a:fill></a:tcStyle>'
    "</a:band1H>"
    '<a:firstRow><a:tcTxStyle b="on"><a:srgbClr val="FFFFFF"/></a:tcTxStyle><a:tcStyle><a:fill>'
    '<a:solidFill><a:srgbClr val="003366"/></a:solidFill></a:fill></a:tcStyle></a:firstRow>'
    "</a:tblStyle></a:tblStyleLst>"
)


def test_the_default_style_is_read_as_powerpoint_draws_it() -> None:
    colours = {"accent1": PALE_ACCENT, "lt1": PALE_LIGHT, "dk1": "000000", "tx1": "000000"}
    found = bands(DEFAULT_STYLE, None, colours)
    assert found is not None
    header = found["header"]
    assert (header.text, header.fill, header.bold) == (PALE_LIGHT, PALE_ACCENT, True)
    assert found["odd"].text == found["even"].text == "000000"
    odd, even = rgb_of(found["odd"].fill or ""), rgb_of(found["even"].fill or "")
    assert odd is not None
    assert even is not None
    assert sum(odd) < sum(even) < 3 * 255  # the odd rows' 40% tint is darker than the even rows' 20%


def test_a_style_the_master_defines_is_read_from_it() -> None:
    found = bands("{11111111-2222-3333-4444-555555555555}", OWN_STYLE.encode(), {"dk1": "111111"})
    assert found is not None
    assert (found["header"].text, found["header"].fill) == ("FFFFFF", "003366")
    assert (found["odd"].text, found["odd"].fill) == ("111111", "202020")  # the whole table's text
    assert (found["even"].text, found["even"].fill) == ("111111", "FFFFFF")


def test_an_unknown_style_decides_nothing() -> None:
    assert bands("{00000000-0000-0000-0000-000000000000}", None, {}) is None
    assert bands("{11111111-2222-3333-4444-555555555555}", b"<not xml", {}) is None


def _header_colours(deck: bytes) -> set[str]:
    presentation = Presentation(io.BytesIO(deck))
    found = set()
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_table:
                for run in shape.table.rows[0].cells[0].text_frame.paragraphs[0].runs:
                    found.add(str(run.font.color.rgb) if run.font.color.type is not None else "style")
    return found


def test_a_header_in_light_text_on_a_light_accent_is_set_in_a_readable_colour(tmp_path: Path) -> None:
    master = pale_accent_master(tmp_path)
    plan = plan_slides(parse(TABLE), template=master)
    table = next(slide.table for slide in plan.slides if slide.table is not None)
    header, odd, even = table.colors
    assert header is not None, "the style's own header colour is 1.4:1 on its fill"
    chosen, fill = rgb_of(header), rgb_of(PALE_ACCENT)
    assert chosen is not None
    assert fill is not None
    assert contrast(chosen, fill) >= required(table.size, True)
    assert odd is None
    assert even is None
    assert _header_colours(render_slides(parse(TABLE), template=master)) == {header}


def test_a_style_that_reads_keeps_its_own_colours(tmp_path: Path) -> None:
    master = pale_accent_master(tmp_path, styles=OWN_STYLE)
    plan = plan_slides(parse(TABLE), template=master)
    table = next(slide.table for slide in plan.slides if slide.table is not None)
    header, odd, _ = table.colors
    assert header is None  # white on dark blue reads
    assert odd is not None  # the whole table's black text on the odd rows' near black does not
    assert _header_colours(render_slides(parse(TABLE), template=master)) == {"style"}
