"""``python -m briefpub``."""

from briefpub.cli import main

main()
