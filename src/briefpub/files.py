"""Reading files that come from someone else: regular files only, size checked before reading.

Every input briefpub reads (sources, templates, deck masters, logos, images)
goes through :func:`read_regular`, so a FIFO, a device, a folder or a file
that grows while it is read can neither hang briefpub nor fill its memory.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from briefpub.errors import nearest

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class UnreadableFile(OSError):
    """A file that is not a regular file, too large, or could not be opened; the message says which."""


class MissingFile(UnreadableFile):
    """A file that is not there at all: where a source names it, the likely intended name helps."""


MAX_SIBLINGS = 1000
"""The most names of a folder looked at for a did-you-mean (a folder of photos is not listed whole)."""


def missing_file_hint(path: Path, written: str) -> str:
    """Return ``"; did you mean 'img/rates.png'?"`` for a file beside ``path`` named nearly as it is.

    ``written`` is the path as the source wrote it; the hint keeps its folder part.
    """
    import itertools

    try:
        with os.scandir(path.parent) as entries:
            names = [entry.name for entry in itertools.islice(entries, MAX_SIBLINGS) if entry.is_file()]
    except OSError:
        return ""
    name = nearest(path.name, names)
    if name is None:
        return ""
    folder = written.rpartition("/")[0]
    return f"; did you mean {(folder + '/' if folder else '') + name!r}?"


def not_utf8(data: bytes, error: UnicodeDecodeError) -> tuple[int, str]:
    """Return the line of the first byte that is not UTF-8 in ``data``, and a message naming it.

    For a settings file, a template or a stylesheet, which are UTF-8 by rule:
    the line, not a byte offset, is what an editor shows.
    """
    line = data[: error.start].count(b"\n") + 1
    return line, f"byte 0x{data[error.start]:02X} is not UTF-8; save the file as UTF-8"


def describe_size(n: int) -> str:
    """Return ``n`` bytes as a person would say it: ``2 MB``, ``500 kB``."""
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n / 1000:g} kB"


def read_regular(path: Path, limit: int) -> bytes:
    """Return the bytes of the regular file at ``path``, refusing anything else or anything over ``limit``.

    The file is opened without blocking (a FIFO opens at once), checked with
    ``fstat`` on the open descriptor (no race with a swapped file), and read
    at most ``limit + 1`` bytes, so a file that grows is caught too.
    """
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise MissingFile("no such file") from None
    except IsADirectoryError:
        raise UnreadableFile("is a folder, not a file") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("is not a regular file")
        if info.st_size > limit:
            raise UnreadableFile(f"is larger than the {describe_size(limit)} limit")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        if isinstance(exc, UnreadableFile):
            raise
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnreadableFile(f"is larger than the {describe_size(limit)} limit")
    return data


def display_path(path: Path) -> str:
    """Return ``path`` as the user would write it: relative to the current folder when inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_SVG_START = rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg[\s>]"
"""How an SVG starts (with ``re.S``): compiled, and cached by :mod:`re`, when a file is sniffed."""


def sniff_image(data: bytes) -> str | None:
    """Return the media type of image ``data`` told by its content (PNG, JPEG, GIF, WebP, SVG), else None.

    A file's name says nothing: a text file named ``.png`` is not an image.
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if re.match(_SVG_START, data[:4096], re.S):
        return "image/svg+xml"
    return None
