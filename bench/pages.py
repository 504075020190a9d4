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
"""

from __future__ import annotations

import argparse
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


def measure(folder: Path, runs: int) -> tuple[list[float], list[float], int, int]:
    """Return briefpub's and pandoc's CPU times and page counts for the briefing in ``folder``."""
    source = folder / "source" / "briefing-000.txt"
    model = subprocess.run(
        [*run.BRIEFPUB, "parse", "--json", str(source)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (folder / "p.md").write_text(run.markdown(json.loads(model)), encoding="utf-8")
    ours = [*run.BRIEFPUB, "pdf", str(source), "-o", str(folder / "b.pdf")]
    theirs = ["pandoc", str(folder / "p.md"), "--pdf-engine=weasyprint", "-o", str(folder / "p.pdf")]
    cpu(ours, folder)
    cpu(theirs, folder)
    ours_cpu, theirs_cpu = [], []
    for _ in range(runs):
        ours_cpu.append(cpu(ours, folder))
        theirs_cpu.append(cpu(theirs, folder))
    return ours_cpu, theirs_cpu, pages_of(folder / "b.pdf"), pages_of(folder / "p.pdf")


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
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sample", type=Path, default=run.SAMPLE)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--folder", type=Path, default=Path("/tmp/briefpub-bench-pages"))
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        sys.exit("pandoc is not installed (apt-get install pandoc): nothing to compare with")
    run.SAMPLE = args.sample.resolve()
    shutil.rmtree(args.folder, ignore_errors=True)
    _weasyprint_command(args.folder / "bin")
    results = {}
    for scale in args.scales:
        folder = args.folder / f"x{scale}"
        run.make_project(folder, 1, scale=scale)
        results[scale] = measure(folder, args.runs)
        ours, theirs, our_pages, their_pages = results[scale]
        print(
            f"{scale}×: briefpub {run.spread(ours)} for {our_pages} pages, "
            f"pandoc {run.spread(theirs)} for {their_pages} pages",
            flush=True,
        )
    base_ours, base_theirs, base_our_pages, base_their_pages = results[args.scales[0]]
    print("\n| scale | briefpub per added page | pandoc per added page | ratio | goal |")
    print("| --- | --- | --- | --- | --- |")
    for scale in args.scales[1:]:
        ours, theirs, our_pages, their_pages = results[scale]
        our_per = [(t - statistics.median(base_ours)) / (our_pages - base_our_pages) for t in ours]
        their_per = [(t - statistics.median(base_theirs)) / (their_pages - base_their_pages) for t in theirs]
        ratios = [a / b for a, b in zip(our_per, their_per, strict=True)]
        ours_ms = run.spread([1000 * t for t in our_per], " ms", 1)
        theirs_ms = run.spread([1000 * t for t in their_per], " ms", 1)
        ratio = run.spread(ratios, "×", 2)
        print(
            f"| {scale}× ({our_pages} / {their_pages} pages) | {ours_ms} | {theirs_ms} | {ratio} | ≤ 1.2× |"
        )


if __name__ == "__main__":
    main()
