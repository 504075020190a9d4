"""The e-mail's companion folder (``output/<stem>.email/``): no write through a link, nothing half-written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import Run

TWO_FIGURES = "Title\n\nWhy?\n\nAnswer: Because.\n\n![Red](red.png)\n\n![Blue](blue.png)\n"
ONE_FIGURE = "Title\n\nWhy?\n\nAnswer: Because.\n\n![Red](red.png)\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    Image.new("RGB", (40, 30), (200, 0, 0)).save(folder / "red.png")
    Image.new("RGB", (40, 30), (0, 0, 200)).save(folder / "blue.png")
    (folder / "issue#47.txt").write_text(TWO_FIGURES, encoding="utf-8")
    (folder / "output").mkdir()
    (folder / "briefpub.toml").write_text('[email]\nfrom = "Desk <desk@example.com>"\n', encoding="utf-8")
    return folder


def one_line_error(stderr: str, path: str) -> None:
    assert re.fullmatch(rf"briefpub: error: {re.escape(path)}: [^\n]+\n", stderr), stderr


def test_a_companion_folder_that_links_out_is_refused_before_anything_is_written(
    run: Run, project: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "figure-1.png").write_bytes(b"theirs")
    (project / "output" / "issue#47.email").symlink_to(outside)
    done = run("email", "issue#47.txt", cwd=project)
    assert done.returncode == 1
    one_line_error(done.stderr, "output/issue#47.email")
    assert "link" in done.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["figure-1.png"]
    assert (outside / "figure-1.png").read_bytes() == b"theirs"
    assert sorted(p.name for p in (project / "output").iterdir()) == ["issue#47.email"]  # no .eml


def test_a_companion_path_that_is_a_file_fails_before_the_message_is_written(run: Run, project: Path) -> None:
    (project / "output" / "issue#47.email").write_text("a file", encoding="utf-8")
    done = run("email", "issue#47.txt", cwd=project)
    assert done.returncode == 1
    one_line_error(done.stderr, "output/issue#47.email")
    assert sorted(p.name for p in (project / "output").iterdir()) == ["issue#47.email"]


def test_an_image_that_links_out_is_replaced_not_written_through(
    run: Run, project: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.png"
    victim.write_bytes(b"theirs")
    (project / "output" / "issue#47.email").mkdir()
    (project / "output" / "issue#47.email" / "figure-1.png").symlink_to(victim)
    done = run("email", "issue#47.txt", cwd=project)
    assert done.returncode == 0, done.stderr
    assert victim.read_bytes() == b"theirs"
    image = project / "output" / "issue#47.email" / "figure-1.png"
    assert not image.is_symlink()
    assert image.read_bytes().startswith(b"\x89PNG")


def test_a_figure_taken_out_leaves_no_image_and_a_readers_file_stays(run: Run, project: Path) -> None:
    assert run("email", "issue#47.txt", cwd=project).returncode == 0
    folder = project / "output" / "issue#47.email"
    assert sorted(p.name for p in folder.iterdir()) == ["figure-1.png", "figure-2.png"]
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (project / "issue#47.txt").write_text(ONE_FIGURE, encoding="utf-8")
    done = run("email", "issue#47.txt", cwd=project)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["figure-1.png", "notes.txt"]


def test_image_links_are_percent_encoded(run: Run, project: Path) -> None:
    assert run("email", "issue#47.txt", cwd=project).returncode == 0
    page = (project / "output" / "issue#47.email.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', page)
    assert sources == ["issue%2347.email/figure-1.png", "issue%2347.email/figure-2.png"]
