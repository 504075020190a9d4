"""The e-mail edition: the message as the email package reads it, its HTML in a real browser, its text."""

from __future__ import annotations

import email
import io
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from briefpub import ConfigError, parse
from briefpub.config import Brand, EmailConfig, load_config
from briefpub.errors import Diagnostic
from briefpub.fetches import html_urls
from briefpub.newsletter.mail import (
    GMAIL_CLIPS_AT,
    NO_SENDER,
    TEXT_WIDTH,
    render_email,
    render_email_text,
    render_eml,
    web_link,
)
from browser import needs_browser
from conftest import Run

SOURCE = """---
date: 2026-11-23
publication: Meridian Risk Weekly
summary: Why the carriers stay away from the Red Sea.
---
Red Sea shipping after the *ceasefire*

• The carriers see the ceasefire as fragile.[^1]
• Insurance premiums have halved, says the [Lloyd's report](https://www.lloyds.com/red-sea).

Why have the container lines not come back?

Answer: The carriers see the ceasefire as fragile, and the cost of a wrong bet as larger than the savings.

Shipping lines have rerouted around the Cape of Good Hope since late 2023, adding ten days to each voyage.

![Transits through Bab el-Mandeb](transits.png "Bar chart of monthly transits")

![A map of the strait](map.svg)

What happens next?

Answer: A slow return, led by smaller carriers.

- **Smaller carriers** return first
- Alliances follow once insurers do

[^1]: Drewry, *Container Insights*, https://www.drewry.co.uk/container-insights-weekly.
"""
CONFIG = EmailConfig(
    sender="Meridian Risk <desk@meridian.example>",
    reply_to="editor@meridian.example",
    web_url="https://meridian.example/2026/red-sea",
)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("email")
    Image.new("RGB", (2400, 1200), (20, 54, 93)).save(folder / "transits.png")
    (folder / "map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">'
        '<circle cx="150" cy="100" r="80"/></svg>'
    )
    path = folder / "red-sea.txt"
    path.write_text(SOURCE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def message(source: Path) -> EmailMessage:
    data = render_eml(parse(source), email=CONFIG)
    parsed = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def html_of(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())


def test_the_message_is_text_and_html_with_every_image_attached(message: EmailMessage) -> None:
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "Red Sea shipping after the ceasefire"
    assert message["From"] == "Meridian Risk <desk@meridian.example>"
    assert message["Reply-To"] == "editor@meridian.example"
    assert message["Date"] == "Mon, 23 Nov 2026 00:00:00 +0000"
    parts = [part.get_content_type() for part in message.iter_parts()]
    assert parts == ["text/plain", "multipart/related"]
    html = html_of(message)
    cids = {f"cid:{part['Content-ID'].strip('<>')}" for part in message.walk() if part["Content-ID"]}
    used = set(re.findall(r'src="(cid:[^"]+)"', html))
    assert used == cids  # every cid: resolves, and nothing is attached for nothing
    images = [part for part in message.walk() if part.get_content_maintype() == "image"]
    assert [part.get_content_type() for part in images] == ["image/png", "image/png"]  # the SVG drawn
    widths = [Image.open(io.BytesIO(part.get_content())).width for part in images]
    assert widths == [1120, 600]  # a huge chart scaled to twice the column; the SVG drawn at 2x


def test_the_message_is_the_same_every_time(source: Path) -> None:
    briefing = parse(source)
    assert render_eml(briefing, email=CONFIG) == render_eml(briefing, email=CONFIG)


def test_the_html_is_what_email_clients_take(message: EmailMessage) -> None:
    html = html_of(message)
    assert all(url.startswith("cid:") for url in html_urls(html))  # only its own images
    assert "<script" not in html
    assert "<form" not in html
    assert not re.search(r"(display:\s*(flex|grid))|position:", html)  # Outlook ignores them
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert len(styles) == 1
    assert styles[0].strip().startswith("@media (prefers-color-scheme: dark)")  # nothing else in <style>
    assert "var(--" not in html  # custom properties resolved
    assert re.search(r'<meta name="color-scheme" content="light dark">', html)
    assert re.search(r'<meta name="supported-color-schemes" content="light dark">', html)
    assert 'class="preheader"' in html
    assert "Why the carriers stay away from the Red Sea." in html
    assert '<a href="https://meridian.example/2026/red-sea"' in html  # view in the browser
    for image in re.findall(r"<img\b[^>]*>", html):
        assert ' alt="' in image
    assert len(html.encode("utf-8")) < GMAIL_CLIPS_AT


def test_a_briefing_too_long_for_gmail_is_told_so(tmp_path: Path) -> None:
    body = "\n\n".join(f"Paragraph {n} " + "with quite a lot of words in it " * 20 for n in range(200))
    (tmp_path / "long.txt").write_text(f"Long\n\nQ?\nAnswer: A.\n\n{body}\n", encoding="utf-8")
    said: list[Diagnostic] = []
    render_email(
        parse(tmp_path / "long.txt"), email=EmailConfig(sender="Desk <d@example.com>"), warn=said.append
    )
    clipped = [d for d in said if "Gmail clips messages over 102 KB" in d.message]
    assert len(clipped) == 1  # the message's HTML is measured, not the page for a newsletter service
    assert "set [email] web_url" in clipped[0].message


def test_the_text_part_reads_as_text(message: EmailMessage, source: Path) -> None:
    text = render_email_text(parse(source), CONFIG.web_url)
    part = message.get_body(("plain",))
    assert part is not None
    assert part.get_content().replace("\r\n", "\n") == text
    lines = text.splitlines()
    assert lines[0] == "View in your browser: https://meridian.example/2026/red-sea"
    title = lines.index("Red Sea shipping after the ceasefire")
    assert lines[title + 1] == "=" * len("Red Sea shipping after the ceasefire")
    question = lines.index("What happens next?")
    assert lines[question + 1] == "-" * len("What happens next?")
    assert "  * Smaller carriers return first" in lines
    assert any(line.endswith("the Lloyd's report [1].") for line in lines)
    assert "[1] https://www.lloyds.com/red-sea" in lines
    assert "[Figure 1: Transits through Bab el-Mandeb]" in lines
    assert any(line.startswith("[note 1] Drewry, Container Insights") for line in lines)
    assert all(len(line) <= TEXT_WIDTH or "://" in line for line in lines)


def test_the_email_command_writes_the_message_and_its_html(run: Run, source: Path) -> None:
    project = source.parent
    (project / "briefpub.toml").write_text('[email]\nfrom = "desk@meridian.example"\n', encoding="utf-8")
    done = run("email", str(source), cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / "output" / "red-sea.eml").is_file()
    assert (
        (project / "output" / "red-sea.email.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('from = "desk@example.com\\nBcc: everyone@example.com"', "email.from: must be an e-mail address"),
        ('reply_to = "not an address"', "email.reply_to: must be an e-mail address"),
        ('web_url = "javascript:alert(1)"', "email.web_url: must be an http:// or https:// address"),
    ],
)
def test_email_settings_are_checked(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "briefpub.toml").write_text(f"[email]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(tmp_path)


# --- in a browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(message: EmailMessage, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return the HTML part as a browser would show it (cid: images inlined), with and without <style>."""
    html = html_of(message)
    for part in message.walk():
        if part["Content-ID"]:
            import base64

            data = base64.b64encode(part.get_content()).decode()
            html = html.replace(f"cid:{part['Content-ID'].strip('<>')}", f"data:image/png;base64,{data}")
    folder = tmp_path_factory.mktemp("shown")
    (folder / "with.html").write_text(html, encoding="utf-8")
    (folder / "without.html").write_text(
        re.sub(r"<style>.*?</style>", "", html, flags=re.S), encoding="utf-8"
    )
    return folder / "with.html", folder / "without.html"


@needs_browser
@pytest.mark.parametrize("width", [360, 768, 1280])
def test_the_email_fits_every_width_and_needs_no_style_element(
    pages: tuple[Path, Path], browser: Any, width: int
) -> None:
    shots = []
    for page_file in pages:
        page = browser.new_page(viewport={"width": width, "height": 1200})
        page.goto(page_file.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        sheet = page.evaluate("document.querySelector('table.sheet').getBoundingClientRect().width")
        assert sheet <= 600
        shots.append(page.screenshot(full_page=True))
        page.close()
    assert shots[0] == shots[1]  # the <style> holds only the dark scheme: the light page is the same


def test_the_html_part_sits_beside_the_message_named_with_o(run: Run, source: Path, tmp_path: Path) -> None:
    for name, html in (("weekly.eml", "weekly.email.html"), ("weekly.out", "weekly.email.html")):
        done = run("email", str(source), "-o", str(tmp_path / name), cwd=source.parent)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / html).is_file()


# --- one publication: what every edition carries ------------------------------------------------


def test_the_closing_line_ends_every_part_of_the_message(source: Path) -> None:
    line = "For clients' internal use; not investment advice."
    data = render_eml(parse(source), email=CONFIG, brand=Brand(disclaimer=line))
    parsed = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    text = parsed.get_body(("plain",))
    assert text is not None
    assert str(text.get_content()).rstrip().endswith(line)
    assert line.replace("'", "&#39;") in html_of(parsed) or line in html_of(parsed)


def test_a_web_url_that_is_a_folder_links_to_the_page_in_it(source: Path) -> None:
    folder = EmailConfig(web_url="https://meridian.example/briefings/")
    data = render_eml(parse(source), email=folder)
    parsed = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    assert 'href="https://meridian.example/briefings/red-sea.html"' in html_of(parsed)
    text = parsed.get_body(("plain",))
    assert text is not None
    assert "View in your browser: https://meridian.example/briefings/red-sea.html" in str(text.get_content())
    # An address that names the page is kept as it is.
    assert web_link("https://x.example/weekly?id=3", "red-sea.html") == "https://x.example/weekly?id=3"


def test_a_footnote_marker_is_never_broken_across_lines(tmp_path: Path) -> None:
    for padding in range(50, 72):  # the marker at every place around the line's end
        source = tmp_path / "n.txt"
        source.write_text(
            f"Title\n\nWhy?\n\nAnswer: Because.\n\n{'x' * padding} end.[^1] And more.\n\n[^1]: A note.\n",
            encoding="utf-8",
        )
        text = render_email_text(parse(source))
        assert "[note 1]" in " ".join(text.split())
        for line in text.splitlines():
            assert not line.rstrip().endswith("[note"), line
            assert not line.lstrip().startswith("1]"), line


def test_a_message_without_a_sender_says_so_once(source: Path) -> None:
    said: list[Diagnostic] = []
    render_eml(parse(source), email=EmailConfig(), warn=said.append)
    assert [d for d in said if "From:" in d.message] == [NO_SENDER]
    assert NO_SENDER.file == "briefpub.toml"
    said.clear()
    render_eml(parse(source), email=CONFIG, warn=said.append)
    assert not [d for d in said if "From:" in d.message]


def test_the_text_part_carries_the_masthead_as_the_html_does(tmp_path: Path) -> None:
    source = tmp_path / "m.txt"
    source.write_text(
        "---\npublication: Meridian Risk Weekly\nissue: 48\ndate: 2026-11-23\n---\n"
        "Title\n\nWhy?\n\nAnswer: Yes.\n",
        encoding="utf-8",
    )
    text = render_email_text(parse(source))
    assert text.splitlines()[0] == "Meridian Risk Weekly · Issue 48 · November 23, 2026"
