"""Publishing a whole project: every output of every source, in parallel, skipping what is up to date.

A manifest in the output folder remembers, per output, a key of everything
that went into it (the source's bytes, the inputs each kind declares in
:mod:`briefpub.publish.kinds`, briefpub's version) and the output file's own stamp; an
output whose key and file both match is skipped without importing a renderer.
One build at a time writes into an output folder.
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
from briefpub.errors import BriefpubError, Diagnostic, Stopped
from briefpub.files import UnreadableFile, display_path, read_regular
from briefpub.project import Project
from briefpub.publish.kinds import BUILD_KINDS, KINDS, load_engines
from briefpub.publish.output import project_lock, write_atomic
from briefpub.publish.pipeline import check_distinct, publish_source

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
    warnings: list[Diagnostic] = field(default_factory=list)
    """Warnings from the reader and the renderers."""
    keys: dict[str, str] = field(default_factory=dict)
    """Input key per output kind, for the manifest."""
    images: list[str] = field(default_factory=list)
    """The figures' image files the briefing used, for the manifest: a changed image rebuilds it."""


@dataclass(frozen=True)
class Summary:
    """The whole run, for the closing line."""

    outcomes: list[Outcome]
    seconds: float
    warnings: list[Diagnostic] = field(default_factory=list)
    """Warnings about the build itself (the manifest could not be written)."""

    def count(self, status: str) -> int:
        """Return how many sources ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status == status)

    def line(self) -> str:
        """Return ``built 3, skipped 2, failed 0 in 1.4 s``."""
        built, skipped, failed = self.count("built"), self.count("skipped"), self.count("failed")
        return f"built {built}, skipped {skipped}, failed {failed} in {self.seconds:.1f} s"


def target(project: Project, source: Path, kind: str) -> Path:
    """Return where ``build`` writes ``kind`` for ``source``."""
    return project.config.output_dir / f"{source.stem}.{KINDS[kind].extension}"


def build(
    project: Project,
    sources: Sequence[Path],
    kinds: Sequence[str] = BUILD_KINDS,
    force: bool = False,
    jobs: int = 0,
    on_done: Callable[[Outcome], None] | None = None,
    waiting: Callable[[str], None] = lambda _: None,
) -> Summary:
    """Publish ``kinds`` for each source; one failure never stops the others."""
    started = time.perf_counter()
    check_distinct(sources, [target(project, source, kinds[0]) for source in sources])
    output_dir = project.config.output_dir
    with project_lock(project.config.root, output_dir, waiting):
        manifest = _read_manifest(output_dir / MANIFEST)
        inputs = {kind: inputs_digest(project, kind) for kind in kinds}
        outcomes: list[Outcome] = []
        todo: list[tuple[Path, dict[str, str]]] = []
        for source in sources:
            digest = (
                "outside"
                if project.leads_outside(source)
                else _source_digest(source, project.config.max_bytes)
            )
            keys = {kind: _key(digest, inputs[kind]) for kind in kinds}
            current = all(_is_current(project, manifest, source, k, keys[k]) for k in kinds)
            if current and not force:
                outcome = Outcome(source, "skipped", keys=keys)
                outcomes.append(outcome)
                if on_done:
                    on_done(outcome)
            else:
                todo.append((source, keys))
        workers = min(jobs or os.cpu_count() or 1, os.cpu_count() or 1, len(todo))
        for outcome in _run(project, todo, kinds, workers):
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
        warnings = _record(project, manifest, outcomes, kinds) if todo else []
    order = {source: index for index, source in enumerate(sources)}
    outcomes.sort(key=lambda o: order[o.source])
    return Summary(outcomes, time.perf_counter() - started, warnings)


def _record(
    project: Project, manifest: dict[str, list[str]], outcomes: list[Outcome], kinds: Sequence[str]
) -> list[Diagnostic]:
    """Write the manifest; a manifest that cannot be written costs a rebuild next time, nothing more."""
    for outcome in outcomes:
        for kind in kinds:
            name = target(project, outcome.source, kind).name
            if outcome.status == "failed":
                manifest.pop(name, None)
            else:
                manifest[name] = _entry(project, outcome.source, kind, outcome.keys[kind], outcome.images)
    path = project.config.output_dir / MANIFEST
    try:
        write_atomic(path, json.dumps(manifest, indent=1, sort_keys=True).encode())
    except BriefpubError as error:
        return [
            Diagnostic(d.file, d.line, d.message + "; everything will be rebuilt next time")
            for d in error.diagnostics
        ]
    return []


def _is_current(project: Project, manifest: dict[str, list[str]], source: Path, kind: str, key: str) -> bool:
    """Return whether the output recorded in ``manifest`` is still what this build would write."""
    recorded = manifest.get(target(project, source, kind).name)
    if recorded is None:
        return False
    images = [item.split("\0", 1)[0] for item in recorded[2:]]
    return recorded == _entry(project, source, kind, key, images)


def _entry(project: Project, source: Path, kind: str, key: str, images: Sequence[str] = ()) -> list[str]:
    """Return the manifest entry of an output: its input key, the output file's stamp, its images' stamps.

    The output's stamp catches an output that something else rewrote
    (``briefpub pdf --paper letter``, an editor) since the build that
    recorded it; the images' stamps, a figure changed since (which images a
    briefing uses is only known once it is parsed, so the last build's list
    is the one checked).
    """
    try:
        info = target(project, source, kind).stat()
        output = f"{info.st_size}:{info.st_mtime_ns}"
    except OSError:
        output = "missing"
    return [key, output, *(f"{image}\0{stamp(Path(image))}" for image in images)]


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
    stopped = False
    try:
        futures = [pool.submit(_worker_publish, source, kinds, keys) for source, keys in todo]
        for future in as_completed(futures):
            yield future.result()
    except Stopped:
        stopped = True
        raise
    finally:
        if stopped:  # SIGTERM or SIGHUP: workers stop now, removing their temporary files
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
        # On Ctrl-C, drop the queue and let the running briefings finish their atomic writes.
        pool.shutdown(wait=True, cancel_futures=True)


_PROJECT: Project | None = None


def _worker_start(root: Path, kinds: tuple[str, ...]) -> None:
    """Load the project and the engines once per worker process, not once per briefing.

    Workers ignore Ctrl-C (the parent stops the build, so no worker prints a
    traceback); SIGTERM, from the parent or from the kernel when the parent
    dies, stops a worker after its temporary files are removed.
    """
    global _PROJECT  # noqa: PLW0603 - one project per worker process
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _raise_stopped)
    _die_with_parent()
    try:
        _PROJECT = Project.here(root)
        load_engines(kinds)
    except Stopped as stop:
        os._exit(128 + stop.signum)


def _raise_stopped(signum: int, _frame: object) -> None:
    raise Stopped(signum)


def _die_with_parent() -> None:
    """Ask Linux to send this worker SIGTERM when its parent dies (SIGKILL included)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: a killed parent leaves its workers to finish their briefing


def _worker_publish(source: Path, kinds: Sequence[str], keys: dict[str, str]) -> Outcome:
    try:
        return publish_one(source, kinds, keys)
    except Stopped as stop:
        os._exit(128 + stop.signum)  # cleanup has run on the way up; leave no half-finished worker


def publish_one(source: Path, kinds: Sequence[str], keys: dict[str, str]) -> Outcome:
    """Publish one source's outputs; report, never raise, a user's mistake."""
    assert _PROJECT is not None
    project = _PROJECT
    outcome = Outcome(source, keys=keys)
    try:
        targets = {kind: target(project, source, kind) for kind in kinds}
        figures = publish_source(project, source, targets, outcome.warnings.append)
        outcome.images = [str(path) for path in figures]
    except BriefpubError as error:
        outcome.status = "failed"
        outcome.errors = list(error.diagnostics)
    except Exception as exc:  # a bug must not take the other briefings down
        outcome.status = "failed"
        outcome.errors = [
            Diagnostic(display_path(source), None, f"internal error: {type(exc).__name__}: {exc}")
        ]
    return outcome


def _key(source_digest: str, inputs_digest: str) -> str:
    return hashlib.sha256(f"{source_digest}:{inputs_digest}".encode()).hexdigest()


def _source_digest(source: Path, max_bytes: int) -> str:
    """Return a hash of the source's bytes; a file briefpub will refuse is hashed as unreadable.

    Read like the reader reads it (a regular file, size checked first), so a
    FIFO or ``/dev/zero`` given to ``build`` neither hangs nor fills memory.
    """
    try:
        return hashlib.sha256(read_regular(source, max_bytes)).hexdigest()
    except UnreadableFile:
        return "unreadable"


def inputs_digest(project: Project, kind: str) -> str:
    """Return a hash of the stamps (size, modification time) of everything else that shapes ``kind``.

    Stamps, not contents, as make does: a huge file in ``templates/`` is never
    read on an up-to-date build.
    """
    digest = hashlib.sha256(f"{__version__}:{kind}".encode())
    config_file = project.config.file
    for path in [*([config_file] if config_file else []), *KINDS[kind].inputs(project)]:
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            digest.update(f"{file}\0{stamp(file)}\0".encode())
    return digest.hexdigest()


def stamp(path: Path) -> str:
    """Return what tells a file changed without reading it: mode, size and modification time."""
    try:
        info = path.stat()
    except OSError:
        return "missing"
    return f"{info.st_mode:o}:{info.st_size}:{info.st_mtime_ns}"


def _read_manifest(path: Path) -> dict[str, list[str]]:
    try:
        data = json.loads(read_regular(path, 50_000_000))
    except (UnreadableFile, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): [str(x) for x in v] for k, v in data.items() if isinstance(v, list)}
