"""The briefing model: the one structure the reader fills and every renderer reads, and its one timestamp."""

from __future__ import annotations

import datetime
import functools
import math
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from briefpub.errors import Diagnostic
from briefpub.model.richtext import Inline, Rich, Text, to_json


def inlines_of(text: str) -> tuple[Inline, ...]:
    """Return the inline tree of a text of the model: a :class:`Rich` text's own, else its characters."""
    return text.inlines if isinstance(text, Rich) else ((Text(text),) if text else ())


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list in a section's body (or the introduction)."""

    items: tuple[str, ...]
    """The items' texts (rich), without their marks."""
    ordered: bool = False
    """Numbered (``1.``) rather than bulleted."""
    start: int = 1
    """The first item's number, for a numbered list."""
    line: int = field(default=0, compare=False)
    """The source line of the first item (where it came from, not what it is: not compared)."""

    kind = "list"

    def __post_init__(self) -> None:
        _check(self, ("ordered", bool), ("start", int), ("line", int))
        _check_strings(self, "items")
        _as_rich(self, "items")

    def plain(self) -> str:
        """Return the list as plain text: one item a line, with its bullet or number."""
        marks = (f"{self.start + n}." if self.ordered else "•" for n in range(len(self.items)))
        return "\n".join(f"{mark} {item}" for mark, item in zip(marks, self.items, strict=True))


@dataclass(frozen=True)
class Figure:
    """An image with its caption, read, checked and measured when the source was parsed."""

    path: Path
    """The image file, resolved (inside the project)."""
    written: str
    """The path as the source wrote it, relative to the source file."""
    caption: str
    """The caption (rich): the bracket text of ``![caption](path)``."""
    alt: str
    """The text that stands for the image for those who cannot see it: the title given, else the caption."""
    media_type: str
    """``image/png``, ``image/jpeg`` or ``image/svg+xml``, told by content."""
    width: int
    """Natural width in pixels (CSS pixels for SVG)."""
    height: int
    """Natural height in pixels."""
    data: bytes = field(repr=False)
    """The file's bytes as read and checked: renderers never read the file again."""
    number: int = 0
    """The figure's number in the briefing, from 1."""
    line: int = field(default=0, compare=False)
    """The source line of the figure (not compared)."""
    data_table: Table | None = field(default=None, repr=False)
    """For a chart drawn as this figure, its data: what readers who cannot see the image get."""

    kind = "figure"

    def __post_init__(self) -> None:
        _check(
            self,
            ("path", Path),
            ("written", str),
            ("caption", str),
            ("alt", str),
            ("media_type", str),
            ("width", int),
            ("height", int),
            ("data", bytes),
            ("number", int),
            ("line", int),
            ("data_table", (Table, type(None))),
        )

    def plain(self) -> str:
        """Return the figure as plain text: its caption."""
        return str(self.caption)


CHART_TYPES = ("column", "bar", "line", "stacked-column", "stacked-bar", "pie")
"""The kinds of chart a CSV figure can be: clustered columns (the default), bars, lines, stacks, a pie."""


@dataclass(frozen=True)
class Series:
    """One series of a chart: a CSV column after the first, named by its header."""

    name: str
    values: tuple[float | None, ...]
    """One value per category; None where the cell was empty (a gap)."""

    def __post_init__(self) -> None:
        _check(self, ("name", str))
        if not isinstance(self.values, tuple) or not all(
            v is None or (isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v))
            for v in self.values
        ):
            raise TypeError("Series.values must be a tuple of finite numbers or None")


@dataclass(frozen=True)
class Chart:
    """A chart drawn from data: a figure whose image is a CSV file, with its options from a sidecar."""

    path: Path
    """The CSV file, resolved (inside the project)."""
    written: str
    """The path as the source wrote it."""
    caption: str
    """The caption (rich), as a figure's."""
    alt: str
    """The text that stands for the chart: the title given, else the caption."""
    category_title: str
    """The CSV's first header cell: what the categories are (``Year``)."""
    categories: tuple[str, ...]
    """The first column: one label per category, in order."""
    series: tuple[Series, ...]
    """The further columns, in order."""
    type: str = "column"
    """One of :data:`CHART_TYPES`."""
    x_title: str = ""
    """The category axis's title; empty for none."""
    y_title: str = ""
    """The value axis's title; empty for none."""
    number_format: str = ""
    """How values are shown, as an Excel number format (``#,##0.0``, ``0%``); empty for general."""
    highlight: str = ""
    """A category to set apart in the accent colour; empty for none."""
    options_path: Path | None = field(default=None, compare=False)
    """The sidecar the options are read from (``oil.toml`` beside ``oil.csv``), whether or not it exists."""
    number: int = 0
    """The chart's number among the briefing's figures, from 1."""
    line: int = field(default=0, compare=False)
    """The source line of the chart (not compared)."""

    kind = "chart"

    def __post_init__(self) -> None:
        _check(
            self,
            ("path", Path),
            ("written", str),
            ("caption", str),
            ("alt", str),
            ("category_title", str),
            ("type", str),
            ("x_title", str),
            ("y_title", str),
            ("number_format", str),
            ("highlight", str),
            ("number", int),
            ("line", int),
        )
        _check_strings(self, "categories")
        if (
            not isinstance(self.series, tuple)
            or not self.series
            or not all(isinstance(s, Series) and len(s.values) == len(self.categories) for s in self.series)
        ):
            raise ValueError("Chart.series must be one or more Series with a value per category")
        if self.type not in CHART_TYPES:
            raise ValueError(f"Chart.type must be one of {CHART_TYPES}")
        _as_rich(self, "caption")

    def plain(self) -> str:
        """Return the chart as plain text: its caption."""
        return str(self.caption)

    def data_table(self) -> Table:
        """Return the chart's data as a table: what a screen reader or a plain-text reader gets."""
        formats = [self.number_format or _decimals_of(s.values) for s in self.series]
        return Table(
            header=(self.category_title, *(s.name for s in self.series)),
            rows=tuple(
                (category, *(format_value(s.values[n], f) for s, f in zip(self.series, formats, strict=True)))
                for n, category in enumerate(self.categories)
            ),
            align=("", *("right" for _ in self.series)),
            caption=self.caption,
            number=self.number,
            line=self.line,
        )


def _decimals_of(values: tuple[float | None, ...]) -> str:
    """Return the number format that shows every value of a series with the decimals its data have."""
    decimals = max((len(format_value(v, "").partition(".")[2]) for v in values if v is not None), default=0)
    return "0." + "0" * decimals if decimals else "0"


def format_value(value: float | None, number_format: str) -> str:
    """Return a value as the chart's number format shows it: ``#,##0.0`` → ``1,234.5``; ``0%`` → ``12%``.

    Formats are the subset :data:`NUMBER_FORMAT` accepts: thousands grouping,
    a number of decimals, a percent sign. Empty formats show up to three
    decimals, without trailing zeros.
    """
    if value is None:
        return ""
    match = NUMBER_FORMAT.fullmatch(number_format)
    if match is None:  # general: as written, up to three decimals
        text = f"{value:.3f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    grouping, decimals, percent = match[1] is not None, len(match[2] or ".") - 1, match[3] is not None
    text = f"{value * 100 if percent else value:{',' if grouping else ''}.{decimals}f}"
    return text + ("%" if percent else "")


NUMBER_FORMAT = re.compile(r"(#,##)?0(\.0{1,4})?(%)?")
"""The number formats a chart may use: ``0``, ``0.0``, ``#,##0.00``, ``0%``, ``0.0%`` and the like."""


ALIGNMENTS = ("", "left", "center", "right")
"""A table column's alignment from its delimiter row (``:--``, ``:-:``, ``--:``); empty when not set."""


@dataclass(frozen=True)
class Table:
    """A table: a header row and body rows of rich cells, every row as long as the header."""

    header: tuple[str, ...]
    """The header row's cells (rich)."""
    rows: tuple[tuple[str, ...], ...]
    """The body rows, each with one cell (rich) per column."""
    align: tuple[str, ...]
    """Each column's alignment, one of :data:`ALIGNMENTS`."""
    caption: str = ""
    """The caption (rich) from a ``Table:`` paragraph after the table; may be empty."""
    number: int = 0
    """The table's number in the briefing, from 1."""
    line: int = field(default=0, compare=False)
    """The source line of the header row (not compared)."""

    kind = "table"

    def __post_init__(self) -> None:
        _check(self, ("caption", str), ("number", int), ("line", int))
        _check_strings(self, "header")
        _check_strings(self, "align")
        if not isinstance(self.rows, tuple) or not all(isinstance(row, tuple) for row in self.rows):
            raise TypeError("Table.rows must be a tuple of tuples of str")
        columns = len(self.header)
        if not columns or len(self.align) != columns or any(len(row) != columns for row in self.rows):
            raise ValueError("Table: the header, the alignments and every row must have the same length")
        if any(a not in ALIGNMENTS for a in self.align):
            raise ValueError(f"Table.align: each must be one of {ALIGNMENTS}")
        _as_rich(self, "header", "caption")
        object.__setattr__(self, "rows", tuple(_rich_tuple(row) for row in self.rows))

    @functools.cached_property
    def numeric(self) -> tuple[bool, ...]:
        """Whether each column holds numbers (every non-empty body cell): set right-aligned, tabular."""
        return tuple(
            any(row[n].strip() for row in self.rows)
            and all(_number().fullmatch(row[n].strip()) for row in self.rows if row[n].strip())
            for n in range(len(self.header))
        )

    def alignment(self, column: int) -> str:
        """Return the column's alignment: as written, else right for numbers and left (start) for text."""
        return self.align[column] or ("right" if self.numeric[column] else "")

    def plain(self) -> str:
        """Return the table as plain text: its caption, then one line a row, cells between ``|``."""
        lines = [" | ".join(str(cell) for cell in row).rstrip() for row in (self.header, *self.rows)]
        return "\n".join([str(self.caption), *lines] if self.caption else lines)


@functools.cache
def _number() -> re.Pattern[str]:
    """A cell that reads as a number: ``1,234.5``, ``-3%``, ``$12bn``, ``(4.2)``, ``12 345``.

    Compiled on first use, by tables only: its Unicode classes cost about a millisecond at import.
    """
    return re.compile(r"[-+−]?[$€£¥]?\(?[0-9][0-9,.  ' ]*\)?\s?(%|[kKmMbB]n?|pp|x)?")


def _rich_tuple(cells: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(cell if isinstance(cell, Rich) else Rich(cell) for cell in cells)


@dataclass(frozen=True)
class Footnote:
    """A footnote: ``[^label]: text``, numbered by its first reference."""

    label: str
    number: int
    text: str
    """The note's text (rich; a reference inside a note stays literal)."""
    line: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        _check(self, ("label", str), ("number", int), ("text", str), ("line", int))
        _as_rich(self, "text")


Block = str | ListBlock | Figure | Table | Chart
"""One block of a body: a paragraph (a rich ``str``), a list, a figure, a table or a chart."""


def block_plain(block: Block) -> str:
    """Return a block as plain text (what ``parse --json`` has always given for a body)."""
    return str(block) if isinstance(block, str) else block.plain()


@dataclass(frozen=True)
class Section:
    """One question of the briefing: a slide in the deck, a section in the newsletter."""

    question: str
    """The question heading, one line of text."""
    answer: str
    """The bottom line: the ``Answer:`` paragraph without its label."""
    body: tuple[Block, ...]
    """The analysis that follows the answer, in order: paragraphs (rich ``str``), lists and figures."""
    line: int
    """The source line of the question heading, for messages about this section."""

    def __post_init__(self) -> None:
        _check(self, ("question", str), ("answer", str), ("line", int))
        _check_blocks(self, "body")
        _as_rich(self, "question", "answer", "body")


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
    introduction: tuple[Block, ...]
    """Paragraphs (and lists and figures) between the key points and the first question."""
    sections: tuple[Section, ...]
    """The question sections, in source order; never empty."""
    footnotes: tuple[Footnote, ...] = ()
    """The footnotes referenced in the text, by number."""
    source: Path | None = field(default=None, compare=False)
    """The file this was read from, or None when parsed from a string."""
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)
    """Things worth telling the writer that did not stop the parse."""

    def __post_init__(self) -> None:
        _check(self, ("title", str), ("meta", Meta), ("source", (Path, type(None))))
        _check_strings(self, "key_points")
        _check_blocks(self, "introduction")
        _as_rich(self, "title", "key_points", "introduction")
        if not isinstance(self.footnotes, tuple) or not all(isinstance(n, Footnote) for n in self.footnotes):
            raise TypeError("Briefing.footnotes must be a tuple of Footnote")
        if not isinstance(self.sections, tuple) or not all(isinstance(s, Section) for s in self.sections):
            raise TypeError("Briefing.sections must be a tuple of Section")

    def blocks(self) -> tuple[Block, ...]:
        """Return every block of the briefing, introduction then bodies, in order."""
        return (*self.introduction, *(block for section in self.sections for block in section.body))

    def figures(self) -> tuple[Figure, ...]:
        """Return every figure of the briefing, in order."""
        return tuple(block for block in self.blocks() if isinstance(block, Figure))

    def input_files(self) -> tuple[Path, ...]:
        """Return the files the briefing was read from besides its source: images, data, chart options."""
        files: list[Path] = [figure.path for figure in self.figures()]
        for chart in self.charts():
            files += [chart.path, *([chart.options_path] if chart.options_path else [])]
        return tuple(dict.fromkeys(files))

    def charts(self) -> tuple[Chart, ...]:
        """Return every chart of the briefing, in order."""
        return tuple(block for block in self.blocks() if isinstance(block, Chart))

    def tables(self) -> tuple[Table, ...]:
        """Return every table of the briefing, in order."""
        return tuple(block for block in self.blocks() if isinstance(block, Table))

    def texts(self) -> Iterator[str]:
        """Yield every text of the briefing in reading order (title, points, blocks, notes)."""
        yield self.title
        yield from self.key_points
        for block in self.introduction:
            yield from block_texts(block)
        for section in self.sections:
            yield section.question
            yield section.answer
            for block in section.body:
                yield from block_texts(block)
        yield from (note.text for note in self.footnotes)

    @property
    def has_markup(self) -> bool:
        """Return whether anything in the briefing is more than plain paragraphs of characters."""
        return (
            bool(self.footnotes)
            or any(isinstance(text, Rich) and text.has_markup for text in self.texts())
            or any(not isinstance(block, str) for block in self.blocks())
        )


def source_date(briefing: Briefing) -> datetime.datetime | None:
    """Return the one timestamp outputs may carry: the briefing's date, else ``SOURCE_DATE_EPOCH``.

    Never the wall clock, so that the same inputs give byte-identical files.
    Every renderer stamps its edition with it; it lives with the model so
    that renderers need nothing of the layer that writes files.
    """
    if briefing.meta.date is not None:
        return datetime.datetime.combine(briefing.meta.date, datetime.time())
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).replace(tzinfo=None)
    return None


def block_texts(block: Block) -> Iterator[str]:
    """Yield the texts of a block: a paragraph, list items, a figure's caption, a table's caption, cells."""
    if isinstance(block, ListBlock):
        yield from block.items
    elif isinstance(block, Figure | Chart):
        yield block.caption
    elif isinstance(block, Table):
        if block.caption:
            yield block.caption
        for row in (block.header, *block.rows):
            yield from row
    else:
        yield block


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


def _as_rich(obj: object, *names: str) -> None:
    """Make every text of ``names`` a :class:`Rich` text (plain text, no marks, where it was a ``str``).

    The reader always gives rich texts; a briefing built by hand (the library
    API) may hold plain strings. Made rich here, templates and renderers see
    one shape: a paragraph is ``Rich``, whose ``kind`` is ``paragraph``.
    """
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, tuple):
            value = tuple(
                item if not isinstance(item, str) or isinstance(item, Rich) else Rich(item) for item in value
            )
        elif isinstance(value, str) and not isinstance(value, Rich):
            value = Rich(value)
        object.__setattr__(obj, name, value)


def _check_strings(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if not isinstance(value, tuple) or not all(isinstance(item, str) for item in value):
        raise TypeError(
            f"{type(obj).__name__}.{name} must be a tuple of str, not {type(value).__name__} ({value!r:.40})"
        )


def _check_blocks(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if not isinstance(value, tuple) or not all(
        isinstance(item, str | ListBlock | Figure | Table | Chart) for item in value
    ):
        raise TypeError(
            f"{type(obj).__name__}.{name} must be a tuple of str, ListBlock, Figure, Table or Chart, "
            f"not {type(value).__name__} ({value!r:.40})"
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
    data: dict[str, Any] = {
        "title": str(briefing.title),
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
        "key_points": [str(point) for point in briefing.key_points],
        "introduction": [block_plain(block) for block in briefing.introduction],
        "sections": [
            {
                "question": str(s.question),
                "answer": str(s.answer),
                "body": [block_plain(block) for block in s.body],
                "line": s.line,
            }
            for s in briefing.sections
        ],
    }
    if briefing.has_markup:
        data["format"] = JSON_FORMAT
        data["rich"] = _rich_json(briefing)
    return data


JSON_FORMAT = 2
"""The version of ``parse --json``'s shape; ``format`` and ``rich`` appear only when a briefing has markup."""


def _rich_json(briefing: Briefing) -> dict[str, Any]:
    """Return the rich form of every text: inline trees and typed blocks (documented in the README)."""
    return {
        "title": to_json(inlines_of(briefing.title)),
        "key_points": [to_json(inlines_of(point)) for point in briefing.key_points],
        "introduction": [_block_json(block) for block in briefing.introduction],
        "sections": [
            {
                "question": to_json(inlines_of(s.question)),
                "answer": to_json(inlines_of(s.answer)),
                "body": [_block_json(block) for block in s.body],
            }
            for s in briefing.sections
        ],
        "footnotes": [
            {"label": n.label, "number": n.number, "text": to_json(inlines_of(n.text)), "line": n.line}
            for n in briefing.footnotes
        ],
    }


def _block_json(block: Block) -> dict[str, Any]:
    if isinstance(block, ListBlock):
        items = [to_json(inlines_of(item)) for item in block.items]
        return {
            "type": "list",
            "ordered": block.ordered,
            "start": block.start,
            "items": items,
            "line": block.line,
        }
    if isinstance(block, Figure):
        return {
            "type": "figure",
            "number": block.number,
            "path": block.written,
            "caption": to_json(inlines_of(block.caption)),
            "alt": block.alt,
            "media_type": block.media_type,
            "width": block.width,
            "height": block.height,
            "line": block.line,
        }
    if isinstance(block, Chart):
        return {
            "type": "chart",
            "number": block.number,
            "path": block.written,
            "caption": to_json(inlines_of(block.caption)),
            "alt": block.alt,
            "chart": block.type,
            "category_title": block.category_title,
            "categories": list(block.categories),
            "series": [{"name": s.name, "values": list(s.values)} for s in block.series],
            "x_title": block.x_title,
            "y_title": block.y_title,
            "number_format": block.number_format,
            "highlight": block.highlight,
            "line": block.line,
        }
    if isinstance(block, Table):
        return {
            "type": "table",
            "number": block.number,
            "caption": to_json(inlines_of(block.caption)),
            "align": list(block.align),
            "header": [str(cell) for cell in block.header],
            "rows": [[str(cell) for cell in row] for row in block.rows],
            "line": block.line,
        }
    return {"type": "paragraph", "content": to_json(inlines_of(block))}
