"""Which scripts of a briefing no installed font can show, so the PDF never has silent empty boxes."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterable

from briefpub.model import Briefing

_COVERED_BELOW = 0x0530  # Latin, Greek, Cyrillic, IPA: the default fonts have them all
_SAMPLE = 6  # characters per script asked about


def briefing_texts(briefing: Briefing) -> Iterable[str]:
    """Yield every text of the briefing that the newsletter prints."""
    meta = briefing.meta
    yield from (briefing.title, *briefing.key_points, *briefing.introduction, *meta.authors)
    yield from (t for t in (meta.subtitle, meta.publication, meta.issue) if t)
    for section in briefing.sections:
        yield from (section.question, section.answer, *section.body)


def scripts_without_font(texts: Iterable[str]) -> dict[str, str]:
    """Return script name -> sample characters for each script no installed font covers."""
    if shutil.which("fc-list") is None:
        return {}
    by_script: dict[str, str] = {}
    for char in set("".join(texts)):
        if ord(char) < _COVERED_BELOW or unicodedata.category(char)[0] in "ZC" or unicodedata.combining(char):
            continue
        script = _script(char)
        if len(by_script.get(script, "")) < _SAMPLE:
            by_script[script] = by_script.get(script, "") + char
    return {script: chars for script, chars in sorted(by_script.items()) if not _has_font(chars)}


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    if unicodedata.category(char) == "So" or ord(char) >= 0x1F000:
        return "symbols and emoji"
    first = name.split(" ")[0] if name else "unknown"
    return {"CJK": "CJK", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean"}.get(
        first, first.title()
    )


def _has_font(chars: str) -> bool:
    charset = " ".join(f"{ord(c):x}" for c in sorted(chars))
    try:
        found = subprocess.run(
            ["fc-list", f":charset={charset}", "family"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return True  # cannot tell: say nothing rather than something wrong
    return bool(found.stdout.strip())
