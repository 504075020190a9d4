"""An e-mail's SVG images drawn as PNG are kept in the project's cache as the deck's figures are.

Counted, not timed: whether a fresh process imports CairoSVG, how many
drawings a render makes, and the edition's bytes.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from briefpub import parse, rasterise
from briefpub.cache import FOLDER, Cache, store
from briefpub.config import Brand
from briefpub.newsletter.mail import render_email

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">'
    '<circle cx="150" cy="100" r="80" fill="#336699"/></svg>'
)
BRIEFING = "Weekly\n\nWhat changed?\nAnswer: A dispute.\n\nBody.\n\n![Map](map.svg)\n"
_EMAIL = (
    "import sys\n"
    "from briefpub.cli import cli\n"
    "try:\n"
    "    cli(['email', 'source/weekly.txt'], prog_name='briefpub')\n"
    "except SystemExit as exit:\n"
    "    assert not exit.code, exit.code\n"
    "print('cairosvg' in sys.modules)\n"
)


def _project(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    (tmp_path / "source" / "map.svg").write_text(SVG, encoding="utf-8")
    return tmp_path


def _email(project: Path) -> tuple[bool, dict[str, bytes]]:
    """Write the e-mail in a fresh process; return whether CairoSVG was imported, and every file written."""
    result = subprocess.run(
        [sys.executable, "-c", _EMAIL], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    output = project / "output"
    files = {
        str(path.relative_to(output)): path.read_bytes()
        for path in output.rglob("*")
        if path.is_file() and not path.name.startswith(".") and FOLDER not in path.parts
    }
    return result.stdout.split()[-1] == "True", files


def test_a_second_email_draws_no_svg(tmp_path: Path) -> None:
    project = _project(tmp_path)
    drew, first = _email(project)
    assert drew
    assert "weekly.email/figure-1.png" in first
    assert len(list((project / "output" / FOLDER).glob("svg-*"))) == 1
    drew, again = _email(project)
    assert not drew, "CairoSVG imported again: the drawing was not kept"
    assert again == first


def _drawings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    drawn: list[str] = []
    real = rasterise.svg_to_png

    def counted(data: bytes, where: str, **size: int | None) -> bytes:
        drawn.append(where)
        return real(data, where, **size)

    monkeypatch.setattr(rasterise, "svg_to_png", counted)
    return drawn


def _forge(entry: Path, payload: bytes) -> None:
    """Replace an entry's payload under a first line that matches it (a hostile entry)."""
    header = entry.read_bytes().split(b"\n", 1)[0].rsplit(b" ", 1)[0]
    entry.write_bytes(header + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)


@pytest.mark.parametrize("wrong", ["width", "height", "not a png"])
def test_a_kept_drawing_of_another_size_is_drawn_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wrong: str
) -> None:
    """The logo is kept by its height, a figure by its width: an entry of another size is not used."""
    project = _project(tmp_path)
    (project / "logo.svg").write_text(SVG, encoding="utf-8")
    briefing = parse(project / "source" / "weekly.txt")
    brand = Brand(logo=project / "logo.svg")
    folder = project / "output" / FOLDER
    drawn = _drawings(monkeypatch)
    cache = Cache(folder)
    first = render_email(briefing, brand=brand, cache=cache)
    logo, figure = drawn
    assert figure.endswith("map.svg")
    assert len(cache.new) == 2
    (project / "output").mkdir()
    store(project / "output", [cache.new])
    again = render_email(briefing, brand=brand, cache=Cache(folder))
    assert len(drawn) == 2, "a kept drawing was drawn again"
    assert again.assets == first.assets
    for entry in sorted(folder.iterdir()):
        png = entry.read_bytes().split(b"\n", 1)[1]
        at = {"width": 16, "height": 20, "not a png": 0}[wrong]
        _forge(entry, png[:at] + (7).to_bytes(4, "big") + png[at + 4 :])
    third = render_email(briefing, brand=brand, cache=Cache(folder))
    # a wrong width unfits the figure (kept by its width), a wrong height the logo, a non-PNG both
    again_drawn = {"width": [figure], "height": [logo], "not a png": [logo, figure]}[wrong]
    assert drawn[2:] == again_drawn
    assets = {logo: "logo.png", figure: "figure-1.png"}
    assert {assets[w]: third.assets[assets[w]] for w in again_drawn} == {
        assets[w]: first.assets[assets[w]] for w in again_drawn
    }
