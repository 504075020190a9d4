"""Regular expressions compiled once, at install time: a command's patterns read back, not worked out again.

Every command compiles some 60 (a deck) to 100 (a web page) regular
expressions as its modules are imported, briefpub's and its engines' alike:
``re`` parses each pattern and writes the matcher's code, 6–10 ms of CPU, the
same code on every run for the same pattern. ``python -m briefpub.startup.install``
(run by ``scripts/bootstrap``, beside the dataclass methods of
:mod:`briefpub.startup.records`) keeps what ``re`` hands its C matcher for each
pattern compiled while every module of briefpub is imported, and
:func:`_compile`, set as ``re._compiler.compile``, hands it over again for
the same pattern and flags: 0.5 ms for a deck's.

**The same patterns.** The entry is looked up by the pattern's exact text (or
bytes) and flags, and is what ``re._compiler.compile`` would pass to
``_sre.compile`` (flags, code, groups, group names); ``re``'s own cache still
sits in front. A pattern not in the table, one asked with ``re.DEBUG``, a
parsed pattern (``re.Scanner``), or an entry ``_sre`` refuses is compiled as
before. A pattern whose compiling warns (a deprecated escape) is never
recorded, so the warning still comes. ``tests/test_regexes.py`` compiles every
entry both ways and compares the matchers (``re.Pattern`` equality compares
their code).

**Read from the package only.** As the dataclass table: the file is read
only from the package's ``__pycache__`` (:data:`FILE`), never from a project,
its ``output/.briefpub-cache`` or a path a setting names, is written only at
install (atomically), holds data only (numbers, texts, a mapping), is read up
to :data:`MAX_FILE` bytes, and names Python's bytecode magic number and the
matcher's own (``_sre.MAGIC``, ``_sre.CODESIZE``) in its header: a table from
another Python is not read. ``_sre.compile`` checks the code it is handed, but
not enough: single bit flips of this table's code crashed it (SIGSEGV) in a
fuzz run. So the file carries the CRC-32 of its body (:mod:`briefpub.startup.tablefile`)
and a damaged one is not read; a table forged with its CRC is trusted as the
``.pyc`` files beside it are (either takes write access to the package).

**Fenced.** The private names relied on are in :data:`PRIVATE_NAMES`, read in
:data:`CHECKED_WITH` (3.12.1 and 3.13.0 read too: the same shape);
``tests/test_regexes.py`` fails when a fresh command serves no pattern from
the table. Switch: ``BRIEFPUB_ENGINE_PATCHES_OFF=regex-table`` (or ``all``).
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from array import array
from collections.abc import Callable
from typing import Any

from briefpub.startup import tablefile
from briefpub.startup.patches import FENCES, switched_on

PATCHES = FENCES["briefpub.startup.regexes"]
"""What this module changes, each switchable by name: its entry in :data:`briefpub.startup.patches.FENCES`."""


ON: dict[str, bool] = switched_on(PATCHES)
"""Which patches are on: set from ``BRIEFPUB_ENGINE_PATCHES_OFF`` when this module is imported."""

CHECKED_WITH = {"python": "3.11.7"}
"""The Python whose ``re`` was read and tested."""

PRIVATE_NAMES = {"regex-table": ("re._compiler.compile", "re._compiler._sre", "_sre.compile", "_sre.MAGIC")}
"""``re``'s compiler (replaced), the C matcher it hands each pattern's code to, and that code's version."""

FILE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),  # briefpub/, not briefpub/startup/
    "__pycache__",
    f"regexes.{sys.implementation.cache_tag}.marshal",
)
"""The table: the only file it is ever read from, in the package's own ``__pycache__``."""
FORMAT = b"briefpub regular expressions 2\n"
"""The table's first bytes (then the magic numbers, the CRC-32 of the rest, then the marshalled dict:
:mod:`briefpub.startup.tablefile`)."""
MAX_FILE = 2_000_000
"""The largest table read (briefpub's is about 50 kB)."""
MAX_ENTRIES = 5_000
"""The most patterns a table holds."""

Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
"""What ``_sre.compile`` takes after the pattern: flags, code (kept as the bytes of an array of
``_sre.CODESIZE``-byte words: a list of numbers is slow to read back), groups, group names both ways."""

COUNTS = {"served": 0, "compiled": 0}
"""How many patterns were served from the table and how many compiled (tests count them)."""

_COMPILER: Any = vars(re)["_compiler"]  # re's own compiler module (no stubs: private)
_SRE: Any = _COMPILER._sre  # the C matcher it hands each pattern's code to
_WORD = next(code for code in "IL" if array(code).itemsize == _SRE.CODESIZE)
_ORIGINAL: Callable[..., Any] = _COMPILER.compile
_table: dict[Any, Any] | None = None
_recording: dict[tuple[str | bytes, int], Entry] | None = None


def install() -> None:
    """Have ``re`` compile through :func:`_compile` (unless switched off)."""
    if ON["regex-table"]:
        _COMPILER.compile = _compile


def _compile(pattern: Any, flags: Any = 0) -> Any:
    """``re._compiler.compile``: a pattern in the table handed to the matcher as recorded."""
    if type(pattern) in (str, bytes) and not flags & re.DEBUG:
        key = (pattern, int(flags))
        if _recording is not None:
            return _record(key)
        table = _table if _table is not None else _load()
        entry = table.get(key)
        if entry is not None:
            compiled = matcher(pattern, entry)
            if compiled is not None:
                COUNTS["served"] += 1
                return compiled
        COUNTS["compiled"] += 1
    return _ORIGINAL(pattern, flags)


def matcher(pattern: str | bytes, packed: Any) -> Any:
    """Return the compiled pattern ``_sre`` makes of a table's entry (an :data:`Entry`, marshalled: read
    when used, as a command uses a few of the table's); None for anything else (a damaged entry)."""
    if type(packed) is not bytes:
        return None
    try:
        flags, code, *rest = marshal.loads(packed)
        return _SRE.compile(pattern, flags, array(_WORD, code).tolist(), *rest)
    except Exception:
        return None


class _Keeping:
    """``re._compiler``'s ``_sre`` while a pattern is recorded: keeps what ``compile`` is handed."""

    def __init__(self) -> None:
        self.entry: Entry | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(_SRE, name)

    def compile(self, pattern: Any, flags: int, code: list[int], *rest: Any) -> Any:
        groups, groupindex, indexgroup = rest
        words = array(_WORD, [int(op) for op in code]).tobytes()
        self.entry = (int(flags), words, int(groups), dict(groupindex), tuple(indexgroup))
        return _SRE.compile(pattern, flags, code, *rest)


def _record(key: tuple[str | bytes, int]) -> Any:
    """Compile ``key``'s pattern as ``re`` does, keeping the matcher's entry unless compiling warned."""
    import warnings

    keeping = _Keeping()
    _COMPILER._sre = keeping
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            compiled = _ORIGINAL(*key)
    finally:
        _COMPILER._sre = _SRE
    for warning in warned:  # said again, as compiling says it; the pattern is left out of the table
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    if not warned and keeping.entry is not None and _recording is not None:
        _recording[key] = keeping.entry
    return compiled


def _load() -> dict[Any, Any]:
    global _table  # noqa: PLW0603 - read once, on the first pattern a process compiles
    _table = read_table(FILE)
    return _table


def header() -> bytes:
    """Return what a table for this Python and this matcher starts with."""
    from importlib.util import MAGIC_NUMBER

    return FORMAT + MAGIC_NUMBER + f"{_SRE.MAGIC} {_SRE.CODESIZE}\n".encode()


def read_table(path: str) -> dict[Any, Any]:
    """Return the table in ``path``, or an empty one: missing, not a regular file, too large, another
    Python's, damaged (:mod:`briefpub.startup.tablefile`: ``_sre`` does not catch every damaged code, so the
    file's CRC must match). Entries are read and checked by ``_sre`` when used (anything refused is
    compiled)."""
    return tablefile.read_mapping(path, header(), MAX_FILE)


def write_table(table: dict[tuple[str | bytes, int], Entry], path: str = FILE) -> None:
    """Write ``table`` to ``path`` whole or not at all (another process may be reading the old one); each
    entry marshalled on its own, read when used."""
    entries = {key: marshal.dumps(entry) for key, entry in table.items()}
    tablefile.write_mapping(path, header(), entries, (MAX_ENTRIES, MAX_FILE))


def recording(table: dict[tuple[str | bytes, int], Entry] | None) -> None:
    """From now on compile each pattern and keep its entry in ``table`` (None: serve again).

    Used by :mod:`briefpub.startup.install`, the install step that writes the table.
    """
    global _recording  # noqa: PLW0603 - the one switch between recording and serving
    _recording = table
