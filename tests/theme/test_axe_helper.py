"""The axe-core helper itself finds violations (so a clean result means something)."""

from __future__ import annotations

import pytest

from sitecheck.axe import violations

pytestmark = pytest.mark.browser


def test_axe_reports_an_image_without_alt_text_and_low_contrast(browser):
    page = browser.new_page()
    page.set_content(
        "<!doctype html><html lang=en><head><title>t</title></head><body><main>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
        "<p style='color:#ccc;background:#fff'>faint</p></main></body></html>"
    )
    found = " ".join(violations(page))
    assert "image-alt" in found and "color-contrast" in found
    page.close()
