"""Front matter in plain lines is read without PyYAML, exactly as PyYAML reads it.

``reader/frontmatter.py`` (``plain_front_matter``) reads ``key: text``, dates,
whole numbers and ``[a, b]`` lists itself, so a briefing with ordinary front
matter (``briefpub init``'s example) does not import PyYAML (~15 ms a run).
These tests generate front matter from pieces chosen to be near the edge
(words YAML reads as booleans or null, numbers with leading zeros, marks that
start comments or quotes, lists, duplicates) and compare what the fast path
gives with what PyYAML gives, down to the type of each value.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefpub.errors import SourceError
from briefpub.reader import frontmatter
from briefpub.reader.frontmatter import KNOWN_KEYS, FrontMatter, parse_front_matter, plain_front_matter

WORDS = [
    "Weekly Risk Brief", "Research desk", "en", "pt-BR", "commonmark", "plain", "Tokayev's reforms",
    "a, b", "yes", "No", "TRUE", "off", "On", "null", "Null", "NULL", "y", "n", "nan", "inf", "Économie",
    "x (y) / z & w + v", "semiconductors", "export controls", "a  b", "ünïcode", "x-y", "a.b", "Z;",
]  # fmt: skip
OTHER = [
    "2026-11-30", "2026-13-45", "2026-02-30", "0001-01-01", "0", "1", "01", "007", "0010", "08", "12",
    "-3", "+4",
    "1_000", "0x1F", "1:20", "1.5", ".inf", "~", "'quoted'", '"quoted"', "a # note", "a: b", "#x",
    "- a", "[]", "[a]", "[a, b]", "[a,b]", "[ a ]", "[yes, b]", "[a, [b]]", "{a: 1}", "&anchor a",
    "*alias", "!tag a", "|", ">", "%", "@at", "`tick`", "2026-11-30 10:00:00", "12345678901234567890",
    "1" * 19, "Research desk   ", "a\tb", "\u00a0a", "a\u2028b", "\u200b",
]  # fmt: skip
KEYS = [*sorted(KNOWN_KEYS), "extra", "Title", "on", "yes", "x y"]


VALUES = st.sampled_from(WORDS + OTHER) | st.text("aZé09 ,.;'()/&+-:#[]\"", max_size=12)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["pair", "pair", "pair", "blank", "empty", "odd"]))
        key = draw(st.sampled_from(KEYS))
        if kind == "blank":
            lines.append(draw(st.sampled_from(["", "  "])))
        elif kind == "empty":
            lines.append(f"{key}:" + draw(st.sampled_from(["", " ", "  "])))
        elif kind == "odd":
            lines.append(draw(st.sampled_from([f" {key}: a", f"{key} : a", f"{key}:a", f"{key}:  a", "# c"])))
        else:
            value = draw(VALUES)
            lines.append(f"{key}: {value}")
    return "\n".join(lines)


def _yaml_values(text: str) -> list[tuple[int, Any, Any]] | None:
    """Return ``(line index, key, value)`` as PyYAML's SafeLoader reads ``text``; None where it fails."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if not isinstance(node, yaml.MappingNode):
            return None
        loader = yaml.SafeLoader("")
        return [
            (k.start_mark.line, loader.construct_object(k, deep=True), loader.construct_object(v, deep=True))
            for k, v in node.value
        ]
    except (yaml.YAMLError, ValueError):
        return None


def _typed(entries: list[tuple[int, Any, Any]]) -> list[tuple[int, Any, Any]]:
    return [(line, key, (type(value), value)) for line, key, value in entries]


@settings(max_examples=600, deadline=None)
@given(front_matter())
def test_what_the_fast_path_reads_pyyaml_reads_the_same(text: str) -> None:
    plain = plain_front_matter(text)
    if plain is not None:
        assert _typed(plain) == _typed(_yaml_values(text) or [])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(KNOWN_KEYS)), VALUES)
def test_each_plain_line_reads_as_pyyaml_reads_it(key: str, value: str) -> None:
    text = f"{key}: {value}"
    plain = plain_front_matter(text)
    if plain is not None:
        assert _typed(plain) == _typed(_yaml_values(text) or [])


def _read(text: str) -> FrontMatter | str:
    try:
        return parse_front_matter(text, 2, "b.txt")
    except SourceError as error:
        return str(error)


@settings(max_examples=300, deadline=None)
@given(front_matter())
def test_the_front_matter_is_the_same_with_and_without_the_fast_path(text: str) -> None:
    fast = _read(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frontmatter, "plain_front_matter", lambda _text: None)
        assert _read(text) == fast


def test_the_examples_front_matter_takes_the_fast_path() -> None:
    text = (
        "date: 2026-11-30\nauthor: Research desk\npublication: Weekly Risk Brief\nissue: 1\n"
        "tags: [semiconductors, export controls]"
    )
    assert plain_front_matter(text) == [
        (0, "date", datetime.date(2026, 11, 30)),
        (1, "author", "Research desk"),
        (2, "publication", "Weekly Risk Brief"),
        (3, "issue", 1),
        (4, "tags", ["semiconductors", "export controls"]),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "title: yes",
        "title: Off",
        "title: NULL",
        "tags: [a, no]",
        "issue: 012",
        "date: 2026-02-30",
        "extra: a",
    ],
)
def test_what_yaml_reads_otherwise_is_left_to_yaml(line: str) -> None:
    assert plain_front_matter(line) is None


def test_a_long_line_of_spaces_is_refused_quickly() -> None:
    assert plain_front_matter("title: a" + " " * 200_000 + "#") is None  # linear: no nested repeats


def test_a_briefing_with_plain_front_matter_does_not_import_pyyaml() -> None:
    source = "---\ndate: 2026-11-30\nauthor: Desk\ntags: [a, b]\n---\nTitle\n\nWhy?\n\nAnswer: Because.\n"
    code = f"import sys\nfrom briefpub import parse\nparse({source!r})\nprint(sorted(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert "'yaml'" not in out.stdout
    assert "'briefpub.reader.frontmatter'" in out.stdout
