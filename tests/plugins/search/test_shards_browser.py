"""A sharded index in Chromium: one search finds essays from every shard."""

from __future__ import annotations

import pytest

from .test_shards import WORDS, write_essays

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sharded(tmp_path_factory, make_site, pick_port, serve):
    """Six essays in three shards, published under a subpath."""
    content = tmp_path_factory.mktemp("sharded") / "content"
    write_essays(content)
    port = pick_port()
    build = make_site(
        content=content,
        publish=True,
        siteurl=f"http://127.0.0.1:{port}/repo",
        settings={"PAGEFIND_SHARD_PAGES": 2},
    )
    assert build.returncode == 0, build.log
    assert (build.output / "pagefind" / "shards" / "2" / "pagefind-entry.json").is_file()
    return serve(build.output, "/repo/", port=port)


def _search_page(page, url: str):
    """The search page at ``url``, ready to type in; (its field, the failed requests)."""
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(url + "search/")
    field = page.locator("#search-input")
    field.wait_for(state="visible")
    return field, failed


def test_one_search_reaches_every_shard(browser, sharded):
    context = browser.new_context()
    page = context.new_page()
    field, failed = _search_page(page, sharded)
    for word in WORDS:
        field.fill(word)
        page.wait_for_function(
            "word => [...document.querySelectorAll('.search-results a')]"
            ".some(a => a.textContent === 'On ' + word)",
            arg=word,
        )
        link = page.locator(".search-results a", has_text=f"On {word}").first
        assert link.get_attribute("href").startswith("/repo/posts/")
    # "graze" is in every essay: the merged results hold all six.
    field.fill("graze")
    page.wait_for_function("document.querySelectorAll('.search-results li').length === 6")
    assert failed == []
    context.close()


@pytest.fixture(scope="module")
def local(tmp_path_factory, make_site, serve):
    """The same essays as the local build writes them (relative addresses), served."""
    content = tmp_path_factory.mktemp("local") / "content"
    write_essays(content)
    build = make_site(content=content, settings={"PAGEFIND_SHARD_PAGES": 2})
    assert build.returncode == 0, build.log
    return serve(build.output)


def test_the_local_build_searches_too(browser, local):
    """Its search page names Pagefind by a relative address: it is read against the
    page, not against the search script's own folder."""
    page = browser.new_page()
    field, failed = _search_page(page, local)
    field.fill("graze")
    page.wait_for_function("document.querySelectorAll('.search-results li').length === 6")
    hrefs = page.locator(".search-results a").evaluate_all("links => links.map(a => a.href)")
    assert all(href.startswith(local + "posts/") for href in hrefs), hrefs
    assert failed == []
    page.close()
