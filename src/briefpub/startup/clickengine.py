"""Click imported without the standard library's ``uuid``: what briefpub changes in Click, here only.

``click.types`` imports ``uuid`` for its ``UUID`` parameter type, and
``uuid`` imports ``platform`` and asks it for the system's name: about 2 ms
of every command, for a type no command of briefpub's takes. While Click is
imported, a stand-in (:mod:`briefpub.startup.deferred`) takes ``uuid``'s place and
answers the one name ``click.types`` reads then, ``uuid.UUID`` (its
parameter type is subscripted with it), with a small function that makes a
real one. That answer is then taken back, so any later use of ``uuid``
(``click.UUID`` converting a value, the deck's field ids) imports the real
module and gets its names.

**Short options read as short options.** Click reads ``-o`` by first
trying it as a long option, which raises and catches a ``NoSuchOption``
whose message suggests close matches with ``difflib`` (imported for it, about
1 ms of a cold ``briefpub html SOURCE -o PAGE``);
:func:`_short_options_first` goes to Click's own short-option reading
directly where that try can only fail. Switch: ``click-short-options``.

**Fenced.** :mod:`briefpub.cli` imports this module before Click; what is
relied on is listed in :data:`RELIED_ON` and checked against the installed
Click by ``tests/test_cli_engine.py``, which fails when Click reads another
name of ``uuid`` at import, or none, or a private name is gone, or Click reads
an argument list otherwise with the patch than without. Switches:
``BRIEFPUB_ENGINE_PATCHES_OFF=click-uuid``, ``click-short-options`` (or
``all``), as the engines' patches are.
"""

from __future__ import annotations

import sys
from typing import Any

from briefpub.startup.deferred import Deferred, defer
from briefpub.startup.patches import FENCES, switched_on

CHECKED_WITH = {"click": "8.5.1"}
"""The Click version read and tested."""

RELIED_ON = {
    "click-uuid": ("click.types imports uuid and reads only uuid.UUID while it is imported",),
    "click-short-options": (
        "click.parser._OptionParser._process_opts",
        "click.parser._OptionParser._match_short_opt",
        "click.parser._OptionParser._long_opt",
        "click.parser._OptionParser._opt_prefixes",
        "click.parser._normalize_opt",
    ),
}
"""What each patch relies on in Click."""

PATCHES = FENCES["briefpub.startup.clickengine"]
"""What this module changes, each switchable by name: its entry in :data:`briefpub.startup.patches.FENCES`."""


ON: dict[str, bool] = switched_on(PATCHES)
"""Which patches are on: set from ``BRIEFPUB_ENGINE_PATCHES_OFF`` when this module is imported."""

if ON["click-uuid"]:
    defer("uuid", "UUID")

import click  # noqa: E402, F401 - after the stand-in

_uuid = sys.modules.get("uuid")
if isinstance(_uuid, Deferred) and "UUID" in vars(_uuid):
    del _uuid.UUID  # from here on, uuid.UUID imports uuid

from click import parser as _parser  # noqa: E402

_PROCESS_OPTS = _parser._OptionParser._process_opts


def _short_options_first(self: Any, arg: str, state: Any) -> None:
    """Click's ``_process_opts``, going straight to the short options where its long match can only fail.

    For ``-o`` Click first looks the argument up as a long option, which
    raises a ``NoSuchOption`` (asking ``difflib`` for close matches, 1 ms of
    a cold command) that it catches to read short options, as here, when the
    argument has no ``=``, does not start with a two-character prefix and is
    no long option. Anything else is Click's own code.
    """
    plain = "=" not in arg and arg[:2] not in self._opt_prefixes
    if plain and _parser._normalize_opt(arg, self.ctx) not in self._long_opt:
        self._match_short_opt(arg, state)
        return
    _PROCESS_OPTS(self, arg, state)


if ON["click-short-options"]:
    _parser._OptionParser._process_opts = _short_options_first  # type: ignore[method-assign]
