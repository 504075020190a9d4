"""The web edition in a real browser: readable at phone, tablet and desktop widths, light and dark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from briefpub import parse
from briefpub.newsletter.page import render_html
from browser import LINE_LENGTHS, OVERFLOWING, needs_browser

SOURCE = """---
date: 2026-11-23
author: [Ines Carvalho]
publication: Meridian Risk Weekly
summary: Why the carriers stay away from the Red Sea.
---
Red Sea shipping after the *ceasefire*

• The carriers see the ceasefire as fragile.[^1]
• Insurance premiums have halved but not returned to normal.

Why have the container lines not come back?

Answer: The carriers see the ceasefire as fragile, and the cost of a wrong bet as larger than the savings.

{body}

![Transits through Bab el-Mandeb, 2023–2026](chart.png "Bar chart of monthly transits")

What happens next?

Answer: A slow return, led by smaller carriers.

- **Smaller carriers** return first
- Alliances follow once insurers do
- A_very_long_identifier_that_would_never_fit_on_a_phone_screen_without_a_break_somewhere

[^1]: Drewry, *Container Insights*, https://www.drewry.co.uk/container-insights-weekly.
"""
BODY = (
    "Shipping lines have rerouted around the Cape of Good Hope since late 2023, adding ten days to "
    "each voyage between Asia and Europe and absorbing much of the world's spare container capacity. "
) * 4


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    Image.new("RGB", (1600, 900), (20, 54, 93)).save(folder / "chart.png")
    source = folder / "red-sea.txt"
    source.write_text(SOURCE.replace("{body}", BODY), encoding="utf-8")
    page = folder / "red-sea.html"
    page.write_text(render_html(parse(source), embed=True), encoding="utf-8")
    return page


def test_the_page_carries_its_metadata_and_landmarks(edition: Path) -> None:
    page = edition.read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<meta property="og:title" content="Red Sea shipping after the ceasefire">' in page
    assert '<meta property="og:description" content="Why the carriers stay away from the Red Sea.">' in page
    assert '<meta property="article:published_time" content="2026-11-23">' in page
    assert '<a class="skip-link" href="#main">Skip to content</a>' in page
    assert '<main id="main">' in page
    # Anchors from the questions' words: a link to a question lasts from build to build.
    assert 'id="why-have-the-container-lines-not-come-back"' in page
    assert 'href="#what-happens-next"' in page


@needs_browser
@pytest.mark.parametrize("width", [360, 768, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_reads_well_at_every_width(edition: Path, browser: Any, width: int, scheme: str) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(edition.as_uri())
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
        assert page.evaluate(OVERFLOWING) == []  # nothing cut off at either edge
        lengths = page.evaluate(LINE_LENGTHS)
        assert lengths
        assert max(lengths) <= 80  # a readable measure, whatever the width
        if width >= 768:
            assert sum(lengths) / len(lengths) >= 50  # and not a narrow column on a wide screen
        assert requests == [edition.as_uri()]  # the page fetches nothing, images included
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert background == ("rgb(18, 22, 28)" if scheme == "dark" else "rgb(255, 255, 255)")
    finally:
        page.close()


@needs_browser
def test_the_skip_link_is_the_first_stop_and_leads_to_the_text(edition: Path, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(edition.as_uri())
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        box = page.evaluate("document.activeElement.getBoundingClientRect().left")
        assert box >= 0  # shown when focused
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"
    finally:
        page.close()
