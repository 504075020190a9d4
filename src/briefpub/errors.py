"""The exceptions briefpub raises for a user's mistakes (never for its own bugs)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple, Self


class Diagnostic(NamedTuple):
    """A problem found in a file, printed as ``FILE:LINE: message``.

    A named tuple rather than a dataclass: the CLI imports this module on
    every start, and it should cost nothing.
    """

    file: str
    """The file the problem is in, as the user named it (``<string>`` for text)."""
    line: int | None
    """1-based line number, or None where no single line is to blame."""
    message: str
    """What is wrong, in one line, for the person who wrote the file."""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}".translate(_ONE_LINE)


_ONE_LINE = {code: f"\\x{code:02x}" for code in (*range(0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0))} | {
    0x0A: "\\n",
    0x0D: "\\r",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}
"""A diagnostic is one line: a line break or control character in a file's name or a value it quotes is
written as an escape (a source called ``new\\nline.txt`` split its error over two lines)."""


def shorten(text: str, limit: int = 60) -> str:
    """Return ``text`` cut to ``limit`` characters with an ellipsis, for quoting in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the known name nearest ``name`` (case aside), else ``""``."""
    close = nearest(name, known)
    return f"; did you mean {close!r}?" if close is not None else ""


def nearest(name: str, known: Iterable[str]) -> str | None:
    """Return the known name nearest ``name`` (case aside), or None where none is near."""
    import difflib

    choices = {choice.lower(): choice for choice in known}
    close = difflib.get_close_matches(name.lower(), choices, n=1, cutoff=0.8)  # 'titel', not 'Title Only'
    return choices[close[0]] if close else None


Warn = Callable[[Diagnostic], None]
"""Where renderers send what they want the user to know but that does not stop them."""


class BriefpubError(Exception):
    """A problem the user can fix; the CLI prints each diagnostic as one line."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @classmethod
    def at(cls, file: str, line: int | None, message: str) -> Self:
        """Return an error about one place in one file."""
        return cls([Diagnostic(file, line, message)])


class SourceError(BriefpubError):
    """A briefing source that cannot be read as a briefing."""

    @property
    def file(self) -> str:
        """Return the file the (first) problem is in."""
        return self.diagnostics[0].file

    @property
    def line(self) -> int | None:
        """Return the line of the (first) problem."""
        return self.diagnostics[0].line

    @property
    def message(self) -> str:
        """Return the (first) problem's message without its place."""
        return self.diagnostics[0].message


class ConfigError(BriefpubError):
    """A ``briefpub.toml`` that does not validate; lists every problem at once."""


class TemplateError(BriefpubError):
    """A newsletter template (Jinja2, CSS) or a deck master (.pptx/.potx) of the user's that cannot be used.

    One class for both since 0.1: callers catch it for either; the message says which file.
    """


class RenderError(BriefpubError):
    """A renderer refused to produce output (a forbidden resource, a missing font)."""


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: stop now, as Ctrl-C would, letting cleanup (temporary files) run.

    A ``BaseException``, like ``KeyboardInterrupt``, so no ``except Exception`` swallows it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum
