"""What Hugo, Zola, Jekyll and Pelican authors write, mapped onto one vocabulary."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from front_matter.errors import FrontMatterError
from front_matter.mapping import map_metadata
from front_matter.parse import split

TZ = ZoneInfo("Europe/Lisbon")


def mapped(text: str, path: str = "posts/x.md") -> dict:
    doc = split(text, path)
    return map_metadata(doc.metadata, path=path, default_tz=TZ, line_of=doc.line_of)


def test_hugo_toml():
    meta = mapped(
        "+++\ntitle = 'Hugo'\ndate = 2025-12-01T09:00:00-05:00\nlastmod = 2025-12-03\n"
        'tags = ["AI", "Open Source"]\ncategories = ["Analysis", "AI"]\n'
        "draft = true\nslug = 'hugo-post'\nsummary = 'The *short* version'\n"
        'aliases = ["/old/hugo/", "/older/hugo.html"]\nauthor = "Ana"\n'
        "weight = 3\n[params]\nkicker = 'x'\n+++\n"
    )
    assert meta["title"] == "Hugo"
    assert meta["date"].isoformat() == "2025-12-01T09:00:00-05:00"
    assert meta["modified"].isoformat() == "2025-12-03T00:00:00+00:00"
    assert meta["tags"] == ["AI", "Open Source"]
    assert meta["categories"] == ["Analysis", "AI"]
    assert meta["status"] == "draft"
    assert meta["slug"] == "hugo-post"
    assert meta["summary"] == "The *short* version"
    assert meta["aliases"] == ["/old/hugo/", "/older/hugo.html"]
    assert meta["authors"] == ["Ana"]
    # Nothing is dropped: the original keys and tables stay as written.
    assert meta["weight"] == 3
    assert meta["params"] == {"kicker": "x"}
    assert meta["lastmod"] == dt.date(2025, 12, 3)
    assert meta["draft"] is True


def test_zola_toml_taxonomies_updated_and_extra():
    meta = mapped(
        "+++\ntitle = 'Zola'\ndate = 2025-09-14\nupdated = 2025-10-01T08:00:00+01:00\n"
        "description = 'Plain text'\n[taxonomies]\ntags = ['Energy', 'Grid']\n"
        "categories = ['Analysis']\n[extra]\nfeatured = true\n+++\n"
    )
    assert meta["date"] == dt.datetime(2025, 9, 14, tzinfo=TZ)
    assert meta["modified"].isoformat() == "2025-10-01T08:00:00+01:00"
    assert meta["tags"] == ["Energy", "Grid"]
    assert meta["categories"] == ["Analysis"]
    assert meta["description"] == "Plain text"
    assert "summary" not in meta  # a description is not a summary, in Hugo or Zola
    assert meta["extra"] == {"featured": True}
    assert meta["taxonomies"]["tags"] == ["Energy", "Grid"]


def test_jekyll_yaml_redirect_from_and_date_from_file_name():
    meta = mapped(
        "---\ntitle: Jekyll\nredirect_from:\n  - /a.html\n  - /b/\ncategories: news policy\n"
        "author: [Ana, Ben]\n---\n",
        path="_posts/2024-05-06-jekyll.md",
    )
    assert meta["date"] == dt.datetime(2024, 5, 6, tzinfo=TZ)
    assert meta["aliases"] == ["/a.html", "/b/"]
    assert meta["authors"] == ["Ana", "Ben"]
    assert meta["categories"] == ["news policy"]


def test_pelican_native_strings_split_like_pelican():
    meta = mapped(
        "Title: Native\nDate: 2025-08-02 10:00\nModified: 2025-08-05 16:40\n"
        "Tags: Housing, Data\nAuthors: Doe, Jane; Roe, Rick\nStatus: hidden\n\nBody\n"
    )
    assert meta["tags"] == ["Housing", "Data"]
    assert meta["authors"] == ["Doe, Jane", "Roe, Rick"]
    assert meta["status"] == "hidden"
    assert meta["modified"] > meta["date"]


def test_a_list_keeps_a_tag_with_a_comma_whole():
    assert mapped("+++\ntitle = 't'\ntags = ['Trade, Tariffs', 'AI', 'AI']\n+++\n")["tags"] == [
        "Trade, Tariffs",
        "AI",
    ]


def test_draft_false_and_string_booleans():
    assert "status" not in mapped("+++\ntitle = 't'\ndraft = false\n+++\n")
    assert mapped("---\ntitle: t\ndraft: 'yes'\n---\n")["status"] == "draft"
    assert mapped("Title: t\nDraft: true\n\n")["status"] == "draft"


def test_non_latin_title_is_kept_as_written():
    assert mapped("+++\ntitle = '数据与政策：一个例子'\n+++\n")["title"] == "数据与政策：一个例子"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("+++\ndate = 2025-01-01\ntags = ['a']\n+++\n", None, "has no title"),
        ("---\ntitle: '   '\n---\n", 2, "has no title"),
        ("---\ntitle: t\ndate: next tuesday\n---\n", 3, "the date 'next tuesday'"),
        ("---\ntitle: t\nlastmod: 2025-02-30\n---\n", 3, "not a real date"),
        ("+++\ntitle = 't'\ndraft = 'maybe'\n+++\n", 3, "draft is 'maybe'"),
        ("+++\ntitle = 't'\naliases = 3\n+++\n", 3, "aliases is not a path"),
        ("+++\ntitle = 't'\ndate = [2025]\n+++\n", 3, "not a date"),
    ],
)
def test_bad_values_name_the_file_the_line_and_what_to_do(text, line, words):
    with pytest.raises(FrontMatterError) as caught:
        mapped(text, "posts/bad.md")
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith("posts/bad.md")
