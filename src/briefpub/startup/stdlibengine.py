"""Standard modules every command would import for what it never does, stood in for until used.

``urllib.parse`` (which ``pathlib`` imports, so every command) imports
``ipaddress`` at its start for one check: that the host of a URL written in
brackets (``http://[::1]/``) is an IPv6 address. Its import is about 1 ms of
every command, and no URL briefpub splits on a cold command has such a host.
A stand-in (:mod:`briefpub.startup.deferred`) takes its place until a name of it is
used, which imports the real module: the check runs as before when a
bracketed host comes.

**Fenced.** :mod:`briefpub.cli` imports this module first. What is relied
on (:data:`RELIED_ON`) is checked against the running Python by
``tests/test_stdlib_engine.py``, which fails when ``urllib.parse`` uses
``ipaddress`` while it is imported. Switch:
``BRIEFPUB_ENGINE_PATCHES_OFF=stdlib-deferred`` (or ``all``).
"""

from __future__ import annotations

from briefpub.startup.deferred import defer
from briefpub.startup.patches import FENCES, switched_on

DEFERRED = ("ipaddress",)
"""The standard modules stood in for."""

CHECKED_WITH = {"python": "3.11.7"}
"""The Python whose ``urllib.parse`` was read and tested."""

RELIED_ON = {"stdlib-deferred": ("urllib.parse reads no name of ipaddress while it is imported",)}
"""What the patch relies on in the standard library."""

PATCHES = FENCES["briefpub.startup.stdlibengine"]
"""What this module changes, each switchable by name: its entry in :data:`briefpub.startup.patches.FENCES`."""


ON: dict[str, bool] = switched_on(PATCHES)
"""Which patches are on: set from ``BRIEFPUB_ENGINE_PATCHES_OFF`` when this module is imported."""

if ON["stdlib-deferred"]:
    for _module in DEFERRED:
        defer(_module)
