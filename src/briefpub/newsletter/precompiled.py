"""The packaged templates compiled once, at install time, as Python modules are byte-compiled.

Compiling ``newsletter.html`` and ``blocks.html`` is about 25 ms of a cold
``briefpub html`` (Jinja2's lexer, parser and code generator, then Python's
``compile``), the same work on every run for files that ship with briefpub.
``python -m briefpub.newsletter.precompiled`` (run by ``scripts/bootstrap``
beside ``compileall``) writes their compiled code into the package's
``__pycache__/templates/``, and :class:`PackagedBytecode` serves it back.

**Only the package's own templates, never anything from a project.** A
compiled template is code: it runs outside the sandbox's reach, so a
project's templates are always compiled from their source (where the sandbox
checks what they do), and nothing is read from or written to the project or
its ``output/.briefpub-cache`` (anyone who can write a project can write an
entry and its hash there). Entries are read only from the package folder,
only for templates whose file is in it, and are never written at run time.

**Never stale.** Jinja2 keeps each entry's source checksum and ignores an
entry whose template changed; the entry's name also covers Jinja2's and
briefpub's versions and the sandbox that compiled it (``templating.py``),
since the compiled code calls the sandbox's checks. A missing or unreadable
entry costs only the compiling it would have saved; so does a damaged one
(each entry carries the CRC-32 of its bytes, :mod:`briefpub.startup.tablefile`),
and each is written whole (staged, then renamed over).
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from briefpub import __version__
from briefpub.packaged import PACKAGE_TEMPLATES
from briefpub.startup import tablefile

FOLDER = PACKAGE_TEMPLATES.parent / "__pycache__" / "templates"
"""Where the compiled packaged templates are kept: in the package's ``__pycache__``, beside its
``.pyc`` files (not in the templates folder, whose files are the newsletter's inputs)."""
COMPILED = ("newsletter.html", "blocks.html", "email.html", "email_blocks.html")
"""The packaged templates compiled at install time."""
MAX_ENTRY = 4_000_000
"""The largest entry read (the newsletter's compiled code is about 60 kB)."""
FORMAT = b"briefpub template 1\n"
"""An entry's first bytes, then the CRC-32 of Jinja2's bytes (:mod:`briefpub.startup.tablefile`: damaged
code is never run), then those: Jinja2's header (its version, Python's), the source's checksum, the code."""


def _fingerprint() -> str:
    """Return what compiled code depends on besides its source: versions, and the sandbox's code."""
    sandbox = Path(__file__).with_name("templating.py")
    try:
        code = sandbox.read_bytes()
    except OSError:
        code = b"?"
    return f"{jinja2.__version__}|{__version__}|{sys.version}|{hashlib.sha256(code).hexdigest()}"


class PackagedBytecode(BytecodeCache):
    """Serve the compiled code of packaged templates from ``folder``; compile everything else."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or FOLDER
        self.fingerprint = _fingerprint()
        self.loaded = 0
        """How many templates were served compiled (tests count them)."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        text = f"{self.fingerprint}|{name}|{filename}"
        return hashlib.sha256(text.encode()).hexdigest()

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        bucket = Bucket(environment, self.get_cache_key(name, filename), self.get_source_checksum(source))
        if _packaged(filename):
            self.load_bytecode(bucket)
            self.loaded += bucket.code is not None
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        data = tablefile.read(self.folder / f"{bucket.key}.jinja", FORMAT, MAX_ENTRY)
        if data is not None:
            with contextlib.suppress(Exception):  # not Jinja2's: compile instead
                bucket.bytecode_from_string(bytes(data))

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write nothing at run time: entries are made by :func:`precompile` only."""

    def set_bucket(self, bucket: Bucket) -> None:
        """Write nothing at run time: entries are made by :func:`precompile` only."""


def _packaged(filename: str | None) -> bool:
    """Whether ``filename`` is one of the package's own templates (not a project's)."""
    if filename is None:
        return False
    path = Path(filename)
    return path.parent == PACKAGE_TEMPLATES.resolve() and path.name in COMPILED


def precompile(folder: Path | None = None) -> list[Path]:
    """Write the packaged templates compiled into ``folder``, under each name they go by; return the files."""
    from briefpub.newsletter.templating import environment

    env = environment(None)
    cache = PackagedBytecode(folder)
    folder = cache.folder
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for template in COMPILED:
        path = (PACKAGE_TEMPLATES / template).resolve()
        source = path.read_text(encoding="utf-8")
        for name in (template, f"!default/{template}"):
            bucket = Bucket(env, cache.get_cache_key(name, str(path)), cache.get_source_checksum(source))
            bucket.code = env.compile(source, name, str(path))
            target = folder / f"{bucket.key}.jinja"
            data = tablefile.seal(FORMAT, bucket.bytecode_to_string())
            if not target.exists() or target.read_bytes() != data:
                tablefile.write(target, data, MAX_ENTRY)
            written.append(target)
    for stale in set(folder.glob("*.jinja")) - set(written):  # an earlier version's
        stale.unlink()
    return written


if __name__ == "__main__":
    precompile()
