"""``briefpub serve``: a live preview of the briefing being written, in the browser, rebuilt on every save.

The standard library's threading HTTP server does the job: one reader on this
machine, a handful of routes, server-sent events for the reload. It needs no
dependency, so no other command pays for one. Work is split so the limits of
:mod:`briefpub.limits` still hold: the main thread watches and renders
(template deadlines are signals, which only the main thread receives); the
request threads only read the last snapshot.

The server answers five paths and nothing else: the preview page, its script
and stylesheet, the web edition, the event stream, and the PDF it wrote. A
request whose ``Host`` is not this machine is refused unless ``--host`` was
given, so a web page elsewhere cannot read the preview through DNS rebinding.
"""

from __future__ import annotations

import hashlib
import http.server
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from markupsafe import Markup

from briefpub.build import inputs_digest
from briefpub.errors import BriefpubError, Diagnostic
from briefpub.files import UnreadableFile, read_regular
from briefpub.output import write_atomic
from briefpub.project import Project

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
KEEPALIVE_SECONDS = 15.0
"""How often an idle event stream says it is alive (proxies and browsers drop silent ones)."""
PREVIEW_KINDS = ("pdf", "html", "slides")


@dataclass(frozen=True)
class Snapshot:
    """What the preview shows: the last good renders, and the problems of the last attempt."""

    version: int = 0
    title: str = ""
    web: str = ""
    slides: str = ""
    """The slides' preview markup (HTML made by :mod:`briefpub.deck.preview`)."""
    slide_count: int = 0
    pdf: str | None = None
    """The PDF's file name in the output folder, once written."""
    pages: int | None = None
    seconds: float = 0.0
    """How long the last good render took."""
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    """Why the last save could not be shown (the previews stay those of the save before)."""
    rendered: tuple[str, ...] = ()
    """With ``--libreoffice``: each slide as LibreOffice draws the .pptx, as a PNG ``data:`` URL."""


@dataclass
class Preview:
    """The briefing being previewed; rebuilt by the main thread, read by the request threads."""

    project: Project
    source: Path
    libreoffice: bool = False
    """Also draw the real deck with LibreOffice after each save (seconds, not tenths)."""
    snapshot: Snapshot = field(default_factory=Snapshot)
    digest: str = ""
    images: tuple[Path, ...] = ()
    """The figures' files at the last parse: their changes call for a new render too."""
    changed: threading.Condition = field(default_factory=threading.Condition)

    def rebuild(self) -> None:
        """Render again if anything the briefing is made from changed; publish each stage as it is ready."""
        digest = self.inputs()
        if digest == self.digest:
            return  # a save that changed nothing (an editor touching the file)
        self.digest = digest
        started = time.perf_counter()
        warnings: list[Diagnostic] = []
        try:
            briefing = self.project.parse(self.source)
            self.images = tuple(figure.path for figure in briefing.figures())
            warnings += briefing.warnings
            web, slides, count = self.render_previews(briefing, warnings.append)
            self.publish(
                title=str(briefing.title),
                web=web,
                slides=slides,
                slide_count=count,
                warnings=_unique(warnings),
                errors=(),
                seconds=time.perf_counter() - started,
            )
            pdf, pages = self.render_pdf(briefing, warnings.append)
            self.publish(
                pdf=pdf, pages=pages, warnings=_unique(warnings), seconds=time.perf_counter() - started
            )
            if self.libreoffice:
                self.publish(rendered=self.render_deck(briefing, warnings.append), warnings=_unique(warnings))
        except BriefpubError as error:
            self.publish(errors=tuple(str(d) for d in error.diagnostics), warnings=_unique(warnings))
        except Exception as exc:  # a bug must not stop the preview: say it, keep the last good one
            self.publish(errors=(f"{self.source}: internal error: {type(exc).__name__}: {exc}",))

    def inputs(self) -> str:
        """Return a hash of the source's bytes and the stamps of everything else it is made from."""
        try:
            source = hashlib.sha256(read_regular(self.source, self.project.config.max_bytes)).hexdigest()
        except UnreadableFile as exc:
            source = f"unreadable: {exc}"
        images = [f"{image}:{_stamp(image)}" for image in self.images]
        kinds = [inputs_digest(self.project, kind) for kind in PREVIEW_KINDS]
        return hashlib.sha256("\0".join([source, *kinds, *images]).encode()).hexdigest()

    def render_previews(self, briefing: Any, warn: Callable[[Diagnostic], None]) -> tuple[str, str, int]:
        from briefpub.deck.preview import slides_html
        from briefpub.html import render_html
        from briefpub.slides import plan_slides

        config = self.project.config
        templates = self.project.templates()
        web = render_html(briefing, templates=templates, brand=config.brand, options=config.pdf, embed=True)
        plan = plan_slides(
            briefing,
            template=self.project.deck_template(),
            brand=config.brand,
            options=config.slides,
            warn=warn,
        )
        for diagnostic in plan.diagnostics:
            warn(diagnostic)
        return web, str(slides_html(plan, briefing)), len(plan.slides)

    def render_pdf(self, briefing: Any, warn: Callable[[Diagnostic], None]) -> tuple[str, int]:
        from briefpub.pdf import render_pdf

        config = self.project.config
        counted: list[int] = []
        data = render_pdf(
            briefing,
            templates=self.project.templates(),
            brand=config.brand,
            options=config.pdf,
            warn=warn,
            pages=counted.append,
        )
        name = f"{self.source.stem}.pdf"
        write_atomic(config.output_dir / name, data)
        return name, counted[0] if counted else 0

    def render_deck(self, briefing: Any, warn: Callable[[Diagnostic], None]) -> tuple[str, ...]:
        """Return the deck as LibreOffice draws it: one PNG ``data:`` URL a slide (empty if it cannot)."""
        import shutil
        import subprocess
        import tempfile

        from briefpub.html import data_url
        from briefpub.slides import render_slides

        config = self.project.config
        data = render_slides(
            briefing, template=self.project.deck_template(), brand=config.brand, options=config.slides
        )
        if not (shutil.which("soffice") and shutil.which("pdftoppm")):
            warn(Diagnostic("serve", None, "--libreoffice needs LibreOffice and pdftoppm; showing the plan"))
            return ()
        with tempfile.TemporaryDirectory(prefix="briefpub-serve-") as folder:
            work = Path(folder)
            (work / "deck.pptx").write_bytes(data)
            profile = (work / "profile").as_uri()
            try:
                subprocess.run(
                    [
                        "soffice",
                        f"-env:UserInstallation={profile}",
                        "--headless",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        folder,
                        str(work / "deck.pptx"),
                    ],
                    capture_output=True,
                    timeout=120,
                    check=True,
                )
                subprocess.run(
                    ["pdftoppm", "-r", "48", "-png", str(work / "deck.pdf"), str(work / "slide")],
                    capture_output=True,
                    timeout=120,
                    check=True,
                )
            except (OSError, subprocess.SubprocessError) as exc:
                warn(
                    Diagnostic(
                        "serve", None, f"LibreOffice could not draw the deck ({exc}); showing the plan"
                    )
                )
                return ()
            pictures = sorted(work.glob("slide-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
            return tuple(data_url("image/png", picture.read_bytes()) for picture in pictures)

    def publish(self, **changes: Any) -> None:
        """Make the next snapshot and wake every event stream."""
        with self.changed:
            self.snapshot = replace(self.snapshot, version=self.snapshot.version + 1, **changes)
            self.changed.notify_all()

    def wait(self, since: int, timeout: float) -> Snapshot:
        """Return the snapshot once its version is not ``since``, or after ``timeout`` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.snapshot.version != since, timeout)
            return self.snapshot


def _stamp(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "missing"
    return f"{info.st_size}:{info.st_mtime_ns}"


def _unique(diagnostics: list[Diagnostic]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(d) for d in diagnostics))


# --- the HTTP side ---------------------------------------------------------------------------------


class PreviewServer(http.server.ThreadingHTTPServer):
    """The HTTP server, holding the preview it shows."""

    daemon_threads = True  # an open event stream must not keep Ctrl-C waiting

    def __init__(self, address: tuple[str, int], preview: Preview, any_host: bool) -> None:
        super().__init__(address, PreviewHandler)
        self.preview = preview
        self.any_host = any_host

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Say in one line what went wrong with a request, instead of socketserver's traceback."""
        import sys

        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):  # a closed browser tab is not news
            print(f"briefpub: serve: internal error answering a request: {error!r}", file=sys.stderr)


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """Answers the preview's few paths; everything else is 404."""

    server: PreviewServer
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
        version = int(since) if since.isdigit() else 0
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
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format: str, *args: Any) -> None:
        return  # requests are not news; problems are shown in the page


PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data:; "
    "frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"
)


def page(snapshot: Snapshot, preview: Preview) -> str:
    """Return the preview page: the problems, the PDF, the web edition and the slides."""
    problems = [Markup('<li class="error">{}</li>').format(e) for e in snapshot.errors]
    problems += [Markup('<li class="warning">{}</li>').format(w) for w in snapshot.warnings]
    if snapshot.pdf is not None:
        pages = f"{snapshot.pages} page{'s' if snapshot.pages != 1 else ''}"
        pdf = Markup('<a class="pdf" href="/output/{}">PDF, {}</a>').format(snapshot.pdf, pages)
    else:
        pdf = Markup('<span class="pdf">PDF: being made…</span>')
    status = (
        "error: showing the last good version" if snapshot.errors else f"built in {snapshot.seconds:.2f} s"
    )
    return str(
        Markup(
            "<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>{title} · briefpub preview</title>"
            '<link rel="stylesheet" href="/preview.css"></head>'
            '<body data-version="{version}">'
            '<header class="bar"><strong>briefpub serve</strong> <span class="source">{source}</span> '
            '<span class="status{bad}">{status}</span> {pdf}</header>'
            '<ul class="problems">{problems}</ul>'
            '<main class="columns">'
            '<section class="edition"><h2>Web edition</h2>'
            '<iframe src="/edition?v={version}" title="The web edition"></iframe></section>'
            '<section class="deck"><h2>Slides ({count}){drawn}</h2>{slides}{real}</section>'
            "</main>"
            '<script src="/preview.js"></script></body></html>\n'
        ).format(
            title=snapshot.title or preview.source.name,
            version=snapshot.version,
            source=preview.project.display(preview.source),
            bad=" bad" if snapshot.errors else "",
            status=status,
            pdf=pdf,
            problems=Markup("").join(problems),
            count=snapshot.slide_count,
            drawn=Markup(' · <a href="#real">as LibreOffice draws them</a>') if snapshot.rendered else "",
            slides=Markup(snapshot.slides),
            real=_rendered(snapshot.rendered),
        )
    )


def _rendered(pictures: tuple[str, ...]) -> Markup:
    """Return the LibreOffice drawings of the slides, under the plan's previews."""
    if not pictures:
        return Markup("")
    shown = Markup("").join(
        Markup('<img class="rendered" src="{}" alt="slide {} as LibreOffice draws it">').format(url, number)
        for number, url in enumerate(pictures, 1)
    )
    return Markup('<h2 id="real">As LibreOffice draws them</h2>{}').format(shown)


SCRIPT = """// Reload when the preview changes; keep the reader's place.
const version = document.body.dataset.version;
const key = "briefpub-scroll";
const saved = sessionStorage.getItem(key);
if (saved) { window.scrollTo(0, Number(saved)); sessionStorage.removeItem(key); }
const events = new EventSource("/events?since=" + version);
events.onmessage = (event) => {
  if (event.data !== version) {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
};
"""

STYLE = """body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: #1B1B1B; background: #F2F4F7; }
.bar { position: sticky; top: 0; z-index: 1; display: flex; gap: 1em; align-items: baseline;
  padding: 0.6em 1em; background: #14365D; color: #FFFFFF; }
.bar a { color: #FFFFFF; }
.status.bad { color: #FFB4A2; font-weight: bold; }
.problems { margin: 0; padding: 0; list-style: none; }
.problems li { padding: 0.4em 1em; font-family: ui-monospace, monospace; font-size: 13px; }
.problems .error { background: #FDE2DC; color: #7A1F0F; }
.problems .warning { background: #FFF4D6; color: #5C4400; }
.columns { display: flex; flex-wrap: wrap; gap: 1em; padding: 1em; align-items: flex-start; }
.edition { flex: 1 1 560px; min-width: 0; }
.edition iframe { width: 100%; height: 80vh; border: 1px solid #C9CED6; background: #FFFFFF; }
.deck { flex: 0 1 500px; }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: #5B6470; margin: 0 0 0.5em; }
.slide-preview { margin: 0 0 1em; }
.slide { position: relative; overflow: hidden; background: #FFFFFF; border: 1px solid #C9CED6;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.12); }
.slide-preview.marked .slide { outline: 2px solid #D9822B; }
.slide-preview figcaption { font-size: 12px; color: #5B6470; margin-top: 0.3em; }
.flag { margin-left: 0.5em; padding: 0 0.4em; border-radius: 3px; background: #D9822B; color: #FFFFFF; }
.box { position: absolute; box-sizing: border-box; outline: 1px dashed rgba(20, 54, 93, 0.25);
  line-height: 1.2; white-space: nowrap; }
.box .paragraph { margin: 0; }
.box .paragraph + .paragraph { margin-top: 0.45em; }
.box .bullet::before { content: "• "; }
.box.title { font-weight: bold; color: #14365D; }
.box.below-minimum { outline: 2px solid #C0392B; }
.box.aside { color: #5B6470; white-space: normal; }
.figure { position: absolute; }
.rendered { display: block; width: 480px; margin: 0 0 1em; border: 1px solid #C9CED6; }
"""


def serve(
    project: Project,
    source: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    any_host: bool = False,
    open_browser: bool = False,
    libreoffice: bool = False,
    announce: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Serve the preview of ``source`` until Ctrl-C (or ``stop``); rebuild it on every change."""
    from briefpub.watch import watch

    preview = Preview(project, source, libreoffice)
    server = PreviewServer((host, port), preview, any_host)
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

        watch(project, rebuild, PREVIEW_KINDS, stop=stop, also=[source])
    finally:
        server.shutdown()
        server.server_close()
