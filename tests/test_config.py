"""briefpub.toml: found upwards, validated once, every problem reported together."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpub import ConfigError
from briefpub.config import find_root, load_config


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.file is None
    assert config.source_dir == tmp_path / "source"
    assert config.output_dir == tmp_path / "output"
    assert config.pdf.paper == "a4"
    assert config.defaults.lang == "en"


def test_values_are_typed_and_paths_resolved(tmp_path: Path) -> None:
    (tmp_path / "briefpub.toml").write_text(
        """
[defaults]
publication = "Desk Weekly"
author = ["A", "B"]
lang = "de"

[paths]
source = "in"
output = "build/out"

[brand]
primary = "#112233"
logo = "logo.svg"

[pdf]
paper = "letter"
variant = "pdf/a-3b"

[slides]
agenda = true
master = "corp.pptx"
layouts = { question = "Content (Title only)" }
body_min_pt = 12

[build]
jobs = 2
""",
        encoding="utf-8",
    )
    c = load_config(tmp_path)
    assert (c.defaults.publication, c.defaults.authors, c.defaults.lang) == ("Desk Weekly", ("A", "B"), "de")
    assert c.source_dir == tmp_path / "in"
    assert c.output_dir == tmp_path / "build" / "out"
    assert c.brand.logo == tmp_path / "logo.svg"
    assert (c.pdf.paper, c.pdf.variant) == ("letter", "pdf/a-3b")
    assert c.slides.master == tmp_path / "corp.pptx"
    assert c.slides.layouts["question"] == "Content (Title only)"
    assert c.slides.body_min_pt == 12.0
    assert c.jobs == 2


def test_all_problems_reported_together(tmp_path: Path) -> None:
    (tmp_path / "briefpub.toml").write_text(
        """
[pdf]
paper = "a5"
papr = "a4"

[brand]
primary = "blue"

[slides]
title_min_pt = 40
title_max_pt = 30
layouts = { nope = "x", neither = "y" }

[colours]
x = 1
""",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    messages = [d.message for d in info.value.diagnostics]
    assert len(messages) == 6
    for key in ("pdf.paper", "pdf.papr", "brand.primary", "slides.layouts", "colours", "slides.title_min_pt"):
        assert any(m.startswith(key + ":") for m in messages), key
    assert all(d.file.endswith("briefpub.toml") for d in info.value.diagnostics)
    assert "unknown roles 'neither', 'nope'" in next(m for m in messages if m.startswith("slides.layouts"))


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "briefpub.toml").write_text('[pdf]\npaper = "a4"\nbroken =\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.diagnostics[0].line == 3
    assert "invalid TOML" in info.value.diagnostics[0].message


def test_a_config_that_is_not_utf8_names_the_line_and_the_byte(tmp_path: Path) -> None:
    (tmp_path / "briefpub.toml").write_bytes(
        '[pdf]\npaper = "a4"\n[defaults]\nauthor = "Ren\xe9"\n'.encode("cp1252")
    )
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    (said,) = info.value.diagnostics
    assert (said.line, said.message) == (4, "byte 0xE9 is not UTF-8; save the file as UTF-8")


def test_root_is_nearest_parent_with_config(tmp_path: Path) -> None:
    (tmp_path / "briefpub.toml").write_text("", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_root(deep) == tmp_path.resolve()


def test_root_defaults_to_start(tmp_path: Path) -> None:
    assert find_root(tmp_path) == tmp_path.resolve()


TEXT_SETTINGS = [
    ("paths", "source"),
    ("paths", "templates"),
    ("paths", "output"),
    ("brand", "logo"),
    ("brand", "logo_dark"),
    ("brand", "disclaimer"),
    ("slides", "master"),
    ("slides", "template"),
    ("slides", "footer"),
    ("defaults", "publication"),
    ("email", "from"),
]


@pytest.mark.parametrize(("table", "key"), TEXT_SETTINGS, ids=[f"{t}.{k}" for t, k in TEXT_SETTINGS])
@pytest.mark.parametrize("control", ["\\u0000", "\\u0001", "\\r\\nBcc: x@example.com", "\\u0085"])
def test_a_setting_holding_a_control_character_is_one_line_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, key: str, control: str
) -> None:
    """NUL in a path was an internal 'embedded null byte', in the deck's footer an internal ValueError;
    a line break in a path printed its error on two lines."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefpub.toml").write_text(f'\n[{table}]\n{key} = "a{control}b"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    [line] = str(caught.value).splitlines()
    assert line.startswith(f"briefpub.toml:3: {table}.{key}: ")


@pytest.mark.parametrize("key", ["source", "templates", "output"])
@pytest.mark.parametrize("path", ["x" * 3000, "a/" + "x" * 300])
def test_a_path_too_long_for_the_file_system_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, path: str
) -> None:
    """It was an internal OSError: 'File name too long'."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefpub.toml").write_text(f'[paths]\n{key} = "{path}"\n', encoding="utf-8")
    said = rf"^briefpub\.toml:2: paths\.{key}: a path is at most 1,024 characters"
    with pytest.raises(ConfigError, match=said):
        load_config(tmp_path)


def test_settings_through_a_link_out_of_the_project_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A briefpub.toml linked to a file elsewhere was read: settings are the project's own file."""
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text("[build]\njobs = 1\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "briefpub.toml").symlink_to(elsewhere)
    monkeypatch.chdir(project)
    with pytest.raises(ConfigError, match=r"^briefpub\.toml: is a link leading outside the project"):
        load_config(project)


def test_settings_through_a_link_inside_the_project_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link to a file in the project (a shared settings file in a subfolder) is the project's own."""
    (tmp_path / "settings").mkdir()
    (tmp_path / "settings" / "briefpub.toml").write_text("[build]\njobs = 1\n", encoding="utf-8")
    (tmp_path / "briefpub.toml").symlink_to(tmp_path / "settings" / "briefpub.toml")
    monkeypatch.chdir(tmp_path)
    assert load_config(tmp_path).jobs == 1


@pytest.mark.parametrize("kind", ["folder", "fifo", "dangling link"])
def test_a_settings_file_that_is_not_a_file_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A FIFO or folder called briefpub.toml was taken for no settings: the build went on with none."""
    import os

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "briefpub.toml"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("gone")
    with pytest.raises(ConfigError, match=r"^briefpub\.toml: is not a regular file"):
        load_config(tmp_path)


def test_a_layout_mapping_knows_its_lines_without_them_counting_as_settings(tmp_path: Path) -> None:
    """A mapping mistake is said at its line; a comment that moves the line rebuilds no deck."""
    config = tmp_path / "briefpub.toml"
    config.write_text('[slides.layouts]\ntitle = "Cover"\nquestion = "Body"\n', encoding="utf-8")
    first = load_config(tmp_path).slides
    assert {role: (Path(file).name, line) for role, (file, line) in first.mapped_at.items()} == {
        "title": ("briefpub.toml", 2),
        "question": ("briefpub.toml", 3),
    }
    config.write_text('# the house master\n[slides.layouts]\ntitle = "Cover"\nquestion = "Body"\n', "utf-8")
    moved = load_config(tmp_path).slides
    assert moved.mapped_at["title"][1] == 3
    assert (moved, repr(moved)) == (first, repr(first))


def test_the_deck_master_is_read_by_its_0_2_spelling_too(tmp_path: Path) -> None:
    """``[slides] template`` named the deck's master in 0.2; it is now ``master``, the old key still read."""
    (tmp_path / "briefpub.toml").write_text('[slides]\ntemplate = "corp.pptx"\n', encoding="utf-8")
    assert load_config(tmp_path).slides.master == tmp_path / "corp.pptx"


def test_the_master_given_by_both_spellings_is_one_line_at_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefpub.toml").write_text(
        '[slides]\nmaster = "a.pptx"\ntemplate = "b.pptx"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert str(caught.value) == (
        "briefpub.toml:3: slides.template: is the old spelling of slides.master; give one"
    )


@pytest.mark.parametrize(("key", "hint"), [("mastr", "master"), ("templat", "template")])
def test_a_misspelt_master_key_is_told_the_nearest_spelling(tmp_path: Path, key: str, hint: str) -> None:
    (tmp_path / "briefpub.toml").write_text(f'[slides]\n{key} = "a.pptx"\n', encoding="utf-8")
    with pytest.raises(
        ConfigError, match=rf"briefpub\.toml:2: slides\.{key}: unknown key; did you mean '{hint}'\?$"
    ):
        load_config(tmp_path)


def test_an_unknown_slides_key_lists_the_current_spellings_only(tmp_path: Path) -> None:
    (tmp_path / "briefpub.toml").write_text('[slides]\nlayout_names = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    known = str(caught.value).split("(known: ")[1]
    assert "master" in known.split(", ")
    assert "template" not in known.split(", ")
