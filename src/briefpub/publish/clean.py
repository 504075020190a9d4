"""``briefpub clean``: remove the editions of briefings that are no longer in the source folder.

Only names briefpub gives its outputs are considered (``<stem>.pdf``,
``<stem>.email.html``, ``<stem>.email/…`` as :mod:`briefpub.publish.kinds`
declares them), only inside the output folder, links never followed, and
only where no ``<stem>.txt`` is left among the project's sources.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from briefpub.errors import BriefpubError
from briefpub.project import Project
from briefpub.publish.freshness import Manifest
from briefpub.publish.kinds import KINDS
from briefpub.publish.output import project_lock


def stale_outputs(project: Project) -> list[Path]:
    """Return the outputs (files, and companion folders' files) whose source is gone, in name order."""
    folder = project.config.output_dir
    if not folder.is_dir() or folder.is_symlink():
        return []
    try:
        stems = {source.stem for source in project.sources([])}
    except BriefpubError:  # no briefings at all: every output is an orphan
        stems = set()
    # Longest first: weekly.email.html is the e-mail's page, not the web edition of "weekly.email".
    suffixes = sorted(
        {suffix for kind in KINDS.values() for suffix in (f".{kind.extension}", *kind.companions)},
        key=len,
        reverse=True,
    )
    stale: list[Path] = []
    for path in sorted(folder.iterdir()):
        suffix = next(
            (s for s in suffixes if path.name.endswith(s.rstrip("/")) and path.name != s.rstrip("/")), None
        )
        if suffix is None:
            continue
        stem = path.name.removesuffix(suffix.rstrip("/"))
        if stem in stems or stem.startswith("."):
            continue
        if suffix.endswith("/") and path.is_dir() and not path.is_symlink():
            stale += sorted(child for child in path.iterdir() if not child.is_dir())
            stale.append(path)
        elif not suffix.endswith("/") and not path.is_dir():
            stale.append(path)
    return list(dict.fromkeys(stale))


def clean_outputs(project: Project, dry_run: bool, waiting: Callable[[str], None]) -> list[Path]:
    """Remove (or with ``dry_run`` only list) the outputs whose source is gone; return them."""
    config = project.config
    with project_lock(config.root, config.output_dir, waiting):
        stale = stale_outputs(project)
        if dry_run or not stale:
            return stale
        manifest = Manifest(config.output_dir)
        for path in stale:
            with contextlib.suppress(OSError):
                path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
            manifest.set(path.name, None)
        manifest.save()
    return stale
