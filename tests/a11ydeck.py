"""An independent check of a deck against the rules of PowerPoint's accessibility checker.

Written from the rules, not from briefpub's code: it reads the package's XML
directly. Each rule is one function naming what it finds wrong, slide by
slide:

- every slide has a title, and no two slides share one (continued slides too);
- every picture, chart and table has alternative text (``descr``), and a
  chart's names its data;
- a table marks its header row (``firstRow="1"``);
- the title comes first in the reading order (first in the shape tree);
- no placeholder is left empty;
- the presentation's language is set, and every run says its language.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

from lxml import etree

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
TABLE = "http://schemas.openxmlformats.org/drawingml/2006/table"
TITLES = ("title", "ctrTitle")


def _slides(package: zipfile.ZipFile) -> list[tuple[int, etree._Element]]:
    """Return the slides in presentation order, numbered from 1."""
    presentation = etree.fromstring(package.read("ppt/presentation.xml"))
    rels = etree.fromstring(package.read("ppt/_rels/presentation.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    slides = []
    for number, entry in enumerate(presentation.iter(f"{P}sldId"), 1):
        target = targets[entry.get(f"{R}id")]
        slides.append(
            (number, etree.fromstring(package.read("ppt/" + target.lstrip("/").removeprefix("ppt/"))))
        )
    return slides


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{A}t"))


def _placeholder(shape: etree._Element) -> etree._Element | None:
    return shape.find(f"./{P}nvSpPr/{P}nvPr/{P}ph")


def _title(tree: etree._Element) -> etree._Element | None:
    for shape in tree.iter(f"{P}sp"):
        ph = _placeholder(shape)
        if ph is not None and ph.get("type") in TITLES:
            return shape
    return None


def titles(data: bytes) -> list[str]:
    """Return each slide's title text, in order ("" where a slide has none)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        found = [_title(tree) for _, tree in _slides(package)]
    return [_text(shape) if shape is not None else "" for shape in found]


def problems(data: bytes) -> list[str]:
    """Return every breach of the rules above, one line each: ``slide N: what``."""
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        presentation = etree.fromstring(package.read("ppt/presentation.xml"))
        default = presentation.find(f"{P}defaultTextStyle")
        languages = [] if default is None else [e.get("lang") for e in default.iter(f"{A}defRPr")]
        if not languages or not all(languages):
            out.append("presentation: no language in defaultTextStyle")
        seen: Counter[str] = Counter()
        for number, tree in _slides(package):
            out += [f"slide {number}: {p}" for p in _slide_problems(tree, seen)]
    out += [f"title {title!r} is on {count} slides" for title, count in seen.items() if count > 1]
    return out


def _slide_problems(tree: etree._Element, seen: Counter[str]) -> list[str]:
    out = []
    shapes = tree.find(f"./{P}cSld/{P}spTree")
    assert shapes is not None
    title = _title(tree)
    if title is None or not _text(title).strip():
        out.append("no title")
    else:
        text = _text(title).strip()
        seen[text] += 1
        drawn = [c for c in shapes if c.tag in (f"{P}sp", f"{P}pic", f"{P}graphicFrame", f"{P}grpSp")]
        if drawn and drawn[0] is not title:
            out.append("the title is not first in the reading order")
    for shape in shapes.iter(f"{P}pic", f"{P}graphicFrame"):
        properties = shape.find(f".//{P}cNvPr")
        assert properties is not None
        descr = (properties.get("descr") or "").strip()
        data = shape.find(f".//{A}graphicData")
        kind = "picture" if shape.tag == f"{P}pic" else (data.get("uri") if data is not None else "")
        if not descr and not _decorative(properties):
            out.append(f"{properties.get('name')!r} ({kind}) has no alternative text")
        if kind == CHART and not re.search(r"\d", descr):
            out.append(f"{properties.get('name')!r}: the chart's alternative text does not give its data")
        if kind == TABLE:
            table_properties = shape.find(f".//{A}tbl/{A}tblPr")
            if table_properties is None or table_properties.get("firstRow") not in ("1", "true"):
                out.append(f"{properties.get('name')!r}: the table's header row is not marked")
    for shape in shapes.iter(f"{P}sp"):
        if _placeholder(shape) is not None and not _text(shape).strip() and shape.find(f".//{A}fld") is None:
            out.append(f"placeholder {shape.find(f'.//{P}cNvPr').get('name')!r} is empty")
    for run in tree.iter(f"{A}r", f"{A}fld"):
        properties = run.find(f"{A}rPr")
        if (properties is None or not properties.get("lang")) and (run.findtext(f"{A}t") or "").strip():
            out.append(f"a run without a language: {run.findtext(f'{A}t')!r}")
            break
    return out


def _decorative(properties: etree._Element) -> bool:
    """Whether the shape is marked decorative (Office 2019's ``adec:decorative``): no alt text needed."""
    return any(
        element.tag.endswith("}decorative") and element.get("val") in ("1", "true")
        for element in properties.iter()
    )
