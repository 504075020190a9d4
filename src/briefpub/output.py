"""Where outputs go, and writing them so that a failed run never leaves half a file."""

from __future__ import annotations

import contextlib
import datetime
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from briefpub.errors import BriefpubError
from briefpub.model import Briefing

_UMASK = os.umask(0o022)
os.umask(_UMASK)


def output_paths(sources: Sequence[Path], output: Path | None, default_dir: Path, ext: str) -> list[Path]:
    """Return one output path per source: ``-o`` is a file for one source, a folder for several."""
    if output is not None and len(sources) == 1 and not output.is_dir():
        return [output]
    folder = output if output is not None else default_dir
    return [folder / f"{source.stem}.{ext}" for source in sources]


def source_date(briefing: Briefing) -> datetime.datetime | None:
    """Return the one timestamp outputs may carry: the briefing's date, else ``SOURCE_DATE_EPOCH``.

    Never the wall clock, so that the same inputs give byte-identical files.
    """
    if briefing.meta.date is not None:
        return datetime.datetime.combine(briefing.meta.date, datetime.time())
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).replace(tzinfo=None)
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    Readers of ``path`` see the old file or the new one, never a part; on any
    failure the old file is left as it was and the temporary file is removed.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise BriefpubError.at(str(path), None, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise BriefpubError.at(str(path), None, f"cannot write: {exc.strerror or exc}") from None
        raise
