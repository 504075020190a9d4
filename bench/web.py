"""The web edition side by side with pandoc's standalone HTML, cold, as a ratio.

    .venv/bin/python bench/web.py                   # the sample, 7 runs
    .venv/bin/python bench/web.py --sample PATH --runs 9

``briefpub html SOURCE`` against ``pandoc -s`` on the same text as pandoc
Markdown (``run.markdown``), each a fresh process, alternately, after one
warm-up each. Each row gives wall and CPU seconds (user and system, from
``getrusage``: a shared machine's load disturbs it less), median and range,
and the ratio pair by pair. The goal (issue 29) is at most 2×. With
``--imports`` it also prints the modules the web edition imports, slowest
first (``python -X importtime``), to see what it pays for.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # the sibling benchmark's helpers (after the path is set)


def main() -> None:
    parser = run.against_pandoc(__doc__, "/tmp/briefpub-bench-web", runs=7)
    parser.add_argument("--imports", action="store_true")
    args = parser.parse_args()
    run.SAMPLE = args.sample.resolve()
    shutil.rmtree(args.folder, ignore_errors=True)
    run.make_project(args.folder, 1)
    source = args.folder / "source" / "briefing-000.txt"
    model = subprocess.run(
        [*run.BRIEFPUB, "parse", "--json", str(source)],
        cwd=args.folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (args.folder / "p.md").write_text(run.markdown(json.loads(model)), encoding="utf-8")
    ours = [*run.BRIEFPUB, "html", str(source), "-o", str(args.folder / "b.html")]
    theirs = ["pandoc", "-s", str(args.folder / "p.md"), "-o", str(args.folder / "p.html")]
    run.timed_cpu(ours, args.folder)
    run.timed_cpu(theirs, args.folder)
    pairs = [(run.timed_cpu(ours, args.folder), run.timed_cpu(theirs, args.folder)) for _ in range(args.runs)]
    print("| measure | briefpub html | pandoc -s | ratio | goal |")
    print("| --- | --- | --- | --- | --- |")
    for index, name in enumerate(("wall", "CPU")):
        a = [pair[0][index] for pair in pairs]
        b = [pair[1][index] for pair in pairs]
        ratios = [x / y for x, y in zip(a, b, strict=True)]
        print(f"| {name} | {run.spread(a)} | {run.spread(b)} | {run.spread(ratios, '×', 2)} | ≤ 2× |")
    if args.imports:
        profile = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-m",
                "briefpub",
                "html",
                str(source),
                "-o",
                str(args.folder / "i.html"),
            ],
            cwd=args.folder,
            capture_output=True,
            text=True,
            env=run.ENV,
            check=False,
        ).stderr
        lines = profile.splitlines()
        rows = [line.split("|") for line in lines if line.startswith("import time:") and "|" in line]
        top = sorted(((int(r[0].split(":")[1]), r[2].rstrip()) for r in rows[1:]), reverse=True)[:25]
        print("\nslowest imports (self, µs):")
        for micros, name in top:
            print(f"{micros:8d} {name}")


if __name__ == "__main__":
    main()
