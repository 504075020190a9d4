"""The e-mail's header fields under attack: read back with the email package, field by field.

A title or an address is text; whatever it holds (an RFC 2047 encoded-word
that decodes to CR LF, a line separator, a word longer than a line) the
message must carry exactly the fields briefpub writes, and the Subject must
read back as the title's characters.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import email
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from briefpub import ConfigError, parse
from briefpub.config import EmailConfig, load_config
from briefpub.errors import Diagnostic
from briefpub.newsletter import headers
from briefpub.newsletter.mail import render_email, render_eml
from conftest import Run

SENDER = EmailConfig(sender="Meridian Risk <desk@meridian.example>", reply_to="editor@meridian.example")
FIELDS = ["Subject", "From", "Reply-To", "Date", "Message-ID", "MIME-Version", "Content-Type"]
INJECTION = b"Hi\r\nBcc: victim@evil.example\r\nContent-Type: text/plain\r\n\r\nphish"


def b_word(data: bytes) -> str:
    return f"=?UTF-8?B?{base64.b64encode(data).decode()}?="


def q_word(data: bytes) -> str:
    return "=?utf-8?q?" + "".join(f"={b:02X}" for b in data) + "?="


def read(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def briefing_titled(title: str, front: str = "date: 2026-11-23\n") -> str:
    return f"---\n{front}---\n{title}\n\nWhy?\n\nAnswer: Because.\n\nThe body.\n"


HOSTILE_TITLES = {
    "base64 word": b_word(INJECTION),
    "q word": q_word(INJECTION),
    "word inside a word": "Weekly" + q_word(b"\r\nBcc: x@evil.example") + "update",
    "word after text": "Update " + b_word(b"\r\nBcc: x@evil.example\r\n"),
    "lower-case word": b_word(INJECTION).lower(),
    "NUL in a word": b_word(b"a\x00b\r\nBcc: x@evil.example"),
    "very long word": b_word(b"A" * 600 + b"\r\nBcc: x@evil.example"),
    "long plain word": "x" * 500,
    "folding look-alike": "Title Bcc: x@evil.example",
    "non-ASCII": "Ölpreise: Öl, Gas und Kohle – was kommt?",
    "emoji": "🛢️" * 80,
}


@pytest.mark.parametrize("title", HOSTILE_TITLES.values(), ids=HOSTILE_TITLES.keys())
def test_a_title_is_the_subject_and_never_a_header(title: str) -> None:
    message = read(render_eml(parse(briefing_titled(title)), email=SENDER))
    assert message.keys() == FIELDS
    assert message["Subject"] == title  # the encoded-word's characters, never decoded
    assert not message.defects
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert all(part["Bcc"] is None for part in message.walk())


@pytest.mark.parametrize(
    ("title", "subject"),
    [
        ("Before\u2028After", "Before After"),  # a line separator
        ("Before\x85After", "BeforeAfter"),  # NEL: dropped by the reader, with a warning
        ("Before\x00After", "BeforeAfter"),  # NUL likewise
        ("Before\u2029\u2028After  and\tmore", "Before After and more"),
    ],
)
def test_line_breaks_and_controls_in_a_title_are_neutralised(title: str, subject: str) -> None:
    message = read(render_eml(parse(briefing_titled(title)), email=SENDER))
    assert message.keys() == FIELDS
    assert message["Subject"] == subject


def test_a_title_from_the_api_with_cr_lf_stays_one_field() -> None:
    title = "A\r\nBcc: x@evil.example\r\n\r\nB \x00 C\x00D"
    briefing = dataclasses.replace(parse(briefing_titled("T")), title=title)
    message = read(render_eml(briefing, email=SENDER))
    assert message.keys() == FIELDS
    assert message["Subject"] == "A Bcc: x@evil.example B CD"


def test_every_header_line_is_ascii_and_folded() -> None:
    data = render_eml(parse(briefing_titled(HOSTILE_TITLES["very long word"])), email=SENDER)
    block = data.split(b"\r\n\r\n", 1)[0]
    assert block.isascii()
    assert all(len(line) <= headers.LINE for line in block.split(b"\r\n"))


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ('"Meridian, Risk \\"Desk\\"" <desk@meridian.example>', 'Meridian, Risk "Desk"'),
        ("Café Ürün <desk@meridian.example>", "Café Ürün"),
        ("desk@meridian.example", ""),
        ("A" * 100 + " <desk@meridian.example>", "A" * 100),
    ],
)
def test_a_sender_is_one_mailbox_whatever_its_name(tmp_path: Path, value: str, name: str) -> None:
    (tmp_path / "briefpub.toml").write_text(f"[email]\nfrom = '{value}'\n", encoding="utf-8")
    config = load_config(tmp_path).email
    message = read(render_eml(parse(briefing_titled("T")), email=config))
    assert message.keys() == [field for field in FIELDS if field != "Reply-To"]
    (address,) = message["From"].addresses
    assert (address.display_name, address.addr_spec) == (name, "desk@meridian.example")


@pytest.mark.parametrize(
    "value",
    [
        b_word(b"Desk\r\nBcc: x@evil.example") + " <desk@example.com>",
        q_word(b"Desk") + " <desk@example.com>",
        '"' + b_word(b"Desk\r\nBcc: x@evil.example") + '" <desk@example.com>',
        "Desk <" + q_word(b"desk") + "@example.com>",
        "Desk <desk@example.com>\u2028Bcc: x@evil.example",
        "Desk\x85 <desk@example.com>",
        "desk@example.com, other@evil.example",
        "A" * 101 + " <desk@example.com>",
        "Desk <" + "d" * 250 + "@example.com>",
    ],
)
@pytest.mark.parametrize("key", ["from", "reply_to"])
def test_a_hostile_address_is_refused_when_the_config_is_read(tmp_path: Path, key: str, value: str) -> None:
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    (tmp_path / "briefpub.toml").write_text(f'[email]\n{key} = "{quoted}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    (problem,) = caught.value.diagnostics
    assert problem.message.startswith(f"email.{key}: ")
    assert "\n" not in str(problem)


def test_a_hostile_address_given_through_the_api_is_a_config_error() -> None:
    config = EmailConfig(sender=b_word(b"Desk\r\nBcc: x@evil.example") + " <desk@example.com>")
    with pytest.raises(ConfigError, match=r"briefpub\.toml: email\.from: the name holds '=\?'"):
        render_eml(parse(briefing_titled("T")), email=config)


def test_the_cli_refuses_an_encoded_word_sender_in_one_line(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(briefing_titled("T"), encoding="utf-8")
    sender = b_word(b"Desk\r\nBcc: x@evil.example") + " <desk@example.com>"
    (tmp_path / "briefpub.toml").write_text(f'[email]\nfrom = "{sender}"\n', encoding="utf-8")
    done = run("email", "a.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert re.fullmatch(r"briefpub: error: \S*briefpub\.toml(:\d+)?: email\.from: [^\n]+\n", done.stderr)
    assert not (tmp_path / "output").exists()


def test_the_cli_writes_a_hostile_title_as_a_subject(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(briefing_titled(b_word(INJECTION)), encoding="utf-8")
    done = run("email", "a.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    message = read((tmp_path / "output" / "a.eml").read_bytes())
    assert message.keys() == ["Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"]
    assert message["Subject"] == b_word(INJECTION)


def test_a_date_before_the_year_100_is_not_sent_as_20xx() -> None:
    said: list[Diagnostic] = []
    briefing = parse(briefing_titled("T", "date: 0047-03-15\n"))
    message = read(render_email(briefing, email=SENDER, warn=said.append).message)
    assert message["Date"] is None
    assert message.keys() == [field for field in FIELDS if field != "Date"]
    assert any("0047-03-15" in note.message and "no Date" in note.message for note in said)
    message = read(render_eml(parse(briefing_titled("T", "date: 0100-03-15\n")), email=SENDER))
    assert message["Date"].datetime == datetime.datetime(100, 3, 15, tzinfo=datetime.UTC)


def test_a_title_longer_than_any_inbox_shows_is_cut_with_a_warning() -> None:
    said: list[Diagnostic] = []
    title = "word " * 2000
    edition = render_email(parse(briefing_titled(title)), email=SENDER, warn=said.append)
    message = read(edition.message)
    assert message.keys() == FIELDS
    assert message["Subject"] == title[: headers.MAX_SUBJECT - 1] + "…"
    assert any("Subject carries the first 1,000" in note.message for note in said)
