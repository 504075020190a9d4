"""CairoSVG and cairocffi, imported for an SVG drawn as PNG without the work each import repeated.

A deck or e-mail whose SVG figure is new draws it with CairoSVG (the deck
keeps the drawing in the project's cache afterwards). Importing CairoSVG was
most of that first drawing's cost (~0.17 s of CPU against ~0.1 s for the
drawing), and most of the import was the same work on every run:

**cffi's declarations, read at install.** cairocffi declares cairo's C API
to cffi in "in-line ABI" mode: on every import ``ffi.cdef`` parses some
2,000 lines of C declarations with pycparser (~75 ms, and ~30 ms more to
import cffi's parser and pycparser). cffi's "out-of-line ABI" mode parses
once and keeps the result as tables that ``_cffi_backend.FFI`` takes as they
are; cairocffi does not ship them. ``python -m briefpub.cairoengine``, run by
``scripts/bootstrap`` beside ``compileall``, has cffi make those tables from
cairocffi's own two FFI objects (``ffi`` and ``ffi_pixbuf`` of
``cairocffi/ffi.py``, parsed the usual way) and writes them as JSON (bytes,
numbers and lists: data, no code; sealed with its CRC-32, as cffi does not
check what it is given) to :data:`ENTRY` in the package's ``__pycache__``,
keyed by the SHA-256 of cairocffi's ``ffi.py`` and ``constants.py`` and by
cffi's version. :func:`import_cairosvg` builds the two
FFI objects from the entry and puts them in place of ``cairocffi.ffi``
before cairocffi is imported: the same declarations (a test compares every
type and function both ways, and the PNGs byte for byte). No entry, an entry
for other sources or another cffi, an unreadable one, or ``xcffib`` installed
(whose declarations ``ffi.py`` would add): cairocffi is imported as it is.
One difference, where nothing of cairocffi's or CairoSVG's looks: a function
declared but missing from the system's cairo (``cairo_get_hairline`` before
cairo 1.18) raises ``ffi.error`` where it raised ``AttributeError``; neither
is caught on the way to a PNG.
Upstream, cairocffi could ship its out-of-line module, as it did before 1.0.

**cairo found by its soname.** cairocffi asks ``ctypes.util.find_library``
for ``cairo-2``, ``cairo`` and ``libcairo-2``, ``ldconfig`` run for each
(~25 ms of CPU): :func:`briefpub.startup.libraries.by_soname` answers instead while
cairocffi is imported (as WeasyPrint's fence does), and should cairocffi fail
to open cairo that way it is imported again the usual way.

**Modules a drawing does not use, deferred.** CairoSVG imports the
standard library's web client (``urllib.request``, with ``http.client``,
``email`` and ``ssl``) for the fetches briefpub never lets it make, and
Pillow's ``Image`` and ``ImageOps`` for raster images embedded in an SVG:
each is stood in for (:mod:`briefpub.startup.deferred`, as python-pptx's fence does)
until one of its names is used, ~15 ms of a first drawing. Upstream,
``cairosvg.url`` and ``cairosvg.image`` could import them where they use them.

Each is switchable by name with ``BRIEFPUB_ENGINE_PATCHES_OFF`` (see
:data:`PATCHES`, or ``all``), as the other engines' patches are.
"""

from __future__ import annotations

import ast
import contextlib
import ctypes.util
import hashlib
import importlib
import importlib.util
import io
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from briefpub.startup import tablefile
from briefpub.startup.deferred import defer
from briefpub.startup.libraries import by_soname
from briefpub.startup.patches import FENCES, switched_on

PATCHES = FENCES["briefpub.cairoengine"]
"""What this module changes, each switchable by name: its entry in :data:`briefpub.startup.patches.FENCES`."""


ON: dict[str, bool] = switched_on(PATCHES)
"""Which patches are on: set from ``BRIEFPUB_ENGINE_PATCHES_OFF`` when this module is imported."""

CHECKED_WITH = {"cairocffi": "1.7.1", "CairoSVG": "2.9.1", "cffi": "2.1.1"}
"""The versions whose names below were read and tested."""

PRIVATE_NAMES = {
    "cairo-ffi-ahead": ("cairocffi.ffi.ffi", "cairocffi.ffi.ffi_pixbuf"),
    "cairo-library-lookup": ("cairocffi.find_library",),
}
"""Per patch, the names of cairocffi it relies on that are not its documented API."""

DEFERRED = {"urllib.request": ("Request", "urlopen"), "PIL.Image": (), "PIL.ImageOps": ()}
"""Modules CairoSVG imports and a drawing rarely uses, with the names ``from ... import`` takes of each."""

ENTRY: Path = Path(__file__).parent / "__pycache__" / "cairocffi-ffi.tables"
"""Where install keeps cairocffi's declarations as cffi's tables (written only by ``main``)."""
MAX_ENTRY = 1_000_000
"""The largest entry read (cairocffi 1.7.1's is about 90 kB)."""
FORMAT = b"briefpub cairocffi tables 1\n"
"""The entry's first bytes, then the CRC-32 of its JSON (:mod:`briefpub.startup.tablefile`), then the JSON.
``_cffi_backend`` does not check the tables it is given: one bit flipped in them crashed it (tried)."""
_MODULES = ("cairocffi", "cairosvg")
"""The packages imported again the usual way when the quicker way fails."""


def import_cairosvg() -> ModuleType:
    """Return the ``cairosvg`` module, cairocffi imported first with its tables and cairo's soname."""
    if "cairosvg" in sys.modules:
        return sys.modules["cairosvg"]
    if ON["cairo-deferred-imports"]:
        importlib.import_module("urllib")  # the packages (small): the stand-ins become their attributes
        importlib.import_module("PIL")
        for name, names in DEFERRED.items():
            defer(name, *names)
    real = ctypes.util.find_library
    try:
        if "cairocffi" not in sys.modules:
            _import_cairocffi(by_soname if ON["cairo-library-lookup"] else real)
    except Exception:  # anything the quicker way trips on: the usual way, which reports its own errors
        _forget_imports()
    finally:
        ctypes.util.find_library = real
        if "cairocffi" in sys.modules:
            sys.modules["cairocffi"].__dict__["find_library"] = real  # its other libraries: the usual way
    return importlib.import_module("cairosvg")


def _import_cairocffi(find_library: Callable[[str], str | None]) -> None:
    ctypes.util.find_library = find_library  # type: ignore[assignment]
    stand_in = _ffi_ahead() if ON["cairo-ffi-ahead"] else None
    if stand_in is not None:
        sys.modules["cairocffi.ffi"] = stand_in
    importlib.import_module("cairocffi")


def _forget_imports() -> None:
    for name in [m for m in sys.modules if m.split(".")[0] in _MODULES]:
        del sys.modules[name]


def _ffi_ahead() -> ModuleType | None:
    """Return a stand-in for ``cairocffi.ffi`` made from :data:`ENTRY`, None without a fitting entry."""
    key = _key()
    if key is None:
        return None
    try:
        data = tablefile.read(ENTRY, FORMAT, MAX_ENTRY)
        entry = json.loads(bytes(data)) if data is not None else None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        return _stand_in(entry)
    except (OSError, ValueError, TypeError, KeyError):  # unreadable, damaged or not cffi's tables
        return None


def _stand_in(entry: dict[str, Any]) -> ModuleType:
    import _cffi_backend  # type: ignore[import-untyped]  # cffi's C half: no parser

    tables, pixbuf = (_decode(entry[name]) for name in ("ffi", "ffi_pixbuf"))
    module = ModuleType("cairocffi.ffi", "cairocffi's FFI objects, made from the tables install wrote.")
    ffi = _cffi_backend.FFI(str(entry["module"]), **tables)
    pixbuf = _cffi_backend.FFI(str(entry["pixbuf_module"]), _includes=(ffi,), **pixbuf)
    module.__dict__.update(ffi=ffi, ffi_pixbuf=pixbuf)
    return module


def _key() -> str | None:
    """Return what the tables depend on: cairocffi's two declaring modules and cffi's version.

    None where the tables cannot stand in: cairocffi not found, or ``xcffib``
    installed (``ffi.py`` would then declare cairo's XCB functions too).
    """
    spec = importlib.util.find_spec("cairocffi")
    if spec is None or not spec.submodule_search_locations or importlib.util.find_spec("xcffib"):
        return None
    import _cffi_backend

    folder = Path(spec.submodule_search_locations[0])
    digest = hashlib.sha256(str(_cffi_backend.__version__).encode())
    try:
        for name in ("ffi.py", "constants.py"):
            digest.update(b"\0" + (folder / name).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _decode(value: Any) -> Any:
    """Return the tables as cffi takes them: JSON's lists as tuples, its strings as bytes (Latin-1)."""
    if isinstance(value, str):
        return value.encode("latin-1")
    if isinstance(value, list):
        return tuple(_decode(item) for item in value)
    if isinstance(value, dict):
        return {name: _decode(item) for name, item in value.items()}
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"not a table: {value!r}")


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {name: _encode(item) for name, item in value.items()}
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"cffi's tables hold {value!r}: this module only keeps bytes, numbers and tuples")


def _tables(ffi: Any, module: str) -> dict[str, Any]:
    """Return the keyword arguments cffi's out-of-line module for ``ffi`` passes ``_cffi_backend.FFI``.

    cffi writes them as Python source (``emit_python_code``); they are literals
    but for ``_includes``, which the caller passes itself.
    """
    ffi.set_source(module, None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{module}.py"
        with contextlib.redirect_stdout(io.StringIO()):  # cffi says "generating ..."
            ffi.emit_python_code(str(path))
        tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and node.keywords]
    (call,) = calls
    return {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords if kw.arg and kw.arg != "_includes"}


def make_entry() -> dict[str, Any]:
    """Return the entry for the installed cairocffi: its two FFI objects' tables, and the key."""
    key = _key()
    if key is None:
        raise SystemExit("cairocffi not found, or xcffib installed: nothing to write")
    declared = importlib.import_module("cairocffi.ffi")  # parsed the usual way

    entry = {"key": key, "module": "_cairocffi_ffi", "pixbuf_module": "_cairocffi_pixbuf"}
    entry["ffi"] = _encode(_tables(declared.ffi, entry["module"]))
    entry["ffi_pixbuf"] = _encode(_tables(declared.ffi_pixbuf, entry["pixbuf_module"]))
    return entry


def main() -> None:
    """Write :data:`ENTRY` for the installed cairocffi (``scripts/bootstrap`` runs this at install)."""
    text = json.dumps(make_entry(), separators=(",", ":"))
    tablefile.write(ENTRY, tablefile.seal(FORMAT, text.encode()), MAX_ENTRY)


if __name__ == "__main__":
    main()
