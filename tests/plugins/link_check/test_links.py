"""The internal link checker over a small written site (plain functions, no Pelican)."""

from __future__ import annotations

from pathlib import Path

from link_check.links import check, links

SITEURL = "https://example.org/repo"


def site(tmp_path: Path, pages: dict[str, str], files: tuple[str, ...] = ()) -> Path:
    root = tmp_path / "output"
    for path, body in pages.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"<!doctype html>\n<html><body>\n{body}\n</body></html>\n", "utf-8")
    for path in files:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x")
    return root


def test_links_that_lead_somewhere_pass(tmp_path):
    root = site(
        tmp_path,
        {
            "index.html": """
<a href="posts/one/">relative, a folder</a>
<a href="/repo/posts/one/index.html">from the root, under the subpath</a>
<a href="https://example.org/repo/">absolute, the home page</a>
<a href="?page=2">a query on this page</a>
<a href="#top">a fragment</a> <a href="mailto:a@example.org">mail</a>
<a href="tel:+100">phone</a> <img src="data:image/png;base64,AAAA" alt="">
<a href="https://elsewhere.example/missing/">another website</a>
<a href="//elsewhere.example/x">another website, scheme-relative</a>
<a href="caf%C3%A9/">percent-encoded</a> <a href="café/">as written</a>
<video poster="images/still.png" src="images/clip.mp4"></video>
<img src="images/a.png" srcset="images/a.png 1x, images/a-2x.png 2x" alt="">
<picture><source srcset="images/a.webp"><img src="images/a.png" alt=""></picture>
""",
            "posts/one/index.html": '<a href="../../">up</a> <a href="../../index.html">home</a>',
            "café/index.html": "<p>accented</p>",
        },
        ("images/still.png", "images/clip.mp4", "images/a.png", "images/a-2x.png", "images/a.webp"),
    )
    assert check(str(root), SITEURL) == []


def test_each_broken_link_is_named_with_its_page_line_and_tag(tmp_path):
    root = site(
        tmp_path,
        {
            "index.html": """<p>
<a
  class="spread over lines"
  href="posts/gone/">a missing folder</a>
<img src="images/missing.png" alt="">
<img src="images/a.png" srcset="images/a.png 1x, images/none-2x.png 2x" alt="">
<picture><source srcset="images/none.webp"><img src="images/a.png" alt=""></picture>
<link rel="stylesheet" href="/theme/site.css">
<a href="https://example.org/elsewhere/">outside the subpath</a>""",
            "posts/a/index.html": '<a href="../b/">a sibling that exists</a>',
            "posts/b/index.html": "<p>b</p>",
            "notes/index.html": '<a href="../b/">the same words, here they lead nowhere</a>',
        },
        ("images/a.png",),
    )
    assert check(str(root), SITEURL) == [
        # Pages in order of their paths; a tag spread over lines is named by its first.
        "index.html:4: <a> posts/gone/ leads to no file",
        "index.html:7: <img> images/missing.png leads to no file",
        "index.html:8: <img> images/none-2x.png leads to no file",
        "index.html:9: <source> images/none.webp leads to no file",
        "index.html:10: <link> /theme/site.css is outside the site's path /repo/",
        "index.html:11: <a> https://example.org/elsewhere/ is outside the site's path /repo/",
        "notes/index.html:3: <a> ../b/ leads to no file",
    ]


def test_a_site_at_the_root_and_relative_links(tmp_path):
    root = site(
        tmp_path,
        {
            "index.html": '<a href="/posts/a/">a</a> <a href="/posts/z/">z</a>',
            "posts/a/index.html": '<a href="../../">home</a> <a href="../../tags/">tags</a>',
        },
    )
    assert check(str(root)) == [
        "index.html:3: <a> /posts/z/ leads to no file",
        "posts/a/index.html:3: <a> ../../tags/ leads to no file",
    ]


def test_links_are_read_as_utf_8_and_from_every_kind_of_element(tmp_path):
    page = (
        b"<!doctype html><html><body><a href=' /caf\xc3\xa9/ '>x</a>"
        b"<a href>empty</a><script>var s = '<a href=/in-a-script/>';</script>"
        b"<template><a href='/in-a-template/'>t</a></template></body></html>"
    )
    assert [url for _, url, _ in links(page)] == ["/café/", "/in-a-template/"]
    assert links(b"") == links(b"  \n") == []


def test_a_page_an_earlier_check_read_is_not_read_again_but_its_links_are_checked_again(
    tmp_path, monkeypatch
):
    root = site(
        tmp_path,
        {
            "index.html": '<a href="posts/a/">a</a> <a href="posts/a/">again</a>',
            "posts/a/index.html": '<img src="chart.svg" alt="">',
        },
        ("posts/a/chart.svg",),
    )
    known: dict = {}
    assert check(str(root), SITEURL, known) == []
    assert sorted(known.values()) == [("chart.svg",), ("posts/a/",)]  # each URL once

    def parse(page):
        raise AssertionError("a page with the same bytes was read again")

    import link_check.links as module

    monkeypatch.setattr(module, "links", parse)
    # The page is the same, the file its link names is gone: still found.
    (root / "posts/a/chart.svg").unlink()
    assert check(str(root), SITEURL, known) == [
        "posts/a/index.html:3: <img> chart.svg leads to no file"
    ]
    # A changed page is read again, and the pages gone are forgotten.
    monkeypatch.undo()
    (root / "index.html").write_text('<a href="/repo/new/">new</a>', "utf-8")
    (root / "posts/a/index.html").unlink()
    assert check(str(root), SITEURL, known) == ["index.html:1: <a> /repo/new/ leads to no file"]
    assert list(known.values()) == [("/repo/new/",)]
