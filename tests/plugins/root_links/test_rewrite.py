"""Finding and classifying root-relative links, as plain functions."""

from __future__ import annotations

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
