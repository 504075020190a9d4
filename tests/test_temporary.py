"""A temporary file made as ``tempfile.mkstemp`` makes one (``briefpub/temporary.py``), without tempfile."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from briefpub import temporary

FIRST = bytes(6).hex()


def test_a_new_file_for_its_owner_only_with_an_absolute_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    fd, name = temporary.create(Path("out"), ".report.", ".tmp")
    os.write(fd, b"data")
    os.close(fd)
    path = Path(name)
    assert path.is_absolute()
    assert path.parent == tmp_path / "out"
    assert path.name.startswith(".report.")
    assert path.name.endswith(".tmp")
    assert path.read_bytes() == b"data"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_name_taken_or_a_link_there_is_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tries = [bytes(6), bytes(6), b"\x01" * 6]
    monkeypatch.setattr(os, "urandom", lambda n: tries.pop(0))
    (tmp_path / f"x{FIRST}.tmp").symlink_to(tmp_path / "target")  # a link named as the first try
    fd, name = temporary.create(tmp_path, "x", ".tmp")
    os.close(fd)
    assert Path(name).name == "x" + (b"\x01" * 6).hex() + ".tmp"
    assert not (tmp_path / "target").exists()  # the link was not followed to create its target


def test_no_name_found_is_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "urandom", bytes)
    (tmp_path / f"x{FIRST}.tmp").write_bytes(b"")
    with pytest.raises(FileExistsError):
        temporary.create(tmp_path, "x", ".tmp")


def test_writing_an_output_imports_no_tempfile(tmp_path: Path) -> None:
    script = (
        "import sys\nfrom pathlib import Path\nfrom briefpub.publish import output\n"
        f"output.write_atomic(Path({str(tmp_path / 'a.txt')!r}), b'x')\n"
        "print('tempfile' in sys.modules, 'random' in sys.modules)"
    )
    run = [sys.executable, "-c", script]
    out = subprocess.run(run, capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split() == ["False", "False"]
    assert (tmp_path / "a.txt").read_bytes() == b"x"
