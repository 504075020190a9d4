"""The command line tells the truth: what it prints is so, for every kind of block, project and mistake."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from browser import needs_browser
from conftest import Run

ROOT = Path(__file__).resolve().parent.parent

OIL = "Year,Kazakhstan,Russia\n2019,1.9,11.3\n2020,1.8,10.5\n2021,1.8,10.8\n"
EVERY_BLOCK = """Every block

• A key point.

What is in it?

Answer: Everything.

A paragraph.

- one
- two

![A picture](picture.png)

| Year | Output |
| --- | --- |
| 2024 | 1.9 |

![Oil output](oil.csv)
"""


def _picture(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 30), "#336699").save(path)


def test_parse_outlines_every_kind_of_block(run: Run, tmp_path: Path) -> None:
    _picture(tmp_path / "picture.png")
    (tmp_path / "oil.csv").write_text(OIL, encoding="utf-8")
    (tmp_path / "every.txt").write_text(EVERY_BLOCK, encoding="utf-8")
    result = run("parse", "every.txt")
    assert (result.returncode, result.stderr) == (0, "")
    assert "1. What is in it?  [line 5, 1 paragraph, 1 list, 1 figure, 1 table, 1 chart]" in result.stdout


# --- one version number ---------------------------------------------------------------------------


def test_one_version_everywhere(run: Run) -> None:
    """``-V``, the installed metadata, the PDF's Creator, the deck's properties and the README agree."""
    import importlib.metadata
    import io
    import re
    import tomllib
    import zipfile

    from pypdf import PdfReader

    import briefpub
    from briefpub import parse, render_pdf, render_slides

    version = briefpub.__version__
    assert version == "0.3.0"
    assert run("-V").stdout == f"briefpub, version {version}\n"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]  # read from briefpub.__version__, never written twice
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "briefpub.__version__"}
    assert importlib.metadata.version("briefpub") == version
    briefing = parse("T\n\nQ?\n\nAnswer: A.\n")
    metadata = PdfReader(io.BytesIO(render_pdf(briefing))).metadata
    assert metadata is not None
    assert str(metadata["/Creator"]) == f"briefpub {version}"
    with zipfile.ZipFile(io.BytesIO(render_slides(briefing))) as deck:
        app = deck.read("docProps/app.xml").decode()
    assert f"<Application>briefpub {version}</Application>" in app
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "briefpub -V | --version" in readme
    assert re.search(rf"\b{re.escape(version)}\b", readme)


def test_the_readmes_library_example_runs_as_written() -> None:
    """A new user pastes it in the repository: it named templates/deck.pptx, which the repository lacks."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("### As a library", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    ran = subprocess.run(
        [
            sys.executable,
            "-c",
            example + "print(type(page).__name__, pdf[:5], deck[:2], type(plan.to_dict()))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (ran.returncode, ran.stderr) == (0, "")
    assert ran.stdout == "str b'%PDF-' b'PK' <class 'dict'>\n"


def test_output_ending_in_a_slash_is_a_folder_for_one_source_too(run: Run, project: Path) -> None:
    """``-o new/`` wrote one source's web edition as a file named ``new``."""
    for edition, written in (("html", ["ferry.html"]), ("email", ["ferry.email.html", "ferry.eml"])):
        result = run(edition, "source/ferry.txt", "-o", f"{edition}-out/", cwd=project)
        assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in (project / f"{edition}-out").iterdir()) == written
    # Without the slash it is the file, as documented; the project's output folder stays the project's.
    assert run("html", "source/ferry.txt", "-o", "page", cwd=project).returncode == 0
    assert (project / "page").is_file()
    (project / "output").mkdir()
    assert run("html", "source/ferry.txt", "-o", "output/", cwd=project).returncode == 0
    assert (project / "output" / ".briefpub-manifest.json").is_file()


def test_an_unknown_encoding_is_one_usage_error_not_one_per_source(run: Run, project: Path) -> None:
    """``--encoding nope`` failed each source in turn, exit 1, as if the briefings were wrong."""
    source = project / "source" / "ferry.txt"
    (project / "source" / "second.txt").write_text(source.read_text("utf-8"), "utf-8")
    for command in ("check", "build", "parse"):
        args = (command, "source/ferry.txt") if command == "parse" else (command,)
        result = run(*args, "--encoding", "nope", cwd=project)
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr.splitlines()[-1] == (
            "Error: Invalid value for '--encoding': unknown encoding 'nope' "
            "(for example utf-8, windows-1252, latin-1)"
        )
    assert not (project / "output").exists()
    assert run("check", "--encoding", "utf-8-replace", cwd=project).returncode == 0


def test_serve_says_a_source_that_is_not_there_at_once(project: Path) -> None:
    """``serve nothere.txt`` said it was serving, and served a page holding the error."""
    try:  # served, it would run until stopped
        result = subprocess.run(
            [sys.executable, "-m", "briefpub", "serve", "nothere.txt", "--port", "0"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("serve started for a source that is not there")
    assert (result.returncode, result.stderr) == (1, "briefpub: error: nothere.txt: no such file\n")


def test_the_readmes_source_layout_names_every_module() -> None:
    """A newcomer reads the code from the README's table: deck/cover.py and deck/strips.py were missing."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| folder | stage |", 1)[1].split("\n\n", 1)[0]
    named = set(re.findall(r"`([a-z0-9_]+\.py)`", table))
    modules = {p.name for p in (ROOT / "src" / "briefpub").rglob("*.py") if not p.name.startswith("__")}
    assert modules - named == set()


def test_the_readme_names_every_value_newsletter_templates_see() -> None:
    """A template author reads the list: label_lang, anchors, notes and more the defaults use were missing."""
    from briefpub import parse
    from briefpub.config import Brand, PdfConfig
    from briefpub.newsletter.brand import house_style
    from briefpub.newsletter.page import newsletter_context

    briefing = parse("T\n\nQ?\n\nAnswer: A.\n")
    context = newsletter_context(briefing, house_style(Brand(), None), PdfConfig(), [], "print")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = readme.split("Templates see `briefing`", 1)[1].split("Pass every briefing text", 1)[0]
    assert {name for name in context if f"`{name}`" not in listed} - {"briefing"} == set()


# --- init writes every option ---------------------------------------------------------------------

_OPTION = re.compile(r"^#?\s*([a-z_]+)\s*=")
_TABLE = re.compile(r"^#?\s*\[([a-z_.]+)\]")


def _keys_shown(text: str) -> set[str]:
    """Return every ``table.key`` a briefpub.toml shows, set or commented out."""
    keys, table = set(), ""
    for line in text.splitlines():
        if heading := _TABLE.match(line):
            table = heading.group(1)
        elif option := _OPTION.match(line):
            keys.add(f"{table}.{option.group(1)}")
    return keys


def _keys_known() -> set[str]:
    from briefpub.config import _SCHEMA, SLIDE_ROLES

    known = {f"{table}.{key}" for table, keys in _SCHEMA.items() for key in keys}
    return (known - {"slides.layouts"}) | {f"slides.layouts.{role}" for role in SLIDE_ROLES}


def test_init_writes_every_option_the_config_knows_and_each_as_shown_is_valid(
    run: Run, tmp_path: Path
) -> None:
    from briefpub.config import load_config

    assert run("init", "new").returncode == 0
    written = (tmp_path / "new" / "briefpub.toml").read_text(encoding="utf-8")
    assert _keys_shown(written) == _keys_known()
    # Every option uncommented as shown is a valid setting.
    uncommented = re.sub(r"(?m)^# ?(?=\[?[a-z_.]+\]?(\s*=|\s*$|\s*#))", "", written)
    assert _keys_shown(uncommented) == _keys_known()
    (tmp_path / "new" / "briefpub.toml").write_text(uncommented, encoding="utf-8")
    config = load_config(tmp_path / "new")
    assert config.pdf.show_urls is False
    assert config.slides.strict is False
    assert config.slides.layouts["figure"] == "Question with Figure"


def test_the_readme_documents_every_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    documented: set[str] = set()
    for row in rows:  # `slides.layouts.title` / `.key_points`: the second is slides.layouts.key_points
        table = ""
        for name in re.findall(r"`([a-z_.]+)`", row.split(" | ")[0]):
            if "." in name.strip("."):
                table = name.rsplit(".", 1)[0]
                documented.add(name)
            else:
                documented.add(f"{table}.{name.strip('.')}")
    assert _keys_known() <= documented


# --- config mistakes: briefpub.toml:LINE, a did-you-mean ---------------------------------------------

MISTAKES = """\
[pdf]
paper = "a4"
papr = "a4"

[slides]
agend = true
[slides.layouts]
titel = "Title Slide"

[bulid]
jobs = 2

[brand]
  primary = "blue"
"""


def test_config_mistakes_name_their_line_and_the_key_meant(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text(MISTAKES, encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "briefpub: error: briefpub.toml:3: pdf.papr: unknown key; did you mean 'paper'?",
        "briefpub: error: briefpub.toml:6: slides.agend: unknown key; did you mean 'agenda'?",
        "briefpub: error: briefpub.toml:7: slides.layouts: unknown role 'titel'; did you mean 'title'? "
        "(roles: title, key_points, agenda, question, figure)",
        "briefpub: error: briefpub.toml:10: bulid: unknown table; did you mean 'build'?",
        "briefpub: error: briefpub.toml:14: brand.primary: must be a colour written #RRGGBB",
    ]
    # From a folder inside the project, the path still leads to the file.
    (project / "source" / "deeper").mkdir()
    inner = run("check", cwd=project / "source" / "deeper")
    assert inner.stderr.splitlines()[0].startswith("briefpub: error: ../../briefpub.toml:3: pdf.papr:")


def test_a_key_nothing_like_a_known_one_lists_the_known_ones(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text("[pdf]\nzzz = 1\n", encoding="utf-8")
    assert run("check", cwd=project).stderr == (
        "briefpub: error: briefpub.toml:2: pdf.zzz: unknown key "
        "(known: paper, variant, toc_min_sections, show_urls)\n"
    )


def test_deeply_nested_toml_is_one_line(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text(
        '[pdf]\npaper = "a4"\nx = ' + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"
    )
    result = run("check", cwd=project)
    assert (result.returncode, result.stderr) == (
        1,
        "briefpub: error: briefpub.toml:3: invalid TOML: nested too deeply\n",
    )


def test_a_huge_config_is_refused_before_it_is_read(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text("# padding\n" * 200_000, encoding="utf-8")
    result = run("check", cwd=project)
    assert (result.returncode, result.stderr) == (
        1,
        "briefpub: error: briefpub.toml: is larger than 1,000,000 bytes; it is not settings\n",
    )


# --- -v build says what it rebuilt and why ------------------------------------------------------------


def test_verbose_build_says_which_editions_it_rebuilt_and_why(run: Run, project: Path) -> None:
    sender = '[email]\nfrom = "Desk <desk@example.com>"\n'
    (project / "briefpub.toml").write_text(sender, encoding="utf-8")

    def said(*args: str) -> list[str]:
        result = run("-v", "build", "-j1", *args, cwd=project)
        assert result.returncode == 0, result.stderr
        return result.stderr.splitlines()[:-1]  # the closing count line aside

    only = ("--only", "html", "--only", "email")
    assert said(*only) == ["briefpub: built source/ferry.txt: html, email (no earlier output)"]
    assert said(*only) == ["briefpub: skipped source/ferry.txt: up to date"]
    source = project / "source" / "ferry.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (project / "output" / "ferry.eml").unlink()
    assert said(*only) == [
        "briefpub: built source/ferry.txt: html (the source changed); email (its output is missing)"
    ]
    (project / "briefpub.toml").write_text(sender + 'reply_to = "desk@example.com"\n', encoding="utf-8")
    assert said(*only) == ["briefpub: built source/ferry.txt: email (its settings changed)"]
    (project / "templates").mkdir()
    (project / "templates" / "custom.css").write_text("h1 { letter-spacing: 0 }\n", encoding="utf-8")
    assert said("--only", "html") == [
        "briefpub: built source/ferry.txt: html (its templates or master changed)"
    ]
    assert said("--only", "html", "--force") == ["briefpub: built source/ferry.txt: html (--force)"]


# --- check is build short of writing ------------------------------------------------------------------

LONG_ANSWER = "Title\n\nWhat?\n\nAnswer: " + "A long answer word. " * 150 + "\n"
BROKEN = {
    "a mapped layout that does not exist": (
        '[slides.layouts]\nquestion = "Nope"\n[build]\neditions = ["slides"]\n',
        {},
        "no layout named 'Nope' for question slides",
    ),
    "a master that cannot be read": (
        '[build]\neditions = ["slides", "html"]\n',
        {"templates/deck.pptx": "not a zip"},
        "templates/deck.pptx",
    ),
    "a template error": (
        '[build]\neditions = ["pdf", "html", "email"]\n',
        {"templates/newsletter.html": "{% if %}\n"},
        "templates/newsletter.html:1:",
    ),
    "a deck [slides] strict refuses": (
        '[slides]\nstrict = true\n[build]\neditions = ["slides"]\n',
        {"source/ferry.txt": LONG_ANSWER},
        "continued 1/2 (--strict)",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_check_reports_what_build_would_fail_on(run: Run, project: Path, case: str) -> None:
    config, files, expected = BROKEN[case]
    (project / "briefpub.toml").write_text(config + '[email]\nfrom = "D <d@example.com>"\n', "utf-8")
    for name, text in files.items():
        (project / name).parent.mkdir(exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    checked = run("check", cwd=project)
    assert checked.returncode == 1
    assert expected in checked.stderr
    built = run("build", "-j1", cwd=project)
    assert built.returncode == 1
    errors = [line for line in built.stderr.splitlines() if line.startswith("briefpub: error:")]
    assert errors
    assert set(errors) <= set(checked.stderr.splitlines())
    assert "ok:" not in checked.stdout


def test_check_passes_a_project_that_builds_and_writes_nothing(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text('[email]\nfrom = "D <d@example.com>"\n', "utf-8")
    checked = run("check", cwd=project)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "ok: 1 briefing\n", "")
    assert sorted(p.name for p in project.iterdir()) == ["briefpub.toml", "source"]


# --- master inspect shows the project's mapping ----------------------------------------------------


def _renamed_master(path: Path) -> Path:
    """Save the packaged deck with its title and content layouts renamed, as a corporate master is."""
    from pptx import Presentation

    from briefpub.packaged import PACKAGE_DECK

    deck = Presentation(str(PACKAGE_DECK))
    names = {"Title Slide": "Cover", "Title and Content": "Content Page"}
    for layout in deck.slide_layouts:
        if layout.name in names:
            layout._element.cSld.set("name", names[layout.name])
    path.parent.mkdir(exist_ok=True)
    deck.save(str(path))
    return path


def test_master_inspect_shows_the_mapping_and_a_near_miss_in_one_short_line(run: Run, project: Path) -> None:
    _renamed_master(project / "templates" / "deck.pptx")
    config = project / "briefpub.toml"
    config.write_text('[slides.layouts]\ntitle = "Cover"\nkey_points = "Content Page"\n', "utf-8")
    shown = run("master", "inspect", "templates/deck.pptx", cwd=project)
    assert shown.returncode == 0, shown.stderr
    roles = shown.stdout[shown.stdout.index("roles") :].splitlines()
    assert roles[:4] == [
        "roles, as [slides.layouts] maps them:",
        "  title       'Cover' (mapped)",
        "  key points  'Content Page' (mapped)",
        "  question    'Question'",
    ]
    assert "no layout" not in shown.stdout
    # A name that differs in case only: one short line with the name meant, in inspect, check and build.
    config.write_text('[slides.layouts]\ntitle = "cover"\nkey_points = "Content Page"\n', "utf-8")
    # A mapped role's mistake is the config's: said at its line in briefpub.toml, with its key.
    line = "slides.layouts.title: no layout named 'cover' for title slides; did you mean 'Cover'?"
    assert f"  {line}" in run("master", "inspect", "templates/deck.pptx", cwd=project).stdout.splitlines()
    assert f"briefpub: error: briefpub.toml:2: {line}" in run("check", cwd=project).stderr.splitlines()


def test_master_inspect_names_a_layout_default_only_for_the_roles_that_take_it(
    run: Run, tmp_path: Path
) -> None:
    """ "Title and Content" was listed as the question's default beside "Question", which questions take."""
    from briefpub.packaged import PACKAGE_DECK

    shown = run("master", "inspect", str(PACKAGE_DECK)).stdout.splitlines()
    defaults = [line.strip() for line in shown if "(default for:" in line]
    assert defaults == [
        "layout 'Title Slide'  (default for: title)",
        "layout 'Title and Content'  (default for: key_points, agenda)",
        "layout 'Question'  (default for: question)",
        "layout 'Question with Figure'  (default for: figure)",
    ]
    # Without a "Question" layout, questions fall back to "Title and Content", and it says so.
    from pptx import Presentation

    deck = Presentation(str(PACKAGE_DECK))
    for layout in deck.slide_layouts:
        if layout.name == "Question":
            layout._element.cSld.set("name", "Statement")
    deck.save(str(tmp_path / "plain.pptx"))
    fallen = run("master", "inspect", "plain.pptx").stdout
    assert "layout 'Title and Content'  (default for: key_points, agenda, question)" in fallen
    assert "layout 'Statement'\n" in fallen


def test_master_and_its_old_spelling_together_are_a_usage_error(run: Run, project: Path) -> None:
    """``--master A --template B`` built on one and ignored the other without a word."""
    from briefpub.packaged import PACKAGE_DECK

    for order in (("--master", "--template"), ("--template", "--master")):
        both = run("slides", order[0], str(PACKAGE_DECK), order[1], "other.pptx", cwd=project)
        assert both.returncode == 2
        assert both.stderr.splitlines()[-1] == "Error: --template is 0.2's spelling of --master; give one"
    assert not (project / "output" / "ferry.pptx").exists()
    alone = run("slides", "--template", str(PACKAGE_DECK), cwd=project)
    assert alone.returncode == 0, alone.stderr


# --- serve's slide previews draw what the deck will show ------------------------------------------

PREVIEWED = """Grain corridors *after* the ceasefire

• Exports recovered to 58%.[^fao]

Will exports hold?

Answer: Exports reached 58%[^fao] of pre-war volumes, with *insurance* costs **halved**.

Body.

[^fao]: FAO, November report.
"""


def _centring_master(path: Path) -> Path:
    """Save the packaged deck with its master's titles centred, as many corporate masters set them."""
    import zipfile

    from briefpub.packaged import PACKAGE_DECK

    with zipfile.ZipFile(PACKAGE_DECK) as original, zipfile.ZipFile(path, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename.startswith(("ppt/slideMasters/slideMaster", "ppt/slideLayouts/slideLayout")):
                data = re.sub(rb'(<p:titleStyle><a:lvl1pPr[^>]*?)algn="l"', rb'\1algn="ctr"', data)
            copy.writestr(item, data)
    return path


@needs_browser
def test_slide_previews_centre_titles_keep_italics_and_raise_footnote_calls(
    tmp_path: Path, browser: Any
) -> None:
    from briefpub import parse
    from briefpub.deck.preview import slides_html
    from briefpub.deck.slides import plan_slides, template_for
    from briefpub.serve.page import STYLE

    master = _centring_master(tmp_path / "centred.pptx")
    briefing = parse(PREVIEWED)
    plan = plan_slides(briefing, template=master)
    assert {text.align for slide in plan.slides for text in slide.texts if text.heading} == {"ctr"}
    html = slides_html(plan, briefing, template_for(master))
    page_file = tmp_path / "preview.html"
    page_file.write_text(f"<!DOCTYPE html><style>{STYLE}</style><div class='deck'>{html}</div>", "utf-8")
    page = browser.new_page(viewport={"width": 800, "height": 1200})
    page.goto(page_file.as_uri())
    # Every title's line sits in the middle of its box, as the master sets it.
    offsets = page.evaluate(
        """() => [...document.querySelectorAll('.box.title p')].map(p => {
             const range = document.createRange(); range.selectNodeContents(p);
             const line = range.getBoundingClientRect(), box = p.getBoundingClientRect();
             return (line.left + line.right) / 2 - (box.left + box.right) / 2; })"""
    )
    assert offsets
    assert all(abs(offset) < 2 for offset in offsets), offsets
    assert page.evaluate("getComputedStyle(document.querySelector('.box.title i')).fontStyle") == "italic"
    assert page.locator(".box.title i").first.inner_text() == "after"
    assert page.locator(".box b").first.inner_text() == "halved"
    # "58⁴", not "584": the footnote call is raised above the line it follows.
    raised = page.evaluate(
        """() => [...document.querySelectorAll('.box sup')].map(sup => {
             const before = sup.previousSibling, range = document.createRange();
             range.selectNodeContents(before);
             const rects = range.getClientRects(), last = rects[rects.length - 1];
             return [before.textContent.slice(-4), sup.textContent,
                     last.bottom - sup.getBoundingClientRect().bottom]; })"""
    )
    assert [(text.rstrip(".")[-3:], call) for text, call, _ in raised] == [("58%", "1")] * 2, raised
    assert all(lift > 1 for _, _, lift in raised), raised


def test_init_names_a_command_that_runs(tmp_path: Path) -> None:
    """After the quick start briefpub is in .venv/bin, not on the PATH: "briefpub build" was not found."""
    script = Path(sys.executable).parent / "briefpub"
    if not script.is_file():
        pytest.skip("briefpub is not installed as a script beside this Python")
    bare = {**os.environ, "PATH": "/usr/bin:/bin"}
    said = subprocess.run(
        [str(script), "init", "new"], cwd=tmp_path, env=bare, capture_output=True, text=True, check=False
    )
    advice = said.stderr.strip().splitlines()[-1]
    assert advice == f"briefpub: next: cd new && {script.resolve()} build"
    follow = advice.removeprefix("briefpub: next: ")
    built = subprocess.run(follow, shell=True, cwd=tmp_path, env=bare, capture_output=True, check=False)
    assert built.returncode == 0, built.stderr
    on_path = {**os.environ, "PATH": f"{script.parent}:/usr/bin:/bin"}
    (tmp_path / "other").mkdir()
    here = subprocess.run(
        [str(script), "init"],
        cwd=tmp_path / "other",
        env=on_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert here.stderr.strip().splitlines()[-1] == "briefpub: next: briefpub build"
