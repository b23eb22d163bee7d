"""A feed opened in a browser reads as a page that explains how to subscribe."""

from __future__ import annotations

import pytest
from lxml import etree

ESSAY = "+++\ntitle = 'Essay & Co'\ndate = 2025-01-0{n}T10:00:00+01:00\n+++\nBody {n}.\n"


@pytest.fixture(scope="module")
def served_feeds(make_site, pick_port):
    port = pick_port()
    files = {f"posts/e{n}.md": ESSAY.replace("{n}", str(n)) for n in (1, 2)}
    files["posts/e2.md"] = files["posts/e2.md"].replace("Essay & Co", "Second <Essay>")
    build = make_site(files, publish=True, siteurl=f"http://127.0.0.1:{port}/repo")
    assert build.returncode == 0, build.log
    return build, port


@pytest.mark.parametrize("name", ["all.atom.xml", "all.rss.xml"])
def test_the_stylesheet_turns_each_feed_into_a_page(served_feeds, name):
    build, port = served_feeds
    xml = etree.parse(str(build.output / "feeds" / name))
    instruction = xml.getroot().getprevious()
    assert instruction.target == "xml-stylesheet"
    assert instruction.get("href") == "/repo/feeds/feed.xsl"
    transform = etree.XSLT(etree.parse(str(build.output / "feeds" / "feed.xsl")))
    page = etree.HTML(str(transform(xml)).encode())
    text = " ".join(page.itertext())
    assert "This is a web feed" in text
    assert f"http://127.0.0.1:{port}/repo/feeds/{name}" in text
    links = [(a.text, a.get("href")) for a in page.iter("a")]
    assert ("Second <Essay>", f"http://127.0.0.1:{port}/repo/posts/second-essay/") in links
    assert ("Essay & Co", f"http://127.0.0.1:{port}/repo/posts/essay-co/") in links


@pytest.mark.browser
def test_chromium_shows_the_feed_page_without_javascript(served_feeds, serve, browser):
    build, port = served_feeds
    base = serve(build.output, "/repo/", port=port)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base + "feeds/all.atom.xml")
    assert page.locator("h1").inner_text() == "Latest essays"
    assert page.locator("li a").all_inner_texts() == ["Second <Essay>", "Essay & Co"]
    assert "This is a web feed" in page.locator("main").inner_text()
    assert all(url.startswith(base) for url in requests), requests
    context.close()
