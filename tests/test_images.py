"""Every image briefpub shows is checked one way: figures and the logo alike, SVGs by what they draw."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from briefpub.reader import figures
from conftest import Run
from hostile import SVG, nested_uses, png_claiming


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("briefpub: error:")]
    assert len(errors) == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr
    return errors[0]


def branded(project: Path, name: str, data: bytes) -> None:
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / name).write_bytes(data)
    (project / "briefpub.toml").write_text(f'[brand]\nlogo = "templates/{name}"\n', encoding="utf-8")


LOGOS = {
    "a 13,000² PNG": ("logo.png", png_claiming(13_000, 13_000), "more than 50 million pixels"),
    "a 2.7 kB SVG of nested <use>": ("logo.svg", nested_uses(8, 6).encode(), "draws more than"),
    "an SVG that fetches": (
        "logo.svg",
        f'{SVG}><image href="http://example.com/track.png"/></svg>'.encode(),
        "must be self-contained",
    ),
    "text named .png": ("logo.png", b"not an image at all", "not an image"),
}


@pytest.mark.parametrize("edition", ["pdf", "html", "email"])
@pytest.mark.parametrize("logo", list(LOGOS), ids=list(LOGOS))
def test_the_logo_is_checked_like_a_figure_in_every_edition(
    run: Run, project: Path, edition: str, logo: str
) -> None:
    """A 13,000² PNG logo took the PDF to 1.5 GB; a 2.7 kB SVG of nested <use> never finished."""
    name, data, said = LOGOS[logo]
    branded(project, name, data)
    line = one_error_line(run(edition, cwd=project))
    assert f"templates/{name}: logo (brand.logo in briefpub.toml):" in line
    assert said in line
    assert not (project / "output").exists() or not any((project / "output").iterdir())


def test_a_gif_logo_is_still_welcome(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), (200, 30, 30)).save(tmp_path / "logo.gif")
    kind, width, height, _ = figures.load(
        tmp_path / "logo.gif", "logo.gif", kinds=figures.LOGO_TYPES, what="a logo"
    )
    assert (kind, width, height) == ("image/gif", 40, 20)


def test_a_gif_figure_is_still_refused(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20)).save(tmp_path / "f.gif")
    with pytest.raises(figures.ImageProblem, match="is a GIF image: figures must be PNG, JPEG or SVG"):
        figures.load(tmp_path / "f.gif", "f.gif")
