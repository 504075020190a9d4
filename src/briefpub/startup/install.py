"""What briefpub's modules compile as they are imported, recorded at install: ``python -m`` this module.

Run by ``scripts/bootstrap`` beside ``compileall`` (and ``briefpub.deck.shipped``,
``briefpub.newsletter.precompiled``): in a fresh process, it imports every
module of briefpub while :mod:`briefpub.startup.records` compiles and keeps the text of
each class's methods (and, as the PDF is built, of cssselect2's selectors) and
:mod:`briefpub.startup.regexes` each regular expression's matcher code, then writes both
tables into the package's ``__pycache__``
(:data:`briefpub.startup.records.FILE`, :data:`briefpub.startup.regexes.FILE`), replacing what
was there whole. A class or pattern made only inside a function, later, is not
in them: it is compiled as before.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import sys
from types import CodeType
from typing import Any

import briefpub
from briefpub.startup import records, regexes

MARKUP = (
    "Markup\n\n- A *point*, **strong**, `code` and a [link](https://example.com/a).\n\n"
    "What changed?\n\nAnswer: A note[^1] and <https://example.com/b>.\n\n"
    "| Year | Value |\n| --- | ---: |\n| 2024 | 1.5 |\n\nTable: Values\n\n[^1]: The note.\n"
)
"""A second briefing :func:`exercise` builds: inline markup, footnotes, a table (the scaffold has none)."""

SKIPPED = ("briefpub.__main__",)
"""Modules not imported to record: ``__main__`` runs the command line."""


def record(
    run: bool = True,
) -> tuple[dict[Any, CodeType], dict[tuple[str | bytes, int], regexes.Entry]]:
    """Return the code of every text ``dataclasses`` compiles and the matcher of every regular expression
    compiled as briefpub's modules are imported, then (``run``) as a new project is built (:func:`exercise`).

    Only modules not imported yet make their classes and patterns: run in a fresh process.
    """
    methods: dict[Any, CodeType] = {}
    patterns: dict[tuple[str | bytes, int], regexes.Entry] = {}
    records.install()
    regexes.install()
    re.purge()  # patterns compiled already are compiled again, and kept
    records.recording(methods)
    regexes.recording(patterns)
    try:
        import dataclasses  # noqa: F401 - patched as it is imported (its own patterns kept)

        for module in pkgutil.walk_packages(briefpub.__path__, "briefpub."):
            if module.name in SKIPPED:
                continue
            try:
                importlib.import_module(module.name)
            except Exception as error:  # an engine missing: the others' classes are still recorded
                print(
                    f"briefpub.startup.install: {module.name} not imported ({error}): "
                    "its classes will be compiled",
                    file=sys.stderr,
                )
        read_hints()
        if run:
            exercise()
    finally:
        records.recording(None)
        regexes.recording(None)
    return methods, patterns


def _of_kind(recorded: dict[Any, CodeType], kind: str | None) -> dict[str, CodeType]:
    """Return the texts ``records`` kept for ``exec`` (``kind`` None: the dataclasses'), or for ``eval``
    or ``compile`` (kept as ``(kind, text)``), by their text."""
    if kind is None:
        return {key: code for key, code in recorded.items() if type(key) is str}
    return {key[1]: code for key, code in recorded.items() if type(key) is tuple and key[0] == kind}


def read_hints() -> None:
    """Read the field types of every dataclass of briefpub's, as ``deck/learned.py`` reads a kept master's:
    ``typing`` compiles each annotation written as a string then."""
    import dataclasses
    import typing

    for name, module in list(sys.modules.items()):
        if not name.startswith("briefpub."):
            continue
        for kind in list(vars(module).values()):
            if dataclasses.is_dataclass(kind) and isinstance(kind, type) and kind.__module__ == name:
                try:
                    typing.get_type_hints(kind)
                except Exception:  # a name only imported for type checking: read when it is needed
                    continue


def exercise() -> None:
    """Build every edition of a new project (``briefpub init``'s) in a temporary folder, in this process:
    what commands compile while they run (Jinja2's lexer, the PDF's style sheets, a first deck)."""
    import tempfile

    from briefpub.cli import cli

    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="briefpub-recorded-") as folder:
        os.chdir(folder)
        try:
            cli.main(["-q", "init", "."], prog_name="briefpub", standalone_mode=False)
            with open(os.path.join("source", "markup.txt"), "w", encoding="utf-8") as markup:
                markup.write(MARKUP)
            cli.main(["-q", "build", "-j", "1"], prog_name="briefpub", standalone_mode=False)
        except Exception as error:  # what was recorded up to here is kept
            print(
                f"briefpub.startup.install: a build not finished ({error}): "
                "some patterns compiled at run time",
                file=sys.stderr,
            )
        finally:
            os.chdir(here)


def main() -> None:
    """Write the tables (:data:`briefpub.startup.records.FILE`, ``SELECTOR_FILE``, ``FORWARD_FILE``,
    :data:`briefpub.startup.regexes.FILE`), each unless its switch turns it off."""
    methods, patterns = record()
    for switch, kind, path in (
        ("dataclass-methods", None, records.FILE),
        ("selector-code", "eval", records.SELECTOR_FILE),
        ("forward-refs", "compile", records.FORWARD_FILE),
    ):
        if records.ON[switch]:
            records.write_table(_of_kind(methods, kind), path)
    if regexes.ON["regex-table"]:
        regexes.write_table(patterns)
    for name, on in (*((name, records.ON) for name in records.PATCHES), ("regex-table", regexes.ON)):
        if not on[name]:
            print(
                f"briefpub.startup.install: {name} switched off (BRIEFPUB_ENGINE_PATCHES_OFF)",
                file=sys.stderr,
            )


if __name__ == "__main__":
    main()
