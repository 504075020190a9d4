"""briefpub: one briefing source, published as a PDF newsletter, a PowerPoint deck, a web page and an e-mail.

The names below are imported on first use, so that ``briefpub --help`` does
not pay for the reader, and ``render_slides`` does not pay for WeasyPrint.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from briefpub.startup import records, regexes

records.install()  # before any of briefpub's modules makes a dataclass (briefpub/startup/records.py says why)
regexes.install()  # before any compiles a regular expression (briefpub/startup/regexes.py)

__version__ = "0.3.0"
"""The one version number: pyproject.toml reads it from here, and so do ``-V``, the PDF and the deck."""

_LAZY = {
    "parse": "briefpub.reader.structure",
    "render_html": "briefpub.newsletter.page",
    "render_pdf": "briefpub.newsletter.pdf",
    "render_email": "briefpub.newsletter.mail",
    "render_slides": "briefpub.deck.slides",
    "plan_slides": "briefpub.deck.slides",
    "Briefing": "briefpub.model.briefing",
    "Meta": "briefpub.model.briefing",
    "Section": "briefpub.model.briefing",
    "ListBlock": "briefpub.model.briefing",
    "Figure": "briefpub.model.briefing",
    "Footnote": "briefpub.model.briefing",
    "Table": "briefpub.model.briefing",
    "Rich": "briefpub.model.richtext",
    "Diagnostic": "briefpub.errors",
    "BriefpubError": "briefpub.errors",
    "ConfigError": "briefpub.errors",
    "RenderError": "briefpub.errors",
    "SourceError": "briefpub.errors",
    "TemplateError": "briefpub.errors",
}

if TYPE_CHECKING:
    from briefpub.deck.slides import plan_slides, render_slides
    from briefpub.errors import (
        BriefpubError,
        ConfigError,
        Diagnostic,
        RenderError,
        SourceError,
        TemplateError,
    )
    from briefpub.model.briefing import Briefing, Figure, Footnote, ListBlock, Meta, Section, Table
    from briefpub.model.richtext import Rich
    from briefpub.newsletter.mail import render_email
    from briefpub.newsletter.page import render_html
    from briefpub.newsletter.pdf import render_pdf
    from briefpub.reader.structure import parse


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'briefpub' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Briefing",
    "BriefpubError",
    "ConfigError",
    "Diagnostic",
    "Figure",
    "Footnote",
    "ListBlock",
    "Meta",
    "RenderError",
    "Rich",
    "Section",
    "SourceError",
    "Table",
    "TemplateError",
    "__version__",
    "parse",
    "plan_slides",
    "render_email",
    "render_html",
    "render_pdf",
    "render_slides",
]
