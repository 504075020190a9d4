"""Every patch and stand-in briefpub puts into an engine or the standard library, by switch: the one list.

For speed (issue 29) briefpub changes what some engines do inside: a private
function replaced, a module stood in for until used, compiled code served from
a table made at install. Each such change lives in its engine's *fence*
module, with the private names it relies on (``PRIVATE_NAMES``), the versions
read (``CHECKED_WITH``) and a test that fails when the engine changes them.
Each has a switch name: ``BRIEFPUB_ENGINE_PATCHES_OFF=name[,name...]`` (or
``all``) turns it off as the fence module is imported, to compare outputs
(which must be the same, byte for byte or pixel for pixel) or to work around an
engine upgrade; a speed patch off costs only speed.

:data:`FENCES` names every fence module and its switches (each module's
``PATCHES`` is its entry here): ``tests/test_patches.py`` keeps every module
that patches listed, the names unique across modules, and the README's table
of switches complete.
"""

from __future__ import annotations

import os

VARIABLE = "BRIEFPUB_ENGINE_PATCHES_OFF"
"""The environment variable naming the patches turned off (comma-separated, or ``all``)."""

FENCES: dict[str, tuple[str, ...]] = {
    "briefpub.startup.records": ("dataclass-methods", "selector-code", "forward-refs"),
    "briefpub.startup.regexes": ("regex-table",),
    "briefpub.startup.stdlibengine": ("stdlib-deferred",),
    "briefpub.startup.clickengine": ("click-uuid", "click-short-options"),
    "briefpub.cairoengine": ("cairo-ffi-ahead", "cairo-library-lookup", "cairo-deferred-imports"),
    "briefpub.newsletter.jinjaengine": ("jinja2-compiler-deferred",),
    "briefpub.newsletter.engines": (
        "library-lookup",
        "weasyprint-deferred-imports",
        "png-rows",
        "page-references",
        "footnotes",
        "leaders",
        "zero-adjustments",
        "deflate-level",
        "page-styles",
        "target-counters",
        "tags",
    ),
    "briefpub.deck.pptxengine": (
        "pptx-xpath",
        "pptx-qn",
        "pptx-deferred-imports",
        "deferred-charts",
        "png-header",
        "notes-copies",
        "slide-copies",
    ),
}
"""Each fence module (by its import name) and the switch names of its patches."""


def switched_on(patches: tuple[str, ...]) -> dict[str, bool]:
    """Return which of ``patches`` are on: all but those :data:`VARIABLE` names (none with ``all``)."""
    off = {name.strip() for name in os.environ.get(VARIABLE, "").split(",")}
    return {name: "all" not in off and name not in off for name in patches}
