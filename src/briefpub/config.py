"""The project and its ``briefpub.toml``: read once, validated into typed objects, all errors at once."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from briefpub.edition_names import EDITIONS
from briefpub.errors import ConfigError, Diagnostic, did_you_mean
from briefpub.files import display_path, not_utf8
from briefpub.model.briefing import Meta
from briefpub.reader import MARKUP_VALUES
from briefpub.reader.decode import DEFAULT_MAX_BYTES, MAX_MAX_BYTES, REPLACING, encoding_problem

CONFIG_NAME = "briefpub.toml"
MAX_CONFIG_BYTES = 1_000_000
"""A briefpub.toml is a few kB: a larger one is refused before it is read (bounded memory and time)."""
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
SLIDE_ROLES = ("title", "key_points", "agenda", "question", "figure")


@dataclass(frozen=True)
class Brand:
    """House colours, fonts and logo, shared by the newsletter and the deck."""

    primary: str = "#14365D"
    """Headings, masthead rule and deck title bars (``#RRGGBB``)."""
    accent: str = "#B5452B"
    """The bottom-line callout and small highlights (``#RRGGBB``)."""
    font_body: str | None = None
    """Body text font family; None keeps the newsletter templates' and the deck master's own."""
    font_heading: str | None = None
    """Heading font family; None keeps the newsletter templates' and the deck master's own."""
    logo: Path | None = None
    """An image for the masthead, resolved against the project root."""
    logo_dark: Path | None = None
    """The logo drawn for a dark background; without it the dark scheme sets ``logo`` on a light plate."""
    disclaimer: str | None = None
    """The closing line (a distribution notice, a disclaimer) every edition ends with, e-mail text too."""


@dataclass(frozen=True)
class PdfConfig:
    """The ``[pdf]`` table."""

    paper: str = "a4"
    """``a4`` or ``letter``."""
    variant: str | None = None
    """A WeasyPrint PDF variant such as ``pdf/a-3b``; None gives a tagged PDF."""
    toc_min_sections: int = 6
    """Briefings with at least this many questions get a list of questions with page numbers."""
    show_urls: bool = False
    """Print each link's address after its text, for readers of the paper copy."""


@dataclass(frozen=True)
class EmailConfig:
    """The ``[email]`` table."""

    sender: str | None = None
    """The ``From`` header (``[email] from``): ``Meridian Risk <desk@example.com>``."""
    reply_to: str | None = None
    """The ``Reply-To`` header."""
    web_url: str | None = None
    """Where the web edition is published; the e-mail links to it ("view in your browser")."""
    asset_url: str | None = None
    """Where the output folder is published: ``.email.html`` then names its images there, absolutely.

    Without it the images are files beside that page (``<stem>.email/figure-1.png``),
    for a newsletter service that takes a page and its images together.
    """


@dataclass(frozen=True)
class SlidesConfig:
    """The ``[slides]`` table."""

    master: Path | None = None
    """The deck's .pptx/.potx master (``[slides] master``, 0.2's ``template``); None uses
    ``templates/deck.pptx`` or the packaged one."""
    agenda: bool = False
    """Add a slide listing the questions after the key points."""
    layouts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Layout name per role (title, key_points, agenda, question) for masters named otherwise."""
    mapped_at: Mapping[str, tuple[str, int | None]] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False
    )
    """Where each role of ``layouts`` is written (``briefpub.toml``, its line): a mistake is said there.

    Neither compared nor in the repr, so a comment that moves the lines rebuilds nothing.
    """
    title_max_pt: float | None = None
    """A cap on title sizes; None keeps the master's own size as the largest."""
    title_min_pt: float = 20
    """Smallest legible title size; below it briefpub warns instead of shrinking."""
    body_max_pt: float | None = None
    """A cap on the answer and key points; None keeps the master's own size as the largest."""
    body_min_pt: float = 14
    """Smallest legible body size."""
    furniture: bool = True
    """Fill the layouts' slide number, footer and date placeholders (not on the title slide)."""
    footer: str | None = None
    """Footer text; None uses the briefing's publication."""
    strict: bool = False
    """Refuse a deck with text below its minimum size or continued on another slide (``--strict``)."""


@dataclass(frozen=True)
class Config:
    """Everything a command needs to know about the project it runs in."""

    root: Path
    """The project folder: where ``briefpub.toml`` is, else the current folder."""
    defaults: Meta = field(default_factory=Meta)
    """Publication, authors and lang for briefings whose front matter says nothing."""
    source_dir: Path = Path("source")
    """Where ``*.txt`` briefings are found when a command is given none."""
    templates_dir: Path = Path("templates")
    """The project's templates folder: newsletter templates before the packaged ones, and the deck master
    when it is ``deck.pptx`` or ``deck.potx`` there."""
    output_dir: Path = Path("output")
    """Where outputs go by default."""
    max_bytes: int = DEFAULT_MAX_BYTES
    """The largest source file briefpub will read."""
    markup: str = "commonmark"
    """``commonmark`` (inline markup, footnotes, lists, figures) or ``plain`` (every character literal)."""
    encoding: str | None = None
    """The sources' encoding when it is not UTF-8 (``[reader] encoding``); ``--encoding`` wins."""
    brand: Brand = field(default_factory=Brand)
    """House style shared by both outputs."""
    pdf: PdfConfig = field(default_factory=PdfConfig)
    """Newsletter options."""
    slides: SlidesConfig = field(default_factory=SlidesConfig)
    """Deck options."""
    email: EmailConfig = field(default_factory=EmailConfig)
    """E-mail edition options."""
    jobs: int = 0
    """Worker processes for ``build``; 0 means one per CPU."""
    editions: tuple[str, ...] = EDITIONS
    """What ``build`` and ``watch`` publish (``[build] editions``), in the registry's names."""
    file: Path | None = None
    """The ``briefpub.toml`` this came from, if any."""


def find_root(start: Path) -> Path:
    """Return the nearest folder from ``start`` upwards holding ``briefpub.toml``, else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return start


def load_config(root: Path) -> Config:
    """Return the validated configuration of the project at ``root``."""
    path = root / CONFIG_NAME
    if not path.is_file() and (path.exists() or path.is_symlink()):
        # a folder, FIFO or dangling link: taking it for no settings built with none, silently
        raise ConfigError.at(_shown(path), None, "is not a regular file; settings must be one")
    if not path.is_file():
        default = Config(root=root)
        outside = check_folders(default)
        if outside:
            raise ConfigError(
                [Diagnostic(display_path(root), None, f"{key}: {message}") for key, message in outside]
            )
        return _resolve(default)
    shown = _shown(path)
    import tomllib  # only a project with settings reads TOML (a bare source's deck does not)

    from briefpub.tomllines import deep_line, key_lines

    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        # settings are the project's own: a link elsewhere would read any file the user can
        raise ConfigError.at(shown, None, "is a link leading outside the project; refused")
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError.at(
                shown, None, f"is larger than {MAX_CONFIG_BYTES:,} bytes; it is not settings"
            )
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError.at(shown, *not_utf8(raw, exc)) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError.at(shown, line, f"invalid TOML: {message}") from None
    except RecursionError:  # arrays or inline tables nested thousands deep
        raise ConfigError.at(shown, deep_line(text), "invalid TOML: nested too deeply") from None
    except OSError as exc:
        raise ConfigError.at(shown, None, f"cannot read: {exc.strerror}") from None
    return _resolve(_Validator(root, shown, key_lines(text)).config(data))


def _shown(path: Path) -> str:
    """Return ``briefpub.toml`` as messages name it: from the current folder, ``../briefpub.toml`` below it.

    The project is found upwards from the current folder, so a relative path
    always leads there; an absolute path (a library caller elsewhere) is kept.
    """
    import os

    cwd = Path.cwd()
    if path.is_absolute() and cwd.is_relative_to(path.parent):
        return os.path.relpath(path, cwd)
    return display_path(path)


def _resolve(config: Config) -> Config:
    """Make the configured paths absolute against the project root."""

    def absolute(p: Path) -> Path:
        return p if p.is_absolute() else config.root / p

    brand = config.brand
    if brand.logo is not None:
        brand = replace(brand, logo=absolute(brand.logo))
    if brand.logo_dark is not None:
        brand = replace(brand, logo_dark=absolute(brand.logo_dark))
    slides = config.slides
    if slides.master is not None:
        slides = replace(slides, master=absolute(slides.master))
    return replace(
        config,
        source_dir=absolute(config.source_dir),
        templates_dir=absolute(config.templates_dir),
        output_dir=absolute(config.output_dir),
        brand=brand,
        slides=slides,
    )


Check = Callable[[Any], Any]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def _optional_text(value: Any) -> str | None:
    return _text(value) or None


def _path(value: Any) -> Path | None:
    return Path(_folder(value)) if value else None


def _folder(value: Any) -> str:
    text = _text(value)
    if len(text) > MAX_PATH or any(len(part) > MAX_NAME for part in text.split("/")):
        raise ValueError(f"a path is at most {MAX_PATH:,} characters, a file or folder name {MAX_NAME}")
    return text


MAX_PATH = 1024
MAX_NAME = 255
"""What a path in ``briefpub.toml`` may hold: longer was an internal 'File name too long'."""
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
"""Characters no setting may hold (a tab is text): NUL was an internal error for a path, a footer."""


def _controls(value: Any) -> str | None:
    """Return the first control character in a setting's text (in a list's too), as U+XXXX."""
    texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    for text in texts:
        found = _CONTROLS.search(text) if isinstance(text, str) else None
        if found:
            return f"U+{ord(found[0]):04X}"
    return None


def _color(value: Any) -> str:
    if not isinstance(value, str) or not _COLOR.match(value):
        raise ValueError("must be a colour written #RRGGBB")
    return value.upper()


MAX_FAMILY = 100
"""The longest font family name briefpub writes into a stylesheet (``[brand]``, ``custom.css``)."""
FAMILY_MARKS = frozenset(" -_.&+")
FAMILY_ALPHABET = "letters, digits, spaces and - _ . & +"


def is_family_name(name: str) -> bool:
    """Return whether ``name`` is a font family briefpub may write into CSS: short, of a safe alphabet.

    Brand fonts are copied into the e-mail's ``<style>`` and every edition's
    stylesheet as values: quotes, ``<``, ``;`` or a line break could end them.
    """
    return 0 < len(name) <= MAX_FAMILY and all(c.isalnum() or c in FAMILY_MARKS for c in name)


def _font(value: Any) -> str | None:
    text = _text(value).strip()
    if text and not is_family_name(text):
        raise ValueError(f"must be one font family name ({FAMILY_ALPHABET}), such as 'Noto Serif'")
    return text or None


def _address(value: Any) -> str | None:
    """An e-mail address, maybe with a name; one mailbox on one line, so it cannot add headers of its own.

    Checked as the message will write it (:func:`briefpub.newsletter.headers.mailbox`):
    a line break, a control character, a MIME encoded-word or a second address is refused here.
    """
    from briefpub.newsletter.headers import HeaderProblem, mailbox

    text = _text(value).strip()
    if not text:
        return None
    try:
        return mailbox("From", text).text
    except HeaderProblem as exc:
        raise ValueError(str(exc)) from None


def _web_url(value: Any) -> str | None:
    text = _text(value).strip()
    if not text:
        return None
    if not re.fullmatch(r"https?://[^\s\"'<>\\]+", text):
        raise ValueError("must be an http:// or https:// address")
    return text


def _encoding(value: Any) -> str | None:
    text = _text(value).strip()
    if not text or text.lower().replace("_", "-") in REPLACING:
        return text or None
    problem = encoding_problem(text)
    if problem is not None:
        example = "" if "(" in problem else " (for example utf-8, windows-1252, latin-1)"
        raise ValueError(problem + example)
    return text


def _editions(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
        raise ValueError(f"must be a list of editions, such as {list(EDITIONS)}")
    unknown = [item for item in value if item not in EDITIONS]
    if unknown:
        raise ValueError(f"unknown edition {unknown[0]!r} (editions: {', '.join(EDITIONS)})")
    return tuple(dict.fromkeys(value))


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number, 0 or more")
    return value


def _max_bytes(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MAX_BYTES:
        raise ValueError(f"must be a number of bytes from 1 to {MAX_MAX_BYTES:_}")
    return value


def _points(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 4 <= value <= 200:
        raise ValueError("must be a size in points between 4 and 200")
    return float(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _choice(*options: str) -> Check:
    def check(value: Any) -> str:
        if value not in options:
            raise ValueError(f"must be one of {', '.join(options)}")
        return str(value)

    return check


def _authors(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str) for item in items):
        raise ValueError("must be a string or a list of strings")
    return tuple(items)


def _lang(value: Any) -> str:
    if not isinstance(value, str) or not _LANG.match(value):
        raise ValueError("must be a language tag such as en, fr or pt-BR")
    return value


PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4", "pdf/ua-1")


def _variant(value: Any) -> str | None:
    if value in ("", None):
        return None
    if value not in PDF_VARIANTS:
        raise ValueError(f"must be one of {', '.join(PDF_VARIANTS)}")
    return str(value)


def check_pdf_variant(value: str) -> str | None:
    """Return a valid ``--pdf-variant`` value (empty means a plain tagged PDF) or raise ConfigError."""
    try:
        return _variant(value.lower())
    except ValueError as exc:
        raise ConfigError.at("--pdf-variant", None, str(exc)) from None


def _layouts(value: Any) -> Mapping[str, str]:
    if not isinstance(value, dict):
        raise ValueError('must be a table of role = "Layout Name"')
    unknown = sorted(set(value) - set(SLIDE_ROLES))
    if unknown:
        names = ", ".join(repr(role) for role in unknown)
        hint = did_you_mean(unknown[0], SLIDE_ROLES) if len(unknown) == 1 else ""
        raise ValueError(
            f"unknown role{'s' if len(unknown) > 1 else ''} {names}{hint} (roles: {', '.join(SLIDE_ROLES)})"
        )
    if not all(isinstance(v, str) and v for v in value.values()):
        raise ValueError("layout names must be strings")
    return MappingProxyType(dict(value))


# table -> key -> (check, attribute path in the typed config)
_SCHEMA: dict[str, dict[str, tuple[Check, str]]] = {
    "defaults": {
        "publication": (_optional_text, "defaults.publication"),
        "author": (_authors, "defaults.authors"),
        "lang": (_lang, "defaults.lang"),
    },
    "paths": {
        "source": (_folder, "source_dir"),
        "templates": (_folder, "templates_dir"),
        "output": (_folder, "output_dir"),
    },
    "reader": {
        "max_bytes": (_max_bytes, "max_bytes"),
        "markup": (_choice(*MARKUP_VALUES), "markup"),
        "encoding": (_encoding, "encoding"),
    },
    "brand": {
        "primary": (_color, "brand.primary"),
        "accent": (_color, "brand.accent"),
        "font_body": (_font, "brand.font_body"),
        "font_heading": (_font, "brand.font_heading"),
        "logo": (_path, "brand.logo"),
        "logo_dark": (_path, "brand.logo_dark"),
        "disclaimer": (_optional_text, "brand.disclaimer"),
    },
    "pdf": {
        "paper": (_choice("a4", "letter"), "pdf.paper"),
        "variant": (_variant, "pdf.variant"),
        "toc_min_sections": (_positive_int, "pdf.toc_min_sections"),
        "show_urls": (_bool, "pdf.show_urls"),
    },
    "slides": {
        "master": (_path, "slides.master"),
        "agenda": (_bool, "slides.agenda"),
        "layouts": (_layouts, "slides.layouts"),
        "title_max_pt": (_points, "slides.title_max_pt"),
        "title_min_pt": (_points, "slides.title_min_pt"),
        "body_max_pt": (_points, "slides.body_max_pt"),
        "body_min_pt": (_points, "slides.body_min_pt"),
        "furniture": (_bool, "slides.furniture"),
        "footer": (_text, "slides.footer"),
        "strict": (_bool, "slides.strict"),
    },
    "build": {"jobs": (_positive_int, "jobs"), "editions": (_editions, "editions")},
    "email": {
        "from": (_address, "email.sender"),
        "reply_to": (_address, "email.reply_to"),
        "web_url": (_web_url, "email.web_url"),
        "asset_url": (_web_url, "email.asset_url"),
    },
}


_OLD_SPELLINGS: dict[str, dict[str, str]] = {"slides": {"template": "master"}}
"""Keys by an earlier name, still read: table -> old key -> the key in :data:`_SCHEMA`.

0.2 called the deck's master ``[slides] template``, the word the newsletter's
Jinja2 templates have. Messages name a setting as the file spells it.
"""


def _unknown(what: str, name: str, known: Collection[str], old: Collection[str] = ()) -> str:
    """Return the message for an unknown table or key: the nearest known name, else every current one."""
    hint = did_you_mean(name, [*known, *old])
    return f"unknown {what}{hint}" if hint else f"unknown {what} (known: {', '.join(known)})"


def _outside(config: Config) -> list[tuple[str, str]]:
    """Return each configured path that leads outside the project (links resolved), with its key.

    briefpub reads and writes only inside the project unless a path is given
    on the command line: a copied project cannot point it at ``/etc``.
    """
    root = config.root.resolve()
    return [
        (key, f"{path} is outside the project folder (give it on the command line instead)")
        for key, path in _project_paths(config)
        if not (config.root / path).resolve().is_relative_to(root)
    ]


def _output_overlaps(config: Config) -> list[tuple[str, str]]:
    """Return ``paths.output`` with why, when it is, contains or lies inside the root, sources or templates.

    ``clean`` and every build remove and replace files in the output folder:
    one shared with the project's own files would put the deck master, the
    templates or a user's README in their way.
    """
    output = (config.root / config.output_dir).resolve()
    root = config.root.resolve()
    if output.exists() and not output.is_dir():
        return [("paths.output", f"{config.output_dir} is a file, not a folder")]
    if output == root:
        return [("paths.output", f"{config.output_dir} is the project folder itself; give outputs their own")]
    for key, folder in (("paths.source", config.source_dir), ("paths.templates", config.templates_dir)):
        other = (config.root / folder).resolve()
        if output == other or output.is_relative_to(other) or other.is_relative_to(output):
            relation = "is" if output == other else "lies inside" if output.is_relative_to(other) else "holds"
            return [
                (
                    "paths.output",
                    f"{config.output_dir} {relation} the {key.removeprefix('paths.')} folder"
                    f"{'' if relation == 'is' else f' ({folder})'}; give outputs a folder of their own",
                )
            ]
    return []


def check_folders(config: Config) -> list[tuple[str, str]]:
    """Return every problem with the configured folders: outside the project, or outputs among inputs."""
    outside = _outside(config)
    return outside or _output_overlaps(config)


def _project_paths(config: Config) -> list[tuple[str, Path]]:
    """Return every path ``briefpub.toml`` sets (or defaults to), with its key."""
    paths = [
        ("paths.source", config.source_dir),
        ("paths.templates", config.templates_dir),
        ("paths.output", config.output_dir),
        ("slides.master", config.slides.master),
        ("brand.logo", config.brand.logo),
        ("brand.logo_dark", config.brand.logo_dark),
    ]
    return [(key, path) for key, path in paths if path is not None]


class _Validator:
    """Check a parsed ``briefpub.toml`` against :data:`_SCHEMA`; every problem at its line, all at once."""

    def __init__(self, root: Path, shown: str, lines: dict[str, int]) -> None:
        self.root = root
        self.shown = shown
        """The file as messages name it: relative to the current folder (``briefpub.toml`` at the root)."""
        self.lines = lines
        self.problems: list[Diagnostic] = []
        self.spelled: dict[str, str] = {}
        """``slides.master``: ``slides.template`` where the file sets a key by its old spelling."""

    def problem(self, key: str, message: str) -> None:
        key = self.spelled.get(key, key)
        from briefpub.tomllines import line_of

        self.problems.append(Diagnostic(self.shown, line_of(self.lines, key), f"{key}: {message}"))

    def config(self, data: dict[str, Any]) -> Config:
        values: dict[str, dict[str, Any]] = {}
        for table, content in data.items():
            schema = _SCHEMA.get(table)
            if schema is None:
                self.problem(table, _unknown("table", table, _SCHEMA))
                continue
            if not isinstance(content, dict):
                self.problem(table, "must be a table ([" + table + "])")
                continue
            old = _OLD_SPELLINGS.get(table, {})
            for key, value in content.items():
                current = old.get(key, key)
                if current not in schema:
                    self.problem(f"{table}.{key}", _unknown("key", key, schema, old))
                    continue
                if current != key:
                    if current in content:
                        self.problem(f"{table}.{key}", f"is the old spelling of {table}.{current}; give one")
                        continue
                    self.spelled[f"{table}.{current}"] = f"{table}.{key}"
                check, target = schema[current]
                try:
                    converted = check(value)
                except ValueError as exc:
                    self.problem(f"{table}.{key}", str(exc))
                    continue
                control = _controls(value)
                if control is not None:
                    self.problem(f"{table}.{key}", f"holds a control character ({control}); remove it")
                    continue
                group, _, name = target.rpartition(".")
                values.setdefault(group, {})[name] = converted
        config = self.build(values)
        for key, message in check_folders(config):
            self.problem(key, message)
        slides = config.slides
        if slides.title_max_pt is not None and slides.title_min_pt > slides.title_max_pt:
            self.problem("slides.title_min_pt", "must not be larger than slides.title_max_pt")
        if slides.body_max_pt is not None and slides.body_min_pt > slides.body_max_pt:
            self.problem("slides.body_min_pt", "must not be larger than slides.body_max_pt")
        if self.problems:
            raise ConfigError(self.problems)
        return config

    def mapped_at(self, values: dict[str, dict[str, Any]]) -> Mapping[str, tuple[str, int | None]]:
        """Return where each role of ``[slides.layouts]`` is mapped: this file and the role's line."""
        from briefpub.tomllines import line_of

        roles = values.get("slides", {}).get("layouts", {})
        return MappingProxyType(
            {role: (self.shown, line_of(self.lines, f"slides.layouts.{role}")) for role in roles}
        )

    def build(self, values: dict[str, dict[str, Any]]) -> Config:
        top = values.get("", {})
        for name in ("source_dir", "templates_dir", "output_dir"):
            if name in top:
                top[name] = Path(top[name])
        return Config(
            root=self.root,
            file=self.root / CONFIG_NAME,
            defaults=Meta(**values.get("defaults", {})),
            brand=Brand(**values.get("brand", {})),
            pdf=PdfConfig(**values.get("pdf", {})),
            slides=SlidesConfig(**values.get("slides", {}), mapped_at=self.mapped_at(values)),
            email=EmailConfig(**values.get("email", {})),
            **top,
        )
