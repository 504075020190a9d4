"""Benchmark briefpub against the bare engines and pandoc, side by side, as ratios.

Every measurement is a whole fresh process, timed wall-clock; contenders are
run alternately (A B A B ...) so that machine noise hits both alike, and the
median is reported. Run from the repository root:

    .venv/bin/python bench/run.py            # a few minutes on 2 cores
    .venv/bin/python bench/run.py --quick    # fewer repetitions

Results are printed and written to bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# The console script, as users run it (python -m adds runpy's few milliseconds).
_SCRIPT = Path(PY).parent / "briefpub"
BRIEFPUB = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "briefpub"]
SAMPLE = ROOT / "source" / "red-sea-shipping.txt"


# pandoc --pdf-engine=weasyprint runs the weasyprint command: the one installed beside this Python.
ENV = {**os.environ, "PATH": f"{Path(PY).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def timed(command: Sequence[str], cwd: Path) -> tuple[float, int]:
    """Return wall seconds and the peak resident memory (kB) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(after, before)


def peak_kb(command: Sequence[str], cwd: Path) -> int:
    """Return the peak resident memory of ``command`` in kB (GNU time when present)."""
    if shutil.which("/usr/bin/time"):
        out = subprocess.run(
            ["/usr/bin/time", "-f", "%M", *command], cwd=cwd, capture_output=True, text=True, check=True
        )
        return int(out.stderr.strip().splitlines()[-1])
    return timed(command, cwd)[1]


def alternate(a: Sequence[str], b: Sequence[str], cwd: Path, n: int) -> tuple[float, float]:
    """Return the medians of ``a`` and ``b`` run alternately ``n`` times each (after one warm-up each)."""
    timed(a, cwd)
    timed(b, cwd)
    ta, tb = [], []
    for _ in range(n):
        ta.append(timed(a, cwd)[0])
        tb.append(timed(b, cwd)[0])
    return statistics.median(ta), statistics.median(tb)


def make_project(folder: Path, count: int, scale: int = 1) -> None:
    (folder / "source").mkdir(parents=True, exist_ok=True)
    text = SAMPLE.read_text(encoding="utf-8")
    head, _, rest = text.partition("\nWhy have the container lines")
    rest = "Why have the container lines" + rest
    for i in range(count):
        body = (
            head
            + "\n"
            + "\n".join(
                rest.replace("?", f" (part {j + 1})?").replace("What ", f"What ({i}) ") for j in range(scale)
            )
        )
        (folder / "source" / f"briefing-{i:03d}.txt").write_text(body, encoding="utf-8")


def add_figures(source: Path, count: int) -> None:
    """Give ``source`` ``count`` figures: 1200 x 800 PNG bar charts after its longest paragraphs."""
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(count)
    paragraphs = source.read_text(encoding="utf-8").split("\n\n")
    longest = sorted(range(len(paragraphs)), key=lambda i: -len(paragraphs[i]))[:count]
    for number, index in enumerate(sorted(longest)):
        image = Image.new("RGB", (1200, 800), (244, 244, 244))
        draw = ImageDraw.Draw(image)
        for bar in range(40):
            draw.rectangle((bar * 30, rng.randint(50, 750), bar * 30 + 20, 800), fill=(20, 54, 93))
        image.save(source.parent / f"chart{number}.png")
        paragraphs[index] += f"\n\n![Chart {number + 1}: an indicator over time](chart{number}.png)"
    source.write_text("\n\n".join(paragraphs), encoding="utf-8")


WEASYPRINT_BARE = """
import sys, weasyprint
weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], pdf_tags=True, pdf_identifier=True)
"""

PPTX_BARE = """
import json, sys
from pptx import Presentation
d = json.load(open(sys.argv[1], encoding="utf-8"))
prs = Presentation(sys.argv[3])
s = prs.slides.add_slide(prs.slide_layouts[0])
s.shapes.title.text = d["title"]
s.placeholders[1].text = d["meta"]["subtitle"] or ""
s = prs.slides.add_slide(prs.slide_layouts[1])
s.shapes.title.text = "Key points"
s.placeholders[1].text = "\\n".join(d["key_points"])
for sec in d["sections"]:
    s = prs.slides.add_slide(prs.slide_layouts[1])
    s.shapes.title.text = sec["question"]
    s.placeholders[1].text = sec["answer"]
    s.notes_slide.notes_text_frame.text = "\\n".join(sec["body"])
prs.save(sys.argv[2])
"""


def save_to_reload(project: Path, source: Path, saves: int) -> tuple[list[float], list[float]]:
    """Return, per save of ``source``, seconds until ``serve`` announced the previews, and the PDF.

    A real ``briefpub serve`` runs; the bench listens to its event stream as
    the page does: the first event after a save is the web edition and the
    slides, the second the PDF.
    """
    import urllib.request

    process = subprocess.Popen(
        [*BRIEFPUB, "serve", str(source), "--port", "0"], cwd=project, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    try:
        url = ""
        while not url:
            line = process.stderr.readline()
            if not line:
                raise RuntimeError("serve stopped before serving")
            found = re.search(r"serving (http://\S+/)", line)
            url = found[1] if found else ""
        stream = urllib.request.urlopen(url + "events?since=0", timeout=120)
        version = 0

        def next_event() -> int:
            while True:
                line = stream.readline().decode()
                if line.startswith("data: "):
                    return int(line[6:])

        version = next_event()  # the first build's last stage, or an earlier one
        time.sleep(2.0)  # let the first build finish its PDF
        previews, pdfs = [], []
        text = source.read_text(encoding="utf-8")
        for number in range(saves):
            started = time.perf_counter()
            source.write_text(text + f"\nOne more paragraph, number {number}.\n", encoding="utf-8")
            version = next_event()
            previews.append(time.perf_counter() - started)
            version = next_event()
            pdfs.append(time.perf_counter() - started)
            time.sleep(0.5)
        source.write_text(text, encoding="utf-8")
        del version
        return previews, pdfs
    finally:
        process.terminate()
        process.wait(timeout=60)


def markdown(model: dict[str, object]) -> str:
    """Return the briefing as pandoc Markdown of the same shape (slide level 2)."""
    d: dict = model  # type: ignore[type-arg]
    out = [f'---\ntitle: "{d["title"]}"\n---\n', "## Key points\n"]
    out += [f"- {p}" for p in d["key_points"]]
    for section in d["sections"]:
        out.append(f"\n## {section['question']}\n\n{section['answer']}\n\n::: notes\n")
        out += [p + "\n" for p in section["body"]]
        out.append(":::\n")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    n = 3 if args.quick else 7
    rows: list[tuple[str, str, str, str]] = []

    def row(what: str, ours: float, theirs: float, goal: str) -> None:
        rows.append((what, f"{ours:.3f} s", f"{theirs:.3f} s", f"{ours / theirs:.2f}× (goal {goal})"))
        print(f"{what:<58} {ours:7.3f} s {theirs:7.3f} s  {ours / theirs:5.2f}×  goal {goal}", flush=True)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        one = tmp / "one"
        make_project(one, 1)
        src = one / "source" / "briefing-000.txt"
        subprocess.run(
            [*BRIEFPUB, "html", str(src), "-o", str(one / "page.html")],
            cwd=one,
            check=True,
            capture_output=True,
        )
        model_json = subprocess.run(
            [*BRIEFPUB, "parse", str(src), "--json"], cwd=one, check=True, capture_output=True
        ).stdout
        (one / "model.json").write_bytes(model_json)
        (one / "wp.py").write_text(WEASYPRINT_BARE, encoding="utf-8")
        (one / "pptx_bare.py").write_text(PPTX_BARE, encoding="utf-8")
        deck_template = ROOT / "src" / "briefpub" / "templates" / "deck.pptx"

        ours, theirs = alternate(
            [*BRIEFPUB, "pdf", str(src), "-o", str(one / "a.pdf")],
            [PY, str(one / "wp.py"), str(one / "page.html"), str(one / "b.pdf")],
            one,
            n,
        )
        row("briefpub pdf vs WeasyPrint alone on the same HTML", ours, theirs, "≤ 1.05")
        single_pdf = ours
        ours, theirs = alternate(
            [*BRIEFPUB, "slides", str(src), "-o", str(one / "a.pptx")],
            [PY, str(one / "pptx_bare.py"), str(one / "model.json"), str(one / "b.pptx"), str(deck_template)],
            one,
            n,
        )
        row("briefpub slides vs a minimal python-pptx script", ours, theirs, "≤ 1.10")
        single_slides = ours
        ours, theirs = alternate([*BRIEFPUB, "--help"], [PY, "-c", "import click"], one, n)
        row("briefpub --help vs python -c 'import click'", ours, theirs, "≤ 1.5")

        batch = tmp / "batch"
        make_project(batch, 50)
        j1, j2 = alternate(
            [*BRIEFPUB, "build", "-j1", "--force"],
            [*BRIEFPUB, "build", "-j2", "--force"],
            batch,
            1 if args.quick else 2,
        )
        row("build -j2 vs -j1, 50 briefings (speed-up is the inverse)", j2, j1, "≤ 0.56, i.e. ≥ 1.8× faster")
        row(
            "per briefing: batch -j2 vs one pdf + one slides per file",
            j2 / 50,
            single_pdf + single_slides,
            "≤ 0.35",
        )
        noop = statistics.median(timed([*BRIEFPUB, "build"], batch)[0] for _ in range(n))
        rows.append(("no-op rebuild of 50", f"{noop:.3f} s", "", "goal < 0.3 s"))
        print(f"{'no-op rebuild of 50':<58} {noop:7.3f} s   (goal < 0.3 s)", flush=True)

        large = tmp / "large"
        make_project(large, 1, scale=10)
        big = large / "source" / "briefing-000.txt"
        t10, t1 = alternate(
            [*BRIEFPUB, "build", str(big), "--force", "-j1"],
            [*BRIEFPUB, "build", str(src), "--force", "-j1"],
            large,
            3,
        )
        row("10× larger briefing vs 1× (build, both outputs)", t10, t1, "≤ 10")
        illustrated = tmp / "figures"
        make_project(illustrated, 1)
        with_figures = illustrated / "source" / "briefing-000.txt"
        add_figures(with_figures, 10)
        tf, t0 = alternate(
            [*BRIEFPUB, "build", str(with_figures), "--force", "-j1"],
            [*BRIEFPUB, "build", str(src), "--force", "-j1"],
            illustrated,
            n,
        )
        row("ten figures vs none (build, both outputs)", tf, t0, "≤ 1.5")
        previews, pdfs = save_to_reload(one, src, n)
        fresh = statistics.median(
            timed([*BRIEFPUB, "build", str(src), "--force", "-j1"], one)[0] for _ in range(3)
        )
        for what, times, goal in (
            ("serve: save to web edition + slide previews vs a fresh build", previews, "< 0.5 s"),
            ("serve: save to PDF too vs a fresh build", pdfs, "< 1 s"),
        ):
            spread = f"{min(times):.3f}–{max(times):.3f} s"
            rows.append(
                (what, f"{statistics.median(times):.3f} s ({spread})", f"{fresh:.3f} s", f"goal {goal}")
            )
            print(
                f"{what:<58} {statistics.median(times):7.3f} s ({spread}) vs {fresh:.3f} s  goal {goal}",
                flush=True,
            )
        memory = peak_kb([*BRIEFPUB, "build", str(big), "--force", "-j1"], large) / 1024
        rows.append(("peak memory, 10× briefing", f"{memory:.0f} MB", "", "goal ≤ 250 MB"))
        print(f"{'peak memory, 10× briefing':<58} {memory:7.0f} MB  (goal ≤ 250 MB)", flush=True)

        if shutil.which("pandoc"):
            import json

            md = one / "page.md"
            md.write_text(markdown(json.loads(model_json)), encoding="utf-8")
            ours, theirs = alternate(
                [*BRIEFPUB, "pdf", str(src), "-o", str(one / "a.pdf")],
                ["pandoc", str(md), "--pdf-engine=weasyprint", "-o", str(one / "p.pdf")],
                one,
                n,
            )
            row("briefpub pdf vs pandoc --pdf-engine=weasyprint", ours, theirs, "< 1")
            ours, theirs = alternate(
                [*BRIEFPUB, "slides", str(src), "-o", str(one / "a.pptx")],
                ["pandoc", str(md), "--slide-level=2", "-o", str(one / "p.pptx")],
                one,
                n,
            )
            row("briefpub slides vs pandoc pptx writer (one deck)", ours, theirs, "report")
            pandoc_both = ours  # reuse below
            pp, _ = alternate(
                ["pandoc", str(md), "--pdf-engine=weasyprint", "-o", str(one / "p.pdf")],
                ["pandoc", str(md), "--slide-level=2", "-o", str(one / "p.pptx")],
                one,
                max(n // 2, 2),
            )
            _, ps = alternate(
                ["pandoc", str(md), "--pdf-engine=weasyprint", "-o", str(one / "p.pdf")],
                ["pandoc", str(md), "--slide-level=2", "-o", str(one / "p.pptx")],
                one,
                max(n // 2, 2),
            )
            del pandoc_both
            row("per briefing: batch -j2 vs pandoc (pdf + pptx)", j2 / 50, pp + ps, "< 1")
        else:
            print("pandoc is not installed: its rows are skipped", flush=True)

    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    lines = ["| measurement | briefpub | other | ratio |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    cpu = re.sub(r"\s+", " ", _cpu())
    header = (
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores ({cpu}), median of {n} runs.\n\n"
    )
    (results / "latest.md").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {results / 'latest.md'}")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    main()
