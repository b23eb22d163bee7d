"""Each front-matter form, built into a real site and read back from the HTML."""

from __future__ import annotations

import pytest

TOML = """\
+++
title = 'Tolls & <Queues>: a "first" look'
date = 2025-12-01T09:00:00-05:00
lastmod = 2025-12-03T10:00:00-05:00
tags = ["Transport", "Open Source"]
summary = "A *short* summary."
+++

The essay's first paragraph.
"""

YAML = """\
---
title: Jekyll Style
date: 2024-05-06 14:30:00 +0200
updated: "2024-05-08 09:00:00 +0200"
tags: [Data]
categories: [Method]
author: [Ana Lima, Ben Oduya]
---

Opening paragraph of the YAML essay.

<!--more-->

Text after the divider.
"""

ZOLA = """\
+++
title = "Zola Style"
date = 2025-09-14
updated = 2025-10-01

[taxonomies]
tags = ["Energy"]

[extra]
featured = true
+++

Zola opening.

<!-- more -->

Zola body.
"""

NATIVE = """\
Title: Native Style
Date: 2025-08-02 10:00
Tags: Housing, Data
Summary: Native summary.

Native body.
"""

NON_LATIN = """\
+++
title = "数据与政策：一个例子"
date = 2025-03-01T12:00:00+08:00
slug = "data-and-policy"
tags = ["政策"]
+++

正文。
"""


@pytest.fixture(scope="module")
def site(make_site):
    build = make_site(
        {
            "posts/toml.md": TOML,
            "posts/yaml.md": YAML,
            "posts/zola.md": ZOLA,
            "posts/native.md": NATIVE,
            "posts/non-latin.md": NON_LATIN,
        }
    )
    assert build.returncode == 0, build.log
    assert "ERROR" not in build.log, build.log
    return build


def test_toml_essay_title_is_escaped_and_dates_keep_their_offset(site):
    page = site.html("/posts/tolls-queues-a-first-look/")
    assert page.h1.get_text() == 'Tolls & <Queues>: a "first" look'
    raw = site.path("/posts/tolls-queues-a-first-look/").read_text()
    assert "Tolls &amp; &lt;Queues&gt;" in raw
    published = page.select_one("time.published")
    assert published["datetime"] == "2025-12-01T09:00:00-05:00"
    updated = page.select_one(".updated")
    assert updated.get_text(" ", strip=True).startswith("Updated")
    assert updated.time["datetime"] == "2025-12-03T10:00:00-05:00"


def test_tags_link_to_tag_pages_that_list_the_essay(site):
    page = site.html("/posts/tolls-queues-a-first-look/")
    hrefs = [a["href"] for a in page.select("a[rel=tag]")]
    assert hrefs == ["../../tags/transport/", "../../tags/open-source/"]
    tag_page = site.html("/tags/open-source/")
    assert "Tolls & <Queues>" in tag_page.get_text()


def test_summary_front_matter_is_markdown_on_the_home_page(site):
    home = site.html("/")
    summaries = [s.decode_contents().strip() for s in home.select(".summary")]
    assert "<p>A <em>short</em> summary.</p>" in summaries


def test_hugo_more_divider_makes_the_summary_and_leaves_the_essay(site):
    home = site.html("/")
    item = next(li for li in home.select("ol.essays > li") if "Jekyll Style" in li.get_text())
    summary = item.select_one(".summary").get_text()
    assert "Opening paragraph" in summary
    assert "after the divider" not in summary
    essay = site.path("/posts/jekyll-style/").read_text()
    assert "<!--more-->" not in essay
    assert "Text after the divider." in essay


def test_yaml_dates_authors_and_category(site):
    page = site.html("/posts/jekyll-style/")
    assert page.select_one("time.published")["datetime"] == "2024-05-06T14:30:00+02:00"
    assert page.select_one(".updated time")["datetime"] == "2024-05-08T09:00:00+02:00"
    assert [a.get_text() for a in page.select(".meta a")] == ["Ana Lima", "Ben Oduya"]
    assert site.exists("/authors/ben-oduya/")
    assert site.exists("/categories/method/")


def test_zola_local_date_taxonomies_and_divider(site):
    home = site.html("/")
    item = next(li for li in home.select("ol.essays > li") if "Zola Style" in li.get_text())
    assert item.select_one(".summary").get_text(strip=True) == "Zola opening."
    page = site.html("/posts/zola-style/")
    assert "Zola body." in page.get_text()
    # A local date is taken in the site's TIMEZONE (America/New_York).
    assert page.select_one("time.published")["datetime"] == "2025-09-14T00:00:00-04:00"
    assert page.select_one(".updated time")["datetime"] == "2025-10-01T00:00:00-04:00"
    assert site.exists("/tags/energy/")


def test_pelican_native_metadata(site):
    page = site.html("/posts/native-style/")
    assert page.select_one("time.published")["datetime"] == "2025-08-02T10:00:00-04:00"
    assert site.exists("/tags/housing/") and site.exists("/tags/data/")
    assert page.select_one(".updated") is None


def test_non_latin_title_and_tag(site):
    page = site.html("/posts/data-and-policy/")
    assert page.h1.get_text() == "数据与政策：一个例子"
    assert page.title.get_text().startswith("数据与政策")
    assert page.select_one("time.published")["datetime"] == "2025-03-01T12:00:00+08:00"
    tag = page.select_one("a[rel=tag]")
    assert tag.get_text() == "政策"
    assert site.path(tag["href"].replace("../..", "")).is_file()


def test_params_extra_and_unknown_keys_reach_templates(build_site, tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "article.html").write_text(
        "<p id=params>{{ article.params.kicker }}</p>"
        "<p id=extra>{{ article.extra.featured }}</p>"
        "<p id=custom>{{ article.reading_note }}</p>"
        "<p id=nested>{{ article.params.nested.deep }}</p>"
        "<p id=format>{{ article.front_matter_format }}</p>",
        encoding="utf-8",
    )
    build = build_site(
        {
            "posts/hugo.md": """
                +++
                title = "Params"
                date = 2025-01-01
                reading_note = "<kept & escaped>"
                [params]
                kicker = "From params"
                [params.nested]
                deep = "deep value"
                [extra]
                featured = true
                +++
                Body.
            """
        },
        settings={"THEME_TEMPLATES_OVERRIDES": [str(overrides)]},
    )
    assert build.returncode == 0, build.log
    page = build.html("/posts/params/")
    assert page.select_one("#params").get_text() == "From params"
    assert page.select_one("#extra").get_text() == "True"
    assert page.select_one("#custom").get_text() == "<kept & escaped>"
    assert page.select_one("#nested").get_text() == "deep value"
    assert page.select_one("#format").get_text() == "toml"


def test_hugo_permalink_setting_reproduces_old_urls(build_site):
    build = build_site(
        {
            "posts/my-file.md": """
                +++
                title = "Permalinked Essay"
                date = 2025-02-03T10:00:00+01:00
                +++
                Body.
            """,
            "posts/other.md": """
                ---
                title: Has A Slug
                slug: chosen
                date: 2024-11-30
                ---
                Body.
            """,
        },
        settings={"ARTICLE_PERMALINK": "/:year/:month/:slug/"},
    )
    assert build.returncode == 0, build.log
    assert build.exists("/2025/02/permalinked-essay/")
    assert build.exists("/2024/11/chosen/")
    home = build.html("/")
    assert {a["href"] for a in home.select("ol.essays h3 a")} == {
        "./2025/02/permalinked-essay/",
        "./2024/11/chosen/",
    }


def test_filename_permalink_as_hugo_defaults_to(build_site):
    build = build_site(
        {"posts/kept-name.md": "+++\ntitle = 'Anything'\ndate = 2025-01-01\n+++\nBody.\n"},
        settings={"ARTICLE_PERMALINK": "/:section/:filename/"},
    )
    assert build.returncode == 0, build.log
    assert build.exists("/posts/kept-name/")


def test_hugo_url_override_is_the_whole_path(build_site):
    build = build_site(
        {"posts/x.md": "+++\ntitle = 'Moved'\ndate = 2025-01-01\nurl = '/special/place/'\n+++\nB\n"}
    )
    assert build.returncode == 0, build.log
    assert build.exists("/special/place/")
    assert "special/place/" in build.html("/").select_one("ol.essays h3 a")["href"]


def test_an_unknown_permalink_token_stops_the_build_naming_the_setting(build_site):
    build = build_site(
        {"posts/x.md": "+++\ntitle = 'x'\ndate = 2025-01-01\n+++\nB\n"},
        settings={"ARTICLE_PERMALINK": "/:weekday/:slug/"},
    )
    assert build.returncode != 0
    assert "ARTICLE_PERMALINK" in build.log and ":weekday" in build.log


def test_the_contents_marker_still_works_where_an_essay_has_it(make_site):
    head = "+++\ntitle = '{}'\ndate = 2025-11-0{}T09:00:00Z\n+++\n\n"
    build = make_site(
        {
            "posts/a.md": head.format("Marked", 1) + "[TOC]\n\n## First part\n\n## Second part\n",
            "posts/b.md": head.format("Unmarked", 2) + "## Only part\n\nText.\n",
            "posts/c.md": head.format("Quoted", 3) + "Write [TOC] alone on a line.\n\n## Part\n",
        }
    )
    assert build.returncode == 0, build.log
    marked = build.html("/posts/marked/")
    assert marked.select('div.toc a[href="#first-part"]')
    assert not build.html("/posts/unmarked/").select("div.toc")
    quoted = build.html("/posts/quoted/")
    assert not quoted.select("div.toc") and "Write [TOC] alone" in quoted.get_text()


def test_hostile_front_matter_is_named_and_the_rest_of_the_site_builds(build_site):
    from tests.plugins.front_matter.test_parse import _alias_chain

    build = build_site(
        {
            "posts/bomb.md": _alias_chain().replace("title: Bomb", "title: Bomb\ndate: 2025-01-01"),
            "posts/digits.md": "+++\ntitle = 'D'\ndate = 2025-01-01\nn = " + "9" * 9000 + "\n+++\n",
            "posts/long.md": "+++\ntitle = '" + "word " * 80 + "'\ndate = 2025-01-02\n+++\nLong.\n",
            "posts/fine.md": "+++\ntitle = 'Fine'\ndate = 2025-01-03\n+++\nFine.\n",
        },
        publish=True,
    )
    assert build.returncode != 0
    assert "posts/bomb.md: the YAML front matter repeats a list or table" in build.log
    assert "posts/digits.md:4: a number in the TOML front matter has 9,000 digits" in build.log
    assert "posts/long.md: the title makes a 399-byte address; it is cut to 'word-word" in build.log
    assert "MemoryError" not in build.log and "ValueError" not in build.log


def test_pathological_markdown_is_fast_or_stopped_and_named(build_site):
    essay = "+++\ntitle = '{title}'\ndate = 2025-01-0{day}\n+++\n{body}\n"
    brackets = "[" * 13000 + "x" + "](" * 13000  # 39 KB: 47 s in Python-Markdown alone
    indented = "".join("  " * i + "- x\n" for i in range(3000))  # minutes, unbounded
    build = build_site(
        {
            "posts/brackets.md": essay.format(title="Brackets", day=1, body=brackets),
            "posts/indented.md": essay.format(title="Indented", day=2, body=indented),
            "posts/fine.md": essay.format(title="Fine", day=3, body="Fine."),
        },
        settings={"RENDER_TIME_LIMIT": 3},
    )
    assert build.returncode == 1, build.log
    assert build.exists("/posts/brackets/") and build.exists("/posts/fine/")
    assert not build.exists("/posts/indented/")
    assert (
        "posts/indented.md: its Markdown took more than 3 s to render and was stopped; "
        "it is not published"
    ) in build.log
