"""The newsletter as HTML: the model through Jinja2 templates that projects can override.

Lookup order: the project's templates folder, then the defaults shipped in the
package (also reachable as ``!default/<name>`` so a project template can
extend the default and replace one block).
"""

from __future__ import annotations

import base64
import functools
import mimetypes
import re
import unicodedata
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from markupsafe import Markup, escape

from briefpub import __version__, i18n
from briefpub.config import Brand, PdfConfig
from briefpub.errors import TemplateError
from briefpub.model import Briefing
from briefpub.output import source_date

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
PAGE_TEMPLATE = "newsletter.html"
STYLESHEET = "newsletter.css"
CUSTOM_STYLESHEET = "custom.css"
MAX_LOGO_BYTES = 2_000_000

# A run of characters this long may not fit a line: it gets break chances (URLs, IDs, hashes).
# Shorter words never need them, and would only be split needlessly.
_LONG_TOKEN = re.compile(r"\S{50,}")
_URL_BREAK_AFTER = set("/?&=#_.,;:-")
_CHUNK = 24
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""")
# A space (any kind) the writer put before ? ! ; » or after «, and before :
_FR_BEFORE_HIGH = re.compile(r"[ \u00a0\u202f\u2009]+([?!;»])")
_FR_BEFORE_COLON = re.compile(r"[ \u00a0\u202f\u2009]+:")
_FR_AFTER_OPEN = re.compile(r"«[ \u00a0\u202f\u2009]+")


def template_folders(templates: Path | None) -> list[Path]:
    """Return the folders templates are looked up in, the project's first."""
    folders = [templates] if templates is not None and templates.is_dir() else []
    return [*folders, PACKAGE_TEMPLATES]


@functools.lru_cache(maxsize=8)
def environment(templates: Path | None) -> jinja2.Environment:
    """Return the Jinja2 environment for a project: autoescaped, strict, project templates first.

    Kept per folder, so a batch compiles each template once; Jinja2 still
    reloads a template whose file changed (``briefpub watch``).
    """
    package = jinja2.FileSystemLoader(PACKAGE_TEMPLATES)
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(f) for f in template_folders(templates)[:-1]]
    loaders += [jinja2.PrefixLoader({"!default": package}, delimiter="/"), package]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["prose"] = prose_filter
    return env


def render_html(
    briefing: Briefing,
    *,
    templates: Path | None = None,
    brand: Brand | None = None,
    options: PdfConfig | None = None,
    embed: bool = False,
) -> str:
    """Return the newsletter page for ``briefing`` as one HTML document.

    Stylesheets and the logo are always inside it; with ``embed``, so are the
    files the stylesheets name (images, fonts), so that a browser can show the
    page from anywhere.
    """
    brand = brand or Brand()
    options = options or PdfConfig()
    env = environment(templates)
    folders = template_folders(templates)
    try:
        template = env.get_template(PAGE_TEMPLATE)
        sheets = [_source(env, STYLESHEET), page_css(briefing, brand, options)]
        if templates is not None and (templates / CUSTOM_STYLESHEET).is_file():
            sheets.append(_source(env, CUSTOM_STYLESHEET))
        if embed:
            sheets = [embed_urls(sheet, folders) for sheet in sheets]
        context = newsletter_context(briefing, brand, options, [Markup(s) for s in sheets])
        return template.render(context)
    except jinja2.TemplateNotFound as exc:
        where = _template_location(exc.__traceback__, folders)
        searched = ", ".join(str(f) for f in folders)
        raise TemplateError.at(*where, f"template '{exc.name}' not found (searched {searched})") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError.at(
            exc.filename or exc.name or "?", exc.lineno, exc.message or "syntax error"
        ) from None
    except jinja2.TemplateError as exc:
        where = _template_location(exc.__traceback__, folders)
        raise TemplateError.at(*where, exc.message or type(exc).__name__) from None


def newsletter_context(
    briefing: Briefing, brand: Brand, options: PdfConfig, stylesheets: list[Markup]
) -> dict[str, Any]:
    """Return what newsletter templates see: the model plus a few derived values, built in one place."""
    meta = briefing.meta
    labels = i18n.labels(meta.lang)
    return {
        "briefing": briefing,
        "meta": meta,
        "lang": meta.lang,
        "direction": "rtl" if i18n.is_rtl(meta.lang) else "ltr",
        "labels": labels,
        "date_text": i18n.format_date(meta.date, meta.lang),
        "created": _created(briefing),
        "authors_text": i18n.join_names(meta.authors, meta.lang),
        "subject": meta.summary or (briefing.key_points[0] if briefing.key_points else briefing.title),
        "show_toc": len(briefing.sections) >= options.toc_min_sections > 0,
        "logo": _data_url(brand.logo) if brand.logo else "",
        "brand": brand,
        "stylesheets": stylesheets,
        "version": __version__,
    }


def _created(briefing: Briefing) -> str:
    stamp = source_date(briefing)
    if stamp is None:
        return ""
    return stamp.date().isoformat() if briefing.meta.date else stamp.isoformat() + "Z"


def page_css(briefing: Briefing, brand: Brand, options: PdfConfig) -> str:
    """Return the stylesheet made from configuration: paper, brand, localised page numbers."""
    labels = i18n.labels(briefing.meta.lang)
    lines = [
        f"@page {{ size: {'A4' if options.paper == 'a4' else 'letter'};",
        f"  @bottom-right {{ content: {_page_of(labels.page_of)}; }} }}",
        f":root {{ --primary: {brand.primary}; --accent: {brand.accent};",
    ]
    if brand.font_body:
        lines.append(f"  --font-body: {_css_string(brand.font_body)}, serif;")
    if brand.font_heading:
        lines.append(f"  --font-heading: {_css_string(brand.font_heading)}, sans-serif;")
    lines.append("}")
    # Running heads carry a shortened title and publication: a full 265-character
    # title, or one unbreakable token, would not fit the page's top margin.
    lines.append(f"h1.title {{ string-set: doctitle {_css_string(running_head(briefing.title))}; }}")
    if briefing.meta.publication:
        publication = running_head(briefing.meta.publication, 40)
        lines.append(f".masthead .publication {{ string-set: publication {_css_string(publication)}; }}")
    return "\n".join(lines) + "\n"


def _page_of(pattern: str) -> str:
    """Return CSS ``content`` for a footer pattern such as ``Page {page} of {pages}``."""
    parts = re.split(r"(\{page\}|\{pages\})", pattern)
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(counters.get(part) or _css_string(part) for part in parts if part)


def running_head(text: str, limit: int = 70) -> str:
    """Return ``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-") + "…"


@jinja2.pass_context
def prose_filter(context: jinja2.runtime.Context, text: str) -> Markup:
    """Jinja2 filter ``prose``: :func:`prose` in the language of the page being rendered."""
    return prose(str(text), str(context.get("lang", "")))


def prose(text: str, lang: str = "") -> Markup:
    """Return briefing text as safe HTML: escaped, with break chances in very long words.

    Inserting ``<wbr>`` keeps a 64 KiB token from running off the page without
    the cost of ``overflow-wrap: anywhere`` on every line. French text gets
    no-break spaces before ``? ! ; :`` and inside guillemets, so that a mark
    never starts a line; a space the writer typed is made unbreakable, not doubled.
    """
    if i18n.base_language(lang) == "fr":
        text = french_spacing(text)
    if len(text) < 50:
        return escape(text)
    out: list[Markup] = []
    last = 0
    for match in _LONG_TOKEN.finditer(text):
        out.append(escape(text[last : match.start()]))
        pieces = Markup("<wbr>").join(escape(piece) for piece in _break_token(match.group()))
        out.append(Markup('<span class="token">') + pieces + Markup("</span>"))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def french_spacing(text: str) -> str:
    """Return ``text`` with the spaces French typography wants before high punctuation made unbreakable."""
    text = _FR_BEFORE_HIGH.sub("\u202f\\1", text)
    text = _FR_BEFORE_COLON.sub("\u00a0:", text)
    text = _FR_AFTER_OPEN.sub("«\u202f", text)
    return text


def _break_token(token: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for index, char in enumerate(token[:-1]):
        following = token[index + 1]
        if unicodedata.combining(following) or following in "\u200d\ufe0f\ufe0e" or char == "\u200d":
            continue
        if 0xD800 <= ord(following) <= 0xDFFF or unicodedata.category(following) == "Sk":
            continue
        if char in _URL_BREAK_AFTER or index + 1 - start >= _CHUNK:
            pieces.append(token[start : index + 1])
            start = index + 1
    pieces.append(token[start:])
    return pieces


def _css_string(text: str) -> str:
    """Return ``text`` as a CSS string that is safe inside an HTML ``<style>`` element.

    Quotes, backslashes and ``< > &`` become CSS escapes, so briefing text can
    neither end the string nor the style element.
    """
    escaped = "".join(c if c.isprintable() and c not in "\"\\<>&'" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


class OutsideTemplates(ValueError):
    """A file asked for by a template lies outside the template folders."""


def template_file(asked: Path, folders: list[Path]) -> Path:
    """Return the file ``asked`` names, from the first template folder that has it.

    ``asked`` is resolved against the project's folder; a file the project does
    not have is looked up in the packaged defaults, as templates are. Anything
    that resolves outside the folders (``..``, symbolic links) is refused.
    """
    roots = [folder.resolve() for folder in folders]
    real = (roots[0] / asked).resolve()
    relative = next((real.relative_to(root) for root in roots if real.is_relative_to(root)), None)
    if relative is None:
        raise OutsideTemplates(f"refused to read {asked}: it is outside the template folders")
    for root in roots:
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{relative}: no such file in the template folders")


def embed_urls(css: str, folders: list[Path]) -> str:
    """Return ``css`` with each relative ``url(...)`` replaced by a ``data:`` URL of the template file."""

    def embed(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if not target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^[/#]", target):
            return match.group(0)  # absolute URLs stay as they are (and the PDF renderer refuses them)
        try:
            path = template_file(Path(target), folders)
        except (OutsideTemplates, OSError) as exc:
            raise TemplateError.at(str(folders[0]), None, str(exc)) from None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f'url("data:{kind};base64,{base64.b64encode(path.read_bytes()).decode("ascii")}")'

    return _CSS_URL.sub(embed, css)


def _source(env: jinja2.Environment, name: str) -> str:
    assert env.loader is not None
    return env.loader.get_source(env, name)[0]


def _data_url(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        raise TemplateError.at(str(path), None, "logo: no such file (brand.logo in briefpub.toml)") from None
    if size > MAX_LOGO_BYTES:
        raise TemplateError.at(str(path), None, f"logo is larger than {MAX_LOGO_BYTES // 1_000_000} MB")
    kind = mimetypes.guess_type(path.name)[0]
    if kind not in ("image/png", "image/jpeg", "image/svg+xml", "image/gif", "image/webp"):
        raise TemplateError.at(str(path), None, "logo must be a PNG, JPEG, SVG, GIF or WebP image")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _template_location(tb: TracebackType | None, folders: list[Path]) -> tuple[str, int | None]:
    """Return the innermost template file and line in a traceback Jinja2 has rewritten."""
    found: tuple[str, int | None] = (str(folders[0] / PAGE_TEMPLATE), None)
    roots = [str(f.resolve()) for f in folders]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(root) for root in roots):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
