"""The project's cache (output/.briefpub-cache): a second deck paints and draws nothing; bad entries ignored.

Counted, not timed: which modules a fresh process imports (numpy paints layouts,
CairoSVG draws SVGs), how many layouts a run paints, and the deck's bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from briefpub.cache import FOLDER
from briefpub.deck.geometry import Box

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">'
    '<circle cx="150" cy="100" r="80" fill="#336699"/></svg>'
)
BRIEFING = "Weekly\n\nWhat changed?\nAnswer: A dispute.\n\nBody.\n\n![Map](map.svg)\n"
_COUNT = (
    "import sys\n"
    "import briefpub.cache\n"
    "briefpub.cache.SHIPPED = None  # the project's cache alone, not what install learned\n"
    "from briefpub.cli import cli\n"
    "from briefpub.deck import paintings\n"
    "try:\n"
    "    cli(['slides', 'source/weekly.txt'], prog_name='briefpub')\n"
    "except SystemExit as exit:\n"
    "    assert not exit.code, exit.code\n"
    "print(sum(paintings.PAINTED.values()), ' '.join(m for m in ('numpy', 'cairosvg') if m in sys.modules))\n"
)


def _project(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "weekly.txt").write_text(BRIEFING, encoding="utf-8")
    (tmp_path / "source" / "map.svg").write_text(SVG, encoding="utf-8")
    return tmp_path


def _deck(project: Path) -> tuple[list[str], bytes]:
    """Make the deck in a fresh process; return [layouts painted, heavy modules imported...] and its bytes."""
    result = subprocess.run(
        [sys.executable, "-c", _COUNT], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1].split(), (project / "output" / "weekly.pptx").read_bytes()


def _entries(project: Path, kind: str) -> list[Path]:
    return sorted((project / "output" / FOLDER).glob(f"{kind}-*"))


def test_a_second_deck_on_the_same_master_paints_and_draws_nothing(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first, deck = _deck(project)
    assert first[1:] == ["numpy", "cairosvg"]
    assert int(first[0]) >= 2
    assert len(_entries(project, "layout")) == int(first[0])
    assert len(_entries(project, "svg")) == 1
    second, again = _deck(project)
    assert second == ["0"], "layouts painted again, or numpy/CairoSVG imported"
    assert again == deck


def _tamper_payload(entry: Path) -> None:
    data = bytearray(entry.read_bytes())
    data[-2] ^= 1  # one bit of the payload: its SHA-256 on the first line no longer matches
    entry.write_bytes(bytes(data))


def _forge(entry: Path, payload: bytes) -> None:
    """Replace an entry's payload with ``payload`` under a first line that matches it (a hostile entry)."""
    header = entry.read_bytes().split(b"\n", 1)[0].rsplit(b" ", 1)[0]
    entry.write_bytes(header + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)


def _forged_layout(entry: Path) -> None:
    found = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    found["values"] = [2.0, *found["values"][1:]]  # a luminance over 1
    _forge(entry, json.dumps(found).encode())


def _forged_grid(entry: Path) -> None:
    found = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    found["grid"] = found["grid"][:-8]  # fewer pixels than rows x columns
    _forge(entry, json.dumps(found).encode())


def _forged_index(entry: Path) -> None:
    found = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    grid = bytearray(base64.b64decode(found["grid"]))
    grid[len(grid) // 2] = len(found["values"])  # one pixel's index past the values
    found["grid"] = base64.b64encode(bytes(grid)).decode()
    _forge(entry, json.dumps(found).encode())


def _swapped_for_a_link(entry: Path) -> None:
    target = entry.with_name("elsewhere")
    entry.rename(target)
    entry.symlink_to(target.name)


TAMPERING = {
    "a bit flipped": _tamper_payload,
    "truncated": lambda entry: entry.write_bytes(entry.read_bytes()[:100]),
    "not json under a matching hash": lambda entry: _forge(entry, b"__import__('os')"),
    "a luminance out of range": _forged_layout,
    "a grid too short": _forged_grid,
    "an index past the values": _forged_index,
    "a link": _swapped_for_a_link,
}


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_a_tampered_painting_is_ignored_and_painted_again(tmp_path: Path, how: str) -> None:
    project = _project(tmp_path)
    _, deck = _deck(project)
    entry = _entries(project, "layout")[0]
    TAMPERING[how](entry)
    counts, again = _deck(project)
    assert counts == ["1", "numpy"], "exactly the tampered layout painted again"
    assert again == deck


@pytest.mark.parametrize("how", ["a bit flipped", "not a png", "a png of another width"])
def test_a_tampered_svg_drawing_is_ignored_and_drawn_again(tmp_path: Path, how: str) -> None:
    project = _project(tmp_path)
    _, deck = _deck(project)
    (entry,) = _entries(project, "svg")
    if how == "a bit flipped":
        _tamper_payload(entry)
    else:
        png = entry.read_bytes().split(b"\n", 1)[1]
        wrong = png[:16] + (7).to_bytes(4, "big") + png[20:]
        _forge(entry, b"<svg onload='x'/>" if how == "not a png" else wrong)
    counts, again = _deck(project)
    assert counts == ["0", "cairosvg"]
    assert again == deck


def test_clean_removes_the_cache(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _deck(project)
    result = subprocess.run(
        [sys.executable, "-m", "briefpub", "clean"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert f"removed output/{FOLDER}" in result.stdout
    assert not (project / "output" / FOLDER).exists()
    assert (project / "output" / "weekly.pptx").exists()


@pytest.mark.parametrize(("colours", "bands"), [(12, False), (3000, False), (12, True)])
def test_a_kept_painting_answers_as_the_painting_does(colours: int, bands: bool) -> None:
    """:class:`KeptSurface` gives what :class:`Surface` gives, value for value, for any box.

    Noise, and bands of equal rows with a block across some (as layouts are painted).
    """
    import numpy

    from briefpub.deck.paintings import _decode, _encode
    from briefpub.deck.surface import Surface

    generator = numpy.random.default_rng(7)
    palette = generator.integers(0, 256, size=(colours, 3)).astype(float)
    pixels = palette[generator.integers(0, colours, size=(135, 240))]
    if bands:
        pixels = numpy.repeat(pixels[::27], 27, axis=0)
        pixels[40:90, 100:180] = palette[5]
    painting = Surface(pixels, 0.25)
    kept = _decode(_encode(painting), lambda: painting)
    assert kept is not None
    boxes = random.Random(3)
    for _ in range(200):
        left, top = boxes.uniform(-50, 960), boxes.uniform(-50, 540)
        box = Box(left, top, boxes.uniform(0, 400), boxes.uniform(0, 300))
        assert kept.behind(box) == painting.behind(box)
    assert kept.mean() == painting.mean()


def test_the_cache_keeps_under_its_size_by_dropping_the_oldest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from briefpub import cache

    monkeypatch.setattr(cache, "MAX_FOLDER", 3000)
    (tmp_path / "output").mkdir()
    for number in range(5):
        cache.store(tmp_path / "output", [{f"old-{number}": bytes(1000)}])
        os.utime(tmp_path / "output" / FOLDER / f"old-{number}", ns=(number, number))
    cache.store(tmp_path / "output", [{"new": bytes(1000)}])
    assert sorted(p.name for p in (tmp_path / "output" / FOLDER).iterdir()) == ["new", "old-4"]
    assert cache.Cache(tmp_path / "output" / FOLDER).get("new") == bytes(1000)
