"""The e-mail's HTML runs nothing and takes no input, whatever its template writes."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from briefpub import TemplateError, parse
from briefpub.newsletter import templating
from briefpub.newsletter.mail import render_email

BRIEFING = parse("A title\n\nWhy?\n\nAnswer: Because.\n")


def sent_html(templates: Path) -> str:
    """Return the HTML part of the message the e-mail edition makes with ``templates``."""
    message = BytesParser(policy=policy.default).parsebytes(
        render_email(BRIEFING, templates=templates).message
    )
    body = message.get_body(("html",))
    assert isinstance(body, EmailMessage)
    return str(body.get_content())


OUTLOOK = '<!--[if mso]><img alt="" src="http://tracker.example/pixel.gif"><![endif]-->'


@pytest.mark.parametrize(
    ("snippet", "named"),
    [
        ("<script>fetch('http://127.0.0.1:9/')</script>", "<script>"),
        ("<SCRIPT>alert(1)</SCRIPT>", "<script>"),
        ("<svg><script>alert(1)</script></svg>", "<script>"),
        ('<img alt="" src="cid:x" onerror="alert(1)">', "onerror="),
        ('<body onload="alert(1)">', "onload="),
        ('<a href=" JavaScript:alert(1)">x</a>', "href=JavaScript:"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "href=data:"),
        ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "<iframe>"),
        ('<form action="https://evil.example/"><input name="password"></form>', "<form>"),
        ('<meta http-equiv="set-cookie" content="a=b">', '<meta http-equiv="set-cookie">'),
        ("<!--[if mso]><script>alert(1)</script><![endif]-->", "<script>"),
        ('<p style="width: expression(alert(1))">x</p>', "a style that runs code"),
    ],
)
def test_a_template_that_would_run_code_in_the_email_is_refused(
    tmp_path: Path, snippet: str, named: str
) -> None:
    (tmp_path / "email.html").write_text(
        f"<!DOCTYPE html><html><head><title>t</title></head><body>{snippet}<p>{{{{ briefing.title }}}}</p>"
        "</body></html>",
        encoding="utf-8",
    )
    templating.environment.cache_clear()
    with pytest.raises(TemplateError, match=re.escape(f"({named})")) as caught:
        sent_html(tmp_path)
    (problem,) = caught.value.diagnostics
    assert "the e-mail would run code or take input" in problem.message


def test_links_a_reader_follows_and_a_policy_are_kept(tmp_path: Path) -> None:
    (tmp_path / "email.html").write_text(
        '<html><head><meta http-equiv="Content-Security-Policy" content="default-src data:"></head>'
        '<body><a href="https://example.com/on">on</a>'
        '<a href="mailto:desk@example.com">desk</a></body></html>',
        encoding="utf-8",
    )
    templating.environment.cache_clear()
    assert 'href="https://example.com/on"' in sent_html(tmp_path)


def test_a_tracker_after_ten_megabytes_is_still_seen(tmp_path: Path) -> None:
    """lxml's parser left alone stops at a 10 MB attribute: what follows was never checked."""
    (tmp_path / "email.html").write_text(
        "<html><head></head><body><p title=\"{{ 'A' * 11000000 }}\">x</p>"
        '<img alt="" src="http://tracker.example/pixel.gif"><script>alert(1)</script></body></html>',
        encoding="utf-8",
    )
    templating.environment.cache_clear()
    with pytest.raises(TemplateError, match=r"would fetch http://tracker\.example/pixel\.gif"):
        sent_html(tmp_path)


@pytest.mark.parametrize(
    "template",
    [
        f"{OUTLOOK}<html><body>{{{{ x }}}}</body></html>",
        f"<html><body>{{{{ x }}}}</body></html>{OUTLOOK}",
        OUTLOOK,
    ],
    ids=["before html", "after html", "nothing else"],
)
def test_outlooks_comments_outside_the_page_are_checked_too(tmp_path: Path, template: str) -> None:
    (tmp_path / "email.html").write_text(
        template.replace("{{ x }}", "{{ briefing.title }}"), encoding="utf-8"
    )
    templating.environment.cache_clear()
    with pytest.raises(TemplateError, match=r"would fetch http://tracker\.example/pixel\.gif"):
        sent_html(tmp_path)


def test_a_template_with_an_xml_declaration_is_read(tmp_path: Path) -> None:
    (tmp_path / "email.html").write_text(
        '<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>{{ briefing.title }} é</p></body></html>',
        encoding="utf-8",
    )
    templating.environment.cache_clear()
    assert "A title é" in sent_html(tmp_path)
