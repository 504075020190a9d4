"""The briefing reader: source text to a :class:`~briefpub.model.Briefing`, exactly as FORMAT.md says.

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
from typing import Any

from briefpub.decode import DEFAULT_MAX_BYTES, decode, read_source_bytes
from briefpub.errors import Diagnostic, SourceError, shorten
from briefpub.frontmatter import FrontMatter, parse_front_matter
from briefpub.model import Briefing, Meta, Section

_NEWLINE = re.compile(r"\r\n|\r|\n")
# C0 controls but tab, DEL, C1 controls, lone surrogates and the two non-characters
# XML refuses: no output format can hold them.
_UNHOLDABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# str.strip() knows Unicode spaces (U+00A0, U+3000...); add the invisible ones
# word processors also leave at line ends.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_BULLET = re.compile(r"[•\-*–▪]\s")
_ANSWER = re.compile(r"answer\s*:", re.IGNORECASE)
_QUESTION_MARKS = ("?", "？", "؟", "\u037e")
_SENTENCE_ENDS = (".", "!", ":", ";", *_QUESTION_MARKS, "。", "！")


@dataclass(frozen=True)
class _Line:
    number: int
    text: str  # stripped
    indented: bool
    raw: str  # as written, for YAML, which needs its indentation


@dataclass
class _Para:
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
) -> Briefing:
    """Return the briefing in ``source``: a :class:`~pathlib.Path` to read, or the text itself.

    ``file`` names the source in messages (default: the path, or ``<string>``).
    ``defaults`` fills in what the front matter leaves out (publication, authors,
    lang from ``briefpub.toml``). Raises :class:`SourceError` on anything that is
    not a briefing; non-fatal findings are in ``Briefing.warnings``.
    """
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
    return _Reader(display, defaults or Meta()).read(text, path)


class _Reader:
    def __init__(self, file: str, defaults: Meta) -> None:
        self.file = file
        self.defaults = defaults
        self.warnings: list[Diagnostic] = []
        self.last_line = 1

    def fail(self, line: int | None, message: str) -> SourceError:
        return SourceError.at(self.file, line, message)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(Diagnostic(self.file, line, message))

    def read(self, text: str, path: Path | None) -> Briefing:
        lines = self.split_lines(text.removeprefix("\ufeff"))
        if not any(line.text for line in lines):
            raise self.fail(1, "the file is empty")
        body_start, front = self.front_matter(lines)
        paras = _paragraphs(lines[body_start:])
        if not paras:
            raise self.fail(lines[-1].number, "no title and no question after the front matter")
        self.last_line = paras[-1].lines[-1].number
        paras = _split_answer_lines(paras)
        title, paras = self.title(paras, front.values.get("title"), front.title_line)
        key_points, paras = self.key_points(paras)
        introduction, sections = self.sections(paras)
        meta = self.meta(front.values, front.extra)
        return Briefing(
            title=title,
            meta=meta,
            key_points=key_points,
            introduction=introduction,
            sections=sections,
            source=path,
            warnings=tuple(self.warnings),
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

    def front_matter(self, lines: list[_Line]) -> tuple[int, FrontMatter]:
        if lines[0].text != "---" or lines[0].indented:
            return 0, FrontMatter({}, {}, None)
        for index in range(1, len(lines)):
            if lines[index].text == "---" and not lines[index].indented:
                break
        else:
            raise self.fail(1, "front matter starts with '---' here but has no closing '---' line")
        raw = "\n".join(line.raw for line in lines[1:index])
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
            title = " ".join(line.text for line in head)
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

    def key_points(self, paras: list[_Para]) -> tuple[tuple[str, ...], list[_Para]]:
        points: list[str] = []
        index = 0
        while index < len(paras) and _BULLET.match(paras[index].lines[0].text):
            lines = paras[index].lines
            current: list[str] = []
            for position, line in enumerate(lines):
                if _BULLET.match(line.text):
                    if current:
                        points.append(" ".join(current))
                    current = [line.text[1:].strip()]
                elif line.indented:
                    current.append(line.text)
                else:  # an unindented line ends the key points: it starts the text
                    points.append(" ".join(current))
                    return tuple(points), [_Para(lines[position:]), *paras[index + 1 :]]
            points.append(" ".join(current))
            index += 1
        return tuple(points), paras[index:]

    def sections(self, paras: list[_Para]) -> tuple[tuple[str, ...], tuple[Section, ...]]:
        introduction: list[str] = []
        sections: list[Section] = []
        question: _Para | None = None
        answer = ""
        body: list[str] = []
        index = 0
        while index < len(paras):
            para = paras[index]
            if _is_answer(para):
                raise self.orphan_answer(para, paras[index - 1] if index else None)
            if not _starts_section(paras, index):
                (body if question else introduction).append(para.text())
                index += 1
                continue
            if question:
                sections.append(self.section(question, answer, body))
            question, answer, body = para, _answer_text(paras[index + 1]), []
            if not answer:
                raise self.fail(paras[index + 1].first, "'Answer:' is followed by no text")
            index += 2
        if question is None:
            raise self.fail(
                paras[0].first if paras else self.last_line,
                "no question section: a question needs its own line followed by an 'Answer:' paragraph",
            )
        sections.append(self.section(question, answer, body))
        return tuple(introduction), tuple(sections)

    def section(self, question: _Para, answer: str, body: list[str]) -> Section:
        text = question.text()
        if not body:
            self.warn(question.first, f"the question '{shorten(text)}' has an answer but no body")
        return Section(text, answer, tuple(body), question.first)

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


def _split_answer_lines(paras: list[_Para]) -> list[_Para]:
    """Split a paragraph at an ``Answer:`` line that follows its question with no blank line.

    The question is then the one line just before the label; any lines above
    it are a paragraph of their own.
    """
    out: list[_Para] = []
    for para in paras:
        cut = next((i for i, line in enumerate(para.lines) if i and _ANSWER.match(line.text)), None)
        if cut is None:
            out.append(para)
            continue
        if cut > 1:
            out.append(_Para(para.lines[: cut - 1]))
        out.extend([_Para(para.lines[cut - 1 : cut]), *_split_answer_lines([_Para(para.lines[cut:])])])
    return out


def _is_answer(para: _Para) -> bool:
    return bool(_ANSWER.match(para.lines[0].text))


def _is_heading(para: _Para) -> bool:
    # One line, per FORMAT.md. A question hard-wrapped over several lines (and
    # set off by a blank line) is accepted too when it ends in a question mark
    # and no earlier line ends a sentence: that would be body text run into it.
    if any(_BULLET.match(line.text) for line in para.lines):
        return False
    *head, last = para.lines
    return not head or (
        last.text.endswith(_QUESTION_MARKS) and not any(line.text.endswith(_SENTENCE_ENDS) for line in head)
    )


def _starts_section(paras: list[_Para], index: int) -> bool:
    return index + 1 < len(paras) and _is_answer(paras[index + 1]) and _is_heading(paras[index])


def _answer_text(para: _Para) -> str:
    first = _ANSWER.sub("", para.lines[0].text, count=1).strip()
    return " ".join([first, *(line.text for line in para.lines[1:])]).strip()
