"""Every image briefpub shows is checked one way: figures and the logo alike, SVGs by what they draw."""

from __future__ import annotations

from pathlib import Path

import pytest

import hostile
from briefpub.reader import figures
from conftest import Run, one_error_line
from hostile import SVG, nested_uses, png_claiming


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
    "an SVG NaN wide": (  # the PDF's was an internal ValueError, the e-mail's an internal CairoError
        "logo.svg",
        f'{SVG} width="NaN" height="1e999"><rect width="9" height="9"/></svg>'.encode(),
        "a size must be a positive number",
    ),
    "400,000 letters in one <text>": (  # drew for minutes
        "logo.svg",
        f"{SVG}><text>{'W' * 400_000}</text></svg>".encode(),
        "draws more than",
    ),
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


HEAVY_SVGS = {
    "a marker at each of 2,000 vertices": hostile.marked_path(2000, 30),
    "markers a stylesheet sets on every polyline": hostile.styled_markers(20, 300, 20),
    "a marked path drawn by 200 <use>": hostile.marker_through_use(200, 100, 5),
    "a <use> of a <use>, 2^17 times": hostile.uses_of_uses(17),
    "a 1,000-shape pattern inherited by 100 circles": hostile.inherited_pattern(100, 1000),
    "a 500-shape clip path on 200 rectangles": hostile.clipped_many(200, 500),
    "a pattern that paints itself": hostile.self_painting_pattern(),
    "a 2,000² PNG embedded once, drawn 200 times": hostile.embedded_copies(200, 2000),
    "60,000 letters in one text": f"{SVG}><text>{'W' * 30_000}<tspan>x</tspan>{'W' * 30_000}</text></svg>",
}


@pytest.mark.parametrize("svg", list(HEAVY_SVGS.values()), ids=list(HEAVY_SVGS))
def test_what_an_svg_draws_is_counted_markers_patterns_clips_and_copies(tmp_path: Path, svg: str) -> None:
    """Markers and patterns escaped the count: a 1.3 MB figure took WeasyPrint over 150 s and 2.9 GB."""
    (tmp_path / "f.svg").write_text(svg, encoding="utf-8")
    with pytest.raises(figures.ImageProblem, match="draws more than 50,000 elements"):
        figures.load(tmp_path / "f.svg", "f.svg")


MODEST_SVGS = {
    "arrows on a few lines": hostile.marked_path(40, 3),
    "a hatched bar": hostile.tiled_pattern(4, 3, 200),
    "a clipped group": hostile.clipped_many(20, 5),
    "copies of copies": hostile.uses_of_uses(6),
    "a photo embedded once, drawn twice": hostile.embedded_copies(2, 1000),
}


@pytest.mark.parametrize("svg", list(MODEST_SVGS.values()), ids=list(MODEST_SVGS))
def test_an_svg_with_modest_markers_patterns_and_copies_is_fine(tmp_path: Path, svg: str) -> None:
    (tmp_path / "f.svg").write_text(svg, encoding="utf-8")
    assert figures.load(tmp_path / "f.svg", "f.svg")[0] == "image/svg+xml"


@pytest.mark.parametrize("edition", ["email", "slides"])
def test_an_svg_too_big_to_draw_as_png_is_one_line_naming_it(run: Run, project: Path, edition: str) -> None:
    """CairoSVG paints a pattern's tile as one bitmap: 100,000² pixels was an internal MemoryError."""
    (project / "source" / "tile.svg").write_text(hostile.huge_tile(), encoding="utf-8")
    (project / "source" / "t.txt").write_text(
        "Title\n\nWhy?\n\nAnswer: Because.\n\n![Tiles](tile.svg)\n", encoding="utf-8"
    )
    line = one_error_line(run(edition, "source/t.txt", cwd=project))
    assert "source/tile.svg: drawing this SVG as PNG needed more than 1024 MiB" in line


def test_a_deadline_cairo_swallows_is_still_named_as_the_deadline(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Raised in cairo's read callback, the deadline became a read error: an internal error, a traceback."""
    from briefpub import rasterise
    from briefpub.errors import RenderError

    monkeypatch.setattr(rasterise, "DRAW_SECONDS", 0.5)
    with pytest.raises(RenderError, match=r"f.svg: drawing this SVG as PNG took longer than 0.5 s"):
        rasterise.svg_to_png(hostile.embedded_copies(400, 2000).encode(), "f.svg", width=200)
    assert "Traceback" not in capfd.readouterr().err


SIZES_NO_RENDERER_DRAWS = {
    "NaN wide": 'width="NaN" height="10"',
    "infinitely high": 'width="10" height="1e999"',
    "negative": 'width="-5" height="10"',
    "zero high": 'width="10" height="0"',
    "a viewBox of NaN": 'viewBox="0 0 NaN 10"',
    "a trillion to one": 'width="1e12" height="1"',
    "one to 1e300": 'width="1e-300" height="1"',
    "a viewBox a trillion to one": 'width="10" viewBox="0 0 1e-12 1"',
}


@pytest.mark.parametrize("size", list(SIZES_NO_RENDERER_DRAWS.values()), ids=list(SIZES_NO_RENDERER_DRAWS))
def test_an_svg_sized_so_no_renderer_can_draw_it_is_refused(tmp_path: Path, size: str) -> None:
    """WeasyPrint failed on them with an internal ValueError; cairo with an invalid size, an OverflowError."""
    (tmp_path / "f.svg").write_text(f'{SVG} {size}><rect width="9" height="9"/></svg>', encoding="utf-8")
    with pytest.raises(figures.ImageProblem, match=r"a size must be a positive number|times as wide as high"):
        figures.load(tmp_path / "f.svg", "f.svg")


def test_an_svg_sized_for_nothing_is_one_line_when_drawn_as_png() -> None:
    """The reader refuses these; drawn anyway, cairo's own errors are one line, not internal errors."""
    from briefpub import rasterise
    from briefpub.errors import RenderError

    sizes = (('width="1" height="1e12"', {"width": 4000}), ('width="-5" height="0"', {"height": 8}))
    for size, given in sizes:
        svg = f'{SVG} {size}><rect width="9" height="9"/></svg>'.encode()
        with pytest.raises(RenderError, match=r"f\.svg: this SVG cannot be drawn as PNG"):
            rasterise.svg_to_png(svg, "f.svg", **given)


def test_a_logo_too_big_to_draw_as_png_is_named_by_its_file(run: Run, project: Path) -> None:
    branded(project, "logo.svg", hostile.huge_tile().encode())
    line = one_error_line(run("email", cwd=project))
    assert "templates/logo.svg: drawing this SVG as PNG needed more than 1024 MiB" in line
