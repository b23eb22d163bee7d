"""The built site in a real browser: under a subpath, with JavaScript off."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
ESSAY = "posts/why-is-china-flooding-the-world-with-free-ai/"
WIDTHS = (375, 1280)


@pytest.fixture(scope="module")
def served_site(make_site, fixtures, pick_port):
    """Sample essays and the Hugo fixture, published for http://127.0.0.1:PORT/repo."""
    port = pick_port()
    build = make_site(
        links={
            "posts/hugo-toml-post.md": fixtures / "hugo-toml-post.md",
            "images/blogs": fixtures / "images" / "blogs",
            "posts/congestion-pricing.md": ROOT / "content/posts/congestion-pricing.md",
            # which links to this one with {{< ref >}}
            "posts/housing-permits.md": ROOT / "content/posts/housing-permits.md",
            "images/congestion": ROOT / "content/images/congestion",
            "bibliography": ROOT / "content/bibliography",
        },
        publish=True,
        siteurl=f"http://127.0.0.1:{port}/repo",
    )
    assert build.returncode == 0, build.log
    return build, port


@pytest.fixture
def site_url(served_site, serve):
    build, port = served_site
    return serve(build.output, "/repo/", port=port)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_essay_reads_without_javascript_under_a_subpath(browser, site_url, width, scheme):
    context = browser.new_context(
        java_script_enabled=False,
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
    )
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(site_url + ESSAY)
    assert response.status == 200
    page.wait_for_load_state("load")

    image = page.locator('img[alt="LLM Intelligence Index Leaderboard"]')
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    # The stylesheet loaded from the subpath: the measure limits the text column.
    width_px = page.locator("main").evaluate("m => m.getBoundingClientRect().width")
    assert width_px <= min(width, 1000)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, "the page scrolls sideways"
    outside = [url for url in requests if not url.startswith(site_url)]
    assert outside == []

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"essay-{width}-{scheme}.png"), full_page=False)
    page.goto(site_url)
    page.screenshot(path=str(SCREENSHOTS / f"home-{width}-{scheme}.png"), full_page=False)
    context.close()


def test_old_url_redirects_in_the_browser(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "2025/10/congestion-charge/")
    page.wait_for_url(site_url + "posts/what-a-congestion-charge-actually-buys/")
    assert page.locator("h1").inner_text() == "What a Congestion Charge Actually Buys"
    context.close()
