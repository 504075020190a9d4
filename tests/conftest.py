"""Shared helpers: run the real ``briefpub`` command in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

FIXTURES = Path(__file__).parent / "fixtures"

# CI draws the same examples on every run, so a green build stays green and a red one is
# reproducible; on a developer's machine each run explores new ones (and keeps what failed).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
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


@pytest.fixture(scope="session")
def installed() -> None:
    """briefpub's dataclass methods, selectors, forward references and patterns recorded by the install
    step (``python -m briefpub.startup.install``), as ``scripts/bootstrap`` records them: once a test run."""
    subprocess.run([sys.executable, "-m", "briefpub.startup.install"], check=True, timeout=600)


FERRY = (FIXTURES / "ferry-strike.txt").read_text(encoding="utf-8")
"""The ferry-strike briefing, the fixture most command tests publish."""


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """Return the run's one error line, after checking it failed with exactly one and no traceback."""
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("briefpub: error:")]
    assert len(errors) == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr
    return errors[0]


ENGINES = ("weasyprint", "pptx", "fontTools", "jinja2", "matplotlib", "xlsxwriter")


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


# --- engines shared by a test process -------------------------------------------------------------
# ``scripts/test`` runs the suite on every core with pytest-xdist (``--dist loadgroup``). Each worker
# is its own process: what is session-scoped here is started once a worker, and the tests that drive
# Chromium or LibreOffice are grouped so that one worker runs each kind and starts its engine once.

CHROMIUM_GROUP = "chromium"
LIBREOFFICE_GROUP = "libreoffice"
_LIBREOFFICE_HELPERS = frozenset({"render", "words_outside", "low_contrast_words"})


@pytest.fixture(scope="session")
def _chromium() -> Iterator[Any]:
    """Return one headless Chromium for the whole test process (launching one takes about a second)."""
    from browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def browser(_chromium: Any) -> Iterator[Any]:
    """Return the process's Chromium; the pages a test opens are closed after it, none left to the next."""
    yield _chromium
    for context in _chromium.contexts:
        context.close()


def _uses_libreoffice(item: pytest.Item) -> bool:
    """Say whether a test calls one of deckcheck's LibreOffice renderers or is marked ``libreoffice``."""
    if item.get_closest_marker("libreoffice") is not None:
        return True
    function = getattr(item, "function", None)
    if function is None:
        return False
    names = set(function.__code__.co_names) & _LIBREOFFICE_HELPERS
    return any(getattr(function.__globals__.get(name), "__module__", None) == "deckcheck" for name in names)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group the tests that start Chromium or LibreOffice, so each runs on one worker under xdist."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(CHROMIUM_GROUP))
        elif _uses_libreoffice(item):
            item.add_marker(pytest.mark.xdist_group(LIBREOFFICE_GROUP))
