"""A briefing written back out as source text: the reader's inverse, for tests and scaffolding."""

from __future__ import annotations

import re
from typing import Any

import yaml

from briefpub.model.briefing import Block, Briefing, Chart, Figure, ListBlock, Meta, Table, inlines_of
from briefpub.model.richtext import Code, Emphasis, Inline, Link, NoteRef, Strong, Text

# ASCII punctuation that could start markup; a backslash keeps each literal.
_SPECIAL = re.compile(r"([\\*_`\[\]<>!])")
_ADDRESS = re.compile(r"(?<=[a-zA-Z])(:)(?=//)|(?<=mailto)(:)", re.I)
_LEADING_MARK = re.compile(r"^(?:([-+])(\s)|([0-9]{1,9})([.)])(\s))")


def unparse(briefing: Briefing) -> str:
    """Return source text that :func:`briefpub.parse` reads back as an equal briefing."""
    parts: list[str] = []
    front = _front_matter(briefing.meta)
    if front:
        parts.append("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---")
    parts.append(source_text(briefing.title))
    if briefing.key_points:
        parts.append("\n".join(f"• {source_text(point)}" for point in briefing.key_points))
    parts.extend(_block(block) for block in briefing.introduction)
    for section in briefing.sections:
        parts.extend([source_text(section.question), f"Answer: {source_text(section.answer)}"])
        parts.extend(_block(block) for block in section.body)
    parts.extend(f"[^{note.label}]: {source_text(note.text)}" for note in briefing.footnotes)
    return "\n\n".join(parts) + "\n"


def source_text(text: str) -> str:
    """Return a text of the model as the source writes it: its markup, and escapes where needed."""
    return _inlines(inlines_of(text))


def _inlines(inlines: tuple[Inline, ...]) -> str:
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(_ADDRESS.sub(r"\\\1\2", _SPECIAL.sub(r"\\\1", node.text)))
        elif isinstance(node, Code):
            fence = "`" * (max((len(r) for r in re.findall("`+", node.text)), default=0) + 1)
            out.append(f"{fence}{node.text}{fence}")
        elif isinstance(node, NoteRef):
            out.append(f"[^{node.label}]")
        elif isinstance(node, Link):
            out.append(f"[{_inlines(node.children)}](<{node.href}>)")
        elif isinstance(node, Strong):
            out.append(f"**{_inlines(node.children)}**")
        elif isinstance(node, Emphasis):
            out.append(f"*{_inlines(node.children)}*")
    return "".join(out)


def _block(block: Block) -> str:
    if isinstance(block, ListBlock):
        marks = (f"{block.start + n}." if block.ordered else "-" for n in range(len(block.items)))
        return "\n".join(f"{mark} {source_text(item)}" for mark, item in zip(marks, block.items, strict=True))
    if isinstance(block, Figure | Chart):
        title = f' "{block.alt}"' if block.alt != str(block.caption) else ""
        return f"![{source_text(block.caption)}](<{block.written}>{title})"
    if isinstance(block, Table):
        delimiters = {"left": ":---", "center": ":---:", "right": "---:"}
        rows = [
            "| " + " | ".join(source_text(cell).replace("|", "\\|") for cell in row) + " |"
            for row in (block.header, *block.rows)
        ]
        rows.insert(1, "| " + " | ".join(delimiters.get(align, "---") for align in block.align) + " |")
        caption = f"\n\nTable: {source_text(block.caption)}" if block.caption else ""
        return "\n".join(rows) + caption
    return _LEADING_MARK.sub(lambda m: f"\\{m[0]}" if m[1] else f"{m[3]}\\{m[4]}{m[5]}", source_text(block))


def _front_matter(meta: Meta) -> dict[str, Any]:
    default = Meta()
    front: dict[str, Any] = {}
    for key, value, empty in (
        ("subtitle", meta.subtitle, default.subtitle),
        ("date", meta.date, default.date),
        ("author", list(meta.authors), []),
        ("publication", meta.publication, default.publication),
        ("issue", meta.issue, default.issue),
        ("lang", meta.lang, default.lang),
        ("tags", list(meta.tags), []),
        ("summary", meta.summary, default.summary),
    ):
        if value != empty:
            front[key] = value
    front.update(_thaw(meta.extra))
    return front


def _thaw(value: Any) -> Any:
    if hasattr(value, "items"):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value
