"""Modules stood in for until one of their names is used: imports an engine makes but a render rarely needs.

Python's ``importlib.util.LazyLoader`` does not survive an ``import``
statement on Python 3.11 (the import system reads the module's ``__spec__``,
which loads it), so a :class:`Deferred` stand-in answers dunder names itself
and loads the real module on the first other name. The engines' fence
modules (:data:`briefpub.startup.patches.FENCES`) use it: WeasyPrint's for fontTools'
subsetter and instancer, python-pptx's for the web client, Pillow and
``textwrap``, CairoSVG's for the web client and Pillow, Jinja2's for its
compiler, ``tempfile``, ``random`` and ``pickle``, Click's for ``uuid``, and
the standard library's for ``ipaddress``.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any


class Deferred(ModuleType):
    """Stands in for a module until one of its names is used; then imports it and takes on its names.

    Dunder names (``__path__``, ``__file__``) are not a use: the import system
    asks for them. ``names`` are functions a ``from module import name``
    takes at once; each is a small function that calls the real one.
    """

    def __init__(self, name: str, names: tuple[str, ...] = ()) -> None:
        super().__init__(name)
        self.__spec__ = importlib.machinery.ModuleSpec(name, None)
        self.forward_names(names)

    def forward_names(self, names: tuple[str, ...]) -> None:
        """Give the stand-in a function for each of ``names`` it lacks, calling the real one when called."""
        for attribute in names:
            if attribute not in self.__dict__:
                setattr(self, attribute, self._forward(attribute))

    def _forward(self, attribute: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(self._load(), attribute)(*args, **kwargs)

        return call

    def _load(self) -> ModuleType:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)
        return real

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(self._load(), attribute)


def defer(name: str, *names: str) -> None:
    """Put a :class:`Deferred` stand-in for module ``name`` in place, unless it is imported already.

    It is found by ``import`` and ``from ... import``, and as an attribute of
    its package where the package is imported already. A stand-in put in
    place earlier (by another engine's fence) is given the ``names`` it lacks.
    """
    existing = sys.modules.get(name)
    if isinstance(existing, Deferred):
        existing.forward_names(names)
    if existing is not None:
        return
    parent, _, child = name.rpartition(".")
    sys.modules[name] = stand_in = Deferred(name, names)
    if parent in sys.modules:
        setattr(sys.modules[parent], child, stand_in)
