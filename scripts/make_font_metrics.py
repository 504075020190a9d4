"""Regenerate the advance-width tables in src/briefpub/fonts/ from the installed fonts.

briefpub measures slide text with the advance widths of the font a template
names, or of its free metric twin (Carlito for Calibri, Liberation Sans for
Arial…), or of a stand-in of like proportions (DejaVu Sans for Verdana).
Shipping the widths rather than the fonts means a deck is measured the same on
a machine without them, and keeps fontTools and font files off the path of
every deck. Needs Debian's fonts-crosextra-carlito, fonts-crosextra-caladea,
fonts-liberation2, fonts-dejavu-core, fonts-roboto, fonts-open-sans,
fonts-lato and fonts-urw-base35 (URW Gothic, the metric clone of ITC Avant
Garde Gothic, whose widths Century Gothic was drawn on); Montserrat and
Source Sans 3, which Debian does not package, are read from their variable
fonts (the OFL files of PyPI's fontpkg-montserrat and fontpkg-source-sans-3,
unpacked into a folder given as ``--variable DIR``), instanced at 400 and 700:

    .venv/bin/python scripts/make_font_metrics.py [--variable DIR]
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
    "Roboto",
    "Open Sans",
    "Lato",
    "URW Gothic",
)
VARIABLE = {"Montserrat": "Montserrat[wght].ttf", "Source Sans 3": "SourceSans3[wght].ttf"}
"""Families read from a variable font (file name under ``--variable``), at weights 400 and 700."""
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


def instance(path: Path, weight: int, out: Path) -> Path:
    """Write the variable font at ``path`` instanced at ``weight`` to ``out``; return it."""
    from fontTools.varLib import instancer

    with TTFont(path) as face:
        instancer.instantiateVariableFont(face, {"wght": weight}, inplace=True)
        face.save(out)
    return out


def write(family: str, regular: Path, bold: Path) -> None:
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


def main() -> None:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variable", type=Path, help="folder holding the variable fonts of VARIABLE")
    args = parser.parse_args()
    for family in FAMILIES:
        write(family, font_file(family, False), font_file(family, True))
    if args.variable is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        for family, name in VARIABLE.items():
            source = next(found for found in args.variable.rglob("*.ttf") if found.name == name)
            regular = instance(source, 400, Path(tmp) / f"{family}-400.ttf")
            bold = instance(source, 700, Path(tmp) / f"{family}-700.ttf")
            write(family, regular, bold)


if __name__ == "__main__":
    main()
