"""briefpub: one briefing source, published as a PDF newsletter and a PowerPoint deck."""

from briefpub.errors import BriefpubError, ConfigError, RenderError, SourceError, TemplateError
from briefpub.model import Briefing, Diagnostic, Meta, Section
from briefpub.reader import parse

__version__ = "0.1.0"

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
