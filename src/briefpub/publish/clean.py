"""``briefpub clean``: remove the editions of briefings that are no longer in the source folder.

Only what briefpub wrote is removed: the files the manifest records for each
output (:class:`~briefpub.publish.freshness.Manifest`), and of those only
regular files lying inside the output folder (the manifest is a file in the
project, and may have been edited), links never followed. A file whose name
merely looks like an edition (``annual-report.pdf``) was not written by
briefpub and stays. The cache of earlier runs (``output/.briefpub-cache``,
:mod:`briefpub.cache`) goes too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from briefpub import cache
from briefpub.errors import BriefpubError
from briefpub.project import Project
from briefpub.publish.freshness import Manifest
from briefpub.publish.output import project_lock


def stale_outputs(project: Project, manifest: Manifest | None = None) -> dict[str, list[Path]]:
    """Return, per recorded output whose source is gone, the files of it that ``clean`` may remove."""
    folder = project.config.output_dir
    if not folder.is_dir() or folder.is_symlink():
        return {}
    manifest = manifest or Manifest(folder, project.config.root)
    try:
        stems = {source.stem for source in project.sources([])}
    except BriefpubError:  # no briefings at all: every output is an orphan
        stems = set()
    inside = folder.resolve()
    stale: dict[str, list[Path]] = {}
    for name, entry in sorted(manifest.records.items()):
        if Path(entry.source).stem in stems:
            continue
        stale[name] = sorted(path for path in map(Path, entry.files) if _removable(path, inside))
    return stale


def _removable(path: Path, inside: Path) -> bool:
    """Return whether ``path`` is a regular file (not a link) whose folder lies in the output folder."""
    return path.is_file() and not path.is_symlink() and path.parent.resolve().is_relative_to(inside)


def clean_outputs(project: Project, dry_run: bool, waiting: Callable[[str], None]) -> list[Path]:
    """Remove (or with ``dry_run`` only list) the outputs whose source is gone; return what went.

    A companion folder emptied by the removal goes too; one still holding
    someone's files stays, and is not said to be removed.
    """
    config = project.config
    with project_lock(config.root, config.output_dir, waiting):
        manifest = Manifest(config.output_dir, config.root)
        stale = stale_outputs(project, manifest)
        if dry_run:
            return [path for paths in stale.values() for path in paths] + cache.clear(config.output_dir, True)
        removed: list[Path] = cache.clear(config.output_dir)  # what earlier runs kept: the next one fills it
        for name, paths in stale.items():
            for path in paths:
                with contextlib.suppress(OSError):
                    path.unlink()
                if not path.exists():
                    removed.append(path)
            for folder in sorted({p.parent for p in paths if p.parent != config.output_dir}, reverse=True):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only when empty
                if not folder.exists():
                    removed.append(folder)
            if not any(path.exists() for path in paths):
                manifest.set(name, None)  # else still on record, for the next clean
        if stale:
            manifest.save()
    return removed
