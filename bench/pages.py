"""PDF pages side by side with pandoc: the CPU each added page costs, at 1x, 10x and 30x a briefing.

    .venv/bin/python bench/pages.py                       # the sample, 3 runs a scale
    .venv/bin/python bench/pages.py --sample PATH --runs 5 --scales 1 10 30

For each scale, the briefing's questions are repeated (``run.make_project``)
and each side renders it in a fresh process, alternately (briefpub, pandoc,
briefpub, ...), after one warm-up each: ``briefpub pdf`` against ``pandoc
--pdf-engine=weasyprint`` on the same text as pandoc Markdown
(``run.markdown``). Times are the CPU seconds of the process (user and
system, from ``getrusage``), which a shared machine's load disturbs far less
than wall time. The cost of an added page is (CPU at N× − CPU at 1×) /
(pages at N× − pages at 1×), for each run against the 1× median, so each row
gives the median and the range; the ratio is briefpub's over pandoc's, pair
by pair. pandoc's PDF is WeasyPrint on pandoc's plain HTML (no running heads,
contents list, footnote area or tags): what a page of ours does beyond that
is what the ratio measures. The goal (issue 29) is at most 1.2× at 30×.

A third contender, "WeasyPrint alone", is ``weasyprint --pdf-tags`` on the
very HTML the PDF is laid out from (briefpub's page with its stylesheets,
written by ``render_html``): briefpub's own work per page (its tagging
mended, leaders, figure placement, the process) is what briefpub's time has
over it; the rest is WeasyPrint laying out and drawing the newsletter.
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # the sibling benchmark's helpers (after the path is set)


def cpu(command: list[str], cwd: Path) -> float:
    """Return the CPU seconds (user + system) of one run of ``command`` and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=run.ENV
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pages_of(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


PRINT_HTML = """
import sys
from pathlib import Path
from briefpub.newsletter.page import render_html
from briefpub.project import Project
project = Project.here(Path("."))
briefing = project.parse(Path(sys.argv[1]))
config = project.config
page = render_html(briefing, templates=project.templates(), brand=config.brand, options=config.pdf)
Path(sys.argv[2]).write_text(page, encoding="utf-8")
"""
"""Write the HTML the PDF is laid out from (the print page, stylesheets inside it)."""


Measured = tuple[list[float], list[float], list[float], tuple[int, int, int]]
"""CPU times of briefpub, pandoc and WeasyPrint alone, and their page counts."""


def measure(folder: Path, runs: int) -> Measured:
    """Return briefpub's, pandoc's and bare WeasyPrint's CPU times and page counts for ``folder``."""
    source = folder / "source" / "briefing-000.txt"
    model = subprocess.run(
        [*run.BRIEFPUB, "parse", "--json", str(source)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (folder / "p.md").write_text(run.markdown(json.loads(model)), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-c", PRINT_HTML, str(source), str(folder / "w.html")], cwd=folder, check=True
    )
    commands = (
        [*run.BRIEFPUB, "pdf", str(source), "-o", str(folder / "b.pdf")],
        ["pandoc", str(folder / "p.md"), "--pdf-engine=weasyprint", "-o", str(folder / "p.pdf")],
        [sys.executable, "-m", "weasyprint", "--pdf-tags", str(folder / "w.html"), str(folder / "w.pdf")],
    )
    for command in commands:
        cpu(command, folder)
    times: tuple[list[float], list[float], list[float]] = ([], [], [])
    for _ in range(runs):
        for command, found in zip(commands, times, strict=True):
            found.append(cpu(command, folder))
    pages = (pages_of(folder / "b.pdf"), pages_of(folder / "p.pdf"), pages_of(folder / "w.pdf"))
    return (*times, pages)


def _weasyprint_command(folder: Path) -> None:
    """Put a ``weasyprint`` command running this Python's WeasyPrint first on pandoc's PATH.

    A worktree's venv may share its packages without having the script.
    """
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "weasyprint"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m weasyprint "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    run.ENV["PATH"] = f"{folder}:{run.ENV['PATH']}"


def main() -> None:
    parser = run.against_pandoc(__doc__, "/tmp/briefpub-bench-pages", runs=3)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 30])
    args = parser.parse_args()
    run.SAMPLE = args.sample.resolve()
    shutil.rmtree(args.folder, ignore_errors=True)
    _weasyprint_command(args.folder / "bin")
    results: dict[int, Measured] = {}
    for scale in args.scales:
        folder = args.folder / f"x{scale}"
        run.make_project(folder, 1, scale=scale)
        results[scale] = measure(folder, args.runs)
        ours, theirs, bare, pages = results[scale]
        print(
            f"{scale}×: briefpub {run.spread(ours)} for {pages[0]} pages, "
            f"pandoc {run.spread(theirs)} for {pages[1]} pages, "
            f"WeasyPrint alone {run.spread(bare)} for {pages[2]} pages",
            flush=True,
        )
    print(
        "\n| scale | briefpub per added page | pandoc per added page | ratio | goal "
        "| WeasyPrint alone on briefpub's HTML | briefpub / WeasyPrint alone |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for scale in args.scales[1:]:
        ours, theirs, bare = (_per_page(results, scale, side) for side in range(3))
        pages = results[scale][3]
        print(
            f"| {scale}× ({pages[0]} / {pages[1]} pages) | {_ms(ours)} | {_ms(theirs)} "
            f"| {_ratio(ours, theirs)} | ≤ 1.2× | {_ms(bare)} | {_ratio(ours, bare)} |"
        )


def _per_page(results: dict[int, Measured], scale: int, side: int) -> list[float]:
    """Return the CPU seconds each added page cost ``side`` at ``scale``, run by run, against 1×."""
    base, found = results[min(results)], results[scale]
    base_times: list[float] = base[side]  # type: ignore[assignment]
    found_times: list[float] = found[side]  # type: ignore[assignment]
    added = found[3][side] - base[3][side]
    return [(t - statistics.median(base_times)) / added for t in found_times]


def _ms(values: list[float]) -> str:
    return run.spread([1000 * t for t in values], " ms", 1)


def _ratio(ours: list[float], theirs: list[float]) -> str:
    return run.spread([a / b for a, b in zip(ours, theirs, strict=True)], "×", 2)


if __name__ == "__main__":
    main()
