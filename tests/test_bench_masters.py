"""bench/masters.py vets a master: it builds, renders and measures, and names what it finds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from deckcheck import HAVE_LIBREOFFICE
from masters import dark_master, furniture_master

BENCH = Path(__file__).resolve().parent.parent / "bench" / "masters.py"


@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="LibreOffice is not installed")
def test_the_bench_reports_each_master_with_its_own_configuration(tmp_path: Path) -> None:
    folder = tmp_path / "masters"
    folder.mkdir()
    dark_master(folder)
    furniture_master(folder)
    (folder / "furniture.toml").write_text('[slides]\ntemplate = "furniture.pptx"\nfooter = "Desk"\n')
    briefing = tmp_path / "brief.txt"
    briefing.write_text("---\ndate: 2026-11-23\n---\nTitle\n\nWhat now?\n\nAnswer: Little, for now.\n")
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, str(BENCH), str(folder), str(briefing), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    lines = {line.split()[0]: line for line in run.stdout.splitlines() if "decks" in line}
    assert set(lines) == {"dark-logo", "furniture"}
    for line in lines.values():
        assert "1 decks 2 slides" in line
        assert "outside 0, squeezed 0" in line
        assert "cont. 0" in line
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## furniture" in report
    assert "Room left empty per layout" in report
