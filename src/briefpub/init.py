"""``briefpub init``: a new project that builds at once, from the files in ``scaffold/``."""

from __future__ import annotations

from pathlib import Path

from briefpub.errors import BriefpubError, shorten
from briefpub.publish.output import write_atomic

SCAFFOLD = Path(__file__).parent / "scaffold"


def init_project(folder: Path) -> list[Path]:
    """Create a project in ``folder``; refuse, writing nothing, if any file would be overwritten."""
    try:
        return _init(folder)
    except OSError as exc:  # a name too long for the file system, no permission, a read-only disk
        message = f"cannot create the project: {exc.strerror}"
        raise BriefpubError.at(shorten(str(folder), 80), None, message) from None


def _init(folder: Path) -> list[Path]:
    files = sorted(p for p in SCAFFOLD.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    targets = [folder / p.relative_to(SCAFFOLD) for p in files]
    _refuse_links_out(folder, targets)
    existing = [t for t in targets if t.exists() or t.is_symlink()]
    output = folder / "output"
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        existing.append(output)  # the output folder's place is taken by a file or a link
    if existing:
        names = ", ".join(str(t) for t in existing)
        raise BriefpubError.at(str(folder), None, f"not overwriting existing files: {names}")
    for source, target in zip(files, targets, strict=True):
        write_atomic(target, source.read_bytes())
    output.mkdir(exist_ok=True)
    return targets


def _refuse_links_out(folder: Path, targets: list[Path]) -> None:
    """Refuse a project folder that is a link, or a subfolder leading out of it: init writes only inside."""
    if folder.is_symlink():
        raise BriefpubError.at(str(folder), None, "is a link; give the folder it leads to instead")
    inside = folder.resolve()
    for target in targets:
        if not target.parent.resolve().is_relative_to(inside):
            raise BriefpubError.at(
                str(target.parent), None, f"leads out of {folder} (a link); not writing through it"
            )
