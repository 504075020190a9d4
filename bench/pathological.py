"""Hostile inputs under the size limit, each run through every command with its time and peak memory.

    .venv/bin/python bench/pathological.py [--only NAME]

Each input is written into a fresh project and given to ``check``, ``pdf``,
``slides`` and ``email`` (a hostile deck master to ``slides`` and
``check``), one process each, under a time limit; the table says how long
each took, its peak resident memory, and whether it published (``ok``) or
refused in one line (``refused``: the line's start). A run that hits the
limit, crashes or prints more than one error line for one problem is a
defect. ``bench/run.py`` includes this table in a full run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT / "tests"))
import hostile  # noqa: E402 - the tests' hostile images, shared

LIMIT_SECONDS = 300
COMMANDS = ("check", "pdf", "slides", "email")
HEAD = "Title\n\nWhat is it?\n\nAnswer: An input built to be slow.\n\n"

PEAK = (
    "import resource, subprocess, sys\n"
    "run = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=float(sys.argv[1]))\n"
    "lines = [l for l in run.stderr.splitlines() if 'error' in l]\n"
    "print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, len(lines))\n"
    "print(lines[0] if lines else '')\n"
)


def _png(folder: Path, side: int) -> None:
    from PIL import Image

    Image.effect_noise((side, side), 60).convert("RGB").save(folder / "big.png")


def _figures(folder: Path, count: int, side: int) -> str:
    _png(folder, side)
    return HEAD + "\n\n".join(f"![Figure {n}](big.png)" for n in range(count)) + "\n"


def _gaps(folder: Path, count: int) -> str:
    """Every question's figure is too tall for the page's foot: the PDF is laid out again to fill them."""
    from PIL import Image

    Image.new("RGB", (900, 800), (40, 90, 160)).save(folder / "tall.png")
    text = "The insurers and the shippers argue over who pays for the escorts through the strait. " * 6
    sections = (
        f"Question {n}?\nAnswer: A{n}.\n\n![Figure {n}](tall.png)\n\n{text}\n\n{text}" for n in range(count)
    )
    return "T\n\n" + "\n\n".join(sections) + "\n"


def _table(columns: int, rows: int) -> str:
    header = "| " + " | ".join(f"C{n}" for n in range(columns)) + " |\n|" + " --- |" * columns
    body = "\n".join("| " + " | ".join(str(r * n) for n in range(columns)) + " |" for r in range(rows))
    return f"{HEAD}{header}\n{body}\n"


def _chart(folder: Path, rows: int, series: int) -> str:
    lines = [",".join(["Day", *(f"S{n}" for n in range(series))])]
    lines += [",".join([f"D{r}", *(str(r * n % 97) for n in range(series))]) for r in range(rows)]
    (folder / "big.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "big.toml").write_text('type = "line"\n', encoding="utf-8")
    return HEAD + "![A chart of every day](big.csv)\n"


def _long_labels(folder: Path, count: int) -> str:
    """Charts of 1 MB each, inside every data limit, whose labels and series names are 8-10,000 characters.

    Long labels were what made matplotlib slow (69 s and 594 MB for one, 198 s
    and 985 MB for three); they are now cut to ``MAX_LABEL`` with a warning.
    """
    figures = []
    for n in range(count):
        names = ",".join(f"S{s}" + "n" * 8000 for s in range(12))
        rows = [f"C{r}" + "c" * 10_000 + "," + ",".join(str(r + s) for s in range(12)) for r in range(83)]
        (folder / f"long{n}.csv").write_text(f"Label,{names}\n" + "\n".join(rows) + "\n", encoding="utf-8")
        figures.append(f"![Long labels {n}](long{n}.csv)")
    return HEAD + "\n\n".join(figures) + "\n"


def _svg(folder: Path, svg: str) -> str:
    """Return a briefing whose one figure is ``svg``."""
    (folder / "figure.svg").write_text(svg, encoding="utf-8")
    return HEAD + "![A figure built to be slow](figure.svg)\n"


def _largest(make: Callable[[int], str], folder: Path) -> str:
    """Return ``make(n)`` for the largest ``n`` the reader accepts: one kind of block at the size limit."""
    from briefpub import SourceError, parse

    def accepted(n: int) -> bool:
        try:
            parse(make(n), root=folder)
        except SourceError as error:
            return "too long" not in str(error)
        return True

    low, high = 1, 2
    while accepted(high):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if accepted(middle) else (low, middle)
    return make(low)


def _small_png(folder: Path) -> None:
    from PIL import Image

    Image.new("RGB", (400, 300), (40, 90, 160)).save(folder / "small.png")


SIZE_INPUTS: dict[str, Callable[[Path], str]] = {
    "111 kB of tiny tables (7,002 slides, 2 GB before)": lambda _: HEAD + "|a|\n|-|\n|b|\n\n" * 7002,
    "40,000 one-word footnotes (1,905 pages, 4.6 GB before)": lambda _: (
        HEAD
        + " ".join(f"w[^{n}]" for n in range(40_000))
        + "\n\n"
        + "\n".join(f"[^{n}]: w" for n in range(40_000))
        + "\n"
    ),
    "tiny tables, as many as the size limit allows": lambda folder: _largest(
        lambda n: HEAD + "|a|\n|-|\n|b|\n\n" * n, folder
    ),
    "one-word footnotes, as many as the size limit allows": lambda folder: _largest(
        lambda n: (
            HEAD
            + " ".join(f"w[^{k}]" for k in range(n))
            + "\n\n"
            + "\n".join(f"[^{k}]: w" for k in range(n))
            + "\n"
        ),
        folder,
    ),
    "one-word paragraphs, as many as the size limit allows": lambda folder: _largest(
        lambda n: HEAD + "Word.\n\n" * n, folder
    ),
    "one-letter web links, as many as the size limit allows": lambda folder: _largest(
        lambda n: HEAD + " ".join("[a](http://a.b)" for _ in range(n)) + "\n", folder
    ),
    "calls of one footnote, as many as the size limit allows": lambda folder: _largest(
        lambda n: HEAD + " ".join("w[^a]" for _ in range(n)) + "\n\n[^a]: A note.\n", folder
    ),
    "one-letter list items, as many as the size limit allows": lambda folder: _largest(
        lambda n: HEAD + "- a\n" * n, folder
    ),
    "figures (one small PNG), as many as the size limit allows": lambda folder: (
        _small_png(folder) or _largest(lambda n: HEAD + "![A figure](small.png)\n\n" * n, folder)
    ),
}
"""Blocks that take a slide or a line each, at the size limit: what the weights of reader/weight.py bound."""


SVG_INPUTS: dict[str, Callable[[Path], str]] = {
    "an SVG: a marker at each of 2,000 vertices (refused)": lambda folder: _svg(
        folder, hostile.marked_path(2000, 100)
    ),
    "an SVG: markers at the drawn-element cap": lambda folder: _svg(folder, hostile.marked_path(1600, 30)),
    "an SVG: a pattern's content at the cap": lambda folder: _svg(folder, hostile.tiled_pattern(2, 24_000)),
    "an SVG: <use> of <use>, 2^20 (refused)": lambda folder: _svg(folder, hostile.uses_of_uses(20)),
    "an SVG: 2,600 texts (at the cap)": lambda folder: _svg(folder, hostile.slow_text(2600)),
    "an SVG: a 100,000² pattern tile": lambda folder: _svg(folder, hostile.huge_tile()),
}
"""SVGs built to be slow: refused by the drawn-element count, or drawn within it (README: at most 50,000)."""


_LAYOUT = "ppt/slideLayouts/slideLayout2.xml"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _master(folder: Path, edit: Callable[[dict[str, bytes]], None]) -> str:
    """Write the packaged deck with ``edit`` applied as the project's master; return a short briefing."""
    (folder / "m.pptx").write_bytes(hostile.deck_master(edit))
    return HEAD + "Why so slow?\n\nAnswer: The master was built to be.\n"


def _shape(geometry: str, fill: str) -> str:
    return (
        '<p:sp><p:nvSpPr><p:cNvPr id="99" name="Evil"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>'
        '<a:xfrm><a:off x="0" y="0"/><a:ext cx="12191695" cy="6858000"/></a:xfrm>'
        f"{geometry}{fill}</p:spPr></p:sp>"
    )


def _drawn(xml: str) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        parts[_LAYOUT] = parts[_LAYOUT].replace(b"</p:spTree>", xml.encode() + b"</p:spTree>", 1)

    return edit


def _picture(png: bytes, effects: str = "") -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        parts["ppt/media/big.png"] = png
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Default Extension="png" ContentType="image/png"/></Types>'
        )
        rels = "ppt/slideLayouts/_rels/slideLayout2.xml.rels"
        parts[rels] = parts[rels].replace(
            b"</Relationships>",
            f'<Relationship Id="rIdBig" Type="{_RT}image" Target="../media/big.png"/>'
            "</Relationships>".encode(),
        )
        _drawn(
            '<p:pic><p:nvPicPr><p:cNvPr id="98" name="Big"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="rIdBig">{effects}</a:blip><a:stretch><a:fillRect/></a:stretch>'
            '</p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="12191695" cy="6858000"/></a:xfrm>'
            "</p:spPr></p:pic>"
        )(parts)

    return edit


def _copies(png: bytes, count: int) -> Callable[[dict[str, bytes]], None]:
    """Return an edit showing ``png`` ``count`` times on one layout."""

    def edit(parts: dict[str, bytes]) -> None:
        _picture(png)(parts)
        start = parts[_LAYOUT].index(b'<p:pic><p:nvPicPr><p:cNvPr id="98" name="Big"/>')
        picture = parts[_LAYOUT][start : parts[_LAYOUT].index(b"</p:pic>", start) + len(b"</p:pic>")]
        parts[_LAYOUT] = parts[_LAYOUT].replace(b"</p:spTree>", picture * (count - 1) + b"</p:spTree>", 1)

    return edit


def _layouts(count: int) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        master, rels = "ppt/slideMasters/slideMaster1.xml", "ppt/slideMasters/_rels/slideMaster1.xml.rels"
        listed, linked, typed = [], [], []
        for n in range(100, 100 + count):
            name = f"ppt/slideLayouts/slideLayout{n}.xml"
            parts[name] = parts[_LAYOUT].replace(b'name="Title and Content"', f'name="L{n}"'.encode())
            parts[f"ppt/slideLayouts/_rels/slideLayout{n}.xml.rels"] = parts[
                "ppt/slideLayouts/_rels/slideLayout2.xml.rels"
            ]
            linked.append(
                f'<Relationship Id="rIdL{n}" Type="{_RT}slideLayout" '
                f'Target="../slideLayouts/slideLayout{n}.xml"/>'
            )
            listed.append(f'<p:sldLayoutId id="{2147490000 + n}" r:id="rIdL{n}"/>')
            typed.append(
                f'<Override PartName="/{name}" ContentType="application/'
                'vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/>'
            )
        parts[rels] = parts[rels].replace(b"</Relationships>", "".join(linked).encode() + b"</Relationships>")
        parts[master] = parts[master].replace(
            b"</p:sldLayoutIdLst>", "".join(listed).encode() + b"</p:sldLayoutIdLst>"
        )
        types = "[Content_Types].xml"
        parts[types] = parts[types].replace(b"</Types>", "".join(typed).encode() + b"</Types>")

    return edit


def _flood(parts: dict[str, bytes]) -> None:
    """19 MB of empty elements, just under the XML a master may hold: the parsers' worst."""
    parts["ppt/presProps.xml"] = (
        b'<?xml version="1.0"?><p:presentationPr '
        b'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
        + b"<p:a/>" * 3_150_000
        + b"</p:presentationPr>"
    )


_POINTS = "".join(f'<a:lnTo><a:pt x="{n % 1000}" y="{n * 7 % 1000}"/></a:lnTo>' for n in range(400_000))
_STOPS = "".join(
    f'<a:gs pos="{n % 100_001}"><a:srgbClr val="{n % 256:02X}0000"/></a:gs>' for n in range(280_000)
)
MASTER_INPUTS: dict[str, Callable[[Path], str]] = {
    "a master: 19 MB of empty XML elements (just under the 20 MB of XML)": lambda folder: _master(
        folder, _flood
    ),
    "a master: 2,400 layouts (near the 5,000 parts)": lambda folder: _master(folder, _layouts(2400)),
    "a master: a custom path of 400,000 points (cut at 20,000)": lambda folder: _master(
        folder,
        _drawn(
            _shape(
                '<a:custGeom><a:pathLst><a:path w="1000" h="1000"><a:moveTo><a:pt x="0" y="0"/></a:moveTo>'
                f"{_POINTS}<a:close/></a:path></a:pathLst></a:custGeom>",
                '<a:solidFill><a:srgbClr val="FF0000"/></a:solidFill>',
            )
        ),
    ),
    "a master: a gradient of 280,000 stops over the slide": lambda folder: _master(
        folder, _drawn(_shape("", f'<a:gradFill><a:gsLst>{_STOPS}</a:gsLst><a:lin ang="0"/></a:gradFill>'))
    ),
    "a master: a 7,700² black PNG (just under 60 million pixels), duotoned": lambda folder: _master(
        folder,
        _picture(
            hostile.black_png(7700, 7700),
            '<a:duotone><a:srgbClr val="000000"/><a:srgbClr val="00FFFF"/></a:duotone>' * 40,
        ),
    ),
    "a master: 60 copies of a 7,000² PNG on one layout (two decoded)": lambda folder: _master(
        folder, _copies(hostile.black_png(7000, 7000), 60)
    ),
    "a master: a 280 MB picture (just under the 300 MB unpacked)": lambda folder: _master(
        folder, _picture(hostile.black_png(10, 10) + bytes(280_000_000))
    ),
}
"""Deck masters built to be slow, each at a bound of deck/package.py or deck/surface.py."""
MASTER_COMMANDS = ("slides", "check")


INPUTS: dict[str, Callable[[Path], str]] = {
    "16,000 [^ in a paragraph": lambda _: HEAD + "[^" * 16_000 + "\n",
    "16,000 https://a. in a paragraph": lambda _: HEAD + "https://a." * 16_000 + "\n",
    "16,000 [ in a paragraph": lambda _: HEAD + "[" * 16_000 + "\n",
    "1,000 question/Answer: pairs, no blank lines": lambda _: (
        "T\n\n" + "\n".join(f"Question {n}?\nAnswer: A{n}." for n in range(1000)) + "\n"
    ),
    "2,000 Answer: lines": lambda _: "T\n\nQ?\n" + "Answer: x\n" * 2000,
    "1,000 footnotes": lambda _: (
        HEAD
        + " ".join(f"Claim {n}[^n{n}]." for n in range(1000))
        + "\n\n"
        + "\n".join(f"[^n{n}]: Source {n}." for n in range(1000))
        + "\n"
    ),
    "10,000 links in a paragraph": lambda _: (
        HEAD + " ".join(f"[l{n}](https://example.com/{n})" for n in range(10_000)) + "\n"
    ),
    "a 64 KiB token, a 2,000-character URL in an answer": lambda _: (
        "Title\n\nWhat is it?\n\nAnswer: See https://" + "a" * 2000 + "\n\n" + "x" * 65_536 + "\n"
    ),
    "200 uses of one 2000×2000 PNG": lambda folder: _figures(folder, 200, 2000),
    "a table of 50 columns and 200 rows (the 10,000-cell limit)": lambda _: _table(50, 199),
    "a line chart of 500 rows and 12 series (the limits)": lambda folder: _chart(folder, 500, 12),
    "a 1 MB column chart, 83×12, labels of 10,000 characters": lambda folder: _long_labels(folder, 1),
    "three such 1 MB charts": lambda folder: _long_labels(folder, 3),
    "150 questions each opening with a figure too tall for its page's foot": lambda folder: _gaps(
        folder, 150
    ),
}
INPUTS |= SIZE_INPUTS | SVG_INPUTS | MASTER_INPUTS


def run(name: str, folder: Path) -> list[tuple[str, str, str, str, str]]:
    """Return one row per command for input ``name``: seconds, MiB, outcome, first error line."""
    folder.mkdir(parents=True)
    (folder / "in.txt").write_text(INPUTS[name](folder), encoding="utf-8")
    master = (folder / "m.pptx").exists()
    (folder / "briefpub.toml").write_text(
        '[slides]\ntemplate = "m.pptx"\n' if master else "", encoding="utf-8"
    )
    rows = []
    for command in MASTER_COMMANDS if master else COMMANDS:
        argv = [PY, "-m", "briefpub", command, "in.txt"]
        start = time.perf_counter()
        try:
            out = subprocess.run(
                [PY, "-c", PEAK, str(LIMIT_SECONDS), *argv],
                check=False,
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=LIMIT_SECONDS + 30,
            )
            code, peak, errors = out.stdout.splitlines()[0].split()
            first = out.stdout.splitlines()[1] if len(out.stdout.splitlines()) > 1 else ""
            outcome = "ok" if code == "0" else f"refused ({errors} line{'s' if errors != '1' else ''})"
            if "Traceback" in out.stderr or "internal error" in first:
                outcome = "CRASH"
        except (subprocess.TimeoutExpired, ValueError, IndexError):
            peak, outcome, first = "0", f"over {LIMIT_SECONDS} s", ""
        seconds = time.perf_counter() - start
        said = first.split(": error: ", 1)[-1][:70]
        rows.append((command, f"{seconds:.1f} s", f"{int(peak) / 1024:.0f} MiB", outcome, said))
    return rows


def markdown(results: dict[str, list[tuple[str, str, str, str, str]]]) -> str:
    lines = [
        "| input | command | time | peak | outcome | first error |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, rows in results.items():
        lines += [f"| {name} | {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def measure(tmp: Path, only: str | None = None) -> dict[str, list[tuple[str, str, str, str, str]]]:
    """Run every input (or those whose name contains ``only``), printing each row as it is measured."""
    results = {}
    for number, name in enumerate(INPUTS):
        if only and only not in name:
            continue
        results[name] = run(name, tmp / f"input-{number}")
        for row in results[name]:
            print(f"{name:<52} {row[0]:<7} {row[1]:>8} {row[2]:>9}  {row[3]}", flush=True)
    return results


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", help="only inputs whose name contains this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(Path(tmp), args.only)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "pathological.md").write_text(markdown(results) + "\n", encoding="utf-8")
    print(f"\nwritten to {out / 'pathological.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
