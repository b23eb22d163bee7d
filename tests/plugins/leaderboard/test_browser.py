"""Charts in Chromium: readable at 375 and 1280 px, light and dark, and accessible."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitecheck.axe import violations

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = ROOT / "build" / "screenshots"
ESSAY = "posts/reading-a-leaderboard-without-being-fooled/"


@pytest.fixture(scope="module")
def sample_url(sample_publish_served):
    return sample_publish_served


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_read_at_every_width_and_pass_axe(browser, sample_url, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(sample_url + ESSAY)
    figures = page.locator("figure.leaderboard")
    assert figures.count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Labels never overlap: each label's box ends above the next one's.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('figure.leaderboard .lb-label')]
              .filter(t => t.getBoundingClientRect().height > 0)
              .map(t => t.getBoundingClientRect())
              .map(r => [r.top, r.bottom, r.right])"""
    )
    for (top, bottom, right), (next_top, _, _) in zip(boxes, boxes[1:], strict=False):
        assert next_top >= bottom or next_top < top  # a new chart starts higher up
        assert right <= width
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    figures.first.screenshot(path=str(SCREENSHOTS / f"chart-{width}-{scheme}.png"))
    assert violations(page) == []
    context.close()


def test_the_data_table_and_newest_chart_open_by_keyboard(browser, sample_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_url + ESSAY)
    summary = page.locator("figure.leaderboard").first.locator("details.lb-data > summary")
    summary.focus()
    page.keyboard.press("Enter")
    table = page.locator("figure.leaderboard").first.locator("table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 8
    context.close()
