"""Hugo's URL rules. Every expected value was read off Hugo 0.111's own output."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

urls = importlib.import_module("hugo.urls")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What's new? A look", "whats-new-a-look"),
        ("A: B -- c", "a-b--c"),
        ("  Spaces  galore  ", "spaces-galore"),
        ("Café au lait, naïve", "café-au-lait-naïve"),
        ("Emoji 🚀 rocket", "emoji-rocket"),
        ("Hyphen - - run-", "hyphen--run-"),
        ("Tab\there", "tab-here"),
        ("Roman Ⅻ and ½", "roman-and"),
        ("-lead -x", "-lead-x"),
        ("a@b", "a@b"),
        ("a~b", "a~b"),
        ("Under_score.dot", "under_score.dot"),
        ("x/y path", "x/y-path"),
        ("C++ & Budgets", "c++-budgets"),  # a tag keeps its plus signs
    ],
)
def test_make_path_matches_hugo(text, expected):
    assert urls.make_path(text) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [("C++ & C#: a tale", "c-c#-a-tale"), ("a+b", "a-b"), ("c++ x", "c-x"), ("a&b", "ab")],
)
def test_a_title_in_a_permalink_reads_plus_as_a_space(title, expected):
    assert urls.title_path(title) == expected


def facts(**changes):
    base = dict(
        sections=("posts",),
        filename="my-file",
        title="Transit Budgets: What's Left?",
        slug=None,
        date=dt.datetime(2025, 3, 4, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    )
    return urls.PageFacts(**{**base, **changes})


def test_patterns_expand_each_token():
    assert urls.expand("/:year/:month/:slug/", facts()) == "/2025/03/transit-budgets-whats-left/"
    assert urls.expand("/:year/:month/:slug/", facts(slug="Permit-Queue")) == (
        "/2025/03/permit-queue/"
    )
    assert urls.expand("/:section/:filename/", facts()) == "/posts/my-file/"
    assert urls.expand("/:sections/:day/:title/", facts(sections=("a", "b"))) == (
        "/a/b/04/transit-budgets-whats-left/"
    )
    assert urls.expand("/:slugorfilename/", facts()) == "/my-file/"
    assert urls.expand("/:year/:monthname/:yearday.html", facts()) == "/2025/march/63.html"


def test_without_a_pattern_the_folders_and_file_name_give_the_path():
    assert urls.default_path(facts(sections=())) == "/my-file/"
    assert urls.default_path(facts(sections=("notes", "2025"), slug="Short")) == (
        "/notes/2025/short/"
    )


def test_a_url_override_is_kept_as_written_and_saved_as_an_index():
    assert urls.override("/archive/2024/Moved/") == "/archive/2024/Moved/"
    assert urls.save_as("/archive/x/") == "archive/x/index.html"
    assert urls.save_as("/feed/page.html") == "feed/page.html"
    assert urls.save_as("/") == "index.html"


def test_unknown_tokens_and_empty_patterns_are_named():
    assert urls.check_pattern("/:year/:slug/") is None
    assert "token :uuid" in urls.check_pattern("/:uuid/")
    assert "empty" in urls.check_pattern("//")


def test_the_layout_finds_files_outside_bundles_that_hugo_publishes(tmp_path):
    from hugo import layout

    files = {
        "posts/essay.md": "x",
        "posts/2022/data/profit.csv": "x",
        "posts/bundle/index.md": "x",
        "posts/bundle/chart.png": "x",
        "posts/bundle/images/detail.png": "x",
        "posts/page.html": "x",
        "posts/.DS_Store": "x",
        "posts/notes.md~": "x",
        "favicon.ico": "x",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = layout.scan(str(tmp_path))
    assert found.loose == ["favicon.ico", "posts/2022/data/profit.csv"]
    assert found.bundles == ["posts/bundle"]
