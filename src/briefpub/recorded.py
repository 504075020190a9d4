"""The table of briefpub's dataclass methods, recorded once at install: ``python -m briefpub.recorded``.

Run by ``scripts/bootstrap`` beside ``compileall`` (and ``briefpub.deck.shipped``,
``briefpub.newsletter.precompiled``): in a fresh process, it imports every
module of briefpub while :mod:`briefpub.records` compiles and keeps the text of
each class's methods, then writes them into the package's ``__pycache__``
(:data:`briefpub.records.FILE`), replacing the table there whole. A class made
only inside a function, later, is not in it: its methods are compiled as before.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from types import CodeType

import briefpub
from briefpub import records

SKIPPED = ("briefpub.__main__",)
"""Modules not imported to record: ``__main__`` runs the command line."""


def record() -> dict[str, CodeType]:
    """Return the compiled code of every text ``dataclasses`` compiles as briefpub's modules are imported.

    Only modules not imported yet make their classes: run in a fresh process.
    """
    table: dict[str, CodeType] = {}
    records.install()
    import dataclasses  # noqa: F401 - patched as it is imported

    records.recording(table)
    try:
        for module in pkgutil.walk_packages(briefpub.__path__, "briefpub."):
            if module.name in SKIPPED:
                continue
            try:
                importlib.import_module(module.name)
            except Exception as error:  # an engine missing: the others' classes are still recorded
                print(
                    f"briefpub.recorded: {module.name} not imported ({error}): its classes will be compiled",
                    file=sys.stderr,
                )
    finally:
        records.recording(None)
    return table


def main() -> None:
    """Write the table into :data:`briefpub.records.FILE`, unless the switch turns it off."""
    if not records.ON["dataclass-methods"]:
        print("briefpub.recorded: switched off (BRIEFPUB_ENGINE_PATCHES_OFF), no table", file=sys.stderr)
        return
    records.write_table(record())


if __name__ == "__main__":
    main()
