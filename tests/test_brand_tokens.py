"""Brand values reach a stylesheet only as validated CSS tokens; a stylesheet cannot end its ``<style>``."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from lxml import html

from briefpub import ConfigError, TemplateError, parse
from briefpub.config import Brand, load_config
from briefpub.errors import Diagnostic
from briefpub.newsletter import templating
from briefpub.newsletter.mail import render_email
from briefpub.newsletter.page import render_html

BRIEFING = parse("A title\n\nWhy?\n\nAnswer: Because.\n")
ESCAPE = '</style><script>fetch("http://127.0.0.1:9/")</script><style>'


def elements(page: str, tag: str) -> list[str]:
    return [html.tostring(e, encoding="unicode") for e in html.document_fromstring(page).iter(tag)]


def custom(folder: Path, css: str) -> Path:
    (folder / "custom.css").write_text(css, encoding="utf-8")
    templating.environment.cache_clear()
    return folder


@pytest.mark.parametrize(
    ("declaration", "name"),
    [
        (f"--font-body: x{ESCAPE};", "--font-body"),
        (f'--font-heading: "Noto {ESCAPE}", serif;', "--font-heading"),
        (f"--font-body: Noto, {ESCAPE};", "--font-body"),
        ("--font-body: var(--elsewhere);", "--font-body"),
        (f"--primary: red {ESCAPE};", "--primary"),
        ("--accent: expression(fetch('http://127.0.0.1:9/x'));", "--accent"),
    ],
)
def test_a_brand_value_that_is_not_a_token_is_a_warning_never_copied(
    tmp_path: Path, declaration: str, name: str
) -> None:
    folder = custom(tmp_path, f":root {{\n  --primary: #123456;\n  {declaration}\n}}\n")
    said: list[Diagnostic] = []
    edition = render_email(BRIEFING, templates=folder, brand=Brand(accent="#654321"), warn=said.append)
    for page in (edition.page, edition.message.decode("ascii")):
        assert "<script" not in page
        assert "127.0.0.1" not in page
    assert not elements(edition.page, "script")
    (note,) = [note for note in said if name in note.message]
    assert (note.file, note.line) == (str(folder / "custom.css"), 3)
    assert "the e-mail ignores it" in note.message
    assert re.search(r"color: ?#123456", edition.page, re.I)  # the valid token next to it is used


def test_a_valid_font_list_is_used_quoted(tmp_path: Path) -> None:
    folder = custom(tmp_path, ':root { --font-body: "Source Serif 4", serif; --font-heading: Noto Sans; }')
    said: list[Diagnostic] = []
    page = render_email(BRIEFING, templates=folder, warn=said.append).page
    assert not [note for note in said if "--font" in note.message]
    quote = r"(?:'|&#34;|&quot;|\")"
    assert re.search(rf"font: [^;]*{quote}Source Serif 4{quote}, Georgia", page)
    assert re.search(rf"font: [^;]*{quote}Noto Sans{quote}, Helvetica", page)


def test_a_stylesheet_or_template_that_is_not_utf8_is_named_at_its_line(tmp_path: Path) -> None:
    folder = custom(tmp_path, "")
    (folder / "custom.css").write_bytes(b":root {\n  --primary: #123456; } /* caf\xe9 */\n")
    with pytest.raises(TemplateError) as info:
        render_html(BRIEFING, templates=folder)
    assert [(d.line, d.message) for d in info.value.diagnostics] == [
        (2, "byte 0xE9 is not UTF-8; save the file as UTF-8")
    ]
    (folder / "custom.css").unlink()
    templating.environment.cache_clear()
    (folder / "newsletter.html").write_bytes(b'{% extends "!default/newsletter.html" %}\n{# caf\xe9 #}\n')
    with pytest.raises(TemplateError) as info:
        render_html(BRIEFING, templates=folder)
    assert [(d.line, d.message) for d in info.value.diagnostics] == [
        (2, "byte 0xE9 is not UTF-8; save the file as UTF-8")
    ]


def test_custom_css_cannot_end_the_web_editions_style_element(tmp_path: Path) -> None:
    folder = custom(tmp_path, f'h1 {{ color: red; }}\n/* {ESCAPE} */\nh2::after {{ content: "{ESCAPE}"; }}\n')
    for embed in (True, False):
        page = render_html(BRIEFING, templates=folder, embed=embed)
        assert not elements(page, "script")
        assert len([s for s in elements(page, "style") if "h1 { color: red; }" in s]) == 1


@pytest.mark.parametrize("key", ["font_body", "font_heading"])
@pytest.mark.parametrize("value", [f"Noto{ESCAPE}", 'Noto"; color: red', "Noto\\u2028Serif", "x" * 101])
def test_a_brand_font_in_the_config_is_a_family_name(tmp_path: Path, key: str, value: str) -> None:
    (tmp_path / "briefpub.toml").write_text(f"[brand]\n{key} = '''{value}'''\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    (problem,) = caught.value.diagnostics
    assert problem.message.startswith(f"brand.{key}: must be one font family name")


def test_a_plain_brand_font_in_the_config_is_kept(tmp_path: Path) -> None:
    (tmp_path / "briefpub.toml").write_text("[brand]\nfont_body = 'Noto Serif Display'\n", encoding="utf-8")
    assert load_config(tmp_path).brand.font_body == "Noto Serif Display"


def _var_bomb(levels: int) -> str:
    names = [f"--v{i}" for i in range(levels)]
    lines = [f"{names[0]}: {'x' * 50};"] + [
        f"{name}: {f'var({before})' * 8};" for before, name in itertools.pairwise(names)
    ]
    return ":root {\n" + "\n".join(lines) + "\n}\nbody::after { content: var(" + names[-1] + "); }\n"


HEAVY_STYLESHEETS = {
    "blocks nested 5,000 deep": ("a{" * 5000 + "}" * 5000, 1, "nested more than 64 deep"),
    "a selector nested 2,000 deep": (":is(" * 2000 + "a" + ")" * 2000 + "{color:red}", 1, "nested more than"),
    "var() of var() eight ways, eight deep": (
        _var_bomb(8),
        6,
        "--v4 stands for more than 100,000 characters",
    ),
    "a 1e30px font": ("p {\n  font-size: 1e30px;\n}\n", 2, "1e30px: a number larger than 1,000,000"),
    "100,000 columns": ("body { column-count: 100000; }\n", 1, "column-count 100000: at most 100"),
}


@pytest.mark.parametrize("case", list(HEAVY_STYLESHEETS.values()), ids=list(HEAVY_STYLESHEETS))
def test_a_stylesheet_no_engine_could_lay_out_in_bounds_is_refused_at_its_line(
    tmp_path: Path, case: tuple[str, int, str]
) -> None:
    """Nesting was an internal RecursionError in every edition; var() of var() took the PDF 94 s and 2.2 GB
    (calc() of calc() never finished); a 1e30px font an internal ZeroDivisionError; 100,000 columns hung."""
    css, line, said = case
    folder = custom(tmp_path, css)
    with pytest.raises(TemplateError) as info:
        render_html(BRIEFING, templates=folder)
    [diagnostic] = info.value.diagnostics
    assert diagnostic.file.endswith("custom.css")
    assert diagnostic.line == line
    assert said in diagnostic.message


def test_a_stylesheet_with_ordinary_numbers_and_variables_is_fine(tmp_path: Path) -> None:
    css = ":root { --primary: #123456; --gap: calc(var(--unit, 4px) * 2); }\n.x { z-index: 2147483647; }\n"
    render_html(BRIEFING, templates=custom(tmp_path, css + "body { column-count: 2; width: 210mm; }\n"))


@pytest.mark.parametrize(
    ("piece", "said"),
    [
        ("<style>" + "a{" * 5000 + "}" * 5000 + "</style>", "nested more than 64 deep"),
        ('<p style="font-size: 1e30px">x</p>', "1e30px: a number larger than 1,000,000"),
    ],
)
def test_a_template_writing_such_a_stylesheet_is_refused_naming_it(
    tmp_path: Path, piece: str, said: str
) -> None:
    """In a template's own <style>, nesting was an internal SyntaxError in WeasyPrint's selector compiler."""
    (tmp_path / "newsletter.html").write_text(
        '{% extends "!default/newsletter.html" %}{% block footer %}' + piece + "{% endblock %}",
        encoding="utf-8",
    )
    templating.environment.cache_clear()
    with pytest.raises(TemplateError) as info:
        render_html(BRIEFING, templates=tmp_path)
    [diagnostic] = info.value.diagnostics
    assert diagnostic.file.endswith("newsletter.html")
    assert said in diagnostic.message


def test_a_template_nesting_elements_too_deep_is_refused_naming_it(tmp_path: Path) -> None:
    """200 nested <div> were an internal RecursionError in the PDF (20,000 after 14 s)."""
    deep, fine = "<div>" * 200 + "x" + "</div>" * 200, "<div>" * 60 + "x" + "</div>" * 60
    for piece, refused in ((deep, True), (fine, False)):
        (tmp_path / "newsletter.html").write_text(
            '{% extends "!default/newsletter.html" %}{% block footer %}' + piece + "{% endblock %}",
            encoding="utf-8",
        )
        templating.environment.cache_clear()
        if not refused:
            render_html(BRIEFING, templates=tmp_path)
            continue
        with pytest.raises(
            TemplateError, match=r"newsletter\.html: its page nests elements more than 120 deep"
        ):
            render_html(BRIEFING, templates=tmp_path)


def test_break_chances_in_long_words_are_not_taken_for_nesting() -> None:
    """libxml2 nests what follows a <wbr> inside it: a long word's 120 break chances were refused."""
    word = "=0D=0A" * 200
    briefing = parse(f"Title {word}\n\nWhy {word}?\n\nAnswer: Because {word}.\n\nBody {word}.\n")
    page = render_html(briefing)
    assert page.count("<wbr>") > templating.MAX_ELEMENT_DEPTH
    render_email(briefing)


@pytest.mark.parametrize("title", ["Title \U0003e8a1", "Title " + "(" * 70, "Title 5e93 \u200b"])
def test_a_title_in_a_stylesheet_string_is_text_not_a_number_or_a_nest(title: str) -> None:
    """The running head carries the title in a CSS string: an escaped U+3E8A1 read as the number 3e8."""
    briefing = parse(f"{title}\n\nWhy?\n\nAnswer: Because.\n\nBody.\n")
    render_html(briefing)
    render_email(briefing)
