"""A fresh Python running a briefpub command, or any script, for the install-time tables' tests.

``test_records.py`` and ``test_regexes.py`` count what a real command serves
from a table: the count is only right in a process that imported nothing
before the command, and is read as the process exits.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def command_saying(module: str, counts: str) -> str:
    """Return a script that runs ``briefpub ARGS`` and, at exit, writes ``COUNTS <json>`` to stderr.

    ``counts`` is a Python expression over ``briefpub.startup.<module>``, imported as ``module``.
    """
    return f"""
import atexit, json, sys
def said():
    from briefpub.startup import {module}
    sys.__stderr__.write('COUNTS ' + json.dumps({counts}) + '\\n')
atexit.register(said)
sys.argv = ['briefpub', *sys.argv[1:]]
from briefpub.cli import main
main()
"""


def run(
    script: str, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` with ``args`` in a fresh Python, ``env`` added to this one's; fail on an error."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
