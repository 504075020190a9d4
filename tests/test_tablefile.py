"""The one reader and writer of the tables install keeps in the package's ``__pycache__`` (tablefile.py)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefpub.startup import tablefile

START = b"briefpub test table 1\n"
BODY = b"the table's body"


def test_a_sealed_file_reads_back_its_body(tmp_path: Path) -> None:
    path = tmp_path / "table"
    tablefile.write(path, tablefile.seal(START, BODY), 1000)
    assert bytes(tablefile.read(path, START, 1000) or b"") == BODY
    assert [p.name for p in tmp_path.iterdir()] == ["table"]  # nothing staged left
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # read by every user of an installed package


@pytest.mark.parametrize(
    "damage",
    [
        "missing",
        "another header",
        "a bit flipped",
        "cut short",
        "only a header",
        "too large",
        "a link",
        "a folder",
        "a pipe",
    ],
)
def test_anything_but_a_whole_sealed_file_reads_as_none(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "table"
    whole = tablefile.seal(START, BODY)
    written = {
        "another header": tablefile.seal(b"briefpub test table 2\n", BODY),
        "a bit flipped": whole[:-1] + bytes([whole[-1] ^ 1]),
        "cut short": whole[:-1],
        "only a header": START + b"\0\0",
        "too large": tablefile.seal(START, BODY * 100),
    }
    if damage in written:
        path.write_bytes(written[damage])
    elif damage == "a link":
        (tmp_path / "real").write_bytes(whole)
        path.symlink_to(tmp_path / "real")
    elif damage == "a folder":
        path.mkdir()
    elif damage == "a pipe":
        os.mkfifo(path)
    assert tablefile.read(path, START, 1000) is None


def test_a_table_over_its_limit_is_refused_and_the_old_one_kept(tmp_path: Path) -> None:
    path = tmp_path / "table"
    tablefile.write(path, tablefile.seal(START, BODY), 1000)
    with pytest.raises(ValueError, match="more than the 1000"):
        tablefile.write(path, tablefile.seal(START, BODY * 100), 1000)
    assert bytes(tablefile.read(path, START, 1000) or b"") == BODY
    assert [p.name for p in tmp_path.iterdir()] == ["table"]


def test_a_mapping_reads_back_and_anything_else_reads_as_empty(tmp_path: Path) -> None:
    import marshal

    path = tmp_path / "table"
    tablefile.write_mapping(path, START, {"b": 2, "a": (1, b"x")}, (10, 1000))
    assert tablefile.read_mapping(path, START, 1000) == {"a": (1, b"x"), "b": 2}
    for body in (marshal.dumps([1, 2]), b"\xff not marshal"):
        path.write_bytes(tablefile.seal(START, body))
        assert tablefile.read_mapping(path, START, 1000) == {}
    with pytest.raises(ValueError, match="more than the 1 a table holds"):
        tablefile.write_mapping(path, START, {"a": 1, "b": 2}, (1, 1000))


def test_every_table_install_makes_is_in_the_packages_own_pycache() -> None:
    """Named by the package's own path alone, absolute: never a project's, the working folder's."""
    import briefpub
    from briefpub import cache, cairoengine
    from briefpub.newsletter import precompiled
    from briefpub.startup import records, regexes

    pycache = Path(briefpub.__file__).parent / "__pycache__"
    assert cache.SHIPPED is not None
    files: list[str | Path] = [
        records.FILE,
        records.SELECTOR_FILE,
        records.FORWARD_FILE,
        regexes.FILE,
        cairoengine.ENTRY,
    ]
    paths = [Path(file) for file in files] + [precompiled.FOLDER, cache.SHIPPED]
    assert all(path.is_absolute() for path in paths), paths
    assert {path.parent for path in paths} == {pycache}


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=1, max_size=2000), st.data())
def test_any_one_bit_flipped_or_any_cut_is_not_read(body: bytes, data: st.DataObject) -> None:
    """What crashed ``_sre`` and ``_cffi_backend`` in the fuzz run: one bit anywhere, or a file cut short."""
    whole = tablefile.seal(START, body)
    bit = data.draw(st.integers(0, len(whole) * 8 - 1))
    flipped = bytearray(whole)
    flipped[bit // 8] ^= 1 << (bit % 8)
    cut = data.draw(st.integers(0, len(whole) - 1))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table"
        for damaged in (bytes(flipped), whole[:cut]):
            path.write_bytes(damaged)
            assert tablefile.read(path, START, 10_000) is None
        path.write_bytes(whole)
        assert bytes(tablefile.read(path, START, 10_000) or b"") == body
