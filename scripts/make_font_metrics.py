"""Regenerate the advance-width tables in src/briefpub/fonts/ from the installed fonts.

briefpub measures slide text with the advance widths of the font a template
names, or of its free metric twin (Carlito for Calibri, Liberation Sans for
Arial…), or of a stand-in of like proportions (DejaVu Sans for Verdana).
Shipping the widths rather than the fonts means a deck is measured the same on
a machine without them, and keeps fontTools and font files off the path of
every deck. Needs Debian's fonts-crosextra-carlito, fonts-crosextra-caladea,
fonts-liberation2 and fonts-dejavu-core:

    .venv/bin/python scripts/make_font_metrics.py
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "src" / "briefpub" / "fonts"
FAMILIES = (
    "Carlito",
    "Caladea",
    "Liberation Sans",
    "Liberation Serif",
    "Liberation Mono",
    "DejaVu Sans",
    "DejaVu Sans Condensed",
    "DejaVu Serif",
)
RANGES = (
    (0x0000, 0x024F),  # Latin, Latin-1, Latin Extended-A and -B
    (0x0370, 0x04FF),  # Greek, Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x22FF),  # letterlike, number forms, arrows, mathematical operators
)
"""The code points kept (Carlito's table keeps all): others are measured with cautious estimates."""


def font_file(family: str, bold: bool) -> Path:
    pattern = f"{family}:weight={'bold' if bold else 'regular'}:slant=roman"
    found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=True)
    return Path(found.stdout)


def widths(path: Path, every: bool) -> dict[str, int]:
    with TTFont(path) as face:
        advances = face["hmtx"].metrics
        return {
            str(cp): advances[glyph][0]
            for cp, glyph in sorted(face.getBestCmap().items())
            if every or any(low <= cp <= high for low, high in RANGES)
        }


def main() -> None:
    for family in FAMILIES:
        regular, bold = font_file(family, False), font_file(family, True)
        with TTFont(regular) as face:
            units = face["head"].unitsPerEm
        every = family == "Carlito"
        data = {
            "family": family,
            "units_per_em": units,
            "regular": widths(regular, every),
            "bold": widths(bold, every),
        }
        out = OUT / f"{family.lower().replace(' ', '-')}-metrics.json"
        out.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        print(f"wrote {out} from {regular.name} and {bold.name}")


if __name__ == "__main__":
    main()
