"""The one list of engine patches (``briefpub/patches.py``) is whole, its names unique, and documented."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from briefpub import patches

SRC = Path(patches.__file__).parent
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
