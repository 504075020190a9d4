"""The preview's HTTP side: five paths, everything else 404, and only for this machine.

A request whose ``Host`` is not this machine is refused unless ``--host`` was
given, so a web page elsewhere cannot read the preview through DNS rebinding.
"""

from __future__ import annotations

import http.server
import sys
from typing import Any
from urllib.parse import parse_qs, urlsplit

from briefpub.files import UnreadableFile, read_regular
from briefpub.serve.page import PAGE_POLICY, SCRIPT, STYLE, page
from briefpub.serve.state import Preview

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
KEEPALIVE_SECONDS = 15.0
"""How often an idle event stream says it is alive (proxies and browsers drop silent ones)."""
REQUEST_SECONDS = 2 * KEEPALIVE_SECONDS
"""How long a connection may stay silent: longer than the event stream's keep-alive, which it outlives."""


class PreviewServer(http.server.ThreadingHTTPServer):
    """The HTTP server, holding the preview it shows."""

    daemon_threads = True  # an open event stream must not keep Ctrl-C waiting
    request_queue_size = 64  # a browser opens several connections at once, and tools poll beside it

    def __init__(self, address: tuple[str, int], preview: Preview, any_host: bool) -> None:
        super().__init__(address, PreviewHandler)
        self.preview = preview
        self.any_host = any_host

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Say in one line what went wrong with a request, instead of socketserver's traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):  # a closed browser tab is not news
            print(f"briefpub: serve: internal error answering a request: {error!r}", file=sys.stderr)


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """Answers the preview's few paths; everything else is 404."""

    server: PreviewServer
    timeout = REQUEST_SECONDS  # a connection that sends nothing (or reads nothing) is dropped
    server_version = "briefpub"
    sys_version = ""

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
        host = (self.headers.get("Host") or "").strip()
        name = host[1:].split("]")[0] if host.startswith("[") else host.rsplit(":", 1)[0]
        return name.lower() in LOCAL_HOSTS

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
            while True:
                snapshot = self.server.preview.wait(version, KEEPALIVE_SECONDS)
                if snapshot.version != version:
                    version = snapshot.version
                    self.wfile.write(f"data: {version}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return

    def log_message(self, format: str, *args: Any) -> None:
        return  # requests are not news; problems are shown in the page
