"""Reading source files: encodings, limits and files that are not files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefpub import SourceError, parse

TEXT = "Title\n\nQ?\n\nAnswer: Café “quoted”.\n\nBody.\n"


def write(tmp_path: Path, data: bytes, name: str = "b.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def error_of(path: Path, **kwargs: object) -> SourceError:
    with pytest.raises(SourceError) as info:
        parse(path, file="b.txt", **kwargs)  # type: ignore[arg-type]
    return info.value


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_encodings_with_bom(tmp_path: Path, codec: str) -> None:
    b = parse(write(tmp_path, TEXT.encode(codec)))
    assert b.sections[0].answer == "Café “quoted”."


def test_windows_1252_is_refused_with_line_and_advice(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, TEXT.encode("cp1252")))
    assert err.line == 5
    assert "Windows-1252" in err.message
    assert "--encoding windows-1252" in err.message
    assert "iconv" in err.message


def test_windows_1251_is_recognised(tmp_path: Path) -> None:
    russian = "Заголовок\n\nВопрос?\n\nAnswer: Ответ на вопрос здесь.\n"
    err = error_of(write(tmp_path, russian.encode("cp1251")))
    assert err.line == 1
    assert "Windows-1251" in err.message


def test_utf16_without_bom_is_named(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, TEXT.encode("utf-16-le")))
    assert "UTF-16" in err.message


def test_encoding_option_reads_legacy_file(tmp_path: Path) -> None:
    b = parse(write(tmp_path, TEXT.encode("cp1252")), encoding="windows-1252")
    assert b.sections[0].answer == "Café “quoted”."


def test_unknown_encoding(tmp_path: Path) -> None:
    assert "unknown encoding" in error_of(write(tmp_path, b"x"), encoding="nope").message


def test_bad_byte_line_with_crlf(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, b"Title\r\n\r\nQ?\r\n\r\nAnswer: caf\xe9\r\n"))
    assert err.line == 5


def test_encoded_lone_surrogate_is_dropped(tmp_path: Path) -> None:
    b = parse(write(tmp_path, b"Title\n\nQ?\n\nAnswer: a\xed\xa0\x80b\n"))
    assert b.sections[0].answer == "ab"
    assert b.warnings[0].line == 5


def test_size_limit_checked_before_reading(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, TEXT.encode() * 100), max_bytes=1000)
    assert "larger than" in err.message
    assert err.line is None


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in error_of(tmp_path / "missing.txt").message


def test_folder(tmp_path: Path) -> None:
    assert "folder" in error_of(tmp_path).message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in error_of(fifo).message


def test_device_is_refused() -> None:
    with pytest.raises(SourceError, match="not a regular file"):
        parse(Path("/dev/zero"))


def test_binary_file_is_named_as_such(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200) + bytes(range(256))
    err = error_of(write(tmp_path, png))
    assert err.message == "is a binary file, not a text briefing"


def test_utf16_big_endian_without_bom(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, TEXT.encode("utf-16-be")))
    assert err.message.endswith("--encoding utf-16-be")


def test_a_stray_nul_is_only_dropped(tmp_path: Path) -> None:
    b = parse(write(tmp_path, TEXT.replace("Body.", "Bo\x00dy.").encode()))
    assert b.sections[0].body == ("Body.",)
    assert b.warnings


@pytest.mark.parametrize("codec", ["punycode", "idna", "rot13", "base64", "uu", "hex", "undefined"])
def test_a_codec_that_is_not_a_text_encoding_is_refused_in_one_line(tmp_path: Path, codec: str) -> None:
    """``--encoding punycode`` was an internal UnicodeError; ``rot13`` was called unknown."""
    err = error_of(write(tmp_path, TEXT.encode("utf-8") + b"\xff\n"), encoding=codec)
    assert f"{codec!r} is not a text encoding" in err.message


def test_a_codec_that_is_not_a_text_encoding_is_a_config_error(tmp_path: Path) -> None:
    from briefpub.config import load_config
    from briefpub.errors import ConfigError

    (tmp_path / "briefpub.toml").write_text('[reader]\nencoding = "punycode"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'punycode' is not a text encoding"):
        load_config(tmp_path)
