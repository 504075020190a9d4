"""A real browser for the tests: the system's Chromium, driven by Playwright (no browser download).

``scripts/bootstrap --test`` installs Debian's chromium and the playwright
package; tests that need them are skipped where they are missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
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
