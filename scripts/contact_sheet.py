"""Tile PNG pages into one contact sheet: scripts/contact_sheet.py OUT.png COLUMNS PAGE.png..."""

from __future__ import annotations

import sys

from PIL import Image  # WeasyPrint's dependency, so in the venv already


def main() -> None:
    out, columns, *pages = sys.argv[1:]
    images = [Image.open(page) for page in pages]
    width, height = images[0].size
    cols = int(columns)
    rows = (len(images) + cols - 1) // cols
    gap = 6
    sheet = Image.new("RGB", (cols * width + (cols - 1) * gap, rows * height + (rows - 1) * gap), "#8a8f98")
    for index, image in enumerate(images):
        sheet.paste(image, ((index % cols) * (width + gap), (index // cols) * (height + gap)))
    sheet.save(out)


if __name__ == "__main__":
    main()
