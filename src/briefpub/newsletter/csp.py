"""The web edition's Content-Security-Policy, placed on the parsed page where a browser must meet it first.

A ``<meta>`` policy governs only what comes after it, and only in ``<head>``.
Written in by pattern after the first ``<head`` the template's text holds, it
landed after a ``<script>`` the template put before ``<head>``, inside a
comment that read ``<!-- <head> -->``, or nowhere a browser heeds. So the
page is parsed (lxml), and written back from its tree: one ``<head>``, the
first child of ``<html>`` (a second one's children moved into it, one made
where there is none), the policy its first child and the encoding its second, ``<!DOCTYPE html>``
before it all. What a template writes around it can no longer come first:
comments and processing instructions outside ``<html>`` are dropped (a
browser may read ``--!>`` or ``<?…>`` as ending them sooner than lxml did),
and inside the page a comment a browser would end elsewhere is dropped too.
"""

from __future__ import annotations

import re

from briefpub.errors import TemplateError
from briefpub.fetches import parse_html

POLICY_HEADER = "Content-Security-Policy"
_CONTENT_TYPE_META = re.compile(r'<meta http-equiv="Content-Type"[^>]*>')
"""What ``lxml.html.tostring`` removes from what it writes: the page is written with ``lxml.etree``'s
serializer (``lxml.html``, its element classes, is not imported for it) and then this, as there."""
DOCTYPE = "<!DOCTYPE html>"


def with_policy(page: str, policy: str, where: str) -> str:
    """Return ``page`` written back from its parse with the ``policy`` ``<meta>`` first in ``<head>``."""
    from lxml import etree

    if not page.strip():
        raise TemplateError.at(where, None, "the web edition's template made an empty page")
    root = parse_html(page)
    if not isinstance(root.tag, str) or root.tag.lower() != "html":  # lxml gives <html>; be sure of it
        wrapper = etree.Element("html")
        wrapper.append(root)
        root = wrapper
    heads = [child for child in root if isinstance(child.tag, str) and child.tag.lower() == "head"]
    head = heads[0] if heads else etree.Element("head")
    for extra in heads[1:]:  # a browser merges a second <head> into the first: say so in the markup
        head.extend(list(extra))
        root.remove(extra)
    root.insert(0, head)  # moved first if a template wrote <body> before it
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        if isinstance(node, etree._ProcessingInstruction) or _ends_early(node.text or ""):
            _drop(node)
    for declared in [node for node in root.iter("meta") if _declares_charset(node)]:
        _drop(declared)
    meta = etree.Element("meta")
    meta.set("http-equiv", POLICY_HEADER)
    meta.set("content", policy)
    meta.tail, head.text = head.text, None  # the first node in <head>, not only its first element
    head.insert(0, meta)
    charset = etree.Element("meta")
    charset.set("charset", "utf-8")
    head.insert(1, charset)
    serialized: str = etree.tostring(root, encoding="unicode", method="html")
    # What lxml.html.tostring does after lxml.etree's: a Content-Type <meta> (dropped above) taken out.
    return f"{DOCTYPE}\n{_CONTENT_TYPE_META.sub('', serialized)}"


def _declares_charset(meta: object) -> bool:
    """Return whether a ``<meta>`` names the page's encoding: the page is written in UTF-8, whatever it said.

    A custom template without ``<meta charset>`` gave a page a browser opened
    from disk read in its locale's encoding (mojibake); one naming another
    encoding was wrong outright. Ours follows the policy, well inside the
    1,024 bytes a browser looks through for it.
    """
    from lxml import etree

    assert isinstance(meta, etree._Element)
    equiv = (meta.get("http-equiv") or "").strip().lower()
    return meta.get("charset") is not None or equiv == "content-type"


def _ends_early(text: str) -> bool:
    """Return whether a browser would end (or never start) this comment elsewhere than lxml did."""
    return text.startswith((">", "->")) or "--" in text or text.endswith("-") or "<!--" in text


def _drop(node: object) -> None:
    """Remove a comment or processing instruction, keeping the text after it (its tail)."""
    from lxml import etree

    assert isinstance(node, etree._Element)
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)
