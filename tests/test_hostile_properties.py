"""Hostile sources and images that hypothesis makes up, through every edition, under a budget.

Whatever a source or an image holds (control and bidi characters, deep
nesting, floods of tables and footnotes, images whose headers lie, SVGs
that multiply when drawn), each edition either renders it or refuses it as
a user's mistake (:class:`BriefpubError`, one line each); never a crash, and
never past a deadline and a memory ceiling far above what a briefing needs.
The budget is enforced by :func:`briefpub.limits.bounded`, not measured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile
from briefpub.errors import BriefpubError, Diagnostic
from briefpub.limits import bounded
from briefpub.project import Project
from briefpub.publish.editions import REGISTRY

EDITIONS = ("pdf", "html", "email", "slides")
SECONDS = 120.0
"""Each edition's budget: some twenty times what the largest example takes on a loaded machine."""
MEMORY = 1 << 30

HOSTILE_CHARACTERS = st.text(
    alphabet=st.sampled_from(
        [
            *"\x00\x01\x07\x0b\x0c\x1b\x7f\x85\x9b",  # controls, C1 included
            *"\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069",  # bidi marks and overrides
            *"\u2028\u2029\ufeff\ufffe\ud800\u0301",  # separators, BOM, a non-character, a lone surrogate
            *"<>&{}%|*_[]`#\\",
            *"a \u05d0\u0627字",
        ]
    ),
    max_size=40,
)


def _nested(depth: int) -> str:
    return "*" * depth + "x" + "*" * depth + " " + "[" * (depth * 20) + " " + "_" * depth


def _tables(count: int) -> str:
    return "\n\n".join(f"|a{n}|b|\n|-|-|\n|1|\u202e2|" for n in range(count))


def _footnotes(count: int) -> str:
    calls = " ".join(f"w[^n{n}]" for n in range(count))
    return calls + "\n\n" + "\n".join(f"[^n{n}]: \u202enote {n}" for n in range(count))


BLOCKS = st.one_of(
    HOSTILE_CHARACTERS,
    st.integers(1, 200).map(_nested),
    st.integers(1, 40).map(_tables),
    st.integers(1, 60).map(_footnotes),
    st.integers(1, 30).map(lambda n: "\n".join(f"{'  ' * (k % 10)}- item {k}" for k in range(n))),
    st.sampled_from(
        [
            "![A figure](img/hostile.svg)",
            "![A figure](img/hostile.png)",
            "![](img/missing.png)",
            "![x](http://example.com/a.png)",
            "{{ 7 * 7 }} {% raw %} <script>alert(1)</script>",
            "Anwser: nearly",
            "Answer:",
        ]
    ),
)

SVGS = st.one_of(
    st.tuples(st.integers(1, 6), st.integers(1, 12)).map(lambda lc: hostile.nested_uses(*lc)),
    st.integers(1, 20).map(hostile.uses_of_uses),
    st.tuples(st.integers(2, 3000), st.integers(1, 40)).map(lambda vm: hostile.marked_path(*vm)),
    st.tuples(st.integers(1, 30), st.integers(2, 300), st.integers(1, 30)).map(
        lambda pvm: hostile.styled_markers(*pvm)
    ),
    st.tuples(st.integers(1, 300), st.integers(1, 400)).map(lambda sp: hostile.inherited_pattern(*sp)),
    st.tuples(st.integers(1, 300), st.integers(1, 400)).map(lambda ec: hostile.clipped_many(*ec)),
    st.sampled_from([hostile.huge_tile(), hostile.self_painting_pattern(), hostile.huge_tile(3000)]),
    st.text(max_size=200).map(lambda junk: f"{hostile.SVG}>{junk}</svg>"),
)
PNGS = st.tuples(st.integers(0, 70_000), st.integers(0, 70_000)).map(lambda wh: hostile.png_claiming(*wh))


def project(tmp_path: Path) -> Project:
    (tmp_path / "source" / "img").mkdir(parents=True, exist_ok=True)
    (tmp_path / "briefpub.toml").write_text("", encoding="utf-8")
    return Project.here(tmp_path)


def every_edition(tmp_path: Path, text: str, svg: str, png: bytes) -> None:
    """Parse ``text`` in a project holding ``svg`` and ``png``; render it in each edition, or refuse it."""
    here = project(tmp_path)
    (tmp_path / "source" / "img" / "hostile.svg").write_text(svg, encoding="utf-8", errors="surrogatepass")
    (tmp_path / "source" / "img" / "hostile.png").write_bytes(png)
    source = tmp_path / "source" / "hostile.txt"
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        with bounded(SECONDS, MEMORY):
            briefing = here.parse(source)
    except BriefpubError as refused:
        one_line_each(refused)
        return
    warnings: list[Diagnostic] = []
    for edition in EDITIONS:
        try:
            with bounded(SECONDS, MEMORY):
                REGISTRY[edition].render(here, briefing, "hostile", warnings.append)
        except BriefpubError as refused:  # a user's mistake
            one_line_each(refused)


def one_line_each(refused: BriefpubError) -> None:
    """Check that a refusal says something, each problem in one line."""
    assert refused.diagnostics
    assert all("\n" not in str(d) for d in refused.diagnostics)


@pytest.mark.usefixtures("tmp_path")
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(BLOCKS, min_size=1, max_size=6), SVGS, PNGS)
def test_hostile_sources_and_images_render_or_are_refused_in_every_edition(
    tmp_path: Path, blocks: list[str], svg: str, png: bytes
) -> None:
    text = "Title\n\nWhy?\n\nAnswer: Because.\n\n" + "\n\n".join(blocks) + "\n"
    every_edition(tmp_path, text, svg, png)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.one_of(BLOCKS, st.just("Q?\nAnswer: A.")), max_size=8), SVGS, PNGS)
def test_any_hostile_text_at_all_is_rendered_or_refused(
    tmp_path: Path, blocks: list[str], svg: str, png: bytes
) -> None:
    every_edition(tmp_path, "\n\n".join(blocks), svg, png)
