"""What a cold web edition does not do: import the process pool or the PDF and deck engines, or write
anything outside the project (bench/web.py measures the time; these tests keep the wins)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.bccache import Bucket

from briefpub.dataurl import data_url
from briefpub.newsletter import precompiled, templating
from briefpub.newsletter.page import render_html
from briefpub.reader.structure import parse
from briefpub.startup import tablefile

ROOT = Path(__file__).resolve().parent.parent
BRIEFING = parse("Title\n\nWhy?\n\nAnswer: Because.\n\nBody.\n")

MODULES_AT_EXIT = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.__stderr__.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
    "sys.argv = ['briefpub', 'html', sys.argv[1], '-o', sys.argv[2]]\n"
    "from briefpub.cli import main\n"
    "main()\n"
)


def _web_modules(source: Path, folder: Path) -> set[str]:
    """Return every module a fresh ``briefpub html SOURCE`` had imported when it ended."""
    out = subprocess.run(
        [sys.executable, "-c", MODULES_AT_EXIT, str(source), str(folder / "page.html")],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stderr.split("MODULES ", 1)[1].split())


@pytest.mark.parametrize(
    "source", [ROOT / "tests" / "fixtures" / "ferry-strike.txt", ROOT / "source" / "red-sea-shipping.txt"]
)
def test_the_web_page_is_byte_for_byte_what_it_was(source: Path) -> None:
    """What is cut from a cold web page (imports, tokenizing) changes none of its bytes.

    Regenerate after an intended change of the page with ``BRIEFPUB_UPDATE_GOLDEN=1`` and review the diff.
    """
    page = render_html(parse(source), embed=True)
    golden = ROOT / "tests" / "golden" / f"{source.stem}.web.html"
    if os.environ.get("BRIEFPUB_UPDATE_GOLDEN"):
        golden.write_bytes(page.encode("utf-8"))
    assert page == golden.read_bytes().decode("utf-8")


def test_the_web_edition_imports_no_engine_and_no_process_pool(tmp_path: Path) -> None:
    source = ROOT / "source" / "red-sea-shipping.txt"
    modules = _web_modules(source, tmp_path)
    unneeded = {"multiprocessing", "concurrent.futures.process", "weasyprint", "pptx", "matplotlib", "numpy"}
    assert modules & unneeded == set()


PLAIN_UNNEEDED = {
    "briefpub.drawn_charts": "charts only",
    "logging": "drawn charts and WeasyPrint only",
    "briefpub.reader.figures": "figures and logos only",
    "briefpub.reader.charts": "charts only",
    "briefpub.reader.frontmatter": "front matter only",
    "platform": "uuid's, which Click imports for a parameter type briefpub takes nowhere (clickengine)",
    "shutil": "tempfile's: outputs staged by briefpub.temporary, Jinja2's tempfile stood in (jinjaengine)",
    "lzma": "tempfile's, through shutil",
    "html": "unescaping an attribute the web page embeds only (page._embed_tag); a link's is kept as written",
    "mimetypes": "a template file embedded only (page.embed_url)",
    "base64": "data URLs are made with binascii (dataurl)",
    "lxml.html": "its element classes: the page is read with lxml.etree's HTML parser (test_html_parse)",
    "difflib": "Click's suggestions for an unknown option: -o is read as a short one at once (clickengine)",
    "tinycss2": "a stylesheet that names a URL or an @import only (briefpub.fetches, _URL_SPELLINGS)",
}


def test_a_plain_web_page_imports_no_chart_figure_or_front_matter_module(tmp_path: Path) -> None:
    source = tmp_path / "plain.txt"
    source.write_text("Title\n\nWhy?\n\nAnswer: Because.\n\nBody.\n", encoding="utf-8")
    modules = _web_modules(source, tmp_path)
    assert {name: why for name, why in PLAIN_UNNEEDED.items() if name in modules} == {}


def test_a_run_writes_nothing_outside_the_project(tmp_path: Path) -> None:
    """No cache of compiled templates (or anything else) in the user's folders or the system's temp.

    Compiled templates are code: a cache of them outside the project is a
    write and a read the user did not ask for, and one inside it could be
    planted by whoever sent the project. The packaged ones are compiled at
    install time into the package (:mod:`briefpub.newsletter.precompiled`),
    a project's on each run.
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


@pytest.fixture
def compiled_into(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The packaged templates' compiled code in a folder of the test's own, as an install leaves it."""
    folder = tmp_path / "compiled"
    monkeypatch.setattr(precompiled, "FOLDER", folder)
    templating.environment.cache_clear()
    yield folder
    templating.environment.cache_clear()


def compiling(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Return the names of the templates Jinja2 compiles from source from now on."""
    names: list[str] = []
    original = templating.SandboxedTemplates.compile

    def compile(self: Any, source: str, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        names.append(str(name))
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(templating.SandboxedTemplates, "compile", compile)
    return names


def test_the_packaged_templates_are_not_compiled_on_each_run(
    compiled_into: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = render_html(BRIEFING, embed=True)
    precompiled.precompile()
    templating.environment.cache_clear()
    names = compiling(monkeypatch)
    assert render_html(BRIEFING, embed=True) == plain
    assert names == []
    assert templating.environment(None).bytecode_cache.loaded == 2  # type: ignore[union-attr]


def test_a_projects_templates_are_always_compiled_from_their_source(
    compiled_into: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled code runs past the sandbox: none is ever taken for a project's template, planted or not."""
    templates = tmp_path / "templates"
    templates.mkdir()
    own = templates / "newsletter.html"
    own.write_text('{% extends "!default/newsletter.html" %}{% block title %}<p>Ours</p>{% endblock %}')
    precompiled.precompile()
    cache = precompiled.PackagedBytecode()
    planted = Bucket(
        templating.environment(None),
        cache.get_cache_key("newsletter.html", str(own.resolve())),
        cache.get_source_checksum(own.read_text()),
    )
    planted.code = compile("raise SystemExit('planted code ran')", str(own), "exec")
    sealed = tablefile.seal(precompiled.FORMAT, planted.bytecode_to_string())
    (compiled_into / f"{planted.key}.jinja").write_bytes(sealed)
    templating.environment.cache_clear()
    names = compiling(monkeypatch)
    page = render_html(BRIEFING, templates=templates)
    assert "<p>Ours</p>" in page
    assert names == ["newsletter.html"]  # the project's; the default it extends came compiled


def test_a_stale_or_damaged_entry_is_compiled_again(
    compiled_into: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = render_html(BRIEFING)
    written = precompiled.precompile()
    for path in written:  # entries of other sources under the right names: what a changed template leaves
        env = templating.environment(None)
        bucket = Bucket(env, path.stem, "another checksum")
        bucket.code = compile("raise SystemExit('stale code ran')", "stale", "exec")
        path.write_bytes(tablefile.seal(precompiled.FORMAT, bucket.bytecode_to_string()))
    written[0].write_bytes(b"j2 damaged")
    templating.environment.cache_clear()
    names = compiling(monkeypatch)
    assert render_html(BRIEFING) == plain
    assert sorted(names) == ["blocks.html", "newsletter.html"]


def test_an_entry_with_a_byte_changed_is_compiled_again(
    compiled_into: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Still marshal, still the template's checksum, one constant changed: its CRC no longer matches."""
    plain = render_html(BRIEFING)
    changed = 0
    for path in precompiled.precompile():
        data = path.read_bytes()
        if b"<!DOCTYPE" in data:
            path.write_bytes(data.replace(b"<!DOCTYPE", b"<!DOCTYPX"))
            changed += 1
    assert changed
    templating.environment.cache_clear()
    names = compiling(monkeypatch)
    assert render_html(BRIEFING) == plain
    assert "newsletter.html" in names


def test_a_run_writes_no_compiled_template(compiled_into: Path) -> None:
    render_html(BRIEFING, embed=True)
    render_html(BRIEFING)
    assert not compiled_into.exists()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_a_data_url_carries_base64s_text(data: bytes) -> None:
    """``data_url`` writes what ``base64.b64encode`` would, without importing it."""
    import base64

    assert data_url("image/png", data) == f"data:image/png;base64,{base64.b64encode(data).decode('ascii')}"


COLLECTIONS = (
    "import gc, sys\n"
    "import briefpub\n"  # the package first, as either start imports it (its own start is its own)
    "{before}\n"
    "runs = []\n"
    "gc.callbacks.append(lambda phase, info: runs.append(1) if phase == 'start' else None)\n"
    "sys.argv = ['briefpub', '--version']\n"
    "try:\n"
    "    {start}\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(len(runs))\n"
)


def test_a_command_starts_without_collecting() -> None:
    """The ``briefpub`` script pauses the collector before the commands are imported (__main__.run).

    Importing ``briefpub.cli`` as a library leaves the collector running (and collecting).
    """
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["briefpub"] == "briefpub.__main__:run"
    counts = []
    for before, start in (
        ("from briefpub.__main__ import run", "run()"),
        ("", "from briefpub.cli import main; main()"),
    ):
        code = COLLECTIONS.format(before=before, start=start)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        counts.append(int(out.stdout.split()[-1]))
    assert counts[0] == 0
    assert counts[1] > 0


PATTERNS = (
    "import json, re, sys\n"
    "compiled = []\n"  # every pattern asked for, compiled or served (briefpub.startup.regexes) or cached
    "real = re._compile\n"
    "re._compile = lambda p, flags=0: compiled.append(p) or real(p, flags)\n"
    "sys.argv = ['briefpub', 'html', sys.argv[1], '-o', sys.argv[2]]\n"
    "from briefpub.__main__ import run\n"
    "try:\n"
    "    run()\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(json.dumps([p for p in compiled if isinstance(p, str)]))\n"
)


def test_a_cold_page_compiles_no_pattern_only_french_or_formatting_templates_need(tmp_path: Path) -> None:
    from briefpub.newsletter import prose

    source = tmp_path / "plain.txt"
    source.write_text("Title\n\nWhy?\n\nAnswer: Because.\n\nBody.\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", PATTERNS, str(source), str(tmp_path / "page.html")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    compiled = set(json.loads(out.stdout.splitlines()[-1]))
    written = [prose._FR_BEFORE_HIGH, prose._FR_BEFORE_COLON, prose._FR_AFTER_OPEN]
    written += [templating._HUGE_PERCENT_FORMAT, templating._HUGE_BRACE_FORMAT]
    unneeded = {getattr(pattern, "pattern", pattern) for pattern in written}
    assert len(compiled) > 20  # the patterns are seen being compiled
    assert compiled & unneeded == set()
