"""What a run learns from a master, kept between runs: its layouts and placeholders, as JSON.

Reading a master for planning (:func:`briefpub.deck.master.read_template`)
walks every layout's placeholders through python-pptx, resolving each text
style through layout, master and theme and setting it clear of the artwork:
some 15 ms of a 0.22 s cold deck on the packaged master, and the same answer
every week. The answer is plain data (frozen dataclasses of strings, numbers
and tuples), so it is kept in the project's cache (:mod:`briefpub.cache`) as
JSON, named by the master file's hash, the name it is shown by, python-pptx's
version and the source of the deck's code (an edited reader is another
name), and rebuilt from there with the same types.

**Never trusted.** The cache checks an entry is whole (:mod:`briefpub.cache`);
it is then decoded against the dataclasses' own type hints: every field
present and of its type, numbers within :data:`MAX_MAGNITUDE` (no NaN or
infinity), nothing more; anything else is not a template, and the master is
read again.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import functools
import hashlib
import json
import marshal
import os
import sys
import types
import typing
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from briefpub.cache import Cache
from briefpub.cache import key as cache_key

T = TypeVar("T")

READ: Counter[str] = Counter()
"""Masters read for planning in this process, by the master's hash (tests count them)."""

SKIPPED = ("surfaces",)
"""Fields not kept: the template's painter works on the presentation opened this run."""


class NotKept(ValueError):
    """An entry that is not a template of the expected shape."""


def template(
    cache: Cache | None,
    digest: str,
    name: str,
    kind: type[T],
    read: Callable[[], T],
    finish: Callable[[T], T],
) -> T:
    """Return the ``kind`` that ``read()`` returns: kept in ``cache`` by an earlier run if whole, else read.

    What is read is kept for the next run; ``finish`` gives a kept one what
    is not kept (the fields in :data:`SKIPPED`: its painter).
    """
    shipped = _shipped(digest, name) if cache is None or cache.shipped else None
    if shipped is not None:
        return finish(shipped)
    entry = _entry_name(digest, name)
    data = cache.get(entry) if cache is not None else None
    if data is not None:
        try:
            return finish(decode(data, kind))
        except (ValueError, binascii.Error, RecursionError):  # not JSON, not the shape, nested too deep
            pass
    READ[digest] += 1
    made = read()
    if cache is not None:
        with contextlib.suppress(TypeError):  # a field of a type not kept: tests/test_learned.py says so
            cache.put(entry, encode(made))
    return made


def _entry_name(digest: str, name: str) -> str:
    import pptx

    return cache_key("template", digest, name, pptx.__version__, reader_source()) + ".json"


def shipped_name(digest: str, name: str) -> str:
    """Return the name of the shipped template (made at install) of the master of SHA-256 ``digest``."""
    return _entry_name(digest, name).removesuffix(".json") + ".marshal"


def _shipped(digest: str, name: str) -> Any:
    """Return the template install kept for the master (briefpub's own), or None.

    Read from install's folder alone (``Cache(None)``: the package's
    ``__pycache__/shipped``, written by ``python -m briefpub.deck.shipped`` as
    ``.pyc`` files are), never from a project's cache, so it is built without
    the checks a project's JSON goes through: 1.5 ms of a deck on the
    packaged master (the type hints resolved, every field checked).
    """
    data = Cache(None).get(shipped_name(digest, name))
    if data is None:
        return None
    try:
        return _build(marshal.loads(data))
    except Exception:  # not what install wrote (any shape, nested any depth): the master is read again
        return None


def encode_shipped(value: Any) -> bytes:
    """Return a template for the shipped folder (made at install): marshal, each dataclass as
    ``[module:class, {field: value}]``."""
    return marshal.dumps(_tagged(value))


def _tagged(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            f.name: _tagged(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in SKIPPED
        }
        return [f"{type(value).__module__}:{type(value).__qualname__}", fields]
    if isinstance(value, tuple):
        return tuple(_tagged(item) for item in value)
    if isinstance(value, dict):
        return {key: _tagged(item) for key, item in value.items()}
    return value  # strings, numbers, bytes, None: marshal keeps them as they are


def _build(value: Any) -> Any:
    """Return what :func:`_tagged` made ``value`` from (a list is a dataclass: it makes no other list)."""
    kind = type(value)
    if kind is list:
        module, _, qualname = value[0].partition(":")
        if not module.startswith("briefpub."):
            raise ValueError(f"{value[0]} is not briefpub's")
        cls = getattr(sys.modules[module], qualname)
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):  # only a class is made
            raise ValueError(f"{value[0]} is not a dataclass")
        return cls(**{key: _build(item) for key, item in value[1].items()})
    if kind is tuple:
        return tuple(map(_build, value))
    if kind is dict:
        return {key: _build(item) for key, item in value.items()}
    return value


@functools.cache
def reader_source() -> bytes:
    """Return the fingerprint of the code that reads a master: a change to it renames every entry.

    Every module of the deck counts, not only those :func:`read_template` calls
    today: a module it comes to call is then never forgotten. Each is told by
    its name, size and time of change, as Python tells a module's bytecode is
    stale (reading and hashing the deck's 400 kB of source was 1 ms of every
    deck); an edited module is another fingerprint, and so is one merely
    touched (a miss, worked out again).
    """
    digest = hashlib.sha256()
    folder = Path(__file__).parent
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            info = os.stat(folder / name)
            digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.digest()


def encode(value: Any) -> bytes:
    """Return a frozen dataclass of strings, numbers, bytes, None, tuples and dicts (nested) as JSON.

    A field of another type is a TypeError: ``tests/test_learned.py`` keeps
    every master's template round-tripping.
    """
    return json.dumps(_plain(value), separators=(",", ":"), allow_nan=False).encode()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _plain(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.name not in SKIPPED
        }
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: _plain(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__}")


def decode(data: bytes, kind: type[T]) -> T:
    """Return the ``kind`` dataclass that :func:`encode` wrote as ``data``; raise NotKept if it is not one."""
    build = _decoder(typing.cast(Any, kind))
    return typing.cast(T, build(json.loads(data, parse_constant=_no_constant)))


def _no_constant(name: str) -> Any:
    raise NotKept(f"{name} is not a number")


Decoder = Callable[[Any], Any]


@functools.cache
def _decoder(kind: Any) -> Decoder:
    """Return the function that checks a JSON value against ``kind`` and builds it (made once per type)."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        return _union([_decoder(arg) for arg in args if arg is not type(None)], type(None) in args)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _sequence(_decoder(args[0]))
    if origin is tuple:
        return _fixed(tuple(_decoder(arg) for arg in args))
    if origin is dict and args[0] is str:
        return _mapping(_decoder(args[1]))
    if kind is int:
        return _int
    if kind in _SCALARS:
        return _SCALARS[kind]
    if dataclasses.is_dataclass(kind):
        return _dataclass(kind)
    raise TypeError(f"{kind} cannot be kept")


def _union(options: list[Decoder], optional: bool) -> Decoder:
    def build(value: Any) -> Any:
        if value is None and optional:
            return None
        for option in options:
            try:
                return option(value)
            except NotKept:
                continue
        raise NotKept("none of the types allowed")

    return build


def _sequence(item: Decoder) -> Decoder:
    def build(value: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise NotKept("not a list")
        return tuple(map(item, value))

    return build


def _fixed(items: tuple[Decoder, ...]) -> Decoder:
    def build(value: Any) -> tuple[Any, ...]:
        if type(value) is not list or len(value) != len(items):
            raise NotKept("not a list of its length")
        return tuple(item(part) for item, part in zip(items, value, strict=True))

    return build


def _mapping(item: Decoder) -> Decoder:
    def build(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise NotKept("not an object")
        return {key: item(part) for key, part in value.items()}

    return build


def _dataclass(kind: Any) -> Decoder:
    hints = typing.get_type_hints(kind)
    names = [field.name for field in dataclasses.fields(kind) if field.name not in SKIPPED]
    fields = [(name, _decoder(hints[name])) for name in names]
    expected = set(names)

    def build(value: Any) -> Any:
        if type(value) is not dict or value.keys() != expected:
            raise NotKept(f"not the fields of {kind.__name__}")
        return kind(**{name: field(value[name]) for name, field in fields})

    return build


MAX_MAGNITUDE = 1e10
"""The largest number kept (in points, a span of 3,500 km): beyond any master's, and far from overflowing."""


def _float(value: Any) -> float:
    if type(value) in (float, int) and abs(value) <= MAX_MAGNITUDE:
        return float(value)
    raise NotKept("not a number of a master's size")


def _int(value: Any) -> int:
    if type(value) is int and abs(value) <= MAX_MAGNITUDE:
        return value
    raise NotKept("not an integer of a master's size")


def _exactly(kind: type) -> Decoder:
    def build(value: Any) -> Any:
        if type(value) is not kind:
            raise NotKept(f"not a {kind.__name__}")
        return value

    return build


def _none(value: Any) -> None:
    if value is not None:
        raise NotKept("not null")


def _bytes(value: Any) -> bytes:
    if type(value) is not str:
        raise NotKept("not base64")
    return base64.b64decode(value, validate=True)


_SCALARS: dict[Any, Decoder] = {
    float: _float,
    str: _exactly(str),
    bool: _exactly(bool),
    bytes: _bytes,
    type(None): _none,
}
