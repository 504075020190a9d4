"""WeasyPrint imported without find_library's processes, and the normal way where that fails."""

from __future__ import annotations

import subprocess
import sys

from briefpub.engines import by_soname


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def test_library_names_are_answered_by_soname() -> None:
    assert by_soname("pango-1.0") == "libpango-1.0.so.0"
    assert by_soname("fontconfig") == "libfontconfig.so.1"
    assert by_soname("libgobject-2.0-0") is None  # the Windows spelling: no, at once
    assert by_soname("no-such-library") is None


def test_importing_the_pdf_renderer_never_asks_find_library() -> None:
    asked = run_python(
        "import ctypes.util\n"
        "asked = []\n"
        "real = ctypes.util.find_library\n"
        "ctypes.util.find_library = lambda name: asked.append(name) or real(name)\n"
        "import briefpub.pdf\n"
        "assert ctypes.util.find_library.__name__ == '<lambda>'  # put back as it was\n"
        "print(len(asked))\n"
    )
    assert asked == "0"


def test_where_the_quick_import_fails_the_normal_way_is_taken() -> None:
    result = run_python(
        "import ctypes.util\n"
        "import briefpub.engines as engines\n"
        "real = ctypes.util.find_library\n"
        "attempts = []\n"
        "quick = engines._import_with\n"
        "def failing_once(find):\n"
        "    attempts.append(find is real)\n"
        "    if len(attempts) == 1:\n"
        "        ctypes.util.find_library = find\n"
        "        import weasyprint.urls  # half imported, as a failing import leaves it\n"
        "        raise OSError('no library under that soname')\n"
        "    return quick(find)\n"
        "engines._import_with = failing_once\n"
        "module = engines.import_weasyprint()\n"
        "print(module.__name__, attempts, ctypes.util.find_library is real)\n"
    )
    assert result == "weasyprint [False, True] True"
