"""What tables and charts cost: the sample briefing with 5 tables and 5 charts against the same without.

    .venv/bin/python bench/data.py [--runs N]

Two projects hold the sample briefing; one also has five pipe tables and five
CSV charts (column, line, bar, stacked column, pie) after its longest
paragraphs. Each command runs cold (a fresh process) on both, alternately,
``N`` times; ``build`` runs on a clean output folder each time. The table
gives the median and range of each, and the ratio of the medians.
``bench/run.py`` includes this table in a full run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BRIEFPUB, ROOT, SAMPLE, spread, timed

COMMANDS = ("pdf", "slides", "html", "email")
TYPES = ("column", "line", "bar", "stacked-column", "pie")


def _table(number: int) -> str:
    rows = "\n".join(
        f"| {2020 + year} | {100 + 7 * year + number:,.1f} | {3.5 + year * 0.4:.1f}% | "
        f"{'rising' if year % 2 else 'steady'} demand |"
        for year in range(8)
    )
    return (
        f"| Year | Output, kt | Share | Comment |\n| :--- | ---: | ---: | --- |\n{rows}\n\n"
        f"Table: Output and share by year ({number + 1})"
    )


def _chart(folder: Path, number: int) -> str:
    data = folder / "source" / "data"
    data.mkdir(parents=True, exist_ok=True)
    kind = TYPES[number % len(TYPES)]
    if kind == "pie":
        (data / f"chart{number}.csv").write_text("Fuel,Share\nOil,42\nGas,31\nCoal,18\nOther,9\n", "utf-8")
    else:
        rows = "".join(f"{2019 + y},{1.5 + y * 0.1:.1f},{10 + y * 0.3:.1f}\n" for y in range(8))
        (data / f"chart{number}.csv").write_text(f"Year,Kazakhstan,Russia\n{rows}", "utf-8")
    (data / f"chart{number}.toml").write_text(f'type = "{kind}"\nnumber_format = "0.0"\n', "utf-8")
    return f'![Chart {number + 1}: output by year](data/chart{number}.csv "A {kind} chart of output")'


def make(folder: Path, data: bool) -> None:
    """Write a project with the sample briefing, with five tables and five charts when ``data``."""
    (folder / "source").mkdir(parents=True)
    (folder / "briefpub.toml").write_text("", encoding="utf-8")
    paragraphs = SAMPLE.read_text(encoding="utf-8").split("\n\n")
    if data:
        longest = sorted(sorted(range(len(paragraphs)), key=lambda i: -len(paragraphs[i]))[:10])
        for n, index in enumerate(longest):
            block = _table(n // 2) if n % 2 == 0 else _chart(folder, n // 2)
            paragraphs[index] += "\n\n" + block
    (folder / "source" / "briefing.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")


def measure(tmp: Path, runs: int) -> list[tuple[str, str, str, str]]:
    """Return a row per command: without data, with data, the ratio of the medians."""
    plain, rich = tmp / "plain", tmp / "data"
    make(plain, data=False)
    make(rich, data=True)
    rows = []
    for command in (*COMMANDS, "build"):
        argv = [*BRIEFPUB, command, *(["source/briefing.txt"] if command != "build" else ["-j1"])]
        times: dict[Path, list[float]] = {plain: [], rich: []}
        for attempt in range(runs + 1):
            for project in (plain, rich):
                shutil.rmtree(project / "output", ignore_errors=True)
                seconds = timed(argv, project)
                if attempt:  # the first of each is a warm-up (disk caches, matplotlib's font list)
                    times[project].append(seconds)
        ratio = statistics.median(times[rich]) / statistics.median(times[plain])
        rows.append((command, spread(times[plain]), spread(times[rich]), f"{ratio:.2f}×"))
        print(f"{command:<7} {rows[-1][1]:<26} {rows[-1][2]:<26} {rows[-1][3]}", flush=True)
    return rows


def markdown(rows: list[tuple[str, str, str, str]]) -> str:
    lines = [
        "| command | sample | sample + 5 tables + 5 charts | ratio |",
        "| --- | --- | --- | --- |",
    ]
    return "\n".join([*lines, *(f"| {' | '.join(row)} |" for row in rows)])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default: %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(Path(tmp), args.runs)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "data.md").write_text(markdown(rows) + "\n", encoding="utf-8")
    print(f"\nwritten to {out / 'data.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
