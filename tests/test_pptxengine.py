"""python-pptx's private names: listed in one module, still there, and used nowhere else."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from briefpub.deck import pptxengine
from privatenames import exists

SOURCE = Path(pptxengine.__file__).parent.parent


def test_every_private_name_relied_on_is_still_there_in_the_version_checked() -> None:
    missing = [name for names in pptxengine.PRIVATE_NAMES.values() for name in names if not exists(name)]
    assert missing == [], f"python-pptx no longer has {missing}: mend briefpub/deck/pptxengine.py"
    installed = {"python-pptx": metadata.version("python-pptx")}
    assert installed == pptxengine.CHECKED_WITH, (
        f"{installed}, checked with {pptxengine.CHECKED_WITH}: read every name in "
        "pptxengine.PRIVATE_NAMES in the new version's source, run the deck's tests, then update CHECKED_WITH"
    )


def test_a_made_up_private_name_is_reported_missing() -> None:
    assert not exists("pptx.text.text._Paragraph._no_such_thing")
    assert not exists("pptx.no_such_module.Thing")
    assert exists("pptx.text.text._Paragraph._p")  # set in __init__


def test_every_private_name_the_fence_uses_is_listed() -> None:
    text = Path(pptxengine.__file__).read_text(encoding="utf-8")
    code = re.sub(r"PRIVATE_NAMES = \{.*?\n\}\n", "", text, flags=re.DOTALL)  # all but the list itself
    used = set(re.findall(r"[\w)\]]\.(_[a-zA-Z]\w*)", code)) | set(re.findall(r"import (_\w+)", code))
    listed = {name.rsplit(".", 1)[1] for names in pptxengine.PRIVATE_NAMES.values() for name in names}
    assert used - listed == set()


def test_no_other_module_touches_a_private_name_of_python_pptx() -> None:
    """Outside the fence, no ``obj._name`` but on ``self``/``cls`` or lxml's ``etree._Element`` type."""
    private_attribute = re.compile(r"(?<![\w.])(\w+(?:\(\))?(?:\.\w+)*)\.(_[a-zA-Z]\w*)")
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path == Path(pptxengine.__file__):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"from pptx[\w.]* import .*\b_\w", code):
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
            for owner, _name in private_attribute.findall(code):
                if owner.split(".")[0] in ("self", "cls", "etree", "super()") or "pptx" in owner:
                    continue
                if not _touches_pptx(path):
                    continue
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    assert offenders == []


def _touches_pptx(path: Path) -> bool:
    """Return whether a module works on python-pptx objects (imports it, or is one of the deck's)."""
    return path.parent.name == "deck" or "pptx" in path.read_text(encoding="utf-8")


_DECK = (
    "import sys\n"
    "from pathlib import Path\n"
    "from pptx.oxml import xmlchemy\n"
    "from briefpub import parse, render_slides\n"
    "from briefpub.deck import pptxengine\n"
    "sys.stdout.buffer.write(render_slides(parse(Path(sys.argv[1]))))\n"
    "sys.stderr.write(str(xmlchemy.BaseOxmlElement.xpath is pptxengine._compiled_xpath))\n"
)


def _deck(source: Path, off: str) -> tuple[bytes, str]:
    env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
    result = subprocess.run(
        [sys.executable, "-c", _DECK, str(source)], env=env, capture_output=True, check=True, timeout=300
    )
    return result.stdout, result.stderr.decode().strip().splitlines()[-1]


def test_compiled_xpaths_give_the_same_deck_and_the_switch_turns_them_off(tmp_path: Path) -> None:
    source = tmp_path / "b.txt"
    source.write_text(
        "Weekly\n\nWhat changed?\nAnswer: A [link](https://example.org) and **more**.\n\n"
        "- one\n- two\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nWhy?\nAnswer: B.\n",
        encoding="utf-8",
    )
    patched, on = _deck(source, "")
    plain, off = _deck(source, "pptx-xpath")
    assert (on, off) == ("True", "False")
    assert patched == plain
    assert _deck(source, "all")[1] == "False"


def test_a_deck_without_pictures_leaves_pillow_unloaded_and_one_with_a_picture_loads_it(
    tmp_path: Path,
) -> None:
    from PIL import Image

    Image.new("RGB", (60, 40), "#336699").save(tmp_path / "a.png")
    plain, pictured = tmp_path / "plain.txt", tmp_path / "pictured.txt"
    plain.write_text("Weekly\n\nWhat changed?\nAnswer: A.\n", encoding="utf-8")
    pictured.write_text("Weekly\n\nWhat changed?\nAnswer: A.\n\n![A chart](a.png)\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefpub import parse, render_slides\n"
        "render_slides(parse(Path(sys.argv[1])))\n"
        "print(type(sys.modules['PIL.Image']).__name__)\n"
    )
    kinds = [
        subprocess.run(
            [sys.executable, "-c", code, str(source)], capture_output=True, text=True, check=True, timeout=300
        ).stdout.split()[-1]
        for source in (plain, pictured)
    ]
    assert kinds == ["Deferred", "module"]


def _png(size: tuple[int, int], mode: str = "RGB", **save: Any) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG", **save)
    return out.getvalue()


@pytest.mark.parametrize(
    ("size", "mode"),
    [((1, 1), "RGB"), ((640, 480), "RGBA"), ((3000, 7), "L"), ((17, 900), "P"), ((5, 5), "1")],
)
def test_a_png_measured_from_its_header_is_what_pillow_measures(size: tuple[int, int], mode: str) -> None:
    from PIL import Image

    data = _png(size, mode)
    opened = pptxengine._PngHeaders(Image).open(io.BytesIO(data))
    real = Image.open(io.BytesIO(data))
    assert (opened.format, opened.size, opened.info.get("dpi")) == (
        real.format,
        real.size,
        real.info.get("dpi"),
    )
    assert type(opened).__name__ == "_PngHeader"


def test_a_png_the_header_cannot_answer_for_is_left_to_pillow() -> None:
    plain = _png((40, 30))
    checksum = plain.index(b"IHDR") + 17  # the first byte of IHDR's CRC
    cases = {
        "a resolution": _png((40, 30), dpi=(300, 300)),
        "cut in its header": plain[:20],
        "a wrong checksum": plain[:checksum] + bytes([plain[checksum] ^ 1]) + plain[checksum + 1 :],
        "a JPEG": b"\xff\xd8\xff\xe0" + bytes(100),
        "no pixels": plain[: plain.index(b"IDAT") - 4],
    }
    assert {name: pptxengine.png_size(data) for name, data in cases.items()} == dict.fromkeys(cases)
    assert pptxengine.png_size(plain) == (40, 30)


_SVG_DECK = (
    "import sys\n"
    "from briefpub.cli import cli\n"
    "try:\n"
    "    cli(['slides', 'source/b.txt'], prog_name='briefpub')\n"
    "except SystemExit as exit:\n"
    "    assert not exit.code, exit.code\n"
    "print(type(sys.modules['PIL.Image']).__name__)\n"
)


def test_a_kept_svg_figure_is_placed_without_pillow_and_the_same_with_the_patch_off(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">'
        '<rect width="300" height="200" fill="#336699"/></svg>',
        encoding="utf-8",
    )
    (tmp_path / "source" / "b.txt").write_text(
        "Weekly\n\nWhat changed?\nAnswer: A.\n\n![A map](map.svg)\n", encoding="utf-8"
    )

    def deck(off: str) -> tuple[str, bytes]:
        env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
        out = subprocess.run(
            [sys.executable, "-c", _SVG_DECK],
            cwd=tmp_path,
            env=env,
            check=False,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.split()[-1], (tmp_path / "output" / "b.pptx").read_bytes()

    deck("")  # draws the figure, and keeps the drawing
    kept, off = deck(""), deck("png-header")
    assert (kept[0], off[0]) == ("Deferred", "module")
    assert kept[1] == off[1]


_CHART_DECK = (
    "import io, sys\n"
    "from pathlib import Path\n"
    "from briefpub import parse, render_slides\n"
    "from pptx import Presentation\n"
    "stack = lambda: type(sys.modules['pptx.oxml.chart.axis']).__name__\n"
    "before = stack()\n"
    "master = Path(sys.argv[2]) if len(sys.argv) > 2 else None\n"
    "deck = render_slides(parse(Path(sys.argv[1])), master=master)\n"
    "Path('deck.pptx').write_bytes(deck)\n"
    "charts = [\n"
    "    (int(shape.chart.chart_type), type(shape.chart._chartSpace).__name__)\n"
    "    for slide in Presentation(io.BytesIO(deck)).slide_layouts\n"
    "    for shape in slide.shapes\n"
    "    if shape.has_chart\n"
    "]\n"
    "print(before, stack(), charts)\n"
)


def _chart_deck(folder: Path, source: Path, master: Path | None, off: str) -> tuple[str, bytes]:
    env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
    command = [sys.executable, "-c", _CHART_DECK, str(source), *([str(master)] if master else [])]
    out = subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1], (folder / "deck.pptx").read_bytes()


def test_python_pptx_registers_each_chart_placeholder_for_a_chart_tag_and_none_is_left_in_the_lookup() -> (
    None
):
    """What the chart stack's stand-ins rely on: python-pptx's ``c:`` registrations, made at its import."""
    code = (
        "from briefpub.deck import pptxengine\n"
        "import pptx.oxml\n"
        "charts = pptxengine.CHARTS\n"
        "registry = pptx.oxml.element_class_lookup.get_namespace(charts.NAMESPACE)\n"
        "left = [tag for tag, cls in registry.items() if cls in charts.placeholders]\n"
        "print(charts.loaded, len(charts.tags), len(charts.placeholders), left)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    loaded, tags, placeholders, left = out.stdout.split(maxsplit=3)
    assert (loaded, left.strip()) == ("False", "[]"), (
        "the chart stack was loaded at import: python-pptx changed"
    )
    assert int(tags) >= int(placeholders) - 1 > 50  # every element class registered (the part class is not)


def test_a_chart_deck_loads_the_chart_stack_and_is_the_same_with_the_switch_off(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "oil.csv").write_text("Year,Output\n2021,1.8\n2022,1.9\n", encoding="utf-8")
    source = tmp_path / "b.txt"
    source.write_text(
        "Weekly\n\nWhat changed?\nAnswer: A.\n\n![Oil output](data/oil.csv)\n", encoding="utf-8"
    )
    plain = tmp_path / "plain.txt"
    plain.write_text("Weekly\n\nWhat changed?\nAnswer: A.\n", encoding="utf-8")
    (said, deck), (said_off, deck_off), (_, deck_real_enums) = (
        _chart_deck(tmp_path, source, None, off) for off in ("", "deferred-charts", "pptx-deferred-imports")
    )
    assert said.split()[:2] == ["_ChartModule", "module"]
    assert said_off.split()[:2] == ["module", "module"]
    assert deck == deck_off == deck_real_enums
    assert _chart_deck(tmp_path, plain, None, "")[0].split()[:2] == ["_ChartModule", "_ChartModule"]


def _master_with_a_chart(path: Path) -> None:
    """Write the packaged master with a column chart on its first layout (a chart part it relates to)."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.opc.constants import RELATIONSHIP_TYPE
    from pptx.util import Inches

    from briefpub.packaged import PACKAGE_DECK

    deck = Presentation(str(PACKAGE_DECK))
    layout = deck.slide_layouts[0]
    slide = deck.slides.add_slide(layout)
    data = CategoryChartData()  # type: ignore[no-untyped-call]
    data.categories = ["2021", "2022"]
    data.add_series("Output", (1.8, 1.9))  # type: ignore[no-untyped-call]
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(8), Inches(5), Inches(2), Inches(1.5), data
    )
    chart_part = frame.chart.part
    rid = layout.part.relate_to(chart_part, RELATIONSHIP_TYPE.CHART)
    element = frame.element
    element.xpath(".//c:chart")[0].set(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", rid
    )
    layout.shapes.element.append(element)  # moved from the slide, which cleaning removes
    deck.save(str(path))


def test_a_master_with_a_chart_on_a_layout_keeps_it_readable_and_is_the_same_with_the_switch_off(
    tmp_path: Path,
) -> None:
    master = tmp_path / "charted.pptx"
    _master_with_a_chart(master)
    source = tmp_path / "b.txt"
    source.write_text("Weekly\n\nWhat changed?\nAnswer: A.\n", encoding="utf-8")
    (said, deck), (said_off, deck_off) = (
        _chart_deck(tmp_path, source, master, off) for off in ("", "deferred-charts")
    )
    assert said.split(maxsplit=2) == [
        "_ChartModule",
        "module",
        "[(51, 'CT_ChartSpace')]",
    ]  # read with the master
    assert said_off.split(maxsplit=2)[2] == "[(51, 'CT_ChartSpace')]"
    assert deck == deck_off


_NOTES_DECK = (
    "import sys\n"
    "from pathlib import Path\n"
    "from briefpub import parse, render_slides\n"
    "from pptx.slide import NotesSlide\n"
    "made = []\n"
    "clone = NotesSlide.clone_master_placeholders\n"
    "NotesSlide.clone_master_placeholders = lambda self, master: made.append(1) or clone(self, master)\n"
    "Path('deck.pptx').write_bytes(render_slides(parse(Path(sys.argv[1]))))\n"
    "print(len(made))\n"
)


def test_notes_slides_copied_from_the_first_are_python_pptxs_and_the_switch_makes_each(
    tmp_path: Path,
) -> None:
    source = tmp_path / "b.txt"
    source.write_text(
        "Weekly\n\n- One point.\n\n"
        + "".join(
            f"Question {n}?\n\nAnswer: Short answer {n}.\n\nA longer note, with **bold** and a [link](https://example.org/{n}).\n\n"
            for n in range(1, 5)
        ),
        encoding="utf-8",
    )

    (copied, deck_copied), (made, deck_made) = (
        _counted_deck(_NOTES_DECK, source, off) for off in ("", "notes-copies")
    )
    assert (copied, made) == (1, 4)  # one per question
    assert deck_copied == deck_made


_QN_DECK = (
    "import sys\n"
    "from pathlib import Path\n"
    "from briefpub import parse, render_slides\n"
    "from briefpub.deck import pptxengine\n"
    "from pptx.oxml import ns, xmlchemy\n"
    "from pptx.oxml.shapes import shared\n"
    "sys.stdout.buffer.write(render_slides(parse(Path(sys.argv[1]))))\n"
    "remembered = [module.qn is pptxengine._known_qn for module in (ns, shared, xmlchemy)]\n"
    "sys.stderr.write(f'{remembered} {pptxengine.CHARTS.loaded}')\n"
)


def test_remembered_tags_give_the_same_deck_and_the_switch_turns_them_off(tmp_path: Path) -> None:
    source = tmp_path / "b.txt"
    source.write_text(
        "Weekly\n\n- One.\n\nWhat changed?\nAnswer: A [link](https://example.org) and **more**.\n\n"
        "A note.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n",
        encoding="utf-8",
    )

    def deck(off: str) -> tuple[bytes, str]:
        env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
        result = subprocess.run(
            [sys.executable, "-c", _QN_DECK, str(source)],
            env=env,
            capture_output=True,
            check=True,
            timeout=300,
        )
        return result.stdout, result.stderr.decode().strip().splitlines()[-1]

    (remembered, said), (plain, said_off) = deck(""), deck("pptx-qn")
    assert said == "[True, True, True] False"  # and the chart stack's stand-ins left alone
    assert said_off == "[False, False, False] False"
    assert remembered == plain


_LANGUAGE = (
    "import sys\n"
    "import briefpub.deck\n"
    "from pptx import Presentation\n"
    "from pptx.oxml.text import CT_TextCharacterProperties\n"
    "before = type(sys.modules['pptx.enum.lang']).__name__\n"
    "deck = Presentation()\n"
    "run = deck.slides.add_slide(deck.slide_layouts[1]).shapes.title.text_frame.paragraphs[0].add_run()\n"
    "unset = run.font.language_id\n"
    "from pptx.enum.lang import MSO_LANGUAGE_ID\n"
    "run.font.language_id = MSO_LANGUAGE_ID.FRENCH\n"
    "print(before, unset.name, run.font.language_id.name, run.font._rPr.get('lang'),\n"
    "      run.font.language_id is sys.modules['pptx.enum.lang'].MSO_LANGUAGE_ID.FRENCH,\n"
    "      type(sys.modules['pptx.enum.lang']).__name__, repr(CT_TextCharacterProperties.lang.__doc__))\n"
)


def _said(code: str, off: str, fields: int) -> list[str]:
    """Run ``code`` in a fresh Python with patches ``off`` off; return its words, split ``fields`` times."""
    env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=300
    )
    return out.stdout.split(maxsplit=fields)


def test_a_language_enumeration_stood_in_for_reads_and_sets_a_runs_language_as_python_pptx_does() -> None:
    stood_in, real = (_said(_LANGUAGE, off, 6) for off in ("", "pptx-deferred-imports"))
    assert (stood_in[0], real[0]) == ("_EnumerationModule", "module")
    assert stood_in[1:] == real[1:]  # the same answers, the real module now, the same docstring
    assert stood_in[1:6] == ["NONE", "FRENCH", "fr-FR", "True", "module"]


_SLIDES_DECK = (
    "import sys\n"
    "from pathlib import Path\n"
    "from briefpub import parse, render_slides\n"
    "from pptx.shapes.shapetree import SlideShapes\n"
    "made = []\n"
    "clone = SlideShapes.clone_layout_placeholders\n"
    "SlideShapes.clone_layout_placeholders = lambda self, layout: made.append(1) or clone(self, layout)\n"
    "Path('deck.pptx').write_bytes(render_slides(parse(Path(sys.argv[1]))))\n"
    "print(len(made))\n"
)


def test_slides_copied_from_the_first_on_their_layout_are_python_pptxs_and_the_switch_makes_each(
    tmp_path: Path,
) -> None:
    source = tmp_path / "b.txt"
    questions = "".join(f"Question {n}?\n\nAnswer: Short answer {n}.\n\nA note {n}.\n\n" for n in range(1, 5))
    source.write_text(f"Weekly\n\n- One point.\n- Another.\n\n{questions}", encoding="utf-8")

    (copied, deck_copied), (made, deck_made) = (
        _counted_deck(_SLIDES_DECK, source, off) for off in ("", "slide-copies")
    )
    assert (copied, made) == (3, 6)  # title, key points, questions: one made on each layout
    assert deck_copied == deck_made


def test_each_enumeration_module_stood_in_for_lists_every_enumeration_it_defines() -> None:
    """A name python-pptx adds to one of these modules would import it at once: the list is kept whole."""
    code = (  # python-pptx alone, without briefpub's stand-ins
        "import enum, importlib, json, sys\n"
        "def defined(m):\n"
        "    return sorted(n for n, v in vars(importlib.import_module(m)).items()\n"
        "                  if isinstance(v, type) and issubclass(v, enum.Enum) and v.__module__ == m)\n"
        "print(json.dumps({m: defined(m) for m in sys.argv[1:]}))\n"
    )
    modules = sorted(pptxengine.ENUMERATIONS)
    out = subprocess.run([sys.executable, "-c", code, *modules], capture_output=True, text=True, check=True)
    assert {name: sorted(pptxengine.ENUMERATIONS[name]) for name in modules} == json.loads(out.stdout)


_AT_ONCE = (
    "import sys, threading\n"
    "import briefpub.deck\n"
    "from pptx.enum.dml import MSO_THEME_COLOR\n"
    "from briefpub.deck import pptxengine\n"
    "start, found = threading.Barrier(8), []\n"
    "def use():\n"
    "    start.wait()\n"
    "    found.append(MSO_THEME_COLOR.ACCENT_1)\n"
    "    pptxengine.CHARTS.load()\n"
    "    found.append(sys.modules['pptx.oxml.chart.axis'].CT_CatAx)\n"
    "threads = [threading.Thread(target=use) for _ in range(8)]\n"
    "[thread.start() for thread in threads]\n"
    "[thread.join() for thread in threads]\n"
    "import pptx.oxml\n"
    "registry = pptx.oxml.element_class_lookup.get_namespace(pptxengine.CHARTS.NAMESPACE)\n"
    "print(len(found), len({id(item) for item in found}), dict(registry.items())[b'catAx'].__module__)\n"
)


def test_stand_ins_asked_by_several_threads_at_once_load_once_and_answer_each() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _AT_ONCE], capture_output=True, text=True, check=True, timeout=300
    )
    assert out.stdout.split() == ["16", "2", "pptx.oxml.chart.axis"]  # one member, one class, registered


_FROM_IMPORT = re.compile(r"^\s*from (pptx[\w.]+) import (?:\(([^)]*)\)|([\w, ]+)$)", flags=re.M)


def test_each_class_module_stood_in_for_lists_every_name_python_pptx_takes_from_it() -> None:
    """Any other name python-pptx took from these modules would import one at once: the lists are whole."""
    import pptx

    taken: dict[str, set[str]] = {name: set() for name in pptxengine.CLASSES}
    for path in Path(pptx.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for module, grouped, single in _FROM_IMPORT.findall(text):
            if module in taken:
                taken[module] |= {name.strip() for name in (grouped or single).split(",") if name.strip()}
    assert taken == {name: set(names) for name, names in pptxengine.CLASSES.items()}


_FREEFORM = (
    "import sys\n"
    "import briefpub.deck\n"
    "from lxml import etree\n"
    "from pptx import Presentation\n"
    "deck = Presentation()\n"
    "before = type(sys.modules['pptx.shapes.freeform']).__name__\n"
    "builder = deck.slides.add_slide(deck.slide_layouts[6]).shapes.build_freeform(12700, 25400, scale=2.0)\n"
    "builder.add_line_segments([(100, 0), (100, 50), (0, 50)])\n"
    "shape = builder.convert_to_shape(1000, 2000)\n"
    "after = type(sys.modules['pptx.shapes.freeform']).__name__\n"
    "print(before, after, etree.tostring(shape.element).decode())\n"
)


def test_a_freeform_built_through_the_stand_in_is_python_pptxs() -> None:
    stood_in, real = (_said(_FREEFORM, off, 2) for off in ("", "pptx-deferred-imports"))
    assert (stood_in[:2], real[:2]) == (["_EnumerationModule", "module"], ["module", "module"])
    assert stood_in[2] == real[2]
    assert "a:custGeom" in stood_in[2]


def test_zipfile_and_shutil_read_no_name_of_bz2_or_lzma_as_they_are_imported() -> None:
    """What the ``bz2`` and ``lzma`` stand-ins rely on: a name read at import would import the real one."""
    import ast
    import shutil
    import zipfile

    for module in (zipfile, shutil):
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        outside_functions = [
            node
            for statement in tree.body
            for node in ast.walk(statement)
            if not isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
            and isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("bz2", "lzma")
        ]
        methods = {
            id(inner)
            for statement in tree.body
            if isinstance(statement, ast.ClassDef)
            for function in statement.body
            if isinstance(function, ast.FunctionDef)
            for inner in ast.walk(function)
        }
        assert [node for node in outside_functions if id(node) not in methods] == [], module.__name__


_COMPRESSED = (
    "import io, sys\n"
    "import briefpub.deck\n"
    "import zipfile\n"
    "before = [type(sys.modules[name]).__name__ for name in ('bz2', 'lzma')]\n"
    "for kind in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):\n"
    "    out = io.BytesIO()\n"
    "    with zipfile.ZipFile(out, 'w', kind) as package:\n"
    "        package.writestr('a.xml', b'<a/>' * 100)\n"
    "    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:\n"
    "        assert package.read('a.xml') == b'<a/>' * 100\n"
    "print(*before, *(type(sys.modules[name]).__name__ for name in ('bz2', 'lzma')))\n"
)


def test_zip_members_compressed_with_bzip2_or_lzma_are_read_and_written_through_the_stand_ins() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _COMPRESSED], capture_output=True, text=True, check=True, timeout=300
    )
    assert out.stdout.split() == ["Deferred", "Deferred", "module", "module"]


def _counted_deck(script: str, source: Path, off: str) -> tuple[int, bytes]:
    """Run ``script`` on ``source`` (it writes ``deck.pptx`` beside it and prints a count last) with the
    patches ``off``; return the count and the deck."""
    env = {**os.environ, "BRIEFPUB_ENGINE_PATCHES_OFF": off}
    out = subprocess.run(
        [sys.executable, "-c", script, str(source)],
        cwd=source.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    return int(out.stdout.split()[-1]), (source.parent / "deck.pptx").read_bytes()
