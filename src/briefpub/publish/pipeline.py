"""The one publish path: a source is parsed, rendered as each edition asked for, then written.

``pdf``, ``html``, ``email``, ``slides`` and ``build`` (all through
:func:`briefpub.publish.build.build`, the per-source loop) and ``serve`` go
through here, so they share one order of work: nothing is written until
every edition of the source has rendered, the files are written as one set
(:func:`~briefpub.publish.output.write_set`), and files an edition wrote last
time but not this time (an image of the e-mail's page since taken out of the
briefing) are removed. Output names are checked across every edition of every
source before anything is written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefpub.cache import store
from briefpub.errors import BriefpubError, Diagnostic, Warn, shorten
from briefpub.files import display_path
from briefpub.model.briefing import Briefing
from briefpub.project import Project
from briefpub.publish.companions import check_places, remove_stale
from briefpub.publish.editions import REGISTRY, Rendered, Target, load_engines
from briefpub.publish.freshness import Manifest
from briefpub.publish.output import project_lock, write_set


@dataclass(frozen=True)
class Published:
    """What publishing one source did."""

    briefing: Briefing
    rendered: Mapping[str, Rendered]
    """Each edition's files, as written."""
    written: tuple[Path, ...]
    """Every file written, main files first."""
    errors: tuple[Diagnostic, ...] = ()
    """Why the editions missing from :attr:`rendered` failed (nothing of theirs was written)."""

    @property
    def images(self) -> list[Path]:
        """Return the files the briefing's figures and charts were read from: inputs as much as the source."""
        return list(self.briefing.input_files())


def plan_targets(
    sources: Sequence[Path], editions: Sequence[str], output: Path | None, folder: Path
) -> dict[Path, dict[str, Target]]:
    """Return where each edition in ``editions`` of each source goes, refusing two sources with one output.

    ``-o`` is a file for one source, a folder for several: ``-o weekly.eml``
    puts the e-mail's companions beside it as ``weekly.email.html`` and
    ``weekly.email/``. Names are checked before anything is written.
    """
    if output is not None and len(sources) == 1 and not output.is_dir():
        plan: dict[str, Target] = {}
        for edition in editions:
            ending = f".{REGISTRY[edition].extension}"
            stem = output.name.removesuffix(ending) if output.name.endswith(ending) else output.stem
            plan[edition] = Target(output, stem)
        return {sources[0]: plan}
    check_distinct(sources, output or folder)
    return {
        source: {edition: REGISTRY[edition].target(output or folder, source.stem) for edition in editions}
        for source in sources
    }


def check_distinct(sources: Sequence[Path], folder: Path) -> None:
    """Raise an error naming both sources when two of them would write one file, in any edition.

    Every edition of every source is compared, whichever is being published:
    ``a.txt``'s e-mail page ``a.email.html`` is ``a.email.txt``'s web edition,
    and building one today must not overwrite the other's tomorrow.
    """
    seen: dict[str, Path] = {}
    for source in sources:
        for name in dict.fromkeys(_names(source.stem)):
            first = seen.setdefault(name, source)
            if first != source:
                raise BriefpubError.at(
                    display_path(source),
                    None,
                    f"would write {display_path(folder / name)}, as {display_path(first)} does; "
                    "rename one of them",
                )


def _names(stem: str) -> list[str]:
    """Return the names every edition of a source with ``stem`` may write in its folder."""
    names: list[str] = []
    for edition in REGISTRY.values():
        names.append(f"{stem}.{edition.extension}")
        names += [f"{stem}{suffix.rstrip('/')}" for suffix in edition.companions]
    return names


def render_editions(
    project: Project, briefing: Briefing, targets: Mapping[str, Target], warn: Warn
) -> dict[str, Rendered]:
    """Render each edition in ``targets``; write nothing."""
    load_engines(targets)
    return {
        edition: REGISTRY[edition].render(project, briefing, target.stem, warn)
        for edition, target in targets.items()
    }


def write_editions(rendered: Mapping[str, Rendered], targets: Mapping[str, Target]) -> list[Path]:
    """Write every file of every edition as one set; then remove what an edition no longer writes."""
    check_places(
        (targets[edition].file(suffix), targets[edition].path.parent)
        for edition, result in rendered.items()
        for suffix in result.files
    )  # a link or a file where a companion folder belongs: refused before anything is written
    files = [
        (targets[edition].file(suffix), data)
        for edition, result in rendered.items()
        for suffix, data in result.files.items()
    ]
    write_set(files)  # all or nothing: a full disk after the PDF leaves the old PDF, deck and e-mail
    written = [path for path, _ in files]
    for edition in rendered:
        _remove_stale(REGISTRY[edition].companions, targets[edition], set(written))
    return written


def land(
    project: Project,
    source: Path,
    rendered: Mapping[str, Rendered],
    targets: Mapping[str, Target],
    waiting: Callable[[str], None],
) -> list[Path]:
    """Write editions rendered elsewhere (``serve``) into the output folder as ``build`` does.

    Under the project's lock, as one set, and on the manifest's record (so
    ``clean`` knows them as briefpub's) with a key that never matches: the
    next ``build`` makes them again.
    """
    config = project.config
    with project_lock(config.root, config.output_dir, waiting):
        written = write_editions(rendered, targets)
        manifest = Manifest(config.output_dir, config.root)
        for edition, result in rendered.items():
            files = [targets[edition].file(suffix) for suffix in result.files]
            manifest.set(targets[edition].path.name, manifest.record(source, "", files, []))
        with contextlib.suppress(BriefpubError):  # an unwritable manifest costs a rebuild, nothing more
            manifest.save()
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
    project: Project,
    source: Path,
    targets: Mapping[str, Target],
    warn: Warn,
    encoding: str | None = None,
    partial: bool = False,
) -> Published:
    """Parse ``source``, render each edition in ``targets``, then write them (:func:`publish_briefing`)."""
    for target in targets.values():
        if target.path.exists() and target.path.resolve() == source.resolve():
            raise BriefpubError.at(
                display_path(target.path), None, "refusing to write the output over its own source"
            )
    briefing = project.parse(source, encoding)
    for warning in briefing.warnings:
        warn(warning)
    return publish_briefing(project, briefing, targets, warn, partial)


def publish_briefing(
    project: Project, briefing: Briefing, targets: Mapping[str, Target], warn: Warn, partial: bool = False
) -> Published:
    """Render each edition of a parsed briefing, then write them as one set.

    By default any edition's failure is raised and nothing is written. With
    ``partial`` (``build`` and every command), one edition's failure (a deck
    whose text fits no slide, a template's mistake, a bug) costs that edition
    only: the others are written, and the failure is in :attr:`Published.errors`.
    """
    load_engines(targets)
    rendered: dict[str, Rendered] = {}
    failures: list[tuple[str, Exception]] = []
    for edition, target in targets.items():
        try:
            rendered[edition] = REGISTRY[edition].render(project, briefing, target.stem, warn)
        except Exception as exc:  # a bug in one edition must not cost the others
            failures.append((edition, exc))
    if failures and not partial:
        raise _first(failures)
    errors = [
        diagnostic
        for edition, exc in failures
        for diagnostic in (
            exc.diagnostics
            if isinstance(exc, BriefpubError)
            else [internal_error(briefing.source, exc, edition)]
        )
    ]
    written = tuple(write_editions(rendered, targets))
    store(project.config.output_dir, [result.cache for result in rendered.values()])
    return Published(briefing, rendered, written, tuple(errors))


def _first(failures: Sequence[tuple[str, Exception]]) -> Exception:
    """Return what to raise for ``failures``: a bug as itself, else every edition's diagnostics in one."""
    bugs = [exc for _, exc in failures if not isinstance(exc, BriefpubError)]
    if bugs:
        return bugs[0]
    if len(failures) == 1:
        return failures[0][1]
    return BriefpubError(d for _, exc in failures if isinstance(exc, BriefpubError) for d in exc.diagnostics)


def internal_error(source: Path | None, exc: BaseException, edition: str | None = None) -> Diagnostic:
    """Return the one line that says a bug, not the user, stopped ``source`` (``edition`` if one edition)."""
    where = f" in the {edition} edition" if edition else ""
    return Diagnostic(
        display_path(source) if source else "briefpub",
        None,
        f"internal error{where}: {type(exc).__name__}: {exc} (please report it)",
    )


def describe(written: Sequence[Path]) -> str:
    """Return the written files for the CLI's ``wrote`` line: files in a companion folder as that folder."""
    shown: list[str] = []
    for path in written:
        inside = path.parent != written[0].parent  # the e-mail's images, say
        text = display_path(path.parent.absolute()) + "/" if inside else display_path(path.absolute())
        if (text := shorten(text, 200)) not in shown:
            shown.append(text)
    return ", ".join(shown)
