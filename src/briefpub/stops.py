"""Stops asked for by a signal, remembered until they are honoured: no engine can swallow one.

Ctrl-C (SIGINT), SIGTERM and SIGHUP stop a run by raising in whatever code
is running. That code may be an engine's: WeasyPrint draws each SVG inside
``except BaseException`` and goes on without the image, so a stop landing
there was lost, and the run wrote a PDF missing a picture and exited 0. So
the handlers also write the stop down here, and :func:`raise_pending` raises
it again where briefpub has control: as soon as WeasyPrint logs what it
caught, before any output is written, and when a command returns.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from briefpub.errors import Stopped

_pending: int | None = None
"""The signal of the first stop asked for and not yet honoured."""
_held = 0
"""How deep the main thread is in :func:`held` sections, where a stop waits for the section's end."""


def request(signum: int) -> None:
    """Write down that signal ``signum`` asked this process to stop (the first one asked wins)."""
    global _pending  # noqa: PLW0603 - one per process, written by signal handlers
    if _pending is None:
        _pending = signum


def stop(signum: int, _frame: FrameType | None = None) -> None:
    """Signal handler: write the stop down, then raise it (``KeyboardInterrupt`` for Ctrl-C).

    Inside a :func:`held` section it is only written down: the section raises it as it ends.
    """
    request(signum)
    if not _held:
        raise _exception(signum)


def asked() -> bool:
    """Whether a stop was asked for and not yet honoured."""
    return _pending is not None


def holding() -> bool:
    """Whether the main thread is in a :func:`held` section (a worker's own handler asks too)."""
    return _held > 0


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Honour a stop asked for during this section when it ends, not inside it.

    A stop raises wherever the main thread happens to be. Raised between a
    temporary file's creation and the ``try`` that removes it on failure, or
    between two renames of a set, it left a temporary file or half a set
    behind (a build stopped by SIGTERM left its manifest's temporary file).
    Inside the section the handler only writes the stop down; the section,
    once its files are in place (or removed on an error), raises it. Only the
    main thread's sections count: Python runs signal handlers there.
    """
    global _held  # noqa: PLW0603 - the main thread's depth, read by the signal handlers
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _held += 1
    try:
        yield
    finally:
        _held -= 1
    if not _held:
        raise_pending()


def install() -> None:
    """Make SIGINT, SIGTERM and SIGHUP stop this process through :func:`stop` (main thread only).

    WeasyPrint's log is watched from when it is imported (:func:`watch_engines`,
    called by ``briefpub.newsletter.engines``): a deck needs no ``logging``.
    """
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)


def watch_engines() -> None:
    """Raise a swallowed stop as soon as WeasyPrint logs its failure, not only when the PDF is done.

    WeasyPrint logs what it caught ("Failed to render SVG image") from
    inside its ``except``; a logger's filter runs there, and what it raises
    leaves the engine, so the rest of the document is not drawn for nothing.
    """
    import logging

    engine = logging.getLogger("weasyprint")
    if _honour not in engine.filters:
        engine.addFilter(_honour)


def _honour(_record: object) -> bool:
    raise_pending()
    return True


def raise_pending() -> None:
    """Raise the stop a signal asked for, if one did, even where an engine swallowed it."""
    if _pending is not None:
        raise _exception(_pending)


def _exception(signum: int) -> BaseException:
    return KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)
