"""An independent checker of .pptx packages: what PowerPoint would repair or a client should never get.

Written from the OPC and PresentationML rules, not from briefpub's code: it
reads the zip and the XML directly, never through python-pptx or briefpub.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections import Counter

from lxml import etree

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
P14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"
PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
SAFE_LINKS = ("http://", "https://", "mailto:")


class _Package:
    """The zip read as parts, content types and relationships."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self.names = [i.filename for i in zf.infolist()]
            parts = {n: zf.read(n) for n in set(self.names)}
        types = etree.fromstring(parts.pop("[Content_Types].xml"))
        self.defaults = {
            e.get("Extension", "").lower(): e.get("ContentType") for e in types.iter(f"{CT}Default")
        }
        self.overrides = {
            e.get("PartName", "").lstrip("/"): e.get("ContentType") for e in types.iter(f"{CT}Override")
        }
        self.rels = {n: etree.fromstring(b) for n, b in parts.items() if n.endswith(".rels")}
        self.content = {n: b for n, b in parts.items() if not n.endswith(".rels")}
        self.ids_of: dict[str, set[str]] = {}

    def content_type(self, name: str) -> str:
        return self.overrides.get(name) or self.defaults.get(posixpath.splitext(name)[1][1:].lower()) or ""


def problems(data: bytes) -> list[str]:
    """Return every problem found in the package ``data``; an empty list means a clean deck."""
    package = _Package(data)
    return _package_problems(package) + _part_problems(package) + _id_problems(package)


def _package_problems(package: _Package) -> list[str]:
    """Duplicate entries, content types, relationship targets, orphans, external links."""
    found = [f"zip entry {n} appears {c} times" for n, c in Counter(package.names).items() if c > 1]
    found += [f"{n} has no content type" for n in package.content if not package.content_type(n)]
    found += [
        f"content type override for missing part {n}" for n in package.overrides if n not in package.content
    ]
    reached: set[str] = set()
    todo = [""]
    while todo:
        source = todo.pop()
        folder, file = posixpath.split(source)
        root = package.rels.get(
            "_rels/.rels" if not source else posixpath.join(folder, "_rels", file + ".rels")
        )
        package.ids_of[source] = set()
        for rel in root.iter(f"{PR}Relationship") if root is not None else ():
            package.ids_of[source].add(rel.get("Id", ""))
            target, kind = rel.get("Target", ""), rel.get("Type", "")
            if rel.get("TargetMode") == "External":
                if not (kind.endswith("/hyperlink") and target.lower().startswith(SAFE_LINKS)):
                    found.append(f"{source or 'package'}: external {kind.rsplit('/', 1)[-1]} to {target}")
                continue
            name = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            if name not in package.content:
                found.append(f"{source or 'package'}: relationship {rel.get('Id')} to missing {name}")
            elif name not in reached:
                reached.add(name)
                todo.append(name)
    return found + [f"orphan part {n}" for n in package.content if n not in reached]


def _part_problems(package: _Package) -> list[str]:
    """Active content, references to unknown relationships, shape ids used twice on a slide."""
    found = []
    for name, blob in package.content.items():
        kind = package.content_type(name)
        if any(word in kind for word in ("vba", "oleObject", "macroEnabled")) or "activex" in name.lower():
            found.append(f"active content {name} ({kind})")
        if not kind.endswith("xml"):
            continue
        root = etree.fromstring(blob)
        known = package.ids_of.get(name, set())
        for element in root.iter():
            for attribute, value in element.attrib.items():
                if attribute.startswith(R) and value and value not in known:
                    found.append(f"{name}: {etree.QName(element).localname} refers to unknown {value}")
        if kind.endswith("presentationml.slide+xml"):
            shape_ids = [e.get("id") for e in root.iter(f"{P}cNvPr")]
            found += [f"{name}: shape id {i} used twice" for i, c in Counter(shape_ids).items() if c > 1]
    return found


def _id_problems(package: _Package) -> list[str]:
    """The main part's type, unique slide ids, unique master and layout ids, sections of real slides."""
    main = "ppt/presentation.xml"
    found = [] if package.content_type(main) == PRESENTATION else [f"{main} is not a presentation"]
    presentation = etree.fromstring(package.content[main])
    slide_ids = [e.get("id") for e in presentation.iter(f"{P}sldId")]
    found += [f"slide id {i} used twice" for i, c in Counter(slide_ids).items() if c > 1]
    all_ids = [e.get("id") for e in presentation.iter(f"{P}sldMasterId")]
    for name, blob in package.content.items():
        if package.content_type(name).endswith("slideMaster+xml"):
            all_ids += [e.get("id") for e in etree.fromstring(blob).iter(f"{P}sldLayoutId")]
    found += [f"master or layout id {i} used twice" for i, c in Counter(all_ids).items() if c > 1]
    found += ["a master or layout id is missing" for i in all_ids if i is None]
    found += [
        f"a section lists missing slide {e.get('id')}"
        for e in presentation.iter(f"{P14}sldId")
        if e.get("id") not in set(slide_ids)
    ]
    return found
