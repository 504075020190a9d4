"""Second runs: each setting and file rebuilds the editions that read it, and only them.

An edition's freshness key (:func:`briefpub.publish.freshness.inputs_digest`)
must change when anything it is made from changes, and must not change for
what it never reads, or an unrelated edit rebuilds everything. Every key of
``briefpub.toml`` is listed here with the editions that read it; a new
setting fails :func:`test_every_setting_is_listed` until it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpub.config import _SCHEMA
from briefpub.project import Project
from briefpub.publish.build import build
from briefpub.publish.editions import REGISTRY
from briefpub.publish.freshness import inputs_digest
from conftest import Run

ALL = frozenset(REGISTRY)
NEWSLETTER = frozenset({"pdf", "html", "email"})
NONE: frozenset[str] = frozenset()

SETTINGS: list[tuple[str, str, str, frozenset[str]]] = [
    ("defaults", "publication", '"Desk Weekly"', ALL),
    ("defaults", "author", '"A. Writer"', ALL),
    ("defaults", "lang", '"fr"', ALL),
    ("paths", "source", '"briefings"', NONE),
    ("paths", "templates", '"layouts"', ALL),
    ("paths", "output", '"public"', NONE),
    ("reader", "max_bytes", "500000", ALL),
    ("reader", "markup", '"plain"', ALL),
    ("reader", "encoding", '"latin-1"', ALL),
    ("brand", "primary", '"#112233"', ALL),
    ("brand", "accent", '"#445566"', ALL),
    ("brand", "font_body", '"Georgia"', ALL),
    ("brand", "font_heading", '"Arial"', ALL),
    ("brand", "logo", '"logo.png"', ALL),
    ("brand", "logo_dark", '"logo-dark.png"', ALL),
    ("brand", "disclaimer", '"Not for distribution."', ALL),
    ("pdf", "paper", '"letter"', frozenset({"pdf", "html"})),  # the e-mail has no paper size
    ("pdf", "variant", '"pdf/a-3b"', frozenset({"pdf", "html"})),
    ("pdf", "toc_min_sections", "9", NEWSLETTER),
    ("pdf", "show_urls", "true", NEWSLETTER),
    ("slides", "master", '"masters/corp.pptx"', frozenset({"slides"})),
    ("slides", "agenda", "true", frozenset({"slides"})),
    ("slides", "layouts", '{ title = "Title Slide" }', frozenset({"slides"})),
    ("slides", "title_max_pt", "30", frozenset({"slides"})),
    ("slides", "title_min_pt", "12", frozenset({"slides"})),
    ("slides", "body_max_pt", "22", frozenset({"slides"})),
    ("slides", "body_min_pt", "10", frozenset({"slides"})),
    ("slides", "furniture", "false", frozenset({"slides"})),
    ("slides", "footer", '"Desk"', frozenset({"slides"})),
    ("slides", "strict", "true", frozenset({"slides"})),
    ("build", "jobs", "3", NONE),
    ("build", "editions", '["pdf"]', NONE),
    ("email", "from", '"Desk <desk@example.com>"', frozenset({"email"})),
    ("email", "reply_to", '"desk@example.com"', frozenset({"email"})),
    ("email", "web_url", '"https://example.com/weekly"', frozenset({"email"})),
    ("email", "asset_url", '"https://example.com/assets"', frozenset({"email"})),
]


def keys(root: Path) -> dict[str, str]:
    project = Project.here(root)
    return {edition: inputs_digest(project, edition) for edition in REGISTRY}


def changed(before: dict[str, str], after: dict[str, str]) -> frozenset[str]:
    return frozenset(edition for edition in REGISTRY if before[edition] != after[edition])


def test_every_setting_is_listed() -> None:
    listed = {(table, key) for table, key, _, _ in SETTINGS}
    assert listed == {(table, key) for table, keys in _SCHEMA.items() for key in keys}


@pytest.mark.parametrize(
    ("table", "key", "value", "editions"), SETTINGS, ids=[f"{t}.{k}" for t, k, _, _ in SETTINGS]
)
def test_each_setting_changes_the_key_of_the_editions_that_read_it_and_only_them(
    project: Path, table: str, key: str, value: str, editions: frozenset[str]
) -> None:
    (project / "briefpub.toml").write_text("# a project\n", encoding="utf-8")
    before = keys(project)
    (project / "briefpub.toml").write_text(f"[{table}]\n{key} = {value}\n", encoding="utf-8")
    assert changed(before, keys(project)) == editions


@pytest.mark.parametrize(
    ("path", "editions"),
    [
        ("templates/newsletter.css", NEWSLETTER),
        ("templates/email.html", NEWSLETTER),
        ("templates/deck.pptx", frozenset({"slides"})),
        ("templates/fonts/body.woff2", NEWSLETTER),
        ("source/notes.md", NONE),
    ],
)
def test_each_file_changes_the_key_of_the_editions_that_read_it_and_only_them(
    project: Path, path: str, editions: frozenset[str]
) -> None:
    (project / "templates").mkdir()
    file = project / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(b"first")
    before = keys(project)
    file.write_bytes(b"second, longer")
    assert changed(before, keys(project)) == editions


def test_a_named_master_and_the_logo_change_the_keys_of_what_shows_them(project: Path) -> None:
    (project / "masters").mkdir()
    (project / "masters" / "corp.pptx").write_bytes(b"first")
    (project / "logo.png").write_bytes(b"first")
    (project / "logo-dark.png").write_bytes(b"first")
    (project / "briefpub.toml").write_text(
        '[slides]\ntemplate = "masters/corp.pptx"\n[brand]\nlogo = "logo.png"\nlogo_dark = "logo-dark.png"\n',
        encoding="utf-8",
    )
    before = keys(project)
    (project / "masters" / "corp.pptx").write_bytes(b"second, longer")
    middle = keys(project)
    assert changed(before, middle) == {"slides"}
    (project / "logo.png").write_bytes(b"second, longer")
    last = keys(project)
    assert changed(middle, last) == NEWSLETTER
    (project / "logo-dark.png").write_bytes(b"second, longer")
    assert changed(last, keys(project)) == NEWSLETTER


def test_a_changed_setting_rebuilds_only_the_edition_that_reads_it(project: Path) -> None:
    """End to end, once: the key decides what ``build`` does on the next run."""
    sources = [project / "source" / "ferry.txt"]
    assert build(Project.here(project), sources, jobs=1).count("built") == 1
    output = project / "output"
    stamps = {p.name: p.stat().st_mtime_ns for p in output.iterdir() if p.is_file()}
    (project / "briefpub.toml").write_text("[slides]\nagenda = true\n", encoding="utf-8")
    assert build(Project.here(project), sources, jobs=1).count("built") == 1
    rebuilt = {p.name for p in output.iterdir() if p.is_file() and p.stat().st_mtime_ns != stamps.get(p.name)}
    assert rebuilt == {"ferry.pptx", ".briefpub-manifest.json"}


def test_an_edition_its_own_command_wrote_is_current_for_build(run: Run, project: Path) -> None:
    """``pdf``, ``html``, ``email`` and ``slides`` run build's loop: their outputs are on the manifest."""
    assert run("html", cwd=project).returncode == 0
    page = project / "output" / "ferry.html"
    written = page.stat().st_ino  # every write is a new file renamed into place
    result = run("build", "-j1", "--only", "html", "--only", "pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    assert page.stat().st_ino == written, "the web edition was current"
    assert (project / "output" / "ferry.pdf").is_file()
    assert "briefpub: built 1, skipped 0" in result.stderr
    again = run("html", cwd=project)
    assert again.returncode == 0, again.stderr
    assert page.stat().st_ino != written, "a command asked for an edition always writes it"
