"""Benchmark briefpub against the bare engines and pandoc, side by side, as ratios.

Every measurement is a whole fresh process, timed wall-clock; contenders are
run alternately (A B A B ...) so that machine noise hits both alike, and each
row gives the median and the range of its runs. Run from the repository root:

    .venv/bin/python bench/run.py                  # about 20 minutes on 2 cores
    .venv/bin/python bench/run.py --quick          # fewer repetitions
    .venv/bin/python bench/run.py --scales-only --sample PATH   # one briefing, 1x to the size limit

Results are printed and written to bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# The console script, as users run it (python -m adds runpy's few milliseconds).
_SCRIPT = Path(PY).parent / "briefpub"
BRIEFPUB = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "briefpub"]
SAMPLE = ROOT / "source" / "red-sea-shipping.txt"


# pandoc --pdf-engine=weasyprint runs the weasyprint command: the one installed beside this Python.
ENV = {**os.environ, "PATH": f"{Path(PY).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def against_pandoc(doc: str | None, folder: str, runs: int) -> argparse.ArgumentParser:
    """Return the parser every side-by-side with pandoc shares (``--sample``, ``--runs``, ``--folder``).

    It first makes sure pandoc is there to compare with: each such benchmark
    has nothing to say without it.
    """
    if shutil.which("pandoc") is None:
        sys.exit("pandoc is not installed (apt-get install pandoc): nothing to compare with")
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--folder", type=Path, default=Path(folder))
    return parser


def timed_cpu(
    command: Sequence[str], cwd: Path, before: Callable[[], None] = lambda: None
) -> tuple[float, float]:
    """Return the wall and CPU seconds of one run of ``command`` (``before`` is run first, untimed)."""
    before()
    start_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (usage.ru_utime - start_usage.ru_utime) + (usage.ru_stime - start_usage.ru_stime)


def timed(command: Sequence[str], cwd: Path) -> float:
    """Return the wall seconds of one run of ``command``."""
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    return time.perf_counter() - start


PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
"""Runs a command and prints its peak resident set (kB): a fresh parent, so no other child counts."""


def peak_mib(command: Sequence[str], cwd: Path) -> float:
    """Return the peak resident memory of ``command`` in MiB."""
    out = subprocess.run(
        [PY, "-c", PEAK, *command], cwd=cwd, capture_output=True, text=True, check=True, env=ENV
    )
    return int(out.stdout.split()[-1]) / 1024


def alternate(a: Sequence[str], b: Sequence[str], cwd: Path, n: int) -> tuple[list[float], list[float]]:
    """Return the times of ``a`` and ``b`` run alternately ``n`` times each (after one warm-up each)."""
    timed(a, cwd)
    timed(b, cwd)
    ta, tb = [], []
    for _ in range(n):
        ta.append(timed(a, cwd))
        tb.append(timed(b, cwd))
    return ta, tb


def spread(values: Sequence[float], unit: str = " s", digits: int = 3) -> str:
    """Return ``median (min–max)`` of ``values``."""
    return f"{statistics.median(values):.{digits}f}{unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def ratios(ours: Sequence[float], theirs: Sequence[float]) -> list[float]:
    """Return the ratio of each run to its partner run: alternated pairs shared the machine's mood."""
    return [a / b for a, b in zip(ours, theirs, strict=True)]


def make_project(folder: Path, count: int, scale: int = 1) -> None:
    """Write ``count`` variants of the sample into ``folder/source``, each with its questions ``scale`` times.

    Repeated questions are numbered (``... (part 2)?``) and each variant's
    questions carry its number, so no two briefings or sections are the same.
    """
    from briefpub import parse

    (folder / "source").mkdir(parents=True, exist_ok=True)
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    question_lines = {section.line - 1 for section in parse(SAMPLE).sections}
    first = min(question_lines)
    head, rest = lines[:first], lines[first:]
    for i in range(count):
        body = list(head)
        for j in range(scale):
            body += [
                f"{line.rstrip().removesuffix('?')} ({i}.{j + 1})?"
                if number + first in question_lines
                else line
                for number, line in enumerate(rest)
            ]
            body.append("")
        (folder / "source" / f"briefing-{i:03d}.txt").write_text("\n".join(body), encoding="utf-8")


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


class Report:
    """The rows of the results table, printed as they are measured."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, what: str, ours: str, theirs: str, ratio: str, goal: str) -> None:
        self.rows.append((what, ours, theirs, ratio, goal))
        print(f"{what:<58} {ours:>24} {theirs:>24} {ratio:>20}  goal {goal}", flush=True)

    def versus(self, what: str, ours: Sequence[float], theirs: Sequence[float], goal: str) -> None:
        """Add a row of two alternated commands: both times, and the ratio of each pair."""
        self.add(what, spread(ours), spread(theirs), spread(ratios(ours, theirs), "×", 2), goal)

    def markdown(self) -> str:
        lines = ["| measurement | briefpub | other | ratio | goal |", "| --- | --- | --- | --- | --- |"]
        return "\n".join([*lines, *(f"| {' | '.join(row)} |" for row in self.rows)])


SCALE_PROBE = """
import io, sys, time, zipfile
from pathlib import Path
import pypdf
from briefpub.publish.editions import REGISTRY, load_engines
from briefpub.project import Project
project = Project.here(Path("."))
load_engines(["pdf", "slides"])
def render(path):
    briefing = project.parse(Path(path))
    start = time.perf_counter()
    pdf = REGISTRY["pdf"].render(project, briefing, "probe", lambda d: None).files[""]
    middle = time.perf_counter()
    deck = REGISTRY["slides"].render(project, briefing, "probe", lambda d: None).files[""]
    end = time.perf_counter()
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    names = zipfile.ZipFile(io.BytesIO(deck)).namelist()
    slides = sum(1 for n in names if n.startswith("ppt/slides/slide"))
    return middle - start, pages, end - middle, slides
render(sys.argv[1])  # the engines warmed on the 1x briefing
print(*render(sys.argv[2]))
"""


def scale_rows(report: Report, tmp: Path, n: int) -> None:
    """Time per page and per slide, rendered in one warm process, and peak memory, as the briefing grows.

    The largest scale is the largest the size limit lets through (see
    ``briefpub.reader.structure``); 150 times the sample is refused, as it should be.
    """
    folder = tmp / "scales"
    scales = [1, 10, 20, largest_scale(tmp)]
    for scale in scales:
        make_project(folder / f"x{scale}", 1, scale=scale)
    (folder / "probe.py").write_text(SCALE_PROBE, encoding="utf-8")
    base = folder / "x1" / "source" / "briefing-000.txt"
    per: dict[int, tuple[list[float], list[float], int, int]] = {}
    for scale in scales:
        source = folder / f"x{scale}" / "source" / "briefing-000.txt"
        pdf_times, deck_times = [], []
        pages = slides = 0
        for _ in range(max(n // 2, 2)):
            out = subprocess.run(
                [PY, str(folder / "probe.py"), str(base), str(source)],
                cwd=folder / f"x{scale}",
                capture_output=True,
                text=True,
                check=True,
                env=ENV,
            ).stdout.split()
            pdf_times.append(float(out[0]))
            deck_times.append(float(out[2]))
            pages, slides = int(out[1]), int(out[3])
        per[scale] = (pdf_times, deck_times, pages, slides)
    one_pdf, one_deck, one_pages, one_slides = per[1]
    page_1 = statistics.median(one_pdf) / one_pages
    slide_1 = statistics.median(one_deck) / one_slides
    for scale in scales:
        pdf_times, deck_times, pages, slides = per[scale]
        page = [t / pages for t in pdf_times]
        slide = [t / slides for t in deck_times]
        report.add(
            f"{scale}× sample, rendered warm: PDF per page ({pages} pages)",
            spread([1000 * t for t in page], " ms", 1),
            f"{1000 * page_1:.1f} ms at 1×",
            f"{statistics.median(page) / page_1:.2f}×",
            "≤ 1.2× of 1×",
        )
        report.add(
            f"{scale}× sample, rendered warm: deck per slide ({slides} slides)",
            spread([1000 * t for t in slide], " ms", 1),
            f"{1000 * slide_1:.1f} ms at 1×",
            f"{statistics.median(slide) / slide_1:.2f}×",
            "≤ 1.2× of 1×",
        )
    for scale in scales:
        project = folder / f"x{scale}"
        command = [*BRIEFPUB, "build", "source/briefing-000.txt", "--force", "-j1"]
        seconds = [timed(command, project) for _ in range(2)]
        memory = peak_mib(command, project)
        report.add(
            f"{scale}× sample: build, both outputs, fresh process",
            spread(seconds),
            "",
            f"peak {memory:.0f} MiB",
            "< 400 MiB",
        )
    refused = folder / "x150"
    make_project(refused, 1, scale=150)
    result = subprocess.run(
        [*BRIEFPUB, "check", "source/briefing-000.txt"],
        cwd=refused,
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    lines = result.stderr.strip().splitlines()
    one_line = result.returncode == 1 and len(lines) == 1
    verdict = f"refused in one line: {lines[0][:60]}…" if one_line else f"exit {result.returncode}: {lines}"
    report.add("150× sample (over the size limit)", verdict, "", "", "refused in one line")


def largest_scale(tmp: Path) -> int:
    """Return the largest multiple of the sample the size limit lets through (by halving)."""
    from briefpub import SourceError, parse

    low, high = 1, 256
    while high - low > 1:
        middle = (low + high) // 2
        folder = tmp / "probe-scale"
        make_project(folder, 1, scale=middle)
        try:
            parse(folder / "source" / "briefing-000.txt")
            low = middle
        except SourceError:
            high = middle
    return low


def main() -> None:
    global SAMPLE  # noqa: PLW0603 - make_project reads it
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--sample", type=Path, default=SAMPLE, help="the briefing to measure (default: %(default)s)"
    )
    parser.add_argument(
        "--scales-only", action="store_true", help="only the rows of the sample 1× to the limit"
    )
    args = parser.parse_args()
    SAMPLE = args.sample.resolve()
    n = 3 if args.quick else 7
    report = Report()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        hostile = ""
        if args.scales_only:
            scale_rows(report, tmp, n)
        else:
            all_rows(report, tmp, n, quick=args.quick)
            sys.path.insert(0, str(ROOT / "bench"))
            import data  # tables and charts against the same briefing without them
            import pathological  # hostile inputs through every command, with time and peak memory

            hostile = "\n\nHostile inputs:\n\n" + pathological.markdown(pathological.measure(tmp / "hostile"))
            hostile += "\n\nTables and charts:\n\n" + data.markdown(data.measure(tmp / "data", n))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    cpu = re.sub(r"\s+", " ", _cpu())
    header = (
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores ({cpu}), "
        f"{'--quick, ' if args.quick else ''}sample {SAMPLE.name}: median (min–max) of alternated runs.\n\n"
    )
    (results / "latest.md").write_text(header + report.markdown() + hostile + "\n", encoding="utf-8")
    print(f"\nwritten to {results / 'latest.md'}")


def all_rows(report: Report, tmp: Path, n: int, quick: bool) -> None:
    """Measure every row: single commands against bare engines and pandoc, batches, scales, figures, serve."""
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
    deck_master = ROOT / "src" / "briefpub" / "templates" / "deck.pptx"
    pdf_command = [*BRIEFPUB, "pdf", str(src), "-o", str(one / "a.pdf")]
    slides_command = [*BRIEFPUB, "slides", str(src), "-o", str(one / "a.pptx")]

    ours, theirs = alternate(
        pdf_command, [PY, str(one / "wp.py"), str(one / "page.html"), str(one / "b.pdf")], one, n
    )
    report.versus("briefpub pdf vs WeasyPrint alone on the same HTML", ours, theirs, "≤ 1.0")
    single_pdf = statistics.median(ours)
    bare = [
        PY,
        str(one / "pptx_bare.py"),
        str(one / "model.json"),
        str(one / "b.pptx"),
        str(deck_master),
    ]
    ours, theirs = alternate(slides_command, bare, one, n)
    report.versus("briefpub slides vs a minimal python-pptx script", ours, theirs, "≤ 1.15")
    single_slides = statistics.median(ours)
    ours, theirs = alternate([*BRIEFPUB, "--help"], [PY, "-c", "import click"], one, n)
    report.versus("briefpub --help vs python -c 'import click'", ours, theirs, "≤ 1.5")

    md = one / "page.md"
    md.write_text(markdown(json.loads(model_json)), encoding="utf-8")
    pandoc_pdf = ["pandoc", str(md), "--pdf-engine=weasyprint", "-o", str(one / "p.pdf")]
    pandoc_pptx = ["pandoc", str(md), "--slide-level=2", "-o", str(one / "p.pptx")]
    have_pandoc = shutil.which("pandoc") is not None
    if have_pandoc:
        ours, theirs = alternate(pdf_command, pandoc_pdf, one, n)
        report.versus("briefpub pdf vs pandoc --pdf-engine=weasyprint", ours, theirs, "< 1")
        ours, theirs = alternate(slides_command, pandoc_pptx, one, n)
        report.versus("briefpub slides vs pandoc's pptx writer", ours, theirs, "report")
    else:
        print("pandoc is not installed: its rows are skipped", flush=True)

    batch = tmp / "batch"
    make_project(batch, 50)
    j1, j2 = alternate(
        [*BRIEFPUB, "build", "-j1", "--force"],
        [*BRIEFPUB, "build", "-j2", "--force"],
        batch,
        2 if quick else 3,
    )
    report.add(
        "build of 50: -j1 vs -j2 (speed-up)",
        spread(j1),
        spread(j2),
        spread(ratios(j1, j2), "×", 2),
        "≥ 1.8×",
    )
    report.add(
        "per briefing, both outputs, batch on one core (-j1)",
        spread([t / 50 for t in j1]),
        "",
        "",
        "≤ 0.3 s",
    )
    report.add(
        "per briefing: batch -j2 vs one pdf + one slides per file",
        spread([t / 50 for t in j2]),
        f"{single_pdf + single_slides:.3f} s",
        f"{statistics.median(j2) / 50 / (single_pdf + single_slides):.2f}×",
        "≤ 0.35",
    )
    if have_pandoc:
        pdfs, pptxs = alternate(pandoc_pdf, pandoc_pptx, one, max(n // 2, 2))
        pandoc_both = statistics.median(pdfs) + statistics.median(pptxs)
        report.add(
            "per briefing: batch -j2 vs pandoc (pdf + pptx)",
            spread([t / 50 for t in j2]),
            f"{pandoc_both:.3f} s",
            f"{statistics.median(j2) / 50 / pandoc_both:.2f}×",
            "< 1",
        )
    noop = [timed([*BRIEFPUB, "build"], batch) for _ in range(n)]
    report.add("no-op rebuild of 50", spread(noop), "", "", "< 0.3 s")

    scale_rows(report, tmp, n)

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
    report.versus("ten figures vs none (build, both outputs)", tf, t0, "≤ 1.5")
    previews, pdfs = save_to_reload(one, src, n)
    fresh = [timed([*BRIEFPUB, "build", str(src), "--force", "-j1"], one) for _ in range(3)]
    report.add("serve: save to web edition + slide previews", spread(previews), spread(fresh), "", "< 0.5 s")
    report.add("serve: save to PDF too (vs a fresh build)", spread(pdfs), spread(fresh), "", "< 1 s")


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
