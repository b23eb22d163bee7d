"""Finding and classifying root-relative links, as plain functions."""

from __future__ import annotations

import random
import re

from root_links.rewrite import classify, rewrite


def test_only_root_relative_attributes_inside_tags_are_passed_on():
    html = (
        '<p><a href="/posts/x/">x</a> <img alt="a" src=\'/images/a.png\'> '
        '<a href="//cdn.example/x">cdn</a> <a href="https://e.org/">e</a> '
        '<a href="rel/path">r</a></p>'
        '<pre><code>&lt;a href="/in/code/"&gt;</code></pre>'
        '<video poster="/images/p.jpg" src="/media/v.mp4"></video>'
    )
    seen = []

    def record(url):
        seen.append(url)
        return "NEW" + url

    out = rewrite(html, record)
    assert seen == ["/posts/x/", "/images/a.png", "/images/p.jpg", "/media/v.mp4"]
    assert 'href="NEW/posts/x/"' in out and "src='NEW/images/a.png'" in out
    assert "/in/code/" in out and "NEW/in/code/" not in out


def test_returning_none_leaves_the_link_as_written():
    html = '<a href="/x/">x</a>'
    assert rewrite(html, lambda url: None) == html


def test_classify_files_missing_files_and_pages(tmp_path):
    (tmp_path / "images" / "blogs").mkdir(parents=True)
    (tmp_path / "images" / "blogs" / "chart one.png").write_bytes(b"png")
    statics = ["images"]
    found = classify("/images/blogs/chart%20one.png?v=2#top", str(tmp_path), statics)
    assert (found.kind, found.path, found.suffix) == (
        "file",
        "/images/blogs/chart one.png",
        "?v=2#top",
    )
    assert classify("/images/nope.png", str(tmp_path), statics).kind == "missing"
    assert classify("/posts/essay/", str(tmp_path), statics).kind == "page"
    # A path that climbs out of the content folder is never taken for a file.
    assert classify("/../../etc/passwd", str(tmp_path), statics).kind == "page"


def _every_tag(html, replace, page_path=None, first=lambda url: None):
    """The plain algorithm: every tag, every link attribute, in Python."""
    from root_links.rewrite import _ATTRIBUTE, site_path

    def in_tag(tag):
        def one(attribute):
            claimed = first(attribute["url"])
            if claimed is None:
                path = site_path(attribute["url"], page_path)
                claimed = replace(path) if path is not None else None
            if claimed is None:
                return attribute.group(0)
            q = attribute["quote"]
            return f"{attribute['lead']}{q}{claimed}{q}"

        return _ATTRIBUTE.sub(one, tag.group(0))

    return re.sub(r"<[A-Za-z][^<>]*>", in_tag, html)


def test_skipping_tags_without_site_links_changes_nothing():
    """Tags are filtered in the regex engine; the result is the plain scan's, link for link."""
    rng = random.Random(7)
    values = [
        "/posts/x/", "rel/page/", "../up.png", "https://e.org/", "mailto:a@b", "//cdn/x",
        "#fn:1", "?q=1", "{static}/a.png", "", "HTTP://E.ORG", "a:b", "/images/a b.png",
        "x.png#top",
    ]  # fmt: skip
    names = ["href", "src", "poster", "HREF", "alt", "title", "data-href"]
    pieces = ["text ", "a < b ", "<p>", "</p>", "<br>", "&lt;a href='/code/'&gt;", "<em>x</em>"]
    for _ in range(300):
        html = []
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.4:
                html.append(rng.choice(pieces))
                continue
            attrs = []
            for _ in range(rng.randint(0, 3)):
                quote = rng.choice("\"'")
                space = rng.choice(["", " "])
                name, value = rng.choice(names), rng.choice(values)
                attrs.append(f" {name}{space}={space}{quote}{value}{quote}")
            html.append(f"<{rng.choice(['a', 'img', 'video', 'span'])}{''.join(attrs)}>")
        html = "".join(html)

        def replace(url):
            return None if url.endswith("/x/") else "NEW" + url

        def first(url):  # like the plugin's: claims a relative file link, never a leaving one
            relative = not url.startswith(("/", "{", "#", "?")) and ":" not in url
            return "BESIDE" + url if relative and url.endswith(".png") else None

        for page in (None, "/posts/essay/"):
            assert rewrite(html, replace, page, first) == _every_tag(html, replace, page, first)
