"""What the weekly rebuild need not work out again, kept in the project: ``output/.briefpub-cache/``.

A deck on the same master paints the same layouts to measure its texts'
contrast (numpy, a tenth of a cold deck), and an SVG figure is rasterised
the same way every week (CairoSVG and cairocffi imported, then drawn: about
0.4 s). Each result is kept in one file named by the hash of everything that
made it (:func:`key`), so a changed master, figure, setting or briefpub
version is simply another name, and stale files are never read.

**Never trusted.** The folder is in the project, where anyone may write, so
an entry is only data (JSON or PNG bytes, never pickle or code), read only
as a regular file of at most :data:`MAX_ENTRY` bytes (links are not
followed, to an entry or to the folder), and used only when its first line names the key asked for and
the SHA-256 of the rest: a truncated, corrupted or swapped file is ignored
(and replaced), never an error. Callers check the payload's shape too
(:mod:`briefpub.deck.paintings`, :func:`briefpub.rasterise.kept_svg_to_png`).

**Written with the editions.** Rendering only collects new entries
(:attr:`Cache.new`); they are written after the editions were
(:func:`store`), into an output folder that already exists, so a failed
run writes nothing and ``-o elsewhere`` creates no ``output/``. ``briefpub
clean`` removes the folder; the next run fills it again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from briefpub import __version__, stops
from briefpub.temporary import create

FOLDER = ".briefpub-cache"
"""The cache's folder inside the project's output folder."""
MAX_ENTRY = 16_000_000
"""The largest entry read (a rasterised figure is at most 4,000 pixels wide)."""
SHIPPED: Path | None = Path(__file__).parent / "__pycache__" / "shipped"
"""What briefpub learns of its own deck master, made once at install (``python -m briefpub.deck.shipped``,
run by ``scripts/bootstrap`` beside ``compileall``): read after the project's folder, so a new project's
first deck on the packaged master paints and reads nothing either. Never written at run time."""
MAX_FOLDER = 256_000_000
"""The most the folder keeps: past it, the entries written longest ago go first (:func:`store`)."""
_MAGIC = b"briefpub-cache 1"
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def key(kind: str, *parts: bytes | str) -> str:
    """Return the name of the entry made from ``parts`` (``kind-<sha256>``), briefpub's version included."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))  # so ("ab", "c") and ("a", "bc") differ
        digest.update(data)
    return f"{kind}-{digest.hexdigest()}"


class Cache:
    """One run's view of the cache: entries read (and checked) on demand, new ones collected."""

    def __init__(self, folder: Path | None, shipped: bool = True) -> None:
        self.folder = folder
        """``output/.briefpub-cache`` of the project; None to cache nothing."""
        self.shipped = shipped
        """Whether entries made at install (:data:`SHIPPED`) are read where the project has none."""
        self.new: dict[str, bytes] = {}
        """Entries made by this run, by name: written by :func:`store` once the editions are."""
        self.hits = 0
        self.misses = 0

    def get(self, name: str) -> bytes | None:
        """Return the payload of entry ``name`` if it is there and whole, else None."""
        data = self.new.get(name)
        if data is None and self.folder is not None:
            data = _read(self.folder, name)
        if data is None and self.shipped and SHIPPED is not None:
            data = _read(SHIPPED, name)
        if data is None:
            self.misses += 1
        else:
            self.hits += 1
        return data

    def put(self, name: str, payload: bytes) -> None:
        """Keep ``payload`` as entry ``name`` (written with the editions)."""
        self.new[name] = payload


def _read(folder: Path, name: str) -> bytes | None:
    """Return the checked payload of ``folder/name``; None for anything missing, odd or not matching."""
    if os.sep in name or name.startswith("."):
        return None
    try:  # the folder, as the entry, must not be a link: either would read from outside the project
        if folder.parent.is_symlink():
            return None
        directory = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW)
    except OSError:
        return None
    try:
        fd = os.open(name, _READ_FLAGS | _NOFOLLOW, dir_fd=directory)
    except OSError:
        return None
    finally:
        os.close(directory)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY:
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_ENTRY + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    header, newline, payload = data.partition(b"\n")
    expected = b" ".join((_MAGIC, name.encode(), hashlib.sha256(payload).hexdigest().encode()))
    return payload if newline and header == expected and len(data) <= MAX_ENTRY else None


def store(output_dir: Path, entries: Iterable[Mapping[str, bytes]]) -> None:
    """Write the new ``entries`` into ``output_dir``'s cache folder; any failure costs only a later miss.

    Nothing is written unless ``output_dir`` is an existing folder (not a
    link), nor into a cache folder that is a link; each entry lands whole
    (written aside, then renamed over); the folder stays under :data:`MAX_FOLDER`.
    """
    pending = {name: payload for batch in entries for name, payload in batch.items()}
    if not pending:
        return
    with contextlib.suppress(OSError):
        if output_dir.is_symlink() or not output_dir.is_dir():
            return
        folder = output_dir / FOLDER
        if folder.is_symlink():
            return
        folder.mkdir(exist_ok=True)
        write_entries(folder, pending)
        _prune(folder, set(pending))


def write_entries(folder: Path, entries: Mapping[str, bytes]) -> None:
    """Write each entry into ``folder`` (an existing folder) under its first line: its name and SHA-256."""
    for name, payload in entries.items():
        if os.sep in name or name.startswith("."):
            continue
        header = b" ".join((_MAGIC, name.encode(), hashlib.sha256(payload).hexdigest().encode()))
        _write(folder, name, header + b"\n" + payload)


def _prune(folder: Path, keep: set[str]) -> None:
    """Remove the entries written longest ago (but ``keep``) while the folder holds over MAX_FOLDER."""
    entries = []
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            info = path.lstat()
            entries.append((info.st_mtime_ns, info.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= MAX_FOLDER:
            break
        if path.name not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size


def _write(folder: Path, name: str, data: bytes) -> None:
    with stops.held():  # a signal's stop waits until the entry is in place or gone (stops.held)
        handle, temporary = create(folder, ".", ".briefpub-tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def clear(output_dir: Path, dry_run: bool = False) -> list[Path]:
    """Remove ``output_dir``'s cache folder (``briefpub clean``); return it if it was there.

    Only what lies directly in it goes: its files, and links as links (never
    followed); a folder someone put inside stays, and so does the cache folder then.
    """
    folder = output_dir / FOLDER
    if folder.is_symlink() or not folder.is_dir():
        return []
    if dry_run:
        return [folder]
    for path in folder.iterdir():
        if path.is_symlink() or path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()
    return [] if folder.exists() else [folder]
