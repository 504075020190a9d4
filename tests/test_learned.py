"""A master as read, kept in the project's cache: the same template comes back, a second deck reads none.

Counted, not timed: how many masters a fresh process reads (``learned.READ``)
and the deck's bytes; and every master's template goes through JSON and back
unchanged (a field of a type the cache cannot keep fails here, not in a run).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import masters
from briefpub.cache import FOLDER, Cache
from briefpub.deck import learned
from briefpub.deck.master import Template, load_master
from briefpub.packaged import PACKAGE_DECK

BRIEFING = (
    "Weekly\n\n- A point.\n\nWhat changed?\nAnswer: A dispute.\n\nBody.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n"
)
_COUNT = (
    "import sys\n"
    "import briefpub.cache\n"
    "briefpub.cache.SHIPPED = None  # the project's cache alone, not what install learned\n"
    "from briefpub.cli import cli\n"
    "from briefpub.deck import learned\n"
    "try:\n"
    "    cli(['slides', 'source/weekly.txt'], prog_name='briefpub')\n"
    "except SystemExit as exit:\n"
    "    assert not exit.code, exit.code\n"
    "print(sum(learned.READ.values()))\n"
)

MASTERS: dict[str, Callable[[Path], Path]] = {
    "packaged": lambda _folder: PACKAGE_DECK,
    "corporate": lambda folder: masters.corporate_master(folder, figure_layout=True),
    "dark": lambda folder: masters.dark_master(folder, photo=True, rule=True),
    "furniture": lambda folder: masters.furniture_master(folder, vertical="vert270"),
}


@pytest.mark.parametrize("name", sorted(MASTERS))
def test_every_master_read_comes_back_from_json_the_same(tmp_path: Path, name: str) -> None:
    template = load_master(MASTERS[name](tmp_path)).template
    back = learned.decode(learned.encode(template), Template)
    assert back == template
    assert back.table_styles == template.table_styles  # not compared by ==
    assert back.surfaces is None  # the painter is this run's (Master.learn gives it one)


def _project(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    return tmp_path


def _deck(project: Path) -> tuple[int, bytes]:
    """Make the deck in a fresh process; return how many masters it read and its bytes."""
    result = subprocess.run(
        [sys.executable, "-c", _COUNT], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1]), (project / "output" / "weekly.pptx").read_bytes()


def _entry(project: Path) -> Path:
    (entry,) = (project / "output" / FOLDER).glob("template-*")
    return entry


def test_a_second_deck_on_the_same_master_reads_no_master(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _deck(project)[0] == 1
    read, deck = _deck(project)
    assert read == 0, "the master was read again"
    assert _deck(project) == (0, deck)


def _forge(entry: Path, change: Callable[[Any], Any]) -> None:
    """Rewrite an entry's payload with ``change`` under a first line that matches it (a hostile entry)."""
    header, payload = entry.read_bytes().split(b"\n", 1)
    changed = change(json.loads(payload))
    forged = changed if isinstance(changed, bytes) else json.dumps(changed).encode()
    digest = hashlib.sha256(forged).hexdigest().encode()
    entry.write_bytes(header.rsplit(b" ", 1)[0] + b" " + digest + b"\n" + forged)


def _nested(_: Any) -> bytes:
    return b"[" * 200_000 + b"]" * 200_000


def _width(found: Any, number: str) -> bytes:
    """Return the entry with the slide's width written as ``number`` (JSON has no infinity or NaN)."""
    text, replaced = re.subn(r'"width": [-0-9.e+]+', f'"width": {number}', json.dumps(found), count=1)
    assert replaced == 1
    return text.encode()


def _set(path: str, value: Any) -> Callable[[Any], Any]:
    """Return a change setting the field at ``path`` (``layouts.0.placeholders.0.box.width``) to ``value``."""

    def change(found: Any) -> Any:
        *parents, last = path.split(".")
        target = found
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is KeyError:
            del target[last]
        else:
            target[int(last) if isinstance(target, list) else last] = value
        return found

    return change


FORGED = {
    "a field missing": _set("layouts.0.name", KeyError),
    "a field more": lambda found: {**found, "script": "__import__('os')"},
    "a string for a number": _set("width", "720"),
    "a number too large": _set("layouts.0.placeholders.0.box.width", 1e300),
    "an infinity": lambda found: _width(found, "1e999"),
    "a nan": lambda found: _width(found, "NaN"),
    "a boolean for a number": _set("height", True),
    "a list for a tuple of four": _set("layouts.0.placeholders.0.style.insets", [1.0, 2.0]),
    "nested too deep": _nested,
    "not base64": _set("table_styles", "<xml>"),
}


@pytest.mark.parametrize("how", sorted(FORGED))
def test_a_forged_template_is_not_used_and_the_master_is_read_again(tmp_path: Path, how: str) -> None:
    project = _project(tmp_path)
    _, deck = _deck(project)
    _forge(_entry(project), FORGED[how])
    assert _deck(project) == (1, deck)


def test_a_template_of_a_type_the_cache_cannot_keep_is_read_every_run(tmp_path: Path) -> None:
    @dataclasses.dataclass(frozen=True)
    class Odd:
        where: set[str]

    cache = Cache(None)
    made = learned.template(cache, "d", "n", Odd, lambda: Odd({"x"}), lambda kept: kept)
    assert made == Odd({"x"})
    assert cache.new == {}
    with pytest.raises(TypeError):
        learned.encode(Odd({"x"}))


_FIRST = (
    "import sys\n"
    "from briefpub.cli import cli\n"
    "from briefpub.deck import learned, paintings\n"
    "try:\n"
    "    cli(['slides', 'source/weekly.txt'], prog_name='briefpub')\n"
    "except SystemExit as exit:\n"
    "    assert not exit.code, exit.code\n"
    "print(sum(learned.READ.values()), sum(paintings.PAINTED.values()), 'numpy' in sys.modules)\n"
)


def test_a_first_deck_on_the_packaged_master_finds_what_install_learned(tmp_path: Path) -> None:
    """``python -m briefpub.deck.shipped`` (scripts/bootstrap) reads and paints the packaged master once."""
    subprocess.run([sys.executable, "-m", "briefpub.deck.shipped"], check=True, timeout=300)
    project = _project(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", _FIRST], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["0", "0", "False"], "the master read or painted, or numpy imported"
    assert not (project / "output" / FOLDER).exists()  # nothing new to keep


_CLEANED = (
    "import sys\n"
    "import briefpub.cache\n"
    "if sys.argv[1] == 'project-only':\n"
    "    briefpub.cache.SHIPPED = None\n"
    "from briefpub.cli import cli\n"
    "from briefpub.deck import master\n"
    "try:\n"
    "    cli(['slides', 'source/weekly.txt'], prog_name='briefpub')\n"
    "except SystemExit as exit:\n"
    "    assert not exit.code, exit.code\n"
    "print(sum(master.CLEANED.values()))\n"
)


def _cleaned(project: Path, shipped: str) -> tuple[int, bytes]:
    """Make the deck in a fresh process; return how many masters it cleaned and its bytes."""
    result = subprocess.run(
        [sys.executable, "-c", _CLEANED, shipped],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1]), (project / "output" / "weekly.pptx").read_bytes()


def _members(package: bytes) -> list[tuple[str, bytes]]:
    """Return a zip's members in order with their bytes (not their dates: a package cleaned is dated then)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def test_the_packaged_master_is_cleaned_at_install_and_opened_as_then(tmp_path: Path) -> None:
    """``python -m briefpub.deck.shipped`` keeps the packaged master cleaned: no deck cleans it again."""
    from briefpub.deck.master import clean_entry
    from briefpub.deck.package import clean_template

    subprocess.run([sys.executable, "-m", "briefpub.deck.shipped"], check=True, timeout=300)
    data = PACKAGE_DECK.read_bytes()
    kept = Cache(None).get(clean_entry(hashlib.sha256(data).hexdigest()))
    assert kept is not None
    assert _members(kept) == _members(clean_template(data, "the built-in master")[0])  # what cleaning gives
    project = _project(tmp_path)
    installed, anew = _cleaned(project, "installed"), _cleaned(project, "project-only")
    assert (installed[0], anew[0]) == (0, 1)
    assert installed[1] == anew[1]


def test_a_cleaned_master_planted_in_the_projects_cache_is_never_read(tmp_path: Path) -> None:
    """Cleaning is the security step: the project's cache, where anyone may write, never skips it."""
    from briefpub.cache import write_entries
    from briefpub.deck.master import clean_entry

    project = _project(tmp_path)
    (project / "output" / FOLDER).mkdir(parents=True)
    name = clean_entry(hashlib.sha256(PACKAGE_DECK.read_bytes()).hexdigest())
    write_entries(project / "output" / FOLDER, {name: b"PK not a package briefpub cleaned"})
    assert Cache(project / "output" / FOLDER, shipped=False).get(name) is not None  # whole, and named right
    assert _cleaned(project, "project-only")[0] == 1


def test_installs_template_of_the_packaged_master_is_the_one_read(tmp_path: Path) -> None:
    """What install keeps marshalled (read without the JSON's checks) is the master as read."""
    subprocess.run([sys.executable, "-m", "briefpub.deck.shipped"], check=True, timeout=300)
    master = load_master(PACKAGE_DECK)
    installed = learned._shipped(master.digest, "the built-in master")
    read = learned.decode(learned.encode(master.template), Template)  # as read, less the painter
    assert installed == read
    assert installed.table_styles == read.table_styles  # not compared by ==
    code = _FIRST.replace("try:", "learned.decode = None  # not the JSON: install's own\ntry:")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=_project(tmp_path), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["0", "0", "False"]  # no master read, none painted, no numpy


def test_an_installed_template_is_read_from_installs_folder_only_and_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marshal

    import briefpub.cache
    from briefpub.cache import write_entries

    name = learned.shipped_name("0" * 64, "the built-in master")
    project_cache = tmp_path / "project"
    project_cache.mkdir()
    write_entries(project_cache, {name: learned.encode_shipped(load_master(PACKAGE_DECK).template)})
    monkeypatch.setattr(briefpub.cache, "SHIPPED", tmp_path / "installed")
    (tmp_path / "installed").mkdir()
    assert learned._shipped("0" * 64, "the built-in master") is None  # the project's copy is never read
    nested: Any = ()
    for _ in range(1500):
        nested = (nested,)
    for damaged in (
        b"garbage",
        marshal.dumps(["os:system", {}]),
        marshal.dumps(["briefpub.deck.master:Nope", {}]),
        marshal.dumps(["briefpub.deck.learned:reader_source", {}]),  # a function: never called
        marshal.dumps(["briefpub.deck.master:Template"]),
        marshal.dumps([]),
        marshal.dumps(nested),  # deeper than the recursion limit
    ):
        write_entries(tmp_path / "installed", {name: damaged})
        assert learned._shipped("0" * 64, "the built-in master") is None


def test_an_edited_module_of_the_deck_is_another_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries are named by the deck's code as Python tells stale bytecode: size and time of change."""
    import os
    import shutil

    folder = tmp_path / "deck"
    shutil.copytree(Path(learned.__file__).parent, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(learned, "__file__", str(folder / "learned.py"))
    learned.reader_source.cache_clear()
    before = learned.reader_source()
    learned.reader_source.cache_clear()
    assert learned.reader_source() == before  # the same files: the same name
    stat = (folder / "styles.py").stat()
    (folder / "styles.py").write_text((folder / "styles.py").read_text() + "\n# edited\n")
    learned.reader_source.cache_clear()
    edited = learned.reader_source()
    os.utime(folder / "styles.py", ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with its old time
    learned.reader_source.cache_clear()
    assert before != edited
    assert before != learned.reader_source()  # its size tells it
    monkeypatch.undo()
    learned.reader_source.cache_clear()  # the package's own again, for the tests after this one
