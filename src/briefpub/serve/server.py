"""The preview's HTTP side: five paths, everything else 404, and only for this machine.

Listening on a loopback address (the default 127.0.0.1, ``localhost``, ``::1``,
any 127.x), a request whose ``Host`` is not a loopback name is refused, so a
web page elsewhere cannot read the preview through DNS rebinding. Listening
beyond loopback (``--host 0.0.0.0``) turns that check off, and ``serve`` says
so. Connections are capped, a request must arrive whole within a deadline,
and an event stream ends when its browser goes.
"""

from __future__ import annotations

import contextlib
import http.server
import ipaddress
import select
import socket
import sys
import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit

from briefpub.files import UnreadableFile, read_regular
from briefpub.serve.page import PAGE_POLICY, SCRIPT, STYLE, page
from briefpub.serve.state import Preview

KEEPALIVE_SECONDS = 15.0
"""How often an idle event stream says it is alive (proxies and browsers drop silent ones)."""
REQUEST_SECONDS = 2 * KEEPALIVE_SECONDS
"""How long a connection may stay silent: longer than the event stream's keep-alive, which it outlives."""
ARRIVAL_SECONDS = 10.0
"""How long a request may take to arrive whole: a client sending a byte every few seconds is dropped."""
MAX_CONNECTIONS = 32
"""Connections served at once (a browser opens about six); more are closed at once."""
GONE_POLL_SECONDS = 1.0
"""How often an event stream looks whether its browser went."""


def _name(host: str) -> str:
    """Return a ``Host`` header's name without its port (an IPv6 address without its brackets)."""
    return host[1:].split("]", maxsplit=1)[0] if host.startswith("[") else host.rsplit(":", 1)[0]


def is_loopback(host: str) -> bool:
    """Return whether ``host`` (a name or an address, IPv6 maybe in brackets) is this machine only."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


class PreviewServer(http.server.ThreadingHTTPServer):
    """The HTTP server, holding the preview it shows."""

    daemon_threads = True  # an open event stream must not keep Ctrl-C waiting
    request_queue_size = 64  # a browser opens several connections at once, and tools poll beside it

    def __init__(self, address: tuple[str, int], preview: Preview, any_host: bool = False) -> None:
        """Serve ``preview`` on ``address``; ``any_host`` only counts when it listens beyond loopback."""
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, PreviewHandler)
        self.preview = preview
        self.any_host = any_host and not is_loopback(address[0])
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in a thread if a slot is free; else close it at once."""
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Say in one line what went wrong with a request, instead of socketserver's traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):  # a closed browser tab is not news
            print(f"briefpub: serve: internal error answering a request: {error!r}", file=sys.stderr)


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """Answers the preview's few paths; everything else is 404."""

    server: PreviewServer
    timeout = REQUEST_SECONDS  # a connection that sends nothing (or reads nothing) is dropped
    server_version = "briefpub"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        self.arrival = threading.Timer(ARRIVAL_SECONDS, self.drop)
        self.arrival.daemon = True
        self.arrival.start()

    def drop(self) -> None:
        """End a connection whose request has not arrived whole in time (its reading thread then ends)."""
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def parse_request(self) -> bool:
        self.arrival.cancel()  # the request line and headers are in: a GET has nothing more to come
        return super().parse_request()

    def finish(self) -> None:
        self.arrival.cancel()
        super().finish()

    def do_GET(self) -> None:
        if not self.local_host():
            self.reply(403, "text/plain", b"refused: this preview answers only to this machine's name\n")
            return
        url = urlsplit(self.path)
        snapshot = self.server.preview.snapshot
        if url.path == "/":
            self.reply(200, "text/html; charset=utf-8", page(snapshot, self.server.preview).encode())
        elif url.path == "/preview.js":
            self.reply(200, "text/javascript; charset=utf-8", SCRIPT.encode())
        elif url.path == "/preview.css":
            self.reply(200, "text/css; charset=utf-8", STYLE.encode())
        elif url.path == "/edition":
            self.reply(200, "text/html; charset=utf-8", snapshot.web.encode())
        elif url.path == "/events":
            self.events(parse_qs(url.query).get("since", ["0"])[0])
        elif snapshot.pdf is not None and url.path == f"/output/{snapshot.pdf}":
            self.output(snapshot.pdf)
        else:
            self.reply(404, "text/plain", b"not found\n")

    def do_HEAD(self) -> None:
        self.do_GET()

    def local_host(self) -> bool:
        if self.server.any_host:
            return True
        hosts = self.headers.get_all("Host") or [""]  # every one: a second Host could name a rebinding site
        return all(is_loopback(_name(host.strip())) for host in hosts)

    def reply(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if kind.startswith("text/html") and self.path.startswith("/") and urlsplit(self.path).path == "/":
            self.send_header("Content-Security-Policy", PAGE_POLICY)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def output(self, name: str) -> None:
        try:
            data = read_regular(self.server.preview.project.config.output_dir / name, 500_000_000)
        except UnreadableFile:
            self.reply(404, "text/plain", b"not found\n")
            return
        self.reply(200, "application/pdf", data)

    def events(self, since: str) -> None:
        """Stream the snapshot's version whenever it changes (server-sent events)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        # Any value answers: "²" is a digit to str.isdigit and not to int(), so only ASCII ones count.
        version = int(since) if since.isascii() and since.isdigit() and len(since) < 19 else 0
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            quiet = 0.0
            while not self.client_gone():
                snapshot = self.server.preview.wait(version, GONE_POLL_SECONDS)
                quiet += GONE_POLL_SECONDS
                if snapshot.version != version:
                    version = snapshot.version
                    self.wfile.write(f"data: {version}\n\n".encode())
                elif quiet >= KEEPALIVE_SECONDS:
                    self.wfile.write(b": still here\n\n")
                else:
                    continue
                quiet = 0.0
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return

    def client_gone(self) -> bool:
        """Return whether the browser closed the stream (its end of the socket reads as finished)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and not self.connection.recv(1, socket.MSG_PEEK)
        except (OSError, ValueError):
            return True

    def log_message(self, format: str, *args: Any) -> None:
        return  # requests are not news; problems are shown in the page
