"""A Hugo site's taxonomies: its own (series), and terms that make bad addresses."""

from __future__ import annotations

import importlib

import pytest

taxonomies = importlib.import_module("hugo.taxonomies")
urls = importlib.import_module("hugo.urls")


@pytest.mark.parametrize(
    ("name", "path", "cut"),
    [
        ("Budget cycle", "budget-cycle", False),
        ("C++ & Budgets", "c++-budgets", False),
        ("a/b", "a/b", False),  # two folders, as Hugo writes it
        ("../escape", "escape", True),
        ("./x/../../y", "x/y", True),
        ("!!!", "", False),
    ],
)
def test_a_terms_folder_never_leaves_its_taxonomy(name, path, cut):
    assert urls.term_path(name) == (path, cut)


def test_terms_are_merged_by_address_and_bad_values_named():
    essays = [
        {"id": 1, "series": ["Budget cycle"]},
        {"id": 2, "series": "budget Cycle"},
        {"id": 3, "series": ["Field work", "?!"]},
        {"id": 4, "series": {"name": "x"}},
        {"id": 5},
    ]
    found, problems = taxonomies.collect(
        "series", "series", essays, lambda e: e.get("series"), urls.term_path
    )
    assert [(t.name, t.url, [e["id"] for e in listed]) for t, listed in found.terms] == [
        ("Budget cycle", "series/budget-cycle/", [1, 2]),
        ("Field work", "series/field-work/", [3]),
    ]
    assert [(e["id"], p.split(" (")[0]) for e, p in problems] == [
        (3, "the series '?!' makes no address"),
        (
            4,
            "series = {'name': 'x'} is not a term or a list of terms. "
            "Write series = ['First', 'Second']",
        ),
    ]


def test_terms_with_bad_addresses_stay_inside_their_pages(build_site, tmp_path):
    config = tmp_path / "hugo.toml"
    config.write_text(
        'title = "Terms"\n[taxonomies]\ntag = "tags"\nseries = "series"\n', encoding="utf-8"
    )
    essay = "+++\ntitle = 'Odd terms'\ndate = 2025-01-01\n{}\n+++\nBody.\n"
    build = build_site(
        {
            "posts/odd.md": essay.format('tags = ["../about", "!!!", "Fine"]\nseries = ["../x"]'),
            "posts/bad.md": essay.format("series = {a = 1}").replace("Odd terms", "Bad"),
        },
        settings={"HUGO_CONFIG": str(config)},
    )
    assert build.returncode == 0, build.log  # warnings: nothing published is broken
    assert "posts/odd.md: the tag '../about' has '.' or '..' folders" in build.log
    assert "posts/odd.md: the tag '!!!' makes no address" in build.log
    assert "posts/odd.md: the series '../x' has '.' or '..' folders" in build.log
    assert "posts/bad.md: series = {'a': 1} is not a term or a list of terms" in build.log
    written = {p.relative_to(build.output).as_posix() for p in build.output.rglob("*.html")}
    assert {"tags/about/index.html", "tags/fine/index.html", "series/x/index.html"} <= written
    assert "about/index.html" not in written and "x/index.html" not in written
    # The list of tags is still the list, not a page for '!!!'.
    tags = build.html("/tags/")
    assert sorted(a.text for a in tags.select("main ul a")) == ["../about", "Fine"]


def test_an_authors_taxonomy_owns_the_author_pages(build_site, tmp_path):
    config = tmp_path / "hugo.toml"
    config.write_text('title = "By"\n[taxonomies]\nauthor = "authors"\n', encoding="utf-8")
    essay = "+++\ntitle = 'Signed'\ndate = 2025-01-01\nauthors = ['Jane Q. Doe']\n+++\nBody.\n"
    build = build_site({"posts/signed.md": essay}, settings={"HUGO_CONFIG": str(config)})
    assert build.returncode == 0, build.log
    page = build.html("/authors/jane-q.-doe/")  # Hugo keeps the full stop
    assert page.h1.text == "Author: Jane Q. Doe"
    assert [a.text for a in page.select("main ol.essays h2 a")] == ["Signed"]
    byline = build.html("/posts/signed/").select_one(".byline a")
    assert byline["href"].endswith("authors/jane-q.-doe/")


def test_a_taxonomy_named_as_a_section_is_refused_not_written_over_it(build_site, tmp_path):
    config = tmp_path / "hugo.toml"
    config.write_text('title = "T"\n[taxonomies]\ntopic = "posts"\n', encoding="utf-8")
    essay = "+++\ntitle = 'One'\ndate = 2025-01-01\nposts = ['X']\n+++\nBody.\n"
    build = build_site({"posts/one.md": essay}, publish=True, settings={"HUGO_CONFIG": str(config)})
    assert build.returncode != 0
    assert "taxonomy topic = 'posts': /posts/ is already a section" in build.log
    assert "Give the taxonomy another plural in [taxonomies]" in build.log
