"""Regenerate src/briefpub/fonts/carlito-metrics.json from the Carlito fonts.

briefpub measures slide text with Carlito's advance widths (Carlito is metric
compatible with Calibri, the default deck's font). Shipping the widths rather
than the fonts keeps fontTools and font files off the path of every deck.
Needs Debian's fonts-crosextra-carlito:  .venv/bin/python scripts/make_font_metrics.py
"""

from __future__ import annotations

import json
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path("/usr/share/fonts/truetype/crosextra")
OUT = Path(__file__).resolve().parent.parent / "src" / "briefpub" / "fonts" / "carlito-metrics.json"


def widths(path: Path) -> dict[str, int]:
    with TTFont(path) as face:
        advances = face["hmtx"].metrics
        return {str(cp): advances[glyph][0] for cp, glyph in sorted(face.getBestCmap().items())}


def main() -> None:
    with TTFont(FONTS / "Carlito-Regular.ttf") as face:
        units = face["head"].unitsPerEm
    data = {
        "family": "Carlito",
        "units_per_em": units,
        "regular": widths(FONTS / "Carlito-Regular.ttf"),
        "bold": widths(FONTS / "Carlito-Bold.ttf"),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
