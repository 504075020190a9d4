"""What a cold web edition does not do: import the process pool or the PDF and deck engines, or write
anything outside the project (bench/web.py measures the time; these tests keep the wins)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODULES_AT_EXIT = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.__stderr__.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
    "sys.argv = ['briefpub', 'html', sys.argv[1], '-o', sys.argv[2]]\n"
    "from briefpub.cli import main\n"
    "main()\n"
)


def test_the_web_edition_imports_no_engine_and_no_process_pool(tmp_path: Path) -> None:
    source = ROOT / "source" / "red-sea-shipping.txt"
    out = subprocess.run(
        [sys.executable, "-c", MODULES_AT_EXIT, str(source), str(tmp_path / "page.html")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    modules = set(out.stderr.split("MODULES ", 1)[1].split())
    unneeded = {"multiprocessing", "concurrent.futures.process", "weasyprint", "pptx", "matplotlib", "numpy"}
    assert modules & unneeded == set()


def test_a_run_writes_nothing_outside_the_project(tmp_path: Path) -> None:
    """No cache of compiled templates (or anything else) in the user's folders or the system's temp.

    Compiled templates are code: a cache of them outside the project is a
    write and a read the user did not ask for, and one inside it could be
    planted by whoever sent the project. They are compiled each run (25 ms).
    """
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "b.txt").write_text(
        "Title\n\nWhy?\n\nAnswer: Because.\n\nBody.\n", encoding="utf-8"
    )
    home, temp = tmp_path / "home", tmp_path / "temp"
    home.mkdir()
    temp.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp), "XDG_CACHE_HOME": str(home / ".cache")}
    subprocess.run(
        [sys.executable, "-m", "briefpub", "-q", "build", "--only", "html", "--only", "pdf"],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    assert sorted(p.name for p in (project / "output").iterdir() if not p.name.startswith(".")) == [
        "b.html",
        "b.pdf",
    ]
    assert list(home.iterdir()) == []
    assert list(temp.iterdir()) == []
