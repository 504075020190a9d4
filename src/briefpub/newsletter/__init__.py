"""The newsletter editions: one HTML page from Jinja2 templates, printed to PDF, shown on the web, mailed.

``templating`` (the sandbox untrusted templates run in) → ``page`` (the page
for every edition, and the web edition's embedding) with ``prose`` (rich text
as HTML) → ``pdf`` (WeasyPrint, through ``engines``) and ``mail`` (the
e-mail edition: inlined styles, attached images, a plain-text twin).
"""

# First, before any module of the newsletter imports Jinja2: the fence puts its stand-ins in place.
from briefpub.newsletter import jinjaengine  # noqa: F401
