"""Essay HTML made fit for feed readers, and entry ids, as plain functions."""

from __future__ import annotations

import datetime as dt

from feeds.ids import entry_id, tag_uri
from feeds.model import first_image, for_feeds, xml_safe

PAGE = "https://example.github.io/repo/posts/essay/"


def test_every_url_becomes_absolute_against_the_essay():
    html = (
        '<p><a href="../other/">o</a> <a href="#note">n</a> '
        '<img src="../../images/a.png" alt="a" '
        'srcset="../../images/a.png 1x, ../../images/b.png 2x">'
        ' <a href="https://elsewhere.org/x">e</a></p>'
    )
    out = for_feeds(html, PAGE)
    assert 'href="https://example.github.io/repo/posts/other/"' in out
    assert 'href="https://example.github.io/repo/posts/essay/#note"' in out
    assert 'src="https://example.github.io/repo/images/a.png"' in out
    assert (
        'srcset="https://example.github.io/repo/images/a.png 1x, '
        'https://example.github.io/repo/images/b.png 2x"' in out
    )
    assert 'href="https://elsewhere.org/x"' in out


def test_scripts_and_marked_parts_are_removed_and_text_around_them_kept():
    html = (
        "<p>before<script>alert(1)</script> after</p>"
        '<div data-feed-omit="">interactive only</div><p>end</p><style>p{}</style>'
    )
    out = for_feeds(html, PAGE)
    assert "<script" not in out and "alert" not in out and "<style" not in out
    assert "interactive only" not in out
    assert "<p>before after</p>" in out and "<p>end</p>" in out


def test_a_chart_marked_for_feeds_becomes_a_linked_image_with_alt_text():
    html = (
        '<figure class="chart" data-feed-image="../../data/chart.svg" '
        'data-feed-alt="Kimi K2 leads, data as of 2025-11-20"><svg></svg>'
        "<figcaption>Caption</figcaption></figure><p>after</p>"
    )
    out = for_feeds(html, PAGE)
    assert "<svg" not in out and "data-feed" not in out
    assert (
        '<p><a href="https://example.github.io/repo/posts/essay/">'
        '<img src="https://example.github.io/repo/data/chart.svg" '
        'alt="Kimi K2 leads, data as of 2025-11-20"></a></p><p>after</p>' in out
    )


def test_xml_safe_drops_control_characters_and_says_so():
    assert xml_safe("fine\ttext\n") == ("fine\ttext\n", False)
    assert xml_safe("bad\x00\x0bchar\x1f") == ("badchar", True)


def test_first_image():
    assert first_image('<p>x</p><img src="https://e.org/a.png"><img src="b">') == (
        "https://e.org/a.png"
    )
    assert first_image("<p>none</p>") is None
    # Upper-case markup is an image too; an image written about, in text, is not.
    assert first_image('<P>x</P><IMG SRC="https://e.org/b.png">') == "https://e.org/b.png"
    assert first_image("<p>Write &lt;img src=&quot;a.png&quot;&gt; for one.</p>") is None
    assert first_image('<img alt="no source"><p>x</p><img src="c.png">') == "c.png"


def test_tag_uri_ids_ignore_slug_title_and_domain():
    published = dt.datetime(2025, 12, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    common = dict(
        own_id=None,
        authority="moe.example",
        published=published,
        key="hugo-post",
        legacy_pattern=None,
        legacy_until=None,
    )
    first = entry_id(**common, fields={"slug": "a"})
    second = entry_id(**common, fields={"slug": "b"})
    assert first == second == "tag:moe.example,2025-12-01:hugo-post"
    assert tag_uri("moe.example", published.date(), "naïve name") == (
        "tag:moe.example,2025-12-01:na-ve-name"
    )


def test_legacy_and_own_ids():
    published = dt.datetime(2024, 5, 6, tzinfo=dt.UTC)
    fields = {"url": "posts/old-essay/", "slug": "old-essay"}
    legacy = dict(
        authority="moe.example",
        published=published,
        key="k",
        legacy_pattern="https://old.example/{url}",
        fields=fields,
    )
    assert entry_id(own_id=None, legacy_until=dt.date(2024, 12, 31), **legacy) == (
        "https://old.example/posts/old-essay/"
    )
    assert entry_id(own_id=None, legacy_until=dt.date(2024, 1, 1), **legacy) == (
        "tag:moe.example,2024-05-06:k"
    )
    assert entry_id(own_id="urn:uuid:1", legacy_until=None, **legacy) == "urn:uuid:1"


def test_links_within_the_page_are_what_urljoin_makes_of_them():
    from urllib.parse import urljoin

    values = ["#note-1", " #x ", "#", "#a#b", "#%C3%A9", "?q=2#n", "", "./#n"]
    html = "".join(f'<a href="{value}">l</a>' for value in values)
    for page in (PAGE, PAGE + "?page=2", PAGE + "#top", "http://e.org/a/b"):
        out = for_feeds(html, page)
        for value in values:
            assert f'href="{urljoin(page, value.strip())}"' in out, (page, value)
