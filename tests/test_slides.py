"""The deck, built for real with python-pptx, saved, reopened, and rendered by LibreOffice."""

from __future__ import annotations

import datetime
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from briefpub import Briefing, TemplateError, parse
from briefpub.config import SlidesConfig
from briefpub.deck.slides import plan_slides, render_slides
from briefpub.i18n import starts_rtl
from briefpub.packaged import PACKAGE_DECK
from conftest import FIXTURES, Run
from deckcheck import HAVE_LIBREOFFICE, render, words_outside
from pptxcheck import problems

needs_libreoffice = pytest.mark.skipif(
    not HAVE_LIBREOFFICE and not os.environ.get("CI"), reason="LibreOffice is not installed"
)


def build(briefing: Briefing, **kwargs: Any) -> tuple[Any, list[str]]:
    warnings: list[str] = []
    data = render_slides(briefing, warn=lambda d: warnings.append(str(d)), **kwargs)
    assert problems(data) == []
    return Presentation(io.BytesIO(data)), warnings


def titles(deck: Any) -> list[str]:
    """Return the slide titles as written, a headline's kept-together words read as plain spaces."""
    return [plain(slide.shapes.title.text_frame.text) for slide in deck.slides]


def plain(text: str) -> str:
    """Return ``text`` with the no-break spaces and word joiners that keep a headline together undone."""
    return text.replace("\xa0", " ").replace("\u2060", "")


def body_text(slide: Any) -> str:
    return str(next(s.text_frame.text for s in slide.placeholders if s.placeholder_format.idx != 0))


def notes(slide: Any) -> list[str]:
    if not slide.has_notes_slide:
        return []
    return [p.text for p in slide.notes_slide.notes_text_frame.paragraphs]


@pytest.fixture(scope="module")
def ferry() -> Briefing:
    return parse(FIXTURES / "ferry-strike.txt")


def test_one_slide_per_question_in_order(ferry: Briefing) -> None:
    deck, warnings = build(ferry)
    assert warnings == []
    assert titles(deck) == [ferry.title, "Key points", *(s.question for s in ferry.sections)]
    for slide, section in zip(list(deck.slides)[2:], ferry.sections, strict=True):
        assert body_text(slide) == section.answer
        assert notes(slide) == list(section.body)
    key_points = list(deck.slides)[1]
    assert [p.text for p in key_points.placeholders[1].text_frame.paragraphs] == list(ferry.key_points)


def test_sixteen_by_nine_by_default(ferry: Briefing) -> None:
    deck, _ = build(ferry)
    assert round(deck.slide_width / deck.slide_height, 2) == 1.78


def test_introduction_goes_to_key_points_notes() -> None:
    deck, _ = build(parse("T\n\n• kp\n\nIntro one.\n\nIntro two.\n\nQ?\n\nAnswer: A.\n\nB.\n"))
    assert notes(list(deck.slides)[1]) == ["Intro one.", "Intro two."]


def test_no_key_points_no_key_point_slide() -> None:
    deck, _ = build(parse("T\n\nIntro.\n\nQ?\n\nAnswer: A.\n\nB.\n"))
    assert titles(deck) == ["T", "Q?"]
    assert notes(next(iter(deck.slides))) == ["Intro."]


def test_agenda_slide() -> None:
    deck, _ = build(parse("T\n\nQ1?\n\nAnswer: A.\n\nQ2?\n\nAnswer: B.\n"), options=SlidesConfig(agenda=True))
    assert titles(deck) == ["T", "Questions", "Q1?", "Q2?"]
    assert body_text(list(deck.slides)[1]) == "Q1?\nQ2?"


def test_core_properties_and_language() -> None:
    b = parse(
        "---\nauthor: [Ann, Bob]\ndate: 2026-05-06\nlang: fr\ntags: [a, b]\nsummary: Le résumé.\n---\n"
        "Titre\n\nQuestion ?\n\nAnswer: Réponse.\n\nTexte.\n"
    )
    deck, _ = build(b)
    props = deck.core_properties
    assert (props.title, props.author, props.subject, props.keywords, props.language) == (
        "Titre",
        "Ann; Bob",
        "Le résumé.",
        "a, b",
        "fr",
    )
    assert props.created == props.modified == datetime.datetime(2026, 5, 6)
    run = list(deck.slides)[-1].shapes.title.text_frame.paragraphs[0].runs[0]
    assert run._r.rPr.get("lang") == "fr"


def test_reproducible(ferry: Briefing) -> None:
    first = render_slides(ferry)
    assert render_slides(ferry) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_hostile_text_is_kept_literally() -> None:
    hostile = "<script>&amp; {{ 7*7 }} {% x %} “q” 🙂 مرحبا 中文"
    deck, _ = build(parse(f"T\n\nQ {hostile}?\n\nAnswer: {hostile}\n\n{hostile}\n"))
    last = list(deck.slides)[-1]
    assert last.shapes.title.text_frame.text == f"Q {hostile}?"
    assert body_text(last) == hostile
    assert notes(last) == [hostile]


def fits(deck: Any, folder: Path) -> None:
    """Assert LibreOffice, laying the deck out itself, puts every word inside its text box.

    Judged by a real renderer, not by briefpub's own measuring, so a wrong
    measurement cannot pass its own test.
    """
    path = folder / "fitted.pptx"
    deck.save(str(path))
    assert words_outside(path, tolerance=0.5) == []


@needs_libreoffice
def test_long_texts_fit_their_boxes(tmp_path: Path) -> None:
    question = "Why " + "does this long question keep going " * 8 + "?"
    answer = "A deliberately long answer. " * 36  # about a thousand characters
    deck, warnings = build(parse(f"T\n\n{question}\n\nAnswer: {answer}\n\nBody.\n"))
    assert warnings == []
    slide = list(deck.slides)[-1]
    assert plain(slide.shapes.title.text_frame.text) == question
    texts = [shape for shape in slide.placeholders if shape.placeholder_format.idx in (0, 1)]
    sizes = [shape.text_frame.paragraphs[0].runs[0].font.size.pt for shape in texts]
    assert min(sizes) >= 14
    fits(deck, tmp_path)


@needs_libreoffice
def test_many_key_points_continue_on_another_slide(tmp_path: Path) -> None:
    points = "\n".join(
        f"• Point {i}: a sentence long enough to need most of a line on a slide." for i in range(24)
    )
    deck, warnings = build(parse(f"T\n\n{points}\n\nQ?\n\nAnswer: A.\n"))
    assert warnings == []
    key_slides = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Key points")]
    assert len(key_slides) >= 2
    assert [s.shapes.title.text_frame.text for s in key_slides][
        -1
    ] == f"Key points ({len(key_slides)}/{len(key_slides)})"
    shown = [p.text for s in key_slides for p in s.placeholders[1].text_frame.paragraphs]
    assert shown == [
        f"Point {i}: a sentence long enough to need most of a line on a slide." for i in range(24)
    ]
    for slide in key_slides:
        assert slide.placeholders[1].text_frame.paragraphs[0].runs[0].font.size.pt >= 14
    fits(deck, tmp_path)


@needs_libreoffice
def test_answer_too_long_for_minimum_warns_continues_and_still_fits(tmp_path: Path) -> None:
    answer = "An answer that nobody should put on one slide. " * 80
    deck, warnings = build(parse(f"T\n\nThe question?\n\nAnswer: {answer}\n"))
    assert len(warnings) == 1
    assert "the answer to 'The question?'" in warnings[0]
    assert "is too long for one slide at the minimum size, so it continues on 1 more" in warnings[0]
    assert titles(deck)[1:] == [
        "The question?",
        "The question? (cont.)",
    ]
    fits(deck, tmp_path)


def corporate_template(tmp_path: Path, suffix: str = ".pptx", typed: bool = True) -> Path:
    """Return a template with renamed layouts, two slides and a section list, like a corporate master.

    ``typed=False`` drops the layouts' PowerPoint types too, as a master's custom layouts have none.
    """
    deck = Presentation(str(PACKAGE_DECK))
    names = {"Title Slide": "Cover", "Title and Content": "Content Page"}
    for layout in deck.slide_layouts:
        if layout.name in names:
            layout._element.cSld.set("name", names[layout.name])
        if not typed:
            layout._element.attrib.pop("type", None)
    for layout in list(deck.slide_layouts)[:2]:
        deck.slides.add_slide(layout).shapes.title.text = "Template sample slide"
    path = tmp_path / f"corp{suffix}"
    deck.save(str(path))
    if suffix == ".potx":
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w") as dst:
            for info in src.infolist():
                blob = src.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    blob = blob.replace(b"presentation.main+xml", b"template.main+xml")
                dst.writestr(info, blob)
    return path


MAPPING = SlidesConfig(layouts={"title": "Cover", "key_points": "Content Page", "question": "Content Page"})


@pytest.mark.parametrize("suffix", [".pptx", ".potx"])
def test_corporate_template_with_mapping_and_existing_slides(
    tmp_path: Path, ferry: Briefing, suffix: str
) -> None:
    deck, _ = build(ferry, template=corporate_template(tmp_path, suffix), options=MAPPING)
    assert titles(deck) == [ferry.title, "Key points", *(s.question for s in ferry.sections)]
    assert "Template sample slide" not in titles(deck)


def test_layouts_named_otherwise_are_found_by_their_type(tmp_path: Path, ferry: Briefing) -> None:
    """A master naming its layouts in its own words ('Cover', 'Titelfolie') was refused until mapped."""
    plan = plan_slides(ferry, template=corporate_template(tmp_path))
    layouts = {slide.role: slide.layout for slide in plan.slides}
    assert layouts["title"] == "Cover"
    assert layouts["key_points"] == "Content Page"
    assert layouts["question"] == "Question"  # its default name still comes first


def test_missing_layout_lists_available_names(tmp_path: Path, ferry: Briefing) -> None:
    with pytest.raises(TemplateError) as info:
        build(ferry, template=corporate_template(tmp_path, typed=False))
    message = info.value.diagnostics[0].message
    assert "no layout named 'Title Slide' for title slides" in message
    assert "'Cover'" in message
    assert "'Content Page'" in message


def test_missing_layout_offers_only_the_layouts_that_fit(tmp_path: Path, ferry: Briefing) -> None:
    """Not every layout: 'Blank' or 'Title Only' cannot hold key points, so they are not offered."""
    with pytest.raises(TemplateError) as info:
        build(ferry, template=corporate_template(tmp_path, typed=False))
    (message,) = [d.message for d in info.value.diagnostics if "for key points slides" in d.message]
    assert "; layouts that fit: 'Cover', 'Content Page', " in message
    assert "'Blank'" not in message
    assert "'Title Only'" not in message


def test_not_a_template(tmp_path: Path, ferry: Briefing) -> None:
    bad = tmp_path / "bad.pptx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(TemplateError, match="not a PowerPoint file"):
        build(ferry, template=bad)


def test_cli_slides_and_inspect(run: Run, project: Path, tmp_path: Path) -> None:
    result = run("slides", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (
        Presentation(str(project / "output" / "ferry.pptx")).slides[0].shapes.title.text.startswith("Baltic")
    )
    listing = run("template", "inspect", str(corporate_template(tmp_path)))
    assert listing.returncode == 0
    assert "layout 'Cover'" in listing.stdout
    assert "ctrTitle" in listing.stdout


def test_cli_template_mapping_from_config(run: Run, project: Path, tmp_path: Path) -> None:
    template = corporate_template(tmp_path)
    (project / "briefpub.toml").write_text(
        f'[slides]\ntemplate = "{template}"\n'
        '[slides.layouts]\ntitle = "Cover"\nkey_points = "Content Page"\nquestion = "Content Page"\n',
        encoding="utf-8",
    )
    result = run("slides", cwd=project)
    assert result.returncode == 0, result.stderr


@needs_libreoffice
def test_libreoffice_renders_every_slide_with_text_inside_boxes(tmp_path: Path) -> None:
    text = (FIXTURES / "ferry-strike.txt").read_text(encoding="utf-8")
    long_question = "Why " + "would a question run on for this long " * 6 + "?"
    text += f"\n{long_question}\n\nAnswer: {'A long answer that goes on. ' * 30}\n\nBody.\n"
    text += "\n中文的问题是什么？\n\nAnswer: " + "这是一个很长的中文答案，用于测试换行。" * 16 + "\n\nBody.\n"
    text += (
        "\n日本語の質問は？\n\nAnswer: "
        + "これは長い答えです。「引用」も含みます、テストのために。" * 10
        + "\n\nBody.\n"
    )
    text += (
        "\nما هو السؤال؟\n\nAnswer: " + "هذا جواب طويل باللغة العربية لاختبار الاتجاه. " * 14 + "\n\nBody.\n"
    )
    briefing = parse(text)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(render_slides(briefing))
    pages = render(deck)
    assert len(pages) == 2 + len(briefing.sections)
    for page, section in zip(pages[2:], briefing.sections, strict=True):
        if starts_rtl(section.question):  # pdftotext gives right-to-left text in visual order
            continue
        flat = page.text.replace(" ", "")
        assert section.question.replace(" ", "") in flat
        assert section.answer.replace(" ", "") in flat
    assert words_outside(deck, tolerance=0.5) == []


def test_answer_no_size_can_hold_is_refused_with_its_line() -> None:
    from briefpub import RenderError

    with pytest.raises(RenderError) as info:
        render_slides(parse("T\n\nQ?\n\nAnswer: " + "word " * 20000 + "\n"))
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.line == 3
    assert "too long for one slide" in diagnostic.message


def test_long_agenda_continues_on_another_slide() -> None:
    text = "T\n\n" + "".join(f"Question number {i} about something?\n\nAnswer: A{i}.\n\n" for i in range(40))
    deck, warnings = build(parse(text), options=SlidesConfig(agenda=True))
    assert warnings == []
    agenda = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Questions")]
    assert len(agenda) >= 2
    listed = [p.text for s in agenda for p in s.placeholders[1].text_frame.paragraphs]
    assert listed == [f"Question number {i} about something?" for i in range(40)]
    assert len(deck.slides) == 1 + len(agenda) + 40


def template_with_font(tmp_path: Path, family: str) -> Path:
    """Return the packaged deck with its theme fonts set to ``family``."""
    path = tmp_path / f"{family.replace(' ', '-')}.pptx"
    with zipfile.ZipFile(PACKAGE_DECK) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.startswith("ppt/theme/"):
                blob = blob.replace(b'<a:latin typeface="Calibri"', f'<a:latin typeface="{family}"'.encode())
            dst.writestr(info, blob)
    return path


def answer_size(deck: Any) -> float:
    body = next(s for s in list(deck.slides)[-1].placeholders if s.placeholder_format.idx != 0)
    return float(body.text_frame.paragraphs[0].runs[0].font.size.pt)


@needs_libreoffice
def test_template_font_is_measured_with_its_own_metrics(tmp_path: Path) -> None:
    """DejaVu Sans is much wider than Calibri: the same answer must be set smaller, and still fit."""
    briefing = parse("T\n\nWhy?\n\nAnswer: " + "A long answer in a wide typeface. " * 24 + "\n")
    narrow, warnings = build(briefing)
    wide, wide_warnings = build(briefing, template=template_with_font(tmp_path, "DejaVu Sans"))
    assert warnings == wide_warnings == []
    assert answer_size(wide) < answer_size(narrow)
    fits(wide, tmp_path)


def test_unknown_template_font_is_named_once(tmp_path: Path, ferry: Briefing) -> None:
    _, warnings = build(ferry, template=template_with_font(tmp_path, "No Such Sans"))
    assert len(warnings) == 1
    assert "font 'No Such Sans' is not installed" in warnings[0]


def test_answer_goes_to_the_largest_text_box(tmp_path: Path, ferry: Briefing) -> None:
    import copy

    from pptx.oxml.ns import qn
    from pptx.util import Inches

    deck = Presentation(str(PACKAGE_DECK))
    layout = next(layout for layout in deck.slide_layouts if layout.name == "Question")
    placeholders: Any = layout.placeholders
    main = next(ph for ph in placeholders if ph.placeholder_format.idx == 1)
    kicker = copy.deepcopy(main._element)  # a small box that comes first by index
    main._element.find(".//" + qn("p:ph")).set("idx", "13")
    main._element.addprevious(kicker)
    small = next(ph for ph in placeholders if ph.placeholder_format.idx == 1)
    small.left, small.top, small.width, small.height = Inches(9), Inches(6.4), Inches(3), Inches(0.4)
    path = tmp_path / "kicker.pptx"
    deck.save(str(path))
    built, warnings = build(ferry, template=path)
    assert warnings == []
    slide = list(built.slides)[2]
    answer = next(s for s in slide.placeholders if s.text_frame.text == ferry.sections[0].answer)
    assert answer.placeholder_format.idx == 13


def _questions(count: int) -> Briefing:
    sections = "\n\n".join(
        f"Question number {n}?\n\nAnswer: Answer {n}.\n\nA paragraph of analysis for question {n}."
        for n in range(count)
    )
    return parse(f"A long briefing\n\n- One key point\n\n{sections}\n")


def test_work_per_slide_does_not_grow_with_the_deck(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-pptx's walks over every part, relationship and slide id happen once a deck, not once a slide.

    Counted, not timed: each of those walks is wrapped to count what it
    visits, and a deck ten times longer must visit about ten times as much.
    """
    from pptx.opc.package import OpcPackage, _Relationships
    from pptx.oxml.presentation import CT_SlideIdList

    visited = [0]
    iter_parts, get_matching, next_id = (
        OpcPackage.iter_parts,
        _Relationships._get_matching,
        CT_SlideIdList._next_id,
    )

    def counted_parts(self: Any) -> Any:
        for part in iter_parts(self):
            visited[0] += 1
            yield part

    def counted_matching(self: Any, *args: Any, **kwargs: Any) -> Any:
        visited[0] += len(self)
        return get_matching(self, *args, **kwargs)

    def counted_next_id(self: Any) -> Any:
        visited[0] += len(self)
        return next_id.fget(self)  # type: ignore[attr-defined]

    monkeypatch.setattr(OpcPackage, "iter_parts", counted_parts)
    monkeypatch.setattr(_Relationships, "_get_matching", counted_matching)
    monkeypatch.setattr(CT_SlideIdList, "_next_id", property(counted_next_id))
    per_slide = []
    for count in (10, 100):
        visited[0] = 0
        render_slides(_questions(count))
        per_slide.append(visited[0] / (count + 2))
    assert per_slide[1] < per_slide[0] * 1.2, per_slide


def test_continued_key_points_are_measured_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """Filling key-point slides measures each point once, not the whole slide again for every point.

    Counted, not timed: a point is wrapped once to see whether it joins the
    slide being filled, then a few times while that slide's size is chosen
    (a binary search), so about eight times; re-measuring the slide for every
    point added took five times that.
    """
    from briefpub.deck import textfit

    wrapped = [0]
    wrap = textfit.wrap

    def counted(*args: Any, **kwargs: Any) -> list[str]:
        wrapped[0] += 1
        return wrap(*args, **kwargs)

    monkeypatch.setattr(textfit, "wrap", counted)
    per_point = []
    for count in (20, 200):
        points = "\n".join(
            f"- Point {i}: a sentence long enough to fill most of a line." for i in range(count)
        )
        wrapped[0] = 0
        plan_slides(parse(f"T\n\n{points}\n\nQ?\n\nAnswer: A.\n"))
        per_point.append(wrapped[0] / count)
    assert max(per_point) <= 10, per_point


def test_links_are_added_without_searching_the_parts_relationships(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: python-pptx regroups every relationship of a part for each link it adds."""
    from pptx.opc.package import _Relationships

    regrouped = [0]
    real = _Relationships._rels_by_reltype

    def counted(self: object) -> object:
        regrouped[0] += 1
        return real.fget(self)  # type: ignore[attr-defined]

    monkeypatch.setattr(_Relationships, "_rels_by_reltype", property(counted))
    links = " ".join(f"[l{n}](https://example.com/{n % 250})" for n in range(500))
    deck = Presentation(io.BytesIO(render_slides(parse(f"T\n\nQ?\n\nAnswer: A.\n\n{links}\n"))))
    notes = deck.slides[-1].notes_slide
    assert len([r for r in notes.part.rels.values() if r.is_external]) == 250  # one per address
    assert regrouped[0] < 100


def test_the_library_takes_the_master_by_its_name_and_by_0_2_s(tmp_path: Path) -> None:
    """plan_slides and render_slides call the deck's master ``master``; 0.2's ``template`` still works."""
    master = corporate_template(tmp_path)
    briefing = parse("T\n\nWhy?\n\nAnswer: Because.\n")
    plan = plan_slides(briefing, master=master, options=MAPPING)
    assert plan.template.endswith("corp.pptx")
    assert plan_slides(briefing, template=master, options=MAPPING) == plan
    layouts = {
        slide.slide_layout.name
        for data in (
            render_slides(briefing, master=master, options=MAPPING),
            render_slides(briefing, template=master, options=MAPPING),
        )
        for slide in Presentation(io.BytesIO(data)).slides
    }
    assert "Cover" in layouts
