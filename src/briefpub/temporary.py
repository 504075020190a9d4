"""A new temporary file beside where its content goes, made as ``tempfile.mkstemp`` makes one, without it.

Every command that writes stages its outputs (``publish/output.py``) and its
cache entries (``cache.py``) in temporary files it then renames into place.
Importing ``tempfile`` for that pulled in ``random`` (and ``shutil`` where
nothing else had): 1.5–4 ms of every command, for one name. :func:`create`
makes the file the same way: a name no file has (48 random bits from
``os.urandom``, tried again on a clash), created new (``O_EXCL``), never
through a link, readable and writable by its owner only.
"""

from __future__ import annotations

import errno
import os

FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
"""``tempfile.mkstemp``'s flags: a new file, never an existing one or a link's target."""
ATTEMPTS = 100
"""Names tried before giving up (a clash of 48 random bits is not expected once)."""


def create(folder: str | os.PathLike[str], prefix: str, suffix: str) -> tuple[int, str]:
    """Create a new file named ``prefix`` + random + ``suffix`` in ``folder``; return its descriptor and
    absolute path, as ``tempfile.mkstemp(suffix, prefix, folder)`` does (mode 0600)."""
    for _ in range(ATTEMPTS):
        path = os.path.abspath(os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}"))
        try:
            return os.open(path, FLAGS, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(folder))
