"""markdown-it-py's inline rules that take time in the square of a paragraph's length, made linear.

A briefing comes from anyone. Three rules rescan the rest of the paragraph
at every place they are tried, so 32 KB of ``[^``, of ``[`` or of
``https://a.`` took a minute or more to read:

- the footnote plugin's reference rule looks for the closing ``]`` up to
  the end of the text: here a label is at most :data:`MAX_LABEL` characters;
- the link rule looks for the ``]`` that closes each ``[``: a ``[`` no ``]``
  can ever close is escaped before parsing (only in a text with many
  brackets, so ordinary text is read exactly as before);
- the linkify rule searches everything since the last token for a scheme and
  hands linkify-it the whole rest of the text: here it looks at the
  :data:`MAX_SCHEME` characters before ``://`` and :data:`MAX_URL` after.
"""

from __future__ import annotations

import re
from typing import Any

MAX_LABEL = 200
"""The longest footnote label, in characters."""
MAX_SCHEME = 32
MAX_URL = 4096
"""The longest bare address linkified; a longer one is linkified to here."""
MANY_BRACKETS = 200
"""A text with more ``[`` than this has its unclosable ones escaped."""
_SCHEME = re.compile(r"(?:^|[^a-z0-9.+-])([a-z][a-z0-9.+-]*)$", re.IGNORECASE)
_NOTE_REF = re.compile(r"\[\^([^\]\s]{1," + str(MAX_LABEL) + r"})\]")


def install(md: Any) -> None:
    """Put the linear rules in place of markdown-it-py's (call after the footnote plugin)."""
    md.inline.ruler.at("footnote_ref", _footnote_ref)
    md.inline.ruler.at("linkify", _linkify)


def escape_unclosable(text: str) -> str:
    """Return ``text`` with every ``[`` that no later ``]`` can close escaped (``\\[``), where there are many.

    Brackets pair as the link rule pairs them, nesting counted; a backslash
    escapes the next character. A ``[`` left unpaired can open no link or
    footnote, so escaping it changes nothing but the time taken.
    """
    if text.count("[") <= MANY_BRACKETS:
        return text
    open_at: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            open_at.append(index)
        elif char == "]" and open_at:
            open_at.pop()
        index += 1
    if not open_at:
        return text
    unpaired = set(open_at)
    return "".join("\\[" if i in unpaired else c for i, c in enumerate(text))


def _footnote_ref(state: Any, silent: bool) -> bool:
    """``[^label]``, every label a reference (the reader checks them): the plugin's rule, bounded."""
    if state.src.startswith("[^", state.pos) is False:
        return False
    match = _NOTE_REF.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"id": 0, "subId": 0, "label": match[1]}
    state.pos = match.end()
    return True


def _linkify(state: Any, silent: bool) -> bool:
    """A bare ``scheme://`` address: markdown-it-py's rule, looking at a bounded window of the text."""
    if not state.md.options.linkify or state.linkLevel > 0 or state.md.linkify is None:
        return False
    pos, maximum, src = state.pos, state.posMax, state.src
    if pos + 3 > maximum or src[pos : pos + 3] != "://":
        return False
    found = _SCHEME.search(state.pending[-MAX_SCHEME:])
    if found is None:
        return False
    proto = found[1]
    start = pos - len(proto)
    link = state.md.linkify.match_at_start(src[start : min(maximum, start + MAX_URL)])
    if not link:
        return False
    url = link.url.rstrip("*")  # a '*' at the end is emphasis, as markdown-it-py has it
    full_url = state.md.normalizeLink(url)
    if not state.md.validateLink(full_url):
        return False
    if not silent:
        state.pending = state.pending[: -len(proto)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": full_url}
        token.markup = "linkify"
        token.info = "auto"
        token = state.push("text", "", 0)
        token.content = state.md.normalizeLinkText(url)
        token = state.push("link_close", "a", -1)
        token.markup = "linkify"
        token.info = "auto"
    state.pos += len(url) - len(proto)
    return True
