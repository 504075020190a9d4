"""Standard modules stood in for until used (startup.stdlibengine): relied on as tested, switchable."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

from briefpub.startup import stdlibengine

AFTER_A_COMMAND = (
    "import sys\n"
    "sys.argv = ['briefpub', '--version']\n"
    "from briefpub.cli import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "import pathlib, urllib.parse\n"
    "kind = type(sys.modules['ipaddress']).__name__\n"
    "host = urllib.parse.urlsplit('http://[::1]:8/x').hostname\n"
    "try:\n"
    "    urllib.parse.urlsplit('http://[zz]/')\n"
    "    refused = 'no'\n"
    "except ValueError:\n"
    "    refused = 'yes'\n"
    "print(kind, host, refused, type(sys.modules['ipaddress']).__name__)\n"
)


def _run(off: str = "") -> list[str]:
    env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
    out = subprocess.run(
        [sys.executable, "-c", AFTER_A_COMMAND], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.split()[-4:]


def test_a_command_imports_no_ipaddress_and_bracketed_hosts_are_still_checked() -> None:
    assert _run() == ["Deferred", "::1", "yes", "module"]


def test_the_switch_turns_it_off() -> None:
    assert _run("stdlib-deferred") == ["module", "::1", "yes", "module"]


def test_urllib_parse_uses_ipaddress_only_inside_its_functions() -> None:
    """A name of ``ipaddress`` read as ``urllib.parse`` is imported would import it: fails here."""
    tree = ast.parse(Path(urllib.parse.__file__).read_text(encoding="utf-8"))
    at_import = [
        node
        for statement in tree.body
        if not isinstance(statement, ast.FunctionDef | ast.ClassDef)
        for node in ast.walk(statement)
        if isinstance(node, ast.Name) and node.id == "ipaddress"
    ]
    assert at_import == []
    assert stdlibengine.DEFERRED == ("ipaddress",)
