"""Citation previews by mouse and keyboard, and axe on an essay with citations."""

from __future__ import annotations

import pytest

from sitecheck.axe import violations

pytestmark = pytest.mark.browser
ESSAY = "posts/why-is-china-flooding-the-world-with-free-ai/"


@pytest.fixture(scope="module")
def served(make_site, fixtures, pick_port):
    port = pick_port()
    files = {
        "posts/cited.md": "+++\ntitle = 'Cited'\ndate = 2025-02-01\n[[sources]]\n"
        "id = 'src'\ntitle = 'The Source Title'\nurl = 'https://src.example/'\n"
        "publisher = 'Src Press'\ndate = '2024'\n+++\nA claim that needs support [@src].\n"
    }
    build = make_site(
        files,
        links={"posts/hugo.md": fixtures / "hugo-toml-post.md", "images": fixtures / "images"},
        publish=True,
        siteurl=f"http://127.0.0.1:{port}/repo",
    )
    assert build.returncode == 0, build.log
    return build, port


def test_keyboard_focus_shows_the_preview_on_wide_screens_and_the_link_jumps(
    browser, served, serve
):
    build, port = served
    base = serve(build.output, "/repo/", port=port)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "posts/cited/")
    preview = page.locator(".cite-preview").first
    assert not preview.is_visible()
    for _ in range(40):  # Tab through the page until the citation has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cite')"):
            break
    assert preview.is_visible()
    assert preview.inner_text() == "The Source Title, Src Press, 2024"
    page.keyboard.press("Enter")
    # The jump is a navigation: on a busy machine the address changes a moment later.
    page.wait_for_url("**#source-src", timeout=5000)
    back = page.locator("#source-src .source-backrefs a").first
    back.click()
    page.wait_for_url("**#cite-src-1", timeout=5000)
    assert violations(page) == []
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_fixture_with_its_sources_passes_axe(browser, served, serve, scheme):
    build, port = served
    base = serve(build.output, "/repo/", port=port)
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base + ESSAY)
    assert page.locator("section.sources li").count() == 10
    assert violations(page) == []
    context.close()
