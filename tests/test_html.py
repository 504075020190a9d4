"""The HTML stage: golden output, template lookup order, overrides, escaping and template errors.

Regenerate the golden files after an intended change with
``BRIEFPUB_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_html.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefpub import TemplateError, parse
from briefpub.config import Brand, PdfConfig
from briefpub.newsletter.page import render_html
from briefpub.newsletter.prose import french_spacing, prose
from conftest import FIXTURES

GOLDEN = Path(__file__).parent / "golden"


def ferry() -> str:
    return render_html(parse(FIXTURES / "ferry-strike.txt"))


def test_golden_html() -> None:
    # The packaged stylesheet is a template file of its own; the golden file holds the markup and
    # the stylesheet made from the briefing and the config (paper, page footer, running heads).
    html = re.sub(r"<style>.*?</style>", "<style>…</style>", ferry(), count=1, flags=re.S)
    golden = GOLDEN / "ferry-strike.html"
    if os.environ.get("BRIEFPUB_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8")


def test_every_text_is_in_the_page() -> None:
    html = ferry()
    b = parse(FIXTURES / "ferry-strike.txt")
    position = 0
    for text in b.texts():
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        found = html.find(escaped, position)
        assert found >= 0, text
        position = found


def test_hostile_text_is_escaped_never_markup() -> None:
    hostile = '<script>x</script> <img src="file:///etc/passwd"> <style>p{}</style> {{ 7*7 }} {% if 1 %}'
    html = render_html(parse(f"{hostile}\n\n• {hostile}\n\nQ {hostile}?\n\nAnswer: {hostile}\n\n{hostile}\n"))
    assert "<script>" not in html
    assert "<img src=" not in html
    assert "{{ 7*7 }}" in html
    assert "49" not in html
    assert html.count("&lt;script&gt;x&lt;/script&gt;") >= 5


def test_project_template_replaces_default(tmp_path: Path) -> None:
    (tmp_path / "newsletter.html").write_text("<p>mine: {{ briefing.title }}</p>", encoding="utf-8")
    assert render_html(parse("T & co\n\nQ?\n\nAnswer: A.\n"), templates=tmp_path) == "<p>mine: T &amp; co</p>"


def test_block_override_extends_default(tmp_path: Path) -> None:
    (tmp_path / "newsletter.html").write_text(
        '{% extends "!default/newsletter.html" %}'
        '{% block answer %}<aside class="mine">{{ section.answer | prose }}</aside>{% endblock %}',
        encoding="utf-8",
    )
    html = render_html(parse("T\n\nQ?\n\nAnswer: A <b>.\n"), templates=tmp_path)
    assert '<aside class="mine">A &lt;b&gt;.</aside>' in html
    assert 'class="masthead"' in html  # the rest of the default page is still there


def test_lookup_order_project_first_then_package(tmp_path: Path) -> None:
    (tmp_path / "newsletter.css").write_text("/* project sheet */", encoding="utf-8")
    html = render_html(parse("T\n\nQ?\n\nAnswer: A.\n"), templates=tmp_path)
    assert "/* project sheet */" in html
    assert "--font-body" not in html  # the default sheet was replaced, not added
    assert 'class="masthead"' in html  # the page template still comes from the package


def test_custom_css_is_added_after_default(tmp_path: Path) -> None:
    (tmp_path / "custom.css").write_text(":root { --accent: #00FF00; }", encoding="utf-8")
    html = render_html(parse("T\n\nQ?\n\nAnswer: A.\n"), templates=tmp_path)
    assert html.index("--font-body") < html.index("--accent: #00FF00")


def test_brand_sets_css_variables() -> None:
    brand = Brand(primary="#123456", font_body='Evil "Font"; }')
    html = render_html(parse("T\n\nQ?\n\nAnswer: A.\n"), brand=brand)
    assert "--primary: #123456" in html
    assert '"Evil \\22 Font\\22 ; }"' in html


def test_paper_and_toc() -> None:
    many = "T\n\n" + "".join(f"Q{i}?\n\nAnswer: A{i}.\n\n" for i in range(8))
    html = render_html(parse(many), options=PdfConfig(paper="letter", toc_min_sections=6))
    assert "size: letter" in html
    assert 'class="toc"' in html
    assert 'class="toc"' not in render_html(parse("T\n\nQ?\n\nAnswer: A.\n"))


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("{% block x %}\n{% if %}\n", 2, "Expected an expression"),
        ("<p>\n{{ nope.title }}\n</p>", 2, "undefined"),
        ('{% extends "missing.html" %}', 1, "not found"),
    ],
)
def test_template_errors_name_file_and_line(tmp_path: Path, content: str, line: int, words: str) -> None:
    (tmp_path / "newsletter.html").write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render_html(parse("T\n\nQ?\n\nAnswer: A.\n"), templates=tmp_path)
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.file.endswith("newsletter.html")
    assert diagnostic.line == line
    assert words in diagnostic.message


def test_long_token_gets_break_chances_not_hyphens() -> None:
    html = str(prose("see " + "a" * 100))
    assert html.startswith('see <span class="token">')
    assert html.count("<wbr>") >= 4
    assert html.replace("<wbr>", "").count("a" * 100) == 1


def test_break_chances_keep_escaping() -> None:
    html = str(prose("<" * 60))
    assert "<<" not in html.replace("<wbr>", "").replace('<span class="token">', "").replace("</span>", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pourquoi ?", "Pourquoi\u202f?"),
        ("Pourquoi\u00a0?", "Pourquoi\u202f?"),
        ("Pourquoi  !", "Pourquoi\u202f!"),
        ("Note : oui ; non", "Note\u00a0: oui\u202f; non"),
        ("« bonjour »", "«\u202fbonjour\u202f»"),
        ("https://x.fr", "https://x.fr"),
        ("Déjà?", "Déjà?"),
    ],
)
def test_french_spacing(text: str, expected: str) -> None:
    assert french_spacing(text) == expected


def test_running_head_is_shortened_at_a_word() -> None:
    from briefpub.newsletter.page import running_head

    assert running_head("Short title") == "Short title"
    long = "A deliberately long title about the consequences of negotiations over energy transit corridors"
    head = running_head(long)
    assert len(head) <= 70
    assert head.endswith("…")
    assert long.startswith(head[:-1])
    assert running_head("x" * 300) == "x" * 69 + "…"
    html = render_html(parse(f"{long}\n\nQ?\n\nAnswer: A.\n"))
    assert f'string-set: doctitle "{head}"' in html


def test_embed_puts_template_files_into_the_page(tmp_path: Path) -> None:
    (tmp_path / "dot.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (tmp_path / "custom.css").write_text('.a { background: url("dot.svg"); }', encoding="utf-8")
    b = parse("T\n\nQ?\n\nAnswer: A.\n")
    assert 'url("dot.svg")' in render_html(b, templates=tmp_path)
    html = render_html(b, templates=tmp_path, embed=True)
    assert 'url("data:image/svg+xml;base64,' in html
    assert "dot.svg" not in html


def test_embed_refuses_files_outside_the_templates(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (templates / "custom.css").write_text('.a { background: url("../secret.txt"); }', encoding="utf-8")
    with pytest.raises(TemplateError, match="outside the template folders"):
        render_html(parse("T\n\nQ?\n\nAnswer: A.\n"), templates=templates, embed=True)
