"""The deck, stage by stage: the master's package cleaned, the master read, text measured, a plan, the pptx.

``package`` (the .pptx as untrusted parts) → ``master`` (layouts and their
placeholders, across every slide master) → ``styles`` (the text properties
PowerPoint would use in each placeholder) → ``textfit`` (wrapping with real
font metrics) → ``plan`` (every slide decided, as plain data) → ``emit``
(the plan written with python-pptx).
"""

import urllib  # noqa: F401 - the package only (empty), so the stand-in below becomes its attribute

import PIL  # noqa: F401 - the package only (its version), so the stand-in below becomes its attribute

from briefpub.deferred import defer

# python-pptx imports xml.sax.saxutils for escape(), and saxutils imports urllib.request (with
# http.client, email and ssl: a fifth of python-pptx's import) for a function no deck calls.
defer("urllib.request")
# python-pptx imports Pillow's Image (with its EXIF tables) to read a picture's size: a deck without
# pictures never calls it (about 8 ms of a cold deck).
defer("PIL.Image")
