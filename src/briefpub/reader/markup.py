"""Inline markup: CommonMark's emphasis, strong, code, links and footnote references, to :mod:`richtext`.

The reader finds a briefing's structure itself (docs/format.md's rules are not
CommonMark's blocks); each text it finds is handed here and parsed by
markdown-it-py, CommonMark's reference port, with the footnote plugin and
linkify for bare web addresses. Raw HTML and entities are never interpreted,
so ``<script>`` and ``&amp;`` stay the characters they are.

markdown-it is imported only when a text has a character that could be
markup: a briefing written without any never loads it, nor one whose only
markup is figures written plainly (``![Output by year](figures/output.svg)``,
:data:`_PLAIN_IMAGE`), which read as markdown-it reads them (tested).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from briefpub.errors import SourceError, shorten
from briefpub.model.richtext import Code, Emphasis, Inline, Link, NoteRef, Rich, Strong, Text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Characters without which a text cannot hold markup (a bare address needs its "://").
_MAYBE_MARKUP = re.compile(r"[*_`\\\[<]|://|mailto:", re.I)
_LINK_SCHEMES = ("http://", "https://", "mailto:")
MAX_NESTING = 16
"""Emphasis, strong and links nested deeper than this are flattened: their text stays, their marks go."""
# A figure markdown-it would read as written: a caption of letters, digits, single spaces and punctuation
# that is no markup (nothing linkify could take for an address: no ":", "@", "/" or "www."), a plain path.
_PLAIN_IMAGE = re.compile(
    r"!\[((?:[^\W_]|[.,;'\"()%#+=?$-])+(?: (?:[^\W_]|[.,;'\"()%#+=?$-])+)*)?\]\(([A-Za-z0-9_./-]+)\)"
)
NOTE_DEFINITION = re.compile(r"\[\^([^\]\s]{1,100})\]:\s*")
"""The start of a footnote definition line: ``[^label]: text``."""


@dataclass(frozen=True)
class Image:
    """A paragraph that is only an image: what the reader needs to make a figure of it."""

    caption: Rich
    src: str
    """The address as written (percent-decoding undone)."""
    title: str | None


class InlineParser:
    """Parses the texts of one briefing, numbering footnotes by first reference as it goes.

    ``notes`` are the labels the briefing defines; a reference to any other is
    an error, told to ``error(line, message)`` (the reader goes on, to report
    every error of the file at once), else raised. ``warn(line, message)``
    hears about links that are not web addresses, which are kept as their text.
    """

    def __init__(
        self,
        file: str,
        notes: set[str],
        warn: Callable[[int, str], None],
        error: Callable[[int, str], None] | None = None,
    ) -> None:
        self.file = file
        self.defined = notes
        self.warn = warn
        self.error = error
        self.numbers: dict[str, int] = {}
        """Each referenced label's number, in order of first reference."""

    def rich(self, text: str, line: int, notes: bool = True) -> Rich:
        """Return ``text`` as rich text; ``notes=False`` (a footnote's own text) keeps references literal."""
        if not _MAYBE_MARKUP.search(text):
            return Rich(text)
        return Rich.of(self.convert(_parse(text), line, notes))

    def image(self, text: str, line: int) -> Image | None:
        """Return the image when ``text`` is nothing but one ``![caption](path "title")``, else None."""
        if not text.startswith("!["):
            return None
        plain = _PLAIN_IMAGE.fullmatch(text)
        if plain is not None and "www." not in text.lower():
            caption, src = plain.groups()
            return Image(Rich.of((Text(caption),) if caption else ()), src, None)
        tokens = [t for t in _parse(text) if not (t.type == "text" and not t.content.strip())]
        if len(tokens) != 1 or tokens[0].type != "image":
            return None
        token = tokens[0]
        caption = Rich.of(self.convert(token.children or [], line, notes=True))
        title = token.attrGet("title")
        return Image(caption, unquote(str(token.attrGet("src") or "")), str(title) if title else None)

    def convert(self, tokens: list[Token], line: int, notes: bool) -> tuple[Inline, ...]:
        """Return markdown-it's flat inline tokens as a tree."""
        stack: list[tuple[str, str, list[Inline]]] = [("", "", [])]
        flattened = 0  # containers opened beyond MAX_NESTING, whose marks are dropped
        for token in tokens:
            kind, out = token.type, stack[-1][2]
            if kind in ("em_open", "strong_open", "link_open") and (flattened or len(stack) > MAX_NESTING):
                flattened += 1
            elif kind in ("em_close", "strong_close", "link_close") and flattened:
                flattened -= 1
            elif kind in ("text", "softbreak", "hardbreak"):
                out.append(Text(token.content if kind == "text" else " "))
            elif kind == "code_inline":
                out.append(Code(token.content))
            elif kind in ("em_open", "strong_open"):
                stack.append((kind, "", []))
            elif kind == "link_open":
                stack.append((kind, str(token.attrGet("href") or ""), []))
            elif kind in ("em_close", "strong_close", "link_close") and len(stack) > 1:
                opened, href, children = stack.pop()
                stack[-1][2].extend(self.container(opened, href, tuple(children), line))
            elif kind == "footnote_ref":
                out.append(
                    self.note(token.meta["label"], line) if notes else Text(f"[^{token.meta['label']}]")
                )
            elif kind == "image":  # an image inside a sentence: its caption stands for it
                self.warn(
                    line,
                    "an image inside a paragraph is shown as its caption; give it a paragraph "
                    "of its own to make it a figure",
                )
                out.extend(self.convert(token.children or [], line, notes))
            else:
                out.append(Text(token.content))
        while len(stack) > 1:  # never left open by markdown-it; kept safe all the same
            opened, href, children = stack.pop()
            stack[-1][2].extend(children)
        return tuple(stack[0][2])

    def container(self, opened: str, href: str, children: tuple[Inline, ...], line: int) -> list[Inline]:
        if opened == "em_open":
            return [Emphasis(children)]
        if opened == "strong_open":
            return [Strong(children)]
        if href.lower().startswith(_LINK_SCHEMES):
            return [Link(href, children)]
        self.warn(
            line, f"link to {shorten(href, 60)!r} kept as text: links must be http(s) or mailto addresses"
        )
        return list(children)

    def note(self, label: str, line: int) -> NoteRef:
        if label not in self.defined:
            message = f"footnote [^{shorten(label, 40)}] has no definition ('[^{shorten(label, 40)}]: …')"
            if self.error is None:
                raise SourceError.at(self.file, line, message)
            self.error(line, message)
            self.defined.add(label)  # said once; the reader fails once it has read the rest
        number = self.numbers.setdefault(label, len(self.numbers) + 1)
        return NoteRef(label, number)


def _parse(text: str) -> list[Token]:
    from briefpub.reader import linear  # with markdown-it: text without markup needs neither

    tokens = _markdown().parseInline(linear.escape_unclosable(text), {})
    return list(tokens[0].children or []) if tokens else []


_MD: list[MarkdownIt] = []


def _markdown() -> MarkdownIt:
    """Return the one CommonMark parser, made on first use."""
    if not _MD:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.footnote import footnote_plugin

        md = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable("linkify").disable("entity")
        assert md.linkify is not None  # linkify-it-py is a dependency
        md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})
        footnote_plugin(md, inline=False, move_to_end=False, always_match_refs=True)
        from briefpub.reader import linear

        linear.install(md)  # the footnote, link and linkify rules in linear time (see briefpub.reader.linear)
        md.validateLink = _any_link  # type: ignore[method-assign]  # briefpub checks schemes itself
        _MD.append(md)
    return _MD[0]


def _any_link(url: Any) -> bool:
    return True
