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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a project folder with the ferry-strike briefing in ``source/``."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "ferry.txt").write_bytes((FIXTURES / "ferry-strike.txt").read_bytes())
    return tmp_path
