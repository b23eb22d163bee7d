"""The offline feed validators reject broken feeds (so a pass means something)."""

from __future__ import annotations

import json

import pytest

from sitecheck.feeds import validate_atom, validate_json_feed, validate_rss

ATOM_OK = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
  <id>tag:e.org,2025:feed</id><title>T</title><updated>2025-12-01T09:00:00-05:00</updated>
  <author><name>A</name></author>
  <entry><id>tag:e.org,2025-12-01:a</id><title type="html">A &amp;amp; B</title>
    <updated>2025-12-01T09:00:00-05:00</updated><published>2025-12-01T09:00:00-05:00</published>
    <link href="https://e.org/a/" rel="alternate"/>
    <content type="html">&lt;p&gt;x&lt;/p&gt;</content>
    <media:content url="https://e.org/a.png" medium="image"/>
  </entry>
</feed>"""


def test_a_good_atom_feed_passes():
    assert validate_atom(ATOM_OK) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"<id>tag:e.org,2025:feed</id>", b""),  # no feed id
        (b"<title>T</title>", b""),  # no feed title
        (
            b"<updated>2025-12-01T09:00:00-05:00</updated>\n  <author>",
            b"<updated>1 Dec 2025</updated>\n  <author>",
        ),  # not an RFC 3339 date
        (b'<content type="html">', b'<content type="nonsense">'),  # no such type
        (b"<author><name>A</name></author>", b""),  # no author anywhere
        (b'<link href="https://e.org/a/" rel="alternate"/>', b"<link/>"),  # link without href
        (b"</entry>", b"<bogus/></entry>"),  # an unknown Atom element
        (b"</feed>", b"<entry></feed>"),  # not well-formed
    ],
)
def test_broken_atom_feeds_fail(old, new):
    assert old in ATOM_OK
    assert validate_atom(ATOM_OK.replace(old, new, 1)), f"{old!r} → {new!r} should fail"


def test_the_missing_author_rule_is_named():
    problems = validate_atom(ATOM_OK.replace(b"<author><name>A</name></author>", b""))
    assert problems == [
        "entry 1 (tag:e.org,2025-12-01:a): no author, and the feed has none (RFC 4287 4.1.2)"
    ]


RSS_OK = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<link>https://e.org/</link><description>D</description>
<lastBuildDate>Mon, 01 Dec 2025 09:00:00 -0500</lastBuildDate>
<item><title>A</title><link>https://e.org/a/</link><guid isPermaLink="false">tag:e.org,2025:a</guid>
<pubDate>Mon, 01 Dec 2025 09:00:00 -0500</pubDate></item></channel></rss>"""


def test_rss_required_elements():
    assert validate_rss(RSS_OK) == []
    assert validate_rss(RSS_OK.replace(b"<description>D</description>", b""))
    assert validate_rss(
        RSS_OK.replace(b"Mon, 01 Dec 2025 09:00:00 -0500</pubDate>", b"2025-12-01</pubDate>")
    )
    assert validate_rss(RSS_OK.replace(b"<link>https://e.org/a/</link>", b"<link>/a/</link>"))
    assert validate_rss(RSS_OK.replace(b'version="2.0"', b'version="0.91"'))


def test_json_feed_required_fields():
    good = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "T",
        "items": [
            {"id": "1", "content_html": "<p>x</p>", "date_published": "2025-12-01T09:00:00-05:00"}
        ],
    }
    assert validate_json_feed(json.dumps(good)) == []
    for breakage in (
        {"version": "1"},
        {"title": ""},
        {"items": [{"id": 1, "content_html": "x"}]},
        {"items": [{"id": "1"}]},
        {"items": [{"id": "1", "content_text": "x", "date_published": "2025-12-01"}]},
        {"items": [{"id": "1", "content_text": "x", "url": "/relative/"}]},
    ):
        assert validate_json_feed(json.dumps({**good, **breakage})), breakage
