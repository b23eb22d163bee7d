"""The sample site shows every foundation feature, and hides what it must."""

from __future__ import annotations


def test_every_sample_essay_is_published(sample_publish):
    expected = {
        "/posts/what-a-congestion-charge-actually-buys/",
        "/posts/reading-a-leaderboard-without-being-fooled/",
        "/posts/why-grid-batteries-change-the-evening-peak/",
        "/posts/building-permits-are-a-leading-indicator-and-a-noisy-one/",
        "/about/",
    }
    for url in expected:
        assert sample_publish.exists(url), url
    home = sample_publish.html("/")
    lead = home.select_one("section.lead")
    assert [a.get_text() for a in lead.select("h3 a")] == [
        "Why Grid Batteries Change the Evening Peak"  # [extra] featured = true (Zola)
    ]
    assert lead.select_one(".dek").get_text().startswith("Batteries do not make electricity")
    # Then the latest essays, the lead not among them: no essay twice.
    latest = home.select_one("section[aria-labelledby=latest-title]")
    assert len(latest.select("ol.essays > li")) == 3
    linked = [a["href"] for a in home.select("main article h3 a")]
    assert len(linked) == len(set(linked)) == 4
    topics = home.select_one("section.topics")
    assert [a.get_text() for a in topics.select("a")][:2] == ["Data", "Methods"]  # most used


def test_an_essay_with_no_category_is_in_the_default_one(sample_local):
    # Not in one named after its folder ("POSTS"): DEFAULT_CATEGORY.
    water = sample_local.html("/drafts/pricing-water-before-the-drought/")
    assert water.select_one(".kicker").get_text(strip=True) == "Essays"


def test_sample_drafts_and_scheduled_posts_are_held_back(sample_publish, sample_local):
    text = sample_publish.all_text()
    assert "Carbon Border" not in text
    assert "Pricing Water Before the Drought" not in text
    assert sample_local.exists("/drafts/pricing-water-before-the-drought/")


def test_sample_aliases_redirect(sample_publish):
    page = sample_publish.html("/2025/10/congestion-charge/")
    assert page.select_one("link[rel=canonical]")["href"] == (
        "https://example.github.io/repo/posts/what-a-congestion-charge-actually-buys/"
    )
    assert sample_publish.exists("/blog/reading-leaderboards.html")


def test_every_internal_link_and_image_resolves_under_the_subpath(sample_publish):
    """Each href/src under SITEURL points at a file the build wrote."""
    prefix = "https://example.github.io/repo/"
    missing = []
    for name in sample_publish.files():
        if not name.endswith(".html"):
            continue
        page = sample_publish.html("/" + name)
        for tag in page.find_all(["a", "link", "img", "script"]):
            url = tag.get("href") or tag.get("src")
            if not url or not url.startswith(prefix):
                continue
            path = "/" + url[len(prefix) :].split("#")[0].split("?")[0]
            if not sample_publish.exists(path):
                missing.append(f"{name}: {url}")
    assert missing == []


def test_index_pages_list_each_entry_with_its_count(sample_local):
    topics = sample_local.html("/tags/")
    entries = {
        li.a.get_text(): li.select_one(".count").get_text()
        for li in topics.select("ul.tag-index li")
    }
    assert entries["Data"] == "(2)" and entries["AI"] == "(1)"
    assert "Water" not in entries and "Trade" not in entries  # scheduled and draft only
    assert sample_local.html("/tags/data/").h1.get_text() == "Essays on Data"
    authors = sample_local.html("/authors/").select("ul.tag-index a")
    assert {"Ines Albrecht", "Tomás Ferreira"} <= {a.get_text() for a in authors}


def test_sample_feeds_are_valid_and_hold_only_published_essays(sample_publish):
    import feedparser

    from sitecheck.feeds import validate_tree

    assert validate_tree(str(sample_publish.output)) == []
    feed = feedparser.parse((sample_publish.output / "feeds/all.atom.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == 4
    assert all(e.id.startswith("tag:margin-of-error.example,") for e in feed.entries)


def test_no_source_category_in_any_contents_list(sample_publish):
    categories = {"Leaderboard", "Data", "Policy", "Analysis", "Hardware", "Funding"}
    lists = 0
    for url in sample_publish.files():
        if not url.startswith("posts/") or not url.endswith("index.html"):
            continue
        page = sample_publish.html("/" + url)
        for toc in page.select(".toc"):
            lists += 1
            entries = {a.get_text(strip=True) for a in toc.select("a")}
            assert not entries & categories, (url, entries)
            if page.select_one("section.sources"):
                assert "Sources" in entries
    assert lists  # the sample has essays long enough for one


def test_the_sample_reads_as_finished(sample_publish):
    import re

    sources = sample_publish.html("/sources/").get_text()
    assert "n.d." not in sources and "Accessed" in sources  # dated sources say when
    for url in sample_publish.files():
        if not url.endswith(".html"):
            continue
        page = sample_publish.html("/" + url)
        for meta in page.select('meta[name=description], meta[property="og:description"]'):
            assert "[1" not in meta["content"], url
        for caption in page.select("figure.leaderboard figcaption"):
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", caption.get_text()), url  # no column names
