"""The ``.eml``'s own header fields, written here from plain text rather than by the email package.

Python's email package parses any value set on a header: an RFC 2047
encoded-word in it (``=?UTF-8?B?…?=``) is decoded, and folding then writes
the decoded text out, CR LF included (Python before 3.11.10 and 3.12.5 does
not check). A briefing titled with such a word could add ``Bcc:`` and
``Content-Type:`` and end the header block. So the fields that carry
someone's text (``Subject``, ``From``, ``Reply-To``) are written here:

- every value is text, never something to decode: a title that reads
  ``=?UTF-8?B?…?=`` is a title of those characters, and a mail reader shows
  exactly them;
- the Subject is made one line (each run of white space, CR, LF, NEL and
  the Unicode line and paragraph separators included, becomes one space;
  other control characters, NUL among them, are dropped; the reader has
  already dropped them from a source, with a warning at their line);
- an address was checked when ``briefpub.toml`` was read (``config``
  refuses a line break, a control character or an encoded-word in a
  name); here it is checked again and refused if it would not stay one
  mailbox;
- whatever is not plain printable ASCII, holds ``=?`` or has a word too
  long to fold, is written as base64 encoded-words, so decoding gives back
  the text and nothing else;
- the block is read back with the email package's parser before it is
  used, and must give exactly the fields and the text written.
"""

from __future__ import annotations

import base64
import datetime
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.parser import BytesHeaderParser
from email.utils import format_datetime, getaddresses

from briefpub.errors import shorten

LINE = 76
"""The longest header line written: RFC 2047's limit for lines with encoded-words (RFC 5322 asks 78)."""
MAX_LINE = 998
"""RFC 5322's hard limit (an address, which cannot be folded, may go past :data:`LINE`)."""
_PREFIX = "=?utf-8?b?"
_SUFFIX = "?="
ENCODED_WORD = "=?"
"""What starts an RFC 2047 encoded-word: text holding it is always encoded, so no reader decodes it twice."""
MAX_ADDRESS = 254
"""The longest address (RFC 5321's limit on a path), so a header line stays within RFC 5322's 998."""
MAX_NAME = 100
"""The longest display name in ``From`` or ``Reply-To``: written as one encoded-word, it stays one line."""
MAX_SUBJECT = 1000
"""The longest Subject written, in characters: no inbox shows more, and a title of a megabyte made a
megabyte of header for every mail program to parse. A longer title is cut, with an ellipsis and a warning."""
EARLIEST_YEAR = 100
"""Mail readers take a year below 100 (``0047``) as 19xx or 20xx: such a date is not written."""


class HeaderProblem(ValueError):
    """A value that cannot be written as the header field it was meant for; the message says why."""


@dataclass(frozen=True)
class Field:
    """One header field: its name, the text a reader must see, and how it is written."""

    name: str
    text: str
    """What the parser must give back: the Subject's text, or ``Name <addr>`` of a mailbox."""
    lines: str
    """The field as written, folded, every line ending CR LF."""


def one_line(text: str) -> str:
    """Return ``text`` as one line: each run of white space (CR, LF, NEL…) one space, controls dropped."""
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    return " ".join(kept.split())


def unstructured(name: str, text: str) -> Field:
    """Return the field ``name`` (a Subject) with ``text`` made one line: plain ASCII, else encoded-words."""
    text = one_line(text)
    room = LINE - len(name) - 2
    plain = text.isascii() and text.isprintable() and ENCODED_WORD not in text
    if plain and all(len(word) < room for word in text.split(" ")):
        return Field(name, text, f"{name}: {_fold(text.split(' '), room)}\r\n")
    return Field(name, text, f"{name}: {_encoded_words(text, room)}\r\n")


def subject(title: str) -> Field:
    """Return the ``Subject`` field: the title made one line, cut to :data:`MAX_SUBJECT` characters."""
    return unstructured("Subject", shorten(one_line(title), MAX_SUBJECT))


def mailbox(name: str, value: str) -> Field:
    """Return the field ``name`` (``From``, ``Reply-To``) for one address with an optional display name.

    Raises :class:`HeaderProblem` for anything but one plain address (what
    ``briefpub.toml``'s check lets through): a line break or control
    character, an encoded-word in the name, a second address.
    """
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
        raise HeaderProblem(
            "must be an e-mail address on one line: it holds a line break or a control character"
        )
    found = getaddresses([value])
    display, address = found[0] if len(found) == 1 else ("", "")
    if (
        not address
        or not address.isascii()
        or any(c in address for c in ' <>,;:"()[]\\')
        or address.count("@") != 1
        or ENCODED_WORD in address
        or len(address) > MAX_ADDRESS
    ):
        raise HeaderProblem("must be an e-mail address (one), such as 'Desk <desk@example.com>'")
    if ENCODED_WORD in display:
        raise HeaderProblem("the name holds '=?' (a MIME encoded-word): write the name as plain text")
    display = one_line(display)
    if len(display) > MAX_NAME:
        raise HeaderProblem(f"the name is longer than {MAX_NAME} characters")
    try:
        text = str(Address(display_name=display, addr_spec=address))
    except (ValueError, IndexError) as exc:
        raise HeaderProblem(f"must be an e-mail address ({exc})") from None
    if not display:
        return Field(name, text, f"{name}: {address}\r\n")
    if display.isascii() and display.isprintable():
        quoted = '"' + display.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return Field(
            name, text, f"{name}: {_fold([*quoted.split(' '), f'<{address}>'], LINE - len(name) - 2)}\r\n"
        )
    # One encoded-word, however long: readers disagree on the space between two of them in a name.
    return Field(name, text, f"{name}: {_word(display)}\r\n <{address}>\r\n")


def date(name: str, stamp: datetime.datetime) -> Field | None:
    """Return the ``Date`` field for ``stamp`` (UTC), or None for a year mail readers would misread."""
    if stamp.year < EARLIEST_YEAR:
        return None
    text = format_datetime(stamp.replace(tzinfo=datetime.UTC))
    return Field(name, text, f"{name}: {text}\r\n")


def fixed(name: str, text: str) -> Field:
    """Return a field whose text briefpub made itself (a Message-ID): printable ASCII on one line."""
    if not (text.isascii() and text.isprintable() and len(name) + len(text) + 2 <= LINE):
        raise HeaderProblem(f"{name} must be one short line of ASCII")
    return Field(name, text, f"{name}: {text}\r\n")


def header_block(fields: Sequence[Field]) -> bytes:
    """Return ``fields`` as the top of a message, after reading them back to be sure of what they say.

    Raises :class:`AssertionError` (a bug of briefpub's, not a user's
    mistake) if the email package's parser would see any other field or
    any other text than the one written.
    """
    block = "".join(field.lines for field in fields).encode("ascii")
    parsed = BytesHeaderParser(policy=policy.default).parsebytes(block + b"\r\n")
    if parsed.keys() != [field.name for field in fields] or parsed.defects:
        raise AssertionError(f"the header block reads back as {parsed.keys()}")
    for field in fields:
        got = parsed[field.name]
        if str(got) != field.text or got.defects:
            raise AssertionError(f"{field.name} reads back as {str(got)!r}, not {field.text!r}")
    if any(len(line) > MAX_LINE for line in block.split(b"\r\n")):
        raise AssertionError("a header line is longer than RFC 5322 allows")
    return block


def _fold(words: Sequence[str], room: int) -> str:
    """Return ``words`` joined by spaces, a line break (CR LF, a space) in place of a space where needed."""
    lines = [words[0]]
    first = room
    for word in words[1:]:
        limit = first if len(lines) == 1 else LINE - 1
        if len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\r\n ".join(lines)


def _encoded_words(text: str, room: int) -> str:
    """Return ``text`` as base64 encoded-words, one a line, each within the line's room.

    Cut between characters, never inside one, so each word decodes alone;
    readers join adjacent encoded-words without the space between them.
    """
    words: list[str] = []
    chunk = ""
    for char in text:
        capacity = room if not words else LINE - 1
        payload = (capacity - len(_PREFIX) - len(_SUFFIX)) // 4 * 3  # bytes per word
        if chunk and len((chunk + char).encode("utf-8")) > payload:
            words.append(_word(chunk))
            chunk = ""
        chunk += char
    if chunk or not words:
        words.append(_word(chunk))
    return "\r\n ".join(words)


def _word(text: str) -> str:
    return _PREFIX + base64.b64encode(text.encode("utf-8")).decode("ascii") + _SUFFIX
