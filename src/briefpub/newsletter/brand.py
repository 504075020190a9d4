"""The house style, resolved once for every newsletter edition: ``[brand]`` with the project's CSS over it.

The PDF and the web edition apply ``custom.css`` as a stylesheet, so its
custom properties (``--primary``, ``--accent``, ``--font-body``,
``--font-heading``) win over ``briefpub.toml``. An e-mail client honours no
CSS variables and loads no web fonts, so the e-mail needs those values
themselves: they are read here, from the same file, with tinycss2, and the
logo is read once, as bytes every edition embeds its own way (a ``data:``
URL, an attached ``cid:`` image, a file beside the e-mail's page).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from briefpub import fontconfig
from briefpub.config import FAMILY_ALPHABET, FAMILY_MARKS, Brand, is_family_name
from briefpub.errors import Diagnostic, TemplateError, shorten
from briefpub.files import UnreadableFile, display_path, not_utf8, read_regular

if TYPE_CHECKING:  # imported where charts are drawn and a logo is read: most pages have neither
    from briefpub.drawn_charts import ChartStyle

CUSTOM_STYLESHEET = "custom.css"
_ADDRESS = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^[/\\]")
"""An absolute URL or path (``http:``, ``file:``, ``//host``, ``/etc``): never a file of the templates."""
MAX_LOGO_BYTES = 2_000_000
MAX_CUSTOM_CSS_BYTES = 2_000_000
_TOKENS = {
    "--primary": "primary",
    "--accent": "accent",
    "--font-body": "font_body",
    "--font-heading": "font_heading",
}
_COLOURS = ("primary", "accent")
BODY_FALLBACK = 'Georgia, "Times New Roman", serif'
"""What an e-mail shows where the reader lacks the body face: fonts every mail client's system has."""
HEADING_FALLBACK = "Helvetica, Arial, sans-serif"
MAX_FAMILIES = 10
"""The most families of a ``custom.css`` font list taken (only the first is used, in the e-mail)."""


@dataclass(frozen=True)
class Logo:
    """The masthead's image, read and told by content once."""

    media_type: str
    data: bytes = dataclasses.field(repr=False)
    where: str = "brand.logo"
    """The file as errors name it (``templates/logo.svg``)."""

    @property
    def file_name(self) -> str:
        """Return the name it is attached or written under: ``logo.png``, ``logo.svg``…"""
        return "logo." + {"image/jpeg": "jpg", "image/svg+xml": "svg"}.get(
            self.media_type, self.media_type.rpartition("/")[2]
        )


@dataclass(frozen=True)
class HouseStyle:
    """What every newsletter edition draws the brand with."""

    brand: Brand
    """``[brand]`` with the colours ``custom.css`` sets laid over it (what templates see)."""
    body_font: str | None
    """The body face: ``custom.css``'s ``--font-body`` (its first family), else ``[brand] font_body``."""
    heading_font: str | None
    """The heading face, likewise."""
    logo: Logo | None
    """The masthead's image, if ``brand.logo`` names one."""
    logo_dark: Logo | None
    """Its version for dark backgrounds (``brand.logo_dark``): the web edition's dark scheme shows it."""
    custom_css: str
    """The project's ``custom.css`` ('' when it has none), applied after the default stylesheet."""
    custom_css_path: Path | None
    """Where it was read, for messages."""
    web_fonts: tuple[str, ...]
    """Families ``custom.css`` brings as ``@font-face``: in the PDF and web edition, not in e-mail."""
    token_notes: tuple[Diagnostic, ...] = ()
    """A warning for each brand value in ``custom.css`` that is not a valid token (and so not used)."""

    def chart_style(self) -> ChartStyle:
        """Return what charts are drawn with: the brand's colours, the headings' face."""
        from briefpub.drawn_charts import ChartStyle

        return ChartStyle(self.brand.primary, self.brand.accent, self.heading_font)

    def email_fonts(self) -> tuple[str, str]:
        """Return the body and heading font stacks for e-mail: the brand's face, then system fonts."""
        body = f"{_quoted(self.body_font)}, {BODY_FALLBACK}" if self.body_font else BODY_FALLBACK
        heading = (
            f"{_quoted(self.heading_font)}, {HEADING_FALLBACK}" if self.heading_font else HEADING_FALLBACK
        )
        return body, heading

    def missing_fonts(self) -> list[Diagnostic]:
        """Return a warning for each brand face this machine lacks, naming the one fontconfig sets instead.

        WeasyPrint takes fontconfig's substitute without a word; a brand whose
        face is missing should hear which face its PDF is really set in.
        """
        notes = []
        for face, configured, key, generic in (
            (self.body_font, self.brand.font_body, "font_body", "serif"),
            (self.heading_font, self.brand.font_heading, "font_heading", "sans-serif"),
        ):
            if not face or face in self.web_fonts or is_installed(face):
                continue
            # Asked as the stylesheet asks: the face, then its kind. A face the machine's fontconfig
            # files give a stand-in (scripts/35-briefpub-faces.conf: Georgia as Caladea) is set in it.
            stand_in = next(iter(fontconfig.match(f"{fontconfig.escaped(face)},{generic}")[0]), generic)
            from_css = face != configured and self.custom_css_path is not None
            where = (
                display_path(self.custom_css_path) if from_css and self.custom_css_path else "briefpub.toml"
            )
            notes.append(
                Diagnostic(
                    where,
                    None,
                    f"font {face!r} ({'--' + key.replace('_', '-') if from_css else 'brand.' + key}) is not "
                    f"installed: the PDF falls back to {stand_in!r} ({generic}); install it or name another",
                )
            )
        return notes

    def email_notes(self) -> list[Diagnostic]:
        """Return what the e-mail cannot carry of the brand, said rather than dropped silently."""
        where = display_path(self.custom_css_path) if self.custom_css_path else "custom.css"
        notes = list(self.token_notes)
        for family in self.web_fonts:
            fallback = HEADING_FALLBACK if family == self.heading_font else BODY_FALLBACK
            notes.append(
                Diagnostic(
                    where,
                    None,
                    f"the e-mail names the web font {family!r} but cannot carry it (mail clients load no "
                    f"fonts): readers who lack it see {fallback.split(',')[0]}",
                )
            )
        return notes


def is_installed(family: str) -> bool:
    """Return whether fontconfig has ``family`` itself (True where it cannot tell, so nothing is said)."""
    names = fontconfig.match(fontconfig.escaped(family))[0]
    return not names or fontconfig.has(names, family)


def house_style(brand: Brand, templates: Path | None) -> HouseStyle:
    """Return the house style for ``brand`` and the project's template folder (remembered per file stamp)."""
    css_path = templates / CUSTOM_STYLESHEET if templates is not None else None
    css_stamp = _stamp(css_path) if css_path is not None else None
    logo_stamp = tuple(_stamp(logo) if logo is not None else None for logo in (brand.logo, brand.logo_dark))
    return _resolved(brand, css_path if css_stamp else None, css_stamp, logo_stamp)


@functools.lru_cache(maxsize=8)
def _resolved(brand: Brand, css_path: Path | None, _css_stamp: object, _logo_stamp: object) -> HouseStyle:
    css = _read_css(css_path) if css_path is not None else ""
    where = display_path(css_path) if css_path is not None else CUSTOM_STYLESHEET
    tokens, fonts, notes = _tokens(css, where) if css else ({}, (), ())
    body = tokens.pop("font_body", None) or brand.font_body
    heading = tokens.pop("font_heading", None) or brand.font_heading
    return HouseStyle(
        brand=dataclasses.replace(brand, **tokens),
        body_font=body,
        heading_font=heading,
        logo=_read_logo(brand.logo) if brand.logo is not None else None,
        logo_dark=_read_logo(brand.logo_dark, "logo_dark") if brand.logo_dark is not None else None,
        custom_css=css,
        custom_css_path=css_path,
        web_fonts=tuple(family for family in fonts if family in (body, heading)),
        token_notes=notes,
    )


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


def _read_css(path: Path) -> str:
    """Read ``custom.css`` as templates are: a regular file inside the template folder, links resolved."""
    where = display_path(path)
    if not path.resolve().is_relative_to(path.parent.resolve()):
        raise TemplateError.at(where, None, "leads outside the template folder; refused")
    try:
        data = read_regular(path, MAX_CUSTOM_CSS_BYTES)
    except UnreadableFile as exc:
        raise TemplateError.at(where, None, str(exc)) from None
    try:
        css = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError.at(where, *not_utf8(data, exc)) from None
    _check_shape(css, where)  # first: tinycss2 recurses into what is nested
    _check_references(css, path)
    return css


MAX_CSS_DEPTH = 64
"""Blocks, brackets and functions ``custom.css`` may nest (5,000 was an internal RecursionError)."""
MAX_VAR_EXPANSION = 100_000
"""Characters a custom property may stand for once its ``var()`` are replaced (8 to the 7th took 2 GB)."""
MAX_CSS_NUMBER = 1_000_000
"""A length ``custom.css`` may give, a number with a unit (a 1e30px font: internal ZeroDivisionError)."""
MAX_COLUMNS = 100
"""``column-count`` at most this (100,000 columns laid out for minutes)."""
_VAR_DEFINITION = re.compile(r"(--[\w-]+)\s*:([^;{}]*)")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
_BIG_NUMBER = re.compile(r"(?<![\w#-])[-+]?(\d{7,}|\d*\.?\d+[eE][-+]?\d+)(?:\.\d*)?[a-zA-Z%]+")
_COLUMNS = re.compile(r"column-count\s*:\s*(\d+)", re.IGNORECASE)
_BRACKET = re.compile(r"[{}()\[\]]")


_STRINGS_AND_ESCAPES = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|\\[0-9a-fA-F]{1,6}\s?|\\.', re.S)
"""A CSS string (quotes, escapes and all) or an escape outside one."""


def _check_shape(css: str, where: str) -> None:
    """Refuse a ``custom.css`` WeasyPrint could not lay out in bounded time and memory, at its line.

    Nesting deeper than :data:`MAX_CSS_DEPTH`; a custom property that
    expands, through ``var()`` of ``var()``, past :data:`MAX_VAR_EXPANSION`
    characters; a number beyond :data:`MAX_CSS_NUMBER` (or in exponent form
    past it) with a unit (``z-index: 2147483647`` stays); ``column-count``
    beyond :data:`MAX_COLUMNS`.
    """
    text = re.sub(r"/\*.*?(\*/|$)", lambda m: "\n" * m[0].count("\n"), css, flags=re.S)  # comments out
    # Strings and escapes are text, not numbers or brackets: a title in a running head's string
    # (an escaped U+3E8A1 reads "3e8a1") or with sixty-five "(" is not a huge length or a deep nest.
    bare = _STRINGS_AND_ESCAPES.sub(lambda m: '""' + "\n" * m[0].count("\n"), text)
    depth = 0
    for bracket in _BRACKET.finditer(bare):  # only brackets change the depth: not every character looked at
        depth += 1 if bracket[0] in "{([" else -1
        if depth > MAX_CSS_DEPTH:
            line = bare.count("\n", 0, bracket.start()) + 1
            raise TemplateError.at(where, line, f"blocks or brackets nested more than {MAX_CSS_DEPTH} deep")
    definitions: dict[str, tuple[str, int]] = {}
    for match in _VAR_DEFINITION.finditer(text):
        definitions[match[1]] = (match[2], text.count("\n", 0, match.start()) + 1)
    sizes: dict[str, int] = {}

    def size(name: str, seen: frozenset[str]) -> int:
        if name in seen or name not in definitions:
            return 0
        if name not in sizes:
            value = definitions[name][0]
            sizes[name] = min(
                len(value) + sum(size(used, seen | {name}) for used in _VAR_USE.findall(value)),
                MAX_VAR_EXPANSION + 1,
            )
        return sizes[name]

    for name, (_, line) in definitions.items():
        if size(name, frozenset()) > MAX_VAR_EXPANSION:
            raise TemplateError.at(
                where,
                line,
                f"{shorten(name, 40)} stands for more than {MAX_VAR_EXPANSION:,} characters "
                "once its var() are replaced",
            )
    for match in _BIG_NUMBER.finditer(bare):
        try:
            value = abs(float(re.match(r"[-+]?[\d.]+(?:[eE][-+]?\d+)?", match[0].lstrip("+-"))[0]))  # type: ignore[index]
        except (TypeError, ValueError):
            continue
        if value > MAX_CSS_NUMBER:
            line = bare.count("\n", 0, match.start()) + 1
            raise TemplateError.at(
                where, line, f"{shorten(match[0], 30)}: a number larger than {MAX_CSS_NUMBER:,}"
            )
    for match in _COLUMNS.finditer(bare):
        if int(match[1]) > MAX_COLUMNS:
            line = bare.count("\n", 0, match.start()) + 1
            raise TemplateError.at(
                where, line, f"column-count {shorten(match[1], 20)}: at most {MAX_COLUMNS}"
            )


def _check_references(css: str, path: Path) -> None:
    """Refuse an ``@import`` or a ``url()`` no edition may follow, at its line, naming what it asks for.

    An address (``http:``, ``file:``, ``/etc/…``) or a path that leads out
    of the template folders; the PDF may use a file beside ``custom.css``
    (the web edition embeds it; it refuses every ``@import``, naming it too).
    Refused later, inside WeasyPrint, an ``@import`` ended ``pdf`` in a long
    traceback, and a ``url()`` was named without its file and line.
    """
    from briefpub.fetches import css_imports, css_url_lines

    where = display_path(path)
    for kind, target, line in [
        *(("@import", target, line) for target, line in css_imports(css)),
        *(("url", target, line) for target, line in css_url_lines(css)),
    ]:
        problem = _refused(target, path.parent)
        if problem:
            shown = f"@import {shorten(target, 80)}" if kind == "@import" else f"url({shorten(target, 80)})"
            advice = " (put the rules in custom.css)" if kind == "@import" else ""
            raise TemplateError.at(where, line, f"{shown} refused: {problem}{advice}")


def _refused(target: str, folder: Path) -> str:
    """Return why a stylesheet may not use ``target`` ('' if it may): an address, a path leading out."""
    from briefpub.newsletter.page import OutsideTemplates, template_file
    from briefpub.newsletter.templating import template_folders

    if not target or target.startswith("#") or target[:5].lower() == "data:":
        return ""
    if _ADDRESS.match(target):
        return "only files in the template folders may be used"
    try:
        template_file(Path(unquote(re.split(r"[?#]", target, maxsplit=1)[0])), template_folders(folder))
    except OutsideTemplates:
        return "it leads outside the template folders"
    except OSError:
        return ""  # a file not there: said where it is used, as for any missing file
    return ""


def _tokens(css: str, where: str) -> tuple[dict[str, Any], tuple[str, ...], tuple[Diagnostic, ...]]:
    """Return the brand values ``:root`` (or ``html``) rules set, the ``@font-face`` families, and warnings.

    A value is taken only as a validated token (a colour as ``#RRGGBB``, a
    font as a list of family names of a safe alphabet); anything else is a
    warning at its ``custom.css:LINE`` and is not used, never copied raw into
    the e-mail's stylesheet (where ``</style><script>`` would end it).
    """
    import tinycss2
    import tinycss2.color3

    tokens: dict[str, Any] = {}
    fonts: list[str] = []
    notes: list[Diagnostic] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "font-face" and rule.content:
            for declaration in tinycss2.parse_declaration_list(rule.content, True, True):
                if declaration.type == "declaration" and declaration.lower_name == "font-family":
                    families = font_families(declaration.value)
                    fonts.append(families[0] if families else "")
        if rule.type != "qualified-rule" or tinycss2.serialize(rule.prelude).strip().lower() not in (
            ":root",
            "html",
        ):
            continue
        for declaration in tinycss2.parse_declaration_list(rule.content, True, True):
            name = _TOKENS.get((declaration.type == "declaration" and declaration.name) or "")
            if name is None:
                continue
            value = tinycss2.serialize(declaration.value).strip()
            if name in _COLOURS:
                colour = tinycss2.color3.parse_color(value)
                if colour is not None and colour != "currentColor":
                    red, green, blue = (round(channel * 255) for channel in colour[:3])
                    tokens[name] = f"#{red:02X}{green:02X}{blue:02X}"
                    continue
                expected = "a colour (#RRGGBB, rgb(), a colour name)"
            else:
                families = font_families(declaration.value)
                if families:
                    tokens[name] = families[0]
                    continue
                expected = f"a list of font family names ({FAMILY_ALPHABET})"
            notes.append(
                Diagnostic(
                    where,
                    declaration.source_line,
                    f"{declaration.name}: {shorten(value, 60)!r} is not {expected}; the e-mail ignores it",
                )
            )
    return tokens, tuple(font for font in fonts if font), tuple(notes)


def font_families(tokens: Any) -> list[str]:
    """Return the family names of a CSS ``font-family`` value (tinycss2 tokens), or [] if it is not one.

    Each family is a string or words (identifiers) between commas, made only
    of letters, digits, spaces and ``- _ . & +``, at most
    :data:`briefpub.config.MAX_FAMILY` characters; generic families (``serif``) are names too.
    """
    families: list[str] = []
    current: list[str] = []
    quoted = False  # the family is a string: nothing may follow it before the comma
    for token in [*tokens, None]:
        if token is None or (token.type == "literal" and token.value == ","):
            name = " ".join(current)
            if not is_family_name(name):
                return []
            families.append(name)
            current, quoted = [], False
        elif token.type == "whitespace":
            continue
        elif token.type in ("string", "ident") and not quoted and not (token.type == "string" and current):
            current.append(token.value)
            quoted = token.type == "string"
        else:
            return []
    return families[:MAX_FAMILIES]


def _quoted(family: str) -> str:
    """Return a family name as a CSS string; anything outside the safe alphabet as a CSS escape."""
    return '"' + "".join(c if c.isalnum() or c in FAMILY_MARKS else f"\\{ord(c):x} " for c in family) + '"'


def _read_logo(path: Path, key: str = "logo") -> Logo:
    """Read and check the logo as a figure is (size, pixels, an SVG's drawn elements and references)."""
    from briefpub.reader import figures

    where = display_path(path)
    try:
        kind, _, _, data = figures.load(
            path, where, max_bytes=MAX_LOGO_BYTES, kinds=figures.LOGO_TYPES, what=f"a logo (brand.{key})"
        )
    except figures.ImageProblem as problem:
        raise TemplateError.at(where, None, f"{key} (brand.{key} in briefpub.toml): {problem}") from None
    return Logo(kind, data, where)
