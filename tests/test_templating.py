"""Newsletter templates are untrusted: sandboxed, confined to their folders, bounded, one-line errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefpub.errors import TemplateError
from briefpub.newsletter import templating
from briefpub.newsletter.page import EDITION_POLICY, render_html
from briefpub.reader.structure import parse

BRIEFING = parse("Title\n\nWhy?\n\nAnswer: Because.\n")


def page_with(tmp_path: Path, template: str, embed: bool = False) -> str:
    (tmp_path / "newsletter.html").write_text(template, encoding="utf-8")
    source = tmp_path / "briefing.txt"
    source.write_text("Title\n\nWhy?\n\nAnswer: Because.\n", encoding="utf-8")
    templating.environment.cache_clear()
    return render_html(parse(source), templates=tmp_path, embed=embed)


def refused(tmp_path: Path, template: str, match: str) -> TemplateError:
    with pytest.raises(TemplateError, match=match) as info:
        page_with(tmp_path, template)
    return info.value


def test_a_template_cannot_reach_python(tmp_path: Path) -> None:
    error = refused(
        tmp_path,
        '{{ cycler.__init__.__globals__.os.popen("echo RAN").read() }}',
        "unsafe",
    )
    assert error.diagnostics[0].file.endswith("newsletter.html")
    assert error.diagnostics[0].line == 1


@pytest.mark.parametrize(
    "expression",
    [
        "briefing.source.read_text()",
        "briefing.source.parent",
        "brand.__class__",
        "meta.__init__",
        "labels.key_points.__class__.__mro__",
    ],
)
def test_only_the_model_and_plain_values_are_visible(tmp_path: Path, expression: str) -> None:
    refused(tmp_path, f"{{{{ {expression} }}}}", "unsafe")


def test_the_model_is_visible(tmp_path: Path) -> None:
    page = page_with(tmp_path, "{{ briefing.sections[0].answer }}|{{ meta.lang }}|{{ labels.key_points }}")
    assert page == "Because.|en|Key points"


@pytest.mark.parametrize(
    ("template", "match"),
    [
        ('{{ "x" * 1000000000 }}', "repetition"),
        ("{{ [1] * 1000000000 }}", "repetition"),
        ('{{ "x" | center(1000000000) }}', "larger than a template may pass"),
        ('{{ "x".ljust(1000000000) }}', "larger than a template may pass"),
        ('{{ "%999999999d" % 1 }}', "format width"),
        ('{{ "%*d" % (5, 1) }}', "format width"),
        ('{{ "{:>999999999}".format(1) }}', "format width"),
        ("{{ 2 ** 100000000 }}", "power"),
        ("{{ range(10000000) | list }}", "larger than a template may pass"),
    ],
)
def test_floods_are_refused_before_they_are_built(tmp_path: Path, template: str, match: str) -> None:
    refused(tmp_path, template, match)


def test_lipsum_is_gone(tmp_path: Path) -> None:
    refused(tmp_path, "{{ lipsum(3) }}", "undefined")


def test_a_render_has_a_deadline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templating, "RENDER_SECONDS", 0.5)
    refused(
        tmp_path,
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "took longer than 0.5 s",
    )


def test_a_render_has_a_memory_ceiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templating, "RENDER_MEMORY", 256 << 20)
    refused(
        tmp_path,
        '{% set ns = namespace(x="ab") %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}',
        "needed more than 256 MiB",
    )


def test_the_page_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templating, "MAX_OUTPUT_CHARS", 10_000)
    refused(tmp_path, "{% for i in range(20000) %}x{% endfor %}", "grew past")


@pytest.mark.parametrize(
    ("template", "match", "line"),
    [
        ("ok\n{{ 1 / 0 }}", "ZeroDivisionError: division by zero", 2),
        ('{% extends "newsletter.html" %}', "itself without end", None),
        ("\n\n{{ nope }}", "'nope' is undefined", 3),
        ("{% for %}", "Expected an expression", 1),
    ],
)
def test_runtime_errors_are_one_line_with_file_and_line(
    tmp_path: Path, template: str, match: str, line: int | None
) -> None:
    error = refused(tmp_path, template, match)
    (diagnostic,) = error.diagnostics
    assert diagnostic.file.endswith("newsletter.html")
    if line is not None:
        assert diagnostic.line == line
    assert "\n" not in str(error)


def test_a_link_out_of_the_template_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "leak.html").symlink_to(secret)
    with pytest.raises(TemplateError, match="leads outside the template folder") as info:
        page_with(templates, '{% include "leak.html" %}')
    assert "TOP SECRET" not in str(info.value)


def test_a_linked_stylesheet_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "custom.css").symlink_to(secret)
    templating.environment.cache_clear()
    with pytest.raises(TemplateError, match=r"custom\.css: leads outside"):
        render_html(BRIEFING, templates=templates)


def test_a_link_inside_the_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "real.html").write_text("REAL", encoding="utf-8")
    (tmp_path / "alias.html").symlink_to(tmp_path / "real.html")
    assert page_with(tmp_path, '{% include "alias.html" %}') == "REAL"


def test_a_fifo_template_is_refused_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.html")
    refused(tmp_path, '{% include "fifo.html" %}', "not a regular file")


def test_parent_paths_are_not_templates(tmp_path: Path) -> None:
    refused(tmp_path, '{% include "../secret.html" %}', "not found")


def test_the_html_edition_fetches_nothing(tmp_path: Path) -> None:
    (tmp_path / "dot.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    page = page_with(tmp_path, '<html><head></head><body><img src="dot.png" alt=""></body></html>', True)
    assert '<img src="data:image/png;base64,' in page
    assert f'<head><meta http-equiv="Content-Security-Policy" content="{EDITION_POLICY}">' in page


@pytest.mark.parametrize(
    "tag",
    [
        '<img src="http://tracker.example/pixel.gif">',
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="https://fonts.example/x.css">',
        '<div style="background: url(//tracker.example/x.png)"></div>',
        "<style>@import 'http://x.example/a.css';</style>",
        '<img src="/etc/passwd">',
        '<img srcset="http://tracker.example/a.png 2x">',
    ],
)
def test_the_html_edition_refuses_urls_a_browser_would_fetch(tmp_path: Path, tag: str) -> None:
    with pytest.raises(TemplateError):
        page_with(tmp_path, f"<html><body>{tag}</body></html>", embed=True)


def test_links_to_read_are_kept(tmp_path: Path) -> None:
    page = page_with(tmp_path, '<a href="https://example.com/report">report</a>', embed=True)
    assert 'href="https://example.com/report"' in page


def test_briefing_text_is_never_taken_for_markup(tmp_path: Path) -> None:
    briefing = parse('T <img src="http://x.example/a.png">\n\nQ?\n\nAnswer: url(http://x.example/b.png)\n')
    templating.environment.cache_clear()
    page = render_html(briefing, embed=True)
    assert '&lt;img src="http://x.example/a.png"&gt;' in page  # text, as written back from its parse
    assert "<img" not in page
    # A web address in the text is a link the reader may follow, never something the page fetches.
    assert 'url(<a href="http://x.example/b.png" class="bare">http://x.example/b.png</a>)' in page


def test_large_values_may_be_filtered_only_arguments_are_capped(tmp_path: Path) -> None:
    assert page_with(tmp_path, "{{ 123456789 | filesizeformat }}") == "123.5 MB"
    assert page_with(tmp_path, "{{ 123456789 | attr('real') }}") == "123456789"  # takes the environment


def test_a_value_that_is_none_prints_nothing(tmp_path: Path) -> None:
    assert page_with(tmp_path, "[{{ meta.issue }}|{{ meta.subtitle }}]") == "[|]"
