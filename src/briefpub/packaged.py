"""Where the files shipped inside the package are: the default newsletter templates and deck master.

A module of its own, importing nothing, so that deciding what is up to date
does not import Jinja2 or python-pptx just to learn two paths.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
"""The default newsletter templates (also reachable as ``!default/`` from a project's templates)."""
PACKAGE_DECK = PACKAGE_TEMPLATES / "deck.pptx"
"""The default deck master."""
