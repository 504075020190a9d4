"""A cold deck side by side with pandoc's pptx writer, with and without an SVG figure, as ratios.

    .venv/bin/python bench/deck.py                  # the sample, 7 runs
    .venv/bin/python bench/deck.py --sample ../shared/examples/kazakhstan-2022.txt --runs 9

``briefpub slides SOURCE`` against ``pandoc --slide-level=2`` on the same text
as pandoc Markdown (``run.markdown``), each a fresh process, alternately, after
one warm-up each. "kept" is the weekly rebuild: the project's cache
(``output/.briefpub-cache``) holds what an earlier run learned from the master
and drew of the figure; "nothing kept" empties it before each run (untimed),
as a new project's first run (what install learned of the packaged master,
``python -m briefpub.deck.shipped``, is still read); "own master, nothing
kept" is the first run on a master of the project's own (the packaged one
with another zip comment: nothing learned of it anywhere). The figure is one
SVG (a bar chart of 120 bars with labels) at the end of the first question,
given to pandoc too. Each row gives wall and
CPU seconds (user and system, from ``getrusage``: a shared machine's load
disturbs it less), median and range, and the ratio pair by pair. The goals
(issue 29): at most 1.5× without a figure, 2× with one. With ``--imports`` it
prints the modules a kept deck imports, slowest first (``python -X importtime``).
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # the sibling benchmark's helpers (after the path is set)

CACHE = ".briefpub-cache"


def svg_chart() -> str:
    """Return an SVG bar chart of 120 labelled bars: a figure as a writer's charting tool exports it."""
    bars = "".join(
        f'<rect x="{20 + i * 6}" y="{300 - h}" width="4" height="{h}" fill="#14365d"/>'
        for i, h in ((i, (i * 37) % 250) for i in range(120))
    )
    labels = "".join(
        f'<text x="{20 + i * 60}" y="320" font-size="10" font-family="sans-serif">{2014 + i}</text>'
        for i in range(12)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="760" height="340" viewBox="0 0 760 340">'
        f'<rect width="760" height="340" fill="#f4f4f4"/>{bars}{labels}</svg>'
    )


def project(folder: Path, sample: Path, figure: bool) -> tuple[list[str], list[str], Path]:
    """Write the project and pandoc's Markdown; return our command, pandoc's and the cache folder."""
    run.SAMPLE = sample
    shutil.rmtree(folder, ignore_errors=True)
    run.make_project(folder, 1)
    source = folder / "source" / "briefing-000.txt"
    model = json.loads(
        subprocess.run(
            [*run.BRIEFPUB, "parse", "--json", str(source)], cwd=folder, capture_output=True, check=True
        ).stdout
    )
    markdown = run.markdown(model)
    if figure:
        (folder / "source" / "chart.svg").write_text(svg_chart(), encoding="utf-8")
        (folder / "chart.svg").write_text(svg_chart(), encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        first = model["sections"][0]["answer"]
        source.write_text(
            text.replace(first, first + "\n\n![Output by year](chart.svg)", 1), encoding="utf-8"
        )
        markdown = markdown.replace(first, first + "\n\n![Output by year](chart.svg)", 1)
    (folder / "p.md").write_text(markdown, encoding="utf-8")
    ours = [*run.BRIEFPUB, "slides", str(source)]
    theirs = ["pandoc", str(folder / "p.md"), "--slide-level=2", "-o", str(folder / "p.pptx")]
    return ours, theirs, folder / "output" / CACHE


def own_master(folder: Path) -> None:
    """Give the project its own master: the packaged one under another name, so nothing is known of it."""
    import zipfile

    from briefpub.packaged import PACKAGE_DECK

    (folder / "templates").mkdir(exist_ok=True)
    own = folder / "templates" / "own.pptx"
    shutil.copyfile(PACKAGE_DECK, own)
    with zipfile.ZipFile(own, "a") as package:
        package.comment = b"the project's own"
    (folder / "briefpub.toml").write_text('[slides]\nmaster = "templates/own.pptx"\n', encoding="utf-8")


def rows(
    name: str, ours: list[str], theirs: list[str], cwd: Path, runs: int, empty: Callable[[], None]
) -> None:
    """Print one row per measure (wall, CPU) of ``ours`` against ``theirs``."""
    run.timed_cpu(ours, cwd, empty)
    run.timed_cpu(theirs, cwd)
    pairs = [(run.timed_cpu(ours, cwd, empty), run.timed_cpu(theirs, cwd)) for _ in range(runs)]
    for index, measure in enumerate(("wall", "CPU")):
        a = [pair[0][index] for pair in pairs]
        b = [pair[1][index] for pair in pairs]
        ratios = [x / y for x, y in zip(a, b, strict=True)]
        goal = "≤ 2×" if "SVG" in name else "≤ 1.5×"
        ratio = run.spread(ratios, "×", 2)
        print(f"| {name}, {measure} | {run.spread(a)} | {run.spread(b)} | {ratio} | {goal} |")


def main() -> None:
    parser = run.against_pandoc(__doc__, "/tmp/briefpub-bench-deck", runs=7)
    parser.add_argument("--imports", action="store_true")
    args = parser.parse_args()
    print("| deck | briefpub slides | pandoc pptx | ratio | goal |")
    print("| --- | --- | --- | --- | --- |")
    for figure in (False, True):
        folder = args.folder / ("svg" if figure else "plain")
        ours, theirs, cache = project(folder, args.sample.resolve(), figure)
        what = "with an SVG figure" if figure else "no figure"
        rows(f"{what}, kept", ours, theirs, folder, args.runs, lambda: None)
        emptied = functools.partial(shutil.rmtree, cache, True)
        rows(f"{what}, nothing kept", ours, theirs, folder, args.runs, emptied)
    folder = args.folder / "own"
    ours, theirs, cache = project(folder, args.sample.resolve(), False)
    own_master(folder)
    emptied = functools.partial(shutil.rmtree, cache, True)
    rows("no figure, own master, nothing kept", ours, theirs, folder, args.runs, emptied)
    if args.imports:
        folder = args.folder / "svg"
        profile = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "briefpub", "slides", "source/briefing-000.txt"],
            cwd=folder,
            capture_output=True,
            text=True,
            env=run.ENV,
            check=False,
        ).stderr
        found = [line.split("|") for line in profile.splitlines() if line.startswith("import time:")]
        top = sorted(((int(r[0].split(":")[1]), r[2].rstrip()) for r in found[1:]), reverse=True)[:25]
        print("\nslowest imports of a kept deck with the figure (self, µs):")
        for micros, name in top:
            print(f"{micros:8d} {name}")


if __name__ == "__main__":
    main()
