"""What briefpub changes in Jinja2 (briefpub.newsletter.jinjaengine): relied on as tested, switchable, kept.

Each test runs in a fresh process: the stand-ins go in place only where
Jinja2 is not imported yet, and this test process has imported it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefpub.newsletter import jinjaengine

ROOT = Path(__file__).resolve().parent.parent
PLAIN = "Title\n\nWhy?\n\nAnswer: Because.\n\nBody.\n"


def _run(code: str, off: str = "", cwd: Path | None = None) -> str:
    env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, check=True
    )
    return out.stdout


STAND_INS = "import sys\nprint(json.dumps({name: type(sys.modules.get(name)).__name__ for name in NAMES}))\n"
NAMES = [*jinjaengine.COMPILER, *jinjaengine.OTHERS, "pickle"]


def _kinds(after: str, off: str = "", cwd: Path | None = None) -> dict[str, str]:
    code = f"import json\nNAMES = {NAMES!r}\n{after}\n{STAND_INS}"
    kinds: dict[str, str] = json.loads(_run(code, off, cwd).splitlines()[-1])
    return kinds


@pytest.fixture(scope="module")
def precompiled() -> None:
    """The packaged templates compiled as ``scripts/bootstrap`` compiles them (a cold page relies on it)."""
    subprocess.run([sys.executable, "-m", "briefpub.newsletter.precompiled"], check=True, timeout=300)


@pytest.mark.usefixtures("precompiled")
def test_a_cold_web_page_imports_no_jinja2_compiler_tempfile_or_random(tmp_path: Path) -> None:
    source = tmp_path / "plain.txt"
    source.write_text(PLAIN, encoding="utf-8")
    after = (
        "sys_argv = ['briefpub', 'html', 'plain.txt', '-o', 'page.html']\n"
        "import sys\nsys.argv = sys_argv\n"
        "from briefpub.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    kinds = _kinds(after, cwd=tmp_path)
    assert (tmp_path / "page.html").exists()
    assert kinds == {
        "jinja2.lexer": "_CompilerStandIn",
        "jinja2.parser": "_CompilerStandIn",
        "jinja2.compiler": "_CompilerStandIn",
        "tempfile": "Deferred",
        "random": "Deferred",
        "pickle": "Deferred",
    }


def test_the_switch_turns_it_off() -> None:
    kinds = _kinds("import briefpub.newsletter.templating", off="jinja2-compiler-deferred")
    assert set(kinds.values()) == {"module"}


def test_jinja2_takes_only_the_listed_names_as_it_is_imported() -> None:
    """Another name taken from the lexer, parser or code generator (a Jinja2 change) imports them."""
    kinds = _kinds("import briefpub.newsletter.templating, jinja2.sandbox, jinja2.ext")
    assert kinds["jinja2.lexer"] == kinds["jinja2.parser"] == kinds["jinja2.compiler"] == "_CompilerStandIn"


def test_jinja2_environment_takes_these_names_from_them() -> None:
    """The names the stand-ins give are the ones ``jinja2.environment`` imports (read from its source)."""
    import ast

    import jinja2.environment

    tree = ast.parse(Path(jinja2.environment.__file__).read_text(encoding="utf-8"))
    taken: dict[str, list[str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 1 and node.module in ("lexer", "parser", "compiler"):
            taken.setdefault(f"jinja2.{node.module}", []).extend(alias.name for alias in node.names)
    assert {name: sorted(names) for name, names in taken.items()} == {
        name: sorted(names) for name, names in jinjaengine.COMPILER.items()
    }


COMPILING = (
    "import sys, json\n"
    "from pathlib import Path\n"
    "from briefpub.reader.structure import parse\n"
    "from briefpub.newsletter.page import render_html\n"
    "from briefpub.errors import TemplateError\n"
    "import jinja2.environment as environment, jinja2\n"
    "templates = Path(sys.argv[1])\n"
    "page = render_html(parse(sys.argv[2]), templates=templates, embed=True)\n"
    "(templates / 'newsletter.html').write_text('{{ meta.__class__.__mro__ }}')\n"
    "from briefpub.newsletter import templating\n"
    "templating.environment.cache_clear()\n"
    "try:\n"
    "    render_html(parse(sys.argv[2]), templates=templates)\n"
    "    refused = False\n"
    "except TemplateError:\n"
    "    refused = True\n"
    "real = [getattr(environment, n) is getattr(sys.modules[m], n)\n"
    "        for m, ns in COMPILER.items() for n in ns]\n"
    "print(json.dumps([page, refused, all(real), environment.Environment.code_generator_class.__name__,\n"
    "    isinstance(jinja2.lexer, type(sys)) and type(jinja2.lexer).__name__]))\n"
)


def test_a_projects_template_compiles_in_the_sandbox_as_without_the_stand_ins(tmp_path: Path) -> None:
    results = []
    for off in ("", "jinja2-compiler-deferred"):
        templates = tmp_path / f"templates{off}"
        templates.mkdir()
        (templates / "newsletter.html").write_text(
            '{% extends "!default/newsletter.html" %}{% block title %}<p>Ours</p>{% endblock %}',
            encoding="utf-8",
        )
        code = f"COMPILER = {jinjaengine.COMPILER!r}\n{COMPILING}"
        out = subprocess.run(
            [sys.executable, "-c", code, str(templates), PLAIN],
            env={**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off},
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(out.stdout.splitlines()[-1]))
    fenced, plain = results
    assert "<p>Ours</p>" in fenced[0]
    assert fenced == plain  # the same page, the same refusal, Jinja2's own names and classes
    assert fenced[1:] == [True, True, "CodeGenerator", "module"]


def test_the_pickle_stand_in_holds_pickles_own_functions() -> None:
    code = (
        "import sys\n"
        "import briefpub.newsletter.templating\n"
        "stand_in = sys.modules['pickle']\n"
        f"held = [getattr(stand_in, name) for name in {jinjaengine.PICKLE!r}]\n"
        "kind = type(stand_in).__name__\n"
        "stand_in.Pickler  # any other name: the real module\n"
        "import pickle\n"
        f"print(kind, all(f is getattr(pickle, n) for f, n in zip(held, {jinjaengine.PICKLE!r})))\n"
    )
    assert _run(code).split() == ["Deferred", "True"]


def test_jinja2s_bytecode_cache_uses_only_these_of_pickle() -> None:
    import ast

    import jinja2.bccache

    tree = ast.parse(Path(jinja2.bccache.__file__).read_text(encoding="utf-8"))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "pickle"
    }
    assert used == set(jinjaengine.PICKLE)
