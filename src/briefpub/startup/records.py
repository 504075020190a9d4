"""Code Python compiles from text on every run, compiled once at install: dataclass methods and more.

Python 3.11's :mod:`dataclasses` writes each method of a class (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, and for a frozen class
``__setattr__`` and ``__delattr__``) as source text and compiles it with
``exec(text, globals, namespace)`` in ``dataclasses._create_fn``: about
0.35 ms a frozen class, two thirds of it the compiling, and a deck's path
makes some 60 of briefpub's (~20 ms of a ~175 ms command). The text of a
class's methods is the same on every run, so is the code compiled from it.

**How.** ``dataclasses`` calls ``exec`` by its global name, so an ``exec``
set as a global of the ``dataclasses`` module answers its calls, and only
its calls. :func:`install` (run by ``briefpub/__init__.py``, before any of
briefpub's modules makes a class; when ``dataclasses`` is imported, if it is
not yet) sets :func:`_exec` there. For a class of one of briefpub's modules
it looks the exact text up in the table written at install and runs the
code found with the same globals and namespace; anything else (another
package's class, a text not in the table, no table, a damaged one, one made
by another Python) goes to the builtin ``exec``, which compiles as before.
The functions made are the same (same code, names, constants, line table:
``tests/test_records.py`` compares every class of briefpub's both ways).

**cssselect2's selectors, the same way.** cssselect2 writes each CSS
selector as a Python expression (``lambda el: ...``) and compiles it with
``eval`` in ``CompiledSelector``: WeasyPrint's stylesheets (the browser's
defaults and the newsletter's) hold some 450, 12 ms of every PDF.
:func:`_eval`, set in ``cssselect2.compiler`` as WeasyPrint imports it,
serves them from a second table (:data:`SELECTOR_FILE`, read only by a
command that styles a PDF), recorded as the install step builds a PDF; a
selector not in it (a project's ``custom.css``) is compiled as before.

**typing's forward references, too.** ``typing.ForwardRef`` compiles the
text of each annotation written as a string as it is made (Click's at
import, the kept deck's field types as ``deck/learned.py`` reads them:
some 80 a command); :func:`_compile`, set in ``typing``, serves them from
a third table (:data:`FORWARD_FILE`). Switch ``forward-refs``.

**Made at install, never from a project.** ``python -m briefpub.startup.install``
(run by ``scripts/bootstrap`` after ``compileall``) imports every module of
briefpub and builds a new project while these stand-ins compile and keep
each text, and writes the tables (:func:`write_table`), marshalled, into
the package's ``__pycache__`` (:data:`FILE`, :data:`FORWARD_FILE`,
:data:`SELECTOR_FILE`), as a ``.pyc`` is, atomically. Compiled code is
code: a table is read from its file there only, never from a project or its
``output/.briefpub-cache`` and never from a path a setting names, and
nothing writes it at run time. Its header carries Python's bytecode magic
number and optimisation level (a table from another Python is not read)
and the CRC-32 of the rest (:mod:`briefpub.startup.tablefile`: a damaged table is
not read, as bytecode with one bit flipped may crash Python), it is read
only up to :data:`MAX_FILE` bytes and holds at most :data:`MAX_ENTRIES` texts.

**Fenced.** What this relies on of the standard library is listed in
:data:`PRIVATE_NAMES`, read in :data:`CHECKED_WITH`; Python 3.12 calls
``exec`` the same way and 3.13 once per class, with all its methods in one
text, which is looked up the same way. ``tests/test_records.py`` fails
when a fresh import serves none of briefpub's classes from the table (the
call moved or was renamed: nothing then breaks, the methods are compiled
again); as do the tests of cssselect2's and ``typing``'s calls. Switches:
``BRIEFPUB_ENGINE_PATCHES_OFF=dataclass-methods``, ``selector-code``,
``forward-refs`` (or ``all``), as the engines' patches.

This module has no ``from __future__ import annotations`` on purpose: a
builtin ``exec``, ``eval`` or ``compile`` of a text takes on the calling
module's future features, and the texts it hands on must compile as in
``dataclasses``, ``typing`` and cssselect2 (none of which has any).
"""

import builtins
import os
import sys
from types import CodeType, ModuleType
from typing import Any

from briefpub.startup import tablefile
from briefpub.startup.patches import FENCES, switched_on

PATCHES = FENCES["briefpub.startup.records"]
"""What this module changes, each switchable by name: its entry in :data:`briefpub.startup.patches.FENCES`."""


ON: dict[str, bool] = switched_on(PATCHES)
"""Which patches are on: set from ``BRIEFPUB_ENGINE_PATCHES_OFF`` when this module is imported."""

CHECKED_WITH = {"python": "3.11.7", "cssselect2": "0.10.1"}
"""The Python whose ``dataclasses`` was read and tested (3.12.1 and 3.13.0 read too), and cssselect2."""

PRIVATE_NAMES = {
    "dataclass-methods": ("dataclasses._create_fn",),
    "selector-code": ("cssselect2.compiler.CompiledSelector",),
    "forward-refs": ("typing.ForwardRef",),
}
"""The functions that compile a text by calling ``exec``, ``eval`` or ``compile`` by its global name."""

FILE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),  # briefpub/, not briefpub/startup/
    "__pycache__",
    f"dataclass-methods.{sys.implementation.cache_tag}.marshal",
)
"""The dataclasses' table: the only file it is ever read from, in the package's own ``__pycache__``."""
SELECTOR_FILE = os.path.join(os.path.dirname(FILE), f"selector-code.{sys.implementation.cache_tag}.marshal")
"""cssselect2's table, beside it (read only by a command that styles a PDF)."""
FORWARD_FILE = os.path.join(os.path.dirname(FILE), f"forward-refs.{sys.implementation.cache_tag}.marshal")
"""``typing``'s table, beside it (small: ``briefpub --help`` reads it for Click's, and no other)."""
FORMAT = b"briefpub dataclass methods 2\n"
"""The table's first bytes (then Python's magic number and optimisation level, then the CRC-32 of the
marshalled dict, then the dict: :mod:`briefpub.startup.tablefile`)."""
MAX_FILE = 4_000_000
"""The largest table read (the dataclasses' is about 0.5 MB, the selectors' 0.2)."""
MAX_ENTRIES = 5_000
"""The most texts a table holds (briefpub's classes have about 420 methods, the PDF some 300 selectors)."""

COUNTS = {"served": 0, "compiled": 0}
"""How many of briefpub's dataclass texts were served from the table and how many compiled (tests count)."""
SELECTORS = {"served": 0, "compiled": 0}
"""The same for cssselect2's selectors."""
FORWARD_REFS = {"served": 0, "compiled": 0}
"""The same for ``typing``'s forward references."""

_tables: dict[str, dict[Any, Any]] = {}
"""Each table read so far, by its file."""
_recording: dict[Any, CodeType] | None = None


def install() -> None:
    """Have ``dataclasses`` use :func:`_exec` and cssselect2 :func:`_eval`: now for a module imported
    already, else once it is (each unless switched off)."""
    waiting = []
    for name, (switch, _builtin, _stand_in) in _TARGETS.items():
        module = sys.modules.get(name)
        if not ON[switch]:
            continue
        if module is not None:
            _patch(module)
        else:
            waiting.append(name)
    if waiting and not any(isinstance(finder, _WhenImported) for finder in sys.meta_path):
        sys.meta_path.insert(0, _WhenImported(waiting))


def _patch(module: ModuleType) -> None:
    _switch, builtin, stand_in = _TARGETS[module.__name__]
    setattr(module, builtin, stand_in)


class _WhenImported:
    """A finder that finds nothing itself: it sees a module it waits for found, and patches it once run.

    ``briefpub --help`` imports no dataclass; importing ``dataclasses`` up
    front would cost it a millisecond and a half (and cssselect2 comes with
    WeasyPrint, for the PDF only).
    """

    def __init__(self, names: list[str]) -> None:
        self.names = set(names)

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in self.names:
            return None
        self.names.discard(name)
        if not self.names:
            sys.meta_path.remove(self)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None) if finder is not self else None
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        run = getattr(loader, "exec_module", None)
        if run is None or isinstance(loader, type):  # a class as loader (built-in, frozen): left alone
            return spec

        def exec_module(module: ModuleType) -> None:
            del loader.exec_module  # the loader's own again
            run(module)
            _patch(module)

        loader.exec_module = exec_module
        return spec


def _exec(source: Any, globals: Any = None, locals: Any = None, /, **kwargs: Any) -> None:
    """``exec`` for ``dataclasses``: a text of one of briefpub's classes run from its compiled code."""
    if globals is None:  # the caller's namespace, as the builtin takes it (dataclasses always names one)
        caller = sys._getframe(1)
        globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
    if type(source) is str and not kwargs and _ours(globals):
        if _recording is not None:
            code = _recording[source] = compile(source, "<string>", "exec", dont_inherit=True)
            builtins.exec(code, globals, locals)
            return
        table = _tables.get(FILE)
        found = (table if table is not None else _load(FILE)).get(source)
        if type(found) is CodeType:
            COUNTS["served"] += 1
            builtins.exec(found, globals, locals)
            return
        COUNTS["compiled"] += 1
    builtins.exec(source, globals, locals, **kwargs)


def _eval(source: Any, globals: Any = None, locals: Any = None, /) -> Any:
    """``eval`` for cssselect2: a selector's test (``lambda el: ...``) made from its compiled code.

    WeasyPrint's stylesheets (the browser's defaults and the newsletter's)
    hold some 450 selectors, each written as Python and compiled, ~12 ms of
    every PDF; the table holds those the install step's build compiled.
    """
    if globals is None:  # the caller's namespace, as the builtin takes it (cssselect2 always names one)
        caller = sys._getframe(1)
        globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
    if type(source) is str:
        key = ("eval", source)
        if _recording is not None:  # eval strips leading spaces and tabs; compile does not
            code = _recording[key] = compile(source.lstrip(" \t"), "<string>", "eval", dont_inherit=True)
            return builtins.eval(code, globals, locals)
        table = _tables.get(SELECTOR_FILE)
        found = (table if table is not None else _load(SELECTOR_FILE)).get(source)
        if type(found) is CodeType:
            SELECTORS["served"] += 1
            return builtins.eval(found, globals, locals)
        SELECTORS["compiled"] += 1
    return builtins.eval(source, globals, locals)


def _compile(source: Any, filename: Any, mode: Any, *args: Any, **kwargs: Any) -> Any:
    """``compile`` for ``typing``: a forward reference's expression (``"Context"``, ``"Path | None"``) as
    compiled at install.

    ``typing.ForwardRef`` compiles the text of each annotation written as a
    string when it is made: some 80 a command (Click's at import, the kept
    deck's field types as ``deck/learned.py`` reads them), ~1 ms.
    """
    if type(source) is str and filename == "<string>" and mode == "eval" and not args and not kwargs:
        key = ("compile", source)
        if _recording is not None:
            code = _recording[key] = builtins.compile(source, filename, mode, dont_inherit=True)
            return code
        table = _tables.get(FORWARD_FILE)
        found = (table if table is not None else _load(FORWARD_FILE)).get(source)
        if type(found) is CodeType:
            FORWARD_REFS["served"] += 1
            return found
        FORWARD_REFS["compiled"] += 1
    return builtins.compile(source, filename, mode, *args, **kwargs)


_TARGETS = {
    "dataclasses": ("dataclass-methods", "exec", _exec),
    "cssselect2.compiler": ("selector-code", "eval", _eval),
    "typing": ("forward-refs", "compile", _compile),
}
"""Each module patched: its switch, the builtin it calls by its global name, and the stand-in."""


def _ours(globals: Any) -> bool:
    """Whether ``globals`` are a module of briefpub's (``dataclasses`` passes the class's module's)."""
    return type(globals) is dict and str(globals.get("__name__", "")).startswith("briefpub.")


def _load(path: str) -> dict[Any, Any]:
    """Read the table in ``path`` once, on the first text a process asks of it."""
    table = _tables[path] = read_table(path)
    return table


def header() -> bytes:
    """Return what a table made by this Python, at this optimisation level, starts with."""
    from importlib.util import MAGIC_NUMBER

    return FORMAT + MAGIC_NUMBER + bytes([min(sys.flags.optimize, 255)])


def read_table(path: str) -> dict[Any, Any]:
    """Return the table in ``path``, or an empty one: missing, not a regular file, too large, another
    Python's, damaged (:mod:`briefpub.startup.tablefile`). Values are checked as they are used
    (only code objects are run)."""
    return tablefile.read_mapping(path, header(), MAX_FILE)


def write_table(table: dict[Any, CodeType], path: str = FILE) -> None:
    """Write ``table`` to ``path`` whole or not at all (another process may be reading the old one)."""
    tablefile.write_mapping(path, header(), table, (MAX_ENTRIES, MAX_FILE))


def recording(table: dict[Any, CodeType] | None) -> None:
    """From now on compile each text of briefpub's classes and keep it in ``table`` (None: serve again).

    Used by :mod:`briefpub.startup.install`, the install step that writes the table.
    """
    global _recording  # noqa: PLW0603 - the one switch between recording and serving
    _recording = table
