"""The newsletter as HTML: the model through Jinja2 templates that projects can override.

Lookup order: the project's templates folder, then the defaults shipped in the
package (also reachable as ``!default/<name>`` so a project template can
extend the default and replace one block).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markupsafe import Markup

from briefpub import __version__, i18n
from briefpub.config import Brand, PdfConfig
from briefpub.dataurl import data_url
from briefpub.errors import TemplateError, shorten
from briefpub.fetches import IMPORT, css_imports, html_urls, outside, parse_html, text_of
from briefpub.files import UnreadableFile, display_path, read_regular, sniff_image
from briefpub.model.briefing import Briefing, source_date
from briefpub.newsletter.brand import HouseStyle, house_style
from briefpub.newsletter.csp import with_policy
from briefpub.newsletter.prose import Notes
from briefpub.newsletter.schemes import dark_scheme, light_text, reads_on_dark
from briefpub.newsletter.templating import read_template_file, render, template_folders

PAGE_TEMPLATE = "newsletter.html"
STYLESHEET = "newsletter.css"
WEB_STYLESHEET = "web.css"
"""The web edition's screen, dark-scheme and browser-print rules; the PDF never reads it."""
MAX_RESOURCE_BYTES = 20_000_000
"""The largest file a template may use (an image, a font), in the PDF and the HTML edition alike."""
_NOT_WORD = re.compile(r"[\W_]+")
_MAX_ANCHOR = 60

_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""")
# Briefing text is escaped, so every tag and every quoted attribute in a page comes from a template.
_TAG = re.compile(r"<([a-zA-Z][\w:-]*)((?:\s[^<>]*)?)>")
_ATTRIBUTE = re.compile(r"""(\s)([\w:.-]+)(\s*=\s*)(["'])(.*?)\4""", re.S)
_STYLE_ELEMENT = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.S | re.I)
_FETCHED_ATTRIBUTES = {"src", "srcset", "poster", "background", "data", "xlink:href", "lowsrc", "dynsrc"}
_FETCHED_HREF_TAGS = {"link", "use", "image", "feimage", "script"}
_ABSOLUTE_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^[/\\]")
EDITION_POLICY = (
    "default-src 'none'; img-src data:; font-src data:; media-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
"""The HTML edition's Content-Security-Policy: the browser itself fetches nothing, runs nothing."""


def render_html(
    briefing: Briefing,
    *,
    templates: Path | None = None,
    brand: Brand | None = None,
    options: PdfConfig | None = None,
    embed: bool = False,
) -> str:
    """Return the newsletter page for ``briefing`` as one HTML document.

    Stylesheets and the logo are always inside it. With ``embed`` (the HTML
    edition) so is every file the templates name, an absolute URL a browser
    would fetch is refused, and a Content-Security-Policy forbids fetching
    anything at all, so the page shows the same anywhere and tracks no one.
    """
    style = house_style(brand or Brand(), templates)
    options = options or PdfConfig()
    if briefing.charts():  # none left when the PDF drew them; drawn_charts imports logging and more
        from briefpub.drawn_charts import draw_charts

        briefing = draw_charts(briefing, style.chart_style(), "svg")
    sheets = [read_template_file(templates, STYLESHEET), page_css(briefing, style.brand, options)]
    if embed:
        sheets.append(dark_tokens(style.brand) + read_template_file(templates, WEB_STYLESHEET))
    if style.custom_css:
        sheets.append(style.custom_css)
        if embed and style.custom_css_path is not None:  # named at its own line, not the folder's
            for target, line in css_imports(style.custom_css):
                raise TemplateError.at(
                    display_path(style.custom_css_path),
                    line,
                    f"@import {shorten(target, 80)} is not supported in the web edition: put the rules in it",
                )
    edition = "web" if embed else "print"
    context = newsletter_context(briefing, style, options, [style_text(s) for s in sheets], edition)
    page = render(templates, PAGE_TEMPLATE, context)
    return self_contained(page, template_folders(templates)) if embed else page


def style_text(css: str) -> Markup:
    """Return a stylesheet as the text of a ``<style>`` element: ``</`` written ``<\\/``, so it cannot end it.

    ``custom.css`` holding ``</style><script>`` closed the page's style element
    and added a script. In CSS ``\\/`` is ``/`` (in a string, in a comment it
    stays a comment), so no rule changes meaning.
    """
    return Markup(css.replace("</", "<\\/"))


def self_contained(page: str, folders: list[Path]) -> str:
    """Return ``page`` with every file it names embedded and a policy that forbids fetching."""
    page = _STYLE_ELEMENT.sub(lambda m: m[1] + embed_urls(m[2], folders) + m[3], page)
    page = _TAG.sub(lambda m: _embed_tag(m, folders), page)
    where = display_path(folders[0])
    page = with_policy(page, EDITION_POLICY, where)  # on the parsed page, first in <head>: see csp
    check_fetches_nothing(page, where, "the web edition")
    return page


def _embed_tag(tag: re.Match[str], folders: list[Path]) -> str:
    name = tag[1].lower()

    def attribute(m: re.Match[str]) -> str:
        key = m[2].lower()
        fetched = key in _FETCHED_ATTRIBUTES or (key == "href" and name in _FETCHED_HREF_TAGS)
        if key != "style" and not fetched:
            return m[0]  # as written; the standard html module (1 ms) is imported only for the others
        import html as html_lib

        value = html_lib.unescape(m[5])
        if key == "style":
            value = embed_urls(value, folders)
        elif key == "srcset" and not value.lstrip().lower().startswith("data:"):
            raise TemplateError.at(display_path(folders[0]), None, "srcset is not supported: use src")
        else:
            value = embed_url(value, folders)
        return f"{m[1]}{m[2]}{m[3]}{m[4]}{html_lib.escape(value)}{m[4]}"

    return f"<{tag[1]}{_ATTRIBUTE.sub(attribute, tag[2])}>"


def check_fetches_nothing(
    page: str, where: str, edition: str, allowed: Callable[[str], bool] | None = None
) -> None:
    """Refuse a page that would load anything from outside itself (but ``allowed``), as its parser reads it.

    The embedding above rewrites what it recognises; this is the check that
    counts, made on the finished page by :mod:`briefpub.fetches`.
    """
    urls = html_urls(page)
    if IMPORT in urls:
        named = next((target for style in _styles(page) for target, _ in css_imports(style)), "?")
        raise TemplateError.at(
            where,
            None,
            f"@import {shorten(named, 80)} in a stylesheet of {edition}: put the rules in custom.css",
        )
    found = outside(urls, allowed or (lambda _: False))
    if found:
        raise TemplateError.at(
            where,
            None,
            f"{edition} would fetch {shorten(found[0], 80)}: it may show only what it carries "
            "(files in the template folders are embedded)",
        )


def _styles(page: str) -> list[str]:
    """Return the text of every ``<style>`` element and ``style`` attribute of a page, as lxml reads it."""
    root = parse_html(page)
    return [text_of(e) for e in root.iter("style")] + [str(v) for v in root.xpath("//@style")]


def newsletter_context(
    briefing: Briefing,
    style: HouseStyle,
    options: PdfConfig,
    stylesheets: list[Markup],
    edition: str = "print",
) -> dict[str, Any]:
    """Return what newsletter templates see: the model plus a few derived values, built in one place.

    ``edition`` is ``print`` (the PDF's page) or ``web`` (the HTML edition):
    footnotes sit at the foot of printed pages and at the end of a web page.
    """
    meta = briefing.meta
    labels = i18n.labels(meta.lang)
    return {
        "briefing": briefing,
        "meta": meta,
        "lang": meta.lang,
        "direction": "rtl" if i18n.is_rtl(meta.lang) else "ltr",
        "labels": labels,
        # On the elements holding briefpub's words, when they are not in the briefing's language.
        "label_lang": (
            Markup(' lang="{}"').format(i18n.labels_language(meta.lang))
            if i18n.labels_language(meta.lang) != i18n.base_language(meta.lang)
            else ""
        ),
        "date_text": i18n.format_date(meta.date, meta.lang),
        "created": _created(briefing),
        "authors_text": i18n.join_names(meta.authors, meta.lang),
        "subject": meta.summary or (briefing.key_points[0] if briefing.key_points else briefing.title),
        "show_toc": (
            len(briefing.sections) >= options.toc_min_sections > 0
            if edition == "print"
            else len(briefing.sections) > 1  # on a screen, a linked list of the questions is cheap
        ),
        "anchors": anchors([section.question for section in briefing.sections]),
        "logo": data_url(style.logo.media_type, style.logo.data) if style.logo else "",
        # The dark scheme sets the logo on a light plate unless it is measured to read on the dark page.
        "logo_on_dark": style.logo is not None and reads_on_dark(style.logo.media_type, style.logo.data),
        # Shown by the web edition in the dark scheme instead of the logo on a light plate.
        "logo_dark": (
            data_url(style.logo_dark.media_type, style.logo_dark.data)
            if style.logo_dark and edition == "web"
            else ""
        ),
        "brand": style.brand,
        "stylesheets": stylesheets,
        "version": __version__,
        "edition": edition,
        "footnotes": briefing.footnotes,
        "notes": Notes(edition, {note.number: note for note in briefing.footnotes}),
        "show_urls": options.show_urls,
    }


def anchors(questions: list[str]) -> list[str]:
    """Return an id for each question made from its words, so a link to it lasts from build to build.

    ``Why are the crews striking?`` is ``why-are-the-crews-striking``; a
    question with no letters is ``q3``; a repeated one gets ``-2``.
    """
    out: list[str] = []
    for number, question in enumerate(questions, 1):
        slug = _NOT_WORD.sub("-", question.casefold()).strip("-")[:_MAX_ANCHOR].strip("-") or f"q{number}"
        candidate, n = slug, 1
        while candidate in out:
            n += 1
            candidate = f"{slug}-{n}"
        out.append(candidate)
    return out


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


def dark_tokens(brand: Brand) -> str:
    """Return the screen's colours derived from the brand's, as custom properties web.css uses.

    The dark scheme's (``--primary-dark``…), and the light scheme's text
    colours (``--primary-text``, ``--accent-text``: the brand's own, or darker
    where they would not reach AA on white); the PDF keeps the brand's as given.
    """
    dark = dark_scheme(brand.primary, brand.accent)
    light = light_text(brand.primary, brand.accent)
    return (
        f":root {{ --primary-dark: {dark.primary}; --accent-dark: {dark.accent}; "
        f"--tint-dark: {dark.tint}; --answer-tint-dark: {dark.answer_tint}; "
        f"--primary-text: {light.primary}; --accent-text: {light.accent}; }}\n"
    )


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


def read_resource(asked: Path, folders: list[Path]) -> tuple[Path, bytes]:
    """Return a file a template uses (image, font) and its bytes: inside the folders, regular, bounded."""
    path = template_file(asked, folders)
    try:
        return path, read_regular(path, MAX_RESOURCE_BYTES)
    except UnreadableFile as exc:
        raise OutsideTemplates(f"{asked}: {exc}") from None


def embed_url(target: str, folders: list[Path]) -> str:
    """Return a URL a page may keep: ``data:`` and ``#fragment`` as they are, a template file as ``data:``.

    Any other absolute URL (``http:``, ``file:``, ``/etc/...``) is refused, as the PDF renderer refuses it.
    """
    if not target or target.startswith("#") or target[:5].lower() == "data:":
        return target
    where = display_path(folders[0])
    if _ABSOLUTE_URL.match(target):
        raise TemplateError.at(
            where, None, f"refused {shorten(target, 80)}: only files in the template folders may be used"
        )
    try:
        path, data = read_resource(Path(unquote(re.split(r"[?#]", target, maxsplit=1)[0])), folders)
    except (OutsideTemplates, OSError) as exc:
        raise TemplateError.at(where, None, str(exc)) from None
    import mimetypes

    return data_url(
        sniff_image(data) or mimetypes.guess_type(path.name)[0] or "application/octet-stream", data
    )


def embed_urls(css: str, folders: list[Path]) -> str:
    """Return ``css`` with each ``url(...)`` a template file embedded as ``data:`` (see :func:`embed_url`)."""
    imports = css_imports(css)
    if imports:
        raise TemplateError.at(
            display_path(folders[0]),
            None,
            f"@import {shorten(imports[0][0], 80)} is not supported in the web edition: "
            "put the rules in custom.css",
        )
    return _CSS_URL.sub(lambda m: f'url("{embed_url(m.group(2).strip(), folders)}")', css)
