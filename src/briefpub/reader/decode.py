"""Bytes to text for briefing sources: UTF-8 or a clear refusal, never a silent guess."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from briefpub.errors import SourceError
from briefpub.files import UnreadableFile, read_regular

DEFAULT_MAX_BYTES = 1_000_000
"""Sources larger than this are refused before they are read (a briefing is ~20 kB).

A megabyte of briefing is a newsletter of about 250 pages, which WeasyPrint
lays out in about 300 MiB: it holds every laid-out page until the PDF is
written, close to a megabyte each. The reader also counts each paragraph and
question towards the limit (see ``briefpub.reader.structure``), so no kind of text gets
more pages out of it.
"""
MAX_MAX_BYTES = 10_000_000
"""The most ``reader.max_bytes`` may allow: beyond it no renderer finishes in reasonable time or memory."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_source_bytes(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return the bytes of a regular file no larger than ``max_bytes`` (see :func:`read_regular`)."""
    try:
        return read_regular(path, max_bytes)
    except UnreadableFile as exc:
        message = str(exc)
        if message.startswith("is larger"):
            message += " for a briefing (raise reader.max_bytes in briefpub.toml if this is really one)"
        elif message == "is a folder, not a file":
            message = "is a folder, not a briefing file"
        raise SourceError.at(display, None, message) from None


REPLACING = ("utf-8-replace", "utf8-replace")
"""``--encoding`` names that read UTF-8 and show a stray byte as U+FFFD instead of refusing the file."""


def decode(data: bytes, display: str, encoding: str | None = None) -> str:
    """Return the text of a source: UTF-8 (BOM optional), UTF-16/32 with a BOM, or ``encoding``."""
    if encoding is not None and encoding.lower().replace("_", "-") in REPLACING:
        return data.decode("utf-8", errors="replace")  # stray bytes shown as U+FFFD, on purpose
    if encoding is not None:
        problem = encoding_problem(encoding)
        if problem is not None:
            raise SourceError.at(display, None, problem)
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = _line_of(data, exc.start) if exc.start < len(data) else None
            shown = f"byte 0x{data[exc.start]:02X}" if exc.start < len(data) else "the file"
            raise SourceError.at(display, line, f"{shown} is not valid {encoding}") from None
        except UnicodeError:
            raise SourceError.at(display, None, f"is not valid {encoding}") from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise SourceError.at(
                    display,
                    None,
                    f"starts with a {codec.upper()} byte-order mark but is not {codec.upper()}"
                    f" (bad data at byte {exc.start})",
                ) from None
    head = data[:65536]
    nuls = head.count(b"\x00")
    if nuls:  # text has no NULs, but ASCII in UTF-16 (valid UTF-8 too) is full of them
        utf16 = _utf16_without_bom(head)
        if utf16 is not None:
            raise SourceError.at(
                display,
                1,
                f"looks like UTF-16 without a byte-order mark, not UTF-8; read it with --encoding {utf16}",
            )
        if nuls > max(8, len(head) // 100):
            raise SourceError.at(display, None, "is a binary file, not a text briefing")
    try:
        # surrogatepass lets the reader drop encoded lone surrogates with a warning.
        return data.decode("utf-8", errors="surrogatepass")
    except UnicodeDecodeError as exc:
        raise SourceError.at(
            display, _line_of(data, exc.start), _not_utf8(data, exc.start, display)
        ) from None


_NOT_FILE_ENCODINGS = frozenset({"punycode", "idna", "undefined", "unicode-escape", "raw-unicode-escape"})
"""Codecs that turn bytes into text but are not how any file is written (domain names, Python literals)."""


def encoding_problem(encoding: str) -> str | None:
    """Return why ``encoding`` cannot read a source (unknown, not a text encoding), or None when it can.

    Python's codec registry also holds bytes-to-bytes and text-to-text
    transforms (``base64``, ``rot13``) and codecs for domain names
    (``punycode``, ``idna``): asked to read a file, they fail with errors of
    their own, or read it wrong.
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a name with a NUL
        return f"unknown encoding {encoding!r}"
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
        return f"{encoding!r} is not a text encoding a file is written in (for example utf-8, windows-1252)"
    return None


def _line_of(data: bytes, offset: int) -> int:
    head = data[:offset]
    crlf = head.count(b"\r\n")
    return head.count(b"\n") + head.count(b"\r") - crlf + 1


def _not_utf8(data: bytes, offset: int, display: str) -> str:
    decoded = data.decode("utf-8", errors="replace")
    stray = decoded.count("\ufffd")
    valid = sum(1 for char in decoded if ord(char) > 0x7F and char != "\ufffd")
    if valid and stray <= max(3, valid // 20):
        # Mostly UTF-8: a byte broken in copying, not another encoding (converting would garble the rest).
        many = f" and {stray - 1} more" if stray > 1 else ""
        return (
            f"byte 0x{data[offset]:02X}{many} is not UTF-8, though the rest of the file is: fix that byte, "
            "or read the file with --encoding utf-8-replace to show it as \ufffd"
        )
    name, codec = guess_encoding(data)
    hint = (
        f"it looks like {name}; convert it with "
        f"'iconv -f {codec.upper()} -t UTF-8 {display} > fixed.txt' or read it with --encoding {codec}"
    )
    return f"not UTF-8 (byte 0x{data[offset]:02X}); {hint}"


def guess_encoding(data: bytes) -> tuple[str, str]:
    """Return a human name and a codec name for the legacy encoding ``data`` most likely uses.

    Only for the error message: briefpub never decodes with a guess.
    """
    sample = data[:200_000]
    if _looks_cyrillic(sample):
        return ("Windows-1251 (Cyrillic)", "windows-1251")
    if any(b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for b in sample):
        return ("ISO-8859-1 (Latin-1)", "latin-1")
    return ("Windows-1252 (Western European)", "windows-1252")


def _utf16_without_bom(head: bytes) -> str | None:
    """Return the UTF-16 codec ``head`` is written in, or None: NULs on one side only mean UTF-16."""
    even, odd = head[0::2].count(b"\x00"), head[1::2].count(b"\x00")
    if odd > 9 * even and odd * 4 > len(head) // 2:
        return "utf-16-le"
    if even > 9 * odd and even * 4 > len(head) // 2:
        return "utf-16-be"
    return None


def _looks_cyrillic(sample: bytes) -> bool:
    # Windows-1251 puts Cyrillic letters at 0xC0-0xFF, so Russian words are runs of
    # such bytes; in Windows-1252 the same bytes are accents, mostly alone in a word.
    runs = re.findall(rb"[\xC0-\xFF]+", sample)
    in_runs = sum(len(r) for r in runs if len(r) >= 3)
    total = sum(len(r) for r in runs)
    return total >= 8 and in_runs / total > 0.5
