"""The PDF's structure tree read back with pypdf against PDF/UA-1's rules.

One structure element per table, list and paragraph however many pages it
crosses; running heads and page numbers as artifacts; footnotes as ``/Note``
after their call; links named by their text; language, title and alt text.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject, NullObject

from briefpub import Briefing, parse
from briefpub.config import PdfConfig
from briefpub.newsletter.pdf import UA_CAVEAT, render_pdf

ROWS = 70


def tagged_source(folder: Path) -> Briefing:
    """A briefing with a table over three pages, footnotes, links, a list and a figure."""
    from PIL import Image

    (folder / "img").mkdir()
    Image.new("RGB", (300, 200), (40, 90, 160)).save(folder / "img" / "chart.png")
    rows = "\n".join(f"| Port {n} | {n * 3} |" for n in range(1, ROWS + 1))
    source = folder / "tags.txt"
    source.write_text(
        "---\npublication: Tag Weekly\ndate: 2026-11-23\n---\nTagged to the letter\n\n"
        "• One point with a [first link](https://example.org/a).\n\n"
        "An introduction with a note.[^a]\n\n"
        "Where do ships call?\nAnswer: At many ports.\n\n"
        f"| Port | Calls |\n| --- | ---: |\n{rows}\n\nCaption: Calls by port.\n\n"
        "After the table, a [second link](https://example.org/b) and a note.[^b]\n\n"
        "![A blue rectangle standing for a chart](img/chart.png)\n\n"
        "What next?\nAnswer: Watch.\n\n- first item\n- second item\n\n"
        "[^a]: The first note.\n[^b]: The second note.\n",
        encoding="utf-8",
    )
    return parse(source, root=folder)


@dataclass
class Tree:
    """A PDF's structure tree, as read by pypdf."""

    reader: Any
    elements: list[tuple[Any, int]] = field(default_factory=list)
    """Every structure element in document order, with its depth."""
    marked: set[tuple[int, int]] = field(default_factory=set)
    """(page, marked-content id) of the content the tree holds."""

    def of(self, role: str) -> list[Any]:
        return [element for element, _ in self.elements if element["/S"] == role]

    def kids(self, element: Any) -> list[Any]:
        return [kid for kid in _kids(element) if isinstance(kid, DictionaryObject) and "/S" in kid]


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K", [])
    kids = kids if isinstance(kids, list) else [kids]
    return [kid.get_object() if isinstance(kid, IndirectObject) else kid for kid in kids]


def read_tree(data: bytes) -> Tree:
    reader: Any = PdfReader(io.BytesIO(data))
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    tree = Tree(reader)

    def walk(element: Any, depth: int) -> None:
        tree.elements.append((element, depth))
        page = pages.get(element.raw_get("/Pg").idnum) if "/Pg" in element else None
        for kid in _kids(element):
            if isinstance(kid, int) and page is not None:
                tree.marked.add((page, kid))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                mcid: Any = kid["/MCID"]
                tree.marked.add((pages[kid.raw_get("/Pg").idnum], int(mcid)))
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                walk(kid, depth + 1)

    root = reader.trailer["/Root"]["/StructTreeRoot"]
    for top in _kids(root):
        walk(top, 0)
    return tree


def marked_content(reader: Any) -> Iterator[tuple[int, str, int | None]]:
    """Yield (page, tag, marked-content id) of each marked-content sequence with properties drawn.

    Those are the tagged content and the artifacts briefpub makes of it
    (``/Artifact <</Type /Pagination>>``), not the borders and backgrounds
    WeasyPrint draws as ``/Artifact BMC``.
    """
    for number, page in enumerate(reader.pages):
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BDC":
                properties = operands[1]
                mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
                yield number, str(operands[0]), None if mcid is None else int(mcid)


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return render_pdf(tagged_source(tmp_path_factory.mktemp("tags")))


def test_a_table_over_several_pages_is_one_table_with_its_header_once(tagged: bytes) -> None:
    tree = read_tree(tagged)
    assert len(tree.reader.pages) >= 3
    tables = tree.of("/Table")
    assert len(tables) == 1  # WeasyPrint alone: one per page
    rows = [element for element in tree.of("/TR")]
    assert len(rows) == ROWS + 1  # the header row once, though drawn on every page
    assert len(tree.of("/THead")) == 1
    assert len(tree.of("/TBody")) == 1
    ids = {str(element["/ID"]) for element in tree.of("/TH")}
    id_tree = tree.reader.trailer["/Root"]["/StructTreeRoot"]["/IDTree"]["/Names"]
    assert ids <= {str(name) for name in id_tree[::2]}
    for cell in tree.of("/TD"):
        headers = [str(h) for h in cell["/A"]["/Headers"]]
        assert len(headers) == 2
        assert set(headers) <= ids


def test_every_page_of_a_long_paragraph_or_section_is_one_element(tagged: bytes) -> None:
    tree = read_tree(tagged)
    assert len(tree.of("/Part")) == 1  # <main>, over every page
    assert len(tree.of("/Sect")) == 4  # key points, introduction and two questions


def test_running_heads_and_page_numbers_are_artifacts_and_all_else_is_in_the_tree(tagged: bytes) -> None:
    tree = read_tree(tagged)
    drawn = list(marked_content(tree.reader))
    tagged_content = {(page, mcid) for page, _tag, mcid in drawn if mcid is not None}
    assert tagged_content == tree.marked  # nothing marked is left out of the tree, nothing in it is missing
    pages = len(tree.reader.pages)
    artifacts = [page for page, tag, _ in drawn if tag == "/Artifact"]
    # the date and the page number on every page, the running heads from page 2, repeated headers
    assert len(artifacts) >= 2 + 4 * (pages - 1)
    parent_tree = tree.reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    for index in range(0, 2 * pages, 2):
        page = int(parent_tree[index])
        for mcid, parent in enumerate(parent_tree[index + 1]):
            assert isinstance(parent, NullObject) == ((page, mcid) not in tree.marked)


def test_footnotes_are_notes_right_after_their_call(tagged: bytes) -> None:
    tree = read_tree(tagged)
    notes = tree.of("/Note")
    assert sorted(str(note["/ID"]) for note in notes) == ["fn-1", "fn-2"]
    for note in notes:
        parent = note["/P"].get_object()
        assert parent["/S"] == "/P"
        kids = tree.kids(parent)
        before = kids[kids.index(note) - 1]
        assert before["/S"] == "/Link"  # the call


def test_links_are_named_by_their_text(tagged: bytes) -> None:
    reader: Any = PdfReader(io.BytesIO(tagged))
    names = [
        str(annotation.get_object().get("/Contents"))
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    ]
    assert {"first link", "second link", "Note 1", "Note 2"} <= set(names)  # a call is not named "1"
    assert not [name for name in names if name.startswith("http")]
    tree = read_tree(tagged)
    objects = [kid for link in tree.of("/Link") for kid in _kids(link) if isinstance(kid, DictionaryObject)]
    assert len([kid for kid in objects if kid.get("/Type") == "/OBJR"]) == len(names)


def test_language_title_headings_lists_and_figures(tagged: bytes) -> None:
    tree = read_tree(tagged)
    root = tree.reader.trailer["/Root"]
    assert str(root["/Lang"]) == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert tree.reader.metadata is not None
    assert tree.reader.metadata.title == "Tagged to the letter"
    headings = [(element["/S"], depth) for element, depth in tree.elements if element["/S"] in ("/H1", "/H2")]
    assert [role for role, _ in headings][:1] == ["/H1"]
    assert len(headings) == 4
    items = tree.of("/LI")
    assert len(items) == 3
    assert all([k["/S"] for k in tree.kids(item)] == ["/Lbl", "/LBody"] for item in items)
    figures = tree.of("/Figure")
    assert [str(figure["/Alt"]) for figure in figures] == ["A blue rectangle standing for a chart"]


def test_the_pdf_ua_variant_declares_itself(tmp_path: Path) -> None:
    said: list[str] = []
    data = render_pdf(
        tagged_source(tmp_path), options=PdfConfig(variant="pdf/ua-1"), warn=lambda d: said.append(d.message)
    )
    assert [message for message in said if message.startswith("pdf/ua-1:")] == [UA_CAVEAT]
    reader: Any = PdfReader(io.BytesIO(data))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in metadata
    assert len(read_tree(data).of("/Table")) == 1


def test_weasyprint_alone_tags_the_table_once_per_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The material above shows what the mended tree fixes: without it, a table per page."""
    from briefpub.newsletter import engines

    monkeypatch.setitem(engines.ON, "tags", False)
    tree = read_tree(render_pdf(tagged_source(tmp_path)))
    assert len(tree.of("/Table")) >= 3
    assert not tree.of("/Note")


def test_the_contents_list_reads_its_entries_and_page_numbers_without_the_dots() -> None:
    source = (
        "Contents\n\n" + "\n\n".join(f"Question {n}?\nAnswer: A.\n\nBody {n}." for n in range(1, 9)) + "\n"
    )
    data = render_pdf(parse(source), options=PdfConfig(toc_min_sections=2))
    tree = read_tree(data)
    drawn = list(marked_content(tree.reader))
    assert {(page, mcid) for page, _tag, mcid in drawn if mcid is not None} == tree.marked
    first_page = [tag for page, tag, _ in drawn if page == 0]
    assert first_page.count("/Artifact") >= 1 + 8  # the page number (no date here), each line's dots


@pytest.mark.filterwarnings("ignore::ResourceWarning")  # WeasyPrint 70 leaves its sRGB profile open
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_pdf_a_variant_is_tagged_too(tmp_path: Path) -> None:
    data = render_pdf(tagged_source(tmp_path), options=PdfConfig(variant="pdf/a-3b"))
    assert len(read_tree(data).of("/Table")) == 1
