"""The built wheel carries everything the package reads at run time."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "briefpub"


def test_wheel_contains_every_package_file(tmp_path: Path) -> None:
    # Build from a clean copy: a stale *.egg-info in the work tree would hide missing package data.
    clean = tmp_path / "src-copy"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "*.egg-info", "output", "__pycache__", ".*cache", ".hypothesis", "build"
    )
    shutil.copytree(ROOT, clean, ignore=ignore)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(clean), "-w", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("briefpub-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = {
        "briefpub/" + path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert expected - names == set()
    assert "briefpub/templates/deck.pptx" in names
    assert "briefpub/scaffold/source/example.txt" in names
