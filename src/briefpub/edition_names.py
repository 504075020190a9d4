"""The names of the editions, in the order ``build`` makes them: known here without importing anything.

The command line needs them to parse ``--only`` before any module that
renders, reads or configures is imported; :mod:`briefpub.publish.editions`
holds what each edition is.
"""

EDITIONS = ("pdf", "slides", "html", "email")
"""Every edition, by its name in :data:`briefpub.publish.editions.REGISTRY`; ``build`` makes all."""
