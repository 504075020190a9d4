"""A figure written plainly is read without markdown-it, exactly as markdown-it reads it.

``![Output by year](figures/output.svg)`` is the figure line most briefings
have; reading it through markdown-it cost a deck with an SVG figure and no
other markup markdown-it's import (reader/markup.py ``_PLAIN_IMAGE``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefpub.reader import markup
from briefpub.reader.markup import Image, InlineParser

PLAIN = list("abcxyzABCXYZ0129éßЖ字 .,;'\"()%#+=?$-")
MARKUP = [*"_*[]\\`:@/!<>&~^|\t", "www.", "WWW.", "  "]
CAPTION = st.lists(st.sampled_from(PLAIN), max_size=30).map("".join) | st.lists(
    st.sampled_from(PLAIN) | st.sampled_from(MARKUP) | st.characters(), max_size=30
).map("".join)
PATH = st.text(st.sampled_from(list("abcXYZ019_./-")), min_size=1, max_size=20) | st.sampled_from(
    ["a b.png", "a%20b.png", "é.png", "x(1).png", "<x.png>", 'x.png "t"', "https://e.org/x.png", "a:b.png"]
)


def _read(text: str, plain: bool) -> tuple[Image | None, list[str]]:
    said: list[str] = []
    parser = InlineParser("b.txt", set(), lambda _line, message: said.append(message))
    saved = markup._PLAIN_IMAGE
    if not plain:
        markup._PLAIN_IMAGE = re.compile(r"(?!)")  # matches nothing: markdown-it reads every figure
    try:
        return parser.image(text, 1), said
    finally:
        markup._PLAIN_IMAGE = saved


@settings(max_examples=400)
@given(CAPTION, PATH)
def test_a_figure_is_read_as_markdown_it_reads_it(caption: str, path: str) -> None:
    text = f"![{caption}]({path})"
    assert _read(text, plain=True) == _read(text, plain=False)


TRICKY = [
    "*a*",
    "a **b** c",
    "_a_",
    "`c`",
    "a\\*b",
    "[x]",
    "x@y.z",
    "www.example.com",
    "http://e.org",
    "a  b",
    " a",
    "a ",
    "&amp;",
    "<b>",
    "a\tb",
    "Ünïcödé 字",
    "(a) \"b\" 'c' 50% #1 + = ? $-",
]


@pytest.mark.parametrize("caption", TRICKY)
def test_a_figure_with_markup_in_its_caption_is_read_as_markdown_it_reads_it(caption: str) -> None:
    for path in ("a.png", "figures/x-1_b.svg", "a b.png", "x:y.png"):
        text = f"![{caption}]({path})"
        assert _read(text, plain=True) == _read(text, plain=False)


@pytest.mark.parametrize(
    "text",
    [
        "![Output by year](figures/output.svg)",
        "![](a.png)",
        "![Oil output, kb per day (2014-2024)](data/oil.csv)",
    ],
)
def test_common_figures_take_the_plain_path(text: str) -> None:
    """Kept true so the plain path stays useful (the property test alone passes were it never taken)."""
    assert markup._PLAIN_IMAGE.fullmatch(text)


def test_a_briefing_whose_only_markup_is_a_figure_does_not_import_markdown_it(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(
        "Weekly\n\nWhat changed?\nAnswer: A.\n\n![Output by year](chart.csv)\n", encoding="utf-8"
    )
    (tmp_path / "chart.csv").write_text("year,output\n2020,1\n2021,2\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefpub import parse\n"
        "briefing = parse(Path('b.txt'))\n"
        "print(len(briefing.sections[0].body), 'markdown_it' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.split() == ["1", "False"]
