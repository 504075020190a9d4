"""Whether an output is up to date: the keys ``build`` records, and the manifest it keeps them in.

An output's key is a hash of everything that went into it: the source's
bytes, the settings its edition reads (by value: a changed ``[pdf]`` rebuilds
PDFs, not decks, and a comment in ``briefpub.toml`` rebuilds nothing), the
stamps of the files its edition declares (templates, a master, a logo) and
briefpub's version. The manifest in the output folder records, per output,
that key, the stamps of the files written and of the images the briefing
used; an output whose record still matches is skipped without importing a
renderer. Stamps, not contents, as make does: a huge file in ``templates/``
is never read on an up-to-date build.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefpub import __version__
from briefpub.files import UnreadableFile, read_regular
from briefpub.project import Project
from briefpub.publish.editions import REGISTRY, reader_settings
from briefpub.publish.output import write_atomic

MANIFEST = ".briefpub-manifest.json"
_FORMAT = 3


@dataclass(frozen=True)
class Record:
    """What the manifest remembers of one output (paths absolute here, relative to the project on disk)."""

    source: str
    """The briefing it was published from."""
    key: str
    """The output's key (:func:`output_key`); empty when its last build failed."""
    files: Mapping[str, str]
    """Each file written (main and companions), by path, with its stamp: what ``clean`` may remove."""
    images: Mapping[str, str]
    """Each image the briefing's figures read, by path, with its stamp."""
    parts: Mapping[str, str] = field(default_factory=dict)
    """The digests the key was made of (:func:`input_parts`, and ``source``): what tells why it is stale."""

    def is_current(self, key: str) -> bool:
        """Return whether nothing that went into the output, nor the output itself, changed since."""
        return (
            bool(key)
            and self.key == key
            and bool(self.files)
            and all(stamp(Path(p)) == s for p, s in [*self.files.items(), *self.images.items()])
        )


class Manifest:
    """The output folder's records, written again as each briefing lands (a killed build resumes).

    It is also the list of what briefpub wrote there: ``clean`` removes
    nothing else. Paths are kept relative to the project, so the file says
    nothing of the machine and a moved project keeps its records.
    """

    def __init__(self, folder: Path, root: Path) -> None:
        self.path = folder / MANIFEST
        self.root = root
        self.records = self._read()
        self.saved = dict(self.records)

    def get(self, name: str) -> Record | None:
        return self.records.get(name)

    def set(self, name: str, entry: Record | None) -> None:
        if entry is None:
            self.records.pop(name, None)
        else:
            self.records[name] = entry

    def record(
        self,
        source: Path,
        key: str,
        files: Iterable[Path],
        images: Iterable[Path],
        parts: Mapping[str, str] | None = None,
    ) -> Record:
        """Return the record of an output just written."""
        return Record(
            str(source.absolute()),
            key,
            {str(p.absolute()): stamp(p) for p in files},
            {str(p.absolute()): stamp(p) for p in images},
            dict(parts or {}),
        )

    def invalidate(self, name: str) -> None:
        """Keep an output's files on record but have it built again (its last build failed)."""
        entry = self.records.get(name)
        if entry is not None:
            self.records[name] = Record(entry.source, "", entry.files, entry.images, entry.parts)

    def save(self) -> None:
        """Write the manifest atomically if it changed; raises BriefpubError if it cannot."""
        if self.records == self.saved:
            return
        outputs = {
            name: {
                "source": self._relative(entry.source),
                "key": entry.key,
                "files": {self._relative(p): s for p, s in entry.files.items()},
                "images": {self._relative(p): s for p, s in entry.images.items()},
                "parts": dict(entry.parts),
            }
            for name, entry in sorted(self.records.items())
        }
        data = {"format": _FORMAT, "outputs": outputs}
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True).encode())
        self.saved = dict(self.records)

    def _relative(self, path: str) -> str:
        return Path(os.path.relpath(path, self.root)).as_posix()

    def _absolute(self, path: object) -> str:
        return str(self.root / str(path))

    def _read(self) -> dict[str, Record]:
        if self.path.is_symlink():  # never read through a link (out of the project); replaced when saved
            return {}
        try:
            data = json.loads(read_regular(self.path, 50_000_000))
        except (UnreadableFile, ValueError, RecursionError):  # arrays nested 100,000 deep: not a manifest
            return {}
        outputs = data.get("outputs") if isinstance(data, dict) and data.get("format") == _FORMAT else None
        if not isinstance(outputs, dict):
            return {}  # an older briefpub's manifest: everything is built once more
        records: dict[str, Record] = {}
        for name, entry in outputs.items():
            try:
                records[str(name)] = Record(
                    self._absolute(entry["source"]),
                    str(entry["key"]),
                    {self._absolute(k): str(v) for k, v in entry["files"].items()},
                    {self._absolute(k): str(v) for k, v in entry["images"].items()},
                    {str(k): str(v) for k, v in entry.get("parts", {}).items()},
                )
            except (KeyError, TypeError, AttributeError):
                continue
        return records


def output_key(source_digest: str, inputs_digest: str) -> str:
    """Return the key of one output: its source and its edition's inputs."""
    return hashlib.sha256(f"{source_digest}:{inputs_digest}".encode()).hexdigest()


def source_digest(source: Path, max_bytes: int) -> str:
    """Return a hash of the source's bytes; a file briefpub will refuse is hashed as unreadable.

    Read like the reader reads it (a regular file, size checked first), so a
    FIFO or ``/dev/zero`` given to ``build`` neither hangs nor fills memory.
    """
    try:
        return hashlib.sha256(read_regular(source, max_bytes)).hexdigest()
    except UnreadableFile:
        return "unreadable"


def input_parts(project: Project, edition: str, encoding: str | None = None) -> dict[str, str]:
    """Return what shapes ``edition`` besides the source, part by part: briefpub, its settings, its files.

    Kept apart in the manifest so that ``-v build`` can say which one changed.
    """
    registered = REGISTRY[edition]
    config = project.config
    settings = repr((reader_settings(config), encoding, registered.settings(config)))
    files = hashlib.sha256()
    unread = set(registered.unread(project))
    for path in registered.inputs(project):
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file not in unread:
                files.update(f"{file}\0{stamp(file)}\0".encode())
    return {
        "briefpub": __version__,
        "settings": hashlib.sha256(f"{edition}:{settings}".encode()).hexdigest(),
        "files": files.hexdigest(),
    }


def inputs_digest(project: Project, edition: str, encoding: str | None = None) -> str:
    """Return a hash of what shapes ``edition`` besides the source: its settings and its files' stamps."""
    return digest_of(input_parts(project, edition, encoding))


def digest_of(parts: Mapping[str, str]) -> str:
    """Return one hash of :func:`input_parts`."""
    return hashlib.sha256(json.dumps(dict(parts), sort_keys=True).encode()).hexdigest()


_WHY = {
    "source": "the source changed",
    "settings": "its settings changed",
    "files": "its templates or master changed",
    "briefpub": "briefpub was upgraded",
}


def why_stale(entry: Record | None, parts: Mapping[str, str]) -> str:
    """Return why an output is built again, as ``-v build`` says it: what changed since its record.

    ``parts`` are :func:`input_parts` with the ``source`` digest; ``entry`` is
    the output's record, if any.
    """
    if entry is None or not entry.files:
        return "no earlier output"
    if any(stamp(Path(path)) == "missing" for path in entry.files):
        return "its output is missing"
    if not entry.key:
        return "it failed last time"
    if any(stamp(Path(path)) != recorded for path, recorded in entry.files.items()):
        return "its output was changed since"
    if not entry.parts:
        return "recorded by an earlier briefpub"
    changed = [_WHY[name] for name in _WHY if entry.parts.get(name) != parts.get(name)]
    if any(stamp(Path(path)) != recorded for path, recorded in entry.images.items()):
        changed.append("an image changed")
    return ", ".join(changed) or "its inputs changed"


def stamp(path: Path) -> str:
    """Return what tells a file changed without reading it: mode, size and modification time."""
    try:
        info = path.stat()
    except OSError:
        return "missing"
    return f"{info.st_mode:o}:{info.st_size}:{info.st_mtime_ns}"
