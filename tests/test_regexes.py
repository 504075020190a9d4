"""Regular expressions served from the table written at install (``briefpub/startup/regexes.py``)."""

from __future__ import annotations

import json
import os
import re
import sys
import warnings
from array import array
from pathlib import Path

import pytest

import briefpub
import counted
from briefpub.startup import regexes, tablefile
from privatenames import exists

COUNTS_AT_EXIT = counted.command_saying("regexes", "regexes.COUNTS")

BRIEFING = (
    "Weekly brief\n\n- One key point.\n- Another one.\n\nWhat changed this week?\n\n"
    "Answer: A dispute over transit fees closed the pipeline.\n\nBody text, *emphasis*.\n"
)

OFF = {"BRIEFPUB_ENGINE_PATCHES_OFF": "regex-table"}


_run = counted.run


@pytest.mark.usefixtures("installed")
def test_every_pattern_in_the_table_gives_the_matcher_re_compiles() -> None:
    table = regexes.read_table(regexes.FILE)
    assert len(table) >= 100
    for (pattern, flags), entry in table.items():
        served = regexes.matcher(pattern, entry)
        compiled = regexes._ORIGINAL(pattern, flags)
        assert served == compiled, pattern  # re.Pattern equality compares the matchers' code
        assert (served.flags, served.groups, served.groupindex) == (
            compiled.flags,
            compiled.groups,
            compiled.groupindex,
        )


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize("command", ["slides", "html"])
def test_a_command_compiles_no_pattern_the_table_holds(tmp_path: Path, command: str) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    _run(COUNTS_AT_EXIT, command, "source/weekly.txt", cwd=tmp_path)
    again = _run(COUNTS_AT_EXIT, command, "source/weekly.txt", cwd=tmp_path)
    counts = json.loads(again.stderr.split("COUNTS ", 1)[1])
    assert counts["served"] >= 40
    # a pattern written from a set's characters (markdown-it's terminators) differs from run to run
    assert counts["compiled"] <= 2


@pytest.mark.usefixtures("installed")
def test_switched_off_re_is_left_alone() -> None:
    script = "import re, briefpub; print(re._compiler.compile.__module__)"
    assert _run(script, env=OFF).stdout.split() == ["re._compiler"]
    assert _run(script, env={"BRIEFPUB_ENGINE_PATCHES_OFF": "all"}).stdout.split() == ["re._compiler"]
    assert _run(script).stdout.split() == ["briefpub.startup.regexes"]


def test_python_compiles_patterns_as_relied_on() -> None:
    """Fails when Python's re changes what is relied on: read ``re/__init__.py`` and ``re/_compiler.py``
    of the new version, mend briefpub/startup/regexes.py, then update CHECKED_WITH."""
    names = [name for names in regexes.PRIVATE_NAMES.values() for name in names]
    assert all(exists(name) for name in names), f"{sys.version}, checked with {regexes.CHECKED_WITH}"
    assert "_compiler" in vars(re)["_compile"].__code__.co_names
    assert {"_sre", "compile"} <= set(regexes._ORIGINAL.__code__.co_names)


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A table file of the test's own in place of the package's; re's cache emptied."""
    path = tmp_path / "table"
    monkeypatch.setattr(regexes, "FILE", str(path))
    monkeypatch.setattr(regexes, "_table", None)
    monkeypatch.setattr(regexes, "COUNTS", {"served": 0, "compiled": 0})
    return path


PATTERN = r"(?P<word>[a-z]+)-(\d{1,3})"


def _entry(pattern: str, flags: int = 0) -> regexes.Entry:
    kept: dict[tuple[str | bytes, int], regexes.Entry] = {}
    regexes.recording(kept)
    try:
        regexes._compile(pattern, flags)
    finally:
        regexes.recording(None)
    return kept[(pattern, flags)]


def test_a_pattern_in_the_table_is_served(probe: Path) -> None:
    regexes.write_table({(PATTERN, 0): _entry(PATTERN)}, str(probe))
    served = regexes._compile(PATTERN, 0)
    assert served == regexes._ORIGINAL(PATTERN, 0)
    assert served.match("abc-12").groupdict() == {"word": "abc"}
    assert regexes.COUNTS == {"served": 1, "compiled": 0}


@pytest.mark.parametrize(
    "damage",
    [
        "none",
        "missing",
        "cut short",
        "another Python's matcher",
        "not a dict",
        "an entry not marshalled",
        "an entry not bytes",
        "an entry the matcher refuses",
        "code cut mid-word",
        "a bit flipped in the code",
        "too large",
        "a folder",
        "a link",
        "a pipe",
    ],
)
def test_a_missing_or_damaged_table_compiles_as_without_one(probe: Path, damage: str) -> None:
    import marshal
    from importlib.util import MAGIC_NUMBER

    entry = _entry(PATTERN)
    flags, code, groups, groupindex, indexgroup = entry

    def table(packed: object) -> bytes:
        return tablefile.seal(regexes.header(), marshal.dumps({(PATTERN, 0): packed}))

    whole = table(marshal.dumps(entry))
    literal = int(vars(re)["_constants"].LITERAL)
    hyphen = array(regexes._WORD, [literal, ord("-")]).tobytes()
    assert whole.count(hyphen) == 1
    written = {
        "none": whole,
        "cut short": whole[: len(whole) // 2],
        "another Python's matcher": regexes.FORMAT
        + MAGIC_NUMBER
        + b"20010101 4\n"
        + whole[len(regexes.header()) :],
        "not a dict": tablefile.seal(regexes.header(), marshal.dumps([(PATTERN, 0), marshal.dumps(entry)])),
        "an entry not marshalled": table(b"\xff\x00entry"),
        "an entry not bytes": table(entry),
        "an entry the matcher refuses": table(
            marshal.dumps((flags, b"\xff\xff\xff\x7f" + code, groups, groupindex, indexgroup))
        ),
        "code cut mid-word": table(marshal.dumps((flags, code[:-1], groups, groupindex, indexgroup))),
        "too large": whole + b"\0" * regexes.MAX_FILE,
        # the literal "-" made ",": _sre takes it (other flips crash it), the CRC does not
        "a bit flipped in the code": whole.replace(
            hyphen, array(regexes._WORD, [literal, ord(",")]).tobytes()
        ),
    }
    if damage in written:
        probe.write_bytes(written[damage])
    elif damage == "a folder":
        probe.mkdir()
    elif damage == "a link":
        (probe.parent / "real").write_bytes(whole)
        probe.symlink_to(probe.parent / "real")
    elif damage == "a pipe":  # refused, not waited on
        os.mkfifo(probe)
    assert regexes._compile(PATTERN, 0) == regexes._ORIGINAL(PATTERN, 0)
    served = int(damage == "none")
    assert regexes.COUNTS["served"] == served
    assert regexes.COUNTS["compiled"] == 1 - served


def test_debug_and_parsed_patterns_are_always_compiled(
    probe: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    regexes.write_table(
        {(PATTERN, 0): _entry(PATTERN), (PATTERN, int(re.DEBUG)): _entry(PATTERN)}, str(probe)
    )
    regexes._compile(PATTERN, re.DEBUG)
    assert "SUBPATTERN" in capsys.readouterr().out  # re.DEBUG's listing, printed as it compiles
    scanner = vars(re)["Scanner"]([(r"\d+", lambda scanner, token: int(token))])
    assert scanner.scan("12")[0] == [12]
    assert regexes.COUNTS["served"] == 0


def test_a_pattern_that_warns_warns_and_is_not_recorded() -> None:
    kept: dict[tuple[str | bytes, int], regexes.Entry] = {}
    regexes.recording(kept)
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            regexes._compile("[[:alpha:]]", 0)  # a possible nested set: FutureWarning
            regexes._compile(PATTERN, 0)
    finally:
        regexes.recording(None)
    assert [w.category for w in warned] == [FutureWarning]
    assert list(kept) == [(PATTERN, 0)]


def test_the_table_is_written_whole_and_bounded(tmp_path: Path) -> None:
    target = tmp_path / "table"
    regexes.write_table({(PATTERN, 0): _entry(PATTERN)}, str(target))
    assert [path.name for path in tmp_path.iterdir()] == ["table"]
    assert list(regexes.read_table(str(target))) == [(PATTERN, 0)]
    with pytest.raises(ValueError, match="more than"):
        regexes.write_table(
            {(str(n), 0): _entry(PATTERN) for n in range(regexes.MAX_ENTRIES + 1)}, str(target)
        )
    assert list(regexes.read_table(str(target))) == [(PATTERN, 0)]


@pytest.mark.usefixtures("installed")
def test_no_table_is_read_from_a_project_and_none_written_by_a_run(tmp_path: Path) -> None:
    name = Path(regexes.FILE).name
    for folder in ("__pycache__", "output/.briefpub-cache", "source/__pycache__"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / name).write_bytes(b"planted")
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    table = Path(regexes.FILE)
    before = table.stat().st_mtime_ns, table.read_bytes()
    opened = (
        "import sys\n"
        "seen = []\n"
        f"sys.addaudithook(lambda event, args: event == 'open' and {name!r} in str(args[0])"
        " and seen.append(str(args[0])))\n"
        "import atexit\n"
        "atexit.register(lambda: sys.__stderr__.write('OPENED ' + '|'.join(seen) + '\\n'))\n"
        "sys.argv = ['briefpub', 'html', 'source/weekly.txt']\n"
        "from briefpub.cli import main\n"
        "main()\n"
    )
    out = _run(opened, cwd=tmp_path)
    assert out.stderr.split("OPENED ", 1)[1].split()[0].split("|") == [regexes.FILE]
    assert (table.stat().st_mtime_ns, table.read_bytes()) == before
    assert Path(regexes.FILE).parent == Path(briefpub.__file__).parent / "__pycache__"
