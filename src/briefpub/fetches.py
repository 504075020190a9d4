"""What a page, an SVG or a stylesheet would fetch by itself, found by parsers rather than patterns.

An e-mail is read where no Content-Security-Policy protects the reader, and
a template or an SVG figure comes from someone else: a tracking pixel, a
remote font or a ``file:`` URL must not reach an edition. Patterns miss
``<img alt="a>b" src=…>``, unquoted attributes, CSS escapes (``u\\72l(``,
``@im\\70ort``) and markup hidden in Outlook's conditional comments; lxml's
HTML parser and tinycss2's tokenizer read them as a browser and a mail client
would, so every URL they would load is seen.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

# Attributes whose value the browser or mail client loads by itself (links a reader follows are not).
_FETCHED = frozenset(
    {"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc", "ping", "xlink:href", "codebase"}
)
# Elements whose href is loaded (a stylesheet, an icon, an SVG sprite), or changes what relative URLs mean.
_FETCHED_HREF = frozenset({"link", "use", "image", "feimage", "script", "base"})
# SVG presentation attributes that take a url() (fill="url(#gradient)"): briefing text never goes there.
_PRESENTATION = frozenset(
    {
        "fill",
        "stroke",
        "filter",
        "clip-path",
        "mask",
        "marker",
        "marker-start",
        "marker-mid",
        "marker-end",
        "cursor",
    }
)
_URL_FUNCTIONS = frozenset({"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade"})


_URL_SPELLINGS = ("\\", "@import", "url(", "src(", "image(", "image-set(", "cross-fade(")
"""How every URL or ``@import`` a tokenizer can find in CSS is written: in a text without one, there is none.

The walks below yield only for a ``url`` token, an ``@import`` at-keyword or
a function named in :data:`_URL_FUNCTIONS` (``-webkit-image-set`` ends in
``image-set``). Each is its name written out, ASCII letters in any case, then
``(`` (a function and a ``url`` token are the name and ``(`` at once; ``url
(`` is neither), or ``@import``, unless it is spelled with a CSS escape
(``u\\72l(``), and an escape starts with a backslash. So a text in which
none of these is found (lower-cased: ``str.lower`` lowers ASCII as
tinycss2's ``lower_name`` does, and turns only more into these) has no URL
and no import, and is not tokenized: the packaged stylesheets are not (17 kB,
6 ms of a cold web page, and tinycss2's import). Finding one where the
tokenizer finds nothing (in a comment, a string, ``xurl(``) only costs the
tokenizing. ``tests/test_fetch_scan.py`` holds the two to the same answers on
generated CSS.
"""


def _may_name_a_url(css: str) -> bool:
    lowered = css.lower()
    return any(spelling in lowered for spelling in _URL_SPELLINGS)


def css_urls(css: str) -> list[str]:
    """Return every URL a stylesheet, a ``style`` attribute or a presentation attribute would load.

    ``url(…)`` and its kin, with escapes decoded by the tokenizer; an
    ``@import`` is :data:`IMPORT`, refused whatever it names.
    """
    return list(_walk_css(_tokens(css))) if _may_name_a_url(css) else []


@functools.lru_cache(maxsize=16)
def _tokens(css: str) -> tuple[Any, ...]:
    """Return ``css`` tokenized, once per text: the web edition's stylesheets are read twice a page
    (embedded, then checked) and are the same for every page of a batch; nothing changes the tokens."""
    import tinycss2

    return tuple(tinycss2.parse_component_value_list(css, skip_comments=True))


IMPORT = "@import"
"""What :func:`css_urls` gives for an ``@import`` rule: a stylesheet pulled in from elsewhere."""


def css_imports(css: str) -> list[tuple[str, int]]:
    """Return what each ``@import`` of a stylesheet names (``?`` if nothing), with its line, for messages."""
    return list(_imports(_tokens(css))) if _may_name_a_url(css) else []


def _imports(tokens: Sequence[Any]) -> Iterator[tuple[str, int]]:
    for index, token in enumerate(tokens):
        if token.type == "at-keyword" and token.lower_value == "import":
            target = next((t for t in tokens[index + 1 :] if t.type != "whitespace"), None)
            yield _named(target), token.source_line
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _imports(token.content)


def css_url_lines(css: str) -> list[tuple[str, int]]:
    """Return every URL a stylesheet names (``url()``, ``src()``, ``image-set()``…) with its line."""
    return list(_url_lines(_tokens(css))) if _may_name_a_url(css) else []


def _url_lines(tokens: Iterable[Any]) -> Iterator[tuple[str, int]]:
    for token in tokens:
        if token.type == "url":
            yield str(token.value), token.source_line
        elif token.type == "function":
            if token.lower_name in _URL_FUNCTIONS:
                yield from (
                    (str(arg.value), arg.source_line) for arg in token.arguments if arg.type == "string"
                )
            yield from _url_lines(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _url_lines(token.content)


def _named(token: Any) -> str:
    """Return the address an ``@import``'s first token names: a string, ``url(…)`` or ``url("…")``."""
    if token is not None and token.type in ("string", "url"):
        return str(token.value)
    if token is not None and token.type == "function" and token.lower_name in _URL_FUNCTIONS:
        return next((str(arg.value) for arg in token.arguments if arg.type == "string"), "?")
    return "?"


def _walk_css(tokens: Iterable[Any]) -> Iterator[str]:
    for token in tokens:
        kind = token.type
        if kind == "url":
            yield token.value
        elif kind == "at-keyword" and token.lower_value == "import":
            yield IMPORT
        elif kind == "function":
            if token.lower_name in _URL_FUNCTIONS:
                yield from (arg.value for arg in token.arguments if arg.type == "string")
            yield from _walk_css(token.arguments)
        elif kind in ("() block", "[] block", "{} block"):
            yield from _walk_css(token.content)


def parse_html(page: str) -> Any:
    """Return ``page`` parsed by lxml's HTML parser as a whole, however large a text or attribute in it.

    Without ``huge_tree`` libxml2 cuts a text or an attribute at 10 MB and
    drops the rest of the page without a word: an image embedded as a large
    ``data:`` URL was cut short, and a tracker after it was never seen. The
    page is given as UTF-8 bytes (a string with an XML declaration is refused
    by lxml), and a page of nothing but comments is read inside a body.

    libxml2's HTML parser through ``lxml.etree``: the same tree
    ``lxml.html.document_fromstring`` returns, without importing ``lxml.html``
    (its element classes, 2 ms of a cold web page); :func:`text_of` stands for
    their ``text_content()`` (``tests/test_html_parse.py`` compares both).
    """
    from lxml import etree

    parser = etree.HTMLParser(huge_tree=True, encoding="utf-8")
    root = etree.fromstring(page.encode("utf-8", "replace"), parser)
    if root is None:  # "Document is empty": comments, a doctype, white space only
        root = etree.fromstring(f"<html><body>{page}</body></html>".encode(), parser)
        if root is None:
            raise etree.ParserError("Document is empty")
    return root


@functools.cache
def _string_value() -> Any:
    from lxml import etree

    return etree.XPath("string()")


def text_of(element: Any) -> str:
    """Return the text inside ``element``, its descendants' included (``lxml.html``'s ``text_content()``)."""
    text: str = _string_value()(element)
    return text


def every_node(root: Any) -> Iterator[Any]:
    """Yield every node of ``root``'s document, comments outside ``<html>`` too (Outlook reads them)."""
    for top in [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]:
        yield from top.iter()


def html_urls(page: str) -> list[str]:
    """Return every URL the HTML ``page`` would load: attributes, inline styles, stylesheets.

    Markup inside conditional comments (``<!--[if mso]>…<![endif]-->``, which
    Outlook reads) is parsed too.
    """
    from lxml import etree

    if not page.strip():
        return []
    root = parse_html(page)
    found: list[str] = []
    for element in every_node(root):
        if element.tag is etree.Comment:
            text = element.text or ""
            if text.lstrip().startswith("[if") and "<" in text:
                found += html_urls(f"<div>{text.split(']>', 1)[-1]}</div>")
            continue
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().rpartition(":")[2]
        for name, value in element.attrib.items():
            key = str(name).lower()
            if key == "srcset":
                found += [candidate.split()[0] for candidate in value.split(",") if candidate.split()]
            elif key in _FETCHED or (key == "href" and tag in _FETCHED_HREF) or key.endswith(":href"):
                found.append(value)
            elif key == "style" or key in _PRESENTATION:
                found += css_urls(value)
        if tag == "style":
            found += css_urls(text_of(element))
        elif tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append((element.get("content") or "").partition("=")[2].strip() or "refresh")
    return [url.strip() for url in found]


def outside(urls: Iterable[str], allowed: Callable[[str], bool] = lambda _: False) -> list[str]:
    """Return the URLs that reach outside the document: all but ``data:``, ``#fragment``, ``allowed``."""
    return [
        url
        for url in urls
        if url and not url.startswith("#") and url[:5].lower() != "data:" and not allowed(url)
    ]
