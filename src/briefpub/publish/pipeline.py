"""The one publish path: a source is parsed, rendered as each kind asked for, then written.

``pdf``, ``html``, ``slides`` and every worker of ``build`` go through
:func:`publish_source`, so they share one order of work: nothing is written
until every output of the source has rendered, and each file is written
atomically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from briefpub.errors import BriefpubError, Warn, shorten
from briefpub.files import display_path
from briefpub.project import Project
from briefpub.publish.kinds import KINDS, load_engines
from briefpub.publish.output import write_atomic


def target_paths(sources: Sequence[Path], output: Path | None, folder: Path, kind: str) -> list[Path]:
    """Return one output path per source: ``-o`` is a file for one source, a folder for several.

    Two sources that would write the same file (``a/weekly.txt``, ``b/weekly.txt``)
    are an error before anything is written.
    """
    extension = KINDS[kind].extension
    if output is not None and len(sources) == 1 and not output.is_dir():
        return [output]
    targets = [(output or folder) / f"{source.stem}.{extension}" for source in sources]
    check_distinct(sources, targets)
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


def publish_source(
    project: Project, source: Path, targets: Mapping[str, Path], warn: Warn, encoding: str | None = None
) -> list[Path]:
    """Parse ``source``, render each kind in ``targets``, and only then write every output.

    Returns the image files the briefing's figures were read from: inputs of
    its outputs as much as the source itself.
    """
    for target in targets.values():
        if target.exists() and target.resolve() == source.resolve():
            raise BriefpubError.at(
                display_path(target), None, "refusing to write the output over its own source"
            )
    briefing = project.parse(source, encoding)
    for warning in briefing.warnings:
        warn(warning)
    load_engines(targets)
    rendered = {kind: KINDS[kind].render(project, briefing, warn) for kind in targets}
    for kind, target in targets.items():
        write_atomic(target, rendered[kind])
    return [figure.path for figure in briefing.figures()]


def describe(targets: Mapping[str, Path]) -> str:
    """Return the written files for the CLI's ``wrote`` line."""
    return ", ".join(shorten(display_path(t.absolute()), 200) for t in targets.values())
