"""Content cannot write outside the output folder or take another page's address."""

from __future__ import annotations

import pytest

HOSTILE = {
    "pages/about.md": """
        +++
        title = 'About'
        +++
        The real About page.
    """,
    "posts/url-escape.md": """
        +++
        title = 'Url escape'
        date = 2025-12-01T09:00:00-05:00
        url = '/../output-evil/'
        +++
        Escaping.
    """,
    "posts/slug-escape.md": """
        +++
        title = 'Slug escape'
        date = 2025-12-01T09:00:00-05:00
        slug = '../../out-evil'
        +++
        Escaping.
    """,
    "posts/save-as-escape.md": """
        ---
        title: Save-as escape
        date: 2025-12-01
        save_as: ../../evil-save-as.html
        ---
        Escaping.
    """,
    "posts/home-taker.md": """
        +++
        title = 'Home taker'
        date = 2025-12-01T09:00:00-05:00
        url = '/'
        +++
        Taking the home page.
    """,
    "posts/about-taker.md": """
        +++
        title = 'About taker'
        date = 2025-12-01T09:00:00-05:00
        url = '/about/'
        +++
        Taking the About page.
    """,
    "posts/first.md": """
        +++
        title = 'First with the slug'
        date = 2025-11-01T09:00:00-05:00
        slug = 'same'
        +++
        The older essay.
    """,
    "posts/second.md": """
        +++
        title = 'Second with the slug'
        date = 2025-12-02T09:00:00-05:00
        slug = 'same'
        +++
        The newer essay.
    """,
    "posts/url-twin-a.md": """
        +++
        title = 'Twin A'
        date = 2025-10-01T09:00:00-05:00
        url = '/twins/'
        +++
        A.
    """,
    "posts/url-twin-b.md": """
        +++
        title = 'Twin B'
        date = 2025-10-02T09:00:00-05:00
        url = '/twins/'
        +++
        B.
    """,
    "posts/sources-taker.md": """
        +++
        title = 'Sources taker'
        date = 2025-12-04T09:00:00-05:00
        url = '/sources/'
        +++
        Taking the sources page.
    """,
    "posts/alias-taker.md": """
        +++
        title = 'Alias taker'
        date = 2025-12-03T09:00:00-05:00
        aliases = ['/feeds/all.atom.xml', '/robots.txt', '/search/']
        +++
        Aliases onto the site's own files.
    """,
}


@pytest.fixture(scope="module", params=[False, True], ids=["local", "publish"])
def hostile(request, make_site):
    build = make_site(HOSTILE, publish=request.param, siteurl="https://example.org")
    build.publish = request.param
    return build


def test_nothing_is_written_outside_the_output_folder(hostile):
    beside = {p.name for p in hostile.output.parent.iterdir()}
    # The publish build stops before writing, so it may leave no output at all.
    assert beside - {"output"} == {"content", "output-cache"}, beside
    assert not any(".." in name for name in hostile.files())


def test_each_escape_is_an_error_naming_the_file_line_and_key(hostile):
    assert "posts/url-escape.md:4: url '/../output-evil/' climbs out of the site" in hostile.log
    assert "posts/slug-escape.md:4: slug '../../out-evil' climbs out of the site" in hostile.log
    assert "posts/save-as-escape.md:4: save_as '../../evil-save-as.html' climbs" in hostile.log


def test_the_publish_build_fails_and_the_local_build_reports(hostile):
    if hostile.publish:
        assert hostile.returncode != 0
        assert "the publish build stopped" in hostile.log
    else:
        assert hostile.returncode == 1, hostile.log
    assert "FileOverwriteFailedError" not in hostile.log


def test_no_page_replaces_the_home_page_the_about_page_or_an_earlier_essay(hostile):
    if hostile.publish:
        return  # it stopped before writing
    assert hostile.html("/").title.get_text() == "Margin of Error"  # the site's, not an essay's
    assert "The real About page." in hostile.html("/about/").get_text()
    assert "The older essay." in hostile.html("/posts/same/").get_text()
    assert "A." in hostile.html("/twins/").get_text()
    assert "B." not in hostile.html("/twins/").get_text()
    log = hostile.log
    assert "posts/home-taker.md: its output index.html is already written by the site's" in log
    assert "posts/about-taker.md: its output about/index.html is already written by" in log
    assert "content/pages/about.md" in log.split("posts/about-taker.md: its output")[1][:200]
    assert "posts/second.md: its output posts/same/index.html is already written by" in log
    assert "posts/url-twin-b.md: its output twins/index.html is already written by" in log
    assert "posts/sources-taker.md: its output sources/index.html is already written by " in log
    assert "written twice" not in log  # every clash was found before writing


def test_an_alias_never_replaces_a_feed_robots_or_a_site_page(hostile):
    log = hostile.log
    assert "alias '/feeds/all.atom.xml' would replace feeds/all.atom.xml" in log
    assert "alias '/search/' would replace search/index.html" in log
    if hostile.publish:
        assert "alias '/robots.txt' would replace robots.txt" in log
        return
    feed = (hostile.output / "feeds" / "all.atom.xml").read_text()
    assert feed.startswith("<?xml") and "has moved" not in feed
    assert "has moved" not in hostile.path("/search/").read_text()


def test_links_to_files_outside_the_project_are_never_published(make_site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=hunter2\n")
    essay = tmp_path / "outside.md"
    essay.write_text("+++\ntitle = 'Outside'\ndate = 2025-01-01\n+++\nSECRET-ESSAY-TEXT\n")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    links = {
        "images/env.txt": "/proc/self/environ",
        "images/passwd": "/etc/passwd",
        "images/secret.txt": secret,
        "images/loop.png": loop,
        "posts/outside.md": essay,
        "data/board/2025-01-01.csv": secret,
    }
    files = {"posts/kept.md": "+++\ntitle = 'Kept'\ndate = 2025-01-02\n+++\nKept.\n"}
    for publish in (False, True):
        build = make_site(files, links=links, allow_links=False, publish=publish)
        written = build.files() if build.output.exists() else []
        assert not any(name.startswith("images/") for name in written), written
        if written:
            assert "hunter2" not in build.all_text()
            assert "SECRET-ESSAY-TEXT" not in build.all_text()
            assert "root:x:0:0" not in build.all_text()
        for name, target in (("env.txt", "/proc/"), ("passwd", "/etc/passwd")):
            assert f"images/{name}: a link to {target}" in build.log
        assert "images/secret.txt: a link to " + str(secret.resolve()) in build.log
        assert "loop.png: a link to" in build.log and "a link loop" in build.log
        assert "posts/outside.md: the file is a link to " in build.log
        assert "data/board/2025-01-01.csv: a link to " in build.log
        assert build.returncode == 1, build.log  # the local build, its site written, too


def test_links_inside_the_project_are_followed(make_site, tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "real.txt").write_text("inside\n")
    (content / "posts").mkdir()
    (content / "posts" / "a.md").write_text("+++\ntitle = 'A'\ndate = 2025-01-02\n+++\nA.\n")
    (content / "images" / "alias.txt").symlink_to(content / "images" / "real.txt")
    build = make_site(content=content)
    assert build.returncode == 0, build.log
    assert (build.output / "images" / "alias.txt").read_text() == "inside\n"


def test_a_markdown_file_no_folder_takes_is_named_once(make_site):
    build = make_site(
        {
            "posts/kept.md": "+++\ntitle = 'Kept'\ndate = 2025-01-02\n+++\nKept.\n",
            "notes/x.md": "+++\ntitle = 'Lost'\ndate = 2025-01-03\n+++\nLost.\n",
            "images/readme.md": "A static file, copied as it is.\n",
        }
    )
    assert build.returncode == 0, build.log
    assert build.log.count("notes/x.md: a Markdown file outside the essay folders (posts)") == 1
    assert "Move it into one, or add its folder to ARTICLE_PATHS" in build.log
    assert "images/readme.md: a Markdown file" not in build.log


def test_a_link_in_a_hugo_sites_static_folder_is_refused_too(make_site, tmp_path):
    site = tmp_path / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "static").mkdir()
    (site / "hugo.toml").write_text('title = "T"\n')
    (site / "content" / "posts" / "a.md").write_text(
        "+++\ntitle = 'A'\ndate = 2025-01-01\n+++\nA\n"
    )
    (site / "static" / "favicon.ico").write_bytes(b"icon")
    (site / "static" / "passwd").symlink_to("/etc/passwd")
    build = make_site(content=site / "content", output=site / "output", publish=True)
    assert build.returncode != 0
    assert "static/passwd: a link to /etc/passwd, outside the project" in build.log
    local = make_site(content=site / "content", output=site / "local")
    assert local.returncode == 1, local.log
    assert (site / "local" / "favicon.ico").read_bytes() == b"icon"
    assert not (site / "local" / "passwd").exists()
