"""Importing WeasyPrint without the ``find_library`` detour, which costs a cold ``pdf`` a third of a second.

WeasyPrint opens Pango and its companions through cffi with a list of names
for every platform (``libgobject-2.0-0``, ``gobject-2.0``, ...). cffi passes
each name it cannot open directly to :func:`ctypes.util.find_library`, which
on Linux runs ``ldconfig -p`` and, failing that, ``gcc`` and ``ld``: some
eighty processes before the first page is laid out. The dynamic linker can
answer the same question at once: ``libNAME.so.N`` is found through its cache.

So while WeasyPrint is imported, ``find_library`` is answered by trying the
usual sonames with ``dlopen``; should the import fail that way, it is done
again the normal way. Upstream, WeasyPrint could try its ELF sonames
(``libpango-1.0.so.0``) first on Linux, or cffi could try ``dlopen`` of
``libNAME.so*`` before ``find_library``; either would make this unneeded.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib
import sys
from collections.abc import Callable
from types import ModuleType

_SONAME_VERSIONS = ("0", "1", "2")


def by_soname(name: str) -> str | None:
    """Return the soname under which the dynamic linker finds library ``name``, else None.

    ``gobject-2.0`` → ``libgobject-2.0.so.0``; a name no soname fits (Windows
    and macOS spellings) is None at once, as ``find_library`` would answer slowly.
    """
    stem = name if name.startswith("lib") else f"lib{name}"
    for candidate in (*(f"{stem}.so.{v}" for v in _SONAME_VERSIONS), f"{stem}.so"):
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return candidate
    return None


def import_weasyprint() -> ModuleType:
    """Return the ``weasyprint`` module, imported with :func:`by_soname` answering library lookups."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    real = ctypes.util.find_library
    try:
        return _import_with(by_soname)
    except OSError:  # a system where sonames differ: the normal, slower way
        for module in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[module]
        return _import_with(real)
    finally:
        ctypes.util.find_library = real


def _import_with(find_library: Callable[[str], str | None]) -> ModuleType:
    ctypes.util.find_library = find_library  # type: ignore[assignment]
    return importlib.import_module("weasyprint")
