"""One file made at install and read back by every run: whole, bounded, from this Python, undamaged.

The install step (``python -m briefpub.startup.install``, ``briefpub.newsletter.precompiled``,
``briefpub.cairoengine``) keeps what commands would otherwise work out again
in the package's own ``__pycache__``: compiled code (dataclass methods,
selectors, forward references, templates) and data handed to C (what ``re``
gives ``_sre.compile``, cffi's type tables). Neither is checked by what
takes it: ``_sre.compile`` with one bit flipped in a pattern's code, or
bytecode with one bit flipped, can crash the interpreter (tried: a few
thousand single-bit flips of the regular expressions' table crash
``_sre`` within seconds). So each file carries, after its header (format,
Python's magic numbers), the CRC-32 of the rest (:func:`seal`), and
:func:`read` gives the rest only if it matches: a truncated or damaged file
is not used, the work is done as without it.

**What it does not defend against.** A file forged on purpose, with its
CRC, is trusted as the ``.pyc`` files beside it are: writing either needs
write access to the installed package, which is code already. That is why
these files are read from the package's ``__pycache__`` only, never from a
project, its ``output/.briefpub-cache``, the working folder, a variable or a
setting (each module names its one path), and written only at install.

**Reading.** Opened without following a link and without blocking (a FIFO is
refused, not waited on), a regular file only, read up to a limit: a
missing, odd or oversized file reads as None. The CRC costs ~0.1 ms for the
largest table (0.5 MB, whose whole read is ~1.3 ms), ~0.15 ms for the three
a deck reads, against the tens of milliseconds the tables save.
"""

from __future__ import annotations

import marshal
import os
import stat
import zlib
from typing import Any

CHECK = 4
"""Bytes of the CRC-32 after the header."""
_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
)


def seal(start: bytes, body: bytes) -> bytes:
    """Return the file's bytes: ``start`` (format and versions), the CRC-32 of ``body``, then ``body``."""
    return start + zlib.crc32(body).to_bytes(CHECK, "big") + body


def read(path: str | os.PathLike[str], start: bytes, limit: int) -> memoryview | None:
    """Return the body of the file ``path`` sealed with ``start``; None if missing, not a regular file,
    over ``limit`` bytes, made with another header (another Python, another format) or damaged."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) > limit or not data.startswith(start) or len(data) < len(start) + CHECK:
        return None
    body = memoryview(data)[len(start) + CHECK :]
    if int.from_bytes(data[len(start) : len(start) + CHECK], "big") != zlib.crc32(body):
        return None
    return body


def write(path: str | os.PathLike[str], data: bytes, limit: int) -> None:
    """Write ``data`` to ``path`` whole or not at all (a run may be reading the old file): staged in a
    new file beside it (:mod:`briefpub.temporary`), made readable by every user, renamed over. Over
    ``limit`` bytes (what :func:`read` is given) it is refused at once, not written to be ignored by runs."""
    if len(data) > limit:
        raise ValueError(f"{len(data)} bytes, more than the {limit} a table is read up to")
    from briefpub.temporary import create  # install only: no run imports it for a table

    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, staged = create(folder, ".", ".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(staged, 0o644)  # read by every user of an installed package
        os.replace(staged, path)
    finally:
        if os.path.exists(staged):
            os.unlink(staged)


def read_mapping(path: str | os.PathLike[str], start: bytes, limit: int) -> dict[Any, Any]:
    """Return the marshalled dict in the file ``path`` sealed with ``start``; empty for anything else
    (what :func:`read` refuses, not marshal, not a dict). Its values are checked as they are used."""
    body = read(path, start, limit)
    if body is None:
        return {}
    try:
        table = marshal.loads(body)
    except Exception:  # not marshal: the work is done as without a table
        return {}
    return table if type(table) is dict else {}


def write_mapping(
    path: str | os.PathLike[str], start: bytes, table: dict[Any, Any], limits: tuple[int, int]
) -> None:
    """Write ``table`` marshalled (sorted, so the same table is the same bytes) and sealed to ``path``,
    whole or not at all; refuse more entries or bytes than ``limits`` (entries, bytes) allow."""
    entries, size = limits
    if len(table) > entries:
        raise ValueError(f"{len(table)} entries, more than the {entries} a table holds")
    write(path, seal(start, marshal.dumps(dict(sorted(table.items(), key=lambda item: repr(item[0]))))), size)
