"""A real browser for the tests: the system's Chromium, driven by Playwright (no browser download).

``scripts/bootstrap --test`` installs Debian's chromium and the playwright
package; tests that need them are skipped where they are missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Without the networking flags Chromium keeps calling Google's hosts, which this machine refuses.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (scripts/bootstrap --test)")


@contextmanager
def chromium() -> Iterator[Any]:
    """Yield a headless Chromium, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


LINE_LENGTHS = """
() => [...document.querySelectorAll('main p')].flatMap(block => {
  const range = document.createRange();
  range.selectNodeContents(block);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  return lines > 2 ? [block.textContent.length / lines] : [];
})
"""
"""Script: the average characters per line of every paragraph of three lines or more."""

OVERFLOWING = """
() => [...document.querySelectorAll('body *')]
  .filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.left < -1 || r.right > innerWidth + 1);
  })
  .filter(e => !e.matches('.skip-link'))
  .map(e => e.tagName + '.' + e.className)
"""
"""Script: every visible element that reaches past either edge of the window."""

AXE = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, as ``npm ci`` in tests/a11y installs it (``scripts/bootstrap --test`` runs it)."""
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""axe-core's tags for the WCAG 2.0, 2.1 and 2.2 rules of levels A and AA."""

needs_axe = pytest.mark.skipif(
    CHROMIUM is None or not AXE.is_file(),
    reason="needs Chromium and axe-core (scripts/bootstrap --test)",
)


def axe_violations(page: Any) -> list[str]:
    """Return axe-core's WCAG A/AA violations on ``page``, one line each: rule, count, first element, why.

    The page's own Content-Security-Policy forbids scripts, so the page's
    context must be opened with ``bypass_csp=True``; axe is evaluated, not loaded.
    """
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [
        f"{rule['id']} x{len(rule['nodes'])}: {rule['nodes'][0]['target']} "
        + " ".join(rule["nodes"][0]["failureSummary"].split())
        for rule in result["violations"]
    ]
