"""Citations and Sources in real builds, read back from the HTML and the feed."""

from __future__ import annotations

import feedparser
import pytest

from sitecheck.nu import validate

SITEURL = "https://example.github.io/repo"
ESSAY = r"""
+++
title = "Cited Essay"
date = 2025-02-01T09:00:00+01:00
tags = ["Policy"]

[[sources]]
id = "own"
title = "The Essay's Own Source"
url = "https://own.example/report"
publisher = "Own Press"
date = "2024"
category = "Analysis"

[[sources]]
id = "shared"
title = "An Override Wins"
url = "https://override.example/"
category = "Policy"
+++
A claim [@site-yaml, p. 12]. Another [@own; @bib-entry]. Again [@site-yaml].
Escaped \[@site-yaml] is text, mail me at [someone@example.org] and
[@shared] is overridden. Plain [link to own](https://own.example/report).
"""
SITE = {
    "posts/cited.md": ESSAY,
    "bibliography/main.yaml": """
        - id: site-yaml
          title: "Site <YAML> & Source"
          url: https://yaml.example/doc
          author: [Doe, Jane]
          publisher: Yaml Institute
          date: 2023-05-01
          archived: https://archive.example/yaml
          category: Policy
        - id: shared
          title: Site Version Of Shared
          url: https://shared.example/
    """,
    "bibliography/more.bib": "@report{bib-entry,\n  title = {A BibTeX Report},\n"
    "  institution = {Bib Centre},\n  year = {2022},\n  url = {https://bib.example/},\n}\n",
    "bibliography/items.json": '[{"id": "unused", "title": "Never Cited", "URL": "https://u.example/"}]',
}


@pytest.fixture(scope="module")
def site(make_site):
    build = make_site(
        SITE,
        publish=True,
        siteurl=SITEURL,
        settings={"BIBLIOGRAPHY_CATEGORIES": ["Policy", "Analysis"]},
    )
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def essay(site):
    return site.html("/posts/cited-essay/")


def test_citations_are_numbered_by_first_use_with_locators(essay):
    citations = [c.get_text(" ", strip=True) for c in essay.select(".prose p .citation")]
    numbers = [
        [a.contents[0] for a in c.select("a.cite")] for c in essay.select(".prose p .citation")
    ]
    assert numbers == [["1"], ["2", "3"], ["1"], ["4"], ["2"]]
    assert citations[0].startswith("[ 1") and citations[0].endswith(", p. 12]")
    text = essay.select_one(".prose p").get_text()
    assert "[@site-yaml]" in text  # escaped: not a citation
    assert "[someone@example.org]" in text


def test_previews_name_title_publisher_and_year(essay):
    first = essay.select_one("a.cite .cite-preview").get_text()
    assert first == "Site <YAML> & Source, Yaml Institute, 2023"


def test_sources_are_grouped_in_the_configured_order_and_link_back(essay):
    section = essay.select_one("section.sources")
    assert [h.get_text() for h in section.select("h3")] == ["Policy", "Analysis", "Other sources"]
    items = {li["id"]: li for li in section.select("li")}
    assert items["source-site-yaml"]["value"] == "1"
    backs = [a["href"] for a in items["source-site-yaml"].select(".source-backrefs a")]
    assert backs == ["#cite-site-yaml-1", "#cite-site-yaml-2"]
    for href in backs:
        assert essay.select_one(href) is not None  # every back link has a target
    assert "Site &lt;YAML&gt; &amp; Source" in str(items["source-site-yaml"])
    assert items["source-site-yaml"].select_one("a.source-archived")["href"] == (
        "https://archive.example/yaml"
    )
    assert "An Override Wins" in items["source-shared"].get_text()  # the essay's entry wins
    assert "source-unused" not in items  # site sources appear only when cited
    assert "Bib Centre" in items["source-bib-entry"].get_text()


def test_a_plain_link_to_a_listed_source_is_a_citation(essay):
    link = essay.find("a", string="link to own")
    assert link.find_next_sibling("span", class_="citation").a["href"] == "#source-own"


def test_the_essay_with_citations_is_valid_html(site):
    assert [str(f) for f in validate(str(site.output / "posts"))] == []


def test_feeds_carry_the_sources_without_previews(site):
    entry = feedparser.parse((site.output / "feeds/all.atom.xml").read_bytes()).entries[0]
    html = entry.content[0].value
    assert "An Override Wins" in html and "<h2" in html
    assert "cite-preview" not in html and "Yaml Institute, 2023</span>" not in html


def test_the_fixtures_hand_written_sources_become_a_grouped_list(make_site, fixtures):
    build = make_site(
        links={"posts/hugo.md": fixtures / "hugo-toml-post.md", "images": fixtures / "images"},
        settings={"BIBLIOGRAPHY_CATEGORIES": []},
    )
    assert build.returncode == 0, build.log
    page = build.html("/posts/why-is-china-flooding-the-world-with-free-ai/")
    section = page.select_one("section.sources")
    assert [h.get_text() for h in section.select("h3")] == [
        "Analysis",
        "Funding",
        "Hardware",
        "Leaderboard",
        "Policy",
    ]
    assert len(section.select("li")) == 10
    assert (
        "**Policy:**" not in page.get_text()
        and "Policy:" not in page.select_one(".prose").get_text().split("Sources")[0]
    )


BAD = {
    "unknown key": (
        {
            "posts/a.md": "+++\ntitle = 'A'\ndate = 2025-01-01\n+++\nFirst line.\n"
            "A claim [@site-yml].\n",
            **{k: v for k, v in SITE.items() if k.startswith("bibliography/")},
        },
        "posts/a.md:6: citation key 'site-yml' is not a known source; nearest known: site-yaml",
    ),
    "duplicate id": (
        {
            "bibliography/a.yaml": "- id: x\n  title: X\n",
            "bibliography/b.yaml": "- id: x\n  title: Y\n",
        },
        "bibliography/b.yaml:1: source 'x' is defined here and in ",
    ),
    "no title": (
        {"bibliography/a.yaml": "- id: x\n  url: https://x.example/\n"},
        "source 'x' has no title",
    ),
    "bad bib": (
        {"bibliography/a.bib": "@misc{x, title = {Unclosed\n"},
        "has a BibTeX entry that does not parse",
    ),
    "bad json": ({"bibliography/a.json": '[{"id": }]'}, "is not valid JSON"),
    "javascript url": (
        {
            "posts/a.md": "+++\ntitle = 'A'\ndate = 2025-01-01\n[[sources]]\n"
            "id = 'x'\ntitle = 'X'\nurl = 'javascript:alert(1)'\n+++\nB\n"
        },
        "source 'x' has the URL 'javascript:alert(1)', which is not http or https",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_sources_are_named_and_stop_publish(make_site, case):
    files, words = BAD[case]
    files = {"posts/ok.md": "+++\ntitle = 'Ok'\ndate = 2025-01-01\n+++\nFine.\n", **files}
    local = make_site(files)
    assert local.returncode == 1
    assert words in " ".join(local.log.split()), local.log
    assert make_site(files, publish=True, siteurl=SITEURL).returncode == 1


def test_kept_references_give_the_same_page_as_a_fresh_build(make_site, tmp_path):
    cache = tmp_path / "shared-cache"
    first = make_site(SITE, settings={"CACHE_PATH": str(cache)})
    kept = (cache / "bibliography-references.entry").read_bytes().decode("utf-8", "replace")
    assert "Yaml Institute" in kept
    second = make_site(SITE, settings={"CACHE_PATH": str(cache)})
    fresh = make_site(SITE)
    pages = [b.path("/posts/cited-essay/").read_text() for b in (first, second, fresh)]
    assert pages[0] == pages[1] == pages[2]


def test_a_kept_journal_holds_site_sources_as_digests_and_keys(make_site, tmp_path):
    import bibliography.plugin  # noqa: F401 - names its journal's functions to the codec
    from build_cache import render_cache
    from build_cache.storage import Shelf

    cache = tmp_path / "cache"
    build = make_site(SITE, settings={"CACHE_PATH": str(cache)})
    assert build.returncode == 0, build.log
    (folder,) = (cache / "rendered-essays").iterdir()
    shelf = Shelf(str(folder), render_cache.FORMAT).load()
    (record,) = [render_cache.decode_kept(b) for b in shelf.values()]
    calls = [(function.__name__, args, answer) for function, args, answer, _ in record.entries]
    digests = {args[0]: answer for name, args, answer in calls if name == "site_entry"}
    assert {"site-yaml", "bib-entry"} <= set(digests)
    assert all(isinstance(d, str) and len(d) == 32 for d in digests.values())
    ((listed, essay),) = [args for name, args, _ in calls if name == "list_sources"]
    assert essay.endswith("cited.md")
    # The site's sources by key; the essay's own (and its override) whole.
    assert sorted(e for e, _ in listed if isinstance(e, str)) == ["bib-entry", "site-yaml"]
    assert sorted(e.id for e, _ in listed if not isinstance(e, str)) == ["own", "shared"]
    assert all("<" in html for _, html in listed)
