"""The real Hugo post in ../shared/fixtures builds unchanged, in both modes."""

from __future__ import annotations

import hashlib

import pytest

URL = "/posts/why-is-china-flooding-the-world-with-free-ai/"
IMAGE = "images/blogs/china-free-ai/llm_leaderboard_chart.png"


@pytest.fixture(scope="module", params=["local", "publish"])
def fixture_site(request, make_site, fixtures):
    build = make_site(
        links={
            "posts/hugo-toml-post.md": fixtures / "hugo-toml-post.md",
            "images": fixtures / "images",
        },
        publish=request.param == "publish",
        siteurl="https://example.github.io/repo" if request.param == "publish" else None,
    )
    assert build.returncode == 0, build.log
    assert "ERROR" not in build.log, build.log
    build.mode = request.param
    build.fixtures = fixtures
    return build


def test_title_date_and_tags(fixture_site):
    page = fixture_site.html(URL)
    assert page.h1.get_text() == "Why is China Flooding the World with Free AI?"
    assert page.select_one("time.published")["datetime"] == "2025-12-01T09:00:00-05:00"
    tags = [a.get_text() for a in page.select("a[rel=tag]")]
    assert tags == ["AI", "China", "Open Source", "Geopolitics"]
    for slug in ("ai", "china", "open-source", "geopolitics"):
        tag_page = fixture_site.html(f"/tags/{slug}/")
        assert "Why is China Flooding" in tag_page.get_text()


def test_the_image_is_published_and_its_link_resolves(fixture_site):
    page = fixture_site.html(URL)
    image = page.select_one('img[alt="LLM Intelligence Index Leaderboard"]')
    copied = fixture_site.output / IMAGE
    original = fixture_site.fixtures / IMAGE
    assert (
        hashlib.sha256(copied.read_bytes()).digest()
        == hashlib.sha256(original.read_bytes()).digest()
    )
    if fixture_site.mode == "publish":
        assert image["src"] == f"https://example.github.io/repo/{IMAGE}"
    else:
        assert image["src"] == f"../../{IMAGE}"
        resolved = (fixture_site.path(URL).parent / image["src"]).resolve()
        assert resolved == copied.resolve()


def test_the_essay_text_and_sources_are_all_there(fixture_site):
    text = fixture_site.html(URL).select_one(".prose").get_text()
    assert "Open Twitter on any given day" in text
    assert "Both strategies are coherent" in text
    assert "Hazy Research on Gross Domestic Intelligence" in text
    assert fixture_site.html(URL).select_one(".prose h2#the-open-source-flood")
