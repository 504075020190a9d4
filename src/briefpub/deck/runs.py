"""Rich text as slide runs: the inline tree flattened into runs of one style each, and speaker notes.

A run is what PowerPoint styles: bold, italic, monospaced, a hyperlink, a
superscript footnote number. The plan measures each run in its own face and
the emitter writes them as they are here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefpub.i18n import Labels
from briefpub.model.briefing import (
    Block,
    Chart,
    Figure,
    Footnote,
    ListBlock,
    Table,
    block_texts,
    inlines_of,
)
from briefpub.model.richtext import Code, Emphasis, Inline, Link, NoteRef, Strong, Text, walk

MONOSPACE = "Courier New"
"""The face of ``code`` on slides: in every Office install, with Liberation Mono as its metric twin."""


@dataclass(frozen=True)
class RunPlan:
    """Characters in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    """A web or mail address the run links to."""
    superscript: bool = False
    """A footnote number."""

    @property
    def style(self) -> tuple[bool, bool, bool]:
        """Return what decides the run's measured width: bold, italic, monospaced."""
        return (self.bold, self.italic, self.code)


@dataclass(frozen=True)
class NoteParagraph:
    """One paragraph of a slide's speaker notes."""

    runs: tuple[RunPlan, ...]
    bullet: str = ""
    """``•`` for a bulleted list item, ``N.`` for a numbered one, empty for a paragraph."""


def runs_of(text: str) -> tuple[RunPlan, ...]:
    """Return a text of the model as runs, neighbours of the same style joined."""
    out: list[RunPlan] = []
    _flatten(inlines_of(text), RunPlan(""), out)
    return tuple(out)


def _flatten(inlines: tuple[Inline, ...], style: RunPlan, out: list[RunPlan]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            _append(out, RunPlan(node.text, style.bold, style.italic, style.code, style.href))
        elif isinstance(node, Code):
            _append(out, RunPlan(node.text, style.bold, style.italic, True, style.href))
        elif isinstance(node, NoteRef):
            _append(out, RunPlan(str(node.number), style.bold, False, False, None, superscript=True))
        elif isinstance(node, Emphasis):
            _flatten(node.children, RunPlan("", style.bold, True, style.code, style.href), out)
        elif isinstance(node, Strong):
            _flatten(node.children, RunPlan("", True, style.italic, style.code, style.href), out)
        elif isinstance(node, Link):
            _flatten(node.children, RunPlan("", style.bold, style.italic, style.code, node.href), out)


def _append(out: list[RunPlan], run: RunPlan) -> None:
    if not run.text:
        return
    last = out[-1] if out else None
    if last is not None and (last.style, last.href, last.superscript) == (
        run.style,
        run.href,
        run.superscript,
    ):
        out[-1] = RunPlan(
            last.text + run.text, last.bold, last.italic, last.code, last.href, last.superscript
        )
    else:
        out.append(run)


def plain_runs(runs: Sequence[RunPlan]) -> bool:
    """Return whether ``runs`` are all in the text's own style (measured as one string)."""
    return all(run.style == (False, False, False) for run in runs)


def notes_for(
    blocks: Sequence[Block], footnotes: Sequence[Footnote], labels: Labels
) -> tuple[NoteParagraph, ...]:
    """Return speaker notes: the blocks as paragraphs and lists, then the footnotes under "Sources"."""
    out: list[NoteParagraph] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for number, item in enumerate(block.items, block.start):
                out.append(NoteParagraph(runs_of(item), f"{number}." if block.ordered else "•"))
        elif isinstance(block, Figure | Chart):
            out.append(NoteParagraph((RunPlan(f"{labels.figure} {block.number}: "), *runs_of(block.caption))))
        elif isinstance(block, Table):  # on a slide of its own; the notes say where it is
            out.append(NoteParagraph((RunPlan(f"{labels.table} {block.number}: "), *runs_of(block.caption))))
        else:
            out.append(NoteParagraph(runs_of(block)))
    if footnotes:
        out.append(NoteParagraph((RunPlan(labels.sources, bold=True),)))
        out.extend(NoteParagraph((RunPlan(f"{note.number}. "), *runs_of(note.text))) for note in footnotes)
    return tuple(out)


def footnotes_in(
    texts: Sequence[str], blocks: Sequence[Block], all_notes: Sequence[Footnote]
) -> list[Footnote]:
    """Return the footnotes ``texts`` and ``blocks`` refer to, by number."""
    numbers: set[int] = set()
    for text in [*texts, *(text for block in blocks for text in block_texts(block))]:
        numbers.update(node.number for node in walk(inlines_of(text)) if isinstance(node, NoteRef))
    return [note for note in all_notes if note.number in numbers]
