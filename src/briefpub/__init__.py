"""briefpub: one briefing source, published as a PDF newsletter and a PowerPoint deck.

The names below are imported on first use, so that ``briefpub --help`` does
not pay for the reader, and ``render_slides`` does not pay for WeasyPrint.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "parse": "briefpub.reader",
    "render_html": "briefpub.html",
    "render_pdf": "briefpub.pdf",
    "render_slides": "briefpub.slides",
    "plan_slides": "briefpub.slides",
    "Briefing": "briefpub.model",
    "Meta": "briefpub.model",
    "Section": "briefpub.model",
    "ListBlock": "briefpub.model",
    "Figure": "briefpub.model",
    "Footnote": "briefpub.model",
    "Rich": "briefpub.richtext",
    "Diagnostic": "briefpub.errors",
    "BriefpubError": "briefpub.errors",
    "ConfigError": "briefpub.errors",
    "RenderError": "briefpub.errors",
    "SourceError": "briefpub.errors",
    "TemplateError": "briefpub.errors",
}

if TYPE_CHECKING:
    from briefpub.errors import (
        BriefpubError,
        ConfigError,
        Diagnostic,
        RenderError,
        SourceError,
        TemplateError,
    )
    from briefpub.html import render_html
    from briefpub.model import Briefing, Figure, Footnote, ListBlock, Meta, Section
    from briefpub.pdf import render_pdf
    from briefpub.reader import parse
    from briefpub.richtext import Rich
    from briefpub.slides import plan_slides, render_slides


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
    "TemplateError",
    "__version__",
    "parse",
    "plan_slides",
    "render_html",
    "render_pdf",
    "render_slides",
]
