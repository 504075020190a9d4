"""The per-source loop every publishing command runs: each edition of each source, skipping what is current.

``build`` and ``watch`` run it over the project; ``pdf``, ``html``,
``email`` and ``slides`` run it for one edition, always rebuilding. It owns
what a batch needs: the project's lock, the check that no two sources write
one file, one outcome per source (a failure, a bug included, is counted and
said once, and never stops the others), and the manifest. What counts as up
to date is :mod:`briefpub.publish.freshness`'s; each briefing's outputs go
through the one publish path (:func:`~briefpub.publish.pipeline.publish_source`)
in a worker, and the manifest is written as each briefing lands, so a build
killed half-way resumes where it stopped.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefpub import stops
from briefpub.edition_names import EDITIONS
from briefpub.errors import BriefpubError, Diagnostic, Stopped
from briefpub.project import Project
from briefpub.publish.editions import REGISTRY, Target, load_engines
from briefpub.publish.freshness import (
    Manifest,
    digest_of,
    input_parts,
    output_key,
    source_digest,
    why_stale,
)
from briefpub.publish.output import project_lock
from briefpub.publish.pipeline import internal_error, plan_targets, publish_source


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
    """Input key per edition, for the manifest."""
    written: dict[str, list[str]] = field(default_factory=dict)
    """The files each edition wrote, for the manifest."""
    images: list[str] = field(default_factory=list)
    """The figures' image files the briefing used: a changed image rebuilds it."""
    reasons: dict[str, str] = field(default_factory=dict)
    """Why each edition published was built again (``-v`` says it): ``the source changed``, ``--force``."""
    parts: dict[str, dict[str, str]] = field(default_factory=dict)
    """What each edition's key was made of, for the manifest (see :func:`why_stale`)."""


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


def target(project: Project, source: Path, edition: str) -> Target:
    """Return where ``build`` writes ``edition`` for ``source``."""
    return REGISTRY[edition].target(project.config.output_dir, source.stem)


def build(
    project: Project,
    sources: Sequence[Path],
    editions: Sequence[str] = EDITIONS,
    force: bool = False,
    jobs: int = 0,
    on_done: Callable[[Outcome], None] | None = None,
    waiting: Callable[[str], None] = lambda _: None,
    encoding: str | None = None,
    output: Path | None = None,
) -> Summary:
    """Publish ``editions`` for each source; one failure, of any kind, never stops the others.

    Every command that publishes comes here (``pdf``, ``html``, ``email``,
    ``slides`` with ``force``). Into the project's output folder, it holds the
    project's lock, skips what is up to date and keeps the manifest; ``output``
    elsewhere (``-o``) is written as asked, with neither.
    """
    started = time.perf_counter()
    output_dir = project.config.output_dir
    plans = plan_targets(sources, editions, output, output_dir)
    into_project = output is None or output.absolute() == output_dir.absolute()
    warnings: list[Diagnostic] = []
    lock = (
        project_lock(project.config.root, output_dir, waiting) if into_project else contextlib.nullcontext()
    )
    with lock:
        manifest = Manifest(output_dir, project.config.root) if into_project else None
        parts = {edition: input_parts(project, edition, encoding) for edition in editions}
        inputs = {edition: digest_of(parts[edition]) for edition in editions}
        outcomes: list[Outcome] = []
        todo: list[Job] = []
        for source in sources:
            digest = (
                "outside"
                if project.leads_outside(source)
                else source_digest(source, project.config.max_bytes)
            )
            keys = {edition: output_key(digest, inputs[edition]) for edition in editions}
            stale = {
                k: key
                for k, key in keys.items()
                if force or manifest is None or not _is_current(manifest, plans[source][k], key)
            }
            if not stale:
                outcome = Outcome(source, "skipped", keys=keys)
                outcomes.append(outcome)
                if on_done:
                    on_done(outcome)
            else:  # a changed [pdf] rebuilds the PDF, not the deck
                made_of = {edition: {**parts[edition], "source": digest} for edition in stale}
                reasons = {
                    edition: "--force"
                    if force
                    else "written where -o says"
                    if manifest is None
                    else why_stale(manifest.get(plans[source][edition].path.name), made_of[edition])
                    for edition in stale
                }
                job = Job(
                    source, stale, {edition: plans[source][edition] for edition in stale}, reasons, made_of
                )
                todo.append(job)
        workers = min(jobs or os.cpu_count() or 1, os.cpu_count() or 1, len(todo))
        for outcome in _run(project, todo, editions, workers, encoding):
            outcomes.append(outcome)
            if manifest is not None:
                problems = _record(manifest, outcome, plans[outcome.source])
                warnings = warnings or problems  # said once: each next briefing would say it again
            if on_done:
                on_done(outcome)
    order = {source: index for index, source in enumerate(sources)}
    outcomes.sort(key=lambda o: order[o.source])
    return Summary(outcomes, time.perf_counter() - started, warnings)


@dataclass(frozen=True)
class Job:
    """One source to publish: the editions that are not up to date, their keys and where they go."""

    source: Path
    keys: dict[str, str]
    targets: dict[str, Target]
    reasons: dict[str, str] = field(default_factory=dict)
    """Why each edition is built again."""
    parts: dict[str, dict[str, str]] = field(default_factory=dict)
    """What each edition's key is made of."""


def _record(manifest: Manifest, outcome: Outcome, targets: dict[str, Target]) -> list[Diagnostic]:
    """Record one briefing's outputs and save the manifest; failing to costs a rebuild, nothing more.

    An edition that failed keeps its earlier files on record (they are still
    briefpub's, for ``clean``) under a key that never matches, so it is built again.
    """
    for edition in outcome.keys:
        name = targets[edition].path.name
        if edition in outcome.written:
            files = [Path(p) for p in outcome.written[edition]]
            images = [Path(p) for p in outcome.images]
            record = manifest.record(
                outcome.source, outcome.keys[edition], files, images, outcome.parts.get(edition)
            )
            manifest.set(name, record)
        else:
            manifest.invalidate(name)
    try:
        manifest.save()
    except BriefpubError as error:
        return [
            Diagnostic(d.file, d.line, d.message + "; everything will be rebuilt next time")
            for d in error.diagnostics
        ]
    return []


def _is_current(manifest: Manifest, target: Target, key: str) -> bool:
    """Return whether the output recorded in ``manifest`` is still what this build would write."""
    entry = manifest.get(target.path.name)
    return entry is not None and entry.is_current(key)


def _run(
    project: Project,
    todo: list[Job],
    editions: Sequence[str],
    workers: int,
    encoding: str | None,
) -> Iterator[Outcome]:
    global _PROJECT  # noqa: PLW0603 - the project publish_one works in, in this process
    if workers <= 1:
        _PROJECT = project
        for job in todo:
            yield publish_one(job, encoding)
        return
    # Imported here: the process pool brings multiprocessing, which one source never needs.
    from concurrent.futures import ProcessPoolExecutor, as_completed

    gc.enable()  # this process renders nothing itself (briefpub.cli.main starts without the collector)

    pool = ProcessPoolExecutor(
        workers,
        initializer=_worker_start,
        initargs=(project.config.root, tuple(editions), project.overrides),
    )
    stopped = False
    try:
        futures = [pool.submit(_worker_publish, job, encoding) for job in todo]
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


def _worker_start(root: Path, editions: tuple[str, ...], overrides: tuple[tuple[str, Any], ...]) -> None:
    """Load the project and the engines once per worker process, not once per briefing.

    Workers ignore Ctrl-C (the parent stops the build, so no worker prints a
    traceback); SIGTERM, from the parent or from the kernel when the parent
    dies, stops a worker after its temporary files are removed.
    """
    global _PROJECT  # noqa: PLW0603 - one project per worker process
    _working(True)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _raise_stopped)
    stops.watch_engines()
    _die_with_parent()
    try:
        _PROJECT = Project.here(root).override(**dict(overrides))  # --master, --strict… as in the parent
        load_engines(editions)
    except Stopped as stop:
        os._exit(128 + stop.signum)
    _working(False)


def _working(working: bool) -> None:
    global _WORKING  # noqa: PLW0603 - this worker's state, read by its signal handler
    _WORKING = working


_WORKING = False
"""Whether this worker is loading or publishing (it then has temporary files to remove when stopped)."""


def _raise_stopped(signum: int, _frame: object) -> None:
    """Stop a worker: unwinding through its cleanup while it works, at once while it waits for work.

    Raised in a worker waiting on the pool's queue, the exception would
    escape ``concurrent.futures``' own loop and print its traceback.
    """
    if not _WORKING:
        os._exit(128 + signum)
    stops.request(signum)  # remembered, should an engine swallow what is raised here
    if not stops.holding():  # else raised once the files being put in place are (stops.held)
        raise Stopped(signum)


def _die_with_parent() -> None:
    """Ask Linux to send this worker SIGTERM when its parent dies (SIGKILL included)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: a killed parent leaves its workers to finish their briefing


def _worker_publish(job: Job, encoding: str | None) -> Outcome:
    _working(True)
    try:
        return publish_one(job, encoding)
    except Stopped as stop:
        os._exit(128 + stop.signum)  # cleanup has run on the way up; leave no half-finished worker
    finally:
        _working(False)


def publish_one(job: Job, encoding: str | None = None) -> Outcome:
    """Publish one source's outputs; report, never raise, a user's mistake or a bug."""
    assert _PROJECT is not None
    outcome = Outcome(job.source, keys=job.keys, reasons=job.reasons, parts=job.parts)
    try:
        published = publish_source(
            _PROJECT, job.source, job.targets, outcome.warnings.append, encoding, partial=True
        )
    except BriefpubError as error:
        outcome.status = "failed"
        outcome.errors = list(error.diagnostics)
        return outcome
    except Exception as exc:  # a bug must not take the other briefings down
        outcome.status = "failed"
        outcome.errors = [internal_error(job.source, exc)]
        return outcome
    outcome.images = [str(path) for path in published.images]
    for edition, result in published.rendered.items():
        outcome.written[edition] = [str(job.targets[edition].file(suffix)) for suffix in result.files]
    if published.errors:
        outcome.status = "failed"
        outcome.errors = list(published.errors)
    return outcome
