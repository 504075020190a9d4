"""The briefing reader: source text to a :class:`~briefpub.model.briefing.Briefing`, as docs/format.md says.

Forgiving about whitespace, strict about structure: whatever cannot be read
as a briefing raises :class:`~briefpub.errors.SourceError` naming the line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from briefpub.errors import Diagnostic, SourceError, shorten
from briefpub.files import display_path, missing_file_hint
from briefpub.limits import LimitExceeded, bounded
from briefpub.model.briefing import (
    Block,
    Briefing,
    Chart,
    Figure,
    Footnote,
    ListBlock,
    Meta,
    Section,
    Table,
)
from briefpub.model.richtext import Rich
from briefpub.reader import MARKUP_VALUES, tables, weight
from briefpub.reader.decode import DEFAULT_MAX_BYTES, decode, read_source_bytes
from briefpub.reader.markup import NOTE_DEFINITION, Image, InlineParser

if TYPE_CHECKING:  # imported where they are read: most briefings have no figure, chart or front matter
    from briefpub.reader import charts
    from briefpub.reader.frontmatter import FrontMatter

_NEWLINE = re.compile(r"\r\n|\r|\n")
# C0 controls but tab, DEL, C1 controls, lone surrogates and the two non-characters
# XML refuses: no output format can hold them.
_UNHOLDABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# str.strip() knows Unicode spaces (U+00A0, U+3000...); add the invisible ones
# word processors also leave at line ends.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_BULLET = re.compile(r"[•\-*–▪]\s")
_ANSWER = re.compile(r"answer\s*:", re.IGNORECASE)
# What a writer may have meant for the label: a word, maybe set in ** or _, then ":" or a dash.
_LABEL_LIKE = re.compile(r"([*_]{0,3})\s*([^\W\d_]{3,10})\s*([*_]{0,3})\s*(:|[-\u2013\u2014](?=\s))")
# A Markdown (ATX) heading: 1 to 6 marks and a space, maybe closing marks.
_ATX = re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_QUESTION_MARKS = ("?", "？", "؟", "\u037e")
_SENTENCE_ENDS = (".", "!", ":", ";", *_QUESTION_MARKS, "。", "！")
# A list item in a body: a bullet (-, *, •) or a number (1. or 1)) and a space.
# A table's caption: a paragraph right after it that starts so (pandoc's way).
_TABLE_CAPTION = re.compile(r"Table:\s*")
_LIST_ITEM = re.compile(r"(?:([-*•])|([0-9]{1,9})[.)])\s+(?=\S)")


@dataclass(frozen=True)
class _Line:
    """A source line.

    Every dataclass here has a docstring: one without has a signature worked out for it at import.
    """

    number: int
    text: str  # stripped
    indented: bool
    raw: str  # as written, for YAML, which needs its indentation


@dataclass
class _Para:
    """Lines between blank lines."""

    lines: list[_Line]

    @property
    def first(self) -> int:
        return self.lines[0].number

    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def parse(
    source: str | Path,
    *,
    file: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    defaults: Meta | None = None,
    markup: str = "commonmark",
    root: Path | None = None,
) -> Briefing:
    """Return the briefing in ``source``: a :class:`~pathlib.Path` to read, or the text itself.

    ``file`` names the source in messages (default: the path, or ``<string>``).
    ``defaults`` fills in what the front matter leaves out (publication, authors,
    lang from ``briefpub.toml``). ``markup`` is ``commonmark`` or ``plain`` (see
    :data:`~briefpub.reader.frontmatter.MARKUP_VALUES`; front matter ``markup:`` overrides it). Figures'
    paths are relative to the source file and must stay inside ``root`` (the
    project; default: the source's folder, or the current one for text).
    Raises :class:`SourceError` on anything that is not a briefing; non-fatal
    findings are in ``Briefing.warnings``.
    """
    if markup not in MARKUP_VALUES:
        raise ValueError(f"markup must be one of {', '.join(MARKUP_VALUES)}, not {markup!r}")
    if isinstance(source, bytes | bytearray):
        raise TypeError("parse() takes text (str) or a file (pathlib.Path), not bytes: decode them first")
    if not isinstance(source, str | Path):
        raise TypeError(f"parse() takes text (str) or a file (pathlib.Path), not {type(source).__name__}")
    if isinstance(source, Path):
        display = file or str(source)
        text = decode(read_source_bytes(source, display, max_bytes), display, encoding)
        path: Path | None = source
    else:
        display = file or "<string>"
        text, path = source, None
    base = path.parent if path is not None else Path.cwd()
    reader = _Reader(display, defaults or Meta(), markup, base, root or base, max_bytes)
    try:
        with bounded(READ_SECONDS, READ_MEMORY):
            return reader.read(text, path)
    except LimitExceeded as exc:
        raise SourceError.at(
            display, None, f"reading it {exc}; it is not a briefing briefpub can read"
        ) from None
    except MemoryError:
        raise SourceError.at(display, None, f"reading it needed more than {READ_MEMORY >> 20} MiB") from None


@dataclass
class _RawSection:
    """A question and its answer as found, before they are read into a section."""

    question: _Para
    answer: str
    answer_line: int
    body: list[_Para]


MAX_REPORTED = 20
"""The most errors (or warnings) said of one file; the rest are counted in one line."""
READ_SECONDS = 30.0
"""How long reading one briefing may take, as a render may (the largest reads in well under a second)."""
READ_MEMORY = 1 << 30
"""How much memory reading one briefing may add."""


class _Reader:
    def __init__(
        self,
        file: str,
        defaults: Meta,
        markup: str,
        base: Path,
        root: Path,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.file = file
        self.max_bytes = max_bytes
        self.defaults = defaults
        self.markup = markup
        self.base = base
        self.root = root
        self.warnings: list[Diagnostic] = []
        self.near_misses: list[Diagnostic] = []
        """Labels that nearly say ``Answer:`` (also among the warnings)."""
        self.last_line = 1
        self.errors: list[Diagnostic] = []
        """Errors that leave the rest readable: said together, with any that stops the reading."""
        self.inline = InlineParser(file, set(), self.warn, self.error)
        self.figure_count = 0
        self.table_count = 0
        self.images: dict[Path, tuple[str, int, int, bytes]] = {}
        self.rich = markup == "commonmark"

    def fail(self, line: int | None, message: str) -> SourceError:
        return SourceError.at(self.file, line, message)

    def error(self, line: int | None, message: str) -> None:
        """Note an error and read on, so the writer learns of every one at once."""
        self.errors.append(Diagnostic(self.file, line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(Diagnostic(self.file, line, message))

    def read(self, text: str, path: Path | None) -> Briefing:
        """Return the briefing; raise every error found, in line order, as one :class:`SourceError`."""
        try:
            briefing = self.read_all(text, path)
        except SourceError as stop:  # what stopped the reading, with what was noted before it
            raise SourceError(self.at_most(_in_order([*self.errors, *stop.diagnostics]), "error")) from None
        if self.errors:
            raise SourceError(self.at_most(_in_order(self.errors), "error"))
        if len(briefing.warnings) > MAX_REPORTED:
            briefing = dataclasses.replace(
                briefing, warnings=tuple(self.at_most(list(briefing.warnings), "warning"))
            )
        return briefing

    def at_most(self, diagnostics: list[Diagnostic], kind: str) -> list[Diagnostic]:
        """Return the first :data:`MAX_REPORTED` diagnostics, and a line saying how many more there are."""
        if len(diagnostics) <= MAX_REPORTED:
            return diagnostics
        more = len(diagnostics) - MAX_REPORTED
        return [
            *diagnostics[:MAX_REPORTED],
            Diagnostic(self.file, None, f"and {more:,} more {kind}s like these"),
        ]

    def read_all(self, text: str, path: Path | None) -> Briefing:
        lines = self.split_lines(text.removeprefix("\ufeff"))
        if not any(line.text for line in lines):
            raise self.fail(1, "the file is empty")
        body_start, front = self.front_matter(lines)
        values = front.values if front else {}
        rich = self.rich = values.get("markup", self.markup) == "commonmark"
        paras = _paragraphs(lines[body_start:])
        definitions = self.note_definitions(paras) if rich else {}
        paras = [para for para in paras if para.lines]
        if not paras:
            raise self.fail(lines[-1].number, "no title and no question after the front matter")
        self.last_line = paras[-1].lines[-1].number
        paras = everything = _split_answer_lines(paras)
        title_line = paras[0].first
        title, paras = self.title(paras, values.get("title"), front.title_line if front else None)
        key_points, paras = self.key_points(paras)
        introduction, sections = self.sections(paras)
        self.check_length(everything, definitions)
        meta = self.meta(values, front.extra if front else {})
        if not rich:  # the same model types as CommonMark's, with no marks: templates see one shape
            return Briefing(
                title=Rich(title),
                meta=meta,
                key_points=tuple(Rich(point) for point, _ in key_points),
                introduction=tuple(Rich(para.text()) for para in introduction),
                sections=tuple(self.section(raw, rich=False) for raw in sections),
                source=path,
                warnings=tuple(self.warnings),
            )
        # Rich texts are made in reading order: footnotes are numbered by their first reference.
        self.inline.defined = set(definitions)
        rich_title = self.inline.rich(title, title_line)
        rich_points = tuple(self.inline.rich(point, line) for point, line in key_points)
        rich_introduction = self.blocks(introduction)
        rich_sections = tuple(self.section(raw, rich=True) for raw in sections)
        return Briefing(
            title=rich_title,
            meta=meta,
            key_points=rich_points,
            introduction=rich_introduction,
            sections=rich_sections,
            footnotes=self.footnotes(definitions),
            source=path,
            warnings=tuple(self.warnings),
        )

    def check_length(self, paras: Sequence[_Para], notes: dict[str, tuple[str, int]]) -> None:
        """Refuse a briefing that would take more than ``max_bytes`` to lay out, at the line where it does.

        Each block counts for what it costs on pages and slides besides its
        bytes (see :mod:`briefpub.reader.weight`): a paragraph, list item,
        table row or footnote its line, a question, table, figure or chart
        its slide. Pages and slides then stay bounded by the size limit
        whatever the source looks like.
        """
        costs = [
            cost
            for para in paras
            for cost in weight.paragraph(
                [(line.number, line.text) for line in para.lines], question=_is_answer(para), blocks=self.rich
            )
        ]
        costs += weight.footnotes(notes.values())
        line = weight.first_over(costs, self.max_bytes)
        if line is not None:
            raise self.fail(
                line,
                "the briefing is too long from here on: with each paragraph, list item, table row and "
                "footnote counted as at least a line, and each question, table and figure as its slide, it "
                f"comes to more than {self.max_bytes:,} bytes (reader.max_bytes); split it",
            )

    def split_lines(self, text: str) -> list[_Line]:
        out = []
        for number, written in enumerate(_NEWLINE.split(text), start=1):
            raw = self.drop_unholdable(written, number) if _UNHOLDABLE.search(written) else written
            stripped = raw.strip().strip(_INVISIBLE).strip()
            indented = bool(stripped) and raw[0] != stripped[0]
            out.append(_Line(number, stripped, indented, raw))
        return out

    def drop_unholdable(self, raw: str, number: int) -> str:
        found = sorted({f"U+{ord(c):04X}" for c in _UNHOLDABLE.findall(raw)})
        self.warn(number, f"dropped control or invalid characters ({', '.join(found[:5])})")
        return _UNHOLDABLE.sub("", raw)

    def front_matter(self, lines: list[_Line]) -> tuple[int, FrontMatter | None]:
        """Return the line index the body starts at and the front matter, None where there is none."""
        if lines[0].text != "---" or lines[0].indented:
            return 0, None
        for index in range(1, len(lines)):
            if lines[index].text == "---" and not lines[index].indented:
                break
        else:
            raise self.fail(1, "front matter starts with '---' here but has no closing '---' line")
        raw = "\n".join(line.raw for line in lines[1:index])
        from briefpub.reader.frontmatter import parse_front_matter

        return index + 1, parse_front_matter(raw, 2, self.file)

    def title(
        self, paras: list[_Para], front_title: str | None, front_title_line: int | None
    ) -> tuple[str, list[_Para]]:
        first = paras[0]
        head: list[_Line] = []
        for line in first.lines:
            if _BULLET.match(line.text):
                break
            head.append(line)
        is_question = len(paras) > 1 and _is_answer(paras[1]) and _is_heading(first)
        if head and not is_question:
            rest = first.lines[len(head) :]
            title = self.unmark(" ".join(line.text for line in head))
            if front_title not in (None, title):
                self.warn(front_title_line, "front matter 'title' ignored: the text has its own title line")
            return title, ([_Para(rest)] if rest else []) + paras[1:]
        if front_title:
            return front_title, paras
        if is_question:
            raise self.fail(
                first.first,
                f"no title: '{shorten(first.text())}' is a question (an 'Answer:' follows it); "
                "put the title above it or set 'title' in front matter",
            )
        raise self.fail(
            first.first, "no title: the first line must be the title (or set 'title' in front matter)"
        )

    def key_points(self, paras: list[_Para]) -> tuple[list[tuple[str, int]], list[_Para]]:
        """Return each key point's text and first line, and the paragraphs after the points."""
        points: list[tuple[str, int]] = []
        index = 0
        while index < len(paras) and _BULLET.match(paras[index].lines[0].text):
            lines = paras[index].lines
            current: list[str] = []
            start = lines[0].number
            for position, line in enumerate(lines):
                if _BULLET.match(line.text):
                    if current:
                        points.append((" ".join(current), start))
                    current, start = [line.text[1:].strip()], line.number
                elif line.indented:
                    current.append(line.text)
                else:  # an unindented line ends the key points: it starts the text
                    points.append((" ".join(current), start))
                    return points, [_Para(lines[position:]), *paras[index + 1 :]]
            points.append((" ".join(current), start))
            index += 1
        return points, paras[index:]

    def sections(self, paras: list[_Para]) -> tuple[list[_Para], list[_RawSection]]:
        introduction: list[_Para] = []
        sections: list[_RawSection] = []
        index = 0
        while index < len(paras):
            para = paras[index]
            if _is_answer(para):
                self.errors += self.orphan_answer(para, paras[index - 1] if index else None).diagnostics
                (sections[-1].body if sections else introduction).append(para)
                index += 1
                continue
            if not _starts_section(paras, index):
                self.check_near_miss(paras, index)
                (sections[-1].body if sections else introduction).append(para)
                index += 1
                continue
            answer = _answer_text(paras[index + 1])
            if not answer:
                self.error(paras[index + 1].first, "'Answer:' is followed by no text")
            sections.append(_RawSection(para, answer, paras[index + 1].first, []))
            index += 2
        if not sections and any("without a question" in error.message for error in self.errors):
            raise SourceError([])  # no question: what the orphaned Answer: already says
        if not sections and self.near_misses:  # the question that was meant, at its label, with the hint
            first = self.near_misses[0]
            raise self.fail(first.line, f"no question section: {first.message}")
        if not sections:
            raise self.fail(
                paras[0].first if paras else self.last_line,
                "no question section: a question needs its own line followed by an 'Answer:' paragraph",
            )
        return introduction, sections

    def unmark(self, text: str) -> str:
        """Return a title or question without the ``#`` marks of a Markdown heading (CommonMark only)."""
        match = _ATX.match(text) if self.rich and text.startswith("#") else None
        return match[1] if match and match[1] else text

    def check_near_miss(self, paras: list[_Para], index: int) -> None:
        """Warn where a question was probably meant but its label is not ``Answer:``, or a heading is stray.

        A one-line paragraph followed by ``Anwser:``, ``**Answer:**`` or
        ``Answer -`` would otherwise vanish into the previous section's body
        without a word; so would a Markdown heading that is not a question.
        """
        para = paras[index]
        if self.rich and _ATX.match(para.lines[0].text) and len(para.lines) == 1:
            self.warn(
                para.first,
                "a Markdown heading that is not a question is kept as text; "
                "a question needs an 'Answer:' paragraph after it",
            )
        following = paras[index + 1] if index + 1 < len(paras) else None
        if following is not None and len(para.lines) == 1 and _near_miss(following.lines[0].text):
            self.near_miss(following.lines[0], para.lines[0])
        elif following is not None and _lone_question(para) and not _is_answer(following):
            self.forgotten_answer(para.lines[0])
        for above, line in zip(para.lines, para.lines[1:], strict=False):  # the compact form: no blank line
            if _near_miss(line.text):
                self.near_miss(line, above)

    def forgotten_answer(self, question: _Line) -> None:
        """Warn that a question set off as its own paragraph has no ``Answer:`` after it.

        Such a line is body text by the format's rule, so a forgotten label
        merged a whole question into the section before it, and its slide was
        missing from the deck, without a word.
        """
        self.warn(
            question.number,
            f"'{shorten(question.text, 40)}' is read as text, not a question: "
            "no 'Answer:' paragraph follows it (start the next paragraph with 'Answer:' to make it one)",
        )

    def near_miss(self, label: _Line, question: _Line) -> None:
        """Warn that ``label`` is probably a mistyped ``Answer:``, which leaves ``question`` no question."""
        diagnostic = Diagnostic(
            self.file,
            label.number,
            f"did you mean \"Answer:\"? '{shorten(label.text, 40)}' is read as text, "
            f"so '{shorten(question.text, 40)}' is not a question",
        )
        self.warnings.append(diagnostic)
        self.near_misses.append(diagnostic)

    def section(self, raw: _RawSection, rich: bool) -> Section:
        """Return a section; rich texts are made question, answer, body: in reading order."""
        text = self.unmark(raw.question.text())
        if rich:
            question: str = self.inline.rich(text, raw.question.first)
            answer: str = self.inline.rich(raw.answer, raw.answer_line)
            body = self.blocks(raw.body)
        else:
            question, answer = Rich(text), Rich(raw.answer)
            body = tuple(Rich(para.text()) for para in raw.body)
        if not body:
            self.warn(raw.question.first, f"the question '{shorten(text)}' has an answer but no body")
        return Section(question, answer, body, raw.question.first)

    # --- markup ------------------------------------------------------------------

    def note_definitions(self, paras: list[_Para]) -> dict[str, tuple[str, int]]:
        """Take the ``[^label]: text`` lines out of ``paras``; return each label's text and line.

        A definition runs to the next definition or the end of its paragraph;
        lines before the first definition stay a paragraph of their own (a
        "Sources" line above the definitions stays the writer's text).
        """
        found: dict[str, tuple[list[str], int]] = {}
        for para in paras:
            kept: list[_Line] = []
            current: list[str] | None = None
            for line in para.lines:
                match = NOTE_DEFINITION.match(line.text)
                if match:
                    label = match[1]
                    current = [line.text[match.end() :]]
                    if label in found:
                        self.error(
                            line.number,
                            f"footnote [^{shorten(label, 40)}] is defined twice "
                            f"(first on line {found[label][1]})",
                        )
                    else:
                        found[label] = (current, line.number)
                elif current is not None:
                    current.append(line.text)
                else:
                    kept.append(line)
            para.lines = kept
        definitions = {label: (" ".join(filter(None, parts)), line) for label, (parts, line) in found.items()}
        for label, (text, number) in definitions.items():
            if not text:
                self.error(number, f"footnote [^{shorten(label, 40)}] has no text after its ':'")
        return definitions

    def footnotes(self, definitions: dict[str, tuple[str, int]]) -> tuple[Footnote, ...]:
        """Return the referenced footnotes by number; warn about definitions nothing refers to."""
        for label, (_, line) in definitions.items():
            if label not in self.inline.numbers:
                self.warn(line, f"footnote [^{label}] is never referenced, so it is not shown")
        return tuple(
            Footnote(
                label,
                number,
                self.inline.rich(definitions[label][0], definitions[label][1], notes=False),
                definitions[label][1],
            )
            for label, number in self.inline.numbers.items()
            if label in definitions  # an undefined one is an error already noted
        )

    def blocks(self, paras: list[_Para]) -> tuple[Block, ...]:
        """Return paragraphs as blocks: tables, lists where lines start with list marks, figures, paragraphs.

        A table ends its paragraph; lines above its header row are blocks of
        their own. A ``Table:`` paragraph right after a table is its caption.
        """
        out: list[Block] = []
        captioned = False
        for index, para in enumerate(paras):
            if captioned:
                captioned = False
                continue
            texts = [line.text for line in para.lines]
            head = tables.find_header(texts)
            table = self.table(para.lines[head:]) if head is not None else None
            lines = para.lines[:head] if table is not None else para.lines
            if head is None and tables.looks_like_rows(texts):
                self.warn(
                    para.first,
                    "this looks like a table but has no delimiter row (| --- | --- |) under its "
                    "header, so it is kept as text",
                )
            for kind, run in _split_lists(lines):
                out.append(self.paragraph(_Para(run)) if kind == "paragraph" else self.list_block(run))
            if table is not None:
                following = paras[index + 1] if index + 1 < len(paras) else None
                if following is not None and _TABLE_CAPTION.match(following.text()):
                    caption = _TABLE_CAPTION.sub("", following.text(), count=1)
                    table = dataclasses.replace(table, caption=self.inline.rich(caption, following.first))
                    captioned = True
                out.append(table)
        return tuple(out)

    def table(self, lines: list[_Line]) -> Table | None:
        """Return the table whose header row is ``lines[0]``; None (with a warning) where it is not one."""
        raw = tables.read_table(
            lines[0].text, lines[1].text, [(line.number, line.text) for line in lines[2:]]
        )
        first = lines[0].number
        if len(raw.align) != len(raw.header):
            self.warn(
                first,
                f"this table's delimiter row (line {lines[1].number}) has {len(raw.align)} cells and its "
                f"header {len(raw.header)}, so it is kept as text",
            )
            return None
        columns = max([len(raw.header), *(len(cells) for _, cells in raw.rows)])
        cells = columns * (len(raw.rows) + 1)
        if columns > tables.MAX_COLUMNS or cells > tables.MAX_CELLS:
            self.error(
                first,
                f"this table has {columns} columns and {cells:,} cells; at most {tables.MAX_COLUMNS} "
                f"and {tables.MAX_CELLS:,}: split it",
            )
            return None
        for number, row in raw.rows:
            if len(row) < len(raw.header):
                self.warn(
                    number,
                    f"this table row has {len(row)} of the header's {len(raw.header)} cells; "
                    "the rest are left empty",
                )
            elif len(row) > len(raw.header):
                self.warn(
                    number,
                    f"this table row has {len(row)} cells and the header {len(raw.header)}; "
                    "the table gets a column for each extra cell",
                )

        def padded(row: list[str]) -> list[str]:
            return row + [""] * (columns - len(row))

        self.table_count += 1
        return Table(
            header=tuple(self.inline.rich(cell, first) for cell in padded(raw.header)),
            rows=tuple(
                tuple(self.inline.rich(cell, number) for cell in padded(row)) for number, row in raw.rows
            ),
            align=tuple(padded(raw.align)),
            number=self.table_count,
            line=first,
        )

    def paragraph(self, para: _Para) -> Block:
        text = para.text()
        image = self.inline.image(text, para.first)
        if image is None:
            if text.startswith("![") and text.endswith(")") and "](" in text:
                self.warn(
                    para.first,
                    "this looks like a figure but is not one, so it is kept as text; a path with spaces "
                    "goes in angle brackets: ![Caption](<my chart.png>)",
                )
            return self.inline.rich(text, para.first)
        from briefpub.reader import charts, figures

        if charts.is_data(image.src):
            return self.chart(image, text, para.first)
        try:
            path = figures.locate(image.src, self.base, self.root)
            if path not in self.images:  # read, checked and decoded once however often it is used
                self.images[path] = figures.load(path, image.src)
            media_type, width, height, data = self.images[path]
        except figures.ImageProblem as problem:
            self.errors += figures.fail(self.file, para.first, problem).diagnostics
            return self.inline.rich(text, para.first)
        if not image.caption and not image.title:
            self.warn(para.first, f"figure {shorten(image.src, 60)!r} has no caption, so it has no alt text")
        self.figure_count += 1
        return Figure(
            path=path,
            written=image.src,
            caption=image.caption,
            alt=image.title or image.caption.plain(),
            media_type=media_type,
            width=width,
            height=height,
            data=data,
            number=self.figure_count,
            line=para.first,
        )

    def chart(self, image: Image, text: str, line: int) -> Block:
        """Return the chart of the CSV ``image`` names; where it is bad, an error naming the data's line."""
        from briefpub.reader import charts, figures

        try:
            path = figures.locate(image.src, self.base, self.root)
            data = charts.load(path, self.root)
        except figures.ImageProblem as problem:
            self.errors += figures.fail(self.file, line, problem).diagnostics
            return self.inline.rich(text, line)
        except charts.ChartProblem as problem:
            self.errors.append(self.chart_problem(problem, image.src, line))
            return self.inline.rich(text, line)
        for where, number, message in data.warnings:
            self.warnings.append(Diagnostic(self.beside(where), number, f"chart data: {message}"))
        if not image.caption and not image.title:
            self.warn(line, f"chart {shorten(image.src, 60)!r} has no caption, so it has no alt text")
        self.figure_count += 1
        options = data.options
        return Chart(
            path=path,
            written=image.src,
            caption=image.caption,
            alt=image.title or image.caption.plain(),
            category_title=data.category_title,
            categories=data.categories,
            series=data.series,
            type=options.get("type", "column"),
            x_title=options.get("x_title", ""),
            y_title=options.get("y_title", ""),
            number_format=options.get("number_format", ""),
            highlight=options.get("highlight", ""),
            options_path=charts.sidecar(path),
            number=self.figure_count,
            line=line,
        )

    def chart_problem(self, problem: charts.ChartProblem, written: str, line: int) -> Diagnostic:
        """Return the error for a chart's files: at the data's line, or the figure's where the file is bad."""
        if problem.line is None:  # missing, a folder, too large, outside: said where the source names it
            if problem.path.suffix == ".csv":
                said = problem.message
                if problem.missing:
                    said += missing_file_hint(problem.path, written)
                return Diagnostic(self.file, line, f"chart data {shorten(written, 60)!r} {said}")
            options = written[: -len(".csv")] + ".toml"
            return Diagnostic(self.file, line, f"chart options {shorten(options, 60)!r} {problem.message}")
        return Diagnostic(self.beside(problem.path), problem.line, f"chart data: {problem.message}")

    def beside(self, path: Path) -> str:
        """Return how messages name a file the source refers to: as the source is named, from its folder."""
        try:
            relative = path.resolve().relative_to(self.base.resolve())
        except ValueError:
            return display_path(path)
        folder = Path(self.file).parent if not self.file.startswith("<") else Path()
        return (folder / relative).as_posix()

    def list_block(self, lines: list[_Line]) -> ListBlock:
        items: list[tuple[list[str], int]] = []
        first = _LIST_ITEM.match(lines[0].text)
        assert first is not None
        for line in lines:
            match = _LIST_ITEM.match(line.text)
            if match:
                items.append(([line.text[match.end() :]], line.number))
            else:
                items[-1][0].append(line.text)
        return ListBlock(
            items=tuple(self.inline.rich(" ".join(parts), line) for parts, line in items),
            ordered=first[2] is not None,
            start=int(first[2]) if first[2] else 1,
            line=lines[0].number,
        )

    def orphan_answer(self, para: _Para, before: _Para | None) -> SourceError:
        if before is None:
            why = "there is no question before it"
        elif _is_answer(before):
            why = f"the question already has its answer on line {before.first}"
        else:
            why = f"the paragraph before it (line {before.first}) is not a one-line question"
        return self.fail(para.first, f"'Answer:' without a question: {why}")

    def meta(self, values: dict[str, Any], extra: dict[str, Any]) -> Meta:
        known = {k: v for k, v in values.items() if k != "title"}
        fields = {f.name for f in dataclasses.fields(Meta)}
        return dataclasses.replace(
            self.defaults,
            **{k: v for k, v in known.items() if k in fields},
            extra=MappingProxyType({**self.defaults.extra, **extra}),
        )


def _paragraphs(lines: Sequence[_Line]) -> list[_Para]:
    paras: list[_Para] = []
    current: list[_Line] = []
    for line in lines:
        if line.text:
            current.append(line)
        elif current:
            paras.append(_Para(current))
            current = []
    if current:
        paras.append(_Para(current))
    return paras


def _split_lists(lines: list[_Line]) -> list[tuple[str, list[_Line]]]:
    """Split a body paragraph's lines into runs: ``paragraph`` lines and ``list`` lines.

    A list runs from a line with a list mark while lines have marks of the
    same kind (bullets or numbers) or are indented (an item's continuation).
    """
    runs: list[tuple[str, list[_Line]]] = []
    for line in lines:
        match = _LIST_ITEM.match(line.text)
        kind = ("numbers" if match[2] else "bullets") if match else None
        last = runs[-1] if runs else None
        if kind is not None:
            if last is None or last[0] != kind:
                runs.append((kind, [line]))
            else:
                last[1].append(line)
        elif last is not None and (last[0] == "paragraph" or line.indented):
            last[1].append(line)
        else:
            runs.append(("paragraph", [line]))
    return [("paragraph" if kind == "paragraph" else "list", run) for kind, run in runs]


def _split_answer_lines(paras: list[_Para]) -> list[_Para]:
    """Split a paragraph at an ``Answer:`` line that follows its question with no blank line.

    The question is then the one line just before the label; any lines above
    it are a paragraph of their own.
    """
    out: list[_Para] = []
    for para in paras:
        lines, start = para.lines, 0
        # A loop, not recursion: a thousand question/answer pairs with no blank line are one paragraph.
        while True:
            cut = next((i for i in range(start + 1, len(lines)) if _ANSWER.match(lines[i].text)), None)
            if cut is None:
                out.append(_Para(lines[start:]))
                break
            if cut > start + 1:
                out.append(_Para(lines[start : cut - 1]))
            out.append(_Para(lines[cut - 1 : cut]))
            start = cut
    return out


def _in_order(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Return diagnostics by line (those of no line last), each once."""
    unique = list(dict.fromkeys(diagnostics))
    return sorted(unique, key=lambda d: (d.line is None, d.line or 0))


def _near_miss(text: str) -> bool:
    """Return whether a line starts with what looks like the ``Answer:`` label but is not it."""
    match = _LABEL_LIKE.match(text)
    if match is None or _ANSWER.match(text):
        return False
    word, formatted, colon = match[2].casefold(), bool(match[1] or match[3]), match[4] == ":"
    if word == "answer":
        return formatted or not colon  # **Answer:**, _Answer:_, Answer -
    return (colon or formatted) and _edits(word, "answer") <= 2  # Anwser:, Answr:, Ansewr:


def _edits(a: str, b: str) -> int:
    """Return the edits (insert, delete, replace, swap two neighbours) that turn ``a`` into ``b``."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def _is_answer(para: _Para) -> bool:
    return bool(_ANSWER.match(para.lines[0].text))


def _is_heading(para: _Para) -> bool:
    # One line, per docs/format.md. A question hard-wrapped over several lines (and
    # set off by a blank line) is accepted too when it ends in a question mark
    # and no earlier line ends a sentence: that would be body text run into it.
    if any(_BULLET.match(line.text) for line in para.lines):
        return False
    *head, last = para.lines
    return not head or (
        last.text.endswith(_QUESTION_MARKS) and not any(line.text.endswith(_SENTENCE_ENDS) for line in head)
    )


_LONE_QUESTION_CHARS = 200
"""Longer than this, a one-line paragraph ending in a question mark is taken for prose, not a question."""


def _lone_question(para: _Para) -> bool:
    """Return whether ``para`` is one line asking a question, as a section's question is written."""
    if len(para.lines) != 1:
        return False
    text = para.lines[0].text
    one_sentence = not any(f"{end} " in text for end in _SENTENCE_ENDS)  # "Body. A line?" is prose
    return (
        text.endswith(_QUESTION_MARKS)
        and one_sentence
        and len(text) <= _LONE_QUESTION_CHARS
        and not text.startswith(("#", "!", "|"))
        and _is_heading(para)
    )


def _starts_section(paras: list[_Para], index: int) -> bool:
    return index + 1 < len(paras) and _is_answer(paras[index + 1]) and _is_heading(paras[index])


def _answer_text(para: _Para) -> str:
    first = _ANSWER.sub("", para.lines[0].text, count=1).strip()
    return " ".join([first, *(line.text for line in para.lines[1:])]).strip()
