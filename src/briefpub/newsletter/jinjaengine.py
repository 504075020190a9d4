"""Jinja2 imported without its compiler: what briefpub changes in Jinja2, here only.

The packaged templates are served compiled (:mod:`briefpub.newsletter.precompiled`),
so a cold web page or e-mail runs its templates without lexing, parsing or
generating code; yet ``import jinja2`` imports Jinja2's lexer (with the
identifier pattern, one of the largest regular expressions a cold page
compiles), its parser and its code generator, and the standard library's
``tempfile`` (for a bytecode cache folder briefpub never uses) and
``random`` (for ``lipsum``, which the sandbox removes, and the ``random``
filter): about 6 ms of a cold web page.

**Stand-ins.** Before Jinja2 is imported (``briefpub.newsletter`` imports
this module first), stand-ins (:mod:`briefpub.startup.deferred`) take the place of
``jinja2.lexer``, ``jinja2.parser`` and ``jinja2.compiler``. The names
``jinja2.environment`` takes from them as it is imported (:data:`COMPILER`)
are small functions; the first call of one (a project's template compiled,
or a packaged one whose compiled entry is missing), or the first use of any
other of their names, imports the three real modules and gives
``jinja2.environment`` their real names back (and ``Environment`` its real
``code_generator_class``), before anything is lexed: every ``isinstance``
and every compile from then on sees Jinja2's own classes. ``tempfile`` and
``random`` are stood in for until first used, and ``pickle`` by a stand-in
holding the three functions Jinja2 uses, ``_pickle``'s as ``pickle``'s are
(:data:`PICKLE`). Nothing changes in what
templates do or produce (the web page is compared byte for byte, and a
project's template compiled under the sandbox, by the tests).

**Fenced.** What is relied on is listed in :data:`COMPILER`, checked against
the installed Jinja2 by ``tests/test_jinja_engine.py`` (which fails when
``jinja2.environment`` takes other names from these modules, or another
module of Jinja2 imported with it takes one); switch
``BRIEFPUB_ENGINE_PATCHES_OFF=jinja2-compiler-deferred`` (or ``all``).
"""

from __future__ import annotations

import sys
from types import ModuleType

from briefpub.startup.deferred import Deferred, defer
from briefpub.startup.patches import FENCES, switched_on

CHECKED_WITH = {"Jinja2": "3.1.6"}
"""The Jinja2 version read and tested."""

COMPILER = {
    "jinja2.lexer": ("get_lexer", "Lexer", "TokenStream"),
    "jinja2.parser": ("Parser",),
    "jinja2.compiler": ("CodeGenerator", "generate"),
}
"""The modules stood in for, in the order they are imported (the parser takes the lexer's names, the
code generator neither's), with the names ``jinja2.environment`` takes from each as it is imported."""

OTHERS = {"tempfile": (), "random": ("choice", "randrange")}
"""Standard modules Jinja2 imports for what briefpub does not use, with the names taken from them."""

PICKLE = ("dumps", "dump", "load")
"""What Jinja2's bytecode cache uses of ``pickle`` (its header's version numbers as it is imported, an
entry's checksum): the stand-in for ``pickle`` holds these very functions, which ``pickle`` takes from
the ``_pickle`` accelerator, so ``pickle.py`` itself (its Python pickler, 1 ms) is imported only if
something else of it is used."""

PATCHES = FENCES["briefpub.newsletter.jinjaengine"]
"""What this module changes, each switchable by name: its entry in :data:`briefpub.startup.patches.FENCES`."""


ON: dict[str, bool] = switched_on(PATCHES)
"""Which patches are on: set from ``BRIEFPUB_ENGINE_PATCHES_OFF`` when this module is imported."""


class _CompilerStandIn(Deferred):
    """A stand-in for one of :data:`COMPILER`: any use of it brings in all three and restores their names."""

    def _load(self) -> ModuleType:
        import_compiler()
        return sys.modules[self.__name__]


def import_compiler() -> None:
    """Import Jinja2's lexer, parser and code generator, and give ``jinja2.environment`` their names."""
    for name in COMPILER:
        module = sys.modules.get(name)
        if isinstance(module, _CompilerStandIn):
            Deferred._load(module)
    environment = sys.modules["jinja2.environment"]
    stood_in = environment.Environment.code_generator_class
    for name, names in COMPILER.items():
        real = sys.modules[name]
        for attribute in names:
            setattr(environment, attribute, getattr(real, attribute))
    if not isinstance(stood_in, type):  # the function the stand-in gave when the class was made
        environment.Environment.code_generator_class = environment.CodeGenerator


def _stand_in() -> None:
    for name, names in COMPILER.items():
        sys.modules[name] = _CompilerStandIn(name, names)
    for name, names in OTHERS.items():
        defer(name, *names)
    if "pickle" not in sys.modules:
        import _pickle

        defer("pickle")
        for name in PICKLE:
            setattr(sys.modules["pickle"], name, getattr(_pickle, name))


def attach() -> None:
    """Make the stand-ins attributes of the ``jinja2`` package, as an import would have left them.

    Called once Jinja2 is imported (:mod:`briefpub.newsletter.templating`):
    putting them in place does not import Jinja2, as not every use of
    ``briefpub.newsletter`` needs it.
    """
    package = sys.modules.get("jinja2")
    for name in COMPILER:
        module = sys.modules.get(name)
        if package is not None and isinstance(module, _CompilerStandIn):
            setattr(package, name.rpartition(".")[2], module)


if ON["jinja2-compiler-deferred"] and "jinja2" not in sys.modules:
    _stand_in()
