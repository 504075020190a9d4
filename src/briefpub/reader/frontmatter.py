"""The optional YAML front matter of a briefing source, validated key by key."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefpub.errors import SourceError, shorten
from briefpub.reader import MARKUP_VALUES

if TYPE_CHECKING:
    import yaml
from briefpub.model.briefing import freeze

_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_TEXT_KEYS = ("title", "subtitle", "publication", "issue", "summary")
KNOWN_KEYS = frozenset({*_TEXT_KEYS, "date", "author", "lang", "tags", "markup"})
MAX_DEPTH = 32
"""Deepest nest of lists and mappings front matter may hold: metadata is flat; templates read a level."""


@dataclass(frozen=True)
class FrontMatter:
    """The validated front matter: known keys converted, unknown ones kept as they are."""

    values: dict[str, Any]
    """Known keys by model field name (``authors``, not ``author``); absent keys are missing."""
    extra: dict[str, Any]
    """Keys briefpub does not know."""
    title_line: int | None
    """The line of the ``title`` key, for the warning when the text's own title wins."""


def parse_front_matter(text: str, first_line: int, file: str) -> FrontMatter:
    """Return the front matter in ``text``, whose first line is source line ``first_line``."""
    simple = plain_front_matter(text)
    if simple is not None:  # read as PyYAML reads it, without importing PyYAML (~15 ms)
        return _validated([(first_line + index, key, _given(value)) for index, key, value in simple], file)
    import yaml  # only briefings with front matter beyond plain lines pay for it

    node = _compose(text, first_line, file)
    if node is None:
        return FrontMatter({}, {}, None)
    if not isinstance(node, yaml.MappingNode):
        line = first_line + (node.start_mark.line if node.start_mark else 0)
        raise SourceError.at(file, line, "front matter must be 'key: value' lines")
    return _validated(_yaml_entries(node, first_line, file), file)


Entry = tuple[int, Any, Callable[[], Any]]
"""A key's source line, the key, and what makes its value (called once the key is known good)."""


def _yaml_entries(node: yaml.MappingNode, first_line: int, file: str) -> Iterator[Entry]:
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        key = _construct(key_node, line, file, "front matter key")
        yield line, key, functools.partial(_construct, value_node, line, file, f"front matter '{key}'")


def _given(value: Any) -> Callable[[], Any]:
    return lambda: value


def _validated(entries: Iterable[Entry], file: str) -> FrontMatter:
    """Check and convert the entries in order: the first problem is the one said."""
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    title_line = None
    seen: set[str] = set()
    for line, key, make in entries:
        if not isinstance(key, str):
            raise SourceError.at(file, line, f"front matter key {key!r} must be text")
        if key in seen:
            raise SourceError.at(file, line, f"front matter key '{key}' is given twice")
        seen.add(key)
        value = make()
        _refuse_unholdable(key, value, line, file)
        if key not in KNOWN_KEYS:
            extra[key] = freeze(value)
            continue
        if key == "title":
            title_line = line
        if value is None:
            continue
        field, converted = _convert(key, value, line, file)
        values[field] = converted
    return FrontMatter(values, extra, title_line)


_WORD = r"[^\W\d_][\w ,.;'()/&+-]*"
"""A plain scalar that can only be text: a letter, then letters, digits, spaces and harmless marks."""
_ITEM = r"[^\W\d_][\w .;'()/&+-]*"
"""The same inside a ``[...]`` list, where a comma ends it."""
_NUMBER = r"[0-9]{4}-[0-9]{2}-[0-9]{2}|0|[1-9][0-9]{0,17}"
"""A date (YYYY-MM-DD) or a whole number short enough for any ``int``."""
_PLAIN_LINE = rf"([a-z]+):(?: +(?:({_WORD})|({_NUMBER})|\[({_ITEM}(?:, *{_ITEM})*)?\]))?"
"""``key: text``, ``key: 2026-11-30``, ``key: 12``, ``key: [a, b]`` or ``key:``, nothing else.

Matched against a line without its trailing spaces, so no two repeats can take the same spaces
(and a long line is matched in linear time).
"""
_NOT_TEXT = frozenset(
    {*("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE")}
    | {*("on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL")}
)
"""The words PyYAML reads as booleans and null (YAML 1.1)."""


def plain_front_matter(text: str) -> list[tuple[int, str, Any]] | None:
    """Return ``(line index, key, value)`` of front matter in plain lines, as PyYAML's SafeLoader reads it.

    A line is a known key, ``:`` and a text, a date, a whole number or a ``[...]`` list of texts, or
    nothing (null); blank lines are skipped. Anything else (quotes, comments, nesting, other numbers,
    a word YAML reads as a boolean) returns None, and PyYAML reads it: a property test compares both.
    """
    entries = []
    for index, line in enumerate(text.split("\n")):
        if not line.strip(" "):
            continue
        found = re.fullmatch(_PLAIN_LINE, line.rstrip(" "))
        if found is None or found[1] not in KNOWN_KEYS:
            return None
        key, word, number, items = found.groups()
        value: Any = None
        if word is not None:
            value = word
        elif number is not None:
            if "-" not in number:
                value = int(number)
            else:
                try:
                    value = datetime.date.fromisoformat(number)
                except ValueError:
                    return None
        elif items is not None or found[0].endswith("[]"):
            value = [item.strip(" ") for item in items.split(",")] if items else []
        if any(part in _NOT_TEXT for part in (value if isinstance(value, list) else [value])):
            return None
        entries.append((index, key, value))
    return entries or None


def _compose(text: str, first_line: int, file: str) -> yaml.Node | None:
    import yaml

    depth = 0
    try:
        # One pass over the events before composing: PyYAML's composer recurses once a level, so a
        # deep nest would take seconds to end in a RecursionError; counting the depth here is linear.
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = first_line + (event.start_mark.line if event.start_mark else 0)
            if isinstance(event, yaml.AliasEvent):
                raise SourceError.at(file, line, "YAML aliases (*name) are not allowed in front matter")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise SourceError.at(file, line, "invalid front matter: nested too deeply")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError.at(file, line, f"invalid front matter: {problem}") from None
    except yaml.YAMLError as exc:
        message = shorten(" ".join(str(exc).split()), 120)
        raise SourceError.at(file, first_line, f"invalid front matter: {message}") from None
    except RecursionError:
        raise SourceError.at(file, first_line, "invalid front matter: nested too deeply") from None


def _construct(node: yaml.Node, line: int, file: str, what: str) -> Any:
    import yaml

    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except RecursionError:
        raise SourceError.at(file, line, f"{what}: nested too deeply") from None
    except yaml.MarkedYAMLError as exc:  # its str() quotes the source over four lines: say the problem
        problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        raise SourceError.at(file, line, f"{what}: {shorten(problem, 120)}") from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise SourceError.at(file, line, f"{what}: {shorten(' '.join(str(exc).split()), 120)}") from None
    finally:
        loader.dispose()


_UNHOLDABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""What no edition can hold and YAML's escapes can write (``"\\0"``, ``"\\ud800"``); white space is kept."""


def _refuse_unholdable(key: str, value: Any, line: int, file: str) -> None:
    """Refuse a control character or lone surrogate anywhere in a value (every edition failed on it)."""
    for text in _strings((key, value)):
        found = _UNHOLDABLE.search(text)
        if found:
            code = f"U+{ord(found[0]):04X}"
            message = f"front matter '{key}': holds {code}, a character no edition can hold"
            raise SourceError.at(file, line, message)


def _strings(value: Any, depth: int = 0) -> list[str]:
    """Return every string in a constructed YAML value (keys too)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple) and depth < 64:
        return [t for item in value for t in _strings(item, depth + 1)]
    if isinstance(value, dict) and depth < 64:
        return [t for item in value.items() for t in _strings(item, depth + 1)]
    return []


def _convert(key: str, value: Any, line: int, file: str) -> tuple[str, Any]:
    def fail(message: str) -> SourceError:
        return SourceError.at(file, line, f"front matter '{key}': {message}")

    if key in _TEXT_KEYS:
        if isinstance(value, dict | list | bool):
            raise fail("must be text")
        text = _one_line(str(value)) if key != "summary" else " ".join(str(value).split())
        return key, text
    if key == "date":
        return key, _date(value, fail)
    if key == "author":
        return "authors", _text_list(value, fail)
    if key == "tags":
        if isinstance(value, str):
            value = [t for t in (part.strip() for part in value.split(",")) if t]
        return "tags", _text_list(value, fail)
    if key == "lang":
        if not isinstance(value, str) or not _LANG.match(value.strip()):
            raise fail(f"{value!r} is not a language tag such as en, fr or pt-BR")
        return "lang", value.strip()
    if key == "markup":
        if value not in MARKUP_VALUES:
            raise fail(f"{value!r} is not one of {', '.join(MARKUP_VALUES)}")
        return "markup", value
    raise AssertionError(key)  # pragma: no cover - KNOWN_KEYS and this function agree


def _date(value: Any, fail: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise fail("must be a date (YYYY-MM-DD) without a time")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise fail(f"{value!r} is not a date (YYYY-MM-DD)")


def _text_list(value: Any, fail: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict | list | bool) or item is None:
            raise fail("must be text or a list of texts")
        text = _one_line(str(item))
        if text:
            out.append(text)
    return tuple(out)


def _one_line(text: str) -> str:
    return " ".join(text.split())
