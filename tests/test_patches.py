"""The one list of engine patches (``briefpub/startup/patches.py``) is whole, names unique, documented."""

from __future__ import annotations

import ast
import importlib
import itertools
import os
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path
from typing import Any

import pytest

from briefpub.startup import patches

SRC = Path(patches.__file__).parent.parent  # src/briefpub
README = SRC.parent.parent / "README.md"


def test_each_fence_modules_patches_are_the_ones_listed() -> None:
    for name, switches in patches.FENCES.items():
        assert switches == importlib.import_module(name).PATCHES, name


def test_every_module_with_patches_is_a_listed_fence() -> None:
    """A new fence module (one that defines ``PATCHES``) is listed, so it is found, checked and documented."""
    fences = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assigned = {
            t.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        if "PATCHES" in assigned:
            module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
            fences.add(module)
    assert fences == set(patches.FENCES)


def test_switch_names_are_unique_across_fence_modules() -> None:
    """One name turns off one thing: ``deferred-imports`` named both python-pptx's and WeasyPrint's."""
    names = [name for switches in patches.FENCES.values() for name in switches]
    assert len(names) == len(set(names))
    assert "all" not in names


def test_the_readme_table_lists_every_switch_with_its_module() -> None:
    rows = re.findall(r"^  \| `([a-z0-9-]+)` \| `([a-z/]+\.py)` \|", README.read_text(encoding="utf-8"), re.M)
    listed = {name: "briefpub." + file.removesuffix(".py").replace("/", ".") for name, file in rows}
    expected = {name: module for module, switches in patches.FENCES.items() for name in switches}
    assert listed == expected


def test_a_switch_turns_off_what_it_names_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(patches.VARIABLE, " png-rows,tags ")
    assert patches.switched_on(("png-rows", "tags", "leaders")) == {
        "png-rows": False,
        "tags": False,
        "leaders": True,
    }
    monkeypatch.setenv(patches.VARIABLE, "all")
    assert not any(patches.switched_on(("png-rows", "leaders")).values())


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
    '<rect x="10" y="10" width="180" height="80" fill="#14365D"/>'
    '<circle cx="100" cy="50" r="30" fill="#B5452B"/>'
    "</svg>"
)
BRIEFING = (
    "Weekly brief\n\n- One point.\n- Another, *stressed*.\n\nWhat changed?\n\nAnswer: Fees rose[^1].\n\n"
    "| Year | Value |\n| --- | ---: |\n| 2024 | 1.5 |\n\nWhy now?\n\nAnswer: A dispute.\n\n"
    '![A figure](figure.svg "A red circle on a blue box")\n\n[^1]: A note.\n'
)


def _pixels(pdf: Path, folder: Path) -> list[bytes]:
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / "page")], check=True, timeout=120)
    return [page.read_bytes() for page in sorted(folder.glob("page-*.png"))]


def test_every_edition_is_the_same_with_every_patch_off(tmp_path: Path) -> None:
    """All patches on and all off: the deck, web page and e-mail byte for byte, the PDF pixel for pixel
    (its bytes differ by design: ``deflate-level``, ``png-rows``)."""
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    (project / "source" / "figure.svg").write_text(SVG, encoding="utf-8")
    made = []
    for off in ("", "all"):
        shutil.rmtree(project / "output", ignore_errors=True)
        env = {**os.environ, patches.VARIABLE: off}
        build = [sys.executable, "-m", "briefpub", "-q", "build", "-j", "1"]
        subprocess.run(build, cwd=project, env=env, capture_output=True, check=True, timeout=300)
        output = project / "output"
        files = {
            path.relative_to(output).as_posix(): path.read_bytes()
            for path in output.rglob("*")
            if path.is_file()
            and not path.relative_to(output).parts[0].startswith(".")
            and path.suffix != ".pdf"
        }
        pages = tmp_path / f"pages-{off or 'on'}"
        pages.mkdir()
        made.append((files, _pixels(output / "weekly.pdf", pages)))
    assert {"weekly.pptx", "weekly.html", "weekly.eml", "weekly.email.html"} <= set(made[0][0])
    assert len(made[0][1]) >= 1
    assert made[0] == made[1]


def _private_parts(module: Any) -> set[str]:
    """The private names (``_name``) in what a fence lists as relied on: ``re._compiler.compile`` gives
    ``_compiler``, ``_sre.compile`` gives ``_sre``."""
    listed = {**getattr(module, "PRIVATE_NAMES", {}), **getattr(module, "RELIED_ON", {})}
    dotted = [name for names in listed.values() for name in names if " " not in name]
    return {
        part
        for name in dotted
        for part in name.split(".")
        if part.startswith("_") and not part.startswith("__")
    }


def test_no_module_but_its_fence_uses_an_engines_private_name() -> None:
    """Every fence's private names, as names in code or keys of a namespace (not in prose), appear in the
    fence module alone."""
    fences = {name: importlib.import_module(name) for name in patches.FENCES}
    owners = {part: name for name, module in fences.items() for part in _private_parts(module)}
    assert {"_create_fn", "_compiler", "_sre", "_OptionParser"} <= set(owners)
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        with path.open("rb") as source:
            tokens = list(tokenize.tokenize(source.readline))
        names = {t.string for t in tokens if t.type == tokenize.NAME}
        names |= {  # a name read through a namespace: vars(re)["_compiler"]
            t.string.strip("\"'")
            for before, t in itertools.pairwise(tokens)
            if t.type == tokenize.STRING and before.string == "["
        }
        offenders += [f"{module}: {part}" for part in names & set(owners) if owners[part] != module]
    assert offenders == []


def test_every_fence_was_read_against_the_installed_versions() -> None:
    """An engine upgraded (or Python) fails here for every fence that relies on it: read the fence against
    the new version, run its tests, then update its ``CHECKED_WITH``."""
    import platform
    from importlib import metadata

    stale = []
    for name in patches.FENCES:
        checked = importlib.import_module(name).CHECKED_WITH
        assert checked, name
        for engine, version in checked.items():
            installed = platform.python_version() if engine == "python" else metadata.version(engine)
            if installed != version:
                stale.append(f"{name}: {engine} {installed}, read against {version}")
    assert stale == []
