"""Asking fontconfig which font it would use: for the deck's measuring and the PDF's missing-font warning.

``fc-match`` answers for any pattern, installed or not, with the family it
would really use; both callers compare that family with the one asked for.
``subprocess`` is imported only when a font other than Calibri's twin is asked about.
"""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def match(pattern: str) -> tuple[tuple[str, ...], Path | None]:
    """Return the family names and the file fontconfig picks for ``pattern``: ``((), None)`` if unknown."""
    import shutil
    import subprocess

    if shutil.which("fc-match") is None:
        return (), None
    try:
        found = subprocess.run(
            ["fc-match", "--format=%{family}\n%{file}", "--", pattern],  # a pattern is never an option
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return (), None
    names = tuple(name.strip() for name in found[0].split(",") if name.strip()) if found else ()
    return names, Path(found[1]) if len(found) > 1 and found[1] else None


def escaped(family: str) -> str:
    """Return ``family`` as a fontconfig pattern names it: ``-``, ``:``, ``,`` and ``\\`` escaped.

    A family read from a master ("Foo-Bar", "A:B") was otherwise parsed as a
    size, a property or a second family, and matched some other face.
    """
    return "".join("\\" + c if c in "\\-:," else c for c in family)


def has(names: tuple[str, ...], family: str) -> bool:
    """Return whether ``family`` is among the names fontconfig gave (case aside)."""
    return family.casefold() in (name.casefold() for name in names)
