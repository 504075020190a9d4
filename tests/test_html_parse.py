"""The web page read and written with ``lxml.etree`` gives what ``lxml.html`` gave (briefpub.fetches, csp).

The Content-Security-Policy placement, the fetch check and the depth check
parse the page with libxml2's HTML parser; they did so through ``lxml.html``
and now through ``lxml.etree`` (not importing ``lxml.html``'s element classes
saves 2 ms of a cold web page). These tests hold the two to the same pages,
URLs and refusals on generated hostile pages: comments a browser ends
elsewhere, processing instructions, second heads, charset and policy
``<meta>``, conditional comments, SVG links, styles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from briefpub import fetches
from briefpub.errors import TemplateError
from briefpub.newsletter import csp, page, templating

PIECES = [
    "<!DOCTYPE html>",
    "<html>",
    "</html>",
    "<head>",
    "</head>",
    "<body>",
    "</body>",
    "<title>t</title>",
    '<meta charset="latin1">',
    '<meta http-equiv="Content-Type" content="text/html; charset=latin1">',
    '<META HTTP-EQUIV="content-type" CONTENT="text/html">',
    '<meta http-equiv="Content-Security-Policy" content="default-src *">',
    "<script>alert(1)</script>",
    "<!-- <head> -->",
    "<!-->",
    "<!--x--!>",
    "<!--a--b-->",
    "<!--->",
    "<?php x ?>",
    "<style>p{background:url(x.png)}</style>",
    "<style>@import 'x.css';</style>",
    "<style>p{color:red}</style>",
    '<img src="http://t/x.png">',
    '<img srcset="a.png 1x, b.png 2x">',
    '<p style="background:url(y)">',
    '<svg><use href="#a"/><image xlink:href="z.png"/><rect fill="url(#g)"/></svg>',
    '<!--[if mso]><img src="http://o/p.png"><![endif]-->',
    '<base href="http://e/">',
    "<link rel=stylesheet href=s.css>",
    '<meta http-equiv="refresh" content="0;url=http://r/">',
    "<p>",
    "</p>",
    "text",
    "é",
    "&amp;",
    "<div>",
    "</div>",
    "<table><tr><td>c</td></tr></table>",
    "<wbr>",
    "<br>",
    "\n",
    " ",
    "<textarea><head></textarea>",
    "<noscript><img src=n.png></noscript>",
    "<template><img src=t.png></template>",
    "<iframe src=f.html></iframe>",
    "<object data=o.swf></object>",
    "<video poster=v.png></video>",
]
PAGES = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
POLICY = "default-src 'none'"


def lxml_html_parse(text: str) -> Any:
    """``fetches.parse_html`` as it was, through ``lxml.html``."""
    parser = html.HTMLParser(huge_tree=True, encoding="utf-8")
    try:
        return html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except etree.ParserError:
        return html.document_fromstring(f"<html><body>{text}</body></html>".encode(), parser=parser)


def lxml_html_with_policy(text: str, policy: str, where: str) -> str:
    """``csp.with_policy`` as it was, through ``lxml.html``."""
    if not text.strip():
        raise TemplateError.at(where, None, "the web edition's template made an empty page")
    root = lxml_html_parse(text)
    if not isinstance(root.tag, str) or root.tag.lower() != "html":
        wrapper = html.Element("html")
        wrapper.append(root)
        root = wrapper
    heads = [child for child in root if isinstance(child.tag, str) and child.tag.lower() == "head"]
    head = heads[0] if heads else html.Element("head")
    for extra in heads[1:]:
        head.extend(list(extra))
        root.remove(extra)
    root.insert(0, head)
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        if isinstance(node, etree._ProcessingInstruction) or csp._ends_early(node.text or ""):
            csp._drop(node)
    for declared in [node for node in root.iter("meta") if csp._declares_charset(node)]:
        csp._drop(declared)
    meta = html.Element("meta")
    meta.set("http-equiv", csp.POLICY_HEADER)
    meta.set("content", policy)
    meta.tail, head.text = head.text, None
    head.insert(0, meta)
    charset = html.Element("meta")
    charset.set("charset", "utf-8")
    head.insert(1, charset)
    serialized: str = html.tostring(root, encoding="unicode", method="html")
    return f"{csp.DOCTYPE}\n{serialized}"


def outcome(work: Any, *args: Any) -> Any:
    try:
        return work(*args)
    except (TemplateError, etree.LxmlError, ValueError) as exc:
        return type(exc).__name__, str(exc)


def lxml_html_urls(text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patched:
        patched.setattr(fetches, "parse_html", lxml_html_parse)
        patched.setattr(fetches, "text_of", lambda element: element.text_content())
        return outcome(fetches.html_urls, text)


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=PAGES)
@example(text="")
@example(text="<!-- only a comment -->")
@example(text='<html><head><meta http-equiv="Content-Type" content="text/html"></head><body>x</body></html>')
def test_the_page_is_read_and_written_as_lxml_html_did(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert outcome(csp.with_policy, text, POLICY, "t") == outcome(lxml_html_with_policy, text, POLICY, "t")
    assert outcome(fetches.html_urls, text) == lxml_html_urls(text, monkeypatch)
    if text.strip():
        ours, theirs = fetches.parse_html(text), lxml_html_parse(text)
        elements = [e for e in ours.iter() if isinstance(e.tag, str)]
        assert [fetches.text_of(e) for e in elements] == [
            e.text_content() for e in theirs.iter() if isinstance(e.tag, str)
        ]
        assert etree.tostring(ours) == etree.tostring(theirs)


def test_the_depth_check_reads_the_page_as_lxml_html_did(tmp_path: Path) -> None:
    deep = "<div>" * (templating.MAX_ELEMENT_DEPTH + 1) + "x" + "</div>" * (templating.MAX_ELEMENT_DEPTH + 1)
    with pytest.raises(TemplateError, match="nests elements more than"):
        templating._check_depth(deep, str(tmp_path / "t.html"))
    shallow = "<div>" * (templating.MAX_ELEMENT_DEPTH - 2) + "</div>" * (templating.MAX_ELEMENT_DEPTH - 2)
    templating._check_depth(shallow, str(tmp_path / "t.html"))
    templating._check_depth("<!--" + "<" * 200 + "-->", str(tmp_path / "t.html"))  # no element: nothing


def test_styles_are_read_as_lxml_html_read_them() -> None:
    text = '<style>@import "a.css";</style><p style="color: red">x</p><svg><style>b{}</style></svg>'
    root = lxml_html_parse(text)
    expected = [e.text_content() for e in root.iter("style")] + [str(v) for v in root.xpath("//@style")]
    assert page._styles(text) == expected
