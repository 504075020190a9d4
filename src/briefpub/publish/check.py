"""``check``: everything ``build`` would do short of writing files, so a project that passes builds.

Each edition ``build`` would publish is rendered in memory and thrown away:
the deck planned and written out (its master read, the layout mapping
applied, ``strict`` honoured, charts embedded), the web page and the e-mail
made whole. The PDF is the one exception: its page (the same Jinja
templates, stylesheets, brand and charts) is rendered, but not laid out by
WeasyPrint, which costs seconds a briefing; the web edition reads the same
templates and stylesheets through the same refusals.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefpub.errors import BriefpubError, Diagnostic, Warn
from briefpub.model.briefing import Briefing
from briefpub.project import Project
from briefpub.publish.editions import REGISTRY


def check_editions(
    project: Project, briefing: Briefing, editions: Sequence[str], warn: Warn
) -> list[Diagnostic]:
    """Render ``editions`` of ``briefing`` in memory; return each one's errors (one failing stops none)."""
    problems: list[Diagnostic] = []
    for edition in editions:
        try:
            if edition == "pdf":
                _pdf_page(project, briefing)
            else:
                REGISTRY[edition].render(project, briefing, "check", warn)
        except BriefpubError as error:
            problems += [d for d in error.diagnostics if d not in problems]
    return problems


def _pdf_page(project: Project, briefing: Briefing) -> None:
    """Render the PDF's page as the PDF does, short of WeasyPrint's layout."""
    from briefpub.newsletter.page import render_html

    config = project.config
    render_html(briefing, templates=project.templates(), brand=config.brand, options=config.pdf)
