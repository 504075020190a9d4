"""WeasyPrint imported without find_library's processes, and the normal way where that fails."""

from __future__ import annotations

import importlib
import io
import os
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from briefpub.newsletter.engines import png_rows
from briefpub.startup.libraries import by_soname
from privatenames import exists

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def test_library_names_are_answered_by_soname() -> None:
    assert by_soname("pango-1.0") == "libpango-1.0.so.0"
    assert by_soname("fontconfig") == "libfontconfig.so.1"
    assert by_soname("libgobject-2.0-0") is None  # the Windows spelling: no, at once
    assert by_soname("no-such-library") is None


def test_importing_the_pdf_renderer_never_asks_find_library() -> None:
    asked = run_python(
        "import ctypes.util\n"
        "asked = []\n"
        "real = ctypes.util.find_library\n"
        "ctypes.util.find_library = lambda name: asked.append(name) or real(name)\n"
        "import briefpub.newsletter.pdf\n"
        "assert ctypes.util.find_library.__name__ == '<lambda>'  # put back as it was\n"
        "print(len(asked))\n"
    )
    assert asked == "0"


def test_where_the_quick_import_fails_the_normal_way_is_taken() -> None:
    result = run_python(
        "import ctypes.util\n"
        "import briefpub.newsletter.engines as engines\n"
        "real = ctypes.util.find_library\n"
        "attempts = []\n"
        "quick = engines._import_with\n"
        "def failing_once(find):\n"
        "    attempts.append(find is real)\n"
        "    if len(attempts) == 1:\n"
        "        ctypes.util.find_library = find\n"
        "        import weasyprint.urls  # half imported, as a failing import leaves it\n"
        "        raise OSError('no library under that soname')\n"
        "    return quick(find)\n"
        "engines._import_with = failing_once\n"
        "module = engines.import_weasyprint()\n"
        "print(module.__name__, attempts, ctypes.util.find_library is real)\n"
    )
    assert result == "weasyprint [False, True] True"


# --- PNG figures: rows passed to the PDF as they are ---------------------------------------------


def png(mode: str, options: dict[str, object] | None = None, size: tuple[int, int] = (30, 20)) -> bytes:
    from PIL import Image

    image = Image.new(mode, size, 120 if mode in ("L", "P") else (200, 40, 10, 128)[: len(mode)])
    out = io.BytesIO()
    options = options or {}
    image.save(out, format="PNG", **{k: v for k, v in options.items() if k != "header"})
    data = out.getvalue()
    header = options.get("header")
    if isinstance(header, dict):  # what Pillow will not write: set IHDR's fields by hand
        ihdr = bytearray(data[12:29])
        for offset, value in header.items():
            ihdr[offset - 12] = value
        data = data[:12] + bytes(ihdr) + zlib.crc32(bytes(ihdr)).to_bytes(4, "big") + data[33:]
    return data


@pytest.mark.parametrize(
    ("mode", "options", "passed"),
    [
        ("RGB", {}, True),
        ("L", {}, True),
        ("RGBA", {}, False),  # the alpha channel becomes a soft mask: WeasyPrint's way
        ("P", {}, False),  # a palette
        ("RGB", {"header": {28: 1}}, False),  # interlaced
        ("RGB", {"transparency": (200, 40, 10)}, False),
        ("RGB", {"header": {24: 16}}, False),  # 16 bits a sample
    ],
)
def test_only_pngs_whose_rows_mean_the_same_in_a_pdf_are_passed_through(
    mode: str, options: dict[str, object], passed: bool
) -> None:
    rows = png_rows(png(mode, options))
    assert (rows is not None) == passed
    if rows is not None:
        assert zlib.decompress(rows)[0] in range(5)  # each row starts with its PNG filter byte


def test_a_damaged_png_is_left_to_weasyprint() -> None:
    data = png("RGB")
    assert png_rows(data[:40]) is None
    assert png_rows(b"not a png") is None


def test_a_passed_through_png_draws_the_same_pixels(tmp_path: Path) -> None:
    from PIL import Image

    from briefpub import parse
    from briefpub.newsletter.pdf import render_pdf

    image = Image.new("RGB", (64, 32), (20, 54, 93))
    for x in range(0, 64, 4):
        for y in range(32):
            image.putpixel((x, y), (240, 200, 10))
    image.save(tmp_path / "bars.png")
    (tmp_path / "b.txt").write_text("T\n\nQ?\nAnswer: A.\n\n![Bars](bars.png)\n", encoding="utf-8")
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(render_pdf(parse(tmp_path / "b.txt")))
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "img")], check=True)
    (drawn,) = sorted(tmp_path.glob("img-*.png"))
    assert Image.open(drawn).convert("RGB").tobytes() == image.tobytes()


def test_page_references_follow_the_pages_added() -> None:
    import pydyf

    import briefpub.newsletter.pdf  # noqa: F401 - installs the remembered page references

    pdf = pydyf.PDF()
    assert pdf.page_references == ()
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert len(first) == 1
    assert pdf.page_references is first  # remembered
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 2  # not the remembered one any more
    assert pdf.page_references[0] == first[0]


def test_tagging_a_long_newsletter_lists_the_pages_a_few_times_not_once_per_element(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counted, not timed: WeasyPrint's tagging reads every page's reference per structure element."""
    from briefpub import parse
    from briefpub.newsletter import engines
    from briefpub.newsletter.pdf import render_pdf

    built = [0]
    listed = engines._list_page_references
    assert listed is not None

    def counted(pdf: object) -> tuple[bytes, ...]:
        built[0] += 1
        return listed(pdf)

    monkeypatch.setattr(engines, "_list_page_references", counted)
    sections = "\n\n".join(f"Question {n}?\n\nAnswer: A{n}.\n\n" + "Words. " * 300 for n in range(30))
    render_pdf(parse(f"T\n\n{sections}\n"))
    assert 0 < built[0] <= 5


def test_fonttools_subsetter_and_instancer_wait_until_used() -> None:
    """Importing the PDF renderer leaves them out; using them imports the real modules."""
    code = (
        "import sys\n"
        "import briefpub.newsletter.pdf\n"
        "from weasyprint.pdf import fonts\n"
        "loaded = [m for m in ('fontTools.varLib', 'fontTools.subset.cff') if m in sys.modules]\n"
        "options = fonts.subset.Options()\n"
        "from fontTools.ttLib import TTFont\n"
        "from fontTools.fontBuilder import FontBuilder\n"
        "builder = FontBuilder(1000, isTTF=True)\n"
        "builder.setupGlyphOrder(['.notdef'])\n"
        "try:\n"
        "    fonts.instantiateVariableFont(builder.font, {})\n"
        "except ValueError as error:\n"
        "    refused = 'fvar' in str(error)\n"
        "print(loaded, type(options).__module__, refused, type(sys.modules['fontTools.subset']).__name__)\n"
    )
    assert run_python(code) == "[] fontTools.subset True module"


def test_a_deck_leaves_the_web_client_out_until_something_uses_it() -> None:
    code = (
        "import sys\n"
        "import briefpub.deck.slides\n"
        "from xml.sax import saxutils\n"
        "left_out = [m for m in ('http.client', 'ssl', 'email.parser') if m in sys.modules]\n"
        "import urllib.request\n"
        "opener = urllib.request.build_opener\n"
        "print(left_out, 'http.client' in sys.modules, type(sys.modules['urllib.request']).__name__)\n"
    )
    assert run_python(code) == "[] True module"


def test_every_private_engine_name_relied_on_is_still_there_in_the_versions_checked() -> None:
    import pydyf

    from briefpub.newsletter.engines import CHECKED_WITH, PRIVATE_NAMES, import_weasyprint

    weasyprint = import_weasyprint()
    missing = [name for names in PRIVATE_NAMES.values() for name in names if not exists(name)]
    assert missing == [], f"the engines no longer have {missing}: mend briefpub/newsletter/engines.py"
    installed = {"weasyprint": weasyprint.__version__, "pydyf": pydyf.__version__}
    assert installed == CHECKED_WITH, (
        f"engines {installed}, checked with {CHECKED_WITH}: read every name in engines.PRIVATE_NAMES "
        "in the new versions' sources, run tests/test_footnote_fast_path.py, then update CHECKED_WITH"
    )


def test_a_made_up_private_name_is_reported_missing() -> None:
    assert not exists("weasyprint.layout.LayoutContext._no_such_thing")
    assert not exists("weasyprint.no_such_module.Thing")
    assert exists("weasyprint.layout.LayoutContext.current_page_footnotes")  # set in __init__


def test_no_other_module_uses_a_private_engine_name() -> None:
    import re

    from briefpub.newsletter import engines

    names = {name.rsplit(".", 1)[1] for names in engines.PRIVATE_NAMES.values() for name in names}
    private = sorted(name for name in names if name.startswith("_"))
    source = Path(engines.__file__).parent.parent
    users = [
        f"{path.relative_to(source)}: {name}"
        for path in sorted(source.rglob("*.py"))
        if path.name != "engines.py"
        for name in private
        if re.search(rf"\.{name}\b", path.read_text(encoding="utf-8"))
    ]
    assert users == []


def test_the_switch_turns_every_patch_off() -> None:
    code = (
        "import ctypes.util\n"
        "asked = []\n"
        "real = ctypes.util.find_library\n"
        "ctypes.util.find_library = lambda name: asked.append(name) or real(name)\n"
        "import briefpub.newsletter.pdf\n"
        "from briefpub.newsletter import engines\n"
        "import sys\n"
        "print(sorted(name for name, on in engines.ON.items() if on), bool(asked),\n"
        "      type(sys.modules['fontTools.subset']).__name__)\n"
    )
    env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": "all"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "True", "module"]
    env["BRIEFPUB_ENGINE_PATCHES_OFF"] = "footnotes, tags"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split()[:9] == [
        "['deflate-level',",
        "'leaders',",
        "'library-lookup',",
        "'page-references',",
        "'page-styles',",
        "'png-rows',",
        "'target-counters',",
        "'weasyprint-deferred-imports',",
        "'zero-adjustments']",
    ]


def _contents_pdf(monkeypatch: pytest.MonkeyPatch, leaders: bool) -> bytes:
    from briefpub import parse
    from briefpub.config import PdfConfig
    from briefpub.newsletter import engines
    from briefpub.newsletter.pdf import render_pdf

    source = (
        "Contents\n\n" + "\n\n".join(f"Question {n}?\nAnswer: A.\n\nBody {n}." for n in range(1, 13)) + "\n"
    )
    monkeypatch.setitem(engines.ON, "leaders", leaders)
    return render_pdf(parse(source), options=PdfConfig(toc_min_sections=2))


def test_a_dot_leader_is_one_box_and_draws_the_same_dots(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PIL import Image, ImageChops
    from pypdf import PdfReader

    pictures = []
    text_objects = []
    for leaders in (True, False):
        path = tmp_path / f"{leaders}.pdf"
        path.write_bytes(_contents_pdf(monkeypatch, leaders))
        subprocess.run(
            ["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / f"{leaders}")],
            check=True,
        )
        pictures.append(Image.open(next(tmp_path.glob(f"{leaders}-*.png"))).convert("L"))
        text_objects.append(PdfReader(path).pages[0].get_contents().get_data().count(b"BT"))  # type: ignore[union-attr]
    assert text_objects[0] * 5 < text_objects[1]  # one box a line, not one a dot
    difference = ImageChops.difference(*pictures)
    changed = sum(difference.histogram()[32:])
    assert changed < 200, changed  # of a million pixels: a dot's anti-aliased edge here and there


def test_zero_adjustments_are_dropped_and_the_pages_look_and_read_the_same(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PIL import Image, ImageChops
    from pypdf import PdfReader

    from briefpub import parse
    from briefpub.newsletter import engines
    from briefpub.newsletter.pdf import render_pdf

    source = ROOT / "source" / "red-sea-shipping.txt"
    pictures, texts, streams = [], [], []
    for on in (True, False):
        monkeypatch.setitem(engines.ON, "zero-adjustments", on)
        path = tmp_path / f"{on}.pdf"
        path.write_bytes(render_pdf(parse(source)))
        subprocess.run(["pdftoppm", "-r", "100", "-png", str(path), str(tmp_path / f"{on}")], check=True)
        pictures.append([Image.open(page).convert("RGB") for page in sorted(tmp_path.glob(f"{on}-*.png"))])
        reader = PdfReader(path)
        texts.append([page.extract_text() for page in reader.pages])
        streams.append(b"".join(page.get_contents().get_data() for page in reader.pages))  # type: ignore[union-attr]
    assert b">0<" not in streams[0]
    assert streams[1].count(b">0<") > 1000
    assert len(streams[0]) < 0.85 * len(streams[1])
    assert texts[0] == texts[1]
    assert len(pictures[0]) == len(pictures[1]) > 1
    for ours, theirs in zip(*pictures, strict=True):
        assert ImageChops.difference(ours, theirs).getbbox() is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<0057>0<004b>0<0044>0", "<0057004b0044>0"),
        ("<0048>0<>-15.357<0003>-14<0057>", "<0048>-15.357<0003>-14<0057>"),
        ("<0a>10<0b>-0.5<0c>0<0d>", "<0a>10<0b>-0.5<0c0d>"),
        ("-0.25<0041>", "-0.25<0041>"),
    ],
)
def test_only_zero_adjustments_between_strings_go(text: str, expected: str) -> None:
    from briefpub.newsletter.engines import without_zero_adjustments

    assert without_zero_adjustments(text) == expected


def test_streams_are_deflated_at_the_default_level_with_the_same_content(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pypdf import PdfReader

    from briefpub import parse
    from briefpub.newsletter import engines
    from briefpub.newsletter.pdf import render_pdf

    source = ROOT / "source" / "red-sea-shipping.txt"
    contents, raw = [], []
    for on in (True, False):
        monkeypatch.setitem(engines.ON, "deflate-level", on)
        reader = PdfReader(io.BytesIO(render_pdf(parse(source))))
        streams: list[Any] = [page["/Contents"].get_object() for page in reader.pages]
        contents.append([stream.get_data() for stream in streams])
        raw.append([stream._data for stream in streams])
    assert contents[0] == contents[1]
    assert raw[0] == [zlib.compress(data, engines.DEFLATE_LEVEL) for data in contents[0]]
    assert raw[1] == [zlib.compress(data, 9) for data in contents[1]]


def _long_briefing() -> str:
    """The sample briefing with its questions three times over: a first page, then pages of one kind."""
    text = (ROOT / "source" / "red-sea-shipping.txt").read_text(encoding="utf-8")
    start = text.index("Why have the container lines not come back?")
    return text + ("\n" + text[start:]) * 2


def _margin_boxes_measured(measure: Any, seen: list[str]) -> Any:
    """Return ``measure`` (a preferred width) noting each margin box it measures in ``seen``."""

    def counted(context: Any, box: Any, *args: Any) -> Any:
        if type(box).__name__ == "MarginBox":
            seen.append(box.at_keyword)
        return measure(context, box, *args)

    return counted


def test_pages_of_one_kind_share_their_styles_and_the_pdf_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefpub import parse
    from briefpub.newsletter import engines
    from briefpub.newsletter.pdf import render_pdf  # imports WeasyPrint, patched

    page_layout: Any = importlib.import_module("weasyprint.layout.page")  # after briefpub imported it
    preferred: Any = importlib.import_module("weasyprint.layout.preferred")
    briefing = parse(_long_briefing())
    made = page_layout.set_page_type_computed_styles
    pdfs, measured, styles = [], [], []
    for on in (True, False):
        monkeypatch.setitem(engines.ON, "page-styles", on)
        margins: list[str] = []
        kinds: list[int] = []
        for name in ("block_min_content_width", "block_max_content_width"):
            monkeypatch.setattr(preferred, name, _margin_boxes_measured(getattr(preferred, name), margins))

        def counted_styles(page_type: Any, html: Any, style_for: Any, _kinds: list[int] = kinds) -> None:
            made(page_type, html, style_for)
            _kinds.append(id(style_for.get_computed_styles()[page_type, "@top-right"]))

        monkeypatch.setattr(page_layout, "set_page_type_computed_styles", counted_styles)
        pdfs.append(render_pdf(briefing))
        measured.append(len(margins))
        styles.append(len(set(kinds)))
    assert pdfs[0] == pdfs[1]  # byte for byte: the same pages, drawn the same
    pages = styles[1]
    assert pages >= 4
    assert styles[0] <= 2 < pages  # the first page, and the pages with running heads
    assert measured[0] * 2 < measured[1]  # the running heads are measured once, not on every page


def test_pages_given_other_declarations_keep_their_own_styles(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from briefpub import parse
    from briefpub.newsletter.pdf import render_pdf

    (tmp_path / "custom.css").write_text(
        "@page :nth(3) { @top-left { content: 'THIRD'; } }\n"
        "@page :right { @bottom-left { font-size: 11pt; } }\n",
        encoding="utf-8",
    )
    reader = PdfReader(io.BytesIO(render_pdf(parse(_long_briefing()), templates=tmp_path)))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) >= 4
    assert ["THIRD" in text for text in texts[:4]] == [False, False, True, False]


def test_a_contents_page_is_laid_out_twice_and_the_pdf_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefpub import parse
    from briefpub.config import PdfConfig
    from briefpub.newsletter import engines
    from briefpub.newsletter.pdf import render_pdf

    source = (
        "Contents\n\n" + "\n\n".join(f"Question {n}?\nAnswer: A.\n\nBody {n}." for n in range(1, 46)) + "\n"
    )
    page_layout: Any = importlib.import_module("weasyprint.layout.page")
    remake = page_layout.remake_page
    pdfs, layouts = [], []
    for on in (True, False):
        monkeypatch.setitem(engines.ON, "target-counters", on)
        made: list[int] = []

        def counted(index: int, *args: Any, _made: list[int] = made) -> Any:
            _made.append(index)
            return remake(index, *args)

        monkeypatch.setattr(page_layout, "remake_page", counted)
        pdfs.append(render_pdf(parse(source), options=PdfConfig(toc_min_sections=2)))
        layouts.append(made)
    assert pdfs[0] == pdfs[1]  # byte for byte: the same page numbers in the same places
    assert max(layouts[1]) >= 4
    # WeasyPrint lays each page of the contents out three times (without the numbers, again, then with
    # them); the second page of these is laid out twice
    assert layouts[1].count(1) == 3
    assert layouts[0].count(1) == 2
    assert len(layouts[0]) < len(layouts[1])


def test_a_contents_line_is_filed_under_the_anchor_it_names() -> None:
    from briefpub.newsletter import engines

    targets: Any = importlib.import_module("weasyprint.css.targets")

    class Box:
        def __init__(self, content: tuple[Any, ...], href: str = "#q-1") -> None:
            self.style: Any = type("Style", (dict,), {"base_url": None})(content=content)
            self.element = {"href": href}

    number = ("target-counter()", (("attr()", ("href", "string", "")), "page", "decimal"))
    leader = ("leader()", ("string", ". "))
    missing = ["page"]
    assert engines._refiled(targets, Box((leader, number)), missing, {None: missing}) == {"q-1": ["page"]}
    assert (
        engines._refiled(targets, Box((leader, number)), ["page"], {None: ["page"]}) is None
    )  # not one list
    own = ("counter()", ("page", "decimal"))
    assert engines._refiled(targets, Box((own, number)), missing, {None: missing}) is None
    assert engines._refiled(targets, Box((number, number)), missing, {None: missing}) is None
    assert (
        engines._refiled(targets, Box((leader, number), href="elsewhere"), missing, {None: missing}) is None
    )
    assert engines._refiled(targets, Box((leader, number)), missing, {"q-1": missing}) is None
