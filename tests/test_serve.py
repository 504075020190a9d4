"""``briefpub serve`` as its user meets it: a real server process, a real browser, real edits."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import needs_browser
from deckcheck import HAVE_LIBREOFFICE

BRIEFING = """Serve test briefing

• A first point.

Why does the preview matter?
Answer: Because writers see what readers will see.

Readers judge the page, not the source.

Is there a second question?
Answer: Yes, without a body.
"""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Run ``briefpub serve`` on a fresh project; yield its URL and the source; stop it with Ctrl-C."""
    (tmp_path / "source").mkdir()
    source = tmp_path / "source" / "preview.txt"
    source.write_text(BRIEFING, encoding="utf-8")
    (tmp_path / "briefpub.toml").write_text("# a project\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "briefpub", "serve", "--port", "0"],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 120
    url = ""
    while time.monotonic() < deadline and not url:
        line = process.stderr.readline()
        found = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
        url = found[1] if found else url
        assert line or process.poll() is None, "serve stopped before serving"
    try:
        assert url, "serve never said where it serves"
        yield url, source
    finally:
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=60)
        assert process.returncode == 130
        assert "Traceback" not in rest
        assert "internal error" not in rest
        assert rest.splitlines()[-1:] == ["briefpub: interrupted"]


def get(url: str, path: str, host: str | None = None) -> int:
    """Return the status of a raw GET (no client-side path normalisation)."""
    found = re.match(r"http://([^:/]+):(\d+)/", url)
    assert found is not None
    connection = http.client.HTTPConnection(found[1], int(found[2]), timeout=30)
    connection.putrequest("GET", path, skip_host=host is not None)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_only_the_preview_is_served_and_only_to_this_machine(served: tuple[str, Path]) -> None:
    url, _ = served
    assert get(url, "/") == 200
    assert get(url, "/edition") == 200
    assert get(url, "/output/preview.pdf") == 200
    for path in [
        "/../briefpub.toml",
        "/briefpub.toml",
        "/etc/passwd",
        "//etc/passwd",
        "/output/../briefpub.toml",
        "/source/preview.txt",
        "/output/preview.pptx",
        "/%2e%2e/briefpub.toml",
    ]:
        assert get(url, path) == 404, path
    assert get(url, "/", host="evil.example") == 403  # DNS rebinding: a foreign name is refused
    assert get(url, "/", host="localhost:1234") == 200


def test_any_since_value_is_answered(served: tuple[str, Path]) -> None:
    url, _ = served
    found = re.match(r"http://([^:/]+):(\d+)/", url)
    assert found is not None
    for since in ["%C2%B2", "-1", "9" * 30, "abc", "", "1e9", "%00", "0x10"]:
        connection = http.client.HTTPConnection(found[1], int(found[2]), timeout=30)
        connection.request("GET", f"/events?since={since}")
        response = connection.getresponse()
        assert response.status == 200, since
        assert response.readline() == b"retry: 1000\n", since
        response.readline()
        assert re.fullmatch(rb"data: \d+\n", response.readline()), since  # read as 0: the version follows
        connection.close()


def test_the_server_waits_for_a_browser_and_drops_a_silent_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket
    import threading

    from briefpub.serve.server import PreviewHandler, PreviewServer

    assert PreviewServer.request_queue_size >= 32  # socketserver's 5 refuses a browser's burst
    monkeypatch.setattr(PreviewHandler, "timeout", 0.5)
    server = PreviewServer(("127.0.0.1", 0), preview=None, any_host=False)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        with socket.create_connection((str(host), int(port)), timeout=20) as silent:
            assert silent.recv(1) == b""  # closed by the server; a hang would raise TimeoutError
    finally:
        server.shutdown()
        server.server_close()


IN_VIEW = """() => {
  const error = document.querySelector('.problems .error');
  if (!error) return false;
  const box = error.getBoundingClientRect();
  return window.scrollY > 100 && box.top >= 0 && box.bottom <= innerHeight;
}"""
"""Script: the page is scrolled down and its error is in the window all the same."""


def _scroll_down(page: Any) -> None:
    """Scroll to the foot of the page, again if a reload (the PDF following its save) took the place."""
    from playwright.sync_api import Error

    for _ in range(10):
        try:
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_function("window.scrollY > 100", timeout=5_000)
            return
        except Error:  # the page was reloading
            continue
    raise AssertionError("the page never stayed scrolled down")


def _wait_in_view(page: Any) -> None:
    """Wait until the page is scrolled down with its error in view.

    A reload from the save before (its PDF following) may land while the
    reader's place is being kept, on a loaded machine: scrolled down again,
    the error must still be in view.
    """
    from playwright.sync_api import TimeoutError as Timeout

    for _ in range(3):
        try:
            page.wait_for_function(IN_VIEW, timeout=15_000)
            return
        except Timeout:
            _scroll_down(page)
    page.wait_for_function(IN_VIEW, timeout=15_000)


@needs_browser
def test_the_page_follows_every_save_and_survives_a_broken_one(
    served: tuple[str, Path], browser: Any
) -> None:
    from playwright.sync_api import expect

    url, source = served
    page: Any = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    edition = page.frame_locator("iframe")
    assert "Serve test briefing" in edition.locator("h1").inner_text().replace("\u00a0", " ")
    assert page.locator(".slide-preview").count() == 4  # title, key points, two questions
    assert "has an answer but no body" in page.locator(".problems").inner_text()
    pdf = page.locator("a.pdf").inner_text()
    assert re.fullmatch(r"PDF, \d+ pages?", pdf)

    # A save: the page reloads by itself and shows the new text.
    source.write_text(BRIEFING.replace("writers see", "editors see"), encoding="utf-8")
    expect(page.locator(".deck")).to_contain_text("editors see", timeout=60_000)

    # A broken save, read far down the page: the error is shown in view, the last good preview stays.
    _scroll_down(page)
    source.write_text(BRIEFING.replace("Answer:", "Reply:"), encoding="utf-8")  # no question left
    page.wait_for_selector(".problems .error", timeout=60_000)
    # The page reloads where the reader was (once more when the PDF follows), and the error is in view.
    _wait_in_view(page)
    assert "preview.txt" in page.locator(".problems .error").inner_text()
    assert "editors see" in page.locator(".deck").inner_text()

    # The next good save recovers, without a restart.
    source.write_text(BRIEFING.replace("writers see", "everyone sees"), encoding="utf-8")
    expect(page.locator(".deck")).to_contain_text("everyone sees", timeout=60_000)
    assert page.locator(".problems .error").count() == 0

    # A change to briefpub.toml is a change too: an unknown key is shown, then the agenda appears.
    config = source.parent.parent / "briefpub.toml"
    config.write_text("[slides]\nagend = true\n", encoding="utf-8")
    expect(page.locator(".problems .error")).to_contain_text("slides.agend: unknown key", timeout=60_000)
    config.write_text("[slides]\nagenda = true\n", encoding="utf-8")
    expect(page.locator(".deck h2")).to_contain_text("Slides (5)", timeout=60_000)


@pytest.mark.libreoffice
@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="needs LibreOffice and pdftotext")
def test_libreoffice_can_draw_the_real_deck_beside_the_plan(tmp_path: Path) -> None:
    from briefpub.project import Project
    from briefpub.serve.page import page
    from briefpub.serve.state import Preview

    (tmp_path / "briefpub.toml").write_text("# a project\n", encoding="utf-8")
    source = tmp_path / "preview.txt"
    source.write_text(BRIEFING, encoding="utf-8")
    project = Project.here(tmp_path)
    preview = Preview(project, source, libreoffice=True)
    preview.rebuild()
    snapshot = preview.snapshot
    assert snapshot.errors == ()
    assert len(snapshot.rendered) == snapshot.slide_count == 4
    assert all(url.startswith("data:image/png;base64,") for url in snapshot.rendered)
    assert page(snapshot, preview).count('class="rendered"') == 4
