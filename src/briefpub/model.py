"""The briefing model: the one structure every reader fills and every renderer reads."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from briefpub.errors import Diagnostic


@dataclass(frozen=True)
class Section:
    """One question of the briefing: a slide in the deck, a section in the newsletter."""

    question: str
    """The question heading, one line of text."""
    answer: str
    """The bottom line: the ``Answer:`` paragraph without its label."""
    body: tuple[str, ...]
    """The analysis paragraphs that follow the answer, in order."""
    line: int
    """The source line of the question heading, for messages about this section."""

    def __post_init__(self) -> None:
        _check(self, ("question", str), ("answer", str), ("line", int))
        _check_strings(self, "body")


@dataclass(frozen=True)
class Meta:
    """What the front matter (or the project's defaults) says about the briefing."""

    subtitle: str | None = None
    """A line under the title."""
    date: datetime.date | None = None
    """The publication date; also the timestamp of reproducible outputs."""
    authors: tuple[str, ...] = ()
    """Authors in the order given; front matter ``author`` may be a string or a list."""
    publication: str | None = None
    """The newsletter's name, shown in the masthead and running header."""
    issue: str | None = None
    """The issue number or label, kept as text (``"42"``, ``"2026/7"``)."""
    lang: str = "en"
    """BCP 47 language tag; drives hyphenation, date formats and text language."""
    tags: tuple[str, ...] = ()
    """Keywords, for PDF and deck metadata."""
    summary: str | None = None
    """A one-paragraph abstract; the PDF subject when present."""
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Front-matter keys briefpub does not know, kept for templates to use."""

    def __post_init__(self) -> None:
        _check(
            self,
            ("subtitle", (str, type(None))),
            ("date", (datetime.date, type(None))),
            ("publication", (str, type(None))),
            ("issue", (str, type(None))),
            ("lang", str),
            ("summary", (str, type(None))),
            ("extra", Mapping),
        )
        _check_strings(self, "authors")
        _check_strings(self, "tags")


@dataclass(frozen=True)
class Briefing:
    """A parsed briefing: title, key points, introduction and question sections."""

    title: str
    """The briefing's title."""
    meta: Meta
    """Front matter and project defaults."""
    key_points: tuple[str, ...]
    """The bullet points after the title, without their bullet marks."""
    introduction: tuple[str, ...]
    """Paragraphs between the key points and the first question."""
    sections: tuple[Section, ...]
    """The question sections, in source order; never empty."""
    source: Path | None = field(default=None, compare=False)
    """The file this was read from, or None when parsed from a string."""
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)
    """Things worth telling the writer that did not stop the parse."""

    def __post_init__(self) -> None:
        _check(self, ("title", str), ("meta", Meta), ("source", (Path, type(None))))
        _check_strings(self, "key_points")
        _check_strings(self, "introduction")
        if not isinstance(self.sections, tuple) or not all(isinstance(s, Section) for s in self.sections):
            raise TypeError("Briefing.sections must be a tuple of Section")


def _check(obj: object, *fields: tuple[str, type | tuple[type, ...]]) -> None:
    """Raise a TypeError naming the field whose value is not of its type.

    The model is a public API; a wrong type caught here is a clear message at
    construction, not an AttributeError deep in a renderer (or "A, l, i, c and
    e" from a string taken for a list of authors).
    """
    for name, kind in fields:
        value = getattr(obj, name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise TypeError(
                f"{type(obj).__name__}.{name} must be {expected}, not {type(value).__name__} ({value!r:.40})"
            )


def _check_strings(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if not isinstance(value, tuple) or not all(isinstance(item, str) for item in value):
        raise TypeError(
            f"{type(obj).__name__}.{name} must be a tuple of str, not {type(value).__name__} ({value!r:.40})"
        )


def freeze(value: Any) -> Any:
    """Return a read-only copy of a YAML value, so the model stays immutable."""
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def to_dict(briefing: Briefing) -> dict[str, Any]:
    """Return the briefing as the documented JSON shape of ``briefpub parse --json``."""
    meta = briefing.meta
    return {
        "title": briefing.title,
        "meta": {
            "subtitle": meta.subtitle,
            "date": meta.date.isoformat() if meta.date else None,
            "authors": list(meta.authors),
            "publication": meta.publication,
            "issue": meta.issue,
            "lang": meta.lang,
            "tags": list(meta.tags),
            "summary": meta.summary,
            "extra": _plain(meta.extra),
        },
        "key_points": list(briefing.key_points),
        "introduction": list(briefing.introduction),
        "sections": [
            {"question": s.question, "answer": s.answer, "body": list(s.body), "line": s.line}
            for s in briefing.sections
        ],
    }
