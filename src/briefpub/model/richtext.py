"""Rich text: the small, immutable inline tree a briefing's texts are made of.

A text is a :class:`Rich`: a ``str`` holding its plain text, which also
carries the inline tree it was read from (emphasis, strong, code, links and
footnote references). Being a ``str`` is deliberate: metadata, running heads,
bookmarks, search, JSON and templates written before markup existed all see
plain text without knowing markup exists, and only the renderers that set type
look at :attr:`Rich.inlines`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Union


@dataclass(frozen=True)
class Text:
    """Characters as written."""

    text: str


@dataclass(frozen=True)
class Emphasis:
    """``*emphasis*``: set in italics."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    """``**strong**``: set in bold."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    """```code```: set in a monospaced face, never marked up inside."""

    text: str


@dataclass(frozen=True)
class Link:
    """``[text](https://…)``, ``<https://…>`` or a bare web address: ``href`` is http(s) or mailto."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class NoteRef:
    """``[^label]``: a reference to the footnote numbered ``number`` (per briefing, by first reference)."""

    label: str
    number: int


Inline = Union[Text, Emphasis, Strong, Code, Link, NoteRef]  # noqa: UP007 (a runtime alias)
CONTAINERS = (Emphasis, Strong, Link)


class Rich(str):
    """A text of the briefing: its plain text (the ``str``) and the inline tree it came from.

    Two rich texts are equal when both their plain text and their markup are;
    compared with a plain ``str``, only the text counts, so ``briefing.title ==
    "Title"`` holds for a title written without markup.
    """

    inlines: tuple[Inline, ...]

    def __new__(cls, text: str = "", inlines: tuple[Inline, ...] | None = None) -> Rich:
        self = super().__new__(cls, text)
        self.__dict__["inlines"] = inlines if inlines is not None else ((Text(text),) if text else ())
        return self

    @classmethod
    def of(cls, inlines: tuple[Inline, ...]) -> Rich:
        """Return the rich text made of ``inlines``, its plain text computed from them."""
        return cls(plain_text(inlines), _merged(inlines))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Rich text is immutable")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rich):
            return str.__eq__(self, other) and self.inlines == other.inlines
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__

    def __repr__(self) -> str:
        return f"Rich({str(self)!r})" if not self.has_markup else f"Rich({str(self)!r}, {self.inlines!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Rich, (str(self), self.inlines))

    def plain(self) -> str:
        """Return the text without markup (footnote references leave nothing)."""
        return str(self)

    @property
    def has_markup(self) -> bool:
        """Return whether anything in the text is more than characters."""
        return any(not isinstance(node, Text) for node in self.inlines)

    @property
    def kind(self) -> str:
        """Return ``paragraph``: what a rich text is as a block of a section's body."""
        return "paragraph"

    def notes(self) -> Iterator[NoteRef]:
        """Yield the footnote references in the text, in order."""
        yield from (node for node in walk(self.inlines) if isinstance(node, NoteRef))


def walk(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    """Yield every node of the tree, depth first, in reading order."""
    for node in inlines:
        yield node
        if isinstance(node, CONTAINERS):
            yield from walk(node.children)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """Return the characters of ``inlines`` without their markup."""
    out: list[str] = []
    for node in walk(inlines):
        if isinstance(node, Text | Code):
            out.append(node.text)
    return "".join(out)


def split_at(inlines: tuple[Inline, ...], offset: int) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    """Return the tree cut at character ``offset`` of its plain text: what comes before, what after.

    A container cut in two (a link, emphasis) is repeated on both sides; a
    footnote call at the cut stays with the word it follows.
    """
    head: list[Inline] = []
    tail: list[Inline] = []
    for node in inlines:
        length = len(plain_text((node,)))
        if offset <= 0 and not (isinstance(node, NoteRef) and offset == 0 and not tail):
            tail.append(node)
        elif length <= offset:
            head.append(node)
        elif isinstance(node, Text | Code):
            head.append(type(node)(node.text[:offset]))
            tail.append(type(node)(node.text[offset:]))
        else:
            assert isinstance(node, CONTAINERS)
            before, after = split_at(node.children, offset)
            head.append(_with_children(node, before))
            tail.append(_with_children(node, after))
        offset -= length
    return tuple(head), tuple(tail)


def _with_children(node: Emphasis | Strong | Link, children: tuple[Inline, ...]) -> Inline:
    if isinstance(node, Link):
        return Link(node.href, children)
    return type(node)(children)


def _merged(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Return ``inlines`` with neighbouring plain texts joined: one tree per text, whoever built it."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return tuple(out)


def to_json(inlines: tuple[Inline, ...]) -> list[Any]:
    """Return ``inlines`` as the documented JSON form: strings for text, objects for the rest."""
    out: list[Any] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Code):
            out.append({"type": "code", "text": node.text})
        elif isinstance(node, NoteRef):
            out.append({"type": "note", "label": node.label, "number": node.number})
        elif isinstance(node, Link):
            out.append({"type": "link", "href": node.href, "children": to_json(node.children)})
        else:
            kind = "emphasis" if isinstance(node, Emphasis) else "strong"
            out.append({"type": kind, "children": to_json(node.children)})
    return out


SHORT_LAST_WORD = 10
"""A headline's last word this short or shorter is kept with the one before it (a no-break space)."""
_LAST_SPACE = re.compile(rf" (\S{{1,{SHORT_LAST_WORD}}})$")


def keep_last_words(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Return a heading's inline tree with the space before a short last word made unbreakable.

    Only where the heading has three words or more (two words may break
    between them) and its last words are plain text (a link or code ends it
    as it is). A footnote call after the last word does not count as a word.
    """
    if len(plain_text(inlines).split()) < 3:
        return inlines
    last = len(inlines) - 1
    while last >= 0 and isinstance(inlines[last], NoteRef):
        last -= 1
    if last < 0 or not isinstance(inlines[last], Text):
        return inlines
    node = inlines[last]
    assert isinstance(node, Text)
    kept = _LAST_SPACE.sub("\u00a0\\1", node.text.rstrip(), count=1) + node.text[len(node.text.rstrip()) :]
    return (*inlines[:last], Text(kept), *inlines[last + 1 :])
