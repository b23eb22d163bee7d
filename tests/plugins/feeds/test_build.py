"""Feeds from a real build, read by feedparser as a subscriber's client reads them."""

from __future__ import annotations

import calendar
import datetime as dt
import json

import feedparser
import pytest
from lxml import etree

from sitecheck.feeds import validate_tree

SITEURL = "https://example.github.io/repo"
TITLE = 'Tariffs & <Trade>: "Ünïcode" — 数据'

SITE = {
    "posts/hugo.md": """
        +++
        title = 'Why is China Flooding the World with Free AI?'
        date = 2025-12-01T09:00:00-05:00
        lastmod = 2025-12-03T10:00:00-05:00
        tags = ["AI", "China"]
        categories = ["Analysis"]
        author = "Ana Lima"
        +++
        Opening with a [relative link](../tricky-title/) and a [note](#fn).

        ![Leaderboard](/images/chart.svg)

        <script>document.write("x")</script>
        Closing paragraph.
    """,
    "posts/tricky.md": f"""
        ---
        title: '{TITLE.replace("'", "''")}'
        slug: tricky-title
        date: 2025-11-20 14:30:00 +0200
        tags: [AI]
        ---
        Body with & and <b>bold</b> and control\x07character.
    """,
    "posts/draft.md": "+++\ntitle = 'Draft Secretword'\ndate = 2025-11-01\ndraft = true\n"
    "tags = ['AI']\n+++\nSecretword.\n",
    "posts/future.md": "+++\ntitle = 'Future Secretword'\ndate = 2999-01-01\ntags = ['AI']\n"
    "+++\nSecretword.\n",
    "images/chart.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>',
}


@pytest.fixture(scope="module")
def site(make_site):
    build = make_site(SITE, publish=True, siteurl=SITEURL)
    assert build.returncode == 0, build.log
    return build


def parsed(site, path):
    feed = feedparser.parse((site.output / path).read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


FEEDS = [
    "feeds/all.atom.xml",
    "feeds/all.rss.xml",
    "feeds/tags/ai.atom.xml",
    "feeds/tags/china.rss.xml",
    "feeds/categories/analysis.atom.xml",
]


@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_reads_cleanly_with_full_content_and_absolute_urls(site, path):
    feed = parsed(site, path)
    assert feed.entries
    for entry in feed.entries:
        html = entry.content[0].value
        assert "<script" not in html
        for attribute in ("href", "src"):
            for url in etree.HTML(html).xpath(f"//@{attribute}"):
                assert url.startswith(SITEURL + "/"), (path, url)
    hugo = next(e for e in feed.entries if e.title.startswith("Why is China"))
    assert "Closing paragraph." in hugo.content[0].value  # full text, not a summary
    assert f"{SITEURL}/posts/tricky-title/" in hugo.content[0].value
    assert f"{SITEURL}/images/chart.svg" in hugo.content[0].value


def test_there_are_site_tag_and_category_feeds_in_three_formats(site):
    names = set(site.files())
    for stem in ("feeds/all", "feeds/tags/ai", "feeds/tags/china", "feeds/categories/analysis"):
        for ext in (".atom.xml", ".rss.xml", ".json"):
            assert stem + ext in names
    assert [e.title for e in parsed(site, "feeds/tags/china.atom.xml").entries] == [
        "Why is China Flooding the World with Free AI?"
    ]


def test_dates_keep_their_offsets(site):
    atom = parsed(site, "feeds/all.atom.xml")
    hugo = next(e for e in atom.entries if e.title.startswith("Why is China"))
    assert hugo.published == "2025-12-01T09:00:00-05:00"
    assert hugo.updated == "2025-12-03T10:00:00-05:00"
    assert (
        calendar.timegm(hugo.published_parsed)
        == dt.datetime(2025, 12, 1, 14, tzinfo=dt.UTC).timestamp()
    )
    rss = parsed(site, "feeds/all.rss.xml")
    tricky = next(e for e in rss.entries if "Tariffs" in e.title)
    assert tricky.published == "Thu, 20 Nov 2025 14:30:00 +0200"


def test_authors_tags_and_lead_image(site):
    atom = parsed(site, "feeds/all.atom.xml")
    hugo = next(e for e in atom.entries if e.title.startswith("Why is China"))
    assert hugo.author == "Ana Lima"
    assert [t.term for t in hugo.tags] == ["Analysis", "AI", "China"]
    assert hugo.media_content[0]["url"] == f"{SITEURL}/images/chart.svg"
    assert hugo.media_content[0]["type"] == "image/svg+xml"
    rss = parsed(site, "feeds/all.rss.xml")
    assert next(e for e in rss.entries if e.title.startswith("Why")).author == "Ana Lima"


def test_escaping_of_titles_and_content_in_xml_and_json(site):
    for path in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        tricky = next(e for e in parsed(site, path).entries if "Tariffs" in e.title)
        assert tricky.title == TITLE
        assert "Body with &amp; and <b>bold</b>" in tricky.content[0].value
    document = json.loads((site.output / "feeds/all.json").read_text(encoding="utf-8"))
    item = next(i for i in document["items"] if "Tariffs" in i["title"])
    assert item["title"] == TITLE
    assert "<b>bold</b>" in item["content_html"]


def test_a_control_character_is_dropped_with_a_warning_naming_the_essay(site):
    assert "posts/tricky.md:7: 1 control character (first U+0007) dropped" in site.log
    tricky = next(e for e in parsed(site, "feeds/all.atom.xml").entries if "Tariffs" in e.title)
    assert "controlcharacter" in tricky.content[0].value
    assert "\x07" not in site.path("/posts/tricky-title/").read_text(encoding="utf-8")


def test_drafts_and_future_posts_never_appear(site):
    for name in site.files():
        if name.startswith("feeds/"):
            assert "Secretword" not in (site.output / name).read_text(encoding="utf-8"), name


def test_every_feed_passes_the_offline_validators(site):
    assert validate_tree(str(site.output)) == []


def test_json_feed_has_what_the_spec_requires(site):
    document = json.loads((site.output / "feeds/tags/ai.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == f"{SITEURL}/feeds/tags/ai.json"
    assert document["home_page_url"] == f"{SITEURL}/tags/ai/"
    assert {item["id"] for item in document["items"]} == {
        "tag:margin-of-error.example,2025-12-01:hugo",
        "tag:margin-of-error.example,2025-11-20:tricky",
    }


def test_every_page_links_its_feeds_for_autodiscovery(site):
    home = site.html("/")
    types = {link["type"]: link["href"] for link in home.select("link[rel=alternate]")}
    assert types == {
        "application/atom+xml": f"{SITEURL}/feeds/all.atom.xml",
        "application/rss+xml": f"{SITEURL}/feeds/all.rss.xml",
        "application/feed+json": f"{SITEURL}/feeds/all.json",
    }
    tag_page = site.html("/tags/china/")
    hrefs = [link["href"] for link in tag_page.select("link[rel=alternate]")]
    assert f"{SITEURL}/feeds/tags/china.atom.xml" in hrefs
    assert site.html("/posts/tricky-title/").select("link[rel=alternate]")


def test_ids_survive_a_new_slug_title_and_domain(make_site):
    before = make_site(
        {"posts/essay.md": "+++\ntitle = 'First Title'\ndate = 2025-01-02\n+++\nBody.\n"},
        publish=True,
        siteurl="https://old-domain.example",
    )
    after = make_site(
        {
            "posts/essay.md": "+++\ntitle = 'A Better Title'\nslug = 'renamed'\n"
            "date = 2025-01-02\n+++\nBody.\n"
        },
        publish=True,
        siteurl="https://new-domain.example/blog",
    )
    for build in (before, after):
        assert build.returncode == 0, build.log
    ids = []
    for build in (before, after):
        entry = parsed(build, "feeds/all.atom.xml").entries[0]
        rss_entry = parsed(build, "feeds/all.rss.xml").entries[0]
        assert entry.id == rss_entry.id
        ids.append(entry.id)
    assert ids[0] == ids[1] == "tag:margin-of-error.example,2025-01-02:essay"
    assert parsed(after, "feeds/all.atom.xml").entries[0].link == (
        "https://new-domain.example/blog/posts/renamed/"
    )


def test_hugo_guids_carry_over_for_moved_essays(make_site):
    build = make_site(
        {
            "posts/old.md": "+++\ntitle = 'Old One'\ndate = 2024-03-01\n+++\nB.\n",
            "posts/own.md": "+++\ntitle = 'Own Id'\ndate = 2024-03-02\n"
            "feed_id = 'https://old.example/custom/'\n+++\nB.\n",
            "posts/new.md": "+++\ntitle = 'After the Move'\ndate = 2025-06-01\n+++\nB.\n",
        },
        publish=True,
        siteurl="https://new.example",
        settings={
            "FEEDS_LEGACY_ID": "https://old.example/{url}",
            "FEEDS_LEGACY_UNTIL": "2024-12-31",
        },
    )
    assert build.returncode == 0, build.log
    ids = {e.title: e.id for e in parsed(build, "feeds/all.rss.xml").entries}
    assert ids == {
        "Old One": "https://old.example/posts/old-one/",
        "Own Id": "https://old.example/custom/",
        "After the Move": "tag:margin-of-error.example,2025-06-01:new",
    }


def test_limits_and_summary_mode_are_settings(make_site):
    files = {
        f"posts/p{n}.md": f"+++\ntitle = 'Essay {n}'\ndate = 2025-01-{n:02d}\n+++\n"
        f"Summary {n}.\n\n<!--more-->\n\nRest of essay {n}.\n"
        for n in range(1, 6)
    }
    build = make_site(
        files,
        publish=True,
        siteurl=SITEURL,
        settings={"FEEDS_MAX_ITEMS": 2, "FEEDS_FULL_CONTENT": False},
    )
    assert build.returncode == 0, build.log
    feed = parsed(build, "feeds/all.atom.xml")
    assert [e.title for e in feed.entries] == ["Essay 5", "Essay 4"]
    content = feed.entries[0].content[0].value
    assert "Summary 5." in content and "Rest of essay" not in content
    assert f'href="{SITEURL}/posts/essay-5/"' in content


def test_the_local_preview_writes_feeds_for_its_own_address(make_site):
    build = make_site(
        {
            "posts/a.md": "+++\ntitle = 'Local'\ndate = 2025-01-01\n+++\n![x](/images/x.png)\n",
            "images/x.png": b"png",
        }
    )
    assert build.returncode == 0, build.log
    entry = parsed(build, "feeds/all.atom.xml").entries[0]
    assert entry.link == "http://127.0.0.1:8000/posts/local/"
    assert 'src="http://127.0.0.1:8000/images/x.png"' in entry.content[0].value


def test_feeds_written_beside_the_pages_are_the_feeds_written_after_them(make_site):
    """With two processes the feeds are written in a copy of the build: the same
    bytes as one process writes, and each warning from the copy shown once."""
    files = dict(SITE)
    # An entity for a control character reaches the feed's writer, which warns.
    files["posts/bell.md"] = (
        "+++\ntitle = 'Bell'\ndate = 2025-10-01\ntags = ['AI']\n+++\nA &#7; bell.\n"
    )
    one = make_site(files, siteurl=SITEURL, settings={"RENDER_WORKERS": 1}, verbose=True)
    two = make_site(files, siteurl=SITEURL, settings={"RENDER_WORKERS": 2}, verbose=True)
    assert one.returncode == 0 and two.returncode == 0, one.log + two.log
    beside = "feeds: written in a second process"
    assert beside in two.log and beside not in one.log
    feeds = sorted(name for name in two.files() if name.startswith("feeds/"))
    assert feeds == sorted(name for name in one.files() if name.startswith("feeds/"))
    assert len(feeds) > 10
    for name in feeds:
        assert (two.output / name).read_bytes() == (one.output / name).read_bytes(), name
    warning = "posts/bell.md: control characters that feeds cannot carry were dropped"
    for build in (one, two):
        assert build.log.count(warning) == 1, build.log


def test_rss_copies_can_carry_permalink_guids_and_their_own_item_count(make_site):
    files = {
        f"posts/p{n}.md": f"+++\ntitle = 'Essay {n}'\n"
        f"date = 2025-01-{n:02d}T09:00:00+01:00\n+++\nText {n}.\n"
        for n in range(1, 6)
    }
    settings = {
        "FEEDS_MAX_ITEMS": 2,
        "FEEDS_RSS_PATHS": {"site": "index.xml"},
        "FEEDS_RSS_COPY_GUID": "permalink",
        "FEEDS_RSS_COPY_MAX_ITEMS": -1,
        "FEEDS_ID_AUTHORITY": "example.org",
    }
    build = make_site(files, publish=True, siteurl=SITEURL, settings=settings)
    assert build.returncode == 0, build.log
    copy = parsed(build, "index.xml")
    assert len(copy.entries) == 5  # every essay, as Hugo's default rssLimit
    assert [e.id for e in copy.entries][:2] == [
        f"{SITEURL}/posts/essay-5/",
        f"{SITEURL}/posts/essay-4/",
    ]
    raw = build.path("/index.xml").read_text(encoding="utf-8")
    assert f'<guid isPermaLink="true">{SITEURL}/posts/essay-5/</guid>' in raw
    assert "+0100" in copy.entries[0].published  # the offset the author wrote
    own = parsed(build, "feeds/all.rss.xml")
    assert len(own.entries) == 2 and all(e.id.startswith("tag:example.org,") for e in own.entries)


def test_a_bad_rss_copy_setting_is_refused():
    from feeds.settings import SettingsError, resolve

    with pytest.raises(SettingsError, match="FEEDS_RSS_COPY_GUID"):
        resolve({"FEEDS_RSS_COPY_GUID": "url"})
    with pytest.raises(SettingsError, match="FEEDS_RSS_COPY_MAX_ITEMS"):
        resolve({"FEEDS_RSS_COPY_MAX_ITEMS": 0})
    for bad in ({"site": "atom.xml"}, {"site": {"xml": "a.xml"}}, {"tag": {"atom": "/"}}):
        with pytest.raises(SettingsError, match="FEEDS_COPY_PATHS"):
            resolve({"FEEDS_COPY_PATHS": bad})
    # No feed is written outside the output folder.
    with pytest.raises(SettingsError, match="FEEDS_COPY_PATHS: '../atom.xml' climbs out"):
        resolve({"FEEDS_COPY_PATHS": {"site": {"atom": "../atom.xml"}}})
    with pytest.raises(SettingsError, match="FEEDS_RSS_PATHS: 'tags/../../x' climbs out"):
        resolve({"FEEDS_RSS_PATHS": {"tag": "tags/../../x"}})


def test_copies_in_other_formats_are_the_same_feed_at_another_address(make_site):
    files = {
        f"posts/p{n}.md": f"+++\ntitle = 'Essay {n}'\ntags = ['Water']\n"
        f"date = 2025-01-{n:02d}T09:00:00Z\n+++\nText {n}.\n"
        for n in range(1, 4)
    }
    settings = {
        "FEEDS_COPY_PATHS": {"site": {"atom": "atom.xml", "json": "feed.json"}},
        "FEEDS_RSS_COPY_GUID": "permalink",
        "FEEDS_ID_AUTHORITY": "example.org",
    }
    settings["FEEDS_COPY_PATHS"]["tag"] = {"atom": "topics/{slug}/atom.xml"}
    build = make_site(files, publish=True, siteurl=SITEURL, settings=settings)
    assert build.returncode == 0, build.log
    atom = parsed(build, "atom.xml")
    assert atom.version == "atom10" and not atom.bozo
    assert [e.id for e in atom.entries] == [f"{SITEURL}/posts/essay-{n}/" for n in (3, 2, 1)]
    json_feed = json.loads(build.path("/feed.json").read_text(encoding="utf-8"))
    assert json_feed["feed_url"] == f"{SITEURL}/feed.json"
    assert len(json_feed["items"]) == 3
    assert len(parsed(build, "topics/water/atom.xml").entries) == 3
    own = parsed(build, "feeds/all.atom.xml")
    assert all(e.id.startswith("tag:example.org,") for e in own.entries)
