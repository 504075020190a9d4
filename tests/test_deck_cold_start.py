"""What a cold deck does not import: each module a deck without a chart or picture never uses stays out.

bench/deck.py measures a cold ``briefpub slides`` against pandoc; these tests
keep its wins by counting, not timing: the modules a fresh process holds once
the deck is written (a stand-in of :mod:`briefpub.startup.deferred` is not the module).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MODULES_AT_EXIT = (
    "import atexit, sys\n"
    "def said():\n"
    "    from briefpub.startup.deferred import Deferred\n"
    "    real = [n for n, m in sys.modules.items() if not isinstance(m, Deferred)]\n"
    "    sys.__stderr__.write('MODULES ' + ' '.join(sorted(real)) + '\\n')\n"
    "atexit.register(said)\n"
    "sys.argv = ['briefpub', 'slides', 'source/weekly.txt']\n"
    "from briefpub.cli import main\n"
    "main()\n"
)

BRIEFING = (  # plain text, as the reference briefing: inline markup imports markdown-it (and logging)
    "Weekly brief\n\n- One key point.\n- Another one.\n\nWhat changed this week?\n\n"
    "Answer: A dispute over transit fees closed the pipeline.\n\n"
    "Body text with a list:\n\n- first\n- second\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n"
    "Why does it matter?\n\nAnswer: Prices.\n\nThey rose.\n"
)

UNNEEDED = {
    "numpy": "paints layouts: kept in the project's cache after the first run",
    "xlsxwriter": "charts only",
    "pptx.oxml.chart.axis": "charts only (python-pptx's chart element classes, stood in for)",
    "pptx.parts.chart": "charts only (python-pptx's chart part, stood in for)",
    "pptx.chart.chart": "charts only (python-pptx's chart proxies)",
    "pptx.enum.chart": "charts only (python-pptx's chart enums)",
    "pptx.enum.lang": "python-pptx's Font.language_id only (briefpub sets a run's language as XML)",
    "pptx.enum.dml": "python-pptx's colour, fill and line objects only (briefpub writes them as XML)",
    "pptx.enum.action": "python-pptx's click actions only",
    "pptx.shapes.freeform": "python-pptx's build_freeform only",
    "pptx.text.fonts": "python-pptx's fit_text only (briefpub fits text itself)",
    "pptx.text.layout": "python-pptx's fit_text only",
    "bz2": "zip members compressed with bzip2 only (zipfile and shutil import it)",
    "lzma": "zip members compressed with LZMA only (zipfile and shutil import it)",
    "textwrap": "python-pptx's enumerations' documentation pages only",
    "PIL.Image": "pictures only (python-pptx reads a picture's size with it)",
    "PIL.ImageFont": "python-pptx's fit_text only",
    "cairosvg": "SVG figures only",
    "yaml": "front matter only",
    "logging": "WeasyPrint's log is watched only where WeasyPrint is imported",
    "http.client": "python-pptx's saxutils import only",
    "email": "python-pptx's saxutils import only",
    "fontTools": "the packaged master's Calibri is measured from shipped widths",
    "weasyprint": "the PDF only",
    "jinja2": "the newsletter only",
    "multiprocessing": "build's batches only",
    "briefpub.reader.charts": "the reader's chart data only (and csv with it)",
    "csv": "the reader's chart data only",
    "briefpub.reader.figures": "the reader's figures only",
    "briefpub.fetches": "figures, templates and the newsletter only",
    "briefpub.reader.frontmatter": "front matter only",
    "briefpub.reader.linear": "inline markup only (with markdown-it)",
    "tomllib": "a project's briefpub.toml only (this project has none)",
    "briefpub.tomllines": "a project's briefpub.toml only",
    "shlex": "init's advice only",
    "briefpub.deck.package": "cleaning a master: the packaged one was cleaned at install",
    "uuid": "nothing: the slide numbers' field ids are worked out without it (it imports platform)",
    "platform": "nothing (the standard library's uuid imports it)",
    "tempfile": "outputs and cache entries are staged by briefpub.temporary (random, 1.5 ms)",
    "importlib.abc": "the chart stand-in is a finder by its methods (importlib.resources, tempfile: 4 ms)",
}


@pytest.fixture(scope="module", autouse=True)
def _installed() -> None:
    """What install works out of the packaged master, for this code (a deck on it cleans nothing)."""
    subprocess.run([sys.executable, "-m", "briefpub.deck.shipped"], check=True, timeout=300)


def _modules(project: Path, env: dict[str, str] | None = None) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", MODULES_AT_EXIT],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return set(out.stderr.split("MODULES ", 1)[1].split())


def test_a_deck_without_charts_or_pictures_imports_none_of_what_it_does_not_use(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    assert "pptx" in _modules(tmp_path)  # the first run keeps what it learns (test_learned.py)
    kept = _modules(tmp_path)
    assert {name: why for name, why in UNNEEDED.items() if name in kept} == {}


def test_a_deck_without_a_table_does_not_import_the_table_planner(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    plain = BRIEFING.split("| a | b |", maxsplit=1)[0] + "Why does it matter?\n\nAnswer: Prices.\n"
    (tmp_path / "source" / "weekly.txt").write_text(plain, encoding="utf-8")
    assert "briefpub.deck.tables" not in _modules(tmp_path)
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    assert "briefpub.deck.tables" in _modules(tmp_path)  # the same run with a table imports it


def test_the_switch_imports_what_python_pptx_imports(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": "pptx-deferred-imports"}
    assert {"PIL.Image", "PIL.ImageFont", "http.client", "lzma"} <= _modules(tmp_path, env)


COLLECTOR_AT_EXIT = (
    "import atexit, gc, sys\n"
    "atexit.register(lambda: sys.__stderr__.write(f'GC {gc.isenabled()} {gc.get_freeze_count() > 0}\\n'))\n"
    "sys.argv = ['briefpub', *sys.argv[1:]]\n"
    "from briefpub.cli import main\n"
    "main()\n"
)


def _collector(project: Path, *command: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", COLLECTOR_AT_EXIT, *command],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return out.stderr.split("GC ", 1)[1].split()


def test_the_collector_starts_once_the_engines_are_frozen_and_for_a_batch(tmp_path: Path) -> None:
    """The command line starts with the collector off; every command that renders or runs on turns it on.

    (``watch`` and ``serve`` turn it on as they start watching: see the next test.)
    """
    (tmp_path / "source").mkdir()
    for name in ("a", "b"):
        (tmp_path / "source" / f"{name}.txt").write_text(BRIEFING, encoding="utf-8")
    assert _collector(tmp_path, "build", "-j2", "--only", "slides")[0] == "True"  # its workers render
    assert _collector(tmp_path, "slides", "source/a.txt") == ["True", "True"]
    assert _collector(tmp_path, "parse", "source/a.txt") == ["False", "False"]  # a moment, then exit


def test_watching_turns_the_collector_on(tmp_path: Path) -> None:
    import gc
    import threading

    from briefpub.project import Project
    from briefpub.publish.watch import watch

    (tmp_path / "source").mkdir()
    stop = threading.Event()
    stop.set()
    was = gc.isenabled()
    gc.disable()
    try:
        watch(Project.here(tmp_path), lambda: None, ("slides",), stop=stop)
        assert gc.isenabled()
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()
