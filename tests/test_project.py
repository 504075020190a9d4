"""The project: found from any folder inside it, its sources, command-line options over its config."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpub.errors import BriefpubError
from briefpub.project import Project


def test_the_project_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "briefpub.toml").write_text('[paths]\nsource = "texts"\n', encoding="utf-8")
    (tmp_path / "texts" / "deep").mkdir(parents=True)
    project = Project.here(tmp_path / "texts" / "deep")
    assert project.config.root == tmp_path.resolve()
    assert project.config.source_dir == tmp_path.resolve() / "texts"


def test_sources_are_sorted_txt_files_without_hidden_ones(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("b.txt", "a.txt", ".draft.txt", "notes.md"):
        (source / name).write_text("x", encoding="utf-8")
    (source / "folder.txt").mkdir()
    assert [p.name for p in Project.here(tmp_path).sources([])] == ["a.txt", "b.txt"]


def test_given_sources_are_taken_as_given(tmp_path: Path) -> None:
    assert Project.here(tmp_path).sources([Path("x.txt")]) == [Path("x.txt")]


def test_no_sources_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(BriefpubError, match="source: no such folder"):
        Project.here(tmp_path).sources([])
    (tmp_path / "source").mkdir()
    with pytest.raises(BriefpubError, match="no briefings"):
        Project.here(tmp_path).sources([])


def test_command_line_options_lie_over_the_config(tmp_path: Path) -> None:
    (tmp_path / "briefpub.toml").write_text('[pdf]\npaper = "a4"\n', encoding="utf-8")
    elsewhere = tmp_path / "shared-templates"
    elsewhere.mkdir()
    project = Project.here(tmp_path).override(paper="letter", templates=elsewhere, pdf_variant="pdf/a-3b")
    assert project.config.pdf.paper == "letter"
    assert project.config.pdf.variant == "pdf/a-3b"
    assert project.templates() == elsewhere
    with pytest.raises(BriefpubError, match="no such templates folder"):
        Project.here(tmp_path).override(templates=tmp_path / "missing")


def test_the_deck_master_is_found_in_the_templates_folder(tmp_path: Path) -> None:
    project = Project.here(tmp_path)
    assert project.deck_master() is None
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "deck.potx").write_bytes(b"")
    assert project.deck_master() == tmp_path.resolve() / "templates" / "deck.potx"
