"""``python -m briefpub`` and the ``briefpub`` command: the command line, with the collector paused first.

Importing the commands (Click, the configuration, the model) makes some
hundred thousand objects that live as long as the process, and the cyclic
collector walked them some twenty times while they were made: about 3 ms of
a cold command. :func:`briefpub.cli.main` pauses it for the run (and the
editions resume it once their engines are frozen); :func:`run` pauses it
before the commands are imported, which ``import briefpub.cli`` alone (a
library's import) must not do.
"""

from __future__ import annotations

import gc


def run() -> None:
    """Run the command line (the ``briefpub`` script's entry point)."""
    gc.disable()
    from briefpub.cli import main

    main()


if __name__ == "__main__":
    run()
