"""Where things are in a TOML text: tomllib gives values, not lines, and every message names its line.

A light scan of the lines, not a second parser: table headers, ``key =`` and
``a.b =`` at the start of a line are found; a line inside a multi-line string
may be taken for a key, but the first place a name is written is the one
kept, so a real key before it still wins.
"""

from __future__ import annotations

import re

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r"\"[^\"\n]*\"|'[^'\n]*'"
_KEY = rf"(?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_KEY})\s*\]\]?")
_ASSIGNMENT = re.compile(rf"^\s*({_KEY})\s*=")
_PART = re.compile(rf"{_BARE}|\"([^\"\n]*)\"|'([^'\n]*)'")


def _parts(key: str) -> tuple[str, ...]:
    """Return the names of a dotted TOML key as written (``a."b.c"`` is ``a``, ``b.c``)."""
    return tuple(m.group(1) or m.group(2) or m.group(0) for m in _PART.finditer(key))


def key_lines(text: str) -> dict[str, int]:
    """Return the line where each table and key of ``text`` is first written, by dotted name."""
    lines: dict[str, int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        if header := _HEADER.match(line):
            table = _parts(header.group(1))
            names = table
        elif assignment := _ASSIGNMENT.match(line):
            names = table + _parts(assignment.group(1))
        else:
            continue
        for end in range(1, len(names) + 1):
            lines.setdefault(".".join(names[:end]), number)
    return lines


def line_of(lines: dict[str, int], key: str) -> int | None:
    """Return the line of ``key`` (``slides.layouts.title``), else of the nearest table holding it."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        found = lines.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None


def deep_line(text: str, depth: int = 100) -> int:
    """Return the line where brackets first nest ``depth`` deep (roughly: quotes are not told apart)."""
    level = 0
    for number, line in enumerate(text.splitlines(), 1):
        for character in line:
            level += 1 if character in "[{" else -1 if character in "]}" else 0
            if level >= depth:
                return number
    return 1
