"""The PDF's structure tree made to read as one document (PDF/UA-1), after WeasyPrint has tagged it.

WeasyPrint 70 tags each page on its own: a table, list or paragraph that
crosses a page becomes one structure element per page (a screen reader
announces three tables where there is one: WeasyPrint issue #2903), running
heads and page numbers are marked content left out of the tree rather than
artifacts (#1836), footnotes are loose spans at the end of each page, and a
link's ``/Contents`` is its address. :func:`finish` mends the tree WeasyPrint
wrote, knowing which HTML element each structure element came from
(:class:`Recorded`, filled by ``briefpub.newsletter.engines`` while
WeasyPrint builds the tree):

- the parts of one element, page after page, become one element whose
  content lies on several pages (marked-content references with their page);
  a table's header row, repeated by WeasyPrint on each page, is tagged once
  and its repetitions are pagination artifacts;
- the page margins' content (running heads, page numbers) and the dot
  leaders of the contents list become ``/Artifact`` marked content, out of
  the tree;
- a footnote is a ``/Note`` with an ``/ID``, placed right after its call;
- a link's ``/Contents`` is its text, a passage in another language has
  ``/Lang``, and the tree's ``/ID`` entries are listed in an ``/IDTree``.

Only pydyf's public objects are touched here: the engine's private names
are in ``engines.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pydyf

NULL = b"null"


@dataclass
class Recorded:
    """What WeasyPrint knew while tagging: each structure element's HTML element, and each link's."""

    elements: dict[int, tuple[Any, Any, str]] = field(default_factory=dict)
    """``id(structure element)`` → (the element, its HTML element, the box's kind)."""
    links: list[tuple[Any, Any]] = field(default_factory=list)
    """(link annotation, HTML element) for each link drawn."""
    artifacts: dict[int, set[int]] = field(default_factory=dict)
    """Page number → marked-content ids of the page margins' content."""
    lang: str = ""

    def key(self, element: Any) -> tuple[int, str] | None:
        """Return what makes two structure elements parts of one: their HTML element and box kind."""
        found = self.elements.get(id(element))
        if found is None or found[0] is not element or found[1] is None:
            return None
        return id(found[1]), found[2]

    def html(self, element: Any) -> Any:
        found = self.elements.get(id(element))
        return found[1] if found is not None and found[0] is element else None


class Tree:
    """The PDF's objects, read and changed through their references."""

    def __init__(self, pdf: Any, streams: list[Any], recorded: Recorded) -> None:
        self.pdf = pdf
        self.streams = streams
        self.recorded = recorded
        self.pages = {reference: number for number, reference in enumerate(pdf.page_references)}
        self.replaced: dict[bytes, bytes] = {}
        self.header_ids: dict[str, str] = {}
        """A repeated header cell's ``/ID`` → the first header's cell's."""
        self.artifacts: dict[int, set[int]] = {page: set(ids) for page, ids in recorded.artifacts.items()}

    def get(self, reference: Any) -> Any:
        if not isinstance(reference, bytes) or not reference.endswith(b" R"):
            return None
        return self.pdf.objects[int(reference.split()[0])]

    def kids(self, element: Any) -> Iterator[Any]:
        """Yield the structure elements among ``element``'s kids."""
        for kid in element["K"]:
            found = self.get(kid)
            if isinstance(found, pydyf.Dictionary) and found.get("Type") == "/StructElem":
                yield found


def finish(pdf: Any, streams: list[Any], recorded: Recorded) -> None:
    """Mend the structure tree WeasyPrint wrote into ``pdf`` (see the module's docstring)."""
    tree = Tree(pdf, streams, recorded)
    root = tree.get(pdf.catalog.get("StructTreeRoot"))
    if root is None:
        return
    document = tree.get(root["K"][0])
    _join_parts(tree, document)
    _place_notes(tree, document)
    _leave_out_artifacts(tree, document)
    _drop_empty(tree, document)
    _mark_artifacts(tree)
    _update_parent_tree(tree, tree.get(root["ParentTree"]))
    _name_links(recorded)
    _mark_languages(tree, document)
    _list_ids(tree, root, document)


def _join_parts(tree: Tree, element: Any) -> None:
    """Make the parts of one HTML element, among ``element``'s kids, one structure element (recursively)."""
    first: dict[tuple[int, str], Any] = {}
    kept = pydyf.Array()
    for kid in element["K"]:
        child = tree.get(kid)
        key = tree.recorded.key(child) if isinstance(child, pydyf.Dictionary) else None
        if key is None:
            kept.append(kid)
            continue
        survivor = first.get(key)
        if survivor is None or survivor.get("Pg") == child.get("Pg"):  # parts of one page stay apart
            first.setdefault(key, child)
            kept.append(kid)
        elif child["S"] == "/THead":
            _repeated_header(tree, survivor, child)
        else:
            _absorb(tree, survivor, child)
    element["K"] = kept
    for child in tree.kids(element):
        _join_parts(tree, child)


def _absorb(tree: Tree, survivor: Any, part: Any) -> None:
    """Move ``part``'s content into ``survivor``; a marked-content id keeps its page (a ``/MCR``)."""
    page = part.get("Pg")
    for kid in part["K"]:
        if isinstance(kid, int) and page != survivor.get("Pg"):
            reference = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": kid})
            tree.pdf.add_object(reference)
            survivor["K"].append(reference.reference)
            continue
        child = tree.get(kid)
        if isinstance(child, pydyf.Dictionary) and child.get("Type") == "/StructElem":
            child["P"] = survivor.reference
        survivor["K"].append(kid)
    tree.replaced[part.reference] = survivor.reference


def _repeated_header(tree: Tree, header: Any, repeated: Any) -> None:
    """Drop a header row WeasyPrint repeated on a later page: its drawing becomes an artifact.

    Its cells' ``/ID``s are those of the first header's cells, in order, so
    the cells under it keep their ``/Headers``.
    """
    first_ids = [cell["ID"].string for cell in _walk(tree, header) if "ID" in cell]
    repeated_ids = [cell["ID"].string for cell in _walk(tree, repeated) if "ID" in cell]
    tree.header_ids.update(zip(repeated_ids, first_ids, strict=False))
    for element in [repeated, *_walk(tree, repeated)]:
        page = tree.pages.get(element.get("Pg"))
        for kid in element["K"]:
            if isinstance(kid, int) and page is not None:
                tree.artifacts.setdefault(page, set()).add(kid)


def _walk(tree: Tree, element: Any) -> Iterator[Any]:
    for child in tree.kids(element):
        yield child
        yield from _walk(tree, child)


def _place_notes(tree: Tree, document: Any) -> None:
    """Make each footnote a ``/Note`` with an ``/ID``, right after the call that points to it."""
    calls: dict[str, Any] = {}
    notes: list[tuple[Any, Any]] = []
    pending = list(tree.kids(document))
    while pending:
        element = pending.pop(0)
        html = tree.recorded.html(element)
        classes = str(html.get("class", "")).split() if html is not None else []
        if "footnote" in classes and html.get("id") and len(element["K"]):
            notes.append((element, html))  # the box in the footnote area; the empty one in the text goes
            continue  # the boxes inside a note are part of it
        if "footnote-call" in classes and html.get("href", "").startswith("#"):
            calls[html.get("href")[1:]] = element
        pending[:0] = list(tree.kids(element))
    for note, html in notes:
        note["S"] = "/Note"
        note["ID"] = pydyf.String(html.get("id"))
        call = calls.get(html.get("id"))
        if call is None:
            continue
        old_parent, new_parent = tree.get(note["P"]), tree.get(call["P"])
        position = next((i for i, kid in enumerate(new_parent["K"]) if kid == call.reference), None)
        if position is None:
            continue  # the call is not where its parent says: the note stays where WeasyPrint put it
        old_parent["K"] = pydyf.Array(kid for kid in old_parent["K"] if kid != note.reference)
        new_parent["K"].insert(position + 1, note.reference)
        note["P"] = new_parent.reference


def _leave_out_artifacts(tree: Tree, element: Any) -> None:
    """Take the content that becomes an artifact (a contents line's dot leader) out of the tree."""
    page = tree.pages.get(element.get("Pg"))
    artifacts = tree.artifacts.get(page, set()) if page is not None else set()
    kept = pydyf.Array()
    for kid in element["K"]:
        if isinstance(kid, int) and kid in artifacts:
            continue
        child = tree.get(kid)
        if isinstance(child, pydyf.Dictionary) and child.get("Type") == "/StructElem":
            _leave_out_artifacts(tree, child)
        elif (
            isinstance(child, pydyf.Dictionary)
            and child.get("Type") == "/MCR"
            and child["MCID"] in tree.artifacts.get(tree.pages.get(child["Pg"], -1), set())
        ):
            continue
        kept.append(kid)
    element["K"] = kept


def _drop_empty(tree: Tree, element: Any) -> bool:
    """Remove structure elements left with no content (a page's footnote area once its notes moved)."""
    kept = pydyf.Array()
    for kid in element["K"]:
        child = tree.get(kid)
        is_element = isinstance(child, pydyf.Dictionary) and child.get("Type") == "/StructElem"
        if is_element and _drop_empty(tree, child) and child["S"] in ("/NonStruct", "/Div", "/Span"):
            continue
        kept.append(kid)
    element["K"] = kept
    return not kept


def _mark_artifacts(tree: Tree) -> None:
    """Turn the marked content of running heads, page numbers and repeated headers into artifacts."""
    for page, ids in tree.artifacts.items():
        operations = tree.streams[page].stream
        for position in range(len(operations) - 2):
            properties = operations[position + 1]
            if (
                operations[position + 2] == b"BDC"
                and isinstance(properties, pydyf.Dictionary)
                and properties.get("MCID") in ids
            ):
                operations[position] = "/Artifact"
                operations[position + 1] = pydyf.Dictionary({"Type": "/Pagination"})


def _update_parent_tree(tree: Tree, parent_tree: Any) -> None:
    """Point the parent tree at the joined elements, and nowhere for content that became an artifact."""
    numbers = parent_tree["Nums"]
    pages = len(tree.streams)
    for index in range(0, len(numbers), 2):
        key, value = numbers[index], numbers[index + 1]
        if isinstance(value, pydyf.Array) and key < pages:
            artifacts = tree.artifacts.get(key, set())
            numbers[index + 1] = pydyf.Array(
                NULL if mcid in artifacts else _resolve(tree, reference)
                for mcid, reference in enumerate(value)
            )
        else:
            numbers[index + 1] = _resolve(tree, value)


def _resolve(tree: Tree, reference: Any) -> Any:
    while reference in tree.replaced:
        reference = tree.replaced[reference]
    return reference


def _name_links(recorded: Recorded) -> None:
    """Give each link annotation its text as ``/Contents`` (WeasyPrint gives its address)."""
    for annotation, html in recorded.links:
        if html is None:
            continue
        text = html.get("aria-label") or " ".join("".join(html.itertext()).split())
        if text:
            annotation["Contents"] = pydyf.String(text)


_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def _mark_languages(tree: Tree, document: Any) -> None:
    """Give ``/Lang`` to the elements of a passage in another language than the document's."""
    for element in _walk(tree, document):
        html = tree.recorded.html(element)
        lang = html.get("lang") if html is not None else None
        if lang and _LANGUAGE.match(lang) and lang.lower() != tree.recorded.lang.lower():
            element["Lang"] = pydyf.String(lang)


def _list_ids(tree: Tree, root: Any, document: Any) -> None:
    """List every ``/ID`` in the tree in the root's ``/IDTree``, and point moved headers at their cells."""
    ids: dict[str, bytes] = {}
    for element in _walk(tree, document):
        if "ID" in element:
            ids[str(element["ID"].string)] = element.reference
        attributes = element.get("A")
        if isinstance(attributes, pydyf.Dictionary) and "Headers" in attributes:
            attributes["Headers"] = pydyf.Array(
                pydyf.String(tree.header_ids.get(h.string, h.string)) for h in attributes["Headers"]
            )
    if ids:
        names = pydyf.Array()
        for key in sorted(ids):
            names.extend((pydyf.String(key), ids[key]))
        root["IDTree"] = pydyf.Dictionary({"Names": names})
