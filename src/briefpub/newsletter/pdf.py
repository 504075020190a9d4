"""The newsletter as PDF: the HTML page through WeasyPrint, with nothing fetched from outside."""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefpub.config import Brand, PdfConfig
from briefpub.drawn_charts import draw_charts
from briefpub.errors import Diagnostic, RenderError, Warn, shorten
from briefpub.files import display_path
from briefpub.model.briefing import Briefing, source_date
from briefpub.newsletter.brand import house_style
from briefpub.newsletter.engines import import_weasyprint
from briefpub.newsletter.images import FIGURE_SCHEME, figure_url
from briefpub.newsletter.page import MAX_RESOURCE_BYTES, OutsideTemplates, read_resource, render_html
from briefpub.newsletter.placement import place_figures
from briefpub.newsletter.templating import template_folders

weasyprint: Any = import_weasyprint()  # not `import weasyprint`: see briefpub.newsletter.engines


UA_CAVEAT = (
    "pdf/ua-1: tagged to PDF/UA-1 as far as WeasyPrint 70 allows, not checked by a PDF/UA validator; "
    "figure captions are tagged beside their figure (README: The tagged PDF)"
)
"""What the ``pdf/ua-1`` declaration cannot promise: told whenever it is asked for."""


class RefusedResource(weasyprint.urls.FatalURLFetchingError):  # type: ignore[misc]
    """A template asked for something outside the template folders; stops the render."""


class TemplateFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc]
    """Serve ``data:`` URLs and files inside the template folders; refuse everything else.

    A relative URL that the project's folder does not have is looked up in the
    packaged defaults, as templates are.
    """

    def __init__(self, folders: list[Path], figures: Mapping[str, tuple[str, bytes]] | None = None) -> None:
        super().__init__(allowed_protocols={"file", "data", FIGURE_SCHEME}, allow_redirects=False)
        self.folders = [f.resolve() for f in folders]
        self.figures = figures or {}

    def fetch(self, url: str, headers: object = None) -> Any:
        scheme = urlsplit(url).scheme.lower()
        if scheme == FIGURE_SCHEME and url in self.figures:
            media_type, data = self.figures[url]
            return weasyprint.urls.URLFetcherResponse(url, data, headers={"Content-Type": media_type})
        if scheme == "data":
            if len(url) > MAX_RESOURCE_BYTES * 2:
                raise RefusedResource("a data: URL is too large")
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResource(
                f"refused to fetch {shorten(url, 80)}: only files in the template folders may be used"
            )
        try:
            path, data = read_resource(Path(unquote(urlsplit(url).path)), self.folders)
        except OutsideTemplates as exc:
            raise RefusedResource(str(exc)) from None
        return weasyprint.urls.URLFetcherResponse(path.as_uri(), data)


def render_pdf(
    briefing: Briefing,
    *,
    templates: Path | None = None,
    brand: Brand | None = None,
    options: PdfConfig | None = None,
    warn: Warn | None = None,
    pages: Callable[[int], None] | None = None,
) -> bytes:
    """Return the newsletter for ``briefing`` as PDF bytes (tagged, or ``options.variant``).

    ``pages`` hears the page count (``serve`` shows it), at no extra cost.
    """
    options = options or PdfConfig()
    briefing = draw_charts(briefing, house_style(brand or Brand(), templates).chart_style(), "svg", True)
    folders = template_folders(templates)
    said: set[str] = set()
    if warn is not None:
        style = house_style(brand or Brand(), templates)
        for note in style.missing_fonts():
            warn(note)
        if style.custom_css and style.custom_css_path is not None:
            said = _check_stylesheet(style.custom_css, style.custom_css_path, folders, warn)
    figures = {figure_url(f): (f.media_type, f.data) for f in briefing.figures()}
    if warn is not None and options.variant == "pdf/ua-1":
        warn(Diagnostic(_where(briefing), None, UA_CAVEAT))
    settings: dict[str, Any] = {
        "pdf_variant": options.variant,
        "pdf_tags": True,  # every variant: PDF/A allows tags, and readers need them
        "pdf_identifier": True,  # a hash of the content: reproducible
        "attachments": [],
    }

    def lay_out(placed: Briefing, tighter: str) -> Any:
        page = render_html(placed, templates=templates, brand=brand, options=options)
        if tighter:  # after every other sheet, the project's too: see placement.TIGHTER
            page = page.replace("</head>", f"<style>{tighter}</style>\n</head>", 1)
        document = weasyprint.HTML(
            string=page,
            base_url=folders[0].resolve().as_uri() + "/",
            url_fetcher=TemplateFetcher(folders, figures),
        )
        return document.render(font_config=_font_config(), **settings)

    try:
        with _weasyprint_warnings(warn, _where(briefing), said), _font_timestamps(briefing):
            _, document = place_figures(briefing, lay_out)
            return bytes(
                document.write_pdf(
                    finisher=(lambda document, _pdf: pages(len(document.pages))) if pages else None,
                    **settings,
                )
            )
    except RefusedResource as exc:
        raise RenderError.at(str(folders[0]), None, str(exc)) from None
    except weasyprint.urls.FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise RenderError.at(str(folders[0]), None, str(cause)) from None


@contextlib.contextmanager
def _font_timestamps(briefing: Briefing) -> Iterator[None]:
    """Date the fonts WeasyPrint rewrites (colour emoji, variable fonts) with the briefing, not the clock.

    fontTools stamps a font it saves with the time of day unless
    ``SOURCE_DATE_EPOCH`` says otherwise, so a newsletter with an emoji was
    a different file every second. Set for the render (a value the user gave
    is kept): the briefing's date, else 2000-01-01, as the deck's.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        yield
        return
    stamp = (source_date(briefing) or datetime.datetime(2000, 1, 1)).replace(tzinfo=datetime.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


@functools.cache
def _font_config() -> Any:
    """Return this process's font configuration, built once and shared by every render."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@contextlib.contextmanager
def _weasyprint_warnings(warn: Warn | None, where: str, said: Collection[str] = ()) -> Iterator[None]:
    """Pass WeasyPrint's warnings (bad CSS, missing images) to ``warn``, not the root logger.

    Its per-character "no glyph" warnings become one line per script at the
    end; messages in ``said`` were told already, naming their stylesheet.
    """
    logger = logging.getLogger("weasyprint")
    handler = _Collect(warn, where, said)
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
    if warn is not None:
        for script, chars in sorted(handler.missing.items()):
            sample = " ".join(sorted(chars)[:6])
            warn(
                Diagnostic(
                    where,
                    None,
                    f"no installed font has {script} characters ({sample}): they show as empty "
                    "boxes; install a font for them (scripts/bootstrap installs the Noto fonts)",
                )
            )


_DATA_URL = re.compile(r"data:[^\s\"')]{24,}")
"""A ``data:`` URL in a message is cut to its type: the bytes say nothing to the reader."""


def _check_stylesheet(css: str, path: Path, folders: list[Path], warn: Warn) -> set[str]:
    """Tell what WeasyPrint ignores in a project's stylesheet, as ``custom.css:LINE``; return those messages.

    In the page, every stylesheet is one ``<style>`` among several, so
    WeasyPrint's "Ignored … at 4:3" would blame the briefing; read alone
    first, the same message names the file and line it comes from.
    """
    messages: list[str] = []
    handler = _Collect(lambda d: messages.append(d.message.removeprefix("weasyprint: ")), "", set())
    logger = logging.getLogger("weasyprint")
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        weasyprint.CSS(
            string=css, base_url=folders[0].resolve().as_uri() + "/", url_fetcher=TemplateFetcher(folders)
        )
    except weasyprint.urls.FatalURLFetchingError as exc:  # a BaseException: an @import refused, one line
        raise RenderError.at(display_path(path), None, str(exc.__cause__ or exc)) from None
    except Exception:
        return set()
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
    where = display_path(path)
    for message in messages:
        found = re.search(r" at (\d+):\d+", message)
        warn(Diagnostic(where, int(found[1]) if found else None, "weasyprint: " + message))
    return set(messages)


class _Collect(logging.Handler):
    def __init__(self, warn: Warn | None, where: str, said: Collection[str]) -> None:
        super().__init__(logging.WARNING)
        self.warn = warn
        self.where = where
        self.said = said
        self.missing: dict[str, set[str]] = {}
        self.told: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith(".notdef glyph") and len(record.args or ()) == 2:
            char = str(record.args[0])[:1]  # type: ignore[index]
            self.missing.setdefault(_script(char), set()).add(char)
        elif self.warn is not None:
            message = shorten(
                _DATA_URL.sub(lambda m: m[0][:24] + "…", " ".join(record.getMessage().split())), 200
            )
            if message not in self.said and message not in self.told:  # once, however often laid out
                self.told.add(message)
                self.warn(Diagnostic(self.where, None, "weasyprint: " + message))


def _script(char: str) -> str:
    """Return a reader's name for the script of ``char``: Arabic, CJK, symbols and emoji..."""
    if unicodedata.category(char) == "So" or ord(char) >= 0x1F000:
        return "symbols and emoji"
    first = unicodedata.name(char, "unknown").split(" ")[0]
    return {"HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean"}.get(
        first, first.title()
    ).replace("Cjk", "CJK")


def _where(briefing: Briefing) -> str:
    return display_path(briefing.source) if briefing.source else "<string>"
