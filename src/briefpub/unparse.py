"""A briefing written back out as source text: the reader's inverse, for tests and scaffolding."""

from __future__ import annotations

from typing import Any

import yaml

from briefpub.model import Briefing, Meta


def unparse(briefing: Briefing) -> str:
    """Return source text that :func:`briefpub.parse` reads back as an equal briefing."""
    parts: list[str] = []
    front = _front_matter(briefing.meta)
    if front:
        parts.append("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---")
    parts.append(briefing.title)
    if briefing.key_points:
        parts.append("\n".join(f"• {point}" for point in briefing.key_points))
    parts.extend(briefing.introduction)
    for section in briefing.sections:
        parts.extend([section.question, f"Answer: {section.answer}", *section.body])
    return "\n\n".join(parts) + "\n"


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
