"""Vet deck masters: build decks on each, render them with LibreOffice, and measure what a reviewer checks.

Run from the repository root, on any folder of masters (a client's, or the
team's corpus) and one or more briefings:

    .venv/bin/python bench/masters.py MASTER_OR_FOLDER... [--projects DIR] [--out DIR] [BRIEFING.txt ...]
    .venv/bin/python bench/masters.py ../shared/corpus/masters --projects ../shared/corpus/projects \\
        ../shared/examples/kazakhstan-2022.txt

Each master is built with the ``briefpub.toml`` a user would write for it:
``NAME.toml`` in ``--projects`` whose ``master`` (0.2: ``template``) names it (one
master may have several), else ``<master>.toml`` beside it, else none. Per
master and briefing it reports, from the plan and from LibreOffice's
rendering (pdftotext's word boxes, the page drawn at 100 dpi):

- ``outside``: words outside every text box of their slide, or off the slide;
  furniture (date, footer, slide number) whose box is smaller than a line of its text;
- ``contrast``: words under 3:1 against the pixels drawn behind them (4.5:1
  for words under 18 pt are counted as ``small<4.5``), and the worst ratio;
- ``on art``: words over the master's artwork (a shape the word's text box
  lies inside is its panel, not artwork; faint artwork does not count);
- sizes per role, scaled to a 13.33 in slide: the smallest and the spread
  (largest less smallest) of titles, answers, key points and asides;
- ``empty``: per text layout used, the share of its text box's height left
  empty, on average (and a picture box no figure fills counts as empty);
- ``cont.``: slides continued from the one before.

Writes OUT/report.md (one section per master) and prints one line per
master. Needs soffice, pdftotext and pdftoppm (``scripts/bootstrap --test``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

from briefpub.config import load_config
from briefpub.deck.master import Template, load_master
from briefpub.deck.plan import DeckPlan
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.deck.textfit import LINE_SPACING
from briefpub.errors import BriefpubError
from briefpub.reader.structure import parse

REFERENCE_WIDTH = 960.0
"""Sizes are reported as on a 13.33 in slide (points scaled by its width over the slide's)."""
DPI = 100
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 in points."""


@dataclass
class Case:
    """One master with the configuration a user would give it."""

    name: str
    master: Path
    toml: str = ""


@dataclass
class Measures:
    """What one master's decks show, over every briefing."""

    decks: int = 0
    failed: list[str] = field(default_factory=list)
    warnings: int = 0
    slides: int = 0
    continued: int = 0
    outside: list[str] = field(default_factory=list)
    squeezed: list[str] = field(default_factory=list)
    low: list[str] = field(default_factory=list)
    small_low: int = 0
    worst: float = 21.0
    on_art: list[str] = field(default_factory=list)
    sizes: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    empty: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def line(self, name: str) -> str:
        sizes = " ".join(
            f"{role} {min(values):.0f}+{max(values) - min(values):.0f}"
            for role, values in sorted(self.sizes.items())
            if values
        )
        empty = max(((statistics.mean(v), k) for k, v in self.empty.items() if v), default=(0.0, ""))
        failed = f" FAILED {len(self.failed)}" if self.failed else ""
        return (
            f"{name:14} {self.decks} decks {self.slides} slides{failed}, {self.warnings} warnings; "
            f"outside {len(self.outside)}, squeezed {len(self.squeezed)}, contrast<3 {len(self.low)} "
            f"(small<4.5 {self.small_low}, worst {self.worst:.1f}:1), on art {len(self.on_art)}; "
            f"sizes(13.33in) {sizes}; emptiest {empty[0]:.0%} {empty[1]!r}; cont. {self.continued}"
        )


def cases(paths: list[Path], projects: Path | None) -> list[Case]:
    """Return each master found with each configuration written for it."""
    masters: list[Path] = []
    for path in paths:
        found = sorted(path.iterdir()) if path.is_dir() else [path]
        masters += [m for m in found if m.suffix.lower() in (".pptx", ".potx") and m.is_file()]
    tomls: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if projects is not None:
        for toml in sorted(projects.glob("*.toml")):
            text = toml.read_text(encoding="utf-8")
            slides = tomllib.loads(text).get("slides", {})
            tomls[Path(slides.get("master", slides.get("template", ""))).name].append((toml.stem, text))
    out = []
    for master in masters:
        beside = master.with_suffix(".toml")
        given = tomls.get(master.name) or (
            [(master.stem, beside.read_text(encoding="utf-8"))] if beside.is_file() else []
        )
        if not given:
            given = [(master.stem, f'[slides]\nmaster = "{master.name}"\n')]
        out += [Case(name, master, text) for name, text in given]
    return out


def build(case: Case, briefings: list[Path], work: Path, measures: Measures) -> None:
    """Build, render and measure every briefing's deck on ``case``."""
    project = work / case.name
    shutil.rmtree(project, ignore_errors=True)
    (project / "source").mkdir(parents=True)
    shutil.copy(case.master, project / case.master.name)
    named = "master" in case.toml or "template" in case.toml  # 0.2's spelling of [slides] master
    text = case.toml if named else f'[slides]\nmaster = "{case.master.name}"\n' + case.toml
    (project / "briefpub.toml").write_text(text, encoding="utf-8")
    for briefing in briefings:
        shutil.copy(briefing, project / "source" / briefing.name)
        for extra in briefing.parent.iterdir():  # figures and data beside it; not the bench's own output
            if work.resolve().is_relative_to(extra.resolve()) or any(extra.glob("*.p[po]tx")):
                continue
            if extra.is_dir() and not (project / "source" / extra.name).exists():
                shutil.copytree(extra, project / "source" / extra.name)
    try:
        config = load_config(project)
    except BriefpubError as exc:
        measures.failed.append(f"briefpub.toml: {exc}")
        return
    master_path = config.slides.master or project / case.master.name
    for briefing in briefings:
        said: list[str] = []
        try:
            parsed = parse(project / "source" / briefing.name)
            plan = plan_slides(
                parsed, master=master_path, brand=config.brand, options=config.slides, warn=said.append
            )
            deck = render_slides(parsed, master=master_path, brand=config.brand, options=config.slides)
        except BriefpubError as exc:
            measures.failed.append(f"{briefing.name}: {str(exc).splitlines()[0][:200]}")
            continue
        measures.decks += 1
        measures.warnings += len(said)
        out = project / f"{briefing.stem}.pptx"
        out.write_bytes(deck)
        measure_plan(plan, load_master(master_path).template, measures, briefing.stem)
        measure_render(out, plan, load_master(master_path).template, measures, briefing.stem)


def measure_plan(plan: DeckPlan, template: Template, measures: Measures, stem: str) -> None:
    """Sizes per role, room left empty, continued slides and squeezed furniture, from the plan."""
    scale = REFERENCE_WIDTH / plan.width if plan.width else 1.0
    layouts = {(layout.master, layout.index): layout for layout in template.layouts}
    measures.slides += len(plan.slides)
    for number, slide in enumerate(plan.slides, 1):
        if slide.part is not None and slide.part[0] > 1:
            measures.continued += 1
        layout = layouts[slide.master, slide.layout_index]
        for text in slide.texts:
            role = (
                "deck title" if slide.role == "title" and text.heading else "title" if text.heading else None
            )
            role = role or {"question": "answer", "key_points": "points", "points": "points"}.get(slide.role)
            if role is not None and not (slide.role == "title" and not text.heading):
                measures.sizes[role].append(text.size * scale)
            if not text.heading and slide.role in ("question", "key_points", "agenda", "points"):
                used = text.lines_used * LINE_SPACING * text.size
                height = text.box.height - text.insets[1] - text.insets[3]
                if height > 0:
                    measures.empty[slide.layout].append(max(0.0, 1 - used / height))
        for aside in slide.asides:
            measures.sizes["aside"].append(aside.size * scale)
        if slide.table is not None:
            measures.sizes["table"].append(slide.table.size * scale)
        if (
            slide.role == "question"
            and slide.figure is None
            and any(p.kind == "pic" for p in layout.placeholders)
        ):
            measures.empty[f"{slide.layout} (picture box)"].append(1.0)
        by_idx = {p.idx: p for p in layout.placeholders}
        for item in slide.furniture:
            placeholder = by_idx.get(item.placeholder)
            if placeholder is None:
                continue
            box = item.box or placeholder.box
            _, top, _, bottom = placeholder.style.insets
            tall = (
                box.width
                if placeholder.rotation % 180 or placeholder.style.vertical != "horz"
                else box.height
            )
            if tall + 0.5 < LINE_SPACING * placeholder.style.size + top + bottom and box == item.box:
                measures.squeezed.append(f"{stem} slide {number}: {item.kind} box {tall / 72:.3f} in")


def measure_render(path: Path, plan: DeckPlan, template: Template, measures: Measures, stem: str) -> None:
    """Words outside their boxes or the slide, contrast of every word, words on artwork: from LibreOffice."""
    import numpy
    from PIL import Image
    from pptx import Presentation
    from pptx.util import Emu

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(folder), str(path)],
            capture_output=True, timeout=300, check=False,
        )  # fmt: skip
        pdf = folder / f"{path.stem}.pdf"
        if not pdf.exists():
            measures.failed.append(f"{stem}: LibreOffice made no PDF")
            return
        bbox = subprocess.run(
            ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=120, check=True
        ).stdout
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(folder / "page")], timeout=300, check=True
        )
        images = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        deck = Presentation(str(path))
        layouts = {(layout.master, layout.index): layout for layout in template.layouts}
        pages = _PAGE.findall(bbox)
        for number, ((width, height, body), image_path, slide, planned) in enumerate(
            zip(pages, images, deck.slides, plan.slides, strict=False), 1
        ):
            page_w, page_h = float(width), float(height)
            boxes = _text_boxes(slide, Emu)
            art = [
                (a.name, (a.box.left, a.box.top, a.box.right, a.box.bottom))
                for a in layouts[planned.master, planned.layout_index].artwork
            ]
            pixels = numpy.asarray(Image.open(image_path).convert("RGB"))
            luminance = _luminance(pixels, numpy)
            scale = DPI / 72
            for x0, y0, x1, y1, text in _WORD.findall(body):
                word = (float(x0), float(y0), float(x1), float(y1))
                where = f"{stem} slide {number}: {unescape(text)!r}"
                holder = next((b for b in boxes if _inside(word, b, 1.5)), None)
                if holder is None or not _inside(word, (0, 0, page_w, page_h), 0.5):
                    measures.outside.append(where)
                for name, box in art:
                    if _overlaps(word, box) and not (holder is not None and _inside(holder, box, 0.5)):
                        measures.on_art.append(f"{where} on {name!r}")
                        break
                ratio = _ratio(luminance, word, scale, numpy)
                if ratio is None:
                    continue
                measures.worst = min(measures.worst, ratio)
                big = (word[3] - word[1]) >= 18 * 1.2
                if ratio < 3:
                    measures.low.append(f"{where} at {ratio:.1f}:1")
                elif ratio < 4.5 and not big:
                    measures.small_low += 1


def _text_boxes(slide: Any, emu: Any) -> list[Box]:
    boxes: list[Box] = []
    for shape in slide.shapes:
        if shape.left is None or shape.width is None:
            continue
        x, y = emu(shape.left).pt, emu(shape.top).pt
        w, h = emu(shape.width).pt, emu(shape.height).pt
        rotation = getattr(shape, "rotation", 0.0) or 0.0
        if round(rotation / 90) % 2:  # turned a quarter: drawn on its side about its centre
            x, y, w, h = x + (w - h) / 2, y + (h - w) / 2, h, w
        if (
            (getattr(shape, "has_text_frame", False) and shape.text_frame.text.strip())
            or getattr(shape, "has_table", False)
            or getattr(shape, "has_chart", False)
        ):
            boxes.append((x, y, x + w, y + h))
    return boxes


def _inside(inner: Box, outer: Box, tolerance: float) -> bool:
    return (
        inner[0] >= outer[0] - tolerance
        and inner[1] >= outer[1] - tolerance
        and inner[2] <= outer[2] + tolerance
        and inner[3] <= outer[3] + tolerance
    )


def _overlaps(one: Box, other: Box) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def _luminance(image: Any, numpy: Any) -> Any:
    channels = image.astype(numpy.float64) / 255
    linear = numpy.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return linear @ numpy.array([0.2126, 0.7152, 0.0722])


def _ratio(luminance: Any, word: Box, scale: float, numpy: Any) -> float | None:
    """Return a word's contrast: its commonest pixel as the background, the farthest from it as the glyph."""
    left, top = round(word[0] * scale), round(word[1] * scale)
    right, bottom = round(word[2] * scale), round(word[3] * scale)
    region = luminance[max(top, 0) : max(bottom, 0), max(left, 0) : max(right, 0)]
    if region.size == 0:
        return None
    values, counts = numpy.unique(numpy.round(region, 4), return_counts=True)
    background = values[numpy.argmax(counts)]
    light, dark = numpy.maximum(region, background), numpy.minimum(region, background)
    return float(((light + 0.05) / (dark + 0.05)).max())


def report(name: str, measures: Measures) -> str:
    """Return one master's section of the report, in Markdown."""
    parts = [f"## {name}", "", measures.line(name), ""]
    for title, items in (
        ("Decks not made", measures.failed),
        ("Words outside their box or the slide", measures.outside),
        ("Furniture smaller than a line of its text", measures.squeezed),
        ("Words under 3:1", measures.low),
        ("Words on artwork", measures.on_art),
    ):
        if items:
            parts += [f"{title} ({len(items)}):", "", *(f"- {item}" for item in items[:30]), ""]
    if measures.empty:
        parts += ["Room left empty per layout (mean share of the text box's height):", ""]
        parts += [
            f"- {k!r}: {statistics.mean(v):.0%} over {len(v)}" for k, v in sorted(measures.empty.items())
        ]
        parts.append("")
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, help="masters or folders of them, then briefings (.txt)"
    )
    parser.add_argument("--projects", type=Path, help="folder of NAME.toml, each naming its master's file")
    parser.add_argument("--out", type=Path, default=Path("bench/results/masters"))
    args = parser.parse_intermixed_args()
    briefings = [p.resolve() for p in args.paths if p.suffix == ".txt"]
    masters = [p for p in args.paths if p.suffix != ".txt"]
    if not briefings:
        default = Path(__file__).resolve().parent.parent / "src/briefpub/scaffold/source/example.txt"
        briefings = [default]
    args.out.mkdir(parents=True, exist_ok=True)
    sections = []
    for case in cases(masters, args.projects):
        measures = Measures()
        build(case, briefings, args.out / "decks", measures)
        print(measures.line(case.name), flush=True)
        sections.append(report(case.name, measures))
    (args.out / "report.md").write_text("# Masters\n\n" + "\n".join(sections), encoding="utf-8")
    print(f"report: {args.out / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
