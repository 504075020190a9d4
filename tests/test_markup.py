"""Rich briefings in the reader: inline markup, footnotes, lists and figures, and the hostile cases."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from briefpub import SourceError, parse
from briefpub.model.briefing import Figure, ListBlock, to_dict
from briefpub.model.richtext import Code, Emphasis, Link, NoteRef, Rich, Strong, Text
from briefpub.reader.unparse import unparse
from hostile import png_claiming

HEAD = "Title\n\nQ?\nAnswer: A.\n\n"


def body(source: str, **kwargs: object) -> tuple[object, ...]:
    return parse(HEAD + source, **kwargs).sections[0].body  # type: ignore[arg-type]


def test_inline_markup_becomes_a_tree_with_a_plain_view() -> None:
    (paragraph,) = body("Some *em*, **strong**, `code`, [a link](https://x.org) and <https://y.org>.")
    assert paragraph == "Some em, strong, code, a link and https://y.org."
    assert isinstance(paragraph, Rich)
    assert paragraph.inlines == (
        Text("Some "),
        Emphasis((Text("em"),)),
        Text(", "),
        Strong((Text("strong"),)),
        Text(", "),
        Code("code"),
        Text(", "),
        Link("https://x.org", (Text("a link"),)),
        Text(" and "),
        Link("https://y.org", (Text("https://y.org"),)),
        Text("."),
    )


def test_bare_addresses_are_links_and_the_full_stop_is_not_part_of_them() -> None:
    (paragraph,) = body("See https://example.org/report?id=3.")
    assert isinstance(paragraph, Rich)
    assert paragraph.inlines[1] == Link(
        "https://example.org/report?id=3", (Text("https://example.org/report?id=3"),)
    )


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "AT&amp;T &copy;",
        "[unterminated",
        "a * b * c",
        "snake_case_name",
    ],
)
def test_raw_html_entities_and_stray_marks_stay_literal(text: str) -> None:
    (paragraph,) = body(text)
    assert paragraph == text
    assert not isinstance(paragraph, Rich) or not paragraph.has_markup


def test_links_that_are_not_web_addresses_keep_their_text_with_a_warning() -> None:
    briefing = parse(HEAD + "[x](javascript:alert(1)) and [y](file:///etc/passwd)")
    assert briefing.sections[0].body == ("x and y",)
    assert len(briefing.warnings) == 2
    assert "kept as text" in briefing.warnings[0].message


def test_markup_works_in_every_text() -> None:
    b = parse("The *title*\n\n• a **point**\n\nIntro `x`.\n\nWhy *this*?\nAnswer: The *answer*.\n\nBody.\n")
    for text in (b.title, b.key_points[0], b.introduction[0], b.sections[0].question, b.sections[0].answer):
        assert isinstance(text, Rich)
        assert text.has_markup, text


def test_plain_markup_keeps_every_character(tmp_path: Path) -> None:
    source = "Title\n\nQ?\nAnswer: *a* [^1]\n\n- one\n- two\n\n[^1]: note\n"
    b = parse(source, markup="plain")
    assert b.sections[0].answer == "*a* [^1]"
    assert b.sections[0].body == ("- one - two", "[^1]: note")
    assert parse("---\nmarkup: plain\n---\n" + source).sections[0].body == b.sections[0].body
    with pytest.raises(SourceError, match="'markup': 'html' is not one of"):
        parse("---\nmarkup: html\n---\n" + source)


def test_footnotes_are_numbered_by_first_reference_and_kept_out_of_the_body() -> None:
    b = parse(
        HEAD
        + "Second[^b] then first[^a] and again[^b].\n\nSources\n[^a]: Note *A*.\n[^b]: Note B,\ncontinued.\n"
    )
    assert b.sections[0].body == ("Second then first and again.", "Sources")
    assert [(n.label, n.number, str(n.text)) for n in b.footnotes] == [
        ("b", 1, "Note B, continued."),
        ("a", 2, "Note A."),
    ]
    paragraph = b.sections[0].body[0]
    assert isinstance(paragraph, Rich)
    refs = [node for node in paragraph.inlines if isinstance(node, NoteRef)]
    assert [r.number for r in refs] == [1, 2, 1]


def test_footnotes_are_numbered_in_reading_order_question_before_answer() -> None:
    b = parse(
        "T[^t]\n\n• P[^p]\n\nWhy[^q]?\nAnswer: A[^a].\n\nB[^b].\n\n"
        "[^a]: a\n[^b]: b\n[^p]: p\n[^q]: q\n[^t]: t\n"
    )
    assert [note.label for note in b.footnotes] == ["t", "p", "q", "a", "b"]


def test_footnote_problems() -> None:
    with pytest.raises(SourceError, match=r"<string>:6: footnote \[\^x\] has no definition"):
        parse(HEAD + "Text[^x].\n")
    with pytest.raises(SourceError, match=r"defined twice \(first on line 7\)"):
        parse(HEAD + "Text[^a].\n[^a]: one\n[^a]: two\n")
    b = parse(HEAD + "Text.\n\n[^lonely]: never cited\n")
    assert b.footnotes == ()
    assert "never referenced" in b.warnings[-1].message


def test_lists_in_the_body() -> None:
    blocks = body(
        "Three scenarios:\n- **War**: more\n- Truce,\n  continued\n* Muddle\n\n3. third\n4) fourth\n\nAfter."
    )
    assert blocks[0] == "Three scenarios:"
    first, second = blocks[1], blocks[2]
    assert isinstance(first, ListBlock)
    assert [str(i) for i in first.items] == ["War: more", "Truce, continued", "Muddle"]
    assert not first.ordered
    assert isinstance(second, ListBlock)
    assert (second.ordered, second.start, second.items) == (True, 3, ("third", "fourth"))
    assert blocks[3] == "After."


def test_the_reference_shape_of_a_plain_briefing_has_no_new_json_fields() -> None:
    data = to_dict(parse(HEAD + "Body."))
    assert "format" not in data
    assert "rich" not in data
    rich = to_dict(parse(HEAD + "Body *x*."))
    assert rich["format"] == 2
    assert rich["sections"][0]["body"] == ["Body x."]
    assert rich["rich"]["sections"][0]["body"] == [
        {"type": "paragraph", "content": ["Body ", {"type": "emphasis", "children": ["x"]}, "."]}
    ]


# --- figures ------------------------------------------------------------------


def project_with_images(tmp_path: Path) -> Path:
    (tmp_path / "source" / "img").mkdir(parents=True)
    Image.new("RGB", (40, 20), (200, 0, 0)).save(tmp_path / "source" / "img" / "wide.png")
    Image.new("RGB", (10, 30), (0, 200, 0)).save(tmp_path / "source" / "img" / "tall.jpg")
    (tmp_path / "source" / "img" / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="4in">'
        '<rect width="200" height="100"/></svg>'
    )
    return tmp_path


def write(project: Path, text: str) -> Path:
    path = project / "source" / "b.txt"
    path.write_text(HEAD + text, encoding="utf-8")
    return path


def test_figures_are_read_measured_and_numbered(tmp_path: Path) -> None:
    project = project_with_images(tmp_path)
    source = write(
        project,
        '![Wide *chart*](img/wide.png "A red bar")\n\n![Tall](img/tall.jpg)\n\n![Vector](img/chart.svg)\n',
    )
    blocks = parse(source, root=project).sections[0].body
    wide, tall, svg = blocks
    assert isinstance(wide, Figure)
    assert isinstance(tall, Figure)
    assert isinstance(svg, Figure)
    assert (wide.number, wide.media_type, wide.width, wide.height, wide.alt) == (
        1,
        "image/png",
        40,
        20,
        "A red bar",
    )
    assert str(wide.caption) == "Wide chart"
    assert (tall.number, tall.media_type, tall.alt, tall.line) == (2, "image/jpeg", "Tall", 8)
    assert (svg.media_type, svg.width, svg.height) == ("image/svg+xml", 384, 192)
    assert wide.path == (project / "source" / "img" / "wide.png").resolve()


def test_a_figure_without_a_caption_is_warned_about(tmp_path: Path) -> None:
    project = project_with_images(tmp_path)
    briefing = parse(write(project, "![](img/wide.png)\n"), root=project)
    assert "no alt text" in briefing.warnings[-1].message


@pytest.mark.parametrize(
    ("path", "setup", "message"),
    [
        ("../../outside.png", None, "is outside the project folder"),
        ("/etc/passwd", None, "is an absolute path"),
        ("https://example.org/a.png", None, "never fetches from the network"),
        ("file:///etc/passwd", None, "is an address"),
        ("img/missing.png", None, "does not exist"),
        ("img/link.png", "link", "is outside the project folder"),
        ("img/text.png", "text", "not an image"),
        ("img/bomb.png", "bomb", "more than 50 million pixels"),
        ("img/cut.png", "truncated", "damaged image"),
        ("img/entity.svg", "entity", "declares a DTD or entities"),
        ("img/external.svg", "external", "must be self-contained"),
        ("img/styled.svg", "css", "stylesheet that references other files"),
        ("img", None, "is a folder"),
    ],
)
def test_hostile_figures_are_refused_with_one_line(
    tmp_path: Path, path: str, setup: str | None, message: str
) -> None:
    project = project_with_images(tmp_path / "project")
    (tmp_path / "outside.png").write_bytes((project / "source" / "img" / "wide.png").read_bytes())
    img = project / "source" / "img"
    if setup == "link":
        os.symlink(tmp_path / "outside.png", img / "link.png")
    elif setup == "text":
        (img / "text.png").write_text("not a picture")
    elif setup == "bomb":
        (img / "bomb.png").write_bytes(png_claiming(30_000, 30_000))
    elif setup == "truncated":
        (img / "cut.png").write_bytes((img / "wide.png").read_bytes()[:60])
    elif setup == "entity":
        (img / "entity.svg").write_text(
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
        )
    elif setup == "external":
        (img / "external.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<image xlink:href="file:///etc/passwd"/></svg>'
        )
    elif setup == "css":
        (img / "styled.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: url(http://x.org/a) }</style></svg>'
        )
    source = write(project, f"![Caption]({path})\n")
    with pytest.raises(SourceError) as caught:
        parse(source, file="b.txt", root=project)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.line == 6
    assert message in diagnostic.message
    assert "\n" not in str(diagnostic)


def test_a_mistyped_image_name_gets_the_name_beside_it(tmp_path: Path) -> None:
    project = project_with_images(tmp_path)
    with pytest.raises(SourceError) as caught:
        parse(write(project, "![Caption](img/wdie.png)\n"), file="b.txt", root=project)
    assert [str(d) for d in caught.value.diagnostics] == [
        "b.txt:6: figure 'img/wdie.png' does not exist; did you mean 'img/wide.png'?"
    ]


def test_a_damaged_image_is_refused_even_after_weasyprint_relaxed_pillow(tmp_path: Path) -> None:
    from briefpub.newsletter.engines import import_weasyprint

    import_weasyprint()  # sets ImageFile.LOAD_TRUNCATED_IMAGES for the whole process
    project = project_with_images(tmp_path)
    (project / "source" / "img" / "cut.png").write_bytes(
        (project / "source" / "img" / "wide.png").read_bytes()[:60]
    )
    with pytest.raises(SourceError, match="damaged image"):
        parse(write(project, "![Cut](img/cut.png)\n"), root=project)


def test_hostile_markup_is_bounded() -> None:
    nested = "*" * 5000 + "deep" + "*" * 5000
    links = " ".join(f"[l{n}](https://x.org/{n})" for n in range(10_000))
    b = parse(HEAD + nested + "\n\n" + links + "\n\n" + "[" * 5000 + "\n", max_bytes=10_000_000)
    assert "deep" in str(b.sections[0].body[0])
    assert str(b.sections[0].body[1]).startswith("l0 l1 l2")
    assert b.sections[0].body[2] == "[" * 5000


def test_json_describes_figures_and_lists(tmp_path: Path) -> None:
    project = project_with_images(tmp_path)
    data = to_dict(parse(write(project, "- a\n- b\n\n![Wide](img/wide.png)\n"), root=project))
    assert data["sections"][0]["body"] == ["• a\n• b", "Wide"]
    blocks = data["rich"]["sections"][0]["body"]
    assert blocks[0] == {"type": "list", "ordered": False, "start": 1, "items": [["a"], ["b"]], "line": 6}
    assert blocks[1]["type"] == "figure"
    assert blocks[1]["path"] == "img/wide.png"
    assert (blocks[1]["width"], blocks[1]["height"], blocks[1]["number"]) == (40, 20, 1)
    json.dumps(data)


def test_a_rich_briefing_written_back_parses_to_the_same_briefing(tmp_path: Path) -> None:
    project = project_with_images(tmp_path)
    text = (
        "The *new* **deal**\n\n• `x` and [y](https://y.org)[^1]\n\nIntro \\*literal\\* text.\n\n"
        'Why?\nAnswer: Because *it* https://z.org.\n\n1. one\n2. two\n\n![Cap](img/wide.png "Alt")\n\n'
        "[^1]: A *note*.\n"
    )
    original = parse(write(project, text), root=project)
    assert original.has_markup
    (project / "source" / "c.txt").write_text(unparse(original), encoding="utf-8")
    again = parse(project / "source" / "c.txt", root=project)
    assert (again.title, again.key_points, again.introduction, again.footnotes) == (
        original.title,
        original.key_points,
        original.introduction,
        original.footnotes,
    )
    assert [(s.question, s.answer, s.body) for s in again.sections] == [
        (s.question, s.answer, s.body) for s in original.sections
    ]


def laughs(levels: int, copies: int) -> str:
    """Return an SVG whose <use> copies multiply: ``copies ** levels`` circles from a few lines."""
    groups = ['<g id="l0"><circle r="1"/></g>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(copies))
        groups.append(f'<g id="l{level}">{uses}</g>')
    defs = "".join(groups)
    return f'<svg xmlns="http://www.w3.org/2000/svg"><defs>{defs}</defs><use href="#l{levels}"/></svg>'


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (laughs(9, 10), "draws more than 50,000 elements"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#a"/></g></svg>', "draws more than"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<image xlink:href="data:image/png;base64,{bomb}"/></svg>',
            "more than 50 million pixels",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,aGVsbG8="/></svg>',
            "not a PNG or JPEG",
        ),
    ],
)
def test_svg_bombs_are_refused(tmp_path: Path, svg: str, message: str) -> None:
    import base64

    project = project_with_images(tmp_path)
    bomb = base64.b64encode(png_claiming(30_000, 30_000)).decode()
    (project / "source" / "img" / "bomb.svg").write_text(svg.replace("{bomb}", bomb))
    with pytest.raises(SourceError, match=message):
        parse(write(project, "![Bomb](img/bomb.svg)\n"), root=project)


def test_a_modest_svg_with_copies_is_fine(tmp_path: Path) -> None:
    project = project_with_images(tmp_path)
    (project / "source" / "img" / "ok.svg").write_text(laughs(3, 10))
    (figure,) = parse(write(project, "![Fine](img/ok.svg)\n"), root=project).sections[0].body
    assert isinstance(figure, Figure)


def test_a_figure_that_does_not_parse_is_kept_as_text_with_a_hint(tmp_path: Path) -> None:
    project = project_with_images(tmp_path)
    (project / "source" / "img" / "my chart.png").write_bytes(
        (project / "source" / "img" / "wide.png").read_bytes()
    )
    briefing = parse(write(project, "![Chart](img/my chart.png)\n"), root=project)
    assert briefing.sections[0].body == ("![Chart](img/my chart.png)",)
    assert "angle brackets" in briefing.warnings[-1].message
    fixed = parse(write(project, "![Chart](<img/my chart.png>)\n"), root=project)
    assert isinstance(fixed.sections[0].body[0], Figure)


def _lines_run(text: str) -> int:
    """Return how many lines of Python parsing ``text`` runs: work counted, not timed."""
    import sys
    import types

    from briefpub.reader import markup

    markup._parse("warm up")
    count = [0]

    def trace(frame: types.FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            count[0] += 1
        return trace

    sys.settrace(trace)
    try:
        markup._parse(text)
    finally:
        sys.settrace(None)
    return count[0]


@pytest.mark.parametrize("unit", ["[^", "[", "[^[", "https://a."])
def test_inline_parsing_is_linear_in_the_paragraph(unit: str) -> None:
    """32 KB of [^ took a minute: each rule tried rescanned the rest of the paragraph."""
    small, large = _lines_run(unit * 400), _lines_run(unit * 1600)
    assert large < 6 * small  # quadratic would be 16 times


def test_linkify_looks_at_a_window_not_the_rest_of_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefpub.reader import markup

    linkify = markup._markdown().linkify
    assert linkify is not None
    handed: list[int] = []
    real = linkify.match_at_start

    def counted(text: str) -> Any:
        handed.append(len(text))
        return real(text)

    monkeypatch.setattr(linkify, "match_at_start", counted)
    markup._parse("https://a. " * 3000)
    assert max(handed) <= 4096
