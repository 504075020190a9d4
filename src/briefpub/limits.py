"""Bounded time and memory for work driven by someone else's file (a template, a master).

The Jinja2 sandbox stops a template from reaching Python, and its own caps
stop the obvious floods; this is the backstop for what remains (three nested
loops of 100,000, a string doubled in a loop): a deadline and a ceiling on
the memory the process may add while the work runs.
"""

from __future__ import annotations

import contextlib
import re
import resource
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType


class LimitExceeded(Exception):
    """The work took longer, or needed more memory, than it is allowed; the message says which."""


_VMSIZE = re.compile(rb"^VmSize:\s+(\d+) kB", re.M)


def _address_space() -> int | None:
    """Return this process's virtual memory size in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/status", "rb") as status:
            match = _VMSIZE.search(status.read())
    except OSError:
        return None
    return int(match.group(1)) * 1024 if match else None


@dataclass
class Budget:
    """What a :func:`bounded` body may use, and whether its deadline passed.

    An engine may swallow the :class:`LimitExceeded` the deadline raises (a
    C library's callback does: cairo then reports a read error); the body's
    caller asks :attr:`expired` to say what really happened.
    """

    seconds: float
    expired: bool = False


@contextlib.contextmanager
def bounded(seconds: float, extra_memory: int) -> Iterator[Budget]:
    """Run the body with a deadline of ``seconds`` and at most ``extra_memory`` more bytes of memory.

    The deadline is a real-time alarm, so it applies on the main thread only
    (where every command renders); elsewhere only the memory ceiling holds.
    Exceeding the memory ceiling surfaces as :class:`MemoryError` in the body,
    the deadline as :class:`LimitExceeded` (and :attr:`Budget.expired`).
    """
    budget = Budget(seconds)
    with _memory_ceiling(extra_memory), _deadline(budget):
        yield budget


@contextlib.contextmanager
def _deadline(budget: Budget) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    seconds = budget.seconds

    def expire(_signum: int, _frame: FrameType | None) -> None:
        budget.expired = True
        raise LimitExceeded(f"took longer than {seconds:g} s")

    outer, _ = signal.getitimer(
        signal.ITIMER_REAL
    )  # a deadline this one runs inside (a render reads a master)
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # the outer deadline goes on (it was cancelled here, and never came)
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))


@contextlib.contextmanager
def _memory_ceiling(extra: int) -> Iterator[None]:
    current = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if current is None:
        yield
        return
    ceiling = current + extra
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    if soft != resource.RLIM_INFINITY and soft <= ceiling:
        yield  # already tighter than what we would set
        return
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
