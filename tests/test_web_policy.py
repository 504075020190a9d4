"""The web edition's Content-Security-Policy comes first whatever a template writes around it.

Each hostile template runs a script or a handler that asks a listener on
127.0.0.1 for a URL. Rendered without the policy (the PDF's page), Chromium
calls the listener; as the web edition, nothing reaches it. The parsed page
(lxml) has the policy as the first child of its one ``<head>``.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from briefpub import parse
from briefpub.newsletter import templating
from briefpub.newsletter.page import EDITION_POLICY, render_html
from browser import needs_browser

BRIEFING = parse("A title\n\nWhy?\n\nAnswer: Because.\n")
CALL = "new Image().src='http://127.0.0.1:{port}/{case}'"
BODY = "<body><p>{{ briefing.title }}</p></body>"

HOSTILE = {
    "script before head": "<!DOCTYPE html><script>{call}</script><html><head><title>t</title></head>" + BODY,
    "head in a comment": "<!-- <head> --><script>{call}</script><!DOCTYPE html><html><head></head>" + BODY,
    "no head": "<script>{call}</script><p>{{{{ briefing.title }}}}</p>",
    "no html, no head, no body": "<title>t</title><script>{call}</script>",
    "two heads": "<html><head><title>t</title></head><head><script>{call}</script></head>" + BODY,
    "body before head": "<html><body><script>{call}</script></body><head><title>t</title></head></html>",
    "comment ended early": "<!-- a --!><script>{call}</script> --><html><head></head>" + BODY,
    "bang comment": "<html><head><!--><script>{call}</script>--></head>" + BODY,
    "processing instruction": '<?x "><script>{call}</script><!-- ?><html><head></head>' + BODY,
    "a laxer policy spelled oddly": (
        '<META HTTP-EQUIV=" content-security-policy" CONTENT="default-src *; script-src * \'unsafe-inline\'">'
        "<script>{call}</script><html><head></head>" + BODY
    ),
    "a handler": '<html><head></head><body onload="{call}"><p>t</p></body></html>',
    "an svg handler": '<html><head></head><body><svg onload="{call}"></svg></body></html>',
    "a data image handler": (
        '<html><head></head><body><img alt="" src="data:image/png;base64,AA" onerror="{call}"></body></html>'
    ),
}


class Listener(http.server.ThreadingHTTPServer):
    """An HTTP server on 127.0.0.1 that remembers every path asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener.asked.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def render(folder: Path, template: str, port: int, case: str, embed: bool) -> str:
    call = CALL.format(port=port, case=case.replace(" ", "-"))
    (folder / "newsletter.html").write_text(template.format(call=call), encoding="utf-8")
    templating.environment.cache_clear()
    return render_html(BRIEFING, templates=folder, embed=embed)


@pytest.mark.parametrize("case", HOSTILE)
def test_the_policy_is_the_first_child_of_the_one_head(tmp_path: Path, case: str) -> None:
    page = render(tmp_path, HOSTILE[case], 1, case, embed=True)
    root = html.document_fromstring(page)
    heads = root.findall("head")
    assert len(heads) == 1
    assert root[0] is heads[0]
    assert heads[0].text is None  # nothing, not even white space, before the policy
    first = heads[0][0]
    assert (first.tag, first.get("http-equiv"), first.get("content")) == (
        "meta",
        "Content-Security-Policy",
        EDITION_POLICY,
    )
    assert page.startswith("<!DOCTYPE html>\n<html")
    assert not any(True for _ in root.iter(etree.ProcessingInstruction))


@needs_browser
@pytest.mark.parametrize("case", HOSTILE)
def test_chromium_fetches_nothing_from_the_web_edition(
    tmp_path: Path, browser: Any, listener: Listener, case: str
) -> None:
    port = listener.server_address[1]
    path = f"/{case.replace(' ', '-')}"
    for embed in (False, True):
        folder = tmp_path / ("web" if embed else "print")
        folder.mkdir()
        page_file = folder / "page.html"
        page_file.write_text(render(folder, HOSTILE[case], port, case, embed), encoding="utf-8")
        page = browser.new_page()
        page.goto(page_file.as_uri(), wait_until="networkidle")
        page.close()
        # The print page, which has no policy, shows the listener hears this template's call.
        assert (path in listener.asked) is not embed, listener.asked
        listener.asked.clear()


def test_a_large_embedded_image_is_written_whole(tmp_path: Path) -> None:
    """libxml2 cuts an attribute at 10 MB unless told otherwise: the page is written back from its parse."""
    import base64
    import os

    from PIL import Image

    Image.frombytes("RGB", (2000, 2000), os.urandom(2000 * 2000 * 3)).save(
        tmp_path / "noise.png", compress_level=0
    )
    (tmp_path / "a.txt").write_text("T\n\nWhy?\n\nAnswer: B.\n\n![Noise](noise.png)\n", encoding="utf-8")
    page = render_html(parse(tmp_path / "a.txt"), embed=True)
    (image,) = html.document_fromstring(page, parser=html.HTMLParser(huge_tree=True)).iter("img")
    data = base64.b64decode(image.get("src").split(",", 1)[1])
    assert data == (tmp_path / "noise.png").read_bytes()


@pytest.mark.parametrize(
    "template",
    [
        '<?xml version="1.0" encoding="ISO-8859-1"?><html><head></head>' + BODY,
        "<!-- nothing but a comment -->",
    ],
    ids=["xml declaration", "only a comment"],
)
def test_odd_documents_get_the_policy_too(tmp_path: Path, template: str) -> None:
    (tmp_path / "newsletter.html").write_text(template, encoding="utf-8")
    templating.environment.cache_clear()
    root = html.document_fromstring(render_html(BRIEFING, templates=tmp_path, embed=True))
    assert root[0][0].get("content") == EDITION_POLICY


@pytest.mark.parametrize(
    "head",
    ["<head><title>t</title></head>", '<head><meta charset="iso-8859-1"><title>t</title></head>'],
    ids=["none declared", "another declared"],
)
def test_the_page_says_it_is_utf8_early(tmp_path: Path, head: str) -> None:
    """A template without <meta charset> gave a page a browser from disk read in its locale's encoding."""
    (tmp_path / "newsletter.html").write_text(f"<html>{head}{BODY}</html>", encoding="utf-8")
    templating.environment.cache_clear()
    page = render_html(parse("Grüße aus Åre\n\nWhy?\n\nAnswer: Because.\n"), templates=tmp_path, embed=True)
    root = html.document_fromstring(page)
    declared = [meta.get("charset") for meta in root.iter("meta") if meta.get("charset")]
    assert declared == ["utf-8"]
    assert page.index('charset="utf-8"') < 1024
    assert "Grüße aus Åre" in page
