"""``briefpub watch``: rebuild whenever a source, a template, the master, an image or the config changes.

The project folder itself is watched, not its subfolders one by one, so a
source folder that is deleted and made again (a ``git checkout``, a sync
tool) is still watched; changes are filtered to the inputs the editions
declare in :mod:`briefpub.publish.editions`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from briefpub.config import CONFIG_NAME
from briefpub.edition_names import EDITIONS
from briefpub.project import Project
from briefpub.publish.editions import REGISTRY

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".svg"})
"""Files watched wherever they are in the project: a briefing's figures may live anywhere in it."""


def watched_inputs(project: Project, editions: Sequence[str] = EDITIONS) -> list[Path]:
    """Return the files and folders (resolved) whose changes call for a rebuild."""
    config = project.config
    paths = [config.source_dir, config.root / CONFIG_NAME]
    for edition in editions:
        paths += REGISTRY[edition].inputs(project)
    return sorted({p.resolve() for p in paths})


def watch(
    project: Project,
    rebuild: Callable[[], None],
    editions: Sequence[str] = EDITIONS,
    stop: threading.Event | None = None,
    also: Sequence[Path] = (),
) -> None:
    """Call ``rebuild`` now and after every batch of changes, until ``stop`` is set or Ctrl-C.

    Ctrl-C is raised (``KeyboardInterrupt``) so the command exits 130, as
    interrupted commands do; a rebuild it interrupts leaves whole files or none.

    ``also`` are further files to watch (a source named on the command line).
    """
    import gc

    import watchfiles

    gc.enable()  # a process that lives on collects its garbage (briefpub.cli.main starts without it)

    root = project.config.root.resolve()
    output = project.config.output_dir.resolve()
    inputs = sorted({*watched_inputs(project, editions), *(path.resolve() for path in also)})
    outside = [p for p in inputs if not p.is_relative_to(root) and p.exists()]  # given on the command line

    def relevant(_change: watchfiles.Change, path: str) -> bool:
        changed = Path(path).resolve()
        if changed.is_relative_to(output) or changed.name.startswith("."):
            return False
        if changed.suffix.lower() in IMAGE_SUFFIXES and changed.is_relative_to(root):
            return True  # the build's manifest knows which briefings use it
        return any(changed == p or changed.is_relative_to(p) for p in inputs)

    rebuild()
    for _changes in watchfiles.watch(
        root, *outside, watch_filter=relevant, stop_event=stop, raise_interrupt=True
    ):
        rebuild()
