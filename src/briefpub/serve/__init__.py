"""``briefpub serve``: a live preview of the briefing being written, in the browser, rebuilt on every save.

The standard library's threading HTTP server does the job: one reader on this
machine, a handful of routes, server-sent events for the reload. It needs no
dependency, so no other command pays for one. Work is split so the limits of
:mod:`briefpub.limits` still hold: the main thread watches and renders
(:mod:`.state`; template deadlines are signals, which only the main thread
receives); the request threads (:mod:`.server`) only read the last snapshot and
draw the page (:mod:`.page`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from briefpub.project import Project
from briefpub.serve.server import PreviewServer, is_loopback
from briefpub.serve.state import PREVIEWED, Preview


def serve(
    project: Project,
    source: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    open_browser: bool = False,
    libreoffice: bool = False,
    announce: Callable[[str], None] = print,
    stop: threading.Event | None = None,
    encoding: str | None = None,
) -> None:
    """Serve the preview of ``source`` until Ctrl-C (or ``stop``); rebuild it on every change.

    On a loopback address only requests naming this machine are answered;
    beyond loopback (``0.0.0.0``, a network address) any name is, and a
    warning says that anyone who can reach the machine can read the preview.
    """
    from briefpub.publish.watch import watch

    preview = Preview(project, source, libreoffice, encoding)
    beyond = not is_loopback(host)
    server = PreviewServer((host, port), preview, any_host=beyond)
    if beyond:
        announce(
            f"warning: listening on {host}, beyond this machine: anyone who can reach it "
            "can read the preview (127.0.0.1, the default, is this machine only)"
        )
    thread = threading.Thread(target=server.serve_forever, name="briefpub-serve", daemon=True)
    thread.start()
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.server_address[1]}/"
    try:
        first = [True]

        def rebuild() -> None:
            preview.rebuild()  # the first one also loads and warms the engines
            if first[0]:
                first[0] = False
                announce(f"serving {url} (Ctrl-C stops)")
                if open_browser:
                    import webbrowser

                    webbrowser.open(url)

        watch(project, rebuild, PREVIEWED, stop=stop, also=[source])
    finally:
        server.shutdown()
        server.server_close()
