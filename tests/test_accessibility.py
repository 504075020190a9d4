"""The web and e-mail editions as accessibility teams check them: axe-core's WCAG 2.2 A and AA rules.

Two briefings of our own, left to right (English) and right to left (Arabic),
each with a figure, tables (one too wide for a phone), a chart, footnotes,
lists and links, are published as a web page and an e-mail; axe-core runs on
each in Chromium at a desktop and a phone width, in the light and the dark
scheme, and must find nothing. The structure axe cannot judge (one ``h1``,
headings in order, names of footnote links, a chart's data as a table) is
checked here too. Chromium is the test process's one (conftest's ``browser``).
"""

from __future__ import annotations

import base64
import email
import io
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from briefpub import ConfigError, parse
from briefpub.config import Brand, EmailConfig, load_config
from briefpub.errors import TemplateError
from briefpub.newsletter.mail import render_eml
from briefpub.newsletter.page import render_html
from briefpub.newsletter.schemes import contrast
from browser import AXE, axe_violations, needs_axe, needs_browser

ENGLISH = """---
date: 2026-11-23
author: [Ines Carvalho, Tom Reyes]
publication: Meridian Risk Weekly
issue: 48
summary: Why the carriers stay away from the Red Sea.
---
Red Sea shipping after the *ceasefire*

• The carriers see the ceasefire as fragile.[^1]
• Insurance premiums have halved, says the [Lloyd's report](https://www.lloyds.com/red-sea).

Shipping lines have rerouted around the Cape since late 2023.[^2] The data is at https://example.com/data.

Why have the container lines not come back?

Answer: The carriers see the ceasefire as fragile.

- **Smaller carriers** return first
- Alliances follow once insurers do

![Transits through Bab el-Mandeb](transits.png "Bar chart of monthly transits")

| Carrier | Share | Ships |
|:--|--:|--:|
| Maersk | 17.2% | 700 |
| MSC | 19.8% | 800 |
| A carrier with a rather long name indeed | 3.1% | 120 |

Table: Capacity by carrier, 2026[^3]

What happens next?

Answer: A slow return, led by smaller carriers.

![Transits per month](transits.csv "Column chart of transits per month")

1. First the insurers
2. Then the carriers

| Route | Transits 2023 | Transits 2024 | Transits 2025 | Change | Insurance premium |
|:--|--:|--:|--:|--:|--:|
| Suez–Rotterdam | 1,234.5 | 456.25 | 789.75 | −36.1% | 0.75% |
| Singapore–Piraeus | 2,345.5 | 567.25 | 890.75 | −62.0% | 0.50% |

Table: Transits by route and year

[^1]: Drewry, *Container Insights*, https://www.drewry.co.uk/container-insights-weekly.
[^2]: Clarksons Research.
[^3]: Alphaliner.
"""
ARABIC = """---
date: 2026-11-23
author: [ليلى حداد]
publication: النشرة الأسبوعية
lang: ar
---
الشحن في البحر الأحمر بعد وقف إطلاق النار

• ترى شركات الشحن أن وقف إطلاق النار هش.[^1]
• انخفضت أقساط التأمين إلى النصف، وفق [تقرير لويدز](https://www.lloyds.com/red-sea).

لماذا لم تعد خطوط الحاويات؟

Answer: ترى شركات الشحن أن وقف إطلاق النار هش.

- الناقلات الصغيرة تعود أولاً
- التحالفات تتبع

![العبور عبر باب المندب](transits.png "مخطط أعمدة للعبور الشهري")

| الناقل | الحصة | السفن |
|:--|--:|--:|
| ميرسك | 17.2% | 700 |
| إم إس سي | 19.8% | 800 |

Table: السعة حسب الناقل[^2]

ماذا بعد؟

Answer: عودة بطيئة.

![العبور الشهري](transits.csv "مخطط أعمدة للعبور الشهري")

[^1]: درويري.
[^2]: ألفالاينر.
"""
CHART = "Month,Transits\nJan,1200\nFeb,1350\nMar,1500\nApr,1420\n"
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")
EDITIONS = ("en.html", "en.email.html", "ar.html", "ar.email.html")


def shown(message: bytes) -> str:
    """Return a message's HTML as a mail client shows it: its ``cid:`` images in place."""
    parsed = email.message_from_bytes(message, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    body = parsed.get_body(("html",))
    assert body is not None
    html = str(body.get_content())
    for part in parsed.walk():
        if part["Content-ID"]:
            data = base64.b64encode(part.get_content()).decode()
            html = html.replace(f"cid:{part['Content-ID'].strip('<>')}", f"data:image/png;base64,{data}")
    return html


def wordmark(path: Path) -> None:
    """Write a logo as brands send them: a dark wordmark on a transparent PNG."""
    image = Image.new("RGBA", (240, 60), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((10, 15, 230, 45), fill=(20, 54, 93, 255))
    image.save(path)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Publish both briefings as web pages and e-mails, with a logo, into one folder."""
    folder = tmp_path_factory.mktemp("a11y")
    Image.new("RGB", (1600, 900), (20, 54, 93)).save(folder / "transits.png")
    (folder / "transits.csv").write_text(CHART, encoding="utf-8")
    wordmark(folder / "logo.png")
    brand = Brand(logo=folder / "logo.png", disclaimer="For clients' internal use; not investment advice.")
    for name, text in (("en", ENGLISH), ("ar", ARABIC)):
        source = folder / f"{name}.txt"
        source.write_text(text, encoding="utf-8")
        briefing = parse(source)
        (folder / f"{name}.html").write_text(render_html(briefing, brand=brand, embed=True), encoding="utf-8")
        message = render_eml(briefing, brand=brand, email=EmailConfig(web_url="https://meridian.example/"))
        (folder / f"{name}.email.html").write_text(shown(message), encoding="utf-8")
    return folder


def open_page(browser: Any, path: Path, width: int = 1280, scheme: str = "light") -> Any:
    """Return ``path`` open in a new context (closed with the page): its policy set aside for axe."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    page.on("close", lambda _: context.close())
    page.goto(path.as_uri())
    return page


@needs_axe
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_axe_finds_nothing(folder: Path, browser: Any, edition: str, width: int, scheme: str) -> None:
    page = open_page(browser, folder / edition, width, scheme)
    try:
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.close()


STRUCTURE = """
() => {
  const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1]);
  const links = [...document.querySelectorAll('a[href]')];
  const name = a => (a.getAttribute('aria-label') || a.textContent).trim();
  return {
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    h1: levels.filter(l => l === 1).length,
    skips: levels.some((l, i) => i > 0 && l > levels[i - 1] + 1),
    main: document.querySelectorAll('main').length,
    banner: document.querySelectorAll('body > header').length,
    contentinfo: document.querySelectorAll('body > footer').length,
    firstLink: links.length ? links[0].getAttribute('href') : null,
    calls: links.filter(a => a.closest('.footnote-ref')).map(name),
    backs: links.filter(a => a.matches('.footnote-back')).map(name),
    unscoped: document.querySelectorAll('table th:not([scope])').length,
    chartTables: document.querySelectorAll('figure.chart .chart-data table th[scope=col]').length,
    charts: document.querySelectorAll('figure.chart').length,
    chartAlts: [...document.querySelectorAll('figure.chart img')].map(i => i.alt),
    labelLangs: [...document.querySelectorAll('.key-points-label, .answer-label')].map(e => e.lang),
  };
}
"""


@needs_browser
def test_the_web_page_has_the_structure_assistive_technology_reads(folder: Path, browser: Any) -> None:
    page = open_page(browser, folder / "en.html")
    try:
        found = page.evaluate(STRUCTURE)
    finally:
        page.close()
    assert found["lang"] == "en"
    assert found["dir"] == "ltr"
    assert found["h1"] == 1
    assert not found["skips"]
    assert (found["main"], found["banner"], found["contentinfo"]) == (1, 1, 1)
    assert found["firstLink"] == "#main"  # the skip link comes first
    # Link names that make sense read out of context, in a screen reader's list of links.
    assert found["calls"] == ["Note 1", "Note 2", "Note 3"]
    assert found["backs"] == ["Back to reference 1", "Back to reference 2", "Back to reference 3"]
    # Shown as the arrow, never as Apple's emoji of it (U+FE0E asks for the text presentation).
    assert "↩\ufe0e</a>" in (folder / "en.html").read_text(encoding="utf-8")
    assert found["unscoped"] == 0
    assert found["charts"] == 1
    assert found["chartTables"] == 2
    assert found["chartAlts"] == ["Column chart of transits per month"]


@needs_browser
def test_the_names_briefpub_adds_are_in_the_briefing_language(folder: Path, browser: Any) -> None:
    page = open_page(browser, folder / "ar.html")
    try:
        found = page.evaluate(STRUCTURE)
    finally:
        page.close()
    assert found["lang"] == "ar"
    assert found["dir"] == "rtl"
    assert found["calls"] == ["ملاحظة 1", "ملاحظة 2"]
    assert found["backs"] == ["العودة إلى الإحالة 1", "العودة إلى الإحالة 2"]


@needs_browser
def test_labels_briefpub_has_no_translation_for_are_marked_english(tmp_path: Path, browser: Any) -> None:
    source = tmp_path / "he.txt"
    source.write_text(
        "---\nlang: he\n---\nכותרת\n\n• נקודה\n\nמה קורה?\n\nAnswer: תשובה.\n", encoding="utf-8"
    )
    path = tmp_path / "he.html"
    path.write_text(render_html(parse(source), embed=True), encoding="utf-8")
    page = open_page(browser, path)
    try:
        found = page.evaluate(STRUCTURE)
        if AXE.is_file():
            assert axe_violations(page) == []
    finally:
        page.close()
    assert found["lang"] == "he"
    assert found["labelLangs"] == ["en", "en"]  # "Key points", "Bottom line": read in an English voice


TARGETS = """
() => [...document.querySelectorAll('.toc a')].map(a => a.getBoundingClientRect().height)
"""


@needs_browser
def test_the_contents_are_targets_a_finger_can_hit_on_a_phone(folder: Path, browser: Any) -> None:
    page = open_page(browser, folder / "en.html", 390)
    try:
        heights = page.evaluate(TARGETS)
    finally:
        page.close()
    assert heights
    assert min(heights) >= 24


def logo_contrast(page: Any) -> float:
    """Return the contrast of a logo's darkest and lightest pixels as the reader sees them, plate included."""
    shot = Image.open(io.BytesIO(page.locator("img.logo").screenshot())).convert("L")
    low, high = shot.getextrema()
    return contrast(f"#{low:02X}{low:02X}{low:02X}", f"#{high:02X}{high:02X}{high:02X}")


@needs_browser
@pytest.mark.parametrize("edition", ["en.html", "en.email.html"])
def test_a_dark_logo_stays_readable_in_the_dark_scheme(folder: Path, browser: Any, edition: str) -> None:
    page = open_page(browser, folder / edition, 1280, "dark")
    try:
        assert logo_contrast(page) >= 3  # a graphic's WCAG minimum; on the dark page it was 1.5:1
    finally:
        page.close()


@needs_browser
def test_a_logo_for_dark_backgrounds_is_shown_in_the_dark_scheme(tmp_path: Path, browser: Any) -> None:
    wordmark(tmp_path / "logo.png")
    Image.new("RGBA", (240, 60), (240, 240, 240, 255)).save(tmp_path / "logo-dark.png")
    source = tmp_path / "b.txt"
    source.write_text("Title\n\nWhy?\n\nAnswer: Because.\n", encoding="utf-8")
    brand = Brand(logo=tmp_path / "logo.png", logo_dark=tmp_path / "logo-dark.png")
    path = tmp_path / "b.html"
    path.write_text(render_html(parse(source), brand=brand, embed=True), encoding="utf-8")
    for scheme, grey in (("light", 20), ("dark", 240)):
        page = open_page(browser, path, 1280, scheme)
        try:
            shown = page.locator("img.logo:visible")
            assert shown.count() == 1
            background = shown.evaluate("logo => getComputedStyle(logo).backgroundColor")
            assert background == "rgba(0, 0, 0, 0)"  # no plate: each logo is drawn for its ground
            pixels = Image.open(io.BytesIO(shown.screenshot())).convert("L")
            middle = pixels.getpixel((pixels.width // 2, pixels.height // 2))
            assert isinstance(middle, int)
            assert abs(middle - grey) < 40  # the wordmark's navy, or the light logo
        finally:
            page.close()


HEADING_COLOURS = """
() => ['h1.title', '.question h2', '.answer-label']
  .map(s => getComputedStyle(document.querySelector(s)).color)
"""


def hex_of(rgb: str) -> str:
    red, green, blue = (int(part) for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return f"#{red:02X}{green:02X}{blue:02X}"


@needs_browser
@pytest.mark.parametrize("kind", ["html", "email"])
def test_dark_colours_come_from_the_brand(tmp_path: Path, browser: Any, kind: str) -> None:
    source = tmp_path / "b.txt"
    source.write_text("A green brand\n\nWhy?\n\nAnswer: Because.\n", encoding="utf-8")
    brand = Brand(primary="#006B3F", accent="#7A1FA2")
    briefing = parse(source)
    path = tmp_path / f"b.{kind}.html"
    html = (
        render_html(briefing, brand=brand, embed=True)
        if kind == "html"
        else shown(render_eml(briefing, brand=brand))
    )
    path.write_text(html, encoding="utf-8")
    page = open_page(browser, path, 1280, "dark")
    try:
        title, question, label = (hex_of(colour) for colour in page.evaluate(HEADING_COLOURS))
    finally:
        page.close()
    for colour in (title, question):
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert green > red
        assert green > blue
        assert contrast(colour, "#1A1F27") >= 4.5
    red, green, blue = (int(label[i : i + 2], 16) for i in (1, 3, 5))
    assert blue > green
    assert red > green


@needs_browser
@pytest.mark.parametrize("width", [320, 390])
def test_the_email_never_scrolls_sideways_even_with_a_wide_table(
    folder: Path, browser: Any, width: int
) -> None:
    for edition in ("en.email.html", "ar.email.html"):
        page = open_page(browser, folder / edition, width)
        try:
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # it was 616 px
            # The wide table scrolls in its own box, which a keyboard can reach.
            boxes = page.evaluate(
                "[...document.querySelectorAll('div.table')]"
                ".map(d => [d.scrollWidth > d.clientWidth, d.tabIndex])"
            )
            assert [True, 0] in boxes or edition.startswith("ar")
        finally:
            page.close()


def test_a_dark_logo_is_read_as_the_logo_is(tmp_path: Path) -> None:
    source = tmp_path / "b.txt"
    source.write_text("Title\n\nWhy?\n\nAnswer: Because.\n", encoding="utf-8")
    (tmp_path / "logo-dark.png").write_bytes(b"<svg onload=alert(1)>")  # not an image
    with pytest.raises(TemplateError, match=r"logo_dark \(brand\.logo_dark in briefpub\.toml\)"):
        render_html(parse(source), brand=Brand(logo_dark=tmp_path / "logo-dark.png"), embed=True)
    (tmp_path / "briefpub.toml").write_text('[brand]\nlogo_dark = "../elsewhere.png"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"brand\.logo_dark: .* outside the project"):
        load_config(tmp_path)


def test_the_disclaimer_is_text_in_every_edition(tmp_path: Path) -> None:
    source = tmp_path / "b.txt"
    source.write_text("Title\n\nWhy?\n\nAnswer: Because.\n", encoding="utf-8")
    brand = Brand(disclaimer="Not advice </p><script>alert(1)</script>")
    briefing = parse(source)
    for page in (
        render_html(briefing, brand=brand, embed=True),
        render_html(briefing, brand=brand),
        shown(render_eml(briefing, brand=brand)),
    ):
        assert "<script>" not in page
        assert "Not advice &lt;/p&gt;&lt;script&gt;" in page


@needs_axe
@pytest.mark.parametrize("kind", ["html", "email"])
def test_a_brand_too_light_to_read_on_white_is_darkened_for_text(
    folder: Path, browser: Any, kind: str
) -> None:
    """A yellow primary (1.4:1 on white) stays the rules' colour; text takes a darker shade of it."""
    briefing = parse(folder / "en.txt")
    brand = Brand(primary="#FFD700", accent="#00A19A")
    path = folder / f"yellow.{kind}.html"
    html = (
        render_html(briefing, brand=brand, embed=True)
        if kind == "html"
        else shown(render_eml(briefing, brand=brand))
    )
    path.write_text(html, encoding="utf-8")
    for scheme in SCHEMES:
        page = open_page(browser, path, 1280, scheme)
        try:
            assert axe_violations(page) == []
        finally:
            page.close()


LONG_WORDS = """---
publication: A publication
---
A title with antidisestablishmentarianismxyzabcdefghij in it

• A point with abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq123 in it.

Why Pneumonoultramicroscopicsilicovolcanoconiosisxx?

Answer: Because Pneumonoultramicroscopicsilicovolcanoconiosisxx.

Text with abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq123 in it.
"""


@needs_browser
@pytest.mark.parametrize("kind", ["html", "email"])
def test_a_word_longer_than_a_phone_is_wide_breaks(tmp_path: Path, browser: Any, kind: str) -> None:
    source = tmp_path / "long.txt"
    source.write_text(LONG_WORDS, encoding="utf-8")  # 45-letter words: shorter than briefpub's <wbr> length
    briefing = parse(source)
    path = tmp_path / f"long.{kind}.html"
    path.write_text(
        render_html(briefing, embed=True) if kind == "html" else shown(render_eml(briefing)), encoding="utf-8"
    )
    page = open_page(browser, path, 320)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320  # 542 and 726 px before
    finally:
        page.close()


@needs_browser
def test_a_right_to_left_email_sets_its_rules_on_the_right(folder: Path, browser: Any) -> None:
    page = open_page(browser, folder / "ar.email.html", 390)
    try:
        sides = page.evaluate(
            "['.key-points', '.answer-cell'].map(s => getComputedStyle(document.querySelector(s)))"
            ".map(c => [c.borderLeftWidth, c.borderRightWidth])"
        )
    finally:
        page.close()
    assert sides == [["0px", "4px"], ["0px", "3px"]]


def test_a_charts_data_is_in_its_alt_text_in_the_email(folder: Path) -> None:
    page = (folder / "en.email.html").read_text(encoding="utf-8")
    spelled = "Column chart of transits per month. Transits: Jan 1200, Feb 1350, Mar 1500, Apr 1420"
    assert f'alt="{spelled}"' in page


@needs_browser
@pytest.mark.parametrize("kind", ["html", "email"])
def test_a_wide_logo_shrinks_to_a_phone(folder: Path, browser: Any, kind: str, tmp_path: Path) -> None:
    Image.new("RGB", (1600, 80), (20, 54, 93)).save(tmp_path / "banner.png")
    briefing = parse(folder / "en.txt")
    brand = Brand(logo=tmp_path / "banner.png")
    path = tmp_path / f"banner.{kind}.html"
    path.write_text(
        render_html(briefing, brand=brand, embed=True)
        if kind == "html"
        else shown(render_eml(briefing, brand=brand)),
        encoding="utf-8",
    )
    page = open_page(browser, path, 320)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320  # 832 and 871 px before
    finally:
        page.close()


@needs_browser
@pytest.mark.parametrize("kind", ["html", "email"])
def test_a_logo_that_reads_on_dark_gets_no_plate(tmp_path: Path, browser: Any, kind: str) -> None:
    image = Image.new("RGBA", (240, 60), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((10, 15, 230, 45), fill=(245, 166, 35, 255))  # an orange wordmark
    image.save(tmp_path / "orange.png")
    source = tmp_path / "b.txt"
    source.write_text("Title\n\nWhy?\n\nAnswer: Because.\n", encoding="utf-8")
    briefing, brand = parse(source), Brand(logo=tmp_path / "orange.png")
    path = tmp_path / f"b.{kind}.html"
    path.write_text(
        render_html(briefing, brand=brand, embed=True)
        if kind == "html"
        else shown(render_eml(briefing, brand=brand)),
        encoding="utf-8",
    )
    page = open_page(browser, path, 1280, "dark")
    try:
        plate = page.evaluate("getComputedStyle(document.querySelector('img.logo')).backgroundColor")
        assert plate == "rgba(0, 0, 0, 0)"  # measured: 7.9:1 on the dark page, it needs none
        assert logo_contrast(page) >= 3
    finally:
        page.close()
