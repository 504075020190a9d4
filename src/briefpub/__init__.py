"""briefpub: one briefing source, published as a PDF newsletter and a PowerPoint deck.

The names below are imported on first use, so that ``briefpub --help`` does
not pay for the reader, YAML and the model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "parse": "briefpub.reader",
    "Briefing": "briefpub.model",
    "Meta": "briefpub.model",
    "Section": "briefpub.model",
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
    from briefpub.model import Briefing, Meta, Section
    from briefpub.reader import parse


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
    "Meta",
    "RenderError",
    "Section",
    "SourceError",
    "TemplateError",
    "__version__",
    "parse",
]
