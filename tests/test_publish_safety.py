"""Publishing under attack: the output folder, ``clean``, links out, name collisions, sets, batches."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefpub.config import load_config
from briefpub.errors import BriefpubError, ConfigError
from briefpub.project import Project
from briefpub.publish.editions import REGISTRY
from briefpub.publish.pipeline import publish_source, render_editions, write_editions
from conftest import FERRY, Run, one_error_line


@pytest.mark.parametrize(
    ("paths", "says"),
    [
        ('output = "."', "output: . is the project folder itself"),
        ('output = "source"', "output: source is the source folder"),
        ('output = "templates"', "output: templates is the templates folder"),
        ('output = "source/out"', "source/out lies inside the source folder"),
        ('output = "templates/out"', "templates/out lies inside the templates folder"),
        ('output = "work"\nsource = "work/briefings"', "output: work holds the source folder"),
        ('output = "./output/../templates"', "is the templates folder"),
    ],
)
def test_the_output_folder_is_none_of_the_projects_own(project: Path, paths: str, says: str) -> None:
    (project / "templates").mkdir()
    (project / "briefpub.toml").write_text(f"[paths]\n{paths}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(project)
    (problem,) = caught.value.diagnostics
    assert says in problem.message


def test_an_output_folder_linked_to_the_templates_is_refused(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "output").symlink_to(project / "templates")
    with pytest.raises(ConfigError) as caught:
        load_config(project)
    assert "output is the templates folder" in str(caught.value.diagnostics[0])


def test_an_output_folder_of_its_own_is_fine(project: Path) -> None:
    (project / "briefpub.toml").write_text('[paths]\noutput = "public/briefings"\n', encoding="utf-8")
    assert load_config(project).output_dir == project / "public" / "briefings"


def _outside(tmp_path: Path) -> Path:
    folder = tmp_path.parent / f"{tmp_path.name}-outside"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("command", [["build"], ["pdf"], ["clean"]])
def test_the_lock_file_never_leads_out_of_the_project(
    run: Run, project: Path, tmp_path: Path, command: list[str]
) -> None:
    outside = _outside(tmp_path)
    (project / ".briefpub.lock").symlink_to(outside / "planted")
    result = run(*command, cwd=project)
    assert ".briefpub.lock: is a link" in one_error_line(result)
    assert not (outside / "planted").exists()
    assert not (project / "output" / "ferry.pdf").exists()


def test_init_writes_nothing_through_a_link_out(run: Run, tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    target = tmp_path / "new"
    target.mkdir()
    (target / "templates").symlink_to(outside)
    result = run("init", str(target))
    assert "leads out of" in one_error_line(result)
    assert list(outside.iterdir()) == []
    assert list(target.iterdir()) == [target / "templates"]
    (target / "templates").unlink()
    (tmp_path / "linked").symlink_to(outside)
    assert "linked: is a link" in one_error_line(run("init", str(tmp_path / "linked")))
    assert list(outside.iterdir()) == []


def test_init_does_not_replace_a_dangling_link(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "new"
    target.mkdir()
    (target / "briefpub.toml").symlink_to(tmp_path / "nowhere.toml")
    assert "not overwriting existing files" in one_error_line(run("init", str(target)))
    assert (target / "briefpub.toml").is_symlink()


def test_clean_removes_only_what_briefpub_wrote(run: Run, project: Path) -> None:
    (project / "source" / "gone.txt").write_text(FERRY, encoding="utf-8")
    assert run("build", "--only", "pdf", "--only", "html", cwd=project).returncode == 0
    output = project / "output"
    for name in ("annual-report.pdf", "index.html", "gone.eml"):  # named like editions, not briefpub's
        (output / name).write_text("mine", encoding="utf-8")
    (output / "gone.email").mkdir()
    (output / "gone.email" / "notes.txt").write_text("mine", encoding="utf-8")
    manifest = (output / ".briefpub-manifest.json").read_text(encoding="utf-8")
    assert str(project) not in manifest, "the manifest names paths relative to the project"
    (project / "source" / "gone.txt").unlink()
    result = run("clean", cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(line.split()[-1] for line in result.stdout.splitlines()) == [
        "output/gone.html",
        "output/gone.pdf",
    ]
    left = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if not p.name.startswith("."))
    assert left == [
        "annual-report.pdf",
        "ferry.html",
        "ferry.pdf",
        "gone.email",
        "gone.email/notes.txt",
        "gone.eml",
        "index.html",
    ]


def test_clean_says_only_what_it_removed(run: Run, project: Path) -> None:
    (project / "source" / "gone.txt").write_text(FERRY + "\n![A chart](chart.png)\n", encoding="utf-8")
    _png(project / "source" / "chart.png")
    assert run("build", "--only", "email", cwd=project).returncode == 0
    companions = project / "output" / "gone.email"
    assert any(companions.iterdir())
    (companions / "mine.txt").write_text("keep me", encoding="utf-8")
    (project / "source" / "gone.txt").unlink()
    result = run("clean", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "output/gone.eml" in result.stdout
    assert "removed output/gone.email\n" not in result.stdout, "the folder still holds mine.txt"
    assert [p.name for p in companions.iterdir()] == ["mine.txt"]


def test_an_edited_manifest_cannot_make_clean_remove_anything_else(run: Run, project: Path) -> None:
    keep = project / "source" / "keep.txt"
    keep.write_text("mine", encoding="utf-8")
    (project / "output").mkdir()
    files = {"../source/keep.txt": "x", str(keep): "x", "../briefpub.toml": "x"}
    entry = {"source": "source/gone.txt", "key": "", "files": files, "images": {}}
    (project / "output" / ".briefpub-manifest.json").write_text(
        json.dumps({"format": 3, "outputs": {"gone.pdf": entry}}), encoding="utf-8"
    )
    result = run("clean", cwd=project)
    assert result.returncode == 0, result.stderr
    assert keep.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("command", ["clean", "html"])
def test_a_manifest_nested_too_deeply_is_no_manifest(run: Run, project: Path, command: str) -> None:
    """Arrays nested 200,000 deep were an internal RecursionError in every command."""
    (project / "output").mkdir(exist_ok=True)
    deep = "[" * 200_000 + "]" * 200_000
    (project / "output" / ".briefpub-manifest.json").write_text(deep, encoding="utf-8")
    result = run(command, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr


def test_a_kept_painting_nested_too_deeply_is_painted_again() -> None:
    from briefpub.deck.paintings import _decode

    assert _decode(b"[" * 200_000 + b"]" * 200_000, lambda: None) is None


def test_init_in_a_folder_whose_name_is_too_long_is_one_line(run: Run, tmp_path: Path) -> None:
    """It was an internal OSError: 'File name too long'."""
    result = run("init", "x" * 300, cwd=tmp_path)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.endswith(": cannot create the project: File name too long"), line


def test_a_source_named_with_a_line_break_is_refused_in_one_line(run: Run, project: Path) -> None:
    """A source called 'bad<LF>name.txt' split its error over two lines."""
    for old in (project / "source").glob("*.txt"):
        old.unlink()
    (project / "source" / "bad\nname\x1b.txt").write_text("Title only\n", encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if "warning" not in line]
    assert line.startswith("briefpub: error: source/bad\\nname\\x1b.txt:1: no question section"), line


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 30), "#336699").save(path)


@pytest.mark.parametrize("command", [["build", "-j1"], ["html"], ["email"], ["pdf", "-o", "out"]])
def test_one_output_name_from_two_editions_of_two_sources_is_refused(
    run: Run, project: Path, command: list[str]
) -> None:
    (project / "source" / "a.txt").write_text(FERRY, encoding="utf-8")
    (project / "source" / "a.email.txt").write_text(FERRY, encoding="utf-8")
    (project / "out").mkdir()
    result = run(*command, cwd=project)
    line = one_error_line(result)
    assert "source/a.txt: would write" in line
    assert "a.email.html, as source/a.email.txt does" in line
    assert not (project / "output").exists() or not any((project / "output").iterdir())
    assert not any((project / "out").iterdir())


def test_a_sources_editions_are_replaced_as_a_set(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk after the first file landed leaves the old set: the old PDF beside the old deck."""
    briefpub = Project.here(project)
    source = project / "source" / "ferry.txt"
    targets = {edition: REGISTRY[edition].target(project / "output", "ferry") for edition in ("pdf", "email")}
    publish_source(briefpub, source, targets, lambda _: None)
    before = {p: p.read_bytes() for p in (project / "output").rglob("*") if p.is_file()}
    source.write_text(FERRY.replace("ferry", "ferries"), encoding="utf-8")
    rendered = render_editions(briefpub, briefpub.parse(source), targets, lambda _: None)
    real_write = os.write
    calls: list[int] = []

    def write(fd: int, data: bytes | memoryview) -> int:
        calls.append(fd)
        if len(calls) == 2:  # the first file landed whole (a regular file takes it in one call)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(BriefpubError, match="No space left on device"):
        write_editions(rendered, targets)
    monkeypatch.undo()
    after = {p: p.read_bytes() for p in (project / "output").rglob("*") if p.is_file()}
    assert after == before, "every old file stands, and no temporary file is left"


def test_every_command_publishes_the_other_sources_past_a_bug(project: Path) -> None:
    """A bug in one source's render is said once, as an internal error naming it; the others are written."""
    (project / "source" / "buggy.txt").write_text(FERRY, encoding="utf-8")
    (project / "source" / "zebra.txt").write_text(FERRY, encoding="utf-8")
    code = (
        "import sys\n"
        "from briefpub.cli import main\n"
        "from briefpub.publish import editions\n"
        "for edition in editions.REGISTRY.values():\n"
        "    def render(project, briefing, stem, warn, real=edition.render):\n"
        "        if stem == 'buggy':\n"
        "            raise ZeroDivisionError('a bug')\n"
        "        return real(project, briefing, stem, warn)\n"
        "    object.__setattr__(edition, 'render', render)\n"
        "sys.argv = ['briefpub', *sys.argv[1:]]\n"
        "main()\n"
    )
    for command in ("pdf", "html", "email", "slides"):
        result = subprocess.run(
            [sys.executable, "-c", code, command],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 1, result.stderr
        errors = [line for line in result.stderr.splitlines() if "error" in line]
        assert len(errors) == 1, result.stderr
        assert errors[0].startswith("briefpub: error: source/buggy.txt: internal error")
        assert "ZeroDivisionError: a bug" in errors[0]
        assert "Traceback" not in result.stderr
        extension = REGISTRY[command].extension
        assert (project / "output" / f"ferry.{extension}").is_file(), command
        assert (project / "output" / f"zebra.{extension}").is_file(), command


def test_a_failing_deck_leaves_its_sources_other_editions_written(run: Run, project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "broken.pptx").write_bytes(b"PK\x03\x04 not a deck")
    (project / "briefpub.toml").write_text('[slides]\ntemplate = "templates/broken.pptx"\n', "utf-8")
    result = run("build", "-j1", cwd=project)
    line = one_error_line(result)
    assert "broken.pptx" in line
    made = sorted(p.name for p in (project / "output").iterdir() if not p.name.startswith("."))
    assert made == ["ferry.email.html", "ferry.eml", "ferry.html", "ferry.pdf"]
    pdf = (project / "output" / "ferry.pdf").stat().st_mtime_ns
    again = run("build", "-j1", cwd=project)
    assert "built 0, skipped 0, failed 1" in again.stderr, "the deck is tried again"
    assert (project / "output" / "ferry.pdf").stat().st_mtime_ns == pdf, "the rest is up to date"


def test_a_shared_output_folder_is_one_line_at_its_place_in_the_config(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text('# outputs\n[paths]\noutput = "source"\n', encoding="utf-8")
    line = one_error_line(run("build", cwd=project))
    assert line == (
        "briefpub: error: briefpub.toml:3: paths.output: source is the source folder; "
        "give outputs a folder of their own"
    )
    assert sorted(p.name for p in (project / "source").iterdir()) == ["ferry.txt"]


def test_a_manifest_that_is_a_link_is_neither_read_nor_written_through(
    run: Run, project: Path, tmp_path: Path
) -> None:
    outside = _outside(tmp_path)
    planted = outside / "manifest.json"
    entry = {"source": "source/gone.txt", "key": "", "files": {"output/gone.pdf": "x"}, "images": {}}
    text = json.dumps({"format": 3, "outputs": {"gone.pdf": entry}})
    planted.write_text(text, encoding="utf-8")
    (project / "output").mkdir()
    (project / "output" / "gone.pdf").write_text("a reader's", encoding="utf-8")
    (project / "output" / ".briefpub-manifest.json").symlink_to(planted)
    cleaned = run("clean", cwd=project)
    assert cleaned.returncode == 0, cleaned.stderr
    assert (project / "output" / "gone.pdf").exists(), "a manifest read through a link is not briefpub's"
    result = run("build", "--only", "html", cwd=project)
    assert result.returncode == 0, result.stderr
    assert planted.read_text(encoding="utf-8") == text
    assert not (project / "output" / ".briefpub-manifest.json").is_symlink()


@pytest.mark.parametrize("taken", ["file", "dangling link", "link out"])
def test_init_refuses_an_output_folder_whose_place_is_taken_before_writing(
    run: Run, tmp_path: Path, taken: str
) -> None:
    target = tmp_path / "new"
    target.mkdir()
    if taken == "file":
        (target / "output").write_text("mine", encoding="utf-8")
    elif taken == "dangling link":
        (target / "output").symlink_to(tmp_path / "nowhere")
    else:
        (target / "output").symlink_to(_outside(tmp_path))
    line = one_error_line(run("init", str(target)))
    assert "not overwriting existing files" in line
    assert line.endswith("new/output")
    assert [p.name for p in target.iterdir()] == ["output"]


def test_a_file_where_the_output_folder_belongs_is_one_line_before_rendering(run: Run, project: Path) -> None:
    (project / "public").write_text("mine", encoding="utf-8")
    (project / "briefpub.toml").write_text('[paths]\noutput = "public"\n', encoding="utf-8")
    line = one_error_line(run("build", cwd=project))
    assert line.endswith("briefpub.toml:2: paths.output: public is a file, not a folder")
    (project / "briefpub.toml").unlink()
    line = one_error_line(run("html", "-o", "public/sub/ferry.html", cwd=project))
    assert line.endswith("public/sub/ferry.html: cannot write: public is a file, not a folder")
    assert (project / "public").read_text(encoding="utf-8") == "mine"
