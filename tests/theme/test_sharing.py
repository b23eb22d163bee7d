"""Sharing metadata and reading aids, checked in real builds."""

from __future__ import annotations

import json
import struct
import zlib

from lxml import etree

SITEURL = "https://example.github.io/repo"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def png(width: int, height: int) -> bytes:
    """A real (blank) PNG of the given size."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff" * width * 3 for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_sitemap_lists_published_pages_only(sample_publish):
    root = etree.parse(str(sample_publish.output / "sitemap.xml")).getroot()
    locations = [loc.text for loc in root.iter(f"{SM}loc")]
    assert all(loc.startswith(SITEURL + "/") for loc in locations)
    assert f"{SITEURL}/posts/what-a-congestion-charge-actually-buys/" in locations
    assert f"{SITEURL}/about/" in locations and f"{SITEURL}/tags/data/" in locations
    text = (sample_publish.output / "sitemap.xml").read_text()
    assert "carbon" not in text and "drought" not in text and "/drafts/" not in text
    for url in locations:
        assert sample_publish.exists(url[len(SITEURL) :]), url


def test_robots_points_at_the_sitemap(sample_publish, sample_local):
    robots = (sample_publish.output / "robots.txt").read_text()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots
    assert not (sample_local.output / "sitemap.xml").exists()  # no address, no sitemap


def meta(page, key):
    tag = page.select_one(f'meta[property="{key}"]') or page.select_one(f'meta[name="{key}"]')
    return tag["content"] if tag else None


def test_article_cards_canonical_and_favicon(sample_publish):
    page = sample_publish.html("/posts/what-a-congestion-charge-actually-buys/")
    url = f"{SITEURL}/posts/what-a-congestion-charge-actually-buys/"
    assert page.select_one("link[rel=canonical]")["href"] == url
    assert meta(page, "og:type") == "article" and meta(page, "og:url") == url
    assert meta(page, "og:title") == "What a Congestion Charge Actually Buys"
    assert meta(page, "og:description").startswith("A road toll is less a tax")
    # The essay's only image is an SVG, which share previews cannot show: its
    # own share card, drawn by the publish build; the site's card for other pages.
    card = meta(page, "og:image")
    assert card.startswith(f"{SITEURL}/cards/what-a-congestion-charge-actually-buys-")
    assert sample_publish.exists(card[len(SITEURL) :])
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "article:published_time") == "2025-10-06T08:30:00-04:00"
    assert meta(sample_publish.html("/about/"), "og:image") == f"{SITEURL}/theme/images/card.png"
    assert sample_publish.exists("/theme/images/card.png")
    icon = page.select_one("link[rel=icon]")["href"]
    assert sample_publish.exists(icon[len(SITEURL) :])
    for other in ("/", "/tags/data/", "/about/", "/archives/"):
        assert sample_publish.html(other).select_one("link[rel=canonical]")["href"] == (
            SITEURL + other
        )


def test_json_ld_article(sample_publish):
    page = sample_publish.html("/posts/reading-a-leaderboard-without-being-fooled/")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Article"
    assert data["headline"] == "Reading a Leaderboard Without Being Fooled"
    assert data["datePublished"] == "2025-11-20T14:30:00+02:00"
    assert data["dateModified"] == "2025-11-24T09:00:00+02:00"
    assert data["author"] == [{"@type": "Person", "name": "Ines Albrecht"}]
    assert (
        data["mainEntityOfPage"] == f"{SITEURL}/posts/reading-a-leaderboard-without-being-fooled/"
    )


HOSTILE = '</script><script>alert("x")</script> & more'


def test_front_matter_cannot_break_out_of_json_ld_or_meta(build_site):
    build = build_site(
        {
            "posts/x.md": f"+++\ntitle = '{HOSTILE}'\ndate = 2025-01-01\nslug = 'x'\n"
            f"description = '\"><b>dek</b>'\n+++\nBody.\n"
        },
        publish=True,
        siteurl=SITEURL,
    )
    assert build.returncode == 0, build.log
    raw = build.path("/posts/x/").read_text()
    assert '<script>alert("x")' not in raw and "<b>dek</b>" not in raw
    page = build.html("/posts/x/")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["headline"] == HOSTILE
    assert meta(page, "og:title") == HOSTILE and meta(page, "og:description") == '"><b>dek</b>'


ESSAYS = {
    "images/photo.png": png(40, 20),
    "posts/a.md": """
        +++
        title = "Alpha"
        date = 2025-01-01
        tags = ["x", "y"]
        image = "/images/photo.png"
        +++
        ![A photo](/images/photo.png "The caption")

        ![Inline](/images/photo.png) and text.

        | a | b |
        |---|---|
        | 1 | 2 |
    """,
    "posts/b.md": "+++\ntitle = 'Beta'\ndate = 2025-01-02\ntags = ['x', 'y']\n+++\nB.\n",
    "posts/c.md": "+++\ntitle = 'Gamma'\ndate = 2025-01-03\ntags = ['y']\n+++\nC.\n",
    "posts/d.md": "+++\ntitle = 'Delta'\ndate = 2025-01-04\ntags = ['z']\n+++\nD.\n",
    "posts/long.md": "+++\ntitle = 'Long'\ndate = 2024-01-01\n+++\n"
    + "".join(f"## Part {n}\n\n" + "word " * 450 + "\n\n" for n in range(1, 4)),
    "posts/long-off.md": "+++\ntitle = 'Long Off'\ndate = 2024-01-02\ntoc = false\n+++\n"
    + "".join(f"## Part {n}\n\n" + "word " * 450 + "\n\n" for n in range(1, 4)),
    "posts/short-on.md": "+++\ntitle = 'Short On'\ndate = 2024-01-03\n[extra]\ntoc = true\n+++\n"
    + "## One\n\nx\n\n## Two\n\ny\n\n### Three\n\nz\n",
}


def test_reading_aids(build_site):
    build = build_site(ESSAYS, publish=True, siteurl=SITEURL)
    assert build.returncode == 0, build.log
    alpha = build.html("/posts/alpha/")
    figure = alpha.select_one(".prose figure")
    assert figure.figcaption.get_text() == "The caption" and figure.img["alt"] == "A photo"
    images = alpha.select(".prose img")
    assert [(i.get("width"), i.get("height")) for i in images] == [("40", "20"), ("40", "20")]
    assert images[0].get("loading") is None and images[1]["loading"] == "lazy"
    wrap = alpha.select_one(".table-wrap")
    assert wrap["role"] == "region" and wrap["tabindex"] == "0" and wrap["aria-label"] == "Table 1"
    assert meta(alpha, "og:image") == f"{SITEURL}/images/photo.png"
    assert [a.get_text() for a in alpha.select(".related a")] == ["Beta", "Gamma"]
    nav = build.html("/posts/beta/").select_one(".essay-nav")
    assert nav.select_one("a[rel=prev]").get_text(" ", strip=True).endswith("Alpha")
    assert nav.select_one("a[rel=next]").get_text(" ", strip=True).endswith("Gamma")
    assert "min read" in alpha.select_one(".reading-time").get_text()
    assert build.html("/posts/long/").select_one(".reading-time").get_text() == "6 min read"
    assert [a.get_text() for a in build.html("/posts/long/").select(".toc a")] == [
        "Part 1",
        "Part 2",
        "Part 3",
    ]
    assert build.html("/posts/long-off/").select_one(".toc") is None
    assert len(build.html("/posts/short-on/").select(".toc li")) == 3
    assert build.html("/posts/delta/").select_one(".toc") is None


def test_a_missing_front_matter_image_names_the_essay_and_stops_publish(build_site):
    files = {
        "posts/a.md": "+++\ntitle = 'A'\ndate = 2025-01-01\nimage = '/images/gone.png'\n+++\nB\n"
    }
    local = build_site(files)
    assert local.returncode == 1
    assert "posts/a.md: its image /images/gone.png (front matter) is not a file" in local.log
    assert build_site(files, publish=True, siteurl=SITEURL).returncode == 1


def test_the_publish_build_itself_fails_on_a_broken_internal_link(build_site):
    files = {"posts/a.md": "+++\ntitle = 'A'\ndate = 2025-01-01\n+++\n[x](../nowhere/)\n"}
    local = build_site(files)
    assert local.returncode == 0  # the local preview does not check: LINK_CHECK is off
    published = build_site(files, publish=True, siteurl=SITEURL)
    assert published.returncode == 1
    said = " ".join(published.log.split())
    assert "broken internal link: posts/a/index.html" in said
    assert f"{SITEURL}/posts/nowhere/ leads to no file" in said


def test_a_relative_link_to_a_missing_image_is_named_when_read(build_site):
    files = {
        "posts/a.md": "+++\ntitle = 'A'\ndate = 2025-01-01\n+++\n![y](../../images/none.png)\n"
    }
    published = build_site(files, publish=True, siteurl=SITEURL)
    assert published.returncode == 1
    assert "posts/a.md:5: links to /images/none.png, but there is no file" in published.log


def test_relative_links_in_summaries_work_on_every_list_page(build_site):
    files = {
        "posts/a.md": "+++\ntitle = 'A'\ndate = 2025-01-02\ntags = ['t']\n+++\n"
        "See [the other](../b/).\n",
        "posts/b.md": "+++\ntitle = 'B'\ndate = 2025-01-01\n+++\nB.\n",
    }
    build = build_site(files, publish=True, siteurl=SITEURL)
    assert build.returncode == 0, build.log
    for page in ("/", "/tags/t/", "/posts/a/"):
        link = build.html(page).find("a", string="the other")
        assert link["href"] == f"{SITEURL}/posts/b/", page


def test_a_template_printing_an_undefined_value_is_named(build_site, tmp_path):
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "article.html").write_text(
        "{% if article.subtitle %}never{% endif %}<p>{{ article.kicker_text }}</p>"
    )
    build = build_site(
        {"posts/a.md": "+++\ntitle = 'A'\ndate = 2025-01-01\n+++\nB\n"},
        settings={"THEME_TEMPLATES_OVERRIDES": [str(overrides)]},
    )
    assert build.returncode == 0, build.log
    assert "posts/a.md (template article.html): printed kicker_text, which is not defined" in (
        build.log
    )
    assert "subtitle" not in build.log  # only asking is fine
