"""Property tests: generated hostile titles, metadata and brand values through the e-mail, web and PDF.

Whatever the text (encoded-words that decode to CR LF, line separators,
NUL, ``</style><script>``, words longer than a line), the message carries
exactly briefpub's header fields with the title as its Subject, no page gets
a script or an element a value did not ask for, and the web edition's policy
stays first in ``<head>``. Budgets are small (``max_examples``): seconds.
"""

from __future__ import annotations

import base64
import dataclasses
import email
import tempfile
from email import policy
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

from briefpub import parse
from briefpub.config import Brand, EmailConfig
from briefpub.errors import shorten
from briefpub.model.briefing import Briefing
from briefpub.newsletter import templating
from briefpub.newsletter.headers import MAX_SUBJECT, one_line
from briefpub.newsletter.mail import render_email
from briefpub.newsletter.page import EDITION_POLICY, render_html
from briefpub.newsletter.pdf import render_pdf

BASE = parse("---\ndate: 2026-11-23\n---\nA title\n\nWhy?\n\nAnswer: Because.\n\nThe body.\n")
SENDER = EmailConfig(sender="Desk <desk@example.com>")
FIELDS = ["Subject", "From", "Date", "Message-ID", "MIME-Version", "Content-Type"]
FRAGMENTS = [
    "\r\n",
    "\n",
    "\r",
    "\x85",
    "\u2028",
    "\u2029",
    "\x00",
    "\t",
    "Bcc: victim@evil.example",
    "Content-Type: text/plain",
    "=?",
    "?=",
    "</style>",
    "<script>fetch('http://127.0.0.1:9/')</script>",
    '"',
    "'",
    "\\",
    ";",
    "}",
    "<!--",
    "-->",
    "é",
    "🛢️",
    "x" * 200,
]


@st.composite
def encoded_words(draw: st.DrawFn) -> str:
    data = draw(
        st.lists(st.sampled_from([b"\r\n", b"\n", b"\x00", b"Bcc: x@evil.example", b"a", "é".encode()]))
    )
    kind = draw(st.sampled_from(["B", "b", "Q", "q"]))
    if kind in "Bb":
        text = base64.b64encode(b"".join(data)).decode()
    else:
        text = "".join(f"={byte:02X}" for byte in b"".join(data))
    return f"=?{draw(st.sampled_from(['UTF-8', 'utf-8', 'iso-8859-1']))}?{kind}?{text}?="


hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), encoded_words(), st.text(max_size=20)), max_size=8
).map("".join)


def titled(title: str, extra: str) -> Briefing:
    meta = dataclasses.replace(
        BASE.meta, publication=extra or None, subtitle=extra or None, summary=extra or None
    )
    return dataclasses.replace(BASE, title=title if title.strip() else "T", meta=meta)


@settings(max_examples=25, deadline=None)
@given(title=hostile, extra=hostile)
def test_any_title_is_the_subject_and_nothing_else(title: str, extra: str) -> None:
    briefing = titled(title, extra)
    edition = render_email(briefing, email=SENDER)
    message = email.message_from_bytes(edition.message, policy=policy.default)
    assert message.keys() == FIELDS
    assert message["Subject"] == shorten(one_line(str(briefing.title)), MAX_SUBJECT)
    block = edition.message.split(b"\r\n\r\n", 1)[0]
    assert block.isascii()
    assert all(len(line) <= 998 for line in block.split(b"\r\n"))
    assert not list(html.document_fromstring(edition.page).iter("script"))


@settings(max_examples=15, deadline=None)
@given(title=hostile, extra=hostile)
def test_any_title_leaves_the_web_editions_policy_first(title: str, extra: str) -> None:
    page = render_html(titled(title, extra), embed=True)
    root = html.document_fromstring(page)
    head = root[0]
    assert head.tag == "head"
    assert (head[0].tag, head[0].get("content")) == ("meta", EDITION_POLICY)
    assert not list(root.iter("script"))


brand_values = st.one_of(hostile, st.sampled_from(["Noto Serif", '"Noto Serif", serif', "#123456", "red"]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(font=brand_values, colour=brand_values, configured=hostile)
def test_any_brand_value_stays_a_value(font: str, colour: str, configured: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        templates = Path(folder)
        (templates / "custom.css").write_text(
            f":root {{\n  --font-body: {font};\n  --primary: {colour};\n}}\n", encoding="utf-8"
        )
        templating.environment.cache_clear()
        brand = Brand(font_heading=configured or None)  # through the API: no config check
        edition = render_email(BASE, templates=templates, brand=brand, warn=lambda _: None)
        web = render_html(BASE, templates=templates, brand=brand, embed=True)
        for page in (edition.page, web):
            root = html.document_fromstring(page)
            assert not list(root.iter("script"))
            assert len(list(root.iter("style"))) == (
                1 if page is edition.page else len(root.findall(".//style"))
            )
        assert html.document_fromstring(web)[0][0].get("content") == EDITION_POLICY


@settings(max_examples=3, deadline=None)
@given(title=hostile, extra=hostile)
def test_any_title_makes_a_pdf(title: str, extra: str) -> None:
    assert render_pdf(titled(title, extra)).startswith(b"%PDF")


addresses = st.tuples(
    st.lists(
        st.one_of(st.sampled_from([*FRAGMENTS, ",", "<", ">", "@", " ", "(", ")"]), encoded_words()),
        max_size=4,
    ),
    st.sampled_from(
        ["desk@example.com", "a@b", "<desk@example.com>", "x@y.z, q@r.s", "", "@", "d\u00e9sk@example.com"]
    ),
).map(lambda parts: f"{''.join(parts[0])} <{parts[1]}>" if parts[0] else parts[1])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sender=addresses)
def test_any_sender_is_refused_in_one_line_or_is_one_mailbox(sender: str) -> None:
    from briefpub import ConfigError
    from briefpub.config import load_config

    with tempfile.TemporaryDirectory() as folder:
        quoted = sender.replace("\\", "\\\\").replace('"', '\\"')
        quoted = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in quoted)
        (Path(folder) / "briefpub.toml").write_text(f'[email]\nfrom = "{quoted}"\n', encoding="utf-8")
        try:
            config = load_config(Path(folder)).email
        except ConfigError as exc:
            (problem,) = exc.diagnostics
            assert not {"\n", "\r"} & set(str(problem))
            return
    if config.sender is None:
        return
    message = email.message_from_bytes(render_email(BASE, email=config).message, policy=policy.default)
    assert message.keys() == FIELDS
    (address,) = message["From"].addresses
    assert not {"\n", "\r", "\x00"} & set(address.display_name)


TEMPLATE_PIECES = [
    "<!DOCTYPE html>",
    "<html>",
    "</html>",
    "<head>",
    "</head>",
    "<body>",
    "</body>",
    "<!-- <head> -->",
    "<!--",
    "-->",
    "--!>",
    "<!-->",
    "<?x ?>",
    "<script>new Image().src='http://127.0.0.1:9/'</script>",
    '<meta http-equiv="Content-Security-Policy" content="default-src *">',
    '<META HTTP-EQUIV=" content-security-policy" CONTENT="script-src *">',
    "<title>t</title>",
    "<p>{{ briefing.title }}</p>",
    "<svg><script>x</script></svg>",
    "<noscript>",
    "<template>",
    "<style>p{}</style>",
    "\n",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(TEMPLATE_PIECES), min_size=1, max_size=12))
def test_any_template_gets_the_policy_first(pieces: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "newsletter.html").write_text("".join(pieces) + "<p>x</p>", encoding="utf-8")
        templating.environment.cache_clear()
        page = render_html(BASE, templates=Path(folder), embed=True)
    root = html.document_fromstring(page)
    heads = root.findall("head")
    assert len(heads) == 1
    assert root[0] is heads[0]
    assert heads[0].text is None
    assert (heads[0][0].tag, heads[0][0].get("http-equiv"), heads[0][0].get("content")) == (
        "meta",
        "Content-Security-Policy",
        EDITION_POLICY,
    )
    assert page.startswith("<!DOCTYPE html>\n<html")
