"""What lands outside the page's text: descriptions, feed summaries, images.

A description is plain text a reader sees out of context (a search result,
a shared link, a feed reader's list); none of the page's machinery, and
nothing hostile from front matter, may reach it.
"""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

SITEURL = "https://example.github.io/repo"
CITED = r"""
+++
title = "Cited"
date = 2025-02-02T09:00:00+01:00

[[sources]]
id = "eval"
title = "Reasoning Evaluations, Autumn Edition"
url = "https://evals.example/autumn"
category = "Analysis"
+++
Scores rose this autumn [@eval], and fell back[^1] within a month.

[^1]: The note's own text, which belongs at the foot of the page.
"""
HOSTILE = r"""
+++
title = "Bell\u0007 and \u0085next line"
date = 2025-02-01T09:00:00+01:00
image = "javascript:alert(1)"
description = "A dek with a \u0001 control"
+++
Body.
"""


def descriptions(soup: BeautifulSoup) -> list[str]:
    found = [
        soup.find("meta", attrs={"name": "description"})["content"],
        soup.find("meta", property="og:description")["content"],
        soup.find("meta", attrs={"name": "twitter:description"})["content"],
    ]
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if isinstance(data, dict) and "description" in data:
            found.append(data["description"])
    return found


def test_descriptions_are_plain_text_without_citations_or_notes(make_site):
    build = make_site({"posts/cited.md": CITED}, publish=True, siteurl=SITEURL)
    assert build.returncode == 0, build.log
    page = build.html("/posts/cited/")
    found = descriptions(page)
    assert len(found) == 4  # meta, OpenGraph, Twitter, JSON-LD
    for text in found:
        assert text.startswith("Scores rose this autumn, and fell back within a month"), text
        assert "[1" not in text and "Reasoning" not in text and "note" not in text
    feed = json.loads(build.path("/feeds/all.json").read_text(encoding="utf-8"))
    summary = feed["items"][0]["summary"]
    assert summary.startswith("Scores rose this autumn, and fell back within a month")
    assert "<" not in summary and "Reasoning" not in summary
    assert "<" in feed["items"][0]["content_html"]


@pytest.mark.parametrize("publish", [False, True], ids=["preview", "publish"])
def test_hostile_front_matter_reaches_no_output(make_site, publish):
    build = make_site(
        {"posts/hostile.md": HOSTILE}, publish=publish, siteurl=SITEURL if publish else None
    )
    # Both builds refuse the javascript: image (it names no file): the publish
    # build writes nothing, the preview writes the rest and exits 1. Neither
    # writes it, or a control character, anywhere.
    assert build.returncode != 0, build.log
    assert "posts/hostile.md: control characters dropped from the front matter" in build.log
    assert "(title, description)" in build.log
    written = [p for p in build.output.rglob("*") if p.is_file()]
    assert publish or written
    for path in written:
        if path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "javascript:alert" not in text, path
            assert not any(c in text for c in "\x01\x07\x85"), path
