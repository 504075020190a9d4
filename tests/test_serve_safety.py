"""``serve`` under attack, on loopback only: rebinding, floods of connections, slow requests, gone browsers.

The server is run in this process with a stand-in preview (the HTTP side only
reads a snapshot); loops are bounded and nothing is timed: each test waits
on behaviour, with deadlines far beyond what a slow machine needs.
"""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefpub.project import Project
from briefpub.serve import server as server_module
from briefpub.serve.server import PreviewServer, is_loopback
from test_serve import served

__all__ = ["served"]  # the real serve process, as its user starts it


class StandIn:
    """The one thing the HTTP side asks of a preview: its snapshot, and to wait for a new one."""

    snapshot = SimpleNamespace(pdf=None, version=1)

    def wait(self, version: int, timeout: float) -> Any:
        threading.Event().wait(timeout)
        return self.snapshot


def has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.fixture
def start() -> Iterator[Any]:
    """Return a function starting a preview server on ``host``; every server started is stopped after."""
    started: list[PreviewServer] = []

    def _start(host: str = "127.0.0.1", any_host: bool = True) -> tuple[str, int]:
        server = PreviewServer((host, 0), StandIn(), any_host)  # type: ignore[arg-type]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return host, int(server.server_address[1])

    yield _start
    for server in started:
        server.shutdown()
        server.server_close()


def status(address: tuple[str, int], host: str, path: str = "/preview.css") -> int:
    connection = http.client.HTTPConnection(address[0], address[1], timeout=60)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        with connection.getresponse() as response:
            response.read()
            return response.status
    finally:
        connection.close()


@pytest.mark.parametrize("listen", ["127.0.0.1", "localhost", "127.0.0.2", "::1"])
def test_the_rebinding_check_holds_on_every_loopback_address(start: Any, listen: str) -> None:
    """``--host 127.0.0.1`` (the default written out) turned the check off; any loopback address keeps it."""
    if listen == "::1" and not has_ipv6_loopback():
        pytest.skip("no IPv6 loopback here")
    address = start(listen, any_host=True)  # as --host gives it
    assert status(address, "evil.example") == 403
    assert status(address, "evil.example:80") == 403
    assert status(address, "127.0.0.1.evil.example") == 403
    for name in ("localhost:8000", "127.0.0.1", "127.8.9.10:1", "[::1]:8000", "app.localhost"):
        assert status(address, name) == 200, name


def test_a_second_host_header_is_checked_too(start: Any) -> None:
    """A request naming this machine and then a rebinding site was answered."""
    for hosts in (("127.0.0.1", "evil.example"), ("evil.example", "localhost")):
        host, port = start()
        connection = http.client.HTTPConnection(host, port, timeout=60)
        try:
            connection.putrequest("GET", "/preview.css", skip_host=True)
            for host in hosts:
                connection.putheader("Host", host)
            connection.endheaders()
            with connection.getresponse() as response:
                assert response.status == 403, hosts
        finally:
            connection.close()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.255.0.9", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.4", False),
        ("example.com", False),
        ("localhost.example.com", False),
    ],
)
def test_loopback_is_told_by_address(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_listening_beyond_loopback_says_so(monkeypatch: pytest.MonkeyPatch, project: Path) -> None:
    """The warning, and the check turned off, without listening beyond loopback in a test."""
    from briefpub import serve as serve_module

    made: list[PreviewServer] = []

    class OnLoopback(PreviewServer):
        def __init__(self, address: tuple[str, int], preview: Any, any_host: bool = False) -> None:
            super().__init__(("127.0.0.1", 0), preview, any_host)
            self.any_host = any_host  # as it would be on the address asked for
            made.append(self)

    monkeypatch.setattr(serve_module, "PreviewServer", OnLoopback)
    said: list[str] = []
    stop = threading.Event()
    stop.set()
    for host in ("0.0.0.0", "127.0.0.1"):
        serve_module.serve(
            Project.here(project),
            project / "source" / "ferry.txt",
            host=host,
            announce=said.append,
            stop=stop,
        )
    assert [server.any_host for server in made] == [True, False]
    warnings = [line for line in said if line.startswith("warning")]
    assert len(warnings) == 1, said
    assert warnings[0].startswith("warning: listening on 0.0.0.0, beyond this machine")


def closed(connection: socket.socket) -> bool:
    """Return whether the server closed ``connection`` (waiting up to a minute for it to say either way)."""
    try:
        return connection.recv(1) == b""
    except (ConnectionResetError, TimeoutError):
        return False


def test_connections_are_capped(start: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_module, "MAX_CONNECTIONS", 2)
    address = start()
    held = [socket.create_connection(address, timeout=60) for _ in range(2)]
    with socket.create_connection(address, timeout=60) as third:  # accepted after them: slots go in order
        assert closed(third), "a connection beyond the cap is closed at once"
    for connection in held:
        connection.close()
    for _ in range(100):  # their threads end as they read the close; then a slot is free
        try:
            if status(address, "localhost") == 200:
                break
        except (http.client.RemoteDisconnected, ConnectionResetError):
            time.sleep(0.2)
    else:
        pytest.fail("no connection was served after the held ones closed")


def test_a_request_must_arrive_whole_within_a_deadline(start: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """One byte at a time, each well within the silence allowed, never finishes a request."""
    monkeypatch.setattr(server_module, "ARRIVAL_SECONDS", 0.5)
    address = start()
    request = b"GET /preview.css HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"
    with socket.create_connection(address, timeout=60) as slow:
        slow.settimeout(0.1)
        dropped = False
        for byte in request:
            try:
                slow.sendall(bytes([byte]))
                dropped = slow.recv(1) == b""
            except TimeoutError:
                continue  # still open, still waiting for the rest
            except (BrokenPipeError, ConnectionResetError):
                dropped = True
            if dropped:
                break
        assert dropped, "the whole request was sent a byte at a time and the server still waited"


def test_an_event_stream_ends_when_its_browser_goes(start: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_module, "MAX_CONNECTIONS", 1)
    monkeypatch.setattr(server_module, "GONE_POLL_SECONDS", 0.2)
    address = start()
    stream = http.client.HTTPConnection(address[0], address[1], timeout=60)
    stream.request("GET", "/events?since=1")
    response = stream.getresponse()
    assert response.readline() == b"retry: 1000\n"
    response.close()  # the browser went; the stream's one slot must come back
    stream.close()
    for _ in range(100):
        try:
            if status(address, "localhost") == 200:
                break
        except (http.client.RemoteDisconnected, ConnectionResetError):
            time.sleep(0.2)
    else:
        pytest.fail("the event stream kept its connection after the browser went")


_TOKEN = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=12)
_TEXT = st.text(max_size=80).map(lambda s: s.replace("\r", "").replace("\n", ""))


@st.composite
def _requests(draw: st.DrawFn) -> bytes:
    method = draw(st.sampled_from(["GET", "HEAD", "POST", "OPTIONS", "PUT"]) | _TOKEN)
    path = draw(
        st.sampled_from(["/", "/edition", "/events?since=", "/preview.js", "/output/preview.pdf", "*"])
        | st.text(max_size=60).map(lambda s: "/" + s.replace(" ", "%20"))
    )
    version = draw(st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2", "", "HTTP/x"]))
    host = draw(st.sampled_from(["localhost", "127.0.0.1", "[::1]:1", "evil.example"]) | _TEXT)
    headers = draw(st.lists(st.tuples(_TOKEN, _TEXT), max_size=4))
    lines = [f"{method} {path} {version}".rstrip(), f"Host: {host}", *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogatepass")


def test_any_request_is_answered_or_closed_and_never_breaks_the_server(served: tuple[str, Path]) -> None:
    """Generated requests against the real ``serve`` process; its teardown checks it said no internal error.

    An HTTP/1.x request is answered with a status line or closed; anything
    else may get the standard library's bare HTTP/0.9 answer.
    """
    url, _ = served
    found = re.match(r"http://([^:/]+):(\d+)/", url)
    assert found is not None
    address = (found[1], int(found[2]))

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_requests())
    @example(b"GET /\n HTTP/1.1\r\nHost: localhost\r\n\r\n")
    def answered(request: bytes) -> None:
        with socket.create_connection(address, timeout=60) as connection:
            connection.sendall(request)
            first = connection.makefile("rb").readline(200)
        # the request line is what a server reads up to the first LF: a path holding one ("GET /\n
        # HTTP/1.1") is an HTTP/0.9 request "GET /", rightly answered bare
        line = request.split(b"\n", 1)[0].removesuffix(b"\r")
        http1 = line.endswith((b" HTTP/1.1", b" HTTP/1.0"))
        assert not http1 or first == b"" or re.match(rb"HTTP/1\.[01] \d{3} ", first), first

    answered()
    with socket.create_connection(address, timeout=60) as connection:  # and it still serves the preview
        connection.sendall(b"GET /edition HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert connection.makefile("rb").readline(200).startswith(b"HTTP/1.0 200 ")
