"""Click imported without the standard library's ``uuid``: what briefpub changes in Click, here only.

``click.types`` imports ``uuid`` for its ``UUID`` parameter type, and
``uuid`` imports ``platform`` and asks it for the system's name: about 6 ms
of every command (a twentieth of a cold web page), for a type no command of
briefpub's takes. While Click is imported, a stand-in (:mod:`briefpub.deferred`)
takes ``uuid``'s place and answers the one name ``click.types`` reads then,
``uuid.UUID`` (its parameter type is subscripted with it), with a small
function that makes a real one. That answer is then taken back, so any later
use of ``uuid`` (``click.UUID`` converting a value, the deck's field ids)
imports the real module and gets its names.

**Fenced.** :mod:`briefpub.cli` imports this module before Click; what is
relied on is listed in :data:`RELIED_ON` and checked against the installed
Click by ``tests/test_cli_engine.py``, which fails when Click reads another
name of ``uuid`` at import, or none. Switch: ``BRIEFPUB_ENGINE_PATCHES_OFF=click-uuid``
(or ``all``), as the engines' patches are.
"""

from __future__ import annotations

import os
import sys

from briefpub.deferred import Deferred, defer

CHECKED_WITH = {"click": "8.5.1"}
"""The Click version read and tested."""

RELIED_ON = {"click-uuid": ("click.types imports uuid and reads only uuid.UUID while it is imported",)}
"""What each patch relies on in Click."""

PATCHES = ("click-uuid",)
"""What this module changes, each switchable by name (``BRIEFPUB_ENGINE_PATCHES_OFF``)."""


def _patches_on() -> dict[str, bool]:
    off = {name.strip() for name in os.environ.get("BRIEFPUB_ENGINE_PATCHES_OFF", "").split(",")}
    return {name: "all" not in off and name not in off for name in PATCHES}


ON: dict[str, bool] = _patches_on()
"""Which patches are on: set from ``BRIEFPUB_ENGINE_PATCHES_OFF`` when this module is imported."""

if ON["click-uuid"]:
    defer("uuid", "UUID")

import click  # noqa: E402, F401 - after the stand-in

_uuid = sys.modules.get("uuid")
if isinstance(_uuid, Deferred) and "UUID" in vars(_uuid):
    del _uuid.UUID  # from here on, uuid.UUID imports uuid
