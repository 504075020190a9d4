"""``@import`` in ``custom.css``: refused in one line naming the file, the line and what it asks for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Run

BRIEFING = "A title\n\nWhy?\n\nAnswer: Because.\n\nThe body.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "a.txt").write_text(BRIEFING, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("edition", ["pdf", "html", "email"])
@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1:9/x.css", "only files in the template folders"),
        ("file:///etc/passwd", "only files in the template folders"),
        ("//evil.example/x.css", "only files in the template folders"),
        ("../../../../etc/passwd", "it leads outside the template folders"),
    ],
)
def test_a_refused_import_is_one_line_naming_file_line_and_url(
    run: Run, project: Path, edition: str, url: str, why: str
) -> None:
    (project / "templates" / "custom.css").write_text(f'body {{ }}\n\n@import "{url}";\n', encoding="utf-8")
    done = run(edition, "a.txt", cwd=project)
    assert done.returncode == 1
    assert re.fullmatch(
        rf"briefpub: error: templates/custom\.css:3: @import {re.escape(url)} refused: {why}[^\n]*\n",
        done.stderr,
    ), done.stderr
    assert not (project / "output").exists()


def test_an_import_refused_inside_an_imported_file_is_one_line(run: Run, project: Path) -> None:
    (project / "templates" / "custom.css").write_text('@import "more.css";\n', encoding="utf-8")
    (project / "templates" / "more.css").write_text('@import "http://127.0.0.1:9/x.css";\n', encoding="utf-8")
    done = run("pdf", "a.txt", cwd=project)
    assert done.returncode == 1
    assert re.fullmatch(
        r"briefpub: error: templates/custom\.css: refused to fetch http://127\.0\.0\.1:9/x\.css[^\n]*\n",
        done.stderr,
    ), done.stderr


def test_the_web_edition_names_the_import_it_refuses(run: Run, project: Path) -> None:
    (project / "templates" / "custom.css").write_text('h1 { }\n@import url("more.css");\n', encoding="utf-8")
    (project / "templates" / "more.css").write_text("h2 { color: red; }\n", encoding="utf-8")
    assert run("pdf", "a.txt", cwd=project).returncode == 0  # the PDF may import a file beside it
    done = run("html", "a.txt", cwd=project)
    assert done.returncode == 1
    assert re.fullmatch(
        r"briefpub: error: templates/custom\.css:2: @import more\.css is not supported in the web[^\n]*\n",
        done.stderr,
    ), done.stderr


@pytest.mark.parametrize("edition", ["pdf", "html"])
@pytest.mark.parametrize(
    ("rule", "named"),
    [
        ('body { background: url("file:///etc/passwd"); }', "url(file:///etc/passwd) refused: only files"),
        ("@font-face { font-family: X; src: url(https://fonts.example/x.woff2); }", "url(https://fonts.exa"),
        (
            "p { background: url(../../../../secret.png) }",
            "url(../../../../secret.png) refused: it leads out",
        ),
        (
            'p { background: image-set("http://127.0.0.1:9/a.png" 1x) }',
            "url(http://127.0.0.1:9/a.png) refused",
        ),
    ],
)
def test_a_refused_url_is_named_at_its_line(
    run: Run, project: Path, edition: str, rule: str, named: str
) -> None:
    (project / "templates" / "custom.css").write_text(f"h1 {{ }}\n{rule}\n", encoding="utf-8")
    done = run(edition, "a.txt", cwd=project)
    assert done.returncode == 1
    assert done.stderr.startswith(f"briefpub: error: templates/custom.css:2: {named}"), done.stderr
    assert done.stderr.count("\n") == 1
