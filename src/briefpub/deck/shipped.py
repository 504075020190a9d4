"""What briefpub learns of its own deck master, learned once at install: ``python -m briefpub.deck.shipped``.

A new project's first deck on the packaged master would read its layouts and
paint every one it measures a colour on (numpy imported, about 0.1 s of a
0.3 s first deck), the same work for every project. Run at install beside
``compileall`` (``scripts/bootstrap``), this module does it once and writes
the entries into the package's ``__pycache__/shipped`` (:data:`briefpub.cache.SHIPPED`),
where every run looks after its project's own cache; and the packaged master as
cleaned (:func:`briefpub.deck.master.clean_entry`), so no run cleans it again.

The entries are the project cache's, named the same way (the master's hash,
each layout and its colours, the source of the code that reads and paints),
so code changed since they were made simply finds none, and works it out as
before; the folder is emptied before each writing, so it keeps no stale one.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil

from briefpub.cache import SHIPPED, Cache, write_entries
from briefpub.deck import learned
from briefpub.deck.master import clean_entry, load_master
from briefpub.deck.package import clean_template
from briefpub.deck.paintings import Paintings
from briefpub.packaged import PACKAGE_DECK


def learn_packaged_master() -> dict[str, bytes]:
    """Return the entries a first deck on the packaged master makes: its template, each layout painted.

    And the master as cleaned, when cleaning removed nothing (it has nothing
    to warn about): a deck on it then opens that and cleans nothing.
    """
    cache = Cache(None, shipped=False)  # nothing found: everything worked out and collected in cache.new
    data = PACKAGE_DECK.read_bytes()
    clean, removed = clean_template(data, "the built-in master")
    if not removed:
        cache.put(clean_entry(hashlib.sha256(data).hexdigest()), clean)
    master = load_master(PACKAGE_DECK, None, cache)
    cache.put(
        learned.shipped_name(master.digest, "the built-in master"),
        learned.encode_shipped(master.template),
    )
    surfaces = master.template.surfaces
    assert surfaces is not None
    surfaces.store = Paintings(cache, master.digest)
    for layout in master.template.layouts:
        surfaces.of(layout.master, layout.index, layout.colours)
    return cache.new


def main() -> None:
    """Write the packaged master's entries into :data:`briefpub.cache.SHIPPED`, replacing what was there."""
    entries = learn_packaged_master()
    assert SHIPPED is not None
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(SHIPPED)
    with contextlib.suppress(
        FileNotFoundError
    ):  # the folder's name before (``kept``, the project cache's word)
        shutil.rmtree(SHIPPED.parent / "kept")
    SHIPPED.mkdir(parents=True)
    write_entries(SHIPPED, entries)
    for path in SHIPPED.iterdir():
        path.chmod(0o644)  # read by every user of an installed package (entries are written private)


if __name__ == "__main__":
    main()
