"""The e-mail edition: the newsletter as e-mail clients take it, its plain-text twin, and the ``.eml``.

The HTML comes from ``email.html`` (templates override it as the newsletter's)
with ``email.css`` inlined into every element by css-inline, brand colours
resolved; figures are attached as ``cid:`` images (SVG drawn to PNG, large
bitmaps scaled to twice the column). The plain-text part is written here: a
reader of text mail gets every word, wrapped at 72 columns, with headings
underlined and links as numbered references. Everything is reproducible:
the date, the Message-ID and the MIME boundaries come from the briefing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from briefpub import i18n
from briefpub.config import Brand, EmailConfig, PdfConfig
from briefpub.drawn_charts import draw_charts
from briefpub.errors import ConfigError, Diagnostic, Warn, shorten
from briefpub.files import display_path
from briefpub.model.briefing import Block, Briefing, Figure, ListBlock, Table, inlines_of, source_date
from briefpub.model.richtext import Code, Emphasis, Inline, Link, NoteRef, Strong, Text, plain_text
from briefpub.newsletter import headers
from briefpub.newsletter.brand import HouseStyle, house_style
from briefpub.newsletter.images import asset_names, cid
from briefpub.newsletter.inert import check_inert
from briefpub.newsletter.page import check_fetches_nothing, newsletter_context, style_text
from briefpub.newsletter.schemes import dark_scheme, light_text
from briefpub.newsletter.templating import read_template_file, render, template_folders
from briefpub.rasterise import kept_svg_to_png

if TYPE_CHECKING:
    from briefpub.cache import Cache

EMAIL_TEMPLATE = "email.html"
EMAIL_STYLESHEET = "email.css"
GMAIL_CLIPS_AT = 102 * 1024
"""Gmail shows only this much of a message's HTML, then a "[Message clipped]" link."""
IMAGE_WIDTH = 1120
"""Figures are attached at most this wide: twice the 560-pixel column, sharp on high-density screens."""
TEXT_WIDTH = 72
"""The plain-text part's line length."""
_SVG_MEDIA = "image/svg+xml"
_MAIL_IMAGES = ("image/png", "image/jpeg", "image/gif")
"""What every mail client shows; a logo in another format is drawn to PNG."""
LOGO_HEIGHT = 40
"""The masthead logo's height in the e-mail, in CSS pixels (its file is twice that, for sharp screens)."""


@dataclass(frozen=True)
class EmailEdition:
    """The e-mail edition of a briefing: the message, and its HTML as a page with image files beside it."""

    message: bytes
    """The ``.eml``: plain text and HTML alternatives, the images attached as ``cid:`` parts."""
    page: str
    """The HTML for a newsletter service (``.email.html``): the images named as files, not ``cid:``."""
    assets: dict[str, bytes]
    """Each image by file name (``figure-1.png``, ``logo.png``), once however often it is used."""


def render_email(
    briefing: Briefing,
    *,
    templates: Path | None = None,
    brand: Brand | None = None,
    options: PdfConfig | None = None,
    email: EmailConfig | None = None,
    asset_base: str = "",
    warn: Warn | None = None,
    page_name: str | None = None,
    cache: Cache | None = None,
) -> EmailEdition:
    """Return the e-mail edition; ``page`` names images as ``asset_base`` + their file names.

    ``asset_base`` is where the page's images will be: ``weekly.email/`` for
    files beside it, ``https://…/weekly.email/`` under ``[email] asset_url``.
    ``page_name`` is the web edition's file (``weekly.html``, else the
    source's name): a ``web_url`` that is a folder links to it there.
    SVG images drawn as PNG are kept in ``cache``, as the deck's figures are.
    """
    style = house_style(brand or Brand(), templates)
    email = _with_page_link(email or EmailConfig(), briefing, page_name)
    if warn is not None and email.sender is None:
        warn(NO_SENDER)
    # A chart is a picture in mail: its alt text spells out its data (no client shows a hidden table).
    briefing = draw_charts(briefing, style.chart_style(), "png", data_in_alt=True)
    names = asset_names(briefing)
    html = _render_html(briefing, style, templates, options, email, names, None, warn)
    page = _render_html(briefing, style, templates, options, email, names, asset_base, None)
    if warn is not None:
        for note in [*style.email_notes(), *filter(None, [_date_note(briefing), _subject_note(briefing)])]:
            warn(note)
    assets = _assets(briefing, style, names, cache)
    return EmailEdition(_message(briefing, html, email, assets, style.brand), page, assets)


NO_SENDER = Diagnostic(
    "briefpub.toml",
    None,
    'the e-mail has no From: address: set [email] from (such as "Desk <desk@example.com>") '
    "or let the sending service add it",
)
"""Said once a build when ``[email] from`` is not set: a message without ``From:`` is not complete."""


def web_link(web_url: str, page_name: str | None) -> str:
    """Return where "View in your browser" leads: ``web_url``, or the page in it when it is a folder.

    ``https://x/briefings/`` is where the pages are, not one of them: the
    link is ``https://x/briefings/weekly.html``. An address with a file name,
    query or fragment is taken as the page itself.
    """
    if page_name and web_url.endswith("/"):
        return web_url + quote(page_name)
    return web_url


def _with_page_link(email: EmailConfig, briefing: Briefing, page_name: str | None) -> EmailConfig:
    if not email.web_url:
        return email
    name = page_name or (f"{briefing.source.stem}.html" if briefing.source else None)
    return dataclasses.replace(email, web_url=web_link(email.web_url, name))


def _render_html(
    briefing: Briefing,
    style: HouseStyle,
    templates: Path | None,
    options: PdfConfig | None,
    email: EmailConfig,
    names: dict[int, str],
    asset_base: str | None,
    warn: Warn | None,
) -> str:
    """Return the e-mail's HTML, images as ``cid:`` (``asset_base`` None) or as ``asset_base`` + name."""
    import css_inline

    brand = style.brand
    body_font, heading_font = style.email_fonts()
    # The values themselves, not variables: css-inline writes them into every element.
    text = light_text(brand.primary, brand.accent)  # the brand's colours, darker where too light to read
    tokens = (
        f":root {{ --primary: {brand.primary}; --accent: {brand.accent}; "
        f"--primary-text: {text.primary}; --accent-text: {text.accent}; "
        f"--font-body: {body_font}; --font-heading: {heading_font}; }}\n"
    )
    context = newsletter_context(briefing, style, options or PdfConfig(), [], edition="email")
    logo = "" if style.logo is None else _logo_name(style)
    context |= {
        "stylesheet": style_text(
            tokens + dark_colours(read_template_file(templates, EMAIL_STYLESHEET), brand)
        ),
        "preheader": preheader(briefing),
        "web_url": email.web_url or "",
        "asset_names": names,
        "asset_base": asset_base,
        "logo": "" if not logo else (f"{asset_base}{logo}" if asset_base is not None else f"cid:{cid(logo)}"),
    }
    where = display_path(template_folders(templates)[0])
    own = (
        {f"{asset_base}{name}" for name in [*names.values(), logo] if name}
        if asset_base is not None
        else set()
    )

    def allowed(url: str) -> bool:
        return url.startswith("cid:") if asset_base is None else url in own

    page = render(templates, EMAIL_TEMPLATE, context)
    check_fetches_nothing(page, where, "the e-mail", allowed)
    inlined: str = css_inline.inline(
        page,
        keep_at_rules=True,  # the dark scheme stays a <style>; everything else moves into the elements
        load_remote_stylesheets=False,
        resolve_css_variables=True,
    )
    check_fetches_nothing(inlined, where, "the e-mail", allowed)
    check_inert(inlined, where, "the e-mail")
    size = len(inlined.encode("utf-8"))
    if size > GMAIL_CLIPS_AT and warn is not None:
        hint = "" if email.web_url else "; set [email] web_url so readers can open the web edition"
        warn(
            Diagnostic(
                _where(briefing),
                None,
                f"the e-mail's HTML is {size // 1024} KB: Gmail clips messages over 102 KB and shows the "
                f"rest behind a link{hint}",
            )
        )
    return inlined


def dark_colours(css: str, brand: Brand) -> str:
    """Return ``css`` with the dark scheme's ``var(--primary-dark)``… written as the brand's colours.

    They are used inside ``@media (prefers-color-scheme: dark)``, which stays a
    ``<style>`` rule: css-inline resolves no variable there, and mail clients know none.
    """
    dark = dark_scheme(brand.primary, brand.accent)
    values = {
        "--primary-dark": dark.primary,
        "--accent-dark": dark.accent,
        "--tint-dark": dark.tint,
        "--answer-tint-dark": dark.answer_tint,
    }
    return _DARK_TOKEN.sub(lambda m: values[m[1]], css)


_DARK_TOKEN = re.compile(r"var\(\s*(--primary-dark|--accent-dark|--tint-dark|--answer-tint-dark)\s*\)")


def preheader(briefing: Briefing) -> str:
    """Return the line inboxes show after the subject: the summary, else the first key point."""
    text = briefing.meta.summary or (briefing.key_points[0] if briefing.key_points else "")
    return shorten(str(text), 150)


def render_eml(
    briefing: Briefing,
    *,
    templates: Path | None = None,
    brand: Brand | None = None,
    options: PdfConfig | None = None,
    email: EmailConfig | None = None,
    warn: Warn | None = None,
) -> bytes:
    """Return the message: ``multipart/alternative`` of the plain text and the HTML with its images."""
    return render_email(
        briefing, templates=templates, brand=brand, options=options, email=email, warn=warn
    ).message


def _message(
    briefing: Briefing, html: str, email: EmailConfig, assets: dict[str, bytes], brand: Brand
) -> bytes:
    """Return the ``.eml``: reproducible, its date, Message-ID and boundaries taken from the content.

    The email package writes the MIME structure; the fields that carry text
    (Subject, From, Reply-To) are written by :mod:`briefpub.newsletter.headers`,
    which never lets the package decode them into structure.
    """
    text = render_email_text(briefing, email.web_url, brand.disclaimer)
    seed = hashlib.sha256((html + text).encode("utf-8")).hexdigest()
    message = EmailMessage(policy=policy.SMTP)
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    html_part = message.get_payload()[1]  # type: ignore[index]
    assert isinstance(html_part, EmailMessage)
    for name, data in assets.items():
        subtype = {"jpg": "jpeg"}.get(name.rpartition(".")[2], name.rpartition(".")[2])
        html_part.add_related(data, maintype="image", subtype=subtype, cid=f"<{cid(name)}>", filename=name)
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"briefpub-{seed[:24]}-{number}")
    return _header_fields(briefing, email, seed) + message.as_bytes(policy=policy.SMTP)


def _header_fields(briefing: Briefing, email: EmailConfig, seed: str) -> bytes:
    """Return the message's own fields: Subject, From, Reply-To, Date, Message-ID, checked as read back."""
    fields = [headers.subject(str(briefing.title))]
    for name, key, value in (("From", "from", email.sender), ("Reply-To", "reply_to", email.reply_to)):
        if value:
            try:
                fields.append(headers.mailbox(name, value))
            except headers.HeaderProblem as exc:
                raise ConfigError.at("briefpub.toml", None, f"email.{key}: {exc}") from None
    stamp = source_date(briefing)
    date = headers.date("Date", stamp) if stamp is not None else None
    if date is not None:
        fields.append(date)
    fields.append(headers.fixed("Message-ID", f"<{seed[:32]}@briefpub>"))  # the content's hash
    return headers.header_block(fields)


def _subject_note(briefing: Briefing) -> Diagnostic | None:
    """Return why the Subject is shorter than the title (a title longer than any inbox shows), if it is."""
    length = len(headers.one_line(str(briefing.title)))
    if length <= headers.MAX_SUBJECT:
        return None
    return Diagnostic(
        _where(briefing),
        None,
        f"the title is {length:,} characters: the e-mail's Subject carries the first {headers.MAX_SUBJECT:,}",
    )


def _date_note(briefing: Briefing) -> Diagnostic | None:
    """Return why the message has no Date although the briefing has one (a year mail readers misread)."""
    stamp = source_date(briefing)
    if stamp is None or headers.date("Date", stamp) is not None:
        return None
    return Diagnostic(
        _where(briefing),
        None,
        f"the date {stamp.date().isoformat()} is before the year {headers.EARLIEST_YEAR}, which mail "
        f"programs read as 19{stamp.year % 100:02d} or 20{stamp.year % 100:02d}: the e-mail has no Date "
        "header (a mail service dates it when it is sent)",
    )


def _assets(
    briefing: Briefing, style: HouseStyle, names: dict[int, str], cache: Cache | None = None
) -> dict[str, bytes]:
    """Return every image the e-mail shows by file name: the logo, then each distinct figure."""
    assets: dict[str, bytes] = {}
    if style.logo is not None:
        assets[_logo_name(style)] = _logo_bytes(style, cache)
    for figure in briefing.figures():
        name = names[figure.number]
        if name not in assets:
            assets[name] = attachment(figure, cache)[0]
    return assets


def _logo_name(style: HouseStyle) -> str:
    assert style.logo is not None
    # Many mail clients show neither SVG nor WebP: those are drawn to PNG.
    return style.logo.file_name if style.logo.media_type in _MAIL_IMAGES else "logo.png"


def _logo_bytes(style: HouseStyle, cache: Cache | None) -> bytes:
    logo = style.logo
    assert logo is not None
    if logo.media_type in _MAIL_IMAGES:
        return logo.data
    if logo.media_type == _SVG_MEDIA:
        return kept_svg_to_png(logo.data, logo.where, cache, height=LOGO_HEIGHT * 2)
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(logo.data)).save(out, format="PNG")
    return out.getvalue()


def attachment(figure: Figure, cache: Cache | None = None) -> tuple[bytes, str]:
    """Return a figure's image as attached to the e-mail, and its subtype: PNG or JPEG, at most 1120 px wide.

    Many e-mail clients show no SVG, so an SVG is drawn to PNG; a larger
    bitmap is scaled down (it would only make the message heavy).
    """
    if figure.media_type == _SVG_MEDIA:
        width = min(IMAGE_WIDTH, max(figure.width * 2, 1))
        return kept_svg_to_png(figure.data, display_path(figure.path), cache, width=width), "png"
    subtype = "jpeg" if figure.media_type == "image/jpeg" else "png"
    if figure.width <= IMAGE_WIDTH:
        return figure.data, subtype
    from PIL import Image

    image: Any = Image.open(io.BytesIO(figure.data))
    height = max(1, round(figure.height * IMAGE_WIDTH / figure.width))
    scaled = image.convert("RGB" if subtype == "jpeg" else image.mode).resize(
        (IMAGE_WIDTH, height), Image.Resampling.LANCZOS
    )
    out = io.BytesIO()
    scaled.save(
        out, format="JPEG" if subtype == "jpeg" else "PNG", **({"quality": 85} if subtype == "jpeg" else {})
    )
    return out.getvalue(), subtype


def _where(briefing: Briefing) -> str:
    return display_path(briefing.source) if briefing.source else "<string>"


# --- the plain-text part -------------------------------------------------------------------------


class _TextWriter:
    """Writes the briefing as text mail: wrapped, underlined headings, links as numbered references."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.labels = i18n.labels(briefing.meta.lang)
        self.links: list[str] = []
        self.out: list[str] = []

    def write(self, web_url: str | None, disclaimer: str | None = None) -> str:
        briefing, labels = self.briefing, self.labels
        meta = briefing.meta
        if web_url:
            self.out += [f"{labels.view_online}: {web_url}", ""]
        issue = f"{labels.issue} {meta.issue}" if meta.issue else ""  # as the HTML's masthead says it
        masthead = " · ".join(filter(None, [meta.publication, issue, i18n.format_date(meta.date, meta.lang)]))
        if masthead:
            self.out += [masthead, ""]
        self.heading(self.inline(briefing.title), "=")
        if meta.subtitle:
            self.paragraph(meta.subtitle)
        byline = i18n.join_names(meta.authors, meta.lang)
        if byline:
            self.paragraph(byline)
        if briefing.key_points:
            self.out += [labels.key_points.upper(), ""]
            for point in briefing.key_points:
                self.paragraph(self.inline(point), first="  * ", rest="    ")
        self.blocks(briefing.introduction)
        for section in briefing.sections:
            self.heading(self.inline(section.question), "-")
            self.paragraph(f"{labels.bottom_line.upper()}: {self.inline(section.answer)}")
            self.blocks(section.body)
        if briefing.footnotes:
            self.out += [labels.notes.upper(), ""]
            for note in briefing.footnotes:
                self.paragraph(self.inline(note.text), first=f"[note {note.number}] ", rest="    ")
        if self.links:
            self.out += ["-" * 20, ""]
            for number, href in enumerate(self.links, 1):
                self.out.append(f"[{number}] {href}")
            self.out.append("")
        if disclaimer:  # the closing line every edition ends with ([brand] disclaimer)
            self.out += ["-- ", ""]  # a signature's separator: mail readers set what follows apart
            self.paragraph(disclaimer)
        return "\n".join(self.out).rstrip() + "\n"

    def heading(self, text: str, underline: str) -> None:
        lines = _wrap(text, "", "")
        self.out += [*lines, underline * min(TEXT_WIDTH, max(len(line) for line in lines)), ""]

    def paragraph(self, text: str, first: str = "", rest: str = "") -> None:
        self.out += [*_wrap(text, first, rest), ""]

    def blocks(self, blocks: Sequence[Block]) -> None:
        for block in blocks:
            if isinstance(block, ListBlock):
                for number, item in enumerate(block.items, block.start):
                    mark = f"  {number}. " if block.ordered else "  * "
                    self.out += _wrap(self.inline(item), mark, " " * len(mark))
                self.out.append("")
            elif isinstance(block, Figure):
                caption = self.inline(block.caption)
                self.paragraph(f"[{self.labels.figure} {block.number}: {caption}]")
                if block.data_table is not None:  # a chart: its data, for a reader of plain text
                    self.table(block.data_table, label=False)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, str):
                self.paragraph(self.inline(block))

    def table(self, table: Table, label: bool = True) -> None:
        """Set a table in columns when it fits the text's width, else a row per paragraph."""
        if label:
            caption = self.inline(table.caption)
            self.paragraph(f"{self.labels.table} {table.number}: {caption}".rstrip(": "))
        rows = [[self.inline(cell) for cell in row] for row in (table.header, *table.rows)]
        widths = [max(len(row[n]) for row in rows) for n in range(len(table.header))]
        if sum(widths) + 3 * (len(widths) - 1) <= TEXT_WIDTH:
            for number, row in enumerate(rows):
                cells = (
                    cell.rjust(width) if table.alignment(n) == "right" else cell.ljust(width)
                    for n, (cell, width) in enumerate(zip(row, widths, strict=True))
                )
                self.out.append(" | ".join(cells).rstrip().replace(_KEEP, " "))
                if number == 0:
                    self.out.append("-+-".join("-" * width for width in widths))
            self.out.append("")
        else:
            for row in rows[1:]:
                pairs = (f"{name}: {cell}" for name, cell in zip(rows[0], row, strict=True) if cell)
                self.paragraph("; ".join(pairs), first="  * ", rest="    ")

    def inline(self, text: str) -> str:
        return "".join(self.node(node) for node in inlines_of(text))

    def node(self, node: Inline) -> str:
        if isinstance(node, Text | Code):
            return node.text
        if isinstance(node, NoteRef):
            return f" [note{_KEEP}{node.number}]"  # one unbreakable word: never "[note" and "3]" apart
        if isinstance(node, Link):
            shown = plain_text(node.children)
            if shown in (node.href, node.href.removeprefix("mailto:")):
                return shown
            if node.href not in self.links:
                self.links.append(node.href)
            return (
                f"{''.join(self.node(child) for child in node.children)} [{self.links.index(node.href) + 1}]"
            )
        if isinstance(node, Emphasis | Strong):
            return "".join(self.node(child) for child in node.children)
        return ""


def render_email_text(briefing: Briefing, web_url: str | None = None, disclaimer: str | None = None) -> str:
    """Return the message's plain-text part, ending with ``disclaimer`` (``[brand] disclaimer``)."""
    return _TextWriter(briefing).write(web_url, disclaimer)


_KEEP = "\ue000"
"""A space no line may break at (a private-use character while wrapping, a space in the text)."""


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """Return ``text`` wrapped at :data:`TEXT_WIDTH`; addresses, long words, note markers never broken."""
    lines = textwrap.wrap(
        " ".join(text.split()),
        TEXT_WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
    return [line.replace(_KEEP, " ") for line in lines]
