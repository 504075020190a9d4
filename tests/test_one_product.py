"""One product: every edition under every markup mode, one build for all four, one brand, one path.

The matrix renders each edition (PDF, deck on the packaged and on a
corporate master, web, e-mail, build, serve's preview) of a plain and a rich
briefing in CommonMark and in plain mode, with figures, footnotes, lists and
right-to-left text and a table, and reads every word back out of the real files.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from pptx import Presentation

from briefpub.errors import BriefpubError, TemplateError
from briefpub.project import Project
from briefpub.publish.build import build
from briefpub.publish.editions import REGISTRY
from briefpub.publish.pipeline import publish_source
from briefpub.serve.state import Preview
from browser import needs_browser
from conftest import Run

RICH = """\
Steel, *tariffs* and the trade war

- Prices rose 12%[^imf] in `Q3`.
- A point in Arabic: الأسعار ارتفعت

What happens next?

Answer: Tariffs stay, *at least* until 2027.

Three scenarios:

- **Escalation** of snake_case_names
- *Truce* by June

![Steel output by region](chart.png "Bars of steel output")

| Region | Mt |
| :--- | ---: |
| Tableland | 1,005 |
| مصر | 10.4 |

Table: Output by tableregion

![Chartcaption of output](data/output.csv "Column chart of output")

Why does Hebrew matter?

Answer: שלום עולם is kept right to left.

[^imf]: IMF, *World Economic Outlook*, October 2026.
"""

PLAIN_MARKS = ("*tariffs*", "`Q3`", "snake_case_names", "**Escalation**", "[^imf]")


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (320, 160), (20, 54, 93)).save(path)


def _project(tmp_path: Path, markup: str, master: bool) -> Path:
    root = tmp_path / f"{markup}-{'master' if master else 'packaged'}"
    (root / "source").mkdir(parents=True)
    (root / "source" / "steel.txt").write_text(RICH, encoding="utf-8")
    _png(root / "source" / "chart.png")
    (root / "source" / "data").mkdir()
    (root / "source" / "data" / "output.csv").write_text("Year,Mt\n2025,1.0\n2026,1.2\n", encoding="utf-8")
    toml = f'[reader]\nmarkup = "{markup}"\n'
    if master:
        from masters import corporate_master

        (root / "templates").mkdir()
        corporate_master(root / "templates").rename(root / "templates" / "deck.pptx")
        toml += (
            '[slides.layouts]\ntitle = "Titelfolie"\nkey_points = "Titel und Inhalt"\n'
            'question = "Zweispaltig"\n'
        )
    (root / "briefpub.toml").write_text(toml, encoding="utf-8")
    return root


def _words(text: str) -> list[str]:
    return re.findall(r"[\w%*`_\[\]^]+", text)


def _pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def _deck_text(data: bytes) -> str:
    deck = Presentation(io.BytesIO(data))
    texts = []
    for slide in deck.slides:
        texts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        texts += [cell.text for shape in slide.shapes if shape.has_table for cell in shape.table.iter_cells()]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(texts)


def _html_text(data: bytes) -> str:
    return str(lxml_html.document_fromstring(data.decode("utf-8")).text_content())


def _eml_texts(data: bytes) -> tuple[str, str]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    plain = message.get_body(("plain",))
    rich = message.get_body(("html",))
    assert plain is not None
    assert rich is not None
    return plain.get_content(), _html_text(rich.get_content().encode())


EXPECTED = {
    "commonmark": [
        "tariffs",
        "Q3",
        "snake_case_names",
        "Escalation",
        "Truce",
        "الأسعار",
        "שלום",
        "IMF",
        "Tableland",
        "1,005",
        "مصر",
        "tableregion",
    ],
    "plain": [*PLAIN_MARKS, "الأسعار", "שלום", "Tableland", "tableregion", "Chartcaption"],
}


@pytest.mark.parametrize("markup", ["commonmark", "plain"])
@pytest.mark.parametrize("master", [False, True], ids=["packaged-master", "corporate-master"])
def test_every_edition_renders_every_mode(tmp_path: Path, markup: str, master: bool) -> None:
    root = _project(tmp_path, markup, master)
    project = Project.here(root)
    source = root / "source" / "steel.txt"
    targets = {edition: REGISTRY[edition].target(root / "output", "steel") for edition in REGISTRY}
    published = publish_source(project, source, targets, lambda _: None)
    files = published.rendered
    texts = {
        "pdf": _pdf_text(files["pdf"].files[""]),
        "slides": _deck_text(files["slides"].files[""]),
        "html": _html_text(files["html"].files[""]),
        "email": "\n".join(_eml_texts(files["email"].files[""])),
        "email page": _html_text(files["email"].files[".email.html"]),
    }
    for edition, text in texts.items():
        flat = " ".join(text.split())
        missing = [word for word in EXPECTED[markup] if word not in flat]
        assert missing == [], f"{edition} lost {missing}"
        if markup == "commonmark" and edition != "slides":
            assert "*tariffs*" not in flat, edition
            assert "`Q3`" not in flat, edition
    figures = [name for name in files["email"].files if name.startswith(".email/")]
    assert figures == ([".email/figure-1.png", ".email/figure-2.png"] if markup == "commonmark" else [])
    # serve's preview renders the same, through the same path
    preview = Preview(project, source)
    preview.rebuild()
    assert preview.snapshot.errors == (), preview.snapshot.errors
    assert preview.snapshot.pages
    assert preview.snapshot.slide_count >= 3
    assert all(word in preview.snapshot.web for word in EXPECTED[markup][:3])


@pytest.mark.parametrize("markup", ["commonmark", "plain"])
def test_one_build_makes_every_edition_in_either_mode(tmp_path: Path, markup: str) -> None:
    root = _project(tmp_path, markup, master=False)
    summary = build(Project.here(root), [root / "source" / "steel.txt"], jobs=1)
    assert [o.status for o in summary.outcomes] == ["built"], summary.outcomes[0].errors
    made = sorted(
        p.relative_to(root / "output").as_posix() for p in (root / "output").rglob("*") if p.is_file()
    )
    expected = ["steel.email.html", "steel.eml", "steel.html", "steel.pdf", "steel.pptx"]
    if markup == "commonmark":
        expected += ["steel.email/figure-1.png", "steel.email/figure-2.png"]
    assert [name for name in made if not name.startswith(".")] == sorted(expected)


def test_build_editions_and_only(run: Run, project: Path) -> None:
    (project / "briefpub.toml").write_text('[build]\neditions = ["html", "email"]\n', encoding="utf-8")
    assert run("build", cwd=project).returncode == 0
    assert sorted(p.name for p in (project / "output").iterdir() if p.is_file() and p.name[0] != ".") == [
        "ferry.email.html",
        "ferry.eml",
        "ferry.html",
    ]
    only = run("build", "--only", "pdf", "--only", "slides", cwd=project)
    assert only.returncode == 0, only.stderr
    assert (project / "output" / "ferry.pdf").exists()
    assert (project / "output" / "ferry.pptx").exists()
    (project / "briefpub.toml").write_text('[build]\neditions = ["pdf", "fax"]\n', encoding="utf-8")
    refused = run("build", cwd=project)
    assert refused.returncode == 1
    assert "build.editions: unknown edition 'fax'" in refused.stderr


def test_a_changed_setting_rebuilds_the_editions_that_read_it(tmp_path: Path, project: Path) -> None:
    config = project / "briefpub.toml"
    config.write_text('[pdf]\npaper = "a4"\n', encoding="utf-8")
    sources = [project / "source" / "ferry.txt"]
    build(Project.here(project), sources, jobs=1)
    pdf, deck = project / "output" / "ferry.pdf", project / "output" / "ferry.pptx"
    mail = project / "output" / "ferry.eml"
    before = (pdf.stat().st_mtime_ns, deck.stat().st_mtime_ns, pdf.read_bytes(), mail.stat().st_mtime_ns)
    config.write_text('[pdf]\npaper = "letter"\n', encoding="utf-8")
    summary = build(Project.here(project), sources, jobs=1)
    assert summary.count("built") == 1
    assert pdf.read_bytes() != before[2]
    assert deck.stat().st_mtime_ns == before[1], "the deck reads no [pdf] setting"
    assert mail.stat().st_mtime_ns == before[3], "the e-mail has no paper size"
    config.write_text('[pdf]\npaper = "letter"\n# a comment\n', encoding="utf-8")
    assert build(Project.here(project), sources, jobs=1).count("skipped") == 1


def test_nothing_is_written_until_every_edition_has_rendered(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "email.html").write_text('<img src="https://tracker.example/p.gif">', "utf-8")
    build_targets = {edition: REGISTRY[edition].target(project / "output", "ferry") for edition in REGISTRY}
    with pytest.raises(TemplateError):
        publish_source(Project.here(project), project / "source" / "ferry.txt", build_targets, lambda _: None)
    assert not (project / "output").exists() or list((project / "output").iterdir()) == []


def test_the_brand_reaches_every_edition(tmp_path: Path, project: Path) -> None:
    from PIL import Image

    (project / "templates").mkdir()
    (project / "templates" / "custom.css").write_text(":root { --primary: #0B6E4F; }\n", encoding="utf-8")
    Image.new("RGB", (120, 40), (200, 30, 90)).save(project / "templates" / "logo.png")
    (project / "briefpub.toml").write_text('[brand]\nlogo = "templates/logo.png"\n', encoding="utf-8")
    root = Project.here(project)
    targets = {
        edition: REGISTRY[edition].target(project / "output", "ferry") for edition in ("pdf", "html", "email")
    }
    files = publish_source(root, project / "source" / "ferry.txt", targets, lambda _: None).rendered
    web = files["html"].files[""].decode()
    assert "#0B6E4F" in web
    assert re.search(r'class="logo[^"]*" src="data:image/png', web)  # its dark-scheme class may follow
    page = files["email"].files[".email.html"].decode()
    assert re.search(r'style="[^"]*color: ?#0B6E4F', page), "the colour is inlined, not a variable"
    assert "var(--" not in page
    assert re.search(r'<img class="logo[^"]*"[^>]* src="ferry.email/logo.png"', page)
    message = email.message_from_bytes(files["email"].files[""], policy=email.policy.default)
    body = message.get_body(("html",))
    assert body is not None
    assert "cid:logo@briefpub" in body.get_content()
    parts = [part.get_filename() for part in message.walk() if part.get_content_maintype() == "image"]
    assert parts == ["logo.png"]
    assert files["email"].files[".email/logo.png"] == (project / "templates" / "logo.png").read_bytes()
    assert b"/Subtype /Image" in files["pdf"].files[""] or b"/Subtype/Image" in files["pdf"].files[""]


@needs_browser
def test_the_email_page_loads_every_image_from_the_output_folder(tmp_path: Path, browser: Any) -> None:
    root = _project(tmp_path, "commonmark", master=False)
    (root / "source" / "again.txt").write_text(
        RICH.replace("chart.png", "chart.png").replace("Steel", "Iron")
    )
    build(Project.here(root), sorted((root / "source").glob("*.txt")), editions=("email",), jobs=1)
    page = root / "output" / "steel.email.html"
    tab = browser.new_page()
    tab.goto(page.as_uri())
    tab.wait_for_load_state("load")
    images = tab.evaluate("() => [...document.images].map(i => [i.getAttribute('src'), i.naturalWidth])")
    assert images == [["steel.email/figure-1.png", 320], ["steel.email/figure-2.png", 1120]]  # the chart


def test_asset_url_makes_the_email_page_absolute(project: Path) -> None:
    (project / "briefpub.toml").write_text('[email]\nasset_url = "https://cdn.example.com/b/"\n', "utf-8")
    source = project / "source" / "ferry.txt"
    source.write_text(source.read_text() + "\n![Chart](chart.png)\n", encoding="utf-8")
    _png(project / "source" / "chart.png")
    target = {"email": REGISTRY["email"].target(project / "output", "ferry")}
    files = publish_source(Project.here(project), source, target, lambda _: None).rendered["email"].files
    assert 'src="https://cdn.example.com/b/ferry.email/figure-1.png"' in files[".email.html"].decode()
    assert b"cid:figure-1@briefpub" in files[""]


TRICKS = [
    '<img alt="a>b" src="https://tracker.example/p.gif">',
    "<img src=https://tracker.example/p.gif>",
    "<IMG SRC='//tracker.example/p.gif'>",
    '<div style="background:u\\72l(https://tracker.example/p.gif)">x</div>',
    "<style>@im\\70ort 'https://fonts.example/f.css';</style>",
    "<style>.x { background: url(file:///etc/passwd) }</style>",
    '<!--[if mso]><img src="https://tracker.example/outlook.gif"><![endif]-->',
    '<svg><rect fill="url(https://tracker.example/g#a)" width="1" height="1"/></svg>',
    '<link rel="stylesheet" href="https://fonts.example/f.css">',
    '<img srcset="https://tracker.example/p.gif 1x">',
    '<a href="https://example.com" ping="https://tracker.example/ping">link</a>',
]


@pytest.mark.parametrize("trick", TRICKS)
@pytest.mark.parametrize("edition", ["html", "email"])
def test_a_template_cannot_smuggle_a_fetch_into_the_web_or_email_edition(
    project: Path, trick: str, edition: str
) -> None:
    template = "email.html" if edition == "email" else "newsletter.html"
    (project / "templates").mkdir()
    (project / "templates" / template).write_text(
        f'{{% extends "!default/{template}" %}}{{% block footer %}}{trick}{{% endblock %}}', encoding="utf-8"
    )
    targets = {edition: REGISTRY[edition].target(project / "output", "ferry")}
    with pytest.raises(BriefpubError, match=r"would fetch|@import|srcset|refused"):
        publish_source(Project.here(project), project / "source" / "ferry.txt", targets, lambda _: None)


def test_a_url_in_the_projects_email_stylesheet_is_refused(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "email.css").write_text(
        "@font-face { font-family: X; src: url(https://fonts.example/x.woff2) }", encoding="utf-8"
    )
    targets = {"email": REGISTRY["email"].target(project / "output", "ferry")}
    with pytest.raises(TemplateError, match=r"would fetch https://fonts\.example/x\.woff2"):
        publish_source(Project.here(project), project / "source" / "ferry.txt", targets, lambda _: None)


SVG_TRICKS = [
    "<style>rect{fill:u\\72l(http://x.example/y)}</style>",
    "<style>@im\\70ort 'http://x.example/y.css';</style>",
    '<rect fill="url(http://x.example/y#g)" width="5" height="5"/>',
    '<rect style="fill:url(&quot;file:///etc/passwd&quot;)" width="5" height="5"/>',
]


@pytest.mark.parametrize("trick", SVG_TRICKS)
def test_check_refuses_an_svg_that_fetches(run: Run, tmp_path: Path, trick: str) -> None:
    (tmp_path / "f.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{trick}</svg>', encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("T\n\nQ?\nAnswer: A.\n\n![Cap](f.svg)\n", encoding="utf-8")
    result = run("check", "b.txt")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "briefpub: error: b.txt:6: figure 'f.svg' has a stylesheet that references other files"
    )


def test_an_svg_with_its_own_gradient_passes(run: Run, tmp_path: Path) -> None:
    (tmp_path / "f.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs><linearGradient id="g"/>'
        '</defs><rect fill="url(#g)" width="5" height="5"/></svg>',
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text("T\n\nQ?\nAnswer: A.\n\n![Cap](f.svg)\n", encoding="utf-8")
    assert run("check", "b.txt").returncode == 0


def test_clean_removes_only_the_editions_of_gone_sources(run: Run, project: Path) -> None:
    source = project / "source"
    (source / "gone.txt").write_text(RICH, encoding="utf-8")
    _png(source / "chart.png")
    (source / "data").mkdir()
    (source / "data" / "output.csv").write_text("Year,Mt\n2025,1.0\n", encoding="utf-8")
    assert run("build", cwd=project).returncode == 0
    mine = project / "output" / "notes-of-mine.txt"
    mine.write_text("keep me", encoding="utf-8")
    (source / "gone.txt").unlink()
    dry = run("clean", "--dry-run", cwd=project)
    assert dry.returncode == 0
    assert "would remove output/gone.pdf" in dry.stdout
    assert (project / "output" / "gone.pdf").exists()
    result = run("clean", cwd=project)
    assert result.returncode == 0, result.stderr
    left = sorted(p.relative_to(project / "output").as_posix() for p in (project / "output").rglob("*"))
    assert [name for name in left if not name.startswith(".")] == [
        "ferry.email.html",
        "ferry.eml",
        "ferry.html",
        "ferry.pdf",
        "ferry.pptx",
        "notes-of-mine.txt",
    ]
    assert "built 0, skipped 1" in run("build", cwd=project).stderr


def test_the_command_line_a_user_expects(run: Run, project: Path) -> None:
    bare = run(cwd=project)
    assert bare.returncode == 0
    assert "Commands:" in bare.stdout
    commands = bare.stdout.split("Commands:")[1]
    assert "..." not in commands  # summaries whole, never cut
    assert run("-V").stdout.startswith("briefpub, version ")
    assert run("check", cwd=project).stdout == "ok: 1 briefing\n"
    assert run("-q", "check", cwd=project).stdout == ""
    quiet = run("-q", "pdf", cwd=project)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    old = run("slides", "--template", str(project / "missing.pptx"), cwd=project)
    assert old.returncode == 1
    assert "missing.pptx" in old.stderr
    completion = run(env={"_BRIEFPUB_COMPLETE": "bash_source"})
    assert "_briefpub_completion" in completion.stdout


def test_reader_encoding_from_the_config_and_the_option(run: Run, project: Path) -> None:
    source = project / "source" / "ferry.txt"
    source.write_bytes(
        source.read_text(encoding="utf-8").replace("ferry", "café").encode("windows-1252", "replace")
    )
    assert run("check", cwd=project).returncode == 1
    assert run("check", "--encoding", "windows-1252", cwd=project).returncode == 0
    assert run("build", "--only", "html", "--encoding", "windows-1252", cwd=project).returncode == 0
    (project / "briefpub.toml").write_text('[reader]\nencoding = "windows-1252"\n', encoding="utf-8")
    assert run("check", cwd=project).returncode == 0
    assert "café" in (project / "output" / "ferry.html").read_text(encoding="utf-8")


def test_the_registry_holds_every_edition_the_command_line_names() -> None:
    from briefpub.edition_names import EDITIONS

    assert tuple(REGISTRY) == EDITIONS
