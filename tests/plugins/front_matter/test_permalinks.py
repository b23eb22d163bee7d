"""Hugo permalink patterns in Pelican's URL settings."""

from __future__ import annotations

import pytest
from front_matter.permalinks import PermalinkError, to_pelican
from front_matter.settings import SettingsError, resolve


@pytest.mark.parametrize(
    ("pattern", "url", "save_as"),
    [
        ("/posts/:slug/", "posts/{slug}/", "posts/{slug}/index.html"),
        (
            "/:year/:month/:slug/",
            "{date:%Y}/{date:%m}/{slug}/",
            "{date:%Y}/{date:%m}/{slug}/index.html",
        ),
        (
            "/:year/:month/:day/:title",
            "{date:%Y}/{date:%m}/{date:%d}/{title_slug}/",
            "{date:%Y}/{date:%m}/{date:%d}/{title_slug}/index.html",
        ),
        (
            "/:section/:filename/",
            "{path_section}/{path_filename}/",
            "{path_section}/{path_filename}/index.html",
        ),
        (
            "/blog/:slugorfilename.html",
            "blog/{slug_or_filename}.html",
            "blog/{slug_or_filename}.html",
        ),
    ],
)
def test_hugo_patterns_translate(pattern, url, save_as):
    assert to_pelican(pattern) == (url, save_as)


@pytest.mark.parametrize("pattern", ["/:year/:weekday/:slug/", "/posts/{slug}/", "/", ""])
def test_patterns_we_cannot_reproduce_are_refused(pattern):
    with pytest.raises(PermalinkError):
        to_pelican(pattern)


def test_settings_name_the_plugin_and_the_setting():
    with pytest.raises(SettingsError, match="front_matter: ARTICLE_PERMALINK: .*:nope"):
        resolve({"ARTICLE_PERMALINK": "/:nope/"})


def test_settings_are_merged_over_defaults_without_changing_the_input():
    user = {"SUMMARY_DIVIDER": "<!-- cut -->"}
    merged = resolve(user)
    assert merged["ARTICLE_URL"] == "posts/{slug}/"
    assert merged["SUMMARY_DIVIDER_RE"].search("a<!-- cut -->b")
    assert user == {"SUMMARY_DIVIDER": "<!-- cut -->"}


def test_the_default_divider_takes_hugo_and_zola_spellings():
    divider = resolve({})["SUMMARY_DIVIDER_RE"]
    assert divider.search("<!--more-->") and divider.search("<!-- more -->")
    assert not divider.search("<!-- more to say -->")


def test_a_bad_divider_names_the_setting():
    with pytest.raises(SettingsError, match="SUMMARY_DIVIDER"):
        resolve({"SUMMARY_DIVIDER": "(unclosed"})


def test_each_url_is_worked_out_once_when_the_generator_is_done(tmp_path, monkeypatch):
    import copy
    import datetime as dt

    from front_matter.plugin import _url_setting, fix_addresses
    from pelican.contents import Article, Content, Page
    from pelican.settings import DEFAULT_CONFIG

    monkeypatch.setattr(Content, "get_url_setting", _url_setting)  # as register() does

    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(PATH=str(tmp_path), ARTICLE_URL="posts/{slug}/")
    when = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)

    def made(cls, slug, **metadata):
        metadata = {"title": slug, "slug": slug, "date": when, **metadata}
        return cls("<p>x</p>", metadata=metadata, settings=settings, source_path=f"{slug}.md")

    essay, draft = made(Article, "essay"), made(Article, "draft", status="draft")
    page, own = made(Page, "about"), made(Page, "own", url="elsewhere/")
    placed = made(Page, "placed", save_as="somewhere/index.html")

    class Generator:
        articles, drafts = [essay], [draft]
        pages, hidden_pages = [page, placed], [own, "not content"]

    fix_addresses(Generator)
    assert essay.override_url == "posts/essay/" == essay.url
    assert draft.override_url == "drafts/draft.html" == draft.url
    assert page.override_url == "pages/about.html"
    assert own.url == "elsewhere/"
    assert not hasattr(essay, "override_save_as")  # Pelican's check for two pages at one file
    assert essay.save_as == "essay.html" and draft.save_as == "drafts/draft.html"
    assert page.save_as == "pages/about.html" and placed.save_as == "somewhere/index.html"
    essay.slug = "renamed"  # too late: the generator is done
    assert essay.url == "posts/essay/" and essay.save_as == "essay.html"
    # Pelican's own way to place a file still wins, set before or after
    assert not hasattr(placed, "_fixed_save_as")
    page.override_save_as = "moved.html"
    assert page.save_as == "moved.html"
