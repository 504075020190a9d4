"""The fetch check's look before tokenizing gives the tokenizer's answers (briefpub.fetches).

A stylesheet in which none of :data:`fetches._URL_SPELLINGS` is written is
not tokenized: these tests hold that shortcut to the tokenizer's own walk on
generated CSS, where URLs hide behind escapes, comments, strings, odd cases
and nesting, and fail if a spelling is dropped from the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefpub import fetches

# Pieces a stylesheet is made of, the ways to name a URL among them (escaped, cased, nested).
PIECES = [
    "url(",
    "URL(",
    "uRl(",
    "u\\72l(",
    "\\75rl(",
    "url (",
    "src(",
    "SRC(",
    "image(",
    "image-set(",
    "-webkit-image-set(",
    "cross-fade(",
    "Cross-Fade(",
    "@import",
    "@IMPORT",
    "@im\\70ort",
    "@media",
    "@font-face",
    "xurl(",
    "show-urls",
    "background-image:",
    "list-style-image:",
    "var(",
    "calc(",
    '"a.png"',
    "'b.svg'",
    "http://x/y",
    "data:,z",
    "#frag",
    "/*",
    "*/",
    "\\",
    "\\\n",
    "\x00",
    "ſrc(",
    "İmage(",
    "\u212a",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ";",
    ":",
    ",",
    " ",
    "\n",
    "a",
    "p { color: red }",
]
CSS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=24).map("".join)

FUNCTIONS: list[tuple[Callable[[str], list[Any]], Callable[[tuple[Any, ...]], Any]]] = [
    (fetches.css_urls, fetches._walk_css),
    (fetches.css_imports, fetches._imports),
    (fetches.css_url_lines, fetches._url_lines),
]


def tokenized(css: str) -> list[list[Any]]:
    """Each function's answer from the tokenizer's walk, as it was before the look."""
    return [list(walk(fetches._tokens(css))) for _, walk in FUNCTIONS]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CSS)
@example("a { b: u\\72l(x) }")
@example('@import "x.css";')
@example("p { background: -webkit-image-set('a.png' 1x) }")
@example('p { background: cross-fade("a.png", "b.png") }')
@example("@font-face { src: src('x.woff') }")
@example("p { background: image('x.png') }")
def test_the_look_before_tokenizing_gives_the_tokenizers_answers(css: str) -> None:
    assert [function(css) for function, _ in FUNCTIONS] == tokenized(css)


def test_the_look_is_what_skips_the_tokenizing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The packaged stylesheets name no URL: they are not tokenized (6 ms and tinycss2's import)."""
    from briefpub.packaged import PACKAGE_TEMPLATES

    calls: list[str] = []

    def tokens(css: str) -> tuple[Any, ...]:
        calls.append(css)
        return ()

    monkeypatch.setattr(fetches, "_tokens", tokens)
    for name in ("newsletter.css", "web.css"):
        css = (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")
        assert [function(css) for function, _ in FUNCTIONS] == [[], [], []]
    assert calls == []
    fetches.css_urls("p { background: url(x.png) }")
    assert len(calls) == 1


@pytest.mark.parametrize("spelling", fetches._URL_SPELLINGS)
def test_each_spelling_is_needed(spelling: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without any one of them, a URL or an import goes unseen."""
    written = {
        "\\": "p { background: u\\72l(x.png) }",
        "@import": '@import "x.css";',
        "url(": "p { background: url(x.png) }",
        "src(": "@font-face { src: src('x.woff') }",
        "image(": "p { background: image('x.png') }",
        "image-set(": "p { background: image-set('x.png' 1x) }",
        "cross-fade(": "p { background: cross-fade('x.png', 'y.png') }",
    }[spelling]
    assert any(tokenized(written))
    fewer = tuple(s for s in fetches._URL_SPELLINGS if s != spelling)
    monkeypatch.setattr(fetches, "_URL_SPELLINGS", fewer)
    assert not any(function(written) for function, _ in FUNCTIONS)
