"""What a cold web edition does not do: import the process pool, the PDF and deck engines, or compile
its templates again (bench/web.py measures the time; these tests keep the wins)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

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


def test_compiled_templates_are_reused_by_a_fresh_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefpub.newsletter import templating
    from briefpub.packaged import PACKAGE_TEMPLATES

    first = templating.SandboxedTemplates(templating.ConfinedLoader(PACKAGE_TEMPLATES))
    assert first.bytecode_cache is not None
    first.get_template("newsletter.html")
    compiled: list[str] = []
    original = templating.SandboxedTemplates.compile

    def counting(self: templating.SandboxedTemplates, source: str, *args: Any, **kwargs: Any) -> Any:
        compiled.append(str(args[0] if args else kwargs.get("name")))
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(templating.SandboxedTemplates, "compile", counting)
    fresh = templating.SandboxedTemplates(templating.ConfinedLoader(PACKAGE_TEMPLATES))
    fresh.get_template("newsletter.html")
    assert compiled == []


def test_code_another_environment_compiled_is_never_taken_for_the_sandbox_s() -> None:
    import jinja2

    from briefpub.newsletter import templating

    ours = templating._compiled_cache()
    assert ours is not None
    plain = jinja2.FileSystemBytecodeCache()
    assert ours.get_cache_key("newsletter.html", "/x") != plain.get_cache_key("newsletter.html", "/x")
