"""The e-mail runs nothing: no script, handler, frame, form or ``javascript:`` link, whatever the template.

The web edition has a Content-Security-Policy first in its ``<head>`` (see
:mod:`briefpub.newsletter.csp`); an e-mail has none that mail clients
honour, and its page for a newsletter service (``.email.html``) may be shown
in a browser by a web archive. So the finished e-mail is read by lxml's HTML
parser, Outlook's conditional comments too, and anything that would run
code or take input is refused in one line naming the template folder.
"""

from __future__ import annotations

import re
from typing import Any

from briefpub.errors import TemplateError
from briefpub.fetches import every_node, parse_html, text_of

ACTIVE_ELEMENTS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "base",
        "portal",
        "template",
    }
)
"""Elements that run code, load another document, take input, or change what URLs mean."""
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "background", "data"})
_ACTIVE_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|livescript|data\s*:\s*text/html)\s*:?", re.I)
_ACTIVE_STYLE = re.compile(r"expression\s*\(|behavior\s*:|-moz-binding", re.I)


def check_inert(page: str, where: str, edition: str) -> None:
    """Raise a :class:`TemplateError` at ``where`` if ``page`` holds anything that runs or takes input."""
    if not page.strip():
        return
    found = _active(parse_html(page))
    if found:
        raise TemplateError.at(
            where,
            None,
            f"{edition} would run code or take input ({found}): mail clients strip it and a browser "
            "showing the page would run it; remove it from the template",
        )


def _active(root: Any) -> str | None:
    """Return the first active thing in the tree (``<script>``, ``onload=``…), or None."""
    from lxml import etree

    for element in every_node(root):
        if element.tag is etree.Comment:
            text = element.text or ""
            if text.lstrip().startswith("[if") and "<" in text:  # Outlook reads it
                inner = _active(parse_html(f"<div>{text.split(']>', 1)[-1]}</div>"))
                if inner:
                    return inner
            continue
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().rpartition(":")[2]
        if tag in ACTIVE_ELEMENTS:
            return f"<{tag}>"
        if tag == "meta" and (element.get("http-equiv") or "").strip():
            kind = (element.get("http-equiv") or "").strip().lower()
            if kind not in ("content-type", "x-ua-compatible", "content-security-policy"):  # these only say
                return f'<meta http-equiv="{kind}">'
        for name, value in element.attrib.items():
            key = str(name).lower()
            if key.startswith("on"):
                return f"{key}="
            if key.rpartition(":")[2] in _URL_ATTRIBUTES and _ACTIVE_SCHEME.match(value):
                return f"{key}={value.split(':', 1)[0].strip()}:"
            if key == "style" and _ACTIVE_STYLE.search(value):
                return "a style that runs code"
        if tag == "style" and _ACTIVE_STYLE.search(text_of(element)):
            return "a style that runs code"
    return None
