"""Writing outputs: atomic, permissions as the umask says, dates from the briefing, never the clock."""

from __future__ import annotations

import datetime
import os
import stat
from pathlib import Path

import pytest

from briefpub.errors import BriefpubError
from briefpub.model.briefing import source_date
from briefpub.publish.output import TEMPORARY_SUFFIX, write_atomic
from briefpub.reader.structure import parse
from conftest import Run


def test_write_atomic_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.pdf"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def refuse(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(BriefpubError, match="cannot write: No space left on device"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert not list(tmp_path.glob(f"*{TEMPORARY_SUFFIX}"))


def test_an_interrupted_write_removes_its_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "out.pdf", b"data")
    assert list(tmp_path.iterdir()) == []


def test_the_longest_legal_name_can_be_written(tmp_path: Path) -> None:
    target = tmp_path / ("é" * 125 + ".pdf")  # 254 bytes
    write_atomic(target, b"x")
    assert target.read_bytes() == b"x"


def test_an_unwritable_folder_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(BriefpubError, match="cannot write"):
        write_atomic(tmp_path / "file" / "out.pdf", b"x")


def test_source_date_is_the_briefing_s_date_then_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    dated = parse("---\ndate: 2026-11-23\n---\nT\n\nQ?\n\nAnswer: A.\n")
    undated = parse("T\n\nQ?\n\nAnswer: A.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert source_date(dated) == datetime.datetime(2026, 11, 23)
    assert source_date(undated) == datetime.datetime(1970, 1, 2)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date(undated) is None


def _device(folder: Path) -> Path | None:
    """Return a character device like /dev/null made in ``folder``, or None where mknod is not allowed."""
    node = folder / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        return None
    return node


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_only_a_regular_file_is_replaced(tmp_path: Path, kind: str) -> None:
    """``-o /dev/null`` replaced the machine's /dev/null with a regular file: a device is refused."""
    target = tmp_path / "out.pdf"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        made = _device(tmp_path)
        if made is None:
            pytest.skip("mknod needs root")
        target = made
    before = os.lstat(target).st_mode
    with pytest.raises(BriefpubError, match="cannot write"):
        write_atomic(target, b"%PDF")
    assert os.lstat(target).st_mode == before
    assert not list(tmp_path.glob(f"*{TEMPORARY_SUFFIX}"))


def test_cli_refuses_to_write_over_a_device(run: Run, tmp_path: Path) -> None:
    made = _device(tmp_path)
    if made is None:
        pytest.skip("mknod needs root")
    (tmp_path / "b.txt").write_text("Title\n\nWhy?\n\nAnswer: Because.\n\nThe body.\n", encoding="utf-8")
    done = run("html", "b.txt", "-o", str(made), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert "regular files" in done.stderr
    assert stat.S_ISCHR(os.lstat(made).st_mode)
