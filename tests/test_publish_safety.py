"""Publishing under attack: the output folder, ``clean``, links out, name collisions, sets, batches."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from briefpub.config import load_config
from briefpub.errors import ConfigError
from conftest import FIXTURES, Run

FERRY = (FIXTURES / "ferry-strike.txt").read_text(encoding="utf-8")


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """Return the run's one error line, after checking it failed with exactly one and no traceback."""
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("briefpub: error:")]
    assert len(errors) == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr
    return errors[0]


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
