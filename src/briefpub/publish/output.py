"""Writing outputs: as one set that a failed run never leaves half-written, under the project's lock."""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from briefpub import stops, temporary
from briefpub.errors import BriefpubError

_UMASK = os.umask(0o022)
os.umask(_UMASK)
TEMPORARY_SUFFIX = ".briefpub-tmp"
"""The ending of every temporary file briefpub writes, so a later build can find what a crash left."""
LOCK_NAME = ".briefpub.lock"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    Readers of ``path`` see the old file or the new one, never a part; on any
    failure the old file is left as it was and the temporary file is removed.
    """
    write_set([(path, data)])


def write_set(files: Sequence[tuple[Path, bytes]]) -> None:
    """Replace ``files`` as one set: every new file is written in full before any old one is replaced.

    A failure while writing (a full disk, a read-only folder, Ctrl-C) leaves
    every old file as it was and no temporary file behind. Only a failure of
    ``os.replace`` itself, after some files landed, leaves a mixed set: the
    error then names the files that are new.
    """
    stops.raise_pending()  # asked for while an engine drew (WeasyPrint swallows it): nothing lands
    for path, _ in files:
        _check_replaceable(path)
    with stops.held():  # a signal's stop waits for the set to be in place or gone, then is raised
        staged = _stage_all(files)
        if stops.asked():  # asked for while staging: nothing lands
            _remove(staged)
        else:
            _replace_all(staged)


def _stage_all(files: Sequence[tuple[Path, bytes]]) -> list[tuple[str, Path]]:
    """Stage every file; on any failure remove what was staged and raise."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            staged.append((_stage(path, data), path))
    except BaseException:
        _remove(staged)
        raise
    return staged


def _replace_all(staged: list[tuple[str, Path]]) -> None:
    """Rename each staged file into place; on a failure remove the rest and name what landed."""
    replaced: list[Path] = []
    for index, (tmp, path) in enumerate(staged):
        try:
            os.replace(tmp, path)
        except OSError as exc:
            _remove(staged[index:])
            new = f"; new: {', '.join(p.name for p in replaced)}, the rest as before" if replaced else ""
            raise BriefpubError.at(str(path), None, f"cannot write: {exc.strerror or exc}{new}") from None
        replaced.append(path)


def _remove(staged: list[tuple[str, Path]]) -> None:
    for tmp, _ in staged:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _check_replaceable(path: Path) -> None:
    """Refuse to replace anything but a regular file (or a link, which is replaced, never followed).

    ``os.replace`` would put a regular file in place of a device, a FIFO or a
    socket: ``-o /dev/null`` would replace the machine's ``/dev/null``.
    """
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # nothing to replace; a file on the way is named later
        return
    except OSError as exc:
        raise BriefpubError.at(str(path), None, f"cannot write: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise BriefpubError.at(str(path), None, "cannot write: it is a folder; name a file")
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise BriefpubError.at(
            str(path),
            None,
            "cannot write: a device, FIFO or socket; briefpub writes only regular files",
        )


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` in full to a new temporary file beside ``path``; return its name."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = temporary.create(folder, _temporary_prefix(path.name), TEMPORARY_SUFFIX)
    except (FileExistsError, NotADirectoryError):  # a file where a folder on the way should be
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise BriefpubError.at(str(path), None, f"cannot write: {blocking} is a file, not a folder") from None
    except OSError as exc:
        raise BriefpubError.at(str(path), None, f"cannot write: {exc.strerror or exc}") from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o666 & ~_UMASK)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise BriefpubError.at(str(path), None, f"cannot write: {exc.strerror or exc}") from None
        raise
    return tmp


def _temporary_prefix(name: str) -> str:
    """Return a prefix short enough that the temporary name stays legal for the longest output name."""
    short = name.encode("utf-8")[:100].decode("utf-8", "ignore")
    return f".{short}."


def remove_leftovers(folder: Path) -> None:
    """Remove temporary files a killed run left in ``folder``; call only while holding its lock."""
    for leftover in folder.glob(f".*{TEMPORARY_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()


@contextlib.contextmanager
def project_lock(root: Path, output: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the project's lock while writing into its ``output`` folder: one briefpub at a time.

    A second run waits (saying so once through ``waiting``), so an older,
    slower build can never land its outputs after a newer one. Holding the
    lock, temporary files a killed run left in ``output`` are removed.
    """
    lock = root / LOCK_NAME
    try:  # never through a link: a project copied from someone else must not create files elsewhere
        fd = os.open(
            lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK, 0o666 & ~_UMASK
        )
    except OSError as exc:
        if lock.is_symlink():
            raise BriefpubError.at(
                str(lock), None, "is a link; briefpub's lock file must be a file"
            ) from None
        raise BriefpubError.at(str(lock), None, f"cannot write: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # a FIFO or a device put there
        os.close(fd)
        raise BriefpubError.at(str(lock), None, "is not a regular file; briefpub's lock file must be one")
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"waiting for another briefpub writing to {output}")
            fcntl.flock(fd, fcntl.LOCK_EX)
        remove_leftovers(output)
        yield
    finally:
        os.close(fd)  # closing releases the lock
