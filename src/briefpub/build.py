"""Publishing a whole project: both outputs for every source, in parallel, skipping what is up to date.

A manifest in the output folder remembers, per output, a hash of everything
that went into it (source, templates, config, briefpub's version); a source
whose outputs all match is skipped without importing a renderer.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from briefpub import __version__
from briefpub.errors import BriefpubError, Diagnostic
from briefpub.output import write_atomic
from briefpub.project import EXTENSIONS, Project

KINDS = ("pdf", "slides")
MANIFEST = ".briefpub-manifest.json"


@dataclass
class Outcome:
    """What happened to one source."""

    source: Path
    """The briefing file."""
    status: str = "built"
    """``built``, ``skipped`` or ``failed``."""
    errors: list[Diagnostic] = field(default_factory=list)
    """Why it failed."""
    warnings: list[str] = field(default_factory=list)
    """Warnings from the reader and the renderers, as printable lines."""
    keys: dict[str, str] = field(default_factory=dict)
    """Content hash per output kind, for the manifest."""


@dataclass(frozen=True)
class Summary:
    """The whole run, for the closing line."""

    outcomes: list[Outcome]
    seconds: float

    def count(self, status: str) -> int:
        """Return how many sources ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status == status)

    def line(self) -> str:
        """Return ``built 3, skipped 2, failed 0 in 1.4 s``."""
        built, skipped, failed = self.count("built"), self.count("skipped"), self.count("failed")
        return f"built {built}, skipped {skipped}, failed {failed} in {self.seconds:.1f} s"


def build(
    project: Project,
    sources: Sequence[Path],
    kinds: Sequence[str] = KINDS,
    force: bool = False,
    jobs: int = 0,
    on_done: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Publish ``kinds`` for each source; one failure never stops the others."""
    started = time.perf_counter()
    config = project.config
    manifest_path = config.output_dir / MANIFEST
    manifest = _read_manifest(manifest_path)
    inputs = {kind: _inputs_digest(project, kind) for kind in kinds}
    outcomes: list[Outcome] = []
    todo: list[tuple[Path, dict[str, str]]] = []
    for source in sources:
        try:
            digest = hashlib.sha256(source.read_bytes() + _stamp(source)).hexdigest()
        except OSError:
            digest = "unreadable"
        keys = {kind: _key(digest, inputs[kind]) for kind in kinds}
        if not force and all(
            manifest.get(_target(config.output_dir, source, kind).name) == keys[kind]
            and _target(config.output_dir, source, kind).is_file()
            for kind in kinds
        ):
            outcome = Outcome(source, "skipped", keys=keys)
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
        else:
            todo.append((source, keys))
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    for outcome in _run(project, todo, kinds, workers):
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)
    for outcome in outcomes:
        for kind in kinds:
            name = _target(config.output_dir, outcome.source, kind).name
            if outcome.status == "failed":
                manifest.pop(name, None)
            else:
                manifest[name] = outcome.keys[kind]
    if todo:
        write_atomic(manifest_path, json.dumps(manifest, indent=1, sort_keys=True).encode())
    order = {source: index for index, source in enumerate(sources)}
    outcomes.sort(key=lambda o: order[o.source])
    return Summary(outcomes, time.perf_counter() - started)


def _run(
    project: Project, todo: list[tuple[Path, dict[str, str]]], kinds: Sequence[str], workers: int
) -> Iterable[Outcome]:
    global _PROJECT  # noqa: PLW0603 - the project publish_one works in, in this process
    if workers <= 1:
        _PROJECT = project
        for source, keys in todo:
            yield publish_one(source, kinds, keys)
        return
    pool = ProcessPoolExecutor(
        workers, initializer=_worker_start, initargs=(project.config.root, tuple(kinds))
    )
    try:
        futures = [pool.submit(publish_one, source, kinds, keys) for source, keys in todo]
        for future in as_completed(futures):
            yield future.result()
    finally:  # on Ctrl-C, drop the queue and let the running briefings finish their atomic writes
        pool.shutdown(wait=True, cancel_futures=True)


_PROJECT: Project | None = None


def _worker_start(root: Path, kinds: tuple[str, ...]) -> None:
    """Load the project and the engines once per worker process, not once per briefing.

    Workers ignore Ctrl-C: the parent stops the build, so no worker prints a traceback.
    """
    global _PROJECT  # noqa: PLW0603 - one project per worker process
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PROJECT = Project.here(root)
    if "pdf" in kinds:
        import briefpub.pdf
    if "slides" in kinds:
        import briefpub.slides  # noqa: F401


def publish_one(source: Path, kinds: Sequence[str], keys: dict[str, str]) -> Outcome:
    """Parse one source and write each requested output; report, never raise, a user's mistake."""
    assert _PROJECT is not None
    project = _PROJECT
    config = project.config
    outcome = Outcome(source, keys=keys)

    def warn(message: str) -> None:
        outcome.warnings.append(message)

    try:
        briefing = project.parse(source)
        outcome.warnings += [str(w) for w in briefing.warnings]
        for kind in kinds:
            target = _target(config.output_dir, source, kind)
            write_atomic(target, project.render(kind, briefing, warn))
    except BriefpubError as error:
        outcome.status = "failed"
        outcome.errors = list(error.diagnostics)
    except Exception as exc:  # a bug must not take the other briefings down
        outcome.status = "failed"
        outcome.errors = [
            Diagnostic(project.display(source), None, f"internal error: {type(exc).__name__}: {exc}")
        ]
    return outcome


def _target(output_dir: Path, source: Path, kind: str) -> Path:
    return output_dir / f"{source.stem}.{EXTENSIONS[kind]}"


def _key(source_digest: str, inputs_digest: str) -> str:
    return hashlib.sha256(f"{source_digest}:{inputs_digest}".encode()).hexdigest()


def _inputs_digest(project: Project, kind: str) -> str:
    """Return a hash of everything besides the source that shapes an output of ``kind``."""
    from briefpub.templating import PACKAGE_TEMPLATES

    config = project.config
    digest = hashlib.sha256(f"{__version__}:{kind}".encode())
    if config.file is not None and config.file.is_file():
        digest.update(config.file.read_bytes() + _stamp(config.file))
    folders = [config.templates_dir, PACKAGE_TEMPLATES]
    if kind == "slides":
        template = project.deck_template()
        folders = [template] if template is not None else [PACKAGE_TEMPLATES / "deck.pptx"]
    elif config.brand.logo is not None:
        folders.append(config.brand.logo)
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
            if path.is_file():
                digest.update(str(path).encode() + _stamp(path))
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp(path: Path) -> bytes:
    """Return the modification time, so that touching an input rebuilds, as with make."""
    return str(path.stat().st_mtime_ns).encode()


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
