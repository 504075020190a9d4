"""What makes a cold command start fast, in one place: tables made at install, stand-ins, and their switches.

A command is a fresh Python process, so what it imports and compiles before it
does any work is much of its time (issue 29; ``bench/README.md`` measures each
piece). Nothing here changes what briefpub makes; each piece is a patch of an
engine or of the standard library, fenced as the engines' own fences are
(``PRIVATE_NAMES``, ``CHECKED_WITH``, a test that fails when what it relies on
changes) and switchable by name (:mod:`.patches`, ``BRIEFPUB_ENGINE_PATCHES_OFF``):

- :mod:`.records` serves briefpub's dataclass methods, cssselect2's selectors
  and ``typing``'s forward references compiled from tables :mod:`.install`
  writes at install time, and :mod:`.regexes` the regular expressions' code;
  :mod:`.tablefile` reads and writes every such table (bounded, sealed, from
  the package's own ``__pycache__`` only).
- :mod:`.deferred` stands in for modules until first used; :mod:`.clickengine`
  and :mod:`.stdlibengine` use it for Click and the standard library;
  :mod:`.libraries` finds a C library by its soname without ``ldconfig``.
- :mod:`.patches` lists every patch of every fence, here and in the engines'
  own fence modules (``newsletter/engines.py``, ``deck/pptxengine.py``,
  ``cairoengine.py``, ``newsletter/jinjaengine.py``).
"""
