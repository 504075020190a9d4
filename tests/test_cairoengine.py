"""CairoSVG's import for a first SVG drawing: cffi's tables made at install, cairo found by its soname.

Each test runs in a fresh process (cairocffi is imported once per process),
with the tables written to a folder of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import hostile
from briefpub import cairoengine
from briefpub.startup import tablefile
from privatenames import exists

CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="380" height="170" viewBox="0 0 380 170">'
    '<rect width="380" height="170" fill="#f4f4f4"/>'
    + "".join(
        f'<rect x="{10 + i * 6}" y="{150 - (i * 37) % 120}" width="4" height="{(i * 37) % 120}"/>'
        for i in range(60)
    )
    + '<text x="10" y="165" font-size="10" font-family="sans-serif">2014 – 2024, ünïcode</text></svg>'
)
GRADIENT = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
    '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/><stop offset="1" stop-color="blue"'
    ' stop-opacity="0.3"/></linearGradient></defs>'
    '<circle cx="50" cy="50" r="40" fill="url(#g)" stroke="black" stroke-dasharray="4 2"/>'
    '<path d="M100 10 Q150 90 190 10" fill="none" stroke="green" stroke-width="3" opacity="0.5"/></svg>'
)

PROBE = textwrap.dedent(
    """
    import ctypes.util, hashlib, json, sys
    from pathlib import Path
    from briefpub import cairoengine
    from briefpub.startup import tablefile

    cairoengine.ENTRY = Path(sys.argv[1])
    lookups = []
    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: lookups.append(name) or real(name)
    cairosvg = cairoengine.import_cairosvg()
    svgs = json.loads(sys.argv[2])  # the last embeds a PNG
    pngs = [cairosvg.svg2png(bytestring=svg.encode(), output_width=w) for svg, w in zip(svgs, (760, 333))]
    unused = sorted(m for m in ("http.client", "email.parser", "ssl", "PIL._imaging") if m in sys.modules)
    pngs.append(cairosvg.svg2png(bytestring=svgs[-1].encode(), output_width=200))
    report = {
        "parsed": sorted(m for m in ("pycparser", "cffi.cparser", "cffi.api") if m in sys.modules),
        "lookups": lookups,
        "ahead": type(sys.modules["cairocffi"].ffi).__module__ == "_cffi_backend",
        "unused": unused,
        "pngs": [hashlib.sha256(png).hexdigest() for png in pngs],
    }
    if len(sys.argv) > 3:
        import cairocffi, cairocffi.pixbuf

        def shape(t, seen=frozenset()):  # a C type as the memory and calls it means, not its spelling
            if t.kind in ("struct", "union"):
                try:
                    size = ffi.sizeof(t)  # completes a struct out-of-line mode lays out lazily
                except Exception:
                    return [t.kind, "opaque"]
            if t.kind in ("primitive", "void"):
                return t.cname
            if t.kind in ("pointer", "array"):
                return [t.kind, getattr(t, "length", None), shape(t.item, seen)]
            if t.kind == "function":
                return [t.kind, [shape(a, seen) for a in t.args], shape(t.result, seen), t.ellipsis]
            if t.kind == "enum":
                return [t.kind, sorted(t.elements.items())]
            if t.cname in seen:
                return [t.kind, size]
            return [t.kind, size, [[n, f.offset, shape(f.type, seen | {t.cname})] for n, f in t.fields]]

        def declared(of, lib):
            global ffi
            ffi = of
            typedefs, structs, unions = ffi.list_types()
            found = {name: shape(ffi.typeof(name)) for name in typedefs}
            found.update({f"struct {n}": shape(ffi.typeof(f"struct {n}")) for n in structs})
            for name in dir(lib):
                try:
                    value = getattr(lib, name)
                except Exception:  # declared, not in this libcairo (the class differs: see cairoengine)
                    found[name] = "missing"
                    continue
                found[name] = value if isinstance(value, int) else shape(ffi.typeof(value))
            return found

        report["declared"] = declared(cairocffi.ffi, cairocffi.cairo)
        report["pixbuf"] = declared(cairocffi.pixbuf.ffi, cairocffi.pixbuf.gdk_pixbuf)
    print(json.dumps(report))
    """
)


def _probe(entry: Path, *, off: str = "", declarations: bool = False) -> dict[str, Any]:
    """Import CairoSVG as a drawing does, in a fresh process; return what it parsed, looked up and drew."""
    env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
    svgs = json.dumps([CHART, GRADIENT, hostile.embedded_copies(3, 3)])
    args = [sys.executable, "-c", PROBE, str(entry), svgs, *(["declarations"] if declarations else [])]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.fixture(scope="module")
def entry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tables as install writes them (``python -m briefpub.cairoengine``), into a folder of the tests'."""
    path = tmp_path_factory.mktemp("cairo") / "cairocffi-ffi.tables"
    script = (
        "from pathlib import Path\nfrom briefpub import cairoengine\n"
        f"cairoengine.ENTRY = Path({str(path)!r})\ncairoengine.main()"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    return path


def test_every_private_name_relied_on_is_still_there_in_the_versions_checked() -> None:
    missing = [name for names in cairoengine.PRIVATE_NAMES.values() for name in names if not exists(name)]
    assert missing == [], f"cairocffi no longer has {missing}: mend briefpub/cairoengine.py"
    installed = {name: metadata.version(name) for name in cairoengine.CHECKED_WITH}
    assert installed == cairoengine.CHECKED_WITH, (
        f"{installed}, checked with {cairoengine.CHECKED_WITH}: read briefpub/cairoengine.py against "
        "the new versions, run this file's tests, then update CHECKED_WITH"
    )


def test_a_first_drawing_parses_no_declarations_and_runs_no_library_lookup(entry: Path) -> None:
    quick = _probe(entry)
    assert quick["ahead"]
    assert quick["parsed"] == []
    assert quick["lookups"] == []
    usual = _probe(entry, off="cairo-ffi-ahead,cairo-library-lookup")
    assert not usual["ahead"]
    assert usual["parsed"] == ["cffi.api", "cffi.cparser", "pycparser"]
    assert usual["lookups"] == ["cairo-2", "cairo", "libcairo-2"]
    assert quick["pngs"] == usual["pngs"]


def test_a_drawing_without_embedded_images_imports_neither_the_web_client_nor_pillow(entry: Path) -> None:
    """CairoSVG's ``url`` and ``image`` modules import them; stood in for, they load on first use only."""
    assert _probe(entry)["unused"] == []
    usual = _probe(entry, off="cairo-deferred-imports")
    assert usual["unused"] == ["PIL._imaging", "email.parser", "http.client", "ssl"]
    assert usual["pngs"] == _probe(entry)["pngs"]  # the embedded PNG still drawn: Pillow loaded when used


def test_the_tables_declare_what_cairocffi_declares(entry: Path) -> None:
    quick = _probe(entry, declarations=True)
    usual = _probe(entry, off="all", declarations=True)
    assert quick["ahead"]
    assert not usual["ahead"]
    assert len(usual["declared"]) > 500
    assert len(usual["pixbuf"]) > 20
    assert quick["declared"] == usual["declared"]
    # cairo's one #define is not answered through gdk-pixbuf's library out of line (nothing asks it there)
    unanswered = set(usual["pixbuf"]) - set(quick["pixbuf"])
    assert unanswered == {"CAIRO_PDF_OUTLINE_ROOT"}
    assert {k: v for k, v in usual["pixbuf"].items() if k not in unanswered} == quick["pixbuf"]


@pytest.mark.parametrize(
    "damage", ["other sources", "truncated", "not tables", "a bit flipped", "missing", "too large"]
)
def test_an_entry_that_does_not_fit_is_not_used(entry: Path, tmp_path: Path, damage: str) -> None:
    path = tmp_path / "cairocffi-ffi.tables"
    sealed = entry.read_bytes()
    text = sealed[len(cairoengine.FORMAT) + tablefile.CHECK :].decode()
    written = json.loads(text)

    def seal(value: Any) -> bytes:
        return tablefile.seal(cairoengine.FORMAT, json.dumps(value).encode())

    if damage == "other sources":
        path.write_bytes(seal({**written, "key": "0" * 64}))
    elif damage == "truncated":
        path.write_bytes(sealed[: len(sealed) // 2])
    elif damage == "not tables":
        written["ffi"]["_types"] = {"a": 1.5}
        path.write_bytes(seal(written))
    elif damage == "a bit flipped":  # _cffi_backend crashed on it (SIGSEGV) with the CRC not checked
        types = written["ffi"]["_types"]
        written["ffi"]["_types"] = types[:3996] + chr(ord(types[3996]) ^ 1) + types[3997:]
        path.write_bytes(sealed[: len(sealed) - len(text)] + json.dumps(written).encode())
    elif damage == "too large":
        path.write_bytes(sealed + b" " * cairoengine.MAX_ENTRY)
    report = _probe(path)
    assert not report["ahead"]
    assert "pycparser" in report["parsed"]
    assert report["lookups"] == []  # the soname lookup does not depend on the tables
    assert report["pngs"] == _probe(entry)["pngs"]


def test_install_writes_the_tables() -> None:
    bootstrap = (Path(__file__).parent.parent / "scripts" / "bootstrap").read_text(encoding="utf-8")
    assert "-m briefpub.cairoengine" in bootstrap


FIRST_DECK = textwrap.dedent(
    """
    import atexit, sys
    from pathlib import Path
    from briefpub import cairoengine
    from briefpub.startup import tablefile
    from briefpub.startup.deferred import Deferred

    cairoengine.ENTRY = Path(sys.argv[1])

    def said():
        real = [n for n, m in sys.modules.items() if not isinstance(m, Deferred)]
        sys.__stderr__.write("MODULES " + " ".join(sorted(real)) + "\\n")

    atexit.register(said)
    sys.argv = ["briefpub", "slides", "source/weekly.txt"]
    from briefpub.cli import main

    main()
    """
)


def test_a_first_deck_with_an_svg_figure_parses_no_declarations_and_imports_no_web_client(
    entry: Path, tmp_path: Path
) -> None:
    """The deck's own stand-ins (python-pptx's fence) and CairoSVG's are one: the web client stays out."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "chart.svg").write_text(CHART, encoding="utf-8")
    text = "Weekly brief\n\n- One point.\n\nWhat changed?\n\nAnswer: Fees.\n\n![Output by year](chart.svg)\n"
    (tmp_path / "source" / "weekly.txt").write_text(text, encoding="utf-8")
    args = [sys.executable, "-c", FIRST_DECK, str(entry)]
    done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, check=True)
    modules = set(done.stderr.split("MODULES ", 1)[1].split())
    assert "cairosvg" in modules  # the figure was drawn, not taken from a cache
    assert {"pycparser", "cffi.cparser", "http.client", "email.parser", "PIL._imaging"} & modules == set()
