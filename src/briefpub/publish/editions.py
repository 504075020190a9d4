"""The one registry of editions: each one's name, files, renderer, and everything it reads.

The CLI (``--only``, ``[build] editions``), ``build``'s up-to-date key,
``watch``, ``serve`` and ``clean`` all take from here what an edition is
called, which files it writes (the e-mail's page and images are declared
here, not special-cased anywhere else), which files and settings shape it,
and how to render it. A new input or a new edition is picked up everywhere at once.
The names alone are also in :mod:`briefpub.edition_names`, for the command
line to parse ``--only`` before importing this; a test holds the two equal.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from briefpub.config import Config
from briefpub.errors import Warn
from briefpub.model.briefing import Briefing
from briefpub.packaged import PACKAGE_DECK, PACKAGE_TEMPLATES
from briefpub.project import Project


@dataclass(frozen=True)
class Rendered:
    """One edition of one briefing, rendered and not yet written."""

    files: Mapping[str, bytes]
    """Bytes by the suffix added to the output's stem: ``""`` is the main file itself,
    ``".email.html"`` or ``".email/figure-1.png"`` files beside it."""
    pages: int | None = None
    """The PDF's page count (``serve`` shows it); None for other editions."""
    cache: Mapping[str, bytes] = field(default_factory=dict)
    """New entries for the project's cache (:mod:`briefpub.cache`), written with the editions."""


@dataclass(frozen=True)
class Target:
    """Where one edition of one source is written: its main file, and the stem its companions share."""

    path: Path
    """The main file: ``output/weekly.pdf``, or what ``-o`` named."""
    stem: str
    """``weekly``: companions are ``path.parent / (stem + suffix)``."""

    def file(self, suffix: str) -> Path:
        """Return where the file with ``suffix`` (``""`` for the main one) goes."""
        return self.path if not suffix else self.path.parent / f"{self.stem}{suffix}"


@dataclass(frozen=True)
class Edition:
    """One edition briefpub publishes from a briefing."""

    name: str
    """The name on the command line and in ``[build] editions`` (``--only pdf``)."""
    extension: str
    """The main file's ending, without the dot."""
    render: Callable[[Project, Briefing, str, Warn], Rendered]
    """Return the edition for a briefing whose output stem is the ``str``; imports its engine on first use."""
    inputs: Callable[[Project], list[Path]]
    """Files and folders besides the source whose change calls for a new output."""
    settings: Callable[[Config], object]
    """The configuration it reads: a change to any of it (and only it) rebuilds this edition."""
    engine: str
    """The module that renders it, with its engine (WeasyPrint, python-pptx): see :func:`load_engines`."""
    companions: tuple[str, ...] = field(default=())
    """Suffixes of the files and folders (ending ``/``) it writes beside the main one, for ``clean``."""
    unread: Callable[[Project], list[Path]] = field(default=lambda _project: [])
    """Files inside its ``inputs`` folders it never reads: a change to them rebuilds nothing of it."""

    def target(self, folder: Path, stem: str) -> Target:
        """Return where this edition of the source with ``stem`` goes in ``folder``."""
        return Target(folder / f"{stem}.{self.extension}", stem)


def reader_settings(config: Config) -> object:
    """Return the configuration every edition reads through the reader."""
    return (config.defaults, config.markup, config.max_bytes, config.encoding)


def _newsletter_inputs(project: Project) -> list[Path]:
    config = project.config
    paths = [config.templates_dir, PACKAGE_TEMPLATES]
    return [*paths, *(logo for logo in (config.brand.logo, config.brand.logo_dark) if logo is not None)]


def _deck_masters(project: Project) -> list[Path]:
    """The deck's master wherever the templates folder may hold it: newsletters never read it."""
    config = project.config
    named = [config.slides.master] if config.slides.master is not None else []
    return [*named, *(config.templates_dir / name for name in ("deck.pptx", "deck.potx"))]


def _deck_inputs(project: Project) -> list[Path]:
    return [project.deck_master() or PACKAGE_DECK]


def _render_pdf(project: Project, briefing: Briefing, stem: str, warn: Warn) -> Rendered:
    from briefpub.newsletter.pdf import render_pdf

    config = project.config
    pages: list[int] = []
    data = render_pdf(
        briefing,
        templates=project.templates(),
        brand=config.brand,
        options=config.pdf,
        warn=warn,
        pages=pages.append,
    )
    return Rendered({"": data}, pages[0] if pages else None)


def _render_html(project: Project, briefing: Briefing, stem: str, warn: Warn) -> Rendered:
    from briefpub.newsletter.page import render_html

    config = project.config
    page = render_html(
        briefing, templates=project.templates(), brand=config.brand, options=config.pdf, embed=True
    )
    return Rendered({"": page.encode("utf-8")})


EMAIL_PAGE = ".email.html"
EMAIL_ASSETS = ".email/"


def _render_email(project: Project, briefing: Briefing, stem: str, warn: Warn) -> Rendered:
    """The ``.eml``, its HTML as a page for a newsletter service, and that page's images beside it."""
    from briefpub.cache import FOLDER, Cache
    from briefpub.newsletter.mail import render_email

    config = project.config
    cache = Cache(config.output_dir / FOLDER)
    folder = quote(f"{stem}{EMAIL_ASSETS}")  # a URL: issue#47 is issue%2347, not a fragment
    base = f"{config.email.asset_url.rstrip('/')}/{folder}" if config.email.asset_url else folder
    edition = render_email(
        briefing,
        templates=project.templates(),
        brand=config.brand,
        options=config.pdf,
        email=config.email,
        asset_base=base,
        warn=warn,
        page_name=f"{stem}.html",
        cache=cache,
    )
    files = {"": edition.message, EMAIL_PAGE: edition.page.encode("utf-8")}
    files |= {f"{EMAIL_ASSETS}{name}": data for name, data in edition.assets.items()}
    return Rendered(files, cache=cache.new)


def _render_slides(project: Project, briefing: Briefing, stem: str, warn: Warn) -> Rendered:
    from briefpub.cache import FOLDER, Cache
    from briefpub.deck.slides import render_slides

    config = project.config
    cache = Cache(config.output_dir / FOLDER)
    data = render_slides(
        briefing,
        master=project.deck_master(),
        brand=config.brand,
        options=config.slides,
        warn=warn,
        cache=cache,
    )
    return Rendered({"": data}, cache=cache.new)


def _newsletter_settings(config: Config) -> tuple[object, ...]:
    return (config.brand, config.pdf, config.templates_dir)


def _email_settings(config: Config) -> tuple[object, ...]:
    """What the e-mail reads of ``[pdf]``: the contents list and link addresses, not the paper or variant.

    A new ``[pdf] paper`` left the message byte for byte the same, yet rebuilt it.
    """
    pdf = config.pdf
    return (config.brand, pdf.toc_min_sections, pdf.show_urls, config.templates_dir, config.email)


REGISTRY: dict[str, Edition] = {
    edition.name: edition
    for edition in (
        Edition(
            "pdf",
            "pdf",
            _render_pdf,
            _newsletter_inputs,
            _newsletter_settings,
            "briefpub.newsletter.pdf",
            unread=_deck_masters,
        ),
        Edition(
            "slides",
            "pptx",
            _render_slides,
            _deck_inputs,
            lambda config: (config.brand, config.slides, config.templates_dir),
            "briefpub.deck.slides",
        ),
        Edition(
            "html",
            "html",
            _render_html,
            _newsletter_inputs,
            _newsletter_settings,
            "briefpub.newsletter.page",
            unread=_deck_masters,
        ),
        Edition(
            "email",
            "eml",
            _render_email,
            _newsletter_inputs,
            _email_settings,
            "briefpub.newsletter.mail",
            companions=(EMAIL_PAGE, EMAIL_ASSETS),
            unread=_deck_masters,
        ),
    )
}
"""Every edition by name, in the order ``build`` says them (:data:`briefpub.edition_names.EDITIONS`)."""


def load_engines(editions: Iterable[str]) -> None:
    """Import what renders ``editions``, then set everything imported so far aside from garbage collection.

    Called before the first render of a process (a command, each of
    ``build``'s workers). The engines' modules, classes and tables are tens
    of thousands of objects that live as long as the process; frozen
    (``gc.freeze``), the collector no longer walks them each time it looks for
    cycles among a render's boxes and elements, and a young generation of
    10,000 objects instead of 700 suits a program that allocates in bursts
    and exits. Outputs are the same; only when memory is reclaimed changes.
    """
    global _frozen  # noqa: PLW0603 - once per process
    for edition in editions:
        importlib.import_module(REGISTRY[edition].engine)
    if not _frozen:
        gc.set_threshold(10_000, 20, 100)
        gc.freeze()
        _frozen = True
    gc.enable()  # the command line starts without it (briefpub.cli.main)


_frozen = False
