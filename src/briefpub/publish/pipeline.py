"""The one publish path: a source is parsed, rendered as each edition asked for, then written.

``pdf``, ``html``, ``email``, ``slides``, every worker of ``build`` and
``serve`` go through here, so they share one order of work: nothing is
written until every edition of the source has rendered, each file is written
atomically, and files an edition wrote last time but not this time (an image
of the e-mail's page since taken out of the briefing) are removed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefpub.errors import BriefpubError, Warn, shorten
from briefpub.files import display_path
from briefpub.model.briefing import Briefing
from briefpub.project import Project
from briefpub.publish.companions import check_places, remove_stale
from briefpub.publish.kinds import KINDS, Rendered, Target, load_engines
from briefpub.publish.output import write_atomic


@dataclass(frozen=True)
class Published:
    """What publishing one source did."""

    briefing: Briefing
    rendered: Mapping[str, Rendered]
    """Each edition's files, as written."""
    written: tuple[Path, ...]
    """Every file written, main files first."""

    @property
    def images(self) -> list[Path]:
        """Return the files the briefing's figures and charts were read from: inputs as much as the source."""
        return list(self.briefing.input_files())


def targets_for(sources: Sequence[Path], output: Path | None, folder: Path, kind: str) -> list[Target]:
    """Return one target per source: ``-o`` is a file for one source, a folder for several.

    ``-o weekly.eml`` puts the e-mail's companions beside it as
    ``weekly.email.html`` and ``weekly.email/``. Two sources that would write
    the same file (``a/weekly.txt``, ``b/weekly.txt``) are an error before
    anything is written.
    """
    edition = KINDS[kind]
    if output is not None and len(sources) == 1 and not output.is_dir():
        ending = f".{edition.extension}"
        stem = output.name.removesuffix(ending) if output.name.endswith(ending) else output.stem
        return [Target(output, stem)]
    targets = [edition.target(output or folder, source.stem) for source in sources]
    check_distinct(sources, [t.path for t in targets])
    return targets


def check_distinct(sources: Sequence[Path], targets: Sequence[Path]) -> None:
    """Raise an error naming both sources when two of them would write the same output."""
    seen: dict[Path, Path] = {}
    for source, target in zip(sources, targets, strict=True):
        first = seen.setdefault(target, source)
        if first != source:
            raise BriefpubError.at(
                display_path(source),
                None,
                f"would write {display_path(target)}, as {display_path(first)} does; rename one of them",
            )


def render_editions(
    project: Project, briefing: Briefing, targets: Mapping[str, Target], warn: Warn
) -> dict[str, Rendered]:
    """Render each edition in ``targets``; write nothing."""
    load_engines(targets)
    return {
        kind: KINDS[kind].render(project, briefing, target.stem, warn) for kind, target in targets.items()
    }


def write_editions(rendered: Mapping[str, Rendered], targets: Mapping[str, Target]) -> list[Path]:
    """Write every file of every edition atomically; then remove what an edition no longer writes."""
    check_places(
        (targets[kind].file(suffix), targets[kind].path.parent)
        for kind, edition in rendered.items()
        for suffix in edition.files
    )  # a link or a file where a companion folder belongs: refused before anything is written
    written: list[Path] = []
    for kind, edition in rendered.items():
        for suffix, data in edition.files.items():
            path = targets[kind].file(suffix)
            write_atomic(path, data)
            written.append(path)
    for kind in rendered:
        _remove_stale(KINDS[kind].companions, targets[kind], set(written))
    return written


def _remove_stale(companions: Sequence[str], target: Target, written: set[Path]) -> None:
    """Remove companion files of ``target`` this render did not write (a figure taken out, say)."""
    for suffix in companions:
        path = target.file(suffix.rstrip("/"))
        if suffix.endswith("/"):
            remove_stale(path, written)
        elif path not in written and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()


def publish_source(
    project: Project, source: Path, targets: Mapping[str, Target], warn: Warn, encoding: str | None = None
) -> Published:
    """Parse ``source``, render each edition in ``targets``, and only then write every file."""
    for target in targets.values():
        if target.path.exists() and target.path.resolve() == source.resolve():
            raise BriefpubError.at(
                display_path(target.path), None, "refusing to write the output over its own source"
            )
    briefing = project.parse(source, encoding)
    for warning in briefing.warnings:
        warn(warning)
    return publish_briefing(project, briefing, targets, warn)


def publish_briefing(
    project: Project, briefing: Briefing, targets: Mapping[str, Target], warn: Warn
) -> Published:
    """Render each edition of a parsed briefing, then write them all (``serve`` parses for itself)."""
    rendered = render_editions(project, briefing, targets, warn)
    return Published(briefing, rendered, tuple(write_editions(rendered, targets)))


def describe(written: Sequence[Path]) -> str:
    """Return the written files for the CLI's ``wrote`` line: files in a companion folder as that folder."""
    shown: list[str] = []
    for path in written:
        inside = path.parent != written[0].parent  # the e-mail's images, say
        text = display_path(path.parent.absolute()) + "/" if inside else display_path(path.absolute())
        if (text := shorten(text, 200)) not in shown:
            shown.append(text)
    return ", ".join(shown)
