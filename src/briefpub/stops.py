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

import signal
from types import FrameType

from briefpub.errors import Stopped

_pending: int | None = None
"""The signal of the first stop asked for and not yet honoured."""


def request(signum: int) -> None:
    """Write down that signal ``signum`` asked this process to stop (the first one asked wins)."""
    global _pending  # noqa: PLW0603 - one per process, written by signal handlers
    if _pending is None:
        _pending = signum


def stop(signum: int, _frame: FrameType | None = None) -> None:
    """Signal handler: write the stop down, then raise it (``KeyboardInterrupt`` for Ctrl-C)."""
    request(signum)
    raise _exception(signum)


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
