"""Root-relative links under a subpath SITEURL (a GitHub project page)."""

from __future__ import annotations

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'

SITE = {
    "posts/a.md": """
        +++
        title = "Linking Essay"
        date = 2025-01-10T09:00:00-05:00
        +++
        ![A square](/images/sq.svg) and [the other essay](/posts/other-essay/#part)
        and [home](/).
    """,
    "posts/b.md": "+++\ntitle = 'Other Essay'\ndate = 2025-01-09\n+++\nB.\n",
    "images/sq.svg": SVG,
}


def test_links_follow_the_subpath_when_publishing(build_site):
    build = build_site(SITE, publish=True, siteurl="https://example.github.io/repo")
    assert build.returncode == 0, build.log
    prose = build.html("/posts/linking-essay/").select_one(".prose")
    assert prose.img["src"] == "https://example.github.io/repo/images/sq.svg"
    hrefs = [a["href"] for a in prose.select("a")]
    assert hrefs == [
        "https://example.github.io/repo/posts/other-essay/#part",
        "https://example.github.io/repo/",
    ]
    assert (build.output / "images" / "sq.svg").read_bytes() == SVG


def test_links_stay_relative_in_the_local_preview(build_site):
    build = build_site(SITE)
    assert build.returncode == 0, build.log
    prose = build.html("/posts/linking-essay/").select_one(".prose")
    assert prose.img["src"] == "../../images/sq.svg"
    assert prose.a["href"] == "/posts/other-essay/#part"


def test_a_missing_image_is_reported_and_stops_publish(build_site):
    files = dict(SITE)
    files["posts/c.md"] = "+++\ntitle = 'C'\ndate = 2025-01-01\n+++\n![gone](/images/gone.png)\n"
    local = build_site(files)
    assert local.returncode == 1
    assert "posts/c.md:5: links to /images/gone.png, but there is no file" in local.log
    assert "images/gone.png; add the file or correct the link" in local.log
    assert build_site(files, publish=True).returncode == 1
