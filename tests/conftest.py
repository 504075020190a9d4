"""Shared helpers: run the real ``briefpub`` command in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Return a function running ``briefpub ARGS`` in ``cwd`` (default: an empty project folder)."""

    def _run(
        *args: str, cwd: Path = tmp_path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "briefpub", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, **(env or {})},
            check=False,
        )

    return _run


ENGINES = ("weasyprint", "pptx", "fontTools", "jinja2", "matplotlib")


def engines_imported(*args: str, cwd: Path) -> list[str]:
    """Return which heavy modules a fresh process imports running ``briefpub ARGS`` (which must succeed)."""
    code = (
        "import sys\n"
        "from briefpub.cli import cli\n"
        "try:\n"
        f"    cli({list(args)!r}, prog_name='briefpub')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"print(' '.join(m for m in {ENGINES!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True, timeout=120
    )
    return result.stdout.splitlines()[-1].split() if result.stdout.strip() else []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a project folder with the ferry-strike briefing in ``source/``."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "ferry.txt").write_bytes((FIXTURES / "ferry-strike.txt").read_bytes())
    return tmp_path
