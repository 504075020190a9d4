"""Briefing text as HTML: escaped, typeset (long words, French spacing) and with its inline markup.

Everything a newsletter template prints from the briefing passes through the
``prose`` filter defined here. Rich text becomes ``<em>``, ``<strong>``,
``<code>``, ``<a>`` and footnote calls; the characters themselves are always
escaped, so markup can only ever come from the inline tree, never from text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import jinja2
from markupsafe import Markup, escape

from briefpub import i18n
from briefpub.model.briefing import Footnote, inlines_of
from briefpub.model.richtext import (
    Code,
    Emphasis,
    Inline,
    Link,
    NoteRef,
    Strong,
    Text,
    keep_last_words,
    plain_text,
)

# A run of characters this long may not fit a line: it gets break chances (URLs, IDs, hashes).
# Shorter words never need them, and would only be split needlessly.
_LONG_TOKEN = re.compile(r"\S{50,}")
_URL_BREAK_AFTER = set("/?&=#_.,;:-")
_CHUNK = 24
# A space (any kind) the writer put before ? ! ; » or after «, and before : (patterns compiled, by re,
# the first time a French text needs them: a cold page in another language does not).
_FR_BEFORE_HIGH = r"[ \u00a0\u202f\u2009]+([?!;»])"
_FR_BEFORE_COLON = r"[ \u00a0\u202f\u2009]+:"
_FR_AFTER_OPEN = r"«[ \u00a0\u202f\u2009]+"


@dataclass
class Notes:
    """The footnotes of one page being rendered, and which have been called so far.

    In print a note's text goes where it is first called (``float: footnote``
    puts it at the foot of that page); later calls only link to it. On the
    web and in e-mail every call is a link to the list of notes at the end.
    """

    edition: str
    footnotes: dict[int, Footnote]
    calls: dict[int, int] = field(default_factory=dict)
    """How many times each note has been called."""

    def call(self, ref: NoteRef, lang: str) -> Markup:
        """Return the HTML for one reference to a footnote."""
        n = ref.number
        count = self.calls[n] = self.calls.get(n, 0) + 1
        anchor = f"fnref-{n}" if count == 1 else f"fnref-{n}-{count}"
        note = self.footnotes.get(n)
        if self.edition != "print" or note is None or count > 1:
            # Named "Note 3", not "3": a screen reader's list of links reads each out of context.
            name = i18n.labels(lang).note_call.replace("{n}", str(n))
            return Markup(
                '<sup class="footnote-ref"><a href="#fn-{}" id="{}" aria-label="{}">{}</a></sup>'
            ).format(n, anchor, name, n)
        text = inline_html(inlines_of(note.text), lang, None, links=True)
        labels = i18n.labels(lang)
        # The names become the PDF links' /Contents (newsletter/tagging.py): "Note 3", not "3".
        return Markup(
            '<a class="footnote-call" href="#fn-{n}" id="{a}" aria-label="{call}">{n}</a>'
            '<span class="footnote" id="fn-{n}">'
            '<a class="footnote-number" href="#{a}" aria-label="{back}">{n}</a> {text}</span>'
        ).format(
            n=n,
            a=anchor,
            text=text,
            call=labels.note_call.replace("{n}", str(n)),
            back=labels.back_to_reference.replace("{n}", str(n)),
        )


@jinja2.pass_context
def prose_filter(
    context: jinja2.runtime.Context, text: str, inert: bool = False, heading: bool = False
) -> Markup:
    """Jinja2 filter ``prose``: a briefing text as HTML in the page's language.

    ``inert=true`` (a table of contents, a link's text) leaves out links and
    footnote calls, which must not nest in a link or be called twice.
    ``heading=true`` (the title, a question) keeps a short last word on the
    line of the word before it, so that a headline never ends with one word alone.
    """
    notes = context.get("notes")
    lang = str(context.get("lang", ""))
    inlines = inlines_of(str(text) if not isinstance(text, str) else text)
    return inline_html(
        keep_last_words(inlines) if heading else inlines,
        lang,
        notes if isinstance(notes, Notes) and not inert else None,
        links=not inert,
        printed=context.get("edition") == "print",
    )


def inline_html(
    inlines: tuple[Inline, ...], lang: str, notes: Notes | None, links: bool, printed: bool = False
) -> Markup:
    """Return an inline tree as HTML; footnote calls only with ``notes``, links only with ``links``.

    ``printed`` (the PDF's page) works around a WeasyPrint line breaker bug:
    when the word after a space must move to the next line and starts an
    inline element (a link, emphasis), WeasyPrint may instead hyphenate the
    first word of the line and leave its fragment alone ("in-"). With that
    space inside a ``<span>`` that holds the element too, it breaks there, as
    it should; the space stays outside the link's underline.
    """
    out: list[Markup] = []
    for index, node in enumerate(inlines):
        if isinstance(node, Text):
            following = inlines[index + 1] if index + 1 < len(inlines) else None
            if printed and node.text.endswith(" ") and isinstance(following, _ELEMENTS):
                out.append(prose(node.text[:-1], lang) + Markup('<span class="before-inline"> '))
                continue
            out.append(prose(node.text, lang))
        elif isinstance(node, Code):
            out.append(Markup("<code>{}</code>").format(prose(node.text)))
        elif isinstance(node, Emphasis):
            out.append(Markup("<em>{}</em>").format(inline_html(node.children, lang, notes, links, printed)))
        elif isinstance(node, Strong):
            out.append(
                Markup("<strong>{}</strong>").format(inline_html(node.children, lang, notes, links, printed))
            )
        elif isinstance(node, Link):
            inner = inline_html(node.children, lang, notes, links=False, printed=printed)
            if links:
                bare = ' class="bare"' if plain_text(node.children) in (node.href, node.href[7:]) else ""
                out.append(Markup('<a href="{}"{}>{}</a>').format(node.href, Markup(bare), inner))
            else:
                out.append(inner)
        elif isinstance(node, NoteRef) and notes is not None:
            out.append(notes.call(node, lang))
        previous = inlines[index - 1] if index else None
        if (
            printed
            and isinstance(node, _ELEMENTS)
            and isinstance(previous, Text)
            and previous.text.endswith(" ")
        ):
            out.append(Markup("</span>"))
    return Markup("").join(out)


_ELEMENTS = (Emphasis, Strong, Code, Link)
"""Inline nodes that become elements (a footnote call is glued to its word, so not one of them)."""


def prose(text: str, lang: str = "") -> Markup:
    """Return briefing text as safe HTML: escaped, with break chances in very long words.

    Inserting ``<wbr>`` keeps a 64 KiB token from running off the page without
    the cost of ``overflow-wrap: anywhere`` on every line. French text gets
    no-break spaces before ``? ! ; :`` and inside guillemets, so that a mark
    never starts a line; a space the writer typed is made unbreakable, not doubled.
    """
    if i18n.base_language(lang) == "fr":
        text = french_spacing(text)
    if len(text) < 50:
        return escape(text)
    out: list[Markup] = []
    last = 0
    for match in _LONG_TOKEN.finditer(text):
        out.append(escape(text[last : match.start()]))
        pieces = Markup("<wbr>").join(escape(piece) for piece in _break_token(match.group()))
        out.append(Markup('<span class="token">') + pieces + Markup("</span>"))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def french_spacing(text: str) -> str:
    """Return ``text`` with the spaces French typography wants before high punctuation made unbreakable."""
    text = re.sub(_FR_BEFORE_HIGH, "\u202f\\1", text)
    text = re.sub(_FR_BEFORE_COLON, "\u00a0:", text)
    text = re.sub(_FR_AFTER_OPEN, "«\u202f", text)
    return text


def _break_token(token: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for index, char in enumerate(token[:-1]):
        following = token[index + 1]
        if unicodedata.combining(following) or following in "\u200d\ufe0f\ufe0e" or char == "\u200d":
            continue
        if 0xD800 <= ord(following) <= 0xDFFF or unicodedata.category(following) == "Sk":
            continue
        if char in _URL_BREAK_AFTER or index + 1 - start >= _CHUNK:
            pieces.append(token[start : index + 1])
            start = index + 1
    pieces.append(token[start:])
    return pieces
