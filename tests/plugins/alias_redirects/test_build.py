"""Old URLs keep working: redirect pages written by a real build."""

from __future__ import annotations

SITE = {
    "posts/moved.md": """
        +++
        title = "Moved & Kept"
        date = 2025-01-10T09:00:00-05:00
        aliases = ["/2019/01/old-name/", "/blog/old-name.html"]
        +++
        Body.
    """,
    "posts/jekyll.md": """
        ---
        title: From Jekyll
        date: 2024-05-06 14:30:00 +0200
        redirect_from:
          - /2024/05/06/from-jekyll.html
        ---
        Body.
    """,
}


def test_each_alias_is_a_redirect_page_with_refresh_and_canonical(build_site):
    build = build_site(SITE, publish=True, siteurl="https://example.github.io/repo")
    assert build.returncode == 0, build.log
    target = "https://example.github.io/repo/posts/moved-kept/"
    for alias in ("/2019/01/old-name/", "/blog/old-name.html"):
        page = build.html(alias)
        assert page.select_one("link[rel=canonical]")["href"] == target
        refresh = page.select_one("meta[http-equiv=refresh]")["content"]
        assert refresh == f"0; url={target}"
        assert page.select_one("meta[name=robots]")["content"] == "noindex"
        assert page.a["href"] == target
        assert page.a.get_text() == "Moved & Kept"
    jekyll = build.html("/2024/05/06/from-jekyll.html")
    assert jekyll.select_one("link[rel=canonical]")["href"].endswith("/repo/posts/from-jekyll/")


def test_an_alias_over_another_essay_is_an_error_that_stops_publish(build_site):
    files = dict(SITE)
    files["posts/thief.md"] = """
        +++
        title = "Thief"
        date = 2025-02-01
        aliases = ["/posts/from-jekyll/"]
        +++
        Body.
    """
    local = build_site(files)
    assert local.returncode == 1
    assert "alias '/posts/from-jekyll/' would overwrite posts/from-jekyll/index.html" in local.log
    assert "From Jekyll" in local.html("/posts/from-jekyll/").h1.get_text()
    assert build_site(files, publish=True).returncode == 1


def test_the_theme_can_override_the_redirect_page(build_site, tmp_path):
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "alias_redirect.html").write_text(
        "<p id=own>{{ redirect.alias }} → {{ redirect.target_url }}</p>", encoding="utf-8"
    )
    build = build_site(SITE, settings={"THEME_TEMPLATES_OVERRIDES": [str(overrides)]})
    assert build.returncode == 0, build.log
    text = build.html("/2019/01/old-name/").select_one("#own").get_text()
    assert text == "/2019/01/old-name/ → /posts/moved-kept/"
