"""The deck, stage by stage: the master's package cleaned, the master read, text measured, a plan, the pptx.

``package`` (the .pptx as untrusted parts) → ``master`` (layouts and their
placeholders, across every slide master) → ``styles`` (the text properties
PowerPoint would use in each placeholder) → ``textfit`` (wrapping with real
font metrics) → ``plan`` (every slide decided, as plain data) → ``emit``
(the plan written with python-pptx).
"""

# First, before any module of the deck imports python-pptx: the fence puts its stand-ins in place.
from briefpub.deck import pptxengine  # noqa: F401
