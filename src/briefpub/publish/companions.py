"""Companion folders (the e-mail's ``<stem>.email/``): checked before anything is written, cleaned after.

An edition's companions are written in a folder beside its main file. That
folder is a name in the output folder, which may come from someone else: as
a link to a folder outside the project, it made ``email`` write and
overwrite ``logo.png`` and ``figure-N.png`` there; as a file, the run failed
after the ``.eml`` had been written. Every place a run will write is
checked first, and a link or a file where a folder belongs is refused in one
line, before anything is written. Afterwards only what briefpub writes
there (its image names) and did not write this time is removed: a reader's
own file in the folder stays.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from briefpub.errors import BriefpubError
from briefpub.files import display_path

WRITTEN_NAME = re.compile(r"(?:figure-[1-9][0-9]*|logo)\.(?:png|jpg|gif)")
"""The files briefpub writes in a companion folder: figures and the logo, as the e-mail names them."""


def check_places(files: Iterable[tuple[Path, Path]]) -> None:
    """Refuse, before anything is written, a file or a companion folder that is not what it must be.

    ``files`` are ``(path, folder)`` pairs: a file to write and the folder of
    its edition's main file. Each folder between them must be a folder (or
    not exist yet), never a link or a file; the path must not be a folder.
    """
    for path, folder in files:
        info = _lstat(path)
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise BriefpubError.at(
                display_path(path), None, "is a folder; briefpub writes a file of that name"
            )
        parent = path.parent
        while parent != folder and folder in parent.parents:
            info = _lstat(parent)
            if info is not None and stat.S_ISLNK(info.st_mode):
                raise BriefpubError.at(
                    display_path(parent),
                    None,
                    "is a link; briefpub writes the e-mail's images in a folder of that name and never "
                    "through a link: remove it",
                )
            if info is not None and not stat.S_ISDIR(info.st_mode):
                raise BriefpubError.at(
                    display_path(parent),
                    None,
                    "is not a folder; briefpub writes the e-mail's images in a folder of that name: "
                    "remove or rename it",
                )
            parent = parent.parent


def remove_stale(folder: Path, written: set[Path]) -> None:
    """Remove from companion ``folder`` the files briefpub writes there but did not write this time.

    A figure taken out of the briefing must not stay beside the page; a
    file of the reader's (any other name) stays. A link is never followed.
    """
    info = _lstat(folder)
    if info is None or not stat.S_ISDIR(info.st_mode):
        return
    for child in folder.iterdir():
        if child in written or not WRITTEN_NAME.fullmatch(child.name):
            continue
        child_info = _lstat(child)
        if child_info is not None and not stat.S_ISDIR(child_info.st_mode):
            with contextlib.suppress(OSError):
                child.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except OSError:
        return None
