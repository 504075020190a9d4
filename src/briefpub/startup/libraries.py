"""A shared library found by its soname, as the dynamic linker finds it, instead of by ``find_library``.

Engines that open C libraries through cffi (WeasyPrint's Pango, cairocffi's
cairo) ask :func:`ctypes.util.find_library` for several spellings of each
name; on Linux it runs ``ldconfig -p`` and, failing that, ``gcc`` and ``ld``,
a process or three per name. The engines' fences
(:mod:`briefpub.newsletter.engines`, :mod:`briefpub.cairoengine`) answer with
:func:`by_soname` while the engine is imported, and import it again the usual
way should that fail.
"""

from __future__ import annotations

import ctypes

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
