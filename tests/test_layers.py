"""The folders are the pipeline: a stage imports the stages before it, never the ones that drive it.

Read from the source (every ``import`` and ``from … import``, inside functions
too), so a shortcut taken in a hurry fails here rather than in a reader's head.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import briefpub

PACKAGE = Path(briefpub.__file__).parent

DRIVERS = ("briefpub.publish", "briefpub.serve", "briefpub.cli")
"""What runs the renderers: a renderer that imported from them would depend on its caller."""


def imported(module: Path) -> set[str]:
    """Return every module ``module`` imports, by its full name."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("folder", ["reader", "model", "newsletter", "deck"])
def test_readers_and_renderers_import_nothing_that_drives_them(folder: str) -> None:
    """``source_date`` was taken from ``publish/output.py`` by every renderer; it is the model's now."""
    found = {
        f"{module.relative_to(PACKAGE)}: {name}"
        for module in sorted((PACKAGE / folder).rglob("*.py"))
        for name in imported(module)
        if name.startswith(DRIVERS)
    }
    assert not found


@pytest.mark.parametrize(("folder", "other"), [("deck", "newsletter"), ("newsletter", "deck")])
def test_the_deck_and_the_newsletter_import_nothing_of_each_other(folder: str, other: str) -> None:
    """The preview drew charts with the newsletter's code and the deck took its alt text there: both
    are in ``drawn_charts.py`` now, beside the stages, where either may use them."""
    found = {
        f"{module.relative_to(PACKAGE)}: {name}"
        for module in sorted((PACKAGE / folder).rglob("*.py"))
        for name in imported(module)
        if name.startswith(f"briefpub.{other}")
    }
    assert not found
