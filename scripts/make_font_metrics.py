"""Regenerate the advance-width tables in src/briefpub/fonts/ from the installed fonts.

briefpub measures slide text with the advance widths of the font a template
names, or of its free metric twin (Carlito for Calibri, Liberation Sans for
Arial…), or of a stand-in of like proportions (DejaVu Sans for Verdana).
Shipping the widths rather than the fonts means a deck is measured the same on
a machine without them, and keeps fontTools and font files off the path of
every deck. Needs Debian's fonts-crosextra-carlito, fonts-crosextra-caladea,
fonts-liberation2, fonts-dejavu-core, fonts-roboto, fonts-open-sans,
fonts-lato, fonts-bebas-neue and fonts-urw-base35 (URW Gothic, the metric clone of ITC Avant
Garde Gothic, whose widths Century Gothic was drawn on, and P052, Palatino's); Montserrat and
Source Sans 3, which Debian does not package, are read from their variable
fonts (the OFL files of PyPI's fontpkg-montserrat and fontpkg-source-sans-3,
unpacked into a folder given as ``--variable DIR``), instanced at 400 and 700.
Tahoma's are Wine's Tahoma (Debian's fonts-wine), drawn on Tahoma's widths.

Faces no free font copies are read from widths their owners' fonts were
measured to in published, MIT-licensed tables (npm packages, unpacked into a
folder given as ``--published DIR``: ``npm pack anafanafo@2.0.0
string-pixel-width@1.11.0`` and ``tar xzf`` each into ``DIR/anafanafo`` and
``DIR/string-pixel-width``): Verdana from anafanafo (at 10 px, so to a
thousandth of an em, every character a browser sets), Trebuchet MS, Georgia,
Avenir and Avenir Next from string-pixel-width (at 100 px, to a hundredth of an
em, ASCII only: an accented letter of Latin-1 and Latin Extended-A is given its
base letter's width, as these faces draw it, and other characters a shipped
family's widths, scaled to the face's lower case):

    .venv/bin/python scripts/make_font_metrics.py [--variable DIR] [--published DIR]
"""

from __future__ import annotations

import json
import subprocess
import unicodedata
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
    "P052",
)
FILES = {
    "Tahoma": (Path("/usr/share/wine/fonts/tahoma.ttf"), Path("/usr/share/wine/fonts/tahomabd.ttf")),
    "Bebas Neue": (
        Path("/usr/share/fonts/opentype/bebas-neue/BebasNeue-Regular.otf"),
        Path("/usr/share/fonts/opentype/bebas-neue/BebasNeue-Bold.otf"),
    ),
}
"""Families read from their files: Wine's fonts are for Wine alone, and each weight of Bebas Neue is a
family of its own to fontconfig ("Bebas Neue Regular", "Bebas Neue Bold")."""
PUBLISHED = {
    "Verdana": ("anafanafo", ""),
    "Trebuchet MS": ("string-pixel-width", "Open Sans"),
    "Georgia": ("string-pixel-width", "DejaVu Serif"),
    "Avenir": ("string-pixel-width", "Open Sans"),
    "Avenir Next": ("string-pixel-width", "Open Sans"),
}
"""Families read from a published width table (the npm package under ``--published``), and the
shipped family whose widths, scaled to the face's lower case, fill the characters the table lacks."""
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


def widths(path: Path, every: bool) -> dict[int, int]:
    with TTFont(path) as face:
        advances = face["hmtx"].metrics
        return {
            cp: advances[glyph][0]
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
    save(family, units, widths(regular, every), widths(bold, every), f"{regular.name} and {bold.name}")


def save(family: str, units: int, regular: dict[int, int], bold: dict[int, int], source: str) -> None:
    tables = {
        name: {str(cp): table[cp] for cp in sorted(table)}
        for name, table in (("regular", regular), ("bold", bold))
    }
    data = {"family": family, "source": source, "units_per_em": units, **tables}
    out = OUT / f"{family.lower().replace(' ', '-')}-metrics.json"
    out.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {out} from {source}")


def with_accents(table: dict[int, int]) -> dict[int, int]:
    """Return ``table`` with each accented letter of Latin-1 and Extended-A given its base letter's width."""
    out = dict(table)
    for cp in range(0x00C0, 0x0180):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if cp not in out and ord(base) in table and unicodedata.category(chr(cp)).startswith("L"):
            out[cp] = table[ord(base)]
    return {cp: width for cp, width in out.items() if any(lo <= cp <= hi for lo, hi in RANGES)}


def filled(table: dict[int, int], units: int, family: str, bold: bool) -> dict[int, int]:
    """Return ``table`` with the characters it lacks in :data:`RANGES` taken from ``family``'s shipped widths.

    They are scaled by the ratio of the two faces' lower-case alphabets, so a
    curly apostrophe or a dash is about as wide as the face sets it.
    """
    data = json.loads((OUT / f"{family.lower().replace(' ', '-')}-metrics.json").read_text(encoding="utf-8"))
    other = {
        int(cp): width / data["units_per_em"] for cp, width in data["bold" if bold else "regular"].items()
    }
    letters = range(ord("a"), ord("z") + 1)
    ratio = sum(table[cp] for cp in letters) / units / sum(other[cp] for cp in letters)
    out = dict(table)
    for cp, width in other.items():
        if cp not in out and any(lo <= cp <= hi for lo, hi in RANGES):
            out[cp] = round(width * ratio * units)
    return out


def published(family: str, folder: Path) -> None:
    """Write ``family``'s table from the published widths under ``folder`` (see :data:`PUBLISHED`)."""
    package, fill = PUBLISHED[family]
    if package == "anafanafo":  # [first, last, width at 10 px] ranges; x 100 is thousandths of an em
        styles = []
        for style in ("normal", "bold"):
            ranges = json.loads((folder / package / "data" / f"verdana-10px-{style}.json").read_text())
            styles.append({cp: round(w * 100) for lo, hi, w in ranges for cp in range(lo, hi + 1)})
        save(family, 1000, with_accents(styles[0]), with_accents(styles[1]), "anafanafo 2.0.0 (npm, MIT)")
        return
    # string-pixel-width: {family: {character: [regular, bold, italic, bold italic] at 100 px}}
    text = (folder / package / "lib" / "widthsMap.js").read_text(encoding="utf-8")
    body = text[text.index("var widthsMap = ") + len("var widthsMap = ") : text.rindex("};") + 1]
    table = json.loads(body)[family.lower()]
    regular = with_accents({ord(char): four[0] for char, four in table.items()})
    bold = with_accents({ord(char): four[1] for char, four in table.items()})
    source = f"string-pixel-width 1.11.0 (npm, MIT); characters beyond it: {fill}'s, scaled"
    save(family, 100, filled(regular, 100, fill, False), filled(bold, 100, fill, True), source)


def main() -> None:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variable", type=Path, help="folder holding the variable fonts of VARIABLE")
    parser.add_argument("--published", type=Path, help="folder holding the npm packages of PUBLISHED")
    args = parser.parse_args()
    for family in FAMILIES:
        write(family, font_file(family, False), font_file(family, True))
    for family, (regular, bold) in FILES.items():
        write(family, regular, bold)
    if args.published is not None:
        for family in PUBLISHED:
            published(family, args.published)
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
