"""``briefpub watch``: rebuild what changed whenever a source, template or the config changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from briefpub.config import CONFIG_NAME
from briefpub.project import Project


def watched_paths(project: Project) -> list[Path]:
    """Return the folders and files whose changes call for a rebuild."""
    config = project.config
    paths = [config.source_dir, config.templates_dir, config.root / CONFIG_NAME]
    if config.slides.template is not None:
        paths.append(config.slides.template.parent)
    return [p for p in paths if p.exists()]


def watch(project: Project, rebuild: Callable[[], None], stop: threading.Event | None = None) -> None:
    """Call ``rebuild`` now and after every batch of changes, until ``stop`` is set or Ctrl-C."""
    import watchfiles

    output = project.config.output_dir.resolve()

    def relevant(_change: watchfiles.Change, path: str) -> bool:
        resolved = Path(path).resolve()
        return not resolved.is_relative_to(output) and not resolved.name.startswith(".")

    rebuild()
    for _changes in watchfiles.watch(
        *watched_paths(project), watch_filter=relevant, stop_event=stop, raise_interrupt=False
    ):
        rebuild()
