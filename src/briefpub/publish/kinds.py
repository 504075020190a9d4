"""The one registry of output kinds: what each is called, its file ending, how it renders, what it reads.

The CLI, ``build``'s up-to-date check and ``watch`` all take their list of
outputs and of the files that shape them from here, so a new input (a logo,
a deck master) is rebuilt on and watched everywhere at once.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from briefpub.errors import Warn
from briefpub.model.briefing import Briefing
from briefpub.packaged import PACKAGE_DECK, PACKAGE_TEMPLATES
from briefpub.project import Project


@dataclass(frozen=True)
class OutputKind:
    """One thing briefpub publishes from a briefing."""

    name: str
    """The name on the command line (``--only pdf``)."""
    extension: str
    """The output file's ending, without the dot."""
    render: Callable[[Project, Briefing, Warn], bytes]
    """Return the output's bytes; imports its engine on first use."""
    inputs: Callable[[Project], list[Path]]
    """Files and folders besides the source whose change calls for a new output."""
    engine: str
    """The module that renders it, with its engine (WeasyPrint, python-pptx): see :func:`load_engines`."""


def _newsletter_inputs(project: Project) -> list[Path]:
    config = project.config
    paths = [config.templates_dir, PACKAGE_TEMPLATES]
    return [*paths, config.brand.logo] if config.brand.logo is not None else paths


def _deck_inputs(project: Project) -> list[Path]:
    return [project.deck_template() or PACKAGE_DECK]


def _render_pdf(project: Project, briefing: Briefing, warn: Warn) -> bytes:
    from briefpub.newsletter.pdf import render_pdf

    config = project.config
    return render_pdf(
        briefing, templates=project.templates(), brand=config.brand, options=config.pdf, warn=warn
    )


def _render_html(project: Project, briefing: Briefing, warn: Warn) -> bytes:
    from briefpub.newsletter.page import render_html

    config = project.config
    page = render_html(
        briefing, templates=project.templates(), brand=config.brand, options=config.pdf, embed=True
    )
    return page.encode("utf-8")


def _render_email(project: Project, briefing: Briefing, warn: Warn) -> bytes:
    from briefpub.newsletter.mail import render_eml

    config = project.config
    return render_eml(
        briefing,
        templates=project.templates(),
        brand=config.brand,
        options=config.pdf,
        email=config.email,
        warn=warn,
    )


def _render_email_html(project: Project, briefing: Briefing, warn: Warn) -> bytes:
    from briefpub.newsletter.mail import render_email_html

    config = project.config
    page = render_email_html(
        briefing, templates=project.templates(), brand=config.brand, options=config.pdf, email=config.email
    )  # no warnings here: the message's own render says them once
    return page.encode("utf-8")


def _render_slides(project: Project, briefing: Briefing, warn: Warn) -> bytes:
    from briefpub.deck.slides import render_slides

    config = project.config
    return render_slides(
        briefing, template=project.deck_template(), brand=config.brand, options=config.slides, warn=warn
    )


KINDS: dict[str, OutputKind] = {
    kind.name: kind
    for kind in (
        OutputKind("pdf", "pdf", _render_pdf, _newsletter_inputs, "briefpub.newsletter.pdf"),
        OutputKind("html", "html", _render_html, _newsletter_inputs, "briefpub.newsletter.page"),
        OutputKind("slides", "pptx", _render_slides, _deck_inputs, "briefpub.deck.slides"),
        OutputKind("email", "eml", _render_email, _newsletter_inputs, "briefpub.newsletter.mail"),
        OutputKind(
            "email-html", "email.html", _render_email_html, _newsletter_inputs, "briefpub.newsletter.mail"
        ),
    )
}
"""Every output kind by name."""
BUILD_KINDS = ("pdf", "slides")
"""What ``briefpub build`` publishes unless told otherwise."""


def load_engines(kinds: Iterable[str]) -> None:
    """Import what renders ``kinds``, then set everything imported so far aside from garbage collection.

    Called before the first render of a process (a command, each of
    ``build``'s workers). The engines' modules, classes and tables are tens
    of thousands of objects that live as long as the process; frozen
    (``gc.freeze``), the collector no longer walks them each time it looks for
    cycles among a render's boxes and elements, and a young generation of
    10,000 objects instead of 700 suits a program that allocates in bursts
    and exits. Outputs are the same; only when memory is reclaimed changes.
    """
    global _frozen  # noqa: PLW0603 - once per process
    for kind in kinds:
        importlib.import_module(KINDS[kind].engine)
    if not _frozen:
        gc.set_threshold(10_000, 20, 100)
        gc.freeze()
        _frozen = True


_frozen = False
