"""``briefpub init``: a new project that builds at once, from the files in ``scaffold/``."""

from __future__ import annotations

from pathlib import Path

from briefpub.errors import BriefpubError
from briefpub.publish.output import write_atomic

SCAFFOLD = Path(__file__).parent / "scaffold"


def init_project(folder: Path) -> list[Path]:
    """Create a project in ``folder``; refuse, writing nothing, if any file would be overwritten."""
    files = sorted(p for p in SCAFFOLD.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    targets = [folder / p.relative_to(SCAFFOLD) for p in files]
    existing = [t for t in targets if t.exists()]
    if existing:
        names = ", ".join(str(t) for t in existing)
        raise BriefpubError.at(str(folder), None, f"not overwriting existing files: {names}")
    for source, target in zip(files, targets, strict=True):
        write_atomic(target, source.read_bytes())
    (folder / "output").mkdir(exist_ok=True)
    return targets
